"""`runtimer sound`: print the sound check (`runtimer.core.audio.check`) as it runs,
then the voice check (`runtimer.core.voice.check`).

Each line appears as its step happens: a cue's line is written up to the colon before
the cue plays, so a user who hears nothing sees which cue it was; the voice line the
same way before its phrase is spoken. Everything taken from a file (the config's path
and values, a sound's path, notices, a backend's reason, which quotes program output,
a voice's name) goes through `shown`. The voice is optional: it never changes the exit
status.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import TextIO, assert_never

from runtimer.cli.output import EXIT_OK, EXIT_PROBLEM, shown
from runtimer.core.audio.assets import LoadedSound
from runtimer.core.audio.backends import PROBE_TIMEOUT, Backend, Ring
from runtimer.core.audio.check import (
    BackendChecked,
    BackendVerdict,
    CheckDone,
    ConfigRead,
    CueOutcome,
    CuePlayed,
    CueStarting,
    Notice,
    PlaybackStarting,
    PlayerReady,
    check_sound,
)
from runtimer.core.audio.wav import bundled_sounds_dir
from runtimer.core.config import VoiceConfig, default_config_path, load_config
from runtimer.core.voice.check import (
    VoiceFound,
    VoiceMissing,
    VoiceOff,
    VoiceOutcome,
    VoiceSaid,
    check_voice,
)
from runtimer.core.voice.speaker import SPEECH_BOUND, Which

HINT = (
    "To hear real sounds: install simpleaudio (`pip install 'runtimer[audio]'`; on Linux it "
    "needs `apt-get install libasound2-dev` and a C compiler) or a player such as aplay "
    "(`apt-get install alsa-utils`), and check that a sound device is available."
)
_OUTCOMES = {
    CueOutcome.PLAYED: "played",
    CueOutcome.RANG_BELL: "rang the bell",
    CueOutcome.NOT_RUNG: "silent: only the bell works, and bell_pips = false",
    CueOutcome.SILENT: "silent (sound is off)",
    CueOutcome.UNFINISHED: "did not finish",
}
#: What to install for a voice, by platform (`sys.platform`); others: the first.
VOICE_HINTS = {
    "linux": "install espeak-ng or speech-dispatcher for spoken cues",
    "darwin": "the voice uses macOS's own say program, which should be in /usr/bin",
    "win32": "the voice uses Windows' own speech through PowerShell, which should be on PATH",
}


def sound_report(
    out: TextIO,
    *,
    config_path: Path | None = None,
    state_path: Path | None = None,
    backends: Sequence[Backend] | None = None,
    on_bell: Ring | None = None,
    sounds_dir: Path | None = None,
    start_timeout: float = PROBE_TIMEOUT,
    voice_which: Which = shutil.which,
    voice_platform: str = sys.platform,
    voice_timeout: float = SPEECH_BOUND,
) -> int:
    """Print the report to `out`; 0 if real sound plays (or the config asks for the bell
    or silence), 1 if runtimer has to fall back to the bell, whatever the voice does.
    The keyword arguments are `check_sound`'s and, `voice_*`, `check_voice`'s (tests)."""
    write = out.write
    write("runtimer sound check\n\n")
    width = 4
    code = EXIT_PROBLEM
    steps = check_sound(
        config_path=config_path,
        state_path=state_path,
        backends=backends,
        on_bell=on_bell,
        sounds_dir=sounds_dir,
        start_timeout=start_timeout,
    )
    with closing(steps):
        for step in steps:
            match step:
                case ConfigRead(path, found, volume, backend):
                    missing = "" if found else " (not found: all defaults)"
                    write(f"Config:  {shown(path)}{missing}\n")
                    write(f"Volume:  {round(volume * 100)} %\n")
                    write(f'Backend setting: "{shown(backend)}"\n')
                case PlayerReady(muted, notices, names):
                    if muted:
                        write(
                            "Muted in the app: yes (press m in the app to unmute; "
                            "played here anyway)\n"
                        )
                    else:
                        write("Muted in the app: no\n")
                    for notice in notices:
                        write(f"\nNotice: {shown(notice)}\n")
                    write("\nBackends, in the order runtimer tries them:\n")
                    width = max((len(name) for name in names), default=4)
                case BackendChecked(name, verdict, reason):
                    write(f"  {name.ljust(width)}  {shown(_verdict(verdict, reason))}\n")
                case PlaybackStarting(backend):
                    write(f"\nPlaying each sound with {backend}:\n")
                case CueStarting(item):
                    label = item.event.label.ljust(9)
                    write(f"  {label}  {_origin(item)} ({item.sound.describe()}): ")
                    out.flush()  # the line so far, while the cue plays
                case CuePlayed(_, outcome):
                    write(f"{_OUTCOMES[outcome]}\n")
                case Notice(text):
                    write(f"Notice: {shown(text)}\n")
                case CheckDone(backend, fell_back):
                    write(f"\nIn use: {backend}\n")
                    if fell_back:
                        write(f"\nNo backend that plays real sound works here. {HINT}\n")
                    code = EXIT_PROBLEM if fell_back else EXIT_OK
                case _:
                    assert_never(step)
    config_path = config_path if config_path is not None else default_config_path()
    config, _ = load_config(config_path)  # its problems were notices above
    voice_report(
        out,
        config.voice,
        config_path,
        state_path=state_path,
        which=voice_which,
        platform=voice_platform,
        timeout=voice_timeout,
    )
    return code


def voice_report(
    out: TextIO,
    config: VoiceConfig,
    config_path: Path,
    *,
    state_path: Path | None = None,
    which: Which = shutil.which,
    platform: str = sys.platform,
    timeout: float = SPEECH_BOUND,
) -> None:
    """The voice section: which program speaks, and what happened when it did."""
    write = out.write
    steps = check_voice(
        config, state_path=state_path, which=which, platform=platform, timeout=timeout
    )
    phrase = ""
    with closing(steps):
        for step in steps:
            match step:
                case VoiceOff():
                    write(f"\nVoice: off (enabled = false in {shown(config_path)})\n")
                case VoiceMissing(tried, configured, reason):
                    if configured:
                        name = shown(tried[0])
                        write(
                            f'\nVoice: {name} not found on PATH (program = "{name}" in '
                            f"{shown(config_path)}); remove that line to use the first "
                            "speech program found\n"
                        )
                    else:
                        hint = VOICE_HINTS.get(platform, VOICE_HINTS["linux"])
                        write(f"\nVoice: {shown(reason)}; {hint}\n")
                case VoiceFound(program, path, rate, voice, phrase, off_in_app):
                    write("\n")
                    if off_in_app:
                        write(
                            "Voice off in the app: yes (press v in the app to turn it on; "
                            "said here anyway)\n"
                        )
                    write(f"Voice: {program} ({shown(path)}), {_settings(rate, voice)}: ")
                    out.flush()  # the line so far, while the phrase is spoken
                case VoiceSaid(outcome, detail):
                    write(f"{_voice_outcome(outcome, detail, phrase)}\n")
                case _:
                    assert_never(step)


def _settings(rate: int | None, voice: str | None) -> str:
    """`rate 170, voice en-gb`, or `its own rate and voice` for what is not set."""
    if rate is None and voice is None:
        return "its own rate and voice"
    rate_text = f"rate {rate}" if rate is not None else "its own rate"
    voice_text = f"voice {shown(voice)}" if voice is not None else "its own voice"
    return f"{rate_text}, {voice_text}"


def _voice_outcome(outcome: VoiceOutcome, detail: str, phrase: str) -> str:
    if outcome is VoiceOutcome.SAID and not detail:
        return f'said "{phrase}"'
    if outcome is VoiceOutcome.SAID:
        return (
            f'said "{phrase}", but it printed: {shown(detail)} '
            "(if you heard nothing, check that a sound device is available)"
        )
    if outcome is VoiceOutcome.FAILED:
        return f"failed: {shown(detail)}"
    return f"did not finish: {shown(detail)}, so it was stopped"


def _verdict(verdict: BackendVerdict, reason: str) -> str:
    if verdict is BackendVerdict.IN_USE:
        return "works (in use)"
    if verdict is BackendVerdict.WORKS_TOO:
        return "works too (not needed)"
    if verdict is BackendVerdict.NOT_NEEDED:
        return "not needed"
    return f"does not work: {reason}"


def _origin(item: LoadedSound) -> str:
    """Where a cue's sound came from: the user's file, or which built-in one."""
    if item.source is None:
        return "plain beep (built-in file missing)"
    if item.custom:
        return shown(item.source)
    try:
        return f"built-in {item.source.relative_to(bundled_sounds_dir())}"
    except ValueError:
        return f"built-in {item.source}"
