"""What a file is, from its first bytes: archives, mail, table containers, and well-known binary kinds.

One small module shared by the directory walk (which opens archives and mail itself), the scanner (which
routes table containers to their readers) and the messages that name what piiscan cannot read.  Leaks are
routinely misnamed, so extensions are never looked at: only magic numbers and, for the formats without
one (tar's old headers, BSON, mail), a structural check of the head that text cannot pass by accident.

Every `FileKind` has a `route`:

* ``"archive"``: a container of files the walk opens (zip, tar, 7z);
* ``"mail"``: an RFC 5322 message or an mbox mailbox, split by the walk into headers, bodies, attachments;
* ``"table"``: a table container read by a table reader (SQLite, Parquet, Arrow/Feather, BSON, workbooks);
* ``None``: a kind piiscan does not read; the scan skips it naming it (`"PDF document: not supported"`).

>>> identify(b"%PDF-1.7\\n").label
'PDF document'
>>> identify(b"SQLite format 3\\x00" + bytes(84)).route
'table'
>>> identify(b"nom;prenom\\nDupont;Jean\\n") is None
True
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

__all__ = ["HEAD_BYTES", "KINDS", "UNIDENTIFIED", "FileKind", "identify", "is_tar_header", "workbook_kind"]

HEAD_BYTES = 4096
"""Bytes of a head `identify` looks at (a tar header is 512 bytes; a mail header block fits in 4 KiB)."""
UNIDENTIFIED = "unidentified"
"""The `Input.kind` of a stream whose first `HEAD_BYTES` `identify` already found to be no known kind (text,
or data to be judged by the scanner): the walk identifies every file it opens, and the scanner does not
ask again."""


@dataclass(frozen=True, slots=True)
class FileKind:
    """`kind` is a short slug (`"tar"`, `"sqlite"`, `"pdf"`), `label` names it for a person, `route`
    says who reads it (see the module docstring)."""

    kind: str
    label: str
    route: str | None

    @property
    def unsupported(self) -> str:
        """The one-line reason a scan gives when it meets this kind and cannot read it."""
        return f"{self.label}: not supported"


def _k(kind: str, label: str, route: str | None = None) -> FileKind:
    return FileKind(kind, label, route)


ZIP = _k("zip", "zip archive", "archive")
TAR = _k("tar", "tar archive", "archive")
SEVEN_ZIP = _k("7z", "7-Zip archive", "archive")
EML = _k("eml", "e-mail message", "mail")
MBOX = _k("mbox", "mbox mailbox", "mail")
SQLITE = _k("sqlite", "SQLite database", "table")
PARQUET = _k("parquet", "Parquet file", "table")
ARROW = _k("arrow", "Arrow IPC (Feather v2) file", "table")
ARROW_STREAM = _k("arrow-stream", "Arrow IPC stream", "table")
FEATHER = _k("feather", "Feather v1 file", "table")
BSON = _k("bson", "BSON documents (mongodump)", "table")
XLSX = _k("xlsx", "Excel workbook (xlsx/xlsm)", "table")
XLSB = _k("xlsb", "Excel binary workbook (xlsb)", "table")
XLS = _k("xls", "OLE2 document (Excel xls or another old Office file)", "table")
ODS = _k("ods", "OpenDocument spreadsheet (ods)", "table")

KINDS: dict[str, FileKind] = {
    k.kind: k
    for k in (ZIP, TAR, SEVEN_ZIP, EML, MBOX, SQLITE, PARQUET, ARROW, ARROW_STREAM, FEATHER, BSON, XLSX, XLSB, XLS, ODS)
}
"""The kinds piiscan routes, by slug (`Input.kind` carries a slug the walk decided)."""

# Signatures at offset 0, longest first where one is the prefix of another.
_SIGNATURES: tuple[tuple[bytes, FileKind], ...] = (
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),
    (b"PK\x07\x08", ZIP),
    (b"7z\xbc\xaf\x27\x1c", SEVEN_ZIP),
    (b"SQLite format 3\x00", SQLITE),
    (b"PAR1", PARQUET),
    (b"ARROW1", ARROW),
    (b"FEA1", FEATHER),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", XLS),
    (b"%PDF-", _k("pdf", "PDF document")),
    (b"\x89PNG\r\n\x1a\n", _k("png", "PNG image")),
    (b"\xff\xd8\xff", _k("jpeg", "JPEG image")),
    (b"GIF87a", _k("gif", "GIF image")),
    (b"GIF89a", _k("gif", "GIF image")),
    (b"II*\x00", _k("tiff", "TIFF image")),
    (b"MM\x00*", _k("tiff", "TIFF image")),
    (b"BM", None),  # checked below: two letters are too weak alone
    (b"\x7fELF", _k("elf", "ELF executable")),
    (b"MZ", None),  # checked below
    (b"\xca\xfe\xba\xbe", _k("macho", "Java class or Mach-O universal binary")),
    (b"\xcf\xfa\xed\xfe", _k("macho", "Mach-O executable")),
    (b"\x00asm", _k("wasm", "WebAssembly module")),
    (b"Rar!\x1a\x07", _k("rar", "RAR archive")),
    (b"\x04\x22\x4d\x18", _k("lz4", "LZ4 stream")),
    (b"!<arch>\n", _k("ar", "ar archive (.deb, static library)")),
    (b"070701", _k("cpio", "cpio archive")),
    (b"070707", _k("cpio", "cpio archive")),
    (b"\xed\xab\xee\xdb", _k("rpm", "RPM package")),
    (b"MSCF", _k("cab", "Microsoft cabinet archive")),
    (b"PGDMP", _k("pgdump-custom", "PostgreSQL custom-format dump (convert it with pg_restore -f dump.sql)")),
    (b"OggS", _k("ogg", "Ogg media")),
    (b"fLaC", _k("flac", "FLAC audio")),
    (b"ID3", _k("mp3", "MP3 audio")),
    (b"\x1aE\xdf\xa3", _k("mkv", "Matroska/WebM video")),
    (b"wOFF", _k("font", "WOFF font")),
    (b"wOF2", _k("font", "WOFF2 font")),
    (b"-----BEGIN PGP MESSAGE", _k("pgp", "PGP-encrypted message")),
    (b"\x85\x01\x0c\x03", _k("pgp", "PGP-encrypted message")),
    (b"Salted__", _k("openssl", "OpenSSL-encrypted file")),
    (b"age-encryption.org/", _k("age", "age-encrypted file")),
)

_FIRST_BYTES = frozenset(magic[0] for magic, _kind in _SIGNATURES)
"""First bytes of the signatures: a head starting with another byte (text) skips the list."""

_MAIL_HEADERS = frozenset(
    b"from to cc bcc subject date message-id received return-path mime-version delivered-to reply-to "
    b"sender content-type content-transfer-encoding x-mailer user-agent in-reply-to references "
    b"dkim-signature authentication-results x-original-to list-id".split()
)
_MAIL_STRONG = frozenset(
    b"received message-id mime-version return-path delivered-to dkim-signature x-original-to".split()
)
_HEADER_LINE = re.compile(rb"([A-Za-z0-9][A-Za-z0-9_-]{0,75}):[ \t]?")
_MBOX_FROM = re.compile(rb"From \S{1,512} [^\r\n]*\d\d:\d\d[^\r\n]*\r?\n")
_BSON_TYPES = frozenset([*range(0x01, 0x14), 0x7F, 0xFF])


def identify(head: bytes) -> FileKind | None:
    """The kind of a stream from its first bytes (`HEAD_BYTES` are enough), or None for text or
    unidentified data.  Never raises.

    Compressed streams (gzip, bz2, xz, zstd) are not reported here: `decompress.sniff_compression` owns
    them and the walk opens them before this is asked.
    """
    head = bytes(head[:HEAD_BYTES])
    for magic, kind in _SIGNATURES if head[:1] and head[0] in _FIRST_BYTES else ():
        if head.startswith(magic):
            if kind is not None:
                if kind is ZIP:
                    return _zip_document(head)
                return kind
            if magic == b"MZ" and len(head) >= 64:
                pe_at = int.from_bytes(head[60:64], "little")
                if 64 <= pe_at <= len(head) - 4 and head[pe_at : pe_at + 4] == b"PE\x00\x00":
                    return _k("pe", "Windows executable (PE)")
            if magic == b"BM" and len(head) >= 26 and int.from_bytes(head[14:18], "little") in (12, 40, 56, 108, 124):
                return _k("bmp", "BMP image")
    if head[:4] == b"\xff\xff\xff\xff" and len(head) >= 8 and 0 < int.from_bytes(head[4:8], "little") < 1 << 20:
        return ARROW_STREAM
    if head[4:8] == b"ftyp" and head[:2] == b"\x00\x00":
        return _k("mp4", "MP4/QuickTime media")
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return _k("riff", {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[head[8:12]])
    if is_tar_header(head):
        return TAR
    if _is_mbox(head):
        return MBOX
    if _is_eml(head):
        return EML
    if _is_bson(head):
        return BSON
    return None


_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _zip_document(head: bytes) -> FileKind:
    """A zip, or a workbook stored as a zip, from the member names the head shows (every local header in
    it: Office writes `[Content_Types].xml` or `_rels/` first, some writers a sheet first, OpenDocument a
    stored `mimetype` first).  Only a guess for a head seen without its zip: the walk decides a workbook
    from the central directory (`workbook_kind`) and hands that kind on with the input."""
    if head[:4] != b"PK\x03\x04" or len(head) < 30:
        return ZIP
    name_len = int.from_bytes(head[26:28], "little")
    extra_len = int.from_bytes(head[28:30], "little")
    if head[30 : 30 + name_len] == b"mimetype":
        body = head[30 + name_len + extra_len : 30 + name_len + extra_len + 64]
        return ODS if body.startswith(_ODS_MIME) else ZIP
    names = []
    at = 0
    while (at := head.find(b"PK\x03\x04", at)) >= 0 and at + 30 <= len(head):
        name_len = int.from_bytes(head[at + 26 : at + 28], "little")
        names.append(head[at + 30 : at + 30 + name_len])
        at += 4
    if any(n.startswith(b"xl/") and n.endswith(b".bin") for n in names):
        return XLSB
    if any(n.startswith(b"xl/") for n in names):
        return XLSX
    return ZIP


def workbook_kind(zf: zipfile.ZipFile) -> FileKind | None:
    """XLSX (xlsm too), XLSB or ODS when an opened zip is a workbook (its member list, and an ods's
    `mimetype`), None for an archive of files.  The walk asks this of every zip before opening it as
    an archive."""
    names = set(zf.namelist())
    if "xl/workbook.bin" in names:
        return XLSB
    if "xl/workbook.xml" in names:
        return XLSX
    if "mimetype" in names and "content.xml" in names:
        try:
            with zf.open("mimetype") as fh:
                mime = fh.read(len(_ODS_MIME) + 1)
        except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
            return None  # an unreadable or encrypted mimetype: opened as an archive, which says what is wrong
        return ODS if mime.strip() == _ODS_MIME else None
    return None


def is_tar_header(block: bytes) -> bool:
    """Whether 512 bytes are a tar header: the stored checksum (octal, field at 148) equals the sum of the
    header's bytes with the checksum field read as spaces.  Holds for v7, ustar, GNU and PAX headers; text
    cannot match by accident (the field must be octal digits and the sum exact)."""
    if len(block) < 512 or block[:1] == b"\x00":
        return False
    field = block[148:156].replace(b"\x00", b" ").strip()
    if not field or any(c not in b"01234567" for c in field):
        return False
    stored = int(field, 8)
    computed = sum(block[:148]) + 8 * 0x20 + sum(block[156:512])
    return stored == computed


def _header_names(head: bytes) -> list[bytes] | None:
    """The names of the header block that starts `head` (lower case), or None if a line is not a header."""
    names: list[bytes] = []
    for line in head.split(b"\n")[:-1]:
        line = line.rstrip(b"\r")
        if not line:
            return names
        if line[:1] in (b" ", b"\t"):
            if not names:
                return None
            continue
        m = _HEADER_LINE.match(line)
        if m is None:
            return None
        names.append(m.group(1).lower())
    return names  # the block did not end inside the head: judged on what was seen


def _looks_like_mail(names: list[bytes] | None) -> bool:
    if not names:
        return False
    known = {n for n in names if n in _MAIL_HEADERS}
    return len(known) >= 2 and bool(known & (_MAIL_STRONG | {b"from"})) and len(known) * 2 >= len(set(names))


def _is_eml(head: bytes) -> bool:
    """An RFC 5322 message: a header block whose names are mostly mail header names, with at least two of
    them and one that only mail has (or From)."""
    return _looks_like_mail(_header_names(head))


def _is_mbox(head: bytes) -> bool:
    """An mbox: a `From sender date` separator line, then a message's header block."""
    m = _MBOX_FROM.match(head)
    return m is not None and _looks_like_mail(_header_names(head[m.end() :]))


def _is_bson(head: bytes) -> bool:
    """A mongodump `.bson` file: documents back to back, each an int32 length, typed elements with
    NUL-terminated keys, and a final NUL.  The first document must parse as far as the head goes."""
    if len(head) < 8:
        return False
    size = int.from_bytes(head[:4], "little")
    if not 5 <= size <= 16 * (1 << 20) or head[4] not in _BSON_TYPES:
        return False
    key_end = head.find(b"\x00", 5, 5 + 256)
    if key_end < 0:
        return False
    key = head[5:key_end]
    if any(c < 0x20 for c in key):
        return False
    if size <= len(head):
        if head[size - 1] != 0:
            return False
        nxt = head[size : size + 5]
        if len(nxt) >= 5:
            next_size = int.from_bytes(nxt[:4], "little")
            if not 5 <= next_size <= 16 * (1 << 20) or nxt[4] not in _BSON_TYPES:
                return False
    return True
