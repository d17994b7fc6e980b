"""Batching small inputs (`piiscan.batching`) never changes a finding or the report.

Trees of small files are generated (delimited files sharing or not their header, two code pages, bad
quotes, rows wider than the header, header-only, empty, JSON and BOM-prefixed files among them) and each
is scanned twice: one by one (batching off) and batched, with the per-input profile and sample bounds
lowered so that batching starts after two inputs, once with every input listed in the report and once
with the inputs past the first two added up (`Partial.add_like_inputs`).  Every finding (source, offset,
length, record, entity, field, fingerprint, preview) and the whole report must be equal.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan import batching
from piiscan import scanner as scanner_module
from piiscan.output import aggregate
from piiscan.output.report import build_report
from piiscan.scanner import Scanner, ScanOptions

_HEADERS = ["nom;prenom;email;nir", "nom;prenom;email;nir", "name,email,phone", "id;commentaire"]
_VALUES = [
    "Martin",
    "Jean-Loïc",
    "jean.martin@exemple.fr",
    "marie.dubois@exemple.com",
    "1850575123456 74",
    "185057512345674",
    "06 12 34 56 78",
    "+33 6 12 34 56 78",
    "FR76 3000 6000 0112 3456 7890 189",
    "né le 12/03/1985",
    "Mme Durand",
    "",
    "sans objet",
    '"Dupont; Paul"',
    '"jamais fermé',
]


@st.composite
def _files(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["csv", "csv", "csv", "csv", "empty", "json", "bom", "wide", "header-only"]))
    header = draw(st.sampled_from(_HEADERS))
    delim = "," if "," in header else ";"
    width = header.count(delim) + 1
    rows = draw(st.lists(st.lists(st.sampled_from(_VALUES), min_size=width, max_size=width), min_size=1, max_size=3))
    if kind == "wide":
        rows[-1] = [*rows[-1], "en trop"]
    body = [header] + [delim.join(r) for r in rows]
    if kind == "header-only":
        body = [header]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(body) + draw(st.sampled_from(["", newline]))
    encoding = draw(st.sampled_from(["utf-8", "cp1252"]))
    data = text.encode(encoding, "replace")
    if kind == "empty":
        data = b""
    elif kind == "json":
        data = b'{"email": "paul.roux@exemple.fr", "nir": "185057512345674"}\n{"nom": "Roux"}\n'
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    return draw(st.sampled_from(["csv", "txt"])), data


def _scan(root: Path, *, batched: bool, monkeypatch, listed: int = aggregate.LISTED_INPUTS):
    with monkeypatch.context() as m:
        m.setattr(batching, "SMALL_INPUT_BYTES", 64 << 10 if batched else 0)
        m.setattr(aggregate, "PROFILED_INPUTS", 2)
        m.setattr(aggregate, "LISTED_INPUTS", listed)  # 2: the inputs past the first two are added up
        m.setattr(scanner_module, "SAMPLE_INPUTS", 1)
        scanner = Scanner(ScanOptions(workers=1, key=b"batching-test", reference_date=dt.date(2026, 11, 23)))
        findings = []
        for b in scanner.scan([str(root)]):
            for i in range(len(b)):
                fid = int(b.field[i])
                findings.append(
                    (
                        b.source_at(i), int(b.offset[i]), int(b.src_length[i]), int(b.record[i]), b.entity_name(i),
                        b.field_names[fid] if fid >= 0 else None, int(b.hash[i]), b.previews_at(i),
                    )
                )  # fmt: skip
        report = build_report(scanner.partial, elapsed=1.0, workers=1)
    report.pop("generated_at")
    report.pop("performance", None)
    return findings, report


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(_files(), min_size=1, max_size=16))
def test_batching_changes_no_finding_and_no_report(tmp_path_factory, monkeypatch, files):
    root = tmp_path_factory.mktemp("tree")
    for k, (ext, data) in enumerate(files):
        folder = root / f"d{k // 5}"
        folder.mkdir(exist_ok=True)
        (folder / f"p{k:03d}.{ext}").write_bytes(data)
    for listed in (aggregate.LISTED_INPUTS, 2):  # every input listed; all but two added up
        one_by_one = _scan(root, batched=False, monkeypatch=monkeypatch, listed=listed)
        batched = _scan(root, batched=True, monkeypatch=monkeypatch, listed=listed)
        assert batched[0] == one_by_one[0]
        assert batched[1] == one_by_one[1]


def test_batches_are_really_used(tmp_path, monkeypatch):
    """The comparison above is not vacuous: past the bounds, small delimited files go through batches."""
    for k in range(12):
        (tmp_path / f"p{k:02d}.csv").write_text(f"nom;email\nMartin;jean{k}@exemple.fr\n", encoding="utf-8")
    flushed = []
    real = batching.SmallInputs.flush

    def counting(self):
        if self._batch is not None:
            flushed.append(len(self._batch.names))
        return real(self)

    monkeypatch.setattr(batching.SmallInputs, "flush", counting)
    findings, report = _scan(tmp_path, batched=True, monkeypatch=monkeypatch)
    assert sum(flushed) >= 9 and max(flushed) >= 9  # all but the first inputs, in one batch
    assert len(findings) == 24 and report["summary"]["inputs"] == 12
    assert [f[3] for f in findings] == [0] * 24 and {f[1] for f in findings} == {10, 17}


def test_inputs_added_up_by_batch_match_one_by_one(tmp_path, monkeypatch):
    """Long runs of batched files past the listed inputs (what a generated tree seldom makes): rows from none
    to three, bad quotes, header-only files, and a JSON file, an empty one and a binary one between them."""
    rows = ["Martin;jean{k}@exemple.fr", "Durand;marie.durand{k}@exemple.com", "Roux;", "Petit;{k}"]
    for k in range(40):
        lines = ["nom;email"] + [rows[(k + j) % len(rows)].format(k=k) for j in range(k % 9 != 4 and 1 + k % 3)]
        if k % 7 in (3, 5):
            lines.append('"jamais fermé;x')  # a bad record
        (tmp_path / f"p{k:03d}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "p015.json").write_text('{"email": "paul.roux@exemple.fr"}\n', encoding="utf-8")
    (tmp_path / "p025.csv").write_bytes(b"")
    (tmp_path / "p033.bin").write_bytes(bytes(range(256)))
    for listed in (2, 7):
        one_by_one = _scan(tmp_path, batched=False, monkeypatch=monkeypatch, listed=listed)
        batched = _scan(tmp_path, batched=True, monkeypatch=monkeypatch, listed=listed)
        assert batched[0] == one_by_one[0]
        assert batched[1] == one_by_one[1]
        assert batched[1]["coverage"]["inputs_more"]["inputs"] >= 30
