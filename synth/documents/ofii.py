"""The OFII-like ``;`` CSV (French headers, CRLF, cp1252), one :class:`~synth.people.Person` a row, with a
free-text observation note that plants more values."""

from __future__ import annotations

import random
from typing import Any

from synth import entities as E
from synth.documents.common import display_surname, dossier_number, hour, other_date
from synth.formatting import (
    DATE_STYLES,
    PHONE_STYLES,
    format_date,
    format_date_fr,
    format_iban,
    format_nir,
    format_phone,
)
from synth.frag import Cell, Document, Frag, fill
from synth.mrz import mrz_td3_frag
from synth.people import Person, PersonFactory
from synth.writers import csv_row

__all__ = ["OFII_HEADER", "ofii_document"]


OFII_HEADER: tuple[str, ...] = (
    "N° dossier",
    "Nom",
    "Prénom",
    "Date de naissance",
    "Lieu de naissance",
    "Nationalité",
    "Courriel",
    "Téléphone",
    "N° passeport",
    "N° étranger",
    "NIR",
    "Date de dépôt",
    "Observations",
)


def _observation(rng: random.Random, pf: PersonFactory, p: Person) -> Frag | None:
    """A free-text observation for an OFII row (often empty)."""
    r = rng.random()
    if r < 0.45:
        return None
    rdv = other_date(rng, p.record_date, 120)
    spouse_sex = "F" if p.sex == "M" else "M"
    choices: list[tuple[str, dict[str, Any]]] = [
        ("RDV le {rdv} à {h}.", {"rdv": format_date(rdv, rng.choice(DATE_STYLES)), "h": hour(rng)}),
        (
            "RDV le {rdv} à {h} ; se munir du passeport original.",
            {"rdv": format_date(rdv, "slash"), "h": hour(rng)},
        ),
        (
            "Tél. secondaire : {phone}",
            {"phone": (format_phone(pf.phone_digits(), rng.choice(PHONE_STYLES)), E.PHONE_NUMBER)},
        ),
        ("NIR communiqué par l'usager : {nir}", {"nir": (format_nir(p.nir, True), E.FR_NIR)}),
        ('Pièces reçues : "passeport" + justificatif de domicile', {}),
        ("Demande incomplète.\nRelance envoyée le {d}.", {"d": format_date(rdv, "slash")}),
        ("Titre de séjour expiré le {d}; renouvellement en cours", {"d": format_date(rdv, "dot")}),
        (
            "Courriel de contact : {email}",
            {"email": (pf.email(p.given_names, p.surname, p.dob), E.EMAIL_ADDRESS)},
        ),
        (
            "Rappel : né(e) le {dob} selon l'acte de naissance.",
            {"dob": (format_date_fr(p.dob), E.DATE_OF_BIRTH)},
        ),
        ("RIB fourni : {iban}", {"iban": (format_iban(p.iban, True), E.IBAN_CODE)}),
        (
            "Convocation visite médicale le {d}, tél. {phone}",
            {"d": format_date(rdv, "slash"), "phone": (p.phone, E.PHONE_NUMBER)},
        ),
    ]
    if not p.french:
        spouse = pf.person(french=False, record_date=p.record_date, sex=spouse_sex)
        choices.append(
            (
                "Conjoint : {civ} {name}, {ne} le {dob}, de nationalité {nat}.",
                {
                    "civ": "M." if spouse_sex == "M" else "Mme",
                    "name": (f"{spouse.given_names} {spouse.surname.upper()}", E.PERSON),
                    "ne": "né" if spouse_sex == "M" else "née",
                    "dob": (format_date_fr(spouse.dob), E.DATE_OF_BIRTH),
                    "nat": (p.country.adj_f, E.NATIONALITY),
                },
            )
        )
        choices.append(("Ancien n° étranger : {agdref} (doublon)", {"agdref": (pf.agdref(), E.FR_RESIDENCE_PERMIT)}))
    if p.passport_is_french:
        choices.append(("Copie de la bande MRZ :\n{mrz}", {"mrz": mrz_td3_frag(p)}))
    template, values = rng.choice(choices)
    return fill(template, values)


def ofii_document(
    seed: int = 1,
    rows: int = 300,
    *,
    encoding: str = "cp1252",
    french_share: float = 0.3,
    empty_share: float = 0.03,
) -> Document:
    """The OFII-like ``;`` CSV: French headers, CRLF, cp1252, quoted cells with ``;``, newlines, ``""``."""
    rng = random.Random(seed * 7919 + 1)
    pf = PersonFactory(seed, french_share=french_share)
    out = Frag()
    csv_row(out, OFII_HEADER, delimiter=";", quote_all=False, eol="\r\n")
    for _ in range(rows):
        p = pf.person()

        def maybe(cell: Cell) -> Cell:
            return None if rng.random() < empty_share else cell

        depot = format_date(p.record_date, rng.choice(("slash", "slash", "iso", "dot")))
        if rng.random() < 0.2:
            depot += f" {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
        cells: list[Cell] = [
            dossier_number(rng, p.record_date),
            Frag(display_surname(rng, p), E.PERSON),
            Frag(p.given_names.upper() if rng.random() < 0.1 else p.given_names, E.PERSON),
            maybe(Frag(format_date(p.dob, rng.choices(DATE_STYLES, (35, 45, 12, 8))[0]), E.DATE_OF_BIRTH)),
            maybe(p.birthplace_label() if rng.random() < 0.8 else p.birthplace_label().upper()),
            maybe(Frag(p.nationality, E.NATIONALITY)),
            maybe(Frag(p.email, E.EMAIL_ADDRESS)),
            maybe(Frag(p.phone, E.PHONE_NUMBER)),
            maybe(Frag(p.passport, E.passport_entity(p))),
            maybe(Frag(p.agdref, E.FR_RESIDENCE_PERMIT)) if p.agdref else None,
            maybe(Frag(format_nir(p.nir, rng.random() < 0.25), E.FR_NIR)),
            depot,
            _observation(rng, pf, p),
        ]
        csv_row(out, cells, delimiter=";", quote_all=False, eol="\r\n")
    return Document(out, encoding)
