"""The scan of one table container: reader blocks → the same detection as byte streams → findings.

Kept apart from the byte-stream pipeline of `piiscan.scanner` (which sniffs, decodes and splits a stream
into cells): here a reader yields `CellBlock`s already split into cells, and they go to the scanner's
worker pool and detection kernel unchanged.  What differs is only how a finding names its place: `offset`
and `length` are within the cell's text in UTF-8, and `location` names the cell (DESIGN §3).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from piiscan.kernels.chars import IDENTITY_BYTES
from piiscan.output.aggregate import InputStats
from piiscan.output.findings import FindingsBatch
from piiscan.profiles import ColumnProfiler, apply_profile, header_fields, value_fields
from piiscan.source.limits import format_size
from piiscan.tabular.cells import CellBlock, TableFields
from piiscan.tabular.errors import TableSkip
from piiscan.tabular.spool import RandomAccess, random_access

if TYPE_CHECKING:
    from piiscan.scanner import Scanner
    from piiscan.source.inputs import Input

__all__ = ["scan_table"]

Reader = Callable[[RandomAccess, TableFields, str, Callable[[TableSkip], None]], Iterator[CellBlock]]


def _reader(kind: str) -> Reader:
    # imported on use: a CSV scan loads neither calamine nor sqlite3 nor pyarrow's Parquet reader
    if kind in ("xlsx", "xlsb", "xls", "ods"):
        from piiscan.tabular.sheets import read_workbook

        return read_workbook
    if kind == "sqlite":
        from piiscan.tabular.sqlite import read_sqlite

        return read_sqlite
    if kind in ("parquet", "arrow", "feather"):
        from piiscan.tabular.columnar import read_columnar

        return read_columnar
    if kind == "bson":
        from piiscan.tabular.bson import read_bson

        return read_bson
    raise ValueError(f"no reader for {kind}")


def scan_table(
    scanner: Scanner,
    inp: Input,
    kind: str,
    head: bytes,
    stream: BinaryIO,
    stats: InputStats,
    pool: ThreadPoolExecutor,
) -> Iterator[FindingsBatch]:
    """Scan one table container whose first bytes are `head` (the rest still in `stream`)."""
    from piiscan.scanner import SAMPLE_INPUTS, sample_records  # the caller's module: loaded already

    stats.format = kind
    stats.encoding = "utf-8"
    fields = TableFields(scanner.tables)
    skips: list[TableSkip] = []
    scanner._compile_detection(0, IDENTITY_BYTES, False)
    pending: deque[tuple[Future, CellBlock, int]] = deque()
    record_base = 0
    profiler: ColumnProfiler | None = scanner._profiler(0, IDENTITY_BYTES, False)
    held: list[tuple[CellBlock, int]] = []
    with random_access(getattr(inp, "path", None), head, stream, seek=kind != "bson") as source:
        stats.bytes = source.size
        blocks = _reader(kind)(source, fields, inp.name, skips.append)
        while True:
            try:
                block = next(blocks, None)
            except TableSkip as exc:
                skips.append(exc)
                break
            except (MemoryError, RecursionError, KeyboardInterrupt):
                raise
            except Exception as exc:  # a reader library's own error on a hostile file: never a traceback
                skips.append(TableSkip("corrupt", f"unreadable {kind} file ({type(exc).__name__})"))
                break
            if block is None:
                break
            if block.n_records == 0:
                continue
            cells = (block.cs, block.ce, block.cf, block.cr)
            if inp.name not in scanner.partial.samples and len(scanner.partial.samples) < SAMPLE_INPUTS:
                scanner.partial.samples[inp.name] = sample_records(block.data, cells, block.n_cells, fields, "utf-8")
            held.append((block, record_base))
            if profiler is not None:
                # column profiles from values (piiscan.profiles): blocks wait until the first records decide
                profiler.observe(block.data, block.n_cells, cells, block.n_records, "utf-8")
                if not profiler.sampling:
                    apply_profile(fields, profiler)
                    profiler = None
            if profiler is None:
                pending.extend(_submit(scanner, held, fields, pool))
                held = []
            stats.records += block.n_records
            record_base += block.n_records
            while len(pending) > scanner.workers:
                yield _finish(scanner, pending.popleft(), inp, stats, fields)
        if held:
            if profiler is not None:
                apply_profile(fields, profiler)
            pending.extend(_submit(scanner, held, fields, pool))
        while pending:
            yield _finish(scanner, pending.popleft(), inp, stats, fields)
        if source.stream is not None:
            stats.bytes = source.stream.count
        scanner._progress(stats.bytes)
    # for the report's coverage (piiscan.output.coverage): columns classified by their header, the others
    stats.fields = [n for n in fields.names if n is not None]
    stats.header_fields = header_fields(fields)
    stats.value_fields = value_fields(fields)
    for skip in skips:
        scanner._skip(inp.name, skip.reason, None, f"{inp.name}: {skip.detail}")
    if stats.records == 0 and not skips:
        scanner._skip(inp.name, "empty", 0, f"{inp.name}: {kind} file holds no rows ({format_size(stats.bytes)})")


def _submit(scanner: Scanner, held: list[tuple[CellBlock, int]], fields: TableFields, pool: ThreadPoolExecutor):
    """Hand blocks to the workers with the fields' hints as they now stand (profiles applied)."""
    hints = fields.hint_array()
    out = []
    for block, record_base in held:
        cells = (block.cs, block.ce, block.cf, block.cr)
        fut = pool.submit(
            scanner._detect_chunk,
            record_base, 0, block.data, block.n_cells, cells, block.n_records, hints, 0, IDENTITY_BYTES, False,
        )  # fmt: skip
        out.append((fut, block, record_base))
    return out


def _finish(scanner: Scanner, item, inp: Input, stats: InputStats, fields: TableFields) -> FindingsBatch:
    """The scanner's own finish step, with each finding placed in its cell: `location` names the cell and
    `offset` is within the cell's text (the NER stage's findings too, hence placed after it)."""
    fut, block, record_base = item

    def place(batch: FindingsBatch) -> None:
        cell = np.searchsorted(block.cs, batch.start, side="right") - 1
        batch.offset = batch.start - block.cs[cell]
        batch.location = np.array(block.locate(block.cr[cell], block.cf[cell]), dtype=object)

    return scanner.finish_detection(
        fut.result(), inp, stats, fields, data=block.data, cells=(block.cs, block.ce, block.cf, block.cr),
        n_cells=block.n_cells, record_base=record_base, base=0, enc_kind="utf8", codec="utf-8", place=place,
    )  # fmt: skip
