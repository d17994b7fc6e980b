"""Cold start: the scanner knows whether its detection kernel is compiled, without compiling it.

A cold kernel is compiled by a child process (`Scanner._compile_detection`), so the ~150 MB numba keeps
after compiling never adds to a scan's working set; that needs a reliable "is it cached?" answer.
"""

from __future__ import annotations

import ast
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from piiscan.kernels import credentials, detect
from piiscan.kernels.chars import IDENTITY_BYTES
from piiscan.scanner import Scanner, ScanOptions, _tiny_detection_input

PROBE = (
    "from piiscan.scanner import Scanner, ScanOptions, _tiny_detection_input\n"
    "from piiscan.kernels.chars import IDENTITY_BYTES\n"
    "s = Scanner(ScanOptions(workers=1))\n"
    "print(s._run_detection(*_tiny_detection_input(0, IDENTITY_BYTES, False), check_only=True))\n"
)


def test_empty_cache_reports_not_ready(tmp_path):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "empty-cache"))
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_compiled_kernel_reports_ready():
    scanner = Scanner(ScanOptions(workers=1))
    args = _tiny_detection_input(0, IDENTITY_BYTES, False)
    scanner._run_detection(*args)  # compiled (or loaded) in this process
    assert scanner._run_detection(*args, check_only=True) is True


def test_cached_kernel_reports_ready_without_loading_it():
    """On disk but not yet in this process: ready, and the check leaves the loading to the call."""
    Scanner(ScanOptions(workers=1))._run_detection(*_tiny_detection_input(0, IDENTITY_BYTES, False))  # cached
    probe = (
        "import numba.core.caching as caching\n"
        "loads, load = [], caching.Cache.load_overload\n"
        "def counted(self, *a):\n"
        "    loads.append(self._py_func.__name__)\n"
        "    return load(self, *a)\n"
        "caching.Cache.load_overload = counted\n" + PROBE + "print(loads.count('_detect_cells_kernel'))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "0"]


def test_warm_up_finds_nothing_and_leaves_no_trace():
    """The warm-up input is one empty cell: no finding, no record date, nothing added to the partial."""
    scanner = Scanner(ScanOptions(workers=1))
    cols, rec_date, stats = scanner._run_detection(*_tiny_detection_input(0, IDENTITY_BYTES, True))
    assert len(cols[0]) == 0 and int(stats.sum()) == 0 and len(rec_date) == 1
    scanner._compile_detection(0, IDENTITY_BYTES, False)
    assert scanner.partial.inputs == [] and not scanner.partial.samples


def test_sources_digest_follows_every_kernel_module(tmp_path):
    """Editing any kernel or entity module (not only the decorated function's own file) changes the stamp."""
    from piiscan.kernels import jit

    folders = []
    for src in jit._KERNEL_DIRS:
        dst = tmp_path / src.name
        dst.mkdir()
        for path in src.glob("*.py"):
            (dst / path.name).write_bytes(path.read_bytes())
        folders.append(dst)
    text = tmp_path / "text.py"
    text.write_bytes(b"# folding\n")
    sources = (*folders, text)
    digests = [jit.sources_digest(sources)]
    assert jit.sources_digest(sources) == digests[0]
    for edited in (folders[0] / "memo.py", folders[1] / "contract.py", text):
        edited.write_bytes(edited.read_bytes() + b"\n# edited\n")
        digests.append(jit.sources_digest(sources))
    assert len(set(digests)) == 4


def _compiled_functions(package):
    """(module, dispatcher) of every cached numba function defined in `package`'s modules."""
    import importlib
    import pkgutil

    for mod in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{mod.name}")
        for obj in vars(module).values():
            cache = getattr(obj, "_cache", None)
            if getattr(obj, "__module__", None) == module.__name__ and cache is not None and hasattr(cache, "_impl"):
                yield module, obj


def test_every_kernel_is_stamped_with_the_sources_digest():
    """numba's per-file stamp would reuse a detection kernel whose inlined helpers changed: ours is global."""
    import importlib

    from piiscan.kernels import jit

    digest = jit.sources_digest()
    checked = set()
    for folder in jit._KERNEL_DIRS:
        package = importlib.import_module(f"piiscan.{folder.name}")
        for module, obj in _compiled_functions(package):
            assert obj._cache._impl._locator.get_source_stamp() == digest, (module.__name__, obj)
            checked.add(folder.name)
    assert {"kernels", "formats"} <= checked  # (entity modules hold constants the kernels freeze, no kernel yet)


_COMPILING = frozenset({"kernel", "njit", "jit", "generated_jit", "vectorize", "guvectorize", "cfunc", "stencil"})
"""Decorators that make numba compiled (and, with `cache=True`, cached) code."""


def _decorator_name(decorator: ast.expr) -> str | None:
    """`kernel` for `@kernel`, `@kernel(entry=True)` and `@jit.kernel`; None for a decorator of no name."""
    if isinstance(decorator, ast.Call):
        return _decorator_name(decorator.func)
    if isinstance(decorator, ast.Attribute):
        return decorator.attr
    return decorator.id if isinstance(decorator, ast.Name) else None


def unstamped_kernels(root: Path, stamped: tuple[Path, ...]) -> list[str]:
    """Compiled functions under `root` whose cache the global stamp does not cover and must: any `@kernel`
    outside `stamped` (the project's decorator, meant for code that calls other kernels), and any other
    compiled function there that reads a name imported from piiscan (a helper or table of another module,
    which numba's own per-file stamp would not see change).  A self-contained `@njit` function elsewhere
    (`source/chunker.py`'s offset counters) keeps numba's per-file stamp, which suffices for it."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.parent in stamped:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        imported = set()  # names the module binds to something of piiscan
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "piiscan":
                imported |= {alias.asname or alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                imported |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("piiscan")}
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = {_decorator_name(d) for d in node.decorator_list} & _COMPILING
            if not names:
                continue
            reads = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            if "kernel" in names or reads & imported:
                found.append(f"{path.relative_to(root)}:{node.name}")
    return found


def test_no_compiled_code_outside_the_stamped_folders():
    """A kernel module outside the stamped folders would keep a stale cache when a helper it calls changes."""
    import piiscan
    from piiscan.kernels import jit

    assert unstamped_kernels(Path(piiscan.__file__).resolve().parent, jit._KERNEL_DIRS) == []


def test_unstamped_kernels_are_found(tmp_path):
    """The check above catches a structure kernel moved into an unstamped folder, and an `@njit` function
    there that calls another module's kernel; a self-contained `@njit` function passes."""
    stamped = tmp_path / "kernels"
    other = tmp_path / "tabular"
    stamped.mkdir()
    other.mkdir()
    (stamped / "cells.py").write_text("from piiscan.kernels.jit import kernel\n@kernel\ndef f(a):\n    return a\n")
    assert unstamped_kernels(tmp_path, (stamped,)) == []
    (other / "moved.py").write_text(
        "from piiscan.kernels.jit import kernel\n\n\n@kernel(entry=True)\ndef g(a):\n    return a\n"
    )
    (other / "own.py").write_text(
        "import numpy as np\nfrom numba import njit\nfrom piiscan.kernels.cells import count_filled\n"
        "@njit(cache=True)\ndef alone(a):\n    return np.sum(a)\n"
        "@njit(cache=True)\ndef calls(a, c):\n    count_filled(a, a, a, 1, c)\n"
    )
    assert unstamped_kernels(tmp_path, (stamped,)) == ["tabular/moved.py:g", "tabular/own.py:calls"]


SIGNATURES = (
    "import numpy as np\n"
    "from piiscan.kernels import checks, credentials\n"
    "checks.siphash24(np.uint64(1), np.uint64(2), np.zeros(16, np.uint8), 16)\n"
    "buf = np.frombuffer(b'$2b$12$' + b'a' * 53, np.uint8).copy()\n"
    "credentials.hash_end(buf, 0, len(buf), True)\n"
    "print(len(checks._rotl.signatures), len(credentials._run.signatures), len(credentials._b64_tail.signatures))\n"
)


def test_a_kernel_compiles_once_whatever_constants_its_callers_pass(tmp_path):
    """`_rotl(v, 13)` … `_rotl(v, 32)` and `_run(buf, p, e, B_DIGIT)` … are one compile each, not one per
    constant (numba would type each constant as its own literal type; see `jit._Kernel`)."""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "empty-cache"))  # compiled here, not loaded
    out = subprocess.run([sys.executable, "-c", SIGNATURES], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1", "1"]


def test_building_a_scanner_compiles_no_kernel(tmp_path):
    """With a cold cache, the detection kernel compiles in a child; anything compiled in the parent before
    that (numba's compiler state, ~45 MB) adds to the child's peak in the cold start's memory."""
    probe = (
        "from numba.core import event\n"
        "seen = []\n"
        "class Seen(event.Listener):\n"
        "    def on_start(self, e): seen.append(e.data['dispatcher'].py_func.__name__)\n"
        "    def on_end(self, e): pass\n"
        "event.register('numba:compile', Seen())\n"
        "import datetime as dt\n"
        "from piiscan.scanner import Scanner, ScanOptions\n"
        "s = Scanner(ScanOptions(workers=1, reference_date=dt.date(2026, 11, 23)))\n"
        "print(s.ref_days, seen)\n"
    )
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "empty-cache"))
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(20780), "[]"]


def test_a_private_kernel_called_from_python_is_a_clear_error_not_a_crash():
    """Private kernels have no Python entry point (`jit._InnerKernel`): a call says so instead of jumping
    to code that is not there."""
    with pytest.raises(TypeError, match=r"credentials\._run .*entry=True"):
        credentials._run(np.zeros(4, np.uint8), 0, 4, 1)
    assert detect._date_key(0, np.zeros(8, np.uint8)) == 8  # entry=True: callable


def test_cold_compile_in_two_children_compiles_free_text_once(tmp_path):
    """The free-text child compiles `_scan_text` for exactly the argument types the kernel calls it with:
    the kernel's compile then loads it (one cache entry), and the kernel is ready afterwards."""
    code = (
        "import piiscan.coldstart as c\n"
        "c.parallel_compile = lambda: True\n"
        "c.compile_detection_cold(False)\n"
        "from piiscan.kernels import detect\n"
        "print(len(detect._scan_text._cache._cache_file._load_index()),"
        " len(detect._detect_cells_kernel._cache._cache_file._load_index()))\n" + PROBE
    )
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("PIISCAN_COMPILE_CHILD", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1", "True"]


def test_a_compile_child_imports_this_piiscan_not_the_current_directorys(tmp_path, monkeypatch):
    """A scan started from a folder that holds another piiscan (a checkout, an older version) must not have
    its compile children build that one's kernels: the scanner would find none of its own in the cache."""
    import piiscan
    from piiscan import coldstart

    (tmp_path / "piiscan").mkdir()
    (tmp_path / "piiscan" / "__init__.py").write_text("raise SystemExit(7)\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", "")
    code = f"import sys, piiscan; sys.exit(0 if piiscan.__file__ == {piiscan.__file__!r} else 9)"
    child = coldstart._start(code, coldstart.child_env())
    assert child.wait(timeout=60) == 0
    assert coldstart.child_env()[coldstart.IN_COMPILE_CHILD] == "1"


def test_an_index_naming_a_class_that_is_gone_is_a_cache_miss(tmp_path):
    """A kernel's cached signature can name an argument bundle's class; an index written by another
    version of piiscan, whose class this one lacks, must read as empty (numba would raise every scan)."""
    import numba
    from numba.core import caching

    from piiscan.kernels import jit

    def index_file(stamp):
        cache_file = caching.IndexDataCacheFile(str(tmp_path), f"probe-{len(stamp)}", stamp)
        gone = b"cpiiscan.kernels.bundles\nGoneBundle\n."  # a pickle of a class this version does not have
        Path(cache_file._index_path).write_bytes(pickle.dumps(numba.__version__) + gone)
        return cache_file

    assert index_file(jit.sources_digest())._load_index() == {}
    with pytest.raises(AttributeError):  # another library's index: numba's own behaviour, untouched
        index_file("another stamp")._load_index()
