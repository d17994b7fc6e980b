"""Guess a dump's format from its first bytes: delimited text, JSON Lines, JSON array, SQL dump or text.

Why our own sniffer: `csv.Sniffer` guesses from one sample and is easily fooled by free-text columns; leak
dumps are regular, so counting candidate delimiters outside quotes per line and keeping the one whose count
is the same on most lines is both simpler and more reliable.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["FORMATS", "FormatInfo", "sniff"]

FORMATS = ("csv", "jsonl", "json", "sql", "text")

_SQL_START = re.compile(
    rb"^\s*(--|/\*|#|SET\s|DROP\s+TABLE|CREATE\s+TABLE|INSERT\s+INTO|LOCK\s+TABLES|BEGIN|USE\s|START\s+TRANSACTION)",
    re.IGNORECASE,
)
_SQL_ANY = re.compile(rb"\bINSERT\s+INTO\b|\bCREATE\s+TABLE\b", re.IGNORECASE)
_DELIMITERS = (";", ",", "\t", "|")


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """What the sniffer decided; `header` is None when the first record is data."""

    kind: str
    delimiter: str = ","
    quote: str = '"'
    header: tuple[str, ...] | None = None


def _count_outside_quotes(line: str, delim: str) -> int:
    n = 0
    inside = False
    for ch in line:
        if ch == '"':
            inside = not inside
        elif ch == delim and not inside:
            n += 1
    return n


def _looks_like_header(cells: list[str], rows: list[list[str]]) -> bool:
    """A first row is a header when its cells are labels: non-empty, no digits-only values, no e-mail."""
    if not cells or any(not c.strip() for c in cells):
        return False
    for c in cells:
        s = c.strip()
        if "@" in s or len(s) > 64 or re.fullmatch(r"[\d\s.,:/+-]+", s):
            return False
    labels = sum(1 for c in cells if re.search(r"[A-Za-zÀ-ÿ]", c))
    if labels < max(1, len(cells) * 0.8):
        return False
    if rows:
        # a header row repeated as data would be unusual: the first row differs from the rest
        return any(tuple(r) != tuple(cells) for r in rows)
    return True


def _sniff_delimited(text: str) -> FormatInfo | None:
    lines = [ln for ln in text.splitlines() if ln.strip()][:60]
    if len(lines) < 1:
        return None
    best: tuple[float, str] | None = None
    for delim in _DELIMITERS:
        counts = [_count_outside_quotes(ln, delim) for ln in lines]
        common, freq = Counter(counts).most_common(1)[0]
        if common == 0:
            continue
        score = freq / len(lines) + min(common, 20) / 100
        if freq / len(lines) >= 0.6 and (best is None or score > best[0]):
            best = (score, delim)
    if best is None:
        return None
    delim = best[1]
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))[:20]
    rows = [r for r in rows if r]
    if not rows:
        return None
    header = tuple(c.strip() for c in rows[0]) if _looks_like_header(rows[0], rows[1:]) else None
    return FormatInfo("csv", delimiter=delim, header=header)


def _is_jsonl(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    complete = lines[:-1] if len(lines) > 1 else lines
    good = 0
    for ln in complete[:20]:
        try:
            json.loads(ln)
            good += 1
        except ValueError:
            return False
    return good > 0


def sniff(
    head: bytes, *, encoding: str = "utf-8", forced: str | None = None, delimiter: str | None = None
) -> FormatInfo:
    """Decide the format of the head of the input (an ASCII-compatible encoding: UTF-8 or a code page).

    >>> sniff(b"nom;prenom\\nDUPONT;Jean\\n").header
    ('nom', 'prenom')
    >>> sniff(b'{"a": 1}\\n{"a": 2}\\n').kind
    'jsonl'
    >>> sniff(b"INSERT INTO t VALUES (1,'a');").kind
    'sql'
    >>> sniff(b"Bonjour,\\nvoici mon dossier.\\n").kind
    'text'
    """
    text = head.decode(encoding, errors="replace")
    stripped = text.lstrip("\ufeff \t\r\n")
    if forced in ("jsonl", "json", "sql", "text"):
        return FormatInfo(forced)
    if forced == "csv":
        if delimiter:
            return _sniff_with(text, delimiter)
        # a single column has no delimiter to count: read it with ',' (its header is still a header)
        return _sniff_delimited(text) or _sniff_with(text, ",")
    if stripped.startswith("{") and _is_jsonl(stripped):
        return FormatInfo("jsonl")
    if stripped.startswith("["):
        return FormatInfo("json")
    if stripped.startswith("{"):
        return FormatInfo("json")
    if _SQL_START.match(head.lstrip(b"\xef\xbb\xbf")) and _SQL_ANY.search(head):
        return FormatInfo("sql")
    info = _sniff_delimited(text)
    if info is not None:
        return info
    return FormatInfo("text")


def _sniff_with(text: str, delimiter: str) -> FormatInfo:
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter)][:20]
    header = tuple(c.strip() for c in rows[0]) if rows and _looks_like_header(rows[0], rows[1:]) else None
    return FormatInfo("csv", delimiter=delimiter, header=header)
