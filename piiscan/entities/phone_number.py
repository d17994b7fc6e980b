"""PHONE_NUMBER: a French phone number, national or international, overseas included (DESIGN.md §1)."""

from piiscan.entities._descriptor import Entity, Preview
from piiscan.validators import phone as validator

ENTITY = Entity(
    name="PHONE_NUMBER",
    category="contact",
    validator=validator,
    phases=("cell", "number"),
    preview=Preview(kind="phone"),
    strong_identifier=True,
)
