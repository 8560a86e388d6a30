"""The whole-session progress line: a bar of sets done, elapsed and time left."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static
from textual.widgets._progress_bar import Bar

from runtimer.core.routine import format_clock, format_estimate


class SetsBar(Bar):
    """Textual's progress `Bar` alone, without the `ProgressBar` around it.

    Why: `ProgressBar` wakes the app once a second for its ETA (a `set_interval` even
    with `show_eta=False`), and an unset percentage animates at 15 frames a second; the
    workout screen must sleep between the seconds it shows. This bar starts at 0 % and
    redraws only when the screen gives it a new share of sets done.
    """

    percentage: reactive[float | None] = reactive[float | None](0.0)


class SessionProgress(Horizontal):
    DEFAULT_CSS = """
    SessionProgress {
        height: 1;
        padding: 0 1;
    }
    SessionProgress #bar {
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
        yield SetsBar(id="bar")
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
        self.query_one("#bar", SetsBar).percentage = min(1.0, self.done / max(1, self.total))

    def watch_text(self, before: str, text: str) -> None:
        # The elapsed clock changes every second; a full layout is only needed when the
        # text changes length.
        self.query_one("#progress-text", Static).update(text, layout=len(before) != len(text))
