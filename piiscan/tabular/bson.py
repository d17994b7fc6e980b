"""MongoDB `mongodump` BSON files: documents back to back, read one at a time as a stream.

The codec is pymongo's `bson` module: MongoDB's own, maintained with the server, with a C extension that
decodes a document in one call (a hand-written decoder would re-implement 20 element types and their
corner cases; the standalone `bson` package on PyPI is unmaintained since 2020 and clashes with it).
Documents become records and their values cells under JSON-like key paths (`applicant.passport.number`;
the items of an array under the array's path); a key that looks like a value (an e-mail used as a key) is
masked in the path, as in JSON.  A cell's location is `document 42` (0-based, in file order).  A damaged or
truncated document ends the file as a counted skip after the documents before it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal

import numpy as np

from piiscan.tabular.cells import CellBlock, ColumnCells, TableFields, pack_cells, py_to_text
from piiscan.tabular.errors import TableSkip
from piiscan.tabular.spool import RandomAccess
from piiscan.text import safe_field_name

__all__ = ["read_bson"]

TARGET_BYTES = 4 << 20
"""BSON bytes of documents per block handed to detection."""
MAX_DOCS = 16384


def read_bson(
    source: RandomAccess, fields: TableFields, name: str, skip: Callable[[TableSkip], None]
) -> Iterator[CellBlock]:
    """Blocks of the documents of a BSON file."""
    import bson
    from bson.codec_options import CodecOptions, DatetimeConversion
    from bson.errors import BSONError

    options = CodecOptions(
        unicode_decode_error_handler="replace", datetime_conversion=DatetimeConversion.DATETIME_CLAMP
    )
    first = 0
    values: dict[str, tuple[list[int], list[object]]] = defaultdict(lambda: ([], []))
    n = 0
    size = 0
    with source.open() as stream:
        docs = bson.decode_file_iter(stream, options)
        while True:
            try:
                doc = next(docs, None)
            except (BSONError, ValueError, OverflowError) as exc:
                if n:
                    yield _block(values, n, first, fields)
                reason = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
                raise TableSkip("corrupt", f"damaged BSON after {first + n} documents ({reason})") from None
            if doc is None:
                break
            _walk(doc, "", n, values)
            n += 1
            size += len(doc) * 32  # a rough size: blocks stay a few MB without re-encoding documents
            if n >= MAX_DOCS or size >= TARGET_BYTES:
                yield _block(values, n, first, fields)
                first += n
                n = size = 0
                values = defaultdict(lambda: ([], []))
    if n:
        yield _block(values, n, first, fields)


def _walk(value: object, path: str, row: int, out: dict) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            part = safe_field_name(str(key))
            _walk(item, f"{path}.{part}" if path else part, row, out)
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _walk(item, path, row, out)
        return
    text = _scalar(value)
    if text is not None:
        rows, vals = out[path]
        rows.append(row)
        vals.append(text)


def _scalar(value: object) -> object | None:
    """A BSON value as a text-or-number cell; None for identifiers and binary that hold no text."""
    if value is None or isinstance(value, (str, int, float, dt.datetime, dt.date)):
        return value
    if isinstance(value, bytes):  # Binary subtype 0 comes out as bytes
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    kind = type(value).__name__
    if kind in ("ObjectId", "MinKey", "MaxKey", "Timestamp", "Binary", "DBRef", "UUID"):
        return None  # generated identifiers and opaque bytes: no personal data as text
    if kind == "Decimal128":
        return str(Decimal(str(value)))
    return str(value)  # Regex, Code: their text


def _block(values: dict, n: int, first: int, fields: TableFields) -> CellBlock:
    columns = []
    for path, (rows, vals) in values.items():
        fid = fields.id_for(("bson", path), path, path)
        texts = py_to_text(vals, phone=fields.is_phone(fid))
        if texts is not None:
            columns.append(ColumnCells(fid, texts, np.array(rows, np.int64)))

    def locate(records: np.ndarray, _fids: np.ndarray) -> list[str]:
        return [f"document {first + r}" for r in records.tolist()]

    return pack_cells(columns, n, locate)
