"""Spreadsheets (xlsx, xlsm, xlsb, xls, ods): every sheet a table under its header row.

Read with python-calamine (Rust's calamine): one reader for the five formats, ~10x faster than openpyxl,
and it gives typed cells: a date cell comes out as a date (a typed date of birth reads `1985-03-12`), a
number as a number (rendered without float artefacts: a NIR or a phone stored as a number reads as its
digits).  The first non-empty row of a sheet is its header; a column is the field `Sheet!Header` (hinted
by the header alone, like a CSV column) and a cell's location is `Sheet!C12`.  Records are the non-empty
rows after the header, counted across the workbook's sheets in order.

calamine holds a whole sheet in memory (~1.4 bytes per byte of sheet XML).  A sheet too large for the
memory bound is streamed instead when it is xlsx/xlsm (`piiscan.tabular.xlsx_stream`); in the other
formats it is skipped and counted ("limit"), with the size that stopped it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from piiscan.source.limits import MiB, format_size
from piiscan.tabular.cells import CellBlock, ColumnCells, TableFields, pack_cells, py_to_text
from piiscan.tabular.errors import TableSkip
from piiscan.tabular.spool import RandomAccess
from piiscan.text import safe_field_name

__all__ = ["column_letters", "read_workbook", "sheet_cells"]

SHEET_XML_BUDGET = 128 * MiB
"""Largest xlsx/ods sheet XML handed to calamine (it needs ~1.4x that in memory); larger ones stream."""
BINARY_BUDGET = 24 * MiB
"""Largest xls file or xlsb sheet part handed to calamine (binary cells take ~8x their size in memory)."""
TARGET_BYTES = 4 << 20
"""Bytes of values per block handed to detection."""
CELL_BYTES = 32
"""Bytes calamine allocates per cell of a sheet's extent, empty or not (its cell enum)."""
_WHOLE = "\0whole"
"""`_part_sizes` key saying the whole workbook is over budget (xls, xlsb: no sheet can be streamed)."""


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

    sizes = _part_sizes(source)
    if _WHOLE in sizes:
        _, size, budget = sizes[_WHOLE]
        raise TableSkip(
            "limit",
            f"{format_size(size)} of binary workbook cells, more than the {format_size(budget)} the spreadsheet "
            "reader may hold in memory; not scanned (save it as xlsx or CSV to have it streamed)",
        )
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
            part = sizes.get(meta.name)
            if part is not None and part[1] > part[2]:
                if part[0] is not None:
                    from piiscan.tabular.xlsx_stream import stream_sheet

                    yield from stream_sheet(source, part[0], index, meta.name, fields, skip)
                    continue
                skip(
                    TableSkip(
                        "limit",
                        f"sheet {shown}: {format_size(part[1])} of cells, more than the "
                        f"{format_size(part[2])} the spreadsheet reader may hold in memory; not scanned "
                        "(save it as xlsx or CSV to have it streamed)",
                    )
                )
                continue
            try:
                sheet = book.get_sheet_by_index(index)
                yield from sheet_cells(sheet.iter_rows(), (sheet.start or (0, 0))[1], index, meta.name, fields)
            except (pc.CalamineError, ValueError, OverflowError) as exc:
                skip(TableSkip("corrupt", f"sheet {shown}: unreadable ({_reason(exc)})"))


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


def _part_sizes(source: RandomAccess) -> dict[str, tuple[str | None, int, int]]:
    """Per sheet name: (its xlsx part if streamable, bytes calamine would load, the budget for them)."""
    if source.data is None and source.path is None and source.file is None:
        return {}
    try:
        with source.open() as fh:
            head = fh.read(8)
            if head.startswith(b"\xd0\xcf\x11\xe0"):  # xls: the whole file is loaded
                return {} if source.size <= BINARY_BUDGET else {_WHOLE: (None, source.size, BINARY_BUDGET)}
            fh.seek(0)
            with zipfile.ZipFile(fh) as zf:
                return _zip_sheet_sizes(zf)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return {}  # calamine reports what is wrong with it


def _zip_sheet_sizes(zf: zipfile.ZipFile) -> dict[str, tuple[str | None, int, int]]:
    from xml.etree import ElementTree as ET

    listed = {i.filename: i.file_size for i in zf.infolist()}
    if "content.xml" in listed:  # ods: every sheet is in content.xml, loaded at once
        size = listed["content.xml"]
        if size <= SHEET_XML_BUDGET:
            return {}
        names = [
            el.get("{urn:oasis:names:tc:opendocument:xmlns:table:1.0}name") or ""
            for _, el in ET.iterparse(zf.open("content.xml"), events=("start",))
            if el.tag == "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table"
        ]
        return {n: (None, size, SHEET_XML_BUDGET) for n in names}
    if "xl/workbook.bin" in listed:  # xlsb: sheet names are in binary records; the largest part decides
        largest = max((n for name, n in listed.items() if name.startswith("xl/worksheets/")), default=0)
        return {} if largest <= BINARY_BUDGET else {_WHOLE: (None, largest, BINARY_BUDGET)}
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") or "" for r in rels}
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    out: dict[str, tuple[str | None, int, int]] = {}
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
                    need = max(need, CELL_BYTES * _xlsx_extent(zf, part))
                out[el.get("name") or ""] = (part, need, SHEET_XML_BUDGET)
    return out


_CELL_REF_ATTR = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')


def _xlsx_extent(zf: zipfile.ZipFile, part: str) -> int:
    """Cells in the rectangle spanned by an xlsx sheet's cell references (one pass of a C regex over its XML)."""
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
    return 0 if bottom == 0 else (bottom - top + 1) * (right - left + 1)


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1
