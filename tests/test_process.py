"""The command line's process-wide settings (piiscan.process): applied by `main`, undone for an embedder."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest

from piiscan import process
from piiscan.cli import main


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    process.restore()
    if was:
        gc.enable()
    else:
        gc.disable()


def test_prepare_pauses_the_collector_until_settle(collector_on, monkeypatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    process.prepare()
    assert not gc.isenabled()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    process.settle()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    process.restore()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_restore_turns_the_collector_back_on_without_settle(collector_on) -> None:
    frozen = gc.get_freeze_count()
    process.prepare()
    process.restore()
    assert gc.isenabled()
    process.settle()  # nothing left to do: the caller's objects are not frozen
    assert gc.get_freeze_count() == frozen


def test_a_process_that_ends_with_the_command_keeps_them_frozen(collector_on, monkeypatch) -> None:
    """The `piiscan` program: the exit would otherwise walk start-up's objects again (~0.25 s)."""
    monkeypatch.setattr(process, "_ending", False)
    process.end_with_command()
    process.prepare()
    process.settle()
    frozen = gc.get_freeze_count()
    process.restore()
    assert gc.isenabled() and gc.get_freeze_count() == frozen > 0
    gc.unfreeze()


def test_a_blas_thread_count_set_by_the_user_is_kept(collector_on, monkeypatch) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    process.prepare()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"


def test_a_collector_the_caller_turned_off_stays_off(collector_on) -> None:
    gc.disable()
    process.prepare()
    process.settle()
    process.restore()
    assert not gc.isenabled()


def test_main_leaves_the_collector_on_even_after_an_error(collector_on, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    assert main(["scan", str(missing), "--quiet"]) != 0
    assert gc.isenabled()


def test_main_in_process_leaves_nothing_frozen(collector_on, tmp_path: Path) -> None:
    """An embedder (or a test) that calls `main` keeps a collector that can free its own objects."""
    path = tmp_path / "a.csv"
    path.write_text("nom;email\nDupont;jean.dupont@exemple.fr\n", encoding="utf-8")
    assert main(["scan", str(path), "--quiet", "--report", str(tmp_path / "r.json")]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_cffi_is_hidden_only_inside_the_program_and_only_for_a_while(monkeypatch) -> None:
    """numba's first kernel load imports cffi when it can (~25 ms); the program keeps it from doing so."""
    monkeypatch.delitem(sys.modules, "cffi", raising=False)
    monkeypatch.setattr(process, "_ending", False)
    with process.numba_without_cffi():
        assert sys.modules.get("cffi", "absent") is not None  # an embedder's process: not blocked
    process.end_with_command()
    with process.numba_without_cffi(), pytest.raises(ImportError):
        import cffi  # noqa: F401
    assert "cffi" not in sys.modules  # importable again (for zstandard's cffi backend, say)
