"""DATE_OF_BIRTH: a date of birth, numeric or with a French month name, or an MRZ YYMMDD (DESIGN.md §1).

Only under a birth header or after a birth keyword; a real calendar date giving an age of 0-120 at the
record's own date.  A person without an identifier is counted by name and birth date.
"""

from piiscan.entities._descriptor import Entity, Label, Preview
from piiscan.validators import dates as validator

ENTITY = Entity(
    name="DATE_OF_BIRTH",
    category="civil_status",
    validator=validator,
    phases=("mrz", "cell", "number", "word", "record"),
    fingerprint_tag=4,
    label=Label(fr="date de naissance", en="date of birth", fr_plural="dates de naissance", en_plural="dates of birth"),
    short="naissance",
    preview=Preview(kind="year"),
    person_key=50,
    profile_trial=1,
)
