"""Credentials (issue 20): a combolist yields one e-mail and one password per line and never shows a
password in any output; password fields and hashes through the CLI; the validators' rules.

The check can fail, and is checked to: with `--unsafe-show-values` the findings file holds every password.
"""

from __future__ import annotations

import gzip
import html
import json
import random
import string
from pathlib import Path

import pytest
from clirunner import assert_clean, run_cli

from piiscan.output.redact import redact, redact_with_operators
from piiscan.validators import address, licence, password, pwhash
from piiscan.validators.exceptions import ValidationError
from synth.credentials import EntityValues

pytestmark = pytest.mark.usefixtures("warm_cli")

LINES = 300


def _passwords(n: int) -> list[str]:
    """Distinct, long, random passwords: any of them found in an output is a leak, not a coincidence."""
    rng = random.Random(2020)
    alphabet = string.ascii_letters + string.digits + "!#%&*?+="
    return ["".join(rng.choice(alphabet) for _ in range(14)) for _ in range(n)]


@pytest.fixture(scope="module", params=[":", ";"], ids=["colon", "semicolon"])
def combolist(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> tuple[Path, list[str], list[str]]:
    """`email:password` lines (one text cell each), or `email;password` lines (a two-column table whose
    second column the column profiles decide: `piiscan.profiles`)."""
    d = tmp_path_factory.mktemp("combo")
    secrets = _passwords(LINES)
    emails = [f"user{i}.martin@exemple{i % 7}.fr" for i in range(LINES)]
    body = "".join(f"{e}{request.param}{p}\n" for e, p in zip(emails, secrets, strict=True))
    path = d / "combo.txt.gz"
    path.write_bytes(gzip.compress(body.encode()))
    return path, emails, secrets


def _scan(path: Path, out: Path, *extra: str) -> tuple[str, list[dict]]:
    report, page, found = out / "report.json", out / "report.html", out / "findings.jsonl"
    result = run_cli([path, "--report", report, "--html", page, "--findings", found, *extra], outdir=out)
    assert_clean(result)
    rows = [json.loads(line) for line in found.read_text(encoding="utf-8").splitlines()]
    text = page.read_text(encoding="utf-8")
    outputs = "\n".join([result.stdout, result.stderr, report.read_text(encoding="utf-8"), text, html.unescape(text)])
    return outputs, rows


def test_combolist_one_email_and_one_password_per_line_never_shown(combolist, tmp_path: Path) -> None:
    path, _emails, secrets = combolist
    outputs, rows = _scan(path, tmp_path)
    per_line: dict[int, list[str]] = {}
    for row in rows:
        per_line.setdefault(row["record"], []).append(row["entity"])
        assert "value" not in row
    assert len(per_line) == LINES
    assert all(sorted(v) == ["EMAIL_ADDRESS", "PASSWORD"] for v in per_line.values())
    assert {r["preview"] for r in rows if r["entity"] == "PASSWORD"} == {"********"}
    everything = outputs + json.dumps(rows)
    assert [p for p in secrets if p in everything] == []


def test_unsafe_show_values_holds_the_passwords(combolist, tmp_path: Path) -> None:
    """The search above can fail: the one output that may hold values does hold every password."""
    path, _emails, secrets = combolist
    outputs, rows = _scan(path, tmp_path, "--unsafe-show-values")
    values = {r["value"] for r in rows if r["entity"] == "PASSWORD"}
    assert values == set(secrets)
    assert [p for p in secrets if p in outputs] == []


def test_password_and_hash_columns(tmp_path: Path) -> None:
    """A users table: passwords under their header, hashes under theirs, placeholders nowhere."""
    secrets = _passwords(3)
    bcrypt = "$2b$12$" + "rFkNtbYYhloM63YyxMOO0j8XiyDcxkiwEILEsnaGBACf/KHpO3rH1"
    md5 = "6dbf9ac2da09ee1d3debf5a51873ec6d"
    body = "login;mot_de_passe;password_hash;commit\n"
    body += f"a;{secrets[0]};{bcrypt};{md5}\nb;NULL;{md5};{md5}\nc;{secrets[1]};;x\nd;********;;\ne;{secrets[2]};;\n"
    path = tmp_path / "users.csv"
    path.write_text(body, encoding="utf-8")
    outputs, rows = _scan(path, tmp_path)
    got = sorted((r["record"], r["field"], r["entity"]) for r in rows)
    assert got == [
        (0, "mot_de_passe", "PASSWORD"),
        (0, "password_hash", "PASSWORD_HASH"),
        (1, "password_hash", "PASSWORD_HASH"),
        (2, "mot_de_passe", "PASSWORD"),
        (4, "mot_de_passe", "PASSWORD"),
    ]
    assert [p for p in secrets if p in outputs + json.dumps(rows)] == []
    assert {r["preview"] for r in rows if r["entity"] == "PASSWORD_HASH"} == {"$2b$********", "********"}


@pytest.mark.parametrize("entity", ["PASSWORD", "PASSWORD_HASH"])
@pytest.mark.parametrize("value", ["Soleil!2020", "$2b$12$abc", "x" * 40, "", "é"])
def test_previews_show_no_character_of_a_secret(entity: str, value: str) -> None:
    preview = redact(entity, value)
    assert preview == redact_with_operators(entity, value)
    assert preview.endswith("********")
    assert preview in ("********", "$2b$********")


@pytest.mark.parametrize(
    ("value", "ok"),
    [("Azerty123", True), (" pass word ", True), ("NULL", False), ("None", False), ("-", False),
     ("*****", False), ("xxxx", False), ("a\tb", False), ("a" * 128, True), ("a" * 129, False), ("", False)],
)  # fmt: skip
def test_password_rule(value: str, ok: bool) -> None:
    assert password.is_valid(value) is ok
    if not ok:
        with pytest.raises(ValidationError) as err:
            password.validate(value)
        assert value.strip() not in str(err.value) or not value.strip()


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("$2y$10$stXno0QAmew1uuimJ.MX4etn4O/hljOEiKdbwA/sbpLoZHlVkzCxA", "bcrypt"),
        ("$argon2i$v=19$m=4096,t=3,p=1$tadIP4kTYb3IbZ3x$W0VBjAwnV62MfaIrSoeEMUObJv0UFvPxyDBEn9ZX6eI", "argon2"),
        ("$argon2d$m=4096,t=3,p=1$tadIP4kTYb3IbZ3x$W0VBjAwnV62MfaIrSoeEMUObJv0UFvPxyDBEn9ZX6eI", "argon2"),
        ("$scrypt$ln=16,r=8,p=1$905bYWeUPGHkze8inDpvaQ$nGqT3/Iwun1evpVNBavBS5FBIVsSO4/VLWLi49AWWVg", "scrypt"),
        ("$pbkdf2-sha256$29000$I5JOl3wrncRvxvAJ.neA0U$HPoMe/j6uqyQoqJktK5yinrbrRLSaFb3.MI64Lebcia", "pbkdf2"),
        ("$5$rounds=5000$gngDE359dd5ivszD$xCIdoQ4M29.KnSxIqufBEuc/lwl64GBf1DIOLDQ80gy", "sha256crypt"),
        ("D43134CB1CE397F6BCEB0059EDFFA36BB6FDCEE5", "sha1"),
        ("$2y$10$stXno0QAmew1uuimJ.MX4etn4O/hljOEiKdbwA/sbpLoZHlVkzCx", None),
        ("$argon2id$m=4096,t=3$tadIP4kTYb3IbZ3x$W0VBjAwnV62MfaIrSoeEMUObJv0UFvPxyDBEn9ZX6eI", None),
        ("pbkdf2_sha384$1$abc$" + "A" * 43, None),
        ("$5$rounds=5000$gngDE359dd5ivszDx$xCIdoQ4M29.KnSxIqufBEuc/lwl64GBf1DIOLDQ80gy", None),
        ("g" * 32, None),
    ],
)
def test_hash_syntax(value: str, scheme: str | None) -> None:
    assert pwhash.scheme(value) == scheme
    assert pwhash.is_valid(value) is (scheme is not None)


def test_generated_values_have_their_entity_shape() -> None:
    """The benchmark's generator (which imports nothing from piiscan) writes what the validators accept."""
    gen = EntityValues(seed=3)
    assert all(licence.is_valid(gen.licence()) for _ in range(300))
    assert all(pwhash.is_valid(gen.password_hash()) for _ in range(300))
    assert all(password.is_valid(gen.password()) for _ in range(300))
    assert all(address.is_valid(gen.street_address()) for _ in range(300))
    assert all(address.is_valid(gen.text_address()) for _ in range(300))
    assert not any(address.is_valid(gen.commune()) or password.is_valid(gen.placeholder()) for _ in range(100))
