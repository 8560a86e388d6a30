"""Progression advice and "last time" lines: the rules as tables of cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from runtimer.core.feeling import Feeling
from runtimer.core.plan import Side
from runtimer.core.progress import (
    Advice,
    AdviceKind,
    advise,
    blocks,
    current_block,
    default_load,
    last_time,
)
from runtimer.core.records.model import ExerciseInfo, SessionLog, SetRecord, Status
from runtimer.core.routine import Exercise, Load, Sides

TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 21)
SQUAT = Exercise("Goblet squat", sets=2, reps=12, load=Load(8.0, "kg", 2.0))
EASY, OK, HARD = Feeling.EASY, Feeling.OK, Feeling.HARD


@dataclass(frozen=True)
class Did:
    """One past session of one exercise, in as few words as a table row needs."""

    days_ago: int
    feelings: tuple[Feeling | None, ...] = (EASY, EASY)
    load: float | None = 8.0
    reps: tuple[int | None, ...] | None = None
    name: str = "Goblet squat"
    status: Status = Status.FINISHED
    skipped: tuple[bool, ...] = ()
    unit: str = "kg"
    planned_reps: int | None = 12
    hold: int | None = None
    sides: Sides = Sides.BOTH
    loads: tuple[float, ...] = ()


def session(did: Did) -> SessionLog:
    start = datetime.combine(TODAY - timedelta(days=did.days_ago), datetime.min.time()).replace(
        hour=18, tzinfo=TZ
    )
    sets: list[SetRecord] = []
    sides: tuple[Side | None, ...] = (Side.LEFT, Side.RIGHT) if did.sides is Sides.EACH else (None,)
    for number, feeling in enumerate(did.feelings, 1):
        skipped = did.skipped[number - 1] if did.skipped else False
        reps = did.reps[number - 1] if did.reps else did.planned_reps
        load = did.loads[number - 1] if did.loads else did.load
        for side in sides:
            sets.append(
                SetRecord(
                    exercise=did.name,
                    exercise_index=0,
                    set_number=number,
                    started=start,
                    ended=start + timedelta(minutes=number),
                    side=side,
                    planned_reps=did.planned_reps,
                    planned_hold=did.hold,
                    reps=None if skipped or did.hold else reps,
                    held=float(did.hold) if did.hold and not skipped else None,
                    load=None if skipped or load is None else load,
                    unit=did.unit if load is not None and not skipped else None,
                    feeling=None if skipped else feeling,
                    skipped=skipped,
                )
            )
    info = ExerciseInfo(0, did.name, len(did.feelings), did.planned_reps, did.hold, did.sides)
    return SessionLog(
        routine="Full body",
        started=start,
        status=did.status,
        exercises=(info,),
        sets=tuple(sets),
    )


def history(*dids: Did) -> list[SessionLog]:
    return [session(d) for d in dids]


PLANK = Exercise("Plank", sets=2, hold=30, harder="Lift one foot.")
PUSH_UP = Exercise("Push-up", sets=2, reps=12)


@pytest.mark.parametrize(
    ("past", "exercise", "expected"),
    [
        pytest.param(
            [],
            SQUAT,
            Advice(
                AdviceKind.START,
                "First time: start light (8 kg or less) and rate each set.",
                8.0,
                "kg",
            ),
            id="first time",
        ),
        pytest.param(
            [Did(2)],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Stay at 8 kg: go up after 2 easy sessions or 2 weeks with no hard set.",
                8.0,
                "kg",
            ),
            id="one easy session is not enough",
        ),
        pytest.param(
            [Did(5), Did(2)],
            SQUAT,
            Advice(AdviceKind.STEP_UP, "Easy two sessions in a row: try 10 kg.", 10.0, "kg"),
            id="two easy sessions in a row: step up",
        ),
        pytest.param(
            [Did(5, (OK, OK)), Did(2)],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Stay at 8 kg: go up after 2 easy sessions or 2 weeks with no hard set.",
                8.0,
                "kg",
            ),
            id="ok then easy: the first of the two was not easy",
        ),
        pytest.param(
            [Did(5, load=6.0), Did(2)],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Stay at 8 kg: go up after 2 easy sessions or 2 weeks with no hard set.",
                8.0,
                "kg",
            ),
            id="easy twice but at different loads",
        ),
        pytest.param(
            [Did(7), Did(5), Did(2, (EASY, HARD))],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Felt hard last time: stay at 8 kg until it feels easier.",
                8.0,
                "kg",
            ),
            id="one hard set last time: keep",
        ),
        pytest.param(
            [Did(5), Did(2, (EASY, OK))],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Stay at 8 kg: go up after 2 easy sessions or 2 weeks with no hard set.",
                8.0,
                "kg",
            ),
            id="easy then easy-and-ok: not all easy",
        ),
        pytest.param(
            [Did(15, (OK, OK)), Did(10, (OK, EASY)), Did(2, (OK, OK))],
            SQUAT,
            Advice(AdviceKind.STEP_UP, "2 weeks at 8 kg with no hard set: try 10 kg.", 10.0, "kg"),
            id="two weeks at the same load without a hard set",
        ),
        pytest.param(
            [Did(15, (OK, OK)), Did(10, (OK, HARD)), Did(2, (OK, OK))],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Stay at 8 kg: go up after 2 easy sessions or 2 weeks with no hard set.",
                8.0,
                "kg",
            ),
            id="two weeks but a hard set on the way",
        ),
        pytest.param(
            [Did(15, (OK, OK))],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Stay at 8 kg: go up after 2 easy sessions or 2 weeks with no hard set.",
                8.0,
                "kg",
            ),
            id="a single session two weeks ago is not two weeks of training",
        ),
        pytest.param(
            [Did(40), Did(25)],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "3 weeks since last time: start again at 8 kg or lighter.",
                8.0,
                "kg",
            ),
            id="back after a break",
        ),
        pytest.param(
            [Did(5, load=10.0), Did(2, load=10.0)],
            SQUAT,
            Advice(AdviceKind.STEP_UP, "Easy two sessions in a row: try 12 kg.", 12.0, "kg"),
            id="last used load, not the routine's, is the base",
        ),
        pytest.param(
            [Did(5, (None, None)), Did(2, (None, None))],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Stay at 8 kg; rate each set so runtimer can tell when to go up.",
                8.0,
                "kg",
            ),
            id="nothing rated: ask for ratings",
        ),
        pytest.param(
            [
                *(Did(n, load=6.0) for n in (40, 33, 26, 19)),
                Did(12, (OK, OK), load=6.0),
                Did(4),
                Did(2),
            ],
            SQUAT,
            Advice(
                AdviceKind.HEAVIER_FEWER_REPS,
                "Easy two sessions in a row, week 6 of your block: try 3×8 at 10 kg.",
                10.0,
                "kg",
                sets=3,
                reps=8,
            ),
            id="month 2 of a block: heavier, fewer reps, more sets",
        ),
        pytest.param(
            [Did(5, load=None, name="Push-up"), Did(2, load=None, name="Push-up")],
            PUSH_UP,
            Advice(AdviceKind.HARDER, "Easy two sessions in a row: try 14 reps.", reps=14),
            id="bodyweight reps: a couple more",
        ),
        pytest.param(
            [
                Did(5, load=None, name="Plank", hold=30, planned_reps=None),
                Did(2, load=None, name="Plank", hold=30, planned_reps=None),
            ],
            PLANK,
            Advice(
                AdviceKind.HARDER,
                "Easy two sessions in a row: try holding 40 s or the harder variation "
                "(Lift one foot).",
                hold=40,
            ),
            id="bodyweight hold: longer or the harder variation",
        ),
        pytest.param(
            [Did(2, (HARD, HARD), load=None, name="Push-up")],
            PUSH_UP,
            Advice(AdviceKind.KEEP, "Felt hard last time: keep it as it is until it feels easier."),
            id="bodyweight felt hard",
        ),
        pytest.param(
            [Did(5, status=Status.DISCARDED), Did(2)],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Stay at 8 kg: go up after 2 easy sessions or 2 weeks with no hard set.",
                8.0,
                "kg",
            ),
            id="a discarded session does not count",
        ),
        pytest.param(
            [Did(5, skipped=(True, True)), Did(2)],
            SQUAT,
            Advice(
                AdviceKind.KEEP,
                "Stay at 8 kg: go up after 2 easy sessions or 2 weeks with no hard set.",
                8.0,
                "kg",
            ),
            id="a session with every set skipped does not count",
        ),
        pytest.param(
            [Did(5, name="goblet  SQUAT"), Did(2, name="Goblet Squat")],
            SQUAT,
            Advice(AdviceKind.STEP_UP, "Easy two sessions in a row: try 10 kg.", 10.0, "kg"),
            id="names match ignoring case and spacing",
        ),
    ],
)
def test_advice(past: list[Did], exercise: Exercise, expected: Advice) -> None:
    assert advise(history(*past), exercise, TODAY) == expected


def test_the_advice_ignores_sessions_after_today() -> None:
    assert advise(history(Did(-3), Did(-1)), SQUAT, TODAY).kind is AdviceKind.START


@pytest.mark.parametrize(
    ("past", "exercise", "expected"),
    [
        ([], SQUAT, Load(8.0, "kg", 2.0)),
        ([Did(9, load=10.0), Did(2, load=12.5)], SQUAT, Load(12.5, "kg", 2.0)),
        # the latest session used no load: the last time a load was used still counts
        ([Did(9, load=10.0), Did(2, load=None)], SQUAT, Load(10.0, "kg", 2.0)),
        # the routine switched to pounds: do not carry kilograms over
        (
            [Did(2, load=10.0)],
            Exercise("Goblet squat", 2, 12, load=Load(20, "lb", 5)),
            Load(20, "lb", 5),
        ),
        # a bodyweight routine exercise the user once loaded
        ([Did(2, load=4.0)], Exercise("Goblet squat", 2, 12), Load(4.0, "kg", 2.0)),
        ([], PUSH_UP, None),
    ],
)
def test_default_load_is_the_last_used(
    past: list[Did], exercise: Exercise, expected: Load | None
) -> None:
    assert default_load(exercise, history(*past)) == expected


@pytest.mark.parametrize(
    ("did", "expected"),
    [
        (Did(2), "last: 2×12 @ 8 kg, felt easy"),
        (Did(2, (EASY, HARD)), "last: 2×12 @ 8 kg, felt hard"),
        (Did(2, (OK, EASY)), "last: 2×12 @ 8 kg, felt ok"),
        (Did(2, (None, None)), "last: 2×12 @ 8 kg"),
        (Did(2, (EASY, EASY, OK), reps=(12, 12, 10)), "last: 3 sets (12, 12, 10) @ 8 kg, felt ok"),
        (Did(2, loads=(8.0, 10.0)), "last: 2×12 @ 8–10 kg, felt easy"),
        (Did(2, load=17.5), "last: 2×12 @ 17.5 kg, felt easy"),
        (
            Did(2, (EASY, EASY, EASY), skipped=(False, False, True)),
            "last: 2×12 @ 8 kg, felt easy, 1 skipped",
        ),
        (Did(2, load=None), "last: 2×12, felt easy"),
        (Did(2, (None, None), load=None, hold=30, planned_reps=None), "last: 2×30 s"),
        (Did(2, sides=Sides.EACH, load=None), "last: 2×12 each side, felt easy"),
        (
            Did(2, (EASY,), sides=Sides.ALTERNATING, planned_reps=20, load=None),
            "last: 1×10 each side, felt easy",
        ),
    ],
)
def test_last_time(did: Did, expected: str) -> None:
    assert last_time(history(did), did.name) == expected


def test_last_time_is_the_latest_session_and_none_when_never_done() -> None:
    past = history(Did(9, (HARD, HARD), load=6.0), Did(2))
    assert last_time(past, "goblet squat") == "last: 2×12 @ 8 kg, felt easy"
    assert last_time(past, "Deadlift") is None


def _days(*ago: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in ago]


@pytest.mark.parametrize(
    ("ago", "start_ago"),
    [
        ((), None),
        ((3,), 3),
        ((20, 10, 3), 20),
        # gaps of 3+ weeks start a new block; the last one is current
        ((100, 99, 60, 57, 30, 5), 5),
        # a gap of 20 days does not
        ((30, 10), 30),
        # blocks are capped at 12 weeks: a session every 3 days for 100 days
        (tuple(range(99, -1, -3)), 15),
        # no session for 3 weeks: no block under way
        ((40, 21), None),
    ],
)
def test_current_block(ago: tuple[int, ...], start_ago: int | None) -> None:
    block = current_block(_days(*ago), TODAY)
    if start_ago is None:
        assert block is None
    else:
        assert block is not None and block.start == TODAY - timedelta(days=start_ago)


def test_blocks_split_history() -> None:
    found = blocks(_days(100, 99, 60, 57, 30, 5))
    assert [(TODAY - b.start).days for b in found] == [100, 60, 30, 5]
    assert [(TODAY - b.last_session).days for b in found] == [99, 57, 30, 5]


def test_a_redone_set_counts_once_with_its_last_attempt() -> None:
    """`back` re-records a set: last time shows the redo, not a duplicate or a skip."""
    start = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
    info = ExerciseInfo(0, "Squat", sets=2, reps=10)

    def record(number: int, reps: int | None, skipped: bool = False) -> SetRecord:
        return SetRecord(
            "Squat", 0, number, start, start, planned_reps=10, reps=reps, skipped=skipped
        )

    log = SessionLog(
        "Legs",
        start,
        status=Status.FINISHED,
        exercises=(info,),
        sets=(record(1, 10), record(2, None, skipped=True), record(2, 8)),
    )
    assert last_time([log], "Squat") == "last: 2 sets (10, 8)"
