"""Speaking a phrase through the system's text-to-speech program.

runtimer does not synthesise speech itself: it runs whichever speech program the
system has, found once on PATH, in the order of `VOICE_PROGRAMS` (speech-dispatcher's
`spd-say`, `espeak-ng`, `espeak`, macOS `say`, Windows' SAPI through `powershell`),
or only the one `[voice] program` names.

`Speaker.say` is called on the UI thread in the middle of a countdown, so it only
hands the phrase to a worker thread, which starts the program (the same design as
`SystemPlayerBackend`: a condition, a worker, reaping, killing). The program's output
is thrown away (it would garble the screen), it runs in its own session (Ctrl+C goes
to the app only), a newer phrase cuts off a stale one still being spoken, and one
still running after `bound` seconds is killed. Nothing here raises for a program that
cannot start, fails or hangs: that becomes `Speaker.failure`, one sentence.

The text is data, partly from routine files: it is passed as one argv element after
`--` (or after a leading space where `--` is not known to work), or to a fixed
PowerShell script through an environment variable; never through a shell.
"""

from __future__ import annotations

import base64
import contextlib
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from runtimer.core.config import VOICE_PROGRAMS, VoiceConfig
from runtimer.core.voice.text import speakable

Clock = Callable[[], float]
Which = Callable[[str], str | None]
#: `on_failure(reason)`: called once, on the worker thread, when speaking first fails.
FailureReport = Callable[[str], None]

#: A phrase is a few words: a program still speaking after this long is stuck.
SPEECH_BOUND = 10.0
#: How long `spd-say --cancel` may take to tell speech-dispatcher to be quiet.
CANCEL_TIMEOUT = 1.0
#: How often the worker looks at a running program while nothing else happens.
REAP_INTERVAL = 0.05

#: The platforms each program is tried on when the config names none: macOS `say`
#: and Windows' SAPI exist only there (a Linux `say` is some other program).
PLATFORMS: Mapping[str, tuple[str, ...] | None] = {
    "spd-say": None,  # None: everywhere
    "espeak-ng": None,
    "espeak": None,
    "say": ("darwin",),
    "powershell": ("win32",),
}

#: Words per minute each program speaks at by default, for mapping `rate` onto the
#: relative scales of speech-dispatcher (-100..100) and SAPI (-10..10).
SPD_NORMAL_WPM, SPD_MIN_WPM, SPD_MAX_WPM = 170, 80, 390
SAPI_NORMAL_WPM = 180

#: The environment variables the fixed PowerShell script reads its text, rate and
#: voice from: data, never part of the script.
PS_TEXT, PS_RATE, PS_VOICE = "RUNTIMER_SPEECH_TEXT", "RUNTIMER_SPEECH_RATE", "RUNTIMER_SPEECH_VOICE"
POWERSHELL_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    f"if ($env:{PS_RATE}) {{ $s.Rate = [int]$env:{PS_RATE} }}; "
    f"if ($env:{PS_VOICE}) {{ $s.SelectVoice($env:{PS_VOICE}) }}; "
    f"$s.Speak($env:{PS_TEXT})"
)


@dataclass(frozen=True)
class SpeechProgram:
    """A speech program found on this system."""

    name: str  # one of VOICE_PROGRAMS
    path: str  # the executable, as found on PATH


@dataclass(frozen=True)
class Lookup:
    """What looking for a speech program found, and what it tried."""

    found: SpeechProgram | None
    tried: tuple[str, ...]  # in order; just the configured one when `program` is set
    configured: bool  # `[voice] program` named the one to use

    @property
    def reason(self) -> str:
        """Why there is no voice, in a few words ("" when a program was found)."""
        if self.found is not None:
            return ""
        if self.configured:
            return f"{self.tried[0]} is not installed (not found on PATH)"
        return "no speech program found (tried " + ", ".join(self.tried) + ")"


@dataclass(frozen=True)
class Command:
    """One run of a speech program: its argv and the environment it needs on top of
    the caller's."""

    argv: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)


def programs_to_try(config: VoiceConfig, platform: str = sys.platform) -> tuple[str, ...]:
    """The speech programs to look for, in order."""
    if config.program is not None:
        return (config.program,)
    return tuple(
        name
        for name in VOICE_PROGRAMS
        if (where := PLATFORMS.get(name)) is None or platform in where
    )


def find_program(
    config: VoiceConfig, *, which: Which = shutil.which, platform: str = sys.platform
) -> Lookup:
    """Look on PATH for the first speech program to use (whatever `enabled` says)."""
    tried = programs_to_try(config, platform)
    for name in tried:
        path = which(name)
        if path is not None:
            used = tried[: tried.index(name) + 1]
            return Lookup(SpeechProgram(name, path), used, config.program is not None)
    return Lookup(None, tried, config.program is not None)


def speech_command(
    program: SpeechProgram,
    text: str,
    *,
    rate: int | None = None,
    voice: str | None = None,
    wav: Path | None = None,
) -> Command:
    """How to make `program` say `text` (already `speakable`), waiting until it has.

    `wav`: write the speech to this file instead of speaking it (espeak-ng and espeak
    only; the tests listen to the real voice this way).
    """
    name, argv = program.name, [program.path]
    if wav is not None and name not in ("espeak-ng", "espeak"):
        raise ValueError(f"{name} cannot write a WAV file")
    if name in ("espeak-ng", "espeak"):
        if rate is not None:
            argv += ["-s", str(rate)]
        if voice is not None:
            argv += ["-v", voice]
        if wav is not None:
            argv += ["-w", str(wav)]
        return Command((*argv, "--", text))
    if name == "spd-say":
        # -w: wait until it is spoken, so the process lasts as long as the speech.
        argv.append("-w")
        if rate is not None:
            argv += ["-r", str(spd_rate(rate))]
        if voice is not None:
            argv += ["-y", voice]
        return Command((*argv, "--", text))
    if name == "say":
        if rate is not None:
            argv += ["-r", str(rate)]
        if voice is not None:
            argv += ["-v", voice]
        # Whether `say` honours `--` is not documented; a leading space is never an option.
        return Command((*argv, f" {text}" if text.startswith("-") else text))
    if name == "powershell":
        env = {PS_TEXT: text}
        if rate is not None:
            env[PS_RATE] = str(sapi_rate(rate))
        if voice is not None:
            env[PS_VOICE] = voice
        encoded = base64.b64encode(POWERSHELL_SCRIPT.encode("utf-16-le")).decode("ascii")
        return Command((*argv, "-NoProfile", "-NonInteractive", "-EncodedCommand", encoded), env)
    raise ValueError(f"{name} is not a speech program runtimer knows")


def cancel_command(program: SpeechProgram) -> Command | None:
    """How to silence speech the program started and that outlives its process:
    speech-dispatcher keeps speaking after `spd-say` is killed. None: killing is enough."""
    if program.name == "spd-say":
        return Command((program.path, "-C"))
    return None


def silence(program: SpeechProgram, env: Mapping[str, str] | None = None) -> None:
    """After killing `program`: stop any speech it handed on (`cancel_command`), waiting
    at most `CANCEL_TIMEOUT`; never raises."""
    cancel = cancel_command(program)
    if cancel is None:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            cancel.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=command_env(cancel, env),
            timeout=CANCEL_TIMEOUT,
            start_new_session=True,
            creationflags=popen_flags(),
        )


def spd_rate(wpm: int) -> int:
    """Words per minute on speech-dispatcher's -100..100 scale (0 is its normal rate,
    which its espeak module speaks at about 170 wpm)."""
    if wpm >= SPD_NORMAL_WPM:
        scaled = (wpm - SPD_NORMAL_WPM) * 100 / (SPD_MAX_WPM - SPD_NORMAL_WPM)
    else:
        scaled = (wpm - SPD_NORMAL_WPM) * 100 / (SPD_NORMAL_WPM - SPD_MIN_WPM)
    return max(-100, min(100, round(scaled)))


def sapi_rate(wpm: int) -> int:
    """Words per minute on SAPI's -10..10 scale: 0 is about 180 wpm, 10 about three
    times as fast, -10 a third as fast."""
    return max(-10, min(10, round(10 * math.log(wpm / SAPI_NORMAL_WPM) / math.log(3))))


def command_env(command: Command, base: Mapping[str, str] | None = None) -> dict[str, str] | None:
    """The environment to run `command` in: `base` (None: this process's) plus what
    the command needs; None when that is this process's own, unchanged."""
    if not command.env:
        return dict(base) if base is not None else None
    return {**(base if base is not None else os.environ), **command.env}


def exit_text(code: int) -> str:
    """`exited with status 1`, or `was killed by signal 9` (a negative status)."""
    return f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"


def popen_flags() -> int:
    """No console window flashing up on Windows for each phrase (0 elsewhere)."""
    return int(getattr(subprocess, "CREATE_NO_WINDOW", 0))


@dataclass
class _Running:
    process: subprocess.Popen[bytes]
    deadline: float


class Speaker:
    """Says phrases through one speech program, never blocking the caller.

    `said` is every phrase handed over and when (by `clock`), for the tests and the
    record; a muted speaker says nothing and records nothing.
    """

    def __init__(
        self,
        program: SpeechProgram,
        *,
        rate: int | None = None,
        voice: str | None = None,
        clock: Clock = time.monotonic,
        bound: float = SPEECH_BOUND,
        env: Mapping[str, str] | None = None,
        on_failure: FailureReport | None = None,
        muted: bool = False,
    ) -> None:
        self.program = program
        self.rate = rate
        self.voice = voice
        self.said: list[tuple[float, str]] = []
        self._clock = clock
        self._bound = bound
        self._env = dict(env) if env is not None else None
        self.on_failure = on_failure
        self._cond = threading.Condition()
        self._muted = muted
        self._pending: str | None = None
        self._hush = False  # stop what is being said (muted)
        self._busy = False
        self._closing = False
        self._running: _Running | None = None
        self._failure: str | None = None
        self._worker: threading.Thread | None = None

    @property
    def name(self) -> str:
        return self.program.name

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def failure(self) -> str | None:
        """Why speaking failed the first time it did, or None."""
        with self._cond:
            return self._failure

    def set_muted(self, muted: bool) -> None:
        """Mute (with the sounds, or `v`): a phrase being spoken stops at once."""
        with self._cond:
            self._muted = muted
            if muted:
                self._pending = None
                self._hush = self._running is not None or self._busy
                self._cond.notify_all()

    def say(self, text: str) -> None:
        """Start saying `text` and return at once; it cuts off a phrase still being
        spoken, which by now is out of date."""
        text = speakable(text)
        if not text:
            return
        with self._cond:
            if self._muted or self._closing:
                return
            self.said.append((self._clock(), text))
            self._pending = text
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._work, name=f"runtimer-voice-{self.name}", daemon=True
                )
                self._worker.start()
            self._cond.notify_all()

    def wait_spawned(self, timeout: float) -> bool:
        """Block until the last phrase's program has started (tests)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def wait_done(self, timeout: float) -> bool:
        """Block until nothing is being said (tests, and the end of `runtimer sound`)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._pending is None and not self._busy and self._running is None,
                timeout,
            )

    def running_processes(self) -> list[subprocess.Popen[bytes]]:
        with self._cond:
            return [self._running.process] if self._running is not None else []

    def close(self) -> None:
        """Stop speaking, for good; never raises."""
        with self._cond:
            self._closing = True
            self._pending = None
            running, self._running = self._running, None
            self._cond.notify_all()
        if running is not None:
            self._stop(running)

    def __enter__(self) -> Speaker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- the worker ----------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._hush and not self._closing:
                    if self._running is not None:
                        self._cond.wait(REAP_INTERVAL)
                        break
                    self._cond.wait()
                if self._closing:
                    return
                text, self._pending = self._pending, None
                hush, self._hush = self._hush, False
                stale: _Running | None = None
                if text is not None or hush:
                    stale, self._running = self._running, None
                self._busy = text is not None or stale is not None
            if stale is not None:
                code = stale.process.poll()
                if code is None:
                    self._stop(stale)  # out of date: a newer phrase, or muted
                elif code:
                    self._fail(f"{self.name} {exit_text(code)}")
            if text is not None:
                self._spawn(text)
            with self._cond:
                self._busy = False
                self._cond.notify_all()
            self._reap()

    def _spawn(self, text: str) -> None:
        try:
            command = speech_command(self.program, text, rate=self.rate, voice=self.voice)
            process = self._popen(command)
        except OSError as error:
            self._fail(f"{self.name} could not be started ({error.strerror or error})")
            return
        except (ValueError, subprocess.SubprocessError) as error:
            # An unknown program, or a NUL byte in a voice name: still no traceback
            # (a worker thread's would be printed over the app).
            self._fail(f"{self.name} could not be started ({error})")
            return
        with self._cond:
            if self._closing or self._muted:
                closing = True
            else:
                closing = False
                self._running = _Running(process, self._clock() + self._bound)
        if closing:
            self._stop(_Running(process, 0.0))

    def _reap(self) -> None:
        """Collect a finished program; kill one past its bound. Busy until that is
        done and any failure recorded, so `wait_done` returns only then."""
        with self._cond:
            running = self._running
            if running is None:
                return
            code = running.process.poll()
            overdue = code is None and self._clock() > running.deadline
            if code is None and not overdue:
                return
            self._running = None
            self._busy = True
        try:
            if overdue:
                self._stop(running)
                self._fail(
                    f"{self.name} was still speaking {self._bound:g} s after it started, "
                    "so it was stopped"
                )
            elif code:
                self._fail(f"{self.name} {exit_text(code)}")
        finally:
            with self._cond:
                self._busy = False
                self._cond.notify_all()

    def _stop(self, running: _Running) -> None:
        """Kill the program, and make speech-dispatcher drop what it was still saying."""
        _kill(running.process)
        silence(self.program, self._env)

    def _popen(self, command: Command) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            command.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self._environment(command),
            start_new_session=True,
            creationflags=popen_flags(),
        )

    def _environment(self, command: Command) -> dict[str, str] | None:
        return command_env(command, self._env)

    def _fail(self, reason: str) -> None:
        """Remember the first failure and report it, once."""
        with self._cond:
            if self._failure is not None or self._closing:
                return
            self._failure = reason
        if self.on_failure is not None:
            with contextlib.suppress(Exception):
                self.on_failure(reason)


def find_speaker(
    config: VoiceConfig,
    *,
    which: Which = shutil.which,
    platform: str = sys.platform,
    clock: Clock = time.monotonic,
    bound: float = SPEECH_BOUND,
    on_failure: FailureReport | None = None,
    muted: bool = False,
) -> Speaker | None:
    """The speaker the config asks for, or None: switched off (`enabled = false`) or
    no speech program found (`find_program` says which were tried)."""
    if config.enabled is False:
        return None
    found = find_program(config, which=which, platform=platform).found
    if found is None:
        return None
    return Speaker(
        found,
        rate=config.rate,
        voice=config.voice,
        clock=clock,
        bound=bound,
        on_failure=on_failure,
        muted=muted,
    )


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        process.wait(timeout=1.0)
