"""Process-wide settings of the command line: a library import of piiscan never applies them.

Why each one, measured on the 2-core benchmark machine:

- **glibc's mmap and trim thresholds** keep a long scan's resident memory flat (see `piiscan.memory`).
- **One BLAS thread.**  numpy starts one OpenBLAS thread per core when it is imported; each spins for a
  while before it sleeps, on cores the scan needs, although piiscan never calls BLAS.  A scan of a small
  file spent ~0.1 CPU-s in `blas_thread_server`.
- **No cyclic garbage collector during start-up.**  Importing numba and loading the cached kernels
  allocates about a million objects; the collector walked them again and again (8 % of a small scan's
  samples in `gc_collect_main`).  Once the scan is under way (`settle`), everything allocated so far moves
  to the permanent generation (`gc.freeze`) and the collector comes back for the objects made later: its
  passes stay short, and reference cycles a long scan might create are still reclaimed.

Start-up of a scan of a 2 kB file went from 0.83 to 0.70 s (median of 10, alternated), user time from 0.83
to 0.62 s.

- **Frozen until the end in the `piiscan` program.**  Handing start-up's objects back to the collector
  (`gc.unfreeze`) made the interpreter's final collections walk them at exit: ~0.25 s of wall time after the
  report was written (a 96 MB scan: 1.20 -> 0.95 s median of 7, alternated).  When the process ends with
  the command (`end_with_command`, called by the console script and `python -m piiscan`), they stay frozen;
  an embedder calling `main` still gets them back.
- **numba without cffi.**  The first kernel numba loads makes it register its typing of cffi functions,
  which imports cffi and builds a C parser (pycparser): ~25 ms of every start-up, for a feature piiscan
  never uses.  In the `piiscan` program, the scanner is created while `cffi` cannot be imported
  (`numba_without_cffi`), which numba supports (cffi is optional to it); the module is importable again
  right after, for a zstandard or another library that wants it.  Tiny scan: median 0.54 -> 0.52 s (15
  alternated runs).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator

from piiscan.memory import pin_mmap_threshold

__all__ = ["end_with_command", "numba_without_cffi", "prepare", "restore", "settle"]

_paused = False
"""True while `prepare` holds the collector off and `settle`/`restore` has not turned it back on."""
_frozen = False
"""True once `settle` has frozen the objects of start-up, until `restore` hands them back."""
_ending = False
"""True when the process ends with the command: `restore` leaves start-up's objects frozen."""


def end_with_command() -> None:
    """Declare that this process exits when the command returns (the `piiscan` program itself)."""
    global _ending
    _ending = True


def prepare() -> None:
    """Before numpy or numba is imported: the settings above, for the life of the process.

    A BLAS thread count the user set in the environment is kept.
    """
    global _paused
    pin_mmap_threshold()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if gc.isenabled():
        gc.disable()
        _paused = True


@contextlib.contextmanager
def numba_without_cffi() -> Iterator[None]:
    """In the `piiscan` program only, and only if nothing imported cffi yet: `import cffi` fails inside."""
    if not _ending or "cffi" in sys.modules:
        yield
        return
    sys.modules["cffi"] = None  # type: ignore[assignment]  # Python's documented way to block an import
    try:
        yield
    finally:
        if "cffi" in sys.modules and sys.modules["cffi"] is None:
            del sys.modules["cffi"]


def settle() -> None:
    """Once the kernels are loaded: freeze what start-up allocated and let the collector run again."""
    global _paused, _frozen
    if _paused:
        _paused = False
        _frozen = True
        gc.freeze()
        gc.enable()


def restore() -> None:
    """At the end of a command: the collector back as it was (an embedder's objects are not left frozen,
    and it runs again even if the scan never settled, after an early error).  In a process that ends with
    the command they stay frozen: nothing would be reclaimed, and the exit would walk them all."""
    global _paused, _frozen
    if _frozen and not _ending:
        _frozen = False
        gc.unfreeze()
    if _paused:
        _paused = False
        gc.enable()
