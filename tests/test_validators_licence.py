"""The French driving-licence number (`piiscan.validators.licence`) against the published shapes.

The old number's rule is restated as the regular expression DLP vendors publish for it (year, month 01-12,
department 01-95 but 20 or 2A/2B, six digits); the 2013 EU-format card number is a passport's shape.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.validators import licence
from piiscan.validators.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

OLD = re.compile(r"[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|1[0-9]|2[AB]|2[1-9]|[3-8][0-9]|9[0-5])[0-9]{6}")
NEW = re.compile(r"[0-9]{2}[A-Z]{2}[0-9]{5}")


@settings(max_examples=400, deadline=None)
@given(value=st.text("0123456789AB2", min_size=12, max_size=12) | st.text("0123456789ABZ", min_size=9, max_size=9))
def test_agrees_with_the_published_shapes(value: str) -> None:
    assert licence.is_valid(value) is bool(OLD.fullmatch(value) or NEW.fullmatch(value))


@pytest.mark.parametrize(
    ("value", "error"),
    [("85037512345", InvalidLength), ("850375A23456", InvalidFormat), ("851375123456", InvalidComponent),
     ("850396123456", InvalidComponent), ("13A112345", InvalidFormat), ("x" * 40, InvalidLength)],
)  # fmt: skip
def test_errors_say_what_and_never_quote(value: str, error: type[ValidationError]) -> None:
    with pytest.raises(error) as err:
        licence.validate(value)
    assert value not in str(err.value)
    assert err.value.__context__ is None


def test_compact_forms() -> None:
    assert licence.validate("85 03 75 123 456") == "850375123456"
    assert licence.validate("\u00a013ab12345") == "13AB12345"
    assert licence.validate("91022a004512") == "91022A004512"
