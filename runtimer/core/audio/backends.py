"""The ways runtimer can make a sound, each behind the same small interface.

A backend is tried for real before it is used (`start` plays a silent clip), because
"the module imports" or "the program exists" says nothing about whether a sound
device is there. `play` must return at once: a backend that needs time (a subprocess,
a helper process) does that work elsewhere and reports trouble later through the
`report_failure` callback it got in `start`, so the player can fall through to the
next backend without the countdown ever waiting on audio.
"""

from __future__ import annotations

import contextlib
import importlib
import shutil
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from runtimer.core.audio.events import SoundEvent
from runtimer.core.audio.wav import Sound

Clock = Callable[[], float]
#: `report_failure(reason, event)`: the backend stopped working; `event` is the cue
#: that was lost, if one was, so the player can replay it on the next backend.
FailureReport = Callable[[str, SoundEvent | None], None]
Ring = Callable[[SoundEvent], None]

#: How long trying a backend at start-up may take before it counts as not working.
PROBE_TIMEOUT = 3.0
#: A system player still running this long after its clip should have ended is stuck.
PLAYER_GRACE = 2.0


class BackendError(Exception):
    """This backend cannot play; the message says why, in the user's terms."""


@dataclass(frozen=True)
class Clip:
    """A decoded sound, volume applied, plus a WAV file holding exactly those frames
    (for players that read files)."""

    sound: Sound
    path: Path


class Backend(Protocol):
    name: str
    #: True if `play` must run on the app's event-loop thread (the bell touches the UI).
    inline: bool

    def start(self, report_failure: FailureReport, probe: Clip) -> None:
        """Really try the backend with the silent `probe` clip; raise BackendError if it
        cannot play. May block (the player bounds it with a timeout)."""

    def can_play(self, clip: Clip) -> str | None:
        """Why this backend cannot play `clip`'s format, or None if it can."""

    def load(self, event: SoundEvent, clip: Clip) -> None:
        """Remember the clip for `event` (called at start-up, before any `play`)."""

    def play(self, event: SoundEvent) -> None:
        """Start playing `event`'s clip and return at once."""

    def check(self) -> None:
        """Notice a stuck player (called before each play); report it as a failure."""

    def wait_done(self, timeout: float) -> bool:
        """Block until everything started has finished (reports and tests only)."""

    def close(self) -> None:
        """Stop everything; never raises."""


class BaseBackend:
    """Defaults for the optional parts of the protocol."""

    name = "base"
    inline = False

    def __init__(self) -> None:
        self.clips: dict[SoundEvent, Clip] = {}
        self.report_failure: FailureReport = _ignore_failure

    def start(self, report_failure: FailureReport, probe: Clip) -> None:
        self.report_failure = report_failure

    def can_play(self, clip: Clip) -> str | None:
        return None

    def load(self, event: SoundEvent, clip: Clip) -> None:
        self.clips[event] = clip

    def play(self, event: SoundEvent) -> None:
        return None

    def check(self) -> None:
        return None

    def wait_done(self, timeout: float) -> bool:
        return True

    def close(self) -> None:
        return None


def _ignore_failure(_reason: str, _event: SoundEvent | None) -> None:
    return None


def terminal_bell(_event: SoundEvent) -> None:
    """The default bell: BEL on stdout. The app passes its own `on_bell`, because
    Textual owns the terminal while it runs."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.write("\a")
        sys.stdout.flush()


class BellBackend(BaseBackend):
    """The terminal bell plus whatever visible flash the app does in `ring`.

    Last resort: it works everywhere, but many terminals mute the bell, hence the flash.
    """

    name = "bell"
    inline = True

    def __init__(self, ring: Ring | None = None, *, pips: bool = True) -> None:
        super().__init__()
        self.ring: Ring = ring if ring is not None else terminal_bell
        self.pips = pips  # config `bell_pips`: the 3-2-1 pips ring it too

    def rings_for(self, event: SoundEvent) -> bool:
        return self.pips or event is not SoundEvent.PIP

    def play(self, event: SoundEvent) -> None:
        if self.rings_for(event):
            self.ring(event)


class OffBackend(BaseBackend):
    """Sound switched off in the config (`backend = "off"`), or nothing else worked."""

    name = "off"


@dataclass
class _Running:
    process: subprocess.Popen[bytes]
    event: SoundEvent
    deadline: float


class SystemPlayerBackend(BaseBackend):
    """A command-line player found on PATH (`pw-play`, `paplay`, `aplay`, `afplay`).

    Each cue is a subprocess with its output thrown away (a player's messages would
    garble the screen) and in its own session (keys and Ctrl+C go to the app only; on
    Windows the flag is ignored). Spawning happens on a worker thread, so `play` only
    queues; a player that outlives its clip by `grace` seconds is killed and counts as
    failed.
    """

    def __init__(
        self,
        name: str,
        argv: Sequence[str] | None = None,
        *,
        which: Callable[[str], str | None] = shutil.which,
        probe_timeout: float = PROBE_TIMEOUT,
        grace: float = PLAYER_GRACE,
        clock: Clock = time.monotonic,
        env: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self._env = env
        self.argv = tuple(argv) if argv is not None else (name,)
        self._which = which
        self._probe_timeout = probe_timeout
        self._grace = grace
        self._clock = clock
        self._command: tuple[str, ...] = ()
        self._cond = threading.Condition()
        self._queue: deque[SoundEvent] = deque()
        self._running: list[_Running] = []
        self._busy = False
        self._closing = False
        self._failed = False
        self._worker: threading.Thread | None = None

    def start(self, report_failure: FailureReport, probe: Clip) -> None:
        super().start(report_failure, probe)
        with self._cond:
            self._closing = False
            self._failed = False
        executable = self._which(self.argv[0])
        if executable is None:
            raise BackendError(f"{self.argv[0]} is not installed (not found on PATH)")
        self._command = (executable, *self.argv[1:])
        try:
            result = subprocess.run(
                [*self._command, str(probe.path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=self._probe_timeout,
                env=self._env,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired:
            raise BackendError(
                f"{self.name} did not finish a silent test clip within {self._probe_timeout:g} s"
            ) from None
        except OSError as error:
            raise BackendError(
                f"{self.name} could not be started ({error.strerror or error})"
            ) from None
        if result.returncode != 0:
            raise BackendError(
                f"{self.name} failed (exit status {result.returncode}{_last_line(result.stderr)})"
            )
        self._worker = threading.Thread(
            target=self._work, name=f"runtimer-{self.name}", daemon=True
        )
        self._worker.start()

    def play(self, event: SoundEvent) -> None:
        with self._cond:
            self._queue.append(event)
            self._cond.notify_all()

    def check(self) -> None:
        self.reap()

    def reap(self) -> None:
        """Collect finished players; kill those past their deadline. Failures are
        reported (once: the player then falls through to another backend)."""
        now = self._clock()
        failures: list[tuple[str, SoundEvent]] = []
        with self._cond:
            still: list[_Running] = []
            for running in self._running:
                code = running.process.poll()
                if code is None and now > running.deadline:
                    _kill(running.process)
                    failures.append(
                        (
                            f"{self.name} was still running {self._grace:g} s after its clip "
                            "should have ended, so it was stopped",
                            running.event,
                        )
                    )
                elif code is None:
                    still.append(running)
                elif code != 0 and not self._closing:
                    failures.append((f"{self.name} exited with status {code}", running.event))
            self._running = still
            # Report before waking `wait_done`, so a waiter sees the switch under way.
            self._fail(failures)
            self._cond.notify_all()

    def wait_done(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue or self._running or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))  # the worker reaps and notifies
        return True

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._queue.clear()
            running, self._running = self._running, []
            self._cond.notify_all()
        for item in running:
            _kill(item.process)

    def wait_spawned(self, timeout: float) -> bool:
        """Block until every queued cue has its player process started (tests)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queue and not self._busy, timeout)

    def running_processes(self) -> list[subprocess.Popen[bytes]]:
        with self._cond:
            return [item.process for item in self._running]

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._cond.wait(0.05 if self._running else None)
                    if self._running:
                        break
                if self._closing:
                    return
                jobs = list(self._queue)
                self._queue.clear()
                self._busy = bool(jobs)
            for event in jobs:
                self._spawn(event)
            with self._cond:
                self._busy = False
                self._cond.notify_all()
            self.reap()

    def _spawn(self, event: SoundEvent) -> None:
        clip = self.clips.get(event)
        if clip is None:
            return
        try:
            process = subprocess.Popen(
                [*self._command, str(clip.path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=self._env,
                start_new_session=True,
            )
        except OSError as error:
            with self._cond:
                self._fail(
                    [(f"{self.name} could not be started ({error.strerror or error})", event)]
                )
            return
        deadline = self._clock() + clip.sound.duration + self._grace
        with self._cond:
            if self._closing:
                _kill(process)
                return
            self._running.append(_Running(process, event, deadline))

    def _fail(self, failures: list[tuple[str, SoundEvent]]) -> None:
        """Report the first failure, once. Called with `_cond` held."""
        if not failures or self._failed or self._closing:
            return
        self._failed = True
        reason, event = failures[0]
        self.report_failure(reason, event)


class WinsoundBackend(BaseBackend):
    """Windows' built-in player (the `winsound` module), asynchronous from a file."""

    name = "winsound"

    def __init__(self) -> None:
        super().__init__()
        self._module: Any = None

    def start(self, report_failure: FailureReport, probe: Clip) -> None:
        super().start(report_failure, probe)
        try:
            module = importlib.import_module("winsound")
        except ImportError:
            raise BackendError("winsound exists only on Windows") from None
        try:
            module.PlaySound(str(probe.path), module.SND_FILENAME | module.SND_NODEFAULT)
        except RuntimeError as error:
            raise BackendError(f"winsound failed ({error})") from None
        self._module = module

    def play(self, event: SoundEvent) -> None:
        clip = self.clips.get(event)
        if clip is None or self._module is None:
            return
        flags = self._module.SND_FILENAME | self._module.SND_ASYNC | self._module.SND_NODEFAULT
        self._module.PlaySound(str(clip.path), flags)

    def close(self) -> None:
        if self._module is not None:
            with contextlib.suppress(Exception):
                self._module.PlaySound(None, 0)


#: Command-line players by platform, in the order they are tried. PipeWire and
#: PulseAudio first: they mix with other apps; bare `aplay` may find the card busy.
LINUX_PLAYERS: tuple[tuple[str, ...], ...] = (("pw-play",), ("paplay",), ("aplay", "-q"))
MACOS_PLAYERS: tuple[tuple[str, ...], ...] = (("afplay",),)


def system_backends(
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
    timeout: float = PROBE_TIMEOUT,
) -> list[Backend]:
    if platform == "win32":
        return [WinsoundBackend()]
    players = MACOS_PLAYERS if platform == "darwin" else LINUX_PLAYERS
    return [
        SystemPlayerBackend(argv[0], argv, which=which, probe_timeout=timeout) for argv in players
    ]


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        process.wait(timeout=1.0)


def _last_line(stderr: bytes | None) -> str:
    lines = [line.strip() for line in (stderr or b"").decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    return f": {lines[-1]}" if lines else ""
