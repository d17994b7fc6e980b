"""Field names of an SQL dump's values: the column list of each `INSERT`/`COPY`, or its table's `CREATE TABLE`.

The structure kernel (`piiscan.kernels.sql_cells`) gives every value cell its statement and column position,
and every statement its table and column-list spans.  Naming them is Python's work, so it must cost per
distinct statement *header*, never per statement or per value: `pg_dump --inserts` writes one `INSERT` per
row (60,000 in an 8 MB chunk), and naming each one (decoding its table, building its column ids) once made
the SQL shape three times slower than a CSV of the same rows.  So a header's field ids are kept, keyed by
its bytes, and cells take their ids in one vectorised gather.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from piiscan.kernels.sql_cells import ST_CREATE
from piiscan.text import safe_field_name

__all__ = ["MAX_COLUMNS", "SqlNaming"]

MAX_COLUMNS = 256
"""Positions named apart; a value further right takes the last one's field (a tuple of 100,000 values must
not make 100,000 fields)."""

_KEPT_HEADERS = 1024
"""Distinct statement headers whose ids are kept; a dump with more starts the cache afresh (the field ids
themselves stay, in `Fields`), so memory does not grow with the number of distinct headers."""

_CREATE_TABLE = re.compile(
    r"\s*CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([^\s(]+)\s*\((.*)\)", re.I | re.S
)
_NOT_A_COLUMN = re.compile(r"(PRIMARY|KEY|UNIQUE|CONSTRAINT|INDEX|FOREIGN|CHECK|FULLTEXT)\b", re.I)
_COLUMN_SPLIT = re.compile(r",\s*(?![^()]*\))")
_QUOTES = '`"[]'


class Fields(Protocol):
    """The input's field registry (`piiscan.scanner._Fields`): one id per key, named once."""

    def id_for(self, key: object, name: str | None) -> int: ...


@dataclass
class _Target:
    """The columns one statement header names: its table, column names and their field ids so far."""

    table: str
    names: list[str]
    ids: np.ndarray

    def ids_upto(self, width: int, fields: Fields) -> np.ndarray:
        """Field ids of positions `0..width-1` at least: named columns, then `column_N` for unnamed ones."""
        have = len(self.ids)
        if width > have:
            extra = [fields.id_for(("sql", self.table, f"#{i}"), f"column_{i + 1}") for i in range(have, width)]
            self.ids = np.concatenate([self.ids, np.array(extra, np.int32)])
        return self.ids


class SqlNaming:
    """What naming carries from chunk to chunk of one input: the tables' columns from their `CREATE TABLE`,
    the ids of the headers met, and the statement in progress at the end of the last chunk."""

    def __init__(self) -> None:
        self.tables: dict[str, list[str]] = {}
        self._targets: dict[tuple[bytes, bytes | None], _Target] = {}
        self._current: _Target | None = None

    def field_ids(self, data, codec: str, cols, stmts, n_cells: int, kinds, sa, sb, sc, sd, fields: Fields):
        """The field id of each of the chunk's `n_cells` cells (int32, -1 where no statement names it)."""
        targets: list[_Target | None] = []
        for k, kind in enumerate(kinds.tolist()):
            if kind == ST_CREATE:
                self._take_create(data[sa[k] : sb[k]].tobytes().decode(codec, "replace"))
                targets.append(None)
            else:
                targets.append(self._target(data, codec, int(sa[k]), int(sb[k]), int(sc[k]), int(sd[k]), fields))
        out = np.empty(n_cells, np.int32)
        if n_cells:
            st = stmts[:n_cells]
            col = np.minimum(cols[:n_cells], MAX_COLUMNS - 1)
            # cells come in runs of one statement (in the order met): one gather over all runs
            starts = np.flatnonzero(st[1:] != st[:-1]) + 1
            starts = np.concatenate([[0], starts]) if len(starts) else np.zeros(1, np.int64)
            widths = np.maximum.reduceat(col, starts) + 1
            runs = []
            for k, width in zip(st[starts].tolist(), widths.tolist(), strict=True):
                target = self._current if k < 0 else targets[k]
                runs.append(np.full(width, -1, np.int32) if target is None else target.ids_upto(width, fields))
            if len(runs) == 1:  # the usual chunk: one COPY block, or one-row INSERTs of one header
                np.take(runs[0], col, out=out)
            else:
                offsets = np.cumsum([0] + [len(r) for r in runs[:-1]])
                lengths = np.diff(np.append(starts, n_cells))
                np.take(np.concatenate(runs), np.repeat(offsets, lengths) + col, out=out)
        # the statement in progress at the end of the chunk continues in the next one
        for kind, target in zip(reversed(kinds.tolist()), reversed(targets), strict=True):
            if kind != ST_CREATE:
                self._current = target
                break
        return out

    def _target(self, data, codec: str, ta: int, tb: int, ca: int, cb: int, fields: Fields) -> _Target:
        table_raw = data[ta:tb].tobytes()
        columns_raw = data[ca:cb].tobytes() if ca >= 0 else None
        key = (table_raw, columns_raw)
        target = self._targets.get(key)
        if target is not None:
            return target
        table = table_raw.decode(codec, "replace").strip(_QUOTES)
        if columns_raw is not None:
            names = [safe_field_name(c.strip().strip(_QUOTES)) for c in columns_raw.decode(codec, "replace").split(",")]
        else:
            names = self.tables.get(table, [])
        ids = np.array([fields.id_for(("sql", table, n), n) for n in names], np.int32)
        target = _Target(table, names, ids)
        if len(self._targets) >= _KEPT_HEADERS:
            self._targets.clear()
        self._targets[key] = target
        return target

    def _take_create(self, text: str) -> None:
        """A `CREATE TABLE`: its column names, for the INSERTs without a column list that follow."""
        m = _CREATE_TABLE.match(text)
        if not m:
            return
        table = m.group(1).strip(_QUOTES)
        names = []
        for line in _COLUMN_SPLIT.split(m.group(2)):
            word = line.strip().split(None, 1)[0] if line.strip() else ""
            if word and not _NOT_A_COLUMN.match(word):
                names.append(safe_field_name(word.strip(_QUOTES)))
        self.tables[table] = names
        # headers without a column list took the old columns: they name the new ones from now on
        for key in [key for key, target in self._targets.items() if key[1] is None and target.table == table]:
            del self._targets[key]
