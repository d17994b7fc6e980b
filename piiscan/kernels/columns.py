"""The detection output, row per finding, split into one typed column per field in a single pass.

Why a kernel: the detection kernel writes findings as int64 rows (`OUT_COLUMNS` wide, see
`piiscan.kernels.detect`); slicing seven strided columns and converting each with numpy read the rows
seven times and cost about 1 s per GB scanned, on the thread that also reads and aggregates.
"""

from __future__ import annotations

import numpy as np

from piiscan.entities.contract import F_CHECK_FAILED as _F_CHECK_FAILED
from piiscan.kernels.jit import kernel

F_CHECK_FAILED = np.int64(_F_CHECK_FAILED)

__all__ = ["cell_columns", "finding_columns", "finding_order", "kept_rows", "split_rows"]


def finding_columns(n: int) -> tuple[np.ndarray, ...]:
    """Empty typed columns for `n` findings, in `split_rows`' order: entity (uint8), start, length
    (int64), cell (int32), score (float32), fingerprint (uint64), flags (uint8)."""
    return (
        np.empty(n, np.uint8),
        np.empty(n, np.int64),
        np.empty(n, np.int64),
        np.empty(n, np.int32),
        np.empty(n, np.float32),
        np.empty(n, np.uint64),
        np.empty(n, np.uint8),
    )


def finding_order(found: np.ndarray) -> np.ndarray:
    """Indices of the detection output's rows that are findings (not `F_CHECK_FAILED`), in stable order of
    start (an MRZ group emits its parts out of order)."""
    order = np.empty(len(found), np.int64)
    n, in_order = kept_rows(found, len(found), order)
    if in_order:
        return order[:n]
    # rows far out of order (hostile input): numpy's stable sort gives the kernel's order
    order = np.flatnonzero((found[:, 6] & F_CHECK_FAILED) == 0)
    return order[np.argsort(found[order, 1], kind="stable")]


@kernel
def kept_rows(found, n, order):
    """The rows that are findings (not flagged `F_CHECK_FAILED`), in stable order of start, as row indices.

    Writes them to `order` and returns `(count, True)`; or `(count, False)` when the rows are too far out
    of order, and the caller sorts them (`np.argsort(..., kind="stable")`).  Why a kernel: the rows come
    almost sorted (only an MRZ group emits its parts out of order, a few rows back), yet sorting them with
    numpy and gathering whole rows (`found[np.argsort(...)]`) then copying them again into typed columns cost
    a third of a worker's time outside detection; here an insertion sort moves a few indices, bounded to a
    linear number of moves so that hostile input costs no more than the fallback sort.
    """
    m = 0
    moves = 0
    budget = 8 * n + 1024
    for k in range(n):
        if found[k, 6] & F_CHECK_FAILED:
            continue
        s = found[k, 1]
        j = m
        while j > 0 and found[order[j - 1], 1] > s:
            order[j] = order[j - 1]
            j -= 1
        moves += m - j
        order[j] = k
        m += 1
        if moves > budget:
            return m, False
    return m, True


@kernel
def split_rows(found, order, n, ent, start, length, cell, score, fingerprint, flag):
    """Copy the rows `order[:n]`, in that order, into the typed columns (score back from millionths to a
    float): one gather, no reordered copy of the rows first."""
    for k in range(n):
        r = order[k]
        ent[k] = found[r, 0]
        start[k] = found[r, 1]
        length[k] = found[r, 2]
        cell[k] = found[r, 3]
        score[k] = np.float32(found[r, 4] / 1e6)
        fingerprint[k] = np.uint64(found[r, 5])
        flag[k] = found[r, 6]


@kernel
def cell_columns(cell, start, cell_field, cell_record, record_base, base, field, record, offset):
    """Each finding's field id, record index in the input and offset in the chunk's input (`base + start`),
    from its cell: gathered by the worker that found them, not on the thread that reads and aggregates."""
    for k in range(len(cell)):
        c = cell[k]
        field[k] = cell_field[c]
        record[k] = record_base + cell_record[c]
        offset[k] = base + start[k]
