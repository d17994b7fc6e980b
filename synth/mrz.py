"""Machine-readable zones as fragments (ICAO 9303 check digits), with the spans of the fields inside:
passport TD3 (2×44), the old French CNI (2×36, ``IDFRA``) and the CNIe's TD1 (3×30)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from synth.checks import mrz_check
from synth.entities import DATE_OF_BIRTH, FR_ID_CARD, MRZ, NATIONALITY, PERSON, passport_entity
from synth.formatting import mrz_name
from synth.frag import Frag

if TYPE_CHECKING:
    from synth.people import Person

__all__ = ["mrz_cni_frag", "mrz_td1_frag", "mrz_td3_frag"]


def _yymmdd(d: date) -> str:
    return f"{d.year % 100:02d}{d.month:02d}{d.day:02d}"


def _name_field(surname: str, given: str, width: int) -> tuple[str, str, str]:
    """(surname part, given part, filler) of an MRZ name field ``SURNAME<<GIVEN<NAMES<<<``."""
    sur = mrz_name(surname)[: width - 2]
    giv = mrz_name(given)[: max(0, width - len(sur) - 2)].rstrip("<")
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
    line2_head = number + mrz_check(number)
    dob_part = dob + mrz_check(dob)
    expiry_part = expiry + mrz_check(expiry)
    line2_mid = dob_part + ("M" if p.sex == "M" else "F") + expiry_part
    line2_tail = personal + mrz_check(personal)
    composite = mrz_check(line2_head + dob_part + expiry_part + line2_tail)  # sex and nationality excluded
    f = Frag()
    mark = f.mark()
    f.add("P<" + issuing).add(sur, PERSON)
    if giv:
        f.add("<<").add(giv, PERSON)
    f.add(filler).close(MRZ, mark).add(sep)
    mark = f.mark()
    f.add(number[: len(p.passport)], passport_entity(p))
    f.add(number[len(p.passport) :] + mrz_check(number))
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
    giv = mrz_name(p.given_names)[:14].rstrip("<")
    dob = _yymmdd(p.dob)
    line2_wo = p.cni + mrz_check(p.cni) + giv + "<" * (14 - len(giv)) + dob + mrz_check(dob) + p.sex
    composite = mrz_check(line1 + line2_wo)
    f = Frag()
    mark = f.mark()
    f.add("IDFRA").add(sur, PERSON).add(sur_fill + admin).close(MRZ, mark).add(sep)
    mark = f.mark()
    f.add(p.cni, FR_ID_CARD).add(mrz_check(p.cni)).add(giv, PERSON).add("<" * (14 - len(giv)))
    f.add(dob, DATE_OF_BIRTH).add(mrz_check(dob) + p.sex + composite)
    return f.close(MRZ, mark)


def mrz_td1_frag(p: Person, sep: str = "\n") -> Frag:
    """The TD1 MRZ (3×30) of a CNIe: MRZ span + number, DOB, nationality, names."""
    if p.cni is None or not p.cni_is_cnie or p.cni_expiry is None:
        raise ValueError("person has no CNIe")
    number = p.cni
    line1 = "IDFRA" + number + mrz_check(number) + "<" * 15
    dob = _yymmdd(p.dob)
    expiry = _yymmdd(p.cni_expiry)
    line2_wo = dob + mrz_check(dob) + p.sex + expiry + mrz_check(expiry) + "FRA" + "<" * 11
    composite = mrz_check(line1[5:30] + line2_wo[0:7] + line2_wo[8:15] + line2_wo[18:29])
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
