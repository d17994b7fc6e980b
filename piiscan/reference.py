"""Plain-Python reference implementation of the detection kernel (`piiscan.kernels.detect.detect_cells`).

Why: the kernel is a few thousand lines of byte-level numba code tuned for speed; this module states the same
contract as clear, slow Python, so a property test can check "kernel findings == reference findings" on any
input (the way stumpy or pynndescent test their numba kernels against a naive implementation).  It decodes
text with Python codecs, matches candidates with `re`, validates them with `piiscan.validators` wherever a
validator defines the rule, looks words up in the pack's dictionaries (`Pack.dictionaries`, keyed by
`piiscan.tables.lexicon_key`) and fingerprints with its own SipHash-2-4.

What it mirrors: the order of attempts of the kernel (MRZ groups, whole-cell classification of hinted fields,
then free text: e-mail, numbers, upper-case tokens, words), the byte offsets it reports (positions in `data`,
the input's own bytes), the normalised bytes it hashes, scores, flags and statistics counters.

Where the kernel contradicts its own documentation or a validator, this module implements the *documented*
rule and says so in the docstring of the function concerned ("intended:"); `tests/test_reference.py` lists
those divergences as expected failures.  Where the kernel's documented grammar is simply narrower than a
validator's (a scanner extracts candidates, a validator checks a whole value), the kernel's grammar is the
rule and is restated here with regular expressions.  Shared limitation, as documented by
`kernels.chars.read_cp`: in JSON only `\\uXXXX` escapes are read as characters (`\\n`, `\\t`, `\\"` stay two
characters each).  The fingerprint of a value is SipHash of its normalised bytes, whole (the kernel hashes
at most 127 bytes of them).

>>> hex(siphash24(0x0706050403020100, 0x0F0E0D0C0B0A0908, b""))
'0x726fdb47dd0e0e31'
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from piiscan.entities import Entity
from piiscan.entities.contract import (
    DIGIT_RUNS,
    E_ADDRESS,
    E_DOB,
    E_EMAIL,
    E_FOREIGN_ID_CARD,
    E_FOREIGN_PASSPORT,
    E_IBAN,
    E_ID_CARD,
    E_LICENCE,
    E_MRZ,
    E_NATIONALITY,
    E_NIR,
    E_PASSPORT,
    E_PASSWORD,
    E_PASSWORD_HASH,
    E_PERSON,
    E_PHONE,
    ENTITY_HINTS,
    ENTITY_ID,
    ENTITY_ORDER,
    F_CHECKSUM,
    F_CONTEXT,
    F_HEADER,
    F_MRZ,
    FINGERPRINT_BYTES,
    HINT_RECORD_DATE,
    HINT_SEX,
    N_STATS,
    STATS,
)
from piiscan.kernels.detect import REC_NO_DATE
from piiscan.pack import Pack
from piiscan.tables import CIVILITIES, DOC_ID_CARD_WORDS, DOC_PASSPORT_WORDS, KernelTables
from piiscan.tables import lexicon_key as _lexicon_key
from piiscan.text import fold_char
from piiscan.validators import (
    address,
    docnumber,
    email,
    iban,
    idcard,
    licence,
    mrz,
    nir,
    passport,
    password,
    phone,
    pwhash,
)
from piiscan.validators import dates as vdates
from piiscan.validators.exceptions import ValidationError
from piiscan.validators.iban import LENGTHS as IBAN_LENGTHS

__all__ = [
    "F_CHECKSUM",
    "F_CONTEXT",
    "F_HEADER",
    "F_MRZ",
    "N_STATS",
    "Finding",
    "ReferenceResult",
    "kernel_fold_differs",
    "reference_detect",
    "siphash24",
]

# --------------------------------------------------------------------------------------------- contract

HOW_BASE, HOW_CONTEXT, HOW_HEADER = 0, 1, 2
"""Which of an entity's three scores a finding gets (`score.base`, `score.context`, `score.header`)."""

W_CAP, W_UPPER, W_LOWER, W_OTHER = 1, 2, 3, 4
"""Word shapes (`kernels.detect._read_word`): Capitalised, UPPER CASE, lower case, anything else."""

_EPOCH = _dt.date(1970, 1, 1)
_MASK64 = (1 << 64) - 1


class Finding(NamedTuple):
    """One finding, as the kernel's parallel output arrays hold it (`end` instead of a length)."""

    entity: int
    start: int
    end: int
    cell: int
    score: float
    fingerprint: int
    flag: int


class ReferenceResult(NamedTuple):
    """Findings in emission order, each record's own date (days since 1970-01-01, -1 if none), counters."""

    findings: list[Finding]
    rec_date: list[int]
    stats: list[int]


# ---------------------------------------------------------------------------------------------- SipHash


_CREDENTIAL_HINTS = (1 << E_PASSWORD) | (1 << E_PASSWORD_HASH)
"""Hint bits of a password or password-hash field."""
_HASH_GRAMMARS = (
    *(re.compile(g.pattern.encode("ascii")) for _, g in pwhash.PREFIXED),
    re.compile(rb"[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{32}"),
)
"""`pwhash.PREFIXED`'s grammars, then the bare hex digest, over bytes."""
_HASH_TOKEN_BYTES = frozenset(b for b in range(128) if pwhash.TOKEN.fullmatch(chr(b)))
_HASH_MAX = 127
"""Longest hash token the kernel tries (it fingerprints 127 bytes; no real hash is longer)."""
_NORM_MAX = 127
"""Bytes of a value the kernel fingerprints (`_emit`): a long password is hashed on its first 127 bytes."""
_PASSPORT_HINTS = (1 << E_PASSPORT) | (1 << E_FOREIGN_PASSPORT)
"""Hint bits of a field that holds passports, French or another state's (`detect.PASSPORT_HINTS`)."""
_ID_CARD_HINTS = (1 << E_ID_CARD) | (1 << E_FOREIGN_ID_CARD)
"""Hint bits of a field that holds identity cards, French or another state's (`detect.ID_CARD_HINTS`)."""


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK64


def _sipround(v0: int, v1: int, v2: int, v3: int) -> tuple[int, int, int, int]:
    v0 = (v0 + v1) & _MASK64
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & _MASK64
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & _MASK64
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & _MASK64
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash24(k0: int, k1: int, data: bytes) -> int:
    """SipHash-2-4 of `data` under the key (k0, k1) (the key's two little-endian 64-bit halves).

    Written from the paper (Aumasson & Bernstein, 2012): 2 compression rounds per 8-byte block, the length
    in the last block's top byte, 4 finalisation rounds.
    """
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573
    full = len(data) - len(data) % 8
    for off in range(0, full, 8):
        m = int.from_bytes(data[off : off + 8], "little")
        v3 ^= m
        for _ in range(2):
            v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
        v0 ^= m
    m = ((len(data) & 0xFF) << 56) | int.from_bytes(data[full:], "little")
    v3 ^= m
    for _ in range(2):
        v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
    v0 ^= m
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


# ------------------------------------------------------------------------------------- characters, folding


@functools.lru_cache(maxsize=4096)
def _char_flags(cp: int) -> tuple[bool, bool, bool]:
    """(letter, upper-case letter, digit) as `kernels.chars.cp_class` documents it.

    Code points below U+0250 (ASCII, Latin-1, Latin Extended-A/B) are classified by Python's `str` methods;
    beyond, "scripts beyond the tables count as letters" (without case) from U+0370 on, except U+FFFD,
    general punctuation/symbols U+2000–2BFF, CJK punctuation U+3000–303F and fullwidth U+FF00–FF0F; the
    IPA, spacing-modifier and combining-mark blocks U+0250–036F are not letters.
    """
    if cp < 0x250:
        ch = chr(cp)
        alpha = ch.isalpha()
        return alpha, alpha and ch.isupper(), "0" <= ch <= "9"
    if cp == 0xFFFD or 0x2000 <= cp <= 0x2BFF or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF0F:
        return False, False, False
    return cp >= 0x370, False, False


def _is_letter(cp: int) -> bool:
    return _char_flags(cp)[0]


def _is_word_char(cp: int) -> bool:
    """A letter or a digit (what the kernel's word boundaries look at)."""
    letter, _, digit = _char_flags(cp)
    return letter or digit


def _is_ascii_alnum(b: int) -> bool:
    return 48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122


def lexicon_key(text: str) -> str:
    """The folded `[a-z0-9]` words of `text` joined by one space (`piiscan.tables.lexicon_key`)."""
    return _lexicon_key(text)


@functools.lru_cache(maxsize=4096)
def kernel_fold_differs(cp: int) -> bool:
    """True when the kernel's per-character fold table disagrees with `piiscan.text.fold` for `cp`.

    The kernel folds through 0x250-entry tables (`kernels.chars.CP_FOLD1/2`): letters below U+0250 whose
    fold is 1–2 ASCII characters; every other non-ASCII character is a word separator.  `text.fold` (the
    documented reference, used here through `lexicon_key`) also folds characters beyond the tables
    (`ạ`→`a`, `ﬁ`→`fi`, fullwidth `Ａ`→`a`) and keeps the ASCII part of compatibility decompositions
    (`²`→`2`, `ŉ`→`n`).  Used by the tests to keep generated text clear of this known divergence.
    """
    if cp < 128:
        return False
    ch = chr(cp)
    mine = lexicon_key(ch)
    if cp < 0x250 and _char_flags(cp)[0]:
        folded = fold_char(ch)
        table = folded if 1 <= len(folded) <= 2 and folded.isascii() and folded[0].isalnum() else ""
    else:
        table = ""
    return mine != lexicon_key(table)


# ----------------------------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class _Lexicon:
    """The pack's dictionaries as Python sets and maps, keyed like the kernel's lexicon (`lexicon_key`)."""

    nationality_iso: dict[str, int]
    country_iso: dict[str, int]
    alpha3_iso: dict[str, int]
    months: dict[str, int]
    first_names: frozenset[str]
    stopwords: frozenset[str]
    civilities: frozenset[str]
    streets: frozenset[str]
    doc_passport: frozenset[str]
    doc_id_card: frozenset[str]
    phrases: dict[int, tuple[tuple[str, ...], ...]]
    windows: dict[int, int]
    scores: dict[int, tuple[float, float, float]]

    def word_iso(self, key: str) -> int | None:
        """ISO index of a nationality adjective, else of a country name, else None."""
        if key in self.nationality_iso:
            return self.nationality_iso[key]
        return self.country_iso.get(key)


def _f32(x: float) -> float:
    """`x` rounded to float32, as the kernel's score table holds it."""
    return struct.unpack("f", struct.pack("f", x))[0]


@functools.lru_cache(maxsize=4)
def _lexicon(pack: Pack) -> _Lexicon:
    """Build the reference lexicon of a pack (cached per pack; packs compare by identity)."""
    d = pack.dictionaries
    iso_index = {code: i for i, code in enumerate(sorted(d.alpha3))}
    nationality_iso: dict[str, int] = {}
    for form, code in d.nationalities.items():
        key = lexicon_key(form)
        if key:
            nationality_iso.setdefault(key, iso_index[code.upper()])
    country_iso: dict[str, int] = {}
    for form, code in d.countries.items():
        key = lexicon_key(form)
        if key:
            country_iso.setdefault(key, iso_index[code.upper()])
    phrases: dict[int, tuple[tuple[str, ...], ...]] = {}
    windows: dict[int, int] = {}
    scores: dict[int, tuple[float, float, float]] = {}
    for spec in pack.entities:
        eid = ENTITY_ORDER.index(spec.entity)
        keys = dict.fromkeys(lexicon_key(w) for w in spec.context_folded)
        phrases[eid] = tuple(tuple(k.split()) for k in keys if k)
        windows[eid] = spec.context_window
        scores[eid] = (_f32(spec.score.base), _f32(spec.score.context), _f32(spec.score.header))
    return _Lexicon(
        nationality_iso=nationality_iso,
        country_iso=country_iso,
        alpha3_iso=iso_index,
        months={lexicon_key(form): month for form, month in d.months.items() if lexicon_key(form)},
        first_names=frozenset(lexicon_key(n) for n in d.first_names),
        stopwords=frozenset(lexicon_key(w) for w in d.person_stopwords),
        civilities=frozenset(CIVILITIES),
        streets=frozenset(lexicon_key(w) for w in (*pack.entity("PERSON").negative_context_folded, *d.place_words)),
        doc_passport=frozenset(DOC_PASSPORT_WORDS),
        doc_id_card=frozenset(DOC_ID_CARD_WORDS),
        phrases=phrases,
        windows=windows,
        scores=scores,
    )


# ------------------------------------------------------------------------------------------ the grammars

_HEX4 = re.compile(rb"[0-9A-Fa-f]{4}")
_JSON_ESCAPE_BEFORE = re.compile(rb"\\u[0-9A-Fa-f]{4}")
_JSON_SHORT_ESCAPES = {ord(k): ord(v) for k, v in zip('nrtbf"/\\', '\n\r\t\b\f"/\\', strict=True)}
_TOKEN = re.compile(rb"[0-9A-Z]*")
_LOCAL_CHARS = frozenset(b"._%+-'")
_NIR = re.compile(
    rb"[0-9][ .]?[0-9]{2}[ .]?[0-9]{2}[ .]?(?:[0-9]{2}|2[ABab])[ .]?[0-9]{3}[ .]?[0-9]{3}[ .]?[0-9]{2}(?![0-9A-Za-z])"
)
_PHONE = re.compile(
    rb"(?:(?:\+33|0033)[ .-]?(?:\(0\) ?)?[1-9]|0[1-9])"
    rb"([ .-]?)[0-9]{2}([ .-]?)[0-9]{2}([ .-]?)[0-9]{2}([ .-]?)[0-9]{2}(?![0-9A-Za-z])"
)
_OVERSEAS = re.compile(rb"(?:\+|00)([0-9]{3})[ .\-]?([0-9](?:[ .\-]?[0-9])*)")
_ISO_DATE = re.compile(rb"([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_ISO_TIME = re.compile(rb"T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?")
_HOUSE_NUMBER = re.compile(
    rb"[0-9]{1,4}(?:-[0-9]{1,4}|(?i:bis|ter|quater)|[A-Ha-h])?,?[ \t]{1,3}(?:(?i:bis|ter|quater),?[ \t]{1,3})?"
)
_NUMBER_GLUE = frozenset(b"-/.+_#&=%*$@\\")
_BLANKS = re.compile(rb"[ \t]{1,3}(?![ \t])")
_POSTCODE = re.compile(rb"(?:0[1-9]|[1-8][0-9]|9[0-578])[0-9]{3}")
_SHORT_DATE = re.compile(rb"([0-9]{1,2}+)([/.\-])([0-9]{1,2}+)\2([0-9]{2})(?![0-9])")
_DAY_FIRST = re.compile(rb"([0-9]{1,2}+)([/. \-])([0-9]{1,2}+)\2([0-9]{4})(?![0-9])")
_DAY_BEFORE_MONTH = re.compile(rb"([0-9]{1,2}+)(?:[eE][rR])? ")
_YEAR_AFTER_MONTH = re.compile(rb"\.? ([0-9]{4})(?![0-9])")
_MRZ_RUN = re.compile(rb"[0-9A-Z<]*")
_LETTERS = re.compile(rb"[A-Za-z]*")
_LIST_GLUE = re.compile(rb"(?:[ ,/]|et|ou|and|or)*")
_BORN = re.compile(r",? ?n[ée]e?(?![^\W\d_])")
_MONTH_LETTERS = {0xE9: "e", 0xC9: "e", 0xE8: "e", 0xC8: "e", 0xFB: "u", 0xDB: "u"}


def _days(y: int, m: int, d: int) -> int:
    return (_dt.date(y, m, d) - _EPOCH).days


def _date_of(days: int) -> _dt.date:
    return _EPOCH + _dt.timedelta(days=days)


def _date_key(days: int) -> bytes:
    """`YYYYMMDD`: the normalised value of a date of birth (`kernels.detect._date_key`)."""
    d = _date_of(days)
    return b"%04d%02d%02d" % (d.year, d.month, d.day)


def _is_digit_run(run: Entity, token: str) -> bool:
    """Is the digit token a value of the digit-run entity `run`: its length, and its validator (which the
    kernel's `DigitRun` data restates: first digit, check)?"""
    assert run.digit_run is not None and run.validator is not None
    return len(token) == run.digit_run.length and bool(run.validator.is_valid(token))


def _plausible_birth(days: int, ref: int) -> bool:
    """A birth on `days` is plausible in a record dated `ref`: not later, and 0–120 years old.

    As `validators.dates.is_plausible_birth_date` (completed years) and the kernel's `_age_ok`.
    """
    try:
        born, on = _date_of(days), _date_of(ref)
    except OverflowError:
        return False
    return vdates.is_plausible_birth_date(born, on)


# ------------------------------------------------------------------------------------------------- detector


class _Detector:
    """One chunk: its bytes, how to read characters, the output being built."""

    def __init__(self, data: bytes, encoding: str, json: bool, lex: _Lexicon, ref_days: int, key: tuple[int, int]):
        self.data = data
        self.json = json
        self.lex = lex
        self.ref_days = ref_days
        self.k0, self.k1 = int(key[0]), int(key[1])
        self.utf8 = encoding.replace("_", "-").lower() in ("utf-8", "utf8")
        self.codec = encoding
        if not self.utf8:
            table = bytes(range(256)).decode(encoding, errors="replace")
            if len(table) != 256:
                raise ValueError(f"{encoding}: not a single-byte codec")
            self.byte_chars = table
        self.findings: list[Finding] = []
        self.stats = [0] * N_STATS
        # per record, for the consistency counters: the NIR's YYMM and sex, the birth date's YYMM, the sex field
        self.nir_yymm: dict[int, int] = {}
        self.nir_sex: dict[int, int] = {}
        self.dob_yymm: dict[int, int] = {}
        self.sex_field: dict[int, int] = {}

    # ------------------------------------------------------------------------------------ characters

    def char_at(self, i: int, end: int) -> tuple[int, int]:
        """(code point, width) of the character at byte i, not reading past `end` (`kernels.chars.read_cp`).

        UTF-8 is decoded by Python's strict codec (an invalid sequence reads as U+FFFD of width 1), a
        single-byte code page by its codec, and with `json` a `\\uXXXX` escape reads as the character it
        stands for.  Intended for UTF-8: surrogates (`ED A0 80`) and overlong forms are invalid; the
        kernel decodes them as code points (a surrogate then counts as a letter).
        """
        data = self.data
        b = data[i]
        if b < 0x80:
            if self.json and b == 0x5C and i + 5 < end and data[i + 1] == 0x75 and _HEX4.match(data, i + 2, i + 6):
                return int(data[i + 2 : i + 6], 16), 6
            return b, 1
        if not self.utf8:
            return ord(self.byte_chars[b]), 1
        width = 2 if 0xC2 <= b < 0xE0 else 3 if 0xE0 <= b < 0xF0 else 4 if 0xF0 <= b < 0xF5 else 0
        if width and i + width <= end:
            try:
                return ord(data[i : i + width].decode("utf-8")), width
            except UnicodeDecodeError:
                pass
        return 0xFFFD, 1

    def chars(self, s: int, e: int) -> list[tuple[int, int, int]]:
        """(position, code point, width) of each character of `data[s:e]`, read from s."""
        out = []
        i = s
        while i < e:
            cp, w = self.char_at(i, e)
            out.append((i, cp, w))
            i += w
        return out

    def text(self, s: int, e: int) -> str:
        """`data[s:e]` as a string, read character by character from s as the kernel reads it."""
        raw = self.data[s:e]
        if not self.json or b"\\" not in raw:
            if not self.utf8:
                return raw.decode(self.codec, errors="replace")
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return "".join(chr(cp) for _, cp, _ in self.chars(s, e))

    def key(self, s: int, e: int) -> str:
        """The lexicon key of `data[s:e]` (`kernels.detect._fold_norm`, intended as `text.fold`)."""
        return lexicon_key(self.text(s, e))

    def char_before(self, s: int, i: int) -> int | None:
        """The code point of the character that ends at byte i (not starting before s), or None.

        With `json`, a `\\uXXXX` escape ending at i is that character, and a two-byte escape (`\\n`,
        `\\t`, `\\"`; its backslash not itself escaped) is the separator it stands for.
        """
        if i <= s:
            return None
        data = self.data
        if self.json and i - 2 >= s and data[i - 2] == 0x5C and data[i - 1] in _JSON_SHORT_ESCAPES:
            j = i - 2
            while j > s and data[j - 1] == 0x5C:
                j -= 1
            if (i - 1 - j) % 2 == 1:
                return _JSON_SHORT_ESCAPES[data[i - 1]]
        if self.json and i - 6 >= s and _JSON_ESCAPE_BEFORE.fullmatch(data, i - 6, i):
            return int(data[i - 4 : i], 16)
        b = data[i - 1]
        if b < 0x80:
            return b
        if not self.utf8:
            return ord(self.byte_chars[b])
        for w in (2, 3, 4):
            if i - w >= s:
                try:
                    ch = data[i - w : i].decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if len(ch) == 1:
                    return ord(ch)
        return 0xFFFD

    def prev_is_word(self, s: int, i: int) -> bool:
        """Is the character before i a letter or digit (`_prev_is_word`)?"""
        cp = self.char_before(s, i)
        return cp is not None and _is_word_char(cp)

    def next_is_word(self, i: int, e: int) -> bool:
        """Is the character at i a letter or digit (`_next_is_word`)?"""
        return i < e and _is_word_char(self.char_at(i, e)[0])

    def read_word(self, i: int, e: int) -> tuple[int, int, int]:
        """A word at i: letters with inner `-`, `'` or `’`; returns (end, shape, letters) (`_read_word`)."""
        p = i
        n = nup = 0
        first_up = False
        while p < e:
            cp, w = self.char_at(p, e)
            letter, upper, _ = _char_flags(cp)
            if letter:
                if upper:
                    nup += 1
                    first_up = first_up or n == 0
                n += 1
                p += w
                continue
            if cp in (0x2D, 0x27, 0x2019) and n > 0 and p + w < e and _is_letter(self.char_at(p + w, e)[0]):
                p += w
                continue
            break
        if n == 0:
            return i, W_OTHER, 0
        if nup == n:
            kind = W_UPPER if n >= 2 else W_CAP
        elif first_up:
            kind = W_CAP if nup <= 3 else W_OTHER  # Capitalised, McDonald, Al-Hassan, N'Diaye
        elif nup == 0:
            kind = W_LOWER
        else:
            kind = W_OTHER
        return p, kind, n

    # -------------------------------------------------------------------------------------- output

    def emit(self, ent: int, s: int, e: int, cell: int, how: int, flag: int, norm: bytes) -> None:
        """Append a finding; its fingerprint is SipHash of the normalised value then the entity byte (`_emit`)."""
        score = self.lex.scores[ent][how]
        fp = siphash24(self.k0, self.k1, norm + bytes([FINGERPRINT_BYTES[ent]]))
        self.findings.append(Finding(ent, s, e, cell, score, fp, flag))
        self.note_facts(self.findings[-1], norm)

    def emit_mrz(self, ent: int, s: int, e: int, cell: int, flag: int, norm: bytes) -> None:
        """A value read from a valid MRZ: every one gets the MRZ entity's base score."""
        fp = siphash24(self.k0, self.k1, norm + bytes([FINGERPRINT_BYTES[ent]]))
        self.findings.append(Finding(ent, s, e, cell, self.lex.scores[E_MRZ][HOW_BASE], fp, flag))
        self.note_facts(self.findings[-1], norm)

    def note_facts(self, f: Finding, norm: bytes) -> None:
        """Remember a record's NIR (birth year and month, sex) and date of birth (`_record_facts`).

        The last NIR and the last date of birth of a record count; a NIR whose month is a placeholder
        (20–42, 50–99) gives its sex only.  Rules: `validators.nir.birth_year_month` and `validators.nir.sex`;
        a date of birth's YYMM is read from its normalised `YYYYMMDD`.
        """
        record = self.cells[f.cell][3]
        if f.entity == E_NIR:
            value = norm.decode("ascii")
            year_month = nir.birth_year_month(value)
            if year_month is not None and year_month[1] is not None:
                self.nir_yymm[record] = year_month[0] * 100 + year_month[1]
            self.nir_sex[record] = 1 if nir.sex(value) == "M" else 2
        elif f.entity == E_DOB:
            self.dob_yymm[record] = int(norm[2:6])

    # ------------------------------------------------------------------------------------- context

    def has_context(self, cell_s: int, pos: int, ent: int, window: int) -> bool:
        """Is one of `ent`'s context phrases just before `pos`, in the same cell and sentence (`_has_context`)?

        `window` > 0: anywhere in that many bytes before `pos`; 0: right before the value (40 bytes looked
        at, only blanks and punctuation after the phrase).  A sentence ends at a line break, at `;`, `!` or
        `?` followed by a blank, and at `. ` followed by an ASCII capital unless the dot ends an initial
        (`M. DUPONT`).  No digit may stand between the phrase and the value.
        """
        data = self.data
        lo = max(cell_s, pos - (window if window > 0 else 40))
        for j in range(pos - 1, lo - 1, -1):
            b = data[j]
            if b in (10, 13):
                lo = j + 1
                break
            if b in (0x3B, 0x21, 0x3F) and j + 1 < pos and data[j + 1] in (32, 9):
                lo = j + 1
                break
            if b == 0x2E and j + 2 < pos and data[j + 1] in (32, 9) and 65 <= data[j + 2] <= 90:
                initial = j >= 1 and 65 <= data[j - 1] <= 90 and (j == 1 or not _is_ascii_alnum(data[j - 2]))
                if not initial:
                    lo = j + 1
                    break
        if lo >= pos:
            return False
        words = self.key(lo, pos).split()
        n = len(words)
        for phrase in self.lex.phrases[ent]:
            m = len(phrase)
            starts = [n - m] if window == 0 else range(n - m + 1)
            for st in starts:
                # no number between the phrase and the value: it would be the one the phrase is about
                after = words[st + m :]
                if st >= 0 and tuple(words[st : st + m]) == phrase and not any(c.isdigit() for w in after for c in w):
                    return True
        return False

    def context_or_hint(self, hints: int, ent: int, cell_s: int, pos: int) -> bool:
        """The header names `ent`, or one of its context words precedes `pos` within its window."""
        return bool((hints >> ent) & 1) or self.has_context(cell_s, pos, ent, self.lex.windows[ent])

    # ------------------------------------------------------------------------------------------ run

    def run(self, cells: Sequence[tuple[int, int, int, int]], field_hints: Sequence[int], n_records: int) -> None:
        """Every cell, as `detect_cells` does: MRZ groups, then whole-cell classification, then free text."""
        self.cells = cells
        self.rec_date = self.record_dates(cells, field_hints, n_records)
        rec_doc = self.record_documents(cells, field_hints, n_records)
        skip_until = -1
        for c, (cs, ce, f, r) in enumerate(cells):
            if c <= skip_until:
                continue
            s, e = self.trim(cs, ce)
            if s >= e:
                continue
            hints = int(field_hints[f]) if 0 <= f < len(field_hints) else 0
            hints = self.narrow_document_hints(hints, rec_doc.get(r, 0))
            date = self.rec_date[r] if 0 <= r < n_records else None
            ref = date if date is not None else self.ref_days
            before = len(self.findings)
            consumed = self.mrz_in_cell(c, s, e, ref)
            if consumed > 0:
                skip_until = c + consumed
                continue
            if len(self.findings) > before:
                continue  # a cell holding an MRZ is done
            if hints & ENTITY_HINTS and self.classify_cell(c, s, e, hints, ref):
                continue
            self.scan_text(c, s, e, hints, f < 0, ref)
            if len(self.findings) == before and hints & (_PASSPORT_HINTS | _ID_CARD_HINTS):
                self.foreign_cell(c, s, e, hints)
        self.count_consistency(n_records)

    def count_consistency(self, n_records: int) -> None:
        """Records holding both a NIR and a date of birth (sex field), and those that agree (`_consistency`)."""
        for r in range(n_records):
            if r in self.nir_yymm and r in self.dob_yymm:
                self.stats[STATS.NIR_DOB_PAIRS] += 1
                self.stats[STATS.NIR_DOB_MATCH] += self.nir_yymm[r] == self.dob_yymm[r]
            if r in self.nir_sex and self.sex_field.get(r, -1) > 0:
                self.stats[STATS.NIR_SEX_PAIRS] += 1
                self.stats[STATS.NIR_SEX_MATCH] += self.nir_sex[r] == self.sex_field[r]

    def trim(self, s: int, e: int) -> tuple[int, int]:
        """Blanks, CR and LF stripped from both ends of a cell."""
        data = self.data
        while s < e and data[s] in (32, 9, 10, 13):
            s += 1
        while e > s and data[e - 1] in (32, 9, 10, 13):
            e -= 1
        return s, e

    def record_dates(
        self, cells: Sequence[tuple[int, int, int, int]], field_hints: Sequence[int], n_records: int
    ) -> list[int | None]:
        """Each record's own date: a date at the start of a record-date field's value (the last one wins).

        Any parsed date is the record's date, before 1970 too (the kernel marks "none" with REC_NO_DATE).
        """
        out: list[int | None] = [None] * n_records
        for cs, ce, f, r in cells:
            if 0 <= f < len(field_hints) and (int(field_hints[f]) >> HINT_RECORD_DATE) & 1:
                s = cs
                while s < ce and self.data[s] in (32, 9):
                    s += 1
                parsed = self.parse_date(s, ce)
                if parsed is not None and 0 <= r < n_records:
                    out[r] = parsed[1]
            if 0 <= f < len(field_hints) and (int(field_hints[f]) >> HINT_SEX) & 1 and 0 <= r < n_records:
                self.sex_field[r] = self.sex_of(cs, ce)  # the last sex cell of a record counts, even unreadable
        return out

    def sex_of(self, s: int, e: int) -> int:
        """1 (male), 2 (female) or -1 from a sex or title cell (`_sex_of`): `F`/`2`/`Femme`, `H`/`1`/`Homme`,
        and `M…` (`M`, `M.`, `Mr`, `Monsieur`, `Masculin`) except the female titles `Mme`, `Mlle`, `Madame`,
        `Mademoiselle` (and `Mrs`, `Ms`, `Miss`).

        Intended (the kernel's comment lists `Masculin` as male): the kernel reads any `M` followed by
        `m`, `l` or `a` as female, so `Masculin` and `Male` are female, and `Mrs`, `Ms`, `Miss` male.
        """
        data = self.data
        while s < e and data[s] in (32, 9, 34):
            s += 1
        if s >= e:
            return -1
        first = chr(data[s])
        if first in "fF2":
            return 2
        if first in "hH1":
            return 1
        if first in "mM":
            word = _LETTERS.match(data, s, e)
            title = word[0].decode("ascii").lower() if word else ""
            return 2 if title.startswith(("mm", "ml", "mad")) or title in ("mrs", "ms", "miss") else 1
        return -1

    def record_documents(
        self, cells: Sequence[tuple[int, int, int, int]], field_hints: Sequence[int], n_records: int
    ) -> dict[int, int]:
        """Which identity document each record holds (1 passport, 2 identity card), from a whole-cell value
        such as `passeport` or `CNI`; only when some field names both documents (`numero_document`)."""
        if not any((int(h) >> E_PASSPORT) & 1 and (int(h) >> E_ID_CARD) & 1 for h in field_hints):
            return {}
        out: dict[int, int] = {}
        for cs, ce, _f, r in cells:
            first = self.data[cs] if cs < ce else 0
            if 1 <= ce - cs <= 40 and r < max(n_records, 1) and (65 <= first <= 90 or 97 <= first <= 122):
                k = self.key(cs, ce)
                if k in self.lex.doc_passport:
                    out[r] = 1
                elif k in self.lex.doc_id_card:
                    out[r] = 2
        return out

    @staticmethod
    def narrow_document_hints(hints: int, doc: int) -> int:
        """A field that may hold either identity document keeps the one its record says.

        Intended (the kernel's comment): only fields hinting both documents are narrowed.  The kernel also
        removes the identity-card hint from a field that names only the identity card (`cni`) when the
        record says "passeport".
        """
        both = (hints >> E_PASSPORT) & 1 and (hints >> E_ID_CARD) & 1
        if doc == 1 and both:
            return hints & ~(1 << E_ID_CARD)
        if doc == 2 and (hints >> E_ID_CARD) & 1:
            return hints & ~(1 << E_PASSPORT)
        return hints

    # ---------------------------------------------------------------------------------------- dates

    def parse_date(self, s: int, end: int) -> tuple[int, int] | None:
        """A date starting exactly at s: `(end of the date, days since 1970-01-01)` (`kernels.dates.parse_date`).

        The kernel's documented grammar, day first only: `dd/mm/yyyy`, `dd.mm.yyyy`, `dd-mm-yyyy`,
        `dd mm yyyy` (the same separator twice; one-digit day and month allowed except with blanks),
        `yyyy-mm-dd` (the date only; see `time_end` for the ISO time that may follow), `d[er] <mois>[.] yyyy`
        with the pack's month names (letters, `é è û` folded).  The calendar check is `validators.dates.is_valid_date`.
        """
        data = self.data
        m = _ISO_DATE.match(data, s, end)
        if m:
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            return (m.end(), _days(y, mo, d)) if vdates.is_valid_date(y, mo, d) else None
        m = _DAY_FIRST.match(data, s, end)
        if m and not (m[2] == b" " and len(m[1]) == 1):
            d, mo, y = int(m[1]), int(m[3]), int(m[4])
            return (m.end(), _days(y, mo, d)) if vdates.is_valid_date(y, mo, d) else None
        m = _DAY_BEFORE_MONTH.match(data, s, end)
        if not m:
            return None
        p = m.end()
        letters = []
        while p < end and len(letters) < 16:
            cp, w = self.char_at(p, end)
            if 65 <= cp <= 90 or 97 <= cp <= 122:
                letters.append(chr(cp).lower())
            elif cp in _MONTH_LETTERS:
                letters.append(_MONTH_LETTERS[cp])
            else:
                break
            p += w
        month = self.lex.months.get("".join(letters)) if len(letters) >= 3 else None
        if month is None:
            return None
        y_match = _YEAR_AFTER_MONTH.match(data, p, end)
        if not y_match:
            return None
        d, y = int(m[1]), int(y_match[1])
        return (y_match.end(), _days(y, month, d)) if vdates.is_valid_date(y, month, d) else None

    def time_end(self, i: int, end: int) -> int:
        """End of an ISO time `THH:MM[:SS[.f]][Z|±HH[:MM]]` at i, else i (`kernels.dates.iso_time_end`)."""
        m = _ISO_TIME.match(self.data, i, end)
        return m.end() if m else i

    def short_birth_date(self, s: int, end: int, ref: int) -> tuple[int, int] | None:
        """A birth date with a two-digit year at s (`d[d]/m[m]/yy`, `.` or `-`, not followed by a digit):
        `(end, days)` with the century of `validators.dates.two_digit_birth_date` on `ref`, else None."""
        m = _SHORT_DATE.match(self.data, s, end)
        if m is None:
            return None
        born = vdates.two_digit_birth_date(m[0].decode("ascii"), _date_of(ref))
        return None if born is None else (m.end(), _days(*born))

    # -------------------------------------------------------------------------------- classification

    def classify_cell(self, c: int, s: int, e: int, hints: int, ref: int) -> bool:
        """The whole value of a hinted cell as one of the entities its header names (`_classify_cell`).

        Tried in order: passport, identity card, driving licence (exact compact shape, `validators.licence`),
        a stored hash or password (`hash_end`, `secret_ok`), residence permit (intended: their validators, which
        accept the lower case and blanks dumps contain, `12ab34567`, `75 1234 5678`; the kernel wants the
        exact compact upper-case shape), date of birth (whole value a plausible date, or a date and an ISO
        time, the finding the date only; a two-digit year with its century from `ref`), nationality (an
        alpha-3 code, an adjective or a country name), street address (`validators.address.is_street_key` on
        the folded words, at most 120 bytes), person (letters, blanks, `-'.’`, at most 6 words,
        at least 2 letters, not a civility alone).  Returns True when one was emitted.
        """
        text = self.text(s, e)
        if (hints >> E_PASSPORT) & 1 and passport.is_valid(text):
            self.emit(E_PASSPORT, s, e, c, HOW_HEADER, F_HEADER, passport.compact(text).encode())
            return True
        if (hints >> E_ID_CARD) & 1 and idcard.is_valid(text):
            self.emit(E_ID_CARD, s, e, c, HOW_HEADER, F_HEADER, idcard.compact(text).encode())
            return True
        if (hints >> E_LICENCE) & 1 and licence.compact(text) == text and licence.is_valid(text):
            self.emit(E_LICENCE, s, e, c, HOW_HEADER, F_HEADER, text.encode())
            return True
        if hints & _CREDENTIAL_HINTS:
            # a stored hash (any syntax, bare hex digests too) first, else a password in a password field
            ent = E_PASSWORD_HASH if self.hash_end(s, e, allow_hex=True) == e else -1
            if ent < 0 and (hints >> E_PASSWORD) & 1 and self.secret_ok(s, e):
                ent = E_PASSWORD
            if ent >= 0:
                self.emit(ent, s, e, c, HOW_HEADER, F_HEADER, self.data[s:e][:_NORM_MAX])
                return True
        for run in DIGIT_RUNS:
            ent = ENTITY_ID[run.name]
            if (hints >> ent) & 1 and run.validator is not None and run.validator.is_valid(text):
                self.emit(ent, s, e, c, HOW_HEADER, F_HEADER, run.validator.compact(text).encode())
                return True
        if (hints >> E_DOB) & 1:
            parsed = self.parse_date(s, e)
            if parsed is None:
                parsed = self.short_birth_date(s, e, ref)
            if parsed is not None and self.time_end(parsed[0], e) == e and _plausible_birth(parsed[1], ref):
                self.emit(E_DOB, s, parsed[0], c, HOW_HEADER, F_HEADER, _date_key(parsed[1]))
                return True
        if (hints >> E_NATIONALITY) & 1:
            raw = self.data[s:e]
            iso = None
            if len(raw) == 3 and raw.isalpha() and raw.isupper():
                iso = self.lex.alpha3_iso.get(raw.decode("ascii"))
            if iso is None and e - s <= 60:
                iso = self.lex.word_iso(lexicon_key(text))
            if iso is not None:
                self.emit(E_NATIONALITY, s, e, c, HOW_HEADER, F_HEADER, b"#%03d" % iso)
                return True
        if (hints >> E_ADDRESS) & 1 and e - s <= address.MAX_BYTES:
            # the whole cell is one address when its folded words read as one
            key = lexicon_key(text)
            if len(key.encode("ascii")) <= address.MAX_BYTES and address.is_street_key(key):
                self.emit(E_ADDRESS, s, e, c, HOW_HEADER, F_HEADER, key.encode("ascii"))
                return True
        if (hints >> E_PERSON) & 1 and e - s <= 80:
            allowed = all(_is_letter(ord(ch)) or ch in " -'.\u2019" for ch in text)
            letters = sum(1 for ch in text if _is_letter(ord(ch)))
            if allowed and letters >= 2 and text.count(" ") <= 5:
                k = lexicon_key(text)
                # "Gymnase Jules Ferry" under `nom_equipement`: a value that starts with a facility, street or
                # object word names that thing, not a person (scanned as free text instead)
                thing = " " in text and lexicon_key(text.split(" ", 1)[0]) in self.lex.streets
                if k not in self.lex.civilities and not thing:
                    self.emit(E_PERSON, s, e, c, HOW_HEADER, F_HEADER, k.encode())
                    return True
        return False

    def foreign_cell(self, c: int, s: int, e: int, hints: int) -> None:
        """A passport or identity-card cell in which nothing else was found (`_foreign_cell`).

        The whole value, exactly as written (upper case, no blank), has another state's document-number
        shape (`validators.docnumber`): `FOREIGN_PASSPORT` under a passport header, else `FOREIGN_ID_CARD`.
        Last of all, so the French shapes and whatever the free-text scan finds keep precedence.
        """
        text = self.text(s, e)
        if docnumber.compact(text) != text or not docnumber.is_valid(text):
            return
        ent = E_FOREIGN_PASSPORT if hints & _PASSPORT_HINTS else E_FOREIGN_ID_CARD
        self.emit(ent, s, e, c, HOW_HEADER, F_HEADER, text.encode())

    # ------------------------------------------------------------------------------------------- MRZ

    def mrz_line_end(self, s: int, e: int) -> int:
        """End of an MRZ line at s: a `[0-9A-Z<]` run of 30, 36 or 44 with a `<`, else -1 (`_mrz_line_end`)."""
        run = _MRZ_RUN.match(self.data, s, e)
        assert run is not None
        return run.end() if len(run[0]) in (30, 36, 44) and b"<" in run[0] else -1

    def mrz_in_cell(self, c: int, s: int, e: int, ref: int) -> int:
        """MRZ groups starting at a line start of cell c (`_mrz_in_cell`); returns the extra cells consumed.

        A first line (blanks and `"` before it skipped, no letter or digit right after it) is followed by
        the lines of the same length after blanks or line breaks (also `\\n` in a JSON string), in the same
        cell or in the next cells: 2 × 44 (passport, visa MRV-A), 2 × 36 (old CNI, TD2, visa MRV-B), 3 × 30
        (TD1).  Each complete group is counted as shaped; a valid one is emitted and scanning resumes after
        it, an invalid one at the next line.
        """
        data = self.data
        cells = self.cells
        p = s
        consumed = 0
        while p < e:
            ls = p
            while ls < e and data[ls] in (32, 9, 34):
                ls += 1
            le = self.mrz_line_end(ls, e)
            nl = data.find(b"\n", p, e)
            nl = e if nl < 0 else nl
            if le < 0 or (le < nl and _is_ascii_alnum(data[le])):
                p = nl + 1
                continue
            length = le - ls
            lines = [(ls, le, c)]
            want = 3 if length == 30 else 2
            q, cc, qe = le, c, e
            while len(lines) < want:
                if q >= qe:
                    if cc + 1 >= len(cells):
                        break
                    cc += 1
                    q, qe = cells[cc][0], cells[cc][1]
                while q < qe:
                    if data[q] in (32, 9, 34, 13, 10):
                        q += 1
                    elif self.json and data[q] == 0x5C and q + 1 < qe and data[q + 1] in (0x6E, 0x72):
                        q += 2  # "\n" inside a JSON string
                    else:
                        break
                if q >= qe:
                    continue
                le2 = self.mrz_line_end(q, qe)
                if le2 < 0 or le2 - q != length:
                    break
                lines.append((q, le2, cc))
                q = le2
            if len(lines) < want:
                p = nl + 1
                continue
            self.stats[STATS.MRZ_SHAPED] += 1
            if self.mrz_emit(length, lines, ref):
                self.stats[STATS.MRZ_VALID] += 1
                consumed = max(consumed, lines[-1][2] - c)
                if lines[-1][2] != c:
                    return consumed
                p = lines[-1][1]
            else:
                p = nl + 1
        return consumed

    def mrz_emit(self, length: int, lines: list[tuple[int, int, int]], ref: int) -> bool:
        """Validate a group with `validators.mrz` and emit its lines and the fields inside (`_mrz_emit`).

        The layout comes from the size and the document code (`mrz.layout`: TD3, TD2, TD1, the visas
        MRV-A/MRV-B, the old CNI).  Intended: every rule of the validator (check digits are digits, the TD3
        personal-number digit, document codes, number overflow, field shapes).  Emitted: each line (MRZ),
        the document number (issued by FRA: FR_PASSPORT in a TD3 when `validators.passport` accepts it,
        FR_ID_CARD in the cards when `validators.idcard` does; issued by another state: FOREIGN_PASSPORT in
        a TD3, FOREIGN_ID_CARD in a TD1 or TD2, when `validators.docnumber` does; a visa's number: nothing,
        DESIGN has no visa entity), the birth date, the nationality (an alpha-3 code of the pack, `D<<`
        included) and the name parts.
        """
        text = [self.data[a:b].decode("ascii") for a, b, _ in lines]
        try:
            r = mrz.validate_lines(text)
        except ValidationError:
            return False
        for a, b, cell in lines:
            self.emit_mrz(E_MRZ, a, b, cell, F_MRZ | F_CHECKSUM, self.data[a:b])

        def span(field: mrz.Field) -> tuple[int, int, int]:
            a, _, cell = lines[field.line]
            return a + field.start, a + field.end, cell

        doc = r.document_number
        a, b, cell = span(doc)
        number = doc.value.replace(" ", "")
        if r.kind in ("MRV_A", "MRV_B"):
            pass
        elif text[0][2:5] != "FRA":  # the issuing state decides FR_* or FOREIGN_* (2x36 `IDFRA` is the old CNI)
            if docnumber.compact(number) == number and docnumber.is_valid(number):
                ent = E_FOREIGN_PASSPORT if r.kind == "TD3" else E_FOREIGN_ID_CARD
                self.emit_mrz(ent, a, b, cell, F_MRZ | F_CHECKSUM, number.encode())
        elif r.kind == "TD3":
            if len(number) == 9 and passport.is_valid(number):
                self.emit_mrz(E_PASSPORT, a, b, cell, F_MRZ | F_CHECKSUM, number.encode())
        elif idcard.is_valid(number):
            self.emit_mrz(E_ID_CARD, a, b, cell, F_MRZ | F_CHECKSUM, number.encode())
        a, _, cell = span(r.birth_date)
        days = self.mrz_birth_days(self.data[a : a + 6], ref)
        if days is not None:
            self.emit_mrz(E_DOB, a, a + 6, cell, F_MRZ | F_CHECKSUM, _date_key(days))
        if r.nationality is not None:
            a, b, cell = span(r.nationality)
            code = text[r.nationality.line][r.nationality.start : r.nationality.start + 3]
            iso = self.lex.alpha3_iso.get(code)
            if iso is not None and a < b:
                self.emit_mrz(E_NATIONALITY, a, b, cell, F_MRZ | F_CHECKSUM, b"#%03d" % iso)
        zones = {"TD1": [(2, 0, 30)], "FR_CNI": [(0, 5, 30), (1, 13, 27)]}.get(r.kind, [(0, 5, length)])
        for line, start, end in zones:
            a, _, cell = lines[line]
            self.mrz_names(a + start, a + end, cell)
        return True

    @staticmethod
    def mrz_birth_days(yymmdd: bytes, ref: int) -> int | None:
        """An MRZ birth date `YYMMDD`, in the century that puts it on or before `ref` (`_mrz_date`).

        20YY unless that is after `ref`, then 19YY.  Intended: a date that does not exist in the chosen
        century (29 February 1900, chosen for `000229` when `ref` is before 2000-02-29) is no date; the
        kernel emits the next day's number.
        """
        if not (len(yymmdd) == 6 and yymmdd.isdigit()):
            return None
        yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
        year = 2000 + yy if vdates.is_valid_date(2000 + yy, mm, dd) else 1900 + yy
        if not vdates.is_valid_date(year, mm, dd):
            return None
        if _days(year, mm, dd) > ref:
            year -= 100
            if not vdates.is_valid_date(year, mm, dd):
                return None
        return _days(year, mm, dd)

    def mrz_names(self, s: int, e: int, cell: int) -> None:
        """The name parts of an MRZ name zone: before the first `<<`, and everything after it (`_mrz_names`).

        Fillers are trimmed from both parts; a part of fewer than 2 characters is skipped; the fingerprint
        normalises `<` to a blank and letters to lower case.
        """
        zone = self.data[s:e].rstrip(b"<")
        cut = zone.find(b"<<")
        parts = [(0, len(zone))] if cut < 0 else [(0, cut)]
        if cut >= 0:
            rest = cut + 2
            while rest < len(zone) and zone[rest] == 0x3C:
                rest += 1
            parts.append((rest, len(zone)))
        for a, b in parts:
            if b - a >= 2:
                norm = zone[a:b].replace(b"<", b" ").lower()
                self.emit_mrz(E_PERSON, s + a, s + b, cell, F_MRZ, norm)

    # ------------------------------------------------------------------------------------- free text

    def scan_text(self, c: int, s: int, e: int, hints: int, free: bool, ref: int) -> None:
        """Free text of one cell (`_scan_text`): a whole credential line first; then at each token start,
        e-mail, then numbers, upper-case tokens (IBAN, CNIe) and words (nationalities, person names); at a
        `$` or Django's `pbkdf2_sha` a stored hash, after a password keyword and `:` a password."""
        data = self.data
        if 0x40 in data[s:e] and self.credential_line(c, s, e, hints):
            return
        i = s
        while i < e:
            b = data[i]
            if self.json and b == 0x5C and i + 1 < e and data[i + 1] in b'nrtbf"/\\':
                i += 2  # an escaped separator inside a JSON string ("\n", "\t", "\"", "\\")
                continue
            if b in (0x24, 0x3A):  # `$`: a stored hash; `:` after a password keyword: a password
                stop = self.scan_secret(c, s, i, e, hints)
                i = stop if stop > 0 else i + 1
                continue
            if not (_is_ascii_alnum(b) or b == 0x2B or b >= 0x80 or (self.json and b == 0x5C)):
                i += 1
                continue
            if self.prev_is_word(s, i):
                i += 1  # inside a word
                continue
            if b == 0x70 and e - i >= 36 and data[i + 1] == 0x62 and self.token_boundary(s, i):
                stop = self.hash_end(i, e, allow_hex=False)  # Django's `pbkdf2_sha256$…`
                if stop > 0:
                    self.emit_secret(E_PASSWORD_HASH, i, stop, c, hints, HOW_BASE)
                    i = stop
                    continue
            if b != 0x2B and b < 0x80:
                at = self.local_part_end(i, e)
                if at < e and data[at] == 0x40 and at > i:
                    stop = self.match_email(c, i, at, e, hints)
                    if stop > 0:
                        i = stop
                        continue
                    i = at + 1  # an '@' but no valid address: skip the whole token
                    while i < e and data[i] not in (32, 9, 10):
                        i += 1
                    continue
            if 48 <= b <= 57 or b == 0x2B:
                stop = self.scan_number(c, s, i, e, hints, ref)
                if stop <= 0 and b != 0x2B:
                    stop = self.match_address(c, s, i, e, hints)
                if stop <= 0 and b != 0x2B:
                    stop = self.match_street_before(c, s, i, e, hints)
                if stop > 0:
                    i = stop
                    continue
                i += 1
                while i < e and _is_ascii_alnum(data[i]):
                    i += 1
                continue
            lower_iban = 97 <= b <= 122 and i + 3 < e and 48 <= data[i + 2] <= 57 and 48 <= data[i + 3] <= 57
            if 65 <= b <= 90 or lower_iban:
                stop = self.scan_upper(c, s, i, e, hints)
                if stop > 0:
                    i = stop
                    continue
            wend, kind, letters = self.read_word(i, e)
            if letters == 0:
                i += 1
                continue
            i = self.scan_word(c, s, i, wend, kind, e, free)

    # ------------------------------------------------------------------------------------- credentials

    def token_boundary(self, s: int, i: int) -> bool:
        """Can a hash token start at i: first byte of the cell, or after a byte no hash is made of?"""
        return i == s or self.data[i - 1] not in _HASH_TOKEN_BYTES

    def hash_end(self, i: int, e: int, *, allow_hex: bool) -> int:
        """End of the stored hash at i (`kernels.credentials.hash_end`), or -1: a match of one of
        `pwhash.PREFIXED`'s grammars (bare hex digests, `pwhash.HEX`, only with `allow_hex`) of at most 127
        bytes that no hash character (`pwhash.TOKEN`) follows."""
        data = self.data
        for grammar in _HASH_GRAMMARS if allow_hex else _HASH_GRAMMARS[:-1]:
            m = grammar.match(data, i, e)
            if m is not None and m.end() - i <= _HASH_MAX and (m.end() == e or data[m.end()] not in _HASH_TOKEN_BYTES):
                return m.end()
        return -1

    def secret_ok(self, s: int, e: int) -> bool:
        """`validators.password.secret_ok` on the value's own bytes (its length counted in them), as the kernel
        reads them: a byte is a character (placeholders and mask characters are ASCII)."""
        raw = self.data[s:e]
        return password.secret_ok(raw.decode("latin-1"), size=len(raw))

    def emit_secret(self, ent: int, s: int, e: int, c: int, hints: int, how: int) -> None:
        """A password or stored hash found in text (`_emit_secret`): the header's score and flag when the
        field names the entity; its bytes as they are, fingerprinted on at most 127."""
        flag = F_CONTEXT if how == HOW_CONTEXT else 0
        if (hints >> ent) & 1:
            how, flag = HOW_HEADER, F_HEADER
        self.emit(ent, s, e, c, how, flag, self.data[s:e][:_NORM_MAX])

    def email_end(self, i: int, at: int, e: int) -> int:
        """End of the valid e-mail whose local part is i..at, or -1 (`match_email` without emitting)."""
        end = self.domain_end(at + 1, e)
        if end == at + 1 or not email.is_valid(self.text(i, end)):
            return -1
        return end

    def credential_line(self, c: int, s: int, e: int, hints: int) -> bool:
        """The whole cell is `e-mail:secret` or `e-mail;secret` (a combolist's line, `_credential_line`):
        emits the e-mail and the secret (a stored hash by its syntax, hex digests too, else a password).

        The secret follows the separator at once, holds no blank, is not itself an e-mail (`a@x.fr;b@y.fr`
        lists addresses) and passes `secret_ok`.
        """
        data = self.data
        if data[s] == 0x2B or data[s] >= 0x80:
            return False
        at = self.local_part_end(s, e)
        if at >= e or data[at] != 0x40 or at == s:
            return False
        stop = self.email_end(s, at, e)
        if stop < 0 or stop + 1 >= e or data[stop] not in (0x3A, 0x3B):
            return False
        p = stop + 1
        if b" " in data[p:e] or b"\t" in data[p:e]:
            return False
        at2 = self.local_part_end(p, e)
        if at2 < e and data[at2] == 0x40 and at2 > p and self.email_end(p, at2, e) > 0:
            return False
        if self.hash_end(p, e, allow_hex=True) == e:
            ent = E_PASSWORD_HASH
        elif self.secret_ok(p, e):
            ent = E_PASSWORD
        else:
            return False
        self.match_email(c, s, at, e, hints)
        self.emit_secret(ent, p, e, c, hints, HOW_CONTEXT)
        return True

    def scan_secret(self, c: int, s: int, i: int, e: int, hints: int) -> int:
        """At a `$`: a stored hash by its syntax.  At a `:` right after a word that ends a password keyword
        (`mot de passe :`): the blank-free token after it, a stored hash (hex too) or a password
        (`_scan_secret`).  Returns the end of what was emitted, or -1."""
        data = self.data
        if data[i] == 0x24:
            end = self.hash_end(i, e, allow_hex=False) if self.token_boundary(s, i) else -1
            if end > 0:
                self.emit_secret(E_PASSWORD_HASH, i, end, c, hints, HOW_BASE)
            return end
        if i == s:
            return -1
        p = i - 1
        while p > s and data[p] in (32, 9):
            p -= 1
        if not (65 <= data[p] <= 90 or 97 <= data[p] <= 122 or data[p] >= 0x80):
            return -1
        p = i + 1
        while p < e and data[p] in (32, 9):
            p += 1
        q = p
        while q < e and data[q] not in (32, 9, 10, 13):
            q += 1
        if q == p or not self.has_context(s, i, E_PASSWORD, self.lex.windows[E_PASSWORD]):
            return -1
        if self.hash_end(p, q, allow_hex=True) == q:
            self.emit_secret(E_PASSWORD_HASH, p, q, c, hints, HOW_CONTEXT)
            return q
        if self.secret_ok(p, q):
            self.emit_secret(E_PASSWORD, p, q, c, hints, HOW_CONTEXT)
            return q
        return -1

    # ------------------------------------------------------------------------------------------ e-mail

    def local_part_end(self, i: int, e: int) -> int:
        """End of the e-mail local-part run at i: ASCII letters, digits and `._%+-'`, at most 255 scanned (a
        longer local part before an `@` is then rejected whole by the validator's limit of 64)."""
        data = self.data
        p = i
        while p < e and p - i <= 254 and (_is_ascii_alnum(data[p]) or data[p] in _LOCAL_CHARS):
            p += 1
        return p

    def domain_end(self, p: int, e: int) -> int:
        """End of the e-mail domain at p, read as the kernel reads it: labels of letters and digits (any
        script: `société`, `рф`) and hyphens, a dot only before another letter or digit."""

        def label_char(at: int) -> int:
            """The width of the label character at `at`, 0 if none (an escaped ASCII character is none)."""
            cp, w = self.char_at(at, e)
            ascii_ok = w == 1 and (cp == 0x2D or _is_ascii_alnum(cp))
            return w if ascii_ok or (cp >= 0x80 and _is_word_char(cp)) else 0

        while True:
            while p < e and (w := label_char(p)):
                p += w
            if p + 1 < e and self.data[p] == 0x2E and self.data[p + 1] != 0x2D and label_char(p + 1):
                p += 1
                continue
            return p

    def match_email(self, c: int, i: int, at: int, e: int, hints: int) -> int:
        """`local@domain` with the local part at i..at (`_match_email`); emits it and returns its end, or -1.

        The domain is read as `domain_end`; validation: `validators.email.validate` (lengths: local part ≤ 64,
        label ≤ 63 and domain ≤ 253 in the `xn--` form, address ≤ 254; a known TLD, Unicode or `xn--`).  The
        fingerprint is the address as written with its ASCII letters in lower case.
        """
        end = self.domain_end(at + 1, e)
        if end == at + 1:
            return -1
        if not email.is_valid(self.text(i, end)):
            return -1
        how = HOW_HEADER if (hints >> E_EMAIL) & 1 else HOW_BASE
        self.emit(E_EMAIL, i, end, c, how, F_HEADER if how else 0, self.data[i:end].lower())
        return end

    # ------------------------------------------------------------------------------------------ numbers

    def scan_number(self, c: int, s: int, i: int, e: int, hints: int, ref: int) -> int:
        """A number at i (digit or `+`): NIR, identifiers after context, phone, date of birth (`_scan_number`).

        Returns the end of what was emitted, or -1.
        """
        data = self.data
        if 48 <= data[i] <= 57:
            stop = self.match_nir(c, s, i, e, hints)
            if stop > 0:
                return stop
            stop = self.match_id_token(c, s, i, e, hints)
            if stop > 0:
                return stop
        stop = self.match_phone(c, s, i, e, hints)
        if stop > 0:
            return stop
        if 48 <= data[i] <= 57:
            return self.match_birth_date(c, s, i, e, hints, ref)
        return -1

    def match_address(self, c: int, s: int, i: int, e: int, hints: int) -> int:
        """A street address starting with the house number at i (`_match_address`): the free-text grammar of
        `validators.address` (number, street type, name, optional postal code and commune), one finding
        for the whole span.  Returns its end, or -1.

        Not reported: a number glued to a code (`-`, `/`, `.`… before it), and an address right after a
        facility, shop or object word (`place_before` over five words: `Gymnase Jules Ferry, 12 rue…`,
        `Mairie 1 place…`), the address of a thing and not a person's.  The fingerprint is the folded
        words of the span, as for an address cell.
        """
        data = self.data
        if i > s and data[i - 1] in _NUMBER_GLUE:
            return -1
        m = _HOUSE_NUMBER.match(data, i, e)
        if m is None:
            return -1
        end = self.street_end(m.end(), e)
        if end < 0:
            return -1
        p = end + 1 if end < e and data[end] == 0x2C else end
        b = _BLANKS.match(data, p, e)
        if b is not None:
            end = max(end, self.postcode_end(b.end(), e))
        if self.place_before(s, i, words=5, before_address=True):
            return -1
        return self.emit_address(c, i, end, hints)

    def emit_address(self, c: int, i: int, end: int, hints: int) -> int:
        """The address `data[i:end]`, at most 120 bytes and 120 folded, fingerprinted on its folded words;
        returns `end`, or -1 when too long."""
        key = self.key(i, end)
        if end - i > address.MAX_BYTES or len(key) > address.MAX_BYTES:
            return -1
        how = HOW_HEADER if (hints >> E_ADDRESS) & 1 else HOW_BASE
        self.emit(E_ADDRESS, i, end, c, how, F_HEADER if how else 0, key.encode("ascii"))
        return end

    def postcode_end(self, p: int, e: int) -> int:
        """End of a postal code at p and of the commune after it (`_postcode_end`), or -1."""
        data = self.data
        if not _POSTCODE.match(data, p, e) or self.next_is_word(p + 5, e):
            return -1
        end = p + 5
        b = _BLANKS.match(data, end, e)
        if b is not None:
            end = max(end, self.name_end(b.end(), e, address.COMMUNE_WORDS, digits=False))
        return end

    def street_end(self, q: int, e: int) -> int:
        """End of a street type and its name at q (`_street_end`), or -1: the type (its dot if it needs one),
        1-3 blanks, `name_end`."""
        data = self.data
        wend, _kind, letters = self.read_word(q, e)
        needs_dot = address.TEXT_STREET_TYPES.get(self.key(q, wend)) if letters else None
        if needs_dot is None:
            return -1
        if wend < e and data[wend] == 0x2E:
            wend += 1
        elif needs_dot:
            return -1
        b = _BLANKS.match(data, wend, e)
        return -1 if b is None else self.name_end(b.end(), e, address.NAME_WORDS, digits=True)

    def match_street_before(self, c: int, s: int, i: int, e: int, hints: int) -> int:
        """An address without a house number, found from its postal code at i (`_match_street_before`):
        `demeurant boulevard Constance Leconte, 48000 Mende`.  The street starts at the first word start of
        the 100 bytes before i (after a blank) where a street type and name (`street_end`) end just before
        the postal code (`,` optional, 1-3 blanks), and a context word of the entity (`demeurant`,
        `domicilié`, `adresse`…) stands right before it.  Returns the end of the commune, or -1."""
        data = self.data
        post = self.postcode_end(i, e)
        if post < 0:
            return -1
        for q in range(max(s + 1, i - 100), i):
            if data[q - 1] not in (0x20, 0x09) or not (0x41 <= data[q] <= 0x5A or 0x61 <= data[q] <= 0x7A):
                continue
            end = self.street_end(q, e)
            if end < 0 or end >= i:
                continue
            p = end + 1 if data[end] == 0x2C else end
            b = _BLANKS.match(data, p, e)
            if b is not None and b.end() == i and self.has_context(s, q, E_ADDRESS, self.lex.windows[E_ADDRESS]):
                return self.emit_address(c, q, post, hints)
        return -1

    def name_end(self, q: int, e: int, max_words: int, *, digits: bool) -> int:
        """End of a street name or commune at q (`_name_end`), or -1: up to `max_words` words separated by
        1-3 blanks, each holding a capital letter or in `address.PARTICLES`, or (with `digits`) a number of
        1-4 digits before a word holding a capital; the end is that of the last word holding a capital."""
        data = self.data
        last = -1
        blanks = 0
        for _ in range(max_words):
            if q >= e:
                break
            if 48 <= data[q] <= 57:
                run = q
                while run < e and 48 <= data[run] <= 57:
                    run += 1
                if not digits or run - q > 4:
                    break
                b = _BLANKS.match(data, run, e)
                _, kind, letters = self.read_word(b.end(), e) if b is not None else (0, W_LOWER, 0)
                if letters == 0 or kind == W_LOWER:
                    if run - q == 4 and last == q - blanks:
                        last = run  # a year after a capitalised word ends the name (`du 8 Mai 1945`)
                    break
                q = b.end()
                continue
            wend, kind, letters = self.read_word(q, e)
            if letters == 0:
                break
            if kind != W_LOWER:
                last = wend
            elif self.key(q, wend) not in address.PARTICLES:
                break
            b = _BLANKS.match(data, wend, e)
            if b is None:
                break
            blanks = b.end() - wend
            q = b.end()
        return last

    def match_nir(self, c: int, s: int, i: int, e: int, hints: int) -> int:
        """A NIR at i (`_match_nir`): 1+2+2+2+3+3+2 characters with an optional single blank or dot between
        groups, department `2A`/`2B` in either case, not followed by a letter or digit.  "Shaped" (counted
        when the header or a context word is there) when the sex digit is 1/2/3/4/7/8 and the month 01–12,
        20–42 or 50–99; valid per `validators.nir`.  A valid NIR needs no context."""
        m = _NIR.match(self.data, i, e)
        if m is None:
            return -1
        value = m[0].decode("ascii")
        compact = nir.compact(value)
        month = int(compact[3:5])
        if compact[0] not in "123478" or not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
            return -1
        valid = nir.is_valid(value)
        hinted = (hints >> E_NIR) & 1
        ctx = bool(hinted) or self.has_context(s, i, E_NIR, self.lex.windows[E_NIR])
        if ctx:
            self.stats[STATS.NIR_SHAPED] += 1
            self.stats[STATS.NIR_VALID] += valid
        if not valid:
            return -1
        how = HOW_HEADER if hinted else HOW_CONTEXT if ctx else HOW_BASE
        self.emit(E_NIR, i, m.end(), c, how, F_CHECKSUM, compact.encode())
        return m.end()

    def match_id_token(self, c: int, s: int, i: int, e: int, hints: int) -> int:
        """A `[0-9A-Z]` token at i that is an identifier only with its header or context word:
        passport (`validators.passport`), identity card (`validators.idcard`), driving licence
        (`validators.licence`), then the digit-run entities
        (`contract.DIGIT_RUNS`: residence permit...) by their length and validator, tried in that order.
        Not when a letter follows the token."""
        t = _TOKEN.match(self.data, i, e)
        assert t is not None
        token = t[0].decode("ascii")
        if self.next_is_word(t.end(), e):
            return -1
        ent = -1
        if len(token) == 9 and passport.is_valid(token) and self.context_or_hint(hints, E_PASSPORT, s, i):
            ent = E_PASSPORT
        if (
            ent < 0
            and len(token) in (9, 12)
            and idcard.is_valid(token)
            and self.context_or_hint(hints, E_ID_CARD, s, i)
        ):
            ent = E_ID_CARD
        if (
            ent < 0
            and len(token) in (9, 12)
            and licence.is_valid(token)
            and self.context_or_hint(hints, E_LICENCE, s, i)
        ):
            ent = E_LICENCE
        if ent < 0 and token.isdigit():
            ent = next(
                (
                    ENTITY_ID[run.name]
                    for run in DIGIT_RUNS
                    if _is_digit_run(run, token) and self.context_or_hint(hints, ENTITY_ID[run.name], s, i)
                ),
                -1,
            )
        if ent < 0:
            return -1
        self.emit(ent, i, t.end(), c, HOW_CONTEXT, F_CONTEXT, token.encode())
        return t.end()

    def match_phone(self, c: int, s: int, i: int, e: int, hints: int) -> int:
        """A French phone number at i (`_match_phone`): `0X`, `+33`, `0033` or `+33 (0)`, then four pairs of
        digits with one kind of separator (blank, dot or dash), not inside a longer run of digits or
        letters; valid per `validators.phone` (which normalises it to `+33…`, the fingerprint)."""
        prev = self.char_before(s, i)
        if prev is not None and (48 <= prev <= 57 or prev == 0x2B):
            return -1
        if not self.data.startswith((b"+33", b"0033"), i, e):
            stop = self.overseas_end(i, e)
            if stop > 0:
                value = self.data[i:stop].decode("ascii")
                if phone.is_valid(value):
                    how = HOW_HEADER if (hints >> E_PHONE) & 1 else HOW_BASE
                    self.emit(E_PHONE, i, stop, c, how, 0, phone.compact(value).encode())
                    return stop
            if self.data.startswith((b"+", b"00"), i, e):
                return -1
        m = _PHONE.match(self.data, i, e)
        if m is None:
            return -1
        if len({sep for sep in m.groups() if sep}) > 1:
            return -1
        value = m[0].decode("ascii")
        if not phone.is_valid(value):
            return -1
        how = HOW_HEADER if (hints >> E_PHONE) & 1 else HOW_BASE
        self.emit(E_PHONE, i, m.end(), c, how, 0, phone.compact(value).encode())
        return m.end()

    def overseas_end(self, i: int, e: int) -> int:
        """End of an overseas number in international form at i (`_match_overseas`), else -1: `+` or `00`, a
        code of `validators.phone.OVERSEAS`, an optional blank, dot or dash, the NSN's digits with at most
        one separator of one kind between two, not followed by a letter, a digit, or a separator and a digit."""
        data = self.data
        m = _OVERSEAS.match(data, i, e)
        if m is None or m[1].decode() not in phone.OVERSEAS:
            return -1
        length = phone.OVERSEAS[m[1].decode()][0]
        digits = [m.start(2) + k for k, ch in enumerate(m[2]) if 48 <= ch <= 57]
        if len(digits) < length:
            return -1
        end = digits[length - 1] + 1
        if len({ch for ch in data[m.start(2) : end] if not 48 <= ch <= 57}) > 1:
            return -1  # separators of two kinds
        if end < e and _is_ascii_alnum(data[end]):
            return -1
        if end + 1 < e and data[end] in b" .-" and 48 <= data[end + 1] <= 57:
            return -1
        return end

    def match_birth_date(self, c: int, s: int, i: int, e: int, hints: int, ref: int) -> int:
        """A plausible date of birth at i, not followed by a letter or digit, after its header or context.

        A two-digit year (`né le 12/03/85`) too, its century from `ref` (`short_birth_date`).  The finding is
        the date only: an ISO time after it (`1985-03-12T10:00:00`) is read to see what follows, and left out.
        """
        parsed = self.parse_date(i, e) or self.short_birth_date(i, e, ref)
        if parsed is None:
            return -1
        stop, days = parsed
        if not _plausible_birth(days, ref) or self.next_is_word(self.time_end(stop, e), e):
            return -1
        if not self.context_or_hint(hints, E_DOB, s, i):
            return -1
        self.emit(E_DOB, i, stop, c, HOW_CONTEXT, F_CONTEXT, _date_key(days))
        return stop

    # ----------------------------------------------------------------------------------- upper case

    def iban_separator(self, p: int, e: int) -> int:
        """Width of the separator an IBAN may hold at p: a blank or a dash, a no-break space (U+00A0) or a
        narrow one (U+202F, UTF-8 only), as raw bytes; else 0 (`_iban_separator`)."""
        data = self.data
        if data[p] in (0x20, 0x2D):
            return 1
        if not self.utf8:
            return 1 if self.byte_chars[data[p]] == "\u00a0" else 0
        for sep in (b"\xc2\xa0", b"\xe2\x80\xaf"):
            if data.startswith(sep, p, e):
                return len(sep)
        return 0

    def iban_end(self, i: int, e: int) -> tuple[int, str] | None:
        """The IBAN written at i (`_match_iban`): the country's length of ASCII letters and digits in either case,
        a single separator (`iban_separator`) allowed between two of them after the first four; not followed
        by a letter or digit.  Returns its end and its characters as written, or None."""
        data = self.data
        if not (i + 4 < e and _LETTERS.fullmatch(data, i, i + 2) and data[i + 2 : i + 4].isdigit()):
            return None
        length = IBAN_LENGTHS.get(data[i : i + 2].decode("ascii").upper())
        if length is None:
            return None
        chars = []
        p = i
        while p < e and len(chars) < length:
            if _is_ascii_alnum(data[p]):
                chars.append(chr(data[p]))
                p += 1
                continue
            w = self.iban_separator(p, e) if len(chars) >= 4 else 0
            if w and p + w < e and _is_ascii_alnum(data[p + w]):
                p += w
                continue
            break
        if len(chars) != length or (p < e and _is_ascii_alnum(data[p])):
            return None
        return p, "".join(chars)

    def scan_upper(self, c: int, s: int, i: int, e: int, hints: int) -> int:
        """A letter at i: an IBAN (`iban_end`, valid per `validators.iban`: mod 97 and the country's BBAN
        structure), else, at a capital, a CNIe number after its context."""
        data = self.data
        found = self.iban_end(i, e)
        if found is not None:
            end, value = found
            self.stats[STATS.IBAN_SHAPED] += 1
            if iban.is_valid(value):
                self.stats[STATS.IBAN_VALID] += 1
                how = HOW_HEADER if (hints >> E_IBAN) & 1 else HOW_BASE
                self.emit(E_IBAN, i, end, c, how, F_CHECKSUM, iban.compact(value).encode())
                return end
        t = _TOKEN.match(data, i, e)
        assert t is not None
        token = t[0].decode("ascii")
        cnie = len(token) == 9 and idcard.kind(token) == "cnie" and not self.next_is_word(t.end(), e)
        if cnie and self.context_or_hint(hints, E_ID_CARD, s, i):
            self.emit(E_ID_CARD, i, t.end(), c, HOW_CONTEXT, F_CONTEXT, token.encode())
            return t.end()
        return -1

    # ---------------------------------------------------------------------------------------- words

    def scan_word(self, c: int, s: int, i: int, wend: int, kind: int, e: int, free: bool) -> int:
        """A word at i..wend (`_scan_word`): a nationality after its context (or continuing a list of them),
        else the start of a person's name.  Returns where scanning continues."""
        lex = self.lex
        key = self.key(i, wend)
        iso = lex.nationality_iso.get(key)
        if iso is None and kind != W_LOWER:
            iso = lex.country_iso.get(key)
        if iso is not None and (
            self.continues_list(i, c) or self.has_context(s, i, E_NATIONALITY, lex.windows[E_NATIONALITY])
        ):
            self.emit(E_NATIONALITY, i, wend, c, HOW_CONTEXT, F_CONTEXT, b"#%03d" % iso)
            return wend
        if kind in (W_LOWER, W_OTHER):
            return wend
        return self.match_person(c, s, i, wend, kind, key, e, free)

    def continues_list(self, i: int, c: int) -> bool:
        """Is the word at i the next item of a list of nationalities (`turque et syrienne`)?

        The previous finding is a nationality of the same cell ending at most 6 bytes before i, with only
        blanks, commas, slashes and `et`/`ou`/`and`/`or` in between.
        """
        if not self.findings:
            return False
        last = self.findings[-1]
        if last.entity != E_NATIONALITY or last.cell != c or last.end > i or i - last.end > 6:
            return False
        return _LIST_GLUE.fullmatch(self.data, last.end, i) is not None

    def match_person(self, c: int, s: int, i: int, wend: int, kind: int, key: str, e: int, free: bool) -> int:
        """A person's name at i (`_scan_word`, person part).

        After a civility (`M.`, `Mme`, `Monsieur`…) and one blank, or at i: up to 4 Capitalised (2+ letters)
        or UPPER-CASE words separated by single blanks, none a stop word, civility or street word, none
        glued to a digit.  Not a person after a street word (`rue Victor Hugo`).  Emitted after a civility,
        after a person context word right before, before ` <` (a display name), when the first word is a
        known first name and another word follows, for `Capitalised SURNAME` with a surname of 4+ letters,
        or for a lone Capitalised known first name alone on a free-text line, after a label colon, or before
        `né(e)`.
        """
        data, lex = self.data, self.lex
        civility = key in lex.civilities
        if civility:
            p = wend
            if p < e and data[p] == 0x2E:
                p += 1
            if not (p < e and data[p] == 0x20):
                return wend
            ns = p + 1
        else:
            ns = i
        q = ns
        nwords = n_upper = longest_upper = 0
        first_is_name = False
        last_end = ns
        while q < e and nwords < 4:
            we, wk, wl = self.read_word(q, e)
            if wl == 0 or wk not in (W_CAP, W_UPPER) or (wk == W_CAP and wl < 2):
                break
            if we < e and 48 <= data[we] <= 57:
                break  # "FR76…", "A1": letters glued to digits are a code, not a name
            wkey = key if (q == i and not civility) else self.key(q, we)
            if wkey in lex.stopwords or wkey in lex.civilities or wkey in lex.streets:
                break
            if nwords == 0:
                first_is_name = wkey in lex.first_names
            if wk == W_UPPER:
                n_upper += 1
                longest_upper = max(longest_upper, wl)
            nwords += 1
            last_end = we
            if we < e and data[we] == 0x20 and we + 1 < e:
                q = we + 1
            else:
                break
        if nwords == 0:
            return wend
        if self.prev_word_key(s, ns) in lex.streets:
            return last_end  # "rue Victor Hugo": a street, not a person
        emit = civility or self.has_context(s, ns, E_PERSON, 0)
        if not emit:
            if last_end + 1 < e and data[last_end] == 0x20 and data[last_end + 1] == 0x3C and nwords >= 2:
                emit = True  # display name before "<address>"
            elif nwords >= 2 and first_is_name:
                emit = True  # "Prénom Nom", "Prénom NOM"
            elif nwords >= 2 and n_upper >= 1 and kind == W_CAP and longest_upper >= 4:
                emit = True  # "Capitalised SURNAME"
            elif nwords == 1 and first_is_name and kind == W_CAP:  # an ALL-CAPS word before ':' is a label
                at_line_start = free and (ns == s or data[ns - 1] == 10 or (ns >= 2 and data[ns - 2] == 0x5D))
                after_colon = ns >= 2 and data[ns - 1] == 0x20 and data[ns - 2] == 0x3A
                at_line_end = last_end >= e or data[last_end] in (10, 13, 0x3A)
                emit = (at_line_start and at_line_end) or (after_colon and free) or self.born_after(last_end, e)
        if not emit:
            return wend
        if not civility and self.place_before(s, ns):
            return last_end  # "centre social Victor Hugo", "service à thé Émile Gallé": a thing's name
        self.emit(E_PERSON, ns, last_end, c, HOW_CONTEXT, F_CONTEXT, self.key(ns, last_end).encode())
        return last_end

    def place_before(self, s: int, i: int, *, words: int = 3, before_address: bool = False) -> bool:
        """Is a street, facility or object word among the `words` words before i, in the same phrase
        (`_place_before`; three before a name, five `before_address`, where a text street type ends the
        look-back: `12 rue Victor Hugo, 3 rue…`)?

        The word right before i (blanks and commas skipped, as `prev_word_key`) must be neither a function
        word (`la maison de Jean Dupont` is his house) nor a civility; each earlier word follows exactly one
        blank.  A function word is a stop word written in plain lower-case ASCII (`thé` folds onto the stop
        word `The` but governs nothing).  Words are runs of ASCII letters/digits and non-ASCII characters.
        """
        chars = self.chars(s, i)
        k = len(chars)
        while k > 0 and chars[k - 1][1] in (0x20, 0x2C):
            k -= 1
        for n in range(words):
            end = k
            while k > 0 and (chars[k - 1][1] >= 0x80 or _is_ascii_alnum(chars[k - 1][1])):
                k -= 1
            if k == end:
                return False
            written = "".join(chr(cp) for _, cp, _ in chars[k:end])
            word = lexicon_key(written)
            if before_address and word in address.TEXT_STREET_TYPES:
                return False
            if word in self.lex.streets:
                return True
            plain_lower = all(0x61 <= ord(ch) <= 0x7A for ch in written)
            if n == 0 and (word in self.lex.civilities or (word in self.lex.stopwords and plain_lower)):
                return False
            if not (k > 0 and chars[k - 1][1] == 0x20):
                return False
            k -= 1
        return False

    def prev_word_key(self, s: int, i: int) -> str:
        """Lexicon key of the word before i, blanks and commas skipped (`_prev_word_flags`).

        A word is a run of ASCII letters/digits and non-ASCII characters.  Intended: characters, JSON
        escapes decoded (`all\\u00e9e Victor Hugo` is after the street word `allée`); the kernel walks raw
        bytes and stops at the escape's backslash.
        """
        chars = self.chars(s, i)
        k = len(chars)
        while k > 0 and chars[k - 1][1] in (0x20, 0x2C):
            k -= 1
        end = k
        while k > 0 and (chars[k - 1][1] >= 0x80 or _is_ascii_alnum(chars[k - 1][1])):
            k -= 1
        return lexicon_key("".join(chr(cp) for _, cp, _ in chars[k:end]))

    def born_after(self, p: int, e: int) -> bool:
        """`, né le` / ` née le` right after a name (`_born_after`).

        Intended: the next word is `né`, `née` (or unaccented `ne`, `nee`), in any encoding and in JSON
        escapes.  The kernel tests only `n` followed by `e` or by the first byte of any 2-byte UTF-8 letter
        (`nà`, `nô`), so `Marie ne viendra pas`, `Marie new` and `Marie nôtre` qualify.
        """
        return _BORN.match(self.text(p, min(e, p + 24))) is not None


def reference_detect(
    data: bytes,
    cells: Sequence[tuple[int, int, int, int]],
    field_hints: Sequence[int],
    *,
    encoding: str,
    json: bool,
    tables: KernelTables,
    ref_days: int,
    key: tuple[int, int],
    n_records: int | None = None,
) -> ReferenceResult:
    """Detect entities in `cells` of `data` exactly as `detect_cells` is documented to, slowly.

    `cells` are `(start, end, field_id, record)` byte spans (field -1 for free text), `field_hints` the hint
    mask of each field id (`KernelTables.field_hints`), `encoding` `"utf-8"` or a single-byte codec name
    (`"cp1252"`), `json` whether `\\uXXXX` escapes are read, `ref_days` the scan's reference date (days
    since 1970-01-01) for records without their own date, `key` the SipHash key `(k0, k1)`.

    Returns the findings in the kernel's emission order as `(entity, start, end, cell, score, fingerprint,
    flag)`, each record's date (-1 if none) and the statistics counters.

    >>> from piiscan.tables import default_tables
    >>> text = "Tél : 06 12 34 56 78".encode()
    >>> r = reference_detect(text, [(0, len(text), -1, 0)], [0], encoding="utf-8", json=False,
    ...                      tables=default_tables(), ref_days=20454, key=(1, 2))
    >>> [(ENTITY_ORDER[f.entity], text[f.start:f.end].decode()) for f in r.findings]
    [('PHONE_NUMBER', '06 12 34 56 78')]
    """
    if n_records is None:
        n_records = max((cell[3] for cell in cells), default=-1) + 1
    det = _Detector(bytes(data), encoding, json, _lexicon(tables.pack), int(ref_days), key)
    det.run(list(cells), [int(h) for h in field_hints], n_records)
    rec_date = [REC_NO_DATE if d is None else d for d in det.rec_date]
    return ReferenceResult(det.findings, rec_date, det.stats)
