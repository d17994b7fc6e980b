"""Findings as column arrays (DESIGN.md §3), never one Python object per match on the hot path.

A `FindingsBatch` holds the findings of one chunk of one input, in input order, as numpy arrays; values are
referenced by offset into the chunk so previews and raw values are only materialised when an output asks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from piiscan.entities.contract import CATEGORIES, ENTITY_ORDER
from piiscan.output.redact import redact

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["SCHEMA", "FindingsBatch"]

SCHEMA: pa.Schema  # annotation only: the value comes from __getattr__ below


def __getattr__(name: str) -> Any:
    # `SCHEMA`, the finding record of DESIGN.md §3 as an Arrow schema, is built on first use: a scan that
    # writes no Arrow output does not import pyarrow (~25 ms of single-threaded start-up)
    if name == "SCHEMA":
        return _schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("entity", pa.string()),
            ("category", pa.string()),
            ("source", pa.string()),
            ("offset", pa.int64()),
            ("length", pa.int64()),
            ("location", pa.string()),
            ("record", pa.int64()),
            ("field", pa.string()),
            ("score", pa.float64()),
            ("preview", pa.string()),
            ("fingerprint", pa.string()),
        ]
    )


_ENTITY_NAMES = np.array(ENTITY_ORDER, dtype=object)
_CATEGORY_NAMES = np.array([CATEGORIES[e] for e in ENTITY_ORDER], dtype=object)


@dataclass(slots=True)
class FindingsBatch:
    """Findings of one chunk (or of a batch of small inputs): positions are chunk-relative in `start`;
    `offset` is in the input."""

    source: str
    entity: np.ndarray  # uint8
    start: np.ndarray  # int64 position in chunk data
    length: np.ndarray  # int64 bytes in chunk data (UTF-8 for UTF-16 input)
    offset: np.ndarray  # int64 in the input's own encoding
    src_length: np.ndarray  # int64 in the input's own encoding
    record: np.ndarray  # int64, index in the input
    field: np.ndarray  # int32 field id, -1 for free text
    score: np.ndarray  # float32
    hash: np.ndarray  # uint64 keyed fingerprint
    flag: np.ndarray  # uint8
    field_names: list[str | None]
    data: np.ndarray  # the chunk bytes the positions refer to
    codec: str  # codec to decode `data` (utf-8 for UTF-16 input)
    location: np.ndarray | None = None  # object array: the cell of each finding in a table container, else None
    # findings of several inputs (a batch of small files, `piiscan.batching`): finding i is in
    # `sources[source_index[i]]` (`source` is the first); None: every finding is in `source`
    sources: list[str] | None = None
    source_index: np.ndarray | None = None  # int32

    def __len__(self) -> int:
        return len(self.entity)

    def source_at(self, i: int) -> str:
        """The input finding i is in."""
        return self.source if self.sources is None else self.sources[int(self.source_index[i])]  # type: ignore[index]

    def source_column(self) -> np.ndarray:
        """The input of each finding (object array)."""
        if self.sources is None:
            return np.full(len(self), self.source, dtype=object)
        return np.array(self.sources, dtype=object)[self.source_index]

    def value(self, i: int) -> str:
        """The raw value of finding i (only for redaction and for explicit unsafe output)."""
        s = int(self.start[i])
        raw = self.data[s : s + int(self.length[i])].tobytes()
        return raw.decode(self.codec, errors="replace")

    def entity_name(self, i: int) -> str:
        return ENTITY_ORDER[int(self.entity[i])]

    def previews_at(self, i: int) -> str:
        return redact(ENTITY_ORDER[int(self.entity[i])], self.value(i))

    def previews(self) -> list[str]:
        return [redact(ENTITY_ORDER[int(self.entity[i])], self.value(i)) for i in range(len(self))]

    def to_arrow(self, *, unsafe_values: bool = False) -> pa.RecordBatch:
        """The batch as DESIGN.md §3 records (plus `value` only when explicitly asked)."""
        import pyarrow as pa

        n = len(self)
        names = np.array([*self.field_names, None], dtype=object)
        fields = names[np.where(self.field >= 0, self.field, len(self.field_names))]
        arrays = [
            pa.array(_ENTITY_NAMES[self.entity], pa.string()),
            pa.array(_CATEGORY_NAMES[self.entity], pa.string()),
            pa.array([self.source] * n if self.sources is None else self.source_column(), pa.string()),
            pa.array(self.offset, pa.int64()),
            pa.array(self.src_length, pa.int64()),
            pa.array(self.location, pa.string()) if self.location is not None else pa.nulls(n, pa.string()),
            pa.array(self.record, pa.int64()),
            pa.array(fields, pa.string()),
            pa.array(np.round(self.score.astype(np.float64), 4), pa.float64()),
            pa.array(self.previews(), pa.string()),
            pa.array([f"{int(h):016x}" for h in self.hash], pa.string()),
        ]
        schema = _schema()
        if unsafe_values:
            arrays.append(pa.array([self.value(i) for i in range(n)], pa.string()))
            schema = schema.append(pa.field("value", pa.string()))
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
