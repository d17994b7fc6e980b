"""What the user named, as a flat sequence of decompressed inputs (or reasons they were skipped).

`iter_inputs(paths)` turns files, directories (walked recursively in sorted order), `-` (stdin), explicitly
named pipes and devices into `Input`s, each able to open a fresh decompressed binary stream of one dump.
Compression is recognised by magic bytes, never by extension, at every level: `dump.csv` that is really
gzip, a gzip inside a zip member (`a.zip!m.csv.gz`, compression "zip+gzip"), a zip inside a zip
(`a.zip!inner.zip!m.csv`), a zip inside a gzip (`a.zip.gz!m.csv`).

What cannot be read becomes a `Skipped` with a short reason slug and a one-line detail (never data), and
the walk goes on; the CLI decides the exit code.  Nothing raises for a bad path.

Privacy and safety choices:

* nothing is ever extracted or spooled to disk: zip members are streamed, so a member named `../evil.csv`
  or `/etc/passwd` is harmless and is scanned under its name as is (`a.zip!../evil.csv`);
* a zip needs random access; one that arrives as a stream (stdin, a pipe, inside a gzip, compressed inside
  another zip) is held in memory if it is at most `MAX_IN_MEMORY_ARCHIVE` bytes (shared along a chain of
  nested archives), else skipped ("unseekable-archive");  a *stored* zip inside a zip is read in place;
* `Limits.max_depth` bounds nesting, `Limits.max_members` is checked from the archive's end record before
  its directory is parsed, the sizes a zip's members declare are checked against `Limits.max_ratio`
  before they are read (zipfile never yields more than a member declares), and every stream enforces
  `max_bytes`/`max_ratio` while it is read;
* what the user named is what is read: symbolic links met *inside* a directory are not followed (as
  ripgrep, fd and git do: a dump extracted with a link to `/etc`, `..` or a neighbouring client's folder
  must not pull those files in) and are counted as "symlink"; with `follow_links=True` they are followed,
  but a directory is walked once: a link back to an enclosing directory is "symlink-loop", a second way
  into a walked directory "already-scanned".  Regular files reached twice (hard links, file symlinks) are
  scanned twice: tracking every file would cost memory on huge trees.  A path named on the command line
  is followed whatever it is (the user asked for it);
* inside a walk only regular files and directories are read: FIFOs, sockets and devices ("special-file":
  opening a FIFO blocks), and anything on a kernel pseudo file system (/proc, /sys, /dev...: `/proc/kmsg`
  blocks forever, `/proc/self/environ` holds the process's secrets) whatever a link points at.  Named
  explicitly (`piiscan scan /dev/stdin`, a named pipe, `<(zcat x.gz)`) they are read as one stream;
* a file is opened only if it is still the file the walk found (same device and inode), so swapping it
  for a link between the walk and the read leads nowhere.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import threading
import zipfile
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import BinaryIO, cast

from piiscan.errors import CorruptInputError, DecompressionLimitError, InputError, PiiscanError
from piiscan.output.terminal import escape
from piiscan.source.decompress import STREAM_KINDS, open_decompressed, open_zip_member, sniff_compression
from piiscan.source.limits import Limits, MiB, format_size
from piiscan.source.magic import HEAD_BYTES, UNIDENTIFIED, identify, workbook_kind
from piiscan.source.mail import iter_mail
from piiscan.source.members import Entry
from piiscan.source.readahead import ReadAheadFile
from piiscan.source.streams import Prefixed
from piiscan.source.tar import iter_tar

__all__ = ["MAX_IN_MEMORY_ARCHIVE", "SKIP_REASONS", "Input", "Skipped", "iter_inputs"]

MAX_IN_MEMORY_ARCHIVE = 512 * MiB
"""Most bytes of zip archives held in memory along one chain of nested inputs (a zip read from a stream
cannot be spooled to a temporary file: decoded dumps never touch the disk)."""

SKIP_REASONS = (
    "already-scanned",  # a directory reached a second time (symlink), or `-` named twice
    "corrupt-archive",  # the zip directory or a member's local header is unreadable
    "decompression-limit",  # an archive's members declare more than --max-ratio allows
    "empty",  # an archive without any file
    "encrypted-member",  # piiscan does not decrypt
    "not-found",  # no such path, or a broken symbolic link
    "special-file",  # FIFO, socket, device or kernel pseudo file inside a directory; a socket anywhere
    "symlink",  # a symbolic link inside a directory, not followed (follow_links=False, the default)
    "symlink-loop",  # a link back into an enclosing directory, or ELOOP
    "too-deep",  # more nested containers than --max-depth
    "too-many-members",  # an archive with more entries than --max-members
    "unreadable",  # permission denied, I/O error
    "unseekable-archive",  # a zip inside a stream larger than MAX_IN_MEMORY_ARCHIVE
    "unsupported-member",  # a zip compression method zipfile cannot read (deflate64, PPMd...), a sparse tar entry
    "link-member",  # a symbolic or hard link inside a tar or 7z archive: never followed
    "unsafe-member-name",  # a 7z member named ../x or /x (py7zr refuses them; tar and zip read them as names)
    "special-member",  # a device or FIFO entry inside a tar archive
    "oversized-message",  # a mail message larger than mail.MAX_MESSAGE_BYTES
)
"""Every `Skipped.reason`, with what it means."""

_DEFAULT_LIMITS = Limits()
_SNIFF_BYTES = HEAD_BYTES  # a tar header is 512 bytes, a mail header block a few KiB
_KEPT_BYTES = 64 << 10
"""A plain file smaller than this is read whole by the walk and its bytes kept for the scan (see `_expand`)."""
_STREAM_CONTAINERS = ("tar", "eml", "mbox")  # read forward by `_stream_container`
_SLURP_BLOCK = 8 * MiB
_ZIP_READABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_ZIP_METHOD_NAMES = {9: "deflate64", 98: "PPMd", 99: "AES", 93: "zstd", 95: "xz", 97: "WavPack", 6: "implode"}
_ZIP_ENCRYPTED = 0x1 | 0x40  # traditional encryption, strong encryption


@dataclass(frozen=True, slots=True)
class Input:
    """One dump to scan.

    `name` is the DESIGN "source": the path as the user gave it (or as the directory walk joined it), an
    archive member as `archive.zip!member.csv`, nested as `a.zip!inner.zip!m.csv`, stdin as `-`.
    `compression` is the chain of containers around it, outermost first ("gzip", "zip+gzip"), None for
    a plain file.  `size` is the bytes it occupies where it is stored when known: the file's size, a
    member's compressed size in its archive; None for stdin and pipes.
    `open()` returns a fresh decompressed binary stream (`readinto` may return short counts, 0 at the
    end; corruption and limits raise `CorruptInputError`/`DecompressionLimitError` after the good bytes).
    Inputs read from stdin or a pipe can be opened once only: a second call raises `InputError`.
    `path` is the regular file on disk when the input is that file as it is (no container, no compression):
    readers that need random access (SQLite, a workbook, Parquet) open it in place instead of spooling it.
    `kind` is a `piiscan.source.magic` kind the walk decided from more than the first bytes (a workbook
    from its zip directory), `magic.UNIDENTIFIED` when the walk's `identify` of the first bytes found no
    kind (so a file is identified once, not once by the walk and again by the scanner), None when the
    scanner is to tell from the first bytes.
    """

    name: str
    compression: str | None
    size: int | None
    open: Callable[[], BinaryIO] = field(repr=False, compare=False)
    path: str | None = field(default=None, compare=False)
    kind: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path, archive or member that was not scanned: `reason` is one of `SKIP_REASONS`, `bytes` its
    size when known, `detail` a one-line message for humans (names, sizes, limits; never data)."""

    name: str
    reason: str
    bytes: int | None
    detail: str


def iter_inputs(
    paths: Sequence[str],
    *,
    limits: Limits = _DEFAULT_LIMITS,
    stdin: BinaryIO | None = None,
    follow_links: bool = False,
    exclude: Container[tuple[int, int]] = frozenset(),
) -> Iterator[Input | Skipped]:
    """Each input named by `paths`, in order, directories expanded in sorted order.

    Lazy: archives are opened as the iteration reaches them, and an archive's shared handle is released
    when the iteration moves past it (its `Input`s still open later, at the cost of reopening it).
    `stdin` replaces `sys.stdin.buffer` for `-` (tests, embedding).  `follow_links` follows symbolic
    links met inside directories; `exclude` holds the (device, inode) of files a walk must pass over
    silently (the scan's own outputs, being written).
    """
    walker = _Walker(limits, stdin, follow_links=follow_links, exclude=exclude)
    for path in paths:
        yield from walker.named(path)


# --------------------------------------------------------------------------------------------------
# Seekable views of container bytes (a zip needs random access).


class _PathSource:
    """A file on disk: zipfile opens the path itself, so it owns and closes the file."""

    def __init__(self, path: str, size: int) -> None:
        self.path = path
        self.size = size

    def open(self) -> BinaryIO:
        return open(self.path, "rb")

    def zip_target(self) -> str | BinaryIO:
        return self.path


class _MemorySource:
    """A zip that arrived as a stream, held in memory."""

    def __init__(self, data: bytearray) -> None:
        self.data = data
        self.size = len(data)

    def open(self) -> BinaryIO:
        return cast(BinaryIO, io.BufferedReader(_WindowFile(memoryview(self.data), 0, self.size)))

    def zip_target(self) -> str | BinaryIO:
        return self.open()


class _SliceSource:
    """A stored (uncompressed) member of a seekable archive: a window on the archive's bytes."""

    def __init__(self, parent: _PathSource | _MemorySource | _SliceSource, start: int, size: int) -> None:
        self.parent = parent
        self.start = start
        self.size = size

    def open(self) -> BinaryIO:
        return cast(BinaryIO, io.BufferedReader(_WindowFile(self.parent.open(), self.start, self.size)))

    def zip_target(self) -> str | BinaryIO:
        return self.open()


_Source = _PathSource | _MemorySource | _SliceSource


class _WindowFile(io.RawIOBase):
    """Seekable read-only view of `size` bytes at `start` of a memoryview or of a seekable file."""

    def __init__(self, base: memoryview | BinaryIO, start: int, size: int) -> None:
        super().__init__()
        self._base = base
        self._start = start
        self._size = size
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        n = min(len(b), self._size - self._pos)
        if n <= 0:
            return 0
        at = self._start + self._pos
        if isinstance(self._base, memoryview):
            memoryview(b).cast("B")[:n] = self._base[at : at + n]
            got = n
        else:
            self._base.seek(at)
            got = self._base.readinto(memoryview(b).cast("B")[:n]) or 0  # type: ignore[attr-defined]
        self._pos += got
        return got

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        if not self.closed:
            if not isinstance(self._base, memoryview):
                self._base.close()
            super().close()


# --------------------------------------------------------------------------------------------------
# Stream helpers.


class _Once:
    """`Input.open` of a stream that can only be read once (stdin, a pipe)."""

    def __init__(self, stream: BinaryIO, name: str) -> None:
        self._stream: BinaryIO | None = stream
        self._name = name
        self._lock = threading.Lock()

    def __call__(self) -> BinaryIO:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is None:
            raise InputError(f"{_display(self._name)}: standard input or a pipe can only be read once")
        return stream


def _read_head(stream: BinaryIO, n: int) -> tuple[bytes, PiiscanError | None]:
    """Up to `n` first bytes, and the decompression error that cut them short, if any."""
    buf = bytearray(n)
    got = 0
    try:
        while got < n:
            k = stream.readinto(memoryview(buf)[got:])  # type: ignore[attr-defined]
            if not k:
                break
            got += k
    except PiiscanError as exc:
        return bytes(buf[:got]), exc
    return bytes(buf[:got]), None


def _depth(chain: tuple[str, ...]) -> int:
    """Containers in a chain; a tar right inside a compression layer is one container with it
    (`a.tar.gz` is 1 deep, like `a.zip`; `a.tar.gz!b.tar.xz!c.csv` is 2)."""
    depth = 0
    for i, kind in enumerate(chain):
        if not (kind == "tar" and i and chain[i - 1] in STREAM_KINDS):
            depth += 1
    return depth


def _container_kind(head: bytes) -> str | None:
    """ "tar", "7z", "eml" or "mbox" when the head is one of the containers the walk opens itself,
    `UNIDENTIFIED` when `identify` finds no kind at all in it (the scanner then need not ask again), None
    for any other kind (the scanner routes or skips it)."""
    known = identify(head)
    if known is None:
        return UNIDENTIFIED
    if known.route not in ("archive", "mail") or known.kind == "zip":
        return None
    return known.kind


def _open_layer(
    parent: Callable[[], BinaryIO], kind: str, limits: Limits, name: str, compressed_size: int | None
) -> BinaryIO:
    return open_decompressed(parent(), kind, limits=limits, name=name, compressed_size=compressed_size)


def _display(name: str) -> str:
    """A name safe for a one-line message: control characters and undecodable bytes escaped."""
    return escape(name)


def _os_skip(name: str, exc: OSError, size: int | None = None) -> Skipped:
    """The `Skipped` for an OS error on a path (stat, open, listdir)."""
    shown = _display(name)
    code = exc.errno
    if code in (errno.ENOENT, errno.ENOTDIR):
        broken = os.path.islink(name)
        return Skipped(
            name,
            "not-found",
            size,
            f"{shown}: {'broken symbolic link' if broken else 'no such file or directory'}",
        )
    if code == errno.ELOOP:
        return Skipped(name, "symlink-loop", size, f"{shown}: too many levels of symbolic links")
    if code in (errno.EACCES, errno.EPERM):
        return Skipped(name, "unreadable", size, f"{shown}: permission denied")
    reason = exc.strerror or type(exc).__name__
    return Skipped(name, "unreadable", size, f"{shown}: {reason}")


def _open_same_file(path: str, identity: tuple[int, int], small: bool = False) -> BinaryIO:
    """Open a file found by a walk, only if it is still that file (not swapped for a link since).  A `small`
    one (read whole by the walk) is opened without read-ahead advice: one system call less per file."""
    f = io.FileIO(path, "rb") if small else ReadAheadFile(path)
    st = os.fstat(f.fileno())
    if (st.st_dev, st.st_ino) != identity or not stat.S_ISREG(st.st_mode):
        f.close()
        raise OSError(errno.ESTALE, "the file was replaced while the folder was walked")
    return cast(BinaryIO, f)


def _declared_entries(fp: BinaryIO) -> int | None:
    """The entry count in a zip's end-of-central-directory record (zip64 aware), None if not found.

    Read before zipfile parses the central directory, which holds every entry in memory at once.
    """
    size = fp.seek(0, io.SEEK_END)
    tail_len = min(size, 22 + 0xFFFF)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    if count != 0xFFFF or at < 20 or tail[at - 20 : at - 16] != b"PK\x06\x07":
        return count
    record_at = int.from_bytes(tail[at - 12 : at - 4], "little")
    if record_at + 56 > size:
        return count
    fp.seek(record_at)
    record = fp.read(56)
    if record[:4] != b"PK\x06\x06":
        return count
    return int.from_bytes(record[32:40], "little")


class _ZipHandle:
    """One open `ZipFile` shared by the members of an archive.

    zipfile serialises reads of concurrently open members; `release` closes the ZipFile once the walk has
    moved past the archive (members still open keep reading: zipfile refcounts its file), and a member
    opened after that reopens it.
    """

    def __init__(self, source: _Source, zf: zipfile.ZipFile, name: str) -> None:
        self._source = source
        self._zf: zipfile.ZipFile | None = zf
        self._name = name
        self._lock = threading.Lock()

    def open_member(self, info: zipfile.ZipInfo, limits: Limits, name: str) -> BinaryIO:
        with self._lock:
            if self._zf is None:
                try:
                    self._zf = zipfile.ZipFile(self._source.zip_target())
                except Exception:  # the archive changed or vanished since the walk
                    raise CorruptInputError(f"{_display(self._name)}: zip archive no longer readable") from None
            return open_zip_member(self._zf, info, limits=limits, name=_display(name))

    def stored_slice(self, info: zipfile.ZipInfo) -> _Source:
        """The bytes of a stored member, found through its local header."""
        with self._source.open() as fp:
            fp.seek(info.header_offset)
            header = fp.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise CorruptInputError(f"{_display(self._name)}!{_display(info.filename)}: bad zip local header")
        start = info.header_offset + 30 + int.from_bytes(header[26:28], "little")
        start += int.from_bytes(header[28:30], "little")
        return _SliceSource(self._source, start, info.compress_size)

    def release(self) -> None:
        with self._lock:
            zf, self._zf = self._zf, None
        if zf is not None:
            zf.close()


# --------------------------------------------------------------------------------------------------
# The walk.


@dataclass(slots=True)
class _Node:
    """Something that may be an input or a container: a file, a member, a decompressed layer, stdin."""

    name: str
    chain: tuple[str, ...]  # containers around it so far
    size: int | None  # `Input.size`
    raw_size: int | None  # bytes of this node's own stream: the compressed size for its next layer
    opener: Callable[[], BinaryIO]
    one_shot: bool  # stdin or a pipe: `opener` works once, the sniffed stream is handed on
    source: Callable[[], _Source] | None  # seekable access to these bytes, if any (for a zip)
    memory: int  # archive bytes still allowed in memory along this chain


_PSEUDO_FILESYSTEMS = frozenset(
    {
        "proc", "sysfs", "devtmpfs", "devpts", "debugfs", "tracefs", "securityfs", "cgroup", "cgroup2",
        "pstore", "bpf", "configfs", "fusectl", "mqueue", "efivarfs", "binfmt_misc", "autofs", "rpc_pipefs",
        "nsfs", "selinuxfs",
    }
)  # fmt: skip
"""Kernel file systems whose "regular files" are interfaces, not data: reading one can block forever
(`/proc/kmsg`), never end, or return the process's own secrets (`/proc/self/environ`)."""


def _pseudo_devices() -> frozenset[int]:
    """The `st_dev` of every mounted kernel pseudo file system (from /proc/self/mountinfo), and of /proc,
    /sys and /dev themselves where that table cannot be read."""
    devices: set[int] = set()
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as table:
            for line in table:
                fields = line.split()
                if " - " not in line or len(fields) < 3:
                    continue
                fstype = line.split(" - ", 1)[1].split()[0]
                if fstype in _PSEUDO_FILESYSTEMS:
                    major, _, minor = fields[2].partition(":")
                    devices.add(os.makedev(int(major), int(minor)))
    except (OSError, ValueError):
        pass
    for root in ("/proc", "/sys", "/dev"):
        try:
            devices.add(os.stat(root).st_dev)
        except OSError:
            continue
    return frozenset(devices)


class _Walker:
    """The state of one `iter_inputs` call: directories already walked, whether stdin was read."""

    def __init__(
        self,
        limits: Limits,
        stdin: BinaryIO | None,
        *,
        follow_links: bool = False,
        exclude: Container[tuple[int, int]] = frozenset(),
    ) -> None:
        self.limits = limits
        self._stdin = stdin
        self._stdin_used = False
        self._visited: set[tuple[int, int]] = set()
        self._follow = follow_links
        self._exclude = exclude
        self._pseudo: frozenset[int] | None = None  # read at the first directory walked

    def _on_pseudo_fs(self, st: os.stat_result) -> bool:
        if self._pseudo is None:
            self._pseudo = _pseudo_devices()
        return st.st_dev in self._pseudo

    def named(self, path: str) -> Iterator[Input | Skipped]:
        """One path from the command line."""
        if path == "-":
            yield from self._stdin_input()
            return
        try:
            st = os.stat(path)
        except OSError as exc:
            yield _os_skip(path, exc)
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self._walk(path, st)
        elif stat.S_ISREG(st.st_mode):
            yield from self._expand(self._file_node(path, st))
        elif stat.S_ISSOCK(st.st_mode):
            yield Skipped(path, "special-file", None, f"{_display(path)}: a socket cannot be read")
        else:  # a FIFO or a device named explicitly: the user asked for that stream
            opener = partial(open, path, "rb", buffering=0)
            yield from self._expand(_Node(path, (), None, None, opener, True, None, MAX_IN_MEMORY_ARCHIVE))

    def _stdin_input(self) -> Iterator[Input | Skipped]:
        if self._stdin_used:
            yield Skipped("-", "already-scanned", None, "-: standard input is named twice; it is read once")
            return
        self._stdin_used = True
        stream = self._stdin if self._stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:
            yield Skipped("-", "unreadable", None, "-: no standard input")
            return
        opener = partial(Prefixed, b"", stream, owns=False)
        yield from self._expand(_Node("-", (), None, None, opener, True, None, MAX_IN_MEMORY_ARCHIVE))

    def _file_node(self, path: str, st: os.stat_result, *, checked: bool = False) -> _Node:
        source = _PathSource(path, st.st_size)
        small = st.st_size < _KEPT_BYTES
        opener: Callable[[], BinaryIO] = (
            partial(_open_same_file, path, (st.st_dev, st.st_ino), small) if checked else partial(ReadAheadFile, path)
        )
        return _Node(path, (), st.st_size, st.st_size, opener, False, lambda: source, MAX_IN_MEMORY_ARCHIVE)

    def _walk(self, top: str, st: os.stat_result) -> Iterator[Input | Skipped]:
        """A directory tree, depth first, entries sorted by name; iterative (trees can be deep)."""
        key = (st.st_dev, st.st_ino)
        if key in self._visited:
            yield Skipped(top, "already-scanned", None, f"{_display(top)}: directory already scanned")
            return
        self._visited.add(key)
        names = self._listdir(top)
        if isinstance(names, Skipped):
            yield names
            return
        stack: list[tuple[str, Iterator[str], tuple[int, int]]] = [(top, iter(names), key)]
        ancestors = {key}
        while stack:
            directory, entries, dir_key = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                ancestors.discard(dir_key)
                continue
            path = os.path.join(directory, entry)
            try:
                cst = os.lstat(path)
                if stat.S_ISLNK(cst.st_mode):
                    if not self._follow:
                        yield Skipped(
                            path,
                            "symlink",
                            None,
                            f"{_display(path)}: symbolic link not followed (--follow follows links)",
                        )
                        continue
                    cst = os.stat(path)
            except OSError as exc:
                yield _os_skip(path, exc)
                continue
            if (stat.S_ISREG(cst.st_mode) or stat.S_ISDIR(cst.st_mode)) and self._on_pseudo_fs(cst):
                yield Skipped(
                    path,
                    "special-file",
                    None,
                    f"{_display(path)}: on a kernel file system (/proc, /sys, /dev); not read inside a folder",
                )
            elif stat.S_ISREG(cst.st_mode):
                if (cst.st_dev, cst.st_ino) in self._exclude:
                    continue  # this scan's own output, being written
                yield from self._expand(self._file_node(path, cst, checked=True))
            elif stat.S_ISDIR(cst.st_mode):
                child_key = (cst.st_dev, cst.st_ino)
                if child_key in ancestors:
                    yield Skipped(
                        path,
                        "symlink-loop",
                        None,
                        f"{_display(path)}: symbolic link back to an enclosing directory",
                    )
                elif child_key in self._visited:
                    yield Skipped(path, "already-scanned", None, f"{_display(path)}: directory already scanned")
                else:
                    self._visited.add(child_key)
                    listing = self._listdir(path)
                    if isinstance(listing, Skipped):
                        yield listing
                    else:
                        stack.append((path, iter(listing), child_key))
                        ancestors.add(child_key)
            else:
                what = (
                    "a FIFO" if stat.S_ISFIFO(cst.st_mode) else "a socket" if stat.S_ISSOCK(cst.st_mode) else "a device"
                )
                yield Skipped(
                    path,
                    "special-file",
                    None,
                    f"{_display(path)}: {what} inside a directory is not read (name it to read it)",
                )

    @staticmethod
    def _listdir(path: str) -> list[str] | Skipped:
        try:
            return sorted(os.listdir(path))
        except OSError as exc:
            return _os_skip(path, exc)

    def _expand(self, node: _Node) -> Iterator[Input | Skipped]:
        """Sniff a node: yield it as an `Input`, or open the container it is and recurse."""
        try:
            stream = node.opener()
        except PiiscanError as exc:  # a member whose local header is damaged
            yield Skipped(node.name, "corrupt-archive", node.size, str(exc))
            return
        except OSError as exc:
            yield _os_skip(node.name, exc, node.size)
            return
        # a small file is read whole here, into a buffer of its size (a 1 MiB one per file cost more than the
        # read), and served from memory to the scanner: one open and one read per file of a large folder
        small = node.size is not None and node.size < _KEPT_BYTES and not node.chain and not node.one_shot
        want = min(_SNIFF_BYTES, _KEPT_BYTES) if small else _SNIFF_BYTES
        try:
            if small:
                # one read for a file as the walk found it (a short read of a regular file is its end); a
                # file that grew or shrank since is read on as any other
                head, error = stream.read(min(node.size + 1, want)) or b"", None
                if len(head) != node.size:
                    more, error = _read_head(stream, want - len(head))
                    head += more
            else:
                head, error = _read_head(stream, want)
        except OSError as exc:
            stream.close()
            yield _os_skip(node.name, exc, node.size)
            return
        # After an error the stream re-raises it at the same point, so the scan reports it with the
        # bytes that came before; its content is not sniffed further.
        kind = sniff_compression(head) if error is None else None
        told: str | None = None  # what the scanner is told of the kind: identified once per file
        if kind is None and error is None:
            kind = _container_kind(head)
            if kind == UNIDENTIFIED:
                kind, told = None, UNIDENTIFIED
        if kind is None:
            if node.one_shot:
                opener: Callable[[], BinaryIO] = _Once(cast(BinaryIO, Prefixed(head, stream)), node.name)
            else:
                stream.close()
                opener = node.opener
                if small and error is None and len(head) == node.size:  # the whole file, as the walk found it
                    opener = partial(io.BytesIO, head)
            on_disk = node.name if not node.chain and not node.one_shot and node.source is not None else None
            yield Input(node.name, "+".join(node.chain) or None, node.size, opener, on_disk, told)
            return
        shown = _display(node.name)  # only for containers: a plain file (most of a big folder) needs none
        depth = _depth((*node.chain, kind))
        if depth > self.limits.max_depth:
            stream.close()
            yield Skipped(
                node.name,
                "too-deep",
                node.size,
                f"{shown}: {kind} container nested {depth} deep, more than --max-depth "
                f"{self.limits.max_depth}; not opened",
            )
            return
        if kind in ("zip", "7z"):
            yield from self._zip_node(node, head, stream, kind)
            return
        if kind in _STREAM_CONTAINERS:
            yield from self._stream_container(node, kind, cast(BinaryIO, Prefixed(head, stream)))
            return
        if node.one_shot:
            layer = open_decompressed(
                cast(BinaryIO, Prefixed(head, stream)),
                kind,
                limits=self.limits,
                name=shown,
                compressed_size=node.raw_size,
            )
            child_opener: Callable[[], BinaryIO] = _Once(layer, node.name)
        else:
            stream.close()
            child_opener = partial(_open_layer, node.opener, kind, self.limits, shown, node.raw_size)
        yield from self._expand(
            _Node(
                node.name,
                (*node.chain, kind),
                node.size,
                None,
                child_opener,
                node.one_shot,
                None,
                node.memory,
            )
        )

    def _zip_node(self, node: _Node, head: bytes, stream: BinaryIO, kind: str = "zip") -> Iterator[Input | Skipped]:
        """A node that is a zip or a 7z: find seekable access to it, then list its members."""
        shown = _display(node.name)
        if node.source is not None:
            stream.close()
            try:
                source = node.source()
            except (OSError, PiiscanError):
                yield Skipped(node.name, "corrupt-archive", node.size, f"{shown}: zip archive cannot be located")
                return
            memory = node.memory
        else:
            held = self._hold(node, cast(BinaryIO, Prefixed(head, stream)), kind)
            if isinstance(held, Skipped):
                yield held
                return
            source = _MemorySource(held)
            memory = node.memory - source.size
        if kind == "7z":
            from piiscan.source.sevenzip import iter_7z  # py7zr costs ~0.15 s of every start: imported for a 7z

            entries = iter_7z(source.open, size=source.size, shown=shown, limits=self.limits)
            yield from self._entries(replace(node, memory=memory), (*node.chain, "7z"), entries)
            return
        yield from self._zip(node.name, (*node.chain, "zip"), source, node.size, memory)

    def _stream_container(self, node: _Node, kind: str, stream: BinaryIO) -> Iterator[Input | Skipped]:
        """A container read forward (tar, mail): each entry sniffed and expanded like a file, in order."""
        shown = _display(node.name)
        chain = (*node.chain, kind)
        if kind == "tar":
            entries = iter_tar(stream, shown=shown, limits=self.limits)
        else:
            entries = iter_mail(stream, kind=kind, shown=shown, limits=self.limits)
        yield from self._entries(node, chain, entries)

    def _entries(self, node: _Node, chain: tuple[str, ...], entries: Iterator[Entry]) -> Iterator[Input | Skipped]:
        """The `Input`s and `Skipped`s of a container's entries (see `members.Entry`)."""
        for entry in entries:
            if entry.skip is not None:
                reason, detail = entry.skip
                if not entry.name:  # about the container itself
                    yield Skipped(node.name, reason, node.size, detail)
                else:
                    name = f"{node.name}!{entry.name}"
                    yield Skipped(name, reason, entry.packed, f"{_display(name)}: {detail}")
                continue
            name = f"{node.name}!{entry.name}"
            if entry.reopen is not None:
                opener, one_shot = entry.reopen, False
            else:
                assert entry.open is not None
                opener, one_shot = entry.open, True
            yield from self._expand(_Node(name, chain, entry.packed, entry.packed, opener, one_shot, None, node.memory))

    @staticmethod
    def _hold(node: _Node, stream: BinaryIO, what: str = "zip") -> bytearray | Skipped:
        """Read a zip that arrived as a stream into memory, within the chain's memory allowance."""
        shown = _display(node.name)
        limit = node.memory
        buf = bytearray()
        try:
            while len(buf) <= limit:
                chunk = stream.read(min(_SLURP_BLOCK, limit + 1 - len(buf)))
                if not chunk:
                    break
                buf += chunk
        except DecompressionLimitError as exc:
            return Skipped(node.name, "decompression-limit", node.size, str(exc))
        except PiiscanError as exc:
            return Skipped(node.name, "corrupt-archive", node.size, str(exc))
        except OSError as exc:
            return _os_skip(node.name, exc, node.size)
        finally:
            stream.close()
        if len(buf) > limit:
            return Skipped(
                node.name,
                "unseekable-archive",
                node.size,
                f"{shown}: a {what} read from a stream (stdin, a pipe, or compressed) must fit in "
                f"{format_size(limit)} of memory to be opened; extract it or pass it as a file",
            )
        return buf

    def _zip(
        self, name: str, chain: tuple[str, ...], source: _Source, size: int | None, memory: int
    ) -> Iterator[Input | Skipped]:
        """The members of a zip archive, in directory order."""
        shown = _display(name)
        limits = self.limits
        opened = self._open_zip(name, source, size)
        if isinstance(opened, Skipped):
            yield opened
            return
        zf = opened
        workbook = workbook_kind(zf)
        if workbook is not None:
            # a workbook (xlsx, xlsm, xlsb, ods) is a zip of XML or binary parts: read as a whole by the
            # spreadsheet reader (sheets, headers, typed cells), not as an archive of loose members
            zf.close()
            on_disk = source.path if isinstance(source, _PathSource) and len(chain) == 1 else None
            yield Input(name, "+".join(chain[:-1]) or None, size, source.open, on_disk, workbook.kind)
            return
        handle = _ZipHandle(source, zf, name)
        try:
            entries = zf.infolist()
            if len(entries) > limits.max_members:
                yield Skipped(
                    name,
                    "too-many-members",
                    size,
                    f"{shown}: zip archive has {len(entries)} entries, more than --max-members "
                    f"{limits.max_members}; not opened",
                )
                return
            members = [info for info in entries if not info.is_dir()]
            if not members:
                yield Skipped(name, "empty", size, f"{shown}: zip archive holds no file")
                return
            allowed = max(limits.ratio_grace_bytes, limits.max_ratio * source.size)
            declared = 0
            for index, info in enumerate(members):
                declared += info.file_size
                if declared > allowed:
                    yield Skipped(
                        name,
                        "decompression-limit",
                        size,
                        f"{shown}: zip members declare {declared} bytes, more than "
                        f"{limits.max_ratio:g}× the archive's {source.size} bytes (--max-ratio); "
                        f"likely a zip bomb; {len(members) - index} members not scanned",
                    )
                    return
                yield from self._member(handle, info, name, chain, memory)
        finally:
            handle.release()

    def _open_zip(self, name: str, source: _Source, size: int | None) -> zipfile.ZipFile | Skipped:
        shown = _display(name)
        try:
            with source.open() as fp:
                declared = _declared_entries(fp)
        except OSError as exc:
            return _os_skip(name, exc, size)
        except Exception:
            declared = None  # let zipfile decide below
        if declared is not None and declared > self.limits.max_members:
            return Skipped(
                name,
                "too-many-members",
                size,
                f"{shown}: zip archive declares {declared} entries, more than --max-members "
                f"{self.limits.max_members}; not opened",
            )
        try:
            return zipfile.ZipFile(source.zip_target())
        except OSError as exc:
            return _os_skip(name, exc, size)
        except Exception:  # BadZipFile, struct/Unicode/Value errors on hostile directories: never echoed
            return Skipped(
                name,
                "corrupt-archive",
                size,
                f"{shown}: not a readable zip archive (damaged or truncated central directory)",
            )

    def _member(
        self, handle: _ZipHandle, info: zipfile.ZipInfo, archive: str, chain: tuple[str, ...], memory: int
    ) -> Iterator[Input | Skipped]:
        name = f"{archive}!{info.filename}"
        shown = _display(name)
        if info.flag_bits & _ZIP_ENCRYPTED:
            yield Skipped(
                name,
                "encrypted-member",
                info.compress_size,
                f"{shown}: encrypted zip member; piiscan does not decrypt",
            )
            return
        if info.compress_type not in _ZIP_READABLE:
            method = _ZIP_METHOD_NAMES.get(info.compress_type, "unknown")
            yield Skipped(
                name,
                "unsupported-member",
                info.compress_size,
                f"{shown}: zip compression method {info.compress_type} ({method}) is not supported",
            )
            return
        source = partial(handle.stored_slice, info) if info.compress_type == zipfile.ZIP_STORED else None
        opener = partial(handle.open_member, info, self.limits, name)
        yield from self._expand(_Node(name, chain, info.compress_size, info.file_size, opener, False, source, memory))
