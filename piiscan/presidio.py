"""The French recognizer pack inside Microsoft Presidio (issue: "Library API and Presidio integration").

Why: teams that already run Presidio on documents, e-mails or tickets get piiscan's French rules there
(the same YAML shapes, validators, context words, headers and dictionaries) without adopting the dump
scanner.  Presidio runs Python per match, so it is for small texts; dumps go through the numba scanner
(DESIGN.md §6 measured Presidio with spaCy's French model at ≈ 15 hours for 1 GB).

>>> engine = analyzer_engine(reference_date=datetime.date(2026, 1, 1))
>>> text = "Mme Fatou DIALLO, née le 3 juin 1990, passeport n° 05XT28741, colis 12TC02356."
>>> [(r.entity_type, text[r.start : r.end]) for r in sorted(engine.analyze(text, language="fr"), key=_start)]
[('PERSON', 'Fatou DIALLO'), ('DATE_OF_BIRTH', '3 juin 1990'), ('FR_PASSPORT', '05XT28741')]
>>> anonymize(text, engine.analyze(text, language="fr"))
'Mme F**** ******, née le * **** 1990, passeport n° 05*******, colis 12TC02356.'

How the pack's rules map onto Presidio (one `PackRecognizer`, a `PatternRecognizer`, per entity):

* **shapes**: each YAML pattern is a presidio `Pattern` (name, regex, score), compiled case-sensitively
  (`(?i)` is written in the regex where a shape is case-insensitive; Presidio's default IGNORECASE would
  let `12ab34567` pass as a passport);
* **validators**: `validate_result` calls the entity's `piiscan.validators.<name>.is_valid`, so NIR keys,
  IBAN mod 97, MRZ 7-3-1 digits and calendar dates decide; `invalidate_result` adds what is not a checksum
  (a birth date must give an age of 0-120 at the reference date; a name is not a stopword);
* **required context**: Presidio's context enhancer only raises scores, but the pack *requires* a context
  word for passports, CNI, AGDREF numbers, dates of birth, nationalities and names.  `analyze` applies the
  scanner's rule itself: a context word (folded, `piiscan.text.fold`) entirely within `context_window`
  characters before the value, in the same sentence, with no number in between (`context_window: 0`: right
  before the value, only blanks and punctuation in between), not vetoed by a nearer `negative_context`
  word.  Without it the match is not reported at all.  Scores are the pack's (`base`, `context`,
  `header`), and results are marked as already context-enhanced so Presidio's lemma enhancer does not
  add to them;
* **headers**: the `context` list given to `AnalyzerEngine.analyze` (what `BatchAnalyzerEngine.analyze_dict`
  passes: the dict key) is read as the cell's field name with `Pack.field_hints`.  As in the scanner, a
  hinted cell is first classified as a whole (the trimmed value, `field_only` shapes and country names
  included, hinted entities in DESIGN.md order, first one wins, `header` score); if none matches, the
  value is free text.  This happens in `enhance_using_context`, the recognizer-level hook Presidio gives
  the external context to, so it works in any `AnalyzerEngine` the recognizers are registered in;
* **dictionaries**: a pattern with `dictionary:` (nationality adjectives, country names, ISO codes)
  reports a match only if its folded form is in that table of `Pack.dictionaries`; month names of dates
  come from the `months` table (English ones too, which `piiscan.validators.dates` does not read);
* **MRZ**: lines of the MRZ shapes, consecutive and of equal length, are validated together with
  `piiscan.validators.mrz`; every line of a valid MRZ is an `MRZ` result, and the fields inside are
  reported by their own recognizers (passport or CNI number, birth date, nationality, names) without
  needing context, as DESIGN.md §1 says;
* **names and lists**: as in the scanner, a `Prénom NOM` pair needs no civility when the given name is in
  the pack's `first_names`, and the next item of a list (`nationalités : turque et syriennes`) shares the
  first item's context word;
* **overlaps**: MRZ lines, then checksum-validated IBANs and NIRs own their characters (a phone shape
  inside an IBAN is not a phone), and a value found by its shape alone yields to another entity's value
  confirmed by a context word (`AGDREF 0123456789` is not also a phone number).

`analyzer_engine()` builds an `AnalyzerEngine` for French with only these recognizers and a blank spaCy
tokenizer (no model, nothing downloaded, nothing on the network); `register()` adds them to an existing
registry or engine; `to_recognizer_results()` turns `piiscan.scan_text` findings into Presidio results and
`anonymize()` writes piiscan's redacted previews (`piiscan.redact`) into a text through presidio-anonymizer.

Nothing here is imported by `import piiscan`: Presidio and spaCy load only when this module does.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import importlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

import regex
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine, SpacyNlpEngine

from piiscan import __version__
from piiscan.pack import EntitySpec, Pack, PatternSpec, load_pack
from piiscan.text import fold
from piiscan.validators import dates as _dates
from piiscan.validators import mrz as _mrz
from piiscan.validators.exceptions import ValidationError

if TYPE_CHECKING:
    from presidio_anonymizer.entities import OperatorConfig

__all__ = [
    "EVIDENCE_KEY",
    "LANGUAGE",
    "PREVIEW_OPERATOR",
    "BlankSpacyNlpEngine",
    "FindingLike",
    "PackRecognizer",
    "analyzer_engine",
    "anonymize",
    "recognizers",
    "register",
    "to_recognizer_results",
]

LANGUAGE = "fr"
"""The Presidio language code of the recognizers (the pack's `language`)."""

PREVIEW_OPERATOR = "piiscan_preview"
"""Name of the presidio-anonymizer operator that writes piiscan's redacted previews (see `anonymize`)."""

EVIDENCE_KEY = "piiscan_evidence"
"""`recognition_metadata` key saying why a result was reported.

`shape` (a value with a checksum or that needs no context), `context` (a context word before it), `list`
(next item of a list whose first item had one), `first_name` (`Prénom NOM` with a known given name),
`header` (the cell's field name), `mrz` (a line or field of a valid MRZ).
"""

_REGEX_TIMEOUT = float(os.environ.get("REGEX_TIMEOUT_SECONDS", 60))  # Presidio's knob, same default
_NO_CONTEXT_LOOKBACK = 40  # characters searched for an adjacent word when context_window is 0 (as the kernel)
_LIST_GAP = 6  # `turque et syriennes`: at most this many characters between two items of a list
_LIST_JOINERS = re.compile(r"(?:[ ,/]|et|ou|and|or)*")
_WORDS = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"[0-9]")
_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_MONTH_NAME_DATE = re.compile(r"(1er|[0-9]{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?\s+([0-9]{4})")
_NAME_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CLAIMING = ("IBAN_CODE", "FR_NIR")  # checksum-validated values own their characters (after MRZ lines)
_CONFIRMED = frozenset({"context", "list"})  # evidence beyond the shape alone
_MRZ_GAP = re.compile(r"[\s\"]*")  # between two MRZ lines: line breaks, blanks, CSV quotes (OCR output)


def _norm(text: str) -> str:
    """Folded `[a-z0-9]` words joined by one space: how the kernels compare context words.

    The same as `piiscan.tables.lexicon_key` (not imported: it would load numpy and the kernels).
    """
    return " ".join(_WORDS.findall(fold(text)))


def _dictionary_key(text: str) -> str:
    """A matched value as `Dictionaries` keys are stored: folded, `’` as `'`, blanks collapsed."""
    return " ".join(fold(text).replace("’", "'").split())


def _start(result: RecognizerResult) -> tuple[int, int]:
    """Sort key of results in text order (doctests and tests)."""
    return result.start, result.end


# ------------------------------------------------------------------------------------------ the rules


@dataclasses.dataclass(frozen=True, slots=True)
class _Cue:
    """The nearest phrase of a list of context phrases before a value: the phrase and its distance."""

    phrase: str
    distance: int


@dataclasses.dataclass(frozen=True, slots=True)
class _Match:
    """A candidate value: span, the pattern that found it, the score and why it is reported."""

    start: int
    end: int
    pattern: str
    regex: str
    score: float
    evidence: str
    context_word: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class _MrzZone:
    """A valid MRZ in a text: the spans of its lines and the entity spans of the fields inside."""

    lines: tuple[tuple[int, int], ...]
    fields: tuple[tuple[str, int, int], ...]


class _EntityRules:
    """One entity's rules from the pack, ready to apply to text (shared by a recognizer and the pack)."""

    def __init__(self, spec: EntitySpec, pack: _PackRules) -> None:
        self.spec = spec
        self.pack = pack
        self.entity = spec.entity
        self.patterns: tuple[tuple[PatternSpec, Pattern], ...] = tuple((p, _presidio_pattern(p)) for p in spec.patterns)
        self.context = tuple(dict.fromkeys(k for k in map(_norm, spec.context_folded) if k))
        self.negative = tuple(dict.fromkeys(k for k in map(_norm, spec.negative_context_folded) if k))
        self.is_valid = _validator(spec.validator, pack)

    # -- single values

    def validate(self, value: str) -> bool | None:
        """The entity's validator on `value` (None when the entity has none)."""
        return None if self.is_valid is None else self.is_valid(value)

    def invalidate(self, value: str, *, today: datetime.date, cell: bool = False) -> bool:
        """True when a well-formed value still is not this entity (age, stopwords)."""
        kernel = self.spec.kernel
        if kernel == "date":
            born = self.pack.birth_date(value)
            return born is None or not _dates.is_plausible_birth_date(born, today)
        if kernel == "person":
            words = [_dictionary_key(w) for w in _NAME_WORDS.findall(value)]
            stop = self.pack.pack.dictionaries.person_stopwords
            if not words or all(w in stop for w in words):
                return True
            if cell:
                return False
            # free text: a capitalised first word that is a stopword (`Paris SAINT-GERMAIN`), or a surname
            # of stopwords only (`Renouvellement TITRE DE SÉJOUR`)
            capitals = [w for w, raw in zip(words, _NAME_WORDS.findall(value), strict=True) if raw.isupper()]
            return words[0] in stop or (bool(capitals) and all(w in stop for w in capitals))
        return False

    def in_dictionary(self, spec: PatternSpec, value: str) -> bool:
        """Is the value in the pattern's dictionary (always true for a pattern without one)?"""
        if spec.dictionary is None:
            return True
        table = getattr(self.pack.pack.dictionaries, spec.dictionary)
        key = value if spec.dictionary == "alpha3" else _dictionary_key(value)
        return key in table

    def accept(
        self, spec: PatternSpec, text: str, start: int, end: int, *, today: datetime.date, cell: bool = False
    ) -> bool:
        """Dictionary, validator and invalidation rules on one candidate span."""
        value = text[start:end]
        return (
            self.in_dictionary(spec, value)
            and self.validate(value) is not False
            and not self.invalidate(value, today=today, cell=cell)
        )

    # -- context

    def cues(self, text: str, pos: int) -> tuple[_Cue | None, _Cue | None]:
        """The nearest context phrase and the nearest negative phrase before `pos`, as the kernel looks.

        The search starts `context_window` characters before the value (40 when the window is 0, the
        phrase must then end right before the value), after the last sentence break (a line break;
        `;`, `!` or `?` followed by a blank; `. ` followed by a capital, unless the dot ends an initial or
        `M.`), and a phrase counts only at word boundaries of the folded text with no digit after it.
        """
        window = self.spec.context_window
        lo = max(0, pos - (window if window > 0 else _NO_CONTEXT_LOOKBACK))
        j = pos - 1
        while j >= lo:
            ch = text[j]
            if ch in "\n\r":
                lo = j + 1
                break
            if ch in ";!?" and j + 1 < pos and text[j + 1] in " \t":
                lo = j + 1
                break
            if ch == "." and j + 2 < pos and text[j + 1] in " \t" and text[j + 2] in _ASCII_UPPER:
                initial = j >= 1 and text[j - 1] in _ASCII_UPPER and (j == 1 or text[j - 2] not in _ASCII_ALNUM)
                if not initial:
                    lo = j + 1
                    break
            j -= 1
        if lo >= pos:
            return None, None
        before = _norm(text[lo:pos])
        if not before:
            return None, None
        return _nearest(before, self.context, adjacent=window == 0), _nearest(before, self.negative, adjacent=False)

    # -- whole texts

    def free_text(self, text: str, today: datetime.date) -> list[_Match]:
        """This entity's candidates in free text that have the evidence the pack requires, in text order.

        Other entities are not looked at here (`_PackRules.analyze_text` settles overlaps), nor MRZs.
        """
        found: list[_Match] = []
        for spec, pattern in self.patterns:
            if spec.field_only or self.spec.kernel == "mrz":
                continue  # an MRZ is validated as a group of lines: `_PackRules.mrz_zones` finds them
            for m in _finditer(pattern, text):
                start, end = m.span()
                if start == end or not self.accept(spec, text, start, end, today=today):
                    continue
                found.append(self._judge(spec, text, start, end, found))
        return sorted((m for m in found if m.evidence), key=lambda m: (m.start, -m.end))

    def _judge(self, spec: PatternSpec, text: str, start: int, end: int, earlier: list[_Match]) -> _Match:
        """Score one accepted candidate, or give it an empty `evidence` when it must not be reported."""
        cue, veto = self.cues(text, start)
        if veto is not None and (cue is None or veto.distance < cue.distance):
            return _Match(start, end, spec.name, spec.regex, 0.0, "")
        if cue is not None:
            return _Match(start, end, spec.name, spec.regex, self.spec.score.context, "context", cue.phrase)
        if self._continues_list(text, start, earlier):
            return _Match(start, end, spec.name, spec.regex, self.spec.score.context, "list")
        if not self.spec.requires_context:
            return _Match(start, end, spec.name, spec.regex, spec.score, "shape")
        if self._first_name(spec, text[start:end]):
            return _Match(start, end, spec.name, spec.regex, spec.score, "first_name")
        return _Match(start, end, spec.name, spec.regex, 0.0, "")

    def _continues_list(self, text: str, start: int, earlier: list[_Match]) -> bool:
        """Is the value the next item of a list whose previous item was reported (`turque et syriennes`)?"""
        reported = [m for m in earlier if m.evidence and m.end <= start]
        if not reported:
            return False
        gap = text[max(m.end for m in reported) : start]
        return len(gap) <= _LIST_GAP and _LIST_JOINERS.fullmatch(gap) is not None

    def _first_name(self, spec: PatternSpec, value: str) -> bool:
        """A `Prénom NOM` pair needs no civility when the given name is in the pack's first names."""
        if self.spec.kernel != "person" or spec.field_only:
            return False
        words = value.split()
        first = words[0] if not words[0].isupper() else words[-1]
        names = self.pack.pack.dictionaries.first_names
        return _dictionary_key(first) in names or _dictionary_key(first.split("-")[0]) in names

    def classify_cell(self, text: str, today: datetime.date) -> _Match | None:
        """The trimmed text as one value of this entity, as a hinted cell is classified, or None."""
        stripped = text.strip()
        if not stripped:
            return None
        offset = text.index(stripped)
        for spec, pattern in self.patterns:
            if _fullmatch(pattern, stripped) is None:
                continue
            start, end = offset, offset + len(stripped)
            if self.accept(spec, text, start, end, today=today, cell=True):
                return _Match(start, end, spec.name, spec.regex, self.spec.score.header, "header")
        return None


def _nearest(before: str, phrases: Sequence[str], *, adjacent: bool) -> _Cue | None:
    """The phrase of `phrases` ending nearest to the end of `before` (word-aligned, no digit after it)."""
    best: _Cue | None = None
    n = len(before)
    for phrase in phrases:
        m = len(phrase)
        if m > n:
            continue
        starts = [n - m] if adjacent else _occurrences(before, phrase)
        for st in starts:
            if before[st : st + m] != phrase:
                continue
            if (st > 0 and before[st - 1] != " ") or (st + m < n and before[st + m] != " "):
                continue
            if _DIGIT.search(before, st + m):
                continue
            distance = n - (st + m)
            if best is None or distance < best.distance:
                best = _Cue(phrase, distance)
    return best


def _claim_rank(entity: str) -> int:
    """Who owns overlapping characters: MRZ lines (0), then `_CLAIMING` in order, then everyone else."""
    return _CLAIMING.index(entity) + 1 if entity in _CLAIMING else len(_CLAIMING) + 1


def _overlap(match: _Match, start: int, end: int) -> bool:
    return start < match.end and match.start < end


def _occurrences(text: str, phrase: str) -> list[int]:
    out = []
    i = text.find(phrase)
    while i >= 0:
        out.append(i)
        i = text.find(phrase, i + 1)
    return out


def _presidio_pattern(spec: PatternSpec) -> Pattern:
    """A presidio `Pattern` of a pack pattern, compiled now with the pack's own flags (none).

    Presidio compiles with DOTALL | MULTILINE | IGNORECASE by default; the pack's regexes are written for
    Python `re` without flags (case matters: passports are upper case), so they are compiled as written.
    """
    pattern = Pattern(name=spec.name, regex=spec.regex, score=spec.score)
    pattern.compiled_regex = regex.compile(spec.regex, flags=regex.VERSION0)
    pattern.compiled_with_flags = regex.VERSION0
    return pattern


def _finditer(pattern: Pattern, text: str) -> Iterable[Any]:
    return pattern.compiled_regex.finditer(text, timeout=_REGEX_TIMEOUT)


def _fullmatch(pattern: Pattern, text: str) -> Any:
    return pattern.compiled_regex.fullmatch(text, timeout=_REGEX_TIMEOUT)


def _validator(name: str | None, pack: _PackRules) -> Callable[[str], bool] | None:
    """`piiscan.validators.<name>.is_valid`; dates also read the pack's month names (English ones)."""
    if name is None:
        return None
    if name == "dates":
        return lambda value: pack.birth_date(value) is not None
    module = importlib.import_module(f"piiscan.validators.{name}")
    is_valid: Callable[[str], bool] = module.is_valid
    return is_valid


class _PackRules:
    """Every entity's rules of one pack, and what they share: MRZ zones, cell classification, the date."""

    def __init__(self, pack: Pack, reference_date: datetime.date | None) -> None:
        self.pack = pack
        self.reference_date = reference_date
        self.entities: dict[str, _EntityRules] = {}
        for spec in pack.entities:
            self.entities[spec.entity] = _EntityRules(spec, self)
        self.mrz_score = pack.entity("MRZ").score.base
        # Small caches per pack (not method-level lru_caches, which would keep every pack alive): the eleven
        # recognizers of one `analyze` call ask for the same text's results, or the same cell's owner.
        self.analyze_text: Callable[[str, datetime.date], Mapping[str, tuple[_Match, ...]]] = functools.lru_cache(
            maxsize=8
        )(self._analyze_text)
        self.cell_owner: Callable[[int, str, datetime.date], tuple[str, _Match] | None] = functools.lru_cache(
            maxsize=64
        )(self._cell_owner)
        self.hints: Callable[[tuple[str, ...]], int] = functools.lru_cache(maxsize=1024)(self._hints)

    def today(self) -> datetime.date:
        """The date a birth date's age is checked at: the fixed reference date, else today."""
        return self.reference_date or datetime.date.today()

    def birth_date(self, value: str) -> tuple[int, int, int] | None:
        """The calendar day a date writing names (`piiscan.validators.dates`, then the pack's months)."""
        day = _dates.parse_date(value)
        if day is not None:
            return day
        m = _MONTH_NAME_DATE.fullmatch(" ".join(fold(value).split()))
        if m is None:
            return None
        month = self.pack.dictionaries.months.get(m[2])
        d = 1 if m[1] == "1er" else int(m[1])
        if month is None or not _dates.is_valid_date(int(m[3]), month, d):
            return None
        return int(m[3]), month, d

    def _hints(self, fields: tuple[str, ...]) -> int:
        mask = 0
        for name in fields:
            if isinstance(name, str) and name.strip():
                mask |= self.pack.field_hints(name)
        return mask

    def _cell_owner(self, mask: int, text: str, today: datetime.date) -> tuple[str, _Match] | None:
        """The first hinted entity (DESIGN.md order) that the whole trimmed text is a value of."""
        for spec in self.pack.entities:
            if mask & spec.bit:
                found = self.entities[spec.entity].classify_cell(text, today)
                if found is not None:
                    return spec.entity, found
        return None

    def _analyze_text(self, text: str, today: datetime.date) -> Mapping[str, tuple[_Match, ...]]:
        """Every entity's results in a free text, overlaps between entities settled as the scanner does.

        * inside a valid MRZ, only the MRZ's own lines and fields count (a phone-shaped run in an MRZ
          line is part of the line);
        * a value overlapping a checksum-validated IBAN or NIR is part of it, not a phone or an AGDREF
          number (`DE76 5001 0517 0648 2915 37` holds a phone shape);
        * a value found by its shape alone yields to an overlapping value of another entity that has a
          context word (`AGDREF 0123456789` is a foreigner number, not a phone); checksums never yield.
        """
        zones = self.mrz_zones(text, today)
        candidates = {entity: rules.free_text(text, today) for entity, rules in self.entities.items()}
        claims = [(0, "MRZ", start, end) for zone in zones for start, end in zone.lines]
        for entity in _CLAIMING:
            claims += [(_claim_rank(entity), entity, m.start, m.end) for m in candidates[entity]]
        surviving = {
            entity: [
                m
                for m in found
                if not any(
                    rank < _claim_rank(entity) and other != entity and _overlap(m, start, end)
                    for rank, other, start, end in claims
                )
            ]
            for entity, found in candidates.items()
        }
        confirmed = [
            (entity, m.start, m.end) for entity, found in surviving.items() for m in found if m.evidence in _CONFIRMED
        ]
        out: dict[str, tuple[_Match, ...]] = {}
        for entity, found in surviving.items():
            kept = [
                m
                for m in found
                if entity in _CLAIMING
                or m.evidence in _CONFIRMED
                or not any(other != entity and _overlap(m, start, end) for other, start, end in confirmed)
            ]
            kept += [
                _Match(start, end, "mrz", "", self.mrz_score, "mrz")
                for zone in zones
                for field_entity, start, end in zone.fields
                if field_entity == entity
            ]
            out[entity] = tuple(sorted(kept, key=lambda m: (m.start, -m.end)))
        return MappingProxyType(out)

    def mrz_zones(self, text: str, today: datetime.date) -> tuple[_MrzZone, ...]:
        """Valid MRZs: consecutive runs of one MRZ line shape (2 × 44, 2 × 36, 3 × 30) that validate."""
        if "<" not in text:
            return ()
        rules = self.entities["MRZ"]
        runs = sorted(
            (m.start(), m.end()) for _, pattern in rules.patterns for m in _finditer(pattern, text) if "<" in m.group()
        )
        zones: list[_MrzZone] = []
        i = 0
        while i < len(runs):
            width = runs[i][1] - runs[i][0]
            want = 3 if width == 30 else 2
            group = [runs[i]]
            k = i + 1
            while len(group) < want and k < len(runs):
                start, end = runs[k]
                if end - start != width or not _MRZ_GAP.fullmatch(text, group[-1][1], start):
                    break
                group.append(runs[k])
                k += 1
            zone = self._mrz_zone(text, group, today) if len(group) == want else None
            if zone is None:
                i += 1
                continue
            zones.append(zone)
            i = k
        return tuple(zones)

    def _mrz_zone(self, text: str, group: list[tuple[int, int]], today: datetime.date) -> _MrzZone | None:
        lines = [text[s:e] for s, e in group]
        try:
            parsed = _mrz.validate_lines(lines)
        except ValidationError:
            return None
        fields: list[tuple[str, int, int]] = [("MRZ", s, e) for s, e in group]

        def add(entity: str, field: _mrz.Field | None) -> None:
            if field is not None and field.end > field.start:
                base = group[field.line][0]
                fields.append((entity, base + field.start, base + field.end))

        number = parsed.document_number
        if parsed.kind == "TD3":
            if self.entities["FR_PASSPORT"].validate(number.value):
                add("FR_PASSPORT", number)
        elif parsed.document_code.value.startswith("ID") and len(number.value) in (9, 12):
            add("FR_ID_CARD", number)  # a residence permit (`IR`) number is not an identity card's
        born = _dates.mrz_birth_date(parsed.birth_date.value, today.year)
        if born is not None and _dates.is_plausible_birth_date(born, today):
            add("DATE_OF_BIRTH", parsed.birth_date)
        nat = parsed.nationality
        if nat is not None and lines[nat.line][nat.start : nat.start + 3] in self.pack.dictionaries.alpha3:
            add("NATIONALITY", nat)
        for name in (parsed.surname, parsed.given_names):
            if name.end - name.start >= 2:
                add("PERSON", name)
        return _MrzZone(lines=tuple(group), fields=tuple(fields))


@functools.lru_cache(maxsize=8)
def _rules_for(pack: Pack, reference_date: datetime.date | None) -> _PackRules:
    """Rules are built once per (pack, reference date): `recognizers()` may be called per engine."""
    return _PackRules(pack, reference_date)


# ----------------------------------------------------------------------------------------- recognizer


class PackRecognizer(PatternRecognizer):
    """A Presidio recognizer for one entity of a piiscan pack (see the module docstring for the rules).

    Build them with `recognizers()`; the constructor takes the shared rules of a pack.
    """

    def __init__(self, rules: _EntityRules, *, supported_language: str = LANGUAGE) -> None:
        self._rules = rules
        spec = rules.spec
        super().__init__(
            supported_entity=spec.entity,
            name=f"piiscan_{spec.entity.lower()}",
            supported_language=supported_language,
            patterns=[pattern for _, pattern in rules.patterns],
            context=list(spec.context),
            global_regex_flags=regex.VERSION0,
            version=__version__,
        )

    @property
    def spec(self) -> EntitySpec:
        """The pack's definition of the entity this recognizer reports."""
        return self._rules.spec

    def validate_result(self, pattern_text: str) -> bool | None:
        """The entity's piiscan validator: checksums and formats decide (None: the entity has none)."""
        return self._rules.validate(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """True for a well-formed value that still is not the entity (an age over 120, a stopword)."""
        return self._rules.invalidate(pattern_text, today=self._rules.pack.today())

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """The entity's matches in free text, reported only with the evidence the pack requires.

        `regex_flags` is ignored: the pack's regexes carry their own flags.
        """
        if entities and self.spec.entity not in entities:
            return []
        rules = self._rules.pack
        results = [self._result(m) for m in rules.analyze_text(text, rules.today())[self.spec.entity]]
        return EntityRecognizer.remove_duplicates(results)

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts | None,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Read the external `context` as the cell's field name (`analyze_dict` passes the key).

        A hinted cell belongs, as a whole, to the first hinted entity it is a value of: that entity gets one
        result over the trimmed value with the `header` score, every other entity gets nothing from the
        cell (a 10-digit value under `N° étranger` is not also a phone number).  A cell no hinted entity
        matches, or a text without context, keeps its free-text results.
        """
        if not context:
            return raw_recognizer_results
        rules = self._rules.pack
        mask = rules.hints(tuple(context))
        if not mask:
            return raw_recognizer_results
        owner = rules.cell_owner(mask, text, rules.today())
        if owner is None:
            return raw_recognizer_results
        entity, match = owner
        return [self._result(match)] if entity == self.spec.entity else []

    def _result(self, match: _Match) -> RecognizerResult:
        explanation = self.build_regex_explanation(
            self.name, match.pattern, match.regex, match.score, self.spec.validator is not None, 0
        )
        if match.context_word:
            explanation.set_supportive_context_word(match.context_word)
        return RecognizerResult(
            entity_type=self.spec.entity,
            start=match.start,
            end=match.end,
            score=match.score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                # piiscan's context rule has been applied: Presidio's lemma enhancer must not add to it
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                EVIDENCE_KEY: match.evidence,
            },
        )


def recognizers(
    pack: Pack | str | os.PathLike[str] | None = None,
    *,
    reference_date: datetime.date | None = None,
) -> list[EntityRecognizer]:
    """One `PackRecognizer` per entity of the pack (the French pack by default), in DESIGN.md order.

    `reference_date` is the day a date of birth's age (0-120) is checked at; by default the day of each
    analysis.  Recognizers of one pack and date share their rules, MRZ and cell caches.
    """
    loaded = pack if isinstance(pack, Pack) else load_pack(pack)
    rules = _rules_for(loaded, reference_date)
    return [PackRecognizer(rules.entities[spec.entity], supported_language=loaded.language) for spec in loaded.entities]


def register(
    target: RecognizerRegistry | AnalyzerEngine,
    pack: Pack | str | os.PathLike[str] | None = None,
    *,
    reference_date: datetime.date | None = None,
) -> list[EntityRecognizer]:
    """Add the pack's recognizers to a registry or an engine's registry; returns them.

    Recognizers of the same name already there are replaced, so registering twice does not report
    everything twice.  The registry must support the pack's language, else the recognizers would never
    run: a ValueError says so instead.
    """
    registry = target.registry if isinstance(target, AnalyzerEngine) else target
    added = recognizers(pack, reference_date=reference_date)
    language = added[0].supported_language
    if language not in registry.supported_languages:
        raise ValueError(
            f"the registry supports {registry.supported_languages}, not {language!r}: "
            f"create it with supported_languages=[{language!r}, ...]"
        )
    for recognizer in added:
        registry.remove_recognizer(recognizer.name, language=language)
        registry.add_recognizer(recognizer)
    return added


# ---------------------------------------------------------------------------------------- NLP engine


class BlankSpacyNlpEngine(SpacyNlpEngine):
    """Tokens from a blank spaCy pipeline: no trained model, nothing downloaded, nothing on the network.

    piiscan's recognizers need no NLP at all (they read the text); tokens are there for Presidio's own
    context enhancer, should other recognizers be added to the engine.  A blank pipeline has no
    lemmatizer, so the lower-cased token stands for the lemma.  `tokenizer` is the spaCy language whose
    rules cut the tokens: `"xx"` (multi-language, the default) loads in milliseconds; `"fr"` knows French
    elisions and exceptions but its tables take about 2 s to import.
    """

    engine_name = "piiscan_blank_spacy"

    def __init__(self, *, languages: Sequence[str] = (LANGUAGE,), tokenizer: str = "xx") -> None:
        super().__init__(models=[{"lang_code": lang, "model_name": f"blank:{tokenizer}"} for lang in languages])
        self.tokenizer = tokenizer

    def load(self) -> None:
        """Create the blank pipelines (never `spacy.load`, which may download a model)."""
        import spacy

        self.nlp = {model["lang_code"]: spacy.blank(self.tokenizer) for model in self.models}

    def _doc_to_nlp_artifact(self, doc: Any, language: str) -> NlpArtifacts:
        return NlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[token.lower_ for token in doc],
            nlp_engine=self,
            language=language,
            scores=[],
        )


def analyzer_engine(
    pack: Pack | str | os.PathLike[str] | None = None,
    *,
    reference_date: datetime.date | None = None,
    nlp_engine: NlpEngine | None = None,
) -> AnalyzerEngine:
    """A Presidio `AnalyzerEngine` for French with piiscan's recognizers only.

    Presidio's predefined recognizers are not loaded (their `EmailRecognizer` would ask `tldextract` for
    the public-suffix list over the network; piiscan's e-mail rule has its own TLD list).  The NLP engine
    is a `BlankSpacyNlpEngine` unless one is given.
    """
    loaded = pack if isinstance(pack, Pack) else load_pack(pack)
    languages = [loaded.language]
    registry = RecognizerRegistry(supported_languages=languages)
    register(registry, loaded, reference_date=reference_date)
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine or BlankSpacyNlpEngine(languages=languages),
        supported_languages=languages,
    )


# ------------------------------------------------------------------------------- results, anonymizer


class FindingLike(Protocol):
    """What `to_recognizer_results` reads of a finding (`piiscan.Finding` of `scan_text` has it)."""

    entity: str
    start: int
    end: int
    score: float


def to_recognizer_results(findings: Iterable[FindingLike]) -> list[RecognizerResult]:
    """Presidio results of piiscan findings with character positions (`piiscan.scan_text`).

    Why: the numba scanner is what runs on dumps; its findings can then go through presidio-anonymizer
    (or any Presidio tooling) like an analyzer's.  Scores are rounded as in the findings file.
    """
    return [
        RecognizerResult(
            entity_type=f.entity,
            start=int(f.start),
            end=int(f.end),
            score=round(float(f.score), 4),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: "piiscan",
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: "piiscan",
            },
        )
        for f in findings
    ]


@functools.lru_cache(maxsize=1)
def _anonymizer() -> Any:
    """One presidio-anonymizer engine with the preview operator, built on first use (never per call)."""
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.operators import Operator, OperatorType

    from piiscan.redact import redact

    class PreviewOperator(Operator):
        """piiscan's redacted preview of the entity (`piiscan.redact.redact`) in place of the value."""

        def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
            return redact((params or {}).get("entity_type", ""), text)

        def validate(self, params: dict[str, Any] | None = None) -> None:
            return None

        def operator_name(self) -> str:
            return PREVIEW_OPERATOR

        def operator_type(self) -> OperatorType:
            return OperatorType.Anonymize

    engine = AnonymizerEngine()
    engine.add_anonymizer(PreviewOperator)
    return engine


def anonymize(
    text: str,
    results: Iterable[RecognizerResult],
    *,
    operators: Mapping[str, OperatorConfig] | None = None,
) -> str:
    """The text with each result replaced by presidio-anonymizer, by default by piiscan's preview.

    Previews keep what identifies the kind of value and nothing that identifies the person (`j***@e****.fr`,
    `**/**/1985`, `05*******`).  `operators` are presidio-anonymizer `OperatorConfig`s by entity type
    (`"DEFAULT"` for the rest), e.g. `{"DEFAULT": OperatorConfig("replace")}` for `<FR_NIR>` tags.
    """
    from presidio_anonymizer.entities import OperatorConfig

    config = dict(operators) if operators else {"DEFAULT": OperatorConfig(PREVIEW_OPERATOR)}
    return _anonymizer().anonymize(text=text, analyzer_results=list(results), operators=config).text
