"""Pack the cells of a table container into one byte buffer, row by row.

Why: a table reader (spreadsheet, SQLite, Parquet, BSON) gets its values column by column (an Arrow
string array per column, or per key path), while the detection kernel wants a record's cells together
and in order, as a CSV chunk has them.  This copies each cell's UTF-8 bytes from its column's buffer to
its place in row order, with a tab between cells and a newline after each record, so the packed chunk
reads like a TSV and the same cell arrays (start, end, field, record) describe it.
"""

from __future__ import annotations

from piiscan.kernels.jit import kernel

__all__ = ["gather_cells"]


@kernel
def gather_cells(src, src_start, src_len, rec, dst, dst_start, dst_end):
    """Copy cell k (`src[src_start[k]:+src_len[k]]`, cells in record order) into `dst`.

    Writes each cell's [start, end) in `dst` to `dst_start`/`dst_end`; returns the bytes written.  A tab
    follows each cell, a newline ends each record (`rec[k]` changes); `dst` must hold
    `sum(src_len) + len(src_len)` bytes.
    """
    at = 0
    n = len(src_start)
    for k in range(n):
        s = src_start[k]
        m = src_len[k]
        dst_start[k] = at
        for j in range(m):
            dst[at + j] = src[s + j]
        at += m
        dst_end[k] = at
        if k + 1 < n and rec[k + 1] == rec[k]:
            dst[at] = 9
        else:
            dst[at] = 10
        at += 1
    return at
