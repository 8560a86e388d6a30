"""Between the session engine and the workout log: every set is saved the moment it ends.

Kept out of the UI so the rule "nothing the user did is lost" is tested without a
screen: the app only forwards the engine's events here.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from runtimer.core.log import SessionLog, SessionWriter, SetRecord, resume_position
from runtimer.core.plan import build_plan
from runtimer.core.routine import Routine
from runtimer.core.session import Clock, Event, EventKind, Session, SetResult


class Recorder:
    """Writes what a `Session` records into a `SessionWriter`."""

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
        if event.kind is EventKind.SET_RECORDED:
            result = self.session.results.get(event.step_index)
            if result is not None:
                self._records[event.step_index] = self._write(result)
        elif event.kind is EventKind.SET_UPDATED:
            result = self.session.results.get(event.step_index)
            index = self._records.get(event.step_index)
            if index is None and result is not None:
                index = self.writer.index_of(result.exercise_index, result.set_number, result.side)
            if result is not None and index is not None:
                self.writer.set_feeling(index, result.feeling)
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

    def _write(self, result: SetResult) -> int:
        return self.writer.record_set(
            result.exercise_index,
            result.set_number,
            side=result.side,
            reps=result.reps_done,
            held=result.seconds_held,
            load=result.load,
            unit=result.unit,
            feeling=result.feeling,
            rest_before=result.rest_taken,
            skipped=result.skipped,
            duration=max(0.0, result.ended_at - result.started_at),
        )


def resumed_session(
    routine: Routine,
    log: SessionLog,
    clock: Clock = time.monotonic,
    *,
    loads: Mapping[int, float] | None = None,
) -> Session:
    """A session that continues an unfinished log at its next set, with the sets
    already done counted (so progress and the summary include them).

    `loads` are the starting loads a fresh start would use (from history); the loads
    actually carried earlier in this workout win over them. Records are matched to the
    routine by position *and* name (as `resume_position` does), so a routine edited
    since the start never has another exercise's sets or weight pinned on it.
    """
    plan = build_plan(routine)
    start = resume_position(routine, log.sets)
    now = clock()
    names = [exercise.name.casefold() for exercise in routine.exercises]
    by_key = {
        (step.exercise_index, step.set_number, step.side): index
        for index, step in enumerate(plan)
        if step.is_work
    }

    def matches(record: SetRecord) -> bool:
        index = record.exercise_index
        return index < len(names) and names[index] == record.exercise.casefold()

    prior: list[SetResult] = []
    for record in log.sets:
        index = by_key.get((record.exercise_index, record.set_number, record.side))
        if index is None or index >= start or not matches(record):
            continue
        step = plan[index]
        took = max(0.0, (record.ended - record.started).total_seconds())
        prior.append(
            SetResult(
                step_index=index,
                exercise_index=record.exercise_index,
                exercise=record.exercise,
                set_number=record.set_number,
                side=record.side,
                target_reps=step.target_reps,
                target_hold=step.target_hold,
                reps_done=record.reps,
                seconds_held=record.held,
                skipped=record.skipped,
                started_at=now - took,
                ended_at=now,
                rest_taken=record.rest_before,
                load=record.load,
                unit=record.unit,
                feeling=record.feeling,
            )
        )
    carried = dict(loads or {})
    carried.update(
        {
            record.exercise_index: record.load
            for record in log.sets
            if record.load is not None and matches(record)
        }
    )
    return Session(
        routine,
        clock,
        start_index=start,
        prior=prior,
        loads=carried,
        elapsed_before=log.duration.total_seconds(),
    )
