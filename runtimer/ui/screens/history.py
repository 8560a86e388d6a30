"""History: consistency across the training block, recent sessions, and each circuit's
rounds and each exercise's load and reps over time, drawn as small charts: the report
`runtimer history` prints (`core.history.report`), in the same words
(`core.history.wording`), styled.

With a program active, its block takes the consistency's place: its weeks against its
own target with phases and deloads, each exercise's load across the weeks, and its
review (`core.program.block`, in `core.program.wording`'s words), shown at the end
of the block or when `r` is pressed.

The lines are made for a wide terminal. On a narrower one, a line that does not fit is
broken at a space and continued *indented under itself*, so a session's "9/9 sets"
never lands at the left edge looking like a line of its own.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from runtimer.core.history.report import HistoryReport, build_report
from runtimer.core.history.store import History
from runtimer.core.history.wording import (
    CIRCUITS_HEADING,
    CONSISTENCY_HEADING,
    EXERCISES_HEADING,
    NO_SESSIONS,
    ROUTINE_COLUMN,
    circuit_line,
    circuit_name,
    consistency_lines,
    exercise_name,
    last_time,
    recent_heading,
    series_line,
    session_count,
    session_line,
    skipped_heading,
    unreadable_line,
)
from runtimer.core.program import wording as program_wording
from runtimer.core.safetext import terminal_safe
from runtimer.ui.text import line, plain

if TYPE_CHECKING:
    from runtimer.core.program.block import BlockRead, ProgramBlock

#: Asked for the active program's block once the logs are read (the app's; None: no
#: program looked for).
ProgramReader = Callable[[History], "BlockRead | None"]

#: Extra indent of the continuation of a line too wide for the screen.
HANG = 4
INDENT = "  "
HEADING = "bold $accent"
#: The routine column is never narrower, so `Mini` still has room to look like a column.
NARROWEST_ROUTINE = 4

#: A piece of a line: its text, and its style (None: plain).
Piece = tuple[str, str | None]


def fit(text: str, width: int | None) -> list[str]:
    """`text` as lines of at most `width` characters, continuations hanging under it.

    Spaces inside a line are kept (the columns of the session list line up); a break
    only ever replaces one run of spaces.
    """
    if width is None or width <= 0 or len(text) <= width:
        return [text]
    indent = len(text) - len(text.lstrip(" "))
    hang = " " * min(indent + HANG, width // 2)
    return textwrap.wrap(text, width=width, subsequent_indent=hang, break_on_hyphens=False) or [
        text
    ]


def _fitted(pieces: Sequence[Piece], width: int | None) -> Iterator[Content]:
    """A line of pieces, fitted to `width`, each piece keeping its style across a break;
    the hanging indent of a continuation takes the style of the text after it."""
    text = "".join(part for part, _ in pieces)
    at = 0
    for number, part in enumerate(fit(text, width)):
        body = part.lstrip(" ") if number else part  # the first line keeps its indent
        start = text.index(body, at)  # `fit` only ever drops spaces between the lines
        at = start + len(body)
        cut = _cut(pieces, start, at)
        cut[0] = (part[: len(part) - len(body)] + cut[0][0], cut[0][1])
        yield line(*(piece if style is None else (piece, style) for piece, style in cut))


def _cut(pieces: Sequence[Piece], start: int, end: int) -> list[Piece]:
    """The pieces of text[start:end], neighbours of one style joined."""
    cut: list[Piece] = []
    offset = 0
    for part, style in pieces:
        low, high = max(start - offset, 0), min(end - offset, len(part))
        offset += len(part)
        if low >= high:
            continue
        if cut and cut[-1][1] == style:
            cut[-1] = (cut[-1][0] + part[low:high], style)
        else:
            cut.append((part[low:high], style))
    return cut or [("", None)]


#: The calendar is cut into runs of weeks that fit the narrowest screen kept in mind.
_CALENDAR_WIDTH = 56


def _program_lines(read: BlockRead, review: bool) -> Iterator[list[Piece]]:
    """The active program's block, in place of the consistency (with `review`: and
    the review, under the calendar)."""
    block = read.block
    if block is None:
        yield [(program_wording.PROBLEM_HEADING, HEADING)]
        yield [(INDENT + terminal_safe(read.problem or ""), "$warning")]
        yield [("", None)]
        return
    yield [(program_wording.heading(block), HEADING)]
    yield [(INDENT + program_wording.standing(block), None)]
    for row in program_wording.calendar_lines(block.cells, block.program, _CALENDAR_WIDTH):
        yield [(INDENT + row if row else "", None)]
    for text in program_wording.calendar_key(block):
        yield [(INDENT + text, "$text-muted")]
    if not review:
        yield [(INDENT + program_wording.REVIEW_HINT_SCREEN, "$text-muted")]
    else:
        yield from _review_lines(block)
    if block.loads:
        yield [("", None)]
        yield [(program_wording.LOADS_HEADING, HEADING)]
        for name, chart in program_wording.load_lines(block):
            yield [(INDENT + name, "bold")]
            yield [(INDENT * 2 + chart, None)]
    yield [("", None)]


def _review_lines(block: ProgramBlock) -> Iterator[list[Piece]]:
    yield [("", None)]
    yield [(program_wording.review_heading(block.program), HEADING)]
    for text in program_wording.review_section(block):
        yield [(INDENT + text, None)]


def _lines(
    report: HistoryReport, program: BlockRead | None = None, review: bool = False
) -> Iterator[list[Piece]]:
    """Every line of the history under its title, as styled pieces."""
    if program is not None:
        yield from _program_lines(program, review)
    else:
        yield [(CONSISTENCY_HEADING, HEADING)]
        for text in consistency_lines(report.consistency):
            yield [(INDENT + text, None)]
        yield [("", None)]
    if report.recent:
        # Only as wide as the longest routine name listed, not the fixed 20 characters
        # of the command line: the screen has less room to spare.
        widest = max(len(terminal_safe(s.routine)) for s in report.recent)
        width = max(NARROWEST_ROUTINE, min(ROUTINE_COLUMN, widest))
        yield [(recent_heading(report.counted), HEADING)]
        for session in report.recent:
            yield [(INDENT + session_line(session, width), None)]
    else:
        yield [(NO_SESSIONS, HEADING)]
    if report.circuits:
        yield [("", None)]
        yield [(CIRCUITS_HEADING, HEADING)]
        for circuit in report.circuits:
            yield [
                (INDENT + circuit_name(circuit), "bold"),
                (f"  {session_count(circuit)}", "$text-muted"),
            ]
            yield [(INDENT * 2 + circuit_line(circuit), None)]
    if report.exercises:
        yield [("", None)]
        yield [(EXERCISES_HEADING, HEADING)]
        for exercise in report.exercises:
            yield [
                (INDENT + exercise_name(exercise), "bold"),
                (f"  {session_count(exercise)}", "$text-muted"),
            ]
            for series in (exercise.load, exercise.amount):
                if series is not None:
                    yield [(INDENT * 2 + series_line(series), None)]
            summary = last_time(exercise)
            if summary:
                yield [(INDENT * 2 + summary, None)]
    if report.unreadable:
        yield [("", None)]
        yield [(skipped_heading(len(report.unreadable)), HEADING)]
        for item in report.unreadable:
            yield [(INDENT + unreadable_line(item), None)]


def history_content(
    report: HistoryReport,
    width: int | None = None,
    program: BlockRead | None = None,
    review: bool = False,
) -> Content:
    """The history, styled, fitted to `width` columns (None: as wide as it is); with
    `program`, its block first (and with `review`, its review)."""
    lines = [line(("History", "bold")), plain("")]
    for pieces in _lines(report, program, review):
        lines += _fitted(pieces, width)
    return Content("\n").join(lines)


READING = "Reading your workout logs…"


class HistoryText(Static):
    """The history, refitted whenever the width it has to fill changes. Until the logs
    have been read (a long history is read in a thread) it says so."""

    def __init__(self, report: HistoryReport | None, program: BlockRead | None = None) -> None:
        review = _over(program)
        first = (
            history_content(report, None, program, review) if report is not None else plain(READING)
        )
        super().__init__(first, id="history-text")
        self.report = report
        self.program = program
        self.review = review
        self._width: int | None = None

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        if width != self._width:
            self._width = width
            # Redrawn after this layout pass: a new height asked for in the middle of
            # one is measured against the old text, and the last line is cut off.
            self.call_after_refresh(self._draw)

    def show(self, report: HistoryReport, program: BlockRead | None = None) -> None:
        self.report = report
        self.program = program
        self.review = _over(program)
        self._draw()

    def toggle_review(self) -> bool:
        """Show the program's review, or hide it again; True when it is shown now."""
        self.review = not self.review
        self._draw()
        return self.review

    def review_line(self) -> int | None:
        """The line the review's heading is on, if it is shown."""
        block = self.program.block if self.program is not None else None
        if block is None or not self.review or not isinstance(self.content, Content):
            return None
        heading = program_wording.review_heading(block.program)
        lines = self.content.plain.split("\n")
        return lines.index(heading) if heading in lines else None

    def _draw(self) -> None:
        if self.report is not None:
            self.update(history_content(self.report, self._width, self.program, self.review))


def _over(program: BlockRead | None) -> bool:
    """The block's weeks are all gone: its review is shown without asking."""
    return program is not None and program.block is not None and program.block.over


class HistoryScreen(Screen[None]):
    # A one-column scroll bar that is always there: the text is fitted to the width
    # left beside it, and a bar appearing later would not change that width.
    DEFAULT_CSS = """
    HistoryScreen #history {
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    """
    BINDINGS = [
        Binding("escape,q,h", "close", "Back"),
        Binding("r", "review", "Review"),
    ]

    def __init__(
        self, history: History | None, today: date, program: ProgramReader | None = None
    ) -> None:
        """`program`: asked for the active program's block once the logs are read."""
        super().__init__()
        self.today = today
        self._program_reader = program
        self.report = build_report(history, today) if history is not None else None
        self.program = self._read_program(history)

    def _read_program(self, history: History | None) -> BlockRead | None:
        if history is None or self._program_reader is None:
            return None
        return self._program_reader(history)

    def show(self, history: History) -> None:
        """The logs have been read: draw them."""
        self.report = build_report(history, self.today)
        self.program = self._read_program(history)
        self.query_one(HistoryText).show(self.report, self.program)
        self.refresh_bindings()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history"):
            yield HistoryText(self.report, self.program)
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`r` is there only with a program's block to review."""
        if action == "review":
            return self.program is not None and self.program.block is not None
        return True

    def action_review(self) -> None:
        """Show the program's review (at the top of the screen), or hide it."""
        text = self.query_one(HistoryText)
        if text.toggle_review():
            self.call_after_refresh(self._scroll_to_review)

    def _scroll_to_review(self) -> None:
        at = self.query_one(HistoryText).review_line()
        if at is not None:
            self.query_one("#history", VerticalScroll).scroll_to(y=at, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
