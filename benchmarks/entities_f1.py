"""F1 of the new entities (issue 20) on a generated table and a generated text, through the scanner.

    python -m benchmarks.entities_f1 [--rows 2000] [--seed 20]

The table has the entities under their headers, beside columns of look-alikes (12-digit order numbers and
passport-shaped codes with no licence header, hex digests under `commit`), placeholders in the password
column (`NULL`, `********`) and a free-text note where values come with or without their keyword.  The text
is a combolist (`e-mail:password`, `e-mail;hash`) interleaved with sentences holding values after their
keyword and look-alikes without one, addresses in prose (house number, street type full or abbreviated,
name, postal code and commune half the time) and prose that is no person's address (quantities, a
facility's address, a lower-case phrase, a road number).  The generator is ours (`synth/credentials.py`),
written with the grammar in mind, so its F1 is optimistic.  A finding is a true positive when entity,
record and value are those of a truth row; F1 per entity and per input.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
from collections import Counter

from piiscan.api import scan_text
from synth.credentials import EntityValues

ENTITIES = ("FR_DRIVING_LICENCE", "PASSWORD", "PASSWORD_HASH", "STREET_ADDRESS")
TEXT_ENTITIES = ENTITIES
REFERENCE = dt.date(2026, 1, 1)
Truth = set[tuple[str, int, str]]


def make_table(values: EntityValues, rows: int) -> tuple[str, Truth]:
    """A `;` CSV with a header row, and its truth (entity, record, value)."""
    r = values.rng
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(
        [
            "id",
            "email",
            "mot_de_passe",
            "password_hash",
            "permis_conduire",
            "adresse",
            "ville",
            "reference",
            "commit",
            "note",
        ]
    )
    truth: Truth = set()
    for rec in range(rows):
        pwd = values.password() if r.random() < 0.85 else values.placeholder()
        if pwd not in ("NULL", "", "********", "n/a", "-", "xxxxxx"):
            truth.add(("PASSWORD", rec, pwd))
        h = values.password_hash()
        truth.add(("PASSWORD_HASH", rec, h))
        lic = values.licence() if r.random() < 0.95 else ""
        if lic:
            truth.add(("FR_DRIVING_LICENCE", rec, lic))
        if r.random() < 0.9:
            addr = values.street_address()
            truth.add(("STREET_ADDRESS", rec, addr))
        else:
            addr = values.commune() if r.random() < 0.5 else values.placeholder()
        ref = values.licence() if r.random() < 0.5 else str(r.randrange(10**11, 10**12))
        note_kind = r.randrange(5)
        if note_kind == 0:
            v = values.licence()
            note = f"permis de conduire n° {v} vérifié"
            truth.add(("FR_DRIVING_LICENCE", rec, v))
        elif note_kind == 1:
            v = values.password()
            note = f"mot de passe : {v}"
            truth.add(("PASSWORD", rec, v))
        elif note_kind == 2:
            v = values.password_hash()
            note = f"ancien hash {v} migré"
            if not v[0].isalnum() or v.startswith("pbkdf2"):
                truth.add(("PASSWORD_HASH", rec, v))  # a bare hex digest in a note is no hash by itself
        elif note_kind == 3:
            note = f"commande {values.licence()} expédiée, code {values.hex_digest()}"
        else:
            note = "RAS"
        w.writerow([rec, values.email(), pwd, h, lic, addr, values.commune(), ref, values.hex_digest(), note])
    return out.getvalue(), truth


def make_text(values: EntityValues, lines: int) -> tuple[str, Truth]:
    """A text of combolist lines and sentences, and its truth (entity, line, value)."""
    r = values.rng
    out = []
    truth: Truth = set()
    for rec in range(lines):
        kind = r.randrange(10)
        if kind <= 2:
            secret = values.password()
            out.append(f"{values.email()}{r.choice(':;')}{secret}")
            truth.add(("PASSWORD", rec, secret))
        elif kind == 3:
            secret = values.password_hash()
            out.append(f"{values.email()}:{secret}")
            truth.add(("PASSWORD_HASH", rec, secret))
        elif kind == 4:
            v = values.licence()
            kw = r.choice(["Permis de conduire n°", "numéro de permis :", "driving licence", "permis"])
            out.append(f"{kw} {v} délivré en préfecture")
            truth.add(("FR_DRIVING_LICENCE", rec, v))
        elif kind == 5:
            v = values.password()
            out.append(f"Votre {r.choice(['mot de passe', 'mdp', 'password'])} : {v}")
            truth.add(("PASSWORD", rec, v))
        elif kind == 6:
            v = values.password_hash()
            out.append(f"users.sql: {v},{r.randrange(1000)}")
            if not v[0].isalnum() or v.startswith("pbkdf2"):
                truth.add(("PASSWORD_HASH", rec, v))
        elif kind == 8:
            v = values.text_address()
            lead, tail = r.choice(
                [("Nouvelle adresse : ", ""), ("M. Martin, demeurant ", "."), ("livraison au ", " demain"),
                 ("", ""), ("Domicile: ", " (depuis 2019)")]
            )  # fmt: skip
            out.append(f"{lead}{v}{tail}")
            truth.add(("STREET_ADDRESS", rec, v))
        elif kind == 9:
            out.append(values.not_an_address())
        else:
            out.append(
                r.choice(
                    [
                        f"commande {values.licence()} expédiée",
                        f"commit {values.hex_digest()} fusionné",
                        "Heure : 12:30, salle B",
                        f"contact : {values.email()}",
                        f"{values.email()} : merci de rappeler",
                    ]
                )
            )
    return "\n".join(out) + "\n", truth


def score(found: Truth, truth: Truth, entities: tuple[str, ...]) -> dict[str, tuple[int, int, int, float]]:
    """Per entity: true positives, false positives, false negatives, F1."""
    result = {}
    for ent in entities:
        f = {x for x in found if x[0] == ent}
        t = {x for x in truth if x[0] == ent}
        tp, fp, fn = len(f & t), len(f - t), len(t - f)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        result[ent] = (tp, fp, fn, f1)
    return result


def run(rows: int, seed: int) -> dict[str, dict[str, tuple[int, int, int, float]]]:
    values = EntityValues(seed=seed)
    table, table_truth = make_table(values, rows)
    text, text_truth = make_text(values, rows)
    out = {}
    for name, data, fmt, truth in (("table", table, "csv", table_truth), ("text", text, "text", text_truth)):
        findings = scan_text(data, format=fmt, reference_date=REFERENCE)
        found = {(f.entity, f.record, f.text) for f in findings if f.entity in ENTITIES}
        counts = Counter(x[0] for x in truth)
        entities = ENTITIES if name == "table" else TEXT_ENTITIES
        out[name] = score(found, truth, entities)
        assert all(counts[e] > 0 for e in entities), counts
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args(argv)
    results = run(args.rows, args.seed)
    print(f"rows={args.rows} seed={args.seed}")
    print(f"{'input':6} {'entity':20} {'tp':>6} {'fp':>5} {'fn':>5} {'F1':>7}")
    for name, per in results.items():
        for ent, (tp, fp, fn, f1) in per.items():
            print(f"{name:6} {ent:20} {tp:6d} {fp:5d} {fn:5d} {f1:7.4f}")


if __name__ == "__main__":
    main()
