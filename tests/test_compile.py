"""Cold start: the scanner knows whether its detection kernel is compiled, without compiling it.

A cold kernel is compiled by a child process (`Scanner._compile_detection`), so the ~150 MB numba keeps
after compiling never adds to a scan's working set; that needs a reliable "is it cached?" answer.
"""

from __future__ import annotations

import os
import subprocess
import sys

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
    """Editing any kernel module (not only the decorated function's own file) changes the cache stamp."""
    from piiscan.kernels import jit

    kernels = tmp_path / "kernels"
    kernels.mkdir()
    for path in jit._KERNELS_DIR.glob("*.py"):
        (kernels / path.name).write_bytes(path.read_bytes())
    text = tmp_path / "text.py"
    text.write_bytes(b"# folding\n")
    before = jit.sources_digest((kernels, text))
    assert jit.sources_digest((kernels, text)) == before
    memo = kernels / "memo.py"
    memo.write_bytes(memo.read_bytes() + b"\n# edited\n")
    after_memo = jit.sources_digest((kernels, text))
    text.write_bytes(b"# folding, edited\n")
    assert len({before, after_memo, jit.sources_digest((kernels, text))}) == 3


def test_every_kernel_is_stamped_with_the_sources_digest():
    """numba's per-file stamp would reuse a detection kernel whose inlined helpers changed: ours is global."""
    import importlib
    import pkgutil

    import piiscan.kernels
    from piiscan.kernels import jit

    digest = jit.sources_digest()
    checked = 0
    for mod in pkgutil.iter_modules(piiscan.kernels.__path__):
        module = importlib.import_module(f"piiscan.kernels.{mod.name}")
        for obj in vars(module).values():
            cache = getattr(obj, "_cache", None)
            if getattr(obj, "__module__", None) == module.__name__ and cache is not None and hasattr(cache, "_impl"):
                assert cache._impl._locator.get_source_stamp() == digest, (module.__name__, obj)
                checked += 1
    assert checked > 20
