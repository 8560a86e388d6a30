"""The words of a program's block, shared by `runtimer program`, `runtimer history`
and the history screen, so each says the same thing the same way; each front end
lays them out and styles them. Names and units from files go through `terminal_safe`
here, as the text is made (they are data: the screen shows them without markup).
"""

from __future__ import annotations

from collections.abc import Sequence

from runtimer.core.history.wording import series_line
from runtimer.core.program.block import Override, ProgramBlock
from runtimer.core.program.calendar import Status, short_date
from runtimer.core.program.model import Program
from runtimer.core.program.review import Review, WeekCell, When
from runtimer.core.routine import format_amount
from runtimer.core.safetext import terminal_safe

#: The label column of the calendar rows (`week    `), then three characters a week.
LABEL = 8
COLUMN = 3
DELOAD = "D"
LOADS_HEADING = "Loads  (one mark per week, week 1 on the left)"
REVIEW_KEY_HINT = "r shows the review so far"


def heading(block: ProgramBlock) -> str:
    """`Program  Strength for runners, 10 weeks`."""
    return f"Program  {terminal_safe(block.program.name)}"


def standing(block: ProgramBlock) -> str:
    """`Week 3 of 10 · phase base (weeks 1–4) · started 7 Dec`."""
    day = block.day
    started = f"started {short_date(day.start)}"
    if block.stopped is not None:
        return f"Stopped {short_date(block.stopped)}, in week {day.week} of {day.weeks} · {started}"
    if day.status is Status.OVER:
        return f"All {day.weeks} weeks done · {started}"
    if day.status is Status.NOT_STARTED:
        return f"Starts {day.start:%A} {short_date(day.start)}"
    phase = ""
    if day.phase is not None:
        phase = f" · phase {terminal_safe(day.phase.name)} ({day.phase.weeks_text})"
    return f"Week {day.week} of {day.weeks}{phase} · {started}"


def phase_letters(program: Program) -> dict[str, str]:
    """One letter per phase for the calendar's phase row: its initial, else another
    letter of its name (never `d`, which reads like the deload's `D`), else a digit."""
    letters: dict[str, str] = {}
    for phase in program.phases:
        if phase.name in letters:
            continue
        taken = {*letters.values(), "d"}
        candidates = [c for c in phase.name.lower() if c.isascii() and c.isalnum()]
        candidates += list("123456789")
        letters[phase.name] = next((c for c in candidates if c not in taken), "?")
    return letters


def calendar_lines(
    cells: Sequence[WeekCell], program: Program, width: int | None = None
) -> list[str]:
    """The block as rows: the weeks, the sessions done in each (`·` for weeks to
    come), and each week's phase (its letter, see `phase_letters`) or `D` for a
    deload. A block too wide for `width` is cut into runs of weeks, one under another."""
    per_run = len(cells) or 1
    if width is not None:
        per_run = max(1, min(per_run, (width - LABEL + 1) // COLUMN))
    letters = phase_letters(program)
    lines: list[str] = []
    for first in range(0, len(cells), per_run):
        run = cells[first : first + per_run]
        if lines:
            lines.append("")
        lines.append(f"{'week':{LABEL}}" + " ".join(f"{cell.week:>2}" for cell in run))
        lines.append(
            f"{'done':{LABEL}}"
            + " ".join(
                f"{cell.sessions:>2}" if cell.when is not When.LATER else " ·" for cell in run
            )
        )
        lines.append(
            f"{'phase':{LABEL}}"
            + " ".join(
                f"{DELOAD if cell.deload is not None else letters.get(cell.phase, '-'):>2}"
                for cell in run
            )
        )
    return lines


def calendar_key(block: ProgramBlock) -> list[str]:
    """How the weeks gone did against the program's own target, and what the phase
    row's letters mean: `On target in 2 of 2 weeks (aim: 2–3 sessions a week)`,
    `b base · h heavier · D deload`."""
    review = block.review
    aim = f"aim: {block.program.sessions_text} sessions a week"
    if review.weeks_gone:
        lines = [f"On target in {review.weeks_on_target} of {review.weeks_gone} weeks ({aim})"]
    else:
        lines = [f"The first week is under way ({aim})"]
    letters = phase_letters(block.program)
    marks = [f"{letter} {terminal_safe(name)}" for name, letter in letters.items()]
    if any(cell.deload is not None for cell in block.cells):
        marks.append(f"{DELOAD} deload")
    if marks:
        lines.append(" · ".join(marks))
    return lines


def load_lines(block: ProgramBlock) -> list[tuple[str, str]]:
    """Per exercise: its name, and its chart across the weeks so far
    (`load ▁▁▅  8 → 10 kg`, `reps ▄▄█  10 → 12 per set`)."""
    return [(terminal_safe(row.name), series_line(row.series)) for row in block.loads]


# ------------------------------------------------------------------ the review


def review_heading(program: Program) -> str:
    return f"Review of {terminal_safe(program.name)}"


def adherence_lines(review: Review, program: Program) -> list[str]:
    """`Adherence: 9 of 10 weeks with 2+ sessions (90%)`, `Sessions: 18 in all; deload
    weeks: 1` (short enough for a 60-column screen)."""
    lines = []
    sessions = f"{review.sessions} session{'s' if review.sessions != 1 else ''}"
    if review.weeks_gone:
        lines.append(
            f"Adherence: {review.weeks_on_target} of {review.weeks_gone} weeks with "
            f"{program.sessions_per_week[0]}+ sessions ({review.adherence:.0%})"
        )
        lines.append(
            f"Sessions: {review.sessions} in all"
            + (f"; deload weeks: {review.deloads}" if review.deloads else "")
        )
    else:
        lines.append(f"{sessions} so far; the first week is not over yet")
    return lines


CHANGES_HEADING = "Since week 1:"


def change_lines(review: Review) -> list[str]:
    """`↑ Dumbbell row   10 kg × 12 → 18 kg × 8` (`=` for no change), the
    names in a column; indent them under `CHANGES_HEADING`."""
    if not review.changes:
        return []
    width = max(len(terminal_safe(change.name)) for change in review.changes)
    return [
        f"{'↑' if change.up else '='} {terminal_safe(change.name):{width}}  "
        f"{terminal_safe(change.first)} → {terminal_safe(change.last)}"
        for change in review.changes
    ]


OVERRIDES_HEADING = "Your own loads (over the program's):"


def override_line(override: Override) -> str:
    """`Dumbbell row: 12 kg in week 3 (the plan said 10 kg)`."""
    unit = terminal_safe(override.unit)
    plan = (
        f" (the plan said {format_amount(override.planned)} {unit})"
        if override.planned is not None
        else ""
    )
    return (
        f"{terminal_safe(override.exercise)}: {format_amount(override.carried)} {unit} in "
        f"week {override.week}{plan}"
    )


def suggestion_line(review: Review) -> str:
    return f"Next block: {review.suggestion}"


# ------------------------------------------------------------------ in the history

PROBLEM_HEADING = "Program"
REVIEW_HINT_CLI = "'runtimer program review' shows the review so far."
REVIEW_HINT_SCREEN = "r shows the review so far."


def review_section(block: ProgramBlock) -> list[str]:
    """The review as the history shows it under the calendar (which it does not
    repeat): adherence, what went up, the user's own loads, the next block."""
    result = block.review
    lines = adherence_lines(result, block.program)
    changes = change_lines(result)
    if changes:
        lines += [CHANGES_HEADING, *("  " + line for line in changes)]
    if block.overrides:
        lines += [OVERRIDES_HEADING, *("  " + override_line(o) for o in block.overrides)]
    lines.append(suggestion_line(result))
    return lines
