"""The breach report (DESIGN.md §5) built from a merged `Partial`, and its terminal summary.

The report is what people forward: it holds counts, fingerprint-based distinct counts, field names and
redacted previews only; no raw value can reach it because the partial never holds one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from piiscan import __version__
from piiscan.entities.contract import (
    CATEGORIES,
    CATEGORY_ORDER,
    DESCRIPTORS,
    ENTITY_ORDER,
    STATS,
)
from piiscan.output.aggregate import Partial
from piiscan.output.coverage import build_coverage
from piiscan.output.labels import category_label
from piiscan.output.severity import assess_severity
from piiscan.output.terminal import Style, escape, fold_inputs, natural_key, plain

__all__ = ["SCHEMA_VERSION", "build_report", "format_summary", "report_json"]

SCHEMA_VERSION = "1.0"
# the authenticity section's expected shares if the values were random: the entities' own statistics
_RANDOM = {name: e.authenticity.random_share for name, e in DESCRIPTORS.items() if e.authenticity is not None}
RANDOM_NIR_SHARE = _RANDOM["FR_NIR"]
RANDOM_IBAN_SHARE = _RANDOM["IBAN_CODE"]
RANDOM_MRZ_SHARE = _RANDOM["MRZ"]


def _date(days: int | None) -> str | None:
    if days is None:
        return None
    return (dt.date(1970, 1, 1) + dt.timedelta(days=days)).isoformat()


def _month(months_since_1970: int) -> str:
    """`YYYY-MM` of a month counted from 1970-01 (numpy's datetime64[M])."""
    year, month = divmod(months_since_1970, 12)
    return f"{1970 + year:04d}-{month + 1:02d}"


def _share(valid: int, shaped: int) -> float | None:
    return round(valid / shaped, 4) if shaped else None


def _verdict(share: float | None, n: int, expected_random: float) -> str:
    if share is None or n < 20:
        return "not enough values to judge"
    if share >= 0.9:
        return "consistent with genuine identifiers"
    if share <= max(3 * expected_random, 0.05):
        return "looks fabricated: check digits validate about as often as random digits would"
    return "mixed: many identifiers fail their check digits"


def _more_inputs(more) -> dict[str, Any]:
    """The report's one entry for the inputs past the listed ones (`Partial.more_inputs`)."""
    return {
        "inputs": more.inputs,
        "first_source": more.first,
        "last_source": more.last,
        "formats": dict(sorted(more.kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        "bytes": more.bytes,
        "records": more.records,
        "records_with_findings": more.records_with_findings,
        "bad_records": more.bad_records,
        "findings": more.findings,
        "size_changed": more.size_changed,
    }


def _decided_by(how: set[str]) -> str | None:
    """How a column's entity was decided: its header, its values (piiscan.profiles), both, or neither
    (None: findings in a column nothing classified, such as free text)."""
    if len(how) == 2:
        return "both"
    return next(iter(how), None)


def build_report(
    partial: Partial, *, elapsed: float, workers: int, context: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The machine-readable report (JSON-serialisable).

    `context` holds what the user confirmed about the breach (`piiscan.output.severity.CONTEXT_KEYS`); the rest of
    the severity assessment is inferred from the data or assumed, and says so.
    """
    partial.close_inputs()  # inputs past LISTED_INPUTS are added up in `more_inputs` ("… and 99,000 more")
    more = partial.more_inputs
    # one pass over the (source, field, entity) counts, grouped both ways: the per-entity field lists and
    # the per-field profiles below used to scan every count for every entity and every field, quadratic
    # in the number of inputs (10,000 one-line files: ~15-40 s of report building)
    fields_by_entity: dict[str, dict[str, int]] = {}
    hits_by_field: dict[tuple[str, str | None], dict[str, int]] = {}
    for (source, fld, ent), count in partial.by_field.items():
        key = fld if fld is not None else "(free text)"
        per_entity = fields_by_entity.setdefault(ent, {})
        per_entity[key] = per_entity.get(key, 0) + count
        hits_by_field.setdefault((source, fld), {})[ent] = count
    entities: dict[str, Any] = {}
    for eid, name in enumerate(ENTITY_ORDER):
        if not partial.findings[eid]:
            continue
        fields = fields_by_entity.get(name, {})
        entities[name] = {
            "category": CATEGORIES[name],
            "findings": int(partial.findings[eid]),
            "distinct_values": len(partial.distinct[eid]),
            "distinct_estimated": partial.distinct[eid].estimated,
            "records_affected": int(partial.records_affected[eid]),
            "fields": dict(sorted(fields.items(), key=lambda kv: -kv[1])),
            "previews": [partial.previews[eid][h] for h in sorted(partial.previews.get(eid, {}))],
        }
    categories: dict[str, Any] = {}
    for cat in CATEGORY_ORDER:
        members = [e for e in entities if CATEGORIES[e] == cat]
        if members:
            categories[cat] = {
                "entities": members,
                "findings": sum(entities[e]["findings"] for e in members),
                "distinct_values": sum(entities[e]["distinct_values"] for e in members),
            }
    decided: dict[tuple[str, str], set[str]] = {}
    for i in partial.inputs:
        for name in i.header_fields:
            decided.setdefault((i.source, name), set()).add("header")
        for name in i.value_fields:
            decided.setdefault((i.source, name), set()).add("values")
    field_table = []
    for (source, fld), cells in sorted(partial.field_cells.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        hits = hits_by_field.get((source, fld))
        if not hits:
            continue
        top = max(hits, key=hits.get)
        field_table.append(
            {
                "source": source,
                "field": fld,
                "entity": top,
                "decided_by": _decided_by(decided.get((source, fld), set())),
                "hit_rate": round(min(1.0, hits[top] / cells), 4) if cells else None,
                "non_empty_cells": cells,
                "findings": hits,
                "preview": partial.field_previews.get((source, fld)),
            }
        )
    s = partial.stats
    nir_share = _share(int(s[STATS.NIR_VALID]), int(s[STATS.NIR_SHAPED]))
    mrz_share = _share(int(s[STATS.MRZ_VALID]), int(s[STATS.MRZ_SHAPED]))
    iban_share = _share(int(s[STATS.IBAN_VALID]), int(s[STATS.IBAN_SHAPED]))
    total_findings = int(partial.findings.sum())
    distinct_total = sum(e["distinct_values"] for e in entities.values())
    reasons = dict(partial.skip_reasons())  # listed or not (past aggregate.LISTED_SKIPS)
    unlisted = sum(partial.skipped_more.values())
    report = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "piiscan", "version": __version__},
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "summary": {
            "inputs": partial.input_count,
            "bytes": partial.bytes,
            "records": partial.records,
            "records_with_findings": partial.records_with_findings,
            "findings": total_findings,
            "distinct_values": distinct_total,
            "distinct_estimated": any(e["distinct_estimated"] for e in entities.values()),
            "estimated_persons": len(partial.persons) + partial.records_without_identifier,
            "persons_by_identifier": len(partial.persons),
            "persons_estimated": partial.persons.estimated,
            "records_without_identifier": partial.records_without_identifier,
            "inputs_changed_while_read": partial.changed_while_read,
            "categories": list(categories),
        },
        "inputs": [
            {
                "source": i.source,
                "format": i.format,
                "encoding": i.encoding,
                "compression": i.compression,
                "delimiter": i.delimiter,
                "bytes": i.bytes,
                "records": i.records,
                "records_with_findings": i.records_with_findings,
                "bad_records": i.bad_records,
                "findings": i.findings,
                **({"size_changed": True} if i.size_changed else {}),
            }
            for i in partial.inputs
        ],
        **({"inputs_more": _more_inputs(more)} if more.inputs else {}),
        "categories": categories,
        "entities": entities,
        "fields": field_table,
        "record_dates": {
            "min": _date(partial.record_date_min),
            "max": _date(partial.record_date_max),
            "by_month": {_month(m): n for m, n in sorted(partial.record_months.items())},
        },
        "sample_records": partial.samples,
        "authenticity": {
            "nir_key_valid_share": nir_share,
            "nir_checked": int(s[STATS.NIR_SHAPED]),
            "nir_verdict": _verdict(nir_share, int(s[STATS.NIR_SHAPED]), RANDOM_NIR_SHARE),
            "iban_valid_share": iban_share,
            "iban_checked": int(s[STATS.IBAN_SHAPED]),
            "mrz_valid_share": mrz_share,
            "mrz_checked": int(s[STATS.MRZ_SHAPED]),
            "nir_dob_consistent_share": _share(int(s[STATS.NIR_DOB_MATCH]), int(s[STATS.NIR_DOB_PAIRS])),
            "nir_dob_pairs": int(s[STATS.NIR_DOB_PAIRS]),
            "nir_sex_consistent_share": _share(int(s[STATS.NIR_SEX_MATCH]), int(s[STATS.NIR_SEX_PAIRS])),
            "nir_sex_pairs": int(s[STATS.NIR_SEX_PAIRS]),
            "duplicate_record_share": (
                round(1 - len(partial.persons) / partial.records_with_identifier, 4)
                if partial.records_with_identifier
                else None
            ),
            "expected_share_if_random": {
                "nir": round(RANDOM_NIR_SHARE, 4),
                "iban": round(RANDOM_IBAN_SHARE, 4),
                "mrz": RANDOM_MRZ_SHARE,
            },
        },
        "skipped": {
            "count": partial.skip_count,
            "by_reason": reasons,
            "items": partial.skipped,
            **({"items_more": unlisted} if unlisted else {}),
        },
        "coverage": build_coverage(partial),
        "performance": {
            "elapsed_seconds": round(elapsed, 3),
            "throughput_mb_s": round(partial.bytes / 1e6 / elapsed, 1) if elapsed > 0 else None,
            "workers": workers,
        },
    }
    report["severity"] = assess_severity(report, context)
    return report


_LEVEL_ROLE = {"none": "dim", "low": "good", "medium": "warn", "high": "bad", "very high": "bad"}


_WIDE = 16
"""Containers with more entries than this are written one compact entry per line (see `report_json`)."""


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _key(key: Any) -> str:
    """A dict key as the string `json` makes of it (None -> "null", 3 -> "3")."""
    return key if isinstance(key, str) else json.loads(json.dumps({key: 0})[1:-4])


def _pretty(value: Any, depth: int) -> str:
    pad, end = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict) and value:
        wide = len(value) > _WIDE
        items = [
            f"{pad}{_compact(_key(k))}: {_compact(v) if wide else _pretty(v, depth + 1)}" for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{end}}}"
    if isinstance(value, list) and value:
        wide = len(value) > _WIDE
        items = [pad + (_compact(v) if wide else _pretty(v, depth + 1)) for v in value]
        return "[\n" + ",\n".join(items) + f"\n{end}]"
    return _compact(value)


def report_json(report: dict[str, Any]) -> str:
    """The report as indented JSON, in time linear in its size.

    `json.dumps(indent=2)` runs json's pure-Python encoder (the C one does not indent): on a folder of
    10,000 one-line files it spent ~10 s writing the report alone.  Here small containers are indented as
    usual and long lists and maps (inputs, fields, skipped items) are written one compact entry per line
    by the C encoder: the same JSON value, still readable and diff-friendly.
    """
    return _pretty(report, 0) + "\n"


def format_summary(report: dict[str, Any], *, style: Style = plain) -> str:
    """A human summary for the terminal (no raw value: previews are redacted).

    `style(text, role)` colours it (`piiscan.output.terminal.style_for`); many inputs are folded into a few lines,
    in natural order (`part_2` before `part_10`).
    """
    s = report["summary"]
    lines = [
        style(
            f"coverage: {report['coverage']['verdict']}",
            "good" if report["coverage"]["complete"] else "warn",
        ),
        style(
            f"piiscan {report['tool']['version']} — {s['inputs']} input(s), {s['bytes'] / 1e6:,.1f} MB, "
            f"{s['records']:,} records",
            "title",
        ),
        f"  {s['records_with_findings']:,} records hold personal data; {s['findings']:,} findings, "
        f"{'≈' if s.get('distinct_estimated') else ''}{s['distinct_values']:,} distinct values; "
        f"≈{s['estimated_persons']:,} persons",
    ]
    sev = report.get("severity")
    if sev:
        lines.append("  " + style(sev["summary"]["en"], _LEVEL_ROLE.get(sev["level"], "warn")))
    shown, folded = fold_inputs(report["inputs"], more=report.get("inputs_more"))
    for i in shown:
        extra = style(f", {i['bad_records']} bad records", "warn") if i["bad_records"] else ""
        lines.append(
            f"  · {escape(i['source'])}: {i['format']}, {i['encoding']}"
            + (f", {i['compression']}" if i["compression"] else "")
            + f", {i['records']:,} records, {i['findings']:,} findings{extra}"
        )
    if folded:
        lines.append(f"  {style(folded, 'dim')}")
    if report["entities"]:
        lines.append("")
        lines.append(f"  {'category / entity':<34}{'findings':>10}{'distinct':>10}{'records':>10}  fields")
        for cat, info in report["categories"].items():
            lines.append(f"  {style(cat, 'head')} {style('(' + category_label(cat, 'en') + ')', 'dim')}")
            for ent in info["entities"]:
                e = report["entities"][ent]
                flds = ", ".join(escape(f) for f in list(e["fields"])[:3])
                distinct = f"{'≈' if e.get('distinct_estimated') else ''}{e['distinct_values']:,}"
                lines.append(f"    {ent:<32}{e['findings']:>10,}{distinct:>10}{e['records_affected']:>10,}  {flds}")
                if e["previews"]:
                    lines.append(f"      e.g. {'  '.join(escape(p) for p in e['previews'][:3])}")
    a = report["authenticity"]
    if a["nir_checked"] or a["mrz_checked"] or a["iban_checked"] or a["nir_dob_pairs"]:
        lines.append("")
        lines.append("  authenticity:")
        if a["nir_checked"]:
            lines.append(
                f"    NIR keys valid: {a['nir_key_valid_share']:.1%} of {a['nir_checked']:,} "
                f"(random ≈ 1%) — " + style(a["nir_verdict"], "bad" if "fabricated" in a["nir_verdict"] else "plain")
            )
        if a["iban_checked"]:
            lines.append(f"    IBAN checksums valid: {a['iban_valid_share']:.1%} of {a['iban_checked']:,}")
        if a["mrz_checked"]:
            lines.append(f"    MRZ check digits valid: {a['mrz_valid_share']:.1%} of {a['mrz_checked']:,}")
        if a["nir_dob_pairs"]:
            lines.append(
                f"    NIR agrees with the date of birth: {a['nir_dob_consistent_share']:.1%} of "
                f"{a['nir_dob_pairs']:,} records"
            )
        if a["nir_sex_pairs"]:
            lines.append(
                f"    NIR agrees with the sex field: {a['nir_sex_consistent_share']:.1%} of "
                f"{a['nir_sex_pairs']:,} records"
            )
    if s.get("inputs_changed_while_read"):
        lines.append(
            style(
                f"  {s['inputs_changed_while_read']:,} input(s) changed size while read (still being written?): "
                "scan them again once they are complete",
                "warn",
            )
        )
    rd = report["record_dates"]
    if rd["min"]:
        lines.append(f"  record dates: {rd['min']} → {rd['max']}")
    if report["skipped"]["count"]:
        lines.append("")
        by_reason = ", ".join(f"{r} {n:,}" for r, n in sorted(report["skipped"]["by_reason"].items()))
        lines.append(style(f"  skipped: {report['skipped']['count']:,} part(s) ({by_reason})", "warn"))
        items = sorted(report["skipped"]["items"], key=lambda it: natural_key(it["source"]))
        for item in items[:10]:
            lines.append(f"    {escape(item['detail'])}")
        if report["skipped"]["count"] > 10:
            listed = "every part" if len(items) == report["skipped"]["count"] else f"the first {len(items):,}"
            more = report["skipped"]["count"] - 10
            lines.append(style(f"    … and {more:,} more ({listed} in --report)", "dim"))
    p = report["performance"]
    if p["throughput_mb_s"] is not None:
        lines.append(f"  {p['elapsed_seconds']:.2f} s, {p['throughput_mb_s']:,.1f} MB/s, {p['workers']} worker(s)")
    return "\n".join(lines)
