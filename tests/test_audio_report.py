"""`runtimer sound`: what it prints and its exit code (fake backends; the real one is
in tests/test_audio_alsa.py)."""

from __future__ import annotations

import io
from pathlib import Path

from runtimer.cli.sound import sound_report
from runtimer.core.audio import BellBackend, SoundEvent
from runtimer.core.audio.check import (
    BackendChecked,
    BackendVerdict,
    CheckDone,
    ConfigRead,
    CueOutcome,
    CuePlayed,
    CueStarting,
    PlaybackStarting,
    PlayerReady,
    check_sound,
)
from runtimer.core.state import load_muted, save_muted
from tests.audio_capture import FakeBackend

#: These tests are about the sounds: no speech program is found (the voice line is
#: tested in tests/test_voice.py), so no real voice speaks while they run.
NO_VOICE = {"voice_which": lambda name: None, "voice_platform": "linux"}
NO_VOICE_LINE = (
    "\nVoice: no speech program found (tried spd-say, espeak-ng, espeak); install espeak-ng "
    "or speech-dispatcher for spoken cues\n"
)


def test_report_lists_every_backend_plays_every_cue_and_leaves_mute_alone(
    tmp_path: Path,
) -> None:
    config, state = tmp_path / "config.toml", tmp_path / "state.toml"
    config.write_text("[sound]\nvolume = 0.5\nloud = true\n")
    save_muted(True, state)
    aplay = FakeBackend(name="aplay")
    out = io.StringIO()
    code = sound_report(
        out,
        config_path=config,
        state_path=state,
        backends=[
            FakeBackend(name="simpleaudio", start_error="cannot open the sound device (busy)"),
            aplay,
            BellBackend(lambda event: None),
        ],
        **NO_VOICE,
    )
    assert code == 0
    assert out.getvalue() == (
        "runtimer sound check\n"
        "\n"
        f"Config:  {config}\n"
        "Volume:  50 %\n"
        'Backend setting: "auto"\n'
        "Muted in the app: yes (press m in the app to unmute; played here anyway)\n"
        "\n"
        f"Notice: {config}:3:1: sound: 'loud' is not a key of [sound]; the keys are: volume, "
        "backend, bell_pips, rest_over, warning, pip, hold_done, finished. It is ignored.\n"
        "\n"
        "Backends, in the order runtimer tries them:\n"
        "  simpleaudio  does not work: cannot open the sound device (busy)\n"
        "  aplay        works (in use)\n"
        "  bell         works too (not needed)\n"
        "\n"
        "Playing each sound with aplay:\n"
        "  rest over  built-in rest_over.wav (16-bit mono 44100 Hz, 0.45 s): played\n"
        "  warning    built-in warning.wav (16-bit mono 44100 Hz, 0.34 s): played\n"
        "  pip        built-in pip.wav (16-bit mono 44100 Hz, 0.10 s): played\n"
        "  hold done  built-in hold_done.wav (16-bit mono 44100 Hz, 0.38 s): played\n"
        "  finished   built-in finished.wav (16-bit mono 44100 Hz, 0.48 s): played\n"
        "\n"
        "In use: aplay\n" + NO_VOICE_LINE
    )
    assert aplay.events == list(SoundEvent)
    assert load_muted(state) == (True, [])  # still muted in the app


def test_report_fails_and_says_what_to_install_when_only_the_bell_works(tmp_path: Path) -> None:
    rang: list[SoundEvent] = []
    out = io.StringIO()
    code = sound_report(
        out,
        config_path=tmp_path / "config.toml",
        state_path=tmp_path / "state.toml",
        backends=[
            FakeBackend(name="simpleaudio", start_error="simpleaudio is not installed"),
            BellBackend(rang.append),
        ],
        **NO_VOICE,
    )
    assert code == 1
    text = out.getvalue()
    assert f"Config:  {tmp_path / 'config.toml'} (not found: all defaults)\n" in text
    assert "Muted in the app: no\n" in text
    assert (
        "  rest over  built-in rest_over.wav (16-bit mono 44100 Hz, 0.45 s): rang the bell\n"
        in text
    )
    assert text.endswith(
        "In use: bell\n\nNo backend that plays real sound works here. To hear real sounds: "
        "install simpleaudio (`pip install 'runtimer[audio]'`; on Linux it needs `apt-get "
        "install libasound2-dev` and a C compiler) or a player such as aplay (`apt-get "
        "install alsa-utils`), and check that a sound device is available.\n" + NO_VOICE_LINE
    )
    assert rang == list(SoundEvent)


def test_report_is_content_when_the_config_asks_for_the_bell(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[sound]\nbackend = "bell"\n')
    out = io.StringIO()
    assert sound_report(out, config_path=config, state_path=tmp_path / "s.toml", **NO_VOICE) == 0
    assert "In use: bell\n" in out.getvalue()


def test_the_check_reports_each_cue_before_it_plays_and_closes_the_player(
    tmp_path: Path,
) -> None:
    """The core half of `runtimer sound`: steps, not text, one at a time as they happen."""
    save_muted(True, tmp_path / "state.toml")
    broken = FakeBackend(name="broken", start_error="no device")
    good, spare = FakeBackend(name="good"), FakeBackend(name="spare")
    steps = check_sound(
        config_path=tmp_path / "config.toml",
        state_path=tmp_path / "state.toml",
        backends=[broken, good, spare],
    )
    assert next(steps) == ConfigRead(tmp_path / "config.toml", False, 1.0, "auto")
    assert next(steps) == PlayerReady(True, (), ("broken", "good", "spare"))
    assert [next(steps) for _ in range(3)] == [
        BackendChecked("broken", BackendVerdict.FAILED, "no device"),
        BackendChecked("good", BackendVerdict.IN_USE),
        BackendChecked("spare", BackendVerdict.WORKS_TOO),
    ]
    assert next(steps) == PlaybackStarting("good")
    for event in SoundEvent:
        starting = next(steps)
        assert isinstance(starting, CueStarting)
        assert starting.sound.event is event
        assert event not in good.events  # not played yet: its line is printed first
        assert next(steps) == CuePlayed(event, CueOutcome.PLAYED)
        assert good.events[-1] is event
    assert list(steps) == [CheckDone("good", fell_back=False)]
    assert good.closed
    assert load_muted(tmp_path / "state.toml") == (True, [])


def test_with_only_the_bell_the_pips_ring_it_unless_the_config_says_not(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    for setting, pip_line in (
        ("", "rang the bell"),
        ("bell_pips = false\n", "silent: only the bell works, and bell_pips = false"),
    ):
        config.write_text(f'[sound]\nbackend = "bell"\n{setting}')
        rang: list[SoundEvent] = []
        out = io.StringIO()
        sound_report(
            out,
            config_path=config,
            state_path=tmp_path / "s.toml",
            on_bell=rang.append,
            **NO_VOICE,
        )
        text = out.getvalue()
        assert f"  pip        built-in pip.wav (16-bit mono 44100 Hz, 0.10 s): {pip_line}\n" in text
        assert (
            "  warning    built-in warning.wav (16-bit mono 44100 Hz, 0.34 s): rang the bell\n"
            in text
        )
        rung = [event for event in SoundEvent if setting == "" or event is not SoundEvent.PIP]
        assert rang == rung
