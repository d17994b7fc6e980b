"""The one decorator every kernel uses.

Why without NRT: numba's runtime reference-counts every array passed between compiled functions with
atomic instructions; in the detection kernel, which calls small helpers for every cell and word, those
atomics took 85 % of the time (measured with `perf`: `lock incq`/`lock decq` in NRT_incref/decref), and
they contend between worker threads sharing the pack's tables.  Kernels therefore never allocate: callers
pass every buffer in, and the functions compile with NRT disabled, so arrays are plain pointers.
"""

from __future__ import annotations

from numba import njit

__all__ = ["kernel"]


def kernel(fn=None, *, inline: str = "never"):
    """`@kernel`: `njit(cache=True, nogil=True)` without the reference-counting runtime."""

    def wrap(f):
        return njit(cache=True, nogil=True, _nrt=False, inline=inline)(f)

    return wrap(fn) if fn is not None else wrap
