"""piiscan on several dump shapes in one run: is it fast on every layout, not only on the benchmark's?

    python -m benchmarks.shapes                              # the five ≈1 GB shapes, generated once and cached
    python -m benchmarks.shapes --rows 20000                 # quick check: 20 000 records a shape
    python -m benchmarks.shapes --shapes wide,jsonl --repeat 3 --workers 2
    python -m benchmarks.shapes --data-dir /big/disk --skip-generate
    python -m benchmarks.shapes --generate-only              # write the cached dumps, measure nothing

For each shape (``ofii``, ``wide``, ``jsonl``, ``sql``, ``text``: see :mod:`synth.shapes`), on the same
file in the same run, page cache warm: ``rg --count-matches`` with the 12-pattern union of ``benchmarks.run``
and with the 6-pattern union of raw shapes (``RAW6_PATTERNS``), then ``piiscan scan`` cold (empty numba
cache: the compile time) and warm (best of ``--repeat``), with the peak RSS of the process tree. The measuring
is ``benchmarks.run``'s own (``measure``, ``bench_rg``, ``_bench_piiscan``, ``_targets``); this script only
loops over the shapes and prints one table with the DESIGN §6 targets. Results go to
``benchmarks/results/shapes.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.gen_ofii import DATA_DIR
from benchmarks.run import (
    RAW6_PATTERNS,
    RAW6_UNION,
    RAW_PATTERNS,
    RAW_UNION,
    TARGETS,
    Row,
    _bench_piiscan,
    _machine,
    _targets,
    bench_rg,
    warm_page_cache,
)
from synth.shapes import SHAPE_VERSION, SHAPES, shape_path, write_shape

RESULTS = Path(__file__).resolve().parent / "results" / "shapes.json"


def _ensure(shape: str, args: argparse.Namespace) -> tuple[Path | None, float | None]:
    """The cached dump of ``shape`` (written now unless ``--skip-generate``) and its generation time."""
    path = shape_path(shape, args.data_dir, seed=args.seed, size_gb=args.size_gb, rows=args.rows)
    if path.exists():
        return path, None
    if args.skip_generate:
        print(f"error: no cached {shape} dump at {path} (run without --skip-generate)", file=sys.stderr)
        return None, None
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"generating {shape} into {path} ...", flush=True)
    tmp = path.with_name(path.name + ".tmp")
    stats = write_shape(shape, tmp, seed=args.seed, size_gb=args.size_gb, rows=args.rows)
    tmp.rename(path)
    print(f"  {stats.rows:,} records, {stats.bytes:,} bytes in {stats.seconds:.1f} s", flush=True)
    return path, stats.seconds


def bench_shape(shape: str, path: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Both ripgrep unions and piiscan cold/warm on one file; the rows, piiscan's details and the targets."""
    mb = path.stat().st_size / 1e6
    warm_page_cache(path)
    rows: list[Row] = []
    rg12 = rg6 = None
    if not args.no_rg:
        rg12 = bench_rg(path, RAW_UNION, "rg 12-pattern union")
        rg6 = bench_rg(path, RAW6_UNION, "rg 6-pattern union")
        rows += [rg12, rg6]
    piiscan: dict[str, Any] = {"available": False}
    if not args.no_piiscan:
        piiscan = _bench_piiscan(path, args, rows)
    for row in rows:
        if row.seconds:
            row.mb_s = mb / row.seconds
            if rg12 and rg12.seconds:
                row.speedup_vs_rg = rg12.seconds / row.seconds
    targets = _targets(rows, piiscan, mb)  # against the first rg row: the 12-pattern union
    warm = piiscan.get("warm_seconds")
    speedup_rg6 = rg6.seconds / warm if (warm and rg6 and rg6.seconds) else None
    return {
        "shape": shape,
        "path": str(path),
        "bytes": path.stat().st_size,
        "rows": [asdict(r) for r in rows],
        "piiscan": piiscan,
        "rg12_seconds": rg12.seconds if rg12 else None,
        "rg12_matches": rg12.extra.get("matches") if rg12 else None,
        "rg6_seconds": rg6.seconds if rg6 else None,
        "rg6_matches": rg6.extra.get("matches") if rg6 else None,
        "speedup_vs_rg6": speedup_rg6,
        "targets": targets,
    }


def _f(v: float | None, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def print_table(results: list[dict[str, Any]]) -> None:
    """One line a shape: piiscan warm, cold compile, peak RSS, both rg unions and the ratios, PASS/FAIL."""
    head = (
        f"{'shape':<6} {'MB':>6} {'warm s':>7} {'MB/s':>6} {'compile s':>9} {'RSS MB':>7} "
        f"{'rg12 s':>7} {'x rg12':>6} {'rg6 s':>6} {'x rg6':>6}  targets"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for r in results:
        p, t = r["piiscan"], r["targets"]
        verdicts = " ".join(
            f"{k}:{ {True: 'PASS', False: 'FAIL', None: 'n/a'}[v['pass']] }"
            for k, v in (("MB/s", t["throughput_mb_s"]), ("rg", t["speedup_vs_rg"]), ("RSS", t["peak_rss_mb"]),
                         ("compile", t["compile_s"]))
        )  # fmt: skip
        note = "" if p.get("available") else "  (piiscan not measured)"
        print(
            f"{r['shape']:<6} {r['bytes'] / 1e6:>6.0f} {_f(p.get('warm_seconds'), '.2f'):>7} "
            f"{_f(t['throughput_mb_s']['value'], '.0f'):>6} {_f(p.get('compile_seconds'), '.1f'):>9} "
            f"{_f(p.get('peak_rss_mb'), '.0f'):>7} {_f(r['rg12_seconds'], '.2f'):>7} "
            f"{_f(t['speedup_vs_rg']['value'], '.2f'):>6} {_f(r['rg6_seconds'], '.2f'):>6} "
            f"{_f(r['speedup_vs_rg6'], '.2f'):>6}  {verdicts}{note}"
        )
    print(
        f"\ntargets (DESIGN §6, piiscan warm): >= {TARGETS['throughput_mb_s']:.0f} MB/s, "
        f">= {TARGETS['speedup_vs_rg']}x rg 12-pattern union, peak RSS <= {TARGETS['peak_rss_mb']:.0f} MB, "
        f"cold compile <= {TARGETS['compile_s']:.0f} s"
    )


def print_before_after(results: list[dict[str, Any]]) -> None:
    """With ``--baseline``: per shape, both checkouts' best warm run and the median of the per-pair ratios."""
    compared = [r for r in results if r["piiscan"].get("baseline")]
    if not compared:
        return
    head = f"{'shape':<6} {'base s':>7} {'this s':>7} {'wall':>6} {'CPU':>6} {'base compile':>12} {'this compile':>12}"
    first = compared[0]["piiscan"]["baseline"]["baseline"]
    print(f"\nbefore/after (baseline {first['revision'] or first['root']}; this/baseline, median of interleaved pairs)")
    print(head + "\n" + "-" * len(head))
    for r in compared:
        ba = r["piiscan"]["baseline"]
        b, t = ba["baseline"], ba["this"]
        print(
            f"{r['shape']:<6} {min(b['warm_seconds']):>7.2f} {min(t['warm_seconds']):>7.2f} "
            f"{ba['wall_ratio_median']:>6.3f} {_f(ba['cpu_ratio_median'], '.3f'):>6} "
            f"{b['compile_seconds']:>12.1f} {t['compile_seconds']:>12.1f}"
        )


def _parse_shapes(text: str) -> list[str]:
    if text == "all":
        return list(SHAPES)
    names = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in names if s not in SHAPES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"shapes are 'all' or a comma-separated subset of {', '.join(SHAPES)}")
    return names


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.shapes", description=__doc__.split("\n")[0])
    parser.add_argument("--shapes", type=_parse_shapes, default=list(SHAPES), help="'all' or e.g. wide,jsonl")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--size-gb", type=float, default=1.0, help="size of each dump (default: %(default)s)")
    size.add_argument("--rows", type=int, help="records per shape instead of a size, e.g. 20000 for a quick run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="cached dumps (default: %(default)s)")
    parser.add_argument("--skip-generate", action="store_true", help="fail if a cached dump is absent")
    parser.add_argument("--generate-only", action="store_true", help="write the cached dumps and stop")
    parser.add_argument("--workers", type=int, help="passed to piiscan scan --workers")
    parser.add_argument("--repeat", type=int, default=1, help="warm piiscan runs a shape (best is reported)")
    parser.add_argument("--keep", action="store_true", help="keep the piiscan reports and numba caches")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="TREE",
        help="another piiscan checkout run the same way on every shape, warm runs interleaved (before/after)",
    )
    parser.add_argument("--no-rg", action="store_true", help="skip ripgrep")
    parser.add_argument("--no-piiscan", action="store_true", help="skip piiscan")
    parser.add_argument("--results", type=Path, default=RESULTS, help="JSON output (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.rows is not None:
        args.size_gb = None

    paths: dict[str, Path] = {}
    generated: dict[str, float | None] = {}
    for shape in args.shapes:
        path, seconds = _ensure(shape, args)
        if path is None:
            return 2
        paths[shape], generated[shape] = path, seconds
    if args.generate_only:
        return 0

    results = []
    for shape in args.shapes:
        print(f"measuring {shape} ({paths[shape].stat().st_size / 1e6:,.0f} MB) ...", flush=True)
        res = bench_shape(shape, paths[shape], args)
        res["generated_seconds"] = generated[shape]
        results.append(res)
    print_table(results)
    print_before_after(results)
    report = {
        "schema": 1,
        "timestamp": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "shape_version": SHAPE_VERSION,
        "seed": args.seed,
        "workers": args.workers,
        "repeat": args.repeat,
        "raw_patterns_12": RAW_PATTERNS,
        "raw_patterns_6": RAW6_PATTERNS,
        "shapes": results,
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
