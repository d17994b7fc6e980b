"""The Presidio adapter reports what the scanner reports: same entities, same spans.

Why: `piiscan.presidio` runs the reference detector (`piiscan.reference`), and the numba scanner is kept
equal to the reference by `test_reference.py`; this closes the loop end to end, through the public APIs of
both sides (`AnalyzerEngine.analyze` / `BatchAnalyzerEngine.analyze_dict` and `piiscan.api.scan_text`), on
every example of the pack and on generated texts and cells: pieces of the pack's examples and random tokens,
and lines of valid values of every entity with their context words (`test_reference.snippets`).

A free text is a `text`-format input for the scanner (a cell per line, an MRZ read across lines) and one
`analyze` text for Presidio (one cell, an MRZ read across its lines); a cell is one JSON Lines record
`{"field": "value"}` for the scanner and `analyze_dict({field: value})` for Presidio.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
from test_reference import XFAIL_CASES, snippets

import piiscan.presidio as adapter
from piiscan.api import scan_text
from piiscan.pack import load_pack

PACK = load_pack()
REFERENCE = dt.date(2026, 1, 1)
LANGUAGE = "fr"

Spans = list[tuple[str, int, int]]

KERNEL_BUGS: dict[str, str] = {}
"""Pack examples on which the scanner has a known kernel bug (`test_reference.XFAIL_CASES`: the reference,
hence Presidio, follows the documented rule).  Fix the kernel, and the example passes: delete it here."""


@pytest.fixture(scope="module")
def engine() -> AnalyzerEngine:
    return adapter.analyzer_engine(reference_date=REFERENCE)


def _one_line(text: str) -> bool:
    """The scanner's text format cuts lines; a text of one line is one cell on both sides."""
    return not any(ch in text for ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def scanner_text(text: str) -> Spans:
    found = scan_text(text, format="text", reference_date=REFERENCE, workers=1)
    return sorted((f.entity, f.start, f.end) for f in found)


def presidio_text(engine: AnalyzerEngine, text: str) -> Spans:
    return sorted((r.entity_type, r.start, r.end) for r in engine.analyze(text, language=LANGUAGE))


def _jsonl(field: str, value: str) -> tuple[str, int] | None:
    """The JSON Lines record of a cell and the character offset of its value, or None if escapes would
    move characters (the scanner then reads `\\uXXXX` escapes, Presidio the characters)."""
    line = json.dumps({field: value}, ensure_ascii=False)
    quoted = json.dumps(value, ensure_ascii=False)
    if quoted != f'"{value}"' or not line.endswith(quoted + "}") or not _one_line(line):
        return None
    return line, len(line) - len(quoted) - 1 + 1


def scanner_cell(field: str, value: str) -> Spans | None:
    record = _jsonl(field, value)
    if record is None:
        return None
    line, at = record
    found = scan_text(line, format="jsonl", reference_date=REFERENCE, workers=1)
    return sorted((f.entity, f.start - at, f.end - at) for f in found)


def presidio_cell(engine: AnalyzerEngine, field: str, value: str) -> Spans:
    [result] = BatchAnalyzerEngine(engine).analyze_dict({field: value}, language=LANGUAGE)
    return sorted((r.entity_type, r.start, r.end) for r in result.recognizer_results)


# ------------------------------------------------------------------------------------ pack examples


def _examples() -> list[object]:
    cases = []
    for spec in PACK.entities:
        for kind, examples in (("pos", spec.examples), ("neg", spec.negative_examples)):
            for i, example in enumerate(examples):
                case_id = f"{spec.entity}-{kind}-{i}"
                bug = KERNEL_BUGS.get(case_id)
                marks = [pytest.mark.xfail(strict=True, reason=XFAIL_CASES[bug][2])] if bug else []
                cases.append(pytest.param(example, id=case_id, marks=marks))
    return cases


@pytest.mark.parametrize("example", _examples())
def test_every_pack_example(engine: AnalyzerEngine, example) -> None:
    if example.is_cell:
        expected = scanner_cell(example.field, example.value)
        if expected is None:
            pytest.skip("the value needs JSON escapes")
        assert presidio_cell(engine, example.field, example.value) == expected
    else:
        assert presidio_text(engine, example.text) == scanner_text(example.text)


# ------------------------------------------------------------------------------------ generated inputs


def _fragments() -> list[str]:
    """Words and values the pack is about: example texts and values cut at blanks, context words, headers."""
    out: set[str] = set()
    for spec in PACK.entities:
        for example in (*spec.examples, *spec.negative_examples):
            for piece in (example.text, example.value):
                if piece:
                    out.update(piece.split())
                    out.add(piece.strip())
        out.update(spec.context)
    return sorted(w for w in out if w and _one_line(w))


FRAGMENTS = _fragments()
HEADERS = sorted({h for spec in PACK.entities for h in spec.headers} | {"commentaire", "ref", "id"})
_digits = st.integers(0, 10**15).map(str)
_grouped = st.lists(st.integers(0, 9999).map(lambda n: f"{n:02d}"), min_size=2, max_size=8).map(
    lambda groups: st_join(groups)
)


def st_join(groups: list[str]) -> str:
    return " ".join(groups)


_token = st.one_of(
    st.sampled_from(FRAGMENTS),
    _digits,
    _grouped,
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=1, max_size=12),
    st.text(alphabet="abcdéèçêôîàù-'", min_size=1, max_size=10),
)
_separator = st.sampled_from([" ", " ", " ", ", ", " : ", " - ", ". ", "\t", " n° ", "/"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(_token, min_size=1, max_size=14))
    text = tokens[0]
    for token in tokens[1:]:
        text += draw(_separator) + token
    assume(_one_line(text))
    return text


_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@_SETTINGS
@given(text=_texts())
def test_generated_free_text(engine: AnalyzerEngine, text: str) -> None:
    assert presidio_text(engine, text) == scanner_text(text)


@_SETTINGS
@given(field=st.sampled_from(HEADERS), value=st.one_of(_texts(), st.sampled_from(FRAGMENTS)))
def test_generated_cells(engine: AnalyzerEngine, field: str, value: str) -> None:
    expected = scanner_cell(field, value)
    assume(expected is not None)
    assert presidio_cell(engine, field, value) == expected


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """A line of an administrative text holding valid values of every entity, with or without their context
    (the kernel-vs-reference generator's snippets: NIRs with their key, IBANs, digit runs from their
    `DigitRun`, dates, names, addresses, credentials...), so that both sides meet values that validate."""
    parts = draw(st.lists(snippets(json_safe=True).filter(_one_line), min_size=1, max_size=8))
    text = parts[0]
    for part in parts[1:]:
        text += draw(_separator) + part
    assume(_one_line(text))
    return text


@_SETTINGS
@given(text=_documents())
def test_generated_documents(engine: AnalyzerEngine, text: str) -> None:
    assert presidio_text(engine, text) == scanner_text(text)


@_SETTINGS
@given(field=st.sampled_from(HEADERS), value=snippets(json_safe=True).filter(_one_line))
def test_generated_valid_cells(engine: AnalyzerEngine, field: str, value: str) -> None:
    expected = scanner_cell(field, value)
    assume(expected is not None)
    assert presidio_cell(engine, field, value) == expected


# ----------------------------------------------------------------- disagreements of the former adapter


def _td1_blank_expiry() -> str:
    from piiscan.validators.mrz import check_digit

    l1 = "IDFRAU73L04EYC" + check_digit("U73L04EYC") + "<" * 15
    l2 = "900312" + check_digit("900312") + "F" + "<<<<<<" + "<" + "FRA" + "<" * 11
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return "\n".join((l1, l2, "THOMAS<<GILBERT".ljust(30, "<")))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Tél : 06 12.34-56 78", []),  # mixed separators: neither side (the former adapter found a phone)
        ("IBAN FR76 30006000011234567890189", ["IBAN_CODE"]),  # grouped 4 + rest (the former adapter: nothing)
        ("CNI n° 880692310285", ["FR_ID_CARD"]),
        ("CNI T7K2M9PQ1", ["FR_ID_CARD"]),
        (_td1_blank_expiry(), ["DATE_OF_BIRTH", "FR_ID_CARD", "MRZ", "MRZ", "MRZ", "NATIONALITY", "PERSON", "PERSON"]),
    ],
    ids=["phone-mixed-separators", "iban-4-plus-rest", "cni-old", "cnie", "mrz-blank-expiry"],
)
def test_former_disagreements(engine: AnalyzerEngine, text: str, found: list[str]) -> None:
    """Inputs on which the former adapter (its own copy of the rules) and the scanner disagreed."""
    expected = scanner_text(text)
    assert [entity for entity, _, _ in expected] == found
    assert presidio_text(engine, text) == expected
