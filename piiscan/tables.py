"""Compile a recognizer pack into the arrays the kernels take.

Why a separate step: the pack is data a human edits (YAML, word lists); kernels want flat arrays.  The
compiled tables are built once per pack and shared by every chunk and worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from piiscan.entities.contract import E_DOB, ENTITY_ORDER, HINT_RECORD_DATE, HINT_SEX
from piiscan.kernels.chars import CP_FOLD1, CP_FOLD2
from piiscan.kernels.hashset import CTX_LAST_WORD_BITS, StringTable, build_table, fnv1a_py
from piiscan.kernels.words import (
    ISO_SHIFT,
    MONTH_SHIFT,
    WORD_ALPHA3,
    WORD_CIVILITY,
    WORD_COUNTRY,
    WORD_DOC_ID_CARD,
    WORD_DOC_PASSPORT,
    WORD_FIRST_NAME,
    WORD_MONTH,
    WORD_NATIONALITY,
    WORD_STOP,
    WORD_STREET,
    WORD_TLD,
)
from piiscan.pack import Pack, load_pack
from piiscan.text import fold

__all__ = ["CIVILITIES", "HINT_RECORD_DATE", "HINT_SEX", "KernelTables", "compile_pack", "lexicon_key"]

CIVILITIES = ("m", "mr", "mme", "mlle", "monsieur", "madame", "mademoiselle", "mrs", "ms", "miss")
"""Titles that introduce a person's name in French and English text (`M. Yacine GUENDOUZ`)."""

DOC_PASSPORT_WORDS = ("passeport", "passport", "passeports", "passport number")
DOC_ID_CARD_WORDS = (
    "cni",
    "cnie",
    "carte d identite",
    "carte nationale d identite",
    "carte identite",
    "id card",
    "identity card",
    "national id",
    "national identity card",
    "idcard",
    "id",
    "carte d identite electronique",
)
"""Values of a document-type field (`"type": "passeport"`) that say which identity document a record holds."""

COMMON_WORDS = (
    WORD_NATIONALITY
    | WORD_COUNTRY
    | WORD_MONTH
    | WORD_TLD
    | WORD_CIVILITY
    | WORD_ALPHA3
    | WORD_STREET
    | WORD_DOC_PASSPORT
    | WORD_DOC_ID_CARD
)
"""Lexicon classes small enough for the kernels' fast filter (everything but first names and stop words)."""

_WORD = re.compile(r"[a-z0-9]+")


def lexicon_key(text: str) -> str:
    """The folded form the kernels look words up by: `[a-z0-9]` words joined by one space.

    >>> lexicon_key("Côte d'Ivoire")
    'cote d ivoire'
    >>> lexicon_key("SRI-LANKAIS")
    'sri lankais'
    """
    return " ".join(_WORD.findall(fold(text)))


def _tlds() -> list[str]:
    from importlib.resources import files

    text = files("piiscan.validators").joinpath("tlds.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class KernelTables:
    """Everything the detection kernel needs from the pack, as arrays."""

    pack: Pack
    lexicon: StringTable
    alpha3: tuple[str, ...]
    kw_blob: np.ndarray
    kw_meta: np.ndarray  # int64: [n_phrases, offsets (n + 1)..., entity ids (n)..., [first, end) per entity,
    #                       last-word filter per entity (CTX_LAST_WORD_BITS // 64 words each)]
    ctx_window: np.ndarray
    scores: np.ndarray
    iban_len: np.ndarray
    fold: np.ndarray = field(default_factory=lambda: np.concatenate([CP_FOLD1, CP_FOLD2]))

    def field_hints(self, name: str | None) -> int:
        """Hint mask of a field (entity bits, plus HINT_RECORD_DATE)."""
        if not name:
            return 0
        mask = self.pack.field_hints(name)
        if self.pack.is_record_date_field(name):
            mask = (mask & ~(1 << E_DOB)) | (1 << HINT_RECORD_DATE)
        if self.pack.is_sex_field(name):
            mask |= 1 << HINT_SEX
        return mask


def compile_pack(pack: Pack) -> KernelTables:
    d = pack.dictionaries
    alpha3 = tuple(sorted(d.alpha3))
    iso_index = {code: i for i, code in enumerate(alpha3)}
    values: dict[str, int] = {}

    def add(key: str, flag: int, extra: int = 0) -> None:
        if key:
            values[key] = values.get(key, 0) | flag | extra

    for form, code in d.nationalities.items():
        add(lexicon_key(form), WORD_NATIONALITY, iso_index.get(code.upper(), 0) << ISO_SHIFT)
    for form, code in d.countries.items():
        key = lexicon_key(form)
        if values.get(key, 0) >> ISO_SHIFT == 0:
            add(key, WORD_COUNTRY, iso_index.get(code.upper(), 0) << ISO_SHIFT)
        else:
            add(key, WORD_COUNTRY)
    for code in alpha3:
        add("#" + code.lower(), WORD_ALPHA3, iso_index[code] << ISO_SHIFT)
    for form, month in d.months.items():
        add(lexicon_key(form), WORD_MONTH, month << MONTH_SHIFT)
    for name in d.first_names:
        add(lexicon_key(name), WORD_FIRST_NAME)
    for word in d.person_stopwords:
        add(lexicon_key(word), WORD_STOP)
    for tld in _tlds():
        if tld.isascii():
            add(tld.lower(), WORD_TLD)
    for word in CIVILITIES:
        add(word, WORD_CIVILITY)
    for word in (*pack.entity("PERSON").negative_context_folded, *d.place_words):
        add(lexicon_key(word), WORD_STREET)  # words after which capitalised words are not a person
    for word in DOC_PASSPORT_WORDS:
        add(word, WORD_DOC_PASSPORT)
    for word in DOC_ID_CARD_WORDS:
        add(word, WORD_DOC_ID_CARD)
    lexicon = build_table(values, common=COMMON_WORDS, lower=WORD_NATIONALITY)

    phrases: list[tuple[int, bytes]] = []
    windows = np.zeros(len(ENTITY_ORDER), np.int64)
    scores = np.zeros(len(ENTITY_ORDER) * 3, np.float32)
    for spec in pack.entities:
        eid = ENTITY_ORDER.index(spec.entity)
        windows[eid] = int(spec.context_window)
        scores[eid * 3 + 0] = spec.score.base
        scores[eid * 3 + 1] = spec.score.context
        scores[eid * 3 + 2] = spec.score.header
        seen: set[bytes] = set()
        for word in spec.context_folded:
            key = lexicon_key(word).encode()
            if key and key not in seen:
                seen.add(key)
                phrases.append((eid, key))
    kw_blob = np.frombuffer(b"".join(p for _, p in phrases), np.uint8).copy()
    kw_off = np.zeros(len(phrases) + 1, np.int64)
    kw_off[1:] = np.cumsum([len(p) for _, p in phrases])
    kw_ent = np.array([e for e, _ in phrases], np.int64)
    # each entity's phrases are contiguous (added entity by entity): its [first, end) range lets
    # `_has_context` look at its own phrases only, not at every entity's
    kw_range = np.zeros(2 * len(ENTITY_ORDER), np.int64)
    for eid in range(len(ENTITY_ORDER)):
        idx = np.flatnonzero(kw_ent == eid)
        if len(idx):
            assert idx[-1] - idx[0] + 1 == len(idx), "context phrases of one entity must be contiguous"
            kw_range[2 * eid], kw_range[2 * eid + 1] = idx[0], idx[-1] + 1
    # per entity, a 1024-bit filter of the last word of its phrases: a phrase that must end right before
    # the value (`window` 0) can only be there if the word before the value is one of those
    last_words = np.zeros((len(ENTITY_ORDER), CTX_LAST_WORD_BITS // 64), np.uint64)
    for eid, key in phrases:
        bit = fnv1a_py(key.rsplit(b" ", 1)[-1]) & (CTX_LAST_WORD_BITS - 1)
        last_words[eid, bit >> 6] |= np.uint64(1) << np.uint64(bit & 63)
    kw_meta = np.concatenate(
        [np.array([len(phrases)], np.int64), kw_off, kw_ent, kw_range, last_words.reshape(-1).view(np.int64)]
    )

    from piiscan.validators.iban import LENGTHS

    iban_len = np.zeros(26 * 26, np.int64)
    for cc, n in LENGTHS.items():
        iban_len[(ord(cc[0]) - 65) * 26 + (ord(cc[1]) - 65)] = n
    return KernelTables(pack, lexicon, alpha3, kw_blob, kw_meta, windows, scores, iban_len)


@lru_cache(maxsize=4)
def default_tables() -> KernelTables:
    """Tables of the pack shipped with piiscan (built once per process)."""
    return compile_pack(load_pack())
