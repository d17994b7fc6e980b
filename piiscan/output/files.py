"""Output files that can never overwrite evidence, and never look complete when they are not.

Why this module: piiscan runs on a responder's copy of a leak, often the only one.  `--report dump.csv` on
input `dump.csv`, or `--findings leak.jsonl` on input `leak.jsonl`, used to destroy the evidence (the
findings file was truncated before the scan started), and an output written inside a scanned folder was
scanned as an input.  So every output path goes through `check_outputs` *before* anything is opened for
writing and before the scan starts, and every output is written by `AtomicFile`: a temporary file in the
same folder, renamed over the final name only once it is complete.  An interrupted or failed scan leaves no
partial file under the name the user asked for.

`check_outputs` is the one shared check: every output flag (`--report`, `--findings`, `--html`, and future
ones such as `--fingerprints`) passes its path there.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "dump.csv").write_text("x")
>>> check_outputs({"--report": str(d / "dump.csv")}, [str(d / "dump.csv")])
Traceback (most recent call last):
...
piiscan.errors.PiiscanError: --report ... is the input ...: piiscan never writes over an input
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Container, Iterable, Mapping
from pathlib import Path
from typing import IO

from piiscan.errors import EXIT_USAGE, OutputError, PiiscanError
from piiscan.output.terminal import escape

__all__ = ["AtomicFile", "check_outputs", "output_error"]


def _identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of what `path` names (links followed), None if it does not exist."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _inside(child: str, parent: str) -> bool:
    """`child` is `parent` or below it (both already resolved)."""
    try:
        return os.path.commonpath([child, parent]) == parent
    except ValueError:  # one absolute, one relative, or different drives
        return False


def check_outputs(
    outputs: Mapping[str, str | None], inputs: Iterable[str], *, folders: Container[str] = frozenset()
) -> None:
    """Refuse (usage error, exit 2) any output that would write over an input or land inside a scanned tree.

    `outputs` maps each flag to its path (None: not asked; `-`: standard output, nothing to check);
    `inputs` are the paths as named on the command line, the key file included.  An output is refused
    when it is the same file as an input (same device and inode: hard links and symbolic links included),
    when its resolved path is an input's resolved path, or when it resolves inside a directory being
    scanned (it would be scanned as an input, and could replace a file of the dump).  Two outputs naming
    the same file are refused too.  Flags in `folders` name an output folder (`--dask ... --findings DIR/`):
    it may exist, but must not be, hold or lie inside an input.  Nothing is created or opened here.
    """
    named = [(flag, path) for flag, path in outputs.items() if path and path != "-"]
    sources = [p for p in inputs if p and p != "-"]
    seen: dict[str, str] = {}
    for flag, path in named:
        shown = escape(path)
        if os.path.isdir(path) and flag not in folders:
            raise PiiscanError(f"{flag} {shown} is a directory; name a file", exit_code=EXIT_USAGE)
        real = os.path.realpath(path)
        if real in seen:
            raise PiiscanError(f"{flag} and {seen[real]} name the same file {shown}", exit_code=EXIT_USAGE)
        seen[real] = flag
        ident = _identity(path)
        for source in sources:
            src_real = os.path.realpath(source)
            src_ident = _identity(source)
            if real == src_real or (ident is not None and ident == src_ident):
                raise PiiscanError(
                    f"{flag} {shown} is the input {escape(source)}: piiscan never writes over an input",
                    exit_code=EXIT_USAGE,
                )
            if flag in folders and _inside(src_real, real):
                raise PiiscanError(
                    f"{flag} {shown} holds the input {escape(source)}; write it to another folder",
                    exit_code=EXIT_USAGE,
                )
            if os.path.isdir(src_real) and _inside(real, src_real):
                raise PiiscanError(
                    f"{flag} {shown} is inside the scanned folder {escape(source)}; write it outside the folder",
                    exit_code=EXIT_USAGE,
                )


def output_error(path: str, exc: OSError) -> OutputError:
    """The one-line exit-7 error for an output that cannot be written (full disk, permission, missing folder)."""
    return OutputError(f"cannot write {escape(path)} ({exc.strerror or type(exc).__name__})")


_STREAM_DIRS = ("/dev/", "/proc/")
"""Outputs resolving there are streams (`/dev/stdout`, `/proc/self/fd/1`): written in place, never renamed over."""


def _umask() -> int:
    """The process umask (read without changing it: /proc first, the set-and-restore dance otherwise)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class AtomicFile:
    """A file written under a temporary name in the destination folder and renamed when `commit` is called.

    The temporary file is created with mode 0600 (`tempfile.mkstemp`), so a raw-value findings file
    (`--unsafe-show-values`) is never readable by others, even for an instant; `private=False` files get
    the usual `0666 & ~umask` at commit.  `abort` (or leaving a `with` block on an exception) removes the
    temporary file, so a failed or interrupted scan leaves nothing under the final name.
    """

    def __init__(self, path: str, *, private: bool = False, binary: bool = False) -> None:
        self.path = path
        self.private = private
        self._done = False
        self.temp_path: str | None = None
        # a symbolic link is written through (its target replaced, the link kept), as open() would
        self._final = os.path.realpath(path)
        try:
            st = os.stat(self._final)
        except OSError:
            st = None
        try:
            if (st is not None and not stat.S_ISREG(st.st_mode)) or self._final.startswith(_STREAM_DIRS):
                # a pipe, a terminal, /dev/stdout or /dev/full: a stream the user named, written in place
                # (renaming over it would replace the device node or the /dev link itself)
                fd = os.open(self._final, os.O_WRONLY)
            else:
                folder = os.path.dirname(self._final)
                base = os.path.basename(self._final)
                fd, self.temp_path = tempfile.mkstemp(dir=folder, prefix=f".{base}.", suffix=".part")
        except OSError as exc:
            raise output_error(path, exc) from None
        self.file: IO = os.fdopen(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="\n")  # noqa: SIM115

    def identity(self) -> tuple[int, int]:
        """(device, inode) of the file being written: a directory walk must not scan it."""
        st = os.fstat(self.file.fileno())
        return st.st_dev, st.st_ino

    def write(self, data) -> None:
        try:
            self.file.write(data)
        except OSError as exc:
            self.abort()
            raise output_error(self.path, exc) from None

    def commit(self) -> None:
        """Flush, set the final mode, and rename over the destination (same folder: atomic)."""
        if self._done:
            return
        try:
            self.file.flush()
            if self.temp_path is None:  # a stream written in place
                self.file.close()
                self._done = True
                return
            os.fsync(self.file.fileno())
            self.file.close()
            mode = 0o600 if self.private else 0o666 & ~_umask()
            os.chmod(self.temp_path, mode)
            if self.private:
                # a findings file with raw values must not inherit wider rights from anything
                st = os.stat(self.temp_path)
                if stat.S_IMODE(st.st_mode) & 0o077:
                    raise OSError(1, "cannot restrict the file's permissions")
            os.replace(self.temp_path, self._final)
        except OSError as exc:
            self.abort()
            raise output_error(self.path, exc) from None
        self._done = True

    def abort(self) -> None:
        """Drop the temporary file; the destination is left as it was."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError, ValueError):
            self.file.close()
        if self.temp_path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp_path)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
