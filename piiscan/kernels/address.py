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


# ---- the free-text grammar's byte-level parts (`validators.address`, `reference._Detector.match_address`);
# the word-level driver is `detect._match_address`, beside the word readers it calls


def _table(words) -> tuple[np.ndarray, np.ndarray]:
    blob = np.frombuffer("".join(words).encode("ascii"), np.uint8).copy()
    return blob, np.array([0, *np.cumsum([len(w) for w in words])], np.int64)


_TYPES = tuple(_address.TEXT_STREET_TYPES)
_TY_BLOB, _TY_OFF = _table(_TYPES)
_TY_DOT = np.array([_address.TEXT_STREET_TYPES[t] for t in _TYPES], np.bool_)
_PA_BLOB, _PA_OFF = _table(sorted(_address.PARTICLES))
NAME_WORDS = np.int64(_address.NAME_WORDS)
COMMUNE_WORDS = np.int64(_address.COMMUNE_WORDS)


@kernel
def _key_index(key, k, blob, off):
    """Index of the word `key[:k]` in a table of words (`blob` cut at `off`), or -1."""
    for t in range(len(off) - 1):
        a = off[t]
        if off[t + 1] - a != k:
            continue
        same = True
        for q in range(k):
            if key[q] != blob[a + q]:
                same = False
                break
        if same:
            return t
    return -1


@kernel
def street_type(key, k):
    """A folded word as a text street type: -1 if it is none, 1 if it needs its dot (`pl.`), else 0."""
    t = _key_index(key, k, _TY_BLOB, _TY_OFF)
    if t < 0:
        return -1
    return 1 if _TY_DOT[t] else 0


@kernel
def is_particle(key, k):
    """Is the folded word `key[:k]` one of `validators.address.PARTICLES`?"""
    return _key_index(key, k, _PA_BLOB, _PA_OFF) >= 0


@kernel
def blank_run(buf, p, e):
    """End of a run of 1-3 blanks (space, tab) at p that no further blank follows, or -1."""
    q = p
    while q < e and (buf[q] == 32 or buf[q] == 9):
        q += 1
    return q if 1 <= q - p <= 3 else -1


@kernel
def _lower_ascii(b):
    return b + 32 if 65 <= b <= 90 else b


@kernel
def _is_repeat_word(buf, p, n):
    """Are the n ASCII letters at p `bis`, `ter` or `quater` in any case?"""
    if n == 3:
        a, b, c = _lower_ascii(buf[p]), _lower_ascii(buf[p + 1]), _lower_ascii(buf[p + 2])
        return (a == 98 and b == 105 and c == 115) or (a == 116 and b == 101 and c == 114)
    if n == 6:
        word = (113, 117, 97, 116, 101, 114)
        for q in range(6):
            if _lower_ascii(buf[p + q]) != word[q]:
                return False
        return True
    return False


@kernel
def _letters(buf, p, e):
    """End of the run of ASCII letters at p."""
    while p < e and (65 <= buf[p] <= 90 or 97 <= buf[p] <= 122):
        p += 1
    return p


@kernel
def _after_comma_blanks(buf, p, e):
    """`,?` then 1-3 blanks at p: their end, or -1."""
    if p < e and buf[p] == 44:
        p += 1
    return blank_run(buf, p, e)


@kernel
def house_number_end(buf, s, i, e):
    """Where the street type may start after the house number at i, or -1 (`reference._HOUSE_NUMBER`):
    1-4 digits not glued to a code before them, a glued range (`-14`), `bis`/`ter`/`quater` or letter
    `a`-`h`, an optional comma, 1-3 blanks, optionally `bis`/`ter`/`quater` with its comma and blanks."""
    if i > s:
        g = buf[i - 1]
        if g == 45 or g == 47 or g == 46 or g == 43 or g == 95 or g == 35 or g == 38 or g == 61:
            return -1
        if g == 37 or g == 42 or g == 36 or g == 64 or g == 92:
            return -1
    p = i
    while p < e and 48 <= buf[p] <= 57:
        p += 1
    if p == i or p - i > 4:
        return -1
    if p < e and buf[p] == 45:
        q = p + 1
        while q < e and 48 <= buf[q] <= 57:
            q += 1
        if 1 <= q - p - 1 <= 4:
            p = q
    else:
        q = _letters(buf, p, e)
        n = q - p
        if (n == 1 and (65 <= buf[p] <= 72 or 97 <= buf[p] <= 104)) or (n > 1 and _is_repeat_word(buf, p, n)):
            p = q
    p = _after_comma_blanks(buf, p, e)
    if p < 0:
        return -1
    q = _letters(buf, p, e)
    if _is_repeat_word(buf, p, q - p):
        r = _after_comma_blanks(buf, q, e)
        if r > 0:
            p = r
    return p


@kernel
def postcode_at(buf, p, e):
    """Five ASCII digits at p, department `01`-`95`, `97` or `98` (`reference._POSTCODE`)."""
    if p + 5 > e:
        return False
    for q in range(p, p + 5):
        if not 48 <= buf[q] <= 57:
            return False
    d = (buf[p] - 48) * 10 + buf[p + 1] - 48
    return 1 <= d <= 95 or d == 97 or d == 98


@kernel(forceinline=True)
def address_gate(buf, i, e):
    """A necessary condition of `house_number_end`, inlined where free text meets a number: 1-4 digits then a
    comma, a blank or a letter (`12 `, `12,`, `12bis`), or a range `12-14` then a comma or blank.  Dates,
    phone numbers and file numbers (`2020-09-04`, `07.18.56`, `2020-690-000000`) fail it at their second
    separator, without the call."""
    p = i
    while p < e and 48 <= buf[p] <= 57:
        p += 1
    if p - i > 4 or p >= e:
        return False
    b = buf[p]
    if b == 45:
        p += 1
        while p < e and 48 <= buf[p] <= 57:
            p += 1
        return p < e and (buf[p] == 32 or buf[p] == 44 or buf[p] == 9)
    return b == 32 or b == 44 or b == 9 or 65 <= b <= 90 or 97 <= b <= 122
