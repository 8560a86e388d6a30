"""History charts the whole rounds done of each circuit, session by session, in
`runtimer history` and on the history screen alike."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from textwrap import dedent

from runtimer.cli.history import render_history
from runtimer.core.history.report import Measure, build_report, rounds_done
from runtimer.core.history.store import History
from runtimer.core.history.wording import circuit_line, circuit_name
from runtimer.core.loader import parse_routine
from runtimer.core.plan import Side
from runtimer.core.records.model import ExerciseInfo, SessionLog, SetRecord, Status
from runtimer.core.routine import Routine
from runtimer.core.session import Phase, Session
from runtimer.ui.screens.history import history_content
from tests.fakeclock import FakeClock

ROUTINE = """\
name = "After the run"

[circuit.A]
rounds = 3
rest_between_stations = "10s"
rest_between_rounds = "1m"

[[exercise]]
name = "Squat jumps"
circuit = "A"
reps = 10

[[exercise]]
name = "Side plank"
circuit = "A"
hold = "20s"
per_side = true
start = "key"

[circuit.B]
rounds = 2
rest_between_stations = 0

[[exercise]]
name = "Press-ups"
circuit = "B"
reps = 8

[[exercise]]
name = "Row"
circuit = "B"
reps = 8
"""
FIRST = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)


def routine(text: str = ROUTINE) -> Routine:
    return parse_routine(dedent(text), Path("/r/after.toml"))


def walk(
    routine: Routine,
    *,
    skip: Collection[tuple[str, int, Side | None]] = (),
    stop_after: int | None = None,
) -> dict[int, SetRecord]:
    """Every set of the routine done (or those in `skip` skipped), stopping before the
    first work step past `stop_after` steps; the session's results by plan step."""
    clock = FakeClock()
    session = Session(routine, clock)
    while session.phase is not Phase.DONE:
        if stop_after is not None and session.index >= stop_after:
            break
        step = session.step
        assert step is not None
        name = routine.exercises[step.exercise_index].name
        if step.is_work and (name, step.set_number, step.side) in skip:
            session.skip()
        elif session.phase is Phase.WORK and step.timed is not None:
            session.start_hold()
        elif session.phase is Phase.WORK:
            session.finish_set()
        else:
            clock.advance(session.remaining() or 0)
            session.tick()
    return dict(session.results)


def log(routine: Routine, week: int, results: dict[int, SetRecord], name: str = "") -> SessionLog:
    return SessionLog(
        routine=name or routine.name,
        started=FIRST + timedelta(weeks=week),
        status=Status.FINISHED,
        exercises=tuple(ExerciseInfo.from_exercise(i, e) for i, e in enumerate(routine.exercises)),
        sets=tuple(results.values()),
    )


def test_a_round_counts_when_every_station_and_side_was_done() -> None:
    after = routine()
    assert rounds_done(log(after, 0, walk(after)), "A") == (3, 3)
    # The side plank's left side skipped in round 2: that round is not whole.
    skipped = walk(after, skip={("Side plank", 2, Side.LEFT)})
    assert rounds_done(log(after, 0, skipped), "A") == (2, 3)
    # Stopped during round 2 of circuit A: one round done, circuit B never reached.
    stopped = log(after, 0, walk(after, stop_after=8))
    assert rounds_done(stopped, "A") == (1, 3)
    assert rounds_done(stopped, "B") is None
    assert rounds_done(stopped, "C") is None


def test_history_charts_rounds_per_circuit_over_time() -> None:
    after = routine()
    logs = (
        log(after, 0, walk(after, skip={("Squat jumps", 3, None)})),
        log(after, 1, walk(after)),
        # The same routine, its name typed another way: the same circuits.
        log(after, 2, walk(after, skip={("Row", 2, None)}), name="after the RUN"),
    )
    report = build_report(History(logs, ()), date(2026, 11, 23))
    a, b = sorted(report.circuits, key=lambda c: c.label)
    assert (a.routine, a.label, a.sessions, a.planned) == ("after the RUN", "A", 3, 3)
    assert a.rounds.measure is Measure.ROUNDS and a.rounds.values == (2.0, 3.0, 3.0)
    assert circuit_name(a) == "after the RUN · circuit A"
    assert circuit_line(a) == "rounds ▁██  2 → 3 of 3"
    assert circuit_line(b) == "rounds ██▁  2 → 1 of 2"

    text = render_history(History(logs, ()), date(2026, 11, 23))
    assert "Circuits  (whole rounds done, one mark per session, oldest on the left)" in text
    assert "  after the RUN · circuit A  (3 sessions)\n    rounds ▁██  2 → 3 of 3\n" in text
    # The circuits come before the exercises, and the screen says the same.
    assert text.index("Circuits") < text.index("Exercises")
    shown = history_content(report).plain
    assert "after the RUN · circuit A  (3 sessions)" in shown
    assert "rounds ▁██  2 → 3 of 3" in shown


def test_no_circuit_no_circuits_heading() -> None:
    plain = routine(
        """\
        name = "Straight"
        [[exercise]]
        name = "Squat"
        sets = 2
        reps = 10
        """
    )
    logs = (log(plain, 0, walk(plain)),)
    assert build_report(History(logs, ()), date(2026, 11, 3)).circuits == ()
    assert "Circuits" not in render_history(History(logs, ()), date(2026, 11, 3))
