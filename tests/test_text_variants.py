"""Text dumps in the layouts that used to read as empty: CR-only lines, rare delimiters, pretty-printed JSON
documents, `sqlite3 .dump`, deep nesting.  Each is generated here with planted people and must give back
>= 98 % of every planted entity with no invented value, at exact byte offsets, whatever the chunk size."""

from __future__ import annotations

import codecs
import json
import sqlite3
from pathlib import Path

import pytest
from planted import assert_recovered, scan_findings, scan_keys

from piiscan.cli import main
from piiscan.formats.sniff import sniff
from synth.planted import COLUMNS, planted_rows

N = 400
HEADERS = [h for h, _ in COLUMNS]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return planted_rows(N)


def _delimited(rows, delim: str, eol: str) -> str:
    lines = [delim.join(HEADERS)] + [delim.join(r[h] for h in HEADERS) for r in rows]
    return eol.join(lines) + eol


def _report(path: Path, tmp: Path, *extra: str) -> tuple[int, dict]:
    out = tmp / f"{path.name}.report.json"
    code = main(["scan", str(path), "--quiet", "--workers", "1", "--report", str(out), *extra])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _assert_offsets_exact(path: Path, findings: list[dict], encoding: str = "utf-8") -> None:
    """The bytes at offset/length of the input are the value (the byte stream's own encoding)."""
    raw = path.read_bytes()
    assert findings
    for f in findings:
        assert raw[f["offset"] : f["offset"] + f["length"]].decode(encoding) == f["value"], f["entity"]


def _variant(tmp_path: Path, rows, name: str) -> Path:
    path = tmp_path / name
    if name == "cr.csv":
        path.write_bytes(_delimited(rows, ";", "\r").encode("utf-8"))
    elif name == "caret.txt":
        path.write_bytes(_delimited(rows, "^", "\n").encode("utf-8"))
    elif name == "tilde.dat":
        path.write_bytes(_delimited(rows, "~", "\r\n").encode("utf-8"))
    elif name == "ctrl_a.hive":
        path.write_bytes(_delimited(rows, "\x01", "\n").encode("utf-8"))
    elif name == "array.json":
        path.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    elif name == "by_email.json":
        doc = {r["email"]: {k: v for k, v in r.items() if k != "email"} | {"email": r["email"]} for r in rows}
        path.write_text(json.dumps(doc, indent=4, ensure_ascii=False), encoding="utf-8")
    elif name == "stream.json":
        path.write_text("\n".join(json.dumps(r, indent=2, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    elif name == "nested.json":
        doc = {"export": {"clients": rows}}  # one record: the outermost object has one member
        path.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
    elif name == "sqlite_dump.sql":
        con = sqlite3.connect(":memory:")
        con.execute(f"CREATE TABLE clients (id INTEGER PRIMARY KEY, {', '.join(h + ' TEXT' for h in HEADERS)})")
        con.executemany(
            f"INSERT INTO clients ({', '.join(HEADERS)}) VALUES ({', '.join('?' * len(HEADERS))})",
            [tuple(r[h] for h in HEADERS) for r in rows],
        )
        # what the sqlite3 shell's .dump writes: a PRAGMA first (sniffed as CSV before), then iterdump's lines
        path.write_text("PRAGMA foreign_keys=OFF;\n" + "\n".join(con.iterdump()) + "\n", encoding="utf-8")
        con.close()
    return path


VARIANTS = {
    # name: (format sniffed, records expected)
    "cr.csv": ("csv", N),
    "caret.txt": ("csv", N),
    "tilde.dat": ("csv", N),
    "ctrl_a.hive": ("csv", N),
    "array.json": ("json", N),
    "by_email.json": ("json", N),
    "stream.json": ("jsonl", N),
    "nested.json": ("json", 1),
    "sqlite_dump.sql": ("sql", N),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_recovers_planted_values_at_exact_offsets(tmp_path: Path, rows, name: str) -> None:
    path = _variant(tmp_path, rows, name)
    code, findings = scan_findings(path, tmp_path)
    assert code == 0
    assert_recovered(rows, findings)
    _assert_offsets_exact(path, findings)
    _code, report = _report(path, tmp_path)
    kind, records = VARIANTS[name]
    (inp,) = report["inputs"]
    assert (inp["format"], inp["records"], inp["bad_records"]) == (kind, records, 0)


@pytest.mark.parametrize("name", ["cr.csv", "by_email.json", "array.json", "stream.json"])
def test_variant_is_the_same_whatever_the_chunk_size(tmp_path: Path, rows, name: str) -> None:
    path = _variant(tmp_path, rows, name)
    whole = scan_keys(path, chunk_size=8 << 20)
    assert len(whole) > N
    for size in (4096, 5000):
        assert scan_keys(path, chunk_size=size) == whole


def test_keys_that_are_values_never_name_a_field(tmp_path: Path, rows) -> None:
    """A document keyed by e-mail or NIR: the key is scanned as a value and no field is named after it."""
    path = tmp_path / "by_nir.json"
    path.write_text(json.dumps({r["nir"]: r["nom"] for r in rows[:50]}, indent=2), encoding="utf-8")
    _code, findings = scan_findings(path, tmp_path)
    nirs = {r["nir"] for r in rows[:50]}
    assert {f["value"] for f in findings if f["entity"] == "FR_NIR"} == nirs
    by_email = _variant(tmp_path, rows, "by_email.json")
    _code, findings2 = scan_findings(by_email, tmp_path)
    _code, report = _report(by_email, tmp_path)
    text = json.dumps(report, ensure_ascii=False)
    for r in rows:
        assert r["email"] not in text and r["nir"] not in text
    assert all(f["field"] is None or "@" not in f["field"] for f in findings + findings2)


def test_cr_only_text_lines_are_records(tmp_path: Path, rows) -> None:
    path = tmp_path / "notes.txt"
    lines = [f"Appel de {r['prenom']} au sujet du dossier, écrire à {r['email']}" for r in rows[:100]]
    path.write_bytes("\r".join(lines).encode("utf-8") + b"\r")
    code, findings = scan_findings(path, tmp_path)
    assert code == 0
    assert {f["value"] for f in findings if f["entity"] == "EMAIL_ADDRESS"} == {r["email"] for r in rows[:100]}
    assert sorted({f["record"] for f in findings}) == list(range(100))
    _assert_offsets_exact(path, findings)


def test_json_unicode_escapes_are_read_for_detection(tmp_path: Path, rows) -> None:
    """`json.dump`'s default ensure_ascii writes `é` as `\\u00e9`: the name is still a name (the kernels
    read `\\uXXXX` in JSON), and the finding's bytes are the escaped ones of the input."""
    accented = [r for r in rows if not r["prenom"].isascii()][:40]
    assert accented
    path = tmp_path / "escaped.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=True) + "\n" for r in accented), encoding="ascii")
    _code, findings = scan_findings(path, tmp_path)
    found = {json.loads(f'"{f["value"]}"') for f in findings if f["entity"] == "PERSON" and f["field"] == "prenom"}
    assert found == {r["prenom"] for r in accented}
    _assert_offsets_exact(path, findings)


def test_deep_json_is_a_counted_bad_record_not_a_crash(tmp_path: Path, rows) -> None:
    """6 KB of JSON nested 1,000 levels deep, in a directory with a good CSV: the CSV is scanned, the deep
    record is skipped and counted, the exit code says the scan is partial (not 70, an internal error)."""
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "deep.jsonl").write_text('{"a":' * 1000 + "1" + "}" * 1000 + "\n", encoding="utf-8")
    (folder / "deep.json").write_text("[" * 3000 + "]" * 3000, encoding="utf-8")
    (folder / "ok.csv").write_text(_delimited(rows[:20], ";", "\n"), encoding="utf-8")
    code, report = _report(folder, tmp_path)
    assert code == 3
    by_source = {Path(i["source"]).name: i for i in report["inputs"]}
    assert by_source["deep.jsonl"]["bad_records"] == 1 and by_source["deep.json"]["bad_records"] == 1
    assert by_source["ok.csv"]["records"] == 20 and by_source["ok.csv"]["findings"] > 0


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"\n", "jsonl"),
        (b"[" * 100000, "json"),
        (b"PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t(a TEXT);\n", "sql"),
        (b"SET client_encoding = 'UTF8';\nCOPY public.t (a, b) FROM stdin;\n1\tx\n\\.\n", "sql"),
        (b'{\n  "a": 1\n}\n{\n  "a": 2\n}\n', "jsonl"),
        (b'{\n  "a": {\n    "b": 1\n  }\n}\n', "json"),
    ],
)
def test_sniff_without_recursion(head: bytes, kind: str) -> None:
    assert sniff(head).kind == kind


def test_rare_delimiters_do_not_turn_prose_or_logs_into_tables() -> None:
    log = "".join(f"2024-01-{d:02d} 12:00:{d:02d} job done ~ ok!\n" for d in range(1, 29))
    assert sniff(log.encode()).kind == "text"
    prose = "Bonjour ! Voici le dossier.\nMerci ! À bientôt.\n" * 10
    assert sniff(prose.encode()).kind == "text"
    assert sniff(b"a^b^c\n1^2^3\n4^5^6\n").delimiter == "^"
    assert sniff(b"a;b;c\r1;2;3\r4;5;6\r").cr_only


@pytest.mark.parametrize(
    ("codec", "bom", "forced", "nl"),
    [
        ("utf-32-le", True, None, None),
        ("utf-32-be", False, None, None),
        ("utf-32-le", False, "utf-32", None),
        ("cp500", False, "cp500", None),
        ("cp037", False, "cp037", b"\x15"),  # EBCDIC's own line end (NL), as mainframes write it
        ("cp500", False, None, b"\x15"),  # detected: read as iso-8859-1 text, 1 record, 0 findings before
    ],
)
def test_encodings_that_are_not_ascii_compatible_are_transcoded(
    tmp_path: Path, rows, codec: str, bom: bool, forced: str | None, nl: bytes | None
) -> None:
    """UTF-32 and EBCDIC are transcoded like UTF-16, with offsets counted in the input's own bytes."""
    text = _delimited(rows[:150], ";", "\n")
    data = text.encode(codec)
    if bom:
        data = (codecs.BOM_UTF32_LE if codec == "utf-32-le" else codecs.BOM_UTF32_BE) + data
    if nl:
        data = data.replace(b"\x25", nl)
    path = tmp_path / "dump.csv"
    path.write_bytes(data)
    extra = ("--encoding", forced) if forced else ()
    code, findings = scan_findings(path, tmp_path, *extra)
    assert code == 0
    assert_recovered(rows[:150], findings)
    _assert_offsets_exact(path, findings, encoding=codec)
    _code, report = _report(path, tmp_path, *extra)
    (inp,) = report["inputs"]
    assert (inp["format"], inp["records"], inp["bad_records"]) == ("csv", 150, 0)
    assert inp["bytes"] == len(data)
