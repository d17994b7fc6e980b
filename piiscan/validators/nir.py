"""NIR (numéro d'inscription au répertoire, the French social security number).

Every person born or working in France has one; in a leak it identifies a person for life, which is why
piiscan treats it as a national identifier.  It has 15 characters, printed with or without spaces:

==========  =====  =====================================================================
positions   size   meaning
==========  =====  =====================================================================
0           1      sex: 1/2 (man/woman); 3/4 and 7/8 (same parity) for provisional or foreign-born numbers
1–2         2      year of birth (two digits, the century is not written)
3–4         2      month of birth: 01–12, or 20–42 / 50–99 when the month is unknown (placeholder)
5–6         2      department of birth 01–99, ``2A``/``2B`` for Corsica, ``99`` for born abroad
7–9         3      commune (or country when born abroad)
10–12       3      order number within the month and commune
13–14       2      key: 97 − (the first 13 digits mod 97), with ``2A`` read as 19 and ``2B`` as 18
==========  =====  =====================================================================

The key catches every single-digit error and most transpositions; a random 15-digit run passes it once in
97, which is what the report's authenticity signal compares against.  The month and sex rules are checked
too (stricter than ``stdnum.fr.nir``, which checks only the key): they cost nothing and reject most phone
numbers or timestamps that would otherwise pass the key by chance.

The examples below are synthetic (keys computed for this page).

>>> validate('1 85 03 75 116 001 27')
'185037511600127'
>>> validate('1850375116001 27')
'185037511600127'
>>> validate('2 53 07 2A 073 004 43')  # born in Corse-du-Sud
'253072A07300443'
>>> validate('1 85 03 75 116 001 42')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidChecksum: The number has an invalid check digit.
>>> validate('185137511600127')  # month 13 does not exist
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidComponent: The month of birth is invalid.
>>> key('1850375116001')
'27'
>>> format('185037511600127')
'1 85 03 75 116 001 27'
>>> birth_year_month('1 85 03 75 116 001 27')
(85, 3)
>>> birth_year_month('1 89 50 99 416 017 37')  # month unknown: placeholder 50
(89, None)
>>> sex('2 53 07 2A 073 004 43')
'F'
"""

from __future__ import annotations

from ._shape import passes
from .exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = ["birth_year_month", "compact", "format", "is_valid", "key", "sex", "validate"]

# upper-case ASCII letters only (str.upper maps 'ı' to 'I'); drop spaces (ASCII, tab, no-break,
# narrow no-break: French typography), dots and dashes
_COMPACT = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", " \t\u00a0\u202f\u2007.-")
_DIGITS = frozenset("0123456789")  # not str.isdigit: it accepts '١'
_SEX_DIGITS = {"1": "M", "2": "F", "3": "M", "4": "F", "7": "M", "8": "F"}
_CORSICA = {"2A": "19", "2B": "18"}
_MAX_INPUT = 64  # a NIR with generous separators is far shorter; longer input is rejected before any work


def compact(value: str) -> str:
    """Strip spaces (also no-break ones), dots and dashes, upper-case (``2a`` → ``2A``)."""
    return value.translate(_COMPACT).strip()


def _numeric13(first13: str) -> str | None:
    """The 13 first characters as digits (Corsica substituted), or None if they are not NIR-shaped."""
    if len(first13) != 13:
        return None
    dept = first13[5:7]
    dept = _CORSICA.get(dept, dept)
    digits = first13[:5] + dept + first13[7:]
    return digits if _DIGITS.issuperset(digits) else None


def key(first13: str) -> str:
    """The 2-digit key of the first 13 characters (``2A``/``2B`` allowed at positions 5–6).

    >>> key('253072A073004')
    '43'
    >>> key('25307')
    Traceback (most recent call last):
        ...
    piiscan.validators.exceptions.InvalidFormat: The number has an invalid format.
    """
    digits = _numeric13(first13)
    if digits is None:
        raise InvalidFormat()
    return f"{97 - int(digits) % 97:02d}"


def _month_kind(month: int) -> str | None:
    """``"real"`` for 01–12, ``"placeholder"`` for 20–42 and 50–99, None for impossible months."""
    if 1 <= month <= 12:
        return "real"
    if 20 <= month <= 42 or 50 <= month <= 99:
        return "placeholder"
    return None


def validate(value: str) -> str:
    """Return the compact NIR, or raise a `ValidationError` saying which rule failed."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    number = compact(value)
    if len(number) != 15:
        raise InvalidLength()
    digits = _numeric13(number[:13])
    if digits is None or not _DIGITS.issuperset(number[13:]):
        raise InvalidFormat()
    if number[0] not in _SEX_DIGITS:
        raise InvalidComponent("The sex digit is invalid.")
    if _month_kind(int(number[3:5])) is None:
        raise InvalidComponent("The month of birth is invalid.")
    if number[5:7] == "00":
        raise InvalidComponent("The department of birth is invalid.")
    if f"{97 - int(digits) % 97:02d}" != number[13:]:
        raise InvalidChecksum()
    return number


def is_valid(value: str) -> bool:
    """True when `value` is a valid NIR; never raises."""
    return passes(validate, value)


def format(value: str, separator: str = " ") -> str:
    """The usual printed grouping ``S YY MM DD CCC OOO KK`` (the value is compacted, not validated)."""
    n = compact(value)
    return separator.join((n[:1], n[1:3], n[3:5], n[5:7], n[7:10], n[10:13], n[13:]))


def birth_year_month(value: str) -> tuple[int, int | None] | None:
    """``(yy, month)`` from a valid NIR: the 2-digit year as written, the month or None when it is a
    placeholder (20–42, 50–99); None when the NIR is not valid.

    Why the year stays two digits: the century is not in the number; the caller decides it with a date of
    birth or the record's date (see `piiscan.validators.dates`).
    """
    try:
        number = validate(value)
    except ValidationError:
        return None
    month = int(number[3:5])
    return int(number[1:3]), (month if _month_kind(month) == "real" else None)


def sex(value: str) -> str | None:
    """``'M'`` or ``'F'`` from a valid NIR (odd sex digits are men), None when the NIR is not valid."""
    try:
        number = validate(value)
    except ValidationError:
        return None
    return _SEX_DIGITS[number[0]]
