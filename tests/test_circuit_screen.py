"""The workout screen walking a circuit, timed work and running legs, as the runner
on the mat sees it (Pilot on a fake clock; no sleeps)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer

from runtimer.core.session import Phase
from runtimer.ui.app import RuntimerApp
from runtimer.ui.widgets.counter import BigCounter
from tests.apphelp import advance, make_app, text
from tests.fakeclock import FakeClock

HYBRID = """\
name = "Hybrid"
rest_between_exercises = "1m"

[circuit.A]
name = "run and squat"
rounds = 2
rest_between_stations = "10s"
rest_between_rounds = "30s"

[[exercise]]
name = "Track rep"
circuit = "A"
distance = "400m"
pace = "5:00/km"

[[exercise]]
name = "Fast feet"
circuit = "A"
work = "30s"

[[exercise]]
name = "Squat"
sets = 2
reps = [10, "8+"]
load = [8, 10]
"""


@pytest.fixture
def hybrid(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "hybrid.toml").write_text(HYBRID, encoding="utf-8")
    return folder


def counter(app: RuntimerApp) -> str:
    return app.screen.query_one(BigCounter).shown_text


def footer_keys(app: RuntimerApp) -> list[str]:
    footer = app.screen.query_one(Footer)
    return [key.description for key in footer.query("FooterKey")]  # type: ignore[attr-defined]


async def test_a_distance_leg_counts_up_says_its_pace_and_ends_on_space(hybrid: Path) -> None:
    clock = FakeClock()
    app = make_app(hybrid, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        session = app.session
        assert session is not None and session.phase is Phase.RUN
        assert text(app, "#title") == "TRACK REP"
        assert text(app, "#subtitle") == "round 1 of 2, station 1 of 2  ·  run 400 m at 5:00/km"
        await advance(pilot, clock, 65)
        assert counter(app) == "1:05"
        # 400 m at 5:00/km should take 2:00.
        assert text(app, "#caption") == "space or enter at the finish · target 2:00"
        await advance(pilot, clock, 63)
        assert counter(app) == "2:08"
        assert text(app, "#caption") == "space or enter at the finish · 8 s behind"
        await pilot.press("space")
        assert session.phase is Phase.REST
        assert text(app, "#title") == "NEXT STATION"
        assert text(app, "#benefit") == "Last leg: 2:08 for 400 m (5:20/km), 8 s behind"
        record = session.results[0]
        assert (record.worked, record.planned_distance) == (128.0, 400.0)


async def test_timed_work_starts_by_itself_in_a_circuit_and_counts_reps(hybrid: Path) -> None:
    clock = FakeClock()
    app = make_app(hybrid, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await advance(pilot, clock, 100)
        await pilot.press("space")  # the leg is done: the 10 s move to the next station
        session = app.session
        assert session is not None
        assert "Next: Fast feet, round 1 of 2, station 2 of 2" in text(app, "#subtitle")
        await advance(pilot, clock, 10)
        # No key: after a rest of 3 s or more the work starts at once.
        assert session.phase is Phase.HOLD
        assert counter(app) == "0:30"
        assert "End early" in footer_keys(app) and "End hold" not in footer_keys(app)
        await pilot.press("space", "space", "space")
        assert text(app, "#subtitle").endswith("3 reps counted")
        await advance(pilot, clock, 30)
        assert session.phase is Phase.REST
        assert text(app, "#title") == "REST · NEXT ROUND"
        record = session.results[2]
        assert (record.reps, record.worked, record.planned_work) == (3, 30.0, 30)


async def test_an_at_least_set_shows_its_plus_and_its_own_load(hybrid: Path) -> None:
    clock = FakeClock()
    app = make_app(hybrid, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        session = app.session
        assert session is not None
        # Walk to the squat's second set: finish legs, let timed work and rests run.
        while not (session.step and session.step.target_reps and session.step.set_number == 2):
            if session.phase is Phase.RUN or (
                session.phase is Phase.WORK and session.step and session.step.target_reps
            ):
                await pilot.press("enter")
            else:
                await advance(pilot, clock, (session.remaining() or 0) + 0.01)
        assert counter(app) == "0/8+"
        assert text(app, "#subtitle") == "set 2 of 2  ·  at least 8 reps  ·  10 kg"


def test_the_preview_shows_a_circuit_as_a_group_with_its_rounds_and_rests(hybrid: Path) -> None:
    from runtimer.core.catalog import Entry, Origin
    from runtimer.core.loader import load_routine
    from runtimer.ui.widgets.preview import preview_content

    path = hybrid / "hybrid.toml"
    shown = preview_content(Entry(path, Origin.USER, routine=load_routine(path))).plain
    lines = [row.strip() for row in shown.splitlines()]
    heading = lines.index("Circuit A: run and squat")
    assert lines[heading + 1] == "2 rounds · 10 s between stations · 30 s between rounds"
    assert (
        lines[heading + 2].startswith("1. Track rep")
        and "400 m run at 5:00/km" in lines[heading + 2]
    )
    assert lines[heading + 3].startswith("2. Fast feet") and "30 s work" in lines[heading + 3]
    # The squat is not in the circuit: it has no heading, and the routine's rests apply.
    assert lines[heading + 4].startswith("3. Squat") and "10, 8+" in lines[heading + 4]
    assert any(row.startswith("Rest: ") for row in lines)


def test_the_summary_counts_rounds_and_shows_each_legs_time(hybrid: Path) -> None:
    from runtimer.core.loader import load_routine
    from runtimer.core.session import Session
    from runtimer.ui.screens.summary import summary_content

    clock = FakeClock()
    session = Session(load_routine(hybrid / "hybrid.toml"), clock)
    for leg in (128.0, 119.0):  # two rounds of the 400 m leg, then the rest
        clock.advance(leg)
        session.finish_set()  # the leg
        session.skip()  # the move to the next station
        session.start_hold()
        clock.advance(3 + 30)
        session.tick()  # the timed work ran out
        session.skip()  # the rest after the round
    shown = summary_content("Hybrid", session.summary(), finished=False).plain
    assert "2/2 rounds, 400 m in 2:08, 1:59 (best 4:57/km)" in shown
    assert "Not reached: Squat set 1, Squat set 2" in shown
