"""The big number in the middle of the workout screen: `7/12` reps or a countdown.

Drawn in solid block glyphs (`bigfont`) as big as the widget's region allows, so it
can be read from the mat: it takes whatever height the stylesheet gives it, centres
the glyphs in it, and lays them out again when its size changes. The screen calls
`show` on every wake-up; `value` and `target` are reactive, so an unchanged number
does nothing. When the number changes but keeps its shape (1:13 to 1:12), only the
glyphs that changed are drawn again: the widget uses Textual's line API and refreshes
just their columns, so a countdown sends the terminal one digit a second, not the
whole block. Its colour is the widget's `color`: the stylesheet sets it per phase;
the glyphs are solid blocks, so they stay visible with no colour at all (NO_COLOR).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from runtimer.ui.widgets import bigfont

#: Big digits keep a row in AIR_ROWS clear above and below, a column in AIR_COLS
#: to each side.
AIR_ROWS = 12
AIR_COLS = 32
#: Distinct rows of glyphs kept (see `BigCounter._row`): far more than any number has.
MAX_ROWS = 256


def changed_rows(
    before: Sequence[str], after: Sequence[str], start: int, end: int
) -> Iterator[tuple[int, int]]:
    """The runs of rows (first row, how many) in which columns start..end differ: a 7
    that becomes a 6 keeps its top bar, so those rows are not sent again."""
    first: int | None = None
    for row, (was, now) in enumerate(zip(before, after, strict=True)):
        if was[start:end] != now[start:end]:
            if first is None:
                first = row
        elif first is not None:
            yield first, row - first
            first = None
    if first is not None:
        yield first, len(after) - first


class BigCounter(Widget):
    DEFAULT_CSS = """
    BigCounter {
        width: 1fr;
        height: 1fr;
        min-height: 1;
        text-style: bold;
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
        #: What was last laid out, and in which font and size (for the tests).
        self.rendered: bigfont.Rendered | None = None
        self._left = self._top = 0
        self._laid_out_for: tuple[str, Size] | None = None
        self._strips: list[Strip] = []
        self._strips_for: tuple[object, ...] | None = None
        #: The lines of the render pass under way (see `render_lines`).
        self._pass: list[Strip] | None = None
        #: One strip per distinct row of glyphs, for as long as the glyphs stay where
        #: they are (see `_row`).
        self._rows: dict[str, Strip] = {}
        self._rows_for: tuple[object, ...] | None = None

    def show(self, value: str, target: str | None = None) -> None:
        self.value = value
        self.target = target

    @property
    def shown_text(self) -> str:
        """The number as the runner reads it: `7/12`, `1:30`."""
        return self.value if self.target is None else f"{self.value}/{self.target}"

    def watch_value(self) -> None:
        self._number_changed()

    def watch_target(self) -> None:
        self._number_changed()

    def on_resize(self) -> None:
        self.refresh()

    def _number_changed(self) -> None:
        """Refresh what changed: the rows of the columns of the glyphs that differ when
        the layout is the same as before (same size and positions), else the whole
        widget."""
        before, left, top = self.rendered, self._left, self._top
        after = self._lay_out()
        if (
            before is None
            or before.font != after.font
            or (left, top) != (self._left, self._top)
            or [span[:2] for span in before.spans] != [span[:2] for span in after.spans]
            or before.glyph_height != after.glyph_height
        ):
            self.refresh()
            return
        for (start, end, was), (_, _, now) in zip(before.spans, after.spans, strict=True):
            if was != now:
                for first, rows in changed_rows(before.lines, after.lines, start, end):
                    self.refresh(Region(self._left + start, self._top + first, end - start, rows))

    def _lay_out(self) -> bigfont.Rendered:
        """Choose the glyphs for the number at the widget's size (cached by both)."""
        key = (self.shown_text, self.size)
        if self.rendered is not None and self._laid_out_for == key:
            return self.rendered
        width, height = self.size
        # Some air around big digits, so they do not run into the title and the
        # border: none while every row counts.
        air_rows, air_cols = height // AIR_ROWS, width // AIR_COLS
        drawn = bigfont.render(self.shown_text, width - 2 * air_cols, height - 2 * air_rows)
        self.rendered, self._laid_out_for = drawn, key
        self._left = max(0, (width - drawn.width) // 2)
        self._top = max(0, (height - drawn.height) // 2)
        return drawn

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines of `crop`, straight from the strips built once per number.

        Textual's own path (`StylesCache`) renders each line again whenever part of it
        was refreshed, which is every row of a digit every second, to add what this
        widget never has: a border, padding, a tint or opacity. Here the strips already
        carry the widget's colours; only the app's line filters (colour mode, NO_COLOR)
        are applied, and `Strip.apply_filter` caches its result on the strip, so a row
        that stays the same costs a look-up. With any of those styles set, Textual's
        path is used."""
        styles = self.styles
        if (
            any(styles.border.spacing)
            or any(styles.padding)
            or any(styles.outline.spacing)
            or styles.tint.a
            or self.opacity != 1.0
            or (styles.has_rule("hatch") and styles.hatch != "none")
        ):
            self._pass = self._lines()
            try:
                return super().render_lines(crop)
            finally:
                self._pass = None
        strips = self._lines()
        width = self.size.width
        blank = Strip.blank(width, self.rich_style)
        _, background = self.background_colors
        filters = self.get_line_filters()
        lines: list[Strip] = []
        for y in crop.line_range:
            strip = strips[y] if 0 <= y < len(strips) else blank
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            lines.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            lines = [strip.crop(x1, x2) for strip in lines]
        return lines

    def render_line(self, y: int) -> Strip:
        strips = self._pass if self._pass is not None else self._lines()
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.rich_style)

    def _lines(self) -> list[Strip]:
        """Every line of the widget, built once per number, size and style."""
        drawn = self._lay_out()
        base = self.rich_style
        slash = base + self.get_component_rich_style("bigcounter--slash")
        key = (drawn, self.size, self._left, self._top, base, slash)
        if key == self._strips_for:
            return self._strips
        width, height = self.size
        blank = Strip.blank(width, base)
        strips = [blank] * height
        for index, line in enumerate(drawn.lines):
            y = self._top + index
            if y >= height:
                break
            strips[y] = self._row(line, drawn, base, slash)
        self._strips, self._strips_for = strips, key
        return strips

    def _row(self, line: str, drawn: bigfont.Rendered, base: Style, slash: Style) -> Strip:
        """The strip for one row of glyphs. A block glyph has only a few distinct rows,
        and from one second to the next most rows stay the same: the same text gets the
        same `Strip` object, so Textual's per-strip caches (crop, filters) are hit
        instead of being rebuilt for every row of every repaint."""
        width = self.size.width
        layout = (width, self._left, [span[:2] for span in drawn.spans], base, slash)
        if layout != self._rows_for or len(self._rows) > MAX_ROWS:
            self._rows, self._rows_for = {}, layout
        strip = self._rows.get(line)
        if strip is None:
            segments = [Segment(" " * self._left, base)] if self._left else []
            x = 0
            for start, end, char in drawn.spans:
                if start > x:
                    segments.append(Segment(line[x:start], base))
                segments.append(Segment(line[start:end], slash if char == "/" else base))
                x = end
            if x < len(line):
                segments.append(Segment(line[x:], base))
            strip = Strip(segments).adjust_cell_length(width, base).crop(0, width)
            self._rows[line] = strip
        return strip
