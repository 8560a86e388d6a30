"""The sound player: backend choice and fall-through, never blocking, mute.

Backends here are fakes or tiny scripts, so these tests need no sound device;
tests/test_audio_alsa.py plays real audio.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from pathlib import Path

import pytest

from runtimer.core.audio import BellBackend, SoundEvent, create_player, default_backends
from runtimer.core.audio.backends import SystemPlayerBackend
from runtimer.core.audio.choice import BackendStatus
from runtimer.core.audio.player import SoundPlayer
from runtimer.core.audio.simpleaudio_backend import SimpleaudioBackend
from runtimer.core.audio.wav import bundled_sound_path
from tests.audio_capture import FakeBackend
from tests.fakeclock import FakeClock


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """(config path, state path), both in the test's own folder."""
    return tmp_path / "config" / "config.toml", tmp_path / "state" / "state.toml"


def make(dirs: tuple[Path, Path], *backends: object, **options: object) -> SoundPlayer:
    config, state = dirs
    return create_player(config, state, backends=list(backends), **options)  # type: ignore[arg-type]


def test_the_first_backend_that_works_is_used_and_the_others_reasons_are_kept(
    dirs: tuple[Path, Path],
) -> None:
    broken = FakeBackend(name="broken", start_error="no sound device")
    good = FakeBackend(name="good")
    spare = FakeBackend(name="spare")
    with make(dirs, broken, good, spare) as player:
        assert player.backend_name == "good"
        assert player.statuses == [
            BackendStatus("broken", False, "no sound device"),
            BackendStatus("good", True),
            BackendStatus("spare", False, tried=False),
        ]
        assert broken.closed and not spare.started
        assert player.notices == [
            "Sounds play through good: broken does not work here (no sound device). "
            "`runtimer sound` shows the details."
        ]
        player.play(SoundEvent.REST_OVER)
        assert good.events == [SoundEvent.REST_OVER]
        assert broken.events == []


def test_when_nothing_plays_the_bell_takes_over_with_one_notice(dirs: tuple[Path, Path]) -> None:
    rang: list[SoundEvent] = []
    with make(
        dirs,
        FakeBackend(name="simpleaudio", start_error="cannot open the sound device"),
        FakeBackend(name="aplay", start_error="aplay failed (exit status 1)"),
        BellBackend(rang.append),
    ) as player:
        assert player.backend_name == "bell"
        assert player.notices == [
            "No sound player works here (tried simpleaudio, aplay), so cues ring the terminal "
            "bell. `runtimer sound` shows why and what to install."
        ]
        player.play(SoundEvent.FINISHED)
        assert rang == [SoundEvent.FINISHED]


def test_preferred_backend_working_gives_no_notice(dirs: tuple[Path, Path]) -> None:
    with make(dirs, FakeBackend(name="good")) as player:
        assert player.notices == []


def test_play_returns_at_once_and_the_cue_starts_within_20_ms(dirs: tuple[Path, Path]) -> None:
    backend = FakeBackend(name="good", clock=time.monotonic)
    with make(dirs, backend) as player:
        for _ in range(20):
            called = time.monotonic()
            player.play(SoundEvent.REST_OVER)
            returned = time.monotonic()
            assert backend.played[-1].at - called < 0.020
            assert returned - called < 0.020


def test_a_backend_whose_start_hangs_is_abandoned(dirs: tuple[Path, Path]) -> None:
    release = threading.Event()
    stuck = FakeBackend(name="stuck", block_start=release)
    try:
        with make(dirs, stuck, FakeBackend(name="good"), start_timeout=0.2) as player:
            assert player.backend_name == "good"
            assert player.statuses[0] == BackendStatus(
                "stuck", False, "did not answer within 0.2 s"
            )
            assert stuck.closed
    finally:
        release.set()


def test_a_backend_failing_while_the_app_runs_gives_one_notice_and_the_cue_is_not_lost(
    dirs: tuple[Path, Path], clock: FakeClock
) -> None:
    first = FakeBackend(name="first", fail_on_play="its helper died")
    second = FakeBackend(name="second")
    with make(dirs, first, second, clock=clock) as player:
        player.play(SoundEvent.REST_OVER)
        assert player.wait_done(5)
        assert first.events == [SoundEvent.REST_OVER]
        assert second.events == [SoundEvent.REST_OVER]  # replayed: it was still fresh
        assert player.backend_name == "second"
        assert first.closed
        assert player.notices == [
            "Sound: first stopped working (its helper died); now using second."
        ]
        player.play(SoundEvent.PIP)
        assert second.events == [SoundEvent.REST_OVER, SoundEvent.PIP]
        assert first.events == [SoundEvent.REST_OVER]


def test_a_cue_lost_long_ago_is_not_replayed_late(
    dirs: tuple[Path, Path], clock: FakeClock
) -> None:
    first, second = FakeBackend(name="first"), FakeBackend(name="second")
    with make(dirs, first, second, clock=clock) as player:
        player.play(SoundEvent.REST_OVER)
        clock.advance(2.0)
        first.report_failure("it went quiet", SoundEvent.REST_OVER)
        assert player.wait_done(5)
        assert player.backend_name == "second"
        assert second.events == []  # a "go" beep two seconds late would mislead


async def test_bell_and_notices_are_delivered_on_the_event_loop_thread(
    dirs: tuple[Path, Path],
) -> None:
    loop_thread = threading.get_ident()
    rang = asyncio.Event()
    calls: list[tuple[str, int]] = []

    def on_bell(event: SoundEvent) -> None:
        calls.append((event.value, threading.get_ident()))
        rang.set()

    def on_notice(text: str) -> None:
        calls.append(("notice", threading.get_ident()))

    failing = FakeBackend(name="first", fail_on_play="gone")
    with make(dirs, failing, BellBackend(on_bell), on_notice=on_notice) as player:
        player.play(SoundEvent.HOLD_DONE)  # fails on another thread; the bell takes over
        await asyncio.wait_for(rang.wait(), 5)
        assert calls == [("notice", loop_thread), ("hold_done", loop_thread)]
        assert player.notices == ["Sound: first stopped working (gone); now using bell."]


def test_mute_is_remembered_across_runs(dirs: tuple[Path, Path]) -> None:
    backend = FakeBackend(name="good")
    with make(dirs, backend) as first:
        assert first.muted is False
        first.play(SoundEvent.PIP)
        assert first.toggle_mute() is True
        first.play(SoundEvent.REST_OVER)
        first.play(SoundEvent.FINISHED)
    assert backend.events == [SoundEvent.PIP]
    again = FakeBackend(name="good")
    with make(dirs, again) as second:
        assert second.muted is True
        second.play(SoundEvent.REST_OVER)
        assert again.events == []
        second.set_muted(False)
    with make(dirs, FakeBackend(name="good")) as third:
        assert third.muted is False


def test_the_mute_flag_starts_muted_without_changing_the_remembered_choice(
    dirs: tuple[Path, Path],
) -> None:
    backend = FakeBackend(name="good")
    with make(dirs, backend, mute=True) as player:
        assert player.muted is True
        player.play(SoundEvent.REST_OVER)
        assert backend.events == []
    assert not dirs[1].exists()
    with make(dirs, FakeBackend(name="good")) as player:
        assert player.muted is False


def test_mute_that_cannot_be_saved_still_works_with_a_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    state = blocker / "state.toml"
    player = create_player(tmp_path / "config.toml", state, backends=[FakeBackend(name="good")])
    with player:
        assert player.toggle_mute() is True
        assert player.muted is True
        assert player.notices == [
            f"{state}: the saved state cannot be read (a file is in the way where the folder "
            "should be); starting with sound on. Press m to mute; that rewrites the file.",
            f"{state}: cannot save the mute setting (File exists); it applies until runtimer "
            "closes.",
        ]


def test_a_user_sound_the_backend_cannot_play_is_replaced_with_a_notice(
    dirs: tuple[Path, Path],
) -> None:
    config, _ = dirs
    config.parent.mkdir(parents=True)
    custom = config.parent / "mine.wav"
    custom.write_bytes(bundled_sound_path(SoundEvent.PIP).read_bytes())
    config.write_text('[sound]\npip = "mine.wav"\n')
    picky = FakeBackend(name="picky", cannot_play="picky plays only its own files")
    with make(dirs, picky) as player:
        assert player.notices == [
            f"{config}:2:1: pip: picky plays only its own files. Using the built-in sound."
        ]
        assert player.sounds[SoundEvent.PIP].source == bundled_sound_path(SoundEvent.PIP)
        assert picky.clips[SoundEvent.PIP].path.read_bytes()  # the built-in clip was loaded


def test_the_config_picks_the_backend(dirs: tuple[Path, Path]) -> None:
    config, state = dirs
    config.parent.mkdir(parents=True)
    config.write_text('[sound]\nbackend = "bell"\n')
    rang: list[SoundEvent] = []
    with create_player(config, state, on_bell=rang.append) as player:
        assert player.backend_name == "bell"
        assert player.notices == []
        player.play(SoundEvent.PIP)
    assert rang == [SoundEvent.PIP]
    config.write_text('[sound]\nbackend = "off"\n')
    with create_player(config, state, on_bell=rang.append) as player:
        assert player.backend_name == "off"
        player.play(SoundEvent.PIP)
    assert rang == [SoundEvent.PIP]


@pytest.mark.parametrize(
    ("choice", "platform", "names"),
    [
        ("auto", "linux", ["simpleaudio", "pw-play", "paplay", "aplay", "bell", "off"]),
        ("auto", "darwin", ["simpleaudio", "afplay", "bell", "off"]),
        ("auto", "win32", ["simpleaudio", "winsound", "bell", "off"]),
        ("system", "linux", ["pw-play", "paplay", "aplay", "bell", "off"]),
        ("simpleaudio", "linux", ["simpleaudio", "bell", "off"]),
        ("bell", "linux", ["bell", "off"]),
        ("off", "linux", ["off"]),
    ],
)
def test_backends_are_tried_in_this_order(choice: str, platform: str, names: list[str]) -> None:
    assert [b.name for b in default_backends(choice, platform=platform)] == names


def test_closing_stops_playing_and_removes_the_temporary_files(dirs: tuple[Path, Path]) -> None:
    backend = FakeBackend(name="good")
    player = make(dirs, backend)
    folder = backend.clips[SoundEvent.PIP].path.parent
    assert sorted(p.name for p in folder.iterdir()) == [
        "finished.wav",
        "hold_done.wav",
        "pip.wav",
        "probe.wav",
        "rest_over.wav",
        "warning.wav",
    ]
    player.close()
    player.close()
    assert backend.closed
    assert not folder.exists()
    player.play(SoundEvent.PIP)
    assert backend.events == []


# -- system players: real subprocesses, no sound needed ---------------------------------

# A "player" that plays the silent probe (exit 0 at once) but hangs on a real cue.
HANGING_PLAYER = "import sys, time\nif 'probe' not in sys.argv[-1]:\n    time.sleep(600)\n"
FAILING_PLAYER = "import sys\nsys.exit(0 if 'probe' in sys.argv[-1] else 3)\n"


def script_player(name: str, code: str, clock: FakeClock) -> SystemPlayerBackend:
    return SystemPlayerBackend(name, [sys.executable, "-c", code], clock=clock)


def test_a_system_player_that_hangs_is_killed_and_never_blocks(
    dirs: tuple[Path, Path], clock: FakeClock
) -> None:
    hanging = script_player("hangs", HANGING_PLAYER, clock)
    spare = FakeBackend(name="spare")
    with make(dirs, hanging, spare, clock=clock) as player:
        assert player.backend_name == "hangs"
        called = time.monotonic()
        player.play(SoundEvent.REST_OVER)
        assert time.monotonic() - called < 0.020  # spawning happens on a worker thread
        assert hanging.wait_spawned(10)
        [process] = hanging.running_processes()
        assert process.poll() is None  # really stuck
        clock.advance(30.0)  # far past the clip's end plus the grace period
        player.play(SoundEvent.PIP)
        assert player.wait_done(10)
        assert process.returncode is not None  # killed
        assert player.backend_name == "spare"
        assert spare.events == [SoundEvent.PIP]  # the fresh cue, not the stale one
        assert player.notices == [
            "Sound: hangs stopped working (hangs was still running 2 s after its clip should "
            "have ended, so it was stopped); now using spare."
        ]


def test_a_system_player_that_fails_falls_through_and_the_cue_is_replayed(
    dirs: tuple[Path, Path], clock: FakeClock
) -> None:
    failing = script_player("fails", FAILING_PLAYER, clock)
    spare = FakeBackend(name="spare")
    with make(dirs, failing, spare, clock=clock) as player:
        assert player.backend_name == "fails"
        player.play(SoundEvent.REST_OVER)
        assert player.wait_done(10)
        assert spare.events == [SoundEvent.REST_OVER]
        assert player.notices == [
            "Sound: fails stopped working (fails exited with status 3); now using spare."
        ]


def test_a_missing_system_player_is_reported_by_name(dirs: tuple[Path, Path]) -> None:
    absent = SystemPlayerBackend("pw-play", which=lambda name: None)
    with make(dirs, absent, FakeBackend(name="spare")) as player:
        assert player.statuses[0] == BackendStatus(
            "pw-play", False, "pw-play is not installed (not found on PATH)"
        )


# -- the simpleaudio helper process, faked: its protocol, stalls and crashes ----------

FAKE_HELPER = """
import json, sys, time
print(json.dumps(["hello"]), flush=True)
for line in sys.stdin:
    op = json.loads(line)[0]
    if op == "play":
        {on_play}
    print(json.dumps(["ok"] if op != "wait" else ["idle"]), flush=True)
"""


def fake_helper(on_play: str, clock: FakeClock) -> SimpleaudioBackend:
    code = FAKE_HELPER.format(on_play=on_play)
    return SimpleaudioBackend(command=[sys.executable, "-c", code], clock=clock)


def test_a_stuck_simpleaudio_helper_is_killed_and_replaced(
    dirs: tuple[Path, Path], clock: FakeClock
) -> None:
    helper = fake_helper("time.sleep(600)", clock)  # the device blocks on open
    spare = FakeBackend(name="spare")
    with make(dirs, helper, spare, clock=clock) as player:
        assert player.backend_name == "simpleaudio"
        called = time.monotonic()
        player.play(SoundEvent.REST_OVER)
        assert time.monotonic() - called < 0.020
        clock.advance(5.0)
        player.play(SoundEvent.PIP)
        assert player.wait_done(10)
        assert player.backend_name == "spare"
        assert spare.events == [SoundEvent.PIP]
        assert player.notices == [
            "Sound: simpleaudio stopped working (simpleaudio did not start a sound within "
            "1 s (the sound device may be busy or stuck)); now using spare."
        ]


def test_a_crashing_simpleaudio_helper_is_reported_with_its_last_words(
    dirs: tuple[Path, Path], clock: FakeClock
) -> None:
    helper = fake_helper("sys.stderr.write('device vanished\\n'); sys.exit(5)", clock)
    spare = FakeBackend(name="spare")
    with make(dirs, helper, spare, clock=clock) as player:
        player.play(SoundEvent.REST_OVER)
        assert player.wait_done(10)
        assert spare.events == [SoundEvent.REST_OVER]
        assert player.notices == [
            "Sound: simpleaudio stopped working (the simpleaudio helper stopped (exit status "
            "5: device vanished)); now using spare."
        ]


def test_simpleaudio_missing_is_explained(
    dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with make(dirs, SimpleaudioBackend(), FakeBackend(name="spare")) as player:
        assert player.statuses[0].reason == (
            "simpleaudio is not installed; install it with `pip install simpleaudio-patched` "
            "(on Linux first `apt-get install libasound2-dev` and a C compiler)"
        )


def test_no_usable_temporary_folder_is_a_notice_not_a_crash(
    dirs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tempfile.TemporaryDirectory", refuse)
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "gone"))
    rang: list[SoundEvent] = []
    reads_file = "import os, sys\nsys.exit(0 if os.path.isfile(sys.argv[-1]) else 1)\n"
    needs_files = script_player("needs-files", reads_file, FakeClock())
    with make(dirs, needs_files, BellBackend(rang.append)) as player:
        assert player.backend_name == "bell"
        assert player.notices[0] == (
            f"Cannot write the sound files to {tmp_path / 'gone' / 'runtimer-sounds'} (No such "
            "file or directory); sound players that need them will not work."
        )
        player.play(SoundEvent.REST_OVER)
        assert rang == [SoundEvent.REST_OVER]
