"""Mail as a container (`piiscan.source.mail` through `iter_inputs`): headers as JSON fields, decoded
bodies, attachments as inputs of their own, mailboxes split one message at a time."""

from __future__ import annotations

import gzip
import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.source import mail as mail_module
from piiscan.source.inputs import Input, Skipped, iter_inputs

CSV = "nom;prenom;email\nDurand;Zoé;zoe.durand@exemple.fr\n".encode()


def message(n: int = 0, *, attach: bytes | None = CSV) -> EmailMessage:
    m = EmailMessage()
    m["From"] = f"Jean Dupont{n} <jean{n}@exemple.fr>"
    m["To"] = "Élodie Martin <elodie@exemple.fr>, paul@exemple.fr"
    m["Subject"] = "Dossier de Mme Hélène Martin"
    m.set_content("Bonjour,\nFrom the start: appelez le 06 12 34 56 78.\nCordialement\n", cte="quoted-printable")
    m.add_alternative("<p>Bonjour, appelez le 06 12 34 56 78</p>", subtype="html")
    if attach is not None:
        m.add_attachment(attach, maintype="text", subtype="csv", filename="clients.csv")
    return m


def walk(path: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for item in iter_inputs([str(path)]):
        rel = item.name[len(str(path.parent)) + 1 :]
        if isinstance(item, Skipped):
            out[rel] = item.reason
        else:
            with item.open() as s:
                out[rel] = s.read()
    return out


def test_eml_headers_body_and_attachment(tmp_path: Path) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(bytes(message()))
    got = walk(path)
    assert list(got) == ["m.eml![headers]", "m.eml![body]", "m.eml!clients.csv"]
    headers = json.loads(got["m.eml![headers]"])
    assert headers["from"] == [{"name": "Jean Dupont0", "email": "jean0@exemple.fr"}]
    assert headers["to"][0] == {"name": "Élodie Martin", "email": "elodie@exemple.fr"}  # RFC 2047 decoded
    assert headers["subject"] == "Dossier de Mme Hélène Martin"
    body = got["m.eml![body]"]
    assert isinstance(body, bytes) and b"06 12 34 56 78" in body and b"=" not in body  # QP decoded, plain only
    assert got["m.eml!clients.csv"] == CSV  # base64 decoded, exact bytes


def test_charset_body_and_html_only(tmp_path: Path) -> None:
    raw = (
        b"From: a@exemple.fr\nTo: b@exemple.fr\nSubject: =?iso-8859-1?q?H=E9l=E8ne?=\nMIME-Version: 1.0\n"
        b"Content-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n"
        + __import__("base64").encodebytes("<b>Hélène</b> née le 01/02/1990".encode("latin-1"))
    )
    (tmp_path / "h.eml").write_bytes(raw)
    got = walk(tmp_path / "h.eml")
    assert got["h.eml![body.html]"] == "<b>Hélène</b> née le 01/02/1990".encode()
    assert json.loads(got["h.eml![headers]"])["subject"] == "Hélène"


def test_mbox_messages_and_nested_message(tmp_path: Path) -> None:
    outer = message(9, attach=None)
    outer.add_attachment(message(1))  # message/rfc822 attached: read as the e-mail it is
    box = mailbox.mbox(tmp_path / "box.mbox")
    for m in (message(0), outer):
        box.add(m)
    box.flush()
    box.close()
    data = (tmp_path / "box.mbox").read_bytes()
    assert b"\n>From the start" in data  # mboxo escaping of a body line
    (tmp_path / "box.mbox.gz").write_bytes(gzip.compress(data))
    (tmp_path / "box.mbox").unlink()
    got = walk(tmp_path / "box.mbox.gz")
    assert list(got) == [
        "box.mbox.gz!0/[headers]",
        "box.mbox.gz!0/[body]",
        "box.mbox.gz!0/clients.csv",
        "box.mbox.gz!1/[headers]",
        "box.mbox.gz!1/[body]",
        "box.mbox.gz!1/part-1.eml![headers]",
        "box.mbox.gz!1/part-1.eml![body]",
        "box.mbox.gz!1/part-1.eml!clients.csv",
    ]
    assert b"\nFrom the start" in got["box.mbox.gz!0/[body]"]  # unescaped
    assert json.loads(got["box.mbox.gz!1/[headers]"])["from"][0]["email"] == "jean9@exemple.fr"
    assert got["box.mbox.gz!1/part-1.eml!clients.csv"] == CSV
    items = list(iter_inputs([str(tmp_path / "box.mbox.gz")]))
    assert {i.compression for i in items if isinstance(i, Input)} == {"gzip+mbox", "gzip+mbox+eml"}


def test_oversized_message_and_too_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail_module, "MAX_MESSAGE_BYTES", 2000)
    box = mailbox.mbox(tmp_path / "b.mbox")
    box.add(message(0, attach=None))
    box.add(message(1, attach=CSV * 100))
    box.add(message(2, attach=None))
    box.flush()
    box.close()
    got = walk(tmp_path / "b.mbox")
    assert got["b.mbox!1"] == "oversized-message"
    assert "b.mbox!2/[headers]" in got and "b.mbox!0/[body]" in got
    (tmp_path / "b.mbox").rename(tmp_path / "c.mbox")
    from piiscan.source.limits import Limits

    items = list(iter_inputs([str(tmp_path / "c.mbox")], limits=Limits(max_members=2)))
    assert [i.reason for i in items if isinstance(i, Skipped)] == ["oversized-message", "too-many-members"]


def test_attachment_names_are_made_safe_and_unique(tmp_path: Path) -> None:
    m = message(0, attach=None)
    m.add_attachment(CSV, maintype="text", subtype="csv", filename="../../x!y.csv")
    m.add_attachment(CSV, maintype="text", subtype="csv", filename="x!y.csv")
    m.add_attachment(b"\x00\x01", maintype="application", subtype="octet-stream")
    (tmp_path / "n.eml").write_bytes(bytes(m))
    got = walk(tmp_path / "n.eml")
    assert [k for k in got if "[" not in k] == ["n.eml!x_y.csv", "n.eml!x_y.csv~2", "n.eml!part-3"]


def test_text_that_only_looks_like_headers_is_not_mail(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"nom: Dupont\nprenom: Jean\nemail: jean@exemple.fr\n")
    assert list(walk(tmp_path / "a.txt")) == ["a.txt"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=0, max_size=12), st.integers(0, 40)), max_size=8))
def test_damaged_messages_never_raise(edits: list[tuple[int, bytes, int]]) -> None:
    """Any mutation of a message is read or ends as a counted skip; the walk itself never raises."""
    import tempfile

    data = bytearray(bytes(message()))
    for at, insert, cut in edits:
        at %= len(data) + 1
        data[at : at + cut] = insert
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.eml"
        path.write_bytes(bytes(data))
        for item in iter_inputs([str(path)]):
            if isinstance(item, Input):
                with item.open() as s:
                    s.read()
