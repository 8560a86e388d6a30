"""The recorder: every set the engine records is on disk before the next key is pressed.

A real `SessionWriter` in a temporary folder, the `Session` engine on a fake clock,
and the log read back from disk with `read_log` after every step, as a person opening
the file would see it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from runtimer.core.feeling import Feeling
from runtimer.core.loader import load_routine
from runtimer.core.plan import Side
from runtimer.core.records.files import read_log
from runtimer.core.records.model import SessionLog, SetRecord, Status
from runtimer.core.records.writer import SessionWriter
from runtimer.core.resume import resumed_session
from runtimer.core.routine import Routine
from runtimer.core.session import Event, EventKind, Phase, Session
from runtimer.core.workout import Recorder
from tests.apphelp import DATA
from tests.fakeclock import FakeClock

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 11, 21, 18, 30, tzinfo=TZ)


class Rig:
    """A workout of mini.toml being recorded into `folder`, on one fake clock.

    The wall clock the writer stamps sets with follows the engine's monotonic clock,
    so set durations in the file can be checked to the second.
    """

    def __init__(self, folder: Path, routine: Routine | None = None) -> None:
        self.routine = routine or load_routine(DATA / "mini.toml")
        self.clock = FakeClock()
        self.origin = self.clock.now
        self.folder = folder
        self.writer = SessionWriter.start(folder, self.routine, now=self.wall)
        self.session = Session(self.routine, self.clock, wall=self.wall)
        self.recorder = Recorder(self.writer, self.session)
        self.recorded: list[SessionLog] = []  # the file as read right after each set

    def wall(self) -> datetime:
        return START + timedelta(seconds=self.clock.now - self.origin)

    @property
    def path(self) -> Path:
        assert self.writer.path is not None
        return self.writer.path

    def feed(self, events: list[Event]) -> list[Event]:
        """What the app does with events; after each recorded set, read the file."""
        for event in events:
            self.recorder.handle(event)
            if event.kind is EventKind.SET_RECORDED and self.writer.saved:
                self.recorded.append(read_log(self.path))
        return events

    def wait(self, seconds: float) -> list[Event]:
        self.clock.advance(seconds)
        return self.feed(self.session.tick())

    def do(self, action: Callable[[], list[Event]]) -> list[Event]:
        return self.feed(action())


def kinds(events: list[Event]) -> list[EventKind]:
    return [event.kind for event in events if event.kind is not EventKind.PIP]


def fields(record: SetRecord) -> tuple[Any, ...]:
    return (
        record.exercise,
        record.set_number,
        record.side,
        record.reps,
        record.held,
        record.skipped,
        record.rest_before,
        record.load,
        record.unit,
        record.feeling,
    )


def walk_first_sets(rig: Rig) -> None:
    """Warm-up, then set 1 of the split squat on both sides (2 reps left, 3 right)."""
    rig.wait(60)  # the warm-up runs out
    rig.wait(25)
    rig.do(rig.session.count_rep)
    rig.do(rig.session.count_rep)
    rig.do(rig.session.finish_set)  # left: 2 reps counted
    rig.wait(5)  # the switch pause runs out
    rig.wait(20)
    rig.do(rig.session.finish_set)  # right: none counted, done as planned


# ------------------------------------------------------------------ a whole workout


def test_every_set_is_in_the_file_the_moment_it_is_recorded(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "sessions")
    assert read_log(rig.path).status is Status.IN_PROGRESS
    assert read_log(rig.path).sets == ()

    assert kinds(rig.wait(60)) == [EventKind.WARMUP_ENDED]
    rig.wait(25)
    rig.do(rig.session.count_rep)
    rig.do(rig.session.count_rep)
    assert kinds(rig.do(rig.session.finish_set)) == [EventKind.SET_RECORDED]
    assert [fields(s) for s in rig.recorded[-1].sets] == [
        ("Split squat", 1, Side.LEFT, 2, None, False, None, None, None, None)
    ]
    first = rig.recorded[-1].sets[0]
    assert (first.started, first.ended) == (
        START + timedelta(seconds=60),
        START + timedelta(seconds=85),
    )
    assert first.planned_reps == 3

    rig.wait(5)  # the switch pause runs out by itself
    rig.wait(20)
    rig.do(rig.session.finish_set)  # no reps counted: done as planned
    assert fields(rig.recorded[-1].sets[1]) == (
        "Split squat", 1, Side.RIGHT, 3, None, False, 5.0, None, None, None
    )  # fmt: skip

    # Rated a moment later, from the rest screen: the file follows.
    assert kinds(rig.do(lambda: rig.session.rate_last(Feeling.HARD))) == [EventKind.SET_UPDATED]
    assert read_log(rig.path).sets[1].feeling is Feeling.HARD
    assert read_log(rig.path).sets[0].feeling is None

    rig.wait(12)
    rig.do(rig.session.skip)  # cut the rest short after 12 s
    rig.do(rig.session.skip)  # skip set 2, left side
    assert fields(rig.recorded[-1].sets[2]) == (
        "Split squat", 2, Side.LEFT, None, None, True, 12.0, None, None, None
    )  # fmt: skip

    rig.wait(5)
    rig.session.change_load(+1)  # a weight vest for the last side: 2 kg
    rig.wait(30)
    rig.do(rig.session.finish_set)
    assert fields(rig.recorded[-1].sets[3]) == (
        "Split squat", 2, Side.RIGHT, 3, None, False, 5.0, 2.0, "kg", None
    )  # fmt: skip

    rig.wait(30)  # rest before the plank
    rig.do(rig.session.start_hold)
    assert kinds(rig.wait(3)) == [EventKind.HOLD_STARTED]
    assert read_log(rig.path).status is Status.IN_PROGRESS
    assert kinds(rig.wait(20)) == [EventKind.HOLD_ENDED, EventKind.SET_RECORDED, EventKind.FINISHED]

    final = read_log(rig.path)
    assert fields(final.sets[4]) == ("Plank", 1, None, None, 20.0, False, 30.0, None, None, None)
    assert final.status is Status.FINISHED
    assert final.ended == START + timedelta(seconds=60 + 25 + 5 + 20 + 12 + 5 + 30 + 30 + 3 + 20)
    assert len(rig.recorded) == 5 and [len(log.sets) for log in rig.recorded] == [1, 2, 3, 4, 5]
    assert final.sets[1].feeling is Feeling.HARD  # the rating survived later rewrites
    assert final == rig.writer.log
    assert sorted(p.name for p in rig.folder.iterdir()) == [rig.path.name]  # no stray temp files


def test_a_rating_given_after_going_back_lands_on_the_redone_set(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "sessions")
    walk_first_sets(rig)
    rig.do(rig.session.back)  # redo the right side
    rig.do(rig.session.count_rep)
    rig.do(rig.session.finish_set)
    rig.do(lambda: rig.session.rate_last(Feeling.EASY))
    sets = read_log(rig.path).sets
    assert [(s.side, s.reps, s.feeling) for s in sets] == [
        (Side.LEFT, 2, None),
        (Side.RIGHT, 3, None),  # the first attempt stays in the log, unrated
        (Side.RIGHT, 1, Feeling.EASY),
    ]


def test_stopping_early_keeps_a_partial_log(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "sessions")
    walk_first_sets(rig)
    rig.wait(50)  # the user stands around, then stops
    rig.recorder.stop()
    log = read_log(rig.path)
    assert log.status is Status.PARTIAL
    assert len(log.sets) == 2
    assert log.ended == log.sets[-1].ended  # ends with the last set, not the dawdling


def test_stopping_during_the_warm_up_leaves_no_empty_log(tmp_path: Path) -> None:
    """Nothing done, nothing to keep: no "0 of 3 sets" workout in the history."""
    rig = Rig(tmp_path / "sessions")
    path = rig.path
    rig.wait(20)
    rig.recorder.stop()
    assert not path.exists()
    assert list(rig.folder.iterdir()) == []


# ------------------------------------------------------------------ a disk that says no


def refuse_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every file creation fails as a full or read-only disk makes it fail (reads still
    work). Root ignores permissions, so a chmod would not do it."""
    real_open = os.open

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
            raise OSError(code, os.strerror(code))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "the disk is read-only")],
)
def test_a_disk_that_refuses_writes_never_stops_the_workout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    folder = tmp_path / "sessions"
    rig = Rig(folder)
    rig.wait(60)
    rig.do(rig.session.finish_set)  # set 1 left reaches the disk
    refuse_writes(monkeypatch, code)

    rig.wait(30)  # the switch pause ends, with its pips: chances to retry, all refused
    rig.do(rig.session.finish_set)  # set 1 right: kept in memory
    rig.do(lambda: rig.session.rate_last(Feeling.OK))
    rig.wait(19)  # pips of the rest between sets
    assert rig.recorder.problem == (
        f"Can't save the workout log to {folder}: {words}. Retrying; nothing is lost."
    )
    assert rig.session.phase is Phase.REST  # the workout went on
    assert len(read_log(rig.path).sets) == 1  # the last good file, intact and readable

    monkeypatch.undo()  # space freed, or the disk remounted read-write
    rig.wait(1)  # the rest ends: the next event saves everything pending
    assert rig.recorder.problem is None
    saved = read_log(rig.path)
    assert [(s.set_number, s.side, s.feeling) for s in saved.sets] == [
        (1, Side.LEFT, None),
        (1, Side.RIGHT, Feeling.OK),
    ]
    assert sorted(p.name for p in folder.iterdir()) == [rig.path.name]


def test_a_log_that_never_reached_the_disk_is_written_whole_by_the_next_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    refuse_writes(monkeypatch, errno.EROFS)
    rig = Rig(folder)  # the log cannot even be created
    assert rig.writer.path is None
    walk_first_sets(rig)
    assert rig.recorder.problem is not None and "read-only" in rig.recorder.problem
    assert not folder.exists() or list(folder.iterdir()) == []

    monkeypatch.undo()
    rig.wait(20)
    rig.do(rig.session.finish_set)  # set 2 left
    assert rig.recorder.problem is None
    log = read_log(rig.path)
    assert [(s.set_number, s.side, s.reps) for s in log.sets] == [
        (1, Side.LEFT, 2),
        (1, Side.RIGHT, 3),
        (2, Side.LEFT, 3),
    ]
    assert log.started == START


def test_the_end_of_the_workout_is_saved_once_the_disk_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finished while the disk was full: the summary shows, and a retry settles it."""
    rig = Rig(tmp_path / "sessions")
    walk_first_sets(rig)
    refuse_writes(monkeypatch, errno.ENOSPC)
    rig.wait(20)
    rig.do(rig.session.skip)  # set 2 left
    rig.wait(5)
    rig.do(rig.session.finish_set)
    rig.wait(30)
    rig.do(rig.session.start_hold)
    rig.wait(3)
    rig.wait(20)
    assert rig.session.phase is Phase.DONE
    assert read_log(rig.path).status is Status.IN_PROGRESS
    monkeypatch.undo()
    assert rig.writer.retry()
    log = read_log(rig.path)
    assert log.status is Status.FINISHED and len(log.sets) == 5


# ------------------------------------------------------------------ resuming


def test_a_resumed_session_continues_at_the_next_set_with_the_earlier_ones_counted(
    tmp_path: Path,
) -> None:
    rig = Rig(tmp_path / "sessions")
    rig.session.change_load(+2)  # 4 kg for the split squat
    walk_first_sets(rig)
    rig.do(lambda: rig.session.rate_last(Feeling.HARD))
    path = rig.path  # the process dies here: only the file is left

    routine = load_routine(DATA / "mini.toml")
    clock = FakeClock(50_000.0)  # a new process: another monotonic clock
    session = resumed_session(routine, read_log(path), clock)
    step = session.step
    assert step is not None
    assert (session.phase, step.exercise_index, step.set_number, step.side) == (
        Phase.WORK,
        0,
        2,
        Side.LEFT,
    )
    assert session.sets_done() == 1
    summary = session.summary()
    assert (summary.sets_done, summary.total_sets) == (1, 3)
    assert (summary.exercises[0].sets_done, summary.exercises[0].reps_done) == (1, 5)
    assert summary.not_reached == ["Split squat set 2", "Plank set 1"]
    assert session.load(0) == 4.0  # the weight carried before the crash
    last = session.last_result
    assert last is not None and (last.side, last.feeling) == (Side.RIGHT, Feeling.HARD)

    # Carry on in the same file.
    writer = SessionWriter.reopen(path, now=lambda: START + timedelta(hours=1))
    recorder = Recorder(writer, session)
    for event in session.finish_set():
        recorder.handle(event)
    log = read_log(path)
    assert [(s.set_number, s.side, s.load) for s in log.sets] == [
        (1, Side.LEFT, 4.0),
        (1, Side.RIGHT, 4.0),
        (2, Side.LEFT, 4.0),
    ]
    assert log.sets[1].feeling is Feeling.HARD
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_resume_counts_a_skipped_set_as_skipped(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "sessions")
    rig.wait(60)
    rig.do(rig.session.skip)  # set 1 left skipped
    routine = rig.routine
    session = resumed_session(routine, read_log(rig.path), FakeClock())
    step = session.step
    assert step is not None and (step.set_number, step.side) == (1, Side.RIGHT)
    assert session.sets_done() == 0
    assert session.summary().skipped == ["Split squat set 1"]


def test_a_resume_with_nothing_done_starts_at_the_warm_up(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "sessions")
    session = resumed_session(rig.routine, read_log(rig.path), FakeClock())
    assert session.phase is Phase.WARMUP and session.sets_done() == 0


def test_history_loads_are_used_until_the_workout_carried_its_own(tmp_path: Path) -> None:
    rig = Rig(tmp_path / "sessions")
    rig.session.change_load(+1)
    walk_first_sets(rig)  # split squat at 2 kg
    session = resumed_session(rig.routine, read_log(rig.path), FakeClock(), loads={0: 10.0, 1: 5.0})
    assert session.load(0) == 2.0  # what this workout carried wins
    assert session.load(1) == 5.0  # the plank was not reached: as a fresh start would be


def test_a_routine_edited_since_the_start_gets_no_one_elses_sets(tmp_path: Path) -> None:
    """The plank became the first exercise: the split squat sets done do not count for
    it, and their weight does not follow the exercise's position."""
    rig = Rig(tmp_path / "sessions")
    rig.session.change_load(+4)  # 8 kg split squat
    walk_first_sets(rig)
    text = (DATA / "mini.toml").read_text()
    squat, plank = text.split("[[exercise]]")[1:]
    edited = tmp_path / "mini.toml"
    edited.write_text(
        text.split("[[exercise]]")[0] + "[[exercise]]" + plank + "[[exercise]]" + squat
    )
    routine = load_routine(edited)
    assert [e.name for e in routine.exercises] == ["Plank", "Split squat"]
    session = resumed_session(routine, read_log(rig.path), FakeClock())
    assert session.exercise is not None and session.exercise.name == "Plank"
    assert session.sets_done() == 0
    assert session.load(0) is None
