"""Many inputs: per-input bookkeeping is bounded and adding inputs up changes no total, verdict or exit code.

A folder of 100,000 one-line files must not keep 100,000 rows in memory and in the report: past
`LISTED_INPUTS` inputs are folded into one tally (`Partial.more_inputs`, the report's `inputs_more`).  These
tests lower the bound to a few inputs and check that everything the report says in total is what the
unbounded bookkeeping says, on folders mixing good, empty, binary and badly quoted files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.output import aggregate
from piiscan.output.outcome import scan_outcome
from piiscan.output.report import build_report, format_summary
from piiscan.scanner import Scanner, ScanOptions

KEY = b"many-inputs-test-key"

_KINDS = {
    "good": "nom;prenom;email\nMartin;Jean;jean.martin{i}@exemple.fr\n",
    "nohit": "ville;code\nLyon;69{i:03d}\n",
    "bad": 'nom;prenom;email\n"Durand;Marie;m{i}@exemple.fr\n',  # a quote never closed: a bad record
    "empty": "",
    "binary": None,
    "jsonl": '{{"nom": "Roux", "nir": "1850575123456"}}\n{{"email": "paul{i}@exemple.fr"}}\n',
    "link": None,  # a symbolic link out of the tree: a skip of the walk, no input
}


def _write(root: Path, kinds: list[str]) -> None:
    for i, kind in enumerate(kinds):
        path = root / f"f{i:04d}.{'bin' if kind == 'binary' else 'txt'}"
        if kind == "link":
            path.symlink_to(root.parent)
            continue
        text = _KINDS[kind]
        if text is None:
            path.write_bytes(bytes(range(256)) * 4)
        else:
            path.write_text(text.format(i=i), encoding="utf-8")


def _scan(root: Path, *, fingerprints: bool = False):
    scanner = Scanner(ScanOptions(workers=1, key=KEY, reference_date=dt.date(2026, 11, 23), fingerprints=fingerprints))
    findings = [
        (b.source_at(i), int(b.offset[i]), int(b.record[i])) for b in scanner.scan([str(root)]) for i in range(len(b))
    ]
    report = build_report(scanner.partial, elapsed=1.0, workers=1)
    return scanner, findings, report


def _totals(report: dict) -> dict:
    cov = report["coverage"]
    return {
        "summary": {k: v for k, v in report["summary"].items()},
        "coverage_total": cov["total"],
        "complete": cov["complete"],
        "verdict": cov["verdict"],
        "entities": report["entities"],
        "skipped": report["skipped"]["by_reason"],
    }


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(st.sampled_from(sorted(_KINDS)), min_size=1, max_size=14),
    listed=st.integers(min_value=0, max_value=5),
    skips=st.integers(min_value=0, max_value=4),
)
def test_folded_inputs_change_no_total_verdict_or_exit_code(tmp_path_factory, monkeypatch, kinds, listed, skips):
    root = tmp_path_factory.mktemp("many")
    _write(root, kinds)
    full_scanner, full_findings, full = _scan(root)
    with monkeypatch.context() as m:
        m.setattr(aggregate, "LISTED_INPUTS", listed)
        m.setattr(aggregate, "LISTED_SKIPS", skips)
        scanner, findings, bounded = _scan(root)
        code = scan_outcome(scanner.partial, bounded, errors=scanner.errors).exit_code
    assert findings == full_findings
    assert _totals(bounded) == _totals(full)
    assert code == scan_outcome(full_scanner.partial, full, errors=full_scanner.errors).exit_code
    # skips past LISTED_SKIPS are counted, not listed; each listed input still has its own skips' problems
    sk, full_sk = bounded["skipped"], full["skipped"]
    assert sk["count"] == full_sk["count"] and sk["items"] == full_sk["items"][:skips]
    assert sk.get("items_more", 0) == max(0, full_sk["count"] - skips)
    listed_sources = {i["source"] for i in bounded["coverage"]["inputs"]}
    assert bounded["coverage"]["inputs"] == [i for i in full["coverage"]["inputs"] if i["source"] in listed_sources]
    assert len(bounded["inputs"]) == min(listed, len(full["inputs"]))
    assert bounded["inputs"] == full["inputs"][:listed]  # the first ones, in input order
    more = bounded.get("inputs_more")
    rest = full["inputs"][listed:]
    if rest:
        assert more["inputs"] == len(rest)
        for key in ("bytes", "records", "records_with_findings", "bad_records", "findings"):
            assert more[key] == sum(i[key] for i in rest), key
        assert (more["first_source"], more["last_source"]) == (rest[0]["source"], rest[-1]["source"])
        assert sum(more["formats"].values()) == len(rest)
        assert len(bounded["coverage"]["inputs"]) == len({i["source"] for i in bounded["inputs"]})
    else:
        assert more is None
    assert "more inputs" in format_summary(bounded) or len(full["inputs"]) <= 8


def test_fingerprint_file_lists_every_source_past_the_bound(tmp_path, monkeypatch):
    from piiscan.output.fingerprints import read_metadata, write_fingerprints

    root = tmp_path / "dump"
    root.mkdir()
    _write(root, ["good", "bad", "good", "nohit", "good"])
    full_scanner, _, _ = _scan(root, fingerprints=True)
    full = write_fingerprints(tmp_path / "full.parquet", full_scanner.partial, k0=full_scanner.k0, k1=full_scanner.k1)
    monkeypatch.setattr(aggregate, "LISTED_INPUTS", 1)
    scanner, _, _ = _scan(root, fingerprints=True)
    meta = write_fingerprints(tmp_path / "bounded.parquet", scanner.partial, k0=scanner.k0, k1=scanner.k1)
    for key in ("sources", "source_records", "record_count", "bad_records", "entities"):
        assert meta[key] == full[key], key
    assert read_metadata(tmp_path / "bounded.parquet")["sources"] == full["sources"]


@pytest.mark.parametrize("split", [1, 2, 4])
def test_merged_partials_fold_like_one_scan(tmp_path, monkeypatch, split):
    """Partials merged in input order (a Dask scale-out) give the bounded report of one scan."""
    root = tmp_path / "dump"
    root.mkdir()
    kinds = ["good", "empty", "bad", "good", "binary", "nohit", "good", "jsonl"]
    _write(root, kinds)
    monkeypatch.setattr(aggregate, "LISTED_INPUTS", 3)
    monkeypatch.setattr(aggregate, "LISTED_SKIPS", 1)
    _, _, one = _scan(root)
    files = sorted(str(p) for p in root.iterdir())
    size = -(-len(files) // split)
    merged = None
    for lo in range(0, len(files), size):
        scanner = Scanner(ScanOptions(workers=1, key=KEY, reference_date=dt.date(2026, 11, 23)))
        for _ in scanner.scan(files[lo : lo + size]):
            pass
        merged = scanner.partial if merged is None else merged.merge(scanner.partial)
    report = build_report(merged, elapsed=1.0, workers=1)
    assert _totals(report) == _totals(one)
    assert report["inputs"] == one["inputs"] and report.get("inputs_more") == one.get("inputs_more")
    assert report["skipped"] == one["skipped"] and one["skipped"]["items_more"] == 1  # empty and binary: 2 skips
    assert report["coverage"] == one["coverage"]


def test_a_file_cut_in_ranges_stays_one_input_past_the_bound(monkeypatch):
    """Dask merges leaves in a tree: the last file of a merged subtree stays open past the bound, so the
    next byte range of that file is still folded into it (`distributed.tasks.merge_leaves`)."""
    from piiscan.distributed.tasks import Leaf, merge_leaves
    from piiscan.output.aggregate import InputStats, Partial

    monkeypatch.setattr(aggregate, "LISTED_INPUTS", 2)

    def leaf(*entries: tuple[str, int], continues: bool = False) -> Leaf:
        p = Partial()
        for source, records in entries:
            p.add_input(InputStats(source=source, format="csv", bytes=10 * records, records=records))
        return Leaf(p, continues=continues)

    left = merge_leaves(leaf(("a", 1), ("b", 1)), leaf(("c", 1), ("d", 1), ("big", 5)))
    merged = merge_leaves(left, leaf(("big", 7), ("e", 1), continues=True))
    report = build_report(merged.partial, elapsed=1.0, workers=1)
    assert report["summary"]["inputs"] == 6  # a, b, c, d, big (two ranges, one input), e
    assert report["coverage"]["total"]["inputs"] == 6 and report["coverage"]["total"]["records"] == 17
    assert report["inputs_more"]["inputs"] == 4 and report["inputs_more"]["last_source"] == "e"
