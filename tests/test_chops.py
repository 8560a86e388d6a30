"""A partial screen update starts where the change starts (runtimer.ui.chops).

Textual 8.2.8 writes a changed span from the left edge of the widget it is in; the
big countdown changes one digit a second, at the right of a counter that can be 190
columns wide, so the whole row went to the terminal every second.
"""

from __future__ import annotations

import re
from importlib.metadata import version

from rich.console import Console
from rich.segment import Segment
from textual._compositor import ChopsUpdate, Compositor
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static

from runtimer.ui.chops import (
    MIRRORS_TEXTUAL,
    TEXTUAL_RENDER_PARTIAL_UPDATE,
    TEXTUAL_RENDER_SEGMENTS,
    render_partial_update,
    render_segments,
)

CONSOLE = Console(color_system=None, force_terminal=True, width=80)


def update(segments: list[str], x1: int, x2: int, at: int = 0) -> ChopsUpdate:
    """One line whose only chop starts at column `at`, with the span x1..x2 changed."""
    strip = Strip([Segment(text) for text in segments])
    end = at + strip.cell_length
    return ChopsUpdate([{at: strip}], [(0, x1, x2)], [[end]])


def test_a_change_at_the_right_of_a_wide_widget_is_written_from_its_own_segment() -> None:
    written = render_segments(update(["aaaa", "    ", "bbbb", "cccc"], x1=9, x2=12), CONSOLE)
    assert written == "\x1b[1;9Hbbbb"


def test_a_span_inside_a_segment_starts_at_that_segment() -> None:
    written = render_segments(update(["aaaa", "bbbb", "cccc"], x1=6, x2=12, at=10), CONSOLE)
    # The chop starts at 10: "aaaa" is 10-13, so 6-12 starts inside it.
    assert written == "\x1b[1;11Haa"
    written = render_segments(update(["aaaa", "bbbb", "cccc"], x1=15, x2=22, at=10), CONSOLE)
    assert written == "\x1b[1;15Hbbbbcccc"


def test_a_wide_character_is_never_cut_in_half() -> None:
    # "日本" is four cells; a span starting at its second cell writes the whole of it.
    written = render_segments(update(["日本", "xy"], x1=1, x2=6), CONSOLE)
    assert written == "\x1b[1;1H日本xy"


def test_a_whole_chop_inside_the_span_is_written_as_textual_does() -> None:
    change = update(["ab", "cd"], x1=0, x2=10)
    assert render_segments(change, CONSOLE) == TEXTUAL_RENDER_SEGMENTS(change, CONSOLE)


def test_the_copy_mirrors_the_installed_textual() -> None:
    """render_segments is a copy of Textual's: an upgrade must compare them again."""
    assert version("textual") == MIRRORS_TEXTUAL, (
        "Textual was upgraded: compare runtimer/ui/chops.py's render_segments with "
        "textual/_compositor.py's ChopsUpdate.render_segments, then update MIRRORS_TEXTUAL"
    )


def test_upstream_canary_textual_writes_from_the_left_edge_of_the_chop() -> None:
    """UPSTREAM CANARY (Textual 8.2.8): Textual's own writes "aaaa" too. When this fails,
    Textual crops on the left itself: drop runtimer/ui/chops.py."""
    change = update(["aaaa", "    ", "bbbb", "cccc"], x1=9, x2=12)
    assert TEXTUAL_RENDER_SEGMENTS(change, CONSOLE).startswith("\x1b[1;1Haaaa")


class Counted(Static):
    """A Static that counts how often the compositor asks it for its lines."""

    DEFAULT_CSS = "Counted { height: 6; }"

    asked = 0

    def render_lines(self, crop: Region) -> list[Strip]:
        self.asked += 1
        return super().render_lines(crop)


class Stacked(App[None]):
    def compose(self) -> ComposeResult:
        yield Counted("top " * 30, id="top")
        yield Counted("middle " * 20, id="middle")
        yield Counted("bottom " * 20, id="bottom")


def written(compositor: Compositor, partial: object, regions: set[Region]) -> str:
    compositor._dirty_regions.clear()
    compositor._dirty_regions.update(regions)
    update = partial(compositor)  # type: ignore[operator]
    assert isinstance(update, ChopsUpdate)
    return render_segments(update, CONSOLE)


async def test_a_partial_update_asks_only_the_widgets_under_the_change() -> None:
    """Two changes far apart (a rest's digit and its elapsed time): the widget between
    them is not asked for its lines, and the terminal gets the same bytes as from
    Textual's own partial update."""
    app = Stacked()
    async with app.run_test(size=(40, 18)) as pilot:
        await pilot.pause()
        compositor = app.screen._compositor
        top, middle, bottom = (
            app.query_one(f"#{name}", Counted) for name in ("top", "middle", "bottom")
        )
        changed = {Region(2, 1, 5, 2), Region(30, 14, 6, 1)}  # in the top and the bottom one
        before = middle.asked
        ours = written(compositor, render_partial_update, changed)
        assert middle.asked == before  # not asked: nothing of it changed
        assert top.asked > 0 and bottom.asked > 0
        theirs = written(compositor, TEXTUAL_RENDER_PARTIAL_UPDATE, changed)
        assert middle.asked > before  # Textual asks everything in the box around both
        assert ours == theirs
        moves = re.findall(r"\x1b\[(\d+);\d+H", ours)
        assert moves == ["2", "3", "15"]  # the changed rows, and nothing else


async def test_a_change_across_widgets_is_drawn_from_each_of_them() -> None:
    app = Stacked()
    async with app.run_test(size=(40, 18)) as pilot:
        await pilot.pause()
        compositor = app.screen._compositor
        changed = {Region(0, 4, 40, 4)}  # the top one's last rows, the middle one's first
        assert written(compositor, render_partial_update, changed) == written(
            compositor, TEXTUAL_RENDER_PARTIAL_UPDATE, changed
        )
