"""The end of a workout: how long it took, what was done against the plan, what was skipped."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from runtimer.core.feeling import Feeling
from runtimer.core.routine import format_clock, format_distance, format_duration, format_pace
from runtimer.core.session import Summary
from runtimer.core.startweight import Verdict
from runtimer.core.workout import Carried, Rated, Workout, carried
from runtimer.ui.messages import MenuRequested
from runtimer.ui.text import labelled, line, plain


def summary_content(
    routine_name: str,
    summary: Summary,
    finished: bool,
    carried: Sequence[Carried] = (),
    rated: Rated | None = None,
) -> Content:
    """The summary; `carried` says, per exercise, what its sets carried and how they
    felt; `rated` is a rating just given here (to the last set)."""
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
    for number, exercise in enumerate(summary.exercises):
        complete = exercise.sets_done == exercise.planned_sets
        mark = ("✔ ", "bold $success") if complete else ("· ", "$warning")
        did = f"{exercise.sets_done}/{exercise.planned_sets} {exercise.set_word}s"
        if exercise.legs and exercise.distance:
            times = ", ".join(format_clock(round(seconds)) for seconds in exercise.legs)
            best = min(exercise.legs) / exercise.distance * 1000
            did += f", {format_distance(exercise.distance)} in {times} (best {format_pace(best)})"
        elif exercise.legs:
            did += f", {format_duration(sum(exercise.legs))} run"
        if exercise.reps_done:
            did += f", {exercise.reps_done} reps"
        if exercise.seconds_held:
            did += f", {format_duration(exercise.seconds_held)} held"
        # Two lines an exercise: a narrow terminal would otherwise wrap the columns.
        parts.append(line(mark, (exercise.name, "bold")))
        parts.append(line(f"  {did}", (f"  (plan {exercise.planned})", "dim")))
        extra = carried[number].describe() if number < len(carried) else ""
        if extra:
            parts.append(plain(f"  {extra}"))
        finding = exercise.finding
        if finding is not None:
            found = finding.verdict is Verdict.FOUND
            said = finding.describe(named=False)  # under the exercise's name
            parts.append(line(("  → ", "bold"), (said, "bold" if found else "")))
    skipped = summary.skipped
    parts.append(plain(""))
    if skipped:
        parts.append(line(("Skipped: ", "bold"), ", ".join(skipped)))
    else:
        parts.append(plain("Nothing skipped."))
    if summary.not_reached:
        parts.append(line(("Not reached: ", "bold"), ", ".join(summary.not_reached)))
    parts.append(plain(""))
    if rated is not None:
        parts.append(labelled("Rated", rated.describe()))
    else:
        parts.append(plain("How did the last set feel? 1 easy, 2 ok, 3 hard."))
    return Content("\n").join(parts)


class SummaryScreen(Screen[None]):
    """The end of the workout. 1, 2 and 3 still rate its last set, which had no rest
    after it to be rated in."""

    BINDINGS = [
        Binding("enter,escape", "close", "Back to the menu"),
        Binding("q", "app.quit", "Quit"),
        Binding("1", "rate('easy')", "Easy", show=False),
        Binding("2", "rate('ok')", "OK", show=False),
        Binding("3", "rate('hard')", "Hard", show=False),
    ]

    def __init__(self, workout: Workout, finished: bool) -> None:
        super().__init__()
        self.workout = workout
        self.finished = finished
        self.rated: Rated | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(self._content(), id="summary-text")
        yield Footer()

    def _content(self) -> Content:
        session = self.workout.session
        return summary_content(
            session.routine.name,
            self.workout.summary(),
            self.finished,
            [carried(session, index) for index in range(len(session.routine.exercises))],
            self.rated,
        )

    def action_rate(self, value: str) -> None:
        rated = self.workout.rate(Feeling(value))
        if rated is not None:
            self.rated = rated
            self.query_one("#summary-text", Static).update(self._content())

    def action_close(self) -> None:
        self.post_message(MenuRequested())
