"""`kill -9` in the middle of a workout, for real, then a resume.

A real `python -m runtimer start` runs in a pseudo-terminal and is driven by writing
keys to it, as a person at a terminal would. It is killed with SIGKILL (no handler,
no clean-up) right after two sets; the log on disk must be whole, and a new app must
resume at the next set with both earlier sets still there.

Like every real-process test (see `tests/realterm.py`), it polls with a deadline
rather than sleeping a fixed time, and it kills the child in a `finally`.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from runtimer.core.plan import Side
from runtimer.core.records.files import read_log
from runtimer.core.records.model import Status, Store
from runtimer.ui.screens.dialogs import ChoiceDialog
from runtimer.ui.screens.summary import SummaryScreen
from runtimer.ui.screens.workout import WorkoutScreen
from tests.apphelp import advance, make_app, text
from tests.fakeclock import FakeClock

if sys.platform == "win32":  # pragma: no cover - the pty modules are POSIX only
    pytest.skip("needs a POSIX pseudo-terminal (pty), which Windows lacks", allow_module_level=True)

from tests.realterm import COLUMNS, DEADLINE, ROWS, Child, has_sets, make_home, shows, wait_until


async def test_kill_9_mid_workout_then_resume_at_the_right_set(tmp_path: Path) -> None:
    home = make_home(tmp_path)
    routines, routine, sessions = home.routines, home.routine, home.sessions
    argv = home.argv("start", str(routine), "--mute")

    child = Child(argv, home.env, cwd=tmp_path)
    try:
        wait_until(child, "warm-up screen", shows(child, 0, "WARM-UP"))
        wait_until(child, "log file", lambda: has_sets(sessions, 0)())

        mark = child.press(b" ")  # end the warm-up
        wait_until(child, "split squat screen", shows(child, mark, "SPLIT SQUAT"))
        child.press(b" ")  # two reps counted...
        child.press(b" ")
        child.press(b"\r")  # ...and set 1, left side, done
        wait_until(child, "first set in the log", has_sets(sessions, 1))
        mark = child.press(b" ")  # skip the switch-sides pause
        wait_until(child, "right side screen", shows(child, mark, "RIGHT side"))
        child.press(b"\r")  # set 1, right side: done as planned
        wait_until(child, "second set in the log", has_sets(sessions, 2))

        os.kill(child.proc.pid, signal.SIGKILL)
        assert child.proc.wait(timeout=DEADLINE) == -signal.SIGKILL
    finally:
        child.close()

    # What the kill left behind: one whole, readable log, and nothing half-written.
    (path,) = sessions.glob("*.toml")
    assert [p.name for p in sessions.iterdir()] == [path.name]  # no temporary files left
    log = read_log(path)
    assert log.status is Status.IN_PROGRESS
    assert log.routine == "Mini" and log.routine_path == str(routine)
    assert [(s.exercise, s.set_number, s.side, s.reps, s.skipped) for s in log.sets] == [
        ("Split squat", 1, Side.LEFT, 2, False),
        ("Split squat", 1, Side.RIGHT, 3, False),
    ]

    # A new app on the same folders offers the workout and resumes it at set 2.
    clock = FakeClock()
    store = Store(sessions, home.state / "history-index.json")
    app = make_app(routines, clock=clock, store=store)
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "1 of 3 sets done" in text(app, ".dialog-detail")
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        assert text(app, "#title") == "SPLIT SQUAT"
        assert text(app, "#subtitle") == "set 2 of 2  ·  LEFT side"
        session = screen.session
        assert session.sets_done() == 1
        assert [(r.set_number, r.side, r.reps) for r in session.results.values()] == [
            (1, Side.LEFT, 2),
            (1, Side.RIGHT, 3),
        ]
        assert len(read_log(path).sets) == 2

        await pilot.press("enter")  # set 2, left
        await pilot.press("space", "enter")  # skip the switch; set 2, right
        await advance(pilot, clock, 30)  # the rest before the plank runs out
        assert text(app, "#title") == "PLANK"
        await pilot.press("space")  # get ready...
        await advance(pilot, clock, 3)
        await advance(pilot, clock, 20)  # ...and the hold runs out
        assert isinstance(app.screen, SummaryScreen)
        assert "Sets 3 of 3" in text(app, "SummaryScreen Static")

    assert [p.name for p in sessions.glob("*.toml")] == [path.name]  # the same file
    final = read_log(path)
    assert final.status is Status.FINISHED
    assert [(s.exercise, s.set_number, s.side, s.reps, s.held) for s in final.sets] == [
        ("Split squat", 1, Side.LEFT, 2, None),
        ("Split squat", 1, Side.RIGHT, 3, None),
        ("Split squat", 2, Side.LEFT, 3, None),
        ("Split squat", 2, Side.RIGHT, 3, None),
        ("Plank", 1, None, None, 20.0),
    ]
    assert final.started == log.started
