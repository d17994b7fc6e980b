"""Split what the user named into tasks for a cluster, in input order (no Dask here).

Large plain CSV and text files become byte ranges (`piiscan.parts`); compressed files, archive members
and formats whose records cannot be found from the middle (JSON, SQL, UTF-16) are one task each; small
inputs are grouped so a task's overhead (~ms) is paid per few megabytes, not per file.  What the walk
could not read stays where it was met, so the merged report lists inputs and skipped parts in the order a
one-process scan does.  Standard input and pipes cannot be opened by another machine: they are scanned
by the client itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from piiscan.formats.csv import csv_cells
from piiscan.formats.sniff import FormatInfo
from piiscan.parts import splittable
from piiscan.scanner import ScanOptions, sniff_input
from piiscan.source.encoding import Encoding
from piiscan.source.inputs import Input, Skipped, iter_inputs

__all__ = ["GROUP_BYTES", "PART_BYTES", "InputRef", "LocalInputs", "Plan", "Skips", "SplitFile", "WholeInputs", "plan"]

PART_BYTES = 64 << 20
"""Nominal byte range of a task: ~0.3 s of one core, large against Dask's ~1 ms per task, small enough that a
retried task costs little and a 1 GB file keeps 16 workers busy."""
GROUP_BYTES = 32 << 20
"""Small inputs are grouped until a task holds about this many bytes (or `GROUP_INPUTS` inputs)."""
GROUP_INPUTS = 64


@dataclass(frozen=True)
class InputRef:
    """An input a worker opens again: `name` as the report shows it, reached by walking `top` (the file on
    disk it lives in: itself, or the archive holding the member), `top_abs` being its absolute path."""

    name: str
    top: str
    top_abs: str
    size: int


@dataclass(frozen=True)
class WholeInputs:
    """Inputs scanned whole, one after the other, by one task."""

    refs: tuple[InputRef, ...]

    @property
    def bytes(self) -> int:
        return sum(r.size for r in self.refs)


@dataclass(frozen=True)
class SplitFile:
    """A large plain file cut into ranges; `starts` are the proposed starts (the first is exact)."""

    name: str
    path: str
    size: int
    encoding: Encoding
    format: FormatInfo
    starts: tuple[int, ...]


@dataclass(frozen=True)
class Skips:
    """What the client's walk could not read (already a `Skipped` there)."""

    entries: tuple[Skipped, ...]


@dataclass
class LocalInputs:
    """Inputs only this process can read (stdin, a pipe): scanned by the client."""

    inputs: list[Input] = field(default_factory=list)


Task = WholeInputs | SplitFile | Skips | LocalInputs


@dataclass
class Plan:
    tasks: list[Task]

    @property
    def n_ranges(self) -> int:
        return sum(len(t.starts) if isinstance(t, SplitFile) else 1 for t in self.tasks)


def _top_of(name: str) -> str | None:
    """The regular file an input lives in (`a.zip!m.csv` -> `a.zip`), None for stdin, a pipe or a device."""
    if name == "-":
        return None
    if os.path.isfile(name):
        return name
    k = name.find("!")
    while k >= 0:
        if os.path.isfile(name[:k]):
            return name[:k]
        k = name.find("!", k + 1)
    return None


def plan(
    paths: Iterable[str], options: ScanOptions, *, part_bytes: int = PART_BYTES, group_bytes: int = GROUP_BYTES
) -> Plan:
    """The tasks of a scan of `paths`, in input order (large files are sniffed here, once)."""
    tasks: list[Task] = []
    group: list[InputRef] = []
    group_size = 0

    def flush() -> None:
        nonlocal group, group_size
        if group:
            tasks.append(WholeInputs(tuple(group)))
        group, group_size = [], 0

    for item in iter_inputs(list(paths), limits=options.limits, follow_links=options.follow_links):
        if isinstance(item, Skipped):
            flush()
            if tasks and isinstance(tasks[-1], Skips):
                tasks[-1] = Skips((*tasks[-1].entries, item))
            else:
                tasks.append(Skips((item,)))
            continue
        top = _top_of(item.name)
        if top is None:
            flush()
            if not (tasks and isinstance(tasks[-1], LocalInputs)):
                tasks.append(LocalInputs())
            tasks[-1].inputs.append(item)
            continue
        size = item.size or 0
        if item.compression is None and top == item.name and size >= 2 * part_bytes:
            split = _split(item, options, part_bytes)
            if split is not None:
                flush()
                tasks.append(split)
                continue
        group.append(InputRef(item.name, top, os.path.abspath(top), size))
        group_size += size
        if group_size >= group_bytes or len(group) >= GROUP_INPUTS:
            flush()
    flush()
    return Plan(tasks)


def _split(inp: Input, options: ScanOptions, part_bytes: int) -> SplitFile | None:
    facts = sniff_input(inp, options)
    if facts is None or not splittable(*facts):
        return None
    enc, fmt = facts
    size = inp.size or 0
    starts = [enc.bom_len]
    with open(inp.name, "rb") as fh:
        width = _csv_width(fh, enc.bom_len, fmt) if fmt.kind == "csv" else 0
        for nominal in range(part_bytes, size - part_bytes // 2, part_bytes):
            start = _likely_record_start(fh, nominal, size, fmt, width) if width else None
            if start is None:
                start = _after_newline(fh, nominal, size)
            if start is not None and start > starts[-1] and start < size:
                starts.append(start)
    if len(starts) < 2:
        return None
    return SplitFile(inp.name, os.path.abspath(inp.name), size, enc, fmt, tuple(starts))


def _after_newline(fh, offset: int, size: int, window: int = 1 << 16) -> int | None:
    """The position after the first newline at or after `offset`: a proposed record start, checked later."""
    pos = offset
    while pos < size:
        fh.seek(pos)
        block = fh.read(window)
        if not block:
            return None
        k = block.find(b"\n")
        if k >= 0:
            return pos + k + 1
        pos += len(block)
    return None


_PROBE_BYTES = 1 << 18
_PROBE_RECORDS = 4


def _csv_cells(block: bytes, fmt: FormatInfo) -> tuple[np.ndarray, int]:
    """Cells per record of the complete records at the start of `block` (the scanner's own kernel)."""
    data = np.frombuffer(block, np.uint8)
    cap = max(1024, len(data) // 2)
    cs, ce, cf, cr = (np.empty(cap, np.int32) for _ in range(4))
    quote = ord(fmt.quote) if fmt.quote else 0
    n_cells, n_records, _consumed, _flags = csv_cells(data, len(data), ord(fmt.delimiter), quote, False, cs, ce, cf, cr)
    return np.bincount(cr[:n_cells], minlength=n_records)[:n_records], n_records


def _csv_width(fh, start: int, fmt: FormatInfo) -> int:
    """Cells of the file's first record (its header, or its first data record)."""
    fh.seek(start)
    widths, n = _csv_cells(fh.read(_PROBE_BYTES), fmt)
    return int(widths[0]) if n else 0


def _likely_record_start(fh, offset: int, size: int, fmt: FormatInfo, width: int) -> int | None:
    """The first line start after `offset` from which the next few records all have the file's width.

    A line start inside a quoted multi-line cell parses as a record of the wrong width, so this proposal is
    usually right where the plain newline is often wrong (~1 in 3 on the OFII-like dump, whose notes span
    lines); a wrong proposal only costs a second scan of one range, since every start is checked.
    """
    fh.seek(offset)
    block = fh.read(_PROBE_BYTES)
    pos = 0
    for _ in range(64):
        k = block.find(b"\n", pos)
        if k < 0 or k + 1 >= len(block):
            return None
        pos = k + 1
        widths, n = _csv_cells(block[pos:], fmt)
        if n >= 2 and bool(np.all(widths[: min(n - 1, _PROBE_RECORDS)] == width)):
            return offset + pos if offset + pos < size else None
    return None
