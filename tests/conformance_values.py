"""Generated values of the detection gaps of issue 20, each with where it must be found (`tests/test_conformance.py`).

Every strategy draws a `Case`: a free text (or a cell: a field and its value), and the exact findings
expected in it, as `(entity, start, end)` character offsets.  Validity comes from independent oracles
wherever one has the algorithm: python-stdnum (NIR key, IBAN check digits and BBAN structures),
libphonenumber's metadata (overseas ranges), Python's `punycode`/`idna` codecs and the RFC 5321 numbers (e-mail
lengths), the calendar of `datetime` (two-digit years).  Nothing here reads piiscan's own validators.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum import numdb
from stdnum.fr import nir as stdnum_nir

__all__ = [
    "Case",
    "MrzCase",
    "birth_dates_two_digit_years",
    "email_lengths",
    "ibans",
    "icao_check",
    "idn_emails",
    "iso_timestamps_after_birth",
    "mrz_documents",
    "nirs",
    "overseas_phones",
]

REFERENCE = dt.date(2026, 1, 1)
"""The scans' reference date (`test_presidio_scanner.REFERENCE`): a record without a date is read on it."""


@dataclass(frozen=True)
class Case:
    """A text (or `field` + `text` as its value), the entity it is about, and where that entity must be
    found: `span` (character offsets), or None when it must not be found anywhere in it (other entities may
    be, e.g. digits of a forged IBAN read as something else: both sides must still agree on them)."""

    text: str
    entity: str
    span: tuple[int, int] | None
    field: str | None = None

    @classmethod
    def around(cls, before: str, value: str, after: str, entity: str, found: bool, field: str | None = None) -> Case:
        """`before + value + after`, expecting `entity` exactly on `value` when `found`."""
        span = (len(before), len(before) + len(value)) if found else None
        return cls(before + value + after, entity, span, field)


# ------------------------------------------------------------------------------------ dates of birth

BIRTH_WORDS = ("né le ", "née le ", "Né(e) le : ", "date de naissance : ", "DOB: ")
BIRTH_HEADERS = ("date_naissance", "Date de naissance", "dob", "birth_date")


def _latest_birth_year(day: int, month: int, yy: int, on: dt.date) -> int | None:
    """The year ending in `yy` that makes a person born on day/month 0 to 99 years old `on` (datetime only)."""
    for year in range(on.year, on.year - 100, -1):
        if year % 100 != yy:
            continue
        try:
            born = dt.date(year, month, day)
        except ValueError:
            return None
        return year if born <= on else None
    return None


@st.composite
def birth_dates_two_digit_years(draw: st.DrawFn) -> Case:
    """`12/03/85` after a birth word or under a birth header (a DATE_OF_BIRTH), or after no birth word
    (nothing): day and month on one or two digits, `/`, `.` or `-`."""
    born = draw(st.dates(dt.date(REFERENCE.year - 99, 1, 1), REFERENCE))
    sep = draw(st.sampled_from("/.-"))
    day = f"{born.day:02d}" if draw(st.booleans()) else str(born.day)
    value = f"{day}{sep}{born.month:02d}{sep}{born.year % 100:02d}"
    assert _latest_birth_year(born.day, born.month, born.year % 100, REFERENCE) == born.year
    how = draw(st.sampled_from(["text", "cell", "no context"]))
    if how == "cell":
        return Case.around("", value, "", "DATE_OF_BIRTH", True, field=draw(st.sampled_from(BIRTH_HEADERS)))
    if how == "no context":
        before = draw(st.sampled_from(["facture du ", "expire le ", "rendez-vous le "]))
        return Case.around(before, value, "", "DATE_OF_BIRTH", False)
    tail = draw(st.sampled_from(["", ".", " à Lyon", ", à Oran"]))
    return Case.around(draw(st.sampled_from(BIRTH_WORDS)), value, tail, "DATE_OF_BIRTH", True)


@st.composite
def iso_timestamps_after_birth(draw: st.DrawFn) -> Case:
    """An ISO 8601 timestamp after a birth word: the finding is the date only, whatever time, zone and final
    punctuation follow."""
    born = draw(st.dates(dt.date(REFERENCE.year - 110, 1, 1), REFERENCE - dt.timedelta(days=1)))
    clock = dt.time(draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59)))
    time = "T" + clock.isoformat(timespec=draw(st.sampled_from(["minutes", "seconds", "milliseconds"])))
    time += draw(st.sampled_from(["", "Z", "+02:00", "-0530", "+01"]))
    tail = draw(st.sampled_from([".", "", ", à Lyon", ". Dossier clos."]))
    return Case.around(draw(st.sampled_from(BIRTH_WORDS)), born.isoformat(), time + tail, "DATE_OF_BIRTH", True)


# -------------------------------------------------------------------------------------------- e-mail

U_LETTERS = "abcdefghijklmnopqrstuvwxyzéèêàçôûüïœабвгдежзиклмнопрстуфхцчшыэюяαβγδεζηθικλμνξπρστυφχψω"
TLDS = ("fr", "com", "org", "bzh", "paris", "рф", "онлайн", "ελ", "中国", "xn--p1ai", "xn--qxam")


@st.composite
def idn_emails(draw: st.DrawFn) -> Case:
    """An address whose domain has an internationalised label, written in Unicode or as its `xn--` form
    (Python's `idna` codec), before a known TLD (ASCII, Unicode or `xn--`)."""
    local = draw(st.from_regex(r"[a-z][a-z0-9]{0,8}(?:[._-][a-z0-9]{1,8})?", fullmatch=True))
    label = draw(st.text(U_LETTERS, min_size=2, max_size=12))
    if label.isascii():
        label += "é"
    if draw(st.booleans()):
        label = label.encode("idna").decode("ascii")  # xn--…
    domain = label + "." + draw(st.sampled_from(TLDS))
    before = draw(st.sampled_from(["courriel : ", "Écrire à ", "mail ", "contact : "]))
    after = draw(st.sampled_from(["", ".", " merci", ", "]))
    return Case.around(before, f"{local}@{domain}", after, "EMAIL_ADDRESS", True)


@st.composite
def email_lengths(draw: st.DrawFn) -> Case:
    """An ASCII address around the RFC 5321 limits: found when the local part has at most 64 characters, each
    label at most 63 and the whole at most 254; otherwise nothing."""
    local_len = draw(st.sampled_from([1, 40, 63, 64, 65, 70]))
    label_len = draw(st.sampled_from([2, 50, 62, 63, 64, 66]))
    n_labels = draw(st.integers(1, 4))
    local = draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=local_len, max_size=local_len))
    labels = [draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=label_len, max_size=label_len))]
    labels += ["b" * 63] * (n_labels - 1)
    address = f"{local}@{'.'.join(labels)}.fr"
    ok = local_len <= 64 and label_len <= 63 and len(address) <= 254
    return Case.around("courriel : ", address, "", "EMAIL_ADDRESS", ok)


# ------------------------------------------------------------------------------------------------ NIR


@st.composite
def nirs(draw: st.DrawFn) -> Case:
    """A NIR born in Corsica (`2A`/`2B`, written in either case) or elsewhere, its key from python-stdnum,
    written compact, with blanks, with dots or mixed; a wrong key finds nothing."""
    dept = draw(st.sampled_from(["2A", "2B", "2a", "2b", "75", "13"]))
    body = f"{draw(st.sampled_from('12'))}{draw(st.integers(0, 99)):02d}{draw(st.integers(1, 12)):02d}{dept}"
    body += f"{draw(st.integers(1, 999)):03d}{draw(st.integers(1, 999)):03d}"
    key = stdnum_nir.calc_check_digits(body.upper())
    good = draw(st.integers(0, 4)) > 0
    if not good:
        key = f"{(int(key) + draw(st.integers(1, 96))) % 100:02d}"
    groups = [body[0], body[1:3], body[3:5], body[5:7], body[7:10], body[10:13], key]
    seps = [draw(st.sampled_from(["", " ", "."])) for _ in range(6)]
    value = groups[0] + "".join(s + g for s, g in zip(seps, groups[1:], strict=True))
    assert stdnum_nir.is_valid(value.replace(".", "").replace(" ", "").upper()) is good
    return Case.around(draw(st.sampled_from(["NIR : ", "n° sécu ", "numéro de sécurité sociale "])), value,
                       draw(st.sampled_from(["", ".", " (assurée)"])), "FR_NIR", good)  # fmt: skip


# ----------------------------------------------------------------------------------------------- IBAN

_REGISTRY = numdb.get("iban")
_PART = re.compile(r"(\d+)!([nac])")
_CLASSES = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
IBAN_COUNTRIES = ("FR", "FR", "DE", "BE", "GB", "IT", "ES", "NL", "CH", "PT", "MC", "MU", "BR")
SEPARATORS = (" ", "\u00a0", "\u202f", "-")


def _structure(country: str) -> list[tuple[int, str]]:
    return [(int(n), kind) for n, kind in _PART.findall(_REGISTRY.info(country)[0][1]["bban"])]


@st.composite
def ibans(draw: st.DrawFn) -> Case:
    """An IBAN built on python-stdnum's BBAN structure and check digits, written compact, by 4 or by its
    national groups, with blanks, no-break spaces or dashes, in upper or lower case; or forged: a letter
    where the structure wants a digit, check digits recomputed so mod 97 holds (nothing is found)."""
    country = draw(st.sampled_from(IBAN_COUNTRIES))
    parts = [draw(st.text(_CLASSES[kind], min_size=n, max_size=n)) for n, kind in _structure(country)]
    forged = draw(st.integers(0, 4)) == 0
    if forged:
        digits = [(k, q) for k, part in enumerate(parts) for q in range(len(part)) if _structure(country)[k][1] == "n"]
        k, q = draw(st.sampled_from(digits))
        parts[k] = parts[k][:q] + draw(st.sampled_from(_CLASSES["a"])) + parts[k][q + 1 :]
    bban = "".join(parts)
    number = country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban
    assert stdnum_iban.is_valid(number, check_country=False) is not forged
    sep = draw(st.sampled_from(SEPARATORS))
    layout = draw(st.sampled_from(["compact", "by 4", "national"]))
    if layout == "by 4":
        value = sep.join(number[i : i + 4] for i in range(0, len(number), 4))
    elif layout == "national":
        value = number[:4] + sep + sep.join(parts)
    else:
        value = number
    if draw(st.booleans()):
        value = value.lower()
    return Case.around("IBAN : ", value, draw(st.sampled_from(["", ".", " (compte joint)"])),
                       "IBAN_CODE", not forged)  # fmt: skip


# --------------------------------------------------------------------------------------- overseas phones

OVERSEAS_REGIONS = {
    "262": ("RE", "YT"), "590": ("GP", "BL", "MF"), "594": ("GF",), "596": ("MQ",), "269": ("KM",),
    "508": ("PM",), "681": ("WF",), "687": ("NC",), "689": ("PF",),
}  # fmt: skip
"""Country code → libphonenumber regions (the territories of DESIGN §1's list)."""


SUBSCRIBER_LENGTHS = {"262": 9, "590": 9, "594": 9, "596": 9, "269": 7, "508": 6, "681": 6, "687": 6, "689": 8}
"""The NSN length of subscriber lines in each plan.  Left out: Saint-Pierre-et-Miquelon's 9-digit `708`
mobile range (opened in 2023; the scanner knows its 6-digit numbers only)."""


def _subscriber_ranges() -> list[tuple[str, str, int]]:
    """(code, libphonenumber's fixed-line or mobile pattern, the subscriber NSN length) of every region."""
    out = []
    for code, regions in OVERSEAS_REGIONS.items():
        for region in regions:
            meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
            for desc in (meta.fixed_line, meta.mobile):
                if SUBSCRIBER_LENGTHS[code] in desc.possible_length:
                    out.append((code, desc.national_number_pattern, SUBSCRIBER_LENGTHS[code]))
    return out


SUBSCRIBER_RANGES = _subscriber_ranges()


@st.composite
def overseas_phones(draw: st.DrawFn) -> Case:
    """A fixed-line or mobile number of an overseas region, drawn from libphonenumber's own pattern, written
    `+code` or `00code` with the usual groupings.  Left out: the departments' `8x` special and `9x`
    non-geographic ranges (libphonenumber files some under fixed lines; the scanner's plan has their
    geographic and mobile ranges only)."""
    code, pattern, length = draw(st.sampled_from(SUBSCRIBER_RANGES))
    nsn = draw(st.from_regex(re.compile(f"(?:{pattern})", re.ASCII), fullmatch=True).filter(lambda v: len(v) == length))
    number = phonenumbers.parse(f"+{code}{nsn}")
    special = code in ("262", "590", "594", "596") and nsn[0] in "89"  # special and 09 non-geographic ranges
    if not phonenumbers.is_valid_number(number) or special or len(set(nsn)) == 1:
        return Case.around("", "", "", "PHONE_NUMBER", False)  # nothing to check
    sep = draw(st.sampled_from(["", " ", ".", "-"]))
    if length == 9:
        body = nsn[:3] + sep + sep.join(nsn[i : i + 2] for i in range(3, 9, 2))
    elif length == 7:
        body = nsn[:3] + sep + nsn[3:5] + sep + nsn[5:]
    else:
        body = sep.join(nsn[i : i + 2] for i in range(0, length, 2))
    value = draw(st.sampled_from(["+", "00"])) + code + draw(st.sampled_from(["", " ", "."] if sep else [""])) + body
    return Case.around(draw(st.sampled_from(["Tél : ", "portable ", "joignable au "])), value,
                       draw(st.sampled_from(["", ".", " (domicile)"])), "PHONE_NUMBER", True)  # fmt: skip


# ------------------------------------------------------------------------------------- MRZ: visas, TD2, TD1

MRZ_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
MRZ_NATIONALITIES = ("FRA", "DZA", "MAR", "SEN", "TUN", "CIV", "UKR")
MRZ_STATES = ("FRA", "DEU", "BEL", "ESP", "ITA", "UTO", "MAR")


def icao_check(text: str) -> str:
    """ICAO 9303 part 3 check digit, written here from the standard: 7-3-1 weights, `<` = 0, A = 10 … Z = 35."""
    return str(sum(MRZ_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)


@dataclass(frozen=True)
class MrzCase:
    """An MRZ in a text and every finding expected in it (sorted `(entity, start, end)`)."""

    kind: str
    text: str
    expected: list[tuple[str, int, int]]


def _pad(text: str, width: int) -> str:
    return (text + "<" * width)[:width]


@st.composite
def mrz_documents(draw: st.DrawFn) -> MrzCase:
    """A visa MRV-A (2 x 44) or MRV-B (2 x 36), a TD2 (2 x 36) or a TD1 (3 x 30) whose document number may be
    longer than 9 characters (ICAO 9303 parts 5-7), with its check digits, after a little text.

    Expected (DESIGN §1, MRZ): each line; the document number as FR_ID_CARD (issued by FRA, a CNIe shape) or
    FOREIGN_ID_CARD (issued elsewhere), never for a visa, whose number is neither a passport's nor a card's;
    the birth date; the nationality; the surname and the given names.  A long number's span is the 9
    principal characters through the end of its continuation in a TD1 (they are adjacent), the 9 principal
    characters in a TD2 (the continuation follows the dates)."""
    kind = draw(st.sampled_from(["MRV_A", "MRV_B", "TD2", "TD1"]))
    visa = kind.startswith("MRV")
    state = draw(st.sampled_from(MRZ_STATES))
    code = draw(st.sampled_from(["VC", "VD", "V<"] if visa else ["ID", "I<", "AR", "C<"]))
    if code + state == "IDFRA" and kind == "TD2":
        code = "I<"  # `IDFRA` on 2 x 36 is the old French CNI (France issues no TD2)
    letter = st.sampled_from("ABCDEFGHJKLMNPRSTUVWXYZ")
    digit = st.sampled_from("0123456789")
    long_number = not visa and state != "FRA" and draw(st.booleans())
    size = draw(st.integers(10, 12)) if long_number else 9
    number = draw(letter) + draw(digit) + "".join(draw(st.one_of(letter, digit)) for _ in range(size - 2))
    surname = draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=10))
    part = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=7)
    given = "<".join(draw(st.lists(part, min_size=1, max_size=2)))
    born = draw(st.dates(dt.date(REFERENCE.year - 95, 1, 1), REFERENCE - dt.timedelta(days=1)))
    birth = born.strftime("%y%m%d")
    expiry = draw(st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))).strftime("%y%m%d")
    sex = draw(st.sampled_from("MFX<"))
    nationality = draw(st.sampled_from(MRZ_NATIONALITIES))
    head = number[:9] + "<" if long_number else number + icao_check(number)
    overflow = number[9:] + icao_check(number) if long_number else ""
    if kind == "TD1":
        line1 = _pad(code + state + head + overflow, 30)
        body = birth + icao_check(birth) + sex + expiry + icao_check(expiry) + nationality + "<" * 11
        lines = [line1, body + icao_check(line1[5:30] + body[0:7] + body[8:15] + body[18:29])]
        lines.append(_pad(f"{surname}<<{given}", 30))
        at = {"number": (0, 5), "birth": (1, 0), "nationality": (1, 15), "names": (2, 0)}
    else:
        width = 44 if kind == "MRV_A" else 36
        body = head + nationality + birth + icao_check(birth) + sex + expiry + icao_check(expiry) + overflow
        if visa:
            line2 = _pad(body, width)
        else:
            body = _pad(body, 35)
            line2 = body + icao_check(body[0:10] + body[13:20] + body[21:35])
        lines = [_pad(f"{code}{state}{surname}<<{given}", width), line2]
        at = {"number": (1, 0), "birth": (1, 13), "nationality": (1, 10), "names": (0, 5)}
    before = draw(st.sampled_from(["", "MRZ :\n", "Visa scanné\n", "bande MRZ\n  "]))
    sep = draw(st.sampled_from(["\n", "\r\n", "\n  "]))
    starts, text = [], before
    for i, line in enumerate(lines):
        text += sep if i else ""
        starts.append(len(text))
        text += line
    text += draw(st.sampled_from(["", "\n", "\nfin"]))
    expected = [("MRZ", s, s + len(line)) for s, line in zip(starts, lines, strict=True)]

    def place(field: str, offset: int, length: int, entity: str) -> None:
        line, column = at[field]
        start = starts[line] + column + offset
        expected.append((entity, start, start + length))

    if not visa:
        entity = "FR_ID_CARD" if state == "FRA" else "FOREIGN_ID_CARD"
        place("number", 0, size + 1 if long_number and kind == "TD1" else 9, entity)
    place("birth", 0, 6, "DATE_OF_BIRTH")
    place("nationality", 0, 3, "NATIONALITY")
    place("names", 0, len(surname), "PERSON")
    place("names", len(surname) + 2, len(given), "PERSON")
    return MrzCase(kind, text, sorted(expected))
