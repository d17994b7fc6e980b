"""Word classes of the pack's lexicon table (one lookup per word gives every class it belongs to).

A table value packs: bits 0–11 the class flags below, bits 12–15 the month number, bits 16–30 the index of
the ISO 3166 alpha-3 code (nationality adjectives, country names and codes all map to one code).
Alpha-3 codes are stored under `#` + the lower-case code so they never collide with a word.
"""

WORD_NATIONALITY = 1
WORD_COUNTRY = 2
WORD_MONTH = 4
WORD_FIRST_NAME = 8
WORD_STOP = 16
WORD_TLD = 32
WORD_CIVILITY = 64
WORD_ALPHA3 = 128
WORD_STREET = 256
"""A street type (`rue`, `avenue`…): the capitalised words after it are a street name, not a person."""
WORD_DOC_PASSPORT = 512
"""A value saying the record's document is a passport (`passeport`, `PASSPORT`)."""
WORD_DOC_ID_CARD = 1024
"""A value saying the record's document is an identity card (`CNI`, `carte d'identité`)."""

MONTH_SHIFT = 12
ISO_SHIFT = 16
