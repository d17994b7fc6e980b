"""EMAIL_ADDRESS: an e-mail address, internationalised domains included (DESIGN.md §1).

Matched in free text around each `@` (`detect._match_email`); the domain must end in a real TLD.
"""

from piiscan.entities._descriptor import Entity, Label, Preview
from piiscan.validators import email as validator

ENTITY = Entity(
    name="EMAIL_ADDRESS",
    category="contact",
    validator=validator,
    phases=("text",),
    fingerprint_tag=0,
    label=Label(
        fr="adresse électronique", en="e-mail address", fr_plural="adresses électroniques", en_plural="e-mail addresses"
    ),
    short="courriel",
    preview=Preview(kind="email"),
    person_key=3,
    strong_identifier=True,
    shape_decides_column=True,
)
