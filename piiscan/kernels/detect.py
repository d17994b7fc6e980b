"""The detection kernel: find, validate and fingerprint every entity in the cells of a chunk.

One pass per cell.  A cell whose field is hinted (its header names an entity) is first classified as a whole,
so a `N° étranger` value is a residence permit and not a phone number; any other cell is scanned as free
text, where context-only entities need a context word right before them.  Results go to preallocated
arrays; when they are full the kernel returns the cell to resume from.

Entity ids, hint bits and statistics slots come from `piiscan.entities.contract` (the registry's order).
"""

from __future__ import annotations

import os

import numpy as np

from piiscan.entities import contract as _c
from piiscan.entities.contract import (
    ENTITY_HINTS,
    HINT_RECORD_DATE,
    HINT_SEX,
    N_ENTITIES,
    N_STATS,
    STATS,
)
from piiscan.kernels.address import (
    ADDRESS_MAX,
    COMMUNE_WORDS,
    NAME_WORDS,
    address_gate,
    blank_run,
    house_number_end,
    is_particle,
    postcode_at,
    street_key_ok,
    street_type,
)
from piiscan.kernels.bundles import Lexicon, Sink, Text
from piiscan.kernels.chars import ALPHA, DIGIT, LOWER_LATIN1, N_TABLE, UPPER, count_byte, cp_class, read_cp
from piiscan.kernels.checks import (
    civil_from_days,
    days_from_civil,
    iban_ok,
    is_valid_date,
    mrz_check,
    nir_ok,
    siphash24,
)
from piiscan.kernels.credentials import hash_end, secret_ok, token_boundary
from piiscan.kernels.dates import iso_time_end, parse_date, parse_date_ymd, parse_short_date
from piiscan.kernels.hashset import (
    CTX_LAST_WORD_BITS,
    LOWER_SEED,
    filter_has,
    fnv1a,
    lower_filter_has,
    lower_hash_step,
    table_lookup,
    table_lookup_common,
)
from piiscan.kernels.idna import punycode_label
from piiscan.kernels.jit import kernel
from piiscan.kernels.memo import memo_key, memo_lookup, memo_replay, memo_store, new_memo
from piiscan.kernels.prefetch import prefetch
from piiscan.kernels.words import (
    ISO_SHIFT,
    WORD_ALPHA3,
    WORD_CIVILITY,
    WORD_COUNTRY,
    WORD_DOC_ID_CARD,
    WORD_DOC_PASSPORT,
    WORD_FIRST_NAME,
    WORD_NATIONALITY,
    WORD_STOP,
    WORD_STREET,
    WORD_TLD,
)
from piiscan.validators import docnumber as _docnumber
from piiscan.validators import iban as _iban
from piiscan.validators import phone as _phone

__all__ = ["N_STATS", "OUT_COLUMNS", "REC_NO_DATE", "detect_cells", "detect_work"]

# Entity ids are numpy scalars, not Python ints: numba types a global int as a literal, and compiles every
# helper taking an entity (`_emit`, `_has_context`, `_score`) once per entity (24 copies of `_emit`, 6 s of
# cold compile); an `np.int64` global is typed `int64`, so each helper compiles once.  The numbers come from
# the registry (`piiscan.entities.contract`), never from here.
E_EMAIL = np.int64(_c.E_EMAIL)
E_PASSPORT = np.int64(_c.E_PASSPORT)
E_ID_CARD = np.int64(_c.E_ID_CARD)
E_NIR = np.int64(_c.E_NIR)
E_DOB = np.int64(_c.E_DOB)
E_NATIONALITY = np.int64(_c.E_NATIONALITY)
E_PHONE = np.int64(_c.E_PHONE)
E_IBAN = np.int64(_c.E_IBAN)
E_MRZ = np.int64(_c.E_MRZ)
E_PERSON = np.int64(_c.E_PERSON)
E_FOREIGN_PASSPORT = np.int64(_c.E_FOREIGN_PASSPORT)
E_FOREIGN_ID_CARD = np.int64(_c.E_FOREIGN_ID_CARD)
E_LICENCE = np.int64(_c.E_LICENCE)
E_PASSWORD = np.int64(_c.E_PASSWORD)
E_PASSWORD_HASH = np.int64(_c.E_PASSWORD_HASH)
E_ADDRESS = np.int64(_c.E_ADDRESS)
CREDENTIAL_HINTS = np.int64((1 << _c.E_PASSWORD) | (1 << _c.E_PASSWORD_HASH))
"""Hint bits of a password or password-hash field (`_classify_cell`)."""
PASSPORT_HINTS = np.int64((1 << _c.E_PASSPORT) | (1 << _c.E_FOREIGN_PASSPORT))
"""Hint bits of a field that holds passports: a French one or another state's (`_foreign_cell`)."""
ID_CARD_HINTS = np.int64((1 << _c.E_ID_CARD) | (1 << _c.E_FOREIGN_ID_CARD))
"""Hint bits of a field that holds identity cards: a French one or another state's (`_foreign_cell`)."""
DOC_MIN = np.int64(_docnumber.MIN_LENGTH)
DOC_MAX = np.int64(_docnumber.MAX_LENGTH)
BARE_MIN_DIGITS = 10
"""Fewest digits of a phone number, the shortest entity a bare number can hold (see `_bare_digits`)."""

NO_DATE = -(1 << 40)
"""Not a date (day counts are negative before 1970, so -1 is a date)."""
REC_NO_DATE = -(1 << 31)
"""A record without its own date (`rec_date` is int32; -1 is 31 Dec 1969)."""
MAX_AGE = 120
"""Oldest plausible age of a living person, in completed years (as validators.dates)."""
THREE = np.int64(3)
FIVE = np.int64(5)
"""Words `_place_before` looks back over: before a person's name, before an address."""
PREFETCH_CELLS = 64
"""How many cells ahead the record-date pre-pass prefetches (about five records of a wide table)."""
FACTS_AHEAD = 48
"""How many findings ahead `_record_facts` prefetches (about six records of a dense dump)."""


def _bban_classes() -> np.ndarray:
    """Per country (index `(c0 - 65) * 26 + c1 - 65`), the class of each BBAN character: 1 digit, 2 upper-case
    letter, 3 either (`validators.iban.BBAN_STRUCTURES`)."""
    table = np.zeros((26 * 26, 32), np.uint8)
    for country in _iban.BBAN_STRUCTURES:
        row = (ord(country[0]) - 65) * 26 + ord(country[1]) - 65
        for q, kind in enumerate(_iban.bban_classes(country)):
            table[row, q] = {"n": 1, "a": 2, "c": 3}[kind]
    return table


BBAN_CLASSES = _bban_classes()
"""The BBAN structure of every country the IBAN length table knows, one class per character."""

DIGIT_RUNS = np.array(_c.DIGIT_RUN_ROWS, np.int64).reshape(-1, 6)
"""Header-or-context digit identifiers, one row per entity in registry order (`contract.DIGIT_RUN_ROWS`):
entity id, length, allowed first digits (bit mask), check body, check key length, modulus."""
FINGERPRINT_BYTES = np.array(_c.FINGERPRINT_BYTES, np.uint8)
"""Per entity id, the byte `_emit` hashes after the normalised value (`Entity.fingerprint_tag`)."""
RARE_CELL_HINTS = np.int64((1 << E_LICENCE) | CREDENTIAL_HINTS | np.bitwise_or.reduce(np.int64(1) << DIGIT_RUNS[:, 0]))
"""Hint bits of the fields `_classify_rare_cell` reads: a driving licence, a password or hash, a digit run."""

F_CHECKSUM = np.int64(_c.F_CHECKSUM)
F_MRZ = np.int64(_c.F_MRZ)
F_HEADER = np.int64(_c.F_HEADER)
F_CONTEXT = np.int64(_c.F_CONTEXT)
F_CHECK_FAILED = np.int64(_c.F_CHECK_FAILED)

W_CAP = 1  # Capitalised
W_UPPER = 2  # UPPER CASE
W_LOWER = 3
W_OTHER = 4


def _ascii_kinds() -> np.ndarray:
    """Kind of each ASCII byte for the free-text loop: 0 skipped outright, 1 letter or digit, 3 `+`,
    4 backslash; 5 marks the blanks and punctuation that can end a word but no e-mail local part; 6 the two
    bytes a secret can hang on (`$` opens a stored hash, `:` follows a password keyword).

    `$` and `:` have a kind of their own so that the loop's blank-and-punctuation step, taken for about one
    byte in six of free text, stays one table read and one test: testing the two bytes there as well made
    the whole free-text scan about 10 % slower (perf samples, OFII observations column)."""
    kinds = np.zeros(128, np.uint8)
    for b in range(128):
        ch = chr(b)
        if ch.isascii() and ch.isalnum():
            kinds[b] = 1
        elif ch == "+":
            kinds[b] = 3
        elif ch == "\\":
            kinds[b] = 4
        elif ch in "$:":
            kinds[b] = 6
        elif ch in ' \n\r\t,;!?)"':
            kinds[b] = 5
    return kinds


_ASCII_KIND = _ascii_kinds()


@kernel
def _dig(b):
    return 48 <= b <= 57


@kernel
def _up(b):
    return 65 <= b <= 90


@kernel
def _alnum(b):
    return (48 <= b <= 57) or (65 <= b <= 90) or (97 <= b <= 122)


@kernel
def _space(b):
    return b == 32 or b == 9


@kernel
def _prev_is_word(text, s, i):
    """Is the character before position i (not before s) a letter or digit?"""
    buf, enc, byte_cp, json = text
    if i <= s:
        return False
    b = buf[i - 1]
    if json and i - 2 >= s and buf[i - 2] == 92 and b in (110, 114, 116, 98, 102, 34, 47, 92):
        j = i - 2
        while j > s and buf[j - 1] == 92:
            j -= 1
        if (i - 1 - j) % 2 == 1:
            return False  # the end of an escape ("\n", not "\\n"): a separator, not a letter
    if json and i - 6 >= s and buf[i - 6] == 92 and buf[i - 5] == 117:
        cp, w = read_cp(buf, i - 6, i, enc, byte_cp, json)
        if w == 6:
            return (cp_class(cp) & (ALPHA | DIGIT)) != 0  # a "\u00e9" escape: the character it stands for
    if b < 0x80:
        return _alnum(b)
    if enc == 1:
        return (cp_class(np.int64(byte_cp[b])) & (ALPHA | DIGIT)) != 0  # int64, as every other caller
    j = i - 1
    while j > s and (buf[j] & 0xC0) == 0x80 and i - j < 4:
        j -= 1
    cp, _w = read_cp(buf, j, i, enc, byte_cp, json)
    return (cp_class(cp) & (ALPHA | DIGIT)) != 0


@kernel
def _next_is_word(text, i, e):
    buf, enc, byte_cp, json = text
    if i >= e:
        return False
    cp, _w = read_cp(buf, i, e, enc, byte_cp, json)
    return (cp_class(cp) & (ALPHA | DIGIT)) != 0


@kernel
def _cp_in_place(text, i):
    """(code point, 1) of an ASCII or single-byte character, or (0, 0): then call `read_cp`.

    Small enough for LLVM to inline into the word loops, unlike `read_cp` (a call per character cost 13 %
    of the free-text scan); only escapes and multi-byte UTF-8 pay the call.
    """
    buf, enc, byte_cp, json = text
    b = buf[i]
    if b < 0x80 and not (json and b == 92):
        return np.int64(b), np.int64(1)
    if enc == 1 and b >= 0x80:
        return np.int64(byte_cp[b]), np.int64(1)
    return np.int64(0), np.int64(0)


@kernel
def _fold_norm(text, s, e, out, fold):
    """Fold buf[s:e] into `out` as lexicon keys are stored: [a-z0-9] words separated by single spaces."""
    buf, enc, byte_cp, json = text
    k = 0
    cap = len(out)
    pending_space = False
    i = s
    while i < e and k < cap - 2:
        cp, w = _cp_in_place(text, i)
        if w == 0:
            cp, w = read_cp(buf, i, e, enc, byte_cp, json)
        i += w
        c1 = 0
        c2 = 0
        if cp < 128:
            if 65 <= cp <= 90:
                c1 = cp + 32
            elif (97 <= cp <= 122) or (48 <= cp <= 57):
                c1 = cp
        elif cp < N_TABLE:
            c1 = fold[cp]
            c2 = fold[N_TABLE + cp]
            if not ((97 <= c1 <= 122) or (48 <= c1 <= 57)):
                c1 = 0
                c2 = 0
        if c1 == 0:
            if k > 0:
                pending_space = True
            continue
        if pending_space:
            out[k] = 32
            k += 1
            pending_space = False
        out[k] = c1
        k += 1
        if c2 != 0:
            out[k] = c2
            k += 1
    return k


@kernel
def _has_context(text, cell_s, pos, ent, window, kw):
    """Is one of `ent`'s context phrases in the text just before `pos` (same cell, same sentence)?

    `window` > 0: anywhere in that many bytes before; `window` == 0: right before the value (only blanks
    and punctuation in between), as for `née le 12/03/1985` or `de nationalité marocaine`.
    """
    buf = text.buf
    json = text.json
    fold, scratch, kw_blob, kw_meta = kw
    lo = pos - (window if window > 0 else 40)
    if lo < cell_s:
        lo = cell_s
    n_kw = kw_meta[0]
    last_word = np.int64(0)
    if window == 0 and not json:
        # most calls come from a capitalised word of free text, and the word before it is the last word of
        # no phrase: test that first, before looking for the sentence's start (see _last_word_verdict)
        last_word = _last_word_verdict(text, lo, pos, ent, scratch, fold, kw_meta)
        if last_word < 0:
            return False
    # the context must be in the same sentence: start after the last sentence break
    j = pos - 1
    while j >= lo:
        b = buf[j]
        if b == 10 or b == 13:
            lo = j + 1
            break
        if (b == 59 or b == 33 or b == 63) and j + 1 < pos and _space(buf[j + 1]):
            lo = j + 1
            break
        if b == 46 and j + 2 < pos and _space(buf[j + 1]) and _up(buf[j + 2]):
            # ". " then a capital starts a sentence, unless the dot ends an initial or "M." ("M. DUPONT")
            if not (j >= 1 and _up(buf[j - 1]) and (j == 1 or not _alnum(buf[j - 2]))):
                lo = j + 1
                break
        j -= 1
    if lo >= pos:
        return False
    if window == 0 and not json:
        if last_word > 0:
            # the word passed; a word never straddles a sentence break, so it lies in this sentence unless
            # only blanks and punctuation are left between the sentence's start and `pos`
            if last_word <= lo:
                return False
        elif _last_word_verdict(text, lo, pos, ent, scratch, fold, kw_meta) < 0:
            return False  # (the window held a character beyond ASCII: asked again within the sentence)
    n = _fold_norm(text, lo, pos, scratch, fold)
    while n > 0 and scratch[n - 1] == 32:
        n -= 1
    if n == 0:
        return False
    if window == 0:
        # the phrase must end the text: unless the last word is the last word of one of the entity's
        # phrases (a 1024-bit filter, see piiscan.tables), none can match (most capitalised words of
        # free text are tested here and rejected without comparing phrases)
        t = n
        while t > 0 and scratch[t - 1] != 32:
            t -= 1
        base = 2 + 2 * n_kw + 2 * N_ENTITIES + ent * (CTX_LAST_WORD_BITS // 64)
        if not filter_has(kw_meta, base, np.int64(CTX_LAST_WORD_BITS), fnv1a(scratch[t:n], n - t)):
            return False
    p_lo = kw_meta[2 + 2 * n_kw + 2 * ent]
    p_hi = kw_meta[3 + 2 * n_kw + 2 * ent]
    if window == 0:
        # each phrase can only sit at the end
        for p in range(p_lo, p_hi):
            a = kw_meta[1 + p]
            m = kw_meta[2 + p] - a
            if m <= n and (m == n or scratch[n - m - 1] == 32) and _phrase_at(scratch, n - m, kw_blob, a, m):
                return True
        return False
    # anywhere in the window: word by word, each phrase tested on its first byte before anything else
    for st in range(n):
        if st > 0 and scratch[st - 1] != 32:
            continue
        first = scratch[st]
        for p in range(p_lo, p_hi):
            a = kw_meta[1 + p]
            m = kw_meta[2 + p] - a
            if m > n - st or kw_blob[a] != first:
                continue
            if st + m < n and scratch[st + m] != 32:
                continue
            if _phrase_at(scratch, st, kw_blob, a, m) and not _has_digit(scratch, st + m, n):
                # (no number between the context word and the value: it would be the one the word is about)
                return True
    return False


@kernel(forceinline=True)
def _last_word_verdict(text, lo, pos, ent, scratch, fold, kw_meta):
    """Can a phrase of `ent` end right before `pos`, judged by the word there (within `buf[lo:pos]`)?

    -1: no (only blanks and punctuation, or a last word the entity's last-word filter rejects); 0: cannot
    tell cheaply (a UTF-8 byte beyond ASCII, which read backwards is no character); otherwise the end of
    that word, which passed.  Only that word is folded: folding 40 bytes per capitalised word of free
    text cost more than the rest of the check.
    """
    buf = text.buf
    enc = text.enc
    byte_cp = text.byte_cp
    j, simple = _back_over(buf, pos - 1, lo, False, enc, byte_cp, fold)  # blanks and punctuation
    if not simple:
        return np.int64(0)
    if j < lo:
        return np.int64(-1)
    word_end = j + 1
    j, simple = _back_over(buf, j, lo, True, enc, byte_cp, fold)  # the word
    if not simple:
        return np.int64(0)
    m = _fold_norm(text, j + 1, word_end, scratch, fold)
    base = 2 + 2 * kw_meta[0] + 2 * N_ENTITIES + ent * (CTX_LAST_WORD_BITS // 64)
    if not filter_has(kw_meta, base, np.int64(CTX_LAST_WORD_BITS), fnv1a(scratch, m)):
        return np.int64(-1)
    return np.int64(word_end)


@kernel(forceinline=True)
def _phrase_at(scratch, st, kw_blob, a, m):
    for q in range(m):
        if scratch[st + q] != kw_blob[a + q]:
            return False
    return True


@kernel(forceinline=True)
def _has_digit(scratch, lo, hi):
    for q in range(lo, hi):
        if 48 <= scratch[q] <= 57:
            return True
    return False


@kernel
def _back_over(buf, j, lo, alnum, enc, byte_cp, fold):
    """Step back from j (down to lo) over bytes that fold to letters or digits (`alnum`) or to a blank (not).

    Returns `(j, simple)`: the first position that stops the run (lo - 1 if none), and False when a UTF-8
    byte beyond ASCII was met (read backwards, it is not a character: the caller takes the general path).
    """
    while j >= lo:
        if buf[j] >= 0x80 and enc != 1:
            return j, False
        if _folds_to_alnum(buf[j], enc, byte_cp, fold) != alnum:
            return j, True
        j -= 1
    return j, True


@kernel
def _folds_to_alnum(b, enc, byte_cp, fold):
    """Does byte `b` (ASCII, or any byte of a single-byte code page) fold to a letter or digit (`_fold_norm`)?"""
    cp = np.int64(b) if b < 0x80 else np.int64(byte_cp[b])
    if cp < 128:
        return (65 <= cp <= 90) or (97 <= cp <= 122) or (48 <= cp <= 57)
    if cp >= N_TABLE:
        return False
    c1 = fold[cp]
    return (97 <= c1 <= 122) or (48 <= c1 <= 57)


@kernel
def _compact_alnum(buf, s, e, out, upper):
    k = 0
    for i in range(s, e):
        b = buf[i]
        if _alnum(b) and k < len(out):
            if upper and 97 <= b <= 122:
                b -= 32
            elif not upper and 65 <= b <= 90:
                b += 32
            out[k] = b
            k += 1
    return k


@kernel
def _copy_norm(buf, s, e, out):
    """The value's bytes as they are (a password or hash is case- and byte-exact), at most what `out` holds."""
    k = min(e - s, len(out) - 1)
    for q in range(k):
        out[q] = buf[s + q]
    return np.int64(k)


@kernel(entry=True)  # called from Python by its test
def _date_key(days, out):
    """YYYYMMDD of a day count, as the normalised value of a date of birth."""
    y, m, d = civil_from_days(days)
    return _ymd_key(y, m, d, out)


@kernel(forceinline=True, entry=True)  # called from Python by its test
def _ymd_key(y, m, d, out):
    """YYYYMMDD of a calendar date (year 0 to 9999, as every parsed date has), into `out`; returns 8."""
    v = np.uint64(y) % np.uint64(10000)
    for k in range(3, -1, -1):
        out[k] = np.uint64(48) + v % np.uint64(10)
        v //= np.uint64(10)
    out[4] = 48 + m // 10
    out[5] = 48 + m % 10
    out[6] = 48 + d // 10
    out[7] = 48 + d % 10
    return 8


@kernel
def _emit(ent, s, e, cell, score, flag, norm, n_norm, k0, k1, out, n_found):
    if n_norm > len(norm) - 1:
        n_norm = len(norm) - 1  # room for the entity byte; longer values are hashed on their first bytes
    if n_found >= out.shape[0]:
        return n_found
    out[n_found, 0] = ent
    out[n_found, 1] = s
    out[n_found, 2] = e - s
    out[n_found, 3] = cell
    out[n_found, 4] = np.int64(score * 1_000_000.0 + 0.5)
    out[n_found, 6] = flag
    norm[n_norm] = FINGERPRINT_BYTES[ent]  # the entity is part of the fingerprint: equal text of two kinds differs
    out[n_found, 5] = np.int64(siphash24(k0, k1, norm, n_norm + 1))
    return n_found + 1


# ----------------------------------------------------------------------------------------------- matchers


@kernel(forceinline=True)
def _match_nir(buf, i, e, norm):
    """NIR at i: `[1-478]` then 2+2+2(2A/2B)+3+3+2 with an optional single blank or dot between groups; the
    Corsican department in either case (`2a`, normalised to `2A`).

    Returns (end, shaped, valid): `shaped` when layout, sex, month and department parse.
    """
    groups = (1, 2, 2, 2, 3, 3, 2)
    k = 0
    p = i
    for g in range(7):
        if g > 0 and p + 1 < e and (buf[p] == 32 or buf[p] == 46) and _dig(buf[p + 1]):
            p += 1
        for _q in range(groups[g]):
            if p >= e:
                return -1, False, False
            b = buf[p]
            if _dig(b):
                norm[k] = b
                k += 1
                p += 1
            elif g == 3 and _q == 1 and (b == 65 or b == 66 or b == 97 or b == 98) and buf[p - 1] == 50:
                norm[k] = b & 0xDF  # 2a -> 2A
                k += 1
                p += 1
            else:
                return -1, False, False
    if p < e and _alnum(buf[p]):
        return -1, False, False
    c0 = norm[0]
    if c0 not in (49, 50, 51, 52, 55, 56):
        return -1, False, False
    month = (norm[3] - 48) * 10 + (norm[4] - 48)
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        return -1, False, False
    return p, True, nir_ok(norm)


def _overseas_table() -> np.ndarray:
    """`validators.phone.OVERSEAS` as rows: code, NSN length, in the national plan, then up to 8 allowed
    prefixes as (value, number of digits)."""
    rows = []
    for code, (length, prefixes) in _phone.OVERSEAS.items():
        row = [int(code), length, int(code in _phone.IN_NATIONAL_PLAN)]
        for prefix in prefixes:
            row += [int(prefix), len(prefix)]
        rows.append(row + [0, 0] * (8 - len(prefixes)))
    return np.array(rows, np.int64)


OVERSEAS = _overseas_table()
"""Overseas phone numbers in international form: one row per country code (see `_overseas_table`)."""


@kernel
def _match_overseas(buf, i, p, e, norm):
    """An overseas number after `+` or `00` (at p, its country code): `+262 692 12 34 56`, `+689 87 12 34 56`.

    The code (`OVERSEAS`), an optional blank, dot or dash, then the NSN's digits with at most one separator
    of one kind between any two, its first digits in the plan, not all the same digit, and not followed by
    a letter, a digit or a separator and a digit (a longer number).  `norm` receives `+33` and the NSN for
    the overseas departments (their national writing's key), else `+` code and NSN.  Returns
    `(end, n_norm)` or `(-1, 0)`.

    Not inlined, although it has one call site: it runs only after `+` or `00` and a country code other
    than 33, and inlined into `_match_phone` (itself inlined into every number scan) it made the phone
    column's detection about 10 % slower and the free-text scan a few percent (perf samples, paired runs).
    """
    if not (p + 3 < e and _dig(buf[p]) and _dig(buf[p + 1]) and _dig(buf[p + 2])):
        return np.int64(-1), np.int64(0)
    code = (buf[p] - 48) * 100 + (buf[p + 1] - 48) * 10 + (buf[p + 2] - 48)
    r = -1
    for q in range(OVERSEAS.shape[0]):
        if OVERSEAS[q, 0] == code:
            r = q
    if r < 0:
        return np.int64(-1), np.int64(0)
    length = OVERSEAS[r, 1]
    k = 0
    if OVERSEAS[r, 2] == 1:
        norm[0] = 43
        norm[1] = 51
        norm[2] = 51
        k = 3
    else:
        norm[0] = 43
        norm[1] = buf[p]
        norm[2] = buf[p + 1]
        norm[3] = buf[p + 2]
        k = 4
    first = k
    p += 3
    if p < e and (buf[p] == 32 or buf[p] == 46 or buf[p] == 45):
        p += 1
    sep = -1
    n = 0
    while p < e and n < length:
        b = buf[p]
        if _dig(b):
            norm[k] = b
            k += 1
            n += 1
            p += 1
        elif n > 0 and (b == 32 or b == 46 or b == 45) and p + 1 < e and _dig(buf[p + 1]):
            if sep == -1:
                sep = b
            elif sep != b:
                return np.int64(-1), np.int64(0)
            p += 1
        else:
            break
    if n != length or (p < e and _alnum(buf[p])):
        return np.int64(-1), np.int64(0)
    if p + 1 < e and (buf[p] == 32 or buf[p] == 46 or buf[p] == 45) and _dig(buf[p + 1]):
        return np.int64(-1), np.int64(0)
    same = True
    for q in range(first + 1, k):
        if norm[q] != norm[first]:
            same = False
    if same:
        return np.int64(-1), np.int64(0)
    for j in range(8):
        value = OVERSEAS[r, 3 + 2 * j]
        digits = OVERSEAS[r, 4 + 2 * j]
        if digits == 0:
            break
        v = 0
        for q in range(digits):
            v = v * 10 + (norm[first + q] - 48)
        if v == value:
            return np.int64(p), np.int64(k)
    return np.int64(-1), np.int64(0)


@kernel(forceinline=True)
def _match_phone(buf, i, s, e, norm):
    """French phone at i; returns `(end, n_norm)` or `(-1, 0)`.  `norm` receives +33 and the 9 significant
    digits, or an overseas number's key (`_match_overseas`)."""
    p = i
    if buf[p] == 43:  # +33
        if not (p + 3 < e and buf[p + 1] == 51 and buf[p + 2] == 51):
            if i > s and (_dig(buf[i - 1]) or buf[i - 1] == 43):
                return np.int64(-1), np.int64(0)
            return _match_overseas(buf, i, p + 1, e, norm)
        p += 3
        intl = True
    elif p + 3 < e and buf[p] == 48 and buf[p + 1] == 48 and buf[p + 2] == 51 and buf[p + 3] == 51:
        p += 4
        intl = True
    elif p + 4 < e and buf[p] == 48 and buf[p + 1] == 48 and _dig(buf[p + 2]) and buf[p + 2] != 48:
        if i > s and (_dig(buf[i - 1]) or buf[i - 1] == 43):
            return np.int64(-1), np.int64(0)
        return _match_overseas(buf, i, p + 2, e, norm)
    else:
        intl = False
    if i > s and (_dig(buf[i - 1]) or buf[i - 1] == 43):
        return np.int64(-1), np.int64(0)
    norm[0] = 43
    norm[1] = 51
    norm[2] = 51
    k = 3
    if intl:
        if p < e and (buf[p] == 32 or buf[p] == 46 or buf[p] == 45):
            p += 1
        if p + 2 < e and buf[p] == 40 and buf[p + 1] == 48 and buf[p + 2] == 41:  # (0)
            p += 3
            if p < e and buf[p] == 32:
                p += 1
        if p < e and buf[p] == 48:
            return np.int64(-1), np.int64(0)
        if p >= e or not _dig(buf[p]):
            return np.int64(-1), np.int64(0)
        norm[k] = buf[p]
        k += 1
        p += 1
    else:
        if not (p + 1 < e and buf[p] == 48 and _dig(buf[p + 1]) and buf[p + 1] != 48):
            return np.int64(-1), np.int64(0)
        norm[k] = buf[p + 1]
        k += 1
        p += 2
    sep = -1
    for _g in range(4):
        if p < e and (buf[p] == 32 or buf[p] == 46 or buf[p] == 45):
            if sep == -1:
                sep = buf[p]
            elif sep != buf[p]:
                return np.int64(-1), np.int64(0)
            p += 1
        if p + 1 < e and _dig(buf[p]) and _dig(buf[p + 1]):
            norm[k] = buf[p]
            norm[k + 1] = buf[p + 1]
            k += 2
            p += 2
        else:
            return np.int64(-1), np.int64(0)
    if p < e and (_dig(buf[p]) or _alnum(buf[p])):
        return np.int64(-1), np.int64(0)
    same = True
    for q in range(4, 12):
        if norm[q] != norm[3]:
            same = False
    if same:
        return np.int64(-1), np.int64(0)
    return np.int64(p), np.int64(12)


@kernel(forceinline=True)
def _iban_separator(buf, p, e, enc, byte_cp):
    """Width of the separator an IBAN may hold at p (a blank, a dash, a no-break or narrow no-break space),
    else 0."""
    b = buf[p]
    if b == 32 or b == 45:
        return 1
    if enc == 1:
        return 1 if byte_cp[b] == 0xA0 else 0
    if b == 0xC2 and p + 1 < e and buf[p + 1] == 0xA0:
        return 2
    if b == 0xE2 and p + 2 < e and buf[p + 1] == 0x80 and buf[p + 2] == 0xAF:
        return 3
    return 0


@kernel(forceinline=True)
def _match_iban(buf, i, e, enc, byte_cp, norm, iban_len):
    """IBAN at i; returns (end, n_norm, valid) or (-1, 0, False).

    Compact or grouped (by 4 or by the national groups) with single separators (`_iban_separator`) after
    the check digits; letters in either case (`norm` receives the upper-case compact form).  Valid: mod 97,
    check digits 02-98, and the BBAN's structure per country (`BBAN_CLASSES`: digits where the country
    wants digits).
    """
    c0 = np.uint8(buf[i] & 0xDF)  # uint8, as every other `_up` caller passes
    c1 = np.uint8(buf[i + 1] & 0xDF) if i + 1 < e else np.uint8(0)
    if not (i + 4 < e and _up(c0) and _up(c1) and _alpha_ascii(buf[i]) and _alpha_ascii(buf[i + 1])):
        return -1, 0, False
    if not (_dig(buf[i + 2]) and _dig(buf[i + 3])):
        return -1, 0, False
    idx = (c0 - 65) * 26 + (c1 - 65)
    want = iban_len[idx]
    if want == 0:
        return -1, 0, False
    k = 0
    p = i
    while p < e and k < want:
        b = buf[p]
        if _dig(b) or _up(b):
            norm[k] = b
        elif 97 <= b <= 122:
            norm[k] = b - 32
        else:
            w = _iban_separator(buf, p, e, enc, byte_cp) if k >= 4 else 0
            if w > 0 and p + w < e and _alnum(buf[p + w]):
                p += w
                continue
            break
        k += 1
        p += 1
    if k != want or (p < e and _alnum(buf[p])):
        return -1, 0, False
    cd = (norm[2] - 48) * 10 + (norm[3] - 48)
    ok = iban_ok(norm, k) and cd != 0 and cd != 1 and cd != 99  # ISO 13616 issues 02..98 only
    for q in range(4, k):
        cls = BBAN_CLASSES[idx, q - 4]
        if (cls == 1 and not _dig(norm[q])) or (cls == 2 and not _up(norm[q])):
            ok = False
    return p, k, ok


@kernel(forceinline=True)
def _alpha_ascii(b):
    return 65 <= b <= 90 or 97 <= b <= 122


@kernel
def _id_token(buf, i, e):
    """End of the [0-9A-Z] token at i, and its digit and letter counts."""
    p = i
    nd = 0
    nl = 0
    while p < e:
        b = buf[p]
        if _dig(b):
            nd += 1
        elif _up(b):
            nl += 1
        else:
            break
        p += 1
    return p, nd, nl


@kernel
def _is_passport(buf, i):
    return (
        _dig(buf[i])
        and _dig(buf[i + 1])
        and _up(buf[i + 2])
        and _up(buf[i + 3])
        and _dig(buf[i + 4])
        and _dig(buf[i + 5])
        and _dig(buf[i + 6])
        and _dig(buf[i + 7])
        and _dig(buf[i + 8])
    )


@kernel
def _is_old_cni(buf, i):
    for q in range(4):
        if not _dig(buf[i + q]):
            return False
    yy = (buf[i] - 48) * 10 + (buf[i + 1] - 48)
    mm = (buf[i + 2] - 48) * 10 + (buf[i + 3] - 48)
    if mm < 1 or mm > 12 or 21 < yy < 88:  # issued from 1988 to 2021 (see validators.idcard)
        return False
    for q in range(4, 7):
        if not (_dig(buf[i + q]) or _up(buf[i + q])):
            return False
    for q in range(7, 12):
        if not _dig(buf[i + q]):
            return False
    return True


@kernel
def _is_old_licence(buf, i):
    """The old 12-character driving-licence number at i (`validators.licence`): YY, month 01-12, department
    01-95 but 20 or `2A`/`2B`, six digits."""
    for q in range(4):
        if not _dig(buf[i + q]):
            return False
    mm = (buf[i + 2] - 48) * 10 + (buf[i + 3] - 48)
    if mm < 1 or mm > 12:
        return False
    d0 = buf[i + 4]
    d1 = buf[i + 5]
    if d0 == 50 and (d1 == 65 or d1 == 66):
        pass
    elif _dig(d0) and _dig(d1):
        dept = (d0 - 48) * 10 + (d1 - 48)
        if dept < 1 or dept > 95 or dept == 20:
            return False
    else:
        return False
    for q in range(6, 12):
        if not _dig(buf[i + q]):
            return False
    return True


@kernel
def _is_docnumber(buf, s, e):
    """Is `buf[s:e]` a document number of another state's shape (`validators.docnumber`, compact form):
    6 to 12 upper-case letters and digits, at least one digit, not one character repeated?"""
    if e - s < DOC_MIN or e - s > DOC_MAX:
        return False
    nd = 0
    same = True
    for p in range(s, e):
        b = buf[p]
        if _dig(b):
            nd += 1
        elif not _up(b):
            return False
        if b != buf[s]:
            same = False
    return nd > 0 and not same


@kernel
def _is_fra(buf, a):
    """Is the issuing state of the MRZ whose first line starts at a France (`FRA` at 2-5)?"""
    return buf[a + 2] == 70 and buf[a + 3] == 82 and buf[a + 4] == 65


@kernel
def _digit_run_ok(buf, i, L, r):
    """Are the `L` digits at i a value of the digit-run entity of row `r` of `DIGIT_RUNS` (its length, first
    digit and check)?  The caller has checked that they are digits."""
    if DIGIT_RUNS[r, 1] != L or not (DIGIT_RUNS[r, 2] >> (buf[i] - 48)) & 1:
        return False
    body = DIGIT_RUNS[r, 3]
    key = DIGIT_RUNS[r, 4]
    if key == 0:
        return True
    modulus = DIGIT_RUNS[r, 5]
    n = np.int64(0)
    for q in range(body):
        n = (n * 10 + (buf[i + q] - 48)) % modulus
    k = np.int64(0)
    for q in range(body, body + key):
        k = k * 10 + (buf[i + q] - 48)
    return n == k


@kernel
def _read_word(text, i, e):
    """A word at i: letters with inner `-` or `'`.  Returns (end, kind, n_letters)."""
    buf, enc, byte_cp, json = text
    p = i
    n = 0
    nup = 0
    first_up = False
    while p < e:
        cp, w = _cp_in_place(text, p)
        if w == 0:
            cp, w = read_cp(buf, p, e, enc, byte_cp, json)
        c = cp_class(cp)
        if c & ALPHA:
            if c & UPPER:
                nup += 1
                if n == 0:
                    first_up = True
            n += 1
            p += w
            continue
        if (cp == 45 or cp == 39 or cp == 0x2019) and n > 0 and p + w < e:
            cp2, _w2 = read_cp(buf, p + w, e, enc, byte_cp, json)
            if cp_class(cp2) & ALPHA:
                p += w
                continue
        break
    if n == 0:
        return i, W_OTHER, 0
    if nup == n:
        kind = W_UPPER if n >= 2 else W_CAP
    elif first_up and nup == 1:
        kind = W_CAP
    elif first_up:
        kind = W_CAP if nup <= 3 else W_OTHER  # McDonald, Al-Hassan, N'Diaye
    elif nup == 0:
        kind = W_LOWER
    else:
        kind = W_OTHER
    return p, kind, n


@kernel(forceinline=True)
def _word_key(text, i, e, fold, key):
    """`_read_word` and `_fold_norm` of that word in one pass: (end, kind, n_letters, key length).

    Free text is mostly lower-case words that only need a lexicon probe; reading each word once instead
    of three times is what keeps the free-text scan near a few cycles per byte.
    """
    buf, enc, byte_cp, json = text
    p = i
    n = 0
    nup = 0
    first_up = False
    k = 0
    cap = len(key) - 2
    pending = False
    while p < e:
        cp, w = _cp_in_place(text, p)
        if w == 0:
            cp, w = read_cp(buf, p, e, enc, byte_cp, json)
        c = cp_class(cp)
        if c & ALPHA:
            if c & UPPER:
                nup += 1
                if n == 0:
                    first_up = True
            n += 1
            p += w
            # fold exactly as _fold_norm does
            c1 = 0
            c2 = 0
            if cp < 128:
                c1 = cp + 32 if 65 <= cp <= 90 else cp
            elif cp < N_TABLE:
                c1 = fold[cp]
                c2 = fold[N_TABLE + cp]
                if not ((97 <= c1 <= 122) or (48 <= c1 <= 57)):
                    c1 = 0
                    c2 = 0
            if c1 == 0:
                if k > 0:
                    pending = True
                continue
            if k < cap:
                if pending:
                    key[k] = 32
                    k += 1
                    pending = False
                key[k] = c1
                k += 1
                if c2 != 0:
                    key[k] = c2
                    k += 1
            continue
        if (cp == 45 or cp == 39 or cp == 0x2019) and n > 0 and p + w < e:
            cp2, _w2 = read_cp(buf, p + w, e, enc, byte_cp, json)
            if cp_class(cp2) & ALPHA:
                p += w
                if k > 0:
                    pending = True
                continue
        break
    if n == 0:
        return i, W_OTHER, 0, 0
    if nup == n:
        kind = W_UPPER if n >= 2 else W_CAP
    elif first_up and nup == 1:
        kind = W_CAP
    elif first_up:
        kind = W_CAP if nup <= 3 else W_OTHER
    elif nup == 0:
        kind = W_LOWER
    else:
        kind = W_OTHER
    return p, kind, n, k


@kernel
def _lex(text, s, e, lex):
    """Every lexicon class of the folded text `buf[s:e]` (first names and stop words included)."""
    fold, scratch, lx_blob, lx_meta = lex
    n = _fold_norm(text, s, e, scratch, fold)
    return table_lookup(scratch, n, lx_blob, lx_meta, 0)


@kernel
def _lex_common(text, s, e, lex):
    """The "common" lexicon classes only (nationalities, countries, months, TLDs, titles...): fast path."""
    fold, scratch, lx_blob, lx_meta = lex
    n = _fold_norm(text, s, e, scratch, fold)
    return table_lookup_common(scratch, n, lx_blob, lx_meta, 0)


# ----------------------------------------------------------------------------------------------- the kernel


@kernel(entry=True)  # called from Python
def _detect_cells_kernel(
    buf,
    enc,
    byte_cp,
    json,
    n_cells,
    cs,
    ce,
    cf,
    cr,
    n_records,
    field_hints,
    fold,
    lx_blob,
    lx_meta,
    kw_blob,
    kw_meta,
    ctx_window,
    scores,
    iban_len,
    ref_days,
    k0,
    k1,
    start_cell,
    out,
    rec_date,
    stats,
    norm,
    scratch,
    rec_doc,
    mrz_work,
    rec_info,
    memo_keys,
    memo_entries,
    memo_values,
):
    """Detect entities in cells `start_cell..n_cells`; returns `(n_found, next_cell)`.

    `next_cell < n_cells` means the output arrays are full: call again from there with fresh arrays.
    `rec_date[r]` receives the record's own date (days since 1970-01-01, or -1) on the first call.
    """
    text = Text(buf, enc, byte_cp, json)
    lex = Lexicon(fold, scratch, lx_blob, lx_meta)
    n_found = np.int64(0)  # not a literal 0: callees would compile once more for Literal[int](0)
    n_fields = len(field_hints)
    if start_cell == 0:
        for r in range(n_records):
            rec_date[r] = REC_NO_DATE
        for k in range(4 * n_records):
            rec_info[k] = -1
        for c in range(n_cells):
            # one cell per record, ~500 bytes apart, across pages: ask for the date cell a few records ahead
            # (a cache miss per record was 6 % of the kernel's time; see piiscan.kernels.prefetch)
            ahead = c + PREFETCH_CELLS
            if ahead < n_cells:
                fa = cf[ahead]
                if fa >= 0 and fa < n_fields and (field_hints[fa] >> HINT_RECORD_DATE) & 1:
                    prefetch(buf, np.int64(cs[ahead]))
            f = cf[c]
            if f >= 0 and f < n_fields and (field_hints[f] >> HINT_RECORD_DATE) & 1:
                s = np.int64(cs[c])
                e = np.int64(ce[c])
                while s < e and _space(buf[s]):
                    s += 1
                stop, days = parse_date(buf, s, e, enc, byte_cp, json, lx_blob, lx_meta, scratch)
                if stop > 0 and cr[c] < len(rec_date):
                    rec_date[cr[c]] = days
            if f >= 0 and f < n_fields and (field_hints[f] >> HINT_SEX) & 1 and cr[c] < n_records:
                rec_info[cr[c] * 4 + 3] = _sex_of(buf, cs[c], ce[c])
    # which identity document each record holds, from a document-type value ("type": "passeport"), for
    # fields that name an identity document without saying which (`piece_identite.numero`)
    # (computed once per chunk: a resumed call keeps the first call's answers, `rec_doc` is the caller's)
    generic_doc = False
    for f in range(n_fields):
        if (field_hints[f] >> E_PASSPORT) & 1 and (field_hints[f] >> E_ID_CARD) & 1:
            generic_doc = True
    if start_cell == 0:
        for r in range(len(rec_doc)):
            rec_doc[r] = 0
    if generic_doc and start_cell == 0:
        for c in range(n_cells):
            s = np.int64(cs[c])
            e = np.int64(ce[c])
            r = cr[c]
            if 1 <= e - s <= 40 and r < len(rec_doc) and (_up(buf[s]) or 97 <= buf[s] <= 122):
                v = _lex_common(text, s, e, lex)
                if v & WORD_DOC_PASSPORT:
                    rec_doc[r] = 1
                elif v & WORD_DOC_ID_CARD:
                    rec_doc[r] = 2
    skip_until = -1  # cells already consumed as MRZ lines
    use_memo = len(memo_keys) > 0
    c = start_cell
    while c < n_cells:
        if n_found + 64 > out.shape[0]:
            _record_facts(buf, out, n_found, cr, rec_info, enc, byte_cp, json, lx_blob, lx_meta, scratch, ref_days)
            return n_found, (skip_until + 1 if c <= skip_until else c)
        if c <= skip_until:
            c += 1
            continue
        s, e, hints = _cell_view(buf, c, cs, ce, cf, cr, field_hints, rec_doc)
        if s >= e:
            c += 1
            continue
        # ---- a number in a field that names no entity (a file number, a filing date, an amount, a count): a
        # NIR or a phone number at most, and nothing at all with fewer digits than a phone (see _bare_digits)
        digits = _bare_digits(buf, s, e) if (hints & ENTITY_HINTS) == 0 else np.int64(-1)
        if digits >= 0 and digits < BARE_MIN_DIGITS:
            c += 1
            continue
        f = cf[c]
        r = cr[c]
        ref = rec_date[r] if (r < len(rec_date) and rec_date[r] != REC_NO_DATE) else ref_days
        # ---- a short digit-free value seen before (a birth place, a nationality, a name): replay its findings
        mkey = memo_key(buf, s, e, hints, f < 0) if use_memo else np.uint64(0)
        if mkey != 0:
            slot = memo_lookup(memo_keys, memo_entries, memo_values, mkey, buf, s, e)
            if slot >= 0:
                n_found = memo_replay(memo_entries, slot, s, c, out, n_found)
                c += 1
                continue
        # ---- MRZ: lines of [A-Z0-9<] of length 30/36/44, grouped with the next lines or cells
        n_before = n_found
        consumed_cells = 0
        # an MRZ line has 30, 36 or 44 characters, `<` among them (a vectorised count rules most cells out)
        if e - s >= 30 and count_byte(buf[s:e], np.uint8(60)) > 0:
            n_found, consumed_cells = _mrz_in_cell(
                buf,
                c,
                s,
                e,
                n_cells,
                cs,
                ce,
                enc,
                byte_cp,
                json,
                scores,
                ref,
                k0,
                k1,
                norm,
                lx_blob,
                lx_meta,
                scratch,
                out,
                n_found,
                stats,
                mrz_work,
            )
        if consumed_cells > 0:
            skip_until = c + consumed_cells
            c += 1
            continue
        if n_found > n_before:
            c += 1
            continue
        # ---- whole-cell classification for hinted fields
        if hints & ENTITY_HINTS:
            n_new = _classify_cell(
                buf,
                c,
                s,
                e,
                hints,
                rec_doc[r] if r < len(rec_doc) else 0,
                enc,
                byte_cp,
                json,
                fold,
                lx_blob,
                lx_meta,
                scores,
                ref,
                k0,
                k1,
                norm,
                scratch,
                out,
                n_found,
            )
            if n_new > n_found:
                if mkey != 0:
                    memo_store(memo_keys, memo_entries, memo_values, mkey, buf, s, e, out, n_found, n_new)
                n_found = n_new
                c += 1
                continue
        # ---- free text
        counted = _counted(stats)
        if digits >= BARE_MIN_DIGITS:
            n_found = _scan_bare_number(buf, c, s, e, scores, k0, k1, norm, out, n_found)
        else:
            n_found = _scan_text(
                buf,
                c,
                s,
                e,
                hints,
                f < 0,
                enc,
                byte_cp,
                json,
                fold,
                lx_blob,
                lx_meta,
                kw_blob,
                kw_meta,
                ctx_window,
                scores,
                iban_len,
                ref,
                k0,
                k1,
                norm,
                scratch,
                out,
                n_found,
                stats,
            )
        if n_found + 8 > out.shape[0]:
            # the output filled up inside this cell: drop its findings and resume at it with more room
            n_found = n_before
            _record_facts(buf, out, n_found, cr, rec_info, enc, byte_cp, json, lx_blob, lx_meta, scratch, ref_days)
            return n_found, c
        if n_found == n_before and hints & (PASSPORT_HINTS | ID_CARD_HINTS):
            n_found = _foreign_cell(buf, c, s, e, hints, scores, k0, k1, norm, out, n_found)
        if mkey != 0 and _counted(stats) == counted:
            memo_store(memo_keys, memo_entries, memo_values, mkey, buf, s, e, out, n_before, n_found)
        c += 1
    _record_facts(buf, out, n_found, cr, rec_info, enc, byte_cp, json, lx_blob, lx_meta, scratch, ref_days)
    _consistency(rec_info, n_records, stats)
    return n_found, n_cells


@kernel(forceinline=True)
def _cell_view(buf, c, cs, ce, cf, cr, field_hints, rec_doc):
    """Cell c without its surrounding blanks and line breaks, and its field's hints: `(s, e, hints)`.

    When the record says which identity document it holds, a field that may hold either keeps that one.
    """
    s = np.int64(cs[c])
    e = np.int64(ce[c])
    while s < e and (_space(buf[s]) or buf[s] == 10 or buf[s] == 13):
        s += 1
    while e > s and (_space(buf[e - 1]) or buf[e - 1] == 10 or buf[e - 1] == 13):
        e -= 1
    f = cf[c]
    hints = field_hints[f] if (f >= 0 and f < len(field_hints)) else np.int64(0)
    r = cr[c]
    if r < len(rec_doc) and rec_doc[r] != 0:
        generic = (hints >> E_PASSPORT) & 1 and (hints >> E_ID_CARD) & 1
        if generic and rec_doc[r] == 1:
            hints &= ~np.int64(1 << E_ID_CARD)
        elif generic:
            hints &= ~np.int64(1 << E_PASSPORT)
    return s, e, hints


@kernel(forceinline=True)
def _bare_digits(buf, s, e):
    """How many digits `buf[s:e]` holds if it is a bare number (ASCII digits and `-/.:,() ` only), else -1.

    Why the main loop treats such a cell apart when its field names no entity: only two recognizers can
    find anything in it.  A date of birth, a passport, ID card or residence permit number in a field that
    does not name it needs a context word before it in the same cell, and a bare number holds no word (a
    pack's context phrases all hold a letter, see `piiscan.pack`); IBANs, MRZ, e-mails, names and
    nationalities need letters, `<` or `@`.  What is left is the self-validating NIR (13 digits at least)
    and phone number (10 digits, `+` excluded here): `_scan_bare_number` looks for those only, and a cell
    with fewer than `BARE_MIN_DIGITS` digits holds nothing at all.  What this saves on the benchmark dump:
    its filing dates (`2015-01-27`) and file numbers (`2015-670-000000`) were each scanned as two or three
    numbers, every one tried as NIR, ID number, phone and date (~190 ns a cell; 12 % of detection time).
    """
    digits = 0
    for p in range(s, e):
        b = buf[p]
        if 48 <= b <= 57:
            digits += 1
        elif not (b == 32 or b == 45 or b == 47 or b == 46 or b == 58 or b == 44 or b == 40 or b == 41):
            return -1
    return digits


@kernel
def _scan_bare_number(buf, c, s, e, scores, k0, k1, norm, out, n_found):
    """`_scan_text` of a bare number in a field without entity hints: NIR and phone numbers only.

    The same walk as `_scan_number` takes from each number's first digit, without the recognizers that
    cannot match there (see `_bare_digits`): a valid NIR, else a phone number, else the next number.
    """
    limit = out.shape[0] - 8
    i = s
    while i < e:
        if n_found > limit:
            return n_found
        if not _dig(buf[i]) or (i > s and _dig(buf[i - 1])):
            i += 1
            continue
        stop, _shaped, valid = _match_nir(buf, i, e, norm)
        if valid:
            score = _score(scores, E_NIR, np.int64(0))
            n_found = _emit(E_NIR, i, stop, c, score, F_CHECKSUM, norm, np.int64(15), k0, k1, out, n_found)
            i = stop
            continue
        stop, n_norm = _match_phone(buf, i, s, e, norm)
        if stop > 0:
            score = _score(scores, E_PHONE, np.int64(0))
            n_found = _emit(E_PHONE, i, stop, c, score, np.int64(0), norm, n_norm, k0, k1, out, n_found)
            i = stop
            continue
        i += 1
        while i < e and _dig(buf[i]):
            i += 1
    return n_found


@kernel
def _foreign_cell(buf, c, s, e, hints, scores, k0, k1, norm, out, n_found):
    """A passport or identity-card cell in which nothing else was found: another state's document number.

    Why last, after the free-text scan: the French shapes (`_classify_cell`) and whatever the text scan
    finds in the cell (a phone number, a NIR) keep precedence, so this only reports values that nothing
    else claims.  A field naming a passport gives `FOREIGN_PASSPORT`; one naming only an identity card
    `FOREIGN_ID_CARD`.
    """
    if not _is_docnumber(buf, s, e):
        return n_found
    ent = E_FOREIGN_PASSPORT if hints & PASSPORT_HINTS else E_FOREIGN_ID_CARD
    k = _compact_alnum(buf, s, e, norm, True)
    return _emit(ent, s, e, c, _score(scores, ent, np.int64(2)), F_HEADER, norm, k, k0, k1, out, n_found)


@kernel
def _counted(stats):
    """The sum of the shape and validity counters a cell's scan may raise (a memoised cell must raise none)."""
    return (
        stats[STATS.NIR_SHAPED]
        + stats[STATS.NIR_VALID]
        + stats[STATS.IBAN_SHAPED]
        + stats[STATS.IBAN_VALID]
        + stats[STATS.MRZ_SHAPED]
        + stats[STATS.MRZ_VALID]
    )


@kernel
def _score(scores, ent, how):
    return scores[ent * 3 + how]


@kernel
def _classify_rare_cell(buf, c, s, e, hints, scores, k0, k1, norm, out, n_found):
    """`_classify_cell` for a field naming a driving licence, a password or hash, or a digit-run identifier
    (`DIGIT_RUNS`): a call of its own, taken only when the field names one (`RARE_CELL_HINTS`).

    Why not inlined as the other entities are: few dumps have such a column, and inlined they cost every
    hinted cell a walk of `DIGIT_RUNS` and put their code between the hot paths of the common entities.
    """
    L = e - s
    flag = F_HEADER
    if (hints >> E_LICENCE) & 1 and ((L == 9 and _is_passport(buf, s)) or (L == 12 and _is_old_licence(buf, s))):
        k = _compact_alnum(buf, s, e, norm, True)
        return _emit(E_LICENCE, s, e, c, _score(scores, E_LICENCE, np.int64(2)), flag, norm, k, k0, k1, out, n_found)
    if hints & CREDENTIAL_HINTS:
        # a stored hash (any syntax, bare hex digests too) first, else a password in a password field
        ent = np.int64(-1)
        if hash_end(buf, s, e, True) == e:
            ent = E_PASSWORD_HASH
        elif (hints >> E_PASSWORD) & 1 and secret_ok(buf, s, e):
            ent = E_PASSWORD
        if ent >= 0:
            k = _copy_norm(buf, s, e, norm)
            return _emit(ent, s, e, c, _score(scores, ent, np.int64(2)), flag, norm, k, k0, k1, out, n_found)
    for r in range(DIGIT_RUNS.shape[0]):
        run = DIGIT_RUNS[r, 0]
        if (hints >> run) & 1 and DIGIT_RUNS[r, 1] == L:
            t, nd, _nl = _id_token(buf, s, e)
            if t == e and nd == L and _digit_run_ok(buf, s, L, r):
                k = _compact_alnum(buf, s, e, norm, True)
                return _emit(run, s, e, c, _score(scores, run, np.int64(2)), flag, norm, k, k0, k1, out, n_found)
    return n_found


@kernel(forceinline=True)
def _classify_cell(
    buf,
    c,
    s,
    e,
    hints,
    doc,
    enc,
    byte_cp,
    json,
    fold,
    lx_blob,
    lx_meta,
    scores,
    ref,
    k0,
    k1,
    norm,
    scratch,
    out,
    n_found,
):
    """Whole-cell match against the entities the header names; returns the new finding count.

    `doc` is the record's document type (see `_doc_hints`), kept for documentation of the call.
    """
    text = Text(buf, enc, byte_cp, json)
    lex = Lexicon(fold, scratch, lx_blob, lx_meta)
    L = e - s
    flag = F_HEADER
    if (hints >> E_PASSPORT) & 1 and L == 9 and _is_passport(buf, s):
        k = _compact_alnum(buf, s, e, norm, True)
        return _emit(
            E_PASSPORT,
            s,
            e,
            c,
            _score(scores, E_PASSPORT, np.int64(2)),
            flag,
            norm,
            k,
            k0,
            k1,
            out,
            n_found,
        )
    if (hints >> E_ID_CARD) & 1:
        ok = False
        if L == 12 and _is_old_cni(buf, s):
            ok = True
        elif L == 9:
            t, nd, nl = _id_token(buf, s, e)
            ok = t == e and nd > 0 and nl > 0
        if ok:
            k = _compact_alnum(buf, s, e, norm, True)
            return _emit(
                E_ID_CARD,
                s,
                e,
                c,
                _score(scores, E_ID_CARD, np.int64(2)),
                flag,
                norm,
                k,
                k0,
                k1,
                out,
                n_found,
            )
    if hints & RARE_CELL_HINTS:
        n_new = _classify_rare_cell(buf, c, s, e, hints, scores, k0, k1, norm, out, n_found)
        if n_new > n_found:
            return n_new
    if (hints >> E_DOB) & 1:
        stop, y, m, d = parse_date_ymd(buf, s, e, enc, byte_cp, json, lx_blob, lx_meta, scratch)
        if stop < 0:
            # "12/03/85" under a birth header: the century from the record's date (see _short_birth)
            stop, yy, m, d = parse_short_date(buf, s, e)
            y = _short_birth(yy, m, d, ref) if stop > 0 else np.int64(-1)
            if y < 0:
                stop = np.int64(-1)
        # the date only, when an ISO time follows it ("1985-03-12T00:00:00Z")
        if stop > 0 and iso_time_end(buf, stop, e) == e and _age_ok(days_from_civil(y, m, d), ref):
            k = _ymd_key(y, m, d, norm)
            return _emit(
                E_DOB,
                s,
                stop,
                c,
                _score(scores, E_DOB, np.int64(2)),
                flag,
                norm,
                k,
                k0,
                k1,
                out,
                n_found,
            )
    if (hints >> E_NATIONALITY) & 1:
        v = 0
        if L == 3 and _up(buf[s]) and _up(buf[s + 1]) and _up(buf[s + 2]):
            norm[0] = 35  # '#'
            norm[1] = buf[s] + 32
            norm[2] = buf[s + 1] + 32
            norm[3] = buf[s + 2] + 32
            v = table_lookup_common(norm, 4, lx_blob, lx_meta, 0)
            if not (v & WORD_ALPHA3):
                v = 0
        if v == 0 and L <= 60:
            v = _lex_common(text, s, e, lex)
            if not (v & (WORD_NATIONALITY | WORD_COUNTRY)):
                v = 0
        if v != 0:
            iso = v >> ISO_SHIFT
            norm[0] = 35
            norm[1] = 48 + (iso // 100) % 10
            norm[2] = 48 + (iso // 10) % 10
            norm[3] = 48 + iso % 10
            return _emit(
                E_NATIONALITY,
                s,
                e,
                c,
                _score(scores, E_NATIONALITY, np.int64(2)),
                flag,
                norm,
                np.int64(4),
                k0,
                k1,
                out,
                n_found,
            )
    if (hints >> E_ADDRESS) & 1 and L <= ADDRESS_MAX:
        # the whole cell is one address when its folded words read as one (`validators.address`)
        k = _fold_norm(text, s, e, norm, fold)
        if k <= ADDRESS_MAX and street_key_ok(norm, k):
            return _emit(
                E_ADDRESS, s, e, c, _score(scores, E_ADDRESS, np.int64(2)), flag, norm, k, k0, k1, out, n_found
            )
    if (hints >> E_PERSON) & 1 and L <= 80:
        # letters, blanks, hyphens, apostrophes and dots only; at most 6 words; at least two letters
        p = s
        letters = 0
        words = 0
        first_blank = e
        ok = True
        while p < e:
            cp, w = read_cp(buf, p, e, enc, byte_cp, json)
            cl = cp_class(cp)
            if cl & ALPHA:
                letters += 1
            elif cp == 32 or cp == 45 or cp == 39 or cp == 46 or cp == 0x2019:
                if cp == 32:
                    if words == 0:
                        first_blank = p
                    words += 1
            else:
                ok = False
                break
            p += w
        if ok and letters >= 2 and words <= 5:
            v = _lex_common(text, s, e, lex)
            # "Gymnase Jules Ferry", "Fauteuil Charles Eames" under `nom_equipement`, `nom_produit`: a value that
            # starts with a facility, street or object word names that thing (scanned as free text below)
            thing = False
            if words > 0 and first_blank > s and not (v & WORD_CIVILITY):
                w0 = _lex_common(text, s, first_blank, lex)
                thing = (w0 & WORD_STREET) != 0
            if not (v & WORD_CIVILITY) and not thing:
                k = _fold_norm(text, s, e, norm, fold)
                return _emit(
                    E_PERSON,
                    s,
                    e,
                    c,
                    _score(scores, E_PERSON, np.int64(2)),
                    flag,
                    norm,
                    k,
                    k0,
                    k1,
                    out,
                    n_found,
                )
    return n_found


@kernel
def _mrz_line_end(buf, s, e):
    """End of the MRZ-charset run at s if it has an allowed length (30/36/44) and contains `<`."""
    p = s
    lt = False
    while p < e and (_dig(buf[p]) or _up(buf[p]) or buf[p] == 60):
        if buf[p] == 60:
            lt = True
        p += 1
    L = p - s
    if lt and (L == 30 or L == 36 or L == 44):
        return p
    return -1


@kernel
def _mrz_in_cell(
    buf,
    c,
    s,
    e,
    n_cells,
    cs,
    ce,
    enc,
    byte_cp,
    json,
    scores,
    ref,
    k0,
    k1,
    norm,
    lx_blob,
    lx_meta,
    scratch,
    out,
    n_found,
    stats,
    mrz_work,
):
    """Find MRZ groups starting in cell c; lines may continue in the same cell or in the next cells.

    Returns (n_found, extra cells consumed).
    """
    # candidate line starts: cell start and after each newline
    starts = mrz_work[0:3]
    ends = mrz_work[3:6]
    cells = mrz_work[6:9]
    p = s
    consumed = 0
    while p < e:
        # trim the line
        ls = p
        while ls < e and (_space(buf[ls]) or buf[ls] == 34):
            ls += 1
        le = _mrz_line_end(buf, ls, e)
        nl = p
        while nl < e and buf[nl] != 10:
            nl += 1
        if le < 0 or _alnum_after(buf, le, nl):
            p = nl + 1
            continue
        L = le - ls
        starts[0] = ls
        ends[0] = le
        cells[0] = c
        nlines = 1
        want = 3 if L == 30 else 2
        q = le  # the next line follows after a line break or blanks (OCR output joins lines with a space)
        cc = c
        qe = e
        while nlines < want:
            if q >= qe:
                # continue in the next cell
                if cc + 1 >= n_cells:
                    break
                cc += 1
                q = np.int64(cs[cc])
                qe = np.int64(ce[cc])
            while q < qe:
                bq = buf[q]
                if _space(bq) or bq == 34 or bq == 13 or bq == 10:
                    q += 1
                elif json and bq == 92 and q + 1 < qe and (buf[q + 1] == 110 or buf[q + 1] == 114):
                    q += 2  # "\n" inside a JSON string
                else:
                    break
            if q >= qe:
                continue
            le2 = _mrz_line_end(buf, q, qe)
            if le2 < 0 or le2 - q != L:
                break
            starts[nlines] = q
            ends[nlines] = le2
            cells[nlines] = cc
            nlines += 1
            q = le2
        if nlines < want:
            p = nl + 1
            continue
        stats[STATS.MRZ_SHAPED] += 1
        ok, n_found = _mrz_emit(
            buf,
            L,
            starts,
            ends,
            cells,
            scores,
            ref,
            k0,
            k1,
            norm,
            lx_blob,
            lx_meta,
            out,
            n_found,
        )
        if ok:
            stats[STATS.MRZ_VALID] += 1
            last = cells[nlines - 1] - c
            if last > consumed:
                consumed = last
            if cells[nlines - 1] != c:
                return n_found, consumed
            p = ends[nlines - 1]
        else:
            p = nl + 1
    return n_found, consumed


@kernel
def _alnum_after(buf, le, nl):
    return le < nl and _alnum(buf[le])


@kernel
def _mrz_date(buf, i, ref):
    """YYMMDD at i as a birth date (the century puts it in the past of `ref`); returns days or NO_DATE."""
    for q in range(6):
        if not _dig(buf[i + q]):
            return NO_DATE
    yy = (buf[i] - 48) * 10 + buf[i + 1] - 48
    mm = (buf[i + 2] - 48) * 10 + buf[i + 3] - 48
    dd = (buf[i + 4] - 48) * 10 + buf[i + 5] - 48
    y = 2000 + yy
    if not is_valid_date(y, mm, dd):
        y = 1900 + yy
        if not is_valid_date(y, mm, dd):
            return NO_DATE
    days = days_from_civil(y, mm, dd)
    if days > ref:
        y -= 100
        days = days_from_civil(y, mm, dd)
    return days


@kernel
def _mrz_sum(buf, s, e, k):
    """The ICAO 7-3-1 weighted sum of buf[s:e], its first character at weight index k (a field of a
    composite string continues the weights of the fields before it)."""
    w = (7, 3, 1)
    total = 0
    for q in range(s, e):
        total += _mrzv(buf[q]) * w[(k + q - s) % 3]
    return total


@kernel
def _mrz_number(buf, d0, o0, o1, norm):
    """Check the document number at d0 (9 characters, check digit at d0 + 9) and copy it, compact, to norm.

    ICAO's overflow (TD1 and TD2 only: `o0 < o1` is their optional data): a `<` check digit announces a
    number longer than 9, continued at o0 up to the next `<`, whose last character is the check digit of
    the whole number.  Returns (valid, length in norm, end of the span: after the continuation when it
    follows the check position (TD1), else the 9 principal characters without trailing fillers).
    """
    c = buf[d0 + 9]
    if c != 60 or o0 == o1:
        d1 = d0 + 9
        while d1 > d0 and buf[d1 - 1] == 60:
            d1 -= 1
        return mrz_check(buf, d0, d0 + 9, c), _compact_alnum(buf, d0, d1, norm, True), d1
    t = o0
    while t < o1 and buf[t] != 60:
        t += 1
    if t - o0 < 2:
        return False, np.int64(0), d0
    total = _mrz_sum(buf, d0, d0 + 9, 0) + _mrz_sum(buf, o0, t - 1, 9)
    k = _compact_alnum(buf, d0, d0 + 9, norm, True)
    k += _compact_alnum(buf, o0, t - 1, norm[k:], True)
    return _digit_ok(buf[t - 1], total), k, t - 1 if o0 == d0 + 10 else d0 + 9


@kernel
def _is_card_number(norm, k):
    """A French identity-card number (`validators.idcard`): the old CNI's 12 characters, or the CNIe's 9
    letters and digits with at least one of each."""
    if k == 12:
        return _is_old_cni(norm, 0)
    nd = 0
    for q in range(k):
        nd += _dig(norm[q])
    return k == 9 and 0 < nd < 9


@kernel
def _mrz_emit(
    buf,
    L,
    starts,
    ends,
    cells,
    scores,
    ref,
    k0,
    k1,
    norm,
    lx_blob,
    lx_meta,
    out,
    n_found,
):
    """Validate an MRZ group and emit its lines and the fields inside.  The layout comes from the line
    length and the document code (`validators.mrz.layout`): 3×30 TD1 (I/A/C); 2×36 the old French CNI
    (`IDFRA`), TD2 (I/A/C) or visa MRV-B (V); 2×44 passport TD3 (P) or visa MRV-A (V).  A visa's number is
    checked but reported only as part of the MRZ: DESIGN has no visa entity, and it is not a passport's."""
    a = starts[0]
    b = starts[1]
    code = buf[a]
    card = code == 73 or code == 65 or code == 67  # I, A, C: identity card or residence document
    fra = _is_fra(buf, a)  # the issuing state decides FR_* or FOREIGN_* (the old 2x36 CNI is always IDFRA)
    doc_ent = E_ID_CARD if fra else E_FOREIGN_ID_CARD
    given2 = (-1, -1)
    if L == 30:
        d0 = a + 5
        o0 = a + 15
        o1 = a + 30
        ok, k, d1 = _mrz_number(buf, d0, o0, o1, norm)
        ok = ok and card and mrz_check(buf, b, b + 6, buf[b + 6]) and mrz_check(buf, b + 8, b + 14, buf[b + 14])
        if ok:  # composite: line 1 5-30, line 2 0-7, 8-15, 18-29
            total = _mrz_sum(buf, a + 5, a + 30, 0) + _mrz_sum(buf, b, b + 7, 25)
            total += _mrz_sum(buf, b + 8, b + 15, 32) + _mrz_sum(buf, b + 18, b + 29, 39)
            ok = _digit_ok(buf[b + 29], total)
        dcell = cells[0]
        dob = b
        nat = b + 15
        names = (starts[2], starts[2] + 30)
        ncell = cells[2]
    elif L == 36 and fra and code == 73 and buf[a + 1] == 68:  # IDFRA: the old CNI, final check over both lines
        d0 = b
        o0 = o1 = b
        d1 = b + 12
        while d1 > d0 and buf[d1 - 1] == 60:
            d1 -= 1
        ok = mrz_check(buf, b, b + 12, buf[b + 12]) and mrz_check(buf, b + 27, b + 33, buf[b + 33])
        if ok:
            ok = _digit_ok(buf[b + 35], _mrz_sum(buf, a, a + 36, 0) + _mrz_sum(buf, b, b + 35, 36))
        dcell = cells[1]
        dob = b + 27
        nat = -1
        names = (a + 5, a + 30)
        ncell = cells[0]
        given2 = (b + 13, b + 27)
    else:  # TD3, TD2, visas: line 2 = number, nationality, birth date, sex, expiry, optional data
        visa = code == 86
        if not (visa or (code == 80 if L == 44 else card)):
            return False, n_found
        if code == 80:
            doc_ent = E_PASSPORT if fra else E_FOREIGN_PASSPORT
        elif visa:
            doc_ent = -1
        d0 = b
        o0 = b + 28
        o1 = b + 35 if card else o0
        ok, k, d1 = _mrz_number(buf, d0, o0, o1, norm)
        ok = ok and mrz_check(buf, b + 13, b + 19, buf[b + 19]) and mrz_check(buf, b + 21, b + 27, buf[b + 27])
        if ok and code == 80:  # the TD3 personal number has its own check digit
            ok = mrz_check(buf, b + 28, b + 42, buf[b + 42])
        if ok and not visa:  # composite: 0-10, 13-20, 21 to the last character
            total = _mrz_sum(buf, b, b + 10, 0) + _mrz_sum(buf, b + 13, b + 20, 10)
            total += _mrz_sum(buf, b + 21, b + L - 1, 17)
            ok = _digit_ok(buf[b + L - 1], total)
        dcell = cells[1]
        dob = b + 13
        nat = b + 10
        names = (a + 5, a + L)
        ncell = cells[0]
    if not ok:
        return False, n_found
    nl = 3 if L == 30 else 2
    for li in range(nl):
        m = 0
        for q in range(starts[li], ends[li]):
            if m < len(norm) - 1:
                norm[m] = buf[q]
                m += 1
        n_found = _emit(
            E_MRZ,
            starts[li],
            ends[li],
            cells[li],
            scores[E_MRZ * 3 + 0],
            F_MRZ | F_CHECKSUM,
            norm,
            m,
            k0,
            k1,
            out,
            n_found,
        )
    sc = scores[E_MRZ * 3 + 0]
    # document number: a French passport or card shape when FRA issued it, another state's document-number
    # shape otherwise (`validators.passport`, `idcard`, `docnumber`); norm was overwritten by the lines
    if doc_ent >= 0:
        if nat < 0:  # the old CNI's 12 characters
            k = _compact_alnum(buf, d0, d1, norm, True)
        else:
            k = _mrz_number(buf, d0, o0, o1, norm)[1]
        if doc_ent == E_PASSPORT:
            good = k == 9 and _is_passport(norm, 0)
        elif doc_ent == E_ID_CARD:
            good = _is_card_number(norm, k)
        else:
            good = _is_docnumber(norm, 0, k)
        if good:
            n_found = _emit(doc_ent, d0, d1, dcell, sc, F_MRZ | F_CHECKSUM, norm, k, k0, k1, out, n_found)
    # date of birth
    days = _mrz_date(buf, dob, ref)
    if days != NO_DATE:
        k = _date_key(days, norm)
        n_found = _emit(
            E_DOB,
            dob,
            dob + 6,
            cells[1],
            sc,
            F_MRZ | F_CHECKSUM,
            norm,
            k,
            k0,
            k1,
            out,
            n_found,
        )
    # nationality
    if nat >= 0 and _up(buf[nat]):
        norm[0] = 35
        k = 1
        for q in range(3):
            bb = buf[nat + q]
            if _up(bb):
                norm[k] = bb + 32
                k += 1
        v = table_lookup_common(norm, k, lx_blob, lx_meta, 0)
        if v & WORD_ALPHA3:
            iso = v >> ISO_SHIFT
            norm[0] = 35
            norm[1] = 48 + (iso // 100) % 10
            norm[2] = 48 + (iso // 10) % 10
            norm[3] = 48 + iso % 10
            n_found = _emit(
                E_NATIONALITY,
                nat,
                nat + k - 1,
                cells[1],
                sc,
                F_MRZ | F_CHECKSUM,
                norm,
                np.int64(4),
                k0,
                k1,
                out,
                n_found,
            )
    # names: "SURNAME<<GIVEN<NAMES<<<"
    ncell = cells[2] if L == 30 else cells[0]
    n_found = _mrz_names(
        buf,
        names[0],
        names[1],
        ncell,
        sc,
        k0,
        k1,
        norm,
        out,
        n_found,
    )
    if given2[0] >= 0:
        n_found = _mrz_names(
            buf,
            given2[0],
            given2[1],
            cells[1],
            sc,
            k0,
            k1,
            norm,
            out,
            n_found,
        )
    return True, n_found


@kernel
def _mrzv(c):
    if 48 <= c <= 57:
        return c - 48
    if 65 <= c <= 90:
        return c - 55
    return 0


@kernel
def _digit_ok(d, total):
    if d == 60:
        return total % 10 == 0
    return 48 <= d <= 57 and total % 10 == d - 48


@kernel
def _mrz_names(buf, s, e, cell, sc, k0, k1, norm, out, n_found):
    """Emit the name parts of an MRZ name field: the part before `<<` and the part after, each trimmed."""
    while e > s and buf[e - 1] == 60:
        e -= 1
    p = s
    part_s = s
    while p <= e:
        if p == e or (p + 1 < e and buf[p] == 60 and buf[p + 1] == 60):
            q = p
            while q > part_s and buf[q - 1] == 60:
                q -= 1
            if q - part_s >= 2:
                k = 0
                for z in range(part_s, q):
                    bb = buf[z]
                    norm[k] = 32 if bb == 60 else (bb + 32 if _up(bb) else bb)
                    k += 1
                n_found = _emit(
                    E_PERSON,
                    part_s,
                    q,
                    cell,
                    sc,
                    F_MRZ,
                    norm,
                    k,
                    k0,
                    k1,
                    out,
                    n_found,
                )
            if p >= e:
                break
            p += 2
            while p < e and buf[p] == 60:
                p += 1
            part_s = p
            # the given names run to the end: a single "<" separates given names
            q = e
            if q - part_s >= 2:
                k = 0
                for z in range(part_s, q):
                    bb = buf[z]
                    norm[k] = 32 if bb == 60 else (bb + 32 if _up(bb) else bb)
                    k += 1
                n_found = _emit(
                    E_PERSON,
                    part_s,
                    q,
                    cell,
                    sc,
                    F_MRZ,
                    norm,
                    k,
                    k0,
                    k1,
                    out,
                    n_found,
                )
            break
        p += 1
    return n_found


@kernel(forceinline=True)
def _scan_text(
    buf,
    c,
    s,
    e,
    hints,
    free,
    enc,
    byte_cp,
    json,
    fold,
    lx_blob,
    lx_meta,
    kw_blob,
    kw_meta,
    ctx_window,
    scores,
    iban_len,
    ref,
    k0,
    k1,
    norm,
    scratch,
    out,
    n_found,
    stats,
):
    """Free-text scan of one cell: self-validating entities anywhere, the others after a context word."""
    # the bundles its helpers take (built once: numba passes their members, the same words as before)
    text = Text(buf, enc, byte_cp, json)
    lex = Lexicon(fold, scratch, lx_blob, lx_meta)
    kw = Lexicon(fold, scratch, kw_blob, kw_meta)
    sink = Sink(out, norm, scores, k0, k1)
    has_at = count_byte(buf[s:e], np.uint8(64)) > 0  # most free text holds no e-mail: no local-part scans
    limit = out.shape[0] - 8
    # a credential line (`e-mail:secret`) needs a `:` or `;` besides its `@`: two vectorised counts spare
    # the 17-argument call for plain e-mail cells (about 5 % of an e-mail column's detection CPU)
    if (
        has_at
        and n_found <= limit
        and (count_byte(buf[s:e], np.uint8(58)) > 0 or count_byte(buf[s:e], np.uint8(59)) > 0)
    ):
        n_line = _credential_line(
            text,
            c,
            s,
            e,
            hints,
            sink,
            scratch,
            lx_blob,
            lx_meta,
            n_found,
        )
        if n_line > n_found:
            return n_line
    i = s
    while i < e:
        if n_found > limit:
            return n_found
        b = buf[i]
        if b < 0x80:
            t = _ASCII_KIND[b]
            if t == 0 or t == 5:
                i += 1  # a blank or punctuation
                continue
            if t == 6:  # `$`: a stored hash; `:` after a password keyword: a password
                n_found, stop = _scan_secret(
                    text,
                    c,
                    s,
                    i,
                    e,
                    hints,
                    kw,
                    ctx_window,
                    sink,
                    n_found,
                )
                i = stop if stop > 0 else i + 1
                continue
            if t == 4:  # a backslash
                if not json:
                    i += 1
                    continue
                if i + 1 < e and buf[i + 1] in (110, 114, 116, 98, 102, 34, 47, 92):
                    i += 2  # "\n", "\t", "\"": an escaped separator inside a JSON string
                    continue
        if i > s and buf[i - 1] < 0x80 and not json:
            in_word = _alnum(buf[i - 1])  # the usual case, without a call
        else:
            in_word = _prev_is_word(text, s, i)
        if in_word:
            # inside a word: skip to its end
            i += 1
            continue
        if (97 <= b <= 122 or (b >= 0x80 and not json)) and not has_at:
            # ---- most words of free text are lower case (`de`, `préfecture`, `l'agent`) and only matter as
            # a nationality: fold and hash (`lower_hash_step`) the key `_word_key` would make while reading,
            # and test the lexicon's nationality filter (`lower_filter_has`) here in the loop: no call, no copy.
            # Whatever this does not read for sure (a capital, a ligature, an escape, a letter outside
            # Latin-1) breaks off to the general path below, so the findings never differ.  A cell with an
            # `@` takes the general path at once: its words may be an e-mail's local part.
            h = LOWER_SEED
            p = i
            fast = True
            while p < e:
                bb = buf[np.uint64(p)]  # an unsigned index: no negative-index wraparound per byte
                w = 1
                if 97 <= bb <= 122:
                    f = np.int64(bb)
                elif bb >= 0x80:
                    if enc == 1:
                        cp = np.int64(byte_cp[bb])
                    elif bb == 0xC3 and p + 1 < e and (buf[np.uint64(p + 1)] & 0xC0) == 0x80:
                        cp = np.int64(0xC0 | (buf[np.uint64(p + 1)] & 0x3F))
                        w = 2
                    else:
                        cp = np.int64(256)
                    f = np.int64(LOWER_LATIN1[cp]) if cp < 256 else np.int64(0)
                    if f == 0:
                        fast = False
                        break
                elif (bb == 39 or bb == 45) and p > i and p + 1 < e:
                    nb = buf[p + 1]
                    if 97 <= nb <= 122:
                        h = lower_hash_step(h, 32)  # "l'agent" folds to "l agent"
                        p += 1
                        continue
                    if nb >= 0x80 or nb == 92 or 65 <= nb <= 90:
                        fast = False
                    break
                else:
                    break
                h = lower_hash_step(h, f)
                p += w
            fast = fast and p - i <= 60  # keys are cut at 126 bytes: long runs take the general path
            if fast and p < e:
                bb = buf[p]
                if 65 <= bb <= 90 or bb == 92 or bb >= 0x80:
                    fast = False
                elif p - i == 2 and _dig(bb) and p + 1 < e and _dig(buf[p + 1]):
                    fast = False  # "fr76 …": an IBAN in lower case
            if fast and not lower_filter_has(lx_meta, h):
                i = p
                continue
        # ---- e-mail: a local part reaching an '@'
        if has_at and b != 43 and b < 0x80:
            p = i
            # (up to an address's 254 characters: a longer local part before an '@' is no address, and its
            # whole token is skipped rather than a valid-looking tail of it reported)
            while p < e and p - i <= 254 and (_alnum(buf[p]) or buf[p] in (46, 95, 37, 43, 45, 39)):
                p += 1
            if p < e and buf[p] == 64 and p > i:
                stop = _match_email(text, i, p, e, scratch, lx_blob, lx_meta)
                if stop > 0:
                    k = 0
                    for q in range(i, stop):
                        if k < len(norm) - 1:
                            bb = buf[q]
                            norm[k] = bb + 32 if _up(bb) else bb
                            k += 1
                    how = 2 if (hints >> E_EMAIL) & 1 else 0
                    n_found = _emit(
                        E_EMAIL,
                        i,
                        stop,
                        c,
                        _score(scores, E_EMAIL, how),
                        F_HEADER if how else 0,
                        norm,
                        k,
                        k0,
                        k1,
                        out,
                        n_found,
                    )
                    i = stop
                    continue
                # an '@' but no valid address: skip the whole token
                i = p + 1
                while i < e and not (_space(buf[i]) or buf[i] == 10):
                    i += 1
                continue
        if _dig(b) or b == 43:
            n_found, stop = _scan_number(
                buf,
                c,
                s,
                i,
                e,
                hints,
                enc,
                byte_cp,
                json,
                fold,
                lx_blob,
                lx_meta,
                kw_blob,
                kw_meta,
                ctx_window,
                scores,
                ref,
                k0,
                k1,
                norm,
                scratch,
                out,
                n_found,
                stats,
            )
            if stop <= 0 and b != 43 and address_gate(buf, i, e):
                n_found, stop = _match_address(
                    text,
                    c,
                    s,
                    i,
                    e,
                    hints,
                    lex,
                    sink,
                    n_found,
                )
            # a postal code after a blank (its fifth byte a digit: dates and phones fail without a call)
            five = i - s > 8 and i + 4 < e and _dig(buf[i + 4]) and (buf[i - 1] == 32 or buf[i - 1] == 9)
            if stop <= 0 and five and postcode_at(buf, i, e):
                n_found, stop = _match_street_before(
                    text,
                    c,
                    s,
                    i,
                    e,
                    hints,
                    kw,
                    ctx_window,
                    sink,
                    n_found,
                )
            if stop > 0:
                i = stop
                continue
            # skip the number token
            p = i + 1
            while p < e and _alnum(buf[p]):
                p += 1
            i = p
            continue
        # ---- an IBAN (either case: `fr76 …`), a CNIe starting with a capital (`_id_token` reads capitals only)
        if _up(b) or (97 <= b <= 122 and i + 3 < e and _dig(buf[i + 2]) and _dig(buf[i + 3])):
            stop, k, valid = _match_iban(buf, i, e, enc, byte_cp, norm, iban_len)
            if stop > 0:
                stats[STATS.IBAN_SHAPED] += 1
                if not valid:
                    n_found = _emit(
                        E_IBAN, i, stop, c, _score(scores, E_IBAN, np.int64(0)), F_CHECK_FAILED, norm, k, k0, k1,
                        out, n_found,
                    )  # fmt: skip
                if valid:
                    stats[STATS.IBAN_VALID] += 1
                    how = 2 if (hints >> E_IBAN) & 1 else 0
                    n_found = _emit(
                        E_IBAN,
                        i,
                        stop,
                        c,
                        _score(scores, E_IBAN, how),
                        F_CHECKSUM,
                        norm,
                        k,
                        k0,
                        k1,
                        out,
                        n_found,
                    )
                    i = stop
                    continue
            t, nd, nl = _id_token(buf, i, e)
            if t - i == 9 and nd > 0 and nl > 0 and not _next_is_word(text, t, e):
                if (hints >> E_ID_CARD) & 1 or _has_context(text, s, i, E_ID_CARD, ctx_window[E_ID_CARD], kw):
                    k = _compact_alnum(buf, i, t, norm, True)
                    n_found = _emit(
                        E_ID_CARD,
                        i,
                        t,
                        c,
                        _score(scores, E_ID_CARD, np.int64(1)),
                        F_CONTEXT,
                        norm,
                        k,
                        k0,
                        k1,
                        out,
                        n_found,
                    )
                    i = t
                    continue
        # ---- words: nationality after its context, person names
        wend, kind, nlet, nkey = _word_key(text, i, e, fold, norm)
        if nlet == 0:
            i += 1
            continue
        if kind == W_LOWER or kind == W_OTHER:
            # most words of free text: only a nationality (or a country, not in lower case) can matter, and
            # answering that here saves a 25-argument call per word (see _scan_word, which does the same)
            v = table_lookup_common(norm, nkey, lx_blob, lx_meta, 0)
            if not (v & WORD_NATIONALITY or (v & WORD_COUNTRY and kind != W_LOWER)):
                i = wend
                continue
        n_found, stop = _scan_word(
            buf,
            c,
            s,
            i,
            wend,
            kind,
            nkey,
            e,
            free,
            enc,
            byte_cp,
            json,
            fold,
            lx_blob,
            lx_meta,
            kw_blob,
            kw_meta,
            ctx_window,
            scores,
            k0,
            k1,
            norm,
            scratch,
            out,
            n_found,
        )
        i = stop
    return n_found


@kernel(forceinline=True)
def _match_email(text, i, at, e, scratch, lx_blob, lx_meta):
    """Validate `local@domain` with the local part at i..at; returns the end or -1.

    As `validators.email`: a dot-atom local part of at most 64 characters; a domain of two labels or more,
    each letters and digits (internationalised ones too: `société.fr`, `exemple.рф`) with inner hyphens,
    at most 63 characters and the domain 253 in their ASCII (`xn--`) form, the address at most 254; a
    top-level domain of the list (`fr`, `xn--p1ai` written so or as `рф`).
    """
    buf, enc, byte_cp, json = text
    if at - i > 64 or buf[i] == 46 or buf[at - 1] == 46:
        return -1
    for q in range(i, at - 1):
        if buf[q] == 46 and buf[q + 1] == 46:
            return -1
    p = at + 1
    domain_len = -1  # the ASCII form's length, dots included
    last_s = p
    last_ascii = True
    last_n = 0
    while True:
        # one label at p
        ls = p
        ascii_label = True
        n_cps = 0
        while p < e:
            b = buf[p]
            if _alnum(b) or b == 45:
                p += 1
                n_cps += 1
                continue
            if b < 0x80 and not (json and b == 92):
                break
            cp, w = read_cp(buf, p, e, enc, byte_cp, json)
            if cp < 0x80 or not (cp_class(cp) & (ALPHA | DIGIT)):
                break
            ascii_label = False
            p += w
            n_cps += 1
        if p == ls or buf[ls] == 45 or buf[p - 1] == 45:
            return -1
        if ascii_label:
            n = p - ls
        else:
            n = punycode_label(buf, ls, p, enc, byte_cp, json, scratch[:64])
        if n < 0 or n > 63:
            return -1
        domain_len += n + 1
        last_s = ls
        last_ascii = ascii_label
        last_n = n
        # a dot continues the domain only before another label character
        if p + 1 < e and buf[p] == 46 and (_alnum(buf[p + 1]) or buf[p + 1] >= 0x80 or (json and buf[p + 1] == 92)):
            nb = buf[p + 1]
            if nb >= 0x80 or nb == 92:
                cp, _w = read_cp(buf, p + 1, e, enc, byte_cp, json)
                if cp < 0x80 or not (cp_class(cp) & (ALPHA | DIGIT)):
                    break
            p += 1
            continue
        break
    if last_s == at + 1 or domain_len > 253 or (at - i) + 1 + domain_len > 254:
        return -1  # one label only, or too long
    if last_ascii:
        if last_n < 2:
            return -1
        for q in range(last_n):
            bb = buf[last_s + q]
            scratch[q] = bb + 32 if _up(bb) else bb
    else:
        punycode_label(buf, last_s, p, enc, byte_cp, json, scratch[:64])  # the TLD's xn-- form
    v = table_lookup_common(scratch, last_n, lx_blob, lx_meta, 0)
    if not (v & WORD_TLD):
        return -1
    return p


@kernel
def _emit_secret(ent, s, e, c, hints, how, buf, sink, n_found):
    """Emit a password or a stored hash found in text: its bytes as they are; the header's score and flag
    when the field names the entity, else the score `how` says (0 by its syntax, 1 after a keyword or in a
    credential line)."""
    out, norm, scores, k0, k1 = sink
    flag = F_CONTEXT if how == 1 else np.int64(0)
    if (hints >> ent) & 1:
        how = np.int64(2)
        flag = F_HEADER
    k = _copy_norm(buf, s, e, norm)
    return _emit(ent, s, e, c, _score(scores, ent, how), flag, norm, k, k0, k1, out, n_found)


@kernel
def _credential_line(text, c, s, e, hints, sink, scratch, lx_blob, lx_meta, n_found):
    """A cell that is one credential line, `e-mail:secret` or `e-mail;secret` (a combolist's line): the
    e-mail and the secret, a stored hash when it has a hash's syntax (bare hex digests too), else a password.

    The whole trimmed cell must be the line: an e-mail from its first byte, `:` or `;` right after it, then
    a secret without blanks that is not itself an e-mail (`a@x.fr;b@y.fr` is a list of addresses) and passes
    `secret_ok`.  Returns the new finding count (unchanged when the cell is not such a line).
    """
    buf = text.buf
    out, norm, scores, k0, k1 = sink
    b = buf[s]
    if b == 43 or b >= 0x80:
        return n_found
    # most cells with an `@` are an e-mail alone: without a `:` or `;` there is no line to read (and no
    # second parse of the address, which the free-text scan does anyway)
    sep = False
    for q in range(s, e):
        if buf[q] == 58 or buf[q] == 59:
            sep = True
            break
    if not sep:
        return n_found
    at = _local_part_end(buf, s, e)
    if at >= e or buf[at] != 64 or at == s:
        return n_found
    stop = _match_email(text, s, at, e, scratch, lx_blob, lx_meta)
    if stop < 0 or stop + 1 >= e or not (buf[stop] == 58 or buf[stop] == 59):
        return n_found
    p = stop + 1
    for q in range(p, e):
        if buf[q] == 32 or buf[q] == 9:
            return n_found
    at2 = _local_part_end(buf, p, e)
    if at2 < e and buf[at2] == 64 and at2 > p and _match_email(text, p, at2, e, scratch, lx_blob, lx_meta) > 0:
        return n_found
    ent = np.int64(-1)
    if hash_end(buf, p, e, True) == e:
        ent = E_PASSWORD_HASH
    elif secret_ok(buf, p, e):
        ent = E_PASSWORD
    if ent < 0:
        return n_found
    k = 0
    for q in range(s, stop):
        if k < len(norm) - 1:
            bb = buf[q]
            norm[k] = bb + 32 if _up(bb) else bb
            k += 1
    how = 2 if (hints >> E_EMAIL) & 1 else 0
    n_found = _emit(
        E_EMAIL, s, stop, c, _score(scores, E_EMAIL, how), F_HEADER if how else 0, norm, k, k0, k1, out, n_found
    )
    return _emit_secret(ent, p, e, c, hints, np.int64(1), buf, sink, n_found)


@kernel
def _local_part_end(buf, i, e):
    """End of an e-mail local-part run at i: ASCII letters, digits and `._%+-'`, at most 255 read (as the
    free-text scan reads it; a longer local part is rejected by `_match_email`)."""
    p = i
    while p < e and p - i <= 254 and (_alnum(buf[p]) or buf[p] in (46, 95, 37, 43, 45, 39)):
        p += 1
    return p


@kernel
def _scan_secret(text, c, s, i, e, hints, kw, ctx_window, sink, n_found):
    """At a `$`: a stored hash by its syntax.  At a `:` that follows a password keyword (`mot de passe :`):
    the blank-free token after it, a stored hash or a password.  Returns `(n_found, end or -1)`.

    Django's `pbkdf2_sha256$…`, the one hash without a leading `$`, is found from its first `$` too, looking
    back over `pbkdf2_sha1` / `pbkdf2_sha256` / `pbkdf2_sha512`: the free-text loop never tests the words it
    starts, which are plain lower-case words to it (the words between cannot hold a finding).  The start
    must be where that loop would begin a word, as if it had tested it there.
    """
    buf = text.buf
    json = text.json
    if buf[i] == 36:
        h = i
        if not token_boundary(buf, s, i):
            h = np.int64(-1)
            for back in (11, 13):
                j = i - back
                if j >= s and buf[j] == 112 and buf[j + 1] == 98 and e - j >= 36 and token_boundary(buf, s, j):
                    if j > s and buf[j - 1] < 0x80 and not json:
                        in_word = _alnum(buf[j - 1])
                    else:
                        in_word = _prev_is_word(text, s, j)
                    if not in_word:
                        h = j
        if h >= 0:
            stop = hash_end(buf, h, e, False)
            if stop > 0:
                n_found = _emit_secret(E_PASSWORD_HASH, h, stop, c, hints, np.int64(0), buf, sink, n_found)
                return n_found, stop
        return n_found, np.int64(-1)
    # a `:` right after a word (blanks between): the keyword's own check is the costly part, done last
    if i == s:
        return n_found, np.int64(-1)
    p = i - 1
    while p > s and (buf[p] == 32 or buf[p] == 9):
        p -= 1
    lb = buf[p]
    if not (65 <= lb <= 90 or 97 <= lb <= 122 or lb >= 0x80):
        return n_found, np.int64(-1)
    p = i + 1
    while p < e and (buf[p] == 32 or buf[p] == 9):
        p += 1
    q = p
    while q < e and not (buf[q] == 32 or buf[q] == 9 or buf[q] == 10 or buf[q] == 13):
        q += 1
    if q == p:
        return n_found, np.int64(-1)
    if not _has_context(text, s, i, E_PASSWORD, ctx_window[E_PASSWORD], kw):
        return n_found, np.int64(-1)
    if hash_end(buf, p, q, True) == q:
        n_found = _emit_secret(E_PASSWORD_HASH, p, q, c, hints, np.int64(1), buf, sink, n_found)
        return n_found, q
    if secret_ok(buf, p, q):
        n_found = _emit_secret(E_PASSWORD, p, q, c, hints, np.int64(1), buf, sink, n_found)
        return n_found, q
    return n_found, np.int64(-1)


@kernel(forceinline=True)
def _scan_number(
    buf,
    c,
    s,
    i,
    e,
    hints,
    enc,
    byte_cp,
    json,
    fold,
    lx_blob,
    lx_meta,
    kw_blob,
    kw_meta,
    ctx_window,
    scores,
    ref,
    k0,
    k1,
    norm,
    scratch,
    out,
    n_found,
    stats,
):
    """Numbers at i (digit or '+'): NIR, ID numbers after context, residence permit, phone, date of birth.

    Returns `(n_found, end of what was emitted or -1)`.
    """
    text = Text(buf, enc, byte_cp, json)
    kw = Lexicon(fold, scratch, kw_blob, kw_meta)
    if n_found >= out.shape[0]:
        return n_found, -1
    b = buf[i]
    if _dig(b):
        # NIR
        stop, shaped, valid = _match_nir(buf, i, e, norm)
        if shaped:
            ctx = (hints >> E_NIR) & 1 or _has_context(text, s, i, E_NIR, ctx_window[E_NIR], kw)
            if ctx:
                stats[STATS.NIR_SHAPED] += 1
                if valid:
                    stats[STATS.NIR_VALID] += 1
                else:
                    n_found = _emit(
                        E_NIR, i, stop, c, _score(scores, E_NIR, np.int64(0)), F_CHECK_FAILED, norm, np.int64(15),
                        k0, k1, out, n_found,
                    )  # fmt: skip
            if valid:
                how = 2 if (hints >> E_NIR) & 1 else (1 if ctx else 0)
                n_found = _emit(
                    E_NIR,
                    i,
                    stop,
                    c,
                    _score(scores, E_NIR, how),
                    F_CHECKSUM,
                    norm,
                    np.int64(15),
                    k0,
                    k1,
                    out,
                    n_found,
                )
                return n_found, stop
        # ID-like tokens that need context
        t, nd, nl = _id_token(buf, i, e)
        L = t - i
        if not _next_is_word(text, t, e):
            ent = -1
            if L == 9 and _is_passport(buf, i):
                if (hints >> E_PASSPORT) & 1 or _has_context(text, s, i, E_PASSPORT, ctx_window[E_PASSPORT], kw):
                    ent = E_PASSPORT
            if ent < 0 and ((L == 12 and _is_old_cni(buf, i)) or (L == 9 and nl > 0)):
                if (hints >> E_ID_CARD) & 1 or _has_context(text, s, i, E_ID_CARD, ctx_window[E_ID_CARD], kw):
                    ent = E_ID_CARD
            if ent < 0 and ((L == 9 and _is_passport(buf, i)) or (L == 12 and _is_old_licence(buf, i))):
                if (hints >> E_LICENCE) & 1 or _has_context(text, s, i, E_LICENCE, ctx_window[E_LICENCE], kw):
                    ent = E_LICENCE
            if ent < 0 and nd == L:
                for r in range(DIGIT_RUNS.shape[0]):
                    run = DIGIT_RUNS[r, 0]
                    if _digit_run_ok(buf, i, L, r) and (
                        (hints >> run) & 1 or _has_context(text, s, i, run, ctx_window[run], kw)
                    ):
                        ent = run
                        break
            if ent >= 0:
                k = _compact_alnum(buf, i, t, norm, True)
                n_found = _emit(
                    ent,
                    i,
                    t,
                    c,
                    _score(scores, ent, np.int64(1)),
                    F_CONTEXT,
                    norm,
                    k,
                    k0,
                    k1,
                    out,
                    n_found,
                )
                return n_found, t
    # phone
    stop, n_norm = _match_phone(buf, i, s, e, norm)
    if stop > 0:
        how = 2 if (hints >> E_PHONE) & 1 else 0
        n_found = _emit(
            E_PHONE,
            i,
            stop,
            c,
            _score(scores, E_PHONE, how),
            np.int64(0),
            norm,
            n_norm,
            k0,
            k1,
            out,
            n_found,
        )
        return n_found, stop
    # date of birth: a date right after a birth context word (the date only: an ISO time after it is read
    # to know that the date stands alone, but is not part of the finding)
    if _dig(b):
        stop, days = parse_date(buf, i, e, enc, byte_cp, json, lx_blob, lx_meta, scratch)
        if stop < 0:
            # "né le 12/03/85": a two-digit year, with birth context only (the century from the record's date)
            stop, yy, m, d = parse_short_date(buf, i, e)
            y = _short_birth(yy, m, d, ref) if stop > 0 else np.int64(-1)
            if y < 0:
                stop = -1
            else:
                days = days_from_civil(y, m, d)
        young_enough = stop > 0 and _age_ok(days, ref)
        if young_enough and not _next_is_word(text, iso_time_end(buf, stop, e), e):
            if (hints >> E_DOB) & 1 or _has_context(text, s, i, E_DOB, ctx_window[E_DOB], kw):
                k = _date_key(days, norm)
                n_found = _emit(
                    E_DOB,
                    i,
                    stop,
                    c,
                    _score(scores, E_DOB, np.int64(1)),
                    F_CONTEXT,
                    norm,
                    k,
                    k0,
                    k1,
                    out,
                    n_found,
                )
                return n_found, stop
    return n_found, -1


@kernel
def _match_address(text, c, s, i, e, hints, lex, sink, n_found):
    """A street address from the house number at i (`reference._Detector.match_address`): number, street
    type, name, optional postal code and commune, one finding.  Returns `(n_found, its end or -1)`.

    Called past `address_gate`; then `house_number_end` and one word read and folded decide most numbers.
    """
    buf = text.buf
    fold = lex.fold
    scratch = lex.scratch
    q = house_number_end(buf, s, i, e)
    if q < 0 or q >= e:
        return n_found, np.int64(-1)
    end = _street_end(text, q, e, fold, scratch)
    if end < 0:
        return n_found, np.int64(-1)
    p = end + 1 if end < e and buf[end] == 44 else end
    b = blank_run(buf, p, e)
    if b > 0:
        end = max(end, _postcode_end(text, b, e, fold, scratch))
    if _place_before(text, s, i, FIVE, np.int64(1), lex):
        return n_found, np.int64(-1)
    return _emit_address(text, c, i, end, hints, fold, sink, n_found)


@kernel
def _emit_address(text, c, i, end, hints, fold, sink, n_found):
    """`reference.emit_address`: the address `buf[i:end]` if it and its folded words fit 120 bytes."""
    out, norm, scores, k0, k1 = sink
    if end - i > ADDRESS_MAX:
        return n_found, np.int64(-1)
    k = _fold_norm(text, i, end, norm, fold)
    if k > ADDRESS_MAX:
        return n_found, np.int64(-1)
    how = np.int64(2) if (hints >> E_ADDRESS) & 1 else np.int64(0)
    flag = F_HEADER if how else np.int64(0)
    n_found = _emit(E_ADDRESS, i, end, c, _score(scores, E_ADDRESS, how), flag, norm, k, k0, k1, out, n_found)
    return n_found, end


@kernel
def _street_end(text, q, e, fold, scratch):
    """`reference.street_end`: end of a street type (its dot if it needs one), blanks and name at q, or -1."""
    buf = text.buf
    wend, _kind, n = _read_word(text, q, e)
    if n == 0:
        return np.int64(-1)
    dot = street_type(scratch, _fold_norm(text, q, wend, scratch, fold))
    if dot < 0:
        return np.int64(-1)
    if wend < e and buf[wend] == 46:
        wend += 1
    elif dot == 1:
        return np.int64(-1)
    b = blank_run(buf, wend, e)
    if b < 0:
        return np.int64(-1)
    return _name_end(text, b, e, NAME_WORDS, np.int64(1), fold, scratch)


@kernel
def _postcode_end(text, p, e, fold, scratch):
    """`reference.postcode_end`: end of a postal code at p and of the commune after it, or -1."""
    buf = text.buf
    if not postcode_at(buf, p, e) or _next_is_word(text, p + 5, e):
        return np.int64(-1)
    end = p + 5
    b = blank_run(buf, end, e)
    if b > 0:
        end = max(end, _name_end(text, b, e, COMMUNE_WORDS, np.int64(0), fold, scratch))
    return end


@kernel
def _match_street_before(text, c, s, i, e, hints, kw, ctx_window, sink, n_found):
    """An address without a house number, from its postal code at i (`reference.match_street_before`): the
    first word start of the 100 bytes before i where a street and name end just before the code, after a
    context word of the entity (`demeurant boulevard Constance Leconte, 48000 Mende`)."""
    buf = text.buf
    fold = kw.fold
    scratch = kw.scratch
    post = _postcode_end(text, i, e, fold, scratch)
    if post < 0:
        return n_found, np.int64(-1)
    for q in range(max(s + 1, i - 100), i):
        g = buf[q - 1]
        if not (g == 32 or g == 9) or not (65 <= buf[q] <= 90 or 97 <= buf[q] <= 122):
            continue
        end = _street_end(text, q, e, fold, scratch)
        if end < 0 or end >= i:
            continue
        p = end + 1 if buf[end] == 44 else end
        if blank_run(buf, p, e) == i and _has_context(text, s, q, E_ADDRESS, ctx_window[E_ADDRESS], kw):
            return _emit_address(text, c, q, post, hints, fold, sink, n_found)
    return n_found, np.int64(-1)


@kernel
def _name_end(text, q, e, max_words, digits, fold, scratch):
    """End of a street name or commune at q, or -1 (`reference._Detector.name_end`)."""
    buf = text.buf
    last = np.int64(-1)
    blanks = np.int64(0)
    for _ in range(max_words):
        if q >= e:
            break
        if 48 <= buf[q] <= 57:
            run = q
            while run < e and 48 <= buf[run] <= 57:
                run += 1
            if digits == 0 or run - q > 4:
                break
            b = blank_run(buf, run, e)
            n = np.int64(0)
            kind = W_LOWER
            if b > 0:
                _w, kind, n = _read_word(text, b, e)
            if n == 0 or kind == W_LOWER:
                if run - q == 4 and last == q - blanks:
                    last = run  # a year after a capitalised word ends the name (`du 8 Mai 1945`)
                break
            q = b
            continue
        wend, kind, n = _read_word(text, q, e)
        if n == 0:
            break
        if kind != W_LOWER:
            last = wend
        elif not is_particle(scratch, _fold_norm(text, q, wend, scratch, fold)):
            break
        b = blank_run(buf, wend, e)
        if b < 0:
            break
        blanks = b - wend
        q = b
    return last


@kernel(forceinline=True)
def _scan_word(
    buf,
    c,
    s,
    i,
    wend,
    kind,
    nkey,
    e,
    free,
    enc,
    byte_cp,
    json,
    fold,
    lx_blob,
    lx_meta,
    kw_blob,
    kw_meta,
    ctx_window,
    scores,
    k0,
    k1,
    norm,
    scratch,
    out,
    n_found,
):
    """A word at i..wend: nationality after its context, or the start of a person's name.

    Returns (n_found, where to continue).
    """
    text = Text(buf, enc, byte_cp, json)
    lex = Lexicon(fold, scratch, lx_blob, lx_meta)
    kw = Lexicon(fold, scratch, kw_blob, kw_meta)
    # the word's folded key is in `norm` (see _word_key); look it up before `norm` is reused
    if kind == W_LOWER or kind == W_OTHER:
        v = table_lookup_common(norm, nkey, lx_blob, lx_meta, 0)
    else:
        v = table_lookup(norm, nkey, lx_blob, lx_meta, 0)
    if v & WORD_NATIONALITY or (v & WORD_COUNTRY and kind != W_LOWER):
        if _continues_list(buf, i, c, E_NATIONALITY, out, n_found) or _has_context(
            text, s, i, E_NATIONALITY, ctx_window[E_NATIONALITY], kw
        ):
            iso = v >> ISO_SHIFT
            norm[0] = 35
            norm[1] = 48 + (iso // 100) % 10
            norm[2] = 48 + (iso // 10) % 10
            norm[3] = 48 + iso % 10
            n_found = _emit(
                E_NATIONALITY,
                i,
                wend,
                c,
                _score(scores, E_NATIONALITY, np.int64(1)),
                F_CONTEXT,
                norm,
                np.int64(4),
                k0,
                k1,
                out,
                n_found,
            )
            return n_found, wend
    if kind == W_LOWER or kind == W_OTHER:
        return n_found, wend
    # ---- person names
    civility = (v & WORD_CIVILITY) != 0
    if not civility and v & (WORD_STOP | WORD_STREET):
        return n_found, wend  # "Demande", "Dossier": the loop below would stop at this first word
    p = wend
    if civility:
        if p < e and buf[p] == 46:
            p += 1
        if not (p < e and buf[p] == 32):
            return n_found, wend
        p += 1
        ns = p
    else:
        ns = i
    # collect up to 4 name words (Capitalised or UPPER, not stop words) separated by single blanks
    q = ns
    nwords = 0
    n_upper = 0
    longest_upper = 0
    first_v = 0
    last_end = ns
    while q < e and nwords < 4:
        we, wk, wl = _read_word(text, q, e)
        if wl == 0 or not (wk == W_CAP or wk == W_UPPER):
            break
        if wk == W_CAP and wl < 2:
            break
        if we < e and _dig(buf[we]):
            break  # "FR76…", "A1": letters glued to digits are a code, not a name
        wv = v if (q == i and not civility) else _lex(text, q, we, lex)
        if wv & (WORD_STOP | WORD_CIVILITY | WORD_STREET):
            break
        if nwords == 0:
            first_v = wv
        if wk == W_UPPER:
            n_upper += 1
            if wl > longest_upper:
                longest_upper = wl
        nwords += 1
        last_end = we
        if we < e and buf[we] == 32 and we + 1 < e:
            q = we + 1
        else:
            break
    if nwords == 0:
        return n_found, wend
    if nwords == 1 and not civility and not (first_v & WORD_FIRST_NAME):
        # one capitalised word that is no first name ("Hébergement", sentence-initial): only a context
        # phrase right before it makes it a name.  Asked first, it spares the street check of most such
        # words; the answer is the same (with one word, `last_end` is `wend`).
        if not _has_context(text, s, ns, E_PERSON, np.int64(0), kw):
            return n_found, wend
    if _prev_word_flags(text, s, ns, lex) & WORD_STREET:
        return n_found, last_end  # "rue Victor Hugo": a street, not a person
    emit = civility
    if not emit and _has_context(text, s, ns, E_PERSON, np.int64(0), kw):
        emit = True  # "Nom : DUPONT", "Enfant : Mei", "je soussigné Khalid BENJELLOUN"
    if not emit:
        after = last_end
        first_is_name = (first_v & WORD_FIRST_NAME) != 0
        if after + 1 < e and buf[after] == 32 and buf[after + 1] == 60 and nwords >= 2:
            emit = True  # display name before "<address>"
        elif nwords >= 2 and first_is_name:
            emit = True  # "Prénom Nom", "Prénom NOM"
        elif nwords >= 2 and n_upper >= 1 and kind == W_CAP and longest_upper >= 4:
            emit = True  # "Capitalised SURNAME" with a surname too long to be an acronym
        elif nwords == 1 and first_is_name and kind == W_CAP:  # an ALL-CAPS word before ':' is a label
            # a lone first name: alone on a line of free text (signature), after a label colon, before ':'
            at_line_start = (ns == s or buf[ns - 1] == 10 or (ns >= 2 and buf[ns - 2] == 93)) and free
            after_colon = ns >= 2 and buf[ns - 1] == 32 and buf[ns - 2] == 58
            at_line_end = last_end >= e or buf[last_end] == 10 or buf[last_end] == 13 or buf[last_end] == 58
            emit = (at_line_start and at_line_end) or (after_colon and free) or _born_after(buf, last_end, e)
    if not emit:
        return n_found, wend
    thing = not civility and _place_before(text, s, ns, THREE, np.int64(0), lex)
    if thing:
        return n_found, last_end  # "centre social Victor Hugo", "service à thé Émile Gallé": a thing's name
    k = _fold_norm(text, ns, last_end, norm, fold)
    n_found = _emit(
        E_PERSON,
        ns,
        last_end,
        c,
        _score(scores, E_PERSON, np.int64(1)),
        F_CONTEXT,
        norm,
        k,
        k0,
        k1,
        out,
        n_found,
    )
    return n_found, last_end


@kernel(forceinline=True)
def _prev_word_flags(text, s, i, lex):
    """Lexicon flags of the word before position i (blanks and commas skipped), 0 if none."""
    buf = text.buf
    j = i - 1
    while j >= s and (buf[j] == 32 or buf[j] == 44):
        j -= 1
    end = j + 1
    while j >= s and (_alnum(buf[j]) or buf[j] >= 0x80):
        j -= 1
    if end - (j + 1) <= 0:
        return 0
    return _lex_common(text, j + 1, end, lex)


@kernel
def _place_before(text, s, i, n_words, before_address, lex):
    """Is a street, facility or object word among the `n_words` words before i, in the same phrase (three
    before a name, `FIVE` `before_address`: `École élémentaire des Lilas, 3 rue…`)?  Before an address,
    a text street type ends the look-back (`12 rue Victor Hugo, 3 rue…`: the words before are an address).

    The word right before i (blanks and commas skipped) must be neither a function word (`de`, `par`, `chez`:
    "la maison de Jean Dupont" is his house) nor a civility; the two before it may be anything, each after
    exactly one blank ("centre social Victor Hugo", "maison de quartier Jean Jaurès").  A function word is a
    stop word written in plain lower-case ASCII: the stop list is compared folded, and an accented word that
    folds onto one (`thé` onto `The`) is not a preposition.  Asked only when a name would be emitted, so it
    costs nothing per byte.
    """
    buf = text.buf
    fold, scratch, lx_blob, lx_meta = lex
    j = i - 1
    while j >= s and (buf[j] == 32 or buf[j] == 44):
        j -= 1
    for n in range(n_words):
        end = j + 1
        while j >= s and (_alnum(buf[j]) or buf[j] >= 0x80):
            j -= 1
        if end - (j + 1) <= 0:
            return False
        k = _fold_norm(text, j + 1, end, scratch, fold)
        if before_address and street_type(scratch, k) >= 0:
            return False
        v = table_lookup(scratch, k, lx_blob, lx_meta, 0)
        if v & WORD_STREET:
            return True
        if n == 0 and (v & WORD_CIVILITY or (v & WORD_STOP and _plain_lower(buf, j + 1, end))):
            return False
        if not (j >= s and buf[j] == 32):
            return False
        j -= 1
    return False


@kernel(forceinline=True)
def _plain_lower(buf, s, e):
    """Is `buf[s:e]` only ASCII lower-case letters (a word written as its folded form)?"""
    for p in range(s, e):
        if not (97 <= buf[p] <= 122):
            return False
    return True


@kernel(forceinline=True)
def _born_after(buf, p, e):
    """`, né le` / ` née ` / ` né(e) ` right after a name: "né" as a whole word, not `nécessite`."""
    if p < e and buf[p] == 44:
        p += 1
    if p < e and buf[p] == 32:
        p += 1
    if not (p + 1 < e and buf[p] == 110):
        return False
    # "é" is C3 A9 in UTF-8 and E9 in a single-byte code page
    if buf[p + 1] == 0xC3 and p + 2 < e and buf[p + 2] == 0xA9:
        q = p + 3
    elif buf[p + 1] == 0xE9:
        q = p + 2
    else:
        return False
    if q < e and buf[q] == 101:  # née
        q += 1
    if q + 2 < e and buf[q] == 40 and buf[q + 1] == 101 and buf[q + 2] == 41:  # né(e)
        q += 3
    return q >= e or (not _alnum(buf[q]) and buf[q] < 0x80)


@kernel(forceinline=True)
def _continues_list(buf, i, c, ent, out, n_found):
    """Is the word at i the next item of a list whose previous item was `ent` (`turque et syrienne`)?"""
    if n_found == 0 or out[n_found - 1, 0] != ent or out[n_found - 1, 3] != c:
        return False
    p = out[n_found - 1, 1] + out[n_found - 1, 2]
    if p > i or i - p > 6:
        return False
    # only blanks, commas, slashes and the words "et" / "ou" / "and" / "or" in between
    while p < i:
        b = buf[p]
        if b == 32 or b == 44 or b == 47:
            p += 1
        elif p + 1 < i and ((b == 101 and buf[p + 1] == 116) or (b == 111 and buf[p + 1] == 117)):
            p += 2
        elif p + 2 < i and b == 97 and buf[p + 1] == 110 and buf[p + 2] == 100:
            p += 3
        elif p + 1 < i and b == 111 and buf[p + 1] == 114:
            p += 2
        else:
            return False
    return True


def detect_work(n_records: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The scratch buffers one detection call needs (kernels never allocate; see `jit.py`)."""
    return (
        np.empty(128, np.uint8),
        np.empty(256, np.uint8),
        np.zeros(max(n_records, 1), np.int8),
        np.empty(9, np.int64),
    )


OUT_COLUMNS = 7
"""Columns of the detection output: entity, start, length, cell, score × 1e6, fingerprint (int64), flags."""


def detect_cells(
    buf,
    enc,
    byte_cp,
    json,
    n_cells,
    cs,
    ce,
    cf,
    cr,
    n_records,
    field_hints,
    tables,
    ref_days,
    k0,
    k1,
    start_cell,
    out,
    rec_date,
    stats,
    rec_info=None,
    work=None,
    *,
    memo=None,
    check_only=False,
):
    """Detect entities in cells `start_cell..n_cells` of `buf`; returns `(n_found, next_cell)`.

    With `check_only`, nothing runs: returns whether the kernel for these argument types is compiled or
    cached on disk (a cold call would compile it first, for ~20 s and ~150 MB kept for the process' life).

    `tables` is a `piiscan.tables.KernelTables`; `out` an int64 array of shape (capacity, OUT_COLUMNS).
    `next_cell < n_cells` means `out` is full: call again from there.  `rec_date[r]` receives the record's
    own date (days since 1970-01-01, or -1) on the first call.  `rec_info` (int64, 4 per record: NIR year and
    month, NIR sex, birth year and month, sex field) must be the same array for every call on one chunk.
    `memo` is a `piiscan.kernels.memo.new_memo()` triple kept across calls with the same tables, key, encoding
    and JSON flag (a fresh one when None; `new_memo(0)` for none): it changes the speed, never the findings.
    """
    t = tables
    if rec_info is None:
        rec_info = np.empty(4 * max(n_records, 1), np.int64)
    if work is None:  # `work` (see detect_work) must also be the same for every call on one chunk
        work = detect_work(n_records)
    args = (
        buf, enc, byte_cp, json, n_cells, cs, ce, cf, cr, n_records, field_hints,
        t.fold, t.lexicon.blob, t.lexicon.meta, t.kw_blob, t.kw_meta,
        t.ctx_window, t.scores, t.iban_len, ref_days, k0, k1, start_cell,
        out, rec_date, stats, *work, rec_info, *(memo if memo is not None else new_memo()),
    )  # fmt: skip
    if check_only:
        return _is_ready(_detect_cells_kernel, args)
    return _detect_cells_kernel(*args)


def _is_ready(dispatcher, args) -> bool:
    """Is `dispatcher` compiled for `args`, or in numba's on-disk cache (so a call only loads it)?

    Looks the signature up in the cache's index without loading the code: loading the detection kernel
    just to say yes, then again for the call, cost ~60 ms of single-threaded start-up.  Uses numba's cache
    internals (`_index_key`, the index file), which numba does not document; if they ever fail, the answer
    is True and the caller compiles in-process as it always could.
    """
    try:
        sig = tuple(dispatcher.typeof_pyval(a) for a in args)
        if sig in dispatcher.overloads:
            return True
        cache = dispatcher._cache
        cache_file = cache._cache_file
        key = cache._index_key(sig, dispatcher.targetctx.codegen())
        data_name = cache_file._load_index().get(key)
        return data_name is not None and os.path.exists(os.path.join(cache_file._cache_path, data_name))
    except Exception:  # an internal API: any failure means "assume ready"
        return True


@kernel
def _sex_of(buf, s, e):
    """1 (male) or 2 (female) from a sex or title cell (`M`, `F`, `H`, `Mme`, `M.`, `Monsieur`, `1`...), else -1."""
    while s < e and (_space(buf[s]) or buf[s] == 34):
        s += 1
    if s >= e:
        return -1
    b = buf[s] | 32
    if b == 102 or buf[s] == 50:  # f, 2
        return 2
    if b == 104 or buf[s] == 49:  # h, 1
        return 1
    if b == 109:  # m: M, M., Mr, Monsieur, Masculin, Male — but Mme, Mlle, Madame, Mademoiselle, Mrs, Ms, Miss
        if s + 1 < e:
            b2 = buf[s + 1] | 32
            b3 = (buf[s + 2] | 32) if s + 2 < e else 0
            if b2 == 109 or b2 == 108:  # mme, mlle
                return 2
            if b2 == 97 and (b3 == 100 or b3 == 100):  # madame, mademoiselle
                return 2
            if b2 == 115 or (b2 == 114 and b3 == 115) or (b2 == 105 and b3 == 115):  # ms, mrs, miss
                return 2
        return 1
    return -1


@kernel
def _record_facts(buf, out, n_found, cr, rec_info, enc, byte_cp, json, lx_blob, lx_meta, scratch, ref_days):
    """Note each record's NIR (birth year/month, sex digit) and date of birth, for the consistency signals.

    Runs after the cell loop, when the chunk's first bytes have long left the cache: the NIR and date
    `FACTS_AHEAD` findings ahead are prefetched (a cache miss per NIR and per birth date was ~2 ms a chunk).
    """
    for k in range(n_found):
        ahead = k + FACTS_AHEAD
        if ahead < n_found and (out[ahead, 0] == E_NIR or out[ahead, 0] == E_DOB):
            prefetch(buf, out[ahead, 1])
        ent = out[k, 0]
        if (ent != E_NIR and ent != E_DOB) or out[k, 6] & F_CHECK_FAILED:
            continue
        r = cr[out[k, 3]]
        if r < 0 or 4 * r + 3 >= len(rec_info):
            continue
        s = out[k, 1]
        e = s + out[k, 2]
        if ent == E_NIR:
            d = 0
            vals = 0
            sex = -1
            for p in range(s, e):
                b = buf[p]
                if 48 <= b <= 57:
                    if d == 0:
                        sex = 1 if (b == 49 or b == 51 or b == 55) else 2
                    elif d <= 4:
                        vals = vals * 10 + (b - 48)
                    d += 1
                    if d > 4:
                        break
            month = vals % 100
            if 1 <= month <= 12:
                rec_info[4 * r] = vals
            rec_info[4 * r + 1] = sex
        elif out[k, 2] == 6 and (out[k, 6] & F_MRZ):
            days = _mrz_date(buf, s, ref_days)
            if days != NO_DATE:
                rec_info[4 * r + 2] = _yymm(days)
        else:
            stop, y, m, _d = parse_date_ymd(buf, s, e, enc, byte_cp, json, lx_blob, lx_meta, scratch)
            if stop < 0:
                stop, y, m, _d = parse_short_date(buf, s, e)  # "12/03/85": the year as a NIR writes it
            if stop > 0:
                rec_info[4 * r + 2] = (y % 100) * 100 + m  # as _yymm


@kernel
def _yymm(days):
    """Two-digit year and month of a day count, as a NIR writes them (YYMM)."""
    y, m, _d = civil_from_days(days)
    return (y % 100) * 100 + m


@kernel
def _consistency(rec_info, n_records, stats):
    """Count records holding both a NIR and a birth date (or a sex field), and those that agree."""
    for r in range(n_records):
        nir = rec_info[4 * r]
        dob = rec_info[4 * r + 2]
        if nir >= 0 and dob >= 0:
            stats[STATS.NIR_DOB_PAIRS] += 1
            if nir == dob:
                stats[STATS.NIR_DOB_MATCH] += 1
        nsex = rec_info[4 * r + 1]
        fsex = rec_info[4 * r + 3]
        if nsex > 0 and fsex > 0:
            stats[STATS.NIR_SEX_PAIRS] += 1
            if nsex == fsex:
                stats[STATS.NIR_SEX_MATCH] += 1


@kernel
def _short_birth(yy, m, d, ref):
    """The year of a birth date written with a two-digit year (`12/03/85`), or -1.

    The latest year ending in `yy` that puts the date on or before `ref` (the record's date), so the age
    is 0 to 99 (within `_age_ok`'s 0-120); a day that does not exist in that year (29 February) is no date.
    As `validators.dates.two_digit_birth_date`.
    """
    if yy < 0 or yy > 99 or m < 1 or m > 12 or d < 1 or d > 31:
        return np.int64(-1)
    ry, _rm, _rd = civil_from_days(ref)
    y = ry - (ry - yy) % 100
    if not is_valid_date(y, m, d) or days_from_civil(y, m, d) > ref:
        y -= 100
    if not is_valid_date(y, m, d) or not _age_ok(days_from_civil(y, m, d), ref):
        return np.int64(-1)
    return np.int64(y)


@kernel(forceinline=True)
def _age_ok(days, ref):
    """A birth on `days` is plausible on `ref`: not later, and aged 0 to 120 in completed years."""
    if days > ref:
        return False
    by, bm, bd = civil_from_days(days)
    ry, rm, rd = civil_from_days(ref)
    age = ry - by
    if rm < bm or (rm == bm and rd < bd):
        age -= 1
    return 0 <= age <= MAX_AGE
