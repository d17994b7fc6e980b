"""The CNIL-style notification paragraph (GDPR art. 33): categories and approximate numbers, FR and EN."""

from __future__ import annotations

from typing import Any

__all__ = ["cnil_summary"]

_LABELS = {
    "fr": {
        "identity_document": "pièces d'identité (passeport, carte d'identité, titre de séjour, MRZ)",
        "national_identifier": "numéro de sécurité sociale (NIR)",
        "civil_status": "état civil (noms, prénoms, dates de naissance)",
        "nationality": "nationalité",
        "contact": "coordonnées (courriel, téléphone)",
        "financial": "coordonnées bancaires (IBAN)",
    },
    "en": {
        "identity_document": "identity documents (passport, ID card, residence permit, MRZ)",
        "national_identifier": "social security number (NIR)",
        "civil_status": "civil status (names, dates of birth)",
        "nationality": "nationality",
        "contact": "contact details (e-mail, phone)",
        "financial": "bank details (IBAN)",
    },
}


def cnil_summary(report: dict[str, Any], *, lang: str = "fr") -> str:
    """One paragraph a DPO can paste into a notification; numbers are approximate by nature.

    >>> r = {"categories": {"contact": {}}, "summary": {"estimated_persons": 12, "records_with_findings": 15}}
    >>> for sentence in cnil_summary(r, lang="en").split(". "):
    ...     print(sentence)
    Categories of personal data concerned: contact details (e-mail, phone)
    Approximate number of persons concerned: 12
    Approximate number of records concerned: 15.
    """
    labels = _LABELS[lang]
    cats = "; ".join(labels[c] for c in report["categories"]) or ("aucune" if lang == "fr" else "none")
    s = report["summary"]
    if lang == "fr":
        return (
            f"Catégories de données concernées : {cats}. "
            f"Nombre approximatif de personnes concernées : {_fr_int(s['estimated_persons'])}. "
            f"Nombre approximatif d'enregistrements concernés : {_fr_int(s['records_with_findings'])}."
        )
    return (
        f"Categories of personal data concerned: {cats}. "
        f"Approximate number of persons concerned: {s['estimated_persons']:,}. "
        f"Approximate number of records concerned: {s['records_with_findings']:,}."
    )


def _fr_int(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")
