"""STREET_ADDRESS: a postal address in France, number, street type and name, with or without postal code
and commune (DESIGN.md §1), category `contact`.

Under an address header the whole cell is one finding when its words read as an address line
(`validators.address`: a street type followed by a name, or a house number followed by a word).  In free
text (any other cell, text lines, JSON strings) the `number` phase reads the stricter street-type grammar
from a house number (`detect._match_address`: number, street type, capitalised name, optional postal code
and commune), one finding for the whole address; an address right after a facility, shop or object word
(`Gymnase Jules Ferry, 12 rue…`) is a thing's, not a person's, and is not reported.  The fingerprint is the
folded words, so `12 Rue X` and `12 rue x` are one value in a cell and in text.
"""

from piiscan.entities._descriptor import Entity, Label
from piiscan.validators import address as validator

ENTITY = Entity(
    name="STREET_ADDRESS",
    category="contact",
    validator=validator,
    phases=("cell", "number"),
    fingerprint_tag=17,
    label=Label(fr="adresse postale", en="postal address", fr_plural="adresses postales", en_plural="postal addresses"),
    short="adresse",
)
