"""FOREIGN_PASSPORT: a passport number of another state, any shape of 6-12 letters and digits (DESIGN.md §1).

No check digit and no common shape: reported only under a passport header whose value the French shape
does not match, or as the document number of a valid passport MRZ (`P`) issued by another state.
"""

from piiscan.entities._descriptor import Entity, Label, Preview
from piiscan.validators import docnumber as validator

ENTITY = Entity(
    name="FOREIGN_PASSPORT",
    category="identity_document",
    validator=validator,
    phases=("mrz", "cell"),
    fingerprint_tag=12,
    label=Label(
        fr="numéro de passeport étranger",
        en="foreign passport number",
        fr_plural="numéros de passeport étranger",
        en_plural="foreign passport numbers",
    ),
    short="passeport étr.",
    preview=Preview(keep=2),
    person_key=1,
    strong_identifier=True,
    profile_trial=3,
)
