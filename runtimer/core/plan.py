"""A routine unrolled into the ordered steps of a session.

One plan serves both the duration estimate (`runtimer list`, the menu preview) and
the session engine, so the estimate always describes the session the user will get.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from runtimer.core.routine import HOLD_GET_READY, Exercise, Routine, Sides


class StepKind(Enum):
    WARMUP = "warmup"
    WORK = "work"
    REST = "rest"


class RestKind(Enum):
    BETWEEN_SETS = "between sets"
    BETWEEN_EXERCISES = "between exercises"
    SWITCH_SIDES = "switch sides"


class Side(Enum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Step:
    """One step of the plan.

    `exercise_index` and `set_number` are the work the step belongs to; for a rest
    they name the work that comes *next*, which is what the rest screen shows.
    """

    kind: StepKind
    exercise_index: int = 0
    set_number: int = 1  # 1-based
    side: Side | None = None
    rest_kind: RestKind | None = None
    duration: int = 0  # planned seconds: warm-up and rest length, hold length
    target_reps: int | None = None
    target_hold: int | None = None
    #: A hold that starts by itself when the step before it ends (the second side,
    #: or every hold of an exercise or routine with `start = "auto"`), after
    #: `get_ready` seconds. A hold that waits for a key always gets the full
    #: get-ready when the key comes.
    auto_start: bool = False
    get_ready: int = HOLD_GET_READY

    @property
    def is_work(self) -> bool:
        return self.kind is StepKind.WORK

    @property
    def is_rest(self) -> bool:
        return self.kind is StepKind.REST


def build_plan(routine: Routine) -> tuple[Step, ...]:
    steps: list[Step] = []
    if routine.warmup is not None:
        steps.append(Step(StepKind.WARMUP, duration=routine.warmup.duration))
    last_exercise = len(routine.exercises) - 1
    for index, exercise in enumerate(routine.exercises):
        sides: tuple[Side | None, ...] = (
            (Side.LEFT, Side.RIGHT) if exercise.sides is Sides.EACH else (None,)
        )
        for set_number in range(1, exercise.sets + 1):
            for side in sides:
                if side is Side.RIGHT and routine.switch_sides > 0:
                    steps.append(
                        Step(
                            StepKind.REST,
                            index,
                            set_number,
                            side,
                            RestKind.SWITCH_SIDES,
                            routine.switch_sides,
                        )
                    )
                steps.append(
                    _work_step(
                        exercise,
                        index,
                        set_number,
                        side,
                        after_switch=side is Side.RIGHT and routine.switch_sides > 0,
                    )
                )
            if set_number < exercise.sets and exercise.rest_between_sets > 0:
                steps.append(
                    Step(
                        StepKind.REST,
                        index,
                        set_number + 1,
                        sides[0],
                        RestKind.BETWEEN_SETS,
                        exercise.rest_between_sets,
                    )
                )
        if index < last_exercise and exercise.rest_after > 0:
            following = routine.exercises[index + 1]
            steps.append(
                Step(
                    StepKind.REST,
                    index + 1,
                    1,
                    Side.LEFT if following.sides is Sides.EACH else None,
                    RestKind.BETWEEN_EXERCISES,
                    exercise.rest_after,
                )
            )
    return tuple(steps)


def _work_step(
    exercise: Exercise, index: int, set_number: int, side: Side | None, *, after_switch: bool
) -> Step:
    if exercise.hold is not None:
        # The second side always runs on by itself: the switch pause (with its pips)
        # was the get-ready, so the hold starts the moment it ends.
        return Step(
            StepKind.WORK,
            index,
            set_number,
            side,
            duration=exercise.hold,
            target_hold=exercise.hold,
            auto_start=exercise.auto_start or side is Side.RIGHT,
            get_ready=0 if after_switch else HOLD_GET_READY,
        )
    assert exercise.reps is not None
    reps = exercise.sides.reps_per_step(exercise.reps)
    return Step(StepKind.WORK, index, set_number, side, target_reps=reps)


def planned_seconds(step: Step, routine: Routine) -> float:
    """How long a step is expected to take: rests and warm-ups as written, holds plus
    their get-ready, rep sets at the routine's pace per rep."""
    if step.kind is not StepKind.WORK:
        return float(step.duration)
    if step.target_hold is not None:
        return float(step.target_hold + (step.get_ready if step.auto_start else HOLD_GET_READY))
    return float((step.target_reps or 0) * routine.rep_pace)


def estimate_seconds(routine: Routine) -> float:
    """The whole session's expected length."""
    return sum(planned_seconds(step, routine) for step in build_plan(routine))
