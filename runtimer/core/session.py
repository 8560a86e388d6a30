"""The session engine: where the user is in a workout, and what happens next.

Pure Python and driven by an injected clock (a callable returning monotonic seconds),
so a whole workout can be walked in a test in milliseconds. Time left is always
`deadline - now`; nothing ever counts ticks, because a UI timer can be late or drop
ticks and a tick counter would drift.

Every operation returns the events the UI must react to (sounds, logging, redraws).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum

from runtimer.core.amount import AmountKind, step_amount
from runtimer.core.feeling import Feeling
from runtimer.core.plan import Side, Step, StepKind, build_plan, planned_seconds
from runtimer.core.records.model import ExerciseInfo, SetRecord, local_now
from runtimer.core.routine import (
    DEFAULT_LOAD_STEP,
    DEFAULT_WARNING,
    HOLD_GET_READY,
    Exercise,
    Routine,
    format_clock,
    format_distance,
    format_duration,
    format_pace,
)
from runtimer.core.startweight import WeightFinding, weight_finding

Clock = Callable[[], float]

REST_ADJUST = 15  # seconds added or removed by + and -
PIP_SECONDS = (3, 2, 1)
MAX_REPS_COUNTED = 999
#: Wake-ups are aimed this far after the moment they are for, so they never land a
#: hair before it (Textual's timers may fire up to half a millisecond early).
WAKE_MARGIN = 0.002


class Phase(Enum):
    WARMUP = "warm-up"
    WORK = "work"  # a rep set, or a hold not started yet
    GET_READY = "get ready"  # the short countdown before a hold (or timed work, a run)
    HOLD = "hold"  # a countdown of work: a hold, timed work or a timed run
    RUN = "run"  # a running leg by distance: the clock counts up until enter
    REST = "rest"
    DONE = "done"


class EventKind(Enum):
    WARNING = "warning"  # a rest or the warm-up ends soon (`Session.warning` seconds)
    PIP = "pip"  # one of the last three seconds of a rest, a hold or a get-ready
    REST_ENDED = "rest ended"
    WARMUP_ENDED = "warm-up ended"
    HOLD_STARTED = "hold started"
    HOLD_ENDED = "hold ended"
    LAP = "lap"  # a running leg passed another lap time (`Step.lap`)
    SET_RECORDED = "set recorded"  # a work step finished or was skipped: log it now
    SET_UPDATED = "set updated"  # a recorded set changed (its feeling was rated)
    FINISHED = "finished"


@dataclass(frozen=True)
class Event:
    kind: EventKind
    step_index: int
    at: float  # the clock time the event belongs to (a deadline, not the late tick)
    count: int = 0  # for PIP: 3, 2 or 1; for WARNING: the seconds left; for LAP: the lap
    # SET_RECORDED, SET_UPDATED: the set as it is now. Not compared: two events are
    # the same when the same thing happened at the same moment.
    record: SetRecord | None = field(default=None, compare=False)


@dataclass
class _Current:
    """Mutable state of the step under way."""

    started_at: float
    deadline: float | None = None
    reps: int = 0
    hold_started_at: float | None = None  # when the hold itself (not get-ready) began
    pips: set[int] = field(default_factory=set)
    warned: bool = False  # the early warning came (or the countdown was too short for one)
    warning_given: bool = False  # it came: the screen shows the rest is nearly over
    laps: int = 0  # lap times of a running leg already signalled


@dataclass(frozen=True)
class ExerciseSummary:
    name: str
    planned_sets: int
    sets_done: int
    planned: str  # e.g. "2 × 12 each side"
    reps_done: int
    seconds_held: float
    skipped_sets: tuple[int, ...]  # sets the user skipped
    not_reached: tuple[int, ...] = ()  # sets never started (the workout was stopped)
    circuit: str | None = None  # a station of this circuit: its sets are rounds
    #: Seconds of each running leg or timed run done, in order (a leg's time and pace).
    legs: tuple[float, ...] = ()
    distance: float | None = None  # metres of a leg by distance
    #: A weight test's result (`find_weight`): which weight to start with.
    finding: WeightFinding | None = None

    @property
    def set_word(self) -> str:
        return "round" if self.circuit is not None else "set"


@dataclass(frozen=True)
class Summary:
    duration: float
    sets_done: int
    total_sets: int
    exercises: tuple[ExerciseSummary, ...]

    @property
    def skipped(self) -> list[str]:
        """`Dumbbell row set 2` for every set the user skipped."""
        return [
            f"{exercise.name} {exercise.set_word} {number}"
            for exercise in self.exercises
            for number in exercise.skipped_sets
        ]

    @property
    def not_reached(self) -> list[str]:
        """Sets never started, when the workout was stopped early."""
        return [
            f"{exercise.name} {exercise.set_word} {number}"
            for exercise in self.exercises
            for number in exercise.not_reached
        ]


class Session:
    """A workout under way. Create it, then call `tick()` whenever the UI wakes."""

    def __init__(
        self,
        routine: Routine,
        clock: Clock = time.monotonic,
        *,
        start_index: int = 0,
        prior: Mapping[int, SetRecord] | None = None,
        loads: dict[int, float] | None = None,
        elapsed_before: float = 0.0,
        wall: Callable[[], datetime] = local_now,
        warning: int = DEFAULT_WARNING,
    ) -> None:
        """`start_index`, `prior` (the sets already done, by plan step) and
        `elapsed_before` continue a workout that was interrupted: where it goes on,
        what was done, and the workout time it took (so the clock does not restart at
        0:00 after a resume). `wall` is read once: a set's times in the log are that
        moment plus the monotonic clock's progress, so a wall clock that jumps during
        the workout (a time-zone change, a sync) moves no set. `warning`: seconds
        before a rest or the warm-up ends for the early warning; 0 for none."""
        self.routine = routine
        self.warning = max(0, warning)
        self.elapsed_before = max(0.0, elapsed_before)
        self.plan: tuple[Step, ...] = build_plan(routine)
        self._clock = clock
        now = clock()
        self.started_at = now
        self._wall_start = wall()
        self._paused_since: float | None = None
        self._paused_total = 0.0
        self._finished_at: float | None = None  # the session clock stops at the end
        self.results: dict[int, SetRecord] = dict(prior or {})
        self.loads: dict[int, float] = {
            index: exercise.load.amount
            for index, exercise in enumerate(routine.exercises)
            if exercise.load is not None
        }
        self.loads.update(loads or {})
        self.index = min(max(0, start_index), len(self.plan))
        self._rest_began: float | None = None
        self._round_began: float | None = None
        self._current = _Current(started_at=now)
        self._enter(now)

    # -- reading the state -------------------------------------------------------------

    @property
    def now(self) -> float:
        return self._clock()

    @property
    def step(self) -> Step | None:
        return self.plan[self.index] if self.index < len(self.plan) else None

    @property
    def exercise(self) -> Exercise | None:
        step = self.step
        return self.routine.exercises[step.exercise_index] if step is not None else None

    @property
    def phase(self) -> Phase:
        step = self.step
        if step is None:
            return Phase.DONE
        if step.kind is StepKind.WARMUP:
            return Phase.WARMUP
        if step.kind is StepKind.REST:
            return Phase.REST
        if step.timed is not None and self._current.deadline is not None:
            return Phase.HOLD if self._current.hold_started_at is not None else Phase.GET_READY
        if step.target_distance is not None:
            return Phase.RUN
        return Phase.WORK

    @property
    def paused(self) -> bool:
        return self._paused_since is not None

    @property
    def reps(self) -> int:
        return self._current.reps

    @property
    def warned(self) -> bool:
        """The early warning of this rest (or warm-up) has come: it is nearly over."""
        return self._current.warning_given

    @property
    def deadline(self) -> float | None:
        return self._current.deadline

    def remaining(self, now: float | None = None) -> float | None:
        """Seconds left in a timed step (rest, warm-up, get-ready, hold); None otherwise."""
        if self._current.deadline is None:
            return None
        now = self._frozen(now)
        return max(0.0, self._current.deadline - now)

    def shown_seconds(self, now: float | None = None) -> int | None:
        """The whole seconds a countdown shows: 2.01 s left shows 3, as clocks do."""
        left = self.remaining(now)
        return None if left is None else math.ceil(left - 1e-9)

    def elapsed(self, now: float | None = None) -> float:
        """Time spent in the session, pauses excluded; it stops when the session ends,
        so the summary (and the log) do not grow while the summary screen is open."""
        now = self._finished_at if self._finished_at is not None else self._frozen(now)
        return self.elapsed_before + max(0.0, now - self.started_at - self._paused_total)

    def load(self, exercise_index: int | None = None) -> float | None:
        """The exercise's load as the load keys set it (default: the current one's).
        Where its sets differ (`load = [6, 8, 10]`) this is not any one set's weight:
        what a set carries, to show or say, is `load_for(step)`."""
        if exercise_index is None:
            step = self.step
            if step is None:
                return None
            exercise_index = step.exercise_index
        return self.loads.get(exercise_index)

    def wall_at(self, when: float) -> datetime:
        """The local date and time of a moment of the session's clock."""
        return self._wall_start + timedelta(seconds=when - self.started_at)

    @property
    def last_step(self) -> int | None:
        """The plan step of the most recently recorded set (the one the feeling keys
        rate), or None before the first."""
        if not self.results:
            return None
        return max(self.results, key=lambda step: (self.results[step].ended, step))

    @property
    def last_result(self) -> SetRecord | None:
        """The most recently recorded set."""
        step = self.last_step
        return self.results[step] if step is not None else None

    def next_work_step(self) -> Step | None:
        """The next work step from here, for "Next: ..." on the rest screen."""
        for step in self.plan[self.index :]:
            if step.kind is StepKind.WORK:
                return step
        return None

    def work_number(self) -> tuple[int, int]:
        """(exercise number, exercise count), 1-based, for "exercise 3 of 10"."""
        step = self.step or self.plan[-1]
        return step.exercise_index + 1, len(self.routine.exercises)

    def sets_done(self) -> int:
        """Whole sets (both sides, where one-sided) finished and not skipped."""
        done: dict[tuple[int, int], bool] = {}
        for index, step in enumerate(self.plan):
            if step.kind is not StepKind.WORK:
                continue
            key = (step.exercise_index, step.set_number)
            result = self.results.get(index)
            ok = result is not None and not result.skipped
            done[key] = done.get(key, True) and ok
        return sum(1 for ok in done.values() if ok)

    @property
    def total_sets(self) -> int:
        return self.routine.total_sets

    def estimated_left(self, now: float | None = None) -> float:
        """Seconds still to go: the plan for what is left, with rep sets scaled by how
        long rep sets have actually taken so far."""
        now = self._frozen(now)
        pace = self._pace_factor()
        total = 0.0
        for index in range(self.index, len(self.plan)):
            step = self.plan[index]
            planned = planned_seconds(step, self.routine)
            if step.kind is StepKind.WORK and step.target_reps is not None:
                planned *= pace
            if index == self.index:
                left = self.remaining(now)
                if left is not None and self._current.deadline is not None:
                    # A get-ready countdown still has the whole hold after it.
                    getting_ready = self.phase is Phase.GET_READY
                    planned = left + ((step.timed or 0) if getting_ready else 0)
                else:
                    planned = max(0.0, planned - (now - self._current.started_at))
            total += planned
        return total

    def _pace_factor(self) -> float:
        planned = actual = 0.0
        for index, result in self.results.items():
            if result.skipped or result.planned_reps is None:
                continue
            step = self.plan[index]
            planned += planned_seconds(step, self.routine)
            actual += (result.ended - result.started).total_seconds()
        if planned <= 0 or actual <= 0:
            return 1.0
        return min(4.0, max(0.25, actual / planned))

    def next_wakeup(self, now: float | None = None) -> float:
        """Seconds until something on screen changes, plus a small margin so the wake-up
        lands just after the change (timers may fire a fraction of a millisecond early).

        During a countdown that is the countdown's next shown second (or its deadline);
        the elapsed clock is redrawn on the same wake-up, so the app wakes once a second,
        not twice. Without a countdown (a rep set) it is the elapsed clock's next second.
        """
        now = self._frozen(now)
        if self.paused or self.phase is Phase.DONE:
            return 1.0
        left = self.remaining(now)
        ran = self.run_seconds(now)
        if ran is not None:
            wait = 1.0 - (ran % 1.0)  # a running leg's clock counts up from its start
        elif left is None:
            wait = 1.0 - (self.elapsed(now) % 1.0)
        elif left <= 0:
            return WAKE_MARGIN  # a deadline is already due: tick now
        else:
            wait = left - math.floor(left) or 1.0
        return max(WAKE_MARGIN, wait + WAKE_MARGIN)

    # -- time -----------------------------------------------------------------------------

    def tick(self, now: float | None = None) -> list[Event]:
        """Advance timed steps to `now`; return what happened. Safe to call late or often."""
        if self.paused:
            return []
        now = self._clock() if now is None else now
        events: list[Event] = self._lap(now)
        while True:
            deadline = self._current.deadline
            if deadline is None:
                break
            left = deadline - now
            if left > 0:
                current = self._current
                if not current.warned and left <= self.warning:
                    current.warned = True
                    # Not when it would come more than a second late (the app was held
                    # up): "10 seconds" must not be said with 4 left.
                    if left > max(self.warning - 1, max(PIP_SECONDS)):
                        at = deadline - self.warning
                        events.append(Event(EventKind.WARNING, self.index, at, self.warning))
                        current.warning_given = True
                pip = next((n for n in sorted(PIP_SECONDS) if left <= n), None)
                if pip is not None and pip not in self._current.pips:
                    # Late ticks may jump past several pips: only the latest one sounds.
                    self._current.pips.update(n for n in PIP_SECONDS if n >= pip)
                    events.append(Event(EventKind.PIP, self.index, deadline - pip, pip))
                break
            events.extend(self._deadline_reached(deadline))
        return events

    def _lap(self, now: float) -> list[Event]:
        """A running leg with a lap time: the latest lap passed by `now`, if it has not
        been signalled (a late tick that jumps several laps signals the last one, as
        with pips). A timed run's lap that falls on its end is the end, not a lap."""
        step = self.step
        if step is None or step.lap is None or not step.is_work:
            return []
        phase = self.phase
        if phase is Phase.RUN:
            began, length = self._current.started_at, None
        elif phase is Phase.HOLD and step.running and self._current.hold_started_at is not None:
            began, length = self._current.hold_started_at, step.timed
        else:
            return []
        laps = int(max(0.0, now - began) // step.lap)
        if length is not None:
            laps = min(laps, (length - 1) // step.lap)
        if laps <= self._current.laps:
            return []
        self._current.laps = laps
        return [Event(EventKind.LAP, self.index, began + laps * step.lap, laps)]

    def _deadline_reached(self, deadline: float) -> list[Event]:
        phase = self.phase
        index = self.index
        if phase is Phase.GET_READY:
            step = self.plan[index]
            assert step.timed is not None
            self._current.hold_started_at = deadline
            self._current.deadline = deadline + step.timed
            self._current.pips = set()
            return [Event(EventKind.HOLD_STARTED, index, deadline)]
        if phase is Phase.HOLD:
            step = self.plan[index]
            events = [Event(EventKind.HOLD_ENDED, index, deadline)]
            events += self._record_timed(step, deadline, float(step.timed or 0))
            return events + self._advance(deadline)
        kind = EventKind.REST_ENDED if phase is Phase.REST else EventKind.WARMUP_ENDED
        return [Event(kind, index, deadline), *self._advance(deadline)]

    # -- operations ------------------------------------------------------------------------

    @property
    def counts_reps(self) -> bool:
        """Space counts a rep now: a rep set, or timed work under way."""
        step = self.step
        if step is None or step.kind is not StepKind.WORK:
            return False
        if self._step_is_reps():
            return self.phase is Phase.WORK
        return step.target_work is not None and not step.running and self.phase is Phase.HOLD

    def count_rep(self) -> list[Event]:
        if self.counts_reps:
            self._current.reps = min(MAX_REPS_COUNTED, self._current.reps + 1)
        return []

    def uncount_rep(self) -> list[Event]:
        if self.counts_reps:
            self._current.reps = max(0, self._current.reps - 1)
        return []

    def run_seconds(self, now: float | None = None) -> float | None:
        """How long the running leg under way has run (a distance leg counts up)."""
        if self.phase is not Phase.RUN:
            return None
        return max(0.0, self._frozen(now) - self._current.started_at)

    def start_hold(self) -> list[Event]:
        """Start the get-ready countdown of a hold (or timed work, a timed run); it then
        runs and ends by itself."""
        step = self.step
        if self.phase is not Phase.WORK or step is None or step.timed is None:
            return []
        now = self._frozen(None)
        self._current.deadline = now + HOLD_GET_READY
        self._current.pips = set()
        return self.tick(now) if not self.paused else []

    def primary(self) -> list[Event]:
        """The space bar: count a rep, start a hold, or move on from a rest or warm-up."""
        phase = self.phase
        if phase is Phase.WORK:
            return self.start_hold() if not self._step_is_reps() else self.count_rep()
        if phase in (Phase.REST, Phase.WARMUP):
            return self.skip()
        if phase is Phase.RUN:
            return self.finish_set()
        if phase is Phase.HOLD and self.counts_reps:
            return self.count_rep()
        return []

    def finish_set(self) -> list[Event]:
        """Enter: end the set as done. With no reps counted, the set counts as done as
        planned (hands were busy); a hold ended early keeps the seconds actually held."""
        phase = self.phase
        step = self.step
        if step is None:
            return []
        now = self._frozen(None)
        if phase is Phase.WORK and self._step_is_reps():
            reps = self._current.reps or (step.target_reps or 0)
            return self._record(step, now, reps=reps) + self._advance(now)
        if phase is Phase.WORK:  # a hold not started: enter starts it
            return self.start_hold()
        if phase is Phase.HOLD:
            start = self._current.hold_started_at or now
            return self._record_timed(step, now, max(0.0, now - start)) + self._advance(now)
        if phase is Phase.RUN:
            took = max(0.0, now - self._current.started_at)
            return self._record(step, now, worked=took) + self._advance(now)
        if phase is Phase.GET_READY:
            return []
        return self.skip()

    def skip(self) -> list[Event]:
        """Move on: a work step is recorded as skipped, a rest or warm-up cut short."""
        step = self.step
        if step is None:
            return []
        now = self._frozen(None)
        events: list[Event] = []
        if step.kind is StepKind.WORK:
            events += self._record(step, now, skipped=True)
        return events + self._advance(now)

    def back(self) -> list[Event]:
        """Go back to the previous set (or the warm-up), forgetting its result so it can be
        done again. Rests are passed over: going back means redoing work."""
        now = self._frozen(None)
        target = self.index - 1
        while target >= 0 and self.plan[target].kind is StepKind.REST:
            target -= 1
        if target < 0:
            target = 0
            while target < len(self.plan) - 1 and self.plan[target].kind is StepKind.REST:
                target += 1
        self.results.pop(target, None)
        self.index = target
        self._rest_began = None
        self._finished_at = None
        self._enter(now)
        return []

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.paused else self.pause()

    def pause(self) -> list[Event]:
        if self.phase is Phase.DONE or self.paused:
            return []
        now = self._clock()
        events = self.tick(now)  # settle anything already due before freezing
        self._paused_since = now
        return events

    def resume(self) -> list[Event]:
        if self._paused_since is None:
            return []
        now = self._clock()
        gap = max(0.0, now - self._paused_since)
        self._paused_since = None
        self._paused_total += gap
        self._current.started_at += gap
        if self._current.deadline is not None:
            self._current.deadline += gap
        if self._current.hold_started_at is not None:
            self._current.hold_started_at += gap
        if self._rest_began is not None:
            self._rest_began += gap
        if self._round_began is not None:
            self._round_began += gap
        return self.tick(now)

    def adjust_rest(self, seconds: float) -> list[Event]:
        """Add (or with a negative number remove) time from the rest or warm-up under way.
        Removing more than is left ends the rest now."""
        if self.phase not in (Phase.REST, Phase.WARMUP) or self._current.deadline is None:
            return []
        now = self._frozen(None)
        self._current.deadline = max(now, self._current.deadline + seconds)
        left = self._current.deadline - now
        self._current.pips = {n for n in PIP_SECONDS if n > left}
        # More rest than the warning again: it comes again, when it is due.
        self._current.warned = left <= self.warning
        self._current.warning_given = self._current.warning_given and self._current.warned
        return self.tick(now) if not self.paused else []

    def change_load(self, steps: int, exercise_index: int | None = None) -> float | None:
        """Change an exercise's load (default: the current one) by its step; returns the
        new load. A body-weight exercise gets a weight in kg, by the default kg step."""
        if exercise_index is None:
            step = self.step
            if step is None:
                return None
            exercise_index = step.exercise_index
        exercise = self.routine.exercises[exercise_index]
        unit_step = (
            exercise.load.step if exercise.load is not None else DEFAULT_LOAD_STEP[exercise.unit]
        )
        current = self.loads.get(exercise_index, 0.0)
        new = max(0.0, round(current + steps * unit_step, 3))
        self.loads[exercise_index] = new
        return new

    def set_load(self, exercise_index: int, amount: float) -> None:
        self.loads[exercise_index] = max(0.0, amount)

    def rate_last(self, feeling: Feeling) -> list[Event]:
        """Record how the last set felt (easy / ok / hard); optional, any time after it."""
        step = self.last_step
        if step is None or self.results[step].skipped:
            return []
        rated = self.results[step] = replace(self.results[step], feeling=feeling)
        return [Event(EventKind.SET_UPDATED, step, self._frozen(None), record=rated)]

    def summary(self, now: float | None = None) -> Summary:
        exercises = []
        for index, exercise in enumerate(self.routine.exercises):
            steps = [i for i, s in enumerate(self.plan) if s.is_work and s.exercise_index == index]
            results = [self.results[i] for i in steps if i in self.results]
            per_set: dict[int, list[SetRecord | None]] = {}
            for i in steps:
                per_set.setdefault(self.plan[i].set_number, []).append(self.results.get(i))
            done = sum(
                1
                for sides in per_set.values()
                if all(r is not None and not r.skipped for r in sides)
            )
            skipped = tuple(
                number
                for number, sides in per_set.items()
                if any(r is not None and r.skipped for r in sides)
            )
            not_reached = tuple(
                number
                for number, sides in per_set.items()
                if number not in skipped and any(r is None for r in sides)
            )
            exercises.append(
                ExerciseSummary(
                    name=exercise.name,
                    planned_sets=exercise.sets,
                    sets_done=done,
                    planned=exercise.target_text(),
                    reps_done=sum(r.reps or 0 for r in results if not r.skipped),
                    seconds_held=sum(r.held or 0.0 for r in results if not r.skipped),
                    skipped_sets=skipped,
                    not_reached=not_reached,
                    circuit=exercise.circuit,
                    legs=tuple(
                        r.worked
                        for r in results
                        if exercise.is_run and not r.skipped and r.worked is not None
                    ),
                    distance=exercise.distance,
                    finding=(
                        weight_finding(results, ExerciseInfo.from_exercise(index, exercise))
                        if exercise.find_weight
                        else None
                    ),
                )
            )
        return Summary(
            duration=self.elapsed(now),
            sets_done=self.sets_done(),
            total_sets=self.total_sets,
            exercises=tuple(exercises),
        )

    # -- internals -------------------------------------------------------------------------

    def _frozen(self, now: float | None) -> float:
        """While paused, time stands still at the moment of the pause."""
        if self._paused_since is not None:
            return self._paused_since
        return self._clock() if now is None else now

    def _step_is_reps(self) -> bool:
        step = self.step
        return step is not None and step.kind is StepKind.WORK and step.target_reps is not None

    def _enter(self, at: float, *, moving_on: bool = False) -> list[Event]:
        """Begin the step at `self.index` at time `at` (a deadline, so no drift).

        `moving_on`: the step before it just ended. Only then does a hold that starts by
        itself (`Step.auto_start`) start: one gone back to, or resumed, waits for a key.
        """
        step = self.step
        # Only rests and the warm-up are warned of, and only those longer than the
        # warning (a 5 s switch pause has its pips, no warning at 10 s).
        warned = (
            step is None
            or step.kind is StepKind.WORK
            or self.warning <= 0
            or step.duration <= self.warning
        )
        self._current = _Current(started_at=at, warned=warned)
        if step is None:
            return []
        if step.kind is StepKind.REST:
            if self._rest_began is None:
                self._rest_began = at
            self._current.deadline = at + step.duration
            if step.every is not None and self._round_began is not None:
                # EMOM: the next round starts on the interval, whatever this one took.
                self._current.deadline = max(at, self._round_began + step.every)
        elif step.kind is StepKind.WARMUP:
            self._current.deadline = at + step.duration
        else:
            if step.station == 1 and step.side is not Side.RIGHT:
                self._round_began = at
            if moving_on and step.auto_start and step.timed is not None:
                if step.get_ready > 0:
                    self._current.deadline = at + step.get_ready
                else:
                    self._current.hold_started_at = at
                    self._current.deadline = at + step.timed
                    return [Event(EventKind.HOLD_STARTED, self.index, at)]
        return []

    def _advance(self, at: float) -> list[Event]:
        if self.index >= len(self.plan):
            return []
        leaving = self.plan[self.index]
        if leaving.kind is StepKind.WORK:
            self._rest_began = None
        self.index += 1
        if self.index >= len(self.plan):
            self._current = _Current(started_at=at)
            self._finished_at = at
            # Ending while paused (skipping the last set) ends the pause too: a later
            # resume must not subtract the time after the end from the session.
            self._paused_since = None
            return [Event(EventKind.FINISHED, self.index, at)]
        return self._enter(at, moving_on=True)

    def _record(
        self,
        step: Step,
        at: float,
        *,
        reps: int | None = None,
        held: float | None = None,
        worked: float | None = None,
        skipped: bool = False,
    ) -> list[Event]:
        exercise = self.routine.exercises[step.exercise_index]
        rest_taken = self._rest_before()
        load = self.load_for(step)
        result = SetRecord(
            exercise=exercise.name,
            exercise_index=step.exercise_index,
            set_number=step.set_number,
            started=self.wall_at(self._current.started_at),
            ended=self.wall_at(at),
            side=step.side,
            planned_reps=step.target_reps,
            planned_hold=step.target_hold,
            reps=None if skipped else reps,
            held=None if skipped or step.target_hold is None or held is None else round(held, 1),
            load=load,
            unit=exercise.unit if load is not None else None,
            rest_before=round(rest_taken, 1) if rest_taken is not None else None,
            skipped=skipped,
            warmup=step.warmup_set,
            planned_work=step.target_work,
            planned_distance=step.target_distance,
            worked=None if skipped or worked is None else round(worked, 1),
        )
        self.results[self.index] = result
        return [Event(EventKind.SET_RECORDED, self.index, at, record=result)]

    def _record_timed(self, step: Step, at: float, seconds: float) -> list[Event]:
        """A countdown of work ended (or was ended early) after `seconds`."""
        if step.target_hold is not None:
            return self._record(step, at, held=seconds)
        counted = self._current.reps if not step.running and self._current.reps else None
        return self._record(step, at, reps=counted, worked=seconds)

    def load_for(self, step: Step) -> float | None:
        """The weight of one set: the exercise's load, or where its sets differ, the
        set's own planned load moved by whatever the user changed the load by."""
        load = self.loads.get(step.exercise_index)
        exercise = self.routine.exercises[step.exercise_index]
        planned = exercise.target(step.set_number).load
        if load is None or planned is None or not exercise.targets or exercise.load is None:
            return load
        return max(0.0, round(planned + load - exercise.load.amount, 3))

    def _rest_before(self) -> float | None:
        """How long the rest before this work step actually lasted (switch pauses too)."""
        if self.index == 0 or self.plan[self.index - 1].kind is not StepKind.REST:
            return None
        if self._rest_began is None:
            return None
        return max(0.0, self._current.started_at - self._rest_began)


def describe_step(step: Step, routine: Routine) -> str:
    """`Dumbbell row, set 1 of 2, left`: a work step in words."""
    exercise = routine.exercises[step.exercise_index]
    text = f"{exercise.name}, {set_words(step, routine)}"
    if step.side is not None:
        text += f", {step.side.value}"
    return text


def set_words(step: Step, routine: Routine) -> str:
    """`set 2 of 3`, or in a circuit `round 2 of 3, station 1 of 4`."""
    exercise = routine.exercises[step.exercise_index]
    if step.circuit is None:
        return f"set {step.set_number} of {exercise.sets}"
    text = f"round {step.set_number} of {exercise.sets}"
    if step.stations > 1:
        text += f", station {step.station} of {step.stations}"
    return text


def amount_words(step: Step) -> str:
    """`10 reps`, `at least 8 reps`, `hold 30 s`, `40 s, as many reps as you can`,
    `run 3 min`, `run 400 m at 5:30/km`: what one work step asks for, as the screen
    writes it (`step_amount` decides what it is; the voice says it in its own words)."""
    amount = step_amount(step)
    match amount.kind:
        case AmountKind.HOLD:
            return f"hold {format_duration(amount.seconds)}"
        case AmountKind.RUN:
            words = f"run {format_duration(amount.seconds)}"
        case AmountKind.WORK:
            return f"{format_duration(amount.seconds)}, as many reps as you can"
        case AmountKind.DISTANCE:
            words = f"run {format_distance(amount.metres)}"
            if amount.pace is not None:
                words += f" at {format_pace(amount.pace)}"
        case _:
            reps = f"{amount.reps} reps"
            return f"at least {reps}" if amount.at_least else reps
    return f"{words}, lap {format_duration(amount.lap)}" if amount.lap else words


def pace_words(metres: float, seconds: float, target_pace: float | None) -> str:
    """`1:52 for 400 m (4:40/km), 20 s ahead of pace`: how a running leg went."""
    text = f"{format_clock(round(seconds))} for {format_distance(metres)}"
    if metres <= 0 or seconds <= 0:
        return text
    text += f" ({format_pace(seconds / metres * 1000)})"
    if target_pace is None:
        return text
    return f"{text}, {behind_words(seconds - metres / 1000 * target_pace)}"


def behind_words(late: float) -> str:
    """`on pace`, `8 s behind`, `20 s ahead of pace` (within a second is on pace)."""
    late = round(late)
    if abs(late) < 1:
        return "on pace"
    return f"{late} s behind" if late > 0 else f"{-late} s ahead of pace"
