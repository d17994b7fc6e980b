"""FR_RESIDENCE_PERMIT: the 10-digit foreign national number (AGDREF), header or keyword only (DESIGN.md §1)."""

from piiscan.entities._descriptor import DigitRun, Entity
from piiscan.validators import agdref as validator

ENTITY = Entity(
    name="FR_RESIDENCE_PERMIT",
    category="identity_document",
    validator=validator,
    phases=("cell", "number"),
    person_key=2,
    strong_identifier=True,
    digit_run=DigitRun(length=10),
)
