"""The read-ahead file reads exactly what a plain file reads, and keeps the kernel's advice ahead of it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.source import readahead
from piiscan.source.readahead import AHEAD, ReadAheadFile

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("readinto"), st.integers(0, 5000)),
        st.tuples(st.just("read"), st.integers(-1, 5000)),
        st.tuples(st.just("seek"), st.integers(0, 12000)),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=10000), ops=OPS)
def test_reads_what_a_plain_file_reads(tmp_path_factory: pytest.TempPathFactory, data: bytes, ops) -> None:
    path = tmp_path_factory.mktemp("ra") / "f.bin"
    path.write_bytes(data)
    with ReadAheadFile(path) as ours, open(path, "rb", buffering=0) as plain:
        for op, arg in ops:
            if op == "readinto":
                a, b = bytearray(arg), bytearray(arg)
                assert ours.readinto(a) == plain.readinto(b) and a == b
            elif op == "read":
                assert ours.read(arg) == plain.read(arg)
            else:
                assert ours.seek(arg) == plain.seek(arg)
            assert ours.tell() == plain.tell()


def test_advice_stays_ahead_of_the_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(readahead, "_fadvise", lambda fd, start, length, advice: calls.append((start, length)))
    size = 3 * AHEAD
    path = tmp_path / "big.bin"
    with path.open("wb") as fh:
        fh.truncate(size)  # sparse: no disk space used
    chunk = bytearray(8 << 20)
    with ReadAheadFile(path) as f:
        pos = 0
        while n := f.readinto(chunk):
            pos += n
            assert any(start <= pos < start + length for start, length in calls) or pos == size
            assert max(start + length for start, length in calls) >= min(pos + AHEAD // 2, size)
    assert calls[0] == (0, AHEAD) and [s for s, _ in calls] == sorted(s for s, _ in calls)


def test_without_fadvise_the_file_reads_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readahead, "_fadvise", None)
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc" * 1000)
    with ReadAheadFile(path) as f:
        assert f.read() == b"abc" * 1000


def test_refused_advice_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(readahead, "_fadvise", refuse)
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 100)
    with ReadAheadFile(path) as f:
        buf = bytearray(64)
        assert f.readinto(buf) == 64 and f.read() == b"x" * 36
        assert isinstance(f, io.FileIO)
