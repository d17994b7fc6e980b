"""The fast dump writer: a dense OFII-like CSV at hundreds of MB/s, a block of rows at a time, each block with
its own seeded numpy generator (deterministic for its arguments, whatever the machine)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from synth import entities as E
from synth.dump.cells import dump_cells
from synth.dump.pools import DUMP_PROFILES, DumpPools
from synth.frag import CODECS

__all__ = ["DUMP_VERSION", "ROWS_PER_GB", "DumpStats", "dump_file_name", "write_ofii_dump"]


DUMP_VERSION = 1
"""Bump when the bytes :func:`write_ofii_dump` writes for a given (rows, seed, options) change."""

ROWS_PER_GB = 2_100_000
"""Rows of the reference 1 GB dump (DESIGN §6)."""


def dump_file_name(
    rows: int, seed: int = 1, encoding: str = "cp1252", random_nir: bool = False, profile: str = "reference"
) -> str:
    """The name a cached dump goes by: it carries everything that determines its bytes (``DUMP_VERSION`` too),
    so a file of that name is always the right one."""
    tag = ("_randnir" if random_nir else "") + ("" if profile == "reference" else f"_{profile}")
    return f"ofii_v{DUMP_VERSION}_r{rows}_s{seed}_{encoding.replace('-', '')}{tag}.csv"


_ENTITY_CODE = {e: i for i, e in enumerate(E.ENTITIES)}


@dataclass
class DumpStats:
    """What :func:`write_ofii_dump` wrote."""

    path: str
    rows: int
    bytes: int
    seconds: float
    truth_spans: int = 0


def _dump_block(
    pools: DumpPools, rng: np.random.Generator, n: int, first_row: int, *, random_nir: bool, want_truth: bool
) -> tuple[bytes, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """Build ``n`` rows: the bytes and, if asked, truth as (entity codes, offsets in block, lengths)."""
    cells = dump_cells(pools, rng, n, first_row, random_nir=random_nir, want_truth=want_truth)
    cols, french, obs_spans = cells.cols, cells.french, cells.obs_spans
    data = b"\r\n".join(map(b";".join, zip(*cols, strict=False))) + b"\r\n"
    if not want_truth:
        return data, []
    # -- truth ------------------------------------------------------------------------------------------
    cell_lens = [np.fromiter(map(len, c), dtype=np.int64, count=n) for c in cols]
    row_len = np.sum(cell_lens, axis=0) + len(cols) - 1 + 2
    row_start = np.concatenate(([0], np.cumsum(row_len)[:-1]))
    cell_start = [row_start]
    for k in range(1, len(cols)):
        cell_start.append(cell_start[-1] + cell_lens[k - 1] + 1)
    truth: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    cell_entities = [
        (1, E.PERSON),
        (2, E.PERSON),
        (3, E.DATE_OF_BIRTH),
        (5, E.NATIONALITY),
        (6, E.EMAIL_ADDRESS),
        (7, E.PHONE_NUMBER),
        (8, E.FR_PASSPORT),
        (9, E.FR_RESIDENCE_PERMIT),
        (10, E.FR_NIR),
    ]
    for k, ent in cell_entities:
        if k == 10 and random_nir:
            continue
        keep = cell_lens[k] > 0
        if k == 8:
            keep &= french  # foreign passport numbers are noise, not FR_PASSPORT
        truth.append((np.full(int(keep.sum()), _ENTITY_CODE[ent]), cell_start[k][keep], cell_lens[k][keep]))
    obs_start = cell_start[12]
    for rows_t, entity, off, lens in obs_spans:
        truth.append((np.full(len(rows_t), _ENTITY_CODE[entity]), obs_start[rows_t] + off, lens))
    return data, truth


def write_ofii_dump(
    path: str | Path,
    rows: int,
    *,
    seed: int = 1,
    encoding: str = "cp1252",
    random_nir: bool = False,
    truth_path: str | Path | None = None,
    block_rows: int = 50_000,
    profile: str = "reference",
    progress: Callable[[int, int], None] | None = None,
) -> DumpStats:
    """Write a dense OFII-like ``;`` CSV (French headers, CRLF) of ``rows`` rows, ≈476 bytes a row.

    Every row carries a name, birth date, e-mail, phone, passport and NIR (an AGDREF number for
    foreigners); the two-part ``Observations`` note is mostly prose in the ``reference`` profile (calibrated
    on DESIGN §6: ≈14.5M raw-pattern matches per GB) and mostly PII in the ``dense`` one.

    Deterministic for (rows, seed, encoding, random_nir, block_rows, profile). ``random_nir`` replaces NIRs
    by random 15-digit strings (≈1/97 valid keys: the authenticity signal). ``truth_path`` writes the truth
    as JSON Lines (``file`` is the dump's base name); slower and large, meant for small dumps.
    """
    import time

    t0 = time.perf_counter()
    codec = CODECS[encoding.lower()]
    if codec not in ("cp1252", "utf-8"):
        raise ValueError("the dump is written in cp1252 or utf-8")
    if profile not in DUMP_PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    pools = DumpPools(seed, codec, profile)
    path = Path(path)
    total = 0
    spans = 0
    truth_fh = open(truth_path, "wb") if truth_path else None  # noqa: SIM115
    try:
        with open(path, "wb") as fh:
            fh.write(pools.header)
            total += len(pools.header)
            done = 0
            block_no = 0
            while done < rows:
                n = min(block_rows, rows - done)
                rng = np.random.default_rng([seed, block_no])
                data, truth = _dump_block(pools, rng, n, done, random_nir=random_nir, want_truth=bool(truth_fh))
                if truth_fh:
                    spans += _write_dump_truth(truth_fh, path.name, truth, total)
                fh.write(data)
                total += len(data)
                done += n
                block_no += 1
                if progress:
                    progress(done, rows)
    finally:
        if truth_fh:
            truth_fh.close()
    return DumpStats(str(path), rows, total, time.perf_counter() - t0, spans)


def _write_dump_truth(fh: Any, name: str, truth: list[tuple[np.ndarray, np.ndarray, np.ndarray]], base: int) -> int:
    if not truth:
        return 0
    codes = np.concatenate([t[0] for t in truth])
    offs = np.concatenate([t[1] for t in truth]) + base
    lens = np.concatenate([t[2] for t in truth])
    order = np.lexsort((-lens, offs))
    prefix = json.dumps(name)
    ents = [json.dumps(e) for e in E.ENTITIES]
    lines = [
        f'{{"file": {prefix}, "entity": {ents[c]}, "offset": {o}, "length": {n}}}\n'
        for c, o, n in zip(codes[order].tolist(), offs[order].tolist(), lens[order].tolist(), strict=True)
    ]
    fh.write("".join(lines).encode("utf-8"))
    return len(lines)
