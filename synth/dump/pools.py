"""The dump layer's pre-encoded pools (names, places, nationality labels, e-mail domains) and its observation
note templates (``synth/data/dump_notes.json``): values are picked by index, never formatted one by one."""

from __future__ import annotations

import json
import random

import numpy as np

from synth import entities as E
from synth.documents.ofii import OFII_HEADER
from synth.dump.arrays import obj_array
from synth.formatting import MONTHS_FR, NATIONALITY_STYLES, email_token, nationality_label
from synth.frag import PLACEHOLDER
from synth.tables import (
    BANKS,
    COUNTRIES,
    DATA_DIR,
    EMAIL_DOMAINS,
    FR_CITIES,
    GIVEN_BY_REGION,
    PREFECTURE_DEPTS,
    SURNAMES_BY_REGION,
)

__all__ = ["DUMP_KINDS", "DUMP_PROFILES", "DumpPools"]


class DumpPools:
    """Pre-encoded pools of names, places, nationality labels, e-mail domains, observation templates."""

    def __init__(self, seed: int, encoding: str, profile: str = "reference") -> None:
        from faker.providers.person.fr_FR import Provider as _FrPersons

        self.encoding = encoding
        rng = random.Random(seed)
        enc = encoding

        def b(s: str) -> bytes:
            return s.encode(enc)

        fr_sur = list(_FrPersons.last_names)
        sur: list[str] = list(fr_sur)
        seen = set(sur)
        while len(sur) < 20000:
            s = f"{rng.choice(fr_sur)}-{rng.choice(fr_sur)}"
            if s not in seen:
                seen.add(s)
                sur.append(s)
        self.region_names = ("fr", "maghreb", "africa", "asia_s", "europe_e", "asia_e", "latin")
        surnames: list[str] = []
        self.sur_start: dict[str, tuple[int, int]] = {}
        for reg in self.region_names:
            names = sur if reg == "fr" else [n.title() if "'" not in n else n for n in SURNAMES_BY_REGION[reg]]
            self.sur_start[reg] = (len(surnames), len(names))
            surnames.extend(names)
        self.n_fr_simple = len(fr_sur)
        given: list[str] = []
        self.given_start: dict[tuple[str, int], tuple[int, int]] = {}
        fr_given = (list(_FrPersons.first_names_male), list(_FrPersons.first_names_female))
        for reg in self.region_names:
            for sx in (0, 1):
                base = fr_given[sx] if reg == "fr" else list(GIVEN_BY_REGION[reg][sx])
                names = list(base)
                if reg == "fr":
                    for _ in range(1500):
                        a, c = rng.choice(base), rng.choice(base)
                        if a != c and "-" not in a and "-" not in c:
                            names.append(f"{a}-{c}" if rng.random() < 0.6 else f"{a} {c}")
                self.given_start[(reg, sx)] = (len(given), len(names))
                given.extend(names)
        self.surname_disp = obj_array([b(s.upper()) for s in surnames])
        self.surname_plain = obj_array([b(s) for s in surnames])
        self.surname_tok = obj_array([email_token(s).encode() or b"mail" for s in surnames])
        self.given_disp = obj_array([b(g) for g in given])
        self.given_tok = obj_array([email_token(g.split(" ")[0]).encode() or b"contact" for g in given])
        # countries: 0 = France
        self.countries = COUNTRIES
        w = np.array([c.weight for c in COUNTRIES], dtype=np.float64)
        self.foreign_p = w[1:] / w[1:].sum()
        self.region_of = np.array([self.region_names.index(c.region) for c in COUNTRIES], dtype=np.int64)
        self.sur_off = np.array([self.sur_start[r][0] for r in self.region_names], dtype=np.int64)
        self.sur_len = np.array([self.sur_start[r][1] for r in self.region_names], dtype=np.int64)
        self.given_off = np.array([[self.given_start[(r, s)][0] for s in (0, 1)] for r in self.region_names])
        self.given_len = np.array([[self.given_start[(r, s)][1] for s in (0, 1)] for r in self.region_names])
        # nationality labels: [country, sex, style]
        styles = NATIONALITY_STYLES
        self.nat_labels = np.empty((len(COUNTRIES), 2, len(styles)), dtype=object)
        for ci, c in enumerate(COUNTRIES):
            for sx, s in enumerate("MF"):
                for k, st in enumerate(styles):
                    self.nat_labels[ci, sx, k] = b(nationality_label(c, s, st))
        self.nat_style_p = np.array((30, 20, 20, 8, 4, 8, 6, 4), dtype=np.float64)
        self.nat_style_p /= self.nat_style_p.sum()
        self.adj_f = obj_array([b(c.adj_f) for c in COUNTRIES])
        # birthplaces: French cities with dept, foreign cities with country
        self.fr_city = obj_array([b(n) for n, _ in FR_CITIES])
        self.fr_city_dept = [d for _, d in FR_CITIES]
        dept_num = []
        dept_chr = []
        for d in self.fr_city_dept:
            if d == "2A":
                dept_num.append(19)
                dept_chr.append((50, 65))
            elif d == "2B":
                dept_num.append(18)
                dept_chr.append((50, 66))
            else:
                dept_num.append(int(d[:2]))
                dept_chr.append((ord(d[0]), ord(d[1])))
        self.fr_city_deptnum = np.array(dept_num, dtype=np.int64)
        self.fr_city_deptchr = np.array(dept_chr, dtype=np.uint8)
        self.fr_city_dom = np.array([len(d) == 3 for d in self.fr_city_dept])
        self.fr_city_domdigit = np.array([int(d[2]) if len(d) == 3 else 0 for d in self.fr_city_dept])
        self.foreign_city: list[np.ndarray] = []
        for c in COUNTRIES:
            labels = [b(f"{city} ({c.name})") for city in c.cities] + [
                b(f"{city.upper()} - {c.name.upper()}") for city in c.cities
            ]
            self.foreign_city.append(obj_array(labels))
        self.insee = np.array([int(c.insee or 0) for c in COUNTRIES], dtype=np.int64)
        self.domains = obj_array([d.encode() for d, _ in EMAIL_DOMAINS])
        dw = np.array([w for _, w in EMAIL_DOMAINS], dtype=np.float64)
        self.domain_p = dw / dw.sum()
        self.banks = np.array([int(x) for x in BANKS], dtype=np.int64)
        self.agdref_depts = np.array([int(d) for d in PREFECTURE_DEPTS if not d.startswith("0")], dtype=np.int64)
        self.dossier_depts = np.array([int(d) for d in PREFECTURE_DEPTS], dtype=np.int64)
        self.templates = [_DumpTemplate(t, enc) for t in _DUMP_TEMPLATES]
        column = 1 + DUMP_PROFILES.index(profile)
        tw = np.array([row[column] for row in _NOTE_TEMPLATES], dtype=np.float64)
        self.template_p = tw / tw.sum()
        self.template_needs_french = np.array(["mrz" in t.kinds for t in self.templates])
        self.template_needs_quotes = np.array([t.needs_quotes for t in self.templates])
        self.empty_template = next(i for i, t in enumerate(self.templates) if t.empty)
        self.day_words = [b""] + [b"1er "] + [f"{d} ".encode() for d in range(2, 32)]
        self.month_words = [b""] + [f"{m} ".encode(enc) for m in MONTHS_FR]
        self.header = (";".join(OFII_HEADER) + "\r\n").encode(enc)


def _note_templates() -> tuple[tuple[str, float, float], ...]:
    """(text with ``{kind}`` placeholders, weight in the "reference" profile, weight in the "dense" profile)."""
    rows = json.loads((DATA_DIR / "dump_notes.json").read_text(encoding="utf-8"))
    return tuple((row["text"], row["reference"], row["dense"]) for row in rows)


# Observation templates for the dump; kind → entity in DUMP_KINDS. The reference profile is calibrated on
# DESIGN §6: about 14.5M matches of the raw-pattern union (ripgrep baseline) in the 1 GB dump; "dense" puts
# PII in most notes.
_NOTE_TEMPLATES = _note_templates()
_DUMP_TEMPLATES = tuple(t for t, _, _ in _NOTE_TEMPLATES)
DUMP_PROFILES = ("reference", "dense")
"""Observation profiles of :func:`write_ofii_dump`: ``reference`` (DESIGN §6 density) or ``dense``."""
DUMP_KINDS: dict[str, str | None] = {
    "rdv": None,
    "hour": None,
    "guichet": None,
    "agent": None,
    "phone2": E.PHONE_NUMBER,
    "nir_spaced": E.FR_NIR,
    "email2": E.EMAIL_ADDRESS,
    "conj_m": E.PERSON,
    "conj_f": E.PERSON,
    "conj_dob": E.DATE_OF_BIRTH,
    "nat_f": E.NATIONALITY,
    "pp2": E.FR_PASSPORT,
    "agdref2": E.FR_RESIDENCE_PERMIT,
    "iban": E.IBAN_CODE,
    "mrz": E.MRZ,
}


class _DumpTemplate:
    """A pre-escaped, pre-encoded observation template: literal pieces and placeholder kinds."""

    def __init__(self, text: str, encoding: str) -> None:
        # A template with a quote needs a quoted cell, so doubling quotes up front is always right.
        self.needs_quotes = any(c in text for c in ';"\n\r') or "{mrz}" in text
        pieces = PLACEHOLDER.split(text)  # literal, kind, literal, kind, ..., literal
        self.literals = [p.replace('"', '""').encode(encoding) for p in pieces[0::2]]
        self.kinds: list[str] = pieces[1::2]
        self.empty = not text
