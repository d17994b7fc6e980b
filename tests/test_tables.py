"""Table containers (spreadsheets, SQLite, Parquet, Arrow IPC, BSON): planted values are recovered, with locations.

Every file is generated here, in tmp_path, from one seeded synthetic population (Faker fr_FR and our own
NIR/IBAN/passport generators); one `piiscan scan --findings F --unsafe-show-values` run reads them all, and for
each file and each planted entity the distinct values found (normalised) must cover >= 98 % of those
planted, with none invented.  Hostile files (a malformed SQLite page, a truncated Parquet or BSON) end as
counted skips with one line each, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import sqlite3
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pyarrow as pa
import pytest
from clirunner import assert_clean, run_cli

N = 60
NATIONALITIES = ("française", "algérienne", "marocain", "ivoirienne", "portugais", "italienne", "sénégalais")


def _nir(r: random.Random) -> str:
    body = f"{r.choice('12')}{r.randint(40, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 95):02d}"
    body += f"{r.randint(1, 990):03d}{r.randint(1, 999):03d}"
    return body + f"{97 - int(body) % 97:02d}"


def _iban(r: random.Random) -> str:
    bban = f"{r.randint(10000, 99999)}{r.randint(10000, 99999)}{r.randint(10**10, 10**11 - 1)}{r.randint(10, 99)}"
    check = 98 - int(bban + "152700") % 97
    return f"FR{check:02d}{bban}"


def _people(seed: int = 7) -> list[dict]:
    from faker import Faker

    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    r = random.Random(seed)
    people = []
    seen: set[str] = set()
    while len(people) < N:
        nom = fake.last_name()
        prenom = fake.first_name()
        if not re.fullmatch(r"[A-Za-zÀ-ÿ-]+", nom) or not re.fullmatch(r"[A-Za-zÀ-ÿ-]+", prenom):
            continue  # compound names with particles are another test's matter
        i = len(people)
        ascii_name = unicodedata.normalize("NFKD", f"{prenom}.{nom}").encode("ascii", "ignore").decode()
        email = f"{ascii_name}{i}@exemple.fr".lower()
        if email in seen:
            continue
        seen.add(email)
        mobile = f"0{r.choice('67')}{r.randint(10**7, 10**8 - 1)}"
        passport = f"{r.randint(10, 99)}{r.choice('ABCDEFGH')}{r.choice('JKLMNPRS')}{r.randint(10000, 99999)}"
        people.append(
            {
                "nom": nom,
                "prenom": prenom,
                "email": email,
                "nir": _nir(r),
                "passeport": passport,
                "date_naissance": dt.date(r.randint(1940, 2004), r.randint(1, 12), r.randint(1, 28)),
                "telephone": mobile,
                "phone_as_number": i % 2 == 0,  # half stored as numbers (the leading 0 lost, as Excel does)
                "iban": _iban(r),
                "nationalite": NATIONALITIES[i % len(NATIONALITIES)],
            }
        )
    return people


HEADERS = ("nom", "prenom", "email", "nir", "passeport", "date_naissance", "telephone", "iban", "nationalite")
PLANTED = {
    "PERSON": ("nom", "prenom"),
    "EMAIL_ADDRESS": ("email",),
    "FR_NIR": ("nir",),
    "FR_PASSPORT": ("passeport",),
    "DATE_OF_BIRTH": ("date_naissance",),
    "PHONE_NUMBER": ("telephone",),
    "IBAN_CODE": ("iban",),
    "NATIONALITY": ("nationalite",),
}


def _normalise(entity: str, value: object) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if entity in ("PHONE_NUMBER",):
        digits = re.sub(r"\D", "", text)
        return "0" + digits[2:] if digits.startswith("33") else digits
    if entity in ("FR_NIR", "IBAN_CODE", "FR_PASSPORT"):
        return re.sub(r"[\s.-]", "", text).upper()
    if entity == "DATE_OF_BIRTH":
        m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", text)
        return f"{m[3]}-{m[2]}-{m[1]}" if m else text
    return text.casefold()


def _cell(person: dict, key: str) -> object:
    if key == "telephone" and person["phone_as_number"]:
        return int(person["telephone"])
    return person[key]


# --------------------------------------------------------------------------------------------------
# one writer per format


def _xlsx(path: Path, people: list[dict]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, top, rows in _sheet_rows(people):
        sheet = book.add_worksheet(name)
        for i, row in enumerate(rows, start=top):  # the second sheet starts at B3: locations must follow
            for j, value in enumerate(row, start=1):
                if isinstance(value, dt.date):
                    sheet.write_datetime(i, j, dt.datetime.combine(value, dt.time()), dates)
                else:
                    sheet.write(i, j, value)
    book.close()


def _sheet_rows(people: list[dict]) -> list[tuple[str, int, list[list[object]]]]:
    """The two sheets of every workbook as (name, top row, rows from column B): the second starts at B3."""
    half = N // 2
    return [
        (name, top, [list(HEADERS), *([_cell(p, k) for k in HEADERS] for p in rows)])
        for name, rows, top in (("Feuil1", people[:half], 0), ("Clients B", people[half:], 2))
    ]


def _xls(path: Path, people: list[dict]) -> None:
    """Excel 97-2003 (BIFF8 in an OLE2 compound file), written by xlwt: typed dates and numbers."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for name, top, rows in _sheet_rows(people):
        sheet = book.add_sheet(name)
        for i, row in enumerate(rows, start=top):
            for j, value in enumerate(row, start=1):
                if isinstance(value, dt.date):
                    sheet.write(i, j, value, dates)
                else:
                    sheet.write(i, j, value)
    book.save(str(path))


def _xlsb(path: Path, people: list[dict]) -> None:
    """Excel binary workbook (BIFF12 records in a zip), written by pyxlsbwriter: shared strings, RK and
    float numbers, dates as styled serial numbers."""
    from pyxlsbwriter import XlsbWriter

    with XlsbWriter(str(path)) as book:
        for name, top, rows in _sheet_rows(people):
            book.add_sheet(name)
            width = 1 + len(HEADERS)  # every row as wide as the widest: the writer indexes the first 100 rows so
            book.write_sheet([[None] * width for _ in range(top)] + [[None, *row] for row in rows])


def _ods(path: Path, people: list[dict]) -> None:
    """A minimal OpenDocument spreadsheet, typed cells included (no writer library needed)."""

    def cell(value: object) -> str:
        if isinstance(value, dt.date):
            return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
        if isinstance(value, int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    rows = ["<table:table-row>" + "".join(cell(h) for h in HEADERS) + "</table:table-row>"]
    rows += ["<table:table-row>" + "".join(cell(_cell(p, k)) for k in HEADERS) + "</table:table-row>" for p in people]
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Feuil1">'
        + "".join(rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


def _sqlite(path: Path, people: list[dict]) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE clients (id INTEGER PRIMARY KEY, {', '.join(HEADERS)})")
    for i, p in enumerate(people, start=1):
        values = [_cell(p, k) for k in HEADERS]
        values = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
        conn.execute(f"INSERT INTO clients VALUES ({i * 10}, {', '.join('?' * len(HEADERS))})", values)
    conn.commit()
    conn.close()


def _arrow_table(people: list[dict]) -> pa.Table:
    """Typed columns: a date32 birth date, int64 phones (as stored numbers), and a nested struct."""
    phone_numbers = [int(p["telephone"]) for p in people]
    return pa.table(
        {
            "nom": [p["nom"] for p in people],
            "prenom": [p["prenom"] for p in people],
            "email": [p["email"] for p in people],
            "nir": [p["nir"] for p in people],
            "date_naissance": pa.array([p["date_naissance"] for p in people], pa.date32()),
            "telephone": pa.array(phone_numbers, pa.int64()),
            "iban": [p["iban"] for p in people],
            "identite": pa.array(
                [{"passeport": p["passeport"], "nationalite": p["nationalite"]} for p in people],
            ),
        }
    )


def _parquet(path: Path, people: list[dict]) -> None:
    import pyarrow.parquet as pq

    pq.write_table(_arrow_table(people), path, row_group_size=25)


def _feather(path: Path, people: list[dict]) -> None:
    import pyarrow.feather as feather

    feather.write_feather(_arrow_table(people), path, chunksize=25)


def _bson(path: Path, people: list[dict]) -> None:
    import bson

    docs = []
    for p in people:
        docs.append(
            {
                "_id": bson.ObjectId(),
                "nom": p["nom"],
                "prenom": p["prenom"],
                "contact": {"email": p["email"], "telephone": _cell(p, "telephone")},
                "nir": p["nir"],
                "identite": {"passeport": p["passeport"], "nationalite": p["nationalite"]},
                "date_naissance": dt.datetime.combine(p["date_naissance"], dt.time()),
                "iban": p["iban"],
            }
        )
    path.write_bytes(b"".join(bson.encode(d) for d in docs))


WRITERS = {
    "clients.xlsx": _xlsx,
    "clients.xls": _xls,
    "clients.xlsb": _xlsb,
    "clients.ods": _ods,
    "clients.sqlite": _sqlite,
    "clients.parquet": _parquet,
    "clients.feather": _feather,
    "clients.bson": _bson,
}


MISSING_WRITERS: dict[str, str] = {}
"""Files whose writer (xlwt, pyxlsbwriter: the `test` extra) is not installed here, by name."""


def _require_writer(name: str) -> None:
    """Skip a format whose writer is missing from a developer's venv made before it was added; in CI (which
    installs the `test` extra afresh) a missing writer is a failure, never a silent skip."""
    missing = MISSING_WRITERS.get(name.rsplit("!", 1)[-1].rsplit("/", 1)[-1])
    if missing is None:
        return
    message = f"{name}: its writer {missing} is not installed (pip install -e '.[test]')"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list[dict], object]:
    root = tmp_path_factory.mktemp("tables")
    data = root / "data"
    data.mkdir()
    people = _people()
    for name, write in WRITERS.items():
        try:
            write(data / name, people)
        except ModuleNotFoundError as exc:  # a test writer of the `test` extra not installed in this venv
            MISSING_WRITERS[name] = exc.name or "?"
    # the same workbook inside a zip archive: it is spooled and read as a workbook, not as loose XML
    with zipfile.ZipFile(data / "box.zip", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(data / "clients.xlsx", "export/clients.xlsx")
    findings = root / "f.jsonl"
    result = run_cli(
        [data, "--findings", findings, "--unsafe-show-values", "--workers", "2"], outdir=root / "out", timeout=900
    )
    assert_clean(result)
    rows = [json.loads(line) for line in findings.read_text(encoding="utf-8").splitlines()]
    by_source: dict[str, list[dict]] = {}
    for row in rows:
        by_source.setdefault(Path(row["source"]).name, []).append(row)
    return data, by_source, people, result


def recovery(rows: list[dict], people: list[dict]) -> dict[str, tuple[float, set[str]]]:
    """Per planted entity: (share of planted distinct values found, values found that were not planted)."""
    out = {}
    for entity, keys in PLANTED.items():
        planted = {_normalise(entity, p[k]) for p in people for k in keys}
        found = {_normalise(entity, r["value"]) for r in rows if r["entity"] == entity}
        out[entity] = (len(planted & found) / len(planted), found - planted)
    return out


@pytest.mark.parametrize("name", [*WRITERS, "box.zip!export/clients.xlsx"])
def test_planted_values_recovered(scanned, name: str) -> None:
    _data, by_source, people, result = scanned
    _require_writer(name)
    assert result.code == 0, result.stderr
    rows = [r for rows_ in by_source.values() for r in rows_ if r["source"].endswith("/" + name)]
    assert rows, f"no findings in {name}"
    for entity, (share, invented) in recovery(rows, people).items():
        assert share >= 0.98, f"{name} {entity}: {share:.1%} of planted values found"
        assert not invented, f"{name} {entity}: {len(invented)} values found that were not planted"


def test_findings_carry_cell_locations(scanned) -> None:
    _data, by_source, people, _result = scanned
    first = people[0]
    second_sheet = people[N // 2]
    for name in ("clients.xlsx", "clients.xls", "clients.xlsb"):
        if name in MISSING_WRITERS:
            continue  # said by test_planted_values_recovered
        book = by_source[name]
        email = next(r for r in book if r["value"] == first["email"])
        assert (email["location"], email["field"], email["record"], email["offset"]) == (
            "Feuil1!D2",
            "Feuil1!email",
            0,
            0,
        ), name
        nir = next(r for r in book if r["value"] == second_sheet["nir"])
        assert (nir["location"], nir["field"], nir["record"]) == ("'Clients B'!E4", "Clients B!nir", N // 2), name
        typed_date = next(r for r in book if r["entity"] == "DATE_OF_BIRTH" and r["record"] == 0)
        assert typed_date["value"] == first["date_naissance"].isoformat(), name
        phone_number = next(r for r in book if r["entity"] == "PHONE_NUMBER" and r["record"] == 0)
        assert phone_number["value"] == first["telephone"], name  # stored as a number: its leading 0 restored

    db = by_source["clients.sqlite"]
    email = next(r for r in db if r["value"] == people[3]["email"])
    assert (email["location"], email["field"], email["record"]) == ("clients[rowid=40].email", "clients.email", 3)

    parquet = by_source["clients.parquet"]
    passport = next(r for r in parquet if r["value"] == people[27]["passeport"])
    assert (passport["location"], passport["field"]) == ("row 2 of row group 1", "identite.passeport")
    bson_rows = by_source["clients.bson"]
    email = next(r for r in bson_rows if r["value"] == people[5]["email"])
    assert (email["location"], email["field"]) == ("document 5", "contact.email")
    # every finding in a table container names its cell
    for rows in by_source.values():
        for row in rows:
            assert row["location"] is not None


def test_byte_streams_have_null_location(tmp_path: Path) -> None:
    from piiscan.api import scan_bytes

    report = scan_bytes(b"nom;email\nDupont;jean.dupont@exemple.fr\n", findings=True, workers=1)
    assert report.findings is not None and report.findings.num_rows == 2
    assert report.findings.column("location").null_count == 2


# --------------------------------------------------------------------------------------------------
# hostile files


def _malformed_sqlite(path: Path) -> None:
    _sqlite(path, _people() * 40)  # a few pages
    raw = bytearray(path.read_bytes())
    page = 4096
    rng = np.random.default_rng(3)
    raw[page * 3 : page * 3 + 2000] = rng.integers(0, 256, 2000, dtype=np.uint8).tobytes()
    path.write_bytes(bytes(raw))


def test_hostile_tables_end_as_counted_skips(tmp_path: Path, scanned) -> None:
    data, _by_source, _people_planted, _result = scanned
    bad = tmp_path / "bad"
    bad.mkdir()
    _malformed_sqlite(bad / "malformed.sqlite")
    whole = (data / "clients.parquet").read_bytes()
    (bad / "truncated.parquet").write_bytes(whole[: len(whole) // 2])
    bson_bytes = (data / "clients.bson").read_bytes()
    (bad / "truncated.bson").write_bytes(bson_bytes[:-30])
    xlsx = (data / "clients.xlsx").read_bytes()
    (bad / "truncated.xlsx").write_bytes(xlsx[: len(xlsx) // 2])
    result = run_cli([bad, "--workers", "1"], outdir=tmp_path / "out", timeout=300)
    assert_clean(result, max_stderr_lines=6)
    assert result.code == 5, result.stderr  # damaged input: EXIT_DATA_ERROR
    items = {Path(i["source"]).name: i for i in result.report["skipped"]["items"]}
    assert set(items) == {"malformed.sqlite", "truncated.parquet", "truncated.bson", "truncated.xlsx"}, items
    for name, item in items.items():
        # a workbook cut in half loses its zip directory: the archive layer reports it before any reader
        assert item["reason"] == ("corrupt-archive" if name.endswith(".xlsx") else "corrupt"), item
        assert "\n" not in item["detail"] and len(item["detail"]) < 300
    assert "malformed" in items["malformed.sqlite"]["detail"]
    # what came before the damage is still scanned
    assert any(i["source"].endswith("truncated.bson") and i["findings"] for i in result.report["inputs"])


def test_large_xlsx_sheet_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the in-memory budget an xlsx sheet is streamed from its XML: same findings, same locations."""
    import piiscan.tabular.sheets as sheets
    from piiscan.api import scan

    people = _people()
    path = tmp_path / "clients.xlsx"
    _xlsx(path, people)
    loaded = scan([str(path)], findings=True, unsafe_values=True, workers=1)
    monkeypatch.setattr(sheets, "SHEET_XML_BUDGET", 0)
    streamed = scan([str(path)], findings=True, unsafe_values=True, workers=1)
    keep = ["entity", "location", "field", "record", "offset", "length", "value"]
    assert loaded.findings is not None and streamed.findings is not None
    assert streamed.findings.select(keep).to_pylist() == loaded.findings.select(keep).to_pylist()
    assert loaded.findings.num_rows > 8 * N


def test_table_kind_needs_the_container_not_the_name(tmp_path: Path) -> None:
    from piiscan.tabular import table_kind

    assert table_kind(b"nom;email\n") is None
    assert table_kind(b"SQLite format 3\x00") == "sqlite"
    import pyarrow.ipc as ipc

    sink = pa.BufferOutputStream()
    with ipc.new_stream(sink, pa.schema([("email", pa.string())])) as writer:
        writer.write_table(pa.table({"email": ["jean.dupont@exemple.fr"]}))
    assert table_kind(sink.getvalue().to_pybytes()) == "arrow"  # an IPC stream, no file magic


def test_nested_columns_and_feather_v1(tmp_path: Path) -> None:
    """Lists give several cells of one record under the list's path; maps give `key`/`value`; a null struct
    gives no cell; Feather v1 (before Arrow IPC) is read too."""
    import warnings

    import pyarrow.feather as feather
    import pyarrow.parquet as pq

    from piiscan.api import scan

    table = pa.table(
        {
            "emails": pa.array([["a.martin@exemple.fr", "b.durand@exemple.fr"], None, []]),
            "extra": pa.array([[("telephone", "06 12 34 56 78")], None, None], pa.map_(pa.string(), pa.string())),
            "identite": pa.array([None, {"passeport": "12AB34567"}, {"passeport": None}]),
        }
    )
    pq.write_table(table, tmp_path / "nested.parquet")
    report = scan([str(tmp_path / "nested.parquet")], findings=True, unsafe_values=True, workers=1)
    assert report.findings is not None
    got = {(r["field"], r["location"], r["value"]) for r in report.findings.to_pylist()}
    assert ("emails", "row 0 of row group 0", "a.martin@exemple.fr") in got
    assert ("emails", "row 0 of row group 0", "b.durand@exemple.fr") in got
    assert ("identite.passeport", "row 1 of row group 0", "12AB34567") in got
    assert report.summary["records"] == 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old = pa.table({"email": ["a.martin@exemple.fr", None, "b.durand@exemple.fr"]})
        feather.write_feather(old, tmp_path / "old.feather", version=1)
    report = scan([str(tmp_path / "old.feather")], findings=True, unsafe_values=True, workers=1)
    assert report.data["inputs"][0]["format"] == "feather"
    assert report.findings is not None and report.findings.num_rows == 2


def test_sparse_xlsx_sheet_is_streamed_not_allocated(tmp_path: Path) -> None:
    """Two cells at A1 and XFD1048576 span 17 billion cells: calamine would allocate them all (and abort the
    process); the extent check streams the sheet instead, and empty rows are no records."""
    import xlsxwriter

    path = tmp_path / "sparse.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Feuil1")
    sheet.write_row(0, 0, ["nom", "email"])
    sheet.write_row(1, 0, ["Dupont", "jean.dupont@exemple.fr"])
    sheet.write(1048575, 16383, "fin")
    book.close()
    result = run_cli([path, "--findings", tmp_path / "f.jsonl", "--unsafe-show-values"], outdir=tmp_path / "out")
    assert_clean(result)
    assert result.code == 0, result.stderr
    assert result.report["summary"]["records"] == 2
    rows = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(r["location"], r["value"]) for r in rows} >= {("Feuil1!B2", "jean.dupont@exemple.fr")}
