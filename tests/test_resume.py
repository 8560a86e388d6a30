"""An unfinished workout found at start: resume it, keep it, discard it or leave it.

The app runs under Pilot with a fake clock and a temporary log folder; the logs are
read back from disk to check what a user would find there later.
"""

from __future__ import annotations

import errno
import os
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button

from runtimer.core.feeling import Feeling
from runtimer.core.plan import Side
from runtimer.core.records.files import read_log
from runtimer.core.records.model import Status, Store
from runtimer.core.records.writer import SessionWriter
from runtimer.core.routine import Exercise, Routine, Sides
from runtimer.ui.app import RuntimerApp
from runtimer.ui.screens.dialogs import ChoiceDialog
from runtimer.ui.screens.menu import MenuScreen
from runtimer.ui.screens.workout import WorkoutScreen
from tests.apphelp import DATA, folder_catalog, make_app, text
from tests.fakeclock import FakeClock

TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 21)
QUESTION = "You have an unfinished workout"


class Wall:
    """A wall clock for writing logs, moved by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def routines(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    shutil.copy(DATA / "mini.toml", folder / "mini.toml")
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "sessions", tmp_path / "index.json")


def mini(routines: Path) -> Routine:
    routine = folder_catalog(routines).entries[0].routine
    assert routine is not None
    return routine


def unfinished(store: Store, routine: Routine, load: float | None = None) -> Path:
    """A Mini workout that died after set 1 (both sides), today at 18:30."""
    wall = Wall(datetime(2026, 11, 21, 18, 30, tzinfo=TZ))
    writer = SessionWriter.start(store.sessions, routine, now=wall)
    wall.advance(90)
    writer.record_set(0, 1, side=Side.LEFT, reps=3, load=load, duration=30)
    wall.advance(35)
    writer.record_set(0, 1, side=Side.RIGHT, reps=2, load=load, rest_before=5, duration=30)
    assert writer.path is not None
    return writer.path


def finished(store: Store, routine: Routine, day: int, feeling: Feeling, loads: Any = None) -> Path:
    """A whole Mini workout on `day` November 2026, every set rated `feeling`."""
    loads = loads or {}
    wall = Wall(datetime(2026, 11, day, 7, 0, tzinfo=TZ))
    writer = SessionWriter.start(store.sessions, routine, now=wall)
    for number in (1, 2):
        for side in (Side.LEFT, Side.RIGHT):
            wall.advance(40)
            writer.record_set(0, number, side=side, load=loads.get(0), feeling=feeling)
    wall.advance(60)
    writer.record_set(1, 1, load=loads.get(1), feeling=feeling)
    writer.finish()
    assert writer.path is not None
    return writer.path


def app_for(routines: Path, store: Store, **kwargs: Any) -> RuntimerApp:
    return make_app(routines, store=store, today=lambda: TODAY, **kwargs)


def buttons(app: RuntimerApp) -> list[str]:
    return [str(button.label) for button in app.screen.query(Button)]


def logs(store: Store) -> list[Path]:
    return sorted(store.sessions.glob("*.toml"))


# ------------------------------------------------------------------ the dialog


async def test_resume_continues_at_the_next_set_in_the_same_file(
    routines: Path, store: Store
) -> None:
    path = unfinished(store, mini(routines))
    app = app_for(routines, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert text(app, ".dialog-title") == QUESTION
        assert text(app, ".dialog-detail") == (
            "Mini, started Sat 21 Nov 2026 18:30: 1 of 3 sets done."
        )
        assert buttons(app) == ["Resume (r)", "Keep as partial (k)", "Discard (d)"]

        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        assert text(app, "#title") == "SPLIT SQUAT"
        assert text(app, "#subtitle") == "set 2 of 2  ·  LEFT side"
        assert text(app, "#progress-text").startswith("1/3 sets")
        assert screen.session.sets_done() == 1

        await pilot.press("space", "enter")  # one rep, then the set is done
        assert text(app, "#title") == "SWITCH SIDES"
        assert logs(store) == [path]  # no second log: the same workout goes on
        log = read_log(path)
        assert log.status is Status.IN_PROGRESS
        assert [(s.set_number, s.side, s.reps) for s in log.sets] == [
            (1, Side.LEFT, 3),
            (1, Side.RIGHT, 2),
            (2, Side.LEFT, 1),
        ]
        assert text(app, "#notice") == ""


@pytest.mark.parametrize(
    ("key", "status"), [("k", Status.PARTIAL), ("d", Status.DISCARDED)], ids=["keep", "discard"]
)
async def test_keep_or_discard_settles_the_log_for_good(
    routines: Path, store: Store, key: str, status: Status
) -> None:
    path = unfinished(store, mini(routines))
    app = app_for(routines, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        assert isinstance(app.screen, MenuScreen)
    log = read_log(path)  # sets done are never deleted, even when discarded
    assert (log.status, len(log.sets)) == (status, 2)
    assert log.ended == log.sets[-1].ended

    again = app_for(routines, store)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, MenuScreen)  # not offered a second time


async def test_escape_leaves_it_for_next_time(routines: Path, store: Store) -> None:
    path = unfinished(store, mini(routines))
    before = path.read_bytes()
    app = app_for(routines, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(app.screen, MenuScreen)
    assert path.read_bytes() == before

    again = app_for(routines, store)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ChoiceDialog)


async def test_a_workout_whose_routine_is_gone_can_only_be_kept_or_discarded(
    tmp_path: Path, routines: Path, store: Store
) -> None:
    gone = Routine(
        name="Gone legs",
        exercises=(Exercise("Step-up", sets=2, reps=8, sides=Sides.EACH),),
        source=tmp_path / "gone-legs.toml",  # deleted since
    )
    writer = SessionWriter.start(store.sessions, gone)
    writer.record_set(0, 1, side=Side.LEFT)
    path = writer.path
    assert path is not None
    app = app_for(routines, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert buttons(app) == ["Keep as partial (k)", "Discard (d)"]
        assert text(app, ".dialog-detail").endswith(
            "Its routine file is missing or broken, so it cannot be resumed."
        )
        await pilot.press("r")
        assert isinstance(app.screen, ChoiceDialog)  # r does nothing here
        await pilot.press("k")
        assert isinstance(app.screen, MenuScreen)
    assert read_log(path).status is Status.PARTIAL


async def test_a_workout_started_from_a_file_outside_the_catalog_can_be_resumed(
    tmp_path: Path, store: Store
) -> None:
    """`runtimer start ./legs.toml`, killed; then plain `runtimer` (which does not list
    that file) still finds the routine by the path in the log."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(DATA / "mini.toml", elsewhere / "my-legs.toml")
    path = unfinished(store, mini(elsewhere))
    empty = tmp_path / "empty"
    empty.mkdir()
    app = app_for(empty, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert buttons(app)[0] == "Resume (r)"
        await pilot.press("r")
        assert text(app, "#subtitle") == "set 2 of 2  ·  LEFT side"
        await pilot.press("enter")
    assert len(read_log(path).sets) == 3


async def test_an_edited_routine_is_mentioned_before_resuming(routines: Path, store: Store) -> None:
    unfinished(store, mini(routines))
    source = routines / "mini.toml"
    source.write_text(source.read_text().replace("reps = 3", "reps = 4"))
    app = app_for(routines, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Its routine file has changed since" in text(app, ".dialog-detail")
        await pilot.press("r")
        assert text(app, "#subtitle") == "set 2 of 2  ·  LEFT side"


async def test_a_workout_killed_after_its_last_set_is_finished_not_reopened(
    routines: Path, store: Store
) -> None:
    """Every set saved but not yet marked finished: there is nothing left to do, so
    resuming marks it finished instead of opening an empty workout screen."""
    routine = mini(routines)
    writer = SessionWriter.start(store.sessions, routine)
    for number in (1, 2):
        for side in (Side.LEFT, Side.RIGHT):
            writer.record_set(0, number, side=side)
    writer.record_set(1, 1)
    path = writer.path
    assert path is not None
    app = app_for(routines, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert app.workout is None
    assert read_log(path).status is Status.FINISHED


# ------------------------------------------------------------------ runtimer start ROUTINE


@pytest.mark.parametrize(
    ("key", "status"),
    [("k", Status.PARTIAL), ("d", Status.DISCARDED), ("escape", Status.IN_PROGRESS)],
    ids=["keep", "discard", "leave"],
)
async def test_start_asks_about_the_pending_workout_first_then_starts(
    routines: Path, store: Store, key: str, status: Status
) -> None:
    old = unfinished(store, mini(routines))
    entry = folder_catalog(routines).entries[0]
    app = app_for(routines, store, start=entry)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # not straight into the workout
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert text(app, "#title") == "WARM-UP"  # a fresh start of the routine asked for
        new = [p for p in logs(store) if p != old]
        assert len(new) == 1 and read_log(new[0]).sets == ()
    assert read_log(old).status is status


async def test_start_still_starts_when_the_pending_log_broke_meanwhile(
    routines: Path, store: Store
) -> None:
    old = unfinished(store, mini(routines))
    entry = folder_catalog(routines).entries[0]
    app = app_for(routines, store, start=entry)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        old.write_bytes(old.read_bytes()[:200])  # cut short by someone, dialog open
        broken = old.read_bytes()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert any(old.name in n.message for n in app._notifications)
    assert old.read_bytes() == broken  # left exactly as it was


async def test_resume_wins_over_the_routine_asked_for(routines: Path, store: Store) -> None:
    path = unfinished(store, mini(routines))
    entry = folder_catalog(routines).entries[0]
    app = app_for(routines, store, start=entry)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        assert text(app, "#subtitle") == "set 2 of 2  ·  LEFT side"
        assert logs(store) == [path]


# ------------------------------------------------------------------ during the workout


async def test_the_workout_screen_says_when_the_log_cannot_be_saved(
    routines: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(routines, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space")  # start; end the warm-up
        assert text(app, "#notice") == ""
        real_open = os.open

        def full_disk(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & (os.O_CREAT | os.O_WRONLY):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", full_disk)
        await pilot.press("enter")  # set 1, left side
        assert text(app, "#title") == "SWITCH SIDES"  # the workout goes on
        assert text(app, "#notice") == (
            f"Can't save the workout log to {store.sessions}: the disk is full. "
            "Retrying; nothing is lost."
        )
        assert app.screen.query_one("#notice").display

        monkeypatch.undo()
        await pilot.press("space", "enter")  # set 1, right side: saved, with the left
        assert text(app, "#notice") == ""
        assert not app.screen.query_one("#notice").display
        (path,) = logs(store)
        assert [s.side for s in read_log(path).sets] == [Side.LEFT, Side.RIGHT]


async def test_the_history_line_shows_last_time(routines: Path, store: Store) -> None:
    finished(store, mini(routines), 17, Feeling.EASY)
    app = app_for(routines, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space")
        assert text(app, "#history-line").startswith("last: 2×3 each side, felt easy")


async def test_a_fresh_routine_has_no_last_time(routines: Path, store: Store) -> None:
    app = app_for(routines, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "space")
        assert "last:" not in text(app, "#history-line")


async def test_a_resumed_workout_is_not_its_own_last_time(routines: Path, store: Store) -> None:
    """The unfinished log is in the history too; "last time" must still be the
    previous workout, and its loads the starting point for exercises not reached."""
    routine = mini(routines)
    finished(store, routine, 17, Feeling.OK, loads={0: 6.0, 1: 5.0})
    unfinished(store, routine, load=8.0)
    app = app_for(routines, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        assert text(app, "#history-line").startswith("last: 2×3 each side @ 6 kg, felt ok")
        assert text(app, "#subtitle") == "set 2 of 2  ·  LEFT side  ·  8 kg"
        session = app.session
        assert session is not None
        assert session.load(1) == 5.0  # the plank, as last time


async def test_a_workout_stopped_before_any_set_is_not_offered(
    routines: Path, store: Store
) -> None:
    """Killed during the warm-up: there is nothing to resume, so nothing to ask."""
    writer = SessionWriter.start(store.sessions, mini(routines))
    assert writer.path is not None and writer.path.exists()
    app = app_for(routines, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        assert logs(store) == []


async def test_the_log_folder_is_read_after_the_menu_is_painted(
    routines: Path, store: Store
) -> None:
    """The real app reads the log folder in a thread, so a long history never delays the
    menu; the resume question follows as soon as the read is done."""
    unfinished(store, mini(routines))
    app = app_for(routines, store, background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert QUESTION in app.export_screenshot().replace("&#160;", " ")


# ------------------------------------------------------------------ issue: trust


async def test_the_dialog_counts_whole_sets_not_sides(routines: Path, store: Store) -> None:
    """Set 1 on both sides and set 2 on the left only: one whole set is done, not two."""
    path = unfinished(store, mini(routines))
    writer = SessionWriter.reopen(path)
    writer.record_set(0, 2, side=Side.LEFT, reps=3)
    app = app_for(routines, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text(app, ".dialog-detail") == (
            "Mini, started Sat 21 Nov 2026 18:30: 1 of 3 sets done."
        )
        await pilot.press("r")
        assert text(app, "#subtitle") == "set 2 of 2  ·  RIGHT side"
        assert text(app, "#progress-text").startswith("1/3 sets")


async def test_a_resumed_workout_keeps_the_time_of_its_first_part(
    routines: Path, store: Store
) -> None:
    """Ten minutes of work, then the app died; resumed an hour later. The clock goes on
    from 10:00 (not 0:00), and the hour in between is not workout time: the log keeps
    the gap as an interruption and its duration leaves it out."""
    routine = mini(routines)
    wall = Wall(datetime(2026, 11, 21, 18, 30, tzinfo=TZ))
    first = SessionWriter.start(store.sessions, routine, now=wall)
    wall.advance(600)
    first.set_active_seconds(600)
    first.record_set(0, 1, side=Side.LEFT, reps=3, duration=30)
    assert first.path is not None
    wall.advance(3600)  # an hour later, runtimer starts again
    clock = FakeClock()
    app = app_for(routines, store, clock=clock, wall=wall)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        assert text(app, "#subtitle") == "set 1 of 2  ·  RIGHT side"
        assert "10:00" in text(app, "#progress-text")
        clock.advance(30)
        wall.advance(30)
        await pilot.press("enter")  # set 1, right side
    log = read_log(first.path)
    assert [(i.stopped, i.resumed) for i in log.interruptions] == [
        (datetime(2026, 11, 21, 18, 40, tzinfo=TZ), datetime(2026, 11, 21, 19, 40, tzinfo=TZ))
    ]
    assert log.active_seconds == pytest.approx(630, abs=1)
    assert log.duration.total_seconds() == pytest.approx(630, abs=1)


def test_an_older_log_without_workout_time_leaves_the_gaps_out(
    routines: Path, store: Store
) -> None:
    routine = mini(routines)
    wall = Wall(datetime(2026, 11, 21, 18, 30, tzinfo=TZ))
    writer = SessionWriter.start(store.sessions, routine, now=wall)
    wall.advance(300)
    writer.record_set(0, 1, side=Side.LEFT, reps=3)  # 18:35
    wall.advance(1800)
    writer.mark_resumed()  # 19:05
    wall.advance(120)
    writer.record_set(0, 1, side=Side.RIGHT, reps=3)  # 19:07
    writer.keep_partial()
    assert writer.path is not None
    log = read_log(writer.path)
    assert log.active_seconds is None  # written by hand here, as an old runtimer did
    assert log.duration.total_seconds() == 300 + 120


async def test_several_unfinished_workouts_offer_the_latest_and_keep_the_rest(
    routines: Path, store: Store
) -> None:
    """Three terminals closed mid-workout over three days: the latest is offered, the
    older two are kept as partial (once, with a word about it), nothing is lost."""
    routine = mini(routines)
    paths = []
    for day in (18, 19, 20):
        wall = Wall(datetime(2026, 11, day, 18, 30, tzinfo=TZ))
        writer = SessionWriter.start(store.sessions, routine, now=wall)
        wall.advance(60)
        writer.record_set(0, 1, side=Side.LEFT, reps=3)
        assert writer.path is not None
        paths.append(writer.path)
    app = app_for(routines, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "started Fri 20 Nov 2026 18:30" in text(app, ".dialog-detail")
        notes = [n.message for n in app._notifications]
        assert (
            "Kept 2 older unfinished workouts as partial; the most recent one can be resumed."
            in notes
        )
        await pilot.press("escape")  # not now
    assert [read_log(p).status for p in paths] == [
        Status.PARTIAL,
        Status.PARTIAL,
        Status.IN_PROGRESS,
    ]
    assert all(len(read_log(p).sets) == 1 for p in paths)
    again = app_for(routines, store)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ChoiceDialog)  # the latest, still on offer
        assert not any("older" in n.message for n in again._notifications)
