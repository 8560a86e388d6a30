"""A workout under way: the object the workout screen drives.

It joins what the screen needs beside the engine's own state: the session (where the
user is, what happens next), its log (every set on disk the moment it ends), the
hint shown for each exercise (last time and today's advice), and which sound a batch
of events calls for. The screen turns keys into `Session` calls and hands the events
they return to `handle`, which records them and says what to play and show; it draws
the rest from `session` and `problem`.

Kept out of the UI so "nothing the user did is lost" and the advice are tested
without a screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from runtimer.core.audio.cues import cue_for
from runtimer.core.audio.events import SoundEvent
from runtimer.core.feeling import Feeling
from runtimer.core.progress import (
    Advice,
    advise,
    default_load,
    exercise_key,
    last_load,
    last_time,
    of_routine,
)
from runtimer.core.records.model import ProgramRecord, SessionLog, SetRecord, local_now
from runtimer.core.records.writer import SessionWriter
from runtimer.core.resume import resumed_session
from runtimer.core.routine import DEFAULT_WARNING, Routine, format_amount
from runtimer.core.session import (
    Clock,
    Event,
    EventKind,
    Phase,
    Session,
    Summary,
)
from runtimer.core.voice.phrases import Coach

#: Moments worth a visible flash as well as a sound: time to move.
FLASH_FOR = frozenset({EventKind.REST_ENDED, EventKind.WARMUP_ENDED, EventKind.HOLD_ENDED})


class Recorder:
    """Writes what a `Session` records into a `SessionWriter`, event by event."""

    def __init__(
        self, writer: SessionWriter, session: Session, prescribed: Mapping[int, float] | None = None
    ) -> None:
        """`prescribed`: an active program's loads, by exercise index; a working set
        carried at another load (the load keys, or taking another weight) is logged as
        an override."""
        self.writer = writer
        self.session = session
        self.prescribed = dict(prescribed or {})
        # Which log record holds each plan step's latest result (for the feeling keys).
        self._records: dict[int, int] = {}

    @property
    def problem(self) -> str | None:
        """Why the log could not be saved, in plain words; None when all is on disk."""
        return self.writer.problem

    def handle(self, event: Event) -> None:
        # Every save carries the workout time so far: a resume continues the clock.
        self.writer.set_active_seconds(self.session.elapsed())
        record = event.record
        if event.kind is EventKind.SET_RECORDED and record is not None:
            self._records[event.step_index] = self.writer.record(self._marked(record))
        elif event.kind is EventKind.SET_UPDATED and record is not None:
            index = self._records.get(event.step_index)
            if index is None:  # recorded before a resume: find it in the log
                index = self.writer.index_of(record.exercise_index, record.set_number, record.side)
            if index is not None:
                self.writer.set_feeling(index, record.feeling)
        elif event.kind is EventKind.FINISHED:
            self.writer.finish()
        elif not self.writer.saved:
            self.writer.retry()  # any later moment is a chance to save what is pending

    def _marked(self, record: SetRecord) -> SetRecord:
        """The record, marked `override` when its load is not the program's."""
        planned = self.prescribed.get(record.exercise_index)
        if planned is None or record.load is None or record.warmup:
            return record
        if abs(record.load - planned) < 1e-9:
            return record
        return replace(record, override=True)

    def stop(self) -> None:
        """The user stopped early: keep the log as a partial workout.

        With no set recorded at all (stopped during the warm-up) there is nothing to
        keep: the empty log is discarded, so history does not list a "0 sets" workout.
        """
        self.writer.set_active_seconds(self.session.elapsed())
        if self.writer.log.sets:
            self.writer.keep_partial()
        else:
            self.writer.discard()


@dataclass(frozen=True)
class Rated:
    """A rating given: the set it went to, and whether that set is not the one just
    finished but the one before the set under way (worth saying on screen)."""

    record: SetRecord
    earlier: bool

    def describe(self) -> str:
        """`Goblet squat set 2, left: hard`."""
        side = f", {self.record.side.value}" if self.record.side is not None else ""
        feeling = self.record.feeling.value if self.record.feeling is not None else ""
        return f"{self.record.exercise} set {self.record.set_number}{side}: {feeling}"


@dataclass(frozen=True)
class Outcome:
    """What a batch of events means for the screen, once they are recorded."""

    cue: SoundEvent | None = None  # the one sound to play (the most important)
    phrase: str | None = None  # what the voice says ("Rest. Next: ...", "3.", "Go.")
    flash: bool = False  # time to move: show it as well as sound it
    finished: bool = False  # the last step is done: show the summary


class Workout:
    """A session, its log and its hints. Build it with `start` or `resume`."""

    def __init__(
        self,
        session: Session,
        writer: SessionWriter,
        *,
        past: Sequence[SessionLog] = (),
        today: Callable[[], date] = date.today,
        advice: Mapping[int, Advice] | None = None,
        prescribed: Mapping[int, float] | None = None,
    ) -> None:
        """`past` are the sessions that count for advice; this workout's own log is
        left out of them here, so a resumed workout is never its own "last time".
        `advice`: an active program's targets, by exercise index, said instead of the
        rules of `progress.advise` (see `core.program.engine`); `prescribed`: its
        loads, so a set carried at another is logged as an override."""
        self.session = session
        self.writer = writer
        self._recorder = Recorder(writer, session, prescribed)
        mine = writer.path
        self._past = tuple(s for s in past if mine is None or s.path != mine)
        self._today = today
        self._program_advice = dict(advice or {})
        self._hints: dict[int, str] = {}
        self._coach = Coach(None)  # phrases only: the app's speaker says them
        self.stopped = False
        # Each event's due time and the time it was handled, one line each, for the
        # benchmark's lateness measure (RUNTIMER_TRACE); None: not traced.
        self.trace: TextIO | None = None

    @classmethod
    def start(
        cls,
        routine: Routine,
        folder: Path,
        *,
        past: Sequence[SessionLog] = (),
        today: Callable[[], date] = date.today,
        clock: Clock = time.monotonic,
        wall: Callable[[], datetime] = local_now,
        warning: int = DEFAULT_WARNING,
        loads: Mapping[int, float] | None = None,
        advice: Mapping[int, Advice] | None = None,
        program: ProgramRecord | None = None,
    ) -> Workout:
        """A new workout of `routine`, its log created in `folder` at once. `warning`:
        the early warning's seconds before a rest ends (config `[workout] warning`).
        `loads` and `advice`: an active program's targets (the loads to start with, by
        exercise index, and what to say of each) instead of the last loads used;
        `program`: the program's record of the session, kept in its log, from which a
        resume gets the targets back."""
        writer = SessionWriter.start(folder, routine, now=wall, program=program)
        start = default_loads(routine, past)
        start.update(loads or {})
        session = Session(routine, clock, loads=start, wall=wall, warning=warning)
        return cls(session, writer, past=past, today=today, advice=advice, prescribed=loads)

    @classmethod
    def resume(
        cls,
        routine: Routine,
        writer: SessionWriter,
        *,
        past: Sequence[SessionLog] = (),
        today: Callable[[], date] = date.today,
        clock: Clock = time.monotonic,
        wall: Callable[[], datetime] = local_now,
        warning: int = DEFAULT_WARNING,
    ) -> Workout | None:
        """The unfinished workout in `writer`'s log, going on at its next set; None if
        every set was already saved (killed between the last set and marking the log
        finished), in which case the log is marked finished now.

        A program's session (its log has `[program]`) goes on with the targets it was
        started with, read from the log (`program.engine.resumed_targets`): the same
        sets, reps, rests and loads, the same advice lines, and a load changed after
        the resume is logged as an override, as it would have been before."""
        mine = writer.path
        others = tuple(s for s in past if mine is None or s.path != mine)
        advice: dict[int, Advice] = {}
        prescribed: dict[int, float] = {}
        if writer.log.program is not None:
            # Only a program's session needs the programs engine: a plain start stays quick.
            from runtimer.core.program.engine import resumed_targets

            kept = resumed_targets(routine, writer.log.program)
            routine, advice, prescribed = kept.routine, kept.advice, kept.loads
        loads = default_loads(routine, others)
        loads.update(prescribed)
        session = resumed_session(
            routine, writer.log, clock, loads=loads, wall=wall, warning=warning
        )
        if session.phase is Phase.DONE:
            writer.set_active_seconds(session.elapsed())
            writer.finish()
            return None
        writer.mark_resumed()  # the gap since the last set is not workout time
        return cls(session, writer, past=others, today=today, advice=advice, prescribed=prescribed)

    # -- what the screen shows beside the session -------------------------------------

    @property
    def problem(self) -> str | None:
        """Why the log is not all on disk, in plain words; None when it is."""
        return self.writer.problem

    @property
    def saved(self) -> bool:
        return self.writer.saved

    def _history_of(self, exercise_index: int) -> tuple[tuple[SessionLog, ...], str]:
        """The past sessions that speak for this exercise, and the routine they are of
        when it is not this one: this routine's own sessions first; others only when
        this routine never did the exercise, and then they say so."""
        exercise = self.session.routine.exercises[exercise_index]
        key = exercise_key(exercise.name)
        mine = of_routine(self._past, self.session.routine)
        if any(exercise_key(r.exercise) == key for s in mine for r in s.sets if r.done):
            return mine, ""
        for session in reversed(self._past):
            if any(exercise_key(r.exercise) == key for r in session.sets if r.done):
                return self._past, session.routine
        return mine, ""

    def advice(self, exercise_index: int) -> Advice:
        """Today's advice for this exercise: the active program's target, else the
        rules of `progress.advise`."""
        if exercise_index in self._program_advice:
            return self._program_advice[exercise_index]
        sessions, _other = self._history_of(exercise_index)
        exercise = self.session.routine.exercises[exercise_index]
        return advise(sessions, exercise, self._today())

    def hint(self, exercise_index: int) -> str:
        """`last: 2×12 @ 8 kg, felt easy  ·  Easy two sessions in a row: try 10 kg.`

        Worked out once per exercise and workout: it is shown on every redraw. When
        only another routine did the exercise, "last time" says which one."""
        if exercise_index not in self._hints:
            exercise = self.session.routine.exercises[exercise_index]
            sessions, other = self._history_of(exercise_index)
            last = last_time(sessions, exercise.name)
            if last and other:
                last = last.replace("last:", f"last time (in {other}):", 1)
            parts = [last] if last else []
            advice = self.advice(exercise_index)
            if advice.reason:
                parts.append(advice.reason)
            self._hints[exercise_index] = "  ·  ".join(parts)
        return self._hints[exercise_index]

    def suggested_load(self, exercise_index: int) -> float | None:
        """The load today's advice suggests, if it suggests another than the one set."""
        advice = self.advice(exercise_index)
        new = advice.new_load
        if new is None or new == self.session.load(exercise_index):
            return None
        return new

    def accept_load(self, exercise_index: int) -> float | None:
        """Take the suggested load for this exercise; the new load, or None if there
        was nothing to take."""
        new = self.suggested_load(exercise_index)
        if new is not None:
            self.session.set_load(exercise_index, new)
        return new

    def rate(self, feeling: Feeling) -> Rated | None:
        """Rate the set just finished (during its rest, or on the summary for the last
        set of the workout); in the next set it still rates the one before, and says
        so. None when there is no set to rate (none yet, or it was skipped)."""
        step = self.session.last_step
        events = self.session.rate_last(feeling)
        if step is None or not events:
            return None
        self.handle(events)
        record = self.session.results[step]
        current = self.session.step
        earlier = current is not None and current.is_work and self.session.index > step
        return Rated(record, earlier)

    def summary(self) -> Summary:
        return self.session.summary()

    # -- what happens ---------------------------------------------------------------

    def handle(self, events: Sequence[Event]) -> Outcome:
        """Record every event in the log; say what to play and show for the batch."""
        for event in events:
            if self.trace is not None:
                self.trace.write(f"{event.kind.name} {event.at:.6f} {self.session.now:.6f}\n")
                self.trace.flush()
            self._recorder.handle(event)
        return Outcome(
            cue=cue_for(events),
            phrase=self._coach.handle(events, self.session),
            flash=any(event.kind in FLASH_FOR for event in events),
            finished=any(event.kind is EventKind.FINISHED for event in events),
        )

    def retry(self) -> bool:
        """Try again to save a log the disk refused; True once everything is saved."""
        return self.writer.retry()

    def stop(self) -> None:
        """Stopped early: the log is kept as partial (or dropped if nothing was done)."""
        if not self.stopped:
            self.stopped = True
            self._recorder.stop()


def default_loads(routine: Routine, past: Sequence[SessionLog]) -> dict[int, float]:
    """Each exercise's starting load: the last one used in this routine, else in any
    routine, else the routine's own."""
    mine = of_routine(past, routine)
    loads = {}
    for index, exercise in enumerate(routine.exercises):
        load = default_load(exercise, mine if last_load(mine, exercise.name) else past)
        if load is not None:
            loads[index] = load.amount
    return loads


@dataclass(frozen=True)
class Carried:
    """What the sets of one exercise carried and how they felt, for the summary."""

    loads: tuple[float, ...]  # the weights used, lightest first, each once
    unit: str
    feelings: tuple[Feeling, ...]  # each set's rating, in the order done

    def describe(self) -> str:
        """`@ 8–10 kg · felt easy, ok, hard` (empty when there is nothing to say)."""
        parts = []
        if self.loads:
            low, high = self.loads[0], self.loads[-1]
            amount = (
                format_amount(low) if low == high else f"{format_amount(low)}–{format_amount(high)}"
            )
            parts.append(f"@ {amount} {self.unit}")
        if self.feelings:
            parts.append("felt " + ", ".join(feeling.value for feeling in self.feelings))
        return " · ".join(parts)


def carried(session: Session, exercise_index: int) -> Carried:
    """The weights and ratings of an exercise's sets done in this session."""
    done = [
        record
        for _step, record in sorted(session.results.items())
        if record.exercise_index == exercise_index and not record.skipped
    ]
    loads = tuple(sorted({r.load for r in done if r.load is not None}))
    unit = next((r.unit for r in done if r.unit), session.routine.exercises[exercise_index].unit)
    return Carried(loads, unit, tuple(r.feeling for r in done if r.feeling is not None))
