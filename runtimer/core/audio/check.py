"""The sound check behind `runtimer sound`: play every cue and find out which backend
works, and why the others do not.

This is the first thing to run when a user says "I hear nothing", so it covers
everything that decides the outcome: the config, the mute state, each backend's
result in the order they are tried, and each cue as it plays. `check_sound` yields
one step at a time, as it happens (trying a backend or playing a cue takes a moment),
and prints nothing: `runtimer.cli.sound` turns the steps into text.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from runtimer.core.audio.assets import LoadedSound
from runtimer.core.audio.backends import PROBE_TIMEOUT, Backend, Clip, Ring
from runtimer.core.audio.choice import fallback_notice, run_bounded
from runtimer.core.audio.create import create_player
from runtimer.core.audio.events import SoundEvent
from runtimer.core.config import default_config_path, load_sound_config

#: Backends that play no real sound: ending up with one is a problem to report, unless
#: the config asked for it.
SILENT_BACKENDS = ("bell", "off")


@dataclass(frozen=True)
class ConfigRead:
    """What the config file says, before any backend is tried."""

    path: Path
    found: bool  # False: there is no such file, so every setting is its default
    volume: float  # 0.0 to 1.0
    backend: str  # the `backend = ...` setting, as written (only the CLI escapes it)


@dataclass(frozen=True)
class PlayerReady:
    """The player is built and its backend chosen; the check plays even if `muted`,
    leaving the saved choice alone."""

    muted: bool
    #: Start-up notices, except the summary the backend steps say in full.
    notices: tuple[str, ...]
    #: Every backend's name, in the order they are tried: one `BackendChecked` each.
    backends: tuple[str, ...]


class BackendVerdict(Enum):
    IN_USE = "in use"  # the player chose it
    FAILED = "failed"  # it was tried and does not work (see `reason`)
    WORKS_TOO = "works too"  # a spare the player did not need, tried for the check
    NOT_NEEDED = "not needed"  # not tried: `off`, or nothing left to fall back to


@dataclass(frozen=True)
class BackendChecked:
    name: str
    verdict: BackendVerdict
    reason: str = ""  # why it does not work (FAILED only)


@dataclass(frozen=True)
class PlaybackStarting:
    """The cues are about to play, through `backend`."""

    backend: str


@dataclass(frozen=True)
class CueStarting:
    """About to play this cue; the next step (`CuePlayed`) comes once it has ended."""

    sound: LoadedSound


class CueOutcome(Enum):
    PLAYED = "played"
    RANG_BELL = "rang the bell"
    NOT_RUNG = "not rung"  # only the bell works, and `bell_pips = false` leaves pips out
    SILENT = "silent"  # the `off` backend
    UNFINISHED = "unfinished"  # still playing (or switching backends) after its time


@dataclass(frozen=True)
class CuePlayed:
    event: SoundEvent
    outcome: CueOutcome


@dataclass(frozen=True)
class Notice:
    """A problem that came up while the cues played (a backend failing, say)."""

    text: str


@dataclass(frozen=True)
class CheckDone:
    """The last step. `fell_back`: only the bell or silence works, although the config
    asks for real sound."""

    backend: str
    fell_back: bool


CheckStep = (
    ConfigRead
    | PlayerReady
    | BackendChecked
    | PlaybackStarting
    | CueStarting
    | CuePlayed
    | Notice
    | CheckDone
)


def check_sound(
    *,
    config_path: Path | None = None,
    state_path: Path | None = None,
    backends: Sequence[Backend] | None = None,
    on_bell: Ring | None = None,
    sounds_dir: Path | None = None,
    start_timeout: float = PROBE_TIMEOUT,
) -> Generator[CheckStep, None, None]:
    """Run the check, yielding its steps in this order: `ConfigRead`, `PlayerReady`, a
    `BackendChecked` per backend, `PlaybackStarting`, `CueStarting` and `CuePlayed` per
    cue, any `Notice`s, `CheckDone`. The player is closed when the generator ends or is
    closed. Arguments as for `create_player` (tests)."""
    config_path = config_path if config_path is not None else default_config_path()
    config, _ = load_sound_config(config_path)  # notices come from the player below
    yield ConfigRead(config_path, config_path.is_file(), config.volume, config.backend)
    player = create_player(
        config_path,
        state_path,
        on_bell=on_bell,
        backends=backends,
        sounds_dir=sounds_dir,
        start_timeout=start_timeout,
    )
    with player:
        muted = player.muted
        player.unmute_for_now()
        summary = fallback_notice(player.statuses)
        yield PlayerReady(
            muted,
            tuple(notice for notice in player.notices if notice != summary),
            tuple(status.name for status in player.statuses),
        )

        untried = list(player.remaining_backends)
        for status in player.statuses:
            if status.ok:
                yield BackendChecked(status.name, BackendVerdict.IN_USE)
            elif status.tried:
                yield BackendChecked(status.name, BackendVerdict.FAILED, status.reason)
            elif status.name == "off" or not untried:
                yield BackendChecked(status.name, BackendVerdict.NOT_NEEDED)
            else:
                yield _try_spare(status.name, untried.pop(0), player.probe_clip, start_timeout)

        yield PlaybackStarting(player.backend_name)
        seen = len(player.notices)
        for event in SoundEvent:
            item = player.sounds[event]
            yield CueStarting(item)
            player.play(event)
            done = player.wait_done(item.sound.duration + start_timeout)
            outcome = _outcome(player.backend_name, event, config.bell_pips)
            yield CuePlayed(event, outcome if done else CueOutcome.UNFINISHED)
        for notice in player.notices[seen:]:
            yield Notice(notice)

        name = player.backend_name
        yield CheckDone(name, name in SILENT_BACKENDS and config.backend not in SILENT_BACKENDS)


def _try_spare(name: str, backend: Backend, probe: Clip, timeout: float) -> BackendChecked:
    """Try a backend the player did not need, then put it back as it was."""
    if backend.name == "off":
        return BackendChecked(name, BackendVerdict.NOT_NEEDED)
    reason = run_bounded(backend, lambda: backend.start(_ignore, probe), timeout)
    backend.close()
    if reason is None:
        return BackendChecked(name, BackendVerdict.WORKS_TOO)
    return BackendChecked(name, BackendVerdict.FAILED, reason)


def _outcome(backend: str, event: SoundEvent, bell_pips: bool) -> CueOutcome:
    if backend == "bell":
        pip_left_out = event is SoundEvent.PIP and not bell_pips
        return CueOutcome.NOT_RUNG if pip_left_out else CueOutcome.RANG_BELL
    if backend == "off":
        return CueOutcome.SILENT
    return CueOutcome.PLAYED


def _ignore(_reason: str, _event: SoundEvent | None) -> None:
    return None
