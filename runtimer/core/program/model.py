"""What a program file means: a block of weeks that says which routine to do and how
hard, as frozen dataclasses (read by `program.loader`, used by `calendar` and
`engine`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Rule(Enum):
    """How loads (and body-weight reps and holds) go up."""

    EVERY_WEEKS = "every_weeks"  # a load step after `every_weeks` trained weeks with no hard set
    DOUBLE = "double"  # reps climb through the phase's range, then a load step, reps back down
    NONE = "none"  # the targets stay as the phases say


class AppliesTo(Enum):
    """Which exercises a phase's sets and reps are for."""

    ALL = "all"
    LOADED = "loaded"  # exercises that carry a weight
    BODYWEIGHT = "bodyweight"  # exercises that carry none


@dataclass(frozen=True)
class Phase:
    """Weeks `first`..`last` (1-based, inclusive) and what they change in the routines'
    targets; None keeps the routine's own value."""

    name: str
    first: int
    last: int
    sets: int | None = None
    reps: int | None = None
    reps_range: tuple[int, int] | None = None  # "8-12": double progression's range
    rest: int | None = None  # seconds between sets
    load_step: float | None = None
    applies_to: AppliesTo = AppliesTo.ALL
    notes: str = ""

    def covers(self, week: int) -> bool:
        return self.first <= week <= self.last

    @property
    def weeks_text(self) -> str:
        """`weeks 1–4`, `week 9`."""
        if self.first == self.last:
            return f"week {self.first}"
        return f"weeks {self.first}–{self.last}"


@dataclass(frozen=True)
class Progression:
    rule: Rule = Rule.EVERY_WEEKS
    every_weeks: int = 2  # the first guide: raise the weights about every two weeks
    bodyweight_reps: int = 2  # our choice: a couple more reps per step
    hold_step: int = 5  # our choice: seconds more per step for a hold


@dataclass(frozen=True)
class Deload:
    """Easier sessions: in the scheduled `weeks`, and reactively after repeated hard
    sessions or a week with no session at all."""

    weeks: tuple[int, ...] = ()
    volume: float = 0.5  # the share of the sets kept (at least one)
    load: float = 0.9  # the share of the load carried, rounded to the load step
    after_hard_sessions: int = 2  # 0: never
    after_missed_week: bool = True


@dataclass(frozen=True)
class Program:
    name: str
    weeks: int
    sessions_per_week: tuple[int, int]  # (at least, at most): the guides' 2–3
    #: The routines (file names, without .toml) done in turn: A, B, A, B ...
    routines: tuple[str, ...] = ()
    #: Or fixed days: (weekday 0 = Monday, routine file name), in weekday order.
    days: tuple[tuple[int, str], ...] = ()
    phases: tuple[Phase, ...] = ()
    progression: Progression = Progression()
    deload: Deload = Deload()
    description: str = ""
    #: The routine whose recorded sets give the first loads (`starting-weight`).
    starting_routine: str | None = None
    source: Path | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        """Its file name without .toml, as the state file and a session's log name it
        (`ProgramEntry.key`); a program made in code, with no file, goes by its name."""
        return self.source.stem.lower() if self.source is not None else self.name.strip().lower()

    @property
    def routine_names(self) -> tuple[str, ...]:
        """Every routine the program uses, each once, in first-use order."""
        names = self.routines or tuple(name for _day, name in self.days)
        return tuple(dict.fromkeys(names))

    def phase(self, week: int) -> Phase | None:
        return next((phase for phase in self.phases if phase.covers(week)), None)

    def scheduled_deload(self, week: int) -> bool:
        return week in self.deload.weeks

    @property
    def sessions_text(self) -> str:
        """`2–3`, or `3`."""
        low, high = self.sessions_per_week
        return str(low) if low == high else f"{low}–{high}"
