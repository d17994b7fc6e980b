"""MRZ (machine-readable zone) of French identity documents, with ICAO 9303 check digits.

A valid MRZ in a dump is a scan or OCR of an identity document: it carries the document number, date of
birth, nationality and names at once, each protected by check digits, so it is both strong evidence and a
source of the other entities.  The layouts found in French dumps:

* **TD3** (passport), 2 lines of 44 (ICAO 9303 part 4);
* **TD1** (2021 CNIe, residence permit, foreign identity cards), 3 lines of 30 (ICAO 9303 part 5), a
  document number longer than 9 characters continued in the optional data;
* **TD2** (foreign identity cards and residence documents), 2 lines of 36 (ICAO 9303 part 6);
* **MRV-A** and **MRV-B**, visas (France-Visas files hold them), 2 lines of 44 and 36 (ICAO 9303 part 7):
  TD3's and TD2's line 2 without the composite check digit.  Their document number is the visa's own
  number (a visa is neither a passport nor an identity card: the scanner reports it inside the MRZ only);
* **FR_CNI**, the old French identity card (1988–2021), 2 lines of 36.  It has the length of an ICAO TD2
  but not its layout: line 1 is ``IDFRA`` + surname (25) + administrative code (department 3 + office 3);
  line 2 is the 12-character card number + check digit, given names (14), birth date + check digit, sex
  and a final check digit computed over **line 1 and the first 35 characters of line 2** (not line 2
  alone, as one might guess from ICAO's composite digits).

Check digit (ICAO 9303 part 3): characters are worth ``0``–``9`` → 0–9, ``A``–``Z`` → 10–35, ``<`` → 0;
they are multiplied by the repeating weights 7, 3, 1; the digit is the sum modulo 10.

Parsers return an `MrzResult` whose fields keep their positions (line index, start, end within the line),
so a scanner can report the document number or the birth date found inside an MRZ line.

All examples are synthetic.

>>> check_digit('11EU55687')
'7'
>>> r = validate_lines([
...     'P<FRAZNIBER<<GHIZLANE<<<<<<<<<<<<<<<<<<<<<<<',
...     '11EU556877FRA9108253F2703202<<<<<<<<<<<<<<04',
... ])
>>> r.kind, r.document_number.value, r.birth_date.value, r.nationality.value, r.sex.value
('TD3', '11EU55687', '910825', 'FRA', 'F')
>>> r.surname.value, r.given_names.value
('ZNIBER', 'GHIZLANE')
>>> r.document_number.line, r.document_number.start, r.document_number.end
(1, 0, 9)
>>> r = parse_td1('IDFRAU73L04EYC7<<<<<<<<<<<<<<<',
...               '5709294M3403255FRA<<<<<<<<<<<0',
...               'THOMAS<<GILBERT<<<<<<<<<<<<<<<')
>>> r.document_number.value, r.expiry_date.value, r.given_names.value
('U73L04EYC', '340325', 'GILBERT')
>>> r = parse_fr_cni('IDFRABAZIN<<<<<<<<<<<<<<<<<<<<343987', '1106343723022GUY<<JACQUES<<8705220M9')
>>> r.document_number.value, r.surname.value, r.given_names.value, r.birth_date.value
('110634372302', 'BAZIN', 'GUY JACQUES', '870522')
>>> r = validate_lines(['VCFRAHADDAD<<YASMINE<<<<<<<<<<<<<<<<<<<<<<<<',
...                     'FRA1234561DZA9203147F2709019<<<<<<<<<<<<<<<<'])
>>> r.kind, r.document_number.value, r.nationality.value, r.surname.value
('MRV_A', 'FRA123456', 'DZA', 'HADDAD')
>>> r = parse_td2('I<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<', 'T220001293D<<6408125F2710316<<<<<<<4')
>>> r.kind, r.issuing_state.value, r.document_number.value, r.given_names.value
('TD2', 'D', 'T22000129', 'ERIKA')
>>> r = parse_td1('I<UTOD23145890<7349<<<<<<<<<<<',
...               '7408122F1204159UTO<<<<<<<<<<<6',
...               'ERIKSSON<<ANNA<MARIA<<<<<<<<<<')
>>> r.document_number.value, (r.document_number.start, r.document_number.end)
('D23145890734', (5, 18))
>>> is_valid_fr_cni('IDFRABAZIN<<<<<<<<<<<<<<<<<<<<343987', '1106343723022GUY<<JACQUES<<8705221M9')
False
>>> validate('P<FRAZNIBER<<GHIZLANE<<<<<<<<<<<<<<<<<<<<<<<\\n11EU556877FRA9108253F2703202<<<<<<<<<<<<<<05')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidChecksum: The composite check digit is invalid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from ._shape import passes
from .exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

__all__ = [
    "Field",
    "MrzKind",
    "MrzResult",
    "check_digit",
    "compact",
    "is_valid",
    "is_valid_fr_cni",
    "is_valid_td1",
    "is_valid_td3",
    "layout",
    "parse_fr_cni",
    "parse_mrv_a",
    "parse_mrv_b",
    "parse_td1",
    "parse_td2",
    "parse_td3",
    "validate",
    "validate_lines",
]

MrzKind = Literal["TD3", "TD2", "TD1", "MRV_A", "MRV_B", "FR_CNI"]

_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
_WEIGHTS = (7, 3, 1)
_MRZ_CHARS = frozenset(_VALUES)
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ<")
_DATE_CHARS = frozenset("0123456789<")
_SEXES = frozenset("MFX<")
_SPACES = dict.fromkeys(map(ord, " \t\u00a0\u202f\u2007"))  # never MRZ characters: OCR noise
_MAX_INPUT = 512  # three lines of 30 with CRLF and a little padding; anything longer is not one MRZ


@dataclass(frozen=True, slots=True)
class Field:
    """One field of an MRZ: its value and where it sits.

    `value` is the field without its trailing ``<`` fillers.  In names, any run of fillers between two
    components reads as one space (``GUY<<JACQUES`` → ``GUY JACQUES``); in other fields a ``<`` inside
    reads as a space.  ``lines[line][start:end]`` is the field's text as written, trailing fillers
    excluded; an empty field has ``start == end``.
    """

    value: str
    line: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MrzResult:
    """A parsed MRZ.  `nationality` and `expiry_date` are None for the old CNI, which has neither
    (its holder is French by definition; its validity is not in the MRZ).

    `optional_data` holds what the layout leaves to the issuer: the personal number (TD3), the two
    optional data fields (TD1), the administrative code department + office (FR_CNI).
    """

    kind: MrzKind
    lines: tuple[str, ...]
    document_code: Field
    issuing_state: Field
    document_number: Field
    birth_date: Field
    sex: Field
    surname: Field
    given_names: Field
    nationality: Field | None
    expiry_date: Field | None
    optional_data: tuple[Field, ...]


def check_digit(text: str) -> str:
    """The ICAO 9303 check digit of `text` (``0-9``, ``A-Z``, ``<``).

    >>> check_digit('870522')
    '0'
    >>> check_digit('<<<<<<<<<')
    '0'
    >>> check_digit('ab')
    Traceback (most recent call last):
        ...
    piiscan.validators.exceptions.InvalidFormat: The MRZ contains an invalid character.
    """
    total = 0
    for i, char in enumerate(text):
        value = _VALUES.get(char)
        if value is None:
            raise InvalidFormat("The MRZ contains an invalid character.")
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


def _field(line_text: str, line: int, start: int, end: int) -> Field:
    """A plain field (document number, code, date): trailing fillers dropped."""
    text = line_text[start:end].rstrip("<")
    return Field(text.replace("<", " "), line, start, start + len(text))


def _name_field(line_text: str, line: int, start: int, end: int) -> Field:
    """A name field: components separated by one or more fillers, read as single spaces."""
    text = line_text[start:end].rstrip("<")
    return Field(" ".join(part for part in text.split("<") if part), line, start, start + len(text))


def _names(line_text: str, line: int, start: int, end: int) -> tuple[Field, Field]:
    """Split an ICAO name zone into primary identifier (surname) and secondary identifiers (given names)."""
    zone = line_text[start:end]
    cut = zone.find("<<")
    if cut < 0:  # only a surname, truncated to the full width
        return _name_field(line_text, line, start, end), Field("", line, end, end)
    given = cut + 2
    return _name_field(line_text, line, start, start + cut), _name_field(line_text, line, start + given, end)


def _check_charset(lines: Sequence[str]) -> None:
    """Every character is one the MRZ alphabet has (upper-case letters, digits, ``<``)."""
    for line in lines:
        if not _MRZ_CHARS.issuperset(line):
            raise InvalidFormat("The MRZ contains an invalid character.")


def _check_fields(birth: str, sex: str, names: Sequence[str], codes: Sequence[str]) -> None:
    """Shared field shapes: date digits (``<`` for unknown parts), sex, letters-only names and state codes."""
    if not _DATE_CHARS.issuperset(birth):
        raise InvalidFormat("The MRZ date of birth is malformed.")
    if sex not in _SEXES:
        raise InvalidFormat("The MRZ sex field is malformed.")
    if not all(_NAME_CHARS.issuperset(part) for part in (*names, *codes)):
        raise InvalidFormat("The MRZ name or country field is malformed.")


def _verify(data: str, digit: str, message: str) -> None:
    """Check `digit` against `data`.  A field left blank (all fillers: a document without expiry date, an
    unused optional field) may carry a filler as its check digit, as the kernel reads it (fillers weigh 0)."""
    if digit == "<" and not data.strip("<"):
        return
    if check_digit(data) != digit:
        raise InvalidChecksum(message)


def _expect_lengths(lines: Sequence[str], length: int) -> None:
    if any(len(line) != length for line in lines):
        raise InvalidLength("An MRZ line has an invalid length.")


# Line 2 of every two-line ICAO layout (TD3, TD2, MRV-A, MRV-B) has the same head: document number 0-9 +
# check 9, nationality 10-13, birth date 13-19 + check 19, sex 20, expiry 21-27 + check 27; optional data from
# 28 to the end, less the composite check digit where the layout has one (not the visas).
_TWO_LINE_CODES = {"TD3": "P", "TD2": "IAC", "MRV_A": "V", "MRV_B": "V"}
_TWO_LINE_WIDTHS = {"TD3": 44, "TD2": 36, "MRV_A": 44, "MRV_B": 36}


def _document_number(text: str, line: int, start: int, optional: tuple[int, int], check: bool) -> tuple[Field, Field]:
    """Document number (9 characters at `start`, check digit after them) and the optional data field
    `optional` (start, end) of line `line`, following ICAO's overflow rule (9303 parts 5 and 6).

    A number longer than 9 characters has ``<`` at the check position and continues at the start of the
    optional data, where its last character before the next ``<`` is the check digit of the whole number.
    When the continuation follows the check position (TD1), the number's span runs over both; otherwise
    (TD2: the optional data is after the dates) it is the 9 principal characters, the value the whole number.
    """
    head, digit = text[start : start + 9], text[start + 9]
    if digit != "<" or optional[0] == optional[1]:
        if check:
            _verify(head, digit, "The document number check digit is invalid.")
        return _field(text, line, start, start + 9), _field(text, line, optional[0], optional[1])
    tail = text[optional[0] : optional[1]].split("<", 1)[0]
    if len(tail) < 2:
        raise InvalidFormat("The MRZ document number is malformed.")
    number = head + tail[:-1]
    if check:
        _verify(number, tail[-1], "The document number check digit is invalid.")
    rest = optional[0] + len(tail)
    end = rest - 1 if optional[0] == start + 10 else start + 9
    return Field(number.replace("<", " "), line, start, end), _field(text, line, rest, optional[1])


def _parse_two_line(kind: MrzKind, line1: str, line2: str, check: bool) -> MrzResult:
    """TD3 (passport), TD2 (identity card or residence document) and visas MRV-A / MRV-B.

    Line 1: document code 0-2, issuing state 2-5, names 5-end.  Line 2: see `_TWO_LINE_CODES`.  TD3 has a
    personal number 28-42 + check 42 (``<`` allowed when the number is empty), TD2 optional data 28-35;
    both close with a composite check over 0-10, 13-20 and 21 to the end.  Visas have no composite check
    and optional data 28 to the end.  Only TD2 documents may continue a long number in the optional data.
    """
    width = _TWO_LINE_WIDTHS[kind]
    _expect_lengths((line1, line2), width)
    _check_charset((line1, line2))
    if line1[0] not in _TWO_LINE_CODES[kind]:
        raise InvalidFormat("The MRZ document code does not match its layout.")
    _check_fields(line2[13:19], line2[20], (line1[5:],), (line1[2:5], line2[10:13]))
    if not _DATE_CHARS.issuperset(line2[21:27]):
        raise InvalidFormat("The MRZ expiry date is malformed.")
    visa = kind in ("MRV_A", "MRV_B")
    optional = (28, width if visa else 42 if kind == "TD3" else 35)
    number, optional_data = _document_number(line2, 1, 0, optional if kind == "TD2" else (28, 28), check)
    if kind != "TD2":
        optional_data = _field(line2, 1, *optional)
    if check:
        _verify(line2[13:19], line2[19], "The date of birth check digit is invalid.")
        _verify(line2[21:27], line2[27], "The expiry date check digit is invalid.")
        if kind == "TD3" and not (line2[42] == "<" and line2[28:42] == "<" * 14):
            _verify(line2[28:42], line2[42], "The personal number check digit is invalid.")
        if not visa:
            composite = line2[0:10] + line2[13:20] + line2[21 : width - 1]
            _verify(composite, line2[width - 1], "The composite check digit is invalid.")
    surname, given = _names(line1, 0, 5, width)
    return MrzResult(
        kind=kind,
        lines=(line1, line2),
        document_code=_field(line1, 0, 0, 2),
        issuing_state=_field(line1, 0, 2, 5),
        document_number=number,
        birth_date=_field(line2, 1, 13, 19),
        sex=_field(line2, 1, 20, 21),
        surname=surname,
        given_names=given,
        nationality=_field(line2, 1, 10, 13),
        expiry_date=_field(line2, 1, 21, 27),
        optional_data=(optional_data,),
    )


def parse_td3(line1: str, line2: str, *, check: bool = True) -> MrzResult:
    """Parse a passport MRZ (TD3, 2 × 44, document code ``P``).  With `check` (the default) every check
    digit must match.

    Line 2: document number 0–9 + check 9, nationality 10–13, birth date 13–19 + check 19, sex 20, expiry
    21–27 + check 27, personal number 28–42 + check 42 (``<`` allowed when the number is empty), composite
    check 43 over 0–10, 13–20 and 21–43.
    """
    return _parse_two_line("TD3", line1, line2, check)


def parse_td2(line1: str, line2: str, *, check: bool = True) -> MrzResult:
    """Parse an identity card or residence document MRZ of the TD2 size (2 × 36, document code ``I``,
    ``A`` or ``C``; ICAO 9303 part 6).  The old French CNI has the same size but not this layout
    (`parse_fr_cni`).

    Line 2: as TD3 up to the expiry check 27, then optional data 28–35 (where a long document number
    continues, see `_document_number`) and the composite check 35 over 0–10, 13–20 and 21–35.
    """
    return _parse_two_line("TD2", line1, line2, check)


def parse_mrv_a(line1: str, line2: str, *, check: bool = True) -> MrzResult:
    """Parse a visa MRZ of type A (MRV-A, 2 × 44, document code ``V``; ICAO 9303 part 7).

    Line 2: as TD3 up to the expiry check 27, then optional data 28–44; no composite check digit.  The
    document number is the visa's own number, not the holder's passport number.
    """
    return _parse_two_line("MRV_A", line1, line2, check)


def parse_mrv_b(line1: str, line2: str, *, check: bool = True) -> MrzResult:
    """Parse a visa MRZ of type B (MRV-B, 2 × 36, document code ``V``): MRV-A's layout, optional data 28–36."""
    return _parse_two_line("MRV_B", line1, line2, check)


def parse_td1(line1: str, line2: str, line3: str, *, check: bool = True) -> MrzResult:
    """Parse a CNIe / residence permit MRZ (TD1, 3 × 30).

    Line 1: document code 0–2, issuing state 2–5, document number 5–14 + check 14 (a longer number
    continues in the optional data, see `_document_number`), optional data 15–30.  Line 2: birth date 0–6
    + check 6, sex 7, expiry 8–14 + check 14, nationality 15–18, optional data 18–29, composite check 29 over
    line 1 5–30 and line 2 0–7, 8–15, 18–29.  Line 3: names.
    """
    _expect_lengths((line1, line2, line3), 30)
    _check_charset((line1, line2, line3))
    if line1[0] not in "IAC":
        raise InvalidFormat("The MRZ document code is not an identity card.")
    _check_fields(line2[0:6], line2[7], (line3,), (line1[2:5], line2[15:18]))
    if not _DATE_CHARS.issuperset(line2[8:14]):
        raise InvalidFormat("The MRZ expiry date is malformed.")
    document_number, optional1 = _document_number(line1, 0, 5, (15, 30), check)
    if check:
        _verify(line2[0:6], line2[6], "The date of birth check digit is invalid.")
        _verify(line2[8:14], line2[14], "The expiry date check digit is invalid.")
        composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
        _verify(composite, line2[29], "The composite check digit is invalid.")
    surname, given = _names(line3, 2, 0, 30)
    return MrzResult(
        kind="TD1",
        lines=(line1, line2, line3),
        document_code=_field(line1, 0, 0, 2),
        issuing_state=_field(line1, 0, 2, 5),
        document_number=document_number,
        birth_date=_field(line2, 1, 0, 6),
        sex=_field(line2, 1, 7, 8),
        surname=surname,
        given_names=given,
        nationality=_field(line2, 1, 15, 18),
        expiry_date=_field(line2, 1, 8, 14),
        optional_data=(optional1, _field(line2, 1, 18, 29)),
    )


def parse_fr_cni(line1: str, line2: str, *, check: bool = True) -> MrzResult:
    """Parse the MRZ of the old French identity card (2 × 36, line 1 starts with ``IDFRA``).

    Line 1: ``ID`` 0–2, ``FRA`` 2–5, surname 5–30, administrative code 30–36.  Line 2: card number 0–12
    (issue YYMM, department, sequence) + check 12, given names 13–27 (separated by ``<<``), birth date 27–33
    + check 33, sex 34, final check 35 over line 1 and line 2 0–35.
    """
    _expect_lengths((line1, line2), 36)
    _check_charset((line1, line2))
    if not line1.startswith("IDFRA"):
        raise InvalidFormat("The MRZ is not a French identity card.")
    _check_fields(line2[27:33], line2[34], (line1[5:30], line2[13:27]), ())
    if check:
        _verify(line2[0:12], line2[12], "The document number check digit is invalid.")
        _verify(line2[27:33], line2[33], "The date of birth check digit is invalid.")
        _verify(line1 + line2[0:35], line2[35], "The composite check digit is invalid.")
    return MrzResult(
        kind="FR_CNI",
        lines=(line1, line2),
        document_code=_field(line1, 0, 0, 2),
        issuing_state=_field(line1, 0, 2, 5),
        document_number=_field(line2, 1, 0, 12),
        birth_date=_field(line2, 1, 27, 33),
        sex=_field(line2, 1, 34, 35),
        surname=_name_field(line1, 0, 5, 30),
        given_names=_name_field(line2, 1, 13, 27),
        nationality=None,
        expiry_date=None,
        optional_data=(_field(line1, 0, 30, 36),),
    )


def _split(value: str) -> list[str]:
    """The MRZ lines of a text: one per non-empty line, spaces removed; a single run of 2 × 44, 3 × 30 or
    2 × 36 characters (lines pasted without a newline) is cut at the layout's width."""
    lines = [line.translate(_SPACES) for line in value.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1:
        run = lines[0]
        for width, count in ((44, 2), (30, 3), (36, 2)):
            if len(run) == width * count:
                return [run[i : i + width] for i in range(0, len(run), width)]
    return lines


def layout(lines: Sequence[str]) -> MrzKind | None:
    """The layout lines of these lengths and this first document-code letter would have, or None.

    3 × 30 → TD1; 2 × 44 → TD3 (``P``) or MRV-A (``V``); 2 × 36 → the old French CNI when line 1 starts
    with ``IDFRA`` (France issues no TD2), else TD2 (``I``, ``A``, ``C``) or MRV-B (``V``).

    >>> layout(['IDFRABAZIN<<<<<<<<<<<<<<<<<<<<343987', '1106343723022GUY<<JACQUES<<8705220M9'])
    'FR_CNI'
    """
    if not lines or any(len(line) != len(lines[0]) for line in lines) or not lines[0]:
        return None
    width, count, code = len(lines[0]), len(lines), lines[0][0]
    if (width, count) == (30, 3):
        return "TD1"
    if count != 2:
        return None
    if width == 44:
        return "TD3" if code == "P" else "MRV_A" if code == "V" else None
    if width == 36:
        if lines[0].startswith("IDFRA"):
            return "FR_CNI"
        return "MRV_B" if code == "V" else "TD2" if code in "IAC" else None
    return None


_PARSERS: dict[str, Callable[..., MrzResult]] = {
    "TD3": parse_td3,
    "TD2": parse_td2,
    "TD1": parse_td1,
    "MRV_A": parse_mrv_a,
    "MRV_B": parse_mrv_b,
    "FR_CNI": parse_fr_cni,
}


def validate_lines(lines: Sequence[str]) -> MrzResult:
    """Recognise the layout from the line count, length and document code (`layout`), then parse it with
    every check.  Surrounding whitespace of each line is ignored."""
    stripped = [line.strip() for line in lines]
    kind = layout(stripped)
    if kind is None:
        if len(stripped) == 2 and len(stripped[0]) == len(stripped[1]) in (36, 44):
            raise InvalidFormat("The MRZ document code does not match its layout.")
        raise InvalidLength("The MRZ has an invalid number of lines.")
    return _PARSERS[kind](*stripped)


def compact(value: str) -> str:
    """The MRZ lines of `value` (see `validate`) joined by ``\\n``, without any space."""
    return "\n".join(_split(value))


def validate(value: str) -> str:
    """Validate an MRZ written as text (lines separated by newlines, or pasted as one run); return the
    compact form (lines joined by ``\\n``)."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength("The MRZ has an invalid number of lines.")
    lines = _split(value)
    validate_lines(lines)
    return "\n".join(lines)


def is_valid(value: str) -> bool:
    """True when `value` is a valid MRZ of one of the layouts (`layout`); never raises."""
    return passes(validate, value)


def _is_valid_with(parse: Callable[..., MrzResult], *lines: str) -> bool:
    try:
        parse(*lines)
    except ValidationError:
        return False
    return True


def is_valid_td3(line1: str, line2: str) -> bool:
    """True when the two lines are a valid passport MRZ; never raises."""
    return _is_valid_with(parse_td3, line1, line2)


def is_valid_td1(line1: str, line2: str, line3: str) -> bool:
    """True when the three lines are a valid CNIe / residence permit MRZ; never raises."""
    return _is_valid_with(parse_td1, line1, line2, line3)


def is_valid_fr_cni(line1: str, line2: str) -> bool:
    """True when the two lines are a valid old French identity card MRZ; never raises."""
    return _is_valid_with(parse_fr_cni, line1, line2)
