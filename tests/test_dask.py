"""A scan on a Dask cluster gives the report and the findings of the one-process scan.

One `LocalCluster` of two worker processes serves the module (started once: ~5-10 s); byte ranges are
forced small so that every CSV and text input of the corpus is cut into several ranges.  Tests that need a
fresh process (the command line, a killed worker) say so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import os
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from clirunner import REPO, run_cli
from distributed.diagnostics.plugin import WorkerPlugin
from test_dask_parts import SURNAMES, write_csv, write_text

import piiscan
from piiscan.distributed import connect
from piiscan.distributed.api import scan_on_client
from piiscan.errors import EXIT_LIMIT, EXIT_UNAVAILABLE, EXIT_USAGE
from piiscan.output.report import build_report
from piiscan.scanner import Scanner, ScanOptions

CORPUS = REPO.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.json").exists()) if CORPUS.is_dir() else []
OPTIONS = ScanOptions(key=b"k" * 32, reference_date=dt.date(2026, 11, 23))
SMALL_PARTS = 16 << 10
INNER = "1;2;3\n" * 6  # lines inside a quoted cell that parse as records of the file's width


@pytest.fixture(scope="module")
def client():
    with connect("local", workers=2) as c:
        yield c


def local(paths: list[str]) -> tuple[dict, list[dict]]:
    scanner = Scanner(OPTIONS)
    rows = [r for b in scanner.scan(paths) if len(b) for r in b.to_arrow().to_pylist()]
    return comparable(build_report(scanner.partial, elapsed=0.0, workers=1)), rows


def on_cluster(client, paths: list[str], part_bytes: int = SMALL_PARTS) -> tuple[dict, list[dict]]:
    report = scan_on_client(client, paths, OPTIONS, findings=True, part_bytes=part_bytes)
    return comparable(report.data), report.findings.to_pylist()


def comparable(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("generated_at", "performance")}


def case_files(case: str) -> list[str]:
    meta = json.loads((CORPUS / case / "case.json").read_text(encoding="utf-8"))
    return [str(CORPUS / case / f["name"]) for f in meta["files"]]


@pytest.mark.skipif(not CASES, reason="the shared corpus is not beside this clone")
@pytest.mark.parametrize("case", CASES)
def test_corpus_case_on_the_cluster_equals_the_local_scan(client, case):
    paths = case_files(case)
    expected, expected_rows = local(paths)
    report, rows = on_cluster(client, paths)
    assert rows == expected_rows  # the same findings, in the same order, records and offsets included
    assert report == expected


def make_multi_file_set(root: Path) -> list[str]:
    """Plain CSV large enough to be cut, cp1252 CRLF CSV, text with MRZ groups, JSON Lines, gzip, a zip with
    two members, an empty and a binary file, and a missing path between them."""
    data = root / "set"
    (data / "sub").mkdir(parents=True)
    write_csv(data / "big.csv", 1500, 3)
    write_csv(data / "sub" / "legacy.csv", 400, 4, crlf=True, encoding="cp1252")
    write_text(data / "sub" / "notes.txt", 600, 5)
    with open(data / "visas.jsonl", "w", encoding="utf-8") as fh:
        for i in range(300):
            rec = {"applicant": {"nom": SURNAMES[i % 6], "email": f"a.{i}@exemple.fr"}, "nir": "185057800604830"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    small = root / "small.csv"
    write_csv(small, 80, 6)
    (data / "export.csv.gz").write_bytes(gzip.compress(small.read_bytes()))
    with zipfile.ZipFile(data / "archive.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(small, "membre1.csv")
        zf.writestr("dossier/membre2.txt", (data / "sub" / "notes.txt").read_text(encoding="utf-8")[:5000])
    (data / "empty.csv").write_bytes(b"")
    (data / "blob.bin").write_bytes(bytes(range(256)) * 40)
    return [str(data), str(root / "missing.csv"), str(small)]


def test_multi_file_set_on_the_cluster_equals_the_local_scan(client, tmp_path):
    paths = make_multi_file_set(tmp_path)
    expected, expected_rows = local(paths)
    report, rows = on_cluster(client, paths)
    assert sorted(expected["skipped"]["by_reason"]) == ["binary", "empty", "not-found"]
    assert rows == expected_rows
    assert report == expected


class _KillOnce(WorkerPlugin):
    """Kills its worker's process when it starts scanning a range, once (a marker file says it was done)."""

    name = "test-kill-once"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key, start, finish, **kwargs) -> None:
        if finish == "executing" and str(key).startswith("piiscan-leaf") and not os.path.exists(self.marker):
            Path(self.marker).write_text("killed", encoding="utf-8")
            os._exit(1)


def test_a_killed_worker_leaves_the_report_exact(client, tmp_path):
    path = tmp_path / "dump.csv"
    write_csv(path, 1500, 11)
    expected, expected_rows = local([str(path)])
    marker = tmp_path / "killed"
    client.register_plugin(_KillOnce(str(marker)))
    try:
        report, rows = on_cluster(client, [str(path)])
    finally:
        client.unregister_worker_plugin(_KillOnce.name)
    assert marker.exists()  # a worker did die mid-scan, and its task ran again elsewhere
    assert rows == expected_rows
    assert report == expected


def test_command_line_with_a_local_cluster_writes_the_same_report_and_a_findings_dataset(tmp_path):
    """`piiscan scan --dask local` end to end: the report of the local scan, the findings as one Parquet file
    per task in DIR/ holding the local scan's findings."""
    import pyarrow.parquet as pq

    paths = make_multi_file_set(tmp_path)
    key = tmp_path / "key.bin"
    key.write_bytes(b"k" * 32)
    common = [*paths, "--key-file", key, "--reference-date", "2026-11-23", "--quiet"]
    here = run_cli([*common, "--findings", tmp_path / "local.jsonl"], outdir=tmp_path / "a", timeout=300)
    dataset = tmp_path / "findings"
    there = run_cli(
        [*common, "--dask", "local", "--workers", "2", "--dask-part-size", "16K", "--findings", f"{dataset}/"],
        outdir=tmp_path / "b",
        timeout=300,
    )
    assert there.code == here.code == 3, there.stderr  # 3: the missing path, the empty and binary files
    assert comparable(there.report) == comparable(here.report)
    assert there.report["performance"]["workers"] == 2
    expected = [json.loads(line) for line in (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()]
    files = sorted(dataset.glob("part-*.parquet"))
    assert len(files) > 5
    rows = [r for f in files for r in pq.read_table(f).to_pylist()]
    assert rows == expected  # the files in name order hold the findings in input order


def test_an_unreachable_scheduler_is_one_line_and_its_exit_code(tmp_path, monkeypatch, capsys):
    from piiscan.cli import main
    from piiscan.distributed import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    target = tmp_path / "a.csv"
    write_csv(target, 3, 1)
    assert main(["scan", str(target), "--dask", "tcp://127.0.0.1:9", "--quiet"]) == EXIT_UNAVAILABLE
    err = capsys.readouterr().err.strip()
    assert err == "piiscan: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (OSError)"


def test_without_dask_the_message_names_the_extra(tmp_path, monkeypatch, capsys):
    import sys

    from piiscan.cli import main

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    target = tmp_path / "a.csv"
    write_csv(target, 3, 1)
    assert main(["scan", str(target), "--dask", "local", "--quiet"]) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert "`dask` extra" in err and "[dask]" in err and len(err.splitlines()) == 1


def test_tasks_share_one_key_and_reference_date():
    """Every task must fingerprint with the same key (a random one drawn once per scan when none is given)."""
    from piiscan.distributed.runner import fixed_options

    fixed = fixed_options(dataclasses.replace(OPTIONS, key=None, reference_date=None))
    assert fixed.key is not None and len(fixed.key) == 32 and fixed.reference_date == dt.date.today()


@pytest.mark.parametrize("mode", ["stream", "dataset"])
def test_ranges_starting_inside_quoted_cells_are_moved_on_the_cluster(client, tmp_path, mode):
    """Proposed starts inside long quoted cells: scanned again from the true boundary (findings streamed),
    or settled by the structure pass before the scan (findings written by the workers)."""
    import pyarrow.parquet as pq

    from piiscan.distributed import FindingsSpec, run_scan

    body = "".join(f'{i};"ligne\n{INNER}fin";jean.{i}@exemple.fr\n' for i in range(300))
    path = tmp_path / "q.csv"
    path.write_text("id;notes;email\n" + body, encoding="utf-8")
    expected, expected_rows = local([str(path)])
    rows: list[dict] = []
    spec = FindingsSpec(stream=True) if mode == "stream" else FindingsSpec(directory=str(tmp_path / "out"))
    result = run_scan(client, [str(path)], OPTIONS, findings=spec, on_findings=lambda b: rows.extend(b.to_pylist()),
                      part_bytes=1000)  # fmt: skip
    if mode == "dataset":
        rows = [r for f in sorted((tmp_path / "out").glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    assert result.recounted > 0 and result.tasks > 10
    assert rows == expected_rows
    assert comparable(build_report(result.partial, elapsed=0.0, workers=1)) == expected


def test_decompression_limits_apply_on_the_workers(client, tmp_path):
    """A worker opens inputs again with the scan's limits: a bomb stopped locally is stopped there too."""
    from piiscan.source.limits import Limits

    bomb = tmp_path / "bomb.csv.gz"
    bomb.write_bytes(gzip.compress(b"nom;email\n" + b"Dupont;jean.dupont@exemple.fr\n" * 50000))
    options = dataclasses.replace(OPTIONS, limits=Limits(max_bytes=200_000))
    scanner = Scanner(options)
    rows = [r for b in scanner.scan([str(bomb)]) if len(b) for r in b.to_arrow().to_pylist()]
    expected = comparable(build_report(scanner.partial, elapsed=0.0, workers=1))
    report = scan_on_client(client, [str(bomb)], options, findings=True)
    assert expected["skipped"]["by_reason"] and comparable(report.data) == expected
    assert report.findings.to_pylist() == rows
    # the same verdict as a local scan (exit status 6, the same error line), decided by the same function
    # (piiscan.output.outcome)
    local = piiscan.scan([str(bomb)], options=options).outcome
    assert report.outcome == local and local.exit_code == EXIT_LIMIT and len(local.errors) == 1


def test_fingerprint_file_from_the_cluster_equals_the_local_one(client, tmp_path):
    """Per-record strong identifiers need each range's first record index: the ranges are settled first."""
    import pyarrow.parquet as pq

    from piiscan.distributed import run_scan
    from piiscan.output.fingerprints import read_metadata, write_fingerprints
    from piiscan.scanner import derive_key

    path = tmp_path / "dump.csv"
    write_csv(path, 600, 13)
    options = dataclasses.replace(OPTIONS, fingerprints=True)
    k0, k1 = derive_key(options.key)
    scanner = Scanner(options)
    for _ in scanner.scan([str(path)]):
        pass
    write_fingerprints(tmp_path / "local.parquet", scanner.partial, k0=k0, k1=k1)
    result = run_scan(client, [str(path)], options, part_bytes=4096)
    assert result.tasks > 5
    write_fingerprints(tmp_path / "dask.parquet", result.partial, k0=k0, k1=k1)
    assert pq.read_table(tmp_path / "local.parquet").equals(pq.read_table(tmp_path / "dask.parquet"))
    assert read_metadata(tmp_path / "local.parquet") == read_metadata(tmp_path / "dask.parquet")
