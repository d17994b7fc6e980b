"""Run a command and write its peak RSS (KiB) to a file: `python rss_launcher.py RSS_FILE CMD...`.

Why a launcher between the test runner and the command: Linux records, when a process calls exec, the peak
RSS of the memory it had until then, and a child started by `subprocess` shares its parent's memory until
exec (vfork).  So `ru_maxrss` of a command started straight from pytest is at least pytest's own peak, which
grows past 400 MB over a full run: a bound checked on the command would test the runner.  Forked from this
small process instead, the command starts with ~10 MB of it, and `wait4` gives its own peak.
"""

from __future__ import annotations

import os
import signal
import sys


def main() -> int:
    rss_file, cmd = sys.argv[1], sys.argv[2:]
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, _frame: os.kill(pid, signum))
    _, status, usage = os.wait4(pid, 0)
    with open(rss_file, "w", encoding="ascii") as fh:
        fh.write(str(usage.ru_maxrss))
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
