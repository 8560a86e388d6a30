"""A program's session that the app did not finish: its log says it was the program's
(`[program]`, with the targets it applied), a resume goes on with those targets, and
a load changed after the resume is logged as an override. The record reads back
through the log file and the history index alike, and the engine counts the
program's sessions by it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from runtimer.core.catalog import discover
from runtimer.core.feeling import Feeling
from runtimer.core.history.store import load_history
from runtimer.core.program.active import Active, save_active
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.engine import (
    Target,
    plan_today,
    program_sessions,
    resumed_targets,
)
from runtimer.core.program.model import Phase, Program
from runtimer.core.program.today import routines_by_key
from runtimer.core.records.codec import parse_log, session_from_rows, session_rows, session_to_toml
from runtimer.core.records.files import read_log
from runtimer.core.records.model import SessionLog, Status, Store, UnreadableLog
from runtimer.core.records.quickread import quick_parse
from runtimer.core.routine import Exercise, Load, Routine
from runtimer.ui.app import RuntimerApp
from runtimer.ui.screens.dialogs import ChoiceDialog
from runtimer.ui.screens.menu import MenuScreen
from runtimer.ui.screens.workout import WorkoutScreen
from tests.apphelp import make_app, text
from tests.conftest import UserDirs
from tests.programlogs import did, follow

TZ = timezone(timedelta(hours=1))
START = date(2026, 12, 7)  # a Monday
TODAY = date(2026, 12, 8)

PRESS = """\
name = "Press day"
rest_between_sets = "20s"
rest_between_exercises = "30s"

[[exercise]]
name = "Dumbbell press"
sets = 2
reps = 12
load = 10
load_step = 2

[[exercise]]
name = "Plank"
sets = 1
hold = "20s"
"""

# Week 1 is already "heavy": 3 × 8 with 2 min 30 s rests, where the routine itself
# says 2 × 12 with 20 s, so a resume that forgot the program would be plain to see.
BLOCK = """\
name = "Press block"
weeks = 4
sessions_per_week = 2
routines = ["press"]

[[phase]]
name = "heavy"
weeks = "1-4"
applies_to = "loaded"
sets = 3
reps = 8
rest = "2m30s"
"""

WHY = "10 kg: the routine's weight; start light."


class Wall:
    """The logs' wall clock, moved by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def folders(tmp_path: Path, user_dirs: UserDirs) -> tuple[Path, Path, Store]:
    """A routines folder with Press day, a programs folder with Press block, started
    on START and active, and an empty log store."""
    routines = tmp_path / "routines"
    programs = tmp_path / "programs"
    routines.mkdir()
    programs.mkdir()
    (routines / "press.toml").write_text(PRESS, "utf-8")
    (programs / "press-block.toml").write_text(BLOCK, "utf-8")
    save_active(Active("press-block", START), user_dirs.state / "state.toml")
    return routines, programs, Store(tmp_path / "sessions", tmp_path / "index.json")


async def test_a_program_session_stopped_after_set_2_resumes_with_the_programs_targets(
    tmp_path: Path, user_dirs: UserDirs
) -> None:
    routines, programs, store = folders(tmp_path, user_dirs)
    wall = Wall(datetime(2026, 12, 8, 18, 0, tzinfo=TZ))

    def app_now() -> RuntimerApp:
        return make_app(
            routines, store=store, today=lambda: TODAY, wall=wall, program_dirs=[programs]
        )

    app = app_now()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert "Dumbbell press  3 × 8 @ 10 kg" in text(app, "#preview-text")
        await pilot.press("enter")  # today's session
        await pilot.press("enter", "space", "enter")  # set 1, its rest, set 2
        assert text(app, "#subtitle") == "Next: Dumbbell press, set 3 of 3  ·  10 kg"
    # The app is gone mid-workout (as after kill -9: every set was on disk already).
    (path,) = store.sessions.glob("*.toml")
    log = read_log(path)
    assert log.status is Status.IN_PROGRESS and len(log.sets) == 2
    assert log.program is not None
    assert (log.program.file, log.program.week, log.program.session) == ("press-block", 1, 1)
    press = log.program.targets[0]
    assert (press.name, press.sets, press.reps, press.load, press.rest, press.why) == (
        "Dumbbell press",
        3,
        8,
        10.0,
        150,
        WHY,
    )

    wall.now += timedelta(hours=1)
    app = app_now()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        # The program's 3 × 8, not the routine file's 2 × 12 (which would be done).
        assert text(app, "#title") == "DUMBBELL PRESS"
        assert text(app, "#subtitle") == "set 3 of 3  ·  10 kg"
        assert text(app, "#progress-text").startswith("2/4 sets")
        assert text(app, "#history-line") == WHY
        press_now = screen.session.routine.exercises[0]
        assert (press_now.reps, press_now.rest_between_sets) == (8, 150)
        await pilot.press("greater_than_sign")  # 12 kg: the user's choice
        assert text(app, "#subtitle") == "set 3 of 3  ·  12 kg"
        await pilot.press("enter")  # set 3, at 12 kg
        assert text(app, "#title") == "REST · NEXT EXERCISE"  # the press's 3 sets are done
    log = read_log(path)
    assert [(s.set_number, s.load, s.override) for s in log.sets] == [
        (1, 10.0, False),
        (2, 10.0, False),
        (3, 12.0, True),
    ]
    assert log.program is not None and log.program.targets[0].why == WHY  # kept on resume
    assert len(log.interruptions) == 1


# -- the record in the log and the index --------------------------------------------

ROW = Exercise("Dumbbell row", sets=2, reps=12, load=Load(10.0, "kg", 2.0))
PLANK = Exercise("Plank", sets=2, hold=30)
FULL = Routine("Full body", (ROW, PLANK), source=Path("/r/full-body.toml"))
PROGRAM = Program(
    "Block",
    weeks=8,
    sessions_per_week=(2, 3),
    routines=("full-body",),
    phases=(Phase("heavy", 1, 8, sets=3, reps=8, rest=150),),
    source=Path("/p/block.toml"),
)


def program_log(day: int = 0, file: str = "block") -> SessionLog:
    """A session of today's plan on START + `day`, as the app logs it."""
    plan = plan_today(PROGRAM, START, START + timedelta(days=day), {"full-body": FULL}, [])
    assert plan is not None
    log = did(plan.routine, START + timedelta(days=day), loads=plan.loads)
    return replace(log, program=replace(plan.record(), file=file))


def test_the_program_record_survives_the_log_file_and_the_index_rows() -> None:
    log = program_log()
    assert log.program is not None
    assert [t.name for t in log.program.targets] == ["Dumbbell row", "Plank"]
    text = session_to_toml(log)
    assert '[program]\nfile = "block"\nweek = 1\nsession = 1\n' in text
    assert text.count("[[program.target]]") == 2
    assert parse_log(text.encode()) == log
    # The quick reader takes it (no slow path for a program's logs) and agrees.
    assert quick_parse(text) == tomllib.loads(text)
    assert session_from_rows(*session_rows(log)) == log
    plain = replace(log, program=None)
    assert "program" not in session_to_toml(plain)
    assert parse_log(session_to_toml(plain).encode()).program is None


def test_the_history_index_keeps_the_record(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "index.sqlite")
    store.sessions.mkdir()
    (store.sessions / "a.toml").write_text(session_to_toml(program_log()), "utf-8")
    first = load_history(store)  # builds the index
    again = load_history(store)  # reads it back
    assert first.sessions[0].program == again.sessions[0].program == program_log().program


@pytest.mark.parametrize(
    ("good", "bad", "message"),
    [
        (
            "week = 1",
            "week = 0",
            "x.toml:12:1: program: 'week' must be a whole number from 1 to 1000, got 0",
        ),
        (
            'file = "block"',
            "file = 7",
            "x.toml:11:1: program: 'file' must be text in quotes, got an integer (7)",
        ),
        (
            "rest = 150",
            "rest = -1",
            "x.toml:22:1: program: target 1: 'rest' must be a whole number from 0 to 86400, got -1",
        ),
        (
            "index = 1",
            "index = 100",
            "x.toml:26:1: program: target 2: 'index' must be a whole number from 0 to 49, got 100",
        ),
    ],
    ids=["week", "file", "rest", "index"],
)
def test_a_bad_program_record_is_one_located_line(good: str, bad: str, message: str) -> None:
    """A log is a file anyone can edit: a bad value in its record says where it is
    (the first of each key is the program's, or its first target's)."""
    text = session_to_toml(program_log())
    with pytest.raises(UnreadableLog) as caught:
        parse_log(text.replace(good, bad, 1).encode())
    assert caught.value.about("x.toml") == message


# -- resuming and the engine ----------------------------------------------------------


def test_a_resume_applies_the_kept_targets_where_the_routine_still_matches() -> None:
    log = program_log()
    assert log.program is not None
    kept = resumed_targets(FULL, log.program)
    row, plank = kept.routine.exercises
    assert plank.sets == 3  # the phase is for every exercise
    assert (row.sets, row.reps, row.rest_between_sets, row.load) == (3, 8, 150, Load(10, "kg", 2))
    assert kept.loads == {0: 10.0}
    assert kept.advice[0].reason == log.program.targets[0].why
    # The routine was edited since: the renamed exercise keeps its own plan.
    edited = replace(FULL, exercises=(replace(ROW, name="Bent-over row"), PLANK))
    kept = resumed_targets(edited, log.program)
    assert kept.routine.exercises[0] == edited.exercises[0]
    assert kept.loads == {} and 0 not in kept.advice
    assert kept.routine.exercises[1] == plank


def test_a_target_reads_back_as_it_was() -> None:
    log = program_log()
    assert log.program is not None
    plan = plan_today(PROGRAM, START, START, {"full-body": FULL}, [])
    assert plan is not None
    assert [Target.from_record(t) for t in log.program.targets] == list(plan.targets)


def test_the_engine_counts_the_sessions_the_log_says_are_the_programs() -> None:
    ours = program_log(0)
    other = program_log(2, file="another-block")  # the same routine, another program's
    older = replace(program_log(4), program=None)  # before the record: by its routine
    elsewhere = replace(  # recorded for this program, from a routine it names no more
        program_log(7), routine_path="/r/old-full-body.toml"
    )
    found = program_sessions(
        PROGRAM,
        START,
        START + timedelta(days=8),
        {"full-body": FULL},
        [ours, other, older, elsewhere],
    )
    assert [(log.started.date().day, key) for log, key in found] == [
        (7, "full-body"),
        (11, "full-body"),
        (14, "old-full-body"),
    ]


def test_the_readme_shows_a_record_the_reader_takes() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    (block,) = re.findall(r"```toml\n(\[program\].*?)```", readme, re.S)
    head = 'format = 2\nroutine = "Full body"\nstatus = "finished"\n'
    head += "started = 2026-12-21T18:00:00+01:00\n\n"
    record = parse_log((head + block).encode()).program
    assert record is not None and (record.file, record.week, record.session) == (
        "strength-for-runners",
        3,
        1,
    )
    (target,) = record.targets
    assert (target.name, target.load, target.rest, target.up) == ("Dumbbell row", 12.0, 90, True)


@pytest.mark.parametrize("key", ["strength-for-runners", "home-atr-block"])
def test_every_session_of_a_bundled_block_resumes_as_it_was_planned(key: str) -> None:
    """Whatever a session asks for (a phase, a raise, a deload that shortens a
    circuit's rounds), its record applied again to its routine plans the very same."""
    catalog = discover(user_dir=Path("/none"))
    routines = routines_by_key(catalog)
    entry = discover_programs(catalog, user_dir=Path("/none")).find(key)
    assert entry is not None and entry.program is not None
    logs: list[SessionLog] = []
    deloads = 0
    for offset in range(0, 7 * entry.program.weeks, 2):
        plan = plan_today(entry.program, START, START + timedelta(days=offset), routines, logs)
        assert plan is not None
        kept = resumed_targets(routines[plan.routine_key], plan.record())
        assert (kept.routine, kept.loads, kept.advice) == (plan.routine, plan.loads, plan.advice)
        deloads += plan.day.deload is not None
        hard = offset in (14, 16)  # two hard sessions in a row: a deload after them
        logs.append(follow(plan, feeling=Feeling.HARD if hard else Feeling.OK))
    assert deloads  # a deload was among them


def test_a_recorded_session_followed_the_plan_of_its_day_even_if_the_files_changed() -> None:
    """The row was planned at 8 kg that day (the routine said 8 then) and done at 8 kg;
    the routine now says 10 kg. The record says 8 kg was the program's: the user
    followed it. A log without the record cannot tell, and reads as the user's choice."""
    then = replace(FULL, exercises=(replace(ROW, load=Load(8.0, "kg", 2.0)), PLANK))
    plan = plan_today(PROGRAM, START, START, {"full-body": then}, [])
    assert plan is not None and plan.loads == {0: 8.0}
    recorded = replace(did(plan.routine, START, loads=plan.loads), program=plan.record())
    later = START + timedelta(days=2)

    def row_why(log: SessionLog) -> str:
        today = plan_today(PROGRAM, START, later, {"full-body": FULL}, [log])
        assert today is not None
        return today.targets[0].why

    assert row_why(recorded) == "8 kg: the program's weight in week 1."
    assert row_why(replace(recorded, program=None)) == (
        "8 kg: your choice in week 1 (the plan said 10 kg)."
    )
