"""Helpers for driving the app in tests with a fake clock (no sleeps)."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static

from runtimer.core.catalog import Catalog, discover
from runtimer.ui.app import RuntimerApp
from runtimer.ui.screens.workout import WorkoutScreen
from tests.fakeclock import FakeClock

DATA = Path(__file__).parent / "data"


def folder_catalog(folder: Path) -> Catalog:
    """A catalog of just one folder's routines, so tests do not depend on the user's."""
    return discover([folder], standard=False)


def make_app(folder: Path = DATA, clock: FakeClock | None = None, **kwargs: object) -> RuntimerApp:
    kwargs.setdefault("background", False)  # read the log folder on the loop: nothing to wait for
    return RuntimerApp(lambda: folder_catalog(folder), clock=clock or FakeClock(), **kwargs)  # type: ignore[arg-type]


def text(app: RuntimerApp, selector: str) -> str:
    """The plain text a Static on the current screen shows."""
    widget = app.screen.query_one(selector, Static)
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


async def advance(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """Move time on and let the workout screen wake as its timer would."""
    clock.advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, WorkoutScreen):
        screen.wake()
    await pilot.pause()
