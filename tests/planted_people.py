"""Recovery of planted synthetic people in format tests: the values planted per entity, and the recovery of a
findings file against them (distinct values, normalised).

The people and their CSV come from `synth.planted.mixed_rows` / `mixed_csv` (seeded, Faker fr_FR tables,
valid NIR and IBAN keys).  Columns carry the headers the detectors need (a passport under `passeport`, a
birth date under `date_naissance`); the test compares what `--unsafe-show-values` reports with what was planted, per
entity: recovery (planted values found) and invented values (found, never planted).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

__all__ = ["found_values", "normalise", "planted_values", "recovery"]

_ENTITY_OF = {
    "email": "EMAIL_ADDRESS",
    "nir": "FR_NIR",
    "date_naissance": "DATE_OF_BIRTH",
    "telephone": "PHONE_NUMBER",
    "iban": "IBAN_CODE",
    "nationalite": "NATIONALITY",
}


def planted_values(rows: Iterable[dict[str, str]]) -> dict[str, set[str]]:
    """Normalised distinct values per entity."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        out["PERSON"].add(normalise("PERSON", r["nom"]))
        out["PERSON"].add(normalise("PERSON", r["prenom"]))
        out["FR_PASSPORT"].add(normalise("FR_PASSPORT", r["passeport"]))
        for column, entity in _ENTITY_OF.items():
            out[entity].add(normalise(entity, r[column]))
    return dict(out)


def normalise(entity: str, value: str) -> str:
    v = value.strip()
    if entity in ("FR_NIR", "IBAN_CODE", "FR_PASSPORT", "FOREIGN_PASSPORT"):
        return re.sub(r"[\s.\-]", "", v).upper()
    if entity == "PHONE_NUMBER":
        digits = re.sub(r"\D", "", v)
        if digits.startswith("0033"):
            digits = "0" + digits[4:]
        elif digits.startswith("330"):
            digits = digits[2:]
        elif digits.startswith("33"):
            digits = "0" + digits[2:]
        return digits
    return v.casefold()


def found_values(findings: Path, *, source_prefix: str) -> dict[str, set[str]]:
    """Normalised distinct values per entity of the findings whose source starts with `source_prefix`."""
    out: dict[str, set[str]] = defaultdict(set)
    for line in findings.read_text(encoding="utf-8").splitlines():
        f = json.loads(line)
        if f["source"].startswith(source_prefix):
            out[f["entity"]].add(normalise(f["entity"], f["value"]))
    return dict(out)


def recovery(planted: dict[str, set[str]], found: dict[str, set[str]]) -> dict[str, tuple[float, int]]:
    """Per planted entity: (share of planted values found, number of found values never planted); and
    per entity found but never planted: (0.0, count)."""
    result = {}
    for entity in set(planted) | set(found):
        p, f = planted.get(entity, set()), found.get(entity, set())
        share = len(p & f) / len(p) if p else 0.0
        result[entity] = (share, len(f - p))
    return result
