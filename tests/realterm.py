"""A real runtimer in a real pseudo-terminal, driven as a person at a keyboard would.

Shared by the tests that need a real process: `kill -9`, signals, two runtimers at
once, a full disk. The child's output is drained continuously (so the app never
blocks writing to the terminal), waits poll with a deadline rather than sleeping a
fixed time, and `close()` kills the child and anything it started.
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
from dataclasses import dataclass
from pathlib import Path

import pytest

from runtimer.core.records.files import read_log
from runtimer.core.records.model import SessionLog, UnreadableLog
from tests.apphelp import DATA

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

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does: the child's reads and writes
        on it fail from now on (the caller sends the SIGHUP a terminal would)."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def wait(self, timeout: float = DEADLINE) -> int:
        """The child's exit status (-N for a signal it did not handle)."""
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        """Kill the child (and anything it started) if still alive, and clean up."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it died just now
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=DEADLINE)
        self.hang_up()
        self._reader.join(timeout=DEADLINE)


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


@dataclass(frozen=True)
class Home:
    """Per-user folders for a real runtimer process, all under one temporary folder."""

    root: Path
    routines: Path  # a folder holding mini.toml
    env: dict[str, str]

    @property
    def sessions(self) -> Path:
        return self.root / "data" / "runtimer" / "sessions"

    @property
    def state(self) -> Path:
        return self.root / "state" / "runtimer"

    @property
    def routine(self) -> Path:
        return self.routines / "mini.toml"

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "runtimer", *args]


def make_home(tmp_path: Path, **extra_env: str) -> Home:
    home = tmp_path / "home"
    xdg = {name: home / name for name in ("config", "data", "state", "cache")}
    for folder in xdg.values():
        folder.mkdir(parents=True, exist_ok=True)
    routines = (tmp_path / "routines").resolve()
    routines.mkdir()
    shutil.copy(DATA / "mini.toml", routines / "mini.toml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "RUNTIMER_"))}
    env.update(
        TERM="xterm-256color",
        HOME=str(home),
        **{f"XDG_{name.upper()}_HOME": str(folder) for name, folder in xdg.items()},
        **extra_env,
    )
    return Home(home, routines, env)
