"""What a routine file may say: its keys, their types and ranges, checked with the
`validate` toolkit, every problem collected (not just the first)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from runtimer.core.loader.source import RoutineError, read_routine_text
from runtimer.core.loader.syntax import parse_document
from runtimer.core.positions import Positions
from runtimer.core.routine import (
    DEFAULT_LOAD_STEP,
    DEFAULT_REP_PACE,
    DEFAULT_REST_BETWEEN_EXERCISES,
    DEFAULT_REST_BETWEEN_ROUNDS,
    DEFAULT_REST_BETWEEN_SETS,
    DEFAULT_REST_BETWEEN_STATIONS,
    DEFAULT_SWITCH_SIDES,
    UNITS,
    Circuit,
    Exercise,
    Load,
    Routine,
    SetTarget,
    Sides,
    Warmup,
    format_duration,
)
from runtimer.core.validate import Collect, Table, got, item_label, one_of, show, suggestion

if TYPE_CHECKING:
    from runtimer.core.loader.documents import Documents

MAX_EXERCISES = 50
MAX_SETS = 20
MAX_ROUNDS = 30
MAX_DISTANCE = 100_000.0  # metres
MAX_RUN = 3 * 3600  # seconds of one timed run
MIN_PACE, MAX_PACE = 120.0, 1200.0  # seconds per km: 2:00/km to 20:00/km
MIN_LAP, MAX_LAP = 10, 60 * 60  # seconds of one lap of a running leg
MAX_REPS = 200
MAX_REST = 15 * 60
MAX_HOLD = 10 * 60
MAX_SWITCH = 60
MAX_WARMUP = 60 * 60
MAX_LOAD = 1000.0
MAX_LOAD_STEP = 100.0
MAX_NAME = 80
MAX_LONG_TEXT = 2000
MAX_SHORT_TEXT = 500
MAX_ITEM = 200

ROUTINE_KEYS = (
    "name",
    "description",
    "notes",
    "rest_between_sets",
    "rest_between_exercises",
    "switch_sides",
    "rep_pace",
    "start",
    "find_weight",
    "warmup",
    "circuit",
    "exercise",
)
CIRCUIT_KEYS = (
    "name",
    "rounds",
    "rest_between_stations",
    "rest_between_rounds",
    "rest_after",
    "every",
)
WARMUP_KEYS = ("duration", "steps")
EXERCISE_KEYS = (
    "name",
    "sets",
    "reps",
    "hold",
    "per_side",
    "rest_between_sets",
    "rest_after",
    "equipment",
    "cues",
    "benefit",
    "harder",
    "easier",
    "notes",
    "load",
    "unit",
    "load_step",
    "start",
    "work",
    "run",
    "distance",
    "pace",
    "lap",
    "circuit",
    "warmup_sets",
    "find_weight",
)
#: What one set of an exercise is: exactly one of these keys says it.
WORK_KEYS = ("reps", "hold", "work", "run", "distance")
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,20}")
_AT_LEAST = re.compile(r"\s*([0-9]{1,3})\s*\+\s*")

_UNITS = {unit: unit for unit in UNITS}
_PER_SIDE = (True, False, "alternating")
#: `start`: does a hold start by itself after its rest, or wait for a key?
_STARTS = {"auto": True, "key": False}

T = TypeVar("T")


def load_routine(path: Path, documents: Documents | None = None) -> Routine:
    """Load and validate one routine file; raise RoutineError listing every problem.
    `documents`: parsed TOML kept from an earlier run (see `documents`)."""
    return parse_routine(read_routine_text(path), path, documents)


def parse_routine(text: str, path: Path, documents: Documents | None = None) -> Routine:
    """Validate routine text; `path` is used for messages and kept as the source."""
    document = parse_document(text, path, documents)
    found = Collect(path, Positions(text))
    routine = _Routine(found).routine(Table(document, found))
    if found.problems or routine is None:
        raise RoutineError(found.in_order())
    return routine


class _Routine:
    """Reads one routine document; every problem goes to `found`."""

    def __init__(self, found: Collect) -> None:
        self.found = found
        self.circuits: dict[str, Circuit] = {}
        self.declared: set[str] = set()  # every [circuit.X] label, broken ones too

    def routine(self, top: Table) -> Routine | None:
        doc = top.data
        suggested = top.unknown_keys(ROUTINE_KEYS, "a routine")
        name = top.text("name", MAX_NAME, one_line=True)
        if "name" in suggested:
            pass  # already reported as a misspelt key
        elif "name" not in doc:
            top.report(None, "the routine has no 'name'; add name = \"...\" at the top of the file")
        elif name is not None and not name.strip():
            top.report("name", "'name' is empty; give the routine a name")
            name = None
        description = top.text("description", MAX_LONG_TEXT) or ""
        notes = top.text("notes", MAX_LONG_TEXT) or ""
        rest_sets = _default(
            top.duration("rest_between_sets", 0, MAX_REST), DEFAULT_REST_BETWEEN_SETS
        )
        rest_exercises = _default(
            top.duration("rest_between_exercises", 0, MAX_REST), DEFAULT_REST_BETWEEN_EXERCISES
        )
        switch = _default(top.duration("switch_sides", 0, MAX_SWITCH), DEFAULT_SWITCH_SIDES)
        pace = _default(top.duration("rep_pace", 1, 30), DEFAULT_REP_PACE)
        auto = _default(top.choice("start", _STARTS, fold=True), False)
        find_weight = _default(top.flag("find_weight"), False)
        warmup = self.warmup(top)
        self.circuits = self.read_circuits(top, rest_exercises)
        exercises = self.exercises(
            top, rest_sets, rest_exercises, "exercise" in suggested, auto, find_weight
        )
        if exercises is not None:
            self.check_circuits(top, exercises)
            if find_weight and not any(e.find_weight for e in exercises):
                top.report(
                    "find_weight",
                    "'find_weight' is true but no exercise has both reps and a load to "
                    "test; add load = [6, 8, 10] to an exercise of reps, or remove it",
                )
        if name is None or exercises is None or self.found.problems:
            return None
        return Routine(
            name=name.strip(),
            exercises=exercises,
            description=description.strip(),
            notes=notes.strip(),
            warmup=warmup,
            rest_between_sets=rest_sets,
            rest_between_exercises=rest_exercises,
            switch_sides=switch,
            rep_pace=pace,
            circuits=tuple(self.circuits.values()),
            source=self.found.path,
        )

    def read_circuits(self, top: Table, rest_exercises: int) -> dict[str, Circuit]:
        """The `[circuit.A]` tables: how each circuit is done (its stations are the
        exercises that say `circuit = "A"`)."""
        table = top.table(
            "circuit",
            how="write [circuit.A] on its own line, then rounds = 3",
        )
        if table is None:
            return {}
        circuits: dict[str, Circuit] = {}
        self.declared = set(table.data)
        for label in table.data:
            if _LABEL.fullmatch(label) is None:
                table.report(
                    label,
                    f"circuit {show(label)}: a circuit's label must be a short name of "
                    'letters, digits, - or _, such as "A"',
                )
                continue
            prefix = f"circuit {label}: "
            circuit = table.table(
                label, prefix=prefix, how=f"write [circuit.{label}] with rounds = 3 under it"
            )
            if circuit is None:
                continue
            suggested = circuit.unknown_keys(CIRCUIT_KEYS, "a circuit")
            if "rounds" not in circuit.data and "rounds" not in suggested:
                circuit.missing("rounds", f"add rounds = 3 (1 to {MAX_ROUNDS})")
            rounds = circuit.integer("rounds", 1, MAX_ROUNDS)
            name = circuit.text("name", MAX_NAME, one_line=True) or ""
            stations = circuit.duration("rest_between_stations", 0, MAX_REST)
            between = circuit.duration("rest_between_rounds", 0, MAX_REST)
            after = circuit.duration("rest_after", 0, MAX_REST)
            every = circuit.duration("every", 10, MAX_REST)
            if every is not None:
                for key in ("rest_between_stations", "rest_between_rounds"):
                    if key in circuit.data:
                        circuit.report(
                            key,
                            f"'{key}' does not go with 'every': each round starts every "
                            f"{format_duration(every)} and the rest is what is left of it; "
                            "remove one of them",
                        )
            if rounds is None:
                continue
            circuits[label] = Circuit(
                label=label,
                rounds=rounds,
                name=name.strip(),
                rest_between_stations=_default(
                    stations, 0 if every is not None else DEFAULT_REST_BETWEEN_STATIONS
                ),
                rest_between_rounds=_default(between, DEFAULT_REST_BETWEEN_ROUNDS),
                rest_after=_default(after, rest_exercises),
                every=every,
            )
        return circuits

    def check_circuits(self, top: Table, exercises: tuple[Exercise, ...]) -> None:
        """Each circuit's stations come one after another, and each circuit has some."""
        seen: dict[str, int] = {}
        for number, exercise in enumerate(exercises, start=1):
            label = exercise.circuit
            if label is None:
                continue
            previous = exercises[number - 2].circuit if number > 1 else None
            if label in seen and previous != label:
                Table({}, self.found, ("exercise", number - 1)).report(
                    "circuit",
                    f'exercise {number} ("{exercise.name}") is in circuit {label}, but '
                    f"exercise {number - 1} is not: a circuit's stations must come one after "
                    f"another; move it up beside exercise {seen[label]}, or give it a circuit "
                    "of its own",
                )
            seen.setdefault(label, number)
        table = top.table("circuit")
        for label in self.circuits:
            if label not in seen and table is not None:
                table.report(
                    label,
                    f'circuit {label} has no stations; add circuit = "{label}" to the '
                    "exercises that belong to it, or remove [circuit." + label + "]",
                )

    def warmup(self, top: Table) -> Warmup | None:
        table = top.table(
            "warmup",
            prefix="warm-up: ",
            how='write [warmup] on its own line, then duration = "5m"',
        )
        if table is None:
            return None
        suggested = table.unknown_keys(WARMUP_KEYS, "the warm-up")
        if "duration" not in table.data and "duration" not in suggested:
            table.missing("duration", 'add duration = "5m" under [warmup]')
        duration = table.duration("duration", 10, MAX_WARMUP)
        steps = table.text_list("steps", 30, MAX_ITEM)
        if duration is None:
            return None
        return Warmup(duration=duration, steps=steps)

    def exercises(
        self,
        top: Table,
        rest_sets: int,
        rest_exercises: int,
        misspelt: bool = False,
        auto: bool = False,
        find_weight: bool = False,
    ) -> tuple[Exercise, ...] | None:
        if "exercise" not in top.data:
            if misspelt:  # e.g. [[exercises]]: the unknown key message says it all
                return None
            top.report(
                None,
                "the routine has no exercises; add at least one [[exercise]] table with a "
                "name, sets and reps or hold",
            )
            return None
        tables = top.data["exercise"]
        if isinstance(tables, dict):
            top.report(
                "exercise",
                "write each exercise as [[exercise]] (double brackets), not [exercise]",
            )
            return None
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            top.report(
                "exercise",
                "'exercise' must be [[exercise]] tables, one per exercise: write [[exercise]] "
                "on its own line above each exercise's keys",
            )
            return None
        if not tables:
            top.report("exercise", "the exercise list is empty; add at least one [[exercise]]")
            return None
        if len(tables) > MAX_EXERCISES:
            top.report(
                "exercise",
                f"the routine has {len(tables)} exercises; keep it to {MAX_EXERCISES}",
            )
            return None
        results = [
            self.exercise(table, number, rest_sets, rest_exercises, auto, find_weight)
            for number, table in enumerate(tables, start=1)
        ]
        if any(result is None for result in results):
            return None
        return tuple(result for result in results if result is not None)

    def exercise(
        self,
        data: dict[str, Any],
        number: int,
        rest_sets: int,
        rest_exercises: int,
        auto: bool = False,
        find_weight: bool = False,
    ) -> Exercise | None:
        prefix = item_label("exercise", number, data, MAX_NAME)
        table = Table(data, self.found, ("exercise", number - 1), prefix=prefix)
        before = len(self.found.problems)
        suggested = table.unknown_keys(EXERCISE_KEYS, "an exercise")

        name = table.text("name", MAX_NAME, one_line=True)
        if "name" not in data and "name" not in suggested:
            table.missing("name", 'add name = "..."')
        elif name is not None and not name.strip():
            table.report("name", "'name' is empty; give the exercise a name")

        circuit = self.circuit_of(table)
        if circuit is not None:
            for key in ("sets", "rest_between_sets", "rest_after"):
                if key in data:
                    where = {
                        "sets": f"its rounds = {circuit.rounds} say how often each station is done",
                        "rest_between_sets": "rest_between_stations and rest_between_rounds "
                        f"under [circuit.{circuit.label}] set its rests",
                        "rest_after": f"rest_after under [circuit.{circuit.label}] sets the "
                        "rest after the whole circuit",
                    }[key]
                    table.report(
                        key, f"'{key}' is not used in circuit {circuit.label}: {where}; remove it"
                    )
            sets: int | None = circuit.rounds
        else:
            # An exercise in a circuit that is itself broken was already reported there.
            if "sets" not in data and "sets" not in suggested and "circuit" not in data:
                table.missing("sets", f"add sets = 2 (1 to {MAX_SETS})")
            sets = table.integer("sets", 1, MAX_SETS)

        given = [key for key in WORK_KEYS if key in data]
        if given[:2] == ["reps", "hold"]:
            table.report(
                "hold",
                "give either 'reps' or 'hold', not both: reps count repetitions, "
                "hold times a position such as a plank",
            )
        elif len(given) > 1:
            table.report(
                given[1],
                f"give one of {one_of(list(WORK_KEYS))}, not both '{given[0]}' and "
                f"'{given[1]}': reps count repetitions, hold times a position, work is as "
                "many reps as you can in a time, run and distance are running legs",
            )
        elif not given and not suggested & set(WORK_KEYS):
            table.report(
                None,
                "give 'reps' (repetitions per set, e.g. reps = 10) or 'hold' "
                '(a timed hold, e.g. hold = "30s"); for timed work, work = "40s"; for a '
                'running leg, distance = "400m" or run = "3m"',
            )
        has_reps, has_hold = "reps" in data, "hold" in data
        per_set_reps = self.set_reps(table, sets)
        reps = per_set_reps[-1][0] if per_set_reps else None
        hold = table.duration("hold", 1, MAX_HOLD)
        work = table.duration("work", 5, MAX_HOLD)
        run = table.duration("run", 10, MAX_RUN)
        distance = table.distance("distance", 50.0, MAX_DISTANCE)
        pace = table.pace("pace", MIN_PACE, MAX_PACE)
        if "pace" in data and "distance" not in data:
            table.report(
                "pace",
                "'pace' is the target for a running leg by distance; add distance = "
                '"400m", or remove it',
            )
        lap = self.lap(table, run, distance, pace)
        warmup_sets = table.integer("warmup_sets", 0, MAX_SETS - 1)
        if warmup_sets is not None and sets is not None and warmup_sets >= sets:
            table.report(
                "warmup_sets",
                f"'warmup_sets' is {warmup_sets} but the exercise has {sets} sets; keep at "
                "least one working set",
            )

        sides = self.sides(table)
        rest_between_sets = _default(table.duration("rest_between_sets", 0, MAX_REST), rest_sets)
        rest_after = _default(table.duration("rest_after", 0, MAX_REST), rest_exercises)
        equipment = table.text_list("equipment", 10, MAX_ITEM)
        cues = table.text_list("cues", 12, MAX_ITEM)
        benefit = table.text("benefit", MAX_SHORT_TEXT) or ""
        harder = table.text("harder", MAX_SHORT_TEXT) or ""
        easier = table.text("easier", MAX_SHORT_TEXT) or ""
        notes = table.text("notes", MAX_SHORT_TEXT) or ""
        load, set_loads = self.load(table, sets)
        start = table.choice("start", _STARTS, fold=True)
        if start is not None and (has_reps or "distance" in data) and not has_hold:
            table.report(
                "start",
                "'start' is for holds, timed work and timed runs (a rep set starts with your "
                "first rep, a run by distance when the rest before it ends); remove it",
            )
        targets = _targets(per_set_reps, set_loads, warmup_sets or 0, sets)
        tests = self.find_weight(table, find_weight, has_reps and "load" in data)

        if len(self.found.problems) > before or name is None or sets is None or sides is None:
            return None
        return Exercise(
            name=name.strip(),
            sets=sets,
            reps=reps,
            hold=hold,
            sides=sides,
            rest_between_sets=rest_between_sets,
            rest_after=rest_after,
            equipment=equipment,
            cues=cues,
            benefit=benefit.strip(),
            harder=harder.strip(),
            easier=easier.strip(),
            notes=notes.strip(),
            load=load,
            # A circuit runs on by itself from station to station.
            auto_start=(hold or work or run) is not None
            and _default(start, auto or circuit is not None),
            work=work,
            run=run,
            distance=distance,
            pace=pace,
            lap=lap,
            circuit=circuit.label if circuit is not None else None,
            targets=targets,
            find_weight=tests,
        )

    def lap(
        self, table: Table, run: int | None, distance: float | None, pace: float | None
    ) -> int | None:
        """`lap = "2m"`: a beep and "Lap 2." every so long while a running leg runs. It
        must be shorter than the leg (a timed run, or a distance at its pace)."""
        lap = table.duration("lap", MIN_LAP, MAX_LAP)
        if lap is None:
            return None
        if "run" not in table.data and "distance" not in table.data:
            table.report(
                "lap",
                "'lap' is the lap time of a running leg; add run = \"10m\" or distance = "
                '"1.2km", or remove it',
            )
            return None
        leg = run
        if distance is not None and pace is not None:
            leg = round(distance / 1000 * pace)
        if leg is not None and lap >= leg:
            what = "the run is" if run is not None else "the leg takes"
            table.report(
                "lap",
                f"'lap' is {format_duration(lap)} but {what} {format_duration(leg)}"
                f"{'' if run is not None else ' at its pace'}; give a lap shorter than "
                "the leg (on a track, 400 m at 5:00/km is a 2 min lap), or remove it",
            )
            return None
        return lap

    def find_weight(self, table: Table, routine_default: bool, testable: bool) -> bool:
        """`find_weight = true`: a weight test, for sets of reps with a load. The
        routine's `find_weight` marks every such exercise; an exercise's own key
        overrides it, and must then have what a test needs."""
        own = table.flag("find_weight")
        if own and not testable:
            has_reps = "reps" in table.data
            table.report(
                "find_weight",
                "'find_weight' finds the weight for sets of reps; add load = [6, 8, 10] "
                "(start light, step up each set), or remove it"
                if has_reps
                else "'find_weight' finds the weight for sets of reps, not for holds, timed "
                "work or runs; remove it",
            )
        return testable and _default(own, routine_default)

    def circuit_of(self, table: Table) -> Circuit | None:
        """The circuit an exercise's `circuit = "A"` names (None: not in one)."""
        label = table.text("circuit", 20, one_line=True)
        if label is None:
            return None
        circuit = self.circuits.get(label.strip())
        if circuit is None and label.strip() not in self.declared:
            close = suggestion(label.strip(), list(self.circuits))
            hint = (
                f"did you mean {show(close)}?"
                if close is not None
                else f"add [circuit.{label.strip()}] with rounds = 3 (how often it is done)"
                if _LABEL.fullmatch(label.strip())
                else 'a circuit\'s label is a short name such as "A"'
            )
            table.report("circuit", f"there is no circuit {show(label)}; {hint}")
        return circuit

    def set_reps(self, table: Table, sets: int | None) -> list[tuple[int, bool]]:
        """`reps = 10`, `reps = "10+"` (at least 10, as many as you can) or a list with
        one of those per set; [(reps, at_least), ...], one per set ([] when absent or
        wrong)."""
        value = table.data.get("reps")
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        if not items:
            table.report("reps", "'reps' is an empty list; give a number, or one per set")
            return []
        if isinstance(value, list) and sets is not None and len(value) != sets:
            table.report(
                "reps",
                f"'reps' lists {len(value)} sets but the exercise has {sets}; give one entry "
                "per set, or a single number for all of them",
            )
            return []
        found: list[tuple[int, bool]] = []
        for number, item in enumerate(items, start=1):
            what = f"item {number} of 'reps'" if isinstance(value, list) else "'reps'"
            at_least = _AT_LEAST.fullmatch(item) if isinstance(item, str) else None
            count = int(at_least.group(1)) if at_least is not None else item
            if type(count) is not int or not 1 <= count <= MAX_REPS:
                shown = got(item) if type(count) is not int else show(item)
                plus = ', or "10+" for at least 10 (as many as you can)'
                table.report(
                    "reps",
                    f"{what} must be a whole number from 1 to {MAX_REPS}"
                    f"{plus if isinstance(item, str) else ''}, got {shown}",
                )
                return []
            found.append((count, at_least is not None))
        if not isinstance(value, list) and sets is not None:
            found *= sets
        return found

    def sides(self, table: Table) -> Sides | None:
        # Not a `choice`: true and false are among the answers, and 1 == True.
        value = table.data.get("per_side", False)
        if value is True:
            return Sides.EACH
        if value is False:
            return Sides.BOTH
        if isinstance(value, str) and value.strip().lower() == "alternating":
            return Sides.ALTERNATING
        table.report("per_side", f"'per_side' must be {one_of(_PER_SIDE)}, got {show(value)}")
        return None

    def load(self, table: Table, sets: int | None) -> tuple[Load | None, tuple[float, ...]]:
        """The weight (`load = 10`, or one per set: `load = [6, 8, 10]`): the load
        the load keys change (the last set's) and the per-set loads (() if the same)."""
        per_set: tuple[float, ...] = ()
        value = table.data.get("load")
        amount: float | None
        if isinstance(value, list) and not value:
            table.report("load", "'load' is an empty list; give a weight, or one per set")
            return None, ()
        if isinstance(value, list):
            amounts = [
                Table({"load": item}, self.found, table.where, prefix=table.prefix).number(
                    "load", 0.0, MAX_LOAD
                )
                for item in value
            ]
            if sets is not None and len(value) != sets:
                table.report(
                    "load",
                    f"'load' lists {len(value)} sets but the exercise has {sets}; give one "
                    "weight per set, or a single weight for all of them",
                )
                amounts = [None]
            amount = None if any(a is None for a in amounts) else amounts[-1]
            if amount is not None:
                per_set = tuple(a for a in amounts if a is not None)
        else:
            amount = table.number("load", 0.0, MAX_LOAD)
        unit = table.choice("unit", _UNITS, fold=True) or "kg"
        step = table.number("load_step", 0.0, MAX_LOAD_STEP, low_open=True)
        if "load" not in table.data:
            for key in ("unit", "load_step"):
                if key in table.data:
                    table.report(
                        key, f"'{key}' needs a 'load'; add load = 10 (the weight you carry)"
                    )
            return None, ()
        if amount is None:
            return None, ()
        load = Load(
            amount=amount, unit=unit, step=step if step is not None else DEFAULT_LOAD_STEP[unit]
        )
        return load, per_set


def _targets(
    reps: list[tuple[int, bool]], loads: tuple[float, ...], warmups: int, sets: int | None
) -> tuple[SetTarget, ...]:
    """One SetTarget per set where the sets differ; () when every set is the same."""
    differ = len(set(reps)) > 1 or any(at_least for _, at_least in reps) or loads or warmups
    if not differ or sets is None:
        return ()
    return tuple(
        SetTarget(
            reps=reps[n][0] if reps else None,
            load=loads[n] if loads else None,
            at_least=reps[n][1] if reps else False,
            warmup=n < warmups,
        )
        for n in range(sets)
    )


def _default(value: T | None, default: T) -> T:
    return default if value is None else value
