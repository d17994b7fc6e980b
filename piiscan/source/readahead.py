"""A regular file read front to back, with the kernel asked to read ahead of the reader.

Why: a dump is usually scanned right after it was copied or downloaded, often not (or no longer) in the page
cache.  The scanner reads it in 8 MB `readinto` calls; each one that finds its pages missing waits for the
disk, while the kernel's own read-ahead only keeps a few hundred kB in flight.  On the benchmark machine the
1 GB dump, which `cat` reads cold in 0.46 s, took 7.4 s to scan cold against ~4.5 s warm.  Advising the
kernel (`posix_fadvise(WILLNEED)`) of the next `AHEAD` bytes keeps the disk busy while the cores detect.  A
file that is already cached costs one system call per `AHEAD` bytes; where `posix_fadvise` does not exist
the file is read as before.
"""

from __future__ import annotations

import io
import os

__all__ = ["AHEAD", "ReadAheadFile"]

AHEAD = 64 << 20
"""Bytes the kernel is asked to bring in ahead of the reader (eight chunks)."""

_fadvise = getattr(os, "posix_fadvise", None)


class ReadAheadFile(io.FileIO):
    """`open(path, "rb", buffering=0)`, asking the kernel for the next `AHEAD` bytes as reading proceeds."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path, "rb")
        self._pos = 0
        self._advised = 0  # advice was given for [0, _advised)
        self._advise(0)

    def readinto(self, buffer) -> int | None:  # type: ignore[override]
        n = super().readinto(buffer)
        if n:
            self._moved(n)
        return n

    def read(self, size: int = -1) -> bytes | None:  # type: ignore[override]
        data = super().read(size)
        if data:
            self._moved(len(data))
        return data

    def _moved(self, n: int) -> None:
        self._pos += n
        if self._pos + AHEAD // 2 > self._advised:
            self._advise(self._advised)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._pos = super().seek(offset, whence)
        self._advised = self._pos  # a reader that jumps gets its advice from where it landed
        return self._pos

    def _advise(self, start: int) -> None:
        if _fadvise is None:
            return
        try:
            _fadvise(self.fileno(), start, AHEAD, os.POSIX_FADV_WILLNEED)
        except OSError:  # advice only: a file system that refuses it is read as before
            return
        self._advised = start + AHEAD
