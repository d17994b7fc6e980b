"""IBAN: generated numbers per country (structure from python-stdnum's registry), cross-checked."""

from __future__ import annotations

import importlib.resources
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum import numdb

from piiscan.validators import iban
from piiscan.validators.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

SETTINGS = settings(max_examples=200, deadline=None)
_REGISTRY = numdb.get("iban")
_PART = re.compile(r"(\d+)!([nac])")
_ALPHABETS = {
    "n": "0123456789",
    "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}


def bban_structure(country: str) -> list[tuple[int, str]]:
    """The BBAN of a country as (count, class) pairs, from stdnum's copy of the SWIFT registry."""
    props = _REGISTRY.info(country)[0][1]
    return [(int(n), kind) for n, kind in _PART.findall(props["bban"])]


def registry_countries() -> set[str]:
    """The country codes of stdnum's registry file (``stdnum/iban.dat``)."""
    text = importlib.resources.files("stdnum").joinpath("iban.dat").read_text("utf-8")
    return {line[:2] for line in text.splitlines() if line[:2].isalpha() and line[:2].isupper()}


def reference_check_digits(country: str, bban: str) -> str:
    """ISO 7064 mod 97-10, computed independently (big integer, letters as 10–35)."""
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


@st.composite
def valid_ibans(draw: st.DrawFn, countries: list[str] | None = None) -> str:
    country = draw(st.sampled_from(countries or sorted(iban.LENGTHS)))
    bban = "".join(
        draw(st.text(alphabet=_ALPHABETS[kind], min_size=n, max_size=n)) for n, kind in bban_structure(country)
    )
    return country + reference_check_digits(country, bban) + bban


def test_length_table_matches_the_registry() -> None:
    assert set(iban.LENGTHS) == registry_countries()
    for country, length in iban.LENGTHS.items():
        assert 4 + sum(n for n, _ in bban_structure(country)) == length, country
    assert iban.LENGTHS["FR"] == 27


@SETTINGS
@given(number=valid_ibans())
def test_generated_ibans_are_valid_and_agree_with_stdnum(number: str) -> None:
    for written in (number, iban.format(number), number.lower(), " " + iban.format(number, "-") + " "):
        assert iban.validate(written) == number
    assert stdnum_iban.is_valid(number, check_country=False)
    assert iban.check_digits(number) == number[2:4]


def _expected(number: str) -> bool:
    """stdnum's answer (without its national BBAN checks), plus ISO 13616's 02–98 check digit range."""
    return stdnum_iban.is_valid(number, check_country=False) and number[2:4] not in ("00", "01", "99")


@SETTINGS
@given(number=valid_ibans(), data=st.data())
def test_one_digit_changed_agrees_with_stdnum(number: str, data: st.DataObject) -> None:
    i = data.draw(st.sampled_from([i for i, c in enumerate(number) if c.isdigit()]))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != number[i]]))
    corrupted = number[:i] + digit + number[i + 1 :]
    assert iban.is_valid(corrupted) is _expected(corrupted)
    assert iban.is_valid(corrupted) is False, "mod 97 catches every single-digit error"


@SETTINGS
@given(number=valid_ibans(), data=st.data())
def test_two_digits_swapped_agrees_with_stdnum(number: str, data: st.DataObject) -> None:
    pairs = [
        (i, j)
        for i in range(len(number))
        for j in range(i + 1, len(number))
        if number[i].isdigit() and number[j].isdigit() and number[i] != number[j]
    ]
    if not pairs:
        return
    i, j = data.draw(st.sampled_from(pairs))
    swapped = number[:i] + number[j] + number[i + 1 : j] + number[i] + number[j + 1 :]
    assert iban.is_valid(swapped) is _expected(swapped)


@SETTINGS
@given(number=valid_ibans(countries=["FR", "MC", "DE", "BE", "GB", "ES", "IT"]))
def test_wrong_lengths_are_rejected(number: str) -> None:
    with pytest.raises(InvalidLength):
        iban.validate(number[:-1])
    with pytest.raises(InvalidLength):
        iban.validate(number + "0")


def test_check_digits_outside_02_98_are_rejected() -> None:
    # 97 ≡ 00 and 98 ≡ 01 modulo 97: find a French BBAN whose check digits are 97 or 98 and write 00 / 01
    for n in range(10_000):
        bban = f"3000600001{n:011d}00"
        check = reference_check_digits("FR", bban)
        if check in ("97", "98"):
            alias = "00" if check == "97" else "01"
            assert iban.is_valid("FR" + check + bban)
            assert stdnum_iban.is_valid("FR" + alias + bban), "the modulus alone accepts the alias"
            with pytest.raises(InvalidChecksum):
                iban.validate("FR" + alias + bban)
            return
    pytest.fail("no BBAN with check digits 97/98 found")


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("ZZ76 3000 6000 0112 3456 7890 189", InvalidComponent),
        ("FR76 3000 6000 0112 3456 7890 18", InvalidLength),
        ("FR76 3000 6000 0112 3456 7890 1_9", InvalidFormat),
        ("1276 3000 6000 0112 3456 7890 189", InvalidFormat),
        ("FRX6 3000 6000 0112 3456 7890 189", InvalidFormat),
        ("FR77 3000 6000 0112 3456 7890 189", InvalidChecksum),
        ("FR", InvalidFormat),
        ("", InvalidFormat),
    ],
)
def test_rejections(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        iban.validate(value)


def test_only_ascii_letters_are_upper_cased() -> None:
    # 'ı' (dotless i) and 'ſ' (long s) upper-case to ASCII I and S with str.upper
    assert iban.is_valid("GB29NWBK60161331926819".lower())
    assert not iban.is_valid("GB29NWBK60161331926819".lower().replace("b", "ı"))
    assert not iban.is_valid("MT93ABCD12345000000000ACCT00042".lower().replace("c", "ſ"))


def test_bban_structures_match_the_registry() -> None:
    """Our copy of the SWIFT structures (`iban.BBAN_STRUCTURES`) is stdnum's, country by country."""
    assert set(iban.BBAN_STRUCTURES) == set(iban.LENGTHS)
    for country in iban.LENGTHS:
        expanded = "".join(kind * n for n, kind in bban_structure(country))
        assert iban.bban_classes(country) == expanded, country


@SETTINGS
@given(number=valid_ibans(), data=st.data())
def test_a_character_of_the_wrong_class_agrees_with_stdnum(number: str, data: st.DataObject) -> None:
    """A letter where the BBAN wants a digit (or a digit where it wants a letter), with the check digits made
    right again so only the structure is wrong: invalid for both (stdnum checks the structure after mod 97)."""
    classes = iban.bban_classes(number[:2])
    strict = [q for q, kind in enumerate(classes) if kind in "na"]
    if not strict:
        return
    q = data.draw(st.sampled_from(strict))
    wrong = data.draw(st.sampled_from(_ALPHABETS["a"] if classes[q] == "n" else _ALPHABETS["n"]))
    bban = number[4:][:q] + wrong + number[4:][q + 1 :]
    forged = number[:2] + reference_check_digits(number[:2], bban) + bban
    assert iban.is_valid(forged) is False
    assert stdnum_iban.is_valid(forged, check_country=False) is False
