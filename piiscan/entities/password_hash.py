"""PASSWORD_HASH: a stored password hash (DESIGN.md §1), category `credentials`.

The prefixed forms (bcrypt, argon2, scrypt, PBKDF2, crypt `$1$/$5$/$6$`) are recognised by their own
syntax anywhere; a bare hex MD5/SHA-1/SHA-256 only in a password or hash field or as a credential line's
secret.  The preview keeps the scheme only (`$2b$********`).
"""

from piiscan.entities._descriptor import Entity, Label, Preview
from piiscan.validators import pwhash as validator

ENTITY = Entity(
    name="PASSWORD_HASH",
    category="credentials",
    validator=validator,
    phases=("cell", "text"),
    fingerprint_tag=16,
    label=Label(
        fr="empreinte de mot de passe",
        en="password hash",
        fr_plural="empreintes de mot de passe",
        en_plural="password hashes",
    ),
    short="empreinte mdp",
    preview=Preview(kind="hash"),
)
