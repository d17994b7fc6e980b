"""Paths, directories, stdin, pipes and archives as a flat sequence of `Input`s and `Skipped`s.

Everything is generated in `tmp_path`.  Tests that could hang if a FIFO were opened by mistake run the
walk in a thread with a timeout.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import io
import lzma
import os
import socket
import threading
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest
import zstandard

from piiscan.errors import CorruptInputError, DecompressionLimitError, InputError
from piiscan.source import inputs as inputs_module
from piiscan.source.inputs import SKIP_REASONS, Input, Skipped, iter_inputs
from piiscan.source.limits import Limits, MiB

T = TypeVar("T")
CANARY = b"CANARY-2A-85-12-345-678-42"
ROW = b"nom;prenom;nir\nDupont;Jean;" + CANARY + b"\n"


def collect(paths: list[str], **kwargs: object) -> list[Input | Skipped]:
    return list(iter_inputs(paths, **kwargs))  # type: ignore[arg-type]


def read(item: Input | Skipped) -> bytes:
    assert isinstance(item, Input), item
    with item.open() as stream:
        return stream.read()


def summary(items: list[Input | Skipped], root: Path | None = None) -> list[tuple[str, str | None]]:
    """(name relative to root, compression or skip reason) for each item."""
    prefix = f"{root}/" if root is not None else ""
    out = []
    for item in items:
        name = item.name.removeprefix(prefix)
        out.append((name, item.compression if isinstance(item, Input) else f"skip:{item.reason}"))
    return out


def zip_bytes(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def patch_member(data: bytes, name: str, *, flag_bits: int = 0, method: int | None = None) -> bytes:
    """Set flag bits and/or the method of one member in both its local header and its directory entry."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        local = zf.getinfo(name).header_offset
    raw[local + 6] |= flag_bits
    if method is not None:
        raw[local + 8 : local + 10] = method.to_bytes(2, "little")
    encoded = name.encode()
    at = 0
    while (at := raw.find(b"PK\x01\x02", at + 1)) >= 0:
        if raw[at + 46 : at + 46 + len(encoded)] == encoded:
            raw[at + 8] |= flag_bits
            if method is not None:
                raw[at + 10 : at + 12] = method.to_bytes(2, "little")
    return bytes(raw)


def tree(root: Path) -> set[str]:
    return {str(p) for p in root.rglob("*")}


def run_with_timeout(fn: Callable[[], T], timeout: float = 10.0) -> T:
    """Run `fn` in a thread; fail instead of hanging forever (a FIFO opened by mistake blocks)."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(fn()), daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "iter_inputs blocked (opened a FIFO?)"
    return result[0]  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------------
# files and compression by magic bytes


def test_plain_file_and_compression_by_magic_not_extension(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(ROW)
    (tmp_path / "dump.csv").write_bytes(gzip.compress(ROW))  # gzip despite its name
    (tmp_path / "b.bz2").write_bytes(bz2.compress(ROW))
    (tmp_path / "c.txt").write_bytes(lzma.compress(ROW))
    (tmp_path / "d.dat").write_bytes(zstandard.ZstdCompressor().compress(ROW))
    (tmp_path / "e.gz").write_bytes(ROW)  # a ".gz" that is plain text
    items = collect([str(tmp_path)])
    assert summary(items, tmp_path) == [
        ("a.csv", None),
        ("b.bz2", "bz2"),
        ("c.txt", "xz"),
        ("d.dat", "zstd"),
        ("dump.csv", "gzip"),
        ("e.gz", None),
    ]
    for item in items:
        assert read(item) == ROW
        assert read(item) == ROW  # `open` gives a fresh stream each time
    assert items[0].size == len(ROW)
    assert items[4].size == (tmp_path / "dump.csv").stat().st_size


def test_empty_file_is_an_input(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    [item] = collect([str(tmp_path / "empty.csv")])
    assert isinstance(item, Input) and item.size == 0 and read(item) == b""


def test_readinto_aligned_numpy_buffer(tmp_path: Path) -> None:
    data = ROW * 5000
    (tmp_path / "a.csv").write_bytes(data)
    (tmp_path / "z.zip").write_bytes(zip_bytes([("m.csv", gzip.compress(data))]))
    raw = np.empty(65536 + 64, dtype=np.uint8)
    start = (-raw.ctypes.data) % 64
    view = memoryview(raw[start : start + 65536])
    for item in collect([str(tmp_path)]):
        out = bytearray()
        with item.open() as stream:
            while n := stream.readinto(view):
                out += view[:n]
        assert out == data, item


def test_truncated_gzip_file_is_an_input_that_fails_late(tmp_path: Path) -> None:
    data = b"".join(b"%d;%s\n" % (i, CANARY) for i in range(50_000))
    comp = gzip.compress(data)
    (tmp_path / "cut.csv.gz").write_bytes(comp[: len(comp) // 2])
    [item] = collect([str(tmp_path / "cut.csv.gz")])
    assert isinstance(item, Input) and item.compression == "gzip"
    out = bytearray()
    with item.open() as stream, pytest.raises(CorruptInputError) as info:
        while chunk := stream.read(65536):
            out += chunk
    assert len(out) > 0 and data.startswith(out)
    assert str(info.value).startswith(f"{tmp_path}/cut.csv.gz: truncated gzip stream after {len(out)} ")
    assert CANARY.decode() not in str(info.value)


# --------------------------------------------------------------------------------------------------
# directories


def test_directory_walk_is_sorted_depth_first(tmp_path: Path) -> None:
    root = tmp_path / "dump"
    for rel in ["b.csv", "a/z.csv", "a/b/c.csv", "A.csv", "é.csv", "a.csv", "a/b/a.csv", "0/x.csv"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(ROW)
    (root / "emptydir").mkdir()
    items = collect([str(root) + "/"])  # a trailing slash is kept as the user typed it
    assert [i.name for i in items] == [
        f"{root}/0/x.csv",
        f"{root}/A.csv",
        f"{root}/a/b/a.csv",
        f"{root}/a/b/c.csv",
        f"{root}/a/z.csv",
        f"{root}/a.csv",
        f"{root}/b.csv",
        f"{root}/é.csv",
    ]
    assert all(isinstance(i, Input) for i in items)


def test_paths_in_the_order_given(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(ROW)
    (tmp_path / "b.csv").write_bytes(ROW)
    names = [i.name for i in collect([str(tmp_path / "b.csv"), str(tmp_path / "a.csv")])]
    assert names == [str(tmp_path / "b.csv"), str(tmp_path / "a.csv")]


def test_symlinks_loops_and_broken_links(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "data.csv").write_bytes(ROW)
    (root / "sub" / "up").symlink_to("..")  # a loop back to an enclosing directory
    (root / "alias").symlink_to("sub")  # a second way into sub: walked once ("alias" sorts first)
    (root / "self").symlink_to("self")  # ELOOP
    (root / "broken").symlink_to("nowhere")
    (root / "link.csv").symlink_to("sub/data.csv")  # file symlinks are followed
    # by default no link inside a folder is followed (the named tree only, as ripgrep, fd and git do)
    items = run_with_timeout(lambda: collect([str(root)]))
    assert summary(items, root) == [
        ("alias", "skip:symlink"),
        ("broken", "skip:symlink"),
        ("link.csv", "skip:symlink"),
        ("self", "skip:symlink"),
        ("sub/data.csv", None),
        ("sub/up", "skip:symlink"),
    ]
    assert items[0].detail == f"{root}/alias: symbolic link not followed (--follow follows links)"
    items = run_with_timeout(lambda: collect([str(root)], follow_links=True))
    assert summary(items, root) == [
        ("alias/data.csv", None),
        ("alias/up", "skip:symlink-loop"),
        ("broken", "skip:not-found"),
        ("link.csv", None),
        ("self", "skip:symlink-loop"),
        ("sub", "skip:already-scanned"),
    ]
    assert items[2].detail == f"{root}/broken: broken symbolic link"


def test_followed_links_never_reach_kernel_files(tmp_path: Path) -> None:
    """`/proc/self/environ` holds the process's secrets and `/proc/kmsg` blocks forever: with links
    followed, a walk still reads only regular files of ordinary file systems."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "environ.csv").symlink_to("/proc/self/environ")
    (root / "kmsg.csv").symlink_to("/proc/kmsg")
    (root / "sys").symlink_to("/sys/kernel")
    (root / "null.csv").symlink_to("/dev/null")
    items = run_with_timeout(lambda: collect([str(root)], follow_links=True))
    present = {p.name for p in root.iterdir() if p.exists()}
    assert summary(items, root) == [(n, "skip:special-file") for n in sorted(present)]


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_file_replaced_after_the_walk_is_not_read(tmp_path: Path, size: str) -> None:
    """A large file is opened again only if it is still the file the walk found; a small one was read whole
    by the walk and is served from those bytes: in both cases the replacement is never read."""
    root = tmp_path / "root"
    root.mkdir()
    data = ROW if size == "small" else ROW * (1 + (128 << 10) // len(ROW))
    (root / "a.csv").write_bytes(data)
    [item] = collect([str(root)])
    (root / "a.csv").unlink()
    (root / "a.csv").symlink_to("/proc/self/environ")
    assert isinstance(item, Input)
    if size == "large":
        with pytest.raises(OSError):
            item.open()
    else:
        assert item.open().read() == data


def test_missing_paths_are_skipped_not_raised(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_bytes(ROW)
    items = collect([str(tmp_path / "nope.csv"), str(tmp_path / "f.csv" / "x"), str(tmp_path / "f.csv")])
    assert summary(items, tmp_path) == [
        ("nope.csv", "skip:not-found"),
        ("f.csv/x", "skip:not-found"),
        ("f.csv", None),
    ]
    assert items[0].detail == f"{tmp_path}/nope.csv: no such file or directory"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_bytes(ROW)
    secret.chmod(0)
    try:
        [item] = collect([str(secret)])
        if os.geteuid() == 0:  # root reads through mode 000: nothing to assert about permissions
            assert isinstance(item, Input)
        else:
            assert isinstance(item, Skipped) and item.reason == "unreadable"
    finally:
        secret.chmod(0o600)

    def denied(*args: object, **kwargs: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied", str(args[0]))

    monkeypatch.setattr(inputs_module, "open", denied, raising=False)
    monkeypatch.setattr(inputs_module, "ReadAheadFile", denied)  # how regular files are opened
    [item] = collect([str(secret)])
    assert item == Skipped(str(secret), "unreadable", len(ROW), f"{secret}: permission denied")


def test_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "d").mkdir()

    def denied(path: str) -> list[str]:
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(inputs_module.os, "listdir", denied)
    [item] = collect([str(tmp_path / "d")])
    assert isinstance(item, Skipped) and item.reason == "unreadable"


def test_fifo_inside_a_directory_is_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "z.csv").write_bytes(ROW)
    items = run_with_timeout(lambda: collect([str(tmp_path)]))
    assert summary(items, tmp_path) == [("pipe", "skip:special-file"), ("z.csv", None)]
    assert "FIFO" in items[0].detail


def test_fifo_named_explicitly_is_read_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    payload = ROW * 20_000  # more than a pipe buffer

    def writer() -> None:
        with open(fifo, "wb") as f:
            f.write(gzip.compress(payload))

    threading.Thread(target=writer, daemon=True).start()
    item = run_with_timeout(lambda: next(iter_inputs([str(fifo)])))
    assert isinstance(item, Input) and item.compression == "gzip" and item.size is None
    assert run_with_timeout(lambda: read(item)) == payload
    with pytest.raises(InputError, match="can only be read once"):
        item.open()


def test_socket_named_explicitly_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        [item] = collect([str(path)])
    assert isinstance(item, Skipped) and item.reason == "special-file"


# --------------------------------------------------------------------------------------------------
# stdin


@pytest.mark.parametrize(
    ("payload", "compression"),
    [
        (ROW, None),
        (gzip.compress(ROW), "gzip"),
        (zstandard.ZstdCompressor().compress(gzip.compress(ROW)), "zstd+gzip"),
    ],
)
def test_stdin_streams(payload: bytes, compression: str | None) -> None:
    [item] = collect(["-"], stdin=io.BytesIO(payload))
    assert item == Input("-", compression, None, item.open)
    assert read(item) == ROW
    with pytest.raises(InputError, match="-: standard input or a pipe can only be read once"):
        item.open()


def test_stdin_zip_is_held_in_memory() -> None:
    payload = zip_bytes([("a.csv", ROW), ("b.csv.gz", gzip.compress(ROW))])
    items = collect(["-"], stdin=io.BytesIO(payload))
    assert summary(items) == [("-!a.csv", "zip"), ("-!b.csv.gz", "zip+gzip")]
    assert [read(i) for i in items] == [ROW, ROW]
    assert [read(i) for i in items] == [ROW, ROW]  # members of an in-memory zip can be reopened


def test_stdin_zip_too_large_for_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs_module, "MAX_IN_MEMORY_ARCHIVE", 1000)
    payload = zip_bytes([("a.csv", os.urandom(5000))], zipfile.ZIP_STORED)
    [item] = collect(["-"], stdin=io.BytesIO(payload))
    assert isinstance(item, Skipped) and item.reason == "unseekable-archive"
    assert item.detail.startswith("-: a zip read from a stream") and "1000 bytes" in item.detail


def test_stdin_named_twice() -> None:
    items = collect(["-", "-"], stdin=io.BytesIO(ROW))
    assert summary(items) == [("-", None), ("-", "skip:already-scanned")]


# --------------------------------------------------------------------------------------------------
# zip archives


def test_zip_members_directories_and_traversal_names(tmp_path: Path) -> None:
    archive = tmp_path / "leak.zip"
    archive.write_bytes(
        zip_bytes([("dir/", b""), ("dir/m.csv", ROW), ("../evil.csv", ROW), ("/abs/x.csv", ROW), ("e.txt", b"")])
    )
    cwd = Path.cwd()
    before = tree(tmp_path.parent), set(os.listdir(cwd))
    items = collect([str(archive)])
    assert summary(items, tmp_path) == [
        ("leak.zip!dir/m.csv", "zip"),
        ("leak.zip!../evil.csv", "zip"),  # never extracted: the name is only a label
        ("leak.zip!/abs/x.csv", "zip"),
        ("leak.zip!e.txt", "zip"),
    ]
    assert [read(i) for i in items] == [ROW, ROW, ROW, b""]
    assert (tree(tmp_path.parent), set(os.listdir(cwd))) == before  # nothing written anywhere
    assert not (tmp_path.parent / "evil.csv").exists()


def test_nested_archives_and_compressed_members(tmp_path: Path) -> None:
    inner_deflated = zip_bytes([("in.csv", ROW), ("in.csv.gz", gzip.compress(ROW))])
    inner_stored = zip_bytes([("s.csv", ROW)], zipfile.ZIP_STORED)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("inner.zip", inner_deflated)
        zf.writestr(zipfile.ZipInfo("stored.zip"), inner_stored)  # stored: read in place
        zf.writestr("m.csv.xz", lzma.compress(ROW))
    outer = buf.getvalue()
    (tmp_path / "a.zip").write_bytes(outer)
    (tmp_path / "b.zip.gz").write_bytes(gzip.compress(outer))
    items = collect([str(tmp_path / "a.zip"), str(tmp_path / "b.zip.gz")])
    assert summary(items, tmp_path) == [
        ("a.zip!inner.zip!in.csv", "zip+zip"),
        ("a.zip!inner.zip!in.csv.gz", "zip+zip+gzip"),
        ("a.zip!stored.zip!s.csv", "zip+zip"),
        ("a.zip!m.csv.xz", "zip+xz"),
        ("b.zip.gz!inner.zip!in.csv", "gzip+zip+zip"),
        ("b.zip.gz!inner.zip!in.csv.gz", "skip:too-deep"),  # 4 containers > --max-depth 3
        ("b.zip.gz!stored.zip!s.csv", "gzip+zip+zip"),
        ("b.zip.gz!m.csv.xz", "gzip+zip+xz"),
    ]
    for item in items:
        if isinstance(item, Input):
            assert read(item) == ROW
    assert "--max-depth 3" in items[5].detail


def test_max_depth(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(
        zip_bytes([("x.csv", ROW), ("y.csv.gz", gzip.compress(ROW)), ("z.zip", zip_bytes([("m", ROW)]))])
    )
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(ROW))
    items = collect([str(tmp_path)], limits=Limits(max_depth=1))
    assert summary(items, tmp_path) == [
        ("a.zip!x.csv", "zip"),
        ("a.zip!y.csv.gz", "skip:too-deep"),
        ("a.zip!z.zip", "skip:too-deep"),
        ("b.csv.gz", "gzip"),
    ]


def test_encrypted_and_unsupported_members(tmp_path: Path) -> None:
    data = zip_bytes([("open.csv", ROW), ("locked.csv", ROW), ("d64.csv", ROW)], zipfile.ZIP_STORED)
    data = patch_member(data, "locked.csv", flag_bits=0x1)
    data = patch_member(data, "d64.csv", method=9)
    (tmp_path / "a.zip").write_bytes(data)
    items = collect([str(tmp_path / "a.zip")])
    assert summary(items, tmp_path) == [
        ("a.zip!open.csv", "zip"),
        ("a.zip!locked.csv", "skip:encrypted-member"),
        ("a.zip!d64.csv", "skip:unsupported-member"),
    ]
    assert read(items[0]) == ROW
    assert items[1].bytes == len(ROW)
    assert "deflate64" in items[2].detail


def test_too_many_members(tmp_path: Path) -> None:
    data = zip_bytes([(f"m{i}.csv", ROW) for i in range(5)])
    (tmp_path / "a.zip").write_bytes(data)
    [item] = collect([str(tmp_path / "a.zip")], limits=Limits(max_members=3))
    assert isinstance(item, Skipped) and item.reason == "too-many-members"
    assert item.detail == f"{tmp_path}/a.zip: zip archive declares 5 entries, more than --max-members 3; not opened"
    # An end record that under-declares does not get past the check on the parsed directory.
    lying = bytearray(data)
    lying[-22 + 8 : -22 + 12] = (1).to_bytes(2, "little") * 2
    (tmp_path / "b.zip").write_bytes(bytes(lying))
    [item] = collect([str(tmp_path / "b.zip")], limits=Limits(max_members=3))
    assert isinstance(item, Skipped) and item.reason == "too-many-members"
    assert len(collect([str(tmp_path / "a.zip")], limits=Limits(max_members=5))) == 5


def test_zip_bomb_is_refused_from_declared_sizes(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("ok.csv", ROW)
        with zf.open("zeros.csv", "w") as member:  # streamed: 64 MiB of zeros never held in memory
            block = bytes(MiB)
            for _ in range(64):
                member.write(block)
        zf.writestr("after.csv", ROW)
    (tmp_path / "bomb.zip").write_bytes(buf.getvalue())
    assert len(buf.getvalue()) < 100_000
    items = collect([str(tmp_path / "bomb.zip")], limits=Limits(ratio_grace_bytes=MiB))
    assert summary(items, tmp_path) == [("bomb.zip!ok.csv", "zip"), ("bomb.zip", "skip:decompression-limit")]
    assert "--max-ratio" in items[1].detail and "2 members not scanned" in items[1].detail
    # Allowed by the ratio, a member still stops at --max-bytes while it is read.
    items = collect([str(tmp_path / "bomb.zip")], limits=Limits(max_ratio=1e6, max_bytes=2 * MiB))
    assert isinstance(items[1], Input)
    with items[1].open() as stream, pytest.raises(DecompressionLimitError, match="--max-bytes"):
        while stream.read(MiB):
            pass


def test_gzip_bomb_inside_a_zip_member(tmp_path: Path) -> None:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(comp.compress(bytes(MiB)) for _ in range(32)) + comp.flush()
    (tmp_path / "a.zip").write_bytes(zip_bytes([("z.gz", bomb)], zipfile.ZIP_STORED))
    [item] = collect([str(tmp_path / "a.zip")], limits=Limits(ratio_grace_bytes=MiB))
    assert isinstance(item, Input) and item.compression == "zip+gzip"
    with item.open() as stream, pytest.raises(DecompressionLimitError) as info:
        while stream.read(MiB):
            pass
    assert str(info.value).startswith(f"{tmp_path}/a.zip!z.gz: decompressed size exceeds 1000×")


def test_corrupt_archives(tmp_path: Path) -> None:
    good = zip_bytes([("a.csv", ROW * 100)])
    (tmp_path / "1-truncated.zip").write_bytes(good[: len(good) // 2])
    (tmp_path / "2-junk.zip").write_bytes(b"PK\x03\x04" + CANARY * 10)
    (tmp_path / "3-empty.zip").write_bytes(zip_bytes([]))
    (tmp_path / "4-dirs-only.zip").write_bytes(zip_bytes([("d/", b"")]))
    damaged = bytearray(zip_bytes([("m.csv", os.urandom(3000) + CANARY * 500)]))
    damaged[200:260] = bytes(60)
    (tmp_path / "5-bad-member.zip").write_bytes(bytes(damaged))
    items = collect([str(tmp_path)])
    assert summary(items, tmp_path) == [
        ("1-truncated.zip", "skip:corrupt-archive"),
        ("2-junk.zip", "skip:corrupt-archive"),
        ("3-empty.zip", "skip:empty"),
        ("4-dirs-only.zip", "skip:empty"),
        ("5-bad-member.zip!m.csv", "zip"),
    ]
    with items[4].open() as stream, pytest.raises(CorruptInputError) as info:
        while stream.read(4096):
            pass
    assert CANARY.decode() not in str(info.value)
    for item in items[:4]:
        assert CANARY.decode() not in item.detail and "\n" not in item.detail


def test_member_names_with_control_characters_stay_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(
        patch_member(zip_bytes([("bad\nname.csv", ROW)], zipfile.ZIP_STORED), "bad\nname.csv", flag_bits=1)
    )
    [item] = collect([str(tmp_path / "a.zip")])
    assert isinstance(item, Skipped) and item.name == f"{tmp_path}/a.zip!bad\nname.csv"
    assert "\n" not in item.detail and "bad\\x0aname.csv" in item.detail


def test_inputs_open_after_the_walk(tmp_path: Path) -> None:
    """Collect first, open later (and concurrently): archives are reopened on demand."""
    inner = zip_bytes([(f"i{i}.csv", ROW + b"%d\n" % i) for i in range(3)])
    (tmp_path / "a.zip").write_bytes(
        zip_bytes([*((f"m{i}.csv", ROW + b"%d\n" % i) for i in range(3)), ("n.zip", inner)])
    )
    items = collect([str(tmp_path / "a.zip")])
    assert len(items) == 6
    streams = [item.open() for item in items]
    try:
        contents = [s.read() for s in reversed(streams)][::-1]
    finally:
        for s in streams:
            s.close()
    assert contents == [ROW + b"%d\n" % i for i in range(3)] * 2
    assert [read(i) for i in items] == contents


def test_skip_reasons_are_documented(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04")
    items = collect([str(tmp_path / "x.zip"), str(tmp_path / "missing")])
    assert all(isinstance(i, Skipped) and i.reason in SKIP_REASONS for i in items)
    assert "open" not in repr(Input("a", None, 1, lambda: io.BytesIO()))
