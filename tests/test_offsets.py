"""End to end on every bundled fixture: byte offsets are exact in the input's own encoding, workers and
chunk sizes never change the findings, and accuracy against the fixture's truth does not regress."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from piiscan.scanner import Scanner, ScanOptions
from piiscan.source.encoding import detect_encoding
from piiscan.source.inputs import Input, iter_inputs

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_file() and p.suffix != ".py")
KEY = b"k" * 32
REF = dt.date(2026, 1, 1)


def _decompressed(path: Path) -> dict[str, bytes]:
    out = {}
    for item in iter_inputs([str(path)]):
        assert isinstance(item, Input), item
        with item.open() as stream:
            out[item.name] = stream.read()
    return out


def _findings(path: Path, **options) -> list[tuple]:
    scanner = Scanner(ScanOptions(key=KEY, reference_date=REF, **options))
    rows = []
    for batch in scanner.scan([str(path)]):
        for i in range(len(batch)):
            rows.append(
                (batch.source_at(i), batch.entity_name(i), int(batch.offset[i]), int(batch.src_length[i]),
                 int(batch.record[i]), batch.field_names[batch.field[i]] if batch.field[i] >= 0 else None,
                 int(batch.hash[i]), batch.value(i))
            )  # fmt: skip
    return rows


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_offsets_point_at_the_value_in_the_input_encoding(path):
    rows = _findings(path)
    assert rows, "every fixture holds personal data"
    data = _decompressed(path)
    for source, entity, offset, length, _rec, _field, _h, value in rows:
        raw = data[source][offset : offset + length]
        encoding = detect_encoding(data[source][: 1 << 20])
        codec = {"utf16le": "utf-16-le", "utf16be": "utf-16-be"}.get(encoding.kind, encoding.name)
        assert raw.decode(codec) == value, (entity, offset)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_workers_and_chunk_size_never_change_findings(path):
    one = _findings(path, workers=1)
    assert _findings(path, workers=2, chunk_size=1 << 12) == one
    assert _findings(path, workers=2, chunk_size=997) == one


def _f1_by_entity(path: Path) -> dict[str, float]:
    truth_path = ROOT / "fixtures" / "truth" / f"{path.name}.truth.jsonl"
    truth = [json.loads(line) for line in truth_path.read_text().splitlines()]
    found = _findings(path)
    tp = Counter()
    fp = Counter()
    n_truth = Counter(t["entity"] for t in truth if not t.get("optional"))
    spans = {}
    for t in truth:
        spans.setdefault((t["file"], t["entity"]), []).append((t["offset"], t["offset"] + t["length"], t))
    matched = set()
    for source, entity, offset, length, *_ in found:
        file = (
            source.rsplit("/", 1)[-1]
            if "!" not in source
            else "!".join([Path(source.split("!")[0]).name, source.split("!", 1)[1]])
        )
        hit = None
        for a, b, t in spans.get((file, entity), []):
            if a < offset + length and offset < b and id(t) not in matched:
                hit = t
                break
        if hit is not None:
            matched.add(id(hit))
            if not hit.get("optional"):
                tp[entity] += 1
        elif not any(a < offset + length and offset < b for a, b, _ in spans.get((file, entity), [])):
            fp[entity] += 1
    scores = {}
    for entity in set(n_truth) | set(fp):
        p = tp[entity] / (tp[entity] + fp[entity]) if tp[entity] + fp[entity] else 0.0
        r = tp[entity] / n_truth[entity] if n_truth[entity] else 0.0
        scores[entity] = 2 * p * r / (p + r) if p + r else 0.0
    return scores


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_accuracy_on_fixture_truth(path):
    """A regression floor, not a target: the generated fixtures are easier than real dumps."""
    scores = _f1_by_entity(path)
    low = {e: round(f, 3) for e, f in scores.items() if f < 0.9}
    assert not low, low
