"""Tables of people whose headers say nothing, for column profiles decided from values (issue 17).

One seeded table of synthetic people (`synth.people.PersonFactory`: Faker fr_FR names and our own
identifier generators with valid keys) in three header styles: none (the first row is data), meaningless
(`c1`..`c10`) and real (`nom`, `prenom`...).  Each planted value is known by (record, column), so a scan's
findings can be scored per entity: recall of the planted values, precision of what was reported.

French nationals carry a French passport and a CNI (old 12-digit or 2021 CNIe), foreigners another
state's passport (`AB1234567`, `123456789`, `A1234567`...) and an AGDREF number, so the passport column
mixes French and foreign shapes and the CNI and AGDREF columns are partly empty, as in a real dump.
Caveat: the given names come from the same Faker lists the pack's first-name dictionary was derived from
(`recognizers/fr/data/_make_first_names.py`), so the first-name share of a generated column is higher
than a real column's would be.
"""

from __future__ import annotations

from dataclasses import dataclass

from synth.formatting import format_date, format_iban, format_nir
from synth.people import PersonFactory

__all__ = ["COLUMNS", "REAL_HEADERS", "Table", "people_table"]

COLUMNS: tuple[tuple[str, str], ...] = (
    ("surname", "PERSON"),
    ("given", "PERSON"),
    ("dob", "DATE_OF_BIRTH"),
    ("passport", "PASSPORT"),  # FR_PASSPORT or FOREIGN_PASSPORT by shape
    ("cni", "FR_ID_CARD"),
    ("agdref", "FR_RESIDENCE_PERMIT"),
    ("email", "EMAIL_ADDRESS"),
    ("phone", "PHONE_NUMBER"),
    ("nir", "FR_NIR"),
    ("iban", "IBAN_CODE"),
)
"""The table's columns in order: (key, entity planted)."""

REAL_HEADERS = (
    "nom",
    "prenom",
    "date_naissance",
    "numero_passeport",
    "numero_cni",
    "numero_etranger",
    "email",
    "telephone",
    "nir",
    "iban",
)


@dataclass(frozen=True)
class Table:
    """A generated table: its bytes and, per planted value, `(record, column) -> (entity, value)`."""

    data: bytes
    planted: dict[tuple[int, int], tuple[str, str]]
    headers: tuple[str, ...] | None


def _passport_entity(value: str) -> str:
    import re

    return "FR_PASSPORT" if re.fullmatch(r"\d{2}[A-Z]{2}\d{5}", value) else "FOREIGN_PASSPORT"


def people_table(seed: int, rows: int, *, header: str = "none", delimiter: str = ";") -> Table:
    """`rows` people; `header` is `none`, `meaningless` (`c1`..`c10`) or `real`."""
    factory = PersonFactory(seed)
    planted: dict[tuple[int, int], tuple[str, str]] = {}
    lines: list[str] = []
    headers: tuple[str, ...] | None = None
    if header == "meaningless":
        headers = tuple(f"c{i + 1}" for i in range(len(COLUMNS)))
    elif header == "real":
        headers = REAL_HEADERS
    elif header != "none":
        raise ValueError(f"unknown header style {header!r}")
    if headers is not None:
        lines.append(delimiter.join(headers))
    for r in range(rows):
        p = factory.person()
        values = {
            "surname": p.surname,
            "given": p.given_names,
            "dob": format_date(p.dob),
            "passport": p.passport,
            "cni": p.cni or "",
            "agdref": p.agdref or "",
            "email": p.email,
            "phone": p.phone,
            "nir": format_nir(p.nir),
            "iban": format_iban(p.iban),
        }
        cells = []
        for c, (key, entity) in enumerate(COLUMNS):
            v = values[key]
            if v:
                ent = _passport_entity(v) if entity == "PASSPORT" else entity
                planted[(r, c)] = (ent, v)
            cells.append(v)
        lines.append(delimiter.join(cells))
    return Table(("\n".join(lines) + "\n").encode("utf-8"), planted, headers)
