"""Stream wrappers shared by the walk (`piiscan.source.inputs`) and the scanner (`piiscan.scanner`).

Both read the first bytes of a stream to decide what it is (compression, container, encoding, format) and
must then hand on the whole stream, those bytes included, without reading it twice: a pipe or a
decompressed stream cannot be rewound.  `Prefixed` serves them again; `Guarded` keeps what was read before
damage or a limit; `read_head` reads the first bytes.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from piiscan.errors import PiiscanError

__all__ = ["Guarded", "Prefixed", "read_head"]


class Prefixed(io.RawIOBase):
    """The bytes already read to sniff a one-shot stream, then the rest of it.

    `owns`: whether closing this stream closes the inner one (the walk hands the wrapper on and forgets the
    inner stream; the scanner closes its input itself, so its wrapper does not).
    """

    def __init__(self, head: bytes, inner: BinaryIO, *, owns: bool = True) -> None:
        super().__init__()
        self._head = memoryview(head)  # served by slices of this view: no copy of the head per read
        self._at = 0
        self._inner = inner
        self._owns = owns

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int | None:  # type: ignore[override]
        if self._at < len(self._head):
            n = min(len(b), len(self._head) - self._at)
            memoryview(b).cast("B")[:n] = self._head[self._at : self._at + n]
            self._at += n
            return n
        return self._inner.readinto(b)  # type: ignore[attr-defined]

    def close(self) -> None:
        if not self.closed:
            try:
                if self._owns:
                    self._inner.close()
            finally:
                super().close()


class Guarded(io.RawIOBase):
    """A decompressed stream that ends, instead of raising, at the first damage or limit.

    A truncated gzip or a bomb stopped by a limit must not lose what was read before it: the scanner
    scans every good byte, then reports the error (its message names sizes and limits, never data).
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        if self.error is not None:
            return 0
        try:
            return self._stream.readinto(b) or 0  # type: ignore[attr-defined]
        except (PiiscanError, OSError) as exc:
            self.error = exc
            return 0

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close:
            close()
        super().close()


def read_head(stream: BinaryIO, n: int) -> bytes:
    """Up to `n` first bytes of `stream` (fewer only at its end); errors propagate.

    With `read`, not a preallocated buffer: a small file served from memory returns its bytes as they are,
    which matters when a folder holds 100,000 of them.
    """
    parts = []
    got = 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)
