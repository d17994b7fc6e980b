"""Code-point reading, classification and folding for the kernels.

Why code points: kernels scan the input's own bytes (UTF-8 or a single-byte code page such as cp1252) so
that offsets stay exact; `read_cp` turns the bytes at a position into one code point and its width, and the
tables below classify and fold it exactly as `piiscan.text.fold` does.  JSON `\\uXXXX` escapes are read as
the character they stand for, so `"ha\\u00eftien"` folds to `haitien`.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from piiscan.kernels.jit import kernel
from piiscan.text import fold_char

__all__ = [
    "ALPHA",
    "CP_CLASS",
    "CP_FOLD1",
    "CP_FOLD2",
    "DIGIT",
    "LOWER",
    "LOWER_LATIN1",
    "N_TABLE",
    "UPPER",
    "byte_cp_table",
    "count_byte",
    "cp_class",
    "is_ascii_alnum",
    "read_cp",
    "same_bytes",
]

N_TABLE = 0x250
"""Code points with an explicit table entry: ASCII, Latin-1, Latin Extended-A and -B."""

ALPHA = np.uint8(1)
UPPER = np.uint8(2)
LOWER = np.uint8(4)
DIGIT = np.uint8(8)


def _build_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    fold1 = np.zeros(N_TABLE, np.uint8)
    fold2 = np.zeros(N_TABLE, np.uint8)
    cls = np.zeros(N_TABLE, np.uint8)
    for cp in range(N_TABLE):
        ch = chr(cp)
        flags = 0
        if ch.isalpha():
            flags |= 1
            if ch.isupper():
                flags |= 2
            if ch.islower():
                flags |= 4
        if "0" <= ch <= "9":
            flags |= 8
        cls[cp] = flags
        folded = fold_char(ch) if flags & 1 else (ch if cp < 128 else "")
        folded = folded.lower() if cp < 128 else folded
        if 1 <= len(folded) <= 2 and folded.isascii():
            fold1[cp] = ord(folded[0])
            if len(folded) == 2:
                fold2[cp] = ord(folded[1])
    return fold1, fold2, cls


CP_FOLD1, CP_FOLD2, CP_CLASS = _build_tables()


def _lower_latin1() -> np.ndarray:
    """For code points below 256: the ASCII letter a lower-case letter folds to alone (é → e), else 0.

    Derived from the tables above so that a word read with it folds exactly as `read_cp` + the fold tables
    would fold it; capitals, ligatures (ß → ss) and non-letters are 0 (the free-text fast path then
    leaves the word to the general path).
    """
    out = np.zeros(256, np.uint8)
    for cp in range(256):
        c1 = CP_FOLD1[cp]
        if CP_CLASS[cp] & ALPHA and not CP_CLASS[cp] & UPPER and CP_FOLD2[cp] == 0 and 97 <= c1 <= 122:
            out[cp] = c1
    return out


LOWER_LATIN1 = _lower_latin1()


def byte_cp_table(codec: str) -> np.ndarray:
    """Code point of each byte in a single-byte codec (undefined bytes → U+FFFD)."""
    table = np.empty(256, np.int32)
    for b in range(256):
        ch = bytes([b]).decode(codec, errors="replace")
        table[b] = ord(ch[0]) if len(ch) == 1 else 0xFFFD
    return table


IDENTITY_BYTES = np.arange(256, dtype=np.int32)


@kernel
def _hexval(b: int) -> int:
    if 48 <= b <= 57:
        return b - 48
    if 97 <= b <= 102:
        return b - 87
    if 65 <= b <= 70:
        return b - 55
    return -1


@kernel
def read_cp(buf, i, end, enc, byte_cp, json):
    """(code point, width in bytes) at `buf[i]`; invalid UTF-8 reads as U+FFFD of width 1.

    `enc` 0 = UTF-8, 1 = single-byte (`byte_cp` maps bytes); `json` reads `\\uXXXX` escapes.
    """
    b = buf[i]
    if b < 0x80:
        if json and b == 92 and i + 5 < end and buf[i + 1] == 117:
            v = 0
            for k in range(2, 6):
                h = _hexval(buf[i + k])
                if h < 0:
                    return 92, 1
                v = v * 16 + h
            return v, 6
        return int(b), 1
    if enc == 1:
        return int(byte_cp[b]), 1
    if b < 0xC2:
        return 0xFFFD, 1
    if b < 0xE0:
        if i + 1 < end and (buf[i + 1] & 0xC0) == 0x80:
            return ((b & 0x1F) << 6) | (buf[i + 1] & 0x3F), 2
        return 0xFFFD, 1
    if b < 0xF0:
        if i + 2 < end and (buf[i + 1] & 0xC0) == 0x80 and (buf[i + 2] & 0xC0) == 0x80:
            return ((b & 0x0F) << 12) | ((buf[i + 1] & 0x3F) << 6) | (buf[i + 2] & 0x3F), 3
        return 0xFFFD, 1
    if b < 0xF5:
        if i + 3 < end and (buf[i + 1] & 0xC0) == 0x80 and (buf[i + 2] & 0xC0) == 0x80 and (buf[i + 3] & 0xC0) == 0x80:
            return (
                ((b & 0x07) << 18) | ((buf[i + 1] & 0x3F) << 12) | ((buf[i + 2] & 0x3F) << 6) | (buf[i + 3] & 0x3F)
            ), 4
    return 0xFFFD, 1


@kernel
def cp_class(cp):
    """Class flags of a code point (ALPHA, UPPER, LOWER, DIGIT); scripts beyond the tables count as letters."""
    if cp < N_TABLE:
        return CP_CLASS[cp]
    if cp == 0xFFFD or 0x2000 <= cp <= 0x2BFF or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF0F:
        return 0
    if cp >= 0x370:
        return 1
    return 0


@kernel
def is_ascii_alnum(b):
    return (48 <= b <= 57) or (65 <= b <= 90) or (97 <= b <= 122)


def _selfcheck() -> None:  # pragma: no cover - executed by tests
    for cp in (0xE9, 0xC9, 0x153, 0xE7):
        assert CP_CLASS[cp] & ALPHA, unicodedata.name(chr(cp))


@kernel(forceinline=True)
def count_byte(view, byte):
    """How many times `byte` occurs in `view` (a slice: the loop vectorises, unlike an indexed scan).

    Inlined: called once or twice a cell, a call with its slice argument cost ~2 % of detection.
    """
    n = np.int64(0)
    for b in view:
        n += b == byte
    return n


@kernel
def same_bytes(buf, a, b, c, d):
    """Whether `buf[a:b]` equals `buf[c:d]` (spans of -1, -1 are equal to each other only)."""
    if b - a != d - c or (a < 0) != (c < 0):
        return False
    for k in range(b - a):
        if buf[a + k] != buf[c + k]:
            return False
    return True
