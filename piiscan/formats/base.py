"""What a format module gives the scanner: one input's structure, chunk after chunk (see `piiscan.formats`).

A `Format` is made per input.  It owns what its structure kernel carries from one chunk to the next (a
CSV header's field ids, a JSON document's depth and key paths, the SQL statement in progress) and the
scratch buffers its kernel fills and Python reads within the call; the cell arrays it returns are new for
every chunk, because they travel with the chunk to a worker thread.  The scanner reads chunks, hands them
to `cells`, and never asks which format it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from piiscan.formats.sniff import FormatInfo
    from piiscan.tables import KernelTables

__all__ = ["CellArrays", "Cells", "Fields", "Format", "cell_capacity", "new_cells"]

CellArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""A chunk's cells as four int32 arrays: start, end (byte positions in the chunk), field id, record."""


@dataclass
class Fields:
    """Field names and hint masks of one input, growing as columns, JSON paths or SQL columns appear.

    Shared by the input's `Format` (which names fields as it meets them), the column profiles (which add
    what the values decided, `piiscan.profiles`) and the finish step (which names each finding's field).
    """

    tables: KernelTables
    names: list[str | None] = field(default_factory=list)
    hints: list[int] = field(default_factory=list)
    ids: dict = field(default_factory=dict)
    value_masks: dict[int, int] = field(default_factory=dict)  # hint bits the values decided (piiscan.profiles)
    decisions: dict = field(default_factory=dict)  # field id -> profiles.ColumnDecision
    repeated: dict = field(default_factory=dict)  # field id -> fingerprints of names used as labels there

    def id_for(self, key, name: str | None, header: str | None = None) -> int:
        """The id of field `key`, named `name` in findings and the report; its hints come from `header`
        when the shown name says more than the header (a table container's `Feuil1!Date de naissance`)."""
        fid = self.ids.get(key)
        if fid is None:
            fid = len(self.names)
            self.ids[key] = fid
            self.names.append(name)
            self.hints.append(self.tables.field_hints(name if header is None else header))
        return fid

    def hint_array(self) -> np.ndarray:
        return np.array(self.hints or [0], np.int64)


class Cells(NamedTuple):
    """One chunk split into cells: what `Format.cells` returns."""

    n_cells: int
    n_records: int
    consumed: int
    """Bytes of complete records (the rest is carried over to the next chunk); 0: no complete record yet."""
    arrays: CellArrays
    bad: int
    """Records the kernel found malformed (kept as far as they could be read, and counted)."""
    blobs: int = 0
    """Binary values skipped as fields, not scanned (counted: what was not read is said)."""


def cell_capacity(size: int) -> int:
    """Cells a chunk of `size` bytes gets room for; a kernel that fills them stops at its last complete
    record and the chunk's rest is carried over (a cell takes at least a byte and its delimiter)."""
    return max(1024, size // 6)


def new_cells(cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fresh start, end and record arrays for one chunk's cells (they leave with the chunk)."""
    return np.empty(cap, np.int32), np.empty(cap, np.int32), np.empty(cap, np.int32)


class Format:
    """One input's structure: its chunks split into cells, their fields named, state kept between chunks.

    Subclasses set `kind` and implement `_split`; `cells` applies what every format shares first.
    """

    kinds: ClassVar[tuple[str, ...]] = ()
    """The `FormatInfo.kind`s this class reads (`piiscan.formats.open_format` dispatches on them)."""
    json_escapes: ClassVar[bool] = False
    """Values are JSON strings: the detection kernel reads their `\\u` escapes."""
    columns: ClassVar[bool] = False
    """Cells are the columns of records: their values decide column profiles (`piiscan.profiles`)."""
    splittable: ClassVar[bool] = False
    """A plain file of this format can be cut into byte ranges on record boundaries (`piiscan.parts`):
    a record's start is told by `record_starts` and `may_end_before`."""

    def __init__(self, info: FormatInfo, *, fields: Fields, codec: str) -> None:
        self.info = info
        self.fields = fields
        self.codec = codec  # how field names (a header, JSON keys, SQL columns) are decoded
        self.header_pending = False
        """The input's first record names its fields and is still to come (a CSV header)."""

    @property
    def delimiter(self) -> str | None:
        """The delimiter the report shows for this input (delimited text only)."""
        return None

    def cells(self, data: np.ndarray, size: int, final: bool) -> Cells:
        """Split the chunk `data[:size]` (`final`: the input ends with it) into cells with their fields.

        A result whose `consumed` is 0 while not `final` holds no complete record: the caller reads more and
        calls again; any other result is used, and the format's state has moved past it.
        """
        if self.info.cr_only:
            _cr_to_lf(data, size)
        return self._split(data, size, final)

    def _split(self, data: np.ndarray, size: int, final: bool) -> Cells:
        raise NotImplementedError

    def record_starts(self, data: np.ndarray, first_starts: np.ndarray) -> np.ndarray:
        """Where records begin in the chunk, from where each one's first cell begins (int64 positions)."""
        return first_starts

    def may_end_before(self, data: np.ndarray, cell_arrays: CellArrays, cell: int) -> bool:
        """Whether a byte range may end where the record whose first cell is `cell` begins."""
        return True


def _cr_to_lf(data: np.ndarray, size: int) -> None:
    """A classic Mac OS input (records end with a bare CR): its CRs become line feeds, in place.

    One byte for one byte, so positions are the input's own; a part carried over to the next chunk is
    already converted, and converting again changes nothing.
    """
    view = data[:size]
    view[view == 13] = 10


class Scratch:
    """Arrays a kernel fills and Python reads within one call, kept for the input's next chunk.

    Why: a fresh array of a chunk's cell capacity (1.4 M entries for 8 MB) is fresh memory that the kernel
    faults in page by page at every chunk.  An array larger than `KEPT` entries (the cells of a record
    far over the chunk size) is not kept: it would stay resident for the rest of the input.
    """

    KEPT = 1 << 21

    def __init__(self) -> None:
        self._arrays: dict[tuple[str, str], np.ndarray] = {}

    def take(self, name: str, cap: int, dtype) -> np.ndarray:
        """An array of at least `cap` entries of `dtype` (contents undefined)."""
        key = (name, np.dtype(dtype).str)
        kept = self._arrays.get(key)
        if kept is not None and len(kept) >= cap:
            return kept
        fresh = np.empty(cap, dtype)
        if cap <= self.KEPT:
            self._arrays[key] = fresh
        return fresh
