"""A partial screen update starts where the change starts (runtimer.ui.chops).

Textual 8.2.8 writes a changed span from the left edge of the widget it is in; the
big countdown changes one digit a second, at the right of a counter that can be 190
columns wide, so the whole row went to the terminal every second.
"""

from __future__ import annotations

from importlib.metadata import version

from rich.console import Console
from rich.segment import Segment
from textual._compositor import ChopsUpdate
from textual.strip import Strip

from runtimer.ui.chops import MIRRORS_TEXTUAL, TEXTUAL_RENDER_SEGMENTS, render_segments

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
