"""FR_NIR: the French social security number, 13 characters and a 2-digit key (DESIGN.md §1).

Its key (97 - N mod 97) makes it the first authenticity signal: random 15-digit runs validate about once
in 97.  Per record, its birth year and month and its sex digit are compared with the record's date of birth
and sex field.
"""

from piiscan.entities._descriptor import Authenticity, Entity, Label, Preview
from piiscan.validators import nir as validator

ENTITY = Entity(
    name="FR_NIR",
    category="national_identifier",
    validator=validator,
    phases=("cell", "number", "record"),
    fingerprint_tag=3,
    label=Label(
        fr="numéro de sécurité sociale (NIR)",
        en="social security number (NIR)",
        fr_plural="numéros de sécurité sociale (NIR)",
        en_plural="social security numbers (NIR)",
    ),
    short="NIR",
    preview=Preview(keep=1),
    person_key=0,
    strong_identifier=True,
    authenticity=Authenticity(
        counters=("NIR_SHAPED", "NIR_VALID", "NIR_DOB_PAIRS", "NIR_DOB_MATCH", "NIR_SEX_PAIRS", "NIR_SEX_MATCH"),
        random_share=1 / 97,
    ),
    check_failures=True,
    profile_trial=3,
    shape_decides_column=True,
)
