"""The history index (an SQLite cache of the logs): what it answers is what the logs say.

The logs are the truth; these tests hold the index's answers (the report, the advice,
the export) to what the logs themselves give, through helper processes, two
runtimers at once, and a cache folder that is read-only or full.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from runtimer.cli.history import render_history
from runtimer.core.feeling import Feeling
from runtimer.core.history import store as history_module
from runtimer.core.history.export import write_csv
from runtimer.core.history.store import History, load_history
from runtimer.core.plan import Side
from runtimer.core.progress import advise, counts, default_load, last_time
from runtimer.core.records.codec import session_to_toml
from runtimer.core.records.files import read_log
from runtimer.core.records.model import ExerciseInfo, SessionLog, SetRecord, Status, Store
from runtimer.core.routine import Exercise, Load, Routine, Sides

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 9, 7, 18, 30, tzinfo=TZ)
NAMES = ("Goblet squat", "Split squat", "Plank", "Calf raise")


def log_of(number: int) -> SessionLog:
    """A varied log: two routines, one-sided and held exercises, ratings, a skipped
    set, a discarded session and loads that go up now and then."""
    began = START + timedelta(days=number * 2 + number % 3, hours=number % 2)
    routine = "Legs" if number % 4 else "Full body"
    exercises = (
        ExerciseInfo(0, NAMES[0], 2, reps=10, load=8.0, unit="kg", load_step=2.0),
        ExerciseInfo(1, NAMES[1], 2, reps=8, sides=Sides.EACH),
        ExerciseInfo(2, NAMES[2], 2, hold=30),
        ExerciseInfo(3, NAMES[3 if number % 5 else 0].upper(), 1, reps=15),
    )
    sets = []
    moment = began
    for info in exercises:
        for number_in in range(1, info.sets + 1):
            for side in (Side.LEFT, Side.RIGHT) if info.sides is Sides.EACH else (None,):
                ended = moment + timedelta(seconds=40)
                sets.append(
                    SetRecord(
                        info.name,
                        info.index,
                        number_in,
                        moment,
                        ended,
                        side=side,
                        planned_reps=info.reps,
                        planned_hold=info.hold,
                        reps=info.reps - (number % 2) if info.reps else None,
                        held=30.0 if info.hold else None,
                        load=8.0 + 2 * (number // 5) if info.load else None,
                        unit="kg" if info.load else None,
                        feeling=(Feeling.EASY, Feeling.OK, Feeling.HARD, None)[number % 4],
                        skipped=(number % 7 == 3 and number_in == 2),
                    )
                )
                moment = ended + timedelta(seconds=60)
    status = Status.DISCARDED if number % 11 == 5 else Status.FINISHED
    return SessionLog(routine, began, status, moment, exercises=exercises, sets=tuple(sets))


def write_logs(store: Store, count: int) -> list[SessionLog]:
    store.sessions.mkdir(parents=True, exist_ok=True)
    logs = []
    for number in range(count):
        log = log_of(number)
        path = store.sessions / f"{log.started:%Y-%m-%dT%H%M}-{number:03d}.toml"
        path.write_text(session_to_toml(log), encoding="utf-8")
        logs.append(log)
    return logs


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "sessions", tmp_path / "cache" / "history.sqlite3")


def plain(history: History) -> tuple[list[SessionLog], list[object]]:
    return list(history.sessions), list(history.unreadable)


def test_the_report_from_the_index_is_the_report_from_the_logs(store: Store) -> None:
    write_logs(store, 40)
    indexed = load_history(store)
    in_memory = History(indexed.sessions, indexed.unreadable)
    for today in (date(2026, 10, 1), date(2026, 11, 20), date(2027, 6, 1)):
        assert render_history(indexed, today) == render_history(in_memory, today)
    out_a, out_b = io.StringIO(), io.StringIO()
    assert write_csv(indexed, out_a) == write_csv(in_memory, out_b)
    assert out_a.getvalue() == out_b.getvalue()


def test_the_advice_from_the_index_is_the_advice_from_every_log(store: Store) -> None:
    """`past_for` gives a workout only its routine's exercises; every hint is the same
    as with every log whole."""
    write_logs(store, 40)
    history = load_history(store)
    every = [s for s in history.sessions if counts(s)]
    routine = Routine(
        "Legs",
        (
            Exercise(NAMES[0], sets=2, reps=10, load=Load(8.0, "kg", 2.0)),
            Exercise(NAMES[2], sets=2, hold=30),
            Exercise(NAMES[3], sets=1, reps=15),
            Exercise("Never done", sets=1, reps=5),
        ),
    )
    past = history.past_for(routine)
    assert len(past) == len(every)  # every session still counts (blocks, "last time")
    assert sum(len(s.sets) for s in past) < sum(len(s.sets) for s in every)
    for today in (date(2026, 10, 1), date(2026, 11, 20), date(2027, 6, 1)):
        for exercise in routine.exercises:
            assert advise(past, exercise, today) == advise(every, exercise, today)
            assert last_time(past, exercise.name) == last_time(every, exercise.name)
            assert default_load(exercise, past) == default_load(exercise, every)


def test_helper_processes_read_a_long_history_the_same(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first read of many logs is shared out to helper processes."""
    logs = write_logs(store, 30)
    (store.sessions / "broken.toml").write_text("format = ", encoding="utf-8")
    monkeypatch.setattr(history_module, "PARALLEL_FROM", 5)
    monkeypatch.setattr(history_module.os, "cpu_count", lambda: 3)
    read_here: list[Path] = []
    real = history_module._read

    def spy(path: Path) -> object:
        read_here.append(path)
        return real(path)

    monkeypatch.setattr(history_module, "_read", spy)
    history = load_history(store)
    assert read_here == []  # all of them by the helpers
    in_order = sorted(logs, key=lambda log: log.started)
    assert [s.routine for s in history.sessions] == [log.routine for log in in_order]
    files = sorted(store.sessions.glob("2*.toml"))
    assert history.sessions == tuple(read_log(path) for path in files)
    (bad,) = history.unreadable
    assert bad.name == "broken.toml" and "not valid TOML" in bad.reason


def test_two_runtimers_reading_at_once_leave_a_sound_index(store: Store) -> None:
    """Two processes build and update the same index at the same time."""
    write_logs(store, 60)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from runtimer.core.history.store import load_history\n"
        "from runtimer.core.records.model import Store\n"
        "store = Store(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "for _ in range(3):\n"
        "    print(len(load_history(store).sessions))\n"
    )
    argv = [sys.executable, "-c", code, str(store.sessions), str(store.index)]
    children = [subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [child.communicate(timeout=120)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0]
    assert outputs == ["60\n60\n60\n"] * 2
    assert store.index is not None
    with contextlib.closing(sqlite3.connect(store.index)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(load_history(store).sessions) == 60


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "1m") -> Iterator[Path]:
    if sys.platform == "win32" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_read_only_cache_folder_still_shows_the_history(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "cache") as cache:
        store = Store(tmp_path / "sessions", cache / "history.sqlite3")
        write_logs(store, 20)
        first_read = load_history(store)
        truth = plain(first_read)
        first_read.close()  # a file open for writing would keep the remount from happening
        # One log changes while the cache cannot be written: it is still read.
        first = sorted(store.sessions.glob("*.toml"))[0]
        first.write_text(first.read_text().replace('"Full body"', '"Full body (mine)"'))
        subprocess.run(["mount", "-o", "remount,ro", str(cache)], check=True)
        history = load_history(store)
        assert history.sessions[0].routine == "Full body (mine)"
        assert history.sessions[1:] == tuple(truth[0][1:])
        assert render_history(history, date(2026, 11, 1))


def test_a_full_cache_folder_still_shows_the_history(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "cache", size="64k") as cache:
        store = Store(tmp_path / "sessions", cache / "history.sqlite3")
        logs = write_logs(store, 60)  # far more than 64 kB of index
        history = load_history(store)
        in_order = sorted(logs, key=lambda log: log.started)
        assert list(history.sessions) == in_order
        assert history.unreadable == ()
        assert render_history(history, date(2026, 11, 1))
