"""The library API: eager `scan` beside streaming `open_scan`, in-memory `scan_text`/`scan_bytes`.

Modelled on pyarrow's `read_csv`/`open_csv`: the eager call returns a finished `Report` (and the findings as
an Arrow table when asked); the streaming call yields findings as `pyarrow.RecordBatch`es with the
DESIGN.md §3 schema while the caller consumes them, in bounded memory, and exposes the report at the end.
Options are keyword-only and frozen (`ScanOptions`).
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from os import PathLike
from typing import Any, Literal

import pyarrow as pa

from piiscan.entities.contract import ENTITY_ORDER as _ENTITY
from piiscan.output.findings import SCHEMA
from piiscan.pack import EntitySpec, Pack, load_pack
from piiscan.scanner import Scanner, ScanOptions
from piiscan.source.inputs import Input, Skipped, iter_inputs
from piiscan.tables import compile_pack

__all__ = ["Finding", "Report", "ScanStream", "open_scan", "recognizers", "scan", "scan_bytes", "scan_text"]

Paths = str | PathLike[str] | Iterable[str | PathLike[str]]


@dataclass(frozen=True, slots=True)
class Report:
    """A finished scan: the DESIGN.md §5 report as a mapping, and the findings when they were kept."""

    data: Mapping[str, Any]
    findings: pa.Table | None = None

    @property
    def summary(self) -> Mapping[str, Any]:
        return self.data["summary"]

    @property
    def entities(self) -> Mapping[str, Any]:
        return self.data["entities"]

    def count(self, entity: str) -> int:
        """Findings of one entity (0 when absent)."""
        return int(self.data["entities"].get(entity, {}).get("findings", 0))


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
    """Findings batches of a running scan; `report` is available once the stream is exhausted."""

    def __init__(
        self,
        scanner: Scanner,
        batches: Iterator,
        *,
        unsafe_values: bool = False,
        context: Mapping[str, str] | None = None,
    ) -> None:
        self._scanner = scanner
        self._context = context
        self._batches = batches
        self._unsafe = unsafe_values
        self._report: Report | None = None

    @property
    def schema(self) -> pa.Schema:
        return SCHEMA.append(pa.field("value", pa.string())) if self._unsafe else SCHEMA

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        for batch in self._batches:
            if len(batch):
                yield batch.to_arrow(unsafe_values=self._unsafe)
        self._finish()

    def _finish(self) -> None:
        if self._report is None:
            from piiscan.output.report import build_report

            s = self._scanner
            self._report = Report(build_report(s.partial, elapsed=s.elapsed, workers=s.workers, context=self._context))

    @property
    def report(self) -> Report:
        if self._report is None:
            raise RuntimeError("the report is ready once every batch has been read")
        return self._report

    def read_all(self) -> pa.Table:
        """Every remaining batch as one table (small inputs only)."""
        return pa.Table.from_batches(list(self), schema=self.schema)


OnError = Literal["raise", "skip"]

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
    **kwargs: Any,
) -> ScanStream:
    """Stream the findings of `paths` as Arrow record batches (bounded memory); then read `.report`.

    Keyword options are those of `ScanOptions` (`format`, `encoding`, `workers`, `key`, `reference_date`...).

    A path that does not exist or cannot be read raises the matching `OSError` subclass, as `open()` does:
    `FileNotFoundError`, `PermissionError` (a named path at the call; a file found inside a named directory when
    the iteration reaches it).  With `on_error="skip"` it is skipped instead and counted in the report's
    `skipped` (what the `piiscan` command does).  Parts that are read but not scanned (empty, binary, damaged
    archives, safety limits) are always counted in `skipped`, never raised.

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
    inputs = iter_inputs(names, limits=scanner.options.limits, follow_links=scanner.options.follow_links)
    if on_error == "raise":
        inputs = _checked(inputs)
    return ScanStream(scanner, scanner.scan_inputs(inputs), unsafe_values=unsafe_values, context=context)


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
        from piiscan.output.severity import assess_severity, parse_context

        if pack is not None:
            raise ValueError("a custom pack cannot be sent to a Dask cluster yet: scan without client=")
        if options is not None and kwargs:
            raise TypeError("pass either options=ScanOptions(...) or keyword options, not both")
        if on_error not in ("raise", "skip"):
            raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
        if on_error == "raise":
            _check_named(_as_list(paths))
        data, table = scan_on_client(client, _as_list(paths), options or ScanOptions(**kwargs), findings=findings)
        if context:  # the workers' report assumed every circumstance: the caller's context decides
            data["severity"] = assess_severity(data, parse_context([f"{k}={v}" for k, v in context.items()]))
        return Report(data, table)
    stream = open_scan(paths, options=options, pack=pack, on_error=on_error, context=context, **kwargs)
    if findings:
        table = stream.read_all()
        return Report(stream.report.data, table)
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
    stream = ScanStream(scanner, scanner.scan_inputs([_memory_input(data, name)]))
    if findings:
        table = stream.read_all()
        return Report(stream.report.data, table)
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
