"""Breach severity after ENISA's methodology (2013): SE = DPC × EI + CB, in French and English.

ENISA's "Recommendations for a methodology of the assessment of severity of personal data breaches" is what
European DPAs and DPOs use to argue a GDPR art. 33/34 decision.  It scores three factors:

- **DPC, data processing context** (1-4): the kind of data (simple 1, behavioural 2, financial 3, sensitive
  4), adjusted by the context of the processing;
- **EI, ease of identification** (0.25 negligible, 0.5 limited, 0.75 significant, 1 maximum);
- **CB, circumstances of the breach** (added): loss of confidentiality (+0 / +0.25 known recipients / +0.5
  unknown recipients), of integrity and of availability (+0 / +0.25 / +0.5 each), malicious intent (+0.5).

SE < 2 is low, < 3 medium, < 4 high, else very high.  With no personal data found the level is `none` (not
"low": that would read as an all-clear, and what was not read is the completeness verdict's to say).

A scan sees the data, not the breach: DPC and EI are **inferred** from the entities found (each factor says
so, and why), while the circumstances and the sensitivity of the processing are for the user to **confirm**
(`piiscan scan --context KEY=VALUE`, `CONTEXT_KEYS`).  Until confirmed, confidentiality is assumed lost to
an unknown number of recipients (a dump that reached a responder has usually been published or sold) and
the rest assumed absent; the report lists every such assumption in `to_confirm`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiscan.entities.contract import CATEGORIES, E_PERSON, ENTITY_ORDER, PERSON_IDENTIFIERS

__all__ = ["CONTEXT_KEYS", "METHOD", "assess_severity", "parse_context"]

METHOD = {
    "name": "ENISA 2013",
    "formula": "SE = DPC × EI + CB",
    "fr": "Méthode de l'ENISA pour évaluer la gravité des violations de données personnelles (2013) : "
    "gravité = contexte du traitement (DPC) × facilité d'identification (EI) + circonstances (CB).",
    "en": "ENISA's methodology for the assessment of severity of personal data breaches (2013): "
    "severity = data processing context (DPC) × ease of identification (EI) + circumstances of the breach (CB).",
    "reference": "https://www.enisa.europa.eu/publications/dbn-severity",
}

CONTEXT_KEYS: dict[str, dict[str, float]] = {
    # the processing reveals a special category or a critical situation (immigration or asylum file,
    # health, justice, minors): ENISA raises the DPC of simple data up to 4 in such a context
    "sensitive": {"no": 0.0, "yes": 4.0},
    "exposure": {"none": 0.0, "known": 0.25, "unknown": 0.5},  # loss of confidentiality
    "integrity": {"none": 0.0, "recoverable": 0.25, "lost": 0.5},  # data altered
    "availability": {"none": 0.0, "temporary": 0.25, "permanent": 0.5},  # data lost to the controller
    "malicious": {"no": 0.0, "yes": 0.5},  # the breach was intended (theft, extortion, publication)
}
"""`--context KEY=VALUE`: what the user confirms; each value's number is its ENISA score."""

_ASSUMED = {"sensitive": "no", "exposure": "unknown", "integrity": "none", "availability": "none", "malicious": "no"}

_CATEGORY_DPC: dict[str, tuple[int, str, str]] = {
    # category: (score, why in French, why in English); ENISA's classes, adjusted as its annex allows
    "civil_status": (1, "état civil : donnée simple", "civil status: simple data"),
    "contact": (1, "coordonnées : donnée simple", "contact details: simple data"),
    "nationality": (
        1,
        "nationalité : donnée simple (à relever si elle révèle une origine ou une situation migratoire)",
        "nationality: simple data (raise it if it reveals an origin or an immigration status)",
    ),
    "identity_document": (
        2,
        "pièces d'identité : donnée simple relevée d'un point, car elle permet l'usurpation d'identité",
        "identity documents: simple data raised by one, as they allow identity fraud",
    ),
    "national_identifier": (
        2,
        "NIR ou numéro fiscal : donnée simple relevée d'un point, identifiant encadré qui révèle sexe, "
        "année, mois et lieu de naissance",
        "NIR or tax number: simple data raised by one, a regulated identifier that reveals sex, year, "
        "month and place of birth",
    ),
    "financial": (3, "coordonnées bancaires : donnée financière", "bank details: financial data"),
    "credentials": (
        2,
        "identifiants de connexion : notés selon ce qu'ils ouvrent (à confirmer)",
        "login credentials: scored as what they give access to (to confirm)",
    ),
}

_LEVELS = ((2.0, "low", "faible"), (3.0, "medium", "moyenne"), (4.0, "high", "élevée"))

# ease of identification from the entities' categories (DESIGN.md §2), so that a new entity is weighed by
# its category: an identity document or a national number designates a person alone; a name does with any
# other civil-status or contact value; a name, contact details or bank details alone are significant
_STRONG_IDS = PERSON_IDENTIFIERS
_NAME = ENTITY_ORDER[E_PERSON]
_NAME_COMPANIONS = frozenset(e for e, cat in CATEGORIES.items() if cat in ("civil_status", "contact")) - {_NAME}
_SIGNIFICANT = frozenset(e for e, cat in CATEGORIES.items() if cat in ("contact", "financial")) | {_NAME}


def parse_context(items: list[str] | None) -> dict[str, str]:
    """`["exposure=public", ...]` → `{"exposure": "public"}`; a `ValueError` with a one-line message when wrong.

    >>> parse_context(["exposure=known", "malicious=yes"])
    {'exposure': 'known', 'malicious': 'yes'}
    """
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        key, value = key.strip().lower(), value.strip().lower()
        if not sep or key not in CONTEXT_KEYS:
            raise ValueError(f"--context takes KEY=VALUE with KEY one of {', '.join(CONTEXT_KEYS)} (got {item!r})")
        if value not in CONTEXT_KEYS[key]:
            raise ValueError(f"--context {key}= takes one of {', '.join(CONTEXT_KEYS[key])} (got {value!r})")
        out[key] = value
    return out


def _dpc(categories: list[str], entities: set[str], sensitive: str) -> dict[str, Any]:
    scored = [(cat, *_CATEGORY_DPC[cat]) for cat in categories if cat in _CATEGORY_DPC]
    if not scored:
        base, why_fr, why_en = 1, ["aucune donnée personnelle trouvée"], ["no personal data found"]
    else:
        base = max(s for _, s, _, _ in scored)
        why_fr = [fr for _, s, fr, _ in scored if s == base]
        why_en = [en for _, s, _, en in scored if s == base]
    value = base
    # ENISA's "volume of data per individual": an identifier with civil status and contact details makes a
    # full identity profile, the raw material of identity fraud
    if {"civil_status", "contact"} <= set(categories) and entities & _STRONG_IDS and value < 4:
        value += 1
        why_fr.append("profil d'identité complet (identifiant, état civil et coordonnées) : +1")
        why_en.append("full identity profile (identifier, civil status and contact details): +1")
    if sensitive == "yes":
        value = 4
        why_fr.append("contexte sensible confirmé par l'utilisateur : 4")
        why_en.append("sensitive context confirmed by the user: 4")
    return {
        "value": float(min(value, 4)),
        "source": "user" if sensitive == "yes" else "inferred",
        "fr": "; ".join(why_fr),
        "en": "; ".join(why_en),
    }


def _ei(entities: set[str]) -> dict[str, Any]:
    if entities & _STRONG_IDS or (_NAME in entities and entities & _NAME_COMPANIONS):
        value, fr, en = (
            1.0,
            "maximale : identifiant unique ou nom avec date de naissance ou coordonnées",
            "maximum: a unique identifier, or a name with a date of birth or contact details",
        )
    elif entities & _SIGNIFICANT:
        value, fr, en = (
            0.75,
            "importante : noms ou coordonnées seuls",
            "significant: names or contact details alone",
        )
    elif entities:
        value, fr, en = (
            0.5,
            "limitée : aucune donnée ne désigne seule une personne",
            "limited: no value designates a person on its own",
        )
    else:
        value, fr, en = 0.25, "négligeable : aucune donnée personnelle trouvée", "negligible: no personal data found"
    return {"value": value, "source": "inferred", "fr": fr, "en": en}


_CB_TEXT: dict[str, tuple[tuple[str, str], dict[str, tuple[str, str]]]] = {
    # criterion: ((French name, English name), {choice: (French, English)})
    "exposure": (
        ("perte de confidentialité", "loss of confidentiality"),
        {
            "none": ("aucune", "none"),
            "known": ("destinataires connus", "known recipients"),
            "unknown": ("nombre inconnu de destinataires", "unknown number of recipients"),
        },
    ),
    "integrity": (
        ("perte d'intégrité", "loss of integrity"),
        {
            "none": ("aucune", "none"),
            "recoverable": ("données modifiées, récupérables", "altered, recoverable"),
            "lost": ("données modifiées", "altered, not recoverable"),
        },
    ),
    "availability": (
        ("perte de disponibilité", "loss of availability"),
        {
            "none": ("aucune", "none"),
            "temporary": ("temporaire", "temporary"),
            "permanent": ("définitive", "permanent"),
        },
    ),
    "malicious": (("intention malveillante", "malicious intent"), {"no": ("non", "no"), "yes": ("oui", "yes")}),
}


def assess_severity(report: Mapping[str, Any], context: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The `severity` section of the report: score, level, method, and each factor with its source.

    >>> r = {"categories": {"identity_document": {"entities": ["FR_PASSPORT"]}}, "entities": {"FR_PASSPORT": {}}}
    >>> s = assess_severity(r)
    >>> s["score"], s["level"], s["factors"]["dpc"]["value"], s["factors"]["ei"]["value"], s["factors"]["cb"]["value"]
    (2.5, 'medium', 2.0, 1.0, 0.5)
    >>> assess_severity(r, {"malicious": "yes"})["level"]
    'high'
    """
    context = dict(context or {})
    chosen = {k: context.get(k, _ASSUMED[k]) for k in CONTEXT_KEYS}
    categories = list(report.get("categories", {}))
    entities = set(report.get("entities", {}))
    dpc = _dpc(categories, entities, chosen["sensitive"])
    ei = _ei(entities)
    parts = {}
    for key in ("exposure", "integrity", "availability", "malicious"):
        (name_fr, name_en), choices = _CB_TEXT[key]
        value_fr, value_en = choices[chosen[key]]
        parts[key] = {
            "value": CONTEXT_KEYS[key][chosen[key]],
            "choice": chosen[key],
            "source": "user" if key in context else "assumed",
            "fr": f"{name_fr} : {value_fr}",
            "en": f"{name_en}: {value_en}",
        }
    cb_value = sum(p["value"] for p in parts.values())
    cb = {
        "value": cb_value,
        "source": "user" if all(p["source"] == "user" for p in parts.values()) else "assumed",
        "parts": parts,
        "fr": "; ".join(p["fr"] for p in parts.values()),
        "en": "; ".join(p["en"] for p in parts.values()),
    }
    score = round(dpc["value"] * ei["value"] + cb_value, 2)
    level_en, level_fr = "very high", "très élevée"
    for bound, en, fr in _LEVELS:
        if score < bound:
            level_en, level_fr = en, fr
            break
    to_confirm = [k for k in CONTEXT_KEYS if k not in context]
    if not entities:
        # nothing to weigh: not "low", which would read as an all-clear; what was not read is the
        # completeness verdict's to say
        score, level_en, level_fr = 0.0, "none", "aucune"
        summary = {
            "fr": "Gravité non évaluée : aucune donnée personnelle trouvée dans ce qui a été lu",
            "en": "Severity not assessed: no personal data found in what was read",
        }
    else:
        summary = {
            "fr": f"Gravité {level_fr} ({score:g} = DPC {dpc['value']:g} × EI {ei['value']:g} + CB {cb_value:g}, "
            "méthode ENISA)" + (f" ; à confirmer : {', '.join(to_confirm)}" if to_confirm else ""),
            "en": f"Severity {level_en} ({score:g} = DPC {dpc['value']:g} × EI {ei['value']:g} + CB {cb_value:g}, "
            "ENISA method)" + (f"; to confirm: {', '.join(to_confirm)}" if to_confirm else ""),
        }
    return {
        "method": METHOD,
        "score": score,
        "level": level_en,
        "label": {"fr": level_fr, "en": level_en},
        "factors": {"dpc": dpc, "ei": ei, "cb": cb},
        "context": chosen,
        "to_confirm": to_confirm,
        "summary": summary,
    }
