"""One line (or a few) of text on the workout screen, hidden while it is empty."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from runtimer.ui.text import plain


class TextLine(Static):
    """Set `text`; the line shows it, or hides when it is empty.

    It redraws on every assignment (`always_update`): two `Content`s with the same
    letters compare equal even when their styles differ (the rating just chosen
    shown in reverse), so comparing them would keep a stale picture. The screen sets
    the lines only when what it shows changes, not on every wake-up.
    """

    # Hidden by a class, not by setting `display`: that would be an inline style,
    # stronger than the stylesheet's breakpoint rules that hide lines on small screens.
    DEFAULT_CSS = """
    TextLine.-empty {
        display: none;
    }
    """

    text: reactive[Content | str] = reactive("", always_update=True, init=False)

    def on_mount(self) -> None:
        self.set_class(not self.text, "-empty")

    def watch_text(self, text: Content | str) -> None:
        self.update(text if isinstance(text, Content) else plain(text))
        self.set_class(not text, "-empty")
