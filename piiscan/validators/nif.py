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

from ._shape import DIGITS, bounded, passes, without_spaces
from .exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["calc_check_digits", "compact", "is_valid", "validate"]

_LENGTH = 13
_BODY = 10
_MODULUS = 511
_FIRST_DIGITS = "0123"


def compact(value: str) -> str:
    """Strip spaces (also no-break ones)."""
    return without_spaces(value)


def calc_check_digits(number: str) -> str:
    """The three check digits of the first ten digits: their value modulo 511, zero-padded."""
    return f"{int(number[:_BODY]) % _MODULUS:03d}"


def validate(value: str) -> str:
    """Return the compact number if it is a valid tax number, else raise a `ValidationError`."""
    number = compact(bounded(value))
    if not number or not DIGITS.issuperset(number):
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
    return passes(validate, value)
