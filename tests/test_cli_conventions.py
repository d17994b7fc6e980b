"""The command line follows the conventions of ripgrep, gitleaks and trufflehog: data on stdout, people on
stderr, an exit status for CI, `-q`, `-V`, help with examples and exit codes; and the library raises the
`OSError` Python's `open` would."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clirunner import REPO, cli_env

import piiscan
from piiscan.cli import EXIT_FINDINGS, main

SAMPLE = REPO / "fixtures" / "sample_ofii.csv"


def _run(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "piiscan", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env or cli_env(),
        cwd=REPO,
        check=False,
    )


@pytest.fixture(scope="module")
def clean_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("clean") / "clean.csv"
    path.write_text("produit;prix\nchaise;12\ntable;40\n", encoding="utf-8")
    return path


def test_report_dash_is_json_on_stdout_and_the_summary_on_stderr():
    r = _run("scan", SAMPLE, "--report", "-", "--reference-date", "2026-11-23")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["summary"]["findings"] > 0 and not Path(REPO / "-").exists()
    assert "records hold personal data" in r.stderr


def test_findings_dash_is_json_lines_on_stdout():
    r = _run("scan", SAMPLE, "--findings", "-", "-q")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows and {"entity", "category", "source", "offset", "preview", "fingerprint"} <= set(rows[0])
    assert r.stderr == ""


def test_both_data_outputs_on_stdout_is_a_usage_error():
    r = _run("scan", SAMPLE, "--findings", "-", "--report", "-")
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and "standard output" in r.stderr


def test_quiet_prints_nothing_but_errors_still_reach_stderr(tmp_path):
    r = _run("scan", SAMPLE, "-q")
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""
    r = _run("scan", tmp_path / "missing.csv", "--quiet")
    assert r.returncode == 4 and r.stdout == ""
    r = _run("scan", SAMPLE, "-q", "--context", "exposure=everyone")
    assert r.returncode == 2 and r.stdout == "" and "--context exposure=" in r.stderr


def test_fail_on_findings_and_exit_code(clean_csv):
    assert _run("scan", SAMPLE, "-q", "--fail-on-findings").returncode == EXIT_FINDINGS == 1
    assert _run("scan", SAMPLE, "-q", "--exit-code", "42").returncode == 42
    assert _run("scan", clean_csv, "-q", "--fail-on-findings").returncode == 0
    assert _run("scan", SAMPLE, "-q", "--exit-code", "3").returncode == 2  # a documented code is refused


def test_an_incomplete_scan_keeps_its_code_with_fail_on_findings(tmp_path):
    """Findings in one input, another missing: 3 (never taken for clean or merely "found")."""
    assert main(["scan", str(SAMPLE), str(tmp_path / "nope.csv"), "-q", "--fail-on-findings"]) == 3


def test_version_and_help(capsys):
    r = _run("-V")
    assert r.returncode == 0 and r.stdout.strip() == f"piiscan {piiscan.__version__}"
    r = _run("scan", "--help")
    assert r.returncode == 0
    for needle in ("examples:", "exit codes:", "--fail-on-findings", "--report -", "NO_COLOR", "130"):
        assert needle in r.stdout, needle


def test_piiscan_alone_prints_the_short_help_on_stderr(capsys):
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage: piiscan scan PATH" in err and "piiscan scan --help" in err


def test_colour_follows_the_flag_and_no_color(tmp_path):
    env = dict(cli_env(), NO_COLOR="1")
    plain = _run("scan", SAMPLE, "--color", "auto", env=env)  # stdout is a pipe, and NO_COLOR: no escape
    assert "\x1b[" not in plain.stdout and "\x1b[" not in plain.stderr
    forced = _run("scan", SAMPLE, "--color", "always", env=env)  # the flag wins over the environment
    assert "\x1b[" in forced.stdout
    never = _run("scan", SAMPLE, "--color", "never")
    assert "\x1b[" not in never.stdout


def test_library_raises_file_not_found(tmp_path):
    missing = tmp_path / "missing.csv"
    with pytest.raises(FileNotFoundError) as info:
        piiscan.open_scan([missing])
    assert info.value.errno == errno.ENOENT and info.value.filename == str(missing)
    with pytest.raises(FileNotFoundError):
        piiscan.scan(missing)
    report = piiscan.scan([SAMPLE, missing], on_error="skip")
    assert report.data["skipped"]["by_reason"] == {"not-found": 1} and report.summary["findings"] > 0


def test_library_raises_for_a_broken_link_inside_a_directory_it_follows(tmp_path):
    """Links inside a folder are not followed by default (counted as skipped); followed, a dangling one raises."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.csv").write_text("nom\nDUPONT\n", encoding="utf-8")
    (tmp_path / "d" / "b.csv").symlink_to(tmp_path / "gone.csv")
    report = piiscan.scan(tmp_path / "d")
    assert report.summary["inputs"] == 1
    assert report.data["skipped"]["by_reason"] == {"symlink": 1}
    with pytest.raises(FileNotFoundError):
        piiscan.scan(tmp_path / "d", follow_links=True)
    assert piiscan.scan(tmp_path / "d", follow_links=True, on_error="skip").summary["inputs"] == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_library_raises_permission_error(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text("nom\nDUPONT\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(PermissionError):
        piiscan.scan(path)


def test_on_error_is_checked():
    with pytest.raises(ValueError, match="on_error"):
        piiscan.open_scan([SAMPLE], on_error="ignore")  # type: ignore[arg-type]


def test_many_inputs_are_folded_and_naturally_sorted(tmp_path):
    """200 parts: a handful of lines, part_2 before part_10, the rest summed up (not 200 lines)."""
    d = tmp_path / "parts"
    d.mkdir()
    for n in range(1, 201):
        body = "nom;courriel\nDUPONT;jean.dupont@exemple.fr\n" if n in (2, 10, 100) else "produit\nchaise\n"
        (d / f"part_{n}.csv").write_text(body, encoding="utf-8")
    from piiscan.output.report import format_summary

    text = format_summary(piiscan.scan(d).data)
    listed = [line for line in text.splitlines() if line.startswith("  · ")]
    assert len(listed) <= 8 and "more inputs" in text and len(text.splitlines()) < 40
    names = [line.split(":")[0].rsplit("/", 1)[-1] for line in listed]
    assert names.index("part_2.csv") < names.index("part_10.csv") < names.index("part_100.csv")
