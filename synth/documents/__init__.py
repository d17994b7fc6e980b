"""One module per kind of document the fixtures hold; each builder returns a :class:`~synth.frag.Document`
whose ``render()`` gives the file's bytes and the byte spans of every planted value."""

from synth.documents.abonnes import abonnes_document
from synth.documents.excel_unicode import excel_unicode_document
from synth.documents.mysql import mysql_dump_document
from synth.documents.notes import notes_document
from synth.documents.ofii import OFII_HEADER, ofii_document
from synth.documents.visas import visas_json_document, visas_jsonl_document

__all__ = [
    "OFII_HEADER",
    "abonnes_document",
    "excel_unicode_document",
    "mysql_dump_document",
    "notes_document",
    "ofii_document",
    "visas_json_document",
    "visas_jsonl_document",
]
