"""E-mail addresses: syntax, lengths, the TLD list and its generator."""

from __future__ import annotations

import importlib.resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.validators import _make_tlds, email
from piiscan.validators.exceptions import InvalidComponent, InvalidFormat, InvalidLength

SETTINGS = settings(max_examples=200, deadline=None)
ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-"


def tld_lines() -> list[str]:
    text = importlib.resources.files("piiscan.validators").joinpath("tlds.txt").read_text("utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_tld_file_is_the_generators_output() -> None:
    snapshot = importlib.resources.files("tldextract").joinpath(".tld_set_snapshot").read_text("utf-8")
    committed = importlib.resources.files("piiscan.validators").joinpath("tlds.txt").read_text("utf-8")
    assert _make_tlds.render(snapshot) == committed


def test_tld_file_shape() -> None:
    tlds = tld_lines()
    assert tlds == sorted(set(tlds))
    assert all(t == t.lower() and t.isascii() and "." not in t for t in tlds)
    assert {"fr", "com", "org", "re", "bzh", "paris", "corsica", "xn--p1ai", "xn--fiqs8s"} <= set(tlds)
    assert not {"png", "jpg", "local", "localhost", "invalid", "blogspot"} & set(tlds)
    assert len(tlds) > 1000


labels = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?\Z")
atoms = st.text(alphabet=ATEXT, min_size=1, max_size=12)


@st.composite
def addresses(draw: st.DrawFn) -> str:
    local = ".".join(draw(st.lists(atoms, min_size=1, max_size=3)))
    domain = ".".join([*draw(st.lists(labels, min_size=1, max_size=3)), draw(st.sampled_from(tld_lines()))])
    return local + "@" + domain


@SETTINGS
@given(address=addresses())
def test_generated_addresses_are_valid(address: str) -> None:
    local, _, domain = address.partition("@")
    assert email.validate(address) == address
    assert email.validate(f" {local}@{domain.upper()}\t") == address


@SETTINGS
@given(address=addresses(), data=st.data())
def test_broken_addresses_are_rejected(address: str, data: st.DataObject) -> None:
    local, _, domain = address.partition("@")
    broken = data.draw(
        st.sampled_from(
            [
                f".{local}@{domain}",
                f"{local}.@{domain}",
                f"{local}..x@{domain}",
                f"{local}@{domain}.",
                f"{local}@.{domain}",
                f"{local}@{domain.rsplit('.', 1)[0]}..{domain.rsplit('.', 1)[1]}",
                f"{local}@@{domain}",
                f"{local}@{domain}@{domain}",
                f"{local} x@{domain}",
                f"{local}@{domain.rsplit('.', 1)[1]}",  # a bare TLD
                f"{local}@{domain}.qzxwv",
                f"{local}@-{domain}",
                f"{local}@{domain.replace('.', '-.', 1)}",
                f"{local}@{domain}:25",
                f"{local}",
            ]
        )
    )
    assert email.is_valid(broken) is False


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("x@y", InvalidFormat),
        ("user@localhost", InvalidFormat),
        ("logo@2x.png", InvalidComponent),
        ('"jean dupont"@example.fr', InvalidFormat),
        ("jérôme@example.fr", InvalidFormat),
        ("jean@[192.0.2.1]", InvalidFormat),
        ("a" * 65 + "@example.fr", InvalidLength),
        ("jean@" + "a" * 64 + ".fr", InvalidLength),
        ("jean@" + ".".join(["a" * 60] * 5) + ".fr", InvalidLength),
        ("a" * 64 + "@" + ".".join(["b" * 50] * 4) + ".fr", InvalidLength),  # domain fits, address does not
        ("jean@exa_mple.fr", InvalidFormat),
        ("", InvalidFormat),
    ],
)
def test_rejections(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        email.validate(value)


def test_internationalised_domains() -> None:
    assert email.is_valid("contact@exemple.рф")
    assert email.is_valid("contact@xn--exemple-9ua.xn--p1ai")
    assert email.is_valid("contact@bücher.example.de")
    assert not email.is_valid("contact@exemple.\u0440\u0444\u200b")  # zero-width space in the TLD
    assert email.is_known_tld("ελ") and email.is_known_tld("XN--QXAM")


def test_only_ascii_letters_are_lower_cased() -> None:
    assert email.is_valid("jean@example.KR")
    assert not email.is_valid("jean@example.\u212ar")  # the Kelvin sign lower-cases to 'k' with str.lower
    assert email.compact("Jean@EXAMPLE.FR") == "Jean@example.fr"
