"""One way to check the values of a hand-editable TOML file and to word its problems.

Routines (`loader`), workout logs (`records.codec`) and the config (`config`) are all
read through this toolkit, so a problem in any of them reads the same: located as
`path:line:col: message`, the wrong value described the same way (`show`, `got`), a
range worded the same way, and a misspelt key or choice answered with one
did-you-mean (`suggestion`).

A `Table` gives typed, range-checked access to one table of a parsed document, found
at a key path (`("exercise", 0)`); each getter returns the value, or None when it is
absent or wrong. What happens to a wrong value is the policy's business:

- `Collect` keeps every problem, located with `Positions` as it is found (routines and
  the config: the user fixes them all in one go);
- `StopAtFirst` raises at the first one with its key path only, and the caller locates
  it if it needs to (logs: they are read by the thousand, and the first problem is
  enough to list a log as unreadable).

Every getter tries the common case first (a value of the exact type, in range) and
works out a message only for a wrong value, so a table that is right costs a dict
lookup and a comparison or two per key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NoReturn, Protocol, TypeVar

from runtimer.core.durations import (
    DurationError,
    parse_distance,
    parse_duration,
    parse_pace,
    type_name,
)
from runtimer.core.positions import Positions
from runtimer.core.routine import format_distance, format_duration, format_pace

T = TypeVar("T")

#: Where a value is in a document: `("exercise", 0, "reps")`; `()` is the top level.
KeyPath = tuple[str | int, ...]

#: Values longer than this are cut short in messages.
SHOWN_LENGTH = 30
#: How alike a word must be to a known one to be suggested instead (difflib's ratio).
SUGGEST_CUTOFF = 0.6


@dataclass(frozen=True)
class Problem:
    """One mistake in a file, located as precisely as we can (1-based)."""

    path: Path
    line: int
    column: int
    message: str

    @property
    def place(self) -> str:
        """`path:line:col`, the start of the message."""
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


def item_label(kind: str, number: int, data: dict[str, object], limit: int) -> str:
    """How messages name the `number`th table of a list: `exercise 2 ("Plank"): `, or
    `exercise 2: ` while it has no usable name (its first `limit` characters shown)."""
    name = data.get("name")
    if isinstance(name, str) and name.strip():
        return f'{kind} {number} ("{name.strip()[:limit]}"): '
    return f"{kind} {number}: "


class FileProblems(Exception):
    """A file that cannot be used (a routine, a program); carries every problem found
    in it, in the order they were found."""

    def __init__(self, problems: list[Problem]) -> None:
        assert problems, f"a {type(self).__name__} needs at least one problem"
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]


# -- describing values ----------------------------------------------------------------


def show(value: object) -> str:
    """A value as it would be written in TOML, cut short if long: `"2"`, `true`, `2.0`,
    `1e+308`, `2026-11-21T18:30:00+01:00`; lists and tables by their kind."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= SHOWN_LENGTH else value[: SHOWN_LENGTH - 3] + "..."
        return f'"{shown}"'
    if isinstance(value, float):
        return repr(value)  # 2.0 stays 2.0: the fraction is often the point of the message
    if isinstance(value, int):
        shown = str(value)
        return shown if len(shown) <= SHOWN_LENGTH else shown[: SHOWN_LENGTH - 3] + "..."
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return type_name(value)


def got(value: object) -> str:
    """What a wrongly typed value is: `a string ("2")`, `an integer (3)`, `a table`."""
    if isinstance(value, str | int | float | datetime | date | time):
        return f"{type_name(value)} ({show(value)})"
    return type_name(value)


def one_of(options: Sequence[object]) -> str:
    """`"kg" or "lb"`, `true, false or "alternating"`: the values a key may take."""
    shown = [show(option) for option in options]
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} or {shown[-1]}"


def suggestion(word: str, known: Collection[str]) -> str | None:
    """The known word a misspelt one most likely means (case aside), or None."""
    close = difflib.get_close_matches(word.lower(), list(known), n=1, cutoff=SUGGEST_CUTOFF)
    return close[0] if close else None


def range_text(low: float, high: float, *, low_open: bool = False) -> str:
    """`from 0 to 1000`, `more than 0 and at most 100`."""
    if low_open:
        return f"more than {low:g} and at most {high:g}"
    return f"from {low:g} to {high:g}"


def _unquote_hint(key: str, value: object) -> str:
    """`sets = "2"` is a number in quotes, `sets = 2.0` a whole one: say how to write it."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]+(\.[0-9]+)?", value.strip()):
        return f"; remove the quotes: {key} = {value.strip()}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e6:
        return f"; write {key} = {int(value)}"
    return ""


# -- policies --------------------------------------------------------------------------


class Policy(Protocol):
    """What happens to a problem found at a key path."""

    def report(self, where: KeyPath, message: str) -> None: ...


class Invalid(Exception):
    """The first problem `StopAtFirst` found: its message and key path, not yet located."""

    def __init__(self, message: str, where: KeyPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


class Collect:
    """Keep every problem, each located in the file's text as it is found."""

    def __init__(self, path: Path, positions: Positions) -> None:
        self.path = path
        self.positions = positions
        self.problems: list[Problem] = []

    def report(self, where: KeyPath, message: str) -> None:
        line, column = self.positions.find(where)
        self.problems.append(Problem(self.path, line, column, message))

    def place(self, where: KeyPath) -> str:
        """`path:line:col` of a key, for a message made later (a WAV file that fails)."""
        line, column = self.positions.find(where)
        return Problem(self.path, line, column, "").place

    def in_order(self) -> list[Problem]:
        """The problems from the top of the file down."""
        return sorted(self.problems, key=lambda problem: (problem.line, problem.column))


class StopAtFirst:
    """Raise at the first problem: `error(message, where)`, an `Invalid` by default."""

    def __init__(self, error: Callable[[str, KeyPath], Exception] = Invalid) -> None:
        self.error = error

    def report(self, where: KeyPath, message: str) -> NoReturn:
        raise self.error(message, where)


def locate(error: Invalid, path: Path, text: str) -> Problem:
    """The problem `StopAtFirst` raised, with its line and column in `text`."""
    line, column = Positions(text).find(error.where)
    return Problem(path, line, column, error.message)


# -- tables ----------------------------------------------------------------------------


def as_table(
    data: object,
    policy: Policy,
    where: KeyPath = (),
    *,
    prefix: str = "",
    label: str = "",
    instead: str = "",
) -> Table | None:
    """`data` as a Table, or None (reported: `{label} must be a table, got a list`:
    where a table is wanted, the message names the kind of value found, not the value)."""
    if type(data) is dict:
        return Table(data, policy, where, prefix=prefix, instead=instead)
    message = f"{label or 'this'} must be a table, got {type_name(data)}"
    policy.report(where, _then(message, instead))
    return None


def _then(message: str, instead: str) -> str:
    """`message. What happens instead.` (a message may end in a question already)."""
    if not instead:
        return message
    return f"{message} {instead}" if message.endswith(("?", ".")) else f"{message}. {instead}"


class Table:
    """Typed, range-checked access to one table of a document.

    `where` is its key path, `prefix` starts each of its messages (`exercise 2
    ("Plank"): `), and `instead` ends them with what happens instead (`Using full
    volume.`; see `then`). Getters return None for a key that is absent (TOML has no
    null; a None from JSON counts as absent too) or wrong, reporting the wrong ones.
    """

    __slots__ = ("data", "instead", "policy", "prefix", "where")

    def __init__(
        self,
        data: Mapping[str, Any],
        policy: Policy,
        where: KeyPath = (),
        *,
        prefix: str = "",
        instead: str = "",
    ) -> None:
        self.data = data
        self.policy = policy
        self.where = where
        self.prefix = prefix
        self.instead = instead

    def then(self, instead: str) -> Table:
        """The same table, its messages ending with `instead` (`Using the default.`)."""
        return Table(self.data, self.policy, self.where, prefix=self.prefix, instead=instead)

    # -- reporting -----------------------------------------------------------------

    def report(self, key: str | None, message: str) -> None:
        """A problem with `key` (None: with the table itself); `message` follows the
        table's prefix."""
        where = self.where if key is None else (*self.where, key)
        self.policy.report(where, _then(f"{self.prefix}{message}", self.instead))

    def missing(self, key: str, how: str = "") -> None:
        """`'sets' is missing; add sets = 2`, reported at the table."""
        self.report(None, f"'{key}' is missing; {how}" if how else f"'{key}' is missing")

    def unknown_keys(self, allowed: Sequence[str], what: str) -> set[str]:
        """Report keys that are not in `allowed` (`what` names the table: `an
        exercise`); return the keys suggested instead, so that a typo such as
        `rep = 10` is not also reported as a missing 'reps'."""
        suggested: set[str] = set()
        for key in self.data:
            if key in allowed:
                continue
            close = suggestion(key, allowed)
            if close is not None:
                suggested.add(close)
                hint = f"did you mean '{close}'?"
            else:
                hint = "the keys are: " + ", ".join(allowed)
            self.report(key, f"'{key}' is not a key of {what}; {hint}")
        return suggested

    def _absent(self, key: str, required: bool) -> None:
        if required:
            self.missing(key)

    # -- typed getters -------------------------------------------------------------

    def text(
        self,
        key: str,
        limit: int,
        *,
        one_line: bool = False,
        required: bool = False,
        kind: str = "text in quotes",
    ) -> str | None:
        """Text of at most `limit` characters (on one line, if `one_line`); `kind` says
        what it must be in the message for a value that is not text."""
        value = self.data.get(key)
        if type(value) is str and len(value) <= limit:
            if not one_line or ("\n" not in value and "\r" not in value):
                return value
            self.report(key, f"'{key}' must fit on one line")
        elif value is None:
            self._absent(key, required)
        elif not isinstance(value, str):
            self.report(key, f"'{key}' must be {kind}, got {got(value)}")
        else:
            self.report(key, f"'{key}' is {len(value)} characters long; keep it to {limit}")
        return None

    def text_list(self, key: str, max_items: int, item_limit: int) -> tuple[str, ...]:
        """A list of non-empty texts (one text alone counts as a list of one); () when
        absent or wrong."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report(key, f'\'{key}\' must be a list of texts like ["…", "…"], got {got(value)}')
            return ()
        if len(value) > max_items:
            self.report(key, f"'{key}' has {len(value):,} items; keep it to {max_items:,}")
            return ()
        items: list[str] = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, str):
                self.report(
                    key, f"item {number} of '{key}' must be text in quotes, got {got(item)}"
                )
            elif not item.strip():
                self.report(key, f"item {number} of '{key}' is empty")
            elif len(item) > item_limit:
                self.report(
                    key,
                    f"item {number} of '{key}' is {len(item)} characters long; "
                    f"keep it to {item_limit}",
                )
            else:
                items.append(item)
        return tuple(items)

    def integer(self, key: str, low: int, high: int, *, required: bool = False) -> int | None:
        """A whole number from `low` to `high`."""
        value = self.data.get(key)
        if type(value) is int and low <= value <= high:
            return value
        if value is None:
            self._absent(key, required)
            return None
        wanted = f"'{key}' must be a whole number from {low} to {high}"
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(key, f"{wanted}, got {got(value)}{_unquote_hint(key, value)}")
        elif not low <= value <= high:
            self.report(key, f"{wanted}, got {show(value)}")
        else:  # an int subclass in range: TOML and JSON make none, but it is a number
            return int(value)
        return None

    def number(
        self,
        key: str,
        low: float,
        high: float,
        *,
        low_open: bool = False,
        required: bool = False,
        advice: Callable[[float], str] | None = None,
    ) -> float | None:
        """A number (whole or not) from `low` to `high`, or above `low` with `low_open`.
        NaN and the infinities are out of every range. `advice` may add a hint for a
        number out of range (`; for 80 % write volume = 0.8`)."""
        value: Any = self.data.get(key)
        kind = type(value)
        if (
            (kind is float or kind is int)
            and (low < value if low_open else low <= value)
            and value <= high
        ):
            return float(value)
        if value is None:
            self._absent(key, required)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(
                key, f"'{key}' must be a number, got {got(value)}{_unquote_hint(key, value)}"
            )
            return None
        if (low < value if low_open else low <= value) and value <= high:
            return float(value)  # an int or float subclass: none come from TOML or JSON
        hint = advice(float(value)) if advice is not None else ""
        allowed = range_text(low, high, low_open=low_open)
        self.report(key, f"'{key}' must be {allowed}, got {show(value)}{hint}")
        return None

    def duration(self, key: str, low: int, high: int) -> int | None:
        """A duration as people write them (`90`, `"45s"`, `"1m30s"`), in whole seconds
        from `low` to `high`."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            seconds = parse_duration(value)
        except DurationError as error:
            self.report(key, f"'{key}': {error}")
            return None
        if not low <= seconds <= high:
            length = format_duration(seconds) if seconds < 1_000_000 else "far too long"
            self.report(
                key,
                f"'{key}' is {length}; it must be from "
                f"{format_duration(low)} to {format_duration(high)}",
            )
            return None
        return seconds

    def distance(self, key: str, low: float, high: float) -> float | None:
        """A distance as people write them (`400`, `"400m"`, `"1.5km"`), in metres."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            metres = parse_distance(value)
        except DurationError as error:
            self.report(key, f"'{key}': {error}")
            return None
        if not low <= metres <= high:
            self.report(
                key,
                f"'{key}' is {format_distance(metres)}; it must be from "
                f"{format_distance(low)} to {format_distance(high)}",
            )
            return None
        return metres

    def pace(self, key: str, low: float, high: float) -> float | None:
        """A running pace (`"5:30/km"`, `"8:50/mi"`), in seconds per km."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            pace = parse_pace(value)
        except DurationError as error:
            self.report(key, f"'{key}': {error}")
            return None
        if not low <= pace <= high:
            self.report(
                key,
                f"'{key}' is {format_pace(pace)}; it must be from "
                f"{format_pace(low)} to {format_pace(high)}",
            )
            return None
        return pace

    def flag(self, key: str, *, required: bool = False) -> bool | None:
        """true or false."""
        value = self.data.get(key)
        if type(value) is bool:
            return value
        if value is None:
            self._absent(key, required)
        else:
            self.report(key, f"'{key}' must be true or false, got {got(value)}")
        return None

    def choice(
        self,
        key: str,
        options: Mapping[str, T],
        *,
        fold: bool = False,
        required: bool = False,
    ) -> T | None:
        """One of the texts `options` maps to what it means; with `fold`, case and
        spaces around it aside."""
        value = self.data.get(key)
        if type(value) is str:
            found = options.get(value.strip().lower() if fold else value)
            if found is not None:
                return found
        if value is None:
            self._absent(key, required)
            return None
        message = f"'{key}' must be {one_of(list(options))}, got {show(value)}"
        close = suggestion(value.strip(), options) if isinstance(value, str) else None
        self.report(key, f"{message}; did you mean {show(close)}?" if close else message)
        return None

    def moment(
        self, key: str, *, first_year: int, last_year: int, required: bool = False
    ) -> datetime | None:
        """A date and time with its UTC offset, from `first_year` to `last_year`. Text in
        ISO 8601 counts too (JSON has no date-times)."""
        value = self.data.get(key)
        if type(value) is str:
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                self.report(key, f"'{key}' must be a date and time, got {got(value)}")
                return None
        if type(value) is datetime and value.utcoffset() is not None:
            if first_year <= value.year <= last_year:
                return value
            self.report(
                key,
                f"'{key}' must be a date from {first_year} to {last_year}, got {show(value)}",
            )
        elif value is None:
            self._absent(key, required)
        else:
            self.report(
                key, f"'{key}' must be a date and time with its UTC offset, got {got(value)}"
            )
        return None

    def items(self, key: str, limit: int) -> list[object]:
        """A list of at most `limit` items (of any kind: the caller checks them); []
        when absent or wrong."""
        value = self.data.get(key)
        if type(value) is list and len(value) <= limit:
            return value
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(key, f"'{key}' must be a list, got {got(value)}")
        else:
            self.report(key, f"'{key}' has {len(value):,} items; keep it to {limit:,}")
        return []

    def table(
        self, key: str, *, prefix: str = "", how: str = "", instead: str | None = None
    ) -> Table | None:
        """The table under `key` (None when absent or not a table, reported then with
        `how` to write one); its messages start with `prefix`. `instead` (by default
        this table's) ends its messages, and the one saying it is not a table."""
        value = self.data.get(key)
        instead = self.instead if instead is None else instead
        if type(value) is dict:
            return Table(value, self.policy, (*self.where, key), prefix=prefix, instead=instead)
        if value is not None:
            how = f": {how};" if how else ","
            self.then(instead).report(key, f"'{key}' must be a table{how} got {type_name(value)}")
        return None
