"""The end of a workout: how long it took, what was done against the plan, what was skipped."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from runtimer.core.routine import format_clock, format_duration
from runtimer.core.session import Summary
from runtimer.ui.messages import MenuRequested
from runtimer.ui.text import line, plain


def summary_content(routine_name: str, summary: Summary, finished: bool) -> Content:
    heading = "Workout complete" if finished else "Workout stopped"
    parts: list[Content] = [
        line((heading, "bold")),
        plain(routine_name),
        plain(""),
        line(
            ("Time ", "bold"),
            format_clock(summary.duration),
            ("   Sets ", "bold"),
            f"{summary.sets_done} of {summary.total_sets}",
        ),
        plain(""),
    ]
    for exercise in summary.exercises:
        complete = exercise.sets_done == exercise.planned_sets
        mark = ("✔ ", "bold $success") if complete else ("· ", "$warning")
        did = f"{exercise.sets_done}/{exercise.planned_sets} sets"
        if exercise.reps_done:
            did += f", {exercise.reps_done} reps"
        if exercise.seconds_held:
            did += f", {format_duration(exercise.seconds_held)} held"
        # Two lines an exercise: a narrow terminal would otherwise wrap the columns.
        parts.append(line(mark, (exercise.name, "bold")))
        parts.append(line(f"  {did}", (f"  (plan {exercise.planned})", "dim")))
    skipped = summary.skipped
    parts.append(plain(""))
    if skipped:
        parts.append(line(("Skipped: ", "bold"), ", ".join(skipped)))
    else:
        parts.append(plain("Nothing skipped."))
    if summary.not_reached:
        parts.append(line(("Not reached: ", "bold"), ", ".join(summary.not_reached)))
    return Content("\n").join(parts)


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,escape", "close", "Back to the menu"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, routine_name: str, summary: Summary, finished: bool) -> None:
        super().__init__()
        self.routine_name = routine_name
        self.summary = summary
        self.finished = finished

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(summary_content(self.routine_name, self.summary, self.finished))
        yield Footer()

    def action_close(self) -> None:
        self.post_message(MenuRequested())
