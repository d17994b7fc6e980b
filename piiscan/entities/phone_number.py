"""PHONE_NUMBER: a French phone number, national or international, overseas included (DESIGN.md §1)."""

from piiscan.entities._descriptor import Entity, Label, Preview
from piiscan.validators import phone as validator

ENTITY = Entity(
    name="PHONE_NUMBER",
    category="contact",
    validator=validator,
    phases=("cell", "number"),
    fingerprint_tag=6,
    label=Label(
        fr="numéro de téléphone", en="phone number", fr_plural="numéros de téléphone", en_plural="phone numbers"
    ),
    short="téléphone",
    preview=Preview(kind="phone"),
    strong_identifier=True,
    shape_decides_column=True,
)
