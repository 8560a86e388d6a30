"""What a runner walking the app in a terminal noticed, each checked as they would.

Every test drives the real app with Pilot on a fake clock (no sleeps) and asserts what
the screen shows or what happens after a key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from runtimer.core.loader import load_routine
from runtimer.core.session import Session
from runtimer.core.voice.phrases import phrase_for
from runtimer.ui.screens.workout import WorkoutScreen
from tests.apphelp import make_app, text
from tests.fakeclock import FakeClock

RAMP = """\
name = "Ramp"
rest_between_sets = "1m"
rest_between_exercises = "2m"
switch_sides = "5s"

[[exercise]]
name = "Goblet squat"
sets = 3
reps = 10
load = [6, 8, 10]
load_step = 2

[[exercise]]
name = "Dumbbell row"
sets = 2
reps = 10
per_side = true
load = [4, 6]
load_step = 2
"""


@pytest.fixture
def ramp(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "ramp.toml").write_text(RAMP, encoding="utf-8")
    return folder


# ------------------------------------------------------------------ per-set loads


async def test_the_rest_names_the_next_sets_own_weight(ramp: Path) -> None:
    """`load = [6, 8, 10]`: the rest before set 2 says 8 kg, not the exercise's 10."""
    clock = FakeClock()
    app = make_app(ramp, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert text(app, "#subtitle") == "set 1 of 3  ·  6 kg"
        await pilot.press("enter")  # set 1 done: the rest before set 2
        assert text(app, "#subtitle") == "Next: Goblet squat, set 2 of 3  ·  8 kg"
        await pilot.press("greater_than_sign")  # the keys move every set's weight
        assert text(app, "#subtitle") == "Next: Goblet squat, set 2 of 3  ·  10 kg"
        await pilot.press("less_than_sign", "space", "enter", "space", "enter")
        assert text(app, "#subtitle") == "Next: Dumbbell row, set 1 of 2, left  ·  4 kg"
        await pilot.press("space", "enter")  # left side done: switch sides
        assert text(app, "#title") == "SWITCH SIDES"
        assert text(app, "#subtitle") == "Next: Dumbbell row, set 1 of 2, right  ·  4 kg"
        await pilot.press("space", "enter")  # the rest before set 2 of the row
        assert text(app, "#subtitle") == "Next: Dumbbell row, set 2 of 2, left  ·  6 kg"
        assert isinstance(app.screen, WorkoutScreen)


def test_the_voice_says_the_next_sets_own_weight(ramp: Path) -> None:
    session = Session(load_routine(ramp / "ramp.toml"), FakeClock())
    session.finish_set()
    assert phrase_for([], session, entered=True) == ("Rest. Next: Goblet squat, 10 reps, 8 kilos.")
