"""`runtimer sound`: play every cue and say which backend works, and why others do not.

This is the first thing to run when a user says "I hear nothing", so it shows
everything that decides the outcome: the config, the mute state, each backend's
result in the order they are tried, and each cue as it plays.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from runtimer.core.audio.backends import PROBE_TIMEOUT, Backend, Clip, Ring
from runtimer.core.audio.config import default_config_path, load_sound_config
from runtimer.core.audio.events import SoundEvent
from runtimer.core.audio.player import create_player, fallback_notice, run_bounded
from runtimer.core.audio.wav import bundled_sounds_dir
from runtimer.core.safetext import terminal_safe

SILENT_BACKENDS = ("bell", "off")
HINT = (
    "To hear real sounds: install simpleaudio (`pip install 'runtimer[audio]'`; on Linux it "
    "needs `apt-get install libasound2-dev` and a C compiler) or a player such as aplay "
    "(`apt-get install alsa-utils`), and check that a sound device is available."
)


def sound_report(
    out: TextIO = sys.stdout,
    *,
    config_path: Path | None = None,
    state_path: Path | None = None,
    backends: Sequence[Backend] | None = None,
    on_bell: Ring | None = None,
    sounds_dir: Path | None = None,
    start_timeout: float = PROBE_TIMEOUT,
) -> int:
    """Print the report to `out`; 0 if real sound plays (or the config asks for the bell
    or silence), 1 if runtimer has to fall back to the bell."""
    config_path = config_path if config_path is not None else default_config_path()
    config, _ = load_sound_config(config_path)  # notices come from the player below
    write = out.write
    write("runtimer sound check\n\n")
    found = "" if config_path.is_file() else " (not found: all defaults)"
    write(f"Config:  {terminal_safe(str(config_path))}{found}\n")
    write(f"Volume:  {round(config.volume * 100)} %\n")
    write(f'Backend setting: "{terminal_safe(config.backend)}"\n')
    player = create_player(
        config_path,
        state_path,
        on_bell=on_bell,
        backends=backends,
        sounds_dir=sounds_dir,
        start_timeout=start_timeout,
    )
    with player:
        if player.muted:
            write("Muted in the app: yes (press m in the app to unmute; played here anyway)\n")
            player._muted = False  # for this check only; the saved choice is untouched
        else:
            write("Muted in the app: no\n")
        summary = fallback_notice(player.statuses)  # the table below says it in full
        for notice in player.notices:
            if notice != summary:
                write(f"\nNotice: {terminal_safe(notice)}\n")

        write("\nBackends, in the order runtimer tries them:\n")
        width = max((len(status.name) for status in player.statuses), default=4)
        untried = list(player.remaining_backends)
        for status in player.statuses:
            if status.ok:
                result = "works (in use)"
            elif status.tried:
                result = f"does not work: {status.reason}"
            elif status.name == "off" or not untried:
                result = "not needed"
            else:
                result = _try_spare(untried.pop(0), player.probe_clip, start_timeout)
            write(f"  {status.name.ljust(width)}  {terminal_safe(result)}\n")

        write(f"\nPlaying each sound with {player.backend_name}:\n")
        seen = len(player.notices)
        for event in SoundEvent:
            item = player.sounds[event]
            if item.source is None:
                origin = "plain beep (built-in file missing)"
            elif item.custom:
                origin = terminal_safe(str(item.source))
            else:
                origin = f"built-in {_short(item.source)}"
            write(f"  {event.label.ljust(9)}  {origin} ({item.sound.describe()}): ")
            out.flush()
            player.play(event)
            done = player.wait_done(item.sound.duration + start_timeout)
            write(f"{_outcome(player.backend_name)}\n" if done else "did not finish\n")
        for notice in player.notices[seen:]:
            write(f"Notice: {terminal_safe(notice)}\n")

        name = player.backend_name
        write(f"\nIn use: {name}\n")
        if name in SILENT_BACKENDS and config.backend not in SILENT_BACKENDS:
            write(f"\nNo backend that plays real sound works here. {HINT}\n")
            return 1
        return 0


def _try_spare(backend: Backend, probe: Clip, timeout: float) -> str:
    """Try a backend the player did not need, then put it back as it was."""
    if backend.name == "off":
        return "not needed"
    reason = run_bounded(backend, lambda: backend.start(_ignore, probe), timeout)
    backend.close()
    return "works too (not needed)" if reason is None else f"does not work: {reason}"


def _outcome(backend: str) -> str:
    if backend == "bell":
        return "rang the bell"
    if backend == "off":
        return "silent (sound is off)"
    return "played"


def _ignore(_reason: str, _event: SoundEvent | None) -> None:
    return None


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(bundled_sounds_dir()))
    except ValueError:
        return str(path)
