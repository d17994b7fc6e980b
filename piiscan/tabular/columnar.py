"""Parquet and Arrow IPC (Feather v2) files, read a record batch at a time.

Parquet is read row group by row group in batches of a few MB of values (pyarrow decodes only the pages a
batch needs), an Arrow IPC file batch by batch (memory-mapped when it is a file on disk), so memory stays
bounded whatever the file's size.  Nested columns become key paths: a struct's fields `applicant.email`,
a list's items under the list's path (several cells of one record), a map's `key` and `value`.
A cell's location is `row 17 of row group 3` (Parquet) or `row 17 of record batch 3` (Arrow), both 0-based.
Feather v1 files (the format before Arrow IPC) have no batch reader in pyarrow: they are read whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from piiscan.tabular.cells import CellBlock, ColumnCells, TableFields, pack_cells, to_text
from piiscan.tabular.errors import TableSkip
from piiscan.tabular.spool import RandomAccess
from piiscan.text import safe_field_name

__all__ = ["batch_cells", "read_columnar"]

TARGET_BYTES = 4 << 20
"""Bytes of values per block handed to detection (about half a CSV chunk: values only, no delimiters)."""


def read_columnar(
    source: RandomAccess, fields: TableFields, name: str, skip: Callable[[TableSkip], None]
) -> Iterator[CellBlock]:
    """Blocks of a Parquet or Arrow IPC file; a damaged or truncated file ends in a `TableSkip`."""
    head = _head(source)
    try:
        if head[:4] == b"PAR1":
            yield from _parquet(source, fields)
        elif head[:4] == b"FEA1":
            yield from _feather_v1(source, fields)
        else:
            yield from _arrow(source, fields)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise TableSkip("corrupt", f"unreadable {_what(head)} ({_reason(exc)})") from None


def _what(head: bytes) -> str:
    return "Parquet file" if head[:4] == b"PAR1" else "Arrow IPC file"


def _reason(exc: Exception) -> str:
    """The first line of pyarrow's message, cut: it names structures and sizes, not values."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _head(source: RandomAccess) -> bytes:
    with source.open() as f:
        return f.read(8)


def _input(source: RandomAccess):
    if source.data is not None:
        return pa.BufferReader(source.data)
    if source.path is not None:
        return pa.memory_map(source.path)
    return pa.PythonFile(source.open(), mode="r")


def _parquet(source: RandomAccess, fields: TableFields) -> Iterator[CellBlock]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(_input(source), pre_buffer=False)
    meta = pf.metadata
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        per_row = max(1, rg.total_byte_size // max(1, rg.num_rows))
        rows = int(np.clip(TARGET_BYTES // per_row, 256, 65536))
        at = 0
        for batch in pf.iter_batches(batch_size=rows, row_groups=[g], use_threads=False):
            yield batch_cells(batch, fields, _row_in(f"row group {g}", at))
            at += batch.num_rows


def _arrow(source: RandomAccess, fields: TableFields) -> Iterator[CellBlock]:
    import pyarrow.ipc as ipc

    data = _input(source)
    try:
        reader = ipc.open_file(data)
        batches = (reader.get_batch(i) for i in range(reader.num_record_batches))
    except pa.ArrowInvalid:
        data = _input(source)
        batches = iter(ipc.open_stream(data))
    for b, batch in enumerate(batches):
        per_row = max(1, batch.nbytes // max(1, batch.num_rows))
        step = int(np.clip(TARGET_BYTES // per_row, 256, 1 << 20))
        for at in range(0, batch.num_rows, step):
            yield batch_cells(batch.slice(at, step), fields, _row_in(f"record batch {b}", at))


def _feather_v1(source: RandomAccess, fields: TableFields) -> Iterator[CellBlock]:
    """A Feather v1 file (before Arrow IPC, 2016-2019): read whole by pyarrow, which has no streaming reader for it."""
    import warnings

    import pyarrow.feather as feather

    with warnings.catch_warnings():  # pyarrow deprecates the format; the file is what the leak holds
        warnings.simplefilter("ignore", DeprecationWarning)
        table = feather.read_table(_input(source), memory_map=source.path is not None)
    at = 0
    for batch in table.to_batches(max_chunksize=65536):
        yield batch_cells(batch, fields, _row_in("the table", at))
        at += batch.num_rows


def _row_in(part: str, first: int):
    def locate(records: np.ndarray, _fids: np.ndarray) -> list[str]:
        return [f"row {first + r} of {part}" for r in records.tolist()]

    return locate


def batch_cells(batch: pa.RecordBatch, fields: TableFields, locate) -> CellBlock:
    """One record batch as a `CellBlock`: every leaf of every column, key paths for nested ones."""
    columns: list[ColumnCells] = []
    for col_name, column in zip(batch.schema.names, batch.columns, strict=True):
        path = safe_field_name(str(col_name))
        for leaf_path, leaf, rows in _leaves(column, path, None):
            fid = fields.id_for(("col", leaf_path), leaf_path, leaf_path)
            texts = to_text(leaf, phone=fields.is_phone(fid))
            if texts is not None:
                columns.append(ColumnCells(fid, texts, rows))
    return pack_cells(columns, batch.num_rows, locate)


def _leaves(arr: pa.Array, path: str, rows: np.ndarray | None) -> Iterator[tuple[str, pa.Array, np.ndarray | None]]:
    """(key path, leaf values, record of each value) of a possibly nested column."""
    t = arr.type
    if pa.types.is_struct(t):
        for i, child in enumerate(arr.flatten()):  # a null struct's children come out null
            yield from _leaves(child, f"{path}.{safe_field_name(t.field(i).name)}", rows)
        return
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t) or pa.types.is_map(t):
        if pa.types.is_map(t):  # a map's entries: structs of `key` and `value`
            entry = pa.struct([pa.field("key", t.key_type), pa.field("value", t.item_type)])
            arr = arr.cast(pa.list_(entry))
        parents = np.asarray(pc.list_parent_indices(arr))
        values = pc.list_flatten(arr)
        yield from _leaves(values, path, rows[parents] if rows is not None else parents)
        return
    if pa.types.is_dictionary(t):
        arr = arr.dictionary_decode()
    yield path, arr, rows
