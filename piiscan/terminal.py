"""What the terminal shows people: colour (or not), natural order, many inputs folded into a few lines.

Colour follows the usual rules (https://no-color.org, ripgrep's `--color`): `always` and `never` are
obeyed; `auto` colours only a terminal, and not when `NO_COLOR` is set to a non-empty value or `TERM` is
`dumb`.  Styles are plain ANSI SGR codes: the summary is built as text, and a library that parses markup
(rich's `[bold]`) would read brackets in a field name as markup.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TextIO

__all__ = ["Style", "fold_inputs", "natural_key", "plain", "style_for", "use_color"]

ColorMode = Literal["auto", "never", "always"]
Style = Callable[[str, str], str]
"""`style(text, role)`: the text with the look of its role (`title`, `head`, `warn`, `bad`, `good`, `dim`)."""

_SGR = {"title": "1", "head": "1", "warn": "33", "bad": "1;31", "good": "32", "dim": "2"}


def use_color(mode: ColorMode, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what goes to `stream`.

    >>> import io
    >>> use_color("auto", io.StringIO()), use_color("always", io.StringIO(), {"NO_COLOR": "1"})
    (False, True)
    """
    if mode != "auto":
        return mode == "always"
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def plain(text: str, role: str) -> str:
    """No style: the text unchanged."""
    return text


def _ansi(text: str, role: str) -> str:
    code = _SGR.get(role)
    return f"\x1b[{code}m{text}\x1b[0m" if code and text else text


def style_for(color: bool) -> Style:
    return _ansi if color else plain


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that orders numbers by value: `part_2` before `part_10`, as people and file managers do.

    >>> sorted(["part_10.csv", "part_2.csv", "part_1.csv", "Part_3.csv"], key=natural_key)
    ['part_1.csv', 'part_2.csv', 'Part_3.csv', 'part_10.csv']
    """
    parts = _DIGITS.split(text.casefold())
    return tuple((0, int(p), "") if i % 2 else (1, 0, p) for i, p in enumerate(parts))


def fold_inputs(inputs: Iterable[Mapping[str, Any]], *, limit: int = 8) -> tuple[list[Mapping[str, Any]], str | None]:
    """The inputs to list one per line (naturally sorted) and, past `limit`, one line for the rest.

    A directory of 200 parts must not print 200 lines: the summary keeps the inputs with bad records and
    those with the most findings, and sums the others up by format and encoding.
    """
    items = sorted(inputs, key=lambda i: natural_key(i["source"]))
    if len(items) <= limit:
        return items, None
    flagged = [i for i in items if i["bad_records"]]
    top = sorted(items, key=lambda i: -i["findings"])
    keep_ids = {id(i) for i in flagged[: limit // 2]}
    for i in top:
        if len(keep_ids) >= limit:
            break
        keep_ids.add(id(i))
    shown = [i for i in items if id(i) in keep_ids]
    rest = [i for i in items if id(i) not in keep_ids]
    kinds = Counter(f"{i['format']}/{i['encoding']}" for i in rest)
    records = sum(i["records"] for i in rest)
    findings = sum(i["findings"] for i in rest)
    kinds_text = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    first, last = rest[0]["source"], rest[-1]["source"]
    line = (
        f"… and {len(rest):,} more inputs ({first} … {last}): {kinds_text}; "
        f"{records:,} records, {findings:,} findings (every input is in --report)"
    )
    return shown, line
