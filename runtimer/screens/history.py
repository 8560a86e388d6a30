"""History: consistency across the training block, recent sessions, and each exercise's
load and reps over time, drawn as small charts (the same text `runtimer history` prints)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from runtimer.history import History, render_history
from runtimer.text import line, plain

#: Section headings in the rendered history, shown in bold.
HEADINGS = ("Consistency", "Recent sessions", "Exercises", "Skipped ", "No sessions")


def history_content(history: History, today: date) -> Content:
    lines: list[Content] = [line(("History", "bold")), plain("")]
    for text in render_history(history, today).rstrip("\n").split("\n"):
        if text.startswith(HEADINGS):
            lines.append(line((text, "bold $accent")))
        else:
            lines.append(plain(text))
    return Content("\n").join(lines)


class HistoryScreen(Screen[None]):
    BINDINGS = [Binding("escape,q,h", "close", "Back")]

    def __init__(self, history: History, today: date) -> None:
        super().__init__()
        self.history = history
        self.today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history"):
            yield Static(history_content(self.history, self.today))
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)
