"""Resuming a workout the app did not finish.

A log says "in progress" when the app died, was killed or closed mid-workout. At the
next start the app asks what to do with it; everything that decides the question and
the answer lives here, as functions of what they are given: which logs are unfinished
(`sort_unfinished`), the question to ask (`resume_offer`, `rescue_offer`: the app only
shows them), which routine the log was made from (`find_routine`, which may read that
file), where a resumed workout goes on (`resume_position`, derived from the sets
recorded rather than stored, so a log stays meaningful even if the process died
between two writes), and the session that continues it with the sets already done and
their workout time (`resumed_session`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from runtimer.core.catalog import Catalog, Entry, Origin, load_entry
from runtimer.core.history.dates import format_day
from runtimer.core.history.store import History
from runtimer.core.plan import build_plan
from runtimer.core.records.files import file_sha256
from runtimer.core.records.model import SessionLog, SetRecord, local_now
from runtimer.core.rescue import Rescued
from runtimer.core.routine import DEFAULT_WARNING, Routine
from runtimer.core.session import Clock, Session


@dataclass(frozen=True)
class Unfinished:
    """The logs still marked in progress when no workout is under way: the app died,
    was closed or was killed mid-workout, perhaps more than once."""

    offer: SessionLog | None  # the most recent with sets done: offered for resume
    older: tuple[SessionLog, ...]  # earlier ones with sets: kept as partial, once
    empty: tuple[SessionLog, ...]  # stopped before any set ended: nothing to keep


def sort_unfinished(history: History) -> Unfinished:
    pending = sorted(
        (s for s in history.unfinished() if s.path is not None), key=lambda s: s.started
    )
    with_sets = [s for s in pending if s.sets]
    return Unfinished(
        offer=with_sets[-1] if with_sets else None,
        older=tuple(with_sets[:-1]),
        empty=tuple(s for s in pending if not s.sets),
    )


def find_resumable(history: History) -> SessionLog | None:
    """The most recent log still in progress (the app died or was closed mid-workout).

    The app offers: resume (`SessionWriter.reopen(log.path)` and
    `resume_position(routine, log.sets)`), keep as partial or discard (reopen, then
    `keep_partial()` / `discard()`).
    """
    return max(history.unfinished(), key=lambda s: s.started, default=None)


@dataclass(frozen=True)
class Offer:
    """A question for the user, with its answers as (key, label, value)."""

    title: str
    detail: str
    choices: tuple[tuple[str, str, str], ...]


def _when(log: SessionLog) -> str:
    return f"{format_day(log.started.date())} {log.started:%H:%M}"


def resume_offer(log: SessionLog, routine: Routine | None) -> Offer:
    """ "You have an unfinished workout": resume (if its routine still loads), keep
    it as partial, or discard it."""
    detail = (
        f"{log.routine}, started {_when(log)}: {log.sets_done} of {log.sets_planned} sets done."
    )
    choices = [("k", "Keep as partial", "keep"), ("d", "Discard", "discard")]
    if routine is not None:
        choices.insert(0, ("r", "Resume", "resume"))
        if routine_changed(log, routine):
            detail += " Its routine file has changed since; sets are matched by name."
    else:
        detail += " Its routine file is missing or broken, so it cannot be resumed."
    return Offer("You have an unfinished workout", detail, tuple(choices))


def rescue_offer(found: Sequence[Rescued]) -> Offer:
    """A log that the log folder would not take last time waits in the rescue folder."""
    item = found[-1]
    log = item.log
    more = f" ({len(found) - 1} more after it)" if len(found) > 1 else ""
    detail = (
        f"{log.routine}, started {_when(log)}: {log.sets_done} of {log.sets_planned} sets. "
        f"The log folder could not take it, so it was kept in {item.path}{more}."
    )
    return Offer(
        "A workout log was rescued last time",
        detail,
        (("b", "Bring it back", "back"), ("l", "Later", "later")),
    )


def find_routine(log: SessionLog, catalog: Catalog, extra: Sequence[Entry] = ()) -> Routine | None:
    """The routine the log was made from: the same file if it still loads (even one
    started by path with `runtimer start ./file.toml`, outside the catalog; `extra`),
    else a routine of the same name."""
    for entry in (*catalog.entries, *extra):
        if entry.routine is not None and str(entry.path) == log.routine_path:
            return entry.routine
    if log.routine_path:
        source = Path(log.routine_path)
        if source.is_file():
            entry = load_entry(source, Origin.EXTRA)
            if entry.routine is not None:
                return entry.routine
    found = catalog.find(log.routine)
    return found.routine if found is not None else None


def routine_changed(log: SessionLog, routine: Routine) -> bool:
    """Has the routine file changed since this workout started? (Worth a warning when
    resuming: `resume_position` matches sets by name, so it stays safe either way.)"""
    if routine.source is None or not log.routine_sha256:
        return False
    return file_sha256(routine.source) != log.routine_sha256


def resume_position(routine: Routine, sets: Sequence[SetRecord]) -> int:
    """Index in `build_plan(routine)` where a resumed workout continues.

    0 when nothing was recorded (start over, warm-up included); otherwise the first
    work step with no record, matched by exercise position, set number, side and
    exercise name (so a renamed or reordered routine does not skip the wrong sets);
    `len(plan)` when every set has a record. The engine may show the rest before that
    step first.
    """
    plan = build_plan(routine)
    if not sets:
        return 0
    names = [exercise.name.casefold() for exercise in routine.exercises]
    recorded = {
        (s.exercise_index, s.set_number, s.side)
        for s in sets
        if s.exercise_index < len(names) and names[s.exercise_index] == s.exercise.casefold()
    }
    for index, step in enumerate(plan):
        if step.is_work and (step.exercise_index, step.set_number, step.side) not in recorded:
            return index
    return len(plan)


def resumed_session(
    routine: Routine,
    log: SessionLog,
    clock: Clock = time.monotonic,
    *,
    loads: Mapping[int, float] | None = None,
    wall: Callable[[], datetime] | None = None,
    warning: int = DEFAULT_WARNING,
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
    names = [exercise.name.casefold() for exercise in routine.exercises]
    by_key = {
        (step.exercise_index, step.set_number, step.side): index
        for index, step in enumerate(plan)
        if step.is_work
    }

    def matches(record: SetRecord) -> bool:
        index = record.exercise_index
        return index < len(names) and names[index] == record.exercise.casefold()

    prior = {
        index: record
        for record in log.sets
        if (index := by_key.get((record.exercise_index, record.set_number, record.side)))
        is not None
        and index < start
        and matches(record)
    }
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
        wall=wall if wall is not None else local_now,
        warning=warning,
    )
