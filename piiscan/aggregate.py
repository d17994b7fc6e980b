"""Mergeable partial results: what a scan of one input (or one byte range) contributes to the report.

Why mergeable from the start: a Dask scale-out scans byte ranges on many machines and must produce exactly
the report of one process, and two leaks are compared by their fingerprint sets.  Everything here is a
count, a sorted set of keyed 64-bit fingerprints, a min/max or a short bounded list; `merge` is associative
and commutative (previews keep the smallest fingerprints, so which five are shown does not depend on order).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from piiscan.findings import FindingsBatch
from piiscan.kernels.detect import N_STATS
from piiscan.pack import ENTITY_ORDER

__all__ = ["PREVIEWS_PER_ENTITY", "HashSet", "InputStats", "Partial"]

N_ENT = len(ENTITY_ORDER)
PREVIEWS_PER_ENTITY = 5
_PERSON_KEY_PRIORITY = {"FR_NIR": 0, "FR_PASSPORT": 1, "FR_ID_CARD": 1, "FR_RESIDENCE_PERMIT": 2, "EMAIL_ADDRESS": 3}
_PRIORITY = np.full(N_ENT, 99, np.int64)
for _name, _p in _PERSON_KEY_PRIORITY.items():
    _PRIORITY[ENTITY_ORDER.index(_name)] = _p


class HashSet:
    """An exact set of uint64 fingerprints: sorted unique array plus pending appends, compacted lazily."""

    __slots__ = ("_pending", "_pending_n", "_sorted")

    def __init__(self) -> None:
        self._sorted = np.empty(0, np.uint64)
        self._pending: list[np.ndarray] = []
        self._pending_n = 0

    def add(self, values: np.ndarray) -> None:
        if len(values):
            self._pending.append(np.asarray(values, np.uint64))
            self._pending_n += len(values)
            if self._pending_n > max(1 << 20, len(self._sorted)):
                self._compact()

    def _compact(self) -> None:
        if self._pending:
            self._sorted = np.union1d(self._sorted, np.concatenate(self._pending))
            self._pending = []
            self._pending_n = 0

    def array(self) -> np.ndarray:
        self._compact()
        return self._sorted

    def __len__(self) -> int:
        return len(self.array())

    def merge(self, other: HashSet) -> None:
        self.add(other.array())


@dataclass
class InputStats:
    """Per-input facts for the report."""

    source: str
    format: str = "unknown"
    encoding: str = "unknown"
    compression: str | None = None
    bytes: int = 0
    records: int = 0
    records_with_findings: int = 0
    bad_records: int = 0
    findings: int = 0
    delimiter: str | None = None
    fields: list[str] = field(default_factory=list)


@dataclass
class Partial:
    """Counts, fingerprint sets and bounded samples of one or more scanned inputs."""

    findings: np.ndarray = field(default_factory=lambda: np.zeros(N_ENT, np.int64))
    records_affected: np.ndarray = field(default_factory=lambda: np.zeros(N_ENT, np.int64))
    distinct: list[HashSet] = field(default_factory=lambda: [HashSet() for _ in range(N_ENT)])
    persons: HashSet = field(default_factory=HashSet)
    records_without_identifier: int = 0
    by_field: Counter = field(default_factory=Counter)  # (source, field, entity) -> findings
    field_cells: Counter = field(default_factory=Counter)  # (source, field) -> non-empty cells
    previews: dict[int, dict[int, str]] = field(default_factory=dict)  # entity -> {hash: preview}
    record_date_min: int | None = None
    record_date_max: int | None = None
    stats: np.ndarray = field(default_factory=lambda: np.zeros(N_STATS, np.int64))
    inputs: list[InputStats] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    bytes: int = 0
    records: int = 0
    records_with_findings: int = 0

    # ------------------------------------------------------------------ adding
    def add_batch(self, batch: FindingsBatch, stats: InputStats) -> None:
        """Fold one chunk's findings in (vectorised: no loop over findings)."""
        n = len(batch)
        if n == 0:
            return
        ent = batch.entity.astype(np.int64)
        self.findings += np.bincount(ent, minlength=N_ENT)
        rec = batch.record
        pairs = np.unique(rec * N_ENT + ent)
        self.records_affected += np.bincount(pairs % N_ENT, minlength=N_ENT)
        n_rec = len(np.unique(rec))
        stats.records_with_findings += n_rec
        self.records_with_findings += n_rec
        stats.findings += n
        for e in np.unique(ent):
            sel = ent == e
            self.distinct[e].add(batch.hash[sel])
        # fields
        fe = batch.field.astype(np.int64) * N_ENT + ent
        keys, counts = np.unique(fe, return_counts=True)
        for k, c in zip(keys.tolist(), counts.tolist(), strict=True):
            f, e = divmod(k, N_ENT)
            name = batch.field_names[f] if f >= 0 else None
            self.by_field[(batch.source, name, ENTITY_ORDER[e])] += c
        # persons: the strongest identifier of each record
        prio = _PRIORITY[ent]
        has_id = prio < 99
        recs_with_id = np.unique(rec[has_id])
        if has_id.any():
            order = np.lexsort((prio[has_id], rec[has_id]))
            r_sorted = rec[has_id][order]
            first = np.ones(len(r_sorted), bool)
            first[1:] = r_sorted[1:] != r_sorted[:-1]
            self.persons.add(batch.hash[has_id][order][first])
        person_like = np.unique(
            rec[(ent == ENTITY_ORDER.index("PERSON")) | (ent == ENTITY_ORDER.index("DATE_OF_BIRTH"))]
        )
        self.records_without_identifier += len(np.setdiff1d(person_like, recs_with_id, assume_unique=True))
        # previews: the smallest fingerprints per entity, so merging is order-independent
        for e in np.unique(ent).tolist():
            idx = np.nonzero(ent == e)[0]
            have = self.previews.setdefault(e, {})
            hashes = batch.hash[idx]
            order = np.argsort(hashes, kind="stable")
            for j in order[: PREVIEWS_PER_ENTITY * 2]:
                h = int(hashes[j])
                if h in have:
                    continue
                if len(have) >= PREVIEWS_PER_ENTITY and h > max(have):
                    break
                have[h] = batch.previews_at(int(idx[j]))
                if len(have) > PREVIEWS_PER_ENTITY:
                    del have[max(have)]

    def add_record_dates(self, days: np.ndarray) -> None:
        valid = days[days >= 0]
        if len(valid):
            lo, hi = int(valid.min()), int(valid.max())
            self.record_date_min = lo if self.record_date_min is None else min(lo, self.record_date_min)
            self.record_date_max = hi if self.record_date_max is None else max(hi, self.record_date_max)

    # ------------------------------------------------------------------ merging
    def merge(self, other: Partial) -> Partial:
        """Fold another partial in; the result is the partial of both scans."""
        self.findings += other.findings
        self.records_affected += other.records_affected
        for mine, theirs in zip(self.distinct, other.distinct, strict=True):
            mine.merge(theirs)
        self.persons.merge(other.persons)
        self.records_without_identifier += other.records_without_identifier
        self.by_field.update(other.by_field)
        self.field_cells.update(other.field_cells)
        for e, prev in other.previews.items():
            have = self.previews.setdefault(e, {})
            have.update(prev)
            for h in sorted(have)[PREVIEWS_PER_ENTITY:]:
                del have[h]
        for attr, pick in (("record_date_min", min), ("record_date_max", max)):
            a, b = getattr(self, attr), getattr(other, attr)
            setattr(self, attr, b if a is None else a if b is None else pick(a, b))
        self.stats += other.stats
        self.inputs.extend(other.inputs)
        self.skipped.extend(other.skipped)
        self.bytes += other.bytes
        self.records += other.records
        self.records_with_findings += other.records_with_findings
        return self
