"""IBAN (International Bank Account Number, ISO 13616).

An IBAN is a 2-letter country code, 2 check digits and the national account number (BBAN), whose length is
fixed per country (27 characters in France).  Dumps write it compact (``FR7630006000011234567890189``) or
grouped by 4 (``FR76 3000 6000 0112 3456 7890 189``).

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
>>> check_digits('FR0030006000011234567890189')
'76'
>>> format('BE53123456789012')
'BE53 1234 5678 9012'
"""

from __future__ import annotations

from types import MappingProxyType

from .exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

__all__ = ["LENGTHS", "check_digits", "compact", "format", "is_valid", "validate"]

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
    return number


def is_valid(value: str) -> bool:
    """True when `value` is a valid IBAN; never raises."""
    try:
        return bool(validate(value))
    except ValidationError:
        return False


def format(value: str, separator: str = " ") -> str:
    """Groups of 4, the way IBANs are printed (the value is compacted, not validated)."""
    number = compact(value)
    return separator.join(number[i : i + 4] for i in range(0, len(number), 4))
