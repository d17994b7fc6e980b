"""The kernels' punycode (`kernels.idna.punycode_label`) equals Python's codec on lower-case NFC labels.

Why: an internationalised e-mail domain's length limits and its TLD lookup use the label's `xn--` form
(`validators.email` computes it with Python's `punycode` codec); the kernel computes it in place.
"""

from __future__ import annotations

import unicodedata

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.kernels.chars import byte_cp_table
from piiscan.kernels.idna import lower_cp, punycode_label

LETTERS = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyz0123456789-éèàçôûüœæßабвгдежзийклмнопрстуфхцчшщъыьэюяαβγδεζηθ中文日本語한국")
)


def kernel_a_label(label: str) -> str | None:
    data = np.frombuffer(label.encode("utf-8"), np.uint8)
    out = np.zeros(64, np.uint8)
    n = punycode_label(data, 0, len(data), 0, byte_cp_table("latin-1"), False, out)
    return None if n < 0 else bytes(out[:n]).decode("ascii")


@settings(max_examples=300, deadline=None)
@given(st.lists(LETTERS, min_size=1, max_size=30).map("".join))
def test_punycode_matches_python(label: str) -> None:
    label = unicodedata.normalize("NFC", label)
    expected = "xn--" + label.encode("punycode").decode("ascii")
    got = kernel_a_label(label)
    assert got == (expected if len(expected) <= 64 else None)


def test_known_labels() -> None:
    assert kernel_a_label("рф") == "xn--p1ai"
    assert kernel_a_label("société") == "xn--socit-esab"
    assert kernel_a_label("РФ") == "xn--p1ai"  # capitals of the scripts `lower_cp` knows are lower-cased


def test_lower_cp_agrees_with_python_where_it_acts() -> None:
    for cp in (*range(0x41, 0x5B), *range(0xC0, 0xDF), *range(0x391, 0x3AC), *range(0x400, 0x430)):
        if chr(cp).lower() != chr(cp) and len(chr(cp).lower()) == 1:
            assert lower_cp(cp) == ord(chr(cp).lower()), hex(cp)
