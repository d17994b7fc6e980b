"""Column profiles decided from values: what a column holds when its header does not say.

A leak is often a table whose headers say nothing (`c3`, `col_7`, no header row at all).  Identifiers
that validate on their own (e-mail, NIR, IBAN, phone) are found anyway, but passports, identity cards,
AGDREF numbers, birth dates and names are reported only under a header that names them, because their
shape alone proves nothing in one cell.  A whole column of them does: when nearly every value of a column
has the shape, in a table that also holds people, the column is a column of that entity.

How, so that the hot loop stays per chunk and the result does not depend on chunking or workers:

1. The scanner keeps the chunks of an input (or the cell blocks of a table container) back until the
   first `PROFILE_RECORDS` records have been seen (a prefix of the input, the same whatever the chunk
   size, and read by the one reading thread before any worker sees a chunk);
2. `ColumnProfiler.observe` runs the detection kernel itself over those records' cells once per *trial*:
   every column hinted as if its header named one entity (`TRIALS`).  What the kernel then finds covering
   a whole cell is exactly what it will find in the real scan under that hint: there is no second
   statement of any shape;
3. `ColumnProfiler.decide` applies column-level rules (share of values of the shape, distinct values,
   co-occurrence with identifiers in the same rows, a first-name column beside a surname column, a spread
   of birth years) and returns, per field, the hint bits to add;
4. the scanner adds those bits to the field's hint mask, exactly as a header's, and findings of a
   value-decided entity get the entity's context score instead of its header score (`value_scores`).

A column whose header already names an entity keeps its header's hints (a header is stronger evidence);
its profile only says whether the values agree (`decided_by: both`).
"""

from __future__ import annotations

import contextlib
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from json import loads as json_loads

import numpy as np

from piiscan.entities import contract as _c
from piiscan.entities.contract import (
    E_DOB,
    E_EMAIL,
    E_FOREIGN_PASSPORT,
    E_IBAN,
    E_ID_CARD,
    E_NIR,
    E_PASSPORT,
    E_PASSWORD,
    E_PERSON,
    E_RESIDENCE,
)
from piiscan.tables import CIVILITIES, lexicon_key
from piiscan.text import fold
from piiscan.validators import password

__all__ = [
    "PROFILE_RECORDS",
    "ColumnDecision",
    "ColumnProfiler",
    "apply_decisions",
    "apply_profile",
    "decided_by",
    "drop_repeated_names",
    "header_fields",
    "lower_value_scores",
    "value_fields",
    "value_score_array",
]

PROFILE_RECORDS = 200
"""Records of an input's prefix whose values decide its column profiles."""
PROFILE_HOLD_BYTES = 64 << 20
"""Most bytes of chunks kept back while sampling (records of over 300 KB each: decided on fewer records)."""
MIN_VALUES = 20
"""Fewest non-empty values a column needs for its values to decide it."""
SHAPE_SHARE = 0.9
"""Share of a column's values that must have an entity's shape for the column to be that entity's."""
REPEATED_NAME_RECORDS = 5
REPEATED_NAME_SHARE = 0.2
"""A name found as free text in at least this share (and count) of a non-name column's sampled records is a
label, not a person (`ColumnProfiler.repeated_names`)."""

_E = _c.ENTITY_ID

TRIALS: tuple[int, ...] = _c.PROFILE_TRIALS
"""Hint masks tried on every column of the sample (one kernel call each): first no hint (what validates on its
own: e-mail, IBAN, NIR, phone), then each group of entities whose whole-cell shapes cannot claim the same cell
(`Entity.profile_trial`)."""

IDENTIFIERS = frozenset(_E[name] for name in _c.STRONG_IDENTIFIERS)
"""Entities whose presence in a record says the record is about a person (the context names need)."""
PERSONAL_IDS = frozenset(_E[name] for name in _c.STRONG_IDENTIFIERS if name in _c.PERSON_IDENTIFIERS)
"""Identifiers only a person holds (an organisation has e-mail addresses, phone numbers and IBANs too)."""

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_PARTICLES = frozenset({"de", "du", "des", "la", "le", "van", "von", "der", "da", "di", "del", "d", "y", "bin", "ben"})
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_PREFIXED_NUMBER = re.compile(r"[A-Z]{1,3}\d{5,9}")
_LOGIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{2,63}")
_NAME_PUNCTUATION = frozenset("-'’. ")
_GENERATED_NAME = re.compile(r"column_\d+")  # the name a headerless table's column gets (`formats.csv`)


@dataclass(frozen=True)
class ColumnDecision:
    """What a column's values decided: the hint bits to add, the entity named, how it was decided."""

    entity: int
    mask: int
    decided_by: str  # "values" or "both"
    data_header: bool = False  # the column's header cell is itself a value of the column (shown as `*`)


@dataclass
class _Column:
    """One column's sample: its cells (decoded only when a rule reads them) and what the trials found."""

    codec: str
    json: bool
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    n: int = 0  # non-empty cells
    found: dict[int, set[int]] = field(default_factory=dict)  # entity -> sample rows where a trial found it whole
    names_in_text: dict[int, set[int]] = field(default_factory=dict)  # PERSON fingerprint -> rows (no hint)
    _decoded: tuple[list[str], list[int]] | None = None

    def _decode(self) -> tuple[list[str], list[int]]:
        if self._decoded is None:
            values: list[str] = []
            rows: list[int] = []
            for data, starts, ends, recs in self.parts:
                for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
                    text = data[a : min(b, a + 200)].tobytes().decode(self.codec, "replace")
                    if self.json and "\\" in text:
                        with contextlib.suppress(ValueError):
                            text = json_loads(f'"{text}"')
                    values.append(text.strip().strip('"').strip())
                rows += recs.tolist()
            self._decoded = values, rows
        return self._decoded

    @property
    def values(self) -> list[str]:
        return self._decode()[0]

    @property
    def rows(self) -> list[int]:
        return self._decode()[1]


def value_score_array(scores: np.ndarray) -> np.ndarray:
    """Per entity id, the score of a finding in a value-decided column: the entity's context score (a column
    of values of the shape is evidence like a keyword, weaker than a header that names the entity)."""
    n = len(scores) // 3
    return np.array([min(float(scores[e * 3 + 1]), float(scores[e * 3 + 2])) for e in range(n)], np.float32)


def decided_by(header_hint: int, decision: ColumnDecision | None) -> str | None:
    """`header`, `values`, `both` or None, for the report's column profile."""
    if decision is not None:
        return decision.decided_by
    return "header" if header_hint & _c.ENTITY_HINTS else None


class ColumnProfiler:
    """Samples the first `PROFILE_RECORDS` records of one input and decides its column profiles."""

    def __init__(
        self, detect, first_names: frozenset[str], *, json: bool = False, places: frozenset[str] = frozenset()
    ) -> None:
        """`detect(data, n_cells, cell_arrays, n_records, hints)` runs the detection kernel on cells and
        returns `(entity, start, length, cell)` columns of its findings; `json`: cells are JSON strings,
        whose escapes (`\u00e8`) the column rules read decoded."""
        self._detect = detect
        self._json = json
        self._places = places  # folded country names, nationality words and ISO alpha-3 codes
        self._first_names = first_names
        self.records = 0
        self.held_bytes = 0
        self._columns: dict[int, _Column] = {}

    @property
    def sampling(self) -> bool:
        return self.records < PROFILE_RECORDS and self.held_bytes < PROFILE_HOLD_BYTES

    def observe(self, data: np.ndarray, n_cells: int, cells: tuple, n_records: int, codec: str) -> None:
        """Take the values of this chunk's records that belong to the sample, and run the trials on them."""
        self.held_bytes += len(data)
        if not self.sampling:
            return
        cs, ce, cf, cr = (a[:n_cells] for a in cells)
        take = min(n_records, PROFILE_RECORDS - self.records)
        keep = np.flatnonzero((cr < take) & (cf >= 0) & (ce > cs))
        base = self.records
        self.records += take
        if not len(keep):
            return
        sub = tuple(np.ascontiguousarray(a[keep]) for a in (cs, ce, cf, cr))
        n = len(keep)
        fids = sub[2]
        rows = base + sub[3].astype(np.int64)
        uniq, first = np.unique(fids, return_index=True)
        for fid in uniq[np.argsort(first)].tolist():
            col = self._columns.get(fid)
            if col is None:  # columns in order of first appearance: field ids of JSON paths are not
                col = self._columns[fid] = _Column(codec, self._json)
            sel = fids == fid
            col.parts.append((data, sub[0][sel], sub[1][sel], rows[sel]))
            col.n += int(sel.sum())
        width = (sub[1] - sub[0]).astype(np.int64)
        max_field = int(fids.max()) + 1
        for trial in TRIALS:
            hints = np.full(max_field, trial, np.int64)
            ent, start, length, cell, fingerprint = self._detect(data, n, sub, take, hints)
            k = cell.astype(np.int64)
            if trial == 0:
                self._names_in_text(ent, fingerprint, fids[k], rows[k])
            # the finding covers the cell (its blanks and quotes aside): the cell *is* that entity
            whole = (length * 10 >= width[k] * 9 - 20) & (start - sub[0][k] <= 3)
            if not whole.any():
                continue
            pair = (fids[k[whole]].astype(np.int64) << 8) | ent[whole].astype(np.int64)
            hit_rows = rows[k[whole]]
            for key in np.unique(pair).tolist():
                col = self._columns[key >> 8]
                col.found.setdefault(key & 0xFF, set()).update(hit_rows[pair == key].tolist())

    def _names_in_text(self, ent, fingerprint, fids, rows) -> None:
        person = np.flatnonzero(ent == E_PERSON)
        for j in person.tolist():
            col = self._columns[int(fids[j])]
            col.names_in_text.setdefault(int(fingerprint[j]), set()).add(int(rows[j]))

    def repeated_names(self, decisions: dict[int, ColumnDecision], header_hints: Sequence[int]) -> dict[int, set[int]]:
        """Per field, fingerprints of names found in it as free text that repeat over many records.

        Why: in a column that is not a name column (`gestionnaire`, `service`, `commentaire`), the same name
        in a fifth of the records is a name used as a label (`Espace Jean Moulin`, an agent's signature
        template, a brand) and not a person of the dump; a name column (by header or values) keeps them.
        """
        out: dict[int, set[int]] = {}
        for fid, col in self._columns.items():
            h = header_hints[fid] if fid < len(header_hints) else 0
            d = decisions.get(fid)
            if (h >> E_PERSON) & 1 or (d is not None and d.entity == E_PERSON) or not col.names_in_text:
                continue
            floor = max(REPEATED_NAME_RECORDS, REPEATED_NAME_SHARE * col.n)
            hashes = {fp for fp, rows in col.names_in_text.items() if len(rows) >= floor}
            if hashes:
                out[fid] = hashes
        return out

    # ------------------------------------------------------------------ decision
    def decide(self, header_hints: Sequence[int], field_names: Sequence[str | None] = ()) -> dict[int, ColumnDecision]:
        """Per field id, what its values decided (fields absent: nothing); `field_names` are their names,
        to tell a header cell that is itself personal data (see `_data_header`)."""
        shapes: dict[int, int] = {}
        for fid, col in self._columns.items():
            if col.n < MIN_VALUES:
                continue
            ent = self._identifier_shape(col)
            if ent is not None:
                shapes[fid] = ent
        header = {fid: (header_hints[fid] if fid < len(header_hints) else 0) for fid in self._columns}
        id_rows = self._identifier_rows(shapes, header)
        names: dict[int, int] = {}
        for fid, col in self._columns.items():
            if fid in shapes or col.n < MIN_VALUES:
                continue
            if self._first_name_column(col, id_rows, fid):
                names[fid] = E_PERSON
        header_names = {fid for fid, h in header.items() if (h >> E_PERSON) & 1}
        # the surname column of a first-name column is its neighbour (`nom;prenom` first, `prenom;nom` next):
        # one per first-name column, so a birthplace or city column further on is not taken for one
        order = list(self._columns)  # dicts keep insertion order: the columns as they first appear
        place = {fid: i for i, fid in enumerate(order)}
        for fid in [f for f in order if f in names or f in header_names]:
            for other in (order[p] for p in (place[fid] - 1, place[fid] + 1) if 0 <= p < len(order)):
                col = self._columns.get(other)
                if col is None or other in shapes or other in names:
                    continue
                # (a column named by its header is profiled too, to say whether its values agree)
                if col.n >= MIN_VALUES and self._surname_column(col):
                    names[other] = E_PERSON
                    break
        # birth dates: in records that name a person or hold an identity number (an e-mail, a phone number or
        # an IBAN may be an organisation's: a list of facilities with a switchboard number has opening dates)
        person_rows = self._identifier_rows(shapes, header, PERSONAL_IDS)
        for fid in names:
            person_rows.update(self._columns[fid].rows)
        for fid in header_names & set(self._columns):
            # rows where the named column holds a name (`nom_equipement` holding `Gymnase Jules Ferry` does not)
            person_rows.update(self._columns[fid].found.get(E_PERSON, ()))
        dates: dict[int, int] = {}
        for fid, col in self._columns.items():
            if fid in shapes or fid in names or col.n < MIN_VALUES:
                continue
            if (header[fid] >> _c.HINT_RECORD_DATE) & 1:
                continue  # a deposit or creation date, by its header
            if self._birth_date_column(col, person_rows):
                dates[fid] = E_DOB
        secrets = self._credential_column(shapes, names, dates)
        decisions: dict[int, ColumnDecision] = {}
        for fid, ent in {**shapes, **names, **dates, **secrets}.items():
            h = header[fid]
            if h & _c.ENTITY_HINTS:
                if (h >> ent) & 1 or (ent == E_FOREIGN_PASSPORT and (h >> E_PASSPORT) & 1):
                    decisions[fid] = ColumnDecision(ent, 0, "both")
                continue  # a header that names an entity keeps its own hints
            name = field_names[fid] if fid < len(field_names) else None
            redact = name is not None and self._data_header(name, ent)
            decisions[fid] = ColumnDecision(ent, _hint_mask(ent), "values", redact)
        return decisions

    def _data_header(self, name: str, ent: int) -> bool:
        """Whether a value-decided column's header cell looks like one of its values: a first row of data
        taken for a header (`DUPONT;Jean;...` above rows of other shapes) must not print a surname as a
        field name.  A label that merely looks like a name (`Titulaire`) is hidden too: a lesser harm."""
        if ent == E_PASSWORD:  # a combolist's first line taken for a header: its secret must not be a field name
            return _GENERATED_NAME.fullmatch(name) is None
        if ent == E_PERSON:
            words = _WORD.findall(name)
            return _capitalised_name(name) and "".join(words) == re.sub(r"[\s'’-]", "", name)
        compact = re.sub(r"[\s.-]", "", name)
        return any(c.isdigit() for c in compact) and compact.isalnum() and 6 <= len(compact) <= 34

    def _credential_column(self, *decided: dict[int, int]) -> dict[int, int]:
        """The secret column of a combolist read as a table (`email;password`, `user;password` lines: a
        `;` makes them a two-column CSV), or nothing.

        Why these rules: a credential line is the only evidence a password has (DESIGN §1), and a second
        column of short codes, names, amounts or labels beside e-mails is common.  So: exactly two columns,
        nothing decided in the second; the first holds e-mail addresses, or logins (blank-free tokens, nearly
        all distinct, not a counter); the second holds blank-free values that can be passwords
        (`validators.password`), nearly all distinct, that no trial took for another entity (a name, a date,
        a document number), at least a quarter (half beside logins) mixing letters with digits or symbols,
        of varied shapes (a code or a reference repeats one), of varied lengths or mixing cases (a digest,
        a token or a voucher code has one length and one case), and mostly unlike the first column's value
        of their row (a user name beside an e-mail is made from its local part; a password rarely is).
        Left out, by design: hex digests beside e-mails (no hash without a hash field or a `:` line), and
        a column of pseudonyms beside e-mails reads as passwords.
        """
        if len(self._columns) != 2:
            return {}
        key, secret = self._columns  # in order of first appearance
        kcol, scol = self._columns[key], self._columns[secret]
        if min(kcol.n, scol.n) < MIN_VALUES or any(secret in d for d in decided):
            return {}
        emails = self._rate(kcol, E_EMAIL) >= SHAPE_SHARE
        if not emails and not _logins([v for v in kcol.values if v]):
            return {}
        claimed = set().union(*scol.found.values()) if scol.found else set()
        if len(claimed) > 0.5 * scol.n:
            return {}
        values = [v for v in scol.values if v]
        if not _secrets(values, strong_share=0.25 if emails else 0.5):
            return {}
        keys = dict(zip(kcol.rows, kcol.values, strict=True))
        alike = sum(1 for r, v in zip(scol.rows, scol.values, strict=True) if v and _alike(keys.get(r, ""), v))
        return {secret: E_PASSWORD} if alike < 0.3 * len(values) else {}

    def _rate(self, col: _Column, ent: int) -> float:
        return len(col.found.get(ent, ())) / col.n if col.n else 0.0

    def _identifier_shape(self, col: _Column) -> int | None:
        """The identifier a column of document or number shapes holds, or None."""
        for ent in _c.SHAPE_DECIDES:  # their own syntax or check is enough (`Entity.shape_decides_column`)
            if self._rate(col, ent) >= SHAPE_SHARE:
                return ent
        fr_passport = self._rate(col, E_PASSPORT)
        docs = len(col.found.get(E_FOREIGN_PASSPORT, set()) | col.found.get(E_PASSPORT, set())) / col.n
        if max(docs, self._rate(col, E_ID_CARD), self._rate(col, E_RESIDENCE)) < SHAPE_SHARE:
            return None  # (the values are read only for a column that has a document shape)
        values = [v for v in col.values if v]
        if not values:
            return None
        distinct = len(set(values)) / len(values)
        counter = _is_counter(values)
        if fr_passport >= 0.2 and docs >= SHAPE_SHARE and distinct >= 0.9:
            return E_PASSPORT  # French passports among other states': a passport column
        if self._rate(col, E_ID_CARD) >= SHAPE_SHARE and distinct >= 0.9 and not counter:
            prefixed = sum(1 for v in values if _PREFIXED_NUMBER.fullmatch(v.upper())) / len(values)
            if prefixed < 0.5:  # `AB1234567` for all: another state's passports, not 2021 CNIe numbers
                return E_ID_CARD
        if self._rate(col, E_RESIDENCE) >= SHAPE_SHARE and distinct >= 0.9 and not counter:
            return E_RESIDENCE
        if docs >= SHAPE_SHARE and distinct >= 0.9 and not counter and _mixed_documents(values):
            return E_FOREIGN_PASSPORT
        return None

    def _identifier_rows(
        self, shapes: dict[int, int], header: dict[int, int], kinds: frozenset[int] = IDENTIFIERS
    ) -> set[int]:
        """Sample rows holding an identifier of `kinds` in a column decided (by header or values) to hold one."""
        rows: set[int] = set()
        for fid, col in self._columns.items():
            ents = {shapes[fid]} if fid in shapes else {e for e in IDENTIFIERS if (header[fid] >> e) & 1}
            if fid not in shapes:
                ents |= {e for e in (E_EMAIL, E_IBAN, E_NIR) if self._rate(col, e) >= SHAPE_SHARE}
            for e in ents & kinds:
                rows |= col.found.get(e, set())
                if e == E_PASSPORT:
                    rows |= col.found.get(E_FOREIGN_PASSPORT, set())
        return rows

    def _name_shaped(self, col: _Column) -> list[str] | None:
        """The column's values if nearly all are names as written (capitalised words), else None."""
        if self._rate(col, E_PERSON) < SHAPE_SHARE:
            return None  # letters, blanks and hyphens only, and no facility or street word first (the kernel)
        values = [v for v in col.values if v]
        if not values or sum(1 for v in values if _capitalised_name(v)) < SHAPE_SHARE * len(values):
            return None
        if sum(1 for v in values if _title_first(v)) > 0.1 * len(values):
            return None  # `MME SYLVIE BLANCHARD`: the free-text scan reads a title and its name, span by span
        if sum(1 for v in values if lexicon_key(v) in self._places) > 0.2 * len(values):
            return None  # countries, nationalities, ISO codes (`CHN`, `Maroc`, `MALIENNE`)
        # names differ from record to record: a brand, a category, a city repeated is no person column
        counts = Counter(fold(v) for v in values)
        if len(counts) < 0.3 * len(values) or counts.most_common(1)[0][1] > max(3, 0.15 * len(values)):
            return None
        return values

    def _first_name_column(self, col: _Column, id_rows: set[int], fid: int) -> bool:
        values = self._name_shaped(col)
        if values is None:
            return False
        known = sum(1 for v in values if any(fold(w) in self._first_names for w in _WORD.findall(v)))
        share = known / len(values)
        if share < 0.6:
            return False
        with_ids = sum(1 for r, v in zip(col.rows, col.values, strict=True) if v and r in id_rows)
        return share >= 0.8 or with_ids >= 0.8 * len(values)

    def _surname_column(self, col: _Column) -> bool:
        values = self._name_shaped(col)
        if values is None:
            return False
        return sum(1 for v in values if len(_WORD.findall(v)) <= 3) >= SHAPE_SHARE * len(values)

    def _birth_date_column(self, col: _Column, person_rows: set[int]) -> bool:
        if self._rate(col, E_DOB) < SHAPE_SHARE:
            return False  # dates with an age of 0-120 at the scan's reference date
        values = [v for v in col.values if v]
        if not values:
            return False
        with_person = sum(1 for r, v in zip(col.rows, col.values, strict=True) if v and r in person_rows)
        if with_person < 0.8 * len(values):
            return False  # a table of people: names or identifiers in the same records
        if len(set(values)) < 0.5 * len(values):
            return False
        years = [int(m.group(1)) for v in values if (m := _YEAR.search(v))]
        if len(years) < SHAPE_SHARE * len(values):
            return True  # two-digit years or typed cells: the age check above is what can be said
        # birth years of a population spread over decades; deposit, order or visit dates cluster in a few years
        quartiles = statistics.quantiles(years, n=4)
        return quartiles[2] - quartiles[0] >= 8 and max(years) - min(years) >= 20


def _hint_mask(ent: int) -> int:
    if ent in (E_PASSPORT, E_FOREIGN_PASSPORT):
        return (1 << E_PASSPORT) | (1 << E_FOREIGN_PASSPORT)
    return 1 << ent


def _capitalised_name(value: str) -> bool:
    """`Dupont`, `DUPONT`, `Jean-Marie`, `Le Gall`, `de La Fontaine`: each word capitalised (particles aside)."""
    words = _WORD.findall(value)
    if not words or len(words) > 5:
        return False
    caps = 0
    for w in words:
        if w[0].isupper():
            caps += 1
        elif fold(w) not in _PARTICLES:
            return False
    return caps > 0


def _title_first(value: str) -> bool:
    words = _WORD.findall(value)
    return bool(words) and fold(words[0]) in CIVILITIES


def _is_counter(values: list[str]) -> bool:
    """Values that mostly increase from record to record: a row or file number, not an identity document."""
    nums = [int(v) for v in values if v.isdigit() and len(v) < 19]
    if len(nums) < 0.9 * len(values) or len(nums) < 3:
        return False
    ups = sum(1 for a, b in itertools.pairwise(nums) if b > a)
    return ups >= 0.9 * (len(nums) - 1)


def _logins(values: list[str]) -> bool:
    """User names of a credential list: blank-free login tokens, nearly all distinct, some letters, no counter."""
    if not values or sum(1 for v in values if _LOGIN.fullmatch(v)) < SHAPE_SHARE * len(values):
        return False
    lettered = sum(1 for v in values if any(c.isalpha() for c in v))
    return len(set(values)) >= SHAPE_SHARE * len(values) and lettered >= 0.5 * len(values) and not _is_counter(values)


def _secrets(values: list[str], *, strong_share: float) -> bool:
    """Values that are passwords as leaked: see `ColumnProfiler._credential_column`."""
    ok = [v for v in values if password.is_valid(v) and not any(c.isspace() for c in v)]
    if not ok or len(ok) < SHAPE_SHARE * len(values) or len(set(ok)) < 0.8 * len(ok):
        return False
    strong = sum(1 for v in ok if any(c.isalpha() for c in v) and any(_not_a_letter(c) for c in v))
    if strong < strong_share * len(ok):
        return False
    shapes = Counter("".join(_char_class(c) for c in v) for v in ok)
    if shapes.most_common(1)[0][1] > 0.3 * len(ok) or len(shapes) < 0.3 * len(ok):
        return False
    if Counter(len(v) for v in ok).most_common(1)[0][1] <= 0.6 * len(ok):
        return True
    # one length: generated passwords mix cases; a digest, a token or a voucher code has one case
    mixed = sum(1 for v in ok if any(c.islower() for c in v) and any(c.isupper() for c in v))
    return mixed >= 0.5 * len(ok)


def _alike(key: str, value: str) -> bool:
    """Is `value` a user name made from `key` (an e-mail or login): its first 4 characters in the key's
    local part, case aside (`jdupont` beside `j.dupont@exemple.fr`)?"""
    local = key.split("@", 1)[0].lower().replace(".", "")
    head = value.lower().replace(".", "")[:4]
    return len(head) == 4 and head in local


def _not_a_letter(c: str) -> bool:
    """A digit or a symbol, the punctuation of names and initials (`Jean-Luc`, `O'Neil`, `J.`) aside."""
    return c.isdigit() or (not c.isalpha() and c not in _NAME_PUNCTUATION)


def _char_class(c: str) -> str:
    return "A" if c.isupper() else "a" if c.isalpha() else "9" if c.isdigit() else c


def _mixed_documents(values: list[str]) -> bool:
    """Document numbers of several states: shapes and prefixes vary (an internal reference such as
    `EQ2670943` repeats one prefix and one length; a 9-digit customer number has no letter)."""
    upper = [v.upper().replace(" ", "") for v in values]
    lettered = sum(1 for v in upper if any(c.isalpha() for c in v))
    if lettered < 0.3 * len(upper):
        return False
    prefixes = Counter(v[:2] for v in upper)
    shapes = Counter(re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", v)) for v in upper)
    return prefixes.most_common(1)[0][1] <= 0.3 * len(upper) and len(shapes) >= 2


def apply_profile(fields, profiler: ColumnProfiler) -> None:
    """Decide the profiler's columns and apply them to `fields` (see `apply_decisions`)."""
    decisions = profiler.decide(fields.hints, fields.names)
    fields.repeated = {
        fid: np.array(sorted(h), np.uint64) for fid, h in profiler.repeated_names(decisions, fields.hints).items()
    }
    apply_decisions(fields, decisions)


def drop_repeated_names(repeated: dict[int, np.ndarray], entities, fingerprints, field_ids) -> np.ndarray | None:
    """Mask of the findings to keep: not a name repeated in a non-name column (`repeated_names`); None: all."""
    if not repeated or not len(entities):
        return None
    drop = np.zeros(len(entities), bool)
    person = entities == E_PERSON
    for fid, hashes in repeated.items():
        sel = person & (field_ids == fid)
        if sel.any():
            drop[sel] = np.isin(fingerprints[sel], hashes)
    return ~drop if drop.any() else None


def apply_decisions(fields, decisions: dict[int, ColumnDecision]) -> None:
    """Add each value-decided column's hint bits to its field's hint mask (`fields.hints`, as a header's),
    and remember them (`fields.value_masks`) so that header-decided columns are still told apart."""
    fields.decisions = decisions
    for fid, d in decisions.items():
        if d.mask and fid < len(fields.hints):
            fields.hints[fid] |= d.mask
            fields.value_masks[fid] = d.mask
        if d.data_header and fid < len(fields.names):
            fields.names[fid] = "*"


def header_fields(fields) -> list[str]:
    """Names of the fields whose header names an entity (value-decided bits left out)."""
    return [
        n
        for fid, (n, h) in enumerate(zip(fields.names, fields.hints, strict=True))
        if n is not None and h & ~fields.value_masks.get(fid, 0)
    ]


def value_fields(fields) -> list[str]:
    """Names of the fields whose values decided an entity (alone, or agreeing with the header)."""
    return [fields.names[fid] for fid in sorted(fields.decisions) if fields.names[fid] is not None]


def lower_value_scores(field_ids, entities, scores, value_masks: dict[int, int], value_scores) -> None:
    """In place: a finding of a value-decided entity in its column gets the value score (see module doc)."""
    if not value_masks or not len(field_ids):
        return
    masks = np.zeros(max(value_masks) + 1, np.int64)
    for fid, m in value_masks.items():
        masks[fid] = m
    known = (field_ids >= 0) & (field_ids < len(masks))
    fm = masks[np.where(known, field_ids, 0)]
    sel = known & (((fm >> entities.astype(np.int64)) & 1) != 0)
    if sel.any():
        scores[sel] = np.minimum(scores[sel], value_scores[entities[sel]])
