"""Synthetic persons: :class:`PersonFactory` draws coherent :class:`Person` records (NIR agreeing with sex,
birth date and birthplace, e-mail with the name, documents with the nationality) from a seeded
``random.Random`` and Faker's ``fr_FR`` tables."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from synth.checks import make_iban, nir_key, rib_key
from synth.formatting import NATIONALITY_STYLES, PHONE_STYLES, email_token, format_phone, nationality_label
from synth.mrz import mrz_td3_frag
from synth.tables import (
    BANKS,
    EMAIL_DOMAINS,
    FOREIGN,
    FR_CITIES,
    FRANCE,
    GIVEN_BY_REGION,
    PREFECTURE_DEPTS,
    SURNAMES_BY_REGION,
    Country,
)

__all__ = ["Person", "PersonFactory"]


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


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
        return self.country is FRANCE

    def full_name(self, *, surname_upper: bool = True, surname_first: bool = False) -> str:
        """``Jean-Pierre DUPONT`` (or ``DUPONT Jean-Pierre``)."""
        sur = self.surname.upper() if surname_upper else self.surname
        return f"{sur} {self.given_names}" if surname_first else f"{self.given_names} {sur}"

    def birthplace_label(self) -> str:
        """``Lyon`` for France, ``Casablanca (Maroc)`` abroad."""
        if self.birth_country is FRANCE:
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
        self._foreign_weights = [c.weight for c in FOREIGN]
        self._domains = [d for d, _ in EMAIL_DOMAINS]
        self._domain_weights = [w for _, w in EMAIL_DOMAINS]

    # -- names ------------------------------------------------------------------------------------

    def surname(self, region: str = "fr") -> str:
        """A surname (French ones sometimes double-barrelled, foreign ones upper case)."""
        rng = self.rng
        if region == "fr":
            name = rng.choice(self._fr_surnames)
            if rng.random() < 0.08:
                name = f"{name}-{rng.choice(self._fr_surnames)}"
            return name
        name = rng.choice(SURNAMES_BY_REGION[region])
        return name.title() if "'" not in name else name[0] + name[1:2] + name[2:].title()

    def given_names(self, sex: str, region: str = "fr") -> str:
        """One to three given names, sometimes composed with a hyphen (``Jean-Pierre``)."""
        rng = self.rng
        pool = self._fr_given[sex == "F"] if region == "fr" else GIVEN_BY_REGION[region][sex == "F"]
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
            bank = rng.choice(BANKS)
            branch = f"{rng.randint(0, 99999):05d}"
            account = "".join(rng.choice("0123456789") for _ in range(11))
            if rng.random() < 0.1:
                pos = rng.randrange(11)
                account = account[:pos] + rng.choice(_UPPER) + account[pos + 1 :]
            return make_iban("FR", bank + branch + account + rib_key(bank, branch, account))
        if country == "DE":
            return make_iban("DE", "".join(rng.choice("0123456789") for _ in range(18)))
        if country == "BE":
            first10 = "".join(rng.choice("0123456789") for _ in range(10))
            return make_iban("BE", first10 + f"{int(first10) % 97 or 97:02d}")
        if country == "ES":
            return make_iban("ES", "".join(rng.choice("0123456789") for _ in range(20)))
        raise ValueError(f"unsupported IBAN country {country!r}")

    def agdref(self) -> str:
        """A 10-digit AGDREF number (département prefix, so it never starts with 0 like a phone)."""
        rng = self.rng
        dept = rng.choice([d for d in PREFECTURE_DEPTS if not d.startswith("0")])
        return dept + "".join(rng.choice("0123456789") for _ in range(8))

    def email(self, given: str, surname: str, dob: date) -> str:
        """An e-mail derived from the name (``jean.dupont85@orange.fr`` and the like)."""
        rng = self.rng
        g = email_token(given.split(" ")[0]) or "contact"
        s = email_token(surname) or "mail"
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
        return f"{first13}{nir_key(first13):02d}"

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
        country = FRANCE if french else rng.choices(FOREIGN, self._foreign_weights)[0]
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
            birthplace, dept3 = rng.choice(FR_CITIES)
            birth_country = FRANCE
            if dept3 in ("2A", "2B") and dob.year < 1976:
                dept, commune = "20", f"{rng.randint(1, 366):03d}"
            elif len(dept3) == 3:
                dept, commune = dept3[:2], dept3[2] + f"{rng.randint(1, 34):02d}"
            else:
                dept, commune = dept3, f"{rng.randint(1, 400):03d}"
            sex_digit = "1" if sex == "M" else "2"
        else:
            birth_country = country if not french else rng.choices(FOREIGN, self._foreign_weights)[0]
            if not french and rng.random() < 0.1:
                birth_country = rng.choices(FOREIGN, self._foreign_weights)[0]
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
                cni = self.old_cni(issued, rng.choice(FR_CITIES)[1])
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
