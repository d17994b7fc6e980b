"""The notification paragraph declares exactly the entities found: never a category's whole list."""

from __future__ import annotations

import datetime as dt

import pytest

from piiscan import scan_bytes
from piiscan.entities.contract import CATEGORIES, CATEGORY_ORDER, ENTITY_ORDER
from piiscan.output.cnil import cnil_summary, data_list
from piiscan.output.labels import CATEGORY_LABELS, ENTITY_LABELS, ENTITY_SHORT

REF = dt.date(2026, 11, 23)
ALL_ENTITIES = sorted(ENTITY_LABELS)


def _report(found: dict[str, int]) -> dict:
    cats: dict[str, dict] = {}
    for ent in found:
        cats.setdefault(CATEGORIES[ent], {"entities": []})["entities"].append(ent)
    return {
        "categories": cats,
        "entities": {e: {"records_affected": n} for e, n in found.items()},
        "summary": {"estimated_persons": 7, "records_with_findings": 9},
    }


def test_labels_cover_the_registry_and_name_nothing_twice():
    """Every registered entity and every category has plain names, and no two share one (the page, the
    paragraph and the summary must never name two things alike)."""
    assert list(CATEGORY_LABELS) == list(CATEGORY_ORDER)
    assert list(ENTITY_LABELS) == list(ENTITY_ORDER)
    for lang in ("fr", "en"):
        for plural in (False, True):
            names = [label.get(lang, plural=plural) for label in ENTITY_LABELS.values()]
            assert all(names) and len(set(names)) == len(names), (lang, plural)
    assert all(ENTITY_SHORT.values()) and len(set(ENTITY_SHORT.values())) == len(ENTITY_SHORT)
    assert list(ENTITY_SHORT) == list(ENTITY_ORDER)


def test_every_category_and_entity_has_a_plain_name():
    assert set(CATEGORIES.values()) <= set(CATEGORY_LABELS)
    assert set(CATEGORIES) <= set(ENTITY_LABELS)
    assert "credentials" in CATEGORY_LABELS and {"PASSWORD", "PASSWORD_HASH"} <= set(ENTITY_LABELS)


@pytest.mark.parametrize("entity", ALL_ENTITIES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_one_entity_names_only_that_entity(entity, lang):
    """One entity of a category found: its name and count, no sibling's name, in both languages."""
    text = cnil_summary(_report({entity: 4321}), lang=lang)
    label = ENTITY_LABELS[entity]
    assert label.get(lang, plural=True) in text
    assert ("4\u202f321" if lang == "fr" else "4,321") in text
    for other, other_label in ENTITY_LABELS.items():
        if other != entity and other_label.get(lang, plural=True) not in label.get(lang, plural=True):
            assert other_label.get(lang, plural=True) not in text, (entity, other)


def test_passports_only_does_not_declare_id_cards_or_mrz():
    fr = cnil_summary(_report({"FR_PASSPORT": 3}), lang="fr")
    for absent in ("carte", "séjour", "MRZ"):
        assert absent not in fr
    en = cnil_summary(_report({"DATE_OF_BIRTH": 3}), lang="en")
    assert "dates of birth" in en and "names" not in en


def test_paragraph_of_a_real_scan_lists_the_entities_of_the_report():
    data = b"nom;passeport;courriel\nDUPONT;12AB34567;jean.dupont@exemple.fr\nMARTIN;13CD45678;\n"
    report = scan_bytes(data, reference_date=REF).data
    assert set(report["entities"]) == {"PERSON", "FR_PASSPORT", "EMAIL_ADDRESS"}
    fr = data_list(report, lang="fr")
    assert fr == (
        "pièces d'identité (numéros de passeport français : 2 enregistrements) ; "
        "état civil (noms ou prénoms : 2 enregistrements) ; "
        "coordonnées (adresses électroniques : 1 enregistrement)"
    )


def test_no_personal_data_is_not_a_low_severity():
    """Nothing found gives no severity level at all: "low" would read as an all-clear."""
    from piiscan.output.severity import assess_severity

    sev = assess_severity({"categories": {}, "entities": {}})
    assert sev["level"] == "none" and sev["score"] == 0 and "not assessed" in sev["summary"]["en"]
    assert assess_severity(_report({"EMAIL_ADDRESS": 1}))["level"] == "low"
