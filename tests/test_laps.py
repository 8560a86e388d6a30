"""A beep and "Lap 2." every lap time of a running leg: the `lap` key, the engine's
LAP events on the fake clock, and what the runner hears in the app."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from runtimer.core.audio.cues import cue_for
from runtimer.core.audio.events import SoundEvent
from runtimer.core.loader import RoutineError, parse_routine
from runtimer.core.routine import Routine
from runtimer.core.session import Event, EventKind, Phase, Session
from runtimer.core.voice.phrases import phrase_for
from tests.apphelp import advance, make_app
from tests.fakeclock import FakeClock

TRACK = """\
name = "Track"

[[exercise]]
name = "Mile repeat"
sets = 1
distance = "1.6km"
pace = "5:00/km"
lap = "2m"

[[exercise]]
name = "Easy run"
sets = 1
run = "3m"
lap = "1m"
start = "auto"
"""


def load(text: str) -> Routine:
    return parse_routine(dedent(text), Path("/r/routine.toml"))


def laps(events: list[Event]) -> list[tuple[int, float]]:
    return [(e.count, e.at) for e in events if e.kind is EventKind.LAP]


def test_the_lap_key_reads_a_lap_time_for_distance_legs_and_timed_runs() -> None:
    mile, easy = load(TRACK).exercises
    assert (mile.lap, easy.lap) == (120, 60)
    assert load(TRACK.replace('lap = "2m"', "")).exercises[0].lap is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            [('lap = "1m"', 'lap = "3m"')],
            "/r/routine.toml:14:1: exercise 2 (\"Easy run\"): 'lap' is 3 min but the run is "
            "3 min; give a lap shorter than the leg (on a track, 400 m at 5:00/km is a 2 min "
            "lap), or remove it",
            id="a lap as long as the run",
        ),
        pytest.param(
            [('lap = "2m"', 'lap = "8m"')],
            "/r/routine.toml:8:1: exercise 1 (\"Mile repeat\"): 'lap' is 8 min but the leg "
            "takes 8 min at its pace; give a lap shorter than the leg (on a track, 400 m at "
            "5:00/km is a 2 min lap), or remove it",
            id="a lap as long as the leg at its pace",
        ),
        pytest.param(
            [('lap = "2m"', 'lap = "5s"')],
            "/r/routine.toml:8:1: exercise 1 (\"Mile repeat\"): 'lap' is 5 s; it must be "
            "from 10 s to 1 h",
            id="too short",
        ),
        pytest.param(
            [('lap = "2m"', 'lap = "a lap"')],
            '/r/routine.toml:8:1: exercise 1 ("Mile repeat"): \'lap\': "a lap" is not a '
            'duration; write whole seconds (90) or a string like "45s", "2m", "1m30s" or '
            '"1:30"',
            id="not a time",
        ),
        pytest.param(
            [('run = "3m"', "reps = 10"), ('start = "auto"\n', "")],
            "/r/routine.toml:14:1: exercise 2 (\"Easy run\"): 'lap' is the lap time of a "
            'running leg; add run = "10m" or distance = "1.2km", or remove it',
            id="on a rep set",
        ),
    ],
)
def test_a_bad_lap_is_located_precisely(changes: list[tuple[str, str]], expected: str) -> None:
    text = TRACK
    for old, new in changes:
        text = text.replace(old, new)
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, Path("/r/routine.toml"))
    assert [str(p) for p in caught.value.problems] == [expected]


def test_a_distance_leg_signals_each_lap_on_the_clock_even_after_a_pause() -> None:
    clock = FakeClock()
    session = Session(load(TRACK), clock)
    start = clock()
    assert session.phase is Phase.RUN
    clock.advance(119.9)
    assert laps(session.tick()) == []
    clock.advance(0.2)
    assert laps(session.tick()) == [(1, start + 120)]
    assert laps(session.tick()) == []  # once
    session.pause()
    clock.advance(300)  # a pause is not running time
    session.resume()
    clock.advance(100)  # 220 s of running
    assert laps(session.tick()) == []
    clock.advance(25)  # 245 s: lap 2 was at 240 s of running (+300 s of pause)
    assert laps(session.tick()) == [(2, start + 300 + 240)]
    clock.advance(400)  # a late tick jumps laps 3, 4 and 5: one beep, the latest
    assert laps(session.tick()) == [(5, start + 300 + 600)]
    session.finish_set()
    assert session.results[0].worked == 645.1  # pauses left out


def test_a_timed_run_signals_its_laps_but_not_one_at_its_end() -> None:
    clock = FakeClock()
    session = Session(load(TRACK), clock)
    session.finish_set()  # the mile done at once: straight into the rest
    session.skip()  # the rest: the easy run starts by itself, after its get-ready
    phases = [session.phase]
    clock.advance(3)
    began = clock()
    events = session.tick()
    phases.append(session.phase)
    assert phases == [Phase.GET_READY, Phase.HOLD] and laps(events) == []
    heard: list[Event] = []
    for _ in range(180):
        clock.advance(1)
        heard += session.tick()
    # Laps at 1:00 and 2:00; at 3:00 the run is over, and that is its own sound.
    assert laps(heard) == [(1, began + 60), (2, began + 120)]
    kinds = [event.kind for event in heard]
    assert kinds.count(EventKind.HOLD_ENDED) == 1
    assert kinds.index(EventKind.HOLD_ENDED) > max(
        n for n, kind in enumerate(kinds) if kind is EventKind.LAP
    )
    assert session.phase is Phase.DONE


def test_a_lap_beeps_the_pip_and_the_voice_says_the_lap() -> None:
    clock = FakeClock()
    session = Session(load(TRACK), clock)
    clock.advance(121)
    events = session.tick()
    assert cue_for(events) is SoundEvent.PIP
    assert phrase_for(events, session, entered=False) == "Lap 1."


async def test_the_runner_hears_a_beep_and_the_lap_in_the_app(tmp_path: Path) -> None:
    from tests.test_mat import FakeVoice

    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "track.toml").write_text(TRACK, encoding="utf-8")
    clock = FakeClock()
    voice = FakeVoice()
    app = make_app(folder, clock=clock, voice=voice)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the mile starts counting up
        before = len(app.sound_log)
        for seconds in (119, 2, 118, 2):  # to 1:59, 2:01, 3:59, 4:01
            await advance(pilot, clock, seconds)
        assert app.sound_log[before:] == ["pip", "pip"]  # at 2:00 and 4:00
        assert voice.heard[-2:] == ["Lap 1.", "Lap 2."]
