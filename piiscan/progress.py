"""What the person at the terminal sees while a scan runs: a progress display and the compile notice.

The display is rich's `Progress` (bytes done of the total, percentage, rate, time left, current input),
on stderr and only when stderr is a terminal: rich already handles redraw throttling, terminal width,
`NO_COLOR`, and printing notices above a live bar, which a hand-written `\\r` line did badly (no total, no
ETA, a blank screen during the first compile).  tqdm would do the bar too, but rich also gives the
multi-column layout and the clean "print above the bar" the compile notice needs.

The total is the size on disk of what the user named (files, and the regular files under named
directories); compressed inputs count their compressed size, so a gzip's progress advances at most by its
own size.  Standard input has no total: the display then shows bytes and rate only.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterable
from typing import TextIO

__all__ = ["ScanProgress", "disk_total"]

UPDATE_SECONDS = 0.05
"""Least time between two updates of the live display (see `ScanProgress._due`)."""


def disk_total(paths: Iterable[str]) -> int | None:
    """Bytes on disk under the named paths (symbolic links not followed), None if one is stdin or unknown."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        try:
            st = os.stat(path)
        except OSError:
            continue  # reported by the scan itself
        if os.path.isdir(path):
            for root, _dirs, files in os.walk(path, followlinks=False):
                for name in files:
                    with contextlib.suppress(OSError):
                        total += os.lstat(os.path.join(root, name)).st_size
        else:
            total += st.st_size
    return total


def _printable(name: str, width: int = 40) -> str:
    """A name from the input, shown on a terminal: control characters replaced (no escape sequence runs),
    and its end kept when long (`…/part_0042.csv`): the numbers must keep their room on a narrow terminal."""
    shown = "".join(c if c.isprintable() else "?" for c in name)
    return shown if len(shown) <= width else "…" + shown[-(width - 1) :]


class ScanProgress:
    """Progress and notices of one scan; a no-op display when `live` is False (not a terminal, or `-q`)."""

    def __init__(
        self,
        *,
        live: bool,
        notices: bool,
        total: int | None,
        stream: TextIO | None = None,
        color: bool | None = None,
    ) -> None:
        """`color`: False never colours the bar (`--color never`); None leaves it to rich (`NO_COLOR`...)."""
        self.notices = notices
        self.stream = stream or sys.stderr
        self.total = total
        self._done_before = 0  # bytes of the inputs already finished (capped at their size on disk)
        self._read = 0  # bytes read from the current input
        self._cap: int | None = None  # the current input's size on disk, when known
        self._compile_started: float | None = None
        self._compile_said = False
        self._progress = None
        self._task = None
        self._name_width = 40
        self._told = float("-inf")  # when the display was last told (time.monotonic)
        if live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )
            from rich.table import Column

            console = Console(
                file=self.stream,
                stderr=self.stream is sys.stderr,
                no_color=color is False,
                force_terminal=True,
            )
            # the numbers keep their room: the bar narrows on a small terminal, and the input's name takes
            # what is left (its end is shown: `…/part_0042.csv`)
            bar = 24 if console.width >= 110 else 10
            self._name_width = max(10, console.width - bar - 58)
            self._progress = Progress(
                TextColumn("scanning", style="bold"),
                BarColumn(bar_width=bar),
                TaskProgressColumn(table_column=Column(no_wrap=True)),
                DownloadColumn(table_column=Column(no_wrap=True)),  # never "12.3/133.6" and "MB" on two lines
                TransferSpeedColumn(table_column=Column(no_wrap=True)),
                TimeRemainingColumn(table_column=Column(no_wrap=True)),
                TextColumn(
                    "{task.fields[name]}",
                    markup=False,
                    table_column=Column(no_wrap=True, overflow="ellipsis", max_width=self._name_width),
                ),
                console=console,
                transient=True,  # the summary replaces the bar
                refresh_per_second=8,
            )
            self._task = self._progress.add_task("scan", total=total, name="")
            self._progress.start()

    # ------------------------------------------------------------------ scanner callbacks
    def start_input(self, name: str, size: int | None) -> None:
        self._done_before += min(self._read, self._cap) if self._cap is not None else self._read
        self._read, self._cap = 0, size
        if self._progress is not None and self._due():
            self._progress.update(self._task, name=_printable(name, self._name_width), completed=self._completed())

    def advance(self, n: int) -> None:
        self._read += n
        if self._progress is not None and self._due():
            self._progress.update(self._task, completed=self._completed())

    def _due(self) -> bool:
        """Whether the display is to be told now: at most every `UPDATE_SECONDS` (it redraws 8 times a second
        anyway).  Telling it of every one of 100,000 one-line files cost more than reading them."""
        now = time.monotonic()
        if now - self._told < UPDATE_SECONDS:
            return False
        self._told = now
        return True

    def _completed(self) -> int:
        current = min(self._read, self._cap) if self._cap is not None else self._read
        done = self._done_before + current
        return min(done, self.total) if self.total is not None else done

    def compiling(self, seconds: float | None = None) -> None:
        """`None` when a cold compile starts, then the seconds the scanner measured: said once each, on stderr.

        The time said runs from the first announcement (the command line announces before the scanner is
        built, which compiles the smaller kernels), so it is what the person waited.
        """
        if seconds is None:
            if self._compile_started is None:
                self._compile_started = time.perf_counter()
                if self.notices:
                    self._say(
                        "piiscan: compiling the scan kernels for this machine (first run only; "
                        "cached for the next runs)…"
                    )
            return
        if self._compile_started is not None and not self._compile_said:
            self._compile_said = True
            if self.notices:
                self._say(f"piiscan: kernels compiled in {time.perf_counter() - self._compile_started:.1f} s")

    def _say(self, text: str) -> None:
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    __call__ = advance  # `on_progress(n)` of the Dask runner (piiscan.distributed)

    def done(self) -> None:
        """The Dask runner's name for `close`."""
        self.close()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
