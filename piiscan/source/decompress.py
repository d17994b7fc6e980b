"""Streaming decompression with bomb limits and precise truncation errors.

Why not `gzip.open`, `bz2.open`, ... : those hide where a stream broke (bytes decoded just before the
damage can be lost inside a buffered `read`), cannot enforce a ratio while inflating, and
python-zstandard's reader reports a stream cut in the middle of a frame as a clean end of file.  A leaked
dump is very often truncated, so here:

* every stream is an `io.RawIOBase` whose `readinto` fills the caller's buffer (the chunker passes a
  memoryview of a reused aligned numpy buffer; zstd decompresses straight into it); a read that meets
  damage returns the good bytes decoded before it, and the error comes with the next read;
* a truncated or corrupt stream raises `CorruptInputError` at the point of damage, and again on every later
  read (errors are sticky);
* `Limits.max_bytes` and `Limits.max_ratio` are checked on every read and raise `DecompressionLimitError`;
* messages carry the input name, the kind, sizes and limits, never a byte of the data (library error
  texts are not passed on: some quote input bytes).

Compression is recognised by magic bytes, never by file extension (`sniff_compression`).

>>> import gzip, io
>>> s = open_decompressed(io.BytesIO(gzip.compress(b"a;b\\n")), "gzip", limits=Limits(), name="x.gz")
>>> s.read()
b'a;b\\n'
"""

from __future__ import annotations

import bz2
import io
import lzma
import zipfile
import zlib
from collections.abc import Callable
from typing import Any, BinaryIO, cast

import zstandard

from piiscan.errors import CorruptInputError, DecompressionLimitError, InputError, PiiscanError
from piiscan.source.limits import Limits, MiB, format_size

__all__ = [
    "COMPRESSION_KINDS",
    "DECODER_MEMORY_LIMIT",
    "STREAM_KINDS",
    "open_decompressed",
    "open_zip_member",
    "sniff_compression",
]

STREAM_KINDS = ("bz2", "gzip", "xz", "zstd")
"""Kinds `open_decompressed` inflates (single streams, possibly concatenated)."""
COMPRESSION_KINDS = (*STREAM_KINDS, "zip")
"""Everything `sniff_compression` can report; "zip" is an archive, opened by `inputs.iter_inputs`."""

DECODER_MEMORY_LIMIT = 256 * MiB
"""Most memory one xz decoder may allocate: a hostile header can ask liblzma for a 1.5 GiB dictionary.
xz presets use at most 64 MiB.  zstd keeps python-zstandard's default window limit (128 MiB)."""

_READ_SIZE = 256 * 1024
"""Compressed bytes read from the raw stream at a time."""
_FEED = 32 * 1024
"""Compressed bytes given to a stdlib decompressor per call (see `_StdlibStream`)."""

_MAGIC = {
    "gzip": b"\x1f\x8b",
    "bz2": b"BZh",
    "xz": b"\xfd7zXZ\x00",
}

_ZIP_METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}


def sniff_compression(head: bytes) -> str | None:
    """The compression or archive kind of a stream from its first bytes, or None for plain data.

    By magic bytes only: dumps are routinely misnamed (`dump.csv` that is really gzip).  Six bytes are
    enough for every kind; fewer only recognise the kinds whose magic fits.

    >>> sniff_compression(b"\\x1f\\x8b\\x08\\x00")
    'gzip'
    >>> sniff_compression(b"PK\\x03\\x04")
    'zip'
    >>> sniff_compression(b"nom;prenom") is None
    True
    """
    if head[:3] == b"\x1f\x8b\x08":  # gzip with deflate, the only method ever defined
        return "gzip"
    if head[:3] == b"BZh" and len(head) >= 4 and 0x31 <= head[3] <= 0x39:
        return "bz2"
    if head[:6] == _MAGIC["xz"]:
        return "xz"
    if head[:4] == b"\x28\xb5\x2f\xfd":
        return "zstd"
    # A skippable frame (pzstd and some seekable-zstd writers start with one).
    if len(head) >= 4 and (head[0] & 0xF0) == 0x50 and head[1:4] == b"\x2a\x4d\x18":
        return "zstd"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "zip"
    return None


def open_decompressed(
    raw: BinaryIO,
    kind: str | None,
    *,
    limits: Limits,
    name: str,
    compressed_size: int | None = None,
) -> BinaryIO:
    """A read-only binary stream of `raw` decompressed as `kind` ("gzip", "bz2", "xz", "zstd").

    `kind=None` returns `raw` itself (nothing to inflate, nothing to limit).  The returned stream owns
    `raw`: closing it closes `raw`.  `compressed_size` is the size of `raw` when known; the ratio check
    then uses it, else it counts the compressed bytes consumed so far (stdin, pipes, nested streams).
    `readinto` may return fewer bytes than asked; 0 means the end.  Concatenated streams (multi-member
    gzip, pbzip2, concatenated xz/zstd) are read to the end; NUL padding after the last gzip/bz2/xz
    stream is ignored; any other trailing data is `CorruptInputError` once the good data is delivered.
    """
    if kind is None:
        return raw
    if kind == "zstd":
        return cast(BinaryIO, _ZstdStream(raw, limits=limits, name=name, compressed_size=compressed_size))
    if kind in _MAGIC:
        return cast(BinaryIO, _StdlibStream(raw, kind, limits=limits, name=name, compressed_size=compressed_size))
    if kind == "zip":
        raise ValueError("zip is an archive, not a stream: open its members with iter_inputs")
    raise ValueError(f"unknown compression kind {kind!r}")


def open_zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, limits: Limits, name: str) -> BinaryIO:
    """A read-only binary stream of one zip member, with the same limits and errors as a stream.

    The ratio is checked against the member's compressed size; the member can never yield more than the
    size its directory entry declares (zipfile stops there), which is what lets `iter_inputs` check an
    archive's declared sizes up front.  Closing the stream does not close `zf`.
    """
    method = _ZIP_METHODS.get(info.compress_type, f"method {info.compress_type}")
    try:
        zef = zf.open(info)
    except NotImplementedError:
        raise CorruptInputError(f"{name}: unsupported zip compression ({method})") from None
    except Exception:  # hostile headers raise many types; none of their messages may be passed on
        raise CorruptInputError(f"{name}: corrupt zip member header") from None
    return cast(
        BinaryIO,
        _ZipMemberStream(zef, limits=limits, name=name, compressed_size=info.compress_size, method=method),
    )


class _LimitedStream(io.RawIOBase):
    """Shared accounting: output and input counters, limits, sticky errors, ownership of the source."""

    _kind = "compressed"

    def __init__(self, source: BinaryIO | None, *, limits: Limits, name: str, compressed_size: int | None) -> None:
        super().__init__()
        self._source = source
        self._limits = limits
        self._name = name
        self._compressed_size = compressed_size
        self._out = 0  # decompressed bytes delivered
        self._consumed = 0  # compressed bytes read from the source
        self._error: PiiscanError | None = None

    @property
    def name(self) -> str:
        """The input name this stream reports in its errors."""
        return self._name

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        """Decompress into `b`; returns how many bytes were written, 0 at the end of the stream."""
        if self._error is not None:
            raise self._error
        if self.closed:
            raise ValueError("I/O operation on closed stream")
        mv = memoryview(b)
        if mv.format != "B" or mv.ndim != 1:
            mv = mv.cast("B")
        if not len(mv):
            return 0
        try:
            n = self._fill(mv)
            if n:
                self._check_limits(self._out + n)
        except PiiscanError as exc:
            self._error = exc
            raise
        self._out += n
        return n

    def _fill(self, mv: memoryview) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def _check_limits(self, total: int) -> None:
        """Raise once `total` decompressed bytes would break `max_bytes` or `max_ratio`."""
        limits = self._limits
        if total > limits.max_bytes:
            raise DecompressionLimitError(
                f"{self._name}: decompressed size exceeds {format_size(limits.max_bytes)} (--max-bytes); "
                "likely a decompression bomb"
            )
        if total > limits.ratio_grace_bytes:
            basis = max(self._compressed_size or 0, self._consumed_by_decoder(), 1)
            if total > limits.max_ratio * basis:
                raise DecompressionLimitError(
                    f"{self._name}: decompressed size exceeds {limits.max_ratio:g}× the compressed size "
                    f"({total} bytes from {basis} compressed bytes, --max-ratio); likely a decompression bomb"
                )

    def _consumed_by_decoder(self) -> int:
        """Compressed bytes the decoder has used; read-ahead the decoder has not reached does not count."""
        return self._consumed

    def _read_source(self, n: int = _READ_SIZE) -> bytes:
        """Next compressed bytes (b"" at the end); an OS read error is an `InputError`, not corruption."""
        assert self._source is not None
        try:
            data = self._source.read(n)
        except PiiscanError:
            raise
        except OSError as exc:
            raise InputError(f"{self._name}: read error ({exc.strerror or type(exc).__name__})") from None
        if not data:
            return b""
        self._consumed += len(data)
        return bytes(data)

    def _corrupt(self, what: str, filled: int = 0) -> CorruptInputError:
        """The error for damage found after `filled` more bytes than were delivered so far."""
        return CorruptInputError(
            f"{self._name}: {what} {self._kind} stream after {self._out + filled} decompressed bytes "
            f"({self._consumed} compressed bytes read)"
        )

    def close(self) -> None:
        if not self.closed:
            try:
                if self._source is not None:
                    self._source.close()
            finally:
                super().close()


class _StdlibStream(_LimitedStream):
    """gzip (zlib), bz2 and xz (liblzma): one decompressor per member, `max_length` bounds each output.

    Compressed input is fed `_FEED` bytes at a time: a decompressor call that fails loses its whole
    output, so small feeds keep the good bytes before the damage deliverable.
    """

    def __init__(self, raw: BinaryIO, kind: str, *, limits: Limits, name: str, compressed_size: int | None) -> None:
        super().__init__(raw, limits=limits, name=name, compressed_size=compressed_size)
        self._kind = kind
        self._zlib = kind == "gzip"
        self._dec = self._new_decompressor()
        self._block: bytes = b""  # last compressed block read from the source
        self._at = 0  # how much of `_block` was fed
        self._tail: bytes = b""  # zlib: the part of the last feed it did not take (output limit)
        self._raw_eof = False

    def _new_decompressor(self) -> Any:
        """zlib's, bz2's or lzma's decompressor object (they share `decompress`, `eof`, `unused_data`)."""
        if self._zlib:
            return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header/trailer, CRC checked
        if self._kind == "bz2":
            return bz2.BZ2Decompressor()
        return lzma.LZMADecompressor(format=lzma.FORMAT_XZ, memlimit=DECODER_MEMORY_LIMIT)

    def _consumed_by_decoder(self) -> int:
        # Read-ahead not yet fed does not count, so a bomb is measured from its first bytes on (bz2 and
        # lzma may still hold up to one feed internally).
        return self._consumed - (len(self._block) - self._at) - len(self._tail)

    def _fill(self, mv: memoryview) -> int:
        out = self._produce(len(mv))
        mv[: len(out)] = out
        return len(out)

    def _decompress(self, data: bytes | memoryview, max_length: int) -> bytes:
        dec = self._dec
        try:
            out = dec.decompress(data, max_length)
        except lzma.LZMAError as exc:
            if "memory" in str(exc).lower():  # liblzma's fixed text, not input data
                raise DecompressionLimitError(
                    f"{self._name}: xz stream needs more than {format_size(DECODER_MEMORY_LIMIT)} of memory "
                    "to decompress (fixed limit); recompress it with a smaller dictionary"
                ) from None
            raise self._corrupt("corrupt") from None
        except (zlib.error, OSError, EOFError, ValueError):
            raise self._corrupt("corrupt") from None
        if self._zlib:
            # After the end of a member zlib leaves a stale copy of the leftover in `unconsumed_tail`;
            # the leftover proper is `unused_data`, read by `_next_member`.
            self._tail = b"" if dec.eof else dec.unconsumed_tail
        return out

    def _next_input(self) -> bytes | memoryview | None:
        """The next compressed piece to feed; b"" to drain the decompressor's own buffer; None at the
        end of the source."""
        if not self._zlib and not self._dec.needs_input:
            return b""
        if self._tail:
            tail, self._tail = self._tail, b""
            return tail
        if self._at >= len(self._block):
            self._block = b"" if self._raw_eof else self._read_source()
            self._at = 0
            if not self._block:
                self._raw_eof = True
                return None
        piece = memoryview(self._block)[self._at : self._at + _FEED]
        self._at += len(piece)
        return piece

    def _produce(self, max_length: int) -> bytes:
        """Up to `max_length` decompressed bytes; b"" only at a clean end."""
        while True:
            if self._dec.eof:
                if not self._next_member():
                    return b""
                continue
            data = self._next_input()
            if data is None:
                out = self._decompress(b"", max_length)  # flush what zlib may still hold
                if out:
                    return out
                if self._dec.eof:
                    continue
                raise self._corrupt("truncated")
            out = self._decompress(data, max_length)
            if out:
                return out

    def _next_member(self) -> bool:
        """After a member's end: False at the end of input, True once the next member is started."""
        rest = self._dec.unused_data + self._block[self._at :]  # everything after the member's end
        self._block, self._at, self._tail = b"", 0, b""
        rest = rest.lstrip(b"\0")
        magic = _MAGIC[self._kind]
        while len(rest) < len(magic):
            if rest and not magic.startswith(rest):
                break
            data = b"" if self._raw_eof else self._read_source()
            if not data:
                self._raw_eof = True
                if not rest:
                    return False
                break
            rest = (rest + data) if rest else data.lstrip(b"\0")
        if not rest.startswith(magic):
            raise CorruptInputError(
                f"{self._name}: unexpected data after the end of the {self._kind} stream "
                f"({self._out} decompressed bytes delivered, {self._consumed} compressed bytes read)"
            )
        self._dec = self._new_decompressor()
        self._block = rest
        return True


class _ZstdStream(_LimitedStream):
    """zstd through python-zstandard's streaming reader, which decompresses straight into the caller's
    buffer.

    That reader reports a stream cut inside a frame as a clean end, and loses the output of a call that
    hits corrupt data.  So the compressed bytes pass through `_ZstdFrameWalker` first: it feeds the
    reader one block at a time (each `readinto1` then decodes at most one block, and the output of good
    blocks is delivered before a bad block's error), stops feeding at a malformed header, and tells
    whether the input ended between frames.
    """

    _kind = "zstd"

    def __init__(self, raw: BinaryIO, *, limits: Limits, name: str, compressed_size: int | None) -> None:
        super().__init__(raw, limits=limits, name=name, compressed_size=compressed_size)
        self._walker = _ZstdFrameWalker()
        self._unfed = memoryview(b"")  # compressed bytes read but not yet handed to the reader
        self._deferred: PiiscanError | None = None  # raised by the next read, after the good bytes
        self._reader = zstandard.ZstdDecompressor().stream_reader(
            _SourceAdapter(self._next_piece), read_size=_READ_SIZE, read_across_frames=True, closefd=False
        )

    def _next_piece(self, n: int) -> bytes:
        """The reader's `read`: compressed bytes up to the end of the next block; b"" at the end of the
        input or at a malformed header (the reader then ends cleanly and `_fill` reports the damage)."""
        if self._walker.broken:
            return b""
        if not self._unfed:
            self._unfed = memoryview(self._read_source(max(n, _READ_SIZE)))
            if not self._unfed:
                return b""
        take = self._walker.span(self._unfed)
        piece, self._unfed = self._unfed[:take], self._unfed[take:]
        return bytes(piece)

    def _consumed_by_decoder(self) -> int:
        return self._consumed - len(self._unfed)

    def _fill(self, mv: memoryview) -> int:
        if self._deferred is not None:
            raise self._deferred
        filled = 0
        while filled < len(mv):
            try:
                n = self._reader.readinto1(mv[filled:])
            except zstandard.ZstdError as exc:
                error = self._reader_error(exc, filled)
                if not filled:
                    raise error from None
                self._deferred = error
                break
            if n == 0:
                if not self._walker.complete:
                    error = self._damage(filled)
                    if not filled:
                        raise error
                    self._deferred = error
                break
            filled += n
        return filled

    def _reader_error(self, exc: zstandard.ZstdError, filled: int) -> PiiscanError:
        text = str(exc).lower()  # libzstd's fixed error names, never input bytes
        if "memory" in text or "window" in text:
            return DecompressionLimitError(
                f"{self._name}: zstd frame needs a window larger than python-zstandard's 128 MiB "
                "limit (fixed limit); recompress it without --long"
            )
        return self._corrupt("corrupt", filled)

    def _damage(self, filled: int) -> CorruptInputError:
        """The error for a reader that ended although the frames are not complete."""
        if self._walker.broken and self._walker.between_frames:
            return CorruptInputError(
                f"{self._name}: unexpected data after the end of the zstd stream "
                f"({self._out + filled} decompressed bytes delivered, {self._consumed} compressed bytes read)"
            )
        return self._corrupt("corrupt" if self._walker.broken else "truncated", filled)


class _SourceAdapter:
    """The `read(n)` object python-zstandard pulls compressed bytes from."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self.read = read


class _ZstdFrameWalker:
    """Follows zstd frame and block headers (RFC 8878 §3.1) through the compressed bytes.

    Only headers are parsed, block contents are skipped: a few Python operations per block (a block
    decompresses to at most 128 KiB).  `span` says how far the reader may be fed: to the end of the
    current block, or to the start of a malformed header.
    """

    _MAGIC, _SKIP_SIZE, _HEADER, _BLOCK = range(4)

    def __init__(self) -> None:
        self._state = self._MAGIC
        self._need = 4  # header bytes the current state needs
        self._partial = bytearray()
        self._skip = 0  # bytes to pass over before the next header
        self._checksum = False
        self._frames = 0
        self.broken = False
        self.between_frames = False  # where `broken` was found: instead of a frame's magic number

    @property
    def complete(self) -> bool:
        """At least one frame seen and the input ends between frames."""
        return (
            not self.broken and self._frames > 0 and self._state == self._MAGIC and not self._partial and not self._skip
        )

    def span(self, data: memoryview) -> int:
        """Walk `data` up to the end of the first block that ends in it; return how many bytes that is
        (all of `data` if no block ends in it; the bytes before a malformed header if one starts)."""
        i, n = 0, len(data)
        while i < n:
            if self._skip:
                take = min(self._skip, n - i)
                self._skip -= take
                i += take
                if not self._skip and self._state in (self._BLOCK, self._MAGIC):
                    return i  # a block (or a skippable frame) just ended
                continue
            want = self._need - len(self._partial)
            start = i
            self._partial += data[i : i + want]
            i = min(n, i + want)
            if len(self._partial) < self._need:
                return i
            header = bytes(self._partial)
            self._partial.clear()
            self._on_header(header)
            if self.broken:
                return start
        return i

    def _on_header(self, h: bytes) -> None:
        value = int.from_bytes(h, "little")
        if self._state == self._MAGIC:
            if value == 0xFD2FB528:
                self._frames += 1
                self._state, self._need = self._HEADER, 1
            elif value & 0xFFFFFFF0 == 0x184D2A50:
                self._frames += 1
                self._state, self._need = self._SKIP_SIZE, 4
            else:
                self.broken = self.between_frames = True
        elif self._state == self._SKIP_SIZE:
            self._skip = value
            self._state, self._need = self._MAGIC, 4
        elif self._state == self._HEADER:
            fcs_flag, single, reserved = value >> 6, (value >> 5) & 1, (value >> 3) & 1
            if reserved:
                self.broken = True
                return
            self._checksum = bool((value >> 2) & 1)
            self._skip = (0 if single else 1) + (0, 1, 2, 4)[value & 3] + (single, 2, 4, 8)[fcs_flag]
            self._state, self._need = self._BLOCK, 3
        else:
            last, block_type, size = value & 1, (value >> 1) & 3, value >> 3
            if block_type == 3:
                self.broken = True
                return
            self._skip = 1 if block_type == 1 else size  # an RLE block stores its byte once
            if last:
                self._skip += 4 if self._checksum else 0
                self._state, self._need = self._MAGIC, 4


class _ZipMemberStream(_LimitedStream):
    """A zip member through zipfile's `read1`, which returns each decompressed piece as it comes."""

    _kind = "zip member"

    def __init__(
        self, zef: zipfile.ZipExtFile, *, limits: Limits, name: str, compressed_size: int, method: str
    ) -> None:
        super().__init__(cast(BinaryIO, zef), limits=limits, name=name, compressed_size=max(compressed_size, 1))
        self._zef = zef
        self._method = method

    def _fill(self, mv: memoryview) -> int:
        try:
            data = self._zef.read1(len(mv))
        except EOFError:
            raise self._corrupt("truncated") from None
        except Exception:  # BadZipFile (CRC), zlib/bz2/lzma errors, OSError: no message is passed on
            raise self._corrupt("corrupt") from None
        mv[: len(data)] = data
        return len(data)

    def _corrupt(self, what: str, filled: int = 0) -> CorruptInputError:
        return CorruptInputError(
            f"{self._name}: {what} zip member ({self._method}) after {self._out + filled} decompressed bytes"
        )
