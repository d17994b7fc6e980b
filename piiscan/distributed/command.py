"""`piiscan scan ... --dask local|ADDRESS`: the command line's scan, run on a Dask cluster."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from piiscan.distributed.cluster import connect, require_dask
from piiscan.distributed.runner import run_scan
from piiscan.distributed.tasks import FindingsSpec
from piiscan.errors import EXIT_USAGE, PiiscanError
from piiscan.scanner import ScanOptions

if TYPE_CHECKING:
    from piiscan.api import Report

__all__ = ["findings_spec", "scan_on_dask"]


def findings_spec(path: str | None, *, unsafe: bool) -> FindingsSpec:
    """`--findings DIR/` (or an existing directory): a Parquet dataset the workers write, one file per task;
    any other path: findings streamed back to this process and written there, in input order."""
    if path is None:
        return FindingsSpec()
    if path.endswith(("/", os.sep)) or os.path.isdir(path):
        return FindingsSpec(directory=path, unsafe_values=unsafe)
    return FindingsSpec(stream=True, unsafe_values=unsafe)


def scan_on_dask(
    args: argparse.Namespace, options: ScanOptions, *, progress, open_writer, context: Mapping[str, str]
) -> Report:
    """Scan `args.paths` on the cluster `args.dask` names: the `Report` a local scan gives, with its outcome
    (so `--dask` exits as a local scan does) and its fingerprint file."""
    require_dask()
    if options.ner:
        raise PiiscanError(
            "--ner cannot run with --dask yet (the language model would load in every task): scan without --dask",
            exit_code=EXIT_USAGE,
        )
    spec = findings_spec(args.findings, unsafe=args.unsafe_show_values)
    writer = open_writer(args.findings, unsafe=args.unsafe_show_values) if spec.stream else None
    try:
        with connect(args.dask, workers=args.workers) as client:
            result = run_scan(
                client,
                args.paths,
                options,
                findings=spec,
                on_findings=writer.write if writer is not None else None,
                on_progress=progress,
                **({"part_bytes": args.dask_part_size} if args.dask_part_size else {}),
            )
    except BaseException:
        progress.done()
        if writer is not None:  # a failed scan leaves no findings file that looks complete (piiscan.output.files)
            getattr(writer, "abort", writer.close)()
        raise
    progress.done()
    if writer is not None:
        writer.close()
    return result.report(context=context, key=options.key)
