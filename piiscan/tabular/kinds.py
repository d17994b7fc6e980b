"""Which table container a file is, from its first bytes (never from its name alone).

>>> table_kind(b"SQLite format 3\\x00" + bytes(84))
'sqlite'
>>> table_kind(b"PAR1\\x15\\x04"), table_kind(b"ARROW1\\x00\\x00")
('parquet', 'arrow')
>>> table_kind(b"nom;email\\n") is None
True
"""

from __future__ import annotations

__all__ = ["TABLE_KINDS", "is_workbook_member_list", "table_kind"]

TABLE_KINDS = ("xlsx", "xlsb", "xls", "ods", "sqlite", "parquet", "arrow", "feather", "bson")
"""The `format` a table container is reported as."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_BSON_TYPES = frozenset([*range(0x01, 0x14), 0x7F, 0xFF])
_BSON_MAX_DOC = 48 << 20  # MongoDB's own document limit is 16 MiB; mongodump never writes more


def table_kind(head: bytes, name: str = "") -> str | None:
    """The table container `head` starts, or None (then it is a byte stream: text, CSV, JSON, SQL...)."""
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"ARROW1"):
        return "arrow"
    if head.startswith(b"FEA1"):
        return "feather"
    if head[:4] == b"\xff\xff\xff\xff" and len(head) >= 8 and 0 < int.from_bytes(head[4:8], "little") < 1 << 20:
        return "arrow"  # an Arrow IPC stream (`.arrows`): a continuation marker, then its schema's length
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        if head[30:38] == b"mimetype" and head[38 : 38 + len(_ODS_MIME)] == _ODS_MIME:
            return "ods"
        if b"xl/workbook.bin" in head:
            return "xlsb"
        if b"xl/workbook.xml" in head or b"xl/worksheets/" in head or b"xl/_rels/" in head:
            return "xlsx"
        return None
    if _looks_bson(head, name):
        return "bson"
    return None


def is_workbook_member_list(names: list[str]) -> bool:
    """Whether a zip's member names make it a workbook (xlsx, xlsm, xlsb, ods) rather than an archive."""
    listed = set(names)
    return (
        "xl/workbook.xml" in listed or "xl/workbook.bin" in listed or ("mimetype" in listed and "content.xml" in listed)
    )


def _looks_bson(head: bytes, name: str) -> bool:
    """A mongodump file: BSON documents back to back, each an int32 length, elements, a 0 byte."""
    at = 0
    docs = 0
    while at + 5 <= len(head) and docs < 2:
        size = int.from_bytes(head[at : at + 4], "little")
        if size < 5 or size > _BSON_MAX_DOC or (size > 5 and head[at + 4] not in _BSON_TYPES):
            return False
        if at + size > len(head):
            return docs > 0 or name.lower().endswith(".bson")
        if head[at + size - 1] != 0:
            return False
        at += size
        docs += 1
    return docs > 0 and (docs == 2 or at == len(head))
