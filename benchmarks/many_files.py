"""Many small inputs: a folder of one-line files (one file per person, a common leak layout).

    python -m benchmarks.many_files                  # 10,000 and 100,000 files, best of 1; prints the ratio
    python -m benchmarks.many_files --counts 1000 10000 --repeat 3 --workers 2
    python -m benchmarks.many_files --code /tmp/main-checkout      # time another checkout on the same trees

The acceptance (issue 18): 100,000 one-line files scan in less than 4x the time of 10,000 (time proportional
to the bytes, not quadratic in the inputs), and 10,000 in under 10 s on the 2-core machine.  Each folder is
generated once under `benchmarks/.data/many_<count>/` (gitignored; ~6 MB of file content for 100,000) in
sorted subfolders of 1,000 files, each file a CSV header and one synthetic row (a made-up name, a NIR with
a valid key, an e-mail).  Timing is wall clock around `piiscan scan FOLDER --report R --quiet`, warm numba
cache (one untimed run first); CPU seconds (user + system) and peak RSS from `/usr/bin/time` when present:
on a shared, loaded machine CPU time says more than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / ".data"
ROOT = Path(__file__).resolve().parents[1]

_GIVEN = ["Jean", "Marie", "Aïcha", "Lucas", "Chloé", "Karim", "Inès", "Paul", "Léa", "Hugo"]
_FAMILY = ["Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Benali", "Nguyen", "Garcia", "Roux"]


def _nir(rng: random.Random) -> str:
    body = f"{rng.choice('12')}{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}"
    body += f"{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    return body + f"{97 - int(body) % 97:02d}"


def make_tree(count: int, *, seed: int = 18) -> Path:
    """`count` one-line CSV files under DATA/many_<count>/ (built once; reused when complete)."""
    root = DATA / f"many_{count}"
    done = DATA / f"many_{count}.complete"  # beside the folder: a file inside would be scanned
    if done.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(seed)
    for i in range(count):
        folder = root / f"{i // 1000:04d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True)
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
        line = f"nom;prenom;nir;email\n{family};{given};{_nir(rng)};{given.lower()}.{family.lower()}{i}@exemple.fr\n"
        (folder / f"personne_{i:06d}.csv").write_text(line, encoding="utf-8")
    done.write_text(str(count))
    return root


def run_scan(folder: Path, *, workers: int | None, code: Path = ROOT) -> tuple[float, float | None, float | None, dict]:
    """Wall seconds, CPU seconds and peak RSS (MB; None without /usr/bin/time) and the report of one scan of
    `folder` by the piiscan of the checkout `code`."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "r.json"
        cmd = [sys.executable, "-m", "piiscan", "scan", str(folder), "--report", str(report), "--quiet"]
        if workers:
            cmd += ["--workers", str(workers)]
        timer = Path("/usr/bin/time")
        rss_file = Path(tmp) / "rss"
        if timer.exists():
            cmd = [str(timer), "-f", "%U %S %M", "-o", str(rss_file), *cmd]
        env = dict(os.environ, PYTHONPATH=str(code))
        start = time.perf_counter()
        # run from the checkout: `python -m` puts the working folder first on the import path
        proc = subprocess.run(cmd, env=env, cwd=code, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 3):
            raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
        cpu = rss = None
        if rss_file.exists():
            user, system, peak = rss_file.read_text().split()[-3:]
            cpu, rss = float(user) + float(system), int(peak) / 1024
        return seconds, cpu, rss, json.loads(report.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--counts", type=int, nargs="+", default=[10_000, 100_000], help="folder sizes (files)")
    p.add_argument("--repeat", type=int, default=1, help="timed runs per size (best kept)")
    p.add_argument("--workers", type=int, default=None, help="passed to piiscan --workers")
    p.add_argument("--code", type=Path, default=ROOT, help="checkout whose piiscan is timed (default: this one)")
    args = p.parse_args(argv)
    trees = {n: make_tree(n) for n in args.counts}
    run_scan(trees[min(trees)], workers=args.workers, code=args.code)  # warm the numba cache and the page cache
    rows = []
    for n, folder in trees.items():
        best = None
        for _ in range(args.repeat):
            seconds, cpu, rss, report = run_scan(folder, workers=args.workers, code=args.code)
            if best is None or seconds < best[0]:
                best = (seconds, cpu, rss, report)
        assert best is not None
        seconds, cpu, rss, report = best
        s = report["summary"]
        assert s["inputs"] == n, (s["inputs"], n)
        rows.append((n, seconds, cpu, rss, s["bytes"], s["findings"]))
    print(f"load average {os.getloadavg()[0]:.1f}; code {args.code}")
    print(f"{'files':>9} {'seconds':>9} {'cpu s':>8} {'files/s':>9} {'peak MB':>8} {'bytes':>11} {'findings':>9}")
    for n, seconds, cpu, rss, nbytes, findings in rows:
        peak = f"{rss:8.0f}" if rss is not None else f"{'-':>8}"
        cpu_s = f"{cpu:8.2f}" if cpu is not None else f"{'-':>8}"
        print(f"{n:>9,} {seconds:>9.2f} {cpu_s} {n / seconds:>9,.0f} {peak} {nbytes:>11,} {findings:>9,}")
    if len(rows) >= 2:
        (n0, t0, c0, *_), (n1, t1, c1, *_) = rows[0], rows[-1]
        cpu_ratio = f", CPU {c1 / c0:.2f}x" if c0 and c1 else ""
        print(f"time ratio {n1:,} / {n0:,} files: {t1 / t0:.2f}x{cpu_ratio} (files ratio {n1 / n0:.0f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
