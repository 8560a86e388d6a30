"""The words and pictures of the history, shared by `runtimer history` and the screen.

Both say the same things about a report (`report.HistoryReport`), so each sentence is
written once, here; each front end lays them out (indents, the width of the routine
column, fitting the screen) and styles them its own way. Whatever came from a file (a
routine's or an exercise's name, a unit, a file name, a reason) goes through
`terminal_safe` here, as the text is made.
"""

from __future__ import annotations

from collections.abc import Sequence

from runtimer.core.history.dates import format_day, format_minutes
from runtimer.core.history.report import (
    CircuitReport,
    Consistency,
    ExerciseReport,
    Measure,
    Series,
)
from runtimer.core.history.store import Unreadable
from runtimer.core.progress import TARGET_PER_WEEK
from runtimer.core.records.model import SessionLog, Status, about_file
from runtimer.core.routine import format_amount, format_clock
from runtimer.core.safetext import terminal_safe

SPARK = "▁▂▃▄▅▆▇█"
#: Width of the routine column of `runtimer history`: the same whatever the names, so
#: the text lines up from one run to the next (the screen fits it to the names listed).
ROUTINE_COLUMN = 20

CONSISTENCY_HEADING = (
    f"Consistency  (aim: {TARGET_PER_WEEK[0]}–{TARGET_PER_WEEK[1]} sessions a week for 8–12 weeks)"
)
NO_SESSIONS = "No sessions recorded yet."
EXERCISES_HEADING = "Exercises  (one mark per session, oldest on the left)"
CIRCUITS_HEADING = "Circuits  (whole rounds done, one mark per session, oldest on the left)"
MARKS_KEY = "● 2+ ◐ 1 ○ 0"
_STATUS_NOTE = {
    Status.FINISHED: "",
    Status.PARTIAL: "partial",
    Status.IN_PROGRESS: "unfinished",
    Status.DISCARDED: "discarded",
}


def sparkline(values: Sequence[float | None]) -> str:
    """`▁▂▄█`: one character per value, scaled between the lowest and highest.

    None (no value that session) is a space; a flat series is a row of `▄`.
    """
    present = [v for v in values if v is not None]
    if not present:
        return " " * len(values)
    low, high = min(present), max(present)
    chars: list[str] = []
    for value in values:
        if value is None:
            chars.append(" ")
        elif high == low:
            chars.append(SPARK[3])
        else:
            level = round((value - low) / (high - low) * (len(SPARK) - 1))
            chars.append(SPARK[level])
    return "".join(chars)


# ------------------------------------------------------------------- consistency


def week_mark(count: int) -> str:
    """● on target (2+ sessions), ◐ one session, ○ none."""
    if count >= TARGET_PER_WEEK[0]:
        return "●"
    return "◐" if count == 1 else "○"


def consistency_lines(c: Consistency) -> list[str]:
    """Under the heading: the block's weeks, each week's number over its mark, and how
    it is going; or why there is no block to show."""
    if c.block_start is None:
        if c.days_since_last is None:
            return ["No sessions yet: the first one starts an 8–12 week block."]
        return [
            f"No block under way (last session {c.days_since_last} days ago): "
            "the next session starts a new one."
        ]
    week = len(c.weeks)
    if c.full_weeks:
        so_far = (
            f"On target in {c.on_target} of {c.full_weeks} full weeks; "
            f"this week so far: {c.weeks[-1]}."
        )
    else:
        so_far = f"First week: {c.weeks[-1]} so far."
    return [
        f"Block started {format_day(c.block_start)}; this is week {week} of 8–12.",
        "week " + "".join(f"{n:>3}" for n in range(1, week + 1)),
        "     " + "".join(f"{week_mark(n):>3}" for n in c.weeks),
        f"{so_far}  {MARKS_KEY}",
    ]


# ------------------------------------------------------------------- sessions


def recent_heading(counted: int) -> str:
    return f"Recent sessions  ({counted} in all)"


def session_line(session: SessionLog, routine_width: int = ROUTINE_COLUMN) -> str:
    """`Sat 21 Nov 2026 18:30  Full body   34 min  12/12 sets  partial`; a routine name
    wider than its column is cut short with `…`."""
    when = f"{format_day(session.started.date())} {session.started:%H:%M}"
    routine = terminal_safe(session.routine)
    if len(routine) > routine_width:
        routine = routine[: routine_width - 1] + "…"
    line = (
        f"{when:22} {routine:{routine_width}} {format_minutes(session.duration):>9}  "
        f"{session.sets_done:>2}/{session.sets_planned} sets"
    )
    return f"{line}  {_STATUS_NOTE[session.status]}".rstrip()


# ------------------------------------------------------------------- exercises


def exercise_name(exercise: ExerciseReport) -> str:
    return terminal_safe(exercise.name)


def session_count(exercise: ExerciseReport | CircuitReport) -> str:
    """`(7 sessions)`."""
    return f"({exercise.sessions} session{'s' if exercise.sessions != 1 else ''})"


def series_line(series: Series) -> str:
    """`load ▁▁▅█  8 → 12 kg`, `reps ▄▄▄▄  12 per set`, `hold ▁▅██  20 → 30 s`."""
    if series.measure is Measure.PACE:
        # A pace reads as a clock per km (lower is faster): `pace ▅▃▁  5:30 → 5:05 /km`.
        shown = [format_clock(round(value)) for value in (series.first, series.last)]
        change = f"{shown[0]} → {shown[1]}" if series.changed else shown[1]
        return f"pace {sparkline(series.values)}  {change} /km"
    if series.measure is Measure.LOAD:
        what = f" {terminal_safe(series.unit)}"
    else:
        what = " s" if series.measure in (Measure.HOLD, Measure.TIME) else " per set"
    last = format_amount(series.last)
    change = f"{format_amount(series.first)} → {last}" if series.changed else last
    return f"{series.measure.value} {sparkline(series.values)}  {change}{what}"


# ------------------------------------------------------------------- circuits


def circuit_name(circuit: CircuitReport) -> str:
    """`Post-run circuit · circuit A`."""
    return f"{terminal_safe(circuit.routine)} · circuit {terminal_safe(circuit.label)}"


def circuit_line(circuit: CircuitReport) -> str:
    """`rounds ▁██  2 → 3 of 3`: whole rounds done per session, and of how many."""
    series = circuit.rounds
    last = format_amount(series.last)
    change = f"{format_amount(series.first)} → {last}" if series.changed else last
    return f"rounds {sparkline(series.values)}  {change} of {circuit.planned}"


def last_time(exercise: ExerciseReport) -> str | None:
    return terminal_safe(exercise.last_time) if exercise.last_time else None


# ------------------------------------------------------------------- unreadable files


def skipped_heading(count: int) -> str:
    return f"Skipped {count} file(s) that are not readable logs:"


def unreadable_line(item: Unreadable) -> str:
    """`notes.txt: not a workout log (logs end in .toml)`, `x.toml:9:1: set 1: ...`."""
    return terminal_safe(about_file(item.name, item.reason))
