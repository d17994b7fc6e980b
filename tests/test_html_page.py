"""The page a responder briefs from, rendered by a real browser (headless Chromium), checked against the report.

Two scans: several sources (CSV, JSON Lines, SQL: the per-source grid appears) and an incomplete one (a path
missing, an empty file: the banner must say so).  What the browser's DOM shows is compared with the JSON
report: the verdict banner (severity, authenticity, completeness), the timeline's bars against
`record_dates.by_month`, the plain category names, and the notification paragraph's entity list.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from piiscan import scan
from piiscan.output.cnil import cnil_summary, data_list
from piiscan.output.html import authenticity_verdict, completeness, render_html
from piiscan.output.labels import ENTITY_LABELS, category_label

ROOT = Path(__file__).resolve().parents[1]
REF = dt.date(2026, 11, 23)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="headless Chromium not installed (CI installs it: see .ci/run)",
)


def _dom(page: Path, profile: Path) -> str:
    result = subprocess.run(
        [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert "<body" in result.stdout, result.stderr[-2000:]
    return result.stdout


def _text(fragment: str) -> str:
    """The visible text of a DOM fragment: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _section(dom: str, element_id: str) -> str:
    m = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>', dom)
    assert m, f"no #{element_id} in the page"
    tag, start = m.group(1), m.start()
    depth, pos = 0, start
    for t in re.finditer(rf"<(/?){tag}\b[^>]*>", dom[start:]):
        depth += -1 if t.group(1) else 1
        if depth == 0:
            pos = start + t.end()
            break
    return dom[start:pos]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[dict, str]]:
    tmp = tmp_path_factory.mktemp("pages")
    (tmp / "vide.csv").write_bytes(b"")
    scans = {
        "multi": [ROOT / "fixtures" / "sample_ofii.csv", ROOT / "fixtures" / "visas.jsonl", ROOT / "fixtures/dump.sql"],
        "incomplete": [ROOT / "fixtures" / "sample_ofii.csv", tmp / "absent.csv", tmp / "vide.csv"],
    }
    out = {}
    for name, paths in scans.items():
        report = scan(paths, reference_date=REF, key=b"k" * 32, on_error="skip").data
        page = tmp / f"{name}.html"
        page.write_text(render_html(report), encoding="utf-8")
        out[name] = (report, _dom(page, tmp / f"profile-{name}"))
    return out


@needs_chromium
@pytest.mark.parametrize("name", ["multi", "incomplete"])
def test_verdict_banner_comes_first_and_matches_the_report(pages, name):
    report, dom = pages[name]
    body = dom[dom.index("<body") :]
    assert body.index('id="verdict"') < body.index('id="counts"') < body.index('id="notification-fr"')
    banner = _text(_section(dom, "verdict"))
    sev = report["severity"]
    assert sev["label"]["fr"].capitalize() in banner and sev["label"]["en"] in banner
    assert f"= {sev['score']:g}" in banner and "ENISA" in banner
    for key in sev["to_confirm"]:
        assert f"--context {key}=" in banner
    assert "déduit des données" in banner and "supposé" in banner  # inferred vs to-confirm factors are told apart
    _, fr, en = authenticity_verdict(report)
    assert fr in banner and en in banner
    complete, cfr, cen = completeness(report)
    assert cfr in banner and cen in banner
    assert complete is (name == "multi")


@needs_chromium
def test_incomplete_scan_says_why(pages):
    report, dom = pages["incomplete"]
    box = _text(_section(dom, "completeness"))
    assert "Incomplète" in box and "not-found 1" in box and "empty 1" in box
    assert report["skipped"]["by_reason"] == {"empty": 1, "not-found": 1}


@needs_chromium
@pytest.mark.parametrize("name", ["multi", "incomplete"])
def test_timeline_has_one_bar_per_month_with_the_reports_counts(pages, name):
    report, dom = pages[name]
    by_month = report["record_dates"]["by_month"]
    assert by_month and sum(by_month.values()) > 0
    svg = _section(dom, "timeline")
    bars = dict(re.findall(r'data-month="([\d-]+)" data-count="(\d+)"', svg))
    (y0, m0), (y1, m1) = (map(int, min(by_month).split("-")), map(int, max(by_month).split("-")))
    assert len(bars) == (y1 - y0) * 12 + (m1 - m0) + 1  # every month of the span, empty ones too
    assert {m: int(n) for m, n in bars.items() if int(n)} == by_month
    assert "records per month" in svg


@needs_chromium
@pytest.mark.parametrize("name", ["multi", "incomplete"])
def test_plain_category_names_and_units(pages, name):
    report, dom = pages[name]
    text = _text(dom)
    for cat in report["categories"]:
        assert category_label(cat, "fr") in text and category_label(cat, "en") in text
        if cat != category_label(cat, "en"):
            assert f">{cat}<" not in dom  # the raw identifier is never a heading or a label
    chart = _text(_section(dom, "categories-chart"))
    assert "records affected" in chart


@needs_chromium
@pytest.mark.parametrize("name", ["multi", "incomplete"])
def test_notification_paragraph_lists_exactly_the_entities_of_the_report(pages, name):
    report, dom = pages[name]
    for lang in ("fr", "en"):
        shown = _text(_section(dom, f"notification-{lang}"))
        assert shown == " ".join(cnil_summary(report, lang=lang).split())
        listed = data_list(report, lang=lang)
        for ent, label in ENTITY_LABELS.items():
            present = label.get(lang, plural=True) in listed
            assert present == (ent in report["entities"]) or any(
                label.get(lang, plural=True) in ENTITY_LABELS[o].get(lang, plural=True)
                for o in report["entities"]
                if o != ent
            ), (lang, ent)


@needs_chromium
def test_multi_source_page_has_the_source_grid_and_folded_fields(pages):
    report, dom = pages["multi"]
    grid = _section(dom, "sources-chart")
    for source in {f["source"] for f in report["fields"]}:
        assert f"<title>{html.escape(source, quote=False)}</title>" in grid
    assert dom.count('<details class="source"') == len({f["source"] for f in report["fields"]})
    assert "<script" not in dom


def test_committed_screenshots_are_small_pngs():
    for name in ("report-multi.png", "report-incomplete.png"):
        data = (ROOT / "docs" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 300_000, name
        assert f"docs/{name}" in (ROOT / "README.md").read_text("utf-8")
