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

from .exceptions import InvalidFormat, InvalidLength, ValidationError

__all__ = ["compact", "is_valid", "validate"]

_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")  # not str.isdigit: it accepts '١'
_MAX_INPUT = 32
# upper-case ASCII letters only (str.upper maps 'ı' to 'I'); drop spaces (ASCII, tab, no-break,
# narrow no-break: French typography)
_COMPACT = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", " \t\u00a0\u202f\u2007")


def compact(value: str) -> str:
    """Strip spaces, upper-case (dumps sometimes store ``12ab34567``)."""
    return value.translate(_COMPACT).strip()


def validate(value: str) -> str:
    """Return the compact number if it has the passport shape, else raise a `ValidationError`."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    number = compact(value)
    if len(number) != 9:
        raise InvalidLength()
    if not (_DIGITS.issuperset(number[:2]) and _LETTERS.issuperset(number[2:4]) and _DIGITS.issuperset(number[4:])):
        raise InvalidFormat()
    return number


def is_valid(value: str) -> bool:
    """True when `value` has the French passport number shape; never raises."""
    try:
        return bool(validate(value))
    except ValidationError:
        return False
