"""`piiscan.scan(paths, client=client)`: the library's eager scan, on the caller's Dask cluster."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pyarrow as pa

from piiscan.distributed.cluster import register
from piiscan.distributed.runner import PART_BYTES, run_scan
from piiscan.distributed.tasks import FindingsSpec
from piiscan.output.findings import SCHEMA
from piiscan.scanner import ScanOptions

if TYPE_CHECKING:
    from piiscan.api import Report

__all__ = ["scan_on_client"]


def scan_on_client(
    client,
    paths: list[str],
    options: ScanOptions,
    *,
    findings: bool = False,
    part_bytes: int = PART_BYTES,
    context: Mapping[str, str] | None = None,
) -> Report:
    """The report of a scan on `client`'s cluster (with the findings table in input order when asked), its
    outcome computed as a local scan's (`piiscan.output.outcome`)."""
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
    table = pa.Table.from_batches(batches, schema=SCHEMA) if findings else None
    return result.report(context=context, key=options.key, findings=table)
