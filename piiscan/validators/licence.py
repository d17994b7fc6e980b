"""French driving-licence number (numéro de permis de conduire): the old 12-character number and the
EU-format number of cards issued since September 2013.

- old (pink paper licence): two digits of the year of issue, the month (01–12), the department of issue
  (01–95 but 20, or `2A`/`2B` for Corsica) and a six-digit sequence: `850375123456`, `91022A004512`;
- 2013 EU format (card): two digits, two letters, five digits (`13AB12345`), the same shape as a passport.

Neither carries a check digit and both shapes are common (the old one is any 12-digit run with a plausible
month, the new one a passport's shape), so the scanner reports one only under a licence header or after a
licence keyword; this module checks the shape.  Shapes from the public descriptions of the number (ANTS;
DLP vendors' French driving-licence patterns).  Examples are synthetic.

>>> validate('850375123456'), validate('91 02 2A 004512'), validate('13ab12345')
('850375123456', '91022A004512', '13AB12345')
>>> is_valid('851375123456'), is_valid('850320123456'), is_valid('13A112345')
(False, False, False)
>>> validate('8503751234567')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidLength: The number has an invalid length.
"""

from __future__ import annotations

from .exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = ["compact", "is_valid", "validate"]

_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")  # not str.isdigit: it accepts '١'
_MAX_INPUT = 32
_COMPACT = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", " \t\u00a0\u202f\u2007")


def compact(value: str) -> str:
    """Strip spaces, upper-case (`2a`, `13ab12345`)."""
    return value.translate(_COMPACT).strip()


def _department_ok(dept: str) -> bool:
    if dept in ("2A", "2B"):
        return True
    return _DIGITS.issuperset(dept) and 1 <= int(dept) <= 95 and dept != "20"


def validate(value: str) -> str:
    """The compact number if it has either shape, else a `ValidationError` (never quoting the value)."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    number = compact(value)
    if len(number) == 9:
        if not (_DIGITS.issuperset(number[:2]) and _LETTERS.issuperset(number[2:4]) and _DIGITS.issuperset(number[4:])):
            raise InvalidFormat()
        return number
    if len(number) != 12:
        raise InvalidLength()
    if not (_DIGITS.issuperset(number[:4]) and _DIGITS.issuperset(number[6:])):
        raise InvalidFormat()
    if not 1 <= int(number[2:4]) <= 12:
        raise InvalidComponent("The month of issue is not 01 to 12.")
    if not _department_ok(number[4:6]):
        raise InvalidComponent("The department of issue does not exist.")
    return number


def is_valid(value: str) -> bool:
    """True when `value` has a French driving-licence number's shape; never raises."""
    try:
        return bool(validate(value))
    except ValidationError:
        return False
