"""French telephone numbers, in the forms found in dumps, normalised to E.164 (``+33612345678``).

Accepted writings (separators: spaces, no-break spaces, dots, dashes, anywhere or nowhere):

* national ``06 12 34 56 78``, ``06.12.34.56.78``, ``06-12-34-56-78``, ``0612345678``;
* international ``+33 6 12 34 56 78``, ``+33612345678``, ``0033 6 12 34 56 78``;
* the hybrid ``+33 (0)6 12 34 56 78`` (the trunk ``0`` in parentheses, common in e-mail signatures).

French numbering plan: after the country code or the trunk ``0`` comes a 9-digit national significant
number (NSN) whose first digit is 1–9 (1–5 geographic, 6–7 mobile, 8 special, 9 non-geographic).
Overseas departments' numbers written nationally (``0262 …``, ``0694 …``) are accepted as they are
written, under ``+33``; in international form (``+262 692 …``, ``+590``, ``+594``, ``+596``) they normalise
to the same ``+33`` key.  The territories and neighbours with their own plans (``+269`` Comores, ``+508``
Saint-Pierre-et-Miquelon, ``+681`` Wallis-et-Futuna, ``+687`` Nouvelle-Calédonie, ``+689`` Polynésie) are
accepted in international form with their NSN length and first digits (`OVERSEAS`).

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
>>> validate('+262 692 12 34 56'), validate('00689 87 12 34 56'), validate('+687 75.12.34')
('+33692123456', '+68987123456', '+687751234')
>>> is_valid('+262 123 45 67 89')  # not a range of La Réunion or Mayotte
False
>>> format('+33639981234')
'06 39 98 12 34'
>>> format('0639981234', international=True)
'+33 6 39 98 12 34'
"""

from __future__ import annotations

from types import MappingProxyType

from ._shape import passes
from .exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["IN_NATIONAL_PLAN", "OVERSEAS", "compact", "format", "is_valid", "national_significant_number", "validate"]

# spaces (ASCII, tab, no-break, narrow no-break), dots and dashes
_SEPARATORS = dict.fromkeys(map(ord, " \t\u00a0\u202f\u2007.-"))
_DIGITS = frozenset("0123456789")  # not str.isdigit: it accepts '١'
_MAX_INPUT = 40
# (prefix, total length of prefix + 9-digit NSN); longest first so "+33(0)" wins over "+33"
_PREFIXES = (("0033(0)", 16), ("+33(0)", 15), ("0033", 13), ("+33", 12), ("0", 10))


OVERSEAS: MappingProxyType[str, tuple[int, tuple[str, ...]]] = MappingProxyType(
    {
        # overseas departments in the French national plan (ARCEP): 9-digit NSN, fixed and mobile ranges
        "262": (9, ("262", "263", "268", "269", "639", "692", "693", "709")),  # La Réunion, Mayotte
        "590": (9, ("590", "598", "690", "691", "709")),  # Guadeloupe, Saint-Martin, Saint-Barthélemy
        "594": (9, ("594", "598", "694", "709")),  # Guyane
        "596": (9, ("596", "598", "696", "697", "709")),  # Martinique
        # territories and neighbours with their own plans
        "269": (7, ("3", "4", "7")),  # Comores (Mayotte's code until 2007)
        "508": (6, ("2", "3", "4", "5", "6", "7", "8", "9")),  # Saint-Pierre-et-Miquelon
        "681": (6, ("72", "82", "83")),  # Wallis-et-Futuna
        "687": (6, ("2", "3", "4", "5", "7", "8", "9")),  # Nouvelle-Calédonie
        "689": (8, ("40", "49", "87", "88", "89")),  # Polynésie française
    }
)
"""Country code → (NSN length, allowed first digits) of the overseas numbers accepted in international form
(`+262 692 12 34 56`, `00689 87 12 34 56`): the subscriber ranges (fixed and mobile) of each plan, as
libphonenumber's metadata states them at the first digits.  The four overseas departments share the French
national plan: their numbers normalise to ``+33`` + NSN, as the same number written nationally
(``0692 12 34 56``) does; the others to their own code."""
IN_NATIONAL_PLAN = frozenset({"262", "590", "594", "596"})


def _overseas(cleaned: str) -> tuple[str, str] | None:
    """``(country code, NSN)`` of an overseas number in international form, or None (plan not checked)."""
    for intl in ("+", "00"):
        if cleaned.startswith(intl):
            code = cleaned[len(intl) : len(intl) + 3]
            if code in OVERSEAS and len(cleaned) == len(intl) + 3 + OVERSEAS[code][0]:
                return code, cleaned[len(intl) + 3 :]
    return None


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
    if nsn is not None and _DIGITS.issuperset(nsn):
        return "+33" + nsn
    overseas = _overseas(cleaned)
    if overseas is not None and _DIGITS.issuperset(overseas[1]):
        code, nsn = overseas
        return ("+33" if code in IN_NATIONAL_PLAN else "+" + code) + nsn
    return cleaned


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
    overseas = _overseas(cleaned)
    if overseas is not None:
        code, nsn = overseas
        if not _DIGITS.issuperset(nsn):
            raise InvalidFormat()
        if not nsn.startswith(OVERSEAS[code][1]) or nsn == nsn[0] * len(nsn):
            raise InvalidComponent("The number is not in the territory's numbering plan.")
        return ("+33" if code in IN_NATIONAL_PLAN else "+" + code) + nsn
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
    return passes(validate, value)


def format(value: str, international: bool = False) -> str:
    """``06 12 34 56 78`` (or ``+33 6 12 34 56 78`` with `international`) for a valid number."""
    number = validate(value)
    if not number.startswith("+33"):
        return number  # a territory with its own plan: its E.164 form
    nsn = number[3:]
    pairs = " ".join(nsn[i : i + 2] for i in range(1, 9, 2))
    return f"+33 {nsn[0]} {pairs}" if international else f"0{nsn[0]} {pairs}"
