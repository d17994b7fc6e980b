"""IBAN_CODE: an IBAN, compact or grouped by four (DESIGN.md §1).

ISO 7064 mod 97-10 and the country's BBAN length: random candidates validate about once in 97.
"""

from piiscan.entities._descriptor import Authenticity, Entity, Label, Preview
from piiscan.validators import iban as validator

ENTITY = Entity(
    name="IBAN_CODE",
    category="financial",
    validator=validator,
    phases=("text",),
    fingerprint_tag=7,
    label=Label(
        fr="coordonnées bancaires (IBAN)",
        en="bank account number (IBAN)",
        fr_plural="coordonnées bancaires (IBAN)",
        en_plural="bank account numbers (IBAN)",
    ),
    short="IBAN",
    preview=Preview(keep=2),
    strong_identifier=True,
    authenticity=Authenticity(counters=("IBAN_SHAPED", "IBAN_VALID"), random_share=1 / 97),
    check_failures=True,
    shape_decides_column=True,
)
