"""Read a decompressed stream into reused, 64-byte-aligned buffers and hand out whole records.

Why aligned, reused buffers: `readinto` an aligned numpy buffer runs several times faster than building a
new `bytes` per block (see DESIGN.md §6).  The chunker does not know record syntax: the caller's structure
kernel says how many bytes form complete records (`consumed`), and the rest is carried to the next chunk,
so a quoted cell with embedded newlines is never cut.  UTF-16, UTF-32 and code pages that are not
ASCII-compatible (EBCDIC) are transcoded to UTF-8 here, the only place a copy is made, and positions are
mapped back with `utf8_to_unit_offsets` (every character is one code unit, or two for UTF-16 beyond U+FFFF).
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
from numba import njit

__all__ = [
    "BufferPool",
    "Chunk",
    "ChunkReader",
    "aligned_empty",
    "source_offsets",
    "utf8_to_unit_offsets",
    "utf8_units",
    "utf16_units",
]

_CODECS = {"utf16le": "utf-16-le", "utf16be": "utf-16-be", "utf32le": "utf-32-le", "utf32be": "utf-32-be"}
_UNIT_BYTES = {"utf16le": 2, "utf16be": 2, "utf32le": 4, "utf32be": 4, "recoded": 1}

ALIGN = 64


def aligned_empty(size: int) -> np.ndarray:
    """A uint8 array of `size` bytes whose data starts on a 64-byte boundary."""
    raw = np.empty(size + ALIGN, np.uint8)
    shift = (-raw.ctypes.data) % ALIGN
    return raw[shift : shift + size]


class BufferPool:
    """Chunk-sized aligned buffers, handed out again once nobody holds them.

    Why: a fresh 8 MB buffer per chunk is fresh memory the kernel must fault in and zero page by page
    (~240,000 page faults and 4 % of a 1 GB scan's CPU time in `clear_page`).  Whether a buffer is still
    held (by a worker, a pending result, a findings batch the caller kept) is read from CPython's reference
    counts: the pool holds the owning array and one aligned view of it; any other view or holder adds a
    reference, and such a buffer is simply not reused.  Nothing is ever overwritten while in use.
    """

    def __init__(self, size: int, *, keep: int = 8) -> None:
        self.size = size
        self._keep = keep
        self._items: list[tuple[np.ndarray, np.ndarray]] = []  # (owner, aligned view)
        self.reused = 0

    def take(self) -> np.ndarray:
        for k, item in enumerate(self._items):
            # references: the pool's tuple, `item`'s unpacking below and getrefcount's argument (+ view.base)
            if sys.getrefcount(item[1]) == 2 and sys.getrefcount(item[0]) == 3:
                self._items.append(self._items.pop(k))
                self.reused += 1
                return item[1]
        view = aligned_empty(self.size)
        self._items.append((view.base, view))
        if len(self._items) > self._keep:
            self._items.pop(0)  # held elsewhere for long (a kept batch): forget it, its holder frees it
        return view


@njit(cache=True, nogil=True)
def utf16_units(data, start, end):
    """UTF-16 code units encoding the UTF-8 bytes `data[start:end]` (4-byte sequences count two)."""
    units = 0
    for i in range(start, end):
        b = data[i]
        if (b & 0xC0) != 0x80:
            units += 2 if b >= 0xF0 else 1
    return units


@njit(cache=True, nogil=True)
def utf8_units(data, start, end, pairs):
    """Code units encoding the UTF-8 bytes `data[start:end]`: one per character, two beyond U+FFFF when
    `pairs` (UTF-16)."""
    units = 0
    for i in range(start, end):
        b = data[i]
        if (b & 0xC0) != 0x80:
            units += 2 if (pairs and b >= 0xF0) else 1
    return units


@njit(cache=True, nogil=True)
def utf8_to_unit_offsets(data, positions, base_bytes, unit_bytes, pairs):
    """Map sorted UTF-8 positions of a chunk to byte offsets in a fixed-unit source encoding (UTF-16,
    UTF-32, a recoded single-byte code page): `base_bytes + unit_bytes * units before the position`."""
    out = np.empty(len(positions), np.int64)
    units = 0
    i = 0
    for k in range(len(positions)):
        p = positions[k]
        while i < p:
            b = data[i]
            if (b & 0xC0) != 0x80:
                units += 2 if (pairs and b >= 0xF0) else 1
            i += 1
        out[k] = base_bytes + unit_bytes * units
    return out


def source_offsets(
    data: np.ndarray, start: np.ndarray, length: np.ndarray, base: int, kind: str
) -> tuple[np.ndarray, np.ndarray]:
    """Offsets and lengths in the input's own encoding of values at chunk positions `start`/`length`.

    Inputs scanned in their own bytes: `base + start`.  Transcoded inputs: both ends mapped back by
    counting code units (`utf8_to_unit_offsets` takes sorted positions, so the ends are sorted first).
    """
    unit = _UNIT_BYTES.get(kind)
    if unit is None:
        return start + base, length.copy()
    pairs = kind in ("utf16le", "utf16be")
    offset = utf8_to_unit_offsets(data, start, base, unit, pairs)
    ends = start + length
    order = np.argsort(ends, kind="stable")
    end_off = np.empty(len(start), np.int64)
    end_off[order] = utf8_to_unit_offsets(data, ends[order], base, unit, pairs)
    return offset, end_off - offset


@dataclass(slots=True)
class Chunk:
    """Complete records of the input: `data[:size]`, whose first byte is at `base` in the input.

    For UTF-16 input, `data` holds UTF-8 and `base` is the UTF-16 byte offset of its first character.
    """

    data: np.ndarray
    size: int
    base: int
    final: bool


class ChunkReader:
    """Fill a buffer, let the caller take complete records, carry the rest over.

    Usage: `chunk = reader.fill()`, parse it, then `reader.consume(n)` with the bytes of complete records.
    When a record is larger than the buffer, the buffer grows up to `max_record`; past that, `fill` returns
    the buffer as `final`-like so the caller cuts the record, and `oversized` counts it.

    Growth does not double-and-copy: the first time a record outgrows the chunk, one buffer of
    `max_record` bytes is allocated and only its first `_cap` bytes are used; later growth of the same
    record just raises `_cap`.  Pages never written cost no memory, and the caller (which still holds the
    previous chunk while `consume` runs) never sees two large buffers at once: a 300 MB line peaks at
    about `max_record` of buffer instead of 1.5x that.
    """

    def __init__(
        self,
        stream: BinaryIO,
        *,
        kind: str = "utf8",
        codec: str | None = None,
        skip: int = 0,
        chunk_size: int = 8 << 20,
        max_record: int = 256 << 20,
        on_read: Callable[[int], None] | None = None,
    ) -> None:
        self._stream = stream
        self._kind = kind
        self._size = chunk_size
        self._max = max(max_record, chunk_size)
        self._pool = BufferPool(chunk_size)
        self._buf = self._pool.take()
        self._cap = chunk_size  # bytes of `_buf` in use: `fill` reads up to here
        self._fill = 0
        self._eof = False
        self._on_read = on_read
        self.base = skip  # input offset of self._buf[0]
        self.oversized = 0
        self.bytes_read = 0
        self._decoder = None
        self._spill = b""  # transcoded input only: UTF-8 that did not fit in the last view
        self._unit = _UNIT_BYTES.get(kind, 1)
        self._pairs = kind in ("utf16le", "utf16be")
        self._nel = False
        if kind in _UNIT_BYTES:
            name = codec if kind == "recoded" else _CODECS[kind]
            if name is None:
                raise ValueError("a recoded input needs its codec")
            self._decoder = codecs.getincrementaldecoder(name)(errors="replace")
            # EBCDIC's line end NL (0x15) decodes to U+0085: read as a line feed, one character for one
            self._nel = kind == "recoded" and b"\x15".decode(name, errors="replace") == "\x85"

    def _read_into(self, view: memoryview) -> int:
        if self._decoder is None:
            n = self._stream.readinto(view)
            n = n or 0
            self.bytes_read += n
            if self._on_read:
                self._on_read(n)
            return n
        # UTF-16: read raw bytes, decode, re-encode as UTF-8 into the buffer.  The UTF-8 of a read can be
        # longer than the room left (one UTF-16 unit is up to 3 UTF-8 bytes, and the room can be 1 byte):
        # what does not fit is kept in `_spill` and served first by the next call, so no byte is lost and
        # the buffer never overflows.  Cutting UTF-8 between two reads is harmless: the buffer is one byte
        # stream, and `utf16_units` counts a character where its lead byte is.
        while not self._spill:
            raw = self._stream.read(max(4, len(view) // 3))
            if not raw:
                self._spill = self._decoded(b"", final=True)
                if not self._spill:
                    return 0
                break
            self.bytes_read += len(raw)
            if self._on_read:
                self._on_read(len(raw))
            self._spill = self._decoded(raw)
        n = min(len(view), len(self._spill))
        view[:n] = self._spill[:n]
        self._spill = self._spill[n:]
        return n

    def _decoded(self, raw: bytes, *, final: bool = False) -> bytes:
        text = self._decoder.decode(raw, final=final)
        if self._nel:
            text = text.replace("\x85", "\n")
        return text.encode("utf-8", "surrogatepass")

    def fill(self) -> Chunk:
        """Read until the buffer is full or the input ends."""
        while not self._eof and self._fill < self._cap:
            n = self._read_into(memoryview(self._buf)[self._fill : self._cap])
            if n == 0:
                self._eof = True
                break
            self._fill += n
        data = self._buf if self._cap == len(self._buf) else self._buf[: self._cap]
        return Chunk(data, self._fill, self.base, self._eof)

    def consume(self, n: int) -> None:
        """Drop the first `n` bytes (complete records); grow the buffer when nothing could be consumed."""
        rest = self._fill - n
        if n == 0 and not self._eof:
            if self._cap >= self._max:
                raise OverflowError("record larger than the maximum record size")
            cap = min(self._cap * 2, self._max)
            if len(self._buf) < cap:
                bigger = aligned_empty(self._max)  # untouched pages are not resident
                bigger[: self._fill] = self._buf[: self._fill]
                self._buf = bigger
            self._cap = cap
            return
        if self._decoder is not None:
            self.base += self._unit * int(utf8_units(self._buf, 0, n, self._pairs))
        else:
            self.base += n
        # another buffer: the previous one may still be read by a worker
        if rest > 0:
            fresh = self._pool.take() if self._cap <= self._size else aligned_empty(self._size + rest)
            fresh[:rest] = self._buf[n : self._fill]
            self._buf = fresh
        else:
            self._buf = self._pool.take()
        self._cap = len(self._buf)
        self._fill = rest

    @property
    def exhausted(self) -> bool:
        return self._eof and self._fill == 0
