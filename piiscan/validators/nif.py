"""Numéro fiscal (SPI, numéro d'identification fiscale): the French tax number of a person.

The tax authority gives every taxpayer a 13-digit number, printed on tax returns and notices as the
"numéro fiscal".  Its first digit is 0 to 3 and its last three digits are the first ten modulo 511 (the
rule python-stdnum's ``fr.nif`` implements).  Thirteen-digit runs are common (orders, barcodes), so only a
header or keyword makes one a tax number; this module checks the shape and the check digits.  Examples
are synthetic.

>>> validate('3023217600053')
'3023217600053'
>>> validate('30 23 217 600 053')
'3023217600053'
>>> is_valid('3023217600054'), is_valid('9701987765432'), is_valid('070198776543')
(False, False, False)
"""

from __future__ import annotations

from .exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = ["calc_check_digits", "compact", "is_valid", "validate"]

_MAX_INPUT = 32
_LENGTH = 13
_BODY = 10
_MODULUS = 511
_FIRST_DIGITS = "0123"
_DIGITS = frozenset("0123456789")  # not str.isdigit: it accepts '١'
# spaces seen inside numbers in dumps: ASCII, tab, no-break and narrow no-break (French typography)
_SEPARATORS = dict.fromkeys(map(ord, " \t\u00a0\u202f\u2007"))


def compact(value: str) -> str:
    """Strip spaces (also no-break ones)."""
    return value.translate(_SEPARATORS).strip()


def calc_check_digits(number: str) -> str:
    """The three check digits of the first ten digits: their value modulo 511, zero-padded."""
    return f"{int(number[:_BODY]) % _MODULUS:03d}"


def validate(value: str) -> str:
    """Return the compact number if it is a valid tax number, else raise a `ValidationError`."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    number = compact(value)
    if not number or not _DIGITS.issuperset(number):
        raise InvalidFormat()
    if len(number) != _LENGTH:
        raise InvalidLength()
    if number[0] not in _FIRST_DIGITS:
        raise InvalidComponent("A tax number starts with 0, 1, 2 or 3.")
    if calc_check_digits(number) != number[_BODY:]:
        raise InvalidChecksum()
    return number


def is_valid(value: str) -> bool:
    """True when `value` is a valid tax number (spaces allowed); never raises."""
    try:
        return bool(validate(value))
    except ValidationError:
        return False
