"""Stored password hashes, recognised by their own syntax (modular crypt format, Django, passlib).

A leaked `users` table rarely holds passwords in clear: it holds what a framework stored.  The prefixed
forms say what they are (`$2b$12$…` is bcrypt wherever it appears), so they are reported anywhere; a bare
hexadecimal digest (MD5, SHA-1, SHA-256) is only a run of hex digits, reported under a password or hash
field only (the detector's rule, not this module's: `scheme` names both kinds).  Grammars, whole value:

- bcrypt `$2a$`/`$2b$`/`$2x$`/`$2y$`, two-digit cost, 53 characters of bcrypt's base 64;
- argon2 `$argon2id$`/`$argon2i$`/`$argon2d$`, optional `v=N$`, `m=N,t=N,p=N$`, salt (≥ 8) and hash (≥ 16) in base 64;
- scrypt (passlib) `$scrypt$ln=N,r=N,p=N$salt$hash`;
- PBKDF2: Django `pbkdf2_sha256$iterations$salt$hash` (sha1, sha256, sha512), passlib `$pbkdf2-sha256$…`;
- crypt MD5 `$1$salt$` + 22, SHA-256 `$5$[rounds=N$]salt$` + 43, SHA-512 `$6$[rounds=N$]salt$` + 86;
- hexadecimal MD5 (32), SHA-1 (40), SHA-256 (64), either case.

Examples are synthetic (made with `passlib`-compatible layouts, random salts).

>>> scheme('$2b$12$' + 'a' * 53)
'bcrypt'
>>> scheme('pbkdf2_sha256$600000$Xq3vR8tB1mZ0$' + 'Q' * 43 + '=')
'pbkdf2'
>>> scheme('5f4dcc3b5aa765d61d8327deb882cf99'), scheme('5f4dcc3b5aa765d61d8327deb882cf9')
('md5', None)
>>> is_valid('$1$saltsalt$' + 'x' * 22), is_valid('$1$saltsalt$' + 'x' * 21)
(True, False)
>>> validate('motdepasse')
Traceback (most recent call last):
    ...
piiscan.validators.exceptions.InvalidFormat: The number has an invalid format.
"""

from __future__ import annotations

import re

from .exceptions import InvalidFormat, InvalidLength

__all__ = ["HEX", "HEX_SCHEMES", "PREFIXED", "TOKEN", "compact", "is_valid", "prefixed", "scheme", "validate"]

_MAX_INPUT = 512
_C64 = r"[./A-Za-z0-9]"  # crypt's and bcrypt's base 64
_S64 = r"[A-Za-z0-9+/]"  # standard base 64 (argon2, Django)
_A64 = r"[./A-Za-z0-9+]"  # either (scrypt, passlib's pbkdf2)
_N = r"[0-9]{1,10}"

PREFIXED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bcrypt", re.compile(rf"\$2[abxy]\$[0-9]{{2}}\${_C64}{{53}}")),
    ("argon2", re.compile(rf"\$argon2(?:id|i|d)\$(?:v={_N}\$)?m={_N},t={_N},p={_N}\${_S64}{{8,}}\${_S64}{{16,}}")),
    ("scrypt", re.compile(rf"\$scrypt\$ln={_N},r={_N},p={_N}\${_A64}{{8,}}={{0,2}}\${_A64}{{16,}}={{0,2}}")),
    ("pbkdf2", re.compile(rf"\$pbkdf2(?:-sha1|-sha256|-sha512)?\${_N}\${_A64}{{1,64}}\${_A64}{{20,}}")),
    ("pbkdf2", re.compile(rf"pbkdf2_sha(?:1|256|512)\${_N}\$[A-Za-z0-9]{{1,64}}\${_S64}{{20,}}={{0,2}}")),
    ("md5crypt", re.compile(rf"\$1\${_C64}{{1,8}}\${_C64}{{22}}")),
    ("sha256crypt", re.compile(rf"\$5\$(?:rounds={_N}\$)?{_C64}{{1,16}}\${_C64}{{43}}")),
    ("sha512crypt", re.compile(rf"\$6\$(?:rounds={_N}\$)?{_C64}{{1,16}}\${_C64}{{86}}")),
)
"""The prefixed forms, each a whole-value grammar (`fullmatch`)."""
HEX_SCHEMES: dict[int, str] = {32: "md5", 40: "sha1", 64: "sha256"}
HEX = re.compile(r"[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{32}")
"""A bare hex digest of one of `HEX_SCHEMES`' lengths."""
"""Digest length in hexadecimal digits → the usual function of that length."""
_HEX = re.compile(r"[0-9A-Fa-f]+")
TOKEN = re.compile(r"[A-Za-z0-9./+=$_-]")
"""A character hashes are made of: a hash found in text is not followed by one (`,` inside argon2's and
scrypt's parameters is the grammar's own; after a hash, a `,` or a blank ends it)."""


def compact(value: str) -> str:
    """Surrounding blanks removed (a hash has none inside)."""
    return value.strip(" \t\r\n\u00a0")


def scheme(value: str) -> str | None:
    """The hash function a value is written for (`bcrypt`, `argon2`, …, `md5`), or None."""
    if len(value) > _MAX_INPUT:
        return None
    number = compact(value)
    for name, grammar in PREFIXED:
        if grammar.fullmatch(number):
            return name
    if _HEX.fullmatch(number):
        return HEX_SCHEMES.get(len(number))
    return None


def prefixed(value: str) -> bool:
    """True for a hash that says what it is (every form but the bare hex digests)."""
    found = scheme(value)
    return found is not None and found not in HEX_SCHEMES.values()


def validate(value: str) -> str:
    """The compact hash if it has one of the grammars above, else a `ValidationError` (never quoting it)."""
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    if scheme(value) is None:
        raise InvalidFormat()
    return compact(value)


def is_valid(value: str) -> bool:
    """True when `value` is a password hash of a known syntax; never raises."""
    return scheme(value) is not None
