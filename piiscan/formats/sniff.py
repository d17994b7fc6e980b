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
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import groupby

__all__ = ["FORMATS", "FormatInfo", "sniff", "text_probe"]

FORMATS = ("csv", "jsonl", "json", "sql", "text")

_SQL_START = re.compile(
    rb"^\s*(--|/\*|#|SET\s|DROP\s+TABLE|CREATE\s+TABLE|INSERT\s+INTO|LOCK\s+TABLES|BEGIN|USE\s|START\s+TRANSACTION"
    rb"|PRAGMA\s|COPY\s)",  # PRAGMA: `sqlite3 .dump`; COPY: `pg_dump --data-only`
    re.IGNORECASE,
)
_SQL_ANY = re.compile(
    rb"\bINSERT\s+INTO\b|\bCREATE\s+TABLE\b|^COPY\s+[^\n;]+\bFROM\s+stdin\s*;", re.IGNORECASE | re.MULTILINE
)
_DELIMITERS = (";", ",", "\t", "|")
_RARE_DELIMITERS = ("^", "~", "!", "#", "\x01", "\x1e", "\x1f")
"""Tried only when none of `_DELIMITERS` fits: Hive's ^A, ASCII unit/record separators and the punctuation
some exporters pick because it never occurs in the data.  Characters that occur in ordinary values (`:` in
times, `-` and `/` in dates, `.`) are not candidates: a log with one date per line is not a table."""

_BINARY_LITERAL = re.compile(rb"_binary\s*'(?:[^'\\]|\\.)*(?:'|\Z)", re.DOTALL)
"""MySQL's binary string literal (`mysqldump` writes blob columns so), up to the end of a cut head."""


def text_probe(head: bytes) -> bytes:
    """The head without the binary values an SQL dump may carry, for encoding and binary detection.

    A mysqldump with one `blob` column holds raw bytes inside `_binary '...'` literals: judged whole, the
    file looks binary (or cp1252 instead of UTF-8).  Those values are skipped as fields by the SQL kernel;
    the rest of the file is text and is judged alone.  Other heads are returned as they are.

    >>> text_probe(b"INSERT INTO t VALUES (1,_binary '\\x00\\xff\\x9d','\\xc3\\xa9');")
    b"INSERT INTO t VALUES (1,'','\\xc3\\xa9');"
    """
    if b"_binary" not in head or not _SQL_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return head
    return _BINARY_LITERAL.sub(b"''", head)


MAX_SNIFF_DEPTH = 200
"""Deepest JSON nesting the sniffer hands to `json.loads` (which recurses, and raises `RecursionError` near
1,000 levels: one hostile line must not abort a directory scan).  Deeper lines are judged by their brackets
alone; the structure kernel has its own depth limit and counts deeper records as bad."""


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """What the sniffer decided; `header` is None when the first record is data."""

    kind: str
    delimiter: str = ","
    quote: str = '"'
    header: tuple[str, ...] | None = None
    cr_only: bool = False
    """Records end with a bare CR (classic Mac OS): the scanner reads each CR as a line feed."""


def _count_outside_quotes(line: str, delim: str) -> int:
    n = 0
    inside = False
    for ch in line:
        if ch == '"':
            inside = not inside
        elif ch == delim and not inside:
            n += 1
    return n


class _ShapeClasses(dict):
    """`str.translate` table of `_shape`'s character classes, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        c = "9" if ch.isdigit() else ("A" if ch.isupper() else "a") if ch.isalpha() else ch
        self[code] = c
        return c


_SHAPE_CLASSES = _ShapeClasses()


def _shape(cell: str) -> str:
    """A cell's shape: runs of upper/lower letters and digits collapsed (`Dupont` → `Aa`, `12AB34567` → `9A9`).

    A translation and a grouping of runs rather than a loop over characters: the header test runs it on every
    cell of a head, which made it a tenth of the time of a folder of one-line files.
    """
    return "".join([c for c, _run in groupby(cell.strip().translate(_SHAPE_CLASSES))])


@lru_cache(maxsize=1024)
def _label_shapes(cells: tuple[str, ...]) -> tuple[str, ...] | None:
    """The shapes of a first row's cells if each is a label (non-empty, few digits, no e-mail, letters in
    most), else None.  Cached: a folder of one-line files repeats the same header line in every file."""
    if not cells or any(not c.strip() for c in cells):
        return None
    for c in cells:
        s = c.strip()
        if "@" in s or len(s) > 64 or sum(map(str.isdigit, s)) >= 3 or _NUMBERISH.fullmatch(s):
            return None
    labels = sum(1 for c in cells if _LABEL.search(c))
    if labels < max(1, len(cells) * 0.8):
        return None
    return tuple(_shape(c) for c in cells)


_LABEL = re.compile(r"[A-Za-zÀ-ÿ]")
_NUMBERISH = re.compile(r"[\d\s.,:/+-]+")


def _looks_like_header(cells: list[str], rows: list[list[str]]) -> bool:
    """A first row is a header when its cells are labels: non-empty, few digits, no e-mail, and shaped
    unlike the rows below.  Taking data for a header would print values as field names, so when unsure
    this says no (the row is then scanned as data)."""
    label_shapes = _label_shapes(tuple(cells))
    if label_shapes is None:
        return False
    data = [r for r in rows if len(r) == len(cells)]
    if data and len(cells) >= 3:
        same = 0
        for col, head_shape in enumerate(label_shapes):
            shapes: dict[str, int] = {}  # shape -> cells, in order met (the first of equal counts wins)
            for r in data:
                if r[col].strip():
                    shape = _shape(r[col])
                    shapes[shape] = shapes.get(shape, 0) + 1
            if shapes and max(shapes, key=shapes.__getitem__) == head_shape:
                same += 1
        if same * 2 > len(cells):
            return False  # the first row looks like the others: data, not labels
    return True


def _rows(text: str, delimiter: str, *, limit: int = 20) -> list[list[str]]:
    """The first rows of `text` (bare CR, CRLF or LF line ends), never raising on malformed quoting."""
    if '"' not in text and "\r" not in text and "\x00" not in text and len(text) <= csv.field_size_limit():
        # No quote, CR or NUL: the csv reader splits each non-empty line at every delimiter and nothing else
        # (no field can reach its size limit), which `str.split` does in C.  Most heads of one-line files
        # take this path: the sniffer was a third of the time of a folder of them.
        return _split_rows(text, delimiter, limit)
    return _csv_rows(text, delimiter, limit)


def _csv_rows(text: str, delimiter: str, limit: int) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if row:
                rows.append(row)
                if len(rows) >= limit:
                    break
    except csv.Error:
        pass
    return rows


def _split_rows(text: str, delimiter: str, limit: int) -> list[list[str]]:
    """`_rows` of a text without quotes, CR or NUL (`tests/test_sniff_fast.py` compares it with the csv reader)."""
    rows: list[list[str]] = []
    for line in text.split("\n"):
        if line:
            rows.append(line.split(delimiter))
            if len(rows) >= limit:
                break
    return rows


def _sniff_delimited(text: str) -> FormatInfo | None:
    """The delimiter that splits most records (quotes respected, so cells with newlines count once) into
    the same number of short cells; None for prose.  The usual delimiters first, then rare ones."""
    best = _best_delimiter(text, _DELIMITERS) or _best_delimiter(text, _RARE_DELIMITERS, rare=True)
    if best is None:
        return None
    return _sniff_with(text, best)


def _best_delimiter(text: str, candidates: tuple[str, ...], *, rare: bool = False) -> str | None:
    body = text.rsplit("\n", 1)[0] if text.count("\n") > 1 else text  # the last line may be cut
    best: tuple[float, str] | None = None
    for delim in candidates:
        if delim not in body:
            continue
        rows = [r for r in _rows(body, delim, limit=60) if any(c.strip() for c in r)]
        if len(rows) > 2:
            rows = rows[:-1]  # the last record may be cut by the head, or swallowed by a quote never closed
        if not rows:
            continue
        counts = [len(r) - 1 for r in rows]
        common, freq = Counter(counts).most_common(1)[0]
        # one line proves nothing, and two comma-separated columns are what prose with a comma looks like
        if common == 0 or len(rows) < 2 or (delim == "," and common == 1 and len(rows) < 5):
            continue
        if rare and (freq / len(rows) < 0.9 or common < 2):
            continue  # a rare delimiter must make a table of three columns or more on nearly every line
        # prose has commas too: a delimiter must split most records the same way into short-ish cells
        if (rare or delim in ",|") and sum(len(c) for r in rows for c in r) / sum(map(len, rows)) > 40:
            continue
        score = freq / len(rows) + min(common, 20) / 100
        if freq / len(rows) >= 0.8 and (best is None or score > best[0]):
            best = (score, delim)
    return None if best is None else best[1]


def _json_shape(text: str) -> tuple[int, int]:
    """`(top-level values completed, deepest nesting)` of JSON text, without recursion or parsing.

    Brackets are counted outside strings; the text need not be valid or complete (a head is a prefix).
    """
    depth = deepest = values = 0
    inside = escaped = False
    for ch in text:
        if inside:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                inside = False
                values += depth == 0
        elif ch == '"':
            inside = True
        elif ch in "{[":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                values += 1
            elif depth < 0:
                return values, deepest  # not JSON: stop counting
    return values, deepest


def _parses_as_json(line: str) -> bool:
    values, deepest = _json_shape(line)
    if deepest > MAX_SNIFF_DEPTH:
        return values == 1  # too deep to hand to the recursive parser: balanced brackets are enough here
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def _is_jsonl(text: str) -> bool:
    """Most complete lines parse as JSON on their own (one broken line does not make it a JSON document)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    complete = lines[:-1] if len(lines) > 1 else lines
    sample = complete[:20]
    good = sum(_parses_as_json(ln) for ln in sample)
    return good > 0 and good >= 0.8 * len(sample)


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
    cr_only = "\r" in text and "\n" not in text
    if cr_only:
        text = text.replace("\r", "\n")
        head = head.replace(b"\r", b"\n")
    info = _sniff_text(head, text, forced=forced, delimiter=delimiter)
    return replace(info, cr_only=True) if cr_only else info


def _sniff_text(head: bytes, text: str, *, forced: str | None, delimiter: str | None) -> FormatInfo:
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
        # several documents one after another (`mongoexport --pretty`, concatenated `json.dump`s) are a stream
        # like JSON Lines; one document is read with each value of its outermost object as a record
        return FormatInfo("jsonl" if _json_shape(stripped)[0] >= 2 else "json")
    if _SQL_START.match(head.lstrip(b"\xef\xbb\xbf")) and _SQL_ANY.search(head):
        return FormatInfo("sql")
    info = _sniff_delimited(text)
    if info is not None:
        return info
    return FormatInfo("text")


def _sniff_with(text: str, delimiter: str) -> FormatInfo:
    rows = _rows(text, delimiter)
    header = tuple(c.strip() for c in rows[0]) if rows and _looks_like_header(rows[0], rows[1:]) else None
    return FormatInfo("csv", delimiter=delimiter, header=header)
