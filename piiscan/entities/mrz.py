"""MRZ: a machine-readable zone, TD1, TD2, TD3, old CNI and visas (DESIGN.md §1).

ICAO 9303 check digits; its fields are reported as their own entities.  A random line passes all of
its check digits about once in ten.
"""

from piiscan.entities._descriptor import Authenticity, Entity, Label, Preview
from piiscan.validators import mrz as validator

ENTITY = Entity(
    name="MRZ",
    category="identity_document",
    validator=validator,
    phases=("mrz",),
    fingerprint_tag=9,
    label=Label(
        fr="bande MRZ de pièce d'identité",
        en="identity document machine-readable zone (MRZ)",
        fr_plural="bandes MRZ de pièce d'identité",
        en_plural="identity document machine-readable zones (MRZ)",
    ),
    short="MRZ",
    preview=Preview(kind="mrz"),
    authenticity=Authenticity(counters=("MRZ_SHAPED", "MRZ_VALID"), random_share=1 / 10),
)
