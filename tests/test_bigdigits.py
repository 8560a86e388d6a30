"""The big number on the workout screen, readable from the mat at any terminal size.

The font and its scaling (`bigfont`) are pure and tested directly; the widget is
tested in the running app, at terminal sizes from 40×12 to 250×70, as the runner
would see it: how many rows the digits take, that nothing is cut off, that the rest
of the screen stays in place, that a resize lays it out again and that an unchanged
number costs nothing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color
from textual.filter import NoColor
from textual.geometry import Region
from textual.pilot import Pilot

from runtimer.core.paths import bundled_dir
from runtimer.ui.app import RuntimerApp
from runtimer.ui.screens.workout import WorkoutScreen
from runtimer.ui.widgets import bigfont
from runtimer.ui.widgets.bigfont import BIG, SMALL, Rendered, render
from runtimer.ui.widgets.counter import BigCounter
from tests.apphelp import advance, make_app
from tests.fakeclock import FakeClock

BLOCKS = set("█▀▄ ")

# ------------------------------------------------------------------ the font


def pixels(lines: tuple[str, ...]) -> list[str]:
    """The half-row bitmap a block drawing shows, as `#` and `.` rows."""
    out: list[str] = []
    for line in lines:
        out.append("".join("#" if cell in "█▀" else "." for cell in line))
        out.append("".join("#" if cell in "█▄" else "." for cell in line))
    return out


@pytest.mark.parametrize("font", [BIG, SMALL], ids=["big", "small"])
def test_at_its_smallest_a_font_draws_its_own_bitmap(font: bigfont.Font) -> None:
    width, height = len(font.cols), len(font.rows)
    for digit, bitmap in font.digits.items():
        drawn = bigfont.glyph(font, digit, width, height, 1)
        assert pixels(drawn)[:height] == bitmap, digit


@pytest.mark.parametrize("size", [(5, 7, 1), (10, 14, 2), (9, 30, 2), (40, 56, 8)])
@pytest.mark.parametrize("font", [BIG, SMALL], ids=["big", "small"])
def test_every_digit_is_distinct_and_solid(font: bigfont.Font, size: tuple[int, int, int]) -> None:
    width, height, stroke = size
    drawn = {digit: bigfont.glyph(font, digit, width, height, stroke) for digit in "0123456789"}
    assert len(set(drawn.values())) == 10
    for digit, lines in drawn.items():
        assert all(set(line) <= BLOCKS for line in lines), digit
        assert len(lines) == math.ceil(height / 2), digit
        assert {len(line) for line in lines} == {width}, digit
        assert any("█" in line for line in lines), digit  # solid strokes, not outlines


def test_strokes_stay_even_when_digits_are_stretched() -> None:
    """A tall, narrow 8: its three bars are as thick as its two sides are wide."""
    lines = bigfont.glyph(BIG, "8", 15, 44, 3)
    bitmap = pixels(lines)
    bars = [row for row in bitmap if row == "#" * 15]
    assert len(bars) == 3 * 3
    assert {row[:3] for row in bitmap} == {"###"}  # the left side, 3 columns wide
    assert {row[3:12] for row in bitmap if row != "#" * 15} == {"." * 9}


def test_the_colon_slash_and_space() -> None:
    colon = pixels(bigfont.glyph(BIG, ":", 10, 14, 2))
    assert {row for row in colon} == {"..", "##"}
    assert colon.count("##") == 4  # two square dots
    slash = pixels(bigfont.glyph(BIG, "/", 10, 14, 2))
    assert slash[0] == "....##" and slash[-1] == "##...."  # bottom left to top right
    assert all(row.count("#") == 2 for row in slash)
    assert set("".join(bigfont.glyph(BIG, " ", 10, 14, 2))) == {" "}


TEXTS = ["7/12", "10/10", "1:30", "0:05", "12:00", "3", "0/8", "1 2"]


@pytest.mark.parametrize("text", TEXTS)
def test_never_wider_or_taller_than_the_box(text: str) -> None:
    for width in range(1, 260, 7):
        for rows in range(1, 75, 3):
            drawn = render(text, width, rows)
            assert drawn.width <= width and drawn.height <= rows, (width, rows)
            assert {len(line) for line in drawn.lines} == {drawn.width}
            if drawn.font == "text":
                assert drawn.lines in ((text,), ()) or len(text) > width


def test_the_height_given_is_used_when_the_width_allows() -> None:
    heights = []
    for rows in range(4, 71):
        drawn = render("1:30", 1000, rows)
        assert drawn.font == "big"
        assert drawn.height == rows
        heights.append(drawn.glyph_height)
    assert heights == sorted(heights)


def test_a_narrower_box_means_smaller_digits() -> None:
    heights = []
    for width in range(15, 250):
        drawn = render("7/12", width, 60)
        assert drawn.font != "text" and drawn.width <= width
        heights.append(drawn.glyph_height)
    assert heights == sorted(heights)
    assert heights[-1] > 5 * heights[0]
    assert render("7/12", 60, 60).font == "big"


def test_digits_keep_their_proportions() -> None:
    """Never fatter than the font's square pixels, never more than 3 times as tall as
    wide, strokes never thinner than two thirds of what the width allows."""
    for width in range(20, 260, 9):
        for rows in range(4, 72, 5):
            drawn = render("1:30", width, rows)
            if drawn.font != "big":
                continue
            w, h, stroke = drawn.glyph_width, drawn.glyph_height, drawn.stroke
            assert w * 7 <= h * 5 + 5 and h <= 3 * w
            assert 3 * stroke >= 2 * (w // 5)


def test_the_largest_scale_that_fits() -> None:
    # 80×24: the counter's 74×10 box holds digits 10 rows tall with 3-cell strokes.
    drawn = render("1:30", 74, 10)
    assert (drawn.font, drawn.height, drawn.stroke) == ("big", 10, 3)
    assert render("1:30", 74, 11).glyph_height > drawn.glyph_height
    # A box only just wide enough for the big font at its smallest.
    assert render("7/12", 21, 4).font == "big"
    assert render("7/12", 20, 4).font == "small"


def test_falls_back_to_the_small_font_then_plain_text() -> None:
    assert render("1:30", 40, 4).font == "big"
    small = render("1:30", 40, 3)
    assert small.font == "small" and small.height == 3
    assert render("1:30", 16, 10).font == "small"  # too narrow for the big one
    plain = render("1:30", 40, 2)
    assert plain.font == "text" and plain.lines == ("1:30",)
    assert render("7/12", 12, 10).lines == ("7/12",)
    assert render("1:30", 3, 10).lines == ("1:3",)  # nothing drawn outside the box
    assert render("1:30", 40, 0).lines == ()
    assert render("-5", 40, 20).lines == ("-5",)  # not in the font


def test_spans_say_where_each_character_is() -> None:
    drawn = render("7/12", 80, 10)
    assert [char for _, _, char in drawn.spans] == list("7/12")
    start, end, _ = drawn.spans[1]
    assert all(line[start:end].strip() for line in drawn.lines)  # the slash is there
    assert all(set(line[drawn.spans[0][1] : start]) == {" "} for line in drawn.lines)


def test_rendering_is_cheap() -> None:
    start = time.perf_counter()
    for seconds in range(600):
        render(f"{seconds // 60}:{seconds % 60:02d}", 244, 50)
    assert time.perf_counter() - start < 1.5


# ------------------------------------------------------------------ on the screen

LEGS = """\
name = "Legs"

[[exercise]]
name = "Wall sit"
sets = 1
hold = "20s"
"""

SIZES = [(40, 12), (60, 20), (80, 24), (120, 40), (200, 60), (250, 70)]


@pytest.fixture
def legs(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "legs.toml").write_text(LEGS, encoding="utf-8")
    return folder


async def to_reps(pilot: Pilot[None], clock: FakeClock) -> None:
    """Full body for runners, press-ups, 7 reps of 10 counted."""
    await pilot.press("down", "down", "enter", "space", *["space"] * 7)


async def to_rest(pilot: Pilot[None], clock: FakeClock) -> None:
    """The 90 s rest after the first set of press-ups, 17 s in."""
    await pilot.press("down", "down", "enter", "space", "enter", "2")
    await advance(pilot, clock, 17)


async def to_hold(pilot: Pilot[None], clock: FakeClock) -> None:
    """A 20 s wall sit, 5 s in."""
    await pilot.press("enter", "space")
    await advance(pilot, clock, 3)  # the get-ready
    await advance(pilot, clock, 5)


STEPS: dict[str, tuple[Callable[[Pilot[None], FakeClock], Awaitable[None]], str]] = {
    "reps": (to_reps, "7/10"),
    "rest": (to_rest, "1:13"),
    "hold": (to_hold, "0:15"),
}


@pytest.fixture
def fresh_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], None]:
    """Point runtimer's folders at new empty ones: for a test that runs the app more
    than once, so one run's unfinished workout does not greet the next."""

    def move() -> None:
        home = tmp_path_factory.mktemp("home")
        for kind in ("config", "data", "state"):
            monkeypatch.setenv(f"XDG_{kind.upper()}_HOME", str(home / kind))
            monkeypatch.setenv(f"RUNTIMER_{kind.upper()}_DIR", str(home / kind / "runtimer"))
        monkeypatch.setenv("RUNTIMER_ROUTINES_DIR", str(home / "config" / "runtimer" / "routines"))

    return move


def app_for(kind: str, legs: Path, clock: FakeClock) -> RuntimerApp:
    return make_app(legs if kind == "hold" else bundled_dir("routines"), clock=clock)


def counter_of(app: RuntimerApp) -> BigCounter:
    assert isinstance(app.screen, WorkoutScreen)
    return app.screen.query_one("#counter", BigCounter)


def drawn_lines(counter: BigCounter) -> list[str]:
    return [counter.render_line(y).text for y in range(counter.size.height)]


def assert_on_screen(app: RuntimerApp, counter: BigCounter) -> None:
    """The screen as composited now (from what each widget last drew) shows every line
    of the number: a partial refresh left no glyph of the number before."""
    drawn = counter.rendered
    assert drawn is not None
    screen = [strip.text for strip in app.screen._compositor.render_strips()]
    top = next(y for y, line in enumerate(screen) if drawn.lines[0] in line)
    for y, line in enumerate(drawn.lines):
        assert line in screen[top + y]


def assert_fully_visible(app: RuntimerApp, counter: BigCounter, text: str) -> None:
    drawn = counter.rendered
    assert drawn is not None and drawn.text == text
    assert counter.shown_text == text
    # The counter is inside the screen and the stage (which clips what overflows it).
    assert app.screen.region.contains_region(counter.region)
    assert app.screen.query_one("#stage").content_region.contains_region(counter.region)
    assert drawn.width <= counter.size.width and drawn.height <= counter.size.height
    # Every line of the glyphs is drawn, whole and one under the other.
    lines = drawn_lines(counter)
    top = next(y for y, line in enumerate(lines) if drawn.lines[0] in line)
    for y, line in enumerate(drawn.lines):
        assert line in lines[top + y]
    if drawn.font == "text":
        assert any(text in line for line in lines)
    # Nothing else on the screen overlaps the counter.
    for widget in app.screen.query("#details, #feeling, #notice, #progress, #caption, #title"):
        if widget.display and widget.region:
            assert not widget.region.overlaps(counter.region), widget.id


@pytest.mark.parametrize("kind", list(STEPS))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_number_is_big_and_whole(kind: str, size: tuple[int, int], legs: Path) -> None:
    height = size[1]
    clock = FakeClock()
    app = app_for(kind, legs, clock)
    go, text = STEPS[kind]
    async with app.run_test(size=size) as pilot:
        await go(pilot, clock)
        await pilot.pause()
        counter = counter_of(app)
        assert_fully_visible(app, counter, text)
        drawn = counter.rendered
        assert drawn is not None
        if height >= 24:
            assert drawn.font == "big"
            assert drawn.height >= math.ceil(0.3 * height)
        if size == (80, 24):
            assert drawn.height >= 8
        if size == (200, 60):
            assert drawn.height >= 18
        assert app.screen.query_one("#top").region.y == 0
        # The cues still get some rows.
        details = app.screen.query_one("#details")
        if height >= 24 and kind != "hold":
            assert details.region.height >= 2
        if height >= 40 and kind != "hold":
            assert details.region.height >= 5


@pytest.mark.parametrize("size", [(30, 8), (40, 12), (60, 20)])
async def test_the_top_bar_stays_at_the_top(
    size: tuple[int, int], legs: Path, fresh_home: Callable[[], None]
) -> None:
    for kind, (go, _) in STEPS.items():
        fresh_home()
        clock = FakeClock()
        app = app_for(kind, legs, clock)
        async with app.run_test(size=size) as pilot:
            await go(pilot, clock)
            await pilot.pause()
            assert app.screen.query_one("#top").region.y == 0, kind
            assert app.screen.scroll_y == 0, kind
            assert app.screen.query_one("#routine-name").region.y == 0, kind


async def test_a_resize_lays_the_number_out_again(legs: Path) -> None:
    clock = FakeClock()
    app = app_for("rest", legs, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_rest(pilot, clock)
        counter = counter_of(app)
        assert counter.rendered is not None
        at_80 = counter.rendered.height
        for size in [(200, 60), (40, 12), (120, 40), (60, 20), (250, 70), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.size == size
            drawn = counter.rendered
            assert drawn is not None
            assert_fully_visible(app, counter, "1:13")
            assert drawn.height <= counter.size.height
            if size[1] >= 24:
                assert drawn.height >= math.ceil(0.3 * size[1]), size
        assert counter.rendered.height == at_80


def counter_left(counter: BigCounter) -> int:
    """The column of the counter where its glyphs start (they are centred)."""
    drawn = counter.rendered
    assert drawn is not None
    return (counter.size.width - drawn.width) // 2


def rows_of(counter: BigCounter, regions: list[Region]) -> set[int]:
    """The glyph rows the regions cover."""
    drawn = counter.rendered
    assert drawn is not None
    top = (counter.size.height - drawn.height) // 2
    return {y - top for region in regions for y in range(region.y, region.bottom)}


def differing_rows(before: Rendered, after: Rendered, start: int, end: int) -> set[int]:
    return {
        row
        for row, (was, now) in enumerate(zip(before.lines, after.lines, strict=True))
        if was[start:end] != now[start:end]
    }


def count_refreshes(counter: BigCounter) -> list[tuple[Region, ...]]:
    """Every refresh the counter asks for from now on, with the regions it names
    (none: the whole widget)."""
    calls: list[tuple[Region, ...]] = []
    original = counter.refresh

    def counting(*regions: Region, **kwargs: Any) -> Any:
        calls.append(regions)
        return original(*regions, **kwargs)

    counter.refresh = counting  # type: ignore[method-assign]
    return calls


async def test_only_a_new_number_or_a_resize_draws_it_again(legs: Path) -> None:
    clock = FakeClock()
    app = app_for("reps", legs, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_reps(pilot, clock)
        await pilot.pause()
        counter = counter_of(app)
        assert counter.shown_text == "7/10"
        refreshes = count_refreshes(counter)
        # A rep set wakes once a second for the elapsed clock: the count is unchanged.
        for _ in range(5):
            await advance(pilot, clock, 1)
        assert refreshes == []
        counter.show("7", "10")  # what the screen does on every wake-up
        await pilot.pause()
        assert refreshes == []
        seven = counter.rendered
        await pilot.press("space")
        await pilot.pause()
        # 7/10 to 8/10: only the first glyph's columns are drawn again, and of those
        # only the rows where a 7 and an 8 differ.
        drawn = counter.rendered
        assert seven is not None and drawn is not None and counter.shown_text == "8/10"
        start, end, _ = drawn.spans[0]
        assert all(len(regions) == 1 for regions in refreshes)
        regions = [regions[0] for regions in refreshes]
        assert {region.x - counter_left(counter) for region in regions} == {start}
        assert {region.width for region in regions} == {end - start}
        assert rows_of(counter, regions) == differing_rows(seven, drawn, start, end)
        assert 0 < len(rows_of(counter, regions)) < drawn.height  # the 7's top bar stays
        assert_on_screen(app, counter)
        refreshes.clear()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert () in refreshes  # a resize draws it all


async def test_a_countdown_draws_one_digit_a_second(legs: Path) -> None:
    clock = FakeClock()
    app = app_for("rest", legs, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_rest(pilot, clock)
        await pilot.pause()
        counter = counter_of(app)
        refreshes = count_refreshes(counter)
        shown = []
        for _ in range(3):
            before = counter.rendered
            refreshes.clear()
            await advance(pilot, clock, 1)
            shown.append(counter.shown_text)
            drawn = counter.rendered
            assert before is not None and drawn is not None
            start, end, _ = drawn.spans[-1]
            # Each second: the last digit's columns, in the rows where it changed.
            assert refreshes and all(len(regions) == 1 for regions in refreshes)
            regions = [regions[0] for regions in refreshes]
            assert {region.x - counter_left(counter) for region in regions} == {start}
            assert {region.width for region in regions} == {end - start}
            assert rows_of(counter, regions) == differing_rows(before, drawn, start, end)
            assert_on_screen(app, counter)  # the screen shows the new number, no stale digit
        assert shown == ["1:12", "1:11", "1:10"]


# ------------------------------------------------------------------ colour


def _luminance(color: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = color
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    high, low = sorted([_luminance(one), _luminance(other)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def downgraded(color: Color, system: ColorSystem) -> tuple[int, int, int]:
    rich = RichColor.parse(color.hex).downgrade(system)
    truecolor = rich.get_truecolor()
    return (truecolor.red, truecolor.green, truecolor.blue)


async def to_warmup(pilot: Pilot[None], clock: FakeClock) -> None:
    await pilot.press("down", "down", "enter")


async def to_paused(pilot: Pilot[None], clock: FakeClock) -> None:
    await to_rest(pilot, clock)
    await pilot.press("p")


PHASES: dict[str, Callable[[Pilot[None], FakeClock], Awaitable[None]]] = {
    "work": to_reps,
    "rest": to_rest,
    "hold": to_hold,
    "warmup": to_warmup,
    "paused": to_paused,
}


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_each_phase_has_its_colour_in_strong_contrast(
    theme: str, legs: Path, fresh_home: Callable[[], None]
) -> None:
    colours: dict[str, Color] = {}
    for phase, go in PHASES.items():
        fresh_home()
        clock = FakeClock()
        app = app_for("hold" if phase == "hold" else "reps", legs, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            app.theme = theme
            await go(pilot, clock)
            await pilot.pause()
            assert app.screen.query_one("#stage").has_class(f"-{phase}")
            counter = counter_of(app)
            style = counter.visual_style
            assert style.background is not None and style.foreground is not None
            background = style.background
            foreground = background + style.foreground  # any transparency blended
            colours[phase] = foreground
            # WCAG asks 3:1 of large text; the default theme does better than 4.5:1.
            least = 4.5 if theme == "textual-dark" else 3
            assert contrast(foreground.rgb, background.rgb) >= least, phase
            for system in (ColorSystem.EIGHT_BIT, ColorSystem.STANDARD):
                ratio = contrast(downgraded(foreground, system), downgraded(background, system))
                assert ratio >= least, (phase, system)
    assert len({colours[phase] for phase in ("work", "rest", "hold")}) == 3


async def test_the_rest_countdown_is_green_the_hold_accent(
    legs: Path, fresh_home: Callable[[], None]
) -> None:
    for phase, variable in [("rest", "text-success"), ("hold", "text-accent")]:
        fresh_home()
        clock = FakeClock()
        app = app_for("hold" if phase == "hold" else "reps", legs, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await PHASES[phase](pilot, clock)
            await pilot.pause()
            expected = Color.parse(app.theme_variables[variable])
            foreground = counter_of(app).visual_style.foreground
            assert foreground is not None and foreground.hex == expected.hex


async def test_without_colour_the_digits_are_still_solid(
    legs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    clock = FakeClock()
    app = app_for("rest", legs, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await to_rest(pilot, clock)
        await pilot.pause()
        counter = counter_of(app)
        assert counter.rendered is not None and counter.rendered.font == "big"
        no_color = NoColor()
        cells = 0
        for y in range(counter.size.height):
            strip = counter.render_line(y)
            segments = no_color.apply(list(strip), Color(0, 0, 0))
            for segment in segments:
                if segment.text.strip():
                    assert set(segment.text) <= BLOCKS
                    assert (
                        segment.style is None
                        or segment.style.color is None
                        or (segment.style.color.is_default)
                    )
                    cells += segment.text.count("█")
        assert cells > 100  # a real, solid number
