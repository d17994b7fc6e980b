"""The street-address line rule (`piiscan.validators.address`) and its compiled twin on folded keys."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.api import scan_text
from piiscan.kernels.address import house_number_end, street_key_ok
from piiscan.reference import _HOUSE_NUMBER, _NUMBER_GLUE
from piiscan.validators import address
from piiscan.validators.exceptions import InvalidFormat, InvalidLength, ValidationError

WORDS = st.sampled_from(["rue", "r", "av", "lieu", "dit", "12", "3bis", "12345", "bis", "de", "la", "paix", "x", "0"])


@settings(max_examples=400, deadline=None)
@given(words=st.lists(WORDS, min_size=1, max_size=6))
def test_the_kernel_states_the_same_rule(words: list[str]) -> None:
    key = " ".join(words)
    buf = np.frombuffer(key.encode("ascii"), np.uint8)
    assert street_key_ok(buf, np.int64(len(buf))) is address.is_street_key(key)


@pytest.mark.parametrize(
    ("value", "ok"),
    [("12 rue de la Paix", True), ("Lieu-dit Les Granges", True), ("LIEU DIT", False), ("3B Grande Rue", True),
     ("12345 Rue", False), ("12345 Paris", False), ("1 2", False), ("Chemin", False), ("Allée des Cèdres", True)],
)  # fmt: skip
def test_lines(value: str, ok: bool) -> None:
    assert address.is_valid(value) is ok


@pytest.mark.parametrize(("value", "error"), [("Paris", InvalidFormat), ("12 rue " + "x" * 200, InvalidLength)])
def test_errors_never_quote(value: str, error: type[ValidationError]) -> None:
    with pytest.raises(error) as err:
        address.validate(value)
    assert value not in str(err.value) and "Paris" not in str(err.value)


HOUSE_TEXT = st.text("0123456789-,bisterquaBTQ \tx/.", max_size=16)


@settings(max_examples=400, deadline=None)
@given(before=st.sampled_from(["", " ", "-", "/", "x", "(", "#"]), text=HOUSE_TEXT)
def test_house_number_kernel_states_the_reference_pattern(before: str, text: str) -> None:
    """`kernels.address.house_number_end` is `reference._HOUSE_NUMBER` (regex) after `_NUMBER_GLUE`, but
    where the regex stops on a fourth blank: then no street type can follow, and the kernel says so at once
    (-1) or stops before the `bis` that such blanks follow (not a street type either)."""
    data = (before + text).encode("ascii")
    i = len(before)
    buf = np.frombuffer(data, np.uint8)
    got = house_number_end(buf, np.int64(0), np.int64(i), np.int64(len(data)))
    m = None if (i and data[i - 1] in _NUMBER_GLUE) or not text[:1].isdigit() else _HOUSE_NUMBER.match(data, i)
    if m is None:
        assert got < 0
    elif data[m.end() : m.end() + 1] in (b" ", b"\t"):
        assert got < 0 or data[got : got + 3].lower() in (b"bis", b"ter", b"qua")
    else:
        assert got == m.end()


@pytest.mark.parametrize(
    ("text", "ok"),
    [("12 rue de la Paix", True), ("12-14 bd Voltaire", True), ("3 ter place du Marché", True),
     ("7ter, allée des Cèdres", True), ("12 rue de la paix", False), ("3 places", False), ("10 ch Diesel", False),
     ("10 ch. des Vignes", True), ("12345 rue Dupont", False), ("ART-12 rue Lepic", False)],
)  # fmt: skip
def test_text_grammar(text: str, ok: bool) -> None:
    """The free-text grammar through the scanner: found (as the whole text) or not."""
    found = [(f.entity, f.text) for f in scan_text(text) if f.entity == "STREET_ADDRESS"]
    assert found == ([("STREET_ADDRESS", text)] if ok else [])


@pytest.mark.parametrize(
    ("text", "span"),
    [("demeurant avenue des Tilleuls, 21000 Dijon.", "avenue des Tilleuls, 21000 Dijon"),
     ("Adresse : rue Pasteur 69003 Lyon", "rue Pasteur 69003 Lyon"),
     ("voir avenue des Tilleuls, 21000 Dijon", None), ("demeurant avenue des Tilleuls à Dijon", None),
     ("demeurant avenue des tilleuls, 21000 Dijon", None)],
)  # fmt: skip
def test_text_grammar_without_a_number(text: str, span: str | None) -> None:
    """No house number: a street and name count after a context word and before a postal code only."""
    found = [f.text for f in scan_text(text) if f.entity == "STREET_ADDRESS"]
    assert found == ([span] if span else [])
