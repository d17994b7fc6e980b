"""synth: seeded synthetic French personal data, written with the exact truth of every planted value.

Everything here is synthetic: names come from Faker's ``fr_FR`` tables and from small lists of our own,
identifiers are drawn at random with **valid** check digits where the real ones have them (NIR key,
IBAN ISO 7064 mod 97-10 and RIB key, ICAO 9303 7-3-1 MRZ check digits). The check-digit code
(:mod:`synth.checks`) is independent of ``piiscan.validators`` on purpose: the generators must not share a
bug with the engine they test, and nothing here imports ``piiscan``.

The tests (``tests/``), the fixtures (``fixtures/generate.py``) and the benchmarks (``benchmarks/``) all import
this package; it is not part of the installed ``piiscan`` distribution.  Modules: :mod:`~synth.tables`
(reference tables, read from ``synth/data/``), :mod:`~synth.checks`, :mod:`~synth.formatting`,
:mod:`~synth.people`, :mod:`~synth.frag` (text with spans), :mod:`~synth.mrz`, :mod:`~synth.writers`
(CSV/JSON/SQL), :mod:`~synth.containers` (compression, zip), :mod:`~synth.documents` (one module per fixture
kind), :mod:`~synth.dump` (the fast dump writer), :mod:`~synth.shapes` (the benchmark's other dump shapes),
:mod:`~synth.planted` (planted people for recovery tests).

Two layers:

* the **fixture layer** (:class:`PersonFactory`, :class:`Frag`, the ``*_document`` builders) is plain
  Python, one :class:`Person` at a time; every builder returns a :class:`Document` whose
  :meth:`Document.render` gives the file's bytes and the byte spans of every planted value;
* the **dump layer** (:func:`write_ofii_dump`) writes a dense OFII-like CSV at hundreds of MB/s: names
  and places are pre-encoded pools indexed with numpy random integers, identifiers are built as numpy
  digit matrices (check digits computed vectorised), rows are joined a block at a time.

Truth conventions (what a span covers; see also ``synth/README.md``):

* offsets and lengths are in bytes of the file **as written, in its own encoding** (cp1252 counts one byte
  per character, UTF-16 counts code units × 2 with the BOM included), and for compressed files refer to
  the decompressed bytes; an archive member is named ``archive.zip!member``;
* a span covers the value's bytes as they appear in the file, escapes included (JSON ``\\u00e9`` or
  ``\\/``, SQL ``\\'``), never the surrounding quotes;
* ``PERSON``: one span per name cell (surname and given names are separate cells); in free text one span
  per written name (``Karim BENALI``); in an MRZ one span for the surname and one for the given names
  (``JEAN<PIERRE``);
* ``DATE_OF_BIRTH``: only birth dates (deposit, appointment, expiry, creation dates are not); the 6-digit
  birth date inside an MRZ is one;
* ``NATIONALITY``: only the nationality of a person (not a birth country, destination or issuing state);
  the nationality field of a passport / CNIe MRZ is one;
* ``MRZ``: one span per MRZ line (as in the dev corpus's labelling conventions); formerly the whole zone (line
  breaks included); the document number, birth date, nationality and names inside are reported too;
* ``FR_PASSPORT`` only for French passport numbers (``\\d{2}[A-Z]{2}\\d{5}``); ``FOREIGN_PASSPORT`` for
  another state's passport number in a passport column or key, or in a passport MRZ issued by that state
  (in free text, where only the French shape is reported after a passport word, it has no truth span);
  ``FR_ID_CARD`` for the old 12-character CNI and the 9-character CNIe; ``FR_RESIDENCE_PERMIT`` for the
  10-digit AGDREF number; ``IBAN_CODE`` for IBANs (French, a few German/Belgian/Spanish ones), compact or
  grouped by 4.
"""

from synth.containers import compress, zip_bytes
from synth.documents import (
    OFII_HEADER,
    abonnes_document,
    excel_unicode_document,
    mysql_dump_document,
    notes_document,
    ofii_document,
    visas_json_document,
    visas_jsonl_document,
)
from synth.dump import DUMP_PROFILES, DUMP_VERSION, ROWS_PER_GB, DumpStats, write_ofii_dump
from synth.entities import ENTITIES
from synth.formatting import format_date, format_date_fr, format_iban, format_nir, format_phone, nationality_label
from synth.frag import Document, Frag, Span, fill, iter_truth, render, truth_records, write_truth
from synth.mrz import mrz_cni_frag, mrz_td1_frag, mrz_td3_frag
from synth.people import Person, PersonFactory
from synth.tables import COUNTRIES, Country
from synth.writers import Bare, json_frag

__all__ = [
    "COUNTRIES",
    "DUMP_PROFILES",
    "DUMP_VERSION",
    "ENTITIES",
    "OFII_HEADER",
    "ROWS_PER_GB",
    "Bare",
    "Country",
    "Document",
    "DumpStats",
    "Frag",
    "Person",
    "PersonFactory",
    "Span",
    "abonnes_document",
    "compress",
    "excel_unicode_document",
    "fill",
    "format_date",
    "format_date_fr",
    "format_iban",
    "format_nir",
    "format_phone",
    "iter_truth",
    "json_frag",
    "mrz_cni_frag",
    "mrz_td1_frag",
    "mrz_td3_frag",
    "mysql_dump_document",
    "nationality_label",
    "notes_document",
    "ofii_document",
    "render",
    "truth_records",
    "visas_json_document",
    "visas_jsonl_document",
    "write_ofii_dump",
    "write_truth",
    "zip_bytes",
]
