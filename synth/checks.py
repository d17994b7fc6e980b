"""Check digits of the identifiers the generators write (NIR key, IBAN, RIB key, ICAO 9303 MRZ).

Independent of ``piiscan.validators`` on purpose: the generators must not share a bug with the engine they
test.
"""

from __future__ import annotations

__all__ = ["make_iban", "mod97", "mrz_check", "nir_key", "rib_key"]


def nir_key(first13: str) -> int:
    """NIR key: 97 − (N mod 97), N the 13 first characters with Corsica 2A→19, 2B→18."""
    n = int(first13[:5] + first13[5:7].replace("2A", "19").replace("2B", "18") + first13[7:13])
    return 97 - n % 97


def mod97(digits: str) -> int:
    """The remainder of a (long) decimal string modulo 97."""
    r = 0
    for i in range(0, len(digits), 9):
        chunk = digits[i : i + 9]
        r = (r * 10 ** len(chunk) + int(chunk)) % 97
    return r


def make_iban(country: str, bban: str) -> str:
    """A compact IBAN with its ISO 7064 mod 97-10 check digits."""
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - mod97(numeric):02d}{bban}"


_RIB_LETTERS = "123456789123456789234567890"  # A..I → 1..9, J..R → 1..9, S..Z → 2..9


def rib_key(bank: str, branch: str, account: str) -> str:
    """The French RIB key: 97 − ((89·bank + 15·branch + 3·account) mod 97), letters mapped A,J→1 …"""
    acc = "".join(c if c.isdigit() else _RIB_LETTERS[ord(c) - 65] for c in account)
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97:02d}"


def mrz_check(field_: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1; digits as is, A=10 … Z=35, filler < = 0."""
    total = 0
    for i, c in enumerate(field_):
        value = 0 if c == "<" else int(c, 36)
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)
