"""The detection output, row per finding, split into one typed column per field in a single pass.

Why a kernel: the detection kernel writes findings as int64 rows (`OUT_COLUMNS` wide, see
`piiscan.kernels.detect`); slicing seven strided columns and converting each with numpy read the rows
seven times and cost about 1 s per GB scanned, on the thread that also reads and aggregates.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.jit import kernel

__all__ = ["cell_columns", "finding_columns", "sorted_by_start", "split_findings"]


def finding_columns(n: int) -> tuple[np.ndarray, ...]:
    """Empty typed columns for `n` findings, in `split_findings`' order: entity (uint8), start, length
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


@kernel
def sorted_by_start(found, n):
    """Are the first `n` rows in non-decreasing start order (column 1)?  Almost always: cells are scanned
    in order; only an MRZ group emits its parts out of order."""
    for k in range(1, n):
        if found[k, 1] < found[k - 1, 1]:
            return False
    return True


@kernel
def split_findings(found, n, ent, start, length, cell, score, fingerprint, flag):
    """Copy the first `n` rows into the typed columns (score back from millionths to a float)."""
    for k in range(n):
        ent[k] = found[k, 0]
        start[k] = found[k, 1]
        length[k] = found[k, 2]
        cell[k] = found[k, 3]
        score[k] = np.float32(found[k, 4] / 1e6)
        fingerprint[k] = np.uint64(found[k, 5])
        flag[k] = found[k, 6]


@kernel
def cell_columns(cell, start, cell_field, cell_record, record_base, base, field, record, offset):
    """Each finding's field id, record index in the input and offset in the chunk's input (`base + start`),
    from its cell: gathered by the worker that found them, not on the thread that reads and aggregates."""
    for k in range(len(cell)):
        c = cell[k]
        field[k] = cell_field[c]
        record[k] = record_base + cell_record[c]
        offset[k] = base + start[k]
