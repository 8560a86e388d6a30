"""The program in the history: with a program active, `runtimer history` and the
history screen show its weeks against its own target (phases and deloads marked),
each exercise's load across the block, and the review at the end of the block or on
request (r on the screen)."""
# ruff: noqa: E501 (exact lines of output)

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from runtimer.cli.history import history_command
from runtimer.core.catalog import discover
from runtimer.core.paths import bundled_dir, sessions_dir
from runtimer.core.program.active import Active, load_stopped, save_active, save_stopped
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.engine import plan_today
from runtimer.core.program.today import routines_by_key
from runtimer.core.records.codec import session_to_toml
from runtimer.core.records.model import SessionLog
from runtimer.ui.screens.history import HistoryScreen
from tests.apphelp import make_app
from tests.conftest import UserDirs
from tests.programlogs import did

START = date(2026, 12, 7)  # a Monday
WEEK_3 = START + timedelta(days=14)
AFTER = START + timedelta(days=75)  # the block is over


def block_of_full_body(
    user_dirs: UserDirs, days: list[int], *, chosen: dict[int, float] | None = None
) -> None:
    """The bundled 10-week program started on START, a session on each of `days`
    (days after the start) done as planned, with a 10 kg dumbbell added to the row in
    the first (its plan had none), and the row's load on the days in `chosen` taken
    over the plan's and logged as an override."""
    chosen = chosen or {}
    save_active(Active("strength-for-runners", START), user_dirs.state / "state.toml")
    catalog = discover()
    routines = routines_by_key(catalog)
    entry = discover_programs(catalog).find("strength-for-runners")
    assert entry is not None and entry.program is not None
    folder = sessions_dir()
    folder.mkdir(parents=True)
    logs: list[SessionLog] = []
    for offset in days:
        day = START + timedelta(days=offset)
        plan = plan_today(entry.program, START, day, routines, logs)
        assert plan is not None
        first = {} if logs else {"Dumbbell row": 10.0}
        log = did(plan.routine, day, loads=plan.loads, carried=first)
        if offset in chosen:
            carried = {"Dumbbell row": chosen[offset]}
            log = did(plan.routine, day, loads=plan.loads, carried=carried)
            marked = [replace(s, override=s.exercise == "Dumbbell row") for s in log.sets]
            log = replace(log, sets=tuple(marked))
        logs.append(log)
        (folder / f"{day.isoformat()}T1800-full-body.toml").write_text(
            session_to_toml(log), "utf-8"
        )


def history_text(today: date) -> str:
    out = io.StringIO()
    assert history_command(out, today=today) == 0
    return out.getvalue()


# -- runtimer history --------------------------------------------------------------------


def test_history_shows_the_programs_weeks_and_loads_in_place_of_the_consistency(
    user_dirs: UserDirs,
) -> None:
    block_of_full_body(user_dirs, [0, 2, 7, 9, 14])
    lines = history_text(WEEK_3).splitlines()
    assert lines[:9] == [
        "Program  Strength for runners, 10 weeks",
        "  Week 3 of 10 · phase base (weeks 1–4) · started 7 Dec",
        "  week     1  2  3  4  5  6  7  8  9 10",
        "  done     2  2  1  ·  ·  ·  ·  ·  ·  ·",
        "  phase    b  b  b  b  h  h  h  h  h  h",
        "  On target in 2 of 2 weeks (aim: 2–3 sessions a week)",
        "  b base · h heavier",
        "  'runtimer program review' shows the review so far.",
        "",
    ]
    assert lines[9] == "Loads  (one mark per week, week 1 on the left)"
    at = lines.index("  Dumbbell row")
    assert lines[at + 1] == "    load ▁▁█  10 → 12 kg"
    at = lines.index("  Press-ups")
    assert lines[at + 1] == "    reps ▁▁█  10 → 12 per set"
    assert not any(line.startswith("Consistency") for line in lines)
    assert not any(line.startswith("Review of") for line in lines)
    assert any(line.startswith("Recent sessions  (5 in all)") for line in lines)


def test_at_the_end_of_the_block_the_history_shows_the_review(user_dirs: UserDirs) -> None:
    days = [7 * week + day for week in range(10) for day in (0, 3) if week != 5]
    block_of_full_body(user_dirs, days, chosen={3: 12.0})
    text = history_text(AFTER)
    lines = text.splitlines()
    assert lines[1] == "  All 10 weeks done · started 7 Dec"
    assert lines[4] == "  phase    b  b  b  b  h  h  D  h  h  h"
    assert lines[5:7] == [
        "  On target in 9 of 10 weeks (aim: 2–3 sessions a week)",
        "  b base · h heavier · D deload",
    ]
    review = lines[lines.index("Review of Strength for runners, 10 weeks") :]
    assert review[1:3] == [
        "  Adherence: 9 of 10 weeks with 2+ sessions (90%)",
        "  Sessions: 18 in all; deload weeks: 1",
    ]
    assert "    ↑ Dumbbell row               10 kg × 12 → 20 kg × 8" in review
    assert "  Since week 1:" in review
    assert "  Your own loads (over the program's):" in review
    assert "    Dumbbell row: 12 kg in week 1 (the plan said 10 kg)" in review
    assert any(line.startswith("  Next block: ") for line in review)
    assert "'runtimer program review' shows" not in text


def test_without_a_program_the_history_is_as_before(user_dirs: UserDirs) -> None:
    block_of_full_body(user_dirs, [0, 2])
    (user_dirs.state / "state.toml").unlink()
    lines = history_text(WEEK_3).splitlines()
    assert lines[0].startswith("Consistency")
    assert not any(line.startswith("Program") for line in lines)


def test_a_program_that_cannot_be_read_is_one_line_in_the_history(user_dirs: UserDirs) -> None:
    block_of_full_body(user_dirs, [0, 2])
    save_active(Active("gone", START), user_dirs.state / "state.toml")
    lines = history_text(WEEK_3).splitlines()
    assert lines[:2] == [
        "Program",
        "  the active program 'gone' is not among the program files any more; 'runtimer programs' lists them",
    ]
    assert any(line.startswith("Recent sessions") for line in lines)


# -- the history screen ------------------------------------------------------------------


def screen_text(screen: HistoryScreen) -> str:
    return text_of(screen.query_one("#history-text", Static))


def text_of(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


async def test_the_history_screen_shows_the_block_and_r_shows_the_review(
    user_dirs: UserDirs,
) -> None:
    block_of_full_body(user_dirs, [0, 2, 7, 9, 14])
    app = make_app(bundled_dir("routines"), today=lambda: WEEK_3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        shown = screen_text(screen)
        assert shown.startswith(
            "History\n\nProgram  Strength for runners, 10 weeks\n"
            "  Week 3 of 10 · phase base (weeks 1–4) · started 7 Dec\n"
            "  week     1  2  3  4  5  6  7  8  9 10\n"
            "  done     2  2  1  ·  ·  ·  ·  ·  ·  ·\n"
            "  phase    b  b  b  b  h  h  h  h  h  h\n"
        )
        assert "  r shows the review so far." in shown
        assert "Review of" not in shown
        assert "  Dumbbell row\n    load ▁▁█  10 → 12 kg\n" in shown
        assert "Consistency" not in shown
        await pilot.press("r")
        await pilot.pause()
        shown = screen_text(screen)
        assert "\nReview of Strength for runners, 10 weeks\n" in shown
        assert "  Adherence: 2 of 2 weeks with 2+ sessions (100%)\n  Sessions: 5 in all\n" in shown
        assert "  Next block: " in shown
        # The review is brought to the top of the screen.
        scroll = screen.query_one("#history", VerticalScroll)
        lines = shown.split("\n")
        assert scroll.scroll_y == lines.index("Review of Strength for runners, 10 weeks")
        await pilot.press("r")
        await pilot.pause()
        assert "Review of" not in screen_text(screen)


async def test_at_the_end_of_the_block_the_screen_shows_the_review_unasked(
    user_dirs: UserDirs,
) -> None:
    days = [7 * week + day for week in range(10) for day in (0, 3) if week != 5]
    block_of_full_body(user_dirs, days, chosen={3: 12.0})
    app = make_app(bundled_dir("routines"), today=lambda: AFTER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        shown = screen_text(app.screen)  # type: ignore[arg-type]
        assert "  All 10 weeks done · started 7 Dec" in shown
        assert "  phase    b  b  b  b  h  h  D  h  h  h" in shown
        assert "Review of Strength for runners, 10 weeks" in shown
        assert "Dumbbell row: 12 kg in week 1 (the plan said 10 kg)" in " ".join(shown.split())


async def test_without_a_program_the_screen_has_no_review_key(user_dirs: UserDirs) -> None:
    block_of_full_body(user_dirs, [0, 2])
    (user_dirs.state / "state.toml").unlink()
    app = make_app(bundled_dir("routines"), today=lambda: WEEK_3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen_text(screen).startswith("History\n\nConsistency")
        assert screen.check_action("review", ()) is False
        await pilot.press("r")
        await pilot.pause()
        assert "Review of" not in screen_text(screen)


async def test_names_from_program_files_are_data_not_markup(
    user_dirs: UserDirs, tmp_path: Path
) -> None:
    """A program named like markup, from `--programs DIR`, shows as written."""
    block_of_full_body(user_dirs, [0, 2])
    mine = tmp_path / "mine"
    mine.mkdir()
    bundled = (bundled_dir("programs") / "strength-for-runners.toml").read_text("utf-8")
    named = bundled.replace(
        'name = "Strength for runners, 10 weeks"', 'name = "[bold red]Mine[/] \\u001b[2J"'
    )
    (mine / "mine.toml").write_text(named, "utf-8")
    save_active(Active("mine", START), user_dirs.state / "state.toml")
    app = make_app(bundled_dir("routines"), today=lambda: WEEK_3, program_dirs=[mine])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        shown = screen_text(app.screen)  # type: ignore[arg-type]
        assert "Program  [bold red]Mine[/] \\x1b[2J\n" in shown


# -- a program stopped -------------------------------------------------------------------


def test_a_stopped_program_stays_in_the_history_until_its_weeks_are_over(
    user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    from runtimer.cli import main

    block_of_full_body(user_dirs, [0, 2, 7, 9, 14])
    state = user_dirs.state / "state.toml"
    assert main(["program", "stop"]) == 0
    assert "its block stays in the history until its weeks are over" in capsys.readouterr().out
    stopped = load_stopped(state).stopped
    assert stopped is not None and stopped.active == Active("strength-for-runners", START)
    save_stopped(replace(stopped, stopped=WEEK_3), state)  # stopped in week 3
    lines = history_text(WEEK_3 + timedelta(days=20)).splitlines()
    assert lines[:4] == [
        "Program  Strength for runners, 10 weeks",
        "  Stopped 21 Dec, in week 3 of 10 · started 7 Dec",
        "  week     1  2  3  4  5  6  7  8  9 10",
        "  done     2  2  1  ·  ·  ·  ·  ·  ·  ·",
    ]
    assert "Review of Strength for runners, 10 weeks" in lines
    # Once the weeks its block would have taken are over, the history is as before.
    assert history_text(START + timedelta(days=70)).startswith("Consistency")
    assert history_text(START + timedelta(days=69)).startswith("Program")


def test_a_damaged_stopped_program_is_one_line_with_its_place(user_dirs: UserDirs) -> None:
    block_of_full_body(user_dirs, [0, 2])
    state = user_dirs.state / "state.toml"
    state.write_text(
        '[stopped_program]\nfile = "strength-for-runners"\nstarted = 2026-12-07\nstopped = "x"\n',
        "utf-8",
    )
    read = load_stopped(state)
    assert read.stopped is None
    assert read.problem == (
        f"{state}:4:1: stopped_program: 'stopped' must be a date (2026-12-01), got a string (\"x\")"
    )
    assert history_text(WEEK_3).splitlines()[1] == "  " + read.problem
