"""Random access to a table container that may arrive as a stream.

SQLite, a workbook's zip directory and Parquet's footer need to seek; a container inside a mailbox, a
gzip or a deflated zip member arrives as a one-way stream.  A regular file is read where it is (its
path); otherwise the stream is held in memory when small, or spooled to a private temporary file that has
no name on disk (`O_TMPFILE`: mode 0600, gone when closed, even after a crash).  The stream enforces the
scan's decompression limits (`--max-bytes`, `--max-ratio`) while it is spooled.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["MEMORY_SPOOL", "RandomAccess", "random_access"]

MEMORY_SPOOL = 32 << 20
"""Largest streamed container held in memory; larger ones go to an anonymous temporary file."""

_BLOCK = 4 << 20


@dataclass(frozen=True)
class RandomAccess:
    """One container with random access: a real `path`, or a seekable `file` (and its bytes when in memory)."""

    size: int
    path: str | None = None
    file: BinaryIO | None = None
    data: bytes | None = None
    stream: BinaryIO | None = None  # a reader that needs no random access (BSON) reads the stream once

    def open(self) -> BinaryIO:
        """A fresh seekable reader (the caller closes it); the stream itself for a streamed container."""
        if self.stream is not None:
            return io.BufferedReader(self.stream)  # type: ignore[arg-type]
        if self.path is not None:
            return open(self.path, "rb")
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.file is not None
        return os.fdopen(os.dup(self.file.fileno()), "rb")

    def fs_path(self) -> str | None:
        """A path the C libraries can open (the file's own, or the anonymous spool's through /proc)."""
        if self.path is not None:
            return self.path
        if self.file is not None:
            return f"/proc/self/fd/{self.file.fileno()}"
        return None


@contextlib.contextmanager
def random_access(path: str | None, head: bytes, stream: BinaryIO, *, seek: bool = True) -> Iterator[RandomAccess]:
    """The container whose first bytes are `head` and the rest `stream`, with random access if `seek`."""
    if not seek:
        yield RandomAccess(size=0, stream=_Joined(head, stream))
        return
    if path is not None:
        yield RandomAccess(size=os.path.getsize(path), path=path)
        return
    held = bytearray(head)
    while len(held) <= MEMORY_SPOOL:
        block = stream.read(_BLOCK)
        if not block:
            yield RandomAccess(size=len(held), data=bytes(held))
            return
        held += block
    with tempfile.TemporaryFile(prefix="piiscan-") as spool:
        os.fchmod(spool.fileno(), 0o600)
        spool.write(held)
        size = len(held)
        del held
        while True:
            block = stream.read(_BLOCK)
            if not block:
                break
            spool.write(block)
            size += len(block)
        spool.flush()
        spool.seek(0)
        yield RandomAccess(size=size, file=spool)


class _Joined(io.RawIOBase):
    """`head`, then the rest of `stream`: a stream whose first bytes were read to recognise it."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._stream = stream
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        if len(self._head):
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
        else:
            n = self._stream.readinto(b) or 0  # type: ignore[attr-defined]
        self.count += n
        return n
