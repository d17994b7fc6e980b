"""Validation errors, python-stdnum style, that never carry the value being checked.

Why a copy of stdnum's hierarchy instead of stdnum's own classes: piiscan logs and reports errors, and a
dump's content must never leak through them (see ``docs/ARCHITECTURE.md``, *Privacy*).  Every message is a
fixed sentence chosen by the code, never built from the input, and the constructor takes nothing but such a
sentence.  Validators also raise these outside of any ``except`` block, so no exception that quoted the
value (``int()``'s ``ValueError``, a ``UnicodeError``) ends up chained as ``__context__``.

>>> raise InvalidChecksum()
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidChecksum: The number has an invalid check digit.
>>> issubclass(InvalidLength, InvalidFormat) and issubclass(ValidationError, ValueError)
True
"""

from __future__ import annotations

__all__ = ["InvalidChecksum", "InvalidComponent", "InvalidFormat", "InvalidLength", "ValidationError"]


class ValidationError(ValueError):
    """Base class: the value is not a valid identifier.  Only its subclasses are raised."""

    message = "The number is not valid."

    def __init__(self, message: str | None = None) -> None:
        # `message` must be a string literal from the validator's own code, never derived from the input.
        super().__init__(message or self.message)


class InvalidFormat(ValidationError):
    """Characters, separators or structure that the identifier never has."""

    message = "The number has an invalid format."


class InvalidLength(InvalidFormat):
    """The right characters but not the right count of them (a special case of a bad format)."""

    message = "The number has an invalid length."


class InvalidChecksum(ValidationError):
    """The structure is right but a check digit (or key) does not match the rest."""

    message = "The number has an invalid check digit."


class InvalidComponent(ValidationError):
    """A part of the value refers to something that does not exist (a month 13, an unknown country)."""

    message = "A component of the number is invalid."
