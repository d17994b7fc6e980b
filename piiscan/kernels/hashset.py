"""Folded-string hash tables the kernels can query.

Why not a numba typed dict: typed dicts are slow to build from Python, cannot be cached with the kernels,
and hash Python strings; these tables are plain arrays (built once per pack, cheap to pass to every call)
and are queried with bytes folded on the fly, without allocating.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from piiscan.kernels.jit import kernel

__all__ = [
    "CTX_LAST_WORD_BITS",
    "FILTER_WORDS",
    "FNV_OFFSET",
    "FNV_PRIME",
    "GOLDEN_64",
    "LOWER_SEED",
    "StringTable",
    "build_table",
    "common_filter_has",
    "filter_has",
    "fnv1a",
    "fnv1a_many",
    "fnv1a_py",
    "lower_filter_bit_py",
    "lower_filter_has",
    "lower_hash_py",
    "lower_hash_step",
    "table_lookup",
    "table_lookup_common",
]

FNV_OFFSET = np.uint64(0xCBF29CE484222325)
FNV_PRIME = np.uint64(0x100000001B3)
"""FNV-1a's offset basis and prime: kernels that hash a key while reading it start from `FNV_OFFSET` and
take `(h ^ byte) * FNV_PRIME` per byte, so their hash is the `fnv1a` of the same bytes."""


@kernel
def fnv1a(data, n):
    """FNV-1a over the first `n` bytes of `data` (only for table slots, never as a fingerprint)."""
    h = FNV_OFFSET
    for k in range(n):
        h = (h ^ np.uint64(data[k])) * FNV_PRIME
    return h


@kernel
def filter_has(meta, base, n_bits, h):
    """Is the bit of hash `h` set in the `n_bits`-bit filter stored as int64 words from `meta[base]`?

    The filters (`build_table`'s "common" filter, `piiscan.tables`' context last words) answer "surely not"
    for most keys without probing a table or comparing phrases.
    """
    bit = np.int64(h & np.uint64(n_bits - 1))
    return ((np.uint64(meta[base + (bit >> 6)]) >> np.uint64(bit & 63)) & np.uint64(1)) != 0


@kernel
def common_filter_has(meta, h):
    """`filter_has` for the "common" filter of a table built by `build_table` (its words start at meta[2])."""
    return filter_has(meta, np.int64(2), np.int64(FILTER_WORDS * 64), h)


LOWER_SEED = np.uint64(0x6A09E667F3BCC908)
"""The "lower" filter hash's starting state (any odd-looking constant: it only keeps empty keys apart)."""
GOLDEN_64 = np.uint64(0x9E3779B97F4A7C15)
"""2^64 / φ, the multiplier of Fibonacci hashing: its product's high bits depend on every bit of the input."""


@kernel(forceinline=True)
def lower_hash_step(h, b):
    """One byte into the "lower" filter's hash: rotate by 5, xor the byte.

    Why not FNV-1a: its multiply per byte is a 4-cycle dependency chain, the floor of the free-text loop
    that hashes every lower-case word while reading it; a rotate and a xor take 2.  The filter only has to
    answer "surely not" for most words (its bit index mixes the whole state with one multiply, below), so a
    linear hash is enough; the table itself is still probed with FNV-1a.
    """
    return ((h << np.uint64(5)) | (h >> np.uint64(59))) ^ np.uint64(b)


@kernel
def lower_filter_has(meta, h):
    """Is `h` (`LOWER_SEED` then `lower_hash_step` per byte) in the "lower" filter of a `build_table` table?

    That filter is stored in the last `FILTER_WORDS` words of `meta`.
    """
    return filter_has(meta, np.int64(len(meta) - FILTER_WORDS), np.int64(FILTER_WORDS * 64), (h * GOLDEN_64) >> 40)


def lower_filter_bit_py(data: bytes) -> int:
    """The hash `lower_filter_has` tests for `data` (its state mixed by one multiply), in Python."""
    return ((lower_hash_py(data) * int(GOLDEN_64)) & 0xFFFFFFFFFFFFFFFF) >> 40


def lower_hash_py(data: bytes) -> int:
    """The "lower" filter's hash state of `data` (before the final mix), in Python, for building tables."""
    h = int(LOWER_SEED)
    for b in data:
        h = (((h << 5) | (h >> 59)) & 0xFFFFFFFFFFFFFFFF) ^ b
    return h


def fnv1a_py(data: bytes) -> int:
    """`fnv1a` in Python, for building tables without a compiled call per key."""
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


@dataclass(frozen=True, slots=True)
class StringTable:
    """Open-addressing table of ASCII keys → int32 values, as arrays for the kernels."""

    blob: np.ndarray  # uint8, keys concatenated
    meta: np.ndarray  # int64: [n_slots, n_keys, common filter..., slots..., offsets..., values..., lower filter...]

    def __len__(self) -> int:
        return int(self.meta[1])

    def get(self, key: str, default: int = -1) -> int:
        """Python-side lookup (tests and reference); the key must already be folded."""
        data = np.frombuffer(key.encode("ascii", "replace"), np.uint8)
        return int(table_lookup(data, len(data), self.blob, self.meta, default))


CTX_LAST_WORD_BITS = 1024
"""Bits of each entity's filter of context-phrase last words (see `piiscan.tables`, `_has_context`)."""

FILTER_WORDS = 1024
"""64-bit words of the table's filter: one bit per hash of the keys that have a "common" flag."""


def build_table(items: dict[str, int], *, common: int = 0, lower: int = 0) -> StringTable:
    """Build a table from folded ASCII keys (non-ASCII keys are dropped: kernels fold to ASCII).

    Keys whose value has a bit of `common` also set a bit in a 64-kbit filter, so `table_lookup_common`
    answers "none of those" from an L1-resident bitmap for most words, without probing the table (which,
    with thousands of first names, lives in L2 or memory).  Keys with a bit of `lower` set a bit in a
    second such filter (`lower_filter_has`), for a caller that needs fewer classes than `common`: the
    free-text scan asks it of every lower-case word, which only matters as a nationality.  With the common
    filter, 16 % of the benchmark's lower-case words passed (`de`, `la`, `et`, `au` are top-level domains;
    `stade`, `relance` street words or collisions); with nationalities alone, under 1 %.
    """
    keys = [k for k in items if k.isascii() and k]
    blob = np.frombuffer(b"".join(k.encode() for k in keys), np.uint8).copy()
    offsets = np.zeros(len(keys) + 1, np.int64)
    offsets[1:] = np.cumsum([len(k) for k in keys]) if keys else []
    values = np.array([items[k] for k in keys], np.int32)
    size = 16
    while size < 2 * len(keys) + 1:
        size *= 2
    mask = size - 1
    hashes = fnv1a_many(blob, offsets).tolist()  # one vectorised pass: ~10,000 keys hashed in Python took 15 ms
    slot_list = [-1] * size  # a list while probing: numpy's per-element indexing is the slow part here
    for idx, h in enumerate(hashes):
        s = h & mask
        while slot_list[s] != -1:
            s = (s + 1) & mask
        slot_list[s] = idx
    slots = np.array(slot_list, np.int32)
    bits = _filter_bits([h for k, h in zip(keys, hashes, strict=True) if items[k] & common])
    lower_keys = [k for k in keys if items[k] & lower]
    lower_bits = _filter_bits([lower_filter_bit_py(k.encode()) for k in lower_keys])
    header = np.array([size, len(keys)], np.int64)
    parts = [header, bits.view(np.int64), slots.astype(np.int64), offsets, values.astype(np.int64)]
    meta = np.concatenate([*parts, lower_bits.view(np.int64)])
    return StringTable(blob, meta)


def _filter_bits(hashes: list[int]) -> np.ndarray:
    """The `FILTER_WORDS`-word filter with the bit of each hash set (as `filter_has` reads it)."""
    bits = np.zeros(FILTER_WORDS, np.uint64)
    h = np.array(hashes, np.uint64) & np.uint64(FILTER_WORDS * 64 - 1)
    np.bitwise_or.at(bits, (h >> np.uint64(6)).astype(np.int64), np.uint64(1) << (h & np.uint64(63)))
    return bits


def fnv1a_many(blob: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """`fnv1a_py` of every key `blob[offsets[i]:offsets[i + 1]]` at once (uint64 arithmetic wraps as FNV's)."""
    n = len(offsets) - 1
    lengths = np.diff(offsets)
    h = np.full(n, 0xCBF29CE484222325, np.uint64)
    prime = np.uint64(0x100000001B3)
    for j in range(int(lengths.max()) if n else 0):
        live = lengths > j
        byte = blob[offsets[:-1][live] + j].astype(np.uint64)
        h[live] = (h[live] ^ byte) * prime
    return h


@kernel
def table_lookup(key, n, blob, meta, default):
    """Value for the first `n` bytes of `key`, or `default` (`meta` as packed by `build_table`)."""
    if n == 0:
        return default
    return _probe(key, n, blob, meta, default, fnv1a(key, n))


@kernel
def table_lookup_common(key, n, blob, meta, default):
    """Like `table_lookup`, for callers that only care about keys with a "common" flag (see build_table)."""
    if n == 0:
        return default
    h = fnv1a(key, n)
    if not common_filter_has(meta, h):
        return default
    return _probe(key, n, blob, meta, default, h)


@kernel
def _probe(key, n, blob, meta, default, h):
    n_slots = meta[0]
    n_keys = meta[1]
    base = 2 + FILTER_WORDS
    off = base + n_slots
    val = off + n_keys + 1
    mask = n_slots - 1
    s = np.int64(h & np.uint64(mask))
    while True:
        idx = meta[base + s]
        if idx < 0:
            return default
        a = meta[off + idx]
        if meta[off + idx + 1] - a == n:
            same = True
            for k in range(n):
                if blob[a + k] != key[k]:
                    same = False
                    break
            if same:
                return meta[val + idx]
        s = (s + 1) & mask
