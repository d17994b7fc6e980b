"""Byte ranges of one file, scanned apart and merged into exactly the scan of the whole file.

A scale-out (piiscan.distributed) cuts a large plain file into ranges that start and end on record
boundaries.  Where the records of a CSV file begin cannot be told from a byte in the middle of it (a quoted
cell may hold newlines, and a quote only opens a cell at its start), so a range never guesses: it starts
where the previous range ended, and it ends where the same structure kernel the scanner uses says the
first record at or after `stop` begins.  A planner proposes starts cheaply (the byte after a newline),
checks each against the end the previous range really reached (`Scanner.scan_part` with
`structure_only=True` reads structure only, ~1/8 of a scan's work) and rescans from the true end when a
guess fell inside a quoted cell.  The same pass counts each range's records, so every range knows the index
of its first record and the findings' `record` equals the one-process scan's.

Where a record begins, and whether a range may end there, is the format's to say (`Format.splittable`,
`record_starts`, `may_end_before`): plain text is cut between lines, never after a line that could begin an
MRZ group (the chunker's rule); a CSV record whose first cell is quoted begins at its quote.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from piiscan.formats import Format, FormatInfo, format_class
from piiscan.source.encoding import Encoding

__all__ = ["Part", "cut_at_boundary", "splittable"]


def splittable(encoding: Encoding, fmt: FormatInfo) -> bool:
    """Whether a plain file of this encoding and format can be cut into byte ranges (JSON, SQL and UTF-16
    files are one task each)."""
    # a CR-only file (classic Mac OS) has no line feed to start a range on: one task
    return encoding.kind in ("utf8", "single") and format_class(fmt).splittable and not fmt.cr_only


@dataclass(frozen=True, kw_only=True)
class Part:
    """One byte range of the plain file at `path`: from `start` (a record boundary, or the first byte after
    the BOM) to the first record boundary at or after `stop` (None: to the end of the file)."""

    path: str
    encoding: Encoding
    format: FormatInfo
    start: int
    stop: int | None
    record_base: int = 0
    structure_only: bool = False

    def open(self) -> BinaryIO:
        return self.open_at(self.start)

    def open_at(self, offset: int) -> BinaryIO:
        fh = open(self.path, "rb", buffering=0)  # noqa: SIM115 - the scanner closes it
        try:
            fh.seek(offset, os.SEEK_SET)
        except OSError:
            fh.close()
            raise
        return io.BufferedReader(fh, buffer_size=1 << 20)


def cut_at_boundary(
    data: np.ndarray, cell_arrays: tuple, n_cells: int, n_records: int, consumed: int, rel_stop: int, structure: Format
) -> tuple[int, int, int, bool]:
    """Keep the records of a chunk that start before `rel_stop` (relative to the chunk).

    Returns `(n_cells, n_records, consumed, done)`: `done` once the range's end is in this chunk, and then
    `consumed` is that end, the start of the first record at or after `rel_stop` (a blank line before it
    may fall on either side: it is not a record).  The chunk's complete records are `n_records`; `consumed`
    (where the first incomplete one starts, or the chunk's end when final) is a boundary as well.
    """
    if consumed < rel_stop:
        return n_cells, n_records, consumed, False
    cs, _ce, _cf, cr = cell_arrays
    if n_records > 1 and n_cells:
        firsts = np.searchsorted(cr[:n_cells], np.arange(1, n_records), side="left")
        starts = structure.record_starts(data, cs[firsts].astype(np.int64))
        for k in np.flatnonzero(starts >= rel_stop).tolist():
            if not structure.may_end_before(data, cell_arrays, int(firsts[k])):
                continue
            return int(firsts[k]), k + 1, int(starts[k]), True
    return n_cells, n_records, consumed, True
