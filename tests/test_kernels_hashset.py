"""The lexicon's filters may say "maybe" for any key, but never "no" for a key they hold."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numba import njit

from piiscan.kernels.hashset import (
    FILTER_WORDS,
    LOWER_SEED,
    build_table,
    common_filter_has,
    fnv1a_many,
    fnv1a_py,
    lower_filter_has,
    lower_hash_py,
    lower_hash_step,
    table_lookup,
    table_lookup_common,
)
from piiscan.kernels.words import WORD_NATIONALITY
from piiscan.tables import COMMON_WORDS, default_tables

_KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 ", min_size=1, max_size=20)


@given(st.lists(st.binary(max_size=30), max_size=20))
def test_vectorised_fnv_is_fnv(keys: list[bytes]) -> None:
    blob = np.frombuffer(b"".join(keys), np.uint8)
    offsets = np.concatenate([[0], np.cumsum([len(k) for k in keys])]).astype(np.int64)
    assert fnv1a_many(blob, offsets).tolist() == [fnv1a_py(k) for k in keys]


@given(st.dictionaries(_KEYS, st.integers(1, 15), max_size=60))
def test_filters_hold_their_keys_and_lookups_find_them(items):
    table = build_table(items, common=0b0011, lower=0b0100)
    for key, value in items.items():
        data = np.frombuffer(key.encode(), np.uint8)
        h = np.uint64(fnv1a_py(key.encode()))
        assert table_lookup(data, len(data), table.blob, table.meta, -1) == value
        if value & 0b0011:
            assert common_filter_has(table.meta, h)
            assert table_lookup_common(data, len(data), table.blob, table.meta, -1) == value
        if value & 0b0100:
            assert lower_filter_has(table.meta, np.uint64(lower_hash_py(key.encode())))


def test_the_lexicon_filters_hold_every_nationality_and_skip_most_words():
    lexicon = default_tables().lexicon
    blob, meta = lexicon.blob, lexicon.meta
    n_keys, n_slots = int(meta[1]), int(meta[0])
    base = 2 + FILTER_WORDS + n_slots  # [n_slots, n_keys, common filter, slots, offsets, values, lower filter]
    offsets = meta[base : base + n_keys + 1]
    values = meta[base + n_keys + 1 :][:n_keys]
    nationalities = 0
    for k in range(n_keys):
        key = bytes(blob[offsets[k] : offsets[k + 1]])
        h = np.uint64(fnv1a_py(key))
        if values[k] & WORD_NATIONALITY:
            nationalities += 1
            assert lower_filter_has(meta, np.uint64(lower_hash_py(key))), key
        if values[k] & COMMON_WORDS:
            assert common_filter_has(meta, h), key
    assert nationalities > 100
    # the words of free text the lower-case scan meets most: only nationalities should reach the table
    frequent = [b"de", b"la", b"et", b"au", b"le", b"les", b"des", b"du", b"en", b"si", b"relance", b"stade"]
    assert sum(lower_filter_has(meta, np.uint64(lower_hash_py(w))) for w in frequent) <= 1


@njit
def _lower_hash(data):
    h = LOWER_SEED
    for b in data:
        h = lower_hash_step(h, b)
    return h


@given(st.binary(max_size=80))
def test_lower_hash_kernel_equals_python(data):
    assert int(_lower_hash(np.frombuffer(data, np.uint8))) == lower_hash_py(data)
