"""The set-up every Dask worker runs once, before its first task (imported only where Dask is installed)."""

from __future__ import annotations

import os
import sys

from distributed.diagnostics.plugin import WorkerPlugin

__all__ = ["PiiscanSetup", "settle_worker", "warm_up"]


class PiiscanSetup(WorkerPlugin):
    """Load (or compile once) the detection kernels in the worker, so no task pays for it.

    numba caches compiled kernels beside the package; when that directory is not writable (a read-only
    install on a cluster node) the cache goes to the worker's local directory instead.
    """

    name = "piiscan-setup"

    def setup(self, worker) -> None:
        _place_numba_cache(getattr(worker, "local_directory", None))
        warm_up()
        settle_worker()


def _place_numba_cache(local_dir: str | None) -> None:
    import piiscan.kernels as kernels

    here = os.path.dirname(kernels.__file__)
    cache = os.path.join(here, "__pycache__")
    writable = os.access(cache if os.path.isdir(cache) else here, os.W_OK)
    if writable or os.environ.get("NUMBA_CACHE_DIR") or not local_dir:
        return
    os.environ["NUMBA_CACHE_DIR"] = os.path.join(local_dir, "numba-cache")
    if "numba" in sys.modules:
        from numba.core import config

        config.reload_config()


def settle_worker() -> None:
    """The command line's process settings that still apply once the worker runs (`piiscan.process`):
    glibc's mmap threshold pinned (chunk buffers and fingerprint runs reuse heap memory instead of fresh
    pages), and the ~million objects of numba and the kernels moved out of the collector's reach
    (`gc.freeze`), so its passes during a task do not walk them again and again.  Dask already starts its
    workers with one BLAS/OpenMP thread."""
    import gc

    from piiscan.memory import pin_mmap_threshold

    pin_mmap_threshold()
    gc.collect()
    gc.freeze()


def warm_up() -> None:
    """Load the detection kernels in this process (compiling them once, in a child, if the cache is cold)."""
    from piiscan.kernels.chars import IDENTITY_BYTES
    from piiscan.scanner import Scanner, ScanOptions

    for json in (False, True):
        Scanner(ScanOptions(workers=1))._compile_detection(0, IDENTITY_BYTES, json)
