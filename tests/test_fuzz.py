"""Property tests of the library path: arbitrary bytes never crash a scan, and chunking never changes findings.

1. Whatever the bytes and whatever format or encoding is forced, `Scanner.scan` either completes or raises
   a `PiiscanError` (which the CLI turns into a documented exit code); anything else is a bug that would
   surface as "internal error" on a criminal's dump.  Forced encodings matter: with `encoding="auto"`
   most random bytes are refused as binary before any kernel sees them.
2. Findings do not depend on where chunks end.  A chunk ends where the structure kernel says its last
   complete record ends, and a record straddling chunks is carried over; with chunk sizes of a few bytes
   (the library has no floor, the CLI floors `--chunk-size` at 64 KiB) every record straddles, so any
   carry-over, offset-mapping (UTF-16) or field-attribution slip changes a finding.

Hypothesis runs derandomized and without an example database, so a run is reproducible and leaves nothing
behind.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from stdnum import iban as std_iban
from stdnum.fr import nir as std_nir

from piiscan.errors import PiiscanError
from piiscan.output.report import build_report
from piiscan.scanner import Scanner, ScanOptions

REFERENCE_DATE = dt.date(2024, 6, 1)
KEY = b"0" * 32
FORMATS = ["auto", "csv", "jsonl", "json", "sql", "text"]

FUZZ_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --------------------------------------------------------------------------------------------------
# 1. arbitrary bytes

# Pieces of every supported syntax, so that random sequences reach the structure kernels' odd states
# (quotes opened and never closed, escapes at the end, nested brackets, INSERT tuples, BOMs, MRZ fillers).
TOKENS = [
    b'"',
    b"'",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b":",
    b",",
    b";",
    b"|",
    b"\t",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xa9",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"INSERT INTO t VALUES ",
    b"CREATE TABLE t (nom text, email text);",
    b"nom",
    b"passeport",
    b"nir",
    b'{"nom": ',
    b'"email": "',
    b"null",
    b"1e999",
    b"-0",
    b"\\u00e9",
    b"\\ud800",
    b"P<FRA",
    b"<<<<<<",
    b"185057800604830",
    b"2A",
    b"@",
    b"exemple.fr",
    b"FR76",
    b" ",
    b"M. ",
    b"n\xc3\xa9 le ",
    b"01/02/1985",
]
fuzz_bytes = st.one_of(
    st.binary(max_size=2048),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=4)), max_size=300).map(b"".join),
)


KNOWN_BUGS: tuple = ()


def scan_bytes(path: Path, data: bytes, options: ScanOptions) -> None:
    """Scan `data` all the way: findings to Arrow (previews, fingerprints) and the report built."""
    path.write_bytes(data)
    scanner = Scanner(options)
    for batch in scanner.scan([str(path)]):
        batch.to_arrow()
    build_report(scanner.partial, elapsed=1.0, workers=scanner.workers)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ_SETTINGS
@given(data=fuzz_bytes, encoding=st.sampled_from(["auto", "auto", "utf-8", "latin-1", "utf-16", "utf-32", "cp500"]))
def test_arbitrary_bytes_raise_nothing_but_piiscan_errors(tmp_path: Path, fmt: str, data: bytes, encoding: str) -> None:
    options = ScanOptions(format=fmt, encoding=encoding, reference_date=REFERENCE_DATE, workers=2)
    try:
        scan_bytes(tmp_path / "fuzz.bin", data, options)
    except PiiscanError:
        pass
    except Exception as exc:
        if any(known(exc) for known in KNOWN_BUGS):
            return
        raise


# --------------------------------------------------------------------------------------------------
# 2. chunk-size invariance


def _nir(body: str) -> str:
    """A NIR with its key: 97 - (N mod 97), Corsica's 2A/2B counting as 19/18."""
    number = int(body.replace("2A", "19").replace("2B", "18"))
    value = body + f"{97 - number % 97:02d}"
    assert std_nir.is_valid(value)
    return value


def _iban_fr(bank: str, branch: str, account: str) -> str:
    rib = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{rib:02d}"
    check = 98 - int("".join(str(int(c, 36)) for c in bban + "FR00")) % 97
    value = f"FR{check:02d}{bban}"
    assert std_iban.is_valid(value)
    return value


def _spaced(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


_NIRS = [_nir("1850578006048"), _nir("2921275123456"), _nir("169022A001002")]
POOL: dict[str, list[str]] = {
    "nom": ["Dupont", "Hélène", "Ünal", "Zoë", "François", "N'Diaye"],
    "nir": [
        *_NIRS,
        " ".join(
            [_NIRS[1][0], _NIRS[1][1:3], _NIRS[1][3:5], _NIRS[1][5:7], _NIRS[1][7:10], _NIRS[1][10:13], _NIRS[1][13:]]
        ),
    ],
    "iban": [_iban_fr("30006", "00001", "12345678901"), _spaced(_iban_fr("20041", "01005", "05002000000"))],
    "email": ["jean.dupont@exemple.fr", "h.martin@orange.fr", "x_y@sub.exemple.com"],
    "passeport": ["12AB34567", "98ZZ00001"],
    "telephone": ["06 12 34 56 78", "+33 1 23 45 67 89", "01.23.45.67.89"],
}
FIELDS = list(POOL)

record = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in POOL.items()})
# Dense in 2- and 3-byte UTF-8 characters (all in cp1252): a character transcoded from UTF-16 can then land
# at the very end of a chunk buffer, where the room left is smaller than its UTF-8 form.
filler = st.text(alphabet="abcdé èàçüœ€-", max_size=24)


def _sql_value(value: str, i: int) -> str:
    """A quoted SQL string, its quotes doubled (standard SQL) or backslash-escaped (mysqldump) by turns."""
    return "'" + value.replace("'", "''" if i % 2 else "\\'") + "'"


def _document(kind: str, records: list[dict[str, str]], fillers: list[str]) -> str:
    """A CSV, JSONL, SQL or free-text document holding the records; `fillers` shift every offset around."""
    pad = [fillers[i % len(fillers)] for i in range(len(records))] if fillers else [""] * len(records)
    if kind == "csv":
        head = ";".join([*FIELDS, "note"]) + "\n"
        return head + "".join(
            ";".join([*(f'"{r[k]}"' if i % 2 else r[k] for i, k in enumerate(FIELDS)), p]) + "\n"
            for r, p in zip(records, pad, strict=True)
        )
    if kind == "jsonl":
        return "".join(
            json.dumps(
                {
                    "nom": r["nom"],
                    "ids": {"nir": r["nir"], "passeport": r["passeport"]},
                    "contact": {"email": r["email"], "telephone": r["telephone"]},
                    "iban": r["iban"],
                    "note": p,
                },
                ensure_ascii=i % 2 == 0,
            )
            + "\n"
            for i, (r, p) in enumerate(zip(records, pad, strict=True))
        )
    if kind == "sql":
        # one-row INSERTs (pg_dump --inserts), a multi-row INSERT, then a COPY block: every SQL form
        cols = ", ".join([*FIELDS, "note"])
        rows = [[*(r[k] for k in FIELDS), p] for r, p in zip(records, pad, strict=True)]
        third = len(rows) // 3
        inserts = "".join(
            f"INSERT INTO clients ({cols}) VALUES ({', '.join(_sql_value(v, i) for v in row)});\n"
            for i, row in enumerate(rows[:third])
        )
        tuples = ",\n".join(
            "(" + ", ".join(_sql_value(v, i) for v in row) + ")" for i, row in enumerate(rows[third : 2 * third])
        )
        multi = f"INSERT INTO clients ({cols}) VALUES {tuples};\n" if tuples else ""
        copy = "".join("\t".join(row) + "\n" for row in rows[2 * third :])
        return f"{inserts}{multi}COPY public.clients ({cols}) FROM stdin;\n{copy}\\.\n"
    return "".join(
        f"{p} M. {r['nom']} NIR {r['nir']} passeport {r['passeport']} tél {r['telephone']} "
        f"courriel {r['email']} IBAN {r['iban']}\n"
        for r, p in zip(records, pad, strict=True)
    )


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(encoding, errors="replace")


Finding = tuple[str, int, int, int, str | None, str]  # entity, offset, length, record, field, fingerprint


def _findings(path: Path, kind: str, chunk_size: int, workers: int) -> tuple[list[Finding], int, int]:
    scanner = Scanner(
        ScanOptions(format=kind, chunk_size=chunk_size, key=KEY, reference_date=REFERENCE_DATE, workers=workers)
    )
    out: list[Finding] = []
    for batch in scanner.scan([str(path)]):
        out += [
            (r["entity"], r["offset"], r["length"], r["record"], r["field"], r["fingerprint"])
            for r in batch.to_arrow().to_pylist()
        ]
    [stats] = scanner.partial.inputs
    return out, stats.records, stats.bad_records


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["csv", "jsonl", "text", "sql"]),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
    records=st.lists(record, min_size=1, max_size=20),
    fillers=st.lists(filler, max_size=5),
    chunk_sizes=st.lists(st.integers(min_value=1, max_value=700), min_size=2, max_size=3, unique=True),
    workers=st.sampled_from([1, 2]),
)
def test_findings_do_not_depend_on_chunk_size(
    tmp_path: Path,
    kind: str,
    encoding: str,
    records: list[dict[str, str]],
    fillers: list[str],
    chunk_sizes: list[int],
    workers: int,
) -> None:
    path = tmp_path / f"doc.{kind}"
    path.write_bytes(_encode(_document(kind, records, fillers), encoding))
    expected, n_records, n_bad = _findings(path, kind, 1 << 20, 1)
    assert expected, "the pool's values must be detected, or the comparison proves nothing"
    assert (n_records, n_bad) == (len(records), 0)
    for chunk_size in chunk_sizes:
        note(f"chunk_size={chunk_size}")
        got, got_records, got_bad = _findings(path, kind, chunk_size, workers)
        assert got == expected
        assert (got_records, got_bad) == (n_records, n_bad)
