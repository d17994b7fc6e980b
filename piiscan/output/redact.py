"""Redacted previews: enough to recognise the kind of value and its shape, never the value.

What is kept is chosen per entity (issue: previews): the TLD of an e-mail (`j***@e****.fr`), the year of a
date of birth (`**/**/1985`), the first two characters of a passport (`12*******`), the country of an IBAN;
everything else is masked character by character, separators kept so the layout stays visible.

One policy per entity (its descriptor's `Preview`: `piiscan.entities`), two implementations.
`redact_with_operators` builds each preview from presidio-anonymizer operators, instantiated once:
`Mask` (`masking_char="*"`, `chars_to_mask`, `from_end=True`) on each run of letters and digits, and
`Replace` for the fixed-width parts of an e-mail (a mailbox's length is not shown).  `redact`, which the
findings writer calls once per finding, computes the same string in plain Python (one `str.translate` per
masked part) because the presidio path costs more than the preview itself: importing presidio-anonymizer
takes about a second (it imports presidio-analyzer and spaCy) and the operator calls make a preview about
six times slower (≈ 4 µs against ≈ 0.7 µs).  `tests/test_redact.py` checks with hypothesis that both agree
on any string and entity.  `piiscan.presidio.anonymize` puts these previews into a text through
presidio-anonymizer.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable
from typing import Any

from piiscan.entities import DESCRIPTORS, Preview

__all__ = ["redact", "redact_with_operators"]

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_ALNUM_RUN = re.compile(r"[^\W_]+")  # letters and digits of any script: exactly str.isalnum()
_MRZ_RUN = re.compile(r"[A-Z0-9]+")
_MASK_CHAR = "*"
_MASK_CACHE = 8192
_MRZ_MASK = str.maketrans(dict.fromkeys(string.ascii_uppercase + string.digits, _MASK_CHAR))
_MRZ_KEPT = 5  # `P<FRA`, `IDFRA`: the document code and issuing state say what the zone is
_MRZ_HEADER = re.compile(r"[ACIPV][A-Z<][A-Z<]{3}")
"""A first MRZ line starts with a document code and the issuing state; other lines start with a number."""


def _mrz_kept(value: str) -> int:
    """Characters kept at the start of an MRZ line: the code and state of a first line, nothing else
    (a second line starts with the document number or a birth date)."""
    return _MRZ_KEPT if _MRZ_HEADER.match(value) else 0


_SECRET = "********"
"""The whole preview of a password (and the tail of a hash's): fixed, so not even the length shows."""
_HASH_SCHEME = re.compile(r"\$[0-9a-z-]{1,12}\$|pbkdf2_sha[0-9]{1,3}\$")
"""The part of a stored hash that names its function (`$2b$`, `$argon2id$`, `pbkdf2_sha256$`)."""


def _hash_preview(value: str) -> str:
    """`$2b$********`: the scheme, then the fixed mask; a bare hex digest is all mask."""
    m = _HASH_SCHEME.match(value)
    return (m.group(0) if m else "") + _SECRET


_EMAIL_LOCAL_STARS = "***"
_EMAIL_DOMAIN_STARS = "****"


def _preview(entity: str) -> Preview:
    """The entity's preview policy (its descriptor's); a name outside the registry keeps nothing."""
    found = DESCRIPTORS.get(entity)
    return found.preview if found is not None else Preview()


def _phone_keep(value: str) -> int:
    """`+33…` keeps the country code and the first digit, `06…` the trunk prefix and the first digit."""
    return 3 if value.startswith("+") else 2


def _email_parts(value: str) -> tuple[str, str, str]:
    """Mailbox, domain (TLD included) and TLD; a value without `@` is all domain."""
    local, _, domain = value.rpartition("@")
    tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
    return local, domain, tld


# ------------------------------------------------------------------------------------------ fast path


class _AlnumMask(dict[int, str]):
    """A `str.translate` table: letters and digits of any script to `*`, other characters to themselves.

    Filled on first sight of each character (Unicode has too many letters to list), so a preview is one
    C-level `translate` call whatever the script; a hostile dump of random code points cannot grow it past
    `_MASK_CACHE` entries (later characters are still masked, just not remembered).
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _MASK_CHAR if ch.isalnum() else ch
        if len(self) < _MASK_CACHE:
            self[code] = out
        return out


_ALNUM_MASK = _AlnumMask(str.maketrans(dict.fromkeys(string.ascii_letters + string.digits, _MASK_CHAR)))


def _mask_all(text: str) -> str:
    """Every letter and digit as `*`, everything else kept."""
    return text.translate(_ALNUM_MASK)


def _mask_keep(value: str, keep_first: int) -> str:
    """Keep the first `keep_first` letters or digits, mask the others, keep separators."""
    if keep_first <= 0:
        return _mask_all(value)
    kept = 0
    for i, ch in enumerate(value):
        if ch.isalnum():
            kept += 1
            if kept == keep_first:
                return value[: i + 1] + _mask_all(value[i + 1 :])
    return value


def redact(entity: str, value: str) -> str:
    """The preview of `value` detected as `entity`.

    >>> redact("EMAIL_ADDRESS", "jean.dupont@exemple.fr")
    'j***@e****.fr'
    >>> redact("DATE_OF_BIRTH", "15/12/1985")
    '**/**/1985'
    >>> redact("FR_PASSPORT", "12AB34567")
    '12*******'
    >>> redact("IBAN_CODE", "FR76 3000 6000 0112 3456 7890 189")
    'FR** **** **** **** **** **** ***'
    >>> redact("PERSON", "Jean-Marc")
    'J***-****'
    >>> redact("PASSWORD", "Soleil!2020"), redact("PASSWORD_HASH", "$2b$12$" + "a" * 53)
    ('********', '$2b$********')
    """
    policy = _preview(entity)
    if policy.kind == "secret":
        return _SECRET
    if policy.kind == "hash":
        return _hash_preview(value)
    if policy.kind == "email":
        local, domain, tld = _email_parts(value)
        return f"{local[:1]}{_EMAIL_LOCAL_STARS}@{domain[:1]}{_EMAIL_DOMAIN_STARS}.{tld}"
    if policy.kind == "year":
        m = _YEAR.search(value)
        if m:
            return _mask_all(value[: m.start()]) + m.group(0) + _mask_all(value[m.end() :])
        return _mask_all(value)
    if policy.kind == "mrz":
        kept = _mrz_kept(value)
        return value[:kept] + value[kept:].translate(_MRZ_MASK)
    if policy.kind == "phone":
        return _mask_keep(value, _phone_keep(value))
    return _mask_keep(value, policy.keep)


# -------------------------------------------------------------------------------- presidio operators


@functools.lru_cache(maxsize=1)
def _operators() -> tuple[Any, Any]:
    """presidio-anonymizer's `Mask` and `Replace`, instantiated and checked once (imported on first use)."""
    from presidio_anonymizer.operators import Mask, Replace

    mask, replace = Mask(), Replace()
    mask.validate(_mask_params(1))
    replace.validate({"new_value": _EMAIL_LOCAL_STARS})
    return mask, replace


def _mask_params(chars_to_mask: int) -> dict[str, Any]:
    return {"masking_char": _MASK_CHAR, "chars_to_mask": chars_to_mask, "from_end": True}


def _mask_runs(text: str, runs: re.Pattern[str], keep: Callable[[str], int]) -> str:
    """`text` with each run of `runs` masked by presidio's `Mask` from its end, `keep(run)` characters kept."""
    mask, _ = _operators()
    out: list[str] = []
    last = 0
    for m in runs.finditer(text):
        run = m.group()
        out.append(text[last : m.start()])
        out.append(mask.operate(run, _mask_params(len(run) - keep(run))))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _mask_keep_first(text: str, keep_first: int) -> str:
    """The first `keep_first` letters or digits kept across runs (`FR76 …` keeps `FR`), the rest masked."""
    remaining = keep_first

    def keep(run: str) -> int:
        nonlocal remaining
        n = min(remaining, len(run))
        remaining -= n
        return n

    return _mask_runs(text, _ALNUM_RUN, keep)


def redact_with_operators(entity: str, value: str) -> str:
    """The preview of `value` built from presidio-anonymizer operators: the reference `redact` must match.

    >>> redact_with_operators("IBAN_CODE", "FR76 3000 6000 0112 3456 7890 189")
    'FR** **** **** **** **** **** ***'
    >>> redact_with_operators("EMAIL_ADDRESS", "jean.dupont@exemple.fr")
    'j***@e****.fr'
    """
    policy = _preview(entity)
    if policy.kind == "secret":
        _, replace = _operators()
        return replace.operate(value, {"new_value": _SECRET})
    if policy.kind == "hash":
        _, replace = _operators()
        m = _HASH_SCHEME.match(value)
        kept = m.end() if m else 0
        return value[:kept] + replace.operate(value[kept:], {"new_value": _SECRET})
    if policy.kind == "email":
        _, replace = _operators()
        local, domain, tld = _email_parts(value)
        host = domain[: len(domain) - len(tld) - 1] if "." in domain else domain
        return (
            replace.operate(local, {"new_value": local[:1] + _EMAIL_LOCAL_STARS})
            + "@"
            + replace.operate(host, {"new_value": domain[:1] + _EMAIL_DOMAIN_STARS})
            + "."
            + tld
        )
    if policy.kind == "year":
        m = _YEAR.search(value)
        if m is None:
            return _mask_keep_first(value, 0)
        return _mask_keep_first(value[: m.start()], 0) + m.group(0) + _mask_keep_first(value[m.end() :], 0)
    if policy.kind == "mrz":
        kept = _mrz_kept(value)
        return value[:kept] + _mask_runs(value[kept:], _MRZ_RUN, lambda run: 0)
    if policy.kind == "phone":
        return _mask_keep_first(value, _phone_keep(value))
    return _mask_keep_first(value, policy.keep)
