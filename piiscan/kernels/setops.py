"""Membership tests between sorted sets of fingerprints, for `piiscan compare`.

Why not `np.searchsorted`: a binary search per value is ~20 dependent cache misses; numpy took 1.5 s for
800,000 random uint64 queries into 800,000 values on the 2-core machine, so two 2.1-million-record files
(8.4 million identifiers each) would take tens of seconds.  Two sorted sets are intersected by a linear
merge instead, and the identifiers of records (in record order, not sorted) are looked up through a bucket
directory on the top bits of the value: fingerprints are uniform, so each bucket holds about one value and a
lookup is two memory reads.
"""

from __future__ import annotations

import numpy as np

from piiscan.kernels.jit import kernel

__all__ = [
    "MAX_RUN",
    "bucket_directory",
    "count_common",
    "dedupe_sorted",
    "mark_common",
    "records_with_member",
    "sort_record_runs",
]


@kernel
def count_common(a, b):
    """How many values the sorted distinct uint64 arrays `a` and `b` share (a linear merge)."""
    return _merge_common(a, b, a[:0], False)  # nothing is marked: an empty view stands for `out`


@kernel
def mark_common(a, b, out):
    """`out[i] = a[i] in b` for sorted distinct `a` and `b` (bool `out`, len(a)); returns the count."""
    return _merge_common(a, b, out, True)


@kernel
def _merge_common(a, b, out, mark):
    """The linear merge of sorted distinct `a` and `b`: the count of shared values, and with `mark` the
    `out[i] = a[i] in b` flags (kernels do not allocate, so counting alone passes an unused `out`)."""
    i = 0
    j = 0
    n = 0
    na = len(a)
    nb = len(b)
    if mark:
        for k in range(na):
            out[k] = False
    while i < na and j < nb:
        x = a[i]
        y = b[j]
        if x < y:
            i += 1
        elif y < x:
            j += 1
        else:
            if mark:
                out[i] = True
            n += 1
            i += 1
            j += 1
    return n


@kernel
def bucket_directory(values, shift, starts):
    """`starts[k]` = index of the first value of `values` (sorted) whose top bits (`value >> shift`) are ≥ k.

    `starts` has 2**(64 - shift) + 1 entries; the last is len(values).
    """
    n = len(values)
    nb = len(starts) - 1
    j = 0
    for k in range(nb):
        while j < n and (values[j] >> np.uint64(shift)) < np.uint64(k):
            j += 1
        starts[k] = j
    starts[nb] = n


@kernel
def records_with_member(offsets, fingerprints, values, shift, starts, hit):
    """`hit[r]` = does record r (fingerprints[offsets[r]:offsets[r + 1]]) hold a value of the sorted `values`?

    `starts` is `values`' bucket directory (`bucket_directory`, same `shift`); returns the number of records hit.
    """
    n_rec = len(offsets) - 1
    count = 0
    for r in range(n_rec):
        found = False
        for p in range(offsets[r], offsets[r + 1]):
            v = fingerprints[p]
            k = np.int64(v >> np.uint64(shift))
            q = starts[k]
            end = starts[k + 1]
            while q < end and values[q] < v:
                q += 1
            if q < end and values[q] == v:
                found = True
                break
        hit[r] = found
        if found:
            count += 1
    return count


MAX_RUN = 64
"""Longest record `sort_record_runs` sorts by insertion; a longer one (a text line listing thousands of
addresses) makes it return -1 and the caller sorts the whole array instead."""


@kernel
def sort_record_runs(rec, fp, ent):
    """In place: sort each run of equal `rec` by `fp` (with `ent`), drop repeated (rec, fp); new length.

    `rec` must be non-decreasing (a scan's findings come in record order).  A record holds a few
    identifiers, so insertion sort in place needs no extra memory; returns -1, leaving the arrays permuted
    but complete, when a run is longer than `MAX_RUN`.
    """
    n = len(rec)
    w = 0
    i = 0
    while i < n:
        j = i + 1
        while j < n and rec[j] == rec[i]:
            j += 1
        if j - i > MAX_RUN:
            return -1
        for a in range(i + 1, j):
            x = fp[a]
            y = ent[a]
            b = a - 1
            while b >= i and fp[b] > x:
                fp[b + 1] = fp[b]
                ent[b + 1] = ent[b]
                b -= 1
            fp[b + 1] = x
            ent[b + 1] = y
        first = w
        for a in range(i, j):
            if w > first and fp[w - 1] == fp[a]:
                continue
            rec[w] = rec[a]
            fp[w] = fp[a]
            ent[w] = ent[a]
            w += 1
        i = j
    return w


@kernel
def dedupe_sorted(values):
    """Remove repeats from the sorted array `values` in place; returns the number of distinct values."""
    n = len(values)
    if n == 0:
        return 0
    w = 1
    for i in range(1, n):
        if values[i] != values[w - 1]:
            values[w] = values[i]
            w += 1
    return w
