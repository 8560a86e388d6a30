"""Turning the record of past sets into advice for the next one. Pure functions.

What the running-strength guides agree on, and how runtimer applies it:

* Start light and note how each set felt. The first time, the advice is to start
  light and rate each set (easy / ok / hard).
* Default load: the load last used for an exercise (matched by name, ignoring case
  and extra spaces) is the starting value next time, if it is in the routine's unit.
* Raise the weight gradually. Rules for an exercise with a load, first match wins:

  1. Back after a break (last done ≥ `BREAK_DAYS` = 21 days ago): keep the load.
  2. Any set rated hard last time: keep the load.
  3. The last two sessions at the current load each had rated sets, all easy:
     step up by the exercise's load step.
  4. At least two sessions at the current load, the first ≥ `STEP_UP_DAYS` = 14 days
     ago, and no set at this load rated hard: step up.
  5. Otherwise keep the load.

  A step up in month 2–3 of a training block (block day ≥ 28) for an exercise of
  ≥ 10 reps becomes "heavier, fewer reps": one more set (at most 5), about two thirds
  of the reps (at least 6), at the higher load.
* Bodyweight exercises (no load, ever) follow the same rules, but "step up" means
  making it harder: a couple more reps, a longer hold, or the harder variation.
* Training blocks (for the 8–12 week consistency target): a block starts at the first
  session, again at the first session after a gap of ≥ 21 days without sessions, and
  again once a block has run 12 weeks (84 days). A block is current while its last
  session was less than 21 days ago and it is under 12 weeks old.

Sessions that were discarded, and sets that were skipped, never count.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from runtimer.core.feeling import Feeling
from runtimer.core.records.model import SessionLog, SetRecord, Status
from runtimer.core.routine import (
    DEFAULT_LOAD_STEP,
    Exercise,
    Load,
    Routine,
    Sides,
    format_amount,
)

BREAK_DAYS = 21
STEP_UP_DAYS = 14
BLOCK_DAYS = 84  # 12 weeks
LATER_BLOCK_DAY = 28  # from here on it is month 2-3 of the block
TARGET_PER_WEEK = (2, 3)


@functools.lru_cache(maxsize=4096)
def exercise_key(name: str) -> str:
    """How exercise names are matched across sessions: case and spacing ignored."""
    return " ".join(name.casefold().split())


def counts(session: SessionLog) -> bool:
    """Does a session count for history and advice? Not discarded, ≥ 1 set done."""
    return session.status is not Status.DISCARDED and any(s.done for s in session.sets)


@dataclass(frozen=True)
class Outing:
    """What one session did of one exercise."""

    day: date
    sets: tuple[SetRecord, ...]  # the done sets, in order
    skipped: int
    sides: Sides

    @property
    def load(self) -> float | None:
        """The load of the last done set: what "last used" means."""
        return self.sets[-1].load

    @property
    def unit(self) -> str | None:
        return self.sets[-1].unit

    @property
    def feelings(self) -> list[Feeling]:
        return [s.feeling for s in self.sets if s.feeling is not None]

    @property
    def hardest(self) -> Feeling | None:
        return max(self.feelings, key=lambda feeling: feeling.rank, default=None)

    @property
    def all_easy(self) -> bool:
        """Rated, and every rated set felt easy."""
        feelings = self.feelings
        return bool(feelings) and all(f is Feeling.EASY for f in feelings)

    @property
    def planned(self) -> tuple[int | None, int | None]:
        last = self.sets[-1]
        return last.planned_reps, last.planned_hold


def all_outings(sessions: Iterable[SessionLog]) -> dict[str, list[Outing]]:
    """Outings of every exercise, keyed by `exercise_key`, oldest first. One pass."""
    found: dict[str, list[Outing]] = {}
    for session in sorted(sessions, key=lambda s: s.started):
        if session.status is Status.DISCARDED:
            continue
        grouped: dict[str, list[SetRecord]] = {}
        for record in session.latest_sets:
            if record.warmup:
                continue  # a warm-up set is logged, but advice and history leave it out
            grouped.setdefault(exercise_key(record.exercise), []).append(record)
        for key, mine in grouped.items():
            done = tuple(s for s in mine if s.done)
            if not done:
                continue
            info = session.exercise_info(done[-1].exercise_index)
            if info is not None and exercise_key(info.name) == key:
                sides = info.sides
            else:
                sides = Sides.EACH if any(s.side is not None for s in done) else Sides.BOTH
            outing = Outing(session.started.date(), done, len(mine) - len(done), sides)
            found.setdefault(key, []).append(outing)
    return found


def outings(sessions: Iterable[SessionLog], name: str) -> list[Outing]:
    """Every session that did at least one set of `name`, oldest first."""
    return all_outings(sessions).get(exercise_key(name), [])


# ------------------------------------------------------------------------- load


def last_load(sessions: Iterable[SessionLog], name: str) -> tuple[float, str] | None:
    """(amount, unit) of the most recent set of `name` that carried a load."""
    for outing in reversed(outings(sessions, name)):
        for record in reversed(outing.sets):
            if record.load is not None:
                return record.load, record.unit or "kg"
    return None


def default_load(exercise: Exercise, sessions: Iterable[SessionLog]) -> Load | None:
    """The load to start the exercise with: last used (same unit), else the routine's."""
    last = last_load(sessions, exercise.name)
    if last is None:
        return exercise.load
    amount, unit = last
    if exercise.load is not None:
        if exercise.load.unit != unit:
            return exercise.load  # the routine changed unit: trust it, do not convert
        return Load(amount, unit, exercise.load.step)
    return Load(amount, unit, DEFAULT_LOAD_STEP.get(unit, 1.0))


# ------------------------------------------------------------------ last time


def of_routine(sessions: Sequence[SessionLog], routine: Routine) -> tuple[SessionLog, ...]:
    """The sessions of this routine: the same file (or, for a log that does not say
    which file, the same name). "Last time" and the advice look here first: a goblet
    squat in a leg day says little about the one in a full-body circuit."""
    path = os.path.abspath(routine.source) if routine.source is not None else ""
    return tuple(
        s
        for s in sessions
        if (path and s.routine_path == path)
        or (not s.routine_path and exercise_key(s.routine) == exercise_key(routine.name))
    )


def last_time(sessions: Iterable[SessionLog], name: str) -> str | None:
    """`last: 2×12 @ 8 kg, felt easy`, or None if the exercise was never done.

    Per-side sets read `2×12 each side`, holds `2×30 s`; uneven sets are listed
    (`3 sets (12, 12, 10)`); mixed loads show the range; the feeling shown is the
    hardest one rated; skipped sets are counted at the end.
    """
    return describe_last(outings(sessions, name))


def describe_last(done: Sequence[Outing]) -> str | None:
    """`last_time` for outings already gathered (see `all_outings`)."""
    if not done:
        return None
    outing = done[-1]
    per_side = outing.sides.per_side
    hold = outing.sets[-1].planned_hold is not None or outing.sets[-1].held is not None
    by_set: dict[int, list[float]] = {}
    for record in outing.sets:
        value = record.held if hold else record.reps
        if value is not None and not hold and outing.sides is Sides.ALTERNATING:
            value = value / 2  # the plan counts both legs; people count each side
        by_set.setdefault(record.set_number, [])
        if value is not None:
            by_set[record.set_number].append(value)
    values = [min(v) for v in by_set.values() if v]
    unit = " s" if hold else ""
    if len(values) == len(by_set) and values and len(set(values)) == 1:
        text = f"{len(by_set)}×{format_amount(values[0])}{unit}"
    elif values:
        listed = ", ".join(format_amount(v) for v in values)
        text = f"{len(by_set)} sets ({listed}{unit})"
    else:
        text = f"{len(by_set)} set{'s' if len(by_set) != 1 else ''}"
    if per_side:
        text += " each side"
    loads = sorted({(r.load, r.unit or "kg") for r in outing.sets if r.load is not None})
    if loads:
        low, high = loads[0], loads[-1]
        if low == high:
            text += f" @ {format_amount(low[0])} {low[1]}"
        elif low[1] == high[1]:
            text += f" @ {format_amount(low[0])}–{format_amount(high[0])} {low[1]}"
        else:
            text += f" @ {format_amount(high[0])} {high[1]}"
    if outing.hardest is not None:
        text += f", felt {outing.hardest.value}"
    if outing.skipped:
        text += f", {outing.skipped} skipped"
    return f"last: {text}"


# ---------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Block:
    """A training block: up to 12 weeks of sessions without a 3-week gap."""

    start: date
    last_session: date

    @property
    def end(self) -> date:
        """The first day after the block's 12 weeks."""
        return self.start + timedelta(days=BLOCK_DAYS)

    def week(self, day: date) -> int:
        """1-based week of the block that `day` falls in."""
        return (day - self.start).days // 7 + 1


def blocks(days: Iterable[date]) -> list[Block]:
    """Split session days into blocks (rule in the module docstring)."""
    found: list[Block] = []
    for day in sorted(set(days)):
        current = found[-1] if found else None
        if current is None or (day - current.last_session).days >= BREAK_DAYS or day >= current.end:
            found.append(Block(day, day))
        else:
            found[-1] = Block(current.start, day)
    return found


def current_block(days: Iterable[date], today: date) -> Block | None:
    """The block still under way today, or None (the next session starts one)."""
    found = blocks(d for d in days if d <= today)
    if not found:
        return None
    block = found[-1]
    if (today - block.last_session).days >= BREAK_DAYS or today >= block.end:
        return None
    return block


def session_days(sessions: Iterable[SessionLog]) -> list[date]:
    return [s.started.date() for s in sessions if counts(s)]


# ---------------------------------------------------------------------- advice


class AdviceKind(Enum):
    START = "start"  # first time: start light, rate the sets
    KEEP = "keep"  # same load (or same difficulty)
    STEP_UP = "step up"  # a load step more
    HEAVIER_FEWER_REPS = "heavier, fewer reps"  # later in a block: more sets, fewer reps
    HARDER = "harder"  # bodyweight: more reps, a longer hold or the harder variation


@dataclass(frozen=True)
class Advice:
    kind: AdviceKind
    reason: str  # one plain sentence, shown as is
    new_load: float | None = None
    unit: str | None = None
    sets: int | None = None  # only when the advice changes them
    reps: int | None = None
    hold: int | None = None


def advise(sessions: Sequence[SessionLog], exercise: Exercise, today: date) -> Advice:
    """What to do with `exercise` today, following the rules in the module docstring."""
    history = [o for o in outings(sessions, exercise.name) if o.day <= today]
    load = default_load(exercise, sessions)
    amount = load.amount if load is not None else None
    unit = load.unit if load is not None else None
    at = f"{format_amount(amount)} {unit}" if amount is not None else ""
    if not history:
        if load is None:  # a pace is for a run; a strength move starts with its form
            first = "find an easy pace" if exercise.is_run else "get the form right"
            return Advice(AdviceKind.START, f"First time: {first} and rate each set.")
        return Advice(
            AdviceKind.START,
            f"First time: start light ({at} or less) and rate each set.",
            amount,
            unit,
        )
    last = history[-1]
    keep = Advice(AdviceKind.KEEP, "", amount, unit)
    gap = (today - last.day).days
    if gap >= BREAK_DAYS:
        weeks = gap // 7
        easier = f"at {at} or lighter" if load is not None else "as before"
        return _with(keep, f"{weeks} weeks since last time: start again {easier}.")
    if last.hardest is Feeling.HARD:
        stay = f"stay at {at}" if load is not None else "keep it as it is"
        return _with(keep, f"Felt hard last time: {stay} until it feels easier.")

    run = _same_load_run(history, amount, unit)
    why: str | None = None
    if len(run) >= 2 and run[-1].all_easy and run[-2].all_easy:
        why = "Easy two sessions in a row"
    elif (
        len(run) >= 2
        and (today - run[0].day).days >= STEP_UP_DAYS
        and all(o.hardest is not Feeling.HARD for o in run)
    ):
        weeks = (today - run[0].day).days // 7
        why = f"{weeks} weeks {'at ' + at if load is not None else 'like this'} with no hard set"
    if why is None:
        if load is None:
            return _with(keep, "Keep it as it is until it feels easy two sessions in a row.")
        if not last.feelings:
            return _with(keep, f"Stay at {at}; rate each set so runtimer can tell when to go up.")
        return _with(
            keep, f"Stay at {at}: go up after 2 easy sessions or 2 weeks with no hard set."
        )
    if load is None or amount is None or unit is None:
        return _harder(exercise, why)
    heavier = round(amount + load.step, 2)
    new = f"{format_amount(heavier)} {unit}"
    block = current_block(session_days(sessions), today)
    later = block is not None and (today - block.start).days >= LATER_BLOCK_DAY
    if later and exercise.reps is not None and exercise.reps >= 10:
        sets = min(exercise.sets + 1, 5)
        reps = max(6, round(exercise.reps * 2 / 3))
        assert block is not None
        return Advice(
            AdviceKind.HEAVIER_FEWER_REPS,
            f"{why}, week {block.week(today)} of your block: try {sets}×{reps} at {new}.",
            heavier,
            unit,
            sets=sets,
            reps=reps,
        )
    return Advice(AdviceKind.STEP_UP, f"{why}: try {new}.", heavier, unit)


def _with(advice: Advice, reason: str) -> Advice:
    return Advice(advice.kind, reason, advice.new_load, advice.unit)


def _same_load_run(history: list[Outing], amount: float | None, unit: str | None) -> list[Outing]:
    """The latest sessions, oldest first, done at today's load and the same plan."""
    run: list[Outing] = []
    planned = history[-1].planned
    for outing in reversed(history):
        same_load = outing.load == amount and (amount is None or outing.unit == unit)
        if not same_load or outing.planned != planned:
            break
        run.append(outing)
    run.reverse()
    return run


#: How much of an exercise's `harder` text the advice quotes.
HARDER_QUOTE = 60


def _harder(exercise: Exercise, why: str) -> Advice:
    variation = ""
    if exercise.harder:
        named = exercise.harder.rstrip(" .")
        if len(named) > HARDER_QUOTE:
            named = named[: HARDER_QUOTE - 1].rstrip() + "…"
        variation = f" or the harder variation ({named})"
    if exercise.hold is not None:
        hold = exercise.hold + 10
        return Advice(AdviceKind.HARDER, f"{why}: try holding {hold} s{variation}.", hold=hold)
    if exercise.reps is not None:
        reps = exercise.reps + 2
        return Advice(AdviceKind.HARDER, f"{why}: try {reps} reps{variation}.", reps=reps)
    return Advice(AdviceKind.HARDER, f"{why}: make it a little harder.")
