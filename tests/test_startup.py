"""Start-up: no garbage collection until the menu is on screen (runtimer.cli.app)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from runtimer.cli.app import paused_gc
from runtimer.ui.screens.menu import MenuScreen
from tests.apphelp import make_app


@pytest.fixture(autouse=True)
def restore_gc() -> Iterator[None]:
    was = gc.isenabled()
    yield
    gc.unfreeze()
    if was:
        gc.enable()
    else:
        gc.disable()


def test_collection_waits_for_the_first_paint_then_resumes_and_freezes() -> None:
    gc.enable()
    gc.unfreeze()
    with paused_gc() as resume:
        assert not gc.isenabled()
        resume()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what the start-up built is not walked again
        resume()  # a second call changes nothing
        assert gc.isenabled()
    assert gc.isenabled()


def test_collection_resumes_when_the_app_ends_before_any_paint() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("the app failed to start")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with paused_gc() as resume:
        resume()
        assert not gc.isenabled()
    assert not gc.isenabled()


async def test_the_app_calls_back_once_the_menu_is_painted() -> None:
    app = make_app()
    painted: list[bool] = []
    app.after_first_paint = lambda: painted.append(isinstance(app.screen, MenuScreen))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert painted == [True]
        await pilot.press("down")
        await pilot.pause()
        assert painted == [True]
