"""`runtimer programs`, `runtimer program ...`, program files in `check`, `new --program`."""
# ruff: noqa: E501 (exact lines of output)

from __future__ import annotations

import argparse
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from runtimer.cli import main
from runtimer.cli.program import Context, cmd_program
from runtimer.core.catalog import discover
from runtimer.core.program.active import Active, load_active, save_active
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.engine import plan_today
from runtimer.core.program.today import routines_by_key
from runtimer.core.records.codec import session_to_toml
from runtimer.core.records.model import SessionLog, Store
from tests.conftest import UserDirs
from tests.programlogs import did

START = date(2026, 12, 7)


def test_programs_lists_the_bundled_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["programs"]) == 0
    out = capsys.readouterr().out
    assert "strength-for-runners   Strength for runners, 10 weeks" in out
    assert "home-atr-block" in out and "10 weeks, 2–3 a week" in out


def test_start_status_and_stop(capsys: pytest.CaptureFixture[str], user_dirs: UserDirs) -> None:
    assert main(["program"]) == 0
    assert "No program is active." in capsys.readouterr().out
    assert main(["program", "start", "strength-for-runners", "--on", "2026-12-07"]) == 0
    assert capsys.readouterr().out.startswith(
        "Started Strength for runners, 10 weeks: week 1 begins Monday 7 Dec, 10 weeks, "
        "2–3 sessions a week."
    )
    state = user_dirs.state / "state.toml"
    assert load_active(state).active == Active("strength-for-runners", START)
    assert main(["program", "stop"]) == 0
    assert "Stopped 'strength-for-runners'" in capsys.readouterr().out
    assert load_active(state).active is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["program", "start", "strenght"],
            "no program called 'strenght'; did you mean strength-for-runners?",
        ),
        (
            ["program", "start", "home-atr-block", "--on", "7/12"],
            "--on 7/12: give a date as YYYY-MM-DD",
        ),
        (["program", "start"], "name the program to start: runtimer program start NAME"),
        (["program", "stop", "x"], "'program stop' takes no name"),
    ],
)
def test_usage_mistakes_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err == f"runtimer: {message}\n"


def test_a_damaged_state_file_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    user_dirs.state.mkdir(parents=True)
    (user_dirs.state / "state.toml").write_text("[program]\nfile = 3\nstarted = 2026-12-07\n")
    assert main(["program"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ":2:1: program: 'file' must be text in quotes, got an integer (3)" in err
    assert main(["program", "start", "home-atr-block"]) == 0  # writes it afresh
    assert load_active(user_dirs.state / "state.toml").active is not None


def test_check_validates_programs_and_the_routines_they_name(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    folder = user_dirs.config / "programs"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('name = "Mine"\nweeks = 8\nroutines = ["full-bdy"]\n')
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert (
        f"{folder / 'mine.toml'}:3:1: item 1 of 'routines' names \"full-bdy\", which is not a "
        'routine; did you mean "full-body"?'
    ) in captured.err
    assert "1 of 3 program files has problems" in captured.err
    assert main(["check", str(Path("programs") / "home-atr-block.toml")]) == 0
    assert "the program file is valid" in capsys.readouterr().out


def test_new_program_writes_a_template_that_checks(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    assert main(["new", "--program", "Spring block"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == user_dirs.config / "programs" / "spring-block.toml"
    assert main(["check", str(path)]) == 0
    assert main(["new", "--program", "Spring block"]) == 1


def _context(tmp_path: Path, today: date, days: list[int]) -> Context:
    catalog = discover()
    routines = routines_by_key(catalog)
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    program = discover_programs(catalog).find("strength-for-runners")
    assert program is not None and program.program is not None
    logs: list[SessionLog] = []
    for offset in days:
        day = START + timedelta(days=offset)
        plan = plan_today(program.program, START, day, routines, logs)
        assert plan is not None
        first = {} if logs else {"Dumbbell row": 10.0}  # a weight added in week 1
        logs.append(did(plan.routine, day, loads=plan.loads, carried=first))
        (sessions / f"{offset:03}.toml").write_text(session_to_toml(logs[-1]), "utf-8")
    state = tmp_path / "state.toml"
    save_active(Active("strength-for-runners", START), state)
    return Context(catalog, discover_programs(catalog), Store(sessions), state, today)


def _run(context: Context, action: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    args = argparse.Namespace(action=action, program=None, on=None)
    assert cmd_program(args, context, out, err) == 0, err.getvalue()
    return out.getvalue()


def test_the_status_says_the_week_the_sessions_whats_next_and_what_goes_up(
    tmp_path: Path,
) -> None:
    text = _run(_context(tmp_path, START + timedelta(days=14), [0, 2, 7, 9]), "status")
    assert text.splitlines()[:4] == [
        "Strength for runners, 10 weeks (strength-for-runners)",
        "Week 3 of 10 · phase base (weeks 1–4) · started 7 Dec",
        "This week: 0 of 2–3 sessions",
        "Next: Full body for runners, today. A session is due today.",
    ]
    assert (
        "  Dumbbell row               2 × 12 @ 12 kg    +2 kg: two weeks at 10 kg, no set felt hard."
        in text
    )
    assert "Going up: Press-ups 12 reps, Dumbbell row 12 kg, Tricep dips 14 reps," in text
    assert "done     2  2  0  ·  ·  ·  ·  ·  ·  ·" in text


def test_the_review_says_what_went_up_adherence_and_what_next(tmp_path: Path) -> None:
    days = [7 * week + day for week in range(10) for day in (0, 3) if week != 5]
    text = _run(_context(tmp_path, START + timedelta(days=75), days), "review")
    assert "Adherence: 9 of 10 weeks with 2+ sessions (90%)" in text
    assert "Sessions: 18 in all; deload weeks: 1" in text
    assert "↑ Dumbbell row               10 kg × 12 → 18 kg × 8" in text
    assert "↑ Walking lunges             8 reps → 16 reps" in text
    assert (
        "Next block: Go on from the weights you reached" in text or "Start the next block" in text
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(["--programs", "{a}"], ["{a}"], id="the menu"),
        pytest.param(
            ["--programs", "{a}", "start", "core", "--programs", "{b}"], ["{a}", "{b}"], id="start"
        ),
    ],
)
def test_programs_folders_reach_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str], expected: list[str]
) -> None:
    """`--programs DIR` before or after the command is passed on to the app (its menu's
    today reads programs from there; tests/test_program_ui.py shows it)."""
    calls: list[dict[str, object]] = []
    monkeypatch.setattr("runtimer.cli.app.run_app", lambda **kwargs: calls.append(kwargs) or 0)
    folders = {"a": tmp_path / "a", "b": tmp_path / "b"}
    for folder in folders.values():
        folder.mkdir()
    assert main([arg.format(**folders) for arg in argv]) == 0
    assert calls[0]["program_dirs"] == [Path(p.format(**folders)) for p in expected]


def test_a_programs_folder_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    assert main(["--programs", str(missing), "history"]) == 2
    assert capsys.readouterr().err == f"runtimer: --programs {missing}: no such folder\n"
