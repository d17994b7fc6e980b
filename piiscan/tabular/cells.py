"""Typed table values → the packed cell chunk the detection kernel reads.

Every table reader (spreadsheet, SQLite, Parquet/Arrow, BSON) ends here: it hands over its values column
by column, as Arrow arrays, and gets back a `CellBlock` shaped exactly like a CSV chunk's cells (one UTF-8
buffer, cell start/end, field id, record index), so detection, aggregation, the report and the findings
writers need no special case.  Values are rendered to text once per cell, by Arrow compute casts rather
than Python per value: an integer or an integral float as its digits (no `.0`, no exponent below 2**53, so
a NIR or a phone stored as a number reads as its digits), a date as ISO `YYYY-MM-DD`, a timestamp at
midnight as its date (a typed date of birth is a date, not a date and a time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from piiscan.formats.base import Fields
from piiscan.kernels.gather import gather_cells
from piiscan.pack import ENTITY_ORDER

__all__ = ["CellBlock", "ColumnCells", "TableFields", "pack_cells", "py_to_text", "to_text"]

_PHONE_BIT = 1 << ENTITY_ORDER.index("PHONE_NUMBER")
_EXACT_FLOAT = float(1 << 53)


class TableFields(Fields):
    """Field names and header hints of one table container: a `Fields` whose names are what the report and
    the findings show (`Feuil1!Date de naissance`, `clients.email`) while the hints come from the header
    alone (`Date de naissance`, through `id_for(key, name, header)`), and which knows its phone columns
    (a phone stored as a number is written back with its leading zero)."""

    def is_phone(self, fid: int) -> bool:
        return bool(self.hints[fid] & _PHONE_BIT)


@dataclass(frozen=True)
class ColumnCells:
    """The values of one field in a block: `texts[i]` is in record `rows[i]` (None: record i holds value i)."""

    fid: int
    texts: pa.Array
    rows: np.ndarray | None = None


Locator = Callable[[np.ndarray, np.ndarray], list[str]]
"""(record index within the block, field id) of each finding → the cell's `location` string."""


@dataclass(frozen=True)
class CellBlock:
    """A chunk of table cells for the detection kernel, and how to name a cell."""

    data: np.ndarray  # uint8, the cells' UTF-8 text, tab between cells, newline after records
    cs: np.ndarray  # int32 cell start in data
    ce: np.ndarray  # int32 cell end
    cf: np.ndarray  # int32 field id
    cr: np.ndarray  # int32 record index within the block
    n_records: int
    locate: Locator

    @property
    def n_cells(self) -> int:
        return len(self.cs)


def to_text(arr: pa.Array | pa.ChunkedArray, *, phone: bool = False) -> pa.Array | None:
    """A typed Arrow array as UTF-8 text, vectorised; None for types holding no text (binary that is not UTF-8).

    `phone`: the field's header says phone: a 9-digit integer is a French number that lost its leading 0
    when a spreadsheet stored it as a number (`612345678` → `0612345678`), an 11-digit one starting with 33
    lost its `+`.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    t = arr.type
    if pa.types.is_dictionary(t):
        return to_text(arr.dictionary_decode(), phone=phone)
    if pa.types.is_null(t):
        return None
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return arr
    if pa.types.is_string_view(t):
        return arr.cast(pa.large_string())
    if pa.types.is_integer(t):
        return _phone_digits(arr.cast(pa.int64()), arr.cast(pa.string())) if phone else arr.cast(pa.string())
    if pa.types.is_floating(t):
        x = arr.cast(pa.float64())
        integral = pc.and_(pc.equal(x, pc.floor(x)), pc.less(pc.abs(x), _EXACT_FLOAT))
        as_int = pc.cast(pc.if_else(integral, x, 0.0), pa.int64())
        int_text = _phone_digits(as_int, as_int.cast(pa.string())) if phone else as_int.cast(pa.string())
        return pc.if_else(integral, int_text, x.cast(pa.string()))
    if pa.types.is_timestamp(t):
        midnight = pc.equal(pc.cast(pc.cast(arr, pa.date32()), t), arr)
        return pc.if_else(
            midnight, pc.cast(pc.cast(arr, pa.date32()), pa.string()), pc.strftime(arr, "%Y-%m-%d %H:%M:%S")
        )
    if pa.types.is_date(t) or pa.types.is_boolean(t) or pa.types.is_decimal(t) or pa.types.is_time(t):
        return arr.cast(pa.string())
    if pa.types.is_duration(t):
        return arr.cast(pa.int64()).cast(pa.string())
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        try:
            return arr.cast(pa.large_string() if pa.types.is_large_binary(t) else pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None  # a picture or a hash, not text
    try:
        return arr.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _phone_digits(values: pa.Array, text: pa.Array) -> pa.Array:
    nine = pc.and_(pc.greater_equal(values, 100_000_000), pc.less(values, 1_000_000_000))
    intl = pc.and_(pc.greater_equal(values, 33_100_000_000), pc.less(values, 34_000_000_000))
    prefix = pc.if_else(nine, "0", pc.if_else(intl, "+", ""))
    return pc.binary_join_element_wise(prefix, text, "")


def _buffers(texts: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bytes, start, length) of each value of a string array, without copying its bytes."""
    n = len(texts)
    bufs = texts.buffers()
    off_type = np.int64 if pa.types.is_large_string(texts.type) else np.int32
    offsets = np.frombuffer(bufs[1], off_type, n + 1, texts.offset * np.dtype(off_type).itemsize).astype(np.int64)
    data = np.frombuffer(bufs[2], np.uint8) if bufs[2] is not None else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    if texts.null_count:
        lengths[np.asarray(texts.is_null())] = 0
    return data, offsets[:-1], lengths


def pack_cells(columns: Sequence[ColumnCells], n_records: int, locate: Locator) -> CellBlock:
    """The columns' non-empty cells in record order (then column order) as one `CellBlock`."""
    pieces, starts, lens, rows, fids, ranks = [], [], [], [], [], []
    base = 0
    for rank, col in enumerate(columns):
        data, start, length = _buffers(col.texts)
        if not len(start):
            continue
        lo = int(start.min())
        hi = int((start + length).max())
        pieces.append(data[lo:hi])
        starts.append(start - lo + base)
        lens.append(length)
        rows.append(col.rows if col.rows is not None else np.arange(len(start), dtype=np.int64))
        fids.append(np.full(len(start), col.fid, np.int32))
        ranks.append(np.full(len(start), rank, np.int32))
        base += hi - lo
    if not pieces:
        empty = np.zeros(0, np.int32)
        return CellBlock(np.zeros(1, np.uint8), empty, empty, empty, empty, n_records, locate)
    length = np.concatenate(lens)
    keep = np.flatnonzero(length > 0)
    row = np.concatenate(rows)[keep]
    rank = np.concatenate(ranks)[keep]
    order = keep[np.lexsort((rank, row))]
    src = np.concatenate(pieces)
    src_start = np.concatenate(starts)[order]
    src_len = length[order]
    rec = np.concatenate(rows)[order].astype(np.int32)
    n = len(order)
    dst = np.empty(int(src_len.sum()) + n + 1, np.uint8)
    cs = np.empty(n, np.int32)
    ce = np.empty(n, np.int32)
    used = gather_cells(src, src_start, src_len, rec, dst, cs, ce)
    cf = np.concatenate(fids)[order]
    return CellBlock(dst[: max(1, used)], cs, ce, cf, rec, n_records, locate)


def py_to_text(values: Sequence[object], *, phone: bool = False) -> pa.Array | None:
    """Python values of one column (a SQLite or spreadsheet reader's rows) as UTF-8 text.

    A homogeneous column (the common case) becomes one Arrow array rendered by `to_text`; only a column
    mixing types (numbers and text in one spreadsheet column, SQLite's dynamic typing) is rendered per value.
    """
    try:
        arr = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError, TypeError):
        return pa.array([_render(v, phone) for v in values], pa.string())
    return to_text(arr, phone=phone)


def _render(value: object, phone: bool) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_FLOAT:
        value = int(value)
    if isinstance(value, int):
        if phone and 100_000_000 <= value < 1_000_000_000:
            return f"0{value}"
        if phone and 33_100_000_000 <= value < 34_000_000_000:
            return f"+{value}"
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return None  # a picture or a hash, not text
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
