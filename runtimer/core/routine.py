"""The routine model: what a hand-written routine file means, as frozen dataclasses.

This module and the loader are the core: they never import Textual, so they can be
tested in milliseconds and reused by the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from runtimer.core.durations import MILE

# Defaults for keys a routine may leave out (seconds).
DEFAULT_REST_BETWEEN_SETS = 90
DEFAULT_REST_BETWEEN_EXERCISES = 120
DEFAULT_SWITCH_SIDES = 5
DEFAULT_REP_PACE = 3
#: Seconds of "get ready" before a timed hold starts counting down.
HOLD_GET_READY = 3
#: Seconds before a rest or the warm-up ends that the early warning comes (config
#: `[workout] warning`); a countdown no longer than this gets no warning.
DEFAULT_WARNING = 10

UNITS = ("kg", "lb")
#: The unit of a weight nobody gave a unit for (added with the load keys, say).
DEFAULT_UNIT = "kg"
DEFAULT_LOAD_STEP = {"kg": 2.0, "lb": 5.0}
#: Circuits (our choices, not the guides'): a short move between stations, a minute
#: between rounds.
DEFAULT_REST_BETWEEN_STATIONS = 10
DEFAULT_REST_BETWEEN_ROUNDS = 60
#: The pace a running leg is estimated at when the routine gives none (6:00/km).
DEFAULT_PACE = 360.0


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
class SetTarget:
    """What one set asks for, where the sets of an exercise differ (`reps = [12, 10,
    "8+"]`, `load = [6, 8, 10]`, `warmup_sets = 1`)."""

    reps: int | None = None
    load: float | None = None
    at_least: bool = False  # "8+": at least 8, as many as you can
    warmup: bool = False  # a warm-up set: logged, but kept out of advice and records


@dataclass(frozen=True)
class Circuit:
    """Consecutive exercises done in rounds: A1, A2, A3, rest, A1, ... (a superset
    when the rest between stations is 0). `every`: a round starts every so many
    seconds (EMOM); the rest is what is left of the interval."""

    label: str
    rounds: int
    name: str = ""
    rest_between_stations: int = DEFAULT_REST_BETWEEN_STATIONS
    rest_between_rounds: int = DEFAULT_REST_BETWEEN_ROUNDS
    rest_after: int = DEFAULT_REST_BETWEEN_EXERCISES
    every: int | None = None

    @property
    def title(self) -> str:
        """`Circuit A`, or `Circuit A: after the run`."""
        return f"Circuit {self.label}: {self.name}" if self.name else f"Circuit {self.label}"

    def how(self) -> str:
        """`3 rounds · 15 s between stations · 1 min between rounds` (or `every 1 min`)."""
        parts = [f"{self.rounds} round" + ("" if self.rounds == 1 else "s")]
        if self.every is not None:
            parts.append(f"a round every {format_duration(self.every)}")
        else:
            parts.append(f"{format_duration(self.rest_between_stations)} between stations")
            parts.append(f"{format_duration(self.rest_between_rounds)} between rounds")
        return " · ".join(parts)


@dataclass(frozen=True)
class Exercise:
    """One exercise of a routine: what to do, how many sets of it, and how to do it
    well (cues, an easier and a harder version)."""

    name: str
    sets: int  # in a circuit: its rounds
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
    #: Timed work: as many reps as you can in this many seconds (counted if you like).
    work: int | None = None
    #: A running leg: a timed run (seconds, counts down) or a distance (metres, counts
    #: up until enter), with an optional target pace in seconds per km.
    run: int | None = None
    distance: float | None = None
    pace: float | None = None
    #: A running leg's lap time (seconds): a beep and "Lap 2." every lap while it runs.
    lap: int | None = None
    #: The label of the circuit this exercise is a station of.
    circuit: str | None = None
    #: One entry per set when the sets differ; empty when every set is the same.
    targets: tuple[SetTarget, ...] = ()
    #: A weight test (`find_weight = true`): the summary says which weight to start
    #: with, from how the last set felt (`core/startweight`).
    find_weight: bool = False

    @property
    def is_hold(self) -> bool:
        return self.hold is not None

    @property
    def is_run(self) -> bool:
        return self.run is not None or self.distance is not None

    @property
    def timed(self) -> int | None:
        """Seconds of a step that counts down by itself: a hold, timed work, a timed run."""
        for seconds in (self.hold, self.work, self.run):
            if seconds is not None:
                return seconds
        return None

    def target(self, set_number: int) -> SetTarget:
        """What set `set_number` (1-based) asks for."""
        if self.targets and 1 <= set_number <= len(self.targets):
            return self.targets[set_number - 1]
        return SetTarget(self.reps, self.load.amount if self.load is not None else None)

    @property
    def warmup_sets(self) -> int:
        return sum(1 for target in self.targets if target.warmup)

    @property
    def unit(self) -> str:
        """The unit its weight is counted in, even before it has one."""
        return self.load.unit if self.load is not None else DEFAULT_UNIT

    @property
    def per_side(self) -> bool:
        return self.sides.per_side

    def amount_text(self) -> str:
        """`12`, `30 s hold`, `40 s work`, `400 m run`, `12, 10, 8+`: one set's work."""
        if self.hold is not None:
            return f"{format_duration(self.hold)} hold"
        if self.work is not None:
            return f"{format_duration(self.work)} work"
        if self.run is not None:
            return f"{format_duration(self.run)} run"
        if self.distance is not None:
            run = f"{format_distance(self.distance)} run"
            return f"{run} at {format_pace(self.pace)}" if self.pace is not None else run
        if self.targets and len({(t.reps, t.at_least) for t in self.targets}) > 1:
            return ", ".join(f"{t.reps}{'+' if t.at_least else ''}" for t in self.targets)
        last = self.target(self.sets)
        return f"{self.reps}{'+' if last.at_least else ''}"

    def target_text(self) -> str:
        """`2 × 12 each side`, `3 × 30 s hold`: the plan of one exercise in a few words."""
        text = f"{self.sets} × {self.amount_text()}"
        if self.sides is Sides.EACH:
            text += " each side"
        elif self.sides is Sides.ALTERNATING:
            text += " each side, alternating"
        loads = {t.load for t in self.targets}
        if self.load is not None and len(loads) > 1:
            amounts = ", ".join(format_amount(t.load or 0) for t in self.targets)
            text += f" @ {amounts} {self.load.unit}"
        elif self.load is not None:
            text += f" @ {self.load}"
        if self.warmup_sets:
            text += f" (first {self.warmup_sets} to warm up)"
        return text


@dataclass(frozen=True)
class Warmup:
    """The timed warm-up before the first exercise, and what to do in it."""

    duration: int  # seconds
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routine:
    """A whole routine file: its exercises in order, the rests between them, and its
    warm-up and circuits. `source` is the file it came from (not compared)."""

    name: str
    exercises: tuple[Exercise, ...]
    description: str = ""
    notes: str = ""
    warmup: Warmup | None = None
    rest_between_sets: int = DEFAULT_REST_BETWEEN_SETS
    rest_between_exercises: int = DEFAULT_REST_BETWEEN_EXERCISES
    switch_sides: int = DEFAULT_SWITCH_SIDES
    rep_pace: int = DEFAULT_REP_PACE
    circuits: tuple[Circuit, ...] = ()
    source: Path | None = field(default=None, compare=False)

    def circuit(self, label: str | None) -> Circuit | None:
        return next((c for c in self.circuits if c.label == label), None)

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


def format_distance(metres: float) -> str:
    """`400 m`, `1.5 km`, `1 mi`: distances as people say them (a distance given in
    quarter miles stays in miles)."""
    quarters = metres / MILE * 4
    if quarters >= 1 and abs(quarters - round(quarters)) < 1e-6:
        return f"{round(quarters) / 4:g} mi"
    if metres >= 1000:
        return f"{metres / 1000:g} km"
    return f"{metres:g} m"


def format_pace(seconds_per_km: float) -> str:
    """`5:30/km`."""
    return f"{format_clock(seconds_per_km)}/km"


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
