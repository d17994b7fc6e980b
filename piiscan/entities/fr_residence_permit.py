"""FR_RESIDENCE_PERMIT: the 10-digit foreign national number (AGDREF), header or keyword only (DESIGN.md §1)."""

from piiscan.entities._descriptor import DigitRun, Entity, Label
from piiscan.validators import agdref as validator

ENTITY = Entity(
    name="FR_RESIDENCE_PERMIT",
    category="identity_document",
    validator=validator,
    phases=("cell", "number"),
    fingerprint_tag=8,
    label=Label(
        fr="numéro de titre de séjour (AGDREF)",
        en="residence permit number (AGDREF)",
        fr_plural="numéros de titre de séjour (AGDREF)",
        en_plural="residence permit numbers (AGDREF)",
    ),
    short="titre de séjour",
    person_key=2,
    strong_identifier=True,
    digit_run=DigitRun(length=10),
    profile_trial=2,
)
