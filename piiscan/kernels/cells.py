"""Structure kernels: split a chunk into cells (value spans) with their field and record.

One kernel per format; each parses only complete records and returns how many bytes it consumed, so the
chunker carries the incomplete last record over to the next chunk (a quoted CSV cell with embedded newlines
is never split).  Cell arrays are filled up to their capacity; the kernel then stops at the last complete
record and the caller continues from there.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.jit import kernel

__all__ = ["count_filled", "csv_cells", "remap_fields", "text_cells"]

# Status flags returned by the kernels (bit set).
UNTERMINATED_QUOTE = 1
"""The input ended inside a quoted cell; the cell ran to the end of the input."""


@kernel
def csv_cells(buf, n, delim, quote, final, cell_start, cell_end, cell_field, cell_record):
    """Split delimited text into cells.

    Returns `(n_cells, n_records, consumed, flags)`.  `cell_start/cell_end` exclude the quotes of a quoted
    cell (a doubled quote inside stays as two bytes); `\\r` before `\\n` is not part of the last cell.  Blank
    lines are not records.
    """
    cap = len(cell_start)
    n_cells = 0
    n_records = 0
    consumed = 0
    flags = 0
    i = 0
    rec_first_cell = 0
    field = 0
    while i < n:
        # --- one cell starting at i
        if quote != 0 and buf[i] == quote:
            s = i + 1
            j = s
            closed = False
            while j < n:
                j = _next_byte(buf, j, n, quote)
                if j >= n:
                    break
                if buf[j] == quote:
                    if j + 1 < n and buf[j + 1] == quote:
                        j += 2
                        continue
                    closed = True
                    break
                j += 1
            if not closed:
                if not final:
                    break  # incomplete record: carry over
                flags |= UNTERMINATED_QUOTE
                e = n
                k = n
            else:
                e = j
                k = j + 1
                # junk between the closing quote and the delimiter belongs to the cell
                while k < n and buf[k] != delim and buf[k] != 10:
                    k += 1
                if k > j + 1 and not (k == j + 2 and buf[j + 1] == 13):
                    e = k - 1 if buf[k - 1] == 13 and (k == n or buf[k] == 10) else k
        else:
            s = i
            k = i
            while k < n and buf[k] != delim and buf[k] != 10:
                k += 1
            e = k
            if e > s and buf[e - 1] == 13 and (k == n or buf[k] == 10):
                e -= 1
        if k >= n and not final:
            break  # the record may continue in the next chunk
        if n_cells >= cap:
            break
        cell_start[n_cells] = s
        cell_end[n_cells] = e
        cell_field[n_cells] = field
        cell_record[n_cells] = n_records
        n_cells += 1
        if k < n and buf[k] == delim:
            field += 1
            i = k + 1
            if i >= n and final:
                # trailing delimiter at the very end: one more empty cell
                if n_cells < cap:
                    cell_start[n_cells] = i
                    cell_end[n_cells] = i
                    cell_field[n_cells] = field
                    cell_record[n_cells] = n_records
                    n_cells += 1
                n_records += 1
                consumed = n
            continue
        # end of record (newline or end of input)
        if field == 0 and cell_end[n_cells - 1] == cell_start[n_cells - 1] and (s == i):
            n_cells -= 1  # blank line: not a record
        else:
            n_records += 1
        rec_first_cell = n_cells
        field = 0
        i = k + 1 if k < n else n
        consumed = i
    # drop the cells of an incomplete last record
    n_cells = rec_first_cell
    return n_cells, n_records, consumed, flags


_BLOCK = 32


@kernel(forceinline=True)
def _next_byte(buf, j, n, byte):
    """The first position from j holding `byte`, or n: 32 bytes at a time (a quoted comment is long).

    The block test loops over a slice (numba vectorises a loop over a slice, not an indexed one), written
    here rather than calling `chars.count_byte`: as a call per block that cost ~15 ns, 0.25 s of the reading
    thread per GB, and even inlined (its `uint8` compare) it made `csv_cells` 4.2 -> 4.4 ms a chunk.
    """
    while j + _BLOCK <= n:
        hits = 0
        for b in buf[j : j + _BLOCK]:
            hits += b == byte
        if hits:
            break
        j += _BLOCK
    while j < n and buf[j] != byte:
        j += 1
    return j


@kernel
def text_cells(buf, n, final, cell_start, cell_end, cell_field, cell_record):
    """One cell per line (`\\r\\n` or `\\n`); the last line counts only when `final`."""
    cap = len(cell_start)
    n_cells = 0
    consumed = 0
    i = 0
    while i < n and n_cells < cap:
        j = i
        while j < n and buf[j] != 10:
            j += 1
        if j >= n and not final:
            break
        e = j
        if e > i and buf[e - 1] == 13:
            e -= 1
        cell_start[n_cells] = i
        cell_end[n_cells] = e
        cell_field[n_cells] = -1
        cell_record[n_cells] = n_cells
        n_cells += 1
        i = j + 1 if j < n else n
        consumed = i
    if not final:
        # an MRZ group is several lines: never end a chunk on an MRZ-like line, carry it to the next chunk
        while n_cells > 0 and _mrz_like(buf, cell_start[n_cells - 1], cell_end[n_cells - 1]):
            n_cells -= 1
            consumed = cell_start[n_cells]
    return n_cells, n_cells, consumed, 0


@kernel(entry=True)  # called from Python
def _mrz_like(buf, s, e):
    while s < e and (buf[s] == 32 or buf[s] == 9):
        s += 1
    while e > s and (buf[e - 1] == 32 or buf[e - 1] == 9):
        e -= 1
    n = e - s
    if n != 30 and n != 36 and n != 44:
        return False
    lt = False
    for k in range(s, e):
        b = buf[k]
        if b == 60:
            lt = True
        elif not ((48 <= b <= 57) or (65 <= b <= 90)):
            return False
    return lt


@kernel
def remap_fields(cell_field, n, ids):
    """Column numbers to field ids, in place: `cell_field[k] = ids[cell_field[k]]` for the first n cells.

    Why a kernel: numpy's fancy indexing plus the copy it needs cost ~1.2 ms per 8 MB chunk on the thread
    that reads, splits and aggregates for all the workers.
    """
    for k in range(n):
        cell_field[k] = ids[cell_field[k]]


@kernel
def count_filled(cell_start, cell_end, cell_field, n, counts):
    """Add the non-empty cells of each field among the first n to `counts` (indexed by field id)."""
    for k in range(n):
        f = cell_field[k]
        if 0 <= f < len(counts) and cell_end[k] > cell_start[k]:
            counts[f] += 1


def alloc_cells(capacity: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fresh cell arrays of the given capacity."""
    return (
        np.empty(capacity, np.int32),
        np.empty(capacity, np.int32),
        np.empty(capacity, np.int32),
        np.empty(capacity, np.int32),
    )
