"""A self-contained HTML page of the report: no script, no font, no network resource, everything escaped.

Built from the JSON report only, so it can hold nothing the report does not (no raw value).
"""

from __future__ import annotations

from html import escape
from typing import Any

from piiscan.cnil import cnil_summary

__all__ = ["render_html"]

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:70rem;
color:#1d232b;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d8dde3}
.meta{color:#5b6673}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e8ebef;vertical-align:top}
th{background:#f4f6f8;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
code{background:#f4f6f8;padding:0 .25rem;border-radius:3px}.warn{color:#a3330f;font-weight:600}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#f4f6f8;border-radius:6px;padding:.7rem 1rem;
min-width:9rem}.card b{display:block;font-size:1.4rem}blockquote{border-left:3px solid #9aa5b1;margin:.5rem 0;
padding:.2rem .8rem;color:#333}
"""


def _n(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) else escape(str(v))


def _chart(report: dict[str, Any]) -> str:
    """Horizontal bars: records affected per category (inline SVG)."""
    cats = report["categories"]
    if not cats:
        return ""
    ents = report["entities"]
    rows = []
    for cat, info in cats.items():
        rows.append((cat, max(ents[e]["records_affected"] for e in info["entities"])))
    top = max(v for _, v in rows) or 1
    bar_h, gap, label_w, width = 22, 8, 190, 640
    height = len(rows) * (bar_h + gap)
    parts = [
        f'<svg role="img" aria-label="records affected per category" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (cat, v) in enumerate(rows):
        y = i * (bar_h + gap)
        w = int((width - label_w - 80) * v / top)
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{escape(cat)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{max(w, 1)}" height="{bar_h}" fill="#3b6ea8"/>')
        parts.append(f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="13">{v:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(report: dict[str, Any]) -> str:
    """The report as one HTML page."""
    s = report["summary"]
    out = [
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>piiscan report</title><style>{_CSS}</style></head><body>",
        "<h1>piiscan — personal data exposure report</h1>",
        f'<p class="meta">piiscan {escape(report["tool"]["version"])} · generated {escape(report["generated_at"])}'
        f" · schema {escape(report['schema_version'])}</p>",
        '<div class="cards">',
    ]
    for label, value in (
        ("records", s["records"]),
        ("records with personal data", s["records_with_findings"]),
        ("estimated persons", s["estimated_persons"]),
        ("findings", s["findings"]),
        ("distinct values", s["distinct_values"]),
    ):
        out.append(f'<div class="card"><b>{_n(value)}</b>{escape(label)}</div>')
    out.append("</div>")
    out.append("<h2>Notification summary</h2>")
    for lang in ("fr", "en"):
        out.append(f'<blockquote lang="{lang}">{escape(cnil_summary(report, lang=lang))}</blockquote>')
    out.append("<h2>Categories of data</h2>")
    out.append(_chart(report))
    out.append(
        "<table><tr><th>category</th><th>entity</th><th>findings</th><th>distinct</th>"
        "<th>records</th><th>fields</th><th>previews (redacted)</th></tr>"
    )
    for cat, info in report["categories"].items():
        for ent in info["entities"]:
            e = report["entities"][ent]
            fields = ", ".join(escape(str(f)) for f in list(e["fields"])[:4])
            previews = " ".join(f"<code>{escape(p)}</code>" for p in e["previews"])
            out.append(
                f"<tr><td>{escape(cat)}</td><td>{escape(ent)}</td><td class=n>{_n(e['findings'])}</td>"
                f"<td class=n>{_n(e['distinct_values'])}</td><td class=n>{_n(e['records_affected'])}</td>"
                f"<td>{fields}</td><td>{previews}</td></tr>"
            )
    out.append("</table>")
    if report["fields"]:
        out.append(
            "<h2>Fields</h2><table><tr><th>source</th><th>field</th><th>holds</th><th>hit rate</th>"
            "<th>non-empty cells</th></tr>"
        )
        for f in report["fields"]:
            rate = f"{f['hit_rate']:.0%}" if f["hit_rate"] is not None else "—"
            out.append(
                f"<tr><td>{escape(f['source'])}</td><td>{escape(str(f['field']))}</td>"
                f"<td>{escape(f['entity'])}</td><td class=n>{rate}</td>"
                f"<td class=n>{_n(f['non_empty_cells'])}</td></tr>"
            )
        out.append("</table>")
    a = report["authenticity"]
    out.append("<h2>Authenticity signals</h2><table><tr><th>signal</th><th>value</th><th>if random</th></tr>")
    for label, share, n, rnd in (
        ("NIR keys that validate", a["nir_key_valid_share"], a["nir_checked"], a["expected_share_if_random"]["nir"]),
        (
            "IBAN checksums that validate",
            a["iban_valid_share"],
            a["iban_checked"],
            a["expected_share_if_random"]["iban"],
        ),
        (
            "MRZ groups whose check digits validate",
            a["mrz_valid_share"],
            a["mrz_checked"],
            a["expected_share_if_random"]["mrz"],
        ),
    ):
        val = "—" if share is None else f"{share:.1%} of {n:,}"
        out.append(f"<tr><td>{escape(label)}</td><td class=n>{val}</td><td class=n>{rnd:.1%}</td></tr>")
    out.append("</table>")
    if a["nir_checked"]:
        cls = "warn" if "fabricated" in a["nir_verdict"] else ""
        out.append(f'<p class="{cls}">NIR: {escape(a["nir_verdict"])}</p>')
    rd = report["record_dates"]
    if rd["min"]:
        out.append(f"<p>Record dates from {escape(rd['min'])} to {escape(rd['max'])}.</p>")
    out.append(
        "<h2>Inputs</h2><table><tr><th>source</th><th>format</th><th>encoding</th><th>bytes</th>"
        "<th>records</th><th>findings</th><th>bad records</th></tr>"
    )
    for i in report["inputs"]:
        out.append(
            f"<tr><td>{escape(i['source'])}</td><td>{escape(i['format'])}</td><td>{escape(i['encoding'])}</td>"
            f"<td class=n>{_n(i['bytes'])}</td><td class=n>{_n(i['records'])}</td>"
            f"<td class=n>{_n(i['findings'])}</td><td class=n>{_n(i['bad_records'])}</td></tr>"
        )
    out.append("</table>")
    sk = report["skipped"]
    if sk["count"]:
        out.append(f"<h2>Skipped ({sk['count']})</h2><ul>")
        for item in sk["items"][:50]:
            out.append(f"<li>{escape(item['detail'])}</li>")
        out.append("</ul>")
    p = report["performance"]
    out.append(f'<p class="meta">{p["elapsed_seconds"]} s, {p["throughput_mb_s"]} MB/s, {p["workers"]} worker(s).</p>')
    out.append("</body></html>\n")
    return "\n".join(out)
