"""The notification paragraph declares exactly the entities found: never a category's whole list."""

from __future__ import annotations

import datetime as dt

import pytest

from piiscan import scan_bytes
from piiscan.output.cnil import cnil_summary, data_list
from piiscan.output.labels import CATEGORY_LABELS, ENTITY_LABELS
from piiscan.pack import CATEGORIES

REF = dt.date(2026, 11, 23)
ALL_ENTITIES = sorted(ENTITY_LABELS)


def _report(found: dict[str, int]) -> dict:
    cats: dict[str, dict] = {}
    for ent in found:
        cats.setdefault(CATEGORIES.get(ent) or _category(ent), {"entities": []})["entities"].append(ent)
    return {
        "categories": cats,
        "entities": {e: {"records_affected": n} for e, n in found.items()},
        "summary": {"estimated_persons": 7, "records_with_findings": 9},
    }


DESIGN_CATEGORIES = {
    "identity_document": "FR_PASSPORT FR_ID_CARD FOREIGN_PASSPORT FOREIGN_ID_CARD FR_RESIDENCE_PERMIT "
    "FR_DRIVING_LICENCE MRZ",
    "national_identifier": "FR_NIR FR_TAX_ID",
    "civil_status": "PERSON DATE_OF_BIRTH",
    "nationality": "NATIONALITY",
    "contact": "EMAIL_ADDRESS PHONE_NUMBER STREET_ADDRESS",
    "financial": "IBAN_CODE",
    "credentials": "PASSWORD PASSWORD_HASH",
}


def _category(entity: str) -> str:
    """DESIGN.md §2, for the entities a pack may not detect yet."""
    return next(cat for cat, members in DESIGN_CATEGORIES.items() if entity in members.split())


def test_labels_cover_design_sections_1_and_2():
    assert set(CATEGORY_LABELS) == set(DESIGN_CATEGORIES)
    assert set(ENTITY_LABELS) == {e for members in DESIGN_CATEGORIES.values() for e in members.split()}


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
