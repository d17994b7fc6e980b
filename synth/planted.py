"""Planted people for recovery checks: rows of valid identifiers under the headers that give them context, for
a test or a benchmark to write in some layout, scan, and compare what comes back with what was planted.

Two tables:

* :data:`COLUMNS` / :func:`planted_rows`: French nationals only (a French passport, ``français`` or
  ``française``), one given name, a compact NIR and IBAN: every value is one the engine must recover under
  its header, in any format (the text-layout and SQL tests, ``benchmarks.text_variants``);
* :data:`MIXED_COLUMNS` / :func:`mixed_rows`: the factory's usual mix of French and foreign people (a French
  passport number stands in for a foreign one, which is another entity), written as a CSV by
  :func:`mixed_csv` (the container tests: archives, mailboxes, spreadsheets).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from synth.formatting import format_date, format_iban, format_nir
from synth.people import PersonFactory

__all__ = ["COLUMNS", "MIXED_COLUMNS", "mixed_csv", "mixed_rows", "planted_rows"]

COLUMNS = (
    ("nom", "PERSON"),
    ("prenom", "PERSON"),
    ("email", "EMAIL_ADDRESS"),
    ("nir", "FR_NIR"),
    ("telephone", "PHONE_NUMBER"),
    ("iban", "IBAN_CODE"),
    ("numero_passeport", "FR_PASSPORT"),
    ("date_naissance", "DATE_OF_BIRTH"),
    ("nationalite", "NATIONALITY"),
)
"""Header and the entity its values are (a French passport only: foreign shapes are another entity)."""


def planted_rows(n: int, *, seed: int = 11, ascii_only: bool = False) -> list[dict[str, str]]:
    """`n` French people as rows keyed by the `COLUMNS` headers.

    `ascii_only` folds accents away, for encodings that cannot write every French letter the same way.
    """
    factory = PersonFactory(seed, french_share=1.0)
    rows = []
    while len(rows) < n:
        p = factory.person()
        if not p.passport_is_french:
            continue
        row = {
            "nom": p.surname.upper(),
            "prenom": p.given_names.split(" ")[0],
            "email": p.email,
            "nir": p.nir,
            "telephone": p.phone,
            "iban": p.iban,
            "numero_passeport": p.passport,
            "date_naissance": format_date(p.dob),
            "nationalite": "française" if p.sex == "F" else "français",
        }
        if ascii_only:
            row = {k: _ascii(v) for k, v in row.items()}
        rows.append(row)
    return rows


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


MIXED_COLUMNS = ("nom", "prenom", "email", "nir", "passeport", "date_naissance", "telephone", "iban", "nationalite")


def mixed_rows(seed: int, n: int) -> list[dict[str, str]]:
    """`n` rows of French and foreign people under `MIXED_COLUMNS`."""
    factory = PersonFactory(seed)
    rows = []
    for _ in range(n):
        p = factory.person()
        rows.append(
            {
                "nom": p.surname,
                "prenom": p.given_names,
                "email": p.email,
                "nir": format_nir(p.nir),
                # French passports only: a foreign number under a passport header is another entity
                # (FOREIGN_PASSPORT); the container tests measure reading, not that.
                "passeport": p.passport if p.passport_is_french else factory.french_passport(),
                "date_naissance": format_date(p.dob),
                "telephone": p.phone,
                "iban": format_iban(p.iban),
                "nationalite": p.nationality,
            }
        )
    return rows


def mixed_csv(rows: Iterable[dict[str, str]], *, delimiter: str = ";") -> bytes:
    """The rows of :func:`mixed_rows` as a UTF-8 CSV with a header line, LF line ends."""
    lines = [delimiter.join(MIXED_COLUMNS)]
    lines += [delimiter.join(r[c] for c in MIXED_COLUMNS) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
