"""Per-chunk tallies of findings, so aggregation never loops over findings in Python.

The findings of a chunk come sorted by position, hence by record; one pass counts findings, records
affected and (field, entity) hits, picks each record's strongest identifier, and a linear merge keeps the
sorted sets of distinct fingerprints.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.chars import same_bytes
from piiscan.kernels.checks import civil_from_days
from piiscan.kernels.jit import kernel

__all__ = [
    "HLL_PRECISION",
    "distinct_writings",
    "group_by_entity",
    "hll_add",
    "merge_unique",
    "record_months",
    "smallest_distinct",
    "tally_findings",
]


@kernel
def tally_findings(
    ent, rec, fld, hashes, priority, n_ent, n_fields, findings, records_affected, field_hits, last, keys, flags, first
):
    """One pass over a chunk's findings for every per-chunk tally (`rec` must be non-decreasing).

    Adds to `findings[e]`, `records_affected[e]` and `field_hits[(f + 1) * n_ent + e]` (f = -1: free text);
    writes per record with findings, in order, the fingerprint of its strongest identifier (lowest
    `priority[e]` < 50, the first one on a tie) into `keys` and into `flags` 1 (has an identifier), 2 (a
    person-like entity only, `priority[e] == 50`) or 0; and `first[f + 1]`, the index of the field's first
    finding (-1: none).  `last` (n_ent) is scratch; `keys` and `flags` hold `len(ent)`.  Returns the number
    of records with findings.  Why one pass: three kernels (counts, record keys, first per field) each read
    the chunk's finding columns, on the thread that reads and aggregates.
    """
    for e in range(n_ent):
        last[e] = -1
    for f in range(len(first)):
        first[f] = -1
    n = 0
    prev = -1
    best = 99
    best_hash = np.uint64(0)
    for k in range(len(ent)):
        e = ent[k]
        r = rec[k]
        findings[e] += 1
        if last[e] != r:
            last[e] = r
            records_affected[e] += 1
        if k == 0 or r != prev:
            if k > 0:
                _close_record(keys, flags, n - 1, best, best_hash)
            n += 1
            prev = r
            best = 99
            best_hash = np.uint64(0)
        p = priority[e]
        if p < best:
            best = p
            best_hash = hashes[k]
        f = fld[k]
        if -1 <= f < n_fields:
            field_hits[(f + 1) * n_ent + e] += 1
            if first[f + 1] < 0:
                first[f + 1] = k
    if n > 0:
        _close_record(keys, flags, n - 1, best, best_hash)
    return n


@kernel(forceinline=True)
def _close_record(keys, flags, i, best, best_hash):
    if best < 50:
        keys[i] = best_hash
        flags[i] = 1
    elif best == 50:
        keys[i] = 0
        flags[i] = 2
    else:
        keys[i] = 0
        flags[i] = 0


@kernel
def merge_unique(a, na, b, nb, out):
    """Merge two sorted unique uint64 arrays into `out` (len ≥ na + nb); returns the merged length.

    Why two loops: fingerprints are random, so when both arrays are of similar size which one holds the
    next value is a coin toss, and a branch on it is mispredicted half the time (4.5 ns a value for two of
    1M); the branch-free loop takes 2.2 ns whatever the sizes, but when one array is much longer most
    values come from it in long runs, and the branching loop predicts them (1.6 ns for 2M with 256k).
    """
    i = 0
    j = 0
    n = 0
    if na <= 8 * nb and nb <= 8 * na:
        while i < na and j < nb:
            x = a[i]
            y = b[j]
            le = x <= y
            ge = y <= x
            out[n] = x if le else y  # equal values: both advance, one is written
            i += np.int64(le)
            j += np.int64(ge)
            n += 1
    while i < na and j < nb:
        x = a[i]
        y = b[j]
        if x < y:
            out[n] = x
            i += 1
        elif y < x:
            out[n] = y
            j += 1
        else:
            out[n] = x
            i += 1
            j += 1
        n += 1
    while i < na:
        out[n] = a[i]
        i += 1
        n += 1
    while j < nb:
        out[n] = b[j]
        j += 1
        n += 1
    return n


@kernel
def group_by_entity(ent, hashes, bounds, cursor, order, grouped):
    """The chunk's findings grouped by entity, in finding order within each (a counting sort, one pass).

    `bounds` (n_ent + 1, zeroed) receives where entity e's run starts and ends; `order` the finding indices
    and `grouped` their fingerprints in that order; `cursor` (n_ent) is scratch.  This replaces a stable
    argsort of the findings by entity and a gather per entity.
    """
    n_ent = len(bounds) - 1
    for k in range(len(ent)):
        bounds[ent[k] + 1] += 1
    for e in range(n_ent):
        bounds[e + 1] += bounds[e]
        cursor[e] = bounds[e]
    for k in range(len(ent)):
        e = ent[k]
        j = cursor[e]
        order[j] = k
        grouped[j] = hashes[k]
        cursor[e] = j + 1


HLL_PRECISION = 14
"""HyperLogLog registers are 2**14 (16 kB): a standard error of 1.04 / 128 ≈ 0.8 %."""


@kernel
def hll_add(hashes, registers):
    """Fold 64-bit fingerprints into HyperLogLog registers (max of the rank of each register's values).

    Fingerprints are keyed SipHash outputs, uniformly distributed: the top `HLL_PRECISION` bits choose the
    register, the rank is 1 + the number of leading zeros of the rest.
    """
    p = HLL_PRECISION
    for k in range(len(hashes)):
        h = np.uint64(hashes[k])
        idx = np.int64(h >> np.uint64(64 - p))
        w = (h << np.uint64(p)) | (np.uint64(1) << np.uint64(p - 1))  # a guard bit caps the rank
        rank = 1
        while not (w >> np.uint64(63)) & np.uint64(1):
            w = w << np.uint64(1)
            rank += 1
        if rank > registers[idx]:
            registers[idx] = rank


@kernel
def distinct_writings(hashes, rows, start, length, data, limit, out):
    """The first finding of each distinct (fingerprint, writing) pair whose fingerprint is at most `limit`.

    `hashes[j]` is the fingerprint of the finding `rows[j]` of a batch whose value is the bytes
    `data[start[rows[j]]:start[rows[j]] + length[rows[j]]]`.  Writes into `out` the positions `j`, ascending,
    of the first finding of every distinct pair, and returns how many it wrote (`out` holds `len(hashes)`).
    Equal fingerprints can be written differently (`MAR` / `marocaine`), so whole byte strings are compared:
    a value repeated thousands of times in a chunk costs one compare per repeat, not a Python iteration.
    The pairs kept are few (the caller's `limit` admits only the few smallest fingerprints), so they are
    searched linearly.
    """
    n_out = 0
    for j in range(len(hashes)):
        h = hashes[j]
        if h > limit:
            continue
        s = start[rows[j]]
        ln = length[rows[j]]
        new = True
        for q in range(n_out):
            o = out[q]
            if hashes[o] != h:
                continue
            so = start[rows[o]]
            if same_bytes(data, s, s + ln, so, so + length[rows[o]]):
                new = False
                break
        if new:
            out[n_out] = j
            n_out += 1
    return n_out


@kernel
def smallest_distinct(hashes, out, n_held):
    """Fold `hashes` into `out`, the sorted distinct smallest values seen so far; returns how many it holds.

    `out[:n_held]` comes in sorted and distinct (the values already kept), `len(out)` is how many to keep.
    One pass with an early reject: a common value repeated all over the chunk costs a compare per repeat,
    where sorting the chunk's values to find its few smallest distinct ones cost a sort.
    """
    k = len(out)
    n = n_held
    for j in range(len(hashes)):
        h = hashes[j]
        if n == k and h >= out[n - 1]:
            continue
        pos = n
        dup = False
        for q in range(n):
            if out[q] == h:
                dup = True
                break
            if out[q] > h:
                pos = q
                break
        if dup:
            continue
        last = n if n < k else k - 1
        for q in range(last, pos, -1):
            out[q] = out[q - 1]
        out[pos] = h
        if n < k:
            n += 1
    return n


@kernel
def record_months(days, no_date, month_of_day, day0, months):
    """The dated records' months (since 1970-01, as numpy's `datetime64[M]`) into `months`.

    `month_of_day[d - day0]` is the month of day `d` where the table covers it (one lookup; the calendar
    below for any other day).  Returns `(count, first day, last day, first month)`; count 0 when no record
    is dated.  Why a kernel: numpy's `datetime64[D]` to `[M]` conversion walks the calendar in three
    `astype` passes over every record of every chunk, on the thread that reads and aggregates.
    """
    n = 0
    lo = hi = lo_m = np.int64(0)
    span = len(month_of_day)
    for k in range(len(days)):
        d = np.int64(days[k])
        if d == no_date:
            continue
        i = d - day0
        if 0 <= i < span:
            month = np.int64(month_of_day[i])
        else:
            y, m, _ = civil_from_days(d)
            month = (y - 1970) * 12 + m - 1
        months[n] = month
        if n == 0:
            lo = hi = d
            lo_m = month
        else:
            lo = min(lo, d)
            hi = max(hi, d)
            lo_m = min(lo_m, month)
        n += 1
    return n, lo, hi, lo_m
