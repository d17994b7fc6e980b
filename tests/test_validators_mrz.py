"""MRZ: the brief's synthetic examples, ICAO's own specimens, and generated documents of each layout."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.validators import mrz
from piiscan.validators.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

SETTINGS = settings(max_examples=200, deadline=None)

TD3 = ("P<FRAZNIBER<<GHIZLANE<<<<<<<<<<<<<<<<<<<<<<<", "11EU556877FRA9108253F2703202<<<<<<<<<<<<<<04")
TD1 = ("IDFRAU73L04EYC7<<<<<<<<<<<<<<<", "5709294M3403255FRA<<<<<<<<<<<0", "THOMAS<<GILBERT<<<<<<<<<<<<<<<")
CNI = ("IDFRABAZIN<<<<<<<<<<<<<<<<<<<<343987", "1106343723022GUY<<JACQUES<<8705220M9")
# ICAO Doc 9303 specimens (fictional holder, state "Utopia")
ICAO_TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
ICAO_TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
ICAO_TD1_LONG_NUMBER = (  # part 5's specimen of a document number longer than 9 characters
    "I<UTOD23145890<7349<<<<<<<<<<<",
    "3407127M9507122UTO<<<<<<<<<<<2",
    "STEVENSON<<PETER<JOHN<<<<<<<<<",
)


def ref_check(text: str) -> str:
    """ICAO 9303 check digit, written independently: 7-3-1 weights, '<' = 0, A = 10 … Z = 35."""
    values = [0 if c == "<" else int(c, 36) for c in text]
    return str(sum(v * (7, 3, 1)[i % 3] for i, v in enumerate(values)) % 10)


def test_brief_examples_validate() -> None:
    assert mrz.is_valid_td3(*TD3)
    assert mrz.is_valid_td1(*TD1)
    assert mrz.is_valid_fr_cni(*CNI)
    for lines, kind in ((TD3, "TD3"), (TD1, "TD1"), (CNI, "FR_CNI")):
        assert mrz.validate_lines(list(lines)).kind == kind
        assert mrz.validate("\n".join(lines)) == "\n".join(lines)
        assert mrz.validate("".join(lines)) == "\n".join(lines), "lines pasted without a newline"
        assert mrz.is_valid("  " + "\r\n  ".join(lines) + "\n\n")


def test_icao_specimens_validate() -> None:
    r = mrz.parse_td3(*ICAO_TD3)
    assert (r.surname.value, r.given_names.value) == ("ERIKSSON", "ANNA MARIA")
    assert r.optional_data[0].value == "ZE184226B"
    r = mrz.parse_td1(*ICAO_TD1)
    assert r.document_number.value == "D23145890"
    assert (r.birth_date.value, r.expiry_date.value) == ("740812", "120415")
    r = mrz.parse_td1(*ICAO_TD1_LONG_NUMBER)
    assert (r.document_number.value, r.document_number.start, r.document_number.end) == ("D23145890734", 5, 18)
    assert r.optional_data[0].value == ""


def test_old_cni_final_check_covers_line_1_and_line_2() -> None:
    """The final digit of the 2 × 36 card is computed over line 1 + line 2[:35], not line 2 alone."""
    l1, l2 = CNI
    assert ref_check(l1 + l2[:35]) == l2[35]
    assert ref_check(l2[:35]) != l2[35]
    # so a change in the surname, which no other digit covers, is caught
    assert not mrz.is_valid_fr_cni(l1.replace("BAZIN", "BAZIM"), l2)


def test_fields_and_spans() -> None:
    r = mrz.parse_td3(*TD3)
    for field in (r.document_number, r.nationality, r.birth_date, r.sex, r.expiry_date, r.surname):
        assert field is not None
        text = r.lines[field.line][field.start : field.end]
        assert text.replace("<", " ") == field.value or text.replace("<", "") == field.value.replace(" ", "")
    assert (r.birth_date.line, r.birth_date.start, r.birth_date.end) == (1, 13, 19)
    assert (r.given_names.start, r.given_names.end, r.given_names.value) == (13, 21, "GHIZLANE")
    r = mrz.parse_fr_cni(*CNI)
    assert r.nationality is None and r.expiry_date is None
    assert r.optional_data[0].value == "343987"
    assert (r.given_names.value, r.given_names.start, r.given_names.end) == ("GUY JACQUES", 13, 25)
    with pytest.raises(AttributeError):
        r.kind = "TD3"  # type: ignore[misc]  # frozen


def test_check_digit_known_values() -> None:
    assert mrz.check_digit("L898902C3") == "6"
    assert mrz.check_digit("740812") == "2"
    assert mrz.check_digit("") == "0"
    with pytest.raises(InvalidFormat):
        mrz.check_digit("l898902c3")


@SETTINGS
@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<", max_size=60))
def test_check_digit_matches_reference(text: str) -> None:
    assert mrz.check_digit(text) == ref_check(text)


# --- generated documents ---------------------------------------------------------------------------

letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=10)
yymmdd = st.dates().map(lambda d: d.strftime("%y%m%d"))


def pad(text: str, width: int) -> str:
    return (text + "<" * width)[:width]


@st.composite
def td3_lines(draw: st.DrawFn) -> tuple[str, str]:
    number = draw(st.from_regex(r"\A[0-9]{2}[A-Z]{2}[0-9]{5}\Z"))
    nationality = draw(st.sampled_from(["FRA", "DZA", "MAR", "SEN", "D<<"]))
    birth, expiry = draw(yymmdd), draw(yymmdd)
    sex = draw(st.sampled_from("MFX<"))
    personal = pad(draw(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=14)), 14)
    personal_check = "<" if personal == "<" * 14 and draw(st.booleans()) else ref_check(personal)
    head = number + ref_check(number) + nationality + birth + ref_check(birth)
    body = head + sex + expiry + ref_check(expiry) + personal + personal_check
    line2 = body + ref_check(body[0:10] + body[13:20] + body[21:43])
    names = "<<".join(["<".join(draw(st.lists(letters, min_size=1, max_size=2))) for _ in range(2)])
    return pad("P<FRA" + names, 44), line2


@st.composite
def td1_lines(draw: st.DrawFn) -> tuple[str, str, str]:
    long_number = draw(st.booleans())
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if long_number:  # ICAO overflow: '<' at 14, the rest and the check digit in the optional data
        number = draw(st.text(alphabet=alnum, min_size=10, max_size=13))
        line1 = pad("IRFRA" + number[:9] + "<" + number[9:] + ref_check(number), 30)
    else:
        number = draw(st.text(alphabet=alnum, min_size=9, max_size=9))
        line1 = pad("IDFRA" + number + ref_check(number), 30)
    birth, expiry = draw(yymmdd), draw(yymmdd)
    sex = draw(st.sampled_from("MF"))
    body = birth + ref_check(birth) + sex + expiry + ref_check(expiry) + "FRA" + "<" * 11
    line2 = body + ref_check(line1[5:30] + body[0:7] + body[8:15] + body[18:29])
    names = draw(letters) + "<<" + draw(letters)
    return line1, line2, pad(names, 30)


@st.composite
def cni_lines(draw: st.DrawFn) -> tuple[str, str]:
    card = draw(st.from_regex(r"\A[0-9]{4}[0-9A-Z]{3}[0-9]{5}\Z"))
    surname = draw(letters)
    office = draw(st.from_regex(r"\A[0-9A-Z]{6}\Z"))
    line1 = "IDFRA" + pad(surname, 25) + office
    given = pad("<<".join(draw(st.lists(letters.map(lambda s: s[:5]), min_size=1, max_size=2))), 14)
    birth = draw(yymmdd)
    sex = draw(st.sampled_from("MF"))
    body = card + ref_check(card) + given + birth + ref_check(birth) + sex
    return line1, body + ref_check(line1 + body)


@st.composite
def td2_or_visa_lines(draw: st.DrawFn) -> tuple[str, str]:
    """A TD2 (2 x 36, codes I/A/C, sometimes a long number continued in the optional data: ICAO 9303 part 6
    note j), or a visa MRV-A (2 x 44) / MRV-B (2 x 36): TD3's line 2 head, no composite check digit."""
    kind = draw(st.sampled_from(["TD2", "MRV_A", "MRV_B"]))
    width = 44 if kind == "MRV_A" else 36
    codes = ["I<", "ID", "AR", "C<"] if kind == "TD2" else ["V<", "VC", "VD"]
    code = draw(st.sampled_from(codes))
    state = draw(st.sampled_from(["FRA", "DEU", "D<<", "UTO", "MAR"]))
    if code + state == "IDFRA":  # the old French CNI (France issues no TD2)
        state = "UTO"
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    number = draw(st.text(alphabet=alnum, min_size=9, max_size=13 if kind == "TD2" else 9))
    if len(number) > 9:
        head, optional = number[:9] + "<", number[9:] + ref_check(number)
    else:
        head, optional = number + ref_check(number), ""
    birth, expiry = draw(yymmdd), draw(yymmdd)
    body = head + draw(st.sampled_from(["FRA", "DZA", "SEN"])) + birth + ref_check(birth)
    body += draw(st.sampled_from("MFX<")) + expiry + ref_check(expiry)
    if kind == "TD2":
        body = pad(body + optional, 35)
        line2 = body + ref_check(body[0:10] + body[13:20] + body[21:35])
    else:
        line2 = pad(body, width)
    names = "<<".join(["<".join(draw(st.lists(letters, min_size=1, max_size=2))) for _ in range(2)])
    return pad(code + state + names, width), line2


@st.composite
def any_mrz(draw: st.DrawFn) -> tuple[str, ...]:
    return draw(st.one_of(td3_lines(), td1_lines(), cni_lines(), td2_or_visa_lines()))


@SETTINGS
@given(lines=any_mrz())
def test_generated_mrzs_validate(lines: tuple[str, ...]) -> None:
    result = mrz.validate_lines(list(lines))
    assert result.lines == lines
    assert mrz.is_valid("\n".join(lines))
    for field in (result.document_number, result.birth_date, result.surname):
        assert 0 <= field.start <= field.end <= len(lines[field.line])


@SETTINGS
@given(lines=td1_lines())
def test_td1_document_number_overflow(lines: tuple[str, str, str]) -> None:
    result = mrz.parse_td1(*lines)
    number = result.document_number
    assert lines[0][number.start : number.end].replace("<", "") == number.value
    assert 9 <= len(number.value) <= 13


@SETTINGS
@given(lines=td2_or_visa_lines())
def test_td2_and_visas(lines: tuple[str, str]) -> None:
    """Layout by size and document code; a TD2's long number is its 9 principal characters (the span) and
    the rest before the optional data's check digit; a visa number is read (and checked) like any other."""
    result = mrz.validate_lines(list(lines))
    expected = {("V", 44): "MRV_A", ("V", 36): "MRV_B"}.get((lines[0][0], len(lines[0])), "TD2")
    assert result.kind == expected == mrz.layout(list(lines))
    number = result.document_number
    assert (number.line, number.start, number.end) == (1, 0, 9) or len(lines[1][:9].rstrip("<")) < 9
    if lines[1][9] == "<" and result.kind == "TD2":
        assert number.value == lines[1][:9] + lines[1][28:].split("<")[0][:-1]
    else:
        assert number.value == lines[1][:9].rstrip("<")
    assert result.nationality is not None and result.nationality.value == lines[1][10:13]
    assert (result.birth_date.line, result.birth_date.start) == (1, 13)


def test_visa_number_is_never_continued() -> None:
    """Only TD1 and TD2 continue a long number: a visa with `<` as its number's check digit is invalid
    unless the number is blank (and an MRV-A is not a TD3: a passport's line 2 under `V` is a visa)."""
    l1 = pad("VCFRAHADDAD<<YASMINE", 44)
    l2 = pad("FRA123456<DZA9203147F2709019" + "1" + "<", 44)
    with pytest.raises(InvalidChecksum):
        mrz.parse_mrv_a(l1, l2)
    assert mrz.validate_lines([l1.replace("VC", "P<"), TD3[1]]).kind == "TD3"
    assert mrz.validate_lines([l1, TD3[1]]).kind == "MRV_A"


@SETTINGS
@given(lines=any_mrz(), data=st.data())
def test_one_digit_changed_is_caught(lines: tuple[str, ...], data: st.DataObject) -> None:
    """Changing a digit that a check digit covers (a date, a number, a check digit) invalidates the MRZ."""
    line = data.draw(st.sampled_from([i for i, text in enumerate(lines) if any(c.isdigit() for c in text)]))
    text = lines[line]
    kind = mrz.validate_lines(list(lines)).kind
    unchecked = {("TD1", 0): range(0, 5), ("FR_CNI", 0): range(0, 5)}.get((kind, line), range(0))
    positions = [i for i, c in enumerate(text) if c.isdigit() and i not in unchecked]
    if not positions:
        return
    i = data.draw(st.sampled_from(positions))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != text[i]]))
    corrupted = list(lines)
    corrupted[line] = text[:i] + digit + text[i + 1 :]
    with pytest.raises(InvalidChecksum):
        mrz.validate_lines(corrupted)


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        ([], InvalidLength),
        ([TD3[0]], InvalidLength),
        ([TD3[0], TD3[1][:-1]], InvalidLength),
        ([TD1[0], TD1[1]], InvalidLength),
        ([TD3[0].replace("P<", "X<"), TD3[1]], InvalidFormat),
        ([TD3[0], TD3[1].replace("F27", "Z27")], InvalidFormat),
        ([CNI[0].replace("IDFRA", "IDBEL"), CNI[1]], InvalidFormat),  # read as a TD2, whose fields it breaks
        ([TD1[0], TD1[1], TD1[2].lower()], InvalidFormat),
        ([TD3[0], TD3[1][:-1] + "5"], InvalidChecksum),
    ],
)
def test_rejections(lines: list[str], error: type[Exception]) -> None:
    with pytest.raises(error):
        mrz.validate_lines(lines)


def test_parse_without_checks() -> None:
    bad = TD3[1][:-1] + "5"
    assert mrz.parse_td3(TD3[0], bad, check=False).document_number.value == "11EU55687"
    with pytest.raises(InvalidChecksum):
        mrz.parse_td3(TD3[0], bad)


def test_blank_expiry_date_with_a_filler_check_digit() -> None:
    """A TD1 without expiry date (all fillers) may carry a filler as the date's check digit; a filled-in
    date may not, nor may a blank date whose check digit is another digit than 0."""
    l1 = "IDFRAU73L04EYC" + mrz.check_digit("U73L04EYC") + "<" * 15
    head = "900312" + mrz.check_digit("900312") + "F"
    for expiry, check in (("<<<<<<", "<"), ("<<<<<<", "0")):
        l2 = head + expiry + check + "FRA" + "<" * 11
        l2 += mrz.check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
        result = mrz.parse_td1(l1, l2, "THOMAS<<GILBERT".ljust(30, "<"))
        assert result.expiry_date is not None and result.expiry_date.value == ""
    for expiry, check in (("<<<<<<", "1"), ("340325", "<")):
        l2 = head + expiry + check + "FRA" + "<" * 11
        l2 += mrz.check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
        assert not mrz.is_valid("\n".join((l1, l2, "THOMAS<<GILBERT".ljust(30, "<"))))
