"""Where a scan's CPU goes, stage by stage, on the first megabytes of any dump (CSV, JSON Lines, SQL, text).

    python -m benchmarks.stages DUMP [DUMP ...] --mb 64
    python -m benchmarks.stages /data/sql_v1_g1_s1.sql --mb 128 --repeat 3

The dump is cut into the scan's own chunks (8 MiB, on record boundaries, as the scanner's reader does) and
each stage runs single-threaded on them, warm: the structure kernel with its Python naming (`cells`: the
reading thread's work, which no worker shares), the detection kernel (`detect`: the workers' work), the
rest of a worker's task (`task`: the kernel's calls subtracted within the same run) and the aggregation
(`finish`, warm, into a fresh partial each run; `once`: what its first call costs more, in ms per process).
Times are CPU seconds of this thread (`time.thread_time`), best of `--repeat`, so a busy machine inflates
them less than wall-clock figures.
A shape whose `cells` figure approaches half its `detect` figure is bound by the reading thread at
2 workers, whatever the detection kernel does.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import Future
from pathlib import Path

import numpy as np

import piiscan.scanner as scanner_module
from piiscan.formats import Fields, open_format
from piiscan.formats.sniff import sniff
from piiscan.kernels.chars import IDENTITY_BYTES, byte_cp_table
from piiscan.output.aggregate import InputStats, Partial
from piiscan.scanner import Scanner, ScanOptions
from piiscan.source.encoding import detect_encoding
from piiscan.source.inputs import Input

__all__ = ["main"]

CHUNK = 8 << 20
_KEY = b"piiscan stages benchmark key 32B"


def _chunks(raw: bytes, scanner: Scanner, fmt, codec: str, clock: list[float] | None = None):
    """The dump as the scanner's chunks: `(data, cell arrays, n_cells, n_records)`, header taken.  `clock`
    adds the thread CPU time of the structure stage alone (not the copy of each chunk into its buffer)."""
    fields = Fields(scanner.tables)
    structure = open_format(fmt, fields=fields, codec=codec)
    out = []
    pos = 0
    while pos < len(raw):
        piece = raw[pos : pos + CHUNK]
        final = pos + CHUNK >= len(raw)
        data = np.frombuffer(piece, np.uint8).copy()
        t = time.thread_time()
        n_cells, n_records, consumed, arrays, _bad, _blobs = structure.cells(data, len(data), final)
        if clock is not None:
            clock[0] += time.thread_time() - t
        if consumed == 0:
            break
        out.append((data, arrays, n_cells, n_records))
        pos += consumed
    return out, fields


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.thread_time()
        fn()
        best = min(best, time.thread_time() - t)
    return best


def measure(path: Path, *, mb: int, repeat: int) -> dict[str, float]:
    """CPU seconds per stage over the first `mb` MB of `path`, and the bytes measured."""
    with path.open("rb") as fh:
        raw = fh.read(mb << 20)
    raw = raw[: raw.rfind(b"\n") + 1]
    enc = detect_encoding(raw[:65536])
    fmt = sniff(raw[:65536], encoding=enc.name, forced=None)
    scanner = Scanner(ScanOptions(workers=1, key=_KEY))  # a fixed key: the same previews work every run
    if enc.kind == "single":
        kern_enc, byte_cp, codec = 1, byte_cp_table(enc.name), enc.name
    else:
        kern_enc, byte_cp, codec = 0, IDENTITY_BYTES, "utf-8"
    is_json = fmt.kind in ("json", "jsonl")
    scanner._compile_detection(kern_enc, byte_cp, is_json)
    chunks, fields = _chunks(raw, scanner, fmt, codec)
    hints = fields.hint_array()

    def cells() -> float:
        clock = [0.0]
        _chunks(raw, scanner, fmt, codec, clock)
        return clock[0]

    results = []

    def detect() -> None:
        results.clear()
        for data, arrays, n_cells, n_records in chunks:
            results.append(scanner._detect(data, n_cells, arrays, n_records, hints, kern_enc, byte_cp, is_json))

    def task_rest() -> float:
        """The workers' tasks minus their detection-kernel calls, timed within the same run: the difference of
        two best-of figures (tasks, detect) was noise as large as what it measured."""
        results.clear()
        in_kernel = [0.0]
        real = scanner_module.detect_cells

        def timed(*args, **kwargs):
            t = time.thread_time()
            try:
                return real(*args, **kwargs)
            finally:
                in_kernel[0] += time.thread_time() - t

        scanner_module.detect_cells = timed
        try:
            t = time.thread_time()
            for data, arrays, n_cells, n_records in chunks:
                task = (0, 0, data, n_cells, arrays, n_records, hints, kern_enc, byte_cp, is_json)
                results.append(scanner._detect_chunk(*task))
            return time.thread_time() - t - in_kernel[0]
        finally:
            scanner_module.detect_cells = real

    def finish() -> None:
        scanner.partial = Partial()  # each run folds into a fresh partial, as one scan does
        inp = Input(name=str(path), compression=None, size=len(raw), open=path.open, path=str(path))
        stats = InputStats(source=str(path))
        for (data, arrays, n_cells, _n), res in zip(chunks, results, strict=True):
            fut: Future = Future()
            fut.set_result(res)
            scanner._finish((fut, data, 0, 0, arrays, n_cells), inp, stats, fields, enc, codec)

    t_cells = min(cells() for _ in range(repeat))
    t_detect = _best(detect, repeat)
    t_rest = min(task_rest() for _ in range(repeat))
    # the first call also loads the aggregation kernels from numba's cache: a one-time cost, shown apart
    t_finish_first = _best(finish, 1)
    t_finish = _best(finish, repeat)
    return {
        "format": fmt.kind,
        "bytes": len(raw),
        "cells": t_cells,
        "detect": t_detect,
        "task_rest": t_rest,
        "finish": t_finish,
        "finish_once": max(0.0, t_finish_first - t_finish),
        "cells_n": sum(c[2] for c in chunks),
        "records": sum(c[3] for c in chunks),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dumps", type=Path, nargs="+")
    ap.add_argument("--mb", type=int, default=64, help="megabytes read from the start of each dump")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    head = (
        f"{'dump':<28} {'fmt':<5} {'MB':>5} {'cells/B':>8} {'ns/B cells':>10} {'detect':>7} {'task':>6} {'finish':>7}"
        f" {'once ms':>8}"
    )
    print(head + "\n" + "-" * len(head))
    for path in args.dumps:
        r = measure(path, mb=args.mb, repeat=args.repeat)
        ns = 1e9 / r["bytes"]
        print(
            f"{path.name[:28]:<28} {r['format']:<5} {r['bytes'] / 1e6:>5.0f} {r['cells_n'] / r['bytes'] * 1000:>8.1f} "
            f"{r['cells'] * ns:>10.2f} {r['detect'] * ns:>7.2f} {r['task_rest'] * ns:>6.2f} {r['finish'] * ns:>7.2f}"
            f" {r['finish_once'] * 1e3:>8.1f}"
        )
    print(
        "ns/B: CPU nanoseconds per input byte, one thread; cells/B: cells per 1000 bytes; task: a worker's task "
        "outside the detection kernel; once: the first finish's extra CPU (kernels loaded from numba's cache)"
    )


if __name__ == "__main__":
    main()
