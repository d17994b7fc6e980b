"""The DESIGN §6 benchmark: piiscan against a plain read and ripgrep, on the same dump, in one run.

    python -m benchmarks.run                       # 1 GB dump (2.1M rows), generated once and cached
    python -m benchmarks.run --rows 200000         # quick run (≈100 MB)
    python -m benchmarks.run --workers 2 --repeat 3
    python -m benchmarks.run --file /path/to/dump.csv --skip-generate
    python -m benchmarks.run --baseline ../old-checkout --repeat 6   # before/after, warm runs interleaved

Lines of the table (all on the same file, page cache warm):

* ``cat > /dev/null`` and ``python readinto`` (16 MiB, 64-byte-aligned numpy buffer): the floor;
* ``rg --count-matches``: ripgrep counting every match of the union of the raw patterns (the baseline);
* ``piiscan cold``: ``piiscan scan FILE --report R --quiet`` with an empty ``NUMBA_CACHE_DIR`` (the
  difference with the warm run is reported as the numba compile time);
* ``piiscan warm``: the same command again, cache filled (best of ``--repeat`` runs).

piiscan's Python bytecode is compiled first (``compileall``), as ``pip`` does when it installs a wheel: a
source checkout run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the benchmark machine) otherwise compiles the
package's ~13,000 lines again at every start (~50 ms).

Wall time is measured around each child process; peak RSS with ``/usr/bin/time -f %M`` (max RSS of
one process) and a 20 ms poll of the process tree (sum over processes, read from /proc, psutil where /proc
does not list children), whichever is larger.
The table is also written to ``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.gen_ofii import DATA_DIR, ROWS_PER_GB, default_dump_path
from synth.dump import DUMP_PROFILES, write_ofii_dump

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"

# The raw patterns (DESIGN §6 baseline): what a regex scanner has to find before any validation.
RAW_PATTERNS: dict[str, str] = {
    "email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
    "fr_passport": r"\d{2}[A-Z]{2}\d{5}",
    "cni_12": r"\d{12}",
    "cnie_9": r"[0-9A-Z]{9}",
    "nir": r"[1-478]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2A|2B)\s?\d{3}\s?\d{3}\s?\d{2}",
    "phone": r"0\d(?:[ .-]?\d{2}){4}",
    "phone_intl": r"\+33",
    # the last group may be space-separated too (``FR76 3000 6000 0112 3456 7890 189``)
    "iban_fr": r"FR\d{2}(?: ?[0-9A-Z]{4}){5} ?[0-9A-Z]{3}",
    "date_dmy": r"\d{2}[/.-]\d{2}[/.-]\d{4}",
    "date_iso": r"\d{4}-\d{2}-\d{2}",
    "digits_10": r"\d{10}",
    "mrz": r"[A-Z0-9<]{30,44}",
}
RAW_UNION = "|".join(RAW_PATTERNS.values())

# A narrower baseline (issue 23): the raw shapes of the most common identifiers only. ripgrep's speed depends
# on the union as much as on the file; both unions run on the same file in the same run.
RAW6_PATTERNS: dict[str, str] = {
    "email": RAW_PATTERNS["email"],
    "fr_passport": RAW_PATTERNS["fr_passport"],
    "cni_12": RAW_PATTERNS["cni_12"],
    "nir": RAW_PATTERNS["nir"],
    "date_dmy": r"\d{2}/\d{2}/\d{4}",
    "phone": RAW_PATTERNS["phone"],
}
RAW6_UNION = "|".join(RAW6_PATTERNS.values())

TARGETS = {
    "throughput_mb_s": 250.0,  # warm, end to end
    "speedup_vs_rg": 1.25,
    "peak_rss_mb": 600.0,
    "compile_s": 30.0,
}

_READINTO = r"""
import sys, time
import numpy as np
size = 16 << 20
raw = np.zeros(size + 4096, dtype=np.uint8)  # touched: no page faults inside the timed loop
start = (-raw.ctypes.data) % 4096          # page-aligned, hence 64-byte aligned
view = memoryview(raw[start:start + size])
total = 0
t0 = time.perf_counter()
with open(sys.argv[1], "rb", buffering=0) as fh:
    while True:
        n = fh.readinto(view)
        if not n:
            break
        total += n
print(time.perf_counter() - t0, total)
"""


@dataclass
class Measured:
    """One child process run."""

    seconds: float
    peak_rss_mb: float | None
    returncode: int
    stdout: str
    stderr: str
    time_rss_mb: float | None = None
    tree_rss_mb: float | None = None
    cpu_seconds: float | None = None  # user + system of the child and everything it waited for


@dataclass
class Row:
    """One line of the result table."""

    tool: str
    seconds: float | None
    mb_s: float | None = None
    speedup_vs_rg: float | None = None
    peak_rss_mb: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _proc_tree_rss(root: int, skip: int | None) -> int | None:
    """Summed RSS of `root` and its descendants from /proc (`task/*/children`, `statm`), or None when this
    kernel does not list children there.  A few small reads per process: ~0.1 ms a poll, where psutil's
    `children(recursive=True)` reads every process of the machine (~0.9 ms, 4 % of a core at 20 ms)."""
    total = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
            for tid in tasks:
                with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                    stack.extend(int(c) for c in fh.read().split())
            if pid != skip:
                with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                    total += int(fh.read().split()[1]) * _PAGE
        except FileNotFoundError:
            if pid == root and not os.path.exists(f"/proc/{pid}"):
                return total
            if pid == root:
                return None  # no `children` files: fall back to psutil
        except (OSError, ValueError, IndexError):
            continue  # the process ended between two reads
    return total


class _TreePoller(threading.Thread):
    """Samples the summed RSS of a process tree every ``interval`` seconds.

    Reads /proc directly where it can (`_proc_tree_rss`), psutil elsewhere: the poll runs on the cores it
    measures, so it must stay cheap (psutil's walk of every process slowed a 2-core scan by ~0.1 s).
    """

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        skip = self.pid if _TIME_BIN else None  # the /usr/bin/time wrapper itself
        if _proc_tree_rss(self.pid, skip) is not None:
            while not self._stop_event.is_set():
                total = _proc_tree_rss(self.pid, skip)
                if total is None:
                    break
                self.peak = max(self.peak, total)
                self._stop_event.wait(self.interval)
            return
        self._run_psutil()

    def _run_psutil(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop_event.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for p in procs:
                if p.pid == self.pid and _TIME_BIN:
                    continue  # the /usr/bin/time wrapper itself
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=1)


_TIME_BIN = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def measure(
    cmd: list[str], *, env: dict[str, str] | None = None, stdout_devnull: bool = False, cwd: str | None = None
) -> Measured:
    """Run ``cmd`` (in ``cwd`` when given), timing it and measuring its peak RSS (``/usr/bin/time -f %M`` and
    a /proc or psutil poll of its process tree)."""
    rss_file = None
    full = cmd
    if _TIME_BIN:
        fd, rss_file = tempfile.mkstemp(prefix="piiscan-bench-rss-")
        os.close(fd)
        full = [_TIME_BIN, "-f", "%M", "-o", rss_file, *cmd]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        full,
        stdout=subprocess.DEVNULL if stdout_devnull else subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        cwd=cwd,
    )
    poller = _TreePoller(proc.pid)
    poller.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    poller.stop()
    time_rss = None
    if rss_file:
        try:
            lines = Path(rss_file).read_text().split()
            time_rss = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else None
        finally:
            os.unlink(rss_file)
    tree_rss = poller.peak / 2**20 if poller.peak else None
    peaks = [v for v in (time_rss, tree_rss) if v is not None]
    peak = max(peaks) if peaks else None
    return Measured(seconds, peak, proc.returncode, out or "", err or "", time_rss, tree_rss, cpu)


def piiscan_command() -> list[str] | None:
    """How to start piiscan: the console script, or ``python -m piiscan`` from this checkout."""
    script = Path(sys.executable).parent / "piiscan"
    if script.exists():
        return [str(script)]
    found = shutil.which("piiscan")
    if found:
        return [found]
    sys.path.insert(0, str(ROOT))
    try:
        if importlib.util.find_spec("piiscan.__main__") is not None:
            return [sys.executable, "-m", "piiscan"]
    except ImportError:
        return None
    finally:
        sys.path.remove(str(ROOT))
    return None


def warm_page_cache(path: Path) -> None:
    """Read the file once, untimed: every measured tool then reads it from memory."""
    with open(path, "rb", buffering=0) as fh:
        while fh.read(64 << 20):
            pass


def bench_rg(path: Path, union: str, label: str = "rg --count-matches") -> Row:
    """``rg --count-matches -e UNION FILE``: one table row (seconds None and a note when ripgrep is absent or fails)."""
    rg = shutil.which("rg")
    if rg is None:
        return Row(label, None, note="ripgrep not installed (apt-get install ripgrep)")
    m = measure([rg, "--no-config", "--count-matches", "-e", union, str(path)])
    if m.returncode not in (0, 1):
        return Row(label, None, note=f"rg failed: {_last_line(m.stderr)}")
    matches = int(m.stdout.strip() or 0)
    mb = path.stat().st_size / 1e6
    return Row(
        f"{label} ({matches:,} matches)",
        m.seconds,
        peak_rss_mb=m.peak_rss_mb,
        note="RSS includes the mmap'd file" if (m.peak_rss_mb or 0) > mb / 2 else "",
        extra={"matches": matches},
    )


def _child_env(extra: dict[str, str] | None = None, *, root: Path = ROOT) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONHASHSEED", "0")
    if extra:
        env.update(extra)
    return env


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def _fmt(v: float | None, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "cpu_count": os.cpu_count(),
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            models = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
        info["cpu_model"] = models[0] if models else None
    except OSError:
        info["cpu_model"] = None
    try:
        import numpy

        info["numpy"] = numpy.__version__
    except ImportError:
        pass
    try:
        import numba

        info["numba"] = numba.__version__
    except ImportError:
        pass
    if shutil.which("rg"):
        out = subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout
        info["ripgrep"] = out.splitlines()[0] if out else None
    return info


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="piiscan vs cat / readinto / ripgrep on an OFII-like dump.",
    )
    parser.add_argument("--size-gb", type=float, default=1.0, help="dump size in GB (2.1M rows per GB)")
    parser.add_argument("--rows", type=int, help="number of rows (overrides --size-gb), e.g. 200000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--encoding", choices=("cp1252", "utf-8"), default="cp1252")
    parser.add_argument("--profile", choices=DUMP_PROFILES, default="reference", help="observation notes")
    parser.add_argument("--random-nir", action="store_true", help="dump with random (mostly invalid) NIRs")
    parser.add_argument("--file", type=Path, help="benchmark this existing file instead of a generated dump")
    parser.add_argument("--skip-generate", action="store_true", help="fail if the cached dump is absent")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="cached dumps (default: %(default)s)")
    parser.add_argument("--workers", type=int, help="passed to piiscan scan --workers")
    parser.add_argument("--repeat", type=int, default=1, help="warm piiscan runs (best is reported)")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="TREE",
        help="another piiscan checkout (e.g. a git worktree of an older commit) run the same way, its warm runs "
        "interleaved with this checkout's: the before/after of a change, from the same minutes",
    )
    parser.add_argument("--keep", action="store_true", help="keep the piiscan report and the numba cache")
    parser.add_argument("--clean", action="store_true", help="delete the cached dump after the run")
    parser.add_argument("--no-rg", action="store_true", help="skip ripgrep")
    parser.add_argument("--no-piiscan", action="store_true", help="skip piiscan")
    parser.add_argument("--results", type=Path, default=RESULTS, help="JSON output (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.baseline and not (args.baseline / "piiscan" / "__init__.py").is_file():
        print(f"error: --baseline {args.baseline} is not a piiscan checkout (no piiscan/__init__.py)", file=sys.stderr)
        return 2

    rows = args.rows if args.rows is not None else round(ROWS_PER_GB * args.size_gb)
    generated_seconds = None
    if args.file:
        path = args.file
        if not path.exists():
            print(f"error: {path} does not exist", file=sys.stderr)
            return 2
        rows_known: int | None = None
    else:
        path = default_dump_path(rows, args.seed, args.encoding, args.random_nir, args.profile, data_dir=args.data_dir)
        rows_known = rows
        if not path.exists():
            if args.skip_generate:
                print(f"error: no cached dump at {path} (run without --skip-generate)", file=sys.stderr)
                return 2
            path.parent.mkdir(parents=True, exist_ok=True)
            print(f"generating {rows:,} rows into {path} ...", flush=True)
            tmp = path.with_suffix(".tmp")
            stats = write_ofii_dump(
                tmp,
                rows,
                seed=args.seed,
                encoding=args.encoding,
                random_nir=args.random_nir,
                profile=args.profile,
            )
            tmp.rename(path)
            generated_seconds = stats.seconds
            print(f"  {stats.bytes:,} bytes in {stats.seconds:.1f} s", flush=True)
    size = path.stat().st_size
    mb = size / 1e6

    warm_page_cache(path)

    results: list[Row] = []
    cat = measure(["cat", str(path)], stdout_devnull=True)
    results.append(Row("cat > /dev/null", cat.seconds, peak_rss_mb=cat.peak_rss_mb))
    rd = measure([sys.executable, "-c", _READINTO, str(path)], env=_child_env())
    rd_seconds = float(rd.stdout.split()[0]) if rd.returncode == 0 and rd.stdout.strip() else None
    results.append(
        Row(
            "python readinto 16 MiB aligned",
            rd_seconds,
            peak_rss_mb=rd.peak_rss_mb,
            note="read loop only (interpreter start excluded)",
        )
    )

    rg_seconds = None
    rg_matches = None
    if not args.no_rg:
        rg_row = bench_rg(path, RAW_UNION)
        results.append(rg_row)
        if rg_row.seconds is not None:
            rg_seconds = rg_row.seconds
            rg_matches = rg_row.extra["matches"]

    piiscan: dict[str, Any] = {"available": False}
    if not args.no_piiscan:
        piiscan = _bench_piiscan(path, args, results)

    for row in results:
        if row.seconds:
            row.mb_s = mb / row.seconds
            if rg_seconds:
                row.speedup_vs_rg = rg_seconds / row.seconds

    targets = _targets(results, piiscan, mb)
    _print_table(path, size, rows_known, args, results, targets, generated_seconds)
    if piiscan.get("baseline"):
        _print_before_after(piiscan["baseline"])
    report = {
        "schema": 1,
        "timestamp": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "dump": {
            "path": str(path),
            "bytes": size,
            "rows": rows_known,
            "seed": None if args.file else args.seed,
            "encoding": None if args.file else args.encoding,
            "profile": None if args.file else args.profile,
            "random_nir": None if args.file else args.random_nir,
            "generated_seconds": generated_seconds,
        },
        "raw_patterns": RAW_PATTERNS,
        "rg_matches": rg_matches,
        "results": [asdict(r) for r in results],
        "piiscan": piiscan,
        "targets": targets,
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten {args.results}")
    if args.clean and not args.file:
        path.unlink()
        print(f"removed {path}")
    return 0


def _compile_bytecode(package_dir: Path | None = None) -> bool:
    """Compile the piiscan package's bytecode, as `pip install` does (see the module docstring)."""
    import compileall

    if package_dir is not None:
        return bool(compileall.compile_dir(package_dir, quiet=1))
    spec = importlib.util.find_spec("piiscan")
    if spec is None or not spec.submodule_search_locations:
        return False
    return all(compileall.compile_dir(d, quiet=1) for d in spec.submodule_search_locations)


_NEUTRAL_DIR = tempfile.gettempdir()
"""Where piiscan runs: not a checkout's folder.  ``python -c``/``-m`` put the current directory first on
``sys.path``, so a run started in one checkout imported that checkout's piiscan in any child started that way
(before 90c44ae, the compile children did): a ``--baseline`` older than that compiled the wrong kernels, then
its own (73 s and 825 MB instead of 31 s and 584 MB)."""


@dataclass
class _Side:
    """One piiscan checkout under test: this one, or the ``--baseline`` one it is compared with."""

    label: str
    root: Path
    command: list[str]
    env: dict[str, str]
    cache_dir: str
    report: Path
    bytecode: bool
    cold: Measured | None = None
    warm: list[Measured] = field(default_factory=list)

    def best(self) -> Measured:
        return min(self.warm, key=lambda w: w.seconds)

    def compile_raw(self) -> float:
        """Cold minus best warm: the numba compile (and cache write); negative below the run-to-run noise."""
        assert self.cold is not None
        return self.cold.seconds - self.best().seconds


def _revision(root: Path) -> str | None:
    """The short commit of a checkout (None outside git): said next to the baseline's figures."""
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    except OSError:
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def _side(label: str, root: Path, path: Path, args: argparse.Namespace, cmd: list[str]) -> _Side:
    """The command, environment and private numba cache of one checkout.

    Both sides run the same launcher; only ``PYTHONPATH`` (ahead of the installed package) says which
    checkout's code it imports, and each side compiles into its own empty cache, so the cold run of each is
    a real compile."""
    bytecode = _compile_bytecode(None if root == ROOT else root / "piiscan")
    cache_dir = tempfile.mkdtemp(prefix=f"piiscan-numba-{label}-")
    report = Path(tempfile.gettempdir()) / f"piiscan-bench-report-{label}-{os.getpid()}.json"
    full = [*cmd, "scan", str(path.resolve()), "--report", str(report), "--quiet"]
    if args.workers:
        full += ["--workers", str(args.workers)]
    env = _child_env({"NUMBA_CACHE_DIR": cache_dir}, root=root)
    return _Side(label, root, full, env, cache_dir, report, bytecode)


def _failed(side: _Side, m: Measured, results: list[Row], info: dict[str, Any], what: str) -> dict[str, Any]:
    note = f"piiscan failed (exit {m.returncode}): {_last_line(m.stderr) or 'no message'}"
    results.append(Row(f"{side.label} {what}", None, note=note))
    info.update(failed=True, returncode=m.returncode, stderr_tail=_last_line(m.stderr))
    return info


def _bench_piiscan(path: Path, args: argparse.Namespace, results: list[Row]) -> dict[str, Any]:
    """Cold then warm ``piiscan scan`` runs; appends rows, returns the details.

    With ``--baseline TREE`` the other checkout runs the same command: both cold runs first, then the warm
    runs interleaved in pairs whose order alternates (baseline first, then this checkout first...).  The
    machine's speed drifts by 10-20 % over minutes, and a warm run just after a two-core compile is not
    a warm run after a one-core one; only runs that share the same minutes compare the two checkouts."""
    cmd = piiscan_command()
    if cmd is None:
        results.append(Row("piiscan", None, note="piiscan not available"))
        return {"available": False}
    this = _side("piiscan", ROOT, path, args, cmd)
    base = _side("baseline", args.baseline.resolve(), path, args, cmd) if args.baseline else None
    sides = [s for s in (base, this) if s is not None]
    info: dict[str, Any] = {
        "available": True,
        "command": this.command,
        "numba_cache_dir": this.cache_dir,
        "bytecode_compiled": this.bytecode,
    }
    try:
        for side in sides:
            side.cold = measure(side.command, env=side.env, cwd=_NEUTRAL_DIR)
            if side.cold.returncode != 0:
                return _failed(side, side.cold, results, info, "cold")
        for n in range(max(1, args.repeat)):
            for side in sides if n % 2 == 0 else sides[::-1]:
                m = measure(side.command, env=side.env, cwd=_NEUTRAL_DIR)
                if m.returncode != 0:
                    return _failed(side, m, results, info, "warm")
                side.warm.append(m)
        for side in sides:
            results.extend(_rows(side, base is not None))
        warm, cold = this.best(), this.cold
        assert cold is not None
        compile_raw = this.compile_raw()
        info.update(
            cold_seconds=cold.seconds,
            warm_seconds=warm.seconds,
            warm_runs=[w.seconds for w in this.warm],
            warm_cpu_seconds=[w.cpu_seconds for w in this.warm],
            compile_seconds=max(0.0, compile_raw),
            compile_seconds_raw=compile_raw,
            workers=args.workers,
            peak_rss_mb=max([cold.peak_rss_mb or 0] + [w.peak_rss_mb or 0 for w in this.warm]),
        )
        if base is not None:
            info["baseline"] = _before_after(base, this)
        try:
            rep = json.loads(this.report.read_text(encoding="utf-8"))
            info["report_schema_version"] = rep.get("schema_version") if isinstance(rep, dict) else None
        except (OSError, ValueError):
            info["report_schema_version"] = None
        return info
    finally:
        for side in sides:
            if not args.keep:
                shutil.rmtree(side.cache_dir, ignore_errors=True)
                side.report.unlink(missing_ok=True)
        if args.keep:
            info["report"] = str(this.report)
        else:
            info.pop("numba_cache_dir", None)


def _rows(side: _Side, compared: bool) -> list[Row]:
    """The cold and warm rows of one side (the baseline's rows say which checkout they ran)."""
    cold, warm = side.cold, side.best()
    assert cold is not None
    compile_s = max(0.0, side.compile_raw())
    where = f" {side.root} @ {_revision(side.root) or '?'}" if side.label == "baseline" else ""
    runs = f" (best of {len(side.warm)})" if len(side.warm) > 1 else ""
    note = "bytecode compiled first, as pip install does" if side.bytecode else ""
    if compared:
        note = f"interleaved with the other checkout{where}"
    return [
        Row(
            f"{side.label} cold (compile {compile_s:.1f} s)",
            cold.seconds,
            peak_rss_mb=cold.peak_rss_mb,
            extra={"compile_seconds": compile_s, "time_rss_mb": cold.time_rss_mb, "tree_rss_mb": cold.tree_rss_mb},
        ),
        Row(
            f"{side.label} warm{runs}",
            warm.seconds,
            peak_rss_mb=max(w.peak_rss_mb or 0 for w in side.warm) or None,
            note=note,
            extra={
                "runs": [w.seconds for w in side.warm],
                "cpu_seconds": [w.cpu_seconds for w in side.warm],
                "time_rss_mb": max((w.time_rss_mb or 0) for w in side.warm) or None,
                "tree_rss_mb": max((w.tree_rss_mb or 0) for w in side.warm) or None,
            },
        ),
    ]


def _before_after(base: _Side, this: _Side) -> dict[str, Any]:
    """Per-pair ratios this/baseline (wall and CPU) of the interleaved warm runs, and both cold runs."""
    wall = [t.seconds / b.seconds for b, t in zip(base.warm, this.warm, strict=True)]
    cpu = [
        t.cpu_seconds / b.cpu_seconds
        for b, t in zip(base.warm, this.warm, strict=True)
        if t.cpu_seconds and b.cpu_seconds
    ]
    assert base.cold is not None and this.cold is not None

    def side(s: _Side) -> dict[str, Any]:
        assert s.cold is not None
        return {
            "root": str(s.root),
            "revision": _revision(s.root),
            "warm_seconds": [w.seconds for w in s.warm],
            "warm_cpu_seconds": [w.cpu_seconds for w in s.warm],
            "cold_seconds": s.cold.seconds,
            "compile_seconds": max(0.0, s.compile_raw()),
            "cold_peak_rss_mb": s.cold.peak_rss_mb,
            "warm_peak_rss_mb": max(w.peak_rss_mb or 0 for w in s.warm) or None,
        }

    return {
        "baseline": side(base),
        "this": side(this),
        "pairs": len(wall),
        "wall_ratio": wall,
        "cpu_ratio": cpu,
        "wall_ratio_median": statistics.median(wall),
        "cpu_ratio_median": statistics.median(cpu) if cpu else None,
    }


def _targets(results: list[Row], piiscan: dict[str, Any], mb: float) -> dict[str, dict[str, Any]]:
    warm = piiscan.get("warm_seconds")
    rg = next((r for r in results if r.tool.startswith("rg ") and r.seconds), None)
    out: dict[str, dict[str, Any]] = {}
    tp = mb / warm if warm else None
    out["throughput_mb_s"] = {"target": f">= {TARGETS['throughput_mb_s']:.0f}", "value": tp}
    sp = rg.seconds / warm if (warm and rg and rg.seconds) else None
    out["speedup_vs_rg"] = {"target": f">= {TARGETS['speedup_vs_rg']}", "value": sp}
    rss = piiscan.get("peak_rss_mb")
    out["peak_rss_mb"] = {"target": f"<= {TARGETS['peak_rss_mb']:.0f}", "value": rss}
    comp = piiscan.get("compile_seconds")
    out["compile_s"] = {"target": f"<= {TARGETS['compile_s']:.0f}", "value": comp}
    for key, t in out.items():
        v = t["value"]
        if v is None:
            t["pass"] = None
        elif key in ("peak_rss_mb", "compile_s"):
            t["pass"] = v <= TARGETS[key]
        else:
            t["pass"] = v >= TARGETS[key]
    return out


def _print_table(
    path: Path,
    size: int,
    rows: int | None,
    args: argparse.Namespace,
    results: list[Row],
    targets: dict[str, dict[str, Any]],
    generated_seconds: float | None,
) -> None:
    desc = f"{size:,} bytes" + (f", {rows:,} rows" if rows else "")
    if not args.file:
        desc += f", {args.encoding}, profile {args.profile}" + (", random NIRs" if args.random_nir else "")
    print(f"\npiiscan benchmark: {path}\n  ({desc}; {os.cpu_count()} CPUs)")
    if generated_seconds is not None:
        print(f"  dump generated in {generated_seconds:.1f} s")
    width = max(34, *(len(r.tool) for r in results))
    print(f"\n{'tool':<{width}}  {'seconds':>8}  {'MB/s':>9}  {'vs rg':>6}  {'peak RSS MB':>11}  note")
    print("-" * (width + 52))
    for r in results:
        speedup = _fmt(r.speedup_vs_rg, ".2f") + ("x" if r.speedup_vs_rg else "")
        print(
            f"{r.tool:<{width}}  {_fmt(r.seconds, '.2f'):>8}  {_fmt(r.mb_s, '.1f'):>9}  {speedup:>6}  "
            f"{_fmt(r.peak_rss_mb, '.0f'):>11}  {r.note}"
        )
    print("\nDESIGN §6 targets (piiscan warm):")
    labels = {
        "throughput_mb_s": "throughput MB/s",
        "speedup_vs_rg": "speed-up vs rg",
        "peak_rss_mb": "peak RSS MB",
        "compile_s": "cold compile s",
    }
    for key, t in targets.items():
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[t["pass"]]
        value = "-" if t["value"] is None else f"{t['value']:.2f}"
        print(f"  {labels[key]:<18} {value:>10}  (target {t['target']})  {verdict}")


def _print_before_after(ba: dict[str, Any]) -> None:
    """The interleaved comparison: per-pair ratios, so that the host's drift cancels within each pair."""
    b, t = ba["baseline"], ba["this"]
    print(f"\nbefore/after, {ba['pairs']} interleaved warm pairs (baseline {b['revision'] or b['root']}):")
    print(f"  {'':<22} {'baseline':>10} {'this':>10}")
    best_b, best_t = min(b["warm_seconds"]), min(t["warm_seconds"])
    med_b, med_t = statistics.median(b["warm_seconds"]), statistics.median(t["warm_seconds"])
    print(f"  {'warm s, best':<22} {best_b:>10.2f} {best_t:>10.2f}")
    print(f"  {'warm s, median':<22} {med_b:>10.2f} {med_t:>10.2f}")
    cpu_b = [c for c in b["warm_cpu_seconds"] if c]
    cpu_t = [c for c in t["warm_cpu_seconds"] if c]
    if cpu_b and cpu_t:
        print(f"  {'warm CPU s, median':<22} {statistics.median(cpu_b):>10.2f} {statistics.median(cpu_t):>10.2f}")
    print(f"  {'cold compile s':<22} {b['compile_seconds']:>10.1f} {t['compile_seconds']:>10.1f}")
    peak_b, peak_t = _fmt(b["cold_peak_rss_mb"], ".0f"), _fmt(t["cold_peak_rss_mb"], ".0f")
    print(f"  {'cold peak RSS MB':<22} {peak_b:>10} {peak_t:>10}")
    wall = ", ".join(f"{r:.3f}" for r in ba["wall_ratio"])
    print(f"  this/baseline, wall per pair: {wall}; median {ba['wall_ratio_median']:.3f}")
    if ba["cpu_ratio"]:
        cpu = ", ".join(f"{r:.3f}" for r in ba["cpu_ratio"])
        print(f"  this/baseline, CPU per pair:  {cpu}; median {ba['cpu_ratio_median']:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
