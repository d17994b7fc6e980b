"""The library says what the command line exits with: one verdict, `Report.outcome` (`piiscan.output.outcome`).

Each case is a small input generated in `tmp_path`, scanned twice: by the real `piiscan scan` in a child
process, and in this process by `piiscan.scan(..., on_error="skip")` (what the command does with a missing
path) with the same options.  Both must give the documented exit status, and the library's outcome must
say why (what was skipped, bad records, errors), so a script that calls the library cannot take a partial
read for a clean one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from clirunner import assert_clean, run_cli

import piiscan
from piiscan.errors import EXIT_DATA_ERROR, EXIT_LIMIT, EXIT_NO_INPUT, EXIT_OK, EXIT_PARTIAL
from piiscan.output.outcome import SKIP_EXIT_CODES, Outcome
from piiscan.source.limits import Limits

pytestmark = pytest.mark.usefixtures("warm_cli")

HEADER = b"nom;prenom;email\n"
ROWS = b"".join(f"Dupont;Jean;personne{i}@exemple.fr\n".encode() for i in range(400))
OPTIONS = {"key": b"outcome-test-key-0123456789", "reference_date": dt.date(2026, 11, 23), "workers": 1}


def _clean(root: Path) -> list[Path]:
    (root / "a.csv").write_bytes(HEADER + ROWS)
    return [root / "a.csv"]


def _clean_and_missing(root: Path) -> list[Path]:
    return [*_clean(root), root / "absent.csv"]


def _only_empty(root: Path) -> list[Path]:
    (root / "vide.csv").write_bytes(b"")
    return [root / "vide.csv"]


def _bad_record(root: Path) -> list[Path]:
    (root / "b.csv").write_bytes(HEADER + ROWS + b'Durand;"Marie;marie@exemple.fr\n')  # a quote never closed
    return [root / "b.csv"]


def _truncated_gzip(root: Path) -> list[Path]:
    packed = gzip.compress(HEADER + ROWS * 4)
    (root / "c.csv.gz").write_bytes(packed[: len(packed) * 6 // 10])
    return [root / "c.csv.gz"]


def _over_max_bytes(root: Path) -> list[Path]:
    (root / "d.csv.gz").write_bytes(gzip.compress(HEADER + ROWS * 40))
    return [root / "d.csv.gz"]


CASES: dict[str, tuple[Callable[[Path], list[Path]], list[str], dict, int, set[str]]] = {
    # name: (inputs, extra command-line options, the same as library options, exit status, skip reasons)
    "clean": (_clean, [], {}, EXIT_OK, set()),
    "a missing path beside a clean file": (_clean_and_missing, [], {}, EXIT_PARTIAL, {"not-found"}),
    "nothing readable": (_only_empty, [], {}, EXIT_NO_INPUT, {"empty"}),
    "a bad record": (_bad_record, [], {}, EXIT_PARTIAL, set()),
    "a truncated gzip": (_truncated_gzip, [], {}, EXIT_DATA_ERROR, {"corrupt"}),
    "a safety limit": (
        _over_max_bytes,
        ["--max-bytes", "64K"],
        {"limits": Limits(max_bytes=64 << 10)},
        EXIT_LIMIT,
        {"limit"},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_the_library_outcome_is_the_command_line_exit_status(tmp_path: Path, case: str) -> None:
    build, cli_args, lib_options, expected, reasons = CASES[case]
    (tmp_path / "in").mkdir()
    paths = build(tmp_path / "in")
    result = run_cli([*paths, *cli_args, "--quiet"], outdir=tmp_path / "out")
    assert_clean(result)
    report = piiscan.scan(paths, on_error="skip", **OPTIONS, **lib_options)
    outcome = report.outcome
    assert (result.code, outcome.exit_code) == (expected, expected)
    assert set(outcome.skipped) == reasons == set(result.skipped)
    assert outcome.complete is (expected == EXIT_OK) is result.report["coverage"]["complete"]
    assert outcome.verdict == result.report["coverage"]["verdict"]
    assert outcome.findings == result.report["summary"]["findings"]
    assert outcome.bad_records == result.report["coverage"]["total"]["bad_records"]
    if case == "a bad record":
        assert outcome.bad_records == 1 and outcome.readable
    if expected == EXIT_DATA_ERROR:
        assert len(outcome.errors) == 1 and "truncated gzip stream" in outcome.errors[0]
    if expected == EXIT_NO_INPUT:
        assert not outcome.readable


def test_fail_on_findings_is_the_library_exit_status_with_on_findings(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    paths = _clean(tmp_path / "in")
    result = run_cli([*paths, "--fail-on-findings", "--quiet"], outdir=tmp_path / "out")
    outcome = piiscan.scan(paths, **OPTIONS).outcome
    assert result.code == outcome.exit_status(on_findings=1) == 1
    assert outcome.exit_status() == EXIT_OK
    partial = dataclasses.replace(outcome, exit_code=EXIT_PARTIAL, complete=False)
    assert partial.exit_status(on_findings=1) == EXIT_PARTIAL  # never reported as clean


def test_a_skip_the_caller_adds_decides_the_outcome(tmp_path: Path) -> None:
    """A findings file stopped at its size limit (`--max-findings-bytes`) is a counted limit, exit 6, in the
    library as in the command: the caller says so before reading the report."""
    (tmp_path / "in").mkdir()
    paths = _clean(tmp_path / "in")
    result = run_cli(
        [*paths, "--findings", tmp_path / "f.jsonl", "--max-findings-bytes", "1K", "--quiet"], outdir=tmp_path / "out"
    )
    assert (result.code, set(result.skipped)) == (EXIT_LIMIT, {"findings-limit"})
    stream = piiscan.open_scan(paths, **OPTIONS)
    for _ in stream.batches():
        pass
    stream.add_skip(source="f.jsonl", reason="findings-limit", detail="f.jsonl: findings file stopped at 1 KiB")
    assert (stream.report.outcome.exit_code, stream.report.outcome.skipped) == (EXIT_LIMIT, {"findings-limit": 1})
    with pytest.raises(RuntimeError):
        stream.add_skip(source="f.jsonl", reason="findings-limit", detail="too late: the report is built")


def test_the_report_and_outcome_wait_for_the_end_of_the_stream(tmp_path: Path) -> None:
    stream = piiscan.open_scan(_clean(tmp_path), **OPTIONS)
    with pytest.raises(RuntimeError):
        stream.report  # noqa: B018
    assert sum(b.num_rows for b in stream) == stream.report.outcome.findings > 0
    with pytest.raises(RuntimeError):
        list(stream.batches())  # a stream is read once


def test_every_limit_and_data_reason_outranks_a_partial_read() -> None:
    assert set(SKIP_EXIT_CODES.values()) == {EXIT_LIMIT, EXIT_DATA_ERROR}
    outcome = Outcome(
        exit_code=EXIT_OK, complete=True, verdict="complete", readable=True, skipped={}, bad_records=0,
        cut_records=0, errors=(), findings=0,
    )  # fmt: skip
    assert outcome.exit_status(on_findings=1) == EXIT_OK  # nothing found: still 0 under --fail-on-findings


def test_fingerprint_file_from_the_report_is_the_command_lines(tmp_path: Path) -> None:
    """`Report.write_fingerprints` writes what `scan --key-file K --fingerprints F` writes."""
    from piiscan.output.fingerprints import read_fingerprints

    (tmp_path / "in").mkdir()
    paths = _clean(tmp_path / "in")
    key = tmp_path / "key.bin"
    key.write_bytes(OPTIONS["key"])
    cli_file, lib_file = tmp_path / "cli.parquet", tmp_path / "lib.parquet"
    result = run_cli([*paths, "--key-file", key, "--fingerprints", cli_file, "--quiet"], outdir=tmp_path / "out")
    assert result.code == EXIT_OK
    piiscan.scan(paths, fingerprints=True, **OPTIONS).write_fingerprints(lib_file)
    cli, lib = read_fingerprints(cli_file), read_fingerprints(lib_file)
    assert cli.metadata["key_check"] == lib.metadata["key_check"]
    assert cli.sets.keys() == lib.sets.keys() and all((cli.sets[k] == lib.sets[k]).all() for k in cli.sets)
    assert (cli.record_offsets == lib.record_offsets).all()
    assert (cli.record_fingerprints == lib.record_fingerprints).all() and len(lib.record_fingerprints)
    with pytest.raises(ValueError, match="fingerprints=True"):
        piiscan.scan(paths, **OPTIONS).write_fingerprints(tmp_path / "none.parquet")
