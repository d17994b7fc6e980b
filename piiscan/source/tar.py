"""The members of a tar archive, read as one forward stream (stdlib `tarfile` in `r|` mode).

Why the standard library: `tarfile` reads every header dialect a leak comes in (v7, ustar, GNU long names,
PAX), and its stream mode never seeks, so a `.tar.gz` is decompressed once, by `decompress` with its bomb
limits, and never spooled or extracted.  Compression around the tar is not `tarfile`'s business: the walk
has already opened it as a layer (`dump.tar.gz` is a gzip layer, then this).

Nothing is ever created on disk, so hostile names (`../x`, `/etc/passwd`) are only names: a member is
reported as `archive.tar!../x`.  Entries that are not plain files are skipped with a reason: links (their
target is not followed nor resolved), devices and FIFOs, sparse files (a few bytes of headers can declare
terabytes of holes: a bomb), unknown types.  A header block larger than `MAX_META_BYTES` (a PAX record or
a GNU long name, which `tarfile` would read whole into memory) ends the archive as damaged.

A tar has no central directory and no end record to check first: member count and damage are found on
the way, so the members before them are scanned and the rest is reported as not read.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from typing import BinaryIO

from piiscan.errors import DecompressionLimitError, PiiscanError
from piiscan.source.limits import Limits, MiB
from piiscan.source.members import Entry, LiveMember, not_read, printable

__all__ = ["MAX_META_BYTES", "iter_tar"]

MAX_META_BYTES = 1 * MiB
"""Largest PAX header or GNU long name/link accepted (real ones are a few hundred bytes)."""

_READ_BLOCK = 1 * MiB
"""Bytes tarfile's stream reader asks of the layer below at a time (its default, 10 KiB, costs a call of
the decompressor per 10 KiB)."""

_META_TYPES = (
    tarfile.GNUTYPE_LONGNAME,
    tarfile.GNUTYPE_LONGLINK,
    tarfile.XHDTYPE,
    tarfile.XGLTYPE,
    tarfile.SOLARIS_XHDTYPE,
)


class _TarInfo(tarfile.TarInfo):
    """`tarfile.TarInfo` that records why a header could not be read (tarfile's `next()` turns a damaged
    header after the first member into a silent end of archive) and bounds metadata blocks."""

    @classmethod
    def fromtarfile(cls, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        try:
            return super().fromtarfile(tarfile_)
        except tarfile.EOFHeaderError:
            tarfile_._piiscan_end = "end"  # type: ignore[attr-defined]
            raise
        except tarfile.EmptyHeaderError:
            tarfile_._piiscan_end = "no-end-marker"  # type: ignore[attr-defined]
            raise
        except tarfile.TruncatedHeaderError:
            tarfile_._piiscan_end = "truncated"  # type: ignore[attr-defined]
            raise
        except tarfile.HeaderError:
            tarfile_._piiscan_end = "damaged"  # type: ignore[attr-defined]
            raise

    def _proc_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        if self.type in _META_TYPES and self.size > MAX_META_BYTES:
            raise tarfile.InvalidHeaderError("oversized metadata block")
        return super()._proc_member(tarfile_)  # type: ignore[misc]


def _kind_of(info: tarfile.TarInfo) -> tuple[str, str] | None:
    """The skip reason for an entry that is not a plain file (None for a plain file)."""
    if info.issym():
        return "link-member", "symbolic link inside the archive; its target is not followed"
    if info.islnk():
        return "link-member", "hard link inside the archive (the data is read under the name it links to)"
    if info.ischr() or info.isblk():
        return "special-member", "device entry inside the archive; not read"
    if info.isfifo():
        return "special-member", "FIFO entry inside the archive; not read"
    if info.issparse():
        return "unsupported-member", "sparse file (declares holes piiscan does not expand); not read"
    if not info.isreg():
        return "unsupported-member", f"tar entry of type {info.type!r}; not read"
    return None


def iter_tar(stream: BinaryIO, *, shown: str, limits: Limits) -> Iterator[Entry]:
    """The entries of the tar read from `stream` (owned: closed at the end), in archive order.

    Directories yield nothing.  An `Entry` with an empty name is about the archive itself (damaged,
    truncated, too many members): it ends the iteration.  `shown` is the archive's printable name.
    """
    try:
        yield from _entries(stream, shown=shown, limits=limits)
    finally:
        stream.close()


def _entries(stream: BinaryIO, *, shown: str, limits: Limits) -> Iterator[Entry]:
    try:
        tf = tarfile.open(fileobj=stream, mode="r|", tarinfo=_TarInfo, bufsize=_READ_BLOCK)  # noqa: SIM115 - closed below
    except DecompressionLimitError as exc:
        yield not_read("decompression-limit", str(exc))
        return
    except PiiscanError as exc:
        yield not_read("corrupt-archive", str(exc))
        return
    except Exception:  # tarfile.ReadError and the rest: texts may quote header bytes
        yield not_read("corrupt-archive", f"{shown}: not a readable tar archive")
        return
    seen = 0
    files = 0
    with tf:
        while True:
            try:
                info = tf.next()
            except DecompressionLimitError as exc:
                yield not_read("decompression-limit", f"{exc}; rest of the archive not read")
                return
            except PiiscanError as exc:
                yield not_read("corrupt-archive", f"{exc}; rest of the archive not read")
                return
            except Exception:
                yield not_read(
                    "corrupt-archive", f"{shown}: tar data cut or damaged after {seen} entries; rest not read"
                )
                return
            tf.members.clear()  # stream mode keeps every header otherwise: memory grows with the archive
            if info is None:
                end = getattr(tf, "_piiscan_end", "end")
                if end != "end":
                    what = {
                        "no-end-marker": "ends without its end-of-archive blocks (truncated?)",
                        "truncated": "is cut inside a header",
                        "damaged": "has a damaged header",
                    }[end]
                    yield not_read(
                        "corrupt-archive", f"{shown}: tar archive {what} after {seen} entries; rest not read"
                    )
                elif files == 0:
                    yield not_read("empty", f"{shown}: tar archive holds no file")
                return
            seen += 1
            if seen > limits.max_members:
                yield not_read(
                    "too-many-members",
                    f"{shown}: tar archive has more than --max-members {limits.max_members} entries; "
                    "the rest is not read",
                )
                return
            if info.isdir():
                continue
            files += 1
            skip = _kind_of(info)
            if skip is not None:
                yield Entry(info.name, info.size or None, info.size or None, skip=skip)
                continue
            member = tf.extractfile(info)
            if member is None:  # pragma: no cover - isreg() members always have a file object
                continue
            live = LiveMember(f"{shown}!{printable(info.name)}", member.readinto1, "tar archive")  # type: ignore[attr-defined]
            try:
                yield Entry(info.name, info.size, info.size, open=live.opener)
            finally:
                live.expire()
