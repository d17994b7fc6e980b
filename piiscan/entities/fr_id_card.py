"""FR_ID_CARD: a French identity card number, old 12-character CNI or 2021 CNIe (DESIGN.md §1).

No check digit: reported under an identity-card header or keyword, or from a valid MRZ issued by FRA.
"""

from piiscan.entities._descriptor import Entity, Label, Preview
from piiscan.validators import idcard as validator

ENTITY = Entity(
    name="FR_ID_CARD",
    category="identity_document",
    validator=validator,
    phases=("mrz", "cell", "number", "text"),
    fingerprint_tag=2,
    label=Label(
        fr="numéro de carte nationale d'identité",
        en="French identity card number",
        fr_plural="numéros de carte nationale d'identité",
        en_plural="French identity card numbers",
    ),
    short="CNI",
    preview=Preview(keep=2),
    person_key=1,
    strong_identifier=True,
    profile_trial=2,
)
