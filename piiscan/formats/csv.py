"""Delimited text (CSV, TSV, `;`-separated): its structure kernel and what it keeps between chunks.

The kernel (`csv_cells`) splits a chunk into cells with their column number and record, parsing only
complete records: it returns how many bytes it consumed, so the chunker carries the incomplete last record
over to the next chunk (a quoted cell with embedded newlines is never split).  Cell arrays are filled up to
their capacity; the kernel then stops at the last complete record and the caller continues from there.

`CsvFormat` takes the header (the first record, when the sniffer saw one) as the input's field names and
maps column numbers to field ids; a row wider than every row before it adds `column_N` fields.
"""

from __future__ import annotations

import numpy as np

from piiscan.formats.base import Cells, Format, cell_capacity, new_cells
from piiscan.kernels.cells import remap_fields
from piiscan.kernels.jit import kernel
from piiscan.text import safe_field_name

__all__ = ["UNTERMINATED_QUOTE", "CsvFormat", "csv_cells"]

# Status flags returned by the kernel (bit set).
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


class CsvFormat(Format):
    """A delimited input: its header's field names, then its columns' field ids, chunk after chunk."""

    kinds = ("csv",)
    columns = True
    splittable = True

    def __init__(self, info, *, fields, codec) -> None:
        super().__init__(info, fields=fields, codec=codec)
        self.header_pending = info.header is not None
        self.column_ids: np.ndarray | None = None  # field id of each column number met so far
        self._delim = ord(info.delimiter)
        self._quote = ord(info.quote) if info.quote else 0

    @property
    def delimiter(self) -> str | None:
        return self.info.delimiter

    def _split(self, data, size, final) -> Cells:
        cap = cell_capacity(size)
        cs, ce, cr = new_cells(cap)
        cf = np.empty(cap, np.int32)
        n_cells, n_records, consumed, flags = csv_cells(data, size, self._delim, self._quote, final, cs, ce, cf, cr)
        bad = 1 if flags else 0
        if not self.header_pending:
            cf = self.field_ids(cf, n_cells)
        elif consumed or final:  # the result is used (see `Format.cells`): its first record is the header
            (cs, ce, cf, cr), n_cells, n_records = self.take_header(data, (cs, ce, cf, cr), n_cells, n_records)
        return Cells(n_cells, n_records, consumed, (cs, ce, cf, cr), bad)

    def record_starts(self, data, first_starts):
        if not self._quote:
            return first_starts
        # a quoted first cell starts one byte after its record (the opening quote)
        before = np.maximum(first_starts - 1, 0)
        return first_starts - ((first_starts > 0) & (data[before] == self._quote))

    def take_header(self, data, cell_arrays, n_cells, n_records):
        """Name the fields from the first record's cells; the other cells, their columns mapped to field ids
        and their records numbered from the first data record."""
        cs, ce, cf, cr = cell_arrays
        hdr = np.nonzero(cr[:n_cells] == 0)[0]
        codec = self.codec
        names = [
            safe_field_name(data[cs[k] : ce[k]].tobytes().decode(codec, "replace").replace('""', '"').strip())
            for k in hdr
        ]
        self.column_ids = np.array(
            [self.fields.id_for(("csv", i), n or f"column_{i + 1}") for i, n in enumerate(names)], np.int32
        )
        keep = len(hdr)
        self.header_pending = False
        cs2, ce2, cf2, cr2 = cs[keep:n_cells], ce[keep:n_cells], cf[keep:n_cells], cr[keep:n_cells] - 1
        cf2 = self.field_ids(cf2, len(cf2))
        return (cs2, ce2, cf2, cr2), n_cells - keep, n_records - 1

    def field_ids(self, cf, n_cells) -> np.ndarray:
        """Column numbers to field ids, in place; columns past the widest so far become `column_N` fields."""
        width = int(cf[:n_cells].max()) + 1 if n_cells else 0
        if self.column_ids is None:
            self.column_ids = np.zeros(0, np.int32)
        if width > len(self.column_ids):
            fields = self.fields
            extra = [fields.id_for(("csv", i), f"column_{i + 1}") for i in range(len(self.column_ids), width)]
            self.column_ids = np.concatenate([self.column_ids, np.array(extra, np.int32)])
        remap_fields(cf, n_cells, self.column_ids)
        return cf
