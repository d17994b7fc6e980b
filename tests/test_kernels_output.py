"""Output and tally kernels against plain numpy, and the chunk buffer pool's reuse rule."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from piiscan.kernels.columns import F_CHECK_FAILED, cell_columns, finding_columns, finding_table, split_kept, split_rows
from piiscan.kernels.detect import OUT_COLUMNS, REC_NO_DATE
from piiscan.kernels.tally import group_by_entity, record_months, tally_findings
from piiscan.output.aggregate import _MONTHS_DAY0, _month_of_day
from piiscan.source.chunker import BufferPool

_rows = st.lists(
    st.tuples(
        st.integers(0, 10),
        st.integers(0, 1 << 40),
        st.integers(0, 300),
        st.integers(0, 1 << 30),
        st.integers(0, 1_000_000),
        st.integers(-(1 << 63), (1 << 63) - 1),
        st.integers(0, 15),
    ),
    max_size=60,
)


def _numpy_order(found: np.ndarray) -> np.ndarray:
    """The reference order of the findings: failed rows dropped, then numpy's stable sort by start."""
    keep = np.flatnonzero((found[:, 6] & F_CHECK_FAILED) == 0)
    return keep[np.argsort(found[keep, 1], kind="stable")]


# starts drawn from a small range so that equal starts (stability) and out-of-order rows are common
_order_rows = st.lists(
    st.tuples(st.integers(0, 10), st.integers(0, 40), st.sampled_from([0, 1, 16, 17, 18])), max_size=80
)


@given(_rows)
def test_split_rows_equals_numpy(rows: list[tuple[int, ...]]) -> None:
    found = np.array(rows, np.int64).reshape(-1, OUT_COLUMNS)
    n = len(found)
    order = np.arange(n, dtype=np.int64)[::-1].copy()
    cols = finding_columns(n)
    split_rows(found, order, n, *cols)
    rows_in_order = found[order]
    expected = (
        rows_in_order[:, 0].astype(np.uint8),
        rows_in_order[:, 1],
        rows_in_order[:, 2],
        rows_in_order[:, 3].astype(np.int32),
        (rows_in_order[:, 4] / 1e6).astype(np.float32),
        rows_in_order[:, 5].view(np.uint64),
        rows_in_order[:, 6].astype(np.uint8),
    )
    for got, want in zip(cols, expected, strict=True):
        assert np.array_equal(got, want)


def _numpy_table(found: np.ndarray) -> list[list]:
    """What the scanner did before `finding_table`: drop failed rows, numpy's stable sort by start, columns."""
    order = _numpy_order(found)
    cols = finding_columns(len(order))
    split_rows(found, order, len(order), *cols)
    return [c.tolist() for c in cols]


def _rows_of(rows: list[tuple[int, int, int]]) -> np.ndarray:
    found = np.zeros((len(rows), OUT_COLUMNS), np.int64)
    for k, (e, start, flag) in enumerate(rows):
        found[k, 0], found[k, 1], found[k, 6] = e, start, flag
        found[k, 2], found[k, 3], found[k, 4], found[k, 5] = k + 1, 2 * k, 1000 * k, -k  # each row told apart
    return found


@given(_order_rows)
def test_finding_table_is_numpys_stable_sort_of_the_kept_rows(rows: list[tuple[int, int, int]]) -> None:
    found = _rows_of(rows)
    cols = finding_columns(len(found))
    assert split_kept(found, len(found), *cols)[1] is True  # few rows: always within the insertion bound
    assert [c.tolist() for c in finding_table(found)] == _numpy_table(found)


def test_finding_table_falls_back_to_a_sort_far_out_of_order() -> None:
    """Rows in reverse order would cost the insertion n²/2 moves: past its bound the kernel gives up and
    the same columns come from numpy's stable sort."""
    n = 3000
    rows = [(k % 11, (n - k) // 2, F_CHECK_FAILED if k % 7 == 0 else 0) for k in range(n)]  # equal starts in pairs
    found = _rows_of(rows)
    assert split_kept(found, n, *finding_columns(n))[1] is False
    assert [c.tolist() for c in finding_table(found)] == _numpy_table(found)
    in_order = _rows_of(rows[::-1])
    assert split_kept(in_order, n, *finding_columns(n))[1] is True
    assert [c.tolist() for c in finding_table(in_order)] == _numpy_table(in_order)


@given(
    st.lists(st.tuples(st.integers(-1, 40), st.integers(0, 10**6)), min_size=1, max_size=30),
    st.lists(st.integers(0, 29), max_size=40),
    st.integers(0, 10**9),
    st.integers(0, 10**12),
)
def test_cell_columns_equals_numpy(cells: list[tuple[int, int]], found: list[int], record_base: int, base: int) -> None:
    cf = np.array([f for f, _ in cells], np.int32)
    cr = np.array([r for _, r in cells], np.int32)
    cell = np.array([c % len(cells) for c in found], np.int32)
    start = np.arange(len(cell), dtype=np.int64) * 7
    field, record, offset = np.empty(len(cell), np.int32), np.empty(len(cell), np.int64), np.empty(len(cell), np.int64)
    cell_columns(cell, start, cf, cr, record_base, base, field, record, offset)
    assert field.tolist() == cf[cell].tolist()
    assert record.tolist() == (record_base + cr[cell].astype(np.int64)).tolist()
    assert offset.tolist() == (start + base).tolist()


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, (1 << 64) - 1)), max_size=80))
def test_group_by_entity_is_a_stable_sort(pairs: list[tuple[int, int]]) -> None:
    ent = np.array([e for e, _ in pairs], np.uint8)
    hashes = np.array([h for _, h in pairs], np.uint64)
    n = len(ent)
    bounds = np.zeros(12, np.int64)
    order = np.empty(n, np.int64)
    grouped = np.empty(n, np.uint64)
    group_by_entity(ent, hashes, bounds, np.empty(11, np.int64), order, grouped)
    want = np.argsort(ent, kind="stable")
    assert np.array_equal(order, want)
    assert np.array_equal(grouped, hashes[want])
    assert np.array_equal(bounds, np.searchsorted(ent[want], np.arange(12)))


def _tally_reference(ent, rec, fld, hashes, priority, n_ent, n_fields):
    """`tally_findings` in plain Python: counts, per-record strongest identifier, first finding per field."""
    findings, affected, hits = [0] * n_ent, [0] * n_ent, [0] * ((n_fields + 1) * n_ent)
    for e in range(n_ent):
        findings[e] = ent.count(e)
        affected[e] = len({r for x, r in zip(ent, rec, strict=True) if x == e})
    for e, f in zip(ent, fld, strict=True):
        if -1 <= f < n_fields:
            hits[(f + 1) * n_ent + e] += 1
    keys, flags = [], []
    for r in dict.fromkeys(rec):
        rows = [k for k in range(len(rec)) if rec[k] == r]
        best = min((priority[ent[k]] for k in rows), default=99)
        best = min(best, 99)
        key = next(hashes[k] for k in rows if priority[ent[k]] == best) if best < 50 else 0
        keys.append(key)
        flags.append(1 if best < 50 else 2 if best == 50 else 0)
    first = [-1] * (n_fields + 1)
    for k, f in enumerate(fld):
        if -1 <= f < n_fields and first[f + 1] < 0:
            first[f + 1] = k
    return findings, affected, hits, keys, flags, first


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(-2, 4), st.integers(0, (1 << 64) - 1)),
        max_size=60,
    )
)
def test_tally_findings_equals_python(rows: list[tuple[int, int, int, int]]) -> None:
    rows = sorted(rows, key=lambda t: t[1])  # records non-decreasing, as in a chunk
    ent = [e for e, _, _, _ in rows]
    rec = [r for _, r, _, _ in rows]
    fld = [f for _, _, f, _ in rows]
    hashes = [h for _, _, _, h in rows]
    priority = np.array([10, 50, 99, 20, 10, 99], np.int64)  # ties (entities 0 and 4), person-like, none
    n_ent, n_fields, n = 6, 3, len(rows)
    findings, affected, hits = np.zeros(n_ent, np.int64), np.zeros(n_ent, np.int64), np.zeros(4 * n_ent, np.int64)
    keys, flags, first = np.empty(n, np.uint64), np.empty(n, np.uint8), np.empty(n_fields + 1, np.int64)
    n_rec = tally_findings(
        np.array(ent, np.uint8), np.array(rec, np.int64), np.array(fld, np.int32), np.array(hashes, np.uint64),
        priority, n_ent, n_fields, findings, affected, hits, np.empty(n_ent, np.int64), keys, flags, first,
    )  # fmt: skip
    want = _tally_reference(ent, rec, fld, hashes, priority.tolist(), n_ent, n_fields)
    got = (findings.tolist(), affected.tolist(), hits.tolist(), keys[:n_rec].tolist(), flags[:n_rec].tolist())
    assert got == want[:5]
    assert first.tolist() == want[5]
    assert n_rec == len(set(rec))


def test_buffer_pool_reuses_only_buffers_nobody_holds() -> None:
    pool = BufferPool(4096)
    a = pool.take()
    assert a.ctypes.data % 64 == 0 and len(a) == 4096
    held = pool.take()  # `a` is still held: a second buffer
    assert held.ctypes.data != a.ctypes.data
    address = a.ctypes.data
    del a
    again = pool.take()
    assert again.ctypes.data == address and pool.reused == 1
    view = again[10:20]  # a view (a findings batch keeps `data[...]`) keeps it from reuse
    del again
    third = pool.take()
    assert third.ctypes.data != address
    assert view.base is not None


@given(st.lists(st.integers(0, (1 << 64) - 1), max_size=200))
def test_hll_add_equals_reference(values: list[int]) -> None:
    from piiscan.kernels.tally import HLL_PRECISION, hll_add

    p = HLL_PRECISION
    registers = np.zeros(1 << p, np.uint8)
    hll_add(np.array(values, np.uint64), registers)
    want = np.zeros(1 << p, np.uint8)
    for v in values:
        rest = (v << p) & ((1 << 64) - 1)
        rank = min(64 - rest.bit_length() + 1, 64 - p + 1) if rest else 64 - p + 1
        want[v >> (64 - p)] = max(want[v >> (64 - p)], rank)
    assert np.array_equal(registers, want)


@given(
    st.lists(
        st.one_of(
            st.just(REC_NO_DATE),
            st.integers(-800_000, 800_000),  # years ~-220 to ~4160: month and leap-year edges on both sides of 1970
            st.integers(-25_600, -25_500),  # around the month table's first day (1900-01-01)
            st.integers(47_400, 47_500),  # around its last (2099-12-31)
            st.integers(REC_NO_DATE + 1, (1 << 31) - 1),
        ),
        max_size=60,
    )
)
def test_record_months_equals_numpys_calendar(days: list[int]) -> None:
    arr = np.array(days, np.int32)
    months = np.empty(len(arr), np.int64)
    n, lo, hi, first = record_months(arr, REC_NO_DATE, _month_of_day(), _MONTHS_DAY0, months)
    valid = arr[arr != REC_NO_DATE]
    assert n == len(valid)
    want = valid.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    assert months[:n].tolist() == want.tolist()
    if n:
        assert (lo, hi, first) == (int(valid.min()), int(valid.max()), int(want.min()))
