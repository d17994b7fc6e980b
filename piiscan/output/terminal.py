"""What the terminal shows people: colour (or not), natural order, many inputs folded into a few lines.

Colour follows the usual rules (https://no-color.org, ripgrep's `--color`): `always` and `never` are
obeyed; `auto` colours only a terminal, and not when `NO_COLOR` is set to a non-empty value or `TERM` is
`dumb`.  Styles are plain ANSI SGR codes: the summary is built as text, and a library that parses markup
(rich's `[bold]`) would read brackets in a field name as markup.

Every string that comes from the input or the file system (file and member names, CSV headers, JSON keys,
SQL column names, previews, skip details) goes through `escape` before it reaches a terminal: printed raw,
an escape sequence retitles the window or clears the screen, a newline in a file name forges summary lines
(`FAKE: 0 findings, all clean`), a bidi override (U+202E) shows `fdp.exe` as `exe.pdf`, and a name that is
not valid UTF-8 (a surrogate-escaped byte) makes `print` raise.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TextIO

__all__ = ["Style", "escape", "fold_inputs", "natural_key", "plain", "style_for", "use_color"]

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


def fold_inputs(
    inputs: Iterable[Mapping[str, Any]], *, limit: int = 8, more: Mapping[str, Any] | None = None
) -> tuple[list[Mapping[str, Any]], str | None]:
    """The inputs to list one per line (naturally sorted) and, past `limit`, one line for the rest.

    A directory of 200 parts must not print 200 lines: the summary keeps the inputs with bad records and
    those with the most findings, and sums the others up by format and encoding.  `more` is the report's
    `inputs_more` (the inputs past those the report lists one by one), added to that line.
    """
    items = sorted(inputs, key=lambda i: natural_key(i["source"]))
    if len(items) <= limit and not more:
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
    count = len(rest)
    names = [rest[0]["source"], rest[-1]["source"]] if rest else []
    if more:
        kinds.update(more["formats"])
        records += more["records"]
        findings += more["findings"]
        count += more["inputs"]
        names = [names[0] if names else more["first_source"], more["last_source"]]
    if not count:
        return shown, None
    kinds_text = ", ".join(f"{n:,} {k}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    first, last = escape(names[0]), escape(names[-1])  # names chosen by the dump's author
    listed = "every input is in --report" if not more else f"the first {len(items):,} are listed in --report"
    line = (
        f"… and {count:,} more inputs ({first} … {last}): {kinds_text}; "
        f"{records:,} records, {findings:,} findings ({listed})"
    )
    return shown, line


def _escape_char(c: str) -> str:
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(text: str) -> str:
    r"""`text` with every character that is not printable written as a visible escape (`\\x1b`, `\\x0a`, `\\u202e`).

    Escaped: C0 and C1 control characters (ESC and CSI included), DEL, line and paragraph separators,
    format characters (bidi overrides and isolates, zero-width characters), unassigned and private-use
    code points, lone surrogates.  Letters of every script, accents and the ordinary space are kept, so a
    French header stays readable.  The result is always one line, and encodes to UTF-8.

    >>> escape("a\x1b]0;pwned\x07b"), escape("line\nFAKE: 0 findings")
    ('a\\x1b]0;pwned\\x07b', 'line\\x0aFAKE: 0 findings')
    >>> escape("r\u202eexe.pdf"), escape("Numéro de sécurité sociale"), escape("bad\udcffname")
    ('r\\u202eexe.pdf', 'Numéro de sécurité sociale', 'bad\\xffname')
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape_char(c) for c in text)
