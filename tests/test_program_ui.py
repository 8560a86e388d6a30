"""The menu with an active program: it opens on today's session, with its targets and
why, starts it with those targets, and still starts any routine as usual."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from runtimer.core.catalog import discover
from runtimer.core.paths import bundled_dir, sessions_dir
from runtimer.core.program.active import Active, save_active
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.engine import plan_today
from runtimer.core.program.today import routines_by_key
from runtimer.core.records.codec import session_to_toml
from runtimer.core.records.model import SessionLog
from runtimer.ui.screens.menu import MenuScreen
from runtimer.ui.screens.workout import WorkoutScreen
from tests.apphelp import make_app, text
from tests.conftest import UserDirs
from tests.programlogs import did

START = date(2026, 12, 7)
TODAY = START + timedelta(days=14)  # week 3


def two_weeks_of_full_body(user_dirs: UserDirs) -> None:
    """The bundled 10-week program started on START, four sessions done as planned
    (a 10 kg dumbbell added to the row in the first)."""
    save_active(Active("strength-for-runners", START), user_dirs.state / "state.toml")
    catalog = discover()
    routines = routines_by_key(catalog)
    entry = discover_programs(catalog).find("strength-for-runners")
    assert entry is not None and entry.program is not None
    folder = sessions_dir()
    folder.mkdir(parents=True)
    logs: list[SessionLog] = []
    for offset in (0, 2, 7, 9):
        day = START + timedelta(days=offset)
        plan = plan_today(entry.program, START, day, routines, logs)
        assert plan is not None
        first = {} if logs else {"Dumbbell row": 10.0}
        logs.append(did(plan.routine, day, loads=plan.loads, carried=first))
        (folder / f"2026-12-{day.day:02}T1800-full-body.toml").write_text(
            session_to_toml(logs[-1]), "utf-8"
        )


async def test_the_menu_opens_on_todays_session_and_starts_it_with_its_targets(
    user_dirs: UserDirs,
) -> None:
    two_weeks_of_full_body(user_dirs)
    app = make_app(bundled_dir("routines"), today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, MenuScreen) and menu.today is not None
        preview = text(app, "#preview-text")
        assert preview.startswith(
            "Full body for runners · week 3 of 10 · session 1 of 3 this week\n"
            "Strength for runners, 10 weeks"
        )
        assert "Dumbbell row               2 × 12 @ 12 kg" in preview
        assert "+2 kg: two weeks at 10 kg, no set felt hard." in preview
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        workout = app.workout
        assert workout is not None
        row = workout.session.routine.exercises[1]
        assert row.name == "Dumbbell row" and row.load is not None and row.load.amount == 12.0
        assert workout.session.load(1) == 12.0
        # The log keeps the program's target as planned; a load the user carries instead
        # is in each set, so the next plan reads it as the user's choice.
        assert workout.writer.log.exercises[1].load == 12.0
        assert workout.advice(1).reason == "+2 kg: two weeks at 10 kg, no set felt hard."


async def test_any_routine_still_starts_as_usual(user_dirs: UserDirs) -> None:
    two_weeks_of_full_body(user_dirs)
    app = make_app(bundled_dir("routines"), today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down")  # the first routine under "Today"
        assert not text(app, "#preview-text").startswith("Full body for runners · week")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert app.workout is not None and app.workout.session.routine.name == "Core starter"


async def test_without_a_program_the_menu_is_as_before() -> None:
    app = make_app(bundled_dir("routines"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, MenuScreen) and menu.today is None
        assert menu.selected is not None and menu.selected.title == "Core starter"


async def test_a_damaged_state_file_shows_in_the_menu_not_as_a_crash(user_dirs: UserDirs) -> None:
    user_dirs.state.mkdir(parents=True)
    (user_dirs.state / "state.toml").write_text(
        "[program]\nfile = 3\nstarted = 2026-12-07\n", "utf-8"
    )
    app = make_app(bundled_dir("routines"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        preview = text(app, "#preview-text")
        assert preview.startswith("The active program cannot be used\n")
        assert "'file' must be text in quotes, got an integer (3)" in preview


async def test_programs_from_a_programs_folder_reach_the_menu(
    user_dirs: UserDirs, tmp_path: Path
) -> None:
    """`runtimer --programs DIR`: the menu's today finds the active program there too."""
    two_weeks_of_full_body(user_dirs)
    mine = tmp_path / "mine"
    mine.mkdir()
    bundled = bundled_dir("programs") / "strength-for-runners.toml"
    (mine / "my-block.toml").write_bytes(bundled.read_bytes())
    save_active(Active("my-block", START), user_dirs.state / "state.toml")
    app = make_app(bundled_dir("routines"), today=lambda: TODAY, program_dirs=[mine])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text(app, "#preview-text").startswith(
            "Full body for runners · week 3 of 10 · session 1 of 3 this week\n"
        )
    app = make_app(bundled_dir("routines"), today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, MenuScreen) and menu.today is not None
        assert menu.today.problem is not None
        assert "'my-block' is not among the program files" in menu.today.problem
