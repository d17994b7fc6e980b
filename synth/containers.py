"""Deterministic compression and zip archives (fixed timestamps), so fixtures regenerate byte for byte."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile
from collections.abc import Sequence

__all__ = ["compress", "zip_bytes"]


def compress(data: bytes, kind: str) -> bytes:
    """Compress deterministically: ``gz`` (mtime 0), ``bz2``, ``xz``, ``zst``."""
    if kind == "gz":
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(data)
        return buf.getvalue()
    if kind == "bz2":
        return bz2.compress(data, 9)
    if kind == "xz":
        return lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=6)
    if kind == "zst":
        import zstandard

        return zstandard.ZstdCompressor(level=10, write_checksum=True, write_content_size=True).compress(data)
    raise ValueError(f"unknown compression {kind!r}")


def zip_bytes(members: Sequence[tuple[str, bytes]]) -> bytes:
    """A deterministic zip (fixed timestamps and attributes, deflate)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()
