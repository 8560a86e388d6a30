"""Circuits, supersets, EMOM, timed work, running legs and per-set targets: the format,
the plan it unrolls to, the session that walks it, and the log that keeps it."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from runtimer.core.loader import RoutineError, parse_routine
from runtimer.core.plan import RestKind, StepKind, build_plan, estimate_seconds
from runtimer.core.records.codec import parse_log, session_to_toml
from runtimer.core.records.model import ExerciseInfo, SessionLog
from runtimer.core.routine import Routine
from runtimer.core.session import EventKind, Phase, Session, describe_step
from tests.fakeclock import FakeClock

AFTER_RUN = """\
name = "After the run"
rest_between_exercises = 120

[circuit.A]
name = "legs and core"
rounds = 3
rest_between_stations = "15s"
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

[[exercise]]
name = "Mountain climbers"
circuit = "A"
work = "30s"

[[exercise]]
name = "Goblet squat"
sets = 3
reps = [12, 10, "8+"]
load = [8, 10, 12]
warmup_sets = 1
"""


def load(text: str, tmp_path: Path | None = None) -> Routine:
    return parse_routine(dedent(text), (tmp_path or Path("/r")) / "routine.toml")


def problems(text: str) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        load(text)
    return [str(problem) for problem in caught.value.problems]


# ------------------------------------------------------------------ the format


def test_a_circuit_is_its_labelled_exercises_in_the_order_written() -> None:
    routine = load(AFTER_RUN)
    (circuit,) = routine.circuits
    assert (circuit.label, circuit.rounds, circuit.title) == ("A", 3, "Circuit A: legs and core")
    assert (circuit.rest_between_stations, circuit.rest_between_rounds) == (15, 60)
    assert circuit.rest_after == 120  # the routine's rest between exercises
    stations = [e.name for e in routine.exercises if e.circuit == "A"]
    assert stations == ["Squat jumps", "Side plank", "Mountain climbers"]
    # The rounds are each station's sets: totals and "set 2 of 3" work unchanged.
    assert [e.sets for e in routine.exercises] == [3, 3, 3, 3]
    assert routine.exercises[2].work == 30
    # Timed stations run on by themselves inside a circuit.
    assert routine.exercises[1].auto_start and routine.exercises[2].auto_start


def test_per_set_targets_pyramids_at_least_and_warm_up_sets() -> None:
    squat = load(AFTER_RUN).exercises[3]
    assert [(t.reps, t.load, t.at_least, t.warmup) for t in squat.targets] == [
        (12, 8.0, False, True),
        (10, 10.0, False, False),
        (8, 12.0, True, False),
    ]
    assert squat.load is not None and squat.load.amount == 12.0  # the working weight
    assert squat.target_text() == "3 × 12, 10, 8+ @ 8, 10, 12 kg (first 1 to warm up)"


def test_running_legs_by_distance_with_a_pace_and_by_time() -> None:
    routine = load(
        """
        name = "Hybrid"
        [[exercise]]
        name = "Run"
        sets = 4
        distance = "400m"
        pace = "5:00/km"
        [[exercise]]
        name = "Easy run"
        sets = 1
        run = "3m"
        [[exercise]]
        name = "Mile"
        sets = 1
        distance = "1mi"
        pace = "8:03/mi"
        """
    )
    run, easy, mile = routine.exercises
    assert (run.distance, run.pace, run.is_run) == (400.0, 300.0, True)
    assert run.target_text() == "4 × 400 m run at 5:00/km"
    assert (easy.run, easy.timed, easy.target_text()) == (180, 180, "1 × 3 min run")
    assert mile.distance == pytest.approx(1609.344)
    assert mile.pace == pytest.approx(483 / 1.609344)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            """
            name = "R"
            [circuit.A]
            rounds = 2
            [[exercise]]
            name = "One"
            circuit = "A"
            reps = 5
            [[exercise]]
            name = "Two"
            sets = 1
            reps = 5
            [[exercise]]
            name = "Three"
            circuit = "A"
            reps = 5
            """,
            [
                '/r/routine.toml:15:1: exercise 3 ("Three") is in circuit A, but exercise 2 is '
                "not: a circuit's stations must come one after another; move it up beside "
                "exercise 1, or give it a circuit of its own"
            ],
            id="stations apart",
        ),
        pytest.param(
            """
            name = "R"
            [circuit.A]
            rounds = 2
            [[exercise]]
            name = "One"
            circuit = "B"
            reps = 5
            """,
            [
                '/r/routine.toml:7:1: exercise 1 ("One"): there is no circuit "B"; '
                "add [circuit.B] with rounds = 3 (how often it is done)"
            ],
            id="a label with no table",
        ),
        pytest.param(
            """
            name = "R"
            [circuit.A]
            rounds = 2
            [circuit.B]
            rounds = 2
            [[exercise]]
            name = "One"
            circuit = "A"
            reps = 5
            """,
            [
                '/r/routine.toml:5:1: circuit B has no stations; add circuit = "B" to the '
                "exercises that belong to it, or remove [circuit.B]"
            ],
            id="a circuit with no stations",
        ),
        pytest.param(
            """
            name = "R"
            [circuit.A]
            rounds = 2
            [[exercise]]
            name = "One"
            circuit = "A"
            sets = 3
            reps = 5
            """,
            [
                "/r/routine.toml:8:1: exercise 1 (\"One\"): 'sets' is not used in circuit A: "
                "its rounds = 2 say how often each station is done; remove it"
            ],
            id="sets in a circuit",
        ),
        pytest.param(
            """
            name = "R"
            [circuit.E]
            rounds = 10
            every = "1m"
            rest_between_rounds = 30
            [[exercise]]
            name = "Burpees"
            circuit = "E"
            reps = 8
            """,
            [
                "/r/routine.toml:6:1: circuit E: 'rest_between_rounds' does not go with "
                "'every': each round starts every 1 min and the rest is what is left of it; "
                "remove one of them"
            ],
            id="EMOM with a round rest",
        ),
        pytest.param(
            """
            name = "R"
            [circuit.A]
            [[exercise]]
            name = "One"
            circuit = "A"
            reps = 5
            """,
            ["/r/routine.toml:3:1: circuit A: 'rounds' is missing; add rounds = 3 (1 to 30)"],
            id="no rounds",
        ),
        pytest.param(
            """
            name = "R"
            [[exercise]]
            name = "Squat"
            sets = 3
            reps = [12, 10]
            load = [8, "ten", 12]
            """,
            [
                "/r/routine.toml:6:1: exercise 1 (\"Squat\"): 'reps' lists 2 sets but the "
                "exercise has 3; give one entry per set, or a single number for all of them",
                "/r/routine.toml:7:1: exercise 1 (\"Squat\"): 'load' must be a number, got "
                'a string ("ten")',
            ],
            id="per-set lists of the wrong length and type",
        ),
        pytest.param(
            """
            name = "R"
            [[exercise]]
            name = "Squat"
            sets = 2
            reps = "ten+"
            warmup_sets = 2
            """,
            [
                "/r/routine.toml:6:1: exercise 1 (\"Squat\"): 'reps' must be a whole number "
                'from 1 to 200, or "10+" for at least 10 (as many as you can), '
                'got a string ("ten+")',
                "/r/routine.toml:7:1: exercise 1 (\"Squat\"): 'warmup_sets' is 2 but the "
                "exercise has 2 sets; keep at least one working set",
            ],
            id="a bad at-least and only warm-up sets",
        ),
        pytest.param(
            """
            name = "R"
            [[exercise]]
            name = "Run"
            sets = 2
            run = "3m"
            pace = "5:00/km"
            [[exercise]]
            name = "Far"
            sets = 1
            distance = "4 parsecs"
            [[exercise]]
            name = "Both"
            sets = 1
            distance = 400
            work = "30s"
            """,
            [
                "/r/routine.toml:7:1: exercise 1 (\"Run\"): 'pace' is the target for a running "
                'leg by distance; add distance = "400m", or remove it',
                '/r/routine.toml:11:1: exercise 2 ("Far"): \'distance\': "4 parsecs" is not a '
                'distance; write metres (400) or a string like "400m", "1.5km" or "1mi"',
                '/r/routine.toml:15:1: exercise 3 ("Both"): give one of "reps", "hold", '
                '"work", "run" or "distance", not both \'work\' and \'distance\': reps count '
                "repetitions, hold times a position, work is as many reps as you can in a "
                "time, run and distance are running legs",
            ],
            id="running legs said wrong",
        ),
    ],
)
def test_bad_circuits_and_targets_are_located_precisely(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


# ------------------------------------------------------------------ the plan


def test_a_circuit_runs_round_by_round_with_its_two_rests() -> None:
    routine = load(AFTER_RUN)
    plan = build_plan(routine)
    first_round = [
        (s.kind.value, routine.exercises[s.exercise_index].name, s.set_number, s.side, s.rest_kind)
        for s in plan[:7]
    ]
    names = [row[1] for row in first_round]
    assert names == [
        "Squat jumps",
        "Side plank",  # the rest before it names the work that comes next
        "Side plank",
        "Side plank",
        "Side plank",
        "Mountain climbers",
        "Mountain climbers",
    ]
    kinds = [s.rest_kind for s in plan[:8] if s.is_rest]
    assert kinds == [
        RestKind.BETWEEN_STATIONS,
        RestKind.SWITCH_SIDES,
        RestKind.BETWEEN_STATIONS,
        RestKind.BETWEEN_ROUNDS,
    ]
    round_rest = next(s for s in plan if s.rest_kind is RestKind.BETWEEN_ROUNDS)
    assert (round_rest.duration, round_rest.set_number, round_rest.station) == (60, 2, 1)
    climbers = next(s for s in plan if s.target_work is not None)
    # After a 15 s station rest (with its pips) the timed station starts at once.
    assert (climbers.auto_start, climbers.get_ready, climbers.station) == (True, 0, 3)
    assert describe_step(climbers, routine) == "Mountain climbers, round 1 of 3, station 3 of 3"
    # After the circuit, its rest_after, then the straight sets.
    after = [s for s in plan if s.rest_kind is RestKind.BETWEEN_EXERCISES]
    assert [(s.duration, s.exercise_index) for s in after] == [(120, 3)]
    work = [s for s in plan if s.kind is StepKind.WORK]
    assert len(work) == 3 * 4 + 3  # three rounds of four steps (the plank twice), 3 sets


def test_the_estimate_covers_rounds_running_legs_and_emom() -> None:
    emom = load(
        """
        name = "EMOM"
        [circuit.E]
        rounds = 10
        every = "1m"
        [[exercise]]
        name = "Burpees"
        circuit = "E"
        reps = 8
        """
    )
    # Ten rounds started a minute apart: nine whole minutes, then the last round.
    assert estimate_seconds(emom) == 9 * 60 + 8 * 3
    run = load(
        """
        name = "Run"
        [[exercise]]
        name = "Run"
        sets = 2
        rest_between_sets = 90
        distance = "1km"
        pace = "5:00/km"
        [[exercise]]
        name = "Jog"
        sets = 1
        distance = "1km"
        """
    )
    # Two kilometres at 5:00/km, a rest, a rest before the jog, a kilometre at the
    # default 6:00/km.
    assert estimate_seconds(run) == 2 * 300 + 90 + 120 + 360


# ------------------------------------------------------------------ the session


def test_walking_a_circuit_hands_free_where_it_can_be() -> None:
    clock = FakeClock()
    routine = load(AFTER_RUN)
    session = Session(routine, clock)
    assert session.phase is Phase.WORK and session.counts_reps  # squat jumps
    session.finish_set()
    assert session.phase is Phase.REST and session.step is not None
    assert session.step.rest_kind is RestKind.BETWEEN_STATIONS
    clock.advance(15)
    events = session.tick()
    # The side plank starts by itself: the rest's pips were its get-ready.
    assert EventKind.HOLD_STARTED in [e.kind for e in events]
    assert session.phase is Phase.HOLD
    clock.advance(20)
    session.tick()  # left side done, switch pause
    clock.advance(5)
    session.tick()
    clock.advance(20)
    session.tick()  # right side done, station rest
    clock.advance(15)
    session.tick()
    assert session.phase is Phase.HOLD and session.counts_reps  # timed work, reps counted
    for _ in range(17):
        session.primary()
    clock.advance(30)
    events = session.tick()
    recorded = [e.record for e in events if e.kind is EventKind.SET_RECORDED]
    assert recorded[0] is not None
    assert (recorded[0].reps, recorded[0].worked, recorded[0].planned_work) == (17, 30.0, 30)
    assert session.step is not None and session.step.rest_kind is RestKind.BETWEEN_ROUNDS


def test_an_emom_round_starts_on_the_minute_whatever_the_round_took() -> None:
    clock = FakeClock()
    routine = load(
        """
        name = "EMOM"
        [circuit.E]
        rounds = 3
        every = "1m"
        [[exercise]]
        name = "Burpees"
        circuit = "E"
        reps = 8
        """
    )
    session = Session(routine, clock)
    started = clock.now
    clock.advance(22)  # a slow round
    session.finish_set()
    assert session.phase is Phase.REST
    assert session.remaining() == pytest.approx(38)
    clock.advance(38)
    session.tick()
    assert session.phase is Phase.WORK and session.step is not None
    assert session.step.set_number == 2
    clock.advance(70)  # a round longer than the minute: the next starts at once
    session.finish_set()
    assert session.remaining() == 0
    assert clock.now - started == 130


def test_a_distance_leg_counts_up_and_logs_its_time() -> None:
    clock = FakeClock()
    routine = load(
        """
        name = "Hybrid"
        [[exercise]]
        name = "Run"
        sets = 1
        distance = "400m"
        pace = "5:00/km"
        """
    )
    session = Session(routine, clock)
    assert session.phase is Phase.RUN and not session.counts_reps
    clock.advance(125.4)
    assert session.run_seconds() == pytest.approx(125.4)
    events = session.primary()  # space (or enter) ends the leg
    (record,) = [e.record for e in events if e.kind is EventKind.SET_RECORDED]
    assert record is not None
    assert (record.worked, record.planned_distance) == (125.4, 400.0)
    assert session.phase is Phase.DONE


def test_per_set_loads_follow_the_load_keys() -> None:
    clock = FakeClock()
    routine = load(AFTER_RUN)
    session = Session(routine, clock, start_index=len(build_plan(routine)) - 5)
    step = session.step
    assert step is not None and step.exercise_index == 3 and step.warmup_set
    assert session.load_for(step) == 8.0
    session.change_load(1)  # +2 kg on the working weight moves every set by 2
    assert session.load_for(step) == 10.0
    events = session.finish_set()
    (record,) = [e.record for e in events if e.kind is EventKind.SET_RECORDED]
    assert record is not None and record.warmup and record.load == 10.0 and record.reps == 12


def test_the_log_keeps_rounds_timed_work_legs_and_warm_up_sets(tmp_path: Path) -> None:
    clock = FakeClock()
    routine = load(AFTER_RUN)
    session = Session(routine, clock)
    session.finish_set()  # squat jumps, round 1
    records = list(session.results.values())
    log = SessionLog(
        routine=routine.name,
        started=session.wall_at(session.started_at),
        exercises=tuple(ExerciseInfo.from_exercise(i, e) for i, e in enumerate(routine.exercises)),
        sets=(
            *records,
            records[0].__class__(
                **{
                    **{f: getattr(records[0], f) for f in records[0].__slots__},
                    "warmup": True,
                    "planned_work": 30,
                    "planned_distance": 400.0,
                    "worked": 95.5,
                    "reps": None,
                    "planned_reps": None,
                }
            ),
        ),
    )
    text = session_to_toml(log)
    assert 'circuit = "A"' in text and "warmup = true" in text and "worked = 95.5" in text
    back = parse_log(text.encode(), tmp_path / "log.toml")
    assert back.exercises[0].circuit == "A"
    assert back.sets[-1].warmup and back.sets[-1].worked == 95.5
    assert back.sets[-1].planned_distance == 400.0
    assert back == log


def test_the_csv_export_has_circuit_round_warm_up_and_pace_columns(tmp_path: Path) -> None:
    import csv
    import io

    from runtimer.core.history.export import CSV_COLUMNS, write_csv
    from runtimer.core.history.store import load_history
    from runtimer.core.records.model import Store

    clock = FakeClock()
    routine = load(
        """\
        name = "Track"
        [circuit.T]
        rounds = 2
        [[exercise]]
        name = "Rep"
        circuit = "T"
        distance = "400m"
        pace = "5:00/km"
        [[exercise]]
        name = "Squat"
        sets = 2
        reps = 10
        load = [4, 8]
        warmup_sets = 1
        """
    )
    session = Session(routine, clock)
    while session.phase is not Phase.DONE:
        if session.phase is Phase.RUN:
            clock.advance(110)
        session.finish_set() if session.step and session.step.is_work else session.skip()
    log = SessionLog(
        routine=routine.name,
        started=session.wall_at(session.started_at),
        exercises=tuple(ExerciseInfo.from_exercise(i, e) for i, e in enumerate(routine.exercises)),
        sets=tuple(session.results.values()),
    )
    store = Store(tmp_path / "sessions", tmp_path / "state" / "index.json")
    store.sessions.mkdir(parents=True)
    (store.sessions / "2026-12-02T1800-track.toml").write_text(session_to_toml(log))

    for _ in ("from the logs", "from the index"):
        out = io.StringIO()
        assert write_csv(load_history(store), out) == 4
        rows = [
            dict(zip(CSV_COLUMNS, row, strict=True))
            for row in csv.reader(io.StringIO(out.getvalue()))
        ][1:]
        legs = [row for row in rows if row["exercise"] == "Rep"]
        assert [(row["circuit"], row["round"], row["station"]) for row in legs] == [
            ("T", "1", "1"),
            ("T", "2", "1"),
        ]
        assert [row["worked_s"] for row in legs] == ["110", "110"]
        assert [row["planned_distance_m"] for row in legs] == ["400", "400"]
        assert [row["pace_s_per_km"] for row in legs] == ["275", "275"]  # 4:35/km
        squats = [row for row in rows if row["exercise"] == "Squat"]
        assert [(row["warmup"], row["load"], row["round"]) for row in squats] == [
            ("true", "4", ""),
            ("false", "8", ""),
        ]


def test_warm_up_sets_are_kept_out_of_advice_and_history() -> None:
    from runtimer.core.progress import outings

    clock = FakeClock()
    routine = load(
        """\
        name = "Heavy"
        [[exercise]]
        name = "Goblet squat"
        sets = 3
        reps = [10, 8, 8]
        load = [6, 12, 12]
        warmup_sets = 1
        """
    )
    session = Session(routine, clock)
    while session.phase is not Phase.DONE:
        session.finish_set() if session.step and session.step.is_work else session.skip()
    records = tuple(session.results.values())
    assert [(r.load, r.warmup) for r in records] == [(6, True), (12, False), (12, False)]
    log = SessionLog(
        routine=routine.name,
        started=session.wall_at(session.started_at),
        exercises=tuple(ExerciseInfo.from_exercise(i, e) for i, e in enumerate(routine.exercises)),
        sets=records,
    )
    (outing,) = outings([log], "Goblet squat")
    assert [(s.set_number, s.load) for s in outing.sets] == [(2, 12), (3, 12)]


def test_the_voice_says_timed_work_runs_and_legs_as_they_begin() -> None:
    from runtimer.core.voice.phrases import phrase_for

    clock = FakeClock()
    routine = load(
        """\
        name = "Hybrid"
        [circuit.H]
        rounds = 2
        rest_between_stations = "10s"
        [[exercise]]
        name = "Run"
        circuit = "H"
        run = "3m"
        [[exercise]]
        name = "Burpees"
        circuit = "H"
        work = "40s"
        [[exercise]]
        name = "Track rep"
        circuit = "H"
        distance = "1.5km"
        [[exercise]]
        name = "Squat"
        circuit = "H"
        reps = "10+"
        """
    )
    session = Session(routine, clock)
    said = []
    session.start_hold()
    while session.phase is not Phase.DONE and len(said) < 8:
        step = session.step
        before = session.index
        if session.phase is Phase.WORK or session.phase is Phase.RUN:
            events = session.finish_set()
        else:
            clock.advance(session.remaining() or 0)
            events = session.tick()
        phrase = phrase_for(events, session, entered=session.index != before)
        if phrase is not None and step is not None:
            said.append(phrase)
    assert said[:8] == [
        "Run 3 minutes.",
        "Station 2: Burpees, 40 seconds, as many as you can.",
        "Go. 40 seconds.",
        "Station 3: Track rep, run 1.5 kilometres.",
        "Run 1.5 kilometres.",
        "Station 4: Squat, at least 10 reps.",
        "Go.",
        "Round 1 done. Rest. Next: Run, run 3 minutes.",
    ]


def test_history_charts_a_legs_pace_and_timed_work_in_seconds() -> None:
    from datetime import UTC, datetime, timedelta

    from runtimer.core.history.report import Measure, build_report
    from runtimer.core.history.store import History
    from runtimer.core.history.wording import series_line

    routine = load(
        """\
        name = "Track"
        [circuit.T]
        rounds = 2
        [[exercise]]
        name = "Rep"
        circuit = "T"
        distance = "400m"
        [[exercise]]
        name = "Plank walk"
        circuit = "T"
        work = "30s"
        """
    )
    logs = []
    first = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
    for week, leg in enumerate((132.0, 120.0)):  # 5:30/km, then 5:00/km
        clock = FakeClock()
        session = Session(routine, clock)
        while session.phase is not Phase.DONE:
            if session.phase is Phase.RUN:
                clock.advance(leg)
                session.finish_set()
            elif session.phase is Phase.WORK:
                session.start_hold()
            else:
                clock.advance(session.remaining() or 0)
                session.tick()
        logs.append(
            SessionLog(
                routine=routine.name,
                started=first + timedelta(weeks=week),
                exercises=tuple(
                    ExerciseInfo.from_exercise(i, e) for i, e in enumerate(routine.exercises)
                ),
                sets=tuple(session.results.values()),
            )
        )
    report = build_report(History(tuple(logs), ()), (first + timedelta(weeks=2)).date())
    charts = {e.name: e.amount for e in report.exercises}
    rep, walk = charts["Rep"], charts["Plank walk"]
    assert rep is not None and walk is not None
    assert rep.measure is Measure.PACE and series_line(rep) == "pace █▁  5:30 → 5:00 /km"
    assert walk.measure is Measure.TIME and series_line(walk).endswith("30 s")


def test_back_pause_and_resume_across_stations_and_rounds() -> None:
    from runtimer.core.resume import resume_position

    clock = FakeClock()
    routine = load(AFTER_RUN)
    session = Session(routine, clock)

    def where() -> tuple[str, int, str | None]:
        step = session.step
        assert step is not None
        side = step.side.value if step.side is not None else None
        return routine.exercises[step.exercise_index].name, step.set_number, side

    def walk_to(name: str, round_: int) -> None:
        while not (session.step and session.step.is_work and where()[:2] == (name, round_)):
            if session.phase is Phase.WORK and session.step and session.step.target_reps:
                session.finish_set()
            elif session.phase is Phase.WORK:
                session.start_hold()
            elif session.phase is Phase.REST:
                session.skip()
            else:
                clock.advance(session.remaining() or 0)
                session.tick()

    walk_to("Squat jumps", 2)
    assert session.plan[session.index - 1].rest_kind is RestKind.BETWEEN_ROUNDS
    # Back from the first station of round 2: the last station of round 1, to redo.
    session.back()
    assert where() == ("Mountain climbers", 1, None)
    assert session.phase is Phase.WORK  # gone back to, a timed station waits for a key
    assert session.index not in session.results
    walk_to("Squat jumps", 2)
    session.finish_set()
    assert session.step is not None and session.step.rest_kind is RestKind.BETWEEN_STATIONS
    session.pause()
    clock.advance(300)
    session.resume()
    assert session.remaining() == pytest.approx(15)
    # Stopped here, the workout resumes at round 2's second station, left side.
    records = list(session.results.values())
    assert [(r.exercise, r.set_number) for r in records][-1] == ("Squat jumps", 2)
    resumed_at = session.plan[resume_position(routine, records)]
    assert (resumed_at.exercise_index, resumed_at.set_number) == (1, 2)
    assert resumed_at.side is not None and resumed_at.side.value == "left"
