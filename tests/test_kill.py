"""`kill -9` in the middle of a workout, for real, then a resume.

A real `python -m runtimer start` runs in a pseudo-terminal and is driven by writing
keys to it, as a person at a terminal would. It is killed with SIGKILL (no handler,
no clean-up) right after two sets; the log on disk must be whole, and a new app must
resume at the next set with both earlier sets still there.

This is the one test that waits on a real process: it polls with a deadline rather
than sleeping a fixed time, and it kills the child in a `finally`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from runtimer.log import SessionLog, Status, Store, UnreadableLog, read_log
from runtimer.plan import Side
from runtimer.screens.dialogs import ChoiceDialog
from runtimer.screens.summary import SummaryScreen
from runtimer.screens.workout import WorkoutScreen
from tests.apphelp import DATA, advance, make_app, text
from tests.fakeclock import FakeClock

if sys.platform == "win32":  # pragma: no cover - the pty modules are POSIX only
    pytest.skip("needs a POSIX pseudo-terminal (pty), which Windows lacks", allow_module_level=True)

import fcntl
import pty
import termios

DEADLINE = 20.0  # seconds to wait for anything the child should do
ROWS, COLUMNS = 24, 80


class Child:
    """A process on the slave side of a pty; its output is drained continuously, so
    the app never blocks writing to the terminal."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        try:
            master, slave = pty.openpty()
        except OSError as error:  # pragma: no cover - no ptys (some containers)
            pytest.skip(f"cannot open a pseudo-terminal here: {error}")
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.master = master
        self._output = bytearray()
        self._lock = threading.Lock()
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd=cwd,
                start_new_session=True,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO once the child's side is closed
                return
            if not chunk:
                return
            with self._lock:
                self._output += chunk

    @property
    def mark(self) -> int:
        with self._lock:
            return len(self._output)

    def output(self, since: int = 0) -> str:
        with self._lock:
            return self._output[since:].decode("utf-8", "replace")

    def press(self, key: bytes) -> int:
        """Type a key; returns the output position from which its effect shows."""
        mark = self.mark
        os.write(self.master, key)
        return mark

    def close(self) -> None:
        """Kill the child (and anything it started) if still alive, and clean up."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it died just now
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=DEADLINE)
        self._reader.join(timeout=DEADLINE)
        os.close(self.master)


def wait_until(child: Child, what: str, done: Callable[[], bool]) -> None:
    """Poll until `done()`; fail saying what was awaited and what the child showed."""
    deadline = time.monotonic() + DEADLINE
    while not done():
        if child.proc.poll() is not None:
            pytest.fail(f"runtimer exited ({child.proc.returncode}) before {what}:\n{tail(child)}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {DEADLINE:.0f} s; the terminal showed:\n{tail(child)}")
        time.sleep(0.05)


def tail(child: Child) -> str:
    return child.output()[-2000:]


def shows(child: Child, since: int, words: str) -> Callable[[], bool]:
    return lambda: words in child.output(since)


def the_log(sessions: Path) -> SessionLog | None:
    logs = sorted(sessions.glob("*.toml")) if sessions.is_dir() else []
    if len(logs) != 1:
        return None
    try:
        return read_log(logs[0])
    except UnreadableLog:  # pragma: no cover - would be the bug this test is here for
        return None


def has_sets(sessions: Path, count: int) -> Callable[[], bool]:
    def check() -> bool:
        log = the_log(sessions)
        return log is not None and len(log.sets) == count

    return check


async def test_kill_9_mid_workout_then_resume_at_the_right_set(tmp_path: Path) -> None:
    home = tmp_path / "home"
    xdg = {name: home / name for name in ("config", "data", "state", "cache")}
    for folder in xdg.values():
        folder.mkdir(parents=True)
    routines = (tmp_path / "routines").resolve()
    routines.mkdir()
    routine = routines / "mini.toml"
    shutil.copy(DATA / "mini.toml", routine)
    sessions = xdg["data"] / "runtimer" / "sessions"

    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "RUNTIMER_"))}
    env.update(
        TERM="xterm-256color",
        HOME=str(home),
        **{f"XDG_{name.upper()}_HOME": str(folder) for name, folder in xdg.items()},
    )
    argv = [sys.executable, "-m", "runtimer", "start", str(routine), "--mute"]

    child = Child(argv, env, cwd=tmp_path)
    try:
        wait_until(child, "warm-up screen", shows(child, 0, "WARM-UP"))
        wait_until(child, "log file", lambda: the_log(sessions) is not None)

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
    store = Store(sessions, xdg["state"] / "runtimer" / "history-index.json")
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
        assert [(r.set_number, r.side, r.reps_done) for r in session.results.values()] == [
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
