"""A load the user takes instead of the program's is logged as an override: the set
says so in the log (older logs read as before), and the engine and the review tell
it from a prescribed load."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from runtimer.core.program.block import overrides
from runtimer.core.program.engine import TodayPlan, plan_today
from runtimer.core.program.model import Program
from runtimer.core.records.codec import (
    SET_FIELDS,
    parse_log,
    session_from_rows,
    session_rows,
    session_to_toml,
    set_from_row,
)
from runtimer.core.records.model import SessionLog
from runtimer.core.routine import Exercise, Load, Routine
from runtimer.core.session import Phase
from runtimer.core.workout import Workout
from tests.fakeclock import FakeClock
from tests.programlogs import did

START = date(2026, 12, 7)  # a Monday
ROW = Exercise("Dumbbell row", sets=2, reps=12, load=Load(10.0, "kg", 2.0))
PRESS = Exercise("Press-ups", sets=2, reps=10)
A = Routine("Full body", (ROW, PRESS), source=Path("/r/a.toml"))
PROGRAM = Program("P", weeks=10, sessions_per_week=(2, 3), routines=("a",))


def _plan(day: int, logs: list[SessionLog], routine: Routine = A) -> TodayPlan:
    found = plan_today(PROGRAM, START, START + timedelta(days=day), {"a": routine}, logs)
    assert found is not None
    return found


def _to_work(workout: Workout) -> None:
    """Skip the warm-up or rest before the next set."""
    while workout.session.phase is not Phase.WORK:
        workout.handle(workout.session.skip())


def _overridden(log: SessionLog, name: str) -> SessionLog:
    """The log with every set of `name` marked as the user's choice."""
    sets = tuple(replace(s, override=True) if s.exercise == name else s for s in log.sets)
    return replace(log, sets=sets)


# -- the log ---------------------------------------------------------------------------


def test_an_override_survives_the_log_file_and_the_index_rows() -> None:
    plan = _plan(0, [])
    log = _overridden(did(plan.routine, START, carried={"Dumbbell row": 12.0}), "Dumbbell row")
    text = session_to_toml(log)
    assert text.count("override = true") == 2  # the row's two sets; press-ups say nothing
    again = parse_log(text.encode())
    assert again == log
    assert [s.override for s in again.sets] == [True, True, False, False]
    assert session_from_rows(*session_rows(log)) == log


def test_logs_and_index_rows_from_before_overrides_read_as_prescribed() -> None:
    log = did(_plan(0, []).routine, START)
    text = session_to_toml(log)
    assert "override" not in text  # nothing written when nothing was overridden
    assert not any(s.override for s in parse_log(text.encode()).sets)
    old_row = session_rows(log)[2][0][: len(SET_FIELDS) - 1]  # an index of before
    assert set_from_row(old_row) == log.sets[0]


def test_a_workout_started_from_the_program_marks_a_changed_load(tmp_path: Path) -> None:
    plan = _plan(0, [])
    clock = FakeClock()
    workout = Workout.start(plan.routine, tmp_path, clock=clock, loads=plan.loads)
    session = workout.session
    _to_work(workout)
    workout.handle(session.finish_set())  # set 1 at the program's 10 kg
    session.change_load(1, 0)  # `>`: 12 kg
    _to_work(workout)
    workout.handle(session.finish_set())  # set 2 at 12 kg
    sets = parse_log(workout.writer.path.read_bytes()).sets  # type: ignore[union-attr]
    assert [(s.load, s.override) for s in sets] == [(10.0, False), (12.0, True)]


def test_a_workout_without_a_program_never_marks_an_override(tmp_path: Path) -> None:
    clock = FakeClock()
    workout = Workout.start(A, tmp_path, clock=clock)
    session = workout.session
    session.change_load(1, 0)
    _to_work(workout)
    workout.handle(session.finish_set())
    assert workout.writer.log.sets[0].load == 12.0
    assert not workout.writer.log.sets[0].override


# -- the engine and the review ---------------------------------------------------------


def test_an_override_is_the_users_choice_even_where_todays_rules_agree() -> None:
    """The row was planned at 8 kg that day (the routine said 8 then) and the user took
    10 kg, marked as an override. The routine now says 10 kg, so the rules replayed
    today would have prescribed the 10 kg carried: only the mark tells it was a
    choice, and the plan it was chosen over is the log's."""
    then = replace(A, exercises=(replace(ROW, load=Load(8.0, "kg", 2.0)), PRESS))
    first = _overridden(did(then, START, loads={0: 10.0}), "Dumbbell row")
    assert first.exercises[0].load == 8.0
    row = next(t for t in _plan(2, [first]).targets if t.name == "Dumbbell row")
    assert row.why == "10 kg: your choice in week 1 (the plan said 8 kg)."
    unmarked = did(then, START, loads={0: 10.0})
    row = next(t for t in _plan(2, [unmarked]).targets if t.name == "Dumbbell row")
    assert row.why == "10 kg: the routine's weight; start light."


def test_the_block_lists_the_overrides_with_the_plan_they_replaced() -> None:
    logs: list[SessionLog] = []
    for day, chosen in ((0, None), (2, 12.0), (7, None)):
        plan = _plan(day, logs)
        log = did(plan.routine, START + timedelta(days=day), loads=plan.loads)
        if chosen is not None:
            log = _overridden(
                did(plan.routine, START + timedelta(days=day), carried={"Dumbbell row": chosen}),
                "Dumbbell row",
            )
        logs.append(log)
    found = overrides(START, logs)
    assert [(o.exercise, o.week, o.carried, o.planned) for o in found] == [
        ("Dumbbell row", 1, 12.0, 10.0)
    ]
