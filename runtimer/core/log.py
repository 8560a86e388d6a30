"""The workout log: every set, written to disk the moment it ends.

One TOML file per workout lives in the sessions folder
(`platformdirs.user_data_path("runtimer") / "sessions"`). A log is rewritten whole and
replaced atomically after every change (see `safefile`), so a crash, `kill -9`, a
closed lid or a full disk leaves either the previous version or the new one, never a
half-written file.

Saving must never stop a workout: `SessionWriter` keeps the whole log in memory, and
when the disk refuses a write it records a plain-language `problem` and tries again on
every later change (or `retry()`); the problem clears once a write succeeds.

Resume position: it is *derived* from the sets recorded, not stored. `resume_position`
returns the first work step of the plan that has no record (done or skipped), so a log
stays meaningful even if the process died between two writes. Every set has a record
once it ends, and skipped sets get one too, so "no record" means "not done yet".

The file (format version `FORMAT_VERSION`; keys with no value are left out)::

    format = 1
    routine = "Full body"
    routine_path = "/home/me/.config/runtimer/routines/full-body.toml"
    routine_sha256 = "9f86d081..."      # of the routine file's bytes at the start
    status = "in_progress"              # finished | partial | discarded
    started = 2026-11-21T18:30:05+01:00 # local time with its UTC offset
    ended = 2026-11-21T19:04:40+01:00   # once finished, kept partial or discarded
    active_seconds = 1834.5             # workout time so far: pauses and gaps left out

    [[exercise]]                        # the plan, as it was at the start
    index = 0
    name = "Goblet squat"
    sets = 2
    reps = 12                           # or hold = 30 (seconds)
    sides = "both"                      # each | alternating
    load = 8.0
    unit = "kg"
    load_step = 2.0

    [[set]]                             # one per set (per side), in the order done
    exercise = "Goblet squat"
    exercise_index = 0
    set_number = 1
    side = "left"                       # only for one-sided sets
    planned_reps = 12                   # or planned_hold (seconds)
    reps = 12                           # or held (seconds)
    load = 8.0
    unit = "kg"
    feeling = "easy"                    # easy | ok | hard, once rated
    rest_before = 92.5                  # seconds actually rested before the set
    skipped = false
    started = 2026-11-21T18:36:10+01:00
    ended = 2026-11-21T18:36:55+01:00

    [[interruption]]                    # the app stopped mid-workout; resumed later
    stopped = 2026-11-21T18:50:12+01:00 # the last set saved before it stopped
    resumed = 2026-11-21T19:30:00+01:00

Reading is as strict as writing is careful: every value is checked against the range
runtimer can write (a log is a file anyone can edit), and a log that fails says which
value, at which line and column (`UnreadableLog`).
"""

from __future__ import annotations

import errno
import hashlib
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from runtimer.core import paths, safefile
from runtimer.core.feeling import Feeling
from runtimer.core.loader import (
    MAX_EXERCISES,
    MAX_HOLD,
    MAX_LOAD,
    MAX_LOAD_STEP,
    MAX_REPS,
    MAX_SETS,
)
from runtimer.core.plan import Side, build_plan
from runtimer.core.positions import Positions, split_toml_error
from runtimer.core.routine import Exercise, Routine, Sides
from runtimer.core.safefile import describe_os_error
from runtimer.core.tomlfile import TomlTextError, decode_utf8, parse_toml

_E = TypeVar("_E", bound=Enum)

FORMAT_VERSION = 1
#: A real log is a few kB (the largest routine possible makes under 1 MiB); anything
#: bigger is not ours and is not read.
MAX_LOG_BYTES = 4 * 1024 * 1024
#: Longest routine-name part of a file name.
MAX_SLUG = 40
LOG_SUFFIX = ".toml"
_HEADER = (
    f"# runtimer workout log (format {FORMAT_VERSION}). runtimer rewrites this file "
    "while the workout runs.\n\n"
)

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

    @property
    def done(self) -> bool:
        return not self.skipped


def planned_reps(exercise: ExerciseInfo) -> int | None:
    """Reps of one work step, as the plan counts them (alternating: both legs)."""
    if exercise.reps is None:
        return None
    return exercise.reps * (2 if exercise.sides is Sides.ALTERNATING else 1)


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
    format: int = FORMAT_VERSION
    path: Path | None = field(default=None, compare=False)

    @property
    def sets_planned(self) -> int:
        return sum(exercise.sets for exercise in self.exercises)

    @property
    def sets_done(self) -> int:
        """Whole sets done: a one-sided set counts once both its sides are done (its
        latest attempts, as history counts them), and a skipped side leaves it undone."""
        latest: dict[tuple[int, int, Side | None], bool] = {}
        for record in self.sets:
            latest[(record.exercise_index, record.set_number, record.side)] = record.done
        sides: dict[tuple[int, int], set[Side | None]] = {}
        for (exercise, number, side), done in latest.items():
            if done:
                sides.setdefault((exercise, number), set()).add(side)
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


# --------------------------------------------------------------------- file names


def slugify(name: str, limit: int = MAX_SLUG) -> str:
    """`Full Body (Tuesday)` -> `full-body-tuesday`: only [a-z0-9-], never empty.

    Whatever a routine is called (`../../etc/x`, slashes, NUL, 300 characters), the
    result is a plain file-name part that cannot leave the sessions folder.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:limit].rstrip("-")
    return slug or "workout"


def log_file_name(routine: str, started: datetime, attempt: int = 1) -> str:
    """`2026-11-21T1830-full-body.toml`; the local time first so names sort by date."""
    stamp = started.strftime("%Y-%m-%dT%H%M")
    suffix = "" if attempt == 1 else f"-{attempt}"
    return f"{stamp}-{slugify(routine)}{suffix}{LOG_SUFFIX}"


_SAFE_NAME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+\.toml")


def _path_in(folder: Path, name: str) -> Path:
    """The log path, after checking it really is a plain name directly in `folder`."""
    path = folder / name
    if not _SAFE_NAME.fullmatch(name) or path.parent != folder or path.name != name:
        raise ValueError(f"refusing to write a log outside {folder}: {name!r}")
    return path


# ------------------------------------------------------------------ serialisation


def _drop_none(table: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in table.items() if value is not None}


def _exercise_to_dict(exercise: ExerciseInfo) -> dict[str, Any]:
    return _drop_none(
        {
            "index": exercise.index,
            "name": exercise.name,
            "sets": exercise.sets,
            "reps": exercise.reps,
            "hold": exercise.hold,
            "sides": exercise.sides.value,
            "load": exercise.load,
            "unit": exercise.unit,
            "load_step": exercise.load_step,
        }
    )


def _set_to_dict(record: SetRecord) -> dict[str, Any]:
    return _drop_none(
        {
            "exercise": record.exercise,
            "exercise_index": record.exercise_index,
            "set_number": record.set_number,
            "side": record.side.value if record.side is not None else None,
            "planned_reps": record.planned_reps,
            "planned_hold": record.planned_hold,
            "reps": record.reps,
            "held": record.held,
            "load": record.load,
            "unit": record.unit,
            "feeling": record.feeling.value if record.feeling is not None else None,
            "rest_before": record.rest_before,
            "skipped": record.skipped,
            "started": record.started,
            "ended": record.ended,
        }
    )


#: A set's values in `SetRecord`'s order: the keys of a `[[set]]` table, and the
#: columns of the history index's rows of sets.
SET_FIELDS = tuple(field.name for field in fields(SetRecord))
#: The same for `[[exercise]]` tables and `ExerciseInfo`.
EXERCISE_FIELDS = tuple(field.name for field in fields(ExerciseInfo))


def _plain(value: object) -> object:
    """A value as JSON holds it: enums by value, times as ISO 8601 text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def session_rows(log: SessionLog) -> tuple[dict[str, Any], list[list[object]], list[list[object]]]:
    """The log as the history index keeps it: its top-level table (times as text), and
    its exercises and sets as rows in EXERCISE_FIELDS and SET_FIELDS order. Read back
    with `session_from_rows`, through the same checks as a log file."""
    head = {
        key: _plain(value)
        for key, value in session_to_dict(log).items()
        if key not in ("exercise", "set", "interruption")
    }
    if log.interruptions:
        head["interruption"] = [
            {"stopped": i.stopped.isoformat(), "resumed": i.resumed.isoformat()}
            for i in log.interruptions
        ]
    exercises = [[_plain(getattr(e, name)) for name in EXERCISE_FIELDS] for e in log.exercises]
    sets = [[_plain(getattr(r, name)) for name in SET_FIELDS] for r in log.sets]
    return head, exercises, sets


def session_to_dict(log: SessionLog) -> dict[str, Any]:
    """The log as plain TOML-able data (datetimes stay datetimes)."""
    return _drop_none(
        {
            "format": log.format,
            "routine": log.routine,
            "routine_path": log.routine_path,
            "routine_sha256": log.routine_sha256,
            "status": log.status.value,
            "started": log.started,
            "ended": log.ended,
            "active_seconds": (
                round(log.active_seconds, 1) if log.active_seconds is not None else None
            ),
            "exercise": [_exercise_to_dict(e) for e in log.exercises],
            "set": [_set_to_dict(s) for s in log.sets],
            "interruption": [
                {"stopped": i.stopped, "resumed": i.resumed} for i in log.interruptions
            ]
            or None,
        }
    )


# tomli_w writes `2026-11-21 18:30:00+01:00`, which TOML and RFC 3339 allow; the `T`
# form is plain ISO 8601 that every tool reads. Only unquoted values of the time keys
# match (tomli_w escapes newlines inside strings, so no string can fake such a line).
_SPACED_TIME = re.compile(
    r"^((?:started|ended|stopped|resumed) = \d{4}-\d{2}-\d{2}) (\d{2}:\d{2})", re.MULTILINE
)


def session_to_toml(log: SessionLog) -> str:
    text = tomli_w.dumps(session_to_dict(log))
    return _HEADER + _SPACED_TIME.sub(r"\1T\2", text)


# Ranges a log's values must fall in. They are what runtimer itself can write (the
# routine loader's limits, with room for the counting the engine does), so a value
# outside them was edited by hand or damaged, and the log is listed as unreadable
# instead of feeding a chart, the advice or the next default weight.
MAX_RECORDS = 10_000  # every set of the largest routine, per side, redone many times
MAX_COUNTED_REPS = 999  # session.MAX_REPS_COUNTED
MAX_PLANNED_REPS = 2 * MAX_REPS  # an alternating set counts both legs
MAX_SECONDS = 24 * 3600.0  # a rest or a hold longer than a day is not a workout's
MAX_PATH_TEXT = 4096
#: Names in a log: the loader allows 80 characters, but a routine built in code may
#: have any name, and the log keeps it as it was; the reader only bounds it.
MAX_LOG_NAME = 1000
FIRST_YEAR, LAST_YEAR = 1970, 2999  # date arithmetic stays far from datetime's limits
_SHA256 = re.compile(r"[0-9a-f]{64}")


class UnreadableLog(Exception):
    """A file in the sessions folder that is not a log we can read, and why.

    `where` is the key path of the bad value (`("set", 2, "reps")`), so the reader can
    put the line and column in front of `reason`.
    """

    def __init__(self, reason: str, where: tuple[str | int, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = where


def _shown(value: object) -> str:
    """A bad value as the message quotes it: short, and never a huge number."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**12:
        return "a number far too large"
    if isinstance(value, float) and not math.isfinite(value):
        return "an infinite number" if value == value else "nan"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class _Table:
    """Typed, range-checked access to one table of a log, found at key path `where`
    (`()` for the top level, `("set", 2)` for the third set)."""

    __slots__ = ("data", "where")

    def __init__(self, data: object, where: tuple[str | int, ...] = ()) -> None:
        self.where = where
        if type(data) is not dict:
            raise UnreadableLog(f"{self.label} should be a table, not {_shown(data)}", where)
        self.data: dict[str, Any] = data

    @property
    def label(self) -> str:
        """`set 3`: how messages name the table (worked out only for a message)."""
        if len(self.where) != 2 or not isinstance(self.where[1], int):
            return ".".join(str(part) for part in self.where)
        return f"{self.where[0]} {self.where[1] + 1}"

    def _fail(self, key: str, wanted: str) -> UnreadableLog:
        place = f"{self.label}: " if self.label else ""
        return UnreadableLog(
            f"{place}`{key}` should be {wanted}, not {_shown(self.data[key])}", (*self.where, key)
        )

    def _missing(self, key: str) -> UnreadableLog:
        place = f"{self.label} " if self.label else ""
        return UnreadableLog(f"{place}has no `{key}`", self.where)

    # The checks below run for every set of every log the history shows (the history
    # index is validated too), so they test exact types (`type(v) is int` also keeps
    # out `true`, which Python counts as an int) and look enums up in their value maps.

    def text(self, key: str, limit: int, default: str | None = None) -> str:
        """One line of text of at most `limit` characters."""
        value = self.data.get(key)
        if value is None:
            if default is None:
                raise self._missing(key)
            return default
        if type(value) is str and len(value) <= limit and "\n" not in value and "\r" not in value:
            return value
        raise self._fail(key, f"one line of text of at most {limit} characters")

    def optional_text(self, key: str, limit: int) -> str | None:
        return None if self.data.get(key) is None else self.text(key, limit)

    def integer(self, key: str, low: int, high: int, *, required: bool = False) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self._missing(key)
            return None
        if type(value) is int and low <= value <= high:
            return value
        raise self._fail(key, f"a whole number from {low} to {high}")

    def required_integer(self, key: str, low: int, high: int) -> int:
        value = self.integer(key, low, high, required=True)
        assert value is not None
        return value

    def number(
        self, key: str, high: float, *, low: float = 0.0, open_low: bool = False
    ) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        kind = type(value)
        # NaN fails every comparison and infinity is above `high`: both are refused.
        if (kind is float or kind is int) and (
            (low < value if open_low else low <= value) and value <= high
        ):
            return float(value)
        raise self._fail(
            key,
            f"a number more than {low:g} up to {high:g}"
            if open_low
            else f"a number from {low:g} to {high:g}",
        )

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        if value is None:
            return False
        if type(value) is bool:
            return value
        raise self._fail(key, "true or false")

    def moment(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self._missing(key)
            return None
        if type(value) is str:  # the history index keeps times as ISO text
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise self._fail(key, "a date and time") from None
        if type(value) is not datetime or value.utcoffset() is None:
            raise self._fail(key, "a date and time with its UTC offset")
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise self._fail(key, f"a date between {FIRST_YEAR} and {LAST_YEAR}")
        return value

    def choice(self, key: str, enum: type[_E], default: _E | None = None) -> _E:
        value = self.data.get(key)
        if value is None:
            if default is None:
                raise self._missing(key)
            return default
        member = enum._value2member_map_.get(value) if type(value) is str else None
        if member is None:
            allowed = ", ".join(repr(member.value) for member in enum)
            raise self._fail(key, f"one of {allowed}")
        return member  # type: ignore[return-value]

    def optional_choice(self, key: str, enum: type[_E]) -> _E | None:
        return None if self.data.get(key) is None else self.choice(key, enum)

    def unit(self, key: str) -> str | None:
        unit = self.optional_choice(key, Unit)
        return unit.value if unit is not None else None

    def tables(self, key: str, limit: int) -> list[object]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self._fail(key, "a list of tables")
        if len(value) > limit:
            raise UnreadableLog(
                f"has {len(value):,} `{key}` tables; a log holds at most {limit:,}",
                (*self.where, key),
            )
        return value


def _exercise_from(data: object, number: int) -> ExerciseInfo:
    """One `[[exercise]]` table, checked (see `_set_from` for why in two passes)."""
    if type(data) is dict:
        info = _sound_exercise([data.get(name) for name in EXERCISE_FIELDS])
        if info is not None:
            return info
    return _checked_exercise(data, number)


def _exercise_from_row(row: object, number: int) -> ExerciseInfo:
    """One exercise row of the history index (EXERCISE_FIELDS order), checked."""
    info = _sound_exercise(row) if type(row) is list else None
    return info if info is not None else _checked_exercise(_table_of(row, EXERCISE_FIELDS), number)


def _sound_exercise(row: object) -> ExerciseInfo | None:
    """The exercise, if every value is exactly as runtimer writes it; else None."""
    if type(row) is not list or len(row) != len(EXERCISE_FIELDS):
        return None
    index, name, sets, reps, hold, sides, load, unit, step = row
    if not (
        type(index) is int
        and 0 <= index < MAX_EXERCISES
        and type(name) is str
        and len(name) <= MAX_LOG_NAME
        and "\n" not in name
        and "\r" not in name
        and type(sets) is int
        and 1 <= sets <= MAX_SETS
        and (reps is None or (type(reps) is int and 1 <= reps <= MAX_REPS))
        and (hold is None or (type(hold) is int and 1 <= hold <= MAX_HOLD))
        and (sides is None or (type(sides) is str and sides in _SIDEDNESS))
        and (load is None or (type(load) in (int, float) and 0 <= load <= MAX_LOAD))
        and (unit is None or (type(unit) is str and unit in _UNITS))
        and (step is None or (type(step) in (int, float) and 0 < step <= MAX_LOAD_STEP))
    ):
        return None
    return ExerciseInfo(
        index,
        name,
        sets,
        reps,
        hold,
        _SIDEDNESS[sides] if sides is not None else Sides.BOTH,
        float(load) if load is not None else None,
        unit,
        float(step) if step is not None else None,
    )


def _checked_exercise(data: object, number: int) -> ExerciseInfo:
    t = _Table(data, ("exercise", number - 1))
    reps = t.integer("reps", 1, MAX_REPS)
    hold = t.integer("hold", 1, MAX_HOLD)
    return ExerciseInfo(
        index=t.required_integer("index", 0, MAX_EXERCISES - 1),
        name=t.text("name", MAX_LOG_NAME),
        sets=t.required_integer("sets", 1, MAX_SETS),
        reps=reps,
        hold=hold,
        sides=t.choice("sides", Sides, Sides.BOTH),
        load=t.number("load", MAX_LOAD),
        unit=t.unit("unit"),
        load_step=t.number("load_step", MAX_LOAD_STEP, open_low=True),
    )


def _table_of(row: object, names: tuple[str, ...]) -> object:
    """An index row as the table it stands for (for the careful check's messages)."""
    if type(row) is not list or len(row) != len(names):
        return row  # not a row at all: the careful check says "should be a table"
    return {name: value for name, value in zip(names, row, strict=True) if value is not None}


def _set_from(data: object, number: int) -> SetRecord:
    """One `[[set]]` table, checked. Sets are most of every log and of the history
    index, read for every history shown, so the common case (every value of its exact
    type and in range) takes `_sound_set`, one pass with no calls; anything else goes
    through `_checked_set`, which applies the same rules one by one and says which
    value is wrong. A test holds the two to the same verdicts."""
    if type(data) is dict:
        record = _sound_set([data.get(name) for name in SET_FIELDS])
        if record is not None:
            return record
    return _checked_set(data, number)


def _set_from_row(row: object, number: int) -> SetRecord:
    """One set row of the history index (SET_FIELDS order), checked."""
    record = _sound_set(row) if type(row) is list else None
    return record if record is not None else _checked_set(_table_of(row, SET_FIELDS), number)


_SIDES: dict[object, Side] = {side.value: side for side in Side}
_FEELINGS: dict[object, Feeling] = {feeling.value: feeling for feeling in Feeling}
_UNITS = frozenset(unit.value for unit in Unit)
_SIDEDNESS: dict[object, Sides] = {sides.value: sides for sides in Sides}
_from_iso = datetime.fromisoformat


def _sound_set(row: object) -> SetRecord | None:
    """The set (its values in SET_FIELDS order), if every value is exactly as runtimer
    writes it; else None."""
    if type(row) is not list or len(row) != len(SET_FIELDS):
        return None
    (
        exercise,
        index,
        number,
        started,
        ended,
        side,
        planned_reps,
        planned_hold,
        reps,
        held,
        load,
        unit,
        feeling,
        rest,
        skipped,
    ) = row
    try:
        if type(started) is str:
            started = _from_iso(started)
        if type(ended) is str:
            ended = _from_iso(ended)
    except ValueError:
        return None
    if skipped is None:
        skipped = False
    if not (
        type(exercise) is str
        and len(exercise) <= MAX_LOG_NAME
        and "\n" not in exercise
        and "\r" not in exercise
        and type(index) is int
        and 0 <= index < MAX_EXERCISES
        and type(number) is int
        and 1 <= number <= MAX_SETS
        and type(started) is datetime
        and type(ended) is datetime
        and started.utcoffset() is not None
        and ended.utcoffset() is not None
        and FIRST_YEAR <= started.year <= LAST_YEAR
        and FIRST_YEAR <= ended.year <= LAST_YEAR
        and (side is None or (type(side) is str and side in _SIDES))
        and (
            planned_reps is None
            or (type(planned_reps) is int and 1 <= planned_reps <= MAX_PLANNED_REPS)
        )
        and (planned_hold is None or (type(planned_hold) is int and 1 <= planned_hold <= MAX_HOLD))
        and (reps is None or (type(reps) is int and 0 <= reps <= MAX_COUNTED_REPS))
        and (held is None or (type(held) in (int, float) and 0 <= held <= MAX_SECONDS))
        and (load is None or (type(load) in (int, float) and 0 <= load <= MAX_LOAD))
        and (unit is None or (type(unit) is str and unit in _UNITS))
        and (feeling is None or (type(feeling) is str and feeling in _FEELINGS))
        and (rest is None or (type(rest) in (int, float) and 0 <= rest <= MAX_SECONDS))
        and type(skipped) is bool
    ):
        return None
    return SetRecord(
        exercise,
        index,
        number,
        started,
        ended,
        _SIDES[side] if side is not None else None,
        planned_reps,
        planned_hold,
        reps,
        float(held) if held is not None else None,
        float(load) if load is not None else None,
        unit,
        _FEELINGS[feeling] if feeling is not None else None,
        float(rest) if rest is not None else None,
        skipped,
    )


def _checked_set(data: object, number: int) -> SetRecord:
    t = _Table(data, ("set", number - 1))
    started = t.moment("started", required=True)
    ended = t.moment("ended", required=True)
    assert started is not None and ended is not None
    return SetRecord(
        exercise=t.text("exercise", MAX_LOG_NAME),
        exercise_index=t.required_integer("exercise_index", 0, MAX_EXERCISES - 1),
        set_number=t.required_integer("set_number", 1, MAX_SETS),
        started=started,
        ended=ended,
        side=t.optional_choice("side", Side),
        planned_reps=t.integer("planned_reps", 1, MAX_PLANNED_REPS),
        planned_hold=t.integer("planned_hold", 1, MAX_HOLD),
        reps=t.integer("reps", 0, MAX_COUNTED_REPS),
        held=t.number("held", MAX_SECONDS),
        load=t.number("load", MAX_LOAD),
        unit=t.unit("unit"),
        feeling=t.optional_choice("feeling", Feeling),
        rest_before=t.number("rest_before", MAX_SECONDS),
        skipped=t.flag("skipped"),
    )


def _interruption_from(data: object, number: int) -> Interruption:
    t = _Table(data, ("interruption", number - 1))
    stopped = t.moment("stopped", required=True)
    resumed = t.moment("resumed", required=True)
    assert stopped is not None and resumed is not None
    return Interruption(stopped, resumed)


def session_from_dict(data: object, path: Path | None = None) -> SessionLog:
    """Validate parsed TOML into a `SessionLog`.

    Raises UnreadableLog with a reason a user can act on and the key path of the bad
    value. Keys it does not know are ignored, so a later version can add some without
    breaking this one.
    """
    t = _head(data)
    exercises = tuple(
        _exercise_from(e, n) for n, e in enumerate(t.tables("exercise", MAX_EXERCISES), 1)
    )
    sets = tuple(_set_from(s, n) for n, s in enumerate(t.tables("set", MAX_RECORDS), 1))
    return _session(t, exercises, sets, path)


def session_from_rows(
    head: object, exercises: object, sets: object, path: Path | None = None
) -> SessionLog:
    """The inverse of `session_rows`, with every check `session_from_dict` makes: the
    history index is a file anyone can edit, so nothing in it is trusted more."""
    t = _head(head)
    for name, rows, limit in (("exercise", exercises, MAX_EXERCISES), ("set", sets, MAX_RECORDS)):
        if type(rows) is not list or len(rows) > limit:
            raise UnreadableLog(f"`{name}` rows should be a list of at most {limit:,}", (name,))
    assert isinstance(exercises, list) and isinstance(sets, list)
    return _session(
        t,
        tuple(_exercise_from_row(row, n) for n, row in enumerate(exercises, 1)),
        tuple(_set_from_row(row, n) for n, row in enumerate(sets, 1)),
        path,
    )


def _head(data: object) -> _Table:
    """The top-level table, after checking it is a log this version can read."""
    if not isinstance(data, dict) or "format" not in data:
        raise UnreadableLog("not a runtimer workout log (it has no `format` number)")
    t = _Table(data)
    version = t.required_integer("format", 1, 10**6)
    assert version is not None
    if version > FORMAT_VERSION:
        raise UnreadableLog(
            f"written by a newer runtimer (log format {version}; "
            f"this version reads format {FORMAT_VERSION})"
        )
    return t


def _session(
    t: _Table,
    exercises: tuple[ExerciseInfo, ...],
    sets: tuple[SetRecord, ...],
    path: Path | None,
) -> SessionLog:
    started = t.moment("started", required=True)
    assert started is not None
    sha = t.text("routine_sha256", 64, "")
    if sha and not _SHA256.fullmatch(sha):
        raise t._fail("routine_sha256", "64 hexadecimal digits")
    return SessionLog(
        routine=t.text("routine", MAX_LOG_NAME),
        started=started,
        status=t.choice("status", Status),
        ended=t.moment("ended"),
        routine_path=t.text("routine_path", MAX_PATH_TEXT, ""),
        routine_sha256=sha,
        exercises=exercises,
        sets=sets,
        active_seconds=t.number("active_seconds", 10 * MAX_SECONDS),
        interruptions=tuple(
            _interruption_from(i, n) for n, i in enumerate(t.tables("interruption", MAX_RECORDS), 1)
        ),
        format=t.required_integer("format", 1, 10**6),
        path=path,
    )


def parse_log(raw: bytes, path: Path | None = None) -> SessionLog:
    """Bytes of a log file -> SessionLog, or UnreadableLog saying what is wrong and,
    when it can, at which line and column."""
    if not raw.strip():
        raise UnreadableLog("empty file")
    try:
        text = decode_utf8(raw)
        data = parse_toml(text)
    except TomlTextError as error:
        detail = error.message
        if error.syntax is not None:
            message, line, column, at_end = split_toml_error(str(error.syntax))
            detail = f"not valid TOML, perhaps cut short or hand-edited ({message})"
            if at_end:
                lines = text.rstrip("\n").split("\n")
                line, column = len(lines), len(lines[-1]) + 1
            if line is not None and column is not None:
                detail = f"line {line}, column {column}: {detail}"
        else:
            detail = f"line {error.line}, column {error.column}: {detail}"
        raise UnreadableLog(detail) from None
    try:
        return session_from_dict(data, path)
    except UnreadableLog as error:
        if not error.where:
            raise
        line, column = Positions(text).find(error.where)
        raise UnreadableLog(f"line {line}, column {column}: {error.reason}", error.where) from None


def read_log_file(path: Path) -> tuple[SessionLog, safefile.FileId]:
    """Read one log and the identity of the exact file read."""
    try:
        raw, file_id = safefile.read_regular(path, MAX_LOG_BYTES)
    except safefile.FileReadError as error:
        if error.size is not None:
            kb = error.size // 1024
            raise UnreadableLog(f"too big for a workout log ({kb} kB; logs are a few kB)") from None
        raise UnreadableLog(error.reason) from None
    return parse_log(raw, path), file_id


def read_log(path: Path) -> SessionLog:
    return read_log_file(path)[0]


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes, or "" if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(65536), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


# ------------------------------------------------------------------------ writing


class SessionWriter:
    """Keeps one workout's log and saves it after every change; never raises on I/O.

    Typical use by the session engine::

        writer = SessionWriter.start(store.sessions, routine)
        index = writer.record_set(0, 1, reps=12, load=8, rest_before=93)
        writer.set_feeling(index, Feeling.EASY)   # a moment later
        writer.finish()                          # or keep_partial() / discard()
        if writer.problem: show(writer.problem)  # at any time; None when all is saved
    """

    def __init__(
        self,
        folder: Path,
        log: SessionLog,
        *,
        now: Clock = local_now,
        path: Path | None = None,
        file_id: safefile.FileId | None = None,
    ) -> None:
        self.folder = folder
        self.now = now
        self._log = replace(log, path=path)
        self._path = path
        self._file_id = file_id
        self._problem: str | None = None
        self._saved = path is not None and file_id is not None

    # -- opening

    @classmethod
    def start(cls, folder: Path, routine: Routine, *, now: Clock = local_now) -> SessionWriter:
        """Begin a workout: the log file is created at once (status in progress)."""
        source = routine.source
        log = SessionLog(
            routine=routine.name,
            started=_aware(now()),
            # Absolute, so a resume finds the file whatever folder runtimer runs from.
            routine_path=os.path.abspath(source) if source is not None else "",
            routine_sha256=file_sha256(source) if source is not None else "",
            exercises=tuple(
                ExerciseInfo.from_exercise(index, exercise)
                for index, exercise in enumerate(routine.exercises)
            ),
        )
        writer = cls(folder, log, now=now)
        writer._save()
        return writer

    @classmethod
    def reopen(cls, path: Path, *, now: Clock = local_now) -> SessionWriter:
        """Continue (or settle) a log found on disk, e.g. from `find_resumable`.

        Reads the file afresh, so the writer holds exactly what is on disk. Raises
        UnreadableLog if it is no longer a readable log.
        """
        log, file_id = read_log_file(path)
        return cls(path.parent, log, now=now, path=path, file_id=file_id)

    @classmethod
    def adopt(cls, folder: Path, log: SessionLog, *, now: Clock = local_now) -> SessionWriter:
        """Put an existing log (a rescued one) into `folder` as a new file."""
        writer = cls(folder, replace(log, path=None), now=now)
        writer._save()
        return writer

    # -- state

    @property
    def log(self) -> SessionLog:
        return self._log

    @property
    def path(self) -> Path | None:
        """The log file; None until the first successful save."""
        return self._path

    @property
    def problem(self) -> str | None:
        """Why the latest save failed, in plain words; None when everything is saved."""
        return self._problem

    @property
    def saved(self) -> bool:
        """Is everything recorded so far on disk?"""
        return self._saved

    def toml_text(self) -> str:
        """The log as it would be written: a last resort to show or copy elsewhere."""
        return session_to_toml(self._log)

    # -- changes

    def replace_log(self, log: SessionLog) -> bool:
        """Make `log` (a fuller copy of this same workout, e.g. a rescued one) the
        content of this writer's file, and save."""
        self._log = replace(log, path=self._path)
        return self._save()

    def set_active_seconds(self, seconds: float) -> None:
        """The workout time so far, pauses left out (saved with the next change)."""
        self._log = replace(self._log, active_seconds=max(0.0, seconds))

    def mark_resumed(self) -> bool:
        """The workout goes on after an interruption: note the gap (from the last set
        saved until now), which is not workout time, and save."""
        stopped = self._log.last_activity
        resumed = _aware(self.now())
        if resumed > stopped:
            gap = Interruption(stopped, resumed)
            self._log = replace(self._log, interruptions=(*self._log.interruptions, gap))
        return self._save()

    def record(self, record: SetRecord) -> int:
        """Add a set and save. Returns its index (for `set_feeling`). Never raises on I/O."""
        self._log = replace(self._log, sets=(*self._log.sets, record))
        self._save()
        return len(self._log.sets) - 1

    def record_set(
        self,
        exercise_index: int,
        set_number: int,
        *,
        side: Side | None = None,
        reps: int | None = None,
        held: float | None = None,
        load: float | None = None,
        unit: str | None = None,
        feeling: Feeling | None = None,
        rest_before: float | None = None,
        skipped: bool = False,
        started: datetime | None = None,
        ended: datetime | None = None,
        duration: float | None = None,
    ) -> int:
        """Record a set of the routine's exercise `exercise_index`, then save.

        The plan (name, planned reps or hold) comes from the routine as it was at the
        start; `reps` count the way the plan does (see `SetRecord`). For a set that is
        not skipped, `reps`/`held` default to the plan ("done as planned"). `load` is
        the weight actually carried (None: none); `unit` defaults to the routine's unit
        (or kg). `ended` defaults to now; `started` to `ended - duration` (the engine
        measures durations on its monotonic clock), else to `ended`.
        Raises ValueError only for an exercise index the routine does not have.
        """
        info = self._log.exercise_info(exercise_index)
        if info is None:
            raise ValueError(f"the routine has no exercise number {exercise_index}")
        end = _aware(ended) if ended is not None else _aware(self.now())
        if started is not None:
            begin = _aware(started)
        elif duration is not None:
            begin = (end - timedelta(seconds=max(0.0, duration))).replace(microsecond=0)
        else:
            begin = end
        if not skipped:
            if reps is None:
                reps = planned_reps(info)
            if held is None and info.hold is not None:
                held = float(info.hold)
        if load is not None and unit is None:
            unit = info.unit or "kg"
        return self.record(
            SetRecord(
                exercise=info.name,
                exercise_index=exercise_index,
                set_number=set_number,
                started=begin,
                ended=end,
                side=side,
                planned_reps=planned_reps(info),
                planned_hold=info.hold,
                reps=reps,
                held=round(held, 1) if held is not None else None,
                load=float(load) if load is not None else None,
                unit=unit if load is not None else None,
                feeling=feeling,
                rest_before=round(rest_before, 1) if rest_before is not None else None,
                skipped=skipped,
            )
        )

    def index_of(
        self, exercise_index: int, set_number: int, side: Side | None = None
    ) -> int | None:
        """The latest record of that set (and side), e.g. to rate it after a resume."""
        for index in range(len(self._log.sets) - 1, -1, -1):
            record = self._log.sets[index]
            if (record.exercise_index, record.set_number, record.side) == (
                exercise_index,
                set_number,
                side,
            ):
                return index
        return None

    def set_feeling(self, index: int, feeling: Feeling | None) -> bool:
        """Rate (or un-rate) a recorded set, e.g. right after the set screen closes."""
        sets = list(self._log.sets)
        sets[index] = replace(sets[index], feeling=feeling)
        self._log = replace(self._log, sets=tuple(sets))
        return self._save()

    def finish(self) -> bool:
        """The workout is complete: status finished, ended now."""
        return self._settle(Status.FINISHED, _aware(self.now()))

    def keep_partial(self) -> bool:
        """Stop early but keep the log; it ends when the last set ended."""
        return self._settle(Status.PARTIAL, self._log.last_activity)

    def discard(self) -> bool:
        """Throw the workout away.

        A log with no sets is deleted (only if the file is still the one we wrote);
        one with sets is marked discarded and kept, so nothing done is ever destroyed
        by a mis-key. History and advice ignore discarded logs.
        """
        if not self._log.sets and self._path is None:
            # Never reached the disk and nothing was done: nothing to keep or mark.
            self._log = replace(self._log, status=Status.DISCARDED)
            self._problem = None
            self._saved = True
            return True
        if (
            not self._log.sets
            and self._path is not None
            and self._file_id is not None
            and safefile.same_file(self._path, self._file_id)
        ):
            try:
                os.unlink(self._path)
                safefile.fsync_dir(self.folder)
            except OSError:
                pass
            else:
                self._log = replace(self._log, status=Status.DISCARDED)
                self._problem = None
                self._saved = True
                return True
        return self._settle(Status.DISCARDED, self._log.last_activity)

    def retry(self) -> bool:
        """Try to save again now (the UI may offer this next to the problem message)."""
        if self._saved:
            return True
        return self._save()

    def _settle(self, status: Status, ended: datetime) -> bool:
        self._log = replace(self._log, status=status, ended=ended)
        return self._save()

    # -- saving

    def _save(self) -> bool:
        self._saved = False
        try:
            data = session_to_toml(self._log).encode("utf-8")
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._path is not None and self._file_id is not None:
                if safefile.same_file(self._path, self._file_id):
                    self._file_id = safefile.atomic_write(self._path, data)
                elif not os.path.lexists(self._path):
                    # Deleted under us (or never filled): write it again, same name.
                    self._create(data, preferred=self._path.name)
                else:
                    # Someone else's file now sits at our name: keep it, use a new one.
                    self._create(data)
            else:
                self._create(data)
        except Exception as error:  # never let saving stop the workout
            why = describe_os_error(error) if isinstance(error, OSError) else str(error)
            self._problem = (
                f"Can't save the workout log to {self.folder}: {why}. Retrying; nothing is lost."
            )
            return False
        self._log = replace(self._log, path=self._path)
        self._problem = None
        self._saved = True
        return True

    def _create(self, data: bytes, preferred: str | None = None) -> None:
        names: Iterable[str] = (
            log_file_name(self._log.routine, self._log.started, attempt)
            for attempt in range(1, 1000)
        )
        if preferred is not None:
            names = (preferred, *names)
        for name in names:
            path = _path_in(self.folder, name)
            try:
                self._file_id = safefile.create_new(path, data)
            except FileExistsError:
                continue
            self._path = path
            return
        raise OSError(errno.EEXIST, "too many logs with the same name")


def _aware(moment: datetime) -> datetime:
    """Treat a naive time as local time, so every stored time carries its offset."""
    return moment if moment.utcoffset() is not None else moment.astimezone()


# ------------------------------------------------------------------------ resume


def routine_changed(log: SessionLog, routine: Routine) -> bool:
    """Has the routine file changed since this workout started? (Worth a warning when
    resuming: `resume_position` matches sets by name, so it stays safe either way.)"""
    if routine.source is None or not log.routine_sha256:
        return False
    return file_sha256(routine.source) != log.routine_sha256


def resume_position(routine: Routine, sets: Sequence[SetRecord]) -> int:
    """Index in `build_plan(routine)` where a resumed workout continues.

    0 when nothing was recorded (start over, warm-up included); otherwise the first
    work step with no record, matched by exercise position, set number, side and
    exercise name (so a renamed or reordered routine does not skip the wrong sets);
    `len(plan)` when every set has a record. The engine may show the rest before that
    step first.
    """
    plan = build_plan(routine)
    if not sets:
        return 0
    names = [exercise.name.casefold() for exercise in routine.exercises]
    recorded = {
        (s.exercise_index, s.set_number, s.side)
        for s in sets
        if s.exercise_index < len(names) and names[s.exercise_index] == s.exercise.casefold()
    }
    for index, step in enumerate(plan):
        if step.is_work and (step.exercise_index, step.set_number, step.side) not in recorded:
            return index
    return len(plan)
