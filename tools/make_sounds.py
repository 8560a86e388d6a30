#!/usr/bin/env python3
"""Generate runtimer's bundled cue sounds into `sounds/`.

    python tools/make_sounds.py            # (re)write sounds/*.wav
    python tools/make_sounds.py --check    # exit 1 if sounds/ differs from what this makes
    python tools/make_sounds.py --out DIR  # write somewhere else

Standard library only, and deterministic (no randomness, no timestamps): the same
script always writes byte-identical files, so the committed WAVs can be checked
against it. To tune a sound, edit its entry in `SOUNDS` and run the script again.

Each sound is a few notes of additive synthesis (a fundamental plus a few quiet
harmonics, which reads as a soft chime rather than a harsh beep), each note with a
short rounded attack and an exponential decay. Every file starts and ends with a
rounded fade, so it starts and stops at exactly zero: no click. The five differ in
pitch, direction and length, so they can be told apart without looking:

- warning:   two low, warm E5 knocks: "10 seconds left", get into position
- pip:       one short A5 tick; the 3-2-1 countdown before a rest or hold ends
- rest_over: C6 then a higher, longer G6: rising, bright, "go"
- hold_done: E6 falling to A5, softer (odd harmonics): "let go"
- finished:  C-E-G-C arpeggio ringing together: the workout is done
"""

from __future__ import annotations

import argparse
import array
import math
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 44_100  # Hz; 16-bit mono, what every player and sound card accepts
PEAK = 0.7  # of full scale: leaves headroom, and cues need not be loud to be noticed
FADE_IN = 0.003  # seconds of rounded fade at the very start
FADE_OUT = 0.015  # and at the very end
NOTE_RELEASE = 0.025  # seconds of rounded fade at the end of every note

BRIGHT = ((1, 1.0), (2, 0.3), (3, 0.12))  # (harmonic, relative amplitude)
WARM = ((1, 1.0), (2, 0.25), (3, 0.08))
SOFT = ((1, 1.0), (3, 0.11), (5, 0.04))
PURE = ((1, 1.0), (2, 0.15))


@dataclass(frozen=True)
class Note:
    pitch: float  # Hz
    start: float  # seconds from the start of the sound
    length: float  # seconds
    decay: float  # seconds for the level to fall to 1/e
    partials: tuple[tuple[int, float], ...]
    level: float = 1.0
    attack: float = 0.005  # seconds of rounded rise


SOUNDS: dict[str, tuple[float, tuple[Note, ...]]] = {
    # name: (total length in seconds, notes)
    "warning": (
        0.34,
        (
            Note(659.25, 0.00, 0.13, 0.07, WARM, level=0.9),
            Note(659.25, 0.18, 0.16, 0.08, WARM),
        ),
    ),
    "pip": (0.10, (Note(880.0, 0.0, 0.10, 0.05, PURE, attack=0.004),)),
    "rest_over": (
        0.45,
        (
            Note(1046.50, 0.00, 0.16, 0.10, BRIGHT, level=0.8),
            Note(1567.98, 0.11, 0.34, 0.16, BRIGHT),
        ),
    ),
    "hold_done": (
        0.38,
        (
            Note(1318.51, 0.00, 0.18, 0.09, SOFT),
            Note(880.00, 0.13, 0.25, 0.12, SOFT, level=0.9),
        ),
    ),
    "finished": (
        0.48,
        (
            Note(523.25, 0.00, 0.48, 0.18, WARM, level=0.7),
            Note(659.25, 0.08, 0.40, 0.18, WARM, level=0.7),
            Note(783.99, 0.16, 0.32, 0.18, WARM, level=0.7),
            Note(1046.50, 0.24, 0.24, 0.14, WARM),
        ),
    ),
}


def _rounded(x: float) -> float:
    """0 -> 0, 1 -> 1 along a half cosine: a fade with no corner at either end."""
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, x)))


def render(length: float, notes: tuple[Note, ...]) -> array.array[int]:
    total = round(length * RATE)
    mix = [0.0] * total
    for note in notes:
        first = round(note.start * RATE)
        count = min(round(note.length * RATE), total - first)
        release = round(NOTE_RELEASE * RATE)
        for i in range(count):
            t = i / RATE
            envelope = note.level * _rounded(t / note.attack) * math.exp(-t / note.decay)
            envelope *= _rounded((count - 1 - i) / release)  # a note never stops dead
            value = sum(
                amplitude * math.sin(2 * math.pi * note.pitch * harmonic * t)
                for harmonic, amplitude in note.partials
            )
            mix[first + i] += envelope * value
    fade_in, fade_out = round(FADE_IN * RATE), round(FADE_OUT * RATE)
    for i in range(total):
        mix[i] *= _rounded(i / fade_in) * _rounded((total - 1 - i) / fade_out)
    loudest = max(abs(value) for value in mix) or 1.0
    gain = PEAK * 32767 / loudest
    return array.array("h", (round(value * gain) for value in mix))


def wav_bytes(samples: array.array[int]) -> bytes:
    """The complete WAV file, built in memory (`wave` writes no timestamps)."""
    import io

    data = array.array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(data.tobytes())
    return buffer.getvalue()


def build() -> dict[str, bytes]:
    """Every sound's file name and complete WAV bytes."""
    return {f"{name}.wav": wav_bytes(render(*spec)) for name, spec in SOUNDS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).resolve().parent.parent / "sounds"
    parser.add_argument("--out", type=Path, default=default, help=f"folder (default {default})")
    parser.add_argument(
        "--check", action="store_true", help="only compare; exit 1 if any file differs"
    )
    args = parser.parse_args(argv)
    stale = []
    for name, data in build().items():
        target = args.out / name
        if args.check:
            if not target.is_file() or target.read_bytes() != data:
                stale.append(name)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        seconds = (len(data) - 44) / 2 / RATE
        print(f"wrote {target} ({seconds:.2f} s)")
    if stale:
        print(f"out of date in {args.out}: {', '.join(stale)}; run tools/make_sounds.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
