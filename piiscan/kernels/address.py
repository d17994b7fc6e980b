"""Compiled statement of the street-address grammar (`piiscan.validators.address.is_street_key`) on a
folded key: the words of a cell as `detect._fold_norm` writes them (`[a-z0-9]` words joined by one blank).

Why on the folded key: `_classify_cell` folds the cell once, the street types compare as plain bytes
(`Allée`, `ALLEE` and `allée` are all `allee`), and the fingerprint is that same key.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.jit import kernel
from piiscan.validators import address as _address

__all__ = ["ADDRESS_MAX", "street_key_ok"]

ADDRESS_MAX = np.int64(_address.MAX_BYTES)
_STREETS = _address.STREET_TYPES
_ST_BLOB = np.frombuffer("".join(_STREETS).encode("ascii"), np.uint8).copy()
_ST_OFF = np.array([0, *np.cumsum([len(x) for x in _STREETS])], np.int64)


@kernel
def _street_at(key, j, k):
    """Does a street type start at word start j of key[:k], with another word after it?"""
    for t in range(len(_ST_OFF) - 1):
        a = _ST_OFF[t]
        m = _ST_OFF[t + 1] - a
        if j + m >= k or key[j + m] != 32:
            continue
        same = True
        for q in range(m):
            if key[j + q] != _ST_BLOB[a + q]:
                same = False
                break
        if same:
            return True
    return False


@kernel
def street_key_ok(key, k):
    """`validators.address.is_street_key` on key[:k]: a street type followed by a name, or a number of 1-4
    digits (letter suffix allowed) followed by a word holding a letter."""
    for j in range(k):
        if (j == 0 or key[j - 1] == 32) and _street_at(key, j, k):
            return True
    p = 0
    while p < k and 48 <= key[p] <= 57:
        p += 1
    if p < 1 or p > 4:
        return False
    q = p
    while q < k and 97 <= key[q] <= 122:
        q += 1
    if q - p > 6 or q >= k or key[q] != 32:
        return False
    r = q + 1
    while r < k and key[r] != 32:
        if not (48 <= key[r] <= 57):
            return True
        r += 1
    return False
