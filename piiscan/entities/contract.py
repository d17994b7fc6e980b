"""Entity ids, hint bits, statistics slots and categories: computed once from the registry.

Every module that names an entity by number (the numba kernels, the compiled tables, the reference, the
aggregator, the report) imports these names; none defines its own.  The numbers follow
`registry.REGISTRY`, so adding an entity there moves nothing by hand.

Hint masks are int64: bit `i` (for `i < N_ENTITIES`) says the field's header names entity `i`.  The two
non-entity bits sit at fixed high bits, so entities can grow up to bit `HINT_SEX - 1` without colliding.

>>> ENTITY_ORDER[E_NIR], ENTITY_ORDER[E_PERSON]
('FR_NIR', 'PERSON')
>>> HINT_RECORD_DATE > HINT_SEX > N_ENTITIES
True
>>> CATEGORIES["IBAN_CODE"], STAT_SLOTS["IBAN_VALID"] == STATS.IBAN_VALID
('financial', True)
"""

from __future__ import annotations

from collections import namedtuple
from types import MappingProxyType

from piiscan.entities._descriptor import Entity
from piiscan.entities.registry import REGISTRY

__all__ = [
    "CATEGORIES",
    "CATEGORY_ORDER",
    "CHECK_FAILURE_ENTITIES",
    "DESCRIPTORS",
    "DIGIT_RUNS",
    "DIGIT_RUN_ROWS",
    "ENTITY_HINTS",
    "ENTITY_ID",
    "ENTITY_ORDER",
    "E_ADDRESS",
    "E_DOB",
    "E_EMAIL",
    "E_FOREIGN_ID_CARD",
    "E_FOREIGN_PASSPORT",
    "E_IBAN",
    "E_ID_CARD",
    "E_LICENCE",
    "E_MRZ",
    "E_NATIONALITY",
    "E_NIR",
    "E_PASSPORT",
    "E_PASSWORD",
    "E_PASSWORD_HASH",
    "E_PERSON",
    "E_PHONE",
    "E_RESIDENCE",
    "FINGERPRINT_BYTES",
    "F_CHECKSUM",
    "F_CHECK_FAILED",
    "F_CONTEXT",
    "F_HEADER",
    "F_MRZ",
    "HINT_RECORD_DATE",
    "HINT_SEX",
    "N_ENTITIES",
    "N_STATS",
    "PERSON_IDENTIFIERS",
    "PERSON_IDENTIFIER_CATEGORIES",
    "PERSON_KEY_PRIORITY",
    "PROFILE_TRIALS",
    "SHAPE_DECIDES",
    "STATS",
    "STAT_SLOTS",
    "STRONG_IDENTIFIERS",
    "VALIDATOR_NAMES",
    "descriptor",
]

ENTITY_ORDER: tuple[str, ...] = tuple(e.name for e in REGISTRY)
"""Entity names in registry order: an entity's index is its id in the kernels and its bit in hint masks."""
ENTITY_ID: MappingProxyType[str, int] = MappingProxyType({name: i for i, name in enumerate(ENTITY_ORDER)})
DESCRIPTORS: MappingProxyType[str, Entity] = MappingProxyType({e.name: e for e in REGISTRY})
N_ENTITIES = len(REGISTRY)

CATEGORY_ORDER: tuple[str, ...] = (
    "identity_document",
    "national_identifier",
    "civil_status",
    "nationality",
    "contact",
    "financial",
    "credentials",
)
"""The exposure categories of DESIGN.md §2, in the report's order."""
CATEGORIES: MappingProxyType[str, str] = MappingProxyType({e.name: e.category for e in REGISTRY})
"""Entity → exposure category (DESIGN.md §2)."""

# ---------------------------------------------------------------------------------------- hint masks
HINT_RECORD_DATE = 62
"""Bit of a field's hint mask saying it holds the record's own date (deposit, creation); bit 63 is the sign."""
HINT_SEX = 61
"""Bit of a field's hint mask saying it holds the person's sex or title."""
ENTITY_HINTS = (1 << N_ENTITIES) - 1
"""The bits of a hint mask that name entities."""

# ------------------------------------------------------------------------------------ entity ids by name
# the entities whose matchers the kernel, the reference or the profiler name (a digit-run entity needs none)
E_EMAIL = ENTITY_ID["EMAIL_ADDRESS"]
E_PASSPORT = ENTITY_ID["FR_PASSPORT"]
E_ID_CARD = ENTITY_ID["FR_ID_CARD"]
E_NIR = ENTITY_ID["FR_NIR"]
E_DOB = ENTITY_ID["DATE_OF_BIRTH"]
E_NATIONALITY = ENTITY_ID["NATIONALITY"]
E_PHONE = ENTITY_ID["PHONE_NUMBER"]
E_IBAN = ENTITY_ID["IBAN_CODE"]
E_RESIDENCE = ENTITY_ID["FR_RESIDENCE_PERMIT"]
E_MRZ = ENTITY_ID["MRZ"]
E_PERSON = ENTITY_ID["PERSON"]
E_FOREIGN_PASSPORT = ENTITY_ID["FOREIGN_PASSPORT"]
E_FOREIGN_ID_CARD = ENTITY_ID["FOREIGN_ID_CARD"]
E_LICENCE = ENTITY_ID["FR_DRIVING_LICENCE"]
E_PASSWORD = ENTITY_ID["PASSWORD"]
E_PASSWORD_HASH = ENTITY_ID["PASSWORD_HASH"]
E_ADDRESS = ENTITY_ID["STREET_ADDRESS"]

FINGERPRINT_BYTES: tuple[int, ...] = tuple(48 + e.fingerprint_tag for e in REGISTRY)
"""Per entity id, the byte hashed after a normalised value (`Entity.fingerprint_tag`): the kernel's `_emit`,
the reference and the name keys of `piiscan.ner` append it, so a value's fingerprint does not depend on where
its entity sits in the registry."""

# ---------------------------------------------------------------------------------------- finding flags
F_CHECKSUM = 1
"""The value carries a check digit that validated (NIR key, IBAN, MRZ)."""
F_MRZ = 2
"""The value comes from a valid MRZ."""
F_HEADER = 4
"""The value was found under a field whose header names the entity."""
F_CONTEXT = 8
"""The value needed (and had) a context word or header."""
F_CHECK_FAILED = 16
"""Not a finding: a value with an entity's shape and context whose check digit fails (NIR key, IBAN mod 97).
The scanner takes these rows out before anything else sees them (`Scanner._run_detection`); only their
fingerprints are kept, for a fingerprint file's validity rate of fresh values (`piiscan.output.fingerprints`)."""

# ------------------------------------------------------------------------------------ statistics slots
STAT_SLOTS: MappingProxyType[str, int] = MappingProxyType(
    {name: i for i, name in enumerate(c for e in REGISTRY if e.authenticity for c in e.authenticity.counters)}
)
"""Counter name → slot of the statistics array the kernel returns with its findings (entities' own
`Authenticity.counters`, in registry order)."""
N_STATS = len(STAT_SLOTS)
_StatSlots = namedtuple("_StatSlots", STAT_SLOTS)  # type: ignore[misc]
STATS = _StatSlots(**STAT_SLOTS)
"""The same slots by name, `STATS.NIR_VALID`: one import for every module that counts or reads them (a
numba kernel sees a global named tuple as a constant, so `stats[STATS.NIR_VALID]` compiles to a fixed
offset)."""

# ------------------------------------------------------------------------------------ derived tables
PERSON_KEY_PRIORITY: tuple[int, ...] = tuple(e.person_key for e in REGISTRY)
"""Per entity id, its rank as the key counting distinct people (lower wins)."""
STRONG_IDENTIFIERS: tuple[str, ...] = tuple(e.name for e in REGISTRY if e.strong_identifier)
"""Entities that alone link a record to a person across dumps (DESIGN.md §7)."""
PERSON_IDENTIFIER_CATEGORIES: tuple[str, ...] = ("identity_document", "national_identifier")
"""Categories whose values designate one person on their own: an identity document or a national number."""
PERSON_IDENTIFIERS: frozenset[str] = frozenset(e.name for e in REGISTRY if e.category in PERSON_IDENTIFIER_CATEGORIES)
"""Entities of those categories: ENISA's maximum ease of identification (`piiscan.output.severity`), and, among the
strong identifiers, those only a person holds (an organisation has e-mail addresses, phones and IBANs too)."""
CHECK_FAILURE_ENTITIES: tuple[str, ...] = tuple(e.name for e in REGISTRY if e.check_failures)
"""Entities whose check-digit failures the kernel records (`Entity.check_failures`, `F_CHECK_FAILED`)."""
PROFILE_TRIALS: tuple[int, ...] = (
    0,
    *(
        sum(1 << i for i, e in enumerate(REGISTRY) if e.profile_trial == trial)
        for trial in sorted({e.profile_trial for e in REGISTRY} - {0})
    ),
)
"""The column profiler's hint masks (`Entity.profile_trial`): first no hint (what validates on its own),
then one mask per trial group, in group order."""
SHAPE_DECIDES: tuple[int, ...] = tuple(i for i, e in enumerate(REGISTRY) if e.shape_decides_column)
"""Ids of the entities whose shape alone decides a sampled column (`Entity.shape_decides_column`)."""
DIGIT_RUNS: tuple[Entity, ...] = tuple(e for e in REGISTRY if e.digit_run is not None)
"""Header-or-context digit identifiers (`Entity.digit_run`), in registry order (their precedence)."""
DIGIT_RUN_ROWS: tuple[tuple[int, int, int, int, int, int], ...] = tuple(
    (
        ENTITY_ID[e.name],
        e.digit_run.length,
        sum(1 << int(d) for d in set(e.digit_run.first)),
        e.digit_run.check.body if e.digit_run.check else 0,
        e.digit_run.check.key if e.digit_run.check else 0,
        e.digit_run.check.modulus if e.digit_run.check else 1,
    )
    for e in DIGIT_RUNS
    if e.digit_run is not None
)
"""`DIGIT_RUNS` as the kernel's table: entity id, length, bit mask of allowed first digits, check body,
check key length (0: no check), modulus."""
VALIDATOR_NAMES: frozenset[str] = frozenset(e.validator_name for e in REGISTRY if e.validator is not None)
"""Modules of `piiscan.validators` an entity YAML's `validator:` key may name."""


def descriptor(name: str) -> Entity:
    """The descriptor of entity `name` (KeyError for a name outside DESIGN.md §1)."""
    return DESCRIPTORS[name]


def _check() -> None:
    if len(set(ENTITY_ORDER)) != N_ENTITIES:
        raise ValueError("an entity is registered twice")
    if len(set(FINGERPRINT_BYTES)) != N_ENTITIES:
        raise ValueError("two entities share a fingerprint tag")
    if N_ENTITIES >= HINT_SEX:
        raise ValueError("entity hint bits would reach the sex and record-date bits")
    unknown = set(CATEGORIES.values()) - set(CATEGORY_ORDER)
    if unknown:
        raise ValueError(f"categories outside DESIGN.md §2: {sorted(unknown)}")


_check()
