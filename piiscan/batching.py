"""Many small inputs scanned as one: a folder of one-line files pays the per-chunk costs once per batch.

Why: one file per person is a common leak layout.  Scanned one by one, each file paid the costs of a chunk
(a chunk reader and its aligned buffer, cell arrays, a detection call and its output columns, a findings
batch folded into the partial, the field counters) for a few dozen bytes of data: most of the time of a
100,000-file scan.  Here the bytes of consecutive small delimited files that share their encoding, format
and header line are laid one after the other in one buffer; each file is still split into cells on its own
(a quote left open in one file never swallows the next), then the cells of the whole batch go through one
detection call and one `Partial.add_batch`, and the findings come back as one `FindingsBatch` whose
findings each name their file (`FindingsBatch.sources`), with that file's own offsets and record indices;
the files' coverage rows are added up by groups of equal counts (`Partial.add_like_inputs`).

Why the findings and the report stay exactly those of the one-by-one scan (`tests/test_batching.py`
compares them on generated trees): detection is local to a record (a chunk of a large file is already many
records); the files of a batch have the same fields (same header bytes, no row wider than the header);
their records are numbered apart in the batch and shifted back per file; and batching starts only once
the per-input field profiles and record samples are full (`aggregate.PROFILED_INPUTS` inputs profiled,
`aggregate.SAMPLE_INPUTS` sampled), after which every input's field counts go to the shared
`OTHER_INPUTS` profile anyway.  Anything else (a table container, JSON, SQL, text, a transcoded or
BOM-prefixed encoding, a file that changed size since the walk, a fingerprint file or NER asked for) is
scanned one by one as before, from the bytes already read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from piiscan.errors import PiiscanError
from piiscan.formats.base import Fields, cell_capacity
from piiscan.formats.csv import CsvFormat, csv_cells
from piiscan.formats.sniff_key import collapsed_key, sniff_key
from piiscan.kernels.cells import remap_fields
from piiscan.kernels.chars import IDENTITY_BYTES, byte_cp_table
from piiscan.output import aggregate
from piiscan.output.aggregate import InputStats
from piiscan.output.findings import FindingsBatch
from piiscan.source.chunker import aligned_empty
from piiscan.source.inputs import Input
from piiscan.source.magic import UNIDENTIFIED

if TYPE_CHECKING:
    from piiscan.scanner import Scanner

__all__ = ["BATCH_BYTES", "BATCH_INPUTS", "SMALL_INPUT_BYTES", "SmallInputs"]

SMALL_INPUT_BYTES = 64 << 10
"""Inputs at most this large (a plain file on disk) may join a batch; 0 turns batching off."""
BATCH_BYTES = 4 << 20
"""Bytes of small inputs detected together."""
BATCH_CELLS = 1 << 19
"""Cells of a batch (a batch also ends when its next file might not fit)."""
BATCH_INPUTS = 1024
"""Inputs of a batch.  Each member holds its `Input`, `InputStats` and, once detected, a `FindingsBatch` of
views until the batch is handed on: without this bound a folder of one-line files made batches of ~60,000
members (4 MB of bytes), whose bookkeeping peaked at ~150 MB and lengthened every garbage collection."""


SNIFF_MEMO_BYTES = 1 << 20
"""Bytes of sniff keys remembered (`formats.sniff_key`); the memo starts again when they are exceeded."""
_UNKNOWN = object()


@dataclass
class _Batch:
    key: tuple
    fields: Fields  # shared by every member
    csv_ids: np.ndarray
    kern_enc: int
    byte_cp: np.ndarray
    codec: str
    data: np.ndarray = field(default_factory=lambda: aligned_empty(BATCH_BYTES + SMALL_INPUT_BYTES))
    view: memoryview = field(init=False)  # `data` as a buffer: a file's bytes are copied in without numpy
    cs: np.ndarray = field(default_factory=lambda: np.empty(BATCH_CELLS, np.int32))
    ce: np.ndarray = field(default_factory=lambda: np.empty(BATCH_CELLS, np.int32))
    cf: np.ndarray = field(default_factory=lambda: np.empty(BATCH_CELLS, np.int32))
    cr: np.ndarray = field(default_factory=lambda: np.empty(BATCH_CELLS, np.int32))
    # each member file, in input order (plain lists: one object per file is what a 100,000-file folder pays for)
    names: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    pos: list[int] = field(default_factory=list)  # its first byte in the batch buffer
    record_bases: list[int] = field(default_factory=list)  # its first record in the batch's numbering
    first_cells: list[int] = field(default_factory=list)  # its first cell in the batch's cell arrays
    records: list[int] = field(default_factory=list)  # its data records
    bad: list[int] = field(default_factory=list)  # 1: a bad record (an unclosed quote)
    used: int = 0
    n_cells: int = 0
    n_records: int = 0

    def __post_init__(self) -> None:
        self.view = memoryview(self.data)

    def has_room(self, size: int) -> bool:
        return (
            self.used + size <= BATCH_BYTES
            and self.n_cells + cell_capacity(size) <= BATCH_CELLS
            and len(self.names) < BATCH_INPUTS
        )


class SmallInputs:
    """The scanner's batch of small delimited files (see the module docstring)."""

    def __init__(self, scanner: Scanner) -> None:
        self.scanner = scanner
        opts = scanner.options
        self.enabled = (
            SMALL_INPUT_BYTES > 0
            and not opts.fingerprints
            and not opts.ner
            and opts.format == "auto"
            and opts.encoding == "auto"
        )
        self._batch: _Batch | None = None
        self._probe = None  # what `Scanner._sniff` needs of a scanner, made once
        self._sniffs: dict[bytes, tuple | None] = {}  # sniff key -> (encoding, format), None: not batched
        self._sniffs_bytes = 0
        # one file's bytes and cells before it joins a batch (writable: the kernels take no read-only arrays)
        self._scratch = aligned_empty(SMALL_INPUT_BYTES + 64)
        self._scratch_view = memoryview(self._scratch)  # (bytes copied in through it: no numpy call per file)
        # what is read of the scanner module per file, looked up once (an import statement per call cost
        # more than the rest of `wants`); the module itself, for its SAMPLE_INPUTS (tests lower it)
        from piiscan import scanner as scanner_module

        self._scanner_module = scanner_module
        cap = cell_capacity(SMALL_INPUT_BYTES)
        self._cells = tuple(np.empty(cap, np.int32) for _ in range(4))

    def wants(self, inp: Input) -> bool:
        """Whether `inp` may join a batch, from what is known before reading it."""
        scanner_module = self._scanner_module  # its SAMPLE_INPUTS decides which inputs are sampled
        p = self.scanner.partial
        return (
            self.enabled
            and inp.compression is None
            and inp.path is not None
            and inp.size is not None
            and 0 < inp.size <= SMALL_INPUT_BYTES
            and len(p._profiled) >= aggregate.PROFILED_INPUTS
            and len(p.samples) >= scanner_module.SAMPLE_INPUTS
            and inp.name not in p._profiled
            and inp.name not in p.samples
        )

    def take(self, inp: Input) -> tuple[Input | None, list[FindingsBatch]]:
        """Read a small input into the batch.  Returns `(None, findings of batches it closed)`, or `(the
        input to scan one by one, findings of batches it closed)`; the one-by-one input serves the bytes
        already read, so a file is read once."""
        try:
            stream = inp.open()
        except (PiiscanError, OSError):
            return inp, []  # scanned one by one, which says why it cannot be read
        try:
            data = stream.read(SMALL_INPUT_BYTES + 1)
        except (PiiscanError, OSError):
            return inp, []
        finally:
            close = getattr(stream, "close", None)
            if close:
                close()
        if not isinstance(data, bytes) or len(data) != inp.size:
            return inp, []  # changed since the walk: read again one by one, which notes it
        out: list[FindingsBatch] = []
        if self._add(inp, data, out):
            return None, out
        again = Input(
            name=inp.name, compression=None, size=inp.size, open=lambda: io.BytesIO(data), path=inp.path, kind=inp.kind
        )
        return again, out

    def _add(self, inp: Input, data: bytes, out: list[FindingsBatch]) -> bool:
        scanner = self.scanner
        scanner_module = self._scanner_module
        facts = self._sniff(inp, data)
        if facts is None:
            return False
        enc, fmt = facts
        if fmt.kind != "csv" or fmt.header is None or fmt.cr_only or enc.bom_len or enc.kind not in ("utf8", "single"):
            return False
        size = len(data)
        scratch = self._scratch
        self._scratch_view[:size] = data
        cs, ce, cf, cr = self._cells
        quote = ord(fmt.quote) if fmt.quote else 0
        n_cells, n_records, consumed, flags = csv_cells(scratch, size, ord(fmt.delimiter), quote, True, cs, ce, cf, cr)
        if consumed != size or n_records < 1:
            return False
        if n_records - 1 >= scanner_module._PROFILE_MIN_RECORDS:
            return False  # enough records for its values to decide column profiles (piiscan.profiles): alone
        header = cr[:n_cells].tolist().count(0)  # (a few cells: lists beat numpy calls here)
        if header == 0 or (n_cells > header and max(cf[header:n_cells].tolist()) >= header):
            return False  # a row wider than the header would add fields of its own
        # the header line as it is written (its bytes up to the first data cell): equal lines name equal fields
        key = (enc.name, enc.kind, fmt, data[: int(cs[header])] if n_cells > header else data)
        batch = self._batch
        if batch is not None and (batch.key != key or not batch.has_room(size)):
            out.extend(self.flush())
            batch = None
        if batch is None:
            fields = Fields(scanner.tables)
            codec = enc.name if enc.kind == "single" else "utf-8"
            csv = CsvFormat(fmt, fields=fields, codec=codec)
            csv.take_header(scratch, (cs, ce, cf, cr), n_cells, n_records)  # names the fields
            if enc.kind == "single":
                kern_enc, byte_cp = 1, byte_cp_table(enc.name)
            else:
                kern_enc, byte_cp = 0, IDENTITY_BYTES
            batch = self._batch = _Batch(key, fields, csv.column_ids, kern_enc, byte_cp, codec)
            # take_header remapped this file's cells already: undo nothing, remap from the column numbers below
            n_cells, n_records, consumed, flags = csv_cells(
                scratch, size, ord(fmt.delimiter), quote, True, cs, ce, cf, cr
            )
        # the file's data cells (its header dropped) join the batch as they are; `flush` shifts them to the
        # file's place in the batch buffer and numbering, and maps their columns, once for every file
        lo, hi = batch.n_cells, batch.n_cells + n_cells - header
        pos = batch.used
        batch.view[pos : pos + size] = data
        batch.cs[lo:hi] = cs[header:n_cells]
        batch.ce[lo:hi] = ce[header:n_cells]
        batch.cf[lo:hi] = cf[header:n_cells]
        batch.cr[lo:hi] = cr[header:n_cells]
        batch.names.append(inp.name)
        batch.sizes.append(size)
        batch.pos.append(pos)
        batch.record_bases.append(batch.n_records)
        batch.first_cells.append(lo)
        batch.records.append(n_records - 1)
        batch.bad.append(1 if flags else 0)
        batch.used += size
        batch.n_cells = hi
        batch.n_records += n_records - 1
        if scanner.on_input is not None:
            scanner.on_input(inp.name, inp.size)
        scanner._progress(size)
        return True

    def _sniff(self, inp: Input, data: bytes) -> tuple | None:
        """`Scanner._sniff`'s encoding and format of a small file (None: not text), looked up by the file's
        sniff key when an equal-keyed file was sniffed already (`formats.sniff_key`: equal keys sniff alike)."""
        key = sniff_key(data) if inp.kind == UNIDENTIFIED else None
        short = None
        if key is not None:
            known = self._sniffs.get(key, _UNKNOWN)
            if known is _UNKNOWN:
                short = collapsed_key(key)  # values of other lengths, same classes: the same sniff too
                known = self._sniffs.get(short, _UNKNOWN) if short is not None else _UNKNOWN
                if known is not _UNKNOWN:
                    self._remember(key, known)  # type: ignore[arg-type]
            if known is not _UNKNOWN:
                return known  # type: ignore[return-value]
        if self._probe is None:
            from piiscan.scanner import _SniffProbe

            self._probe = _SniffProbe(self.scanner.options)
        sniffed = type(self.scanner)._sniff(self._probe, inp, io.BytesIO(data), InputStats(source=inp.name))  # type: ignore[arg-type]
        facts = sniffed[:2] if isinstance(sniffed, tuple) else None
        if key is not None:
            self._remember(key, facts)
            if short is not None:
                self._remember(short, facts)
        return facts

    def _remember(self, key: bytes, facts: tuple | None) -> None:
        if self._sniffs_bytes + len(key) > SNIFF_MEMO_BYTES:
            self._sniffs.clear()
            self._sniffs_bytes = 0
        self._sniffs[key] = facts
        self._sniffs_bytes += len(key)

    def flush(self) -> Iterator[FindingsBatch]:
        """Detect the batch, fold it into the partial, and yield its findings: one batch whose findings say
        their file (`FindingsBatch.sources`), in input order, with each file's own offsets and records."""
        batch = self._batch
        self._batch = None
        if batch is None:
            return
        scanner = self.scanner
        partial = scanner.partial
        fields = batch.fields
        n_cells = batch.n_cells
        cells = (batch.cs[:n_cells], batch.ce[:n_cells], batch.cf[:n_cells], batch.cr[:n_cells])
        names = batch.names
        n_files = len(names)
        pos = np.array(batch.pos, np.int64)
        bases = np.array(batch.record_bases, np.int64)
        # each file's cells: offsets shifted to its place in the buffer, records numbered after the files
        # before it (a file's own record 1 is its first data record), columns mapped to the batch's fields
        cells_per_file = np.diff(np.array([*batch.first_cells, n_cells], np.int64))
        shift = np.repeat(pos.astype(np.int32), cells_per_file)
        cells[0][:] += shift
        cells[1][:] += shift
        cells[3][:] += np.repeat((bases - 1).astype(np.int32), cells_per_file)
        remap_fields(cells[2], n_cells, batch.csv_ids)
        scanner._compile_detection(batch.kern_enc, batch.byte_cp, False)
        result = scanner._detect_chunk(
            0, 0, batch.data, n_cells, cells, batch.n_records, fields.hint_array(), batch.kern_enc, batch.byte_cp, False
        )
        # the scanner's own finish step, once for the whole batch: profiled under OTHER_INPUTS, as each member
        # would be (see `wants`); no NER and no fingerprint file here (see `enabled`)
        whole = scanner.finish_detection(
            result, _named(names[0]), InputStats(source=names[0]), fields, data=batch.data, cells=cells,
            n_cells=n_cells, record_base=0, base=0, enc_kind="single" if batch.kern_enc == 1 else "utf8",
            codec=batch.codec,
        )  # fmt: skip
        records, offsets = whole.record, whole.offset
        # each finding's file, and the findings and records with findings of each file
        owner = np.searchsorted(bases, records, side="right") - 1
        per_file = np.bincount(owner, minlength=n_files).tolist()
        uniq = np.unique(records)
        with_findings = np.bincount(np.searchsorted(bases, uniq, side="right") - 1, minlength=n_files).tolist()
        enc_name, _kind, fmt, _header = batch.key
        like = InputStats(source=names[0], format="csv", encoding=enc_name, delimiter=fmt.delimiter)
        like.fields = [n for n in fields.names if n is not None]
        like.header_fields = [n for n, h in zip(fields.names, fields.hints, strict=True) if n is not None and h]
        partial.add_like_inputs(like, names, batch.sizes, batch.records, batch.bad, per_file, with_findings)
        partial.bytes += batch.used
        partial.records += batch.n_records
        yield FindingsBatch(
            source=names[0], entity=whole.entity, start=whole.start, length=whole.length,
            offset=(offsets - pos[owner]).astype(offsets.dtype), src_length=whole.length,
            record=(records - bases[owner]).astype(records.dtype), field=whole.field, score=whole.score,
            hash=whole.hash, flag=whole.flag, field_names=fields.names, data=batch.data, codec=batch.codec,
            sources=names, source_index=owner.astype(np.int32),
        )  # fmt: skip


def _named(name: str) -> Input:
    """An input that is only a name (what `finish_detection` reads of the batch's first file)."""
    return Input(name=name, compression=None, size=None, open=_no_open)


def _no_open():
    raise OSError("a batch member is not opened again")
