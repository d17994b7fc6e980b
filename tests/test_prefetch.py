"""`prefetch` is a hint: it changes no value, accepts any index, and compiles into `prefetcht0`."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numba import njit

from piiscan.kernels.prefetch import prefetch


@njit
def _sum_prefetching(a, ahead):
    total = 0
    for i in range(len(a)):
        prefetch(a, i + ahead)  # past the end, before the start: clamped, never a fault
        total += a[i]
    return total


@given(st.lists(st.integers(0, 255), max_size=300), st.integers(-(1 << 40), 1 << 40))
def test_prefetch_changes_nothing(values, ahead):
    a = np.array(values, np.uint8)
    assert _sum_prefetching(a, ahead) == int(a.sum(dtype=np.int64))


def test_prefetch_on_other_dtypes_and_empty_arrays():
    assert _sum_prefetching(np.zeros(0, np.uint8), 5) == 0
    assert _sum_prefetching(np.arange(10, dtype=np.int64), -3) == 45
    assert _sum_prefetching(np.arange(10, dtype=np.uint64), 3) == 45


def test_prefetch_is_a_prefetch_instruction():
    _sum_prefetching(np.zeros(4, np.uint8), 1)
    asm = _sum_prefetching.inspect_asm(_sum_prefetching.signatures[0])
    assert "prefetch" in asm
