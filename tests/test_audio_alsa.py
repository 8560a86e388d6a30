"""Real playback through ALSA, captured to a file (see tests/audio_capture.py).

These prove the real backends play the real WAV data: the bytes ALSA received equal
the WAV's frames. They need simpleaudio (CI installs it with the audio extra) and, for
the system-player test, `aplay` (apt package alsa-utils).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runtimer.cli.sound import sound_report
from runtimer.core.audio import BellBackend, SoundEvent, create_player
from runtimer.core.audio.backends import SystemPlayerBackend
from runtimer.core.audio.player import SoundPlayer
from runtimer.core.audio.simpleaudio_backend import SimpleaudioBackend
from runtimer.core.audio.wav import bundled_sound_path, decode_wav, scale
from tests.audio_capture import (
    NO_CARD_CONFIG,
    NO_SIMPLEAUDIO,
    SIMPLEAUDIO,
    FakeBackend,
    alsa_capture,
    alsa_env,
    bundled_frames,
    stuck_device_env,
    wav_frames,
)

needs_simpleaudio = pytest.mark.skipif(not SIMPLEAUDIO, reason=NO_SIMPLEAUDIO)
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="captures through ALSA (Linux)")


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "config.toml", tmp_path / "state.toml"


def make(dirs: tuple[Path, Path], *backends: object, **options: object) -> SoundPlayer:
    return create_player(dirs[0], dirs[1], backends=list(backends), **options)  # type: ignore[arg-type]


@needs_simpleaudio
def test_simpleaudio_plays_exactly_the_wav_frames_within_20_ms(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    capture = alsa_capture(tmp_path)
    backend = SimpleaudioBackend(env=capture.env)
    with make(dirs, backend, FakeBackend(name="spare")) as player:
        assert player.backend_name == "simpleaudio", player.statuses
        assert player.notices == []
        before = capture.mark()  # the silent probe played at start-up
        called = time.monotonic()
        player.play(SoundEvent.REST_OVER)
        assert player.wait_done(10)
        assert capture.since(before) == bundled_frames(SoundEvent.REST_OVER)
        # The helper's clock is the same system-wide monotonic clock.
        assert backend.started[SoundEvent.REST_OVER] - called < 0.020


@needs_simpleaudio
def test_the_volume_is_applied_to_the_samples_played(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    dirs[0].write_text("[sound]\nvolume = 0.25\n")
    capture = alsa_capture(tmp_path)
    with make(dirs, SimpleaudioBackend(env=capture.env)) as player:
        before = capture.mark()
        player.play(SoundEvent.PIP)
        assert player.wait_done(10)
    quiet = scale(decode_wav(bundled_sound_path(SoundEvent.PIP)), 0.25).frames
    assert capture.since(before) == quiet
    assert quiet != bundled_frames(SoundEvent.PIP)


@needs_simpleaudio
def test_a_user_file_in_its_own_format_is_played_as_it_is(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    import wave

    mine = tmp_path / "mine.wav"
    frames = bytes(range(256)) * 40  # 8-bit stereo: 5120 frames
    with wave.open(str(mine), "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(1)
        writer.setframerate(22050)
        writer.writeframes(frames)
    dirs[0].write_text('[sound]\nfinished = "mine.wav"\n')
    capture = alsa_capture(tmp_path)
    with make(dirs, SimpleaudioBackend(env=capture.env)) as player:
        assert player.notices == []
        before = capture.mark()
        player.play(SoundEvent.FINISHED)
        assert player.wait_done(10)
    assert capture.since(before) == frames


@needs_simpleaudio
def test_pips_then_rest_over_arrive_in_order_and_nothing_plays_when_muted(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    capture = alsa_capture(tmp_path)
    with make(dirs, SimpleaudioBackend(env=capture.env)) as player:
        before = capture.mark()
        for event in (SoundEvent.PIP, SoundEvent.PIP, SoundEvent.PIP, SoundEvent.REST_OVER):
            player.play(event)
            assert player.wait_done(10)  # in the app they are a second apart
        pip = bundled_frames(SoundEvent.PIP)
        assert capture.since(before) == pip * 3 + bundled_frames(SoundEvent.REST_OVER)
        player.toggle_mute()
        muted_at = capture.mark()
        player.play(SoundEvent.FINISHED)
        assert player.wait_done(10)
        assert capture.since(muted_at) == b""


@pytest.mark.skipif(
    shutil.which("aplay") is None, reason="aplay missing: apt-get install alsa-utils"
)
def test_aplay_plays_exactly_the_wav_frames(tmp_path: Path, dirs: tuple[Path, Path]) -> None:
    capture = alsa_capture(tmp_path)
    aplay = SystemPlayerBackend("aplay", ["aplay", "-q"], env=capture.env)
    with make(dirs, aplay) as player:
        assert player.backend_name == "aplay", player.statuses
        before = capture.mark()
        player.play(SoundEvent.HOLD_DONE)
        assert player.wait_done(10)
    played = capture.since(before)
    frames = bundled_frames(SoundEvent.HOLD_DONE)
    # aplay pads the last ALSA period with silence.
    assert played[: len(frames)] == frames
    assert set(played[len(frames) :]) <= {0}


@needs_simpleaudio
def test_no_sound_device_falls_through_and_nothing_reaches_the_terminal(
    tmp_path: Path, dirs: tuple[Path, Path], capfd: pytest.CaptureFixture[str]
) -> None:
    no_card = alsa_env(tmp_path, NO_CARD_CONFIG)
    rang: list[SoundEvent] = []
    with make(
        dirs,
        SimpleaudioBackend(env=no_card),
        SystemPlayerBackend("aplay", ["aplay", "-q"], env=no_card),
        BellBackend(rang.append),
    ) as player:
        assert player.backend_name == "bell"
        simpleaudio, aplay = player.statuses[0], player.statuses[1]
        assert simpleaudio.reason.startswith(
            "cannot open the sound device (Error opening PCM device. -- CODE: -"
        )
        if shutil.which("aplay"):
            assert aplay.reason.startswith("aplay failed (exit status 1")
        player.play(SoundEvent.REST_OVER)
        assert rang == [SoundEvent.REST_OVER]
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")  # fd 1 and fd 2: no "ALSA lib ..." lines, no traceback


SILENCER_CHECK = """
import sys
from runtimer.core.audio.alsa import silence_alsa_errors
if sys.argv[1] == "silenced":
    assert silence_alsa_errors()
import simpleaudio
try:
    simpleaudio.play_buffer(b"\\0\\0" * 100, 1, 2, 44100)
except Exception as error:
    print("failed:", error)
"""


@needs_simpleaudio
@pytest.mark.parametrize("mode", ["silenced", "control"])
def test_the_alsa_silencer_keeps_alsa_error_lines_off_stderr(tmp_path: Path, mode: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SILENCER_CHECK, mode],
        env=alsa_env(tmp_path, NO_CARD_CONFIG),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "failed: Error opening PCM device" in result.stdout
    if mode == "silenced":
        assert result.stderr == ""
    else:  # without it ALSA really does write to stderr: the test above can fail
        assert "ALSA lib" in result.stderr


@needs_simpleaudio
def test_a_stuck_sound_device_cannot_freeze_the_app(
    tmp_path: Path, dirs: tuple[Path, Path]
) -> None:
    stuck = stuck_device_env(tmp_path)
    backend = SimpleaudioBackend(env=stuck, start_timeout=0.5)
    with make(dirs, backend, FakeBackend(name="spare"), start_timeout=0.5) as player:
        assert player.backend_name == "spare"
        assert player.statuses[0].reason == (
            "simpleaudio did not answer within 0.5 s (the sound device may be busy or stuck)"
        )


IN_PROCESS_FREEZE = """
import threading, time
import simpleaudio
entering = threading.Event()
def play():
    entering.set()
    simpleaudio.play_buffer(b"\\0\\0" * 100, 1, 2, 44100)
threading.Thread(target=play, daemon=True).start()
entering.wait()
time.sleep(0.3)
print("the main thread still runs", flush=True)
"""


@needs_simpleaudio
def test_why_simpleaudio_runs_in_a_helper_process(tmp_path: Path) -> None:
    """In-process, a device that blocks on open freezes every thread (simpleaudio holds
    the GIL while opening it), so a worker thread would not protect the countdown."""
    with pytest.raises(subprocess.TimeoutExpired) as frozen:
        subprocess.run(
            [sys.executable, "-c", IN_PROCESS_FREEZE],
            env=stuck_device_env(tmp_path),
            capture_output=True,
            timeout=3,
        )
    assert b"still runs" not in (frozen.value.stdout or b"")


@needs_simpleaudio
def test_sound_report_plays_every_cue_for_real(tmp_path: Path, dirs: tuple[Path, Path]) -> None:
    capture = alsa_capture(tmp_path)
    out = io.StringIO()
    code = sound_report(
        out,
        config_path=dirs[0],
        state_path=dirs[1],
        backends=[SimpleaudioBackend(env=capture.env), BellBackend(lambda event: None)],
    )
    assert code == 0
    text = out.getvalue()
    assert "  simpleaudio  works (in use)\n" in text
    assert "In use: simpleaudio\n" in text
    expected = b"".join(wav_frames(bundled_sound_path(event)) for event in SoundEvent)
    assert capture.read().endswith(expected)
