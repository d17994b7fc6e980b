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

File layout (one Parquet file, one table; `FORMAT_VERSION` 1):

=============  ===================  ==========================================================
column         type                 meaning
=============  ===================  ==========================================================
``section``    string               ``set``, ``invalid``, ``sketch`` or ``record``
``entity``     string or null       the entity of a ``set``/``invalid``/``sketch`` row
``source``     int32 or null        a ``record`` row's index into the metadata's ``sources``
``record``     int64 or null        a ``record`` row's 0-based record index in its source
``fingerprints`` list<uint64>       sorted distinct fingerprints (a set, or one record's identifiers)
``sketch``     binary or null       HyperLogLog registers of a ``sketch`` row (2**14 bytes)
=============  ===================  ==========================================================

The schema metadata key ``piiscan.fingerprints`` holds the metadata as JSON (`read_metadata`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from piiscan.pack import ENTITY_ORDER

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

STRONG_ENTITIES: tuple[str, ...] = (
    "FR_NIR",
    "FR_PASSPORT",
    "FR_ID_CARD",
    "FOREIGN_PASSPORT",
    "FOREIGN_ID_CARD",
    "FR_RESIDENCE_PERMIT",
    "FR_TAX_ID",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
)
"""Identifiers that single out one person (DESIGN.md §7).  Listed by name: an entity the pack does not
have yet simply does not occur, and counts as soon as `piiscan.pack.ENTITY_ORDER` gains it."""

CHECKSUM_ENTITIES: tuple[str, ...] = ("FR_NIR", "IBAN_CODE", "FR_TAX_ID")
"""Entities whose values carry a check digit the scan verifies (NIR key, IBAN mod 97-10, SPI mod 511)."""

_KEY_CHECK_TEXT = b"piiscan fingerprint key check v1"

_STRONG_MASK = np.array([name in STRONG_ENTITIES for name in ENTITY_ORDER], dtype=bool)


def key_check_value(k0: np.uint64, k1: np.uint64) -> str:
    """The keyed hash of a fixed text under a scan's key: equal for files made with the same key.

    SipHash is a pseudo-random function: the value says nothing about the key, and 64 bits make two keys
    sharing it a 1 in 2**64 accident.
    """
    from piiscan.kernels.checks import siphash24

    text = np.frombuffer(_KEY_CHECK_TEXT, np.uint8).copy()
    return f"{int(siphash24(np.uint64(k0), np.uint64(k1), text, len(text))):016x}"


class RecordIdentifiers:
    """Per source, the (record, fingerprint, entity) of every strong identifier found, as numpy arrays.

    Memory is 17 bytes per identifier occurrence (a 2.1-million-record dump with four strong identifiers a
    record: ~140 MB), held only when a fingerprint file was asked for.  `merge` concatenates; `table`
    sorts and removes duplicates, so the result does not depend on the order partials were merged in.
    """

    __slots__ = ("_parts",)

    def __init__(self) -> None:
        self._parts: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}

    def add(self, source: str, entity: np.ndarray, record: np.ndarray, fingerprint: np.ndarray) -> None:
        """Keep the strong identifiers among one batch's findings (copies: the batch's arrays are freed)."""
        keep = _STRONG_MASK[entity]
        if not keep.any():
            self._parts.setdefault(source, [])
            return
        self._parts.setdefault(source, []).append(
            (record[keep].astype(np.int64), fingerprint[keep].astype(np.uint64), entity[keep].astype(np.uint8))
        )

    def merge(self, other: RecordIdentifiers) -> None:
        for source, parts in other._parts.items():
            self._parts.setdefault(source, []).extend(parts)

    @property
    def occurrences(self) -> int:
        return sum(len(r) for parts in self._parts.values() for r, _, _ in parts)

    def table(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[int, np.ndarray]]:
        """`(sources, source_of_record, record, offsets, fingerprints, strong_sets)`.

        Records are ordered by source name, then record index; each record's fingerprints are sorted and
        distinct and lie at `fingerprints[offsets[i]:offsets[i + 1]]`.  `strong_sets` maps an entity id to
        its sorted distinct fingerprints, exact even when the `Partial`'s set of that entity is a sketch.
        """
        sources = sorted(self._parts)
        src_rows, rec_rows, off_parts, fp_parts = [], [], [], []
        ent_fp: dict[int, list[np.ndarray]] = {}
        total = 0
        for si, source in enumerate(sources):
            parts = self._parts[source]
            if not parts:
                continue
            rec = np.concatenate([p[0] for p in parts])
            fp = np.concatenate([p[1] for p in parts])
            ent = np.concatenate([p[2] for p in parts])
            order = np.lexsort((fp, rec))
            rec, fp, ent = rec[order], fp[order], ent[order]
            del order
            fresh = np.ones(len(rec), bool)
            fresh[1:] = (rec[1:] != rec[:-1]) | (fp[1:] != fp[:-1])
            rec, fp, ent = rec[fresh], fp[fresh], ent[fresh]
            starts = np.flatnonzero(np.concatenate(([True], rec[1:] != rec[:-1])))
            rec_rows.append(rec[starts])
            src_rows.append(np.full(len(starts), si, np.int32))
            off_parts.append(starts + total)
            fp_parts.append(fp)
            total += len(fp)
            for e in np.unique(ent).tolist():
                ent_fp.setdefault(e, []).append(fp[ent == e])
        offsets = np.concatenate([*off_parts, [total]]).astype(np.int64)
        fps = np.concatenate(fp_parts) if fp_parts else np.empty(0, np.uint64)
        strong = {e: _sorted_unique(np.concatenate(v)) for e, v in ent_fp.items()}
        return (
            sources,
            np.concatenate(src_rows) if src_rows else np.empty(0, np.int32),
            np.concatenate(rec_rows) if rec_rows else np.empty(0, np.int64),
            offsets,
            fps,
            strong,
        )


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
    import pyarrow as pa
    import pyarrow.parquet as pq

    from piiscan import __version__

    ids: RecordIdentifiers = partial.identifiers if partial.identifiers is not None else RecordIdentifiers()
    sources, rec_src, rec_idx, offsets, rec_fps, strong = ids.table()
    # every scanned input is a source, also those with no strong identifier (their records count)
    records_by_source: dict[str, int] = {}
    for inp in partial.inputs:
        records_by_source[inp.source] = records_by_source.get(inp.source, 0) + int(inp.records)
    all_sources = sorted(set(records_by_source) | set(sources))
    if all_sources != sources:  # re-index the record rows onto the full list
        remap = np.array([all_sources.index(s) for s in sources], np.int32)
        rec_src = remap[rec_src] if len(rec_src) else rec_src

    set_entities: list[str] = []
    set_sections: list[str] = []
    set_lists: list[np.ndarray] = []
    sketches: list[bytes | None] = []
    entities_meta: dict[str, dict[str, Any]] = {}
    invalid_sets = partial.checksum_failed
    for eid, name in enumerate(ENTITY_ORDER):
        hs = partial.distinct[eid]
        if _STRONG_MASK[eid]:
            values = strong.get(eid, np.empty(0, np.uint64))  # exact even if the partial's set is a sketch
            estimated = False
        elif hs.estimated:
            values = None
            estimated = True
        else:
            values = hs.array()
            estimated = False
        bad = invalid_sets.get(eid)
        bad_values = bad.array() if bad is not None and not bad.estimated else np.empty(0, np.uint64)
        if values is not None and not len(values) and not len(bad_values):
            continue
        meta: dict[str, Any] = {"count": len(hs) if estimated else len(values), "estimated": estimated}
        if name in CHECKSUM_ENTITIES:
            meta["checksum_failed"] = len(bad_values)
        entities_meta[name] = meta
        if estimated:
            set_entities.append(name)
            set_sections.append("sketch")
            set_lists.append(np.empty(0, np.uint64))
            sketches.append(hs._registers.tobytes())
        else:
            set_entities.append(name)
            set_sections.append("set")
            set_lists.append(values)
            sketches.append(None)
        if len(bad_values):
            set_entities.append(name)
            set_sections.append("invalid")
            set_lists.append(bad_values)
            sketches.append(None)

    from piiscan.kernels.tally import HLL_PRECISION

    metadata = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "piiscan", "version": __version__},
        "hash": "siphash-2-4",
        "key_check": key_check_value(k0, k1),
        "sources": all_sources,
        "source_records": [records_by_source.get(s, 0) for s in all_sources],
        "record_count": int(partial.records),
        "records_with_identifier": len(rec_idx),
        "skipped": len(partial.skipped),
        "bad_records": int(sum(i.bad_records for i in partial.inputs)),
        "strong_entities": [e for e in STRONG_ENTITIES if e in ENTITY_ORDER],
        "checksum_entities": [e for e in CHECKSUM_ENTITIES if e in ENTITY_ORDER],
        "hll_precision": HLL_PRECISION,
        "entities": entities_meta,
    }

    schema = _schema().with_metadata({METADATA_KEY: json.dumps(metadata, sort_keys=True).encode()})
    n_sets = len(set_entities)
    set_offsets = np.zeros(n_sets + 1, np.int64)
    if n_sets:
        set_offsets[1:] = np.cumsum([len(v) for v in set_lists])
    set_values = np.concatenate(set_lists) if n_sets else np.empty(0, np.uint64)
    sets_table = pa.table(
        {
            "section": pa.array(set_sections, pa.string()).dictionary_encode(),
            "entity": pa.array(set_entities, pa.string()).dictionary_encode(),
            "source": pa.nulls(n_sets, pa.int32()),
            "record": pa.nulls(n_sets, pa.int64()),
            "fingerprints": pa.LargeListArray.from_arrays(pa.array(set_offsets), pa.array(set_values, pa.uint64())),
            "sketch": pa.array(sketches, pa.binary()),
        },
        schema=schema,
    )
    n_rec = len(rec_idx)
    records_table = pa.table(
        {
            "section": pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(n_rec, np.int32)), pa.array(["record"], pa.string())
            ),
            "entity": pa.nulls(n_rec, pa.dictionary(pa.int32(), pa.string())),
            "source": pa.array(rec_src, pa.int32()),
            "record": pa.array(rec_idx, pa.int64()),
            "fingerprints": pa.LargeListArray.from_arrays(pa.array(offsets), pa.array(rec_fps, pa.uint64())),
            "sketch": pa.nulls(n_rec, pa.binary()),
        },
        schema=schema,
    )
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            writer.write_table(sets_table, row_group_size=max(1, n_sets))
            if n_rec:
                writer.write_table(records_table, row_group_size=1 << 20)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return metadata


def _schema():
    import pyarrow as pa

    return pa.schema(
        [
            ("section", pa.dictionary(pa.int32(), pa.string())),
            ("entity", pa.dictionary(pa.int32(), pa.string())),
            ("source", pa.int32()),
            ("record", pa.int64()),
            ("fingerprints", pa.large_list(pa.uint64())),
            ("sketch", pa.binary()),
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
        return np.sort(np.concatenate(parts)) if len(parts) > 1 else parts[0]


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


def read_fingerprints(path: str | os.PathLike[str], *, records: bool = True) -> FingerprintFile:
    """Read a fingerprint file (sets always; record lists when `records`), as numpy arrays."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta = read_metadata(path)
    out = FingerprintFile(path=str(path), metadata=meta)
    name = Path(path).name
    try:
        pf = pq.ParquetFile(path)
        rec_offsets: list[np.ndarray] = []
        rec_values: list[np.ndarray] = []
        base = 0
        for rg in range(pf.num_row_groups):
            # a row group holds one section kind: the sets (first), or records (`write_fingerprints`)
            first = pf.read_row_group(rg, columns=["section"]).column("section")
            if not len(first):
                continue
            if first[0].as_py() == "record":
                if not records:
                    continue
                column = pf.read_row_group(rg, columns=["fingerprints"]).column("fingerprints")
                for chunk in column.chunks:
                    offs = np.asarray(chunk.offsets.to_numpy(zero_copy_only=False), np.int64)
                    vals = np.asarray(chunk.values.to_numpy(zero_copy_only=False), np.uint64)
                    vals = vals[offs[0] : offs[-1]]
                    rec_offsets.append(offs[1:] - offs[0] + base)
                    rec_values.append(vals)
                    base += len(vals)
                continue
            table = pf.read_row_group(rg, columns=["section", "entity", "fingerprints", "sketch"])
            sections = table.column("section").to_pylist()
            entities = table.column("entity").to_pylist()
            lists = table.column("fingerprints").combine_chunks()
            sketches = table.column("sketch").to_pylist()
            offs = lists.offsets.to_numpy()
            vals = lists.values.to_numpy(zero_copy_only=False)
            for i, (section, entity) in enumerate(zip(sections, entities, strict=True)):
                if section == "set":
                    out.sets[entity] = np.ascontiguousarray(vals[offs[i] : offs[i + 1]], np.uint64)
                elif section == "invalid":
                    out.invalid[entity] = np.ascontiguousarray(vals[offs[i] : offs[i + 1]], np.uint64)
                elif section == "sketch":
                    out.sketches[entity] = np.frombuffer(sketches[i], np.uint8).copy()
    except (pa.ArrowException, KeyError, TypeError, ValueError) as exc:
        raise FingerprintFileError(f"{name}: damaged fingerprint file") from exc
    if records:
        out.record_offsets = np.concatenate([[0], *rec_offsets]).astype(np.int64)
        out.record_fingerprints = np.concatenate(rec_values) if rec_values else np.empty(0, np.uint64)
    return out
