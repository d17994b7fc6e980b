"""Properties every validator module shares: total `is_valid`, only `ValidationError` from `validate`,
exceptions that never carry the value, and the package's public surface."""

from __future__ import annotations

import contextlib
import importlib
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import piiscan.validators
from piiscan.validators import dates, email, exceptions, mrz
from piiscan.validators.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

MODULE_NAMES = ["agdref", "dates", "docnumber", "email", "iban", "idcard", "mrz", "nir", "passport", "phone"]
MODULES = [importlib.import_module(f"piiscan.validators.{name}") for name in MODULE_NAMES]

any_text = st.one_of(
    st.text(),
    st.binary().map(lambda b: b.decode("latin-1")),
    st.text(alphabet="0123456789 <.-+@/()AZaz\u00a0\u202f\n", max_size=120),
)
SETTINGS = settings(max_examples=200, deadline=None)


def test_all_is_sorted_and_complete() -> None:
    names = piiscan.validators.__all__
    assert names == sorted(names)
    for name in names:
        assert isinstance(importlib.import_module(f"piiscan.validators.{name}"), types.ModuleType)
    assert set(MODULE_NAMES) | {"exceptions"} == set(names)


@pytest.mark.parametrize("module", MODULES, ids=MODULE_NAMES)
def test_module_interface(module: types.ModuleType) -> None:
    assert module.__doc__ and ">>>" in module.__doc__, "module doctests teach the format"
    assert callable(module.validate) and callable(module.is_valid)
    assert sorted(module.__all__) == module.__all__
    for name in module.__all__:
        assert hasattr(module, name)


@pytest.mark.parametrize("module", MODULES, ids=MODULE_NAMES)
@SETTINGS
@given(value=any_text)
def test_is_valid_never_raises_and_validate_raises_only_validation_errors(module: types.ModuleType, value: str) -> None:
    result = module.is_valid(value)
    assert isinstance(result, bool)
    try:
        compact = module.validate(value)
    except ValidationError as exc:
        assert not result
        assert type(exc) in (InvalidFormat, InvalidLength, InvalidChecksum, InvalidComponent)
    else:
        assert result
        assert isinstance(compact, str)
        assert module.is_valid(compact), "the compact form of a valid value is valid"
    if hasattr(module, "compact"):
        assert isinstance(module.compact(value), str)


@SETTINGS
@given(a=any_text, b=any_text, c=any_text, year=st.integers(-(10**6), 10**6))
def test_extra_entry_points_never_raise(a: str, b: str, c: str, year: int) -> None:
    assert isinstance(mrz.is_valid_td3(a, b), bool)
    assert isinstance(mrz.is_valid_td1(a, b, c), bool)
    assert isinstance(mrz.is_valid_fr_cni(a, b), bool)
    for lines in ([a, b], [a, b, c]):
        with contextlib.suppress(ValidationError):
            mrz.validate_lines(lines)
    assert dates.parse_date(a) is None or len(dates.parse_date(a)) == 3
    dates.mrz_birth_date(a, year)
    assert isinstance(email.is_known_tld(a), bool)


HUGE = [
    "1" * 100_000,  # beyond int()'s 4300-digit limit: must not leak a ValueError
    "0" * 5_000 + "@" + "a" * 5_000 + ".fr",
    " " * 200_000 + "06 39 98 12 34",
    "<" * 1_000_000,
    "\U0010ffff\ud800" * 10_000,
]


@pytest.mark.parametrize("module", MODULES, ids=MODULE_NAMES)
@pytest.mark.parametrize("value", HUGE, ids=["digits", "email", "spaces", "fillers", "unicode"])
def test_huge_inputs_are_rejected_quickly(module: types.ModuleType, value: str) -> None:
    assert module.is_valid(value) is False


# --- privacy: an exception never contains the value ------------------------------------------------

CANARY = "QZXW"
NEAR_MISSES = {
    "nir": [
        "1 85 03 75 116 001 28",
        "1850375116001",
        "9 85 03 75 116 001 27",
        "1 85 13 75 116 001 27",
        "1 85 03 00 116 001 27",
        "1 85 03 2C 116 001 27",
        "1 85 03 75 116 0Q1 ZX",
    ],
    "iban": [
        "FR77 3000 6000 0112 3456 7890 189",
        "FR76 3000 6000 0112 3456 7890 18",
        "QZ76 3000 6000 0112 3456 7890 189",
        "FR7630006000011234567890QZXW",
        "FRXW30006000011234567890189",
    ],
    "mrz": [
        "P<FRAZNIBER<<GHIZLANE<<<<<<<<<<<<<<<<<<<<<<<\n11EU556878FRA9108253F2703202<<<<<<<<<<<<<<04",
        "P<FRAZNIBER<<GHIZLANE<<<<<<<<<<<<<<<<<<<<<<<\n11EU556877FRA9108254F2703202<<<<<<<<<<<<<<04",
        "P<FRAqzxw<<GHIZLANE<<<<<<<<<<<<<<<<<<<<<<<<<\n11EU556877FRA9108253F2703202<<<<<<<<<<<<<<04",
        "IDFRABAZIN<<<<<<<<<<<<<<<<<<<<343987\n1106343723023GUY<<JACQUES<<8705220M9",
        "IDFRAU73L04EYC7<<<<<<<<<<<<<<<\n5709294M3403255FRA<<<<<<<<<<<1\nTHOMAS<<GILBERT<<<<<<<<<<<<<<<",
        "IDFRAU73L04EYC7<<<<<<<<<<<<<<<\n5709294M3403255FRA<<<<<<<<<<<0\nthomas<<gilbert<<<<<<<<<<<<<<<",
    ],
    "passport": ["12QZ3456", "1QZXW4567", "12QZ345678"],
    "idcard": ["111334372302", "QZXW343723", "1106343QZXW1"],
    "agdref": ["751234567", "75123QZXW8"],
    "phone": ["00 00 00 00 00", "06 66 66 66 66", "06 39 98 12 3", "+33 0 6 39 98 12 34", "06 QZ XW 12 34"],
    "email": [
        "jean..qzxw@example.fr",
        "qzxw@example.qzxw",
        "qzxw@localhost",
        "qzxw@-example.fr",
        "qzxw" * 30 + "@example.fr",
        "qzxw@" + "a" * 64 + ".fr",
    ],
    "dates": ["31/04/1990", "29/02/1991", "12 qzxw 1985", "1990-13-01T00:00:00Z", "QZXW"],
}


def _assert_clean(exc: ValidationError, value: str, *, tokens: bool = True) -> None:
    text = f"{exc}|{exc!r}|{exc.args!r}"
    assert CANARY.lower() not in text.lower()
    assert not any(ch.isdigit() for ch in str(exc)), "messages are fixed sentences, no digits from the value"
    for token in value.replace("\n", " ").split() if tokens else ():
        if len(token) >= 4:
            assert token not in text
    assert exc.__cause__ is None and exc.__context__ is None, "no chained exception that could quote it"
    assert str(exc).endswith(".") and len(exc.args) == 1


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_exceptions_never_contain_the_value(name: str) -> None:
    module = importlib.import_module(f"piiscan.validators.{name}")
    for value in NEAR_MISSES[name]:
        for candidate in (value, CANARY + value, value + CANARY, f" {value} "):
            with pytest.raises(ValidationError) as info:
                module.validate(candidate)
            _assert_clean(info.value, candidate)


@SETTINGS
@given(value=any_text.map(lambda s: CANARY + s + CANARY))
def test_exceptions_never_contain_the_canary(value: str) -> None:
    for module in MODULES:
        try:
            module.validate(value)
        except ValidationError as exc:
            _assert_clean(exc, value, tokens=False)


def test_exception_classes() -> None:
    assert issubclass(exceptions.ValidationError, ValueError)
    assert issubclass(InvalidLength, InvalidFormat)
    for cls in (InvalidFormat, InvalidLength, InvalidChecksum, InvalidComponent):
        assert issubclass(cls, ValidationError)
        assert str(cls()) == cls.message
    assert str(InvalidChecksum()) == "The number has an invalid check digit."
