"""The plan: a routine unrolled into the steps of a session, and the length estimate."""

from __future__ import annotations

from pathlib import Path

from runtimer.core.loader import load_routine
from runtimer.core.plan import (
    RestKind,
    Side,
    Step,
    StepKind,
    build_plan,
    estimate_seconds,
    planned_seconds,
)
from runtimer.core.routine import Exercise, Routine, Sides, Warmup, format_estimate

ROUTINES = Path(__file__).resolve().parents[1] / "routines"

WORK, REST = StepKind.WORK, StepKind.REST
L, R = Side.LEFT, Side.RIGHT


def shape(steps: tuple[Step, ...]) -> list[tuple[object, ...]]:
    """Steps as short tuples that read like the session a user walks through."""
    rows: list[tuple[object, ...]] = []
    for step in steps:
        if step.kind is StepKind.WARMUP:
            rows.append(("warmup", step.duration))
        elif step.kind is WORK:
            amount = step.target_reps if step.target_hold is None else f"{step.target_hold}s"
            rows.append(("work", step.exercise_index, step.set_number, step.side, amount))
        else:
            assert step.rest_kind is not None
            rows.append(
                (
                    step.rest_kind.value,
                    step.exercise_index,
                    step.set_number,
                    step.side,
                    step.duration,
                )
            )
    return rows


def test_per_side_sets_are_left_switch_right() -> None:
    routine = Routine(
        "Legs",
        (Exercise("Step-ups", sets=2, reps=10, sides=Sides.EACH, rest_between_sets=60),),
        switch_sides=5,
    )
    assert shape(build_plan(routine)) == [
        ("work", 0, 1, L, 10),
        ("switch sides", 0, 1, R, 5),
        ("work", 0, 1, R, 10),
        ("between sets", 0, 2, L, 60),
        ("work", 0, 2, L, 10),
        ("switch sides", 0, 2, R, 5),
        ("work", 0, 2, R, 10),
    ]


def test_no_switch_pause_when_switch_sides_is_zero() -> None:
    routine = Routine(
        "Legs", (Exercise("Step-ups", sets=1, reps=10, sides=Sides.EACH),), switch_sides=0
    )
    assert shape(build_plan(routine)) == [("work", 0, 1, L, 10), ("work", 0, 1, R, 10)]


def test_alternating_is_one_step_with_both_sides_reps() -> None:
    routine = Routine(
        "Legs",
        (
            Exercise(
                "Walking lunges", sets=2, reps=8, sides=Sides.ALTERNATING, rest_between_sets=90
            ),
        ),
    )
    assert shape(build_plan(routine)) == [
        ("work", 0, 1, None, 16),
        ("between sets", 0, 2, None, 90),
        ("work", 0, 2, None, 16),
    ]


def test_warmup_holds_and_rests_between_exercises() -> None:
    routine = Routine(
        "Mixed",
        (
            Exercise("Squats", sets=1, reps=15, rest_after=120),
            Exercise("Side plank", sets=1, hold=30, sides=Sides.EACH, rest_after=60),
            Exercise("Bridge", sets=1, reps=12, rest_after=45),
        ),
        warmup=Warmup(300, ("Jog",)),
        switch_sides=5,
    )
    steps = build_plan(routine)
    assert shape(steps) == [
        ("warmup", 300),
        ("work", 0, 1, None, 15),
        # A rest names the work that comes next: the first, left-side set of the plank.
        ("between exercises", 1, 1, L, 120),
        ("work", 1, 1, L, "30s"),
        ("switch sides", 1, 1, R, 5),
        ("work", 1, 1, R, "30s"),
        ("between exercises", 2, 1, None, 60),
        ("work", 2, 1, None, 12),
        # No rest after the last exercise, even though it has a rest_after.
    ]
    hold = steps[3]
    assert (hold.duration, hold.target_hold, hold.target_reps) == (30, 30, None)
    assert [s.rest_kind for s in steps if s.is_rest] == [
        RestKind.BETWEEN_EXERCISES,
        RestKind.SWITCH_SIDES,
        RestKind.BETWEEN_EXERCISES,
    ]


def test_rests_of_zero_are_left_out() -> None:
    routine = Routine(
        "Circuit",
        (
            Exercise("Squats", sets=2, reps=10, rest_between_sets=0, rest_after=0),
            Exercise("Press-ups", sets=2, reps=10, rest_between_sets=0, rest_after=0),
        ),
    )
    assert shape(build_plan(routine)) == [
        ("work", 0, 1, None, 10),
        ("work", 0, 2, None, 10),
        ("work", 1, 1, None, 10),
        ("work", 1, 2, None, 10),
    ]


def test_estimate_of_a_small_routine() -> None:
    routine = Routine(
        "Small",
        (
            Exercise("Squats", sets=2, reps=10, rest_between_sets=60, rest_after=90),
            Exercise("Plank", sets=2, hold=30, rest_between_sets=30, rest_after=90),
            Exercise("Step-ups", sets=1, reps=5, sides=Sides.EACH, rest_after=90),
        ),
        warmup=Warmup(120),
        switch_sides=5,
        rep_pace=3,
    )
    # warm-up 120
    # squats: 2 sets x 10 reps x 3 s = 60, one rest of 60, then 90 before the plank
    # plank: 2 x (30 s hold + 3 s get ready) = 66, one rest of 30, then 90
    # step-ups: 5 reps x 3 s on each side = 30, one switch of 5; nothing after the last
    assert estimate_seconds(routine) == 120 + (60 + 60 + 90) + (66 + 30 + 90) + (30 + 5)
    assert format_estimate(estimate_seconds(routine)) == "10 min"  # 551 s, rounded up


def test_a_rep_step_is_planned_at_the_routine_pace() -> None:
    routine = Routine("Slow", (Exercise("Squats", sets=1, reps=10),), rep_pace=5)
    [step] = build_plan(routine)
    assert planned_seconds(step, routine) == 50


def test_the_full_body_routine_is_about_54_minutes() -> None:
    routine = load_routine(ROUTINES / "full-body.toml")
    # By hand from the guide's numbers: 5 min warm-up; 10 exercises of 2 sets at 3 s a
    # rep; 90 s between sets, 2 min between exercises, 5 s to switch sides.
    warmup = 300
    reps_per_set = {
        "Press-ups": 10,
        "Dumbbell row": 12 * 2,  # per side, both sides
        "Tricep dips": 12,
        "Step-ups": 10 * 2,  # per side
        "Squats": 15,
        "Walking lunges": 8 * 2,  # alternating: 8 each leg in one set
        "Single-leg deadlift": 10 * 2,  # per side
        "Superman / back extension": 10,
        "Glute bridge": 15,
        "Leg raises": 10,
    }
    work = sum(reps * 3 * 2 for reps in reps_per_set.values())  # 2 sets each
    rests_between_sets = 10 * 90
    switches = 3 * 2 * 5  # three one-sided exercises, two sets each
    rests_between_exercises = 9 * 120
    total = warmup + work + rests_between_sets + switches + rests_between_exercises
    assert total == 3222
    assert estimate_seconds(routine) == total
    assert format_estimate(estimate_seconds(routine)) == "54 min"
