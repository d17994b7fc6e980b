"""Byte ranges of a file scanned apart, then merged, equal the scan of the whole file (no cluster here).

The planner proposes range starts after a newline, which may fall inside a quoted multi-line cell; the
structure pass and `settle_ranges` must move every range to a true record boundary, so that no record is
lost or counted twice, every finding keeps its record index, and the merged report is the one-process one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.distributed import tasks as T
from piiscan.distributed.planner import LocalInputs, Skips, SplitFile, plan
from piiscan.distributed.runner import fixed_options, settle_ranges
from piiscan.output.aggregate import Partial
from piiscan.output.report import build_report
from piiscan.parts import Part
from piiscan.scanner import Scanner, ScanOptions

INNER = "1;2;3\n" * 6  # lines inside a quoted cell that parse as records of the file's width
OPTIONS = fixed_options(ScanOptions(key=b"k" * 32, reference_date=dt.date(2026, 11, 23), chunk_size=1 << 16))

SURNAMES = ["Dupont", "Martin", "Bernard", "Nguyen", "Benali", "Lefèvre"]
NIRS = ["185057800604830", "2 85 03 75 116 001 42", "1850375116001 42"]


def write_csv(path, n: int, seed: int, *, crlf: bool = False, encoding: str = "utf-8") -> None:
    """A `;` CSV whose notes hold quoted newlines, doubled quotes, blank lines inside quotes and a stray
    quote in an unquoted cell (a quote opens a cell only at its start), between blank lines."""
    rnd = random.Random(seed)
    nl = "\r\n" if crlf else "\n"
    lines = ["nom;prénom;email;observations;nir"]
    for i in range(n):
        kind = rnd.random()
        if kind < 0.3:
            note = '"appel le 12/03\nrappel ""urgent""\n\nfin"'
        elif kind < 0.4:
            note = '"' + "\n" * rnd.randint(1, 4) + '"'
        elif kind < 0.5:
            note = 'taille 5"2'
        elif kind < 0.55:  # lines that parse as records of the file's width, inside quotes: fools any guess
            note = '"' + "\n".join("a;b;c;d;e" for _ in range(rnd.randint(1, 6))) + '"'
        else:
            note = "RAS"
        name = rnd.choice(SURNAMES)
        email = f"{name.lower()}.{i % 37}@exemple.fr"
        extra = ";en trop" if rnd.random() < 0.05 else ""
        lines.append(f"{name};Jean;{email};{note};{rnd.choice(NIRS)}{extra}")
        if rnd.random() < 0.05:
            lines.append("")
    with open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(nl.join(lines) + nl)


def write_text(path, n: int, seed: int) -> None:
    """Free text with MRZ groups (2×44 lines) that a range must never cut in two."""
    rnd = random.Random(seed)
    mrz = ["P<FRADUPONT<<JEAN<<<<<<<<<<<<<<<<<<<<<<<<<<<", "12AB345670FRA8503075M3001019<<<<<<<<<<<<<<02"]
    lines = []
    for i in range(n):
        if rnd.random() < 0.2:
            lines.extend(mrz)
        else:
            lines.append(f"Note {i}: M. {rnd.choice(SURNAMES)} joignable au 06 12 34 56 {i % 90 + 10:02d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def local_scan(paths: list[str]):
    scanner = Scanner(OPTIONS)
    rows = [r for b in scanner.scan(paths) if len(b) for r in b.to_arrow().to_pylist()]
    return _comparable(build_report(scanner.partial, elapsed=0.0, workers=1)), rows


def ranged_scan(paths: list[str], part_bytes: int):
    """What the Dask runner does, with the tasks run here in order: plan, settle ranges, scan, merge."""
    the_plan = plan(paths, OPTIONS, part_bytes=part_bytes, group_bytes=1)
    leaves: list[T.Leaf] = []
    rows: list[dict] = []
    spec = T.FindingsSpec(stream=True)
    n_parts = 0
    for task in the_plan.tasks:
        if isinstance(task, Skips):
            leaves.append(T.skips_leaf(task))
            continue
        if isinstance(task, SplitFile):
            counts = [
                T.count_part(Part(path=task.path, encoding=task.encoding, format=task.format, start=a, stop=b), OPTIONS)
                for a, b in zip(task.starts, task.starts[1:], strict=False)
            ]
            parts, _ = settle_ranges(task, counts, lambda p: T.count_part(p, OPTIONS))
            scans = [T.scan_leaf(task, OPTIONS, spec, 0, p) for p in parts]
            for p, leaf in zip(parts, scans, strict=True):
                assert p.stop is None or leaf.end == p.stop  # the scan ends where the structure pass did
            n_parts += len(parts)
        else:
            assert not isinstance(task, LocalInputs)
            scans = [T.scan_leaf(task, OPTIONS, spec, 0)]
        for leaf in scans:
            rows += [r for b in T.findings_of(leaf) for r in b.to_pylist()]
            leaves.append(T.without_findings(leaf))
    while len(leaves) > 1:  # pairwise, neighbours with neighbours, as on the workers
        leaves = [
            T.merge_leaves(*leaves[i : i + 2]) if i + 1 < len(leaves) else leaves[i] for i in range(0, len(leaves), 2)
        ]
    merged = leaves[0].partial if leaves else Partial()
    return _comparable(build_report(merged, elapsed=0.0, workers=1)), rows, n_parts


def _comparable(report: dict) -> dict:
    report = dict(report)
    report.pop("generated_at", None)
    report.pop("performance", None)
    return report


@settings(max_examples=25)
@given(part_bytes=st.integers(min_value=300, max_value=3000), seed=st.integers(0, 3), crlf=st.booleans())
def test_csv_ranges_lose_and_double_no_record(tmp_path_factory, part_bytes, seed, crlf):
    path = tmp_path_factory.mktemp("csv") / "dump.csv"
    write_csv(path, 150, seed, crlf=crlf)
    expected, expected_rows = local_scan([str(path)])
    report, rows, n_parts = ranged_scan([str(path)], part_bytes)
    assert n_parts >= 2
    assert report["summary"]["records"] == expected["summary"]["records"]
    assert rows == expected_rows  # same findings, same order, same record indices and offsets
    assert report == expected


@settings(max_examples=15)
@given(part_bytes=st.integers(min_value=200, max_value=3000), seed=st.integers(0, 3))
def test_text_ranges_never_cut_an_mrz_group(tmp_path_factory, part_bytes, seed):
    path = tmp_path_factory.mktemp("txt") / "notes.txt"
    write_text(path, 120, seed)
    expected, expected_rows = local_scan([str(path)])
    report, rows, n_parts = ranged_scan([str(path)], part_bytes)
    assert n_parts >= 2
    assert rows == expected_rows
    assert report == expected


def test_single_byte_crlf_file_and_neighbours_merge_in_input_order(tmp_path):
    """A cp1252 CRLF file cut in ranges between two whole files and a missing path: inputs, skipped parts,
    samples and field previews come out in the one-process order."""
    write_csv(tmp_path / "b.csv", 200, 7, crlf=True, encoding="cp1252")
    write_csv(tmp_path / "a.csv", 5, 1)
    write_text(tmp_path / "c.txt", 10, 2)
    paths = [str(tmp_path / "a.csv"), str(tmp_path / "missing.csv"), str(tmp_path / "b.csv"), str(tmp_path / "c.txt")]
    expected, expected_rows = local_scan(paths)
    report, rows, n_parts = ranged_scan(paths, 2000)
    assert n_parts > 5
    assert rows == expected_rows
    assert report == expected
    assert [i["source"] for i in report["inputs"]] == [p for p in paths if "missing" not in p]


def test_a_guess_inside_a_quoted_cell_is_moved_to_the_true_boundary(tmp_path):
    """A proposed start inside a quoted cell whose lines look like records is counted again from the true end."""
    body = "".join(f'{i};"ligne\n{INNER}fin";jean.{i}@exemple.fr\n' for i in range(200))
    path = tmp_path / "q.csv"
    path.write_text("id;notes;email\n" + body, encoding="utf-8")
    the_plan = plan([str(path)], OPTIONS, part_bytes=1000)
    task = the_plan.tasks[0]
    assert isinstance(task, SplitFile)
    counts = [
        T.count_part(Part(path=task.path, encoding=task.encoding, format=task.format, start=a, stop=b), OPTIONS)
        for a, b in zip(task.starts, task.starts[1:], strict=False)
    ]
    parts, recounted = settle_ranges(task, counts, lambda p: T.count_part(p, OPTIONS))
    assert recounted > 0  # some newline guesses were inside quotes
    assert parts[0].start == 0 and all(a.stop == b.start for a, b in itertools.pairwise(parts))
    assert (
        sum(T.count_part(dataclasses.replace(p, stop=p.stop), OPTIONS).records for p in parts[:-1])
        + T.scan_leaf(task, OPTIONS, T.FindingsSpec(), 0, parts[-1]).records
        == 200
    )
