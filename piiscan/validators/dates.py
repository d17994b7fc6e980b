"""Dates as written in French dumps, and whether one can be a date of birth.

A date is a date of birth only in a birth context (a header or keyword, decided by the scanner); this
module answers the two questions that remain: *which calendar day is written here?* and *can a person
born that day be in this record?*  It reads, day first only (French order, never the US one):

* numeric ``dd/mm/yyyy``, ``dd.mm.yyyy``, ``dd-mm-yyyy``, ``dd mm yyyy`` (day and month on 1 or 2 digits,
  the same separator twice);
* ISO ``yyyy-mm-dd`` (also with ``/`` or ``.``), optionally followed by a time as exports write it:
  ``1990-05-04T00:00:00.000Z``, ``1990-05-04 00:00:00``, ``1990-05-04T00:00:00+02:00``.  The date is read as
  written; a time zone never shifts it to another day;
* French month names, full or abbreviated, with or without accents or a trailing dot, any case:
  ``12 mars 1985``, ``1er août 1990``, ``1ER AOUT 1990``, ``3 fevrier 2001``, ``12 janv. 1985``,
  ``7 sept 1999``;
* MRZ ``YYMMDD`` through `mrz_birth_date`, which picks the century.

Years have 4 digits in `parse_date`.  A two-digit year (``12/03/85``, half of what Faker writes) is read by
`two_digit_birth_date` only, for a date the scanner already knows is a birth date (a birth header or
``né le``): the century is then the one that makes the person 0–99 years old on the record's date.
``yyyymmdd`` is left out (indistinguishable from any 8-digit number).  Every date must exist (30 February
does not; 29 February only in leap years).

>>> parse_date('04/05/1990')
(1990, 5, 4)
>>> parse_date('1990-05-04T00:00:00.000Z')
(1990, 5, 4)
>>> parse_date('1er août 1990'), parse_date('1ER AOUT 1990'), parse_date('12 janv. 1985')
((1990, 8, 1), (1990, 8, 1), (1985, 1, 12))
>>> parse_date('29/02/1990') is None  # not a leap year
True
>>> parse_date('05/13/1990') is None  # no 13th month: US order is never tried
True
>>> mrz_birth_date('870522', 2024)
(1987, 5, 22)
>>> mrz_birth_date('050301', 2024)
(2005, 3, 1)
>>> age_on((1990, 8, 1), (2024, 7, 31)), age_on((1990, 8, 1), (2024, 8, 1))
(33, 34)
>>> is_plausible_birth_date((1890, 1, 1), (2024, 1, 1))  # 134 years old
False
>>> validate('1er août 1990')
'1990-08-01'
>>> two_digit_birth_date('12/03/85', (2026, 11, 23)), two_digit_birth_date('12/03/25', (2026, 11, 23))
((1985, 3, 12), (2025, 3, 12))
>>> two_digit_birth_date('24/12/26', (2026, 11, 23))  # not yet born in 2026: 1926
(1926, 12, 24)
"""

from __future__ import annotations

import datetime
import re

from ..text import fold
from ._shape import passes
from .exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = [
    "DateTuple",
    "age_on",
    "format",
    "is_leap_year",
    "is_plausible_birth_date",
    "is_valid",
    "is_valid_date",
    "mrz_birth_date",
    "parse_date",
    "two_digit_birth_date",
    "validate",
]

DateTuple = tuple[int, int, int]
"""``(year, month, day)``."""

MAX_AGE = 120
"""The oldest plausible age in a record (the oldest person ever documented lived to 122)."""

_MAX_INPUT = 64
_DAY_FIRST = re.compile(r"(\d{1,2})([/.\- ])(\d{1,2})\2(\d{4})", re.ASCII)
_YEAR_FIRST = re.compile(
    r"(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+\-]\d{2}(?::?\d{2})?)?)?",
    re.ASCII,
)
_MONTH_NAME = re.compile(r"(\d{1,2}|1er)[ \-]+([a-z]+)\.?[ \-]+(\d{4})", re.ASCII)

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7, "juill": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
"""Folded French month names and their usual abbreviations (``févr.`` folds to ``fevr``)."""

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\t": " "})


def is_leap_year(year: int) -> bool:
    """Gregorian leap year: divisible by 4, except centuries not divisible by 400.

    >>> is_leap_year(2000), is_leap_year(1900), is_leap_year(1988)
    (True, False, True)
    """
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def is_valid_date(year: int, month: int, day: int) -> bool:
    """True when the day exists in the (proleptic) Gregorian calendar, years 1–9999."""
    if not (1 <= year <= 9999 and 1 <= month <= 12 and day >= 1):
        return False
    return day <= (29 if month == 2 and is_leap_year(year) else _DAYS_IN_MONTH[month - 1])


def _checked(year: int, month: int, day: int) -> DateTuple | None:
    return (year, month, day) if is_valid_date(year, month, day) else None


def _read(value: str) -> DateTuple | None:
    """The ``(year, month, day)`` numbers as written, not yet checked against the calendar (an unknown
    month name reads as month 0); None when the writing is none of the module's."""
    if len(value) > _MAX_INPUT:
        return None
    text = value.translate(_SPACES).strip()
    if match := _DAY_FIRST.fullmatch(text):
        return int(match[4]), int(match[3]), int(match[1])
    if match := _YEAR_FIRST.fullmatch(text):
        return int(match[1]), int(match[3]), int(match[4])
    if match := _MONTH_NAME.fullmatch(" ".join(fold(text).split())):
        day = 1 if match[1] == "1er" else int(match[1])
        return int(match[3]), _MONTHS.get(match[2], 0), day
    return None


def parse_date(value: str) -> DateTuple | None:
    """``(year, month, day)`` for a real date written in one of the module's formats, else None."""
    numbers = _read(value)
    return _checked(*numbers) if numbers else None


def mrz_birth_date(yymmdd: str, ref_year: int) -> DateTuple | None:
    """The birth date of an MRZ ``YYMMDD``, in the latest century that does not put it after `ref_year`
    (a birth date cannot be in the future); None if it is not a real date (``<`` for unknown parts
    included).  `ref_year` is usually the record's year or the current year.
    """
    if len(yymmdd) != 6 or not yymmdd.isascii() or not yymmdd.isdigit():
        return None
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    year = (ref_year // 100) * 100 + yy
    if year > ref_year:
        year -= 100
    return _checked(year, month, day)


_SHORT_DAY_FIRST = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2})", re.ASCII)


def two_digit_birth_date(value: str, ref_date: DateTuple | datetime.date) -> DateTuple | None:
    """The birth date written ``d[d]/m[m]/yy`` (or with ``.`` or ``-``) as a person of 0–99 on `ref_date`.

    The year is the latest one ending in ``yy`` that puts the date on or before `ref_date`; if that day does
    not exist (29 February of a common year), the century before; None when neither is a plausible birth
    date.  Only for a value already known to be a birth date: ``12/03/85`` alone is as likely an expiry.
    """
    match = _SHORT_DAY_FIRST.fullmatch(value.strip()) if len(value) <= _MAX_INPUT else None
    if match is None:
        return None
    day, month, yy = int(match[1]), int(match[3]), int(match[4])
    ref = _as_tuple(ref_date)
    year = ref[0] - (ref[0] - yy) % 100
    if not is_valid_date(year, month, day) or (year, month, day) > ref:
        year -= 100
    born = (year, month, day)
    return born if is_plausible_birth_date(born, ref) else None


def _as_tuple(value: DateTuple | datetime.date) -> DateTuple:
    if isinstance(value, datetime.date):
        return value.year, value.month, value.day
    return value


def age_on(dob: DateTuple | datetime.date, ref_date: DateTuple | datetime.date) -> int:
    """Completed years between `dob` and `ref_date` (negative when `dob` is later).

    Someone born on 29 February has their birthday on 1 March in other years.
    """
    born, ref = _as_tuple(dob), _as_tuple(ref_date)
    return ref[0] - born[0] - ((ref[1], ref[2]) < (born[1], born[2]))


def is_plausible_birth_date(dob: DateTuple | datetime.date, ref_date: DateTuple | datetime.date) -> bool:
    """True when `dob` is a real date, not after `ref_date`, and the age on `ref_date` is 0–120."""
    born = _as_tuple(dob)
    if not is_valid_date(*born) or _as_tuple(ref_date) < born:
        return False
    return 0 <= age_on(born, ref_date) <= MAX_AGE


def validate(value: str) -> str:
    """The date as ISO ``yyyy-mm-dd``, or raise a `ValidationError` (unknown writing, or no such day)."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength("The date has an invalid length.")
    numbers = _read(value)
    if numbers is None:
        raise InvalidFormat()
    if not is_valid_date(*numbers):
        raise InvalidComponent("The date does not exist.")
    year, month, day = numbers
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_valid(value: str) -> bool:
    """True when `value` is a real date in one of the module's writings; never raises."""
    return passes(validate, value)


def format(value: str) -> str:
    """The date as French ``dd/mm/yyyy`` (raises like `validate`)."""
    year, month, day = (int(part) for part in validate(value).split("-"))
    return f"{day:02d}/{month:02d}/{year:04d}"
