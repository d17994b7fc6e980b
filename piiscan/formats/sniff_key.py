"""A key under which small text files sniff alike: one sniff serves every file of a folder shaped the same.

Why: in a folder of one-line files (one file per person) the format sniff (encoding, binary test, delimiter,
header) was a quarter of the time per file, and its answer is the same for nearly every file.  `sniff_key`
maps a file's bytes to a shorter key such that the scanner's whole sniff (`Scanner._sniff`: encoding,
binary test, format, delimiter, header) of the key equals that of the file, so a batch sniffs the key
once and looks the others up (`piiscan.batching`).  It returns None where that is not proven; those files
are sniffed in full, as before.

The key keeps the first line as it is and, after it, replaces every letter or digit by its class (`A`,
`a`, `9`, as `formats.sniff._shape` classes them: `é` is `a`, `²` is `9`); `collapsed_key` also cuts a
run of one class to one character when the text holds none of the delimiters whose test looks at cell
lengths (`,`, `|` and the rare ones), so that values of other lengths share it.  Why the sniff cannot
tell the file from either key (`tests/test_sniff_key.py` checks it on generated files), under the
conditions `sniff_key` checks (no control byte or NUL, strict UTF-8 without a BOM, no `_binary`, a first
line with text and no quote, no SQL start, at most `MAX_KEYED` bytes):

- encoding: the file is strict UTF-8 without a BOM or NUL, and so is its key (ASCII, or UTF-8 text with
  letters and digits replaced): UTF-8 for both;
- binary test: the signatures are in the first line (or, for PNG's, in bytes the key keeps), and there is
  no control byte to count;
- format: `{`, `[`, the SQL start and `_binary` are told from bytes the key keeps; the delimiter test
  counts delimiters, quotes, line ends and blank cells (all kept) and, for `,`, `|` and the rare ones
  only, the average cell length (runs are collapsed only when none of them occurs);
- header: the first row is the first line, kept as it is; the rows below are compared by their shapes,
  in which a letter or digit counts only by its class and a run only once (`formats.sniff._shape`).
"""

from __future__ import annotations

import codecs
import re

from piiscan.formats.sniff import _SHAPE_CLASSES, _SQL_START
from piiscan.source.encoding import _TEXT_BYTES

__all__ = ["MAX_KEYED", "collapsed_key", "sniff_key"]

MAX_KEYED = 64 << 10
"""Longest file given a key (the batched small files): the csv reader's field limit (128 KiB) is never met."""

_CLASSES = bytes.maketrans(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", b"9" * 10 + b"A" * 26 + b"a" * 26
)
# runs of one class to one character (literal replacements: a template such as `\1` would be expanded in
# Python at every match)
_RUNS = (re.compile(rb"AA+"), b"A"), (re.compile(rb"aa+"), b"a"), (re.compile(rb"99+"), b"9")
_LENGTH_TESTED = b",|^~!#\x01\x1e\x1f"
"""Delimiters whose sniff test looks at the average cell length (`formats.sniff._best_delimiter`)."""


def sniff_key(data: bytes) -> bytes | None:
    """The key of a small file's bytes, its letters and digits after the first line replaced by their class
    (see the module docstring), or None when the file needs its own sniff."""
    if len(data) > MAX_KEYED or data.translate(None, _TEXT_BYTES):
        return None  # a control byte or NUL: the encoding and binary tests count them
    if not data.isascii():
        if data.startswith(codecs.BOM_UTF8):
            return None
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if b"_binary" in data:
        return None
    end = data.find(b"\n") + 1
    if end == 0:
        return data  # one line: the key is the file
    first = data[:end]
    if b'"' in first or not first.strip() or _SQL_START.match(data):
        return None
    if data.isascii():
        return first + data[end:].translate(_CLASSES)
    # letters and digits outside ASCII (é, ², ٣) by the classes `_shape` gives them, one character each
    return first + data[end:].decode("utf-8").translate(_SHAPE_CLASSES).encode("utf-8")


def collapsed_key(key: bytes) -> bytes | None:
    """A `sniff_key` with each run of one class after its first line cut to one character, or None when the
    text holds a delimiter whose sniff test reads cell lengths (then lengths tell keys apart)."""
    end = key.find(b"\n") + 1
    if end == 0 or len(key.translate(None, _LENGTH_TESTED)) != len(key):
        return None
    rest = key[end:]
    for run, one in _RUNS:
        rest = run.sub(one, rest)
    return key[:end] + rest
