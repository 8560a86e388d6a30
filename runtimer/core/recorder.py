"""Between the session engine and the workout log: every set is saved the moment it ends.

Kept out of the UI so the rule "nothing the user did is lost" is tested without a
screen: the app only forwards the engine's events here.
"""

from __future__ import annotations

from runtimer.core.records.writer import SessionWriter
from runtimer.core.session import Event, EventKind, Session, SetResult


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
