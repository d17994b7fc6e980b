"""Compiled matchers of the credential entities: stored password hashes by their syntax, and what a
password in clear may not be (`piiscan.validators.pwhash` and `piiscan.validators.password` state the rules;
`piiscan.reference` restates them with those validators, and the property tests keep both equal).

Why byte-level parsers and not a regex engine: the detection kernel calls these at a `$` or a `pbkdf2_sha`
in free text and on every cell of a password field; a hand parser over the buffer allocates nothing and
rejects most candidates at their first bytes.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.jit import kernel
from piiscan.validators import password as _password
from piiscan.validators import pwhash as _pwhash

__all__ = ["HASH_MAX", "hash_end", "secret_ok", "token_boundary"]

B_DIGIT = 1
B_ALNUM = 2
B_C64 = 4  # crypt's base 64: alnum ./
B_S64 = 8  # standard base 64: alnum +/
B_A64 = 16  # either: alnum ./+
B_TOKEN = 32  # what a hash token is made of: alnum ./+=$_-
B_HEX = 64


def _classes() -> np.ndarray:
    table = np.zeros(256, np.uint8)
    for b in range(128):
        ch = chr(b)
        bits = 0
        if ch.isdigit():
            bits |= B_DIGIT
        if ch.isascii() and ch.isalnum():
            bits |= B_ALNUM | B_C64 | B_S64 | B_A64 | B_TOKEN
        if ch in "./":
            bits |= B_C64 | B_A64
        if ch in "+/":
            bits |= B_S64 | B_A64
        if _pwhash.TOKEN.fullmatch(ch):
            bits |= B_TOKEN
        if ch in "0123456789abcdefABCDEF":
            bits |= B_HEX
        table[b] = bits
    return table


HASH_CLS = _classes()
HASH_MAX = 127
"""Longest hash token tried (the kernel fingerprints 127 bytes; no real hash is longer)."""

_LITERALS = ("$argon2", "$scrypt$ln=", ",r=", ",p=", "$pbkdf2", "pbkdf2_sha", "rounds=", "v=", "m=", ",t=")
_LIT_BLOB = np.frombuffer("".join(_LITERALS).encode("ascii"), np.uint8).copy()
_LIT_OFF = np.array([0, *np.cumsum([len(x) for x in _LITERALS])], np.int64)
L_ARGON2, L_SCRYPT, L_R, L_P, L_PBKDF2, L_DJANGO, L_ROUNDS, L_V, L_M, L_T = (np.int64(k) for k in range(10))

_PLACEHOLDERS = sorted(_password.PLACEHOLDERS)
_PH_BLOB = np.frombuffer("".join(_PLACEHOLDERS).encode("ascii"), np.uint8).copy()
_PH_OFF = np.array([0, *np.cumsum([len(x) for x in _PLACEHOLDERS])], np.int64)
_MASKS = np.array(sorted(ord(ch) for ch in _password.MASK_CHARS), np.uint8)
SECRET_MAX = np.int64(_password.MAX_BYTES)


@kernel
def _run(buf, p, e, bit):
    """End of the run of bytes of class `bit` from p."""
    while p < e and buf[p] < 128 and HASH_CLS[buf[p]] & bit:
        p += 1
    return p


@kernel
def _lit(buf, p, e, k):
    """Does literal `k` of `_LITERALS` start at p?  Returns its end, or -1."""
    a = _LIT_OFF[k]
    m = _LIT_OFF[k + 1] - a
    if p + m > e:
        return np.int64(-1)
    for q in range(m):
        if buf[p + q] != _LIT_BLOB[a + q]:
            return np.int64(-1)
    return p + m


@kernel
def _num(buf, p, e):
    """End of 1 to 10 digits at p, or -1."""
    q = _run(buf, p, e, B_DIGIT)
    return q if 1 <= q - p <= 10 else np.int64(-1)


@kernel
def _byte(buf, p, e, b):
    """p + 1 when byte `b` is at p, else -1."""
    return p + 1 if p >= 0 and p < e and buf[p] == b else np.int64(-1)


@kernel
def _b64_tail(buf, p, e, bit, least, pad):
    """End of a run of class `bit` of at least `least` bytes from p and up to `pad` `=` after it, or -1."""
    if p < 0:
        return np.int64(-1)
    q = _run(buf, p, e, bit)
    if q - p < least:
        return np.int64(-1)
    n = 0
    while q < e and buf[q] == 61 and n < pad:
        q += 1
        n += 1
    return q


@kernel
def _mcf_crypt(buf, i, e):
    """`$1$salt$` + 22, `$5$[rounds=N$]salt$` + 43, `$6$[rounds=N$]salt$` + 86 (i at the `$`)."""
    kind = buf[i + 1]
    p = i + 3
    salt_max = 8 if kind == 49 else 16
    need = 22 if kind == 49 else (43 if kind == 53 else 86)
    if kind != 49:
        r = _lit(buf, p, e, L_ROUNDS)
        if r > 0:
            q = _num(buf, r, e)
            if q > 0 and q < e and buf[q] == 36:
                p = q + 1
    q = _run(buf, p, e, B_C64)
    if q - p < 1 or q - p > salt_max or q >= e or buf[q] != 36:
        return np.int64(-1)
    r = _run(buf, q + 1, e, B_C64)
    return r if r - (q + 1) == need else np.int64(-1)


@kernel
def _params(buf, p, e, first):
    """`<first>N,t=N,p=N$` (argon2, `first` = `m=`) or `<first>N,r=N,p=N$` (scrypt): the end, or -1."""
    p = _lit(buf, p, e, first)
    p = _num(buf, p, e) if p > 0 else p
    p = _lit(buf, p, e, L_T if first == L_M else L_R) if p > 0 else p
    p = _num(buf, p, e) if p > 0 else p
    p = _lit(buf, p, e, L_P) if p > 0 else p
    p = _num(buf, p, e) if p > 0 else p
    return _byte(buf, p, e, 36) if p > 0 else p


@kernel
def _argon2(buf, i, e):
    """`$argon2id|i|d$[v=N$]m=N,t=N,p=N$salt$hash` (salt ≥ 8, hash ≥ 16, standard base 64, no padding)."""
    p = i + 7
    if p + 2 <= e and buf[p] == 105 and buf[p + 1] == 100:
        p += 2
    elif p < e and (buf[p] == 105 or buf[p] == 100):
        p += 1
    else:
        return np.int64(-1)
    p = _byte(buf, p, e, 36)
    if p < 0:
        return p
    v = _lit(buf, p, e, L_V)
    if v > 0:
        q = _byte(buf, _num(buf, v, e), e, 36)
        if q > 0:
            p = q
    p = _params(buf, p, e, L_M)
    if p < 0:
        return p
    q = _run(buf, p, e, B_S64)
    if q - p < 8:
        return np.int64(-1)
    return _b64_tail(buf, _byte(buf, q, e, 36), e, B_S64, 16, 0)


@kernel
def _scrypt(buf, i, e):
    """`$scrypt$ln=N,r=N,p=N$salt$hash` (passlib; salt ≥ 8, hash ≥ 16, base 64 either way, `=` padding)."""
    p = _params(buf, i, e, L_SCRYPT)
    q = _b64_tail(buf, p, e, B_A64, 8, 2)
    return _b64_tail(buf, _byte(buf, q, e, 36), e, B_A64, 16, 2)


@kernel
def _sha_size(buf, p, e):
    """End of `1`, `256` or `512` at p (the SHA of a PBKDF2 name), or -1."""
    if p < e and buf[p] == 49:
        return p + 1
    if p + 3 <= e and buf[p] == 50 and buf[p + 1] == 53 and buf[p + 2] == 54:
        return p + 3
    if p + 3 <= e and buf[p] == 53 and buf[p + 1] == 49 and buf[p + 2] == 50:
        return p + 3
    return np.int64(-1)


@kernel
def _iterations_salt(buf, p, e, salt_bit):
    """`$N$salt$` from p (salt 1-64 of class `salt_bit`): the end, or -1."""
    p = _byte(buf, p, e, 36)
    p = _num(buf, p, e) if p > 0 else p
    p = _byte(buf, p, e, 36) if p > 0 else p
    if p < 0:
        return p
    q = _run(buf, p, e, salt_bit)
    if q - p < 1 or q - p > 64:
        return np.int64(-1)
    return _byte(buf, q, e, 36)


@kernel
def _pbkdf2_passlib(buf, i, e):
    """`$pbkdf2[-sha1|-sha256|-sha512]$N$salt$hash` (salt 1-64, hash ≥ 20, base 64 either way)."""
    p = i + 7
    if p + 4 <= e and buf[p] == 45 and buf[p + 1] == 115 and buf[p + 2] == 104 and buf[p + 3] == 97:
        p = _sha_size(buf, p + 4, e)
    p = _iterations_salt(buf, p, e, B_A64) if p > 0 else p
    return _b64_tail(buf, p, e, B_A64, 20, 0)


@kernel
def _pbkdf2_django(buf, i, e):
    """`pbkdf2_sha1|sha256|sha512$N$salt$hash` (salt 1-64 letters and digits, hash ≥ 20 base 64, `=`)."""
    p = _lit(buf, i, e, L_DJANGO)
    p = _sha_size(buf, p, e) if p > 0 else p
    p = _iterations_salt(buf, p, e, B_ALNUM) if p > 0 else p
    return _b64_tail(buf, p, e, B_S64, 20, 2)


@kernel
def token_boundary(buf, s, i):
    """Can a hash start at i: first byte of the cell, or after a byte that no hash is made of?"""
    return i == s or buf[i - 1] >= 128 or not (HASH_CLS[buf[i - 1]] & B_TOKEN)


@kernel
def hash_end(buf, i, e, allow_hex):
    """End of the stored password hash at i, or -1: one of `validators.pwhash.PREFIXED`'s grammars (at a `$`,
    or the `p` of Django's `pbkdf2_sha`), or with `allow_hex` 32, 40 or 64 hexadecimal digits, at most
    `HASH_MAX` bytes, and not followed by a character hashes are made of (`pwhash.TOKEN`'s)."""
    if e - i < 27:  # the shortest form, md5-crypt, has 27 characters
        return np.int64(-1)
    b = buf[i]
    end = np.int64(-1)
    if b == 36:
        b1 = buf[i + 1]
        if b1 == 50:
            if (
                (buf[i + 2] == 97 or buf[i + 2] == 98 or buf[i + 2] == 120 or buf[i + 2] == 121)
                and buf[i + 3] == 36
                and 48 <= buf[i + 4] <= 57
                and 48 <= buf[i + 5] <= 57
                and buf[i + 6] == 36
            ):
                r = _run(buf, i + 7, e, B_C64)
                end = r if r - (i + 7) == 53 else end
        elif (b1 == 49 or b1 == 53 or b1 == 54) and buf[i + 2] == 36:
            end = _mcf_crypt(buf, i, e)
        elif _lit(buf, i, e, L_ARGON2) > 0:
            end = _argon2(buf, i, e)
        elif _lit(buf, i, e, L_SCRYPT) > 0:
            end = _scrypt(buf, i, e)
        elif _lit(buf, i, e, L_PBKDF2) > 0:
            end = _pbkdf2_passlib(buf, i, e)
    elif b == 112:
        end = _pbkdf2_django(buf, i, e)
    elif allow_hex:
        r = _run(buf, i, e, B_HEX)
        if r - i == 32 or r - i == 40 or r - i == 64:
            end = r
    if end < 0 or end - i > HASH_MAX:
        return np.int64(-1)
    if end < e and buf[end] < 128 and HASH_CLS[buf[end]] & B_TOKEN:
        return np.int64(-1)
    return end


@kernel
def secret_ok(buf, s, e):
    """Can `buf[s:e]` (trimmed) be a password in clear (`validators.password.secret_ok`): 1 to `MAX_BYTES`
    bytes, no tab or line break, not a placeholder (ASCII case-insensitive), not one mask character repeated?"""
    n = e - s
    if n < 1 or n > SECRET_MAX:
        return False
    same = True
    for p in range(s, e):
        b = buf[p]
        if b == 9 or b == 10 or b == 13:
            return False
        if b != buf[s]:
            same = False
    if same:
        for k in range(len(_MASKS)):
            if buf[s] == _MASKS[k]:
                return False
    for k in range(len(_PH_OFF) - 1):
        a = _PH_OFF[k]
        if _PH_OFF[k + 1] - a != n:
            continue
        eq = True
        for q in range(n):
            b = buf[s + q]
            if 65 <= b <= 90:
                b += 32
            if b != _PH_BLOB[a + q]:
                eq = False
                break
        if eq:
            return False
    return True
