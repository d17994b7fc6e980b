"""SQL dumps in the forms a leak arrives in: pg_dump's default COPY blocks beside INSERTs, a mysqldump with a
binary blob column, `sqlite3 .dump`.  Planted people are recovered (>= 98 % per entity, nothing invented)
at exact offsets; blobs are skipped as fields and counted, never making the whole file "binary"."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from planted import assert_recovered, scan_findings, scan_keys

from piiscan.cli import main
from piiscan.formats.sql import MODE_COPY, sql_cells
from synth.planted import COLUMNS, planted_rows

N = 300
HEADERS = [h for h, _ in COLUMNS]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return planted_rows(N, seed=23)


def _copy_escape(value: str) -> str:
    """PostgreSQL COPY text format: backslash, tab, newline and carriage return escaped."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def pg_dump(rows, *, with_bytea: bool = True) -> str:
    """What `pg_dump` writes by default: a header, SET lines, CREATE TABLE, then a COPY block per table."""
    rng = random.Random(5)
    cols = ["id", *HEADERS, "note", "photo"] if with_bytea else ["id", *HEADERS, "note"]
    out = [
        "--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n",
        "SELECT pg_catalog.set_config('search_path', '', false);\n\n",
        "CREATE TABLE public.clients (\n    id integer NOT NULL,\n"
        + "".join(f"    {h} text,\n" for h in HEADERS)
        + "    note text"
        + (",\n    photo bytea\n);\n\n" if with_bytea else "\n);\n\n"),
        f"COPY public.clients ({', '.join(cols)}) FROM stdin;\n",
    ]
    for k, r in enumerate(rows):
        note = "\\N" if k % 3 == 0 else _copy_escape(f"rappel\tle {k % 28 + 1}\nsuite")
        cells = [str(k + 1), *(_copy_escape(r[h]) for h in HEADERS), note]
        if with_bytea:
            cells.append("\\\\x" + rng.randbytes(40).hex())
        out.append("\t".join(cells) + "\n")
    out.append("\\.\n\n\n--\n-- PostgreSQL database dump complete\n--\n\n")
    return "".join(out)


def _mysql_blob(raw: bytes) -> bytes:
    """mysqldump's escaping of a binary string: NUL, quote, backslash, newline, CR and ^Z."""
    table = {0: b"\\0", 39: b"\\'", 92: b"\\\\", 10: b"\\n", 13: b"\\r", 26: b"\\Z", 34: b'\\"'}
    return b"".join(table.get(b, bytes([b])) for b in raw)


def mysql_dump(rows) -> bytes:
    rng = random.Random(9)
    out = [
        b"-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\nDROP TABLE IF EXISTS `clients`;\n",
        b"CREATE TABLE `clients` (\n  `id` int NOT NULL,\n"
        + b"".join(f"  `{h}` varchar(255),\n".encode() for h in HEADERS)
        + b"  `avatar` blob\n) ENGINE=InnoDB;\n",
        b"LOCK TABLES `clients` WRITE;\n",
    ]
    for start in range(0, len(rows), 50):
        tuples = []
        for k, r in enumerate(rows[start : start + 50], start):
            vals = [str(k + 1).encode()]
            vals += [b"'" + r[h].replace("'", "\\'").encode() + b"'" for h in HEADERS]
            vals.append(b"_binary '" + _mysql_blob(rng.randbytes(300)) + b"'")
            tuples.append(b"(" + b",".join(vals) + b")")
        out.append(b"INSERT INTO `clients` VALUES " + b",".join(tuples) + b";\n")
    out.append(b"UNLOCK TABLES;\n")
    return b"".join(out)


def _assert_offsets_exact(path: Path, findings: list[dict]) -> None:
    raw = path.read_bytes()
    assert findings
    for f in findings:
        assert raw[f["offset"] : f["offset"] + f["length"]].decode("utf-8") == f["value"]


def _report(path: Path, tmp: Path) -> tuple[int, dict]:
    out = tmp / "report.json"
    code = main(["scan", str(path), "--quiet", "--workers", "1", "--report", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_pg_dump_copy_blocks_are_read(tmp_path: Path, rows) -> None:
    path = tmp_path / "clients.sql"
    path.write_text(pg_dump(rows), encoding="utf-8")
    code, findings = scan_findings(path, tmp_path)
    assert code == 0
    assert_recovered(rows, findings)
    _assert_offsets_exact(path, findings)
    assert {f["field"] for f in findings if f["entity"] == "FR_NIR"} == {"nir"}  # named from the COPY line
    _code, report = _report(path, tmp_path)
    (inp,) = report["coverage"]["inputs"]
    assert (inp["format"], inp["records"], inp["bad_records"], inp["binary_values_skipped"]) == ("sql", N, 0, N)
    assert report["coverage"]["complete"]


def test_pg_dump_data_only_without_create_table(tmp_path: Path, rows) -> None:
    text = pg_dump(rows[:50], with_bytea=False)
    path = tmp_path / "data_only.sql"
    path.write_text(text[text.index("SET statement") : text.index("CREATE TABLE")] + text[text.index("COPY") :])
    code, findings = scan_findings(path, tmp_path)
    assert code == 0
    assert_recovered(rows[:50], findings)


def test_copy_and_insert_in_one_dump_and_chunk_invariance(tmp_path: Path, rows) -> None:
    """COPY blocks beside INSERT statements (pg_dump --inserts of another table), cut at every chunk size."""
    inserts = "".join(
        f"INSERT INTO public.contacts (nom, email) VALUES ('{r['nom'].replace(chr(39), chr(39) * 2)}', "
        f"'{r['email']}');\n"
        for r in rows[:100]
    )
    path = tmp_path / "mixed.sql"
    path.write_text(pg_dump(rows) + inserts, encoding="utf-8")
    whole = scan_keys(path, chunk_size=8 << 20)
    assert len(whole) > N
    for size in (4096, 7777):
        assert scan_keys(path, chunk_size=size) == whole


def test_copy_kernel_nulls_escapes_and_end_marker() -> None:
    data = b"1\tDupont\t\\N\ta\\tb\n2\t\\N\tx@y.fr\t\\\\x00ff\n\\.\nSELECT 1;\n"
    buf = np.frombuffer(data, np.uint8)
    cells = [np.empty(64, np.int32) for _ in range(5)]
    stm = [np.empty(8, np.int32) for _ in range(5)]
    n, nrec, consumed, _nst, bad, mode, blobs = sql_cells(buf, len(buf), True, MODE_COPY, *cells, *stm)
    assert (nrec, bad, mode, consumed, blobs) == (2, 0, 0, len(data), 1)
    got = [(int(cells[3][k]), int(cells[2][k]), data[cells[0][k] : cells[1][k]]) for k in range(n)]
    assert got == [(0, 0, b"1"), (0, 1, b"Dupont"), (0, 3, b"a\\tb"), (1, 0, b"2"), (1, 2, b"x@y.fr")]
    # not final, cut in a row: the row is carried over and the block goes on in the next chunk
    cut = data.index(b"x@y")
    n, nrec, consumed, _nst, _bad, mode, _blobs = sql_cells(buf, cut, False, MODE_COPY, *cells, *stm)
    assert (nrec, mode, consumed) == (1, MODE_COPY, data.index(b"2\t"))


def test_mysql_dump_with_a_blob_column_is_read_not_called_binary(tmp_path: Path, rows) -> None:
    path = tmp_path / "mysql.sql"
    path.write_bytes(mysql_dump(rows))
    code, findings = scan_findings(path, tmp_path)
    assert code == 0
    assert_recovered(rows, findings)
    _assert_offsets_exact(path, findings)
    _code, report = _report(path, tmp_path)
    (inp,) = report["inputs"]
    assert (inp["format"], inp["encoding"], inp["records"], inp["bad_records"]) == ("sql", "utf-8", N, 0)
    assert report["coverage"]["inputs"][0]["binary_values_skipped"] == N


def test_hex_blob_literals_are_skipped_and_counted(tmp_path: Path, rows) -> None:
    """`sqlite3 .dump` writes a BLOB as X'89504e47...' and `mysqldump --hex-blob` as 0x89504e47...: both are
    binary values (counted, not scanned for digit runs), the rest of the row is read."""
    import sqlite3

    rng = random.Random(3)
    con = sqlite3.connect(":memory:")
    con.execute(f"CREATE TABLE clients ({', '.join(h + ' TEXT' for h in HEADERS)}, photo BLOB)")
    con.executemany(
        f"INSERT INTO clients VALUES ({', '.join('?' * (len(HEADERS) + 1))})",
        [(*(r[h] for h in HEADERS), rng.randbytes(64)) for r in rows[:100]],
    )
    lite = tmp_path / "lite.sql"
    lite.write_text("PRAGMA foreign_keys=OFF;\n" + "\n".join(con.iterdump()) + "\n", encoding="utf-8")
    assert "X'" in lite.read_text()
    hexed = tmp_path / "hexblob.sql"
    hexed.write_text(
        "".join(
            "INSERT INTO `clients` ("
            + ", ".join(f"`{h}`" for h in HEADERS)
            + ", `photo`) VALUES ("
            + ",".join("'" + r[h].replace("'", "\\'") + "'" for h in HEADERS)
            + f",0x{rng.randbytes(64).hex()});\n"
            for r in rows[:100]
        ),
        encoding="utf-8",
    )
    for path in (lite, hexed):
        code, findings = scan_findings(path, tmp_path)
        assert code == 0
        assert_recovered(rows[:100], findings)
        _code, report = _report(path, tmp_path)
        assert report["coverage"]["inputs"][0]["binary_values_skipped"] == 100


def test_one_row_inserts_are_one_statement_and_none_is_skipped(tmp_path: Path, rows) -> None:
    """`pg_dump --inserts` writes one INSERT per row: far more statements in a chunk than the kernel's
    statement arrays hold.  Repeated headers share one statement, and a full array stops the chunk before the
    next statement instead of skipping it (it once dropped every INSERT past the 4,096th of a chunk)."""
    cols = ", ".join(HEADERS)
    lines = []
    for k in range(6000):
        r = rows[k % N]
        vals = ", ".join("'" + r[h].replace("'", "''") + "'" for h in HEADERS)
        lines.append(f"INSERT INTO public.clients ({cols}) VALUES ({vals});\n")
        if k % 1000 == 999:
            lines.append(f"INSERT INTO public.other (note) VALUES ('dossier {k}');\n")
    path = tmp_path / "inserts.sql"
    path.write_text("".join(lines), encoding="utf-8")
    _code, report = _report(path, tmp_path)
    (inp,) = report["coverage"]["inputs"]
    assert (inp["records"], inp["bad_records"]) == (6006, 0)
    code, findings = scan_findings(path, tmp_path)
    assert code == 0
    assert_recovered(rows, findings)
    assert {f["field"] for f in findings if f["entity"] == "FR_NIR"} == {"nir"}
    assert max(f["record"] for f in findings) > 6000


def test_sql_kernel_stops_before_a_statement_it_cannot_record() -> None:
    """Statement arrays of two: alternating tables need a new statement each; the kernel stops before the
    third one (consumed there, in statement mode) and the next call goes on from it."""
    data = (
        b"INSERT INTO a VALUES (1);\nINSERT INTO a VALUES (2);\nINSERT INTO b VALUES (3);\nINSERT INTO a VALUES (4);\n"
    )
    buf = np.frombuffer(data, np.uint8)
    cells = [np.empty(16, np.int32) for _ in range(5)]
    stm = [np.empty(2, np.int32) for _ in range(5)]
    n, nrec, consumed, nst, bad, mode, _blobs = sql_cells(buf, len(buf), True, 0, *cells, *stm)
    assert (n, nrec, nst, bad, mode) == (3, 3, 2, 0, 0)
    assert data[consumed:].lstrip() == b"INSERT INTO a VALUES (4);\n"
    assert [int(k) for k in cells[4][:n]] == [0, 0, 1]  # the repeated header took the first statement's number
    rest = buf[consumed:]
    n, nrec, consumed, nst, bad, mode, _blobs = sql_cells(rest, len(rest), True, 0, *cells, *stm)
    assert (n, nrec, nst, bad, consumed) == (1, 1, 1, 0, len(rest))
