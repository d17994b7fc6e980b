"""Errors and exit codes.

Every error a user can cause maps to one documented exit code and a one-line message.  Messages name
positions, kinds and limits, never a value read from the input: a dump's content must not leak through
an error message that gets pasted into a ticket.
"""

from __future__ import annotations

__all__ = [
    "EXIT_DATA_ERROR",
    "EXIT_INCOMPATIBLE",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_LIMIT",
    "EXIT_NO_INPUT",
    "EXIT_OK",
    "EXIT_OUTPUT_ERROR",
    "EXIT_PARTIAL",
    "EXIT_UNAVAILABLE",
    "EXIT_USAGE",
    "CorruptInputError",
    "DecompressionLimitError",
    "InputError",
    "OutputError",
    "PiiscanError",
    "UnsupportedEncodingError",
]

EXIT_OK = 0
"""The scan completed (findings or not)."""
EXIT_USAGE = 2
"""Bad command line (unknown option, bad value)."""
EXIT_PARTIAL = 3
"""The scan completed but some inputs or parts were skipped (see the report's `skipped`)."""
EXIT_NO_INPUT = 4
"""No input could be read at all: missing or unreadable path, empty input, not a dump."""
EXIT_DATA_ERROR = 5
"""The input is not what it claims: unknown or unsupported encoding, undecodable archive."""
EXIT_LIMIT = 6
"""A safety limit stopped the scan (decompression bomb, oversized record); the message names the limit."""
EXIT_OUTPUT_ERROR = 7
"""An output file (findings, report, HTML) could not be written."""
EXIT_INCOMPATIBLE = 8
"""`compare`: the fingerprint files were made with different keys (no fingerprint could match) or are of
another fingerprint format version."""
EXIT_UNAVAILABLE = 69
"""A service the scan needs is unavailable: the Dask scheduler named by `--dask ADDRESS` cannot be reached."""
EXIT_INTERNAL = 70
"""A bug in piiscan; the message says where to report it (still without any value)."""
EXIT_INTERRUPTED = 130
"""Interrupted by the user (Ctrl-C)."""


class PiiscanError(Exception):
    """Base class: carries an exit code and a message that never contains input data."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(PiiscanError):
    """An input path cannot be opened or read."""

    exit_code = EXIT_NO_INPUT


class UnsupportedEncodingError(PiiscanError):
    """`--encoding` names an unknown encoding, or one piiscan cannot map back to byte offsets."""

    exit_code = EXIT_DATA_ERROR


class DecompressionLimitError(PiiscanError):
    """A compressed input inflates beyond a limit (likely a decompression bomb)."""

    exit_code = EXIT_LIMIT


class OutputError(PiiscanError):
    """An output file cannot be written."""

    exit_code = EXIT_OUTPUT_ERROR


class CorruptInputError(PiiscanError):
    """A compressed stream or archive is truncated or corrupt; what was read before still counts."""

    exit_code = EXIT_DATA_ERROR
