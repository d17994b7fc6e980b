"""The notification paragraph (GDPR art. 33/34, CNIL form), FR and EN, built from exactly what was found.

A DPO pastes this paragraph into a notification: it must declare no data the dump does not hold.  So it
names each entity found, never a whole category's list (only passports found: no « carte d'identité »; only
dates of birth: no « noms »), with the records that hold it, grouped under the category's plain name.
"""

from __future__ import annotations

from typing import Any

from piiscan.output.labels import CATEGORY_ORDER, Lang, category_label, entity_label

__all__ = ["cnil_summary", "data_list"]


def data_list(report: dict[str, Any], *, lang: Lang = "fr") -> str:
    """The categories found, each with its entities and the records holding them, in DESIGN.md §2 order.

    >>> r = {"categories": {"identity_document": {"entities": ["FR_PASSPORT"]}},
    ...      "entities": {"FR_PASSPORT": {"records_affected": 1234}}}
    >>> data_list(r, lang="fr")
    "pièces d'identité (numéros de passeport français : 1\u202f234 enregistrements)"
    >>> data_list(r, lang="en")
    'identity documents (French passport numbers: 1,234 records)'
    """
    cats = report.get("categories", {})
    order = [c for c in CATEGORY_ORDER if c in cats] + [c for c in cats if c not in CATEGORY_ORDER]
    parts = []
    for cat in order:
        items = []
        for ent in cats[cat].get("entities", []):
            n = report["entities"][ent]["records_affected"]
            name = entity_label(ent, lang, plural=True)
            if lang == "fr":
                items.append(f"{name} : {_fr_int(n)} enregistrement{'s' if n > 1 else ''}")
            else:
                items.append(f"{name}: {n:,} record{'s' if n != 1 else ''}")
        parts.append(f"{category_label(cat, lang)} ({'; '.join(items)})")
    return " ; ".join(parts) if lang == "fr" else "; ".join(parts)


def cnil_summary(report: dict[str, Any], *, lang: Lang = "fr") -> str:
    """One paragraph a DPO can paste into a notification; the numbers of persons and records are estimates.

    >>> r = {"categories": {"contact": {"entities": ["EMAIL_ADDRESS"]}},
    ...      "entities": {"EMAIL_ADDRESS": {"records_affected": 15}},
    ...      "summary": {"estimated_persons": 12, "records_with_findings": 15}}
    >>> for sentence in cnil_summary(r, lang="en").split(". "):
    ...     print(sentence)
    Categories of personal data concerned: contact details (e-mail addresses: 15 records)
    Approximate number of persons concerned: 12
    Approximate number of records concerned: 15.
    """
    cats = data_list(report, lang=lang) or ("aucune" if lang == "fr" else "none")
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
    """French digit grouping: a narrow no-break space (U+202F), as the CNIL form and French typography use."""
    return f"{n:,}".replace(",", "\u202f")
