"""Text folding and header normalisation: the reference the kernels' byte folding must agree with.

Why fold: leak dumps spell the same word `Nationalité`, `NATIONALITE`, `nationalite` and `nationalit\\xe9`;
dictionaries, context words and header names are therefore stored and compared folded.

>>> fold("Née le")
'nee le'
>>> fold("FRANÇAISE")
'francaise'
>>> fold("Œuvre")
'oeuvre'
>>> normalise_header("N° de passeport")
'n de passeport'
>>> normalise_header("dateOfBirth")
'date of birth'
>>> normalise_header("applicant.given_names")
'applicant given names'
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold", "fold_char", "header_tokens", "normalise_header", "safe_field_name"]

_SPECIAL = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "ð": "d", "þ": "th"}


@functools.lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Fold one character: lower case, without accents; may return 0, 1 or 2 characters.

    Cached: the pack's dictionaries fold ~15,000 words at start-up, and the non-ASCII letters of French
    names are a few dozen, each decomposed once instead of thousands of times.
    """
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.lower()


def fold(text: str) -> str:
    """Lower-case and strip accents (`é`→`e`, `œ`→`oe`), keeping everything else as it is."""
    if text.isascii():
        return text.lower()
    return "".join(fold_char(c) for c in text)


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_header(name: str) -> str:
    """A field name as space-separated folded tokens: camelCase, `_`, `.`, `°` and punctuation split."""
    return " ".join(header_tokens(name))


def header_tokens(name: str) -> list[str]:
    """The folded tokens of a field name (see `normalise_header`)."""
    return [t for t in _NON_ALNUM.split(fold(_CAMEL.sub(" ", name))) if t]


_VALUE_LIKE = re.compile(r"@|\d{4}|\d[\s.-]?\d[\s.-]?\d[\s.-]?\d")


def safe_field_name(name: str) -> str:
    """A field name (a CSV header, one JSON key, an SQL column) fit for reports: `*` if it looks like a value.

    Field names are printed (summary, report, findings), but a dump can use data as structure: a JSON
    object keyed by e-mail address or by NIR, a headerless CSV whose first row is data.  A name holding
    an `@` or four digits in a row is masked; callers mask each JSON key on its own, so the rest of a
    path stays readable.

    >>> safe_field_name("passport_number"), safe_field_name("jean.dupont@exemple.fr")
    ('passport_number', '*')
    >>> safe_field_name("185057800604830"), safe_field_name("adresse2")
    ('*', 'adresse2')
    """
    return "*" if _VALUE_LIKE.search(name) else name
