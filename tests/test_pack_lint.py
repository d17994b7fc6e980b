"""Lint of the recognizer pack: the YAML definitions, header matching and dictionaries are right.

Why: the pack is data that people edit.  This test catches what a careless edit breaks (a missing key, a
category that drifted from DESIGN.md, a regex that no longer finds its own examples, an example whose
check digits are wrong, a nationality mapped to two codes) before a scan silently reports less.  Whether
the scanner reports the examples is checked elsewhere; here only the data is.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from piiscan.entities.contract import CATEGORY_ORDER
from piiscan.pack import (
    CATEGORIES,
    ENTITY_ORDER,
    EntitySpec,
    Example,
    Pack,
    PackError,
    default_pack_path,
    load_pack,
)
from piiscan.text import fold

PACK_DIR = default_pack_path()
DATA_DIR = PACK_DIR / "data"
ENTITY_FILES = sorted(p for p in PACK_DIR.glob("*.yaml") if p.name != "pack.yaml")

REQUIRED_KEYS = {
    "entity",
    "category",
    "name",
    "description",
    "references",
    "validator",
    "requires_context",
    "context_window",
    "context",
    "headers",
    "score",
    "examples",
    "negative_examples",
}
OPTIONAL_KEYS = {"exclude_headers", "negative_context"}


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


# ------------------------------------------------------------------------------------- the definitions


def test_pack_defines_exactly_the_design_entities(pack: Pack) -> None:
    assert [p.stem.upper() for p in ENTITY_FILES] == sorted(ENTITY_ORDER)
    assert [spec.entity for spec in pack.entities] == list(ENTITY_ORDER)
    assert [spec.id for spec in pack.entities] == list(range(len(ENTITY_ORDER)))
    # every DESIGN.md §2 category holds an entity, and no entity names another category; which entity
    # belongs where is its descriptor's to say, and its YAML must agree (test_definition_lint)
    assert set(CATEGORIES.values()) == set(CATEGORY_ORDER)
    assert {spec.entity: spec.category for spec in pack.entities} == dict(CATEGORIES)


@pytest.mark.parametrize("path", ENTITY_FILES, ids=lambda p: p.stem)
def test_definition_lint(path: Path, pack: Pack) -> None:
    """Keys, names, categories, example counts, headers, and every expected match where it is."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(raw) >= REQUIRED_KEYS, f"missing keys: {REQUIRED_KEYS - set(raw)}"
    assert set(raw) <= REQUIRED_KEYS | OPTIONAL_KEYS, f"unknown keys: {set(raw) - REQUIRED_KEYS - OPTIONAL_KEYS}"
    assert raw["entity"] == path.stem.upper() and raw["entity"] in ENTITY_ORDER
    assert raw["category"] == CATEGORIES[raw["entity"]], "the YAML's category is the descriptor's"
    spec = pack.entity(raw["entity"])

    assert len(spec.examples) >= 10, "at least 10 examples"
    assert len(spec.negative_examples) >= 10, "at least 10 negative examples"
    assert len(spec.description.split()) >= 2 and len(spec.description) <= 600
    assert all(ref.startswith("https://") for ref in spec.references)
    assert spec.score.base <= spec.score.context <= spec.score.header
    assert not set(spec.headers) & set(spec.exclude_headers), "a phrase both announces and vetoes"
    assert len(spec.headers) == len(set(spec.headers))
    texts = {ex.content for ex in spec.examples}
    assert not [ex for ex in spec.negative_examples if ex.content in texts and not ex.is_cell]

    for ex in spec.examples:
        _check_matches_found(spec, ex)


def _check_matches_found(spec: EntitySpec, ex: Example) -> None:
    """Each expected match occurs in the example, in order (whether the scanner finds it there is
    `tests/test_pack_examples.py`'s question)."""
    content = ex.content
    pos = 0
    for expected in ex.matches:
        start = content.find(expected, pos)
        assert start >= 0, f"{spec.entity}: {expected!r} not found (in order) in {content!r}"
        pos = start + len(expected)


def test_cell_examples_sit_under_a_hinting_header(pack: Pack) -> None:
    """A positive cell example is under a field whose name announces its entity."""
    wrong = [
        (spec.entity, ex.field)
        for spec in pack.entities
        for ex in spec.examples
        if ex.is_cell and not pack.field_hints(ex.field or "") & spec.bit
    ]
    assert not wrong


# ----------------------------------------------------------------------- the synthetic values are right


_NIR_LIKE = re.compile(  # sex digit, month 01-12/20-42/50-99, then the 15-character shape
    r"(?<![0-9A-Za-z])[1-478] ?[0-9]{2} ?(?:0[1-9]|1[0-2]|[2-35-9][0-9]|4[0-2]) ?(?:[0-9]{2}|2[AB])"
    r" ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}(?![0-9A-Za-z])"
)
_IBAN_LIKE = re.compile(r"(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}(?:[ -]?[0-9A-Z]){11,30}(?![0-9A-Za-z])")


def _all_matches(shape: re.Pattern[str], content: str) -> list[str]:
    """Every run of `content` of the identifier's shape (NIR, IBAN), valid or not."""
    return [m.group(0) for m in shape.finditer(content)]


def test_nir_examples_have_right_and_wrong_keys(pack: Pack) -> None:
    nir = pytest.importorskip("stdnum.fr.nir")
    spec = pack.entity("FR_NIR")
    for ex in spec.examples:
        for value in ex.matches:
            assert nir.is_valid(value.replace(" ", "")), value
    for ex in spec.negative_examples:
        for value in _all_matches(_NIR_LIKE, ex.content):
            assert not nir.is_valid(value.replace(" ", "")), value


def test_iban_examples_have_right_and_wrong_checksums(pack: Pack) -> None:
    iban = pytest.importorskip("stdnum.iban")
    spec = pack.entity("IBAN_CODE")
    for ex in spec.examples:
        for value in ex.matches:
            assert iban.is_valid(value), value
    for ex in spec.negative_examples:
        for value in _all_matches(_IBAN_LIKE, ex.content):
            assert not iban.is_valid(value), value


def _mrz_check(field: str) -> str:
    values = {**{str(d): d for d in range(10)}, "<": 0}
    values.update({chr(c): c - 55 for c in range(ord("A"), ord("Z") + 1)})
    return str(sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


def _mrz_number(line: str, start: int, optional: int) -> tuple[str, str]:
    """A document number and its check digit; a `<` check digit (TD1, TD2) continues the number at the start
    of the optional data, up to the next `<`, whose last character is the whole number's check digit."""
    if line[start + 9] != "<" or optional < 0:
        return line[start : start + 9], line[start + 9]
    tail = line[optional:].split("<", 1)[0] or "<"
    return line[start : start + 9] + tail[:-1], tail[-1]


def _mrz_valid(lines: list[str]) -> bool:
    """ICAO 9303 check digits of a TD3 / MRV-A (2x44), TD2 / MRV-B / 1988 French identity card (2x36) or TD1
    (3x30) MRZ, the layout told by the document code (visas `V` have no composite check digit)."""
    sizes = [len(line) for line in lines]
    code = lines[0][0] if lines else ""
    if sizes in ([44, 44], [36, 36]) and not lines[0].startswith("IDFRA"):
        l2, width = lines[1], sizes[0]
        td2 = width == 36 and code in "IAC"
        if not (code == "V" or (code == "P" if width == 44 else td2)):
            return False
        fields = [_mrz_number(l2, 0, 28 if td2 else -1), (l2[13:19], l2[19]), (l2[21:27], l2[27])]
        if code == "P" and l2[28:42].strip("<"):
            fields.append((l2[28:42], l2[42]))
        if code != "V":
            fields.append((l2[0:10] + l2[13:20] + l2[21 : width - 1], l2[width - 1]))
    elif sizes == [36, 36]:
        l1, l2 = lines
        fields = [(l2[0:12], l2[12]), (l2[27:33], l2[33]), (l1 + l2[0:35], l2[35])]
    elif sizes == [30, 30, 30] and code in "IAC":
        l1, l2 = lines[0], lines[1]
        composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
        fields = [_mrz_number(l1, 5, 15), (l2[0:6], l2[6]), (l2[8:14], l2[14]), (composite, l2[29])]
    else:
        return False
    return all(_mrz_check(data) == digit for data, digit in fields)


def test_mrz_examples_have_right_and_wrong_check_digits(pack: Pack) -> None:
    spec = pack.entity("MRZ")
    for ex in spec.examples:
        assert _mrz_valid(list(ex.matches)), ex.matches
    for ex in spec.negative_examples:
        lines = re.findall(r"(?<![A-Z0-9<])[A-Z0-9<]{30,44}(?![A-Z0-9<])", ex.content)
        for size, count in ((44, 2), (36, 2), (30, 3)):
            for i in range(len(lines) - count + 1):
                group = lines[i : i + count]
                assert not (all(len(x) == size for x in group) and _mrz_valid(group)), group


def _parse_date(text: str, months: dict[str, int]) -> dt.date:
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T[0-9:.]+(?:Z|[+-][0-9:]+)?)?", text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})[/. -](\d{1,2})[/. -](\d{4})", text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})", text):
        # a two-digit year: the latest century that does not put the birth after today
        d, mo, y = int(m[1]), int(m[2]), dt.date.today().year // 100 * 100 + int(m[3])
        y -= 100 if (y, mo, d) > dt.date.today().timetuple()[:3] else 0
    else:
        m = re.fullmatch(r"(\d{1,2})(?:er|st|nd|rd|th)?\s+(\S+)\s+(\d{4})", text, re.IGNORECASE)
        assert m, text
        d, mo, y = int(m[1]), months[fold(m[2]).rstrip(".")], int(m[3])
    return dt.date(y, mo, d)


def test_date_of_birth_examples_are_real_plausible_dates(pack: Pack) -> None:
    months = dict(pack.dictionaries.months)
    today = dt.date.today()
    for ex in pack.entity("DATE_OF_BIRTH").examples:
        for value in ex.matches:
            born = _parse_date(value, months)
            assert born <= today and today.year - born.year <= 120, value


def test_id_card_examples_have_plausible_issue_months(pack: Pack) -> None:
    for ex in pack.entity("FR_ID_CARD").examples:
        for value in ex.matches:
            if len(value) == 12:
                yy, mm = int(value[:2]), int(value[2:4])
                assert 1 <= mm <= 12 and (yy >= 88 or yy <= 21), value
            else:
                assert len(value) == 9 and re.search(r"\d", value) and re.search(r"[A-Z]", value), value


# ------------------------------------------------------------------------------------- header matching

HEADER_CASES = [
    ("Date de naissance", ("DATE_OF_BIRTH",)),
    ("date_naissance", ("DATE_OF_BIRTH",)),
    ("dateOfBirth", ("DATE_OF_BIRTH",)),
    ("birth_date", ("DATE_OF_BIRTH",)),
    ("DOB", ("DATE_OF_BIRTH",)),
    ("D.O.B.", ("DATE_OF_BIRTH",)),
    ("DATENAISSANCE", ("DATE_OF_BIRTH",)),
    ("Né(e) le", ("DATE_OF_BIRTH",)),
    ("identite.dob.$date", ("DATE_OF_BIRTH",)),
    ("Lieu de naissance", ()),
    ("pays_naissance", ()),
    ("Nom de naissance", ("PERSON",)),
    ("N° passeport", ("FR_PASSPORT", "FOREIGN_PASSPORT")),
    ("applicant.passport.number", ("FR_PASSPORT", "FOREIGN_PASSPORT")),
    ("travel_document.number", ("FR_PASSPORT", "FR_ID_CARD", "FOREIGN_PASSPORT", "FOREIGN_ID_CARD")),
    ("passport.photo_url", ()),
    ("N° CNI", ("FR_ID_CARD", "FOREIGN_ID_CARD")),
    ("Nationalité", ("NATIONALITY",)),
    ("nationalityCode", ("NATIONALITY",)),
    ("issuing_country", ()),
    ("visa.destination", ()),
    ("Prénom", ("PERSON",)),
    ("given_names", ("PERSON",)),
    ("lastName", ("PERSON",)),
    ("Raison sociale", ()),
    ("nom_entreprise", ()),
    ("N° étranger", ("FR_RESIDENCE_PERMIT",)),
    ("titreSejour.numero", ("FR_RESIDENCE_PERMIT",)),
    ("Courriel", ("EMAIL_ADDRESS",)),
    ("email_hash", ()),
    ("tel_mobile", ("PHONE_NUMBER",)),
    ("iban", ("IBAN_CODE",)),
    ("numero_secu", ("FR_NIR",)),
    ("NIR", ("FR_NIR",)),
    ("documentMrz", ("MRZ",)),
    ("N° dossier", ()),
]


@pytest.mark.parametrize(("field_name", "expected"), HEADER_CASES, ids=[c[0] for c in HEADER_CASES])
def test_field_hints(pack: Pack, field_name: str, expected: tuple[str, ...]) -> None:
    assert pack.hinted_entities(field_name) == expected
    mask = sum(pack.entity(name).bit for name in expected)
    assert pack.field_hints(field_name) == mask


def test_issuing_country_is_never_nationality(pack: Pack) -> None:
    bit = pack.entity("NATIONALITY").bit
    for name in ("travel_document.issuing_country", "issuing_country", "country", "pays", "birth_country"):
        assert not pack.field_hints(name) & bit, name


@pytest.mark.parametrize(
    ("field_name", "expected"),
    [
        ("Date de dépôt", True),
        ("date_depot", True),
        ("created_at", True),
        ("meta.updated_at", True),
        ("date_souscription", True),
        ("timestamp", True),
        ("ts", True),
        ("Date de naissance", False),
        ("date_expiration", False),
        ("Nom", False),
    ],
)
def test_record_date_fields(pack: Pack, field_name: str, expected: bool) -> None:
    assert pack.is_record_date_field(field_name) is expected


# ---------------------------------------------------------------------------------------- dictionaries


def _rows(name: str) -> list[list[str]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("#"), f"{name}: starts with a header comment line"
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def test_alpha3_codes() -> None:
    codes = [row[0] for row in _rows("alpha3.txt")]
    assert len(codes) == len(set(codes))
    iso = [c for c in codes if re.fullmatch(r"[A-Z]{3}", c) and not c.startswith("X") and c[:2] != "GB"]
    assert {"FRA", "DZA", "CIV", "COD", "USA", "GBR", "XXA", "XXB", "XXC", "D<<"} <= set(codes)
    assert len(codes) >= 249 + 4
    assert len(iso) >= 240


@pytest.mark.parametrize("name", ["nationalities.tsv", "countries.tsv"])
def test_code_tables_are_consistent(name: str) -> None:
    alpha3 = {row[0] for row in _rows("alpha3.txt")}
    seen: dict[str, str] = {}
    for row in _rows(name):
        assert len(row) == 2 and all(cell.strip() == cell and cell for cell in row), row
        form, code = row
        assert code in alpha3, row
        key = fold(form)
        assert seen.setdefault(key, code) == code, f"{form!r}: {seen[key]} and {code}"


def test_nationality_forms(pack: Pack) -> None:
    nat = pack.dictionaries.nationalities
    for forms, code in [
        ("algérien algérienne algériens algériennes", "DZA"),
        ("ivoirien ivoirienne ivoiriens ivoiriennes", "CIV"),
        ("français française françaises", "FRA"),
        ("marocain marocaine marocains marocaines", "MAR"),
        ("malgache malgaches belge belges", None),
        ("sri-lankais sri-lankaise srilankaise", "LKA"),
        ("centrafricain centrafricaines sud-africain sud-africaine", None),
        ("bissau-guinéen bissau-guinéenne néo-zélandais néo-zélandaise", None),
        ("grecque turque lettonne ouzbèke burkinabè suissesse", None),
        ("algerian french", None),
    ]:
        for form in forms.split():
            assert fold(form) in nat, form
            if code:
                assert nat[fold(form)] == code, form
    rows = _rows("nationalities.tsv")
    assert len(rows) >= 800
    assert len({code for _, code in rows}) >= 195


def test_country_names(pack: Pack) -> None:
    countries = pack.dictionaries.countries
    for name, code in [
        ("Maroc", "MAR"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte-d’Ivoire", "CIV"),
        ("République démocratique du Congo", "COD"),
        ("RDC", "COD"),
        ("Syrie", "SYR"),
        ("États-Unis", "USA"),
        ("Etats Unis", "USA"),
        ("USA", "USA"),
        ("Germany", "DEU"),
    ]:
        keys = [" ".join(fold(name).replace("’", "'").replace("-", " ").split()), fold(name)]
        assert any(countries.get(k) == code for k in keys), name
    assert {row[1] for row in _rows("countries.tsv")} >= {row[0] for row in _rows("alpha3.txt")[:249]}


def test_months() -> None:
    months: dict[str, int] = {}
    for form, month in _rows("months_fr.tsv"):
        assert months.setdefault(fold(form).rstrip("."), int(month)) == int(month), form
    assert set(months.values()) == set(range(1, 13))
    for form, month in [
        ("janvier", 1),
        ("fevrier", 2),
        ("fev", 2),
        ("aout", 8),
        ("decembre", 12),
        ("sept", 9),
    ]:
        assert months[form] == month


def test_first_names_and_stopwords(pack: Pack) -> None:
    names = [row[0] for row in _rows("first_names.txt")]
    assert len(names) >= 1500
    assert len(names) == len(set(names)) and names == sorted(names)
    assert all(re.fullmatch(r"[a-z]+(?:[-'][a-z]+)*", n) for n in names)
    stop = pack.dictionaries.person_stopwords
    assert not stop & pack.dictionaries.first_names
    for name in ("jean", "marie", "mohamed", "fatou", "mamadou", "aicha", "mehmet", "olga", "chinedu"):
        assert name in pack.dictionaries.first_names, name
    for word in ("madame", "monsieur", "bonjour", "cordialement", "objet", "prefecture", "rue", "janvier"):
        assert word in stop, word


def test_place_words(pack: Pack) -> None:
    """Facility, shop and object words: never a given name (a person named after one would be cut), one
    folded word each (the kernel looks them up as the single word before a name)."""
    places = pack.dictionaries.place_words
    assert places and not places & pack.dictionaries.first_names
    assert all(re.fullmatch(r"[a-z]+", w) for w in places), sorted(w for w in places if not w.isalpha())
    for word in ("gymnase", "piscine", "magasin", "fauteuil"):
        assert word in places, word


def test_data_files_are_small_and_generated_tables_are_current() -> None:
    for path in DATA_DIR.iterdir():
        assert path.stat().st_size < 200_000, path.name
    import importlib.util

    spec = importlib.util.spec_from_file_location("_make_nationalities", DATA_DIR / "_make_nationalities.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    nat, countries, alpha = module.build()
    for name, rows in (("nationalities.tsv", nat), ("countries.tsv", countries), ("alpha3.txt", alpha)):
        data = [tuple(row) for row in _rows(name)]
        assert data == [row for row in rows if row[0] != "#"], f"{name} is stale: run _make_nationalities.py"


# ------------------------------------------------------------------------------------------- the loader


def test_default_pack_is_cached() -> None:
    assert load_pack() is load_pack()
    assert load_pack(PACK_DIR) is not load_pack()


def test_pack_pickles_by_path(tmp_path: Path) -> None:
    import pickle

    assert pickle.loads(pickle.dumps(load_pack())) is load_pack()
    copy = tmp_path / "fr"
    shutil.copytree(PACK_DIR, copy)
    clone = pickle.loads(pickle.dumps(load_pack(copy)))
    assert clone.path == copy and clone.field_hints("NIR") == clone.entity("FR_NIR").bit


def _broken_copy(tmp_path: Path, file_name: str, old: str, new: str) -> Path:
    target = tmp_path / "fr"
    shutil.copytree(PACK_DIR, target)
    path = target / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("file_name", "old", "new", "expected"),
    [
        (
            "fr_passport.yaml",
            "category: identity_document",
            "category: contact",
            "fr_passport.yaml: category",
        ),
        (
            "fr_passport.yaml",
            "validator: passport",
            "validator: passport\nkernel: passport",
            "fr_passport.yaml: kernel: unknown key",
        ),
        (  # regexes nothing executes: the kernel and the reference state the shapes, not the YAML
            "fr_nir.yaml",
            "validator: nir",
            "validator: nir\npatterns:\n  - name: nir\n    regex: '[12]\\d{14}'",
            "fr_nir.yaml: patterns: unknown key",
        ),
        ("fr_passport.yaml", "validator: passport", "validator: passports", "fr_passport.yaml: validator"),
        ("fr_passport.yaml", "requires_context: true", "requires_context: maybe", "requires_context"),
        ("fr_nir.yaml", "context_window: 48", "context_window: 4096", "fr_nir.yaml: context_window"),
        ("mrz.yaml", "entity: MRZ", "entity: MRZZ", "mrz.yaml: entity"),
        ("date_of_birth.yaml", "  - né le\n", "  - né le\n  - '00/00'\n", "date_of_birth.yaml: context[1]"),
        ("person.yaml", "  - nom\n", "  - nom: [\n", "person.yaml: line"),
        ("pack.yaml", "language: fr", "langue: fr", "pack.yaml: language"),
        (
            "data/nationalities.tsv",
            "algérienne\tDZA",
            "algérienne\tDZA\nALGERIENNE\tMAR",
            "nationalities.tsv: line",
        ),
        ("data/countries.tsv", "Maroc\tMAR", "Maroc\tZZZ", "countries.tsv: line"),
    ],
)
def test_pack_errors_are_one_line_with_file_and_key(
    tmp_path: Path, file_name: str, old: str, new: str, expected: str
) -> None:
    broken = _broken_copy(tmp_path, file_name, old, new)
    with pytest.raises(PackError) as info:
        load_pack(broken)
    message = str(info.value)
    assert expected in message and "\n" not in message, message


def test_missing_entity_file(tmp_path: Path) -> None:
    target = tmp_path / "fr"
    shutil.copytree(PACK_DIR, target)
    (target / "iban_code.yaml").unlink()
    with pytest.raises(PackError, match=r"iban_code\.yaml: missing"):
        load_pack(target)


def test_context_words_are_folded(pack: Pack) -> None:
    spec = pack.entity("FR_RESIDENCE_PERMIT")
    assert {"n° etranger", "no etranger", "n etranger", "agdref", "titre de sejour"} <= set(spec.context_folded)
    assert all(w == fold(w) for w in spec.context_folded)
    assert pack.entity("FR_PASSPORT").headers[:2] == ("passeport", "passport")
