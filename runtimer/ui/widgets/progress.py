"""The whole-session progress line: a bar of sets done, elapsed and time left."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import ProgressBar, Static

from runtimer.core.routine import format_clock, format_estimate


class SessionProgress(Horizontal):
    DEFAULT_CSS = """
    SessionProgress {
        height: 1;
        padding: 0 1;
    }
    SessionProgress #bar {
        width: 1fr;
    }
    SessionProgress #bar Bar {
        width: 1fr;
    }
    SessionProgress #progress-text {
        width: auto;
        color: $text-muted;
        padding: 0 0 0 1;
    }
    """

    done: reactive[int] = reactive(0, init=False, repaint=False)
    total: reactive[int] = reactive(0, init=False, repaint=False)
    text: reactive[str] = reactive("", init=False, repaint=False)

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False, show_percentage=False, id="bar")
        yield Static(id="progress-text", markup=False)

    def show(self, done: int, total: int, elapsed: float, left: float) -> None:
        """Called on every wake-up; the widgets change only when what they show does."""
        self.done = done
        self.total = total
        if left < 1:
            self.text = f"{done}/{total} sets · {format_clock(elapsed)}"
        else:
            self.text = (
                f"{done}/{total} sets · {format_clock(elapsed)} · ~{format_estimate(left)} left"
            )

    def watch_done(self) -> None:
        self._bar()

    def watch_total(self) -> None:
        self._bar()

    def _bar(self) -> None:
        self.query_one("#bar", ProgressBar).update(total=max(1, self.total), progress=self.done)

    def watch_text(self, before: str, text: str) -> None:
        # The elapsed clock changes every second; a full layout is only needed when the
        # text changes length.
        self.query_one("#progress-text", Static).update(text, layout=len(before) != len(text))
