"""`piiscan.source.magic.identify`: every kind it names, made at test time by the real writers, and text
that must never be taken for a container (a false kind would skip a readable dump)."""

from __future__ import annotations

import io
import sqlite3
import tarfile
from pathlib import Path

import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.source.magic import HEAD_BYTES, identify, is_tar_header


def _head(data: bytes) -> bytes:
    return data[:HEAD_BYTES]


def _tar_bytes(fmt: int, name: str = "dir/x.csv") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tf:
        info = tarfile.TarInfo(name)
        info.size = 4
        tf.addfile(info, io.BytesIO(b"a;b\n"))
    return buf.getvalue()


@pytest.mark.parametrize("fmt", [tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT])
def test_tar_of_every_header_format(fmt: int) -> None:
    long_name = "d/x.csv" if fmt == tarfile.USTAR_FORMAT else "d/" + "n" * 150 + ".csv"
    assert identify(_head(_tar_bytes(fmt, long_name))).kind == "tar"


def test_v7_tar_without_ustar_magic() -> None:
    data = bytearray(_tar_bytes(tarfile.USTAR_FORMAT))
    data[257:265] = bytes(8)  # no "ustar" magic: only the checksum tells
    data[148:156] = b"        "
    data[148:155] = f"{sum(data[:512]):06o}\x00".encode()
    assert identify(bytes(data[:512])).kind == "tar"
    data[0] ^= 1  # one byte off: the checksum no longer holds
    assert not is_tar_header(bytes(data[:512]))


def test_sqlite_parquet_arrow(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with sqlite3.connect(db) as con:
        con.execute("create table t (x)")
    table = pa.table({"email": ["a@b.fr"]})
    pq.write_table(table, tmp_path / "a.parquet")
    feather.write_feather(table, tmp_path / "a.feather")
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    kinds = [identify(_head((tmp_path / n).read_bytes())).kind for n in ("a.db", "a.parquet", "a.feather")]
    assert kinds == ["sqlite", "parquet", "arrow"]
    assert identify(sink.getvalue()[:HEAD_BYTES]).kind == "arrow-stream"


def test_seven_zip_and_zip_workbooks(tmp_path: Path) -> None:
    py7zr = pytest.importorskip("py7zr")
    with py7zr.SevenZipFile(tmp_path / "a.7z", "w") as z:
        z.writestr(b"a;b\n", "x.csv")
    assert identify((tmp_path / "a.7z").read_bytes()).kind == "7z"
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
    assert identify(buf.getvalue()[:HEAD_BYTES]).kind == "ods"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.csv", "a;b\n")
    assert identify(buf.getvalue()[:HEAD_BYTES]).kind == "zip"


def test_bson_documents() -> None:
    def doc(key: bytes, value: bytes) -> bytes:
        body = b"\x02" + key + b"\x00" + (len(value) + 1).to_bytes(4, "little") + value + b"\x00" + b"\x00"
        return (len(body) + 4).to_bytes(4, "little") + body

    assert identify(doc(b"email", b"a@b.fr") + doc(b"email", b"c@d.fr")).kind == "bson"
    assert identify(doc(b"email", b"a@b.fr")[:-1] + b"\x01" + doc(b"x", b"y")) is None


def test_mail() -> None:
    eml = b"Return-Path: <a@b.fr>\r\nFrom: Jean <a@b.fr>\r\nTo: c@d.fr\r\nSubject: x\r\n\r\nbody\r\n"
    assert identify(eml).kind == "eml"
    assert identify(b"From a@b.fr Thu Mar  4 10:00:00 2021\n" + eml.replace(b"\r\n", b"\n")).kind == "mbox"
    assert identify(b"From: a\nSubject: b\nDate: c\n\nhello").kind == "eml"
    # key: value text that is not mail
    assert identify(b"nom: Dupont\nprenom: Jean\nemail: a@b.fr\n") is None
    assert identify(b"from: 2021\nto: 2022\nlevel: 3\nname: x\nsize: 4\n") is None


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4\n%\xe2\xe3", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + bytes(8), "png"),
        (b"\x7fELF\x02\x01\x01", "elf"),
        (b"MZ" + bytes(58) + (64).to_bytes(4, "little") + b"PE\x00\x00", "pe"),
        (b"Rar!\x1a\x07\x01\x00", "rar"),
        (b"PGDMP\x01\x0e", "pgdump-custom"),
    ],
)
def test_named_binary_kinds(data: bytes, kind: str) -> None:
    found = identify(data)
    assert found is not None and found.kind == kind and found.route is None
    assert found.unsupported.endswith(": not supported")


@pytest.mark.parametrize(
    "text",
    [
        b"nom;prenom;email\nDupont;Jean;jean@exemple.fr\n",
        b'{"email": "a@b.fr"}\n{"email": "c@d.fr"}\n',
        b"INSERT INTO t VALUES ('a');\n",
        b"MZ is a text file starting with two capitals\n",
        b"BM;x\n",
        b"From the start this is prose, not a mailbox.\nSecond line.\n",
        b"",
    ],
)
def test_text_is_not_identified(text: bytes) -> None:
    assert identify(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=1200))
def test_text_never_passes_as_a_container(text: str) -> None:
    found = identify(text.encode("utf-8"))
    assert found is None or found.route == "mail", found


@pytest.mark.usefixtures("warm_cli")
def test_scan_names_what_it_cannot_read(tmp_path: Path) -> None:
    """A PDF is "PDF document: not supported", not "binary data" with advice that does not apply; random
    bytes stay "binary"."""
    import random

    from clirunner import assert_clean, run_cli

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "scan.csv").write_bytes(b"%PDF-1.7\n" + random.Random(5).randbytes(4000))
    (tmp_path / "in" / "junk.csv").write_bytes(random.Random(6).randbytes(4000))
    result = run_cli([tmp_path / "in"], outdir=tmp_path / "out")
    assert_clean(result)
    assert result.code == 4
    assert result.skipped == {"unsupported-format": 1, "binary": 1}
    details = sorted(item["detail"] for item in result.report["skipped"]["items"])
    assert details[0].endswith(
        "junk.csv: binary data of no known kind, not a text dump (--encoding NAME scans it anyway)"
    )
    assert details[1].endswith("scan.csv: PDF document: not supported")


def _zip(members: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(members):
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored_first and i == 0 else None)
    return buf.getvalue()


def _xlsx_parts(path: Path, values: list[str], *, column: bool = False) -> tuple[Path, list[tuple[str, bytes]]]:
    """An xlsx of one sheet holding `values` (a row, or a column), and its parts in zip order."""
    import zipfile

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Feuil1")
    (sheet.write_column if column else sheet.write_row)(0, 0, values)
    book.close()
    with zipfile.ZipFile(path) as zf:
        return path, [(i.filename, zf.read(i)) for i in zf.infolist()]


def test_one_workbook_detection_for_heads_and_zip_directories(tmp_path: Path) -> None:
    """`identify` guesses a workbook from the member names its head shows; `workbook_kind` decides from the
    zip directory, which the walk hands on with the input: a workbook whose head shows no part of it (a
    large first member), or whose writer puts a sheet first, is still read as its kind; an OpenDocument
    text is an archive, not a spreadsheet."""
    import zipfile

    from piiscan.source import magic

    path, parts = _xlsx_parts(tmp_path / "a.xlsx", ["nom", "email"])
    with zipfile.ZipFile(path) as zf:
        assert magic.workbook_kind(zf) is magic.XLSX
    assert identify(_head(path.read_bytes())) is magic.XLSX
    # a stored 64 KiB first member hides every workbook part from the head
    hidden = _zip([("docProps/thumbnail.jpeg", bytes(range(256)) * 256), *parts], stored_first=True)
    assert identify(_head(hidden)) is magic.ZIP
    with zipfile.ZipFile(io.BytesIO(hidden)) as zf:
        assert magic.workbook_kind(zf) is magic.XLSX
    # a sheet part first (as pyxlsbwriter writes): the head says xlsb, and so does the directory
    xlsb = _zip([("xl/worksheets/sheet1.bin", b"\x00"), ("xl/workbook.bin", b"\x00"), ("[Content_Types].xml", b"")])
    assert identify(_head(xlsb)) is magic.XLSB
    with zipfile.ZipFile(io.BytesIO(xlsb)) as zf:
        assert magic.workbook_kind(zf) is magic.XLSB
    odt = _zip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")])
    assert identify(_head(odt)) is magic.ZIP
    with zipfile.ZipFile(io.BytesIO(odt)) as zf:
        assert magic.workbook_kind(zf) is None
    ods = _zip([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<x/>")])
    with zipfile.ZipFile(io.BytesIO(ods)) as zf:
        assert magic.workbook_kind(zf) is magic.ODS


def test_a_workbook_whose_head_hides_it_is_read_as_a_workbook(tmp_path: Path) -> None:
    """The kind the walk decided from the zip directory reaches the scanner with the input."""
    from piiscan.api import scan

    plain, parts = _xlsx_parts(tmp_path / "plain.xlsx", ["email", "jean.dupont@exemple.fr"], column=True)
    (tmp_path / "hidden.xlsx").write_bytes(_zip([("docProps/thumbnail.jpeg", bytes(65536)), *parts], stored_first=True))
    plain.unlink()
    report = scan([str(tmp_path)], findings=True, unsafe_values=True, workers=1)
    assert report.data["inputs"][0]["format"] == "xlsx"
    assert report.findings is not None
    found = [(r["location"], r["value"]) for r in report.findings.to_pylist()]
    assert found == [("Feuil1!A2", "jean.dupont@exemple.fr")]
