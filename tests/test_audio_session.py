"""End to end: the session engine's events, mapped by `cue_for`, played by the player.

Walks a real routine with a hand-advanced clock, the way the app's timer does, and
checks what the user would hear: three pips in the last seconds of a rest, then the
rest-over sound once, and nothing after muting.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from runtimer.core.audio import SoundEvent, create_player
from runtimer.core.audio.cues import cue_for
from runtimer.core.audio.player import SoundPlayer
from runtimer.core.audio.simpleaudio_backend import SimpleaudioBackend
from runtimer.core.routine import Exercise, Routine
from runtimer.core.session import Event, EventKind, Phase, Session
from tests.audio_capture import (
    NO_SIMPLEAUDIO,
    SIMPLEAUDIO,
    Capture,
    FakeBackend,
    alsa_capture,
    bundled_frames,
)
from tests.fakeclock import FakeClock

SQUATS = Routine(
    name="Test",
    exercises=(Exercise("Squat", sets=2, reps=5, rest_between_sets=10),),
)
PLANK = Routine(name="Test", exercises=(Exercise("Plank", sets=2, hold=5, rest_between_sets=30),))


def run_until(
    session: Session, clock: FakeClock, player: SoundPlayer, done: Phase, after: Capture | None
) -> list[tuple[float, SoundEvent]]:
    """Tick every 0.1 s like the app's timer, playing each tick's cue, until `done`."""
    heard: list[tuple[float, SoundEvent]] = []
    start = clock.now
    while session.phase is not done:
        clock.advance(0.1)
        cue = cue_for(session.tick())
        if cue is not None:
            heard.append((round(clock.now - start, 1), cue))
            player.play(cue)
            if after is not None:
                assert player.wait_done(10)  # real cues are a second apart
        assert clock.now - start < 60, "the session never got there"
    return heard


@pytest.fixture
def player_and_backend(
    tmp_path: Path, clock: FakeClock
) -> Iterator[tuple[SoundPlayer, FakeBackend]]:
    backend = FakeBackend(name="fake")
    player = create_player(tmp_path / "config.toml", tmp_path / "state.toml", backends=[backend])
    with player:
        yield player, backend


def test_a_rest_ends_with_three_pips_then_rest_over_once(
    player_and_backend: tuple[SoundPlayer, FakeBackend], clock: FakeClock
) -> None:
    player, backend = player_and_backend
    session = Session(SQUATS, clock)
    assert cue_for(session.finish_set()) is None  # set 1 done: no sound, the rest starts
    assert session.phase is Phase.REST
    heard = run_until(session, clock, player, Phase.WORK, None)
    assert heard == [
        (7.0, SoundEvent.PIP),
        (8.0, SoundEvent.PIP),
        (9.0, SoundEvent.PIP),
        (10.0, SoundEvent.REST_OVER),
    ]
    assert backend.events == [SoundEvent.PIP] * 3 + [SoundEvent.REST_OVER]
    player.toggle_mute()
    cue = cue_for(session.finish_set())
    assert cue is SoundEvent.FINISHED and session.phase is Phase.DONE
    player.play(cue)
    assert backend.events == [SoundEvent.PIP] * 3 + [SoundEvent.REST_OVER]  # muted: nothing


def test_a_hold_counts_in_counts_down_and_ends_with_hold_done(
    player_and_backend: tuple[SoundPlayer, FakeBackend], clock: FakeClock
) -> None:
    player, backend = player_and_backend
    session = Session(PLANK, clock)
    cue = cue_for(session.start_hold())  # 3 s get-ready: its first pip at once
    assert cue is SoundEvent.PIP
    player.play(cue)
    heard = run_until(session, clock, player, Phase.REST, None)
    assert heard == [
        (1.0, SoundEvent.PIP),
        (2.0, SoundEvent.PIP),
        (3.0, SoundEvent.REST_OVER),  # the hold starts: "go"
        (5.0, SoundEvent.PIP),
        (6.0, SoundEvent.PIP),
        (7.0, SoundEvent.PIP),
        (8.0, SoundEvent.HOLD_DONE),
    ]
    assert backend.events == [SoundEvent.PIP] + [cue for _, cue in heard]


def test_when_several_events_come_at_once_the_most_important_cue_wins() -> None:
    def events(*kinds: EventKind) -> list[Event]:
        return [Event(kind, 0, 0.0) for kind in kinds]

    assert cue_for(events(EventKind.HOLD_ENDED, EventKind.SET_RECORDED)) is SoundEvent.HOLD_DONE
    assert cue_for(events(EventKind.HOLD_ENDED, EventKind.FINISHED)) is SoundEvent.FINISHED
    assert cue_for(events(EventKind.PIP, EventKind.REST_ENDED)) is SoundEvent.REST_OVER
    assert cue_for(events(EventKind.WARMUP_ENDED)) is SoundEvent.REST_OVER
    assert cue_for(events(EventKind.SET_RECORDED)) is None
    assert cue_for([]) is None


@pytest.mark.skipif(not SIMPLEAUDIO, reason=NO_SIMPLEAUDIO)
@pytest.mark.skipif(sys.platform != "linux", reason="captures through ALSA (Linux)")
def test_the_rest_over_sound_is_really_played_once_after_the_pips(
    tmp_path: Path, clock: FakeClock
) -> None:
    capture = alsa_capture(tmp_path)
    backend = SimpleaudioBackend(env=capture.env)
    with create_player(
        tmp_path / "config.toml", tmp_path / "state.toml", backends=[backend]
    ) as player:
        assert player.backend_name == "simpleaudio", player.statuses
        session = Session(SQUATS, clock)
        session.finish_set()
        before = capture.mark()
        run_until(session, clock, player, Phase.WORK, capture)
        pip, rest_over = bundled_frames(SoundEvent.PIP), bundled_frames(SoundEvent.REST_OVER)
        assert capture.since(before) == pip * 3 + rest_over
        player.toggle_mute()
        muted_at = capture.mark()
        cue = cue_for(session.finish_set())
        assert cue is SoundEvent.FINISHED
        player.play(cue)
        assert player.wait_done(10)
        assert capture.since(muted_at) == b""
