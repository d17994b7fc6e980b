"""Structure kernel for SQL dumps (mysqldump, pg_dump --inserts): the values of `INSERT` tuples.

A record is one tuple; its field is the column at that position, named by the statement's column list or,
without one, by the table's `CREATE TABLE`.  The kernel reports statements it needs named (their table and
column-list spans, or a whole `CREATE TABLE`) and leaves the naming to Python, once per statement.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.jit import kernel

__all__ = ["sql_cells"]

_KW_INSERT = np.frombuffer(b"insert", np.uint8)
_KW_INTO = np.frombuffer(b"into", np.uint8)
_KW_IGNORE = np.frombuffer(b"ignore", np.uint8)
_KW_VALUES = np.frombuffer(b"values", np.uint8)
_KW_CREATE = np.frombuffer(b"create", np.uint8)
_KW_REPLACE = np.frombuffer(b"replace", np.uint8)

ST_INSERT = 1
ST_CREATE = 2


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
def sql_cells(
    buf, n, final, in_values, cell_start, cell_end, cell_col, cell_record, cell_stmt, st_kind, st_a, st_b, st_c, st_d
):
    """Returns `(n_cells, n_records, consumed, n_statements, bad, in_values_at_consumed)`.

    Statement `k`: `st_kind` INSERT (table span `st_a..st_b`, column list span `st_c..st_d` or -1) or
    CREATE (whole statement `st_a..st_b`).  `cell_stmt` -1 means the INSERT continued from the previous
    chunk (`in_values`).
    """
    kw_insert = _KW_INSERT
    kw_into = _KW_INTO
    kw_ignore = _KW_IGNORE
    kw_values = _KW_VALUES
    kw_create = _KW_CREATE
    kw_replace = _KW_REPLACE
    cap = len(cell_start)
    scap = len(st_kind)
    n_cells = 0
    n_records = 0
    n_st = 0
    bad = 0
    consumed = 0
    stmt = -1
    values = in_values
    values_at_consumed = in_values
    i = 0
    while i < n:
        if values:
            i = _skip_ws_comments(buf, i, n)
            if i >= n:
                break
            b = buf[i]
            if b == 44:
                i += 1
                consumed = i
                values_at_consumed = values
                continue
            if b == 59:
                values = False
                i += 1
                consumed = i
                values_at_consumed = values
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
                values_at_consumed = values
                continue
            # one tuple
            j = i + 1
            col = 0
            first = n_cells
            ok = True
            full = False
            while True:
                while j < n and _ws(buf[j]):
                    j += 1
                if j >= n:
                    ok = False
                    break
                b = buf[j]
                if b == 39 or b == 34:
                    q = b
                    k = j + 1
                    while k < n:
                        if buf[k] == 92:
                            k += 2
                            continue
                        if buf[k] == q:
                            if k + 1 < n and buf[k + 1] == q:
                                k += 2
                                continue
                            break
                        k += 1
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
                if n_cells >= cap:
                    full = True
                    ok = False
                    break
                # NULL and bare literals are not cells worth scanning, but numbers are
                if not (e - s == 4 and _lower(buf[s]) == 110 and _lower(buf[s + 1]) == 117):
                    cell_start[n_cells] = s
                    cell_end[n_cells] = e
                    cell_col[n_cells] = col
                    cell_record[n_cells] = n_records
                    cell_stmt[n_cells] = stmt
                    n_cells += 1
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
                values_at_consumed = values
                continue
            n_records += 1
            i = j
            consumed = i
            values_at_consumed = values
            continue
        i = _skip_ws_comments(buf, i, n)
        if i >= n:
            consumed = n if final else consumed
            values_at_consumed = values
            break
        if (_word_at(buf, i, n, kw_insert) or _word_at(buf, i, n, kw_replace)) and n_st < scap:
            j = i + (6 if _word_at(buf, i, n, kw_insert) else 7)
            j = _skip_ws_comments(buf, j, n)
            if _word_at(buf, j, n, kw_ignore):
                j = _skip_ws_comments(buf, j + 6, n)
            if _word_at(buf, j, n, kw_into):
                j = _skip_ws_comments(buf, j + 4, n)
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
                j += 1
                j = _skip_ws_comments(buf, j, n)
            if j >= n:
                if not final:
                    break
                i = n
                continue
            if _word_at(buf, j, n, kw_values) or (j < n and _lower(buf[j]) == 118):
                j += 6
                st_kind[n_st] = ST_INSERT
                st_a[n_st] = ta
                st_b[n_st] = tb
                st_c[n_st] = ca
                st_d[n_st] = cb
                stmt = n_st
                n_st += 1
                values = True
                i = j
                continue
        if _word_at(buf, i, n, kw_create) and n_st < scap:
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
            values_at_consumed = values
            continue
        j = _skip_statement(buf, i, n)
        if j < 0:
            if not final:
                break
            j = n
        i = j
        consumed = i
        values_at_consumed = values
    if final and i >= n:
        consumed = n
        values_at_consumed = values
    return n_cells, n_records, consumed, n_st, bad, values_at_consumed
