"""A password in clear: what a password field or the secret of a credential line may hold.

A password has no structure to check; what this module rules out is what a password column holds when it
holds no password: an empty or placeholder value (`NULL`, `N/A`, `-`), a masked one (`********`,
`xxxxxx`), a value too long to be typed (over 128 bytes) or holding a line break or tab.  A
stored hash is not a password in clear either (`piiscan.validators.pwhash` names it first).  Whether a
value is a password at all is the detector's question: only a password field or a credential line
(`jean@exemple.fr:secret`) makes it one.  Exceptions never carry the value.

>>> validate(' Soleil!2020 ')
'Soleil!2020'
>>> is_valid('NULL'), is_valid('********'), is_valid('n/a'), is_valid('azerty'), is_valid('mot de passe')
(False, False, False, True, True)
>>> validate('xxxxxx')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidFormat: The number has an invalid format.
"""

from __future__ import annotations

from .exceptions import InvalidFormat, InvalidLength

__all__ = ["MASK_CHARS", "MAX_BYTES", "PLACEHOLDERS", "compact", "is_valid", "secret_ok", "validate"]

MAX_BYTES = 128
"""Longest password in clear, in UTF-8 bytes (longer is a note, a token or a key, not something typed)."""
PLACEHOLDERS = frozenset(
    ("null", "none", "nil", "nan", "n/a", "na", "undefined", "empty", "vide", "aucun", "-", "--", "?", "0")
)
"""Folded values that stand for "no password" in dumps (compared lower-cased, ASCII only)."""
MASK_CHARS = frozenset("*xX#.-_")
"""A value made of one of these characters repeated is a masked password, not a password."""
_BLANKS = " \t\r\n\u00a0"


def compact(value: str) -> str:
    """Surrounding blanks removed (inside, a password keeps its characters)."""
    return value.strip(_BLANKS)


def secret_ok(value: str, *, size: int | None = None) -> bool:
    """The rule on an already compact value: 1 to `MAX_BYTES` bytes (`size`: its length in the input's own
    encoding, UTF-8 by default), no tab or line break, not a placeholder, not one ASCII mask character
    repeated."""
    if size is None:
        size = len(value.encode("utf-8", "surrogatepass"))
    if not value or size > MAX_BYTES:
        return False
    if any(ch in "\t\r\n" for ch in value):
        return False
    if value.lower() in PLACEHOLDERS:
        return False
    return not (value[0] in MASK_CHARS and value.count(value[0]) == len(value))


def validate(value: str) -> str:
    """The compact password if it can be one, else a `ValidationError` (never quoting it)."""
    if len(value) > 4 * MAX_BYTES:
        raise InvalidLength()
    secret = compact(value)
    if len(secret.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidLength()
    if not secret_ok(secret):
        raise InvalidFormat()
    return secret


def is_valid(value: str) -> bool:
    """True when `value` can be a password in clear; never raises."""
    try:
        return bool(validate(value))
    except (InvalidFormat, UnicodeError):
        return False
