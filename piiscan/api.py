"""The library API: eager `scan` beside streaming `open_scan`, in-memory `scan_text`/`scan_bytes`.

Modelled on pyarrow's `read_csv`/`open_csv`: the eager call returns a finished `Report` (and the findings as
an Arrow table when asked); the streaming call yields findings as `pyarrow.RecordBatch`es with the
DESIGN.md §3 schema while the caller consumes them, in bounded memory, and exposes the report at the end.
Options are keyword-only and frozen (`ScanOptions`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from os import PathLike
from typing import Any

import pyarrow as pa

from piiscan.entities.contract import ENTITY_ORDER as _ENTITY
from piiscan.findings import SCHEMA
from piiscan.pack import EntitySpec, Pack, load_pack
from piiscan.scanner import Scanner, ScanOptions
from piiscan.source.inputs import Input
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

    def __init__(self, scanner: Scanner, batches: Iterator, *, unsafe_values: bool = False) -> None:
        self._scanner = scanner
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
            from piiscan.report import build_report

            s = self._scanner
            self._report = Report(build_report(s.partial, elapsed=s.elapsed, workers=s.workers))

    @property
    def report(self) -> Report:
        if self._report is None:
            raise RuntimeError("the report is ready once every batch has been read")
        return self._report

    def read_all(self) -> pa.Table:
        """Every remaining batch as one table (small inputs only)."""
        return pa.Table.from_batches(list(self), schema=self.schema)


def open_scan(
    paths: Paths,
    *,
    options: ScanOptions | None = None,
    pack: Pack | str | PathLike[str] | None = None,
    unsafe_values: bool = False,
    **kwargs: Any,
) -> ScanStream:
    """Stream the findings of `paths` as Arrow record batches (bounded memory); then read `.report`.

    Keyword options are those of `ScanOptions` (`format`, `encoding`, `workers`, `key`, `reference_date`...).
    """
    scanner = _scanner(options, pack, kwargs)
    return ScanStream(scanner, scanner.scan(_as_list(paths)), unsafe_values=unsafe_values)


def scan(
    paths: Paths,
    *,
    findings: bool = False,
    options: ScanOptions | None = None,
    pack: Pack | str | PathLike[str] | None = None,
    client: Any = None,
    **kwargs: Any,
) -> Report:
    """Scan `paths` to the end and return the report (with the findings table if `findings=True`).

    With `client` (a `dask.distributed.Client`), the scan runs on that cluster and the report is the same.
    """
    if client is not None:
        from piiscan.distributed.api import scan_on_client

        if pack is not None:
            raise ValueError("a custom pack cannot be sent to a Dask cluster yet: scan without client=")
        if options is not None and kwargs:
            raise TypeError("pass either options=ScanOptions(...) or keyword options, not both")
        data, table = scan_on_client(client, _as_list(paths), options or ScanOptions(**kwargs), findings=findings)
        return Report(data, table)
    stream = open_scan(paths, options=options, pack=pack, **kwargs)
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
