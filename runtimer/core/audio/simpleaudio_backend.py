"""simpleaudio, run in a helper process (see `sa_child` for why not in-process).

`play` writes one short line to the helper's stdin without blocking and returns; the
helper starts the sound within a millisecond or two. A helper that does not confirm a
play within `stall_timeout` seconds, dies, or reports an error counts as failed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from runtimer.core.audio.backends import (
    PROBE_TIMEOUT,
    BackendError,
    BaseBackend,
    Clip,
    Clock,
    FailureReport,
)
from runtimer.core.audio.events import SoundEvent

#: A play the helper has not confirmed after this long means the device is stuck.
#: Opening a device normally takes a few milliseconds, a slow sound server well under
#: half a second.
STALL_TIMEOUT = 1.0
WATCH_INTERVAL = 0.2
INSTALL_HINT = (
    "install it with `pip install simpleaudio-patched` (on Linux first "
    "`apt-get install libasound2-dev` and a C compiler)"
)


class _NoAnswer(BackendError):
    """The helper did not reply in time: it is stuck (kill it, do not ask it to quit)."""


@dataclass
class _Waiting:
    kind: str  # "sync" (someone waits on `box`) or "play"
    sent_at: float
    event: SoundEvent | None = None
    box: queue.Queue[list[Any]] | None = None


class SimpleaudioBackend(BaseBackend):
    name = "simpleaudio"

    def __init__(
        self,
        *,
        command: Sequence[str] | None = None,
        env: dict[str, str] | None = None,
        start_timeout: float = PROBE_TIMEOUT,
        stall_timeout: float = STALL_TIMEOUT,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__()
        self._command = list(command) if command is not None else None
        self._env = env
        self._start_timeout = start_timeout
        self._stall_timeout = stall_timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._waiting: deque[_Waiting] = deque()
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._probe_format: tuple[int, int, int] | None = None
        self._closing = False
        self._failed = False
        self._stuck = False
        self._stop = threading.Event()
        #: When the helper started each event's latest play (its monotonic clock).
        self.started: dict[SoundEvent, float] = {}

    # -- start-up ----------------------------------------------------------------------

    def start(self, report_failure: FailureReport, probe: Clip) -> None:
        super().start(report_failure, probe)
        with self._lock:  # a backend closed after a trial run may be started again
            self._closing = False
            self._failed = False
            self._stuck = False
            self._waiting.clear()
        command = self._command
        if command is None:
            if importlib.util.find_spec("simpleaudio") is None:
                raise BackendError(f"simpleaudio is not installed; {INSTALL_HINT}")
            command = [sys.executable, "-m", "runtimer.core.audio.sa_child"]
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        hello = self._expect_sync()
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=_child_env(self._env),
                start_new_session=True,  # keys and Ctrl+C go to the app only
            )
        except OSError as error:
            raise BackendError(f"the simpleaudio helper could not start ({error})") from None
        assert self._process.stdin is not None
        os.set_blocking(self._process.stdin.fileno(), False)
        self._reader = threading.Thread(target=self._read, name="runtimer-simpleaudio", daemon=True)
        self._reader.start()
        self._stop.clear()
        watchdog = threading.Thread(target=self._watch, name="runtimer-sa-watch", daemon=True)
        watchdog.start()
        deadline = time.monotonic() + self._start_timeout
        self._answer(hello, deadline)
        self._probe_format = probe.sound.format
        try:
            self._request(["probe", *probe.sound.format], deadline)
        except _NoAnswer:
            raise
        except BackendError as error:
            raise BackendError(f"cannot open the sound device ({error})") from None

    def can_play(self, clip: Clip) -> str | None:
        if clip.sound.format == self._probe_format:
            return None
        try:
            self._request(["probe", *clip.sound.format], time.monotonic() + self._start_timeout)
        except BackendError as error:
            return f"simpleaudio cannot play {clip.sound.describe()} here ({error})"
        return None

    def load(self, event: SoundEvent, clip: Clip) -> None:
        super().load(event, clip)
        self._request(["load", event.value, str(clip.path)], time.monotonic() + self._start_timeout)

    # -- playing -----------------------------------------------------------------------

    def play(self, event: SoundEvent) -> None:
        self.check()
        waiting = _Waiting("play", self._clock(), event)
        problem = self._send(["play", event.value], waiting)
        if problem is not None:
            self._fail(problem, event)

    def check(self) -> None:
        with self._lock:
            oldest = next((w for w in self._waiting if w.kind == "play"), None)
            stuck = oldest is not None and self._clock() - oldest.sent_at > self._stall_timeout
        if stuck and oldest is not None:
            self._stuck = True
            self._fail(
                f"simpleaudio did not start a sound within {self._stall_timeout:g} s "
                "(the sound device may be busy or stuck)",
                oldest.event,
            )

    def _watch(self) -> None:
        """Notice a stuck helper even when no further cue comes to trigger `check`, so
        the lost cue can still be replayed on the next backend while it matters."""
        while not self._stop.wait(WATCH_INTERVAL):
            if self._failed or self._closing:
                return
            self.check()

    def wait_done(self, timeout: float) -> bool:
        try:
            self._request(["wait"], time.monotonic() + timeout)
        except BackendError:
            return False
        return True

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            self._closing = True
            process = self._process
        if process is not None:
            if self._stuck or self._failed:
                with contextlib.suppress(OSError):
                    process.kill()
            with contextlib.suppress(OSError, ValueError):
                assert process.stdin is not None
                os.write(process.stdin.fileno(), b'["quit"]\n')
            with contextlib.suppress(OSError, ValueError):
                assert process.stdin is not None
                process.stdin.close()
            try:
                process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                process.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=1.0)
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout=1.0)
        if process is not None and process.stdout is not None:
            with contextlib.suppress(OSError):
                process.stdout.close()
        if self._stderr is not None:
            with contextlib.suppress(OSError):
                self._stderr.close()
        self._fail_waiters("the simpleaudio helper was stopped")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    # -- plumbing ----------------------------------------------------------------------

    def _expect_sync(self) -> queue.Queue[list[Any]]:
        box: queue.Queue[list[Any]] = queue.Queue(maxsize=1)
        with self._lock:
            self._waiting.append(_Waiting("sync", self._clock(), box=box))
        return box

    def _request(self, command: list[Any], deadline: float) -> list[Any]:
        box: queue.Queue[list[Any]] = queue.Queue(maxsize=1)
        problem = self._send(command, _Waiting("sync", self._clock(), box=box))
        if problem is not None:
            raise BackendError(problem)
        return self._answer(box, deadline)

    def _answer(self, box: queue.Queue[list[Any]], deadline: float) -> list[Any]:
        try:
            answer = box.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            self._stuck = True
            raise _NoAnswer(
                f"simpleaudio did not answer within {self._start_timeout:g} s "
                "(the sound device may be busy or stuck)"
            ) from None
        if answer and answer[0] == "fail":
            raise BackendError(str(answer[1]) if len(answer) > 1 else "unknown error")
        return answer

    def _send(self, command: list[Any], waiting: _Waiting) -> str | None:
        """Write one command without ever blocking; returns a problem, or None."""
        data = json.dumps(command).encode("utf-8") + b"\n"
        with self._lock:
            process = self._process
            if process is None or process.stdin is None or self._closing:
                return "the simpleaudio helper is not running"
            self._waiting.append(waiting)
            try:
                written = os.write(process.stdin.fileno(), data)
            except BlockingIOError:
                written = -1
            except (OSError, ValueError):
                self._waiting.pop()
                return f"the simpleaudio helper stopped{self._stderr_tail()}"
            if written != len(data):  # a pipe write this small is all or nothing
                self._waiting.pop()
                return "simpleaudio stopped reading commands (the sound device may be stuck)"
        return None

    def _read(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        for line in process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if not isinstance(message, list) or not message:
                continue
            with self._lock:
                waiting = self._waiting.popleft() if self._waiting else None
            if waiting is None:
                continue
            if waiting.box is not None:
                waiting.box.put(message)
            elif message[0] == "played" and waiting.event is not None:
                self.started[waiting.event] = float(message[2])
            elif message[0] == "fail":
                self._fail(f"simpleaudio failed: {message[1]}", waiting.event)
        # End of output: the helper exited (or was killed).
        code = process.wait()
        with self._lock:  # the cue it died on, if it was playing one
            lost = next((w.event for w in self._waiting if w.kind == "play"), None)
        if not self._closing:
            self._fail(
                f"the simpleaudio helper stopped (exit status {code}{self._stderr_tail()})", lost
            )
        self._fail_waiters("the simpleaudio helper stopped")

    def _fail_waiters(self, reason: str) -> None:
        with self._lock:
            waiting, self._waiting = list(self._waiting), deque()
        for item in waiting:
            if item.box is not None:
                with contextlib.suppress(queue.Full):
                    item.box.put(["fail", reason])

    def _fail(self, reason: str, event: SoundEvent | None) -> None:
        with self._lock:
            if self._failed or self._closing:
                return
            self._failed = True
            process = self._process
        if process is not None:
            with contextlib.suppress(OSError):
                process.kill()
        self.report_failure(reason, event)

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        try:
            self._stderr.seek(0)
            text = self._stderr.read()[-2000:].decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return f": {lines[-1]}" if lines else ""


def _child_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The app's environment (or `base`), plus the folder runtimer is imported from, so
    the helper finds the same runtimer even when it runs from a source checkout."""
    env = dict(base if base is not None else os.environ)
    root = str(Path(__file__).resolve().parent.parent.parent)
    current = env.get("PYTHONPATH")
    env["PYTHONPATH"] = root if not current else os.pathsep.join((root, current))
    return env
