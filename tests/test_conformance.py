"""Conformance: the value classes third-party suites exposed as gaps (issue 20) are found, with their exact span,
by the scanner and by Presidio, on values generated at test time (`tests/conformance_values.py`).

Each class is checked against an independent oracle where one has the algorithm (python-stdnum for NIR keys,
IBAN check digits and BBAN structures; libphonenumber's metadata for the overseas ranges; Python's codecs
for internationalised domains; the RFC 5321 limits; `datetime` for two-digit years).  Public vectors these
classes come from are cited in the pack's YAML `references` (python-stdnum's doctests, Presidio's French NIR
tests, libphonenumber's metadata, ICAO 9303).
"""

from __future__ import annotations

import datetime as dt

import pytest
from conformance_values import (
    REFERENCE,
    Case,
    MrzCase,
    birth_dates_two_digit_years,
    email_lengths,
    ibans,
    idn_emails,
    iso_timestamps_after_birth,
    mrz_documents,
    nirs,
    overseas_phones,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from presidio_analyzer import AnalyzerEngine
from test_presidio_scanner import REFERENCE as PRESIDIO_REFERENCE
from test_presidio_scanner import presidio_cell, presidio_text, scanner_cell, scanner_text

import piiscan.presidio as adapter
from piiscan.validators import dates as vdates

CLASSES = {
    "two-digit-year": birth_dates_two_digit_years(),
    "iso-timestamp-after-birth": iso_timestamps_after_birth(),
    "idn-email": idn_emails(),
    "email-length-limits": email_lengths(),
    "nir-corsica-dots": nirs(),
    "iban-separators-structure": ibans(),
    "overseas-phone": overseas_phones(),
}

_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def engine() -> AnalyzerEngine:
    return adapter.analyzer_engine(reference_date=REFERENCE)


def test_both_sides_read_on_the_same_day() -> None:
    assert REFERENCE == PRESIDIO_REFERENCE


def _check(found: list[tuple[str, int, int]], case: Case) -> None:
    if case.span is None:
        assert case.entity not in {entity for entity, _, _ in found}, (case, found)
    else:
        assert found == [(case.entity, *case.span)], (case, found)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_scanner_and_presidio_find_each_generated_value(engine: AnalyzerEngine, name: str) -> None:
    @_SETTINGS
    @given(case=CLASSES[name])
    def check(case: Case) -> None:
        if not case.text:
            return
        if case.field is None:
            found = scanner_text(case.text)
            _check(found, case)
            assert presidio_text(engine, case.text) == found
        else:
            cell = scanner_cell(case.field, case.text)
            assert cell is not None
            _check(cell, case)
            assert presidio_cell(engine, case.field, case.text) == cell

    check()


@given(born=st.dates(dt.date(1927, 1, 2), REFERENCE))
@settings(max_examples=200, deadline=None)
def test_two_digit_years_take_the_century_of_a_living_person(born: dt.date) -> None:
    """`12/03/85` on the record's date is the latest such day not in the future (`datetime` as the oracle)."""
    written = born.strftime("%d/%m/%y")
    latest = max(
        d
        for d in (dt.date(y, born.month, born.day) for y in (born.year, born.year + 100) if _exists(y, born))
        if d <= REFERENCE
    )
    assert vdates.two_digit_birth_date(written, REFERENCE) == (latest.year, latest.month, latest.day)


def _exists(year: int, born: dt.date) -> bool:
    try:
        dt.date(year, born.month, born.day)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------------------ MRZ: visas, TD2, TD1


@_SETTINGS
@given(case=mrz_documents())
def test_visa_td2_and_long_number_mrz(engine: AnalyzerEngine, case: MrzCase) -> None:
    """Visas MRV-A/MRV-B, TD2 and TD1 with a long document number: every line and every field, exact spans,
    through the scanner and through Presidio (check digits computed by the generator, `icao_check`)."""
    found = scanner_text(case.text)
    assert found == case.expected, case
    assert presidio_text(engine, case.text) == found


def test_the_generator_covers_every_mrz_kind() -> None:
    kinds = set()

    @settings(max_examples=60, deadline=None, database=None)
    @given(case=mrz_documents())
    def collect(case: MrzCase) -> None:
        kinds.add(case.kind)
        assert sum(entity == "MRZ" for entity, _, _ in case.expected) == (3 if case.kind == "TD1" else 2)

    collect()
    assert kinds == {"MRV_A", "MRV_B", "TD2", "TD1"}
