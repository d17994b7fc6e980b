"""A mysqldump-style UTF-8 file: two tables; INSERTs with a column list and one without (CREATE order)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from synth import entities as E
from synth.documents.common import other_date, time_on
from synth.formatting import format_date, format_date_fr, format_nir, format_phone
from synth.frag import Document, Frag, fill
from synth.people import PersonFactory
from synth.tables import BICS
from synth.writers import sql_value

__all__ = ["mysql_dump_document"]


_SQL_USAGERS = (
    ("id", "int(11) NOT NULL AUTO_INCREMENT"),
    ("civilite", "varchar(4) DEFAULT NULL"),
    ("nom", "varchar(64) NOT NULL"),
    ("prenom", "varchar(64) NOT NULL"),
    ("date_naissance", "date DEFAULT NULL"),
    ("lieu_naissance", "varchar(64) DEFAULT NULL"),
    ("nationalite", "varchar(32) DEFAULT NULL"),
    ("email", "varchar(128) DEFAULT NULL"),
    ("telephone", "varchar(20) DEFAULT NULL"),
    ("num_passeport", "varchar(16) DEFAULT NULL"),
    ("num_cni", "varchar(16) DEFAULT NULL"),
    ("num_etranger", "varchar(10) DEFAULT NULL"),
    ("nir", "varchar(21) DEFAULT NULL"),
    ("commentaire", "text"),
    ("created_at", "datetime NOT NULL"),
)
_SQL_RIB = (
    ("id", "int(11) NOT NULL AUTO_INCREMENT"),
    ("usager_id", "int(11) NOT NULL"),
    ("titulaire", "varchar(128) NOT NULL"),
    ("iban", "varchar(34) NOT NULL"),
    ("bic", "varchar(11) DEFAULT NULL"),
    ("date_mandat", "date DEFAULT NULL"),
)


def _sql_create(out: Frag, table: str, cols: Sequence[tuple[str, str]]) -> None:
    out.add(f"--\n-- Table structure for table `{table}`\n--\n\nDROP TABLE IF EXISTS `{table}`;\n")
    out.add(f"CREATE TABLE `{table}` (\n")
    for name, decl in cols:
        out.add(f"  `{name}` {decl},\n")
    out.add("  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n\n")


def _sql_insert(
    out: Frag,
    table: str,
    cols: Sequence[tuple[str, str]] | None,
    rows: Sequence[Sequence[Frag | str | int | None]],
) -> None:
    out.add(f"INSERT INTO `{table}` ")
    if cols is not None:
        out.add("(" + ",".join(f"`{c}`" for c, _ in cols) + ") ")
    out.add("VALUES ")
    for i, row in enumerate(rows):
        out.add("," if i else "").add("(")
        for j, v in enumerate(row):
            if j:
                out.add(",")
            sql_value(out, v)
        out.add(")")
    out.add(";\n")


def mysql_dump_document(seed: int = 6, rows: int = 160) -> Document:
    """A mysqldump-style UTF-8 file: two tables; INSERTs with a column list and one without (CREATE order)."""
    rng = random.Random(seed * 7919 + 6)
    pf = PersonFactory(seed, french_share=0.5)
    out = Frag()
    out.add(
        "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n"
        "-- Host: localhost    Database: accueil\n"
        "-- ------------------------------------------------------\n-- Server version\t8.0.36\n\n"
        "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n/*!50503 SET NAMES utf8mb4 */;\n"
        "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n\n"
    )
    _sql_create(out, "usagers", _SQL_USAGERS)
    usagers: list[list[Frag | str | int | None]] = []
    ribs: list[list[Frag | str | int | None]] = []
    for i in range(1, rows + 1):
        p = pf.person()
        comment: Frag | None = None
        r = rng.random()
        if r < 0.15:
            comment = fill(
                "l'usager a présenté son passeport n° {pp} le {d}",
                {
                    "pp": (p.passport, E.FR_PASSPORT if p.passport_is_french else None),
                    "d": format_date(other_date(rng, p.record_date, 30), "slash"),
                },
            )
        elif r < 0.25:
            comment = fill(
                'Né le {dob} à {place} ; "dossier prioritaire"',
                {"dob": (format_date_fr(p.dob), E.DATE_OF_BIRTH), "place": p.birthplace},
            )
        elif r < 0.32:
            comment = fill(
                "Rappeler au {phone}\nou écrire à {email}",
                {
                    "phone": (format_phone(pf.phone_digits(), "dot"), E.PHONE_NUMBER),
                    "email": (pf.email(p.given_names, p.surname, p.dob), E.EMAIL_ADDRESS),
                },
            )
        created = time_on(rng, p.record_date, first_hour=7, last_hour=20)
        usagers.append(
            [
                i,
                "M." if p.sex == "M" else "Mme",
                Frag(p.surname.upper(), E.PERSON),
                Frag(p.given_names, E.PERSON),
                Frag(p.dob.isoformat(), E.DATE_OF_BIRTH),
                p.birthplace,
                Frag(p.nationality, E.NATIONALITY),
                Frag(p.email, E.EMAIL_ADDRESS) if rng.random() < 0.95 else None,
                Frag(p.phone, E.PHONE_NUMBER),
                Frag(p.passport, E.passport_entity(p)) if rng.random() < 0.8 else None,
                Frag(p.cni, E.FR_ID_CARD) if p.cni else None,
                Frag(p.agdref, E.FR_RESIDENCE_PERMIT) if p.agdref else None,
                Frag(format_nir(p.nir, rng.random() < 0.2), E.FR_NIR),
                comment,
                created.strftime("%Y-%m-%d %H:%M:%S"),
            ]
        )
        if rng.random() < 0.5:
            titulaire = Frag(p.full_name(surname_first=rng.random() < 0.5), E.PERSON)
            ribs.append(
                [
                    len(ribs) + 1,
                    i,
                    titulaire,
                    Frag(p.iban, E.IBAN_CODE),
                    rng.choice(BICS),
                    other_date(rng, p.record_date, 60).isoformat(),
                ]
            )
    out.add("LOCK TABLES `usagers` WRITE;\n/*!40000 ALTER TABLE `usagers` DISABLE KEYS */;\n")
    batch = 40
    for start in range(0, len(usagers) - batch, batch):
        _sql_insert(out, "usagers", _SQL_USAGERS, usagers[start : start + batch])
    last = (len(usagers) - 1) // batch * batch if len(usagers) > batch else 0
    _sql_insert(out, "usagers", None, usagers[last:])  # no column list: relies on the CREATE TABLE order
    out.add("/*!40000 ALTER TABLE `usagers` ENABLE KEYS */;\nUNLOCK TABLES;\n\n")
    _sql_create(out, "rib", _SQL_RIB)
    out.add("LOCK TABLES `rib` WRITE;\n")
    if ribs:
        _sql_insert(out, "rib", _SQL_RIB, ribs)
    out.add("UNLOCK TABLES;\n\n-- Dump completed on 2024-03-18 10:42:17\n")
    return Document(out, "utf-8")
