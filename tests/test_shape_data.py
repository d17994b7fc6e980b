"""The benchmark's dump shapes: deterministic, well-formed for their format, and carrying valid identifiers."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from synth.shapes import SHAPES, shape_path, write_shape

ROWS = 300
NIR = re.compile(rb"(?<![0-9])[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{6}[0-9]{2}(?![0-9])")


def _nir_ok(nir: bytes) -> bool:
    digits = nir.decode().replace("2A", "19").replace("2B", "18")
    return 97 - int(digits[:13]) % 97 == int(digits[13:])


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("shapes")
    return {s: _write(s, out / f"{s}.a") for s in SHAPES}


def _write(shape: str, path: Path, seed: int = 1) -> bytes:
    stats = write_shape(shape, path, seed=seed, rows=ROWS)
    data = path.read_bytes()
    assert stats.bytes == len(data) and stats.rows == ROWS
    return data


@pytest.mark.parametrize("shape", SHAPES)
def test_deterministic_for_seed(shape: str, dumps: dict[str, bytes], tmp_path: Path) -> None:
    assert _write(shape, tmp_path / "b") == dumps[shape]
    assert _write(shape, tmp_path / "c", seed=2) != dumps[shape]


def test_wide_csv_has_22_columns_on_every_row(dumps: dict[str, bytes]) -> None:
    text = dumps["wide"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == ROWS + 1
    assert {len(r) for r in rows} == {22}
    assert rows[0][12:15] == ["Adresse", "Code postal", "Commune"]


def test_jsonl_records_are_nested_json(dumps: dict[str, bytes]) -> None:
    records = [json.loads(line) for line in dumps["jsonl"].decode("utf-8").splitlines()]
    assert len(records) == ROWS
    assert all(isinstance(r["usager"]["naissance"], dict) and isinstance(r["pieces"], list) for r in records)
    assert sum(r["usager"]["contact"]["email"] is not None for r in records) > ROWS * 0.9


def test_sql_dump_has_insert_and_terminated_copy_blocks(dumps: dict[str, bytes]) -> None:
    lines = dumps["sql"].decode("utf-8").split("\n")
    assert sum(line.startswith("INSERT INTO public.usagers VALUES (") for line in lines) == ROWS
    assert sum(line.startswith("INSERT INTO public.contacts VALUES (") for line in lines) == ROWS
    for table, width in (("pieces", 5), ("dossiers", 6)):
        start = next(i for i, line in enumerate(lines) if line.startswith(f"COPY public.{table} ("))
        end = lines.index("\\.", start)
        assert end - start - 1 == ROWS
        assert {len(line.split("\t")) for line in lines[start + 1 : end]} == {width}


def test_text_dump_is_one_message_per_record(dumps: dict[str, bytes]) -> None:
    text = dumps["text"].decode("utf-8")
    assert text.count("\nFrom: ") + text.startswith("From: ") == ROWS
    assert len(re.findall(r"(?m)^From \S+@\S+ \d{4}-\d{2}-\d{2}$", text)) == ROWS


@pytest.mark.parametrize("shape", SHAPES)
def test_compact_nirs_carry_valid_keys(shape: str, dumps: dict[str, bytes]) -> None:
    nirs = NIR.findall(dumps[shape])
    assert len(nirs) > 20
    assert sum(map(_nir_ok, nirs)) / len(nirs) > 0.95


def test_cache_name_carries_shape_size_and_seed(tmp_path: Path) -> None:
    a = shape_path("wide", tmp_path, seed=1, size_gb=1.0, rows=None)
    assert a != shape_path("wide", tmp_path, seed=2, size_gb=1.0, rows=None)
    assert a != shape_path("wide", tmp_path, seed=1, size_gb=None, rows=1000)
    assert a != shape_path("jsonl", tmp_path, seed=1, size_gb=1.0, rows=None)
    assert shape_path("ofii", tmp_path, seed=1, size_gb=1.0, rows=None).name.startswith("ofii_v")
