"""Workout logs made from a program's plan, for the program tests: a session that
did what the plan said (or a given load instead), with the feelings asked for."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone

from runtimer.core.feeling import Feeling
from runtimer.core.plan import Side
from runtimer.core.program.engine import TodayPlan
from runtimer.core.records.model import ExerciseInfo, SessionLog, SetRecord, Status
from runtimer.core.routine import Routine, Sides

TZ = timezone(timedelta(hours=1))


def at(day: date, hour: int = 18) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=hour, tzinfo=TZ)


def did(
    routine: Routine,
    day: date,
    *,
    feeling: Feeling | None = Feeling.OK,
    loads: dict[int, float] | None = None,
    carried: dict[str, float] | None = None,
    hard: set[str] = frozenset(),  # type: ignore[assignment]
    status: Status = Status.FINISHED,
) -> SessionLog:
    """A log of `routine` done on `day` as planned: every set at its planned reps and
    `loads` (by exercise index); `carried` overrides a load by exercise name, and the
    exercises named in `hard` have their last set rated hard."""
    loads = loads or {}
    carried = carried or {}
    start = at(day)
    sets: list[SetRecord] = []
    for index, exercise in enumerate(routine.exercises):
        load = carried.get(exercise.name, loads.get(index))
        sides: tuple[Side | None, ...] = (
            (Side.LEFT, Side.RIGHT) if exercise.sides is Sides.EACH else (None,)
        )
        reps = exercise.sides.reps_per_step(exercise.reps) if exercise.reps else None
        for number in range(1, exercise.sets + 1):
            for side in sides:
                last = number == exercise.sets
                rated = Feeling.HARD if exercise.name in hard and last else feeling
                sets.append(
                    SetRecord(
                        exercise=exercise.name,
                        exercise_index=index,
                        set_number=number,
                        started=start,
                        ended=start + timedelta(minutes=1),
                        side=side,
                        planned_reps=reps,
                        planned_hold=exercise.hold,
                        reps=reps,
                        held=float(exercise.hold) if exercise.hold else None,
                        load=load,
                        unit="kg" if load is not None else None,
                        feeling=rated,
                    )
                )
    return SessionLog(
        routine=routine.name,
        started=start,
        status=status,
        routine_path=os.path.abspath(routine.source) if routine.source else "",
        exercises=tuple(ExerciseInfo.from_exercise(i, e) for i, e in enumerate(routine.exercises)),
        sets=tuple(sets),
    )


def follow(plan: TodayPlan, **kwargs: object) -> SessionLog:
    """The log of doing today's plan exactly (its routine, its loads)."""
    return did(plan.routine, plan.day.next_day, loads=plan.loads, **kwargs)  # type: ignore[arg-type]
