"""The command palette's PageUp/PageDown must not crash the app (runtimer.ui.palette).

Textual 8.2.8 raises ``KeyError`` in ``OptionList._move_page`` when a page key reaches
the palette's command list before the list is laid out. Two ways to get there, both
used below:

* keys that arrive together, as one read from a real terminal delivers them (ctrl+p
  and PageDown typed quickly, or pasted/queued): `burst` posts them all at once,
  where ``Pilot.press`` would wait for the screen after each key;
* a terminal so short that the list gets no lines at all (`TINY`).

The apps under test: `SafeApp`, a bare Textual app wired as runtimer's app is
(`open_command_palette`), and `WiredRuntimerApp`, runtimer's own app and menu with
that wiring (until it is in runtimer/app.py itself).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot

import runtimer.ui.app
from runtimer.ui.app import RuntimerApp
from runtimer.ui.palette import SafeCommandPalette, open_command_palette, open_theme_palette
from runtimer.ui.screens.menu import MenuScreen
from tests.apphelp import DATA, folder_catalog
from tests.fakeclock import FakeClock

DEADLINE = 10.0  # seconds to wait for the palette's search
SIZE = (80, 30)  # the whole command list fits on one page
TINY = (80, 4)  # too short for the command list to get a single line


class PlainApp(App[None]):
    """Textual's own palette: for the canary tests, which expect the crash."""


class SafeApp(App[None]):
    """A bare app with the palette wiring runtimer's app uses."""

    def action_command_palette(self) -> None:
        open_command_palette(self)

    def search_themes(self) -> None:
        open_theme_palette(self)


class WiredRuntimerApp(RuntimerApp):
    """runtimer's app with the palette wiring (the lines to add to runtimer/app.py)."""

    CSS_PATH = str(
        Path(runtimer.ui.app.__file__).with_name("runtimer.tcss")
    )  # not beside this file

    def action_command_palette(self) -> None:
        open_command_palette(self)

    def search_themes(self) -> None:
        open_theme_palette(self)


def wired_runtimer_app() -> App[None]:
    return WiredRuntimerApp(lambda: folder_catalog(DATA), clock=FakeClock(), background=False)


APPS: dict[str, Callable[[], App[None]]] = {"bare": SafeApp, "runtimer": wired_runtimer_app}


@pytest.fixture(params=sorted(APPS))
def make(request: pytest.FixtureRequest) -> Callable[[], App[None]]:
    factory: Callable[[], App[None]] = APPS[request.param]
    return factory


def burst(app: App[Any], *keys: str) -> None:
    """Post `keys` to the app all at once, as they come when typed faster than the screen
    is drawn: none waits for the one before it to be handled."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app.post_message(event)


def command_list(app: App[Any], id: str | None = "--command-palette") -> CommandList:
    """The command list of the palette on screen, which must be runtimer's."""
    assert isinstance(app.screen, SafeCommandPalette), app.screen
    assert app.screen.id == id
    return app.screen.query_one(CommandList)


def last(commands: CommandList) -> int:
    return commands.option_count - 1


async def settle(pilot: Pilot[None]) -> None:
    """Let the keys sent be handled and the palette's searches (workers) finish, and the
    screen be drawn. Polls with a deadline."""
    deadline = time.monotonic() + DEADLINE
    await pilot.pause()
    while any(not worker.is_finished for worker in pilot.app.workers):
        if time.monotonic() > deadline:
            pytest.fail(f"the palette's search did not finish in {DEADLINE:.0f} s")
        await pilot.pause()
    await pilot.pause()


async def open_palette(pilot: Pilot[None]) -> CommandList:
    await pilot.pause()  # the first screen is up
    await pilot.press("ctrl+p")
    await settle(pilot)
    commands = command_list(pilot.app)
    assert commands.option_count > 1  # Keys, Quit, Screenshot, Theme...
    assert commands.scrollable_content_region  # drawn
    return commands


# -- the workaround ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "where"),
    [
        (["pagedown"], "last"),
        (["pageup"], "first"),
        (["down", "pagedown"], "last"),
        (["up", "pageup"], "first"),
        (["pagedown", "pageup", "pagedown"], "last"),
        # The query's own results come after the key, highlighted from the top.
        (["t", "pagedown"], "first"),
    ],
    ids=["pagedown", "pageup", "down-pagedown", "up-pageup", "pagedown-pageup-pagedown", "query"],
)
async def test_page_keys_right_after_ctrl_p(
    make: Callable[[], App[None]], keys: list[str], where: str
) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "ctrl+p", *keys)
        await settle(pilot)
        assert app.is_running
        commands = command_list(app)
        assert commands.highlighted == (0 if where == "first" else last(commands))
        # Once drawn, the keys move as Textual's do.
        await pilot.press("pageup")
        assert commands.highlighted == 0
        await pilot.press("down")
        assert commands.highlighted == 1
        await pilot.press("pagedown")  # the whole list fits on a page
        assert commands.highlighted == last(commands)
        await pilot.press("up")
        assert commands.highlighted == last(commands) - 1
        await pilot.press("escape")
        assert not isinstance(app.screen, CommandPalette)
    assert app.return_code in (None, 0)


async def test_page_keys_while_a_query_is_typed(make: Callable[[], App[None]]) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot)
        burst(app, "e", "pagedown", "pageup", "e", "pagedown", "down", "up")
        await settle(pilot)
        assert app.is_running
        commands = command_list(app)
        assert app.screen.query_one(CommandInput).value == "ee"
        # Screenshot, Theme; runtimer offers Theme and New routine (no Screenshot).
        assert commands.option_count == 2
        await pilot.press("pagedown")
        assert commands.highlighted == last(commands)
        await pilot.press("pageup")
        assert commands.highlighted == 0
        await pilot.press("down", "down", "up")
        assert commands.highlighted == 1


async def test_page_keys_in_a_terminal_too_short_for_the_list(
    make: Callable[[], App[None]],
) -> None:
    app = make()
    async with app.run_test(size=TINY) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await settle(pilot)
        commands = command_list(app)
        assert commands.option_count > 1
        assert not commands.scrollable_content_region  # no room: never laid out
        await pilot.press("pagedown")
        assert commands.highlighted == last(commands)
        await pilot.press("pageup")
        assert commands.highlighted == 0
        await pilot.press("down", "pagedown", "up", "pageup")
        assert commands.highlighted == 0
        await pilot.press("t")  # with a query too
        await settle(pilot)
        await pilot.press("pagedown")
        assert commands.highlighted == last(commands)
        await pilot.press("pageup")
        assert commands.highlighted == 0
        assert app.is_running


async def test_page_keys_with_nothing_found(make: Callable[[], App[None]]) -> None:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot)
        await pilot.press(*"zzzzzz")
        await settle(pilot)
        commands = command_list(app)
        assert commands.option_count == 0 or commands.get_option_at_index(0).disabled
        burst(app, "pagedown", "pageup", "down", "up")
        await settle(pilot)
        assert app.is_running
        assert commands.highlighted is None


async def test_the_theme_palette_is_safe_too(make: Callable[[], App[None]]) -> None:
    """The palette's "Theme" command opens a second palette; it gets the fix as well."""
    app = make()
    async with app.run_test(size=TINY) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"theme")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        commands = command_list(app, id=None)
        assert commands.option_count > 5  # the themes
        assert commands.get_option_at_index(0).prompt == "ansi-dark"
        await pilot.press("pagedown")
        assert commands.highlighted == last(commands)
        await pilot.press("pageup")
        assert commands.highlighted == 0
        assert app.is_running


async def test_one_palette_at_a_time_and_escape_closes_it() -> None:
    app = wired_runtimer_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "ctrl+p", "pagedown", "ctrl+p", "pageup")
        await settle(pilot)
        command_list(app)
        assert sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 1
        await pilot.press("escape")
        assert isinstance(app.screen, MenuScreen)  # and the menu still works:
        assert app.screen.selected is not None
        assert app.screen.selected.path.name == "mini.toml"


async def test_a_command_still_runs_from_the_palette() -> None:
    app = wired_runtimer_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(pilot)
        await pilot.press(*"quit")
        await settle(pilot)
        await pilot.press("pagedown", "pageup", "enter")
        await settle(pilot)
    assert not app.is_running
    assert app.return_code == 0


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
@pytest.mark.slow
def test_ctrl_p_and_pagedown_together_in_a_real_terminal(tmp_path: Path) -> None:
    """As a terminal sends them when typed quickly: one write, one read."""
    from tests.test_paste import menu_in_a_terminal

    with menu_in_a_terminal(tmp_path) as (terminal, _events, _editor):
        mark = terminal.send("\x10\x1b[6~")  # ctrl+p, PageDown
        terminal.wait_until("the palette", lambda: "Search for commands" in terminal.output(mark))
        mark = terminal.send("\x1b[5~\x1b[6~\x1b[B\x1b[A")  # PageUp, PageDown, down, up
        terminal.send("\x1b")  # escape: back to the menu
        terminal.wait_until("the menu", lambda: "Start" in terminal.output(mark))
        assert "Traceback" not in terminal.output() and "KeyError" not in terminal.output()
        assert terminal.proc.poll() is None  # still running


# -- UPSTREAM CANARIES: the bug is still in Textual --------------------------------------
#
# These tests pass while Textual still has the bug, with its own palette. When one of
# them fails after a Textual upgrade, Textual has fixed it: delete runtimer/palette.py,
# its wiring in runtimer/app.py, these tests and the ones above.


@pytest.mark.parametrize(
    ("size", "typed", "keys"),
    [
        (SIZE, (), ("ctrl+p", "pagedown")),
        (SIZE, (), ("ctrl+p", "pageup")),
        (SIZE, (), ("ctrl+p", "down", "pagedown")),
        (SIZE, (), ("ctrl+p", "t", "pagedown")),
        (TINY, ("ctrl+p",), ("pagedown",)),
    ],
    ids=["pagedown", "pageup", "down-pagedown", "query-pagedown", "tiny-terminal"],
)
async def test_upstream_canary_textual_palette_page_keys_still_crash(
    size: tuple[int, int], typed: tuple[str, ...], keys: tuple[str, ...]
) -> None:
    """UPSTREAM CANARY (Textual 8.2.8): Textual's own palette still raises KeyError."""
    app = PlainApp()
    with pytest.raises(KeyError):
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press(*typed)
            await settle(pilot)
            burst(app, *keys)
            await settle(pilot)
    assert app.return_code == 1  # the app died of it
