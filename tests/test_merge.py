"""Partial results merge into exactly the report of one scan (the contract a Dask scale-out relies on)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.output.aggregate import HashSet
from piiscan.output.report import build_report
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

    from piiscan.output.aggregate import HashSet, Partial

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


def _distinct_writings_reference(hashes, rows, start, length, data, limit) -> list[int]:
    """Plain Python: the first position of each distinct (fingerprint, bytes) pair at or under `limit`."""
    first: dict[tuple[int, bytes], int] = {}
    for j, (h, r) in enumerate(zip(hashes.tolist(), rows.tolist(), strict=True)):
        if h <= limit:
            first.setdefault((h, data[start[r] : start[r] + length[r]].tobytes()), j)
    return sorted(first.values())


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from([b"FRA", b"fra", b"MAR", b"marocaine", b"", b"FR"])), max_size=60
    ),
    st.integers(0, 6),
)
def test_distinct_writings_kernel_equals_reference(values: list[tuple[int, bytes]], limit: int) -> None:
    """The preview kernel keeps the first of every distinct writing of the fingerprints it may keep."""
    from piiscan.kernels.tally import distinct_writings

    data = np.frombuffer(b"".join(w for _, w in values) or b"\0", np.uint8)
    length = np.array([len(w) for _, w in values], np.int64)
    start = np.concatenate([[0], np.cumsum(length)[:-1]]).astype(np.int64) if values else np.zeros(0, np.int64)
    hashes = np.array([h for h, _ in values], np.uint64)
    rows = np.arange(len(values), dtype=np.int64)[::-1].copy()  # positions index the batch through `rows`
    hashes = hashes[rows]
    out = np.empty(len(values), np.int64)
    n = distinct_writings(hashes, rows, start, length, data, np.uint64(limit), out)
    assert out[:n].tolist() == _distinct_writings_reference(hashes, rows, start, length, data, limit)


@given(st.sets(st.integers(0, 40), max_size=5), st.lists(st.integers(0, 40), max_size=80), st.integers(1, 5))
def test_smallest_distinct_kernel_equals_sorted_set(held: set[int], values: list[int], k: int) -> None:
    """The preview kernel keeps the k smallest distinct values of what it held and what it saw."""
    from piiscan.kernels.tally import smallest_distinct

    start = sorted(held)[:k]
    out = np.zeros(k, np.uint64)
    out[: len(start)] = start
    n = smallest_distinct(np.array(values, np.uint64), out, len(start))
    assert out[:n].tolist() == sorted({*start, *values})[:k]
