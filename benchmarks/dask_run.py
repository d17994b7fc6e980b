"""`--dask local` against the one-process scan on the same generated dump, in one run.

    python -m benchmarks.dask_run                      # the cached 1 GB dump (generated once, as benchmarks.run)
    python -m benchmarks.dask_run --rows 200000        # quick run (~100 MB)
    python -m benchmarks.dask_run --workers 2 --repeat 3 --part-size 64M

Lines of the table (page cache warm, numba cache warm: a first local scan fills it):

* ``local``: ``piiscan scan FILE --report R --quiet`` (best of ``--repeat``);
* ``dask CLI``: ``piiscan scan FILE --report R --quiet --dask local --workers N``, end to end: it starts a
  LocalCluster (N worker processes loading the kernels) before it scans, and stops it after;
* ``dask scan``: the same scan from Python on a cluster already running (``run_scan``), i.e. what a user
  with a running cluster pays; with the planner's time, the structure pass (checks the ranges' boundaries
  and counts their records) and the time per task.

Peak RSS: per process, polled from /proc every 20 ms (the workers are children of the measured process).
Both reports are compared (timings aside): the script fails if they differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.gen_ofii import ROWS_PER_GB, default_dump_path
from benchmarks.run import measure, piiscan_command
from synth.dump import write_ofii_dump

_PAGE = os.sysconf("SC_PAGE_SIZE")
KEY = b"benchmark-key-0123456789abcdef01"
REF = "2026-11-23"


class PerProcessPeaks(threading.Thread):
    """Peak RSS of every process under `root` (itself included), polled from /proc."""

    def __init__(self, root: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peaks: dict[int, tuple[float, str]] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                        rss = int(fh.read().split()[1]) * _PAGE / 2**20
                    with open(f"/proc/{pid}/cmdline", "rb") as fh:
                        cmd = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")[:80]
                except (OSError, ValueError, IndexError):
                    continue
                if rss > self.peaks.get(pid, (0.0, ""))[0]:
                    self.peaks[pid] = (rss, cmd)
            self._halt.wait(self.interval)

    def _tree(self) -> list[int]:
        out, stack = [], [self.root]
        while stack:
            pid = stack.pop()
            out.append(pid)
            try:
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                        stack.extend(int(c) for c in fh.read().split())
            except OSError:
                continue
        return out

    def stop(self) -> dict[int, tuple[float, str]]:
        self._halt.set()
        self.join(timeout=1)
        return self.peaks


def _comparable(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("generated_at", "performance")}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.dask_run", description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=ROWS_PER_GB, help="rows of the generated dump (default: 1 GB)")
    p.add_argument("--file", type=Path, help="benchmark this file instead of a generated dump")
    p.add_argument("--workers", type=int, default=2, help="Dask worker processes (default 2)")
    p.add_argument("--part-size", default="64M", help="byte range per task (default 64M)")
    p.add_argument("--repeat", type=int, default=1, help="runs of each line (best is reported)")
    p.add_argument(
        "--dataset",
        action="store_true",
        help="the in-process scan writes a findings dataset (the structure pass settles the ranges first)",
    )
    args = p.parse_args(argv)

    path = args.file or default_dump_path(args.rows)
    if not path.exists():
        print(f"generating {path} ({args.rows:,} rows)…", file=sys.stderr)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_ofii_dump(path, args.rows)
    mb = path.stat().st_size / 1e6
    cmd = piiscan_command()
    if cmd is None:
        print("piiscan is not installed", file=sys.stderr)
        return 2
    from piiscan.cli import _size

    part_bytes = _size(args.part_size)
    with tempfile.TemporaryDirectory(prefix="piiscan-dask-bench-") as tmp:
        key = Path(tmp) / "key.bin"
        key.write_bytes(KEY)
        common = [*cmd, "scan", str(path), "--quiet", "--key-file", str(key), "--reference-date", REF]
        subprocess.run([*common, "--report", os.devnull], check=False)  # numba cache warm, page cache warm
        rows = []
        reports = {}
        for name, extra in (
            ("local", []),
            ("dask CLI", ["--dask", "local", "--workers", str(args.workers), "--dask-part-size", args.part_size]),
        ):
            best = None
            for k in range(args.repeat):
                rep = Path(tmp) / f"{name.replace(' ', '_')}_{k}.json"
                m = measure([*common, "--report", str(rep), *extra], stdout_devnull=True)
                if m.returncode not in (0, 3):
                    print(f"{name}: exit {m.returncode}: {m.stderr.strip()[-300:]}", file=sys.stderr)
                    return 1
                reports[name] = json.loads(rep.read_text(encoding="utf-8"))
                if best is None or m.seconds < best.seconds:
                    best = m
            rows.append((name, best.seconds, mb / best.seconds, best.peak_rss_mb))
        in_process = _in_process(
            path, args.workers, part_bytes, args.repeat, Path(tmp) / "findings" if args.dataset else None
        )
    same = _comparable(reports["local"]) == _comparable(reports["dask CLI"])
    same = same and _comparable(in_process.pop("report")) == _comparable(reports["local"])
    print(f"\n{path.name}: {mb:,.0f} MB, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"{'':12} {'seconds':>8} {'MB/s':>8} {'peak RSS (tree) MB':>20}")
    for name, sec, rate, rss in rows:
        print(f"{name:12} {sec:8.2f} {rate:8.1f} {rss or 0:20.0f}")
    d = in_process
    what = "findings dataset written" if args.dataset else "report only"
    print(f"{'dask scan':12} {d['seconds']:8.2f} {mb / d['seconds']:8.1f}   (cluster already running; {what})")
    print(
        f"tasks {d['tasks']}, ranges recounted {d['recounted']}; planner {d['plan_s'] * 1e3:.1f} ms "
        f"({d['plan_s'] / max(1, d['tasks']) * 1e3:.2f} ms a task); structure pass {d['count_s']:.2f} s "
        f"({d['count_s'] / max(1, d['tasks']) * 1e3:.0f} ms a task, wall)"
    )
    print("peak RSS per worker process (MB): " + ", ".join(f"{r:.0f}" for r in d["worker_rss"]))
    print(f"client process peak RSS: {d['client_rss']:.0f} MB")
    print(f"reports equal (timings aside): {same}")
    return 0 if same else 1


def _in_process(path: Path, workers: int, part_bytes: int, repeat: int, dataset: Path | None) -> dict:
    from piiscan.distributed import FindingsSpec, connect, run_scan
    from piiscan.output.report import build_report
    from piiscan.scanner import ScanOptions

    options = ScanOptions(key=KEY, reference_date=dt.date.fromisoformat(REF))
    poller = PerProcessPeaks(os.getpid())
    poller.start()
    best = None
    with connect("local", workers=workers) as client:
        for _ in range(repeat):
            t0 = time.perf_counter()
            spec = FindingsSpec(directory=str(dataset)) if dataset is not None else None
            result = run_scan(client, [str(path)], options, findings=spec, part_bytes=part_bytes)
            seconds = time.perf_counter() - t0
            if best is None or seconds < best[0]:
                best = (seconds, result)
    peaks = poller.stop()
    seconds, result = best
    me = os.getpid()
    worker_rss = sorted((rss for pid, (rss, _cmd) in peaks.items() if pid != me), reverse=True)[:workers]
    return {
        "seconds": seconds,
        "tasks": result.tasks,
        "recounted": result.recounted,
        "plan_s": result.plan_seconds,
        "count_s": result.count_seconds,
        "worker_rss": worker_rss,
        "client_rss": peaks.get(me, (0.0, ""))[0],
        "report": build_report(result.partial, elapsed=result.elapsed, workers=result.workers),
    }


if __name__ == "__main__":
    sys.exit(main())
