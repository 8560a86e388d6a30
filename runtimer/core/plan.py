"""A routine unrolled into the ordered steps of a session.

One plan serves both the duration estimate (`runtimer list`, the menu preview) and
the session engine, so the estimate always describes the session the user will get.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from runtimer.core.routine import (
    DEFAULT_PACE,
    HOLD_GET_READY,
    Circuit,
    Exercise,
    Routine,
    Sides,
)


class StepKind(Enum):
    WARMUP = "warmup"
    WORK = "work"
    REST = "rest"


class RestKind(Enum):
    BETWEEN_SETS = "between sets"
    BETWEEN_EXERCISES = "between exercises"
    SWITCH_SIDES = "switch sides"
    BETWEEN_STATIONS = "between stations"  # inside a circuit's round
    BETWEEN_ROUNDS = "between rounds"  # after a circuit's round (EMOM: the rest of it)


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
    #: Timed work (`work = "40s"`) or a timed run (`run = "3m"`): a countdown that ends
    #: by itself, like a hold. Reps may be counted during timed work.
    target_work: int | None = None
    #: A running leg by distance (metres): a clock that counts up until enter.
    target_distance: float | None = None
    target_pace: float | None = None  # seconds per km, for "on pace / 8 s behind"
    lap: int | None = None  # a running leg's lap time: a beep every so many seconds
    running: bool = False  # a running leg (timed or by distance)
    at_least: bool = False  # "10+": at least the target, as many as you can
    warmup_set: bool = False
    #: In a circuit: its label, this station's number and count (1-based). For a
    #: circuit's work the set number is the round.
    circuit: str | None = None
    station: int = 0
    stations: int = 0
    #: An EMOM round's rest: it ends `every` seconds after the round began.
    every: int | None = None

    @property
    def is_work(self) -> bool:
        return self.kind is StepKind.WORK

    @property
    def timed(self) -> int | None:
        """Seconds of work that counts down by itself (hold, timed work, timed run)."""
        return self.target_hold if self.target_hold is not None else self.target_work

    @property
    def is_distance(self) -> bool:
        return self.kind is StepKind.WORK and self.target_distance is not None

    @property
    def is_rest(self) -> bool:
        return self.kind is StepKind.REST


def build_plan(routine: Routine) -> tuple[Step, ...]:
    """Straight sets exercise by exercise; a circuit's stations round by round."""
    steps: list[Step] = []
    if routine.warmup is not None:
        steps.append(Step(StepKind.WARMUP, duration=routine.warmup.duration))
    blocks = blocks_of(routine)
    for number, block in enumerate(blocks):
        circuit = routine.circuit(routine.exercises[block[0]].circuit)
        if circuit is None:
            _straight_sets(steps, routine, block[0])
        else:
            _circuit(steps, routine, circuit, block)
        last = routine.exercises[block[-1]]
        rest_after = circuit.rest_after if circuit is not None else last.rest_after
        if number < len(blocks) - 1 and rest_after > 0:
            following = blocks[number + 1][0]
            steps.append(
                _placed(
                    Step(
                        StepKind.REST,
                        following,
                        1,
                        _first_side(routine.exercises[following]),
                        RestKind.BETWEEN_EXERCISES,
                        rest_after,
                    ),
                    routine,
                )
            )
    return tuple(steps)


def blocks_of(routine: Routine) -> list[list[int]]:
    """The exercise indexes as the session meets them: one block per exercise, or one
    per circuit holding its stations (the loader keeps a circuit's stations together)."""
    blocks: list[list[int]] = []
    for index, exercise in enumerate(routine.exercises):
        previous = routine.exercises[index - 1] if index else None
        if (
            exercise.circuit is not None
            and previous is not None
            and previous.circuit == exercise.circuit
        ):
            blocks[-1].append(index)
        else:
            blocks.append([index])
    return blocks


def _first_side(exercise: Exercise) -> Side | None:
    return Side.LEFT if exercise.sides is Sides.EACH else None


def _placed(step: Step, routine: Routine) -> Step:
    """The step with its place in a circuit, when its exercise is a station of one."""
    exercise = routine.exercises[step.exercise_index]
    if exercise.circuit is None:
        return step
    members = [i for i, e in enumerate(routine.exercises) if e.circuit == exercise.circuit]
    return replace(
        step,
        circuit=exercise.circuit,
        station=members.index(step.exercise_index) + 1,
        stations=len(members),
    )


def _sides_of(
    steps: list[Step], routine: Routine, index: int, set_number: int, *, in_circuit: bool
) -> None:
    """The work of one set: one step, or left, switch pause, right."""
    exercise = routine.exercises[index]
    sides: tuple[Side | None, ...] = (
        (Side.LEFT, Side.RIGHT) if exercise.sides is Sides.EACH else (None,)
    )
    for side in sides:
        switch = side is Side.RIGHT and routine.switch_sides > 0
        if switch:
            steps.append(
                _placed(
                    Step(
                        StepKind.REST,
                        index,
                        set_number,
                        side,
                        RestKind.SWITCH_SIDES,
                        routine.switch_sides,
                    ),
                    routine,
                )
            )
        after_rest = bool(steps) and steps[-1].kind is not StepKind.WORK
        work = _work_step(
            exercise,
            index,
            set_number,
            side,
            after_switch=switch,
            # In a circuit the rest's pips were the get-ready: go when it ends.
            no_get_ready=in_circuit and after_rest and steps[-1].duration >= 3,
        )
        steps.append(_placed(work, routine))


def _straight_sets(steps: list[Step], routine: Routine, index: int) -> None:
    exercise = routine.exercises[index]
    for set_number in range(1, exercise.sets + 1):
        _sides_of(steps, routine, index, set_number, in_circuit=False)
        if set_number < exercise.sets and exercise.rest_between_sets > 0:
            steps.append(
                Step(
                    StepKind.REST,
                    index,
                    set_number + 1,
                    _first_side(exercise),
                    RestKind.BETWEEN_SETS,
                    exercise.rest_between_sets,
                )
            )


def _circuit(steps: list[Step], routine: Routine, circuit: Circuit, block: list[int]) -> None:
    for round_number in range(1, circuit.rounds + 1):
        round_began = len(steps)
        for position, index in enumerate(block):
            _sides_of(steps, routine, index, round_number, in_circuit=True)
            if position < len(block) - 1 and circuit.rest_between_stations > 0:
                following = block[position + 1]
                move = Step(
                    StepKind.REST,
                    following,
                    round_number,
                    _first_side(routine.exercises[following]),
                    RestKind.BETWEEN_STATIONS,
                    circuit.rest_between_stations,
                )
                steps.append(_placed(move, routine))
        if round_number == circuit.rounds:
            break
        if circuit.every is not None:
            # What is left of the interval: planned here for the estimate; the
            # session ends it on the interval whatever the round took.
            took = sum(planned_seconds(step, routine) for step in steps[round_began:])
            rest = max(0, circuit.every - round(took))
        else:
            rest = circuit.rest_between_rounds
        if rest > 0 or circuit.every is not None:
            between = Step(
                StepKind.REST,
                block[0],
                round_number + 1,
                _first_side(routine.exercises[block[0]]),
                RestKind.BETWEEN_ROUNDS,
                rest,
                every=circuit.every,
            )
            steps.append(_placed(between, routine))


def _work_step(
    exercise: Exercise,
    index: int,
    set_number: int,
    side: Side | None,
    *,
    after_switch: bool,
    no_get_ready: bool = False,
) -> Step:
    target = exercise.target(set_number)
    timed = exercise.timed
    if timed is not None:
        # The second side always runs on by itself: the switch pause (with its pips)
        # was the get-ready, so the hold starts the moment it ends.
        return Step(
            StepKind.WORK,
            index,
            set_number,
            side,
            duration=timed,
            target_hold=exercise.hold,
            target_work=exercise.work if exercise.work is not None else exercise.run,
            auto_start=exercise.auto_start or side is Side.RIGHT,
            get_ready=0 if after_switch or no_get_ready else HOLD_GET_READY,
            warmup_set=target.warmup,
            running=exercise.is_run,
            lap=exercise.lap,
        )
    if exercise.distance is not None:
        return Step(
            StepKind.WORK,
            index,
            set_number,
            side,
            target_distance=exercise.distance,
            target_pace=exercise.pace,
            lap=exercise.lap,
            warmup_set=target.warmup,
            running=True,
        )
    assert target.reps is not None
    reps = exercise.sides.reps_per_step(target.reps)
    return Step(
        StepKind.WORK,
        index,
        set_number,
        side,
        target_reps=reps,
        at_least=target.at_least,
        warmup_set=target.warmup,
    )


def planned_seconds(step: Step, routine: Routine) -> float:
    """How long a step is expected to take: rests and warm-ups as written, holds plus
    their get-ready, rep sets at the routine's pace per rep."""
    if step.kind is not StepKind.WORK:
        return float(step.duration)
    if step.timed is not None:
        return float(step.timed + (step.get_ready if step.auto_start else HOLD_GET_READY))
    if step.target_distance is not None:
        return expected_run_seconds(step)
    return float((step.target_reps or 0) * routine.rep_pace)


def expected_run_seconds(step: Step) -> float:
    """A distance leg at its target pace (or the default pace)."""
    pace = step.target_pace if step.target_pace is not None else DEFAULT_PACE
    return (step.target_distance or 0.0) / 1000 * pace


def estimate_seconds(routine: Routine) -> float:
    """The whole session's expected length."""
    return sum(planned_seconds(step, routine) for step in build_plan(routine))
