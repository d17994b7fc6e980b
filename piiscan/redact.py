"""Redacted previews: enough to recognise the kind of value and its shape, never the value.

What is kept is chosen per entity (issue: previews): the TLD of an e-mail (`j***@e****.fr`), the year of a
date of birth (`**/**/1985`), the first two characters of a passport (`12*******`), the country of an IBAN;
everything else is masked character by character, separators kept so the layout stays visible.
"""

from __future__ import annotations

import re

__all__ = ["redact"]

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _mask_keep(value: str, keep_first: int) -> str:
    out = []
    kept = 0
    for ch in value:
        if ch.isalnum():
            if kept < keep_first:
                out.append(ch)
                kept += 1
            else:
                out.append("*")
        else:
            out.append(ch)
    return "".join(out)


def redact(entity: str, value: str) -> str:
    """The preview of `value` detected as `entity`.

    >>> redact("EMAIL_ADDRESS", "jean.dupont@exemple.fr")
    'j***@e****.fr'
    >>> redact("DATE_OF_BIRTH", "15/12/1985")
    '**/**/1985'
    >>> redact("FR_PASSPORT", "12AB34567")
    '12*******'
    >>> redact("IBAN_CODE", "FR76 3000 6000 0112 3456 7890 189")
    'FR** **** **** **** **** **** ***'
    >>> redact("PERSON", "Jean-Marc")
    'J***-****'
    """
    if entity == "EMAIL_ADDRESS":
        local, _, domain = value.rpartition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}***@{domain[:1]}****.{tld}"
    if entity == "DATE_OF_BIRTH":
        m = _YEAR.search(value)
        if m:
            head = re.sub(r"[^\W_]", "*", value[: m.start()])
            tail = re.sub(r"[^\W_]", "*", value[m.end() :])
            return head + m.group(0) + tail
        return re.sub(r"[^\W_]", "*", value)
    if entity in ("FR_PASSPORT", "IBAN_CODE", "FR_ID_CARD"):
        return _mask_keep(value, 2)
    if entity == "PHONE_NUMBER":
        return _mask_keep(value, 3 if value.startswith("+") else 2)
    if entity in ("PERSON", "NATIONALITY", "FR_NIR"):
        return _mask_keep(value, 1)
    if entity == "MRZ":
        return value[:5] + re.sub(r"[A-Z0-9]", "*", value[5:])
    return _mask_keep(value, 0)
