"""The voice half of `runtimer sound`: is there a voice, which program, and does it
really speak?

Like the sound check it yields its steps as they happen (saying the phrase takes a
second or two, and a user who hears nothing should already see which program was
run) and prints nothing: `runtimer.cli.sound` words them. The phrase is said the way
the app says it (the same argv), but waited for, with the program's complaints kept,
so a failure can be reported with its reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Generator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from runtimer.core.config import VoiceConfig
from runtimer.core.state import load_voice
from runtimer.core.voice.speaker import (
    SPEECH_BOUND,
    SpeechProgram,
    Which,
    command_env,
    exit_text,
    find_program,
    popen_flags,
    silence,
    speech_command,
)

CHECK_PHRASE = "runtimer voice check"
#: The end of a program's complaints kept, to find its last line.
MAX_STDERR = 64 * 1024


@dataclass(frozen=True)
class VoiceOff:
    """`[voice] enabled = false`: the config switched the voice off; nothing tried."""


@dataclass(frozen=True)
class VoiceMissing:
    """No speech program found."""

    tried: tuple[str, ...]
    configured: bool  # `[voice] program` named the only one to look for
    reason: str


@dataclass(frozen=True)
class VoiceFound:
    """About to say `phrase` with `program`; `VoiceSaid` follows once it has ended."""

    program: str
    path: str
    rate: int | None  # None: the program's own
    voice: str | None
    phrase: str
    #: The user turned the voice off with `v` in the app (the check speaks anyway).
    off_in_app: bool


class VoiceOutcome(Enum):
    SAID = "said"  # exited with status 0
    FAILED = "failed"  # could not start, or exited with another status
    UNFINISHED = "unfinished"  # still running after the timeout, so it was killed


@dataclass(frozen=True)
class VoiceSaid:
    outcome: VoiceOutcome
    #: FAILED, UNFINISHED: why. SAID: the last line it printed on stderr, if any
    #: (espeak-ng exits 0 without a sound device, complaining there).
    detail: str = ""


VoiceStep = VoiceOff | VoiceMissing | VoiceFound | VoiceSaid


def check_voice(
    config: VoiceConfig,
    *,
    state_path: Path | None = None,
    which: Which = shutil.which,
    platform: str = sys.platform,
    timeout: float = SPEECH_BOUND,
) -> Generator[VoiceStep, None, None]:
    """Yield `VoiceOff`, or `VoiceMissing`, or `VoiceFound` then `VoiceSaid`."""
    if config.enabled is False:
        yield VoiceOff()
        return
    lookup = find_program(config, which=which, platform=platform)
    if lookup.found is None:
        yield VoiceMissing(lookup.tried, lookup.configured, lookup.reason)
        return
    program = lookup.found
    off_in_app = load_voice(state_path) is False
    yield VoiceFound(
        program.name, program.path, config.rate, config.voice, CHECK_PHRASE, off_in_app
    )
    yield say_and_wait(program, config, CHECK_PHRASE, timeout)


def say_and_wait(
    program: SpeechProgram, config: VoiceConfig, text: str, timeout: float
) -> VoiceSaid:
    """Say `text` with `program` and wait (at most `timeout` s) for it to finish.

    Its stderr goes to a temporary file, not a pipe: a daemon it starts (spd-say
    starts speech-dispatcher) may keep a pipe open long after the program is done.
    """
    with tempfile.TemporaryFile() as errors:
        try:
            command = speech_command(program, text, rate=config.rate, voice=config.voice)
            result = subprocess.run(
                command.argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=command_env(command),
                timeout=timeout,
                start_new_session=True,
                creationflags=popen_flags(),
            )
        except subprocess.TimeoutExpired:
            silence(program)
            return VoiceSaid(VoiceOutcome.UNFINISHED, f"still speaking after {timeout:g} s")
        except OSError as error:
            reason = f"could not be started ({error.strerror or error})"
            return VoiceSaid(VoiceOutcome.FAILED, reason)
        except (ValueError, subprocess.SubprocessError) as error:  # a NUL in a voice name
            return VoiceSaid(VoiceOutcome.FAILED, f"could not be started ({error})")
        size = errors.seek(0, os.SEEK_END)
        errors.seek(max(0, size - MAX_STDERR))
        complaint = _last_line(errors.read())
    if result.returncode != 0:
        detail = exit_text(result.returncode) + (f": {complaint}" if complaint else "")
        return VoiceSaid(VoiceOutcome.FAILED, detail)
    return VoiceSaid(VoiceOutcome.SAID, complaint)


def _last_line(stderr: bytes | None) -> str:
    lines = [line.strip() for line in (stderr or b"").decode("utf-8", "replace").splitlines()]
    return next((line for line in reversed(lines) if line), "")
