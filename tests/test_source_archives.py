"""tar (every compression, every header dialect), 7z, and archives nested in each other, through the walk
(`iter_inputs`): member names, bytes, limits, and hostile members.  All archives are made here, in memory
or in `tmp_path`."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import tarfile
import zipfile
from pathlib import Path

import py7zr
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.source.inputs import SKIP_REASONS, Input, Skipped, iter_inputs
from piiscan.source.limits import Limits, MiB
from piiscan.source.sevenzip import _decoder_memory
from piiscan.source.tar import MAX_META_BYTES

CSV = b"nom;prenom;email\nDupont;Jean;jean.dupont@exemple.fr\n"


def collect(path: Path, **kwargs: object) -> list[Input | Skipped]:
    return list(iter_inputs([str(path)], **kwargs))  # type: ignore[arg-type]


def walk(path: Path, **kwargs: object) -> list[tuple[str, str | bytes]]:
    """(name relative to tmp, bytes read | skip reason), reading each input while the walk is on it."""
    out: list[tuple[str, str | bytes]] = []
    for item in iter_inputs([str(path)], **kwargs):  # type: ignore[arg-type]
        rel = item.name[len(str(path.parent)) + 1 :]
        if isinstance(item, Skipped):
            assert "\n" not in item.detail and item.detail.startswith(str(path.parent))
            out.append((rel, item.reason))
        else:
            with item.open() as stream:
                out.append((rel, stream.read()))
    return out


def tar_bytes(members: list[tuple[str, bytes]], *, fmt: int = tarfile.PAX_FORMAT, mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=fmt) as tf:  # type: ignore[call-overload]
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def seven_zip_bytes(members: list[tuple[str, bytes]], **kwargs: object) -> bytes:
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w", **kwargs) as z:  # type: ignore[arg-type]
        for name, data in members:
            z.writestr(data, name)
    return buf.getvalue()


COMPRESSORS = {
    "tar": lambda b: b,
    "tar.gz": gzip.compress,
    "tar.bz2": bz2.compress,
    "tar.xz": lzma.compress,
    "tar.zst": lambda b: zstandard.ZstdCompressor().compress(b),
}
CHAINS = {"tar": "tar", "tar.gz": "gzip+tar", "tar.bz2": "bz2+tar", "tar.xz": "xz+tar", "tar.zst": "zstd+tar"}


@pytest.mark.parametrize("ext", sorted(COMPRESSORS))
@pytest.mark.parametrize("fmt", [tarfile.GNU_FORMAT, tarfile.PAX_FORMAT])
def test_tar_every_compression_and_long_names(tmp_path: Path, ext: str, fmt: int) -> None:
    long = "dir/" + "très-long-" * 20 + ".csv"  # > 100 bytes: a GNU long name or a PAX path record
    data = tar_bytes([("dir/x.csv", CSV), (long, CSV * 2), ("empty.csv", b"")], fmt=fmt)
    path = tmp_path / f"a.{ext}"
    path.write_bytes(COMPRESSORS[ext](data))
    got = walk(path)
    assert got == [(f"a.{ext}!dir/x.csv", CSV), (f"a.{ext}!{long}", CSV * 2), (f"a.{ext}!empty.csv", b"")]
    items = collect(path)
    assert [i.compression for i in items] == [CHAINS[ext]] * 3


def test_members_are_read_in_order_only(tmp_path: Path) -> None:
    """A tar member read after the walk moved past it raises InputError, never other members' bytes."""
    path = tmp_path / "a.tar.gz"
    path.write_bytes(gzip.compress(tar_bytes([("x.csv", CSV), ("y.csv", CSV)])))
    items = collect(path)
    from piiscan.errors import InputError

    with pytest.raises(InputError):
        items[0].open().read()


def test_nesting_and_depth(tmp_path: Path) -> None:
    inner_tar = tar_bytes([("c.csv", CSV)])
    zip_buf = io.BytesIO()
    with zipfile.ZipFile(zip_buf, "w") as zf:
        zf.writestr("b.tar", inner_tar)
        zf.writestr("d.7z", seven_zip_bytes([("e.csv", CSV)]))
    (tmp_path / "a.zip").write_bytes(zip_buf.getvalue())
    assert walk(tmp_path / "a.zip") == [("a.zip!b.tar!c.csv", CSV), ("a.zip!d.7z!e.csv", CSV)]
    # a zip inside a tar.gz inside a 7z: 7z(1) + tar.gz(2) + zip(3)
    (tmp_path / "n.7z").write_bytes(
        seven_zip_bytes([("t.tar.gz", gzip.compress(tar_bytes([("a.zip", zip_buf.getvalue())])))])
    )
    assert walk(tmp_path / "n.7z", limits=Limits(max_depth=4)) == [
        ("n.7z!t.tar.gz!a.zip!b.tar!c.csv", CSV),
        ("n.7z!t.tar.gz!a.zip!d.7z!e.csv", CSV),
    ]
    got = walk(tmp_path / "n.7z", limits=Limits(max_depth=3))
    assert got == [("n.7z!t.tar.gz!a.zip!b.tar", "too-deep"), ("n.7z!t.tar.gz!a.zip!d.7z", "too-deep")]


def test_zip_inside_a_stream_tar_and_a_workbook_zip(tmp_path: Path) -> None:
    zip_buf = io.BytesIO()
    with zipfile.ZipFile(zip_buf, "w") as zf:
        zf.writestr("m.csv", CSV)
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    path = tmp_path / "a.tar.xz"
    path.write_bytes(lzma.compress(tar_bytes([("z.zip", zip_buf.getvalue()), ("book.xlsx", book.getvalue())])))
    items = collect(path)
    # the workbook is one input (read by piiscan.tabular), not a zip of XML parts
    assert [Path(i.name).name for i in items if isinstance(i, Input)] == ["a.tar.xz!z.zip!m.csv", "a.tar.xz!book.xlsx"]


def test_hostile_tar_members(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name in ("../evil.csv", "/etc/absolute.csv", "ok.csv"):
            info = tarfile.TarInfo(name)
            info.size = len(CSV)
            tf.addfile(info, io.BytesIO(CSV))
        for name, kind, target in (
            ("sym", tarfile.SYMTYPE, "/etc/passwd"),
            ("hard", tarfile.LNKTYPE, "ok.csv"),
            ("chr", tarfile.CHRTYPE, ""),
            ("blk", tarfile.BLKTYPE, ""),
            ("fifo", tarfile.FIFOTYPE, ""),
        ):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = target
            tf.addfile(info)
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "h.tar.gz"
    path.write_bytes(buf.getvalue())
    before = {p for p in tmp_path.rglob("*")}
    cwd_before = set(os.listdir())
    got = walk(path)
    assert got == [
        ("h.tar.gz!../evil.csv", CSV),
        ("h.tar.gz!/etc/absolute.csv", CSV),
        ("h.tar.gz!ok.csv", CSV),
        ("h.tar.gz!sym", "link-member"),
        ("h.tar.gz!hard", "link-member"),
        ("h.tar.gz!chr", "special-member"),
        ("h.tar.gz!blk", "special-member"),
        ("h.tar.gz!fifo", "special-member"),
    ]
    assert {p for p in tmp_path.rglob("*")} == before and set(os.listdir()) == cwd_before
    assert {"link-member", "special-member", "unsafe-member-name", "oversized-message"} <= set(SKIP_REASONS)


def test_damaged_tar_reports_the_rest(tmp_path: Path) -> None:
    data = tar_bytes([("a.csv", CSV), ("b.csv", CSV * 50), ("c.csv", CSV)])
    # cut inside the second member's data: the first is read, the second fails late, the rest is said
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(gzip.compress(data[: 1536 + 200]))
    got: list[tuple[str, object]] = []
    for item in iter_inputs([str(path)]):
        if isinstance(item, Skipped):
            got.append((item.reason, item.detail))
            continue
        try:
            with item.open() as s:
                got.append(("read", len(s.read())))
        except Exception as exc:
            got.append((type(exc).__name__, str(exc)))
    assert got[0] == ("read", len(CSV))
    assert got[1][0] == "CorruptInputError" and "truncated or corrupt tar archive member" in str(got[1][1])
    assert got[2][0] == "corrupt-archive" and "rest" in str(got[2][1])
    # garbage after the first member: not a silent end
    (tmp_path / "junk.tar").write_bytes(data[:1024] + b"x" * 2048)
    assert [r for _, r in walk(tmp_path / "junk.tar")] == [CSV, "corrupt-archive"]
    # no end-of-archive blocks
    (tmp_path / "noend.tar").write_bytes(data[:1024])
    assert [r for _, r in walk(tmp_path / "noend.tar")] == [CSV, "corrupt-archive"]
    (tmp_path / "dirs.tar").write_bytes(_dirs_only())
    assert walk(tmp_path / "dirs.tar") == [("dirs.tar", "empty")]


def _dirs_only() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        info = tarfile.TarInfo("d")
        info.type = tarfile.DIRTYPE
        tf.addfile(info)
    return buf.getvalue()


def test_tar_oversized_pax_header_and_member_count(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        info = tarfile.TarInfo("a.csv")
        info.size = len(CSV)
        tf.addfile(info, io.BytesIO(CSV))
        info = tarfile.TarInfo("b.csv")
        info.size = len(CSV)
        info.pax_headers = {"comment": "x" * (MAX_META_BYTES + 10)}
        tf.addfile(info, io.BytesIO(CSV))
    (tmp_path / "pax.tar").write_bytes(buf.getvalue())
    assert [r for _, r in walk(tmp_path / "pax.tar")] == [CSV, "corrupt-archive"]
    (tmp_path / "many.tar").write_bytes(tar_bytes([(f"{i}.csv", CSV) for i in range(5)]))
    assert [r for _, r in walk(tmp_path / "many.tar", limits=Limits(max_members=3))] == [CSV] * 3 + ["too-many-members"]


def test_seven_zip_members_and_refusals(tmp_path: Path) -> None:
    (tmp_path / "a.7z").write_bytes(seven_zip_bytes([("dir/x.csv", CSV), ("y.csv.gz", gzip.compress(CSV))]))
    assert walk(tmp_path / "a.7z") == [("a.7z!dir/x.csv", CSV), ("a.7z!y.csv.gz", CSV)]
    # a stream 7z (inside gzip) is held in memory like a zip
    (tmp_path / "b.7z.gz").write_bytes(gzip.compress((tmp_path / "a.7z").read_bytes()))
    assert [r for _, r in walk(tmp_path / "b.7z.gz")] == [CSV, CSV]
    # encrypted members, encrypted headers
    (tmp_path / "enc.7z").write_bytes(seven_zip_bytes([("x.csv", CSV)], password="secret", header_encryption=False))
    assert walk(tmp_path / "enc.7z") == [("enc.7z!x.csv", "encrypted-member")]
    (tmp_path / "hdr.7z").write_bytes(seven_zip_bytes([("x.csv", CSV)], password="secret", header_encryption=True))
    assert walk(tmp_path / "hdr.7z") == [("hdr.7z", "encrypted-member")]
    # a bomb: members declare far more than --max-ratio allows; nothing is decompressed
    (tmp_path / "bomb.7z").write_bytes(seven_zip_bytes([("zeros.csv", bytes(8 * MiB))]))
    limits = Limits(ratio_grace_bytes=1 * MiB, max_ratio=100)
    assert walk(tmp_path / "bomb.7z", limits=limits) == [("bomb.7z", "decompression-limit")]
    # damaged
    (tmp_path / "cut.7z").write_bytes((tmp_path / "a.7z").read_bytes()[:40])
    assert walk(tmp_path / "cut.7z") == [("cut.7z", "corrupt-archive")]
    (tmp_path / "many.7z").write_bytes(seven_zip_bytes([(f"{i}.csv", CSV) for i in range(5)]))
    assert walk(tmp_path / "many.7z", limits=Limits(max_members=3)) == [("many.7z", "too-many-members")]


def test_seven_zip_hostile_names_and_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(py7zr.py7zr, "check_archive_path", lambda name: True)  # py7zr refuses to write them
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as z:
        z.writestr(CSV, "ok.csv")
        z.writestr(CSV, "../evil.csv")
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "h.7z"
    path.write_bytes(buf.getvalue())
    before = {p for p in tmp_path.rglob("*")}
    assert walk(path) == [("h.7z!../evil.csv", "unsafe-member-name"), ("h.7z!ok.csv", CSV)]
    assert {p for p in tmp_path.rglob("*")} == before


def test_seven_zip_stops_cleanly_when_the_walk_stops(tmp_path: Path) -> None:
    """Closing the walk mid-archive ends py7zr's thread (no thread left blocked on the queue)."""
    import threading

    (tmp_path / "a.7z").write_bytes(seven_zip_bytes([(f"{i}.csv", CSV * 2000) for i in range(6)]))
    walker = iter_inputs([str(tmp_path / "a.7z")])
    first = next(walker)
    assert isinstance(first, Input)
    walker.close()
    assert not [t for t in threading.enumerate() if t.name == "piiscan-7z"]


def test_decoder_memory_of_coders() -> None:
    assert _decoder_memory(b"\x21", bytes([24])) == 16 * MiB
    assert _decoder_memory(b"\x21", bytes([40])) == 0xFFFFFFFF
    assert _decoder_memory(b"\x03\x01\x01", b"\x5d" + (1 << 30).to_bytes(4, "little")) == 1 << 30
    assert _decoder_memory(b"\x03\x03\x01\x03", b"") == 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), min_size=1, max_size=6), st.booleans())
def test_damaged_archives_never_raise_from_the_walk(edits: list[tuple[int, int]], seven: bool) -> None:
    """Flipped bytes in a tar or a 7z: members read, or fail with a PiiscanError, or a counted skip."""
    import tempfile

    from piiscan.errors import PiiscanError

    base = _FUZZ_7Z if seven else _FUZZ_TAR
    data = bytearray(base)
    for at, value in edits:
        data[at % len(data)] = value
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("x.7z" if seven else "x.tar")
        path.write_bytes(bytes(data))
        for item in iter_inputs([str(path)]):
            if isinstance(item, Input):
                try:
                    with item.open() as s:
                        s.read()
                except PiiscanError:
                    pass


_FUZZ_TAR = tar_bytes([("a.csv", CSV * 20), ("d/" + "x" * 120 + ".csv", CSV)])
_FUZZ_7Z = seven_zip_bytes([("a.csv", CSV * 20), ("b.csv", CSV)])
