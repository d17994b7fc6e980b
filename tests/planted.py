"""Recovery checks of planted synthetic people: scan a file that holds them, compare value sets.

The people come from `synth.planted.planted_rows` (valid NIR keys, IBAN checksums, French passports) and
every value sits under the header that gives it context, so a format reader that loses no
cell and no header lets the engine recover every planted value; a reader that drops records, shifts
columns or garbles bytes shows up as a recall below the bar, and one that cuts or merges values as an
invented value.  Values are compared normalised (case, spaces and separators), per entity.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from piiscan.cli import main
from synth.planted import COLUMNS

__all__ = ["assert_recovered", "recovery", "scan_findings", "scan_keys"]


def _norm(entity: str, value: str) -> str:
    # a quote inside an SQL string is written doubled or escaped: the finding holds the input's own bytes
    v = unicodedata.normalize("NFC", value.replace("''", "'").replace("\\'", "'")).casefold().strip()
    if entity in ("FR_NIR", "PHONE_NUMBER", "IBAN_CODE", "FR_PASSPORT"):
        v = re.sub(r"[\s.\-]", "", v)
        if entity == "PHONE_NUMBER":
            v = re.sub(r"^(\+33|0033)", "0", v)
    return v


def scan_findings(path: Path, out_dir: Path, *extra: str) -> tuple[int, list[dict]]:
    """Scan `path` in this process with raw values shown; `(exit code, findings)`."""
    out = out_dir / f"{path.name}.findings.jsonl"
    code = main(
        ["scan", str(path), "--quiet", "--workers", "1", "--findings", str(out), "--unsafe-show-values", *extra]
    )
    findings = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return code, findings


def scan_keys(path: Path, *, chunk_size: int) -> list[tuple]:
    """`(offset, length, entity, record, field, score)` of every finding, scanned with a given chunk size (the
    library, so that chunks far below the command line's 64 KB floor cut records everywhere)."""
    from piiscan.scanner import Scanner, ScanOptions

    scanner = Scanner(ScanOptions(workers=1, chunk_size=chunk_size, key=b"k" * 32))
    keys = []
    for b in scanner.scan([str(path)]):
        d = b.to_arrow().to_pydict()
        keys += list(zip(d["offset"], d["length"], d["entity"], d["record"], d["field"], d["score"], strict=True))
    return keys


def recovery(rows: list[dict[str, str]], findings: list[dict]) -> dict[str, tuple[float, set[str]]]:
    """Per planted entity: `(share of planted distinct values found, values found that were not planted)`."""
    planted: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for header, entity in COLUMNS:
            planted[entity].add(_norm(entity, row[header]))
    found: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        found[f["entity"]].add(_norm(f["entity"], f["value"]))
    result = {}
    for entity in sorted(set(planted) | set(found)):
        want = planted.get(entity, set())
        got = found.get(entity, set())
        share = len(want & got) / len(want) if want else 1.0
        result[entity] = (share, got - want)
    return result


def assert_recovered(rows: list[dict[str, str]], findings: list[dict], *, at_least: float = 0.98) -> None:
    """Every planted entity recovered at `at_least`, and no value that was not planted."""
    result = recovery(rows, findings)
    low = {e: round(s, 3) for e, (s, _) in result.items() if s < at_least}
    invented = {e: len(extra) for e, (_, extra) in result.items() if extra}
    assert not low and not invented, f"recall below {at_least}: {low}; invented values per entity: {invented}"
