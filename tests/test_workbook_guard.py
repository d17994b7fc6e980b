"""Every workbook kind is guarded against cells the spreadsheet reader would allocate by the billion.

calamine allocates a sheet's whole bounding box of cells.  Measured with python-calamine, from files of a
few kilobytes: an xlsb with cells at A1 and XFD1048576 aborts the process; an xls with cells at A1 and
IV65536 takes 1 GB; an ods row of one value repeated over 16,384 columns takes 1.7 GB for 700 such rows,
and aborts the process when the row is repeated 6,000 times.  `piiscan.tabular.extent` finds the box from
the file's records first: each such sheet (or xls/ods workbook, which the reader opens whole) is a counted
one-line skip, the rest of the scan goes on, and memory stays under the bound.  The xlsx case (streamed
rather than skipped) is in test_tables.py.
"""

from __future__ import annotations

import json
import os
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from clirunner import assert_clean, run_cli

from piiscan.errors import EXIT_LIMIT

_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def _require(module: str) -> None:
    """The writers are in the `test` extra: missing from an older venv they skip, in CI they fail."""
    try:
        __import__(module)
    except ModuleNotFoundError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


def _xlsb(path: Path, sheets: dict[str, list[list[object]]], far: dict[str, tuple[int, int]]) -> None:
    """An xlsb written by pyxlsbwriter; in the sheets named in `far`, the last row's header record and its
    first cell are moved to (row, column) by rewriting their two fields in the sheet part."""
    from pyxlsbwriter import XlsbWriter

    with XlsbWriter(str(path)) as book:
        for name, rows in sheets.items():
            book.add_sheet(name)
            book.write_sheet(rows)
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    for index, (name, rows) in enumerate(sheets.items(), start=1):
        if name not in far:
            continue
        row, col = far[name]
        part = bytearray(parts[f"xl/worksheets/sheet{index}.bin"])
        at = part.index(b"\x00\x19" + struct.pack("<I", len(rows) - 1))  # BrtRowHdr of the last row
        part[at + 2 : at + 6] = struct.pack("<I", row)
        cell = part.index(b"\x07\x0c", at)  # its first cell, a shared string (BrtCellIsst): column first
        part[cell + 2 : cell + 6] = struct.pack("<I", col)
        parts[f"xl/worksheets/sheet{index}.bin"] = bytes(part)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _xls(path: Path, cells: dict[tuple[int, int], object]) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Feuil1")
    for (row, col), value in cells.items():
        sheet.write(row, col, value)
    book.save(str(path))


def _ods(path: Path, rows_xml: str) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Feuil1">{rows_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", _ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)


def _text_cell(text: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{times}><text:p>{text}</text:p></table:table-cell>'


PEOPLE = [["nom", "email"], ["Dupont", "jean.dupont@exemple.fr"], ["Martin", "claire.martin@exemple.fr"]]


def test_far_apart_cells_are_a_counted_skip_in_every_workbook_kind(tmp_path: Path) -> None:
    _require("xlwt")
    _require("pyxlsbwriter")
    data = tmp_path / "data"
    data.mkdir()
    # xlsb: the reader reads one sheet at a time, so only the far-spread sheet is skipped
    _xlsb(data / "book.xlsb", {"Clients": PEOPLE, "Vide": [["x"], ["fin"]]}, {"Vide": (1048575, 16383)})
    _xls(data / "sparse.xls", {(0, 0): "nom", (1, 0): "Dupont", (65535, 255): "fin"})
    full_row = _text_cell("x", 16384) + "</table:table-row>"
    _ods(data / "wide.ods", ("<table:table-row>" + full_row) * 700)
    _ods(data / "tall.ods", '<table:table-row table:number-rows-repeated="6000">' + full_row)
    assert all(p.stat().st_size < 8192 for p in data.iterdir())
    findings = tmp_path / "f.jsonl"
    result = run_cli([data, "--findings", findings, "--unsafe-show-values"], outdir=tmp_path / "out", timeout=300)
    assert_clean(result, max_stderr_lines=3)
    assert result.code == EXIT_LIMIT, result.stderr
    items = {Path(i["source"]).name: i for i in result.report["skipped"]["items"]}
    assert set(items) == {"book.xlsb", "sparse.xls", "wide.ods", "tall.ods"}, items
    for item in items.values():
        assert item["reason"] == "limit", item
        assert "\n" not in item["detail"] and len(item["detail"]) < 300, item
        assert "cells spanning" in item["detail"], item
    assert "sheet Vide:" in items["book.xlsb"]["detail"]
    assert "1,048,576 rows x 16,384 columns" in items["book.xlsb"]["detail"]
    assert "65,536 rows x 256 columns" in items["sparse.xls"]["detail"]
    # the other sheet of the xlsb is read
    rows = [json.loads(line) for line in findings.read_text(encoding="utf-8").splitlines()]
    assert {(r["location"], r["value"]) for r in rows if r["entity"] == "EMAIL_ADDRESS"} == {
        ("Clients!B2", "jean.dupont@exemple.fr"),
        ("Clients!B3", "claire.martin@exemple.fr"),
    }
    assert result.peak_rss_mb < 600, result.peak_rss_mb


def test_extents_are_the_boxes_the_reader_allocates(tmp_path: Path) -> None:
    """On ordinary workbooks the extent found from the records is the box calamine reports (sheet height
    and width), so the guard measures what the reader does and no sound sheet is refused."""
    _require("xlwt")
    _require("pyxlsbwriter")
    import python_calamine as pc

    from piiscan.tabular import extent

    rng = np.random.default_rng(5)
    places = zip(rng.integers(3, 900, 60).tolist(), rng.integers(2, 40, 60).tolist(), strict=True)
    cells = {(r, c): f"v{r}-{c}" for r, c in places}
    _xls(tmp_path / "a.xls", cells)
    rows = [[None] * 41 for _ in range(900)]
    for (r, c), value in cells.items():
        rows[r][c] = value
    _xlsb(tmp_path / "a.xlsb", {"Feuil1": rows}, {})
    empty = '<table:table-cell table:number-columns-repeated="{}"/>'
    _ods(
        tmp_path / "a.ods",
        f'<table:table-row table:number-rows-repeated="3">{empty.format(9)}</table:table-row>'
        f"<table:table-row>{empty.format(2)}{_text_cell('a', 3)}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="4">{_text_cell("b")}</table:table-row>',
    )
    for name in ("a.xls", "a.xlsb", "a.ods"):
        sheet = pc.CalamineWorkbook.from_path(str(tmp_path / name)).get_sheet_by_index(0)
        with open(tmp_path / name, "rb") as fh:
            if name.endswith(".xls"):
                found = extent.xls_extent(fh)
            else:
                with zipfile.ZipFile(fh) as zf:
                    found = (
                        extent.ods_extent(zf)
                        if name.endswith(".ods")
                        else extent.xlsb_extent(zf, extent.xlsb_sheet_parts(zf)["Feuil1"])
                    )
        assert (found.rows, found.columns) == (sheet.height, sheet.width), name
        assert 0 < found.need < 64 << 20, name


def test_a_sheet_that_could_not_be_sized_is_not_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail closed: a worksheet calamine lists but whose part the sizing did not find is a counted skip."""
    import xlsxwriter

    import piiscan.tabular.sheets as sheets
    from piiscan.api import scan

    path = tmp_path / "a.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Feuil1").write_column(0, 0, ["email", "jean.dupont@exemple.fr"])
    book.close()
    monkeypatch.setattr(sheets, "_zip_sheet_costs", lambda zf: {})
    report = scan([str(path)], workers=1)
    items = report.data["skipped"]["items"]
    assert [(i["reason"], "Feuil1: its part could not be sized" in i["detail"]) for i in items] == [("limit", True)]
    assert report.summary["records"] == 0
