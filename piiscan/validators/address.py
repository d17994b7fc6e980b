"""A French postal address line: number (bis/ter), street type and name, with or without postal code
and commune (`12 bis rue de la Paix`, `37, rue Chaptal 75009 Paris`, `Lieu-dit Les Granges`).

A street address has no check digit and its parts are ordinary words; what makes a line an address is its
grammar.  The rule, on the line's folded words (`piiscan.text.fold`, `[a-z0-9]` words joined by one blank,
as the lexicon keys are):

- a street type of `STREET_TYPES` (`rue`, `avenue`, `bd`, `allée`, `chemin`, `impasse`, `place`, `quai`,
  `route`, `lieu-dit`…) starting a word and followed by at least one more word (the street's name); or
- a first word of 1 to 4 digits, optionally with a letter suffix (`12`, `12bis`, `3b`), then a word holding
  a letter (`3 Grande Rue`, `12 Le Bourg`; a postal code has five digits).

The scanner applies it to a whole cell under an address header (`adresse`, `address`, `rue`…), which is
then one finding.  Examples are synthetic.

>>> validate('37, rue Chaptal 75009 Paris')
'37, rue Chaptal 75009 Paris'
>>> is_valid('12 BIS AV. DE LA RÉPUBLIQUE'), is_valid('Lieu-dit Les Granges'), is_valid('3 Grande Rue')
(True, True, True)
>>> is_valid('Paris'), is_valid('75009 Paris'), is_valid('rue'), is_valid('NULL')
(False, False, False, False)
"""

from __future__ import annotations

import re

from ..text import fold
from .exceptions import InvalidFormat, InvalidLength, ValidationError

__all__ = ["MAX_BYTES", "STREET_TYPES", "compact", "is_street_key", "is_valid", "street_key", "validate"]

MAX_BYTES = 120
"""Longest address cell read, in bytes (the kernel folds at most 126 bytes of a value)."""
STREET_TYPES: tuple[str, ...] = (
    "rue", "r", "avenue", "av", "ave", "boulevard", "bd", "bld", "blvd", "allee", "all", "chemin", "ch", "che",
    "impasse", "imp", "place", "pl", "quai", "route", "rte", "lieu dit", "lieudit", "ld", "cours", "crs",
    "square", "sq", "passage", "pass", "residence", "res", "rond point", "sentier", "voie", "villa", "hameau",
    "cite", "esplanade", "faubourg", "fg", "fbg", "parvis", "promenade", "prom", "ruelle", "venelle",
    "chaussee", "traverse", "montee", "mail", "lotissement", "lot", "domaine", "dom", "zone", "za", "zi",
    "zac", "quartier", "qua", "carrefour", "levee", "digue", "port", "cour", "clos", "enclos", "hlm",
)  # fmt: skip
"""Street types as folded words (`lieu-dit` folds to `lieu dit`), abbreviations of the national address
base (BAN, `FANTOIR` type codes) included."""
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"[0-9]{1,4}[a-z]{0,6}")
_MAX_INPUT = 4 * MAX_BYTES


def compact(value: str) -> str:
    """Surrounding blanks removed, inner runs of blanks as one."""
    return " ".join(value.split())


def street_key(value: str) -> str:
    """The folded words of a line, as the scanner compares them (`tables.lexicon_key`)."""
    return " ".join(_WORD.findall(fold(value)))


def is_street_key(key: str) -> bool:
    """The grammar above, on a folded key."""
    words = key.split(" ")
    if len(words) < 2:
        return False
    padded = f" {key} "
    for street in STREET_TYPES:
        at = padded.find(f" {street} ")
        while at >= 0:
            if at + len(street) + 2 < len(padded):  # another word follows: the street's name
                return True
            at = padded.find(f" {street} ", at + 1)
    return bool(_NUMBER.fullmatch(words[0])) and any(not ch.isdigit() for ch in words[1])


def validate(value: str) -> str:
    """The compact address line if it has an address's grammar, else a `ValidationError` (never quoting it)."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    line = compact(value)
    if len(line.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidLength()
    if not is_street_key(street_key(line)):
        raise InvalidFormat()
    return line


def is_valid(value: str) -> bool:
    """True when `value` reads as a street address line; never raises."""
    try:
        return bool(validate(value))
    except ValidationError:
        return False
