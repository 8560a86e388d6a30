"""A program's block as the history shows it: where it stands, its weeks on the
calendar (sessions against the program's own target, phases, deloads), the load of
each exercise week by week, the loads the user chose over the plan, and the review.

Data only, built from the same pieces `runtimer program` uses (`engine` finds the
block's sessions, `review` lays out the weeks and looks back); `cli.history` and the
history screen word it with `program.wording`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from runtimer.core.catalog import Catalog
from runtimer.core.history.report import Measure, Series
from runtimer.core.program.active import load_active, load_stopped
from runtimer.core.program.calendar import ProgramDay, Status, program_day, week_days, week_of
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.engine import done_list, program_sessions, working_sets
from runtimer.core.program.logs import Logs, block_logs
from runtimer.core.program.model import Program
from runtimer.core.program.review import Review, WeekCell, calendar_row, review
from runtimer.core.program.today import routines_by_key
from runtimer.core.progress import exercise_key
from runtimer.core.records.model import SessionLog
from runtimer.core.routine import DEFAULT_UNIT, Routine, Sides


@dataclass(frozen=True)
class ExerciseLoads:
    """One exercise across the block: a value per week, week 1 first (None: not done
    that week), of its load, or of its reps or hold when it carries no weight."""

    name: str
    series: Series


@dataclass(frozen=True)
class Override:
    """A load the user carried instead of the program's (logged as an override)."""

    exercise: str
    week: int
    carried: float
    planned: float | None  # what the program prescribed (the log's planned load)
    unit: str


@dataclass(frozen=True)
class ProgramBlock:
    key: str  # the program's file name
    program: Program
    day: ProgramDay  # where the block stands today
    cells: tuple[WeekCell, ...]
    loads: tuple[ExerciseLoads, ...]
    overrides: tuple[Override, ...]
    review: Review
    stopped: date | None = None  # `runtimer program stop` ran that day

    @property
    def over(self) -> bool:
        """All its weeks have passed, or it was stopped: the review is shown without
        asking."""
        return self.day.status is Status.OVER or self.stopped is not None

    @property
    def week(self) -> int:
        return self.day.week


def program_block(
    key: str,
    program: Program,
    start: date,
    today: date,
    routines: Mapping[str, Routine],
    sessions: Sequence[SessionLog],
    stopped: date | None = None,
) -> ProgramBlock:
    """The block of `program` (file name `key`) started on `start`, as of `today`;
    `sessions` every log that counts (any order), `routines` by file name. A program
    `stopped` is shown as it stood that day."""
    if stopped is not None:
        today = min(today, stopped)
    found = program_sessions(program, start, today, routines, sessions)
    done = done_list(found)
    logs = [log for log, _key in found]
    day = program_day(program, start, today, done)
    weeks_so_far = min(max(week_of(start, today), 1), program.weeks)
    return ProgramBlock(
        key=key,
        program=program,
        day=day,
        cells=calendar_row(program, start, today, done),
        loads=block_loads(program, start, logs, routines, weeks_so_far),
        overrides=overrides(start, logs),
        review=review(program, start, today, logs, done),
        stopped=stopped,
    )


def block_loads(
    program: Program,
    start: date,
    logs: Sequence[SessionLog],
    routines: Mapping[str, Routine],
    weeks: int,
) -> tuple[ExerciseLoads, ...]:
    """Per exercise, the last working set of the last session of each week 1..`weeks`:
    its load, or its reps (per side, as people count them) or seconds held. Exercises
    in the order the program's routines list them, then any others."""
    order: dict[str, int] = {}
    for routine_key in program.routine_names:
        routine = routines.get(routine_key)
        for exercise in routine.exercises if routine is not None else ():
            order.setdefault(exercise_key(exercise.name), len(order))
    names: dict[str, str] = {}
    loads: dict[str, dict[int, float]] = {}
    amounts: dict[str, dict[int, float]] = {}
    holds: set[str] = set()
    units: dict[str, str] = {}
    for log in logs:
        week = week_of(start, log.started.date())
        for key, records in working_sets(log).items():
            last = records[-1]
            names[key] = last.exercise
            order.setdefault(key, len(order))
            if last.load is not None:
                loads.setdefault(key, {})[week] = last.load
                units[key] = last.unit or DEFAULT_UNIT
            if last.held is not None:
                amounts.setdefault(key, {})[week] = last.held
                holds.add(key)
            elif last.reps is not None:
                reps = float(last.reps)
                info = log.exercise_info(last.exercise_index)
                if info is not None and info.sides is Sides.ALTERNATING:
                    reps /= 2  # the log counts both legs; people count each side
                amounts.setdefault(key, {})[week] = reps
    rows: list[tuple[int, ExerciseLoads]] = []
    for key, name in names.items():
        if key in loads:
            by_week, measure, unit = loads[key], Measure.LOAD, units[key]
        elif key in amounts:
            by_week = amounts[key]
            measure = Measure.HOLD if key in holds else Measure.REPS
            unit = ""
        else:
            continue  # timed work or a run: no load, reps or hold to follow
        values = tuple(by_week.get(week) for week in range(1, weeks + 1))
        present = [value for value in values if value is not None]
        if not present:
            continue
        series = Series(measure, values, present[0], present[-1], unit)
        rows.append((order[key], ExerciseLoads(name, series)))
    return tuple(row for _order, row in sorted(rows, key=lambda row: row[0]))


def overrides(start: date, logs: Sequence[SessionLog]) -> tuple[Override, ...]:
    """Every exercise of every session whose load was the user's choice over the
    program's, as the log records it (a set marked `override`), oldest first."""
    found: list[Override] = []
    for log in logs:
        week = week_of(start, log.started.date())
        for records in working_sets(log).values():
            chosen = [record for record in records if record.override and record.load is not None]
            if not chosen:
                continue
            last = chosen[-1]
            assert last.load is not None
            info = log.exercise_info(last.exercise_index)
            planned = info.load if info is not None else None
            found.append(Override(last.exercise, week, last.load, planned, last.unit or "kg"))
    return tuple(found)


@dataclass(frozen=True)
class BlockRead:
    """The active program's block for the history, or why it cannot be shown (one
    line: a damaged state file, a program file gone or broken)."""

    block: ProgramBlock | None = None
    problem: str | None = None


def active_block(
    catalog: Catalog,
    sessions: Logs,
    today: date,
    *,
    state: Path | None = None,
    program_dirs: Sequence[Path] = (),
) -> BlockRead | None:
    """The block of the program the state file names, as of `today` (a block whose
    weeks are over stays until the program is stopped; a program stopped stays until
    the weeks of its block are over); None when there is none."""
    read = load_active(state)
    if read.problem is not None:
        return BlockRead(problem=read.problem)
    if read.active is None:
        return stopped_block(catalog, sessions, today, state=state, program_dirs=program_dirs)
    entry = discover_programs(catalog, program_dirs).find(read.active.key)
    if entry is None:
        return BlockRead(
            problem=f"the active program '{read.active.key}' is not among the program files "
            "any more; 'runtimer programs' lists them"
        )
    if entry.program is None:
        assert entry.error is not None
        return BlockRead(problem=f"the active program's file has problems: {entry.error.first}")
    block = program_block(
        entry.key,
        entry.program,
        read.active.started,
        today,
        routines_by_key(catalog),
        block_logs(sessions, read.active.started, today),
    )
    return BlockRead(block)


def stopped_block(
    catalog: Catalog,
    sessions: Logs,
    today: date,
    *,
    state: Path | None = None,
    program_dirs: Sequence[Path] = (),
) -> BlockRead | None:
    """The program stopped last, as it stood when stopped, while `today` is still
    within the weeks its block would have taken; None after that, or when its file
    is gone (it is not under way: nothing to fix)."""
    read = load_stopped(state)
    if read.problem is not None:
        return BlockRead(problem=read.problem)
    if read.stopped is None:
        return None
    started = read.stopped.active.started
    entry = discover_programs(catalog, program_dirs).find(read.stopped.active.key)
    if entry is None or entry.program is None:
        return None
    if today > week_days(started, entry.program.weeks)[1]:
        return None
    block = program_block(
        entry.key,
        entry.program,
        started,
        today,
        routines_by_key(catalog),
        block_logs(sessions, started, min(today, read.stopped.stopped)),
        stopped=read.stopped.stopped,
    )
    return BlockRead(block)
