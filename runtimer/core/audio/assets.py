"""The sounds the player plays: each cue decoded once, and the WAV files players read.

A cue comes from the user's own file when the config names one that works, else from
the bundled file, else (the bundled file damaged) from a generated beep: a cue is
never lost to a bad file, only explained in a notice.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from runtimer.core.audio.backends import Clip
from runtimer.core.audio.events import SoundEvent
from runtimer.core.audio.wav import (
    Sound,
    SoundFileError,
    bundled_sound_path,
    decode_wav,
    fallback_beep,
    scale,
    write_wav,
)
from runtimer.core.config import SoundConfig


@dataclass(frozen=True)
class LoadedSound:
    """One cue's sound, decoded once at start-up, and where it came from."""

    event: SoundEvent
    sound: Sound  # volume applied
    source: Path | None  # the file it came from (None: built-in fallback beep)
    where: str | None = None  # for the user's own file: the config line that names it

    @property
    def custom(self) -> bool:
        return self.where is not None


def load_sounds(
    config: SoundConfig, notices: list[str], sounds_dir: Path | None = None
) -> dict[SoundEvent, LoadedSound]:
    """Decode every cue once, volume applied; bad custom files fall back to the
    built-in sound with a notice saying what is wrong and how to fix it."""
    loaded: dict[SoundEvent, LoadedSound] = {}
    for event in SoundEvent:
        custom = config.custom.get(event)
        if custom is not None:
            try:
                sound = decode_wav(custom.path)
            except SoundFileError as error:
                notices.append(f"{custom.where}: {event.value}: {error}. Using the built-in sound.")
            else:
                loaded[event] = LoadedSound(
                    event, scale(sound, config.volume), custom.path, custom.where
                )
                continue
        loaded[event] = builtin_sound(event, config.volume, notices, sounds_dir)
    return loaded


def builtin_sound(
    event: SoundEvent, volume: float, notices: list[str], sounds_dir: Path | None = None
) -> LoadedSound:
    """The bundled sound for `event` (from `sounds_dir`, tests); a plain beep, with a
    notice, if that file is damaged or missing."""
    path = bundled_sound_path(event, sounds_dir)
    try:
        sound = decode_wav(path)
    except SoundFileError as error:
        notices.append(
            f"The built-in {event.label} sound is damaged or missing ({error}); a plain beep "
            "stands in. Reinstalling runtimer restores it."
        )
        return LoadedSound(event, scale(fallback_beep(event), volume), None)
    return LoadedSound(event, scale(sound, volume), path)


class ClipFolder:
    """A temporary folder holding a WAV file of each clip, for players that read files.

    If the folder or a file cannot be written, those players fail their trial and the
    bell takes over; one notice (added to `notices`) says why.
    """

    def __init__(self, notices: list[str]) -> None:
        self._notices = notices
        self._write_failed = False
        self._temporary: tempfile.TemporaryDirectory[str] | None
        try:
            self._temporary = tempfile.TemporaryDirectory(prefix="runtimer-sounds-")
            self.path = Path(self._temporary.name)
        except OSError:  # no usable temporary folder: the first clip's notice says so
            self._temporary = None
            self.path = Path(tempfile.gettempdir()) / "runtimer-sounds"

    def clip(self, name: str, sound: Sound) -> Clip:
        """`sound` plus the file `name.wav` holding it (which may be missing, see above)."""
        path = self.path / f"{name}.wav"
        try:
            write_wav(path, sound)
        except OSError as error:
            if not self._write_failed:
                self._write_failed = True
                self._notices.append(
                    f"Cannot write the sound files to {self.path} "
                    f"({error.strerror or error}); sound players that need them will not work."
                )
        return Clip(sound, path)

    def remove(self) -> None:
        """Delete the folder and its files (a folder runtimer did not create stays)."""
        if self._temporary is not None:
            self._temporary.cleanup()
