"""Which table container a file is, as the format its reader reports: from `piiscan.source.magic`, the one
detection of file kinds (first bytes, never the name; a workbook stored as a zip told from its member
list by the directory walk, which hands the kind on with the input).

>>> table_kind(b"SQLite format 3\\x00" + bytes(84))
'sqlite'
>>> table_kind(b"PAR1\\x15\\x04"), table_kind(b"ARROW1\\x00\\x00")
('parquet', 'arrow')
>>> table_kind(b"nom;email\\n") is None
True
"""

from __future__ import annotations

from piiscan.source.magic import FileKind, identify

__all__ = ["TABLE_KINDS", "table_format", "table_kind"]

TABLE_KINDS = ("xlsx", "xlsb", "xls", "ods", "sqlite", "parquet", "arrow", "feather", "bson")
"""The `format` a table container is reported as."""

_REPORTED_AS = {"arrow-stream": "arrow"}
"""Kinds read by the same reader and reported as one format (an Arrow IPC file or stream)."""


def table_format(kind: FileKind | None) -> str | None:
    """The format a table reader reads `kind` as (one of `TABLE_KINDS`), None if it is no table container."""
    if kind is None or kind.route != "table":
        return None
    return _REPORTED_AS.get(kind.kind, kind.kind)


def table_kind(head: bytes) -> str | None:
    """The table container `head` starts, or None (then it is a byte stream: text, CSV, JSON, SQL...)."""
    return table_format(identify(head))
