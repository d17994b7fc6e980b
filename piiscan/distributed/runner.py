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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from piiscan.aggregate import Partial
from piiscan.distributed import tasks as T
from piiscan.distributed.planner import PART_BYTES, LocalInputs, Plan, Skips, SplitFile, WholeInputs, plan
from piiscan.errors import PiiscanError
from piiscan.parts import Part
from piiscan.scanner import ScanOptions

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


def fixed_options(options: ScanOptions) -> ScanOptions:
    """Options every task shares: one fingerprint key and one reference date for the whole scan."""
    key = options.key if options.key is not None else os.urandom(32)
    ref = options.reference_date or dt.date.today()
    return dataclasses.replace(options, key=key, reference_date=ref)


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
    input order (with `findings.stream`); `on_progress(n_bytes)` is called as tasks finish."""
    from distributed import as_completed

    started = time.perf_counter()
    options = fixed_options(options)
    findings = findings or T.FindingsSpec()
    if findings.directory is not None:
        os.makedirs(findings.directory, exist_ok=True)
    the_plan = plan(paths, options, part_bytes=part_bytes)
    plan_seconds = time.perf_counter() - started
    tag = uuid.uuid4().hex[:8]

    t0 = time.perf_counter()
    ranges, recounted = _exact_ranges(client, the_plan, options, tag)
    count_seconds = time.perf_counter() - t0

    # one entry per leaf, in input order: (future or local Leaf, name, bytes, whole?, continues?)
    leaves: list[list] = []
    seq = 0
    for k, task in enumerate(the_plan.tasks):
        if isinstance(task, Skips):
            leaves.append([T.skips_leaf(task), None, 0, True, False])
        elif isinstance(task, LocalInputs):
            leaves.append([_local_leaf(task, options, findings, seq), None, 0, True, False])
            seq += 1
        elif isinstance(task, WholeInputs):
            fut = client.submit(T.scan_leaf, task, options, findings, seq, key=f"piiscan-leaf-{tag}-{seq}")
            names = ", ".join(r.name for r in task.refs[:3]) + (" …" if len(task.refs) > 3 else "")
            leaves.append([fut, names, task.bytes, True, False])
            seq += 1
        else:
            for part in ranges[k]:
                fut = client.submit(T.scan_leaf, task, options, findings, seq, part, key=f"piiscan-leaf-{tag}-{seq}")
                nbytes = (part.stop or task.size) - part.start
                leaves.append([fut, f"{task.name} (bytes {part.start}-{part.stop or task.size})", nbytes, False, True])
                seq += 1

    futures = [entry[0] for entry in leaves if _is_future(entry[0])]
    where = {id(entry[0]): entry for entry in leaves if _is_future(entry[0])}
    stream_futs: dict[int, object] = {}
    for fut in as_completed(futures):
        entry = where[id(fut)]
        if fut.status != "finished":
            exc = fut.exception()
            kind = type(exc).__name__
            detail = f"{entry[1]}: could not be scanned on the cluster ({kind}, after retries)"
            entry[0] = client.scatter(
                T.failed_leaf(entry[1].split(" (bytes")[0], entry[2], detail, continues=entry[4], whole=entry[3])
            )
            continue
        if on_progress is not None:
            on_progress(entry[2])
        if findings.stream:
            stream_futs[id(fut)] = client.submit(T.findings_of, fut, key=f"piiscan-findings-{fut.key}")

    if findings.stream and on_findings is not None:
        for entry in leaves:
            if isinstance(entry[0], T.Leaf):
                for batch in T.findings_of(entry[0]):
                    on_findings(batch)
            sf = stream_futs.get(id(entry[0]))
            if sf is not None:
                for batch in sf.result():
                    on_findings(batch)
                sf.release()

    level = []
    for entry in leaves:
        item = entry[0]
        if _is_future(item):
            level.append(
                client.submit(T.without_findings, item, key=f"piiscan-strip-{item.key}") if findings.stream else item
            )
        else:
            level.append(client.scatter(T.without_findings(item)))
    depth = 0
    while len(level) > 1:
        nxt = []
        for i in range(0, len(level), 2):
            if i + 1 < len(level):
                nxt.append(
                    client.submit(T.merge_leaves, level[i], level[i + 1], key=f"piiscan-merge-{tag}-{depth}-{i}")
                )
            else:
                nxt.append(level[i])
        level = nxt
        depth += 1
    merged: T.Leaf = level[0].result() if level else T.Leaf(Partial())
    errors = [PiiscanError("a part of the scan ended with an error", exit_code=c) for c in merged.codes]
    workers = len(client.scheduler_info().get("workers", {})) or 1
    return DaskScan(
        merged.partial,
        errors,
        time.perf_counter() - started,
        workers,
        tasks=seq,
        plan_seconds=plan_seconds,
        count_seconds=count_seconds,
        recounted=recounted,
    )


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
