"""Encoding detection, `--encoding NAME` resolution and binary refusal."""

from __future__ import annotations

import codecs
import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.errors import UnsupportedEncodingError
from piiscan.source.encoding import (
    DETECT_BYTES,
    Encoding,
    binary_kind,
    detect_encoding,
    looks_binary,
    resolve_encoding,
)

CANARY = "CANARY-Zoé-1985-4242"
FRENCH = (
    "nom;prénom;date de naissance;nationalité;ville\n"
    "Lefèvre;Anaïs;12/03/1985;française;Besançon\n"
    "Œuvray;Zoé;01/08/1990;ivoirienne;Saint-Étienne\n"
    f"Dupont;Jean;03/12/1970;{CANARY};Nîmes\n"
)


# --------------------------------------------------------------------------------------------------
# detection


@pytest.mark.parametrize(
    ("bom", "name", "kind", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf16le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf16be", "utf-16-be"),
    ],
)
def test_boms(bom: bytes, name: str, kind: str, codec: str) -> None:
    head = bom + FRENCH.encode(codec)
    enc = detect_encoding(head)
    assert enc == Encoding(name, kind, len(bom))
    assert head[enc.bom_len :].decode(enc.name) == FRENCH


@pytest.mark.parametrize("bom", [codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, b""])
@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_is_detected_with_or_without_bom(bom: bytes, codec: str) -> None:
    if bom and (bom == codecs.BOM_UTF32_LE) != (codec == "utf-32-le"):
        return
    head = bom + FRENCH.encode(codec)
    enc = detect_encoding(head)
    assert enc == Encoding(codec, codec.replace("-", "")[:5] + codec[-2:], len(bom))
    assert enc.transcoded and enc.unit_bytes == 4
    assert head[enc.bom_len :].decode(enc.name) == FRENCH


def test_small_int32_binary_is_not_utf32() -> None:
    import numpy as np

    data = np.arange(2000, dtype="<i4").tobytes()
    assert looks_binary(data)


@pytest.mark.parametrize("name", ["cp500", "cp037", "cp1140", "cp1026"])
def test_ebcdic_code_pages_are_recoded_not_scanned_as_bytes(name: str) -> None:
    enc = resolve_encoding(name)
    assert enc.kind == "recoded" and enc.transcoded and enc.unit_bytes == 1
    assert resolve_encoding("cp1252").kind == "single" and not resolve_encoding("cp1252").transcoded


@pytest.mark.parametrize(("codec", "kind"), [("utf-16-le", "utf16le"), ("utf-16-be", "utf16be")])
def test_utf16_without_bom(codec: str, kind: str) -> None:
    assert detect_encoding(FRENCH.encode(codec)) == Encoding(codec, kind, 0)
    # Truncated to an odd length (a cut dump) still works.
    assert detect_encoding(FRENCH.encode(codec)[:-1]).kind == kind


def test_utf8_cp1252_latin1() -> None:
    assert detect_encoding(FRENCH.encode("utf-8")) == Encoding("utf-8", "utf8", 0)
    assert detect_encoding(FRENCH.encode("cp1252")) == Encoding("cp1252", "single", 0)
    assert detect_encoding("prix: 5 €; “guillemets”".encode("cp1252")).name == "cp1252"
    # 0x81/0x8D/0x8F/0x90/0x9D are undefined in cp1252: a latin-1 file (or C1 control) then.
    for undefined in (0x81, 0x8D, 0x8F, 0x90, 0x9D):
        head = FRENCH.replace("Œ", "O").encode("latin-1") + bytes([undefined])
        assert detect_encoding(head) == Encoding("iso-8859-1", "single", 0)


def test_ascii_and_empty_are_utf8() -> None:
    assert detect_encoding(b"") == Encoding("utf-8", "utf8", 0)
    assert detect_encoding(b"a;b\r\n1;2\r\n") == Encoding("utf-8", "utf8", 0)
    assert detect_encoding(b"a;b\x00\n") == Encoding("utf-8", "utf8", 0)  # one NUL is not UTF-16


@pytest.mark.parametrize("char", ["é", "€", "𝄞"])
def test_multibyte_char_cut_at_end_of_head(char: str) -> None:
    encoded = ("x;" * 50 + char).encode("utf-8")
    for cut in range(1, len(char.encode("utf-8"))):
        assert detect_encoding(encoded[:-cut]).name == "utf-8"


def test_invalid_utf8_in_middle_is_not_utf8() -> None:
    head = "é".encode() + b"\xe9;" + "é".encode()
    assert detect_encoding(head).kind == "single"
    # An incomplete sequence followed by more bytes is invalid, not "cut".
    assert detect_encoding(b"abc\xe2\x82abc").kind == "single"


def test_only_the_first_mib_is_examined() -> None:
    head = b"a" * DETECT_BYTES + "é".encode("cp1252")
    assert detect_encoding(head).name == "utf-8"


# --------------------------------------------------------------------------------------------------
# --encoding NAME


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("utf8", Encoding("utf-8", "utf8", 0)),
        ("UTF-8-SIG", Encoding("utf-8", "utf8", 0)),
        ("UTF-16LE", Encoding("utf-16-le", "utf16le", 0)),
        ("utf_16_be", Encoding("utf-16-be", "utf16be", 0)),
        ("latin1", Encoding("iso8859-1", "single", 0)),
        ("ISO-8859-15", Encoding("iso8859-15", "single", 0)),
        ("windows-1252", Encoding("cp1252", "single", 0)),
        ("macroman", Encoding("mac-roman", "single", 0)),
        ("cp850", Encoding("cp850", "single", 0)),
        ("ascii", Encoding("ascii", "single", 0)),
    ],
)
def test_resolve_supported(name: str, expected: Encoding) -> None:
    assert resolve_encoding(name) == expected


def test_plain_utf16_takes_byte_order_from_bom() -> None:
    enc = resolve_encoding("utf-16")
    assert enc.with_bom(codecs.BOM_UTF16_BE + "a".encode("utf-16-be")) == Encoding("utf-16-be", "utf16be", 2)
    assert enc.with_bom(codecs.BOM_UTF16_LE + "a".encode("utf-16-le")) == Encoding("utf-16-le", "utf16le", 2)
    assert enc.with_bom("a".encode("utf-16-le")) == Encoding("utf-16-le", "utf16le", 0)  # default LE


def test_with_bom_skips_matching_bom_only() -> None:
    assert resolve_encoding("utf-8").with_bom(codecs.BOM_UTF8 + b"a") == Encoding("utf-8", "utf8", 3)
    assert resolve_encoding("utf-16-le").with_bom(codecs.BOM_UTF16_LE) == Encoding("utf-16-le", "utf16le", 2)
    assert resolve_encoding("utf-16-le").with_bom(codecs.BOM_UTF16_BE).bom_len == 0
    cp1252 = resolve_encoding("cp1252")
    assert cp1252.with_bom(codecs.BOM_UTF8) is cp1252


@pytest.mark.parametrize(
    "name",
    [
        "klingon",
        "auto",
        "",
        "shift_jis",
        "gb18030",
        "big5",
        "euc-kr",
        "utf-7",
        "iso2022_jp",
        "hz",
        "base64",
        "rot13",
        "hex",
        "idna",
        "punycode",
        "unicode_escape",
        "raw_unicode_escape",
    ],
)
def test_resolve_unsupported(name: str) -> None:
    with pytest.raises(UnsupportedEncodingError) as info:
        resolve_encoding(name)
    message = str(info.value)
    assert message == (
        f"unsupported encoding {name!r}: piiscan supports UTF-8, UTF-16, UTF-32 and single-byte encodings"
    )
    assert info.value.exit_code == 5


def test_decoding_table() -> None:
    table = Encoding("cp1252", "single", 0).decoding_table()
    assert len(table) == 256 and table[0x80] == "€" and table[0x81] == "\ufffd" and table[0x41] == "A"
    assert resolve_encoding("latin9").decoding_table()[0xA4] == "€"
    with pytest.raises(ValueError, match="single-byte"):
        Encoding("utf-8", "utf8", 0).decoding_table()


# --------------------------------------------------------------------------------------------------
# binary junk


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "ELF executable"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"SQLite format 3\x00" + bytes(100), "SQLite database"),
    ],
)
def test_known_binary_magic(head: bytes, kind: str) -> None:
    assert binary_kind(head) == kind
    assert looks_binary(head)


def test_random_bytes_are_binary() -> None:
    rng = random.Random(7)
    assert looks_binary(rng.randbytes(65536))
    assert looks_binary(os.urandom(4096))


def test_nul_heavy_is_binary() -> None:
    assert looks_binary(b"abc\x00\x00\x00\x00\x00" * 1000)


def test_text_with_a_few_nuls_or_delimiters_is_text() -> None:
    dump = FRENCH.encode("utf-8") * 100
    assert not looks_binary(dump)
    assert not looks_binary(dump[:3000] + b"\x00" * 20 + dump[3000:])  # a few NULs: still a dump
    assert not looks_binary(FRENCH.replace(";", "\x01").encode() * 100)  # Hive's ^A delimiter
    assert not looks_binary(FRENCH.encode("cp1252") * 100)
    assert not looks_binary(FRENCH.encode("utf-16-le") * 100)  # NUL lanes of UTF-16 are text
    assert not looks_binary(codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"))
    assert not looks_binary(b"")


# --------------------------------------------------------------------------------------------------
# properties


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_detect_and_binary_never_raise_on_arbitrary_bytes(head: bytes) -> None:
    looks_binary(head)
    enc = detect_encoding(head)
    assert enc.kind in ("utf8", "single", "utf16le", "utf16be", "utf32le", "utf32be", "recoded")
    codecs.lookup(enc.name)
    if enc.kind == "utf8":  # detection claims UTF-8 only for valid UTF-8 (a cut last character aside)
        body = head[enc.bom_len :]
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            assert exc.end == len(body) and len(body) - exc.start < 4
    if enc.kind == "single" and enc.name == "cp1252":
        head.decode("cp1252")  # no undefined byte


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_utf8_text_is_utf8_or_utf16(text: str) -> None:
    enc = detect_encoding(text.encode("utf-8"))
    assert enc.kind in ("utf8", "utf16le", "utf16be")  # NUL-heavy text may look like UTF-16
