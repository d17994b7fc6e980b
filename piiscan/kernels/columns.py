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

__all__ = ["cell_columns", "finding_columns", "finding_table", "split_kept", "split_rows"]


def finding_columns(n: int) -> tuple[np.ndarray, ...]:
    """Empty typed columns for `n` findings, in `split_kept`'s order: entity (uint8), start, length
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


def finding_table(found: np.ndarray) -> tuple[np.ndarray, ...]:
    """The detection output's rows that are findings (not `F_CHECK_FAILED`) as typed columns, in stable
    order of start: `split_kept`, or numpy's stable sort and `split_rows` when the rows are far out of order."""
    n = len(found)
    cols = finding_columns(n)
    m, in_order = split_kept(found, n, *cols)
    if not in_order:  # hostile input: the same order from numpy's stable sort
        order = np.flatnonzero((found[:, 6] & F_CHECK_FAILED) == 0)
        order = order[np.argsort(found[order, 1], kind="stable")]
        m = len(order)
        split_rows(found, order, m, *cols)
    return cols if m == n else tuple(c[:m].copy() for c in cols)


@kernel
def split_kept(found, n, ent, start, length, cell, score, fingerprint, flag):
    """Copy the rows that are findings (not `F_CHECK_FAILED`) into the typed columns in stable order of
    start (score back from millionths to a float); returns `(count, True)`, or `(count, False)` when the
    rows are too far out of order and the caller must sort them.

    Why one pass: the rows come almost sorted (only an MRZ group emits its parts out of order, a few rows
    back), yet every OFII chunk held such a group, and sorting the rows with numpy, gathering them
    (`found[np.argsort(...)]`) and copying them again into columns cost half of a worker's time outside
    detection; the rows (56 bytes each, a chunk's 8 MB) are now read once.  A row out of order is inserted
    among the columns written so far, with a bound on the rows moved (linear in `n`), so that hostile
    input costs no more than the caller's sort.
    """
    m = 0
    moves = 0
    budget = 8 * n + 1024
    last = np.int64(-(1 << 63))  # the largest start written so far
    for k in range(n):
        if found[k, 6] & F_CHECK_FAILED:
            continue
        s = found[k, 1]
        j = m
        if s >= last:
            last = s
        else:
            while j > 0 and start[j - 1] > s:
                j -= 1
            moves += m - j
            if moves > budget:
                return m, False
            for q in range(m, j, -1):
                ent[q] = ent[q - 1]
                start[q] = start[q - 1]
                length[q] = length[q - 1]
                cell[q] = cell[q - 1]
                score[q] = score[q - 1]
                fingerprint[q] = fingerprint[q - 1]
                flag[q] = flag[q - 1]
        ent[j] = found[k, 0]
        start[j] = s
        length[j] = found[k, 2]
        cell[j] = found[k, 3]
        score[j] = np.float32(found[k, 4] / 1e6)
        fingerprint[j] = np.uint64(found[k, 5])
        flag[j] = found[k, 6]
        m += 1
    return m, True


@kernel
def split_rows(found, order, n, ent, start, length, cell, score, fingerprint, flag):
    """Copy the rows `order[:n]`, in that order, into the typed columns (score back from millionths to a
    float): `finding_table`'s way for rows far out of order, without a reordered copy of the rows first."""
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
