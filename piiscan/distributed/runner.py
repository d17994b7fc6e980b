"""The client side of a scan on Dask: plan, check the ranges, scan, merge in a tree on the workers.

1. `planner.plan` lists tasks in input order (byte ranges of large plain files, groups of whole inputs).
2. Ranges: a structure pass per proposed range (no detection, ~1/8 of a scan) gives its true end and its
   records; the client checks each proposed start against the previous range's end (rescanning from the
   true end when a guess fell inside a quoted cell) and so knows every range's first record index.
3. Each task scans its part and returns a `Leaf`; findings are written by the workers (one Parquet file per
   task) or streamed back in input order.
4. Leaves merge pairwise, neighbours with neighbours, on the workers; the client receives one `Leaf`.

A task whose worker keeps dying (Dask retries it `distributed.scheduler.allowed-failures` times) or that
raises becomes a counted skip ("scan-failed") and the rest of the report stays exact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from piiscan.distributed import tasks as T
from piiscan.distributed.planner import PART_BYTES, LocalInputs, Plan, Skips, SplitFile, WholeInputs, plan
from piiscan.errors import PiiscanError
from piiscan.output.aggregate import Partial
from piiscan.parts import Part
from piiscan.scanner import ScanOptions

if TYPE_CHECKING:
    import pyarrow as pa

    from piiscan.api import Report

__all__ = ["DaskScan", "fixed_options", "run_scan", "settle_ranges"]


@dataclass
class DaskScan:
    """A finished scan on a cluster, shaped like a `Scanner` after a scan (for the report and exit code)."""

    partial: Partial
    errors: list[PiiscanError]
    elapsed: float
    workers: int
    tasks: int = 0
    plan_seconds: float = 0.0
    count_seconds: float = 0.0
    recounted: int = 0
    findings_files: list[str] = field(default_factory=list)

    def report(
        self, *, context: Mapping[str, str] | None = None, key: bytes | None = None, findings: pa.Table | None = None
    ) -> Report:
        """This scan's `piiscan.api.Report`, built as a local scan's: the report, its outcome (the exit status
        of `piiscan scan --dask`), and the fingerprint file when `key` (the scan's key) is given."""
        from piiscan.api import finished_report
        from piiscan.scanner import derive_key

        return finished_report(
            self.partial,
            errors=self.errors,
            elapsed=self.elapsed,
            workers=self.workers,
            context=context,
            keys=derive_key(key) if key is not None else None,
            findings=findings,
        )


def fixed_options(options: ScanOptions) -> ScanOptions:
    """Options every task shares: one fingerprint key and one reference date for the whole scan."""
    key = options.key if options.key is not None else os.urandom(32)
    ref = options.reference_date or dt.date.today()
    return dataclasses.replace(options, key=key, reference_date=ref)


@dataclass
class _Entry:
    """One leaf of the merge, in input order: a future on the cluster (or a `Leaf` made here)."""

    item: object
    name: str = ""
    nbytes: int = 0
    whole: bool = True
    task: SplitFile | None = None  # a byte range of this split file
    part: Part | None = None
    shift: int = 0  # records before this range, added to its streamed findings' `record`


def run_scan(
    client,
    paths: Iterable[str],
    options: ScanOptions,
    *,
    findings: T.FindingsSpec | None = None,
    on_findings: Callable | None = None,
    on_progress: Callable[[int], None] | None = None,
    part_bytes: int = PART_BYTES,
) -> DaskScan:
    """Scan `paths` on the cluster of `client`.  `on_findings(record_batch)` receives streamed findings in
    input order (with `findings.stream`); `on_progress(n_bytes)` is called as tasks finish.

    Byte ranges need their first record index before they run only when the workers write the findings
    (`findings.directory`) or a fingerprint file is asked for: then a structure pass settles the ranges
    first.  Otherwise the ranges run at
    once from the proposed starts, and a range whose start proves wrong (the previous one ended elsewhere)
    is scanned again from the true boundary; streamed findings get their record index added here.
    """
    from distributed import as_completed

    started = time.perf_counter()
    options = fixed_options(options)
    findings = findings or T.FindingsSpec()
    if findings.directory is not None:
        os.makedirs(findings.directory, exist_ok=True)
    the_plan = plan(paths, options, part_bytes=part_bytes)
    plan_seconds = time.perf_counter() - started
    run = _Run(client, options, findings, uuid.uuid4().hex[:8])

    t0 = time.perf_counter()
    # the workers write findings, or the partial keeps per-record identifiers (a fingerprint file): ranges
    # must know their first record index before they run
    settled = findings.directory is not None or options.fingerprints
    if settled:
        ranges, run.recounted = _exact_ranges(client, the_plan, options, run.tag)
    else:
        ranges = {k: _proposed(t) for k, t in enumerate(the_plan.tasks) if isinstance(t, SplitFile)}
    count_seconds = time.perf_counter() - t0

    entries: list[_Entry] = []
    for k, task in enumerate(the_plan.tasks):
        if isinstance(task, Skips):
            entries.append(_Entry(T.skips_leaf(task)))
        elif isinstance(task, LocalInputs):
            entries.append(_Entry(T.scan_leaf(task, options, findings, run.next_seq())))
        elif isinstance(task, WholeInputs):
            names = ", ".join(r.name for r in task.refs[:3]) + (" …" if len(task.refs) > 3 else "")
            entries.append(_Entry(run.submit(task), names, task.bytes))
        else:
            for part in ranges[k]:
                end = part.stop or task.size
                entries.append(
                    _Entry(run.submit(task, part), f"{task.name} (bytes {part.start}-{end})", end - part.start,
                           whole=False, task=task, part=part)
                )  # fmt: skip

    by_future = {id(e.item): e for e in entries if _is_future(e.item)}
    for fut in as_completed([e.item for e in by_future.values()]):
        entry = by_future[id(fut)]
        if fut.status != "finished":
            entry.item = None  # failed: settled below
        elif on_progress is not None:
            on_progress(entry.nbytes)
    if not settled:
        entries = run.settle_speculative(entries)
    for entry in entries:
        if entry.item is None:
            entry.item = run.failed(entry)

    if findings.stream and on_findings is not None:
        for entry in entries:
            batches = (
                T.findings_of(entry.item) if isinstance(entry.item, T.Leaf)
                else client.submit(T.findings_of, entry.item, key=f"piiscan-findings-{entry.item.key}").result()
            )  # fmt: skip
            for batch in batches:
                on_findings(_shift_records(batch, entry.shift) if entry.shift else batch)

    level = []
    for entry in entries:
        item = entry.item
        if _is_future(item):
            level.append(
                client.submit(T.without_findings, item, key=f"piiscan-strip-{item.key}") if findings.stream else item
            )
        else:
            level.append(client.scatter(T.without_findings(item), hash=False))
    entries.clear()
    by_future.clear()
    merged = _merge_tree(client, level, run.tag)
    errors = [PiiscanError(line, exit_code=code) for code, line in merged.errors]  # as a local scan has them
    workers = len(client.scheduler_info().get("workers", {})) or 1
    return DaskScan(
        merged.partial,
        errors,
        time.perf_counter() - started,
        workers,
        tasks=run.seq,
        plan_seconds=plan_seconds,
        count_seconds=count_seconds,
        recounted=run.recounted,
    )


def _merge_tree(client, level: list, tag: str) -> T.Leaf:
    """Merge neighbours with neighbours on the workers; the client receives one leaf.

    `merge_leaves` folds the right leaf into the left one in place (no copy of the fingerprint sets), so
    the client drops each level's futures as soon as the next is submitted: a merged leaf is never read
    again, and the workers free the right leaves as they go.
    """
    depth = 0
    while len(level) > 1:
        nxt = []
        for i in range(0, len(level), 2):
            if i + 1 < len(level):
                key = f"piiscan-merge-{tag}-{depth}-{i}"
                nxt.append(client.submit(T.merge_leaves, level[i], level[i + 1], key=key))
            else:
                nxt.append(level[i])
        level[:] = nxt  # the caller's list too: no reference to a merged level remains
        depth += 1
    return level[0].result() if level else T.Leaf(Partial())


class _Run:
    """Submitting tasks of one scan, with keys that name them (a test or a log can tell what ran)."""

    def __init__(self, client, options: ScanOptions, findings: T.FindingsSpec, tag: str) -> None:
        self.client = client
        self.options = options
        self.findings = findings
        self.tag = tag
        self.seq = 0
        self.recounted = 0

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq - 1

    def submit(self, task, part: Part | None = None):
        seq = self.next_seq()
        args = (task, self.options, self.findings, seq) + ((part,) if part is not None else ())
        return self.client.submit(T.scan_leaf, *args, key=f"piiscan-leaf-{self.tag}-{seq}")

    def failed(self, entry: _Entry) -> T.Leaf:
        name = entry.task.name if entry.task is not None else entry.name
        detail = f"{entry.name}: could not be scanned on the cluster (after retries)"
        continues = entry.part is not None and entry.part.start > entry.part.encoding.bom_len
        return T.failed_leaf(name, entry.nbytes, detail, continues=continues, whole=entry.whole)

    def settle_speculative(self, entries: list[_Entry]) -> list[_Entry]:
        """Check each range's start against where the previous range of its file really ended; scan again
        from the true end where they differ (drop a range the previous one swallowed); record shifts."""
        client = self.client
        ranged = [e for e in entries if e.part is not None and e.item is not None]
        metas = dict(zip(map(id, ranged), client.gather([client.submit(T.meta_of, e.item) for e in ranged]),
                         strict=True))  # fmt: skip
        out: list[_Entry] = []
        cur: int | None = None
        records = 0
        for entry in entries:
            part = entry.part
            if part is None:
                out.append(entry)
                continue
            if part.start <= part.encoding.bom_len:  # the first range of a file
                cur, records = part.start, 0
            assert cur is not None
            if part.stop is not None and cur >= part.stop:
                continue  # swallowed by the previous range (a record across it)
            if part.start != cur:
                self.recounted += 1
                part = dataclasses.replace(part, start=cur)
                entry = dataclasses.replace(entry, part=part, item=self.submit(entry.task, part))
                wait_for = entry.item
                meta = client.submit(T.meta_of, wait_for).result() if _finished(wait_for) else None
                if meta is None:
                    entry.item = None
            else:
                meta = metas.get(id(entry))
            if meta is None:  # failed: its end is still needed by the next range
                meta = T.count_part(dataclasses.replace(part, structure_only=True), self.options)
                meta = (meta.end, meta.records)
            entry.shift = records
            out.append(entry)
            cur, records = meta[0], records + meta[1]
        return out


def _finished(fut) -> bool:
    from distributed import wait

    wait([fut])
    return fut.status == "finished"


def _proposed(task: SplitFile) -> list[Part]:
    """The ranges of `task` as proposed (starts after a newline), to be checked after they ran."""
    stops = [*task.starts[1:], None]
    return [_part(task, a, b, 0) for a, b in zip(task.starts, stops, strict=True)]


def _shift_records(batch, shift: int):
    """`batch` with `shift` added to its `record` column (records before its byte range)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    k = batch.schema.get_field_index("record")
    columns = list(batch.columns)
    columns[k] = pc.add(columns[k], pa.scalar(shift, pa.int64()))
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


def _is_future(item) -> bool:
    return hasattr(item, "key") and hasattr(item, "status")


def _exact_ranges(client, the_plan: Plan, options: ScanOptions, tag: str) -> tuple[dict[int, list[Part]], int]:
    """For each split file, its ranges with true starts, ends and first record indices."""
    from distributed import wait

    proposals: dict[int, list] = {}
    for k, task in enumerate(the_plan.tasks):
        if not isinstance(task, SplitFile):
            continue
        futs = []
        for j, start in enumerate(task.starts[:-1]):  # the last range's count is not needed
            part = _part(task, start, task.starts[j + 1], 0)
            futs.append(client.submit(T.count_part, part, options, key=f"piiscan-count-{tag}-{k}-{j}"))
        proposals[k] = futs
    out: dict[int, list[Part]] = {}
    recounted = 0
    for k, futs in proposals.items():
        task = the_plan.tasks[k]
        assert isinstance(task, SplitFile)

        def recount(part: Part, k: int = k) -> T.PartCount:
            fut = client.submit(T.count_part, part, options, key=f"piiscan-recount-{tag}-{k}-{part.start}")
            wait([fut])
            # a structure pass that keeps failing on the cluster is run here: every range must be placed
            return fut.result() if fut.status == "finished" else T.count_part(part, options)

        wait(futs)
        counts = [f.result() if f.status == "finished" else None for f in futs]
        out[k], n = settle_ranges(task, counts, recount)
        recounted += n
    return out, recounted


def settle_ranges(
    task: SplitFile, counts: list[T.PartCount | None], recount: Callable[[Part], T.PartCount]
) -> tuple[list[Part], int]:
    """The ranges of `task` with true starts and first record indices, from the structure pass of each
    proposed range (`counts`, all but the last).  A proposed start that is not where the previous range
    really ended fell inside a record (a quoted cell across lines): that range is counted again from the
    true end (`recount`), or dropped when the previous range swallowed it whole.  Returns the ranges and
    how many were counted again."""
    cur = task.starts[0]
    records = 0
    parts: list[Part] = []
    recounted = 0
    n = len(task.starts)
    for j in range(n):
        if cur >= task.size:
            break
        stop = task.starts[j + 1] if j + 1 < n else None
        if stop is not None and cur >= stop:
            continue  # this proposed range lies inside a record of the previous one
        if stop is None:
            parts.append(_part(task, cur, None, records))
            break
        count = counts[j]
        if task.starts[j] != cur or count is None:
            recounted += 1
            count = recount(_part(task, cur, stop, 0))
        parts.append(_part(task, cur, count.end, records))
        records += count.records
        cur = count.end
    return parts, recounted


def _part(task: SplitFile, start: int, stop: int | None, record_base: int) -> Part:
    return Part(
        path=task.path, encoding=task.encoding, format=task.format, start=start, stop=stop, record_base=record_base
    )


def _local_leaf(task: LocalInputs, options: ScanOptions, findings: T.FindingsSpec, seq: int) -> T.Leaf:
    """Standard input or a pipe: read here, the only process that can (findings kept in input order)."""
    return T.scan_leaf(task, options, findings, seq)
