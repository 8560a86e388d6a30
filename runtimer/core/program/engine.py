"""The progression engine: a program's rules applied to the log give today's targets.

`plan_today` replays the program's sessions oldest first. Before each one it works out
what the rules prescribed for it (`_prescribe`), then reads what was done (`_record`),
so the state it carries is exactly what the log supports. Today's targets are the
prescription for the next session. Each target has a one-line reason
("+2 kg: two weeks at 10 kg, no set felt hard").

The program's sessions are those whose log says so (`[program]`, written when the
session is started from the menu's "today", with the targets it applied; a resumed
session gets them back from there, `resumed_targets`), and logs without that record
whose routine is one of the program's (`program_sessions`).

The rules, per exercise (matched by name, case and spacing aside, as `progress` does):

* The first load is, in this order: what the program's `starting_routine` found
  (`core.startweight`), else the last load used before the program, else the
  routine's `load`; an exercise with none of them is a body-weight move.
* `every_weeks` (the default; the first guide raises weights about every two weeks):
  after `every_weeks` different program weeks with a session at this load and no set
  rated hard, one load step more. A hard set starts the count again. A missed week
  does not count, so a break never earns a raise. Body-weight moves get
  `bodyweight_reps` more reps (holds `hold_step` more seconds) on the same cadence.
* `double`: within a phase's range of reps (`reps = "8-12"`) every session done in
  full with no hard set adds a rep; past the top, one load step more and back to the
  bottom of the range. Body-weight moves stop at the top and are offered the harder
  variation. An exercise no range applies to follows `every_weeks`.
* `none`: the loads stay where they start.
* A weight carried other than the one prescribed (the load keys) is the user's choice,
  and the count starts again from it: the log keeps the prescribed load in its
  `[[exercise]]` table and the carried one in each `[[set]]`, marked `override` when
  the session was started from the program. A set so marked is the user's choice
  even if today's rules would prescribe the same weight (the program file changed
  since); an unmarked one that differs (an older log, a routine started on its own)
  is taken as the user's choice too. A session the log records as the program's
  (`[program]`) was prescribed the load its log planned: an unmarked set at that load
  followed the program, even where today's rules (a program or routine file changed
  since) would have prescribed another.
* A deload session (see `calendar.deload_reason`) keeps `volume` of the sets (at least
  one) and `load` of the weight, rounded down to the load step; it moves nothing on.
* Phases change sets, reps, rest and load step for the exercises they apply to;
  circuits keep their rounds (a deload shortens them), and exercises with per-set
  lists (`reps = [12, 10, 8]`) keep theirs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from runtimer.core.feeling import Feeling
from runtimer.core.program.calendar import (
    DeloadReason,
    Done,
    ProgramDay,
    deload_reason,
    program_day,
    week_of,
)
from runtimer.core.program.model import AppliesTo, Phase, Program, Rule
from runtimer.core.progress import Advice, AdviceKind, Outing, all_outings, counts, exercise_key
from runtimer.core.records.model import ProgramRecord, SessionLog, SetRecord, TargetRecord
from runtimer.core.routine import (
    DEFAULT_LOAD_STEP,
    DEFAULT_UNIT,
    Exercise,
    Load,
    Routine,
    format_amount,
    format_duration,
)

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight")


def _weeks(count: int) -> str:
    word = _NUMBERS[count] if count < len(_NUMBERS) else str(count)
    return f"{word} week{'s' if count != 1 else ''}"


def _kg(amount: float, unit: str) -> str:
    return f"{format_amount(amount)} {unit}"


def _amount(value: int, hold: int | None) -> str:
    """`12 reps`, or `40 s` for a hold."""
    return f"{value} reps" if hold is None else format_duration(value)


@dataclass(frozen=True)
class StartLoad:
    """A first load found before the program (the starting-weight routine's)."""

    amount: float
    unit: str
    source: str  # `Find your starting weight, 3 Dec`


@dataclass(frozen=True)
class Target:
    """What one exercise asks for in the next session, and why."""

    index: int  # in the routine
    name: str
    sets: int
    reps: int | None
    hold: int | None
    load: float | None
    unit: str
    rest: int
    why: str
    up: bool = False  # harder than last time: a load step, more reps, a longer hold

    @property
    def headline(self) -> str:
        """What changes, shortest: `12 kg`, `12 reps`, `35 s`."""
        if self.load is not None:
            return _kg(self.load, self.unit)
        if self.hold is not None:
            return format_duration(self.hold)
        return f"{self.reps} reps" if self.reps is not None else f"{self.sets} sets"

    def advice(self) -> Advice:
        """The target as the workout screen's advice line ("+2 kg: ...")."""
        kind = AdviceKind.STEP_UP if self.up and self.load is not None else AdviceKind.KEEP
        if self.up and self.load is None:
            kind = AdviceKind.HARDER
        return Advice(
            kind,
            self.why,
            self.load,
            self.unit if self.load is not None else None,
            sets=self.sets,
            reps=self.reps,
            hold=self.hold,
        )

    def record(self) -> TargetRecord:
        """The target as the session's log keeps it (`[[program.target]]`)."""
        return TargetRecord(
            self.index,
            self.name,
            self.sets,
            self.reps,
            self.hold,
            self.load,
            self.unit,
            self.rest,
            self.why,
            self.up,
        )

    @classmethod
    def from_record(cls, kept: TargetRecord) -> Target:
        """The target a session's log kept, as it was (`record`'s inverse)."""
        return cls(
            kept.index,
            kept.name,
            kept.sets,
            kept.reps,
            kept.hold,
            kept.load,
            kept.unit,
            kept.rest,
            kept.why,
            kept.up,
        )

    def text(self) -> str:
        """`3 × 8 @ 12 kg`, `2 × 40 s`, `3 sets` (timed work, a run)."""
        if self.hold is not None:
            text = f"{self.sets} × {format_duration(self.hold)}"
        elif self.reps is not None:
            text = f"{self.sets} × {self.reps}"
        else:
            text = f"{self.sets} set{'s' if self.sets != 1 else ''}"
        if self.load is not None:
            text += f" @ {_kg(self.load, self.unit)}"
        return text


@dataclass(frozen=True)
class TodayPlan:
    """The next session of an active program: which routine, its targets applied."""

    program: Program
    day: ProgramDay
    routine_key: str
    routine: Routine  # the routine with today's targets in it
    loads: dict[int, float]  # exercise index -> load to start the session with
    targets: tuple[Target, ...]
    week: int  # the program week the targets are for (the next session's)

    @property
    def title(self) -> str:
        """`Full body for runners · week 3 of 10 · session 2 of 3 this week`."""
        return f"{self.routine.name} · {self.day.headline}"

    @property
    def advice(self) -> dict[int, Advice]:
        """Each exercise's target as the workout's advice, by exercise index."""
        return {target.index: target.advice() for target in self.targets}

    @property
    def going_up(self) -> tuple[Target, ...]:
        return tuple(target for target in self.targets if target.up)

    def record(self) -> ProgramRecord:
        """What the session's log keeps of the program (its `[program]`): the program's
        file, the week and the session of it, and the targets applied."""
        day = self.day
        session = day.done_this_week + 1 if self.week == day.week else 1
        return ProgramRecord(
            self.program.key, self.week, session, tuple(t.record() for t in self.targets)
        )


# ------------------------------------------------------------------ the state


@dataclass
class _Track:
    """What the rules know of one exercise so far."""

    load: float | None
    unit: str
    step: float
    origin: str  # why the load is what it is, before any raise
    weeks: set[int] = field(default_factory=set)  # weeks at this level with no hard set since
    hard_week: int | None = None
    extra: int = 0  # body-weight: reps (or hold seconds) added so far
    base: int | None = None  # the reps or hold `extra` is added to
    reps: int | None = None  # double progression: the reps worked at
    ready: bool = False  # double: the last session at these reps was done in full


@dataclass(frozen=True)
class _Prescription:
    target: Target
    load: float | None
    extra: int
    base: int | None
    deload: bool


def _loaded_ok(applies: AppliesTo, loaded: bool) -> bool:
    return (
        applies is AppliesTo.ALL
        or (applies is AppliesTo.LOADED and loaded)
        or (applies is AppliesTo.BODYWEIGHT and not loaded)
    )


def _share(count: int, share: float) -> int:
    """`share` of `count` sets (or rounds), halves rounded up, at least one."""
    return max(1, math.floor(count * share + 0.5))


def _lighter(load: float, share: float, step: float) -> float:
    """`load` times `share`, rounded down to the load step (and lighter than `load`)."""
    lighter = math.floor(load * share / step + 1e-9) * step
    if lighter >= load:
        lighter = load - step
    return max(0.0, round(lighter, 3))


_DELOAD_WHY = {
    DeloadReason.SCHEDULED: "a planned deload week",
    DeloadReason.MISSED_WEEK: "back after a week with no session",
    DeloadReason.HARD_SESSIONS: "sets felt hard in the last sessions",
}


def _prescribe(
    program: Program,
    track: _Track,
    index: int,
    exercise: Exercise,
    week: int,
    phase: Phase | None,
    deload: DeloadReason | None,
) -> _Prescription:
    rules = program.progression
    loaded = track.load is not None
    applies = (
        phase is not None
        and exercise.circuit is None
        and not exercise.targets
        and _loaded_ok(phase.applies_to, loaded)
    )
    sets = exercise.sets
    reps = exercise.reps
    rest = exercise.rest_between_sets
    step = track.step
    reps_range: tuple[int, int] | None = None
    if applies and phase is not None:
        sets = phase.sets or sets
        if exercise.reps is not None:
            reps = phase.reps or reps
            reps_range = phase.reps_range
        rest = phase.rest if phase.rest is not None else rest
        step = phase.load_step or step
    hold = exercise.hold
    base = reps if exercise.reps is not None else hold
    extra = track.extra if base == track.base else 0
    load = track.load
    up = False
    why = ""
    double = rules.rule is Rule.DOUBLE and reps_range is not None and not exercise.targets
    if double and reps_range is not None:
        low, high = reps_range
        reps = min(max(track.reps or low, low), high)
        extra = 0
    if deload is not None:
        sets = _share(sets, program.deload.volume)  # a circuit: its rounds
        if load is not None:
            load = _lighter(load, program.deload.load, step)
        if reps is not None and not double:
            reps += extra
        elif hold is not None:
            hold += extra
        what = (
            f"{sets} {'round' if exercise.circuit is not None else 'set'}{'s' if sets != 1 else ''}"
        )
        weight = f" at {_kg(load, track.unit)}" if load is not None else ""
        why = f"Deload, {_DELOAD_WHY[deload]}: {what}{weight}."
        target = Target(index, exercise.name, sets, reps, hold, load, track.unit, rest, why)
        return _Prescription(target, track.load, extra, base, True)
    if exercise.work is not None or exercise.is_run or rules.rule is Rule.NONE:
        if load is not None:
            why = f"{_kg(load, track.unit)}: {track.origin}."
    elif double and reps is not None and reps_range is not None:
        low, high = reps_range
        if not track.ready:
            at = f" at {_kg(load, track.unit)}" if load is not None else ""
            why = f"{sets} × {reps}{at}: every set in full, then a rep more next time."
            if track.hard_week is not None and track.reps == reps:
                why = f"{sets} × {reps}{at} again: a set felt hard last time."
        elif reps < high:
            reps += 1
            up = True
            at = f" at {_kg(load, track.unit)}" if load is not None else ""
            why = f"{reps} reps{at}: every set of {reps - 1} done last time."
        elif load is not None:
            load = round(load + step, 3)
            reps = low
            up = True
            before = _kg(track.load or 0.0, track.unit)
            why = f"+{_kg(step, track.unit)}: {high} reps done at {before}; back to {low} reps."
        else:
            harder = exercise.harder.rstrip(" .") or "a harder variation"
            why = f"{high} reps is the top of the range: try {harder}."
    else:
        every = rules.every_weeks
        count = sum(1 for done in track.weeks if done < week)  # whole weeks gone by
        ready = count >= every
        if load is not None:
            if ready:
                load = round(load + step, 3)
                up = True
                before = _kg(track.load or 0.0, track.unit)
                why = f"+{_kg(step, track.unit)}: {_weeks(count)} at {before}, no set felt hard."
            elif track.hard_week is not None and not track.weeks:
                why = (
                    f"{_kg(load, track.unit)} again: a set felt hard in week {track.hard_week}; "
                    f"up after {_weeks(every)} with none."
                )
            elif count:
                why = f"{_kg(load, track.unit)}: {count} of {every} weeks at this weight."
            else:
                why = f"{_kg(load, track.unit)}: {track.origin}."
        elif base is not None:  # a body-weight move: more reps, or a longer hold
            amount = rules.bodyweight_reps if hold is None else rules.hold_step
            now = base + extra
            if ready and amount:
                extra += amount
                up = True
                plus = f"+{amount}" if hold is None else f"+{format_duration(amount)}"
                why = (
                    f"{_amount(now + amount, hold)} ({plus}): {_weeks(count)} at "
                    f"{_amount(now, hold)}, no set felt hard."
                )
            elif track.hard_week is not None and not track.weeks:
                why = f"{_amount(now, hold)} again: a set felt hard in week {track.hard_week}."
            elif count and amount:
                why = f"{_amount(now, hold)}: {count} of {every} weeks at this."
            elif amount:
                plus = f"{amount} reps" if hold is None else format_duration(amount)
                why = f"{_amount(now, hold)}: {plus} more after {_weeks(every)} with no hard set."
            if hold is None:
                reps = base + extra
            else:
                hold = base + extra
    target = Target(index, exercise.name, sets, reps, hold, load, track.unit, rest, why, up)
    return _Prescription(target, load, extra, base, False)


def _record(
    track: _Track,
    done: Sequence[SetRecord],
    prescription: _Prescription,
    week: int,
    logged: float | None = None,
    recorded: bool = False,
) -> None:
    """What one session did of the exercise moves the state on (deloads do not).
    `logged`: the load the session's log says was planned (the program's target then);
    `recorded`: the log says the session was the program's (`[program]`), so that load
    is what the program prescribed that day, whatever its rules replayed say now."""
    if not done or prescription.deload:
        return
    hard = any(record.feeling is Feeling.HARD for record in done)
    carried = done[-1].load
    planned = prescription.load
    override = done[-1].override
    if (override or recorded) and logged is not None:
        planned = logged  # what the program said that day, whatever it says now
    if carried is not None and (override or planned is None or abs(carried - planned) > 1e-9):
        # The user carried another weight: from now on the rules start from it.
        plan = f" (the plan said {_kg(planned, track.unit)})" if planned is not None else ""
        track.origin = f"your choice in week {week}{plan}"
        track.load = carried
        track.unit = done[-1].unit or track.unit
        track.weeks = set()
        track.ready = False
    elif planned is not None and planned != track.load:
        raised = track.load is None or planned > track.load
        track.load = planned
        track.origin = (
            f"raised in week {week}" if raised else f"the program's weight in week {week}"
        )
        track.weeks = set()
    if track.load is None and (
        prescription.extra != track.extra or prescription.base != track.base
    ):  # a body-weight step taken, or a phase with other reps: count from here
        track.extra = prescription.extra
        track.base = prescription.base
        track.weeks = set()
    target = prescription.target
    track.reps = target.reps
    track.ready = not hard and all(
        record.reps is None or record.planned_reps is None or record.reps >= record.planned_reps
        for record in done
    )
    if hard:
        track.hard_week = week
        track.weeks = set()
    else:
        track.weeks.add(week)


# ------------------------------------------------------------------ the log


def routine_key_of(log: SessionLog, names: Mapping[str, str]) -> str | None:
    """The routine file name a log is of: its file's name, else (an older log that
    does not say) the routine whose name it has (`names`: routine name -> file name)."""
    if log.routine_path:
        return Path(log.routine_path).stem.lower()
    return names.get(exercise_key(log.routine))


def _hard(log: SessionLog) -> bool:
    return any(
        record.feeling is Feeling.HARD
        for record in log.latest_sets
        if record.done and not record.warmup
    )


def program_sessions(
    program: Program,
    start: date,
    today: date,
    routines: Mapping[str, Routine],
    sessions: Sequence[SessionLog],
) -> list[tuple[SessionLog, str]]:
    """The sessions that count for the program, from `start` to `today`, oldest first,
    each with its routine's file name; one per day (the first: a second session on a
    day is extra work, not the program's).

    A session started from the program's "today" says so in its log (`[program]`):
    it is the program's whatever its routine, and a session recorded for another
    program never is. A log without that record (written before runtimer kept it, or
    a routine started from the list) counts when its routine is one of the program's."""
    names = {exercise_key(routine.name): key for key, routine in routines.items()}
    wanted = set(program.routine_names)
    found: list[tuple[SessionLog, str]] = []
    days: set[date] = set()
    for log in sorted(sessions, key=lambda s: s.started):
        day = log.started.date()
        if not counts(log) or not start <= day <= today or day in days:
            continue
        key = routine_key_of(log, names)
        ours = log.program.file == program.key if log.program is not None else key in wanted
        if ours and key is not None:
            found.append((log, key))
            days.add(day)
    return found


def done_list(found: Sequence[tuple[SessionLog, str]]) -> list[Done]:
    return [Done(log.started.date(), key, _hard(log)) for log, key in found]


def working_sets(log: SessionLog) -> dict[str, list[SetRecord]]:
    """The done working sets of one log, by exercise."""
    found: dict[str, list[SetRecord]] = {}
    for record in log.latest_sets:
        if record.done and not record.warmup:
            found.setdefault(exercise_key(record.exercise), []).append(record)
    return found


def _start_track(
    exercise: Exercise,
    starting: Mapping[str, StartLoad],
    before: Mapping[str, list[Outing]],
) -> _Track:
    found = starting.get(exercise_key(exercise.name))
    if found is not None:
        step = (
            exercise.load.step
            if exercise.load is not None and exercise.load.unit == found.unit
            else DEFAULT_LOAD_STEP.get(found.unit, 1.0)
        )
        return _Track(found.amount, found.unit, step, f"your starting weight ({found.source})")
    load = _last_or_own(exercise, before.get(exercise_key(exercise.name), []))
    if load is None:
        return _Track(None, DEFAULT_UNIT, DEFAULT_LOAD_STEP[DEFAULT_UNIT], "body weight")
    origin = (
        "the routine's weight; start light"
        if exercise.load is not None and load == exercise.load
        else "the weight you used last"
    )
    return _Track(load.amount, load.unit, load.step, origin)


def _last_or_own(exercise: Exercise, done: Sequence[Outing]) -> Load | None:
    """`progress.default_load` for outings gathered once: the last load carried (in
    the routine's unit), else the routine's own."""
    for outing in reversed(done):
        for record in reversed(outing.sets):
            if record.load is not None:
                unit = record.unit or DEFAULT_UNIT
                if exercise.load is not None:
                    if exercise.load.unit != unit:
                        return exercise.load
                    return Load(record.load, unit, exercise.load.step)
                return Load(record.load, unit, DEFAULT_LOAD_STEP.get(unit, 1.0))
    return exercise.load


def plan_today(
    program: Program,
    start: date,
    today: date,
    routines: Mapping[str, Routine],
    sessions: Sequence[SessionLog],
    starting: Mapping[str, StartLoad] | None = None,
) -> TodayPlan | None:
    """The next session of `program` (started on `start`) as of `today`, its targets
    worked out from `sessions` (every log that counts, in any order). `routines` maps
    file names to the routines found; None when the next routine is not among them."""
    starting = starting or {}
    found = program_sessions(program, start, today, routines, sessions)
    done = done_list(found)
    before = all_outings(s for s in sessions if counts(s) and s.started.date() < start)
    tracks: dict[str, _Track] = {}

    def track(exercise: Exercise) -> _Track:
        key = exercise_key(exercise.name)
        if key not in tracks:
            tracks[key] = _start_track(exercise, starting, before)
        return tracks[key]

    for number, (log, key) in enumerate(found):
        routine = routines.get(key)
        if routine is None:
            continue
        on = log.started.date()
        week = week_of(start, on)
        reason = deload_reason(program, start, on, done[:number])
        phase = program.phase(week)
        sets = working_sets(log)
        for index, exercise in enumerate(routine.exercises):
            state = track(exercise)
            prescription = _prescribe(program, state, index, exercise, week, phase, reason)
            records = sets.get(exercise_key(exercise.name), [])
            info = log.exercise_info(records[-1].exercise_index) if records else None
            logged = info.load if info is not None else None
            _record(state, records, prescription, week, logged, log.program is not None)

    day = program_day(program, start, today, done)
    routine = routines.get(day.next_routine)
    if routine is None:
        return None
    week = min(max(week_of(start, day.next_day), 1), program.weeks)
    phase = program.phase(week)
    targets = tuple(
        _prescribe(program, track(exercise), index, exercise, week, phase, day.deload).target
        for index, exercise in enumerate(routine.exercises)
    )
    applied, loads = apply_targets(routine, targets)
    return TodayPlan(program, day, day.next_routine, applied, loads, targets, week)


def apply_targets(
    routine: Routine, targets: Sequence[Target | None]
) -> tuple[Routine, dict[int, float]]:
    """The routine with the targets in it (what the session plans and the log keeps
    as planned), and the loads to start each exercise with. A None target leaves its
    exercise as the routine has it. A circuit's rounds are its stations' target sets
    (fewer in a deload), so the targets alone say everything the session plans."""
    exercises: list[Exercise] = []
    loads: dict[int, float] = {}
    rounds: dict[str, int] = {}
    for exercise, target in zip(routine.exercises, targets, strict=True):
        changed = exercise
        if target is None:
            exercises.append(exercise)
            continue
        if exercise.circuit is not None:
            rounds.setdefault(exercise.circuit, target.sets)
        if exercise.circuit is None and not exercise.targets:
            changed = replace(
                changed,
                sets=target.sets,
                reps=target.reps if exercise.reps is not None else None,
                hold=target.hold if exercise.hold is not None else None,
                rest_between_sets=target.rest,
            )
        elif exercise.circuit is not None and exercise.reps is not None:
            changed = replace(changed, reps=target.reps)
        if target.load is not None and not exercise.targets:
            step = (
                exercise.load.step
                if exercise.load is not None
                else DEFAULT_LOAD_STEP.get(target.unit, 1.0)
            )
            changed = replace(changed, load=Load(target.load, target.unit, step))
            loads[len(exercises)] = target.load
        exercises.append(changed)
    circuits = tuple(replace(c, rounds=rounds.get(c.label, c.rounds)) for c in routine.circuits)
    exercises = [
        replace(e, sets=rounds[e.circuit]) if e.circuit is not None and e.circuit in rounds else e
        for e in exercises
    ]
    return replace(routine, exercises=tuple(exercises), circuits=circuits), loads


@dataclass(frozen=True)
class SessionTargets:
    """A program's session being resumed: its routine with the targets applied, the
    loads they prescribe (a set carried at another is an override) and each
    exercise's advice line, by exercise index."""

    routine: Routine
    loads: dict[int, float]
    advice: dict[int, Advice]


def resumed_targets(routine: Routine, kept: ProgramRecord) -> SessionTargets:
    """The targets a program's session was started with, applied again to `routine`
    (as its file is now) when the session is resumed after the app stopped.

    They are read from the session's log (`[program]`), not worked out again from the
    program: the log is the record of what was prescribed that day and needs nothing
    else, while replaying the program needs its file, its routines and every other
    log just as they were when the session started. A program file edited since, the
    program stopped or another started, or a log synced in from another machine would
    give other targets halfway through the workout: more sets than the log planned, a
    load that jumps between set 2 and set 3, advice about another week. A target is
    applied to the exercise at its index only when the names still match (as
    `resume_position` matches sets), so a routine edited since keeps its own values
    where it changed."""
    by_index = {target.index: target for target in kept.targets}
    targets: list[Target | None] = []
    for index, exercise in enumerate(routine.exercises):
        found = by_index.get(index)
        same = found is not None and found.name.casefold() == exercise.name.casefold()
        targets.append(Target.from_record(found) if found is not None and same else None)
    applied, loads = apply_targets(routine, targets)
    advice = {target.index: target.advice() for target in targets if target is not None}
    return SessionTargets(applied, loads, advice)
