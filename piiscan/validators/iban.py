"""IBAN (International Bank Account Number, ISO 13616).

An IBAN is a 2-letter country code, 2 check digits and the national account number (BBAN), whose length is
fixed per country (27 characters in France).  Dumps write it compact (``FR7630006000011234567890189``),
grouped by 4 (``FR76 3000 6000 0112 3456 7890 189``) or by the national groups (``FR76 30006 00001
12345678901 89``), with blanks, no-break spaces or dashes, in either case.

The check digits follow ISO 7064 mod 97-10: move the first 4 characters to the end, read letters as numbers
(``A`` = 10 … ``Z`` = 35) and the whole is 1 modulo 97.  Like the NIR key, a random string passes once in
97; the country length table rejects most of those that do.  Check digits ``00``, ``01`` and ``99`` are never
issued (ISO 13616 uses 02–98) and are rejected even when the modulus works out.

The examples below are synthetic (check digits computed for this page).

>>> validate('FR76 3000 6000 0112 3456 7890 189')
'FR7630006000011234567890189'
>>> validate('fr7630006000011234567890189')
'FR7630006000011234567890189'
>>> validate('FR76 3000 6000 0112 3456 7890 198')  # two digits swapped
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidChecksum: The number has an invalid check digit.
>>> validate('DE73 1002 0030 0001 2345 67')
'DE73100200300001234567'
>>> validate('FR76 3000 6000 0112 3456 7890 18')  # one character short for France
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidLength: The number has an invalid length.
>>> validate('GB33 BUKB 2020 1555 5555 55')
'GB33BUKB20201555555555'
>>> validate('DE86 1002 0030 0001 2345 6A')  # mod 97 holds, but a German BBAN is digits only
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidFormat: The BBAN does not match the country's structure.
>>> check_digits('FR0030006000011234567890189')
'76'
>>> format('BE53123456789012')
'BE53 1234 5678 9012'
"""

from __future__ import annotations

import re
from types import MappingProxyType

from ._shape import passes
from .exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["BBAN_STRUCTURES", "LENGTHS", "bban_classes", "check_digits", "compact", "format", "is_valid", "validate"]

LENGTHS: MappingProxyType[str, int] = MappingProxyType(
    {
        # SEPA scheme countries (France's overseas departments use FR)
        "AD": 24, "AL": 28, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
        "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21,
        "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
        "MD": 24, "ME": 22, "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
        "RS": 22, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
        # the rest of the SWIFT IBAN registry
        "AE": 23, "AZ": 28, "BA": 20, "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CR": 22, "DJ": 27,
        "DO": 28, "EG": 29, "FK": 18, "FO": 18, "GE": 22, "GL": 18, "GT": 28, "HN": 28, "IL": 23,
        "IQ": 23, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LY": 25, "MN": 20, "MR": 27,
        "MU": 30, "NI": 28, "OM": 23, "PK": 24, "PS": 29, "QA": 29, "RU": 33, "SA": 24, "SC": 31,
        "SD": 18, "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VG": 24,
        "XK": 20, "YE": 30,
    }
)  # fmt: skip
"""IBAN length per country code (SWIFT IBAN registry); a country missing here is rejected."""

BBAN_STRUCTURES: MappingProxyType[str, str] = MappingProxyType(
    {
        "AD": "4n4n12c", "AL": "8n16c", "AT": "5n11n", "BE": "3n7n2n", "BG": "4a4n2n8c", "CH": "5n12c",
        "CY": "3n5n16c", "CZ": "4n16n", "DE": "8n10n", "DK": "4n9n1n", "EE": "2n14n", "ES": "4n4n1n1n10n",
        "FI": "3n11n", "FR": "5n5n11c2n", "GB": "4a6n8n", "GI": "4a15c", "GR": "3n4n16c", "HR": "7n10n",
        "HU": "3n4n1n15n1n", "IE": "4a6n8n", "IS": "4n2n6n10n", "IT": "1a5n5n12c", "LI": "5n12c", "LT": "5n11n",
        "LU": "3n13c", "LV": "4a13c", "MC": "5n5n11c2n", "MD": "2c18c", "ME": "3n13n2n", "MK": "3n10c2n",
        "MT": "4a5n18c", "NL": "4a10n", "NO": "4n6n1n", "PL": "8n16n", "PT": "4n4n11n2n", "RO": "4a16c",
        "RS": "3n13n2n", "SE": "3n16n1n", "SI": "5n8n2n", "SK": "4n6n10n", "SM": "1a5n5n12c", "VA": "3n15n",
        "AE": "3n16n", "AZ": "4a20c", "BA": "3n3n8n2n", "BH": "4a14c", "BI": "5n5n11n2n", "BR": "8n5n10n1a1c",
        "BY": "4c4n16c", "CR": "4n14n", "DJ": "5n5n11n2n", "DO": "4c20n", "EG": "4n4n17n", "FK": "2a12n",
        "FO": "4n9n1n", "GE": "2a16n", "GL": "4n9n1n", "GT": "4c20c", "HN": "4a20n", "IL": "3n3n13n",
        "IQ": "4a3n12n", "JO": "4a4n18c", "KW": "4a22c", "KZ": "3n13c", "LB": "4n20c", "LC": "4a24c",
        "LY": "3n3n15n", "MN": "4n12n", "MR": "5n5n11n2n", "MU": "4a2n2n12n3n3a", "NI": "4a20n", "OM": "3n16c",
        "PK": "4a16c", "PS": "4a21c", "QA": "4a21c", "RU": "9n5n15c", "SA": "2n18c", "SC": "4a2n2n16n3a",
        "SD": "2n12n", "SO": "4n3n12n", "ST": "4n4n11n2n", "SV": "4a20n", "TL": "3n14n2n", "TN": "2n3n13n2n",
        "TR": "5n1n16c", "UA": "6n19c", "VG": "4a16n", "XK": "4n10n2n", "YE": "4a4n18c",
    }
)  # fmt: skip
"""The BBAN's structure per country, in the SWIFT IBAN registry's notation: runs of `n` digits, `a` upper-case
letters, `c` letters or digits (``FR``: ``5n5n11c2n``, bank, branch, account, RIB key).  A letter where the
structure wants digits makes the IBAN invalid even when mod 97 works out (1 in 97 random strings does)."""

_STRUCTURE_RUN = re.compile(r"(\d+)([nac])")
_CLASS_CHARS = {"n": frozenset("0123456789"), "a": frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def bban_classes(country: str) -> str:
    """The BBAN's structure expanded to one class letter per character (``n``, ``a`` or ``c``); empty if unknown.

    >>> bban_classes("BE")
    'nnnnnnnnnnnn'
    """
    return "".join(kind * int(count) for count, kind in _STRUCTURE_RUN.findall(BBAN_STRUCTURES.get(country, "")))


def _bban_fits(country: str, bban: str) -> bool:
    classes = bban_classes(country)
    return len(classes) == len(bban) and all(
        k == "c" or ch in _CLASS_CHARS[k] for k, ch in zip(classes, bban, strict=True)
    )


# upper-case ASCII letters only (str.upper maps 'ı' to 'I'); drop spaces (ASCII, tab, no-break,
# narrow no-break: French typography), dots and dashes
_COMPACT = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", " \t\u00a0\u202f\u2007.-")
_MAX_INPUT = 80  # 34 characters grouped by 4 with separators is ~45; longer input is rejected up front
_INVALID_CHECK_DIGITS = frozenset({"00", "01", "99"})
_ALNUM_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_ALNUM = frozenset(_ALNUM_VALUES)  # ASCII only: str.isalnum would accept 'é' or '١'


def compact(value: str) -> str:
    """Strip spaces (also no-break ones), dots and dashes, upper-case."""
    return value.translate(_COMPACT).strip()


def _mod97(text: str) -> int:
    """`text` (``0-9A-Z``) read as a base-10 number with letters expanded to 10–35, modulo 97.

    Folded digit by digit, so it never builds a huge integer.
    """
    remainder = 0
    for char in text:
        value = _ALNUM_VALUES[char]
        remainder = (remainder * (10 if value < 10 else 100) + value) % 97
    return remainder


def check_digits(value: str) -> str:
    """The check digits an IBAN must carry; its own check digits (positions 2–3) are ignored."""
    number = compact(value)
    if len(number) < 5 or len(number) > 34 or not _ALNUM.issuperset(number):
        raise InvalidFormat()
    return f"{98 - _mod97(number[4:] + number[:2] + '00'):02d}"


def validate(value: str) -> str:
    """Return the compact IBAN, or raise a `ValidationError` saying which rule failed."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    number = compact(value)
    country, check = number[:2], number[2:4]
    if len(number) < 5 or not _ALNUM.issuperset(number) or not country.isalpha() or not check.isdigit():
        raise InvalidFormat()
    expected_length = LENGTHS.get(country)
    if expected_length is None:
        raise InvalidComponent("The country code is unknown.")
    if len(number) != expected_length:
        raise InvalidLength()
    if check in _INVALID_CHECK_DIGITS or _mod97(number[4:] + number[:4]) != 1:
        raise InvalidChecksum()
    if not _bban_fits(country, number[4:]):
        raise InvalidFormat("The BBAN does not match the country's structure.")
    return number


def is_valid(value: str) -> bool:
    """True when `value` is a valid IBAN; never raises."""
    return passes(validate, value)


def format(value: str, separator: str = " ") -> str:
    """Groups of 4, the way IBANs are printed (the value is compacted, not validated)."""
    number = compact(value)
    return separator.join(number[i : i + 4] for i in range(0, len(number), 4))
