"""French phone numbers: every accepted writing of generated numbers compacts to the same E.164."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from piiscan.validators import phone
from piiscan.validators.exceptions import InvalidComponent, InvalidFormat, InvalidLength

SETTINGS = settings(max_examples=200, deadline=None)

nsns = (
    st.tuples(st.sampled_from("123456789"), st.text(alphabet="0123456789", min_size=8, max_size=8))
    .map("".join)
    .filter(lambda n: n != n[0] * 9)
)
separators = st.sampled_from(["", " ", ".", "-", "\u00a0"])


def grouped(nsn: str, sep: str) -> str:
    """``X XX XX XX XX`` with `sep` between groups."""
    return sep.join([nsn[0], *(nsn[i : i + 2] for i in range(1, 9, 2))])


@SETTINGS
@given(nsn=nsns, sep=separators)
def test_every_writing_compacts_to_e164(nsn: str, sep: str) -> None:
    e164 = "+33" + nsn
    national = "0" + grouped(nsn, sep)
    writings = [
        national,
        "+33" + sep + grouped(nsn, sep),
        "0033" + sep + grouped(nsn, sep),
        "+33 (0)" + grouped(nsn, sep),
        "+33(0)" + nsn,
        "  " + national + "  ",
    ]
    for written in writings:
        assert phone.validate(written) == e164, written
        assert phone.compact(written) == e164
    assert phone.format(e164) == "0" + grouped(nsn, " ")
    assert phone.national_significant_number(national) == nsn
    assert phonenumbers.is_possible_number(phonenumbers.parse(e164)), "length agrees with libphonenumber"


@SETTINGS
@given(digit=st.sampled_from("0123456789"), sep=separators)
def test_all_same_significant_digits_are_placeholders(digit: str, sep: str) -> None:
    with pytest.raises(InvalidComponent):
        phone.validate("0" + grouped(digit * 9, sep))


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("00 00 00 00 00", InvalidComponent),
        ("06 66 66 66 66", InvalidComponent),
        ("+33 0 6 39 98 12 34", InvalidLength),  # trunk 0 after +33 without parentheses
        ("06 39 98 12 3", InvalidLength),
        ("06 39 98 12 345", InvalidLength),
        ("6 39 98 12 34", InvalidFormat),
        ("33 6 39 98 12 34", InvalidFormat),
        ("+44 6 39 98 12 34", InvalidFormat),
        ("06/39/98/12/34", InvalidFormat),
        ("06 39 98 12 3a", InvalidFormat),
        ("(06) 39 98 12 34", InvalidFormat),
        ("٠٦٣٩٩٨١٢٣٤", InvalidFormat),
    ],
)
def test_rejections(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        phone.validate(value)


def test_digits_other_than_the_first_may_repeat() -> None:
    assert phone.is_valid("06 00 00 00 00")
    assert phone.is_valid("01 11 11 11 12")


# --------------------------------------------------------------------------- overseas, against libphonenumber

_REGIONS = {"262": ("RE", "YT"), "590": ("GP", "BL", "MF"), "594": ("GF",), "596": ("MQ",), "269": ("KM",)}
_REGIONS.update({"508": ("PM",), "681": ("WF",), "687": ("NC",), "689": ("PF",)})


def _subscriber_patterns() -> list[tuple[str, str]]:
    """(country code, libphonenumber pattern) of every fixed-line and mobile range of the overseas regions."""

    out = []
    for code, regions in _REGIONS.items():
        for region in regions:
            meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
            for desc in (meta.fixed_line, meta.mobile):
                out.append((code, desc.national_number_pattern))
    return out


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_overseas_subscriber_numbers_of_libphonenumber_are_accepted(data: st.DataObject) -> None:
    """Every fixed-line or mobile number libphonenumber knows in the overseas plans, written `+code NSN`, is
    valid here (the departments' `8x` special and `9x` non-geographic ranges, some filed under fixed lines
    there, are left out; so are lengths the territory's plan does not give its subscribers)."""
    code, pattern = data.draw(st.sampled_from(_subscriber_patterns()))
    nsn = data.draw(st.from_regex(re.compile(f"(?:{pattern})", re.ASCII), fullmatch=True))
    assume(
        len(nsn) == phone.OVERSEAS[code][0]
        and not (code in phone.IN_NATIONAL_PLAN and nsn[0] in "89")
        and len(set(nsn)) > 1
    )
    assert phone.is_valid(f"+{code} {nsn}"), (code, nsn)


@settings(max_examples=200, deadline=None)
@given(code=st.sampled_from(sorted(phone.OVERSEAS)), digits=st.text("0123456789", min_size=6, max_size=9))
def test_accepted_overseas_numbers_are_possible_for_libphonenumber(code: str, digits: str) -> None:

    value = f"+{code}{digits}"
    if phone.is_valid(value):
        assert phonenumbers.is_possible_number(phonenumbers.parse(value)), value
        assert phone.compact(value) == ("+33" if code in phone.IN_NATIONAL_PLAN else f"+{code}") + digits
