"""Run the real `piiscan scan` command line in a child process, the way a user does, and measure it.

Why a child process rather than `cli.main()`: the guarantees under test are properties of the process —
its exit code, what reaches stdout/stderr (no traceback, no value), and its peak memory — and a crash in a
numba kernel must not take the test runner down with it.  Peak RSS is the child's own `ru_maxrss`, read
with `os.wait4` on that one pid (`RUSAGE_CHILDREN` would mix in every earlier child of the test run), taken by a
small launcher process (`rss_launcher.py`: started straight from pytest, a child's peak would include
pytest's own).
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["REPO", "CliResult", "assert_clean", "cli_env", "run_cli"]

REPO = Path(__file__).resolve().parents[1]
_LAUNCHER = Path(__file__).resolve().parent / "rss_launcher.py"
_RUNS = itertools.count()


@dataclass(frozen=True)
class CliResult:
    """What one `piiscan scan` run left behind."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float
    report_path: Path | None

    @property
    def report(self) -> dict[str, Any]:
        """The JSON report (fails the test if the run did not write one)."""
        assert self.report_path is not None and self.report_path.exists(), f"no report written: {self}"
        return json.loads(self.report_path.read_text(encoding="utf-8"))

    @property
    def skipped(self) -> dict[str, int]:
        """`skipped.by_reason` of the report."""
        return self.report["skipped"]["by_reason"]

    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def cli_env() -> dict[str, str]:
    """The environment of the child: the repo importable, no debug tracebacks, NUMBA_CACHE_DIR untouched."""
    env = dict(os.environ)
    env.pop("PIISCAN_DEBUG", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def run_cli(
    args: Sequence[str | os.PathLike[str]],
    *,
    outdir: Path,
    report: bool = True,
    timeout: float = 120.0,
    cwd: Path | None = None,
) -> CliResult:
    """Run `python -m piiscan scan *args` and wait for it (failing the test after `timeout` s).

    With `report=True` (and no `--report` in `args`) a `--report` file in `outdir` is added, so every
    run can be checked for what it counted as skipped.  stdout/stderr go to files, not pipes: the child
    can write any amount without a deadlock while the parent polls `wait4` for its resource usage.
    """
    argv = [str(a) for a in args]
    outdir.mkdir(parents=True, exist_ok=True)
    n = next(_RUNS)
    report_path: Path | None = None
    if "--report" in argv:
        report_path = Path(argv[argv.index("--report") + 1])
        if not report_path.is_absolute():
            report_path = (cwd or outdir) / report_path
    elif report:
        report_path = outdir / f"report-{n}.json"
        argv += ["--report", str(report_path)]
    out_file, err_file = outdir / f"stdout-{n}.txt", outdir / f"stderr-{n}.txt"
    with out_file.open("wb") as out, err_file.open("wb") as err:
        rss_file = outdir / f"rss-{n}.txt"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(_LAUNCHER), str(rss_file), sys.executable, "-m", "piiscan", "scan", *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd or outdir,
            env=cli_env(),
            start_new_session=True,  # the launcher and the scan: one group to kill on a timeout
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise AssertionError(f"piiscan scan {' '.join(argv)} did not finish within {timeout:g} s")
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
        # the scan's own peak, from the launcher (see tests/rss_launcher.py); the launcher's if it wrote none
        peak_kib = int(rss_file.read_text()) if rss_file.exists() else usage.ru_maxrss
    return CliResult(
        args=tuple(argv),
        code=proc.returncode,
        stdout=out_file.read_bytes().decode("utf-8", "replace"),
        stderr=err_file.read_bytes().decode("utf-8", "replace"),
        seconds=seconds,
        peak_rss_mb=peak_kib / 1024,  # KiB on Linux
        report_path=report_path,
    )


def assert_clean(result: CliResult, *, max_stderr_lines: int = 3) -> None:
    """No traceback, no internal error, and at most a few lines on stderr, whatever the input."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert len(result.stderr_lines()) <= max_stderr_lines, result.stderr
