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

How piiscan runs inside Presidio: one `PackRecognizer` (an `EntityRecognizer`) per entity of the registry,
all sharing one detection.  There is no second statement of the rules here: a text goes through
`piiscan.reference.reference_detect`, the plain-Python statement of the detection kernel that the property
tests keep equal to the numba scanner, so Presidio reports what the scanner reports, span for span:

* **free text**: `analyze` reads the whole text as one cell of free text (context words, MRZ zones, lists,
  `Prénom NOM`, overlaps between entities: all as the scanner);
* **headers**: the `context` list given to `AnalyzerEngine.analyze` (what `BatchAnalyzerEngine.analyze_dict`
  passes: the dict key) is read as the cell's field name, with the scanner's hint mask
  (`KernelTables.field_hints`); in `enhance_using_context`, the recognizer-level hook Presidio gives the
  external context to, the text is detected again as a cell of that field (a hinted cell belongs as a whole
  to the first hinted entity it is a value of, else it is free text);
* **scores** are the pack's (`base`, `context`, `header`), and results are marked as already
  context-enhanced so Presidio's lemma enhancer does not add to them; `recognition_metadata[EVIDENCE_KEY]`
  says why a value was reported;
* **validators**: `validate_result` is the entity's own validator (its `piiscan.entities` descriptor's
  `is_valid`: NIR keys, IBAN mod 97, MRZ 7-3-1 digits, calendar dates), `invalidate_result` says a real
  date gives no age of 0-120.

`analyzer_engine()` builds an `AnalyzerEngine` for French with only these recognizers and a blank spaCy
tokenizer (no model, nothing downloaded, nothing on the network); `register()` adds them to an existing
registry or engine; `to_recognizer_results()` turns `piiscan.scan_text` findings into Presidio results and
`anonymize()` writes piiscan's redacted previews (`piiscan.output.redact`) into a text through presidio-anonymizer.

Nothing here is imported by `import piiscan`: Presidio and spaCy load only when this module does.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from presidio_analyzer import (
    AnalysisExplanation,
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine, SpacyNlpEngine

from piiscan import __version__
from piiscan.entities.contract import (
    DESCRIPTORS,
    E_DOB,
    ENTITY_HINTS,
    ENTITY_ORDER,
    F_CHECKSUM,
    F_CONTEXT,
    F_HEADER,
    F_MRZ,
)
from piiscan.pack import EntitySpec, Pack, load_pack
from piiscan.reference import reference_detect
from piiscan.tables import KernelTables, compile_pack, default_tables
from piiscan.validators import dates as _dates

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
"""`recognition_metadata` key saying why a result was reported (from the finding's flags).

`mrz` (a line or field of a valid MRZ), `header` (the cell's field name), `context` (a context word, the
first item of its list, or a name's own evidence), `checksum` (a check digit that validated), `shape` (a
value that needs nothing more).
"""

_EVIDENCE = ((F_MRZ, "mrz"), (F_HEADER, "header"), (F_CONTEXT, "context"), (F_CHECKSUM, "checksum"))
_EPOCH = datetime.date(1970, 1, 1)
_NO_KEY = (0, 0)  # fingerprints are not part of a Presidio result: any key will do


def _start(result: RecognizerResult) -> tuple[int, int]:
    """Sort key of results in text order (doctests and tests)."""
    return result.start, result.end


# ------------------------------------------------------------------------------------------- detection


class _Hit(NamedTuple):
    """One reference finding in character positions."""

    start: int
    end: int
    score: float
    evidence: str


def _char_index(text: str) -> list[int]:
    """For each UTF-8 byte offset of `text` (and its end), the index of the character it belongs to."""
    out: list[int] = []
    for i, ch in enumerate(text):
        out.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
    out.append(len(text))
    return out


class _Detection:
    """The reference detector (`piiscan.reference.reference_detect`) over Presidio's texts.

    A text is one cell of free text; with a field name (`context`) it is one cell of that field, whose hint
    mask is the scanner's (`KernelTables.field_hints`).  The recognizers of one `analyze` call (one per entity) ask
    for the same text: results are cached per (text, mask), for all entities at once.
    """

    def __init__(self, tables: KernelTables, reference_date: datetime.date | None) -> None:
        self.tables = tables
        self.pack = tables.pack
        self.reference_date = reference_date
        self.detect = functools.lru_cache(maxsize=8)(self._detect)
        self.hints = functools.lru_cache(maxsize=1024)(self._hints)

    def today(self) -> datetime.date:
        """The date a birth date's age is checked at: the fixed reference date, else today."""
        return self.reference_date or datetime.date.today()

    def _hints(self, fields: tuple[str, ...]) -> int:
        mask = 0
        for name in fields:
            if isinstance(name, str) and name.strip():
                mask |= self.tables.field_hints(name)
        return mask

    def _detect(self, text: str, mask: int, today: datetime.date) -> Mapping[str, tuple[_Hit, ...]]:
        data = text.encode("utf-8", "surrogatepass")
        field = 0 if mask else -1
        result = reference_detect(
            data,
            [(0, len(data), field, 0)],
            [mask],
            encoding="utf-8",
            json=False,
            tables=self.tables,
            ref_days=(today - _EPOCH).days,
            key=_NO_KEY,
        )
        index = _char_index(text)
        hits: dict[str, list[_Hit]] = {name: [] for name in ENTITY_ORDER}
        for f in result.findings:
            evidence = next((name for bit, name in _EVIDENCE if f.flag & bit), "shape")
            hit = _Hit(index[f.start], index[f.end], round(float(f.score), 6), evidence)
            hits[ENTITY_ORDER[f.entity]].append(hit)
        return {name: tuple(found) for name, found in hits.items()}

    def results_for(self, text: str, fields: Sequence[str] | None) -> Mapping[str, tuple[_Hit, ...]]:
        mask = self.hints(tuple(fields)) if fields else 0
        return self.detect(text, mask, self.today())


def _detection_for(pack: Pack, reference_date: datetime.date | None) -> _Detection:
    """The detection of a pack: the shipped pack's compiled tables are built once per process."""
    default = default_tables()
    return _Detection(default if pack is default.pack else compile_pack(pack), reference_date)


# ----------------------------------------------------------------------------------------- recognizer


class PackRecognizer(EntityRecognizer):
    """A Presidio recognizer for one entity of a piiscan pack: the reference detector's findings of it.

    Build them with `recognizers()`; the constructor takes the pack's shared detection.
    """

    def __init__(self, spec: EntitySpec, detection: _Detection, *, supported_language: str = LANGUAGE) -> None:
        self._spec = spec
        self._detection = detection
        self._validator = DESCRIPTORS[spec.entity].validator
        super().__init__(
            supported_entities=[spec.entity],
            name=f"piiscan_{spec.entity.lower()}",
            supported_language=supported_language,
            context=list(spec.context),
            version=__version__,
        )

    def load(self) -> None:
        """Nothing to load: the pack is compiled when the recognizers are built."""

    @property
    def spec(self) -> EntitySpec:
        """The pack's definition of the entity this recognizer reports."""
        return self._spec

    def validate_result(self, pattern_text: str) -> bool | None:
        """The entity's validator (`piiscan.entities.<entity>`'s `is_valid`); None when it has none."""
        if self._validator is None:
            return None
        return bool(self._validator.is_valid(pattern_text))

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """True for a birth date that is a real day but gives no age of 0-120 at the reference date."""
        if self._spec.entity != ENTITY_ORDER[E_DOB]:
            return False
        day = _dates.parse_date(pattern_text)
        return day is not None and not _dates.is_plausible_birth_date(day, self._detection.today())

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """The entity's findings in `text` read as one cell of free text."""
        if entities and self._spec.entity not in entities:
            return []
        return self._results(text, None)

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts | None,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Read the external `context` as the cell's field name (`analyze_dict` passes the key).

        The text is then detected again as a cell of that field, as the scanner does: a hinted cell belongs,
        as a whole, to the first hinted entity it is a value of, else it is free text.  A field name that
        hints nothing leaves the free-text results.
        """
        if not context or not self._detection.hints(tuple(context)) & ENTITY_HINTS:
            return raw_recognizer_results
        return self._results(text, context)

    def _results(self, text: str, fields: Sequence[str] | None) -> list[RecognizerResult]:
        hits = self._detection.results_for(text, fields)[self._spec.entity]
        return [self._result(*hit) for hit in hits]

    def _result(self, start: int, end: int, score: float, evidence: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=score,
            textual_explanation=f"piiscan reference detector ({evidence})",
        )
        return RecognizerResult(
            entity_type=self._spec.entity,
            start=start,
            end=end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                # piiscan's context rule has been applied: Presidio's lemma enhancer must not add to it
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                EVIDENCE_KEY: evidence,
            },
        )


def recognizers(
    pack: Pack | str | os.PathLike[str] | None = None,
    *,
    reference_date: datetime.date | None = None,
) -> list[EntityRecognizer]:
    """One `PackRecognizer` per entity of the pack (the French pack by default), in registry order.

    `reference_date` is the day a date of birth's age (0-120) is checked at; by default the day of each
    analysis.  Recognizers of one pack and date share one detection and its cache.
    """
    loaded = pack if isinstance(pack, Pack) else load_pack(pack)
    detection = _detection_for(loaded, reference_date)
    return [PackRecognizer(spec, detection, supported_language=loaded.language) for spec in loaded.entities]


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

    from piiscan.output.redact import redact

    class PreviewOperator(Operator):
        """piiscan's redacted preview of the entity (`piiscan.output.redact.redact`) in place of the value."""

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
