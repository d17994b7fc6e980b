"""Memory and time of scanning large table containers: a set of big workbooks and a big SQLite file.

    python -m benchmarks.tables                  # ~1 GB of workbook sheet data and a ~1 GB SQLite file
    python -m benchmarks.tables --size-mb 100    # quick run
    python -m benchmarks.tables --only sqlite    # one of: xlsx, sqlite

The files are generated once (seeded, synthetic: `synth.checks` identifiers with valid check digits)
into `benchmarks/.data/tables/` (gitignored) and each is scanned by `piiscan scan --workers 2` under
`/usr/bin/time -v`, whose peak RSS (the scan's own process; the numba compile child, if the cache is cold, is a
separate process) and wall time are printed as a table and written to `benchmarks/results/tables.json`.

Workbook set: workbooks of four sheets of `--sheet-rows` rows (each sheet under the size calamine may hold in
memory, so read by calamine) plus one workbook with a 1,048,575-row sheet (over it: streamed from its XML).  The
size quoted for workbooks is their sheets' uncompressed XML (what is parsed), the files being ~10x smaller.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

from synth.checks import make_iban, nir_key, rib_key

ROOT = Path(__file__).resolve().parent
DATA = ROOT / ".data" / "tables"
HEADERS = ("nom", "prenom", "email", "date_naissance", "telephone", "nir", "iban", "ville")
MAX_ROWS = 1_048_575
"""Rows under the header of the largest sheet Excel allows."""


def nir(r: random.Random) -> str:
    """A NIR with a valid key (check digits from `synth.checks`)."""
    first = f"{r.choice('12')}{r.randint(40, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 95):02d}"
    first += f"{r.randint(1, 990):03d}{r.randint(1, 999):03d}"
    return f"{first}{nir_key(first):02d}"


def iban(r: random.Random) -> str:
    """A French IBAN with valid RIB key and check digits."""
    bank, branch, account = (
        f"{r.randint(10000, 99999)}",
        f"{r.randint(10000, 99999)}",
        f"{r.randint(0, 10**11 - 1):011d}",
    )
    return make_iban("FR", bank + branch + account + rib_key(bank, branch, account))


def _row(r: random.Random, i: int) -> tuple:
    born = dt.date(r.randint(1940, 2005), r.randint(1, 12), r.randint(1, 28))
    return (
        f"Nom{r.randint(0, 20000)}",
        f"Prenom{r.randint(0, 2000)}",
        f"client{i}@exemple.fr",
        born,
        int(f"6{r.randint(10**7, 10**8 - 1)}"),
        nir(r),
        iban(r),
        "Paris",
    )


def _xml_size(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return sum(i.file_size for i in zf.infolist() if i.filename.startswith("xl/worksheets/"))


def make_workbook(path: Path, sheets: int, rows: int, seed: int) -> None:
    import xlsxwriter

    r = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    at = 0
    for s in range(sheets):
        sheet = book.add_worksheet(f"Feuil{s + 1}")
        sheet.write_row(0, 0, HEADERS)
        for i in range(1, rows + 1):
            values = _row(r, at)
            at += 1
            for j, v in enumerate(values):
                if isinstance(v, dt.date):
                    sheet.write_datetime(i, j, dt.datetime.combine(v, dt.time()), dates)
                else:
                    sheet.write(i, j, v)
    book.close()


def workbook_set(size: int, sheet_rows: int, seed: int) -> Path:
    folder = DATA / f"xlsx_{size >> 20}mb_r{sheet_rows}_s{seed}"
    done = folder.with_name(folder.name + ".complete")  # beside the folder: inside it, it would be scanned
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    huge = folder / "huge_sheet.xlsx"
    shared = DATA / f"huge_sheet_s{seed}.xlsx"  # one copy for every set size (it takes minutes to write)
    if not shared.exists():
        make_workbook(shared.with_suffix(".part"), 1, MAX_ROWS, seed)
        shared.with_suffix(".part").rename(shared)
    huge.unlink(missing_ok=True)
    os.link(shared, huge)
    total = _xml_size(huge)
    n = 0
    while total < size:
        path = folder / f"book{n:03d}.xlsx"
        make_workbook(path, 4, sheet_rows, seed + 1 + n)
        total += _xml_size(path)
        n += 1
    done.write_text(str(total))
    return folder


def sqlite_file(size: int, seed: int) -> Path:
    path = DATA / f"clients_{size >> 20}mb_s{seed}.sqlite"
    if path.exists():
        return path
    tmp = path.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    r = random.Random(seed)
    conn = sqlite3.connect(tmp)
    conn.execute(f"CREATE TABLE clients (id INTEGER PRIMARY KEY, {', '.join(HEADERS)})")
    conn.execute("CREATE TABLE commandes (id INTEGER PRIMARY KEY, client_email TEXT, adresse TEXT, montant REAL)")
    i = 0
    while tmp.stat().st_size < size:
        rows = [_row(r, i + k) for k in range(50_000)]
        conn.executemany(
            f"INSERT INTO clients ({', '.join(HEADERS)}) VALUES ({', '.join('?' * len(HEADERS))})",
            [(*v[:3], v[3].isoformat(), *v[4:]) for v in rows],
        )
        conn.executemany(
            "INSERT INTO commandes (client_email, adresse, montant) VALUES (?, ?, ?)",
            [(v[2], f"{k % 200 + 1} rue de la Paix, 75002 Paris", k * 1.5) for k, v in enumerate(rows)],
        )
        conn.commit()
        i += len(rows)
    conn.close()
    tmp.rename(path)
    return path


def measure(target: Path, workers: int) -> dict:
    """One `piiscan scan` under /usr/bin/time -v: peak RSS (MB), wall seconds, exit code, records, findings."""
    report = DATA / f"report_{target.name}.json"
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "piiscan", "scan", str(target), "--workers", str(workers)]
    proc = subprocess.run([*cmd, "--report", str(report), "--quiet"], capture_output=True, text=True, check=False)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", proc.stderr)
    seconds = 0.0
    if wall:
        for part in wall.group(1).split(":"):
            seconds = seconds * 60 + float(part)
    data = json.loads(report.read_text()) if report.exists() else {}
    summary = data.get("summary", {})
    return {
        "target": target.name,
        "exit": proc.returncode,
        "peak_rss_mb": round(int(rss.group(1)) / 1024, 1) if rss else None,
        "seconds": round(seconds, 1),
        "records": summary.get("records"),
        "findings": summary.get("findings"),
        "skipped": data.get("skipped", {}).get("by_reason"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="size of each set (default 1024)")
    parser.add_argument("--sheet-rows", type=int, default=150_000, help="rows of each ordinary sheet")
    parser.add_argument("--only", choices=("xlsx", "sqlite"), help="measure one set only")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    size = args.size_mb << 20
    results = []
    if args.only in (None, "xlsx"):
        folder = workbook_set(size, args.sheet_rows, args.seed)
        row = measure(folder, args.workers)
        row["data_mb"] = round(int(folder.with_name(folder.name + ".complete").read_text()) / (1 << 20))
        row["files_mb"] = round(sum(p.stat().st_size for p in folder.glob("*.xlsx")) / (1 << 20))
        results.append(row)
    if args.only in (None, "sqlite"):
        path = sqlite_file(size, args.seed)
        row = measure(path, args.workers)
        row["data_mb"] = row["files_mb"] = round(path.stat().st_size / (1 << 20))
        results.append(row)
    print(f"{'target':40} {'data MB':>8} {'file MB':>8} {'peak RSS MB':>12} {'s':>8} {'records':>10} exit")
    for row in results:
        print(
            f"{row['target']:40} {row['data_mb']:>8} {row['files_mb']:>8} {row['peak_rss_mb']!s:>12} "
            f"{row['seconds']:>8} {row['records']!s:>10} {row['exit']}"
        )
    out = ROOT / "results" / "tables.json"
    out.write_text(json.dumps({"size_mb": args.size_mb, "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
