"""The library API: eager `scan` beside streaming `open_scan`, in-memory `scan_text`/`scan_bytes`.

Modelled on pyarrow's `read_csv`/`open_csv`: the eager call returns a finished `Report` (and the findings as
an Arrow table when asked); the streaming call yields findings as `pyarrow.RecordBatch`es with the
DESIGN.md §3 schema while the caller consumes them, in bounded memory, and exposes the report at the end.
Options are keyword-only and frozen (`ScanOptions`).

Every report carries the scan's `outcome` (`piiscan.output.outcome`): read completely or not, what was skipped
and why, bad records, and the exit status the `piiscan` command documents.  The command is a client of this
module (`open_scan`), so a library user gets the verdict the command exits with.
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal, Protocol

from piiscan.entities.contract import ENTITY_ORDER as _ENTITY
from piiscan.pack import EntitySpec, Pack, load_pack
from piiscan.scanner import Scanner, ScanOptions
from piiscan.source.inputs import Input, Skipped, iter_inputs
from piiscan.tables import compile_pack

if TYPE_CHECKING:
    import pyarrow as pa

    from piiscan.output.aggregate import Partial
    from piiscan.output.findings import FindingsBatch
    from piiscan.output.outcome import Outcome

__all__ = ["Finding", "Report", "ScanStream", "open_scan", "recognizers", "scan", "scan_bytes", "scan_text"]

Paths = str | PathLike[str] | Iterable[str | PathLike[str]]


@dataclass(frozen=True, slots=True)
class Report:
    """A finished scan: the DESIGN.md §5 report as a mapping, the findings when they were kept, and the
    scan's `outcome` (complete or not, what was skipped and why, the `piiscan` command's exit status)."""

    data: Mapping[str, Any]
    findings: pa.Table | None = None
    outcome: Outcome | None = None
    """Set on every report a scan returns; the same verdict and exit status as the `piiscan` command's."""
    _fingerprints: _Fingerprints | None = field(default=None, repr=False, compare=False)

    @property
    def summary(self) -> Mapping[str, Any]:
        return self.data["summary"]

    @property
    def entities(self) -> Mapping[str, Any]:
        return self.data["entities"]

    def count(self, entity: str) -> int:
        """Findings of one entity (0 when absent)."""
        return int(self.data["entities"].get(entity, {}).get("findings", 0))

    def write_fingerprints(self, path: str | PathLike[str]) -> None:
        """Write the scan's fingerprint file (DESIGN §7, for `piiscan compare`) to `path`, atomically.

        Needs a scan made with `key=` and `fingerprints=True`; a `ValueError` otherwise.  An `OSError` while
        writing becomes a one-line `piiscan.errors.OutputError` (exit status 7 in the command).
        """
        if self._fingerprints is None:
            raise ValueError("scan with key=... and fingerprints=True to write a fingerprint file")
        from piiscan.output.files import output_error
        from piiscan.output.fingerprints import write_fingerprints

        source = self._fingerprints
        try:
            write_fingerprints(path, source.partial, k0=source.k0, k1=source.k1)
        except OSError as exc:
            raise output_error(str(path), exc) from None


@dataclass(frozen=True, slots=True)
class _Fingerprints:
    """What a report keeps to write its fingerprint file: the merged partial (with its per-record identifiers)
    and the scan's key.  Kept only for scans made with `key=` and `fingerprints=True`."""

    partial: Partial
    k0: Any
    k1: Any


def finished_report(
    partial: Partial,
    *,
    errors: Iterable[BaseException],
    elapsed: float,
    workers: int,
    context: Mapping[str, str] | None,
    keys: tuple[Any, Any] | None,
    findings: pa.Table | None = None,
) -> Report:
    """The `Report` of a finished scan, local or on Dask: its data, outcome and fingerprint writer."""
    from piiscan.output.outcome import scan_outcome
    from piiscan.output.report import build_report

    data = build_report(partial, elapsed=elapsed, workers=workers, context=context)
    outcome = scan_outcome(partial, data, errors=errors)
    fingerprints = _Fingerprints(partial, *keys) if keys is not None and partial.identifiers is not None else None
    return Report(data, findings, outcome, fingerprints)


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding of `scan_text`: a small, in-memory convenience (large inputs use Arrow batches)."""

    entity: str
    start: int
    end: int
    text: str
    score: float
    field: str | None
    record: int
    location: str | None = None  # the cell of a table container (DESIGN §3); None for text


def _as_list(paths: Paths) -> list[str]:
    if isinstance(paths, (str, PathLike)):
        return [str(paths)]
    return [str(p) for p in paths]


def _scanner(options: ScanOptions | None, pack: Pack | str | PathLike[str] | None, kwargs: dict[str, Any]) -> Scanner:
    if options is not None and kwargs:
        raise TypeError("pass either options=ScanOptions(...) or keyword options, not both")
    opts = options or ScanOptions(**kwargs)
    tables = None
    if pack is not None:
        tables = compile_pack(pack if isinstance(pack, Pack) else load_pack(pack))
    return Scanner(opts, tables=tables)


class ScanStream:
    """Findings batches of a running scan; `report` (with its `outcome`) is available once the stream is
    exhausted."""

    def __init__(
        self,
        scanner: Scanner,
        inputs: Iterable[Input | Skipped],
        *,
        unsafe_values: bool = False,
        context: Mapping[str, str] | None = None,
    ) -> None:
        self._scanner = scanner
        self._context = context
        self._inputs = inputs
        self._unsafe = unsafe_values
        self._started = False
        self._done = False
        self._report: Report | None = None

    @property
    def schema(self) -> pa.Schema:
        import pyarrow as pa  # on first use: the command line's plain scans never load it

        from piiscan.output.findings import SCHEMA

        return SCHEMA.append(pa.field("value", pa.string())) if self._unsafe else SCHEMA

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        for batch in self.batches():
            if len(batch):
                yield batch.to_arrow(unsafe_values=self._unsafe)

    def batches(self) -> Iterator[FindingsBatch]:
        """The findings as piiscan's own column batches (`piiscan.output.findings.FindingsBatch`), before their
        conversion to Arrow: what `piiscan.output.writers` streams to a file in bounded slices.  Iterate
        either this or the stream, once."""
        if self._started:
            raise RuntimeError("a scan stream is read once")
        self._started = True
        yield from self._scanner.scan_inputs(self._inputs)
        self._done = True

    def exclude(self, identity: tuple[int, int]) -> None:
        """Never read the file of this `(st_dev, st_ino)` as an input: a file this scan writes (its findings
        file, or standard output redirected into a scanned folder), which a followed link could lead to."""
        if self._started:
            raise RuntimeError("exclude files before reading the stream")
        self._scanner.exclude.add(identity)

    def add_skip(self, *, source: str, reason: str, detail: str) -> None:
        """Count a part of the results the caller could not keep, as a part piiscan could not read: listed in
        the report's `skipped` and deciding the outcome (`reason="findings-limit"`: a findings file stopped at
        its size limit, exit status 6).  `detail` is one line, never a value of the input."""
        if self._report is not None:
            raise RuntimeError("add skips before reading the report")
        self._scanner.partial.add_skip({"source": source, "reason": reason, "bytes": None, "detail": detail})

    @property
    def report(self) -> Report:
        if not self._done:
            raise RuntimeError("the report is ready once every batch has been read")
        if self._report is None:
            s = self._scanner
            keys = (s.k0, s.k1) if s.options.key is not None else None
            self._report = finished_report(
                s.partial, errors=s.errors, elapsed=s.elapsed, workers=s.workers, context=self._context, keys=keys
            )
        return self._report

    def read_all(self) -> pa.Table:
        """Every remaining batch as one table (small inputs only)."""
        import pyarrow as pa

        return pa.Table.from_batches(list(self), schema=self.schema)


OnError = Literal["raise", "skip"]


class Progress(Protocol):
    """What `open_scan(progress=...)` tells while a scan runs (`piiscan.progress.ScanProgress` is one)."""

    def start_input(self, name: str, size: int | None) -> None: ...
    def advance(self, nbytes: int) -> None: ...
    def compiling(self, seconds: float | None) -> None: ...


_OS_ERRORS: dict[str, tuple[type[OSError], int]] = {
    "not-found": (FileNotFoundError, errno.ENOENT),
    "symlink-loop": (OSError, errno.ELOOP),
}


def _raise_for(item: Skipped) -> None:
    """The `OSError` subclass Python's own `open` would raise for a path the source layer could not read."""
    if item.reason in _OS_ERRORS:
        cls, code = _OS_ERRORS[item.reason]
    elif item.reason == "unreadable" and item.detail.endswith("permission denied"):
        cls, code = PermissionError, errno.EACCES
    elif item.reason == "unreadable":
        cls, code = OSError, errno.EIO
    else:
        return  # empty, binary, archive damage, limits: scanned around and counted in the report's `skipped`
    raise cls(code, os.strerror(code), item.name)


def _checked(inputs: Iterable[Input | Skipped]) -> Iterator[Input | Skipped]:
    for item in inputs:
        if isinstance(item, Skipped):
            _raise_for(item)
        yield item


def _check_named(paths: list[str]) -> None:
    """A named path that is missing or unreadable raises at the call, as `open()` would, not at the first batch."""
    for path in paths:
        if path == "-":
            continue
        os.stat(path)  # FileNotFoundError, PermissionError (a parent directory), NotADirectoryError...
        if not os.access(path, os.R_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)


def open_scan(
    paths: Paths,
    *,
    options: ScanOptions | None = None,
    pack: Pack | str | PathLike[str] | None = None,
    unsafe_values: bool = False,
    on_error: OnError = "raise",
    context: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    **kwargs: Any,
) -> ScanStream:
    """Stream the findings of `paths` as Arrow record batches (bounded memory); then read `.report`, whose
    `outcome` says whether everything was read, what was skipped and why, and the `piiscan` command's exit
    status for the scan.

    Keyword options are those of `ScanOptions` (`format`, `encoding`, `workers`, `key`, `reference_date`...).

    A path that does not exist or cannot be read raises the matching `OSError` subclass, as `open()` does:
    `FileNotFoundError`, `PermissionError` (a named path at the call; a file found inside a named directory when
    the iteration reaches it).  With `on_error="skip"` it is skipped instead and counted in the report's
    `skipped` (what the `piiscan` command does).  Parts that are read but not scanned (empty, binary, damaged
    archives, safety limits) are always counted in `skipped`, never raised.

    `progress` is told what the scan does while it runs: `start_input(name, size_on_disk)` when an input
    starts, `advance(nbytes)` as bytes are read, `compiling(None)` when a cold compile of the kernels starts
    and `compiling(seconds)` when it ends (`piiscan.progress.ScanProgress` draws them on a terminal).

    `context` is what you know of the breach, for the report's ENISA severity (`piiscan.output.severity.CONTEXT_KEYS`,
    e.g. `{"exposure": "known", "malicious": "no"}`).

    >>> open_scan(["no/such/dump.csv"])
    Traceback (most recent call last):
    FileNotFoundError: [Errno 2] No such file or directory: 'no/such/dump.csv'
    >>> open_scan(["no/such/dump.csv"], on_error="skip").read_all().num_rows
    0
    """
    if context is not None:
        from piiscan.output.severity import parse_context

        context = parse_context([f"{k}={v}" for k, v in context.items()])
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    names = _as_list(paths)
    if on_error == "raise":
        _check_named(names)
    scanner = _scanner(options, pack, kwargs)
    if progress is not None:
        scanner.on_input, scanner.on_progress, scanner.on_compile = (
            progress.start_input,
            progress.advance,
            progress.compiling,
        )
    inputs = iter_inputs(
        names, limits=scanner.options.limits, follow_links=scanner.options.follow_links, exclude=scanner.exclude
    )
    if on_error == "raise":
        inputs = _checked(inputs)
    return ScanStream(scanner, inputs, unsafe_values=unsafe_values, context=context)


def scan(
    paths: Paths,
    *,
    findings: bool = False,
    options: ScanOptions | None = None,
    pack: Pack | str | PathLike[str] | None = None,
    client: Any = None,
    on_error: OnError = "raise",
    context: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> Report:
    """Scan `paths` to the end and return the report (with the findings table if `findings=True`).

    With `client` (a `dask.distributed.Client`), the scan runs on that cluster and the report is the same.
    A missing or unreadable path raises `FileNotFoundError`/`PermissionError` unless `on_error="skip"`
    (see `open_scan`).
    """
    if client is not None:
        from piiscan.distributed.api import scan_on_client
        from piiscan.output.severity import parse_context

        if pack is not None:
            raise ValueError("a custom pack cannot be sent to a Dask cluster yet: scan without client=")
        if options is not None and kwargs:
            raise TypeError("pass either options=ScanOptions(...) or keyword options, not both")
        if on_error not in ("raise", "skip"):
            raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
        if on_error == "raise":
            _check_named(_as_list(paths))
        if context is not None:  # the workers assume every circumstance: the caller's context decides
            context = parse_context([f"{k}={v}" for k, v in context.items()])
        opts = options or ScanOptions(**kwargs)
        return scan_on_client(client, _as_list(paths), opts, findings=findings, context=context)
    stream = open_scan(paths, options=options, pack=pack, on_error=on_error, context=context, **kwargs)
    if findings:
        table = stream.read_all()
        return replace(stream.report, findings=table)
    for _ in stream:
        pass
    return stream.report


def _memory_input(data: bytes, name: str) -> Input:
    return Input(name=name, compression=None, size=len(data), open=lambda: io.BytesIO(data))


def scan_bytes(
    data: bytes,
    *,
    name: str = "<bytes>",
    findings: bool = False,
    options: ScanOptions | None = None,
    pack: Pack | str | PathLike[str] | None = None,
    **kwargs: Any,
) -> Report:
    """Scan an in-memory dump (any format and encoding the file scanner accepts, compressed or not)."""
    scanner = _scanner(options, pack, kwargs)
    stream = ScanStream(scanner, [_memory_input(data, name)])
    if findings:
        table = stream.read_all()
        return replace(stream.report, findings=table)
    for _ in stream:
        pass
    return stream.report


def scan_text(
    text: str,
    *,
    format: str = "text",
    options: ScanOptions | None = None,
    pack: Pack | str | PathLike[str] | None = None,
    **kwargs: Any,
) -> list[Finding]:
    """Findings in a string, with character positions into `text` (for notebooks and tests).

    >>> [(f.entity, f.text) for f in scan_text("Courriel : jean.dupont@exemple.fr")]
    [('EMAIL_ADDRESS', 'jean.dupont@exemple.fr')]
    """
    if options is None:
        kwargs.setdefault("format", format)
        kwargs.setdefault("encoding", "utf-8")
    scanner = _scanner(options, pack, kwargs)
    data = text.encode("utf-8")
    out: list[Finding] = []
    for batch in scanner.scan_inputs([_memory_input(data, "<text>")]):
        for i in range(len(batch)):
            start_b = int(batch.offset[i])
            end_b = start_b + int(batch.src_length[i])
            start = len(data[:start_b].decode("utf-8", "replace"))
            end = start + len(data[start_b:end_b].decode("utf-8", "replace"))
            fid = int(batch.field[i])
            out.append(
                Finding(
                    entity=_ENTITY[int(batch.entity[i])],
                    start=start,
                    end=end,
                    text=text[start:end],
                    score=float(batch.score[i]),
                    field=batch.field_names[fid] if fid >= 0 else None,
                    record=int(batch.record[i]),
                )
            )
    return out


def recognizers(pack: str | PathLike[str] | None = None) -> tuple[EntitySpec, ...]:
    """The entity definitions of a pack (the French pack by default)."""
    return load_pack(pack).entities
