"""Logs written by an earlier runtimer still read, the same way: the files in
tests/data/format1 were written by the runtimer of commit 76dc35e (log format 1,
before circuits), not by hand."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

from runtimer.core.catalog import discover
from runtimer.core.history.export import CSV_COLUMNS, write_csv
from runtimer.core.history.store import load_history
from runtimer.core.plan import Side
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.engine import program_sessions
from runtimer.core.program.today import routines_by_key, starting_loads
from runtimer.core.records.files import read_log
from runtimer.core.records.model import FORMAT_VERSION, Status, Store
from runtimer.core.records.writer import SessionWriter

FORMAT1 = Path(__file__).parent / "data" / "format1"


def test_the_format_went_up_and_a_format_1_log_reads_as_it_was_written() -> None:
    assert FORMAT_VERSION == 2
    log = read_log(FORMAT1 / "2026-10-05T1830-full-body-for-runners.toml")
    assert (log.format, log.routine, log.status) == (1, "Full body for runners", Status.PARTIAL)
    assert [(s.exercise, s.set_number, s.side, s.reps, s.load, s.skipped) for s in log.sets] == [
        ("Press-ups", 1, None, 10, None, False),
        ("Press-ups", 2, None, 10, None, False),
        ("Dumbbell row", 1, Side.LEFT, 12, 8.0, False),
        ("Dumbbell row", 1, Side.RIGHT, 12, 8.0, False),
        ("Dumbbell row", 2, Side.LEFT, None, None, True),
    ]
    # What format 1 had no word for is simply absent: no warm-up sets, no circuits.
    assert not any(s.warmup or s.worked or s.planned_work for s in log.sets)
    assert all(info.circuit is None for info in log.exercises)
    core = read_log(FORMAT1 / "2026-10-07T0705-core-starter.toml")
    assert core.status is Status.FINISHED and core.sets_done == core.sets_planned == 10
    assert [s.held for s in core.sets if s.exercise == "Plank"] == [30.0, 30.0]


def test_history_and_the_csv_read_format_1_logs_beside_new_ones(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "state" / "index.json")
    shutil.copytree(FORMAT1, store.sessions)
    history = load_history(store)
    assert not history.unreadable
    assert [s.routine for s in history.sessions] == ["Full body for runners", "Core starter"]
    out = io.StringIO()
    assert write_csv(history, out) == 15
    rows = [dict(zip(CSV_COLUMNS, r, strict=True)) for r in csv.reader(io.StringIO(out.getvalue()))]
    assert {(r["warmup"], r["circuit"], r["worked_s"]) for r in rows[1:]} == {("false", "", "")}


def test_a_format_1_log_resumed_today_is_rewritten_as_format_2(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    shutil.copytree(FORMAT1, folder)
    path = folder / "2026-10-05T1830-full-body-for-runners.toml"
    writer = SessionWriter.reopen(path)
    writer.record_set(1, 2, side=Side.LEFT, load=8.0, duration=40)
    assert writer.problem is None
    again = read_log(path)
    assert again.format == FORMAT_VERSION
    assert len(again.sets) == 6 and again.sets[:5] == read_log(FORMAT1 / path.name).sets


FORMAT2 = Path(__file__).parent / "data" / "format2"
WEIGHT_TEST = FORMAT2 / "2026-12-03T1800-find-your-starting-weight-eb59.toml"
PROGRAM_SESSION = FORMAT2 / "2026-12-07T1830-full-body-for-runners-75cd.toml"


def test_format_2_logs_from_before_the_program_record_and_the_weight_marks_work_as_before(
    tmp_path: Path,
) -> None:
    """tests/data/format2 were written by the runtimer of commit 60eef05 (format 2,
    before a log kept `[program]` and `find_weight`), not by hand: the bundled weight
    test with each lift's third set rated hard, then the first session of
    strength-for-runners started from the menu's today, the row made heavier with `>`.
    They read as they were written, the program takes its first loads from the old test
    (its routine's marks say which lifts were tested) and counts the old session as its
    own (by its routine), and the history index gives back the same."""
    test, session = read_log(WEIGHT_TEST), read_log(PROGRAM_SESSION)
    assert (test.format, session.format) == (2, 2)
    assert test.program is None and session.program is None
    assert not any(info.find_weight for log in (test, session) for info in log.exercises)
    row = [
        (s.set_number, s.side, s.load, s.override) for s in session.sets if s.exercise_index == 1
    ]
    assert row == [
        (1, Side.LEFT, 8.0, False),
        (1, Side.RIGHT, 10.0, True),
        (2, Side.LEFT, 10.0, True),
        (2, Side.RIGHT, 10.0, True),
    ]
    catalog = discover(user_dir=Path("/none"))
    routines = routines_by_key(catalog)
    entry = discover_programs(catalog, user_dir=Path("/none")).find("strength-for-runners")
    assert entry is not None and entry.program is not None
    found = starting_loads(entry.program, routines, [test], date(2026, 12, 7))
    assert {key: load.amount for key, load in found.items()} == {
        "goblet squat": 10.0,
        "dumbbell row": 8.0,
        "overhead press": 4.0,
        "single-leg deadlift": 8.0,
    }
    counted = program_sessions(
        entry.program, date(2026, 12, 7), date(2026, 12, 9), routines, [test, session]
    )
    assert [(log.routine, key) for log, key in counted] == [("Full body for runners", "full-body")]
    store = Store(tmp_path / "sessions", tmp_path / "index.sqlite")
    shutil.copytree(FORMAT2, store.sessions)
    load_history(store)  # builds the index
    assert list(load_history(store).sessions) == [test, session]
