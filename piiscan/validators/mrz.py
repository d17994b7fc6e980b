"""MRZ (machine-readable zone) of French identity documents, with ICAO 9303 check digits.

A valid MRZ in a dump is a scan or OCR of an identity document: it carries the document number, date of
birth, nationality and names at once, each protected by check digits, so it is both strong evidence and a
source of the other entities.  Three layouts matter for France:

* **TD3** (passport), 2 lines of 44 (ICAO 9303 part 4);
* **TD1** (2021 CNIe, residence permit), 3 lines of 30 (ICAO 9303 part 5);
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
    "parse_fr_cni",
    "parse_td1",
    "parse_td3",
    "validate",
    "validate_lines",
]

MrzKind = Literal["TD3", "TD1", "FR_CNI"]

_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
_WEIGHTS = (7, 3, 1)
_MRZ_CHARS = frozenset(_VALUES)
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ<")
_DATE_CHARS = frozenset("0123456789<")
_SEXES = frozenset("MFX<")
_LINE_LENGTHS = {44: "TD3", 30: "TD1", 36: "FR_CNI"}
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


def parse_td3(line1: str, line2: str, *, check: bool = True) -> MrzResult:
    """Parse a passport MRZ (TD3, 2 × 44).  With `check` (the default) every check digit must match.

    Line 2: document number 0–9 + check 9, nationality 10–13, birth date 13–19 + check 19, sex 20, expiry
    21–27 + check 27, personal number 28–42 + check 42 (``<`` allowed when the number is empty), composite
    check 43 over 0–10, 13–20 and 21–43.
    """
    _expect_lengths((line1, line2), 44)
    _check_charset((line1, line2))
    if line1[0] != "P":
        raise InvalidFormat("The MRZ document code is not a passport.")
    _check_fields(line2[13:19], line2[20], (line1[5:],), (line1[2:5], line2[10:13]))
    if not _DATE_CHARS.issuperset(line2[21:27]):
        raise InvalidFormat("The MRZ expiry date is malformed.")
    if check:
        _verify(line2[0:9], line2[9], "The document number check digit is invalid.")
        _verify(line2[13:19], line2[19], "The date of birth check digit is invalid.")
        _verify(line2[21:27], line2[27], "The expiry date check digit is invalid.")
        if not (line2[42] == "<" and line2[28:42] == "<" * 14):
            _verify(line2[28:42], line2[42], "The personal number check digit is invalid.")
        _verify(line2[0:10] + line2[13:20] + line2[21:43], line2[43], "The composite check digit is invalid.")
    surname, given = _names(line1, 0, 5, 44)
    return MrzResult(
        kind="TD3",
        lines=(line1, line2),
        document_code=_field(line1, 0, 0, 2),
        issuing_state=_field(line1, 0, 2, 5),
        document_number=_field(line2, 1, 0, 9),
        birth_date=_field(line2, 1, 13, 19),
        sex=_field(line2, 1, 20, 21),
        surname=surname,
        given_names=given,
        nationality=_field(line2, 1, 10, 13),
        expiry_date=_field(line2, 1, 21, 27),
        optional_data=(_field(line2, 1, 28, 42),),
    )


def _td1_document_number(line1: str, check: bool) -> tuple[Field, Field]:
    """Document number and optional data 1 of a TD1 line 1, following ICAO's overflow rule.

    A number longer than 9 characters puts ``<`` at the check position 14 and continues in the optional
    data, where its last character before the next ``<`` is the check digit of the whole number.
    """
    if line1[14] != "<":
        if check:
            _verify(line1[5:14], line1[14], "The document number check digit is invalid.")
        return _field(line1, 0, 5, 14), _field(line1, 0, 15, 30)
    tail = line1[15:30].split("<", 1)[0]
    if len(tail) < 2:
        raise InvalidFormat("The MRZ document number is malformed.")
    number = line1[5:14] + tail[:-1]
    if check:
        _verify(number, tail[-1], "The document number check digit is invalid.")
    end = 15 + len(tail) - 1
    document_number = Field(number, 0, 5, end)
    rest = _field(line1, 0, end + 1, 30)
    return document_number, rest


def parse_td1(line1: str, line2: str, line3: str, *, check: bool = True) -> MrzResult:
    """Parse a CNIe / residence permit MRZ (TD1, 3 × 30).

    Line 1: document code 0–2, issuing state 2–5, document number 5–14 + check 14, optional data 15–30.
    Line 2: birth date 0–6 + check 6, sex 7, expiry 8–14 + check 14, nationality 15–18, optional data
    18–29, composite check 29 over line 1 5–30 and line 2 0–7, 8–15, 18–29.  Line 3: names.
    """
    _expect_lengths((line1, line2, line3), 30)
    _check_charset((line1, line2, line3))
    if line1[0] not in "IAC":
        raise InvalidFormat("The MRZ document code is not an identity card.")
    _check_fields(line2[0:6], line2[7], (line3,), (line1[2:5], line2[15:18]))
    if not _DATE_CHARS.issuperset(line2[8:14]):
        raise InvalidFormat("The MRZ expiry date is malformed.")
    document_number, optional1 = _td1_document_number(line1, check)
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


def validate_lines(lines: Sequence[str]) -> MrzResult:
    """Recognise the layout from the line count, length and prefix, then parse it with every check.

    2 × 44 → TD3, 3 × 30 → TD1, 2 × 36 starting with ``IDFRA`` → FR_CNI (other 2 × 36 MRZs, ICAO TD2, are
    not French documents and are rejected).  Surrounding whitespace of each line is ignored.
    """
    stripped = [line.strip() for line in lines]
    if not stripped:
        raise InvalidLength("The MRZ has an invalid number of lines.")
    kind = _LINE_LENGTHS.get(len(stripped[0]))
    if kind == "TD3" and len(stripped) == 2:
        return parse_td3(*stripped)
    if kind == "TD1" and len(stripped) == 3:
        return parse_td1(*stripped)
    if kind == "FR_CNI" and len(stripped) == 2:
        return parse_fr_cni(*stripped)
    raise InvalidLength("The MRZ has an invalid number of lines.")


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
    """True when `value` is a valid MRZ of one of the three layouts; never raises."""
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
