"""Resale detection (DESIGN.md §7): fingerprint files and `piiscan compare`.

Two generated dumps of different formats and schemas — a cp1252 `;` CSV and a JSON Lines export with other
key names and other writings of the same identifiers — share a known 30 % of their persons; `compare` must
find that share and the exact common count of every strong identifier, refuse files made with another key,
and no fingerprint file may hold a value, a preview or a field value.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from clirunner import REPO, cli_env
from hypothesis import given
from hypothesis import strategies as st

from piiscan.compare import compare_files
from piiscan.output.aggregate import Partial
from piiscan.output.fingerprints import (
    METADATA_KEY,
    RecordIdentifiers,
    read_fingerprints,
    read_metadata,
    write_fingerprints,
)
from piiscan.pack import ENTITY_ORDER
from piiscan.scanner import Scanner, ScanOptions, derive_key
from synth import PersonFactory, format_iban, format_nir, format_phone

KEY = b"compare-test-key-0123456789abcdef"
OTHER_KEY = b"another-key-entirely-0123456789ab"
N_A, N_B, SHARED = 1000, 1000, 300
STRONG_PLANTED = ("FR_NIR", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "FR_PASSPORT")


def _persons():
    pf = PersonFactory(2207)
    people, emails = [], set()
    while len(people) < N_A + N_B - SHARED:
        p = pf.person()
        if p.email.lower() in emails:  # two persons with one address share an identifier: keep persons apart
            continue
        emails.add(p.email.lower())
        people.append((p, pf.french_passport(), pf.iban("FR")))
    a = people[:N_A]
    b = people[N_A - SHARED :]  # the last 300 of A, then 700 new persons
    return a, b


def _truth(persons) -> dict[str, set[str]]:
    """Normalised values per entity, computed here independently of the kernels' normalisation."""
    return {
        "FR_NIR": {p.nir for p, _, _ in persons},
        "PHONE_NUMBER": {p.phone_digits[1:] for p, _, _ in persons},
        "EMAIL_ADDRESS": {p.email.lower() for p, _, _ in persons},
        "IBAN_CODE": {iban for _, _, iban in persons},
        "FR_PASSPORT": {pp for _, pp, _ in persons},
    }


def _write_dumps(root: Path) -> tuple[Path, Path, dict[str, int]]:
    a, b = _persons()
    csv = root / "old-2023.csv"
    lines = ["nom;prénom;nir;téléphone;email;iban;passeport"]
    for p, passport, iban in a:
        lines.append(
            ";".join(
                (
                    p.surname.upper(),
                    p.given_names,
                    format_nir(p.nir, spaced=True),
                    format_phone(p.phone_digits, "space"),
                    p.email,
                    format_iban(iban, grouped=True),
                    passport,
                )
            )
        )
    csv.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252", "replace"))
    jsonl = root / "new-2026.jsonl"
    styles = ("intl_space", "intl_compact", "intl_paren", "intl_00")
    with jsonl.open("w", encoding="utf-8") as out:
        for i, (p, passport, iban) in enumerate(b):
            rec = {
                "client": {"last_name": p.surname, "first_name": p.given_names},
                "numero_securite_sociale": format_nir(p.nir),
                "mobile": format_phone(p.phone_digits, styles[i % len(styles)]),
                "courriel": p.email.upper(),
                "rib": format_iban(iban),
                "passport_number": passport,
            }
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    ta, tb = _truth(a), _truth(b)
    common = {e: len(ta[e] & tb[e]) for e in STRONG_PLANTED}
    return csv, jsonl, common


def _scan(paths, out: Path, key: bytes) -> dict:
    scanner = Scanner(
        ScanOptions(key=key, fingerprints=True, workers=1, reference_date=dt.date(2026, 11, 23), chunk_size=1 << 16)
    )
    for _ in scanner.scan([str(p) for p in paths]):
        pass
    return write_fingerprints(out, scanner.partial, k0=scanner.k0, k1=scanner.k1)


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    root = tmp_path_factory.mktemp("resale")
    csv, jsonl, common = _write_dumps(root)
    _scan([csv], root / "old-2023.parquet", KEY)
    _scan([jsonl], root / "new-2026.parquet", KEY)
    _scan([csv], root / "old-otherkey.parquet", OTHER_KEY)
    return root, csv, jsonl, common


def test_compare_finds_the_planted_overlap(dumps):
    root, _, _, common = dumps
    result = compare_files(str(root / "new-2026.parquet"), [str(root / "old-2023.parquet")])
    records = result["records"]
    assert records["b_records"] == N_B and records["a_records"] == N_A
    assert abs(records["b_share_in_a"] * 100 - 100 * SHARED / N_B) <= 0.5
    assert abs(records["a_share_in_b"] * 100 - 100 * SHARED / N_A) <= 0.5
    for entity in STRONG_PLANTED:
        row = result["entities"][entity]
        assert row["common"] == common[entity], entity
        assert not row["estimated"]
        assert row["containment_b_in_a"] == pytest.approx(row["common"] / row["b"], abs=1e-6)
        assert row["jaccard"] == pytest.approx(row["common"] / (row["a"] + row["b"] - row["common"]), abs=1e-6)
    # every identifier of the 700 new persons is fresh, and they are genuine: their check digits validate
    assert result["fresh"]["FR_NIR"]["fresh"] == N_B - common["FR_NIR"]
    assert result["fresh"]["FR_NIR"]["checksum_valid_rate"] == 1.0
    assert result["olds"][0]["label"] == "old-2023"
    assert result["any_old"]["b_records_in_any"] == records["b_records_in_a"]


def test_same_identifiers_written_differently_share_fingerprints(dumps):
    """The shared persons are written differently in the two dumps, and every one of them is matched."""
    root, _, _, common = dumps
    new = read_fingerprints(root / "new-2026.parquet")
    old = read_fingerprints(root / "old-2023.parquet")
    for entity in STRONG_PLANTED:
        assert len(np.intersect1d(new.sets[entity], old.sets[entity])) == common[entity] == SHARED


def test_compare_cli_json_html_and_terminal(dumps, tmp_path):
    root, _, _, _ = dumps
    new, old = root / "new-2026.parquet", root / "old-2023.parquet"
    out = _compare_cli([new, old, old, "--json", "-", "--html", tmp_path / "c.html"])
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["schema_version"] == "1.0"
    assert {"new", "olds", "records", "entities"} <= set(doc)
    assert doc["new"]["record_count"] == N_B and len(doc["olds"]) == 2
    assert doc["olds"][0]["sources"] == doc["olds"][1]["sources"]
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "of the records of new-2026" in page and "old-2023" in page and "<script" not in page
    table = _compare_cli([new, old])
    assert table.returncode == 0
    assert "30.0 % of the records of new-2026 (300 of 1,000) were already in old-2023" in table.stdout


def test_compare_refuses_files_made_with_another_key(dumps):
    root, _, _, _ = dumps
    out = _compare_cli([root / "new-2026.parquet", root / "old-otherkey.parquet"])
    assert out.returncode == 8
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "different keys" in lines[0], out.stderr
    assert "Traceback" not in out.stderr and not out.stdout


def test_compare_refuses_other_versions_and_non_fingerprint_files(dumps, tmp_path):
    import pyarrow as pa

    root, csv, _, _ = dumps
    table = pq.read_table(root / "old-2023.parquet")
    meta = json.loads(table.schema.metadata[METADATA_KEY])
    meta["format_version"] = 99
    future = tmp_path / "future.parquet"
    pq.write_table(table.replace_schema_metadata({METADATA_KEY: json.dumps(meta).encode()}), future)
    out = _compare_cli([root / "new-2026.parquet", future])
    assert out.returncode == 8 and "format version 99" in out.stderr and "Traceback" not in out.stderr
    plain = tmp_path / "plain.parquet"
    pq.write_table(pa.table({"x": [1, 2]}), plain)
    for bad, code in ((plain, 5), (csv, 5), (tmp_path / "missing.parquet", 4)):
        out = _compare_cli([root / "new-2026.parquet", bad])
        assert out.returncode == code, (bad, out.stderr)
        assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_scan_refuses_fingerprints_without_a_key_file(dumps, tmp_path):
    _, csv, _, _ = dumps
    out = subprocess.run(
        [sys.executable, "-m", "piiscan", "scan", str(csv), "--fingerprints", str(tmp_path / "f.parquet")],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=120,
    )
    assert out.returncode == 2
    assert "--key-file" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "f.parquet").exists()


def test_outputs_never_overwrite_an_input(dumps, tmp_path):
    root, csv, _, _ = dumps
    key = tmp_path / "k"
    key.write_bytes(KEY)
    before = csv.read_bytes()
    victim = tmp_path / "victim.parquet"
    victim.write_bytes(b"PAR1")
    out = subprocess.run(
        [sys.executable, "-m", "piiscan", "scan", str(victim), "--key-file", str(key), "--fingerprints", str(victim)],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=120,
    )
    assert out.returncode == 2 and "input" in out.stderr and victim.read_bytes() == b"PAR1"
    old = root / "old-2023.parquet"
    snapshot = old.read_bytes()
    for flag in ("--json", "--html"):
        res = _compare_cli([root / "new-2026.parquet", old, flag, old])
        assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert old.read_bytes() == snapshot and csv.read_bytes() == before


def test_fingerprint_file_holds_no_value_preview_or_field(dumps):
    """Canary: no planted value, no preview, no field name, as bytes and through pyarrow."""
    root, _, _, _ = dumps
    a, b = _persons()
    canaries: set[str] = set()
    for p, passport, iban in a + b:
        canaries |= {
            p.nir,
            format_nir(p.nir, spaced=True),
            p.phone_digits,
            format_phone(p.phone_digits, "space"),
            p.email,
            p.email.upper(),
            iban,
            format_iban(iban, grouped=True),
            passport,
            p.surname.upper(),
        }
    canaries = {c for c in canaries if len(c) >= 6}
    fields = {"nir", "téléphone", "passeport", "courriel", "numero_securite_sociale", "passport_number", "mobile"}
    for name in ("old-2023.parquet", "new-2026.parquet"):
        raw = (root / name).read_bytes()
        for c in canaries:
            for enc in ("utf-8", "utf-16-le"):
                assert c.encode(enc) not in raw
        for f in fields:
            assert f.encode() not in raw
        table = pq.read_table(root / name)
        text = json.dumps(table.to_pylist(), default=str) + table.schema.metadata[METADATA_KEY].decode()
        for c in canaries:
            assert c not in text
        for f in fields:
            assert f'"{f}"' not in text
        assert "*" not in text  # no redacted preview (`j***@e****.fr`)
        assert set(table.column_names) == {"section", "entity", "source", "record", "fingerprint"}


def test_file_sets_equal_the_scan_sets_and_records(dumps):
    root, _, jsonl, _ = dumps
    scanner = Scanner(ScanOptions(key=KEY, fingerprints=True, workers=1, reference_date=dt.date(2026, 11, 23)))
    findings = []
    for batch in scanner.scan([str(jsonl)]):
        findings.append((batch.entity.copy(), batch.record.copy(), batch.hash.copy()))
    f = read_fingerprints(root / "new-2026.parquet")
    for eid, name in enumerate(ENTITY_ORDER):
        if name in f.sets:
            assert np.array_equal(f.sets[name], scanner.partial.distinct[eid].array()), name
    # each record's list is exactly its strong identifiers' fingerprints, sorted and distinct
    ent = np.concatenate([e for e, _, _ in findings])
    rec = np.concatenate([r for _, r, _ in findings])
    fps = np.concatenate([h for _, _, h in findings])
    strong = np.isin(ent, [ENTITY_ORDER.index(e) for e in STRONG_PLANTED if e in ENTITY_ORDER])
    rows = [r for r in pq.read_table(root / "new-2026.parquet").to_pylist() if r["section"] == "record"]
    by_record: dict[int, list[int]] = {}
    for r in rows:
        assert r["source"] == 0 and r["entity"] is None
        by_record.setdefault(r["record"], []).append(r["fingerprint"])
    assert len(by_record) == N_B == f.metadata["records_with_identifier"] == len(f.record_offsets) - 1
    for r, got in list(by_record.items())[:50]:
        assert got == np.unique(fps[strong & (rec == r)]).tolist()
    assert [len(v) for v in by_record.values()] == np.diff(f.record_offsets).tolist()


def test_fabricated_fresh_rows_show_as_failing_check_digits(dumps, tmp_path):
    """An old dump padded with made-up rows: the fresh NIRs and IBANs validate about 1 time in 97."""
    root, _, _, _ = dumps
    a, _ = _persons()
    rng = np.random.default_rng(7)
    lines = ["nom;nir;iban"]
    for p, _, iban in a[:300]:
        lines.append(f"{p.surname.upper()};{p.nir};{iban}")
    for _ in range(400):
        sex, yy, mm = rng.choice([1, 2]), rng.integers(40, 99), rng.integers(1, 13)
        nir = f"{sex}{yy:02d}{mm:02d}{rng.integers(1, 96):02d}{rng.integers(1, 990):03d}{rng.integers(1, 999):03d}"
        nir += f"{rng.integers(1, 98):02d}"  # a random key: right 1 time in 97
        iban = "FR" + f"{rng.integers(2, 99):02d}" + "".join(str(d) for d in rng.integers(0, 10, 23))
        lines.append(f"FAUX;{nir};{iban}")
    padded = tmp_path / "resold.csv"
    padded.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _scan([padded], tmp_path / "resold.parquet", KEY)
    result = compare_files(str(tmp_path / "resold.parquet"), [str(root / "old-2023.parquet")])
    assert result["entities"]["FR_NIR"]["common"] == 300
    for entity in ("FR_NIR", "IBAN_CODE"):
        fresh = result["fresh"][entity]
        assert fresh["checksum_failed"] + fresh["checksum_valid"] >= 390  # the made-up values (a few collide)
        assert fresh["checksum_valid_rate"] < 0.05, fresh
    # failed values are no findings: the scan's own sets hold only valid ones
    f = read_fingerprints(tmp_path / "resold.parquet")
    assert len(f.invalid["FR_NIR"]) >= 390 and not np.intersect1d(f.invalid["FR_NIR"], f.sets["FR_NIR"]).size


def _synthetic_partial(nirs: np.ndarray, names: np.ndarray, *, sketch_names: bool) -> Partial:
    """A partial as a scan fills it: one NIR per record, names in an entity set (a sketch if asked)."""
    from piiscan.output.aggregate import InputStats

    p = Partial()
    p.identifiers = RecordIdentifiers()
    nir, person = ENTITY_ORDER.index("FR_NIR"), ENTITY_ORDER.index("PERSON")
    p.identifiers.add("dump.csv", np.full(len(nirs), nir, np.uint8), np.arange(len(nirs)), nirs)
    p.distinct[nir].add(nirs)
    p.distinct[person].add(names)
    if sketch_names:
        p.distinct[person].to_sketch()
    p.inputs.append(InputStats(source="dump.csv", records=len(nirs)))
    p.records = len(nirs)
    return p


def test_estimated_sets_are_flagged_with_their_error(tmp_path):
    rng = np.random.default_rng(3)
    nirs = rng.integers(0, 2**64, 30_000, dtype=np.uint64)  # full range: fingerprints are uniform 64-bit
    names = rng.integers(0, 2**64, 40_000, dtype=np.uint64)
    k0, k1 = derive_key(KEY)
    write_fingerprints(tmp_path / "old.parquet", _synthetic_partial(nirs, names, sketch_names=True), k0=k0, k1=k1)
    new = _synthetic_partial(nirs[:10_000], names[:20_000], sketch_names=False)
    write_fingerprints(tmp_path / "new.parquet", new, k0=k0, k1=k1)
    assert read_metadata(tmp_path / "old.parquet")["entities"]["PERSON"]["estimated"] is True
    result = compare_files(str(tmp_path / "new.parquet"), [str(tmp_path / "old.parquet")])
    person = result["entities"]["PERSON"]
    assert person["estimated"] and person["b"] == 20_000
    assert abs(person["common"] - 20_000) <= 4 * person["common_error"]  # 1 σ error given, 4 σ bound here
    assert any("PERSON" in w and "HyperLogLog" in w and "±" in w for w in result["warnings"])
    assert result["entities"]["FR_NIR"] == {
        "a": 30_000, "b": 10_000, "common": 10_000, "estimated": False, "jaccard": 0.333333, "containment_b_in_a": 1.0,
    }  # fmt: skip
    assert result["records"]["b_records_in_a"] == 10_000 and result["records"]["a_records_in_b"] == 10_000


def test_fingerprint_file_is_written_under_a_temporary_name_and_renamed(tmp_path, monkeypatch):
    """A failed write leaves the previous file as it was and no partial file; a link is written through."""
    import pyarrow.parquet as pq_module

    from piiscan.errors import OutputError

    rng = np.random.default_rng(5)
    nirs = rng.integers(0, 2**64, 1_000, dtype=np.uint64)
    k0, k1 = derive_key(KEY)
    out = tmp_path / "fp.parquet"
    write_fingerprints(out, _synthetic_partial(nirs, nirs[:10], sketch_names=False), k0=k0, k1=k1)
    before = out.read_bytes()

    real = pq_module.ParquetWriter.write_table

    def full_disk(self, *args, **kwargs):
        real(self, *args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq_module.ParquetWriter, "write_table", full_disk)
    with pytest.raises(OutputError, match="No space left"):
        write_fingerprints(out, _synthetic_partial(nirs[:500], nirs[:5], sketch_names=False), k0=k0, k1=k1)
    monkeypatch.undo()
    assert out.read_bytes() == before  # the complete earlier file, never a truncated one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fp.parquet"]  # no temporary file left behind

    target = tmp_path / "real.parquet"
    target.write_bytes(b"old")
    link = tmp_path / "link.parquet"
    link.symlink_to(target)
    write_fingerprints(link, _synthetic_partial(nirs, nirs[:10], sketch_names=False), k0=k0, k1=k1)
    assert link.is_symlink() and read_metadata(target)["record_count"] == 1_000


# ------------------------------------------------------------------------------------------ merging


def _pairs(draw_records, seed):
    rng = np.random.default_rng(seed)
    n = len(draw_records)
    ent = rng.choice(
        [ENTITY_ORDER.index("FR_NIR"), ENTITY_ORDER.index("PERSON"), ENTITY_ORDER.index("PHONE_NUMBER")], n
    )
    return ent.astype(np.uint8), np.array(draw_records, np.int64), rng.integers(0, 50, n, dtype=np.uint64)


@given(st.lists(st.lists(st.integers(0, 40), max_size=30), min_size=1, max_size=5), st.integers(0, 2**32))
def test_record_identifiers_merge_in_any_order(batches, seed):
    """Partials of byte ranges merged in any grouping and order give the same table."""

    def merged(order):
        parts = []
        for i, recs in enumerate(batches):
            ids = RecordIdentifiers()
            ent, rec, fp = _pairs(recs, seed + i)
            ids.add(f"s{i % 2}", ent, rec, fp)
            parts.append(ids)
        acc = RecordIdentifiers()
        for k in order:
            acc.merge(parts[k])
        sources, per_source, strong = acc.table()
        again = acc.table()  # sorting in place twice changes nothing
        assert [(si, [(b, r.tolist(), f.tolist()) for b, r, f in p]) for si, p in again[1]] == [
            (si, [(b, r.tolist(), f.tolist()) for b, r, f in p]) for si, p in per_source
        ]
        flat = [(si, [int(b) + int(r) for b, rel, _ in p for r in rel], [int(f) for _, _, fp in p for f in fp])
                for si, p in per_source]  # fmt: skip
        return sources, flat, strong

    one = merged(range(len(batches)))
    other = merged(reversed(range(len(batches))))
    assert one[0] == other[0]
    assert one[1] == other[1]
    for _, rec, fp in one[1]:
        # ordered by record, then fingerprint, without repeats
        assert all((r1, f1) < (r2, f2) for r1, f1, r2, f2 in zip(rec, fp, rec[1:], fp[1:], strict=False))
    assert one[2].keys() == other[2].keys()
    for e in one[2]:
        assert np.array_equal(one[2][e], other[2][e])
    # the same as a plain-Python reference
    strong = {ENTITY_ORDER.index(e) for e in ("FR_NIR", "PHONE_NUMBER")}
    want = set()
    for i, recs in enumerate(batches):
        ent, rec, fp = _pairs(recs, seed + i)
        want |= {(i % 2, int(r), int(f)) for e, r, f in zip(ent, rec, fp, strict=True) if e in strong}
    got = [(si, int(r), int(f)) for si, rec, fp in one[1] for r, f in zip(rec, fp, strict=True)]
    assert got == sorted(want)


def test_dask_style_merge_writes_the_same_file(dumps, tmp_path):
    """Two partials (one per input) merged give the file of one scan of both inputs."""
    _, csv, jsonl, _ = dumps
    opts = ScanOptions(key=KEY, fingerprints=True, workers=1, reference_date=dt.date(2026, 11, 23))
    k0, k1 = derive_key(KEY)

    def partial(paths) -> Partial:
        s = Scanner(opts)
        for _ in s.scan([str(p) for p in paths]):
            pass
        return s.partial

    write_fingerprints(tmp_path / "one.parquet", partial([csv, jsonl]), k0=k0, k1=k1)
    write_fingerprints(tmp_path / "merged.parquet", partial([jsonl]).merge(partial([csv])), k0=k0, k1=k1)
    one, merged = pq.read_table(tmp_path / "one.parquet"), pq.read_table(tmp_path / "merged.parquet")
    assert one.equals(merged)
    assert read_metadata(tmp_path / "one.parquet") == read_metadata(tmp_path / "merged.parquet")


def _compare_cli(args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "piiscan", "compare", *map(str, args)],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=REPO,
        timeout=120,
    )
