"""runtimer's sounds: the cues that tell a runner on the mat when to move.

Core module: never imports Textual. The app uses:

    player = create_player(mute=args.mute, on_bell=app_bell)
    for notice in player.notices: ...show it...
    player.play(SoundEvent.REST_OVER)      # returns at once
    player.toggle_mute()                   # the `m` key; remembered across runs
    player.close()                         # on exit

`runtimer.audio.cues.cue_for(events)` maps session events to the sound to play.
"""

from runtimer.audio.backends import Backend, BackendError, BellBackend, OffBackend
from runtimer.audio.config import SoundConfig, default_config_path, load_sound_config
from runtimer.audio.events import SoundEvent
from runtimer.audio.player import SoundPlayer, create_player, default_backends
from runtimer.audio.report import sound_report
from runtimer.audio.state import default_state_path
from runtimer.audio.wav import bundled_sounds_dir

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
