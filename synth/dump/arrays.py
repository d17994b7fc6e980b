"""Vectorised building blocks of the dump layer: numpy digit matrices turned into rows of ``bytes``, and the
identifiers built that way a block of rows at a time (dates, phones, passports, AGDREF numbers, IBANs with
their check digits)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from synth.dump.pools import DumpPools

__all__ = [
    "NIR_SPACED_POS",
    "agdrefs",
    "ascii_digits",
    "date_cells",
    "french_passports",
    "ibans",
    "mod97_rows",
    "obj_array",
    "phone_cells",
    "rows_to_bytes",
    "ymd",
]


def ascii_digits(values: np.ndarray, width: int) -> np.ndarray:
    """(n, width) uint8 ASCII digits of non-negative integers, zero-padded."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((values.astype(np.int64)[:, None] // powers) % 10 + 48).astype(np.uint8)


def rows_to_bytes(mat: np.ndarray) -> list[bytes]:
    """Rows of a uint8 matrix (no NUL bytes) as a list of ``bytes``."""
    mat = np.ascontiguousarray(mat, dtype=np.uint8)
    return mat.view(f"S{mat.shape[1]}").ravel().tolist()


def obj_array(values: Sequence[Any]) -> np.ndarray:
    """A 1-D object array holding ``values`` as they are (no conversion to a numpy string dtype)."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def mod97_rows(digits: np.ndarray) -> np.ndarray:
    """Row-wise remainder mod 97 of a matrix of digit values 0-9 (or 10-35 for letters: two digits)."""
    r = np.zeros(digits.shape[0], dtype=np.int64)
    for j in range(digits.shape[1]):
        col = digits[:, j].astype(np.int64)
        wide = col >= 10
        r = np.where(wide, (r * 100 + col) % 97, (r * 10 + col) % 97)
    return r


def ymd(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12), day (1-31) of a datetime64[D] array."""
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dd = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return y, m, dd


def date_cells(d: np.ndarray, style: np.ndarray) -> list[bytes]:
    """Dates in DATE_STYLES order: 0 iso, 1 dd/mm/yyyy, 2 dd.mm.yyyy, 3 dd-mm-yyyy."""
    y, m, dd = ymd(d)
    yd, md, ddd = ascii_digits(y, 4), ascii_digits(m, 2), ascii_digits(dd, 2)
    out = np.empty((len(d), 10), dtype=np.uint8)
    sep = np.array([45, 47, 46, 45], dtype=np.uint8)[style]
    out[:, 0:2], out[:, 2], out[:, 3:5], out[:, 5], out[:, 6:10] = ddd, sep, md, sep, yd
    iso = style == 0
    out[iso, 0:4], out[iso, 4], out[iso, 5:7], out[iso, 7], out[iso, 8:10] = (
        yd[iso],
        45,
        md[iso],
        45,
        ddd[iso],
    )
    return rows_to_bytes(out)


# Phone layouts: (width, source digit index or -ASCII code for a literal) per style of PHONE_STYLES.
def _layout(pattern: str) -> tuple[int, tuple[int, ...]]:
    out: list[int] = []
    d = 0
    for ch in pattern:
        if ch == "d":
            out.append(d)
            d += 1
        elif ch == "n":  # national digit after +33: skip the leading 0
            d = 1
            out.append(d)
            d += 1
        else:
            out.append(-ord(ch))
    return len(out), tuple(out)


_PHONE_LAYOUTS = tuple(
    _layout(p)
    for p in (
        "dd dd dd dd dd",
        "dd.dd.dd.dd.dd",
        "dd-dd-dd-dd-dd",
        "dddddddddd",
        "+33 n dd dd dd dd",
        "+33ndddddddd",
    )
)


def phone_cells(rng: np.random.Generator, m: int) -> list[bytes]:
    """French phone numbers in the six PHONE_STYLES (mostly mobiles)."""
    lead = np.array([6, 6, 6, 6, 7, 7, 7, 1, 2, 3, 4, 5, 9])[rng.integers(0, 13, m)]
    dmat = np.empty((m, 10), dtype=np.uint8)
    dmat[:, 0] = 48
    dmat[:, 1] = lead + 48
    dmat[:, 2:] = ascii_digits(rng.integers(1, 10**8, m), 8)
    style = rng.choice(6, size=m, p=(0.40, 0.12, 0.06, 0.22, 0.12, 0.08))
    out = np.empty(m, dtype=object)
    for s, (width, layout) in enumerate(_PHONE_LAYOUTS):
        idx = np.nonzero(style == s)[0]
        if not len(idx):
            continue
        mat = np.empty((len(idx), width), dtype=np.uint8)
        for j, src in enumerate(layout):
            mat[:, j] = dmat[idx, src] if src >= 0 else -src
        out[idx] = obj_array(rows_to_bytes(mat))
    return out.tolist()


def french_passports(rng: np.random.Generator, m: int) -> list[bytes]:
    pp = np.empty((m, 9), dtype=np.uint8)
    pp[:, 0:2] = ascii_digits(rng.integers(0, 100, m), 2)
    pp[:, 2:4] = rng.integers(65, 91, (m, 2))
    pp[:, 4:9] = ascii_digits(rng.integers(0, 100000, m), 5)
    return rows_to_bytes(pp)


def agdrefs(rng: np.random.Generator, pools: DumpPools, m: int) -> list[bytes]:
    agd = np.empty((m, 10), dtype=np.uint8)
    agd[:, 0:2] = ascii_digits(pools.agdref_depts[rng.integers(0, len(pools.agdref_depts), m)], 2)
    agd[:, 2:] = ascii_digits(rng.integers(0, 10**8, m), 8)
    return rows_to_bytes(agd)


def ibans(pools: DumpPools, rng: np.random.Generator, m: int) -> list[bytes]:
    """French IBANs, compact or grouped by 4, with valid RIB key and IBAN check digits (vectorised)."""
    bank = pools.banks[rng.integers(0, len(pools.banks), m)]
    branch = rng.integers(0, 100000, m)
    account = rng.integers(0, 10**11, m)
    rib = 97 - (89 * bank + 15 * branch + 3 * account) % 97
    bban = np.empty((m, 23), dtype=np.int64)
    bban[:, 0:5] = ascii_digits(bank, 5) - 48
    bban[:, 5:10] = ascii_digits(branch, 5) - 48
    bban[:, 10:21] = ascii_digits(account, 11) - 48
    bban[:, 21:23] = ascii_digits(rib, 2) - 48
    tail = np.tile(np.array([1, 5, 2, 7, 0, 0]), (m, 1))  # F=15, R=27, "00"
    check = 98 - mod97_rows(np.concatenate([bban, tail], axis=1))
    chars = np.empty((m, 27), dtype=np.uint8)
    chars[:, 0:2] = (70, 82)
    chars[:, 2:4] = ascii_digits(check, 2)
    chars[:, 4:] = bban + 48
    grouped = np.full((m, 33), 32, dtype=np.uint8)
    grouped[:, [i + i // 4 for i in range(27)]] = chars
    compact = rng.random(m) < 0.4
    return np.where(compact, obj_array(rows_to_bytes(chars)), obj_array(rows_to_bytes(grouped))).tolist()


NIR_SPACED_POS = np.array([0, 2, 3, 5, 6, 8, 9, 11, 12, 13, 15, 16, 17, 19, 20])
