"""FOREIGN_ID_CARD: an identity-card or residence-document number of another state (DESIGN.md §1).

Reported only as the document number of a valid TD1 MRZ issued by another state, or under an
identity-card header whose value is a document-number shape (6-12 letters and digits) but not a French one.
"""

from piiscan.entities._descriptor import Entity, Preview
from piiscan.validators import docnumber as validator

ENTITY = Entity(
    name="FOREIGN_ID_CARD",
    category="identity_document",
    validator=validator,
    phases=("mrz", "cell"),
    preview=Preview(keep=2),
    person_key=1,
    strong_identifier=True,
)
