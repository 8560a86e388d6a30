"""The big number in the middle of the workout screen: `7 / 12` reps or a countdown.

Textual's `Digits` has no slash, so a rep counter is two `Digits` with a drawn slash
between them; a countdown uses the left one alone.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Digits, Static

SLASH = "  ╱\n ╱ \n╱  "


class BigCounter(Horizontal):
    def compose(self) -> ComposeResult:
        yield Digits(id="count")
        yield Static(SLASH, id="slash", markup=False)
        yield Digits(id="target")

    def on_mount(self) -> None:
        self._shown: tuple[str, str | None] | None = None

    def show(self, value: str, target: str | None = None) -> None:
        """Only touches the DOM when what is shown changes (it is called every wake-up)."""
        if self._shown == (value, target):
            return
        self._shown = (value, target)
        self.query_one("#count", Digits).update(value)
        has_target = target is not None
        self.query_one("#slash", Static).display = has_target
        digits = self.query_one("#target", Digits)
        digits.display = has_target
        if has_target:
            digits.update(target or "")
