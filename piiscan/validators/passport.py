"""French passport number: 2 digits, 2 letters, 5 digits (``12AB34567``).

The number has no check digit, so a well-formed value is only a *candidate*: the scanner needs a passport
header or keyword, or a valid MRZ around it (`piiscan.validators.mrz`), before it reports one.  This module
checks the shape and nothing else.  Examples are synthetic.

>>> validate('12AB34567')
'12AB34567'
>>> validate(' 12ab34567 ')
'12AB34567'
>>> validate('12AB3456')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidLength: The number has an invalid length.
>>> is_valid('1ABC34567')
False
"""

from __future__ import annotations

from ._shape import DIGITS, LETTERS, bounded, passes, upper_without_spaces
from .exceptions import InvalidFormat, InvalidLength

__all__ = ["compact", "is_valid", "validate"]


def compact(value: str) -> str:
    """Strip spaces, upper-case (dumps sometimes store ``12ab34567``)."""
    return upper_without_spaces(value)


def validate(value: str) -> str:
    """Return the compact number if it has the passport shape, else raise a `ValidationError`."""
    number = compact(bounded(value))
    if len(number) != 9:
        raise InvalidLength()
    if not (DIGITS.issuperset(number[:2]) and LETTERS.issuperset(number[2:4]) and DIGITS.issuperset(number[4:])):
        raise InvalidFormat()
    return number


def is_valid(value: str) -> bool:
    """True when `value` has the French passport number shape; never raises."""
    return passes(validate, value)
