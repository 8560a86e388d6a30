"""What a workout log says: the workout, its exercises as planned, every set done.

Frozen dataclasses, so a log read from disk or built in memory can be handed around
without anyone changing it behind another's back; `SessionWriter` makes the changes
and saves them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

from runtimer.core import paths
from runtimer.core.feeling import Feeling
from runtimer.core.plan import Side
from runtimer.core.routine import Exercise, Sides

FORMAT_VERSION = 2  # 2: circuits, timed work, running legs, warm-up sets
#: A real log is a few kB (the largest routine possible makes under 1 MiB); anything
#: bigger is not ours and is not read.
MAX_LOG_BYTES = 4 * 1024 * 1024
#: Longest routine-name part of a file name.
MAX_SLUG = 40
LOG_SUFFIX = ".toml"

Clock = Callable[[], datetime]
"""Returns the current time as an aware datetime. Injected so tests never sleep."""


def local_now() -> datetime:
    """Now, in the local time zone, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


class Unit(Enum):
    KG = "kg"
    LB = "lb"


class Status(Enum):
    IN_PROGRESS = "in_progress"  # running now, or the app died: offer resume
    FINISHED = "finished"
    PARTIAL = "partial"  # stopped early, kept on purpose
    DISCARDED = "discarded"  # kept on disk, ignored by history and advice


@dataclass(frozen=True, slots=True)
class ExerciseInfo:
    """The plan of one exercise as it was when the workout started."""

    index: int
    name: str
    sets: int
    reps: int | None = None
    hold: int | None = None
    sides: Sides = Sides.BOTH
    load: float | None = None
    unit: str | None = None
    load_step: float | None = None
    circuit: str | None = None  # the label of the circuit it was a station of
    #: A weight test (`find_weight` in the routine): its sets say which weight to start
    #: with (`core.startweight`), read back from the log alone.
    find_weight: bool = False

    @classmethod
    def from_exercise(cls, index: int, exercise: Exercise) -> ExerciseInfo:
        load = exercise.load
        return cls(
            index=index,
            name=exercise.name,
            sets=exercise.sets,
            reps=exercise.reps,
            hold=exercise.hold,
            sides=exercise.sides,
            load=float(load.amount) if load is not None else None,
            unit=load.unit if load is not None else None,
            load_step=float(load.step) if load is not None else None,
            circuit=exercise.circuit,
            find_weight=exercise.find_weight,
        )


@dataclass(frozen=True, slots=True)
class SetRecord:
    """One set (one side of a one-sided set), done or skipped.

    Reps are counted the way the plan counts them (`plan.Step.target_reps`): a
    one-sided set has one record per side, and an alternating set counts both legs
    together ("12 each side, alternating" is `planned_reps = 24`).
    """

    exercise: str
    exercise_index: int
    set_number: int  # 1-based
    started: datetime
    ended: datetime
    side: Side | None = None
    planned_reps: int | None = None
    planned_hold: int | None = None  # seconds
    reps: int | None = None
    held: float | None = None  # seconds actually held
    load: float | None = None
    unit: str | None = None
    feeling: Feeling | None = None
    rest_before: float | None = None  # seconds of rest actually taken before the set
    skipped: bool = False
    warmup: bool = False  # a warm-up set: kept out of advice and records
    planned_work: int | None = None  # seconds of timed work or of a timed run
    planned_distance: float | None = None  # metres of a running leg
    worked: float | None = None  # seconds the timed work or the running leg took
    #: A program's session: the load carried is the user's choice, not the program's
    #: target (the log's `[[exercise]]` load); the program's rules start from it.
    override: bool = False

    @property
    def done(self) -> bool:
        return not self.skipped


def planned_reps(exercise: ExerciseInfo) -> int | None:
    """Reps of one work step, as the plan counts them (alternating: both legs)."""
    if exercise.reps is None:
        return None
    return exercise.sides.reps_per_step(exercise.reps)


@dataclass(frozen=True, slots=True)
class TargetRecord:
    """One exercise's target in a session started from a program, as the menu showed it
    (`program.engine.Target`, kept as plain data: the log does not depend on the
    program's code). `index` and `name` are the routine's exercise it is for."""

    index: int
    name: str
    sets: int  # in a circuit: its rounds
    reps: int | None = None
    hold: int | None = None  # seconds
    load: float | None = None
    unit: str = "kg"
    rest: int = 0  # seconds between its sets
    why: str = ""  # the reason shown beside it ("+2 kg: two weeks at 10 kg, ...")
    up: bool = False  # harder than last time


@dataclass(frozen=True, slots=True)
class ProgramRecord:
    """The session was the active program's (started from the menu's "today"): which
    program (its file name), the week and the session of that week, and the targets
    it applied. A resumed session is rebuilt from these targets (`program.engine.
    resumed_targets`), and the program's engine counts the session as the program's
    by this record rather than by its routine."""

    file: str  # the program's file name, without .toml
    week: int  # 1-based
    session: int  # its number in that week ("session 2 of 3 this week")
    targets: tuple[TargetRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Interruption:
    """The app stopped mid-workout (closed, killed, crashed) and the workout was resumed
    later: the time between `stopped` (the last set saved) and `resumed` is not
    workout time."""

    stopped: datetime
    resumed: datetime

    @property
    def gap(self) -> timedelta:
        return max(self.resumed - self.stopped, timedelta(0))


@dataclass(frozen=True, slots=True)
class SessionLog:
    """One workout. `path` is where it was read from or is being written to.

    `active_seconds` is the workout time the app measured (pauses and interruptions
    left out), saved with every set; older logs lack it and their duration is the
    span from start to end, less any interruptions.
    """

    routine: str
    started: datetime
    status: Status = Status.IN_PROGRESS
    ended: datetime | None = None
    routine_path: str = ""
    routine_sha256: str = ""
    exercises: tuple[ExerciseInfo, ...] = ()
    sets: tuple[SetRecord, ...] = ()
    active_seconds: float | None = None
    interruptions: tuple[Interruption, ...] = ()
    #: Started from the active program's "today"; None for any other session (and
    #: every log written before runtimer kept this record).
    program: ProgramRecord | None = None
    format: int = FORMAT_VERSION
    path: Path | None = field(default=None, compare=False)

    @property
    def sets_planned(self) -> int:
        return sum(exercise.sets for exercise in self.exercises)

    @property
    def latest_sets(self) -> tuple[SetRecord, ...]:
        """One record per set and side: the last attempt, in the order of the last
        attempts. Going back to redo a set logs it again (the log keeps everything that
        happened); the redo is what counts, for history, advice and export alike."""
        latest: dict[tuple[int, int, Side | None], SetRecord] = {}
        for record in self.sets:
            key = (record.exercise_index, record.set_number, record.side)
            latest.pop(key, None)  # re-insert: keep the order of the last attempts
            latest[key] = record
        return tuple(latest.values())

    @property
    def sets_done(self) -> int:
        """Whole sets done: a one-sided set counts once both its sides are done (its
        latest attempts, as history counts them), and a skipped side leaves it undone."""
        sides: dict[tuple[int, int], set[Side | None]] = {}
        for record in self.latest_sets:
            if record.done:
                sides.setdefault((record.exercise_index, record.set_number), set()).add(record.side)
        return sum(1 for done in sides.values() if None in done or len(done) == 2)

    @property
    def last_activity(self) -> datetime:
        """When the last set ended (or the start, if none did)."""
        return max((s.ended for s in self.sets), default=self.started)

    @property
    def duration(self) -> timedelta:
        """Workout time: as measured when the log has it, else the span less the gaps."""
        if self.active_seconds is not None:
            return timedelta(seconds=self.active_seconds)
        end = self.ended if self.ended is not None else self.last_activity
        gaps = sum((i.gap for i in self.interruptions), timedelta(0))
        return max(end - self.started - gaps, timedelta(0))

    def exercise_info(self, index: int) -> ExerciseInfo | None:
        for exercise in self.exercises:
            if exercise.index == index:
                return exercise
        return None


@dataclass(frozen=True)
class Store:
    """Where logs live, where the history index (a rebuildable cache) goes, the lock
    that keeps one workout at a time, and where a log goes that cannot be saved."""

    sessions: Path
    index: Path | None = None
    lock: Path | None = None  # see `workoutlock`; None: no locking (tests)
    rescue: Path | None = None  # see `rescue`; None: a log that cannot be saved is printed

    @classmethod
    def default(cls) -> Store:
        sessions = paths.sessions_dir()
        return cls(
            sessions,
            paths.history_index_file(),
            paths.workout_lock_file(sessions),
            paths.rescue_dir(),
        )


class UnreadableLog(Exception):
    """A file in the sessions folder that is not a log we can read, and why.

    `where` is the key path of the bad value (`("set", 2, "reps")`); `line` and
    `column` say where it is in the file, once the reader has found it (`parse_log`).
    `reason` never holds them: `located` is the reason after them (`9:1: set 1:
    ...`), and `about(name)` the whole line to show (`NAME:9:1: set 1: ...`).
    """

    def __init__(
        self,
        reason: str,
        where: tuple[str | int, ...] = (),
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = where
        self.line = line
        self.column = column

    @property
    def located(self) -> str:
        """`9:1: set 1: 'reps' must be ...`, or just the reason if it has no place."""
        if self.line is None or self.column is None:
            return self.reason
        return f"{self.line}:{self.column}: {self.reason}"

    def about(self, name: str) -> str:
        """`NAME:9:1: reason` (or `NAME: reason`): what is wrong with the file `name`."""
        return about_file(name, self.located)


# A reason that starts with its line and column, as `UnreadableLog.located` writes it.
_LOCATED = re.compile(r"[0-9]+:[0-9]+: ")


def about_file(name: str, reason: str) -> str:
    """`NAME:9:1: set 1: ...` for a reason that starts with a line and column (as
    `UnreadableLog.located` gives it), `NAME: empty file` for any other, the way
    `path:line:col: message` reads for every file runtimer reads."""
    return f"{name}:{reason}" if _LOCATED.match(reason) else f"{name}: {reason}"
