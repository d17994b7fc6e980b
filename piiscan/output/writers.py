"""Findings writers: JSON Lines and Parquet (DESIGN.md §3), streaming batch by batch in bounded slices.

Why slices: a dense chunk holds hundreds of thousands of findings, and turning one into Python rows at once
(`to_pylist`, one JSON string) peaked above 1.1 GB on the 1 GB benchmark dump.  A batch is converted
`SLICE_ROWS` findings at a time, so the writer's own memory is a few MB whatever the density.

Why a byte budget: findings of a dense dump take ~11 times its size in JSON Lines; `max_bytes` stops a
runaway file before it fills the disk (`FindingsLimitReached` once, then the rest is dropped), and the
caller says so.  Files are written by `piiscan.output.files.AtomicFile`: a temporary name renamed at `close`,
removed by `abort`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from piiscan.errors import EXIT_USAGE, PiiscanError
from piiscan.output import findings
from piiscan.output.files import AtomicFile, output_error
from piiscan.output.findings import FindingsBatch

if TYPE_CHECKING:  # pyarrow is imported when a batch is written: it costs ~0.13 s of every start
    import pyarrow as pa

__all__ = [
    "DEFAULT_MAX_FINDINGS_BYTES",
    "FINDINGS_SUFFIXES",
    "SLICE_ROWS",
    "FindingsWriter",
    "check_findings_path",
    "open_findings_writer",
]

SLICE_ROWS = 8192
"""Findings converted to rows at once (a few MB of Python objects)."""

DEFAULT_MAX_FINDINGS_BYTES = 64 << 30
"""Default `--max-findings-bytes` (64 GiB): far above the findings of any dump a workstation holds, but it
stops a file that grows without end before it fills the disk."""

FINDINGS_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet"}


class FindingsWriter(Protocol):
    truncated: bool
    """True once `max_bytes` was reached: later findings were not written."""

    def write(self, batch: FindingsBatch | pa.RecordBatch) -> None: ...
    def close(self) -> None: ...
    def abort(self) -> None: ...


def check_findings_path(path: str) -> str:
    """The writer kind for `path`'s extension; a usage error (exit 2) otherwise, found before any scan."""
    suffix = Path(path).suffix.lower()
    kind = FINDINGS_SUFFIXES.get(suffix)
    if kind is None:
        raise PiiscanError(
            f"--findings must end in .jsonl or .parquet (got '{suffix or 'no extension'}')", exit_code=EXIT_USAGE
        )
    return kind


def _arrow(batch: FindingsBatch | pa.RecordBatch, unsafe: bool) -> pa.RecordBatch:
    """A batch as Arrow records (a scan on Dask hands over batches already converted by the workers)."""
    import pyarrow as pa

    return batch if isinstance(batch, pa.RecordBatch) else batch.to_arrow(unsafe_values=unsafe)


class _StdoutSink:
    """`--findings -`: JSON Lines on standard output, UTF-8 whatever the locale (read by jq, not a person)."""

    def __init__(self) -> None:
        self._fh = sys.stdout.buffer

    def identity(self) -> tuple[int, int]:
        st = os.fstat(self._fh.fileno())
        return st.st_dev, st.st_ino

    def write(self, data: bytes) -> None:
        try:
            self._fh.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk under `> findings.jsonl`
            raise output_error("standard output", exc) from None

    def commit(self) -> None:
        self.write(b"")
        try:
            self._fh.flush()  # standard output stays open for what follows (the summary, the exit)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise output_error("standard output", exc) from None

    def abort(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._fh.flush()


class _FindingsFile:
    """What both writers share: the output they write through (whose `identity` the input/output check
    compares with every input) and `truncated`, set once `max_bytes` is reached."""

    _out: AtomicFile | _StdoutSink
    truncated = False

    def identity(self) -> tuple[int, int]:
        return self._out.identity()


class _JsonlWriter(_FindingsFile):
    def __init__(self, path: str, unsafe_values: bool, max_bytes: int) -> None:
        self._unsafe = unsafe_values
        self._out: AtomicFile | _StdoutSink = (
            _StdoutSink() if path == "-" else AtomicFile(path, private=unsafe_values, binary=True)
        )
        self._left = max_bytes

    def write(self, batch: FindingsBatch | pa.RecordBatch) -> None:
        if self.truncated:
            return
        table = _arrow(batch, self._unsafe)
        for start in range(0, table.num_rows, SLICE_ROWS):
            rows = table.slice(start, SLICE_ROWS).to_pylist()
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
            if len(text) > self._left:
                # keep whole lines only: the file stays valid JSON Lines up to where it stops
                cut = text.rfind(b"\n", 0, self._left + 1) + 1
                self._out.write(text[:cut])
                self._left = 0
                self.truncated = True
                return
            self._out.write(text)
            self._left -= len(text)

    def close(self) -> None:
        self._out.commit()

    def abort(self) -> None:
        self._out.abort()


class _ParquetWriter(_FindingsFile):
    def __init__(self, path: str, unsafe_values: bool, max_bytes: int) -> None:
        import pyarrow.parquet as pq

        self._unsafe = unsafe_values
        self._path = path
        self._out = AtomicFile(path, private=unsafe_values, binary=True)
        import pyarrow as pa

        schema = findings.SCHEMA
        schema = schema.append(pa.field("value", pa.string())) if unsafe_values else schema
        self._sink = pa.PythonFile(self._out.file, mode="w")
        try:
            self._writer = pq.ParquetWriter(self._sink, schema, compression="zstd")
        except OSError as exc:
            self._out.abort()
            raise output_error(path, exc) from None
        self._max = max_bytes

    def write(self, batch: FindingsBatch | pa.RecordBatch) -> None:
        if self.truncated:
            return
        try:
            self._writer.write_batch(_arrow(batch, self._unsafe), row_group_size=64 * SLICE_ROWS)
            if self._sink.tell() > self._max:
                self.truncated = True  # checked per batch: the file ends at a row group, and stays readable
        except OSError as exc:
            self._out.abort()
            raise output_error(self._path, exc) from None

    def close(self) -> None:
        try:
            self._writer.close()
        except OSError as exc:
            self._out.abort()
            raise output_error(self._path, exc) from None
        self._out.commit()

    def abort(self) -> None:
        with contextlib.suppress(Exception):  # the temporary file is dropped anyway
            self._writer.close()
        self._out.abort()


def open_findings_writer(
    path: str, *, unsafe_values: bool = False, max_bytes: int = DEFAULT_MAX_FINDINGS_BYTES
) -> _JsonlWriter | _ParquetWriter:
    """A writer chosen by the file's extension (`.jsonl`/`.ndjson` or `.parquet`); `-` is JSON Lines on stdout.

    With `unsafe_values` the file is created with mode 0600 and stays so.  Nothing appears under `path`
    until `close`; `abort` leaves `path` as it was.
    """
    if path == "-":
        return _JsonlWriter(path, unsafe_values, max_bytes)
    kind = check_findings_path(path)
    if kind == "parquet":
        return _ParquetWriter(path, unsafe_values, max_bytes)
    return _JsonlWriter(path, unsafe_values, max_bytes)
