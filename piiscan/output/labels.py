"""Plain French and English names of the DESIGN.md §1 entities and §2 categories, for people.

The report keeps the contract's identifiers (`FR_PASSPORT`, `identity_document`): tools rely on them.  A
person deciding on a breach notification reads these names instead, in the HTML page, the terminal and the
notification paragraph.  One table, so that the page, the paragraph and the summary never name a thing two
ways.  An entity's names are its descriptor's (`Entity.label`, `Entity.short`), read here from the registry
once: a registered entity never shows a raw identifier, and adding one edits nothing here.  A custom pack's
entity outside the registry keeps its identifier.

Each entity has a singular noun (a column "holds a passport number") and a plural one for counts in a
sentence ("1 234 numéros de passeport français").
"""

from __future__ import annotations

from types import MappingProxyType

from piiscan.entities._descriptor import Label, Lang
from piiscan.entities.contract import CATEGORY_ORDER
from piiscan.entities.registry import REGISTRY

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


def _l(fr: str, en: str) -> Label:
    return Label(fr, en, fr, en)


ENTITY_LABELS: MappingProxyType[str, Label] = MappingProxyType({e.name: e.label for e in REGISTRY})
"""Entity → its plain names (`Entity.label`), in registry order."""

ENTITY_SHORT: MappingProxyType[str, str] = MappingProxyType({e.name: e.short for e in REGISTRY})
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

if tuple(CATEGORY_LABELS) != CATEGORY_ORDER:
    raise ValueError("every DESIGN.md §2 category needs its plain names, in the contract's order")


def entity_label(entity: str, lang: Lang, *, plural: bool = False) -> str:
    """The plain name of an entity; an unknown one (a custom pack's) keeps its identifier."""
    label = ENTITY_LABELS.get(entity)
    return label.get(lang, plural=plural) if label else entity


def category_label(category: str, lang: Lang) -> str:
    """The plain name of a category; an unknown one keeps its identifier."""
    label = CATEGORY_LABELS.get(category)
    return label.get(lang) if label else category
