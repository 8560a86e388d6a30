"""Looking back over a program: a calendar row of its weeks (sessions against the
target, phases, deloads), what went up since week 1, adherence, and a suggestion for
the next block. Data only; `cli.program` and the history screen word and draw it.

The suggestion follows the guides: consistency matters more than anything (the first
guide calls irregular training a common mistake), so a block with fewer than two
thirds of its weeks on target is suggested again at the same weights; a block done
with deloads after hard sessions goes on at the weights reached with the same steps;
a block done well goes on from the weights reached, and after a few months the
second guide suggests varying the routine. The two-thirds line is our choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from runtimer.core.program.calendar import (
    DeloadReason,
    Done,
    deload_reason,
    week_days,
    week_of,
)
from runtimer.core.program.engine import working_sets
from runtimer.core.program.model import Program
from runtimer.core.progress import exercise_key
from runtimer.core.records.model import SessionLog, SetRecord
from runtimer.core.routine import Sides, format_amount

#: The share of weeks on target below which the block is suggested again (our choice).
ON_TARGET_SHARE = 2 / 3


class When(Enum):
    PAST = "past"
    NOW = "now"
    LATER = "later"


@dataclass(frozen=True)
class WeekCell:
    """One week of the block on the calendar row."""

    week: int
    sessions: int
    phase: str  # the phase's name, "" outside every phase
    deload: DeloadReason | None  # scheduled, or a session of it was a reactive deload
    when: When
    on_target: bool  # at least the least sessions a week


def calendar_row(
    program: Program, start: date, today: date, done: Sequence[Done]
) -> tuple[WeekCell, ...]:
    """Every week of the block, with the sessions done in it (`done`: oldest first)."""
    current = week_of(start, today)
    cells: list[WeekCell] = []
    for week in range(1, program.weeks + 1):
        first, last = week_days(start, week)
        mine = [(n, d) for n, d in enumerate(done) if first <= d.day <= last]
        reason: DeloadReason | None = (
            DeloadReason.SCHEDULED if program.scheduled_deload(week) else None
        )
        for number, session in mine:
            reason = reason or deload_reason(program, start, session.day, done[:number])
        phase = program.phase(week)
        when = When.PAST if week < current else When.NOW if week == current else When.LATER
        cells.append(
            WeekCell(
                week,
                len(mine),
                phase.name if phase is not None else "",
                reason,
                when,
                len(mine) >= program.sessions_per_week[0],
            )
        )
    return tuple(cells)


@dataclass(frozen=True)
class Change:
    """What one exercise did in its first and its latest session of the block."""

    name: str
    first: str  # `10 kg × 12` (reps), `30 s`, `10 reps`
    last: str
    up: bool


@dataclass(frozen=True)
class Review:
    weeks_gone: int  # weeks of the block already over (all of them at the end)
    weeks_on_target: int
    sessions: int
    changes: tuple[Change, ...]
    deloads: int  # weeks with a deload
    suggestion: str

    @property
    def adherence(self) -> float:
        return self.weeks_on_target / self.weeks_gone if self.weeks_gone else 0.0


def _what(records: Sequence[SetRecord]) -> tuple[float | None, float]:
    """(load of the last set, reps or seconds of the last set) of an outing."""
    last = records[-1]
    amount = last.held if last.held is not None else float(last.reps or 0)
    return last.load, amount


def _describe(load: float | None, amount: float, unit: str, hold: bool) -> str:
    """`10 kg × 12` (a load's reps go without the word, as people write them),
    `12 reps`, `30 s`, `10 kg × 30 s`."""
    if load is not None:
        work = f"{format_amount(amount)} s" if hold else format_amount(amount)
        return f"{format_amount(load)} {unit} × {work}"
    return f"{format_amount(amount)} s" if hold else f"{format_amount(amount)} reps"


def review(
    program: Program,
    start: date,
    today: date,
    logs: Sequence[SessionLog],
    done: Sequence[Done],
) -> Review:
    """The block so far (`logs`: its sessions, oldest first, as `program_sessions`
    gives them; `done` the same as `Done`)."""
    cells = calendar_row(program, start, today, done)
    gone = [cell for cell in cells if cell.when is When.PAST]
    first: dict[str, tuple[str, float | None, float, str, bool]] = {}
    last: dict[str, tuple[float | None, float]] = {}
    for log in logs:
        for key, records in working_sets(log).items():
            load, amount = _what(records)
            info = log.exercise_info(records[-1].exercise_index)
            if info is not None and info.sides is Sides.ALTERNATING and records[-1].reps:
                amount /= 2  # the log counts both legs; people count each side
            if key not in first:
                unit = records[-1].unit or "kg"
                hold = records[-1].held is not None
                first[key] = (records[-1].exercise, load, amount, unit, hold)
            last[key] = (load, amount)
    changes = []
    for key, (name, load, amount, unit, hold) in first.items():
        now_load, now_amount = last[key]
        up = (now_load or 0.0) > (load or 0.0) or (
            (now_load or 0.0) == (load or 0.0) and now_amount > amount
        )
        changes.append(
            Change(
                name,
                _describe(load, amount, unit, hold),
                _describe(now_load, now_amount, unit, hold),
                up,
            )
        )
    on_target = sum(1 for cell in gone if cell.on_target)
    deloads = sum(1 for cell in cells if cell.deload is not None and cell.sessions)
    hard_deloads = sum(1 for cell in cells if cell.deload is DeloadReason.HARD_SESSIONS)
    share = on_target / len(gone) if gone else 1.0
    if gone and share < ON_TARGET_SHARE:
        low = program.sessions_per_week[0]
        suggestion = (
            f"Do this block again at the same weights and aim for {low} sessions every "
            "week: regular training counts for more than heavier weights."
        )
    elif hard_deloads:
        suggestion = (
            "Go on from the weights you reached, with the same steps; sets felt hard "
            "more than once, so keep a deload week in the next block."
        )
    else:
        suggestion = (
            "Start the next block from the weights you reached. After a few months, vary "
            "the routine: swap in new moves or a hybrid session."
        )
    return Review(
        weeks_gone=len(gone),
        weeks_on_target=on_target,
        sessions=len(done),
        changes=tuple(sorted(changes, key=lambda c: (not c.up, exercise_key(c.name)))),
        deloads=deloads,
        suggestion=suggestion,
    )
