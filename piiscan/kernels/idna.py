"""Internationalised domain labels in the kernels: the `xn--` (punycode, RFC 3492) form of a label.

Why the kernels need it: an e-mail domain may be written in Unicode (`société.fr`, `exemple.рф`); its length
limits (a label at most 63 characters, the domain 253) are those of its ASCII form, and a Unicode top-level
domain is known by its `xn--` form (`рф` is `xn--p1ai`).  `piiscan.validators.email` is the reference
(Python's `punycode` codec after lower-casing and NFC); this kernel lower-cases ASCII, Latin-1, Greek and
Cyrillic capitals and does not normalise, so a label written in another script's capitals or in decomposed
form may measure differently (only the length limit near 63 and the TLD lookup could differ).
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.chars import read_cp
from piiscan.kernels.jit import kernel

__all__ = ["lower_cp", "punycode_label"]

_BASE = 36
_TMIN = 1
_TMAX = 26
_SKEW = 38
_DAMP = 700


@kernel
def lower_cp(cp):
    """The lower-case form of `cp` for ASCII, Latin-1, Greek and Cyrillic capitals; other code points as they are."""
    if 65 <= cp <= 90 or (0xC0 <= cp <= 0xDE and cp != 0xD7) or (0x391 <= cp <= 0x3AB and cp != 0x3A2):
        return cp + 32
    if 0x410 <= cp <= 0x42F:
        return cp + 32
    if 0x400 <= cp <= 0x40F:
        return cp + 80
    return cp


@kernel
def _adapt(delta, numpoints, first):
    delta = delta // _DAMP if first else delta // 2
    delta += delta // numpoints
    k = 0
    while delta > ((_BASE - _TMIN) * _TMAX) // 2:
        delta //= _BASE - _TMIN
        k += _BASE
    return k + (_BASE - _TMIN + 1) * delta // (delta + _SKEW)


@kernel
def _digit(d):
    return 97 + d if d < 26 else 22 + d  # a-z, then 0-9


@kernel
def punycode_label(buf, s, e, enc, byte_cp, json, out):
    """Write `xn--` + the punycode of the label `buf[s:e]` (characters read as `chars.read_cp` reads them,
    lower-cased by `lower_cp`) to `out`; returns its length, or -1 when it does not fit in `out` (the
    caller's limit: a label longer than that is not a label).  The label is decoded again on each round
    of the algorithm instead of into an array: kernels allocate nothing, and labels are short."""
    cap = len(out)
    k = 0
    for prefix in (120, 110, 45, 45):  # "xn--"
        out[k] = prefix
        k += 1
    basic = 0
    n_cps = 0
    p = s
    while p < e:
        cp, w = read_cp(buf, p, e, enc, byte_cp, json)
        cp = lower_cp(cp)
        if cp < 0x80:
            if k >= cap:
                return -1
            out[k] = cp
            k += 1
            basic += 1
        n_cps += 1
        p += w
    if basic > 0:
        if k >= cap:
            return -1
        out[k] = 45
        k += 1
    n = 0x80
    delta = np.int64(0)
    bias = 72
    h = basic
    while h < n_cps:
        m = np.int64(0x7FFFFFFF)
        p = s
        while p < e:
            cp, w = read_cp(buf, p, e, enc, byte_cp, json)
            cp = lower_cp(cp)
            if n <= cp < m:
                m = cp
            p += w
        delta += (m - n) * (h + 1)
        n = m
        p = s
        while p < e:
            c, w = read_cp(buf, p, e, enc, byte_cp, json)
            c = lower_cp(c)
            p += w
            if c < n:
                delta += 1
            if c == n:
                q = delta
                t_k = _BASE
                while True:
                    if t_k <= bias:
                        t = _TMIN
                    elif t_k >= bias + _TMAX:
                        t = _TMAX
                    else:
                        t = t_k - bias
                    if q < t:
                        break
                    if k >= cap:
                        return -1
                    out[k] = _digit(t + (q - t) % (_BASE - t))
                    k += 1
                    q = (q - t) // (_BASE - t)
                    t_k += _BASE
                if k >= cap:
                    return -1
                out[k] = _digit(q)
                k += 1
                bias = _adapt(delta, h + 1, h == basic)
                delta = 0
                h += 1
        delta += 1
        n += 1
    return k
