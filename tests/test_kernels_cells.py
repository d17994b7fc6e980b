"""Structure kernels against plain-Python references (csv module, json module), and chunk invariance."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.formats.csv import csv_cells
from piiscan.formats.json import json_cells
from piiscan.formats.sql import sql_cells
from piiscan.formats.text import text_cells
from piiscan.kernels.cells import alloc_cells, count_filled, remap_fields
from piiscan.source.chunker import ChunkReader

CELL_TEXT = st.text(alphabet=st.sampled_from(list('ab;"\n\r é,x1')), max_size=12)
TABLES = st.lists(st.lists(CELL_TEXT, min_size=2, max_size=4), min_size=1, max_size=8)


def _kernel_rows(data: bytes, delim: str = ";") -> list[list[str]]:
    buf = np.frombuffer(data, np.uint8)
    cs, ce, cf, cr = alloc_cells(len(data) + 16)
    n, _nrec, consumed, _flags = csv_cells(buf, len(buf), ord(delim), 34, True, cs, ce, cf, cr)
    assert consumed == len(data)
    rows: dict[int, list[str]] = {}
    for k in range(n):
        text = data[cs[k] : ce[k]].decode("utf-8")
        quoted = cs[k] > 0 and data[cs[k] - 1 : cs[k]] == b'"'
        rows.setdefault(int(cr[k]), []).append(text.replace('""', '"') if quoted else text)
    return [rows[r] for r in sorted(rows)]


@settings(max_examples=200, deadline=None)
@given(TABLES)
def test_csv_kernel_matches_the_csv_module(table):
    table = [row for row in table if any(cell != "" for cell in row) or len(row) > 1]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(table)
    data = out.getvalue().encode("utf-8")
    expected = [r for r in csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=";") if r]
    assert _kernel_rows(data) == expected


def _cells_by_chunks(data: bytes, chunk_size: int) -> list[tuple[int, int, int]]:
    reader = ChunkReader(io.BytesIO(data), chunk_size=chunk_size, max_record=1 << 20)
    out = []
    records = 0
    while True:
        chunk = reader.fill()
        if chunk.size == 0:
            break
        cs, ce, cf, cr = alloc_cells(chunk.size + 16)
        n, nrec, consumed, _ = csv_cells(chunk.data, chunk.size, 59, 34, chunk.final, cs, ce, cf, cr)
        if consumed == 0 and not chunk.final:
            reader.consume(0)
            continue
        out += [(chunk.base + int(cs[k]), chunk.base + int(ce[k]), records + int(cr[k])) for k in range(n)]
        records += nrec
        reader.consume(consumed)
        if chunk.final and reader.exhausted:
            break
    return out


@settings(max_examples=100, deadline=None)
@given(TABLES, st.integers(min_value=1, max_value=64))
def test_chunk_size_never_changes_cells(table, chunk_size):
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(table)
    data = out.getvalue().encode("utf-8")
    assert _cells_by_chunks(data, chunk_size) == _cells_by_chunks(data, 1 << 16)


@given(
    st.lists(st.integers(0, 9), max_size=40),
    st.integers(0, 40),
    st.lists(st.integers(-1, 99), min_size=10, max_size=10),
)
def test_remap_fields_is_fancy_indexing_in_place(columns: list[int], n: int, ids: list[int]) -> None:
    cf = np.array(columns, np.int32)
    n = min(n, len(cf))
    expected = cf.copy()
    expected[:n] = np.array(ids, np.int32)[cf[:n]]
    remap_fields(cf, n, np.array(ids, np.int32))
    assert cf.tolist() == expected.tolist()


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(-1, 6)), max_size=40), st.integers(0, 40))
def test_count_filled_counts_non_empty_cells_per_field(cells: list[tuple[int, int, int]], n: int) -> None:
    cs = np.array([a for a, _, _ in cells], np.int32)
    ce = np.array([a + w for a, w, _ in cells], np.int32)
    cf = np.array([f for _, _, f in cells], np.int32)
    n = min(n, len(cells))
    counts = np.zeros(6, np.int64)  # field 6 is beyond the counts: ignored, as a field of no name would be
    count_filled(cs, ce, cf, n, counts)
    expected = [sum(1 for a, w, f in cells[:n] if f == fid and w > 0) for fid in range(6)]
    assert counts.tolist() == expected


def test_text_cells_are_lines():
    data = b"one\r\ntwo\n\nthree"
    buf = np.frombuffer(data, np.uint8)
    cs, ce, cf, cr = alloc_cells(16)
    n, _, consumed, _ = text_cells(buf, len(buf), False, cs, ce, cf, cr)
    assert [data[cs[k] : ce[k]] for k in range(n)] == [b"one", b"two", b""]
    assert consumed == len(b"one\r\ntwo\n\n")
    n, _, consumed, _ = text_cells(buf, len(buf), True, cs, ce, cf, cr)
    assert data[cs[n - 1] : ce[n - 1]] == b"three" and consumed == len(data)


def _json_values(obj, path=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _json_values(v, f"{path}.{k}" if path else k)
    elif isinstance(obj, list):
        for v in obj:
            yield from _json_values(v, path)
    elif isinstance(obj, str) or (isinstance(obj, (int, float)) and not isinstance(obj, bool)):
        yield path, obj


JSON_VALUES = st.recursive(
    st.one_of(st.text(alphabet='abé"\\ x1', max_size=6), st.integers(-1000, 1000), st.booleans(), st.none()),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(alphabet="ab_k", min_size=1, max_size=3), children, max_size=3),
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.text(alphabet="abk", min_size=1, max_size=3), JSON_VALUES, max_size=4),
        min_size=1,
        max_size=5,
    )
)
def test_json_kernel_matches_the_json_module(records):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    buf = np.frombuffer(data, np.uint8)
    cap = 4096
    cs, ce, cr = np.empty(cap, np.int32), np.empty(cap, np.int32), np.empty(cap, np.int32)
    cp = np.empty(cap, np.uint64)
    nh, npar = np.empty(cap, np.uint64), np.empty(cap, np.uint64)
    nks, nke = np.empty(cap, np.int32), np.empty(cap, np.int32)
    n, nrec, consumed, nn, bad, _, _ = json_cells(
        buf, len(buf), True, 0, 0, np.zeros(0, np.uint64), cs, ce, cp, cr, nh, npar, nks, nke
    )
    assert bad == 0 and nrec == len(records) and consumed == len(data)
    names = {0: ""}
    for k in range(nn):
        parent = names[int(npar[k])]
        key = json.loads('"' + data[nks[k] : nke[k]].decode() + '"')
        names[int(nh[k])] = f"{parent}.{key}" if parent else key
    got = []
    for k in range(n):
        raw = data[cs[k] : ce[k]].decode()
        quoted = data[cs[k] - 1 : cs[k]] == b'"'
        got.append((int(cr[k]), names[int(cp[k])], json.loads(f'"{raw}"') if quoted else json.loads(raw)))
    expected = [(i, p, v) for i, r in enumerate(records) for p, v in _json_values(r)]
    assert got == expected


def test_json_kernel_skips_a_broken_line_and_counts_it():
    data = b'{"a": "x"}\n{"a": "y", oops}\n{"a": "z"}\n'
    buf = np.frombuffer(data, np.uint8)
    cap = 64
    arrays = [
        np.empty(cap, t) for t in (np.int32, np.int32, np.uint64, np.int32, np.uint64, np.uint64, np.int32, np.int32)
    ]
    n, nrec, _consumed, _nn, bad, _, _ = json_cells(buf, len(buf), True, 0, 0, np.zeros(0, np.uint64), *arrays)
    assert bad == 1 and nrec == 2
    assert [data[arrays[0][k] : arrays[1][k]] for k in range(n)] == [b"x", b"z"]


def test_sql_kernel_reads_tuples_and_statements():
    data = (
        b"CREATE TABLE `t` (`id` int, `nom` text);\n"
        b"INSERT INTO `t` VALUES (1,'A\\'B'),(2,NULL);\nINSERT INTO t (nom) VALUES ('C');\n"
    )
    buf = np.frombuffer(data, np.uint8)
    cap = 64
    cells = [np.empty(cap, np.int32) for _ in range(5)]
    stm = [np.empty(cap, np.int32) for _ in range(5)]
    n, nrec, consumed, nst, bad, mode, blobs = sql_cells(buf, len(buf), True, 0, *cells, *stm)
    assert (nrec, bad, mode, consumed, blobs) == (3, 0, 0, len(data), 0)
    assert [data[cells[0][k] : cells[1][k]] for k in range(n)] == [b"1", b"A\\'B", b"2", b"C"]
    assert [int(cells[2][k]) for k in range(n)] == [0, 1, 0, 0]
    assert nst == 3
