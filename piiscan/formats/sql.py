"""Structure kernel for SQL dumps (mysqldump, pg_dump, `sqlite3 .dump`): the values of `INSERT` tuples
and of PostgreSQL `COPY ... FROM stdin` blocks.

A record is one tuple (or one COPY row); its field is the column at that position, named by the
statement's column list or, without one, by the table's `CREATE TABLE`.  The kernel reports statements it
needs named (their table and column-list spans, or a whole `CREATE TABLE`) and leaves the naming to
Python.  An `INSERT` naming the same table and columns as the statement just before it (`pg_dump
--inserts` and `--column-inserts` write one statement per row) is not a new statement: its tuples take the
previous one's number, so a chunk of 60,000 one-row INSERTs costs Python one statement, not 60,000.  When
the statement arrays are full the kernel stops before the next statement (carried over to the next chunk),
never skipping one.

COPY rows (pg_dump's default): one line per row, tab-separated, `\\N` for NULL (not a cell), backslash
escapes left in the cell (its bytes are the input's, so offsets stay exact), the block ended by `\\.`.
Binary values are skipped as fields and counted (`blobs`), not scanned: MySQL's `_binary '...'` and
`0x4a4b...` (--hex-blob), SQLite's `X'4a4b...'` and PostgreSQL's hex `bytea` (`\\x4a4b...` in a COPY row).

Naming the values (`SqlNaming`, Python): the column list of each `INSERT`/`COPY`, or its table's `CREATE
TABLE`.  The kernel gives every value cell its statement and column position, and every statement its table
and column-list spans.  Naming them is Python's work, so it must cost per
distinct statement *header*, never per statement or per value: `pg_dump --inserts` writes one `INSERT` per
row (60,000 in an 8 MB chunk), and naming each one (decoding its table, building its column ids) once made
the SQL shape three times slower than a CSV of the same rows.  So a header's field ids are kept, keyed by
its bytes, and cells take their ids in one vectorised gather.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from piiscan.formats.base import Cells, Fields, Format, Scratch, cell_capacity, new_cells
from piiscan.kernels.chars import same_bytes
from piiscan.kernels.jit import kernel
from piiscan.text import safe_field_name

__all__ = ["MAX_COLUMNS", "MODE_COPY", "MODE_STATEMENTS", "SqlFormat", "SqlNaming", "sql_cells"]

_KW_INSERT = np.frombuffer(b"insert", np.uint8)
_KW_INTO = np.frombuffer(b"into", np.uint8)
_KW_IGNORE = np.frombuffer(b"ignore", np.uint8)
_KW_VALUES = np.frombuffer(b"values", np.uint8)
_KW_CREATE = np.frombuffer(b"create", np.uint8)
_KW_REPLACE = np.frombuffer(b"replace", np.uint8)
_KW_COPY = np.frombuffer(b"copy", np.uint8)
_KW_FROM = np.frombuffer(b"from", np.uint8)
_KW_STDIN = np.frombuffer(b"stdin", np.uint8)
_KW_BINARY = np.frombuffer(b"_binary", np.uint8)

ST_INSERT = 1
ST_CREATE = 2
ST_COPY = 3

MODE_STATEMENTS = 0
MODE_VALUES = 1  # inside the VALUES list of an INSERT
MODE_COPY = 2  # inside the rows of a COPY ... FROM stdin block


@kernel
def _ws(b):
    return b == 32 or b == 10 or b == 13 or b == 9


@kernel
def _lower(b):
    return b + 32 if 65 <= b <= 90 else b


@kernel
def _word_at(buf, i, n, word):
    """Case-insensitive keyword `word` (lower-case bytes) at i, followed by a non-word byte."""
    m = len(word)
    if i + m > n:
        return False
    for k in range(m):
        if _lower(buf[i + k]) != word[k]:
            return False
    if i + m < n:
        c = buf[i + m]
        if (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c == 95:
            return False
    return True


@kernel
def _skip_ws_comments(buf, i, n):
    while i < n:
        b = buf[i]
        if _ws(b):
            i += 1
        elif (b == 45 and i + 1 < n and buf[i + 1] == 45) or b == 35:
            while i < n and buf[i] != 10:
                i += 1
        elif b == 47 and i + 1 < n and buf[i + 1] == 42:
            j = i + 2
            while j + 1 < n and not (buf[j] == 42 and buf[j + 1] == 47):
                j += 1
            if j + 1 >= n:
                return n
            i = j + 2
        else:
            break
    return i


@kernel
def _skip_statement(buf, i, n):
    """Position after the `;` ending the statement at i (quotes respected), or -1 if not in the chunk."""
    q = 0
    while i < n:
        b = buf[i]
        if q != 0:
            if b == 92:
                i += 2
                continue
            if b == q:
                q = 0
        elif b == 39 or b == 34 or b == 96:
            q = b
        elif b == 59:
            return i + 1
        i += 1
    return -1


@kernel
def _is_hex_bytea(buf, s, e):
    """A COPY cell holding PostgreSQL's hex bytea output, `\\x` then hex digits (backslash doubled)."""
    if e - s < 3 or buf[s] != 92 or buf[s + 1] != 92 or buf[s + 2] != 120:
        return False
    return _is_hex(buf, s + 3, e)


@kernel
def _is_hex(buf, s, e):
    for k in range(s, e):
        c = _lower(buf[k])
        if not ((48 <= c <= 57) or (97 <= c <= 102)):
            return False
    return True


@kernel
def _is_hex_literal(buf, s, e):
    """A bare SQL blob literal: `X'89504E47'` (`sqlite3 .dump`, standard SQL) or `0x89504E47` (mysqldump
    --hex-blob); at least two hex digits, so `0x0`-like numbers stay values."""
    if e - s >= 5 and _lower(buf[s]) == 120 and buf[s + 1] == 39 and buf[e - 1] == 39:
        return _is_hex(buf, s + 2, e - 1)
    if e - s >= 4 and buf[s] == 48 and _lower(buf[s + 1]) == 120:
        return _is_hex(buf, s + 2, e)
    return False


@kernel
def _quoted_end(buf, k, n, q):
    """Position of the quote `q` closing a string whose contents start at k (a backslash escapes the next
    byte, a doubled quote is one quote), or n or more when it is not closed in the chunk.

    The inner loop steps one byte whatever the byte, so the next position never waits on the byte just
    loaded (a step of 1 or 2 chosen by the byte made a chain of load latencies)."""
    while True:
        while k < n and buf[k] != q and buf[k] != 92:
            k += 1
        if k >= n:
            return k
        if buf[k] == 92 or (k + 1 < n and buf[k + 1] == q):
            k += 2
            continue
        return k


@kernel
def _table_and_columns(buf, j, n):
    """`table [(column, ...)]` at j: `(table start, table end, column list start, column list end, next)`; the
    column list span is -1, -1 when there is none.  INSERT and COPY name their target alike."""
    ta = j
    while j < n and not _ws(buf[j]) and buf[j] != 40:
        j += 1
    tb = j
    j = _skip_ws_comments(buf, j, n)
    ca = -1
    cb = -1
    if j < n and buf[j] == 40:
        ca = j + 1
        while j < n and buf[j] != 41:
            j += 1
        cb = j
        j = _skip_ws_comments(buf, j + 1, n)
    return ta, tb, ca, cb, j


@kernel
def _statement(buf, kind, ta, tb, ca, cb, n_st, st_kind, st_a, st_b, st_c, st_d):
    """The number of an INSERT or COPY naming `buf[ta:tb]` (columns `buf[ca:cb]`): the last statement's when
    it names the same table and columns, else a new one.  `(statement, n_st)`; statement -1 when a new one
    is needed and the arrays are full."""
    k = n_st - 1
    if (
        k >= 0
        and st_kind[k] == kind
        and same_bytes(buf, st_a[k], st_b[k], ta, tb)
        and same_bytes(buf, st_c[k], st_d[k], ca, cb)
    ):
        return k, n_st
    if n_st >= len(st_kind):
        return -1, n_st
    st_kind[n_st] = kind
    st_a[n_st] = ta
    st_b[n_st] = tb
    st_c[n_st] = ca
    st_d[n_st] = cb
    return n_st, n_st + 1


@kernel
def _emit(s, e, col, record, stmt, n_cells, cell_start, cell_end, cell_col, cell_record, cell_stmt):
    """One value cell; the new cell count."""
    cell_start[n_cells] = s
    cell_end[n_cells] = e
    cell_col[n_cells] = col
    cell_record[n_cells] = record
    cell_stmt[n_cells] = stmt
    return n_cells + 1


@kernel
def _copy_row(buf, i, n, final, cell_start, cell_end, cell_col, cell_record, cell_stmt, n_cells, n_records, stmt):
    """One COPY row at i: `(next position, n_cells, blobs)`; next position -1 when the row is not complete
    in the chunk or the cell arrays are full (the row is carried over, its cells dropped).

    One pass: each cell runs to the next tab or line feed (a search loop whose position never waits on the
    byte just read)."""
    first = n_cells
    blobs = 0
    col = 0
    s = i
    k = i
    while True:
        while k < n and buf[k] != 9 and buf[k] != 10:
            k += 1
        if (k >= n and not final) or n_cells >= len(cell_start):
            return -1, first, 0
        last = k >= n or buf[k] == 10
        e = k - 1 if last and k > s and buf[k - 1] == 13 else k
        if e - s == 2 and buf[s] == 92 and buf[s + 1] == 78:
            pass  # \N: NULL
        elif _is_hex_bytea(buf, s, e):
            blobs += 1
        else:
            n_cells = _emit(s, e, col, n_records, stmt, n_cells, cell_start, cell_end, cell_col, cell_record, cell_stmt)
        if last:
            return (k + 1 if k < n else n), n_cells, blobs
        col += 1
        k += 1
        s = k


@kernel
def sql_cells(
    buf, n, final, in_mode, cell_start, cell_end, cell_col, cell_record, cell_stmt, st_kind, st_a, st_b, st_c, st_d
):
    """Returns `(n_cells, n_records, consumed, n_statements, bad, mode_at_consumed, blobs)`.

    Statement `k`: `st_kind` INSERT or COPY (table span `st_a..st_b`, column list span `st_c..st_d` or -1)
    or CREATE (whole statement `st_a..st_b`).  `cell_stmt` -1 means the INSERT or COPY continued from the
    previous chunk (`in_mode`: one of the MODE_ constants).  `blobs` counts binary values skipped.
    """
    kw_insert = _KW_INSERT
    kw_into = _KW_INTO
    kw_ignore = _KW_IGNORE
    kw_values = _KW_VALUES
    kw_create = _KW_CREATE
    kw_replace = _KW_REPLACE
    kw_copy = _KW_COPY
    kw_from = _KW_FROM
    kw_stdin = _KW_STDIN
    kw_binary = _KW_BINARY
    cap = len(cell_start)
    scap = len(st_kind)
    n_cells = 0
    n_records = 0
    n_st = 0
    bad = 0
    consumed = 0
    stmt = -1
    values = in_mode == MODE_VALUES
    copying = in_mode == MODE_COPY
    mode_at_consumed = in_mode
    blobs = 0
    i = 0
    while i < n:
        if copying:
            if buf[i] == 92 and i + 1 < n and buf[i + 1] == 46:  # \. ends the block
                if i + 2 >= n and not final:
                    break
                j = i + 2
                while j < n and buf[j] != 10:
                    j += 1
                copying = False
                i = j + 1 if j < n else n
                consumed = i
                mode_at_consumed = MODE_STATEMENTS
                continue
            j, n_cells, row_blobs = _copy_row(
                buf, i, n, final, cell_start, cell_end, cell_col, cell_record, cell_stmt, n_cells, n_records, stmt
            )
            if j < 0:
                break  # the row continues in the next chunk, or the output is full: carry it over
            blobs += row_blobs
            n_records += 1
            i = j
            consumed = i
            mode_at_consumed = MODE_COPY
            continue
        if values:
            i = _skip_ws_comments(buf, i, n)
            if i >= n:
                break
            b = buf[i]
            if b == 44:
                i += 1
                consumed = i
                mode_at_consumed = MODE_VALUES if values else MODE_STATEMENTS
                continue
            if b == 59:
                values = False
                i += 1
                consumed = i
                mode_at_consumed = MODE_VALUES if values else MODE_STATEMENTS
                continue
            if b != 40:
                # not a tuple: resynchronise after the statement
                bad += 1
                j = _skip_statement(buf, i, n)
                if j < 0:
                    if not final:
                        break
                    j = n
                values = False
                i = j
                consumed = i
                mode_at_consumed = MODE_VALUES if values else MODE_STATEMENTS
                continue
            # one tuple
            j = i + 1
            col = 0
            first = n_cells
            ok = True
            full = False
            tuple_blobs = 0
            while True:
                while j < n and _ws(buf[j]):
                    j += 1
                if j >= n:
                    ok = False
                    break
                b = buf[j]
                blob = False
                if b == 95:  # a charset introducer before a string: _binary '...', _utf8mb4 '...'
                    k = j + 1
                    while k < n and (
                        (48 <= buf[k] <= 57) or (65 <= buf[k] <= 90) or (97 <= buf[k] <= 122) or buf[k] == 95
                    ):
                        k += 1
                    kk = k
                    while kk < n and _ws(buf[kk]):
                        kk += 1
                    if kk >= n:
                        j = n  # the value runs past the chunk: carry the tuple over
                        ok = False
                        break
                    if buf[kk] == 39 or buf[kk] == 34:
                        blob = k - j == 7 and _word_at(buf, j, n, kw_binary)
                        j = kk
                        b = buf[j]
                if b == 39 or b == 34:
                    q = b
                    k = _quoted_end(buf, j + 1, n, q)
                    if k >= n:
                        j = n  # the value runs past the chunk: carry the tuple over
                        ok = False
                        break
                    s = j + 1
                    e = k
                    j = k + 1
                else:
                    k = j
                    depth = 0
                    while k < n and (depth > 0 or (buf[k] != 44 and buf[k] != 41)):
                        if buf[k] == 40:
                            depth += 1
                        elif buf[k] == 41:
                            depth -= 1
                        k += 1
                    if k >= n:
                        j = n  # the value runs past the chunk: carry the tuple over
                        ok = False
                        break
                    s = j
                    e = k
                    while e > s and _ws(buf[e - 1]):
                        e -= 1
                    j = k
                    blob = _is_hex_literal(buf, s, e)
                if n_cells >= cap:
                    full = True
                    ok = False
                    break
                if blob:
                    tuple_blobs += 1  # binary: skipped as a field, counted
                # NULL and bare literals are not cells worth scanning, but numbers are
                elif not (e - s == 4 and _lower(buf[s]) == 110 and _lower(buf[s + 1]) == 117):
                    n_cells = _emit(
                        s, e, col, n_records, stmt, n_cells, cell_start, cell_end, cell_col, cell_record, cell_stmt
                    )
                while j < n and _ws(buf[j]):
                    j += 1
                if j >= n:
                    ok = False
                    break
                if buf[j] == 44:
                    col += 1
                    j += 1
                    continue
                if buf[j] == 41:
                    j += 1
                    break
                ok = False
                break
            if not ok:
                n_cells = first
                if full or (j >= n and not final):
                    break  # output full, or the tuple continues in the next chunk: carry it over
                bad += 1
                values = False
                jj = _skip_statement(buf, i, n)
                i = n if jj < 0 else jj
                consumed = i
                mode_at_consumed = MODE_VALUES if values else MODE_STATEMENTS
                continue
            n_records += 1
            blobs += tuple_blobs
            i = j
            consumed = i
            mode_at_consumed = MODE_VALUES if values else MODE_STATEMENTS
            continue
        i = _skip_ws_comments(buf, i, n)
        if i >= n:
            consumed = n if final else consumed
            mode_at_consumed = MODE_VALUES if values else MODE_STATEMENTS
            break
        insert = _word_at(buf, i, n, kw_insert)
        copy = not insert and _word_at(buf, i, n, kw_copy)
        if insert or copy or _word_at(buf, i, n, kw_replace):
            # INSERT [IGNORE] [INTO] table [(columns)] VALUES ...  |  COPY table [(columns)] FROM stdin;
            j = _skip_ws_comments(buf, i + (4 if copy else 6 if insert else 7), n)
            if not copy and _word_at(buf, j, n, kw_ignore):
                j = _skip_ws_comments(buf, j + 6, n)
            if not copy and _word_at(buf, j, n, kw_into):
                j = _skip_ws_comments(buf, j + 4, n)
            ta, tb, ca, cb, j = _table_and_columns(buf, j, n)
            end = -1
            if copy:
                if _word_at(buf, j, n, kw_from) and _word_at(buf, _skip_ws_comments(buf, j + 4, n), n, kw_stdin):
                    end = _skip_statement(buf, j, n)  # the rows start on the line after the `;`
                    while end >= 0 and end < n and buf[end] != 10:
                        end += 1
                    if end < 0 or end >= n:
                        if not final:
                            break
                        i = n
                        continue
            elif j >= n:
                if not final:
                    break
                i = n
                continue
            elif _word_at(buf, j, n, kw_values) or _lower(buf[j]) == 118:
                end = j + 5
            if end >= 0:
                kind = ST_COPY if copy else ST_INSERT
                stmt, n_st = _statement(buf, kind, ta, tb, ca, cb, n_st, st_kind, st_a, st_b, st_c, st_d)
                if stmt < 0:
                    break  # the statement arrays are full: this statement starts the next chunk
                copying = copy
                values = not copy
                i = end + 1
                continue
        if _word_at(buf, i, n, kw_create):
            if n_st >= scap:
                break  # the statement arrays are full: this statement starts the next chunk
            j = _skip_statement(buf, i, n)
            if j < 0:
                if not final:
                    break
                j = n
            st_kind[n_st] = ST_CREATE
            st_a[n_st] = i
            st_b[n_st] = j
            st_c[n_st] = -1
            st_d[n_st] = -1
            n_st += 1
            i = j
            consumed = i
            mode_at_consumed = MODE_VALUES if values else MODE_STATEMENTS
            continue
        j = _skip_statement(buf, i, n)
        if j < 0:
            if not final:
                break
            j = n
        i = j
        consumed = i
        mode_at_consumed = MODE_VALUES if values else MODE_STATEMENTS
    if final and i >= n:
        consumed = n
        mode_at_consumed = MODE_VALUES if values else MODE_COPY if copying else MODE_STATEMENTS
    return n_cells, n_records, consumed, n_st, bad, mode_at_consumed, blobs


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


class SqlFormat(Format):
    """An SQL dump: the statement in progress between chunks (inside an INSERT's VALUES or a COPY block),
    and the naming of its values (`SqlNaming`)."""

    kinds = ("sql",)
    columns = True

    STATEMENTS = 4096
    """Statements one chunk may name; the kernel stops before the next one (it starts the next chunk)."""

    def __init__(self, info, *, fields, codec) -> None:
        super().__init__(info, fields=fields, codec=codec)
        self.mode = MODE_STATEMENTS  # inside an INSERT's VALUES or a COPY block at the end of the last chunk
        self.naming = SqlNaming()
        self._scratch = Scratch()
        self._statements = tuple(np.empty(self.STATEMENTS, np.int32) for _ in range(5))  # kind, a, b, c, d

    def _split(self, data, size, final) -> Cells:
        cap = cell_capacity(size)
        cs, ce, cr = new_cells(cap)
        cols = self._scratch.take("cols", cap, np.int32)  # column positions, named below into field ids
        stmts = self._scratch.take("stmts", cap, np.int32)
        sk, sa, sb, sc, sd = self._statements
        res = sql_cells(data, size, final, self.mode, cs, ce, cols, cr, stmts, sk, sa, sb, sc, sd)
        n_cells, n_records, consumed, n_st, bad, self.mode, blobs = res
        cf = self.naming.field_ids(data, self.codec, cols, stmts, n_cells, sk[:n_st], sa, sb, sc, sd, self.fields)
        return Cells(n_cells, n_records, consumed, (cs, ce, cf, cr), bad, blobs)
