"""FR_DRIVING_LICENCE: the French driving-licence number, old 12-character and 2013 EU format (DESIGN.md §1).

No check digit, and both shapes are common (a 12-digit run, a passport's shape): reported only under a
licence header or after a licence keyword (`permis de conduire`, `driving licence`).  Its matcher sits
beside the passport's in the `cell` and `number` phases (`detect._is_licence`, `reference.licence_ok`).
"""

from piiscan.entities._descriptor import Entity, Label, Preview
from piiscan.validators import licence as validator

ENTITY = Entity(
    name="FR_DRIVING_LICENCE",
    category="identity_document",
    validator=validator,
    phases=("cell", "number"),
    fingerprint_tag=14,
    label=Label(
        fr="numéro de permis de conduire",
        en="driving licence number",
        fr_plural="numéros de permis de conduire",
        en_plural="driving licence numbers",
    ),
    short="permis",
    preview=Preview(keep=2),
    person_key=2,
)
