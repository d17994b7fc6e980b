"""Plain text: one cell per line, and where a chunk may end.

An MRZ group (a passport's or ID card's machine-readable lines) is several lines read together by the
detection kernel: a chunk never ends on a line that could start one (`_mrz_like`), and a byte range of a
file (`piiscan.parts`) is never cut after one either.
"""

from __future__ import annotations

import numpy as np

from piiscan.formats.base import Cells, Format, cell_capacity, new_cells
from piiscan.kernels.jit import kernel

__all__ = ["TextFormat", "text_cells"]


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


class TextFormat(Format):
    """Free text: a line is a cell of no field; nothing is carried between chunks but the MRZ rule's lines."""

    kinds = ("text",)
    splittable = True

    def _split(self, data, size, final) -> Cells:
        cap = cell_capacity(size)
        cs, ce, cr = new_cells(cap)
        cf = np.empty(cap, np.int32)
        n_cells, n_records, consumed, _ = text_cells(data, size, final, cs, ce, cf, cr)
        return Cells(n_cells, n_records, consumed, (cs, ce, cf, cr), 0)

    def may_end_before(self, data, cell_arrays, cell):
        cs, ce = cell_arrays[0], cell_arrays[1]
        return not _mrz_like(data, cs[cell - 1], ce[cell - 1])  # one cell per line: never after an MRZ line
