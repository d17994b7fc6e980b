"""SQLite database files, every table, read with the standard library's sqlite3.

The file is opened read-only and immutable (`mode=ro&immutable=1`: no journal, no lock, no write, even to
a hot journal beside it), extension loading stays off, `trusted_schema` is off (a hostile schema's views
and triggers cannot call application functions), and only tables are read (views and virtual tables
would run code or need modules; a virtual table's data is in its shadow tables, which are read).
Each table's rows come in blocks of a few MB; a column is a field `table.column` and a cell's location is
`clients[rowid=42].email`.  A malformed page ends that table as a counted skip with SQLite's one-line reason
("database disk image is malformed"), after the rows read before it; the other tables are still read.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections.abc import Callable, Iterator

import numpy as np

from piiscan.tabular.cells import CellBlock, ColumnCells, TableFields, pack_cells, py_to_text
from piiscan.tabular.errors import TableSkip
from piiscan.tabular.spool import RandomAccess
from piiscan.text import safe_field_name

__all__ = ["read_sqlite"]

TARGET_BYTES = 4 << 20
"""Bytes of values per block handed to detection."""


def _connect(source: RandomAccess) -> sqlite3.Connection:
    path = source.fs_path()
    if path is not None:
        uri = f"file:{urllib.parse.quote(path)}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:  # a small database that arrived as a stream, held in memory: a private copy
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.deserialize(source.data or b"")
    if hasattr(conn, "enable_load_extension"):
        conn.enable_load_extension(False)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA query_only = ON")
    conn.text_factory = bytes  # text comes out as bytes: decoded by Arrow per column, not per value
    return conn


def read_sqlite(
    source: RandomAccess, fields: TableFields, name: str, skip: Callable[[TableSkip], None]
) -> Iterator[CellBlock]:
    """Blocks of every table of a SQLite file."""
    try:
        conn = _connect(source)
        tables = [
            bytes(t).decode("utf-8", "replace")
            for (t,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                "AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL%' ORDER BY rowid"
            )
        ]
    except sqlite3.Error as exc:
        raise TableSkip("corrupt", f"unreadable SQLite database ({_reason(exc)})") from None
    try:
        for table in tables:
            yield from _table(conn, table, fields, skip)
    finally:
        conn.close()


def _reason(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _table(conn: sqlite3.Connection, table: str, fields: TableFields, skip) -> Iterator[CellBlock]:
    shown = safe_field_name(table)
    read = 0
    try:
        columns = [
            bytes(row[1]).decode("utf-8", "replace") for row in conn.execute(f"PRAGMA table_info({_quote(table)})")
        ]
        try:
            cur = conn.execute(f"SELECT _rowid_, * FROM {_quote(table)}")
            has_rowid = True
        except sqlite3.OperationalError:  # a WITHOUT ROWID table
            cur = conn.execute(f"SELECT * FROM {_quote(table)}")
            has_rowid = False
        ids = [fields.id_for(("sqlite", table, c), f"{shown}.{safe_field_name(c)}", f"{table}.{c}") for c in columns]
        labels = {fid: safe_field_name(c) for fid, c in zip(ids, columns, strict=True)}
        batch = 1024
        while True:
            rows = cur.fetchmany(batch)
            if not rows:
                break
            by_column = list(zip(*rows, strict=True))
            if has_rowid:
                rowids = np.array(by_column[0], dtype=object)
                by_column = by_column[1:]
            else:
                rowids = np.arange(read, read + len(rows), dtype=np.int64)
            cells = []
            for fid, values in zip(ids, by_column, strict=False):
                texts = py_to_text(values, phone=fields.is_phone(fid))
                if texts is not None:
                    cells.append(ColumnCells(fid, texts))
            block = pack_cells(cells, len(rows), _locator(shown, labels, rowids, has_rowid))
            read += len(rows)
            yield block
            per_row = max(1, len(block.data) // len(rows))
            batch = int(np.clip(TARGET_BYTES // per_row, 64, 65536))
    except sqlite3.Error as exc:
        skip(TableSkip("corrupt", f"table {shown}: {_reason(exc)} after {read} rows"))


def _locator(table: str, labels: dict[int, str], rowids: np.ndarray, has_rowid: bool):
    key = "rowid" if has_rowid else "row"

    def locate(records: np.ndarray, fids: np.ndarray) -> list[str]:
        return [f"{table}[{key}={rowids[r]}].{labels[f]}" for r, f in zip(records.tolist(), fids.tolist(), strict=True)]

    return locate
