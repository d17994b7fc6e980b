"""Generate first_names.txt from Faker's person providers.

Why: recognising `Prénom NOM` in free text (`Karim BENALI a déposé...`) needs to know which capitalised
words are given names.  French administrative data (OFII, prefectures, CAF) holds the names of people
from France, the Maghreb, West and Central Africa, Turkey, the Middle East, South Asia, Eastern Europe and
Asia; Faker ships name lists for most of these populations under a permissive licence (MIT).  Lists in a
non-Latin script are transliterated (Cyrillic, ICAO Doc 9303 table) or skipped (Arabic, Persian, Indic,
CJK: their Latin spellings vary too much to derive; the French-, German- and Dutch-language lists already
carry the common Latin spellings such as Mohamed, Abdelkader, Fatima).  A short supplement adds frequent
West African and Maghrebi spellings that Faker lacks (Mamadou, Fatoumata, Aïssatou...).

Each name is ASCII-folded (piiscan.text.fold, plus ı→i, ł→l, đ→d, ə→e), kept only if it is Latin letters
with inner hyphens or apostrophes and at least 3 letters, deduplicated, and dropped if it is in
person_stopwords.txt (Avril, Mai, France... are months, words or places before they are names).

Run with the project's venv (needs faker, a test dependency); the output is committed:

    /work/venv/bin/python recognizers/fr/data/_make_first_names.py
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository root, for piiscan.text

from piiscan.text import fold  # noqa: E402

# Population -> Faker locales (faker.providers.person.<locale>).
LOCALES: dict[str, tuple[str, ...]] = {
    "France and French-speaking Europe and Canada": ("fr_FR", "fr_BE", "fr_CH", "fr_CA", "fr_QC", "de_LU"),
    "Belgium and Germany (lists that include Turkish, Arabic and Balkan names)": ("nl_BE", "de_DE"),
    "Maghreb": ("fr_DZ",),
    "West and Central Africa": ("ha_NG", "ig_NG", "yo_NG", "tw_GH", "en_NG"),
    "East and Southern Africa": ("sw", "en_KE", "zu_ZA"),
    "Turkey, Caucasus, Central Asia": ("tr_TR", "az_AZ", "uz_UZ"),
    "South Asia": ("en_PK", "en_IN"),
    "South-East and East Asia": ("id_ID", "vi_VN", "en_TH", "ja_JP"),
    "Eastern Europe": (
        "pl_PL", "ro_RO", "cs_CZ", "sk_SK", "hr_HR", "sl_SI", "hu_HU", "lt_LT", "lv_LV", "et_EE",
        "ru_RU", "uk_UA", "bg_BG",
    ),
    "Southern Europe": ("es_ES", "pt_PT", "pt_BR", "it_IT"),
    "English-speaking": ("en_US", "en_GB", "en_IE"),
}  # fmt: skip

# Frequent spellings in French data that the Faker lists lack (West Africa, Maghreb, Middle East,
# Comoros, Horn of Africa, Afghanistan).  Written as in French civil status.
SUPPLEMENT: tuple[str, ...] = (
    "Mamadou", "Mahamadou", "Moussa", "Oumar", "Ousmane", "Ibrahima", "Boubacar", "Abdoulaye", "Seydou",
    "Souleymane", "Amadou", "Alassane", "Lamine", "Cheikh", "Modou", "Babacar", "Mamadi", "Sékou",
    "Bakary", "Issa", "Adama", "Drissa", "Siaka", "Yacouba", "Karamoko", "Mory", "Daouda", "Tidiane",
    "Fatoumata", "Fatou", "Aminata", "Mariam", "Mariama", "Kadiatou", "Kadidiatou", "Aïssatou", "Awa",
    "Oumou", "Hawa", "Djeneba", "Ramatoulaye", "Coumba", "Ndeye", "Assétou", "Bintou", "Binta", "Nafissatou",
    "Rokia", "Salimata", "Mamadou-Lamine", "Youssouf", "Moustapha", "Fodé", "Lassana", "Bréhima",
    "Mohamed", "Mohammed", "Mohamad", "Muhammad", "Mohand", "Mehdi", "Youssef", "Yousef", "Rachid",
    "Karim", "Samir", "Nabil", "Farid", "Kamel", "Mourad", "Djamel", "Hakim", "Saïd", "Omar", "Hassan",
    "Hussein", "Houssein", "Abdallah", "Abdelaziz", "Abderrahim", "Abdelhak", "Brahim", "Driss", "Hicham",
    "Khalid", "Mustapha", "Noureddine", "Redouane", "Soufiane", "Sofiane", "Walid", "Yassine", "Zakaria",
    "Ayoub", "Bilal", "Ilyes", "Ismaël", "Jamal", "Larbi", "Lahcen", "Mokhtar", "Ahmad", "Mahmoud",
    "Moustafa", "Abdel", "Tarek", "Hamid", "Reza", "Mohsen", "Mehmet", "Mustafa", "Abdulrahman",
    "Fatima", "Fatiha", "Khadija", "Aïcha", "Aicha", "Yasmina", "Yasmine", "Nadia", "Leïla", "Leila",
    "Samira", "Malika", "Naïma", "Zahra", "Zohra", "Rachida", "Karima", "Latifa", "Hafsa", "Houria",
    "Souad", "Nour", "Meriem", "Myriam", "Salma", "Imane", "Hanane", "Sana", "Asma", "Amina", "Khadidja",
    "Maryam", "Fatemeh", "Zeynab", "Zainab", "Masoud", "Ali", "Hossein", "Abdirahman", "Abdi", "Mahad",
    "Hamdi", "Nasrin", "Shirin", "Gul", "Ahmadullah", "Habibullah", "Zabihullah", "Said", "Ousseni",
    "Anli", "Soifia", "Moinecha",
)  # fmt: skip

# ICAO Doc 9303 (part 3, section 6) transliteration of Cyrillic, as printed in passports' MRZ.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
CYRILLIC_LOCALES = {"ru_RU", "uk_UA", "bg_BG"}

# Latin letters that Unicode does not decompose into a base letter + accent.
EXTRA_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ə": "e", "Ə": "e",
                            "ħ": "h", "’": "'", "ʻ": "'", "ʼ": "'", "`": "'"})  # fmt: skip

NAME = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
# Entries of the Faker lists that are not given names, or are far more often a word in French text.
NOT_NAMES: set[str] = set()


def _names_of(locale: str) -> list[str]:
    """Every first name a Faker locale lists, as written."""
    module = importlib.import_module(f"faker.providers.person.{locale}")
    provider = module.Provider
    out: list[str] = []
    for attr in sorted(vars(provider)):
        if not attr.startswith("first_name"):
            continue
        value = getattr(provider, attr)
        if isinstance(value, dict):
            value = list(value)
        if not isinstance(value, (list, tuple)):
            continue
        for item in value:
            if isinstance(item, tuple):  # ja_JP: (kanji, katakana, romaji)
                item = item[-1]
            if isinstance(item, str):
                out.append(item)
    return out


def normalise(name: str, *, cyrillic: bool = False) -> str | None:
    """The folded ASCII spelling of a name, or None if it is not a single Latin-script name."""
    if cyrillic:
        name = "".join(CYRILLIC.get(c, c) for c in name.lower())
    folded = fold(name.strip().translate(EXTRA_FOLD))
    if not NAME.fullmatch(folded) or sum(c.isalpha() for c in folded) < 3:
        return None
    return folded


def stopwords() -> set[str]:
    """Folded words of person_stopwords.txt."""
    words = set()
    for line in (HERE / "person_stopwords.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(fold(line))
    return words


def build() -> list[str]:
    """The sorted, deduplicated folded first names."""
    stop = stopwords() | NOT_NAMES
    names: set[str] = set()
    for locales in LOCALES.values():
        for locale in locales:
            for raw in _names_of(locale):
                folded = normalise(raw, cyrillic=locale in CYRILLIC_LOCALES)
                if folded and folded not in stop:
                    names.add(folded)
    for raw in SUPPLEMENT:
        folded = normalise(raw)
        if folded and folded not in stop:
            names.add(folded)
    return sorted(names)


def main() -> None:
    """Write first_names.txt next to this script."""
    names = build()
    populations = "; ".join(f"{k}: {', '.join(v)}" for k, v in LOCALES.items())
    header = [
        "# Common given names of the populations seen in French administrative data, folded to ASCII "
        "lower case (piiscan.text.fold), one per line. Used to recognise `Prénom NOM` in free text.",
        "# Generated by _make_first_names.py from Faker's person providers "
        "(faker.providers.person.<locale>, MIT licence; Cyrillic transliterated with the ICAO 9303 table) "
        f"plus a short supplement: {populations}.",
        "# Names that are also in person_stopwords.txt are left out.",
    ]
    (HERE / "first_names.txt").write_text("\n".join(header + names) + "\n", encoding="utf-8")
    print(f"{len(names)} first names")


if __name__ == "__main__":
    main()
