"""PERSON precision: a person's name inside a product, facility or street phrase names that thing.

Generated at test time (seeded Faker `fr_FR` names, our own word pools): a product catalogue and a list of
public facilities whose labels hold people's names (`Fauteuil Jean Martin`, `Gymnase Claire Dubois`,
`Centre social Luc Petit`) must give no PERSON finding, while the same names in name fields, after a
civility or a context word, or governed by a function word (`la maison de Jean Martin`) are still found.
Every table also goes through the kernel-vs-reference comparison of `test_reference`.
"""

from __future__ import annotations

import random

import pytest
from faker import Faker
from test_reference import compare, scan_chunks

from piiscan.pack import ENTITY_ORDER

PERSON = ENTITY_ORDER.index("PERSON")

# our own pools: object and facility words of the pack's place_words.txt or person.yaml's negative_context,
# with words that may follow them before the name (adjectives, complements)
OBJECTS = ["Fauteuil", "Lampe", "Chaise", "Miroir", "Commode", "Tabouret", "Affiche", "Coffret", "Vase", "Horloge"]
OBJECT_TAILS = ["en chêne", "laiton brossé", "édition limitée", "noir mat", ""]
FACILITIES = [
    "Gymnase",
    "Piscine",
    "Médiathèque",
    "Stade",
    "Collège",
    "Centre social",
    "Salle polyvalente",
    "Maison de quartier",
    "Espace culturel",
    "Résidence",
]
SHOPS = ["Magasin", "Boutique", "Showroom", "Dépôt"]


def _names(n: int, seed: int) -> list[tuple[str, str]]:
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    return [(fake.first_name(), fake.last_name()) for _ in range(n)]


def _catalogue(rng: random.Random, names: list[tuple[str, str]]) -> bytes:
    lines = ["reference;libelle;point_de_vente;prix"]
    for k, (first, last) in enumerate(names):
        tail = rng.choice(OBJECT_TAILS)
        label = f"{rng.choice(OBJECTS)} {first} {last}" + (f" {tail}" if tail else "")
        first2, last2 = rng.choice(names)
        lines.append(f"REF-{k:05d};{label};{rng.choice(SHOPS)} {first2} {last2};{rng.randint(10, 999)},00")
    return ("\n".join(lines) + "\n").encode()


def _facilities(rng: random.Random, names: list[tuple[str, str]]) -> bytes:
    lines = ["identifiant,nom_equipement,commune,capacite"]
    for k, (first, last) in enumerate(names):
        lines.append(f'F{k:05d},"{rng.choice(FACILITIES)} {first} {last}",Villeneuve,{rng.randint(50, 900)}')
    return ("\n".join(lines) + "\n").encode()


def _person_findings(data: bytes) -> list[str]:
    chunks = scan_chunks(data=data)
    verdict = compare(chunks)
    assert not verdict.failures, "\n\n".join(verdict.failures)
    return [
        c.data[f.start : f.end].decode("utf-8", "replace")
        for c in chunks
        for f in c.kernel.findings
        if f.entity == PERSON
    ]


@pytest.mark.parametrize("make", [_catalogue, _facilities], ids=["catalogue", "facilities"])
def test_names_inside_product_and_facility_labels_are_not_persons(make) -> None:
    rng = random.Random(20)
    data = make(rng, _names(60, seed=20))
    assert _person_findings(data) == []


def test_the_same_names_stay_persons_where_they_are_about_a_person() -> None:
    names = _names(40, seed=21)
    rows = ["nom;prenom;observations"]
    expected: list[str] = []
    for k, (first, last) in enumerate(names):
        note = [
            f"Reçu par M. {first} {last.upper()}",
            f"visite à la maison de {first} {last.upper()}",
            f"dossier transmis au centre social par {first} {last.upper()}",
        ][k % 3]
        rows.append(f"{last};{first};{note}")
        expected += [last, first, f"{first} {last.upper()}"]
    found = _person_findings(("\n".join(rows) + "\n").encode())
    assert found == expected


def test_form_label_words_are_not_names() -> None:
    # single-word surnames: an upper-case particle (`DE OLIVEIRA`) is cut at the stop word `De`, before and after
    names = [(first, last) for first, last in _names(30, seed=22) if " " not in last][:20]
    lines = []
    expected = []
    for first, last in names:
        lines.append(f"Nom/Surname : {last.upper()}")
        lines.append(f"Prénoms/Given names : {first.upper()}")
        lines.append("Ancien IBAN : à mettre à jour")
        lines.append("Nouvelle adresse : voir courrier")
        expected += [last.upper(), first.upper()]
    found = _person_findings(("\n".join(lines) + "\n").encode())
    assert found == expected
