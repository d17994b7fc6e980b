"""Cold start: the scanner knows whether its detection kernel is compiled, without compiling it.

A cold kernel is compiled by a child process (`Scanner._compile_detection`), so the ~150 MB numba keeps
after compiling never adds to a scan's working set; that needs a reliable "is it cached?" answer.
"""

from __future__ import annotations

import os
import subprocess
import sys

from piiscan.kernels.chars import IDENTITY_BYTES
from piiscan.scanner import Scanner, ScanOptions, _tiny_detection_input

PROBE = (
    "from piiscan.scanner import Scanner, ScanOptions, _tiny_detection_input\n"
    "from piiscan.kernels.chars import IDENTITY_BYTES\n"
    "s = Scanner(ScanOptions(workers=1))\n"
    "print(s._run_detection(*_tiny_detection_input(0, IDENTITY_BYTES, False), check_only=True))\n"
)


def test_empty_cache_reports_not_ready(tmp_path):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "empty-cache"))
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_compiled_kernel_reports_ready():
    scanner = Scanner(ScanOptions(workers=1))
    args = _tiny_detection_input(0, IDENTITY_BYTES, False)
    scanner._run_detection(*args)  # compiled (or loaded) in this process
    assert scanner._run_detection(*args, check_only=True) is True


def test_warm_up_finds_nothing_and_leaves_no_trace():
    """The warm-up input is one empty cell: no finding, no record date, nothing added to the partial."""
    scanner = Scanner(ScanOptions(workers=1))
    cols, rec_date, stats = scanner._run_detection(*_tiny_detection_input(0, IDENTITY_BYTES, True))
    assert len(cols[0]) == 0 and int(stats.sum()) == 0 and len(rec_date) == 1
    scanner._compile_detection(0, IDENTITY_BYTES, False)
    assert scanner.partial.inputs == [] and not scanner.partial.samples
