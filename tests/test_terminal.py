"""What a person at a terminal sees: the progress display (pty), and, on a cold numba cache, the compile
notice, from the wheel installed in a clean virtual environment (the packs are force-included only in the
wheel, so this is also the packaging smoke test).

The progress dump is generated at test time: a 300 MB scan, as the issue asks (~2-3 s of scan on a quiet
2-core machine); `PIISCAN_PROGRESS_TEST_MB=N` changes the size.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from clirunner import REPO, cli_env
from ptyrun import run_on_pty

SAMPLE = REPO / "fixtures" / "sample_ofii.csv"
PROGRESS_MB = int(os.environ.get("PIISCAN_PROGRESS_TEST_MB", "300"))
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _dump(path: Path, megabytes: int) -> Path:
    header, _, body = SAMPLE.read_bytes().partition(b"\n")
    block = body * max(1, (8 << 20) // len(body))
    with path.open("wb") as fh:
        fh.write(header + b"\n")
        while fh.tell() < megabytes * 1_000_000:
            fh.write(block)
    return path


def _frames(printed: str) -> list[str]:
    return [f.strip() for f in re.split(r"[\r\n]", _ANSI.sub("", printed)) if f.strip()]


def test_progress_display_shows_total_percentage_rate_eta_and_input(tmp_path):
    path = _dump(tmp_path / "gros_export.csv", PROGRESS_MB)
    env = cli_env()
    env.pop("NO_COLOR", None)
    code, printed = run_on_pty(
        [sys.executable, "-m", "piiscan", "scan", path, "--workers", "2"], env=env, cwd=REPO, timeout=900
    )
    assert code == 0, printed[-3000:]
    total = f"/{path.stat().st_size / 1e6:.1f} MB"  # bytes done of the total, in MB
    bars = [f for f in _frames(printed) if total in f and re.search(r"\b\d{1,3}%", f)]
    assert bars, printed[-3000:]
    percents = {int(p) for f in bars for p in re.findall(r"\b(\d{1,3})%", f)}
    assert any(0 < p < 100 for p in percents), bars  # seen part-way, not only at the ends
    assert any(re.search(r"\d(\.\d)? [kMG]B/s", f) for f in bars), bars  # rate
    assert any(re.search(r"\b\d+:\d\d:\d\d\b", f) for f in bars), bars  # time left
    assert any(path.name in f for f in bars), bars  # current input
    assert "records hold personal data" in printed  # the summary follows, the bar is gone


def test_wheel_in_a_clean_venv_scans_and_says_it_compiles_on_a_cold_cache(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, REPO],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = dist.glob("piiscan_fr-*.whl")  # the distribution name on the package index
    names = zipfile.ZipFile(wheel).namelist()
    assert "piiscan/_packs/fr/fr_passport.yaml" in names and "piiscan/_packs/fr/pack.yaml" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=300)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-3000:]
    # the dependencies (numpy, numba, pyarrow...) come from the test environment, after the venv's own
    # site-packages: offline and fast, and piiscan itself can only come from the wheel
    site = Path(subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())  # fmt: skip
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = subprocess.check_output([python, "-c", "import piiscan; print(piiscan.__file__)"], text=True, cwd=tmp_path)
    assert where.startswith(str(venv)), where
    work = tmp_path / "work"
    work.mkdir()
    (work / "dump.csv").write_bytes(SAMPLE.read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR", "PIISCAN_DEBUG")}
    env["NUMBA_CACHE_DIR"] = str(tmp_path / "empty-numba-cache")
    code, printed = run_on_pty([venv / "bin" / "piiscan", "scan", "dump.csv"], env=env, cwd=work, timeout=900)
    assert code == 0, printed[-3000:]
    text = _ANSI.sub("", printed)
    assert text.count("compiling the scan kernels") == 1, text[-3000:]
    assert len(re.findall(r"kernels compiled in \d+\.\d s", text)) == 1, text[-3000:]
    assert "records hold personal data" in text and "FR_PASSPORT" in text
