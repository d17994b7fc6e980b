"""E-mail addresses: RFC 5321/5322 ``dot-atom`` syntax and a top-level domain that really exists.

Why the TLD check: dumps are full of ``name@host``, ``user@localhost``, ``x@y`` and file names such as
``logo@2x.png``; requiring a TLD from the public-suffix list (ICANN section, frozen in ``tlds.txt`` by
``_make_tlds.py``) removes them without any network access.

What is accepted, deliberately narrower than the RFCs (what people and web forms actually use):

* local part: 1–64 ASCII ``atext`` characters (letters, digits and ``!#$%&'*+/=?^_`{|}~-``) in
  dot-separated atoms: no leading, trailing or double dot; quoted local parts (``"a b"@x.fr``) and
  non-ASCII local parts are rejected;
* domain: at least two labels of 1–63 characters, letters, digits and inner hyphens; internationalised
  labels (``exemple.рф``) are allowed and measured in their ``xn--`` form; at most 253 characters; no
  address literal (``[192.0.2.1]``) and no trailing dot;
* the whole address at most 254 characters;
* the last label is a known TLD (``fr``, ``com``, ``bzh``, ``xn--p1ai``…), in any case.

`compact` strips surrounding whitespace and lower-cases the domain's ASCII letters (the local part is
case-sensitive in principle, so it is kept as written).  Examples use reserved or fictional names.

>>> validate(' Jean.Dupont@Example.FR ')
'Jean.Dupont@example.fr'
>>> is_valid('prenom.nom+dossier@sous-domaine.exemple.bzh')
True
>>> is_valid('x@y')
False
>>> is_valid('logo@2x.png')
False
>>> validate('jean..dupont@example.fr')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidFormat: The e-mail local part is malformed.
>>> validate('jean.dupont@example.invalidtld')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidComponent: The e-mail domain has an unknown top-level domain.
>>> is_valid('contact@exemple.рф')
True
"""

from __future__ import annotations

import functools
import importlib.resources
import unicodedata

from ._shape import passes
from .exceptions import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["compact", "is_known_tld", "is_valid", "validate"]

_ATEXT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-")
_LDH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
# ASCII-only: str.lower would turn the Kelvin sign into a plain 'k' and make a TLD out of non-ASCII text
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_MAX_ADDRESS = 254
_MAX_LOCAL = 64
_MAX_DOMAIN = 253
_MAX_LABEL = 63
_MAX_INPUT = 1024  # surrounding whitespace included; anything longer cannot be one address


@functools.cache
def _tlds() -> frozenset[str]:
    """The known TLDs, read once on first use (not at import: most scans never look at one)."""
    text = importlib.resources.files(__package__).joinpath("tlds.txt").read_text("utf-8")
    return frozenset(line for line in (raw.strip() for raw in text.splitlines()) if line and line[0] != "#")


def _a_label(label: str) -> str | None:
    """The lower-case ASCII form of one domain label, or None if it is not a usable label.

    ASCII labels must be letters, digits and inner hyphens.  Other labels are NFC-normalised, must hold
    only letters, marks, digits and hyphens, and are written ``xn--`` + punycode (RFC 3492), which is what
    IDNA produces for a label already in normal form.
    """
    if label[:1] == "-" or label[-1:] == "-":
        return None  # checked on the label as written: an xn-- form never starts with a hyphen
    if label.isascii():
        ascii_label = label.lower()
    else:
        label = unicodedata.normalize("NFC", label.lower())
        if not all(c == "-" or unicodedata.category(c)[0] in "LMN" for c in label):
            return None
        ascii_label = "xn--" + label.encode("punycode").decode("ascii")
    if not (0 < len(ascii_label) <= _MAX_LABEL) or not _LDH.issuperset(ascii_label):
        return None
    if ascii_label[0] == "-" or ascii_label[-1] == "-":
        return None
    return ascii_label


def is_known_tld(label: str) -> bool:
    """True when `label` (any case, Unicode or ``xn--`` form) is a top-level domain of the ICANN list.

    >>> is_known_tld('FR'), is_known_tld('xn--p1ai'), is_known_tld('рф'), is_known_tld('png')
    (True, True, True, False)
    """
    if len(label) > _MAX_LABEL:
        return False
    ascii_label = _a_label(label)
    return ascii_label is not None and ascii_label in _tlds()


def compact(value: str) -> str:
    """Strip surrounding whitespace and lower-case what follows the last ``@``."""
    address = value.strip()
    local, at, domain = address.rpartition("@")
    return f"{local}@{domain.translate(_ASCII_LOWER)}" if at else address


def _check_local(local: str) -> None:
    if not (0 < len(local) <= _MAX_LOCAL):
        raise InvalidLength("The e-mail local part has an invalid length.")
    if not all(atom and _ATEXT.issuperset(atom) for atom in local.split(".")):
        raise InvalidFormat("The e-mail local part is malformed.")


def _check_domain(domain: str) -> int:
    """Check the domain's labels and TLD; return the length of its ASCII form."""
    labels = domain.split(".")
    if len(labels) < 2:
        raise InvalidFormat("The e-mail domain is malformed.")
    ascii_labels = []
    for label in labels:
        if len(label) > _MAX_LABEL:
            raise InvalidLength("The e-mail domain has an invalid length.")
        ascii_label = _a_label(label)
        if ascii_label is None:
            raise InvalidFormat("The e-mail domain is malformed.")
        ascii_labels.append(ascii_label)
    length = len(".".join(ascii_labels))
    if length > _MAX_DOMAIN:
        raise InvalidLength("The e-mail domain has an invalid length.")
    if ascii_labels[-1] not in _tlds():
        raise InvalidComponent("The e-mail domain has an unknown top-level domain.")
    return length


def validate(value: str) -> str:
    """Return the compact address, or raise a `ValidationError` saying which rule failed."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength("The e-mail address has an invalid length.")
    address = compact(value)
    if address.count("@") != 1:
        raise InvalidFormat("The e-mail address is malformed.")
    local, _, domain = address.partition("@")
    if len(address) > _MAX_ADDRESS:
        raise InvalidLength("The e-mail address has an invalid length.")
    _check_local(local)
    if len(local) + 1 + _check_domain(domain) > _MAX_ADDRESS:
        raise InvalidLength("The e-mail address has an invalid length.")
    return address


def is_valid(value: str) -> bool:
    """True when `value` is a syntactically valid address with a real TLD; never raises."""
    return passes(validate, value)
