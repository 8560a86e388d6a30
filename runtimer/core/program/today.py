"""The active program, put together: its file, its routines, the log and today.

What the `runtimer program` commands and the menu both need: the program the state
file names (`active`), found among the program files, and today's plan for it
(`engine.plan_today`), or one line saying why there is none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from runtimer.core.catalog import Catalog
from runtimer.core.program.active import Active, load_active
from runtimer.core.program.calendar import short_date
from runtimer.core.program.catalog import ProgramEntry, Programs, discover_programs
from runtimer.core.program.engine import StartLoad, TodayPlan, plan_today, routine_key_of
from runtimer.core.program.logs import Logs, plan_logs
from runtimer.core.program.model import Program
from runtimer.core.progress import counts, exercise_key
from runtimer.core.records.model import SessionLog
from runtimer.core.routine import Routine
from runtimer.core.startweight import log_findings


def routines_by_key(catalog: Catalog) -> dict[str, Routine]:
    """Every routine that loads, by file name (without .toml, lower case)."""
    return {entry.key: entry.routine for entry in catalog.entries if entry.routine is not None}


def starting_loads(
    program: Program,
    routines: Mapping[str, Routine],
    sessions: Sequence[SessionLog],
    today: date,
) -> dict[str, StartLoad]:
    """The first loads the program's `starting_routine` found, by exercise: the
    findings of its latest session (`core.startweight`: the weight whose last set felt
    hard, one step more if it was still easy, lighter if it fell short), for the
    exercises that session's log records as weight tests."""
    key = program.starting_routine
    if key is None:
        return {}
    names = {exercise_key(routine.name): name for name, routine in routines.items()}
    logs = [
        log
        for log in sorted(sessions, key=lambda s: s.started)
        if counts(log) and log.started.date() <= today and routine_key_of(log, names) == key
    ]
    if not logs:
        return {}
    log = logs[-1]
    source = f"{log.routine}, {short_date(log.started.date())}"
    if any(info.find_weight for info in log.exercises):
        findings = log_findings(log)
    else:  # written before logs marked the tests: its routine's marks say which
        findings = log_findings(log, _marked(log, routines.get(key)))
    return {
        exercise_key(finding.exercise): StartLoad(finding.load, finding.unit, source)
        for finding in findings
        if finding.load is not None
    }


def _marked(log: SessionLog, routine: Routine | None) -> list[int]:
    """The exercises of `log` that `routine` (as its file is now) marks `find_weight`."""
    tested = (
        {exercise_key(e.name) for e in routine.exercises if e.find_weight} if routine else set()
    )
    return [info.index for info in log.exercises if exercise_key(info.name) in tested]


@dataclass(frozen=True)
class ProgramToday:
    """The active program and today's plan, or `problem` saying why there is none."""

    active: Active | None
    entry: ProgramEntry | None = None
    plan: TodayPlan | None = None
    problem: str | None = None

    @property
    def program(self) -> Program | None:
        return self.entry.program if self.entry is not None else None


def program_today(
    active: Active,
    programs: Programs,
    catalog: Catalog,
    sessions: Logs,
    today: date,
) -> ProgramToday:
    """Today's plan for `active`, from every log that counts or from the history
    asked for the ones that matter (`logs.plan_logs`)."""
    entry = programs.find(active.key)
    if entry is None:
        return ProgramToday(
            active,
            problem=f"the active program '{active.key}' is not among the program files any "
            "more; 'runtimer programs' lists them, 'runtimer program stop' forgets it",
        )
    if entry.program is None:
        assert entry.error is not None
        return ProgramToday(
            active,
            entry,
            problem=f"the active program's file has problems: {entry.error.first}",
        )
    routines = routines_by_key(catalog)
    sessions = plan_logs(sessions, entry.program, active.started, today, routines)
    starting = starting_loads(entry.program, routines, sessions, today)
    plan = plan_today(entry.program, active.started, today, routines, sessions, starting)
    if plan is None:
        return ProgramToday(
            active,
            entry,
            problem="the program's next routine is broken or missing; 'runtimer check' says why",
        )
    return ProgramToday(active, entry, plan)


def active_today(
    catalog: Catalog,
    sessions: Logs,
    today: date,
    *,
    state: Path | None = None,
    program_dirs: Sequence[Path] = (),
) -> ProgramToday | None:
    """Today's session of the program the state file names; None when none is active.
    A damaged state file gives a ProgramToday with its `problem` (and no plan)."""
    read = load_active(state)
    if read.problem is not None:
        return ProgramToday(None, problem=read.problem)
    if read.active is None:
        return None
    programs = discover_programs(catalog, program_dirs)
    return program_today(read.active, programs, catalog, sessions, today)
