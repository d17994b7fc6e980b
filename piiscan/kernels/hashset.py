"""Folded-string hash tables the kernels can query.

Why not a numba typed dict: typed dicts are slow to build from Python, cannot be cached with the kernels,
and hash Python strings; these tables are plain arrays (built once per pack, cheap to pass to every call)
and are queried with bytes folded on the fly, without allocating.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from piiscan.kernels.jit import kernel

__all__ = ["StringTable", "build_table", "fnv1a", "table_lookup"]

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)


@kernel(inline="always")
def fnv1a(data, n):
    """FNV-1a over the first `n` bytes of `data` (only for table slots, never as a fingerprint)."""
    h = np.uint64(0xCBF29CE484222325)
    for k in range(n):
        h = (h ^ np.uint64(data[k])) * np.uint64(0x100000001B3)
    return h


@dataclass(frozen=True, slots=True)
class StringTable:
    """Open-addressing table of ASCII keys → int32 values, as arrays for the kernels."""

    blob: np.ndarray  # uint8, keys concatenated
    offsets: np.ndarray  # int64, len(keys) + 1
    values: np.ndarray  # int32 per key
    slots: np.ndarray  # int32 key index per slot, -1 empty; len is a power of two

    def __len__(self) -> int:
        return len(self.values)

    def get(self, key: str, default: int = -1) -> int:
        """Python-side lookup (tests and reference); the key must already be folded."""
        data = np.frombuffer(key.encode("ascii", "replace"), np.uint8)
        return int(table_lookup(data, len(data), self.blob, self.offsets, self.values, self.slots, default))


def build_table(items: dict[str, int]) -> StringTable:
    """Build a table from folded ASCII keys (non-ASCII keys are dropped: kernels fold to ASCII)."""
    keys = [k for k in items if k.isascii() and k]
    blob = np.frombuffer(b"".join(k.encode() for k in keys), np.uint8).copy()
    offsets = np.zeros(len(keys) + 1, np.int64)
    offsets[1:] = np.cumsum([len(k) for k in keys]) if keys else []
    values = np.array([items[k] for k in keys], np.int32)
    size = 16
    while size < 2 * len(keys) + 1:
        size *= 2
    slots = np.full(size, -1, np.int32)
    mask = size - 1
    for idx, k in enumerate(keys):
        data = np.frombuffer(k.encode(), np.uint8)
        s = int(fnv1a(data, len(data))) & mask
        while slots[s] != -1:
            s = (s + 1) & mask
        slots[s] = idx
    return StringTable(blob, offsets, values, slots)


@kernel
def table_lookup(key, n, blob, offsets, values, slots, default):
    """Value for the first `n` bytes of `key`, or `default`."""
    if n == 0:
        return default
    mask = len(slots) - 1
    s = np.int64(fnv1a(key, n) & np.uint64(mask))
    while True:
        idx = slots[s]
        if idx < 0:
            return default
        a = offsets[idx]
        if offsets[idx + 1] - a == n:
            same = True
            for k in range(n):
                if blob[a + k] != key[k]:
                    same = False
                    break
            if same:
                return values[idx]
        s = (s + 1) & mask
