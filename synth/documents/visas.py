"""Visa-agency records as JSON Lines and as a pretty-printed JSON array: nested objects in three key styles,
some lines ``\\u``-escaped or with ``\\/``."""

from __future__ import annotations

import random
from typing import Any

from synth import entities as E
from synth.documents.common import hour, other_date, time_on
from synth.formatting import PHONE_STYLES, format_date, format_iban, format_nir, format_phone, nationality_label
from synth.frag import Document, Frag, fill
from synth.mrz import mrz_td3_frag
from synth.people import Person, PersonFactory
from synth.writers import Bare, json_frag

__all__ = ["visas_json_document", "visas_jsonl_document"]


def _visa_record(rng: random.Random, pf: PersonFactory, p: Person, style: str) -> dict[str, Any]:
    """One visa-agency record in one of three key styles: ``applicant`` (English nested), ``demandeur``
    (French snake case) and ``camel`` (flat camelCase)."""
    dest = rng.choice(("CAN", "USA", "GBR", "CHN", "IND", "RUS", "TUR", "BRA", "MAR", "SEN", "VNM"))
    created = time_on(rng, p.record_date, first_hour=7, last_hour=20)
    passport = Frag(p.passport, E.passport_entity(p))
    if style == "applicant":
        passport_obj: dict[str, Any] = {
            "number": passport,
            "issuing_country": "FRA" if p.passport_is_french else p.country.alpha3,
            "expiry_date": p.passport_expiry.isoformat(),
        }
        if p.passport_is_french and rng.random() < 0.5:
            passport_obj["mrz"] = mrz_td3_frag(p)
        return {
            "id": f"V-{p.record_date.year}-{rng.randint(1, 999999):06d}",
            "submitted_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "visa": {"type": rng.choice(("court séjour", "long séjour", "transit")), "destination": dest},
            "applicant": {
                "surname": Frag(p.surname.upper(), E.PERSON),
                "given_names": Frag(p.given_names, E.PERSON),
                "sex": p.sex,
                "birth_date": Frag(p.dob.isoformat(), E.DATE_OF_BIRTH),
                "birth_place": p.birthplace,
                "nationality": Frag(nationality_label(p.country, p.sex, rng.choice(("alpha3", "name"))), E.NATIONALITY),
                "passport": passport_obj,
                "contact": {"email": Frag(p.email, E.EMAIL_ADDRESS), "phone": Frag(p.phone, E.PHONE_NUMBER)},
            },
        }
    if style == "demandeur":
        phones: list[Any] = [Frag(p.phone, E.PHONE_NUMBER)]
        if rng.random() < 0.4:
            phones.append(Frag(format_phone(pf.phone_digits(), rng.choice(PHONE_STYLES)), E.PHONE_NUMBER))
        demandeur: dict[str, Any] = {
            "nom": Frag(p.surname.upper(), E.PERSON),
            "prenom": Frag(p.given_names, E.PERSON),
            "date_naissance": Frag(format_date(p.dob, rng.choice(("slash", "iso"))), E.DATE_OF_BIRTH),
            "lieu_naissance": p.birthplace_label(),
            "nationalite": Frag(p.nationality, E.NATIONALITY),
            "passeport": {"numero": passport, "date_expiration": format_date(p.passport_expiry, "slash")},
            "nir": Frag(format_nir(p.nir, rng.random() < 0.3), E.FR_NIR),
            "coordonnees": {"courriel": Frag(p.email, E.EMAIL_ADDRESS), "telephones": phones},
        }
        if p.agdref:
            demandeur["num_etranger"] = (
                Bare(Frag(p.agdref, E.FR_RESIDENCE_PERMIT))
                if rng.random() < 0.4
                else Frag(p.agdref, E.FR_RESIDENCE_PERMIT)
            )
        if rng.random() < 0.3:
            kids = []
            for _ in range(rng.randint(1, 3)):
                kid_sex = rng.choice("MF")
                kid_dob = pf.dob(p.record_date, minor=True)
                kids.append(
                    {
                        "prenom": Frag(pf.given_names(kid_sex, p.country.region), E.PERSON),
                        "date_naissance": Frag(format_date(kid_dob, "slash"), E.DATE_OF_BIRTH),
                    }
                )
            demandeur["enfants"] = kids
        return {
            "numero_demande": f"{p.record_date.year}{rng.randint(1, 99999):05d}",
            "demandeur": demandeur,
            "dossier": {
                "date_depot": p.record_date.isoformat(),
                "statut": rng.choice(("en cours", "accordé", "refusé", "incomplet")),
                "commentaire": fill(
                    "Rendez-vous consulaire le {d} à {h}.",
                    {"d": format_date(other_date(rng, p.record_date, 60), "slash"), "h": hour(rng)},
                ),
            },
        }
    rec: dict[str, Any] = {
        "applicationId": rng.randint(100000, 999999),
        "createdAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "lastName": Frag(p.surname, E.PERSON),
        "firstName": Frag(p.given_names, E.PERSON),
        "dateOfBirth": Frag(p.dob.isoformat(), E.DATE_OF_BIRTH),
        "placeOfBirth": p.birthplace,
        "nationality": Frag(nationality_label(p.country, p.sex, rng.choice(("alpha3", "Adj", "name"))), E.NATIONALITY),
        "passportNumber": passport,
        "phoneNumber": Frag(p.phone, E.PHONE_NUMBER),
        "emailAddress": Frag(p.email, E.EMAIL_ADDRESS),
        "destinationCountry": dest,
        "appointmentDate": other_date(rng, p.record_date, 60).isoformat(),
    }
    if p.cni:
        rec["idCardNumber"] = Frag(p.cni, E.FR_ID_CARD)
    if rng.random() < 0.5:
        rec["iban"] = Frag(format_iban(p.iban, rng.random() < 0.3), E.IBAN_CODE)
    return rec


def visas_jsonl_document(seed: int = 4, rows: int = 150) -> Document:
    """JSON Lines, UTF-8: nested objects, three key styles, some lines ``\\u``-escaped or with ``\\/``."""
    rng = random.Random(seed * 7919 + 4)
    pf = PersonFactory(seed, french_share=0.5)
    out = Frag()
    for _ in range(rows):
        p = pf.person()
        rec = _visa_record(rng, pf, p, rng.choice(("applicant", "demandeur", "camel")))
        out.extend(
            json_frag(
                rec,
                ensure_ascii=rng.random() < 0.3,
                escape_slash=rng.random() < 0.2,
                compact=rng.random() < 0.3,
            )
        )
        out.add("\n")
    return Document(out, "utf-8")


def visas_json_document(seed: int = 5, rows: int = 80) -> Document:
    """A pretty-printed JSON array (indent 2) of visa records, UTF-8."""
    rng = random.Random(seed * 7919 + 5)
    pf = PersonFactory(seed, french_share=0.5)
    records = [_visa_record(rng, pf, pf.person(), rng.choice(("applicant", "demandeur", "camel"))) for _ in range(rows)]
    out = json_frag(records, indent=2)
    out.add("\n")
    return Document(out, "utf-8")
