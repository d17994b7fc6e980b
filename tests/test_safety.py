"""Scope, evidence and terminal safety through the real command line (SECURITY.md's threat model).

Each case is built in `tmp_path` and run in a child process (`clirunner.run_cli`), and asserts the exit
code, no traceback, no write outside the named outputs, the inputs' bytes unchanged, and that stdout and
stderr carry no control byte (below 0x20 other than newline, ESC, or a C1 control) whatever the names and
headers of the dump hold.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from clirunner import CliResult, assert_clean, cli_env, run_cli

from piiscan.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_OUTPUT_ERROR, EXIT_PARTIAL, EXIT_USAGE
from piiscan.output.files import AtomicFile, check_outputs
from piiscan.output.terminal import escape

pytestmark = pytest.mark.usefixtures("warm_cli")

HEADER = b"nom;prenom;email\n"


def rows(n: int, *, domain: str = "exemple.fr") -> bytes:
    return b"".join(f"Dupont;Jean;personne{i}@{domain}\n".encode() for i in range(n))


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` (links not followed) and a hash of its bytes: what a run must not change."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            p = os.path.join(dirpath, name)
            if os.path.islink(p):
                out[p] = "link:" + os.readlink(p)
            elif os.path.isfile(p):
                out[p] = hashlib.sha256(Path(p).read_bytes()).hexdigest()
            else:
                out[p] = "special"
    return out


def assert_terminal_safe(result: CliResult) -> None:
    """No byte of stdout or stderr can drive a terminal: nothing below 0x20 but newline, no ESC, no C1."""
    for stream in (result.stdout, result.stderr):
        raw = stream.encode("utf-8", "surrogateescape")
        assert not [b for b in raw if b < 0x20 and b != 0x0A], stream
        assert "\x1b" not in stream and not any(0x80 <= ord(c) <= 0x9F for c in stream), stream
        assert "\u202e" not in stream and "\u2066" not in stream, stream


def emails(result: CliResult) -> int:
    return int(result.report["entities"].get("EMAIL_ADDRESS", {}).get("findings", 0))


# --------------------------------------------------------------------------------------------------
# scope: symbolic links and special files


@pytest.fixture
def tree_with_links(tmp_path: Path) -> tuple[Path, Path]:
    """A dump folder whose links lead out of it: to a neighbour's folder, to `..`, to /proc."""
    dump = tmp_path / "case" / "dump"
    neighbour = tmp_path / "case" / "other-client"
    write(dump / "clients.csv", HEADER + rows(3))
    write(neighbour / "secret.csv", HEADER + rows(5, domain="voisin.fr"))
    (dump / "to-neighbour").symlink_to(neighbour)
    (dump / "neighbour.csv").symlink_to(neighbour / "secret.csv")
    (dump / "parent").symlink_to("..")
    (dump / "environ.csv").symlink_to("/proc/self/environ")
    if Path("/proc/kmsg").exists():
        (dump / "kmsg.csv").symlink_to("/proc/kmsg")
    (dump / "loop").symlink_to(dump)
    return tmp_path, dump


def test_links_are_not_followed_out_of_the_named_tree(tree_with_links: tuple[Path, Path]) -> None:
    tmp_path, dump = tree_with_links
    before = snapshot(tmp_path / "case")
    result = run_cli([dump], outdir=tmp_path / "out", timeout=60)
    assert_clean(result)
    assert_terminal_safe(result)
    assert result.code == EXIT_PARTIAL
    assert [i["source"] for i in result.report["inputs"]] == [str(dump / "clients.csv")]
    links = 6 if Path("/proc/kmsg").exists() else 5
    assert result.skipped == {"symlink": links}
    assert emails(result) == 3
    assert "voisin" not in json.dumps(result.report)
    assert snapshot(tmp_path / "case") == before


def test_follow_follows_links_but_not_into_kernel_files_or_loops(tree_with_links: tuple[Path, Path]) -> None:
    tmp_path, dump = tree_with_links
    before = snapshot(tmp_path / "case")
    result = run_cli([dump, "--follow"], outdir=tmp_path / "out", timeout=60)  # /proc/kmsg would block
    assert_clean(result)
    assert_terminal_safe(result)
    assert result.code == EXIT_PARTIAL
    sources = sorted(Path(i["source"]).name for i in result.report["inputs"])
    # the neighbour's file through the file link and the folder link; `..` leads back to both
    assert sources.count("clients.csv") == 1 and "secret.csv" in sources and "neighbour.csv" in sources
    reasons = result.skipped
    assert reasons["special-file"] == (2 if Path("/proc/kmsg").exists() else 1)
    assert reasons.get("symlink-loop", 0) + reasons.get("already-scanned", 0) >= 2
    assert "symlink" not in reasons
    assert snapshot(tmp_path / "case") == before


def test_special_files_are_not_read_inside_a_walk_even_without_links(tmp_path: Path) -> None:
    d = tmp_path / "in"
    write(d / "good.csv", HEADER + rows(2))
    os.mkfifo(d / "pipe.csv")
    result = run_cli([d], outdir=tmp_path / "out", timeout=60)
    assert_clean(result)
    assert result.code == EXIT_PARTIAL
    assert result.skipped == {"special-file": 1}


def test_a_link_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere" / "x.csv", HEADER + rows(2))
    link = tmp_path / "in" / "named.csv"
    link.parent.mkdir()
    link.symlink_to(target)
    result = run_cli([link], outdir=tmp_path / "out")
    assert_clean(result)
    assert result.code == EXIT_OK
    assert emails(result) == 2


def test_process_substitution_is_read(tmp_path: Path) -> None:
    """`piiscan scan <(zcat dump.gz)`: the shell names a pipe in /dev/fd; it is read as asked."""
    read_end, write_end = os.pipe()
    payload = HEADER + rows(2000)

    def feed() -> None:
        with os.fdopen(write_end, "wb") as f:
            f.write(payload)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "piiscan", "scan", f"/dev/fd/{read_end}", "--report", str(out / "r.json")],
        env=cli_env(),
        pass_fds=(read_end,),
        capture_output=True,
        timeout=600,
        check=False,
    )
    os.close(read_end)
    thread.join(10)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert json.loads((out / "r.json").read_text())["entities"]["EMAIL_ADDRESS"]["findings"] == 2000


# --------------------------------------------------------------------------------------------------
# evidence: outputs never written over inputs, never partial


@pytest.mark.parametrize("flag", ["--report", "--findings", "--html"])
@pytest.mark.parametrize("how", ["same-path", "hard-link", "symlink", "inside-scanned-folder", "key-file"])
def test_an_output_never_writes_over_an_input(tmp_path: Path, flag: str, how: str) -> None:
    ext = {"--report": ".json", "--findings": ".jsonl", "--html": ".html"}[flag]
    d = tmp_path / "in"
    dump = write(d / f"dump{ext}", HEADER + rows(3))
    key = write(tmp_path / "key" / f"key{ext}", os.urandom(32))
    out = tmp_path / "out"
    out.mkdir()
    args: list[str | Path] = [dump]
    if how == "same-path":
        target: Path = dump
    elif how == "hard-link":
        target = out / f"alias{ext}"
        os.link(dump, target)
    elif how == "symlink":
        target = out / f"alias{ext}"
        target.symlink_to(dump)
    elif how == "inside-scanned-folder":
        args = [d]
        target = d / f"new-output{ext}"
    else:
        args = [dump, "--key-file", key]
        target = key
    before = snapshot(tmp_path)
    result = run_cli([*args, flag, target], outdir=out, report=False)
    assert_clean(result, max_stderr_lines=1)
    assert_terminal_safe(result)
    assert result.code == EXIT_USAGE
    assert result.stderr.startswith("piiscan: error: ")
    assert result.stdout == ""
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if "stdout-" not in k and "stderr-" not in k and "rss-" not in k} == {
        k: v for k, v in before.items()
    }


def test_two_outputs_naming_the_same_file_are_refused(tmp_path: Path) -> None:
    dump = write(tmp_path / "in" / "d.csv", HEADER + rows(1))
    out = tmp_path / "out"
    result = run_cli([dump, "--report", out / "x.json", "--findings", out / "x.json"], outdir=out, report=False)
    assert result.code == EXIT_USAGE
    assert not (out / "x.json").exists()


@pytest.mark.parametrize("name", ["f.txt", "f", "f.csv"])
def test_wrong_findings_extension_is_a_usage_error_before_scanning(tmp_path: Path, name: str) -> None:
    dump = write(tmp_path / "in" / "d.csv", HEADER + rows(1))
    out = tmp_path / "out"
    result = run_cli([dump, "--findings", out / name, "--report", out / "r.json"], outdir=out, report=False)
    assert_clean(result, max_stderr_lines=1)
    assert result.code == EXIT_USAGE
    assert not (out / "r.json").exists() and not (out / name).exists()


def test_unsafe_show_values_needs_findings_and_writes_a_private_file(tmp_path: Path) -> None:
    dump = write(tmp_path / "in" / "d.csv", HEADER + rows(2))
    out = tmp_path / "out"
    refused = run_cli([dump, "--unsafe-show-values"], outdir=out, report=False)
    assert_clean(refused, max_stderr_lines=1)
    assert refused.code == EXIT_USAGE
    found = out / "f.jsonl"
    result = run_cli([dump, "--unsafe-show-values", "--findings", found], outdir=out)
    assert_clean(result, max_stderr_lines=1)
    assert result.code == EXIT_OK
    assert "--unsafe-show-values" in result.stderr and "0600" in result.stderr
    assert found.stat().st_mode & 0o777 == 0o600
    assert "personne0@exemple.fr" not in result.stdout + result.stderr


def test_a_full_disk_is_an_output_error(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    dump = write(tmp_path / "in" / "d.csv", HEADER + rows(50))
    out = tmp_path / "out"
    out.mkdir()
    full = out / "full.jsonl"
    full.symlink_to("/dev/full")
    result = run_cli([dump, "--findings", full], outdir=out, report=False)
    assert_clean(result, max_stderr_lines=1)
    assert result.code == EXIT_OUTPUT_ERROR
    assert Path("/dev/full").is_char_device() and full.is_symlink()
    # standard output on a full disk (`piiscan scan d.csv > /dev/full`)
    with open("/dev/full", "wb") as full_stdout:
        proc = subprocess.run(
            [sys.executable, "-m", "piiscan", "scan", str(dump)],
            env=cli_env(),
            stdout=full_stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
            check=False,
        )
    assert proc.returncode == EXIT_OUTPUT_ERROR, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_an_interrupted_scan_leaves_no_output(tmp_path: Path) -> None:
    """The findings file exists under a temporary name while the scan runs, and only then: Ctrl-C (or a
    crash) in the middle leaves neither a partial file under the asked name nor the temporary one."""
    fifo = tmp_path / "in" / "slow.csv"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    out = tmp_path / "out"
    out.mkdir()
    found = out / "f.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "piiscan", "scan", str(fifo), "--findings", str(found), "--report", str(out / "r.json")],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with fifo.open("wb") as feed:
        feed.write(HEADER + rows(2000))
        feed.flush()
        deadline = time.monotonic() + 120
        while not list(out.glob(".f.jsonl.*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(out.glob(".f.jsonl.*.part")), "the findings file was not being written"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == EXIT_INTERRUPTED, err
    assert b"Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == []


def test_atomic_file_keeps_the_old_file_until_commit(tmp_path: Path) -> None:
    target = write(tmp_path / "r.json", b"old")
    out = AtomicFile(str(target))
    out.write("new")
    assert target.read_bytes() == b"old"
    out.abort()
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["r.json"]
    with AtomicFile(str(target)) as out:
        out.write("new")
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_check_outputs_accepts_outputs_beside_the_inputs(tmp_path: Path) -> None:
    d = tmp_path / "in"
    write(d / "a.csv", b"x")
    check_outputs({"--report": str(tmp_path / "r.json"), "--findings": "-", "--html": None}, [str(d), "-"])


# --------------------------------------------------------------------------------------------------
# terminal safety

HOSTILE_NAMES = ["\x1b]0;pwned\x07title", "x\nFAKE: 0 findings, all clean", "r\u202egpj.exe", "c1\x9b2J", "\x1b[2J"]


def test_hostile_names_and_headers_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    d = tmp_path / "in"
    for k, name in enumerate(HOSTILE_NAMES):
        write(d / f"{k}{name}.csv", f"nom;{name};email\nDupont;x;jean{k}@exemple.fr\n".encode())
    write(d / "keys.jsonl", json.dumps({"\x1b[31mrouge": "x", "email": "a@exemple.fr"}).encode() + b"\n")
    write(
        d / "cols.sql",
        b"INSERT INTO t (`nom`, `\x1b[2Jcol`, `email`) VALUES ('Dupont', 'x', 'b@exemple.fr');\n",
    )
    write(d / "empty\x1b[2J.csv", b"")  # skipped: its name reaches the warning on stderr
    out = tmp_path / "out"
    for quiet in ([], ["--quiet"]):
        result = run_cli([d, *quiet], outdir=out)
        assert_clean(result)
        assert_terminal_safe(result)
        assert result.code == EXIT_PARTIAL
        assert not any(line.startswith("FAKE") for line in result.stdout.splitlines())
        assert "empty\\x1b[2J.csv" in result.stderr  # every error on stderr, with --quiet too
    # the report keeps the real names (JSON escapes them); only the terminal sees them escaped
    assert any("\x1b" in i["source"] for i in result.report["inputs"])


def test_escape_is_one_printable_line() -> None:
    for name in [*HOSTILE_NAMES, "\udcff\udc80", "a\u2028b\u2029c", "z\u200bw\u2066x\u2069"]:
        shown = escape(name)
        assert shown.isprintable() and "\n" not in shown
        shown.encode("utf-8")  # never raises, even for a name that was not UTF-8


# --------------------------------------------------------------------------------------------------
# inputs that change while they are read


def test_a_file_that_grows_while_read_is_noted(tmp_path: Path) -> None:
    """A FIFO named explicitly has no size; a regular file that grows between the walk and the read is
    noted in the report (`inputs[].size_changed`) and counted."""
    from piiscan.scanner import Scanner, ScanOptions
    from piiscan.source.inputs import Input

    path = write(tmp_path / "grow.csv", HEADER + rows(10))
    declared = path.stat().st_size - 100
    scanner = Scanner(ScanOptions(workers=1))
    inp = Input(str(path), None, declared, lambda: path.open("rb"))
    list(scanner.scan_inputs([inp]))
    [stats] = scanner.partial.inputs
    assert stats.size_changed
    assert scanner.partial.changed_while_read == 1


# --------------------------------------------------------------------------------------------------
# bounded outputs and bookkeeping


def test_max_findings_bytes_stops_the_findings_file_at_a_whole_record(tmp_path: Path) -> None:
    dump = write(tmp_path / "in" / "d.csv", HEADER + rows(500))
    out = tmp_path / "out"
    found = out / "f.jsonl"
    result = run_cli([dump, "--findings", found, "--max-findings-bytes", "4K"], outdir=out)
    assert_clean(result)
    assert result.code == 6  # a safety limit was hit
    data = found.read_bytes()
    assert 0 < len(data) <= 4096 and data.endswith(b"\n")
    assert all(json.loads(line)["entity"] for line in data.splitlines())
    assert result.skipped == {"findings-limit": 1}
    assert emails(result) == 500  # the report still counts every finding
    assert "--max-findings-bytes" in result.stderr


def test_many_inputs_are_added_up_in_the_summary(tmp_path: Path) -> None:
    d = tmp_path / "in"
    for k in range(25):
        write(d / f"p{k:02d}.csv", HEADER + rows(1))
    result = run_cli([d], outdir=tmp_path / "out")
    assert_clean(result, max_stderr_lines=0)
    assert result.code == EXIT_OK
    assert "… and 17 more inputs" in result.stdout  # eight listed, the rest added up
    assert len(result.report["inputs"]) == 25
    assert len(result.report["sample_records"]) == 20


def test_the_plan_stays_within_the_memory_budget() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from piiscan import budget

    @given(st.integers(0, 512), st.integers(1 << 16, 1 << 28), st.integers(1, 256))
    def check(workers: int, chunk: int, cpus: int) -> None:
        w, size = budget.plan(workers=workers, chunk_size=chunk, cpus=cpus)
        assert 1 <= w <= (workers or cpus)
        assert size <= chunk and size >= min(chunk, budget.MIN_CHUNK)
        planned = budget.FIXED_BYTES + budget.BYTES_PER_CHUNK_BYTE * (w + 1) * size + budget.PER_WORKER_BYTES * w
        assert planned <= budget.MEMORY_BUDGET or size == min(chunk, budget.MIN_CHUNK)

    check()


def test_field_profiles_are_bounded_in_the_number_of_inputs() -> None:
    from piiscan.output.aggregate import OTHER_INPUTS, PROFILED_INPUTS, Partial

    partial = Partial()
    names = [f"dump/p{k}.csv" for k in range(PROFILED_INPUTS + 5)]
    assert [partial.profile_source(n) for n in names[:PROFILED_INPUTS]] == names[:PROFILED_INPUTS]
    assert {partial.profile_source(n) for n in names[PROFILED_INPUTS:]} == {OTHER_INPUTS}
    assert partial.profile_source(names[0]) == names[0]
