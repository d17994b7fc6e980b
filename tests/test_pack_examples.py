"""Every example and negative example of every recognizer definition, through the scanner.

Adding a recognizer or an example needs no test code: this test reads them from the pack.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from piiscan.api import _memory_input, scan_text
from piiscan.pack import load_pack
from piiscan.scanner import Scanner, ScanOptions

PACK = load_pack()
REFERENCE = dt.date(2026, 1, 1)
CASES = [
    pytest.param(spec.entity, ex, positive, id=f"{spec.entity}-{'pos' if positive else 'neg'}-{i}")
    for spec in PACK.entities
    for positive, examples in ((True, spec.examples), (False, spec.negative_examples))
    for i, ex in enumerate(examples)
]


def _cell_findings(field: str, value: str) -> list[tuple[str, str]]:
    """Scan a one-column CSV whose header is `field`; returns (entity, text) pairs."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows([[field], [value]])
    data = out.getvalue().encode("utf-8")
    scanner = Scanner(ScanOptions(format="csv", encoding="utf-8", reference_date=REFERENCE))
    pairs = []
    for batch in scanner.scan_inputs([_memory_input(data, "<cell>")]):
        for i in range(len(batch)):
            pairs.append((batch.entity_name(i), batch.value(i)))
    return pairs


def _text_findings(text: str) -> list[tuple[str, str]]:
    return [(f.entity, f.text) for f in scan_text(text, reference_date=REFERENCE)]


@pytest.mark.parametrize(("entity", "example", "positive"), CASES)
def test_example(entity, example, positive):
    if example.is_cell:
        found = _cell_findings(example.field, example.value)
        expected = list(example.matches) or [example.value.strip()]
    else:
        found = _text_findings(example.text)
        expected = list(example.matches)
    got = [text for ent, text in found if ent == entity]
    if positive:
        assert got == expected, f"{entity}: expected {expected}, found {found}"
    else:
        assert got == [], f"{entity}: should find nothing, found {got}"
