"""FR_TAX_ID: the French tax number (numéro fiscal, SPI), 13 digits, first digit 0-3 (DESIGN.md §1).

Its last three digits are the first ten modulo 511, but thirteen-digit runs are common: reported only under
a tax header or after a tax keyword.  A digit-run entity: the kernel matches it from `DigitRun`, the
reference from its validator.
"""

from piiscan.entities._descriptor import DigitRun, Entity, Label, ModCheck
from piiscan.validators import nif as validator

ENTITY = Entity(
    name="FR_TAX_ID",
    category="national_identifier",
    validator=validator,
    phases=("cell", "number"),
    fingerprint_tag=11,
    label=Label(
        fr="numéro fiscal",
        en="tax identification number",
        fr_plural="numéros fiscaux",
        en_plural="tax identification numbers",
    ),
    short="n° fiscal",
    person_key=1,
    strong_identifier=True,
    digit_run=DigitRun(length=13, first="0123", check=ModCheck(body=10, key=3, modulus=511)),
    profile_trial=2,
    shape_decides_column=True,
)
