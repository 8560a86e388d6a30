"""Helpers for sound tests: hear what runtimer plays without a sound card.

ALSA can "play" into a file: its `file` plugin writes every sample it is given, and a
`null` slave throws the sound away instead of needing hardware. Any ALSA program
started with `ALSA_CONFIG_PATH` pointing at such a config (the simpleaudio helper
process, `aplay`) therefore leaves exactly the bytes it played in that file. The
config is self-contained (it replaces the system's alsa.conf), so a developer's own
~/.asoundrc or PipeWire setup cannot change the result.

Also here: a recording fake backend and a hand-advanced clock for the player tests.
Use them from any test: `from tests.audio_capture import alsa_capture, FakeBackend`.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from runtimer.core.audio.backends import BackendError, BaseBackend, Clip, FailureReport
from runtimer.core.audio.events import SoundEvent
from runtimer.core.audio.wav import bundled_sound_path

SIMPLEAUDIO = importlib.util.find_spec("simpleaudio") is not None
NO_SIMPLEAUDIO = (
    "simpleaudio is not installed: pip install simpleaudio-patched "
    "(needs apt-get install libasound2-dev); CI installs it, so these tests run there"
)


def alsa_env(tmp_path: Path, config: str) -> dict[str, str]:
    """The current environment with ALSA reading only `config`."""
    path = tmp_path / "asound.conf"
    path.write_text(config, encoding="utf-8")
    env = dict(os.environ)
    env["ALSA_CONFIG_PATH"] = str(path)
    return env


@dataclass
class Capture:
    """Everything ALSA programs run with `env` play is appended to `raw`."""

    env: dict[str, str]
    raw: Path

    def read(self) -> bytes:
        return self.raw.read_bytes() if self.raw.exists() else b""

    def mark(self) -> int:
        """Where the capture ends now; `since(mark)` is what was played after it."""
        return len(self.read())

    def since(self, mark: int) -> bytes:
        return self.read()[mark:]


def alsa_capture(tmp_path: Path) -> Capture:
    """An ALSA setup whose default device writes raw samples to a file.

    A `|cat >> file` pipe (not a plain file name) because ALSA truncates a plain file
    each time a sound opens the device; the pipe appends, so a sequence of sounds
    is captured in order. ALSA closes the pipe, waiting for `cat`, before a sound
    counts as finished, so after `wait_done()` the file is complete.
    """
    raw = tmp_path / "captured.raw"
    target = shlex.quote(str(raw))
    config = (
        "pcm.!default {\n"
        "    type file\n"
        "    slave.pcm { type null }\n"
        f'    file "|cat >> {target}"\n'
        '    format "raw"\n'
        "}\n"
    )
    return Capture(alsa_env(tmp_path, config), raw)


#: A default device on a sound card that does not exist: opening it fails as on a
#: machine (or CI runner) with no sound hardware, and ALSA prints its own error line
#: ("ALSA lib confmisc.c:...:(snd_config_get_card) Cannot get card index for NoSuchCard").
NO_CARD_CONFIG = 'pcm.!default { type hw card "NoSuchCard" }\n'


def stuck_device_env(tmp_path: Path) -> dict[str, str]:
    """A default device that blocks forever when opened, like a sound card another
    program holds: the file plugin waits to open a FIFO nobody reads."""
    fifo = tmp_path / "nobody-reads.fifo"
    os.mkfifo(fifo)
    config = (
        "pcm.!default {\n"
        "    type file\n"
        "    slave.pcm { type null }\n"
        f'    file "{fifo}"\n'
        '    format "raw"\n'
        "}\n"
    )
    return alsa_env(tmp_path, config)


def wav_frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as reader:
        return reader.readframes(reader.getnframes())


def bundled_frames(event: SoundEvent) -> bytes:
    return wav_frames(bundled_sound_path(event))


@dataclass
class Played:
    event: SoundEvent
    at: float  # the fake clock's time when play was called
    thread: int


@dataclass(eq=False)
class FakeBackend(BaseBackend):
    """A backend that records what it plays and can be told to fail.

    start_error: raise this from `start` (the backend "does not work here").
    block_start: block `start` until the event is set (a backend that hangs).
    fail_on_play: report this failure (asynchronously, like a dying helper) on play.
    """

    name: str = "fake"
    inline: bool = False
    start_error: str | None = None
    block_start: threading.Event | None = None
    fail_on_play: str | None = None
    cannot_play: str | None = None  # reason `can_play` refuses the user's files
    clock: Callable[[], float] | None = None  # what `played[].at` records
    played: list[Played] = field(default_factory=list)
    started: bool = False
    closed: bool = False

    def __post_init__(self) -> None:
        BaseBackend.__init__(self)
        self._reporters: list[threading.Thread] = []

    def start(self, report_failure: FailureReport, probe: Clip) -> None:
        super().start(report_failure, probe)
        if self.block_start is not None:
            self.block_start.wait()
        if self.start_error is not None:
            raise BackendError(self.start_error)
        self.started = True

    def can_play(self, clip: Clip) -> str | None:
        return self.cannot_play

    def play(self, event: SoundEvent) -> None:
        at = self.clock() if self.clock is not None else 0.0
        self.played.append(Played(event, at, threading.get_ident()))
        if self.fail_on_play is not None:
            reporter = threading.Thread(target=self.report_failure, args=(self.fail_on_play, event))
            reporter.start()
            self._reporters.append(reporter)

    def wait_done(self, timeout: float) -> bool:
        # Like the real backends: a failure is reported before "all done" is.
        for reporter in self._reporters:
            reporter.join(timeout)
        return True

    def close(self) -> None:
        self.closed = True

    @property
    def events(self) -> list[SoundEvent]:
        return [item.event for item in self.played]
