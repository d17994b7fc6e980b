"""The cell extent of a binary worksheet, from its records, before a spreadsheet reader is let near it.

calamine (the spreadsheet reader, `piiscan.tabular.sheets`) allocates a sheet's whole bounding box of
cells, empty ones included: two cells at A1 and at the last row and column of a sheet ask for billions of
cells and abort the process, from a file of a few kilobytes.  These walks find the box the reader would
allocate, so that an over-budget sheet is skipped and counted instead.  They read record headers and a
few fields only (one pass, no allocation), and stop at the first record that runs past the data: what
follows it is not read by the reader either.

Both fill `box` with (first row, last row, first column, last column) of the cells met, `box[1] < box[0]`
when the sheet holds no cell.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.jit import kernel

__all__ = ["biff12_header", "biff_sheet_box", "empty_box", "xlsb_sheet_box"]


def empty_box() -> np.ndarray:
    """A box no cell has widened yet: `[first row, last row, first column, last column]`."""
    return np.array([1 << 62, -1, 1 << 62, -1], np.int64)


@kernel(forceinline=True)
def _widen(box, row, col):
    if row < box[0]:
        box[0] = row
    if row > box[1]:
        box[1] = row
    if col < box[2]:
        box[2] = col
    if col > box[3]:
        box[3] = col


@kernel(forceinline=True)
def _u16(buf, at):
    return np.int64(buf[at]) | (np.int64(buf[at + 1]) << 8)


@kernel(forceinline=True)
def _u32(buf, at):
    return _u16(buf, at) | (_u16(buf, at + 2) << 16)


@kernel(forceinline=True)
def biff12_header(buf, n, i):
    """The BIFF12 record at `i`: (type, offset of its data, size of its data); a type of -1 when the header
    or the data runs past `n`.  A record is a type (1-2 bytes, 7 bits each), a size (1-4 bytes, 7 bits
    each), then its data (MS-XLSB 2.1.4)."""
    if i >= n:
        return -1, n, 0
    rtype = np.int64(buf[i])
    i += 1
    if rtype & 0x80:
        if i >= n:
            return -1, n, 0
        rtype = (rtype & 0x7F) | ((np.int64(buf[i]) & 0x7F) << 7)
        i += 1
    size = np.int64(0)
    shift = 0
    for _ in range(4):
        if i >= n:
            return -1, n, 0
        b = np.int64(buf[i])
        i += 1
        size |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            break
    if i + size > n:
        return -1, n, 0
    return rtype, i, size


@kernel
def xlsb_sheet_box(buf, n, box):
    """The cell box of an xlsb worksheet part (BIFF12 records); returns the cell records met.

    BrtRowHdr (type 0) sets the current row; the cell records (types 2 to 11: RK, error, bool, real,
    string, shared string, and the four formula kinds) start with their column.  BrtCellBlank (1) is
    not a cell the reader keeps.
    """
    i = 0
    row = np.int64(0)
    cells = 0
    while True:
        rtype, data, size = biff12_header(buf, n, i)
        if rtype < 0:
            return cells
        if rtype == 0 and size >= 4:
            row = _u32(buf, data)
        elif 2 <= rtype <= 11 and size >= 4:
            _widen(box, row, _u32(buf, data))
            cells += 1
        i = data + size


@kernel
def biff_sheet_box(buf, n, start, box, formula_box):
    """The cell box and the formula box of one worksheet substream of an xls Workbook stream (BIFF5/8).

    Records are a 2-byte type and a 2-byte size.  The walk starts at the sheet's BOF (the offset its
    BOUNDSHEET record gives) and ends at its EOF; a nested substream (a chart's BOF..EOF) is walked
    through, its cells counted too.  Cells are the records the reader keeps: NUMBER, LABEL, RSTRING,
    BOOLERR, RK, LABELSST, MULRK (a run of columns) and FORMULA (also in `formula_box`); DIMENSIONS, whose
    box the reader reserves memory for, widens `box` as well.  Returns the offset where the walk ended.
    """
    i = start
    depth = 0
    while i + 4 <= n:
        rtype = _u16(buf, i)
        size = _u16(buf, i + 2)
        data = i + 4
        i = data + size
        if i > n:
            break
        if rtype in (0x0809, 0x0409, 0x0209, 0x0009):  # BOF
            depth += 1
        elif rtype == 0x000A:  # EOF
            depth -= 1
            if depth <= 0:
                break
        elif rtype in (0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD) and size >= 4:
            _widen(box, _u16(buf, data), _u16(buf, data + 2))
        elif rtype == 0x00BD and size >= 6:  # MULRK: row, first column, RK records, last column
            r = _u16(buf, data)
            _widen(box, r, _u16(buf, data + 2))
            _widen(box, r, _u16(buf, data + size - 2))
        elif rtype == 0x0006 and size >= 4:
            r = _u16(buf, data)
            c = _u16(buf, data + 2)
            _widen(box, r, c)
            _widen(formula_box, r, c)
        elif rtype == 0x0200 and (size == 10 or size == 14):  # DIMENSIONS: BIFF8 rows are 32-bit
            wide = 4 if size == 14 else 2
            r0 = _u32(buf, data) if wide == 4 else _u16(buf, data)
            r1 = (_u32(buf, data + 4) if wide == 4 else _u16(buf, data + 2)) - 1
            c0 = _u16(buf, data + 2 * wide)
            c1 = _u16(buf, data + 2 * wide + 2) - 1
            if c0 > 0xFF or c1 < c0:
                c0 = 0  # as the reader reads a damaged column range
            if r1 >= r0 and c1 >= c0:
                _widen(box, r0, c0)
                _widen(box, r1, c1)
    return min(i, n)
