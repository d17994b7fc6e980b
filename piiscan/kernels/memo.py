"""The value memo: findings of short, digit-free cell values, replayed when the same value comes back.

Why: leaked tables repeat their categorical values.  In 70,000 rows of the benchmark dump the birth-place
column holds 312 distinct values, nationality 371, first names 3,220; real registries are as Zipfian (a few
hundred nationalities and birth places, the top thousand first names cover most people).  Classifying
`Mutsamudu (Comores)` costs ~250 ns of word folding, lexicon lookups and context checks; hashing and
comparing its 19 bytes costs ~25.  So each detection worker keeps, per scanner, a direct-mapped table from
(value bytes, field hints) to the findings the detection kernel produced for that value, relative to the
cell start, and replays them.

Why this is exact: a cell's findings depend on its own bytes (every matcher stops at the cell's bounds), on
the hints of its field (part of the key), on whether it lies outside any field (part of the key), and on
the record's reference date, which only matters to dates, which need digits.  Only cells without digits,
without `<` (MRZ lines, which also group with the next cells) and without `@` (e-mail addresses are unique:
they would only evict useful entries) are memoised, and an entry is replayed only after comparing the
stored bytes, so a hash collision can never replay another value's findings.  Cells whose scan changed a
statistics counter are not stored.  The memo lives as long as the scanner's worker thread and is reset when
the encoding changes (the same bytes are other letters in another code page).  Detection with and without
the memo is compared by `tests/test_memo.py`.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.hashset import FNV_OFFSET, GOLDEN_64, lower_hash_step
from piiscan.kernels.jit import kernel

__all__ = [
    "MEMO_FINDINGS",
    "MEMO_MAX_LEN",
    "MEMO_SLOTS",
    "memo_key",
    "memo_lookup",
    "memo_replay",
    "memo_store",
    "new_memo",
]

MEMO_SLOTS = 1 << 16
"""Entries per worker (6.3 MB): room for the names, birth places and nationalities a worker keeps seeing.

Direct-mapped, so distinct values that share a slot evict each other.  With 16,384 slots the benchmark
dump's surnames (~10,000 distinct in 70,000 rows) and first names (~3,200) kept evicting each other; 65,536
slots scanned the 1 GB dump 0.04 s faster (median of six alternated runs, 0.11 user CPU-s less).  At 160
bytes a slot that took the 5 GB dump from 512 to 539 MiB peak RSS; entries packed to 48 bytes (below) keep
that cost to ~3.7 MB per worker.
"""

MEMO_MAX_LEN = 48
"""Longest value memoised, in bytes: categorical values are short, free text does not repeat."""

MEMO_FINDINGS = 2
"""Most findings one memoised value may hold (`Jean DUPONT` is one; a cell with more is not stored)."""

_ROW = 2 + 2 * MEMO_FINDINGS
"""Length, count, then per finding a packed word (`_pack`) and the fingerprint."""


@kernel(forceinline=True)
def _pack(entity, start, length, flag, score):
    """A memoised finding's small fields in one word: entity, start and length within the value (< 256, as
    the value is at most MEMO_MAX_LEN bytes), flags (uint8), and the score in millionths (< 2**31)."""
    return entity | (start << 8) | (length << 16) | (flag << 24) | (score << 32)


def new_memo(slots: int = MEMO_SLOTS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An empty memo: `(keys, entries, values)`; `slots` a power of two, or 0 for no memo at all.

    The keys have an array of their own: a lookup that misses touches 8 bytes of a 512 KB array that
    stays in the core's L2 cache, not a 48-byte entry of a 3 MB table.
    """
    if slots & (slots - 1):
        raise ValueError("memo slots must be a power of two")
    return np.zeros(slots, np.uint64), np.zeros((slots, _ROW), np.int64), np.zeros((slots, MEMO_MAX_LEN), np.uint8)


@kernel(forceinline=True)
def memo_key(buf, s, e, hints, free):
    """The memo key of `buf[s:e]` under `hints`, or 0 when the value must not be memoised.

    A rotate-xor hash of the bytes (`hashset.lower_hash_step`: a 2-cycle chain per byte, FNV's is 4), mixed
    by one multiply with the field's hints and its free-text flag: one value in two fields with other hints
    has two entries, since it may be a finding in one and not in the other.  A weak hash only costs misses:
    a lookup compares the stored bytes.
    """
    if e - s > MEMO_MAX_LEN:
        return np.uint64(0)
    h = FNV_OFFSET
    for p in range(s, e):
        b = buf[p]
        if (48 <= b <= 57) or b == 60 or b == 64:
            return np.uint64(0)
        # a 2-cycle chain per byte, not FNV's 4: the multiply below mixes it (int64, as the free-text loop passes)
        h = lower_hash_step(h, np.int64(b))
    h = (h ^ (np.uint64(hints) + np.uint64(2 if free else 1))) * GOLDEN_64
    h ^= h >> np.uint64(29)
    return h | np.uint64(1)  # never 0, the empty slot's key


@kernel(forceinline=True)
def _slot(key, n_slots):
    """The one slot a key may occupy (direct-mapped: a new value replaces the slot's old one)."""
    return np.int64((key >> np.uint64(40)) & np.uint64(n_slots - 1))


@kernel(forceinline=True)
def memo_lookup(keys, entries, values, key, buf, s, e):
    """The slot holding `buf[s:e]` with this key, or -1."""
    n_slots = len(keys)
    if n_slots == 0:
        return -1
    slot = _slot(key, n_slots)
    if keys[slot] != key or entries[slot, 0] != e - s:
        return -1
    for k in range(e - s):
        if values[slot, k] != buf[s + k]:
            return -1
    return slot


@kernel(forceinline=True)
def memo_replay(entries, slot, s, c, out, n_found):
    """Append the slot's findings, moved to the cell starting at `s` (cell index `c`); the new count."""
    for j in range(entries[slot, 1]):
        word = entries[slot, 2 + 2 * j]
        out[n_found, 0] = word & 0xFF
        out[n_found, 1] = s + ((word >> 8) & 0xFF)
        out[n_found, 2] = (word >> 16) & 0xFF
        out[n_found, 3] = c
        out[n_found, 4] = word >> 32
        out[n_found, 5] = entries[slot, 3 + 2 * j]
        out[n_found, 6] = (word >> 24) & 0xFF
        n_found += 1
    return n_found


@kernel
def memo_store(keys, entries, values, key, buf, s, e, out, n_before, n_found):
    """Remember the findings `out[n_before:n_found]` of the cell `buf[s:e]` (replacing the slot's entry)."""
    n_slots = len(keys)
    if n_slots == 0 or n_found - n_before > MEMO_FINDINGS:
        return
    slot = _slot(key, n_slots)
    keys[slot] = key
    entries[slot, 0] = e - s
    entries[slot, 1] = n_found - n_before
    for j in range(n_found - n_before):
        row = n_before + j
        entries[slot, 2 + 2 * j] = _pack(out[row, 0], out[row, 1] - s, out[row, 2], out[row, 6], out[row, 4])
        entries[slot, 3 + 2 * j] = out[row, 5]
    for k in range(e - s):
        values[slot, k] = buf[s + k]
