"""Excel's "Unicode text" export: UTF-16LE with BOM, tab-separated, CRLF; CNI numbers and CNI MRZs."""

from __future__ import annotations

import random

from synth import entities as E
from synth.documents.common import other_date
from synth.formatting import format_date, format_iban, format_phone, nationality_label
from synth.frag import Cell, Document, Frag, fill
from synth.mrz import mrz_cni_frag, mrz_td1_frag
from synth.people import PersonFactory
from synth.tables import FR_CITIES
from synth.writers import csv_row

__all__ = ["excel_unicode_document"]

_HEADER = (
    "Nom", "Prénom", "Né(e) le", "Nationalité", "N° CNI", "N° passeport", "Téléphone", "IBAN", "Ville", "Commentaire",
)  # fmt: skip


def excel_unicode_document(seed: int = 3, rows: int = 150) -> Document:
    """Excel "Unicode text" export: UTF-16LE with BOM, tab-separated, CRLF; CNI numbers and CNI MRZs."""
    rng = random.Random(seed * 7919 + 3)
    pf = PersonFactory(seed, french_share=0.8)
    out = Frag()
    csv_row(out, _HEADER, delimiter="\t", quote_all=False, eol="\r\n")
    for _ in range(rows):
        p = pf.person()
        comment: Cell = None
        r = rng.random()
        if p.cni is not None and r < 0.15:
            mrz = mrz_td1_frag(p) if p.cni_is_cnie else mrz_cni_frag(p)
            comment = fill("MRZ de la CNI :\n{mrz}", {"mrz": mrz})
        elif r < 0.3:
            comment = fill('Client "VIP" depuis le {d}', {"d": format_date(other_date(rng, p.record_date), "slash")})
        elif r < 0.4:
            comment = fill(
                "Contact urgence : {phone}\t(conjoint)",
                {"phone": (format_phone(pf.phone_digits(), "space"), E.PHONE_NUMBER)},
            )
        cells: list[Cell] = [
            Frag(p.surname.upper(), E.PERSON),
            Frag(p.given_names, E.PERSON),
            Frag(format_date(p.dob, "slash"), E.DATE_OF_BIRTH),
            Frag(nationality_label(p.country, p.sex, rng.choice(("Adj", "ADJ", "name"))), E.NATIONALITY),
            Frag(p.cni, E.FR_ID_CARD) if p.cni else None,
            Frag(p.passport, E.passport_entity(p)) if rng.random() < 0.7 else None,
            Frag(p.phone, E.PHONE_NUMBER),
            Frag(format_iban(p.iban, True), E.IBAN_CODE) if rng.random() < 0.6 else None,
            rng.choice(FR_CITIES)[0],
            comment,
        ]
        csv_row(out, cells, delimiter="\t", quote_all=False, eol="\r\n")
    return Document(out, "utf-16-le", bom=True)
