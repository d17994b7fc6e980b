"""Formats of byte-stream dumps: what a dump is (`sniff`), and how its chunks become cells (one module each).

The scanner reads an input as chunks and knows no format: `open_format(info, fields=..., codec=...)` gives
the input's `Format`, whose `cells(data, size, final)` splits a chunk with the format's structure kernel and
names each cell's field, keeping what the next chunk needs (ripgrep's searcher and matcher split the same
way: the reader never knows what it reads).  A format is one module: its numba structure kernel, its
`Format` subclass (cross-chunk state, field naming, scratch buffers), and one line in `_FORMATS` below.

| module | kinds | cells are | carried between chunks |
|---|---|---|---|
| `csv` | csv | a record's delimited values | the header's field ids, the widest row's |
| `json` | json, jsonl | string and number values | the depth, the key paths named so far |
| `sql` | sql | INSERT tuple and COPY row values | INSERT/COPY in progress, CREATE TABLE columns |
| `text` | text | lines | nothing (a chunk never ends on an MRZ line) |

Table containers (spreadsheets, SQLite, Parquet, BSON) are read as cells by `piiscan.tabular`, not here.
"""

from __future__ import annotations

from piiscan.formats.base import Cells, Fields, Format
from piiscan.formats.csv import CsvFormat
from piiscan.formats.json import JsonFormat
from piiscan.formats.sniff import FormatInfo
from piiscan.formats.sql import SqlFormat
from piiscan.formats.text import TextFormat

__all__ = ["STREAM_FORMATS", "Cells", "Fields", "Format", "FormatInfo", "format_class", "open_format"]

_FORMATS: dict[str, type[Format]] = {
    kind: cls for cls in (CsvFormat, JsonFormat, SqlFormat, TextFormat) for kind in cls.kinds
}

STREAM_FORMATS = frozenset(_FORMATS)
"""The `FormatInfo.kind`s read as one byte stream (their bytes read must add up to the file's size)."""


def format_class(info: FormatInfo) -> type[Format]:
    """The `Format` subclass that reads inputs the sniffer described as `info` (its class facts, such as
    `splittable`, are known before any input is opened)."""
    return _FORMATS[info.kind]


def open_format(info: FormatInfo, *, fields: Fields, codec: str) -> Format:
    """The `Format` reading an input the sniffer described as `info`: its fields are named into `fields`,
    their names decoded with `codec` (the codec of the bytes the kernels see)."""
    return _FORMATS[info.kind](info, fields=fields, codec=codec)
