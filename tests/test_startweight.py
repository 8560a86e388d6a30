"""Finding a starting weight: the first guide's rule as a table of cases over log
records, the `find_weight` key, and what the summary says at the end of the test."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from textwrap import dedent

import pytest

from runtimer.core.catalog import discover
from runtimer.core.feeling import Feeling
from runtimer.core.loader import RoutineError, load_routine, parse_routine
from runtimer.core.plan import Side
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.today import routines_by_key, starting_loads
from runtimer.core.records.codec import (
    EXERCISE_FIELDS,
    exercise_from_row,
    session_from_rows,
    session_rows,
)
from runtimer.core.records.files import read_log
from runtimer.core.records.model import ExerciseInfo, SessionLog, SetRecord, Status
from runtimer.core.records.writer import SessionWriter
from runtimer.core.routine import Sides
from runtimer.core.session import Session
from runtimer.core.startweight import Verdict, WeightFinding, log_findings, weight_finding
from runtimer.ui.screens.summary import summary_content
from tests.fakeclock import FakeClock
from tests.programlogs import did

ROUTINES = Path(__file__).resolve().parents[1] / "routines"
T0 = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
SQUAT = ExerciseInfo(0, "Goblet squat", 3, reps=10, load=10.0, unit="kg", load_step=2.0)
ROW = ExerciseInfo(1, "Dumbbell row", 3, reps=10, sides=Sides.EACH, load=8.0, unit="kg")
PRESS_LB = ExerciseInfo(2, "Overhead press", 3, reps=10, load=20.0, unit="lb")


def done(
    number: int,
    load: float,
    feeling: Feeling | None = None,
    *,
    index: int = 0,
    reps: int = 10,
    side: Side | None = None,
    skipped: bool = False,
    unit: str = "kg",
) -> SetRecord:
    start = T0 + timedelta(minutes=3 * number)
    return SetRecord(
        exercise="x",
        exercise_index=index,
        set_number=number,
        started=start,
        ended=start + timedelta(seconds=40),
        side=side,
        planned_reps=10,
        reps=None if skipped else reps,
        load=load,
        unit=unit,
        feeling=feeling,
        skipped=skipped,
    )


STEPPED = [done(1, 6.0, Feeling.EASY), done(2, 8.0, Feeling.EASY)]

CASES = [
    pytest.param(
        SQUAT,
        [*STEPPED, done(3, 10.0, Feeling.HARD)],
        (Verdict.FOUND, 10.0, 10.0),
        "Start Goblet squat at 10 kg: set 3 felt hard.",
        id="set 3 hard: that is the weight",
    ),
    pytest.param(
        SQUAT,
        [*STEPPED, done(3, 10.0, Feeling.EASY)],
        (Verdict.HEAVIER, 10.0, 12.0),
        "Goblet squat: set 3 at 10 kg felt easy; try 12 kg next time.",
        id="set 3 easy: one step up next time",
    ),
    pytest.param(
        SQUAT,
        [*STEPPED, done(3, 10.0, Feeling.OK)],
        (Verdict.HEAVIER, 10.0, 12.0),
        "Goblet squat: set 3 at 10 kg felt ok; try 12 kg next time.",
        id="set 3 ok: not tough yet",
    ),
    pytest.param(
        SQUAT,
        [done(1, 6.0, Feeling.HARD), done(2, 8.0, Feeling.HARD), done(3, 10.0, Feeling.EASY)],
        (Verdict.HEAVIER, 10.0, 12.0),
        "Goblet squat: set 3 at 10 kg felt easy; try 12 kg next time.",
        id="only the last set decides",
    ),
    pytest.param(
        SQUAT,
        [*STEPPED, done(3, 10.0)],
        (Verdict.UNRATED, 10.0, None),
        "Goblet squat: rate set 3 (1, 2 or 3) to find your weight.",
        id="set 3 not rated",
    ),
    pytest.param(
        SQUAT,
        [*STEPPED, done(3, 10.0, skipped=True)],
        (Verdict.NOT_DONE, None, None),
        "Goblet squat: set 3 was not done, so no weight was found.",
        id="set 3 skipped",
    ),
    pytest.param(
        SQUAT,
        STEPPED,
        (Verdict.NOT_DONE, None, None),
        "Goblet squat: set 3 was not done, so no weight was found.",
        id="set 3 never reached",
    ),
    pytest.param(
        SQUAT,
        [*STEPPED, done(3, 10.0, Feeling.HARD, reps=7)],
        (Verdict.LIGHTER, 10.0, 8.0),
        "Goblet squat: set 3 at 10 kg: 7 of 10 reps; start at 8 kg.",
        id="set 3 short of its reps: the last full set's weight",
    ),
    pytest.param(
        SQUAT,
        [done(3, 10.0, reps=6)],
        (Verdict.LIGHTER, 10.0, 8.0),
        "Goblet squat: set 3 at 10 kg: 6 of 10 reps; start at 8 kg.",
        id="short with no earlier set: one step lighter",
    ),
    pytest.param(
        SQUAT,
        [*STEPPED, done(3, 10.0, Feeling.EASY), done(3, 12.0, Feeling.HARD)],
        (Verdict.FOUND, 12.0, 12.0),
        "Start Goblet squat at 12 kg: set 3 felt hard.",
        id="a set redone counts by its last attempt",
    ),
    pytest.param(
        SQUAT,
        [*STEPPED, done(3, 9.0, Feeling.HARD, index=1), done(3, 10.0, Feeling.HARD)],
        (Verdict.FOUND, 10.0, 10.0),
        "Start Goblet squat at 10 kg: set 3 felt hard.",
        id="other exercises' sets are not read",
    ),
    pytest.param(
        ROW,
        [
            done(3, 8.0, Feeling.EASY, index=1, side=Side.LEFT),
            done(3, 8.0, Feeling.HARD, index=1, side=Side.RIGHT),
        ],
        (Verdict.FOUND, 8.0, 8.0),
        "Start Dumbbell row at 8 kg: set 3 felt hard.",
        id="one-sided: the harder side decides",
    ),
    pytest.param(
        ROW,
        [
            done(3, 8.0, index=1, side=Side.LEFT),
            done(3, 8.0, Feeling.OK, index=1, side=Side.RIGHT),
        ],
        (Verdict.HEAVIER, 8.0, 10.0),
        "Dumbbell row: set 3 at 8 kg felt ok; try 10 kg next time.",
        id="one-sided: the side rated speaks",
    ),
    pytest.param(
        ROW,
        [
            done(3, 8.0, Feeling.EASY, index=1, side=Side.LEFT),
            done(3, 8.0, index=1, side=Side.RIGHT, skipped=True),
        ],
        (Verdict.NOT_DONE, None, None),
        "Dumbbell row: set 3 was not done, so no weight was found.",
        id="one-sided: a side skipped",
    ),
    pytest.param(
        PRESS_LB,
        [done(3, 20.0, Feeling.EASY, index=2, unit="lb")],
        (Verdict.HEAVIER, 20.0, 25.0),
        "Overhead press: set 3 at 20 lb felt easy; try 25 lb next time.",
        id="pounds step by 5 when the plan names no step",
    ),
]


@pytest.mark.parametrize(("plan", "records", "expected", "words"), CASES)
def test_the_guides_rule_as_a_table_of_cases(
    plan: ExerciseInfo,
    records: list[SetRecord],
    expected: tuple[Verdict, float | None, float | None],
    words: str,
) -> None:
    finding = weight_finding(records, plan)
    assert (finding.verdict, finding.tried, finding.load) == expected
    assert finding.set_number == plan.sets
    assert finding.describe() == words


def test_findings_read_straight_from_a_log() -> None:
    """What a later reader (a program's starting loads) gets from a saved workout."""
    log = SessionLog(
        routine="Find your starting weight",
        started=T0,
        status=Status.FINISHED,
        exercises=(SQUAT, ROW),
        sets=(
            *STEPPED,
            done(3, 10.0, Feeling.HARD),
            done(3, 8.0, Feeling.EASY, index=1, side=Side.LEFT),
            done(3, 8.0, Feeling.EASY, index=1, side=Side.RIGHT),
        ),
    )
    found = log_findings(log, [0, 1, 7])  # 7: not in the log, left out
    assert [(f.exercise, f.verdict, f.load) for f in found] == [
        ("Goblet squat", Verdict.FOUND, 10.0),
        ("Dumbbell row", Verdict.HEAVIER, 10.0),
    ]


# ------------------------------------------------------------------ the format


def load(text: str) -> list[bool]:
    routine = parse_routine(dedent(text), Path("/r/routine.toml"))
    return [exercise.find_weight for exercise in routine.exercises]


def test_find_weight_marks_the_routines_loaded_rep_sets_or_one_exercise() -> None:
    routine_wide = """
        name = "Test"
        find_weight = true
        [[exercise]]
        name = "Squat"
        sets = 3
        reps = 10
        load = [6, 8, 10]
        [[exercise]]
        name = "Plank"
        sets = 1
        hold = "30s"
        [[exercise]]
        name = "Row"
        sets = 3
        reps = 10
        load = 8
        find_weight = false
        """
    assert load(routine_wide) == [True, False, False]
    one = """
        name = "Test"
        [[exercise]]
        name = "Squat"
        sets = 3
        reps = 10
        load = 10
        find_weight = true
        [[exercise]]
        name = "Row"
        sets = 3
        reps = 10
        load = 8
        """
    assert load(one) == [True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            """
            name = "R"
            [[exercise]]
            name = "Squat"
            sets = 3
            reps = 10
            find_weight = true
            """,
            [
                "/r/routine.toml:7:1: exercise 1 (\"Squat\"): 'find_weight' finds the weight "
                "for sets of reps; add load = [6, 8, 10] (start light, step up each set), or "
                "remove it"
            ],
            id="no load",
        ),
        pytest.param(
            """
            name = "R"
            [[exercise]]
            name = "Plank"
            sets = 1
            hold = "30s"
            find_weight = true
            """,
            [
                "/r/routine.toml:7:1: exercise 1 (\"Plank\"): 'find_weight' finds the weight "
                "for sets of reps, not for holds, timed work or runs; remove it"
            ],
            id="a hold",
        ),
        pytest.param(
            """
            name = "R"
            [[exercise]]
            name = "Squat"
            sets = 3
            reps = 10
            load = 10
            find_weight = "yes"
            """,
            [
                "/r/routine.toml:8:1: exercise 1 (\"Squat\"): 'find_weight' must be true or "
                'false, got a string ("yes")'
            ],
            id="not a boolean",
        ),
        pytest.param(
            """
            name = "R"
            find_weight = true
            [[exercise]]
            name = "Squat"
            sets = 3
            reps = 10
            """,
            [
                "/r/routine.toml:3:1: 'find_weight' is true but no exercise has both reps and "
                "a load to test; add load = [6, 8, 10] to an exercise of reps, or remove it"
            ],
            id="a routine with nothing to test",
        ),
        pytest.param(
            """
            name = "R"
            [[exercise]]
            name = "Squat"
            sets = 3
            reps = 10
            load = 10
            find_weigth = true
            """,
            [
                "/r/routine.toml:8:1: exercise 1 (\"Squat\"): 'find_weigth' is not a key of an "
                "exercise; did you mean 'find_weight'?"
            ],
            id="misspelt",
        ),
    ],
)
def test_a_bad_find_weight_is_located_precisely(text: str, expected: list[str]) -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(dedent(text), Path("/r/routine.toml"))
    assert [str(problem) for problem in caught.value.problems] == expected


# ------------------------------------------------------------------ the session


def test_the_bundled_test_steps_its_loads_up_and_the_summary_names_the_weights() -> None:
    routine = load_routine(ROUTINES / "starting-weight.toml")
    assert all(exercise.find_weight for exercise in routine.exercises)
    for exercise in routine.exercises:
        loads = [exercise.target(n).load or 0.0 for n in range(1, exercise.sets + 1)]
        assert exercise.load is not None
        assert loads == sorted(loads) and loads[0] < loads[-1], exercise.name
        assert loads[1] - loads[0] == exercise.load.step, "one load step a set"
    clock = FakeClock()
    session = Session(routine, clock)
    session.skip()  # the warm-up
    ratings = {0: Feeling.HARD, 1: Feeling.EASY}  # set 3 of the squat and of the row
    while session.step is not None:
        step = session.step
        if not step.is_work:
            session.skip()
            continue
        if step.exercise_index == 0 and step.set_number == 3:
            session.change_load(1)  # a step heavier than planned for set 3
        session.finish_set()
        if step.set_number == 3 and step.exercise_index in ratings:
            session.rate_last(ratings[step.exercise_index])
    findings = [e.finding for e in session.summary().exercises]
    assert all(isinstance(f, WeightFinding) for f in findings)
    shown = summary_content(routine.name, session.summary(), finished=True).plain
    # Under each exercise's name, the finding without it (short enough for 60 columns).
    assert "Goblet squat\n" in shown and "→ Start at 12 kg: set 3 felt hard." in shown
    assert "→ Set 3 at 8 kg felt easy; try 10 kg next time." in shown
    # The last set of the workout can still be rated on the summary: it says so.
    assert "→ Rate set 3 (1, 2 or 3) to find your weight." in shown
    session.rate_last(Feeling.HARD)
    shown = summary_content(routine.name, session.summary(), finished=True).plain
    assert shown.count("→ Start at") == 2 and "→ Start at 8 kg: set 3 felt hard." in shown


def test_an_ordinary_routine_names_no_weight() -> None:
    routine = load_routine(ROUTINES / "full-body.toml")
    session = Session(routine, FakeClock())
    assert all(e.finding is None for e in session.summary().exercises)
    assert "→" not in summary_content(routine.name, session.summary(), finished=False).plain


# ------------------------------------------------------------------ the log


def test_the_log_marks_its_weight_tests_and_the_findings_read_from_it_alone(
    tmp_path: Path,
) -> None:
    """The routine marks one exercise of two; the log keeps the mark (in the file and in
    the history index's rows), and the findings need nothing but the log."""
    routine = parse_routine(
        dedent(
            """\
            name = "Two lifts"

            [[exercise]]
            name = "Goblet squat"
            sets = 3
            reps = 10
            load = [6, 8, 10]
            load_step = 2
            find_weight = true

            [[exercise]]
            name = "Dumbbell row"
            sets = 3
            reps = 10
            load = 8
            """
        ),
        tmp_path / "two.toml",
    )
    writer = SessionWriter.start(tmp_path, routine, now=lambda: T0)
    for number, load in ((1, 6.0), (2, 8.0), (3, 10.0)):
        writer.record_set(0, number, load=load, feeling=Feeling.HARD if number == 3 else None)
        writer.record_set(1, number, load=8.0, feeling=Feeling.HARD)
    assert writer.path is not None
    text = writer.path.read_text("utf-8")
    assert text.count("find_weight = true") == 1  # the squat's; the row says nothing
    log = read_log(writer.path)
    assert [info.find_weight for info in log.exercises] == [True, False]
    found = log_findings(log)
    assert [(f.exercise, f.verdict, f.load) for f in found] == [
        ("Goblet squat", Verdict.FOUND, 10.0)
    ]
    assert session_from_rows(*session_rows(log)) == log
    # An index row of before the mark (one value fewer) reads as no weight test.
    old_row = session_rows(log)[1][0][: len(EXERCISE_FIELDS) - 1]
    assert exercise_from_row(old_row) == replace(log.exercises[0], find_weight=False)


def test_a_program_starts_from_the_tests_its_log_marks() -> None:
    """The weight test's log says which lifts were tested: only those give the
    program's first loads, whatever the routine's file says today."""
    catalog = discover(user_dir=Path("/none"))
    routines = routines_by_key(catalog)
    entry = discover_programs(catalog, user_dir=Path("/none")).find("strength-for-runners")
    assert entry is not None and entry.program is not None
    test = routines["starting-weight"]
    loads = {index: 6.0 + 2 * index for index in range(len(test.exercises))}
    log = did(test, date(2026, 12, 3), loads=loads, hard={"Dumbbell row", "Goblet squat"})
    marked = tuple(replace(info, find_weight=info.name == "Dumbbell row") for info in log.exercises)
    found = starting_loads(
        entry.program, routines, [replace(log, exercises=marked)], date(2026, 12, 7)
    )
    assert {key: load.amount for key, load in found.items()} == {"dumbbell row": 8.0}
    # A log written before the marks were kept: its routine's marks say which.
    unmarked = tuple(replace(info, find_weight=False) for info in log.exercises)
    old = replace(log, exercises=unmarked)
    found = starting_loads(entry.program, routines, [old], date(2026, 12, 7))
    assert found["dumbbell row"].amount == 8.0 and found["goblet squat"].amount == 6.0
