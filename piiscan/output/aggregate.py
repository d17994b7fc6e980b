"""Mergeable partial results: what a scan of one input (or one byte range) contributes to the report.

Why mergeable from the start: a Dask scale-out scans byte ranges on many machines and must produce exactly
the report of one process, and two leaks are compared by their fingerprint sets.  Everything here is a
count, a sorted set of keyed 64-bit fingerprints, a min/max or a short bounded list; `merge` is associative
and commutative (previews keep the smallest fingerprints, so which five are shown does not depend on order).
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from piiscan.entities.contract import ENTITY_ORDER, N_STATS, PERSON_KEY_PRIORITY
from piiscan.kernels.detect import REC_NO_DATE
from piiscan.kernels.tally import (
    HLL_PRECISION,
    distinct_writings,
    group_by_entity,
    hll_add,
    merge_unique,
    record_months,
    smallest_distinct,
    tally_findings,
)
from piiscan.output.findings import FindingsBatch
from piiscan.output.fingerprints import RecordIdentifiers

__all__ = [
    "EXACT_FINGERPRINTS",
    "LISTED_INPUTS",
    "LISTED_SKIPS",
    "PREVIEWS_PER_ENTITY",
    "HashSet",
    "InputStats",
    "InputTally",
    "Partial",
    "read_as_data",
]

N_ENT = len(ENTITY_ORDER)
PROFILED_INPUTS = 1000
"""Inputs whose fields are profiled one by one in the report's `fields`; later ones are added up."""
OTHER_INPUTS = "(other inputs)"
"""The `source` of the field profiles of inputs past `PROFILED_INPUTS`."""
LISTED_INPUTS = PROFILED_INPUTS
"""Inputs kept one by one (`Partial.inputs`: the report's `inputs` and `coverage.inputs`); later ones are added
up in `Partial.more_inputs` (an `InputTally`), so bookkeeping and report stay bounded with 100,000 inputs."""
LISTED_SKIPS = 1000
"""Skip entries kept one by one (`Partial.skipped`: the report's `skipped.items`); later ones are counted by
reason (`Partial.skipped_more`), and what coverage needs of them (the reasons of each input's own skips) is
kept per input until it is folded: 100,000 unreadable files or links must not make 100,000 report entries."""
SAMPLE_INPUTS = 20
"""Inputs whose first records are kept as shape-masked samples (the scanner samples no more either)."""
PREVIEWS_PER_ENTITY = 5
_PRIORITY = np.array(PERSON_KEY_PRIORITY, np.int64)  # the entity descriptors' `person_key`


class HashSet:
    """A set of uint64 fingerprints: exact (sorted unique runs, merged lazily) until `Partial` asks it to
    become a HyperLogLog sketch, when exact sets would outgrow the memory bound.

    Both forms merge (a union: exact ∪ exact is exact, anything with a sketch is a sketch, registers take
    the maximum), so partials of byte ranges or machines still combine into the report of one scan;
    `estimated` says which form a count comes from (≈0.8 % standard error).

    Why runs: values arrive a chunk at a time and are sorted in batches of `BATCH` (one per ~20 chunks of
    the benchmark dump).  Merging each batch into one sorted array rewrote a 2-million-value set about
    seven times over a 1 GB scan, each time into a fresh 17 MB array whose pages the kernel had to zero:
    0.3 CPU-s on the thread that reads and aggregates for the workers.  Runs of similar size are merged
    instead (`RUN_RATIO`, as in a log-structured merge tree): every value is rewritten about twice.

    Why buckets: fingerprints are uniform, so each sorted batch splits by its top bits into `BUCKETS`
    slices of ~1/16 of it, and runs are kept and merged per bucket.  A merged run then stays under glibc's
    8 MB mmap threshold (`piiscan.memory`): it comes from heap memory freed by earlier merges instead of
    fresh pages the kernel must zero, and a merge works within the core's caches.
    """

    __slots__ = ("_buckets", "_pending", "_pending_n", "_registers")

    BATCH = 1 << 18
    """Values kept unsorted before they are sorted into runs."""
    RUN_RATIO = 4
    """A run is merged into the one before it once that one is at most this many times larger."""
    BUCKET_BITS = 4
    BUCKETS = 1 << BUCKET_BITS
    _EDGES = np.arange(1, 1 << BUCKET_BITS, dtype=np.uint64) << np.uint64(64 - BUCKET_BITS)

    def __init__(self) -> None:
        # per bucket (top bits of the value), runs sorted and distinct within each, larger runs first
        self._buckets: list[list[np.ndarray]] = [[] for _ in range(self.BUCKETS)]
        self._pending: list[np.ndarray] = []
        self._pending_n = 0
        self._registers: np.ndarray | None = None

    @property
    def estimated(self) -> bool:
        return self._registers is not None

    def add(self, values: np.ndarray) -> None:
        if not len(values):
            return
        if self._registers is not None:
            hll_add(np.asarray(values, np.uint64), self._registers)
            return
        # a copy: a view would keep its whole base array (a chunk's fingerprints) alive until compaction
        self._pending.append(np.array(values, np.uint64))
        self._pending_n += len(values)
        if self._pending_n > self.BATCH:
            self._compact()

    def _compact(self) -> None:
        if not self._pending:
            return
        run = np.concatenate(self._pending) if len(self._pending) > 1 else self._pending[0]
        self._pending = []
        self._pending_n = 0
        run = np.sort(run)  # not np.unique: numpy 2.4's takes 100x longer on uint64 (1.35 s vs 13 ms for 2M)
        if len(run) > 1:
            run = run[np.concatenate(([True], run[1:] != run[:-1]))]
        cuts = [0, *np.searchsorted(run, self._EDGES).tolist(), len(run)]
        for k, runs in enumerate(self._buckets):
            if cuts[k + 1] > cuts[k]:
                runs.append(run[cuts[k] : cuts[k + 1]].copy())  # its own array: the batch can be freed
                while len(runs) > 1 and len(runs[-2]) <= self.RUN_RATIO * len(runs[-1]):
                    _merge_last_two(runs)

    def _merged(self) -> list[np.ndarray]:
        """Each bucket's values as one sorted run (merging what is left), in bucket order."""
        self._compact()
        out = []
        for runs in self._buckets:
            while len(runs) > 1:
                _merge_last_two(runs)
            if runs:
                out.append(runs[0])
        return out

    def to_sketch(self) -> None:
        """Become a HyperLogLog sketch (16 kB) of the values held so far; later values go to it too."""
        if self._registers is not None:
            return
        registers = np.zeros(1 << HLL_PRECISION, np.uint8)
        for run in (*(r for runs in self._buckets for r in runs), *self._pending):
            hll_add(run, registers)
        self._registers = registers
        self._buckets = [[] for _ in range(self.BUCKETS)]
        self._pending = []
        self._pending_n = 0

    @property
    def held(self) -> int:
        """Fingerprints held in memory (0 for a sketch): what `Partial`'s memory bound counts (a value in two
        runs counts twice until they merge)."""
        return sum(len(r) for runs in self._buckets for r in runs) + self._pending_n

    def array(self) -> np.ndarray:
        """The sorted distinct fingerprints (exact sets only: a sketch keeps no values)."""
        if self._registers is not None:
            raise ValueError("this fingerprint set is a HyperLogLog estimate: it holds no values")
        runs = self._merged()
        if not runs:
            return np.empty(0, np.uint64)
        return runs[0] if len(runs) == 1 else np.concatenate(runs)

    def __len__(self) -> int:
        if self._registers is None:
            return sum(len(run) for run in self._merged())
        return _hll_estimate(self._registers)

    def merge(self, other: HashSet) -> None:
        if other._registers is not None:
            self.to_sketch()
            np.maximum(self._registers, other._registers, out=self._registers)
        else:
            self.add(other.array())


def _merge_last_two(runs: list[np.ndarray]) -> None:
    b = runs.pop()
    a = runs.pop()
    out = np.empty(len(a) + len(b), np.uint64)
    n = merge_unique(a, len(a), b, len(b), out)
    runs.append(out[:n] if n == len(out) else out[:n].copy())  # a trimmed copy: duplicates left no tail


def _hll_estimate(registers: np.ndarray) -> int:
    """The HyperLogLog cardinality estimate (Flajolet et al. 2007), linear counting for small ones."""
    m = len(registers)
    est = 0.7213 / (1 + 1.079 / m) * m * m / float(np.sum(np.ldexp(1.0, -registers.astype(np.int64))))
    zeros = int(np.count_nonzero(registers == 0))
    if est <= 2.5 * m and zeros:
        est = m * np.log(m / zeros)
    return int(float(est) + 0.5)


_MONTHS_DAY0 = -25567
"""1900-01-01 in days since 1970-01-01: the first day of `_month_of_day`'s table."""


@functools.cache
def _month_of_day() -> np.ndarray:
    """The month (since 1970-01) of every day from 1900 to 2099, for `record_months`: a lookup per dated
    record instead of the calendar's divisions (which cost about as much as the rest of a chunk's tally)."""
    days = np.arange(_MONTHS_DAY0, _MONTHS_DAY0 + 73049, dtype=np.int64)  # up to 2099-12-31
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int16)


_BOUND_EVERY = 1 << 16
"""Findings added between two checks of the fingerprint bound (at most 512 kB over it in between)."""

EXACT_FINGERPRINTS = 12_000_000
"""Fingerprints a partial keeps exactly (96 MB); past that its largest sets become HyperLogLog sketches.

The 1 GB benchmark dump holds ~10 million distinct values and stays exact; the 5 GB one would need ~400 MB
of sets (and as much again while the largest is merged) and break the 600 MB bound.
"""


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
    size_changed: bool = False  # a plain file that grew or shrank between the walk and the end of its read
    # coverage (piiscan.output.coverage)
    bytes_present: int | None = None  # bytes of the decompressed input, when known
    cut_records: int = 0  # records longer than --max-record, scanned only up to the limit
    binary_values: int = 0  # binary values skipped as fields (an SQL blob), not scanned
    header_fields: list[str] = field(default_factory=list)  # fields whose header names an entity
    value_fields: list[str] = field(default_factory=list)  # fields whose values decided an entity (profiles)


@dataclass
class InputTally:
    """The inputs past `LISTED_INPUTS`, added up as each one ends: what the report says of them in one entry
    ("… and 99,000 more") and what coverage needs to stay exact (its totals, problems and verdict).

    Each input is folded once it is finished (`Partial.add_input`), with the coverage row it would have had
    (`piiscan.output.coverage.input_coverage`), so nothing about it is lost but its name."""

    inputs: int = 0
    first: str | None = None
    last: str | None = None
    bytes: int = 0
    records: int = 0
    records_with_findings: int = 0
    bad_records: int = 0
    findings: int = 0
    readable: int = 0  # inputs with a text or table format, or bytes read (the exit code's "anything read")
    size_changed: int = 0
    kinds: Counter = field(default_factory=Counter)  # "format/encoding" -> inputs
    # coverage (piiscan.output.coverage)
    complete: int = 0
    bytes_present: int | None = 0  # None once an input's size is unknown
    cut_records: int = 0
    binary_values: int = 0
    columns_by_header: int = 0
    columns_by_values: int = 0
    columns_unclassified: int = 0
    problems: Counter = field(default_factory=Counter)  # problem code -> inputs that have it
    bad_records_of_bad_inputs: int = 0  # bad records of the inputs whose problem is `bad-records`
    skip_reasons: Counter = field(default_factory=Counter)  # reasons of the skips that belong to these inputs
    source_records: dict[str, int] | None = None  # source -> records, for a fingerprint file only

    def add(self, stats: InputStats, row: dict, skips: list[dict], *, keep_source: bool) -> None:
        # once per input of a 100,000-file folder: plain additions, no loop over attribute names
        self.inputs += 1
        if self.first is None:
            self.first = stats.source
        self.last = stats.source
        self.bytes += stats.bytes
        self.records += stats.records
        self.records_with_findings += stats.records_with_findings
        self.bad_records += stats.bad_records
        self.findings += stats.findings
        self.size_changed += stats.size_changed
        self.kinds[f"{stats.format}/{stats.encoding}"] += 1
        present = row["bytes_present"]
        self.bytes_present = None if present is None or self.bytes_present is None else self.bytes_present + present
        self.add_rows(row, read_as_data(stats), 1)
        if skips:
            self.skip_reasons.update(sk["reason"] for sk in skips)
        if keep_source:
            if self.source_records is None:
                self.source_records = {}
            self.source_records[stats.source] = self.source_records.get(stats.source, 0) + stats.records

    def add_rows(self, row: dict, readable: bool, count: int) -> None:
        """What `count` inputs with this coverage row (`piiscan.output.coverage.input_coverage`) add, each readable or
        not: `add` adds one; `Partial.add_like_inputs` a group of small files at once."""
        self.readable += count * readable
        self.complete += count * row["complete"]
        self.cut_records += count * row["cut_records"]
        self.binary_values += count * row["binary_values_skipped"]
        columns = row["columns"]
        self.columns_by_header += count * len(columns["by_header"])
        self.columns_by_values += count * len(columns["by_values"])  # (was added twice: value columns counted double)
        self.columns_unclassified += count * len(columns["unclassified_with_values"])
        problems = row["problems"]
        if problems:
            for problem in problems:
                self.problems[problem] += count
            if "bad-records" in problems:
                self.bad_records_of_bad_inputs += count * row["bad_records"]

    def merge(self, other: InputTally) -> None:
        if not other.inputs:
            return
        self.first = self.first if self.first is not None else other.first
        self.last = other.last
        for attr in (
            "inputs", "bytes", "records", "records_with_findings", "bad_records", "findings", "readable",
            "size_changed", "complete", "cut_records", "binary_values", "columns_by_header", "columns_by_values",
            "columns_unclassified", "bad_records_of_bad_inputs",
        ):  # fmt: skip
            setattr(self, attr, getattr(self, attr) + getattr(other, attr))
        self.bytes_present = (
            None if None in (self.bytes_present, other.bytes_present) else self.bytes_present + other.bytes_present
        )
        self.kinds.update(other.kinds)
        self.problems.update(other.problems)
        self.skip_reasons.update(other.skip_reasons)
        if other.source_records is not None:
            mine = self.source_records if self.source_records is not None else {}
            for src, n in other.source_records.items():
                mine[src] = mine.get(src, 0) + n
            self.source_records = mine


def read_as_data(stats: InputStats) -> bool:
    """Whether anything of the input was read as data (the exit code's test: not only empty or binary inputs)."""
    return stats.format not in ("empty", "binary", "unsupported", "unknown") or bool(stats.bytes)


@dataclass
class Partial:
    """Counts, fingerprint sets and bounded samples of one or more scanned inputs."""

    findings: np.ndarray = field(default_factory=lambda: np.zeros(N_ENT, np.int64))
    records_affected: np.ndarray = field(default_factory=lambda: np.zeros(N_ENT, np.int64))
    distinct: list[HashSet] = field(default_factory=lambda: [HashSet() for _ in range(N_ENT)])
    persons: HashSet = field(default_factory=HashSet)
    records_without_identifier: int = 0
    records_with_identifier: int = 0
    field_previews: dict = field(default_factory=dict)  # (source, field) -> one redacted preview
    samples: dict = field(default_factory=dict)  # source -> a few shape-masked records
    by_field: Counter = field(default_factory=Counter)  # (source, field, entity) -> findings
    field_cells: Counter = field(default_factory=Counter)  # (source, field) -> non-empty cells
    previews: dict[int, dict[int, str]] = field(default_factory=dict)  # entity -> {hash: preview}
    record_date_min: int | None = None
    record_date_max: int | None = None
    record_months: Counter = field(default_factory=Counter)  # months since 1970-01 -> records dated in it
    stats: np.ndarray = field(default_factory=lambda: np.zeros(N_STATS, np.int64))
    inputs: list[InputStats] = field(default_factory=list)  # the first LISTED_INPUTS (+ the one being read)
    more_inputs: InputTally = field(default_factory=InputTally)  # the later ones, added up
    skipped: list[dict] = field(default_factory=list)  # the first LISTED_SKIPS skips (`add_skip`)
    skipped_more: Counter = field(default_factory=Counter)  # reason -> skips past LISTED_SKIPS, not listed
    bytes: int = 0
    records: int = 0
    records_with_findings: int = 0
    changed_while_read: int = 0  # inputs whose size changed while they were read (InputStats.size_changed)
    exact_limit: int = EXACT_FINGERPRINTS
    identifiers: RecordIdentifiers | None = None  # per-record strong identifiers, for a fingerprint file only
    checksum_failed: dict[int, HashSet] = field(default_factory=dict)  # entity -> values failing their check
    _unchecked: int = 0  # findings added since `_bound_memory` last ran
    _profiled: set = field(default_factory=set)  # sources whose fields are profiled on their own
    _skips_seen: int = 0  # `skipped` entries already in `_skips_by_source`
    _skips_by_source: dict = field(default_factory=dict)  # source -> its skips, for inputs not yet folded
    _unlisted: dict = field(default_factory=dict)  # source -> Counter of the reasons of its unlisted skips
    _walk_unlisted: Counter = field(default_factory=Counter)  # reasons of unlisted skips of paths never input

    # ------------------------------------------------------------------ skips
    def add_skip(self, entry: dict, *, walk: bool = False) -> None:
        """A part not read (`source`, `reason`, `bytes`, `detail`): listed while fewer than `LISTED_SKIPS`
        are, else counted.  `walk`: the source layer's skip of a path that is no input (a link, a missing
        file, a damaged archive: the walk yields a name either as an input or as a skip), only counted by
        reason; any other unlisted skip keeps its reason under its source, which coverage needs (an input
        with a skip is incomplete) until that input is folded (`close_inputs`)."""
        if len(self.skipped) < LISTED_SKIPS:
            self.skipped.append(entry)
            return
        reason = entry["reason"]
        self.skipped_more[reason] += 1
        if walk:
            self._walk_unlisted[reason] += 1
        else:
            self._unlisted.setdefault(entry["source"], Counter())[reason] += 1

    @property
    def skip_count(self) -> int:
        """Every skip of the scan, listed or not."""
        return len(self.skipped) + sum(self.skipped_more.values())

    def skip_reasons(self) -> Counter:
        """Reason -> skips, listed or not."""
        reasons = Counter(sk["reason"] for sk in self.skipped)
        reasons.update(self.skipped_more)
        return reasons

    def unlisted_skips(self, source: str) -> list[dict]:
        """The reasons of an input's unlisted skips, as skip entries (one per reason: coverage needs no more)."""
        reasons = self._unlisted.get(source)
        return [{"source": source, "reason": r} for r in reasons] if reasons else []

    def unlisted_other_skips(self, scanned: set | frozenset) -> Counter:
        """Reason -> unlisted skips of sources that are not the listed inputs `scanned` (after `close_inputs`,
        every folded input has taken its own)."""
        out = Counter(self._walk_unlisted)
        for source, reasons in self._unlisted.items():
            if source not in scanned:
                out.update(reasons)
        return out

    # ------------------------------------------------------------------ inputs
    def add_input(self, stats: InputStats) -> None:
        """A new input (or byte range) starts; the one before it, past `LISTED_INPUTS`, is folded in.

        The last entry stays open while it is read (its counts grow), and ranges of one file that follow each
        other (a Dask scan) stay together until another source comes."""
        if len(self.inputs) > LISTED_INPUTS and self.inputs[-1].source != stats.source:
            self.close_inputs()
        self.inputs.append(stats)

    def add_like_inputs(
        self,
        like: InputStats,
        names: list[str],
        sizes: list[int],
        records: list[int],
        bad_records: list[int],
        findings: list[int],
        records_with_findings: list[int],
    ) -> None:
        """Inputs that differ from `like` only in their name and these counts (a batch of small files,
        `piiscan.batching`), as `add_input` adds them one after the other, each input's `bytes` and
        `bytes_present` its size; past `LISTED_INPUTS` they are folded into `more_inputs` by groups of equal
        counts, one coverage row per group instead of one per input, the last one left open as `add_input`
        leaves it.  Anything that would make one input's row differ from its group's (a skip, a field profile,
        a name met twice, a fingerprint file) has them added one by one instead."""
        n = len(names)

        def stats(k: int) -> InputStats:
            size = sizes[k]
            return replace(
                like, source=names[k], bytes=size, bytes_present=size, records=records[k],
                bad_records=bad_records[k], findings=findings[k], records_with_findings=records_with_findings[k],
                fields=list(like.fields), header_fields=list(like.header_fields),
                value_fields=list(like.value_fields),
            )  # fmt: skip

        k = 0
        while k < n and len(self.inputs) <= LISTED_INPUTS:
            self.add_input(stats(k))
            k += 1
        if k == n:
            return
        rest = set(names[k:])
        alike = (
            len(rest) == n - k
            and self.identifiers is None
            and self.inputs[-1].source not in rest
            and rest.isdisjoint(self._profiled)
            and rest.isdisjoint(self._skips_by_source)
            and rest.isdisjoint(self._unlisted)
            and rest.isdisjoint(sk["source"] for sk in self.skipped[self._skips_seen :])
        )
        if not alike:
            for j in range(k, n):
                self.add_input(stats(j))
            return
        self.add_input(stats(k))  # folds the entries open before, as the first of them would
        if k == n - 1:
            return
        self.inputs.pop()  # inputs k .. n-2 are folded here, input n-1 stays open
        from piiscan.output.coverage import input_coverage  # coverage reads this module

        tally = self.more_inputs
        folded = range(k, n - 1)
        groups: dict[tuple[int, int, bool], list[int]] = {}  # (records, bad records, any bytes) -> [first, count]
        for j in folded:
            group = groups.setdefault((records[j], bad_records[j], sizes[j] > 0), [j, 0])
            group[1] += 1
        for first, count in groups.values():
            one = stats(first)
            tally.add_rows(input_coverage(one, self, [], self._fields_with_findings(one)), read_as_data(one), count)
        m = n - 1 - k
        size_sum = sum(sizes[k : n - 1])
        tally.inputs += m
        if tally.first is None:
            tally.first = names[k]
        tally.last = names[n - 2]
        tally.bytes += size_sum
        tally.records += sum(records[k : n - 1])
        tally.records_with_findings += sum(records_with_findings[k : n - 1])
        tally.bad_records += sum(bad_records[k : n - 1])
        tally.findings += sum(findings[k : n - 1])
        tally.size_changed += m * like.size_changed
        tally.kinds[f"{like.format}/{like.encoding}"] += m
        if tally.bytes_present is not None:
            tally.bytes_present += size_sum
        self.inputs.append(stats(n - 1))

    @property
    def input_count(self) -> int:
        """Inputs scanned (entries: a file cut into byte ranges counts once per range, as it always did)."""
        return len(self.inputs) + self.more_inputs.inputs

    def close_inputs(self, *, keep_last: bool = False) -> None:
        """Fold every entry past `LISTED_INPUTS` into `more_inputs` (done before a report is built).

        `keep_last` leaves the last source's entries open: a merge (Dask) may still fold the next byte
        range of that file into them (`distributed.tasks.merge_leaves` looks at the last entry)."""
        end = len(self.inputs)
        if keep_last:
            while end > LISTED_INPUTS and self.inputs[end - 1].source == self.inputs[-1].source:
                end -= 1
        if end <= LISTED_INPUTS:
            return
        from piiscan.output.coverage import input_coverage, merged_inputs  # coverage reads this module

        extra = self.inputs[LISTED_INPUTS:end]
        del self.inputs[LISTED_INPUTS:end]
        for k in range(self._skips_seen, len(self.skipped)):
            sk = self.skipped[k]
            self._skips_by_source.setdefault(sk["source"], []).append(sk)
        self._skips_seen = len(self.skipped)
        for stats in merged_inputs(extra, sort=False):
            skips = self._skips_by_source.pop(stats.source, [])  # listed ones (coverage subtracts them)
            unlisted = self._unlisted.pop(stats.source, None)
            both = skips + [{"source": stats.source, "reason": r} for r in unlisted] if unlisted else skips
            row = input_coverage(stats, self, both, self._fields_with_findings(stats))
            self.more_inputs.add(stats, row, skips, keep_source=self.identifiers is not None)

    def _fields_with_findings(self, stats: InputStats) -> set:
        """The fields of an input that hold findings (a few lookups, not a pass over every count)."""
        if stats.source not in self._profiled:
            return set()  # its counts are kept under OTHER_INPUTS: no field of its own to report
        source = stats.source
        return {f for f in dict.fromkeys(stats.fields) if any((source, f, e) in self.by_field for e in ENTITY_ORDER)}

    # ------------------------------------------------------------------ adding
    def add_batch(self, batch: FindingsBatch, stats: InputStats) -> None:
        """Fold one chunk's findings in (compiled tallies: no Python loop over findings)."""
        n = len(batch)
        if n == 0:
            return
        ent = batch.entity
        rec = batch.record
        n_fields = len(batch.field_names)
        profile = self.profile_source(batch.source)
        field_hits = np.zeros((n_fields + 1) * N_ENT, np.int64)
        keys = np.empty(n, np.uint64)  # per record with findings: its strongest identifier, and flags
        flags = np.empty(n, np.uint8)
        first = np.empty(n_fields + 1, np.int64)  # per field: its first finding
        n_rec = tally_findings(
            ent, rec, batch.field, batch.hash, _PRIORITY, N_ENT, n_fields, self.findings, self.records_affected,
            field_hits, np.empty(N_ENT, np.int64), keys, flags, first,
        )  # fmt: skip
        stats.records_with_findings += n_rec
        self.records_with_findings += n_rec
        stats.findings += n
        bounds = np.zeros(N_ENT + 1, np.int64)
        order = np.empty(n, np.int64)
        grouped = np.empty(n, np.uint64)
        group_by_entity(ent, batch.hash, bounds, np.empty(N_ENT, np.int64), order, grouped)
        for e in range(N_ENT):
            a, b = bounds[e], bounds[e + 1]
            if b > a:
                self.distinct[e].add(grouped[a:b])
                self._previews(e, batch, order[a:b], grouped[a:b])
        for k in np.flatnonzero(field_hits).tolist():
            f, e = divmod(k, N_ENT)
            name = batch.field_names[f - 1] if f > 0 else None
            self.by_field[(profile, name, ENTITY_ORDER[e])] += int(field_hits[k])
        # persons: the strongest identifier of each record
        with_id = flags[:n_rec] == 1
        self.persons.add(keys[:n_rec][with_id])
        self.records_with_identifier += int(np.count_nonzero(with_id))
        # one redacted preview per field (the first finding seen in it)
        for f1 in np.flatnonzero(first >= 0).tolist():
            key = (profile, batch.field_names[f1 - 1] if f1 > 0 else None)
            if key not in self.field_previews:
                self.field_previews[key] = batch.previews_at(int(first[f1]))
        self.records_without_identifier += int(np.count_nonzero(flags[:n_rec] == 2))
        if self.identifiers is not None:
            self.identifiers.add(batch.source, ent, rec, batch.hash)
        # the bound is checked every `_BOUND_EVERY` findings, not per batch: summing what 17 sets hold took
        # a tenth of the time of a folder of one-line files (one batch per file)
        self._unchecked += n
        if self._unchecked >= _BOUND_EVERY:
            self._unchecked = 0
            self._bound_memory()

    def profile_source(self, source: str) -> str:
        """The source a field profile is kept under: the input itself for the first `PROFILED_INPUTS`
        inputs, `OTHER_INPUTS` for the rest (their fields are profiled together, by field name).  Per
        (input, field) counters and previews of a folder of 100,000 files would otherwise hold ~400,000
        entries each: memory and report size growing with the number of inputs."""
        if source in self._profiled:
            return source
        if len(self._profiled) < PROFILED_INPUTS:
            self._profiled.add(source)
            return source
        return OTHER_INPUTS

    def add_checksum_failures(self, entity: np.ndarray, hashes: np.ndarray) -> None:
        """Fingerprints of values that had an entity's shape and context but failed its check digit.

        They are no findings (DESIGN.md §1 drops them); a fingerprint file keeps them so that `compare` can
        tell how often the fresh values of a dump validate (fabricated rows: about 1 in 97 for a NIR key).
        """
        for e in np.unique(entity).tolist():
            self.checksum_failed.setdefault(int(e), HashSet()).add(hashes[entity == e])

    def _bound_memory(self) -> None:
        """Turn the largest exact fingerprint sets into sketches while more than EXACT_FINGERPRINTS are held."""
        sets = [*self.distinct, self.persons]
        while sum(s.held for s in sets) > self.exact_limit:
            max(sets, key=lambda s: s.held).to_sketch()

    def _previews(self, e: int, batch: FindingsBatch, idx: np.ndarray, hashes: np.ndarray) -> None:
        """Keep the previews of the smallest fingerprints, each the smallest of its writings.

        Both choices depend on the values only, never on how the input was cut into chunks or byte ranges,
        so partials merge into exactly the one-process report: the smallest *distinct* fingerprints are
        taken (a common value repeated many times must not crowd out the others), and every finding of a
        kept fingerprint is looked at (equal fingerprints can be written differently: MAR / marocaine).
        """
        have = self.previews.setdefault(e, {})
        # once the entity has its previews, only fingerprints up to the largest kept one can change them
        if len(have) >= PREVIEWS_PER_ENTITY and int(hashes.min()) > max(have):
            return
        held = np.zeros(PREVIEWS_PER_ENTITY, np.uint64)
        held[: len(have)] = sorted(have)
        keep = held[: smallest_distinct(hashes, held, len(have))].tolist()
        # a kept fingerprint of a common value (a nationality, a frequent first name) has thousands of findings
        # a chunk: a kernel finds its distinct writings, and only those are redacted and compared
        out = np.empty(len(hashes), np.int64)
        n = distinct_writings(hashes, idx, batch.start, batch.length, batch.data, np.uint64(keep[-1]), out)
        kept = set(keep)
        for j in out[:n].tolist():
            h = int(hashes[j])
            if h in kept:
                preview = batch.previews_at(int(idx[j]))
                have[h] = min(have.get(h, preview), preview)
        for h in sorted(have)[PREVIEWS_PER_ENTITY:]:
            del have[h]

    def add_record_dates(self, days: np.ndarray) -> None:
        months = np.empty(len(days), np.int64)
        n, lo, hi, first = record_months(days, REC_NO_DATE, _month_of_day(), _MONTHS_DAY0, months)
        if n:
            self.record_date_min = lo if self.record_date_min is None else min(lo, self.record_date_min)
            self.record_date_max = hi if self.record_date_max is None else max(hi, self.record_date_max)
            # records per month, for the report's timeline: a bincount over the chunk's month span (the
            # dates of one chunk span a few months; a few junk dates a few thousand slots at most)
            counts = np.bincount(months[:n] - first)
            for k in np.flatnonzero(counts).tolist():
                self.record_months[first + k] += int(counts[k])

    # ------------------------------------------------------------------ merging
    def merge(self, other: Partial) -> Partial:
        """Fold another partial in; the result is the partial of both scans."""
        self.findings += other.findings
        self.records_affected += other.records_affected
        for mine, theirs in zip(self.distinct, other.distinct, strict=True):
            mine.merge(theirs)
        self.persons.merge(other.persons)
        self.records_without_identifier += other.records_without_identifier
        self.records_with_identifier += other.records_with_identifier
        for key, preview in other.field_previews.items():
            self.field_previews.setdefault(key, preview)
        for key, sample in other.samples.items():
            if len(self.samples) >= SAMPLE_INPUTS:
                break
            self.samples.setdefault(key, sample)
        self.by_field.update(other.by_field)
        self.field_cells.update(other.field_cells)
        for e, prev in other.previews.items():
            have = self.previews.setdefault(e, {})
            for h, preview in prev.items():
                have[h] = min(have.get(h, preview), preview)
            for h in sorted(have)[PREVIEWS_PER_ENTITY:]:
                del have[h]
        for attr, pick in (("record_date_min", min), ("record_date_max", max)):
            a, b = getattr(self, attr), getattr(other, attr)
            setattr(self, attr, b if a is None else a if b is None else pick(a, b))
        self.record_months.update(other.record_months)
        self.stats += other.stats
        other.close_inputs(keep_last=True)
        for sk in other.skipped:
            self.add_skip(sk)
        self.skipped_more.update(other.skipped_more)
        self._walk_unlisted.update(other._walk_unlisted)
        for source, reasons in other._unlisted.items():
            self._unlisted.setdefault(source, Counter()).update(reasons)
        if other.more_inputs.inputs:
            self.close_inputs()
            # other's folded inputs come after all of ours: our listed ones past the bound fold first, and
            # other's last file stays open (its next byte range may follow in a later merge)
            for stats in other.inputs:
                self.add_input(stats)
            self.close_inputs(keep_last=True)
            self.more_inputs.merge(other.more_inputs)
        else:
            for stats in other.inputs:
                self.add_input(stats)
        self.bytes += other.bytes
        self.records += other.records
        self.records_with_findings += other.records_with_findings
        if other.identifiers is not None:
            if self.identifiers is None:
                self.identifiers = RecordIdentifiers()
            self.identifiers.merge(other.identifiers)
        for e, theirs in other.checksum_failed.items():
            self.checksum_failed.setdefault(e, HashSet()).merge(theirs)
        self.changed_while_read += other.changed_while_read
        self._bound_memory()
        return self
