"""Generators of the benchmark's dump shapes: the same synthetic persons laid out as real exports are.

Speed depends on the shape of a dump (issue 23): a 13-column CSV with one note is not a 22-column
case-management export full of addresses and comments, nor a JSON Lines export, a ``pg_dump`` or a mailbox.
Each shape here starts from :func:`synth.dump.dump_cells` (persons with valid NIR keys, passports,
phones, e-mails, observation notes) and adds its own columns from short lists of our own, a block of 50 000
records at a time, every block with its own seeded numpy generator: the output is deterministic for
(shape, seed, size) and a 1 GB file takes seconds, not minutes (values are picked by index from pre-encoded
pools and joined with ``bytes.join`` / ``bytes %``, never formatted one by one in Python).

Shapes: ``ofii`` (the existing OFII-like CSV, :func:`synth.dump.write_ofii_dump`), ``wide`` (22-column
``;`` CSV), ``jsonl`` (nested JSON Lines), ``sql`` (PostgreSQL dump: ``INSERT`` and ``COPY`` tables), ``text``
(an mbox of e-mails from applicants: mostly prose).
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from synth.dump import ROWS_PER_GB as OFII_ROWS_PER_GB
from synth.dump import DumpCells, DumpPools, DumpStats, dump_cells, dump_file_name, write_ofii_dump

__all__ = ["SHAPES", "SHAPE_VERSION", "shape_path", "write_shape"]

SHAPE_VERSION = 1  # bumped whenever a generator's output changes (it is part of the cache file name)
SHAPES = ("ofii", "wide", "jsonl", "sql", "text")
_EXT = {"ofii": "csv", "wide": "csv", "jsonl": "jsonl", "sql": "sql", "text": "mbox"}
_BLOCK = 50_000

_STREET_TYPES = ("rue", "avenue", "boulevard", "place", "impasse", "chemin", "allée", "quai", "cours", "route")
_STREET_NAMES = (
    "de la République", "Victor Hugo", "Jean Jaurès", "du Général de Gaulle", "Pasteur", "de la Gare",
    "des Lilas", "Gambetta", "Voltaire", "du Moulin", "de l'Église", "Jules Ferry", "Anatole France",
    "des Écoles", "de Paris", "Émile Zola", "Carnot", "de Verdun", "du Stade", "Saint-Martin",
    "des Tilleuls", "du Château", "Louis Pasteur", "de la Liberté", "Paul Vaillant-Couturier", "Henri Barbusse",
    "Marcel Cachin", "de Strasbourg", "des Acacias", "du Maréchal Foch", "Aristide Briand", "de Lattre de Tassigny",
)  # fmt: skip
_ADDRESS_EXTRA = ("", "", "", "", "Bâtiment B", "Appartement 12", "Résidence les Pins", "Escalier C", "chez M. et Mme")
_OFFICE_CITIES = (
    "Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Bordeaux", "Nantes", "Strasbourg", "Montpellier", "Rennes",
    "Grenoble", "Rouen", "Nice", "Metz", "Dijon", "Clermont-Ferrand", "Orléans", "Poitiers", "Limoges", "Amiens",
    "Besançon", "Caen", "Cergy", "Créteil", "Bobigny", "Nanterre", "Évry", "Versailles", "Melun", "Cayenne",
)  # fmt: skip
_OFFICES = (
    "Direction territoriale de l'OFII de {c}",
    "Préfecture de {c} - Service de l'immigration et de l'intégration",
    "Sous-préfecture de {c} - Bureau des étrangers",
    "Guichet unique pour demandeurs d'asile (GUDA) de {c}",
    "Plateforme d'accueil des demandeurs d'asile (PADA) de {c}",
    "Direction départementale de l'emploi, du travail et des solidarités de {c}",
)
_STATUSES = (
    "Dossier complet - en cours d'instruction", "En attente de pièces complémentaires", "Rendez-vous fixé",
    "Titre de séjour délivré", "Refus notifié", "Recours gracieux en cours", "Clôturé", "Transmis au service",
    "Visite médicale à programmer", "Contrat d'intégration républicaine signé", "Récépissé remis",
    "Orientation vers un hébergement", "Dossier incomplet - relance envoyée", "Entretien individuel réalisé",
)  # fmt: skip
_DOCUMENTS = (
    "passeport", "acte de naissance", "justificatif de domicile", "photos d'identité", "attestation d'hébergement",
    "contrat de travail", "avis d'imposition", "certificat médical OFII", "timbre fiscal", "récépissé",
    "relevé d'identité bancaire", "livret de famille", "diplôme", "bulletins de salaire", "attestation de la CAF",
    "visa long séjour", "acte de mariage", "certificat de scolarité", "attestation d'assurance maladie",
)  # fmt: skip
_COMMENTS = (
    "Usager reçu en entretien, situation expliquée, pièces vérifiées au guichet.",
    "Pièces manquantes signalées par courrier, nouveau passage prévu la semaine prochaine.",
    "Demande transmise au service instructeur pour avis, pas de difficulté particulière.",
    "Usager accompagné d'un travailleur social de l'association, traduction assurée en arabe.",
    "Convocation envoyée pour la visite médicale et la formation civique.",
    "Le dossier a été complété ce jour, en attente de la décision de la préfecture.",
    "Absence au rendez-vous, nouvelle convocation adressée par courrier recommandé.",
    "Changement d'adresse déclaré, mise à jour effectuée dans le logiciel.",
    "Situation familiale à préciser, demande de justificatifs complémentaires.",
    "Orientation vers la plateforme linguistique, niveau A1 à consolider.",
    "Hébergement d'urgence proposé par le SIAO, accepté par l'usager.",
    "RAS.",
    "",
    "",
)
_GREETINGS = ("Bonjour,", "Madame, Monsieur,", "Bonjour Madame,", "Bonjour Monsieur,", "Madame la Préfète,")
_CLOSINGS = (
    "Cordialement,",
    "Bien cordialement,",
    "Je vous prie d'agréer mes salutations distinguées,",
    "Merci d'avance,",
)
_SUBJECTS = (
    "Demande de rendez-vous", "Renouvellement de titre de séjour", "Pièces complémentaires", "Changement d'adresse",
    "Réclamation", "Demande d'information", "Récépissé expiré", "Regroupement familial", "Attestation demandée",
)  # fmt: skip
_SENTENCES = (
    "Je me permets de vous écrire au sujet de mon dossier déposé il y a plusieurs mois.",
    "Je n'ai toujours pas reçu de réponse malgré mes nombreuses relances par téléphone.",
    "Vous trouverez ci-joint les documents que vous m'avez demandés lors de mon dernier passage.",
    "Mon récépissé arrive bientôt à expiration et mon employeur me demande un justificatif.",
    "Je souhaiterais obtenir un nouveau rendez-vous car je ne pourrai pas me présenter à la date indiquée.",
    "Je travaille actuellement en contrat à durée indéterminée dans une entreprise de nettoyage.",
    "Mes enfants sont scolarisés à l'école primaire du quartier depuis la rentrée.",
    "J'ai déménagé récemment et je voudrais mettre à jour mon adresse postale.",
    "L'association qui m'accompagne m'a conseillé de vous contacter directement.",
    "Je reste à votre disposition pour tout renseignement complémentaire.",
    "Pourriez-vous m'indiquer les pièces à fournir pour le renouvellement de mon titre ?",
    "Je suis très inquiet de la situation car je risque de perdre mon emploi.",
    "Le site internet ne me permet pas de prendre rendez-vous, aucun créneau n'est disponible.",
    "Je vous remercie par avance de l'attention que vous porterez à ma demande.",
    "Mon épouse est arrivée en France l'année dernière dans le cadre du regroupement familial.",
    "J'ai suivi la formation civique et obtenu l'attestation de fin de formation.",
    "Je ne comprends pas pourquoi ma demande a été classée sans suite.",
    "Le courrier de convocation ne m'est jamais parvenu, je l'ai appris par l'association.",
    "Je joins également une copie de mon bail et de ma dernière quittance de loyer.",
    "Je suis disponible tous les jours sauf le mercredi après-midi.",
)


def shape_path(shape: str, data_dir: Path, *, seed: int, size_gb: float | None, rows: int | None) -> Path:
    """The cache path of a shape's dump: the name carries everything that determines its bytes."""
    if shape == "ofii":
        n = rows if rows is not None else round(OFII_ROWS_PER_GB * (size_gb or 1.0))
        return data_dir / dump_file_name(n, seed)
    size_tag = f"r{rows}" if rows is not None else f"g{size_gb:g}"
    return data_dir / f"{shape}_v{SHAPE_VERSION}_{size_tag}_s{seed}.{_EXT[shape]}"


def write_shape(
    shape: str,
    path: Path,
    *,
    seed: int = 1,
    size_gb: float | None = 1.0,
    rows: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> DumpStats:
    """Write ``shape`` to ``path``: ``rows`` records, or blocks until the file reaches ``size_gb`` × 10⁹ bytes."""
    t0 = time.perf_counter()
    if shape == "ofii":
        n = rows if rows is not None else round(OFII_ROWS_PER_GB * (size_gb or 1.0))
        return write_ofii_dump(path, n, seed=seed, encoding="cp1252")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}")
    target = None if rows is not None else int((size_gb or 1.0) * 1e9)
    pools = _ShapePools(seed)
    writer = {"wide": _WideWriter, "jsonl": _JsonlWriter, "sql": _SqlWriter, "text": _TextWriter}[shape](pools)
    total = done = 0
    with open(path, "wb") as fh:
        total += _write(fh, writer.header())
        for block_no in _count():
            n = _BLOCK if rows is None else min(_BLOCK, rows - done)
            if n <= 0 or (target is not None and total + writer.written() >= target):
                break
            rng = np.random.default_rng([seed, SHAPES.index(shape), block_no])
            cells = dump_cells(pools.base, rng, n, done, random_nir=False, want_truth=False)
            total += _write(fh, writer.block(rng, cells, done))
            done += n
            if progress:
                progress(total)
        total += _write(fh, writer.footer())
    parts = writer.parts()
    if parts:  # the SQL dump writes one file per table, then appends them (pg_dump keeps a table together)
        with open(path, "ab") as out:
            for part in parts:
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out, 16 << 20)
                part.unlink()
            out.write(writer.trailer())
        total = path.stat().st_size
    return DumpStats(str(path), done, total, time.perf_counter() - t0, 0)


def _count() -> Iterator[int]:
    i = 0
    while True:
        yield i
        i += 1


def _write(fh: object, data: bytes) -> int:
    fh.write(data)  # type: ignore[attr-defined]
    return len(data)


def _enc(items: tuple[str, ...] | list[str]) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    out[:] = [s.encode("utf-8") for s in items]
    return out


class _ShapePools:
    """The OFII pools (utf-8) plus pre-encoded addresses, offices, statuses, document lists, comments, prose."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.base = DumpPools(seed, "utf-8")
        self.streets = _enc([f"{t} {n}" for t in _STREET_TYPES for n in _STREET_NAMES])
        self.address_extra = _enc(_ADDRESS_EXTRA)
        self.offices = _enc([o.format(c=c) for o in _OFFICES for c in _OFFICE_CITIES])
        self.office_mails = _enc([f"pref-etrangers-{c.lower()[:6]}@interieur.gouv.fr" for c in _OFFICE_CITIES])
        self.statuses = _enc(_STATUSES)
        self.doc_lists = _enc(
            [", ".join(rng.sample(_DOCUMENTS, rng.randint(1, 6))) for _ in range(4096)]
        )  # comma-separated: the cell needs no CSV quoting
        self.comments = _enc(_COMMENTS)
        self.greetings = _enc(_GREETINGS)
        self.closings = _enc(_CLOSINGS)
        self.subjects = _enc(_SUBJECTS)
        self.paragraphs = _enc([" ".join(rng.sample(_SENTENCES, rng.randint(2, 5))) for _ in range(4096)])
        self.cities = self.base.fr_city

    def pick(self, rng: np.random.Generator, pool: np.ndarray, n: int) -> list[bytes]:
        return pool[rng.integers(0, len(pool), n)].tolist()


def _num(values: np.ndarray) -> list[bytes]:
    return [str(v).encode() for v in values.tolist()]


def _addresses(p: _ShapePools, rng: np.random.Generator, n: int) -> tuple[list[bytes], list[bytes], list[bytes]]:
    """(street line, postcode, city) of ``n`` addresses."""
    street_no = _num(rng.integers(1, 240, n))
    extra = p.pick(rng, p.address_extra, n)
    line = [
        b"%s %s%s%s" % (no, st, b", " if ex else b"", ex)
        for no, st, ex in zip(street_no, p.pick(rng, p.streets, n), extra, strict=True)
    ]
    postcode = [b"%05d" % v for v in rng.integers(1000, 95900, n).tolist()]
    return line, postcode, p.pick(rng, p.cities, n)


def _csv_unquote(cells: list[bytes]) -> list[bytes]:
    """The observation notes come CSV-quoted when they need it; other layouts want the raw text."""
    return [c[1:-1].replace(b'""', b'"') if c[:1] == b'"' else c for c in cells]


def _agents(p: _ShapePools, rng: np.random.Generator, n: int) -> list[bytes]:
    """Case-worker names (``Mme Prénom NOM``): more names in free-text-like columns."""
    title = np.array([b"M. ", b"Mme "], dtype=object)[rng.integers(0, 2, n)].tolist()
    given = p.pick(rng, p.base.given_disp, n)
    sur = p.pick(rng, p.base.surname_disp, n)
    return list(map(b"".join, zip(title, given, [b" "] * n, sur, strict=True)))


def _iso(d: np.ndarray) -> list[bytes]:
    return [s.encode() for s in np.datetime_as_string(d, unit="D").tolist()]


class _Plain:
    """A single-stream layout: everything goes through ``block``'s return value (no header or footer unless a
    layout says otherwise)."""

    def __init__(self, pools: _ShapePools) -> None:
        self.p = pools

    def header(self) -> bytes:
        return b""

    def footer(self) -> bytes:
        return b""

    def parts(self) -> list[Path]:
        return []

    def written(self) -> int:
        return 0


class _WideWriter(_Plain):
    """22-column ``;`` CSV, utf-8 with BOM: an administrative case-management export."""

    HEADER = (
        "N° dossier;Nom;Prénom;Date de naissance;Lieu de naissance;Nationalité;Courriel;Téléphone;N° passeport;"
        "N° étranger;NIR;Date de dépôt;Adresse;Code postal;Commune;Service instructeur;Agent instructeur;Statut;"
        "Pièces fournies;Date de rendez-vous;Commentaire agent;Observations\r\n"
    )

    def header(self) -> bytes:
        return b"\xef\xbb\xbf" + self.HEADER.encode("utf-8")

    def block(self, rng: np.random.Generator, c: DumpCells, first: int) -> bytes:
        p, n = self.p, len(c.french)
        line, postcode, city = _addresses(p, rng, n)
        rdv = _iso(c.depot + rng.integers(10, 200, n).astype("timedelta64[D]"))
        cols = [
            *c.cols[:12],
            line,
            postcode,
            city,
            p.pick(rng, p.offices, n),
            _agents(p, rng, n),
            p.pick(rng, p.statuses, n),
            p.pick(rng, p.doc_lists, n),
            rdv,
            p.pick(rng, p.comments, n),
            c.cols[12],
        ]
        return b"\r\n".join(map(b";".join, zip(*cols, strict=True))) + b"\r\n"


def _json_str(cells: list[bytes]) -> list[bytes]:
    """JSON string literals (``null`` for an empty cell); names and places need no escaping, notes do."""
    out = []
    for s in cells:
        if not s:
            out.append(b"null")
            continue
        if b"\\" in s or b'"' in s or b"\n" in s or b"\r" in s:
            s = s.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\r", b"\\r").replace(b"\n", b"\\n")
        out.append(b'"' + s + b'"')
    return out


class _JsonlWriter(_Plain):
    """Nested JSON Lines: one case a line, the person, contact, identifiers, documents and history nested."""

    RECORD = (
        b'{"id":%s,"etat":{"statut":%s,"service":%s,"agent":%s},"usager":{"nom":%s,"prenoms":%s,'
        b'"naissance":{"date":%s,"lieu":%s},"nationalite":%s,"contact":{"email":%s,"telephone":%s,'
        b'"adresse":{"ligne":%s,"code_postal":"%s","ville":%s}}},"identifiants":{"passeport":%s,"agdref":%s,'
        b'"nir":%s},"pieces":[%s],"historique":[{"date":"%s","evenement":"depot"},{"date":"%s",'
        b'"evenement":"rendez-vous"}],"observations":%s}\n'
    )

    def block(self, rng: np.random.Generator, c: DumpCells, first: int) -> bytes:
        p, n = self.p, len(c.french)
        line, postcode, city = _addresses(p, rng, n)
        docs = [b'"' + d.replace(b", ", b'","') + b'"' for d in p.pick(rng, p.doc_lists, n)]
        cols = c.cols
        fields = zip(
            _json_str(cols[0]),
            _json_str(p.pick(rng, p.statuses, n)),
            _json_str(p.pick(rng, p.offices, n)),
            _json_str(_agents(p, rng, n)),
            *(_json_str(cols[k]) for k in range(1, 11)),
            _json_str(line),
            postcode,
            _json_str(city),
            docs,
            _iso(c.depot),
            _iso(c.depot + rng.integers(10, 200, n).astype("timedelta64[D]")),
            _json_str(_csv_unquote(cols[12])),
            strict=True,
        )
        # the template's field order differs from the cells': reorder once per record
        return b"".join(self.RECORD % _jsonl_order(f) for f in fields)


def _jsonl_order(f: tuple[bytes, ...]) -> tuple[bytes, ...]:
    (dossier, statut, service, agent, nom, prenoms, dob, lieu, nat, email, tel, pp, agd, nir, ligne, cp, ville,
     docs, depot, rdv, obs) = f  # fmt: skip
    return (dossier, statut, service, agent, nom, prenoms, dob, lieu, nat, email, tel, ligne, cp, ville, pp, agd,
            nir, docs, depot, rdv, obs)  # fmt: skip


def _sql_lit(cells: list[bytes]) -> list[bytes]:
    """SQL string literals (``NULL`` for an empty cell), standard-conforming: ``'`` doubled."""
    return [b"NULL" if not s else b"'" + s.replace(b"'", b"''") + b"'" for s in cells]


def _copy_text(cells: list[bytes]) -> list[bytes]:
    """``COPY … FROM stdin`` text format: ``\\N`` for NULL, backslash escapes for tab, CR, LF and backslash."""
    out = []
    for s in cells:
        if not s:
            out.append(b"\\N")
            continue
        if b"\\" in s or b"\t" in s or b"\n" in s or b"\r" in s:
            s = s.replace(b"\\", b"\\\\").replace(b"\t", b"\\t").replace(b"\r", b"\\r").replace(b"\n", b"\\n")
        out.append(s)
    return out


class _SqlWriter:
    """A ``pg_dump`` of four tables: ``usagers`` and ``contacts`` as ``INSERT`` (``--inserts``), ``pieces``
    and ``dossiers`` as ``COPY … FROM stdin`` blocks; each table's rows together, as pg_dump writes them."""

    TABLES = (
        ("usagers", "id integer, nom text, prenoms text, date_naissance text, lieu_naissance text, nationalite text"),
        ("contacts", "usager_id integer, courriel text, telephone text, adresse text, code_postal text, ville text"),
        ("pieces", "usager_id integer, passeport text, agdref text, nir text, pieces_fournies text"),
        ("dossiers", "id text, usager_id integer, date_depot date, service text, statut text, observations text"),
    )

    def __init__(self, pools: _ShapePools) -> None:
        self.p = pools
        self._parts: list[Path] = []
        self._fh: dict[str, object] = {}

    def header(self) -> bytes:
        out = [
            "--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 15.6\n\n",
            "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n",
        ]
        for name, cols in self.TABLES:
            out.append(f"CREATE TABLE public.{name} (\n    " + ",\n    ".join(cols.split(", ")) + "\n);\n\n")
        return "".join(out).encode()

    def footer(self) -> bytes:
        return b""

    def _out(self, name: str, path_hint: int) -> object:
        if name not in self._fh:
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix=f"piiscan-shape-{name}-", suffix=".part")
            import os

            fh = os.fdopen(fd, "wb")
            self._fh[name] = fh
            self._parts.append(Path(tmp))
            cols = next(c for t, c in self.TABLES if t == name)
            names = ", ".join(col.split()[0] for col in cols.split(", "))
            if name in ("pieces", "dossiers"):
                fh.write(f"\n--\n-- Data for Name: {name}\n--\n\nCOPY public.{name} ({names}) FROM stdin;\n".encode())
            else:
                fh.write(f"\n--\n-- Data for Name: {name}\n--\n\n".encode())
        return self._fh[name]

    def parts(self) -> list[Path]:
        for name, fh in self._fh.items():
            if name in ("pieces", "dossiers"):
                fh.write(b"\\.\n\n")  # type: ignore[attr-defined]
            fh.close()  # type: ignore[attr-defined]
        return self._parts

    def trailer(self) -> bytes:
        return b"\n--\n-- PostgreSQL database dump complete\n--\n\n"

    def block(self, rng: np.random.Generator, c: DumpCells, first: int) -> bytes:
        p, n, cols = self.p, len(c.french), c.cols
        ids = _num(np.arange(first + 1, first + n + 1))
        line, postcode, city = _addresses(p, rng, n)
        lit = [_sql_lit(cols[k]) for k in range(1, 7)] + [_sql_lit(cols[7])]
        usagers = b"".join(
            b"INSERT INTO public.usagers VALUES (%s, %s, %s, %s, %s, %s);\n" % r
            for r in zip(ids, lit[0], lit[1], lit[2], lit[3], lit[4], strict=True)
        )
        contacts = b"".join(
            b"INSERT INTO public.contacts VALUES (%s, %s, %s, %s, %s, %s);\n" % r
            for r in zip(ids, lit[5], lit[6], _sql_lit(line), _sql_lit(postcode), _sql_lit(city), strict=True)
        )
        pieces_cols = [ids, _copy_text(cols[8]), _copy_text(cols[9]), _copy_text(cols[10]), p.pick(rng, p.doc_lists, n)]
        pieces = b"\n".join(map(b"\t".join, zip(*pieces_cols, strict=True))) + b"\n"
        dossiers_cols = [
            cols[0], ids, _iso(c.depot), p.pick(rng, p.offices, n), p.pick(rng, p.statuses, n),
            _copy_text(_csv_unquote(cols[12])),
        ]  # fmt: skip
        dossiers = b"\n".join(map(b"\t".join, zip(*dossiers_cols, strict=True))) + b"\n"
        self._out("usagers", 0).write(usagers)  # type: ignore[attr-defined]
        self._out("contacts", 0).write(contacts)  # type: ignore[attr-defined]
        self._out("pieces", 0).write(pieces)  # type: ignore[attr-defined]
        self._out("dossiers", 0).write(dossiers)  # type: ignore[attr-defined]
        return b""  # the caller's size check reads 0: count the parts' bytes instead

    def written(self) -> int:
        return sum(fh.tell() for fh in self._fh.values())  # type: ignore[attr-defined]


class _TextWriter(_Plain):
    """An mbox of e-mails from applicants to the préfecture: mostly prose, a few identifiers a message."""

    MESSAGE = (
        b"From %s %s\nFrom: %s %s <%s>\nTo: %s\nDate: %s\nSubject: %s - dossier %s\n\n%s\n\n%s\n\n%s\n\n%s%s\n\n"
        b"%s\n%s %s\n%s\n\n"
    )

    def block(self, rng: np.random.Generator, c: DumpCells, first: int) -> bytes:
        p, n, cols = self.p, len(c.french), c.cols
        email = [e or b"usager@example.org" for e in cols[6]]
        # identifiers said in the prose of some messages (the rest is prose only)
        said = rng.random(n)
        ident = [
            b" Mon num\xc3\xa9ro de passeport est le " + pp + b"." if r < 0.25 and pp
            else b" Je suis n\xc3\xa9(e) le " + dob + b" \xc3\xa0 " + lieu + b"." if r < 0.45 and dob
            else b" Mon num\xc3\xa9ro de s\xc3\xa9curit\xc3\xa9 sociale : " + nir + b"." if r < 0.55 and nir
            else b""
            for r, pp, dob, lieu, nir in zip(said, cols[8], cols[3], cols[4], cols[10], strict=True)
        ]  # fmt: skip
        obs = _csv_unquote(cols[12])
        fields = zip(
            email, _iso(c.depot), cols[2], cols[1], email, p.pick(rng, p.office_mails, n), _iso(c.depot),
            p.pick(rng, p.subjects, n), cols[0], p.pick(rng, p.greetings, n), p.pick(rng, p.paragraphs, n),
            p.pick(rng, p.paragraphs, n), p.pick(rng, p.paragraphs, n), ident, p.pick(rng, p.closings, n),
            cols[2], cols[1], [t or o for t, o in zip(cols[7], obs, strict=True)],
            strict=True,
        )  # fmt: skip
        return b"".join(self.MESSAGE % f for f in fields)
