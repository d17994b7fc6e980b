"""Numéro étranger (AGDREF): the 10-digit number of a foreigner's residence file in France.

It is printed on residence permits and OFII letters.  It has no check digit and looks like any other
10-digit number (a file number, a timestamp, a phone number without its leading zero), so only a header or
keyword (``N° étranger``, ``N° AGDREF``, ``titre de séjour n°``) makes it one; this module checks the shape.
Examples are synthetic.

>>> validate('7512345678')
'7512345678'
>>> validate('75 1234 5678')
'7512345678'
>>> is_valid('751234567')
False
"""

from __future__ import annotations

from .exceptions import InvalidFormat, InvalidLength, ValidationError

__all__ = ["compact", "is_valid", "validate"]

_MAX_INPUT = 32
# spaces seen inside numbers in dumps: ASCII, tab, no-break and narrow no-break (French typography)
_SEPARATORS = dict.fromkeys(map(ord, " \t\u00a0\u202f\u2007"))


def compact(value: str) -> str:
    """Strip spaces (also no-break ones)."""
    return value.translate(_SEPARATORS).strip()


def validate(value: str) -> str:
    """Return the compact number if it is exactly 10 ASCII digits, else raise a `ValidationError`."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    number = compact(value)
    if len(number) != 10:
        raise InvalidLength()
    if not (number.isascii() and number.isdigit()):  # str.isdigit alone accepts '١'
        raise InvalidFormat()
    return number


def is_valid(value: str) -> bool:
    """True when `value` is 10 digits (spaces allowed); never raises."""
    try:
        return bool(validate(value))
    except ValidationError:
        return False
