"""A program on the calendar: which week it is, which session comes next, how many
were done this week against the target, and whether today is a deload. Pure
functions of the program, its start date, an injected `today` and the sessions done
(`Done`), so every rule is tested as a table.

The rules, and why:

* Week 1 starts on the start date; week N is days 7(N-1) to 7N-1 after it. The block
  is over once its last week has ended.
* Routines done in turn (`routines = ["a", "b"]`) go on from the last one done, so a
  missed session moves the rotation along instead of being owed: A, B, A, B whatever
  the days. With `[days]`, today's routine is the day's; on another day it is the next
  training day's.
* One session a day: once one is done today the next is tomorrow. Sessions missed
  earlier in the week are never caught up with two in a day (the guides' "irregular
  training is a mistake" is answered by the next week, not by cramming).
* Once the week has its most sessions (3 of "2–3"), the rest of the week is rest.
* A deload session is easier (fewer sets, a lighter load): every session of a
  scheduled deload week; the first session after a whole week with none (a missed
  week, when `after_missed_week`); and the session after `after_hard_sessions`
  sessions in a row that each had a set rated hard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from runtimer.core.program.model import WEEKDAYS, Phase, Program


@dataclass(frozen=True)
class Done:
    """One session of the program that counts: its day, routine (file name) and
    whether any set was rated hard."""

    day: date
    routine: str
    hard: bool = False


class DeloadReason(Enum):
    SCHEDULED = "scheduled"
    MISSED_WEEK = "missed week"
    HARD_SESSIONS = "hard sessions"


def week_of(start: date, day: date) -> int:
    """The 1-based program week `day` falls in (0 or less: before the start)."""
    return (day - start).days // 7 + 1


def week_days(start: date, week: int) -> tuple[date, date]:
    """The first and last day of program week `week`."""
    first = start + timedelta(days=7 * (week - 1))
    return first, first + timedelta(days=6)


def deload_reason(
    program: Program, start: date, day: date, before: Sequence[Done]
) -> DeloadReason | None:
    """Is a session on `day` a deload, given the sessions done `before` it (oldest
    first)? Scheduled weeks first, then a missed week, then hard sessions."""
    week = week_of(start, day)
    if program.scheduled_deload(week):
        return DeloadReason.SCHEDULED
    earlier = [done for done in before if done.day < day]
    if program.deload.after_missed_week and week >= 2:
        last_week = week_of(start, earlier[-1].day) if earlier else 0
        if week - last_week >= 2:  # a whole program week with no session in between
            return DeloadReason.MISSED_WEEK
    count = program.deload.after_hard_sessions
    if count and len(before) >= count and all(done.hard for done in before[-count:]):
        return DeloadReason.HARD_SESSIONS
    return None


class Status(Enum):
    NOT_STARTED = "not started"  # the start date is still to come
    TRAIN = "train"  # a session is due today
    DONE_TODAY = "done today"  # one session today already: the next is tomorrow
    WEEK_DONE = "week done"  # the week has its most sessions
    REST_DAY = "rest day"  # [days]: today is not a training day
    OVER = "over"  # the block's weeks have all passed


@dataclass(frozen=True)
class ProgramDay:
    """Where a program stands on `today`."""

    today: date
    start: date
    week: int  # 1-based, at most `weeks` (the last week once it is over)
    weeks: int
    status: Status
    phase: Phase | None
    done_this_week: int
    per_week: tuple[int, int]
    next_routine: str  # the routine of the next session (today's when it is due)
    next_day: date  # the day of the next session (today when one is due)
    deload: DeloadReason | None  # for the next session
    missed_weeks: tuple[int, ...]  # complete weeks with no session
    sessions: int  # sessions done since the start

    @property
    def session_number(self) -> int:
        """`session 2 of 3 this week`: the next session's number in its week."""
        if self.status is Status.TRAIN:
            return self.done_this_week + 1
        return self.done_this_week

    @property
    def headline(self) -> str:
        """`week 3 of 10 · session 2 of 3 this week` (or what is up instead)."""
        low, high = self.per_week
        match self.status:
            case Status.NOT_STARTED:
                return f"starts {short_date(self.start)} (in {(self.start - self.today).days} days)"
            case Status.OVER:
                return f"all {self.weeks} weeks done"
            case Status.TRAIN:
                return (
                    f"week {self.week} of {self.weeks} · session {self.done_this_week + 1} of "
                    f"{high} this week"
                )
            case _:
                return (
                    f"week {self.week} of {self.weeks} · {self.done_this_week} of "
                    f"{_target(low, high)} done this week"
                )

    @property
    def advice(self) -> str:
        """What to do today, in one sentence."""
        low, high = self.per_week
        left = 6 - (self.today - week_days(self.start, self.week)[0]).days  # days after today
        match self.status:
            case Status.NOT_STARTED:
                return f"The program starts on {self.start:%A} {short_date(self.start)}."
            case Status.OVER:
                return "The block is over: 'runtimer program review' shows what went up."
            case Status.DONE_TODAY:
                return "Done for today; the next session is tomorrow at the earliest."
            case Status.WEEK_DONE:
                return f"This week's {high} sessions are done; rest until {self.next_day:%A}."
            case Status.REST_DAY:
                return f"Rest day; the next session is on {self.next_day:%A}."
        needed = low - self.done_this_week
        if needed > left + 1:
            return (
                f"One session today; {low} this week is out of reach now, so do what is left "
                "and never two in a day."
            )
        return "A session is due today."


def _target(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def program_day(program: Program, start: date, today: date, done: Sequence[Done]) -> ProgramDay:
    """Where `program`, started on `start`, stands on `today`; `done` are its sessions
    (any order; those after today are left out)."""
    done = sorted((d for d in done if start <= d.day <= today), key=lambda d: d.day)
    raw_week = week_of(start, today)
    week = min(max(raw_week, 1), program.weeks)
    first, last = week_days(start, week)
    this_week = [d for d in done if first <= d.day <= last]
    high = program.sessions_per_week[1]
    trained = {week_of(start, d.day) for d in done}
    missed = tuple(w for w in range(1, min(raw_week, program.weeks + 1)) if w not in trained)
    routine, day = _next(program, start, today, done)
    if raw_week < 1:
        status = Status.NOT_STARTED
        routine, day = _next(program, start, start, [])
    elif raw_week > program.weeks:
        status = Status.OVER
    elif any(d.day == today for d in done):
        status = Status.DONE_TODAY
    elif len(this_week) >= high:
        status = Status.WEEK_DONE
        day = max(day, last + timedelta(days=1))
    elif program.days and today.weekday() not in {weekday for weekday, _ in program.days}:
        status = Status.REST_DAY
    else:
        status = Status.TRAIN
    if status is not Status.TRAIN and status is not Status.NOT_STARTED and day <= today:
        day = today + timedelta(days=1)
    if program.days and status is not Status.OVER:
        routine, day = _on_days(program, day)
    reason = None if status is Status.OVER else deload_reason(program, start, day, done)
    return ProgramDay(
        today=today,
        start=start,
        week=week,
        weeks=program.weeks,
        status=status,
        phase=program.phase(week_of(start, day) if status is not Status.OVER else week),
        done_this_week=len(this_week),
        per_week=program.sessions_per_week,
        next_routine=routine,
        next_day=day,
        deload=reason,
        missed_weeks=missed,
        sessions=len(done),
    )


def _next(program: Program, start: date, today: date, done: Sequence[Done]) -> tuple[str, date]:
    """The next routine in turn (or on `[days]`) and the earliest day for it."""
    if program.days:
        return _on_days(program, today)
    names = program.routines
    last = next((d.routine for d in reversed(done) if d.routine in names), None)
    routine = names[(names.index(last) + 1) % len(names)] if last is not None else names[0]
    return routine, today


def _on_days(program: Program, day: date) -> tuple[str, date]:
    """The first training day on or after `day`, and its routine."""
    by_weekday = dict(program.days)
    for ahead in range(7):
        candidate = day + timedelta(days=ahead)
        if candidate.weekday() in by_weekday:
            return by_weekday[candidate.weekday()], candidate
    raise AssertionError("a program with [days] has at least one")  # pragma: no cover


def short_date(day: date) -> str:
    """`8 Dec`: a day as the status and the review write it (portable, no `%-d`)."""
    return f"{day.day} {day:%b}"


def weekday_name(number: int) -> str:
    return WEEKDAYS[number].capitalize()
