"""The committed fixtures are reproducible, small, and their truth spans point at valid planted values."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import synth  # noqa: E402
from fixtures import generate as fx  # noqa: E402

FIXTURE_DIR = ROOT / "fixtures"
ENTITIES = {
    "EMAIL_ADDRESS", "FR_PASSPORT", "FR_ID_CARD", "FR_NIR", "DATE_OF_BIRTH", "NATIONALITY", "PHONE_NUMBER",
    "IBAN_CODE", "FR_RESIDENCE_PERMIT", "MRZ", "PERSON", "FOREIGN_PASSPORT", "STREET_ADDRESS",
}  # fmt: skip


# -- independent reference checks (deliberately not shared with synth.checks) --------------------


def _nir_valid(value: str) -> bool:
    v = value.replace(" ", "")
    if not re.fullmatch(r"[1-478]\d{4}(\d\d|2A|2B)\d{8}", v):
        return False
    n = int(v[:5] + {"2A": "19", "2B": "18"}.get(v[5:7], v[5:7]) + v[7:13])
    return 97 - n % 97 == int(v[13:])


def _iban_valid(value: str) -> bool:
    v = value.replace(" ", "")
    rearranged = v[4:] + v[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _check(field: str) -> str:
    return str(sum((0 if c == "<" else int(c, 36)) * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


def _mrz_valid(value: str) -> bool:
    lines = re.split(r"\\n|\r?\n", value)
    if len(lines) == 2 and all(len(x) == 44 for x in lines):
        l2 = lines[1]
        return (
            _check(l2[0:9]) == l2[9]
            and _check(l2[13:19]) == l2[19]
            and _check(l2[21:27]) == l2[27]
            and _check(l2[0:10] + l2[13:20] + l2[21:43]) == l2[43]
        )
    if len(lines) == 2 and all(len(x) == 36 for x in lines):
        l1, l2 = lines
        return _check(l2[0:12]) == l2[12] and _check(l2[27:33]) == l2[33] and _check(l1 + l2[:35]) == l2[35]
    if len(lines) == 3 and all(len(x) == 30 for x in lines):
        l1, l2, _ = lines
        return (
            _check(l1[5:14]) == l1[14]
            and _check(l2[0:6]) == l2[6]
            and _check(l2[8:14]) == l2[14]
            and _check(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) == l2[29]
        )
    return False


SHAPES = {
    "FR_PASSPORT": re.compile(r"\d{2}[A-Z]{2}\d{5}"),
    "FOREIGN_PASSPORT": re.compile(r"(?=.*\d)(?!\d{2}[A-Z]{2}\d{5}$)[0-9A-Z]{6,12}"),
    "FR_RESIDENCE_PERMIT": re.compile(r"[1-9]\d{9}"),
    "FR_ID_CARD": re.compile(r"\d\d(0[1-9]|1[0-2])(\d\d|2A|2B)\d{6}|(?=.*\d)(?=.*[A-Z])[0-9A-Z]{9}"),
    "EMAIL_ADDRESS": re.compile(r"[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+"),
    "PHONE_NUMBER": re.compile(r"(0|\+33 ?(\(0\))?|0033 ?)[1-9]([ .-]?\d{2}){4}"),
}


def _value_ok(entity: str, value: str) -> bool:
    if entity == "FR_NIR":
        return _nir_valid(value)
    if entity == "IBAN_CODE":
        return _iban_valid(value)
    if entity == "MRZ":  # one span per line; whole groups are checked by _check_mrz_groups
        return len(value) in (30, 36, 44) and re.fullmatch(r"[A-Z0-9<]+", value) is not None
    if entity in SHAPES:
        return SHAPES[entity].fullmatch(value) is not None
    return True


def _check_mrz_groups(records: list[dict], by_file: dict[str, bytes], codecs: dict[str, str]) -> int:
    """Consecutive MRZ line spans of a file form groups whose check digits must validate."""
    groups = 0
    lines = sorted((str(r["file"]), int(r["offset"]), int(r["length"])) for r in records if r["entity"] == "MRZ")
    i = 0
    while i < len(lines):
        file, _off, length = lines[i]
        size = 3 if length in (30, 60) else 2
        group = lines[i : i + size]
        texts = [by_file[f][o : o + n].decode(codecs[f]) for f, o, n in group]
        assert all(f == file for f, _, _ in group) and _mrz_valid("\n".join(texts)), texts
        groups += 1
        i += size
    return groups


def _truth(name: str, directory: Path = FIXTURE_DIR) -> list[dict[str, object]]:
    path = directory / "truth" / f"{name}.truth.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- tests ------------------------------------------------------------------------------------------


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "fixtures.generate", "--out", str(tmp_path), "--quiet"],
        cwd=ROOT,
        check=True,
    )
    for fixture in fx.FIXTURES:
        for rel in (fixture.name, f"truth/{fixture.name}.truth.jsonl"):
            assert (FIXTURE_DIR / rel).exists(), f"{rel} is not committed: run python -m fixtures.generate"
            fresh, committed = _sha(tmp_path / rel), _sha(FIXTURE_DIR / rel)
            assert fresh == committed, f"{rel} differs from a fresh generation"


@pytest.mark.parametrize("fixture", fx.FIXTURES, ids=lambda f: f.name)
def test_fixture_is_small(fixture: fx.Fixture) -> None:
    size = (FIXTURE_DIR / fixture.name).stat().st_size
    assert size < 1_000_000
    assert size < 100_000, "fixtures are meant to stay under 100 KB"


@pytest.mark.parametrize("fixture", fx.FIXTURES, ids=lambda f: f.name)
def test_truth_spans_decode_to_valid_values(fixture: fx.Fixture) -> None:
    records = _truth(fixture.name)
    assert records, "every fixture plants values"
    by_file: dict[str, bytes] = {}
    for member in fixture.members:
        inner = member.name.split("!", 1)[1] if "!" in member.name else None
        by_file[member.name] = fx.decompressed(FIXTURE_DIR / fixture.name, inner)
    for rec in records:
        assert set(rec) == {"file", "entity", "offset", "length"}
        assert rec["entity"] in ENTITIES
        data = by_file[str(rec["file"])]
        codec = fx.CODECS[str(rec["file"])]
        off, length = int(rec["offset"]), int(rec["length"])  # type: ignore[call-overload]
        assert off >= 0 and length > 0 and off + length <= len(data)
        if codec.startswith("utf-16"):
            assert off % 2 == 0 and length % 2 == 0 and off >= 2  # after the BOM, whole code units
        value = data[off : off + length].decode(codec)
        assert value.strip() == value != "", rec
        assert _value_ok(str(rec["entity"]), value), (rec, value)
    _check_mrz_groups(records, by_file, {f: fx.CODECS[f] for f in by_file})


def test_utf16_fixture_has_bom_and_tabs() -> None:
    raw = (FIXTURE_DIR / "export_utf16.tsv").read_bytes()
    assert raw.startswith(b"\xff\xfe")
    assert raw[2:].decode("utf-16-le").split("\r\n", 1)[0].count("\t") == 9


def test_ofii_sample_is_cp1252_with_french_headers() -> None:
    raw = (FIXTURE_DIR / "sample_ofii.csv").read_bytes()
    header = raw.split(b"\r\n", 1)[0].decode("cp1252")
    assert header.split(";") == list(synth.OFII_HEADER)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_dump_generator_truth_and_determinism(tmp_path: Path) -> None:
    out, truth = tmp_path / "d.csv", tmp_path / "d.truth.jsonl"
    stats = synth.write_ofii_dump(out, 3000, seed=5, truth_path=truth, block_rows=1000)
    data = out.read_bytes()
    assert stats.bytes == len(data) and data.count(b"\r\n") >= 3001
    assert 400 < len(data) / 3000 < 560  # ≈500 bytes a row
    records = [json.loads(line) for line in truth.read_text().splitlines()]
    assert len(records) == stats.truth_spans > 3000 * 8
    for rec in records:
        value = data[rec["offset"] : rec["offset"] + rec["length"]].decode("cp1252")
        assert value and value.strip() == value and ";" not in value.replace("\n", "")
        assert _value_ok(rec["entity"], value), (rec, value)
    _check_mrz_groups(records, {records[0]["file"]: data} if records else {}, {r["file"]: "cp1252" for r in records})
    again = tmp_path / "d2.csv"
    synth.write_ofii_dump(again, 3000, seed=5, block_rows=1000)
    assert _sha(again) == _sha(out)


def test_dump_random_nir_fails_keys(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    synth.write_ofii_dump(out, 2000, seed=2, random_nir=True)
    rows = out.read_bytes().decode("cp1252").split("\r\n")[1:]
    nirs = [r.split(";")[10] for r in rows if r.count(";") >= 12 and r.split(";")[10]]
    valid = sum(_nir_valid(n) for n in nirs)
    assert len(nirs) > 1500 and valid < len(nirs) * 0.05
