"""The big number in the middle of the workout screen: `7/12` reps or a countdown.

Drawn in solid block glyphs (`bigfont`) as big as the widget's region allows, so it
can be read from the mat: it takes whatever height the stylesheet gives it, centres
the glyphs in it, and lays them out again when its size changes. The screen calls
`show` on every wake-up; `value` and `target` are reactive, so an unchanged number
does nothing and the widget renders again only when what it shows changes (or on a
resize). Its colour is the widget's `color`: the stylesheet sets it per phase; the
glyphs are solid blocks, so they stay visible with no colour at all (NO_COLOR).
"""

from __future__ import annotations

from textual.content import Content, Span
from textual.reactive import reactive
from textual.widget import Widget

from runtimer.ui.widgets import bigfont

#: Big digits keep a row in AIR_ROWS clear above and below, a column in AIR_COLS
#: to each side.
AIR_ROWS = 12
AIR_COLS = 32


class BigCounter(Widget):
    DEFAULT_CSS = """
    BigCounter {
        width: 1fr;
        height: 1fr;
        min-height: 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    BigCounter > .bigcounter--slash {
        color: $text-muted;
    }
    """
    COMPONENT_CLASSES = {"bigcounter--slash"}

    value: reactive[str] = reactive("", init=False, repaint=False)
    #: The target a rep count is shown against; None: a countdown, no slash.
    target: reactive[str | None] = reactive(None, init=False, repaint=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: What the last render drew, and in which font and size (for the tests).
        self.rendered: bigfont.Rendered | None = None

    def show(self, value: str, target: str | None = None) -> None:
        self.value = value
        self.target = target

    @property
    def shown_text(self) -> str:
        """The number as the runner reads it: `7/12`, `1:30`."""
        return self.value if self.target is None else f"{self.value}/{self.target}"

    def watch_value(self) -> None:
        self.refresh()

    def watch_target(self) -> None:
        self.refresh()

    def render(self) -> Content:
        width, height = self.size
        # Some air around big digits, so they do not run into the title and the
        # border: none while every row counts.
        air_rows, air_cols = height // AIR_ROWS, width // AIR_COLS
        drawn = bigfont.render(self.shown_text, width - 2 * air_cols, height - 2 * air_rows)
        self.rendered = drawn
        if not drawn.lines:
            return Content("")
        left = max(0, (width - drawn.width) // 2)
        top = max(0, (height - drawn.height) // 2)
        slash = self.get_visual_style("bigcounter--slash")
        margin = " " * left
        text: list[str] = ["\n" * top]
        spans: list[Span] = []
        offset = top
        for line in drawn.lines:
            for start, end, char in drawn.spans:
                if char == "/":
                    spans.append(Span(offset + left + start, offset + left + end, slash))
            text.append(f"{margin}{line}\n")
            offset += left + len(line) + 1
        return Content("".join(text).rstrip("\n"), spans)
