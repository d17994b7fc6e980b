"""Dates: every writing of every calendar day parses back to it; impossible days and US order do not."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.validators import dates
from piiscan.validators.exceptions import InvalidComponent, InvalidFormat

SETTINGS = settings(max_examples=200, deadline=None)
days = st.dates(min_value=datetime.date(1000, 1, 1))

FULL = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre"]  # fmt: skip
ABBREVIATED = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
               "déc."]  # fmt: skip


@SETTINGS
@given(day=days, sep=st.sampled_from(["/", ".", "-", " "]), pad=st.booleans())
def test_numeric_day_first(day: datetime.date, sep: str, pad: bool) -> None:
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    assert dates.parse_date(f"{d}{sep}{m}{sep}{day.year:04d}") == (day.year, day.month, day.day)


@SETTINGS
@given(day=days, suffix=st.sampled_from(["", "T00:00:00.000Z", "T00:00:00Z", " 00:00:00", "T12:30:00+02:00",
                                          "T23:59", " 00:00:00.123456"]))  # fmt: skip
def test_iso(day: datetime.date, suffix: str) -> None:
    assert dates.parse_date(day.isoformat() + suffix) == (day.year, day.month, day.day)


@SETTINGS
@given(day=days, names=st.sampled_from([FULL, ABBREVIATED]), style=st.sampled_from(["as-is", "upper", "plain"]))
def test_french_month_names(day: datetime.date, names: list[str], style: str) -> None:
    month = names[day.month - 1]
    text = f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    if style == "upper":
        text = text.upper()
    elif style == "plain":
        text = text.replace("é", "e").replace("û", "u")
    assert dates.parse_date(text) == (day.year, day.month, day.day)
    assert dates.validate(text) == day.isoformat()


@pytest.mark.parametrize(
    "text",
    ["12 mars 1985", "12 Mars 1985", "12 MARS 1985", "12 mar 1985", "12\u00a0mars\u00a01985", "12-mars-1985"],
)
def test_march_writings(text: str) -> None:
    assert dates.parse_date(text) == (1985, 3, 12)


@pytest.mark.parametrize("text", ["3 fev 2001", "3 fév. 2001", "3 FEVRIER 2001", "3 févr 2001"])
def test_february_writings(text: str) -> None:
    assert dates.parse_date(text) == (2001, 2, 3)


@SETTINGS
@given(year=st.integers(1, 9999), month=st.integers(-1, 14), day=st.integers(-1, 33))
def test_calendar_validity_matches_datetime(year: int, month: int, day: int) -> None:
    try:
        datetime.date(year, month, day)
    except ValueError:
        exists = False
    else:
        exists = True
    assert dates.is_valid_date(year, month, day) is exists
    text = f"{day:02d}/{month:02d}/{year:04d}"
    if month >= 0 and day >= 0:
        assert (dates.parse_date(text) is not None) is exists


@pytest.mark.parametrize(
    "text",
    [
        "05/13/1990",  # US order is never tried
        "31/04/1990",
        "29/02/1900",
        "12/03/85",  # two-digit years: century unknown
        "19850312",  # yyyymmdd: any 8-digit number
        "12/03-1985",  # mixed separators
        "12er mars 1985",
        "12 marzo 1985",
        "1985-03-12T25",
        "mars 1985",
        "",
    ],
)
def test_rejected_writings(text: str) -> None:
    assert dates.parse_date(text) is None
    assert dates.is_valid(text) is False


def test_validate_errors() -> None:
    for impossible in ("31/04/1990", "31 avril 1990", "1990-02-30", "12 marzo 1985"):
        with pytest.raises(InvalidComponent):
            dates.validate(impossible)
    with pytest.raises(InvalidFormat):
        dates.validate("le 12 mars")
    assert dates.format("1990-05-04T00:00:00.000Z") == "04/05/1990"


@SETTINGS
@given(day=st.dates(min_value=datetime.date(1900, 1, 1)), ref_year=st.integers(1900, 2200))
def test_mrz_birth_date_is_never_in_the_future(day: datetime.date, ref_year: int) -> None:
    result = dates.mrz_birth_date(day.strftime("%y%m%d"), ref_year)
    assert result is not None
    year, month, dd = result
    assert (month, dd) == (day.month, day.day)
    assert year % 100 == day.year % 100
    assert ref_year - 100 < year <= ref_year


def test_mrz_birth_date_rejections() -> None:
    assert dates.mrz_birth_date("870230", 2024) is None
    assert dates.mrz_birth_date("87<<<<", 2024) is None
    assert dates.mrz_birth_date("8705", 2024) is None
    assert dates.mrz_birth_date("٨٧٠٥٢٢", 2024) is None


def reference_age(dob: datetime.date, ref: datetime.date) -> int:
    """Age with datetime arithmetic: the birthday in ref's year (29 February → 1 March)."""
    try:
        birthday = dob.replace(year=ref.year)
    except ValueError:
        birthday = datetime.date(ref.year, 3, 1)
    return ref.year - dob.year - (ref < birthday)


@SETTINGS
@given(dob=st.dates(), ref=st.dates())
def test_age_on(dob: datetime.date, ref: datetime.date) -> None:
    assert dates.age_on(dob, ref) == reference_age(dob, ref)
    as_tuples = (dob.year, dob.month, dob.day), (ref.year, ref.month, ref.day)
    assert dates.age_on(*as_tuples) == dates.age_on(dob, ref)
    plausible = dob <= ref and reference_age(dob, ref) <= 120
    assert dates.is_plausible_birth_date(dob, ref) is plausible


def test_plausibility_edges() -> None:
    ref = (2024, 6, 15)
    assert dates.is_plausible_birth_date((2024, 6, 15), ref)  # born today: age 0
    assert not dates.is_plausible_birth_date((2024, 6, 16), ref)  # tomorrow
    assert dates.is_plausible_birth_date((1904, 6, 16), ref)  # 119
    assert dates.is_plausible_birth_date((1903, 6, 16), ref)  # 120
    assert not dates.is_plausible_birth_date((1903, 6, 15), ref)  # 121 today
    assert not dates.is_plausible_birth_date((1990, 2, 30), ref)
    assert dates.age_on((2000, 2, 29), (2023, 2, 28)) == 22
    assert dates.age_on((2000, 2, 29), (2023, 3, 1)) == 23
