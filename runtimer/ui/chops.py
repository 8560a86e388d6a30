"""A partial screen update that starts where the change starts, and asks only the
widgets under the change for their lines.

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

Textual's `Compositor.render_partial_update` asks every widget in a container that
meets the box around all the regions that changed for all its lines. During a rest
two small regions change each second, the digit and the elapsed time near the bottom,
so the box held the whole screen and its 15 widgets were asked, every second.
`render_partial_update` here asks only the widgets whose visible area meets a changed
region (marked ``# runtimer``); the others could only fill cells outside the changed
spans, which are never written.

`install` puts them in place (once, from the app). When upgrading Textual, compare with
``textual/_compositor.py`` again (`MIRRORS_TEXTUAL`), and drop this module once Textual
crops on the left too (tests/test_chops.py has a canary test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rich.console import Console
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
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


def render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """Render a partial update (Textual's, but see `_renders`)."""
    screen_region = self.size.region
    update_regions = self._dirty_regions.copy()
    self._dirty_regions.clear()
    if not update_regions:
        return None
    spans = list(self._regions_to_spans(update_regions))
    is_rendered_line = {y for y, _, _ in spans}.__contains__
    # runtimer: the changed regions themselves (Textual: one crop around them all).
    crops = [region.intersection(screen_region) for region in update_regions]
    chops = _render_chops(self, crops, is_rendered_line)
    chop_ends = [cut_set[1:] for cut_set in self.cuts]
    return ChopsUpdate(chops, spans, chop_ends)


def _render_chops(
    self: Compositor, crops: list[Region], is_rendered_line: Callable[[int], bool]
) -> Sequence[dict[int, Strip | None]]:
    """Textual's `Compositor._render_chops`, from the renders of `_renders`."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    intersection = Region.intersection
    for region, clip, strips in _renders(self, crops):
        render_region = intersection(region, clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            final_cuts = [cut for cut in cuts[y] if (last_cut >= cut >= first_cut)]
            cut_strips = strip.divide([cut - render_x for cut in final_cuts[1:]])
            # Painting front to back, the first segments for a cut "win".
            get_chops_line = chops_line.get
            for cut, cut_strip in zip(final_cuts, cut_strips, strict=False):
                if get_chops_line(cut) is None:
                    chops_line[cut] = cut_strip
    return chops


def _renders(self: Compositor, crops: list[Region]) -> Iterable[tuple[Region, Region, list[Strip]]]:
    """Textual's `Compositor._get_renders(crop)`, for the widgets whose visible area
    meets one of `crops`, front to back. (Textual takes every widget whose *clip*, the
    area of the container it is in, meets the box around all the changes: on a screen
    of plain containers, every widget.)"""
    for widget, (region, clip) in self.visible_widgets.items():
        visible = Region.intersection(region, clip)
        if not any(crop.overlaps(visible) for crop in crops):  # runtimer
            continue
        if Region.contains_region(clip, region):
            yield region, clip, widget.render_lines(Region(0, 0, region.width, region.height))
            continue
        new_x, new_y, new_width, new_height = visible
        if new_width and new_height:
            yield (
                region,
                clip,
                widget.render_lines(
                    Region(new_x - region.x, new_y - region.y, new_width, new_height)
                ),
            )


#: Textual's own, kept for the tests that compare and the canary tests.
TEXTUAL_RENDER_SEGMENTS = ChopsUpdate.render_segments
TEXTUAL_RENDER_PARTIAL_UPDATE = Compositor.render_partial_update


def install() -> None:
    """Use `render_segments` and `render_partial_update` for every partial update
    (idempotent)."""
    ChopsUpdate.render_segments = render_segments  # type: ignore[method-assign]
    Compositor.render_partial_update = render_partial_update  # type: ignore[method-assign]


__all__ = [
    "MIRRORS_TEXTUAL",
    "TEXTUAL_RENDER_PARTIAL_UPDATE",
    "TEXTUAL_RENDER_SEGMENTS",
    "install",
    "render_partial_update",
    "render_segments",
    "segment_start",
]
