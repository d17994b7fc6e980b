"""The entity registry and the contract computed from it (`piiscan.entities`)."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import numpy as np
import pytest

from piiscan.entities import contract
from piiscan.entities._descriptor import PHASES, Entity
from piiscan.entities.registry import REGISTRY
from piiscan.kernels import detect
from piiscan.output.redact import redact
from piiscan.tables import default_tables

PACK_DIR = Path(__file__).resolve().parents[1] / "recognizers" / "fr"


def test_registry_order_is_the_id_and_bit_of_every_entity() -> None:
    assert tuple(e.name for e in REGISTRY) == contract.ENTITY_ORDER
    for i, entity in enumerate(REGISTRY):
        assert contract.ENTITY_ID[entity.name] == i
        assert (contract.ENTITY_HINTS >> i) & 1
    assert contract.ENTITY_HINTS == (1 << contract.N_ENTITIES) - 1


def test_named_ids_are_the_registry_positions() -> None:
    """Each `E_*` of the contract (and of the kernel, which wraps them as np.int64) names its entity."""
    names = {
        "E_EMAIL": "EMAIL_ADDRESS",
        "E_PASSPORT": "FR_PASSPORT",
        "E_ID_CARD": "FR_ID_CARD",
        "E_NIR": "FR_NIR",
        "E_DOB": "DATE_OF_BIRTH",
        "E_NATIONALITY": "NATIONALITY",
        "E_PHONE": "PHONE_NUMBER",
        "E_IBAN": "IBAN_CODE",
        "E_RESIDENCE": "FR_RESIDENCE_PERMIT",
        "E_MRZ": "MRZ",
        "E_PERSON": "PERSON",
        "E_FOREIGN_PASSPORT": "FOREIGN_PASSPORT",
        "E_FOREIGN_ID_CARD": "FOREIGN_ID_CARD",
        "E_LICENCE": "FR_DRIVING_LICENCE",
        "E_PASSWORD": "PASSWORD",
        "E_PASSWORD_HASH": "PASSWORD_HASH",
        "E_ADDRESS": "STREET_ADDRESS",
    }
    for const, name in names.items():
        assert contract.ENTITY_ORDER[getattr(contract, const)] == name
        assert getattr(detect, const, getattr(contract, const)) == getattr(contract, const)


def test_non_entity_hint_bits_stay_clear_of_entity_bits_as_entities_grow() -> None:
    """Record date and sex sit at fixed high bits of the int64 mask, below the sign bit."""
    assert contract.HINT_RECORD_DATE != contract.HINT_SEX
    assert contract.N_ENTITIES < min(contract.HINT_SEX, contract.HINT_RECORD_DATE) < 63
    tables = default_tables()
    mask = tables.field_hints("date_creation")
    assert (mask >> contract.HINT_RECORD_DATE) & 1 and not (mask >> contract.E_DOB) & 1
    assert (tables.field_hints("civilite") >> contract.HINT_SEX) & 1
    assert tables.field_hints("date_naissance") & contract.ENTITY_HINTS == 1 << contract.E_DOB


def test_statistics_slots_are_dense_and_owned_by_their_entity() -> None:
    slots = contract.STAT_SLOTS
    assert sorted(slots.values()) == list(range(contract.N_STATS))
    for entity in REGISTRY:
        if entity.authenticity is not None:
            shaped, valid = entity.authenticity.counters[:2]
            assert shaped.endswith("_SHAPED") and valid == shaped.replace("_SHAPED", "_VALID")
            assert 0 < entity.authenticity.random_share < 1
    assert {e.name for e in REGISTRY if e.authenticity} == {"FR_NIR", "IBAN_CODE", "MRZ"}


@pytest.mark.parametrize("entity", REGISTRY, ids=lambda e: e.name)
def test_descriptor_is_complete(entity: Entity) -> None:
    """An entity module has a YAML beside it, a stdnum-style validator, known phases and a category."""
    module = importlib.import_module(f"piiscan.entities.{entity.name.lower()}")
    assert module.ENTITY is entity
    assert (PACK_DIR / f"{entity.name.lower()}.yaml").is_file()
    assert entity.category in contract.CATEGORY_ORDER
    assert entity.phases and set(entity.phases) <= set(PHASES)
    if entity.validator is not None:
        for name in ("validate", "is_valid"):
            assert callable(getattr(entity.validator, name, None)), (entity.validator_name, name)
    assert all(entity.label) and entity.short
    # the column profiler tries whole-cell shapes under a hint, and only a check the kernel runs can fail
    assert not entity.profile_trial or "cell" in entity.phases
    assert not entity.check_failures or (entity.validator is not None and entity.authenticity is not None)


def test_fingerprint_bytes_are_the_tags_not_the_positions() -> None:
    """Each entity hashes its own byte after its values (kernel, reference, names of the model alike), so a
    registry reordered or without one entity leaves the others' fingerprints and findings unchanged."""
    tags = [e.fingerprint_tag for e in REGISTRY]
    assert len(set(tags)) == len(tags)
    assert tuple(48 + t for t in tags) == contract.FINGERPRINT_BYTES
    assert detect.FINGERPRINT_BYTES.tolist() == list(contract.FINGERPRINT_BYTES)
    with pytest.raises(ValueError, match="fingerprint tag"):
        dataclasses.replace(REGISTRY[0], fingerprint_tag=255)


def test_fingerprint_of_a_value_is_its_entity_tag_after_its_normalised_bytes(tmp_path: Path) -> None:
    from piiscan.kernels.checks import siphash24
    from piiscan.scanner import Scanner, ScanOptions

    path = tmp_path / "contacts.csv"
    path.write_text("courriel\njean.dupont@exemple.fr\n", encoding="utf-8")
    scanner = Scanner(ScanOptions(key=b"k" * 32, workers=1))
    [(entity, fingerprint)] = [
        (int(e), int(h)) for batch in scanner.scan([str(path)]) for e, h in zip(batch.entity, batch.hash, strict=True)
    ]
    assert entity == contract.E_EMAIL
    norm = b"jean.dupont@exemple.fr" + bytes([48 + contract.descriptor("EMAIL_ADDRESS").fingerprint_tag])
    buf = np.frombuffer(norm, np.uint8)
    assert np.uint64(fingerprint) == np.uint64(siphash24(np.uint64(scanner.k0), np.uint64(scanner.k1), buf, len(buf)))


def test_derived_tables_follow_the_descriptors() -> None:
    assert contract.PERSON_KEY_PRIORITY[contract.E_NIR] < contract.PERSON_KEY_PRIORITY[contract.E_EMAIL]
    assert contract.PERSON_KEY_PRIORITY[contract.E_NATIONALITY] == max(contract.PERSON_KEY_PRIORITY)
    assert "FR_NIR" in contract.STRONG_IDENTIFIERS and "PERSON" not in contract.STRONG_IDENTIFIERS
    assert {e.validator_name for e in REGISTRY} - {None} == contract.VALIDATOR_NAMES


def test_preview_policy_comes_from_the_descriptor() -> None:
    assert redact("FR_PASSPORT", "12AB34567") == "12*******"
    assert redact("FR_RESIDENCE_PERMIT", "7501234567") == "**********"
    assert redact("NATIONALITY", "française") == "f********"
    assert redact("NOT_AN_ENTITY", "abc") == "***"
