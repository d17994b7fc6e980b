"""Text with the exact spans of the values planted in it, rendered to bytes in a file's own encoding."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["Cell", "Document", "Frag", "Span", "fill", "iter_truth", "render", "truth_records", "write_truth"]


class Span(NamedTuple):
    """One planted value: entity, byte offset, byte length (in the rendered file)."""

    entity: str
    offset: int
    length: int


class Frag:
    """Text built from parts, with entity spans over ranges of parts (spans may nest, e.g. in an MRZ).

    Escaping (CSV quotes, JSON, SQL) is applied part by part when a fragment is appended to another, so a
    span always covers its value's bytes as written.

    >>> f = Frag("tel: ").add("06 12 34 56 78", "PHONE_NUMBER")
    >>> render(f, "utf-8")[1]
    [Span(entity='PHONE_NUMBER', offset=5, length=14)]
    """

    __slots__ = ("parts", "spans")

    def __init__(self, text: str = "", entity: str | None = None) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[str, int, int]] = []
        if text or entity:
            self.add(text, entity)

    def add(self, text: str, entity: str | None = None) -> Frag:
        """Append ``text``; if ``entity`` is given (and text non-empty), it is one planted value."""
        if entity is not None and text:
            i = len(self.parts)
            self.spans.append((entity, i, i + 1))
        self.parts.append(text)
        return self

    def mark(self) -> int:
        """A position to open a span that covers several parts (see :meth:`close`)."""
        return len(self.parts)

    def close(self, entity: str, mark: int) -> Frag:
        """Record a span from ``mark`` to here."""
        self.spans.append((entity, mark, len(self.parts)))
        return self

    def extend(self, other: Frag | str | None, escape: Callable[[str], str] | None = None) -> Frag:
        """Append another fragment (or plain text), escaping each part with ``escape``."""
        if other is None:
            return self
        if isinstance(other, str):
            self.parts.append(escape(other) if escape else other)
            return self
        base = len(self.parts)
        self.parts.extend(map(escape, other.parts) if escape else other.parts)
        self.spans.extend((e, s + base, t + base) for e, s, t in other.spans)
        return self

    def text(self) -> str:
        """The unescaped text."""
        return "".join(self.parts)

    def __repr__(self) -> str:
        return f"Frag({self.text()!r}, spans={len(self.spans)})"


CODECS = {
    "cp1252": "cp1252",
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-16-le": "utf-16-le",
    "utf-16le": "utf-16-le",
    "utf-16": "utf-16-le",
    "latin-1": "latin-1",
}
_BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe"}


def render(frag: Frag, encoding: str, *, bom: bool = False) -> tuple[bytes, list[Span]]:
    """Encode ``frag`` and return ``(bytes, spans)``, spans sorted by offset, in bytes of that encoding."""
    codec = CODECS[encoding.lower()]
    prefix = _BOMS[codec] if bom else b""
    chunks = [p.encode(codec) for p in frag.parts]
    starts = list(itertools.accumulate((len(c) for c in chunks), initial=len(prefix)))
    spans = sorted(
        (Span(e, starts[s], starts[t] - starts[s]) for e, s, t in frag.spans),
        key=lambda sp: (sp.offset, -sp.length, sp.entity),
    )
    return prefix + b"".join(chunks), spans


def truth_records(file: str, spans: Iterable[Span]) -> list[dict[str, Any]]:
    """Truth records ``{"file", "entity", "offset", "length"}``."""
    return [{"file": file, "entity": s.entity, "offset": s.offset, "length": s.length} for s in spans]


def write_truth(path: str | Path, records: Iterable[dict[str, Any]]) -> None:
    """Write truth records as JSON Lines (stable key order, ``\\n`` line ends)."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict[str, Frag | str | tuple[str, str | None]]) -> Frag:
    """Fill ``{name}`` placeholders with plain strings, ``(text, entity)`` pairs or fragments."""
    out = Frag()
    pos = 0
    for m in PLACEHOLDER.finditer(template):
        out.add(template[pos : m.start()])
        value = values[m.group(1)]
        if isinstance(value, tuple):
            out.add(value[0], value[1])
        else:
            out.extend(value)
        pos = m.end()
    out.add(template[pos:])
    return out


@dataclass
class Document:
    """A file to write: a fragment, its encoding, whether it starts with a BOM, and its line ending."""

    frag: Frag
    encoding: str
    bom: bool = False
    meta: dict[str, Any] = field(default_factory=dict)

    def render(self) -> tuple[bytes, list[Span]]:
        """Bytes and spans (see :func:`render`)."""
        return render(self.frag, self.encoding, bom=self.bom)


Cell = Frag | str | None
"""A table cell: a fragment (possibly a planted value), plain text, or empty."""


def iter_truth(path: str | Path) -> Iterator[dict[str, Any]]:
    """Read a truth JSON Lines file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
