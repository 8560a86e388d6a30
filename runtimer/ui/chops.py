"""A partial screen update that starts where the change starts.

Textual 8.2.8's `ChopsUpdate.render_segments` (the code that turns a partial repaint
into bytes for the terminal) crops each widget's line only on the right: a change in
the middle of a wide widget is written from the widget's left edge. The big countdown
refreshes just the columns of the digit that changed, but the terminal received the
whole width of the counter up to that digit every second (20 kB a second at 200x60,
where the digits are 190 columns wide). `render_segments` here is Textual's, with one
change marked ``# runtimer``: the segments that end before the changed span are
skipped. It skips whole segments, as Textual's own ``__rich_console__`` does, so no
character (a wide one, say) is ever cut in half; the counter draws each glyph as its
own segment, so an update starts at the digit's gap.

`install` puts it in place (once, from the app). When upgrading Textual, compare with
``textual/_compositor.py`` again (`MIRRORS_TEXTUAL`), and drop this module once Textual
crops on the left too (tests/test_chops.py has a canary test).
"""

from __future__ import annotations

from rich.console import Console
from textual._compositor import ChopsUpdate
from textual.strip import Strip

MIRRORS_TEXTUAL = "8.2.8"
"""The Textual version whose ``ChopsUpdate.render_segments`` ours is a copy of."""


def segment_start(strip: Strip, x: int, x1: int) -> int:
    """How many cells into a strip that starts at `x` the segment holding column `x1`
    starts (0 when `x1` is in the first one)."""
    offset = 0
    for segment in strip:
        width = segment.cell_length
        if x + offset + width > x1:
            break
        offset += width
    return offset


def render_segments(self: ChopsUpdate, console: Console) -> str:
    """Render the update to raw data, suitable for writing to the terminal."""
    sequences: list[str] = []
    append = sequences.append

    move_to = _move_to
    chops = self.chops
    chop_ends = self.chop_ends
    last_y = self.spans[-1][0]

    for y, x1, x2 in self.spans:
        line = chops[y]
        ends = chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None:
                continue

            if x > x2 or end <= x1:
                continue

            if x2 > x >= x1 and end <= x2:
                append(move_to(x, y))
                append(strip.render(console))
                continue

            # runtimer: start at the segment the span starts in (Textual: at x).
            skip = segment_start(strip, x, x1) if x < x1 else 0
            strip = strip.crop(skip, min(end, x2) - x)
            append(move_to(x + skip, y))
            append(strip.render(console))

        if y != last_y:
            append("\n")

    return "".join(sequences)


def _move_to(x: int, y: int) -> str:
    """What ``Control.move_to(x, y).segment.text`` is, without building a `Control`."""
    return f"\x1b[{y + 1};{x + 1}H"


#: Textual's own, kept for the canary test.
TEXTUAL_RENDER_SEGMENTS = ChopsUpdate.render_segments


def install() -> None:
    """Use `render_segments` for every partial update (idempotent)."""
    ChopsUpdate.render_segments = render_segments  # type: ignore[method-assign]


__all__ = ["MIRRORS_TEXTUAL", "install", "render_segments", "segment_start"]
