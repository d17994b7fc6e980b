"""Recognizer packs: detection rules as data, loaded and checked once, compiled into lookup tables.

Why data: what makes a value personal data in a French dump (which header names a passport column, which
words announce a birth date, which adjectives are nationalities) is tuned by people reading dumps, not by
people writing numba kernels.  A pack (`recognizers/fr/`) holds one YAML file per entity of DESIGN.md §1,
`pack.yaml` and dictionaries in `data/`; this module validates it (a mistake is a one-line `PackError`
naming the file and the key), folds what the kernels compare folded, and answers the questions the scan
asks once per distinct field name: which entities does this header announce (`Pack.field_hints`), is
it the record's own date (`Pack.is_record_date_field`).

>>> pack = load_pack()
>>> pack.language, [spec.entity for spec in pack.entities] == list(ENTITY_ORDER)
('fr', True)
>>> pack.entity("FR_NIR").category
'national_identifier'
>>> pack.dictionaries.nationalities["ivoiriennes"], pack.dictionaries.countries["cote d'ivoire"]
('CIV', 'CIV')
>>> pack.dictionaries.months["fevr"], "XXA" in pack.dictionaries.alpha3
(2, True)
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from piiscan.entities.contract import CATEGORIES, DESCRIPTORS, ENTITY_ORDER, VALIDATOR_NAMES
from piiscan.errors import EXIT_USAGE, PiiscanError
from piiscan.text import fold, header_tokens, normalise_header

__all__ = [
    "CATEGORIES",
    "ENTITY_ORDER",
    "VALIDATORS",
    "Dictionaries",
    "EntitySpec",
    "Example",
    "Pack",
    "PackError",
    "Scores",
    "default_pack_path",
    "load_pack",
]

VALIDATORS: frozenset[str] = VALIDATOR_NAMES
"""Modules of `piiscan.validators` an entity's `validator` may name (or null): those of the registry."""

_ENTITY_KEYS_REQUIRED = (
    "entity",
    "category",
    "name",
    "description",
    "references",
    "validator",
    "requires_context",
    "context_window",
    "context",
    "headers",
    "score",
    "examples",
    "negative_examples",
)
_ENTITY_KEYS_OPTIONAL = ("exclude_headers", "negative_context")
_PACK_KEYS_REQUIRED = ("language", "name", "description", "record_date_headers")
_PACK_KEYS_OPTIONAL = ("stop_headers", "sex_headers")
_PACK_FILE = "pack.yaml"


class PackError(PiiscanError):
    """A recognizer pack is invalid; the one-line message names the file and the key.

    A pack is configuration a user can point piiscan at, so a broken one is a usage error, not a bug.
    """

    exit_code = EXIT_USAGE


@dataclasses.dataclass(frozen=True, kw_only=True)
class Scores:
    """Confidence of a match from its shape alone, with a context word, and under a header."""

    base: float
    context: float
    header: float


@dataclasses.dataclass(frozen=True, kw_only=True)
class Example:
    """A free-text example (`text` + `matches`) or a table cell (`field` + `value` [+ `matches`]).

    For a positive cell without explicit `matches`, `matches` is the trimmed value; negative examples
    have no matches (the entity must not be reported anywhere in them).
    """

    text: str | None = None
    field: str | None = None
    value: str | None = None
    matches: tuple[str, ...] = ()

    @property
    def is_cell(self) -> bool:
        """True for a table cell (`field` + `value`), False for free text."""
        return self.field is not None

    @property
    def content(self) -> str:
        """The string the entity is searched in: the text, or the cell's value."""
        content = self.value if self.is_cell else self.text
        assert content is not None  # the loader guarantees one of the two forms
        return content


@dataclasses.dataclass(frozen=True, kw_only=True)
class EntitySpec:
    """One entity's rules, as written in its YAML file, with folded and normalised companions.

    `context` keeps the words as written (for people and the Presidio adapter); `context_folded` is what
    kernels compare: folded, deduplicated, plus punctuation variants (`n° étranger` → `n° etranger`,
    `no etranger`, `n etranger`; `d'identité` → `d identite`).  `headers` and `exclude_headers` are
    normalised with `piiscan.text.normalise_header`.
    """

    id: int
    entity: str
    category: str
    name: str
    description: str
    references: tuple[str, ...]
    validator: str | None
    requires_context: bool
    context_window: int
    context: tuple[str, ...]
    context_folded: tuple[str, ...]
    negative_context: tuple[str, ...]
    negative_context_folded: tuple[str, ...]
    headers: tuple[str, ...]
    exclude_headers: tuple[str, ...]
    score: Scores
    examples: tuple[Example, ...]
    negative_examples: tuple[Example, ...]
    path: Path

    @property
    def bit(self) -> int:
        """This entity's bit in a hint mask (`1 << id`)."""
        return 1 << self.id


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class Dictionaries:
    """The pack's word lists, keyed by folded form (read-only mappings: the loaded pack is shared).

    Keys of `nationalities` and `countries` include punctuation variants (`cote d'ivoire`,
    `cote d ivoire`, `cote divoire`; `sri-lankais`, `sri lankais`, `srilankais`) so a folded cell
    value can be looked up directly; `months` keys also exist without their trailing dot.
    """

    nationalities: Mapping[str, str]
    countries: Mapping[str, str]
    alpha3: frozenset[str]
    months: Mapping[str, int]
    first_names: frozenset[str]
    person_stopwords: frozenset[str]
    place_words: frozenset[str]
    """Facility, shop, place and object words (`gymnase`, `magasin`, `fauteuil`): a name after one names a thing."""


_Phrase = tuple[str, ...]


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class Pack:
    """A loaded recognizer pack.  Compared and hashed by identity: packs are loaded once and shared."""

    language: str
    name: str
    description: str
    path: Path
    entities: tuple[EntitySpec, ...]
    record_date_headers: tuple[str, ...]
    stop_headers: tuple[str, ...]
    dictionaries: Dictionaries
    sex_headers: tuple[str, ...] = ()
    _by_name: Mapping[str, EntitySpec] = dataclasses.field(init=False, repr=False)
    _header_table: tuple[tuple[int, tuple[_Phrase, ...], tuple[_Phrase, ...]], ...] = dataclasses.field(
        init=False, repr=False
    )
    _record_phrases: tuple[_Phrase, ...] = dataclasses.field(init=False, repr=False)
    _sex_phrases: tuple[_Phrase, ...] = dataclasses.field(init=False, repr=False)
    _stop_phrases: tuple[_Phrase, ...] = dataclasses.field(init=False, repr=False)
    _credential_ids: frozenset[int] = dataclasses.field(init=False, repr=False)
    _hints_cached: Callable[[str], int] = dataclasses.field(init=False, repr=False)
    _record_cached: Callable[[str], bool] = dataclasses.field(init=False, repr=False)
    _sex_cached: Callable[[str], bool] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        def phrases(items: Iterable[str]) -> tuple[_Phrase, ...]:
            return tuple(p for p in (tuple(h.split()) for h in items) if p)

        table = tuple((spec.id, phrases(spec.headers), phrases(spec.exclude_headers)) for spec in self.entities)
        setattr_ = object.__setattr__
        setattr_(self, "_by_name", MappingProxyType({spec.entity: spec for spec in self.entities}))
        setattr_(self, "_header_table", table)
        setattr_(self, "_record_phrases", phrases(normalise_header(h) for h in self.record_date_headers))
        setattr_(self, "_stop_phrases", phrases(normalise_header(h) for h in self.stop_headers))
        # the stop words (`password`, `hash`, `mdp`) are what credential headers are made of: a stop phrase
        # vetoes every entity but those of the `credentials` category (`email_hash`: nothing; `password`:
        # PASSWORD), whose own `exclude_headers` keep them out of `password_reset_token`
        setattr_(
            self, "_credential_ids", frozenset(spec.id for spec in self.entities if spec.category == "credentials")
        )
        # One cache per pack (not a method-level lru_cache, which would keep every pack alive).
        setattr_(self, "_hints_cached", functools.lru_cache(maxsize=65536)(self._compute_hints))
        setattr_(self, "_sex_phrases", phrases(normalise_header(h) for h in self.sex_headers))
        record = functools.partial(self._compute_class, "_record_phrases")
        sex = functools.partial(self._compute_class, "_sex_phrases")
        setattr_(self, "_record_cached", functools.lru_cache(maxsize=65536)(record))
        setattr_(self, "_sex_cached", functools.lru_cache(maxsize=65536)(sex))

    def __reduce__(self) -> tuple[Callable[[str | None], Pack], tuple[str | None]]:
        """Pickle as "load the pack at this path" (worker processes, a future Dask scale-out).

        The caches and read-only mappings do not pickle, and a worker reading the same YAML is cheaper
        and safer than shipping tables; the default pack stays the cached default on the other side.
        """
        return (_unpickle_pack, (None if self.path == default_pack_path() else str(self.path),))

    def entity(self, name: str) -> EntitySpec:
        """The spec of entity `name` (a DESIGN.md §1 name); KeyError if the pack does not define it."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"entity {name!r} is not in pack {self.name!r}") from None

    def field_hints(self, field_name: str) -> int:
        """Bitmask (bit = entity id) of the entities whose `headers` match a field name.

        Why: a cell under `N° passeport` is classified as a passport number first, and values that
        need context (passport, CNI, numéro étranger, dates of birth...) get it from the header.

        Rule: the name is split on `.` (a JSON key path); components are tried from the last to the
        first and the first one that matches any entity decides; if none does, the whole name is tried
        (`D.O.B.`).  A component is turned into folded tokens (`piiscan.text.header_tokens`: camelCase,
        `_`, `°`, punctuation split).  A header phrase matches if its tokens appear as a contiguous run
        of the component's tokens, or if the component's tokens joined without spaces equal the phrase
        joined (`DATENAISSANCE`, `birthdate`, `D.O.B.`).  An entity is vetoed for that component if any
        of its `exclude_headers` matches the same way.  A component matching a `stop_headers` phrase of
        pack.yaml hints no entity but a `credentials` one and ends the search (`email_hash`,
        `passport.photo_url` hint nothing; `password`, `password_hash` their credential entity).  Cached per
        pack: it runs once per distinct field.

        >>> pack = load_pack()
        >>> pack.hinted_entities("Date de naissance"), pack.hinted_entities("DATENAISSANCE")
        (('DATE_OF_BIRTH',), ('DATE_OF_BIRTH',))
        >>> pack.hinted_entities("dateOfBirth"), pack.hinted_entities("D.O.B.")
        (('DATE_OF_BIRTH',), ('DATE_OF_BIRTH',))
        >>> pack.hinted_entities("Lieu de naissance")
        ()
        >>> pack.hinted_entities("identite.dob.$date")
        ('DATE_OF_BIRTH',)
        >>> pack.hinted_entities("travel_document.number")
        ('FR_PASSPORT', 'FR_ID_CARD', 'FOREIGN_PASSPORT', 'FOREIGN_ID_CARD')
        >>> pack.hinted_entities("issuing_country"), pack.hinted_entities("visa.destination")
        ((), ())
        >>> pack.hinted_entities("N° étranger"), pack.hinted_entities("nationalityCode")
        (('FR_RESIDENCE_PERMIT',), ('NATIONALITY',))
        >>> pack.hinted_entities("Nom de naissance")
        ('PERSON',)
        >>> pack.field_hints("tel_mobile") == pack.entity("PHONE_NUMBER").bit
        True
        >>> pack.field_hints("email_hash")
        0
        >>> pack.hinted_entities("mot_de_passe"), pack.hinted_entities("password_hash")
        (('PASSWORD', 'PASSWORD_HASH'), ('PASSWORD_HASH',))
        """
        return self._hints_cached(field_name)

    def hinted_entities(self, field_name: str) -> tuple[str, ...]:
        """The entity names of `field_hints(field_name)`, in ENTITY_ORDER (for people and tests)."""
        mask = self.field_hints(field_name)
        return tuple(spec.entity for spec in self.entities if mask & spec.bit)

    def is_record_date_field(self, field_name: str) -> bool:
        """True if the field holds the record's own date (filing, creation, update time).

        A birth date's age is checked against it.  Same matching as `field_hints`, with the
        `record_date_headers` of pack.yaml; a component that hints an entity (a date of birth...) is
        not a record date, and the search stops there.

        >>> pack = load_pack()
        >>> pack.is_record_date_field("Date de dépôt"), pack.is_record_date_field("meta.created_at")
        (True, True)
        >>> pack.is_record_date_field("ts"), pack.is_record_date_field("date_naissance")
        (True, False)
        """
        return self._record_cached(field_name)

    def _components(self, field_name: str) -> list[tuple[_Phrase, str]]:
        """(tokens, tokens joined) of each non-empty dotted component, last first, then the whole name.

        The whole name comes last so that dots that are abbreviations, not a path (`D.O.B.`, `Tél.`,
        `N°.dossier`), still match when no single component does.
        """
        out = []
        parts = field_name.split(".")
        for part in reversed(parts):
            tokens = tuple(header_tokens(part))
            if tokens:
                out.append((tokens, "".join(tokens)))
        if len(out) > 1:
            tokens = tuple(header_tokens(field_name))
            out.append((tokens, "".join(tokens)))
        return out

    def _compute_hints(self, field_name: str) -> int:
        for tokens, joined in self._components(field_name):
            stop = _any_phrase(self._stop_phrases, tokens, joined)
            mask = 0
            for entity_id, include, exclude in self._header_table:
                if stop and entity_id not in self._credential_ids:
                    continue
                if _any_phrase(include, tokens, joined) and not _any_phrase(exclude, tokens, joined):
                    mask |= 1 << entity_id
            if mask or stop:
                return mask
        return 0

    def is_sex_field(self, field_name: str) -> bool:
        """True if the field holds the person's sex or title (`sexe`, `civilité`): for the NIR↔sex check.

        >>> pack = load_pack()
        >>> pack.is_sex_field("Sexe"), pack.is_sex_field("civilite"), pack.is_sex_field("Nom")
        (True, True, False)
        """
        return self._sex_cached(field_name)

    def _compute_class(self, attr: str, field_name: str) -> bool:
        """Does a field name match the header phrases in `attr` (record dates, sex), entity headers first?"""
        for tokens, joined in self._components(field_name):
            if _any_phrase(self._stop_phrases, tokens, joined):
                return False
            if any(
                _any_phrase(include, tokens, joined) and not _any_phrase(exclude, tokens, joined)
                for _, include, exclude in self._header_table
            ):
                return False
            if _any_phrase(getattr(self, attr), tokens, joined):
                return True
        return False


def _phrase_matches(phrase: _Phrase, tokens: _Phrase, joined: str) -> bool:
    """The header-matching rule for one phrase (see `Pack.field_hints`)."""
    if "".join(phrase) == joined:
        return True
    n = len(phrase)
    first = phrase[0]
    return any(tokens[i] == first and tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


def _any_phrase(phrases: Iterable[_Phrase], tokens: _Phrase, joined: str) -> bool:
    return any(_phrase_matches(p, tokens, joined) for p in phrases)


# --------------------------------------------------------------------------------------------- loading


def default_pack_path() -> Path:
    """The French pack shipped with piiscan.

    In an installed wheel it is `piiscan/_packs/fr` (pyproject force-includes the repository's
    `recognizers/` as `piiscan/_packs/`); in a source checkout, `<repo>/recognizers/fr`.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_packs" / "fr", here.parent / "recognizers" / "fr"):
        if (candidate / _PACK_FILE).is_file():
            return candidate
    raise PackError(f"{_PACK_FILE}: the default pack is missing (looked in piiscan/_packs/fr, recognizers/fr)")


def load_pack(path: str | os.PathLike[str] | None = None) -> Pack:
    """Load and validate the pack in directory `path` (default: the shipped French pack, cached).

    Raises PackError (one line: file, key, problem) on any invalid or missing definition.
    """
    if path is None:
        return _load_default()
    return _load(Path(path))


def _unpickle_pack(path: str | None) -> Pack:
    return load_pack(path)


@functools.lru_cache(maxsize=1)
def _load_default() -> Pack:
    return _load(default_pack_path())


def _load(directory: Path) -> Pack:
    if not (directory / _PACK_FILE).is_file():
        raise PackError(f"{directory}: not a recognizer pack (no {_PACK_FILE})")
    meta = _Doc.read(directory / _PACK_FILE)
    meta.check_keys(_PACK_KEYS_REQUIRED, _PACK_KEYS_OPTIONAL)
    dictionaries = _load_dictionaries(directory / "data")
    entities = []
    yaml_files = {p.name for p in directory.glob("*.yaml")} - {_PACK_FILE}
    for entity_id, entity in enumerate(ENTITY_ORDER):
        file_name = f"{entity.lower()}.yaml"
        if file_name not in yaml_files:
            raise PackError(f"{directory.name}/{file_name}: missing (the pack must define {entity})")
        yaml_files.discard(file_name)
        entities.append(_load_entity(directory / file_name, entity_id, entity))
    if yaml_files:
        raise PackError(f"{sorted(yaml_files)[0]}: not an entity of ENTITY_ORDER (file names are entity.lower())")
    return Pack(
        language=meta.string("language"),
        name=meta.string("name"),
        description=meta.string("description"),
        path=directory,
        entities=tuple(entities),
        record_date_headers=meta.headers("record_date_headers"),
        stop_headers=meta.headers("stop_headers", required=False),
        dictionaries=dictionaries,
        sex_headers=meta.headers("sex_headers", required=False),
    )


class _Doc:
    """One YAML mapping being validated; every error names the file and the key."""

    def __init__(self, where: str, data: Mapping[str, Any]) -> None:
        self.where = where
        self.data = data

    @classmethod
    def read(cls, path: Path) -> _Doc:
        where = f"{path.parent.name}/{path.name}"
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" line {mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or type(exc).__name__
            raise PackError(f"{where}:{at}: invalid YAML: {problem}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PackError(f"{where}: cannot read: {type(exc).__name__}") from None
        if not isinstance(data, dict):
            raise PackError(f"{where}: expected a mapping at the top level")
        return cls(where, data)

    def fail(self, key: str, problem: str) -> PackError:
        return PackError(f"{self.where}: {key}: {problem}")

    def check_keys(self, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        required = tuple(required)
        for key in required:
            if key not in self.data:
                raise self.fail(key, "missing")
        unknown = set(self.data) - set(required) - set(optional)
        if unknown:
            raise self.fail(str(sorted(unknown, key=str)[0]), "unknown key")

    def string(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "expected a non-empty string")
        return value.strip()

    def optional_string(self, key: str) -> str | None:
        """A string, or None when the key is absent or null (`validator: null`)."""
        if self.data.get(key) is None:
            return None
        return self.string(key)

    def strings(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list):
            raise self.fail(key, "expected a list of strings")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{key}[{i}]", "expected a non-empty string (quote yes/no/on/off and numbers)")
        return tuple(item.strip() for item in value)

    def headers(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        out: list[str] = []
        for i, phrase in enumerate(self.strings(key, required=required)):
            normalised = normalise_header(phrase)
            if not normalised:
                raise self.fail(f"{key}[{i}]", "normalises to nothing (no letter or digit)")
            if normalised not in out:
                out.append(normalised)
        return tuple(out)

    def boolean(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false")
        return value

    def integer(self, key: str, low: int, high: int) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.fail(key, f"expected an integer in [{low}, {high}]")
        return value

    def number(self, key: str) -> float:
        value = self.data.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.0 <= value <= 1.0:
            raise self.fail(key, "expected a number in [0, 1]")
        return float(value)

    def child(self, key: str, value: Any) -> _Doc:
        if not isinstance(value, dict):
            raise self.fail(key, "expected a mapping")
        return _Doc(f"{self.where}: {key}", value)


# PyYAML's C loader when available: the pack loads at every start.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_entity(path: Path, entity_id: int, entity: str) -> EntitySpec:
    doc = _Doc.read(path)
    doc.check_keys(_ENTITY_KEYS_REQUIRED, _ENTITY_KEYS_OPTIONAL)
    if doc.data["entity"] != entity:
        raise doc.fail("entity", f"expected {entity} (the file name is the entity in lower case)")
    category = doc.string("category")
    if category != CATEGORIES[entity]:
        raise doc.fail("category", f"{entity} belongs to {CATEGORIES[entity]} (DESIGN.md §2)")
    validator = doc.optional_string("validator")
    if validator != DESCRIPTORS[entity].validator_name:
        raise doc.fail("validator", f"{entity}'s validator is {DESCRIPTORS[entity].validator_name} (its entity module)")
    references = doc.strings("references")
    for i, ref in enumerate(references):
        if not ref.startswith(("https://", "http://")):
            raise doc.fail(f"references[{i}]", "expected a URL")
    context = doc.strings("context")
    for i, phrase in enumerate(context):
        # the detection kernel relies on it: a cell of bare digits holds no context (detect._bare_digits)
        if not any(ch.isalpha() for ch in phrase):
            raise doc.fail(f"context[{i}]", "a context phrase needs a letter")
    negative_context = doc.strings("negative_context", required=False)
    score_doc = doc.child("score", doc.data["score"])
    score_doc.check_keys(("base", "context", "header"))
    return EntitySpec(
        id=entity_id,
        entity=entity,
        category=category,
        name=doc.string("name"),
        description=doc.string("description"),
        references=references,
        validator=validator,
        requires_context=doc.boolean("requires_context"),
        context_window=doc.integer("context_window", 0, 1024),
        context=context,
        context_folded=_fold_all(context),
        negative_context=negative_context,
        negative_context_folded=_fold_all(negative_context),
        headers=doc.headers("headers"),
        exclude_headers=doc.headers("exclude_headers", required=False),
        score=Scores(
            base=score_doc.number("base"),
            context=score_doc.number("context"),
            header=score_doc.number("header"),
        ),
        examples=_load_examples(doc, "examples", positive=True),
        negative_examples=_load_examples(doc, "negative_examples", positive=False),
        path=path,
    )


def _load_examples(doc: _Doc, key: str, *, positive: bool) -> tuple[Example, ...]:
    items = doc.data[key]
    if not isinstance(items, list):
        raise doc.fail(key, "expected a list")
    out = []
    for i, item in enumerate(items):
        ex = doc.child(f"{key}[{i}]", item)
        allowed = ("matches",) if positive else ()
        if "text" in ex.data:
            ex.check_keys(("text", *allowed))
            text = ex.data["text"]
            if not isinstance(text, str) or not text:
                raise ex.fail("text", "expected a non-empty string")
            matches = ex.strings("matches") if positive else ()
            if positive and not matches:
                raise ex.fail("matches", "a positive text example needs at least one expected match")
            out.append(Example(text=text, matches=tuple(matches)))
        elif "field" in ex.data:
            ex.check_keys(("field", "value"), allowed)
            field_name = ex.string("field")
            value = ex.data["value"]
            if not isinstance(value, str) or not value.strip():
                raise ex.fail("value", "expected a non-empty string")
            matches = ()
            if positive:
                matches = ex.strings("matches") if "matches" in ex.data else (value.strip(),)
                if not matches:
                    raise ex.fail("matches", "a positive cell example needs at least one expected match")
            out.append(Example(field=field_name, value=value, matches=tuple(matches)))
        else:
            raise ex.fail("text", "an example has either `text` or `field` + `value`")
    return tuple(out)


# Each punctuation mark of a folded phrase is kept or replaced by each alternative, in all combinations.
_PUNCT_ALTERNATIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("'", (" ",)),
    ("-", (" ",)),
    ("°", ("o", " ")),
)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _variants(text: str, *, squash: bool = False) -> list[str]:
    """Folded `text` and its punctuation variants, deduplicated, the folded form first.

    Apostrophes and hyphens may become spaces, `°` may become `o` or a space (`n° étranger` is also
    written `no etranger`, `n etranger`); with `squash`, also the form without apostrophes, hyphens and
    dots (`srilankais`, `cote divoire`), which only dictionary keys need.

    >>> _variants("N° d'étranger")
    ["n° d'etranger", 'n° d etranger', "no d'etranger", "n d'etranger", 'no d etranger', 'n d etranger']
    >>> _variants("Côte-d’Ivoire", squash=True)
    ["cote-d'ivoire", 'cote-d ivoire', "cote d'ivoire", 'cote d ivoire', 'cotedivoire']
    """
    out = [_collapse(fold(text).replace("’", "'"))]
    for mark, alternatives in _PUNCT_ALTERNATIVES:
        if mark in out[0]:
            out += [_collapse(v.replace(mark, alt)) for v in out for alt in alternatives]
    if squash:
        out.append(_collapse(re.sub(r"['\-.°]", "", out[0])))
    return list(dict.fromkeys(v for v in out if v))


def _fold_all(words: Iterable[str]) -> tuple[str, ...]:
    """Folded context words with their punctuation variants, deduplicated, in order."""
    out: list[str] = []
    for word in words:
        for v in _variants(word):
            if v not in out:
                out.append(v)
    return tuple(out)


# ------------------------------------------------------------------------------------------ dictionaries


def _data_lines(path: Path) -> Iterable[tuple[int, str]]:
    """(line number, line) of the data lines of a dictionary file: no blank line, no `#` comment."""
    where = f"{path.parent.parent.name}/data/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(f"{where}: missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{where}: cannot read: {type(exc).__name__}") from None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r\n")
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def _tsv(path: Path, columns: int) -> Iterable[tuple[str, list[str]]]:
    where = f"{path.parent.parent.name}/data/{path.name}"
    for number, line in _data_lines(path):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != columns or not all(cells):
            raise PackError(f"{where}: line {number}: expected {columns} tab-separated columns")
        yield f"{where}: line {number}", cells


def _code_table(path: Path, alpha3: frozenset[str]) -> Mapping[str, str]:
    """A `form<TAB>iso3` table keyed by every folded variant of the form."""
    table: dict[str, str] = {}
    for where, (form, code) in _tsv(path, 2):
        if code not in alpha3:
            raise PackError(f"{where}: {code} is not in alpha3.txt")
        for key in _variants(form, squash=True):
            if table.setdefault(key, code) != code:
                raise PackError(f"{where}: {key!r} maps to both {table[key]} and {code}")
    return MappingProxyType(table)


def _load_dictionaries(data: Path) -> Dictionaries:
    alpha3 = set()
    for where, cells in _tsv_loose(data / "alpha3.txt"):
        code = cells[0]
        if not re.fullmatch(r"[A-Z<]{3}", code):
            raise PackError(f"{where}: {code!r} is not a 3-character code")
        alpha3.add(code)
    codes = frozenset(alpha3)
    months: dict[str, int] = {}
    for where, (form, month) in _tsv(data / "months_fr.tsv", 2):
        if not month.isdigit() or not 1 <= int(month) <= 12:
            raise PackError(f"{where}: month must be 1-12")
        for key in {_collapse(fold(form)), _collapse(fold(form)).rstrip(".")}:
            if months.setdefault(key, int(month)) != int(month):
                raise PackError(f"{where}: {key!r} is two months")
    return Dictionaries(
        nationalities=_code_table(data / "nationalities.tsv", codes),
        countries=_code_table(data / "countries.tsv", codes),
        alpha3=codes,
        months=MappingProxyType(months),
        first_names=frozenset(_collapse(fold(line)) for _, line in _data_lines(data / "first_names.txt")),
        person_stopwords=frozenset(_collapse(fold(line)) for _, line in _data_lines(data / "person_stopwords.txt")),
        place_words=frozenset(_collapse(fold(line)) for _, line in _data_lines(data / "place_words.txt")),
    )


def _tsv_loose(path: Path) -> Iterable[tuple[str, list[str]]]:
    """Lines of a file whose first tab-separated column is the key (the rest is a human comment)."""
    where = f"{path.parent.parent.name}/data/{path.name}"
    for number, line in _data_lines(path):
        yield f"{where}: line {number}", [c.strip() for c in line.split("\t")]
