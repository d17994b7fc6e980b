"""Compiled checks and folding against the reference validators and `piiscan.text.fold`."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.kernels.chars import CP_CLASS, CP_FOLD1, CP_FOLD2, N_TABLE, byte_cp_table, read_cp
from piiscan.kernels.checks import (
    civil_from_days,
    days_from_civil,
    iban_ok,
    is_valid_date,
    mrz_check,
    nir_ok,
    siphash24,
)
from piiscan.text import fold
from piiscan.validators import iban, mrz, nir


def _arr(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("ascii"), np.uint8)


NIR13 = st.builds(
    lambda sex, yy, mm, dept, rest: f"{sex}{yy:02d}{mm:02d}{dept}{rest:06d}",
    st.sampled_from("123478"),
    st.integers(0, 99),
    st.integers(1, 12) | st.integers(20, 42) | st.integers(50, 99),
    st.sampled_from(["75", "2A", "2B", "99", "13", "01"]),
    st.integers(0, 999999),
)


@settings(max_examples=300, deadline=None)
@given(NIR13, st.integers(0, 99), st.booleans())
def test_nir_kernel_agrees_with_reference(first13, noise, corrupt):
    key = nir.key(first13)
    value = first13 + (f"{noise:02d}" if corrupt else key)
    assert nir_ok(_arr(value)) == nir.is_valid(value)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["FR", "DE", "BE", "ES", "IT", "GB"]),
    st.text(alphabet="0123456789", min_size=30, max_size=30),
    st.integers(2, 98),
)
def test_iban_kernel_agrees_with_reference(cc, digits, check):
    body = digits[: iban.LENGTHS[cc] - 4]
    value = f"{cc}{check:02d}{body}"
    assert iban_ok(_arr(value), len(value)) == iban.is_valid(value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<", min_size=1, max_size=20))
def test_mrz_check_digit_agrees_with_reference(text):
    digit = mrz.check_digit(text)
    buf = _arr(text + digit)
    assert mrz_check(buf, 0, len(text), buf[len(text)])


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32))
def test_calendar(y, m, d):
    import datetime as dt

    try:
        real = dt.date(y, m, d)
    except ValueError:
        real = None
    assert is_valid_date(y, m, d) == (real is not None)
    if real is not None:
        assert days_from_civil(y, m, d) == (real - dt.date(1970, 1, 1)).days
        assert civil_from_days(days_from_civil(y, m, d)) == (y, m, d)


def test_siphash_reference_vectors():
    # Aumasson & Bernstein's test vectors: key 00..0f, messages 00..(n-1)
    k0 = np.uint64(int.from_bytes(bytes(range(8)), "little"))
    k1 = np.uint64(int.from_bytes(bytes(range(8, 16)), "little"))
    expect = {
        0: 0x726FDB47DD0E0E31,
        1: 0x74F839C593DC67FD,
        7: 0xAB0200F58B01D137,
        8: 0x93F5F5799A932462,
        15: 0xA129CA6149BE45E5,
    }
    for n, h in expect.items():
        assert int(siphash24(k0, k1, np.arange(n, dtype=np.uint8), n)) == h


def test_fold_tables_agree_with_text_fold():
    for cp in range(N_TABLE):
        ch = chr(cp)
        if not ch.isalpha():
            continue
        expected = fold(ch)
        got = "".join(chr(c) for c in (CP_FOLD1[cp], CP_FOLD2[cp]) if c)
        if expected.isascii() and 1 <= len(expected) <= 2:
            assert got == expected, hex(cp)
        assert CP_CLASS[cp] & 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_read_cp_decodes_utf8(text):
    data = np.frombuffer(text.encode("utf-8"), np.uint8)
    ident = np.arange(256, dtype=np.int32)
    i = 0
    out = []
    while i < len(data):
        cp, w = read_cp(data, i, len(data), 0, ident, False)
        out.append(chr(cp))
        i += w
    assert "".join(out) == text


def test_read_cp_single_byte_and_json_escapes():
    table = byte_cp_table("cp1252")
    data = np.frombuffer("é€".encode("cp1252"), np.uint8)
    assert read_cp(data, 0, 2, 1, table, False) == (0xE9, 1)
    assert read_cp(data, 1, 2, 1, table, False) == (0x20AC, 1)
    esc = np.frombuffer(b"\\u00ef", np.uint8)
    assert read_cp(esc, 0, 6, 0, table, True) == (0xEF, 6)
