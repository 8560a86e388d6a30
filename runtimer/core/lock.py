"""One workout at a time per data folder, even with several runtimers open.

Without it a second runtimer sees the first one's live workout as "unfinished" and
offers to resume it (splitting one workout over two files), or deletes its log while
it is still in its warm-up. The lock is an operating-system lock on a small file in
the state folder (`fcntl.flock` on POSIX, `msvcrt.locking` on Windows): the kernel
drops it when the process ends, however it ends, so `kill -9` or a power cut never
leaves a stale lock behind. The file itself only says which process holds it, for
the message; its content is never trusted to decide anything.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from runtimer.core.safefile import FileReadError, read_regular

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


MAX_LOCK_FILE = 4096
PROBE_ATTEMPTS = 5
PROBE_WAIT = 0.01  # seconds


@dataclass(frozen=True)
class Holder:
    """Another runtimer that has a workout under way in this data folder."""

    pid: int | None  # None if its lock file does not say (being written just now)

    def describe(self) -> str:
        who = f"another runtimer (process {self.pid})" if self.pid else "another runtimer"
        return f"A workout is under way in {who}"


class WorkoutLock:
    """Held from the start of a workout until its log is settled and saved."""

    def __init__(self, path: Path | None) -> None:
        """`path` None: no locking at all (tests of one process, folders without one)."""
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None or self.path is None

    def acquire(self) -> Holder | None:
        """Take the lock; None if taken (or already ours), else who holds it."""
        if self.held:
            return None
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError:
            # No usable state folder: a lock we cannot take must not stop a workout.
            # (Two runtimers at once on such a machine are back to the old risk.)
            self.path = None
            return None
        # Another runtimer looking at the lock (`holder`) takes it for a moment: try a
        # few times before believing a workout is under way elsewhere.
        for attempt in range(PROBE_ATTEMPTS):
            if _try_lock(fd):
                break
            if attempt < PROBE_ATTEMPTS - 1:
                time.sleep(PROBE_WAIT)
        else:
            os.close(fd)
            return Holder(_pid_in(self.path))
        self._fd = fd
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode())
        return None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)

    def holder(self) -> Holder | None:
        """Who holds the lock now, if another process does; never takes it for long."""
        if self._fd is not None or self.path is None:
            return None
        try:
            fd = os.open(self.path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except OSError:
            return None  # no lock file: nobody has ever held it
        try:
            if _try_lock(fd):
                _unlock(fd)
                return None
        finally:
            os.close(fd)
        return Holder(_pid_in(self.path))


def _pid_in(path: Path) -> int | None:
    try:
        data, _file_id = read_regular(path, MAX_LOCK_FILE)
    except FileReadError:
        return None
    text = data.decode("ascii", "replace").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None
