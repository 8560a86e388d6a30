"""Read a hand-written program file into a `Program`, explaining every mistake.

The same rules as a routine (`core.loader`): every key is known (a typo gets a
did-you-mean), every value is range-checked with the `validate` toolkit, and every
problem in the file is reported at once as `path:line:col: message`. The routines a
program names are checked to exist when the caller passes the names it knows.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from runtimer.core.loader import MAX_LOAD_STEP, MAX_LONG_TEXT, MAX_NAME, MAX_SETS, MAX_SHORT_TEXT
from runtimer.core.loader.schema import MAX_REPS, MAX_REST
from runtimer.core.loader.syntax import toml_problem
from runtimer.core.positions import Positions
from runtimer.core.program.model import (
    WEEKDAYS,
    AppliesTo,
    Deload,
    Phase,
    Program,
    Progression,
    Rule,
)
from runtimer.core.safefile import FileReadError, read_regular
from runtimer.core.tomlfile import TomlTextError, decode_utf8, parse_toml
from runtimer.core.validate import (
    Collect,
    FileProblems,
    Problem,
    Table,
    got,
    item_label,
    show,
    suggestion,
)

MAX_FILE_BYTES = 256 * 1024
MIN_WEEKS, MAX_WEEKS = 1, 26
MAX_PHASES = 12
MAX_ROUTINES = 7
MAX_PHASE_NAME = 40
MAX_EVERY_WEEKS = 8
MAX_BODYWEIGHT_REPS = 10
MAX_HOLD_STEP = 60
MAX_HARD_SESSIONS = 10

PROGRAM_KEYS = (
    "name",
    "description",
    "weeks",
    "sessions_per_week",
    "routines",
    "days",
    "starting_routine",
    "phase",
    "progression",
    "deload",
)
PHASE_KEYS = ("name", "weeks", "sets", "reps", "rest", "load_step", "applies_to", "notes")
PROGRESSION_KEYS = ("rule", "every_weeks", "bodyweight_reps", "hold_step")
DELOAD_KEYS = ("weeks", "volume", "load", "after_hard_sessions", "after_missed_week")

_RANGE = re.compile(r"\s*([0-9]{1,3})\s*[-–]\s*([0-9]{1,3})\s*")
_RULES = {rule.value: rule for rule in Rule}
_APPLIES = {kind.value: kind for kind in AppliesTo}
_EXAMPLE = "runtimer new --program NAME writes a commented example"


class ProgramError(FileProblems):
    """A program file that cannot be used; carries every problem found in it."""


def load_program(path: Path, routines: Collection[str] | None = None) -> Program:
    """Load and validate one program file; `routines`: the routine file names that
    exist (None: not checked). Raises ProgramError listing every problem."""
    return parse_program(read_program_text(path), path, routines)


def read_program_text(path: Path) -> str:
    def fail(message: str, line: int = 1, column: int = 1) -> ProgramError:
        return ProgramError([Problem(path, line, column, message)])

    try:
        data, _file_id = read_regular(path, MAX_FILE_BYTES)
    except FileReadError as error:
        if error.missing:
            raise fail("no such file; 'runtimer programs' lists every program found") from None
        if error.size is not None:
            raise fail(
                f"the file is {error.size:,} bytes; a program file must be at most 256 KiB, "
                "so this is probably not a program"
            ) from None
        if error.reason.startswith("a folder"):
            raise fail(
                "this is a folder, not a program file; give the path of a .toml file"
            ) from None
        if error.detail == error.reason:
            raise fail("this is not a regular file; give the path of a .toml file") from None
        raise fail(f"cannot read the file: {error.detail}") from None
    try:
        return decode_utf8(data)
    except TomlTextError as error:
        raise fail(error.message, error.line, error.column) from None


def parse_program(text: str, path: Path, routines: Collection[str] | None = None) -> Program:
    """Validate program text; `path` is used for messages and kept as the source."""
    if not text.strip():
        raise ProgramError([Problem(path, 1, 1, f"the file is empty; {_EXAMPLE}")])
    try:
        document = parse_toml(text)
    except TomlTextError as error:
        raise ProgramError([toml_problem(error, text, path)]) from None
    if not document:
        raise ProgramError([Problem(path, 1, 1, f"the file has only comments; {_EXAMPLE}")])
    found = Collect(path, Positions(text))
    program = _Reader(found, routines).program(Table(document, found))
    if found.problems or program is None:
        raise ProgramError(found.in_order())
    return program


def week_range(value: object) -> tuple[int, int] | None:
    """`5` -> (5, 5), `"1-4"` -> (1, 4); None if it is neither."""
    if type(value) is int:
        return value, value
    if isinstance(value, str):
        match = _RANGE.fullmatch(value)
        if match is not None:
            return int(match.group(1)), int(match.group(2))
    return None


class _Reader:
    def __init__(self, found: Collect, routines: Collection[str] | None) -> None:
        self.found = found
        self.routines = {name.lower() for name in routines} if routines is not None else None

    def program(self, top: Table) -> Program | None:
        suggested = top.unknown_keys(PROGRAM_KEYS, "a program")
        name = top.text("name", MAX_NAME, one_line=True)
        if "name" not in top.data and "name" not in suggested:
            top.report(None, "the program has no 'name'; add name = \"...\" at the top")
        elif name is not None and not name.strip():
            top.report("name", "'name' is empty; give the program a name")
            name = None
        description = top.text("description", MAX_LONG_TEXT) or ""
        if "weeks" not in top.data and "weeks" not in suggested:
            top.missing(
                "weeks", f"add weeks = 10 (how long the block is, {MIN_WEEKS} to {MAX_WEEKS})"
            )
        weeks = top.integer("weeks", MIN_WEEKS, MAX_WEEKS)
        rotation = self.rotation(top, suggested)
        per_week = self.sessions_per_week(top, rotation)
        starting = top.text("starting_routine", MAX_NAME, one_line=True)
        if starting is not None:
            self.check_routine(top, "starting_routine", starting, "'starting_routine'")
        phases = self.phases(top, weeks)
        progression = self.progression(top)
        deload = self.deload(top, weeks)
        if progression is not None and progression.rule is not Rule.DOUBLE:
            for number, phase in enumerate(phases, start=1):
                if phase.reps_range is not None:
                    Table({}, self.found, ("phase", number - 1)).report(
                        "reps",
                        f'phase {number} ("{phase.name}"): a range of reps '
                        f'("{phase.reps_range[0]}-{phase.reps_range[1]}") is for double '
                        'progression; add rule = "double" under [progression], or give '
                        "one number",
                    )
        if (
            self.found.problems
            or name is None
            or weeks is None
            or rotation is None
            or per_week is None
            or progression is None
            or deload is None
        ):
            return None
        routines, days = rotation
        return Program(
            name=name.strip(),
            weeks=weeks,
            sessions_per_week=per_week,
            routines=routines,
            days=days,
            phases=tuple(phases),
            progression=progression,
            deload=deload,
            description=description.strip(),
            starting_routine=starting.strip() if starting is not None else None,
            source=self.found.path,
        )

    # -- which routine when -----------------------------------------------------------

    def check_routine(self, table: Table, key: str, name: str, what: str) -> None:
        """A routine named by file name must exist (when the known names were given)."""
        if self.routines is None:
            return
        stem = name.strip().lower().removesuffix(".toml")
        if stem in self.routines:
            return
        close = suggestion(stem, self.routines)
        hint = (
            f"did you mean {show(close)}?"
            if close is not None
            else "give a routine's file name without .toml ('runtimer list' shows them)"
        )
        table.report(key, f"{what} names {show(name)}, which is not a routine; {hint}")

    def rotation(
        self, top: Table, suggested: set[str]
    ) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...]] | None:
        has_routines, has_days = "routines" in top.data, "days" in top.data
        if has_routines and has_days:
            top.report(
                "days",
                "give either 'routines' (done in turn: A, B, A, B) or 'days' (a routine "
                "for each weekday), not both",
            )
            return None
        if not has_routines and not has_days:
            if not suggested & {"routines", "days"}:
                top.report(
                    None,
                    'the program names no routines; add routines = ["full-body"] (done in '
                    'turn) or a [days] table (monday = "full-body")',
                )
            return None
        if has_routines:
            items = top.items("routines", MAX_ROUTINES)
            if not items and "routines" in top.data and isinstance(top.data["routines"], list):
                top.report("routines", "'routines' is an empty list; name at least one routine")
                return None
            names: list[str] = []
            for number, item in enumerate(items, start=1):
                if not isinstance(item, str) or not item.strip():
                    top.report(
                        "routines",
                        f"item {number} of 'routines' must be a routine's file name in "
                        f"quotes, got {got(item)}",
                    )
                    continue
                self.check_routine(top, "routines", item, f"item {number} of 'routines'")
                names.append(item.strip().lower().removesuffix(".toml"))
            if len(names) != len(items) or not names:
                return None
            return tuple(names), ()
        table = top.table("days", how='write [days] on its own line, then monday = "full-body"')
        if table is None:
            return None
        table.unknown_keys(WEEKDAYS, "[days] (the keys are weekdays)")
        days: list[tuple[int, str]] = []
        for number, weekday in enumerate(WEEKDAYS):
            if weekday not in table.data:
                continue
            name = table.text(weekday, MAX_NAME, one_line=True)
            if name is None:
                continue
            self.check_routine(table, weekday, name, f"'{weekday}'")
            days.append((number, name.strip().lower().removesuffix(".toml")))
        if not days:
            if not table.data:  # otherwise its keys were reported already
                top.report("days", '[days] is empty; add monday = "full-body" and so on')
            return None
        return (), tuple(days)

    def sessions_per_week(
        self, top: Table, rotation: tuple[tuple[str, ...], tuple[tuple[int, str], ...]] | None
    ) -> tuple[int, int] | None:
        value = top.data.get("sessions_per_week")
        if value is None:
            if rotation is not None and rotation[1]:
                count = len(rotation[1])
                return count, count
            return 2, 3  # the guides' 2–3 a week
        wanted = (
            "'sessions_per_week' must be a whole number from 1 to 7 (3) or the least and "
            "most as a list ([2, 3])"
        )
        if type(value) is int and 1 <= value <= 7:
            return self.on_days(top, (value, value), rotation)
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(type(item) is int and 1 <= item <= 7 for item in value)
        ):
            low, high = value
            if low > high:
                top.report(
                    "sessions_per_week",
                    f"'sessions_per_week' goes from {low} down to {high}; write the least "
                    f"first: [{high}, {low}]",
                )
                return None
            return self.on_days(top, (low, high), rotation)
        shown = got(value) if not isinstance(value, list) else f"a list of {len(value)} items"
        if type(value) is int:
            shown = show(value)
        top.report("sessions_per_week", f"{wanted}, got {shown}")
        return None

    def on_days(
        self,
        top: Table,
        per_week: tuple[int, int],
        rotation: tuple[tuple[str, ...], tuple[tuple[int, str], ...]] | None,
    ) -> tuple[int, int] | None:
        """With `[days]` the week's sessions are its training days: the most a week
        must be their number (the least may be lower: `[2, 3]` over three days lets
        one of them go). Otherwise a day would never be trained (the week is full
        before it) or the target could never be met."""
        days = rotation[1] if rotation is not None else ()
        low, high = per_week
        if not days or high == len(days):
            return per_week
        count = len(days)
        names = ", ".join(WEEKDAYS[weekday] for weekday, _ in days)
        given = str(high) if low == high else f"[{low}, {high}]"
        fix = str(count) if low >= count else f"{count} (or [{low}, {count}] to let a day go)"
        top.report(
            "sessions_per_week",
            f"'sessions_per_week' is {given}, but [days] names {count} "
            f"day{'s' if count != 1 else ''} ({names}); write {fix}, or leave "
            "'sessions_per_week' out to take it from [days]",
        )
        return None

    # -- phases -----------------------------------------------------------------------

    def phases(self, top: Table, weeks: int | None) -> list[Phase]:
        value = top.data.get("phase")
        if value is None:
            return []
        if isinstance(value, dict):
            top.report("phase", "write each phase as [[phase]] (double brackets), not [phase]")
            return []
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            top.report("phase", "'phase' must be [[phase]] tables, one per phase")
            return []
        if len(value) > MAX_PHASES:
            top.report("phase", f"the program has {len(value)} phases; keep it to {MAX_PHASES}")
            return []
        phases: list[Phase] = []
        for number, data in enumerate(value, start=1):
            phase = self.phase(data, number, weeks)
            if phase is None:
                continue
            clash = next(
                (
                    other
                    for other in phases
                    if phase.first <= other.last and other.first <= phase.last
                ),
                None,
            )
            if clash is not None:
                Table(data, self.found, ("phase", number - 1)).report(
                    "weeks",
                    f'phase {number} ("{phase.name}", {phase.weeks_text}) overlaps phase '
                    f'"{clash.name}" ({clash.weeks_text}); each week belongs to one phase',
                )
                continue
            phases.append(phase)
        return phases

    def phase(self, data: dict[str, Any], number: int, weeks: int | None) -> Phase | None:
        label = item_label("phase", number, data, MAX_PHASE_NAME)
        table = Table(data, self.found, ("phase", number - 1), prefix=label)
        before = len(self.found.problems)
        suggested = table.unknown_keys(PHASE_KEYS, "a phase")
        name = table.text("name", MAX_PHASE_NAME, one_line=True)
        if "name" not in data and "name" not in suggested:
            table.missing("name", 'add name = "base"')
        elif name is not None and not name.strip():
            table.report("name", "'name' is empty; give the phase a name such as \"base\"")
        span = self.weeks_of(table, weeks, "weeks" in suggested)
        sets = table.integer("sets", 1, MAX_SETS)
        reps, reps_range = self.reps(table)
        rest = table.duration("rest", 0, MAX_REST)
        step = table.number("load_step", 0.0, MAX_LOAD_STEP, low_open=True)
        applies = table.choice("applies_to", _APPLIES, fold=True)
        notes = table.text("notes", MAX_SHORT_TEXT) or ""
        if len(self.found.problems) > before or name is None or span is None:
            return None
        return Phase(
            name=name.strip(),
            first=span[0],
            last=span[1],
            sets=sets,
            reps=reps,
            reps_range=reps_range,
            rest=rest,
            load_step=step,
            applies_to=applies or AppliesTo.ALL,
            notes=notes.strip(),
        )

    def weeks_of(self, table: Table, weeks: int | None, misspelt: bool) -> tuple[int, int] | None:
        value = table.data.get("weeks")
        if value is None:
            if not misspelt:
                table.missing("weeks", 'add weeks = "1-4" (or one week: weeks = 5)')
            return None
        span = week_range(value)
        if span is None:
            table.report(
                "weeks",
                f"'weeks' must be a week (5) or a range of weeks in quotes (\"1-4\"), "
                f"got {got(value)}",
            )
            return None
        first, last = span
        limit = weeks if weeks is not None else MAX_WEEKS
        if first > last:
            table.report(
                "weeks", f"'weeks' goes from {first} down to {last}; write \"{last}-{first}\""
            )
            return None
        if first < 1 or last > limit:
            table.report(
                "weeks",
                f"'weeks' is {show(value)}, but the program's weeks are 1 to {limit}",
            )
            return None
        return span

    def reps(self, table: Table) -> tuple[int | None, tuple[int, int] | None]:
        value = table.data.get("reps")
        if value is None:
            return None, None
        if type(value) is int and 1 <= value <= MAX_REPS:
            return value, None
        span = week_range(value) if isinstance(value, str) else None
        if span is not None:
            low, high = span
            if 1 <= low < high <= MAX_REPS:
                return None, span
            table.report(
                "reps",
                f"'reps' {show(value)} must go up, from 1 to {MAX_REPS}: the fewest reps "
                'first, as in "8-12"',
            )
            return None, None
        table.report(
            "reps",
            f"'reps' must be a whole number from 1 to {MAX_REPS} or a range in quotes "
            f'("8-12"), got {got(value) if type(value) is not int else show(value)}',
        )
        return None, None

    # -- progression and deloads ----------------------------------------------------------

    def progression(self, top: Table) -> Progression | None:
        table = top.table(
            "progression",
            prefix="progression: ",
            how='write [progression] on its own line, then rule = "every_weeks"',
        )
        if table is None:
            return None if "progression" in top.data else Progression()
        before = len(self.found.problems)
        table.unknown_keys(PROGRESSION_KEYS, "[progression]")
        rule = table.choice("rule", _RULES, fold=True)
        every = table.integer("every_weeks", 1, MAX_EVERY_WEEKS)
        reps = table.integer("bodyweight_reps", 0, MAX_BODYWEIGHT_REPS)
        hold = table.duration("hold_step", 0, MAX_HOLD_STEP)
        if len(self.found.problems) > before:
            return None
        default = Progression()
        return Progression(
            rule=rule or default.rule,
            every_weeks=every or default.every_weeks,
            bodyweight_reps=reps if reps is not None else default.bodyweight_reps,
            hold_step=hold if hold is not None else default.hold_step,
        )

    def deload(self, top: Table, weeks: int | None) -> Deload | None:
        table = top.table(
            "deload",
            prefix="deload: ",
            how="write [deload] on its own line, then weeks = [8]",
        )
        if table is None:
            return None if "deload" in top.data else Deload()
        before = len(self.found.problems)
        table.unknown_keys(DELOAD_KEYS, "[deload]")
        listed: list[int] = []
        limit = weeks if weeks is not None else MAX_WEEKS
        for item in table.items("weeks", MAX_WEEKS):
            if type(item) is not int or not 1 <= item <= limit:
                table.report(
                    "weeks",
                    f"'weeks' lists the deload weeks, each from 1 to {limit}, got "
                    f"{got(item) if type(item) is not int else show(item)}",
                )
                continue
            listed.append(item)
        volume = table.number("volume", 0.1, 1.0)
        load = table.number("load", 0.5, 1.0)
        hard = table.integer("after_hard_sessions", 0, MAX_HARD_SESSIONS)
        missed = table.flag("after_missed_week")
        if len(self.found.problems) > before:
            return None
        default = Deload()
        return Deload(
            weeks=tuple(sorted(set(listed))),
            volume=volume if volume is not None else default.volume,
            load=load if load is not None else default.load,
            after_hard_sessions=hard if hard is not None else default.after_hard_sessions,
            after_missed_week=missed if missed is not None else default.after_missed_week,
        )
