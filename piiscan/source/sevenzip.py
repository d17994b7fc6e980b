"""The members of a 7z archive, streamed out of py7zr without touching the disk.

Why py7zr: it is the maintained pure-Python 7z reader on PyPI (LZMA/LZMA2 through the stdlib, BCJ, PPMd,
Deflate, Brotli, Zstandard through small wheels), installs with pip alone (libarchive would need a system
library on every machine), and has a writer-factory API that hands us each member's bytes as they are
decompressed.  py7zr pushes (it writes into our objects); the scan pulls (it reads a stream).  So py7zr
runs in one producer thread that writes into a small bounded queue, and each member is a `LiveMember`
that reads from it: one member in flight, a few MiB queued, whatever the archive's size.

Checks before anything is decompressed, from the archive's header:

* entries beyond `--max-members`: the archive is not opened;
* the sizes members declare against `--max-ratio` × the archive's size, and `--max-bytes` (py7zr never
  writes more than a member declares, so this bounds a 7z bomb like the zip check bounds a zip bomb);
* the dictionary (LZMA, LZMA2) or model (PPMd) each coder asks for, against `DECODER_MEMORY_LIMIT`: a
  hostile header can ask for gigabytes;
* encrypted archives (AES): members skipped as `encrypted-member`; encrypted headers: the archive is.

Member names are py7zr's own checks' business too: a name that leaves the archive (`../x`, `/etc/x`) is
refused by py7zr, so such members are skipped with a reason (`unsafe-member-name`), never written.
Symbolic links are skipped (`link-member`).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import py7zr
import py7zr.io
import py7zr.py7zr as _py7zr_impl
from py7zr.exceptions import Bad7zFile, PasswordRequired

from piiscan.errors import CorruptInputError, DecompressionLimitError, PiiscanError
from piiscan.source.decompress import DECODER_MEMORY_LIMIT
from piiscan.source.limits import Limits, MiB, format_size
from piiscan.source.members import Entry, LiveMember, not_read, printable

__all__ = ["iter_7z"]

_CHUNK = 1 * MiB
"""Largest piece py7zr decompresses per call.  Its default is up to 128 MB per call (sized from free
memory), which alone would take a fifth of the scan's memory bound; the module function it asks is
replaced with this constant (py7zr looks it up at each call; nothing else in piiscan uses py7zr)."""
_py7zr_impl.get_memory_limit = lambda: _CHUNK  # type: ignore[attr-defined]

_QUEUE_ITEMS = 4
_AES = b"\x06\xf1\x07\x01"
_LZMA = b"\x03\x01\x01"
_LZMA2 = b"\x21"
_PPMD = b"\x03\x04\x01"


def iter_7z(open_archive: Callable[[], BinaryIO], *, size: int, shown: str, limits: Limits) -> Iterator[Entry]:
    """The entries of the 7z archive `open_archive()` returns (a seekable stream, closed at the end), in
    archive order; an `Entry` with an empty name is about the archive itself and ends the iteration."""
    fp = open_archive()
    try:
        yield from _entries(fp, size=size, shown=shown, limits=limits)
    finally:
        fp.close()


def _entries(fp: BinaryIO, *, size: int, shown: str, limits: Limits) -> Iterator[Entry]:
    try:
        archive = py7zr.SevenZipFile(fp, mode="r")
    except PasswordRequired:
        yield not_read("encrypted-member", f"{shown}: 7z archive with encrypted headers; not read")
        return
    except Exception:  # Bad7zFile, struct/lzma/Unicode errors on hostile headers: texts never echoed
        yield not_read("corrupt-archive", f"{shown}: not a readable 7z archive")
        return
    with archive:
        files = list(archive.files)
        if len(files) > limits.max_members:
            yield not_read(
                "too-many-members",
                f"{shown}: 7z archive has {len(files)} entries, more than --max-members {limits.max_members}; "
                "not opened",
            )
            return
        refusal = _refusal(archive, files, size=size, shown=shown, limits=limits)
        if refusal is not None:
            yield not_read(*refusal)
            return
        encrypted = archive.needs_password()
        targets: list[str] = []
        for info in files:
            if info.is_directory:
                continue
            name = str(info.filename)
            skip = _skip_reason(info, encrypted)
            if skip is not None:
                yield Entry(name, info.uncompressed or None, info.compressed, skip=skip)
            else:
                targets.append(name)
        if not targets:
            if not any(not f.is_directory for f in files):
                yield not_read("empty", f"{shown}: 7z archive holds no file")
            return
        yield from _stream(archive, files, targets, shown=shown)


def _refusal(archive: Any, files: list[Any], *, size: int, shown: str, limits: Limits) -> tuple[str, str] | None:
    """Why the archive must not be decompressed at all (declared sizes, decoder memory), or None."""
    declared = sum(int(f.uncompressed or 0) for f in files if not f.is_directory)
    allowed = min(limits.max_bytes, max(limits.ratio_grace_bytes, limits.max_ratio * size))
    if declared > allowed:
        return (
            "decompression-limit",
            f"{shown}: 7z members declare {declared} bytes, more than --max-ratio {limits.max_ratio:g}× the "
            f"archive's {size} bytes or --max-bytes; likely a decompression bomb; not opened",
        )
    streams = getattr(archive.header, "main_streams", None)
    folders = streams.unpackinfo.folders if streams is not None and streams.unpackinfo is not None else []
    for folder in folders:
        for coder in folder.coders:
            need = _decoder_memory(coder.get("method", b""), coder.get("properties") or b"")
            if need > DECODER_MEMORY_LIMIT:
                return (
                    "decompression-limit",
                    f"{shown}: 7z coder asks for {format_size(need)} of memory, more than "
                    f"{format_size(DECODER_MEMORY_LIMIT)} (fixed limit); not opened",
                )
    return None


def _decoder_memory(method: bytes, props: bytes) -> int:
    """Bytes a coder's dictionary or model takes, from its properties (0 when it has none)."""
    if method == _LZMA2 and props:
        p = props[0]
        return 0xFFFFFFFF if p >= 40 else (2 | (p & 1)) << (p // 2 + 11)
    if method in (_LZMA, _PPMD) and len(props) >= 5:
        return int.from_bytes(props[1:5], "little")
    return 0


def _skip_reason(info: Any, encrypted: bool) -> tuple[str, str] | None:
    if info.is_symlink or getattr(info, "is_junction", False):
        return "link-member", "symbolic link inside the archive; its target is not followed"
    if getattr(info, "is_socket", False):
        return "special-member", "socket entry inside the archive; not read"
    if encrypted:
        return "encrypted-member", "encrypted 7z member; piiscan does not decrypt"
    try:
        _py7zr_impl.get_sanitized_output_path(str(info.filename), None)
    except Exception:
        return "unsafe-member-name", "member name leaves the archive (absolute or ../); not read"
    return None


class _Aborted(Exception):
    """Raised inside the producer thread when the walk stopped reading the archive."""


class _Pipe:
    """The queue between py7zr's thread and the walk, with an abort flag for an early stop."""

    def __init__(self) -> None:
        self.items: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=_QUEUE_ITEMS)
        self.abort = threading.Event()

    def put(self, item: tuple[str, Any]) -> None:
        while True:
            if self.abort.is_set():
                raise _Aborted
            try:
                self.items.put(item, timeout=0.1)
                return
            except queue.Full:
                continue


class _Writer(py7zr.io.Py7zIO):
    """One member's bytes, handed to the walk piece by piece."""

    def __init__(self, pipe: _Pipe, name: str) -> None:
        self._pipe = pipe
        self._size = 0
        pipe.put(("start", name))

    def write(self, s: bytes | bytearray) -> int:
        if s:
            self._pipe.put(("data", bytes(s)))
            self._size += len(s)
        return len(s)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def seekable(self) -> bool:
        return False

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return self._size

    def close(self) -> None:
        self._pipe.put(("end", None))


class _Factory(py7zr.io.WriterFactory):
    def __init__(self, pipe: _Pipe) -> None:
        self._pipe = pipe

    def create(self, filename: str) -> py7zr.io.Py7zIO:
        return _Writer(self._pipe, filename)


class _Reader:
    """The walk's side of the pipe: pieces of the current member, then its end."""

    def __init__(self, pipe: _Pipe, shown: str) -> None:
        self._pipe = pipe
        self._shown = shown
        self._piece = memoryview(b"")
        self.ended = True
        self.error: PiiscanError | None = None

    def next_item(self) -> tuple[str, Any]:
        if self.error is not None:
            raise self.error
        kind, value = self._pipe.items.get()
        if kind == "error":
            self.error = value
            raise value
        return kind, value

    def read_into(self, mv: memoryview) -> int:
        if self.error is not None:
            raise self.error
        while not self._piece:
            if self.ended:
                return 0
            kind, value = self.next_item()
            if kind == "end":
                self.ended = True
                return 0
            if kind == "data":
                self._piece = memoryview(value)
        n = min(len(mv), len(self._piece))
        mv[:n] = self._piece[:n]
        self._piece = self._piece[n:]
        return n

    def drain(self) -> None:
        """Skip what the scan did not read of the current member."""
        self._piece = memoryview(b"")
        while not self.ended:
            kind, _ = self.next_item()
            if kind == "end":
                self.ended = True


def _stream(archive: Any, files: list[Any], targets: list[str], *, shown: str) -> Iterator[Entry]:
    by_name: dict[str, Any] = {}
    for info in files:
        by_name.setdefault(str(info.filename), info)
    pipe = _Pipe()

    def produce() -> None:
        try:
            archive.extract(targets=targets, factory=_Factory(pipe))
            pipe.put(("done", None))
        except _Aborted:
            return
        except DecompressionLimitError as exc:
            _put_error(pipe, exc)
        except py7zr.exceptions.DecompressionBombError:
            _put_error(pipe, DecompressionLimitError(f"{shown}: 7z member larger than it declares; not read"))
        except (Bad7zFile, Exception):  # CRC, lzma, unsupported method: texts never echoed
            _put_error(pipe, CorruptInputError(f"{shown}: corrupt or unsupported 7z data"))

    thread = threading.Thread(target=produce, name="piiscan-7z", daemon=True)
    thread.start()
    reader = _Reader(pipe, shown)
    try:
        while True:
            try:
                kind, value = reader.next_item()
            except DecompressionLimitError as exc:
                yield not_read("decompression-limit", f"{exc}; rest of the archive not read")
                return
            except PiiscanError as exc:
                yield not_read("corrupt-archive", f"{exc}; rest of the archive not read")
                return
            if kind == "done":
                return
            if kind != "start":
                continue
            name = str(value)
            info = by_name.get(name)
            declared = int(info.uncompressed) if info is not None and info.uncompressed is not None else None
            packed = int(info.compressed) if info is not None and info.compressed is not None else None
            reader.ended = False
            live = LiveMember(f"{shown}!{printable(name)}", reader.read_into, "7z archive")
            try:
                yield Entry(name, declared, packed or declared, open=live.opener)
            finally:
                live.expire()
            try:
                reader.drain()
            except PiiscanError:
                continue  # the next `next_item` reports it for the rest of the archive
    finally:
        pipe.abort.set()
        while thread.is_alive():
            with contextlib.suppress(queue.Empty):
                pipe.items.get(timeout=0.05)
        thread.join()


def _put_error(pipe: _Pipe, error: PiiscanError) -> None:
    with contextlib.suppress(_Aborted):
        pipe.put(("error", error))
