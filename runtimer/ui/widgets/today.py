"""The menu's "today" entry of an active program: its line in the list, and what the
preview shows for it (the session, its targets and why each one is what it is)."""

from __future__ import annotations

from textual.content import Content

from runtimer.core.program.calendar import Status, short_date
from runtimer.core.program.today import ProgramToday
from runtimer.core.routine import format_duration
from runtimer.ui.text import line, plain


def today_label(today: ProgramToday) -> Content:
    """`▶ Today: Full body` (or what is up instead) for the routine list."""
    plan = today.plan
    if plan is None:
        return line(("⚠ Program", "bold $error"), (" (see the right)", "$error"))
    if plan.day.status is Status.TRAIN:
        return line(("▶ Today: ", "bold $accent"), (plan.routine.name, "bold"))
    if plan.day.status is Status.OVER:
        return line(("▶ Program: ", "bold $accent"), "block over")
    return line(("▶ Program: ", "bold $accent"), "next ", plan.routine.name)


def today_content(today: ProgramToday) -> Content:
    """The session of the active program: `Full body · week 3 of 10 · session 2 of 3
    this week`, what to do today, and each target with its reason."""
    plan = today.plan
    if plan is None:
        return Content("\n").join(
            [
                line(("The active program cannot be used", "bold $error")),
                plain(today.problem or ""),
            ]
        )
    day = plan.day
    parts = [
        line((plan.title, "bold")),
        line((plan.program.name, "$text-muted")),
        plain(""),
    ]
    if day.deload is not None:
        parts.append(line(("Deload: ", "bold $warning"), "an easier session (fewer sets, lighter)"))
    if day.status is not Status.TRAIN:
        when = f"{day.next_day:%A} {short_date(day.next_day)}"
        parts.append(line((day.advice, "bold")))
        parts.append(plain(f"Next: {plan.routine.name}, {when}. Enter starts it anyway."))
    else:
        parts.append(
            line(("Enter starts it with these targets; any routine below as usual.", "dim"))
        )
    if day.phase is not None:
        note = f": {day.phase.notes}" if day.phase.notes else ""
        parts.append(plain(f"Phase {day.phase.name} ({day.phase.weeks_text}){note}"))
    parts.append(plain(""))
    width = max(len(target.name) for target in plan.targets)
    for target in plan.targets:
        rest = ""
        exercise = plan.routine.exercises[target.index]
        if exercise.circuit is None and target.rest != exercise.rest_between_sets:
            rest = f", rest {format_duration(target.rest)}"
        parts.append(
            line(
                target.name.ljust(width),
                ("  " + target.text() + rest, "$accent" if target.up else "$text-muted"),
            )
        )
        if target.why:
            parts.append(line(("  " + target.why, "$text-muted italic")))
    return Content("\n").join(parts)
