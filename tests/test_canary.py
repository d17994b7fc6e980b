"""Canaries: known synthetic values planted in dumps must never come out of piiscan, except where asked.

A report is forwarded to third parties, a terminal is screenshotted, a findings file is attached to a
ticket: none of them may carry a value read from a dump (DESIGN.md §3, SECURITY.md).  Each canary below is
planted in CSV, JSONL and free text, in UTF-8, cp1252 and UTF-16, and in the error paths where a careless
message would quote the input (a truncated gzip, an oversized record, broken JSON/SQL/CSV records, an
undecodable file, binary junk, a damaged zip).  The real CLI writes every output; the test looks for each
canary in any case, compact or spaced, in stdout, stderr, the JSON report, the HTML report and the
findings file (every column, JSON Lines and Parquet).

The test can fail, and is checked to: the same search must find every canary in the findings file of a
`--unsafe-show-values` run, and the safe run must have detected each planted entity (a scan that finds
nothing would trivially leak nothing).
"""

from __future__ import annotations

import codecs
import gzip
import html
import io
import json
import random
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from clirunner import CliResult, assert_clean, run_cli

from piiscan.errors import EXIT_LIMIT, EXIT_OK

pytestmark = pytest.mark.usefixtures("warm_cli")

NIR = "269117512345630"  # key 30 = 97 - (2691175123456 mod 97)
NIR_SPACED = "2 69 11 75 123 456 30"
IBAN = "FR7630004012349876543210189"  # mod 97-10 valid, RIB key 01... valid
IBAN_SPACED = "FR76 3000 4012 3498 7654 3210 189"
EMAIL = "zoe.kerbrat-canari@exemple.fr"
PASSPORT = "19QK48261"
NAME = "Zabouroff"
CANARIES = (NIR, IBAN, EMAIL, PASSPORT, NAME)
PLANTED_ENTITIES = {"FR_NIR", "IBAN_CODE", "EMAIL_ADDRESS", "FR_PASSPORT", "PERSON"}

# Removed before comparing: whitespace and the separators values are written with, NUL bytes and their
# JSON escape (a UTF-16 value read as single bytes would come out as "Z\u0000a\u0000...").
_SQUASH = re.compile(r"[\s._\-/:()]|\x00|\\u0000")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text).casefold()


def leaked(text: str) -> list[str]:
    """The canaries present in `text`, whatever their case and spacing."""
    hay = _squash(text)
    return [c for c in CANARIES if _squash(c) in hay]


def leaks(outputs: dict[str, str]) -> dict[str, list[str]]:
    """Output name -> the canaries it holds, for the outputs that hold any (so a failure says where)."""
    return {name: found for name, text in outputs.items() if (found := leaked(text))}


# --------------------------------------------------------------------------------------------------
# fixtures


CSV = (
    "nom;prénom;nir;iban;courriel;passeport\n"
    f"{NAME};Zoé;{NIR};{IBAN_SPACED};{EMAIL};{PASSPORT}\n"
    f"{NAME.upper()};Léa;{NIR_SPACED};{IBAN};{EMAIL.upper()};{PASSPORT}\n"
)
JSONL = (
    json.dumps(
        {"nom": NAME, "prénom": "Zoé", "nir": NIR, "iban": IBAN, "courriel": EMAIL, "passeport": PASSPORT},
        ensure_ascii=False,
    )
    + "\n"
    + json.dumps({"nom": NAME.upper(), "nir": NIR_SPACED, "iban": IBAN_SPACED, "courriel": EMAIL}, ensure_ascii=False)
    + "\n"
)
# Free text without any , ; | or tab: a first line holding a delimiter is sniffed as a CSV header, which is
# the separate bug of `test_values_used_as_structure_do_not_leak`.
TEXT = (
    f"Dossier de Mme {NAME} née à Paris\n"
    f"NIR : {NIR_SPACED}\nIBAN : {IBAN_SPACED}\n"
    f"Écrire à {EMAIL} pour le passeport n° {PASSPORT}\n"
)
CLEAN = {"csv": CSV, "jsonl": JSONL, "txt": TEXT}
ENCODINGS = {
    "utf8": lambda t: t.encode("utf-8"),
    "cp1252": lambda t: t.encode("cp1252"),
    "utf16": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
}
RECORD_LIMIT = 64 * 1024


def _error_paths(d: Path) -> None:
    """Inputs whose handling goes through a skip, an error message or a bad-record count."""
    filler = "".join(f"Martin;Paul;;;paul{i}@exemple.org;\n" for i in range(3000))
    packed = gzip.compress((CSV + filler).encode())
    (d / "err_truncated.csv.gz").write_bytes(packed[: len(packed) * 8 // 10])  # canaries in the readable part
    line = "x" * RECORD_LIMIT + f" Mme {NAME} NIR {NIR_SPACED} IBAN {IBAN} {EMAIL} passeport {PASSPORT} " + "y" * 9
    (d / "err_oversized.txt").write_text(line + "\n" + TEXT, encoding="utf-8")
    (d / "err_broken.jsonl").write_text(
        JSONL
        + f'{{"nom": "{NAME}", "nir": "{NIR}", "courriel": "{EMAIL}\n'  # string never closed
        + f'{{"nir": "{NIR}": "{IBAN}", "passeport" "{PASSPORT}"}}\n'  # a value where a key goes, a missing colon
        + JSONL,
        encoding="utf-8",
    )
    (d / "err_cut.sql").write_text(
        "CREATE TABLE p (nom varchar(20), nir varchar(21), courriel varchar(60));\n"
        f"INSERT INTO p (nom, nir, courriel) VALUES ('{NAME}','{NIR}','{EMAIL}'),('{NAME}','{NIR_SPACED}','{EMAIL[:9]}",
        encoding="utf-8",
    )
    (d / "err_quote.csv").write_text(CSV + f'{NAME};"Zoé;{NIR};{IBAN};{EMAIL};{PASSPORT}\n' + CSV, encoding="utf-8")
    (d / "utf32.csv").write_bytes(CSV.encode("utf-32"))  # transcoded: its canaries are scanned, never shown
    junk = random.Random(7)
    (d / "err_binary.dat").write_bytes(junk.randbytes(20_000) + CSV.encode() + junk.randbytes(20_000))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("dump.csv", CSV + filler)
    (d / "err_damaged.zip").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every clean fixture (3 formats x 3 encodings) and every error path, in one directory."""
    d = tmp_path_factory.mktemp("canary") / "dumps"
    d.mkdir()
    for kind, text in CLEAN.items():
        for enc, encode in ENCODINGS.items():
            (d / f"{kind}_{enc}.{kind}").write_bytes(encode(text))
    _error_paths(d)
    return d


def _scan(dumps: Path, out: Path, findings: str, *extra: str) -> tuple[CliResult, Path, Path]:
    """Scan all the dumps with every output on; the summary goes to stdout (no --quiet)."""
    report, page, found = out / "report.json", out / "report.html", out / findings
    result = run_cli(
        [
            dumps,
            "--report",
            report,
            "--html",
            page,
            "--findings",
            found,
            "--chunk-size",
            str(RECORD_LIMIT),
            "--max-record",
            str(RECORD_LIMIT),
            *extra,
        ],
        outdir=out,
    )
    assert_clean(result, max_stderr_lines=2)  # the skipped parts' warning, and --unsafe-show-values' one
    assert result.code == EXIT_LIMIT  # the oversized record; every other error path ranks below it
    return result, page, found


def _findings_rows(path: Path) -> list[dict]:
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _findings_text(path: Path) -> str:
    """Everything a findings file holds, as text: every column of every row, plus Parquet's schema and
    key-value metadata (a writer could stash values there)."""
    if path.suffix == ".parquet":
        meta = pq.read_metadata(path)
        return "\n".join([json.dumps(_findings_rows(path), ensure_ascii=False), str(meta.schema), str(meta.metadata)])
    return path.read_text(encoding="utf-8")


def _outputs(result: CliResult, page: Path) -> dict[str, str]:
    """The outputs that must never hold a value, even with --unsafe-show-values."""
    assert result.report_path is not None
    text = page.read_text(encoding="utf-8")
    return {
        "stdout": result.stdout,
        "stderr": result.stderr,
        "report": result.report_path.read_text(encoding="utf-8"),
        "html": text + "\n" + html.unescape(text),
    }


# --------------------------------------------------------------------------------------------------
# tests


def test_the_search_finds_every_form() -> None:
    """The checker itself: case variants, spacing and separators, NUL-interleaved text."""
    assert leaked(f"x {NIR_SPACED.replace(' ', '.')} y") == [NIR]
    assert leaked(IBAN_SPACED.lower()) == [IBAN]
    assert leaked(json.dumps("\x00".join(NAME.upper()))) == [NAME]
    assert leaked(EMAIL.upper().replace(".", " ")) == [EMAIL]
    assert leaked("12AB34567 FR76 **** jean@exemple.fr") == []


@pytest.mark.parametrize("ext", ["jsonl", "parquet"])
def test_no_canary_in_any_output(dumps: Path, tmp_path: Path, ext: str) -> None:
    result, page, found = _scan(dumps, tmp_path, f"findings.{ext}")
    outputs = {**_outputs(result, page), "findings": _findings_text(found)}
    assert leaks(outputs) == {}
    # ... and not because nothing was found: every planted entity was detected in every clean fixture
    entities: dict[str, set[str]] = defaultdict(set)
    for row in _findings_rows(found):
        entities[Path(row["source"]).name].add(row["entity"])
        assert "value" not in row
    for kind in CLEAN:
        for enc in ENCODINGS:
            assert entities[f"{kind}_{enc}.{kind}"] >= PLANTED_ENTITIES, (kind, enc)
    report = result.report
    assert report["skipped"]["by_reason"] == {
        "corrupt": 1,
        "oversized-record": 1,
        "binary": 1,
        "corrupt-archive": 1,
    }
    bad = {Path(i["source"]).name: i["bad_records"] for i in report["inputs"] if i["bad_records"]}
    assert set(bad) == {"err_broken.jsonl", "err_cut.sql", "err_quote.csv"}


@pytest.mark.parametrize("ext", ["jsonl", "parquet"])
def test_unsafe_show_values_reaches_the_findings_file_only(dumps: Path, tmp_path: Path, ext: str) -> None:
    result, page, found = _scan(dumps, tmp_path, f"findings.{ext}", "--unsafe-show-values")
    assert leaks(_outputs(result, page)) == {}
    rows = _findings_rows(found)
    assert all("value" in row for row in rows)
    assert sorted(leaked("\n".join(row["value"] for row in rows))) == sorted(CANARIES)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("headerless.csv", f"{NAME};Zoé;{IBAN};{PASSPORT}\nMartin;Léa;{IBAN};{PASSPORT}\n",
                     id="headerless-csv"),
        pytest.param("prose.txt", f"Dossier de Mme {NAME}, née à Paris.\nIBAN : {IBAN_SPACED}, passeport {PASSPORT}.\n",
                     id="prose-sniffed-as-csv"),
        pytest.param("keyed.json", json.dumps({EMAIL: {"nom": NAME, "nir": NIR}}), id="json-keyed-by-email"),
    ],
)  # fmt: skip
def test_values_used_as_structure_do_not_leak(tmp_path: Path, name: str, data: str) -> None:
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_text(data, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli([path, "--findings", out / "f.jsonl", "--html", out / "r.html"], outdir=out)
    assert_clean(result, max_stderr_lines=0)
    assert result.code == EXIT_OK
    outputs = {**_outputs(result, out / "r.html"), "findings": _findings_text(out / "f.jsonl")}
    assert leaks(outputs) == {}


SYMBOL_PASSWORD = "}%]!^*&~#$@+=?"  # a password of symbols only: no letter or digit for a mask to hide
SYMBOL_NOTE = "=^.^= <(o)> :-)"


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_sample_records_hide_symbol_only_values(tmp_path: Path, kind: str) -> None:
    """`sample_records` shows a dump's layout, not its values: punctuation and symbols are masked like
    letters and digits, and runs are cut, so neither a symbol password nor its exact length comes out."""
    path = tmp_path / "in" / f"accounts.{kind}"
    path.parent.mkdir()
    if kind == "csv":
        body = f"{NAME};{SYMBOL_PASSWORD};{SYMBOL_NOTE}\nMartin;abc123;ok\nDurand;soleil2;rien\n"
        path.write_text("login;mot_de_passe;note\n" + body, encoding="utf-8")
    else:
        row = {"login": NAME, "mot_de_passe": SYMBOL_PASSWORD, "note": SYMBOL_NOTE}
        path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli([path, "--html", out / "r.html"], outdir=out)
    assert_clean(result, max_stderr_lines=0)
    assert result.code == EXIT_OK
    samples = result.report["sample_records"]
    assert samples, "no sample taken: the test would pass without checking anything"
    for text in _outputs(result, out / "r.html").values():
        assert SYMBOL_PASSWORD not in text and SYMBOL_NOTE not in text
        for k in range(len(SYMBOL_PASSWORD) - 3):  # not even four symbols of it in a row
            assert SYMBOL_PASSWORD[k : k + 4] not in text
        assert leaked(text) == []
    shown = [v for rows in samples.values() for row in rows for v in row.values()]
    assert all(set(v) <= set("xX9# +…") for v in shown), shown
    # exact lengths are not kept: 14 symbols show as three and a mark
    assert [rows[0]["mot_de_passe"] for rows in samples.values()] == ["###+"]
