"""Identity-document number of another state: 6 to 12 letters and digits (``X4821937``, ``C01X00T47``).

Why one loose rule for every foreign passport and identity card: states number their documents in shapes
of their own (Spain ``PAA000000``, Germany ``C01X00T47``, Morocco ``AB123456``, the United States nine
digits), and most carry no check digit outside their MRZ.  The shape is therefore only a *candidate*:
piiscan reports one under a passport or identity-card header whose value the French shapes
(`piiscan.validators.passport`, `piiscan.validators.idcard`) do not match, or as the document number of a
valid MRZ issued by another state (`piiscan.validators.mrz`).  A placeholder made of one repeated
character (``000000``) and a value without any digit (``INCONNU``) are refused.  Examples are synthetic.

>>> validate('x4821937')
'X4821937'
>>> validate('AB 123 456')
'AB123456'
>>> validate('12345')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidLength: The number has an invalid length.
>>> is_valid('NEANT00'), is_valid('NEANTXX'), is_valid('000000'), is_valid('AB-123456')
(True, False, False, False)
"""

from __future__ import annotations

from ._shape import ALNUM, DIGITS, bounded, passes, upper_without_spaces
from .exceptions import InvalidFormat, InvalidLength

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "compact", "is_valid", "validate"]

MIN_LENGTH = 6
MAX_LENGTH = 12


def compact(value: str) -> str:
    """Strip spaces, upper-case."""
    return upper_without_spaces(value)


def validate(value: str) -> str:
    """Return the compact number if it has a document-number shape, else raise a `ValidationError`."""
    number = compact(bounded(value))
    if not MIN_LENGTH <= len(number) <= MAX_LENGTH:
        raise InvalidLength()
    if not ALNUM.issuperset(number) or not DIGITS.intersection(number):
        raise InvalidFormat()
    if len(set(number)) == 1:
        raise InvalidFormat("The number is a placeholder.")
    return number


def is_valid(value: str) -> bool:
    """True when `value` has a document-number shape; never raises."""
    return passes(validate, value)
