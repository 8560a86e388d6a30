"""The routine model: what a hand-written routine file means, as frozen dataclasses.

This module and the loader are the core: they never import Textual, so they can be
tested in milliseconds and reused by the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

# Defaults for keys a routine may leave out (seconds).
DEFAULT_REST_BETWEEN_SETS = 90
DEFAULT_REST_BETWEEN_EXERCISES = 120
DEFAULT_SWITCH_SIDES = 5
DEFAULT_REP_PACE = 3
#: Seconds of "get ready" before a timed hold starts counting down.
HOLD_GET_READY = 3

UNITS = ("kg", "lb")
#: The unit of a weight nobody gave a unit for (added with the load keys, say).
DEFAULT_UNIT = "kg"
DEFAULT_LOAD_STEP = {"kg": 2.0, "lb": 5.0}


class Sides(Enum):
    """How an exercise treats the two sides of the body."""

    BOTH = "both"  # a normal, two-sided exercise: one work step per set
    EACH = "each"  # left then right within each set, with a short switch pause
    ALTERNATING = "alternating"  # one work step, the reps alternate (e.g. walking lunges)

    @property
    def per_side(self) -> bool:
        return self is not Sides.BOTH

    def reps_per_step(self, reps: int) -> int:
        """Reps as one work step counts them: an alternating set does `reps` on each
        leg in one go, so the step counts both legs (12 each side is 24)."""
        return reps * 2 if self is Sides.ALTERNATING else reps


@dataclass(frozen=True)
class Load:
    """A weight carried in an exercise, with the step the load keys change it by."""

    amount: float
    unit: str = "kg"
    step: float = 2.0

    def __str__(self) -> str:
        return f"{format_amount(self.amount)} {self.unit}"


def format_amount(amount: float) -> str:
    """`8.0` -> `8`, `17.5` -> `17.5`: loads read as people write them."""
    return f"{amount:g}"


@dataclass(frozen=True)
class Exercise:
    name: str
    sets: int
    reps: int | None = None
    hold: int | None = None  # seconds, for timed holds such as a plank
    sides: Sides = Sides.BOTH
    rest_between_sets: int = DEFAULT_REST_BETWEEN_SETS
    rest_after: int = DEFAULT_REST_BETWEEN_EXERCISES
    equipment: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    benefit: str = ""
    harder: str = ""
    easier: str = ""
    notes: str = ""
    load: Load | None = None
    #: `start = "auto"`: each hold starts by itself (after a get-ready) when the rest
    #: before it ends, instead of waiting for space or enter. Holds only.
    auto_start: bool = False

    @property
    def is_hold(self) -> bool:
        return self.hold is not None

    @property
    def unit(self) -> str:
        """The unit its weight is counted in, even before it has one."""
        return self.load.unit if self.load is not None else DEFAULT_UNIT

    @property
    def per_side(self) -> bool:
        return self.sides.per_side

    def target_text(self) -> str:
        """`2 × 12 each side`, `3 × 30 s hold`: the plan of one exercise in a few words."""
        amount = f"{format_duration(self.hold)} hold" if self.hold is not None else f"{self.reps}"
        text = f"{self.sets} × {amount}"
        if self.sides is Sides.EACH:
            text += " each side"
        elif self.sides is Sides.ALTERNATING:
            text += " each side, alternating"
        if self.load is not None:
            text += f" @ {self.load}"
        return text


@dataclass(frozen=True)
class Warmup:
    duration: int  # seconds
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routine:
    name: str
    exercises: tuple[Exercise, ...]
    description: str = ""
    notes: str = ""
    warmup: Warmup | None = None
    rest_between_sets: int = DEFAULT_REST_BETWEEN_SETS
    rest_between_exercises: int = DEFAULT_REST_BETWEEN_EXERCISES
    switch_sides: int = DEFAULT_SWITCH_SIDES
    rep_pace: int = DEFAULT_REP_PACE
    source: Path | None = field(default=None, compare=False)

    @property
    def equipment(self) -> tuple[str, ...]:
        """Everything the routine needs, in first-use order, without repeats."""
        seen: dict[str, None] = {}
        for exercise in self.exercises:
            for item in exercise.equipment:
                seen.setdefault(item, None)
        return tuple(seen)

    @property
    def total_sets(self) -> int:
        return sum(exercise.sets for exercise in self.exercises)


def format_duration(seconds: float) -> str:
    """Short human form: `45 s`, `2 min`, `1 min 30 s`."""
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes and secs:
        return f"{minutes} min {secs} s"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def format_clock(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`) for countdowns and elapsed time; never negative."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_estimate(seconds: float) -> str:
    """Whole minutes, rounded up, as shown in lists: `34 min`."""
    minutes = max(1, -(-int(seconds) // 60))
    if minutes >= 60:
        hours, mins = divmod(minutes, 60)
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{minutes} min"
