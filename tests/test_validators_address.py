"""The street-address line rule (`piiscan.validators.address`) and its compiled twin on folded keys."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.kernels.address import street_key_ok
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
