"""Peak memory of a scan of a large compressed tar of CSVs (issue 16: a 2 GB tar.gz under 600 MB RSS).

    python -m benchmarks.archive_rss                  # 8 members × ~250 MB of OFII-like CSV = ~2 GB in a tar.gz
    python -m benchmarks.archive_rss --members 2      # a quicker 500 MB run
    python -m benchmarks.archive_rss --format 7z      # the same CSVs in a 7z (LZMA2)

The archive is built once from the cached OFII dump of `benchmarks.gen_ofii` (a quarter of the 1 GB
reference, repeated under different member names) and cached in `benchmarks/.data/` (gitignored).  The
scan runs as a child process under `/usr/bin/time` (its max RSS) while `benchmarks.run` polls the process
tree; the larger of the two is reported with the wall time.  "2 GB" is the decompressed CSV size: the
tar.gz itself is about a fifth of it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tarfile
import tempfile
from pathlib import Path

from benchmarks.gen_ofii import DATA_DIR, ROWS_PER_GB, default_dump_path
from benchmarks.gen_ofii import main as gen_main
from benchmarks.run import _child_env, measure, piiscan_command

LIMIT_MB = 600.0


def _csv(rows: int) -> Path:
    path = default_dump_path(rows, 1, "utf-8")
    if not path.exists():
        gen_main(["--rows", str(rows), "--encoding", "utf-8", "--out", str(path), "--quiet"])
    return path


def build(members: int, rows: int, fmt: str) -> Path:
    """The cached archive of `members` copies of the `rows`-row CSV."""
    csv = _csv(rows)
    out = DATA_DIR / f"{csv.stem}_x{members}.{'tar.gz' if fmt == 'tar.gz' else '7z'}"
    if out.exists():
        return out
    tmp = out.with_suffix(out.suffix + ".part")
    if fmt == "tar.gz":
        with gzip.open(tmp, "wb", compresslevel=1) as gz, tarfile.open(fileobj=gz, mode="w|") as tf:
            for i in range(members):
                tf.add(csv, arcname=f"export/part-{i:02d}.csv")
    else:
        import py7zr

        with py7zr.SevenZipFile(tmp, "w", filters=[{"id": py7zr.FILTER_LZMA2, "preset": 1}]) as z:
            for i in range(members):
                z.write(csv, arcname=f"export/part-{i:02d}.csv")
    os.replace(tmp, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.archive_rss", description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=8, help="CSV members in the archive (default 8)")
    parser.add_argument("--rows", type=int, default=ROWS_PER_GB // 4, help="rows of each member (~250 MB)")
    parser.add_argument("--format", choices=("tar.gz", "7z"), default="tar.gz")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    archive = build(args.members, args.rows, args.format)
    command = piiscan_command()
    if command is None:
        print("piiscan is not importable", file=sys.stderr)
        return 1
    csv_bytes = _csv(args.rows).stat().st_size * args.members
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        run = measure(
            [*command, "scan", str(archive), "--quiet", "--workers", str(args.workers), "--report", str(report)],
            env=_child_env(),
            stdout_devnull=True,
        )
    verdict = "OK" if run.peak_rss_mb is not None and run.peak_rss_mb < LIMIT_MB else "OVER"
    print(
        f"{archive.name}: {archive.stat().st_size / 1e6:,.0f} MB {args.format} holding "
        f"{csv_bytes / 1e9:.2f} GB of CSV "
        f"in {args.members} members; exit {run.returncode}; {run.seconds:.1f} s; peak RSS "
        f"{run.peak_rss_mb:.0f} MB (/usr/bin/time {run.time_rss_mb or 0:.0f} MB, "
        f"tree poll {run.tree_rss_mb or 0:.0f} MB); "
        f"limit {LIMIT_MB:.0f} MB: {verdict}"
    )
    if run.returncode not in (0, 3):
        print(run.stderr.strip()[-500:], file=sys.stderr)
    return 0 if verdict == "OK" and run.returncode in (0, 3) else 1


if __name__ == "__main__":
    raise SystemExit(main())
