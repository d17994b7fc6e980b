"""Date kernels: the calendar date and the day count of a parsed date agree, and so do both date keys."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from piiscan.kernels.checks import days_from_civil
from piiscan.kernels.dates import parse_date, parse_date_ymd
from piiscan.kernels.detect import _date_key, _ymd_key
from piiscan.tables import default_tables

TABLES = default_tables()
FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d %m %Y", "%Y-%m-%dT%H:%M", "%d %B %Y", "%-d/%-m/%Y"]


def _parse(text: bytes, fn):
    buf = np.frombuffer(text + b" ", np.uint8)
    lx = TABLES.lexicon
    return fn(buf, 0, len(text), 0, np.zeros(1, np.int64), False, lx.blob, lx.meta, np.empty(128, np.uint8))


@given(
    st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from(FORMATS),
    st.text("0123456789/.- :T", max_size=4),
)
def test_calendar_date_and_day_count_agree(day: dt.date, fmt: str, tail: str) -> None:
    text = (day.strftime(fmt) if "%B" not in fmt else f"{day.day} mars {day.year}") + tail
    stop, days = _parse(text.encode(), parse_date)
    stop_ymd, y, m, d = _parse(text.encode(), parse_date_ymd)
    assert stop == stop_ymd
    if stop > 0:
        assert days == days_from_civil(y, m, d)


@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_date_keys_agree(day: dt.date) -> None:
    a, b = np.zeros(16, np.uint8), np.zeros(16, np.uint8)
    n = _date_key(days_from_civil(day.year, day.month, day.day), a)
    assert _ymd_key(day.year, day.month, day.day, b) == n == 8
    assert a.tobytes() == b.tobytes() == f"{day.year:04d}{day.month:02d}{day.day:02d}".encode() + bytes(8)
