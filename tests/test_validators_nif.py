"""The French tax number (`piiscan.validators.nif`), against python-stdnum's `fr.nif`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.entities.contract import DESCRIPTORS
from piiscan.validators import nif
from piiscan.validators.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

stdnum_nif = pytest.importorskip("stdnum.fr.nif")

SETTINGS = settings(max_examples=300, deadline=None)


@st.composite
def numbers(draw: st.DrawFn) -> str:
    """Thirteen digits, mostly with right check digits, sometimes with a wrong first digit or key."""
    body = draw(st.text("0123456789", min_size=10, max_size=10))
    key = f"{int(body) % 511:03d}" if draw(st.integers(0, 3)) else draw(st.text("0123456789", min_size=3, max_size=3))
    return body + key


@SETTINGS
@given(value=numbers() | st.text("0123456789 a", max_size=16))
def test_agrees_with_stdnum(value: str) -> None:
    assert nif.is_valid(value) is stdnum_nif.is_valid(value)
    if nif.is_valid(value):
        assert nif.validate(value) == stdnum_nif.validate(value) == nif.compact(value)


@SETTINGS
@given(value=numbers())
def test_the_kernel_digit_run_states_the_same_rule(value: str) -> None:
    """The entity's `DigitRun` (what the kernel reads) accepts exactly the compact numbers the validator does."""
    run = DESCRIPTORS["FR_TAX_ID"].digit_run
    assert run is not None and run.check is not None
    c = run.check
    by_data = (
        len(value) == run.length
        and value[0] in run.first
        and int(value[: c.body]) % c.modulus == int(value[c.body : c.body + c.key])
    )
    assert by_data is nif.is_valid(value)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("3023217600054", InvalidChecksum),
        ("9701987765432", InvalidComponent),
        ("070198776543", InvalidLength),
        ("30232176000531", InvalidLength),
        ("302321760005a", InvalidFormat),
        ("302321760005٣", InvalidFormat),
        ("", InvalidFormat),
        ("3" * 40, InvalidLength),
    ],
)
def test_rejections(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        nif.validate(value)


def test_spaces_and_check_digits() -> None:
    assert nif.validate(" 30 23 217 600 053 ") == "3023217600053"
    assert nif.calc_check_digits("3023217600") == "053"
    assert nif.is_valid("0000000000000")  # 0 mod 511 is 0: valid, the header decides
