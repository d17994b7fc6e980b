"""French free text (UTF-8, LF): e-mails, case notes, MRZ copies, CNI mentions, short lines."""

from __future__ import annotations

import random
from typing import Any

from synth import entities as E
from synth.documents.common import dossier_number, hour, other_date
from synth.formatting import format_date, format_date_fr, format_iban, format_nir, format_phone
from synth.frag import Document, Frag, fill
from synth.mrz import mrz_cni_frag, mrz_td1_frag, mrz_td3_frag
from synth.people import PersonFactory

__all__ = ["notes_document"]


def _note(rng: random.Random, pf: PersonFactory, kind: int) -> Frag:
    """One free-text document: an e-mail, a case note, an MRZ copy, a CNI mention or a short line."""
    p = pf.person(french=None if kind != 2 else True)
    ne = "né" if p.sex == "M" else "née"
    civ = "M." if p.sex == "M" else "Mme"
    name = (f"{p.given_names} {p.surname.upper()}", E.PERSON)
    dob_forms = [
        (f"{ne} le {{dob}}", format_date_fr(p.dob)),
        (f"{ne.upper()} LE {{dob}}", format_date_fr(p.dob, upper=True, ascii_only=True)),
        (f"{ne} le {{dob}}", format_date(p.dob, "slash")),
        ("né(e) le {dob}", format_date(p.dob, "dot")),
        ("date de naissance : {dob}", format_date(p.dob, "iso")),
        (f"{ne} le {{dob}}", format_date_fr(p.dob, ascii_only=True)),
    ]
    dob_tpl, dob_text = rng.choice(dob_forms)
    dob_frag = fill(dob_tpl, {"dob": (dob_text, E.DATE_OF_BIRTH)})
    rdv = other_date(rng, p.record_date, 90)
    passport = (p.passport, E.FR_PASSPORT if p.passport_is_french else None)
    if kind == 0:
        recipient = rng.choice(
            ("accueil@ofii.fr", "contact.sejour@interieur.gouv.fr", "service.visas@agence-voyage.fr")
        )
        return fill(
            "De : {name} <{email}>\nÀ : {to}\nDate : {sent}\n"
            "Objet : Demande de titre de séjour - dossier {dossier}\n\n"
            "Bonjour,\n\nJe soussigné(e) {name2}, {dob}, à {place}, de nationalité {nat}, "
            "titulaire du passeport "
            "n° {pp}, vous prie de bien vouloir trouver ci-joint les pièces demandées.\n"
            "Vous pouvez me joindre au {phone}.\n\nCordialement,\n{name3}\n",
            {
                "name": name,
                "email": (p.email, E.EMAIL_ADDRESS),
                "to": (recipient, E.EMAIL_ADDRESS),
                "sent": format_date(p.record_date, "slash"),
                "dossier": dossier_number(rng, p.record_date),
                "name2": name,
                "dob": dob_frag,
                "place": p.birthplace_label(),
                "nat": (p.country.adj_f, E.NATIONALITY),
                "pp": passport,
                "phone": (p.phone, E.PHONE_NUMBER),
                "name3": name,
            },
        )
    if kind == 1:
        values: dict[str, Any] = {
            "num": f"{p.record_date.year}-{rng.randint(1, 9999):04d}",
            "date": format_date(p.record_date, "slash"),
            "civ": civ,
            "name": name,
            "dob": dob_frag,
            "place": p.birthplace_label(),
            "nat": (p.country.adj_f if rng.random() < 0.7 else p.country.adj_f.upper(), E.NATIONALITY),
            "pp": passport,
            "nir": (format_nir(p.nir, rng.random() < 0.6), E.FR_NIR),
            "phone": (
                format_phone(p.phone_digits, rng.choice(("intl_paren", "intl_00", "space", "intl_space"))),
                E.PHONE_NUMBER,
            ),
            "email": (p.email, E.EMAIL_ADDRESS),
            "rdv": format_date_fr(rdv),
            "h": hour(rng),
            "iban": (format_iban(p.iban, True), E.IBAN_CODE),
            "agdref": (p.agdref or "", E.FR_RESIDENCE_PERMIT),
        }
        body = (
            "Note n° {num} du {date}\n{civ} {name}, {dob} à {place}, de nationalité {nat}.\n"
            "Titulaire du passeport n° {pp}. "
        )
        if p.agdref:
            body += "N° étranger : {agdref}.\n"
        else:
            body += "\n"
        body += (
            "NIR : {nir}. Tél. : {phone}. Courriel : {email}.\nRIB transmis : {iban}.\n"
            "Convoqué(e) le {rdv} à {h} pour la signature du contrat d'intégration.\n"
        )
        return fill(body, values)
    if kind == 2:
        return fill(
            "Copie du passeport de {civ} {name} (bande MRZ) :\n{mrz}\nContrôlé le {d}.\n",
            {"civ": civ, "name": name, "mrz": mrz_td3_frag(p), "d": format_date(rdv, "slash")},
        )
    if kind == 3:
        pf_french = pf.person(french=True)
        cni = (pf_french.cni or "", E.FR_ID_CARD)
        mrz = mrz_td1_frag(pf_french) if pf_french.cni_is_cnie else mrz_cni_frag(pf_french)
        return fill(
            "{civ} {name} présente sa carte nationale d'identité n° {cni}, délivrée par la préfecture.\n"
            "Lecture de la bande :\n{mrz}\n",
            {
                "civ": "M." if pf_french.sex == "M" else "Mme",
                "name": (f"{pf_french.given_names} {pf_french.surname.upper()}", E.PERSON),
                "cni": cni,
                "mrz": mrz,
            },
        )
    # kind 4: short lines
    line = rng.choice(
        (
            "Appel de {name} ({phone}) le {d} : demande l'état d'avancement.\n",
            "{name}, ressortissant(e) {nat2}, {dob}.\n",
            "Mail reçu de {email} le {d}, NIR indiqué {nir}.\n",
            "Remboursement sur le compte {iban} (titulaire : {name}).\n",
        )
    )
    return fill(
        line,
        {
            "name": name,
            "phone": (p.phone, E.PHONE_NUMBER),
            "d": format_date(rdv, "slash"),
            "nat2": (p.country.adjective(p.sex), E.NATIONALITY),
            "dob": dob_frag,
            "email": (p.email, E.EMAIL_ADDRESS),
            "nir": (p.nir, E.FR_NIR),
            "iban": (format_iban(p.iban, rng.random() < 0.5), E.IBAN_CODE),
        },
    )


def notes_document(seed: int = 7, notes: int = 40) -> Document:
    """French free text (UTF-8, LF): e-mails, case notes (``né le 12 mars 1985``, ``de nationalité
    marocaine``, ``titulaire du passeport n° …``, ``N° étranger : …``), MRZ copies, CNI mentions."""
    rng = random.Random(seed * 7919 + 7)
    pf = PersonFactory(seed, french_share=0.35)
    out = Frag()
    for i in range(notes):
        if i:
            out.add("\n" + "-" * 40 + "\n\n")
        out.extend(_note(rng, pf, rng.choices(range(5), (2, 3, 1, 1, 3))[0]))
    return Document(out, "utf-8")
