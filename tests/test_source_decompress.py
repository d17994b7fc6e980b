"""Streaming decompression: round trips, concatenated streams, truncation, bombs, hostile bytes.

All data is generated here; bombs are compressed in streaming fashion so a 200 MiB bomb costs ~200 KiB.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import io
import lzma
import random
import zipfile
import zlib

import numpy as np
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.errors import CorruptInputError, DecompressionLimitError, InputError
from piiscan.source.decompress import open_decompressed, open_zip_member, sniff_compression
from piiscan.source.limits import Limits, MiB

CANARY = b"CANARY-1985-12-03-FR-75-4242"
KINDS = ("gzip", "bz2", "xz", "zstd")


def make_text(n_lines: int, seed: int = 0) -> bytes:
    """A CSV-ish dump with the canary planted every 97 lines (poorly compressible enough to stream)."""
    rng = random.Random(seed)
    lines = []
    for i in range(n_lines):
        if i % 97 == 0:
            lines.append(b"%d;" % i + CANARY + b"\n")
        else:
            lines.append(b"%d;%s;%d\n" % (i, rng.randbytes(6).hex().encode(), rng.randrange(10**9)))
    return b"".join(lines)


def compress(kind: str, data: bytes) -> bytes:
    if kind == "gzip":
        return gzip.compress(data, mtime=0)
    if kind == "bz2":
        return bz2.compress(data)
    if kind == "xz":
        return lzma.compress(data)
    return zstandard.ZstdCompressor().compress(data)


def aligned_buffer(size: int) -> np.ndarray:
    """A 64-byte-aligned uint8 buffer, like the chunker's."""
    raw = np.empty(size + 64, dtype=np.uint8)
    offset = (-raw.ctypes.data) % 64
    return raw[offset : offset + size]


def drain(stream, size: int = 1 << 16) -> tuple[bytes, Exception | None]:
    """All bytes `readinto` delivers, and the exception that stopped it (None at a clean end)."""
    buf = aligned_buffer(size)
    view = memoryview(buf)
    out = bytearray()
    try:
        while True:
            n = stream.readinto(view)
            if not n:
                return bytes(out), None
            out += view[:n]
    except Exception as exc:  # the caller asserts the type
        return bytes(out), exc


def common_prefix(a: bytes, b: bytes) -> int:
    n = min(len(a), len(b))
    mismatch = np.flatnonzero(np.frombuffer(a[:n], np.uint8) != np.frombuffer(b[:n], np.uint8))
    return int(mismatch[0]) if len(mismatch) else n


DATA = make_text(40_000)  # ~1.1 MiB, more than one 900 kB bz2 block
COMPRESSED = {kind: compress(kind, DATA) for kind in KINDS}


# --------------------------------------------------------------------------------------------------
# sniffing


@pytest.mark.parametrize("kind", KINDS)
def test_sniff_by_magic(kind: str) -> None:
    assert sniff_compression(COMPRESSED[kind][:16]) == kind


def test_sniff_zip_and_plain() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.csv", b"x")
    assert sniff_compression(buf.getvalue()) == "zip"
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    assert sniff_compression(empty.getvalue()) == "zip"
    for head in (b"", b"\x1f", b"BZh", b"BZhx....", b"nom;prenom\n", b"PK", b"\xfd7zXZ"):
        assert sniff_compression(head) is None


def test_sniff_zstd_skippable_frame() -> None:
    skippable = (0x184D2A53).to_bytes(4, "little") + (3).to_bytes(4, "little") + b"abc"
    data = skippable + COMPRESSED["zstd"]
    assert sniff_compression(data) == "zstd"
    out, exc = drain(open_decompressed(io.BytesIO(data), "zstd", limits=Limits(), name="s.zst"))
    assert exc is None and out == DATA


# --------------------------------------------------------------------------------------------------
# round trips


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_into_aligned_buffer(kind: str) -> None:
    stream = open_decompressed(io.BytesIO(COMPRESSED[kind]), kind, limits=Limits(), name=f"d.{kind}")
    out, exc = drain(stream, size=1 << 20)
    assert exc is None
    assert out == DATA
    assert stream.readinto(bytearray(10)) == 0  # stays at the end


@pytest.mark.parametrize("kind", KINDS)
def test_small_reads_and_tiny_raw_reads(kind: str) -> None:
    """One-byte raw reads (a slow pipe) and small output buffers change nothing."""

    class Trickle(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data, self._at = data, 0

        def readable(self) -> bool:
            return True

        def readinto(self, b) -> int:
            if self._at >= len(self._data):
                return 0
            b[0] = self._data[self._at]
            self._at += 1
            return 1

    data = DATA[:20_000]
    stream = open_decompressed(Trickle(compress(kind, data)), kind, limits=Limits(), name="pipe")
    out, exc = drain(stream, size=777)
    assert exc is None and out == data


@pytest.mark.parametrize("kind", KINDS)
def test_concatenated_streams(kind: str) -> None:
    """Multi-member gzip (`cat a.gz b.gz`), pbzip2-style bz2, concatenated xz and zstd frames."""
    second = make_text(3000, seed=1)
    data = COMPRESSED[kind] + compress(kind, second)
    out, exc = drain(open_decompressed(io.BytesIO(data), kind, limits=Limits(), name="cat"))
    assert exc is None
    assert out == DATA + second


@pytest.mark.parametrize("kind", ["gzip", "bz2", "xz"])
def test_nul_padding_after_last_stream(kind: str) -> None:
    data = COMPRESSED[kind] + b"\0" * 4096
    out, exc = drain(open_decompressed(io.BytesIO(data), kind, limits=Limits(), name="pad"))
    assert exc is None and out == DATA


@pytest.mark.parametrize("kind", KINDS)
def test_trailing_garbage_after_good_data(kind: str) -> None:
    data = COMPRESSED[kind] + b"junk" + CANARY
    out, exc = drain(open_decompressed(io.BytesIO(data), kind, limits=Limits(), name="trail.bin"))
    assert isinstance(exc, CorruptInputError)
    assert out == DATA  # every good byte came first
    assert str(exc).startswith(f"trail.bin: unexpected data after the end of the {kind} stream")
    assert CANARY.decode() not in str(exc)


def test_empty_compressed_stream_is_corrupt() -> None:
    for kind in KINDS:
        out, exc = drain(open_decompressed(io.BytesIO(b""), kind, limits=Limits(), name="e"))
        assert out == b"" and isinstance(exc, CorruptInputError)


def test_kind_none_returns_raw_and_bad_kinds() -> None:
    raw = io.BytesIO(b"abc")
    assert open_decompressed(raw, None, limits=Limits(), name="x") is raw
    with pytest.raises(ValueError, match="archive"):
        open_decompressed(raw, "zip", limits=Limits(), name="x")
    with pytest.raises(ValueError, match="unknown"):
        open_decompressed(raw, "rar", limits=Limits(), name="x")


def test_close_closes_raw() -> None:
    raw = io.BytesIO(COMPRESSED["gzip"])
    stream = open_decompressed(raw, "gzip", limits=Limits(), name="x")
    stream.close()
    assert raw.closed


# --------------------------------------------------------------------------------------------------
# truncation and corruption


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fraction", [0.5, 0.9])
def test_truncated_stream_delivers_good_bytes_then_fails(kind: str, fraction: float) -> None:
    comp = COMPRESSED[kind]
    cut = comp[: int(len(comp) * fraction)]
    stream = open_decompressed(io.BytesIO(cut), kind, limits=Limits(), name=f"cut.{kind}")
    out, exc = drain(stream)
    assert isinstance(exc, CorruptInputError), exc
    assert DATA.startswith(out)
    if kind != "bz2" or fraction > 0.6:  # bz2 emits whole 900 kB blocks only
        assert len(out) > 0
    message = str(exc)
    assert message.startswith(f"cut.{kind}: truncated {kind} stream after {len(out)} ")
    assert CANARY.decode() not in message and "\n" not in message
    with pytest.raises(CorruptInputError):  # sticky: the same error again, no silent end
        stream.readinto(bytearray(100))


@pytest.mark.parametrize("kind", KINDS)
def test_truncated_inside_header(kind: str) -> None:
    out, exc = drain(open_decompressed(io.BytesIO(COMPRESSED[kind][:7]), kind, limits=Limits(), name="h"))
    assert out == b"" and isinstance(exc, CorruptInputError)


def test_zstd_cut_between_frames_is_complete() -> None:
    """A stream cut exactly after a frame is indistinguishable from a complete one: no error."""
    frame = compress("zstd", b"a;b\n" * 1000)
    out, exc = drain(open_decompressed(io.BytesIO(frame * 3), "zstd", limits=Limits(), name="z"))
    assert exc is None and out == b"a;b\n" * 3000


@pytest.mark.parametrize("kind", KINDS)
def test_corrupted_late(kind: str) -> None:
    """Damage at 90 % of the stream: what precedes it comes out intact before the error.

    (Deflate has no per-block check, so gzip may emit some garbage after the damage before its CRC or
    a bad code stops it; what matters is that the good part is delivered, and no data in the message.)
    """
    comp = bytearray(COMPRESSED[kind])
    at = len(comp) * 9 // 10
    comp[at : at + 64] = bytes(64)
    out, exc = drain(open_decompressed(io.BytesIO(bytes(comp)), kind, limits=Limits(), name="bad"))
    assert isinstance(exc, CorruptInputError), exc
    assert str(exc).startswith(f"bad: corrupt {kind} stream after {len(out)} decompressed bytes")
    assert CANARY.decode() not in str(exc)
    assert common_prefix(out, DATA) >= len(DATA) // 3


def test_os_read_error_is_input_error() -> None:
    class Failing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b) -> int:
            raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(InputError, match="read error"):
        open_decompressed(Failing(), "gzip", limits=Limits(), name="eio").read()


# --------------------------------------------------------------------------------------------------
# bombs


def gzip_bomb(zeros: int) -> bytes:
    """`zeros` zero bytes gzip-compressed in 1 MiB steps (200 MiB -> ~200 KiB, without 200 MiB in RAM)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MiB)
    parts = [comp.compress(block) for _ in range(zeros // MiB)]
    parts.append(comp.flush())
    return b"".join(parts)


BOMB = gzip_bomb(200 * MiB)


@pytest.mark.parametrize(("known_size", "max_ratio"), [(False, 1000.0), (True, 100.0)])
def test_gzip_bomb_trips_ratio_early(known_size: bool, max_ratio: float) -> None:
    """200 MiB of zeros in ~200 KiB.  With the size unknown (stdin) the compressed bytes zlib consumed
    are counted, so the default 1000x stops it right after the grace; with the size known the ratio is
    measured against the whole file (1028x here: a lower --max-ratio trips it at ratio x file size)."""
    assert len(BOMB) < 300_000
    limits = Limits(ratio_grace_bytes=MiB, max_ratio=max_ratio)
    size = len(BOMB) if known_size else None
    stream = open_decompressed(io.BytesIO(BOMB), "gzip", limits=limits, name="bomb.gz", compressed_size=size)
    out, exc = drain(stream, size=MiB)
    assert isinstance(exc, DecompressionLimitError)
    assert len(out) <= (max_ratio * len(BOMB) if known_size else 2 * MiB)
    message = str(exc)
    assert message.startswith(f"bomb.gz: decompressed size exceeds {max_ratio:g}× the compressed size")
    assert "--max-ratio" in message and "decompression bomb" in message
    assert exc.exit_code == 6


def test_max_bytes_is_absolute() -> None:
    limits = Limits(max_bytes=3 * MiB, max_ratio=1e9)
    out, exc = drain(open_decompressed(io.BytesIO(BOMB), "gzip", limits=limits, name="b.gz"), size=MiB)
    assert isinstance(exc, DecompressionLimitError)
    assert len(out) <= 3 * MiB
    assert "exceeds 3 MiB (--max-bytes)" in str(exc)


@pytest.mark.parametrize("kind", ["bz2", "xz", "zstd"])
def test_other_bombs(kind: str) -> None:
    if kind == "zstd":
        writer_out = io.BytesIO()
        with zstandard.ZstdCompressor(level=3).stream_writer(writer_out, closefd=False) as w:
            for _ in range(16):
                w.write(bytes(MiB))
        bomb = writer_out.getvalue()
    else:
        comp = bz2.BZ2Compressor() if kind == "bz2" else lzma.LZMACompressor()
        bomb = b"".join(comp.compress(bytes(MiB)) for _ in range(16)) + comp.flush()
    out, exc = drain(open_decompressed(io.BytesIO(bomb), kind, limits=Limits(ratio_grace_bytes=MiB), name="b"))
    assert isinstance(exc, DecompressionLimitError)
    assert len(out) < 16 * MiB


def test_small_repetitive_file_is_not_a_bomb() -> None:
    """Below the grace size any ratio is allowed: a tiny file of spaces is legitimate."""
    data = gzip_bomb(8 * MiB)
    out, exc = drain(open_decompressed(io.BytesIO(data), "gzip", limits=Limits(), name="ok"), size=MiB)
    assert exc is None and len(out) == 8 * MiB


def test_xz_dictionary_too_large_for_memory_limit() -> None:
    """A hostile xz header asking for a 4 GiB dictionary is refused before allocating it."""
    comp = bytearray(lzma.compress(b"hello " * 100))
    size = (comp[12] + 1) * 4  # block header follows the 12-byte stream header
    header = comp[12 : 12 + size]
    at = header.find(b"\x21\x01")  # LZMA2 filter id, one property byte: the dictionary size
    header[at + 2] = 40
    header[-4:] = zlib.crc32(bytes(header[:-4])).to_bytes(4, "little")
    comp[12 : 12 + size] = header
    _, exc = drain(open_decompressed(io.BytesIO(bytes(comp)), "xz", limits=Limits(), name="huge.xz"))
    assert isinstance(exc, DecompressionLimitError)
    assert "memory" in str(exc)


# --------------------------------------------------------------------------------------------------
# zip members


def test_zip_member_stream_and_bad_crc() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("m.csv", DATA[:5000])
    raw = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        out, exc = drain(open_zip_member(zf, zf.infolist()[0], limits=Limits(), name="a.zip!m.csv"))
    assert exc is None and out == DATA[:5000]
    at = raw.find(DATA[:20])
    raw[at + 100] ^= 0xFF  # damage one stored byte: the CRC check fails at the end
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        out, exc = drain(open_zip_member(zf, zf.infolist()[0], limits=Limits(), name="a.zip!m.csv"), size=1000)
    assert isinstance(exc, CorruptInputError)
    assert str(exc).startswith("a.zip!m.csv: corrupt zip member (stored)")
    assert CANARY.decode() not in str(exc)
    assert len(out) >= 4000  # all but the last piece came out before the CRC verdict


# --------------------------------------------------------------------------------------------------
# hostile bytes


HYPOTHESIS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAGIC = {
    "gzip": b"\x1f\x8b\x08",
    "bz2": b"BZh9",
    "xz": b"\xfd7zXZ\x00",
    "zstd": b"\x28\xb5\x2f\xfd",
}


@HYPOTHESIS
@given(kind=st.sampled_from(KINDS), body=st.binary(max_size=600), with_magic=st.booleans())
def test_arbitrary_bytes_raise_only_documented_errors(kind: str, body: bytes, with_magic: bool) -> None:
    data = (MAGIC[kind] + body) if with_magic else body
    stream = open_decompressed(io.BytesIO(data), kind, limits=Limits(ratio_grace_bytes=4096), name="fuzz")
    _, exc = drain(stream, size=4096)
    assert exc is None or isinstance(exc, CorruptInputError | DecompressionLimitError), repr(exc)


SMALL = make_text(400, seed=3)
SMALL_COMPRESSED = {kind: compress(kind, SMALL) for kind in KINDS}


@HYPOTHESIS
@given(kind=st.sampled_from(KINDS), data=st.data())
def test_damaged_streams_never_leak_data(kind: str, data: st.DataObject) -> None:
    comp = bytearray(SMALL_COMPRESSED[kind])
    cut = data.draw(st.integers(0, len(comp)))
    flips = data.draw(st.lists(st.integers(0, len(comp) - 1), max_size=3))
    for at in flips:
        comp[at] ^= 0x5A
    stream = open_decompressed(io.BytesIO(bytes(comp[:cut])), kind, limits=Limits(), name="dmg")
    out, exc = drain(stream, size=2048)
    if exc is None:
        return
    assert isinstance(exc, CorruptInputError | DecompressionLimitError), repr(exc)
    assert CANARY.decode() not in str(exc)
    assert str(exc).startswith("dmg: ")
    if not flips:
        assert SMALL.startswith(out)
