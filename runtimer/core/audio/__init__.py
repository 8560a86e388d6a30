"""runtimer's sounds: the cues that tell a runner on the mat when to move.

Core module: never imports Textual. The app uses:

    player = create_player(mute=args.mute, on_bell=app_bell)
    for notice in player.notices: ...show it...
    player.play(SoundEvent.REST_OVER)      # returns at once
    player.toggle_mute()                   # the `m` key; remembered across runs
    player.close()                         # on exit

`runtimer.core.audio.cues.cue_for(events)` maps session events to the sound to play.

Modules: `events` (the cues), `cues` (which cue a batch of session events calls for),
`player` (the running player), `create` (`create_player`), `choice` (which backends to
try, and how), `assets` (the decoded sounds and their files), `backends`,
`simpleaudio_backend` and `sa_child` (the ways to play), `wav`, `state`, `alsa`, and
`check` (the structured check `runtimer sound` prints).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runtimer.core.audio.backends import Backend, BackendError, BellBackend, OffBackend
    from runtimer.core.audio.check import check_sound
    from runtimer.core.audio.choice import default_backends
    from runtimer.core.audio.create import create_player
    from runtimer.core.audio.events import SoundEvent
    from runtimer.core.audio.player import SoundPlayer
    from runtimer.core.audio.wav import bundled_sounds_dir

# Where each public name lives. Loaded on first use (PEP 562): the app imports
# `runtimer.core.audio.cues` while painting its first screen and must not pay for the
# players and backends then.
_WHERE = {
    "Backend": "backends",
    "BackendError": "backends",
    "BellBackend": "backends",
    "OffBackend": "backends",
    "check_sound": "check",
    "SoundEvent": "events",
    "SoundPlayer": "player",
    "create_player": "create",
    "default_backends": "choice",
    "bundled_sounds_dir": "wav",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'runtimer.core.audio' has no attribute {name!r}")
    return getattr(importlib.import_module(f"runtimer.core.audio.{module}"), name)


__all__ = [
    "Backend",
    "BackendError",
    "BellBackend",
    "OffBackend",
    "SoundEvent",
    "SoundPlayer",
    "bundled_sounds_dir",
    "check_sound",
    "create_player",
    "default_backends",
]
