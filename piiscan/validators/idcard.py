"""French national identity card (CNI) numbers, old and new.

* The **old CNI** (issued 1988–2021) has a 12-character number: the year and month of issue ``YYMM``, the
  3-character code of the issuing department (``750``, ``2A0``…), then a 5-digit sequence.  The YYMM
  must be a plausible issue date: month 01–12, year 88–99 or 00–21.
* The **CNIe** (since 2021) has a 9-character number of ``0-9A-Z`` with at least one digit and one letter.

Neither has a check digit of its own (the MRZ around it has), so a well-formed value is a candidate that
needs a header, a keyword or a valid MRZ.  A CNIe-shaped value can also be a passport number
(``12AB34567`` has both shapes): the context decides.  Examples are synthetic.

>>> validate('110634372302')
'110634372302'
>>> kind('1106 343 72302')
'cni'
>>> kind('U73L04EYC')
'cnie'
>>> kind('123456789') is None  # a CNIe number has at least one letter
True
>>> validate('111334372302')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidComponent: The date of issue is invalid.
"""

from __future__ import annotations

from typing import Literal

from ._shape import ALNUM, DIGITS, bounded, passes, upper_without_spaces
from .exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["compact", "is_valid", "kind", "validate"]

_FIRST_ISSUE_YY = 88  # the secure plastic card with an MRZ was first issued in 1988
_LAST_ISSUE_YY = 21  # and last issued in 2021, when the CNIe replaced it


def compact(value: str) -> str:
    """Strip spaces, upper-case."""
    return upper_without_spaces(value)


def _validate_cni(number: str) -> None:
    if not (DIGITS.issuperset(number[:4]) and ALNUM.issuperset(number[4:7]) and DIGITS.issuperset(number[7:])):
        raise InvalidFormat()
    year, month = int(number[:2]), int(number[2:4])
    if not (1 <= month <= 12 and (year >= _FIRST_ISSUE_YY or year <= _LAST_ISSUE_YY)):
        raise InvalidComponent("The date of issue is invalid.")


def _validate_cnie(number: str) -> None:
    if not ALNUM.issuperset(number):
        raise InvalidFormat()
    if number.isdigit() or number.isalpha():
        raise InvalidFormat()


def validate(value: str) -> str:
    """Return the compact number if it is an old CNI or a CNIe number, else raise a `ValidationError`."""
    number = compact(bounded(value))
    if len(number) == 12:
        _validate_cni(number)
    elif len(number) == 9:
        _validate_cnie(number)
    else:
        raise InvalidLength()
    return number


def is_valid(value: str) -> bool:
    """True when `value` is an old CNI or a CNIe number; never raises."""
    return passes(validate, value)


def kind(value: str) -> Literal["cni", "cnie"] | None:
    """``"cni"`` (old 12-character number), ``"cnie"`` (2021, 9 characters) or None when neither."""
    if not is_valid(value):
        return None
    return "cni" if len(compact(value)) == 12 else "cnie"
