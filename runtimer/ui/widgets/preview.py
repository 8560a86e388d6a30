"""The menu's preview of a routine, or of a broken file's problems."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from runtimer.core.catalog import Entry, Origin
from runtimer.core.plan import estimate_seconds
from runtimer.core.routine import format_duration, format_estimate
from runtimer.ui.text import line, plain


def preview_content(entry: Entry | None, width: int | None = None) -> Content:
    """What the menu shows of a routine. `width`, when known, is the columns the text
    has: an exercise whose target does not fit beside its name gets the target on a
    line of its own, indented, rather than wrapped back to column 0 in mid-target
    ("3 × 10 @ 6, 8," / "10 kg")."""
    if entry is None:
        return plain("No routine selected.")
    if entry.error is not None:
        parts: list[Content] = [
            line(("This file has problems", "bold $error")),
            plain(entry.path.name),
            plain(""),
        ]
        parts += [
            plain(f"line {p.line}, column {p.column}: {p.message}") for p in entry.error.problems
        ]
        parts += [plain(""), line(("Press e to fix it in your editor.", "italic"))]
        return Content("\n").join(parts)
    routine = entry.routine
    assert routine is not None
    parts = [line((routine.name, "bold"))]
    if routine.description:
        parts.append(plain(routine.description))
    parts.append(plain(""))
    facts = [
        f"about {format_estimate(estimate_seconds(routine))}",
        f"{len(routine.exercises)} exercises",
        f"{routine.total_sets} sets",
    ]
    parts.append(line(("  ·  ".join(facts), "$accent")))
    if routine.warmup is not None:
        parts.append(plain(f"Warm-up: {format_duration(routine.warmup.duration)}"))
    rests = (
        f"Rest: {format_duration(routine.rest_between_sets)} between sets, "
        f"{format_duration(routine.rest_between_exercises)} between exercises"
    )
    if any(exercise.circuit is None for exercise in routine.exercises):
        parts.append(plain(rests))  # a routine of circuits only has the circuits' rests
    if routine.equipment:
        parts.append(line(("Equipment: ", "bold"), ", ".join(routine.equipment)))
    parts.append(plain(""))
    name_width = max(len(e.name) for e in routine.exercises)
    for number, exercise in enumerate(routine.exercises, start=1):
        circuit = routine.circuit(exercise.circuit)
        before = routine.exercises[number - 2].circuit if number > 1 else None
        if circuit is not None and exercise.circuit != before:
            parts.append(line(("    " + circuit.title, "bold")))
            parts.append(line(("    " + circuit.how(), "$text-muted")))
        target = exercise.target_text()
        if width is not None and 4 + name_width + 2 + len(target) > width:
            parts.append(line((f"{number:>2}. ", "dim"), exercise.name))
            parts.append(line(("      " + target, "$text-muted")))
        else:
            parts.append(
                line(
                    (f"{number:>2}. ", "dim"),
                    exercise.name.ljust(name_width),
                    ("  " + target, "$text-muted"),
                )
            )
    if routine.notes:
        parts += [plain(""), plain(routine.notes)]
    where = {
        Origin.BUNDLED: "bundled with runtimer",
        Origin.USER: "in your routines folder",
        Origin.EXTRA: "from --routines",
    }[entry.origin]
    parts += [plain(""), line((f"{entry.path.name}, {where}", "dim"))]
    if entry.replaces is not None:
        parts.append(line(("It replaces the bundled file of the same name.", "dim italic")))
    return Content("\n").join(parts)


class RoutinePreview(VerticalScroll):
    """Scrollable, because a long routine's notes do not fit a small terminal."""

    DEFAULT_CSS = """
    RoutinePreview {
        width: 1fr;
        height: 1fr;
        border: round $panel-lighten-2;
        padding: 0 1;
    }
    """

    can_focus = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: The routine shown, laid out again for a new width (unless `show_content`
        #: put something else there).
        self._entry: Entry | None = None
        self._routine_shown = False

    def compose(self) -> ComposeResult:
        yield Static(id="preview-text")

    def show(self, entry: Entry | None) -> None:
        self._entry, self._routine_shown = entry, True
        self._lay_out()
        self.scroll_home(animate=False)

    def show_content(self, content: Content) -> None:
        """Something else than a routine (an active program's session for today)."""
        self._routine_shown = False
        self.query_one("#preview-text", Static).update(content)
        self.scroll_home(animate=False)

    def on_resize(self) -> None:
        if self._routine_shown:
            self._lay_out()

    def _lay_out(self) -> None:
        # One column spare for a scrollbar that a long routine brings.
        width = self.scrollable_content_region.width - 1
        content = preview_content(self._entry, width if width > 10 else None)
        self.query_one("#preview-text", Static).update(content)
