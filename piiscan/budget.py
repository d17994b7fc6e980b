"""Memory as a budget: the worker count and the chunk size are derived from it, not the other way round.

Why: each worker has a chunk in flight, and a chunk costs far more than its bytes: its cell bounds, the
worker's detection output and value memo, its finding columns, the next chunk read while it is detected.
With 8 MiB chunks that was ~60-75 MB a worker, and the default was every core: peak RSS 522 MB at 2 workers,
988 MB at 8, 1.36 GB at 16, 3.3 GB at 64 on the 1 GB benchmark dump.  Here the memory left once the
fixed part is paid (`FIXED_BYTES`: interpreter, numba, the pack's tables, the fingerprint sets) is shared
among the chunks in flight: more workers get smaller chunks, down to `MIN_CHUNK`, and past that no more
workers are started than the budget can hold.

>>> plan(workers=2, chunk_size=8 << 20, cpus=2)
Plan(workers=2, chunk_size=8388608)
>>> plan(workers=16, chunk_size=8 << 20, cpus=2).chunk_size < 8 << 20
True
>>> plan(workers=64, chunk_size=8 << 20, cpus=2).workers < 64
True
"""

from __future__ import annotations

import os
from typing import NamedTuple

__all__ = [
    "BYTES_PER_CHUNK_BYTE",
    "FIXED_BYTES",
    "MEMORY_BUDGET",
    "MIN_CHUNK",
    "PER_WORKER_BYTES",
    "Plan",
    "plan",
]

MEMORY_BUDGET = 600 * 10**6
"""Peak resident memory a scan is planned to stay under (DESIGN.md §6: 600 MB whatever `--workers`)."""

FIXED_BYTES = 330 << 20
"""What a scan holds whatever its chunks and workers: the interpreter, numba and the compiled kernels, the
pack's tables, the fingerprint sets (`aggregate.EXACT_FINGERPRINTS`, merged per bucket)."""

BYTES_PER_CHUNK_BYTE = 7
"""Resident bytes per byte of a chunk in flight: the chunk, its cell bounds, the detection output and
finding columns made from it."""

PER_WORKER_BYTES = 6 << 20
"""Resident bytes a worker thread holds whatever the chunk size (its value memo, scratch buffers, stack)."""

MIN_CHUNK = 1 << 20
"""Smallest planned chunk: below that, per-chunk overhead (sniffing state, kernel calls) starts to show."""

# The three constants are fitted (rounded up) on the 1 GB dense benchmark dump, peak RSS from
# /usr/bin/time -v: 1 worker with 8 MiB chunks 406,864 KiB; 16 workers with 2.16 MiB chunks 631,228 KiB;
# 16 workers with 1 MiB chunks 501,904 KiB.  The last two give ~6.5 resident bytes per chunk byte (17
# chunks in flight), the first ~300 MiB fixed and ~6 MiB a worker.


class Plan(NamedTuple):
    workers: int
    chunk_size: int


def plan(*, workers: int, chunk_size: int, cpus: int | None = None, budget: int = MEMORY_BUDGET) -> Plan:
    """Workers and chunk size for a scan: `workers` 0 means "as many as useful" (the cores, within budget).

    Chunks in flight are `workers + 1` (one read ahead of the workers).  The worker count is first cut to
    what the budget holds with chunks of `MIN_CHUNK`; the chunk is then the requested size if the budget
    allows, else each chunk's share of what is left (never below `MIN_CHUNK`, nor above the request).
    """
    cores = cpus or os.cpu_count() or 1
    wanted = workers if workers > 0 else cores
    room = max(budget - FIXED_BYTES, 0)
    most = (room - BYTES_PER_CHUNK_BYTE * MIN_CHUNK) // (BYTES_PER_CHUNK_BYTE * MIN_CHUNK + PER_WORKER_BYTES)
    wanted = max(1, min(wanted, most))
    per_chunk = (room - PER_WORKER_BYTES * wanted) // (BYTES_PER_CHUNK_BYTE * (wanted + 1))
    size = max(min(chunk_size, per_chunk), min(chunk_size, MIN_CHUNK))
    return Plan(wanted, size)
