"""runtimer's sounds: the cues that tell a runner on the mat when to move.

Core module: never imports Textual. The app uses:

    player = create_player(mute=args.mute, on_bell=app_bell)
    for notice in player.notices: ...show it...
    player.play(SoundEvent.REST_OVER)      # returns at once
    player.toggle_mute()                   # the `m` key; remembered across runs
    player.close()                         # on exit

`runtimer.core.audio.cues.cue_for(events)` maps session events to the sound to play.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runtimer.core.audio.backends import Backend, BackendError, BellBackend, OffBackend
    from runtimer.core.audio.config import SoundConfig, default_config_path, load_sound_config
    from runtimer.core.audio.events import SoundEvent
    from runtimer.core.audio.player import SoundPlayer, create_player, default_backends
    from runtimer.core.audio.report import sound_report
    from runtimer.core.audio.state import default_state_path
    from runtimer.core.audio.wav import bundled_sounds_dir

# Where each public name lives. Loaded on first use (PEP 562): the app imports
# `runtimer.core.audio.cues` while painting its first screen and must not pay for the
# players and backends then.
_WHERE = {
    "Backend": "backends",
    "BackendError": "backends",
    "BellBackend": "backends",
    "OffBackend": "backends",
    "SoundConfig": "config",
    "default_config_path": "config",
    "load_sound_config": "config",
    "SoundEvent": "events",
    "SoundPlayer": "player",
    "create_player": "player",
    "default_backends": "player",
    "sound_report": "report",
    "default_state_path": "state",
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
    "SoundConfig",
    "SoundEvent",
    "SoundPlayer",
    "bundled_sounds_dir",
    "create_player",
    "default_backends",
    "default_config_path",
    "default_state_path",
    "load_sound_config",
    "sound_report",
]
