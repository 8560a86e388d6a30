"""`runtimer sound`: print the sound check (`runtimer.core.audio.check`) as it runs.

Each line appears as its step happens: a cue's line is written up to the colon before
the cue plays, so a user who hears nothing sees which cue it was. Everything taken
from a file (the config's path and values, a sound's path, notices, a backend's
reason, which quotes program output) goes through `shown`.
"""

from __future__ import annotations

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

HINT = (
    "To hear real sounds: install simpleaudio (`pip install 'runtimer[audio]'`; on Linux it "
    "needs `apt-get install libasound2-dev` and a C compiler) or a player such as aplay "
    "(`apt-get install alsa-utils`), and check that a sound device is available."
)
_OUTCOMES = {
    CueOutcome.PLAYED: "played",
    CueOutcome.RANG_BELL: "rang the bell",
    CueOutcome.SILENT: "silent (sound is off)",
    CueOutcome.UNFINISHED: "did not finish",
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
) -> int:
    """Print the report to `out`; 0 if real sound plays (or the config asks for the bell
    or silence), 1 if runtimer has to fall back to the bell. The keyword arguments are
    `check_sound`'s (tests)."""
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
    return code


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
