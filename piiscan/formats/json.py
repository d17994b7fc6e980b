"""Structure kernel for JSON Lines and JSON arrays: string and number values with their key path.

A field is the key path with array indices dropped (`applicant.passport.number`); the kernel hashes paths
(parent hash + key) so it never builds strings, and reports each path it has not seen before as a node
(hash, parent hash, key span) for Python to name.  A malformed record is skipped up to the next line and
counted, never fatal.

A JSON document (`rec_depth` 1) is read as a stream whatever its layout (one line or pretty-printed): a
record is an element of the outermost array or a member of the outermost object.  The keys of the
outermost object are often values (a document keyed by e-mail or NIR): each is scanned as a free-text cell
of its record, and the path of a member's contents starts below it, so a key never becomes a field name
(only the key of a plain member, `{"nom": "X"}`, names that member's field; Python masks it if it looks
like a value).  Nesting deeper than `MAX_DEPTH` makes the record bad (counted), never a crash.

`JsonFormat` carries between chunks the document's depth (and whether its outermost value is an object),
and the key paths met so far: the kernel reports only new paths, which Python names once.
"""

from __future__ import annotations

import json

import numpy as np

from piiscan.formats.base import Cells, Format, Scratch, cell_capacity, new_cells
from piiscan.kernels.jit import kernel
from piiscan.text import safe_field_name

__all__ = ["JsonFormat", "json_cells"]


@kernel
def _key_hash(parent, buf, s, e):
    h = parent ^ np.uint64(0x9E3779B97F4A7C15)
    for k in range(s, e):
        h = (h ^ np.uint64(buf[k])) * np.uint64(0x100000001B3)
    h ^= h >> np.uint64(29)
    if h == 0:
        h = np.uint64(1)
    return h


MAX_DEPTH = 510
"""Deepest nesting read; a deeper record is skipped and counted bad (the stacks hold 512 levels)."""


@kernel
def _ws(b):
    return b == 32 or b == 10 or b == 13 or b == 9


@kernel
def _string_end(buf, j, n):
    """Position of the `"` closing a string whose contents start at j, of a raw line break (a broken
    string), or n or more when the string runs past the chunk.

    The inner loop steps one byte whatever the byte: a step of `2 if escape else 1` made each position
    wait on the byte just loaded, a chain of load latencies (~8 cycles a byte); now the loop exit is a
    predicted branch and the loads run ahead (a JSON Lines dump's strings: 2.8 -> 1.1 ns/B)."""
    while True:
        while j < n and buf[j] != 34 and buf[j] != 10 and buf[j] != 92:
            j += 1
        if j < n and buf[j] == 92:
            j += 2
            continue
        return j


@kernel
def _note_node(h, parent, ks, ke, known, seen, node_hash, node_parent, node_kstart, node_kend, n_nodes):
    """Report path `h` (key span ks..ke under `parent`) once if Python has not named it yet; new n_nodes."""
    pos = np.searchsorted(known, h)
    if pos < len(known) and known[pos] == h:
        return n_nodes
    slot = np.int64(h & np.uint64(4095))
    while seen[slot] != 0:
        if seen[slot] == h:
            return n_nodes
        slot = (slot + 1) & 4095
    if n_nodes < len(node_hash):
        seen[slot] = h
        node_hash[n_nodes] = h
        node_parent[n_nodes] = parent
        node_kstart[n_nodes] = ks
        node_kend[n_nodes] = ke
        n_nodes += 1
    return n_nodes


@kernel(entry=True)  # called from Python
def _json_cells_kernel(
    buf,
    n,
    final,
    rec_depth,
    start_depth,
    top_obj,
    known,
    cell_start,
    cell_end,
    cell_path,
    cell_record,
    node_hash,
    node_parent,
    node_kstart,
    node_kend,
    st_hash,
    st_obj,
    st_wantkey,
    seen,
):
    """Returns `(n_cells, n_records, consumed, n_nodes, bad_records, end_depth, end_top_obj)`.

    `rec_depth` 0: every top-level value is a record (JSON Lines); 1: every element of a top-level array or
    member of a top-level object.  `start_depth` is the depth at buf[0] (1 when continuing inside the
    outermost array or object, `top_obj` saying which).  `known` is a sorted array of path hashes already
    named.
    """
    cap = len(cell_start)
    ncap = len(node_hash)
    for k in range(len(seen)):
        seen[k] = 0
    depth = start_depth
    if depth == 1 and rec_depth == 1:
        st_hash[1] = 0
        st_obj[1] = top_obj
        st_wantkey[1] = top_obj
    in_member = False  # between a key of the outermost object and the end of its value: no record boundary
    member_ks = 0
    member_ke = 0
    n_cells = 0
    n_records = 0
    n_nodes = 0
    bad = 0
    consumed = 0
    rec_cells = 0  # cells of the record in progress start here
    rec_nodes = 0
    pending_key = np.uint64(0)
    i = 0
    while i < n:
        b = buf[i]
        if _ws(b) or (b == 44 and depth <= rec_depth):
            i += 1
            if depth <= rec_depth and not in_member:
                consumed = i
            continue
        if depth == 0 and rec_depth == 1 and (b == 91 or b == 123):  # the outermost array or object
            depth = 1
            st_hash[1] = 0
            st_obj[1] = b == 123
            st_wantkey[1] = b == 123
            i += 1
            consumed = i
            continue
        if depth == 1 and rec_depth == 1 and not in_member and b == (125 if st_obj[1] else 93):  # its end
            depth = 0
            i += 1
            consumed = i
            continue
        # the path of a value at this point
        if depth > rec_depth and st_obj[depth]:
            vpath = pending_key
        elif in_member and b != 123 and b != 91:
            # a plain member of the outermost object: its key names its field (the key is reported now,
            # not when read, so a document keyed by e-mail with object values names no field per key)
            vpath = _key_hash(np.uint64(0), buf, member_ks, member_ke)
            n_nodes = _note_node(
                vpath, np.uint64(0), member_ks, member_ke, known, seen, node_hash, node_parent, node_kstart,
                node_kend, n_nodes,
            )  # fmt: skip
        elif depth > 0:
            vpath = st_hash[depth]
        else:
            vpath = np.uint64(0)
        error = False
        if b == 34:
            j = _string_end(buf, i + 1, n)
            if j < n and buf[j] == 10:
                error = True  # a raw line break cannot be inside a JSON string: the string was never closed
            elif j >= n:
                if final:
                    error = True
                else:
                    break
            if not error and depth == rec_depth and depth > 0 and st_obj[depth] and st_wantkey[depth]:
                # a key of the outermost object: a value of the record that follows (free text)
                if n_cells >= cap:
                    break
                cell_start[n_cells] = i + 1
                cell_end[n_cells] = j
                cell_path[n_cells] = 0
                cell_record[n_cells] = n_records
                n_cells += 1
                st_wantkey[depth] = False
                in_member = True
                member_ks = i + 1
                member_ke = j
                i = j + 1
                while i < n and _ws(buf[i]):
                    i += 1
                if i < n and buf[i] == 58:
                    i += 1
                elif i < n or final:
                    error = True  # a key without its colon
                if not error:
                    continue
            if not error:
                if depth > rec_depth and st_obj[depth] and st_wantkey[depth]:
                    h = _key_hash(st_hash[depth], buf, i + 1, j)
                    pending_key = h
                    st_wantkey[depth] = False
                    # new path? report it once
                    pos = np.searchsorted(known, h)
                    if not (pos < len(known) and known[pos] == h):
                        slot = np.int64(h & np.uint64(4095))
                        fresh = True
                        while seen[slot] != 0:
                            if seen[slot] == h:
                                fresh = False
                                break
                            slot = (slot + 1) & 4095
                        if fresh and n_nodes < ncap:
                            seen[slot] = h
                            node_hash[n_nodes] = h
                            node_parent[n_nodes] = st_hash[depth]
                            node_kstart[n_nodes] = i + 1
                            node_kend[n_nodes] = j
                            n_nodes += 1
                    i = j + 1
                    while i < n and _ws(buf[i]):
                        i += 1
                    if i < n and buf[i] == 58:
                        i += 1
                    continue
                if n_cells >= cap:
                    break
                cell_start[n_cells] = i + 1
                cell_end[n_cells] = j
                cell_path[n_cells] = vpath
                cell_record[n_cells] = n_records
                n_cells += 1
                i = j + 1
        elif b == 123 or b == 91:
            if depth >= MAX_DEPTH:
                error = True
            else:
                depth += 1
                st_hash[depth] = vpath
                st_obj[depth] = b == 123
                st_wantkey[depth] = b == 123
                i += 1
                continue
        elif b == 125 or b == 93:
            if depth <= rec_depth or st_obj[depth] != (b == 125):
                error = True
            else:
                depth -= 1
                i += 1
        elif b == 44:
            if st_obj[depth]:
                st_wantkey[depth] = True
            i += 1
            continue
        elif b == 45 or (48 <= b <= 57):
            j = i + 1
            while j < n and (48 <= buf[j] <= 57 or buf[j] in (46, 101, 69, 43, 45)):
                j += 1
            if j >= n and not final:
                break
            if n_cells >= cap:
                break
            cell_start[n_cells] = i
            cell_end[n_cells] = j
            cell_path[n_cells] = vpath
            cell_record[n_cells] = n_records
            n_cells += 1
            i = j
        elif b == 116 or b == 102 or b == 110:  # true false null
            j = i
            while j < n and 97 <= buf[j] <= 122:
                j += 1
            if j >= n and not final:
                break
            i = j
        else:
            error = True
        if error:
            # skip the broken record up to the next line; drop what it produced
            bad += 1
            n_cells = rec_cells
            n_nodes = rec_nodes
            while i < n and buf[i] != 10:
                i += 1
            if i >= n and not final:
                break
            depth = rec_depth
            in_member = False
            if depth > 0:
                st_wantkey[depth] = st_obj[depth]
            consumed = i
            continue
        if depth == rec_depth:
            if in_member:
                in_member = False
                st_wantkey[depth] = True
            n_records += 1
            consumed = i
            rec_cells = n_cells
            rec_nodes = n_nodes
    if final and depth > rec_depth and rec_cells < n_cells:
        # input cut in the middle of a record: keep what was read, count it as bad
        bad += 1
        n_records += 1
        consumed = n
        rec_cells = n_cells
    elif final and i >= n:
        consumed = n
    end_depth = depth if depth <= rec_depth else rec_depth
    return rec_cells, n_records, consumed, rec_nodes, bad, end_depth, end_depth == 1 and st_obj[1]


def json_cells(buf, n, final, rec_depth, start_depth, known, *arrays, top_obj=False):
    """Split JSON into value cells (see `_json_cells_kernel`); allocates the kernel's stacks.

    Returns `(n_cells, n_records, consumed, n_nodes, bad_records, end_depth, end_top_obj)`.
    """
    return _json_cells_kernel(
        buf, n, final, rec_depth, start_depth, top_obj, known, *arrays,
        np.zeros(512, np.uint64), np.zeros(512, np.bool_), np.zeros(512, np.bool_), np.zeros(4096, np.uint64),
    )  # fmt: skip


class JsonFormat(Format):
    """JSON Lines (a record per line or per top-level value) or one JSON document (a record per element or
    member of its outermost array or object): cells named by their key path."""

    kinds = ("json", "jsonl")
    json_escapes = True
    columns = True

    NODES = 4096
    """New key paths one chunk may report (the kernel names no more; the rest wait for the next chunk)."""

    def __init__(self, info, *, fields, codec) -> None:
        super().__init__(info, fields=fields, codec=codec)
        self.rec_depth = 1 if info.kind == "json" else 0
        self.depth = 0
        self.top_obj = False  # inside the outermost object (not array) of a JSON document
        self._paths: dict[int, str] = {0: ""}
        self._known = np.zeros(0, np.uint64)
        self._scratch = Scratch()
        self._nodes = (
            np.empty(self.NODES, np.uint64),  # path hash
            np.empty(self.NODES, np.uint64),  # parent path hash
            np.empty(self.NODES, np.int32),  # key start
            np.empty(self.NODES, np.int32),  # key end
        )

    def _split(self, data, size, final) -> Cells:
        cap = cell_capacity(size)
        cs, ce, cr = new_cells(cap)
        cp = self._scratch.take("paths", cap, np.uint64)  # each cell's path hash, named below into field ids
        nh, npar, nks, nke = self._nodes
        res = json_cells(
            data, size, final, self.rec_depth, self.depth, self._known, cs, ce, cp, cr, nh, npar, nks, nke,
            top_obj=self.top_obj,
        )  # fmt: skip
        n_cells, n_records, consumed, n_nodes, bad, self.depth, self.top_obj = res
        self._add_paths(data, nh[:n_nodes], npar[:n_nodes], nks[:n_nodes], nke[:n_nodes])
        cf = self._field_ids(cp[:n_cells])
        return Cells(n_cells, n_records, consumed, (cs, ce, cf, cr), bad)

    def _add_paths(self, data, hashes, parents, ks, ke) -> None:
        if not len(hashes):
            return
        codec = self.codec
        for h, p, s, e in zip(hashes.tolist(), parents.tolist(), ks.tolist(), ke.tolist(), strict=True):
            raw = data[s:e].tobytes().decode(codec, "replace")
            try:
                key = json.loads(f'"{raw}"')
            except ValueError:
                key = raw
            key = safe_field_name(key)  # a dump keyed by e-mail or NIR must not print it as a field name
            parent = self._paths.get(p, "")
            self._paths[h] = f"{parent}.{key}" if parent else key
        self._known = np.array(sorted(self._paths), np.uint64)

    def _field_ids(self, paths: np.ndarray) -> np.ndarray:
        if not len(paths):
            return np.empty(0, np.int32)
        uniq, inverse = np.unique(paths, return_inverse=True)
        fields, paths_named = self.fields, self._paths
        ids = np.array([fields.id_for(("json", h), paths_named.get(h) or None) for h in uniq.tolist()], np.int32)
        return ids[inverse].astype(np.int32)
