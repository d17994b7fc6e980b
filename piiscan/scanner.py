"""The scan pipeline: inputs → chunks → cells → findings → partial result.

The calling thread reads, decompresses and splits chunks into cells (structure kernels are fast and
sequential by nature: a chunk ends where its last complete record ends); detection, the expensive part, runs
in worker threads (the kernels release the GIL).  Results are taken in chunk order, so the findings and the
report are identical whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np

from piiscan.batching import SmallInputs
from piiscan.budget import plan
from piiscan.coldstart import IN_COMPILE_CHILD, compile_detection_cold
from piiscan.errors import CorruptInputError, DecompressionLimitError, PiiscanError, UnsupportedEncodingError
from piiscan.formats import STREAM_FORMATS, Fields, Format, open_format
from piiscan.formats.sniff import FormatInfo, sniff, text_probe
from piiscan.kernels.cells import count_filled
from piiscan.kernels.chars import IDENTITY_BYTES, byte_cp_table
from piiscan.kernels.columns import cell_columns, finding_table
from piiscan.kernels.detect import F_CHECK_FAILED, N_STATS, OUT_COLUMNS, detect_cells, detect_work
from piiscan.kernels.memo import new_memo
from piiscan.output.aggregate import InputStats, Partial
from piiscan.output.findings import FindingsBatch
from piiscan.parts import Part, cut_at_boundary
from piiscan.profiles import (
    ColumnProfiler,
    apply_profile,
    drop_repeated_names,
    header_fields,
    lower_value_scores,
    value_fields,
    value_score_array,
)
from piiscan.source.chunker import ChunkReader, source_offsets
from piiscan.source.encoding import Encoding, detect_encoding, looks_binary, resolve_encoding
from piiscan.source.inputs import Input, Skipped, iter_inputs
from piiscan.source.limits import Limits, format_size
from piiscan.source.magic import KINDS, UNIDENTIFIED, identify
from piiscan.source.streams import Guarded, Prefixed, read_head
from piiscan.tables import KernelTables, default_tables
from piiscan.tabular import table_format

__all__ = ["ScanOptions", "Scanner", "derive_key", "detection_kernel_cached", "sniff_input"]

HEAD_BYTES = 1 << 20


@dataclass(frozen=True, kw_only=True)
class ScanOptions:
    """How to scan; every option has a safe default."""

    format: str = "auto"
    encoding: str = "auto"
    workers: int = 0
    chunk_size: int = 8 << 20
    max_record: int = 256 << 20
    key: bytes | None = None
    limits: Limits = field(default_factory=Limits)
    reference_date: dt.date | None = None
    ner: bool = False  # also report names spaCy's French model finds in free text (piiscan.ner; slow)
    fingerprints: bool = False  # keep what a fingerprint file needs (piiscan.output.fingerprints; memory per record)
    follow_links: bool = False  # follow symbolic links met inside folders (piiscan.source.inputs)


def derive_key(user_key: bytes | None) -> tuple[np.uint64, np.uint64]:
    """The 128-bit SipHash key of a scan: from the user's key (comparable scans) or random (this scan only)."""
    material = user_key if user_key is not None else os.urandom(32)
    digest = hashlib.blake2b(material, digest_size=16, person=b"piiscan-fp-v1").digest()
    return np.uint64(int.from_bytes(digest[:8], "little")), np.uint64(int.from_bytes(digest[8:], "little"))


class Scanner:
    """Scans inputs with one pack, one key and one pool of worker threads."""

    def __init__(self, options: ScanOptions | None = None, *, tables: KernelTables | None = None) -> None:
        self.options = options or ScanOptions()
        self.tables = tables or default_tables()
        self.k0, self.k1 = derive_key(self.options.key)
        self.value_scores = value_score_array(self.tables.scores)
        d = self.tables.pack.dictionaries
        self._places = frozenset(d.countries) | frozenset(d.nationalities) | frozenset(c.lower() for c in d.alpha3)
        ref = self.options.reference_date or dt.date.today()
        # (in Python, not `checks.days_from_civil`: a kernel called here would start numba's compiler in
        # this process before the compile child runs, ~45 MB more at the cold start's peak)
        self.ref_days = (ref - _EPOCH).days
        # workers and chunk size within the memory budget (piiscan.budget): `--workers 64` gets fewer
        # threads and smaller chunks, not 3 GB of resident memory
        self.workers, self.chunk_size = plan(workers=self.options.workers, chunk_size=self.options.chunk_size)
        self.partial = Partial()
        if self.options.fingerprints:
            from piiscan.output.fingerprints import RecordIdentifiers

            self.partial.identifiers = RecordIdentifiers()
        self.on_progress: Callable[[int], None] | None = None
        self.on_input: Callable[[str, int | None], None] | None = None  # an input starts: its name, size on disk
        self.on_compile: Callable[[float | None], None] | None = None  # None: a cold compile starts; then seconds
        self.errors: list[PiiscanError] = []
        self.exclude: set[tuple[int, int]] = set()  # (device, inode) of this scan's outputs: never inputs
        self._compiled = False
        self._tls = threading.local()  # per worker thread: the reused detection output buffer and value memo
        self._ner = None  # the model loads once per scanner, and only when asked (piiscan.ner)
        if self.options.ner:
            from piiscan.ner import NerStage

            self._ner = NerStage(self.tables, self.k0, self.k1)

    # ------------------------------------------------------------------ public
    def scan(self, paths: Iterable[str]) -> Iterator[FindingsBatch]:
        """Scan every input under `paths`; findings batches in input order; `self.partial` holds the rest."""
        inputs = iter_inputs(
            list(paths), limits=self.options.limits, follow_links=self.options.follow_links, exclude=self.exclude
        )
        return self.scan_inputs(inputs)

    def scan_inputs(self, inputs: Iterable[Input | Skipped]) -> Iterator[FindingsBatch]:
        """Scan inputs already opened by the source layer (or built in memory)."""
        started = time.perf_counter()
        self.elapsed = 0.0
        small = SmallInputs(self)  # many small delimited files are detected in batches (piiscan.batching)
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="piiscan") as pool:
            for item in inputs:
                if isinstance(item, Skipped):
                    yield from small.flush()  # everything stays in input order
                    self.partial.add_skip(
                        {"source": item.name, "reason": item.reason, "bytes": item.bytes, "detail": item.detail},
                        walk=True,
                    )
                    continue
                if small.wants(item):
                    one_by_one, closed = small.take(item)
                    yield from closed
                    if one_by_one is None:
                        continue
                    item = one_by_one
                yield from small.flush()
                yield from self._scan_input(item, pool)
            yield from small.flush()
        self.elapsed = time.perf_counter() - started

    # ------------------------------------------------------------------ one input
    def _scan_input(self, inp: Input, pool: ThreadPoolExecutor, part: Part | None = None) -> Iterator[FindingsBatch]:
        stats = InputStats(source=inp.name, compression=inp.compression)
        if inp.compression is None:
            stats.bytes_present = inp.size
        self.partial.add_input(stats)
        if self.on_input is not None:
            self.on_input(inp.name, inp.size)
        try:
            stream = inp.open()
        except PiiscanError as exc:
            self._skip(inp.name, "unreadable", None, str(exc), exc)
            return
        except OSError as exc:
            self._skip(inp.name, "unreadable", None, f"{inp.name}: cannot read ({exc.strerror or 'I/O error'})")
            return
        guarded = Guarded(stream)
        stream = guarded
        try:
            yield from self._scan_stream(inp, guarded, stats, pool, part)
            if guarded.error is not None:
                raise guarded.error
            whole_file = part is None and inp.compression is None and inp.size is not None
            if whole_file and stats.format in STREAM_FORMATS and stats.bytes and stats.bytes != inp.size:
                # the file was written to while it was read (a dump still being copied or extracted):
                # what the report counts is not the file the walk found
                stats.size_changed = True
                self.partial.changed_while_read += 1
        except (CorruptInputError, DecompressionLimitError) as exc:
            reason = "limit" if isinstance(exc, DecompressionLimitError) else "corrupt"
            self._skip(inp.name, reason, None, str(exc), exc)
        except UnsupportedEncodingError as exc:
            self._skip(inp.name, "encoding", None, str(exc), exc)
        except PiiscanError as exc:  # an OS read error wrapped by the source layer
            self._skip(inp.name, "unreadable", None, str(exc), exc)
        except OSError as exc:
            self._skip(inp.name, "unreadable", None, f"{inp.name}: read error ({exc.strerror or 'I/O error'})")
        else:
            if stats.bytes_present is None and stats.format not in ("binary", "empty"):
                stats.bytes_present = stats.bytes  # a stream read to its end: all of it was present and read
        finally:
            self.partial.bytes += stats.bytes
            self.partial.records += stats.records
            close = getattr(stream, "close", None)
            if close:
                close()

    def _skip(self, source: str, reason: str, nbytes: int | None, detail: str, exc: PiiscanError | None = None) -> None:
        self.partial.add_skip({"source": source, "reason": reason, "bytes": nbytes, "detail": detail})
        if exc is not None:
            self.errors.append(exc)

    def scan_part(self, name: str, part: Part) -> Iterator[FindingsBatch]:
        """Scan one byte range of a plain file with format facts found beforehand (see `piiscan.parts`).

        The range starts on a record boundary and ends at the first record boundary at or after
        `part.stop` (`self.part_end` says where); findings carry file offsets and, from `part.record_base`,
        the records' indices in the whole file.  `self.partial` holds one `InputStats` for the range.
        """
        inp = Input(name=name, compression=None, size=None, open=part.open)
        self.part_end = part.start
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="piiscan") as pool:
            yield from self._scan_input(inp, pool, part)

    def _sniff(
        self, inp: Input, stream: BinaryIO, stats: InputStats
    ) -> tuple[Encoding, FormatInfo, BinaryIO] | _TableInput | None:
        """Encoding and format from the first bytes; a table container (read as cells, piiscan.tabular);
        None (and a skip) when the input is not text."""
        opts = self.options
        head = read_head(stream, HEAD_BYTES)
        if not head and getattr(stream, "error", None) is not None:
            return None  # damaged from the first byte: reported as that error, not as an empty input
        if not head:
            stats.format = "empty"
            self._skip(inp.name, "empty", 0, f"{inp.name}: empty input")
            return None
        # what the walk decided (a workbook told from its zip directory; UNIDENTIFIED: the walk's `identify`
        # of these first bytes found no kind), else what the first bytes say
        known = None if inp.kind == UNIDENTIFIED else KINDS[inp.kind] if inp.kind in KINDS else identify(head)
        table = table_format(known) if opts.format == "auto" and opts.encoding == "auto" else None
        if table is not None:  # a spreadsheet, SQLite, Parquet/Arrow or BSON file: read as cells (piiscan.tabular)
            return _TableInput(table, head)
        probe = text_probe(head)  # without an SQL dump's binary values (skipped as fields, counted)
        enc = detect_encoding(probe) if opts.encoding == "auto" else resolve_encoding(opts.encoding)
        if opts.encoding != "auto":
            enc = enc.with_bom(head)  # `--encoding utf-16` (or utf-8) with a BOM: the BOM decides, and is skipped
        if not enc.transcoded and opts.encoding == "auto":
            if known is not None and known.route != "mail":
                # Archives reach here only when the walk could not open them (its skip says why), table
                # kinds only when piiscan.tabular did not take them.
                stats.format = "unsupported"
                self._skip(inp.name, "unsupported-format", None, f"{inp.name}: {known.unsupported}")
                return None
            if looks_binary(probe, encoding=enc):  # `enc` is detect_encoding(probe) here (encoding "auto")
                stats.format = "binary"
                self._skip(
                    inp.name,
                    "binary",
                    None,
                    f"{inp.name}: binary data of no known kind, not a text dump (--encoding NAME scans it anyway)",
                )
                return None
        body_head = head[enc.bom_len :]
        if enc.transcoded:  # UTF-16, UTF-32, EBCDIC: sniffed and scanned as UTF-8 (source.chunker)
            whole = body_head[: len(body_head) - len(body_head) % enc.unit_bytes]
            text = whole.decode(enc.name, "replace")
            if enc.kind == "recoded":
                text = text.replace("\x85", "\n")  # EBCDIC's NL, as the chunker reads it
            sniff_bytes = text.encode("utf-8", "surrogatepass")
            sniff_codec = "utf-8"
        elif enc.kind == "single":
            sniff_bytes, sniff_codec = body_head, enc.name
        else:
            sniff_bytes, sniff_codec = body_head, "utf-8"
        fmt = sniff(sniff_bytes, encoding=sniff_codec, forced=None if opts.format == "auto" else opts.format)
        return enc, fmt, Prefixed(body_head, stream, owns=False)  # the scan closes `stream` itself

    def _scan_stream(
        self, inp: Input, stream: BinaryIO, stats: InputStats, pool: ThreadPoolExecutor, part: Part | None = None
    ) -> Iterator[FindingsBatch]:
        opts = self.options
        if part is None:
            facts = self._sniff(inp, stream, stats)
            if facts is None:
                return
            if isinstance(facts, _TableInput):
                from piiscan.tabular.scan import scan_table

                yield from scan_table(self, inp, facts.kind, facts.head, stream, stats, pool)
                return
            enc, fmt, body = facts
            skip = enc.bom_len
        else:
            enc, fmt, body, skip = part.encoding, part.format, stream, part.start
        stats.encoding = enc.name
        if enc.transcoded:
            kern_enc, byte_cp, data_codec = 0, IDENTITY_BYTES, "utf-8"
        elif enc.kind == "single":
            kern_enc, byte_cp, data_codec = 1, byte_cp_table(enc.name), enc.name
        else:
            kern_enc, byte_cp, data_codec = 0, IDENTITY_BYTES, "utf-8"
        stats.format = fmt.kind
        reader = ChunkReader(
            body,
            kind=enc.kind,
            codec=enc.name,
            skip=skip,
            chunk_size=self.chunk_size,
            max_record=opts.max_record,
            on_read=self._progress,
        )
        structure_only = part is not None and part.structure_only
        fields = Fields(self.tables)
        structure = open_format(fmt, fields=fields, codec=data_codec)  # the format's kernel and state
        stats.delimiter = structure.delimiter
        is_json = structure.json_escapes
        if not structure_only:
            self._compile_detection(kern_enc, byte_cp, is_json)
        if part is not None and part.start > enc.bom_len and structure.header_pending:
            self._take_file_header(part, enc, structure)
        pending: deque[tuple[Future, np.ndarray, int, int, np.ndarray, int]] = deque()
        record_base = part.record_base if part is not None else 0
        # column profiles from values (piiscan.profiles): decided on the input's first records before any
        # chunk is detected; a byte range of a file reads them from the file's start, as the first range does
        profiled = structure.columns and not structure_only
        profiler = self._profiler(kern_enc, byte_cp, is_json) if profiled else None
        if profiler is not None and part is not None and (part.start > enc.bom_len or part.stop is not None):
            self._profile_file_head(profiler, part, enc, open_format(fmt, fields=fields, codec=data_codec))
            apply_profile(fields, profiler)
            profiler = None
        held: list[tuple] = []
        while True:
            chunk = reader.fill()
            if chunk.size == 0:
                break
            n_cells, n_records, consumed, cell_arrays, bad, blobs = structure.cells(chunk.data, chunk.size, chunk.final)
            if consumed == 0 and not chunk.final:
                if len(chunk.data) >= opts.max_record:
                    # a record longer than the maximum: scan it as it is, cut, and say so
                    reader.oversized += 1
                    stats.cut_records += 1
                    n_cells, n_records, consumed, cell_arrays, bad, blobs = structure.cells(
                        chunk.data, chunk.size, True
                    )
                    self.partial.add_skip(
                        {
                            "source": inp.name,
                            "reason": "oversized-record",
                            "bytes": consumed,
                            "detail": f"{inp.name}: a record over {format_size(opts.max_record)} was cut "
                            "(--max-record)",
                        }
                    )
                else:
                    reader.consume(0)
                    continue
            stats.bad_records += bad
            stats.binary_values += blobs
            part_done = False
            if part is not None and part.stop is not None:
                n_cells, n_records, consumed, part_done = cut_at_boundary(
                    chunk.data, cell_arrays, n_cells, n_records, consumed, part.stop - chunk.base, structure
                )
            if structure_only:
                stats.records += n_records
                reader.consume(consumed if consumed else chunk.size)
                if part_done or (chunk.final and reader.exhausted):
                    break
                continue
            data = chunk.data
            held.append((record_base, chunk.base, data, n_cells, cell_arrays, n_records))
            if profiler is not None:
                if n_records >= _PROFILE_MIN_RECORDS or not (chunk.final and len(held) == 1):
                    profiler.observe(data, n_cells, cell_arrays, n_records, data_codec)
                if not profiler.sampling or chunk.final:
                    apply_profile(fields, profiler)
                    profiler = None
            if profiler is None:  # else the chunk is kept back until the column profiles are decided
                self._sample(inp, held, fields, data_codec)
                small = chunk.final and not pending and len(held) == 1 and chunk.size <= _INLINE_BYTES
                pending.extend(self._submit(held, fields, kern_enc, byte_cp, is_json, pool, inline=small))
                held = []
            stats.records += n_records
            record_base += n_records
            reader.consume(consumed if consumed else chunk.size)
            # a record-sized chunk (a huge line) waits for no other: several would add up past the memory bound
            limit = 0 if len(data) > 2 * self.chunk_size else self.workers
            while len(pending) > limit:
                yield self._finish(pending.popleft(), inp, stats, fields, enc, data_codec)
            if part_done or (chunk.final and reader.exhausted):
                break
        if held:  # the input ended while its first records were still being sampled
            if profiler is not None:
                apply_profile(fields, profiler)
            self._sample(inp, held, fields, data_codec)
            pending.extend(self._submit(held, fields, kern_enc, byte_cp, is_json, pool, inline=False))
        while pending:
            yield self._finish(pending.popleft(), inp, stats, fields, enc, data_codec)
        stats.bytes = reader.base
        if part is not None:
            self.part_end = reader.base
            if part.start > enc.bom_len:
                stats.bytes -= part.start  # a later range: its own bytes (the first counts the BOM, as a file does)
        stats.fields = [n for n in fields.names if n is not None]
        stats.header_fields = header_fields(fields)
        stats.value_fields = value_fields(fields)

    def _profiler(self, kern_enc: int, byte_cp: np.ndarray, json: bool) -> ColumnProfiler:
        """A column profiler whose trials run this scanner's detection kernel (piiscan.profiles)."""

        def detect(data, n_cells, cells, n_records, hints):
            args = (data, n_cells, cells, n_records, hints, kern_enc, byte_cp, json)
            cols, _dates, _stats = self._run_detection(*args)
            return cols[0], cols[1], cols[2], cols[3], cols[5]

        return ColumnProfiler(detect, self.tables.pack.dictionaries.first_names, json=json, places=self._places)

    def _sample(self, inp: Input, held: list[tuple], fields: Fields, codec: str) -> None:
        """The input's first records, shape-masked, for the report (once its field names are final)."""
        if inp.name in self.partial.samples or len(self.partial.samples) >= SAMPLE_INPUTS:
            return
        for _record_base, _base, data, n_cells, cell_arrays, n_records in held:
            if n_records:
                self.partial.samples[inp.name] = sample_records(data, cell_arrays, n_cells, fields, codec)
                return

    def _submit(self, held, fields: Fields, kern_enc, byte_cp, is_json, pool, *, inline: bool) -> list[tuple]:
        """Hand chunks to the workers with the fields' hints as they now stand (profiles applied)."""
        hints = fields.hint_array()
        out = []
        for record_base, base, data, n_cells, cell_arrays, n_records in held:
            args = (record_base, base, data, n_cells, cell_arrays, n_records, hints, kern_enc, byte_cp, is_json)
            if inline:
                # a small input (one file per person): detected here, not handed to a worker.  The hand-off
                # (queue, wake-up, GIL transfer, result wait) cost more than the detection itself: ~1 ms
                # per input, a third of the time of a folder of one-line files
                fut: Future = Future()
                fut.set_result(self._detect_chunk(*args))
            else:
                fut = pool.submit(self._detect_chunk, *args)
            out.append((fut, data, base, record_base, cell_arrays, n_cells))
        return out

    def _profile_file_head(self, profiler: ColumnProfiler, part: Part, enc: Encoding, structure: Format) -> None:
        """Sample the first records of the whole file for a byte range, as a scan of the file would
        (`structure`: a format of its own, naming into the range's fields)."""
        stream = part.open_at(enc.bom_len)
        try:
            reader = ChunkReader(
                stream, kind=enc.kind, skip=enc.bom_len, chunk_size=1 << 20, max_record=self.options.max_record
            )
            while profiler.sampling:
                chunk = reader.fill()
                if chunk.size == 0:
                    return
                n_cells, n_records, consumed, cell_arrays, _bad, _blobs = structure.cells(
                    chunk.data, chunk.size, chunk.final
                )
                if consumed == 0 and not chunk.final:
                    reader.consume(0)
                    continue
                profiler.observe(chunk.data, n_cells, cell_arrays, n_records, structure.codec)
                if chunk.final and reader.exhausted:
                    return
                reader.consume(consumed if consumed else chunk.size)
        finally:
            stream.close()

    def _take_file_header(self, part: Part, enc: Encoding, structure: Format) -> None:
        """Read the header from the start of the file, as the first range does, for a later range."""
        stream = part.open_at(enc.bom_len)
        try:
            reader = ChunkReader(
                stream, kind=enc.kind, skip=enc.bom_len, chunk_size=1 << 16, max_record=self.options.max_record
            )
            while structure.header_pending:
                chunk = reader.fill()
                if chunk.size == 0:
                    return
                if structure.cells(chunk.data, chunk.size, chunk.final).consumed == 0 and not chunk.final:
                    reader.consume(0)  # no complete record yet: the header is taken once one is read
        finally:
            stream.close()

    def _compile_detection(self, kern_enc: int, byte_cp: np.ndarray, json: bool) -> None:
        """Have the detection kernel compiled (or loaded) before any chunk is read.

        With a cold numba cache, compiling takes ~20 s, and numba keeps ~150 MB of compiler state for the
        life of the process; on top of a scan's working set that broke the 600 MB bound (the 1 GB
        benchmark's cold run peaked at 648 MB).  So a cold kernel is compiled by a short-lived child
        process (two at once on two cores: `piiscan.coldstart`) that fills the on-disk cache, and this
        process only loads it.  When that cannot work (no writable cache, no interpreter to start) the
        kernel compiles here, as before.
        """
        if self._compiled:
            return
        self._compiled = True
        args = _tiny_detection_input(kern_enc, byte_cp, json)
        cold = not self._run_detection(*args, check_only=True)
        started = time.perf_counter()
        if cold and self.on_compile is not None:
            self.on_compile(None)  # the person waiting is told why nothing seems to happen (DESIGN.md §6)
        if cold and os.environ.get(IN_COMPILE_CHILD) != "1":
            with contextlib.suppress(OSError, subprocess.SubprocessError):  # then compiled below, in this process
                compile_detection_cold(json)  # one child, or two on two cores (piiscan.coldstart)
        self._run_detection(*args)
        if cold and self.on_compile is not None:
            self.on_compile(time.perf_counter() - started)

    def _progress(self, n: int) -> None:
        if self.on_progress is not None:
            self.on_progress(n)

    # ------------------------------------------------------------------ stages
    def _detect_chunk(self, record_base, base, data, n_cells, cell_arrays, n_records, hints, kern_enc, byte_cp, json):
        """A worker's task: `_detect`, then each finding's field, record and offset from its cell."""
        self._tls.check_failed = None
        cols, rec_date, stats = self._detect(data, n_cells, cell_arrays, n_records, hints, kern_enc, byte_cp, json)
        n = len(cols[0])
        where = (np.empty(n, np.int32), np.empty(n, np.int64), np.empty(n, np.int64))
        cell_columns(cols[3], cols[1], cell_arrays[2], cell_arrays[3], record_base, base, *where)
        return cols, rec_date, stats, where, self._tls.check_failed

    def _detect(self, data, n_cells, cell_arrays, n_records, hints, kern_enc, byte_cp, json):
        """Detection for one chunk (a worker's task): `(finding columns, record dates, stats)`."""
        return self._run_detection(data, n_cells, cell_arrays, n_records, hints, kern_enc, byte_cp, json)

    def _run_detection(
        self, data, n_cells, cell_arrays, n_records, hints, kern_enc, byte_cp, json, *, check_only=False
    ):
        cs, ce, cf, cr = cell_arrays
        if check_only:
            rec_date = np.empty(1, np.int32)
            rec_info = np.empty(4, np.int64)
            out = np.empty((1, OUT_COLUMNS), np.int64)
            return detect_cells(
                data, kern_enc, byte_cp, json, n_cells, cs, ce, cf, cr, n_records, hints,
                self.tables, self.ref_days, self.k0, self.k1, 0, out, rec_date, np.zeros(N_STATS, np.int64),
                rec_info, detect_work(n_records), memo=new_memo(0), check_only=True,
            )  # fmt: skip
        rec_date = np.empty(max(1, n_records), np.int32)
        rec_info = np.empty(4 * max(1, n_records), np.int64)
        work = detect_work(n_records)
        stats = np.zeros(N_STATS, np.int64)
        outs = []
        start_cell = 0
        # room for one finding per cell (a dense dump has ~0.6): a second call and a concatenation are rare.
        # The buffer is the worker thread's own, reused chunk after chunk: only the typed columns made from
        # it below are new, so its pages are not faulted in again for every chunk.
        cap = n_cells + 64
        out = getattr(self._tls, "out", None)
        if out is None or len(out) < cap:
            out = np.empty((cap, OUT_COLUMNS), np.int64)
            if cap <= _REUSED_OUT_ROWS:  # not the buffer of a huge record: its touched pages would stay
                self._tls.out = out
        memo = self._memo(kern_enc, byte_cp, json)
        while True:
            n_found, next_cell = detect_cells(
                data, kern_enc, byte_cp, json, n_cells, cs, ce, cf, cr, n_records, hints,
                self.tables, self.ref_days, self.k0, self.k1, start_cell, out, rec_date, stats, rec_info, work,
                memo=memo,
            )  # fmt: skip
            outs.append(out[:n_found])
            if next_cell >= n_cells:
                break
            if next_cell == start_cell:
                cap *= 2  # one cell holds more findings than the output: retry it with more room
            start_cell = next_cell
            out = np.empty((cap, OUT_COLUMNS), np.int64)  # the rows found so far stay in `outs`
        found = np.concatenate(outs) if len(outs) > 1 else outs[0]
        # the findings in order of start, without the rows of values whose check digit failed: those are
        # no findings; only their fingerprints are kept, for a fingerprint file (`_detect_chunk` hands them
        # to the partial), and only when one was asked for
        cols = finding_table(found)
        if len(cols[0]) < len(found) and self.options.fingerprints:
            failed = (found[:, 6] & F_CHECK_FAILED) != 0
            self._tls.check_failed = (found[failed, 0].astype(np.uint8), found[failed, 5].view(np.uint64))
        return cols, rec_date[:n_records], stats

    def _memo(self, kern_enc: int, byte_cp: np.ndarray, json: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The worker thread's value memo (see piiscan.kernels.memo), emptied when the decoding changes."""
        tag = (kern_enc, byte_cp.tobytes() if kern_enc == 1 else b"", json)
        if getattr(self._tls, "memo_tag", None) != tag:
            self._tls.memo = new_memo()
            self._tls.memo_tag = tag
        return self._tls.memo

    def _finish(self, item, inp: Input, stats: InputStats, fields: Fields, enc: Encoding, codec: str) -> FindingsBatch:
        fut, data, base, record_base, cell_arrays, n_cells = item
        return self.finish_detection(
            fut.result(), inp, stats, fields, data=data, cells=cell_arrays, n_cells=n_cells,
            record_base=record_base, base=base, enc_kind=enc.kind, codec=codec, transcoded=enc.transcoded,
        )  # fmt: skip

    def finish_detection(
        self,
        result: tuple,
        inp: Input,
        stats: InputStats,
        fields: Fields,
        *,
        data: np.ndarray,
        cells: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        n_cells: int,
        record_base: int,
        base: int,
        enc_kind: str,
        codec: str,
        transcoded: bool = False,
        place: Callable[[FindingsBatch], None] | None = None,
    ) -> FindingsBatch:
        """One detected chunk (`_detect_chunk`'s result) into the partial result, in input order.

        The findings batch (after the NER stage, when on), record dates, kernel statistics, checksum
        failures and each field's filled cells.  Byte streams and table containers (`piiscan.tabular.scan`)
        both end here; what differs is where a finding is: a transcoded stream maps offsets back to its
        own bytes, a table's `place` gives each finding its cell's location and its offset in the cell.
        """
        (f_ent, f_start, f_len, _cell, f_score, f_hash, f_flag), rec_date, kstats, where, failed = result
        if failed is not None:  # values whose check digit failed: kept for a fingerprint file only
            self.partial.add_checksum_failures(*failed)
        field_ids, records, offset = where
        keep = drop_repeated_names(fields.repeated, f_ent, f_hash, field_ids)
        if keep is not None:  # names used as labels in a non-name column (piiscan.profiles)
            f_ent, f_start, f_len, f_score, f_hash, f_flag = (
                a[keep] for a in (f_ent, f_start, f_len, f_score, f_hash, f_flag)
            )
            field_ids, records, offset = field_ids[keep], records[keep], offset[keep]
        lower_value_scores(field_ids, f_ent, f_score, fields.value_masks, self.value_scores)
        if transcoded:
            offset, src_length = source_offsets(data, f_start, f_len, base, enc_kind)
        else:
            src_length = f_len
        batch = FindingsBatch(
            source=inp.name,
            entity=f_ent,
            start=f_start,
            length=f_len,
            offset=offset,
            src_length=src_length,
            record=records,
            field=field_ids,
            score=f_score,
            hash=f_hash,
            flag=f_flag,
            field_names=fields.names,
            data=data,
            codec=codec,
        )
        if self._ner is not None:
            batch = self._ner(batch, cells, n_cells, record_base, base, enc_kind, fields.hints, stats.format)
        if place is not None:
            place(batch)
        self.partial.add_batch(batch, stats)
        self.partial.add_record_dates(rec_date)
        self.partial.stats += kstats
        cs, ce, cf, _ = cells
        filled = np.zeros(len(fields.names), np.int64)
        count_filled(cs, ce, cf, n_cells, filled)
        profile = self.partial.profile_source(inp.name)  # bounded per-input profiles (aggregate.PROFILED_INPUTS)
        for fid in np.flatnonzero(filled).tolist():
            self.partial.field_cells[(profile, fields.names[fid])] += int(filled[fid])
        return batch


@dataclass(frozen=True)
class _TableInput:
    """A spreadsheet, SQLite, Parquet/Arrow or BSON file recognised from its first bytes."""

    kind: object
    head: bytes


def sniff_input(inp: Input, options: ScanOptions) -> tuple[Encoding, FormatInfo] | None:
    """The encoding and format a scan of `inp` would use, from its first bytes (None when the input would be
    skipped: unreadable, empty, binary).  A planner reads them once and carries them to every byte range of
    the file (`Scanner.scan_part`), so all ranges decode and split the file alike; it needs no pack."""
    probe = _SniffProbe(options)
    try:
        stream = inp.open()
    except (PiiscanError, OSError):
        return None
    try:
        facts = Scanner._sniff(probe, inp, stream, InputStats(source=inp.name))  # type: ignore[arg-type]
    except (PiiscanError, OSError):
        facts = None
    finally:
        with contextlib.suppress(OSError):
            stream.close()
    return facts[:2] if isinstance(facts, tuple) else None  # a table container is one task, never cut


@dataclass
class _SniffProbe:
    """What `Scanner._sniff` reads of a scanner (its options) and a skip that goes nowhere."""

    options: ScanOptions

    def _skip(self, *args, **kwargs) -> None:
        pass


_REUSED_OUT_ROWS = 1 << 20
"""Largest detection output kept for the next chunk (56 MB of address space; 8 MB chunks need ~250k rows)."""

SAMPLE_RECORDS = 3
"""Records shown, shape-masked, in the report so a reader sees the dump's layout."""
SAMPLE_INPUTS = 20
"""Inputs whose first records are sampled: a folder of 100,000 files needs a few layouts, not 100,000."""
_INLINE_BYTES = 64 << 10
"""A whole input at most this large is detected by the reading thread itself (see `_scan_stream`)."""
_PROFILE_MIN_RECORDS = 20
"""An input of fewer records, read in one chunk, is not profiled (no column can reach profiles.MIN_VALUES)."""


_EPOCH = dt.date(1970, 1, 1)
"""Day 0 of the kernels' day counts (`checks.days_from_civil`)."""


def _tiny_detection_input(kern_enc: int, byte_cp: np.ndarray, json: bool) -> tuple:
    """`Scanner._detect` arguments for one empty-field cell: enough to compile or load the kernel."""
    data = np.zeros(64, np.uint8)
    cells = (np.zeros(1, np.int32), np.ones(1, np.int32), np.full(1, -1, np.int32), np.zeros(1, np.int32))
    return data, 1, cells, 1, np.zeros(1, np.int64), kern_enc, byte_cp, json


def detection_kernel_cached() -> bool | None:
    """Whether numba's on-disk cache holds the detection kernel (None: cannot tell), before any kernel loads.

    The command line asks first so that a cold start says at once that it is compiling: building the
    scanner already compiles the smaller kernels, seconds before `_compile_detection` knows.  Reads numba's
    own cache index for the kernel, which is empty when missing or stale (numba compares its source stamp,
    `piiscan.kernels.jit`); a private attribute, so any surprise answers None and the notice then comes
    from `Scanner.on_compile`.
    """
    try:
        from piiscan.kernels.detect import _detect_cells_kernel

        return bool(_detect_cells_kernel._cache._cache_file._load_index())
    except Exception:
        return None


SHAPE_RUN = 3
"""Longest run of one character class a sample shows exactly; longer runs end in `+`."""


def _shape_class(c: str) -> str:
    if c.isdigit():
        return "9"
    if c.isalpha():
        return "X" if c.isupper() else "x"
    return " " if c.isspace() else "#"


def shape_mask(text: str, limit: int = 40) -> str:
    """A value's shape without the value: letters become x/X, digits 9, every other visible character `#`
    (punctuation and symbols too: a password made of symbols must not appear as it is), whitespace a
    space; a run of one class longer than `SHAPE_RUN` is cut and marked `+`, so exact lengths are not
    kept either.

    >>> shape_mask("Jean-Marc DUPONT, 06 12 34 56 78")
    'Xxxx#Xxxx XXX+# 99 99 99 99 99'
    >>> shape_mask("!%$*&^@#")
    '###+'
    """
    out: list[str] = []
    prev, run = "", 0
    for c in text:
        cls = _shape_class(c)
        run = run + 1 if cls == prev else 1
        prev = cls
        if run <= SHAPE_RUN:
            out.append(cls)
        elif run == SHAPE_RUN + 1:
            out.append("+")
    shown = "".join(out)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def sample_records(data, cell_arrays, n_cells, fields: Fields, codec: str) -> list[dict[str, str]]:
    """The first records of a chunk, shape-masked (`Xxxx 99/99/9999`), as the report shows a dump's layout."""
    cs, ce, cf, cr = cell_arrays
    rows: list[dict[str, str]] = []
    for k in range(n_cells):
        r = int(cr[k])
        if r >= SAMPLE_RECORDS:
            break
        while len(rows) <= r:
            rows.append({})
        f = int(cf[k])
        name = fields.names[f] if 0 <= f < len(fields.names) and fields.names[f] else "(text)"
        # only the start of a cell: a 300 MB record must not be decoded whole for a 40-character sample
        value = data[cs[k] : min(int(ce[k]), int(cs[k]) + 160)].tobytes().decode(codec, "replace")
        rows[r][name] = shape_mask(value.replace("\r", " ").replace("\n", " "))
    return rows
