"""The sniffer's shortcuts for small heads decide exactly what the csv reader and the uncached header test did.

`_split_rows` splits a head without quotes, CR or NUL with `str.split` instead of the csv reader, and the
label test of a first row is cached per header line (`_label_shapes`); both exist for folders of one-line
files and must never change a format decision.  Texts are drawn from the characters the decisions look at
(every candidate delimiter, line feeds, blanks, digits, upper and lower case, accented and non-Latin
letters, `@`, `.`), and the full `sniff` is compared with one that uses only the csv reader and no cache.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.formats import sniff as sniff_module
from piiscan.formats.sniff import _csv_rows, _split_rows, sniff

_CHARS = st.sampled_from([*";,\t|^~!#\x01\x1e\x1f\n  abcXYZ019éÉßж@.-/:+_", "nom", "Dupont", "\n\n"])
_TEXT = st.lists(_CHARS, max_size=120).map("".join)


@given(text=_TEXT, delimiter=st.sampled_from(list(";,\t|^~!#\x01\x1e\x1f")), limit=st.sampled_from([1, 2, 20, 60]))
def test_split_rows_is_the_csv_reader_on_quote_free_text(text, delimiter, limit):
    assert _split_rows(text, delimiter, limit) == _csv_rows(text, delimiter, limit)


def _csv_only_sniff(head: bytes, monkeypatch) -> sniff_module.FormatInfo:
    with monkeypatch.context() as m:
        m.setattr(sniff_module, "_split_rows", _csv_rows)
        m.setattr(sniff_module, "_label_shapes", sniff_module._label_shapes.__wrapped__)
        return sniff(head)


_HEADER = st.lists(st.sampled_from(["nom", "prenom", "email", "nir", "Ville", "id", "tel 1", "n°", "a@b"]), min_size=1)
_CELL = st.sampled_from(["Dupont", "jean.dupont@exemple.fr", "185057512345674", "06 12 34 56 78", "", " ", "Léa", "x"])


@st.composite
def _heads(draw) -> bytes:
    delim = draw(st.sampled_from([";", ",", "\t", "|", "^"]))
    header = draw(_HEADER)
    rows = draw(st.lists(st.lists(_CELL, min_size=1, max_size=len(header) + 1), max_size=6))
    lines = [delim.join(header), *(delim.join(r) for r in rows)]
    text = "\n".join(lines) + draw(st.sampled_from(["", "\n"]))
    if draw(st.booleans()):
        text = draw(_TEXT) + text  # a junk prefix: prose, blank lines, other delimiters
    return text.encode("utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=st.one_of(_heads(), _TEXT.map(lambda t: t.encode("utf-8"))))
def test_sniff_decides_as_with_the_csv_reader_alone(head, monkeypatch):
    sniff_module._label_shapes.cache_clear()
    first = sniff(head)
    again = sniff(head)  # from the header cache this time
    assert first == again == _csv_only_sniff(head, monkeypatch)
