"""Text dumps in the layouts that used to read as empty (issue 16), with planted synthetic people: one row
per case with what a scan says (format, records, findings, exit code, coverage verdict) and how much of
what was planted it gives back (lowest recall over planted entities, values found that were not planted).

    python -m benchmarks.text_variants [--rows 400] [--keep DIR]

Run it from two trees (e.g. `PYTHONPATH=/path/to/old/tree python -m benchmarks.text_variants`) to get a
before/after table: the cases and their planted values depend only on the seed, and every scan runs the
command line in a child process (`python -m piiscan scan`) of whichever tree is importable.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

from synth.planted import COLUMNS, planted_rows

HEADERS = [h for h, _ in COLUMNS]


def _delimited(rows, delim: str, eol: str) -> str:
    return eol.join([delim.join(HEADERS)] + [delim.join(r[h] for h in HEADERS) for r in rows]) + eol


def _copy(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _pg_dump(rows) -> bytes:
    rng = random.Random(5)
    lines = [
        "--\n-- PostgreSQL database dump\n--\nSET statement_timeout = 0;\n",
        "CREATE TABLE public.clients (\n    id integer,\n" + "".join(f"    {h} text,\n" for h in HEADERS),
        "    photo bytea\n);\n\n",
        f"COPY public.clients (id, {', '.join(HEADERS)}, photo) FROM stdin;\n",
    ]
    for k, r in enumerate(rows):
        lines.append("\t".join([str(k), *(_copy(r[h]) for h in HEADERS), "\\\\x" + rng.randbytes(32).hex()]) + "\n")
    lines.append("\\.\n")
    return "".join(lines).encode()


def _mysql_blob_dump(rows) -> bytes:
    rng = random.Random(9)
    esc = {0: b"\\0", 39: b"\\'", 92: b"\\\\", 10: b"\\n", 13: b"\\r", 26: b"\\Z", 34: b'\\"'}
    out = [b"-- MySQL dump 10.13\nDROP TABLE IF EXISTS `clients`;\n"]
    out.append(b"CREATE TABLE `clients` (`id` int, " + b"".join(f"`{h}` text, ".encode() for h in HEADERS))
    out.append(b"`avatar` blob);\n")
    for start in range(0, len(rows), 50):
        tuples = []
        for k, r in enumerate(rows[start : start + 50], start):
            vals = [str(k).encode()] + [b"'" + r[h].replace("'", "\\'").encode() + b"'" for h in HEADERS]
            vals.append(b"_binary '" + b"".join(esc.get(b, bytes([b])) for b in rng.randbytes(300)) + b"'")
            tuples.append(b"(" + b",".join(vals) + b")")
        out.append(b"INSERT INTO `clients` VALUES " + b",".join(tuples) + b";\n")
    return b"".join(out)


def _sqlite_dump(rows) -> bytes:
    con = sqlite3.connect(":memory:")
    con.execute(f"CREATE TABLE clients ({', '.join(h + ' TEXT' for h in HEADERS)})")
    con.executemany(f"INSERT INTO clients VALUES ({', '.join('?' * len(HEADERS))})", [tuple(r.values()) for r in rows])
    # the sqlite3 shell's .dump starts with this PRAGMA (iterdump, its library twin, does not)
    text = "PRAGMA foreign_keys=OFF;\n" + "\n".join(con.iterdump()) + "\n"
    con.close()
    return text.encode()


def cases(rows) -> dict[str, tuple[bytes, str, tuple[str, ...]]]:
    """name -> (file bytes, codec of its offsets, extra command-line arguments)."""
    csv = _delimited(rows, ";", "\n")
    return {
        "pg_dump COPY": (_pg_dump(rows), "utf-8", ()),
        "sqlite3 .dump": (_sqlite_dump(rows), "utf-8", ()),
        "mysqldump + blob": (_mysql_blob_dump(rows), "utf-8", ()),
        "CSV, CR-only": (_delimited(rows, ";", "\r").encode(), "utf-8", ()),
        "CSV, ^ delimiter": (_delimited(rows, "^", "\n").encode(), "utf-8", ()),
        "CSV, ~ delimiter": (_delimited(rows, "~", "\n").encode(), "utf-8", ()),
        "JSON array, indent=2": (json.dumps(rows, indent=2, ensure_ascii=False).encode(), "utf-8", ()),
        "JSON keyed by e-mail": (
            json.dumps({r["email"]: r for r in rows}, indent=2, ensure_ascii=False).encode(),
            "utf-8",
            (),
        ),
        "JSON pretty stream": (
            "\n".join(json.dumps(r, indent=2, ensure_ascii=False) for r in rows).encode(),
            "utf-8",
            (),
        ),
        "JSON Lines, \\u escapes": ("".join(json.dumps(r) + "\n" for r in rows).encode(), "utf-8", ()),
        "UTF-32 with BOM": (codecs.BOM_UTF32_LE + csv.encode("utf-32-le"), "utf-32-le", ()),
        "UTF-32 BE, no BOM": (csv.encode("utf-32-be"), "utf-32-be", ()),
        "EBCDIC cp500 (forced)": (csv.encode("cp500"), "cp500", ("--encoding", "cp500")),
        "EBCDIC cp037 NL (forced)": (csv.encode("cp037").replace(b"\x25", b"\x15"), "cp037", ("--encoding", "cp037")),
    }


def _norm(entity: str, value: str) -> str:
    if "\\u" in value:
        value = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), value)
    v = unicodedata.normalize("NFC", value.replace("''", "'").replace("\\'", "'")).casefold().strip()
    if entity in ("FR_NIR", "PHONE_NUMBER", "IBAN_CODE", "FR_PASSPORT"):
        v = re.sub(r"[\s.\-]", "", v)
    return v


def measure(name: str, data: bytes, codec: str, extra: tuple[str, ...], rows, work: Path) -> dict:
    path = work / re.sub(r"\W+", "_", name).strip("_")
    path.write_bytes(data)
    found_path, report_path = work / (path.name + ".jsonl"), work / (path.name + ".report.json")
    argv = [sys.executable, "-m", "piiscan", "scan", str(path), "--quiet", "--workers", "1"]
    argv += ["--findings", str(found_path), "--unsafe-show-values", "--report", str(report_path), *extra]
    proc = subprocess.run(argv, capture_output=True, text=True, env=os.environ.copy(), check=False)
    findings = [json.loads(x) for x in found_path.read_text().splitlines()] if found_path.exists() else []
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    planted: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for h, e in COLUMNS:
            planted[e].add(_norm(e, r[h]))
    got: dict[str, set[str]] = defaultdict(set)
    offsets_ok = True
    for f in findings:
        got[f["entity"]].add(_norm(f["entity"], f["value"]))
        offsets_ok &= data[f["offset"] : f["offset"] + f["length"]].decode(codec, "replace") == f["value"]
    recall = min(len(planted[e] & got[e]) / len(planted[e]) for e in planted)
    invented = sum(len(got[e] - planted.get(e, set())) for e in got)
    inp = (report.get("inputs") or [{}])[0]
    return {
        "case": name,
        "format": inp.get("format", "-"),
        "records": inp.get("records", 0),
        "findings": len(findings),
        "exit": proc.returncode,
        "min_recall": round(recall, 3),
        "invented": invented,
        "offsets_exact": offsets_ok if findings else None,
        "verdict": report.get("coverage", {}).get("verdict", "(no coverage section)"),
        "stderr": proc.stderr.strip().splitlines()[-1][:80] if proc.stderr.strip() else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--keep", type=Path, help="keep the generated files and outputs in this directory")
    args = parser.parse_args()
    rows = planted_rows(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = [measure(n, d, c, x, rows, work) for n, (d, c, x) in cases(rows).items()]
    print(f"{'case':<26}{'format':<8}{'records':>8}{'findings':>9}{'exit':>5}{'recall':>8}{'invented':>9}  verdict")
    for r in results:
        print(
            f"{r['case']:<26}{r['format']:<8}{r['records']:>8}{r['findings']:>9}{r['exit']:>5}"
            f"{r['min_recall']:>8}{r['invented']:>9}  {r['verdict'] or r['stderr']}"
            + ("" if r["offsets_exact"] in (True, None) else "  OFFSETS WRONG")
        )


if __name__ == "__main__":
    main()
