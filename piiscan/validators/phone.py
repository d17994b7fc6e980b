"""French telephone numbers, in the forms found in dumps, normalised to E.164 (``+33612345678``).

Accepted writings (separators: spaces, no-break spaces, dots, dashes, anywhere or nowhere):

* national ``06 12 34 56 78``, ``06.12.34.56.78``, ``06-12-34-56-78``, ``0612345678``;
* international ``+33 6 12 34 56 78``, ``+33612345678``, ``0033 6 12 34 56 78``;
* the hybrid ``+33 (0)6 12 34 56 78`` (the trunk ``0`` in parentheses, common in e-mail signatures).

French numbering plan: after the country code or the trunk ``0`` comes a 9-digit national significant
number (NSN) whose first digit is 1–9 (1–5 geographic, 6–7 mobile, 8 special, 9 non-geographic).
Overseas departments' numbers written nationally (``0262 …``, ``0694 …``) are accepted as they are
written, under ``+33``.

Placeholders: a NSN whose 9 digits are all the same (``00 00 00 00 00``, ``06 66 66 66 66``,
``09 99 99 99 99``) is rejected.  Such numbers are far more often filler typed into a mandatory form field
than a subscriber's line, and the rule is easy to state and to mirror in a kernel.  Nothing else is
treated as a placeholder.  ``+33 0 6…`` (a trunk ``0`` after ``+33`` without parentheses) is not accepted:
the numbering plan has no such number.  Whether the number stands alone (not inside a longer run of
digits) is the scanner's job; this module validates a whole value.

Examples use the ranges ARCEP reserves for works of fiction (``01 99 00 …``, ``06 39 98 …``).

>>> validate('06 39 98 12 34')
'+33639981234'
>>> validate('+33 (0)1 99 00 53 00')
'+33199005300'
>>> validate('0033.6.39.98.45.67')
'+33639984567'
>>> validate('00 00 00 00 00')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidComponent: The number is not in the French numbering plan.
>>> is_valid('06 66 66 66 66')
False
>>> is_valid('06 39 98 12 3')
False
>>> format('+33639981234')
'06 39 98 12 34'
>>> format('0639981234', international=True)
'+33 6 39 98 12 34'
"""

from __future__ import annotations

from .exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = ["compact", "format", "is_valid", "national_significant_number", "validate"]

# spaces (ASCII, tab, no-break, narrow no-break), dots and dashes
_SEPARATORS = dict.fromkeys(map(ord, " \t\u00a0\u202f\u2007.-"))
_DIGITS = frozenset("0123456789")  # not str.isdigit: it accepts '١'
_MAX_INPUT = 40
# (prefix, total length of prefix + 9-digit NSN); longest first so "+33(0)" wins over "+33"
_PREFIXES = (("0033(0)", 16), ("+33(0)", 15), ("0033", 13), ("+33", 12), ("0", 10))


def _nsn(cleaned: str) -> str | None:
    """The 9 characters after the recognised prefix, or None when no prefix fits the length."""
    for prefix, total in _PREFIXES:
        if len(cleaned) == total and cleaned.startswith(prefix):
            return cleaned[len(prefix) :]
    return None


def compact(value: str) -> str:
    """E.164 (``+33`` + NSN) when the writing is recognised, else the value without separators."""
    cleaned = value.translate(_SEPARATORS).strip()
    nsn = _nsn(cleaned)
    return "+33" + nsn if nsn is not None and _DIGITS.issuperset(nsn) else cleaned


def national_significant_number(value: str) -> str:
    """The 9-digit NSN of a valid number (what remains without ``+33`` or the trunk ``0``).

    >>> national_significant_number('01 99 00 53 00')
    '199005300'
    """
    return validate(value)[3:]


def validate(value: str) -> str:
    """Return the E.164 form of a valid French number, or raise a `ValidationError`."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    cleaned = value.translate(_SEPARATORS).strip()
    nsn = _nsn(cleaned)
    if nsn is None:
        if cleaned[:1] in ("0", "+") and _DIGITS.issuperset(cleaned.lstrip("+")):
            raise InvalidLength()
        raise InvalidFormat()
    if not _DIGITS.issuperset(nsn):
        raise InvalidFormat()
    if nsn[0] == "0" or nsn == nsn[0] * 9:
        raise InvalidComponent("The number is not in the French numbering plan.")
    return "+33" + nsn


def is_valid(value: str) -> bool:
    """True when `value` is a valid French telephone number; never raises."""
    try:
        return bool(validate(value))
    except ValidationError:
        return False


def format(value: str, international: bool = False) -> str:
    """``06 12 34 56 78`` (or ``+33 6 12 34 56 78`` with `international`) for a valid number."""
    nsn = validate(value)[3:]
    pairs = " ".join(nsn[i : i + 2] for i in range(1, 9, 2))
    return f"+33 {nsn[0]} {pairs}" if international else f"0{nsn[0]} {pairs}"
