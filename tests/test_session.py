"""The session engine, driven by a fake clock: whole workouts in milliseconds."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from runtimer.core.plan import RestKind, Side, StepKind, estimate_seconds
from runtimer.core.routine import HOLD_GET_READY, Exercise, Load, Routine, Sides, Warmup
from runtimer.core.session import (
    REST_ADJUST,
    WAKE_MARGIN,
    Event,
    EventKind,
    Feeling,
    Phase,
    Session,
    describe_step,
)
from tests.fakeclock import FakeClock

K = EventKind


def kinds(events: list[Event]) -> list[EventKind]:
    return [event.kind for event in events]


def whole_routine() -> Routine:
    """Warm-up, per-side reps, a hold and an alternating exercise.

    Plan: 0 warm-up 60 | 1 step-ups 1L | 2 switch | 3 step-ups 1R | 4 rest 30 |
    5 step-ups 2L | 6 switch | 7 step-ups 2R | 8 rest 60 | 9 plank | 10 rest 45 | 11 lunges
    """
    return Routine(
        "Whole",
        (
            Exercise(
                "Step-ups", sets=2, reps=5, sides=Sides.EACH, rest_between_sets=30, rest_after=60
            ),
            Exercise("Plank", sets=1, hold=20, rest_after=45),
            Exercise("Walking lunges", sets=1, reps=4, sides=Sides.ALTERNATING),
        ),
        warmup=Warmup(60, ("Jog",)),
        switch_sides=5,
    )


def two_exercises(**changes: object) -> Routine:
    """Squats 2 x 10 (30 s between sets, 60 s after), then lunges 2 x 8. No warm-up.

    Plan: 0 squats 1 | 1 rest 30 | 2 squats 2 | 3 rest 60 | 4 lunges 1 | 5 rest 30 | 6 lunges 2
    """
    squats = Exercise("Squats", sets=2, reps=10, rest_between_sets=30, rest_after=60)
    lunges = Exercise("Lunges", sets=2, reps=8, rest_between_sets=30)
    fields: dict[str, object] = {"name": "Two", "exercises": (squats, lunges)}
    fields.update(changes)
    return Routine(**fields)  # type: ignore[arg-type]


# -- a whole workout ------------------------------------------------------------------------


def test_a_whole_routine_walks_to_finished(clock: FakeClock) -> None:
    session = Session(whole_routine(), clock)
    assert session.phase is Phase.WARMUP
    assert session.remaining() == 60

    clock.advance(60)
    assert session.tick() == [Event(K.WARMUP_ENDED, 0, 1060.0)]
    assert session.phase is Phase.WORK
    assert session.step is not None and session.step.side is Side.LEFT
    assert session.exercise is not None and session.exercise.name == "Step-ups"
    for _ in range(5):
        session.primary()  # space counts a rep
    assert session.reps == 5
    clock.advance(20)
    assert session.finish_set() == [Event(K.SET_RECORDED, 1, 1080.0)]

    assert session.phase is Phase.REST  # the switch-sides pause
    assert session.step is not None and session.step.rest_kind is RestKind.SWITCH_SIDES
    clock.advance(5)
    assert kinds(session.tick()) == [K.REST_ENDED]
    assert session.step is not None and session.step.side is Side.RIGHT
    clock.advance(15)
    assert kinds(session.finish_set()) == [K.SET_RECORDED]  # no reps counted: as planned

    assert session.phase is Phase.REST
    assert session.primary() == []  # space during a rest skips it
    assert session.phase is Phase.WORK
    for _ in range(4):
        session.count_rep()
    clock.advance(15)
    session.finish_set()
    clock.advance(5)
    session.tick()
    assert kinds(session.skip()) == [K.SET_RECORDED]  # the right side of set 2

    clock.advance(61)
    assert kinds(session.tick()) == [K.REST_ENDED]
    assert session.exercise is not None and session.exercise.name == "Plank"
    assert session.phase is Phase.WORK  # a hold waits for the user to start it
    assert kinds(session.primary()) == [K.PIP]  # "3" of the get-ready countdown
    assert session.phase is Phase.GET_READY
    clock.advance(3)
    assert kinds(session.tick()) == [K.HOLD_STARTED]
    assert session.phase is Phase.HOLD
    clock.advance(20)
    assert kinds(session.tick()) == [K.HOLD_ENDED, K.SET_RECORDED]

    assert session.phase is Phase.REST
    session.adjust_rest(-REST_ADJUST)
    session.adjust_rest(-REST_ADJUST)
    assert kinds(session.adjust_rest(-REST_ADJUST)) == [K.REST_ENDED]
    assert session.step is not None and session.step.target_reps == 8  # 4 each leg
    for _ in range(8):
        session.count_rep()
    clock.advance(30)
    assert kinds(session.finish_set()) == [K.SET_RECORDED, K.FINISHED]
    assert session.phase is Phase.DONE
    assert session.step is None

    summary = session.summary()
    assert (summary.sets_done, summary.total_sets) == (3, 4)
    assert summary.skipped == ["Step-ups set 2"]
    step_ups, plank, lunges = summary.exercises
    assert (step_ups.reps_done, step_ups.sets_done, step_ups.planned) == (
        5 + 5 + 4,
        1,
        "2 × 5 each side",
    )
    assert (plank.seconds_held, plank.sets_done) == (20, 1)
    assert (lunges.reps_done, lunges.sets_done) == (8, 1)
    # 60 warm-up, 20 + 5 + 15 set 1, 15 + 5 set 2, 61 rest, 3 + 20 plank, 30 lunges
    assert summary.duration == 60 + 20 + 5 + 15 + 15 + 5 + 61 + 3 + 20 + 30


def test_the_clock_stops_when_the_workout_ends(clock: FakeClock) -> None:
    session = Session(Routine("One", (Exercise("Squats", sets=1, reps=10),)), clock)
    clock.advance(40)
    session.finish_set()
    assert session.phase is Phase.DONE
    clock.advance(600)  # the summary screen stays open for ten minutes
    assert session.elapsed() == 40
    assert session.summary().duration == 40
    assert session.tick() == []


def test_ending_the_workout_while_paused(clock: FakeClock) -> None:
    session = Session(Routine("One", (Exercise("Squats", sets=1, reps=10),)), clock)
    clock.advance(40)
    session.pause()
    clock.advance(100)
    assert kinds(session.skip()) == [K.SET_RECORDED, K.FINISHED]
    assert not session.paused
    clock.advance(100)
    assert session.toggle_pause() == []
    assert session.elapsed() == 40


# -- reps -----------------------------------------------------------------------------------


def test_counting_and_uncounting_reps(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.uncount_rep()
    assert session.reps == 0  # never below zero
    for _ in range(3):
        session.count_rep()
    session.uncount_rep()
    assert session.reps == 2
    session.finish_set()
    assert session.results[0].reps == 2
    assert session.results[0].planned_reps == 10
    assert session.phase is Phase.REST
    session.count_rep()  # nothing to count during a rest
    assert session.reps == 0


def test_enter_with_no_reps_counted_records_the_target(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()
    assert session.results[0].reps == 10
    assert not session.results[0].skipped


# -- pause ----------------------------------------------------------------------------------


def test_pause_moves_the_rest_deadline_and_is_not_counted_as_elapsed(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    clock.advance(10)
    session.finish_set()
    assert session.deadline == 1040
    clock.advance(20)
    assert kinds(session.pause()) == [K.WARNING]  # due now: settled before the pause
    assert session.paused
    clock.advance(100)
    assert session.tick() == []  # nothing happens while paused
    assert session.remaining() == 10
    assert session.elapsed() == 30
    assert session.next_wakeup() == 1.0  # paused: nothing moves
    assert session.resume() == []
    assert session.deadline == 1140
    assert session.elapsed() == 30
    clock.advance(10)
    assert session.tick() == [Event(K.REST_ENDED, 1, 1140.0)]
    assert session.elapsed() == 40


def test_pause_moves_a_hold_and_its_get_ready(clock: FakeClock) -> None:
    routine = Routine("Core", (Exercise("Plank", sets=1, hold=30),))
    session = Session(routine, clock)
    session.start_hold()
    clock.advance(1)
    session.toggle_pause()
    clock.advance(50)
    session.toggle_pause()
    assert session.remaining() == 2
    clock.advance(2)
    assert kinds(session.tick()) == [K.HOLD_STARTED]
    clock.advance(10)
    session.pause()
    clock.advance(1000)
    assert session.tick() == []
    session.resume()
    assert session.remaining() == 20
    clock.advance(19.5)
    assert kinds(session.tick()) == [K.PIP]  # the "1"
    clock.advance(0.5)
    assert kinds(session.tick()) == [K.HOLD_ENDED, K.SET_RECORDED, K.FINISHED]
    assert session.results[0].held == 30
    assert session.elapsed() == 3 + 30


def test_pause_during_a_rep_set_is_not_part_of_the_set(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    clock.advance(10)
    session.pause()
    clock.advance(300)
    session.resume()
    clock.advance(15)
    session.finish_set()
    result = session.results[0]
    assert (result.ended - result.started).total_seconds() == 25


def test_pause_settles_a_deadline_that_was_already_due(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()
    clock.advance(31)  # the UI has not ticked yet
    assert kinds(session.pause()) == [K.REST_ENDED]
    assert session.phase is Phase.WORK


# -- skip, back -----------------------------------------------------------------------------


def test_skipped_sets_are_recorded_and_listed_in_the_summary(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    assert kinds(session.skip()) == [K.SET_RECORDED]
    result = session.results[0]
    assert result.skipped and result.reps is None
    assert session.sets_done() == 0
    session.skip()  # the rest
    session.finish_set()
    session.skip()  # the rest before lunges
    session.finish_set()
    session.skip()
    session.skip()  # lunges set 2
    assert session.phase is Phase.DONE
    summary = session.summary()
    assert summary.skipped == ["Squats set 1", "Lunges set 2"]
    assert (summary.sets_done, summary.total_sets) == (2, 4)


def test_skipping_a_rest_starts_the_next_set_now(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()
    clock.advance(12)
    assert session.skip() == []
    assert session.phase is Phase.WORK
    clock.advance(20)
    session.finish_set()
    assert session.results[2].started == session.wall_at(1012)
    assert session.results[2].rest_before == 12


def test_back_redoes_the_previous_set_across_an_exercise_boundary(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()
    session.skip()
    for _ in range(7):
        session.count_rep()
    session.finish_set()  # squats set 2: 7 reps
    session.skip()  # the rest before lunges
    assert session.exercise is not None and session.exercise.name == "Lunges"
    assert session.sets_done() == 2

    assert session.back() == []
    # Back to squats set 2 (the rest between is passed over), its result forgotten.
    assert session.step is not None
    assert (session.step.exercise_index, session.step.set_number) == (0, 2)
    assert 2 not in session.results
    assert session.sets_done() == 1
    assert session.reps == 0
    for _ in range(9):
        session.count_rep()
    session.finish_set()
    assert session.results[2].reps == 9
    assert session.phase is Phase.REST  # the rest before lunges comes again


def test_back_from_a_rest_redoes_the_set_before_it(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()
    assert session.phase is Phase.REST
    session.back()
    assert session.index == 0 and session.phase is Phase.WORK
    assert session.results == {}


def test_back_at_the_start_restarts_the_warmup(clock: FakeClock) -> None:
    session = Session(two_exercises(warmup=Warmup(120)), clock)
    clock.advance(100)
    session.tick()
    session.back()
    assert session.phase is Phase.WARMUP
    assert session.remaining() == 120


def test_back_from_the_end_reopens_the_last_set(clock: FakeClock) -> None:
    session = Session(Routine("One", (Exercise("Squats", sets=1, reps=10),)), clock)
    session.finish_set()
    assert session.phase is Phase.DONE
    session.back()
    assert session.phase is Phase.WORK
    clock.advance(30)
    session.finish_set()
    assert session.elapsed() == 30  # the clock runs again until the new end


# -- rests ----------------------------------------------------------------------------------


def test_adding_and_removing_rest_time(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()
    assert session.remaining() == 30
    assert session.adjust_rest(+15) == []
    assert session.remaining() == 45
    session.adjust_rest(-15)
    assert session.remaining() == 30
    clock.advance(20)
    # 10 s left: removing 15 ends the rest now, and the next set starts now.
    assert session.adjust_rest(-15) == [Event(K.REST_ENDED, 1, 1020.0)]
    assert session.phase is Phase.WORK
    clock.advance(25)
    session.finish_set()
    assert session.results[2].started == session.wall_at(1020)


def test_rest_keys_do_nothing_outside_a_rest(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    assert session.adjust_rest(15) == []
    assert session.remaining() is None
    assert session.phase is Phase.WORK


def test_the_warmup_can_be_lengthened(clock: FakeClock) -> None:
    session = Session(two_exercises(warmup=Warmup(60)), clock)
    session.adjust_rest(15)
    clock.advance(70)  # it would have ended 10 s ago
    assert session.tick() == []
    clock.advance(5)
    assert session.tick() == [Event(K.WARMUP_ENDED, 0, 1075.0)]


def test_pips_at_three_two_one_exactly_once_each(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()  # a 30 s rest, deadline 1030
    clock.advance(26.5)
    assert session.tick() == []
    clock.advance(0.5)
    assert session.tick() == [Event(K.PIP, 1, 1027.0, 3)]
    assert session.tick() == []  # a second tick in the same instant
    clock.advance(0.25)
    assert session.tick() == []
    clock.advance(0.75)
    assert session.tick() == [Event(K.PIP, 1, 1028.0, 2)]
    clock.advance(1)
    assert session.tick() == [Event(K.PIP, 1, 1029.0, 1)]
    clock.advance(1)
    assert session.tick() == [Event(K.REST_ENDED, 1, 1030.0)]


def test_a_late_tick_sounds_only_the_latest_pip(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()  # deadline 1030
    clock.advance(25)
    session.tick()
    clock.set(1028.5)  # 3 and 2 were both due: only 2 sounds
    assert session.tick() == [Event(K.PIP, 1, 1028.0, 2)]
    clock.set(1029.5)
    assert session.tick() == [Event(K.PIP, 1, 1029.0, 1)]


def test_a_very_late_tick_sounds_the_last_pip_or_just_the_end(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()  # deadline 1030
    clock.set(1029.75)
    assert session.tick() == [Event(K.PIP, 1, 1029.0, 1)]
    session.skip()
    session.finish_set()  # the 60 s rest before lunges, deadline 1089.75
    clock.set(1090.25)
    assert session.tick() == [Event(K.REST_ENDED, 3, 1089.75)]


def test_pips_sound_again_after_rest_is_added(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()  # deadline 1030
    clock.set(1028)
    assert kinds(session.tick()) == [K.PIP]
    session.adjust_rest(15)
    clock.set(1042)
    assert session.tick() == [Event(K.PIP, 1, 1042.0, 3)]


def test_a_late_tick_ends_the_rest_at_its_deadline(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()
    deadline = session.deadline
    assert deadline == 1030
    clock.advance(30.8)
    [ended] = session.tick()
    assert ended.kind is K.REST_ENDED
    assert ended.at == deadline
    clock.advance(20)
    session.finish_set()
    assert session.results[2].started == session.wall_at(deadline)  # the set began at the deadline
    assert session.results[2].rest_before == 30


def drift_routine() -> Routine:
    return Routine(
        "Half an hour",
        (
            Exercise("Squats", sets=3, reps=12, rest_between_sets=90, rest_after=120),
            Exercise(
                "Side plank",
                sets=3,
                hold=45,
                sides=Sides.EACH,
                rest_between_sets=60,
                rest_after=120,
            ),
            Exercise("Lunges", sets=3, reps=10, sides=Sides.ALTERNATING, rest_after=120),
            Exercise("Step-ups", sets=3, reps=15, sides=Sides.EACH, rest_between_sets=75),
            Exercise("Plank", sets=2, hold=60, rest_between_sets=60),
        ),
        warmup=Warmup(300),
        switch_sides=5,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_late_ticks_cause_no_drift_over_half_an_hour(seed: int) -> None:
    rng = random.Random(seed)
    routine = drift_routine()
    clock = FakeClock()
    session = Session(routine, clock)
    planned_timed = sum(s.duration for s in session.plan if s.kind is not StepKind.WORK)
    # Second sides of holds start by themselves: timed by the session, not the user.
    planned_timed += sum(s.get_ready + (s.target_hold or 0) for s in session.plan if s.auto_start)
    user_time = 0.0  # seconds the simulated user spends on work steps
    step_start = clock()
    deadline = session.deadline
    while session.phase is not Phase.DONE:
        step = session.step
        assert step is not None
        if session.phase is Phase.WORK and step.target_reps is not None:
            took = rng.uniform(20, 60)
            clock.set(step_start + took)
            events = session.finish_set()
            user_time += took
            step_start = clock()
        elif session.phase is Phase.WORK:
            delay = rng.uniform(1, 8)
            clock.set(step_start + delay)
            events = session.start_hold()
            user_time += delay + 3 + (step.target_hold or 0)
        else:  # a countdown: the UI wakes late by up to 1.5 s
            clock.advance(session.next_wakeup() + rng.uniform(0, 1.5))
            events = session.tick()
        ends = [e for e in events if e.kind in (K.REST_ENDED, K.WARMUP_ENDED, K.HOLD_STARTED)]
        ends += [e for e in events if e.kind is K.HOLD_ENDED]
        if ends:
            assert ends[0].at == deadline  # a countdown ends on its deadline, not the tick
            step_start = ends[-1].at
        deadline = session.deadline
    assert planned_timed + user_time > 25 * 60
    # Hundreds of ticks came late by up to 1.5 s, yet not a millisecond was added.
    assert session.elapsed() == pytest.approx(planned_timed + user_time, abs=1e-6)
    assert session.summary().duration == pytest.approx(planned_timed + user_time, abs=1e-6)


def test_next_wakeup_is_just_after_the_shown_second_changes(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    margin = WAKE_MARGIN
    assert session.next_wakeup() == pytest.approx(1.0 + margin)  # the elapsed clock
    clock.advance(10.25)
    assert session.next_wakeup() == pytest.approx(0.75 + margin)
    session.finish_set()  # a 30 s rest from 1010.25
    clock.advance(0.75)
    assert session.shown_seconds() == 30  # 29.25 s left shows as 30
    # During a countdown only the countdown's second matters (the elapsed clock is
    # redrawn on the same wake-up): one wake-up a second, not two.
    assert session.next_wakeup() == pytest.approx(0.25 + margin)
    clock.advance(session.next_wakeup())
    assert session.shown_seconds() == 29  # the wake-up lands after the change
    clock.set(1040.0)  # 0.25 s left
    assert kinds(session.tick()) == [K.PIP]
    assert session.next_wakeup() == pytest.approx(0.25 + margin)
    clock.set(1041.0)  # overdue and not ticked yet: wake at once
    assert session.next_wakeup() == pytest.approx(margin)


def test_a_wake_up_a_hair_early_still_sounds_the_pip_soon(clock: FakeClock) -> None:
    """Timers can fire a fraction of a millisecond early; the pip must not wait a second."""
    session = Session(two_exercises(), clock)
    session.finish_set()  # a 30 s rest
    clock.advance(27 - 0.0005)  # 3.0005 s left: just before the 3-second pip
    assert session.tick() == []
    wait = session.next_wakeup()
    assert wait < 0.01
    clock.advance(wait)
    assert kinds(session.tick()) == [K.PIP]


# -- estimates and progress -------------------------------------------------------------------


def test_estimated_left_counts_down_and_learns_the_users_rep_pace(clock: FakeClock) -> None:
    routine = Routine(
        "Pace",
        (
            Exercise("Squats", sets=2, reps=10, rest_between_sets=30, rest_after=60),
            Exercise("Plank", sets=1, hold=20),
        ),
        warmup=Warmup(60),
        rep_pace=3,
    )
    session = Session(routine, clock)
    # warm-up 60 | squats 30 | rest 30 | squats 30 | rest 60 | plank 3 + 20
    assert session.estimated_left() == estimate_seconds(routine) == 233
    clock.advance(10)
    assert session.estimated_left() == 223
    clock.advance(50)
    session.tick()
    assert session.estimated_left() == 173
    clock.advance(60)  # the first set takes twice the planned 30 s
    assert session.estimated_left() == 143  # the set under way counts as done
    session.finish_set()
    # The next rep set is now expected to take 60 s, not 30.
    assert session.estimated_left() == 30 + 60 + 60 + 23
    session.skip()
    session.finish_set()
    session.skip()
    assert session.phase is Phase.WORK  # the plank, not started
    assert session.estimated_left() == 23
    session.start_hold()
    assert session.estimated_left() == 23  # get ready 3, then the whole hold
    clock.advance(3)
    session.tick()
    assert session.phase is Phase.HOLD
    assert session.estimated_left() == 20
    clock.advance(5)
    assert session.estimated_left() == 15


def test_estimated_left_never_grows_while_time_passes(clock: FakeClock) -> None:
    session = Session(drift_routine(), clock)
    previous = session.estimated_left()
    for _ in range(4000):
        if session.phase is Phase.DONE:
            break
        clock.advance(0.7)
        session.tick()
        step = session.step
        if session.phase is Phase.WORK and step is not None:
            if step.target_reps is not None:
                session.finish_set()
            else:
                session.start_hold()
        now = session.estimated_left()
        assert now <= previous + 1e-9
        previous = now
    assert session.phase is Phase.DONE and previous == 0


def test_a_set_done_counts_only_when_both_sides_are_done(clock: FakeClock) -> None:
    routine = Routine(
        "Sides", (Exercise("Step-ups", sets=2, reps=5, sides=Sides.EACH),), switch_sides=5
    )
    session = Session(routine, clock)
    assert (session.sets_done(), session.total_sets) == (0, 2)
    session.finish_set()  # left
    assert session.sets_done() == 0
    session.skip()  # the switch
    session.finish_set()  # right
    assert session.sets_done() == 1
    assert session.work_number() == (1, 1)


def test_rating_how_the_last_set_felt(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    assert session.rate_last(Feeling.HARD) == []  # nothing done yet
    clock.advance(30)
    session.finish_set()
    assert session.rate_last(Feeling.HARD) == [Event(K.SET_UPDATED, 0, 1030.0)]
    assert session.results[0].feeling is Feeling.HARD
    clock.advance(5)
    session.rate_last(Feeling.EASY)  # changing one's mind during the rest
    assert session.results[0].feeling is Feeling.EASY
    session.skip()
    session.skip()  # set 2 skipped: nothing to rate
    assert session.rate_last(Feeling.OK) == []
    assert session.results[0].feeling is Feeling.EASY


# -- loads ------------------------------------------------------------------------------------


def loaded_routine() -> Routine:
    return Routine(
        "Weights",
        (
            Exercise("Goblet squat", sets=1, reps=10, load=Load(8.0, "kg", 2.0), rest_after=60),
            Exercise("Row", sets=1, reps=10, load=Load(20.0, "lb", 5.0), rest_after=60),
            Exercise("Squats", sets=1, reps=10),
        ),
    )


def test_loads_change_by_the_exercises_step_and_are_logged(clock: FakeClock) -> None:
    session = Session(loaded_routine(), clock)
    assert session.load() == 8
    assert session.change_load(1) == 10
    assert session.change_load(-10) == 0  # never below zero
    assert session.change_load(2) == 4
    session.finish_set()
    assert (session.results[0].load, session.results[0].unit) == (4, "kg")

    # During the rest the keys change the load of the exercise that comes next.
    assert session.phase is Phase.REST
    assert session.load() == 20
    assert session.change_load(1) == 25
    session.skip()
    session.finish_set()
    assert (session.results[2].load, session.results[2].unit) == (25, "lb")


def test_a_body_weight_exercise_can_be_given_a_weight_in_kg(clock: FakeClock) -> None:
    session = Session(loaded_routine(), clock, start_index=4)
    assert session.exercise is not None and session.exercise.name == "Squats"
    assert session.load() is None
    assert session.change_load(1) == 2  # the documented default step of 2 kg
    session.finish_set()
    assert (session.results[4].load, session.results[4].unit) == (2, "kg")


def test_a_body_weight_set_logs_no_load(clock: FakeClock) -> None:
    session = Session(loaded_routine(), clock, start_index=4)
    session.finish_set()
    assert (session.results[4].load, session.results[4].unit) == (None, None)


def test_loads_from_a_previous_session_replace_the_routines(clock: FakeClock) -> None:
    session = Session(loaded_routine(), clock, loads={0: 12.0})
    assert session.load() == 12
    assert session.load(1) == 20
    session.set_load(1, -3)
    assert session.load(1) == 0


# -- resuming ---------------------------------------------------------------------------------


def test_a_session_resumes_from_a_step_with_its_earlier_results(clock: FakeClock) -> None:
    routine = whole_routine()
    first = Session(routine, clock)
    clock.advance(60)
    first.tick()
    first.finish_set()
    first.skip()
    first.finish_set()  # step-ups set 1, both sides
    assert first.phase is Phase.REST and first.index == 4
    assert first.sets_done() == 1

    clock.advance(500)  # the app was closed and opened again
    resumed = Session(
        routine, clock, start_index=first.index, prior=first.results, loads=first.loads
    )
    assert resumed.index == 4 and resumed.phase is Phase.REST
    assert resumed.remaining() == 30  # the rest starts afresh
    assert resumed.sets_done() == 1
    assert resumed.results == first.results
    resumed.skip()  # the rest
    resumed.finish_set()  # set 2, left
    resumed.skip()  # the switch
    resumed.finish_set()  # set 2, right
    resumed.skip()  # the rest before the plank
    resumed.start_hold()
    clock.advance(23)
    resumed.tick()
    resumed.skip()  # the rest before the lunges
    assert kinds(resumed.finish_set()) == [K.SET_RECORDED, K.FINISHED]
    summary = resumed.summary()
    assert summary.exercises[0].reps_done == 5 * 4
    assert (summary.sets_done, summary.total_sets) == (4, 4)
    assert summary.skipped == []


def test_describing_steps_for_the_screens() -> None:
    routine = whole_routine()
    session = Session(routine, FakeClock())
    first_work = session.next_work_step()
    assert first_work is not None
    assert describe_step(first_work, routine) == "Step-ups, set 1 of 2, left"
    assert session.plan[4].rest_kind is RestKind.BETWEEN_SETS
    assert session.plan[8].rest_kind is RestKind.BETWEEN_EXERCISES
    assert describe_step(session.plan[11], routine) == "Walking lunges, set 1 of 1"


# -- the early warning ----------------------------------------------------------------------


def test_the_early_warning_comes_once_ten_seconds_before_a_rest_ends(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()  # a 30 s rest, deadline 1030
    clock.set(1019.9)
    assert session.tick() == []
    clock.set(1020.0)
    assert session.tick() == [Event(K.WARNING, 1, 1020.0, 10)]
    clock.set(1020.5)
    assert session.tick() == []  # once
    clock.set(1027.0)
    assert kinds(session.tick()) == [K.PIP]


def test_the_warning_is_configurable_and_can_be_off(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock, warning=20)
    session.finish_set()
    clock.set(1010.0)
    assert session.tick() == [Event(K.WARNING, 1, 1010.0, 20)]
    quiet = Session(two_exercises(), clock, warning=0)
    quiet.finish_set()  # deadline 1040
    seen: list[EventKind] = []
    while quiet.phase is Phase.REST:
        clock.advance(quiet.next_wakeup())
        seen += kinds(quiet.tick())
    assert seen == [K.PIP, K.PIP, K.PIP, K.REST_ENDED]


def test_no_warning_for_a_rest_no_longer_than_it_nor_for_holds(clock: FakeClock) -> None:
    routine = Routine(
        "Short",
        (Exercise("Side plank", sets=1, hold=30, sides=Sides.EACH),),
        switch_sides=10,
    )
    session = Session(routine, clock)
    seen: list[EventKind] = []
    session.start_hold()
    while session.phase is not Phase.DONE:
        clock.advance(session.next_wakeup())
        seen += kinds(session.tick())
    assert K.WARNING not in seen
    assert K.PIP in seen


def test_more_rest_after_the_warning_brings_it_again(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()  # deadline 1030
    clock.set(1020.5)
    assert kinds(session.tick()) == [K.WARNING]
    session.adjust_rest(15)  # deadline 1045: 24 s left
    clock.set(1035.0)
    assert session.tick() == [Event(K.WARNING, 1, 1035.0, 10)]
    session.adjust_rest(-15)  # 0 s left... ends the rest now
    assert session.phase is Phase.WORK


def test_a_warning_more_than_a_second_late_is_dropped(clock: FakeClock) -> None:
    session = Session(two_exercises(), clock)
    session.finish_set()
    clock.set(1025.0)  # the app was held up: 5 s left
    assert session.tick() == []
    clock.set(1027.0)
    assert kinds(session.tick()) == [K.PIP]


# -- holds that start by themselves -----------------------------------------------------


def side_plank(**changes: object) -> Routine:
    """Side plank 2 × 20 s each side (switch 5 s, 30 s between sets). Plan:
    0 L1 | 1 switch | 2 R1 | 3 rest | 4 L2 | 5 switch | 6 R2"""
    plank = Exercise("Side plank", sets=2, hold=20, sides=Sides.EACH, rest_between_sets=30)
    fields: dict[str, object] = {"name": "Planks", "exercises": (plank,), "switch_sides": 5}
    fields.update(changes)
    return Routine(**fields)  # type: ignore[arg-type]


def run_until(session: Session, clock: FakeClock, phase: Phase) -> list[Event]:
    events: list[Event] = []
    for _ in range(1000):
        if session.phase is phase:
            return events
        clock.advance(session.next_wakeup())
        events += session.tick()
    raise AssertionError(f"never reached {phase}")


def test_the_second_side_starts_itself_when_the_switch_pause_ends(clock: FakeClock) -> None:
    session = Session(side_plank(), clock)
    session.start_hold()  # 3 s get-ready, then 20 s: ends at 1023
    events = run_until(session, clock, Phase.REST)
    assert session.step is not None and session.step.kind is StepKind.REST
    events = run_until(session, clock, Phase.HOLD)
    # The switch pause counted down with pips and the hold started on its deadline,
    # with no get-ready and no key.
    assert kinds(events)[-3:] == [K.PIP, K.REST_ENDED, K.HOLD_STARTED]
    assert events[-1].at == 1028.0
    assert session.index == 2
    assert session.remaining() == pytest.approx(20 - (clock() - 1028.0))


def test_the_first_side_of_the_next_set_waits_for_a_key_by_default(clock: FakeClock) -> None:
    session = Session(side_plank(), clock)
    session.start_hold()
    run_until(session, clock, Phase.WORK)  # through the switch, the right side, the rest
    assert session.index == 4
    clock.advance(60)
    assert session.tick() == [] and session.phase is Phase.WORK


def test_start_auto_starts_every_hold_after_its_rest_with_a_get_ready(clock: FakeClock) -> None:
    plank = Exercise("Side plank", sets=2, hold=20, sides=Sides.EACH, rest_between_sets=30)
    session = Session(side_plank(exercises=(replace(plank, auto_start=True),)), clock)
    session.start_hold()
    while session.index < 3:  # L1, the switch, R1 (by itself), then the rest
        clock.advance(session.next_wakeup())
        session.tick()
    rest_end = session.deadline
    events = run_until(session, clock, Phase.GET_READY)
    # The rest ends and the get-ready starts in the same instant (its first pip too).
    assert kinds(events)[-2:] == [K.REST_ENDED, K.PIP] and session.index == 4
    assert events[-2].at == rest_end
    events = run_until(session, clock, Phase.HOLD)
    assert events[-1] == Event(K.HOLD_STARTED, 4, (rest_end or 0) + HOLD_GET_READY)


def test_a_hold_gone_back_to_waits_for_a_key(clock: FakeClock) -> None:
    session = Session(side_plank(), clock)
    session.start_hold()
    run_until(session, clock, Phase.HOLD)  # L1 holding
    run_until(session, clock, Phase.REST)
    run_until(session, clock, Phase.HOLD)  # R1 started by itself
    session.back()  # to L1
    assert session.index == 0 and session.phase is Phase.WORK
    session.finish_set()  # enter starts it, with the get-ready
    assert session.phase is Phase.GET_READY
