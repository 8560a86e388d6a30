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
        self._count = self.query_one("#count", Digits)
        self._slash = self.query_one("#slash", Static)
        self._target = self.query_one("#target", Digits)

    def show(self, value: str, target: str | None = None) -> None:
        """Only touches the DOM when what is shown changes (it is called every wake-up)."""
        if self._shown == (value, target):
            return
        previous = self._shown
        self._shown = (value, target)
        self._count.update(value)
        has_target = target is not None
        if previous is None or (previous[1] is not None) != has_target:
            # Showing or hiding the slash relays out the screen: only when it changes.
            self._slash.display = has_target
            self._target.display = has_target
        if has_target and (previous is None or previous[1] != target):
            self._target.update(target or "")
