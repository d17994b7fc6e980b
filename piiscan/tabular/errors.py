"""How a table reader says what it could not read."""

from __future__ import annotations

__all__ = ["TableSkip"]


class TableSkip(Exception):
    """A part of a table container not read: `reason` is a skip slug ("corrupt", "limit"), `detail` one line.

    Raised, it ends the container's scan after what was read; passed to a reader's `skip` callback, it
    counts a part (a table, a sheet) and the reader goes on with the next.  The detail names the part and
    the cause, never a value.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
