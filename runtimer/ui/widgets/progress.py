"""The whole-session progress line: a bar of sets done, elapsed and time left."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from runtimer.core.routine import format_clock, format_estimate


class SessionProgress(Horizontal):
    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False, show_percentage=False, id="bar")
        yield Static(id="progress-text", markup=False)

    def on_mount(self) -> None:
        self._last: tuple[int, int, str] | None = None

    def show(self, done: int, total: int, elapsed: float, left: float) -> None:
        text = f"{done}/{total} sets · {format_clock(elapsed)} · ~{format_estimate(left)} left"
        if left < 1:
            text = f"{done}/{total} sets · {format_clock(elapsed)}"
        state = (done, total, text)
        if state == self._last:
            return
        # The elapsed clock changes every second; a full layout is only needed when the
        # text changes length (this runs on every wake-up of a countdown).
        relayout = self._last is None or len(self._last[2]) != len(text)
        if self._last is None or self._last[:2] != (done, total):
            self.query_one("#bar", ProgressBar).update(total=max(1, total), progress=done)
        self._last = state
        self.query_one("#progress-text", Static).update(text, layout=relayout)
