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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from runtimer.core.audio.cues import cue_for
from runtimer.core.audio.events import SoundEvent
from runtimer.core.progress import advise, default_load, last_time
from runtimer.core.records.model import SessionLog, local_now
from runtimer.core.records.writer import SessionWriter
from runtimer.core.resume import resumed_session
from runtimer.core.routine import Routine
from runtimer.core.session import Clock, Event, EventKind, Phase, Session, Summary

#: Moments worth a visible flash as well as a sound: time to move.
FLASH_FOR = frozenset({EventKind.REST_ENDED, EventKind.WARMUP_ENDED, EventKind.HOLD_ENDED})


class Recorder:
    """Writes what a `Session` records into a `SessionWriter`, event by event."""

    def __init__(self, writer: SessionWriter, session: Session) -> None:
        self.writer = writer
        self.session = session
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
            self._records[event.step_index] = self.writer.record(record)
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
class Outcome:
    """What a batch of events means for the screen, once they are recorded."""

    cue: SoundEvent | None = None  # the one sound to play (the most important)
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
    ) -> None:
        """`past` are the sessions that count for advice; this workout's own log is
        left out of them here, so a resumed workout is never its own "last time"."""
        self.session = session
        self.writer = writer
        self._recorder = Recorder(writer, session)
        mine = writer.path
        self._past = tuple(s for s in past if mine is None or s.path != mine)
        self._today = today
        self._hints: dict[int, str] = {}
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
    ) -> Workout:
        """A new workout of `routine`, its log created in `folder` at once."""
        writer = SessionWriter.start(folder, routine, now=wall)
        session = Session(routine, clock, loads=default_loads(routine, past), wall=wall)
        return cls(session, writer, past=past, today=today)

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
    ) -> Workout | None:
        """The unfinished workout in `writer`'s log, going on at its next set; None if
        every set was already saved (killed between the last set and marking the log
        finished), in which case the log is marked finished now."""
        mine = writer.path
        others = tuple(s for s in past if mine is None or s.path != mine)
        loads = default_loads(routine, others)
        session = resumed_session(routine, writer.log, clock, loads=loads, wall=wall)
        if session.phase is Phase.DONE:
            writer.set_active_seconds(session.elapsed())
            writer.finish()
            return None
        writer.mark_resumed()  # the gap since the last set is not workout time
        return cls(session, writer, past=others, today=today)

    # -- what the screen shows beside the session -------------------------------------

    @property
    def problem(self) -> str | None:
        """Why the log is not all on disk, in plain words; None when it is."""
        return self.writer.problem

    @property
    def saved(self) -> bool:
        return self.writer.saved

    def hint(self, exercise_index: int) -> str:
        """`last: 2×12 @ 8 kg, felt easy  ·  Easy two sessions in a row: try 10 kg.`

        Worked out once per exercise and workout: it is shown on every redraw."""
        if exercise_index not in self._hints:
            exercise = self.session.routine.exercises[exercise_index]
            last = last_time(self._past, exercise.name)
            parts = [last] if last else []
            advice = advise(self._past, exercise, self._today())
            if advice.reason:
                parts.append(advice.reason)
            self._hints[exercise_index] = "  ·  ".join(parts)
        return self._hints[exercise_index]

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
    """Each exercise's starting load: the last one used, else the routine's."""
    loads = {}
    for index, exercise in enumerate(routine.exercises):
        load = default_load(exercise, past)
        if load is not None:
            loads[index] = load.amount
    return loads
