"""Format-only identifiers: passport, identity card (old CNI and CNIe), AGDREF."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.validators import agdref, idcard, passport
from piiscan.validators.exceptions import InvalidComponent, InvalidFormat, InvalidLength

SETTINGS = settings(max_examples=200, deadline=None)
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@SETTINGS
@given(value=st.text(alphabet=ALNUM + "abz <", max_size=14))
def test_passport_matches_its_regex(value: str) -> None:
    compact = value.replace(" ", "").upper()
    assert passport.is_valid(value) is bool(re.fullmatch(r"[0-9]{2}[A-Z]{2}[0-9]{5}", compact))


@SETTINGS
@given(value=st.text(alphabet="0123456789 a", max_size=14))
def test_agdref_is_ten_digits(value: str) -> None:
    assert agdref.is_valid(value) is bool(re.fullmatch(r"[0-9]{10}", value.replace(" ", "")))


def reference_cni(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}[0-9A-Z]{3}[0-9]{5}", value):
        return False
    year, month = int(value[:2]), int(value[2:4])
    return 1 <= month <= 12 and (year >= 88 or year <= 21)


def reference_cnie(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-Z]{9}", value)) and not value.isdigit() and not value.isalpha()


@SETTINGS
@given(value=st.one_of(st.text(alphabet=ALNUM, min_size=9, max_size=12), st.from_regex(r"\A[0-9]{12}\Z")))
def test_idcard_matches_reference(value: str) -> None:
    expected = reference_cni(value) or reference_cnie(value)
    assert idcard.is_valid(value) is expected
    assert idcard.kind(value) == (("cni" if len(value) == 12 else "cnie") if expected else None)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("880692310285", "cni"),
        ("2106 2A0 12345", "cni"),
        ("0001 75P 00001", "cni"),
        ("X4RTBPFW4", "cnie"),
        ("u73l04eyc", "cnie"),
        ("11EU55687", "cnie"),  # also a passport shape: the context decides
        ("220692310285", None),  # issued in 2022: the old card no longer existed
        ("871292310285", None),  # 1987: before the first issue
        ("881392310285", None),  # month 13
        ("ABCDEFGHI", None),
        ("123456789", None),
        ("12345678901", None),
    ],
)
def test_idcard_kinds(value: str, kind: str | None) -> None:
    assert idcard.kind(value) == kind


@pytest.mark.parametrize(
    ("module", "value", "error"),
    [
        (passport, "12AB345678", InvalidLength),
        (passport, "12A834567", InvalidFormat),
        (passport, "١٢AB٣٤٥٦٧", InvalidFormat),
        (agdref, "12345678901", InvalidLength),
        (agdref, "12345678O1", InvalidFormat),
        (idcard, "881392310285", InvalidComponent),
        (idcard, "88069231028X", InvalidFormat),
        (idcard, "ABCDEFGHI", InvalidFormat),
        (idcard, "1234", InvalidLength),
    ],
)
def test_rejections(module: object, value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        module.validate(value)  # type: ignore[attr-defined]


def test_only_ascii_letters_are_upper_cased() -> None:
    assert passport.is_valid("12ab34567")
    assert idcard.kind("2106 2a0 12345") == "cni"
    assert not idcard.is_valid("ı2345678A")  # 'ı'.upper() == 'I'
