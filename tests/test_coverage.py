"""Coverage: every input or part not fully read is counted and said (report, summary's first line, exit 3);
a scan that read everything says `complete`.  Columns are listed by name, never by value."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from piiscan.cli import main

CSV = (
    "nom;prenom;code_interne;email\n"
    "DUPONT;Jean;XK-88-QZ;jean.dupont@exemple.fr\n"
    "MARTIN;Claire;PL-12-AB;c.martin@exemple.fr\n"
)


def _scan(tmp: Path, *paths: Path, capsys=None) -> tuple[int, dict, str]:
    out = tmp / "report.json"
    code = main(["scan", *map(str, paths), "--workers", "1", "--report", str(out)])
    summary = capsys.readouterr().out if capsys else ""
    return code, json.loads(out.read_text(encoding="utf-8")), summary


def test_a_complete_scan_says_so(tmp_path: Path, capsys) -> None:
    path = tmp_path / "clients.csv"
    path.write_text(CSV, encoding="utf-8")
    code, report, summary = _scan(tmp_path, path, capsys=capsys)
    cov = report["coverage"]
    assert code == 0 and cov["complete"] and cov["verdict"] == "complete"
    assert summary.splitlines()[0] == "coverage: complete"
    (inp,) = cov["inputs"]
    assert inp["bytes_read"] == inp["bytes_present"] == path.stat().st_size
    assert inp["records"] == 2 and inp["bad_records"] == inp["cut_records"] == 0
    assert inp["columns"]["by_header"] == ["nom", "prenom", "email"]
    assert inp["columns"]["unclassified_with_values"] == ["code_interne"]  # by name only
    assert inp["columns"]["by_values"] == []
    assert cov["total"]["columns_unclassified_with_values"] == 1
    for value in ("XK-88-QZ", "PL-12-AB", "DUPONT", "jean.dupont"):
        assert value not in json.dumps(cov)


def test_every_gap_is_counted_in_the_verdict_and_the_exit_code(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "leak"
    folder.mkdir()
    (folder / "a_ok.csv").write_text(CSV, encoding="utf-8")
    (folder / "b_image.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "c_empty.csv").write_bytes(b"")
    (folder / "d_nothing.json").write_text("[]\n", encoding="utf-8")
    (folder / "e_broken.jsonl").write_text('{"nom": "X"}\n{oops\n{oops\n{oops\n', encoding="utf-8")
    (folder / "f_cut.csv.gz").write_bytes(gzip.compress(CSV.encode() * 200)[:-40])
    code, report, summary = _scan(tmp_path, folder, capsys=capsys)
    cov = report["coverage"]
    assert code in (3, 5) and not cov["complete"]
    assert summary.splitlines()[0] == f"coverage: {cov['verdict']}"
    verdict = cov["verdict"]
    assert verdict.startswith("incomplete: ")
    for part in (
        "1 input in a format piiscan cannot read",
        "1 input empty",
        "1 input damaged",
        "1 structured file gave no records",
        "1 input mostly bad records",
    ):
        assert part in verdict
    by = {Path(i["source"]).name: i for i in cov["inputs"]}
    assert by["a_ok.csv"]["complete"] and by["a_ok.csv"]["problems"] == []
    assert by["d_nothing.json"]["problems"] == ["no-records"]
    assert by["e_broken.jsonl"]["problems"] == ["mostly-bad-records"] and by["e_broken.jsonl"]["bad_records"] == 3
    assert by["f_cut.csv.gz"]["bytes_present"] is None and "corrupt" in by["f_cut.csv.gz"]["problems"]
    assert by["b_image.csv"]["bytes_read"] == 0 and by["b_image.csv"]["bytes_present"] == 8 + 1024
    assert cov["total"]["inputs"] == 6 and cov["total"]["inputs_complete"] == 1
    assert cov["total"]["skipped_by_reason"]["unsupported-format"] == 1


def test_a_few_bad_records_are_counted_but_not_called_mostly_bad(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"nom": "X"}\n' * 9 + "{oops\n", encoding="utf-8")
    code, report, _ = _scan(tmp_path, path)
    cov = report["coverage"]
    assert code == 3 and cov["inputs"][0]["problems"] == ["bad-records"]
    assert cov["verdict"] == "incomplete: 1 bad record in 1 input"


def test_a_cut_record_makes_coverage_incomplete(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("x" * (3 << 20) + "\nfin\n", encoding="utf-8")
    out = tmp_path / "r.json"
    code = main(["scan", str(path), "--quiet", "--max-record", "1M", "--chunk-size", "256K", "--report", str(out)])
    cov = json.loads(out.read_text())["coverage"]
    assert code != 0 and not cov["complete"]
    assert cov["inputs"][0]["cut_records"] >= 1 and "record" in cov["verdict"] and "cut" in cov["verdict"]


def test_a_missing_path_is_incomplete(tmp_path: Path) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_text(CSV, encoding="utf-8")
    code, report, _ = _scan(tmp_path, ok, tmp_path / "absent.csv")
    assert code == 3
    assert report["coverage"]["verdict"] == "incomplete: 1 input unreadable"


@pytest.mark.parametrize("name", ["report.json"])
def test_coverage_is_documented(name: str) -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "REPORT.md").read_text(encoding="utf-8")
    for key in ("coverage.complete", "coverage.verdict", "unclassified_with_values", "by_values", "bytes_present"):
        assert key in doc
