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

from .exceptions import InvalidFormat, InvalidLength, ValidationError

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "compact", "is_valid", "validate"]

MIN_LENGTH = 6
MAX_LENGTH = 12
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_DIGITS = frozenset("0123456789")  # not str.isdigit: it accepts '١'
_MAX_INPUT = 32
# upper-case ASCII letters only (str.upper maps 'ı' to 'I'); drop spaces (ASCII, tab, no-break, narrow
# no-break): the same compaction as the French passport's
_COMPACT = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", " \t\u00a0\u202f\u2007")


def compact(value: str) -> str:
    """Strip spaces, upper-case."""
    return value.translate(_COMPACT).strip()


def validate(value: str) -> str:
    """Return the compact number if it has a document-number shape, else raise a `ValidationError`."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    number = compact(value)
    if not MIN_LENGTH <= len(number) <= MAX_LENGTH:
        raise InvalidLength()
    if not _ALNUM.issuperset(number) or not _DIGITS.intersection(number):
        raise InvalidFormat()
    if len(set(number)) == 1:
        raise InvalidFormat("The number is a placeholder.")
    return number


def is_valid(value: str) -> bool:
    """True when `value` has a document-number shape; never raises."""
    try:
        return bool(validate(value))
    except ValidationError:
        return False
