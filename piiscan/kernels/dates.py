"""Date parsing kernels: numeric French (day first) and ISO dates, French month names, MRZ YYMMDD."""

from __future__ import annotations

import numpy as np

from piiscan.kernels.chars import read_cp
from piiscan.kernels.checks import days_from_civil, is_valid_date
from piiscan.kernels.hashset import table_lookup_common
from piiscan.kernels.jit import kernel
from piiscan.kernels.words import MONTH_SHIFT, WORD_MONTH

__all__ = ["iso_time_end", "parse_date", "parse_date_ymd", "parse_short_date"]


@kernel
def _is_digit(b):
    return 48 <= b <= 57


@kernel
def _num(buf, i, k):
    v = 0
    for j in range(k):
        v = v * 10 + (buf[i + j] - 48)
    return v


@kernel
def _digits_at(buf, i, end, k):
    """True when buf[i:i+k] are k digits not followed by another digit."""
    if i + k > end:
        return False
    for j in range(k):
        if not _is_digit(buf[i + j]):
            return False
    return not (i + k < end and _is_digit(buf[i + k]))


@kernel
def _digits2(buf, i, end):
    """Two digits at buf[i:i+2]?"""
    return i + 1 < end and _is_digit(buf[i]) and _is_digit(buf[i + 1])


@kernel
def iso_time_end(buf, i, end):
    """End of an ISO time suffix at `i`, else `i`: `THH:MM[:SS[(.|,)f+]][Z|±HH[[:]MM]]`.

    Why a strict grammar: a date of birth's span is the date only, and what follows it must be read to
    know whether the date stands alone; a loose `[0-9:.+-Z]*` took the sentence's final period into the
    time ("né le 1985-03-12T10:00:00." ended after the dot).
    """
    if not (i < end and buf[i] == 84 and _digits2(buf, i + 1, end) and i + 3 < end and buf[i + 3] == 58):
        return i
    if not _digits2(buf, i + 4, end):
        return i
    j = i + 6
    if j + 2 < end and buf[j] == 58 and _digits2(buf, j + 1, end):
        j += 3
        if j + 1 < end and (buf[j] == 46 or buf[j] == 44) and _is_digit(buf[j + 1]):
            j += 1
            while j < end and _is_digit(buf[j]):
                j += 1
    if j < end and buf[j] == 90:  # Z
        j += 1
    elif j < end and (buf[j] == 43 or buf[j] == 45) and _digits2(buf, j + 1, end):
        j += 3
        if j + 2 < end and buf[j] == 58 and _digits2(buf, j + 1, end):
            j += 3
        elif _digits2(buf, j, end):
            j += 2
    return j


@kernel
def parse_short_date(buf, s, end):
    """`d[d]/m[m]/yy` (or `.` or `-`, the same separator twice) at `s`, not followed by a digit: `(stop, yy,
    month, day)`, `stop` -1 when there is none.  The calendar is not checked: the century is the caller's
    (a two-digit year is a date of birth only with birth context, its century from the record's date).
    """
    if not (s < end and _is_digit(buf[s])):
        return np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    dl = 2 if (s + 1 < end and _is_digit(buf[s + 1])) else 1
    p = s + dl
    if not (p + 1 < end and (buf[p] == 47 or buf[p] == 46 or buf[p] == 45) and _is_digit(buf[p + 1])):
        return np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    sep = buf[p]
    ml = 2 if (p + 2 < end and _is_digit(buf[p + 2])) else 1
    q = p + 1 + ml
    if not (q < end and buf[q] == sep and _digits_at(buf, q + 1, end, 2)):
        return np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    return np.int64(q + 3), np.int64(_num(buf, q + 1, 2)), np.int64(_num(buf, p + 1, ml)), np.int64(_num(buf, s, dl))


@kernel(forceinline=True)
def parse_date(buf, s, end, enc, byte_cp, json, lx_blob, lx_meta, scratch):
    """Parse a date starting exactly at `s`.

    Returns `(stop, days)`: `stop` the end of the date (exclusive) or -1, `days` since 1970-01-01 (see
    `parse_date_ymd` for what is accepted).
    """
    stop, y, m, d = parse_date_ymd(buf, s, end, enc, byte_cp, json, lx_blob, lx_meta, scratch)
    if stop < 0:
        return -1, 0
    return stop, days_from_civil(y, m, d)


@kernel(forceinline=True)
def parse_date_ymd(buf, s, end, enc, byte_cp, json, lx_blob, lx_meta, scratch):
    """Parse a date starting exactly at `s`: `(stop, year, month, day)`, `stop` -1 when there is none.

    Why the calendar date as well as `parse_date`'s day count: a date of birth's fingerprint is its
    `YYYYMMDD` and a record's birth month its `YYMM`; getting them back from a day count took more time
    than parsing (the inverse calendar arithmetic, ~50 ns a date).

    Accepted: `dd/mm/yyyy`, `dd.mm.yyyy`, `dd-mm-yyyy`, `dd mm yyyy` (same separator twice),
    `yyyy-mm-dd` (the date only: `stop` is before an ISO time, see `iso_time_end`), `d[er] <mois> yyyy`
    with French month names (folded, abbreviated with or without a dot).  Day first only: French data
    never writes month first.

    Why two parts: the numeric writings, nearly every date of a dump, are read in place by the caller (this
    function is inlined; they need `buf` only), and only a date that may spell its month calls
    `_month_name_date` with the lexicon.  As one called function with nine array arguments a date cost
    ~50 ns, three dates a record (filing date, birth date, the record's birth month).
    """
    state, stop, y, m, d = _numeric_date(buf, s, end)
    if state == _MAYBE_MONTH_NAME:
        return _month_name_date(buf, s, end, enc, byte_cp, json, lx_blob, lx_meta, scratch)
    return stop, y, m, d


_NOT_A_DATE = 0
_DATE = 1
_MAYBE_MONTH_NAME = 2


@kernel(forceinline=True)
def _numeric_date(buf, s, end):
    """The numeric writings of `parse_date_ymd`: `(state, stop, year, month, day)`, state `_DATE`,
    `_NOT_A_DATE`, or `_MAYBE_MONTH_NAME` when the day is followed by `er` or a space that does not start
    a numeric date."""
    n = end - s
    if n < 8 or not _is_digit(buf[s]):
        return _NOT_A_DATE, np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    # yyyy-mm-dd[Thh:mm...]
    if (
        n >= 10
        and _digits_at(buf, s, end, 4)
        and buf[s + 4] == 45
        and _is_digit(buf[s + 5])
        and _is_digit(buf[s + 6])
        and buf[s + 7] == 45
        and _digits_at(buf, s + 8, end, 2)
    ):
        y = _num(buf, s, 4)
        m = _num(buf, s + 5, 2)
        d = _num(buf, s + 8, 2)
        if not is_valid_date(y, m, d):
            return _NOT_A_DATE, np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
        return _DATE, np.int64(s + 10), np.int64(y), np.int64(m), np.int64(d)
    # dd?mm?yyyy
    dl = 2 if (s + 1 < end and _is_digit(buf[s + 1])) else 1
    p = s + dl
    if p < end and buf[p] in (47, 46, 45, 32):
        sep = buf[p]
        if p + 3 < end and _is_digit(buf[p + 1]):
            ml = 2 if _is_digit(buf[p + 2]) else 1
            q = p + 1 + ml
            if q < end and buf[q] == sep and _digits_at(buf, q + 1, end, 4) and (dl == 2 or sep != 32):
                d = _num(buf, s, dl)
                m = _num(buf, p + 1, ml)
                y = _num(buf, q + 1, 4)
                if is_valid_date(y, m, d):
                    return _DATE, np.int64(q + 5), np.int64(y), np.int64(m), np.int64(d)
                return _NOT_A_DATE, np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    if p < end and (buf[p] == 32 or buf[p] == 101 or buf[p] == 69):
        return _MAYBE_MONTH_NAME, np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    return _NOT_A_DATE, np.int64(-1), np.int64(0), np.int64(0), np.int64(0)


@kernel
def _month_name_date(buf, s, end, enc, byte_cp, json, lx_blob, lx_meta, scratch):
    """`d[er] <mois>[.] yyyy` at `s` (French month names, folded, abbreviated with or without a dot):
    `(stop, year, month, day)`, `stop` -1 when there is none."""
    dl = 2 if (s + 1 < end and _is_digit(buf[s + 1])) else 1
    p = s + dl
    if p + 1 < end and (buf[p] == 101 or buf[p] == 69) and (buf[p + 1] == 114 or buf[p + 1] == 82):
        p += 2  # 1er
    if p >= end or buf[p] != 32:
        return np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    p += 1
    k = 0
    q = p
    while q < end and k < 16:
        cp, w = read_cp(buf, q, end, enc, byte_cp, json)
        c = -1
        if 65 <= cp <= 90:
            c = cp + 32
        elif 97 <= cp <= 122:
            c = cp
        elif cp == 0xE9 or cp == 0xC9 or cp == 0xE8 or cp == 0xC8:
            c = 101
        elif cp == 0xFB or cp == 0xDB:
            c = 117
        if c < 0:
            break
        scratch[k] = c
        k += 1
        q += w
    if k < 3:
        return np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    v = table_lookup_common(scratch, k, lx_blob, lx_meta, 0)
    if not (v & WORD_MONTH):
        return np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    m = (v >> MONTH_SHIFT) & 0xF
    if q < end and buf[q] == 46:
        q += 1
    if q >= end or buf[q] != 32 or not _digits_at(buf, q + 1, end, 4):
        return np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    d = _num(buf, s, dl)
    y = _num(buf, q + 1, 4)
    if not is_valid_date(y, m, d):
        return np.int64(-1), np.int64(0), np.int64(0), np.int64(0)
    return np.int64(q + 5), np.int64(y), np.int64(m), np.int64(d)
