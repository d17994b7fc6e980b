"""Check digits, calendar arithmetic and the keyed fingerprint hash, as compiled helpers.

Each function is the compiled twin of a reference validator in `piiscan.validators`; the tests compare them.
They take folded/compact ASCII in a small scratch array, so the detectors can normalise once and reuse it.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.jit import kernel

__all__ = [
    "civil_from_days",
    "days_from_civil",
    "iban_ok",
    "is_valid_date",
    "mrz_check",
    "mrz_value",
    "nir_ok",
    "siphash24",
]


@kernel
def nir_ok(s):
    """`s`: 15 compact ASCII bytes (digits, or 2A/2B at 5..6). Key, sex, month and department rules."""
    c0 = s[0]
    if c0 not in (49, 50, 51, 52, 55, 56):  # 1 2 3 4 7 8
        return False
    month = (s[3] - 48) * 10 + (s[4] - 48)
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        return False
    n = np.int64(0)
    for k in range(13):
        c = s[k]
        if 48 <= c <= 57:
            n = n * 10 + (c - 48)
        elif k == 6 and s[5] == 50 and (c == 65 or c == 66):  # 2A / 2B
            # 2A → 19, 2B → 18: replace the two characters "2A" by "19" / "18".
            n = (n // 10) * 100 + (19 if c == 65 else 18)
        else:
            return False
    dept_hi = s[5]
    if dept_hi == 48 and s[6] == 48:  # dept 00 does not exist
        return False
    if not (48 <= s[13] <= 57 and 48 <= s[14] <= 57):
        return False
    key = (s[13] - 48) * 10 + (s[14] - 48)
    return key == 97 - (n % 97)


@kernel
def iban_ok(s, n):
    """ISO 7064 mod 97-10 over `n` compact upper-case bytes (country, check digits, BBAN)."""
    if n < 15 or n > 34:
        return False
    r = 0
    for k in range(n):
        c = s[(k + 4) % n]
        if 48 <= c <= 57:
            r = (r * 10 + (c - 48)) % 97
        elif 65 <= c <= 90:
            r = (r * 100 + (c - 55)) % 97
        else:
            return False
    return r == 1


@kernel
def mrz_value(c):
    if 48 <= c <= 57:
        return c - 48
    if 65 <= c <= 90:
        return c - 55
    if c == 60:  # '<'
        return 0
    return -1


@kernel
def mrz_check(buf, start, end, digit):
    """ICAO 9303 7-3-1 check of `buf[start:end]` against the ASCII digit `digit` (`<` counts as 0)."""
    total = 0
    w = (7, 3, 1)
    for k in range(end - start):
        v = mrz_value(buf[start + k])
        if v < 0:
            return False
        total += v * w[k % 3]
    if digit == 60:
        return total % 10 == 0
    return 48 <= digit <= 57 and total % 10 == digit - 48


@kernel
def is_valid_date(y, m, d):
    if m < 1 or m > 12 or d < 1 or y < 1 or y > 9999:
        return False
    if m == 2:
        leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
        return d <= (29 if leap else 28)
    if m in (4, 6, 9, 11):
        return d <= 30
    return d <= 31


@kernel
def days_from_civil(y, m, d):
    """Days since 1970-01-01 (proleptic Gregorian), H. Hinnant's algorithm."""
    y2 = y - 1 if m <= 2 else y
    era = (y2 if y2 >= 0 else y2 - 399) // 400
    yoe = y2 - era * 400
    mp = m + 9 if m <= 2 else m - 3
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


@kernel
def civil_from_days(days):
    """(year, month, day) of a day count since 1970-01-01: the inverse of `days_from_civil` (Hinnant)."""
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    if m <= 2:
        y += 1
    return y, m, d


@kernel
def _rotl(x, b):
    return (x << np.uint64(b)) | (x >> np.uint64(64 - b))


@kernel
def siphash24(k0, k1, data, n):
    """SipHash-2-4 (Aumasson & Bernstein) of `data[:n]` under the 128-bit key (k0, k1).

    A keyed pseudo-random function built for short inputs: fingerprints of identifiers cannot be reversed
    by hashing every possible NIR unless one holds the key.
    """
    v0 = k0 ^ np.uint64(0x736F6D6570736575)
    v1 = k1 ^ np.uint64(0x646F72616E646F6D)
    v2 = k0 ^ np.uint64(0x6C7967656E657261)
    v3 = k1 ^ np.uint64(0x7465646279746573)
    nblocks = n // 8
    for blk in range(nblocks):
        m = np.uint64(0)
        for k in range(8):
            m |= np.uint64(data[blk * 8 + k]) << np.uint64(8 * k)
        v3 ^= m
        for _ in range(2):
            v0 += v1
            v1 = _rotl(v1, 13)
            v1 ^= v0
            v0 = _rotl(v0, 32)
            v2 += v3
            v3 = _rotl(v3, 16)
            v3 ^= v2
            v0 += v3
            v3 = _rotl(v3, 21)
            v3 ^= v0
            v2 += v1
            v1 = _rotl(v1, 17)
            v1 ^= v2
            v2 = _rotl(v2, 32)
        v0 ^= m
    b = np.uint64(n & 0xFF) << np.uint64(56)
    for k in range(n - nblocks * 8):
        b |= np.uint64(data[nblocks * 8 + k]) << np.uint64(8 * k)
    v3 ^= b
    for _ in range(2):
        v0 += v1
        v1 = _rotl(v1, 13)
        v1 ^= v0
        v0 = _rotl(v0, 32)
        v2 += v3
        v3 = _rotl(v3, 16)
        v3 ^= v2
        v0 += v3
        v3 = _rotl(v3, 21)
        v3 ^= v0
        v2 += v1
        v1 = _rotl(v1, 17)
        v1 ^= v2
        v2 = _rotl(v2, 32)
    v0 ^= b
    v2 ^= np.uint64(0xFF)
    for _ in range(4):
        v0 += v1
        v1 = _rotl(v1, 13)
        v1 ^= v0
        v0 = _rotl(v0, 32)
        v2 += v3
        v3 = _rotl(v3, 16)
        v3 ^= v2
        v0 += v3
        v3 = _rotl(v3, 21)
        v3 ^= v0
        v2 += v1
        v1 = _rotl(v1, 17)
        v1 ^= v2
        v2 = _rotl(v2, 32)
    return v0 ^ v1 ^ v2 ^ v3
