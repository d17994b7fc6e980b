"""FR_PASSPORT: a French passport number `\\d{2}[A-Z]{2}\\d{5}` (DESIGN.md §1).

No check digit: reported under a passport header or keyword, or from a valid MRZ issued by FRA.
"""

from piiscan.entities._descriptor import Entity, Label, Preview
from piiscan.validators import passport as validator

ENTITY = Entity(
    name="FR_PASSPORT",
    category="identity_document",
    validator=validator,
    phases=("mrz", "cell", "number"),
    fingerprint_tag=1,
    label=Label(
        fr="numéro de passeport français",
        en="French passport number",
        fr_plural="numéros de passeport français",
        en_plural="French passport numbers",
    ),
    short="passeport FR",
    preview=Preview(keep=2),
    person_key=1,
    strong_identifier=True,
    profile_trial=1,
)
