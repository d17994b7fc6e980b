"""Plain French and English names of the DESIGN.md §1 entities and §2 categories, for people.

The report keeps the contract's identifiers (`FR_PASSPORT`, `identity_document`): tools rely on them.  A
person deciding on a breach notification reads these names instead, in the HTML page, the terminal and the
notification paragraph.  One table, so that the page, the paragraph and the summary never name a thing two
ways.  Every §1 entity and §2 category has an entry, including those a pack may not detect yet: a pack that
adds them must not show a raw identifier.

Each entity has a singular noun (a column "holds a passport number") and a plural one for counts in a
sentence ("1 234 numéros de passeport français").
"""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = [
    "CATEGORY_LABELS",
    "CATEGORY_ORDER",
    "ENTITY_LABELS",
    "ENTITY_SHORT",
    "Label",
    "Lang",
    "category_label",
    "entity_label",
]

Lang = Literal["fr", "en"]


class Label(NamedTuple):
    """A name in both languages: `fr`/`en` for a title or a table cell, `fr_plural`/`en_plural` after a count."""

    fr: str
    en: str
    fr_plural: str
    en_plural: str

    def get(self, lang: Lang, *, plural: bool = False) -> str:
        if lang == "fr":
            return self.fr_plural if plural else self.fr
        return self.en_plural if plural else self.en


def _l(fr: str, en: str, fr_plural: str | None = None, en_plural: str | None = None) -> Label:
    return Label(fr, en, fr_plural or fr, en_plural or en)


ENTITY_LABELS: dict[str, Label] = {
    "FR_PASSPORT": _l(
        "numéro de passeport français",
        "French passport number",
        "numéros de passeport français",
        "French passport numbers",
    ),
    "FR_ID_CARD": _l(
        "numéro de carte nationale d'identité",
        "French identity card number",
        "numéros de carte nationale d'identité",
        "French identity card numbers",
    ),
    "FOREIGN_PASSPORT": _l(
        "numéro de passeport étranger",
        "foreign passport number",
        "numéros de passeport étranger",
        "foreign passport numbers",
    ),
    "FOREIGN_ID_CARD": _l(
        "numéro de pièce d'identité ou de titre de séjour étranger",
        "foreign identity card or residence document number",
        "numéros de pièce d'identité ou de titre de séjour étrangers",
        "foreign identity card or residence document numbers",
    ),
    "FR_RESIDENCE_PERMIT": _l(
        "numéro de titre de séjour (AGDREF)",
        "residence permit number (AGDREF)",
        "numéros de titre de séjour (AGDREF)",
        "residence permit numbers (AGDREF)",
    ),
    "FR_DRIVING_LICENCE": _l(
        "numéro de permis de conduire",
        "driving licence number",
        "numéros de permis de conduire",
        "driving licence numbers",
    ),
    "MRZ": _l(
        "bande MRZ de pièce d'identité",
        "identity document machine-readable zone (MRZ)",
        "bandes MRZ de pièce d'identité",
        "identity document machine-readable zones (MRZ)",
    ),
    "FR_NIR": _l(
        "numéro de sécurité sociale (NIR)",
        "social security number (NIR)",
        "numéros de sécurité sociale (NIR)",
        "social security numbers (NIR)",
    ),
    "FR_TAX_ID": _l("numéro fiscal", "tax identification number", "numéros fiscaux", "tax identification numbers"),
    "PERSON": _l("nom ou prénom", "name", "noms ou prénoms", "names"),
    "DATE_OF_BIRTH": _l("date de naissance", "date of birth", "dates de naissance", "dates of birth"),
    "NATIONALITY": _l("nationalité", "nationality", "nationalités", "nationalities"),
    "EMAIL_ADDRESS": _l("adresse électronique", "e-mail address", "adresses électroniques", "e-mail addresses"),
    "PHONE_NUMBER": _l("numéro de téléphone", "phone number", "numéros de téléphone", "phone numbers"),
    "STREET_ADDRESS": _l("adresse postale", "postal address", "adresses postales", "postal addresses"),
    "IBAN_CODE": _l(
        "coordonnées bancaires (IBAN)",
        "bank account number (IBAN)",
        "coordonnées bancaires (IBAN)",
        "bank account numbers (IBAN)",
    ),
    "PASSWORD": _l("mot de passe en clair", "password in clear", "mots de passe en clair", "passwords in clear"),
    "PASSWORD_HASH": _l("empreinte de mot de passe", "password hash", "empreintes de mot de passe", "password hashes"),
}

ENTITY_SHORT: dict[str, str] = {
    "FR_PASSPORT": "passeport FR",
    "FR_ID_CARD": "CNI",
    "FOREIGN_PASSPORT": "passeport étr.",
    "FOREIGN_ID_CARD": "pièce étr.",
    "FR_RESIDENCE_PERMIT": "titre de séjour",
    "FR_DRIVING_LICENCE": "permis",
    "MRZ": "MRZ",
    "FR_NIR": "NIR",
    "FR_TAX_ID": "n° fiscal",
    "PERSON": "nom",
    "DATE_OF_BIRTH": "naissance",
    "NATIONALITY": "nationalité",
    "EMAIL_ADDRESS": "courriel",
    "PHONE_NUMBER": "téléphone",
    "STREET_ADDRESS": "adresse",
    "IBAN_CODE": "IBAN",
    "PASSWORD": "mot de passe",
    "PASSWORD_HASH": "empreinte mdp",
}
"""Column heads of the per-source grid, where a full name does not fit (the full names are in the tables)."""

CATEGORY_LABELS: dict[str, Label] = {
    "identity_document": _l("pièces d'identité", "identity documents"),
    "national_identifier": _l("identifiants nationaux", "national identifiers"),
    "civil_status": _l("état civil", "civil status"),
    "nationality": _l("nationalité", "nationality"),
    "contact": _l("coordonnées", "contact details"),
    "financial": _l("données bancaires", "financial data"),
    "credentials": _l("identifiants de connexion", "login credentials"),
}

CATEGORY_ORDER: tuple[str, ...] = tuple(CATEGORY_LABELS)
"""DESIGN.md §2 order: the most harmful first, as the page and the paragraph list them."""


def entity_label(entity: str, lang: Lang, *, plural: bool = False) -> str:
    """The plain name of an entity; an unknown one (a custom pack's) keeps its identifier."""
    label = ENTITY_LABELS.get(entity)
    return label.get(lang, plural=plural) if label else entity


def category_label(category: str, lang: Lang) -> str:
    """The plain name of a category; an unknown one keeps its identifier."""
    label = CATEGORY_LABELS.get(category)
    return label.get(lang) if label else category
