"""The French pack inside Presidio (`piiscan.presidio`): what an `AnalyzerEngine` reports, and what it must not.

Why these tests: the adapter runs the reference detector inside Presidio (required context, headers,
dictionaries, MRZ), which Presidio alone does not have; every example of the pack must come out the same
way through it, and nothing may download a model or open a socket.  `test_presidio_scanner.py` checks that
it reports what the scanner reports.

Cell examples (`field` + `value`) go through `BatchAnalyzerEngine.analyze_dict({field: value})`: Presidio
passes the key as the analysis `context`, which the adapter reads as the cell's header (as the scanner
does).  Writing them as the text `"<field> : <value>"` would lose what only a header gives (camelCase keys
such as `idCardNumber`, `field_only` shapes: country names, ISO codes, bare names under `Nom`, and the
rule that a 10-digit value under `N° étranger` is not also a phone number).
"""

from __future__ import annotations

import datetime as dt
import doctest
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from presidio_analyzer import (
    AnalyzerEngine,
    BatchAnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NoOpNlpEngine
from presidio_anonymizer.entities import OperatorConfig

import piiscan.presidio as adapter
from piiscan.api import Finding
from piiscan.pack import ENTITY_ORDER, Example, load_pack

ROOT = Path(__file__).resolve().parents[1]
PACK = load_pack()
REFERENCE = dt.date(2026, 1, 1)  # as tests/test_pack_examples.py: ages are checked at this date
LANGUAGE = "fr"

# Pack examples that cannot pass through Presidio for a principled reason, by test id, with the reason.
# None today: every example and negative example of the pack passes (cells through analyze_dict).
XFAIL: dict[str, str] = {}


class NetworkUsed(AssertionError):
    """Raised by the patched socket functions: nothing in the adapter may reach the network."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="module")
def engine() -> AnalyzerEngine:
    return adapter.analyzer_engine(reference_date=REFERENCE)


def found(engine: AnalyzerEngine, text: str, **kwargs: object) -> list[tuple[str, str]]:
    """(entity, matched text) of every result, in text order."""
    results = sorted(engine.analyze(text, language=LANGUAGE, **kwargs), key=lambda r: (r.start, -r.end))
    return [(r.entity_type, text[r.start : r.end]) for r in results]


def cell(engine: AnalyzerEngine, field: str, value: str) -> list[tuple[str, str]]:
    """(entity, matched text) of a one-key dict through `BatchAnalyzerEngine.analyze_dict`."""
    [result] = BatchAnalyzerEngine(engine).analyze_dict({field: value}, language=LANGUAGE)
    return [(r.entity_type, value[r.start : r.end]) for r in sorted(result.recognizer_results, key=lambda r: r.start)]


# ------------------------------------------------------------------------------------ French sentences


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("Titulaire du passeport n° 05XT28741, délivré à Lyon.", "FR_PASSPORT", "05XT28741"),
        ("Son numéro de sécurité sociale est le 1 85 03 75 116 001 27.", "FR_NIR", "1 85 03 75 116 001 27"),
        ("Ligne sans contexte : 185037511600127.", "FR_NIR", "185037511600127"),
        ("Présente sa CNIe n° T7K2M9PQ1 au guichet.", "FR_ID_CARD", "T7K2M9PQ1"),
        ("Il est né le 12 mars 1985 à Casablanca.", "DATE_OF_BIRTH", "12 mars 1985"),
        ("Mme BENALI, de nationalité marocaine, réside à Lyon.", "NATIONALITY", "marocaine"),
        (
            "Virement sur l'IBAN FR76 3000 6000 0112 3456 7890 189 demain.",
            "IBAN_CODE",
            "FR76 3000 6000 0112 3456 7890 189",
        ),
        ("Écrire à jean.dupont@example.fr pour le suivi.", "EMAIL_ADDRESS", "jean.dupont@example.fr"),
        ("Joignable au 06 39 98 12 34 le soir.", "PHONE_NUMBER", "06 39 98 12 34"),
        ("Numéro étranger : 7501234567.", "FR_RESIDENCE_PERMIT", "7501234567"),
        ("Je soussigné Mamadou KONATÉ atteste sur l'honneur.", "PERSON", "Mamadou KONATÉ"),
    ],
)
def test_finds_in_french_sentences(engine: AnalyzerEngine, text: str, entity: str, value: str) -> None:
    assert (entity, value) in found(engine, text)


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Colis 05XT28741 expédié le 3 mai.", "FR_PASSPORT"),  # passport shape, no passport word
        ("suivi 12TC02356 : le passeport suivra", "FR_PASSPORT"),  # the word comes after the value
        ("NIR 1 85 03 75 116 001 28 (clé fausse).", "FR_NIR"),  # key 27, not 28
        ("NIR 185037511600128", "FR_NIR"),
        ("Rendez-vous le 01/08/2023 à 14h à la préfecture.", "DATE_OF_BIRTH"),  # a date, not of birth
        ("Né le : inconnu. Dossier déposé le 12/03/2019.", "DATE_OF_BIRTH"),  # another sentence
        ("né le 12 mars 2091", "DATE_OF_BIRTH"),  # in the future at the reference date
        ("la cuisine marocaine est épicée", "NATIONALITY"),  # an adjective is not a nationality
        ("carte de fidélité n° K8P2Z7Q4M", "FR_ID_CARD"),
        ("IBAN FR76 3000 6000 0112 3456 7890 188", "IBAN_CODE"),  # mod 97 fails
        ("IBAN: DE76 5001 0517 0648 2915 37", "PHONE_NUMBER"),  # a phone shape inside a valid IBAN
        ("AGDREF 0123456789", "PHONE_NUMBER"),  # a foreigner number by its context, not a phone
        ("12 boulevard Jean JAURÈS", "PERSON"),
    ],
)
def test_does_not_report(engine: AnalyzerEngine, text: str, entity: str) -> None:
    assert [value for ent, value in found(engine, text) if ent == entity] == []


def test_scores_are_the_packs(engine: AnalyzerEngine) -> None:
    """Shape, context and header scores come from the YAML; Presidio's lemma enhancer adds nothing."""
    nir = PACK.entity("FR_NIR").score
    [plain] = engine.analyze("ligne 185037511600127 fin", language=LANGUAGE)
    [context] = engine.analyze("NIR 185037511600127", language=LANGUAGE)
    assert (plain.score, context.score) == (nir.base, nir.context)
    [header] = engine.analyze("185037511600127", language=LANGUAGE, context=["numero_secu"])
    assert header.score == nir.header
    [passport] = engine.analyze("passeport 05XT28741", language=LANGUAGE, return_decision_process=True)
    assert passport.score == PACK.entity("FR_PASSPORT").score.context
    assert passport.analysis_explanation.recognizer == "piiscan_fr_passport"
    assert passport.recognition_metadata[adapter.EVIDENCE_KEY] == "context"
    assert plain.recognition_metadata[adapter.EVIDENCE_KEY] == "checksum"


def test_mrz_lines_and_the_fields_inside(engine: AnalyzerEngine) -> None:
    """A valid MRZ is reported line by line, and its fields need no context word (DESIGN.md §1)."""
    text = "P<FRADUPONT<<JEAN<PIERRE<<<<<<<<<<<<<<<<<<<<\n12AB345673FRA8503127M3106154<<<<<<<<<<<<<<00"
    assert found(engine, text) == [
        ("MRZ", "P<FRADUPONT<<JEAN<PIERRE<<<<<<<<<<<<<<<<<<<<"),
        ("PERSON", "DUPONT"),
        ("PERSON", "JEAN<PIERRE"),
        ("MRZ", "12AB345673FRA8503127M3106154<<<<<<<<<<<<<<00"),
        ("FR_PASSPORT", "12AB34567"),
        ("NATIONALITY", "FRA"),
        ("DATE_OF_BIRTH", "850312"),
    ]
    broken = text.replace("8503127", "8503128")  # birth date check digit
    assert found(engine, broken) == []


def test_header_owns_the_cell(engine: AnalyzerEngine) -> None:
    """Under `N° étranger` a 10-digit value is a foreigner number and nothing else; country names and ISO
    codes count only under a nationality header."""
    assert cell(engine, "N° étranger", "0639985678") == [("FR_RESIDENCE_PERMIT", "0639985678")]
    assert cell(engine, "tel_mobile", "0639985678") == [("PHONE_NUMBER", "0639985678")]
    assert cell(engine, "nationalite", "MAROC") == [("NATIONALITY", "MAROC")]
    assert cell(engine, "Pays de naissance", "Maroc") == []
    assert found(engine, "Maroc") == []
    assert cell(engine, "N° dossier", "12TC02356") == []


# ------------------------------------------------------------------------------- every pack example


def _example_cases() -> Iterator[object]:
    for spec in PACK.entities:
        for positive, examples in ((True, spec.examples), (False, spec.negative_examples)):
            for i, example in enumerate(examples):
                case_id = f"{spec.entity}-{'pos' if positive else 'neg'}-{i}"
                marks = [pytest.mark.xfail(reason=XFAIL[case_id], strict=True)] if case_id in XFAIL else []
                yield pytest.param(spec.entity, example, positive, id=case_id, marks=marks)


@pytest.mark.parametrize(("entity", "example", "positive"), list(_example_cases()))
def test_pack_example(engine: AnalyzerEngine, entity: str, example: Example, positive: bool) -> None:
    if example.is_cell:
        assert example.field is not None and example.value is not None
        results = cell(engine, example.field, example.value)
    else:
        assert example.text is not None
        results = found(engine, example.text)
    got = [value for ent, value in results if ent == entity]
    if positive:
        assert got == list(example.matches), f"{entity}: expected {list(example.matches)}, found {results}"
    else:
        assert got == [], f"{entity}: should find nothing, found {got}"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(st.text(), st.text(alphabet="PIDFRA<0123456789 \nné le:passeport", max_size=200)),
    field=st.sampled_from(["Nom", "N° étranger", "dateOfBirth", "nationalite", "mrz", "iban"]),
)
def test_any_text_any_header(engine: AnalyzerEngine, text: str, field: str) -> None:
    """Whatever a dump holds, analysis does not raise and results are spans of the text."""
    spans = [(r.start, r.end) for r in engine.analyze(text, language=LANGUAGE)]
    if text:
        [result] = BatchAnalyzerEngine(engine).analyze_dict({field: text}, language=LANGUAGE)
        spans += [(r.start, r.end) for r in result.recognizer_results]
    assert all(0 <= start < end <= len(text) for start, end in spans)


# ----------------------------------------------------------------------------------- the recognizers


def test_one_recognizer_per_entity_of_the_registry() -> None:
    recognizers = adapter.recognizers(reference_date=REFERENCE)
    assert [r.supported_entities for r in recognizers] == [[entity] for entity in ENTITY_ORDER]
    for recognizer in recognizers:
        spec = PACK.entity(recognizer.supported_entities[0])
        assert recognizer.supported_language == "fr"
        assert isinstance(recognizer, EntityRecognizer)
        assert recognizer.context == list(spec.context)


def test_validate_result_calls_the_piiscan_validators() -> None:
    by_entity = {r.supported_entities[0]: r for r in adapter.recognizers(reference_date=REFERENCE)}
    assert by_entity["FR_NIR"].validate_result("1 85 03 75 116 001 27") is True
    assert by_entity["FR_NIR"].validate_result("1 85 03 75 116 001 28") is False
    assert by_entity["IBAN_CODE"].validate_result("FR76 3000 6000 0112 3456 7890 189") is True
    assert by_entity["IBAN_CODE"].validate_result("FR76 3000 6000 0112 3456 7890 188") is False
    mrz = "IDFRABENALI<<<<<<<<<<<<<<<<<<<075031\n0503075123451KARIM<<<<<<<<<7901151M1"
    assert by_entity["MRZ"].validate_result(mrz) is True
    assert by_entity["MRZ"].validate_result(mrz[:-1] + "2") is False
    assert by_entity["DATE_OF_BIRTH"].validate_result("29/02/1996") is True
    assert by_entity["DATE_OF_BIRTH"].validate_result("31/02/1990") is False
    assert by_entity["DATE_OF_BIRTH"].invalidate_result("12/03/1885") is True  # 140 years old
    assert by_entity["NATIONALITY"].validate_result("française") is None  # no validator: a dictionary


def test_context_is_required_without_an_engine_too() -> None:
    """`PackRecognizer.analyze` alone applies the requirement: no low-score result is left to filter."""
    [passport] = [r for r in adapter.recognizers() if r.supported_entities == ["FR_PASSPORT"]]
    assert passport.analyze("colis 05XT28741", entities=["FR_PASSPORT"]) == []
    [result] = passport.analyze("passeport 05XT28741", entities=["FR_PASSPORT"])
    assert (result.start, result.end, result.entity_type) == (10, 19, "FR_PASSPORT")


def test_register_into_a_registry_or_an_engine() -> None:
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    added = adapter.register(registry)
    assert len(added) == len(ENTITY_ORDER) == len(registry.recognizers)
    adapter.register(registry)  # idempotent: replaced, not doubled
    assert len(registry.recognizers) == len(ENTITY_ORDER)
    engine = AnalyzerEngine(
        registry=registry,
        nlp_engine=NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}]),
        supported_languages=[LANGUAGE],
    )
    assert found(engine, "passeport 05XT28741") == [("FR_PASSPORT", "05XT28741")]
    adapter.register(engine, reference_date=REFERENCE)
    assert len(engine.registry.recognizers) == len(ENTITY_ORDER)
    with pytest.raises(ValueError, match="supported_languages"):
        adapter.register(RecognizerRegistry(supported_languages=["en"]))


def test_engine_has_only_piiscan_recognizers(engine: AnalyzerEngine) -> None:
    assert engine.supported_languages == [LANGUAGE]
    assert sorted(engine.get_supported_entities(LANGUAGE)) == sorted(ENTITY_ORDER)
    assert all(isinstance(r, adapter.PackRecognizer) for r in engine.registry.recognizers)
    assert isinstance(engine.nlp_engine, adapter.BlankSpacyNlpEngine)


# --------------------------------------------------------------------------- results and anonymizer


def test_to_recognizer_results_and_anonymize() -> None:
    text = "Courriel : jean.dupont@example.fr, né le 15/12/1985"
    findings = [
        Finding(entity="EMAIL_ADDRESS", start=11, end=33, text="", score=0.9000000238, field=None, record=0),
        Finding(entity="DATE_OF_BIRTH", start=41, end=51, text="", score=0.85, field=None, record=0),
    ]
    results = adapter.to_recognizer_results(findings)
    assert all(isinstance(r, RecognizerResult) for r in results)
    assert [(r.entity_type, text[r.start : r.end], r.score) for r in results] == [
        ("EMAIL_ADDRESS", "jean.dupont@example.fr", 0.9),
        ("DATE_OF_BIRTH", "15/12/1985", 0.85),
    ]
    assert adapter.anonymize(text, results) == "Courriel : j***@e****.fr, né le **/**/1985"
    tagged = adapter.anonymize(text, results, operators={"DEFAULT": OperatorConfig("replace")})
    assert tagged == "Courriel : <EMAIL_ADDRESS>, né le <DATE_OF_BIRTH>"


def test_analyzer_results_anonymize(engine: AnalyzerEngine) -> None:
    text = "passeport n° 05XT28741, NIR 1 85 03 75 116 001 27"
    assert adapter.anonymize(text, engine.analyze(text, language=LANGUAGE)) == (
        "passeport n° 05*******, NIR 1 ** ** ** *** *** **"
    )


def test_module_doctests() -> None:
    result = doctest.testmod(adapter, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# ---------------------------------------------------------------------------------- no network, lazy


def test_nothing_touches_the_network(no_network: None) -> None:
    engine = adapter.analyzer_engine(reference_date=REFERENCE)
    text = "Contact : a.nguyen@example.co.uk, mailto:x@example.com, +33 6 39 98 12 34"
    assert [e for e, _ in found(engine, text)] == ["EMAIL_ADDRESS", "EMAIL_ADDRESS", "PHONE_NUMBER"]
    assert adapter.anonymize(text, engine.analyze(text, language=LANGUAGE)).startswith("Contact : a***@e****.uk")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=False)


def test_nothing_touches_the_network_from_import_on() -> None:
    """In a fresh interpreter, with sockets refused before Presidio is even imported."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network access attempted')\n"
        "socket.socket.connect = socket.socket.connect_ex = refuse\n"
        "socket.create_connection = socket.getaddrinfo = refuse\n"
        "import piiscan.presidio as p\n"
        "e = p.analyzer_engine()\n"
        "r = e.analyze('Contact : jean.dupont@example.fr', language='fr')\n"
        "assert [x.entity_type for x in r] == ['EMAIL_ADDRESS'], r\n"
        "print(p.anonymize('Contact : jean.dupont@example.fr', r))\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "Contact : j***@e****.fr"


def test_import_piiscan_loads_neither_presidio_nor_spacy() -> None:
    """`import piiscan` stays light: Presidio and spaCy load only with `piiscan.presidio` (≈ 1 s)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import piiscan"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [line.split("|") for line in result.stderr.splitlines() if line.startswith("import time:")]
    cumulative = {row[2].strip(): int(row[1]) for row in rows[1:]}  # the first row is the header
    assert not [m for m in cumulative if re.match(r"(presidio|spacy|numba|pyarrow)", m)]
    cumulative_us = cumulative["piiscan"]
    print(f"import piiscan: {cumulative_us / 1000:.1f} ms")
    assert cumulative_us < 500_000
