"""The value memo (piiscan.kernels.memo) changes the speed of detection, never its findings.

Tables whose columns repeat a few values (names, nationalities, words, snippets with and without their
context, values of every kind in columns of every kind) are scanned with the memo, across several chunks so
that entries made in one chunk are replayed in the next, and without it: the findings, record dates and
statistics must be the same, and the same as the reference implementation's.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reference import (
    FIRST_NAMES,
    HEADERS,
    SURNAMES,
    compare,
    nationalities,
    scan_chunks,
    snippets,
)

from piiscan.kernels.memo import MEMO_MAX_LEN, memo_key, memo_lookup, memo_replay, memo_store, new_memo
from piiscan.scanner import Scanner

# values that repeat: names, nationalities and short snippets (with or without their context word)
_POOL_ITEMS = st.one_of(
    st.sampled_from(SURNAMES),
    st.sampled_from(FIRST_NAMES),
    nationalities(),
    snippets(),
    st.sampled_from(["", " ", "Paris", "M.", "Mme", "née", "de nationalité", "<", "a@b.fr", "x" * MEMO_MAX_LEN]),
)


@st.composite
def repetitive_tables(draw: st.DrawFn) -> str:
    """A `;` table whose cells are drawn from a small pool, so the same value meets several columns."""
    pool = draw(st.lists(_POOL_ITEMS, min_size=2, max_size=12))
    names = draw(st.lists(st.sampled_from(sorted(HEADERS)), min_size=1, max_size=6, unique=True))
    rows = [names]
    for _ in range(draw(st.integers(2, 30))):
        rows.append([draw(st.sampled_from(pool)) for _ in names])
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    return out.getvalue()


class _NoMemo(Scanner):
    def _memo(self, kern_enc, byte_cp, json):  # type: ignore[override]
        return new_memo(0)


def _kernel_results(chunks) -> list:
    return [(c.kernel.findings, c.kernel.rec_date, c.kernel.stats) for c in chunks]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(repetitive_tables(), st.sampled_from(["utf-8", "cp1252"]))
def test_memo_never_changes_findings(table: str, encoding: str) -> None:
    try:
        data = table.encode(encoding)
    except UnicodeEncodeError:
        data = table.encode("utf-8")
        encoding = "utf-8"
    options = {"format": "csv", "encoding": encoding}
    memo_chunks = scan_chunks(data=data, chunk_size=512, **options)  # small chunks: replays across chunks
    verdict = compare(memo_chunks)
    assert not verdict.failures, "\n\n".join(verdict.failures)
    plain = scan_chunks(data=data, chunk_size=512, scanner_class=_NoMemo, **options)
    assert _kernel_results(memo_chunks) == _kernel_results(plain)


def _buf(text: bytes) -> np.ndarray:
    return np.frombuffer(text + b"\0", np.uint8)


def test_memo_key_refuses_what_must_not_be_replayed() -> None:
    for value in [b"12 mars", b"P<FRA", b"a@b.fr", b"x" * (MEMO_MAX_LEN + 1)]:
        assert memo_key(_buf(value), 0, len(value), 0, False) == 0, value
    k = memo_key(_buf(b"Paris"), 0, 5, 0, False)
    assert k != 0
    assert memo_key(_buf(b"Paris"), 0, 5, 1 << 10, False) != k  # other hints, other entry
    assert memo_key(_buf(b"Paris"), 0, 5, 0, True) != k  # outside any field, other entry


def test_memo_replays_only_the_same_bytes() -> None:
    """A colliding key (forced here) with other bytes is a miss, never another value's findings."""
    keys, entries, values = new_memo(16)
    a, b = _buf(b"DUPONT"), _buf(b"MARTIN")
    out = np.zeros((4, 7), np.int64)
    out[0] = [10, 0, 6, 0, 900_000, 1234, 4]
    key = memo_key(a, 0, 6, 0, False)
    memo_store(keys, entries, values, key, a, 0, 6, out, 0, 1)
    assert memo_lookup(keys, entries, values, key, b, 0, 6) == -1
    slot = memo_lookup(keys, entries, values, key, a, 0, 6)
    assert slot >= 0
    moved = np.zeros((4, 7), np.int64)
    assert memo_replay(entries, slot, 100, 7, moved, 0) == 1
    assert moved[0].tolist() == [10, 100, 6, 7, 900_000, 1234, 4]


def test_memo_packs_findings_without_loss() -> None:
    """Entries are packed (entity, start, length, flags and score share a word): the extremes survive."""
    keys, entries, values = new_memo(16)
    value = _buf(b"x" * MEMO_MAX_LEN)
    out = np.zeros((4, 7), np.int64)
    out[0] = [255, 0, MEMO_MAX_LEN, 3, 1_000_000, -1, 255]
    out[1] = [0, MEMO_MAX_LEN - 1, 1, 3, 0, np.iinfo(np.int64).min, 0]
    key = memo_key(value, 0, MEMO_MAX_LEN, 5, True)
    memo_store(keys, entries, values, key, value, 0, MEMO_MAX_LEN, out, 0, 2)
    slot = memo_lookup(keys, entries, values, key, value, 0, MEMO_MAX_LEN)
    moved = np.zeros((4, 7), np.int64)
    assert memo_replay(entries, slot, 0, 3, moved, 0) == 2
    assert moved[:2].tolist() == out[:2].tolist()


def test_memo_without_slots_is_off() -> None:
    keys, entries, values = new_memo(0)
    a = _buf(b"DUPONT")
    assert memo_lookup(keys, entries, values, memo_key(a, 0, 6, 0, False), a, 0, 6) == -1
    with pytest.raises(ValueError):
        new_memo(12)


def test_scanner_empties_the_memo_when_the_code_page_changes() -> None:
    from piiscan.kernels.chars import byte_cp_table

    scanner = Scanner()
    first = scanner._memo(1, byte_cp_table("cp1252"), False)
    assert scanner._memo(1, byte_cp_table("cp1252"), False) is first
    assert scanner._memo(1, byte_cp_table("latin-1"), False) is not first
    assert scanner._memo(0, byte_cp_table("latin-1"), False) is not first
