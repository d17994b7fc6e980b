"""PERSON: surnames and given names, under a name header, in an MRZ or after evidence in text
(DESIGN.md §1).  A person without an identifier is counted by name and birth date."""

from piiscan.entities._descriptor import Entity, Label, Preview

ENTITY = Entity(
    name="PERSON",
    category="civil_status",
    validator=None,
    phases=("mrz", "cell", "word"),
    fingerprint_tag=10,
    label=Label(fr="nom ou prénom", en="name", fr_plural="noms ou prénoms", en_plural="names"),
    short="nom",
    preview=Preview(keep=1),
    person_key=50,
    profile_trial=1,
)
