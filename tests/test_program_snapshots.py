"""What the menu looks like with an active program (80×24): it opens on today's
session, its targets and why; and the history with a program (80×24 and 60×20): its
block on top, and its review. Every SVG was opened and looked at before commit."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from runtimer.core.paths import bundled_dir
from tests.apphelp import make_app
from tests.conftest import UserDirs
from tests.test_program_history import AFTER, WEEK_3, block_of_full_body
from tests.test_program_ui import TODAY, two_weeks_of_full_body


def test_menu_with_todays_session(snap_compare, user_dirs: UserDirs) -> None:  # type: ignore[no-untyped-def]
    two_weeks_of_full_body(user_dirs)
    app = make_app(bundled_dir("routines"), today=lambda: TODAY)

    async def go(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=go)


SIZES = [(80, 24), (60, 20)]
IDS = ["80x24", "60x20"]


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_program_history(snap_compare, user_dirs: UserDirs, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The history with a program in week 3: its weeks, phases and loads on top."""
    block_of_full_body(user_dirs, [0, 2, 7, 9, 14])
    app = make_app(bundled_dir("routines"), today=lambda: WEEK_3)
    assert snap_compare(app, press=["h"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_program_review(snap_compare, user_dirs: UserDirs, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The block over (a missed week, a deload, a load of the user's own): the
    review under the calendar, brought to the top by r."""
    days = [7 * week + day for week in range(10) for day in (0, 3) if week != 5]
    block_of_full_body(user_dirs, days, chosen={3: 12.0})
    app = make_app(bundled_dir("routines"), today=lambda: AFTER)
    assert snap_compare(app, press=["h", "r", "r"], terminal_size=size)
