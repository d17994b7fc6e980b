"""Safety limits for opening hostile inputs.

Leaked dumps arrive as whatever the leaker packed: truncated archives, nested zips, and sometimes a
decompression bomb planted on purpose.  Every limit here is enforced while streaming (nothing is
decompressed ahead of the scan) and every message that reports a breach names the command-line flag that
raises the limit, so a user with a genuine 300 GiB dump knows what to type next.

>>> Limits().max_ratio
1000.0
>>> Limits(max_depth=5).max_depth
5
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GiB", "KiB", "Limits", "MiB", "format_size"]

KiB = 1 << 10
MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """The limits applied to one scan; one frozen value is shared by every input.

    Every field is keyword-only so a call site reads as the flag it comes from.
    """

    max_ratio: float = 1000.0
    """Largest decompressed/compressed size ratio (`--max-ratio`).

    Only checked once the decompressed output of one stream exceeds `ratio_grace_bytes`, so a small file
    made of one repeated byte is not mistaken for a bomb.  For a zip archive the sizes its members
    declare are checked against the archive's size before any member is read.  Ordinary dumps compress
    3-20x; deflate cannot exceed ~1030x, so 1000 is only reached by runs of one byte or by a bomb.
    """

    ratio_grace_bytes: int = 64 * MiB
    """Decompressed bytes allowed before `max_ratio` is enforced (not a flag: tests lower it)."""

    max_bytes: int = 256 * GiB
    """Largest decompressed size of one input, whatever its ratio (`--max-bytes`).

    A bomb built from layers that each stay under `max_ratio` still stops here.
    """

    max_members: int = 100_000
    """Most entries one archive may hold (`--max-members`).

    Checked from the archive's end record before its central directory is parsed, because the parsed
    directory itself is what would exhaust memory.
    """

    max_depth: int = 3
    """Most containers nested around one input (`--max-depth`).

    Every layer counts, archive or compressed stream: `dump.csv.gz` is 1 deep, `a.zip!dump.csv` is 1,
    `a.zip!b.zip!dump.csv.gz` is 3; a compressed tar is one container (`a.tar.gz!b.tar.xz!c.csv` is 2),
    and so is a mail message (`box.mbox!3/a.zip!c.csv` is 2).  This bounds recursive bombs such as 42.zip.
    """

    def __post_init__(self) -> None:
        """Reject values that would disable a limit by accident (0, negative, NaN)."""
        if not self.max_ratio > 0:
            raise ValueError(f"max_ratio must be > 0, got {self.max_ratio!r}")
        for field in ("ratio_grace_bytes", "max_bytes", "max_members", "max_depth"):
            value = getattr(self, field)
            if not isinstance(value, int) or value < (0 if field == "ratio_grace_bytes" else 1):
                raise ValueError(f"{field} must be a positive integer, got {value!r}")


def format_size(n: int) -> str:
    """A byte count for a message: exact bytes when small, else binary units (`256 GiB`, `1.5 MiB`).

    >>> format_size(512)
    '512 bytes'
    >>> format_size(256 * GiB)
    '256 GiB'
    >>> format_size(3 * MiB // 2)
    '1.5 MiB'
    """
    if n < KiB:
        return f"{n} bytes"
    for unit, scale in (("TiB", 1 << 40), ("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")  # pragma: no cover
