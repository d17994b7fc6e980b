"""The argument bundles of the detection kernels: the groups of arguments that travel together.

Why bundles: the detection kernel and its helpers pass the same groups of arrays and flags from call to
call (`buf, enc, byte_cp, json` to almost every helper, the lexicon tables, the output arrays and the
fingerprint key), so signatures of 20 arguments and more repeated each other and a new table meant editing
every one of them.  Each group is one named tuple.

Why the speed does not change: numba passes a tuple argument flattened, member by member, exactly as it
passed the separate arguments (an array is still seven machine words), and reading a field is an LLVM
`extractvalue` that the optimiser folds away.  So a bundle costs nothing at a call where it holds exactly
the arguments the callee took before; a bundle carrying a field a non-inlined callee does not use would
cost that field's words at every call, which is why `Lexicon` leaves the context window out and why
`_emit` (one call per finding) keeps its own short signature.  Helpers unpack the fields they use into
locals on entry, so their bodies are the code they were.

Where they are used, and where not (measured): the helpers take bundles (`_has_context`, `_lex`,
`_fold_norm`, `_read_word`, `_word_key`, the address and secret matchers, ...); the detection kernel and
the scans it inlines (`_scan_text`, `_scan_number`, `_scan_word`, `_classify_cell`) keep their flat
arguments and build the bundles once from them, on entry.  Built that way, the bundles pass the same
words as before, and the free-text column measured unchanged.  Passed instead from `detect_cells` down
through the kernel and the scans, the same bundles made the kernel's own code about 2.5 % slower on free
text (perf samples, OFII `Observations`), and the kernel's signature alone about 1 %: the semantics were
identical, the machine code of the one large function the inlining makes was not.

These are `typing.NamedTuple` classes: numba types them as heterogeneous named tuples (one compiled
signature per combination of member types, as before) and builds them in compiled code.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Lexicon", "Sink", "Text"]


class Text(NamedTuple):
    """The bytes being scanned and how to read characters from them (`chars.read_cp`)."""

    buf: np.ndarray
    """uint8: the chunk's bytes; cells and findings are `[start, end)` offsets into it."""
    enc: int
    """0: UTF-8; 1: a single-byte code page, whose code points `byte_cp` gives."""
    byte_cp: np.ndarray
    """int32 (256): the code point of each byte in a single-byte code page (`chars.byte_cp_table`)."""
    json: bool
    """The cells are the bodies of JSON strings: `\\uXXXX` is one character and `\\n`, `\\"` are separators."""


class Lexicon(NamedTuple):
    """A table of folded words or phrases, with what it takes to fold text into its keys (`_fold_norm`).

    Two tables take this shape: the pack's word lexicon (`lex`: nationalities, countries, months, first
    names, TLDs..., a `hashset.StringTable`) and the entities' context phrases (`kw`: `tables.KernelTables`
    `kw_blob`/`kw_meta`); both fold with the same `fold` table into the same `scratch`.
    """

    fold: np.ndarray
    """uint8 (2 × `chars.N_TABLE`): the one or two ASCII letters each code point folds to (`é` → `e`, `œ` → `oe`)."""
    scratch: np.ndarray
    """uint8 (256): where a word or phrase is folded before it is looked up (kernels never allocate)."""
    blob: np.ndarray
    """uint8: the table's keys, concatenated."""
    meta: np.ndarray
    """int64: the table's index (offsets, values, hash slots; laid out by `hashset` or `tables`)."""


class Sink(NamedTuple):
    """Where findings go, and what each one needs besides its span: its score and its fingerprint."""

    out: np.ndarray
    """int64 (capacity, `detect.OUT_COLUMNS`): one row per finding; the count is the `n_found` the helpers
    take and return (a tuple is immutable, so the count cannot live here)."""
    norm: np.ndarray
    """uint8 (128): a finding's normalised value is written here and hashed into its fingerprint."""
    scores: np.ndarray
    """float32 (3 per entity): base, with context, under a header that names the entity (`tables`)."""
    k0: np.uint64
    """The fingerprint key's first half (SipHash-2-4, `checks.siphash24`)."""
    k1: np.uint64
    """The fingerprint key's second half."""
