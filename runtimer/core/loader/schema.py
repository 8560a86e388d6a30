"""What a routine file may say: its keys, their types and ranges, checked with the
`validate` toolkit, every problem collected (not just the first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from runtimer.core.loader.source import RoutineError, read_routine_text
from runtimer.core.loader.syntax import parse_document
from runtimer.core.positions import Positions
from runtimer.core.routine import (
    DEFAULT_LOAD_STEP,
    DEFAULT_REP_PACE,
    DEFAULT_REST_BETWEEN_EXERCISES,
    DEFAULT_REST_BETWEEN_SETS,
    DEFAULT_SWITCH_SIDES,
    UNITS,
    Exercise,
    Load,
    Routine,
    Sides,
    Warmup,
)
from runtimer.core.validate import Collect, Table, one_of, show

MAX_EXERCISES = 50
MAX_SETS = 20
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
    "warmup",
    "exercise",
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
)

_UNITS = {unit: unit for unit in UNITS}
_PER_SIDE = (True, False, "alternating")
#: `start`: does a hold start by itself after its rest, or wait for a key?
_STARTS = {"auto": True, "key": False}

T = TypeVar("T")


def load_routine(path: Path) -> Routine:
    """Load and validate one routine file; raise RoutineError listing every problem."""
    return parse_routine(read_routine_text(path), path)


def parse_routine(text: str, path: Path) -> Routine:
    """Validate routine text; `path` is used for messages and kept as the source."""
    document = parse_document(text, path)
    found = Collect(path, Positions(text))
    routine = _Routine(found).routine(Table(document, found))
    if found.problems or routine is None:
        raise RoutineError(found.in_order())
    return routine


class _Routine:
    """Reads one routine document; every problem goes to `found`."""

    def __init__(self, found: Collect) -> None:
        self.found = found

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
        warmup = self.warmup(top)
        exercises = self.exercises(top, rest_sets, rest_exercises, "exercise" in suggested, auto)
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
            source=self.found.path,
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
            self.exercise(table, number, rest_sets, rest_exercises, auto)
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
    ) -> Exercise | None:
        raw_name = data.get("name")
        if isinstance(raw_name, str) and raw_name.strip():
            prefix = f'exercise {number} ("{raw_name.strip()[:MAX_NAME]}"): '
        else:
            prefix = f"exercise {number}: "
        table = Table(data, self.found, ("exercise", number - 1), prefix=prefix)
        before = len(self.found.problems)
        suggested = table.unknown_keys(EXERCISE_KEYS, "an exercise")

        name = table.text("name", MAX_NAME, one_line=True)
        if "name" not in data and "name" not in suggested:
            table.missing("name", 'add name = "..."')
        elif name is not None and not name.strip():
            table.report("name", "'name' is empty; give the exercise a name")

        if "sets" not in data and "sets" not in suggested:
            table.missing("sets", f"add sets = 2 (1 to {MAX_SETS})")
        sets = table.integer("sets", 1, MAX_SETS)

        has_reps, has_hold = "reps" in data, "hold" in data
        if has_reps and has_hold:
            table.report(
                "hold",
                "give either 'reps' or 'hold', not both: reps count repetitions, "
                "hold times a position such as a plank",
            )
        elif not has_reps and not has_hold and not suggested & {"reps", "hold"}:
            table.report(
                None,
                "give 'reps' (repetitions per set, e.g. reps = 10) or 'hold' "
                '(a timed hold, e.g. hold = "30s")',
            )
        reps = table.integer("reps", 1, MAX_REPS)
        hold = table.duration("hold", 1, MAX_HOLD)

        sides = self.sides(table)
        rest_between_sets = _default(table.duration("rest_between_sets", 0, MAX_REST), rest_sets)
        rest_after = _default(table.duration("rest_after", 0, MAX_REST), rest_exercises)
        equipment = table.text_list("equipment", 10, MAX_ITEM)
        cues = table.text_list("cues", 12, MAX_ITEM)
        benefit = table.text("benefit", MAX_SHORT_TEXT) or ""
        harder = table.text("harder", MAX_SHORT_TEXT) or ""
        easier = table.text("easier", MAX_SHORT_TEXT) or ""
        notes = table.text("notes", MAX_SHORT_TEXT) or ""
        load = self.load(table)
        start = table.choice("start", _STARTS, fold=True)
        if start is not None and not has_hold and has_reps:
            table.report(
                "start",
                "'start' is for holds (a rep set always starts with your first rep); "
                'remove it, or use hold = "30s" instead of reps',
            )

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
            auto_start=hold is not None and _default(start, auto),
        )

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

    def load(self, table: Table) -> Load | None:
        amount = table.number("load", 0.0, MAX_LOAD)
        unit = table.choice("unit", _UNITS, fold=True) or "kg"
        step = table.number("load_step", 0.0, MAX_LOAD_STEP, low_open=True)
        if "load" not in table.data:
            for key in ("unit", "load_step"):
                if key in table.data:
                    table.report(
                        key, f"'{key}' needs a 'load'; add load = 10 (the weight you carry)"
                    )
            return None
        if amount is None:
            return None
        return Load(
            amount=amount, unit=unit, step=step if step is not None else DEFAULT_LOAD_STEP[unit]
        )


def _default(value: T | None, default: T) -> T:
    return default if value is None else value
