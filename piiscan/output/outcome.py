"""The outcome of a finished scan: read completely or not, what was skipped and why, and its exit status.

Why here and not in the command line: "never a false all-clear" is a property of the scan, not of the
program that ran it.  A library user (`piiscan.open_scan(...).report.outcome`), the `piiscan` command and a
scan on Dask (`--dask`, `scan(client=)`) all get their verdict from `scan_outcome`, so a script that calls
the library cannot take a partial read for a clean one when the command would have exited 3.

The exit statuses are those the command documents (`piiscan.errors`, `piiscan scan --help`): 0 complete;
3 parts skipped; 4 nothing could be read; 5 undecodable input; 6 a safety limit stopped an input.  A limit
outranks an undecodable input, which outranks a partial read, so the most serious reason decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from piiscan.errors import EXIT_DATA_ERROR, EXIT_LIMIT, EXIT_NO_INPUT, EXIT_OK, EXIT_PARTIAL
from piiscan.output.aggregate import Partial, read_as_data

__all__ = ["SKIP_EXIT_CODES", "Outcome", "scan_outcome"]

SKIP_EXIT_CODES: Mapping[str, int] = MappingProxyType(
    {
        # a safety limit stopped an archive, a stream or a record (errors.EXIT_LIMIT)
        "decompression-limit": EXIT_LIMIT,
        "too-deep": EXIT_LIMIT,
        "too-many-members": EXIT_LIMIT,
        "unseekable-archive": EXIT_LIMIT,
        "limit": EXIT_LIMIT,
        "oversized-record": EXIT_LIMIT,
        "findings-limit": EXIT_LIMIT,
        "oversized-message": EXIT_LIMIT,
        # the input is not what it claims: damaged archive, undecodable member or stream (errors.EXIT_DATA_ERROR)
        "corrupt-archive": EXIT_DATA_ERROR,
        "encrypted-member": EXIT_DATA_ERROR,
        "unsupported-member": EXIT_DATA_ERROR,
        "corrupt": EXIT_DATA_ERROR,
        "encoding": EXIT_DATA_ERROR,
    }
)
"""Exit status implied by a `skipped` reason.  The source layer reports an unreadable archive or a refused
bomb as a skipped part, not as an exception, so the reasons must count as well as the scan's errors: a
truncated zip would otherwise exit 4 ("nothing to read") instead of the documented 5.  Reasons not listed
(not-found, unreadable, special-file, empty, binary...) only make a scan partial (3) or empty (4)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What a finished scan could read, and the exit status the `piiscan` command gives it.

    >>> o = Outcome(exit_code=0, complete=True, verdict="complete", readable=True, skipped={}, bad_records=0,
    ...             cut_records=0, errors=(), findings=3)
    >>> o.exit_status(), o.exit_status(on_findings=1)
    (0, 1)
    """

    exit_code: int
    """0 complete, 3 parts skipped, 4 nothing could be read, 5 undecodable input, 6 a safety limit stopped an
    input (`piiscan.errors`); findings never change it (see `exit_status`)."""
    complete: bool
    """Every byte of every named input was read as data (the report's `coverage.complete`)."""
    verdict: str
    """One line: `complete`, or what was not read (the report's `coverage.verdict`)."""
    readable: bool
    """Something was read as data (not only missing, empty, binary or unsupported inputs)."""
    skipped: Mapping[str, int]
    """Parts not read, by reason (`not-found`, `corrupt-archive`, `decompression-limit`...), listed or not."""
    bad_records: int
    """Records that did not parse (a stray quote, a broken JSON line), counted in the coverage."""
    cut_records: int
    """Records longer than the record limit, cut there."""
    errors: tuple[str, ...]
    """One line per input an error stopped (never a value of the input); each is also in `skipped`."""
    findings: int
    """Findings of the scan (also those a findings file did not hold)."""

    def exit_status(self, *, on_findings: int | None = None) -> int:
        """The exit status, or `on_findings` (`--fail-on-findings`: 1) when a complete scan found data.

        A scan that was not complete keeps its status even with findings: it is never reported as clean.
        """
        if self.exit_code == EXIT_OK and on_findings and self.findings:
            return on_findings
        return self.exit_code


def scan_outcome(partial: Partial, report: Mapping[str, Any], *, errors: Iterable[BaseException] = ()) -> Outcome:
    """The outcome of a scan from its merged `partial`, the report built from it and the errors that stopped
    inputs (each carrying its `exit_code`; an error without one counts as a partial read)."""
    errors = tuple(errors)
    partial.close_inputs()
    was_read = partial.more_inputs.readable > 0 or any(read_as_data(i) for i in partial.inputs)
    skipped = dict(sorted(partial.skip_reasons().items()))
    codes = {getattr(e, "exit_code", EXIT_PARTIAL) for e in errors}
    codes |= {SKIP_EXIT_CODES.get(reason, EXIT_PARTIAL) for reason in skipped}
    coverage = report["coverage"]
    if EXIT_LIMIT in codes:
        code = EXIT_LIMIT
    elif EXIT_DATA_ERROR in codes:
        code = EXIT_DATA_ERROR
    elif not was_read:
        code = EXIT_NO_INPUT
    elif not coverage["complete"]:
        code = EXIT_PARTIAL  # something was not read (piiscan.output.coverage): never a false all-clear
    else:
        code = EXIT_OK
    return Outcome(
        exit_code=code,
        complete=bool(coverage["complete"]),
        verdict=coverage["verdict"],
        readable=was_read,
        skipped=skipped,
        bad_records=int(coverage["total"]["bad_records"]),
        cut_records=int(coverage["total"]["cut_records"]),
        errors=tuple(str(e) for e in errors),
        findings=int(report["summary"]["findings"]),
    )
