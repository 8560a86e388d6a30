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

import math
import re
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from runtimer.core.feeling import Feeling
from runtimer.core.loader import (
    MAX_EXERCISES,
    MAX_HOLD,
    MAX_LOAD,
    MAX_LOAD_STEP,
    MAX_REPS,
    MAX_SETS,
)
from runtimer.core.plan import Side
from runtimer.core.positions import Positions, split_toml_error
from runtimer.core.records.model import (
    FORMAT_VERSION,
    ExerciseInfo,
    Interruption,
    SessionLog,
    SetRecord,
    Status,
    Unit,
    UnreadableLog,
)
from runtimer.core.routine import Sides
from runtimer.core.tomlfile import TomlTextError, decode_utf8, parse_toml

_E = TypeVar("_E", bound=Enum)

_HEADER = (
    f"# runtimer workout log (format {FORMAT_VERSION}). runtimer rewrites this file "
    "while the workout runs.\n\n"
)


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
