"""The workout log: every set reaches the disk at once, intact, wherever it may."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from runtimer.core import safefile
from runtimer.core.feeling import Feeling
from runtimer.core.history.store import load_history
from runtimer.core.plan import Side, StepKind, build_plan
from runtimer.core.records.files import log_file_name, log_slug, read_log
from runtimer.core.records.model import SetRecord, Status, Store, UnreadableLog
from runtimer.core.records.writer import SessionWriter
from runtimer.core.resume import resume_position, routine_changed
from runtimer.core.routine import Exercise, Load, Routine, Sides

TZ = timezone(timedelta(hours=1))


class Clock:
    """Wall-clock time that moves only when the test says so."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 21, 18, 30, tzinfo=TZ)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_routine(name: str = "Full body", source: Path | None = None) -> Routine:
    return Routine(
        name=name,
        exercises=(
            Exercise("Goblet squat", sets=2, reps=12, load=Load(8.0, "kg", 2.0)),
            Exercise("Side plank", sets=2, hold=30, sides=Sides.EACH),
            Exercise("Walking lunge", sets=1, reps=10, sides=Sides.ALTERNATING),
        ),
        source=source,
    )


def state(writer: SessionWriter) -> tuple[str | None, bool]:
    """(problem, saved), read fresh: mypy would keep narrowings across calls."""
    return writer.problem, writer.saved


def logs_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data" / "sessions"


# ------------------------------------------------------------------ recording


def test_each_set_is_on_disk_the_moment_it_is_recorded(folder: Path, clock: Clock) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    assert writer.path is not None
    assert read_log(writer.path).status is Status.IN_PROGRESS
    assert read_log(writer.path).sets == ()

    clock.advance(60)
    writer.record_set(0, 1, load=8, rest_before=None, duration=40)
    assert len(read_log(writer.path).sets) == 1
    clock.advance(130)
    writer.record_set(0, 2, reps=10, load=10, rest_before=90.04, duration=45)

    on_disk = read_log(writer.path)
    assert on_disk == writer.log
    second = on_disk.sets[1]
    assert (second.exercise, second.set_number, second.planned_reps, second.reps) == (
        "Goblet squat",
        2,
        12,
        10,
    )
    assert (second.load, second.unit, second.rest_before) == (10.0, "kg", 90.0)
    assert second.ended - second.started == timedelta(seconds=45)
    assert writer.problem is None and writer.saved


def test_feeling_can_be_rated_after_the_set_and_is_saved(folder: Path, clock: Clock) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    index = writer.record_set(0, 1, load=8)
    assert writer.path is not None
    assert read_log(writer.path).sets[0].feeling is None
    writer.set_feeling(index, Feeling.HARD)
    assert read_log(writer.path).sets[0].feeling is Feeling.HARD
    writer.set_feeling(index, None)  # rated by mistake: un-rate
    assert read_log(writer.path).sets[0].feeling is None


def test_the_file_holds_what_a_person_would_expect(tmp_path: Path, clock: Clock) -> None:
    source = tmp_path / "full-body.toml"
    source.write_bytes(b'name = "Full body"\n')
    writer = SessionWriter.start(tmp_path / "s", make_routine(source=source), now=clock)
    writer.record_set(1, 1, side=Side.LEFT, held=27.46, feeling=Feeling.OK)
    writer.record_set(1, 1, side=Side.RIGHT, skipped=True)
    clock.advance(600)
    writer.finish()
    assert writer.path is not None
    text = writer.path.read_text("utf-8")
    data = tomllib.loads(text)
    assert data["format"] == 2
    assert data["routine"] == "Full body"
    assert data["routine_path"] == str(source)
    assert data["routine_sha256"] == hashlib.sha256(b'name = "Full body"\n').hexdigest()
    assert "\nstarted = 2026-11-21T18:30:00+01:00\n" in text  # ISO 8601 with the offset
    assert "\nended = 2026-11-21T18:40:00+01:00\n" in text
    assert data["started"] == datetime(2026, 11, 21, 18, 30, tzinfo=TZ)
    assert data["status"] == "finished"
    left, right = data["set"]
    assert left["side"] == "left" and left["held"] == 27.5 and left["feeling"] == "ok"
    assert left["planned_hold"] == 30 and "reps" not in left
    assert right["skipped"] is True and "held" not in right and "feeling" not in right


def test_alternating_reps_count_both_legs_like_the_plan(folder: Path, clock: Clock) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    writer.record_set(2, 1)
    record = writer.log.sets[0]
    lunge_step = next(s for s in build_plan(make_routine()) if s.exercise_index == 2 and s.is_work)
    assert record.planned_reps == lunge_step.target_reps == 20
    assert record.reps == 20


def test_core_modules_never_import_textual() -> None:
    code = (
        "import sys, runtimer.core.records.writer, runtimer.core.history.wording, "
        "runtimer.core.history.export, runtimer.core.progress, runtimer.core.safefile, "
        "runtimer.core.paths; "
        "print(sorted(m for m in sys.modules if m.startswith('textual')))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_record_set_rejects_an_exercise_the_routine_does_not_have(
    folder: Path, clock: Clock
) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    with pytest.raises(ValueError, match="no exercise number 7"):
        writer.record_set(7, 1)


# ------------------------------------------------------------------ file names

NAME = re.compile(r"2026-11-21T1830-[a-z0-9-]{1,40}-[0-9a-f]{4}(-\d+)?\.toml")


@pytest.mark.parametrize(
    "routine_name",
    [
        "../../etc/x",
        "/etc/passwd",
        "a/b\\c",
        "..\\..\\windows",
        "nul\x00byte",
        "\x1b[31mred\x07",
        "x" * 300,
        "Ünïcödé Übungen",
        "...",
        "",
        "   ",
        "CON",
    ],
)
def test_any_routine_name_gives_a_safe_file_in_the_data_folder(
    folder: Path, clock: Clock, routine_name: str
) -> None:
    writer = SessionWriter.start(folder, make_routine(routine_name), now=clock)
    writer.record_set(0, 1, load=8)
    assert writer.problem is None
    assert writer.path is not None
    assert writer.path.parent == folder
    assert NAME.fullmatch(writer.path.name), writer.path.name
    assert logs_in(folder) == [writer.path.name]
    assert read_log(writer.path).routine == routine_name  # the real name is kept inside


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Full Body (Tuesday)", "full-body-tuesday"),
        ("../../etc/x", "etc-x"),
        ("Übungen für Läufer", "ubungen-fur-laufer"),
        ("///", "workout"),
        ("a" * 100, "a" * 40),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert log_slug(name) == slug


def test_an_existing_file_with_the_same_name_is_never_overwritten(
    folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("runtimer.core.records.writer.new_tag", lambda: "3f9a")
    folder.mkdir(parents=True)
    mine = folder / "2026-11-21T1830-full-body-3f9a.toml"
    mine.write_text("my own notes\n")
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    writer.record_set(0, 1, load=8)
    assert mine.read_text() == "my own notes\n"
    assert writer.path == folder / "2026-11-21T1830-full-body-3f9a-2.toml"
    second = SessionWriter.start(folder, make_routine(), now=clock)
    assert second.path == folder / "2026-11-21T1830-full-body-3f9a-3.toml"


def test_two_machines_never_name_two_logs_alike(folder: Path, clock: Clock) -> None:
    """Logs synced between machines share one folder: two workouts started in the same
    minute on two machines get different names (a random tag), and older names read."""
    names = {log_file_name("Full body", clock(), tag=None) for _ in range(50)}
    # A 4-hex-digit tag: two of 50 draws match about once in 50 runs (the writer never
    # overwrites a file that is there); three or more alike would mean it is not random.
    assert len(names) >= 48
    assert all(re.fullmatch(r"2026-11-21T1830-full-body-[0-9a-f]{4}\.toml", n) for n in names)


def test_a_file_swapped_in_under_our_name_is_kept_and_we_move_on(
    folder: Path, clock: Clock
) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    writer.record_set(0, 1, load=8)
    assert writer.path is not None
    first = writer.path
    first.unlink()
    first.write_text("a user's own file\n")
    writer.record_set(0, 2, load=8)
    assert first.read_text() == "a user's own file\n"
    assert writer.path != first and writer.path is not None
    assert len(read_log(writer.path).sets) == 2


def test_a_log_deleted_mid_workout_is_written_again_whole(folder: Path, clock: Clock) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    writer.record_set(0, 1, load=8)
    assert writer.path is not None
    path = writer.path
    path.unlink()
    writer.record_set(0, 2, load=8)
    assert writer.path == path
    assert len(read_log(path).sets) == 2


# ------------------------------------------------------------------ atomicity


def test_a_crash_between_write_and_rename_leaves_the_old_log_intact(
    folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    writer.record_set(0, 1, load=8)
    assert writer.path is not None
    before = writer.path.read_bytes()
    stranded: list[Path] = []

    def die_before_rename(src: Any, dst: Any) -> None:
        # Simulate kill -9 right here: the temp file is complete but never renamed,
        # and no cleanup code gets to run.
        stranded.append(Path(src))
        raise SystemExit("killed")

    monkeypatch.setattr(os, "unlink", lambda *a, **k: None)  # a dead process cleans nothing
    monkeypatch.setattr(os, "replace", die_before_rename)
    with pytest.raises(SystemExit):
        safefile.atomic_write(writer.path, b"half a new version")
    monkeypatch.undo()

    assert writer.path.read_bytes() == before
    assert stranded and stranded[0].exists()  # the garbage a real crash leaves behind
    history = load_history(Store(folder))
    assert [s.path for s in history.sessions] == [writer.path]
    assert history.unreadable == ()  # the temp file is neither a session nor a complaint


def test_a_failed_replace_removes_its_temp_file(
    folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    assert writer.path is not None
    before = writer.path.read_bytes()

    def refuse(src: Any, dst: Any) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "replace", refuse)
    writer.record_set(0, 1, load=8)
    monkeypatch.undo()
    assert writer.path.read_bytes() == before
    assert logs_in(folder) == [writer.path.name]
    assert writer.problem is not None and "input/output error" in writer.problem


def test_writes_are_flushed_to_disk_file_and_folder(
    folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    synced: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append("dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    writer.record_set(0, 1, load=8)
    assert synced == ["file", "dir"]


# ------------------------------------------------------------------ disk trouble


def _failing(code: int, real: Callable[..., Any]) -> Callable[..., Any]:
    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> Any:
        if flags & os.O_CREAT:
            raise OSError(code, os.strerror(code))
        return real(path, flags, *args, **kwargs)

    return fake_open


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "the disk is read-only")],
)
def test_a_full_or_read_only_disk_never_stops_the_workout(
    folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    writer.record_set(0, 1, load=8)
    assert writer.path is not None
    monkeypatch.setattr(os, "open", _failing(code, os.open))

    writer.record_set(0, 2, load=8)  # must not raise
    index = writer.record_set(1, 1, side=Side.LEFT)
    writer.set_feeling(index, Feeling.EASY)
    assert writer.problem == (
        f"Can't save the workout log to {folder}: {words}. Retrying; nothing is lost."
    )
    assert not writer.saved
    assert len(read_log(writer.path).sets) == 1  # the last good version, intact
    assert len(writer.log.sets) == 3  # everything kept in memory
    assert writer.retry() is False

    monkeypatch.undo()  # space freed / remounted read-write
    writer.record_set(1, 1, side=Side.RIGHT)
    assert state(writer) == (None, True)
    saved = read_log(writer.path)
    assert len(saved.sets) == 4
    assert saved.sets[2].feeling is Feeling.EASY
    assert logs_in(folder) == [writer.path.name]  # no temp files left behind


def test_explicit_retry_saves_once_the_disk_recovers(
    folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "open", _failing(errno.ENOSPC, os.open))
    writer = SessionWriter.start(folder, make_routine(), now=clock)  # must not raise
    writer.record_set(0, 1, load=8)
    problem, saved = state(writer)
    assert [writer.path, saved] == [None, False]  # nothing on disk yet, all in memory
    assert problem is not None and "disk is full" in problem
    monkeypatch.undo()
    assert writer.retry() is True
    assert state(writer) == (None, True)
    path = writer.path
    assert path is not None and len(read_log(path).sets) == 1


def test_data_folder_that_is_a_file_is_a_problem_not_a_crash(tmp_path: Path, clock: Clock) -> None:
    in_the_way = tmp_path / "sessions"
    in_the_way.write_text("not a folder")
    writer = SessionWriter.start(in_the_way, make_routine(), now=clock)
    writer.record_set(0, 1, load=8)
    writer.record_set(0, 2, load=8)
    assert writer.problem == (
        f"Can't save the workout log to {in_the_way}: a file is in the way where the "
        "folder should be. Retrying; nothing is lost."
    )
    assert in_the_way.read_text() == "not a folder"
    in_the_way.unlink()
    assert writer.retry()
    assert writer.path is not None and len(read_log(writer.path).sets) == 2


def test_a_failed_first_save_leaves_no_empty_placeholder(
    folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: Any, dst: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    assert writer.problem is not None
    assert logs_in(folder) == []


# ------------------------------------------------------------------ settling


def test_finish_keep_partial_and_discard(folder: Path, clock: Clock) -> None:
    finished = SessionWriter.start(folder, make_routine("A"), now=clock)
    finished.record_set(0, 1, load=8)
    clock.advance(100)
    finished.finish()
    assert finished.path is not None
    assert read_log(finished.path).status is Status.FINISHED
    assert read_log(finished.path).ended == clock.now

    partial = SessionWriter.start(folder, make_routine("B"), now=clock)
    partial.record_set(0, 1, load=8)
    last_set_end = clock.now
    clock.advance(3600)  # quit an hour later: the session still ended with its last set
    partial.keep_partial()
    assert partial.path is not None
    assert read_log(partial.path).status is Status.PARTIAL
    assert read_log(partial.path).ended == last_set_end

    with_sets = SessionWriter.start(folder, make_routine("C"), now=clock)
    with_sets.record_set(0, 1, load=8)
    with_sets.discard()
    assert with_sets.path is not None
    assert read_log(with_sets.path).status is Status.DISCARDED  # marked, not destroyed

    empty = SessionWriter.start(folder, make_routine("D"), now=clock)
    assert empty.path is not None and empty.path.exists()
    empty.discard()
    assert not empty.path.exists()  # nothing was done: the file we wrote goes


def test_discarding_a_workout_that_never_reached_the_disk_writes_nothing(
    folder: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "open", _failing(errno.EROFS, os.open))
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    monkeypatch.undo()
    assert writer.discard()
    assert writer.problem is None
    assert logs_in(folder) == []


def test_discard_never_deletes_a_file_we_did_not_write(folder: Path, clock: Clock) -> None:
    writer = SessionWriter.start(folder, make_routine(), now=clock)
    assert writer.path is not None
    path = writer.path
    path.unlink()
    path.write_text("the user's file\n")
    writer.discard()
    assert path.read_text() == "the user's file\n"


# ------------------------------------------------------------------ resume


def test_resume_after_a_kill_continues_in_the_same_file(folder: Path, clock: Clock) -> None:
    routine = make_routine()
    first = SessionWriter.start(folder, routine, now=clock)
    first.record_set(0, 1, load=8)
    first.record_set(0, 2, load=8)
    first.record_set(1, 1, side=Side.LEFT)
    del first  # the process dies: no finish, no cleanup

    pending = load_history(Store(folder)).sessions[-1]
    assert pending.status is Status.IN_PROGRESS and pending.path is not None
    writer = SessionWriter.reopen(pending.path, now=clock)
    plan = build_plan(routine)
    position = resume_position(routine, writer.log.sets)
    step = plan[position]
    assert (step.kind, step.exercise_index, step.set_number, step.side) == (
        StepKind.WORK,
        1,
        1,
        Side.RIGHT,
    )
    writer.record_set(1, 1, side=Side.RIGHT)
    writer.finish()
    assert writer.path == pending.path
    assert logs_in(folder) == [pending.path.name]
    assert len(read_log(pending.path).sets) == 4


def test_rating_a_set_found_by_position_after_a_resume(folder: Path, clock: Clock) -> None:
    first = SessionWriter.start(folder, make_routine(), now=clock)
    first.record_set(1, 1, side=Side.LEFT)
    first.record_set(1, 1, side=Side.RIGHT)
    assert first.path is not None
    writer = SessionWriter.reopen(first.path, now=clock)
    index = writer.index_of(1, 1, Side.LEFT)
    assert index == 0
    assert writer.index_of(1, 2, Side.LEFT) is None
    writer.set_feeling(index, Feeling.HARD)
    assert [s.feeling for s in read_log(first.path).sets] == [Feeling.HARD, None]


def test_routine_changed_compares_the_file_bytes(tmp_path: Path, clock: Clock) -> None:
    source = tmp_path / "r.toml"
    source.write_text('name = "Full body"\n')
    routine = make_routine(source=source)
    writer = SessionWriter.start(tmp_path / "s", routine, now=clock)
    assert not routine_changed(writer.log, routine)
    source.write_text('name = "Full body"\n# tweaked\n')
    assert routine_changed(writer.log, routine)


def test_reopen_refuses_a_broken_file(folder: Path) -> None:
    folder.mkdir(parents=True)
    broken = folder / "2026-11-21T1830-x.toml"
    broken.write_text('format = 1\nroutine = "x"\nstarted = 2026-11-')
    with pytest.raises(UnreadableLog, match="not valid TOML"):
        SessionWriter.reopen(broken)


def _rec(exercise: str, index: int, number: int, side: Side | None = None, **kw: Any) -> SetRecord:
    moment = datetime(2026, 11, 21, 18, 30, tzinfo=TZ)
    return SetRecord(exercise, index, number, moment, moment, side=side, **kw)


SQUAT, PLANK, LUNGE = "Goblet squat", "Side plank", "Walking lunge"


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        # nothing yet: from the very start (warm-up included)
        ([], (StepKind.WORK, 0, 1, None)),
        ([_rec(SQUAT, 0, 1)], (StepKind.WORK, 0, 2, None)),
        ([_rec(SQUAT, 0, 1), _rec(SQUAT, 0, 2)], (StepKind.WORK, 1, 1, Side.LEFT)),
        # a skipped set counts as dealt with
        ([_rec(SQUAT, 0, 1, skipped=True), _rec(SQUAT, 0, 2)], (StepKind.WORK, 1, 1, Side.LEFT)),
        # one side done: the other side is next
        (
            [_rec(SQUAT, 0, 1), _rec(SQUAT, 0, 2), _rec(PLANK, 1, 1, Side.LEFT)],
            (StepKind.WORK, 1, 1, Side.RIGHT),
        ),
        # a set skipped ahead does not hide an earlier gap
        ([_rec(SQUAT, 0, 2)], (StepKind.WORK, 0, 1, None)),
        # a record whose name no longer matches the routine is not trusted
        ([_rec("Back squat", 0, 1)], (StepKind.WORK, 0, 1, None)),
    ],
)
def test_resume_position(recorded: list[SetRecord], expected: tuple[Any, ...]) -> None:
    routine = make_routine()
    plan = build_plan(routine)
    position = resume_position(routine, recorded)
    if not recorded:
        assert position == 0
        return
    step = plan[position]
    assert (step.kind, step.exercise_index, step.set_number, step.side) == expected


def test_resume_position_when_everything_is_recorded() -> None:
    routine = make_routine()
    every = [
        _rec(routine.exercises[s.exercise_index].name, s.exercise_index, s.set_number, s.side)
        for s in build_plan(routine)
        if s.is_work
    ]
    assert resume_position(routine, every) == len(build_plan(routine))
