"""The bundled cue sounds: format, no clicks, distinct, and reproducible."""

from __future__ import annotations

import array
import itertools
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from runtimer.core.audio.events import SoundEvent
from runtimer.core.audio.wav import bundled_sound_path, bundled_sounds_dir

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "tools" / "make_sounds.py"


def samples(event: SoundEvent) -> array.array[int]:
    with wave.open(str(bundled_sound_path(event)), "rb") as reader:
        data = array.array("h", reader.readframes(reader.getnframes()))
    if sys.byteorder == "big":
        data.byteswap()
    return data


def test_bundled_folder_is_the_repository_sounds_folder() -> None:
    # From a checkout (as here) the lookup falls back to the top-level folder.
    assert bundled_sounds_dir() == REPO / "sounds"
    assert sorted(p.name for p in bundled_sounds_dir().glob("*.wav")) == sorted(
        event.filename for event in SoundEvent
    )


@pytest.mark.parametrize("event", list(SoundEvent))
def test_each_sound_is_short_16_bit_mono_44100(event: SoundEvent) -> None:
    with wave.open(str(bundled_sound_path(event)), "rb") as reader:
        assert reader.getcomptype() == "NONE"
        assert reader.getsampwidth() == 2
        assert reader.getnchannels() == 1
        assert reader.getframerate() == 44_100
        assert 0.05 < reader.getnframes() / 44_100 < 0.5


@pytest.mark.parametrize("event", list(SoundEvent))
def test_each_sound_fades_in_and_out_so_it_does_not_click(event: SoundEvent) -> None:
    pcm = samples(event)
    peak = max(abs(v) for v in pcm)
    assert peak > 0.5 * 32767  # clearly audible
    assert peak < 32767  # never clipped
    assert pcm[0] == 0 and pcm[-1] == 0
    # The first and last millisecond ramp: a hard start or stop would be near peak.
    one_ms = 44
    assert max(abs(v) for v in pcm[:one_ms]) < 0.3 * peak
    assert max(abs(v) for v in pcm[-one_ms:]) < 0.05 * peak
    # No click anywhere (a note cut off mid-file): a click is a broadband transient,
    # which the fourth difference (a steep high-pass) shows as a spike. The smooth tones
    # here (all content below 5 kHz) stay under 0.04 of the peak; a note stopping dead
    # at a tenth of full level scores over 0.15.
    fourth = max(
        abs(pcm[i - 2] - 4 * pcm[i - 1] + 6 * pcm[i] - 4 * pcm[i + 1] + pcm[i + 2])
        for i in range(2, len(pcm) - 2)
    )
    assert fourth < 0.08 * peak


def pitch_at_start(event: SoundEvent) -> float:
    """Rough fundamental of the first 40 ms, from upward zero crossings."""
    pcm = samples(event)[: int(0.04 * 44_100)]
    ups = sum(1 for a, b in itertools.pairwise(pcm) if a < 0 <= b)
    return ups / 0.04


def test_the_four_sounds_are_clearly_different() -> None:
    pitches = {event: pitch_at_start(event) for event in SoundEvent}
    lengths = {event: len(samples(event)) for event in SoundEvent}
    events = list(SoundEvent)
    for i, first in enumerate(events):
        for second in events[i + 1 :]:
            ratio = max(pitches[first], pitches[second]) / min(pitches[first], pitches[second])
            # A musical interval of at least a whole tone apart, or a clearly different length.
            assert ratio > 1.12 or abs(lengths[first] - lengths[second]) > 0.05 * 44_100, (
                first,
                second,
            )
    # The countdown pip is the shortest: a tick, not a tune.
    assert lengths[SoundEvent.PIP] == min(lengths.values())


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), *args], capture_output=True, text=True, timeout=60
    )


def test_regenerating_gives_byte_identical_files_equal_to_the_committed_ones(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_generator("--out", str(first)).returncode == 0
    assert run_generator("--out", str(second)).returncode == 0
    for event in SoundEvent:
        made = (first / event.filename).read_bytes()
        assert made == (second / event.filename).read_bytes()
        assert made == bundled_sound_path(event).read_bytes(), (
            f"sounds/{event.filename} is not what tools/make_sounds.py makes: rerun it"
        )


def test_check_mode_reports_a_stale_file(tmp_path: Path) -> None:
    assert run_generator("--out", str(tmp_path)).returncode == 0
    assert run_generator("--check", "--out", str(tmp_path)).returncode == 0
    (tmp_path / "pip.wav").write_bytes(b"RIFF")
    result = run_generator("--check", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "pip.wav" in result.stdout
