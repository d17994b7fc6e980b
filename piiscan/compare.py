"""`piiscan compare NEW OLD...`: is a "new" dump an old leak repackaged?  (DESIGN.md §7)

Works on fingerprint files only (`scan --key-file K --fingerprints F.parquet`), never on values: per OLD and
per entity, the counts, the common values, Jaccard and the containment of NEW in OLD (the share of NEW's
values already in OLD); per record, how many records of NEW share at least one strong identifier with OLD,
and the reverse; and the fresh values of NEW (in no OLD) with the share whose check digit validates.

Everything is sorted numpy arrays: a membership test is a `searchsorted` of one sorted array into another,
a record's verdict a `logical_or.reduceat` over its identifiers.  Two 2.1-million-record files compare in
seconds and a few hundred MB (`benchmarks/compare.py`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from piiscan.output.fingerprints import (
    FingerprintFile,
    FingerprintFileError,
    FingerprintVersionError,
    read_fingerprints,
    read_metadata,
)

__all__ = ["SCHEMA_VERSION", "IncompatibleFilesError", "compare_files", "format_comparison", "render_html"]

SCHEMA_VERSION = "1.0"


class IncompatibleFilesError(Exception):
    """Fingerprint files that cannot be compared (different keys); the message names files, not content."""


def _label(path: str) -> str:
    """How a file is named in the verdict: its name without `.parquet` (`OLD-2023.parquet` -> `OLD-2023`)."""
    name = Path(path).name
    return name[: -len(".parquet")] if name.lower().endswith(".parquet") else name


def _common(a: np.ndarray | None, b: np.ndarray | None) -> int:
    """How many values two sorted distinct fingerprint arrays share."""
    from piiscan.kernels.setops import count_common

    return int(count_common(a, b)) if a is not None and b is not None and len(a) and len(b) else 0


def _drop_common(mask: np.ndarray, values: np.ndarray, other: np.ndarray | None) -> None:
    """`mask[i] &= values[i] not in other` (both sorted and distinct)."""
    from piiscan.kernels.setops import mark_common

    if other is None or not len(other) or not len(values):
        return
    seen = np.empty(len(values), bool)
    mark_common(values, other, seen)
    mask &= ~seen


@dataclass
class _Lookup:
    """A sorted set of fingerprints and its bucket directory (`piiscan.kernels.setops`)."""

    values: np.ndarray
    shift: int
    starts: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray) -> _Lookup:
        from piiscan.kernels.setops import bucket_directory

        # about two values a bucket: 2.1 million records with four identifiers need a 16 MB directory
        bits = max(1, min(30, len(values).bit_length() - 2))
        starts = np.empty((1 << bits) + 1, np.int32 if len(values) < 2**31 else np.int64)
        bucket_directory(values, 64 - bits, starts)
        return cls(values, 64 - bits, starts)

    def records_hit(self, offsets: np.ndarray, fingerprints: np.ndarray) -> np.ndarray:
        """Which records (CSR `offsets` over `fingerprints`) hold at least one of these values."""
        from piiscan.kernels.setops import records_with_member

        hit = np.zeros(max(0, len(offsets) - 1), bool)
        if len(hit) and len(self.values):
            records_with_member(offsets, fingerprints, self.values, self.shift, self.starts, hit)
        return hit


# ------------------------------------------------------------------------------------------ HyperLogLog


def _registers(f: FingerprintFile, entity: str, precision: int) -> np.ndarray:
    from piiscan.kernels.tally import hll_add

    if entity in f.sketches:
        return f.sketches[entity]
    registers = np.zeros(1 << precision, np.uint8)
    values = f.sets.get(entity)
    if values is not None and len(values):
        hll_add(values, registers)
    return registers


def _hll_count(registers: np.ndarray) -> float:
    from piiscan.output.aggregate import _hll_estimate

    return float(_hll_estimate(registers))


def _hll_error(precision: int) -> float:
    """Relative standard error of a HyperLogLog count with 2**precision registers (Flajolet et al.)."""
    return 1.04 / math.sqrt(1 << precision)


# ------------------------------------------------------------------------------------------ comparing


def _entity_row(new: FingerprintFile, old: FingerprintFile, entity: str, warnings: list[str]) -> dict[str, Any]:
    a, b = old.count(entity), new.count(entity)
    if old.estimated(entity) or new.estimated(entity):
        p = int(new.metadata.get("hll_precision", 14))
        ra, rb = _registers(old, entity, p), _registers(new, entity, p)
        union = _hll_count(np.maximum(ra, rb))
        common_f = min(max(a + b - union, 0.0), float(min(a, b)))
        common = round(common_f)
        err = _hll_error(p)
        # inclusion-exclusion: the union's error is carried whole by the common count
        err_common = round(err * union)
        # a set too large to keep exactly during the scan was written as a sketch
        which = " and ".join(_label(f.path) for f in (new, old) if f.estimated(entity))
        warnings.append(
            f"{entity}: the set of {which} is a HyperLogLog estimate (±{err:.1%} per count, 1 σ): "
            f"the common count with {_label(old.path)}, {common:,}, is ±{err_common:,}"
        )
        row: dict[str, Any] = {"a": a, "b": b, "common": common, "estimated": True, "common_error": err_common}
    else:
        row = {"a": a, "b": b, "common": _common(old.sets.get(entity), new.sets.get(entity)), "estimated": False}
    denom = a + b - row["common"]
    row["jaccard"] = round(row["common"] / denom, 6) if denom > 0 else 0.0
    row["containment_b_in_a"] = round(row["common"] / b, 6) if b else 0.0
    return row


def _check_compatible(new_meta: dict[str, Any], olds: list[tuple[str, dict[str, Any]]], new_path: str) -> None:
    for path, meta in olds:
        if meta["key_check"] != new_meta["key_check"]:
            raise IncompatibleFilesError(
                f"{Path(path).name} and {Path(new_path).name} were made with different keys "
                "(scan both dumps with the same --key-file)"
            )


def compare_files(new_path: str, old_paths: list[str]) -> dict[str, Any]:
    """The comparison of NEW with each OLD, as the JSON document of DESIGN.md §7.

    Raises `FingerprintFileError` (not a fingerprint file, unknown version, damaged), `IncompatibleFilesError`
    (different keys) or `OSError` (cannot read) before any set is loaded.
    """
    new_meta = read_metadata(new_path)
    old_metas = [(p, read_metadata(p)) for p in old_paths]
    _check_compatible(new_meta, old_metas, new_path)
    warnings: list[str] = []
    # Memory: NEW's sets stay loaded; everything else is read when needed and freed right after, so that
    # two 2.1-million-record files compare in well under 600 MB (benchmarks/compare.py).
    new = read_fingerprints(new_path, records=False)
    olds_out: list[dict[str, Any]] = []
    in_any_old: np.ndarray | None = None
    b_with_id = 0
    # per entity, NEW's values not yet seen in any OLD (exact sets only), and likewise for failed checks
    fresh: dict[str, np.ndarray] = {e: np.ones(len(v), bool) for e, v in new.sets.items()}
    fresh_bad: dict[str, np.ndarray] = {e: np.ones(len(v), bool) for e, v in new.invalid.items()}
    fresh_estimated: set[str] = set(new.sketches)
    for path, _meta in old_metas:
        old = read_fingerprints(path, records=False)
        entities = {
            e: _entity_row(new, old, e, warnings)
            for e in _entity_order([*new.entities, *old.entities])
            if new.count(e) or old.count(e)
        }
        for e, mask in fresh.items():
            _drop_common(mask, new.sets[e], old.sets.get(e))
            _drop_common(mask, new.sets[e], old.invalid.get(e))
            if e in old.sketches:
                fresh_estimated.add(e)
        for e, mask in fresh_bad.items():
            _drop_common(mask, new.invalid[e], old.sets.get(e))
            _drop_common(mask, new.invalid[e], old.invalid.get(e))
        old_lookup = _Lookup.of(old.strong_union())
        old_sources, a_n = old.sources, old.record_count
        del old
        # records of NEW sharing a strong identifier with OLD
        new_records = read_fingerprints(new_path, sets=False)
        hit = old_lookup.records_hit(new_records.record_offsets, new_records.record_fingerprints)
        b_with_id = len(new_records.record_offsets) - 1
        del old_lookup, new_records
        in_any_old = hit if in_any_old is None else in_any_old | hit
        b_in_a = int(np.count_nonzero(hit))
        del hit
        # and the reverse
        new_lookup = _Lookup.of(new.strong_union())
        old = read_fingerprints(path, sets=False)
        a_in_b = int(np.count_nonzero(new_lookup.records_hit(old.record_offsets, old.record_fingerprints)))
        a_with_id = len(old.record_offsets) - 1
        del new_lookup
        b_n = new.record_count
        olds_out.append(
            {
                "file": path,
                "label": _label(path),
                "sources": old_sources,
                "record_count": a_n,
                "records": {
                    "b_records": b_n,
                    "b_records_in_a": b_in_a,
                    "b_share_in_a": round(b_in_a / b_n, 6) if b_n else 0.0,
                    "a_records": a_n,
                    "a_records_in_b": a_in_b,
                    "a_share_in_b": round(a_in_b / a_n, 6) if a_n else 0.0,
                    "b_records_with_identifier": b_with_id,
                    "a_records_with_identifier": a_with_id,
                },
                "entities": entities,
            }
        )
        _coverage_warning(old, warnings)
        del old
    _coverage_warning(new, warnings)
    checksum = set(new.metadata.get("checksum_entities", []))
    fresh_out: dict[str, Any] = {}
    for e in _entity_order([*new.entities]):
        if e in new.sketches:
            fresh_out[e] = {"fresh": None, "estimated": True}
            continue
        n_fresh = int(np.count_nonzero(fresh[e])) if e in fresh else 0
        row: dict[str, Any] = {"fresh": n_fresh, "estimated": e in fresh_estimated}
        if e in checksum:
            bad = int(np.count_nonzero(fresh_bad[e])) if e in fresh_bad else 0
            row["checksum_valid"] = n_fresh
            row["checksum_failed"] = bad
            row["checksum_valid_rate"] = round(n_fresh / (n_fresh + bad), 6) if n_fresh + bad else None
        fresh_out[e] = row
    n_new = new.record_count
    any_old = int(np.count_nonzero(in_any_old)) if in_any_old is not None else 0
    first = olds_out[0] if olds_out else {"records": {}, "entities": {}}
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "piiscan", "version": _version()},
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "new": {
            "file": new_path,
            "label": _label(new_path),
            "sources": new.sources,
            "record_count": n_new,
            "records_with_identifier": int(new.metadata.get("records_with_identifier", b_with_id)),
        },
        "olds": olds_out,
        "records": first["records"],
        "entities": first["entities"],
        "any_old": {
            "b_records_in_any": any_old,
            "b_share_in_any": round(any_old / n_new, 6) if n_new else 0.0,
            "b_records_in_none": n_new - any_old,
        },
        "fresh": fresh_out,
        "warnings": warnings,
    }


def _coverage_warning(f: FingerprintFile, warnings: list[str]) -> None:
    skipped, bad = int(f.metadata.get("skipped", 0)), int(f.metadata.get("bad_records", 0))
    if skipped or bad:
        warnings.append(
            f"{_label(f.path)}: its scan was incomplete ({skipped:,} parts skipped, {bad:,} records unparsed): "
            "records it missed count as not shared"
        )


def _entity_order(names: list[str]) -> list[str]:
    from piiscan.pack import ENTITY_ORDER

    known = [e for e in ENTITY_ORDER if e in names]
    return known + sorted(set(names) - set(known))


def _version() -> str:
    from piiscan import __version__

    return __version__


# ------------------------------------------------------------------------------------------ output


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %"


def verdicts(result: dict[str, Any]) -> list[str]:
    """One sentence per OLD ("87.0 % of the records of NEW were already in OLD-2023"), then the fresh part."""
    new = result["new"]
    out = []
    for old in result["olds"]:
        r = old["records"]
        out.append(
            f"{_pct(r['b_share_in_a'])} of the records of {new['label']} ({r['b_records_in_a']:,} of "
            f"{r['b_records']:,}) were already in {old['label']}; {_pct(r['a_share_in_b'])} of the records of "
            f"{old['label']} are in {new['label']}."
        )
    if len(result["olds"]) > 1:
        a = result["any_old"]
        out.append(
            f"{_pct(a['b_share_in_any'])} of the records of {new['label']} were in at least one earlier file; "
            f"{a['b_records_in_none']:,} records are in none."
        )
    for e, row in result["fresh"].items():
        rate = row.get("checksum_valid_rate")
        if rate is not None and row["fresh"] + row["checksum_failed"] >= 20 and rate < 0.9:
            out.append(
                f"Only {_pct(rate)} of the fresh {e} values of {new['label']} have a valid check digit "
                "(random digits: about 1 %): rows may have been fabricated."
            )
    return out


def format_comparison(result: dict[str, Any]) -> str:
    """The terminal table: verdicts, then per OLD the per-entity counts."""
    lines = [f"piiscan compare — NEW: {result['new']['label']} ({result['new']['record_count']:,} records)", ""]
    lines += verdicts(result)
    header = f"  {'entity':<22}{'NEW':>12}{'OLD':>12}{'common':>12}{'Jaccard':>9}{'NEW in OLD':>12}"
    for old in result["olds"]:
        lines += ["", f"vs {old['label']} ({old['record_count']:,} records)", header]
        for e, row in old["entities"].items():
            mark = " ~" if row.get("estimated") else ""
            lines.append(
                f"  {e:<22}{row['b']:>12,}{row['a']:>12,}{row['common']:>12,}{row['jaccard']:>9.3f}"
                f"{_pct(row['containment_b_in_a']):>12}{mark}"
            )
    lines += ["", f"fresh values of {result['new']['label']} (in no earlier file)"]
    for e, row in result["fresh"].items():
        if row["fresh"] is None:
            lines.append(f"  {e:<22}{'(estimate: not counted)':>24}")
            continue
        extra = ""
        if row.get("checksum_valid_rate") is not None:
            extra = f"   check digit valid {_pct(row['checksum_valid_rate'])} ({row['checksum_failed']:,} failed)"
        lines.append(f"  {e:<22}{row['fresh']:>12,}{' ~' if row.get('estimated') else ''}{extra}")
    if result["warnings"]:
        lines.append("")
        lines += [f"warning: {w}" for w in result["warnings"]]
    return "\n".join(lines)


def render_html(result: dict[str, Any]) -> str:
    """A self-contained page (no script, no remote resource), in the scan report's style."""
    from html import escape

    from piiscan.output.html import _CSS

    new = result["new"]
    out = [
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>piiscan compare</title><style>{_CSS}</style></head><body>",
        "<h1>piiscan — is this dump an earlier leak?</h1>",
        f'<p class="meta">piiscan {escape(result["tool"]["version"])} · generated {escape(result["generated_at"])}'
        f" · schema {escape(result['schema_version'])}</p>",
        '<div class="cards">',
    ]
    for old in result["olds"]:
        out.append(
            f'<div class="card"><b>{_pct(old["records"]["b_share_in_a"])}</b>of {escape(new["label"])} '
            f"already in {escape(old['label'])}</div>"
        )
    out.append("</div><h2>Verdict</h2>")
    out += [f"<p>{escape(v)}</p>" for v in verdicts(result)]
    for w in result["warnings"]:
        out.append(f'<p class="warn">{escape(w)}</p>')
    out.append(
        f"<h2>Files</h2><table><tr><th>file</th><th>sources</th><th class=n>records</th>"
        f"<th class=n>with a strong identifier</th></tr>"
        f"<tr><td>NEW: {escape(new['label'])}</td><td>{escape(', '.join(new['sources']))}</td>"
        f'<td class="n">{new["record_count"]:,}</td><td class="n">{new["records_with_identifier"]:,}</td></tr>'
    )
    for old in result["olds"]:
        out.append(
            f"<tr><td>OLD: {escape(old['label'])}</td><td>{escape(', '.join(old['sources']))}</td>"
            f'<td class="n">{old["record_count"]:,}</td>'
            f'<td class="n">{old["records"]["a_records_with_identifier"]:,}</td></tr>'
        )
    out.append("</table>")
    for old in result["olds"]:
        out.append(f"<h2>{escape(new['label'])} vs {escape(old['label'])}</h2>")
        out.append(
            "<table><tr><th>entity</th><th class=n>in NEW</th><th class=n>in OLD</th><th class=n>common</th>"
            "<th class=n>Jaccard</th><th class=n>share of NEW in OLD</th></tr>"
        )
        for e, row in old["entities"].items():
            approx = " (estimate)" if row.get("estimated") else ""
            out.append(
                f"<tr><td><code>{escape(e)}</code>{approx}</td><td class=n>{row['b']:,}</td>"
                f"<td class=n>{row['a']:,}</td><td class=n>{row['common']:,}</td>"
                f"<td class=n>{row['jaccard']:.3f}</td><td class=n>{_pct(row['containment_b_in_a'])}</td></tr>"
            )
        out.append("</table>")
    out.append(
        f"<h2>Fresh values of {escape(new['label'])}</h2><p class=meta>Values in no earlier file. Check-digit "
        "validity: genuine identifiers validate; fabricated ones about as often as random digits (1 in 97).</p>"
        "<table><tr><th>entity</th><th class=n>fresh values</th><th class=n>check digit valid</th></tr>"
    )
    for e, row in result["fresh"].items():
        rate = row.get("checksum_valid_rate")
        fresh = "estimate only" if row["fresh"] is None else f"{row['fresh']:,}"
        out.append(
            f"<tr><td><code>{escape(e)}</code></td><td class=n>{fresh}</td>"
            f"<td class=n>{'' if rate is None else _pct(rate)}</td></tr>"
        )
    out.append("</table>")
    out.append(
        "<p class=meta>Compared by keyed fingerprints only: no value of either dump is in this page or in the "
        "fingerprint files.</p></body></html>"
    )
    return "\n".join(out)


__all__ += ["FingerprintFileError", "FingerprintVersionError", "verdicts"]
