"""FOREIGN_ID_CARD: an identity-card or residence-document number of another state (DESIGN.md §1).

Reported only as the document number of a valid TD1 or TD2 MRZ issued by another state, or under an
identity-card header whose value is a document-number shape (6-12 letters and digits) but not a French one.
Everything but the name is FOREIGN_PASSPORT's: the same loose document-number validator, the same phases,
preview and person-key rank, a strong identifier too.
"""

from dataclasses import replace

from piiscan.entities import foreign_passport

ENTITY = replace(foreign_passport.ENTITY, name="FOREIGN_ID_CARD")
