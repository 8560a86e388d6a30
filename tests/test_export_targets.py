"""`runtimer export --csv FILE` writes to what the user named, and replaces only files.

A FIFO or a device receives the bytes and stays what it is; a symbolic link keeps
pointing where it did and its target gets the CSV; a folder or a missing folder is
one line of error and exit 1; a regular file is replaced whole or not at all.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from runtimer.cli.history import export_command
from runtimer.core.records.model import Store
from runtimer.core.records.writer import SessionWriter
from runtimer.core.routine import Exercise, Load, Routine

TZ = timezone(timedelta(hours=1))
HEADER = "session_file,routine,session_started"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "sessions", tmp_path / "index.json")
    routine = Routine(
        name="Legs",
        exercises=(
            Exercise('=HYPERLINK("http://evil","click")', sets=1, reps=5, load=Load(8.0)),
            Exercise("Squat", sets=1, reps=5, load=Load(8.0, "kg")),
        ),
    )
    moments = iter(
        datetime(2026, 11, 20, 18, 30, tzinfo=TZ) + timedelta(minutes=n) for n in range(9)
    )
    writer = SessionWriter.start(store.sessions, routine, now=lambda: next(moments))
    writer.record_set(0, 1, load=8.0)
    writer.record_set(1, 1, load=8.0)
    writer.finish()
    return store


def export(store: Store, target: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = export_command(target, out, err, store)
    return code, out.getvalue(), err.getvalue()


def test_a_regular_file_is_replaced_and_formulas_are_defused(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "sets.csv"
    target.write_text("an older export")
    code, out, err = export(store, str(target))
    assert (code, out, err) == (0, f"Wrote 2 sets to {target}\n", "")
    written = target.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(written)))
    assert [row["exercise"] for row in rows] == ['\'=HYPERLINK("http://evil","click")', "Squat"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_a_symbolic_link_keeps_pointing_at_its_target(store: Store, tmp_path: Path) -> None:
    real = tmp_path / "exports" / "real.csv"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    code, out, _ = export(store, str(link))
    assert code == 0 and out == f"Wrote 2 sets to {link}\n"
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith(HEADER)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_receives_the_csv_and_stays_a_fifo(store: Store, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read)
    reader.start()
    code, out, err = export(store, str(fifo))
    reader.join(timeout=20)
    assert code == 0 and out == ""
    assert err == f"Wrote 2 sets to {fifo}\n"  # not on stdout: that may be the CSV
    assert received[0].decode("utf-8").startswith(HEADER)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(sys.platform == "win32", reason="needs /dev/null")
def test_a_character_device_is_written_not_replaced(store: Store) -> None:
    before = os.stat("/dev/null")
    code, _, err = export(store, "/dev/null")
    assert code == 0 and err == "Wrote 2 sets to /dev/null\n"
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_folder_is_refused_in_one_line(store: Store, tmp_path: Path) -> None:
    code, out, err = export(store, str(tmp_path))
    assert (code, out) == (1, "")
    assert (
        err
        == f"runtimer: can't write {tmp_path}: it is a folder; give a file name, e.g. sets.csv\n"
    )


def test_a_missing_folder_is_refused_in_one_line(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "x.csv"
    code, out, err = export(store, str(target))
    assert (code, out) == (1, "")
    assert err == (f"runtimer: can't write {target}: the folder {target.parent} does not exist\n")


def test_stdout_is_the_default_target(store: Store) -> None:
    code, out, err = export(store, "-")
    assert code == 0 and err == ""
    assert out.startswith(HEADER) and len(out.splitlines()) == 3
