"""NIR: generated numbers with a computed key, cross-checked against python-stdnum."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.fr import nir as stdnum_nir

from piiscan.validators import nir
from piiscan.validators.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

SETTINGS = settings(max_examples=200, deadline=None)

MONTHS = [*range(1, 13), *range(20, 43), *range(50, 100)]
BAD_MONTHS = [0, *range(13, 20), *range(43, 50)]


def two(n: int) -> str:
    return f"{n:02d}"


@st.composite
def first13(draw: st.DrawFn, months: list[int] = MONTHS) -> str:
    """The 13 first characters of a NIR-shaped number (sex, year, month, department, commune, order)."""
    sex = draw(st.sampled_from("123478"))
    year = two(draw(st.integers(0, 99)))
    month = two(draw(st.sampled_from(months)))
    dept = draw(st.one_of(st.integers(1, 99).map(two), st.sampled_from(["2A", "2B"])))
    rest = draw(st.integers(0, 999_999)).__format__("06d")
    return sex + year + month + dept + rest


def reference_key(body: str) -> str:
    """The key, computed independently of the module (the INSEE rule)."""
    digits = body.replace("2A", "19", 1) if body[5:7] == "2A" else body
    digits = digits.replace("2B", "18", 1) if body[5:7] == "2B" else digits
    return two(97 - int(digits) % 97)


def structure_ok(number: str) -> bool:
    """The rules piiscan checks on top of stdnum's key check."""
    month = int(number[3:5])
    return number[0] in "123478" and month in MONTHS and number[5:7] != "00"


@SETTINGS
@given(body=first13())
def test_generated_numbers_are_valid_and_agree_with_stdnum(body: str) -> None:
    number = body + reference_key(body)
    assert nir.key(body) == reference_key(body) == stdnum_nir.calc_check_digits(number)
    for written in (number, nir.format(number), number[:13] + " " + number[13:], number.lower()):
        assert nir.validate(written) == number
        assert nir.is_valid(written) is True
        assert stdnum_nir.is_valid(written) is True


@SETTINGS
@given(body=first13(), data=st.data())
def test_one_digit_changed_agrees_with_stdnum(body: str, data: st.DataObject) -> None:
    number = body + reference_key(body)
    positions = [i for i, c in enumerate(number) if c.isdigit()]
    i = data.draw(st.sampled_from(positions))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != number[i]]))
    corrupted = number[:i] + digit + number[i + 1 :]
    assert nir.is_valid(corrupted) is (stdnum_nir.is_valid(corrupted) and structure_ok(corrupted))
    assert nir.is_valid(corrupted) is False, "the key catches every single-digit error"


@SETTINGS
@given(body=first13(), data=st.data())
def test_two_digits_swapped_agrees_with_stdnum(body: str, data: st.DataObject) -> None:
    number = body + reference_key(body)
    pairs = [
        (i, j)
        for i in range(15)
        for j in range(i + 1, 15)
        if number[i].isdigit() and number[j].isdigit() and number[i] != number[j]
    ]
    i, j = data.draw(st.sampled_from(pairs))
    swapped = number[:i] + number[j] + number[i + 1 : j] + number[i] + number[j + 1 :]
    assert nir.is_valid(swapped) is (stdnum_nir.is_valid(swapped) and structure_ok(swapped))


@SETTINGS
@given(body=first13(months=BAD_MONTHS))
def test_impossible_months_are_rejected_even_with_a_good_key(body: str) -> None:
    number = body + reference_key(body)
    assert stdnum_nir.is_valid(number)
    with pytest.raises(InvalidComponent):
        nir.validate(number)


@pytest.mark.parametrize("sex_digit", "0569")
def test_impossible_sex_digits(sex_digit: str) -> None:
    body = sex_digit + "850375116001"
    with pytest.raises(InvalidComponent):
        nir.validate(body + reference_key(body))


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("1 85 03 75 116 001 2", InvalidLength),
        ("1 85 03 75 116 001 277", InvalidLength),
        ("1 85 03 2C 116 001 27", InvalidFormat),
        ("1 85 03 75 116 0O1 27", InvalidFormat),
        ("١٨٥٠٣٧٥١١٦٠٠١٢٧", InvalidFormat),  # Arabic-Indic digits are not NIR digits
        ("185037511600127" + "0" * 5000, InvalidLength),
        ("1 85 03 75 116 001 28", InvalidChecksum),
        ("1 85 03 00 116 001 27", InvalidComponent),
    ],
)
def test_rejections(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        nir.validate(value)


def test_non_ascii_digits_are_not_digits() -> None:
    for zero in (0x660, 0x6F0, 0xFF10):  # Arabic-Indic, Persian, full-width: int() would accept them
        assert nir.is_valid("".join(chr(ord(c) - 48 + zero) for c in "185037511600127")) is False


def test_corsica_keys_match_stdnum() -> None:
    for dept in ("2A", "2B"):
        body = "25307" + dept + "073004"
        assert nir.key(body) == stdnum_nir.calc_check_digits(body + "00")
        assert nir.is_valid(body + nir.key(body))
    # the same digits with 20 (Corsica before 1976) have another key
    assert nir.key("253072A073004") != nir.key("2530720073004")


def test_helpers() -> None:
    assert nir.birth_year_month("1 85 03 75 116 001 27") == (85, 3)
    body = "1893099416017"  # month 30: placeholder
    assert nir.birth_year_month(body + nir.key(body)) == (89, None)
    assert nir.birth_year_month("1 85 03 75 116 001 28") is None
    assert nir.sex("1 85 03 75 116 001 27") == "M"
    body = "8850399416017"
    assert nir.sex(body + nir.key(body)) == "F"
    assert nir.sex("garbage") is None
    assert nir.format("253072b07300443") == "2 53 07 2B 073 004 43"
    with pytest.raises(InvalidFormat):
        nir.key("12345678901234")
