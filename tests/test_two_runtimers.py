"""Two real runtimers on one data folder: one workout at a time, nobody's log touched.

The first runtimer is in its warm-up (its log has no set yet) when a second one opens.
Before the workout lock, the second deleted that log as "stopped before the first
set", or offered the first's live workout for resume and split it over two files.
Now the second says a workout is under way in another runtimer (naming its process),
refuses to start one of its own, and still shows the menu and the history. Once the
first is gone, even by `kill -9`, its lock is gone with it and the workout is offered.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from runtimer.core.records.files import read_log
from runtimer.core.records.model import Status

if sys.platform == "win32":  # pragma: no cover - POSIX ptys only
    pytest.skip("needs a POSIX pseudo-terminal", allow_module_level=True)

from tests.realterm import Child, has_sets, make_home, shows, wait_until

pytestmark = pytest.mark.slow

MENU = "strength training for runners"


def test_a_second_runtimer_leaves_the_first_ones_workout_alone(tmp_path: Path) -> None:
    home = make_home(tmp_path)
    menu_argv = home.argv("--routines", str(home.routines), "--mute")
    first = Child(home.argv("start", str(home.routine), "--mute"), home.env, cwd=tmp_path)
    second: Child | None = None
    third: Child | None = None
    try:
        wait_until(first, "warm-up screen", shows(first, 0, "WARM-UP"))
        wait_until(first, "its log", has_sets(home.sessions, 0))
        (log_path,) = home.sessions.glob("*.toml")

        second = Child(menu_argv, home.env, cwd=tmp_path)
        wait_until(second, "menu", shows(second, 0, MENU))
        wait_until(second, "the warning", shows(second, 0, "under way in"))
        assert f"process {first.proc.pid}" in second.output()
        assert "unfinished workout" not in second.output()
        assert log_path.exists()  # not deleted as "stopped before the first set"

        mark = second.press(b"\r")  # try to start Mini here too
        wait_until(second, "the refusal", shows(second, mark, "there first"))
        assert list(home.sessions.glob("*.toml")) == [log_path]

        mark = second.press(b"h")  # the history still opens
        wait_until(second, "history", shows(second, mark, "Consistency"))

        mark = first.press(b" ")  # the first one goes on: warm-up over, one set
        wait_until(first, "split squat", shows(first, mark, "SPLIT SQUAT"))
        first.press(b"\r")
        wait_until(first, "its first set", has_sets(home.sessions, 1))

        os.kill(first.proc.pid, signal.SIGKILL)  # no clean-up at all
        first.wait()
        third = Child(menu_argv, home.env, cwd=tmp_path)
        wait_until(third, "the resume question", shows(third, 0, "unfinished workout"))
    finally:
        for child in (first, second, third):
            if child is not None:
                child.close()
    log = read_log(log_path)
    assert log.status is Status.IN_PROGRESS
    assert len(log.sets) == 1
    assert list(home.sessions.glob("*.toml")) == [log_path]  # one workout, one file
