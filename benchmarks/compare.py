"""Time `piiscan compare` on two fingerprint files of 2.1 million records each (DESIGN.md §7 target: < 10 s,
< 600 MB).

The files are built synthetically but through the real writer (`piiscan.output.fingerprints.write_fingerprints`):
a `Partial` is filled the way a scan fills it — per record four strong identifiers (NIR, e-mail, phone,
passport; random 64-bit fingerprints, as SipHash outputs are), names, birth dates and nationalities in the
entity sets — and NEW shares `--overlap` of its persons with OLD.  `compare` then runs as the real command
line in a child process, whose wall time and peak RSS (`ru_maxrss`) are reported.

    python -m benchmarks.compare [--records 2100000] [--overlap 0.3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from piiscan.output.aggregate import InputStats, Partial
from piiscan.output.fingerprints import RecordIdentifiers, write_fingerprints
from piiscan.pack import ENTITY_ORDER
from piiscan.scanner import derive_key

STRONG = ("FR_NIR", "EMAIL_ADDRESS", "PHONE_NUMBER", "FR_PASSPORT")
WEAK = {"PERSON": 0.6, "DATE_OF_BIRTH": 0.9, "NATIONALITY": 0.0001}  # distinct values per record


def _person_ids(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Fingerprints of `n` persons: one value per strong entity, and some for the weak ones."""
    return {e: rng.integers(0, 2**64, n, dtype=np.uint64, endpoint=False) for e in STRONG}


def _partial(persons: dict[str, np.ndarray], weak: dict[str, np.ndarray], source: str) -> Partial:
    n = len(next(iter(persons.values())))
    p = Partial(exact_limit=1 << 40)
    p.identifiers = RecordIdentifiers()
    records = np.arange(n, dtype=np.int64)
    block = 1 << 18  # as a scan adds them: one batch of findings per chunk
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        ent = np.concatenate([np.full(hi - lo, ENTITY_ORDER.index(e), np.uint8) for e in STRONG])
        rec = np.tile(records[lo:hi], len(STRONG))
        fps = np.concatenate([persons[e][lo:hi] for e in STRONG])
        order = np.argsort(rec, kind="stable")  # findings come in record order
        p.identifiers.add(source, ent[order], rec[order], fps[order])
        for e in STRONG:
            p.distinct[ENTITY_ORDER.index(e)].add(persons[e][lo:hi])
    for e, values in weak.items():
        p.distinct[ENTITY_ORDER.index(e)].add(values)
    p.inputs.append(InputStats(source=source, records=n))
    p.records = n
    return p


def build(root: Path, records: int, overlap: float, key: bytes) -> tuple[Path, Path, float]:
    rng = np.random.default_rng(2207)
    shared = int(records * overlap)
    old = _person_ids(records, rng)
    fresh = _person_ids(records - shared, rng)
    new = {e: np.concatenate([old[e][records - shared :], fresh[e]]) for e in STRONG}
    k0, k1 = derive_key(key)
    paths = []
    t0 = time.perf_counter()
    for name, persons in (("old-2023", old), ("new-2026", new)):
        weak = {e: rng.integers(0, 2**64, max(1, int(records * r)), dtype=np.uint64) for e, r in WEAK.items()}
        partial = _partial(persons, weak, f"{name}.csv")
        path = root / f"{name}.parquet"
        write_fingerprints(path, partial, k0=k0, k1=k1)
        paths.append(path)
        del partial
    return paths[1], paths[0], time.perf_counter() - t0


_MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:]).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss)
sys.exit(rc)
"""
"""Run the command from a small process, whose children's `ru_maxrss` is then the command's own: from the
builder (~900 MB), a forked child's peak counts the parent's pages it shared until its exec."""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=2_100_000)
    ap.add_argument("--overlap", type=float, default=0.3)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="build the files in DIR and keep them")
    args = ap.parse_args(argv)
    tmp = None
    if args.keep:
        root = args.keep
        root.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="piiscan-compare-")
        root = Path(tmp.name)
    try:
        new, old, build_s = build(root, args.records, args.overlap, b"benchmark-key-0123456789abcdef!!")
        sizes = {p.name: p.stat().st_size for p in (new, old)}
        build_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"builder peak RSS {build_peak:.0f} MB (synthetic person arrays, two partials' sets and records, writer)")
        print(f"built 2 files of {args.records:,} records in {build_s:.1f} s: " + ", ".join(
            f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items()))  # fmt: skip
        runs = []
        for _ in range(args.runs):
            out = root / "compare.json"
            cmd = [sys.executable, "-m", "piiscan", "compare", str(new), str(old), "--json", str(out), "--quiet"]
            proc = subprocess.run(
                [sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, check=False, cwd=Path.cwd()
            )
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return proc.returncode
            wall, cpu, peak_kib = (float(x) for x in proc.stdout.split())
            share = json.loads(out.read_text())["records"]["b_share_in_a"]
            runs.append((wall, cpu, peak_kib / 1024))
            print(f"compare: {wall:.2f} s wall, {cpu:.2f} s CPU (user + system), peak RSS {peak_kib / 1024:.0f} MB; "
                  f"b_share_in_a {share:.4f} (planted {args.overlap:.4f})")  # fmt: skip
        if not runs:
            return 0
        print(f"best of {len(runs)}: {min(r[0] for r in runs):.2f} s wall, {min(r[1] for r in runs):.2f} s CPU; "
              f"peak RSS {max(r[2] for r in runs):.0f} MB; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores")  # fmt: skip
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
