"""History: reading logs back, the pictures a user sees, CSV, resume and the index."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from bench.history_bench import bench_history
from runtimer.cli.history import (
    export_command,
    history_command,
    render_consistency,
    render_exercise,
    render_history,
)
from runtimer.core.feeling import Feeling
from runtimer.core.history import store as history_module
from runtimer.core.history.export import CSV_COLUMNS, write_csv
from runtimer.core.history.report import consistency
from runtimer.core.history.store import History, Unreadable, load_history
from runtimer.core.history.wording import session_line, sparkline
from runtimer.core.plan import Side
from runtimer.core.records.files import read_log
from runtimer.core.records.model import Status, Store
from runtimer.core.records.writer import SessionWriter
from runtimer.core.resume import find_resumable
from runtimer.core.routine import Exercise, Load, Routine, Sides

TZ = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 9, 28, 18, 30, tzinfo=TZ)

ROUTINE = Routine(
    name="Full body",
    exercises=(
        Exercise("Goblet squat", sets=2, reps=12, load=Load(8.0, "kg", 2.0)),
        Exercise("Side plank", sets=1, hold=30, sides=Sides.EACH),
    ),
)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "sessions", tmp_path / "cache" / "history.sqlite3")


def workout(
    store: Store,
    start: datetime,
    *,
    load: float = 8.0,
    feeling: Feeling | None = Feeling.EASY,
    held: float = 30,
    skip_plank: bool = False,
    end: str = "finish",
    routine: Routine = ROUTINE,
) -> SessionWriter:
    """One workout as the app would record it: 5 minutes a set."""
    clock = Clock(start)
    writer = SessionWriter.start(store.sessions, routine, now=clock)
    for number in (1, 2):
        clock.advance(300)
        writer.record_set(0, number, load=load, feeling=feeling, duration=40)
    for side in (Side.LEFT, Side.RIGHT):
        clock.advance(300)
        writer.record_set(1, 1, side=side, held=None if skip_plank else held, skipped=skip_plank)
    if end == "finish":
        writer.finish()
    elif end == "partial":
        writer.keep_partial()
    elif end == "discard":
        writer.discard()
    assert writer.problem is None
    return writer


# ------------------------------------------------------------------ pictures


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ([], ""),
        ([1, 2, 3, 4, 5, 6, 7, 8], "▁▂▃▄▅▆▇█"),
        ([8, 8, 10, 12], "▁▁▅█"),  # 10 is 3.5 of 7 steps up: rounds to ▅
        ([5, 5, 5], "▄▄▄"),
        ([0, None, 10], "▁ █"),
        ([None, None], "  "),
    ],
)
def test_sparkline(values: list[float | None], line: str) -> None:
    assert sparkline(values) == line


def test_session_line(store: Store) -> None:
    finished = workout(store, MONDAY).log
    partial = workout(store, MONDAY + timedelta(days=2), end="partial").log
    assert (
        session_line(finished) == "Mon 28 Sep 2026 18:30  Full body               20 min   3/3 sets"
    )
    assert session_line(partial) == (
        "Wed 30 Sep 2026 18:30  Full body               20 min   3/3 sets  partial"
    )


def test_consistency_row_for_the_current_block(store: Store) -> None:
    # week 1: Mon, Wed, Fri; week 2: Tue only; week 3: none; week 4: Mon, Thu (today)
    for day in (0, 2, 4, 8, 21, 24):
        workout(store, MONDAY + timedelta(days=day))
    history = load_history(store)
    today = (MONDAY + timedelta(days=24)).date()
    shown = consistency(history.counted, today)
    assert shown.weeks == (3, 1, 0, 2)
    assert render_consistency(shown) == [
        "Consistency  (aim: 2–3 sessions a week for 8–12 weeks)",
        "  Block started Mon 28 Sep 2026; this is week 4 of 8–12.",
        "  week   1  2  3  4",
        "         ●  ◐  ○  ●",
        "  On target in 1 of 3 full weeks; this week so far: 2.  ● 2+ ◐ 1 ○ 0",
    ]


def test_consistency_after_a_long_break_and_with_nothing_yet(store: Store) -> None:
    workout(store, MONDAY)
    later = (MONDAY + timedelta(days=30)).date()
    assert render_consistency(consistency(load_history(store).counted, later))[1] == (
        "  No block under way (last session 30 days ago): the next session starts a new one."
    )
    assert render_consistency(consistency([], later))[1] == (
        "  No sessions yet: the first one starts an 8–12 week block."
    )


def test_a_new_block_starts_after_a_gap_of_three_weeks(store: Store) -> None:
    workout(store, MONDAY)
    restart = MONDAY + timedelta(days=25)
    workout(store, restart)
    shown = consistency(load_history(store).counted, restart.date())
    assert shown.block_start == restart.date()
    assert shown.weeks == (1,)


def test_exercise_pictures(store: Store) -> None:
    for day, load, held in ((0, 8, 20), (2, 8, 25), (4, 10, 30), (7, 12, 30)):
        workout(store, MONDAY + timedelta(days=day), load=load, held=held)
    counted = load_history(store).counted
    text = render_history(History(counted), (MONDAY + timedelta(days=8)).date())
    assert (
        "Exercises  (one mark per session, oldest on the left)\n"
        "  Goblet squat  (4 sessions)\n"
        "    load ▁▁▅█  8 → 12 kg\n"
        "    reps ▄▄▄▄  12 per set\n"
        "    last: 2×12 @ 12 kg, felt easy\n"
        "  Side plank  (4 sessions)\n"
        "    hold ▁▅██  20 → 30 s\n"
        "    last: 1×30 s each side\n"
    ) in text


def test_render_exercise_without_points_of_load() -> None:
    assert render_exercise("Plank", []) == ["Plank  (0 sessions)"]


def test_history_lists_sessions_newest_first_and_hides_discarded(store: Store) -> None:
    workout(store, MONDAY)
    workout(store, MONDAY + timedelta(days=2), end="discard")
    workout(store, MONDAY + timedelta(days=4), skip_plank=True, end="partial")
    text = render_history(load_history(store), (MONDAY + timedelta(days=5)).date())
    assert (
        "Recent sessions  (2 in all)\n"
        "  Fri 2 Oct 2026 18:30   Full body               20 min   2/3 sets  partial\n"
        "  Mon 28 Sep 2026 18:30  Full body               20 min   3/3 sets\n"
    ) in text
    assert "Wed 30 Sep" not in text


# ------------------------------------------------------------------ unreadable files

FOREIGN = {
    "empty.toml": (b"", "empty file"),
    "cut.toml": (b'format = 1\nroutine = "Full body"\nstarted = 2026-09-28T18:', "not valid TOML"),
    "latin1.toml": (b'routine = "Caf\xe9"\n', "not UTF-8 text"),
    "pyproject.toml": (b'[project]\nname = "x"\n', "not a runtimer workout log"),
    "future.toml": (b'format = 9\nroutine = "x"\n', "written by a newer runtimer (log format 9"),
    "no-offset.toml": (
        b'format = 1\nroutine = "x"\nstatus = "finished"\nstarted = 2026-09-28T18:30:00\n',
        "'started' must be a date and time with its UTC offset, got a date or time "
        "(2026-09-28T18:30:00)",
    ),
    "bad-set.toml": (
        b'format = 1\nroutine = "x"\nstatus = "finished"\nstarted = 2026-09-28T18:30:00Z\n'
        b'[[set]]\nexercise = "Squat"\nexercise_index = 0\nset_number = 1\nreps = "ten"\n'
        b"started = 2026-09-28T18:30:00Z\nended = 2026-09-28T18:31:00Z\n",
        "9:1: set 1: 'reps' must be a whole number from 0 to 999, got a string (\"ten\")",
    ),
    "bad-status.toml": (
        b'format = 1\nroutine = "x"\nstatus = "done"\nstarted = 2026-09-28T18:30:00Z\n',
        '\'status\' must be "in_progress", "finished", "partial" or "discarded", got "done"',
    ),
    "notes.txt": (b"my notes", "not a workout log (logs end in .toml)"),
}


def test_unreadable_files_are_listed_with_the_reason_and_left_alone(store: Store) -> None:
    workout(store, MONDAY)
    store.sessions.joinpath("old runs").mkdir()
    before: dict[str, tuple[bytes, int]] = {}
    for name, (content, _) in FOREIGN.items():
        path = store.sessions / name
        path.write_bytes(content)
        before[name] = (content, path.stat().st_mtime_ns)

    for _ in range(2):  # cold, then from the index
        history = load_history(store)
        assert len(history.sessions) == 1
        reasons = {item.name: item.reason for item in history.unreadable}
        assert set(reasons) == {*FOREIGN, "old runs"}
        for name, (_, expected) in FOREIGN.items():
            assert expected in reasons[name], (name, reasons[name])
        assert reasons["old runs"] == "a folder, not a workout log"

    workout(store, MONDAY + timedelta(days=1))  # writing more logs never touches them
    for name, (content, mtime) in before.items():
        path = store.sessions / name
        assert (path.read_bytes(), path.stat().st_mtime_ns) == (content, mtime)

    text = render_history(load_history(store), MONDAY.date())
    assert "Skipped 10 file(s) that are not readable logs:\n" in text
    assert "  notes.txt: not a workout log (logs end in .toml)\n" in text


def test_odd_file_names_and_escape_codes_print_safely(store: Store) -> None:
    workout(store, MONDAY, routine=Routine("\x1b[2Jclear\x07", ROUTINE.exercises))
    os.close(os.open(os.fsencode(store.sessions) + b"/caf\xe9\x1b.toml", os.O_CREAT | os.O_WRONLY))
    text = render_history(load_history(store), MONDAY.date())
    assert "\x1b" not in text and "\x07" not in text
    assert "  Mon 28 Sep 2026 18:30  \\x1b[2Jclear\\x07" in text
    assert "  caf\\udce9\\x1b.toml: empty file\n" in text


def test_a_huge_file_is_not_read(store: Store) -> None:
    store.sessions.mkdir(parents=True)
    (store.sessions / "huge.toml").write_bytes(b"#" * (5 * 1024 * 1024))
    assert load_history(store).unreadable == (
        Unreadable("huge.toml", "too big for a workout log (5120 kB; logs are a few kB)"),
    )


def test_a_missing_folder_is_an_empty_history(store: Store) -> None:
    assert load_history(store) == History(())


# ------------------------------------------------------------------ the index


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    parsed: list[Path] = []

    def spy(path: Path) -> Any:
        parsed.append(path)
        return read_log(path)

    monkeypatch.setattr(history_module, "read_log", spy)
    return parsed


def test_the_index_spares_parsing_unchanged_files(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = workout(store, MONDAY)
    workout(store, MONDAY + timedelta(days=2))
    cold = load_history(store)
    assert store.index is not None and store.index.exists()

    parsed = _forbid_parsing(monkeypatch)
    assert load_history(store) == cold
    assert parsed == []

    # change one file: only that one is read again, and its new content wins
    assert first.path is not None
    first.path.write_text(first.path.read_text().replace('"Full body"', '"Full body (edited)"'))
    warm = load_history(store)
    assert parsed == [first.path]
    assert warm.sessions[0].routine == "Full body (edited)"

    # a deleted file is gone, whatever the index says
    first.path.unlink()
    assert [s.routine for s in load_history(store).sessions] == ["Full body"]


def _settled(index: Path) -> None:
    """Fold the index's write-ahead log into the database file, as closing the last
    connection does, so damage to the file is damage to all of it."""
    with contextlib.closing(sqlite3.connect(index)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _sql(index: Path, statement: str) -> None:
    with contextlib.closing(sqlite3.connect(index, isolation_level=None)) as db:
        db.execute(statement)


@pytest.mark.parametrize(
    "damage",
    [
        lambda index: index.write_bytes(b"garbage" * 1000),
        lambda index: index.write_bytes(index.read_bytes()[: index.stat().st_size // 2]),
        lambda index: index.write_bytes(b""),
        lambda index: _sql(index, "PRAGMA user_version = 0"),  # an older schema
        lambda index: _sql(index, "PRAGMA user_version = 99"),  # a newer one
        lambda index: _sql(index, "DROP TABLE outings"),
        lambda index: _sql(index, "DELETE FROM sessions"),  # files left without their rows
        lambda index: _sql(index, "UPDATE sessions SET sets = '[1, 2'"),
        lambda index: _sql(index, "UPDATE outings SET day = 'Monday'"),
    ],
    ids=[
        "garbage",
        "cut short",
        "empty",
        "older schema",
        "newer schema",
        "a table dropped",
        "rows deleted",
        "a row that is not JSON",
        "a day that is not one",
    ],
)
def test_a_broken_index_is_ignored_and_rebuilt(
    store: Store, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    workout(store, MONDAY)
    workout(store, MONDAY + timedelta(days=2))
    first = load_history(store)
    truth = History(first.sessions, first.unreadable)  # not the database's any more
    first.close()
    truth_text = render_history(truth, MONDAY.date())
    assert store.index is not None
    _settled(store.index)
    for suffix in ("-wal", "-shm"):
        Path(f"{store.index}{suffix}").unlink(missing_ok=True)
    damage(store.index)
    parsed = _forbid_parsing(monkeypatch)
    again = load_history(store)
    assert render_history(again, MONDAY.date()) == truth_text
    assert again == truth
    assert len(parsed) <= 2  # at most the files themselves were read again
    parsed.clear()
    assert load_history(store) == truth
    assert parsed == []  # ...and the index repaired


def test_a_log_changed_by_a_sync_tool_is_read_again(store: Store) -> None:
    """A file-sync tool may put another machine's version in place with the same size
    and the other machine's modification time: the inode and ctime still change."""
    log = workout(store, MONDAY)
    assert log.path is not None
    load_history(store)
    before = log.path.stat()
    text = log.path.read_text()
    other = text.replace('"Full body"', '"Full bodY"')
    assert len(other) == len(text)
    synced = log.path.with_name(".syncthing.tmp")
    synced.write_text(other)
    os.utime(synced, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(synced, log.path)
    assert log.path.stat().st_size == before.st_size
    assert log.path.stat().st_mtime_ns == before.st_mtime_ns
    assert [s.routine for s in load_history(store).sessions] == ["Full bodY"]


def test_an_index_made_for_another_folder_is_not_used(tmp_path: Path) -> None:
    index = tmp_path / "history.sqlite3"
    one = Store(tmp_path / "one", index)
    two = Store(tmp_path / "two", index)
    workout(one, MONDAY)
    workout(two, MONDAY + timedelta(days=1), routine=Routine("Other", ROUTINE.exercises))
    assert [s.routine for s in load_history(one).sessions] == ["Full body"]
    assert [s.routine for s in load_history(two).sessions] == ["Other"]
    assert [s.routine for s in load_history(one).sessions] == ["Full body"]
    with contextlib.closing(sqlite3.connect(index)) as db:
        (folder,) = db.execute("SELECT value FROM meta WHERE key = 'folder'").fetchone()
    assert folder == str(one.sessions)


def test_an_index_that_cannot_be_written_costs_only_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "state"
    blocked.write_text("a file where the state folder should be")
    store = Store(tmp_path / "sessions", blocked / "history-index.json")
    workout(store, MONDAY)
    assert len(load_history(store).sessions) == 1


# ------------------------------------------------------------------ resume


def test_find_resumable_is_the_latest_unfinished_session(store: Store) -> None:
    assert find_resumable(load_history(store)) is None
    workout(store, MONDAY, end="none")
    latest = workout(store, MONDAY + timedelta(days=2), end="none")
    workout(store, MONDAY + timedelta(days=1))
    workout(store, MONDAY + timedelta(days=3), end="partial")
    workout(store, MONDAY + timedelta(days=4), end="discard")
    found = find_resumable(load_history(store))
    assert found is not None
    assert found.path == latest.path and found.status is Status.IN_PROGRESS
    assert len(found.sets) == 4


def test_keep_as_partial_settles_a_resumable_session(store: Store) -> None:
    workout(store, MONDAY, end="none")
    found = find_resumable(load_history(store))
    assert found is not None and found.path is not None
    SessionWriter.reopen(found.path, now=Clock(MONDAY + timedelta(days=3))).keep_partial()
    assert find_resumable(load_history(store)) is None
    settled = read_log(found.path)
    assert settled.status is Status.PARTIAL
    assert settled.ended == MONDAY + timedelta(minutes=20)  # its last set, not "now"


# ------------------------------------------------------------------ CSV


def test_csv_has_one_row_per_set_with_stable_columns(store: Store) -> None:
    workout(store, MONDAY, skip_plank=True)
    out = io.StringIO()
    assert write_csv(load_history(store), out) == 4
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert (
        tuple(rows[0])
        == CSV_COLUMNS
        == (
            "session_file",
            "routine",
            "session_started",
            "session_status",
            "exercise_index",
            "exercise",
            "set_number",
            "side",
            "planned_reps",
            "reps",
            "planned_hold_s",
            "held_s",
            "load",
            "unit",
            "feeling",
            "rest_before_s",
            "skipped",
            "started",
            "ended",
            "warmup",
            "circuit",
            "round",
            "station",
            "planned_work_s",
            "worked_s",
            "planned_distance_m",
            "pace_s_per_km",
        )
    )
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert re.fullmatch(r"2026-09-28T1830-full-body-[0-9a-f]{4}\.toml", first["session_file"])
    assert first == {
        "session_file": first["session_file"],
        "routine": "Full body",
        "session_started": "2026-09-28T18:30:00+01:00",
        "session_status": "finished",
        "exercise_index": "0",
        "exercise": "Goblet squat",
        "set_number": "1",
        "side": "",
        "planned_reps": "12",
        "reps": "12",
        "planned_hold_s": "",
        "held_s": "",
        "load": "8",
        "unit": "kg",
        "feeling": "easy",
        "rest_before_s": "",
        "skipped": "false",
        "started": "2026-09-28T18:34:20+01:00",
        "ended": "2026-09-28T18:35:00+01:00",
        "warmup": "false",
        "circuit": "",
        "round": "",
        "station": "",
        "planned_work_s": "",
        "worked_s": "",
        "planned_distance_m": "",
        "pace_s_per_km": "",
    }
    plank = dict(zip(CSV_COLUMNS, rows[3], strict=True))
    assert (plank["side"], plank["skipped"], plank["held_s"]) == ("left", "true", "")


def test_export_to_stdout_and_to_a_file(store: Store, tmp_path: Path) -> None:
    workout(store, MONDAY)
    out, err = io.StringIO(), io.StringIO()
    assert export_command("-", out, err, store) == 0
    assert out.getvalue().startswith("session_file,routine,")
    assert len(out.getvalue().splitlines()) == 5
    assert err.getvalue() == ""

    target = tmp_path / "sets.csv"
    target.write_text("old export")
    out = io.StringIO()
    assert export_command(str(target), out, err, store) == 0
    assert target.read_text().splitlines()[0].startswith("session_file,")
    assert out.getvalue() == f"Wrote 4 sets to {target}\n"


def test_export_refuses_the_log_folder_and_explains_failures(store: Store, tmp_path: Path) -> None:
    workout(store, MONDAY)
    log_name = next(store.sessions.iterdir())
    before = log_name.read_bytes()
    out, err = io.StringIO(), io.StringIO()
    assert export_command(str(log_name), out, err, store) == 1
    assert log_name.read_bytes() == before
    assert (
        err.getvalue() == f"runtimer: {log_name}: refusing to write into the workout log folder\n"
    )

    err = io.StringIO()
    missing = tmp_path / "no" / "such" / "dir" / "x.csv"
    assert export_command(str(missing), out, err, store) == 1
    assert err.getvalue().startswith(f"runtimer: can't write {missing}: ")


def test_export_mentions_unreadable_files(store: Store) -> None:
    workout(store, MONDAY)
    (store.sessions / "broken.toml").write_text("format = ")
    out, err = io.StringIO(), io.StringIO()
    assert export_command("-", out, err, store) == 0
    assert "skipped 1 unreadable file(s)" in err.getvalue()


# ------------------------------------------------------------------ CLI text


def test_history_command_with_nothing_recorded(store: Store) -> None:
    out = io.StringIO()
    assert history_command(out, store, today=MONDAY.date()) == 0
    assert out.getvalue() == (f"No workouts recorded yet. Logs will be kept in {store.sessions}\n")


def test_history_command_shows_everything(store: Store) -> None:
    workout(store, MONDAY)
    out = io.StringIO()
    assert history_command(out, store, today=MONDAY.date()) == 0
    text = out.getvalue()
    assert text.startswith("Consistency  (aim: 2–3 sessions a week for 8–12 weeks)\n")
    assert "Recent sessions  (1 in all)\n" in text
    assert "    last: 2×12 @ 8 kg, felt easy\n" in text


# ------------------------------------------------------------------ benchmark


def test_bench_history_reports_its_timings(tmp_path: Path) -> None:
    out = io.StringIO()
    result = bench_history(tmp_path, sessions=12, out=out)
    assert set(result) == {"sessions", "tomllib_only", "cold", "warm", "one_changed", "render"}
    assert result["sessions"] == 12
    assert all(value >= 0 for value in result.values())
    assert "         warm: " in out.getvalue()
    assert os.path.exists(tmp_path / "cache" / "history.sqlite3")


def test_a_read_asked_to_stop_stops_between_files_and_leaves_the_index(store: Store) -> None:
    """The app cancels its history read when it closes; a long first read must then
    end at once (the next file), not after every log is parsed."""
    from runtimer.core.history.store import ReadStopped

    for day in range(3):
        workout(store, MONDAY + timedelta(days=day))
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # the second file: stop

    with pytest.raises(ReadStopped):
        load_history(store, stop)
    assert len(asked) == 2
    assert store.index is not None  # what was read before the stop is not kept
    with contextlib.closing(sqlite3.connect(store.index)) as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone() == (0,)
    assert len(load_history(store).sessions) == 3  # the next read is whole


def test_a_set_done_again_after_going_back_is_exported_once_as_redone(store: Store) -> None:
    """`b` goes back and the set is done again: the log keeps both attempts, the CSV
    (like history and the advice) has the set once, with the redo's values."""
    clock = Clock(MONDAY)
    writer = SessionWriter.start(store.sessions, ROUTINE, now=clock)
    clock.advance(60)
    writer.record_set(0, 1, reps=8, load=8.0)
    clock.advance(60)
    writer.record_set(0, 1, reps=12, load=10.0)  # redone after going back
    clock.advance(60)
    writer.record_set(0, 2, reps=12, load=10.0)
    writer.finish()
    assert writer.path is not None
    assert len(read_log(writer.path).sets) == 3
    out = io.StringIO()
    assert write_csv(load_history(store), out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["set_number"], r["reps"], r["load"]) for r in rows] == [
        ("1", "12", "10"),
        ("2", "12", "10"),
    ]
