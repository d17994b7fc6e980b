"""A plain scan does not pay for libraries only some inputs or outputs need (start-up is part of every run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_PROBE = """
import sys
from piiscan.cli import run
sys.argv = ["piiscan", "scan", sys.argv[1], "--quiet", "--report", sys.argv[2], "--workers", "1"]
try:
    run()
except SystemExit:
    pass
heavy = sorted(m for m in ("pyarrow", "py7zr", "python_calamine", "bson") if m in sys.modules)
print(",".join(heavy))
"""


def test_plain_csv_scan_imports_no_container_or_columnar_library(tmp_path: Path) -> None:
    dump = tmp_path / "clients.csv"
    dump.write_text("nom;email\nDupont;jean.dupont@example.fr\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(dump), str(tmp_path / "r.json")],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert done.stdout.strip() == ""
