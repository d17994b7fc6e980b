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
then one finding.

In free text the scanner reads a stricter grammar (`reference._Detector.match_address`, compiled as
`kernels.detect._match_address`), since a street word alone is common prose (`la rue`, `3 places`):

- a house number of 1 to 4 digits at a token start, glued to a range (`12-14`), a `bis`/`ter`/`quater` or
  one letter `a`-`h` (`12bis`, `3B`), or followed by one of those words (`12 bis`), an optional comma;
- a street type of `TEXT_STREET_TYPES` (folded; an abbreviation that is also a common word or unit only
  with its dot: `pl.`, `ch.`, `r.`);
- the street's name: up to `NAME_WORDS` words, each holding a capital letter, a `PARTICLES` word
  (`de`, `du`, `la`…) between them, or a number of 1-4 digits before a capitalised word (`8 Mai`); the
  name ends at its last word holding a capital, so `12 rue de la paix` (no capital) is no address;
- optionally `,` and a postal code (five digits, department `01`-`95`, `97`, `98`) and the commune
  (up to `COMMUNE_WORDS` words holding a capital, particles between).

Parts are separated by one to three blanks (space or tab).  Without a house number, a street type and
name count only right after a context word of the entity (`demeurant`, `domiciliée`, `adresse :`) and
right before a postal code (`match_street_before`).  Examples are synthetic.

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

__all__ = [
    "COMMUNE_WORDS",
    "MAX_BYTES",
    "NAME_WORDS",
    "PARTICLES",
    "STREET_TYPES",
    "TEXT_STREET_TYPES",
    "compact",
    "is_street_key",
    "is_valid",
    "street_key",
    "validate",
]

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
TEXT_STREET_TYPES: dict[str, bool] = {
    "rue": False, "avenue": False, "av": False, "ave": False, "boulevard": False, "bd": False, "bld": False,
    "blvd": False, "allee": False, "chemin": False, "impasse": False, "imp": False, "place": False,
    "quai": False, "route": False, "rte": False, "lieu dit": False, "lieudit": False, "cours": False,
    "square": False, "residence": False, "chaussee": False, "faubourg": False, "fbg": False, "passage": False,
    "ruelle": False, "sentier": False, "venelle": False, "villa": False, "hameau": False, "cite": False,
    "esplanade": False, "parvis": False, "promenade": False, "traverse": False, "montee": False,
    "rond point": False, "lotissement": False, "levee": False, "voie": False,
    "r": True, "pl": True, "ch": True, "che": True, "chem": True, "all": True, "sq": True, "res": True,
    "crs": True, "prom": True, "fg": True, "lot": True, "pass": True,
}  # fmt: skip
"""Street types read in free text, folded, each with whether its abbreviation needs its dot (`pl.`: `3 pl`
is rarely a place, `10 ch` is horsepower).  Narrower than `STREET_TYPES`: words that are mostly something
else in prose (`port`, `mail`, `zone`, `domaine`, `clos`, `cour`, `carrefour`…) are left to address cells."""
PARTICLES: frozenset[str] = frozenset(
    ("de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "en", "sur", "sous", "et", "lez")
)
"""Lower-case words allowed between the capitalised words of a street name or commune (folded)."""
NAME_WORDS = 8
"""Most words (particles and numbers included) read as a street's name."""
COMMUNE_WORDS = 4
"""Most words read as the commune after a postal code."""
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
