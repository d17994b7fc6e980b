"""Redacted previews (`piiscan.output.redact`): what they show, that they never leak more, and that the fast path
and the presidio-anonymizer operators agree.

Why: a preview is the only trace of a value in findings files and reports (DESIGN.md §3).  It must never
raise on whatever bytes a dump holds, never show more letters or digits than the entity's rule keeps, and
stay cheap: it runs once per finding.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
import timeit
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import piiscan.output.redact
from piiscan.output.redact import redact, redact_with_operators
from piiscan.pack import ENTITY_ORDER

ROOT = Path(__file__).resolve().parents[1]
ENTITIES = st.sampled_from([*ENTITY_ORDER, "UNKNOWN_ENTITY", ""])
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")

# Values shaped like what the scanner reports, and anything at all (dumps hold any bytes).
VALUES = st.one_of(
    st.text(),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789< \n", max_size=100),  # MRZ, IBAN, documents
    st.from_regex(r"(0[1-9]|[12][0-9]|3[01])[/. -](0[1-9]|1[0-2])[/. -](1[89]|20)[0-9]{2}", fullmatch=True),
    st.from_regex(r"(\+33 ?|0)[1-9]([ .-]?[0-9]{2}){4}", fullmatch=True),
    st.emails(),
    st.from_regex(r"[\w.+'-]{0,20}@[\w.-]{0,20}", fullmatch=True),
)


def alnum(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def kept(entity: str, value: str) -> int:
    """How many letters and digits the preview rule of `entity` lets through (the policy, restated)."""
    if entity == "EMAIL_ADDRESS":
        local, _, domain = value.rpartition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return alnum(local[:1]) + alnum(domain[:1]) + alnum(tld)
    if entity == "DATE_OF_BIRTH":
        return 4 if YEAR.search(value) else 0
    if entity == "MRZ":  # the document code and state, and what is not an MRZ character
        return alnum(value[:5]) + sum(ch.isalnum() and not re.fullmatch(r"[A-Z0-9]", ch) for ch in value[5:])
    if entity == "PHONE_NUMBER":
        return 3 if value.startswith("+") else 2
    keep = {"FR_PASSPORT": 2, "IBAN_CODE": 2, "FR_ID_CARD": 2, "PERSON": 1, "NATIONALITY": 1, "FR_NIR": 1}
    keep |= {"FOREIGN_PASSPORT": 2, "FOREIGN_ID_CARD": 2, "FR_DRIVING_LICENCE": 2}
    if entity == "PASSWORD_HASH":  # the scheme's name (`$2b$`, `pbkdf2_sha256$`), never the hash
        scheme = re.match(r"\$[0-9a-z-]{1,12}\$|pbkdf2_sha[0-9]{1,3}\$", value)
        return alnum(scheme.group(0)) if scheme else 0
    return keep.get(entity, 0)  # PASSWORD: nothing


def test_doctests() -> None:
    result = doctest.testmod(piiscan.output.redact)
    assert result.attempted >= 7 and result.failed == 0


@pytest.mark.parametrize(
    ("entity", "value", "preview"),
    [
        ("EMAIL_ADDRESS", "jean.dupont@exemple.fr", "j***@e****.fr"),
        ("DATE_OF_BIRTH", "15/12/1985", "**/**/1985"),
        ("DATE_OF_BIRTH", "1er août 1990", "*** **** 1990"),
        ("FR_PASSPORT", "12AB34567", "12*******"),
        ("IBAN_CODE", "FR76 3000 6000 0112 3456 7890 189", "FR** **** **** **** **** **** ***"),
        ("PERSON", "Jean-Marc", "J***-****"),
        ("NATIONALITY", "française", "f********"),
        ("PHONE_NUMBER", "+33 6 39 98 12 34", "+33 6 ** ** ** **"),
        ("PHONE_NUMBER", "06 39 98 12 34", "06 ** ** ** **"),
        ("FR_NIR", "1 85 03 75 116 001 27", "1 ** ** ** *** *** **"),
        ("MRZ", "P<FRADUPONT<<JEAN<<<", "P<FRA******<<****<<<"),
        ("FR_RESIDENCE_PERMIT", "7501234567", "**********"),
        ("FR_DRIVING_LICENCE", "850375123456", "85**********"),
        ("PASSWORD", "Soleil!2020", "********"),
        ("PASSWORD", "a", "********"),
        ("PASSWORD_HASH", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$********"),
        ("PASSWORD_HASH", "6dbf9ac2da09ee1d3debf5a51873ec6d", "********"),
    ],
)
def test_previews(entity: str, value: str, preview: str) -> None:
    assert redact(entity, value) == preview
    assert redact_with_operators(entity, value) == preview


@settings(max_examples=600, deadline=None)
@given(ENTITIES, VALUES)
@example("EMAIL_ADDRESS", "a***@b****.fr")  # already preview-shaped: kept as it is, nothing else to hide
@example("MRZ", "")
@example("DATE_OF_BIRTH", "١٩٨٥")
def test_never_raises_and_never_leaks(entity: str, value: str) -> None:
    preview = redact(entity, value)
    assert isinstance(preview, str)
    assert alnum(preview) <= kept(entity, value)
    if alnum(value) >= 3 and alnum(value) > kept(entity, value):
        assert preview != value


@settings(max_examples=600, deadline=None)
@given(ENTITIES.filter(lambda e: e not in ("EMAIL_ADDRESS", "PASSWORD", "PASSWORD_HASH")), VALUES)
def test_layout_is_kept(entity: str, value: str) -> None:
    """Only letters and digits change, one for one: separators show the shape (`FR** **** …`).  Not for
    credentials: a password's or a hash's layout (its length, where its symbols are) is not shown."""
    preview = redact(entity, value)
    assert len(preview) == len(value)
    assert all(p == v or (p == "*" and v.isalnum()) for p, v in zip(preview, value, strict=True))


@settings(max_examples=1500, deadline=None)
@given(ENTITIES, VALUES)
def test_fast_path_equals_presidio_operators(entity: str, value: str) -> None:
    assert redact(entity, value) == redact_with_operators(entity, value)


def test_fast_path_is_cheap() -> None:
    """Guard against per-call set-up (an engine, an operator, a regex compiled per call): a few µs at most."""
    cases = [(entity, "FR76 3000 6000 0112 3456 7890 189") for entity in ENTITY_ORDER]
    n = 2000
    seconds = min(timeit.repeat(lambda: [redact(e, v) for e, v in cases], number=n, repeat=3))
    per_call_us = seconds / n / len(cases) * 1e6
    print(f"redact: {per_call_us:.2f} µs per call")
    assert per_call_us < 20


def test_fast_path_does_not_import_presidio() -> None:
    """The findings writer imports piiscan.output.redact: presidio-anonymizer (≈ 1 s, with spaCy) stays out."""
    code = (
        "import sys, piiscan.output.redact as r\n"
        "r.redact('EMAIL_ADDRESS', 'a@b.fr'), r.redact('PERSON', 'Jean')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('presidio', 'spacy'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def test_mask_table_stays_bounded() -> None:
    """A dump of random code points cannot grow the translate table without bound; masking stays right."""
    value = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 20_000)) + "-12ab"
    preview = redact("FR_RESIDENCE_PERMIT", value)
    assert preview == "*" * 20_000 + "-****"
    assert preview == redact_with_operators("FR_RESIDENCE_PERMIT", value)
    assert len(piiscan.output.redact._ALNUM_MASK) <= piiscan.output.redact._MASK_CACHE
