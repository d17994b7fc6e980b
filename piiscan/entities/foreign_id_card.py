"""FOREIGN_ID_CARD: an identity-card or residence-document number of another state (DESIGN.md §1).

Reported only as the document number of a valid TD1 or TD2 MRZ issued by another state, or under an
identity-card header whose value is a document-number shape (6-12 letters and digits) but not a French one.
Everything but the name, the plain names and the column profiler's trial is FOREIGN_PASSPORT's: the same
loose document-number validator, the same phases, preview and person-key rank, a strong identifier too.
The profiler does not try it: a foreign passport's trial already claims every document-number shape.
"""

from dataclasses import replace

from piiscan.entities import foreign_passport
from piiscan.entities._descriptor import Label

ENTITY = replace(
    foreign_passport.ENTITY,
    name="FOREIGN_ID_CARD",
    fingerprint_tag=13,
    label=Label(
        fr="numéro de pièce d'identité ou de titre de séjour étranger",
        en="foreign identity card or residence document number",
        fr_plural="numéros de pièce d'identité ou de titre de séjour étrangers",
        en_plural="foreign identity card or residence document numbers",
    ),
    short="pièce étr.",
    profile_trial=0,
)
