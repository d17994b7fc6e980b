"""A subscribers' export: ``,`` CSV, every cell quoted, UTF-8, LF; addresses and IBANs."""

from __future__ import annotations

import random

from synth import entities as E
from synth.documents.common import time_on
from synth.formatting import format_date, format_iban
from synth.frag import Cell, Document, Frag
from synth.people import PersonFactory
from synth.tables import FR_CITIES, FRANCE
from synth.writers import csv_row

__all__ = ["abonnes_document"]

_HEADER = (
    "id", "civilite", "nom", "prenom", "email", "telephone", "date_naissance",
    "adresse", "code_postal", "ville", "iban", "date_inscription", "optin",
)  # fmt: skip


def abonnes_document(seed: int = 2, rows: int = 300) -> Document:
    """A subscribers' export: ``,`` CSV, every cell quoted, UTF-8, LF; addresses and IBANs."""
    rng = random.Random(seed * 7919 + 2)
    pf = PersonFactory(seed, french_share=0.85)
    out = Frag()
    csv_row(out, _HEADER, delimiter=",", quote_all=True, eol="\n")
    for i in range(rows):
        p = pf.person()
        signup = time_on(rng, p.record_date, first_hour=0, last_hour=23)
        iban: Cell = None
        if rng.random() < 0.8:
            iban = Frag(format_iban(p.iban, rng.random() < 0.4), E.IBAN_CODE)
        city = p.birthplace if p.birth_country is FRANCE and rng.random() < 0.5 else rng.choice(FR_CITIES)[0]
        cells: list[Cell] = [
            str(1000 + i),
            "M." if p.sex == "M" else "Mme",
            Frag(p.surname, E.PERSON),
            Frag(p.given_names, E.PERSON),
            Frag(p.email, E.EMAIL_ADDRESS),
            Frag(p.phone, E.PHONE_NUMBER) if rng.random() < 0.9 else None,
            Frag(format_date(p.dob, rng.choice(("iso", "slash"))), E.DATE_OF_BIRTH) if rng.random() < 0.85 else None,
            Frag(pf.faker.street_address(), E.STREET_ADDRESS),
            pf.faker.postcode(),
            city,
            iban,
            signup.strftime("%Y-%m-%d %H:%M:%S"),
            rng.choice("01"),
        ]
        csv_row(out, cells, delimiter=",", quote_all=True, eol="\n")
    return Document(out, "utf-8")
