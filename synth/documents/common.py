"""Pieces of content several documents share: how a surname is displayed, a dossier number, an hour, a date
near another."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from synth.formatting import ascii_fold
from synth.people import Person
from synth.tables import PREFECTURE_DEPTS

__all__ = ["display_surname", "dossier_number", "hour", "other_date", "time_on"]


def display_surname(rng: random.Random, p: Person, upper_share: float = 0.7) -> str:
    r = rng.random()
    if r < upper_share * 0.8:
        return p.surname.upper()
    if r < upper_share:
        return ascii_fold(p.surname).upper()
    return p.surname


def dossier_number(rng: random.Random, d: date) -> str:
    return f"{d.year}-{rng.choice(PREFECTURE_DEPTS)}0-{rng.randint(1, 999999):06d}"


def hour(rng: random.Random) -> str:
    return f"{rng.randint(8, 17)}h{rng.choice(('00', '15', '30', '45'))}"


def other_date(rng: random.Random, around: date, days: int = 400) -> date:
    return around + timedelta(days=rng.randint(-days, days))


def time_on(rng: random.Random, day: date, *, first_hour: int, last_hour: int) -> datetime:
    """A time of ``day`` from ``first_hour``:00:00 to ``last_hour``:59:59; hour, minute, second drawn in that order
    (the order is part of every document's bytes)."""
    hour_ = rng.randint(first_hour, last_hour)
    return datetime(day.year, day.month, day.day, hour_, rng.randint(0, 59), rng.randint(0, 59))
