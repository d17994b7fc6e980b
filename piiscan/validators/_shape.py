"""What the identifier validators share, stated once: the bound on an input's length, the spaces dumps put
inside numbers, the ASCII alphabets, and python-stdnum's never-raising `is_valid`.

>>> upper_without_spaces(" 12ab\u00a034567 "), without_spaces("12 34\u202f56")
('12AB34567', '123456')
>>> bounded("x" * 33)
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidLength: The number has an invalid length.
"""

from __future__ import annotations

from collections.abc import Callable

from .exceptions import InvalidLength, ValidationError

__all__ = ["ALNUM", "DIGITS", "LETTERS", "MAX_INPUT", "bounded", "passes", "upper_without_spaces", "without_spaces"]

MAX_INPUT = 32
"""The longest input a document-number validator looks at: no identifier is longer, and refusing longer
input first keeps validation cheap whatever a hostile cell holds."""
DIGITS = frozenset("0123456789")  # not str.isdigit: it accepts '١'
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
ALNUM = DIGITS | LETTERS
SPACES = " \t\u00a0\u202f\u2007"
"""Spaces seen inside numbers in dumps: ASCII, tab, no-break, narrow no-break (French typography), figure."""
_WITHOUT_SPACES = dict.fromkeys(map(ord, SPACES))
# upper-case ASCII letters only (str.upper maps 'ı' to 'I')
_UPPER_WITHOUT_SPACES = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", SPACES)


def without_spaces(value: str) -> str:
    """`value` without its spaces (also no-break ones)."""
    return value.translate(_WITHOUT_SPACES).strip()


def upper_without_spaces(value: str) -> str:
    """`value` without its spaces, ASCII letters upper-cased (dumps sometimes store ``12ab34567``)."""
    return value.translate(_UPPER_WITHOUT_SPACES).strip()


def bounded(value: str) -> str:
    """`value` itself, or `InvalidLength` when it is longer than `MAX_INPUT`."""
    if len(value) > MAX_INPUT:
        raise InvalidLength()
    return value


def passes(validate: Callable[[str], object], value: str) -> bool:
    """True when `validate(value)` accepts `value`; False on any `ValidationError` (never raises)."""
    try:
        return bool(validate(value))
    except ValidationError:
        return False
