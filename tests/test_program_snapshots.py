"""What the menu looks like with an active program (80×24): it opens on today's
session, its targets and why. Every SVG was opened and looked at before commit."""

from __future__ import annotations

from textual.pilot import Pilot

from runtimer.core.paths import bundled_dir
from tests.apphelp import make_app
from tests.conftest import UserDirs
from tests.test_program_ui import TODAY, two_weeks_of_full_body


def test_menu_with_todays_session(snap_compare, user_dirs: UserDirs) -> None:  # type: ignore[no-untyped-def]
    two_weeks_of_full_body(user_dirs)
    app = make_app(bundled_dir("routines"), today=lambda: TODAY)

    async def go(pilot: Pilot[None]) -> None:
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=go)
