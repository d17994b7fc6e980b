"""Structured writers over fragments: a CSV row, a JSON value, an SQL literal; each escapes part by part so
a planted value's span covers its bytes as written (escapes included, quotes excluded)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from synth.frag import Cell, Frag

__all__ = ["Bare", "csv_row", "json_frag", "sql_value"]


def _csv_escape(s: str) -> str:
    return s.replace('"', '""')


def csv_row(out: Frag, cells: Sequence[Cell], *, delimiter: str, quote_all: bool, eol: str) -> None:
    for i, cell in enumerate(cells):
        if i:
            out.add(delimiter)
        if cell is None:
            cell = ""
        text = cell if isinstance(cell, str) else cell.text()
        if quote_all or any(c in text for c in (delimiter, '"', "\n", "\r")):
            out.add('"').extend(cell, _csv_escape).add('"')
        else:
            out.extend(cell)
    out.add(eol)


def _json_escaper(ensure_ascii: bool, escape_slash: bool) -> Callable[[str], str]:
    def esc(s: str) -> str:
        text = json.dumps(s, ensure_ascii=ensure_ascii)[1:-1]
        return text.replace("/", "\\/") if escape_slash else text

    return esc


class Bare:
    """A JSON leaf written without quotes (a number), possibly a planted value."""

    __slots__ = ("frag",)

    def __init__(self, frag: Frag | str) -> None:
        self.frag = frag


def json_frag(
    value: Any,
    *,
    indent: int | None = None,
    ensure_ascii: bool = False,
    escape_slash: bool = False,
    compact: bool = False,
) -> Frag:
    """Serialise nested dicts/lists whose leaves may be :class:`Frag` (tagged strings) or :class:`Bare`."""
    out = Frag()
    esc = _json_escaper(ensure_ascii, escape_slash)
    item_sep = "," if (indent is not None or compact) else ", "
    key_sep = ":" if compact else ": "

    def emit(v: Any, level: int) -> None:
        if isinstance(v, Frag):
            out.add('"').extend(v, esc).add('"')
        elif isinstance(v, str):
            out.add('"' + esc(v) + '"')
        elif isinstance(v, Bare):
            out.extend(v.frag)
        elif v is None:
            out.add("null")
        elif isinstance(v, bool):
            out.add("true" if v else "false")
        elif isinstance(v, int | float):
            out.add(json.dumps(v))
        elif isinstance(v, dict):
            if not v:
                out.add("{}")
                return
            out.add("{")
            for i, (k, item) in enumerate(v.items()):
                if i:
                    out.add(item_sep)
                if indent is not None:
                    out.add("\n" + " " * (indent * (level + 1)))
                out.add('"' + esc(k) + '"' + key_sep)
                emit(item, level + 1)
            if indent is not None:
                out.add("\n" + " " * (indent * level))
            out.add("}")
        elif isinstance(v, list | tuple):
            if not v:
                out.add("[]")
                return
            out.add("[")
            for i, item in enumerate(v):
                if i:
                    out.add(item_sep)
                if indent is not None:
                    out.add("\n" + " " * (indent * (level + 1)))
                emit(item, level + 1)
            if indent is not None:
                out.add("\n" + " " * (indent * level))
            out.add("]")
        else:
            raise TypeError(f"cannot serialise {type(v).__name__}")

    emit(value, 0)
    return out


_SQL_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\x00": "\\0", "\x1a": "\\Z"}
_SQL_ESCAPE_RE = re.compile(r"[\\'\"\n\r\x00\x1a]")


def _sql_escape(s: str) -> str:
    return _SQL_ESCAPE_RE.sub(lambda m: _SQL_ESCAPES[m.group(0)], s)


def sql_value(out: Frag, v: Frag | str | int | None) -> None:
    if v is None:
        out.add("NULL")
    elif isinstance(v, int):
        out.add(str(v))
    else:
        out.add("'").extend(v, _sql_escape).add("'")
