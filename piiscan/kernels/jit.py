"""The one decorator every kernel uses.

Why without NRT: numba's runtime reference-counts every array passed between compiled functions with
atomic instructions; in the detection kernel, which calls small helpers for every cell and word, those
atomics took 85 % of the time (measured with `perf`: `lock incq`/`lock decq` in NRT_incref/decref), and
they contend between worker threads sharing the pack's tables.  Kernels therefore never allocate: callers
pass every buffer in, and the functions compile with NRT disabled, so arrays are plain pointers.

Why no `inline="always"`: numba's IR-level inlining re-runs type inference on every inlined body at every
call site.  With it, the cold compile of the detection kernel took 77 s; without it 36 s, and the scan got
faster (LLVM still inlines small helpers where it pays: 21.5 → 18.8 ns/byte on the benchmark's cells).
Callees must also see one signature each: pass int64 positions (`np.int64(cs[c])`) and never a literal
constant where a counter is expected, or numba compiles the callee again for `int32` / `Literal[int]`.
"""

from __future__ import annotations

from numba import njit

__all__ = ["kernel"]


def kernel(fn=None):
    """`@kernel`: `njit(cache=True, nogil=True)` without the reference-counting runtime."""

    def wrap(f):
        return njit(cache=True, nogil=True, _nrt=False)(f)

    return wrap(fn) if fn is not None else wrap
