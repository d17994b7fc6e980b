"""NATIONALITY: a nationality adjective, a country name or ISO alpha-3 code in a nationality field, or the
nationality field of an MRZ (DESIGN.md §1).  A dictionary decides; there is no validator.
"""

from piiscan.entities._descriptor import Entity, Label, Preview

ENTITY = Entity(
    name="NATIONALITY",
    category="nationality",
    validator=None,
    phases=("mrz", "cell", "word"),
    fingerprint_tag=5,
    label=Label(fr="nationalité", en="nationality", fr_plural="nationalités", en_plural="nationalities"),
    short="nationalité",
    preview=Preview(keep=1),
)
