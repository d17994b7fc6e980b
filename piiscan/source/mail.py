"""E-mail as a container: an `.eml` message or an mbox mailbox split into headers, bodies and attachments.

Why the standard library (`email` with `policy.default`): it decodes what mail encodes (RFC 2047 header
words, base64 and quoted-printable bodies, charsets, nested `message/rfc822`) and is robust to the
defects real mail carries.  A mailbox is split here, not by `mailbox.mbox`, because that one needs a file
on disk and a table of every message; a leaked mailbox often arrives as `box.mbox.gz` or inside a zip,
and is read once, forward, one message in memory at a time.

Each message becomes entries of its own, named after the container (`mail.eml!...`, and for a mailbox
the 0-based message number first, `box.mbox!12/...`):

* `[headers]`: every header of the message as one JSON object on one line; address headers (From, To,
  Cc, Reply-To...) as lists of `{"name": ..., "email": ...}`, so the scan sees fields such as
  `from.name` and `to.email`; other headers as their decoded text (a repeated header as a list);
* `[body]` (`[body.html]` when the message has only HTML, `[body-2]`... for further inline text parts):
  the decoded text of the message, re-encoded in UTF-8; of a `multipart/alternative` only the plain
  text version is read (the HTML one repeats it);
* every attachment under its own file name (`mail.eml!clients.csv`), its bytes decoded from base64 or
  quoted-printable, then detected like any file (a zip, a workbook, a CSV, an attached message).

Byte offsets of findings are exact in these decoded entries (DESIGN §3, "the decompressed input"): the
input of an attachment is its decoded bytes, of a body its decoded text in UTF-8, of `[headers]` the JSON
line.  They are not offsets in the raw message file, whose transfer encodings would make them useless.

A message larger than `MAX_MESSAGE_BYTES` is skipped with a reason (it is held in memory to be parsed);
a mailbox with more than `--max-members` messages is read up to that many and the rest is reported.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import re
from collections.abc import Iterator
from email.message import EmailMessage, Message
from functools import partial
from typing import BinaryIO

from piiscan.errors import DecompressionLimitError, PiiscanError
from piiscan.source.limits import Limits, MiB, format_size
from piiscan.source.members import Entry, not_read

__all__ = ["MAX_MESSAGE_BYTES", "iter_mail"]

MAX_MESSAGE_BYTES = 100 * MiB
"""Largest message parsed (raw size, attachments included): the parser holds it whole, and its decoded
attachments beside it, within the scan's memory bound."""

_ADDRESS_HEADERS = frozenset(
    [
        "from",
        "to",
        "cc",
        "bcc",
        "reply-to",
        "sender",
        "delivered-to",
        "return-path",
        "x-original-to",
        "resent-from",
        "resent-to",
        "resent-cc",
        "disposition-notification-to",
    ]
)
_MBOX_FROM = re.compile(rb"From \S{1,512} [^\r\n]*\d\d:\d\d")
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f!]")
_READ_BLOCK = 1 * MiB


def iter_mail(stream: BinaryIO, *, kind: str, shown: str, limits: Limits) -> Iterator[Entry]:
    """The entries of an `.eml` (`kind="eml"`) or mbox (`kind="mbox"`) read from `stream` (owned)."""
    try:
        if kind == "eml":
            raw = _read_message(stream, shown)
            if isinstance(raw, Entry):
                yield raw
                return
            yield from _message_entries(raw, prefix="", shown=shown)
        else:
            yield from _mailbox_entries(stream, shown=shown, limits=limits)
    finally:
        stream.close()


def _read_message(stream: BinaryIO, shown: str) -> bytes | Entry:
    buf = bytearray()
    try:
        while len(buf) <= MAX_MESSAGE_BYTES:
            chunk = stream.read(_READ_BLOCK)
            if not chunk:
                break
            buf += chunk
    except DecompressionLimitError as exc:
        return not_read("decompression-limit", str(exc))
    except PiiscanError as exc:
        return not_read("corrupt-archive", str(exc))
    if len(buf) > MAX_MESSAGE_BYTES:
        return not_read(*_oversized(shown))
    return bytes(buf)


def _oversized(shown: str) -> tuple[str, str]:
    return (
        "oversized-message",
        f"{shown}: message larger than {format_size(MAX_MESSAGE_BYTES)} (held in memory to be parsed); not read",
    )


def _mailbox_entries(stream: BinaryIO, *, shown: str, limits: Limits) -> Iterator[Entry]:
    """Split an mbox at its `From sender date` lines, one message in memory at a time."""
    reader = io.BufferedReader(stream, _READ_BLOCK)  # type: ignore[arg-type]
    index = -1
    current = bytearray()
    too_big = False
    line_start = True  # a piece of a line longer than the read limit is not a line start
    try:
        while True:
            line = reader.readline(_READ_BLOCK)
            if not line:
                break
            at_start, line_start = line_start, line.endswith(b"\n")
            if at_start and _MBOX_FROM.match(line):
                if index >= 0:
                    yield from _finish(current, index, too_big, shown)
                index += 1
                current.clear()
                too_big = False
                if index >= limits.max_members:
                    yield not_read(
                        "too-many-members",
                        f"{shown}: mailbox holds more than --max-members {limits.max_members} messages; "
                        "the rest is not read",
                    )
                    return
                continue
            if too_big or index < 0:
                continue
            current += line
            if len(current) > MAX_MESSAGE_BYTES:
                too_big = True
                current.clear()
    except DecompressionLimitError as exc:
        yield not_read("decompression-limit", f"{exc}; rest of the mailbox not read")
        return
    except PiiscanError as exc:
        yield not_read("corrupt-archive", f"{exc}; rest of the mailbox not read")
        return
    if index >= 0:
        yield from _finish(current, index, too_big, shown)
    else:
        yield not_read("empty", f"{shown}: mailbox holds no message")


def _finish(current: bytearray, index: int, too_big: bool, shown: str) -> Iterator[Entry]:
    if too_big:
        limit = format_size(MAX_MESSAGE_BYTES)
        yield Entry(str(index), None, None, skip=("oversized-message", f"message larger than {limit}; not read"))
        return
    raw = _ESCAPED_FROM.sub(rb"\1", bytes(current))
    yield from _message_entries(raw, prefix=f"{index}/", shown=f"{shown}!{index}")


def _message_entries(raw: bytes, *, prefix: str, shown: str) -> Iterator[Entry]:
    """The `[headers]`, bodies and attachments of one raw message (all decoded before the first is
    yielded: a message the parser chokes on is one counted skip, not half a message and a crash)."""
    try:
        entries = list(_parts(email.message_from_bytes(raw, policy=email.policy.default), prefix))
    except Exception:  # the parser is lenient; anything it still raises is a damaged message
        detail = "unreadable message" if prefix else f"{shown}: unreadable message"
        yield Entry(prefix.rstrip("/"), None, None, skip=("corrupt-archive", detail))
        return
    yield from entries


def _parts(msg: Message, prefix: str) -> Iterator[Entry]:
    headers = json.dumps(_headers(msg), ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
    yield _memory_entry(f"{prefix}[headers]", headers)
    bodies = 0
    used: set[str] = set()
    for part, attached in _leaves(msg):
        if not attached:
            text = _text(part)
            html = part.get_content_subtype() == "html"
            bodies += 1
            label = "[body" + (f"-{bodies}" if bodies > 1 else "") + (".html" if html else "") + "]"
            yield _memory_entry(prefix + label, text.encode("utf-8", "surrogatepass"))
            continue
        payload = _payload(part)
        name = _attachment_name(part, len(used) + 1, used)
        if payload is None:
            yield Entry(prefix + name, None, None, skip=("corrupt-archive", "attachment cannot be decoded"))
            continue
        yield _memory_entry(prefix + name, payload)


def _memory_entry(name: str, data: bytes) -> Entry:
    return Entry(name, len(data), len(data), reopen=partial(io.BytesIO, data))


def _leaves(part: Message) -> Iterator[tuple[Message, bool]]:
    """Leaf parts in order, each with whether it is an attachment (else an inline text body).

    Of a multipart/alternative only the plain-text version is visited (else the last, the richest).
    """
    if part.get_content_maintype() == "multipart":
        children = part.get_payload()
        if not isinstance(children, list):
            return
        if part.get_content_subtype() == "alternative" and children:
            plain = [c for c in children if c.get_content_type() == "text/plain"]
            children = plain[:1] or children[-1:]
        for child in children:
            yield from _leaves(child)
        return
    disposition = part.get_content_disposition()
    inline_text = part.get_content_maintype() == "text" and disposition != "attachment" and not part.get_filename()
    yield part, not inline_text


def _text(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
        if isinstance(content, str):
            return content
    except Exception:  # unknown charset, damaged encoding
        pass
    payload = part.get_payload(decode=True)
    return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""


def _payload(part: Message) -> bytes | None:
    """An attachment's decoded bytes; an attached message is re-serialised as the message it is."""
    try:
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner:
                inner = inner[0]
            if isinstance(inner, Message):
                return inner.as_bytes(policy=email.policy.default.clone(linesep="\n"))
        payload = part.get_payload(decode=True)
        return payload if isinstance(payload, bytes) else None
    except Exception:
        return None


def _attachment_name(part: Message, n: int, used: set[str]) -> str:
    """The attachment's file name (path separators and `!` replaced), or `part-N` with the type's
    extension; a repeated name gets `~2`, `~3`... so every input has its own source."""
    try:
        filename = part.get_filename()
    except Exception:
        filename = None
    if filename:
        name = _UNSAFE_NAME.sub("_", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip() or f"part-{n}"
    else:
        ext = {"message/rfc822": ".eml", "text/csv": ".csv", "application/zip": ".zip"}.get(part.get_content_type(), "")
        name = f"part-{n}{ext}"
    unique, k = name, 1
    while unique in used:
        k += 1
        unique = f"{name}~{k}"
    used.add(unique)
    return unique


def _headers(msg: EmailMessage | Message) -> dict[str, object]:
    """Every header, decoded: address headers as lists of {name, email}, the others as text."""
    out: dict[str, object] = {}
    for key in dict.fromkeys(k.lower() for k in msg):
        values: list[object] = []
        for value in msg.get_all(key, []):
            if key in _ADDRESS_HEADERS:
                values.extend(_addresses(value))
            else:
                values.append(_header_text(value))
        if key in _ADDRESS_HEADERS:
            out[key] = values
        else:
            out[key] = values[0] if len(values) == 1 else values
    return out


def _header_text(value: object) -> str:
    try:
        return str(value)
    except Exception:
        return ""


def _addresses(value: object) -> list[dict[str, str]]:
    try:
        addresses = value.addresses  # type: ignore[attr-defined]
        return [{"name": a.display_name, "email": a.addr_spec} for a in addresses]
    except Exception:  # a header the parser could not structure: its text, as the e-mail field
        return [{"name": "", "email": _header_text(value)}]
