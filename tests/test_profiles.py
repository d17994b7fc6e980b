"""Column profiles decided from values (piiscan.profiles, issue 17) on small generated tables."""

from __future__ import annotations

import datetime as dt
import json
import random
from functools import cache
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from piiscan.output.report import build_report
from piiscan.scanner import Scanner, ScanOptions
from piiscan.tables import default_tables
from synth.profile_tables import COLUMNS, people_table

KEY = b"p" * 32
REF = dt.date(2026, 11, 23)
ROWS = 60
PROFILED = ("PERSON", "DATE_OF_BIRTH", "FR_PASSPORT", "FOREIGN_PASSPORT", "FR_ID_CARD", "FR_RESIDENCE_PERMIT")


def _scan(path: Path, **options) -> tuple[list[tuple], dict]:
    scanner = Scanner(ScanOptions(key=KEY, reference_date=REF, **options))
    rows = []
    for batch in scanner.scan([str(path)]):
        for i in range(len(batch)):
            field = batch.field_names[batch.field[i]] if batch.field[i] >= 0 else None
            rows.append(
                (batch.entity_name(i), int(batch.record[i]), int(batch.offset[i]), int(batch.src_length[i]),
                 field, round(float(batch.score[i]), 4), batch.value(i))
            )  # fmt: skip
    return rows, build_report(scanner.partial, elapsed=1.0, workers=1)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _score(entity: str, how: int) -> float:
    from piiscan.entities.contract import ENTITY_ID

    return round(float(default_tables().scores[ENTITY_ID[entity] * 3 + how]), 4)


@pytest.mark.parametrize("header", ["none", "meaningless"])
def test_every_column_is_classified_by_its_values(tmp_path: Path, header: str) -> None:
    table = people_table(3, ROWS, header=header)
    rows, report = _scan(_write(tmp_path, "people.csv", table.data))
    found = {(ent, rec, value) for ent, rec, _o, _l, _f, _s, value in rows}
    planted = {(ent, rec, value) for (rec, _c), (ent, value) in table.planted.items()}
    assert found == planted  # every planted value, nothing else
    [inp] = report["coverage"]["inputs"]
    names = [f"column_{i + 1}" if header == "none" else f"c{i + 1}" for i in range(len(COLUMNS))]
    assert inp["columns"]["by_values"] == names
    assert inp["columns"]["by_header"] == [] and inp["columns"]["unclassified_with_values"] == []
    assert report["coverage"]["total"]["columns_by_values"] == len(COLUMNS)
    assert {f["field"]: f["decided_by"] for f in report["fields"]} == dict.fromkeys(names, "values")
    # a value-decided column scores below a header: the entity's context score
    for ent, _r, _o, _l, _f, score, _v in rows:
        assert score == min(_score(ent, 1), _score(ent, 2)), ent
        assert score < _score(ent, 2) or ent in ("EMAIL_ADDRESS",)


def test_real_headers_give_the_header_result(tmp_path: Path) -> None:
    named = people_table(3, ROWS, header="real")
    plain = people_table(3, ROWS, header="meaningless")
    rows, report = _scan(_write(tmp_path, "named.csv", named.data))
    got = {(ent, rec, value) for ent, rec, _o, _l, _f, _s, value in rows}
    assert got == {(ent, rec, value) for (rec, _c), (ent, value) in named.planted.items()}
    for ent, _r, _o, _l, _f, score, _v in rows:
        assert score == _score(ent, 2), ent  # header scores, not lowered
    decided = {f["field"]: f["decided_by"] for f in report["fields"]}
    assert decided == dict.fromkeys(named.headers or (), "both")
    [inp] = report["coverage"]["inputs"]
    assert inp["columns"]["by_header"] == list(named.headers or ())
    unnamed, _ = _scan(_write(tmp_path, "plain.csv", plain.data))
    assert {(e, r, v) for e, r, *_x, v in unnamed} == got  # the values decide what the headers would have


def test_the_first_row_of_a_headerless_table_is_data(tmp_path: Path) -> None:
    table = people_table(5, ROWS, header="none")
    rows, report = _scan(_write(tmp_path, "people.csv", table.data))
    first = {(ent, value) for ent, rec, _o, _l, _f, _s, value in rows if rec == 0}
    assert first == {(ent, value) for (rec, _c), (ent, value) in table.planted.items() if rec == 0}
    assert report["summary"]["records"] == ROWS


def test_a_header_row_of_personal_data_is_never_a_field_name(tmp_path: Path) -> None:
    # the sniffer takes this first row for labels (all letters, unlike the rows below); when the values
    # below decide the columns, the cells of that row that look like their values are not shown
    table = people_table(6, ROWS, header="none")
    lines = table.data.decode().splitlines()
    fake_header = "Dupont;Jean;" + ";".join(["x"] * (len(COLUMNS) - 2))
    data = ("\n".join([fake_header, *lines]) + "\n").encode()
    rows, report = _scan(_write(tmp_path, "people.csv", data))
    text = json.dumps(report) + json.dumps(rows)
    assert "Dupont" not in text and "Jean" not in text.replace("Jean-", "")
    assert {f["field"] for f in report["fields"]} >= {"*"}


def _catalogue(seed: int, rows: int) -> bytes:
    """A product catalogue and a list of facilities with no personal data: brands and makers named after
    people, facilities named after people, cities, internal references, sequential ids, opening dates,
    and a switchboard phone number per facility."""
    rng = random.Random(seed)
    brands = ["Lalique", "Bernardaud", "Christofle", "Hermès", "Baccarat", "Saint-Louis", "Gien"]
    people = ["Victor Hugo", "Jules Ferry", "Marie Curie", "Jean Moulin", "Louise Michel", "Simone Veil"]
    kinds = ["Gymnase", "Collège", "Médiathèque", "Piscine", "École élémentaire", "Stade"]
    towns = ["Tourcoing", "Argenteuil", "Rennes", "Lyon", "Nantes", "Brest", "Limoges", "Nancy", "Metz", "Caen"]
    out = []
    for r in range(rows):
        opened = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 27000))
        out.append(
            ";".join(
                [
                    f"EQ{rng.randint(1000000, 9999999)}",
                    f"{rng.choice(kinds)} {rng.choice(people)}",
                    rng.choice(brands),
                    rng.choice(towns),
                    str(100000000 + 7 * r),  # a sequential 9-digit number
                    str(2000000000 + 13 * r),  # a sequential 10-digit number
                    opened.strftime("%d/%m/%Y"),
                    f"0{rng.choice('12345')}{rng.randint(10000000, 99999999)}",
                    f"{rng.randint(1, 999)},{rng.randint(0, 99):02d}",
                ]
            )
        )
    return ("\n".join(out) + "\n").encode()


def test_no_column_of_a_catalogue_is_a_person_or_document_column(tmp_path: Path) -> None:
    rows, report = _scan(_write(tmp_path, "catalogue.csv", _catalogue(8, 150)))
    assert {ent for ent, *_ in rows} <= {"PHONE_NUMBER"}, sorted({ent for ent, *_ in rows})
    values = {f["field"]: f["decided_by"] for f in report["fields"]}
    assert all(v in ("values", None) for v in values.values())
    by_values = report["coverage"]["inputs"][0]["columns"]["by_values"]
    assert by_values == ["column_8"]  # the phone column only


def test_a_name_repeated_in_every_record_is_not_a_name_column(tmp_path: Path) -> None:
    table = people_table(9, ROWS, header="none").data.decode().splitlines()
    data = "\n".join(f"{line};Lalique" for line in table) + "\n"
    rows, _report = _scan(_write(tmp_path, "people.csv", data.encode()))
    assert not [r for r in rows if r[4] == f"column_{len(COLUMNS) + 1}"]


def test_a_name_used_as_a_label_in_many_records_is_not_a_person(tmp_path: Path) -> None:
    # issue 20: the same name in a fifth of a non-name column's records is a label (`Espace Jean Moulin`,
    # an agent's signature); names that differ from record to record in such a column are still people
    rng = random.Random(7)
    table = people_table(12, ROWS, header="none").data.decode().splitlines()
    others = ["Pierre Lefebvre", "Claire Rousseau", "Nadia Benali", "Hugo Marchand", "Léa Fontaine", "Omar Diallo"]
    lines = []
    for i, line in enumerate(table):
        note = (
            "Dossier suivi par Mme Martine Dubois" if i % 2 == 0 else f"Contact : M. {others[(i // 2) % len(others)]}"
        )
        lines.append(f"{line};{note};{rng.randint(1, 9)}")
    rows, _report = _scan(_write(tmp_path, "people.csv", ("\n".join(lines) + "\n").encode()))
    comment = f"column_{len(COLUMNS) + 1}"
    names = {value for ent, _r, _o, _l, fld, _s, value in rows if fld == comment and ent == "PERSON"}
    assert "Martine Dubois" not in names
    assert set(others) <= names


def test_birth_dates_need_a_table_of_people(tmp_path: Path) -> None:
    rng = random.Random(2)
    lines = []
    for _ in range(80):
        born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 30000))
        lines.append(f"{born:%d/%m/%Y};{rng.randint(1, 500)};{rng.choice(['oui', 'non'])}")
    rows, _report = _scan(_write(tmp_path, "dates.csv", ("\n".join(lines) + "\n").encode()))
    assert rows == []


def test_table_containers_are_profiled(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = people_table(3, ROWS, header="meaningless")
    lines = [line.split(";") for line in table.data.decode().splitlines()]
    columns = {name: [row[i] for row in lines[1:]] for i, name in enumerate(lines[0])}
    path = tmp_path / "people.parquet"
    pq.write_table(pa.table(columns), path)
    rows, report = _scan(path)
    found = {(ent, rec, value) for ent, rec, _o, _l, _f, _s, value in rows}
    assert found == {(ent, rec, value) for (rec, _c), (ent, value) in table.planted.items()}
    assert len(report["coverage"]["inputs"][0]["columns"]["by_values"]) == len(COLUMNS)


@pytest.mark.parametrize("ascii_only", [False, True])
def test_json_key_paths_are_profiled(tmp_path: Path, ascii_only: bool) -> None:
    table = people_table(3, ROWS, header="meaningless")
    lines = [line.split(";") for line in table.data.decode().splitlines()]
    docs = [
        json.dumps(
            {
                "a": {k: v for k, v in zip(lines[0][:5], row[:5], strict=True)},
                "b": dict(zip(lines[0][5:], row[5:], strict=True)),
            },
            ensure_ascii=ascii_only,
        )
        for row in lines[1:]
    ]
    rows, _report = _scan(_write(tmp_path, "people.jsonl", ("\n".join(docs) + "\n").encode()))
    found = {(ent, rec, json.loads(f'"{value}"')) for ent, rec, _o, _l, _f, _s, value in rows}
    assert found == {(ent, rec, value) for (rec, _c), (ent, value) in table.planted.items()}


# ---------------------------------------------------------------------------------------- invariance


@cache
def _pool() -> tuple[str, ...]:
    return tuple(people_table(11, 90, header="none").data.decode().splitlines())


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["csv", "jsonl"]),
    header=st.booleans(),
    start=st.integers(min_value=0, max_value=30),
    n=st.integers(min_value=22, max_value=60),
    sample=st.integers(min_value=5, max_value=70),
    chunk_size=st.integers(min_value=200, max_value=6000),
    workers=st.sampled_from([1, 2]),
)
def test_profiles_do_not_depend_on_chunk_size_or_workers(
    tmp_path: Path, kind: str, header: bool, start: int, n: int, sample: int, chunk_size: int, workers: int
) -> None:
    lines = list(_pool()[start : start + n])
    names = [f"c{i + 1}" for i in range(len(COLUMNS))]
    if kind == "csv":
        text = "\n".join(([";".join(names)] if header else []) + lines) + "\n"
    else:
        text = "".join(json.dumps(dict(zip(names, line.split(";"), strict=True))) + "\n" for line in lines)
    path = _write(tmp_path, f"doc.{kind}", text.encode())
    # a sample shorter than the table too, so that it ends inside a chunk, or across several
    with mock.patch("piiscan.profiles.PROFILE_RECORDS", sample):
        expected, report = _scan(path, workers=1)
        assert {r[0] for r in expected} & set(PROFILED), "profiled columns must be found, or this proves nothing"
        note(f"chunk_size={chunk_size}")
        got, got_report = _scan(path, workers=workers, chunk_size=chunk_size)
    assert got == expected
    assert got_report["coverage"] == report["coverage"]


# ----------------------------------------------------------------------- credential lines read as a table

_WORDS = ("soleil", "chocolat", "marseille", "loulou", "doudou", "azerty", "bonjour", "princesse", "nicolas", "camille")


def _leaked_passwords(rng: random.Random, n: int) -> list[str]:
    """Passwords of the families leaks show: word + year, capitalised word + symbol + digits, random strings,
    digits only; distinct."""
    out: set[str] = set()
    while len(out) < n:
        family = rng.randrange(4)
        word = rng.choice(_WORDS)
        if family == 0:
            out.add(f"{word}{rng.randint(1, 2025)}")
        elif family == 1:
            out.add(f"{word.capitalize()}{rng.choice('!*#?@$')}{rng.randint(0, 99)}")
        elif family == 2:
            alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%&*?+="
            out.add("".join(rng.choice(alphabet) for _ in range(rng.randint(8, 16))))
        else:
            out.add(str(rng.randint(100000, 99999999)))
    return sorted(out, key=lambda _: rng.random())


def _logins(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.choice(['xx_', 'dark', 'kiki', 'neo', 'lulu'])}{rng.choice(_WORDS)[:5]}{i}" for i in range(n)]


def _emails(n: int) -> list[str]:
    return [f"abonne{i}.martin@exemple{i % 7}.fr" for i in range(n)]


@pytest.mark.parametrize("key", ["email", "login"])
def test_a_two_column_credential_list_holds_passwords(tmp_path: Path, key: str) -> None:
    """`email;password` / `user;password` lines are a two-column CSV: the second column is PASSWORD, its
    previews masked, and no password reaches the report."""
    rng = random.Random(7)
    keys = _emails(ROWS) if key == "email" else _logins(rng, ROWS)
    # (a first line of two labels, `kiki;Azerty`, would be taken for a header: see the next test)
    secrets = ["soleil2019", *_leaked_passwords(rng, ROWS - 1)]
    text = "".join(f"{k};{p}\n" for k, p in zip(keys, secrets, strict=True))
    rows, report = _scan(_write(tmp_path, "combo.txt", text.encode()))
    passwords = [(rec, value, field) for ent, rec, _o, _l, field, _s, value in rows if ent == "PASSWORD"]
    assert sorted(passwords) == sorted((i, p, "column_2") for i, p in enumerate(secrets))
    assert {f["field"]: f["decided_by"] for f in report["fields"] if f["field"] == "column_2"} == {"column_2": "values"}
    assert [p for p in secrets if p in json.dumps(report)] == []


def test_a_credential_list_whose_first_line_was_taken_for_a_header_hides_it(tmp_path: Path) -> None:
    rng = random.Random(8)
    lines = [f"{k};{p}" for k, p in zip(_logins(rng, ROWS), _leaked_passwords(rng, ROWS), strict=True)]
    text = "kikisoleil;Azerty\n" + "\n".join(lines) + "\n"  # two labels to the sniffer: a header row
    rows, report = _scan(_write(tmp_path, "combo.txt", text.encode()))
    assert {field for ent, *_r, field, _s, _v in rows if ent == "PASSWORD"} == {"*"}
    assert "Azerty" not in json.dumps(report)


def _user_name(rng: random.Random, email: str) -> str:
    """A user name made from an e-mail's local part, of varied shapes (`abonne12.ma_7`, `ABONNE3`)."""
    local = email.split("@")[0][: rng.randint(5, 14)]
    local = local.upper() if rng.random() < 0.3 else local
    return local + rng.choice(["", "_", "-", "!"]) + str(rng.randint(0, 10 ** rng.randint(1, 4)))


def _negative_tables() -> dict[str, list[str]]:
    rng = random.Random(9)
    emails = _emails(ROWS)
    surnames = ["Dupont", "Martin", "Bernard", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel", "Garcia"]
    cities = ["Paris", "Lyon", "Marseille", "Lille", "Nantes", "Rennes", "Brest", "Nice", "Metz", "Dijon"]
    second = {
        "label-surname": [f"Nom;{rng.choice(surnames)}{rng.choice(['', '-' + rng.choice(surnames)])}" for _ in emails],
        "email-surname": [f"{e};{rng.choice(surnames)}" for e in emails],
        "email-city": [f"{e};{rng.choice(cities)}" for e in emails],
        "email-product-code": [f"{e};AB-{rng.randint(1000, 9999)}" for e in emails],
        "email-amount": [f"{e};{rng.randint(1, 999)},{rng.randint(10, 99)}" for e in emails],
        "email-date": [
            f"{e};{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(10, 25)}" for e in emails
        ],
        "email-status": [f"{e};{rng.choice(['actif', 'inactif', 'suspendu'])}" for e in emails],
        "email-username": [f"{e};{_user_name(rng, e)}" for e in emails],
        "email-md5": [f"{e};{rng.getrandbits(128):032x}" for e in emails],
        "login-first-name": [
            f"{lg};{rng.choice(['jean', 'marie', 'luc', 'anne', 'paul', 'lea'])}" for lg in _logins(rng, ROWS)
        ],
        "file-sha1": [f"rapport_{i}.pdf;{rng.getrandbits(160):040x}" for i in range(ROWS)],
        "product-reference": [f"SKU{i:05d};REF-{rng.randint(100, 999)}-{rng.choice('ABCDEF')}" for i in range(ROWS)],
    }
    return second


@pytest.mark.parametrize("name", sorted(_negative_tables()))
def test_two_column_tables_that_are_no_credential_lists(tmp_path: Path, name: str) -> None:
    """Codes, names, amounts, dates, labels, user names made from the e-mail, digests: no password."""
    text = "\n".join(_negative_tables()[name]) + "\n"
    rows, _report = _scan(_write(tmp_path, "table.csv", text.encode()))
    assert not {ent for ent, *_ in rows} & {"PASSWORD", "PASSWORD_HASH"}, name
