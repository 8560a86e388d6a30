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

    format = 2                          # 1: before circuits; both read the same way
    routine = "Full body"
    routine_path = "/home/me/.config/runtimer/routines/full-body.toml"
    routine_sha256 = "9f86d081..."      # of the routine file's bytes at the start
    status = "in_progress"              # finished | partial | discarded
    started = 2026-11-21T18:30:05+01:00 # local time with its UTC offset
    ended = 2026-11-21T19:04:40+01:00   # once finished, kept partial or discarded
    active_seconds = 1834.5             # workout time so far: pauses and gaps left out

    [program]                           # only a session started from a program's today
    file = "strength-for-runners"       # the program's file name, without .toml
    week = 3
    session = 1                         # of that week

    [[program.target]]                  # one per exercise: the targets it applied
    index = 0
    name = "Goblet squat"
    sets = 2
    reps = 12                           # or hold = 30 (seconds)
    load = 10.0                         # none for a body-weight move
    unit = "kg"
    rest = 150                          # seconds between its sets
    why = "+2 kg: two weeks at 8 kg, no set felt hard."
    up = true                           # only when harder than last time

    [[exercise]]                        # the plan, as it was at the start
    index = 0
    name = "Goblet squat"
    sets = 2
    reps = 12                           # or hold = 30 (seconds)
    sides = "both"                      # each | alternating
    load = 8.0
    unit = "kg"
    load_step = 2.0
    circuit = "A"                       # the circuit it is a station of, if any
    find_weight = true                  # only for a weight test (core.startweight)

    [[set]]                             # one per set (per side), in the order done
    exercise = "Goblet squat"
    exercise_index = 0
    set_number = 1                      # in a circuit: the round
    side = "left"                       # only for one-sided sets
    planned_reps = 12                   # or planned_hold (seconds)
    reps = 12                           # or held (seconds)
    load = 8.0
    unit = "kg"
    feeling = "easy"                    # easy | ok | hard, once rated
    rest_before = 92.5                  # seconds actually rested before the set
    skipped = false
    warmup = true                       # only for a warm-up set
    planned_work = 40                   # timed work or a timed run (seconds)
    planned_distance = 400.0            # a running leg by distance (metres)
    worked = 95.5                       # seconds of timed work, a run or a leg
    override = true                     # a program's session: the load is the user's
    started = 2026-11-21T18:36:10+01:00
    ended = 2026-11-21T18:36:55+01:00

    [[interruption]]                    # the app stopped mid-workout; resumed later
    stopped = 2026-11-21T18:50:12+01:00 # the last set saved before it stopped
    resumed = 2026-11-21T19:30:00+01:00

`[program]` and `find_weight` came after format 2 without raising it: a log without
them means what it always meant (not a program's session, no weight test), and an
older runtimer reading a newer log ignores keys it does not know, where a new format
number would make it refuse every new log.

Reading is as strict as writing is careful: every value is checked against the range
runtimer can write (a log is a file anyone can edit), with the same toolkit and the
same wording as a routine (`runtimer.core.validate`), and a log that fails says which
value, at which line and column (`UnreadableLog`). Logs are read by the thousand, so
the check stops at the first problem (`StopAtFirst`), and works out its line and
column only then.
"""

from __future__ import annotations

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
    MAX_DISTANCE,
    MAX_EXERCISES,
    MAX_HOLD,
    MAX_LOAD,
    MAX_LOAD_STEP,
    MAX_REPS,
    MAX_ROUNDS,
    MAX_RUN,
    MAX_SETS,
)
from runtimer.core.plan import Side
from runtimer.core.positions import Positions
from runtimer.core.records.model import (
    FORMAT_VERSION,
    ExerciseInfo,
    Interruption,
    ProgramRecord,
    SessionLog,
    SetRecord,
    Status,
    TargetRecord,
    Unit,
    UnreadableLog,
)
from runtimer.core.records.quickread import quick_parse
from runtimer.core.records.quickrows import quick_rows
from runtimer.core.routine import Sides
from runtimer.core.tomlfile import TomlTextError, decode_utf8, parse_toml
from runtimer.core.tomlscan import split_toml_error
from runtimer.core.validate import StopAtFirst, Table, as_table, show

T = TypeVar("T")

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
            "circuit": exercise.circuit,
            "find_weight": exercise.find_weight or None,
        }
    )


def _program_to_dict(record: ProgramRecord) -> dict[str, Any]:
    """The `[program]` table (plain values only: the index keeps it as JSON too)."""
    return _drop_none(
        {
            "file": record.file,
            "week": record.week,
            "session": record.session,
            "target": [
                _drop_none(
                    {
                        "index": target.index,
                        "name": target.name,
                        "sets": target.sets,
                        "reps": target.reps,
                        "hold": target.hold,
                        "load": target.load,
                        "unit": target.unit,
                        "rest": target.rest,
                        "why": target.why or None,
                        "up": target.up or None,
                    }
                )
                for target in record.targets
            ]
            or None,
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
            "warmup": record.warmup or None,
            "planned_work": record.planned_work,
            "planned_distance": record.planned_distance,
            "worked": record.worked,
            "override": record.override or None,
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
    head = {key: _plain(value) for key, value in _head_to_dict(log).items()}
    if log.program is not None:
        head["program"] = _program_to_dict(log.program)
    if log.interruptions:
        head["interruption"] = [
            {"stopped": i.stopped.isoformat(), "resumed": i.resumed.isoformat()}
            for i in log.interruptions
        ]
    exercises = [[_plain(getattr(e, name)) for name in EXERCISE_FIELDS] for e in log.exercises]
    sets = [set_row(r) for r in log.sets]
    return head, exercises, sets


def set_row(r: SetRecord) -> list[object]:
    """One set as a row of the history index (SET_FIELDS order, JSON-able). Written
    out, not looped over the fields: the index is built from every set of every log."""
    return [
        r.exercise,
        r.exercise_index,
        r.set_number,
        r.started.isoformat(),
        r.ended.isoformat(),
        r.side.value if r.side is not None else None,
        r.planned_reps,
        r.planned_hold,
        r.reps,
        r.held,
        r.load,
        r.unit,
        r.feeling.value if r.feeling is not None else None,
        r.rest_before,
        r.skipped,
        r.warmup,
        r.planned_work,
        r.planned_distance,
        r.worked,
        r.override,
    ]


def _head_to_dict(log: SessionLog) -> dict[str, Any]:
    """The log's top-level keys (not its exercises, sets or interruptions)."""
    return _drop_none(
        {
            # Whatever version it was read as, this version is writing it now.
            "format": FORMAT_VERSION,
            "routine": log.routine,
            "routine_path": log.routine_path,
            "routine_sha256": log.routine_sha256,
            "status": log.status.value,
            "started": log.started,
            "ended": log.ended,
            "active_seconds": (
                round(log.active_seconds, 1) if log.active_seconds is not None else None
            ),
        }
    )


def session_to_dict(log: SessionLog) -> dict[str, Any]:
    """The log as plain TOML-able data (datetimes stay datetimes)."""
    return _drop_none(
        {
            **_head_to_dict(log),
            "program": _program_to_dict(log.program) if log.program is not None else None,
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
#: A circuit's exercises are done in rounds, and their sets are its rounds.
MAX_SET_NUMBER = max(MAX_SETS, MAX_ROUNDS)
MAX_RECORDS = 10_000  # every set of the largest routine, per side, redone many times
MAX_COUNTED_REPS = 999  # session.MAX_REPS_COUNTED
MAX_PLANNED_REPS = 2 * MAX_REPS  # an alternating set counts both legs
MAX_SECONDS = 24 * 3600.0  # a rest or a hold longer than a day is not a workout's
MAX_PATH_TEXT = 4096
#: Names in a log: the loader allows 80 characters, but a routine built in code may
#: have any name, and the log keeps it as it was; the reader only bounds it.
MAX_LOG_NAME = 1000
FIRST_YEAR, LAST_YEAR = 1970, 2999  # date arithmetic stays far from datetime's limits
#: A program's file name (the state file allows as long), its weeks (the loader allows
#: 26; a later version may allow more) and its sessions in a week.
MAX_PROGRAM_FILE, MAX_PROGRAM_WEEK, MAX_PROGRAM_SESSION = 200, 1000, 100
_SHA256 = re.compile(r"[0-9a-f]{64}")
#: A circuit's label, as the loader allows it.
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,20}")


def _label(t: Table) -> str | None:
    label = t.text("circuit", 20, one_line=True)
    if label is not None and _LABEL.fullmatch(label) is None:
        t.report("circuit", f"'circuit' must be a short label such as \"A\", got {show(label)}")
    return label


#: Every check of a log stops at its first problem, an UnreadableLog with the key path
#: of the bad value (`parse_log` finds its line and column).
_STOP = StopAtFirst(UnreadableLog)


def _table(data: object, name: str, number: int) -> Table:
    """Item `number` (1-based) of the `[[name]]` tables, checked to be a table; its
    messages start `set 3: `."""
    label = f"{name} {number}"
    return _need(as_table(data, _STOP, (name, number - 1), prefix=f"{label}: ", label=label))


def _need(value: T | None) -> T:
    """A value asked for with `required=True`: under `_STOP`, a missing or wrong one
    has raised already."""
    assert value is not None
    return value


def _or(value: T | None, default: T) -> T:
    return default if value is None else value


def _moment(t: Table, key: str, *, required: bool = False) -> datetime | None:
    return t.moment(key, first_year=FIRST_YEAR, last_year=LAST_YEAR, required=required)


# The checks below run for every set of every log the history shows (the history
# index is validated too), so the toolkit's getters try the exact types first (`type(v)
# is int` also keeps out `true`, which Python counts as an int) and look choices up in
# these maps.
_SIDES: dict[str, Side] = {side.value: side for side in Side}
_FEELINGS: dict[str, Feeling] = {feeling.value: feeling for feeling in Feeling}
_UNITS: dict[str, str] = {unit.value: unit.value for unit in Unit}
_SIDEDNESS: dict[str, Sides] = {sides.value: sides for sides in Sides}
_STATUSES: dict[str, Status] = {status.value: status for status in Status}
_from_iso = datetime.fromisoformat


def _exercise_from(data: object, number: int) -> ExerciseInfo:
    """One `[[exercise]]` table, checked (see `_set_from` for why in two passes)."""
    if type(data) is dict:
        info = _sound_exercise([data.get(name) for name in EXERCISE_FIELDS])
        if info is not None:
            return info
    return _checked_exercise(data, number)


def _exercise_from_row(row: object, number: int) -> ExerciseInfo:
    """One exercise row of the history index (EXERCISE_FIELDS order), checked. A row
    of an index written before `find_weight` existed has one value fewer: it reads as
    no weight test."""
    if type(row) is list and len(row) == len(EXERCISE_FIELDS) - 1:
        row = [*row, None]
    info = _sound_exercise(row) if type(row) is list else None
    return info if info is not None else _checked_exercise(_table_of(row, EXERCISE_FIELDS), number)


def _sound_exercise(row: object) -> ExerciseInfo | None:
    """The exercise, if every value is exactly as runtimer writes it; else None."""
    if type(row) is not list or len(row) != len(EXERCISE_FIELDS):
        return None
    index, name, sets, reps, hold, sides, load, unit, step, circuit, find_weight = row
    if find_weight is None:
        find_weight = False
    if not (
        type(index) is int
        and 0 <= index < MAX_EXERCISES
        and type(name) is str
        and len(name) <= MAX_LOG_NAME
        and "\n" not in name
        and "\r" not in name
        and type(sets) is int
        and 1 <= sets <= MAX_SET_NUMBER
        and (reps is None or (type(reps) is int and 1 <= reps <= MAX_REPS))
        and (hold is None or (type(hold) is int and 1 <= hold <= MAX_HOLD))
        and (sides is None or (type(sides) is str and sides in _SIDEDNESS))
        and (load is None or (type(load) in (int, float) and 0 <= load <= MAX_LOAD))
        and (unit is None or (type(unit) is str and unit in _UNITS))
        and (step is None or (type(step) in (int, float) and 0 < step <= MAX_LOAD_STEP))
        and (circuit is None or (type(circuit) is str and _LABEL.fullmatch(circuit) is not None))
        and type(find_weight) is bool
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
        circuit,
        find_weight,
    )


def _checked_exercise(data: object, number: int) -> ExerciseInfo:
    t = _table(data, "exercise", number)
    reps = t.integer("reps", 1, MAX_REPS)
    hold = t.integer("hold", 1, MAX_HOLD)
    return ExerciseInfo(
        index=_need(t.integer("index", 0, MAX_EXERCISES - 1, required=True)),
        name=_need(t.text("name", MAX_LOG_NAME, one_line=True, required=True)),
        sets=_need(t.integer("sets", 1, MAX_SET_NUMBER, required=True)),
        reps=reps,
        hold=hold,
        sides=_or(t.choice("sides", _SIDEDNESS), Sides.BOTH),
        load=t.number("load", 0.0, MAX_LOAD),
        unit=t.choice("unit", _UNITS),
        load_step=t.number("load_step", 0.0, MAX_LOAD_STEP, low_open=True),
        circuit=_label(t),
        find_weight=_or(t.flag("find_weight"), False),
    )


def _table_of(row: object, names: tuple[str, ...]) -> object:
    """An index row as the table it stands for (for the careful check's messages)."""
    if type(row) is not list or len(row) != len(names):
        return row  # not a row at all: the careful check says "must be a table"
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
    """One set row of the history index (SET_FIELDS order), checked. A row of an
    index written before `override` existed has one value fewer: it reads as not one."""
    if type(row) is list and len(row) == len(SET_FIELDS) - 1:
        row = [*row, None]
    record = _sound_set(row) if type(row) is list else None
    return record if record is not None else _checked_set(_table_of(row, SET_FIELDS), number)


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
        warmup,
        planned_work,
        planned_distance,
        worked,
        override,
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
    if warmup is None:
        warmup = False
    if override is None:
        override = False
    if not (
        type(exercise) is str
        and len(exercise) <= MAX_LOG_NAME
        and "\n" not in exercise
        and "\r" not in exercise
        and type(index) is int
        and 0 <= index < MAX_EXERCISES
        and type(number) is int
        and 1 <= number <= MAX_SET_NUMBER
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
        and type(warmup) is bool
        and type(override) is bool
        and (planned_work is None or (type(planned_work) is int and 1 <= planned_work <= MAX_RUN))
        and (
            planned_distance is None
            or (type(planned_distance) in (int, float) and 0 < planned_distance <= MAX_DISTANCE)
        )
        and (worked is None or (type(worked) in (int, float) and 0 <= worked <= MAX_SECONDS))
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
        warmup,
        planned_work,
        float(planned_distance) if planned_distance is not None else None,
        float(worked) if worked is not None else None,
        override,
    )


def _checked_set(data: object, number: int) -> SetRecord:
    t = _table(data, "set", number)
    started = _need(_moment(t, "started", required=True))
    ended = _need(_moment(t, "ended", required=True))
    return SetRecord(
        exercise=_need(t.text("exercise", MAX_LOG_NAME, one_line=True, required=True)),
        exercise_index=_need(t.integer("exercise_index", 0, MAX_EXERCISES - 1, required=True)),
        set_number=_need(t.integer("set_number", 1, MAX_SET_NUMBER, required=True)),
        started=started,
        ended=ended,
        side=t.choice("side", _SIDES),
        planned_reps=t.integer("planned_reps", 1, MAX_PLANNED_REPS),
        planned_hold=t.integer("planned_hold", 1, MAX_HOLD),
        reps=t.integer("reps", 0, MAX_COUNTED_REPS),
        held=t.number("held", 0.0, MAX_SECONDS),
        load=t.number("load", 0.0, MAX_LOAD),
        unit=t.choice("unit", _UNITS),
        feeling=t.choice("feeling", _FEELINGS),
        rest_before=t.number("rest_before", 0.0, MAX_SECONDS),
        skipped=_or(t.flag("skipped"), False),
        warmup=_or(t.flag("warmup"), False),
        planned_work=t.integer("planned_work", 1, MAX_RUN),
        planned_distance=t.number("planned_distance", 0.0, MAX_DISTANCE, low_open=True),
        worked=t.number("worked", 0.0, MAX_SECONDS),
        override=_or(t.flag("override"), False),
    )


def exercise_from_row(row: object, number: int = 1) -> ExerciseInfo:
    """One exercise row of the history index (EXERCISE_FIELDS order), checked."""
    return _exercise_from_row(row, number)


def set_from_row(row: object, number: int = 1) -> SetRecord:
    """The inverse of `set_row`, with every check a log's `[[set]]` gets (UnreadableLog)."""
    return _set_from_row(row, number)


def _program_from(t: Table) -> ProgramRecord | None:
    """The `[program]` table, checked; None when the log has none (any session not
    started from a program's "today", and every log written before it existed)."""
    table = t.table("program", prefix="program: ")
    if table is None:
        return None
    targets = tuple(
        _target_from(item, number)
        for number, item in enumerate(table.items("target", MAX_EXERCISES), 1)
    )
    return ProgramRecord(
        file=_need(table.text("file", MAX_PROGRAM_FILE, one_line=True, required=True)),
        week=_need(table.integer("week", 1, MAX_PROGRAM_WEEK, required=True)),
        session=_need(table.integer("session", 1, MAX_PROGRAM_SESSION, required=True)),
        targets=targets,
    )


def _target_from(data: object, number: int) -> TargetRecord:
    """One `[[program.target]]` table, checked. Its reps and hold may have grown past
    a routine's own limits (a body-weight move gets more every few weeks), so they
    are bounded like counted reps and held seconds."""
    label = f"target {number}"
    where = ("program", "target", number - 1)
    t = _need(as_table(data, _STOP, where, prefix=f"program: {label}: ", label=label))
    return TargetRecord(
        index=_need(t.integer("index", 0, MAX_EXERCISES - 1, required=True)),
        name=_need(t.text("name", MAX_LOG_NAME, one_line=True, required=True)),
        sets=_need(t.integer("sets", 1, MAX_SET_NUMBER, required=True)),
        reps=t.integer("reps", 1, MAX_COUNTED_REPS),
        hold=t.integer("hold", 1, int(MAX_SECONDS)),
        load=t.number("load", 0.0, MAX_LOAD),
        unit=_need(t.choice("unit", _UNITS, required=True)),
        rest=_need(t.integer("rest", 0, int(MAX_SECONDS), required=True)),
        why=t.text("why", MAX_LOG_NAME, one_line=True) or "",
        up=_or(t.flag("up"), False),
    )


def _interruption_from(data: object, number: int) -> Interruption:
    t = _table(data, "interruption", number)
    stopped = _need(_moment(t, "stopped", required=True))
    resumed = _need(_moment(t, "resumed", required=True))
    return Interruption(stopped, resumed)


def session_from_dict(data: object, path: Path | None = None) -> SessionLog:
    """Validate parsed TOML into a `SessionLog`.

    Raises UnreadableLog with a reason a user can act on and the key path of the bad
    value. Keys it does not know are ignored, so a later version can add some without
    breaking this one.
    """
    t = _head(data)
    exercises = tuple(
        _exercise_from(e, n) for n, e in enumerate(t.items("exercise", MAX_EXERCISES), 1)
    )
    sets = tuple(_set_from(s, n) for n, s in enumerate(t.items("set", MAX_RECORDS), 1))
    return _session(t, exercises, sets, path)


def session_from_rows(
    head: object, exercises: object, sets: object, path: Path | None = None
) -> SessionLog:
    """The inverse of `session_rows`, with every check `session_from_dict` makes: the
    history index is a file anyone can edit, so nothing in it is trusted more."""
    t = _head(head)
    for name, rows, limit in (("exercise", exercises, MAX_EXERCISES), ("set", sets, MAX_RECORDS)):
        if type(rows) is not list or len(rows) > limit:
            raise UnreadableLog(f"'{name}' rows must be a list of at most {limit:,}", (name,))
    assert isinstance(exercises, list) and isinstance(sets, list)
    return _session(
        t,
        tuple(_exercise_from_row(row, n) for n, row in enumerate(exercises, 1)),
        tuple(_set_from_row(row, n) for n, row in enumerate(sets, 1)),
        path,
    )


def _head(data: object) -> Table:
    """The top-level table, after checking it is a log this version can read."""
    if not isinstance(data, dict) or "format" not in data:
        raise UnreadableLog("not a runtimer workout log (it has no 'format' number)")
    t = Table(data, _STOP)
    version = _need(t.integer("format", 1, 10**6, required=True))
    if version > FORMAT_VERSION:
        raise UnreadableLog(
            f"written by a newer runtimer (log format {version}; "
            f"this version reads format {FORMAT_VERSION})"
        )
    return t


def _session(
    t: Table,
    exercises: tuple[ExerciseInfo, ...],
    sets: tuple[SetRecord, ...],
    path: Path | None,
) -> SessionLog:
    started = _need(_moment(t, "started", required=True))
    sha = t.text("routine_sha256", 64, one_line=True) or ""
    if sha and not _SHA256.fullmatch(sha):
        t.report(
            "routine_sha256", f"'routine_sha256' must be 64 hexadecimal digits, got {show(sha)}"
        )
    return SessionLog(
        routine=_need(t.text("routine", MAX_LOG_NAME, one_line=True, required=True)),
        started=started,
        status=_need(t.choice("status", _STATUSES, required=True)),
        ended=_moment(t, "ended"),
        routine_path=t.text("routine_path", MAX_PATH_TEXT, one_line=True) or "",
        routine_sha256=sha,
        exercises=exercises,
        sets=sets,
        active_seconds=t.number("active_seconds", 0.0, 10 * MAX_SECONDS),
        interruptions=tuple(
            _interruption_from(i, n) for n, i in enumerate(t.items("interruption", MAX_RECORDS), 1)
        ),
        program=_program_from(t),
        format=_need(t.integer("format", 1, 10**6, required=True)),
        path=path,
    )


#: A log's exercise and set rows as the history index keeps them (`session_rows`),
#: each as JSON text.
LogJson = tuple[list[str], list[str]]


def _quick_log(text: str, path: Path | None) -> tuple[SessionLog, LogJson] | None:
    """The log, if `text` is laid out exactly as runtimer writes it (`quick_rows`) and
    every value passes the sound checks; else None. It is what `session_from_dict`
    makes of tomllib's document: the same rows through the same `_sound_exercise` and
    `_sound_set`, the same head through `_session`. Anything it does not take (a value
    out of range too) is read the careful way, which says what is wrong and where."""
    found = quick_rows(text)
    if found is None:
        return None
    head, exercise_rows, set_rows = found.head, found.exercises, found.sets
    if len(exercise_rows) > MAX_EXERCISES or len(set_rows) > MAX_RECORDS:
        return None
    exercises = []
    for row in exercise_rows:
        info = _sound_exercise(row)
        if info is None:
            return None
        exercises.append(info)
    sets = []
    for row in set_rows:
        record = _sound_set(row)
        if record is None:
            return None
        sets.append(record)
    try:
        log = _session(_head(head), tuple(exercises), tuple(sets), path)
    except UnreadableLog:
        return None
    return log, (found.exercise_json, found.set_json)


def parse_log(raw: bytes, path: Path | None = None) -> SessionLog:
    """Bytes of a log file -> SessionLog, or UnreadableLog saying what is wrong and,
    when it can, at which line and column (its `line` and `column`)."""
    return parse_log_json(raw, path)[0]


def parse_log_json(raw: bytes, path: Path | None = None) -> tuple[SessionLog, LogJson | None]:
    """`parse_log`, and for a log laid out as runtimer writes it the JSON text of its
    exercise and set rows for the history index, made from the file's own text: the
    first read of years of logs need not write every set out again."""
    if not raw.strip():
        raise UnreadableLog("empty file")
    try:
        text = decode_utf8(raw)
    except TomlTextError as error:
        raise UnreadableLog(error.message, (), error.line, error.column) from None
    quick = _quick_log(text, path)
    if quick is not None:
        return quick
    try:
        # What runtimer wrote is read quickly; anything else, and every error, by tomllib.
        data = quick_parse(text) or parse_toml(text)
    except TomlTextError as error:
        if error.syntax is None:
            raise UnreadableLog(error.message, (), error.line, error.column) from None
        message, line, column, at_end = split_toml_error(str(error.syntax))
        if at_end:
            lines = text.rstrip("\n").split("\n")
            line, column = len(lines), len(lines[-1]) + 1
        reason = f"not valid TOML, perhaps cut short or hand-edited ({message})"
        raise UnreadableLog(reason, (), line, column) from None
    try:
        return session_from_dict(data, path), None
    except UnreadableLog as error:
        if not error.where:
            raise
        line, column = Positions(text).find(error.where)
        raise UnreadableLog(error.reason, error.where, line, column) from None
