"""The [sound] config, user WAV files and the remembered mute state: every mistake a
user can make gets one exact, helpful notice and the default is used instead."""

from __future__ import annotations

import struct
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from runtimer.core.audio.assets import load_sounds
from runtimer.core.audio.events import SoundEvent
from runtimer.core.audio.wav import Sound, bundled_sound_path, decode_wav, scale
from runtimer.core.config import (
    Config,
    CustomSound,
    SoundConfig,
    WorkoutConfig,
    load_config,
    load_sound_config,
)
from runtimer.core.state import load_muted, save_muted

KNOWN = "volume, backend, bell_pips, rest_over, warning, pip, hold_done, finished"
BACKENDS = '"auto", "simpleaudio", "system", "bell" or "off"'
FULL = "Using full volume."
BUILT_IN = "Using the built-in sound."
DEFAULTS = "Fix the file; until then all settings use their defaults."

CONFIG_CASES = [
    pytest.param(
        "[sound]\nvolume = 1.5\n",
        f"{{cfg}}:2:1: sound: 'volume' must be from 0 to 1, got 1.5. {FULL}",
        id="volume above 1",
    ),
    pytest.param(
        "[sound]\nvolume = 80\n",
        f"{{cfg}}:2:1: sound: 'volume' must be from 0 to 1, got 80; for 80 % write "
        f"volume = 0.8. {FULL}",
        id="volume as a percentage",
    ),
    pytest.param(
        "[sound]\nvolume = -0.1\n",
        f"{{cfg}}:2:1: sound: 'volume' must be from 0 to 1, got -0.1. {FULL}",
        id="negative volume",
    ),
    pytest.param(
        '[sound]\nvolume = "loud"\n',
        f"{{cfg}}:2:1: sound: 'volume' must be a number, got a string (\"loud\"). {FULL}",
        id="volume as text",
    ),
    pytest.param(
        '[sound]\nvolume = "0.8"\n',
        f"{{cfg}}:2:1: sound: 'volume' must be a number, got a string (\"0.8\"); remove the "
        f"quotes: volume = 0.8. {FULL}",
        id="volume in quotes",
    ),
    pytest.param(
        "[sound]\nvolume = true\n",
        f"{{cfg}}:2:1: sound: 'volume' must be a number, got a boolean (true). {FULL}",
        id="volume as a boolean",
    ),
    pytest.param(
        "[sound]\nvolume = nan\n",
        f"{{cfg}}:2:1: sound: 'volume' must be from 0 to 1, got nan. {FULL}",
        id="volume not a number",
    ),
    pytest.param(
        "[sound]\n# a comment\n\nvolumne = 0.5\n",
        "{cfg}:4:1: sound: 'volumne' is not a key of [sound]; did you mean 'volume'? "
        "It is ignored.",
        id="typo in a key",
    ),
    pytest.param(
        "[sound]\nloudness = 0.5\n",
        f"{{cfg}}:2:1: sound: 'loudness' is not a key of [sound]; the keys are: {KNOWN}. "
        "It is ignored.",
        id="unknown key without a close match",
    ),
    pytest.param(
        "[sonud]\nvolume = 0.5\n",
        "{cfg}:1:1: 'sonud' is not a section of the config; did you mean 'sound'? It is ignored.",
        id="typo in the table name",
    ),
    pytest.param(
        "[display]\ntheme = 'dark'\n",
        "{cfg}:1:1: 'display' is not a section of the config; the sections are: workout, sound, "
        "voice. "
        "It is ignored.",
        id="unknown table",
    ),
    pytest.param(
        "volume = 0.5\n[sound]\n",
        "{cfg}:1:1: 'volume' belongs in [sound]; write [sound] on the line above it. "
        "It is ignored.",
        id="sound setting above [sound]",
    ),
    pytest.param(
        "sound = 3\n",
        "{cfg}:1:1: 'sound' must be a table: write [sound] on its own line, then its "
        "settings below it; got an integer. The sound settings use their defaults.",
        id="sound not a table",
    ),
    pytest.param(
        '[sound]\nbackend = "simpleaudo"\n',
        f"{{cfg}}:2:1: sound: 'backend' must be {BACKENDS}, got \"simpleaudo\"; "
        'did you mean "simpleaudio"? Using "auto".',
        id="typo in the backend",
    ),
    pytest.param(
        "[sound]\nbackend = 3\n",
        f"{{cfg}}:2:1: sound: 'backend' must be {BACKENDS}, got 3. Using \"auto\".",
        id="backend not text",
    ),
    pytest.param(
        "[sound]\nrest_over = 3\n",
        "{cfg}:2:1: sound: 'rest_over' must be the path of a WAV file in quotes, got an "
        f"integer (3). {BUILT_IN}",
        id="path not text",
    ),
    pytest.param(
        "[sound]\n# tick\npip = [1]\n",
        "{cfg}:3:1: sound: 'pip' must be the path of a WAV file in quotes, got a list. "
        f"{BUILT_IN}",
        id="path as a list",
    ),
    pytest.param(
        '[sound]\nhold_done = "  "\n',
        "{cfg}:2:1: sound: 'hold_done' is empty; give the path of a WAV file or remove the "
        f"line. {BUILT_IN}",
        id="empty path",
    ),
    pytest.param(
        "sound.volume = 2\n",
        f"{{cfg}}:1:1: sound: 'volume' must be from 0 to 1, got 2. {FULL}",
        id="dotted key",
    ),
    pytest.param(
        "[sound]\nvolume =\n",
        "{cfg}:2:9: not valid TOML: Invalid value; a value is a number, true, false, "
        '"text in quotes" or a [list]; text needs its quotes: name = "Squats". '
        f"{DEFAULTS}",
        id="broken TOML",
    ),
]


def write_config(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "notice"), CONFIG_CASES)
def test_bad_config_value_gives_one_exact_notice_and_the_default(
    tmp_path: Path, text: str, notice: str
) -> None:
    path = write_config(tmp_path, text)
    config, notices = load_sound_config(path)
    assert notices == [notice.format(cfg=path)]
    assert config.volume == 1.0
    assert config.backend == "auto"
    assert config.custom == {}


def test_missing_config_file_is_normal(tmp_path: Path) -> None:
    assert load_sound_config(tmp_path / "config.toml") == (SoundConfig(), [])


def test_config_that_is_not_utf8(tmp_path: Path) -> None:
    path = write_config(tmp_path, b"[sound]\nvolume = 0.5 # caf\xe9\n")
    assert load_sound_config(path)[1] == [
        f"{path}:2:19: the file is not UTF-8 text (byte 0xe9); save it as UTF-8 in your "
        f"editor. {DEFAULTS}"
    ]


def test_config_path_that_is_a_folder(tmp_path: Path) -> None:
    assert load_sound_config(tmp_path)[1] == [
        f"{tmp_path}:1:1: the file cannot be read (a folder, not a file). All settings use "
        "their defaults."
    ]


def test_good_config_is_read_with_paths_relative_to_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = write_config(
        tmp_path,
        '[sound]\nvolume = 0.8\nbackend = "system"\nrest_over = "gong.wav"\n'
        'pip = "~/tick.wav"\nfinished = "/abs/done.wav"\n',
    )
    config, notices = load_sound_config(path)
    assert notices == []
    assert config.volume == 0.8
    assert config.backend == "system"
    assert config.custom == {
        SoundEvent.REST_OVER: CustomSound(tmp_path / "gong.wav", f"{path}:4:1"),
        SoundEvent.PIP: CustomSound(tmp_path / "home" / "tick.wav", f"{path}:5:1"),
        SoundEvent.FINISHED: CustomSound(Path("/abs/done.wav"), f"{path}:6:1"),
    }


def test_the_whole_config_is_read_once_with_every_problem_top_down(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        '[sound]\nbackend = "loud"\nvolume = 2\n\n[voice]\nrate = 1\n\n[display]\nx = 1\n'
        '[workout]\nwarning = "20s"\n',
    )
    config, problems = load_config(path)
    assert config == Config(
        SoundConfig(source=path), source=path, workout=WorkoutConfig(warning=20)
    )
    assert [str(problem) for problem in problems] == [
        f'{path}:2:1: sound: \'backend\' must be {BACKENDS}, got "loud". Using "auto".',
        f"{path}:3:1: sound: 'volume' must be from 0 to 1, got 2. {FULL}",
        f"{path}:6:1: voice: 'rate' must be a whole number from 80 to 400, got 1. Using the "
        "program's own rate.",
        f"{path}:8:1: 'display' is not a section of the config; the sections are: workout, "
        "sound, voice. It is ignored.",
    ]
    assert load_sound_config(path) == (config.sound, [str(problem) for problem in problems])


def test_other_parts_of_the_config_may_be_declared_known(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[display]\ntheme = 'dark'\n[sound]\nvolume = 0.5\n")
    config, notices = load_sound_config(path, other_sections=("display",))
    assert notices == []
    assert config.volume == 0.5


# -- user WAV files --------------------------------------------------------------------


def make_wav(path: Path, channels: int, width: int, rate: int, frames: int) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(b"\x10" * (channels * width * frames))
    return path


def float_wav(path: Path) -> Path:
    data = b"\x00" * 400
    header = (
        b"RIFF"
        + struct.pack("<I", 36 + len(data))
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 3, 1, 44100, 44100 * 4, 4, 32)
        + b"data"
        + struct.pack("<I", len(data))
    )
    path.write_bytes(header + data)
    return path


CONVERT = "convert it to 16-bit PCM, e.g. `sox in.wav -b 16 out.wav`"


def missing(folder: Path) -> Path:
    return folder / "missing.wav"


def a_folder(folder: Path) -> Path:
    (folder / "sub").mkdir()
    return folder / "sub"


def an_mp3(folder: Path) -> Path:
    path = folder / "song.mp3"
    path.write_bytes(b"ID3\x03" + b"\x00" * 100)
    return path


def cut_short(folder: Path) -> Path:
    path = folder / "cut.wav"
    path.write_bytes(float_wav(folder / "whole.wav").read_bytes()[:30])
    return path


WAV_CASES = [
    pytest.param(missing, "file not found: {file}", id="missing"),
    pytest.param(a_folder, "{file} is a folder, not a WAV file", id="folder"),
    pytest.param(
        an_mp3, "{file} is not a WAV file; convert it, e.g. `sox in.mp3 -b 16 out.wav`", id="mp3"
    ),
    pytest.param(
        lambda d: make_wav(d / "deep.wav", 1, 3, 44100, 100),
        f"{{file}} is 24-bit; runtimer plays 8- or 16-bit PCM, so {CONVERT}",
        id="24-bit",
    ),
    pytest.param(
        lambda d: float_wav(d / "float.wav"),
        f"{{file}} is not a PCM WAV file runtimer can read (unknown format: 3); {CONVERT}",
        id="32-bit float",
    ),
    pytest.param(
        lambda d: make_wav(d / "quad.wav", 4, 2, 44100, 100),
        "{file} has 4 channels; runtimer plays mono or stereo, so mix it down, e.g. "
        "`sox in.wav -c 1 out.wav`",
        id="four channels",
    ),
    pytest.param(
        lambda d: make_wav(d / "long.wav", 1, 2, 8000, 8000 * 6),
        "{file} is 6.0 s long; a cue may last at most 5 s (a longer one would overlap the "
        "next cue), so trim it",
        id="too long",
    ),
    pytest.param(
        lambda d: make_wav(d / "empty.wav", 1, 2, 44100, 0),
        "{file} holds no audio; record or pick another clip",
        id="no audio",
    ),
    pytest.param(
        lambda d: make_wav(d / "odd.wav", 1, 2, 1000, 100),
        "{file} has a sample rate of 1000 Hz; use a common rate such as 44100 Hz, e.g. "
        "`sox in.wav -r 44100 out.wav`",
        id="odd rate",
    ),
    pytest.param(
        cut_short,
        f"{{file}} is not a PCM WAV file runtimer can read (it ends too early); {CONVERT}",
        id="truncated header",
    ),
]


@pytest.mark.parametrize(("make", "problem"), WAV_CASES)
def test_bad_user_wav_gives_a_notice_and_the_built_in_sound(
    tmp_path: Path, make: Callable[[Path], Path], problem: str
) -> None:
    file = make(tmp_path)
    path = write_config(tmp_path, f'[sound]\nvolume = 0.5\nrest_over = "{file.name}"\n')
    config, notices = load_sound_config(path)
    sounds = load_sounds(config, notices)
    assert notices == [
        f"{path}:3:1: rest_over: {problem.format(file=file)}. Using the built-in sound."
    ]
    built_in = scale(decode_wav(bundled_sound_path(SoundEvent.REST_OVER)), 0.5)
    assert sounds[SoundEvent.REST_OVER].sound == built_in
    assert not sounds[SoundEvent.REST_OVER].custom


def test_good_user_wavs_of_any_supported_format_are_used(tmp_path: Path) -> None:
    stereo8 = make_wav(tmp_path / "a.wav", 2, 1, 22050, 500)
    mono16 = make_wav(tmp_path / "b.wav", 1, 2, 48000, 500)
    path = write_config(tmp_path, f'[sound]\npip = "{stereo8}"\nfinished = "{mono16}"\n')
    config, notices = load_sound_config(path)
    sounds = load_sounds(config, notices)
    assert notices == []
    assert sounds[SoundEvent.PIP].sound.format == (2, 1, 22050)
    assert sounds[SoundEvent.PIP].where == f"{path}:2:1"
    assert sounds[SoundEvent.FINISHED].sound.format == (1, 2, 48000)
    assert sounds[SoundEvent.REST_OVER].source == bundled_sound_path(SoundEvent.REST_OVER)


def test_missing_bundled_sound_falls_back_to_a_beep(tmp_path: Path) -> None:
    notices: list[str] = []
    sounds = load_sounds(SoundConfig(), notices, sounds_dir=tmp_path)
    assert len(notices) == len(SoundEvent)
    assert notices[0].startswith("The built-in rest over sound is damaged or missing (file not")
    assert all(item.source is None and item.sound.frame_count > 0 for item in sounds.values())


# -- volume ----------------------------------------------------------------------------


def test_volume_scales_16_bit_samples_with_rounding_and_leaves_full_volume_alone() -> None:
    pcm = struct.pack("<4h", 1000, -1000, 32767, -32768)
    sound = Sound(pcm, 1, 2, 44100)
    assert scale(sound, 1.0) is sound
    assert struct.unpack("<4h", scale(sound, 0.5).frames) == (500, -500, 16384, -16384)
    assert struct.unpack("<4h", scale(sound, 0.0).frames) == (0, 0, 0, 0)


def test_volume_scales_8_bit_samples_around_their_midpoint() -> None:
    sound = Sound(bytes([128, 255, 0, 138]), 1, 1, 8000)
    assert list(scale(sound, 0.5).frames) == [128, 192, 64, 133]


# -- remembered mute -------------------------------------------------------------------


def test_mute_state_round_trips_and_keeps_other_tables(tmp_path: Path) -> None:
    path = tmp_path / "state" / "state.toml"
    assert load_muted(path) == (False, [])
    save_muted(True, path)
    assert load_muted(path) == (True, [])
    path.write_text(path.read_text() + '\n[menu]\nlast = "legs"\n')
    save_muted(False, path)
    assert load_muted(path) == (False, [])
    assert 'last = "legs"' in path.read_text()
    assert [p.name for p in path.parent.iterdir()] == ["state.toml"]  # no temp file left


def test_damaged_state_file_means_unmuted_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text("[sound\nmuted = true\n")
    muted, notices = load_muted(path)
    assert muted is False
    assert notices == [
        f"{path}: the saved state cannot be read (not valid TOML: Expected ']' at the end "
        "of a table declaration (at line 1, column 7)); starting with sound on. Press m "
        "to mute; that rewrites the file."
    ]
    save_muted(True, path)
    assert load_muted(path) == (True, [])
