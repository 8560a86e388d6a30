"""History: consistency across the training block, recent sessions, and each exercise's
load and reps over time, drawn as small charts (the same text `runtimer history` prints).

The text is made for a wide terminal. On a narrower one, a line that does not fit is
broken at a space and continued *indented under itself*, so a session's "9/9 sets"
never lands at the left edge looking like a line of its own.
"""

from __future__ import annotations

import textwrap
from datetime import date

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from runtimer.core.history import History, render_history, session_line
from runtimer.core.records.model import Status
from runtimer.core.safetext import terminal_safe
from runtimer.ui.text import line, plain

#: Section headings in the rendered history, shown in bold.
HEADINGS = ("Consistency", "Recent sessions", "Exercises", "Skipped ", "No sessions")
#: Extra indent of the continuation of a line too wide for the screen.
HANG = 4


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


def _narrow_sessions(history: History) -> dict[str, str]:
    """Each session line of the text -> the same line with the routine column only as
    wide as the longest routine name, not the 20 characters the command line keeps."""
    shown = [s for s in history.sessions if s.status is not Status.DISCARDED]
    widest = max((len(terminal_safe(s.routine)) for s in shown), default=0)
    width = max(4, min(20, widest))
    return {"  " + session_line(s): "  " + session_line(s, width) for s in shown}


def history_content(history: History, today: date, width: int | None = None) -> Content:
    """The history text, styled, fitted to `width` columns (None: as wide as it is)."""
    lines: list[Content] = [line(("History", "bold")), plain("")]
    section = ""
    narrow = _narrow_sessions(history)
    for text in render_history(history, today).rstrip("\n").split("\n"):
        text = narrow.get(text, text)
        heading = text.startswith(HEADINGS)
        if heading:
            section = text
        for number, part in enumerate(fit(text, width)):
            if heading:
                lines.append(line((part, "bold $accent")))
            elif number == 0 and section.startswith("Exercises") and _is_exercise_name(part):
                name, _, rest = part.rpartition("  (")
                lines.append(line((name, "bold"), ("  (" + rest, "$text-muted")))
            else:
                lines.append(plain(part))
    return Content("\n").join(lines)


def _is_exercise_name(text: str) -> bool:
    """`  Goblet squat  (7 sessions)`: the first line of an exercise's chart."""
    return text.startswith("  ") and not text.startswith("   ") and text.endswith(")")


READING = "Reading your workout logs…"


class HistoryText(Static):
    """The history, refitted whenever the width it has to fill changes. Until the logs
    have been read (a long history is read in a thread) it says so."""

    def __init__(self, history: History | None, today: date) -> None:
        first = history_content(history, today) if history is not None else plain(READING)
        super().__init__(first, id="history-text")
        self.history = history
        self.today = today
        self._width: int | None = None

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        if width != self._width:
            self._width = width
            self._draw()

    def show(self, history: History) -> None:
        self.history = history
        self._draw()

    def _draw(self) -> None:
        if self.history is not None:
            self.update(history_content(self.history, self.today, self._width))


class HistoryScreen(Screen[None]):
    # A one-column scroll bar that is always there: the text is fitted to the width
    # left beside it, and a bar appearing later would not change that width.
    DEFAULT_CSS = """
    HistoryScreen #history {
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    """
    BINDINGS = [Binding("escape,q,h", "close", "Back")]

    def __init__(self, history: History | None, today: date) -> None:
        super().__init__()
        self.history = history
        self.today = today

    def show(self, history: History) -> None:
        """The logs have been read: draw them."""
        self.history = history
        self.query_one(HistoryText).show(history)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history"):
            yield HistoryText(self.history, self.today)
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)
