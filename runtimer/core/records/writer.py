"""Keeping one workout's log on disk while it runs.

Saving must never stop a workout: `SessionWriter` keeps the whole log in memory, and
when the disk refuses a write it records a plain-language `problem` and tries again on
every later change (or `retry()`); the problem clears once a write succeeds. Every
write replaces the file atomically (see `safefile`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from runtimer.core import safefile
from runtimer.core.feeling import Feeling
from runtimer.core.plan import Side
from runtimer.core.records.codec import session_to_toml
from runtimer.core.records.files import (
    file_sha256,
    log_file_name,
    new_tag,
    path_in,
    read_log_file,
)
from runtimer.core.records.model import (
    Clock,
    ExerciseInfo,
    Interruption,
    ProgramRecord,
    SessionLog,
    SetRecord,
    Status,
    local_now,
    planned_reps,
)
from runtimer.core.routine import DEFAULT_UNIT, Routine
from runtimer.core.safefile import describe_os_error


class SessionWriter:
    """Keeps one workout's log and saves it after every change; never raises on I/O.

    Typical use by the session engine::

        writer = SessionWriter.start(store.sessions, routine)
        index = writer.record_set(0, 1, reps=12, load=8, rest_before=93)
        writer.set_feeling(index, Feeling.EASY)   # a moment later
        writer.finish()                          # or keep_partial() / discard()
        if writer.problem: show(writer.problem)  # at any time; None when all is saved
    """

    def __init__(
        self,
        folder: Path,
        log: SessionLog,
        *,
        now: Clock = local_now,
        path: Path | None = None,
        file_id: safefile.FileId | None = None,
    ) -> None:
        self.folder = folder
        self.now = now
        self._log = replace(log, path=path)
        self._path = path
        self._file_id = file_id
        self._problem: str | None = None
        self._saved = path is not None and file_id is not None

    # -- opening

    @classmethod
    def start(
        cls,
        folder: Path,
        routine: Routine,
        *,
        now: Clock = local_now,
        program: ProgramRecord | None = None,
    ) -> SessionWriter:
        """Begin a workout: the log file is created at once (status in progress).
        `program`: the session is an active program's, with these targets applied to
        `routine` (kept as the log's `[program]`, so a resume can apply them again)."""
        source = routine.source
        log = SessionLog(
            routine=routine.name,
            started=_aware(now()),
            # Absolute, so a resume finds the file whatever folder runtimer runs from.
            routine_path=os.path.abspath(source) if source is not None else "",
            routine_sha256=file_sha256(source) if source is not None else "",
            exercises=tuple(
                ExerciseInfo.from_exercise(index, exercise)
                for index, exercise in enumerate(routine.exercises)
            ),
            program=program,
        )
        writer = cls(folder, log, now=now)
        writer._save()
        return writer

    @classmethod
    def reopen(cls, path: Path, *, now: Clock = local_now) -> SessionWriter:
        """Continue (or settle) a log found on disk, e.g. from `find_resumable`.

        Reads the file afresh, so the writer holds exactly what is on disk. Raises
        UnreadableLog if it is no longer a readable log.
        """
        log, file_id = read_log_file(path)
        return cls(path.parent, log, now=now, path=path, file_id=file_id)

    @classmethod
    def adopt(cls, folder: Path, log: SessionLog, *, now: Clock = local_now) -> SessionWriter:
        """Put an existing log (a rescued one) into `folder` as a new file."""
        writer = cls(folder, replace(log, path=None), now=now)
        writer._save()
        return writer

    # -- state

    @property
    def log(self) -> SessionLog:
        return self._log

    @property
    def path(self) -> Path | None:
        """The log file; None until the first successful save."""
        return self._path

    @property
    def problem(self) -> str | None:
        """Why the latest save failed, in plain words; None when everything is saved."""
        return self._problem

    @property
    def saved(self) -> bool:
        """Is everything recorded so far on disk?"""
        return self._saved

    def toml_text(self) -> str:
        """The log as it would be written: a last resort to show or copy elsewhere."""
        return session_to_toml(self._log)

    # -- changes

    def replace_log(self, log: SessionLog) -> bool:
        """Make `log` (a fuller copy of this same workout, e.g. a rescued one) the
        content of this writer's file, and save."""
        self._log = replace(log, path=self._path)
        return self._save()

    def set_active_seconds(self, seconds: float) -> None:
        """The workout time so far, pauses left out (saved with the next change)."""
        self._log = replace(self._log, active_seconds=max(0.0, seconds))

    def mark_resumed(self) -> bool:
        """The workout goes on after an interruption: note the gap (from the last set
        saved until now), which is not workout time, and save."""
        stopped = self._log.last_activity
        resumed = _aware(self.now())
        if resumed > stopped:
            gap = Interruption(stopped, resumed)
            self._log = replace(self._log, interruptions=(*self._log.interruptions, gap))
        return self._save()

    def record(self, record: SetRecord) -> int:
        """Add a set and save. Returns its index (for `set_feeling`). Never raises on I/O.

        The log keeps times to the second, with their UTC offset."""
        record = replace(
            record,
            started=_aware(record.started).replace(microsecond=0),
            ended=_aware(record.ended).replace(microsecond=0),
        )
        self._log = replace(self._log, sets=(*self._log.sets, record))
        self._save()
        return len(self._log.sets) - 1

    def record_set(
        self,
        exercise_index: int,
        set_number: int,
        *,
        side: Side | None = None,
        reps: int | None = None,
        held: float | None = None,
        load: float | None = None,
        unit: str | None = None,
        feeling: Feeling | None = None,
        rest_before: float | None = None,
        skipped: bool = False,
        started: datetime | None = None,
        ended: datetime | None = None,
        duration: float | None = None,
    ) -> int:
        """Record a set of the routine's exercise `exercise_index`, then save.

        The plan (name, planned reps or hold) comes from the routine as it was at the
        start; `reps` count the way the plan does (see `SetRecord`). For a set that is
        not skipped, `reps`/`held` default to the plan ("done as planned"). `load` is
        the weight actually carried (None: none); `unit` defaults to the routine's unit
        (or kg). `ended` defaults to now; `started` to `ended - duration` (the engine
        measures durations on its monotonic clock), else to `ended`.
        Raises ValueError only for an exercise index the routine does not have.
        """
        info = self._log.exercise_info(exercise_index)
        if info is None:
            raise ValueError(f"the routine has no exercise number {exercise_index}")
        end = _aware(ended) if ended is not None else _aware(self.now())
        if started is not None:
            begin = _aware(started)
        elif duration is not None:
            begin = (end - timedelta(seconds=max(0.0, duration))).replace(microsecond=0)
        else:
            begin = end
        if not skipped:
            if reps is None:
                reps = planned_reps(info)
            if held is None and info.hold is not None:
                held = float(info.hold)
        if load is not None and unit is None:
            unit = info.unit or DEFAULT_UNIT
        return self.record(
            SetRecord(
                exercise=info.name,
                exercise_index=exercise_index,
                set_number=set_number,
                started=begin,
                ended=end,
                side=side,
                planned_reps=planned_reps(info),
                planned_hold=info.hold,
                reps=reps,
                held=round(held, 1) if held is not None else None,
                load=float(load) if load is not None else None,
                unit=unit if load is not None else None,
                feeling=feeling,
                rest_before=round(rest_before, 1) if rest_before is not None else None,
                skipped=skipped,
            )
        )

    def index_of(
        self, exercise_index: int, set_number: int, side: Side | None = None
    ) -> int | None:
        """The latest record of that set (and side), e.g. to rate it after a resume."""
        for index in range(len(self._log.sets) - 1, -1, -1):
            record = self._log.sets[index]
            if (record.exercise_index, record.set_number, record.side) == (
                exercise_index,
                set_number,
                side,
            ):
                return index
        return None

    def set_feeling(self, index: int, feeling: Feeling | None) -> bool:
        """Rate (or un-rate) a recorded set, e.g. right after the set screen closes."""
        sets = list(self._log.sets)
        sets[index] = replace(sets[index], feeling=feeling)
        self._log = replace(self._log, sets=tuple(sets))
        return self._save()

    def finish(self) -> bool:
        """The workout is complete: status finished, ended now."""
        return self._settle(Status.FINISHED, _aware(self.now()))

    def keep_partial(self) -> bool:
        """Stop early but keep the log; it ends when the last set ended."""
        return self._settle(Status.PARTIAL, self._log.last_activity)

    def discard(self) -> bool:
        """Throw the workout away.

        A log with no sets is deleted (only if the file is still the one we wrote);
        one with sets is marked discarded and kept, so nothing done is ever destroyed
        by a mis-key. History and advice ignore discarded logs.
        """
        if not self._log.sets and self._path is None:
            # Never reached the disk and nothing was done: nothing to keep or mark.
            self._log = replace(self._log, status=Status.DISCARDED)
            self._problem = None
            self._saved = True
            return True
        if (
            not self._log.sets
            and self._path is not None
            and self._file_id is not None
            and safefile.same_file(self._path, self._file_id)
        ):
            try:
                os.unlink(self._path)
                safefile.fsync_dir(self.folder)
            except OSError:
                pass
            else:
                self._log = replace(self._log, status=Status.DISCARDED)
                self._problem = None
                self._saved = True
                return True
        return self._settle(Status.DISCARDED, self._log.last_activity)

    def retry(self) -> bool:
        """Try to save again now (the UI may offer this next to the problem message)."""
        if self._saved:
            return True
        return self._save()

    def _settle(self, status: Status, ended: datetime) -> bool:
        self._log = replace(self._log, status=status, ended=ended)
        return self._save()

    # -- saving

    def _save(self) -> bool:
        self._saved = False
        try:
            data = session_to_toml(self._log).encode("utf-8")
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._path is not None and self._file_id is not None:
                if safefile.same_file(self._path, self._file_id):
                    self._file_id = safefile.atomic_write(self._path, data)
                elif not os.path.lexists(self._path):
                    # Deleted under us (or never filled): write it again, same name.
                    self._create(data, preferred=self._path.name)
                else:
                    # Someone else's file now sits at our name: keep it, use a new one.
                    self._create(data)
            else:
                self._create(data)
        except Exception as error:  # never let saving stop the workout
            why = describe_os_error(error) if isinstance(error, OSError) else str(error)
            self._problem = (
                f"Can't save the workout log to {self.folder}: {why}. Retrying; nothing is lost."
            )
            return False
        self._log = replace(self._log, path=self._path)
        self._problem = None
        self._saved = True
        return True

    def _create(self, data: bytes, preferred: str | None = None) -> None:
        tag = new_tag()  # one per log: a name taken gets -2, -3... after it
        names: Iterable[str] = (
            log_file_name(self._log.routine, self._log.started, attempt, tag)
            for attempt in range(1, 1000)
        )
        if preferred is not None:
            names = (preferred, *names)
        for name in names:
            path = path_in(self.folder, name)
            try:
                self._file_id = safefile.create_new(path, data)
            except FileExistsError:
                continue
            self._path = path
            return
        raise OSError(errno.EEXIST, "too many logs with the same name")


def _aware(moment: datetime) -> datetime:
    """Treat a naive time as local time, so every stored time carries its offset."""
    return moment if moment.utcoffset() is not None else moment.astimezone()
