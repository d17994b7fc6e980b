"""The cold compile of the detection kernel, in one or two short-lived child processes.

Why children: numba keeps ~150 MB of compiler state for the life of a process that compiled, so the scanner
never compiles the detection kernel itself; a child fills numba's on-disk cache and exits, and the scanner
loads the result (`Scanner._compile_detection`).

Why two at first on a machine with two cores or more: the compile is single-threaded (numba's front-end
is Python under one lock), and its largest independent part is the free-text scan (`detect._scan_text` and
the helpers below it: ~23 of ~40 s CPU).  So two children start together: one compiles `_scan_text` alone
(for the argument types the kernel passes it, `scan_text_signature`) and caches it; the other compiles the
kernel's other helpers by starting the kernel's own compile and exits when its type inference reaches
`_scan_text` (typed last, after every other helper).  Then a third child compiles the kernel itself,
loading every helper from the cache (~6 s CPU).  The second child exits instead of waiting: waiting, it
would hold its ~230 MB of compiler state beside the first child's (measured: tree peak 623 MB; 574 MB so).
numba keys a cache entry by the exact signature: a `_scan_text` pre-compiled for other argument types, or a
child that failed, costs the third child time, never a wrong kernel.  With one core the children would
only take turns: one child compiles everything, as before.

The kernel then links helpers compiled in other processes, in another order than one process would: its
machine code is not byte-identical to a one-process compile, though its IR passes are the same (warm
detection CPU measured equal, perf samples).
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys

__all__ = ["child_env", "compile_detection_cold", "parallel_compile"]

IN_COMPILE_CHILD = "PIISCAN_COMPILE_CHILD"
"""Set in the children's environment: a child never starts children of its own."""

_TIMEOUT = 900
_SCAN_TEXT_LOCALS = {"c": "int64", "s": "int64", "e": "int64", "hints": "int64", "free": "boolean"}
_SCAN_TEXT_LOCALS |= {"ref": "int64", "n_found": "int64"}
"""Types of the `_scan_text` arguments that are the detection kernel's locals, not its own arguments (the
others are passed through under the same name)."""


def parallel_compile() -> bool:
    """Whether two compile children can run at once: at least two cores for this process."""
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, OSError):  # pragma: no cover - no affinity on this platform
        return (os.cpu_count() or 1) >= 2


def compile_detection_cold(json: bool) -> None:
    """Fill numba's cache with the detection kernel from child processes (see the module docstring).

    Any failure to start or finish a child is left to the caller, which then loads or compiles in-process.
    """
    env = child_env()
    if parallel_compile():
        helpers = f"import piiscan.coldstart as c; c.compile_detection_child({int(json)}, stop_at_free_text=True)"
        children = [
            _start(f"import piiscan.coldstart as c; c.compile_free_text_child({int(json)})", env),
            _start(helpers, env),
        ]
        try:
            for child in children:
                child.wait(timeout=_TIMEOUT)
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                    child.wait()
    # the kernel itself: all of it with one core, else with every helper now loaded from the cache
    code = f"import piiscan.coldstart as c; c.compile_detection_child({int(json)})"
    subprocess.run(_command(code), env=env, capture_output=True, timeout=_TIMEOUT, check=False)


def child_env() -> dict[str, str]:
    """This process's environment, marked as a compile child, with the folder this piiscan was imported
    from first on ``PYTHONPATH``.

    Why: a child must compile the kernels of the piiscan that will load them.  ``python -c`` puts the
    current directory first on ``sys.path``, so a scan started from a folder holding another piiscan (a
    source checkout, an older version) had its children compile that one's kernels into the cache: the
    scanner then found no entry for its own and compiled in-process, twice the time and ~250 MB more (seen
    as a 73 s, 825 MB cold run of one checkout benchmarked from another's folder).  With ``-P``
    (`_command`) and this folder first, the child imports the parent's piiscan whatever the directory."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, **{IN_COMPILE_CHILD: "1"})
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    return env


def _command(code: str) -> list[str]:
    """``python -P -c CODE``: ``-P`` keeps the current directory off the child's ``sys.path`` (see `child_env`)."""
    return [sys.executable, "-P", "-c", code]


def _start(code: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        _command(code),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def compile_detection_child(json: int, *, stop_at_free_text: bool = False) -> None:
    """Entry point of a detection compile child: compile and cache the kernel, then exit.

    `stop_at_free_text`: exit as soon as the kernel's type inference reaches `_scan_text` (every other
    helper is compiled and cached by then), without waiting for the free-text child: a waiting child would
    hold its compiler state (~230 MB) beside the other child's, over the 600 MB budget.
    """
    from piiscan.kernels import detect
    from piiscan.kernels.chars import IDENTITY_BYTES
    from piiscan.scanner import Scanner, ScanOptions, _tiny_detection_input

    if stop_at_free_text:

        def stop(sig):
            os._exit(0)  # the cache files of the helpers compiled so far are written (each replaced whole)

        detect._scan_text.compile = stop  # an instance attribute over numba's method; this process ends here
    Scanner(ScanOptions(workers=1))._run_detection(*_tiny_detection_input(0, IDENTITY_BYTES, bool(json)))


def compile_free_text_child(json: int) -> None:
    """Entry point of the free-text compile child: compile and cache `detect._scan_text`, then exit."""
    from piiscan.kernels import detect

    signature = scan_text_signature(bool(json))
    if signature is not None:
        detect._scan_text.compile(signature)


def scan_text_signature(json: bool) -> tuple | None:
    """The argument types the detection kernel calls `_scan_text` with, from the kernel's own argument types
    (what a scan passes it) and `_SCAN_TEXT_LOCALS`; None when a parameter is in neither (the kernel changed:
    the detection child then compiles `_scan_text` itself)."""
    from numba import types

    from piiscan.kernels import detect
    from piiscan.kernels.chars import IDENTITY_BYTES
    from piiscan.scanner import Scanner, ScanOptions, _tiny_detection_input

    seen: list[tuple] = []
    is_ready = detect._is_ready

    def capture(dispatcher, args):
        seen.append(tuple(dispatcher.typeof_pyval(a) for a in args))
        return True

    detect._is_ready = capture  # this child's only use of it: the detection kernel's argument types, nothing run
    try:
        Scanner(ScanOptions(workers=1))._run_detection(*_tiny_detection_input(0, IDENTITY_BYTES, json), check_only=True)
    finally:
        detect._is_ready = is_ready
    if not seen:
        return None
    top = dict(zip(inspect.signature(detect._detect_cells_kernel.py_func).parameters, seen[0], strict=False))
    signature = []
    for name in inspect.signature(detect._scan_text.py_func).parameters:
        if name in _SCAN_TEXT_LOCALS:
            signature.append(getattr(types, _SCAN_TEXT_LOCALS[name]))
        elif name in top:
            signature.append(top[name])
        else:
            return None
    return tuple(signature)
