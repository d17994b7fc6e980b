"""What a container yields to the walk: one `Entry` per member, readable in order, or a reason to skip it.

Archives that are read as a stream (tar, 7z) and mail hand their members to `inputs` through this one
shape, so the walk treats them alike: a member is sniffed for compression, nesting and format like any
file, and named `container!member`.

A stream member can only be read while its container is positioned on it: `LiveMember` is the stream the
container hands out, and `LiveMember.opener` the `Input.open` the walk gives the scan.  The scan reads the
inputs of one container in order (it does), so the first `open` gets the live stream; a later `open`
(after the container moved on) raises `InputError`, never stale or foreign bytes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from piiscan.errors import CorruptInputError, InputError, PiiscanError

__all__ = ["Entry", "LiveMember", "not_read", "printable"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One member of a container.

    `name` is the member's own name (joined to the container's with `!` by the walk); `size` the bytes it
    decodes to when known; `packed` the bytes it occupies in its container (the basis of the next layer's
    ratio check).  Either `open` gives its bytes (called at most once, in order) or `skip` is a
    `(reason, detail)` pair, `detail` a one-line message about the member (no data).  `reopen`, when set,
    gives a fresh stream of the same bytes at any time (members held in memory, e.g. mail parts).
    """

    name: str
    size: int | None
    packed: int | None
    open: Callable[[], BinaryIO] | None = None
    skip: tuple[str, str] | None = None
    reopen: Callable[[], BinaryIO] | None = None


def not_read(reason: str, detail: str) -> Entry:
    """The entry that stands for a container, or the rest of one, left unread: a skip `reason` (a coverage
    key) and a one-line `detail` about it (no data)."""
    return Entry("", None, None, skip=(reason, detail))


def printable(name: str) -> str:
    """A member name safe for a one-line message: control characters and lone surrogates escaped."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in name)


class LiveMember(io.RawIOBase):
    """A member's bytes while its container is positioned on it.

    `read_into(mv)` is the container's own read; `expire()` is called when the container moves on: any
    later read raises `InputError`.  Errors of the container's library are turned into
    `CorruptInputError` naming the member (their texts may quote input bytes, so they are not passed on).
    """

    def __init__(self, name: str, read_into: Callable[[memoryview], int], what: str) -> None:
        super().__init__()
        self._name = name
        self._read_into = read_into
        self._what = what
        self._expired = False
        self._handed = False
        self._lock = threading.Lock()
        self._out = 0

    def opener(self) -> BinaryIO:
        """`Input.open`: this stream, the first time; an `InputError` once handed out or expired."""
        with self._lock:
            if self._handed or self._expired:
                raise InputError(
                    f"{self._name}: a member of a {self._what} is read in archive order only "
                    "(it was already read, or the scan moved past it)"
                )
            self._handed = True
        return self  # type: ignore[return-value]

    def expire(self) -> None:
        self._expired = True

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._expired:
            raise InputError(f"{self._name}: the {self._what} moved past this member; it cannot be read now")
        mv = memoryview(b).cast("B")
        try:
            n = self._read_into(mv)
        except PiiscanError:
            raise
        except Exception:  # tarfile.ReadError, py7zr errors, zlib/lzma errors: never echoed
            raise CorruptInputError(
                f"{self._name}: truncated or corrupt {self._what} member after {self._out} bytes"
            ) from None
        self._out += n
        return n
