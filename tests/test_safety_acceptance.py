"""Issue 18's acceptance, case by case, with the same four checks on every case.

Each hostile case of the safety audit (scope, evidence, terminal, crash, limits, messages) is built in
`tmp_path` and run through the real command line; every run must: exit with the documented code, print no
traceback, write nothing but the outputs it was told to write (the input tree's bytes unchanged, no other
file created anywhere under `tmp_path`), and put no control byte (below 0x20 but newline), ESC, C1 control
or bidi override on stdout or stderr.  The deeper checks of each case live in `test_safety.py`; this module
makes sure none of the four is forgotten for any case.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from clirunner import CliResult, assert_clean, run_cli
from test_safety import HEADER, assert_terminal_safe, rows, snapshot, write

pytestmark = pytest.mark.usefixtures("warm_cli")

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\nFAKE: 0 findings, all clean\n\u202egpj.csv"

Case = Callable[[Path, Path, Path], tuple[list, int, list[Path]]]
"""`(input folder, output folder, tmp root) -> (arguments, expected exit code, outputs it may write)`."""


def _links(d: Path, out: Path, root: Path):
    write(d / "clients.csv", HEADER + rows(2))
    write(root / "neighbour" / "secret.csv", HEADER + rows(2, domain="voisin.fr"))
    (d / "to-neighbour").symlink_to(root / "neighbour")
    (d / "parent").symlink_to("..")
    (d / "environ.csv").symlink_to("/proc/self/environ")
    return [d, "--report", out / "r.json"], 3, [out / "r.json"]


def _fifo(d: Path, out: Path, root: Path):
    write(d / "good.csv", HEADER + rows(2))
    os.mkfifo(d / "pipe.csv")
    return [d, "--report", out / "r.json"], 3, [out / "r.json"]


def _report_over_input(d: Path, out: Path, root: Path):
    dump = write(d / "dump.csv", HEADER + rows(2))
    return [dump, "--report", dump], 2, []


def _findings_over_input(d: Path, out: Path, root: Path):
    leak = write(d / "leak.jsonl", b'{"email": "jean@exemple.fr"}\n')
    return [leak, "--findings", leak], 2, []


def _output_inside_scanned_tree(d: Path, out: Path, root: Path):
    write(d / "dump.csv", HEADER + rows(2))
    return [d, "--findings", d / "found.jsonl"], 2, []


def _hostile_names(d: Path, out: Path, root: Path):
    write(d / f"a{HOSTILE}.csv", f"nom;{HOSTILE};email\nDupont;x;jean@exemple.fr\n".encode())
    write(d / "keys.jsonl", json.dumps({HOSTILE: "x", "email": "a@exemple.fr"}).encode() + b"\n")
    write(d / "cols.sql", b"INSERT INTO t (`nom`, `\x1b[2Jcol`) VALUES ('Dupont', 'b@exemple.fr');\n")
    write(d / f"empty{HOSTILE}.csv", b"")
    return [d, "--report", out / "r.json"], 3, [out / "r.json"]


def _deep_json(d: Path, out: Path, root: Path):
    write(d / "deep.json", b"[" * 1000 + b'"x"' + b"]" * 1000)
    write(d / "deep.jsonl", b'{"a":' * 1000 + b"1" + b"}" * 1000 + b"\n" + b'{"email": "b@exemple.fr"}\n')
    write(d / "good.csv", HEADER + rows(2))
    return [d, "--report", out / "r.json"], 3, [out / "r.json"]


def _full_disk(d: Path, out: Path, root: Path):
    dump = write(d / "dump.csv", HEADER + rows(50))
    (out / "full.jsonl").symlink_to("/dev/full")  # a findings file on a full disk
    return [dump, "--findings", out / "full.jsonl"], 7, []


def _wrong_extension(d: Path, out: Path, root: Path):
    dump = write(d / "dump.csv", HEADER + rows(2))
    return [dump, "--findings", out / "f.txt", "--report", out / "r.json"], 2, []


def _unsafe_values_alone(d: Path, out: Path, root: Path):
    dump = write(d / "dump.csv", HEADER + rows(2))
    return [dump, "--unsafe-show-values", "--report", out / "r.json"], 2, []


def _runaway_findings(d: Path, out: Path, root: Path):
    dump = write(d / "dump.csv", HEADER + rows(500))
    outputs = [out / "f.jsonl", out / "r.json"]
    return [dump, "--findings", outputs[0], "--max-findings-bytes", "2000", "--report", outputs[1]], 6, outputs


def _quiet_missing_path(d: Path, out: Path, root: Path):
    write(d / "dump.csv", HEADER + rows(2))
    return [d / "dump.csv", d / f"missing{HOSTILE}.csv", "--quiet", "--report", out / "r.json"], 3, [out / "r.json"]


CASES: dict[str, Case] = {
    "links-out-of-the-tree": _links,
    "fifo-inside-a-folder": _fifo,
    "report-over-an-input": _report_over_input,
    "findings-over-an-input": _findings_over_input,
    "output-inside-the-scanned-tree": _output_inside_scanned_tree,
    "hostile-names-keys-columns": _hostile_names,
    "json-nested-1000-deep": _deep_json,
    "full-disk-on-findings": _full_disk,
    "wrong-findings-extension": _wrong_extension,
    "unsafe-values-without-findings": _unsafe_values_alone,
    "runaway-findings-file": _runaway_findings,
    "quiet-still-reports-errors": _quiet_missing_path,
}


def _files(root: Path) -> dict[str, str]:
    return snapshot(root)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_hostile_case_is_handled_cleanly(tmp_path: Path, name: str) -> None:
    d, out, logs = tmp_path / "in", tmp_path / "out", tmp_path / "logs"
    d.mkdir()
    out.mkdir()
    args, code, outputs = CASES[name](d, out, tmp_path)
    before = _files(tmp_path)
    result: CliResult = run_cli(args, outdir=logs, report=False, timeout=120)
    assert result.code == code, (result.code, result.stderr)
    assert_clean(result)
    assert_terminal_safe(result)
    if code != 0:
        assert result.stderr.strip(), "a failed or partial scan says why on stderr"
    after = {p: h for p, h in _files(tmp_path).items() if not p.startswith(str(logs))}
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert changed <= {str(p) for p in outputs}, changed  # nothing but the named outputs, inputs untouched
    for p in outputs:
        if code in (0, 3, 6):
            assert p.exists(), p  # a completed (or partial) scan writes what it was asked to
