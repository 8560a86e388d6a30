"""The menu's preview keeps each exercise's target whole at any width."""

from __future__ import annotations

from runtimer.core.catalog import discover
from runtimer.core.paths import bundled_dir
from runtimer.ui.widgets.preview import preview_content
from tests.apphelp import make_app

BUNDLED = discover(user_dir=bundled_dir("routines"))


def entry(stem: str):  # type: ignore[no-untyped-def]
    return next(e for e in BUNDLED.entries if e.path.stem == stem)


def test_a_target_that_does_not_fit_beside_its_name_gets_a_line_of_its_own() -> None:
    weight = entry("starting-weight")
    assert weight.routine is not None
    squat = weight.routine.exercises[0]
    target = squat.target_text()
    assert target.endswith("kg")  # "3 × 10 @ 6, 8, 10 kg"
    narrow = preview_content(weight, width=36).plain.splitlines()
    assert " 1. Goblet squat" in narrow
    assert "      " + target in narrow  # whole, indented under its name
    wide = preview_content(weight, width=120).plain.splitlines()
    assert any(line.startswith(" 1. Goblet squat") and line.endswith(target) for line in wide)


async def test_the_menu_at_80x24_never_leaves_a_unit_on_a_line_of_its_own() -> None:
    app = make_app(bundled_dir("routines"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = 0
        for _ in range(len(app.catalog.entries)):
            text = app.screen.query_one("#preview-text")
            region = text.region.intersection(app.screen.query_one("#preview").region)
            screen = [strip.text for strip in app.screen._compositor.render_strips()]
            pane = [screen[y][region.x : region.right].strip() for y in range(*region.line_span)]
            seen += sum(1 for line in pane if line.startswith(("1.", "2.", "3.")))
            orphans = [line for line in pane if line in ("kg", "lb", "run", "hold", "each side")]
            assert not orphans, pane
            await pilot.press("down")
            await pilot.pause()
        assert seen > 0  # the exercises were on screen
