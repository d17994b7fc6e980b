"""`piiscan.scan(paths, client=client)`: the library's eager scan, on the caller's Dask cluster."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from piiscan.distributed.cluster import register
from piiscan.distributed.runner import PART_BYTES, run_scan
from piiscan.distributed.tasks import FindingsSpec
from piiscan.output.findings import SCHEMA
from piiscan.scanner import ScanOptions

__all__ = ["scan_on_client"]


def scan_on_client(
    client, paths: list[str], options: ScanOptions, *, findings: bool = False, part_bytes: int = PART_BYTES
) -> tuple[dict[str, Any], pa.Table | None]:
    """The report (and the findings table when asked, in input order) of a scan on `client`'s cluster."""
    from piiscan.output.report import build_report

    if options.ner:
        raise ValueError("ner=True cannot run on a Dask cluster yet (the model would load in every task)")
    register(client)
    batches: list[pa.RecordBatch] = []
    result = run_scan(
        client,
        paths,
        options,
        findings=FindingsSpec(stream=findings),
        on_findings=batches.append if findings else None,
        part_bytes=part_bytes,
    )
    report = build_report(result.partial, elapsed=result.elapsed, workers=result.workers)
    table = pa.Table.from_batches(batches, schema=SCHEMA) if findings else None
    return report, table
