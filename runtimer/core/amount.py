"""What one work step asks for, decided in one place.

The workout screen ("hold 30 s", "run 400 m at 5:30/km", "at least 8 reps") and the
voice ("Hold 30 seconds.", "Run 400 metres.", "at least 8 reps") say the same thing
in different words. `step_amount` decides *what* a step's amount is; each of them
only words it, so a new kind of step cannot be shown one way and said another.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from runtimer.core.plan import Step
from runtimer.core.routine import Sides


class AmountKind(Enum):
    REPS = "reps"  # a number of reps (or at least that many)
    HOLD = "hold"  # a timed hold
    WORK = "work"  # as many reps as you can in a time
    RUN = "run"  # a timed run
    DISTANCE = "distance"  # a running leg by distance, at a pace if one is given


@dataclass(frozen=True)
class Amount:
    """One step's amount. Only the fields of its `kind` mean anything."""

    kind: AmountKind
    reps: int = 0  # REPS: the step's reps, or with `each_side` the reps on each leg
    at_least: bool = False  # REPS: "8+", at least this many
    each_side: bool = False  # REPS: sides alternate within the set (walking lunges)
    seconds: int = 0  # HOLD, WORK, RUN
    metres: float = 0.0  # DISTANCE
    pace: float | None = None  # DISTANCE: the target, seconds per km
    lap: int | None = None  # RUN, DISTANCE: a beep every so many seconds


def step_amount(step: Step, sides: Sides = Sides.BOTH) -> Amount:
    """What the work step `step` asks for. `sides`: its exercise's; an alternating set
    is then counted per leg (the step itself counts both legs together)."""
    if step.target_hold is not None:
        return Amount(AmountKind.HOLD, seconds=step.target_hold)
    if step.target_work is not None:
        kind = AmountKind.RUN if step.running else AmountKind.WORK
        return Amount(kind, seconds=step.target_work, lap=step.lap)
    if step.target_distance is not None:
        return Amount(
            AmountKind.DISTANCE, metres=step.target_distance, pace=step.target_pace, lap=step.lap
        )
    reps = step.target_reps or 0
    each_side = sides is Sides.ALTERNATING
    return Amount(
        AmountKind.REPS,
        reps=reps // 2 if each_side else reps,
        at_least=step.at_least,
        each_side=each_side,
    )
