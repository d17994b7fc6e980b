"""Findings writers: JSON Lines and Parquet (DESIGN.md §3), streaming batch by batch."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from piiscan.errors import OutputError
from piiscan.findings import SCHEMA, FindingsBatch

__all__ = ["FindingsWriter", "open_findings_writer"]


class FindingsWriter(Protocol):
    def write(self, batch: FindingsBatch | pa.RecordBatch) -> None: ...
    def close(self) -> None: ...


def _arrow(batch: FindingsBatch | pa.RecordBatch, unsafe: bool) -> pa.RecordBatch:
    """A batch as Arrow records (a scan on Dask hands over batches already converted by the workers)."""
    return batch if isinstance(batch, pa.RecordBatch) else batch.to_arrow(unsafe_values=unsafe)


class _JsonlWriter:
    def __init__(self, path: str, unsafe_values: bool) -> None:
        self._unsafe = unsafe_values
        self._stdout = path == "-"
        if self._stdout:  # UTF-8 whatever the locale: the lines are read by jq and other tools, not a terminal
            self._fh = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=True)
            return
        try:
            self._fh = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise OutputError(f"cannot write {path} ({exc.strerror})") from None

    def write(self, batch: FindingsBatch | pa.RecordBatch) -> None:
        rows = _arrow(batch, self._unsafe).to_pylist()
        self._fh.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))

    def close(self) -> None:
        if self._stdout:
            self._fh.flush()
            self._fh.detach()  # standard output stays open for what follows (the report, the exit)
        else:
            self._fh.close()


class _ParquetWriter:
    def __init__(self, path: str, unsafe_values: bool) -> None:
        import pyarrow.parquet as pq

        self._unsafe = unsafe_values
        schema = SCHEMA.append(pa.field("value", pa.string())) if unsafe_values else SCHEMA
        try:
            self._writer = pq.ParquetWriter(path, schema, compression="zstd")
        except OSError as exc:
            raise OutputError(f"cannot write {path} ({exc})") from None

    def write(self, batch: FindingsBatch | pa.RecordBatch) -> None:
        self._writer.write_batch(_arrow(batch, self._unsafe))

    def close(self) -> None:
        self._writer.close()


def open_findings_writer(path: str, *, unsafe_values: bool = False) -> FindingsWriter:
    """A writer chosen by the file's extension (`.jsonl`/`.ndjson` or `.parquet`); `-` is JSON Lines on stdout."""
    if path == "-":
        return _JsonlWriter(path, unsafe_values)
    suffix = Path(path).suffix.lower()
    if suffix == ".parquet":
        return _ParquetWriter(path, unsafe_values)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _JsonlWriter(path, unsafe_values)
    raise OutputError(f"--findings must end in .jsonl or .parquet (got '{suffix or 'no extension'}')")
