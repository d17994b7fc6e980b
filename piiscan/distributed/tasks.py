"""What runs on a worker: scan one task, return a small `Leaf`; merge two leaves in input order.

Everything here is imported from this module by the workers (never pickled from `__main__`), and imports
nothing from Dask, so it is tested without a cluster.  A leaf carries the mergeable `Partial` of its part
of the input plus what the exit code needs; the findings go to a Parquet file of their own (a dataset the
workers write) or, streamed back to the client, in a separate object that the merge never carries.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

import pyarrow as pa

from piiscan.distributed.planner import InputRef, LocalInputs, Skips, SplitFile, WholeInputs
from piiscan.errors import EXIT_PARTIAL
from piiscan.output.aggregate import InputStats, Partial
from piiscan.parts import Part
from piiscan.scanner import Scanner, ScanOptions
from piiscan.source.inputs import Skipped, iter_inputs
from piiscan.source.limits import Limits

__all__ = ["FindingsSpec", "Leaf", "PartCount", "count_part", "failed_leaf", "merge_leaves", "scan_leaf", "skips_leaf"]


@dataclass(frozen=True)
class FindingsSpec:
    """Where a task's findings go: nowhere, a Parquet file per task in `directory`, or back to the client."""

    directory: str | None = None
    stream: bool = False
    unsafe_values: bool = False


@dataclass
class Leaf:
    """The result of one task (or of merged tasks): `continues` when its first input is the tail of the
    previous leaf's last input (a later byte range of the same file)."""

    partial: Partial
    errors: list[tuple[int, str]] = field(default_factory=list)  # (exit status, one line) per input an error stopped
    continues: bool = False
    end: int | None = None  # a byte range: where it really ended
    records: int = 0  # a byte range: its records
    findings: list[pa.RecordBatch] | None = None


@dataclass(frozen=True)
class PartCount:
    """Structure pass of one range: where it ends and how many records it holds."""

    start: int
    end: int
    records: int


def _scanner(options: ScanOptions) -> Scanner:
    return Scanner(dataclasses.replace(options, workers=1))


def count_part(part: Part, options: ScanOptions) -> PartCount:
    """Read one range's structure only (cells, no detection): its true end and its record count."""
    scanner = _scanner(options)
    for _ in scanner.scan_part(part.path, dataclasses.replace(part, structure_only=True)):
        pass
    stats = scanner.partial.inputs[0]
    return PartCount(part.start, scanner.part_end, stats.records)


def scan_leaf(
    task: WholeInputs | SplitFile | LocalInputs,
    options: ScanOptions,
    findings: FindingsSpec,
    seq: int,
    part: Part | None = None,
) -> Leaf:
    """Scan a group of whole inputs, or one byte range `part` of a split file (its name from `task`)."""
    scanner = _scanner(options)
    writer = None
    kept: list[pa.RecordBatch] | None = [] if findings.stream else None
    if findings.directory is not None:
        from piiscan.output.writers import open_findings_writer

        path = os.path.join(findings.directory, f"part-{seq:06d}.parquet")
        writer = open_findings_writer(path, unsafe_values=findings.unsafe_values)
    try:
        if part is not None:
            batches = scanner.scan_part(task.name, part)
        elif isinstance(task, LocalInputs):
            batches = scanner.scan_inputs(task.inputs)
        else:
            batches = scanner.scan_inputs(_reopen(task.refs, options.limits))
        for batch in batches:
            if not len(batch):
                continue
            if writer is not None:
                writer.write(batch)
            if kept is not None:
                kept.append(batch.to_arrow(unsafe_values=findings.unsafe_values))
    finally:
        if writer is not None:
            writer.close()
    leaf = Leaf(
        scanner.partial,
        errors=[(getattr(e, "exit_code", EXIT_PARTIAL), str(e)) for e in scanner.errors],
        continues=part is not None and part.record_base > 0,
        findings=kept,
    )
    if part is not None:
        leaf.end = scanner.part_end
        leaf.records = scanner.partial.records
        leaf.continues = part.start > part.encoding.bom_len
    return leaf


def _reopen(refs: tuple[InputRef, ...], limits: Limits):
    """The inputs of `refs`, opened again here by walking the file each lives in (one walk per file), with
    the scan's decompression limits.

    Each input is handed on as soon as the walk reaches it, and scanned before the walk goes on: a member
    of a tar, a 7z or a mailbox can only be read while the walk is on it (`source.members.LiveMember`).
    """
    k = 0
    while k < len(refs):
        top = refs[k].top
        wanted = []
        while k < len(refs) and refs[k].top == top:
            wanted.append(refs[k])
            k += 1
        found: set[str] = set()
        names = {r.name for r in wanted}
        for item in iter_inputs([wanted[0].top_abs], limits=limits):
            name = top + item.name[len(wanted[0].top_abs) :] if item.name.startswith(wanted[0].top_abs) else item.name
            if name in names and name not in found:
                found.add(name)
                yield dataclasses.replace(item, name=name)
                if len(found) == len(names):
                    break
        for ref in wanted:
            if ref.name not in found:
                yield Skipped(ref.name, "not-found", None, f"{ref.name}: no longer found where the client saw it")


def skips_leaf(task: Skips) -> Leaf:
    """What the client's walk could not read, as the scanner records it."""
    partial = Partial()
    for item in task.entries:
        partial.add_skip(
            {"source": item.name, "reason": item.reason, "bytes": item.bytes, "detail": item.detail}, walk=True
        )
    return Leaf(partial)


def failed_leaf(name: str, nbytes: int | None, detail: str, *, continues: bool, whole: bool) -> Leaf:
    """A task that kept failing (a worker killed again and again, a bug): a counted skip, never a silence."""
    partial = Partial()
    if whole:
        partial.add_input(InputStats(source=name))
    partial.add_skip({"source": name, "reason": "scan-failed", "bytes": nbytes, "detail": detail})
    return Leaf(partial, errors=[(EXIT_PARTIAL, detail)], continues=continues and not whole)


def merge_leaves(left: Leaf, right: Leaf) -> Leaf:
    """`right` folded into `left` (input order: `left` comes first).  Partial.merge keeps the first sample,
    field preview and input order, so merging neighbours in a tree gives the one-process report."""
    if right.continues and right.partial.inputs and left.partial.inputs:
        tail = right.partial.inputs.pop(0)
        head = left.partial.inputs[-1]
        if head.source == tail.source:
            _fold_stats(head, tail)
        else:  # not the same file (a failed range between them): keep both rows
            right.partial.inputs.insert(0, tail)
    left.partial.merge(right.partial)
    left.errors.extend(right.errors)
    return left


def _fold_stats(head: InputStats, tail: InputStats) -> None:
    head.bytes += tail.bytes
    head.records += tail.records
    head.records_with_findings += tail.records_with_findings
    head.bad_records += tail.bad_records
    head.findings += tail.findings
    head.fields.extend(f for f in tail.fields if f not in head.fields)
    # coverage (piiscan.output.coverage): each range holds its own bytes, cut records and skipped binary values
    head.cut_records += tail.cut_records
    head.binary_values += tail.binary_values
    head.header_fields.extend(f for f in tail.header_fields if f not in head.header_fields)
    head.value_fields.extend(f for f in tail.value_fields if f not in head.value_fields)
    if head.bytes_present is not None and tail.bytes_present is not None:
        head.bytes_present += tail.bytes_present
    else:
        head.bytes_present = None


def without_findings(leaf: Leaf) -> Leaf:
    """The leaf as the merge tree takes it (its findings went to the client separately)."""
    return Leaf(leaf.partial, leaf.errors, leaf.continues, leaf.end, leaf.records, None)


def meta_of(leaf: Leaf) -> tuple[int, int]:
    """Where a byte range ended and its records: what the client checks the next range against."""
    return (leaf.end if leaf.end is not None else -1), leaf.records


def findings_of(leaf: Leaf) -> list[pa.RecordBatch]:
    return leaf.findings or []
