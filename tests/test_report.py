"""The breach report: counts agree with the findings, authenticity signals tell genuine from fabricated,
the HTML page is self-contained, and the CNIL paragraph reads in French and English."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

import synth
from piiscan.api import open_scan, scan
from piiscan.output.cnil import cnil_summary
from piiscan.output.html import render_html

ROOT = Path(__file__).resolve().parents[1]
REF = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    root = tmp_path_factory.mktemp("dumps")
    genuine, fake = root / "genuine.csv", root / "fake.csv"
    synth.write_ofii_dump(genuine, 3000, seed=11)
    synth.write_ofii_dump(fake, 3000, seed=11, random_nir=True)
    return genuine, fake


def test_nir_validity_share_tells_genuine_from_fabricated(dumps):
    genuine, fake = dumps
    a = scan(genuine, reference_date=REF).data["authenticity"]
    assert a["nir_checked"] > 1000 and a["nir_key_valid_share"] >= 0.99
    assert "genuine" in a["nir_verdict"]
    assert a["nir_dob_pairs"] > 1000 and a["nir_dob_consistent_share"] >= 0.95
    b = scan(fake, reference_date=REF).data["authenticity"]
    assert b["nir_checked"] > 1000 and b["nir_key_valid_share"] <= 0.03
    assert "fabricated" in b["nir_verdict"]


def test_report_counts_match_the_findings(dumps):
    genuine, _ = dumps
    stream = open_scan(genuine, reference_date=REF, key=b"x" * 32, unsafe_values=True)
    rows = [row for batch in stream for row in batch.to_pylist()]
    report = stream.report.data
    by_entity = Counter(r["entity"] for r in rows)
    for entity, info in report["entities"].items():
        assert info["findings"] == by_entity[entity]
        # distinct values by fingerprint, recounted from the findings
        assert info["distinct_values"] == len({r["fingerprint"] for r in rows if r["entity"] == entity})
        assert info["records_affected"] == len({r["record"] for r in rows if r["entity"] == entity})
        assert len(info["previews"]) <= 5
    assert report["summary"]["records_with_findings"] == len({r["record"] for r in rows})
    assert len(report["summary"]["categories"]) >= 5


def test_fingerprints_are_keyed(dumps):
    genuine, _ = dumps
    a = [r["fingerprint"] for b in open_scan(genuine, key=b"a" * 32) for r in b.to_pylist()[:50]]
    a2 = [r["fingerprint"] for b in open_scan(genuine, key=b"a" * 32) for r in b.to_pylist()[:50]]
    b = [r["fingerprint"] for b in open_scan(genuine, key=b"b" * 32) for r in b.to_pylist()[:50]]
    assert a == a2 and not set(a) & set(b)


def test_html_is_self_contained_and_escaped():
    report = scan(ROOT / "fixtures" / "sample_ofii.csv", reference_date=REF).data
    page = render_html(report)
    assert page.startswith("<!doctype html>") and "<script" not in page
    for needle in ("http://", "https://", "src=", "@import", "url("):
        assert needle not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "Catégories de données concernées" in page and "Categories of personal data concerned" in page
    json.dumps(report)  # the report is plain JSON


def test_cnil_paragraph():
    report = {
        "categories": {"national_identifier": {"entities": ["FR_NIR"]}, "contact": {"entities": ["PHONE_NUMBER"]}},
        "entities": {"FR_NIR": {"records_affected": 2100000}, "PHONE_NUMBER": {"records_affected": 5}},
        "summary": {"estimated_persons": 2100000, "records_with_findings": 2100003},
    }
    fr = cnil_summary(report, lang="fr")
    assert "numéros de sécurité sociale (NIR)" in fr and "2\u202f100\u202f000" in fr
    assert "2,100,000" in cnil_summary(report, lang="en")


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    _chromium() is None and not __import__("os").environ.get("CI"),
    reason="headless Chromium not installed (CI installs it: see .ci/run)",
)
def test_html_renders_in_headless_chromium(tmp_path):
    """The page renders (DOM dump of a real browser) and its visible text holds no raw value."""
    import subprocess

    src = ROOT / "fixtures" / "sample_ofii.csv"
    report = scan(src, reference_date=REF, key=b"r" * 32).data
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    result = subprocess.run(
        [_chromium() or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    dom = result.stdout
    assert "rapport d'exposition de données personnelles" in dom, result.stderr[-2000:]
    assert "<svg" in dom and "PERSON" in dom and "personal data exposure report" in dom
    # no raw value of the input: every e-mail, passport and NIR of the fixture is absent from the DOM
    truth_file = ROOT / "fixtures/truth/sample_ofii.csv.truth.jsonl"
    truth = [json.loads(line) for line in truth_file.read_text().splitlines()]
    raw = src.read_bytes()
    for t in truth:
        if t["entity"] in ("EMAIL_ADDRESS", "FR_PASSPORT", "FR_NIR", "IBAN_CODE", "PHONE_NUMBER"):
            value = raw[t["offset"] : t["offset"] + t["length"]].decode("cp1252")
            assert value not in dom and value.replace(" ", "") not in dom
