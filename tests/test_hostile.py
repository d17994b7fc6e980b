"""Hostile inputs through the real command line: never crash, never leak, never lose a byte silently.

Dumps come from criminals: truncated on purpose or by a failed download, packed as bombs, full of binary
junk, badly encoded.  Each case here is generated in `tmp_path` (nothing large is committed) and run
through `python -m piiscan.cli scan` in a child process, and each asserts

* the exact documented exit code (`piiscan.errors`, `piiscan.output.outcome`): 0 completed, 2 usage, 3 completed
  with skipped parts or bad records, 4 nothing readable, 5 undecodable input, 6 a safety limit hit,
  7 an output not writable;
* no traceback and at most a few lines on stderr;
* that what was not scanned is counted in the JSON report (`skipped.by_reason`, bytes when known,
  `inputs[].bad_records`), and that what could be scanned was (findings counted).

Memory is measured as the child's own peak RSS.  Cases marked `xfail(strict=True)` are known bugs in
modules this test file does not own; each names the bug, and turns into a failure once it is fixed so the
marker gets removed.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import threading
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
import zstandard
from clirunner import CliResult, assert_clean, run_cli

from piiscan import errors
from piiscan.errors import (
    EXIT_DATA_ERROR,
    EXIT_LIMIT,
    EXIT_NO_INPUT,
    EXIT_OK,
    EXIT_OUTPUT_ERROR,
    EXIT_PARTIAL,
    EXIT_USAGE,
)

pytestmark = pytest.mark.usefixtures("warm_cli")

MiB = 1 << 20
HEADER = b"nom;prenom;email\n"


# --------------------------------------------------------------------------------------------------
# helpers


def rows(n: int, *, start: int = 0, first: bytes = b"Jean") -> list[bytes]:
    """CSV rows under `HEADER`, each with one distinct e-mail, so findings can be counted exactly."""
    return [b"Dupont;" + first + f";personne{i}@exemple.fr\n".encode() for i in range(start, start + n)]


def emails(report: dict[str, Any]) -> int:
    """E-mail findings in a report: the tests plant exactly one per record."""
    return int(report["entities"].get("EMAIL_ADDRESS", {}).get("findings", 0))


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def scan(tmp_path: Path, *args: str | os.PathLike[str], timeout: float = 120.0) -> CliResult:
    """One CLI run with its outputs in `tmp_path/out`, checked for tracebacks and stderr noise."""
    result = run_cli(args, outdir=tmp_path / "out", timeout=timeout)
    assert_clean(result)
    return result


# --------------------------------------------------------------------------------------------------
# the contract itself


def test_exit_codes_are_the_documented_ones() -> None:
    """The numbers are an interface (scripts and SECURITY.md rely on them): changing one is a decision."""
    documented = {
        "EXIT_OK": 0,
        "EXIT_USAGE": 2,
        "EXIT_PARTIAL": 3,
        "EXIT_NO_INPUT": 4,
        "EXIT_DATA_ERROR": 5,
        "EXIT_LIMIT": 6,
        "EXIT_OUTPUT_ERROR": 7,
        "EXIT_INTERNAL": 70,
        "EXIT_INTERRUPTED": 130,
    }
    assert {name: getattr(errors, name) for name in documented} == documented


# --------------------------------------------------------------------------------------------------
# junk and damaged compression


def test_random_bytes_are_refused_as_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "junk.csv", random.Random(1234).randbytes(64 * 1024))
    result = scan(tmp_path, path)
    assert result.code == EXIT_NO_INPUT
    assert result.skipped == {"binary": 1}
    assert result.report["inputs"][0]["format"] == "binary"


def test_random_bytes_forced_as_text_are_scanned(tmp_path: Path) -> None:
    """`--encoding` bypasses the binary check: the kernels then see raw junk and must survive it."""
    path = write(tmp_path / "in" / "junk.txt", random.Random(4321).randbytes(256 * 1024))
    result = scan(tmp_path, path, "--format", "text", "--encoding", "latin-1")
    assert result.code == EXIT_OK
    [inp] = result.report["inputs"]
    assert (inp["format"], inp["bytes"]) == ("text", 256 * 1024)


def _truncated(kind: str, data: bytes) -> bytes:
    packed = gzip.compress(data) if kind == "gzip" else zstandard.ZstdCompressor().compress(data)
    return packed[: len(packed) * 6 // 10]


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_truncated_stream_is_a_data_error(tmp_path: Path, kind: str) -> None:
    data = HEADER + b"".join(rows(2000))
    suffix = {"gzip": "gz", "zstd": "zst"}[kind]
    path = write(tmp_path / "in" / f"dump.csv.{suffix}", _truncated(kind, data))
    result = scan(tmp_path, path)
    assert result.code == EXIT_DATA_ERROR
    assert result.skipped == {"corrupt": 1}
    [item] = result.report["skipped"]["items"]
    assert f"truncated {kind} stream after" in item["detail"]


def test_truncated_gzip_readable_part_is_scanned(tmp_path: Path) -> None:
    """decompress.py delivers every byte decoded before the damage; the scan must use them."""
    data = HEADER + b"".join(rows(2000))
    cut = _truncated("gzip", data)
    readable = zlib.decompressobj(wbits=31).decompress(cut)
    path = write(tmp_path / "in" / "dump.csv.gz", cut)
    result = scan(tmp_path, path)
    assert result.code == EXIT_DATA_ERROR
    assert emails(result.report) >= readable.count(b"\n") - 1
    assert result.report["inputs"][0]["bytes"] == len(readable)


def test_truncated_zip_is_a_data_error(tmp_path: Path) -> None:
    """A zip cut before its central directory cannot be listed: 5 (undecodable archive), not 4."""
    archive = zip_bytes({"a.csv": HEADER + b"".join(rows(500)), "b.csv": HEADER + b"".join(rows(500))})
    path = write(tmp_path / "in" / "dump.zip", archive[: len(archive) * 6 // 10])
    result = scan(tmp_path, path)
    assert result.code == EXIT_DATA_ERROR
    assert result.skipped == {"corrupt-archive": 1}
    assert result.report["skipped"]["items"][0]["bytes"] == path.stat().st_size


# --------------------------------------------------------------------------------------------------
# archives: names, nesting, bombs


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_zip_member_names_cannot_escape(tmp_path: Path) -> None:
    """Members named `../x`, `/abs/x`, `C:/x` are streamed, never extracted: scanned under their name as is."""
    names = ["../../evil.csv", f"{tmp_path}/abs-evil.csv", "a/../../evil2.csv", "..\\..\\win-evil.csv", "C:/evil3.csv"]
    body = HEADER + b"".join(rows(3))
    path = write(tmp_path / "in" / "traversal.zip", zip_bytes(dict.fromkeys(names, body)))
    cwd = tmp_path / "in" / "cwd"
    cwd.mkdir()
    before = _tree(tmp_path)
    result = run_cli([path], outdir=tmp_path / "out", cwd=cwd)
    assert_clean(result)
    assert result.code == EXIT_OK
    report = result.report
    assert [i["source"] for i in report["inputs"]] == [f"{path}!{n}" for n in names]
    assert emails(report) == 3 * len(names)
    assert {p for p in _tree(tmp_path) - before if not p.startswith("out")} == set()


def _nested(depth_of_zips: int) -> bytes:
    """`depth_of_zips` zips around a gzip-compressed CSV: nesting depth is `depth_of_zips + 1`."""
    inner = zip_bytes({"data.csv.gz": gzip.compress(HEADER + b"".join(rows(5)))})
    for level in range(depth_of_zips - 1):
        inner = zip_bytes({f"level{level}.zip": inner})
    return inner


def test_nested_archives_within_the_depth_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "outer.zip", _nested(2))  # zip > zip > gzip: 3 deep, the default limit
    result = scan(tmp_path, path)
    assert result.code == EXIT_OK
    [inp] = result.report["inputs"]
    assert inp["source"] == f"{path}!level0.zip!data.csv.gz"
    assert inp["compression"] == "zip+zip+gzip"
    assert emails(result.report) == 5


def test_nesting_beyond_max_depth_is_a_limit_and_the_flag_raises_it(tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "outer.zip", _nested(3))  # 4 deep
    result = scan(tmp_path, path)
    assert result.code == EXIT_LIMIT
    assert result.skipped == {"too-deep": 1}
    assert "--max-depth 3" in result.report["skipped"]["items"][0]["detail"]
    raised = scan(tmp_path, path, "--max-depth", "4")
    assert raised.code == EXIT_OK
    assert emails(raised.report) == 5


def test_max_members_flag(tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "many.zip", zip_bytes({f"m{i}.csv": HEADER + b"".join(rows(1)) for i in range(5)}))
    limited = scan(tmp_path, path, "--max-members", "4")
    assert limited.code == EXIT_LIMIT
    assert limited.skipped == {"too-many-members": 1}
    assert "--max-members 4" in limited.report["skipped"]["items"][0]["detail"]
    assert scan(tmp_path, path).code == EXIT_OK


BOMB_LINE = b"-" * (MiB - 1) + b"\n"  # deflates ~1025:1; not NUL, so the binary check does not catch it first


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    """The members' declared sizes are checked against --max-ratio before a byte is inflated."""
    path = tmp_path / "in" / "bomb.zip"
    path.parent.mkdir(parents=True)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("bomb.csv", "w", force_zip64=True) as member,
    ):
        for _ in range(100):
            member.write(BOMB_LINE)
    assert 100 * MiB / path.stat().st_size > 1000
    result = scan(tmp_path, path)
    assert result.code == EXIT_LIMIT
    assert result.skipped == {"decompression-limit": 1}
    [item] = result.report["skipped"]["items"]
    assert "--max-ratio" in item["detail"] and item["bytes"] == path.stat().st_size
    assert result.report["inputs"] == []
    assert result.peak_rss_mb < 400, result.peak_rss_mb  # never inflated: the baseline process only


def _gzip_bomb(path: Path, mib: int = 96) -> Path:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        for _ in range(mib):
            f.write(compressor.compress(BOMB_LINE))
        f.write(compressor.flush())
    assert mib * MiB / path.stat().st_size > 1000
    return path


def test_gzip_bomb_stops_at_the_ratio_limit(tmp_path: Path) -> None:
    """Past the 64 MiB grace, a stream inflating more than 1000x stops, with bounded memory."""
    path = _gzip_bomb(tmp_path / "in" / "bomb.csv.gz")
    result = scan(tmp_path, path, timeout=60)
    assert result.code == EXIT_LIMIT
    assert result.skipped == {"limit": 1}
    assert "--max-ratio" in result.report["skipped"]["items"][0]["detail"]
    assert result.peak_rss_mb < 600, result.peak_rss_mb


def test_gzip_bomb_stops_at_max_bytes(tmp_path: Path) -> None:
    path = _gzip_bomb(tmp_path / "in" / "bomb.csv.gz")
    result = scan(tmp_path, path, "--max-bytes", "8M")
    assert result.code == EXIT_LIMIT
    assert result.skipped == {"limit": 1}
    assert "exceeds 8 MiB (--max-bytes)" in result.report["skipped"]["items"][0]["detail"]
    assert result.seconds < 20


# --------------------------------------------------------------------------------------------------
# records: huge, damaged, badly encoded


def test_300mb_line_without_newline(tmp_path: Path) -> None:
    """One 300 MiB record: cut at --max-record (256 MiB), counted, the rest still scanned, memory bounded."""
    path = tmp_path / "in" / "line.txt"
    path.parent.mkdir(parents=True)
    block = b"-" * MiB
    with path.open("wb") as f:
        for _ in range(300):
            f.write(block)
        f.write(b" jean.dupont@exemple.fr")
    size = path.stat().st_size
    try:
        result = scan(tmp_path, path, timeout=90)
    finally:
        path.unlink()
    print(f"\n300 MiB line: exit {result.code}, {result.seconds:.1f} s, peak RSS {result.peak_rss_mb:.0f} MB")
    assert result.code == EXIT_LIMIT
    assert result.skipped == {"oversized-record": 1}
    [item] = result.report["skipped"]["items"]
    assert item["bytes"] == 256 * MiB and "--max-record" in item["detail"]
    [inp] = result.report["inputs"]
    assert inp["bytes"] == size
    assert emails(result.report) == 1  # after the cut, in the part of the line scanned as its own record
    assert result.peak_rss_mb < 600, result.peak_rss_mb
    assert result.seconds < 30, result.seconds


def test_consecutive_huge_lines_keep_memory_bounded(tmp_path: Path) -> None:
    """Four 100 MiB lines: each under --max-record, so none is cut, but each fills its own buffer."""
    path = tmp_path / "in" / "lines.txt"
    path.parent.mkdir(parents=True)
    block = b"-" * MiB
    with path.open("wb") as f:
        for _ in range(4):
            for _ in range(100):
                f.write(block)
            f.write(b" jean.dupont@exemple.fr\n")
    try:
        result = scan(tmp_path, path, timeout=90)
    finally:
        path.unlink()
    print(f"\n4 x 100 MiB lines: exit {result.code}, {result.seconds:.1f} s, peak RSS {result.peak_rss_mb:.0f} MB")
    assert result.code == EXIT_OK
    assert emails(result.report) == 4
    assert result.peak_rss_mb < 600, result.peak_rss_mb


def test_nul_bytes_inside_a_csv(tmp_path: Path) -> None:
    body = b"".join(r.replace(b"Jean", b"Je\0an").replace(b"\n", b"\0\n") for r in rows(20))
    result = scan(tmp_path, write(tmp_path / "in" / "nul.csv", HEADER + body))
    assert result.code == EXIT_OK
    [inp] = result.report["inputs"]
    assert (inp["format"], inp["records"]) == ("csv", 20)
    assert emails(result.report) == 20


INVALID_UTF8 = b"\xff", b"\xc3", b"\xc0\xaf", b"\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"


@pytest.mark.parametrize("encoding", ["auto", "utf-8"])
def test_invalid_utf8_inside_a_utf8_file(tmp_path: Path, encoding: str) -> None:
    """A valid UTF-8 head (so auto-detection says UTF-8), then rows holding every kind of invalid sequence."""
    good = rows(30_000, first="Hélène".encode())  # > 1 MiB: the whole detection head
    bad = [
        r.replace(b"Jean", b"J" + INVALID_UTF8[i % len(INVALID_UTF8)] + b"an")
        for i, r in enumerate(rows(60, start=30_000))
    ]
    path = write(tmp_path / "in" / "bad.csv", HEADER + b"".join(good + bad))
    result = scan(tmp_path, path, "--encoding", encoding)
    assert result.code == EXIT_OK
    [inp] = result.report["inputs"]
    assert (inp["encoding"], inp["records"]) == ("utf-8", 30_060)
    assert emails(result.report) == 30_060


def test_mixed_cp1252_and_utf8_lines(tmp_path: Path) -> None:
    body = b"".join(r.replace(b"Jean", "Hélène".encode("utf-8" if i % 2 else "cp1252")) for i, r in enumerate(rows(40)))
    result = scan(tmp_path, write(tmp_path / "in" / "mixed.csv", HEADER + body))
    assert result.code == EXIT_OK
    assert result.report["inputs"][0]["records"] == 40
    assert emails(result.report) == 40


def test_csv_quote_never_closes(tmp_path: Path) -> None:
    """The rest of the file becomes one damaged record: counted as bad, and its values still scanned."""
    body = b"".join(rows(5)) + b'Martin;"Luc;luc@exemple.fr\n' + b"".join(rows(15, start=5))
    result = scan(tmp_path, write(tmp_path / "in" / "quote.csv", HEADER + body))
    assert result.code == EXIT_PARTIAL
    assert result.report["inputs"][0]["bad_records"] == 1
    assert emails(result.report) == 21


def test_csv_with_cr_line_endings(tmp_path: Path) -> None:
    """Classic Mac / some Excel exports end lines with a bare CR."""
    data = (HEADER + b"".join(rows(10))).replace(b"\n", b"\r")
    result = scan(tmp_path, write(tmp_path / "in" / "mac.csv", data))
    assert result.code == EXIT_OK


def test_json_cut_in_the_middle(tmp_path: Path) -> None:
    data = json.dumps([{"nom": "Dupont", "email": f"personne{i}@exemple.fr"} for i in range(20)]).encode()
    cut = data.index(b"personne10@") + 5  # inside the 11th element's e-mail
    result = scan(tmp_path, write(tmp_path / "in" / "cut.json", data[:cut]))
    assert result.code == EXIT_PARTIAL
    [inp] = result.report["inputs"]
    assert inp["format"] == "json" and inp["bad_records"] >= 1
    assert emails(result.report) == 10


def _jsonl_with_broken_line() -> tuple[bytes, int]:
    good = [json.dumps({"nom": "Dupont", "email": f"personne{i}@exemple.fr"}).encode() for i in range(40)]
    return b"\n".join([*good[:30], b'{"nom": "Mart', *good[30:]]) + b"\n", len(good)


def test_jsonl_with_one_broken_line(tmp_path: Path) -> None:
    data, _ = _jsonl_with_broken_line()
    result = scan(tmp_path, write(tmp_path / "in" / "broken.jsonl", data))
    assert result.code == EXIT_PARTIAL
    [inp] = result.report["inputs"]
    assert inp["format"] == "jsonl" and inp["bad_records"] == 1


def test_jsonl_broken_line_does_not_swallow_its_neighbour(tmp_path: Path) -> None:
    data, n_good = _jsonl_with_broken_line()
    result = scan(tmp_path, write(tmp_path / "in" / "broken.jsonl", data))
    assert emails(result.report) == n_good


def test_sql_dump_cut_inside_an_insert(tmp_path: Path) -> None:
    data = (
        b"CREATE TABLE t (nom varchar(20), email varchar(50));\nINSERT INTO t (nom, email) VALUES "
        + b",".join(f"('Dupont','personne{i}@exemple.fr')".encode() for i in range(20))
        + b";\n"
    )
    cut = data.index(b"personne9@") + 5
    result = scan(tmp_path, write(tmp_path / "in" / "cut.sql", data[:cut]))
    assert result.code == EXIT_PARTIAL
    [inp] = result.report["inputs"]
    assert inp["format"] == "sql" and inp["bad_records"] == 1
    assert emails(result.report) == 9


def test_utf16_input_larger_than_a_chunk(tmp_path: Path) -> None:
    """UTF-16 with accents and a small chunk: the transcoded UTF-8 of a read can exceed the room left in the
    buffer (regression: it used to be an internal error, ValueError at chunker.py)."""
    text = "nom;prenom;email\n" + "".join(f"Hélène;Ünal€;personne{i}@exemple.fr\n" for i in range(5000))
    path = write(tmp_path / "in" / "u16.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    result = scan(tmp_path, path, "--chunk-size", "64K")
    assert result.code == EXIT_OK
    assert result.report["inputs"][0]["encoding"] == "utf-16-le"
    assert emails(result.report) == 5000


# --------------------------------------------------------------------------------------------------
# paths: unreadable, looping, special, missing


def test_directory_with_unreadable_and_looping_entries(tmp_path: Path) -> None:
    """Each bad entry is skipped with its reason and the walk goes on; a FIFO in a directory is not opened
    (opening it would block).  Root reads through mode 000, so unreadability is real I/O failure here:
    a link to /proc/self/mem, which the child opens and cannot read at offset 0 (EIO)."""
    d = tmp_path / "in" / "dir"
    write(d / "good.csv", HEADER + b"".join(rows(3)))
    (d / "dangling.csv").symlink_to(d / "nowhere.csv")
    (d / "loop").symlink_to(d)
    (d / "selfloop").symlink_to(d / "selfloop")
    os.mkfifo(d / "pipe.csv")
    expected = {"not-found": 1, "symlink-loop": 2, "special-file": 1}
    if Path("/proc/self/mem").exists():
        (d / "mem.csv").symlink_to("/proc/self/mem")
        expected["special-file"] += 1  # with --follow: a kernel file is never read inside a folder
    result = scan(tmp_path, d, "--follow", timeout=60)
    assert result.code == EXIT_PARTIAL
    assert result.skipped == expected
    assert [i["source"] for i in result.report["inputs"]] == [str(d / "good.csv")]
    assert emails(result.report) == 3
    # by default no link is followed at all
    result = scan(tmp_path, d, timeout=60)
    assert result.code == EXIT_PARTIAL
    links = 4 if Path("/proc/self/mem").exists() else 3
    assert result.skipped == {"symlink": links, "special-file": 1}
    assert emails(result.report) == 3


def test_fifo_named_explicitly_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "in" / "pipe.csv"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    payload = HEADER + b"".join(rows(3000))  # ~100 KB: more than a pipe buffer

    def writer() -> None:
        with fifo.open("wb") as f:
            f.write(payload)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    result = scan(tmp_path, fifo, timeout=60)
    thread.join(10)
    assert not thread.is_alive(), "piiscan never read the FIFO"
    assert result.code == EXIT_OK
    [inp] = result.report["inputs"]
    assert (inp["bytes"], inp["records"]) == (len(payload), 3000)
    assert emails(result.report) == 3000


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("missing", "not-found"),
        ("file-as-directory", "not-found"),
        ("dangling", "not-found"),
        ("self-loop", "symlink-loop"),
        ("empty", "empty"),
    ],
)
def test_nothing_readable(tmp_path: Path, case: str, reason: str) -> None:
    d = tmp_path / "in"
    d.mkdir()
    good = write(d / "good.csv", HEADER + b"".join(rows(1)))
    path = {
        "missing": d / "nope.csv",
        "file-as-directory": good / "x.csv",
        "dangling": d / "dangling.csv",
        "self-loop": d / "self",
        "empty": write(d / "empty.csv", b""),
    }[case]
    if case == "dangling":
        path.symlink_to(d / "gone.csv")
    if case == "self-loop":
        path.symlink_to(path)
    result = scan(tmp_path, path)
    assert result.code == EXIT_NO_INPUT
    assert result.skipped == {reason: 1}
    if case == "empty":
        assert result.report["skipped"]["items"][0]["bytes"] == 0


def test_a_missing_path_next_to_a_good_one_is_partial(tmp_path: Path) -> None:
    good = write(tmp_path / "in" / "good.csv", HEADER + b"".join(rows(2)))
    result = scan(tmp_path, good, tmp_path / "in" / "nope.csv")
    assert result.code == EXIT_PARTIAL
    assert result.skipped == {"not-found": 1}
    assert emails(result.report) == 2


# --------------------------------------------------------------------------------------------------
# encodings and command-line values


@pytest.mark.parametrize("name", ["klingon", "shift_jis", "base64"])
def test_unsupported_encoding_fails_before_any_output(tmp_path: Path, name: str) -> None:
    good = write(tmp_path / "in" / "good.csv", HEADER + b"".join(rows(2)))
    report = tmp_path / "out" / "report.json"
    result = run_cli([good, "--encoding", name, "--report", report], outdir=tmp_path / "out")
    assert_clean(result, max_stderr_lines=1)
    assert result.code == EXIT_DATA_ERROR
    assert result.stderr.startswith("piiscan: error: unsupported encoding")
    assert not report.exists()


def test_utf32_input_is_transcoded_not_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "u32.csv", (HEADER + b"".join(rows(3))).decode().encode("utf-32"))
    result = scan(tmp_path, path)
    assert result.code == EXIT_OK
    assert result.report["inputs"][0]["records"] == 3


def test_a_multibyte_legacy_encoding_is_refused_with_exit_5(tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "sjis.csv", HEADER + b"".join(rows(3)))
    result = run_cli([path, "--encoding", "shift_jis"], outdir=tmp_path / "out")
    assert_clean(result, max_stderr_lines=1)
    assert result.code == EXIT_DATA_ERROR and result.stderr.startswith("piiscan: error: unsupported encoding")


@pytest.mark.parametrize(
    "flags",
    [
        ["--max-ratio", "0"],
        ["--max-ratio", "nan"],
        ["--max-bytes", "0"],
        ["--max-bytes", "-1M"],
        ["--max-bytes", "1e400"],
        ["--max-depth", "0"],
        ["--max-members", "-1"],
        ["--max-record", "0"],
        ["--workers", "-1"],
        ["--reference-date", "2024-02-30"],
        ["--format", "xml"],
    ],
    ids=" ".join,
)
def test_bad_option_values_are_usage_errors(tmp_path: Path, flags: list[str]) -> None:
    good = write(tmp_path / "in" / "good.csv", HEADER + b"".join(rows(1)))
    result = run_cli([good, *flags], outdir=tmp_path / "out", report=False)
    assert_clean(result, max_stderr_lines=1)
    assert result.code == EXIT_USAGE


@pytest.mark.parametrize(
    "output",
    ["report-is-a-directory", "findings-in-missing-directory", "findings-bad-extension", "html-is-a-directory"],
)
def test_unwritable_outputs(tmp_path: Path, output: str) -> None:
    """A path that can never be written is a usage error found before the scan (2); one that fails when
    written (a missing folder, a full disk) is an output error (7)."""
    good = write(tmp_path / "in" / "good.csv", HEADER + b"".join(rows(1)))
    out = tmp_path / "out"
    out.mkdir()
    flags, code = {
        "report-is-a-directory": (["--report", out], EXIT_USAGE),
        "findings-in-missing-directory": (["--findings", out / "missing" / "f.jsonl"], EXIT_OUTPUT_ERROR),
        "findings-bad-extension": (["--findings", out / "f.txt"], EXIT_USAGE),
        "html-is-a-directory": (["--html", out], EXIT_USAGE),
    }[output]
    result = run_cli([good, *flags], outdir=out, report=False)
    assert_clean(result, max_stderr_lines=1)
    assert result.code == code
