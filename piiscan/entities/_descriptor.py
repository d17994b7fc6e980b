"""What piiscan knows about one entity besides its rules: the descriptor an entity module declares.

Why a descriptor: the facts below used to be spread over a dozen modules as dictionaries keyed by entity
name (categories in the pack loader, previews in the redactor, person-key priorities in the aggregator,
statistics slots in the kernel and the report).  An entity module now states them once, and
`piiscan.entities.contract` derives every id, bit and slot from the ordered registry.
"""

from __future__ import annotations

import dataclasses
from types import ModuleType
from typing import Literal, NamedTuple

__all__ = [
    "NO_PERSON_KEY",
    "PHASES",
    "PREVIEW_KINDS",
    "Authenticity",
    "DigitRun",
    "Entity",
    "Label",
    "Lang",
    "ModCheck",
    "Phase",
    "Preview",
    "PreviewKind",
]

Phase = Literal["mrz", "cell", "number", "text", "word", "record"]
PHASES: tuple[Phase, ...] = ("mrz", "cell", "number", "text", "word", "record")
"""Detection phases of the kernel (and of the reference), in the order a cell meets them:

- `mrz`: fields read from a valid machine-readable zone (`detect._mrz_emit`, `_mrz_names`);
- `cell`: whole-cell classification of a cell whose header names the entity (`detect._classify_cell`);
- `number`: runs starting with a digit or `+` in free text (`detect._scan_number`, `_scan_bare_number`);
- `text`: the free-text scan's e-mail and upper-case token matchers (`detect._scan_text`);
- `word`: dictionary words and capitalised names (`detect._scan_word`);
- `record`: facts kept per record after the scan (record date, NIR/birth-date consistency: `_record_facts`).
"""

Lang = Literal["fr", "en"]


class Label(NamedTuple):
    """A name in both languages: `fr`/`en` for a title or a table cell, `fr_plural`/`en_plural` after a count.

    Each entity's descriptor holds its own (`Entity.label`), so the HTML page, the notification paragraph
    and the terminal (`piiscan.output.labels`) name a new entity without an edit of theirs.
    """

    fr: str
    en: str
    fr_plural: str
    en_plural: str

    def get(self, lang: Lang, *, plural: bool = False) -> str:
        if lang == "fr":
            return self.fr_plural if plural else self.fr
        return self.en_plural if plural else self.en


PreviewKind = Literal["keep_first", "email", "year", "mrz", "phone", "secret", "hash"]
PREVIEW_KINDS: tuple[PreviewKind, ...] = ("keep_first", "email", "year", "mrz", "phone", "secret", "hash")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Preview:
    """How a finding's value is redacted into its preview (`piiscan.output.redact.redact`).

    `keep_first`: the first `keep` letters or digits are kept, the others masked, separators kept
    (`12*******`); `email`: first letter of the mailbox and of the domain, and the TLD (`j***@e****.fr`);
    `year`: everything but a four-digit year masked (`**/**/1985`); `mrz`: the document code and issuing
    state of a first line kept; `phone`: the country or trunk prefix and the first digit kept; `secret`:
    nothing at all, not even the length (`********`: a password in clear); `hash`: the scheme prefix of a
    stored hash (`$2b$`, `pbkdf2_sha256$`) and a fixed mask (which function, never a character of it).
    """

    kind: PreviewKind = "keep_first"
    keep: int = 0

    def __post_init__(self) -> None:
        if self.kind not in PREVIEW_KINDS:
            raise ValueError(f"unknown preview kind {self.kind!r}")
        if self.keep < 0 or (self.keep and self.kind != "keep_first"):
            raise ValueError("`keep` is a count of kept characters, for the keep_first kind only")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Authenticity:
    """The entity's authenticity statistic (DESIGN.md §5): counters the kernel raises while scanning.

    `counters` name the entity's slots of the statistics array (`contract.STAT_SLOTS`), the first two being
    "candidates of the right shape" and "of those, valid"; `random_share` is the share of valid values
    expected from random characters (a real dump validates far more often, a fabricated one about that).
    """

    counters: tuple[str, ...]
    random_share: float


@dataclasses.dataclass(frozen=True, kw_only=True)
class ModCheck:
    """A check written in the digits: `int(digits[:body]) % modulus == int(digits[body:body + key])` (a
    body of digits, then its remainder by the modulus written in `key` digits)."""

    body: int
    key: int
    modulus: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class DigitRun:
    """The shape of an identifier that is a run of digits reported only under its header or after its
    context word (the foreign national number, for one): `length` digits, the first one of `first`, and an
    optional `check`.  The kernel matches every such entity from this data (`detect._digit_run_ok`), in
    registry order, in the `cell` and `number` phases; the reference asks the entity's validator."""

    length: int
    first: str = "0123456789"
    check: ModCheck | None = None

    def __post_init__(self) -> None:
        if not (0 < self.length <= 32 and self.first and set(self.first) <= set("0123456789")):
            raise ValueError("a digit run has 1 to 32 digits and a non-empty set of first digits")
        if self.check is not None and self.check.body + self.check.key > self.length:
            raise ValueError("the check reads past the run")


NO_PERSON_KEY = 99
"""Person-key priority of an entity that never identifies a person on its own."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Entity:
    """One entity of DESIGN.md §1.

    `name` and `category` are the contract's (§1, §2); `validator` is its stdnum-style module of
    `piiscan.validators` (`compact`, `validate`, `is_valid`), or None when a dictionary and context decide;
    `phases` are the detection phases it joins (`PHASES`); `person_key` ranks it as the key that counts
    distinct people (lower wins; `NO_PERSON_KEY` never); `strong_identifier` says it alone links a record
    to a person across dumps (DESIGN.md §7); `authenticity` is its checksum statistic, if it has one;
    `digit_run` makes it a header-or-context digit identifier matched from data (`DigitRun`).

    `fingerprint_tag` is the entity's own number in its values' fingerprints (the byte `48 + tag` after
    the normalised value, so equal text of two entities differs): written here, never the registry
    position, so that reordering or removing an entity leaves every other entity's fingerprints, and the
    fingerprint files `compare` reads, unchanged.  A new entity takes the next unused tag; a tag is never
    reused.

    For people (`piiscan.output.labels`): `label` is its plain name in French and English, singular ("a column
    holds a passport number") and plural ("1 234 numéros de passeport français"); `short` is the column
    head of the HTML page's per-source grid, where the full name does not fit.

    For the other consumers: `check_failures` says the kernel emits `F_CHECK_FAILED` rows for values of
    its shape and context whose check digit fails (so that `compare` gives the validity rate of fresh
    values: `piiscan.output.fingerprints.CHECKSUM_ENTITIES`); `profile_trial` is the hinted trial (1, 2, 3...)
    in which the column profiler tries the entity's whole-cell shapes on a sample (0: none; entities whose
    shapes cannot claim the same cell share a trial, one kernel call each: `piiscan.profiles.TRIALS`);
    `shape_decides_column` says a sampled column whose values nearly all have its shape holds it, header or
    not: its own check or syntax is strong enough (`piiscan.profiles.SHAPE_DECIDES`).
    """

    name: str
    category: str
    validator: ModuleType | None
    phases: tuple[Phase, ...]
    fingerprint_tag: int
    label: Label
    short: str
    preview: Preview = Preview()
    person_key: int = NO_PERSON_KEY
    strong_identifier: bool = False
    authenticity: Authenticity | None = None
    digit_run: DigitRun | None = None
    check_failures: bool = False
    profile_trial: int = 0
    shape_decides_column: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.phases) - set(PHASES)
        if unknown:
            raise ValueError(f"{self.name}: unknown phases {sorted(unknown)}")
        if not 0 <= self.fingerprint_tag <= 255 - 48:
            raise ValueError(f"{self.name}: a fingerprint tag is 0-207 (the byte 48 + tag)")
        if self.profile_trial < 0:
            raise ValueError(f"{self.name}: a profile trial is 0 (none) or a positive group number")

    @property
    def validator_name(self) -> str | None:
        """The validator's module name as the YAML's `validator:` key gives it (`nir`, `iban`...)."""
        return None if self.validator is None else self.validator.__name__.rsplit(".", 1)[-1]
