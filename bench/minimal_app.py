"""The baseline for the benchmark: about the smallest Textual app that looks like an app.

`bench/bench.py` starts it exactly as it starts runtimer (the same Python, a fresh
tmux pane of the same size) to measure the time to the first painted screen and the
CPU an idle Textual app costs. Whatever runtimer spends beyond this is its own.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

#: What bench.py waits for on the screen; keep it in sync with bench.MINIMAL_NEEDLE.
TEXT = "minimal Textual app for the runtimer benchmark"


class MinimalApp(App[None]):
    BINDINGS: ClassVar = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(TEXT)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
