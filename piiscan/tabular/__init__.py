"""Table containers: spreadsheets, SQLite, Parquet/Arrow and MongoDB BSON, read cell by cell.

A table container is not a byte stream: its values sit in sheets, pages or column chunks, typed.  Each
reader here turns one into blocks of cells (`piiscan.tabular.cells.CellBlock`) shaped like a CSV chunk's,
which the scanner's detection kernel reads unchanged; a finding then carries its cell's `location`
(`Feuil1!C12`, `clients[rowid=42].email`, `row 17 of row group 3`) and its offset within the cell's text.

Only the detection by first bytes is imported eagerly; the readers (calamine, sqlite3, pyarrow's
Parquet, pymongo's bson) load when a file of theirs is met.
"""

from __future__ import annotations

from piiscan.tabular.kinds import TABLE_KINDS, table_format, table_kind

__all__ = ["TABLE_KINDS", "table_format", "table_kind"]
