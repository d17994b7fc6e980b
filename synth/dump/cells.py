"""One block of the OFII-like dump as columns of encoded cells: who the persons are, their 13 cells, and the
two-slot observation notes filled from templates (with the spans of what they plant)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from synth import entities as E
from synth.checks import mrz_check
from synth.dump.arrays import (
    NIR_SPACED_POS,
    agdrefs,
    ascii_digits,
    date_cells,
    french_passports,
    ibans,
    obj_array,
    phone_cells,
    rows_to_bytes,
    ymd,
)
from synth.dump.pools import DUMP_KINDS, DumpPools
from synth.formatting import NATIONALITY_STYLES, mrz_name

__all__ = ["DumpCells", "dump_cells"]


@dataclass
class _BlockCtx:
    """Per-block columns the observation fillers draw on."""

    rng: np.random.Generator
    pools: DumpPools
    country: np.ndarray
    sex: np.ndarray
    sur_idx: np.ndarray
    given_idx: np.ndarray
    depot: np.ndarray
    dob: np.ndarray
    nir_spaced: list[bytes]
    passports: list[bytes]


@dataclass
class DumpCells:
    """One block of the OFII-like dump as columns of encoded cells (before joining into rows).

    The dump shapes of ``benchmarks.shapes`` lay the same persons out differently (wide CSV, JSON Lines,
    SQL, e-mails): they start from these cells so every shape carries the same valid identifiers.
    """

    cols: list[list[bytes]]  # the 13 OFII columns, in header order (the last one is the observation note)
    french: np.ndarray  # bool per row
    sex: np.ndarray  # 0/1 per row
    depot: np.ndarray  # datetime64[D] per row
    obs_spans: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]]  # (rows, entity, offset in note, length)


def dump_cells(
    pools: DumpPools, rng: np.random.Generator, n: int, first_row: int, *, random_nir: bool, want_truth: bool
) -> DumpCells:
    """Draw ``n`` persons and their 13 OFII cells (the note quoted for CSV when it needs it)."""
    # -- who ------------------------------------------------------------------------------------------
    french = rng.random(n) < 0.45
    n_foreign = len(pools.foreign_p)
    country = np.where(french, 0, 1 + rng.choice(n_foreign, size=n, p=pools.foreign_p))
    sex = rng.integers(0, 2, n)
    region = pools.region_of[country]
    fr_simple = rng.random(n) < 0.6
    sur_idx = np.where(
        (region == 0) & fr_simple,
        rng.integers(0, pools.n_fr_simple, n),
        pools.sur_off[region] + (rng.random(n) * pools.sur_len[region]).astype(np.int64),
    )
    given_idx = pools.given_off[region, sex] + (rng.random(n) * pools.given_len[region, sex]).astype(np.int64)
    # -- dates ----------------------------------------------------------------------------------------
    depot = np.datetime64("2015-01-01") + rng.integers(0, 3653, n).astype("timedelta64[D]")
    age_days = (rng.triangular(18, 30, 86, n) * 365.25).astype(np.int64)
    age_days = np.where(rng.random(n) < 0.04, rng.integers(30, 18 * 365, n), age_days)
    dob = depot - age_days.astype("timedelta64[D]")
    by, bm, _ = ymd(dob)
    dob_cells = date_cells(dob, rng.choice(4, size=n, p=(0.35, 0.45, 0.12, 0.08)))
    depot_cells = date_cells(depot, rng.choice(4, size=n, p=(0.3, 0.55, 0.15, 0.0)))
    # -- birthplace and NIR -----------------------------------------------------------------------------
    city = rng.integers(0, len(pools.fr_city), n)
    born_fr = french & (rng.random(n) < 0.88)
    birth_country = np.where(french, 1 + rng.choice(n_foreign, size=n, p=pools.foreign_p), country)
    sex_digit = np.where(~french & (rng.random(n) < 0.35), sex + 7, sex + 1)  # 7/8: temporary NIA
    dept_num = np.where(born_fr, pools.fr_city_deptnum[city], 99)
    dept_chr = np.where(born_fr[:, None], pools.fr_city_deptchr[city], np.array([57, 57], dtype=np.uint8))
    corsica_old = born_fr & ((dept_num == 18) | (dept_num == 19)) & (by < 1976)
    dept_num = np.where(corsica_old, 20, dept_num)
    dept_chr[corsica_old] = (50, 48)
    dom = born_fr & pools.fr_city_dom[city]
    commune = np.where(born_fr, rng.integers(1, 400, n), pools.insee[birth_country])
    commune = np.where(dom, pools.fr_city_domdigit[city] * 100 + rng.integers(1, 35, n), commune)
    n13 = (
        sex_digit * 10**12
        + (by % 100) * 10**10
        + bm * 10**8
        + dept_num * 10**6
        + commune * 10**3
        + rng.integers(1, 1000, n)
    )
    nir_mat = np.empty((n, 15), dtype=np.uint8)
    nir_mat[:, 0:13] = ascii_digits(n13, 13)
    nir_mat[:, 5:7] = dept_chr
    nir_mat[:, 13:15] = ascii_digits(97 - n13 % 97, 2)
    if random_nir:
        nir_mat = (rng.integers(0, 10, (n, 15)) + 48).astype(np.uint8)
    nir_sp = np.full((n, 21), 32, dtype=np.uint8)
    nir_sp[:, NIR_SPACED_POS] = nir_mat
    nir_compact_b = rows_to_bytes(nir_mat)
    nir_spaced_b = rows_to_bytes(nir_sp)
    nir_cells = np.where(rng.random(n) < 0.25, obj_array(nir_spaced_b), obj_array(nir_compact_b))
    place = np.empty(n, dtype=object)
    place[born_fr] = pools.fr_city[city[born_fr]]
    for ci in np.unique(birth_country[~born_fr]).tolist():
        idx = np.nonzero((~born_fr) & (birth_country == ci))[0]
        labels = pools.foreign_city[ci]
        place[idx] = labels[rng.integers(0, len(labels), len(idx))]
    # -- phones, passports, AGDREF, e-mails ---------------------------------------------------------------
    phone_b = phone_cells(rng, n)
    foreign_pp = (rng.integers(0, 10, (n, 9)) + 48).astype(np.uint8)
    foreign_pp[:, 0] = rng.integers(65, 91, n)
    two_letters = rng.random(n) < 0.5
    foreign_pp[two_letters, 1] = rng.integers(65, 91, int(two_letters.sum()))
    fr_pp = french_passports(rng, n)
    pp_cells = np.where(french, obj_array(fr_pp), obj_array(rows_to_bytes(foreign_pp)))
    agd_cells = np.where(french, b"", obj_array(agdrefs(rng, pools, n)))
    g_tok = pools.given_tok[given_idx]
    s_tok = pools.surname_tok[sur_idx]
    estyle = rng.integers(0, 4, n)
    first = np.where(estyle == 2, s_tok, g_tok).tolist()
    second = np.where(estyle == 2, g_tok, s_tok).tolist()
    seps = np.array([b".", b"", b".", b"_"], dtype=object)[estyle].tolist()
    suffix = np.where(rng.random(n) < 0.35, obj_array(rows_to_bytes(ascii_digits(by % 100, 2))), b"").tolist()
    domains = pools.domains[rng.choice(len(pools.domains), size=n, p=pools.domain_p)].tolist()
    email_b = list(map(b"".join, zip(first, seps, second, suffix, itertools.repeat(b"@"), domains, strict=False)))
    nat_b = pools.nat_labels[country, sex, rng.choice(len(NATIONALITY_STYLES), size=n, p=pools.nat_style_p)]
    dossier = np.empty((n, 15), dtype=np.uint8)
    dossier[:, 0:4] = ascii_digits(ymd(depot)[0], 4)
    dossier[:, 4] = 45
    dossier[:, 5:7] = ascii_digits(pools.dossier_depts[rng.integers(0, len(pools.dossier_depts), n)], 2)
    dossier[:, 7] = 48
    dossier[:, 8] = 45
    dossier[:, 9:15] = ascii_digits((first_row + np.arange(n)) % 1000000, 6)

    def blank(col: np.ndarray | list[bytes], share: float = 0.02) -> list[bytes]:
        arr = col if isinstance(col, np.ndarray) else obj_array(col)
        return np.where(rng.random(n) < share, b"", arr).tolist()

    cols: list[list[bytes]] = [
        rows_to_bytes(dossier),
        pools.surname_disp[sur_idx].tolist(),
        pools.given_disp[given_idx].tolist(),
        blank(dob_cells),
        blank(place),
        blank(nat_b),
        blank(email_b),
        blank(phone_b),
        blank(pp_cells),
        blank(agd_cells),
        blank(nir_cells),
        depot_cells,
    ]
    # -- observations: two template slots joined by a space, quoted if either needs it --------------------
    ctx = _BlockCtx(rng, pools, country, sex, sur_idx, given_idx, depot, dob, nir_spaced_b, fr_pp)
    # (rows, entity, offset in cell, length) of values planted in observations
    obs_spans: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []
    slots: list[list[bytes]] = []
    slot_spans: list[list[tuple[np.ndarray, str, np.ndarray, np.ndarray]]] = []
    needs_quotes = np.zeros(n, dtype=bool)
    for _slot in range(2):
        tpl_of_row = rng.choice(len(pools.templates), size=n, p=pools.template_p)
        tpl_of_row = np.where(pools.template_needs_french[tpl_of_row] & ~french, pools.empty_template, tpl_of_row)
        needs_quotes |= pools.template_needs_quotes[tpl_of_row]
        text, spans = _dump_slot(ctx, tpl_of_row, want_truth=want_truth, random_nir=random_nir)
        slots.append(text)
        slot_spans.append(spans)
    quote = np.where(needs_quotes, b'"', b"").tolist()
    sep = [b" " if a and b else b"" for a, b in zip(slots[0], slots[1], strict=True)]
    obs = list(map(b"".join, zip(quote, slots[0], sep, slots[1], quote, strict=True)))
    if want_truth:
        q_len = needs_quotes.astype(np.int64)
        len0 = np.fromiter(map(len, slots[0]), dtype=np.int64, count=n)
        sep_len = np.fromiter(map(len, sep), dtype=np.int64, count=n)
        slot_base = (q_len, q_len + len0 + sep_len)
        for k in range(2):
            for rows_t, entity, off, lens in slot_spans[k]:
                obs_spans.append((rows_t, entity, slot_base[k][rows_t] + off, lens))
    cols.append(obs)
    return DumpCells(cols, french, sex, depot, obs_spans)


def _dump_slot(
    ctx: _BlockCtx, tpl_of_row: np.ndarray, *, want_truth: bool, random_nir: bool
) -> tuple[list[bytes], list[tuple[np.ndarray, str, np.ndarray, np.ndarray]]]:
    """One observation slot per row from the chosen templates, and spans (offsets within the slot)."""
    n = len(tpl_of_row)
    out = np.empty(n, dtype=object)
    spans: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []
    for ti, tpl in enumerate(ctx.pools.templates):
        rows_t = np.nonzero(tpl_of_row == ti)[0]
        if not len(rows_t):
            continue
        if tpl.empty:
            out[rows_t] = b""
            continue
        m = len(rows_t)
        fills = [_dump_fill(ctx, kind, rows_t) for kind in tpl.kinds]
        columns: list[Iterable[bytes]] = []
        for k, lit in enumerate(tpl.literals):
            columns.append(itertools.repeat(lit, m))
            if k < len(fills):
                columns.append(fills[k])
        out[rows_t] = obj_array(list(map(b"".join, zip(*columns, strict=False))))
        if not want_truth:
            continue
        pos = np.zeros(m, dtype=np.int64)
        for k, lit in enumerate(tpl.literals):
            pos += len(lit)
            if k == len(fills):
                break
            lens = np.fromiter(map(len, fills[k]), dtype=np.int64, count=m)
            entity = DUMP_KINDS[tpl.kinds[k]]
            if entity == E.MRZ:  # one span per line (2×44 joined by "\n")
                spans.append((rows_t, E.MRZ, pos.copy(), np.full(m, 44)))
                spans.append((rows_t, E.MRZ, pos + 45, np.full(m, 44)))
                spans.extend(_mrz_subspans(rows_t, pos, fills[k]))
            elif entity is not None and not (entity == E.FR_NIR and random_nir):
                spans.append((rows_t, entity, pos.copy(), lens))
            pos += lens
    return out.tolist(), spans


def _mrz_subspans(
    rows: np.ndarray, pos: np.ndarray, mrzs: list[bytes]
) -> list[tuple[np.ndarray, str, np.ndarray, np.ndarray]]:
    """Spans inside dump MRZs (2×44, ``\\n``): names, passport number, nationality, birth date."""
    out: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []
    m = len(rows)
    for ent, off, ln in ((E.FR_PASSPORT, 45, 9), (E.NATIONALITY, 55, 3), (E.DATE_OF_BIRTH, 58, 6)):
        out.append((rows, ent, pos + off, np.full(m, ln)))
    sur_len = np.array([mz[5:44].index(b"<<") for mz in mrzs], dtype=np.int64)
    giv_len = np.array([len(mz[5:44].split(b"<<")[1].rstrip(b"<")) for mz in mrzs], dtype=np.int64)
    out.append((rows, E.PERSON, pos + 5, sur_len))
    has_giv = giv_len > 0
    out.append((rows[has_giv], E.PERSON, (pos + 5 + sur_len + 2)[has_giv], giv_len[has_giv]))
    return out


def _dump_fill(ctx: _BlockCtx, kind: str, rows: np.ndarray) -> list[bytes]:
    """Values for one placeholder kind, for the given rows of the block."""
    rng, pools = ctx.rng, ctx.pools
    m = len(rows)
    if kind == "rdv":
        return date_cells(ctx.depot[rows] + rng.integers(-90, 120, m).astype("timedelta64[D]"), np.full(m, 1))
    if kind == "hour":
        mat = np.empty((m, 5), dtype=np.uint8)
        mat[:, 0:2] = ascii_digits(rng.integers(8, 18, m), 2)
        mat[:, 2] = ord("h")
        mat[:, 3:5] = ascii_digits(np.array([0, 15, 30, 45])[rng.integers(0, 4, m)], 2)
        return rows_to_bytes(mat)
    if kind == "guichet":
        return rows_to_bytes((rng.integers(0, 12, (m, 1)) + 65).astype(np.uint8))
    if kind == "agent":
        return pools.surname_disp[rng.integers(0, pools.n_fr_simple, m)].tolist()
    if kind == "phone2":
        return phone_cells(rng, m)
    if kind == "nir_spaced":
        return [ctx.nir_spaced[i] for i in rows.tolist()]
    if kind == "email2":
        g = pools.given_tok[ctx.given_idx[rows]].tolist()
        s = pools.surname_tok[ctx.sur_idx[rows]].tolist()
        num = rows_to_bytes(ascii_digits(rng.integers(0, 1000, m), 3))
        dom = pools.domains[rng.choice(len(pools.domains), size=m, p=pools.domain_p)].tolist()
        return list(map(b"".join, zip(s, itertools.repeat(b"."), g, num, itertools.repeat(b"@"), dom, strict=False)))
    if kind in ("conj_m", "conj_f"):
        region = pools.region_of[ctx.country[rows]]
        sx = np.full(m, 0 if kind == "conj_m" else 1)
        gi = pools.given_off[region, sx] + (rng.random(m) * pools.given_len[region, sx]).astype(np.int64)
        si = pools.sur_off[region] + (rng.random(m) * pools.sur_len[region]).astype(np.int64)
        return list(
            map(
                b"".join,
                zip(
                    pools.given_disp[gi].tolist(),
                    itertools.repeat(b" "),
                    pools.surname_disp[si].tolist(),
                    strict=False,
                ),
            )
        )
    if kind == "conj_dob":
        d = ctx.depot[rows] - (rng.triangular(18, 30, 80, m) * 365.25).astype("timedelta64[D]")
        y, mo, dd = ymd(d)
        return [
            pools.day_words[a] + pools.month_words[b_] + str(c_).encode()
            for a, b_, c_ in zip(dd.tolist(), mo.tolist(), y.tolist(), strict=True)
        ]
    if kind == "nat_f":
        return pools.adj_f[ctx.country[rows]].tolist()
    if kind == "pp2":
        return french_passports(rng, m)
    if kind == "agdref2":
        return agdrefs(rng, pools, m)
    if kind == "iban":
        return ibans(pools, rng, m)
    if kind == "mrz":
        return _dump_mrz(ctx, rows)
    raise KeyError(kind)


def _dump_mrz(ctx: _BlockCtx, rows: np.ndarray) -> list[bytes]:
    """TD3 MRZs of French passports for the rows' persons, line break ``\\n``; plain Python (rare)."""
    pools, rng = ctx.pools, ctx.rng
    out: list[bytes] = []
    expiries = ctx.depot[rows] + rng.integers(100, 3650, len(rows)).astype("timedelta64[D]")
    for i, r in enumerate(rows.tolist()):
        sur = mrz_name(pools.surname_plain[ctx.sur_idx[r]].decode(pools.encoding))[:37]
        giv = mrz_name(pools.given_disp[ctx.given_idx[r]].decode(pools.encoding))
        name = (sur + "<<" + giv)[:39].rstrip("<").ljust(39, "<")
        number = ctx.passports[r].decode("ascii")  # the row's own French passport
        dob = str(ctx.dob[r]).replace("-", "")[2:8]
        expiry = str(expiries[i]).replace("-", "")[2:8]
        head = number + mrz_check(number)
        dob_part = dob + mrz_check(dob)
        exp_part = expiry + mrz_check(expiry)
        tail = "<" * 14 + "0"
        line2 = head + "FRA" + dob_part + ("M" if ctx.sex[r] == 0 else "F") + exp_part + tail
        line2 += mrz_check(head + dob_part + exp_part + tail)
        out.append(("P<FRA" + name + "\n" + line2).encode("ascii"))
    return out
