"""Partial results merge into exactly the report of one scan (the contract a Dask scale-out relies on)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from piiscan.report import build_report
from piiscan.scanner import Scanner, ScanOptions

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "fixtures" / n for n in ("sample_ofii.csv", "visas.jsonl", "dump.sql", "notes.txt")]
OPTIONS = ScanOptions(key=b"m" * 32, reference_date=dt.date(2026, 1, 1), workers=1)
VOLATILE = ("generated_at", "performance")


def _partial(paths):
    scanner = Scanner(OPTIONS)
    for _ in scanner.scan([str(p) for p in paths]):
        pass
    return scanner.partial


def _report(partial):
    report = build_report(partial, elapsed=1.0, workers=1)
    return {k: v for k, v in report.items() if k not in VOLATILE}


def test_merged_partials_equal_one_scan():
    whole = _report(_partial(FILES))
    parts = [_partial([p]) for p in FILES]
    merged = parts[0]
    for p in parts[1:]:
        merged.merge(p)
    assert _report(merged) == whole


def test_merge_is_order_independent():
    a, b = _partial(FILES[:2]), _partial(FILES[2:])
    a2, b2 = _partial(FILES[:2]), _partial(FILES[2:])
    ab = _report(a.merge(b))
    ba = _report(b2.merge(a2))
    # input order differs by construction; everything else is equal
    ab.pop("inputs"), ba.pop("inputs")
    ab.pop("fields"), ba.pop("fields")
    ab.pop("sample_records"), ba.pop("sample_records")
    ab["skipped"].pop("items"), ba["skipped"].pop("items")
    assert ab == ba


def test_same_key_scans_can_be_compared_for_overlap():
    """Cross-leak overlap: two scans with one key share fingerprints for the same people."""
    a = _partial([FILES[0]])
    b = _partial([FILES[0]])
    common = set(a.persons.array().tolist()) & set(b.persons.array().tolist())
    assert len(common) == len(a.persons) > 0
