"""Start-up: no garbage collection until the menu is on screen (runtimer.cli.app)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from runtimer.cli.app import OUTPUT_SWITCH_INTERVAL, paused_gc, prompt_output
from runtimer.ui.screens.menu import MenuScreen
from tests.apphelp import FakeClock, advance, make_app


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


def test_the_app_hands_the_gil_over_often_while_it_runs_then_restores_it() -> None:
    """Frames reach the terminal through Textual's writer thread, which waits for the
    GIL while the main thread works: the app shortens the wait, and gives Python's
    setting back when it ends (a shorter one set by someone else is kept)."""
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)  # Python's default
        with prompt_output():
            assert sys.getswitchinterval() == pytest.approx(OUTPUT_SWITCH_INTERVAL, abs=2e-6)
            assert OUTPUT_SWITCH_INTERVAL <= 0.001
        assert sys.getswitchinterval() == pytest.approx(0.005, abs=2e-6)
        sys.setswitchinterval(0.0002)
        with pytest.raises(RuntimeError), prompt_output():
            assert sys.getswitchinterval() == pytest.approx(0.0002, abs=2e-6)
            raise RuntimeError("the app failed")
        assert sys.getswitchinterval() == pytest.approx(0.0002, abs=2e-6)
    finally:
        sys.setswitchinterval(before)


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


async def test_config_and_voice_are_read_after_the_first_paint_and_still_used() -> None:
    """The menu paints without config.toml or the speech program; once painted, the
    config is read (its mistakes said in the menu, its settings used by the workout)
    and the voice is found from it."""
    from runtimer.core.config import Config, WorkoutConfig
    from tests.test_mat import FakeVoice

    clock = FakeClock()
    app = make_app(clock=clock)
    order: list[object] = []
    voice = FakeVoice()

    def read_config() -> tuple[Config, tuple[str, ...]]:
        order.append("config")
        return Config(workout=WorkoutConfig(warning=0)), ("config.toml:3:1: a mistake",)

    def make_voice(config: Config) -> FakeVoice:
        order.append(("voice", config.workout.warning))
        return voice

    app.after_first_paint = lambda: order.append("painted")
    app.read_config = read_config
    app.make_voice = make_voice
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert order == ["painted", "config", ("voice", 0)]
        assert [n.message for n in app._notifications] == ["config.toml:3:1: a mistake"]
        await pilot.press("enter")  # a workout: the config's warning, the voice speaks
        for _ in range(70):  # through the warm-up
            await advance(pilot, clock, 1)
        assert app.session is not None and app.session.warning == 0
        assert voice.heard
    assert order.count("config") == 1  # read once


#: Runs the real `main()` headless at 80x24 and prints the modules imported when the
#: menu has painted.
MODULES_AT_FIRST_PAINT = """
import sys
import runtimer.cli.app as cli_app
from textual.app import App
from runtimer.ui.app import RuntimerApp

cli_app.has_terminal = lambda: True
run = App.run
App.run = lambda self, **kwargs: run(self, headless=True, size=(80, 24))

def painted(self):
    print(" ".join(sorted(sys.modules)))
    self.exit()

RuntimerApp._start_up = painted
from runtimer.cli import main
main(["--mute"])
"""


def modules_at_first_paint() -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", MODULES_AT_FIRST_PAINT],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "runtimer.ui.screens.menu" in loaded  # the probe did run to the first paint
    return loaded


def test_the_menu_paints_without_the_workout_the_log_the_config_or_the_voice() -> None:
    """What `runtimer` imports before its first paint: only what the menu shows. The
    rest (a workout, the log's codec, history, programs, config.toml, the voice, the
    command palette, the dialogs) comes after, or when a key asks for it."""
    loaded = modules_at_first_paint()
    not_yet = [
        "runtimer.core.workout",
        "runtimer.core.session",
        "runtimer.core.records.codec",
        "runtimer.core.records.writer",
        "runtimer.core.history.store",
        "runtimer.core.program.engine",
        "runtimer.core.config",
        "runtimer.core.voice.speaker",
        "runtimer.core.audio.player",
        "runtimer.core.template",
        "runtimer.ui.screens.workout",
        "runtimer.ui.screens.dialogs",
        "runtimer.ui.commands",
        "tomli_w",
    ]
    assert [name for name in not_yet if name in loaded] == []


def test_a_second_start_reads_the_routines_from_the_cache_without_a_toml_parser() -> None:
    """The first start parses the bundled routines (and keeps them in the routine
    cache); the next ones read them from the cache, so neither the TOML parser nor
    the scanner that locates a broken file's mistakes is imported to paint."""
    first = modules_at_first_paint()
    assert "tomllib" in first  # the probe does parse when nothing is cached
    again = modules_at_first_paint()
    assert "runtimer.core.loader.documents" in again
    assert [name for name in ("tomllib", "runtimer.core.tomlscan") if name in again] == []
