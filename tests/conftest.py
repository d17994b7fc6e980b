"""Shared fixtures.

`warm_cli`: the first piiscan process after a kernel changes compiles every numba kernel (tens of seconds on
the 2-core machine); later processes load them from the on-disk cache in well under a second.  Tests that
time or measure child processes depend on this fixture so that compile time and compile memory are paid
once, here, and not attributed to the first hostile input that happens to run.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from clirunner import run_cli
from hypothesis import settings

# CI runs the same examples every time (a red build must be reproducible, and a green one must not turn red
# by luck); `pytest --hypothesis-profile=explore` searches new inputs with many more examples.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("explore", max_examples=2000, print_blob=True, deadline=None)
settings.load_profile(os.environ.get("PIISCAN_HYPOTHESIS_PROFILE", "ci"))

WARM_CSV = "nom;prenom;nir;email\nDupont;Jean;185057800604830;jean.dupont@exemple.fr\n"


@pytest.fixture(scope="session")
def warm_cli(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scan one tiny file of every format and encoding once, so every kernel is compiled and cached."""
    root = tmp_path_factory.mktemp("warm")
    data = root / "data"
    data.mkdir()
    (data / "a.csv").write_text(WARM_CSV, encoding="utf-8")
    (data / "b.csv").write_bytes(WARM_CSV.replace("Jean", "Hélène").encode("cp1252"))
    (data / "c.csv").write_bytes(codecs.BOM_UTF16_LE + WARM_CSV.encode("utf-16-le"))
    (data / "d.jsonl").write_text('{"nom": "Dupont", "email": "jean.dupont@exemple.fr"}\n', encoding="utf-8")
    (data / "e.json").write_text('[{"nom": "Dupont", "nir": "185057800604830"}]', encoding="utf-8")
    (data / "f.sql").write_text(
        "CREATE TABLE t (nom varchar(9), email varchar(99));\n"
        "INSERT INTO t (nom, email) VALUES ('Dupont', 'jean.dupont@exemple.fr');\n",
        encoding="utf-8",
    )
    (data / "g.txt").write_text("M. Dupont, passeport 12AB34567, jean.dupont@exemple.fr\n", encoding="utf-8")
    result = run_cli(
        [data, "--findings", root / "f.jsonl", "--html", root / "r.html"], outdir=root / "out", timeout=900
    )
    assert result.code == 0, result.stderr
    assert result.report["summary"]["findings"] > 0
    return root
