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

from ._shape import bounded, passes, without_spaces
from .exceptions import InvalidFormat, InvalidLength

__all__ = ["compact", "is_valid", "validate"]


def compact(value: str) -> str:
    """Strip spaces (also no-break ones)."""
    return without_spaces(value)


def validate(value: str) -> str:
    """Return the compact number if it is exactly 10 ASCII digits, else raise a `ValidationError`."""
    number = compact(bounded(value))
    if len(number) != 10:
        raise InvalidLength()
    if not (number.isascii() and number.isdigit()):  # str.isdigit alone accepts '١'
        raise InvalidFormat()
    return number


def is_valid(value: str) -> bool:
    """True when `value` is 10 digits (spaces allowed); never raises."""
    return passes(validate, value)
