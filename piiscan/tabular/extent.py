"""What a workbook would cost the spreadsheet reader in memory, found from its parts before it is opened.

calamine allocates every sheet's bounding box of cells, empty cells included (`Range::from_sparse`), and
for xls and ods it reads every sheet when the workbook is opened.  A few cells placed far apart, or one
repeated cell (ods `number-columns-repeated`, `number-rows-repeated`), ask for hundreds of megabytes to
billions of cells from a file of a few kilobytes: past the memory bound, or an allocation failure that
aborts the whole process.  Each function here finds the box the reader would allocate, without
allocating it, so that `piiscan.tabular.sheets` skips and counts such a sheet or workbook instead.

The byte counts follow calamine's own layout: `CELL_BYTES` per cell of a value range, `FORMULA_BYTES` per
cell of a formula range; xls and ods workbooks hold all their sheets at once, and python-calamine copies
a sheet's range when it is asked for one.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

__all__ = ["CELL_BYTES", "Extent", "ods_extent", "xls_extent", "xlsb_extent", "xlsb_sheet_parts", "xlsx_extent"]

CELL_BYTES = 32
"""Bytes calamine allocates per cell of a sheet's extent, empty or not (its cell enum)."""
FORMULA_BYTES = 24
"""Bytes per cell of a formula range (an empty `String` each)."""
_ODS_STORED_BYTES = CELL_BYTES + FORMULA_BYTES
"""Bytes per cell an ods row holds while it is read (a value and a formula string per cell)."""
_ODS_MAX_ROWS = 1 << 20
_ODS_MAX_COLUMNS = 1 << 14
_XLS_WALK_FACTOR = 16
"""xls sheets are walked from the offsets the workbook gives; more than this many times the stream's size
walked in all (sheets pointing into one another) and the workbook is refused."""


@dataclass(frozen=True, slots=True)
class Extent:
    """`need`: bytes the reader would allocate; `rows` x `columns`: the largest box met (for the message)."""

    need: int
    rows: int = 0
    columns: int = 0

    def describe(self) -> str:
        """`"cells spanning 1,048,576 rows x 16,384 columns"`: what a skip says (sizes only, no value)."""
        return f"cells spanning {self.rows:,} rows x {self.columns:,} columns"


def _box_size(box: np.ndarray) -> tuple[int, int]:
    if box[1] < box[0]:
        return 0, 0
    return int(box[1] - box[0] + 1), int(box[3] - box[2] + 1)


# --------------------------------------------------------------------------------------------------
# xlsx / xlsm: cell references in the sheet XML

_CELL_REF_ATTR = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')


def xlsx_extent(zf: zipfile.ZipFile, part: str) -> Extent:
    """The rectangle spanned by an xlsx sheet's cell references (one pass of a C regex over its XML)."""
    top = left = 1 << 30
    bottom = right = 0
    tail = b""
    with zf.open(part) as xml:
        while block := xml.read(1 << 20):
            text = tail + block
            refs = _CELL_REF_ATTR.findall(text)
            if refs:
                rows = [int(r) for _, r in refs]
                cols = {c for c, _ in refs}
                top, bottom = min(top, *rows), max(bottom, *rows)
                widths = [_column_index(c) for c in cols]
                left, right = min(left, *widths), max(right, *widths)
            tail = text[-32:]
    if bottom == 0:
        return Extent(0)
    rows, columns = bottom - top + 1, right - left + 1
    return Extent(CELL_BYTES * rows * columns, rows, columns)


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


# --------------------------------------------------------------------------------------------------
# xlsb: BIFF12 records


def _biff12_records(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(type, data) of the records of a small BIFF12 part (the workbook part), to the first damaged one."""
    from piiscan.kernels.workbook import biff12_header

    buf = np.frombuffer(data, np.uint8)
    at = 0
    while True:
        rtype, start, size = biff12_header(buf, len(buf), at)
        if rtype < 0:
            return
        yield int(rtype), data[start : start + size]
        at = start + size


def _wide_string(data: bytes, at: int) -> tuple[str | None, int]:
    """An XLWideString (a 32-bit character count, UTF-16LE) at `at`, and the offset after it."""
    (count,) = struct.unpack_from("<I", data, at)
    if count == 0xFFFFFFFF:
        return None, at + 4
    end = at + 4 + 2 * count
    if end > len(data):
        raise ValueError("string past its record")
    return data[at + 4 : end].decode("utf-16-le", "replace"), end


def xlsb_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Per sheet name, its part in the zip: BrtBundleSh records of `xl/workbook.bin` (a relationship id
    and a name), resolved through `xl/_rels/workbook.bin.rels`."""
    from xml.etree import ElementTree as ET

    rels = ET.fromstring(zf.read("xl/_rels/workbook.bin.rels"))
    targets = {r.get("Id"): r.get("Target") or "" for r in rels}
    out: dict[str, str] = {}
    for rtype, data in _biff12_records(zf.read("xl/workbook.bin")):
        if rtype != 0x9C or len(data) < 12:
            continue
        try:
            rel_id, at = _wide_string(data, 8)
            name, _ = _wide_string(data, at)
        except (ValueError, struct.error):
            continue
        target = targets.get(rel_id, "")
        if name is not None and target:
            out[name] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def xlsb_extent(zf: zipfile.ZipFile, part: str) -> Extent:
    """The cell box of one xlsb sheet part (the reader reads xlsb sheets one at a time)."""
    from piiscan.kernels.workbook import empty_box, xlsb_sheet_box

    data = np.frombuffer(zf.read(part), np.uint8)
    box = empty_box()
    xlsb_sheet_box(data, len(data), box)
    rows, columns = _box_size(box)
    return Extent(CELL_BYTES * rows * columns, rows, columns)


# --------------------------------------------------------------------------------------------------
# xls: BIFF5/8 records in an OLE2 compound file


def xls_extent(fh: BinaryIO) -> Extent:
    """What the reader allocates to open an xls workbook: every sheet's value and formula boxes at once,
    plus one sheet's copy.  The Workbook stream comes out of the compound file through olefile; each sheet
    is walked from the offset its BOUNDSHEET record gives, as the reader walks it.  Raises ValueError
    (or olefile's own errors) for a compound file that is not a readable workbook."""
    import olefile

    from piiscan.kernels.workbook import biff_sheet_box, empty_box

    ole = olefile.OleFileIO(fh)
    try:
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        if name is None:
            raise ValueError("no Workbook stream")
        stream = ole.openstream(name).read()
    finally:
        ole.close()
    data = np.frombuffer(stream, np.uint8)
    need = largest = 0
    rows = columns = 0
    walked = 0
    for start in sorted(set(_boundsheet_offsets(stream))):
        box, formulas = empty_box(), empty_box()
        end = biff_sheet_box(data, len(data), start, box, formulas)
        walked += max(0, end - start)
        if walked > _XLS_WALK_FACTOR * len(stream) + (1 << 20):
            raise ValueError("sheets that overlap in the workbook stream")
        r, c = _box_size(box)
        fr, fc = _box_size(formulas)
        need += CELL_BYTES * r * c + FORMULA_BYTES * fr * fc
        if r * c > rows * columns:
            rows, columns = r, c
        largest = max(largest, CELL_BYTES * r * c)
    return Extent(need + largest, rows, columns)


def _boundsheet_offsets(stream: bytes) -> Iterator[int]:
    """Stream offsets of the sheets, from the BOUNDSHEET records of the workbook globals (to their EOF)."""
    at = 0
    while at + 4 <= len(stream):
        rtype, size = struct.unpack_from("<HH", stream, at)
        if rtype == 0x000A:
            return
        if rtype == 0x0085 and size >= 4:
            yield struct.unpack_from("<I", stream, at + 4)[0]
        at += 4 + size


# --------------------------------------------------------------------------------------------------
# ods: repeated rows and columns in content.xml


class _OdsTable:
    __slots__ = ("col_max", "col_min", "formulas", "rows_before", "rows_to", "stored", "total_rows")

    def __init__(self) -> None:
        self.stored = 0
        self.total_rows = 0
        self.rows_before: int | None = None
        self.rows_to = 0
        self.col_min = _ODS_MAX_COLUMNS
        self.col_max = -1
        self.formulas = False

    def box(self) -> tuple[int, int]:
        if self.rows_before is None:
            return 0, 0
        return self.rows_to - self.rows_before, self.col_max - self.col_min + 1


def ods_extent(zf: zipfile.ZipFile) -> Extent:
    """What the reader allocates to open an ods workbook: every table expanded (repeated rows and columns
    written out, from the first to the last non-empty cell) at once, the cells of the table being read, and
    one table's copy.  One expat pass over content.xml, matching element names literally as the reader
    does; a cell is non-empty when it has a value type, a formula or any child element (text)."""
    from xml.parsers import expat

    tables: list[_OdsTable] = []
    stack: list[_OdsTable] = []
    row: dict[str, int] = {}
    cell: list[int] = []  # [repeats, non-empty]
    depth_in_cell = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth_in_cell
        if cell:
            depth_in_cell += 1
            cell[1] = 1  # text or any other content
            return
        if tag == "table:table":
            stack.append(_OdsTable())
        elif tag == "table:table-row" and stack:
            row.clear()
            row.update(rep=_count(attrs.get("table:number-rows-repeated")), pos=0, first=-1, end=0)
        elif tag in ("table:table-cell", "table:covered-table-cell") and stack and row:
            filled = "office:value-type" in attrs or "table:formula" in attrs
            if "table:formula" in attrs:
                stack[-1].formulas = True
            cell[:] = [_count(attrs.get("table:number-columns-repeated")), int(filled)]

    def end(tag: str) -> None:
        nonlocal depth_in_cell
        if cell:
            if depth_in_cell:
                depth_in_cell -= 1
                return
            repeats, filled = cell
            cell.clear()
            pos = row["pos"]
            after = min(_ODS_MAX_COLUMNS, pos + repeats)
            if filled and after > pos:
                row["end"] = after
                if row["first"] < 0:
                    row["first"] = pos
            row["pos"] = after
            return
        if tag == "table:table-row" and stack and row:
            table = stack[-1]
            repeats = min(row["rep"], _ODS_MAX_ROWS - table.total_rows)
            if row["end"] > 0:
                table.stored += row["end"]
                if table.rows_before is None:
                    table.rows_before = table.total_rows
                table.rows_to = table.total_rows + repeats
                table.col_min = min(table.col_min, row["first"])
                table.col_max = max(table.col_max, row["end"] - 1)
            table.total_rows += repeats
            row.clear()
        elif tag == "table:table" and stack:
            tables.append(stack.pop())

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with zf.open("content.xml") as xml:
        parser.ParseFile(xml)
    tables.extend(stack)
    need = largest = stored = 0
    rows = columns = 0
    for table in tables:
        r, c = table.box()
        need += (CELL_BYTES + (FORMULA_BYTES if table.formulas else 0)) * r * c
        largest = max(largest, CELL_BYTES * r * c)
        stored = max(stored, _ODS_STORED_BYTES * table.stored)
        if r * c > rows * columns:
            rows, columns = r, c
    return Extent(need + largest + stored, rows, columns)


def _count(value: str | None) -> int:
    """A repeat count as the reader parses it (absent: 1); a count that does not parse counts as 1, since
    the reader refuses the file then."""
    if value is None:
        return 1
    try:
        return max(0, int(value))
    except ValueError:
        return 1
