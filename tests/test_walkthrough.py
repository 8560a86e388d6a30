"""What a runner walking the app in a terminal noticed, each checked as they would.

Every test drives the real app with Pilot on a fake clock (no sleeps) and asserts what
the screen shows or what happens after a key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button

from runtimer.cli import main
from runtimer.core.audio.events import SoundEvent
from runtimer.core.config import load_config
from runtimer.core.loader import load_routine
from runtimer.core.records.model import Status
from runtimer.core.session import Session
from runtimer.core.voice.phrases import phrase_for
from runtimer.ui.screens.dialogs import ConfirmDialog
from runtimer.ui.screens.help import HelpScreen
from runtimer.ui.screens.menu import MenuScreen
from runtimer.ui.screens.summary import SummaryScreen
from runtimer.ui.screens.workout import WorkoutScreen
from tests.apphelp import make_app, text
from tests.conftest import UserDirs
from tests.fakeclock import FakeClock
from tests.test_mat import footer_keys
from tests.test_palette import settle

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


def top(app: App[Any]) -> Screen[Any]:
    """The screen on top now (a call, so a type checker does not keep an earlier answer)."""
    return app.screen


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


# ------------------------------------------------------------------ quitting


async def test_ctrl_q_during_a_workout_asks_what_q_asks(ramp: Path) -> None:
    app = make_app(ramp)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space", "enter")  # one set done: a rest
        assert app.workout is not None
        writer = app.workout.writer
        await pilot.press("ctrl+q")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and dialog.question == "Stop this workout?"
        await pilot.press("n")  # keep going
        assert isinstance(top(app), WorkoutScreen)  # still going
        await pilot.press("question_mark", "ctrl+q")  # from the help too
        assert isinstance(top(app), ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running
    assert writer.log.status is Status.PARTIAL  # the set done is kept


async def test_quit_in_the_palette_asks_during_a_workout_and_developer_commands_are_gone(
    ramp: Path,
) -> None:
    app = make_app(ramp)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles == ["Theme", "Quit"]  # no Keys, Maximize, Screenshot
        await pilot.press("enter")
        await pilot.press("ctrl+p", *"quit")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and dialog.question == "Stop this workout?"
        await pilot.press("escape")
        assert isinstance(app.screen, WorkoutScreen) and app.is_running


# ------------------------------------------------------------------ the help


def screen_lines(app: App[Any]) -> list[str]:
    """The screen as the terminal shows it, one string a row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_question_mark_in_the_menu_shows_its_keys_and_the_footer_offers_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the footer fills in once the menu's bindings are known
        assert "Help" in footer_keys(app)
        await pilot.press("question_mark")
        assert isinstance(top(app), HelpScreen)
        shown = "\n".join(screen_lines(app))
        for words in ("start the chosen routine", "pgdn / pgup", "quit runtimer, asking first"):
            assert words in shown
        await pilot.press("question_mark")  # closes it again
        assert isinstance(top(app), MenuScreen)


async def test_the_help_wraps_its_text_in_columns_and_whole_paragraphs() -> None:
    """At 80×24: a long key explanation goes on under its own text, not under the keys,
    and the closing advice wraps as one paragraph (no "(or" / "not at all)" fragments)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "question_mark")
        lines = screen_lines(app)
        first = next(i for i, row in enumerate(lines) if "count a rep;" in row)
        column = lines[first].index("count a rep")
        follow_on = lines[first + 1]
        assert follow_on[:column].strip(" █┃") == ""  # blank under the keys...
        assert follow_on[column] != " "  # ...and the text goes on in its column
        app.screen.query_one(VerticalScroll).scroll_end(animate=False)
        await pilot.pause()
        lines = screen_lines(app)
        start = next(i for i, row in enumerate(lines) if "The common flow" in row)
        end = next(i for i, row in enumerate(lines) if "beep." in row)
        paragraph = [lines[i].strip(" █┃") for i in range(start, end + 1)]
        width = max(len(row) for row in paragraph)
        assert all(len(row) > width - 12 for row in paragraph[:-1]), paragraph


# ------------------------------------------------------------------ config problems

SIX_MISTAKES = """\
[workout]
warning = "ten"
colour = 3

[sound]
volume = 1.5
backend = "loud"
rest_over = "/nowhere/gong.wav"

[voice]
rate = 1000
"""


class FoundAMissingSound:
    """A sound player whose set-up found the config's WAV file missing (as the real one
    says it), and the bell only."""

    notices: list[str] = []

    def __init__(self) -> None:
        self.muted = False

    def play(self, event: SoundEvent) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        self.muted = muted


async def test_config_mistakes_are_one_readable_notice_that_says_where_to_read_them(
    user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    path = user_dirs.config / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(SIX_MISTAKES, encoding="utf-8")
    config, problems = load_config(path)
    assert len(problems) == 5  # the sixth, the missing WAV, the sound set-up finds
    FoundAMissingSound.notices = [
        f"{path}:8:1: rest_over: file not found: /nowhere/gong.wav. Using the built-in sound.",
        "No sound player works here (tried aplay), so cues ring the terminal bell.",
    ]
    app = make_app(config=config)
    app.startup_notices = tuple(str(problem) for problem in problems)
    app.make_sounds = FoundAMissingSound
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [notification.message for notification in app._notifications]
    assert said == [
        "config.toml has 6 problems; those settings keep their defaults. "
        "`runtimer check` lists them all.",
        "No sound player works here (tried aplay), so cues ring the terminal bell.",
    ]
    # ...and runtimer check does list all six, each where it is, and fails.
    code = main(["check"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    config_lines = [row for row in err if row.startswith(f"{path}:")]
    assert [row.split(":")[1] for row in config_lines] == ["2", "3", "6", "7", "11", "8"]
    assert "config.toml has 6 problems" in err


async def test_one_config_mistake_is_said_as_it_is(user_dirs: UserDirs) -> None:
    path = user_dirs.config / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("[sound]\nvolume = 1.5\n", encoding="utf-8")
    config, problems = load_config(path)
    app = make_app(config=config)
    app.startup_notices = tuple(str(problem) for problem in problems)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = [notification.message for notification in app._notifications]
    assert said == [f"{path}:2:1: sound: 'volume' must be from 0 to 1, got 1.5. Using full volume."]


# ------------------------------------------------------------------ skipping the last set


async def test_the_skip_key_twice_skips_the_last_set_and_the_dialog_says_its_keys(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "one.toml").write_text(
        'name = "One"\n[[exercise]]\nname = "Squat"\nsets = 1\nreps = 10\n', encoding="utf-8"
    )
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")  # skip the only set: asks first
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        labels = [str(button.label) for button in dialog.query(Button)]
        assert labels == ["Skip it (n / → / enter)", "Do it (escape)"]
        await pilot.press("escape")  # do it after all
        assert isinstance(top(app), WorkoutScreen)
        await pilot.press("right", "enter")  # → then enter: skipped
        assert isinstance(top(app), SummaryScreen)


# ------------------------------------------------------------------ wording


async def test_first_time_advice_speaks_of_pace_only_for_a_run(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "mix.toml").write_text(
        'name = "Mix"\n[[exercise]]\nname = "Press-up"\nsets = 1\nreps = 10\n'
        '[[exercise]]\nname = "Easy run"\nsets = 1\nrun = "3m"\n',
        encoding="utf-8",
    )
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert text(app, "#title") == "PRESS-UP"
        assert text(app, "#history-line") == "First time: get the form right and rate each set."
        await pilot.press("enter", "space")  # done; the rest skipped: the run
        assert text(app, "#title") == "EASY RUN"
        assert text(app, "#history-line") == "First time: find an easy pace and rate each set."


def test_program_help_says_a_stopped_program_stays_in_the_history(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["program", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "'stop' ends it (it stays in the history until its block's weeks are over)" in said
    assert "forgets" not in said
