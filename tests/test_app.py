"""The app driven like a user would, with Pilot and a fake clock: no sleeps."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from runtimer.core.session import Phase
from runtimer.ui.screens.dialogs import ConfirmDialog
from runtimer.ui.screens.menu import MenuScreen
from runtimer.ui.screens.summary import SummaryScreen
from runtimer.ui.screens.workout import WorkoutScreen
from tests.apphelp import DATA, advance, make_app, text
from tests.fakeclock import FakeClock


async def test_walk_a_routine_from_the_menu_to_the_summary() -> None:
    clock = FakeClock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        session = screen.session
        assert text(app, "#title") == "WARM-UP"
        assert "March on the spot" in text(app, "#cues")

        # The warm-up counts down and ends by itself, with the rest-over sound.
        await advance(pilot, clock, 30)
        assert text(app, "#title") == "WARM-UP"
        await advance(pilot, clock, 30)
        assert session.phase is Phase.WORK
        assert text(app, "#title") == "SPLIT SQUAT"
        assert text(app, "#subtitle") == "set 1 of 2  ·  LEFT side"
        assert text(app, "#position") == "exercise 1 of 2"
        assert app.sound_log[-1] == "rest_over"

        # Count reps with space; the counter shows them against the target.
        await pilot.press("space", "space", "space", "backspace", "space")
        assert session.reps == 3
        await pilot.press("enter")
        assert text(app, "#title") == "SWITCH SIDES"
        assert text(app, "#subtitle") == "Next: Split squat, set 1 of 2, right"

        # Space during a rest means "go now"; enter with no reps counted is a full set.
        await pilot.press("space")
        assert text(app, "#subtitle") == "set 1 of 2  ·  RIGHT side"
        await pilot.press("enter")
        assert text(app, "#title") == "REST"
        assert session.last_result is not None and session.last_result.reps == 3

        # Rate the set, then let the rest run out: pips at 3, 2, 1 and the rest-over sound.
        await pilot.press("3")
        assert session.last_result.feeling is not None
        assert session.last_result.feeling.value == "hard"
        before = len(app.sound_log)
        for _ in range(20):
            await advance(pilot, clock, 1)
        assert app.sound_log[before:] == ["warning", "pip", "pip", "pip", "rest_over"]
        assert text(app, "#subtitle") == "set 2 of 2  ·  LEFT side"

        # Skip the set, then go back to it: it is forgotten and done again.
        await pilot.press("n")
        assert text(app, "#title") == "SWITCH SIDES"
        await pilot.press("b")
        assert text(app, "#subtitle") == "set 2 of 2  ·  LEFT side"
        assert session.summary().skipped == []

        # Left side done, skip the switch pause, skip the right side.
        await pilot.press("enter", "right", "right")
        assert text(app, "#title") == "REST · NEXT EXERCISE"
        assert "Next: Plank" in text(app, "#subtitle")

        # Pause holds the rest countdown still however long the pause lasts.
        left = session.remaining()
        await pilot.press("p")
        assert "PAUSED" in text(app, "#caption")
        await advance(pilot, clock, 500)
        assert session.remaining() == left
        await pilot.press("p")
        assert "PAUSED" not in text(app, "#caption")
        await pilot.press("plus")
        assert session.remaining() == left + 15
        await pilot.press("minus", "minus")
        assert session.remaining() == left - 15

        # The hold: space starts a get-ready, then the hold counts down by itself.
        await advance(pilot, clock, 15)
        assert text(app, "#title") == "PLANK"
        assert "space or enter to start the 20 s hold" in text(app, "#caption")
        await pilot.press("space")
        assert session.phase is Phase.GET_READY
        await advance(pilot, clock, 3)
        assert session.phase is Phase.HOLD
        await advance(pilot, clock, 20)

        assert isinstance(app.screen, SummaryScreen)
        summary = text(app, "SummaryScreen Static")
        assert "Workout complete" in summary
        assert "Sets 2 of 3" in summary
        assert "Skipped: Split squat set 2" in summary
        assert app.sound_log[-1] == "finished"

        await pilot.press("enter")
        assert isinstance(app.screen, MenuScreen)


async def test_quitting_a_workout_asks_first() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space")  # start, leave the warm-up
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, WorkoutScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen)
        assert "Workout stopped" in text(app, "SummaryScreen Static")


async def test_quitting_the_menu_needs_no_confirmation() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        assert app.return_code == 0 or not app.is_running


async def test_cues_with_brackets_show_literally() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space")
        cues = text(app, "#cues")
        assert "• [slow] lower" in cues
        assert "• Knee over [/ankle" in cues
        assert "• [bold]tall[/bold] chest [" in cues
        # And on the screen itself, not just in the widget's content:
        screen_text = app.export_screenshot().replace("&#160;", " ")
        assert "[slow] lower" in screen_text
        assert "Knee over [/ankle" in screen_text
        assert "[bold]tall[/bold] chest [" in screen_text


async def test_a_broken_routine_shows_its_errors_in_the_menu(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text((DATA / "mini.toml").read_text())
    (tmp_path / "bad.toml").write_text(
        'name = "Bad"\n\n[[exercise]]\nname = "Row"\nsets = 2\nrep = 12\n'
    )
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        names = [entry.title for entry in app.catalog.entries]
        assert names == ["bad.toml", "Mini"]
        preview = text(app, "#preview-text")
        assert "This file has problems" in preview
        problem = "exercise 1 (\"Row\"): 'rep' is not a key of an exercise; did you mean 'reps'?"
        assert f"line 6, column 1: {problem}" in preview
        await pilot.press("enter")
        assert isinstance(app.screen, MenuScreen)  # a broken routine does not start


def _fake_editor(tmp_path: Path, new_text: str) -> Path:
    """A script standing in for $EDITOR: it rewrites the file it is given."""
    payload = tmp_path / "payload.toml"
    payload.write_text(new_text)
    script = tmp_path / "editor.py"
    script.write_text(
        f"#!{sys.executable}\nimport shutil, sys\nshutil.copy({str(payload)!r}, sys.argv[1])\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


async def test_e_opens_the_editor_and_reloads_the_routine(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    routine = tmp_path / "mine.toml"
    routine.write_text((DATA / "mini.toml").read_text())
    edited = (DATA / "mini.toml").read_text().replace('name = "Mini"', 'name = "Mini, edited"')
    monkeypatch.setenv("VISUAL", str(_fake_editor(tmp_path / "..", edited)))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.catalog.entries[0].title == "Mini"
        await pilot.press("e")
        await pilot.pause()
        assert app.catalog.entries[0].title == "Mini, edited"
        assert "Mini, edited" in text(app, "#preview-text")


async def test_changes_made_in_another_window_are_picked_up(tmp_path: Path) -> None:
    routine = tmp_path / "mine.toml"
    routine.write_text((DATA / "mini.toml").read_text())
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        menu = app.screen
        assert isinstance(menu, MenuScreen)
        routine.write_text(routine.read_text().replace('name = "Mini"', 'name = "Renamed"'))
        os.utime(routine, ns=(1, 1))  # a different mtime even on coarse filesystems
        menu.check_for_changes()  # what the watch timer calls every two seconds
        await pilot.pause()
        assert app.catalog.entries[0].title == "Renamed"
        (tmp_path / "another.toml").write_text("this is not toml")
        menu.check_for_changes()
        await pilot.pause()
        assert [e.path.name for e in app.catalog.entries] == ["another.toml", "mine.toml"]


async def test_n_creates_a_new_routine_from_the_template(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    user = tmp_path / "runtimer" / "routines"
    monkeypatch.setenv("VISUAL", "true")
    app = make_app(user)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Leg day")
        await pilot.press("enter")
        await pilot.pause()
        created = user / "leg-day.toml"
        assert created.is_file()
        assert [entry.title for entry in app.catalog.entries] == ["Leg day"]


async def test_tiny_terminals_do_not_crash_and_resizing_mid_rest_keeps_counting() -> None:
    clock = FakeClock()
    app = make_app(clock=clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("enter", "space", "enter")
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        assert screen.session.phase is Phase.REST
        await advance(pilot, clock, 2)
        await pilot.resize_terminal(120, 40)
        await advance(pilot, clock, 1)
        await pilot.resize_terminal(60, 20)
        await advance(pilot, clock, 1)
        assert screen.session.shown_seconds() == 1  # 5 s switch pause, 4 s gone
        await advance(pilot, clock, 1)
        assert screen.session.phase is Phase.WORK
        assert text(app, "#subtitle") == "set 1 of 2  ·  RIGHT side"


async def test_mute_key_toggles_sound() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "m")
        assert app.sounds.muted
        await pilot.press("m")
        assert not app.sounds.muted


async def test_a_key_pressed_as_the_rest_ends_is_not_applied_to_the_next_set() -> None:
    """The rest ran out a moment before the timer woke: `enter` (go now) must not
    finish the set that just appeared."""
    clock = FakeClock()
    app = make_app(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space", "enter")  # set 1 left done: switch pause
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        clock.advance(5.01)  # the 5 s switch pause is over; no wake-up yet
        await pilot.press("enter")
        assert screen.session.phase is Phase.WORK
        assert text(app, "#subtitle") == "set 1 of 2  ·  RIGHT side"
        assert len(screen.session.results) == 1  # only the left side is recorded


async def test_weight_keys_step_by_the_exercises_increment() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space")
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert screen.session.load() == 4.0  # no load in the file: kg, in 2 kg steps
        assert "4 kg" in text(app, "#subtitle")
        await pilot.press("less_than_sign")
        assert screen.session.load() == 2.0


async def test_the_theme_can_be_switched_from_the_command_palette() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert any("theme" in title.lower() for title in titles)
        app.theme = "textual-light"
        await pilot.pause()
        assert app.current_theme.name == "textual-light"


async def test_question_mark_shows_every_key() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space", "question_mark")
        shown = app.export_screenshot().replace("&#160;", " ")
        for what in ("count a rep", "pause or resume", "add or remove 15 seconds", "mute"):
            assert what in shown
        await pilot.press("escape")
        assert isinstance(app.screen, WorkoutScreen)


async def test_notifications_show_user_text_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A toast that names a file must not read its brackets as markup. (The weight keys
    no longer toast: the weight changes in place on screen.)"""
    (tmp_path / "[bold]odd.toml").write_text('name = "Odd"\n[[exercise]]\nname = "Row"\n')
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        notes = [(n.message, n.markup) for n in app._notifications]
        assert ("[bold]odd.toml still has 2 problem(s); see the preview.", False) in notes
