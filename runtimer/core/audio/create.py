"""Putting the sound player together: config, mute state, sounds, backends.

Everything slow happens here, once, before the first cue: reading the config and the
saved mute state, decoding every WAV, and really trying the backends in order.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from pathlib import Path

from runtimer.core.audio.alsa import silence_alsa_errors
from runtimer.core.audio.assets import ClipFolder, load_sounds
from runtimer.core.audio.backends import PROBE_TIMEOUT, Backend, Clock, Ring
from runtimer.core.audio.choice import default_backends, fallback_notice
from runtimer.core.audio.player import Notify, SoundPlayer
from runtimer.core.config import SoundConfig, load_sound_config
from runtimer.core.state import default_state_path, load_muted


def create_player(
    config_path: Path | None = None,
    state_path: Path | None = None,
    mute: bool = False,
    on_bell: Ring | None = None,
    backends: Sequence[Backend] | None = None,
    *,
    on_notice: Notify | None = None,
    sounds_dir: Path | None = None,
    clock: Clock = time.monotonic,
    start_timeout: float = PROBE_TIMEOUT,
    other_sections: Collection[str] = (),
    config: SoundConfig | None = None,
) -> SoundPlayer:
    """Build the app's sound player. Never raises for bad input: problems become
    `player.notices`, one clear sentence each, to show at start-up.

    config_path: the user's config.toml (default: the user config folder's).
    state_path: where the mute choice is remembered (default: the user state folder's).
    mute: start muted (`--mute`) without changing the remembered choice.
    on_bell: called with the event when the terminal bell is the backend; ring the bell
        and flash the screen there. Called on the thread that called `play`.
    backends: the backends to try, in order (tests); default from the config.
    on_notice: called with each notice added *after* start-up (a backend failing).
    sounds_dir: where the bundled WAVs are (tests); default `bundled_sounds_dir()`.
    other_sections: top-level config tables other parts of runtimer own (not "unknown").
    config: the `[sound]` section, already read (its problems were shown with the
        rest of the config's); default: read `config_path` here.
    """
    silence_alsa_errors()
    notices: list[str] = []
    if config is None:
        config, config_notices = load_sound_config(config_path, other_sections=other_sections)
        notices += config_notices
    state_path = state_path if state_path is not None else default_state_path()
    remembered, state_notices = load_muted(state_path)
    notices += state_notices
    sounds = load_sounds(config, notices, sounds_dir)
    if backends is None:
        backends = default_backends(
            config.backend, ring=on_bell, timeout=start_timeout, bell_pips=config.bell_pips
        )
    player = SoundPlayer(
        sounds,
        backends,
        folder=ClipFolder(notices),
        state_path=state_path,
        muted=mute or remembered,
        notices=notices,
        volume=config.volume,
        sounds_dir=sounds_dir,
        on_notice=on_notice,
        clock=clock,
        start_timeout=start_timeout,
    )
    player.statuses = player.choose_backend()
    notice = fallback_notice(player.statuses)
    if notice:
        notices.append(notice)
    return player
