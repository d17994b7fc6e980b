"""`piiscan scan PATH...` and `piiscan compare NEW OLD...` — the command line of DESIGN.md §4.

Exit codes (see `piiscan.errors`): 0 scan completed; 1 completed with findings under `--fail-on-findings` (or the
N of `--exit-code N`); 2 bad command line (also `piiscan` alone); 3 completed but parts were skipped;
4 no input could be read; 5 undecodable input (encoding, corrupt archive); 6 a safety limit stopped an input;
7 an output could not be written; 70 internal error; 130 interrupted.  `compare`: 0 compared; 2 bad command
line; 4 a fingerprint file cannot be read; 5 not a fingerprint file, or damaged; 7 an output could not be
written; 8 the files cannot be compared (made with different keys, or another fingerprint format version).
Errors are one line on stderr and never contain a value read from the input; set `PIISCAN_DEBUG=1` to get a
traceback for a bug report.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from piiscan import __version__, process
from piiscan.errors import (
    EXIT_DATA_ERROR,
    EXIT_INCOMPATIBLE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_LIMIT,
    EXIT_NO_INPUT,
    EXIT_OK,
    EXIT_OUTPUT_ERROR,
    EXIT_PARTIAL,
    EXIT_USAGE,
    OutputError,
    PiiscanError,
)
from piiscan.output.terminal import escape
from piiscan.source.limits import format_size

if TYPE_CHECKING:
    from piiscan.api import Report

EXIT_FINDINGS = 1
"""`--fail-on-findings`: a completed scan found personal data (gitleaks and trufflehog use 1 too)."""

__all__ = ["main"]

_SIZE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def _size(text: str) -> int:
    t = text.strip().lower().removesuffix("b").removesuffix("i")
    unit = t[-1] if t and t[-1] in _SIZE_UNITS else ""
    try:
        return int(float(t[: len(t) - len(unit)] if unit else t) * _SIZE_UNITS[unit])
    except (ValueError, OverflowError) as exc:  # "nan", "1e400": a usage error, not a traceback
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 512M, 10G)") from exc


def _positive_size(text: str) -> int:
    """A size that bounds something: 0 or a negative value would disable the limit by accident."""
    value = _size(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive size: {text!r} (e.g. 512M, 10G)")
    return value


def _positive_int(text: str) -> int:
    """A count limit (`--max-members`, `--max-depth`): an integer of at least 1."""
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _positive_float(text: str) -> float:
    """A ratio limit: a number above 0 (NaN is refused: it would make every comparison false)."""
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from exc
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a number above 0: {text!r}")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (DESIGN.md §4), not the whole usage block: the person
    running a scan under time pressure reads the first line only, and a pasted log stays short."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


SHORT_HELP = """\
usage: piiscan scan PATH... [--report FILE|-] [--html FILE] [--findings FILE|-] [options]

Triage leaked data dumps for French personal data (redacted previews only).

  piiscan scan dump.csv                      summary in the terminal
  piiscan scan dumps/ --html report.html     the page a DPO briefs from
  piiscan compare new.parquet old.parquet    is this "new" dump an old leak?
  piiscan scan --help                        every option, examples and exit codes
  piiscan --version
"""

EXAMPLES = """\
examples:
  piiscan scan fixtures/sample_ofii.csv
  piiscan scan dumps/ leak.zip --report report.json --html report.html
  piiscan scan dump.sql.gz --report - | jq .summary          (the summary goes to stderr)
  piiscan scan dump.csv --findings - -q | jq -r .entity | sort | uniq -c
  piiscan scan export/ --fail-on-findings -q                 (CI: exit 1 when personal data is found)
  piiscan scan dump.csv --context exposure=known --context malicious=no --html report.html

exit codes:
  0    scan completed (findings or not, unless --fail-on-findings)
  1    scan completed and found personal data, with --fail-on-findings (or the N of --exit-code N)
  2    bad command line
  3    scan completed, but some inputs or parts were skipped (listed in the report's `skipped`)
  4    no input could be read (missing, unreadable, empty, binary)
  5    undecodable input (unsupported encoding, corrupt archive)
  6    a safety limit stopped an input (decompression bomb...); the message names the flag to raise it
  7    an output file could not be written
  70   internal error (a bug; PIISCAN_DEBUG=1 shows the traceback)
  130  interrupted
A scan that was not complete (3-6) keeps its code even with findings: it is never reported as clean.

environment: NO_COLOR disables colour (unless --color always); PIISCAN_DEBUG=1 shows tracebacks of bugs.
"""


def _exit_status(text: str) -> int:
    """`--exit-code N`: the status of a completed scan with findings; 1-125 and none of the documented codes."""
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from exc
    if not 1 <= value <= 125 or value in _RESERVED_CODES:
        raise argparse.ArgumentTypeError(f"must be 1-125 and not one of {sorted(_RESERVED_CODES)}: {text!r}")
    return value


_RESERVED_CODES = frozenset({2, EXIT_PARTIAL, EXIT_NO_INPUT, EXIT_DATA_ERROR, EXIT_LIMIT, EXIT_OUTPUT_ERROR, 70})


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="piiscan", description="Triage leaked data dumps for French personal data.")
    p.add_argument("-V", "--version", action="version", version=f"piiscan {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    s = sub.add_parser(
        "scan",
        help="scan dumps and report the personal data they expose",
        description="Scan dumps and report the personal data they expose (redacted previews only).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, archives, or - for stdin")
    s.add_argument(
        "--findings",
        metavar="FILE",
        help="write every finding to FILE (.jsonl or .parquet; - for JSON Lines on stdout)",
    )
    s.add_argument("--report", metavar="FILE", help="write the JSON report to FILE (- for stdout)")
    s.add_argument("--html", metavar="FILE", help="write a self-contained HTML report to FILE")
    s.add_argument("--format", default="auto", choices=["auto", "csv", "jsonl", "json", "sql", "text"])
    s.add_argument("--encoding", default="auto", metavar="NAME", help="auto (default) or a codec name (cp1252...)")
    s.add_argument(
        "--workers", type=int, default=0, metavar="N", help="worker threads (default: the cores, within memory)"
    )
    s.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress (errors still go to stderr)")
    s.add_argument(
        "--fail-on-findings",
        action="store_const",
        const=EXIT_FINDINGS,
        dest="findings_exit",
        help=f"exit {EXIT_FINDINGS} when a completed scan finds personal data (for CI)",
    )
    s.add_argument(
        "--exit-code",
        type=_exit_status,
        dest="findings_exit",
        metavar="N",
        help="like --fail-on-findings, with exit status N",
    )
    s.add_argument(
        "--context",
        action="append",
        metavar="KEY=VALUE",
        help="what you know of the breach, for the severity (ENISA): sensitive=yes|no, "
        "exposure=none|known|unknown, integrity=none|recoverable|lost, availability=none|temporary|permanent, "
        "malicious=yes|no (repeat the option; unconfirmed factors are assumed and listed in the report)",
    )
    s.add_argument(
        "--color",
        default="auto",
        choices=["auto", "never", "always"],
        help="colour the summary: auto (default) when it goes to a terminal and NO_COLOR is not set",
    )
    s.add_argument(
        "--key-file",
        metavar="FILE",
        help="secret key for fingerprints, so two scans can be compared (default: random per scan)",
    )
    s.add_argument(
        "--fingerprints",
        metavar="FILE",
        help="write keyed fingerprints to FILE (.parquet) for 'piiscan compare' (needs --key-file)",
    )
    s.add_argument(
        "--unsafe-show-values",
        action="store_true",
        help="also write raw values to the findings file (never to the terminal or the report)",
    )
    s.add_argument("--reference-date", metavar="YYYY-MM-DD", help="date for age checks when a record has none")
    s.add_argument(
        "--ner",
        action="store_true",
        help="also find names in free text with spaCy's French model (much slower; pip install 'piiscan-fr[ner]')",
    )
    s.add_argument(
        "--max-ratio", type=_positive_float, default=None, metavar="R", help="decompression ratio limit (default 1000)"
    )
    s.add_argument(
        "--max-bytes",
        type=_positive_size,
        default=None,
        metavar="SIZE",
        help="decompressed bytes limit per input (default 256G)",
    )
    s.add_argument(
        "--max-members",
        type=_positive_int,
        default=None,
        metavar="N",
        help="most entries one archive may hold (default 100000)",
    )
    s.add_argument(
        "--max-depth",
        type=_positive_int,
        default=None,
        metavar="N",
        help="most archives/compressed layers nested around one input (default 3)",
    )
    s.add_argument(
        "--max-record",
        type=_positive_size,
        default=256 << 20,
        metavar="SIZE",
        help="largest record before it is cut (256M)",
    )
    s.add_argument(
        "--dask",
        metavar="local|ADDRESS",
        help="scan on Dask: 'local' starts a cluster of worker processes, tcp://HOST:PORT uses a running "
        "scheduler (the `dask` extra); --findings DIR/ then writes one Parquet file per task",
    )
    s.add_argument(
        "--follow",
        action="store_true",
        help="follow symbolic links inside folders (default: not followed; loops and special files still refused)",
    )
    s.add_argument(
        "--max-findings-bytes",
        type=_positive_size,
        default=None,
        metavar="SIZE",
        help="largest findings file; later findings are not written (default 64G)",
    )
    s.add_argument("--chunk-size", type=_size, default=8 << 20, help=argparse.SUPPRESS)
    s.add_argument("--dask-part-size", type=_positive_size, default=None, help=argparse.SUPPRESS)
    c = sub.add_parser("compare", help="compare the fingerprints of a new dump with earlier leaks")
    c.add_argument("new", metavar="NEW.parquet", help="fingerprint file of the new dump (scan --fingerprints)")
    c.add_argument("olds", nargs="+", metavar="OLD.parquet", help="fingerprint files of earlier leaks")
    c.add_argument("--json", metavar="FILE", help="write the comparison as JSON to FILE, or - for stdout")
    c.add_argument("--html", metavar="FILE", help="write a self-contained HTML page to FILE")
    c.add_argument("--quiet", action="store_true", help="no table on the terminal")
    return p


def _open_findings(args: argparse.Namespace):
    from piiscan.output.writers import DEFAULT_MAX_FINDINGS_BYTES, open_findings_writer

    limit = args.max_findings_bytes or DEFAULT_MAX_FINDINGS_BYTES
    writer = open_findings_writer(args.findings, unsafe_values=args.unsafe_show_values, max_bytes=limit)
    if args.unsafe_show_values:
        print(
            f"piiscan: warning: --unsafe-show-values writes raw personal data to {escape(args.findings)} "
            "(mode 0600); share it with no one and delete it when done",
            file=sys.stderr,
        )
    return writer


def _scan(args: argparse.Namespace) -> int:
    from piiscan.output.severity import parse_context
    from piiscan.progress import ScanProgress, disk_total
    from piiscan.scanner import ScanOptions, detection_kernel_cached
    from piiscan.source.limits import Limits

    _check_outputs(args)
    try:
        context = parse_context(args.context)
    except ValueError as exc:
        raise PiiscanError(str(exc), exit_code=EXIT_USAGE) from None
    key = None
    if args.key_file:
        try:
            key = Path(args.key_file).read_bytes()
        except OSError as exc:
            raise PiiscanError(f"cannot read the key file ({exc.strerror})", exit_code=EXIT_NO_INPUT) from None
        if len(key) < 16:
            raise PiiscanError("the key file must hold at least 16 bytes of secret", exit_code=EXIT_USAGE)
    if args.fingerprints:
        _check_fingerprints_option(args)
    ref = None
    if args.reference_date:
        try:
            ref = dt.date.fromisoformat(args.reference_date)
        except ValueError:
            raise PiiscanError("--reference-date must be YYYY-MM-DD", exit_code=EXIT_USAGE) from None
    limit_kw = {}
    if args.max_ratio is not None:
        limit_kw["max_ratio"] = args.max_ratio
    if args.max_bytes is not None:
        limit_kw["max_bytes"] = args.max_bytes
    if args.max_members is not None:
        limit_kw["max_members"] = args.max_members
    if args.max_depth is not None:
        limit_kw["max_depth"] = args.max_depth
    if args.workers < 0:
        raise PiiscanError("--workers must be 0 (all cores) or more", exit_code=EXIT_USAGE)
    if args.encoding != "auto":
        from piiscan.source.encoding import resolve_encoding

        resolve_encoding(args.encoding)  # fail early, before any output is created
    options = ScanOptions(
        format=args.format,
        encoding=args.encoding,
        workers=args.workers,
        chunk_size=max(1 << 16, args.chunk_size),
        max_record=args.max_record,
        key=key,
        limits=Limits(**limit_kw),
        reference_date=ref,
        ner=args.ner,
        fingerprints=bool(args.fingerprints),
        follow_links=args.follow,
    )
    progress = ScanProgress(
        live=not args.quiet and sys.stderr.isatty(),
        notices=not args.quiet,
        total=disk_total(args.paths) if sys.stderr.isatty() else None,
        color=None if args.color == "auto" else args.color == "always",
    )
    if args.dask:
        from piiscan.distributed.command import scan_on_dask

        def open_writer(path: str, *, unsafe: bool):  # the findings streamed back to this process
            return _open_findings(args)

        report = scan_on_dask(args, options, progress=progress, open_writer=open_writer, context=context)
        return _outputs(args, report)
    from piiscan.api import open_scan

    try:
        # before any output is created: `--ner` without the model fails here (exit 2)
        with contextlib.nullcontext() if args.ner else process.numba_without_cffi():
            if detection_kernel_cached() is False:
                progress.compiling()  # said now: building the scanner already compiles kernels
            # loads the first kernel (piiscan.process); missing or unreadable paths are counted, not raised
            stream = open_scan(args.paths, options=options, on_error="skip", context=context, progress=progress)
        writer = _open_findings(args) if args.findings else None
    except BaseException:
        progress.close()
        raise
    if writer is not None:
        stream.exclude(writer.identity())  # with --follow, a link could lead the walk to it
    try:
        for batch in stream.batches():
            process.settle()  # the kernels are loaded once a batch comes back
            if writer is not None and len(batch):
                writer.write(batch)
        if writer is not None:
            writer.close()  # renamed to its final name only now: complete
    except BaseException:
        if writer is not None:
            writer.abort()  # nothing under the final name looks complete when it is not
        raise
    finally:
        progress.close()
    if writer is not None and getattr(writer, "truncated", False):
        stream.add_skip(**_truncated_findings(args))
    return _outputs(args, stream.report)


def _truncated_findings(args: argparse.Namespace) -> dict[str, str]:
    """A findings file stopped by --max-findings-bytes is a counted limit (exit 6), said in the report."""
    from piiscan.output.writers import DEFAULT_MAX_FINDINGS_BYTES

    limit = format_size(args.max_findings_bytes or DEFAULT_MAX_FINDINGS_BYTES)
    return {
        "source": args.findings,
        "reason": "findings-limit",
        "detail": f"{args.findings}: findings file stopped at {limit} (--max-findings-bytes); "
        "later findings are counted in the report but not written",
    }


def _warn_skipped(report: dict) -> None:
    """One line on stderr when parts were not read, also with --quiet: a script's log must show it."""
    changed = report["summary"].get("inputs_changed_while_read")
    if changed:
        print(f"piiscan: warning: {changed} input(s) changed size while read; see the report", file=sys.stderr)
    skipped = report["skipped"]
    if not skipped["count"]:
        coverage = report.get("coverage", {})
        if not changed and coverage.get("complete") is False:
            # bad or cut records, a structured file with no record: exit 3, and the reason on stderr too
            print(f"piiscan: warning: coverage {escape(coverage['verdict'])}; see the report", file=sys.stderr)
        return
    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped["by_reason"].items()))
    first = escape(skipped["items"][0]["detail"]) if skipped["items"] else ""
    print(
        f"piiscan: warning: {skipped['count']} part(s) not fully read ({reasons}); first: {first}",
        file=sys.stderr,
    )


def _outputs(args: argparse.Namespace, result: Report) -> int:
    """Report, HTML, fingerprints and summary of a finished scan (local or on Dask); its exit status, which
    the library decided (`Report.outcome`)."""
    from piiscan.output.report import format_summary
    from piiscan.output.terminal import style_for, use_color

    report = result.data
    if args.report:
        from piiscan.output.report import report_json

        _write_text(args.report, report_json(report))
    if args.html:
        from piiscan.output.html import render_html

        _write_text(args.html, render_html(report))
    if args.fingerprints:
        result.write_fingerprints(args.fingerprints)
    if not args.quiet:
        # stdout carries the data when `--report -` or `--findings -` asks for it: then people read stderr
        out = sys.stderr if STDOUT in (args.report, args.findings) else sys.stdout
        try:
            out.write(format_summary(report, style=style_for(use_color(args.color, out))) + "\n")
            out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk under `> summary.txt`
            raise OutputError(f"cannot write the summary ({exc.strerror})") from None
    _warn_skipped(report)
    return result.outcome.exit_status(on_findings=args.findings_exit)


STDOUT = "-"
"""The output name that means standard output (`--report -`, `--findings -`), as in most Unix tools."""


def _check_outputs(args: argparse.Namespace) -> None:
    """Before anything is read: two data outputs cannot share standard output (a usage error, exit 2)."""
    if args.report == STDOUT and args.findings == STDOUT:
        raise PiiscanError("--report - and --findings - cannot both write to standard output", exit_code=EXIT_USAGE)
    if args.findings == STDOUT and args.unsafe_show_values and sys.stdout.isatty():
        raise PiiscanError(
            "--unsafe-show-values would print raw values on the terminal: send --findings - to a pipe or a file",
            exit_code=EXIT_USAGE,
        )
    if args.html == STDOUT:
        raise PiiscanError("--html needs a file name (the page is for a browser)", exit_code=EXIT_USAGE)
    _check_command_line(args)


def _check_command_line(args: argparse.Namespace) -> None:
    """Every usage error that does not need the scan, found before any output is created or input read:
    the findings file's extension, `--unsafe-show-values` without a findings file, and outputs that would
    write over an input or land inside a scanned folder (`piiscan.output.files.check_outputs`)."""
    from piiscan.output.files import check_outputs
    from piiscan.output.writers import check_findings_path

    if args.unsafe_show_values and not args.findings:
        raise PiiscanError(
            "--unsafe-show-values needs --findings FILE: raw values are written to the findings file only",
            exit_code=EXIT_USAGE,
        )
    findings_dir = bool(
        args.dask and args.findings and (args.findings.endswith(("/", os.sep)) or os.path.isdir(args.findings))
    )  # `--dask ... --findings DIR/`: one Parquet file per task in that folder
    if args.findings and args.findings != STDOUT and not findings_dir:
        check_findings_path(args.findings)
    inputs = [*args.paths, *([args.key_file] if args.key_file else [])]
    check_outputs(
        {
            "--findings": args.findings,
            "--report": args.report,
            "--html": args.html,
            "--fingerprints": getattr(args, "fingerprints", None),
        },
        inputs,
        folders={"--findings"} if findings_dir else frozenset(),
    )


def _check_fingerprints_option(args: argparse.Namespace) -> None:
    """`--fingerprints` needs `--key-file`, a `.parquet` name, and must not name an input.

    Without a key file, fingerprints are keyed with random bytes that die with the scan: the file could
    never be compared with anything, so it is refused rather than written useless.
    """
    if not args.key_file:
        raise PiiscanError(
            "--fingerprints needs --key-file (the same key for every dump to compare)", exit_code=EXIT_USAGE
        )
    if not args.fingerprints.lower().endswith(".parquet"):
        raise PiiscanError("--fingerprints must end in .parquet", exit_code=EXIT_USAGE)
    target = Path(args.fingerprints)
    for p in args.paths:
        with contextlib.suppress(OSError):
            if p != "-" and target.exists() and target.samefile(p):
                raise PiiscanError("--fingerprints names an input: it would be overwritten", exit_code=EXIT_USAGE)


def _compare(args: argparse.Namespace) -> int:
    """`piiscan compare NEW OLD...` (DESIGN.md §7); exit codes in the module docstring."""
    from piiscan.compare import (
        FingerprintFileError,
        FingerprintVersionError,
        IncompatibleFilesError,
        compare_files,
        format_comparison,
    )

    inputs = [args.new, *args.olds]
    from piiscan.output.files import check_outputs

    check_outputs({"--json": args.json, "--html": args.html}, inputs)  # before anything is read or written
    for out in (args.json, args.html):
        if out and out != "-":
            for p in inputs:
                with contextlib.suppress(OSError):
                    if Path(out).exists() and Path(out).samefile(p):
                        raise PiiscanError(f"{out} is an input: it would be overwritten", exit_code=EXIT_USAGE)
    try:
        result = compare_files(args.new, list(args.olds))
    except FileNotFoundError as exc:
        raise PiiscanError(f"{Path(exc.filename or '?').name}: no such file", exit_code=EXIT_NO_INPUT) from None
    except OSError as exc:
        name = Path(exc.filename or "?").name
        raise PiiscanError(f"{name}: cannot read ({exc.strerror or 'I/O error'})", exit_code=EXIT_NO_INPUT) from None
    except (IncompatibleFilesError, FingerprintVersionError) as exc:
        raise PiiscanError(str(exc), exit_code=EXIT_INCOMPATIBLE) from None
    except FingerprintFileError as exc:
        raise PiiscanError(str(exc), exit_code=EXIT_DATA_ERROR) from None
    if args.json:
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            _write_text(args.json, text)
    if args.html:
        from piiscan.compare import render_html as render_compare

        _write_text(args.html, render_compare(result))
    if not args.quiet and args.json != "-":
        print(format_comparison(result))
    elif result["warnings"] and not args.quiet:
        for w in result["warnings"]:
            print(f"piiscan: warning: {w}", file=sys.stderr)
    return EXIT_OK


def _write_text(path: str, text: str) -> None:
    if path == STDOUT:
        try:
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write to standard output ({exc.strerror})") from None
        return
    from piiscan.output.files import AtomicFile  # under a temporary name, renamed when complete

    out = AtomicFile(path)
    out.write(text)
    out.commit()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `piiscan` alone: what to type next, as rg and git do
        sys.stderr.write(SHORT_HELP)
        return EXIT_USAGE
    try:
        if args.command == "scan":
            process.prepare()  # memory thresholds, one BLAS thread, no GC during start-up (piiscan.process)
            try:
                return _scan(args)
            finally:
                process.restore()
        if args.command == "compare":
            return _compare(args)
        parser.error(f"unknown command {args.command}")
    except PiiscanError as exc:
        print(f"piiscan: error: {escape(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("piiscan: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: never print the message, it may quote input data
        if os.environ.get("PIISCAN_DEBUG"):
            raise
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else "?"
        print(
            f"piiscan: internal error ({type(exc).__name__} at {where}); please report it with "
            "PIISCAN_DEBUG=1 output on synthetic data",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return EXIT_OK


def run() -> NoReturn:
    """The `piiscan` program: `main` in a process that ends with it (see `process.end_with_command`)."""
    process.end_with_command()
    sys.exit(main())


if __name__ == "__main__":
    run()
