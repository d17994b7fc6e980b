"""Archives and mail through the real command line: planted values recovered per format, exact byte
offsets inside members, and hostile members ending as counted skips (no traceback, nothing written).

One file per container format, each holding a CSV of planted synthetic people (`synth.planted.mixed_rows`); one
CLI run scans them all with `--unsafe-show-values`, and each format must give back at least 98 % of the
planted distinct values of every planted entity and no value that was not planted.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import mailbox
import os
import tarfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

import py7zr
import pytest
import zstandard
from clirunner import assert_clean, run_cli
from planted_people import found_values, planted_values, recovery

from piiscan.errors import EXIT_LIMIT, EXIT_PARTIAL
from synth.planted import mixed_csv, mixed_rows

pytestmark = pytest.mark.usefixtures("warm_cli")

ROWS = 120


def _tar(members: list[tuple[str, bytes]], compress=lambda b: b) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return compress(buf.getvalue())


def _7z(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as z:
        for name, data in members:
            z.writestr(data, name)
    return buf.getvalue()


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def _mail(csv: bytes, sender: dict[str, str]) -> EmailMessage:
    m = EmailMessage()
    m["From"] = f"{sender['prenom']} {sender['nom']} <{sender['email']}>"
    m["To"] = "destinataire@exemple.fr"
    m["Subject"] = "export clients"
    m.set_content(f"Bonjour, le fichier est joint. Contact : {sender['email']}\n", cte="quoted-printable")
    m.add_attachment(csv, maintype="text", subtype="csv", filename="clients.csv")  # base64
    return m


def _header_people(sender: dict[str, str]) -> list[dict[str, str]]:
    """What a message's headers plant besides the CSV: the sender's full display name, the recipient."""
    return [{**sender, "nom": f"{sender['prenom']} {sender['nom']}"}, {**sender, "email": "destinataire@exemple.fr"}]


def _formats(tmp: Path) -> dict[str, tuple[list[dict[str, str]], dict[str, bytes]]]:
    """Write one file per format in `tmp`; return per file its planted rows and, per member, the CSV bytes
    the member decodes to (for the offset check)."""
    out: dict[str, tuple[list[dict[str, str]], dict[str, bytes]]] = {}
    compressors = {
        "a.tar": lambda b: b,
        "a.tar.gz": gzip.compress,
        "a.tar.bz2": bz2.compress,
        "a.tar.xz": lzma.compress,
        "a.tar.zst": lambda b: zstandard.ZstdCompressor().compress(b),
    }
    for seed, (name, compress) in enumerate(compressors.items(), start=100):
        rows = mixed_rows(seed, ROWS)
        csv = mixed_csv(rows)
        long = "export/" + "sous-dossier-" * 10 + "clients.csv"  # a PAX long name
        (tmp / name).write_bytes(_tar([(long, csv)], compress))
        out[name] = (rows, {f"{name}!{long}": csv})
    rows = mixed_rows(200, ROWS)
    csv = mixed_csv(rows, delimiter=",")
    (tmp / "b.7z").write_bytes(_7z([("dir/clients.csv", csv)]))
    out["b.7z"] = (rows, {"b.7z!dir/clients.csv": csv})
    rows = mixed_rows(201, ROWS)
    csv = mixed_csv(rows)
    (tmp / "c.zip").write_bytes(_zip([("inner.tar.gz", _tar([("x.csv", csv)], gzip.compress))]))
    out["c.zip"] = (rows, {"c.zip!inner.tar.gz!x.csv": csv})
    rows = mixed_rows(202, ROWS)
    csv = mixed_csv(rows)
    (tmp / "d.eml").write_bytes(bytes(_mail(csv, rows[0])))
    out["d.eml"] = (rows + _header_people(rows[0]), {"d.eml!clients.csv": csv})
    rows_a, rows_b = mixed_rows(203, ROWS // 2), mixed_rows(204, ROWS // 2)
    box = mailbox.mbox(tmp / "e.mbox")
    box.add(_mail(mixed_csv(rows_a), rows_a[0]))
    box.add(_mail(mixed_csv(rows_b), rows_b[0]))
    box.flush()
    box.close()
    out["e.mbox"] = (
        rows_a + rows_b + _header_people(rows_a[0]) + _header_people(rows_b[0]),
        {"e.mbox!0/clients.csv": mixed_csv(rows_a), "e.mbox!1/clients.csv": mixed_csv(rows_b)},
    )
    return out


def test_planted_values_are_recovered_in_every_container_format(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    formats = _formats(data)
    findings = tmp_path / "out" / "f.jsonl"
    result = run_cli([data, "--findings", findings, "--unsafe-show-values"], outdir=tmp_path / "out")
    assert_clean(result)
    assert result.code == 0, result.stderr
    table = []
    for name, (rows, _) in sorted(formats.items()):
        found = found_values(findings, source_prefix=f"{data}/{name}!")
        for entity, (share, invented) in sorted(recovery(planted_values(rows), found).items()):
            table.append((name, entity, share, invented))
    bad = [row for row in table if row[2] < 0.98 or row[3]]
    assert not bad, bad
    # byte offsets are exact in the decompressed member
    rows_by_source: dict[str, bytes] = {}
    for _, members in formats.values():
        rows_by_source.update({f"{data}/{k}": v for k, v in members.items()})
    checked = 0
    for line in findings.read_text(encoding="utf-8").splitlines():
        f = json.loads(line)
        member = rows_by_source.get(f["source"])
        if member is None:
            continue
        assert member[f["offset"] : f["offset"] + f["length"]].decode("utf-8") == f["value"], f
        checked += 1
    assert checked > ROWS * len(formats) * 5


def test_hostile_archives_end_as_counted_skips(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    csv = b"nom;email\nDupont;jean.dupont@exemple.fr\n"
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name in ("../../evil.csv", "/etc/abs.csv"):
            info = tarfile.TarInfo(name)
            info.size = len(csv)
            tf.addfile(info, io.BytesIO(csv))
        for name, kind in (("sym", tarfile.SYMTYPE), ("hard", tarfile.LNKTYPE), ("dev", tarfile.CHRTYPE)):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = "/etc/passwd" if kind != tarfile.CHRTYPE else ""
            tf.addfile(info)
    (data / "h.tar.gz").write_bytes(buf.getvalue())
    before = sorted(p.name for p in tmp_path.rglob("*"))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    result = run_cli([data], outdir=tmp_path / "out", cwd=cwd)
    assert_clean(result)
    assert result.code == EXIT_PARTIAL
    assert result.skipped == {"link-member": 2, "special-member": 1}
    assert result.report["summary"]["records"] == 2  # the two members named ../ and / are read as names, in memory
    after = sorted(p.name for p in tmp_path.rglob("*") if "out" not in p.parts)
    assert after == sorted([*before, "cwd"]) and not os.listdir(cwd)


def test_seven_zip_bomb_is_refused_before_decompression(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    (data / "bomb.7z").write_bytes(_7z([("zeros.csv", bytes(80 << 20))]))  # 80 MiB of zeros in ~12 KiB
    result = run_cli([data], outdir=tmp_path / "out")
    assert_clean(result)
    assert result.code == EXIT_LIMIT
    assert result.skipped == {"decompression-limit": 1}
    assert "likely a decompression bomb" in result.report["skipped"]["items"][0]["detail"]
    assert result.peak_rss_mb < 600
