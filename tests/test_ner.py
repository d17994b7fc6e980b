"""`--ner`: names the kernel cannot see in prose, found by spaCy's French model (`piiscan.ner`).

Why these tests: the stage adds findings to the kernel's batches, so everything a finding promises must hold
for them too — byte offsets in the input's own encoding (UTF-8, cp1252, UTF-16 with its BOM), the record
and field of their cell, the kernel's keyed fingerprint (one person found both ways is one distinct value) —
while the kernel's own findings and every structured column stay exactly as without the option.  The model
must come from the installed package only: a missing model is a one-line usage error, never a download,
and nothing opens a socket.
"""

from __future__ import annotations

import codecs
import io
import json
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import piiscan.ner as ner
from piiscan.cli import main
from piiscan.errors import EXIT_USAGE
from piiscan.output.findings import FindingsBatch
from piiscan.scanner import Scanner, ScanOptions, derive_key
from piiscan.source.inputs import Input
from piiscan.tables import default_tables

ROOT = Path(__file__).resolve().parents[1]

PROSE = (
    "Note du 3 mars 2024\n"
    "Bonjour Aïcha, merci pour votre message concernant le rendez-vous.\n"
    "Selon Benali, le demandeur est arrivé en France en 2019.\n"
    "M. Jean DUPONT a déposé le dossier au guichet.\n"
    "L'agent Rousseau a vérifié le titre de séjour.\n"
    "Le courrier est parti au 12 rue Victor Hugo à Lyon.\n"
)
"""Lone names in prose (no title, no `Nom :`, no known `Prénom NOM` pair) that only the model finds, one name
the kernel finds (`M. Jean DUPONT`) and a street named after a person, which is not one."""

MODEL_NAMES = {"Aïcha": 1, "Benali": 2, "Rousseau": 4}
"""Model-only names of PROSE → their record (text line)."""

ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "cp1252": lambda text: text.encode("cp1252"),
    "utf-16": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
}


@pytest.fixture(scope="module")
def model() -> Any:
    """The real French model, loaded once for the module (each Scanner would otherwise load its own)."""
    return ner.load_model()


@pytest.fixture
def shared_model(model: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Scanners of one test reuse the module's model; returns the list that counts loads."""
    loads: list[int] = []

    def load(package: str = ner.MODEL_PACKAGE) -> Any:
        loads.append(1)
        return model

    monkeypatch.setattr(ner, "load_model", load)
    return loads


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way of reaching the network raises and is recorded (the list must stay empty)."""
    attempts: list[str] = []

    def refuse(what: str):
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(what)
            raise OSError(f"network disabled in tests ({what})")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    import spacy.cli

    monkeypatch.setattr(spacy.cli, "download", refuse("spacy.cli.download"))
    return attempts


def _findings(tmp_path: Path, data: bytes, *args: str, name: str = "in.txt") -> list[dict[str, Any]]:
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / f"{name}.{len(args)}.{'ner' if '--ner' in args else 'plain'}.jsonl"
    code = main(["scan", str(src), "--quiet", "--findings", str(out), "--key-file", str(_key(tmp_path)), *args])
    assert code == 0
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def _key(tmp_path: Path) -> Path:
    key = tmp_path / "key"
    if not key.exists():
        key.write_bytes(b"0123456789abcdef-test-key")
    return key


def _value(data: bytes, finding: dict[str, Any], encoding: str) -> str:
    raw = data[finding["offset"] : finding["offset"] + finding["length"]]
    return raw.decode("utf-16-le" if encoding == "utf-16" else encoding)


# ------------------------------------------------------------------------------------------ free text


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_ner_adds_names_with_exact_offsets(tmp_path: Path, shared_model: list[int], encoding: str) -> None:
    data = ENCODINGS[encoding](PROSE)
    plain = _findings(tmp_path, data)
    deep = _findings(tmp_path, data, "--ner")
    added = [f for f in deep if f not in plain]
    assert {_value(data, f, encoding): f["record"] for f in added} == MODEL_NAMES
    for f in added:
        assert (f["entity"], f["category"], f["field"], f["score"]) == ("PERSON", "civil_status", None, 0.6)
    # the kernel's findings are untouched, and the whole file stays in input order
    assert [f for f in deep if f in plain] == plain
    assert [f["offset"] for f in deep] == sorted(f["offset"] for f in deep)
    kernel_people = {_value(data, f, encoding) for f in plain if f["entity"] == "PERSON"}
    assert kernel_people == {"Jean DUPONT"}
    assert len(shared_model) == 1


def test_structured_columns_are_not_read(tmp_path: Path, shared_model: list[int]) -> None:
    csv = (
        "nom;prenom;ville;statut;observations\n"
        "DUBOIS;Aïcha;Annaba;Refusé;Selon Benali, le demandeur est arrivé en France en 2019.\n"
        "Rousseau;Karim;Oran;Accordé;Bonjour Aïcha, merci pour votre message concernant le rendez-vous.\n"
        "Lefebvre;Lucas;Lyon;En cours;RAS\n"
    ).encode("cp1252")
    plain = _findings(tmp_path, csv, name="dump.csv")
    deep = _findings(tmp_path, csv, "--ner", name="dump.csv")
    added = [f for f in deep if f not in plain]
    assert [(f["field"], f["record"], _value(csv, f, "cp1252")) for f in added] == [
        ("observations", 0, "Benali"),
        ("observations", 1, "Aïcha"),
    ]
    assert [f for f in deep if f in plain] == plain


def test_jsonl_escapes_map_back_to_raw_bytes(tmp_path: Path, shared_model: list[int]) -> None:
    """`"A\\u00efcha"` (ensure_ascii): the model reads `Aïcha`, the finding points at the escaped bytes."""
    lines = [
        {"nom": "DIALLO", "notes": "Bonjour Aïcha, merci pour votre message concernant le rendez-vous."},
        {"nom": "MARTIN", "notes": "Mme A\u00efcha DIALLO a rappelé ce matin au sujet du dossier."},
    ]
    data = "".join(json.dumps(line) + "\n" for line in lines).encode("ascii")
    deep = _findings(tmp_path, data, "--ner", name="notes.jsonl")
    model_found = [f for f in deep if f["score"] == 0.6]
    assert [(f["field"], f["record"], _value(data, f, "ascii")) for f in model_found] == [("notes", 0, "A\\u00efcha")]
    key = derive_key(_key(tmp_path).read_bytes())
    assert model_found[0]["fingerprint"] == f"{int(ner.person_fingerprint('Aïcha', *key)):016x}"
    kernel_aicha = [f for f in deep if f["entity"] == "PERSON" and f["field"] == "notes" and f["record"] == 1]
    assert [_value(data, f, "ascii") for f in kernel_aicha] == ["A\\u00efcha DIALLO"]


def test_without_ner_nothing_changes() -> None:
    """Off by default: no model, no spaCy import (the kernel's findings with `--ner` are checked above)."""
    assert ScanOptions().ner is False
    code = (
        "import sys, piiscan\n"
        f"r = piiscan.scan_bytes({PROSE.encode()!r}, format='text')\n"
        "assert r.count('PERSON') == 1, r.count('PERSON')\n"
        "assert 'spacy' not in sys.modules and 'piiscan.ner' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert Scanner()._ner is None


# -------------------------------------------------------------------------------------- fingerprints


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("M. Jean DUPONT", "Jean DUPONT"),
        ("Mme Aïcha BENSAÏD-ŒUVRAY", "Aïcha BENSAÏD-ŒUVRAY"),
        ("Nom : Ngọc", "Ngọc"),  # U+1ECD is past the kernel's fold tables: a separator there, not `o`
    ],
)
def test_fingerprint_equals_the_kernels(text: str, name: str) -> None:
    scanner = Scanner(ScanOptions(key=b"fingerprint-test-key", format="text", encoding="utf-8"))
    batches = list(scanner.scan_inputs([_memory(text.encode("utf-8"))]))
    people = [(b.value(i), int(b.hash[i])) for b in batches for i in range(len(b)) if b.entity_name(i) == "PERSON"]
    assert [v for v, _ in people] == [name]
    assert int(ner.person_fingerprint(name, scanner.k0, scanner.k1)) == people[0][1]


def test_json_fingerprint_reads_escapes_like_the_kernel() -> None:
    scanner = Scanner(ScanOptions(key=b"fingerprint-test-key", format="jsonl", encoding="utf-8"))
    data = json.dumps({"notes": "Mme Aïcha DIALLO est venue."}).encode("ascii")
    batches = list(scanner.scan_inputs([_memory(data, "a.jsonl")]))
    people = [(b.value(i), int(b.hash[i])) for b in batches for i in range(len(b)) if b.entity_name(i) == "PERSON"]
    assert people and people[0][0] == "A\\u00efcha DIALLO"
    assert int(ner.person_fingerprint(people[0][0], scanner.k0, scanner.k1, json=True)) == people[0][1]
    assert ner.person_fingerprint("Aïcha DIALLO", scanner.k0, scanner.k1) == people[0][1]


def test_one_person_found_both_ways_is_one_distinct_value(shared_model: list[int]) -> None:
    import piiscan

    text = "M. BENALI est venu au guichet.\nSelon Benali, le demandeur est arrivé en France.\n"
    report = piiscan.scan_bytes(text.encode(), format="text", ner=True)
    assert (report.entities["PERSON"]["findings"], report.entities["PERSON"]["distinct_values"]) == (2, 1)


# ------------------------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Bonjour Aïcha, merci.", "Bonjour Aïcha", "Aïcha"),
        ("Vu Mme Fatou Diallo hier.", "Mme Fatou Diallo", "Fatou Diallo"),
        ("Rapport de Jean de La Fontaine.", "Jean de La Fontaine", "Jean de La Fontaine"),
        ("Lettre d'Aïcha reçue.", "d'Aïcha", "Aïcha"),
        ("Vu Monsieur hier.", "Monsieur", None),
        ("vu dubois hier.", "dubois", None),
        ("Signé J. hier.", "J.", None),
        ("Signé J. D. hier.", "J. D.", None),
        ("Contact Dupont75 hier.", "Dupont75", None),
        ("Contact Dupont@exemple hier.", "Dupont@exemple", None),
        ("Au 12 rue Victor Hugo.", "Victor Hugo", None),
        ("Vu Jean dupont hier.", "Jean dupont", None),
        ("Cordialement, Bonjour Madame", "Bonjour Madame", None),
    ],
)
def test_non_names_are_dropped(text: str, span: str, expected: str | None) -> None:
    stage = ner.NerStage(default_tables(), np.uint64(1), np.uint64(2), nlp=object())
    start = text.index(span)
    got = stage.accept(text, start, start + len(span))
    assert (text[got[0] : got[1]] if got else None) == expected


def test_long_texts_are_cut_at_blanks() -> None:
    text = ("mot " * 6000).strip()
    pieces = list(ner._pieces(text, limit=1000))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1000 and text[off : off + len(p)] == p for off, p in pieces)
    assert all(p.endswith(" ") for _, p in pieces[:-1])


def test_stage_runs_on_the_consuming_thread_once_per_scanner(shared_model: list[int], monkeypatch) -> None:
    threads: list[str] = []
    call = ner.NerStage.__call__

    def spy(self: ner.NerStage, batch: FindingsBatch, *args: Any) -> FindingsBatch:
        threads.append(threading.current_thread().name)
        return call(self, batch, *args)

    monkeypatch.setattr(ner.NerStage, "__call__", spy)
    scanner = Scanner(ScanOptions(ner=True, format="text", encoding="utf-8", chunk_size=1 << 10, workers=2))
    names = [
        b.value(i) for b in scanner.scan_inputs([_memory((PROSE * 20).encode())]) for i in range(len(b)) if b.flag[i]
    ]
    assert len(threads) > 1 and set(threads) == {threading.current_thread().name}
    assert len(shared_model) == 1
    assert names.count("Benali") == 20


# ------------------------------------------------------------------------------------ model, network


def test_no_socket_while_loading_and_analysing(no_network: list[str]) -> None:
    scanner = Scanner(ScanOptions(ner=True, format="text", encoding="utf-8"))  # a real, fresh load of the model
    batches = list(scanner.scan_inputs([_memory(PROSE.encode())]))
    assert sorted(b.value(i) for b in batches for i in range(len(b)) if b.flag[i] == ner.F_NER) == sorted(MODEL_NAMES)
    assert no_network == []


@pytest.mark.parametrize("how", ["package", "spacy"])
def test_missing_model_is_a_one_line_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_network: list[str], how: str
) -> None:
    if how == "package":  # the model package is not installed
        import importlib.util

        find_spec = importlib.util.find_spec
        monkeypatch.setattr(
            importlib.util, "find_spec", lambda name, *a: None if name == ner.MODEL_PACKAGE else find_spec(name, *a)
        )
    else:  # spaCy itself is not installed
        monkeypatch.setitem(sys.modules, "spacy.util", None)
    src = tmp_path / "notes.txt"
    src.write_text(PROSE, encoding="utf-8")
    out = tmp_path / "findings.jsonl"
    code = main(["scan", str(src), "--ner", "--findings", str(out)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("piiscan: error: --ner needs") and "pip install 'piiscan-fr[ner]'" in err
    assert not out.exists()
    assert no_network == []


def _memory(data: bytes, name: str = "<text>") -> Input:
    return Input(name=name, compression=None, size=len(data), open=lambda: io.BytesIO(data))
