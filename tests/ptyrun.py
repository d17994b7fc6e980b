"""Run a command on a pseudo-terminal, as a person at a terminal would, and keep everything it printed."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = ["run_on_pty"]


def run_on_pty(
    args: Sequence[str | os.PathLike[str]],
    *,
    env: dict[str, str],
    cwd: Path,
    timeout: float,
    columns: int = 120,
) -> tuple[int, str]:
    """(exit code, bytes printed on the terminal decoded as UTF-8); stdout and stderr share the terminal."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen(
        [str(a) for a in args], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, close_fds=True
    )
    os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                out += data
            elif proc.poll() is not None:
                break
        else:
            proc.kill()
            raise AssertionError(f"timed out after {timeout} s; printed so far: {bytes(out[-2000:])!r}")
    finally:
        os.close(master)
    return proc.wait(timeout=30), out.decode("utf-8", "replace")
