"""SIGTERM, SIGHUP and SIGINT to a real runtimer mid-workout, in a real pseudo-terminal.

Each must leave what a user would want: every set on disk and the workout resumable
(still "in progress"), the terminal given back as it was (the alternate screen left,
mouse tracking off, so the shell prompt works again), and a prompt exit whose status
tells which signal it was (128 + its number, as a shell reports it).
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from runtimer.core.records.files import read_log
from runtimer.core.records.model import Status

if sys.platform == "win32":  # pragma: no cover - POSIX signals and ptys only
    pytest.skip("needs POSIX signals and a pseudo-terminal", allow_module_level=True)

from tests.realterm import Child, Home, has_sets, make_home, shows, wait_until

pytestmark = pytest.mark.slow

LEAVE_ALTERNATE_SCREEN = "\x1b[?1049l"
MOUSE_TRACKING_OFF = "\x1b[?1000l"


def start_one_set(home: Home, tmp_path: Path) -> Child:
    """A real workout of Mini, one set (the left side) done and saved."""
    child = Child(home.argv("start", str(home.routine), "--mute"), home.env, cwd=tmp_path)
    wait_until(child, "warm-up screen", shows(child, 0, "WARM-UP"))
    mark = child.press(b" ")  # end the warm-up
    wait_until(child, "split squat screen", shows(child, mark, "SPLIT SQUAT"))
    child.press(b"\r")  # set 1, left side: done as planned
    wait_until(child, "first set in the log", has_sets(home.sessions, 1))
    return child


@pytest.mark.parametrize(
    "number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"]
)
def test_a_signal_mid_workout_keeps_the_log_resumable_and_restores_the_terminal(
    tmp_path: Path, number: signal.Signals
) -> None:
    home = make_home(tmp_path)
    child = start_one_set(home, tmp_path)
    try:
        mark = child.mark
        child.proc.send_signal(number)
        assert child.wait() == 128 + number
        given_back = child.output(mark)
        assert LEAVE_ALTERNATE_SCREEN in given_back
        assert MOUSE_TRACKING_OFF in given_back
        assert "Traceback" not in child.output()
    finally:
        child.close()
    (path,) = home.sessions.glob("*.toml")
    log = read_log(path)
    assert log.status is Status.IN_PROGRESS  # offered for resume at the next start
    assert [(s.set_number, s.side and s.side.value) for s in log.sets] == [(1, "left")]


def test_closing_the_terminal_window_ends_the_app_promptly(tmp_path: Path) -> None:
    """The terminal is gone (its window closed): reads and writes on it fail and the
    kernel sends SIGHUP. runtimer must not hang trying to redraw or restore a terminal
    that no longer exists."""
    home = make_home(tmp_path)
    child = start_one_set(home, tmp_path)
    try:
        child.hang_up()
        child.proc.send_signal(signal.SIGHUP)
        assert child.wait(timeout=10) == 128 + signal.SIGHUP
    finally:
        child.close()
    (path,) = home.sessions.glob("*.toml")
    assert read_log(path).status is Status.IN_PROGRESS


def test_the_terminal_closing_at_any_moment_of_the_start_never_leaves_runtimer_running(
    tmp_path: Path,
) -> None:
    """A closing terminal sends SIGHUP and SIGCONT. Textual took that SIGCONT for the
    end of a ctrl+z and started drawing again from inside the signal handler, which
    now and then left the app hung for good on its way out (2 starts in 20)."""
    home = make_home(tmp_path)
    for attempt in range(6):
        child = Child(home.argv("--mute"), home.env, cwd=tmp_path)
        try:
            wait_until(child, "the menu", shows(child, 0, "strength training"))
            time.sleep(0.004 * attempt)  # at a different moment of the start each time
            child.hang_up()
            child.proc.send_signal(signal.SIGCONT)
            time.sleep(0.002 * attempt)
            child.proc.send_signal(signal.SIGHUP)
            assert child.wait(timeout=10) == 128 + signal.SIGHUP
        finally:
            child.close()


def _stopped(child: Child) -> bool:
    with open(f"/proc/{child.proc.pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] == "T"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_suspend_then_fg_brings_the_menu_back(tmp_path: Path) -> None:
    """SIGTSTP (a shell's `kill -TSTP`) suspends: the terminal is given back and the
    process stops; SIGCONT (`fg`) draws the app again. Only this SIGCONT, after our
    own suspend, resumes drawing."""
    home = make_home(tmp_path)
    child = Child(home.argv("--mute"), home.env, cwd=tmp_path)
    try:
        wait_until(child, "the menu", shows(child, 0, "strength training"))
        given_back = child.mark
        child.proc.send_signal(signal.SIGTSTP)
        wait_until(child, "the process stopped", lambda: _stopped(child))
        assert LEAVE_ALTERNATE_SCREEN in child.output(given_back)
        mark = child.mark
        child.proc.send_signal(signal.SIGCONT)  # what the shell's fg sends
        wait_until(child, "the menu drawn again", shows(child, mark, "strength training"))
        child.press(b"q")
        assert child.wait() == 0
    finally:
        child.close()
