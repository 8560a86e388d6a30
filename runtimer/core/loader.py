"""Read a hand-written routine file into a `Routine`, explaining every mistake.

The loader is strict on purpose: an unknown key is far more often a typo than an
intention, and a workout that silently ignores `rep = 12` is worse than an error.
All problems in a file are reported at once, each as `path:line:col: message`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from runtimer.core.durations import DurationError, parse_duration, type_name
from runtimer.core.positions import Positions, split_toml_error, unclosed_list, unclosed_string
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
    format_amount,
    format_duration,
)
from runtimer.core.safefile import FileReadError, read_regular
from runtimer.core.tomlfile import TomlTextError, decode_utf8, parse_toml

MAX_FILE_BYTES = 1024 * 1024

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
)

_DECLARED_TWICE = re.compile(r"Cannot declare \((.*)\) twice")
# Hints for the tomllib messages people meet most, by how the message starts.
_SYNTAX_HINTS = (
    ("Cannot overwrite a value", "a key is given twice in the same table; keep only one"),
    (
        "Illegal character '\\n'",
        'a quoted text is not closed on this line (use """ for text over several lines)',
    ),
    (  # what tomllib says of a '...' text left open when a ' follows later on
        "Found invalid character '\\n'",
        'a quoted text is not closed on this line (use """ for text over several lines)',
    ),
    ("Unterminated string", "a quoted text is never closed"),
    ('Expected "\'"', "a quoted text is never closed"),
    # A list that is never closed is reported where it opens (see _left_open), so what
    # is left is most often a missing comma.
    ("Unclosed array", "the items of a list need commas between them, and ] after the last"),
    (
        "Invalid value",
        'a value is a number, true, false, "text in quotes" or a [list]; '
        'text needs its quotes: name = "Squats"',
    ),
)

# What tomllib says when the text ends inside a string, by the quotes that open it.
_UNTERMINATED = {
    "Unterminated string": ('"', '"""'),
    'Expected "\'"': ("'",),
    "Expected \"'''\"": ("'''",),
}

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One mistake in a routine file, located as precisely as we can."""

    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class RoutineError(Exception):
    """A routine file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        assert problems, "a RoutineError needs at least one problem"
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]


def load_routine(path: Path) -> Routine:
    """Load and validate one routine file; raise RoutineError listing every problem."""
    return parse_routine(read_routine_text(path), path)


def read_routine_text(path: Path) -> str:
    """The file's text, or a RoutineError for files that are not routine text at all."""

    def fail(message: str, line: int = 1, column: int = 1) -> RoutineError:
        return RoutineError([Problem(path, line, column, message)])

    try:
        data, _file_id = read_regular(path, MAX_FILE_BYTES)
    except FileReadError as error:
        if error.missing:
            raise fail(
                "no such file; check the path (runtimer list shows every routine found)"
            ) from None
        if error.size is not None:
            raise fail(
                f"the file is {error.size:,} bytes; a routine file must be at most 1 MiB "
                f"({MAX_FILE_BYTES:,} bytes), so this is probably not a routine"
            ) from None
        if error.reason.startswith("a folder"):
            raise fail(
                "this is a folder, not a routine file; give the path of a .toml file"
            ) from None
        if error.detail == error.reason:  # a FIFO, device or socket: it would block
            raise fail("this is not a regular file; give the path of a .toml file") from None
        raise fail(f"cannot read the file: {error.detail}") from None
    try:
        return decode_utf8(data)
    except TomlTextError as error:
        raise fail(error.message, error.line, error.column) from None


def parse_routine(text: str, path: Path) -> Routine:
    """Validate routine text; `path` is used for messages and kept as the source."""
    if not text.strip():
        raise RoutineError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "the file is empty; a routine needs a name and at least one "
                    "[[exercise]] (runtimer new NAME writes a commented example)",
                )
            ]
        )
    try:
        document = parse_toml(text)
    except TomlTextError as error:
        if error.syntax is not None:
            raise RoutineError([_syntax_problem(error.syntax, text, path)]) from None
        raise RoutineError([Problem(path, error.line, error.column, error.message)]) from None
    if not document:
        raise RoutineError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "the file has only comments; a routine needs a name and at least one "
                    "[[exercise]] (runtimer new NAME writes a commented example)",
                )
            ]
        )
    checker = _Checker(path, Positions(text))
    routine = checker.routine(document)
    if checker.problems or routine is None:
        raise RoutineError(sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return routine


def _syntax_problem(error: tomllib.TOMLDecodeError, text: str, path: Path) -> Problem:
    message, at_line, at_column, at_end = split_toml_error(str(error))
    left_open = _left_open(message, text, at_line, at_end)
    if left_open is not None:
        line, column, explanation = left_open
        return Problem(path, line, column, f"not valid TOML: {explanation}")
    # Split on "\n" only, as TOML does: str.splitlines() also breaks at characters
    # such as U+2028 that may stand inside a string, which would shift line numbers.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    line, column = at_line or 1, at_column or 1
    if at_end:
        line, column = len(lines), len(lines[-1]) + 1
    hint = next(
        (hint for start, hint in _SYNTAX_HINTS if message.startswith(start)),
        "check the quotes, brackets and '=' here",
    )
    declared = _DECLARED_TWICE.match(message)
    if declared:  # tomllib names the table as a Python tuple: ('exercise',)
        table = ".".join(re.findall(r"'((?:[^'\\]|\\.)*)'", declared.group(1)))
        message = f"[{table}] appears twice"
        hint = (
            "write each exercise as [[exercise]] (double brackets)"
            if table == "exercise"
            else f"keep one [{table}] and put all its keys under it"
        )
    if message.startswith("Cannot overwrite a value") and 0 < line <= len(lines):
        # tomllib points after the value; the duplicated key starts the line.
        here = lines[line - 1]
        column = len(here) - len(here.lstrip()) + 1
    return Problem(path, line, column, f"not valid TOML: {message}; {hint}")


def _left_open(
    message: str, text: str, at_line: int | None, at_end: bool
) -> tuple[int, int, str] | None:
    """A list or a quoted text that is never closed, as (line, column, explanation) of
    where it opens: tomllib only notices it where it gives up, lines later or at the
    end of the file. None when that is not the mistake, or it cannot be found."""
    if message in ("Unclosed array", "Invalid value") and (at_end or at_line is not None):
        # "Invalid value" too: after `cues = ["a",` tomllib reads the next key as a value.
        opened = unclosed_list(text, None if at_end else at_line)
        if opened is not None:
            line, column = opened
            return line, column, "the list opened here is never closed; add ] after its last item"
    if at_end and message in _UNTERMINATED:
        found = unclosed_string(text)
        if found is not None and found[2] in _UNTERMINATED[message]:
            line, column, quotes = found
            where = "" if len(quotes) == 3 else " on the same line"
            return (
                line,
                column,
                f"the text in quotes that starts here with {quotes} is never closed; "
                f"end it with {quotes}{where}",
            )
    return None


class _Checker:
    """Walks a parsed document, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path, positions: Positions) -> None:
        self.path = path
        self.positions = positions
        self.problems: list[Problem] = []

    # -- reporting -------------------------------------------------------------------

    def report(self, where: tuple[str | int, ...], message: str) -> None:
        line, column = self.positions.find(where)
        self.problems.append(Problem(self.path, line, column, message))

    def unknown_keys(
        self,
        table: dict[str, Any],
        allowed: tuple[str, ...],
        where: tuple[str | int, ...],
        what: str,
        prefix: str,
    ) -> set[str]:
        """Report keys that are not in `allowed`; return the keys suggested instead, so
        that a typo such as `rep = 10` is not also reported as a missing 'reps'."""
        suggested: set[str] = set()
        for key in table:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "the keys are: " + ", ".join(allowed)
            suggested.update(close)
            self.report((*where, key), f"{prefix}'{key}' is not a key of {what}; {hint}")
        return suggested

    # -- typed getters (None when absent or wrong; wrong values are reported) -----------

    def text(
        self,
        table: dict[str, Any],
        key: str,
        where: tuple[str | int, ...],
        prefix: str,
        limit: int,
        one_line: bool = False,
    ) -> str | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str):
            self.report((*where, key), f"{prefix}'{key}' must be text in quotes, got {_got(value)}")
            return None
        if len(value) > limit:
            self.report(
                (*where, key),
                f"{prefix}'{key}' is {len(value)} characters long; keep it to {limit}",
            )
            return None
        if one_line and ("\n" in value or "\r" in value):
            self.report((*where, key), f"{prefix}'{key}' must fit on one line")
            return None
        return value

    def text_list(
        self,
        table: dict[str, Any],
        key: str,
        where: tuple[str | int, ...],
        prefix: str,
        max_items: int,
    ) -> tuple[str, ...]:
        if key not in table:
            return ()
        value = table[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report(
                (*where, key),
                f'{prefix}\'{key}\' must be a list of texts like ["…", "…"], got {_got(value)}',
            )
            return ()
        if len(value) > max_items:
            self.report(
                (*where, key),
                f"{prefix}'{key}' has {len(value)} items; keep it to {max_items}",
            )
            return ()
        items: list[str] = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, str):
                self.report(
                    (*where, key),
                    f"{prefix}item {number} of '{key}' must be text in quotes, got {_got(item)}",
                )
            elif not item.strip():
                self.report((*where, key), f"{prefix}item {number} of '{key}' is empty")
            elif len(item) > MAX_ITEM:
                self.report(
                    (*where, key),
                    f"{prefix}item {number} of '{key}' is {len(item)} characters long; "
                    f"keep it to {MAX_ITEM}",
                )
            else:
                items.append(item)
        return tuple(items)

    def integer(
        self,
        table: dict[str, Any],
        key: str,
        where: tuple[str | int, ...],
        prefix: str,
        low: int,
        high: int,
    ) -> int | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(
                (*where, key),
                f"{prefix}'{key}' must be a whole number from {low} to {high}, "
                f"got {_got(value)}{_unquote_hint(key, value)}",
            )
            return None
        if not low <= value <= high:
            self.report(
                (*where, key),
                f"{prefix}'{key}' must be a whole number from {low} to {high}, got {value}",
            )
            return None
        return value

    def number(
        self,
        table: dict[str, Any],
        key: str,
        where: tuple[str | int, ...],
        prefix: str,
        low: float,
        high: float,
        low_open: bool = False,
    ) -> float | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(
                (*where, key),
                f"{prefix}'{key}' must be a number, got {_got(value)}{_unquote_hint(key, value)}",
            )
            return None
        too_low = value <= low if low_open else value < low
        if too_low or value > high or value != value:
            low_text, high_text = format_amount(low), format_amount(high)
            allowed = (
                f"more than {low_text} and at most {high_text}"
                if low_open
                else f"from {low_text} to {high_text}"
            )
            self.report((*where, key), f"{prefix}'{key}' must be {allowed}, got {_show(value)}")
            return None
        return float(value)

    def duration(
        self,
        table: dict[str, Any],
        key: str,
        where: tuple[str | int, ...],
        prefix: str,
        low: int,
        high: int,
    ) -> int | None:
        if key not in table:
            return None
        try:
            seconds = parse_duration(table[key])
        except DurationError as error:
            self.report((*where, key), f"{prefix}'{key}': {error}")
            return None
        if not low <= seconds <= high:
            length = format_duration(seconds) if seconds < 1_000_000 else "far too long"
            self.report(
                (*where, key),
                f"{prefix}'{key}' is {length}; it must be from "
                f"{format_duration(low)} to {format_duration(high)}",
            )
            return None
        return seconds

    # -- the document --------------------------------------------------------------

    def routine(self, doc: dict[str, Any]) -> Routine | None:
        suggested = self.unknown_keys(doc, ROUTINE_KEYS, (), "a routine", "")
        name = self.text(doc, "name", (), "", MAX_NAME, one_line=True)
        if "name" in suggested:
            pass  # already reported as a misspelt key
        elif "name" not in doc:
            self.report((), "the routine has no 'name'; add name = \"...\" at the top of the file")
        elif name is not None and not name.strip():
            self.report(("name",), "'name' is empty; give the routine a name")
            name = None
        description = self.text(doc, "description", (), "", MAX_LONG_TEXT) or ""
        notes = self.text(doc, "notes", (), "", MAX_LONG_TEXT) or ""
        rest_sets = _default(
            self.duration(doc, "rest_between_sets", (), "", 0, MAX_REST), DEFAULT_REST_BETWEEN_SETS
        )
        rest_exercises = _default(
            self.duration(doc, "rest_between_exercises", (), "", 0, MAX_REST),
            DEFAULT_REST_BETWEEN_EXERCISES,
        )
        switch = _default(
            self.duration(doc, "switch_sides", (), "", 0, MAX_SWITCH), DEFAULT_SWITCH_SIDES
        )
        pace = _default(self.duration(doc, "rep_pace", (), "", 1, 30), DEFAULT_REP_PACE)
        warmup = self.warmup(doc)
        exercises = self.exercises(doc, rest_sets, rest_exercises, "exercise" in suggested)
        if name is None or exercises is None or self.problems:
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
            source=self.path,
        )

    def warmup(self, doc: dict[str, Any]) -> Warmup | None:
        if "warmup" not in doc:
            return None
        table = doc["warmup"]
        where: tuple[str | int, ...] = ("warmup",)
        if not isinstance(table, dict):
            self.report(
                where,
                f"'warmup' must be a table: write [warmup] on its own line, then "
                f'duration = "5m"; got {type_name(table)}',
            )
            return None
        prefix = "warm-up: "
        suggested = self.unknown_keys(table, WARMUP_KEYS, where, "the warm-up", prefix)
        if "duration" not in table and "duration" not in suggested:
            self.report(
                where, f"{prefix}'duration' is missing; add duration = \"5m\" under [warmup]"
            )
        duration = self.duration(table, "duration", where, prefix, 10, MAX_WARMUP)
        steps = self.text_list(table, "steps", where, prefix, 30)
        if duration is None:
            return None
        return Warmup(duration=duration, steps=steps)

    def exercises(
        self, doc: dict[str, Any], rest_sets: int, rest_exercises: int, misspelt: bool = False
    ) -> tuple[Exercise, ...] | None:
        if "exercise" not in doc:
            if misspelt:  # e.g. [[exercises]]: the unknown key message says it all
                return None
            self.report(
                (),
                "the routine has no exercises; add at least one [[exercise]] table with a "
                "name, sets and reps or hold",
            )
            return None
        tables = doc["exercise"]
        if isinstance(tables, dict):
            self.report(
                ("exercise",),
                "write each exercise as [[exercise]] (double brackets), not [exercise]",
            )
            return None
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            self.report(
                ("exercise",),
                "'exercise' must be [[exercise]] tables, one per exercise: write [[exercise]] "
                "on its own line above each exercise's keys",
            )
            return None
        if not tables:
            self.report(("exercise",), "the exercise list is empty; add at least one [[exercise]]")
            return None
        if len(tables) > MAX_EXERCISES:
            self.report(
                ("exercise",),
                f"the routine has {len(tables)} exercises; keep it to {MAX_EXERCISES}",
            )
            return None
        results = [
            self.exercise(table, number, rest_sets, rest_exercises)
            for number, table in enumerate(tables, start=1)
        ]
        if any(result is None for result in results):
            return None
        return tuple(result for result in results if result is not None)

    def exercise(
        self, table: dict[str, Any], number: int, rest_sets: int, rest_exercises: int
    ) -> Exercise | None:
        where: tuple[str | int, ...] = ("exercise", number - 1)
        raw_name = table.get("name")
        if isinstance(raw_name, str) and raw_name.strip():
            prefix = f'exercise {number} ("{raw_name.strip()[:MAX_NAME]}"): '
        else:
            prefix = f"exercise {number}: "
        before = len(self.problems)
        suggested = self.unknown_keys(table, EXERCISE_KEYS, where, "an exercise", prefix)

        name = self.text(table, "name", where, prefix, MAX_NAME, one_line=True)
        if "name" not in table and "name" not in suggested:
            self.report(where, f"{prefix}'name' is missing; add name = \"...\"")
        elif name is not None and not name.strip():
            self.report((*where, "name"), f"{prefix}'name' is empty; give the exercise a name")

        if "sets" not in table and "sets" not in suggested:
            self.report(where, f"{prefix}'sets' is missing; add sets = 2 (1 to {MAX_SETS})")
        sets = self.integer(table, "sets", where, prefix, 1, MAX_SETS)

        has_reps, has_hold = "reps" in table, "hold" in table
        if has_reps and has_hold:
            self.report(
                (*where, "hold"),
                f"{prefix}give either 'reps' or 'hold', not both: reps count repetitions, "
                "hold times a position such as a plank",
            )
        elif not has_reps and not has_hold and not suggested & {"reps", "hold"}:
            self.report(
                where,
                f"{prefix}give 'reps' (repetitions per set, e.g. reps = 10) or 'hold' "
                '(a timed hold, e.g. hold = "30s")',
            )
        reps = self.integer(table, "reps", where, prefix, 1, MAX_REPS)
        hold = self.duration(table, "hold", where, prefix, 1, MAX_HOLD)

        sides = self.sides(table, where, prefix)
        rest_between_sets = _default(
            self.duration(table, "rest_between_sets", where, prefix, 0, MAX_REST), rest_sets
        )
        rest_after = _default(
            self.duration(table, "rest_after", where, prefix, 0, MAX_REST), rest_exercises
        )
        equipment = self.text_list(table, "equipment", where, prefix, 10)
        cues = self.text_list(table, "cues", where, prefix, 12)
        benefit = self.text(table, "benefit", where, prefix, MAX_SHORT_TEXT) or ""
        harder = self.text(table, "harder", where, prefix, MAX_SHORT_TEXT) or ""
        easier = self.text(table, "easier", where, prefix, MAX_SHORT_TEXT) or ""
        notes = self.text(table, "notes", where, prefix, MAX_SHORT_TEXT) or ""
        load = self.load(table, where, prefix)

        if len(self.problems) > before or name is None or sets is None or sides is None:
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
        )

    def sides(
        self, table: dict[str, Any], where: tuple[str | int, ...], prefix: str
    ) -> Sides | None:
        value = table.get("per_side", False)
        if value is True:
            return Sides.EACH
        if value is False:
            return Sides.BOTH
        if isinstance(value, str) and value.strip().lower() == "alternating":
            return Sides.ALTERNATING
        self.report(
            (*where, "per_side"),
            f"{prefix}'per_side' must be true, false or \"alternating\", got {_show(value)}",
        )
        return None

    def load(self, table: dict[str, Any], where: tuple[str | int, ...], prefix: str) -> Load | None:
        amount = self.number(table, "load", where, prefix, 0.0, MAX_LOAD)
        unit = "kg"
        if "unit" in table:
            raw = table["unit"]
            if isinstance(raw, str) and raw.strip().lower() in UNITS:
                unit = raw.strip().lower()
            else:
                self.report(
                    (*where, "unit"), f'{prefix}\'unit\' must be "kg" or "lb", got {_show(raw)}'
                )
        step = self.number(table, "load_step", where, prefix, 0.0, MAX_LOAD_STEP, low_open=True)
        if "load" not in table:
            for key in ("unit", "load_step"):
                if key in table:
                    self.report(
                        (*where, key),
                        f"{prefix}'{key}' needs a 'load'; add load = 10 (the weight you carry)",
                    )
            return None
        if amount is None:
            return None
        return Load(
            amount=amount, unit=unit, step=step if step is not None else DEFAULT_LOAD_STEP[unit]
        )


def _default(value: T | None, default: T) -> T:
    return default if value is None else value


def _show(value: object) -> str:
    """A value as it would be written in TOML, cut short if long."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f'"{shown}"'
    if isinstance(value, float):
        return repr(value)  # 2.0 stays 2.0: the fraction is the point of the message
    if isinstance(value, int):
        shown = str(value)
        return shown if len(shown) <= 30 else shown[:27] + "..."
    return type_name(value)


def _got(value: object) -> str:
    """`a string ("2")`, `an integer (3)`, `a table`: what a wrongly typed value is."""
    if isinstance(value, str | int | float):
        return f"{type_name(value)} ({_show(value)})"
    return type_name(value)


def _unquote_hint(key: str, value: object) -> str:
    """`sets = "2"` is a number in quotes, `sets = 2.0` a whole one: say how to write it."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]+(\.[0-9]+)?", value.strip()):
        return f"; remove the quotes: {key} = {value.strip()}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e6:
        return f"; write {key} = {int(value)}"
    return ""
