"""How values are written: dates (numeric and French long form), phone numbers, NIRs and IBANs (compact or
grouped), nationalities (adjective, code or country name), and the folded forms of names (e-mail tokens,
MRZ names)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from synth.tables import Country

__all__ = [
    "DATE_STYLES",
    "MONTHS_FR",
    "NATIONALITY_STYLES",
    "PHONE_STYLES",
    "ascii_fold",
    "email_token",
    "format_date",
    "format_date_fr",
    "format_iban",
    "format_nir",
    "format_phone",
    "mrz_name",
    "nationality_label",
]


MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def ascii_fold(text: str) -> str:
    """Strip accents (``é``→``e``, ``œ``→``oe``), keep case."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def email_token(text: str) -> str:
    """A name as an e-mail local-part token: folded, lower case, letters digits and hyphens only."""
    return re.sub(r"[^a-z0-9-]", "", ascii_fold(text).lower().replace(" ", "-")).strip("-")


def mrz_name(text: str) -> str:
    """A name as written in an MRZ: folded, upper case, apostrophes dropped, spaces and hyphens → ``<``."""
    folded = ascii_fold(text).upper().replace("'", "")
    return re.sub(r"[^A-Z]+", "<", folded).strip("<")


DATE_STYLES = ("iso", "slash", "dot", "dash")
PHONE_STYLES = ("space", "dot", "dash", "compact", "intl_space", "intl_compact")


def format_date(d: date, style: str = "slash") -> str:
    """``iso`` 1985-12-15, ``slash`` 15/12/1985, ``dot`` 15.12.1985, ``dash`` 15-12-1985."""
    if style == "iso":
        return d.isoformat()
    sep = {"slash": "/", "dot": ".", "dash": "-"}[style]
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year:04d}"


def format_date_fr(d: date, *, upper: bool = False, ascii_only: bool = False) -> str:
    """A French long date: ``12 mars 1985``, ``1er août 1990`` (``1ER AOUT 1990`` upper, unaccented)."""
    text = f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}"
    if ascii_only:
        text = ascii_fold(text)
    return text.upper() if upper else text


def format_phone(digits: str, style: str = "space") -> str:
    """A 10-digit national number ``0612345678`` in one of :data:`PHONE_STYLES`."""
    pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
    if style == "space":
        return " ".join(pairs)
    if style == "dot":
        return ".".join(pairs)
    if style == "dash":
        return "-".join(pairs)
    if style == "compact":
        return digits
    if style == "intl_space":
        return "+33 " + digits[1] + " " + " ".join(pairs[1:])
    if style == "intl_compact":
        return "+33" + digits[1:]
    if style == "intl_paren":
        return "+33 (0)" + digits[1] + " " + " ".join(pairs[1:])
    if style == "intl_00":
        return "0033 " + digits[1] + " " + " ".join(pairs[1:])
    raise ValueError(f"unknown phone style {style!r}")


def format_nir(nir: str, spaced: bool = False) -> str:
    """A compact 15-character NIR, or spaced ``1 85 12 75 108 123 45``."""
    if not spaced:
        return nir
    return " ".join((nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:15]))


def format_iban(iban: str, grouped: bool = False) -> str:
    """A compact IBAN, or grouped by 4 (``FR76 3000 6000 0112 3456 7890 189``)."""
    if not grouped:
        return iban
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


NATIONALITY_STYLES = ("adj", "Adj", "ADJ", "ADJ_ASCII", "adj_ascii", "alpha3", "name", "NAME")


def nationality_label(country: Country, sex: str, style: str) -> str:
    """A nationality as written in a nationality field (adjective agreeing with ``sex``, code or name)."""
    adj = country.adjective(sex)
    if style == "adj":
        return adj
    if style == "Adj":
        return adj[0].upper() + adj[1:]
    if style == "ADJ":
        return adj.upper()
    if style == "ADJ_ASCII":
        return ascii_fold(adj).upper()
    if style == "adj_ascii":
        return ascii_fold(adj)
    if style == "alpha3":
        return country.alpha3
    if style == "name":
        return country.name
    if style == "NAME":
        return country.name.upper()
    raise ValueError(f"unknown nationality style {style!r}")
