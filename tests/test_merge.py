"""Partial results merge into exactly the report of one scan (the contract a Dask scale-out relies on)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.aggregate import HashSet
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


def test_fingerprint_sets_turn_into_sketches_past_the_bound_and_still_merge() -> None:
    """Past `exact_limit` held fingerprints the largest sets become HyperLogLog sketches: counts within a
    few percent, flagged estimated, and a sketch merged with exact sets is their union."""
    import numpy as np

    from piiscan.aggregate import HashSet, Partial

    rng = np.random.default_rng(7)
    values = rng.integers(0, 2**64, 300_000, dtype=np.uint64)
    exact, sketch = HashSet(), HashSet()
    exact.add(values[:200_000])
    sketch.add(values[100_000:])
    sketch.to_sketch()
    assert sketch.estimated and not exact.estimated
    assert abs(len(sketch) - 200_000) / 200_000 < 0.03
    exact.merge(sketch)  # union: 300,000 distinct
    assert exact.estimated and abs(len(exact) - 300_000) / 300_000 < 0.03
    with pytest.raises(ValueError):
        exact.array()

    partial = Partial(exact_limit=150_000)
    partial.distinct[0].add(values[:100_000])
    partial.distinct[3].add(values[:120_000])
    partial._bound_memory()
    assert partial.distinct[3].estimated and not partial.distinct[0].estimated
    assert sum(s.held for s in [*partial.distinct, partial.persons]) <= 150_000


class _SmallBatches(HashSet):
    BATCH = 8  # runs after a few values: every add exercises sorting, run merging and the final merge


@given(st.lists(st.lists(st.integers(0, 60) | st.integers(0, 2**64 - 1), max_size=20), max_size=30))
def test_fingerprint_set_in_runs_is_the_sorted_union(batches: list[list[int]]) -> None:
    """However values arrive, the runs hold each once and `array()` is the sorted union; `held` never
    counts fewer than the distinct values held (the memory bound errs on the safe side)."""
    import numpy as np

    s = _SmallBatches()
    seen: set[int] = set()
    for batch in batches:
        s.add(np.array(batch, np.uint64))
        seen.update(batch)
        assert s.held >= len(seen)
        for runs in s._buckets:
            assert all(len(a) >= len(b) for a, b in itertools.pairwise(runs))
    assert s.array().tolist() == sorted(seen)
    assert len(s) == len(seen)


@given(st.sets(st.integers(0, 2**64 - 1), max_size=200), st.sets(st.integers(0, 2**64 - 1), max_size=30), st.data())
def test_merge_unique_is_the_sorted_union(a: set[int], b: set[int], data: st.DataObject) -> None:
    """Both of merge_unique's loops (similar sizes, and one array 8x longer) give the sorted union."""
    import numpy as np

    from piiscan.kernels.tally import merge_unique

    b |= set(data.draw(st.lists(st.sampled_from(sorted(a)), max_size=10))) if a else set()  # shared values
    x, y = np.array(sorted(a), np.uint64), np.array(sorted(b), np.uint64)
    for first, second in ((x, y), (y, x)):
        out = np.empty(len(first) + len(second), np.uint64)
        n = merge_unique(first, len(first), second, len(second), out)
        assert out[:n].tolist() == sorted(a | b)
