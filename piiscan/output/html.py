"""The page a responder briefs from: one self-contained HTML file, no script, no font, no remote resource.

Built from the JSON report only, so it holds nothing the report does not (no raw value); every string that
came from the input (sources, field names, previews) is escaped.  Its order follows the decision a DPO
must take within hours (GDPR art. 33/34): a verdict banner first (severity with its method and factors,
authenticity in words, completeness), then the numbers, the notification paragraph ready to paste, the
pictures, and the details folded per source.  Names are the plain French and English ones of
`piiscan.output.labels`; the identifiers of the contract stay visible in small type for the technical reader.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from piiscan.output.charts import bar_chart, grid_chart, month_histogram
from piiscan.output.cnil import cnil_summary
from piiscan.output.labels import ENTITY_SHORT, category_label, entity_label
from piiscan.output.terminal import natural_key

__all__ = ["authenticity_verdict", "completeness", "render_html"]

_CSS = """
:root{--ink:#1d232b;--muted:#5b6673;--line:#e1e5ea;--soft:#f4f6f8;--blue:#3b6ea8}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem auto;max-width:72rem;
color:var(--ink);padding:0 1rem}
h1{font-size:1.45rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);
padding-bottom:.2rem}h3{font-size:1rem;margin:.2rem 0 .4rem}
.meta,.en,small{color:var(--muted)}.en{font-size:.92em}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{text-align:left;padding:.28rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--soft);font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code{background:var(--soft);padding:0 .25rem;border-radius:3px;font-size:.9em}
.banner{display:grid;grid-template-columns:1.6fr 1fr 1fr;gap:.8rem;margin:1rem 0;align-items:start}
.box{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:6px;padding:.7rem .9rem;
background:#fff}
.box .big{font-size:1.35rem;font-weight:700;line-height:1.2}
.sev-none{border-left-color:var(--muted)}.sev-low{border-left-color:#2e7d32}.sev-medium{border-left-color:#c77700}.sev-high{border-left-color:#c62828}
.sev-very-high{border-left-color:#7f0000;background:#fff6f6}
.ok{border-left-color:#2e7d32}.warn{border-left-color:#c77700}.bad{border-left-color:#c62828;background:#fff6f6}
.box table{font-size:.84rem;margin:.4rem 0 0}.box td{padding:.15rem .3rem;border:0}
figure{margin:.4rem 0}figcaption{color:var(--muted);font-size:.85rem}
.tag{display:inline-block;font-size:.72rem;padding:0 .35rem;border-radius:8px;background:var(--soft);
color:var(--muted);border:1px solid var(--line);white-space:nowrap}
.tag.user{background:#e8f3ea;color:#1e5b23;border-color:#b9dcc0}.tag.assumed{background:#fff4e0;color:#7a4a00;
border-color:#f0d39c}
.verdict-line{font-weight:600;margin:.2rem 0 .6rem}
.cards{display:flex;gap:.8rem;flex-wrap:wrap;margin:.6rem 0}.card{background:var(--soft);border-radius:6px;
padding:.55rem .9rem;min-width:10rem}.card b{display:block;font-size:1.35rem}
blockquote{border-left:3px solid #9aa5b1;margin:.5rem 0;padding:.35rem .8rem;background:#fbfcfd}
details{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
summary{cursor:pointer;font-weight:600}
.profiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(13.5rem,1fr));gap:.45rem;margin:.4rem 0}
.tile{border:1px solid var(--line);border-radius:5px;padding:.35rem .5rem;font-size:.85rem}
.tile .f{font-weight:600;overflow-wrap:anywhere}.meter{height:6px;background:var(--soft);border-radius:3px;
margin-top:.25rem}.meter i{display:block;height:6px;border-radius:3px;background:var(--blue)}
.chart{max-width:100%;height:auto}
@media (max-width:900px){.banner{grid-template-columns:1fr}}
"""

_RISK_ORDER = ("identity_document", "national_identifier", "financial", "credentials", "civil_status")
_RISK_ORDER += ("nationality", "contact")
"""Field tables list the most harmful data first: documents and national identifiers before contacts."""


def _fr(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _n(n: Any) -> str:
    return f"{n:,}" if isinstance(n, int) else escape(str(n))


def _both(fr: str, en: str) -> str:
    """French first (the CNIL's language), English after, in one cell."""
    return f'{escape(fr)} <span class="en" lang="en">/ {escape(en)}</span>'


# ---------------------------------------------------------------------------------------------- verdicts
def authenticity_verdict(report: dict[str, Any]) -> tuple[str, str, str]:
    """(`ok`/`warn`/`bad`/`none`, French words, English words) from the check-digit signals.

    Genuine identifiers validate their check digits (≥ 90 %); random or invented ones validate about as
    often as chance (1/97 for a NIR key or an IBAN).  Fewer than 20 checked values decide nothing.
    """
    a = report["authenticity"]
    exp = a["expected_share_if_random"]
    signals = [
        (a["nir_key_valid_share"], a["nir_checked"], exp["nir"]),
        (a["iban_valid_share"], a["iban_checked"], exp["iban"]),
        (a["mrz_valid_share"], a["mrz_checked"], exp["mrz"]),
    ]
    judged = [(share, rnd) for share, n, rnd in signals if share is not None and n >= 20]
    if not judged:
        return (
            "none",
            "Authenticité : pas assez de numéros à clé de contrôle pour conclure",
            "Authenticity: not enough check-digit numbers to judge",
        )
    if any(share <= max(3 * rnd, 0.05) for share, rnd in judged):
        return (
            "bad",
            "Semble fabriqué : les clés de contrôle valident à peu près comme des chiffres aléatoires",
            "Looks fabricated: check digits validate about as often as random digits",
        )
    if all(share >= 0.9 for share, _ in judged):
        return (
            "ok",
            "Cohérent avec des données authentiques : les clés de contrôle valident",
            "Consistent with genuine data: check digits validate",
        )
    return ("warn", "Mitigé : beaucoup de numéros échouent à leur clé", "Mixed: many numbers fail their check digits")


def completeness(report: dict[str, Any]) -> tuple[bool, str, str]:
    """(complete, French, English): whether every byte named was read, and what was not.

    The report's `coverage` section decides when present; otherwise the skipped parts and bad records.
    """
    cov = report.get("coverage")
    sk = report["skipped"]
    bad = sum(i.get("bad_records", 0) for i in report["inputs"])
    reasons = ", ".join(f"{r} {n}" for r, n in sorted(sk["by_reason"].items()))
    complete = bool(cov["complete"]) if isinstance(cov, dict) and "complete" in cov else not sk["count"] and not bad
    if complete:
        return True, "Analyse complète : tout ce qui a été nommé a été lu", "Complete: everything named was read"
    fr, en = [], []
    if sk["count"]:
        fr.append(f"{_fr(sk['count'])} partie(s) non lue(s) ({reasons})")
        en.append(f"{sk['count']:,} part(s) not read ({reasons})")
    if bad:
        fr.append(f"{_fr(bad)} enregistrement(s) illisible(s)")
        en.append(f"{bad:,} unreadable record(s)")
    return (
        False,
        "Analyse incomplète : " + ("; ".join(fr) or "voir la couverture"),
        "Incomplete: " + ("; ".join(en) or "see coverage"),
    )


def _severity_box(report: dict[str, Any]) -> str:
    sev = report.get("severity")
    if not sev:
        return ""
    f = sev["factors"]
    level = sev["level"].replace(" ", "-")
    if sev["level"] == "none":
        return (
            f'<div class="box sev-none" id="severity"><small>Gravité / Severity</small>'
            f'<div class="big">Non évaluée <span class="en">/ not assessed</span></div>'
            f"<div>{escape(sev['summary']['fr'])}</div><div class=en>{escape(sev['summary']['en'])}</div></div>"
        )

    def tag(source: str) -> str:
        words = {
            "inferred": ("déduit des données", "inferred from the data"),
            "user": ("confirmé", "confirmed"),
            "assumed": ("supposé : à confirmer", "assumed: to confirm"),
        }[source]
        return f'<span class="tag {source}">{escape(words[0])} / {escape(words[1])}</span>'

    rows = [
        f"<tr><td><b>DPC</b></td><td class=n>{f['dpc']['value']:g}</td><td>{_both(f['dpc']['fr'], f['dpc']['en'])} "
        f"{tag(f['dpc']['source'])}</td></tr>",
        f"<tr><td><b>EI</b></td><td class=n>{f['ei']['value']:g}</td><td>{_both(f['ei']['fr'], f['ei']['en'])} "
        f"{tag(f['ei']['source'])}</td></tr>",
    ]
    parts = []
    for part in f["cb"]["parts"].values():
        parts.append(f"{escape(part['fr'])} <span class=en>/ {escape(part['en'])}</span> (+{part['value']:g})")
    assumed = any(p["source"] == "assumed" for p in f["cb"]["parts"].values())
    rows.append(
        f"<tr><td><b>CB</b></td><td class=n>{f['cb']['value']:g}</td><td>{'; '.join(parts)} "
        f"{tag('assumed' if assumed else 'user')}</td></tr>"
    )
    confirm = ""
    if sev["to_confirm"]:
        opts = " ".join(f"<code>--context {escape(k)}=…</code>" for k in sev["to_confirm"])
        confirm = f"<p><small>À confirmer / to confirm: {opts}</small></p>"
    m = sev["method"]
    return (
        f'<div class="box sev-{level}" id="severity"><small>Gravité / Severity</small>'
        f'<div class="big">{escape(sev["label"]["fr"].capitalize())} <span class="en">/ '
        f"{escape(sev['label']['en'])}</span></div>"
        f"<div>{escape(m['formula'])} = {f['dpc']['value']:g} × {f['ei']['value']:g} + {f['cb']['value']:g} = "
        f"<b>{sev['score']:g}</b> <small>({escape(m['name'])}: &lt; 2 faible/low, &lt; 3 moyenne/medium, "
        f"&lt; 4 élevée/high)</small></div>"
        f"<table>{''.join(rows)}</table>{confirm}</div>"
    )


def _authenticity_box(report: dict[str, Any]) -> str:
    cls, fr, en = authenticity_verdict(report)
    a = report["authenticity"]
    lines = []
    for label, share, n, rnd in (
        ("NIR", a["nir_key_valid_share"], a["nir_checked"], a["expected_share_if_random"]["nir"]),
        ("IBAN", a["iban_valid_share"], a["iban_checked"], a["expected_share_if_random"]["iban"]),
        ("MRZ", a["mrz_valid_share"], a["mrz_checked"], a["expected_share_if_random"]["mrz"]),
    ):
        if share is not None:
            lines.append(f"<li>{label}: {share:.1%} valides / valid ({n:,}); hasard / random {rnd:.0%}</li>")
    if a["nir_dob_consistent_share"] is not None:
        lines.append(
            f"<li>NIR ↔ date de naissance / date of birth: {a['nir_dob_consistent_share']:.1%} "
            f"({a['nir_dob_pairs']:,})</li>"
        )
    box = {"ok": "ok", "warn": "warn", "bad": "bad", "none": ""}[cls]
    return (
        f'<div class="box {box}" id="authenticity"><small>Authenticité / Authenticity</small>'
        f'<div class="big">{escape(fr)}</div><div class="en">{escape(en)}</div>'
        f"<ul><small>{''.join(lines)}</small></ul></div>"
    )


def _completeness_box(report: dict[str, Any]) -> str:
    complete, fr, en = completeness(report)
    return (
        f'<div class="box {"ok" if complete else "bad"}" id="completeness"><small>Complétude / Completeness</small>'
        f'<div class="big">{escape("Complète" if complete else "Incomplète")} <span class="en">/ '
        f"{'complete' if complete else 'incomplete'}</span></div><div>{escape(fr)}</div>"
        f'<div class="en">{escape(en)}</div></div>'
    )


# ---------------------------------------------------------------------------------------------- sections
def _cards(report: dict[str, Any]) -> str:
    s = report["summary"]
    cards = (
        (s["estimated_persons"], "personnes (estimation)", "persons (estimated)"),
        (s["records_with_findings"], f"enregistrements avec données personnelles sur {_fr(s['records'])}",
         f"records holding personal data, of {s['records']:,}"),
        (s["findings"], "valeurs trouvées", "values found"),
        (s["distinct_values"], "valeurs distinctes", "distinct values"),
        (s["inputs"], "sources", "sources"),
    )  # fmt: skip
    out = ['<div class="cards" id="counts">']
    for value, fr, en in cards:
        out.append(f'<div class="card"><b>{_fr(value)}</b>{_both(fr, en)}</div>')
    out.append("</div>")
    return "".join(out)


def _category_chart(report: dict[str, Any]) -> str:
    rows = []
    for cat, info in report["categories"].items():
        n = max(report["entities"][e]["records_affected"] for e in info["entities"])
        rows.append((f"{category_label(cat, 'fr')} / {category_label(cat, 'en')}", n))
    chart = bar_chart(rows, unit="enregistrements concernés / records affected", fmt=_fr, chart_id="categories-chart")
    return (
        f"<figure>{chart}<figcaption>Par catégorie, le nombre d'enregistrements qui contiennent la donnée la plus "
        "répandue de la catégorie. / Per category, the records holding its most widespread data.</figcaption></figure>"
    )


def _entity_table(report: dict[str, Any]) -> str:
    out = [
        '<table id="entities"><tr><th>catégorie / category</th><th>donnée / data</th><th class=n>valeurs / values</th>'
        "<th class=n>distinctes / distinct</th><th class=n>enregistrements / records</th>"
        "<th>champs / fields</th><th>exemples masqués / redacted examples</th></tr>"
    ]
    for cat, info in report["categories"].items():
        for k, ent in enumerate(info["entities"]):
            e = report["entities"][ent]
            fields = ", ".join(escape(str(f)) for f in list(e["fields"])[:4])
            previews = " ".join(f"<code>{escape(_short(p))}</code>" for p in e["previews"][:3])
            head = (
                f'<td rowspan="{len(info["entities"])}">{_both(category_label(cat, "fr"), category_label(cat, "en"))}'
                "</td>"
                if k == 0
                else ""
            )
            out.append(
                f"<tr>{head}"
                f"<td>{_both(entity_label(ent, 'fr'), entity_label(ent, 'en'))} <small>{escape(ent)}</small></td>"
                f"<td class=n>{_fr(e['findings'])}</td><td class=n>{_fr(e['distinct_values'])}</td>"
                f"<td class=n>{_fr(e['records_affected'])}</td><td>{fields}</td><td>{previews}</td></tr>"
            )
    out.append("</table>")
    return "".join(out)


def _short(preview: str, limit: int = 22) -> str:
    """A redacted preview cut for a table cell (an MRZ line is 44 characters of asterisks and chevrons)."""
    return preview if len(preview) <= limit else preview[: limit - 1] + "…"


def _per_source(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in report["fields"]:
        by_source[f["source"]].append(f)
    return by_source


def _risk_key(f: dict[str, Any], report: dict[str, Any]) -> tuple[Any, ...]:
    cat = report["entities"].get(f["entity"], {}).get("category", "")
    rank = _RISK_ORDER.index(cat) if cat in _RISK_ORDER else len(_RISK_ORDER)
    return (rank, -(f["hit_rate"] or 0), -sum(f["findings"].values()), natural_key(str(f["field"])))


def _sources_grid(report: dict[str, Any]) -> str:
    by_source = _per_source(report)
    if len(by_source) < 2:
        return ""
    values: dict[tuple[str, str], int] = defaultdict(int)
    for source, fields in by_source.items():
        for f in fields:
            for ent, n in f["findings"].items():
                values[(source, ent)] += n
    totals = {s: sum(v for (src, _), v in values.items() if src == s) for s in by_source}
    rows = sorted(by_source, key=lambda s: (-totals[s], natural_key(s)))[:20]
    ents = [e for e in report["entities"] if any((s, e) for s in rows if (s, e) in values)]
    labelled = {(s, ENTITY_SHORT.get(e, e)): n for (s, e), n in values.items()}
    more = f"<p><small>… {len(by_source) - 20} autres sources / more sources</small></p>" if len(by_source) > 20 else ""
    return (
        grid_chart(
            rows,
            [ENTITY_SHORT.get(e, e) for e in ents],
            labelled,
            unit="valeurs trouvées par source et par donnée / values found per source and data",
            fmt=_fr,
            chart_id="sources-chart",
        )
        + more
    )


def _profiles(report: dict[str, Any]) -> str:
    """Column profiles as a compact grid of tiles per source, most harmful first, folded per source."""
    by_source = _per_source(report)
    out = []
    for source in sorted(by_source, key=natural_key):
        fields = sorted(by_source[source], key=lambda f: _risk_key(f, report))
        tiles = []
        for f in fields:
            rate = f["hit_rate"]
            width = 0 if rate is None else round(100 * rate)
            name = "(texte libre / free text)" if f["field"] is None else str(f["field"])
            tiles.append(
                f'<div class="tile"><div class="f">{escape(name)}</div>'
                f"<div>{escape(entity_label(f['entity'], 'fr'))} <small>{escape(f['entity'])}</small></div>"
                f"<small>{'—' if rate is None else f'{rate:.0%}'} des {_fr(f['non_empty_cells'])} cellules non vides"
                f" / of non-empty cells</small>"
                f'<div class="meter"><i style="width:{width}%"></i></div></div>'
            )
        table = [
            "<table><tr><th>champ / field</th><th>donnée / data</th><th class=n>taux / hit rate</th>"
            "<th class=n>cellules non vides / non-empty cells</th><th>trouvé / found</th>"
            "<th>exemple / example</th></tr>"
        ]
        for f in fields:
            rate = "—" if f["hit_rate"] is None else f"{f['hit_rate']:.0%}"
            found = ", ".join(f"{escape(e)} {_fr(n)}" for e, n in sorted(f["findings"].items(), key=lambda kv: -kv[1]))
            table.append(
                f"<tr><td>{escape('(free text)' if f['field'] is None else str(f['field']))}</td>"
                f"<td>{escape(entity_label(f['entity'], 'fr'))}</td><td class=n>{rate}</td>"
                f"<td class=n>{_fr(f['non_empty_cells'])}</td><td><small>{found}</small></td>"
                f"<td><code>{escape(_short(f.get('preview') or ''))}</code></td></tr>"
            )
        table.append("</table>")
        n_fields = len(fields)
        out.append(
            f'<details class="source"><summary>{escape(source)} — {n_fields} champ(s) avec données personnelles / '
            f"field(s) holding personal data</summary>"
            f'<div class="profiles">{"".join(tiles)}</div>{"".join(table)}</details>'
        )
    return "".join(out)


def _inputs_and_skipped(report: dict[str, Any]) -> str:
    out = [
        f"<details><summary>Sources lues / inputs read ({report['summary']['inputs']:,})</summary>"
        "<table><tr><th>source</th><th>format</th><th>encodage / encoding</th><th class=n>octets / bytes</th>"
        "<th class=n>enregistrements / records</th><th class=n>valeurs / findings</th>"
        "<th class=n>illisibles / bad records</th></tr>"
    ]
    for i in sorted(report["inputs"], key=lambda i: natural_key(i["source"])):
        out.append(
            f"<tr><td>{escape(i['source'])}</td><td>{escape(i['format'])}</td><td>{escape(str(i['encoding']))}</td>"
            f"<td class=n>{_fr(i['bytes'])}</td><td class=n>{_fr(i['records'])}</td>"
            f"<td class=n>{_fr(i['findings'])}</td><td class=n>{_fr(i['bad_records'])}</td></tr>"
        )
    more = report.get("inputs_more")
    if more:  # the inputs past those the report lists one by one, added up
        out.append(
            f"<tr><td>… {_fr(more['inputs'])} de plus / more ({escape(more['first_source'])} … "
            f"{escape(more['last_source'])})</td><td></td><td></td><td class=n>{_fr(more['bytes'])}</td>"
            f"<td class=n>{_fr(more['records'])}</td><td class=n>{_fr(more['findings'])}</td>"
            f"<td class=n>{_fr(more['bad_records'])}</td></tr>"
        )
    out.append("</table></details>")
    sk = report["skipped"]
    if sk["count"]:
        out.append(f'<details open id="skipped"><summary>Non lu / not read ({sk["count"]:,})</summary><ul>')
        for item in sorted(sk["items"], key=lambda it: natural_key(it["source"]))[:100]:
            out.append(f"<li><code>{escape(item['reason'])}</code> {escape(item['detail'])}</li>")
        if sk["count"] > 100:
            out.append(f"<li>… {sk['count'] - 100:,} de plus / more (see the JSON report)</li>")
        out.append("</ul></details>")
    return "".join(out)


def render_html(report: dict[str, Any]) -> str:
    """The report as one HTML page (escaped, self-contained, readable without script or network)."""
    s = report["summary"]
    rd = report["record_dates"]
    cov = report.get("coverage")
    verdict = cov.get("verdict") if isinstance(cov, dict) else None
    out = [
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>piiscan — rapport d'exposition / exposure report</title><style>{_CSS}</style></head><body>",
        "<h1>piiscan — rapport d'exposition de données personnelles "
        '<span class="en" lang="en">/ personal data exposure report</span></h1>',
        f'<p class="meta">piiscan {escape(report["tool"]["version"])} · {escape(report["generated_at"])} · '
        f"{_fr(s['inputs'])} source(s), {s['bytes'] / 1e6:,.1f} MB, {_fr(s['records'])} enregistrements / records"
        f" · schema {escape(report['schema_version'])}</p>",
        '<section id="verdict">',
    ]
    if verdict:
        out.append(f'<p class="verdict-line">{escape(str(verdict))}</p>')
    out.append('<div class="banner">')
    out.append(_severity_box(report))
    out.append(_authenticity_box(report))
    out.append(_completeness_box(report))
    out.append("</div></section>")
    out.append(_cards(report))
    out.append('<h2>Texte de notification <span class="en">/ notification text</span></h2>')
    out.append(
        "<p><small>Prêt à coller dans le formulaire de la CNIL : il nomme exactement les données trouvées. "
        "/ Ready to paste into the CNIL form: it names exactly the data found.</small></p>"
    )
    for lang in ("fr", "en"):
        out.append(f'<blockquote lang="{lang}" id="notification-{lang}">{escape(cnil_summary(report, lang=lang))}')
        out.append("</blockquote>")
    if report["categories"]:
        out.append('<h2>Données exposées <span class="en">/ data exposed</span></h2>')
        out.append(_category_chart(report))
        out.append(_entity_table(report))
    if rd.get("by_month"):
        out.append(
            f'<h2>Dates des enregistrements <span class="en">/ record dates</span></h2>'
            f"<p>Du {escape(rd['min'])} au {escape(rd['max'])} <span class='en'>/ from {escape(rd['min'])} to "
            f"{escape(rd['max'])}</span></p>"
        )
        chart = month_histogram(
            rd["by_month"], unit="enregistrements par mois / records per month", fmt=_fr, chart_id="timeline"
        )
        out.append(
            f"<figure>{chart}<figcaption>Date propre de chaque enregistrement (dépôt, création…) ; "
            f"{_fr(sum(rd['by_month'].values()))} enregistrements datés. / Each record's own date (filing, "
            f"creation…); {sum(rd['by_month'].values()):,} dated records.</figcaption></figure>"
        )
    grid = _sources_grid(report)
    if grid:
        out.append(f'<h2>Données par source <span class="en">/ data per source</span></h2>{grid}')
    if report["fields"]:
        out.append(
            '<h2>Champs <span class="en">/ fields</span></h2><p><small>Par source, les plus sensibles d\'abord. '
            "/ Per source, the most harmful first.</small></p>"
        )
        out.append(_profiles(report))
    out.append('<h2>Sources <span class="en">/ inputs</span></h2>')
    out.append(_inputs_and_skipped(report))
    p = report["performance"]
    out.append(
        f'<p class="meta">{p["elapsed_seconds"]} s, {p["throughput_mb_s"]} MB/s, {p["workers"]} worker(s). '
        "Aucune valeur brute dans cette page : les exemples sont masqués. / No raw value in this page: "
        "examples are redacted.</p>"
    )
    out.append("</body></html>\n")
    return "\n".join(out)
