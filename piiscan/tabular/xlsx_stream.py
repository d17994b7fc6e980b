"""An xlsx sheet too large to hold in memory, streamed from its XML part.

calamine loads a whole sheet (~1.4 bytes per byte of sheet XML: a 1-million-row sheet of 8 columns took
727 MB).  Past `sheets.SHEET_XML_BUDGET` an xlsx/xlsm sheet is read here instead: its part is inflated a
megabyte at a time and parsed by expat (the C XML parser of the standard library; recent versions refuse
entity-expansion bombs), row by row, into the same blocks as `sheets.sheet_cells`.  Memory holds the
shared-string table and one block; time is a few microseconds a cell (Python callbacks), slower than
calamine but bounded.  Cells are typed as calamine types them: shared and inline strings, booleans,
numbers, and numbers under a date format as dates.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator
from xml.parsers import expat

from piiscan.tabular.cells import CellBlock, TableFields
from piiscan.tabular.errors import TableSkip
from piiscan.tabular.sheets import sheet_cells
from piiscan.tabular.spool import RandomAccess
from piiscan.text import safe_field_name

__all__ = ["stream_sheet"]

_READ = 1 << 20
_BUILTIN_DATES = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_EPOCH = dt.datetime(1899, 12, 30)
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def stream_sheet(
    source: RandomAccess, part: str, index: int, sheet: str, fields: TableFields, skip: Callable[[TableSkip], None]
) -> Iterator[CellBlock]:
    """Blocks of one xlsx sheet, streamed."""
    shown = safe_field_name(sheet)
    try:
        with source.open() as fh, zipfile.ZipFile(fh) as zf:
            listed = set(zf.namelist())
            shared = _shared_strings(zf) if "xl/sharedStrings.xml" in listed else []
            dates = _date_styles(zf) if "xl/styles.xml" in listed else frozenset()
            with zf.open(part) as xml:
                yield from sheet_cells(_rows(xml, shared, dates), 0, index, sheet, fields)
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, IndexError, KeyError, EOFError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
        skip(TableSkip("corrupt", f"sheet {shown}: unreadable sheet XML ({reason})"))


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1]


def _parse(stream, parser) -> Iterator[None]:
    """Feed `stream` to `parser` a megabyte at a time, yielding after each feed (the caller drains)."""
    while True:
        data = stream.read(_READ)
        parser.Parse(data, not data)
        yield
        if not data:
            return


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    out: list[str] = []
    parts: list[str] = []
    state = {"t": False, "skip": 0}

    def start(tag, _attrs):
        tag = _local(tag)
        if tag == "t" and not state["skip"]:
            state["t"] = True
        elif tag in ("rPh", "phoneticPr"):  # phonetic guides repeat the text in another script
            state["skip"] += 1

    def end(tag):
        tag = _local(tag)
        if tag == "t":
            state["t"] = False
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] -= 1
        elif tag == "si":
            out.append("".join(parts))
            parts.clear()

    def text(data):
        if state["t"]:
            parts.append(data)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    with zf.open("xl/sharedStrings.xml") as xml:
        for _ in _parse(xml, parser):
            pass
    return out


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[dmyhs]", code)) and "general" not in code


def _date_styles(zf: zipfile.ZipFile) -> frozenset[int]:
    """Indices of the cell styles (`s` attribute) whose number format is a date or time."""
    from xml.etree import ElementTree as ET

    root = ET.fromstring(zf.read("xl/styles.xml"))
    custom = {
        int(el.get("numFmtId", "-1")): el.get("formatCode", "") for el in root.iter() if el.tag.endswith("}numFmt")
    }
    out = set()
    for xfs in root.iter():
        if xfs.tag.endswith("}cellXfs"):
            for i, xf in enumerate(x for x in xfs if x.tag.endswith("}xf")):
                fmt = int(xf.get("numFmtId", "0"))
                if fmt in _BUILTIN_DATES or (fmt in custom and _is_date_format(custom[fmt])):
                    out.add(i)
    return frozenset(out)


def _column(ref: str | None, fallback: int) -> int:
    if not ref:
        return fallback
    m = _CELL_REF.match(ref)
    if not m:
        return fallback
    n = 0
    for ch in m.group(1):
        n = n * 26 + ord(ch) - 64
    return n - 1


def _rows(xml, shared: list[str], dates: frozenset[int]) -> Iterator[list[object]]:
    """The sheet's rows, from row 1, as lists of typed values (empty rows included, to keep numbering)."""
    done: list[tuple[int, list[object]]] = []
    st: dict = {"row": None, "num": 0, "col": -1, "t": None, "s": 0, "text": [], "in": False}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "c":
            st["col"] = _column(attrs.get("r"), st["col"] + 1)
            st["t"] = attrs.get("t")
            st["s"] = int(attrs.get("s", "0") or 0)
            st["text"] = []
        elif tag in ("v", "t") and st["row"] is not None:
            st["in"] = True
        elif tag == "row":
            r = attrs.get("r")
            st["num"] = int(r) if r and r.isdigit() else st["num"] + 1
            st["row"] = []
            st["col"] = -1

    def end(tag):
        tag = _local(tag)
        if tag in ("v", "t"):
            st["in"] = False
        elif tag == "c" and st["row"] is not None:
            value = _value("".join(st["text"]), st["t"], st["s"], shared, dates)
            row = st["row"]
            col = st["col"]
            if col >= len(row):
                row.extend([""] * (col - len(row) + 1))
            row[col] = value
        elif tag == "row":
            done.append((st["num"], st["row"]))
            st["row"] = None

    def text(data):
        if st["in"]:
            st["text"].append(data)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    number = 0
    for _ in _parse(xml, parser):
        for num, row in done:
            while number + 1 < num:  # rows the XML leaves out are empty
                number += 1
                yield []
            number = max(number + 1, num)
            yield row
        done.clear()


def _value(text: str, kind: str | None, style: int, shared: list[str], dates: frozenset[int]) -> object:
    if kind == "s":
        return shared[int(text)] if text else ""
    if kind in ("inlineStr", "str"):
        return text
    if kind == "b":
        return text == "1"
    if kind == "e" or not text:
        return ""
    if kind == "d":
        return text
    number = float(text)
    if style in dates and 0 <= number < 2958466:
        when = _EPOCH + dt.timedelta(days=number)
        return when.date() if when.time() == dt.time() else when
    return number
