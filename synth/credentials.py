"""Values of the entities added with issue 20 (driving licence, passwords, stored hashes, street addresses
in cells and in prose) and look-alikes that are not them, from one seeded `random.Random`.

Every value is synthetic: random passwords, hashes with random salts and digests (never the hash of a real
password), licence numbers of the documented shapes, street lines from small lists.  Like the rest of
`synth`, nothing here imports `piiscan` (`tests/test_credentials.py` checks the values against the
validators).

>>> gen = EntityValues(seed=1)
>>> len(gen.licence()) in (9, 12), gen.password_hash()[:1] in "$p0123456789abcdef"
(True, True)
"""

from __future__ import annotations

import base64
import random
import string

__all__ = ["EntityValues"]

_C64 = "./" + string.ascii_letters + string.digits
_WORDS = ("soleil", "marseille", "azerty", "chouchou", "doudou", "loulou", "bonjour", "nicolas", "camille", "paris")
_SYMBOLS = "!@#$%&*?-_.+="
_DOMAINS = ("gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "yahoo.fr", "sfr.fr", "exemple.fr")
_FIRST = ("jean", "marie", "pierre", "sophie", "luc", "nadia", "karim", "julie", "paul", "ines", "hugo", "lea")
_LAST = ("martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy", "moreau")
_STREET_TYPES = ("rue", "avenue", "boulevard", "bd", "allée", "chemin", "impasse", "place", "quai", "route", "lieu-dit")
_STREET_NAMES = ("de la Paix", "Victor Hugo", "des Lilas", "du Moulin", "Jean Jaurès", "de la Gare", "Pasteur",
                 "des Écoles", "du Général de Gaulle", "Les Granges", "Saint-Michel", "de Verdun")  # fmt: skip
_TEXT_TYPES = ("rue", "Rue", "avenue", "av.", "Av.", "boulevard", "bd", "Bd", "allée", "chemin", "ch.", "impasse",
               "place", "pl.", "quai", "route", "rte", "lieu-dit", "cours", "square", "résidence", "chaussée",
               "faubourg", "fbg", "passage", "cité", "promenade")  # fmt: skip
_COMMUNES = (("75011", "Paris"), ("69003", "Lyon"), ("13100", "Aix-en-Provence"), ("59000", "Lille"),
             ("97400", "Saint-Denis"), ("33000", "Bordeaux"), ("2A004", "Ajaccio"))  # fmt: skip
_DEPTS = [f"{d:02d}" for d in range(1, 96) if d != 20] + ["2A", "2B"]


class EntityValues:
    """Values of FR_DRIVING_LICENCE, PASSWORD, PASSWORD_HASH and look-alikes, from one seeded `random.Random`."""

    def __init__(self, *, seed: int) -> None:
        self.rng = random.Random(seed)

    def _c64(self, n: int) -> str:
        return "".join(self.rng.choice(_C64) for _ in range(n))

    def _b64(self, n_bytes: int, *, pad: bool = False) -> str:
        text = base64.b64encode(self.rng.randbytes(n_bytes)).decode("ascii")
        return text if pad else text.rstrip("=")

    def email(self) -> str:
        r = self.rng
        local = f"{r.choice(_FIRST)}{r.choice(['.', '_', ''])}{r.choice(_LAST)}{r.choice(['', str(r.randrange(100))])}"
        return f"{local}@{r.choice(_DOMAINS)}"

    def password(self) -> str:
        """A password as people choose them: a word and digits, a word with symbols, random characters."""
        r = self.rng
        kind = r.randrange(4)
        if kind == 0:
            return r.choice(_WORDS) + str(r.randrange(10000))
        if kind == 1:
            return r.choice(_WORDS).capitalize() + r.choice(_SYMBOLS) + str(r.randrange(1950, 2025))
        if kind == 2:
            return "".join(r.choice(string.ascii_letters + string.digits + _SYMBOLS) for _ in range(r.randrange(6, 17)))
        return "".join(r.choice(string.digits) for _ in range(r.randrange(4, 9)))

    def password_hash(self) -> str:
        """A stored hash of one of the syntaxes of `piiscan.validators.pwhash`, random salt and digest."""
        r = self.rng
        kind = r.randrange(9)
        if kind == 0:
            return f"$2{r.choice('aby')}${r.randrange(8, 14):02d}$" + self._c64(53)
        if kind == 1:
            return f"$argon2id$v=19$m=65536,t=3,p=4${self._b64(16)}${self._b64(32)}"
        if kind == 2:
            return f"$scrypt$ln=16,r=8,p=1${self._b64(16)}${self._b64(32)}"
        if kind == 3:
            salt = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(22))
            return f"pbkdf2_sha256$600000${salt}${self._b64(32, pad=True)}"
        if kind == 4:
            return f"$1${self._c64(8)}${self._c64(22)}"
        if kind == 5:
            return f"$6${self._c64(16)}${self._c64(86)}"
        n = (32, 40, 64)[kind - 6]
        return "".join(r.choice("0123456789abcdef") for _ in range(n))

    def licence(self) -> str:
        """A driving-licence number: old 12-character (year, month, department, sequence) or 2013 EU format."""
        r = self.rng
        if r.random() < 0.5:
            return f"{r.randrange(100):02d}{r.randrange(1, 13):02d}{r.choice(_DEPTS)}{r.randrange(10**6):06d}"
        letters = "".join(r.choice(string.ascii_uppercase) for _ in range(2))
        return f"{r.randrange(13, 26):02d}{letters}{r.randrange(10**5):05d}"

    def street_address(self) -> str:
        """An address line: number (bis/ter) or none, street type, name, sometimes postal code and commune."""
        r = self.rng
        number = r.choice(["", f"{r.randrange(1, 300)} ", f"{r.randrange(1, 40)} bis ", f"{r.randrange(1, 40)}, "])
        line = f"{number}{r.choice(_STREET_TYPES)} {r.choice(_STREET_NAMES)}"
        if r.random() < 0.4:
            code, commune = r.choice(_COMMUNES)
            line += f"{r.choice([' ', ', '])}{code} {commune}"
        return line.upper() if r.random() < 0.2 else line

    def text_address(self) -> str:
        """An address as written in prose: a house number (range, bis/ter, comma), a street type (full or
        abbreviated), a name, half the time a postal code and commune; a fifth in upper case."""
        r = self.rng
        n = r.randrange(1, 400)
        number = r.choice([f"{n}", f"{n}", f"{n} bis", f"{n}bis", f"{n} ter", f"{n}-{n + 2}", f"{n}B", f"{n},"])
        line = f"{number} {r.choice(_TEXT_TYPES)} {r.choice(_STREET_NAMES)}"
        if r.random() < 0.5:
            code, commune = r.choice([c for c in _COMMUNES if c[0].isdigit()])
            line += f"{r.choice([' ', ', '])}{code} {commune}"
        return line.upper() if r.random() < 0.2 else line

    def not_an_address(self) -> str:
        """Prose with a short number before a street-like word that is no person's address: quantities,
        horsepower, a lower-case phrase, a facility's address, a product, a road number, a date."""
        r = self.rng
        return r.choice(
            [
                f"il reste {r.randrange(2, 9)} places et 1 place de parking",
                f"moteur {r.randrange(4, 12)} ch Diesel",
                f"{r.randrange(1, 9)} cours de yoga par semaine",
                f"Gymnase Jules Ferry, {self.text_address()}",
                f"Mairie {r.randrange(1, 30)} place de l'Hôtel de Ville",
                f"Lampe Empire {r.randrange(1, 5)} bras, lot de {r.randrange(2, 9)} rue",
                f"la RN {r.randrange(1, 200)} puis la route de Lyon",
                f"commande ART-{r.randrange(10, 99)} rue Lepic du {r.randrange(1, 28):02d}/03",
                f"j'habite au {r.randrange(1, 99)} rue de la paix",
            ]
        )

    def commune(self) -> str:
        """A commune or a postal code and commune: what an address column holds when it holds no street line."""
        code, commune = self.rng.choice(_COMMUNES)
        return self.rng.choice([commune, f"{code} {commune}", code])

    def placeholder(self) -> str:
        """What a password column holds when it holds no password."""
        return self.rng.choice(["NULL", "", "********", "n/a", "-", "xxxxxx"])

    def hex_digest(self) -> str:
        """A hex run that is no password hash (a commit, a file digest, a token) when no field says so."""
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(self.rng.choice((32, 40, 64))))
