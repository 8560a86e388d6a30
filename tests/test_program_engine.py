"""The progression engine: a program's rules applied to the log, as tables of logs
# ruff: noqa: E501 (one row of the table per line)
and the targets they give; and a whole 10-week block simulated in milliseconds."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from runtimer.core.catalog import discover
from runtimer.core.feeling import Feeling
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.engine import StartLoad, Target, TodayPlan, plan_today
from runtimer.core.program.model import AppliesTo, Deload, Phase, Program, Progression, Rule
from runtimer.core.program.today import routines_by_key
from runtimer.core.records.model import SessionLog
from runtimer.core.routine import Exercise, Load, Routine
from tests.programlogs import did, follow

START = date(2026, 12, 7)  # a Monday
ROW = Exercise("Dumbbell row", sets=2, reps=12, load=Load(10.0, "kg", 2.0))
PRESS = Exercise("Press-ups", sets=2, reps=10)
PLANK = Exercise("Plank", sets=2, hold=30)
A = Routine("Full body", (ROW, PRESS, PLANK), source=Path("/r/a.toml"))
ROUTINES = {"a": A}
BASE = Program("P", weeks=10, sessions_per_week=(2, 3), routines=("a",))


def plan(program: Program, day: int, logs: list[SessionLog], **kwargs: object) -> TodayPlan:
    found = plan_today(program, START, START + timedelta(days=day), ROUTINES, logs, **kwargs)  # type: ignore[arg-type]
    assert found is not None
    return found


def target(found: TodayPlan, name: str) -> Target:
    return next(t for t in found.targets if t.name == name)


def weeks_of_sessions(*days: int, **kwargs: object) -> list[SessionLog]:
    """Sessions of A on these days after the start, each done as planned that day."""
    logs: list[SessionLog] = []
    for day in days:
        today = plan(BASE, day, logs)
        logs.append(did(today.routine, START + timedelta(days=day), loads=today.loads, **kwargs))  # type: ignore[arg-type]
    return logs


@pytest.mark.parametrize(
    ("logs", "day", "name", "text", "why"),
    [
        pytest.param(
            [],
            0,
            "Dumbbell row",
            "2 × 12 @ 10 kg",
            "10 kg: the routine's weight; start light.",
            id="first session: the routine's weight",
        ),
        pytest.param(
            weeks_of_sessions(0, 3),
            7,
            "Dumbbell row",
            "2 × 12 @ 10 kg",
            "10 kg: 1 of 2 weeks at this weight.",
            id="one week is not enough",
        ),
        pytest.param(
            weeks_of_sessions(0, 3, 7, 10),
            14,
            "Dumbbell row",
            "2 × 12 @ 12 kg",
            "+2 kg: two weeks at 10 kg, no set felt hard.",
            id="two weeks with no hard set: a step",
        ),
        pytest.param(
            weeks_of_sessions(0, 3, 7, 10, 14),
            16,
            "Dumbbell row",
            "2 × 12 @ 12 kg",
            "12 kg: raised in week 3.",
            id="no second step in the same week",
        ),
        pytest.param(
            [
                *weeks_of_sessions(0, 3),
                did(A, START + timedelta(days=7), loads={0: 10.0}, hard={"Dumbbell row"}),
            ],
            14,
            "Dumbbell row",
            "2 × 12 @ 10 kg",
            "10 kg again: a set felt hard in week 2; up after two weeks with none.",
            id="a hard set holds the weight back",
        ),
        pytest.param(
            [did(A, START, carried={"Dumbbell row": 12.0})],
            2,
            "Dumbbell row",
            "2 × 12 @ 12 kg",
            "12 kg: your choice in week 1 (the plan said 10 kg).",
            id="the user's own weight is taken, and says so",
        ),
        pytest.param(
            weeks_of_sessions(0, 3, 7, 10),
            14,
            "Press-ups",
            "2 × 12",
            "12 reps (+2): two weeks at 10 reps, no set felt hard.",
            id="body weight: more reps",
        ),
        pytest.param(
            weeks_of_sessions(0, 3, 7, 10),
            14,
            "Plank",
            "2 × 35 s",
            "35 s (+5 s): two weeks at 30 s, no set felt hard.",
            id="a hold: five seconds more",
        ),
        pytest.param(
            weeks_of_sessions(0, 3),
            15,
            "Dumbbell row",
            "1 × 12 @ 8 kg",
            "Deload, back after a week with no session: 1 set at 8 kg.",
            id="a missed week: an easier session, and no raise",
        ),
        pytest.param(
            [did(A, START, carried={"Press-ups": 5.0})],
            2,
            "Press-ups",
            "2 × 10 @ 5 kg",
            "5 kg: your choice in week 1.",
            id="a weight added to a body-weight move",
        ),
    ],
)
def test_the_rules_applied_to_the_log(
    logs: list[SessionLog], day: int, name: str, text: str, why: str
) -> None:
    found = target(plan(BASE, day, logs), name)
    assert (found.text(), found.why) == (text, why)


def test_the_starting_weight_comes_first() -> None:
    start = {"dumbbell row": StartLoad(14.0, "kg", "Find your starting weight, 3 Dec")}
    found = target(plan(BASE, 0, [], starting=start), "Dumbbell row")
    assert (found.load, found.why) == (
        14.0,
        "14 kg: your starting weight (Find your starting weight, 3 Dec).",
    )


def test_a_phase_changes_sets_reps_and_rest_of_the_loaded_moves() -> None:
    heavy = Phase("heavier", 5, 10, sets=3, reps=8, rest=150, applies_to=AppliesTo.LOADED)
    program = Program(
        "P", 10, (2, 3), ("a",), phases=(heavy,), deload=Deload(after_missed_week=False)
    )
    found = plan(program, 28, [])
    row, press = target(found, "Dumbbell row"), target(found, "Press-ups")
    assert (row.sets, row.reps, row.rest) == (3, 8, 150)
    assert (press.sets, press.reps) == (2, 10)
    assert found.routine.exercises[0].sets == 3 and found.routine.exercises[0].reps == 8
    assert found.loads == {0: 10.0}


def test_double_progression_climbs_the_range_then_steps_the_weight() -> None:
    phase = Phase("dp", 1, 10, reps_range=(8, 10))
    program = Program(
        "P", 10, (2, 3), ("a",), phases=(phase,), progression=Progression(Rule.DOUBLE)
    )
    logs: list[SessionLog] = []
    seen = []
    for day in (0, 2, 4, 7, 9):
        today = plan(program, day, logs)
        row = target(today, "Dumbbell row")
        seen.append((row.reps, row.load, row.why))
        logs.append(follow(today))
    assert seen == [
        (8, 10.0, "2 × 8 at 10 kg: every set in full, then a rep more next time."),
        (9, 10.0, "9 reps at 10 kg: every set of 8 done last time."),
        (10, 10.0, "10 reps at 10 kg: every set of 9 done last time."),
        (8, 12.0, "+2 kg: 10 reps done at 10 kg; back to 8 reps."),
        (9, 12.0, "9 reps at 12 kg: every set of 8 done last time."),
    ]


def test_a_scheduled_deload_halves_the_sets_and_lightens_the_load() -> None:
    program = Program("P", 10, (2, 3), ("a",), deload=Deload(weeks=(2,)))
    logs = [did(A, START, loads={0: 10.0})]
    row = target(plan(program, 7, logs), "Dumbbell row")
    assert (row.sets, row.load, row.why) == (
        1,
        8.0,
        "Deload, a planned deload week: 1 set at 8 kg.",
    )


def test_a_whole_ten_week_block_prescribes_a_step_every_two_weeks() -> None:
    """Three sessions a week, each done as planned with no hard set: the bundled
    program's loads, week by week, from the starting weight."""
    catalog = discover(user_dir=Path("/none"))
    entry = discover_programs(catalog, user_dir=Path("/none")).find("strength-for-runners")
    assert entry is not None and entry.program is not None
    program, routines = entry.program, routines_by_key(catalog)
    start = {"dumbbell row": StartLoad(10.0, "kg", "test")}
    logs: list[SessionLog] = []
    by_week: dict[int, set[tuple[float | None, int, int | None]]] = {}
    began = time.perf_counter()
    for week in range(10):
        for weekday in (0, 2, 4):
            day = START + timedelta(days=7 * week + weekday)
            today = plan_today(program, START, day, routines, logs, start)
            assert today is not None and today.day.deload is None
            row = next(t for t in today.targets if t.name == "Dumbbell row")
            by_week.setdefault(week + 1, set()).add((row.load, row.sets, row.reps))
            logs.append(follow(today))
    elapsed = time.perf_counter() - began
    assert by_week == {
        1: {(10.0, 2, 12)},
        2: {(10.0, 2, 12)},
        3: {(12.0, 2, 12)},
        4: {(12.0, 2, 12)},
        5: {(14.0, 3, 8)},  # the heavier phase: fewer reps, more sets
        6: {(14.0, 3, 8)},
        7: {(16.0, 3, 8)},
        8: {(16.0, 3, 8)},
        9: {(18.0, 3, 8)},
        10: {(18.0, 3, 8)},
    }
    assert elapsed < 1.0, f"30 sessions took {elapsed:.3f} s"


def test_hard_sessions_trigger_a_deload_and_the_deload_moves_nothing_on() -> None:
    logs = [
        did(A, START + timedelta(days=d), loads={0: 10.0}, feeling=Feeling.HARD) for d in (0, 2)
    ]
    today = plan(BASE, 4, logs)
    assert today.day.deload is not None
    logs.append(follow(today))
    after = target(plan(BASE, 7, logs), "Dumbbell row")
    assert after.load == 10.0
