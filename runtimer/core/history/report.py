"""The history as data: what `runtimer history` and the history screen both show.

`build_report` gathers it once from the logs: the consistency of the current training
block, the latest sessions, the rounds done of each circuit over time, each exercise's
load and reps (or hold) over time, and the files that could not be read. Each front
end then lays it out its own way, with the words in `wording`: the command line as
text, the screen as styled lines fitted to its width. Names in a report are the
files' own, exactly as written; they are made safe for the terminal when shown,
never here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from runtimer.core.history.store import History, Unreadable
from runtimer.core.plan import Side
from runtimer.core.progress import (
    TARGET_PER_WEEK,
    Outing,
    counts,
    current_block,
    describe_last,
    exercise_key,
    session_days,
)
from runtimer.core.records.model import ExerciseInfo, SessionLog, SetRecord
from runtimer.core.routine import Sides

#: Sessions shown per exercise chart: the latest ones.
SERIES_POINTS = 24
#: Sessions listed under "Recent sessions".
RECENT_SESSIONS = 10


@dataclass(frozen=True)
class Consistency:
    """Sessions per week of the current training block (see `progress.blocks`)."""

    block_start: date | None  # None: no block under way
    weeks: tuple[int, ...]  # sessions in each week of the block, the current one last
    days_since_last: int | None  # None: no session at all yet

    @property
    def on_target(self) -> int:
        """Complete weeks with at least 2 sessions; the current week is not complete."""
        return sum(1 for n in self.weeks[:-1] if n >= TARGET_PER_WEEK[0])

    @property
    def full_weeks(self) -> int:
        """Weeks of the block already over."""
        return max(len(self.weeks) - 1, 0)


def consistency(sessions: Iterable[SessionLog], today: date) -> Consistency:
    """The block under way `today` among the sessions that count."""
    return consistency_of_days(session_days(sessions), today)


def consistency_of_days(days: Sequence[date], today: date) -> Consistency:
    """`consistency` from the days of the sessions that count (as the index gives them)."""
    last = max(days, default=None)
    since = (today - last).days if last is not None else None
    block = current_block(days, today)
    if block is None:
        return Consistency(None, (), since)
    weeks = [0] * block.week(today)
    for day in days:
        if block.start <= day <= today:
            weeks[block.week(day) - 1] += 1
    return Consistency(block.start, tuple(weeks), since)


class Measure(Enum):
    """What a chart line shows."""

    LOAD = "load"
    REPS = "reps"
    HOLD = "hold"
    TIME = "time"  # seconds of timed work or a timed run, when no reps were counted
    PACE = "pace"  # seconds per km of a running leg by distance
    ROUNDS = "rounds"  # whole rounds of a circuit done in a session


@dataclass(frozen=True)
class Point:
    """One session's work on an exercise, for the charts."""

    day: date
    load: float | None  # heaviest load used
    unit: str | None
    amount: float | None  # mean reps per set (per side), seconds held or worked, or pace
    measure: Measure


def _point(outing: Outing) -> Point:
    loads = [(s.load, s.unit) for s in outing.sets if s.load is not None]
    heaviest = max(loads, default=(None, None), key=lambda pair: pair[0] or 0.0)
    last = outing.sets[-1]
    values: list[float]
    if last.planned_distance is not None:
        measure = Measure.PACE
        values = [worked / metres * 1000 for worked, metres in _legs(outing)]
    elif last.planned_hold is not None or last.held is not None:
        measure = Measure.HOLD
        values = [s.held for s in outing.sets if s.held is not None]
    elif last.planned_work is not None and last.reps is None:
        measure = Measure.TIME
        values = [s.worked for s in outing.sets if s.worked is not None]
    else:
        measure = Measure.REPS
        halve = outing.sides is Sides.ALTERNATING
        values = [s.reps / 2 if halve else s.reps for s in outing.sets if s.reps is not None]
    amount = sum(values) / len(values) if values else None
    return Point(outing.day, heaviest[0], heaviest[1], amount, measure)


def _legs(outing: Outing) -> list[tuple[float, float]]:
    """(seconds, metres) of each running leg by distance of an outing that has a time."""
    return [(s.worked, s.planned_distance) for s in outing.sets if s.worked and s.planned_distance]


@dataclass(frozen=True)
class Series:
    """One line of an exercise's chart: a value per session shown, oldest first."""

    measure: Measure
    values: tuple[float | None, ...]  # None: nothing of this measure that session
    # The first and the latest value there is, as they are written: reps and holds
    # to a tenth, so 12.04 and 12.0 are no change.
    first: float
    last: float
    unit: str  # of a load: the latest session's (kg when it names none); else ""

    @property
    def changed(self) -> bool:
        return self.first != self.last


@dataclass(frozen=True)
class ExerciseReport:
    """One exercise: how often it was done, its charts, and what happened last time."""

    name: str  # its latest spelling
    sessions: int
    load: Series | None  # None: no load in any session shown
    amount: Series | None  # reps per set or seconds held; None: none recorded
    last_time: str | None  # `last: 2×12 @ 12 kg, felt easy` (`progress.describe_last`)


def exercise_report(
    name: str, points: Sequence[Point], last_time: str | None = None, sessions: int | None = None
) -> ExerciseReport:
    """The charts of the latest `SERIES_POINTS` of an exercise's sessions; `sessions`:
    how many did it in all, when `points` are only the latest (else their number)."""
    shown = points[-SERIES_POINTS:]
    load = None
    loads = [p for p in shown if p.load is not None]
    if loads:
        first, last = loads[0].load or 0.0, loads[-1].load or 0.0
        values = tuple(p.load for p in shown)
        load = Series(Measure.LOAD, values, first, last, loads[-1].unit or "kg")
    amount = None
    amounts = [p.amount for p in shown if p.amount is not None]
    if amounts:
        measure = shown[-1].measure
        values = tuple(p.amount for p in shown)
        amount = Series(measure, values, round(amounts[0], 1), round(amounts[-1], 1), "")
    count = sessions if sessions is not None else len(points)
    return ExerciseReport(name, count, load, amount, last_time)


@dataclass(frozen=True)
class CircuitReport:
    """One circuit of one routine (matched by the routine's name and the circuit's
    label): how many whole rounds each session did of it."""

    routine: str  # its latest spelling
    label: str
    sessions: int
    rounds: Series  # Measure.ROUNDS, one value per session shown
    planned: int  # the rounds the latest session planned


def rounds_done(log: SessionLog, label: str) -> tuple[int, int] | None:
    """(whole rounds done, rounds planned) of circuit `label` in one workout; None
    when the workout did none of its stations. A round is done when every station
    of it (both sides, where one-sided) was done and none skipped; warm-up sets count,
    a round is a round."""
    stations = [e for e in log.exercises if e.circuit == label]
    if not stations:
        return None
    indexes = {e.index for e in stations}
    by_set: dict[tuple[int, int], list[SetRecord]] = {}
    for record in log.latest_sets:
        if record.exercise_index in indexes:
            by_set.setdefault((record.exercise_index, record.set_number), []).append(record)
    if not any(r.done for records in by_set.values() for r in records):
        return None
    planned = max(e.sets for e in stations)
    done = sum(
        1
        for number in range(1, planned + 1)
        if all(_station_done(e, by_set.get((e.index, number), [])) for e in stations)
    )
    return done, planned


def _station_done(station: ExerciseInfo, records: list[SetRecord]) -> bool:
    if not records or not all(r.done for r in records):
        return False
    if station.sides is Sides.EACH:
        return {r.side for r in records} == {Side.LEFT, Side.RIGHT}
    return True


def circuit_reports(sessions: Iterable[SessionLog]) -> tuple[CircuitReport, ...]:
    """Every circuit done in `sessions` (those that count), most recently done first,
    with a chart of the latest `SERIES_POINTS` sessions' rounds."""
    found: dict[tuple[str, str], list[tuple[SessionLog, int, int]]] = {}
    for log in sorted((s for s in sessions if counts(s)), key=lambda s: s.started):
        labels = dict.fromkeys(e.circuit for e in log.exercises if e.circuit is not None)
        for label in labels:
            done = rounds_done(log, label)
            if done is not None:
                key = (exercise_key(log.routine), label)
                found.setdefault(key, []).append((log, *done))
    ordered = sorted(found.items(), key=lambda item: item[1][-1][0].started, reverse=True)
    reports = []
    for (_routine, label), runs in ordered:
        shown = [float(done) for _log, done, _planned in runs[-SERIES_POINTS:]]
        latest, _done, planned = runs[-1]
        rounds = Series(Measure.ROUNDS, tuple(shown), shown[0], shown[-1], "")
        reports.append(CircuitReport(latest.routine, label, len(runs), rounds, planned))
    return tuple(reports)


@dataclass(frozen=True)
class HistoryReport:
    """Everything the history shows, in the order it is shown."""

    consistency: Consistency
    counted: int  # sessions that count (not discarded, a set done), in all
    # The latest logs that were not discarded, newest first; a row shows each one's
    # start, routine, duration, sets done of planned and status.
    recent: tuple[SessionLog, ...]
    exercises: tuple[ExerciseReport, ...]  # most recently done first
    unreadable: tuple[Unreadable, ...]
    circuits: tuple[CircuitReport, ...] = ()  # most recently done first


def build_report(history: History, today: date) -> HistoryReport:
    """The report of everything read from the sessions folder, as it stands `today`."""
    # The history asks its index for each part (years of logs are never all built):
    # the days, the latest sessions, each exercise's latest outings.
    return HistoryReport(
        consistency=consistency_of_days(history.counted_days(), today),
        counted=history.counted_total(),
        recent=history.latest(RECENT_SESSIONS),
        exercises=tuple(
            _exercise(count, done) for count, done in history.exercise_outings(SERIES_POINTS)
        ),
        unreadable=history.unreadable,
        circuits=circuit_reports(history.circuit_sessions()),
    )


def _exercise(count: int, done: Sequence[Outing]) -> ExerciseReport:
    """One exercise's report from its latest outings (named as last done)."""
    name = done[-1].sets[-1].exercise
    return exercise_report(name, [_point(o) for o in done], describe_last(done), count)
