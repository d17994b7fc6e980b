"""Entity names of the truth files (DESIGN §1), written here again on purpose: the generators do not import
``piiscan``, so a renamed entity in the engine shows up as a truth mismatch instead of passing silently."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from synth.people import Person

__all__ = [
    "DATE_OF_BIRTH",
    "EMAIL_ADDRESS",
    "ENTITIES",
    "FOREIGN_PASSPORT",
    "FR_ID_CARD",
    "FR_NIR",
    "FR_PASSPORT",
    "FR_RESIDENCE_PERMIT",
    "IBAN_CODE",
    "MRZ",
    "NATIONALITY",
    "PERSON",
    "PHONE_NUMBER",
    "STREET_ADDRESS",
    "passport_entity",
]


EMAIL_ADDRESS = "EMAIL_ADDRESS"
FR_PASSPORT = "FR_PASSPORT"
FR_ID_CARD = "FR_ID_CARD"
FR_NIR = "FR_NIR"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
NATIONALITY = "NATIONALITY"
PHONE_NUMBER = "PHONE_NUMBER"
IBAN_CODE = "IBAN_CODE"
FR_RESIDENCE_PERMIT = "FR_RESIDENCE_PERMIT"
MRZ = "MRZ"
PERSON = "PERSON"
FOREIGN_PASSPORT = "FOREIGN_PASSPORT"
STREET_ADDRESS = "STREET_ADDRESS"
ENTITIES: tuple[str, ...] = (
    EMAIL_ADDRESS,
    FR_PASSPORT,
    FR_ID_CARD,
    FR_NIR,
    DATE_OF_BIRTH,
    NATIONALITY,
    PHONE_NUMBER,
    IBAN_CODE,
    FR_RESIDENCE_PERMIT,
    MRZ,
    PERSON,
    FOREIGN_PASSPORT,
    STREET_ADDRESS,
)


def passport_entity(p: Person) -> str:
    """The truth entity of a person's passport number in a passport column, key or MRZ."""
    return FR_PASSPORT if p.passport_is_french else FOREIGN_PASSPORT
