"""`formats.sniff_key`: a file and its key get the same sniff, so one sniff serves every file of a key.

The scanner's whole sniff (`Scanner._sniff`: encoding, binary test, format, delimiter, quote, header) of
each generated file is compared with that of its key, on delimited files built of every character class
the proof in the module docstring reasons about (delimiters with and without a length test, quotes, CR
and CRLF, blank lines and cells, accents, code-page bytes, control bytes, JSON, SQL and `_binary`
starts), and on free text over the same alphabet.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.formats.sniff_key import collapsed_key, sniff_key
from piiscan.output.aggregate import InputStats
from piiscan.scanner import Scanner, ScanOptions, _SniffProbe
from piiscan.source.inputs import Input
from piiscan.source.magic import UNIDENTIFIED

_PROBE = _SniffProbe(ScanOptions())


def _facts(data: bytes):
    inp = Input(name="p.csv", compression=None, size=len(data), open=lambda: io.BytesIO(data), kind=UNIDENTIFIED)
    facts = Scanner._sniff(_PROBE, inp, io.BytesIO(data), InputStats(source=inp.name))  # type: ignore[arg-type]
    return facts[:2] if isinstance(facts, tuple) else facts


_LABELS = ["nom", "prenom", "Prénom", "email", "nir", "id", "Date de naissance", "N°", "tel 2", "code", "x1"]
_WORDS = [
    "Martin", "Jean-Loïc", "DUBOIS", "marie.dubois@exemple.fr", "1850575123456 74", "185057512345674",
    "06 12 34 56 78", "+33 6 12 34 56 78", "12/03/1985", "1,5", "a", "Z", "9", "", " ", "  x  ", "né",
    "Ærø", "ǅ", "²", "٣", '"Dupont; Paul"', '"jamais fermé', "sans objet", "{", "[", "INSERT", "TABLE",
    "#1", "a|b", "x^y", "~", "!", "_binary", "%", "nom", "prenom", "email", "Aa", "aA9",
]  # fmt: skip
_DELIMS = [";", ",", ";", ",", "\t", "|", ";", ",", "^", "~", "!", "#", ":", " "]  # (repeats: drawn more often)
_STARTS = [*[""] * 10, "\n", " ", "{", "[", "INSERT INTO t VALUES (1);\n", "-- dump\n", "SET\n", "DROP\n", "#"]
_ALPHABET = 'aZé9 ;,\t|^~!#"\n\r{}[]:_-.@\x01\x00\x1f\u00a0Éz0'


@st.composite
def _delimited(draw) -> bytes:
    delim = draw(st.sampled_from(_DELIMS))
    width = draw(st.integers(2, 5))
    header = [draw(st.sampled_from(_LABELS)) for _ in range(width)]
    words = st.sampled_from(draw(st.sampled_from([_WORDS, _WORDS, _LABELS])))  # labels: rows shaped as the header
    rows = draw(st.lists(st.lists(words, min_size=width, max_size=width), min_size=1, max_size=7))
    if draw(st.booleans()):  # a row narrower or wider than the others
        rows[-1] = rows[-1][: draw(st.integers(0, width))] + draw(st.lists(st.sampled_from(_WORDS), max_size=2))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    lines = [delim.join(header)] + [delim.join(r) for r in rows]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(1, len(lines))), draw(st.sampled_from(["", " ", '"', "a" * 50])))
    text = draw(st.sampled_from(_STARTS)) + newline.join(lines) + draw(st.sampled_from(["", newline]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8", "cp1252", "utf-8-sig"]))
    return text.encode(encoding, "replace")


_files = st.one_of(_delimited(), st.text(_ALPHABET, max_size=200).map(lambda t: t.encode("utf-8")))


@settings(max_examples=400, deadline=None)
@given(data=_files)
def test_a_file_and_its_key_sniff_alike(data):
    key = sniff_key(data)
    if key is not None:
        facts = _facts(data)
        assert _facts(key) == facts
        short = collapsed_key(key)
        if short is not None:
            assert _facts(short) == facts


def test_files_of_one_shape_share_a_key():
    """The key is not the file: files that differ only in their values' letters and digits share a key, and
    those that differ in run lengths too share the collapsed one (the lookup is worth having)."""
    a = b"nom;prenom;nir\nMartin;Jean;185057512345674\n"
    b = "nom;prenom;nir\nLefebvre;Zoé;298123456789012\n".encode()
    key_a, key_b = sniff_key(a), sniff_key(b)
    assert key_a is not None and key_b is not None and key_a != key_b
    assert collapsed_key(key_a) == collapsed_key(key_b) == b"nom;prenom;nir\nAa;Aa;9\n"
    assert _facts(a) == _facts(b)
    c = b"nom,prenom,nir\nMartin,Jean,185057512345674\n"
    d = b"nom,prenom,nir\nDurand,Paul,298123456789012\n"
    e = b"nom,prenom,nir\nLefebvre,Jean,185057512345674\n"
    assert sniff_key(c) == sniff_key(d) != sniff_key(e)
    assert collapsed_key(sniff_key(c)) is None  # commas: the delimiter test reads cell lengths


def test_what_needs_its_own_sniff_gets_no_key():
    for data in (
        b"\xef\xbb\xbfnom;prenom\nMartin;Jean\n",  # a BOM
        "nom;prénom\nMartin;Jean\n".encode("cp1252"),  # not UTF-8
        b"nom;prenom\nMartin;\x01Jean\n",  # a control byte
        b'"nom";"prenom"\nMartin;Jean\n',  # a quoted header
        b"\nnom;prenom\nMartin;Jean\n",  # a blank first line
        b"INSERT INTO t\nVALUES (1);\n",  # an SQL start
        b"nom;photo\nMartin;_binary 'x'\n",
    ):
        assert sniff_key(data) is None, data
