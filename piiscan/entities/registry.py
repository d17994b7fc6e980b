"""The one ordered list of entities.

An entity's position here is its id in the kernels, its bit in hint masks and its precedence: where two
entities claim the same characters, the statement of detection (the kernel and `piiscan.reference`) tries
them in this order.  Adding an entity is one line here and its import (and its module beside the others).
Fingerprints do not follow the position (`Entity.fingerprint_tag`): inserting or removing an entity moves
ids and hint bits, which are internal, and no other entity's findings.
"""

from __future__ import annotations

from piiscan.entities import (
    date_of_birth,
    email_address,
    foreign_id_card,
    foreign_passport,
    fr_driving_licence,
    fr_id_card,
    fr_nir,
    fr_passport,
    fr_residence_permit,
    fr_tax_id,
    iban_code,
    mrz,
    nationality,
    password,
    password_hash,
    person,
    phone_number,
    street_address,
)
from piiscan.entities._descriptor import Entity

__all__ = ["REGISTRY"]

REGISTRY: tuple[Entity, ...] = (
    email_address.ENTITY,
    fr_passport.ENTITY,
    fr_id_card.ENTITY,
    fr_nir.ENTITY,
    date_of_birth.ENTITY,
    nationality.ENTITY,
    phone_number.ENTITY,
    iban_code.ENTITY,
    fr_residence_permit.ENTITY,
    mrz.ENTITY,
    person.ENTITY,
    fr_tax_id.ENTITY,
    foreign_passport.ENTITY,
    foreign_id_card.ENTITY,
    fr_driving_licence.ENTITY,
    password.ENTITY,
    password_hash.ENTITY,
    street_address.ENTITY,
)
