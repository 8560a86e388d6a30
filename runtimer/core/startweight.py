"""Which weight to start an exercise with, read from the sets of a weight test.

The first guide's rule: begin with a weight that feels too light, do three sets of
ten, and step the weight up as you go; when the last few reps of the third set are
quite tough, that is the weight to start with. runtimer applies it to the last set of
an exercise marked `find_weight` (the third, in the bundled test), whatever the
number of sets:

* the last set was rated hard: start with its weight;
* it was rated easy or ok: not tough yet, so try one load step more next time;
* it fell short of its planned reps (counted, and fewer than planned): too heavy,
  start with the heaviest earlier set that was done in full, else one step lighter
  (this one is our rule, not the guide's);
* it was not rated, or not done: nothing can be said yet, and the finding says why.

A one-sided set counts by its harder side (the weaker side decides the load).

It is a pure function of the log records, so the summary shows it at the end of the
workout and anything that reads the logs later (a program's starting loads) gets the
same answer from the same sets: the log marks which exercises were weight tests
(`find_weight = true` in their `[[exercise]]`), so `log_findings` needs nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from runtimer.core.feeling import Feeling
from runtimer.core.plan import Side
from runtimer.core.records.model import ExerciseInfo, SessionLog, SetRecord
from runtimer.core.routine import DEFAULT_LOAD_STEP, DEFAULT_UNIT, format_amount


class Verdict(Enum):
    FOUND = "found"  # the last set felt hard: its weight is the one
    HEAVIER = "heavier"  # it felt easy or ok: try a step more next time
    LIGHTER = "lighter"  # it fell short of its reps: start lighter
    UNRATED = "unrated"  # done but not rated: rate it to know
    NOT_DONE = "not done"  # skipped or never reached


@dataclass(frozen=True)
class WeightFinding:
    """What a weight test says about one exercise.

    `load` is the weight to start with (FOUND, LIGHTER) or to try next (HEAVIER), in
    `unit`; None when nothing can be said yet (UNRATED, NOT_DONE). `tried` is the
    weight of the deciding set, `set_number` which set that is.
    """

    exercise: str
    verdict: Verdict
    set_number: int
    unit: str
    tried: float | None = None
    load: float | None = None
    feeling: Feeling | None = None
    reps: int | None = None  # reps done in the deciding set, when it fell short
    planned_reps: int | None = None

    def describe(self, *, named: bool = True) -> str:
        """`Start Goblet squat at 10 kg: set 3 felt hard.` and the like; without the
        exercise's name (`named=False`: under its name, on the summary) `Start at 10
        kg: set 3 felt hard.`, short enough for a 60-column screen."""
        number = self.set_number
        tried, load = self._weight(self.tried), self._weight(self.load)
        if self.verdict is Verdict.FOUND:
            who = f" {self.exercise}" if named else ""
            return f"Start{who} at {load}: set {number} felt hard."
        match self.verdict:
            case Verdict.HEAVIER:
                feeling = self.feeling.value if self.feeling is not None else "easy"
                said = f"set {number} at {tried} felt {feeling}; try {load} next time."
            case Verdict.LIGHTER:
                reps = f"{self.reps} of {self.planned_reps} reps"
                said = f"set {number} at {tried}: {reps}; start at {load}."
            case Verdict.UNRATED:
                said = f"rate set {number} (1, 2 or 3) to find your weight."
            case _:
                said = f"set {number} was not done, so no weight was found."
        return f"{self.exercise}: {said}" if named else f"{said[:1].upper()}{said[1:]}"

    def _weight(self, amount: float | None) -> str:
        return f"{format_amount(amount or 0.0)} {self.unit}"


def weight_finding(records: Iterable[SetRecord], plan: ExerciseInfo) -> WeightFinding:
    """The finding for the exercise `plan` describes, from a workout's records (of any
    exercises: only those of `plan.index` are read; a set redone counts by its last
    attempt)."""
    latest: dict[tuple[int, Side | None], SetRecord] = {}
    for record in records:
        if record.exercise_index == plan.index:
            latest[(record.set_number, record.side)] = record
    unit = plan.unit or next((r.unit for r in latest.values() if r.unit), None) or DEFAULT_UNIT
    step = plan.load_step or DEFAULT_LOAD_STEP.get(unit, DEFAULT_LOAD_STEP[DEFAULT_UNIT])
    deciding = [r for (number, _side), r in latest.items() if number == plan.sets]
    finding = WeightFinding(plan.name, Verdict.NOT_DONE, plan.sets, unit)
    if not deciding or any(r.skipped for r in deciding):
        return finding
    tried = max(r.load or 0.0 for r in deciding)
    short = next((r for r in deciding if _fell_short(r)), None)
    if short is not None:
        earlier = [
            r.load
            for (number, _side), r in latest.items()
            if number < plan.sets
            and r.done
            and not _fell_short(r)
            and r.load is not None
            and r.load < tried
        ]
        lighter = max(earlier, default=max(0.0, round(tried - step, 3)))
        return _with(finding, Verdict.LIGHTER, tried, lighter, short)
    feelings = [r.feeling for r in deciding if r.feeling is not None]
    if not feelings:
        return _with(finding, Verdict.UNRATED, tried, None)
    hardest = max(feelings, key=lambda feeling: feeling.rank)
    if hardest is Feeling.HARD:
        return _with(finding, Verdict.FOUND, tried, tried, feeling=hardest)
    return _with(finding, Verdict.HEAVIER, tried, round(tried + step, 3), feeling=hardest)


def log_findings(
    log: SessionLog, indexes: Iterable[int] | None = None
) -> tuple[WeightFinding, ...]:
    """The findings of one workout log: for the exercises it records as weight tests
    (`find_weight` in its `[[exercise]]` tables), in the log's order; or, given
    `indexes` (as the log numbers them), for those exercises, in that order (an index
    the log does not plan is left out): a log written before the mark was kept says
    nothing of its tests, so its reader must know them."""
    records = log.latest_sets
    if indexes is None:
        plans = [info for info in log.exercises if info.find_weight]
    else:
        plans = [info for index in indexes if (info := log.exercise_info(index)) is not None]
    return tuple(weight_finding(records, plan) for plan in plans)


def _fell_short(record: SetRecord) -> bool:
    """Reps were counted, and fewer than planned."""
    return (
        record.done
        and record.reps is not None
        and record.planned_reps is not None
        and record.reps < record.planned_reps
    )


def _with(
    finding: WeightFinding,
    verdict: Verdict,
    tried: float,
    load: float | None,
    short: SetRecord | None = None,
    feeling: Feeling | None = None,
) -> WeightFinding:
    return WeightFinding(
        finding.exercise,
        verdict,
        finding.set_number,
        finding.unit,
        tried=tried,
        load=load,
        feeling=feeling,
        reps=short.reps if short is not None else None,
        planned_reps=short.planned_reps if short is not None else None,
    )
