"""STREET_ADDRESS: a postal address in France, number, street type and name, with or without postal code
and commune (DESIGN.md §1), category `contact`.

Under an address header the whole cell is one finding when its words read as an address line
(`validators.address`: a street type followed by a name, or a house number followed by a word); its
fingerprint is the folded line, so `12 Rue X` and `12 rue x` are one value.  Free text is not searched for
addresses yet.
"""

from piiscan.entities._descriptor import Entity
from piiscan.validators import address as validator

ENTITY = Entity(
    name="STREET_ADDRESS",
    category="contact",
    validator=validator,
    phases=("cell",),
)
