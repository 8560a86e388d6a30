"""Reading, checking, scaling and writing the short WAV clips runtimer plays.

Every clip is decoded once at start-up into a `Sound` (raw PCM frames plus their
format), its volume is applied by scaling the samples, and it is written back out as a
plain WAV the players read. Nothing is decoded while a workout runs, so a broken file
can only ever cost a start-up notice, never a hiccup mid-set.
"""

from __future__ import annotations

import array
import io
import math
import struct
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

from runtimer.core.audio.events import SoundEvent
from runtimer.core.paths import bundled_dir
from runtimer.core.safefile import FileReadError, read_regular

#: A cue longer than this would still be playing when the next one starts.
MAX_SECONDS = 5.0
#: Refuse to even open a file bigger than this (a mistyped path to a film, say).
MAX_FILE_BYTES = 8 * 1024 * 1024
SUPPORTED_WIDTHS = (1, 2)  # 8-bit unsigned or 16-bit signed PCM
SUPPORTED_CHANNELS = (1, 2)
MIN_RATE = 4_000
MAX_RATE = 192_000

CONVERT_HINT = "convert it to 16-bit PCM, e.g. `sox in.wav -b 16 out.wav`"


class SoundFileError(Exception):
    """A WAV file runtimer cannot use; the message says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Sound:
    """Decoded PCM audio: little-endian frames as a WAV file stores them."""

    frames: bytes
    channels: int
    sample_width: int  # bytes per sample: 1 (unsigned) or 2 (signed)
    rate: int

    @property
    def frame_count(self) -> int:
        return len(self.frames) // (self.channels * self.sample_width)

    @property
    def duration(self) -> float:
        return self.frame_count / self.rate

    @property
    def format(self) -> tuple[int, int, int]:
        """(channels, sample width, rate): what a player must be able to open."""
        return (self.channels, self.sample_width, self.rate)

    def describe(self) -> str:
        """`16-bit mono 44100 Hz, 0.42 s`."""
        layout = "mono" if self.channels == 1 else "stereo"
        return f"{self.sample_width * 8}-bit {layout} {self.rate} Hz, {self.duration:.2f} s"


def bundled_sounds_dir() -> Path:
    """The folder of the sounds shipped with runtimer.

    An installed wheel carries `sounds/` inside the package (`runtimer/sounds`); a
    source checkout keeps it at the top of the repository.
    """
    return bundled_dir("sounds")


def bundled_sound_path(event: SoundEvent, folder: Path | None = None) -> Path:
    return (folder if folder is not None else bundled_sounds_dir()) / event.filename


def decode_wav(path: Path) -> Sound:
    """Read a WAV file runtimer can play, or raise SoundFileError saying why not."""
    try:
        data, _file_id = read_regular(path, MAX_FILE_BYTES)
    except FileReadError as error:
        if error.missing:
            raise SoundFileError(f"file not found: {path}") from None
        if error.size is not None:
            raise SoundFileError(
                f"{path} is {error.size / 1024 / 1024:.0f} MiB; a cue must be a short clip "
                f"(at most {MAX_SECONDS:g} s), so trim it"
            ) from None
        if error.reason.startswith("a folder"):
            raise SoundFileError(f"{path} is a folder, not a WAV file") from None
        raise SoundFileError(f"cannot read {path}: {error.reason}") from None
    head = data[:12]
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise SoundFileError(
            f"{path} is not a WAV file; convert it, e.g. `sox in.mp3 -b 16 out.wav`"
        )
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            channels = reader.getnchannels()
            width = reader.getsampwidth()
            rate = reader.getframerate()
            declared = reader.getnframes()
            _check_format(path, channels, width, rate)
            if declared / rate > MAX_SECONDS:
                raise SoundFileError(
                    f"{path} is {declared / rate:.1f} s long; a cue may last at most "
                    f"{MAX_SECONDS:g} s (a longer one would overlap the next cue), so trim it"
                )
            frames = reader.readframes(declared)
    except SoundFileError:
        raise
    except OSError as error:
        raise SoundFileError(f"cannot read {path}: {error.strerror or error}") from None
    except (wave.Error, EOFError, ValueError, struct.error) as caught:
        detail = str(caught) or "it ends too early"
        raise SoundFileError(
            f"{path} is not a PCM WAV file runtimer can read ({detail}); {CONVERT_HINT}"
        ) from None
    frame_size = channels * width
    frames = frames[: len(frames) - len(frames) % frame_size]
    if not frames:
        raise SoundFileError(f"{path} holds no audio; record or pick another clip")
    return Sound(frames, channels, width, rate)


def _check_format(path: Path, channels: int, width: int, rate: int) -> None:
    if width not in SUPPORTED_WIDTHS:
        raise SoundFileError(
            f"{path} is {width * 8}-bit; runtimer plays 8- or 16-bit PCM, so {CONVERT_HINT}"
        )
    if channels not in SUPPORTED_CHANNELS:
        raise SoundFileError(
            f"{path} has {channels} channels; runtimer plays mono or stereo, so "
            f"mix it down, e.g. `sox in.wav -c 1 out.wav`"
        )
    if not MIN_RATE <= rate <= MAX_RATE:
        raise SoundFileError(
            f"{path} has a sample rate of {rate} Hz; use a common rate such as 44100 Hz, "
            f"e.g. `sox in.wav -r 44100 out.wav`"
        )


def scale(sound: Sound, volume: float) -> Sound:
    """The same sound at `volume` (0 silent, 1 unchanged), rounded and clipped."""
    if volume >= 1.0:
        return sound
    if sound.sample_width == 1:  # unsigned, silence at 128
        samples = bytes(
            min(255, max(0, 128 + round((value - 128) * volume))) for value in sound.frames
        )
        return Sound(samples, sound.channels, 1, sound.rate)
    pcm = array.array("h")
    pcm.frombytes(sound.frames)
    if sys.byteorder == "big":
        pcm.byteswap()
    scaled = array.array("h", (max(-32768, min(32767, round(v * volume))) for v in pcm))
    if sys.byteorder == "big":
        scaled.byteswap()
    return Sound(scaled.tobytes(), sound.channels, 2, sound.rate)


def silence(
    channels: int = 1, sample_width: int = 2, rate: int = 44_100, seconds: float = 0.02
) -> Sound:
    """A short silent clip in a given format: what a player is tried with at start-up."""
    frames = max(1, round(rate * seconds))
    zero = b"\x80" if sample_width == 1 else b"\x00" * sample_width
    return Sound(zero * channels * frames, channels, sample_width, rate)


def fallback_beep(event: SoundEvent) -> Sound:
    """A plain beep for when a bundled file is missing (a damaged install).

    Each event keeps its own pitch so the cues stay distinguishable even then.
    """
    pitch = {
        SoundEvent.PIP: 880.0,
        SoundEvent.WARNING: 440.0,
        SoundEvent.REST_OVER: 1318.5,
        SoundEvent.HOLD_DONE: 659.3,
        SoundEvent.FINISHED: 523.3,
    }[event]
    rate = 44_100
    count = int(rate * (0.1 if event is SoundEvent.PIP else 0.3))
    fade = int(rate * 0.01)
    pcm = array.array("h")
    for i in range(count):
        envelope = min(1.0, i / fade, (count - 1 - i) / fade)
        pcm.append(round(12_000 * envelope * math.sin(2 * math.pi * pitch * i / rate)))
    if sys.byteorder == "big":
        pcm.byteswap()
    return Sound(pcm.tobytes(), 1, 2, rate)


def write_wav(path: Path, sound: Sound) -> None:
    # Open the file first: a failed `wave.open(name)` leaves a half-made writer whose
    # destructor raises again.
    with path.open("wb") as handle, wave.open(handle, "wb") as writer:
        writer.setnchannels(sound.channels)
        writer.setsampwidth(sound.sample_width)
        writer.setframerate(sound.rate)
        writer.writeframes(sound.frames)
