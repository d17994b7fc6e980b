"""Acceptance of column profiles from values (issue 17): recall and precision per entity on generated
tables of people, headerless, with meaningless headers (`c1`..`c10`) and with real headers.

    python -m benchmarks.profiles [--rows 2000] [--seed 17] [--chunk-size BYTES] [--workers N]

A finding counts as a true positive when its (record, value) is a planted (record, value) of the same
entity; recall is per planted value, precision per finding.  It also prints each column's profile
(`decided_by`, from the report) and how many findings each header style gave, so that "the same table
with real headers gives the header result with no loss" can be read off the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

from piiscan.output.report import build_report
from piiscan.scanner import Scanner, ScanOptions
from synth.profile_tables import COLUMNS, people_table

ENTITIES = (
    "PERSON",
    "DATE_OF_BIRTH",
    "FR_PASSPORT",
    "FOREIGN_PASSPORT",
    "FR_ID_CARD",
    "FR_RESIDENCE_PERMIT",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "FR_NIR",
    "IBAN_CODE",
)


def measure(data: bytes, planted: dict, *, chunk_size: int, workers: int) -> tuple[dict, dict]:
    """Per entity (tp, planted, reported), and the report's field profiles."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "people.csv"
        path.write_bytes(data)
        options = ScanOptions(
            key=b"k" * 32, reference_date=dt.date(2026, 11, 23), workers=workers, chunk_size=chunk_size
        )
        scanner = Scanner(options)
        found: set[tuple[str, int, str]] = set()
        reported: Counter[str] = Counter()
        for batch in scanner.scan([str(path)]):
            for k in range(len(batch)):
                ent = batch.entity_name(k)
                value = data[int(batch.offset[k]) : int(batch.offset[k]) + int(batch.src_length[k])].decode()
                found.add((ent, int(batch.record[k]), value))
                reported[ent] += 1
        report = build_report(scanner.partial, elapsed=1.0, workers=workers)
    truth = {(ent, r, v) for (r, _c), (ent, v) in planted.items()}
    rows = {}
    for ent in ENTITIES:
        t = {x for x in truth if x[0] == ent}
        f = {x for x in found if x[0] == ent}
        rows[ent] = (len(t & f), len(t), reported[ent], len(f))
    return rows, {f["field"]: (f["entity"], f["decided_by"]) for f in report["fields"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--chunk-size", type=int, default=8 << 20)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    print(f"{args.rows} generated people, seed {args.seed}, chunk {args.chunk_size} B, {args.workers} workers")
    print()
    print("| header | entity | planted | reported | recall | precision |")
    print("|---|---|---|---|---|---|")
    profiles = {}
    ok = True
    for style in ("none", "meaningless", "real"):
        table = people_table(args.seed, args.rows, header=style)
        rows, profiles[style] = measure(table.data, table.planted, chunk_size=args.chunk_size, workers=args.workers)
        for ent, (tp, planted, reported, distinct_found) in rows.items():
            recall = tp / planted if planted else float("nan")
            precision = tp / distinct_found if distinct_found else float("nan")
            ok &= recall >= 0.95 and precision >= 0.98
            print(f"| {style} | {ent} | {planted} | {reported} | {recall:.4f} | {precision:.4f} |")
    print()
    print("| column | headerless | c1..c10 | real header |")
    print("|---|---|---|---|")
    names = {
        "none": [f"column_{i + 1}" for i in range(len(COLUMNS))],
        "meaningless": [f"c{i + 1}" for i in range(len(COLUMNS))],
        "real": list(people_table(args.seed, 1, header="real").headers or ()),
    }
    for c, (key, _ent) in enumerate(COLUMNS):
        cells = []
        for style in ("none", "meaningless", "real"):
            got = profiles[style].get(names[style][c])
            cells.append(f"{got[0]} ({got[1]})" if got else "-")
        print(f"| {key} | " + " | ".join(cells) + " |")
    print()
    verdict = "met" if ok else "NOT met"
    print(f"acceptance (recall >= 0.95, precision >= 0.98 for every entity and header style): {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
