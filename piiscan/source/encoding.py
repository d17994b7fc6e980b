"""Text encoding of an input: detection from its first bytes, `--encoding NAME`, binary refusal.

The kernels scan the input's own bytes (a finding's offset counts bytes of the input's encoding), so the
only encodings piiscan accepts are those whose byte offsets it can map: UTF-8 and ASCII-compatible
single-byte code pages are scanned as they are; UTF-16, UTF-32 and single-byte code pages that are not
ASCII-compatible (EBCDIC: cp500, cp037, cp1047...) are transcoded to UTF-8 by the chunker, which maps
positions back (every character is a fixed number of code units).  Multi-byte legacy encodings (Shift
JIS, GB18030...) are refused.  Detection, in order:

1. a byte order mark: UTF-8, UTF-32 LE/BE, UTF-16 LE/BE;
2. UTF-32 without a BOM: three bytes of every four are mostly NUL (Latin text);
3. UTF-16 without a BOM: one byte of each pair is mostly NUL (ASCII and Latin-1 text);
4. strict UTF-8 (a multibyte sequence cut by the end of the head is allowed: the head is a prefix);
5. EBCDIC (read as cp500): few ASCII letters, mostly EBCDIC letters, digits and spaces, and its line ends;
6. cp1252, unless a byte cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) occurs: then latin-1.

Only the head is looked at: a file that is ASCII for its first MiB and cp1252 after that is reported as
UTF-8; the kernels treat invalid UTF-8 bytes as non-matching, so it is still scanned.

>>> detect_encoding("Prénom;Nom\\n".encode("utf-8"))
Encoding(name='utf-8', kind='utf8', bom_len=0)
>>> detect_encoding("Prénom;Nom\\n".encode("cp1252"))
Encoding(name='cp1252', kind='single', bom_len=0)
>>> detect_encoding(b"\\xff\\xfeP\\x00")
Encoding(name='utf-16-le', kind='utf16le', bom_len=2)
>>> resolve_encoding("latin9")
Encoding(name='iso8859-15', kind='single', bom_len=0)
"""

from __future__ import annotations

import codecs
import functools
import warnings
from dataclasses import dataclass

from piiscan.errors import UnsupportedEncodingError

__all__ = [
    "BINARY_CONTROL_SHARE",
    "BINARY_NUL_SHARE",
    "DETECT_BYTES",
    "Encoding",
    "binary_kind",
    "detect_encoding",
    "looks_binary",
    "resolve_encoding",
]

DETECT_BYTES = 1 << 20
"""How much of the head `detect_encoding` looks at (more is ignored)."""

BINARY_NUL_SHARE = 0.10
"""A head (not UTF-16) with more than this share of NUL bytes is binary.  Text dumps sometimes carry a
few NULs (a C string dumped raw, a padded field); one byte in ten is far beyond that."""

BINARY_CONTROL_SHARE = 0.05
"""A head with more than this share of C0 control bytes (other than tab, newlines, form feed, vertical
tab, ESC and SUB) *spread over at least `_BINARY_CONTROL_KINDS` different values* is binary.  Random or
encrypted data has ~10.5 % of them, spread over all 27 values; text using control characters as
delimiters (Hive's ^A, ASCII RS/US) uses only a few different ones, so it is not refused."""

_BINARY_CONTROL_KINDS = 5

_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF32_NUL_SHARE = 0.95  # NULs in the two high byte lanes of a UTF-32 head of Latin text
_UTF32_MIN_UNITS = 4

TRANSCODED_KINDS = {"utf16le": 2, "utf16be": 2, "utf32le": 4, "utf32be": 4, "recoded": 1}
"""Kinds the chunker transcodes to UTF-8, and the bytes of one code unit of each.  `recoded` is a
single-byte code page that is not ASCII-compatible (EBCDIC): its bytes cannot be scanned as they are."""

_ASCII_TEXT = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_UTF16_NUL_SHARE = 0.4  # NULs in one byte lane of a UTF-16 head
_UTF16_OTHER_LANE = 0.05  # most NULs allowed in the other lane
_UTF16_MIN_PAIRS = 4  # below 8 bytes one stray NUL would make ASCII look like UTF-16
_UNSUPPORTED = "piiscan supports UTF-8, UTF-16, UTF-32 and single-byte encodings"

# Bytes that are text in every supported encoding: everything except the C0 controls that text never
# uses.  `bytes.translate(None, _TEXT_BYTES)` leaves the suspicious control bytes.
_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\v\f\r\x1a\x1b")

_MAGIC_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (old Office format)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x04\x22\x4d\x18", "LZ4 stream"),
    (b"PAR1", "Parquet file"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O file"),
    (b"\x00asm", "WebAssembly module"),
)


@dataclass(frozen=True, slots=True)
class Encoding:
    """How an input's bytes are text.

    `name` is a Python codec name (`"utf-8"`, `"cp1252"`, `"utf-16-le"`); `kind` is what the kernels and
    the chunker dispatch on: `"utf8"`, `"single"` (one byte, one character, ASCII-compatible), and the
    transcoded kinds `"utf16le"`, `"utf16be"`, `"utf32le"`, `"utf32be"`, `"recoded"` (a single-byte code
    page that is not ASCII-compatible, such as EBCDIC); `bom_len` is how many bytes at the start are a
    byte order mark (skipped, but counted in offsets).  The names `"utf-16"` and `"utf-32"` (from
    `--encoding`) mean "byte order from the BOM": call `with_bom`.
    """

    name: str
    kind: str
    bom_len: int

    @property
    def transcoded(self) -> bool:
        """Whether the chunker transcodes this encoding to UTF-8 (and maps positions back)."""
        return self.kind in TRANSCODED_KINDS

    @property
    def unit_bytes(self) -> int:
        """Bytes of one code unit: 4 for UTF-32, 2 for UTF-16, 1 otherwise."""
        return TRANSCODED_KINDS.get(self.kind, 1)

    @property
    def surrogate_pairs(self) -> bool:
        """A character beyond U+FFFF takes two code units (UTF-16 only)."""
        return self.kind in ("utf16le", "utf16be")

    def with_bom(self, head: bytes) -> Encoding:
        """This encoding adjusted to the BOM `head` starts with.

        For `--encoding utf-16` the BOM decides the byte order (little-endian without one, as Python and
        Windows do); for an explicit UTF-8 or UTF-16 name a matching BOM is skipped rather than scanned.
        Single-byte encodings are returned unchanged: their users asked for those bytes.

        >>> resolve_encoding("utf-16").with_bom(b"\\xfe\\xff\\x00A")
        Encoding(name='utf-16-be', kind='utf16be', bom_len=2)
        >>> resolve_encoding("utf-16").with_bom(b"A\\x00")
        Encoding(name='utf-16-le', kind='utf16le', bom_len=0)
        """
        if self.kind == "utf8":
            return Encoding("utf-8", "utf8", 3 if head.startswith(codecs.BOM_UTF8) else 0)
        if self.kind in ("utf32le", "utf32be"):
            if self.name == "utf-32" and head.startswith(codecs.BOM_UTF32_BE):
                return Encoding("utf-32-be", "utf32be", 4)
            if self.name == "utf-32":
                return Encoding("utf-32-le", "utf32le", 4 if head.startswith(codecs.BOM_UTF32_LE) else 0)
            bom = codecs.BOM_UTF32_LE if self.kind == "utf32le" else codecs.BOM_UTF32_BE
            return Encoding(self.name, self.kind, 4 if head.startswith(bom) else 0)
        if self.kind in ("utf16le", "utf16be"):
            if self.name == "utf-16" and head.startswith(codecs.BOM_UTF16_BE):
                return Encoding("utf-16-be", "utf16be", 2)
            if self.name == "utf-16":
                return Encoding("utf-16-le", "utf16le", 2 if head.startswith(codecs.BOM_UTF16_LE) else 0)
            bom = codecs.BOM_UTF16_LE if self.kind == "utf16le" else codecs.BOM_UTF16_BE
            return Encoding(self.name, self.kind, 2 if head.startswith(bom) else 0)
        return self

    def decoding_table(self) -> tuple[str, ...]:
        """For a single-byte encoding, the character of each byte 0..255 (U+FFFD where undefined).

        What the fold table of the kernels is built from, so cp1252 `é` folds like UTF-8 `é`.

        >>> Encoding("cp1252", "single", 0).decoding_table()[0xE9]
        'é'
        """
        if self.kind != "single":
            raise ValueError(f"{self.name} is not a single-byte encoding")
        return _decoding_table(self.name)


def detect_encoding(head: bytes) -> Encoding:
    """The encoding of an input from its first bytes (up to `DETECT_BYTES` are used); see the module doc.

    Never raises: pure ASCII and the empty head are UTF-8.
    """
    head = bytes(head[:DETECT_BYTES])
    if head.startswith(codecs.BOM_UTF32_LE):
        # FF FE 00 00 could also be UTF-16 LE starting with U+0000; a dump does not start with NUL.
        return Encoding("utf-32-le", "utf32le", 4)
    if head.startswith(codecs.BOM_UTF32_BE):
        return Encoding("utf-32-be", "utf32be", 4)
    if head.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8", "utf8", 3)
    if head.startswith(codecs.BOM_UTF16_LE):
        return Encoding("utf-16-le", "utf16le", 2)
    if head.startswith(codecs.BOM_UTF16_BE):
        return Encoding("utf-16-be", "utf16be", 2)
    wide = (_utf32_without_bom(head) or _utf16_without_bom(head)) if b"\x00" in head else None
    if wide is not None:
        return wide
    if head.isascii():
        return Encoding("utf-8", "utf8", 0)
    if _is_utf8_prefix(head):
        return Encoding("utf-8", "utf8", 0)
    if _looks_ebcdic(head):
        return Encoding("cp500", "recoded", 0)
    if any(b in head for b in _CP1252_UNDEFINED):
        return Encoding("iso-8859-1", "single", 0)
    return Encoding("cp1252", "single", 0)


_EBCDIC_TEXT = bytes(
    [0x40, *range(0x81, 0x8A), *range(0x91, 0x9A), *range(0xA2, 0xAA), *range(0xC1, 0xCA), *range(0xD1, 0xDA),
     *range(0xE2, 0xEA), *range(0xF0, 0xFA)]
)  # fmt: skip
"""Space, letters and digits in every EBCDIC code page."""
_ASCII_LETTERS = bytes([*range(0x41, 0x5B), *range(0x61, 0x7B)])
_EBCDIC_MIN_BYTES = 64


def _looks_ebcdic(head: bytes) -> bool:
    """An EBCDIC text head (a mainframe export): its letters, digits and spaces are EBCDIC's, almost none
    of its bytes are ASCII letters, and it has EBCDIC line ends (LF 0x25 or NL 0x15).  Latin-1 or cp1252
    text is mostly ASCII letters, and random data has a quarter of these bytes only.  The code page is
    read as cp500 (its letters, digits and usual punctuation are those of cp037, cp1047...); `--encoding`
    names another."""
    if len(head) < _EBCDIC_MIN_BYTES or (b"\x25" not in head and b"\x15" not in head):
        return False
    letters = len(head) - len(head.translate(None, _ASCII_LETTERS))
    text = len(head) - len(head.translate(None, _EBCDIC_TEXT))
    return letters < 0.15 * len(head) and text >= 0.6 * len(head)


def _utf32_without_bom(head: bytes) -> Encoding | None:
    """UTF-32 LE/BE if, in every four bytes, the two high ones are almost always NUL and the lowest is not."""
    units = len(head) // 4
    if units < _UTF32_MIN_UNITS:
        return None
    lanes = [head[k : 4 * units : 4].count(0) / units for k in range(4)]
    if lanes[2] >= _UTF32_NUL_SHARE and lanes[3] >= _UTF32_NUL_SHARE and lanes[0] <= _UTF16_OTHER_LANE:
        enc = Encoding("utf-32-le", "utf32le", 0)
    elif lanes[0] >= _UTF32_NUL_SHARE and lanes[1] >= _UTF32_NUL_SHARE and lanes[3] <= _UTF16_OTHER_LANE:
        enc = Encoding("utf-32-be", "utf32be", 0)
    else:
        return None
    # binary data of small 32-bit integers has the same NUL lanes: text must decode to printable characters
    text = head[: 4 * units].decode(enc.name, errors="replace")
    printable = sum(ch.isprintable() or ch in "\t\n\r" for ch in text)
    return enc if printable >= 0.95 * len(text) else None


def _utf16_without_bom(head: bytes) -> Encoding | None:
    """UTF-16 LE/BE if one byte lane is mostly NUL and the other almost never (Latin text in UTF-16)."""
    pairs = len(head) // 2
    if pairs < _UTF16_MIN_PAIRS:
        return None
    even = head[0 : 2 * pairs : 2].count(0) / pairs
    odd = head[1 : 2 * pairs : 2].count(0) / pairs
    if odd >= _UTF16_NUL_SHARE and even <= _UTF16_OTHER_LANE:
        return Encoding("utf-16-le", "utf16le", 0)
    if even >= _UTF16_NUL_SHARE and odd <= _UTF16_OTHER_LANE:
        return Encoding("utf-16-be", "utf16be", 0)
    return None


def _is_utf8_prefix(head: bytes) -> bool:
    """Strict UTF-8, except that the last sequence may be cut by the end of the head."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # "unexpected end of data" is CPython's reason for a valid but incomplete last sequence.
        return exc.end == len(head) and exc.reason == "unexpected end of data" and len(head) - exc.start < 4
    return True


def resolve_encoding(name: str) -> Encoding:
    """The `Encoding` for `--encoding NAME`: any Python codec name or alias piiscan can map offsets for.

    UTF-8 (and utf-8-sig), UTF-16 and UTF-32 (plain `utf-16`/`utf-32`: byte order from the BOM, see
    `Encoding.with_bom`), and single-byte codecs (cp1252, latin-9, mac-roman, koi8-r, ascii...; EBCDIC
    code pages such as cp500 and cp037 are `recoded`: transcoded, not scanned as they are).  Anything else raises
    `UnsupportedEncodingError`; the name is the user's own text, so it may be quoted in the message.
    `"auto"` is the caller's to handle (it is not a codec).
    """
    try:
        canonical = codecs.lookup(name).name
        b"".decode(canonical)  # rejects non-text codecs: base64, rot13, zlib...
    except (LookupError, TypeError, ValueError):
        raise UnsupportedEncodingError(f"unsupported encoding {name!r}: {_UNSUPPORTED}") from None
    if canonical in ("utf-8", "utf-8-sig"):
        return Encoding("utf-8", "utf8", 0)
    if canonical == "utf-16":
        return Encoding("utf-16", "utf16le", 0)
    if canonical == "utf-16-le":
        return Encoding("utf-16-le", "utf16le", 0)
    if canonical == "utf-16-be":
        return Encoding("utf-16-be", "utf16be", 0)
    if canonical in ("utf-32", "utf-32-le", "utf-32-be"):
        return Encoding(canonical, "utf32be" if canonical == "utf-32-be" else "utf32le", 0)
    if _is_single_byte(canonical):
        return Encoding(canonical, "single" if _ascii_compatible(canonical) else "recoded", 0)
    raise UnsupportedEncodingError(f"unsupported encoding {name!r}: {_UNSUPPORTED}")


# Byte strings a multi-byte or stateful codec decodes to fewer characters than bytes (iso-2022 escapes,
# HZ, UTF-7, backslash escapes); every single-byte codec decodes them one character per byte.
_MULTIBYTE_PROBES = (b"\x1b$B0!\x1b(B", b"~{0!~}", b"+AGEAYgBj-", b"\\u0041\\x41", b"xn--e-9ja")


@functools.lru_cache(maxsize=64)
def _is_single_byte(codec: str) -> bool:
    """Every byte decodes alone to one character and no byte sequence combines (checked, not listed)."""
    try:
        with warnings.catch_warnings():  # unicode_escape warns about the escapes it is probed with
            warnings.simplefilter("ignore")
            if any(len(p.decode(codec, errors="replace")) != len(p) for p in _MULTIBYTE_PROBES):
                return False
            singles = [bytes([b]).decode(codec, errors="replace") for b in range(256)]
            if any(len(s) != 1 for s in singles):
                return False
            return bytes(range(256)).decode(codec, errors="replace") == "".join(singles)
    except Exception:  # codecs such as idna refuse `errors="replace"` or raise their own errors
        return False


@functools.lru_cache(maxsize=64)
def _ascii_compatible(codec: str) -> bool:
    """Printable ASCII, tab and line ends are the same bytes (the structure kernels look for `;`, `"`, LF)."""
    return _ASCII_TEXT.decode(codec, errors="replace") == _ASCII_TEXT.decode("ascii")


@functools.lru_cache(maxsize=64)
def _decoding_table(codec: str) -> tuple[str, ...]:
    return tuple(bytes([b]).decode(codec, errors="replace") for b in range(256))


def binary_kind(head: bytes, *, encoding: Encoding | None = None) -> str | None:
    """What a head that is not text looks like ("PNG image", "binary data"), or None for text.

    Known file signatures first, then the control-byte shares documented on `BINARY_NUL_SHARE` and
    `BINARY_CONTROL_SHARE`.  A UTF-16 head (BOM or NUL lanes) is text.  Never raises.  `encoding` is
    `detect_encoding(head)` when the caller has it already (the scanner does: not detected twice a file).
    """
    head = bytes(head[:DETECT_BYTES])
    for magic, kind in _MAGIC_KINDS:
        if head.startswith(magic):
            return kind
    if not head:
        return None
    if (encoding if encoding is not None else detect_encoding(head)).transcoded:
        return None
    if head.count(0) > BINARY_NUL_SHARE * len(head):
        return "binary data"
    controls = head.translate(None, _TEXT_BYTES)
    if len(controls) > BINARY_CONTROL_SHARE * len(head) and len(set(controls)) >= _BINARY_CONTROL_KINDS:
        return "binary data"
    return None


def looks_binary(head: bytes, *, encoding: Encoding | None = None) -> bool:
    """Whether an input is binary junk rather than text, from its head (see `binary_kind`).

    >>> looks_binary(b"nom;prenom\\nDupont;Jean\\n")
    False
    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n")
    True
    """
    return binary_kind(head, encoding=encoding) is not None
