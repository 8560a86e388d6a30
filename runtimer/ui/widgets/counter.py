"""The big number in the middle of the workout screen: `7 / 12` reps or a countdown.

Textual's `Digits` has no slash, so a rep counter is two `Digits` with a drawn slash
between them; a countdown uses the left one alone. The screen sets `value` and
`target` on every wake-up; being reactive, they touch the widgets only when what is
shown changes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Digits, Static

SLASH = "  ╱\n ╱ \n╱  "


class BigCounter(Horizontal):
    DEFAULT_CSS = """
    BigCounter {
        width: 100%;
        height: auto;
        align-horizontal: center;
    }
    BigCounter Digits {
        width: auto;
        text-style: bold;
    }
    BigCounter #slash {
        width: 3;
        height: 3;
        margin: 0 1;
        color: $text-muted;
    }
    """

    value: reactive[str] = reactive("", init=False, repaint=False)
    #: The target a rep count is shown against; None: a countdown, no slash.
    target: reactive[str | None] = reactive(None, init=False, repaint=False)

    def compose(self) -> ComposeResult:
        yield Digits(id="count")
        yield Static(SLASH, id="slash", markup=False)
        yield Digits(id="target")

    def on_mount(self) -> None:
        self._show_target(False)

    def show(self, value: str, target: str | None = None) -> None:
        self.value = value
        self.target = target

    def watch_value(self, value: str) -> None:
        self.query_one("#count", Digits).update(value)

    def watch_target(self, before: str | None, target: str | None) -> None:
        if (before is None) != (target is None):
            # Showing or hiding the slash relays out the screen: only when it changes.
            self._show_target(target is not None)
        if target is not None:
            self.query_one("#target", Digits).update(target)

    def _show_target(self, shown: bool) -> None:
        self.query_one("#slash", Static).display = shown
        self.query_one("#target", Digits).display = shown
