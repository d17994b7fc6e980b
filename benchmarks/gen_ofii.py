"""Generate the OFII-like benchmark dump (DESIGN §6): ``;``-separated, French headers, dense PII.

    python -m benchmarks.gen_ofii --rows 2100000 --seed 1 --out /tmp/ofii_1g.csv
    python -m benchmarks.gen_ofii --scale 5 --out /tmp/ofii_5g.csv          # 5 × 2.1M rows ≈ 5 GB
    python -m benchmarks.gen_ofii --rows 20000 --out /tmp/s.csv --truth /tmp/s.truth.jsonl
    python -m benchmarks.gen_ofii --random-nir ...   # NIRs are random 15-digit strings (≈1/97 valid keys)
    python -m benchmarks.gen_ofii --profile dense ... # PII in most observation notes too

About 480 bytes a row in cp1252 (2.1M rows ≈ 1.0 GB, ≈15M matches of the ripgrep raw-pattern union with
the default ``reference`` profile, as in DESIGN §6). The output is deterministic for
(rows, seed, encoding, random-nir, profile). See ``synth.dump.write_ofii_dump``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from synth.dump import DUMP_PROFILES, ROWS_PER_GB, dump_file_name, write_ofii_dump

__all__ = ["DATA_DIR", "ROWS_PER_GB", "default_dump_path", "main"]

DATA_DIR = Path(__file__).resolve().parent / ".data"
"""Where ``benchmarks.run`` caches dumps (gitignored)."""


def default_dump_path(
    rows: int,
    seed: int = 1,
    encoding: str = "cp1252",
    random_nir: bool = False,
    profile: str = "reference",
    *,
    data_dir: Path | None = None,
) -> Path:
    """The cache path of a dump: the name carries everything that determines its bytes."""
    return (data_dir or DATA_DIR) / dump_file_name(rows, seed, encoding, random_nir, profile)


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\r  {done:>12,} / {total:,} rows ({100 * done / total:5.1f} %)")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gen_ofii", description=__doc__.split("\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--rows", type=int, help=f"number of data rows (default {ROWS_PER_GB:,} ≈ 1 GB)")
    size.add_argument("--scale", type=float, help=f"size in units of the 1 GB dump ({ROWS_PER_GB:,} rows each)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, help="output path (default: the benchmarks/.data cache path)")
    parser.add_argument("--encoding", choices=("cp1252", "utf-8"), default="cp1252")
    parser.add_argument("--random-nir", action="store_true", help="random 15-digit NIRs (keys ≈1/97 valid)")
    parser.add_argument("--profile", choices=DUMP_PROFILES, default="reference", help="observation notes")
    parser.add_argument("--truth", type=Path, help="also write the truth as JSON Lines (slow, large)")
    parser.add_argument("--block-rows", type=int, default=50_000, help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="no progress or summary")
    args = parser.parse_args(argv)

    rows = args.rows if args.rows is not None else round(ROWS_PER_GB * (args.scale or 1.0))
    if rows <= 0:
        parser.error("--rows / --scale must be positive")
    out = args.out or default_dump_path(rows, args.seed, args.encoding, args.random_nir, args.profile)
    out.parent.mkdir(parents=True, exist_ok=True)
    progress = _progress if (not args.quiet and sys.stderr.isatty()) else None
    stats = write_ofii_dump(
        out,
        rows,
        seed=args.seed,
        encoding=args.encoding,
        random_nir=args.random_nir,
        truth_path=args.truth,
        block_rows=args.block_rows,
        profile=args.profile,
        progress=progress,
    )
    if not args.quiet:
        mb = stats.bytes / 1e6
        print(
            f"{out}: {stats.rows:,} rows, {stats.bytes:,} bytes ({mb:,.1f} MB) in {stats.seconds:.1f} s "
            f"({mb / stats.seconds:,.0f} MB/s)" + (f", {stats.truth_spans:,} truth spans" if args.truth else "")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
