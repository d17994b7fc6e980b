"""Spreadsheets (xlsx, xlsm, xlsb, xls, ods): every sheet a table under its header row.

Read with python-calamine (Rust's calamine): one reader for the five formats, ~10x faster than openpyxl,
and it gives typed cells: a date cell comes out as a date (a typed date of birth reads `1985-03-12`), a
number as a number (rendered without float artefacts: a NIR or a phone stored as a number reads as its
digits).  The first non-empty row of a sheet is its header; a column is the field `Sheet!Header` (hinted
by the header alone, like a CSV column) and a cell's location is `Sheet!C12`.  Records are the non-empty
rows after the header, counted across the workbook's sheets in order.

calamine holds a whole sheet in memory (~1.4 bytes per byte of sheet XML), and allocates the sheet's
whole bounding box of cells, empty ones included (xls and ods: every sheet, when the workbook opens).
Before it is opened, each sheet's cost is found from the file's parts (`piiscan.tabular.extent`: sizes,
and the box its cells span).  A sheet over the memory budget is streamed instead when it is xlsx/xlsm
(`piiscan.tabular.xlsx_stream`); in the other formats it, or the whole xls/ods workbook, is skipped and
counted ("limit"), with what stopped it: a few cells far apart must never abort the process.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from piiscan.source.limits import MiB, format_size
from piiscan.tabular.cells import CellBlock, ColumnCells, TableFields, pack_cells, py_to_text
from piiscan.tabular.errors import TableSkip
from piiscan.tabular.extent import Extent, ods_extent, xls_extent, xlsb_extent, xlsb_sheet_parts, xlsx_extent
from piiscan.tabular.spool import RandomAccess
from piiscan.text import safe_field_name

__all__ = ["column_letters", "read_workbook", "sheet_cells"]

SHEET_XML_BUDGET = 128 * MiB
"""Largest xlsx/ods sheet XML handed to calamine (it needs ~1.4x that in memory); larger ones stream."""
CELL_BUDGET = 128 * MiB
"""Most calamine may allocate for cells: for one xlsx/xlsb sheet, or for a whole xls/ods workbook."""
BINARY_BUDGET = 24 * MiB
"""Largest xls file or xlsb sheet part handed to calamine (binary cells take ~8x their size in memory)."""
TARGET_BYTES = 4 << 20
"""Bytes of values per block handed to detection."""
_WHOLE = "\0whole"
"""`_part_costs` key for a cost of the whole workbook (xls, ods: calamine reads every sheet at once)."""


@dataclass(frozen=True, slots=True)
class _Cost:
    """What calamine would need for a sheet (or `_WHOLE` workbook): `need` bytes against `budget`, said as
    `what`; `stream` is the xlsx part to stream instead when over budget (None: skipped)."""

    stream: str | None
    need: int
    budget: int
    what: str

    @property
    def over(self) -> bool:
        return self.need > self.budget

    def skip(self, where: str) -> TableSkip:
        return TableSkip(
            "limit",
            f"{where}{self.what}, more than the {format_size(self.budget)} the spreadsheet reader may hold in "
            "memory; not scanned (save it as xlsx or CSV to have it streamed)",
        )


def _cells_cost(extent: Extent, budget: int = CELL_BUDGET) -> _Cost:
    return _Cost(None, extent.need, budget, f"{extent.describe()} ({format_size(extent.need)} of cells)")


def _bytes_cost(size: int, what: str, budget: int, stream: str | None = None) -> _Cost:
    return _Cost(stream, size, budget, f"{format_size(size)} of {what}")


def column_letters(index: int) -> str:
    """Excel's column name of a 0-based column index.

    >>> column_letters(0), column_letters(25), column_letters(26), column_letters(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_ref(name: str) -> str:
    """A sheet's name as a cell reference writes it (`Feuil1`, `'Clients 2024'`), masked if it looks like data.

    >>> sheet_ref("Feuil1"), sheet_ref("Clients B"), sheet_ref("l'an"), sheet_ref("jean@exemple.fr")
    ('Feuil1', "'Clients B'", "'l''an'", "'*'")
    """
    name = safe_field_name(name)
    return name if re.fullmatch(r"[A-Za-z_][\w.]*", name) else "'" + name.replace("'", "''") + "'"


def read_workbook(
    source: RandomAccess, fields: TableFields, name: str, skip: Callable[[TableSkip], None]
) -> Iterator[CellBlock]:
    """Blocks of every worksheet of a workbook, sheet after sheet."""
    import python_calamine as pc

    sized = _part_costs(source)
    costs = sized or {}
    whole = costs.get(_WHOLE)
    if whole is not None and whole.over:
        raise whole.skip("")
    try:
        book = (
            pc.CalamineWorkbook.from_path(source.path)
            if source.path
            else pc.CalamineWorkbook.from_filelike(source.open())
        )
    except pc.PasswordError:
        raise TableSkip("encrypted-member", "password-protected workbook; piiscan does not decrypt") from None
    except (pc.CalamineError, OSError, ValueError) as exc:
        raise TableSkip("corrupt", f"unreadable workbook ({_reason(exc)})") from None
    with book:
        for index, meta in enumerate(book.sheets_metadata):
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue  # charts, dialogs and macros hold no table
            shown = safe_field_name(meta.name)
            cost = costs.get(meta.name)
            if cost is None and whole is None and sized is not None:
                # the sheet's part was not found from the workbook's directory: its size is unknown, and
                # a sheet calamine would size itself can abort the process
                skip(TableSkip("limit", f"sheet {shown}: its part could not be sized before reading; not scanned"))
                continue
            if cost is not None and cost.over:
                if cost.stream is not None:
                    from piiscan.tabular.xlsx_stream import stream_sheet

                    yield from stream_sheet(source, cost.stream, index, meta.name, fields, skip)
                else:
                    skip(cost.skip(f"sheet {shown}: "))
                continue
            try:
                sheet = book.get_sheet_by_index(index)
                yield from sheet_cells(sheet.iter_rows(), (sheet.start or (0, 0))[1], index, meta.name, fields)
            except (pc.CalamineError, ValueError, OverflowError) as exc:
                skip(TableSkip("corrupt", f"sheet {shown}: unreadable ({_reason(exc)})"))
            finally:
                sheet = None  # freed before the next sheet is loaded: two sheets' cells never coexist


def _reason(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]


def sheet_cells(
    rows: Iterator[Sequence[object]], first_col: int, index: int, sheet: str, fields: TableFields
) -> Iterator[CellBlock]:
    """Blocks of one sheet's rows (row i is the sheet's row i + 1; values from column `first_col` on)."""
    ref = sheet_ref(sheet)
    shown = safe_field_name(sheet)
    header: list[int] | None = None
    letters: dict[int, str] = {}
    block: list[Sequence[object]] = []
    numbers: list[int] = []
    per_block = 1024
    for number, row in enumerate(rows, start=1):
        if header is None:
            if not any(v not in ("", None) for v in row):
                continue
            header = []
            for j, value in enumerate(row):
                col = column_letters(first_col + j)
                text = _header_text(value) or f"column_{col}"
                fid = fields.id_for(("sheet", index, first_col + j), f"{shown}!{safe_field_name(text)}", text)
                header.append(fid)
                letters[fid] = col
            continue
        if not any(v not in ("", None) for v in row):
            continue  # an empty row is no record (a sparse sheet has a million of them)
        block.append(row)
        numbers.append(number)
        if len(block) >= per_block:
            cells = _block(block, numbers, header, letters, ref, fields)
            yield cells
            per_block = int(np.clip(TARGET_BYTES * len(block) // max(1, len(cells.data)), 64, 65536))
            block, numbers = [], []
    if block and header is not None:
        yield _block(block, numbers, header, letters, ref, fields)


def _header_text(value: object) -> str:
    if value in ("", None):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().replace("\n", " ")


def _block(rows, numbers, header, letters, ref, fields: TableFields) -> CellBlock:
    width = len(header)
    columns = []
    for j, values in enumerate(zip(*rows, strict=False)):
        if j >= width:
            break
        texts = py_to_text(values, phone=fields.is_phone(header[j]))
        if texts is not None:
            columns.append(ColumnCells(header[j], texts))
    row_numbers = np.array(numbers, np.int64)

    def locate(records: np.ndarray, fids: np.ndarray) -> list[str]:
        return [f"{ref}!{letters[f]}{row_numbers[r]}" for r, f in zip(records.tolist(), fids.tolist(), strict=True)]

    return pack_cells(columns, len(rows), locate)


def _part_costs(source: RandomAccess) -> dict[str, _Cost] | None:
    """Per sheet name, or `_WHOLE` for the workbook, what calamine would need for it (see `_Cost`); a sheet
    missing from it is not opened.  None when the workbook cannot be reopened to be sized (no source)."""
    if source.data is None and source.path is None and source.file is None:
        return None
    try:
        with source.open() as fh:
            head = fh.read(8)
            fh.seek(0)
            if head.startswith(b"\xd0\xcf\x11\xe0"):  # xls: the whole file is loaded, every sheet read
                if source.size > BINARY_BUDGET:
                    return {_WHOLE: _bytes_cost(source.size, "binary workbook cells", BINARY_BUDGET)}
                return {_WHOLE: _cells_cost(xls_extent(fh))}
            with zipfile.ZipFile(fh) as zf:
                return _zip_sheet_costs(zf)
    except TableSkip:
        raise
    except (MemoryError, RecursionError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a damaged container: its cost cannot be known, so it is not opened
        raise TableSkip("corrupt", f"unreadable workbook ({_reason(exc)})") from None


def _zip_sheet_costs(zf: zipfile.ZipFile) -> dict[str, _Cost]:
    from xml.etree import ElementTree as ET

    listed = {i.filename: i.file_size for i in zf.infolist()}
    if "content.xml" in listed:  # ods: every sheet is in content.xml, read at once
        size = listed["content.xml"]
        if size > SHEET_XML_BUDGET:
            return {_WHOLE: _bytes_cost(size, "spreadsheet XML", SHEET_XML_BUDGET)}
        return {_WHOLE: _cells_cost(ods_extent(zf))}
    if "xl/workbook.bin" in listed:  # xlsb: calamine reads one sheet at a time
        out: dict[str, _Cost] = {}
        for name, part in xlsb_sheet_parts(zf).items():
            size = listed.get(part)
            if size is None:
                continue  # calamine reports the missing part
            if size > BINARY_BUDGET:
                out[name] = _bytes_cost(size, "binary sheet cells", BINARY_BUDGET)
            else:
                out[name] = _cells_cost(xlsb_extent(zf, part))
        return out
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") or "" for r in rels}
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    out = {}
    shared = listed.get("xl/sharedStrings.xml", 0)
    for el in book.iter():
        if el.tag.endswith("}sheet"):
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            size = listed.get(part)
            if size is not None:
                # calamine allocates the sheet's whole extent: two cells at A1 and XFD1048576 would ask for
                # 17 billion cells (it aborts the process), so the extent counts as well as the XML's size
                need = size + shared // 2
                if need <= SHEET_XML_BUDGET:
                    need = max(need, xlsx_extent(zf, part).need)
                out[el.get("name") or ""] = _bytes_cost(need, "sheet XML and cells", SHEET_XML_BUDGET, stream=part)
    return out
