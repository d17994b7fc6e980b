"""Fingerprint files (DESIGN.md §7): what two leaks can be compared by, and nothing else.

A fingerprint file holds, for one whole scan made with `--key-file`:

- per entity, the sorted distinct keyed 64-bit fingerprints of its values (the `Partial`'s sets; a set that
  had to become a HyperLogLog sketch is written as its registers and flagged `estimated`);
- per entity with a check digit (`CHECKSUM_ENTITIES`), the fingerprints of values that had the entity's shape
  and context but failed the check: an old dump padded with fabricated rows shows fresh values whose keys
  validate about as often as random digits do (1 in 97), and that needs the failures as well as the passes;
- per record (source, record index), the fingerprints of its strong identifiers (`STRONG_ENTITIES`);
- metadata: tool and format versions, sources and their record counts, coverage (skipped parts, bad
  records) and a key check value, so that files made with different keys are told apart.

No value, preview, field name or field value is written.  Fingerprints are SipHash-2-4 of the normalised
value under the scan's key (see `piiscan.scanner.derive_key`): the same person's NIR written with or without
spaces, or a phone written `06…`, `+33 6…`, `0033 6…` or `+33 (0)6…`, give one fingerprint.

Why the per-record lists are kept apart from the `Partial`'s sets: a record of a new dump is "already known"
when any of its identifiers is in the old one, so the identifiers must stay grouped by record; they are
numpy arrays of (record, fingerprint, entity) per source, merged by concatenation and sorted once when the
file is written, so partials of byte ranges or machines merge into the same file as one process.

File layout (one Parquet file, one flat table; `FORMAT_VERSION` 1), one row per fingerprint:

===============  ==================  ==========================================================
column           type                meaning
===============  ==================  ==========================================================
``section``      string              ``set`` (an entity's distinct values), ``invalid`` (values
                                     that failed their check digit) or ``record``
``entity``       string or null      the entity of a ``set`` or ``invalid`` row
``source``       int32               a ``record`` row's index into the metadata's ``sources`` (-1)
``record``       int64               a ``record`` row's 0-based record index in its source (-1)
``fingerprint``  uint64              sorted within a set, and within a record
===============  ==================  ==========================================================

Every row group holds one section of one entity; the metadata's ``row_groups`` names them in order, so a
reader takes a set by reading its row groups' ``fingerprint`` column alone.  Flat columns, not lists:
reading a list column of 11 million values materialised repetition and definition levels and peaked at
~450 MB for one 90 MB set.  A set that became a HyperLogLog sketch has no rows: its registers are in the
metadata (``entities.<E>.sketch``, base64).
The schema metadata key ``piiscan.fingerprints`` holds the metadata as JSON (`read_metadata`).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from piiscan.entities.contract import CHECK_FAILURE_ENTITIES, ENTITY_ORDER, STRONG_IDENTIFIERS
from piiscan.output.files import AtomicFile, output_error

__all__ = [
    "CHECKSUM_ENTITIES",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "METADATA_KEY",
    "STRONG_ENTITIES",
    "FingerprintFile",
    "FingerprintFileError",
    "FingerprintVersionError",
    "RecordIdentifiers",
    "key_check_value",
    "read_fingerprints",
    "read_metadata",
    "write_fingerprints",
]

FORMAT_NAME = "piiscan-fingerprints"
FORMAT_VERSION = 1
"""Bumped when a reader of the previous version would misread the file; `compare` refuses other versions."""
METADATA_KEY = b"piiscan.fingerprints"

STRONG_ENTITIES: tuple[str, ...] = STRONG_IDENTIFIERS
"""Identifiers that single out one person (DESIGN.md §7): the registry's `Entity.strong_identifier`, in
registry order."""

CHECKSUM_ENTITIES: tuple[str, ...] = CHECK_FAILURE_ENTITIES
"""Entities whose check-digit failures the detection kernel records (`Entity.check_failures`, `F_CHECK_FAILED`:
NIR key with context, IBAN mod 97-10), so that `compare` can give the validity rate of their fresh values.  An
entity with a check whose failures the kernel does not record is left out rather than shown 100 % valid."""

_KEY_CHECK_TEXT = b"piiscan fingerprint key check v1"

_STRONG_MASK = np.array([name in STRONG_ENTITIES for name in ENTITY_ORDER], dtype=bool)
"""Per entity id: a strong identifier."""


def key_check_value(k0: np.uint64, k1: np.uint64) -> str:
    """The keyed hash of a fixed text under a scan's key: equal for files made with the same key.

    SipHash is a pseudo-random function: the value says nothing about the key, and 64 bits make two keys
    sharing it a 1 in 2**64 accident.
    """
    from piiscan.kernels.checks import siphash24

    text = np.frombuffer(_KEY_CHECK_TEXT, np.uint8).copy()
    return f"{int(siphash24(np.uint64(k0), np.uint64(k1), text, len(text))):016x}"


_Held = tuple[int, np.ndarray, np.ndarray, np.ndarray]
"""A part as held: first record, records relative to it (uint32), fingerprints, entities."""
_Part = tuple[int, np.ndarray, np.ndarray]
"""A part as written: first record, relative records, fingerprints (sorted by record then fingerprint)."""


class RecordIdentifiers:
    """Per source, the (record, fingerprint, entity) of every strong identifier found, as numpy arrays.

    One part per batch of findings: the batch's first record, then per identifier its record relative to
    that one (uint32), its fingerprint and its entity: 13 bytes an identifier (a 2.1-million-record dump
    with four a record: ~110 MB), held only when a fingerprint file was asked for.  `merge` concatenates;
    `table` sorts each part in place and removes repeats, so the result does not depend on the order
    partials were merged in, and no second copy of the whole is made.
    """

    __slots__ = ("_parts",)

    def __init__(self) -> None:
        self._parts: dict[str, list[_Held]] = {}

    def add(self, source: str, entity: np.ndarray, record: np.ndarray, fingerprint: np.ndarray) -> None:
        """Keep the strong identifiers among one batch's findings (copies: the batch's arrays are freed)."""
        keep = _STRONG_MASK[entity]
        parts = self._parts.setdefault(source, [])
        if not keep.any():
            return
        rec = record[keep]
        base = int(rec.min())
        rel = rec - base
        if int(rel.max()) >= 2**32:  # a batch spanning four billion records: split it (never in practice)
            mid = len(rec) // 2
            self.add(source, entity[keep][:mid], rec[:mid], fingerprint[keep][:mid])
            self.add(source, entity[keep][mid:], rec[mid:], fingerprint[keep][mid:])
            return
        parts.append((base, rel.astype(np.uint32), fingerprint[keep].astype(np.uint64), entity[keep].astype(np.uint8)))

    def merge(self, other: RecordIdentifiers) -> None:
        """Take `other`'s identifiers (moved, not copied: `other` is left empty, as `table` sorts in place)."""
        if other is self:
            return
        for source, parts in other._parts.items():
            self._parts.setdefault(source, []).extend(parts)
        other._parts = {}

    @property
    def occurrences(self) -> int:
        return sum(len(p[1]) for parts in self._parts.values() for p in parts)

    def table(
        self,
    ) -> tuple[list[str], list[tuple[int, list[tuple[int, np.ndarray, np.ndarray]]]], dict[int, np.ndarray]]:
        """`(sources, per_source, strong_sets)`; the parts are sorted in place and kept (a second call agrees).

        `per_source` holds, for each source with identifiers (its index in the sorted `sources`), parts
        `(record_base, relative_record, fingerprint)` that together list its rows ordered by record, then
        fingerprint, without repeats.  `strong_sets` maps an entity id to its sorted distinct fingerprints,
        exact even when the `Partial`'s set of that entity is a sketch.
        """
        from piiscan.kernels.setops import dedupe_sorted, sort_record_runs

        sources = sorted(self._parts)
        per_source: list[tuple[int, list[_Part]]] = []
        counts = np.zeros(len(ENTITY_ORDER), np.int64)
        kept: list[tuple[np.ndarray, np.ndarray]] = []  # (fingerprint, entity) of every part, for the sets
        for si, source in enumerate(sources):
            parts = sorted(self._parts[source], key=lambda p: p[0])  # byte ranges may come in any order
            if not parts:
                continue
            if not _disjoint_and_ordered(parts):  # a record split between parts: sort the source as one
                parts = [_as_one_part(parts)]
            out = []
            held: list[_Held] = []
            for base, rel, fp, ent in parts:
                m = sort_record_runs(rel, fp, ent) if bool(np.all(rel[1:] >= rel[:-1])) else -1
                if m < 0:  # records out of order, or a record with very many identifiers
                    order = np.lexsort((fp, rel))
                    rel, fp, ent = rel[order], fp[order], ent[order]
                    keep = np.ones(len(rel), bool)
                    keep[1:] = (rel[1:] != rel[:-1]) | (fp[1:] != fp[:-1])
                    rel, fp, ent = rel[keep], fp[keep], ent[keep]
                    m = len(rel)
                rel, fp, ent = rel[:m], fp[:m], ent[:m]
                counts += np.bincount(ent, minlength=len(ENTITY_ORDER))
                kept.append((fp, ent))
                out.append((base, rel, fp))
                held.append((base, rel, fp, ent))
            self._parts[source] = held  # sorted and without repeats now
            per_source.append((si, out))
        strong: dict[int, np.ndarray] = {}
        for e in np.flatnonzero(counts).tolist():
            values = np.empty(int(counts[e]), np.uint64)  # filled in place, sorted in place: one copy
            pos = 0
            for fp, ent in kept:
                sel = fp[ent == e]
                values[pos : pos + len(sel)] = sel
                pos += len(sel)
            values.sort()
            strong[e] = values[: dedupe_sorted(values)]
        return sources, per_source, strong


def _disjoint_and_ordered(parts: list[_Held]) -> bool:
    """Does each part (sorted by first record) end before the next one starts?"""
    last = -1
    for base, rel, _, _ in parts:
        if base <= last:
            return False
        last = base + int(rel.max())
    return True


def _as_one_part(
    parts: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    base = min(p[0] for p in parts)
    rel = np.concatenate([(p[1].astype(np.int64) + (p[0] - base)) for p in parts])
    if len(rel) and int(rel.max()) >= 2**32:
        raise ValueError("a source's records span more than 2**32 in one part")
    fp = np.concatenate([p[2] for p in parts])
    ent = np.concatenate([p[3] for p in parts])
    return base, rel.astype(np.uint32), fp, ent


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    values = np.sort(values)  # not np.unique: far slower on uint64 (see aggregate.HashSet._compact)
    if len(values) > 1:
        values = values[np.concatenate(([True], values[1:] != values[:-1]))]
    return values


# ---------------------------------------------------------------------------------------------- writing


def write_fingerprints(path: str | os.PathLike[str], partial: Any, *, k0: np.uint64, k1: np.uint64) -> dict:
    """Write the fingerprint file of a scan's merged `Partial`; returns the metadata written.

    The partial must carry `identifiers` (a `RecordIdentifiers`: `ScanOptions(fingerprints=True)`).
    Written to a temporary name beside `path`, then renamed: a reader never sees half a file.
    """
    import pyarrow.parquet as pq

    from piiscan import __version__

    if partial.identifiers is None:
        raise ValueError("the partial holds no record identifiers: scan with ScanOptions(fingerprints=True)")
    ids: RecordIdentifiers = partial.identifiers
    sources, per_source, strong = ids.table()
    # every scanned input is a source, also those with no strong identifier (their records count)
    partial.close_inputs()
    records_by_source: dict[str, int] = dict(partial.more_inputs.source_records or {})
    for inp in partial.inputs:
        records_by_source[inp.source] = records_by_source.get(inp.source, 0) + int(inp.records)
    all_sources = sorted(set(records_by_source) | set(sources))
    index = {s: i for i, s in enumerate(all_sources)}
    per_source = [(index[sources[si]], parts) for si, parts in per_source]
    n_records = sum(
        int(np.count_nonzero(rel[1:] != rel[:-1])) + 1 for _, parts in per_source for _, rel, _ in parts if len(rel)
    )
    n_rows = [sum(len(rel) for _, rel, _ in parts) for _, parts in per_source]

    pieces: list[tuple[str, str | None, np.ndarray]] = []  # (section, entity, sorted fingerprints)
    entities_meta: dict[str, dict[str, Any]] = {}
    for eid, name in enumerate(ENTITY_ORDER):
        hs = partial.distinct[eid]
        bad = partial.checksum_failed.get(eid)
        bad_values = bad.array() if bad is not None and not bad.estimated else np.empty(0, np.uint64)
        meta: dict[str, Any]
        if _STRONG_MASK[eid] or not hs.estimated:
            # strong sets come from the record lists: exact even if the partial's set became a sketch
            values = strong.get(eid, np.empty(0, np.uint64)) if _STRONG_MASK[eid] else hs.array()
            if not len(values) and not len(bad_values):
                continue
            meta = {"count": len(values), "estimated": False}
            if len(values):
                pieces.append(("set", name, values))
        else:
            meta = {"count": len(hs), "estimated": True, "sketch": base64.b64encode(hs._registers).decode()}
        if name in CHECKSUM_ENTITIES:
            meta["checksum_failed"] = len(bad_values)
            if len(bad_values):
                pieces.append(("invalid", name, bad_values))
        entities_meta[name] = meta

    from piiscan.kernels.tally import HLL_PRECISION

    # one row group per section and entity (cut every ROW_GROUP rows), named in the metadata, so a reader
    # takes a set by reading its row groups' fingerprint column alone
    layout: list[list[str | None]] = []
    for section, entity, values in pieces:
        layout += [[section, entity]] * (-(-len(values) // ROW_GROUP))
    for n in n_rows:
        layout += [["record", None]] * (-(-n // ROW_GROUP))
    metadata = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "piiscan", "version": __version__},
        "hash": "siphash-2-4",
        "key_check": key_check_value(k0, k1),
        "sources": all_sources,
        "source_records": [records_by_source.get(s, 0) for s in all_sources],
        "record_count": int(partial.records),
        "records_with_identifier": n_records,
        "skipped": partial.skip_count,
        "bad_records": int(sum(i.bad_records for i in partial.inputs)) + partial.more_inputs.bad_records,
        "strong_entities": [e for e, strong in zip(ENTITY_ORDER, _STRONG_MASK.tolist(), strict=True) if strong],
        "checksum_entities": list(CHECKSUM_ENTITIES),
        "hll_precision": HLL_PRECISION,
        "entities": entities_meta,
        "row_groups": layout,
    }
    schema = _schema().with_metadata({METADATA_KEY: json.dumps(metadata, sort_keys=True).encode()})
    # the same temporary-name-and-rename as every other output (piiscan.output.files): a private temporary file
    # (mkstemp, not a guessable name), a link at `path` written through, flushed and synced before the
    # rename; a failed or interrupted write leaves nothing under the final name
    out = AtomicFile(os.fspath(path), binary=True)
    try:
        with pq.ParquetWriter(
            out.file,
            schema,
            compression={
                "section": "zstd",
                "entity": "zstd",
                "source": "zstd",
                "record": "zstd",
                "fingerprint": "none",
            },
            use_dictionary=["section", "entity"],  # random 64-bit values: a dictionary only costs time
            write_statistics=["section", "entity", "source", "record"],
        ) as writer:
            for section, entity, values in pieces:
                for lo in range(0, max(1, len(values)), ROW_GROUP):
                    part = values[lo : lo + ROW_GROUP]
                    writer.write_table(
                        _rows(schema, section, entity, part, None, None), row_group_size=max(1, len(part))
                    )
            # per record: its source and index on each of its fingerprints (flat columns: no list overhead)
            for si, parts in per_source:
                for rec, fp in _row_groups(parts):
                    table = _rows(schema, "record", None, fp, np.full(len(rec), si, np.int32), rec)
                    writer.write_table(table, row_group_size=len(table))
        out.file.flush()
        if out.temp_path is not None and pq.ParquetFile(out.temp_path).num_row_groups != len(layout):
            raise RuntimeError("fingerprint file written with an unexpected row-group layout")
        out.commit()
    except OSError as exc:
        out.abort()
        raise output_error(os.fspath(path), exc) from None
    except BaseException:
        out.abort()
        raise
    return metadata


ROW_GROUP = 1 << 20
"""Rows per row group: 8 MB of fingerprints, read one at a time into the final arrays."""


def _row_groups(parts: list[_Part]):
    """`(record, fingerprint)` arrays of exactly `ROW_GROUP` rows (the last one shorter), cut from the parts."""
    recs: list[np.ndarray] = []
    fps: list[np.ndarray] = []
    held = 0
    for base, rel, fp in parts:
        lo = 0
        while lo < len(rel):
            take = min(len(rel) - lo, ROW_GROUP - held)
            recs.append(rel[lo : lo + take].astype(np.int64) + base)
            fps.append(fp[lo : lo + take])
            held += take
            lo += take
            if held == ROW_GROUP:
                yield np.concatenate(recs), np.concatenate(fps)
                recs, fps, held = [], [], 0
    if held:
        yield np.concatenate(recs), np.concatenate(fps)


def _rows(schema, section: str, entity: str | None, fps: np.ndarray, src: np.ndarray | None, rec: np.ndarray | None):
    import pyarrow as pa

    n = len(fps)
    zeros = pa.array(np.zeros(n, np.int32))
    return pa.table(
        {
            "section": pa.DictionaryArray.from_arrays(zeros, pa.array([section], pa.string())),
            "entity": pa.DictionaryArray.from_arrays(
                zeros if entity is not None else pa.nulls(n, pa.int32()), pa.array([entity or ""], pa.string())
            ),
            "source": pa.array(np.full(n, -1, np.int32) if src is None else src, pa.int32()),
            "record": pa.array(np.full(n, -1, np.int64) if rec is None else rec, pa.int64()),
            "fingerprint": pa.array(fps, pa.uint64()),
        },
        schema=schema,
    )


def _schema():
    import pyarrow as pa

    return pa.schema(
        [
            pa.field("section", pa.dictionary(pa.int32(), pa.string()), nullable=False),
            pa.field("entity", pa.dictionary(pa.int32(), pa.string())),
            pa.field("source", pa.int32(), nullable=False),
            pa.field("record", pa.int64(), nullable=False),
            pa.field("fingerprint", pa.uint64(), nullable=False),
        ]
    )


# ---------------------------------------------------------------------------------------------- reading


class FingerprintFileError(Exception):
    """Not a fingerprint file, or a damaged one (the message names the file, never content)."""


class FingerprintVersionError(FingerprintFileError):
    """A fingerprint file of another format version: readable perhaps, but not comparable with this one."""


@dataclass
class FingerprintFile:
    """A fingerprint file read for comparison: sets by entity, record lists as one CSR structure."""

    path: str
    metadata: dict[str, Any]
    sets: dict[str, np.ndarray] = field(default_factory=dict)  # entity -> sorted distinct fingerprints
    invalid: dict[str, np.ndarray] = field(default_factory=dict)  # entity -> failed-checksum fingerprints
    sketches: dict[str, np.ndarray] = field(default_factory=dict)  # entity -> HyperLogLog registers
    record_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    record_fingerprints: np.ndarray = field(default_factory=lambda: np.empty(0, np.uint64))

    @property
    def record_count(self) -> int:
        return int(self.metadata["record_count"])

    @property
    def sources(self) -> list[str]:
        return list(self.metadata["sources"])

    @property
    def entities(self) -> list[str]:
        return list(self.metadata["entities"])

    def estimated(self, entity: str) -> bool:
        return entity in self.sketches

    def count(self, entity: str) -> int:
        info = self.metadata["entities"].get(entity)
        return int(info["count"]) if info else 0

    def strong_union(self) -> np.ndarray:
        """Sorted distinct fingerprints of every strong identifier (exact: strong sets are never sketched)."""
        parts = [self.sets[e] for e in self.metadata["strong_entities"] if e in self.sets]
        if not parts:
            return np.empty(0, np.uint64)
        # fingerprints hash the entity with the value: sets of two entities are disjoint, only their order mixes
        if len(parts) == 1:
            return parts[0]
        union = np.concatenate(parts)
        union.sort()  # in place: no second copy
        return union


def read_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The metadata of a fingerprint file, checked for format; raises `FingerprintFileError` or `OSError`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = Path(path).name
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        raise FingerprintFileError(f"{name}: not a Parquet file") from exc
    raw = (schema.metadata or {}).get(METADATA_KEY)
    if raw is None:
        raise FingerprintFileError(f"{name}: not a piiscan fingerprint file (made with scan --fingerprints)")
    try:
        meta = json.loads(raw)
    except ValueError as exc:
        raise FingerprintFileError(f"{name}: damaged fingerprint metadata") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise FingerprintFileError(f"{name}: not a piiscan fingerprint file (made with scan --fingerprints)")
    version = meta.get("format_version")
    if version != FORMAT_VERSION:
        raise FingerprintVersionError(
            f"{name}: fingerprint format version {version!r}, this piiscan reads version {FORMAT_VERSION} "
            "(scan the dump again with this version)"
        )
    required = ("key_check", "sources", "record_count", "entities", "strong_entities")
    if any(k not in meta for k in required):
        raise FingerprintFileError(f"{name}: damaged fingerprint metadata")
    return meta


def read_fingerprints(path: str | os.PathLike[str], *, records: bool = True, sets: bool = True) -> FingerprintFile:
    """Read a fingerprint file's sets and/or record lists as numpy arrays.

    Row groups are read one at a time (their fingerprint column, plus source and record for record rows)
    and copied into arrays sized from the file's metadata, so reading holds one row group beside the result.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta = read_metadata(path)
    out = FingerprintFile(path=str(path), metadata=meta)
    name = Path(path).name
    try:
        pf = pq.ParquetFile(path)
        layout = meta.get("row_groups")
        if not isinstance(layout, list) or len(layout) != pf.num_row_groups:
            raise ValueError("row groups do not match the metadata")
        sizes = [pf.metadata.row_group(rg).num_rows for rg in range(pf.num_row_groups)]
        if sets:
            wanted: dict[tuple[str, str], list[int]] = {}
            for rg, (section, entity) in enumerate(layout):
                if section in ("set", "invalid"):
                    wanted.setdefault((section, entity), []).append(rg)
            for (section, entity), groups in wanted.items():
                values = _read_column(pf, groups, sizes, "fingerprint", np.uint64)
                (out.sets if section == "set" else out.invalid)[entity] = values
            for entity, info in meta["entities"].items():
                if info.get("estimated"):
                    out.sketches[entity] = np.frombuffer(base64.b64decode(info["sketch"]), np.uint8).copy()
        if records:
            groups = [rg for rg, (section, _) in enumerate(layout) if section == "record"]
            fps = _read_column(pf, groups, sizes, "fingerprint", np.uint64)
            starts = np.ones(len(fps), bool)  # a new record where (source, record) changes
            pos = 0
            prev: tuple[int, int] | None = None
            for rg in groups:
                t = pf.read_row_group(rg, columns=["source", "record"])
                src = t.column("source").to_numpy()
                rec = t.column("record").to_numpy()
                n = len(rec)
                if n:
                    block = starts[pos : pos + n]
                    block[1:] = (rec[1:] != rec[:-1]) | (src[1:] != src[:-1])
                    block[0] = prev != (int(src[0]), int(rec[0]))
                    prev = (int(src[-1]), int(rec[-1]))
                pos += n
                del t, src, rec
            out.record_offsets = np.append(np.flatnonzero(starts), len(fps)).astype(np.int64)
            out.record_fingerprints = fps
    except (pa.ArrowException, KeyError, TypeError, ValueError, IndexError, binascii.Error) as exc:
        raise FingerprintFileError(f"{name}: damaged fingerprint file") from exc
    return out


def _read_column(pf, groups: list[int], sizes: list[int], column: str, dtype) -> np.ndarray:
    """One column of some row groups, copied into one array (no second copy of the whole)."""
    out = np.empty(sum(sizes[rg] for rg in groups), dtype)
    pos = 0
    for rg in groups:
        col = pf.read_row_group(rg, columns=[column]).column(column)
        for chunk in col.chunks:
            n = len(chunk)
            out[pos : pos + n] = chunk.to_numpy(zero_copy_only=False)
            pos += n
    if pos != len(out):
        raise ValueError("row-group sizes do not match")
    return out
