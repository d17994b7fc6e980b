"""PASSWORD: a password in clear (DESIGN.md §1), category `credentials`.

Nothing in a password says it is one: only a password field (`password`, `mot_de_passe`, `pwd`…) or the
secret of a credential line (`jean@exemple.fr:secret`, a combolist's line; `email;secret` and `user;secret`
lines read as a two-column table, when the second column is credential-like: `piiscan.profiles`) makes a
value one.  Its preview
shows nothing, not even the length (`Preview(kind="secret")`), and its value never reaches an output
without `--unsafe-show-values`.
"""

from piiscan.entities._descriptor import Entity, Label, Preview
from piiscan.validators import password as validator

ENTITY = Entity(
    name="PASSWORD",
    category="credentials",
    validator=validator,
    phases=("cell", "text"),
    fingerprint_tag=15,
    label=Label(
        fr="mot de passe en clair",
        en="password in clear",
        fr_plural="mots de passe en clair",
        en_plural="passwords in clear",
    ),
    short="mot de passe",
    preview=Preview(kind="secret"),
)
