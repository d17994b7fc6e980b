"""piiscan_synth: seeded synthetic French personal data, written with the exact truth of every planted value.

Everything here is synthetic: names come from Faker's ``fr_FR`` tables and from small lists of our own,
identifiers are drawn at random with **valid** check digits where the real ones have them (NIR key,
IBAN ISO 7064 mod 97-10 and RIB key, ICAO 9303 7-3-1 MRZ check digits). The check-digit code is private
to this module on purpose: the generators must not share a bug with ``piiscan.validators``.

Two layers:

* the **fixture layer** (:class:`PersonFactory`, :class:`Frag`, the ``*_document`` builders) is plain
  Python, one :class:`Person` at a time; every builder returns a :class:`Document` whose
  :meth:`Document.render` gives the file's bytes and the byte spans of every planted value;
* the **dump layer** (:func:`write_ofii_dump`) writes a dense OFII-like CSV at hundreds of MB/s: names
  and places are pre-encoded pools indexed with numpy random integers, identifiers are built as numpy
  digit matrices (check digits computed vectorised), rows are joined a block at a time.

Truth conventions (what a span covers; see also ``benchmarks/README.md``):

* offsets and lengths are in bytes of the file **as written, in its own encoding** (cp1252 counts one byte
  per character, UTF-16 counts code units × 2 with the BOM included), and for compressed files refer to
  the decompressed bytes; an archive member is named ``archive.zip!member``;
* a span covers the value's bytes as they appear in the file, escapes included (JSON ``\\u00e9`` or
  ``\\/``, SQL ``\\'``), never the surrounding quotes;
* ``PERSON``: one span per name cell (surname and given names are separate cells); in free text one span
  per written name (``Karim BENALI``); in an MRZ one span for the surname and one for the given names
  (``JEAN<PIERRE``);
* ``DATE_OF_BIRTH``: only birth dates (deposit, appointment, expiry, creation dates are not); the 6-digit
  birth date inside an MRZ is one;
* ``NATIONALITY``: only the nationality of a person (not a birth country, destination or issuing state);
  the nationality field of a passport / CNIe MRZ is one;
* ``MRZ``: one span per MRZ line (as in the dev corpus's labelling conventions); formerly the whole zone (line
  breaks included); the document number, birth date, nationality and names inside are reported too;
* ``FR_PASSPORT`` only for French passport numbers (``\\d{2}[A-Z]{2}\\d{5}``); ``FOREIGN_PASSPORT`` for
  another state's passport number in a passport column or key, or in a passport MRZ issued by that state
  (in free text, where only the French shape is reported after a passport word, it has no truth span);
  ``FR_ID_CARD`` for the old 12-character CNI and the 9-character CNIe; ``FR_RESIDENCE_PERMIT`` for the
  10-digit AGDREF number; ``IBAN_CODE`` for IBANs (French, a few German/Belgian/Spanish ones), compact or
  grouped by 4.
"""

from __future__ import annotations

import bz2
import gzip
import io
import itertools
import json
import lzma
import random
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "COUNTRIES",
    "DATE_OF_BIRTH",
    "DUMP_PROFILES",
    "EMAIL_ADDRESS",
    "ENTITIES",
    "FOREIGN_PASSPORT",
    "FR_ID_CARD",
    "FR_NIR",
    "FR_PASSPORT",
    "FR_RESIDENCE_PERMIT",
    "IBAN_CODE",
    "MRZ",
    "NATIONALITY",
    "OFII_HEADER",
    "PERSON",
    "PHONE_NUMBER",
    "Bare",
    "Country",
    "Document",
    "DumpStats",
    "Frag",
    "Person",
    "PersonFactory",
    "Span",
    "abonnes_document",
    "compress",
    "excel_unicode_document",
    "fill",
    "format_date",
    "format_date_fr",
    "format_iban",
    "format_nir",
    "format_phone",
    "json_frag",
    "mrz_cni_frag",
    "mrz_td1_frag",
    "mrz_td3_frag",
    "mysql_dump_document",
    "nationality_label",
    "notes_document",
    "ofii_document",
    "render",
    "truth_records",
    "visas_json_document",
    "visas_jsonl_document",
    "write_ofii_dump",
    "write_truth",
    "zip_bytes",
]

# --------------------------------------------------------------------------------------------------
# Entity names (DESIGN §1)
# --------------------------------------------------------------------------------------------------

EMAIL_ADDRESS = "EMAIL_ADDRESS"
FR_PASSPORT = "FR_PASSPORT"
FR_ID_CARD = "FR_ID_CARD"
FR_NIR = "FR_NIR"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
NATIONALITY = "NATIONALITY"
PHONE_NUMBER = "PHONE_NUMBER"
IBAN_CODE = "IBAN_CODE"
FR_RESIDENCE_PERMIT = "FR_RESIDENCE_PERMIT"
MRZ = "MRZ"
PERSON = "PERSON"
FOREIGN_PASSPORT = "FOREIGN_PASSPORT"
ENTITIES: tuple[str, ...] = (
    EMAIL_ADDRESS,
    FR_PASSPORT,
    FR_ID_CARD,
    FR_NIR,
    DATE_OF_BIRTH,
    NATIONALITY,
    PHONE_NUMBER,
    IBAN_CODE,
    FR_RESIDENCE_PERMIT,
    MRZ,
    PERSON,
    FOREIGN_PASSPORT,
)


def _passport_entity(p: Person) -> str:
    """The truth entity of a person's passport number in a passport column, key or MRZ."""
    return FR_PASSPORT if p.passport_is_french else FOREIGN_PASSPORT


OFII_HEADER: tuple[str, ...] = (
    "N° dossier",
    "Nom",
    "Prénom",
    "Date de naissance",
    "Lieu de naissance",
    "Nationalité",
    "Courriel",
    "Téléphone",
    "N° passeport",
    "N° étranger",
    "NIR",
    "Date de dépôt",
    "Observations",
)

# --------------------------------------------------------------------------------------------------
# Check digits (private: independent of piiscan.validators on purpose)
# --------------------------------------------------------------------------------------------------


def _nir_key(first13: str) -> int:
    """NIR key: 97 − (N mod 97), N the 13 first characters with Corsica 2A→19, 2B→18."""
    n = int(first13[:5] + first13[5:7].replace("2A", "19").replace("2B", "18") + first13[7:13])
    return 97 - n % 97


def _mod97(digits: str) -> int:
    """The remainder of a (long) decimal string modulo 97."""
    r = 0
    for i in range(0, len(digits), 9):
        chunk = digits[i : i + 9]
        r = (r * 10 ** len(chunk) + int(chunk)) % 97
    return r


def _iban(country: str, bban: str) -> str:
    """A compact IBAN with its ISO 7064 mod 97-10 check digits."""
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - _mod97(numeric):02d}{bban}"


_RIB_LETTERS = "123456789123456789234567890"  # A..I → 1..9, J..R → 1..9, S..Z → 2..9


def _rib_key(bank: str, branch: str, account: str) -> str:
    """The French RIB key: 97 − ((89·bank + 15·branch + 3·account) mod 97), letters mapped A,J→1 …"""
    acc = "".join(c if c.isdigit() else _RIB_LETTERS[ord(c) - 65] for c in account)
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97:02d}"


def _mrz_check(field_: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1; digits as is, A=10 … Z=35, filler < = 0."""
    total = 0
    for i, c in enumerate(field_):
        value = 0 if c == "<" else int(c, 36)
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


# --------------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    """A country of nationality / birth, with the French adjectives and the INSEE code used in NIRs."""

    alpha3: str
    name: str
    adj_m: str
    adj_f: str
    adj_mp: str
    adj_fp: str
    insee: str  # 3 digits after "99" (born abroad); "" for France
    region: str  # key into the name pools
    cities: tuple[str, ...]
    passport_style: str  # "fr", "LLDDDDDDD", "DDDDDDDDD", "LDDDDDDDD", "LDDDDDDD"
    weight: float  # relative share among foreigners in the OFII-like data

    def adjective(self, sex: str = "M", plural: bool = False) -> str:
        """The French adjective agreeing with ``sex`` (``"M"``/``"F"``) and number."""
        if sex == "F":
            return self.adj_fp if plural else self.adj_f
        return self.adj_mp if plural else self.adj_m


def _c(spec: str, cities: str, region: str, style: str, weight: float) -> Country:
    alpha3, name, m, f, mp, fp, insee = spec.split("|")
    return Country(alpha3, name, m, f, mp, fp, insee, region, tuple(cities.split(",")), style, weight)


COUNTRIES: tuple[Country, ...] = (
    _c("FRA|France|français|française|français|françaises|", "", "fr", "fr", 0.0),
    _c(
        "MAR|Maroc|marocain|marocaine|marocains|marocaines|350",
        "Casablanca,Rabat,Fès,Marrakech,Tanger,Oujda,Agadir",
        "maghreb",
        "LLDDDDDDD",
        12,
    ),
    _c(
        "DZA|Algérie|algérien|algérienne|algériens|algériennes|352",
        "Alger,Oran,Constantine,Annaba,Tizi Ouzou,Sétif",
        "maghreb",
        "DDDDDDDDD",
        14,
    ),
    _c(
        "TUN|Tunisie|tunisien|tunisienne|tunisiens|tunisiennes|351",
        "Tunis,Sfax,Sousse,Bizerte",
        "maghreb",
        "LDDDDDDD",
        6,
    ),
    _c(
        "SEN|Sénégal|sénégalais|sénégalaise|sénégalais|sénégalaises|341",
        "Dakar,Thiès,Saint-Louis,Ziguinchor",
        "africa",
        "LDDDDDDDD",
        4,
    ),
    _c("MLI|Mali|malien|malienne|maliens|maliennes|335", "Bamako,Kayes,Sikasso", "africa", "LDDDDDDDD", 4),
    _c(
        "CIV|Côte d'Ivoire|ivoirien|ivoirienne|ivoiriens|ivoiriennes|326",
        "Abidjan,Bouaké,Yamoussoukro",
        "africa",
        "LLDDDDDDD",
        5,
    ),
    _c(
        "CMR|Cameroun|camerounais|camerounaise|camerounais|camerounaises|322",
        "Douala,Yaoundé,Bafoussam",
        "africa",
        "LLDDDDDDD",
        3,
    ),
    _c("GIN|Guinée|guinéen|guinéenne|guinéens|guinéennes|330", "Conakry,Kankan,Labé", "africa", "LDDDDDDD", 4),
    _c(
        "COD|République démocratique du Congo|congolais|congolaise|congolais|congolaises|312",
        "Kinshasa,Lubumbashi,Goma",
        "africa",
        "LLDDDDDDD",
        3,
    ),
    _c(
        "COM|Comores|comorien|comorienne|comoriens|comoriennes|397",
        "Moroni,Mutsamudu",
        "africa",
        "LDDDDDDDD",
        2,
    ),
    _c(
        "MDG|Madagascar|malgache|malgache|malgaches|malgaches|333",
        "Antananarivo,Toamasina",
        "africa",
        "LDDDDDDD",
        1,
    ),
    _c(
        "NGA|Nigeria|nigérian|nigériane|nigérians|nigérianes|315",
        "Lagos,Abuja,Benin City",
        "africa",
        "LDDDDDDDD",
        2,
    ),
    _c(
        "MRT|Mauritanie|mauritanien|mauritanienne|mauritaniens|mauritaniennes|336",
        "Nouakchott,Nouadhibou",
        "maghreb",
        "DDDDDDDDD",
        1,
    ),
    _c(
        "EGY|Égypte|égyptien|égyptienne|égyptiens|égyptiennes|301",
        "Le Caire,Alexandrie",
        "maghreb",
        "LDDDDDDDD",
        1,
    ),
    _c("SYR|Syrie|syrien|syrienne|syriens|syriennes|206", "Damas,Alep,Homs", "maghreb", "DDDDDDDDD", 3),
    _c(
        "AFG|Afghanistan|afghan|afghane|afghans|afghanes|212",
        "Kaboul,Hérat,Kandahar,Mazar-e Charif",
        "asia_s",
        "LDDDDDDD",
        6,
    ),
    _c(
        "PAK|Pakistan|pakistanais|pakistanaise|pakistanais|pakistanaises|213",
        "Karachi,Lahore,Islamabad",
        "asia_s",
        "LLDDDDDDD",
        2,
    ),
    _c(
        "BGD|Bangladesh|bangladais|bangladaise|bangladais|bangladaises|246",
        "Dacca,Sylhet,Chittagong",
        "asia_s",
        "LLDDDDDDD",
        2,
    ),
    _c(
        "IND|Inde|indien|indienne|indiens|indiennes|223",
        "Pondichéry,New Delhi,Chennai",
        "asia_s",
        "LDDDDDDD",
        1,
    ),
    _c(
        "LKA|Sri Lanka|sri-lankais|sri-lankaise|sri-lankais|sri-lankaises|235",
        "Colombo,Jaffna",
        "asia_s",
        "LDDDDDDD",
        1,
    ),
    _c(
        "TUR|Turquie|turc|turque|turcs|turques|208",
        "Istanbul,Ankara,Izmir,Kayseri",
        "europe_e",
        "LDDDDDDDD",
        4,
    ),
    _c(
        "ROU|Roumanie|roumain|roumaine|roumains|roumaines|114",
        "Bucarest,Cluj-Napoca,Iasi,Constanta",
        "europe_e",
        "DDDDDDDDD",
        3,
    ),
    _c(
        "UKR|Ukraine|ukrainien|ukrainienne|ukrainiens|ukrainiennes|155",
        "Kiev,Kharkiv,Odessa,Lviv",
        "europe_e",
        "LLDDDDDDD",
        3,
    ),
    _c(
        "RUS|Russie|russe|russe|russes|russes|123",
        "Moscou,Saint-Pétersbourg,Kazan",
        "europe_e",
        "DDDDDDDDD",
        2,
    ),
    _c(
        "ALB|Albanie|albanais|albanaise|albanais|albanaises|125",
        "Tirana,Durrës,Shkodër",
        "europe_e",
        "LLDDDDDDD",
        2,
    ),
    _c(
        "GEO|Géorgie|géorgien|géorgienne|géorgiens|géorgiennes|255",
        "Tbilissi,Koutaïssi,Batoumi",
        "europe_e",
        "LLDDDDDDD",
        2,
    ),
    _c(
        "CHN|Chine|chinois|chinoise|chinois|chinoises|216",
        "Pékin,Shanghai,Wenzhou,Canton",
        "asia_e",
        "LDDDDDDDD",
        3,
    ),
    _c(
        "VNM|Viêt Nam|vietnamien|vietnamienne|vietnamiens|vietnamiennes|243",
        "Hanoï,Hô Chi Minh-Ville,Hué",
        "asia_e",
        "LDDDDDDD",
        1,
    ),
    _c(
        "PRT|Portugal|portugais|portugaise|portugais|portugaises|139",
        "Lisbonne,Porto,Braga",
        "latin",
        "LDDDDDDD",
        2,
    ),
    _c(
        "BRA|Brésil|brésilien|brésilienne|brésiliens|brésiliennes|416",
        "São Paulo,Rio de Janeiro,Belém",
        "latin",
        "LLDDDDDDD",
        2,
    ),
    _c(
        "HTI|Haïti|haïtien|haïtienne|haïtiens|haïtiennes|432",
        "Port-au-Prince,Cap-Haïtien",
        "latin",
        "LLDDDDDDD",
        2,
    ),
    _c(
        "ITA|Italie|italien|italienne|italiens|italiennes|127",
        "Rome,Milan,Naples,Turin",
        "latin",
        "LLDDDDDDD",
        1,
    ),
    _c(
        "ESP|Espagne|espagnol|espagnole|espagnols|espagnoles|134",
        "Madrid,Barcelone,Séville",
        "latin",
        "LLLDDDDDD",
        1,
    ),
    _c("BEL|Belgique|belge|belge|belges|belges|131", "Bruxelles,Liège,Charleroi", "latin", "LLDDDDDDD", 1),
    _c(
        "DEU|Allemagne|allemand|allemande|allemands|allemandes|109",
        "Berlin,Munich,Hambourg",
        "latin",
        "LDDDDDDDD",
        1,
    ),
    _c(
        "GBR|Royaume-Uni|britannique|britannique|britanniques|britanniques|132",
        "Londres,Manchester,Leeds",
        "latin",
        "DDDDDDDDD",
        1,
    ),
    _c(
        "USA|États-Unis|américain|américaine|américains|américaines|404",
        "New York,Chicago,Boston",
        "latin",
        "DDDDDDDDD",
        1,
    ),
)
_FRANCE = COUNTRIES[0]
_FOREIGN = COUNTRIES[1:]
_BY_ALPHA3 = {c.alpha3: c for c in COUNTRIES}


def _words(text: str) -> tuple[str, ...]:
    """Items of a comma-separated list (items may contain spaces)."""
    return tuple(w.strip() for w in text.split(",") if w.strip())


# French cities with their département (NIR positions 6-7; "971".."976" are overseas).
_FR_CITIES: tuple[tuple[str, str], ...] = tuple(
    (item.rsplit(":", 1)[0], item.rsplit(":", 1)[1])
    for item in _words(
        "Paris:75,Marseille:13,Lyon:69,Toulouse:31,Nice:06,Nantes:44,Strasbourg:67,Montpellier:34,Bordeaux:33,"
        "Lille:59,Rennes:35,Reims:51,Le Havre:76,Saint-Étienne:42,Toulon:83,Grenoble:38,Dijon:21,Angers:49,"
        "Nîmes:30,Villeurbanne:69,Clermont-Ferrand:63,Le Mans:72,Aix-en-Provence:13,Brest:29,Tours:37,"
        "Amiens:80,Limoges:87,Perpignan:66,Metz:57,Besançon:25,Orléans:45,Rouen:76,Mulhouse:68,Caen:14,"
        "Nancy:54,Saint-Denis:93,Argenteuil:95,Montreuil:93,Roubaix:59,Créteil:94,Nanterre:92,Versailles:78,"
        "Évry:91,Cergy:95,Bobigny:93,Aubervilliers:93,Vitry-sur-Seine:94,L'Haÿ-les-Roses:94,"
        "Villeneuve-d'Ascq:59,Saint-Quentin:02,Bourg-en-Bresse:01,Annecy:74,Chambéry:73,Valence:26,"
        "Avignon:84,Pau:64,Bayonne:64,La Rochelle:17,Poitiers:86,Troyes:10,Colmar:68,Évreux:27,"
        "Ajaccio:2A,Porto-Vecchio:2A,Bastia:2B,Corte:2B,Pointe-à-Pitre:971,Fort-de-France:972,Cayenne:973,"
        "Saint-Pierre:974,Mamoudzou:976"
    )
)

_SURNAMES_BY_REGION: dict[str, tuple[str, ...]] = {
    "maghreb": _words(
        "BENALI,EL AMRANI,BOUZID,HADDAD,MANSOURI,BELKACEM,CHERIF,SAIDI,BOUAZIZ,AMRANI,EL IDRISSI,BENSAID,"
        "ZERROUKI,KACI,HAMIDI,MEZIANE,TAHIRI,OUALI,BENNANI,LAHLOU,CHAOUI,AZIZ,BOUDJEMA,BRAHIMI,BOUKHARI,"
        "BENYOUCEF,TALEB,AIT OUALI,BEN SALAH,MEDJAHED,ZIANI,GHARBI,JEBALI,TRABELSI"
    ),
    "africa": _words(
        "DIALLO,TRAORE,KONE,COULIBALY,DIOP,NDIAYE,N'DIAYE,CAMARA,SYLLA,SOW,BA,FALL,KEITA,TOURE,CISSE,DIARRA,"
        "SANGARE,OUATTARA,KOUASSI,YAO,BAMBA,MBAYE,SARR,FOFANA,KAMARA,MBALA,NGOMA,OKAFOR,ADEYEMI,RAKOTO,"
        "RANDRIANARISOA,SOILIHI,MADI,N'GUESSAN"
    ),
    "asia_s": _words(
        "HAIDARI,AHMADI,RAHIMI,KHAN,HUSSAIN,AKHTAR,ISLAM,RAHMAN,HOSSAIN,SINGH,KUMAR,SHARMA,PATEL,SIVARAJAH,"
        "NAVARATNAM,MOHAMMADI,SAFI,NOORI,STANEKZAI,POPAL"
    ),
    "europe_e": _words(
        "POPESCU,IONESCU,POPA,SHEVCHENKO,KOVALENKO,BONDARENKO,IVANOV,PETROV,SMIRNOVA,HOXHA,SHEHU,BERISHA,"
        "BERIDZE,KAPANADZE,YILMAZ,KAYA,DEMIR,SAHIN,CELIK,OZTURK"
    ),
    "asia_e": _words("WANG,LI,ZHANG,LIU,CHEN,HUANG,ZHOU,NGUYEN,TRAN,LE,PHAM,HOANG,VU,DANG"),
    "latin": _words(
        "SILVA,SANTOS,FERREIRA,PEREIRA,OLIVEIRA,COSTA,RODRIGUES,ROSSI,RUSSO,BIANCHI,GARCIA,FERNANDEZ,LOPEZ,"
        "MULLER,SCHMIDT,SMITH,JOHNSON,JEAN-BAPTISTE,PIERRE-LOUIS,JOSEPH,DESROSIERS"
    ),
}
# (male, female) given names per region.
_GIVEN_BY_REGION: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "maghreb": (
        _words(
            "Mohamed,Ahmed,Youssef,Karim,Mehdi,Rachid,Saïd,Hamza,Omar,Bilal,Sofiane,Nabil,Khaled,Mustapha,"
            "Abdelkader,Walid,Yassine,Amine"
        ),
        _words(
            "Fatima,Amina,Khadija,Nadia,Samira,Leïla,Yasmina,Meriem,Salma,Nour,Souad,Rachida,Hafsa,Imane,"
            "Zineb,Malika,Sonia"
        ),
    ),
    "africa": (
        _words(
            "Mamadou,Moussa,Ibrahima,Oumar,Amadou,Seydou,Boubacar,Abdoulaye,Cheikh,Lamine,Issa,"
            "Jean-Baptiste,Emmanuel,Serge,Koffi,Kouadio"
        ),
        _words(
            "Aminata,Fatoumata,Mariama,Awa,Aïssatou,Kadiatou,Binta,Adama,Rokia,Grâce,Esther,Mariam,Nafissatou,Chantal"
        ),
    ),
    "asia_s": (
        _words("Ali,Ahmad,Mohammad,Reza,Hassan,Imran,Arjun,Rahul,Sandeep,Rajesh,Tamim,Javed,Farid"),
        _words("Fatema,Zahra,Maryam,Shabnam,Priya,Anjali,Nasrin,Farida,Roya,Sahar"),
    ),
    "europe_e": (
        _words("Andrei,Ion,Mihai,Oleksandr,Dmytro,Sergueï,Ivan,Arben,Giorgi,Mehmet,Mustafa,Emre,Vasile"),
        _words("Elena,Ioana,Olena,Natalia,Irina,Olga,Anna,Elira,Nino,Ayse,Fatma,Elif,Tatiana"),
    ),
    "asia_e": (
        _words("Wei,Jun,Hao,Ming,Minh,Duc,Tuan,Long,Bao"),
        _words("Mei,Ling,Xiu,Lan,Thi Mai,Hoa,Yan,Thuy"),
    ),
    "latin": (
        _words("João,Pedro,Luca,Marco,Carlos,Javier,Hans,John,Ricardo,Wilson,Jean-Robert"),
        _words("Ana,Maria,Giulia,Sofia,Carmen,Laura,Emma,Beatriz,Nadège,Roseline"),
    ),
}

_EMAIL_DOMAINS: tuple[tuple[str, int], ...] = (
    ("gmail.com", 30),
    ("hotmail.fr", 12),
    ("yahoo.fr", 10),
    ("orange.fr", 10),
    ("outlook.fr", 6),
    ("free.fr", 6),
    ("laposte.net", 5),
    ("sfr.fr", 4),
    ("wanadoo.fr", 3),
    ("icloud.com", 3),
    ("gmx.fr", 2),
    ("live.fr", 3),
    ("hotmail.com", 3),
    ("yahoo.com", 2),
    ("protonmail.com", 1),
)
_BANKS = (
    "30004",
    "30003",
    "20041",
    "10278",
    "30002",
    "11306",
    "16606",
    "10907",
    "13335",
    "17515",
    "12506",
    "30066",
    "10096",
    "14445",
    "18206",
    "15589",
    "13507",
    "11425",
)
_BICS = (
    "BNPAFRPPXXX",
    "SOGEFRPPXXX",
    "PSSTFRPPPAR",
    "CMCIFR2AXXX",
    "CRLYFRPPXXX",
    "AGRIFRPP882",
    "CEPAFRPP751",
    "CCBPFRPPNAN",
)
_PREFECTURE_DEPTS = (
    "75",
    "92",
    "93",
    "94",
    "95",
    "91",
    "78",
    "77",
    "69",
    "13",
    "59",
    "31",
    "33",
    "67",
    "44",
    "34",
    "38",
    "06",
    "76",
    "35",
)
_MONTHS_FR = (
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
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _ascii_fold(text: str) -> str:
    """Strip accents (``é``→``e``, ``œ``→``oe``), keep case."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _email_token(text: str) -> str:
    """A name as an e-mail local-part token: folded, lower case, letters digits and hyphens only."""
    return re.sub(r"[^a-z0-9-]", "", _ascii_fold(text).lower().replace(" ", "-")).strip("-")


def _mrz_name(text: str) -> str:
    """A name as written in an MRZ: folded, upper case, apostrophes dropped, spaces and hyphens → ``<``."""
    folded = _ascii_fold(text).upper().replace("'", "")
    return re.sub(r"[^A-Z]+", "<", folded).strip("<")


# --------------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------------

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
    text = f"{'1er' if d.day == 1 else d.day} {_MONTHS_FR[d.month - 1]} {d.year}"
    if ascii_only:
        text = _ascii_fold(text)
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
        return _ascii_fold(adj).upper()
    if style == "adj_ascii":
        return _ascii_fold(adj)
    if style == "alpha3":
        return country.alpha3
    if style == "name":
        return country.name
    if style == "NAME":
        return country.name.upper()
    raise ValueError(f"unknown nationality style {style!r}")


# --------------------------------------------------------------------------------------------------
# Persons
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """One synthetic person; identifiers carry valid check digits and agree with each other.

    ``nationality`` and ``phone`` are one rendering chosen at creation (see :func:`nationality_label`
    and :func:`format_phone` for the others); ``country`` and ``phone_digits`` are the canonical values.
    French nationals carry a French passport and a CNI (old 12-char or CNIe); foreigners a foreign
    passport and an AGDREF number, and a NIR born abroad (dept 99) or a temporary NIA (sex digit 7/8).
    """

    surname: str
    given_names: str
    sex: str
    dob: date
    birthplace: str
    birth_country: Country
    country: Country
    nationality: str
    email: str
    phone_digits: str
    phone: str
    passport: str
    passport_is_french: bool
    passport_expiry: date
    cni: str | None
    cni_is_cnie: bool
    cni_expiry: date | None
    nir: str
    iban: str
    agdref: str | None
    record_date: date
    unknown_birth_month: bool = False

    @property
    def french(self) -> bool:
        """True for a French national."""
        return self.country is _FRANCE

    def full_name(self, *, surname_upper: bool = True, surname_first: bool = False) -> str:
        """``Jean-Pierre DUPONT`` (or ``DUPONT Jean-Pierre``)."""
        sur = self.surname.upper() if surname_upper else self.surname
        return f"{sur} {self.given_names}" if surname_first else f"{self.given_names} {sur}"

    def birthplace_label(self) -> str:
        """``Lyon`` for France, ``Casablanca (Maroc)`` abroad."""
        if self.birth_country is _FRANCE:
            return self.birthplace
        return f"{self.birthplace} ({self.birth_country.name})"

    def mrz_td3(self) -> tuple[str, str]:
        """The TD3 passport MRZ (2×44) with valid check digits (issuing state FRA for a French passport)."""
        frag = mrz_td3_frag(self)
        return tuple(frag.text().split("\n"))  # type: ignore[return-value]


class PersonFactory:
    """Seeded generator of :class:`Person` records (``random.Random(seed)``, Faker ``fr_FR`` tables).

    >>> p = PersonFactory(1).person()
    >>> len(p.nir), p.nir[:1] in "123478"
    (15, True)
    """

    def __init__(self, seed: int, *, french_share: float = 0.4) -> None:
        from faker import Faker  # imported here: the dump layer does not need it
        from faker.providers.person.fr_FR import Provider as _FrPersons

        self.rng = random.Random(seed)
        self.faker = Faker("fr_FR")
        self.faker.seed_instance(seed)
        self.french_share = french_share
        self._fr_surnames: tuple[str, ...] = tuple(_FrPersons.last_names)
        self._fr_given = (tuple(_FrPersons.first_names_male), tuple(_FrPersons.first_names_female))
        self._foreign_weights = [c.weight for c in _FOREIGN]
        self._domains = [d for d, _ in _EMAIL_DOMAINS]
        self._domain_weights = [w for _, w in _EMAIL_DOMAINS]

    # -- names ------------------------------------------------------------------------------------

    def surname(self, region: str = "fr") -> str:
        """A surname (French ones sometimes double-barrelled, foreign ones upper case)."""
        rng = self.rng
        if region == "fr":
            name = rng.choice(self._fr_surnames)
            if rng.random() < 0.08:
                name = f"{name}-{rng.choice(self._fr_surnames)}"
            return name
        name = rng.choice(_SURNAMES_BY_REGION[region])
        return name.title() if "'" not in name else name[0] + name[1:2] + name[2:].title()

    def given_names(self, sex: str, region: str = "fr") -> str:
        """One to three given names, sometimes composed with a hyphen (``Jean-Pierre``)."""
        rng = self.rng
        pool = self._fr_given[sex == "F"] if region == "fr" else _GIVEN_BY_REGION[region][sex == "F"]
        first = rng.choice(pool)
        r = rng.random()
        if region == "fr" and r < 0.15 and "-" not in first:
            second = rng.choice(pool)
            if second != first and "-" not in second:
                return f"{first}-{second}"
        if r > 0.85:
            extra = [rng.choice(pool) for _ in range(rng.randint(1, 2))]
            return " ".join(dict.fromkeys([first, *extra]))
        return first

    # -- identifiers ------------------------------------------------------------------------------

    def phone_digits(self) -> str:
        """A French number: mostly mobiles (06/07), some landlines (01-05, 09)."""
        rng = self.rng
        while True:
            digits = "0" + rng.choice("6666777123459") + "".join(rng.choice("0123456789") for _ in range(8))
            if digits[2:] != "00000000":
                return digits

    def french_passport(self) -> str:
        """``\\d{2}[A-Z]{2}\\d{5}``."""
        rng = self.rng
        return f"{rng.randint(0, 99):02d}" + rng.choice(_UPPER) + rng.choice(_UPPER) + f"{rng.randint(0, 99999):05d}"

    def foreign_passport(self, style: str) -> str:
        """A foreign passport number (``L`` letter, ``D`` digit); never the French shape."""
        rng = self.rng
        return "".join(rng.choice(_UPPER) if c == "L" else rng.choice("0123456789") for c in style)

    def old_cni(self, issued: date, dept: str) -> str:
        """Old CNI: YYMM of issue + 3-char département/office + 5-digit sequence."""
        office = dept if len(dept) == 3 else dept + str(self.rng.randint(0, 9))
        return f"{issued.year % 100:02d}{issued.month:02d}{office}{self.rng.randint(0, 99999):05d}"

    def cnie(self) -> str:
        """CNIe (2021): 9 of ``[0-9A-Z]`` with at least one digit and one letter."""
        rng = self.rng
        while True:
            v = "".join(rng.choice(_ALNUM) for _ in range(9))
            if (
                any(c.isdigit() for c in v)
                and any(c.isalpha() for c in v)
                and not re.fullmatch(r"\d{2}[A-Z]{2}\d{5}", v)
            ):
                return v

    def iban(self, country: str = "FR") -> str:
        """A compact IBAN with valid check digits (FR with a valid RIB key; DE, BE, ES for variety)."""
        rng = self.rng
        if country == "FR":
            bank = rng.choice(_BANKS)
            branch = f"{rng.randint(0, 99999):05d}"
            account = "".join(rng.choice("0123456789") for _ in range(11))
            if rng.random() < 0.1:
                pos = rng.randrange(11)
                account = account[:pos] + rng.choice(_UPPER) + account[pos + 1 :]
            return _iban("FR", bank + branch + account + _rib_key(bank, branch, account))
        if country == "DE":
            return _iban("DE", "".join(rng.choice("0123456789") for _ in range(18)))
        if country == "BE":
            first10 = "".join(rng.choice("0123456789") for _ in range(10))
            return _iban("BE", first10 + f"{int(first10) % 97 or 97:02d}")
        if country == "ES":
            return _iban("ES", "".join(rng.choice("0123456789") for _ in range(20)))
        raise ValueError(f"unsupported IBAN country {country!r}")

    def agdref(self) -> str:
        """A 10-digit AGDREF number (département prefix, so it never starts with 0 like a phone)."""
        rng = self.rng
        dept = rng.choice([d for d in _PREFECTURE_DEPTS if not d.startswith("0")])
        return dept + "".join(rng.choice("0123456789") for _ in range(8))

    def email(self, given: str, surname: str, dob: date) -> str:
        """An e-mail derived from the name (``jean.dupont85@orange.fr`` and the like)."""
        rng = self.rng
        g = _email_token(given.split(" ")[0]) or "contact"
        s = _email_token(surname) or "mail"
        style = rng.randrange(6)
        if style == 0:
            local = f"{g}.{s}"
        elif style == 1:
            local = f"{g[0]}.{s}"
        elif style == 2:
            local = f"{s}.{g}"
        elif style == 3:
            local = f"{g}{s}{dob.year % 100:02d}"
        elif style == 4:
            local = f"{g}_{s}{rng.randint(1, 999)}"
        else:
            local = f"{g[0]}{s}"
        domain = rng.choices(self._domains, self._domain_weights)[0]
        return f"{local}@{domain}"

    def nir(self, sex_digit: str, dob: date, dept: str, commune: str, *, month_field: int | None = None) -> str:
        """A NIR with its key; ``dept`` is 2 characters (``2A``/``2B``/``99``…), ``commune`` 3 digits."""
        month = dob.month if month_field is None else month_field
        first13 = f"{sex_digit}{dob.year % 100:02d}{month:02d}{dept}{commune}{self.rng.randint(1, 999):03d}"
        return f"{first13}{_nir_key(first13):02d}"

    # -- persons ----------------------------------------------------------------------------------

    def record_date(self) -> date:
        """A record (deposit) date, 2015-2024."""
        return date(2015, 1, 1) + timedelta(days=self.rng.randrange(3653))

    def dob(self, record: date, *, minor: bool = False) -> date:
        """A birth date: age 0-17 for a minor, else mostly 20-45 (18-85), before ``record``."""
        rng = self.rng
        age = rng.randint(0, 17) if minor else int(rng.triangular(18, 86, 30))
        year = record.year - age - 1
        return date(year, 1, 1) + timedelta(days=rng.randrange(365))

    def person(
        self,
        *,
        french: bool | None = None,
        record_date: date | None = None,
        minor: bool = False,
        sex: str | None = None,
    ) -> Person:
        """A new coherent :class:`Person` (NIR agrees with sex and birth date, e-mail with the name)."""
        rng = self.rng
        if french is None:
            french = rng.random() < self.french_share
        country = _FRANCE if french else rng.choices(_FOREIGN, self._foreign_weights)[0]
        sex = sex or rng.choice("MF")
        record = record_date or self.record_date()
        dob = self.dob(record, minor=minor)
        region = country.region
        if french and rng.random() < 0.12:  # French nationals of foreign descent
            region = rng.choice(("maghreb", "africa", "europe_e", "asia_e", "latin"))
        surname = self.surname(region)
        given = self.given_names(sex, region)
        unknown_month = False
        month_field: int | None = None
        # place of birth and NIR
        if french and rng.random() < 0.88:
            birthplace, dept3 = rng.choice(_FR_CITIES)
            birth_country = _FRANCE
            if dept3 in ("2A", "2B") and dob.year < 1976:
                dept, commune = "20", f"{rng.randint(1, 366):03d}"
            elif len(dept3) == 3:
                dept, commune = dept3[:2], dept3[2] + f"{rng.randint(1, 34):02d}"
            else:
                dept, commune = dept3, f"{rng.randint(1, 400):03d}"
            sex_digit = "1" if sex == "M" else "2"
        else:
            birth_country = country if not french else rng.choices(_FOREIGN, self._foreign_weights)[0]
            if not french and rng.random() < 0.1:
                birth_country = rng.choices(_FOREIGN, self._foreign_weights)[0]
            birthplace = rng.choice(birth_country.cities)
            dept, commune = "99", birth_country.insee
            r = rng.random()
            if french:
                sex_digit = "1" if sex == "M" else "2"
            elif r < 0.35:
                sex_digit = "7" if sex == "M" else "8"  # temporary NIA
            elif r < 0.40:
                sex_digit = "3" if sex == "M" else "4"
            else:
                sex_digit = "1" if sex == "M" else "2"
            if not french and rng.random() < 0.04:  # unknown birth month: 01/01 and a month code 20-42/50-99
                unknown_month = True
                dob = date(dob.year, 1, 1)
                month_field = rng.choice((rng.randint(20, 42), rng.randint(50, 99)))
        nir = self.nir(sex_digit, dob, dept, commune, month_field=month_field)
        # documents
        passport = self.french_passport() if french else self.foreign_passport(country.passport_style)
        passport_expiry = record + timedelta(days=rng.randrange(30, 3650))
        cni: str | None = None
        cni_is_cnie = False
        cni_expiry: date | None = None
        if french:
            if record >= date(2021, 9, 1) and rng.random() < 0.5:
                cni = self.cnie()
                cni_is_cnie = True
                cni_expiry = record + timedelta(days=rng.randrange(365, 3650))
            else:
                last = min(date(2021, 7, 1), record)
                first = max(date(1995, 1, 1), dob + timedelta(days=31))
                issued = first + timedelta(days=rng.randrange(max(1, (last - first).days)))
                issued = date(issued.year, issued.month, 1) if issued <= last else date(last.year, last.month, 1)
                cni = self.old_cni(issued, rng.choice(_FR_CITIES)[1])
                cni_expiry = date(issued.year + 15, issued.month, 1)
        phone_digits = self.phone_digits()
        style = rng.choices(NATIONALITY_STYLES, (30, 20, 20, 8, 4, 8, 6, 4))[0]
        return Person(
            surname=surname,
            given_names=given,
            sex=sex,
            dob=dob,
            birthplace=birthplace,
            birth_country=birth_country,
            country=country,
            nationality=nationality_label(country, sex, style),
            email=self.email(given, surname, dob),
            phone_digits=phone_digits,
            phone=format_phone(phone_digits, rng.choices(PHONE_STYLES, (40, 12, 6, 22, 12, 8))[0]),
            passport=passport,
            passport_is_french=french,
            passport_expiry=passport_expiry,
            cni=cni,
            cni_is_cnie=cni_is_cnie,
            cni_expiry=cni_expiry,
            nir=nir,
            iban=self.iban("FR") if rng.random() < 0.93 else self.iban(rng.choice(("DE", "BE", "ES"))),
            agdref=None if french else self.agdref(),
            record_date=record,
            unknown_birth_month=unknown_month,
        )

    def people(self, n: int, **kwargs: Any) -> list[Person]:
        """``n`` persons (keyword arguments as :meth:`person`)."""
        return [self.person(**kwargs) for _ in range(n)]


# --------------------------------------------------------------------------------------------------
# Fragments of text with spans, rendering to bytes
# --------------------------------------------------------------------------------------------------


class Span(NamedTuple):
    """One planted value: entity, byte offset, byte length (in the rendered file)."""

    entity: str
    offset: int
    length: int


class Frag:
    """Text built from parts, with entity spans over ranges of parts (spans may nest, e.g. in an MRZ).

    Escaping (CSV quotes, JSON, SQL) is applied part by part when a fragment is appended to another, so a
    span always covers its value's bytes as written.

    >>> f = Frag("tel: ").add("06 12 34 56 78", "PHONE_NUMBER")
    >>> render(f, "utf-8")[1]
    [Span(entity='PHONE_NUMBER', offset=5, length=14)]
    """

    __slots__ = ("parts", "spans")

    def __init__(self, text: str = "", entity: str | None = None) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[str, int, int]] = []
        if text or entity:
            self.add(text, entity)

    def add(self, text: str, entity: str | None = None) -> Frag:
        """Append ``text``; if ``entity`` is given (and text non-empty), it is one planted value."""
        if entity is not None and text:
            i = len(self.parts)
            self.spans.append((entity, i, i + 1))
        self.parts.append(text)
        return self

    def mark(self) -> int:
        """A position to open a span that covers several parts (see :meth:`close`)."""
        return len(self.parts)

    def close(self, entity: str, mark: int) -> Frag:
        """Record a span from ``mark`` to here."""
        self.spans.append((entity, mark, len(self.parts)))
        return self

    def extend(self, other: Frag | str | None, escape: Callable[[str], str] | None = None) -> Frag:
        """Append another fragment (or plain text), escaping each part with ``escape``."""
        if other is None:
            return self
        if isinstance(other, str):
            self.parts.append(escape(other) if escape else other)
            return self
        base = len(self.parts)
        self.parts.extend(map(escape, other.parts) if escape else other.parts)
        self.spans.extend((e, s + base, t + base) for e, s, t in other.spans)
        return self

    def text(self) -> str:
        """The unescaped text."""
        return "".join(self.parts)

    def __repr__(self) -> str:
        return f"Frag({self.text()!r}, spans={len(self.spans)})"


_CODECS = {
    "cp1252": "cp1252",
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-16-le": "utf-16-le",
    "utf-16le": "utf-16-le",
    "utf-16": "utf-16-le",
    "latin-1": "latin-1",
}
_BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe"}


def render(frag: Frag, encoding: str, *, bom: bool = False) -> tuple[bytes, list[Span]]:
    """Encode ``frag`` and return ``(bytes, spans)``, spans sorted by offset, in bytes of that encoding."""
    codec = _CODECS[encoding.lower()]
    prefix = _BOMS[codec] if bom else b""
    chunks = [p.encode(codec) for p in frag.parts]
    starts = list(itertools.accumulate((len(c) for c in chunks), initial=len(prefix)))
    spans = sorted(
        (Span(e, starts[s], starts[t] - starts[s]) for e, s, t in frag.spans),
        key=lambda sp: (sp.offset, -sp.length, sp.entity),
    )
    return prefix + b"".join(chunks), spans


def truth_records(file: str, spans: Iterable[Span]) -> list[dict[str, Any]]:
    """Truth records ``{"file", "entity", "offset", "length"}``."""
    return [{"file": file, "entity": s.entity, "offset": s.offset, "length": s.length} for s in spans]


def write_truth(path: str | Path, records: Iterable[dict[str, Any]]) -> None:
    """Write truth records as JSON Lines (stable key order, ``\\n`` line ends)."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict[str, Frag | str | tuple[str, str | None]]) -> Frag:
    """Fill ``{name}`` placeholders with plain strings, ``(text, entity)`` pairs or fragments."""
    out = Frag()
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        out.add(template[pos : m.start()])
        value = values[m.group(1)]
        if isinstance(value, tuple):
            out.add(value[0], value[1])
        else:
            out.extend(value)
        pos = m.end()
    out.add(template[pos:])
    return out


@dataclass
class Document:
    """A file to write: a fragment, its encoding, whether it starts with a BOM, and its line ending."""

    frag: Frag
    encoding: str
    bom: bool = False
    meta: dict[str, Any] = field(default_factory=dict)

    def render(self) -> tuple[bytes, list[Span]]:
        """Bytes and spans (see :func:`render`)."""
        return render(self.frag, self.encoding, bom=self.bom)


# --------------------------------------------------------------------------------------------------
# MRZ
# --------------------------------------------------------------------------------------------------


def _yymmdd(d: date) -> str:
    return f"{d.year % 100:02d}{d.month:02d}{d.day:02d}"


def _name_field(surname: str, given: str, width: int) -> tuple[str, str, str]:
    """(surname part, given part, filler) of an MRZ name field ``SURNAME<<GIVEN<NAMES<<<``."""
    sur = _mrz_name(surname)[: width - 2]
    giv = _mrz_name(given)[: max(0, width - len(sur) - 2)].rstrip("<")
    used = len(sur) + (2 + len(giv) if giv else 0)
    return sur, giv, "<" * (width - used)


def mrz_td3_frag(p: Person, sep: str = "\n") -> Frag:
    """A TD3 passport MRZ (2×44) as a fragment: MRZ span + document number, names, DOB, nationality."""
    issuing = "FRA" if p.passport_is_french else p.country.alpha3
    sur, giv, filler = _name_field(p.surname, p.given_names, 39)
    number = (p.passport + "<<<<<<<<<")[:9]
    nat = p.country.alpha3
    dob = _yymmdd(p.dob)
    expiry = _yymmdd(p.passport_expiry)
    personal = "<" * 14
    line2_head = number + _mrz_check(number)
    dob_part = dob + _mrz_check(dob)
    expiry_part = expiry + _mrz_check(expiry)
    line2_mid = dob_part + ("M" if p.sex == "M" else "F") + expiry_part
    line2_tail = personal + _mrz_check(personal)
    composite = _mrz_check(line2_head + dob_part + expiry_part + line2_tail)  # sex and nationality excluded
    f = Frag()
    mark = f.mark()
    f.add("P<" + issuing).add(sur, PERSON)
    if giv:
        f.add("<<").add(giv, PERSON)
    f.add(filler).close(MRZ, mark).add(sep)
    mark = f.mark()
    f.add(number[: len(p.passport)], _passport_entity(p))
    f.add(number[len(p.passport) :] + _mrz_check(number))
    f.add(nat, NATIONALITY).add(dob, DATE_OF_BIRTH).add(line2_mid[6:] + line2_tail + composite)
    return f.close(MRZ, mark)


def mrz_cni_frag(p: Person, sep: str = "\n") -> Frag:
    """The MRZ of an old French CNI (2×36, ``IDFRA``): MRZ span + number, names, DOB."""
    if p.cni is None or p.cni_is_cnie:
        raise ValueError("person has no old CNI")
    sur, _, _ = _name_field(p.surname, "", 25)
    sur_fill = "<" * (25 - len(sur))
    admin = (p.cni[4:7] + "0" + p.cni[7:9]).ljust(6, "<")
    line1 = "IDFRA" + sur + sur_fill + admin
    giv = _mrz_name(p.given_names)[:14].rstrip("<")
    dob = _yymmdd(p.dob)
    line2_wo = p.cni + _mrz_check(p.cni) + giv + "<" * (14 - len(giv)) + dob + _mrz_check(dob) + p.sex
    composite = _mrz_check(line1 + line2_wo)
    f = Frag()
    mark = f.mark()
    f.add("IDFRA").add(sur, PERSON).add(sur_fill + admin).close(MRZ, mark).add(sep)
    mark = f.mark()
    f.add(p.cni, FR_ID_CARD).add(_mrz_check(p.cni)).add(giv, PERSON).add("<" * (14 - len(giv)))
    f.add(dob, DATE_OF_BIRTH).add(_mrz_check(dob) + p.sex + composite)
    return f.close(MRZ, mark)


def mrz_td1_frag(p: Person, sep: str = "\n") -> Frag:
    """The TD1 MRZ (3×30) of a CNIe: MRZ span + number, DOB, nationality, names."""
    if p.cni is None or not p.cni_is_cnie or p.cni_expiry is None:
        raise ValueError("person has no CNIe")
    number = p.cni
    line1 = "IDFRA" + number + _mrz_check(number) + "<" * 15
    dob = _yymmdd(p.dob)
    expiry = _yymmdd(p.cni_expiry)
    line2_wo = dob + _mrz_check(dob) + p.sex + expiry + _mrz_check(expiry) + "FRA" + "<" * 11
    composite = _mrz_check(line1[5:30] + line2_wo[0:7] + line2_wo[8:15] + line2_wo[18:29])
    sur, giv, filler = _name_field(p.surname, p.given_names, 30)
    f = Frag()
    mark = f.mark()
    f.add("IDFRA").add(number, FR_ID_CARD).add(line1[14:]).close(MRZ, mark).add(sep)
    mark = f.mark()
    f.add(dob, DATE_OF_BIRTH).add(line2_wo[6:15]).add("FRA", NATIONALITY).add(line2_wo[18:] + composite)
    f.close(MRZ, mark).add(sep)
    mark = f.mark()
    f.add(sur, PERSON)
    if giv:
        f.add("<<").add(giv, PERSON)
    f.add(filler)
    return f.close(MRZ, mark)


# --------------------------------------------------------------------------------------------------
# Escapes and structured writers (CSV, JSON, SQL)
# --------------------------------------------------------------------------------------------------


def _csv_escape(s: str) -> str:
    return s.replace('"', '""')


Cell = Frag | str | None


def _csv_row(out: Frag, cells: Sequence[Cell], *, delimiter: str, quote_all: bool, eol: str) -> None:
    for i, cell in enumerate(cells):
        if i:
            out.add(delimiter)
        if cell is None:
            cell = ""
        text = cell if isinstance(cell, str) else cell.text()
        if quote_all or any(c in text for c in (delimiter, '"', "\n", "\r")):
            out.add('"').extend(cell, _csv_escape).add('"')
        else:
            out.extend(cell)
    out.add(eol)


def _json_escaper(ensure_ascii: bool, escape_slash: bool) -> Callable[[str], str]:
    def esc(s: str) -> str:
        text = json.dumps(s, ensure_ascii=ensure_ascii)[1:-1]
        return text.replace("/", "\\/") if escape_slash else text

    return esc


class Bare:
    """A JSON leaf written without quotes (a number), possibly a planted value."""

    __slots__ = ("frag",)

    def __init__(self, frag: Frag | str) -> None:
        self.frag = frag


def json_frag(
    value: Any,
    *,
    indent: int | None = None,
    ensure_ascii: bool = False,
    escape_slash: bool = False,
    compact: bool = False,
) -> Frag:
    """Serialise nested dicts/lists whose leaves may be :class:`Frag` (tagged strings) or :class:`Bare`."""
    out = Frag()
    esc = _json_escaper(ensure_ascii, escape_slash)
    item_sep = "," if (indent is not None or compact) else ", "
    key_sep = ":" if compact else ": "

    def emit(v: Any, level: int) -> None:
        if isinstance(v, Frag):
            out.add('"').extend(v, esc).add('"')
        elif isinstance(v, str):
            out.add('"' + esc(v) + '"')
        elif isinstance(v, Bare):
            out.extend(v.frag)
        elif v is None:
            out.add("null")
        elif isinstance(v, bool):
            out.add("true" if v else "false")
        elif isinstance(v, int | float):
            out.add(json.dumps(v))
        elif isinstance(v, dict):
            if not v:
                out.add("{}")
                return
            out.add("{")
            for i, (k, item) in enumerate(v.items()):
                if i:
                    out.add(item_sep)
                if indent is not None:
                    out.add("\n" + " " * (indent * (level + 1)))
                out.add('"' + esc(k) + '"' + key_sep)
                emit(item, level + 1)
            if indent is not None:
                out.add("\n" + " " * (indent * level))
            out.add("}")
        elif isinstance(v, list | tuple):
            if not v:
                out.add("[]")
                return
            out.add("[")
            for i, item in enumerate(v):
                if i:
                    out.add(item_sep)
                if indent is not None:
                    out.add("\n" + " " * (indent * (level + 1)))
                emit(item, level + 1)
            if indent is not None:
                out.add("\n" + " " * (indent * level))
            out.add("]")
        else:
            raise TypeError(f"cannot serialise {type(v).__name__}")

    emit(value, 0)
    return out


_SQL_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\x00": "\\0", "\x1a": "\\Z"}
_SQL_ESCAPE_RE = re.compile(r"[\\'\"\n\r\x00\x1a]")


def _sql_escape(s: str) -> str:
    return _SQL_ESCAPE_RE.sub(lambda m: _SQL_ESCAPES[m.group(0)], s)


def _sql_value(out: Frag, v: Frag | str | int | None) -> None:
    if v is None:
        out.add("NULL")
    elif isinstance(v, int):
        out.add(str(v))
    else:
        out.add("'").extend(v, _sql_escape).add("'")


# --------------------------------------------------------------------------------------------------
# Shared pieces of content
# --------------------------------------------------------------------------------------------------


def _display_surname(rng: random.Random, p: Person, upper_share: float = 0.7) -> str:
    r = rng.random()
    if r < upper_share * 0.8:
        return p.surname.upper()
    if r < upper_share:
        return _ascii_fold(p.surname).upper()
    return p.surname


def _dossier_number(rng: random.Random, d: date) -> str:
    return f"{d.year}-{rng.choice(_PREFECTURE_DEPTS)}0-{rng.randint(1, 999999):06d}"


def _hour(rng: random.Random) -> str:
    return f"{rng.randint(8, 17)}h{rng.choice(('00', '15', '30', '45'))}"


def _other_date(rng: random.Random, around: date, days: int = 400) -> date:
    return around + timedelta(days=rng.randint(-days, days))


def _observation(rng: random.Random, pf: PersonFactory, p: Person) -> Frag | None:
    """A free-text observation for an OFII row (often empty)."""
    r = rng.random()
    if r < 0.45:
        return None
    rdv = _other_date(rng, p.record_date, 120)
    spouse_sex = "F" if p.sex == "M" else "M"
    choices: list[tuple[str, dict[str, Any]]] = [
        ("RDV le {rdv} à {h}.", {"rdv": format_date(rdv, rng.choice(DATE_STYLES)), "h": _hour(rng)}),
        (
            "RDV le {rdv} à {h} ; se munir du passeport original.",
            {"rdv": format_date(rdv, "slash"), "h": _hour(rng)},
        ),
        (
            "Tél. secondaire : {phone}",
            {"phone": (format_phone(pf.phone_digits(), rng.choice(PHONE_STYLES)), PHONE_NUMBER)},
        ),
        ("NIR communiqué par l'usager : {nir}", {"nir": (format_nir(p.nir, True), FR_NIR)}),
        ('Pièces reçues : "passeport" + justificatif de domicile', {}),
        ("Demande incomplète.\nRelance envoyée le {d}.", {"d": format_date(rdv, "slash")}),
        ("Titre de séjour expiré le {d}; renouvellement en cours", {"d": format_date(rdv, "dot")}),
        (
            "Courriel de contact : {email}",
            {"email": (pf.email(p.given_names, p.surname, p.dob), EMAIL_ADDRESS)},
        ),
        (
            "Rappel : né(e) le {dob} selon l'acte de naissance.",
            {"dob": (format_date_fr(p.dob), DATE_OF_BIRTH)},
        ),
        ("RIB fourni : {iban}", {"iban": (format_iban(p.iban, True), IBAN_CODE)}),
        (
            "Convocation visite médicale le {d}, tél. {phone}",
            {"d": format_date(rdv, "slash"), "phone": (p.phone, PHONE_NUMBER)},
        ),
    ]
    if not p.french:
        spouse = pf.person(french=False, record_date=p.record_date, sex=spouse_sex)
        choices.append(
            (
                "Conjoint : {civ} {name}, {ne} le {dob}, de nationalité {nat}.",
                {
                    "civ": "M." if spouse_sex == "M" else "Mme",
                    "name": (f"{spouse.given_names} {spouse.surname.upper()}", PERSON),
                    "ne": "né" if spouse_sex == "M" else "née",
                    "dob": (format_date_fr(spouse.dob), DATE_OF_BIRTH),
                    "nat": (p.country.adj_f, NATIONALITY),
                },
            )
        )
        choices.append(("Ancien n° étranger : {agdref} (doublon)", {"agdref": (pf.agdref(), FR_RESIDENCE_PERMIT)}))
    if p.passport_is_french:
        choices.append(("Copie de la bande MRZ :\n{mrz}", {"mrz": mrz_td3_frag(p)}))
    template, values = rng.choice(choices)
    return fill(template, values)


# --------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------


def ofii_document(
    seed: int = 1,
    rows: int = 300,
    *,
    encoding: str = "cp1252",
    french_share: float = 0.3,
    empty_share: float = 0.03,
) -> Document:
    """The OFII-like ``;`` CSV: French headers, CRLF, cp1252, quoted cells with ``;``, newlines, ``""``."""
    rng = random.Random(seed * 7919 + 1)
    pf = PersonFactory(seed, french_share=french_share)
    out = Frag()
    _csv_row(out, OFII_HEADER, delimiter=";", quote_all=False, eol="\r\n")
    for _ in range(rows):
        p = pf.person()

        def maybe(cell: Cell) -> Cell:
            return None if rng.random() < empty_share else cell

        depot = format_date(p.record_date, rng.choice(("slash", "slash", "iso", "dot")))
        if rng.random() < 0.2:
            depot += f" {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
        cells: list[Cell] = [
            _dossier_number(rng, p.record_date),
            Frag(_display_surname(rng, p), PERSON),
            Frag(p.given_names.upper() if rng.random() < 0.1 else p.given_names, PERSON),
            maybe(Frag(format_date(p.dob, rng.choices(DATE_STYLES, (35, 45, 12, 8))[0]), DATE_OF_BIRTH)),
            maybe(p.birthplace_label() if rng.random() < 0.8 else p.birthplace_label().upper()),
            maybe(Frag(p.nationality, NATIONALITY)),
            maybe(Frag(p.email, EMAIL_ADDRESS)),
            maybe(Frag(p.phone, PHONE_NUMBER)),
            maybe(Frag(p.passport, _passport_entity(p))),
            maybe(Frag(p.agdref, FR_RESIDENCE_PERMIT)) if p.agdref else None,
            maybe(Frag(format_nir(p.nir, rng.random() < 0.25), FR_NIR)),
            depot,
            _observation(rng, pf, p),
        ]
        _csv_row(out, cells, delimiter=";", quote_all=False, eol="\r\n")
    return Document(out, encoding)


def abonnes_document(seed: int = 2, rows: int = 300) -> Document:
    """A subscribers' export: ``,`` CSV, every cell quoted, UTF-8, LF; addresses and IBANs."""
    rng = random.Random(seed * 7919 + 2)
    pf = PersonFactory(seed, french_share=0.85)
    out = Frag()
    header = (
        "id",
        "civilite",
        "nom",
        "prenom",
        "email",
        "telephone",
        "date_naissance",
        "adresse",
        "code_postal",
        "ville",
        "iban",
        "date_inscription",
        "optin",
    )
    _csv_row(out, header, delimiter=",", quote_all=True, eol="\n")
    for i in range(rows):
        p = pf.person()
        signup = datetime(
            p.record_date.year,
            p.record_date.month,
            p.record_date.day,
            rng.randint(0, 23),
            rng.randint(0, 59),
            rng.randint(0, 59),
        )
        iban: Cell = None
        if rng.random() < 0.8:
            iban = Frag(format_iban(p.iban, rng.random() < 0.4), IBAN_CODE)
        city = p.birthplace if p.birth_country is _FRANCE and rng.random() < 0.5 else rng.choice(_FR_CITIES)[0]
        cells: list[Cell] = [
            str(1000 + i),
            "M." if p.sex == "M" else "Mme",
            Frag(p.surname, PERSON),
            Frag(p.given_names, PERSON),
            Frag(p.email, EMAIL_ADDRESS),
            Frag(p.phone, PHONE_NUMBER) if rng.random() < 0.9 else None,
            Frag(format_date(p.dob, rng.choice(("iso", "slash"))), DATE_OF_BIRTH) if rng.random() < 0.85 else None,
            pf.faker.street_address(),
            pf.faker.postcode(),
            city,
            iban,
            signup.strftime("%Y-%m-%d %H:%M:%S"),
            rng.choice("01"),
        ]
        _csv_row(out, cells, delimiter=",", quote_all=True, eol="\n")
    return Document(out, "utf-8")


def excel_unicode_document(seed: int = 3, rows: int = 150) -> Document:
    """Excel "Unicode text" export: UTF-16LE with BOM, tab-separated, CRLF; CNI numbers and CNI MRZs."""
    rng = random.Random(seed * 7919 + 3)
    pf = PersonFactory(seed, french_share=0.8)
    out = Frag()
    header = (
        "Nom",
        "Prénom",
        "Né(e) le",
        "Nationalité",
        "N° CNI",
        "N° passeport",
        "Téléphone",
        "IBAN",
        "Ville",
        "Commentaire",
    )
    _csv_row(out, header, delimiter="\t", quote_all=False, eol="\r\n")
    for _ in range(rows):
        p = pf.person()
        comment: Cell = None
        r = rng.random()
        if p.cni is not None and r < 0.15:
            mrz = mrz_td1_frag(p) if p.cni_is_cnie else mrz_cni_frag(p)
            comment = fill("MRZ de la CNI :\n{mrz}", {"mrz": mrz})
        elif r < 0.3:
            comment = fill('Client "VIP" depuis le {d}', {"d": format_date(_other_date(rng, p.record_date), "slash")})
        elif r < 0.4:
            comment = fill(
                "Contact urgence : {phone}\t(conjoint)",
                {"phone": (format_phone(pf.phone_digits(), "space"), PHONE_NUMBER)},
            )
        cells: list[Cell] = [
            Frag(p.surname.upper(), PERSON),
            Frag(p.given_names, PERSON),
            Frag(format_date(p.dob, "slash"), DATE_OF_BIRTH),
            Frag(nationality_label(p.country, p.sex, rng.choice(("Adj", "ADJ", "name"))), NATIONALITY),
            Frag(p.cni, FR_ID_CARD) if p.cni else None,
            Frag(p.passport, _passport_entity(p)) if rng.random() < 0.7 else None,
            Frag(p.phone, PHONE_NUMBER),
            Frag(format_iban(p.iban, True), IBAN_CODE) if rng.random() < 0.6 else None,
            rng.choice(_FR_CITIES)[0],
            comment,
        ]
        _csv_row(out, cells, delimiter="\t", quote_all=False, eol="\r\n")
    return Document(out, "utf-16-le", bom=True)


def _visa_record(rng: random.Random, pf: PersonFactory, p: Person, style: str) -> dict[str, Any]:
    """One visa-agency record in one of three key styles: ``applicant`` (English nested), ``demandeur``
    (French snake case) and ``camel`` (flat camelCase)."""
    dest = rng.choice(("CAN", "USA", "GBR", "CHN", "IND", "RUS", "TUR", "BRA", "MAR", "SEN", "VNM"))
    created = datetime(
        p.record_date.year,
        p.record_date.month,
        p.record_date.day,
        rng.randint(7, 20),
        rng.randint(0, 59),
        rng.randint(0, 59),
    )
    passport = Frag(p.passport, _passport_entity(p))
    if style == "applicant":
        passport_obj: dict[str, Any] = {
            "number": passport,
            "issuing_country": "FRA" if p.passport_is_french else p.country.alpha3,
            "expiry_date": p.passport_expiry.isoformat(),
        }
        if p.passport_is_french and rng.random() < 0.5:
            passport_obj["mrz"] = mrz_td3_frag(p)
        return {
            "id": f"V-{p.record_date.year}-{rng.randint(1, 999999):06d}",
            "submitted_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "visa": {"type": rng.choice(("court séjour", "long séjour", "transit")), "destination": dest},
            "applicant": {
                "surname": Frag(p.surname.upper(), PERSON),
                "given_names": Frag(p.given_names, PERSON),
                "sex": p.sex,
                "birth_date": Frag(p.dob.isoformat(), DATE_OF_BIRTH),
                "birth_place": p.birthplace,
                "nationality": Frag(nationality_label(p.country, p.sex, rng.choice(("alpha3", "name"))), NATIONALITY),
                "passport": passport_obj,
                "contact": {"email": Frag(p.email, EMAIL_ADDRESS), "phone": Frag(p.phone, PHONE_NUMBER)},
            },
        }
    if style == "demandeur":
        phones: list[Any] = [Frag(p.phone, PHONE_NUMBER)]
        if rng.random() < 0.4:
            phones.append(Frag(format_phone(pf.phone_digits(), rng.choice(PHONE_STYLES)), PHONE_NUMBER))
        demandeur: dict[str, Any] = {
            "nom": Frag(p.surname.upper(), PERSON),
            "prenom": Frag(p.given_names, PERSON),
            "date_naissance": Frag(format_date(p.dob, rng.choice(("slash", "iso"))), DATE_OF_BIRTH),
            "lieu_naissance": p.birthplace_label(),
            "nationalite": Frag(p.nationality, NATIONALITY),
            "passeport": {"numero": passport, "date_expiration": format_date(p.passport_expiry, "slash")},
            "nir": Frag(format_nir(p.nir, rng.random() < 0.3), FR_NIR),
            "coordonnees": {"courriel": Frag(p.email, EMAIL_ADDRESS), "telephones": phones},
        }
        if p.agdref:
            demandeur["num_etranger"] = (
                Bare(Frag(p.agdref, FR_RESIDENCE_PERMIT)) if rng.random() < 0.4 else Frag(p.agdref, FR_RESIDENCE_PERMIT)
            )
        if rng.random() < 0.3:
            kids = []
            for _ in range(rng.randint(1, 3)):
                kid_sex = rng.choice("MF")
                kid_dob = pf.dob(p.record_date, minor=True)
                kids.append(
                    {
                        "prenom": Frag(pf.given_names(kid_sex, p.country.region), PERSON),
                        "date_naissance": Frag(format_date(kid_dob, "slash"), DATE_OF_BIRTH),
                    }
                )
            demandeur["enfants"] = kids
        return {
            "numero_demande": f"{p.record_date.year}{rng.randint(1, 99999):05d}",
            "demandeur": demandeur,
            "dossier": {
                "date_depot": p.record_date.isoformat(),
                "statut": rng.choice(("en cours", "accordé", "refusé", "incomplet")),
                "commentaire": fill(
                    "Rendez-vous consulaire le {d} à {h}.",
                    {"d": format_date(_other_date(rng, p.record_date, 60), "slash"), "h": _hour(rng)},
                ),
            },
        }
    rec: dict[str, Any] = {
        "applicationId": rng.randint(100000, 999999),
        "createdAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "lastName": Frag(p.surname, PERSON),
        "firstName": Frag(p.given_names, PERSON),
        "dateOfBirth": Frag(p.dob.isoformat(), DATE_OF_BIRTH),
        "placeOfBirth": p.birthplace,
        "nationality": Frag(nationality_label(p.country, p.sex, rng.choice(("alpha3", "Adj", "name"))), NATIONALITY),
        "passportNumber": passport,
        "phoneNumber": Frag(p.phone, PHONE_NUMBER),
        "emailAddress": Frag(p.email, EMAIL_ADDRESS),
        "destinationCountry": dest,
        "appointmentDate": _other_date(rng, p.record_date, 60).isoformat(),
    }
    if p.cni:
        rec["idCardNumber"] = Frag(p.cni, FR_ID_CARD)
    if rng.random() < 0.5:
        rec["iban"] = Frag(format_iban(p.iban, rng.random() < 0.3), IBAN_CODE)
    return rec


def visas_jsonl_document(seed: int = 4, rows: int = 150) -> Document:
    """JSON Lines, UTF-8: nested objects, three key styles, some lines ``\\u``-escaped or with ``\\/``."""
    rng = random.Random(seed * 7919 + 4)
    pf = PersonFactory(seed, french_share=0.5)
    out = Frag()
    for _ in range(rows):
        p = pf.person()
        rec = _visa_record(rng, pf, p, rng.choice(("applicant", "demandeur", "camel")))
        out.extend(
            json_frag(
                rec,
                ensure_ascii=rng.random() < 0.3,
                escape_slash=rng.random() < 0.2,
                compact=rng.random() < 0.3,
            )
        )
        out.add("\n")
    return Document(out, "utf-8")


def visas_json_document(seed: int = 5, rows: int = 80) -> Document:
    """A pretty-printed JSON array (indent 2) of visa records, UTF-8."""
    rng = random.Random(seed * 7919 + 5)
    pf = PersonFactory(seed, french_share=0.5)
    records = [_visa_record(rng, pf, pf.person(), rng.choice(("applicant", "demandeur", "camel"))) for _ in range(rows)]
    out = json_frag(records, indent=2)
    out.add("\n")
    return Document(out, "utf-8")


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
            _sql_value(out, v)
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
                    "pp": (p.passport, FR_PASSPORT if p.passport_is_french else None),
                    "d": format_date(_other_date(rng, p.record_date, 30), "slash"),
                },
            )
        elif r < 0.25:
            comment = fill(
                'Né le {dob} à {place} ; "dossier prioritaire"',
                {"dob": (format_date_fr(p.dob), DATE_OF_BIRTH), "place": p.birthplace},
            )
        elif r < 0.32:
            comment = fill(
                "Rappeler au {phone}\nou écrire à {email}",
                {
                    "phone": (format_phone(pf.phone_digits(), "dot"), PHONE_NUMBER),
                    "email": (pf.email(p.given_names, p.surname, p.dob), EMAIL_ADDRESS),
                },
            )
        created = datetime(
            p.record_date.year,
            p.record_date.month,
            p.record_date.day,
            rng.randint(7, 20),
            rng.randint(0, 59),
            rng.randint(0, 59),
        )
        usagers.append(
            [
                i,
                "M." if p.sex == "M" else "Mme",
                Frag(p.surname.upper(), PERSON),
                Frag(p.given_names, PERSON),
                Frag(p.dob.isoformat(), DATE_OF_BIRTH),
                p.birthplace,
                Frag(p.nationality, NATIONALITY),
                Frag(p.email, EMAIL_ADDRESS) if rng.random() < 0.95 else None,
                Frag(p.phone, PHONE_NUMBER),
                Frag(p.passport, _passport_entity(p)) if rng.random() < 0.8 else None,
                Frag(p.cni, FR_ID_CARD) if p.cni else None,
                Frag(p.agdref, FR_RESIDENCE_PERMIT) if p.agdref else None,
                Frag(format_nir(p.nir, rng.random() < 0.2), FR_NIR),
                comment,
                created.strftime("%Y-%m-%d %H:%M:%S"),
            ]
        )
        if rng.random() < 0.5:
            titulaire = Frag(p.full_name(surname_first=rng.random() < 0.5), PERSON)
            ribs.append(
                [
                    len(ribs) + 1,
                    i,
                    titulaire,
                    Frag(p.iban, IBAN_CODE),
                    rng.choice(_BICS),
                    _other_date(rng, p.record_date, 60).isoformat(),
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


def _note(rng: random.Random, pf: PersonFactory, kind: int) -> Frag:
    """One free-text document: an e-mail, a case note, an MRZ copy, a CNI mention or a short line."""
    p = pf.person(french=None if kind != 2 else True)
    ne = "né" if p.sex == "M" else "née"
    civ = "M." if p.sex == "M" else "Mme"
    name = (f"{p.given_names} {p.surname.upper()}", PERSON)
    dob_forms = [
        (f"{ne} le {{dob}}", format_date_fr(p.dob)),
        (f"{ne.upper()} LE {{dob}}", format_date_fr(p.dob, upper=True, ascii_only=True)),
        (f"{ne} le {{dob}}", format_date(p.dob, "slash")),
        ("né(e) le {dob}", format_date(p.dob, "dot")),
        ("date de naissance : {dob}", format_date(p.dob, "iso")),
        (f"{ne} le {{dob}}", format_date_fr(p.dob, ascii_only=True)),
    ]
    dob_tpl, dob_text = rng.choice(dob_forms)
    dob_frag = fill(dob_tpl, {"dob": (dob_text, DATE_OF_BIRTH)})
    rdv = _other_date(rng, p.record_date, 90)
    passport = (p.passport, FR_PASSPORT if p.passport_is_french else None)
    if kind == 0:
        recipient = rng.choice(
            ("accueil@ofii.fr", "contact.sejour@interieur.gouv.fr", "service.visas@agence-voyage.fr")
        )
        return fill(
            "De : {name} <{email}>\nÀ : {to}\nDate : {sent}\n"
            "Objet : Demande de titre de séjour - dossier {dossier}\n\n"
            "Bonjour,\n\nJe soussigné(e) {name2}, {dob}, à {place}, de nationalité {nat}, "
            "titulaire du passeport "
            "n° {pp}, vous prie de bien vouloir trouver ci-joint les pièces demandées.\n"
            "Vous pouvez me joindre au {phone}.\n\nCordialement,\n{name3}\n",
            {
                "name": name,
                "email": (p.email, EMAIL_ADDRESS),
                "to": (recipient, EMAIL_ADDRESS),
                "sent": format_date(p.record_date, "slash"),
                "dossier": _dossier_number(rng, p.record_date),
                "name2": name,
                "dob": dob_frag,
                "place": p.birthplace_label(),
                "nat": (p.country.adj_f, NATIONALITY),
                "pp": passport,
                "phone": (p.phone, PHONE_NUMBER),
                "name3": name,
            },
        )
    if kind == 1:
        values: dict[str, Any] = {
            "num": f"{p.record_date.year}-{rng.randint(1, 9999):04d}",
            "date": format_date(p.record_date, "slash"),
            "civ": civ,
            "name": name,
            "dob": dob_frag,
            "place": p.birthplace_label(),
            "nat": (p.country.adj_f if rng.random() < 0.7 else p.country.adj_f.upper(), NATIONALITY),
            "pp": passport,
            "nir": (format_nir(p.nir, rng.random() < 0.6), FR_NIR),
            "phone": (
                format_phone(p.phone_digits, rng.choice(("intl_paren", "intl_00", "space", "intl_space"))),
                PHONE_NUMBER,
            ),
            "email": (p.email, EMAIL_ADDRESS),
            "rdv": format_date_fr(rdv),
            "h": _hour(rng),
            "iban": (format_iban(p.iban, True), IBAN_CODE),
            "agdref": (p.agdref or "", FR_RESIDENCE_PERMIT),
        }
        body = (
            "Note n° {num} du {date}\n{civ} {name}, {dob} à {place}, de nationalité {nat}.\n"
            "Titulaire du passeport n° {pp}. "
        )
        if p.agdref:
            body += "N° étranger : {agdref}.\n"
        else:
            body += "\n"
        body += (
            "NIR : {nir}. Tél. : {phone}. Courriel : {email}.\nRIB transmis : {iban}.\n"
            "Convoqué(e) le {rdv} à {h} pour la signature du contrat d'intégration.\n"
        )
        return fill(body, values)
    if kind == 2:
        return fill(
            "Copie du passeport de {civ} {name} (bande MRZ) :\n{mrz}\nContrôlé le {d}.\n",
            {"civ": civ, "name": name, "mrz": mrz_td3_frag(p), "d": format_date(rdv, "slash")},
        )
    if kind == 3:
        pf_french = pf.person(french=True)
        cni = (pf_french.cni or "", FR_ID_CARD)
        mrz = mrz_td1_frag(pf_french) if pf_french.cni_is_cnie else mrz_cni_frag(pf_french)
        return fill(
            "{civ} {name} présente sa carte nationale d'identité n° {cni}, délivrée par la préfecture.\n"
            "Lecture de la bande :\n{mrz}\n",
            {
                "civ": "M." if pf_french.sex == "M" else "Mme",
                "name": (f"{pf_french.given_names} {pf_french.surname.upper()}", PERSON),
                "cni": cni,
                "mrz": mrz,
            },
        )
    # kind 4: short lines
    line = rng.choice(
        (
            "Appel de {name} ({phone}) le {d} : demande l'état d'avancement.\n",
            "{name}, ressortissant(e) {nat2}, {dob}.\n",
            "Mail reçu de {email} le {d}, NIR indiqué {nir}.\n",
            "Remboursement sur le compte {iban} (titulaire : {name}).\n",
        )
    )
    return fill(
        line,
        {
            "name": name,
            "phone": (p.phone, PHONE_NUMBER),
            "d": format_date(rdv, "slash"),
            "nat2": (p.country.adjective(p.sex), NATIONALITY),
            "dob": dob_frag,
            "email": (p.email, EMAIL_ADDRESS),
            "nir": (p.nir, FR_NIR),
            "iban": (format_iban(p.iban, rng.random() < 0.5), IBAN_CODE),
        },
    )


def notes_document(seed: int = 7, notes: int = 40) -> Document:
    """French free text (UTF-8, LF): e-mails, case notes (``né le 12 mars 1985``, ``de nationalité
    marocaine``, ``titulaire du passeport n° …``, ``N° étranger : …``), MRZ copies, CNI mentions."""
    rng = random.Random(seed * 7919 + 7)
    pf = PersonFactory(seed, french_share=0.35)
    out = Frag()
    for i in range(notes):
        if i:
            out.add("\n" + "-" * 40 + "\n\n")
        out.extend(_note(rng, pf, rng.choices(range(5), (2, 3, 1, 1, 3))[0]))
    return Document(out, "utf-8")


# --------------------------------------------------------------------------------------------------
# Compression (deterministic)
# --------------------------------------------------------------------------------------------------


def compress(data: bytes, kind: str) -> bytes:
    """Compress deterministically: ``gz`` (mtime 0), ``bz2``, ``xz``, ``zst``."""
    if kind == "gz":
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(data)
        return buf.getvalue()
    if kind == "bz2":
        return bz2.compress(data, 9)
    if kind == "xz":
        return lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=6)
    if kind == "zst":
        import zstandard

        return zstandard.ZstdCompressor(level=10, write_checksum=True, write_content_size=True).compress(data)
    raise ValueError(f"unknown compression {kind!r}")


def zip_bytes(members: Sequence[tuple[str, bytes]]) -> bytes:
    """A deterministic zip (fixed timestamps and attributes, deflate)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------
# The dump layer: a dense OFII-like CSV at dump scale
# --------------------------------------------------------------------------------------------------

DUMP_VERSION = 1
"""Bump when the bytes :func:`write_ofii_dump` writes for a given (rows, seed, options) change."""

_ENTITY_CODE = {e: i for i, e in enumerate(ENTITIES)}


@dataclass
class DumpStats:
    """What :func:`write_ofii_dump` wrote."""

    path: str
    rows: int
    bytes: int
    seconds: float
    truth_spans: int = 0


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """(n, width) uint8 ASCII digits of non-negative integers, zero-padded."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((values.astype(np.int64)[:, None] // powers) % 10 + 48).astype(np.uint8)


def _rows_to_bytes(mat: np.ndarray) -> list[bytes]:
    """Rows of a uint8 matrix (no NUL bytes) as a list of ``bytes``."""
    mat = np.ascontiguousarray(mat, dtype=np.uint8)
    return mat.view(f"S{mat.shape[1]}").ravel().tolist()


def _obj(values: Sequence[Any]) -> np.ndarray:
    """A 1-D object array holding ``values`` as they are (no conversion to a numpy string dtype)."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def _mod97_matrix(digits: np.ndarray) -> np.ndarray:
    """Row-wise remainder mod 97 of a matrix of digit values 0-9 (or 10-35 for letters: two digits)."""
    r = np.zeros(digits.shape[0], dtype=np.int64)
    for j in range(digits.shape[1]):
        col = digits[:, j].astype(np.int64)
        wide = col >= 10
        r = np.where(wide, (r * 100 + col) % 97, (r * 10 + col) % 97)
    return r


class _DumpPools:
    """Pre-encoded pools of names, places, nationality labels, e-mail domains, observation templates."""

    def __init__(self, seed: int, encoding: str, profile: str = "reference") -> None:
        from faker.providers.person.fr_FR import Provider as _FrPersons

        self.encoding = encoding
        rng = random.Random(seed)
        enc = encoding

        def b(s: str) -> bytes:
            return s.encode(enc)

        fr_sur = list(_FrPersons.last_names)
        sur: list[str] = list(fr_sur)
        seen = set(sur)
        while len(sur) < 20000:
            s = f"{rng.choice(fr_sur)}-{rng.choice(fr_sur)}"
            if s not in seen:
                seen.add(s)
                sur.append(s)
        self.region_names = ("fr", "maghreb", "africa", "asia_s", "europe_e", "asia_e", "latin")
        surnames: list[str] = []
        self.sur_start: dict[str, tuple[int, int]] = {}
        for reg in self.region_names:
            names = sur if reg == "fr" else [n.title() if "'" not in n else n for n in _SURNAMES_BY_REGION[reg]]
            self.sur_start[reg] = (len(surnames), len(names))
            surnames.extend(names)
        self.n_fr_simple = len(fr_sur)
        given: list[str] = []
        self.given_start: dict[tuple[str, int], tuple[int, int]] = {}
        fr_given = (list(_FrPersons.first_names_male), list(_FrPersons.first_names_female))
        for reg in self.region_names:
            for sx in (0, 1):
                base = fr_given[sx] if reg == "fr" else list(_GIVEN_BY_REGION[reg][sx])
                names = list(base)
                if reg == "fr":
                    for _ in range(1500):
                        a, c = rng.choice(base), rng.choice(base)
                        if a != c and "-" not in a and "-" not in c:
                            names.append(f"{a}-{c}" if rng.random() < 0.6 else f"{a} {c}")
                self.given_start[(reg, sx)] = (len(given), len(names))
                given.extend(names)
        self.surname_disp = _obj([b(s.upper()) for s in surnames])
        self.surname_plain = _obj([b(s) for s in surnames])
        self.surname_tok = _obj([_email_token(s).encode() or b"mail" for s in surnames])
        self.given_disp = _obj([b(g) for g in given])
        self.given_tok = _obj([_email_token(g.split(" ")[0]).encode() or b"contact" for g in given])
        # countries: 0 = France
        self.countries = COUNTRIES
        w = np.array([c.weight for c in COUNTRIES], dtype=np.float64)
        self.foreign_p = w[1:] / w[1:].sum()
        self.region_of = np.array([self.region_names.index(c.region) for c in COUNTRIES], dtype=np.int64)
        self.sur_off = np.array([self.sur_start[r][0] for r in self.region_names], dtype=np.int64)
        self.sur_len = np.array([self.sur_start[r][1] for r in self.region_names], dtype=np.int64)
        self.given_off = np.array([[self.given_start[(r, s)][0] for s in (0, 1)] for r in self.region_names])
        self.given_len = np.array([[self.given_start[(r, s)][1] for s in (0, 1)] for r in self.region_names])
        # nationality labels: [country, sex, style]
        styles = NATIONALITY_STYLES
        self.nat_labels = np.empty((len(COUNTRIES), 2, len(styles)), dtype=object)
        for ci, c in enumerate(COUNTRIES):
            for sx, s in enumerate("MF"):
                for k, st in enumerate(styles):
                    self.nat_labels[ci, sx, k] = b(nationality_label(c, s, st))
        self.nat_style_p = np.array((30, 20, 20, 8, 4, 8, 6, 4), dtype=np.float64)
        self.nat_style_p /= self.nat_style_p.sum()
        self.adj_f = _obj([b(c.adj_f) for c in COUNTRIES])
        # birthplaces: French cities with dept, foreign cities with country
        self.fr_city = _obj([b(n) for n, _ in _FR_CITIES])
        self.fr_city_dept = [d for _, d in _FR_CITIES]
        dept_num = []
        dept_chr = []
        for d in self.fr_city_dept:
            if d == "2A":
                dept_num.append(19)
                dept_chr.append((50, 65))
            elif d == "2B":
                dept_num.append(18)
                dept_chr.append((50, 66))
            else:
                dept_num.append(int(d[:2]))
                dept_chr.append((ord(d[0]), ord(d[1])))
        self.fr_city_deptnum = np.array(dept_num, dtype=np.int64)
        self.fr_city_deptchr = np.array(dept_chr, dtype=np.uint8)
        self.fr_city_dom = np.array([len(d) == 3 for d in self.fr_city_dept])
        self.fr_city_domdigit = np.array([int(d[2]) if len(d) == 3 else 0 for d in self.fr_city_dept])
        self.foreign_city: list[np.ndarray] = []
        for c in COUNTRIES:
            labels = [b(f"{city} ({c.name})") for city in c.cities] + [
                b(f"{city.upper()} - {c.name.upper()}") for city in c.cities
            ]
            self.foreign_city.append(_obj(labels))
        self.insee = np.array([int(c.insee or 0) for c in COUNTRIES], dtype=np.int64)
        self.domains = _obj([d.encode() for d, _ in _EMAIL_DOMAINS])
        dw = np.array([w for _, w in _EMAIL_DOMAINS], dtype=np.float64)
        self.domain_p = dw / dw.sum()
        self.banks = np.array([int(x) for x in _BANKS], dtype=np.int64)
        self.agdref_depts = np.array([int(d) for d in _PREFECTURE_DEPTS if not d.startswith("0")], dtype=np.int64)
        self.dossier_depts = np.array([int(d) for d in _PREFECTURE_DEPTS], dtype=np.int64)
        self.templates = [_DumpTemplate(t, enc) for t in _DUMP_TEMPLATES]
        column = 1 + DUMP_PROFILES.index(profile)
        tw = np.array([row[column] for row in _DUMP_TEMPLATES_W], dtype=np.float64)
        self.template_p = tw / tw.sum()
        self.template_needs_french = np.array(["mrz" in t.kinds for t in self.templates])
        self.template_needs_quotes = np.array([t.needs_quotes for t in self.templates])
        self.empty_template = next(i for i, t in enumerate(self.templates) if t.empty)
        self.day_words = [b""] + [b"1er "] + [f"{d} ".encode() for d in range(2, 32)]
        self.month_words = [b""] + [f"{m} ".encode(enc) for m in _MONTHS_FR]
        self.header = (";".join(OFII_HEADER) + "\r\n").encode(enc)


# Observation templates for the dump: ({kind} placeholders, weight in the "reference" profile, weight in the
# "dense" profile); kind → entity in _DUMP_KINDS. The reference profile is calibrated on DESIGN §6: about
# 14.5M matches of the raw-pattern union (ripgrep baseline) in the 1 GB dump; "dense" puts PII in most notes.
_DUMP_TEMPLATES_W: tuple[tuple[str, float, float], ...] = (
    (
        "RDV le {rdv} à {hour} au guichet {guichet}. Se présenter avec le passeport original, "
        "deux photographies d'identité récentes, un justificatif de domicile de moins de trois mois "
        "et le timbre fiscal.",
        2.0,
        10,
    ),
    (
        "RDV le {rdv} à {hour} ; se munir du passeport original et de la convocation. "
        "Tél. secondaire indiqué par l'usager : {phone2}. Rappel envoyé par SMS la veille.",
        1.5,
        10,
    ),
    (
        "NIR communiqué par l'usager : {nir_spaced}. À vérifier avec l'attestation de droits de la CPAM "
        "avant la signature du CIR. Dossier suivi par l'agent {agent}.",
        1.5,
        8,
    ),
    (
        'Pièces reçues : "passeport" + justificatif de domicile + acte de naissance traduit. '
        "Contact : {email2}, tél. {phone2}. Dossier complet transmis au service instructeur le {rdv}.",
        1.0,
        9,
    ),
    (
        "Demande incomplète.\nRelance envoyée le {rdv} par courrier recommandé avec accusé de réception.\n"
        "Sans réponse sous quinze jours, la demande sera classée sans suite.",
        1.5,
        6,
    ),
    (
        "Conjoint : M. {conj_m}, né le {conj_dob}, de nationalité {nat_f}, titulaire du passeport n° {pp2}. "
        "Regroupement familial demandé, visite du logement programmée le {rdv}.",
        1.0,
        8,
    ),
    (
        "Conjointe : Mme {conj_f}, née le {conj_dob}, de nationalité {nat_f}. "
        "Ancien n° étranger : {agdref2}. Titre de séjour expiré le {rdv}; "
        "renouvellement en cours auprès de la préfecture.",
        1.0,
        8,
    ),
    (
        "Visite médicale effectuée le {rdv} à {hour}. Résultats transmis au médecin de l'OFII. "
        "Courriel de l'usager : {email2} ; téléphone : {phone2}.",
        0.5,
        7,
    ),
    (
        "Aide au retour : versement sur le compte {iban} ouvert au nom de l'usager. Montant validé par le "
        "directeur territorial le {rdv}. Copie du RIB au dossier.",
        0.5,
        5,
    ),
    (
        "Copie de la bande MRZ du passeport :\n{mrz}\nDocument contrôlé, aucune anomalie relevée par "
        "l'agent d'accueil.",
        0.3,
        3,
    ),
    (
        "Formation civique suivie les {rdv} et jours suivants. Attestation remise en main propre. "
        "Niveau de langue A2 atteint selon le test de positionnement.",
        1.2,
        6,
    ),
    (
        "Usager reçu en entretien individuel. Situation familiale et professionnelle examinée avec "
        "l'intéressé, orientation vers les ateliers collectifs proposée et acceptée sans difficulté.",
        14,
        0,
    ),
    (
        "Demande de complément d'information adressée à la préfecture. En attente du retour du service "
        "des étrangers avant de poursuivre l'instruction du dossier ; relance prévue si besoin.",
        14,
        0,
    ),
    (
        "L'usager signale un changement d'adresse, justificatif à fournir lors du prochain passage. "
        "Hébergement chez un tiers depuis plusieurs mois selon ses déclarations, à confirmer.",
        14,
        0,
    ),
    (
        "Prestation d'accompagnement linguistique prescrite, volume horaire adapté au niveau constaté. "
        "Suivi assuré par l'organisme de formation du secteur, assiduité satisfaisante à ce stade.",
        13,
        0,
    ),
    (
        'Dossier examiné en commission, avis "favorable" sous réserve de la présentation des pièces '
        "originales. Courrier de notification envoyé à l'adresse déclarée par l'intéressé.",
        13,
        0,
    ),
    (
        "Aucune remarque particulière. Pièces conformes, dossier transmis pour décision sans observation "
        "complémentaire de l'agent instructeur.\nClôture de l'accueil.",
        13,
        0,
    ),
    ("", 8, 11),
)
_DUMP_TEMPLATES = tuple(t for t, _, _ in _DUMP_TEMPLATES_W)
DUMP_PROFILES = ("reference", "dense")
"""Observation profiles of :func:`write_ofii_dump`: ``reference`` (DESIGN §6 density) or ``dense``."""
_DUMP_KINDS: dict[str, str | None] = {
    "rdv": None,
    "hour": None,
    "guichet": None,
    "agent": None,
    "phone2": PHONE_NUMBER,
    "nir_spaced": FR_NIR,
    "email2": EMAIL_ADDRESS,
    "conj_m": PERSON,
    "conj_f": PERSON,
    "conj_dob": DATE_OF_BIRTH,
    "nat_f": NATIONALITY,
    "pp2": FR_PASSPORT,
    "agdref2": FR_RESIDENCE_PERMIT,
    "iban": IBAN_CODE,
    "mrz": MRZ,
}


class _DumpTemplate:
    """A pre-escaped, pre-encoded observation template: literal pieces and placeholder kinds."""

    def __init__(self, text: str, encoding: str) -> None:
        # A template with a quote needs a quoted cell, so doubling quotes up front is always right.
        self.needs_quotes = any(c in text for c in ';"\n\r') or "{mrz}" in text
        pieces = _PLACEHOLDER.split(text)  # literal, kind, literal, kind, ..., literal
        self.literals = [p.replace('"', '""').encode(encoding) for p in pieces[0::2]]
        self.kinds: list[str] = pieces[1::2]
        self.empty = not text


@dataclass
class _BlockCtx:
    """Per-block columns the observation fillers draw on."""

    rng: np.random.Generator
    pools: _DumpPools
    country: np.ndarray
    sex: np.ndarray
    sur_idx: np.ndarray
    given_idx: np.ndarray
    depot: np.ndarray
    dob: np.ndarray
    nir_spaced: list[bytes]
    passports: list[bytes]


def _ymd(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12), day (1-31) of a datetime64[D] array."""
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dd = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return y, m, dd


def _date_cells(d: np.ndarray, style: np.ndarray) -> list[bytes]:
    """Dates in DATE_STYLES order: 0 iso, 1 dd/mm/yyyy, 2 dd.mm.yyyy, 3 dd-mm-yyyy."""
    y, m, dd = _ymd(d)
    yd, md, ddd = _digits(y, 4), _digits(m, 2), _digits(dd, 2)
    out = np.empty((len(d), 10), dtype=np.uint8)
    sep = np.array([45, 47, 46, 45], dtype=np.uint8)[style]
    out[:, 0:2], out[:, 2], out[:, 3:5], out[:, 5], out[:, 6:10] = ddd, sep, md, sep, yd
    iso = style == 0
    out[iso, 0:4], out[iso, 4], out[iso, 5:7], out[iso, 7], out[iso, 8:10] = (
        yd[iso],
        45,
        md[iso],
        45,
        ddd[iso],
    )
    return _rows_to_bytes(out)


def _phone_cells(rng: np.random.Generator, m: int) -> list[bytes]:
    """French phone numbers in the six PHONE_STYLES (mostly mobiles)."""
    lead = np.array([6, 6, 6, 6, 7, 7, 7, 1, 2, 3, 4, 5, 9])[rng.integers(0, 13, m)]
    dmat = np.empty((m, 10), dtype=np.uint8)
    dmat[:, 0] = 48
    dmat[:, 1] = lead + 48
    dmat[:, 2:] = _digits(rng.integers(1, 10**8, m), 8)
    style = rng.choice(6, size=m, p=(0.40, 0.12, 0.06, 0.22, 0.12, 0.08))
    out = np.empty(m, dtype=object)
    for s, (width, layout) in enumerate(_PHONE_LAYOUTS):
        idx = np.nonzero(style == s)[0]
        if not len(idx):
            continue
        mat = np.empty((len(idx), width), dtype=np.uint8)
        for j, src in enumerate(layout):
            mat[:, j] = dmat[idx, src] if src >= 0 else -src
        out[idx] = _obj(_rows_to_bytes(mat))
    return out.tolist()


def _french_passports(rng: np.random.Generator, m: int) -> list[bytes]:
    pp = np.empty((m, 9), dtype=np.uint8)
    pp[:, 0:2] = _digits(rng.integers(0, 100, m), 2)
    pp[:, 2:4] = rng.integers(65, 91, (m, 2))
    pp[:, 4:9] = _digits(rng.integers(0, 100000, m), 5)
    return _rows_to_bytes(pp)


def _agdrefs(rng: np.random.Generator, pools: _DumpPools, m: int) -> list[bytes]:
    agd = np.empty((m, 10), dtype=np.uint8)
    agd[:, 0:2] = _digits(pools.agdref_depts[rng.integers(0, len(pools.agdref_depts), m)], 2)
    agd[:, 2:] = _digits(rng.integers(0, 10**8, m), 8)
    return _rows_to_bytes(agd)


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
    pools: _DumpPools, rng: np.random.Generator, n: int, first_row: int, *, random_nir: bool, want_truth: bool
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
    by, bm, _ = _ymd(dob)
    dob_cells = _date_cells(dob, rng.choice(4, size=n, p=(0.35, 0.45, 0.12, 0.08)))
    depot_cells = _date_cells(depot, rng.choice(4, size=n, p=(0.3, 0.55, 0.15, 0.0)))
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
    nir_mat[:, 0:13] = _digits(n13, 13)
    nir_mat[:, 5:7] = dept_chr
    nir_mat[:, 13:15] = _digits(97 - n13 % 97, 2)
    if random_nir:
        nir_mat = (rng.integers(0, 10, (n, 15)) + 48).astype(np.uint8)
    nir_sp = np.full((n, 21), 32, dtype=np.uint8)
    nir_sp[:, _NIR_SPACED_POS] = nir_mat
    nir_compact_b = _rows_to_bytes(nir_mat)
    nir_spaced_b = _rows_to_bytes(nir_sp)
    nir_cells = np.where(rng.random(n) < 0.25, _obj(nir_spaced_b), _obj(nir_compact_b))
    place = np.empty(n, dtype=object)
    place[born_fr] = pools.fr_city[city[born_fr]]
    for ci in np.unique(birth_country[~born_fr]).tolist():
        idx = np.nonzero((~born_fr) & (birth_country == ci))[0]
        labels = pools.foreign_city[ci]
        place[idx] = labels[rng.integers(0, len(labels), len(idx))]
    # -- phones, passports, AGDREF, e-mails ---------------------------------------------------------------
    phone_b = _phone_cells(rng, n)
    foreign_pp = (rng.integers(0, 10, (n, 9)) + 48).astype(np.uint8)
    foreign_pp[:, 0] = rng.integers(65, 91, n)
    two_letters = rng.random(n) < 0.5
    foreign_pp[two_letters, 1] = rng.integers(65, 91, int(two_letters.sum()))
    fr_pp = _french_passports(rng, n)
    pp_cells = np.where(french, _obj(fr_pp), _obj(_rows_to_bytes(foreign_pp)))
    agd_cells = np.where(french, b"", _obj(_agdrefs(rng, pools, n)))
    g_tok = pools.given_tok[given_idx]
    s_tok = pools.surname_tok[sur_idx]
    estyle = rng.integers(0, 4, n)
    first = np.where(estyle == 2, s_tok, g_tok).tolist()
    second = np.where(estyle == 2, g_tok, s_tok).tolist()
    seps = np.array([b".", b"", b".", b"_"], dtype=object)[estyle].tolist()
    suffix = np.where(rng.random(n) < 0.35, _obj(_rows_to_bytes(_digits(by % 100, 2))), b"").tolist()
    domains = pools.domains[rng.choice(len(pools.domains), size=n, p=pools.domain_p)].tolist()
    email_b = list(map(b"".join, zip(first, seps, second, suffix, itertools.repeat(b"@"), domains, strict=False)))
    nat_b = pools.nat_labels[country, sex, rng.choice(len(NATIONALITY_STYLES), size=n, p=pools.nat_style_p)]
    dossier = np.empty((n, 15), dtype=np.uint8)
    dossier[:, 0:4] = _digits(_ymd(depot)[0], 4)
    dossier[:, 4] = 45
    dossier[:, 5:7] = _digits(pools.dossier_depts[rng.integers(0, len(pools.dossier_depts), n)], 2)
    dossier[:, 7] = 48
    dossier[:, 8] = 45
    dossier[:, 9:15] = _digits((first_row + np.arange(n)) % 1000000, 6)

    def blank(col: np.ndarray | list[bytes], share: float = 0.02) -> list[bytes]:
        arr = col if isinstance(col, np.ndarray) else _obj(col)
        return np.where(rng.random(n) < share, b"", arr).tolist()

    cols: list[list[bytes]] = [
        _rows_to_bytes(dossier),
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


def _dump_block(
    pools: _DumpPools, rng: np.random.Generator, n: int, first_row: int, *, random_nir: bool, want_truth: bool
) -> tuple[bytes, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """Build ``n`` rows: the bytes and, if asked, truth as (entity codes, offsets in block, lengths)."""
    cells = dump_cells(pools, rng, n, first_row, random_nir=random_nir, want_truth=want_truth)
    cols, french, obs_spans = cells.cols, cells.french, cells.obs_spans
    data = b"\r\n".join(map(b";".join, zip(*cols, strict=False))) + b"\r\n"
    if not want_truth:
        return data, []
    # -- truth ------------------------------------------------------------------------------------------
    cell_lens = [np.fromiter(map(len, c), dtype=np.int64, count=n) for c in cols]
    row_len = np.sum(cell_lens, axis=0) + len(cols) - 1 + 2
    row_start = np.concatenate(([0], np.cumsum(row_len)[:-1]))
    cell_start = [row_start]
    for k in range(1, len(cols)):
        cell_start.append(cell_start[-1] + cell_lens[k - 1] + 1)
    truth: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    cell_entities = [
        (1, PERSON),
        (2, PERSON),
        (3, DATE_OF_BIRTH),
        (5, NATIONALITY),
        (6, EMAIL_ADDRESS),
        (7, PHONE_NUMBER),
        (8, FR_PASSPORT),
        (9, FR_RESIDENCE_PERMIT),
        (10, FR_NIR),
    ]
    for k, ent in cell_entities:
        if k == 10 and random_nir:
            continue
        keep = cell_lens[k] > 0
        if k == 8:
            keep &= french  # foreign passport numbers are noise, not FR_PASSPORT
        truth.append((np.full(int(keep.sum()), _ENTITY_CODE[ent]), cell_start[k][keep], cell_lens[k][keep]))
    obs_start = cell_start[12]
    for rows_t, entity, off, lens in obs_spans:
        truth.append((np.full(len(rows_t), _ENTITY_CODE[entity]), obs_start[rows_t] + off, lens))
    return data, truth


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
        out[rows_t] = _obj(list(map(b"".join, zip(*columns, strict=False))))
        if not want_truth:
            continue
        pos = np.zeros(m, dtype=np.int64)
        for k, lit in enumerate(tpl.literals):
            pos += len(lit)
            if k == len(fills):
                break
            lens = np.fromiter(map(len, fills[k]), dtype=np.int64, count=m)
            entity = _DUMP_KINDS[tpl.kinds[k]]
            if entity == MRZ:  # one span per line (2×44 joined by "\n")
                spans.append((rows_t, MRZ, pos.copy(), np.full(m, 44)))
                spans.append((rows_t, MRZ, pos + 45, np.full(m, 44)))
                spans.extend(_mrz_subspans(rows_t, pos, fills[k]))
            elif entity is not None and not (entity == FR_NIR and random_nir):
                spans.append((rows_t, entity, pos.copy(), lens))
            pos += lens
    return out.tolist(), spans


_NIR_SPACED_POS = np.array([0, 2, 3, 5, 6, 8, 9, 11, 12, 13, 15, 16, 17, 19, 20])


def _mrz_subspans(
    rows: np.ndarray, pos: np.ndarray, mrzs: list[bytes]
) -> list[tuple[np.ndarray, str, np.ndarray, np.ndarray]]:
    """Spans inside dump MRZs (2×44, ``\\n``): names, passport number, nationality, birth date."""
    out: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []
    m = len(rows)
    for ent, off, ln in ((FR_PASSPORT, 45, 9), (NATIONALITY, 55, 3), (DATE_OF_BIRTH, 58, 6)):
        out.append((rows, ent, pos + off, np.full(m, ln)))
    sur_len = np.array([mz[5:44].index(b"<<") for mz in mrzs], dtype=np.int64)
    giv_len = np.array([len(mz[5:44].split(b"<<")[1].rstrip(b"<")) for mz in mrzs], dtype=np.int64)
    out.append((rows, PERSON, pos + 5, sur_len))
    has_giv = giv_len > 0
    out.append((rows[has_giv], PERSON, (pos + 5 + sur_len + 2)[has_giv], giv_len[has_giv]))
    return out


# Phone layouts: (width, source digit index or -ASCII code for a literal) per style of PHONE_STYLES.
def _layout(pattern: str) -> tuple[int, tuple[int, ...]]:
    out: list[int] = []
    d = 0
    for ch in pattern:
        if ch == "d":
            out.append(d)
            d += 1
        elif ch == "n":  # national digit after +33: skip the leading 0
            d = 1
            out.append(d)
            d += 1
        else:
            out.append(-ord(ch))
    return len(out), tuple(out)


_PHONE_LAYOUTS = tuple(
    _layout(p)
    for p in (
        "dd dd dd dd dd",
        "dd.dd.dd.dd.dd",
        "dd-dd-dd-dd-dd",
        "dddddddddd",
        "+33 n dd dd dd dd",
        "+33ndddddddd",
    )
)


def _dump_fill(ctx: _BlockCtx, kind: str, rows: np.ndarray) -> list[bytes]:
    """Values for one placeholder kind, for the given rows of the block."""
    rng, pools = ctx.rng, ctx.pools
    m = len(rows)
    if kind == "rdv":
        return _date_cells(ctx.depot[rows] + rng.integers(-90, 120, m).astype("timedelta64[D]"), np.full(m, 1))
    if kind == "hour":
        mat = np.empty((m, 5), dtype=np.uint8)
        mat[:, 0:2] = _digits(rng.integers(8, 18, m), 2)
        mat[:, 2] = ord("h")
        mat[:, 3:5] = _digits(np.array([0, 15, 30, 45])[rng.integers(0, 4, m)], 2)
        return _rows_to_bytes(mat)
    if kind == "guichet":
        return _rows_to_bytes((rng.integers(0, 12, (m, 1)) + 65).astype(np.uint8))
    if kind == "agent":
        return pools.surname_disp[rng.integers(0, pools.n_fr_simple, m)].tolist()
    if kind == "phone2":
        return _phone_cells(rng, m)
    if kind == "nir_spaced":
        return [ctx.nir_spaced[i] for i in rows.tolist()]
    if kind == "email2":
        g = pools.given_tok[ctx.given_idx[rows]].tolist()
        s = pools.surname_tok[ctx.sur_idx[rows]].tolist()
        num = _rows_to_bytes(_digits(rng.integers(0, 1000, m), 3))
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
        y, mo, dd = _ymd(d)
        return [
            pools.day_words[a] + pools.month_words[b_] + str(c_).encode()
            for a, b_, c_ in zip(dd.tolist(), mo.tolist(), y.tolist(), strict=True)
        ]
    if kind == "nat_f":
        return pools.adj_f[ctx.country[rows]].tolist()
    if kind == "pp2":
        return _french_passports(rng, m)
    if kind == "agdref2":
        return _agdrefs(rng, pools, m)
    if kind == "iban":
        return _dump_ibans(pools, rng, m)
    if kind == "mrz":
        return _dump_mrz(ctx, rows)
    raise KeyError(kind)


def _dump_ibans(pools: _DumpPools, rng: np.random.Generator, m: int) -> list[bytes]:
    """French IBANs, compact or grouped by 4, with valid RIB key and IBAN check digits (vectorised)."""
    bank = pools.banks[rng.integers(0, len(pools.banks), m)]
    branch = rng.integers(0, 100000, m)
    account = rng.integers(0, 10**11, m)
    rib = 97 - (89 * bank + 15 * branch + 3 * account) % 97
    bban = np.empty((m, 23), dtype=np.int64)
    bban[:, 0:5] = _digits(bank, 5) - 48
    bban[:, 5:10] = _digits(branch, 5) - 48
    bban[:, 10:21] = _digits(account, 11) - 48
    bban[:, 21:23] = _digits(rib, 2) - 48
    tail = np.tile(np.array([1, 5, 2, 7, 0, 0]), (m, 1))  # F=15, R=27, "00"
    check = 98 - _mod97_matrix(np.concatenate([bban, tail], axis=1))
    chars = np.empty((m, 27), dtype=np.uint8)
    chars[:, 0:2] = (70, 82)
    chars[:, 2:4] = _digits(check, 2)
    chars[:, 4:] = bban + 48
    grouped = np.full((m, 33), 32, dtype=np.uint8)
    grouped[:, [i + i // 4 for i in range(27)]] = chars
    compact = rng.random(m) < 0.4
    return np.where(compact, _obj(_rows_to_bytes(chars)), _obj(_rows_to_bytes(grouped))).tolist()


def _dump_mrz(ctx: _BlockCtx, rows: np.ndarray) -> list[bytes]:
    """TD3 MRZs of French passports for the rows' persons, line break ``\\n``; plain Python (rare)."""
    pools, rng = ctx.pools, ctx.rng
    out: list[bytes] = []
    expiries = ctx.depot[rows] + rng.integers(100, 3650, len(rows)).astype("timedelta64[D]")
    for i, r in enumerate(rows.tolist()):
        sur = _mrz_name(pools.surname_plain[ctx.sur_idx[r]].decode(pools.encoding))[:37]
        giv = _mrz_name(pools.given_disp[ctx.given_idx[r]].decode(pools.encoding))
        name = (sur + "<<" + giv)[:39].rstrip("<").ljust(39, "<")
        number = ctx.passports[r].decode("ascii")  # the row's own French passport
        dob = str(ctx.dob[r]).replace("-", "")[2:8]
        expiry = str(expiries[i]).replace("-", "")[2:8]
        head = number + _mrz_check(number)
        dob_part = dob + _mrz_check(dob)
        exp_part = expiry + _mrz_check(expiry)
        tail = "<" * 14 + "0"
        line2 = head + "FRA" + dob_part + ("M" if ctx.sex[r] == 0 else "F") + exp_part + tail
        line2 += _mrz_check(head + dob_part + exp_part + tail)
        out.append(("P<FRA" + name + "\n" + line2).encode("ascii"))
    return out


def write_ofii_dump(
    path: str | Path,
    rows: int,
    *,
    seed: int = 1,
    encoding: str = "cp1252",
    random_nir: bool = False,
    truth_path: str | Path | None = None,
    block_rows: int = 50_000,
    profile: str = "reference",
    progress: Callable[[int, int], None] | None = None,
) -> DumpStats:
    """Write a dense OFII-like ``;`` CSV (French headers, CRLF) of ``rows`` rows, ≈476 bytes a row.

    Every row carries a name, birth date, e-mail, phone, passport and NIR (an AGDREF number for
    foreigners); the two-part ``Observations`` note is mostly prose in the ``reference`` profile (calibrated
    on DESIGN §6: ≈14.5M raw-pattern matches per GB) and mostly PII in the ``dense`` one.

    Deterministic for (rows, seed, encoding, random_nir, block_rows, profile). ``random_nir`` replaces NIRs
    by random 15-digit strings (≈1/97 valid keys: the authenticity signal). ``truth_path`` writes the truth
    as JSON Lines (``file`` is the dump's base name); slower and large, meant for small dumps.
    """
    import time

    t0 = time.perf_counter()
    codec = _CODECS[encoding.lower()]
    if codec not in ("cp1252", "utf-8"):
        raise ValueError("the dump is written in cp1252 or utf-8")
    if profile not in DUMP_PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    pools = _DumpPools(seed, codec, profile)
    path = Path(path)
    total = 0
    spans = 0
    truth_fh = open(truth_path, "wb") if truth_path else None  # noqa: SIM115
    try:
        with open(path, "wb") as fh:
            fh.write(pools.header)
            total += len(pools.header)
            done = 0
            block_no = 0
            while done < rows:
                n = min(block_rows, rows - done)
                rng = np.random.default_rng([seed, block_no])
                data, truth = _dump_block(pools, rng, n, done, random_nir=random_nir, want_truth=bool(truth_fh))
                if truth_fh:
                    spans += _write_dump_truth(truth_fh, path.name, truth, total)
                fh.write(data)
                total += len(data)
                done += n
                block_no += 1
                if progress:
                    progress(done, rows)
    finally:
        if truth_fh:
            truth_fh.close()
    return DumpStats(str(path), rows, total, time.perf_counter() - t0, spans)


def _write_dump_truth(fh: Any, name: str, truth: list[tuple[np.ndarray, np.ndarray, np.ndarray]], base: int) -> int:
    if not truth:
        return 0
    codes = np.concatenate([t[0] for t in truth])
    offs = np.concatenate([t[1] for t in truth]) + base
    lens = np.concatenate([t[2] for t in truth])
    order = np.lexsort((-lens, offs))
    prefix = json.dumps(name)
    ents = [json.dumps(e) for e in ENTITIES]
    lines = [
        f'{{"file": {prefix}, "entity": {ents[c]}, "offset": {o}, "length": {n}}}\n'
        for c, o, n in zip(codes[order].tolist(), offs[order].tolist(), lens[order].tolist(), strict=True)
    ]
    fh.write("".join(lines).encode("utf-8"))
    return len(lines)


def iter_truth(path: str | Path) -> Iterator[dict[str, Any]]:
    """Read a truth JSON Lines file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
