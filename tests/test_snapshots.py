"""What the screens look like, at a laptop size (80×24) and a small one (60×20); the
workout screen, read from the mat, at five sizes from 40×12 to 200×60.

Every SVG under __snapshots__ was opened and looked at before it was committed;
update them with `pytest --snapshot-update` and look again.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from runtimer.core.paths import bundled_dir
from runtimer.core.session import Phase
from runtimer.ui.app import RuntimerApp
from tests.apphelp import advance, make_app
from tests.fakeclock import FakeClock

SIZES = [(80, 24), (60, 20)]
#: The workout screen's digits scale with the terminal: every phase at every size.
WORKOUT_SIZES = [(40, 12), (60, 20), (80, 24), (120, 40), (200, 60)]
WORKOUT_IDS = [f"{w}x{h}" for w, h in WORKOUT_SIZES]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_menu(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(bundled_dir("routines"))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", WORKOUT_SIZES, ids=WORKOUT_IDS)
def test_work_set(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Full body, press-ups, 4 of 10 reps counted."""
    app = make_app(bundled_dir("routines"))

    async def go(pilot: Pilot[None]) -> None:
        await pilot.press("down", "down", "enter", "space")  # full body; past the warm-up
        await pilot.press("space", "space", "space", "space")

    assert snap_compare(app, terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", WORKOUT_SIZES, ids=WORKOUT_IDS)
def test_rest(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The 90 s rest after the first set of press-ups, 17 s in, the set rated ok."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        await pilot.press("down", "down", "enter", "space", "enter", "2")
        await advance(pilot, clock, 17)

    assert snap_compare(app, terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", WORKOUT_SIZES, ids=WORKOUT_IDS)
def test_warmup(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Full body's warm-up, 1 min 20 s in."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        await pilot.press("down", "down", "enter")
        await advance(pilot, clock, 80)

    assert snap_compare(app, terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", WORKOUT_SIZES, ids=WORKOUT_IDS)
def test_hold(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Core's plank (it starts by itself after its rest), 12 s into the 30 s hold."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        entry = next(e for e in app.catalog.entries if e.path.name == "core.toml")
        app.start_workout(entry)
        await pilot.pause()
        session = app.session
        assert session is not None
        while session.phase is not Phase.HOLD:
            if session.step is not None and session.step.target_reps is not None:
                await pilot.press("enter")
            else:
                await advance(pilot, clock, (session.remaining() or 0) + 0.01)
        await advance(pilot, clock, 12)

    assert snap_compare(app, terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", [(80, 24)], ids=["80x24"])
def test_rest_ending(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The same rest with 3 s left: warned, and the stage pulsing."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        await pilot.press("down", "down", "enter", "space", "enter", "2")
        await advance(pilot, clock, 80)
        await advance(pilot, clock, 7)

    assert snap_compare(app, terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_summary(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The mini routine with one set skipped."""
    clock = FakeClock()
    app = make_app(clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        await pilot.pause()  # the menu on screen, as a person sees it before a key
        await pilot.press("enter", "space")  # start; warm-up done
        await advance(pilot, clock, 40)
        await pilot.press("enter")  # set 1 left
        await advance(pilot, clock, 5)
        await pilot.press("enter")  # set 1 right
        await advance(pilot, clock, 20)
        await pilot.press("right")  # skip set 2 left
        await advance(pilot, clock, 5)
        await pilot.press("enter")  # set 2 right
        await advance(pilot, clock, 30)
        await pilot.press("space")  # the plank's get-ready
        await advance(pilot, clock, 3)
        await advance(pilot, clock, 20)

    assert snap_compare(app, terminal_size=size, run_before=go)


CIRCUIT_SIZES = [(40, 12), (60, 20), (80, 24), (120, 40)]
CIRCUIT_IDS = [f"{w}x{h}" for w, h in CIRCUIT_SIZES]


@pytest.mark.parametrize("size", CIRCUIT_SIZES, ids=CIRCUIT_IDS)
def test_circuit_run(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The hybrid session's first station: the 3 min run, 70 s in (round 1 of 3)."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        entry = next(e for e in app.catalog.entries if e.path.name == "hybrid-run-strength.toml")
        app.start_workout(entry)
        await pilot.pause()
        session = app.session
        assert session is not None
        while session.phase is not Phase.HOLD:
            await advance(pilot, clock, (session.remaining() or 0) + 0.01)  # warm-up, get ready
        await advance(pilot, clock, 70)

    assert snap_compare(app, terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", CIRCUIT_SIZES, ids=CIRCUIT_IDS)
def test_circuit_station_rest(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The post-run circuit: the 15 s move from squats to walking lunges, 5 s in."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        entry = next(e for e in app.catalog.entries if e.path.name == "post-run-circuit.toml")
        app.start_workout(entry)
        await pilot.pause()
        await pilot.press("space", "enter")  # past the warm-up; the squats done
        await advance(pilot, clock, 5)

    assert snap_compare(app, terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", CIRCUIT_SIZES, ids=CIRCUIT_IDS)
def test_circuit_station(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The post-run circuit, round 2, station 2: walking lunges, 3 reps counted."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        entry = next(e for e in app.catalog.entries if e.path.name == "post-run-circuit.toml")
        app.start_workout(entry)
        await pilot.pause()
        session = app.session
        assert session is not None
        await pilot.press("space")  # past the warm-up
        while True:
            step = session.step
            if step is not None and step.is_work and (step.set_number, step.station) == (2, 2):
                break
            if session.phase is Phase.WORK:
                await pilot.press("enter")
            else:
                await advance(pilot, clock, (session.remaining() or 0) + 0.01)
        await advance(pilot, clock, 2)  # past the flash of the rest's end
        await pilot.press("space", "space", "space")

    assert snap_compare(app, terminal_size=size, run_before=go)


async def _walk_to_the_summary(pilot: Pilot[None], clock: FakeClock, routine: str) -> None:
    """Start a bundled routine and do all of it: enter after each rep set (or to start
    a hold that waits for it), every countdown waited out."""
    app = pilot.app
    assert isinstance(app, RuntimerApp)
    app.start_workout(next(e for e in app.catalog.entries if e.path.name == routine))
    await pilot.pause()
    session = app.session
    assert session is not None
    while session.phase is not Phase.DONE:
        if session.phase in (Phase.WORK, Phase.RUN):
            await pilot.press("enter")
        else:
            await advance(pilot, clock, (session.remaining() or 0) + 0.01)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_circuit_summary(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The hybrid session done: its rounds, the runs and the reps of each station."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        await _walk_to_the_summary(pilot, clock, "hybrid-run-strength.toml")

    assert snap_compare(app, terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_weight_test_summary(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Find your starting weight done, each set rated: the weight for each lift."""
    clock = FakeClock()
    app = make_app(bundled_dir("routines"), clock=clock)

    async def go(pilot: Pilot[None]) -> None:
        entry = next(e for e in app.catalog.entries if e.path.name == "starting-weight.toml")
        app.start_workout(entry)
        await pilot.pause()
        session = app.session
        assert session is not None
        # Set 3 of each lift: hard, easy, ok, hard (the last rated on the summary).
        third = {0: "3", 1: "1", 2: "2", 3: "3"}
        while session.phase is not Phase.DONE:
            step = session.step
            if session.phase is Phase.WORK and step is not None:
                await pilot.press("enter")
                if step.set_number == 3:
                    await pilot.press(third[step.exercise_index])
                else:
                    await pilot.press("1")
            else:
                await advance(pilot, clock, (session.remaining() or 0) + 0.01)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=go)
