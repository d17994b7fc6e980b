"""Identity documents of other states (DESIGN.md §1: FOREIGN_PASSPORT, FOREIGN_ID_CARD).

The MRZs are built here with computed check digits, so that a changed rule shows as a failure rather than
as a fixture silently going invalid.  What is checked: the issuing state decides FR_* or FOREIGN_* in an
MRZ; a passport or identity-card column reports every document number, French or not; the French shapes
and whatever else a cell holds keep precedence; the validator never quotes the value; the registry carries
the new entities to the report's categories, labels and the fingerprint file's strong identifiers.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.api import scan_text
from piiscan.entities.contract import CATEGORIES, STRONG_IDENTIFIERS
from piiscan.output import labels
from piiscan.output.fingerprints import STRONG_ENTITIES
from piiscan.validators import docnumber
from piiscan.validators.exceptions import InvalidFormat, InvalidLength, ValidationError
from piiscan.validators.mrz import check_digit

REFERENCE = dt.date(2026, 1, 1)
FOREIGN = ("FOREIGN_PASSPORT", "FOREIGN_ID_CARD")


def td3(state: str, number: str, *, surname: str = "GARCIA", given_names: str = "JUAN") -> str:
    """A passport MRZ (2 x 44) issued by `state`, every check digit computed."""
    l1 = f"P<{state}{surname}<<{given_names}".ljust(44, "<")[:44]
    n = number.ljust(9, "<")
    personal = "<" * 14
    l2 = n + check_digit(n) + state + "850312" + check_digit("850312") + "M" + "310615" + check_digit("310615")
    l2 += personal + check_digit(personal)
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    return f"{l1}\n{l2}"


def td1(state: str, number: str, *, code: str = "ID", surname: str = "MUELLER", given_names: str = "ANNA") -> str:
    """An identity-card MRZ (3 x 30) issued by `state`, every check digit computed."""
    n = number.ljust(9, "<")
    l1 = (code + state + n + check_digit(n)).ljust(30, "<")
    l2 = "900801" + check_digit("900801") + "F" + "300101" + check_digit("300101") + state + "<" * 11
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    l3 = f"{surname}<<{given_names}".ljust(30, "<")[:30]
    return f"{l1}\n{l2}\n{l3}"


def _documents(text: str) -> list[tuple[str, str]]:
    wanted = {"FR_PASSPORT", "FR_ID_CARD", *FOREIGN}
    return [(f.entity, f.text) for f in scan_text(text, reference_date=REFERENCE) if f.entity in wanted]


@pytest.mark.parametrize(
    ("state", "number"),
    [("ESP", "PAB123456"), ("DEU", "C01X00T47"), ("MAR", "AB1234567"), ("USA", "561234879"), ("ESP", "12AB34567")],
)
def test_a_passport_mrz_of_another_state_gives_a_foreign_passport(state, number):
    # the last one has the French passport shape: the issuing state, not the shape, decides
    assert _documents(f"Bande MRZ :\n{td3(state, number)}\n") == [("FOREIGN_PASSPORT", number)]


@pytest.mark.parametrize(("state", "number"), [("ESP", "BAB123456"), ("DEU", "L01X00T47"), ("MAR", "BK123456")])
def test_an_id_card_mrz_of_another_state_gives_a_foreign_id_card(state, number):
    # `L01X00T47` has the CNIe shape and was counted as FR_ID_CARD before the issuing state was read
    assert _documents(td1(state, number)) == [("FOREIGN_ID_CARD", number)]


def test_french_mrzs_stay_french():
    assert _documents(td3("FRA", "12AB34567")) == [("FR_PASSPORT", "12AB34567")]
    assert _documents(td1("FRA", "X4RTBPFW4")) == [("FR_ID_CARD", "X4RTBPFW4")]
    # a French passport MRZ whose number is not the French shape is no document number of any kind
    assert _documents(td3("FRA", "AB1234567")) == []


def test_an_mrz_with_a_wrong_check_digit_gives_no_document_number():
    lines = td3("ESP", "PAB123456").split("\n")
    broken = lines[1][:9] + str((int(lines[1][9]) + 1) % 10) + lines[1][10:]
    assert _documents(f"{lines[0]}\n{broken}") == []


def _column(header: str, values: list[str]) -> list[tuple[str, str, int]]:
    text = header + ";Nom\n" + "".join(f"{v};DUPONT\n" for v in values)
    return [
        (f.entity, f.text, f.record)
        for f in scan_text(text, format="csv", reference_date=REFERENCE)
        if f.field == header
    ]


def _foreign_number(rng: random.Random) -> str:
    shape = rng.choice(["A99999999", "AA9999999", "999999999", "A999999", "AA999999", "A9999999", "AA99999AA9"])
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") if ch == "A" else rng.choice("0123456789") for ch in shape)


def test_every_value_of_a_passport_column_is_a_french_or_foreign_passport():
    rng = random.Random(17)
    french = [f"{rng.randrange(100):02d}{rng.choice('ABCDEF')}{rng.choice('KLMN')}{rng.randrange(100000):05d}"]
    values = [french[0] if i % 3 == 0 else _foreign_number(rng) for i in range(300)]
    values = [v if len(set(v)) > 1 else "AB123456" for v in values]  # a one-character run is a placeholder
    found = _column("N° passeport", values)
    assert [r for _, _, r in found] == list(range(len(values)))
    for (entity, text, record), value in zip(found, values, strict=True):
        assert text == value
        assert entity == ("FR_PASSPORT" if value == french[0] else "FOREIGN_PASSPORT"), record


def test_an_id_card_column_reports_foreign_numbers_and_keeps_the_french_shapes():
    found = _column("N° CNI", ["880175012345", "X4RTBPFW4", "BK123456", "483920175", "INCONNU", "000000000"])
    assert [(e, t) for e, t, _ in found] == [
        ("FR_ID_CARD", "880175012345"),
        ("FR_ID_CARD", "X4RTBPFW4"),
        ("FOREIGN_ID_CARD", "BK123456"),
        ("FOREIGN_ID_CARD", "483920175"),
    ]


def test_what_else_a_document_cell_holds_keeps_precedence():
    # a phone number typed into the passport column stays a phone number; a date, words and a one-character
    # placeholder are no document number; a column that names no document reports none
    found = _column("N° passeport", ["06 12 34 56 78", "0612345678", "2024-03-01", "en cours", "XXXXXX", "999999"])
    assert {e for e, _, _ in found} <= {"PHONE_NUMBER"}
    assert _column("N° dossier", ["AB1234567", "561234879"]) == []


def test_the_registry_carries_the_new_entities_everywhere():
    for name in FOREIGN:
        assert CATEGORIES[name] == "identity_document"
        assert name in STRONG_IDENTIFIERS and name in STRONG_ENTITIES
        assert labels.entity_label(name, "fr") != name and labels.entity_label(name, "en") != name


@given(st.text(max_size=40))
def test_validator_rule_and_silence(value):
    number = value.translate(str.maketrans("", "", " \t\u00a0\u202f\u2007")).strip()
    number = "".join(ch.upper() if "a" <= ch <= "z" else ch for ch in number)
    expected = (
        len(value) <= 32
        and 6 <= len(number) <= 12
        and all(ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" for ch in number)
        and any(ch in "0123456789" for ch in number)
        and len(set(number)) > 1
    )
    assert docnumber.is_valid(value) is expected
    try:
        assert docnumber.validate(value) == number
    except ValidationError as err:
        assert not expected
        # a fixed sentence of the validator's own, never built from the value
        assert str(err) in {InvalidLength.message, InvalidFormat.message, "The number is a placeholder."}
