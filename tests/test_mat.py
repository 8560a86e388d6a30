"""Coaching from the mat: what a runner two metres away, hands busy, needs to see.

Each test drives the real app with Pilot on a fake clock and checks what the screen
shows or what happens, as the runner would notice it.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Footer, OptionList

from runtimer.core.audio.events import SoundEvent
from runtimer.core.catalog import Origin
from runtimer.core.feeling import Feeling
from runtimer.core.paths import bundled_dir
from runtimer.core.records.model import Store
from runtimer.core.records.writer import SessionWriter
from runtimer.core.state import load_theme
from runtimer.ui.app import RuntimerApp
from runtimer.ui.screens.dialogs import ConfirmDialog
from runtimer.ui.screens.menu import MenuScreen
from runtimer.ui.screens.summary import SummaryScreen
from runtimer.ui.screens.workout import WorkoutScreen
from tests.apphelp import DATA, advance, make_app, text
from tests.fakeclock import FakeClock

LEGS = """\
name = "Legs"
rest_between_sets = "30s"
rest_between_exercises = "40s"

[[exercise]]
name = "Wall sit"
sets = 1
hold = "20s"
harder = "Hold a plate on your knees."
easier = "Sit a little higher."
notes = "Back flat against the wall."

[[exercise]]
name = "Goblet squat"
sets = 2
reps = 10
load = 8
load_step = 2
equipment = ["dumbbell", "mat"]
"""


@pytest.fixture
def legs(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "legs.toml").write_text(LEGS, encoding="utf-8")
    return folder


def footer_keys(app: RuntimerApp) -> list[str]:
    """The descriptions the footer offers right now."""
    footer = app.screen.query_one(Footer)
    return [key.description for key in footer.query("FooterKey")]  # type: ignore[attr-defined]


def shown(app: RuntimerApp) -> str:
    return app.export_screenshot().replace("&#160;", " ")


# ------------------------------------------------------------------ the routine's words


async def test_the_routines_own_words_are_on_the_workout_screen(legs: Path) -> None:
    app = make_app(legs)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        assert text(app, "#title") == "WALL SIT"
        assert text(app, "#harder") == "Harder: Hold a plate on your knees."
        assert text(app, "#easier") == "Easier: Sit a little higher."
        assert text(app, "#notes") == "Note: Back flat against the wall."


async def test_the_rest_before_an_exercise_shows_its_weight_and_equipment(legs: Path) -> None:
    clock = FakeClock()
    app = make_app(legs, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "enter")  # the hold: get ready...
        await advance(pilot, clock, 3)
        await advance(pilot, clock, 20)  # ...held: the rest before the squats
        assert text(app, "#title") == "REST · NEXT EXERCISE"
        assert text(app, "#subtitle") == (
            "Next: Goblet squat, set 1 of 2  ·  8 kg  ·  dumbbell, mat"
        )
        await pilot.press("greater_than_sign")  # the weight line changes in place
        assert text(app, "#subtitle") == (
            "Next: Goblet squat, set 1 of 2  ·  10 kg  ·  dumbbell, mat"
        )
        assert list(app._notifications) == []  # and no toast piles up


async def test_the_suggested_weight_is_taken_with_one_key(tmp_path: Path) -> None:
    """Two easy sessions of squats at 8 kg: today says try 10 kg, and `a` takes it."""
    routine_file = tmp_path / "routines" / "squats.toml"
    routine_file.parent.mkdir()
    routine_file.write_text(
        'name = "Squats"\n[[exercise]]\nname = "Goblet squat"\nsets = 1\nreps = 10\n'
        "load = 8\nload_step = 2\n",
        encoding="utf-8",
    )
    store = Store(tmp_path / "sessions", tmp_path / "index.json")
    from runtimer.core.loader import load_routine

    routine = load_routine(routine_file)
    for day in (17, 19):
        from datetime import datetime, timedelta

        moments = iter(
            datetime(2026, 11, day, 18, tzinfo=UTC) + timedelta(minutes=n) for n in range(5)
        )
        writer = SessionWriter.start(store.sessions, routine, now=moments.__next__)
        writer.record_set(0, 1, load=8.0, feeling=Feeling.EASY)
        writer.finish()
    from datetime import date

    app = make_app(routine_file.parent, store=store, today=lambda: date(2026, 11, 21))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert "try 10 kg" in text(app, "#history-line")
        assert text(app, "#history-line").endswith("a: take 10 kg")
        assert "Take weight" in footer_keys(app)
        await pilot.press("a")
        assert text(app, "#subtitle") == "set 1 of 1  ·  10 kg"
        assert "Take weight" not in footer_keys(app)


async def test_last_time_is_this_routines_unless_only_another_did_it(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    for name, title in (("legs", "Legs"), ("full", "Full body")):
        (folder / f"{name}.toml").write_text(
            f'name = "{title}"\n[[exercise]]\nname = "Goblet squat"\nsets = 1\nreps = 10\n'
            "load = 8\n",
            encoding="utf-8",
        )
    store = Store(tmp_path / "sessions", tmp_path / "index.json")
    from runtimer.core.loader import load_routine

    full = load_routine(folder / "full.toml")
    writer = SessionWriter.start(store.sessions, full)
    writer.record_set(0, 1, load=12.0)
    writer.finish()
    app = make_app(folder, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        # Legs never did the squat: last time comes from Full body, and says so.
        await pilot.press("down", "enter")
        assert app.session is not None and app.session.routine.name == "Legs"
        assert text(app, "#history-line").startswith("last time (in Full body): 1×10 @ 12 kg")


# ------------------------------------------------------------------ ratings


async def test_a_rating_in_the_next_set_says_which_set_it_rated(legs: Path) -> None:
    clock = FakeClock()
    app = make_app(legs, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "enter")
        await advance(pilot, clock, 3)
        await advance(pilot, clock, 20)  # the wall sit is done: rest
        await advance(pilot, clock, 40)  # rest over: squats set 1
        assert text(app, "#title") == "GOBLET SQUAT"
        await pilot.press("3")  # meant for this set, lands on the wall sit
        assert text(app, "#feeling") == "Rated the set before: Wall sit set 1: hard"
        await pilot.press("enter")  # squats set 1 done: the note goes
        assert "Rated the set before" not in text(app, "#feeling")


async def test_the_last_set_is_rated_on_the_summary(legs: Path) -> None:
    clock = FakeClock()
    app = make_app(legs, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "enter")
        await advance(pilot, clock, 3)
        await advance(pilot, clock, 20)
        await pilot.press("space", "enter")  # squats 1
        await pilot.press("space", "enter")  # squats 2: the end
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("2")
        summary = text(app, "#summary-text")
        assert "Rated: Goblet squat set 2: ok" in summary
        assert "@ 8 kg · felt ok" in summary  # weights and ratings per exercise
        workout = app.screen.workout
        assert workout.writer.log.sets[-1].feeling is Feeling.OK  # and in the log


# ------------------------------------------------------------------ rough edges


async def test_back_onto_a_hold_offers_the_holds_keys(legs: Path) -> None:
    clock = FakeClock()
    app = make_app(legs, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("enter", "enter")
        await advance(pilot, clock, 3)
        await advance(pilot, clock, 20)
        await pilot.press("space")  # rest skipped: squats
        assert "+1 rep" in footer_keys(app)
        await pilot.press("b")  # back onto the wall sit
        assert text(app, "#title") == "WALL SIT"
        keys = footer_keys(app)
        assert "Start hold" in keys and "+1 rep" not in keys


async def test_the_warm_up_is_labelled_and_pause_offers_resume() -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("enter")
        assert text(app, "#position") == "warm-up"
        assert "Pause" in footer_keys(app)
        await pilot.press("p")
        keys = footer_keys(app)
        assert "Resume" in keys and "Pause" not in keys
        await pilot.press("p")
        assert "Pause" in footer_keys(app)


async def test_muted_is_shown_in_the_top_bar() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space")
        assert text(app, "#position") == "exercise 1 of 2"
        await pilot.press("m")
        assert text(app, "#position") == "exercise 1 of 2  ·  muted"
        await pilot.press("m")
        assert text(app, "#position") == "exercise 1 of 2"


async def test_a_narrow_top_bar_keeps_name_and_position_apart() -> None:
    app = make_app()
    async with app.run_test(size=(30, 8)) as pilot:
        await pilot.press("enter", "space")
        top = shown(app)
        assert "exercise 1 of 2" in top
        name = app.screen.query_one("#routine-name")
        position = app.screen.query_one("#position")
        assert name.region.right < position.region.x  # a gap, never run together


async def test_escape_in_the_menu_asks_before_quitting() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, MenuScreen)
        assert app.is_running


async def test_the_preview_scrolls_by_keyboard() -> None:
    app = make_app(bundled_dir("routines"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down")  # Full body: ten exercises, more than fit
        preview = app.screen.query_one("#preview")
        assert preview.scroll_y == 0 and preview.max_scroll_y > 0
        await pilot.press("pagedown")
        assert preview.scroll_y > 0
        await pilot.press("pageup")
        assert preview.scroll_y == 0


async def test_the_log_read_after_the_first_paint_leaves_a_scrolled_preview_alone() -> None:
    """Without a program, the start-up's read of the log (which sets the menu's "today"
    to None again) must not send a preview the user has just scrolled back to its top
    (it did, now and then, in a real terminal)."""
    app = make_app(bundled_dir("routines"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "pagedown")
        preview = app.screen.query_one("#preview")
        scrolled = preview.scroll_y
        assert scrolled > 0
        app.show_program_today()  # what the start-up does once the log is read
        await pilot.pause()
        assert preview.scroll_y == scrolled
        assert app.screen.query_one("#routine-list", OptionList).highlighted == 2


async def test_skipping_the_last_set_asks_first(legs: Path) -> None:
    clock = FakeClock()
    app = make_app(legs, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "enter")
        await advance(pilot, clock, 3)
        await advance(pilot, clock, 20)
        await pilot.press("space", "enter", "space")  # squats 1 done, rest skipped
        await pilot.press("n")  # skip squats 2, the very last set
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: do it
        assert isinstance(app.screen, WorkoutScreen)
        await pilot.press("n", "n")  # skip it after all: the same key again
        assert isinstance(app.screen, SummaryScreen)


async def test_editing_a_bundled_routine_edits_a_copy_that_replaces_it(
    user_dirs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    from runtimer.core.catalog import discover

    app = RuntimerApp(lambda: discover(), clock=FakeClock(), background=False)
    bundled = {p.name: p.read_bytes() for p in bundled_dir("routines").glob("*.toml")}
    async with app.run_test(size=(100, 30)) as pilot:
        entry = app.screen.selected  # type: ignore[attr-defined]
        assert entry.origin is Origin.BUNDLED
        await pilot.press("e")
        await pilot.pause()
        copy = user_dirs.routines / entry.path.name
        assert copy.read_bytes() == bundled[entry.path.name]
        again = app.catalog.find(entry.path.stem)
        assert again is not None and again.origin is Origin.USER
        assert again.replaces == entry.path
    assert {p.name: p.read_bytes() for p in bundled_dir("routines").glob("*.toml")} == bundled


async def test_the_theme_is_remembered(user_dirs: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert load_theme() == "nord"
    again = make_app()
    async with again.run_test(size=(80, 24)):
        assert again.theme == "nord"


async def test_the_palette_starts_a_routine_by_name_and_opens_history() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [command.title for command in app.palette_commands()]
        assert {"Start Mini", "History", "New routine", "Mute", "Voice on"} <= set(titles)
        await pilot.press("ctrl+p")
        await pilot.press(*"start mini")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        # No starts mid-workout; the sound and the voice can still be switched.
        assert [c.title for c in app.palette_commands()] == ["Mute", "Voice on"]


class Noisy:
    """A sound player that has something to say at start-up."""

    notices = ["No sound player works here (tried aplay), so cues ring the terminal bell."]

    def __init__(self) -> None:
        self.muted = False

    def play(self, event: SoundEvent) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        self.muted = muted


@pytest.mark.parametrize("mute", [False, True], ids=["sound", "--mute"])
async def test_the_sound_notice_is_said_once_in_the_menu_never_with_mute(mute: bool) -> None:
    app = make_app(DATA, mute=mute)
    app.make_sounds = Noisy
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        notes = [n.message for n in app._notifications if "sound player" in n.message]
        assert notes == ([] if mute else Noisy.notices)


async def test_a_notice_a_backend_repeats_during_a_workout_is_not_said_again() -> None:
    """The player that fails on every cue sends the same notice each time: the menu
    says it once a run, not again each time the runner comes back to it."""
    app = make_app(DATA)
    app.make_sounds = Noisy
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        app.clear_notifications()
        for _ in range(3):  # mid-workout, the backend fails again and again
            app.sound_notice(Noisy.notices[0])
        app.sound_notice("The voice stopped working: espeak-ng exited with 1.")
        await pilot.pause()
        again = [n.message for n in app._notifications]
        assert said.count(Noisy.notices[0]) == 1
        assert again == ["The voice stopped working: espeak-ng exited with 1."]


async def test_a_bundled_routine_with_a_hold_needs_only_enter_after_rep_sets() -> None:
    """core.toml (warm-up, a plank, rep exercises): the warm-up, every rest and the
    plank run by themselves; the runner presses enter when a rep set is done."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        entry = next(e for e in app.catalog.entries if e.path.name == "core.toml")
        app.start_workout(entry)
        await pilot.pause()
        session = app.session
        assert session is not None
        keys: list[str] = []
        for _ in range(5000):
            if isinstance(app.screen, SummaryScreen):
                break
            step = session.step
            assert step is not None
            if step.is_work and step.target_reps is not None:
                await pilot.press("enter")
                keys.append("enter")
            else:  # a countdown: straight to its end, as if waiting it out
                await advance(pilot, clock, (session.remaining() or 0) + 0.01)
        assert isinstance(app.screen, SummaryScreen)
        summary = session.summary()
        assert summary.sets_done == summary.total_sets  # the plank too, untouched
        rep_sets = sum(1 for s in session.plan if s.is_work and s.target_reps is not None)
        assert keys == ["enter"] * rep_sets


async def test_the_early_warning_sounds_and_shows_and_the_last_seconds_pulse(legs: Path) -> None:
    clock = FakeClock()
    app = make_app(legs, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")  # the wall sit: get ready...
        await advance(pilot, clock, 3)
        await advance(pilot, clock, 20)  # ...held; now a 40 s rest before the squats
        stage = app.screen.query_one("#stage")
        await advance(pilot, clock, 29)  # 11 s left
        assert not stage.has_class("-warned")
        counter = app.screen.query_one("#counter")
        resting = counter.rich_style.color
        before = len(app.sound_log)
        await advance(pilot, clock, 1)  # 10 s left: the warning
        assert app.sound_log[before:] == ["warning"]
        assert stage.has_class("-warned")
        assert text(app, "#caption").startswith("GET INTO POSITION")
        # The digits turn the warning's colour with the border, not only the frame.
        warning = app.get_css_variables()["text-warning"]
        assert counter.rich_style.color != resting
        assert counter.styles.color.hex.lower() == warning.lower()
        pulses = []
        for _ in range(4):  # 4, 3, 2, 1 s left
            await advance(pilot, clock, 6 if not pulses else 1)
            pulses.append(stage.has_class("-pulse"))
        assert pulses == [False, True, False, True]
        await advance(pilot, clock, 1)  # the squats: no longer warned
        assert not stage.has_class("-warned") and not stage.has_class("-pulse")


async def test_the_warning_follows_the_config(legs: Path) -> None:
    from runtimer.core.config import Config, WorkoutConfig

    clock = FakeClock()
    app = make_app(legs, clock=clock, config=Config(workout=WorkoutConfig(warning=0)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await advance(pilot, clock, 23)
        before = len(app.sound_log)
        for _ in range(40):
            await advance(pilot, clock, 1)
        assert app.sound_log[before:] == ["pip", "pip", "pip", "rest_over"]


class FakeVoice:
    """Records what the app hands the speaker, as a runner would hear it."""

    def __init__(self) -> None:
        self.heard: list[str] = []
        self.muted = False

    def say(self, text: str) -> None:
        if not self.muted:
            self.heard.append(text)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted


async def test_the_voice_says_what_comes_next_and_counts_down(legs: Path) -> None:
    from runtimer.core.state import load_voice

    clock = FakeClock()
    voice = FakeVoice()
    app = make_app(legs, clock=clock, voice=voice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the wall sit, waiting for a key
        await pilot.press("enter")  # get ready...
        await advance(pilot, clock, 3)
        assert voice.heard[-1] == "Hold 20 seconds."
        await advance(pilot, clock, 20)
        assert voice.heard[-1] == "Rest. Next: Goblet squat, 10 reps, 8 kilos."
        for _ in range(40):
            await advance(pilot, clock, 1)
        assert voice.heard[-5:] == ["10 seconds.", "3.", "2.", "1.", "Go."]

        await pilot.press("m")  # muted: sounds and voice
        await pilot.press("enter")  # squats set 1 done: a rest begins
        assert voice.heard[-1] == "Go."
        await pilot.press("m")
        await pilot.press("v")  # the voice alone off, and remembered
        assert load_voice() is False
        heard = len(voice.heard)
        await pilot.press("b")  # back to set 1, then done again: the voice says nothing
        await pilot.press("enter")
        assert len(voice.heard) == heard
        await pilot.press("v")
        assert load_voice() is True
        await pilot.press("b", "enter")
        assert voice.heard[heard:] == ["Rest. Next: Goblet squat, 10 reps, 8 kilos."]


async def test_v_without_a_speech_program_says_why(legs: Path) -> None:
    app = make_app(legs)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "v")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any(n.startswith("No voice: no speech program was found") for n in notes)
