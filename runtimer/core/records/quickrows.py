"""The fast path for a log laid out exactly as runtimer writes it: each `[[set]]` and
`[[exercise]]` table matched whole by one regular expression.

The very first read of years of logs parses every one of them (10,000 logs are
about 200,000 sets), so the history index's first build is bounded by this. The line
reader (`quickread.quick_parse`) looks at every line in Python and builds a table of
each block; here a block's lines are matched by one compiled pattern, in the order
the writer puts its keys, and its values land straight in the row the codec checks
(`SET_FIELDS` / `EXERCISE_FIELDS` order), without a table in between.

What it accepts, it reads exactly as tomllib does: `quick_rows(text)` gives the
head, tomllib's document without its `exercise` and `set` arrays, and the rows,
each `[table.get(name) for name in FIELDS]` of tomllib's table (a test holds the
two to it, on generated logs and on damaged ones); and each row's JSON text for the
history index, made from the file's own text. Each value pattern is a subset of
the TOML syntax for its type, read by Python the way tomllib reads it (`int`,
`float`, `datetime.fromisoformat` on tomllib's own ranges). Anything else (a key
out of the writer's order or unknown to it, a comment or blank line inside a block,
an escape, an exponent, a date that does not exist) gives None, and the caller
reads the file the careful way: the line reader, then tomllib, which says what is
wrong and where. Tables other than the log's own arrays (a program's `[program]`
record) are handed to the line reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from runtimer.core.records.model import ExerciseInfo, SetRecord
from runtimer.core.records.quickread import quick_parse

# Value patterns, one group each. A basic string without escapes or control characters
# (tomllib allows a tab; the writer escapes one, so one here means hand-editing);
# decimal integers of up to 18 digits; floats without an exponent; booleans; offset
# date-times to the second on tomllib's own ranges (`T` or, as tomli_w writes them in
# an inline table, a space).
_STRING = r'"([^"\\\x00-\x1f\x7f]*)"'
_INTEGER = r"(-?(?:0|[1-9][0-9]{0,17}))"
_NUMBER = r"(-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,20})?)"
_BOOLEAN = r"(true|false)"
_MOMENT = (
    r"([0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[T ]"
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))"
)


def _number(raw: str) -> int | float:
    return float(raw) if "." in raw else int(raw)


def _boolean(raw: str) -> bool:
    return raw == "true"


def _text(raw: str) -> str:
    return raw


# A kind of value: its pattern, and how its text becomes tomllib's value.
_KINDS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "string": (_STRING, _text),
    "integer": (_INTEGER, int),
    "number": (_NUMBER, _number),
    "boolean": (_BOOLEAN, _boolean),
    "moment": (_MOMENT, datetime.fromisoformat),
}

# A value left out, in the index's row: null, or false for a flag (its default).
_ABSENT = dict.fromkeys(("string", "integer", "number", "moment"), "null") | {"boolean": "false"}

#: The keys of each table in the order the writer puts them (`codec._set_to_dict`,
#: `_exercise_to_dict`, `_head_to_dict`), with the kind of value it writes for each.
#: A key left out here is never accepted, so a file with it takes the careful path.
HEAD_KEYS = (
    ("format", "integer"),
    ("routine", "string"),
    ("routine_path", "string"),
    ("routine_sha256", "string"),
    ("status", "string"),
    ("started", "moment"),
    ("ended", "moment"),
    ("active_seconds", "number"),
)
EXERCISE_KEYS = (
    ("index", "integer"),
    ("name", "string"),
    ("sets", "integer"),
    ("reps", "integer"),
    ("hold", "integer"),
    ("sides", "string"),
    ("load", "number"),
    ("unit", "string"),
    ("load_step", "number"),
    ("circuit", "string"),
    ("find_weight", "boolean"),
)
SET_KEYS = (
    ("exercise", "string"),
    ("exercise_index", "integer"),
    ("set_number", "integer"),
    ("side", "string"),
    ("planned_reps", "integer"),
    ("planned_hold", "integer"),
    ("reps", "integer"),
    ("held", "number"),
    ("load", "number"),
    ("unit", "string"),
    ("feeling", "string"),
    ("rest_before", "number"),
    ("skipped", "boolean"),
    ("warmup", "boolean"),
    ("planned_work", "integer"),
    ("planned_distance", "number"),
    ("worked", "number"),
    ("override", "boolean"),
    ("started", "moment"),
    ("ended", "moment"),
)
INTERRUPTION_KEYS = (("stopped", "moment"), ("resumed", "moment"))

EXERCISE_FIELDS = tuple(name for name in ExerciseInfo.__dataclass_fields__)
SET_FIELDS = tuple(name for name in SetRecord.__dataclass_fields__)

Keys = Sequence[tuple[str, str]]
#: Each group of a table's pattern: its key, and how its text is read.
Plan = tuple[tuple[str, Callable[[str], Any]], ...]
#: A match's groups made into a row.
Builder = Callable[[Sequence[str | None]], list[Any]]
#: A match's groups made into the JSON text of that row.
Writer = Callable[[Sequence[str | None]], str]


def _lines(keys: Keys) -> str:
    """`key = value` lines, each optional, in this order. Possessive (`?+`): nothing
    after a line can fail, so giving one back could never make another match, and
    not keeping the way back makes a set's match a third quicker."""
    return "".join(f"(?:{key} = {_KINDS[kind][0]}\\n)?+" for key, kind in keys)


def _inline(keys: Keys) -> str:
    """One inline table as tomli_w writes it in an array (`    { a = 1, b = 2 },`)."""
    parts = "".join(
        f"(?:{key} = {_KINDS[kind][0]}(?:, (?=[a-z])|(?= \\}})))?" for key, kind in keys
    )
    return f"    \\{{ {parts} \\}},\\n"


def _only(keys: Keys, fields: Sequence[str]) -> Keys:
    """The keys that are fields of the record (the others take the careful path)."""
    return tuple((key, kind) for key, kind in keys if key in fields)


def _plan(keys: Keys) -> Plan:
    return tuple((key, _KINDS[kind][1]) for key, kind in keys)


def _builder(keys: Keys, fields: Sequence[str]) -> Builder:
    """A function that makes a match's groups (one per key, in `keys` order) into the
    row (`fields` order, None for a key not there). Made from the keys as one list
    display with no loop, as `dataclasses` makes its methods: it runs for every set
    of every log, and a loop over the keys costs half as much again."""
    slots = ["None"] * len(fields)
    readers: dict[str, Any] = {}
    for number, (key, kind) in enumerate(keys):
        value = f"g[{number}]"
        if kind != "string":
            readers[f"read_{number}"] = _KINDS[kind][1]
            value = f"None if {value} is None else read_{number}({value})"
        slots[fields.index(key)] = value
    source = f"def build(g):\n    return [{', '.join(slots)}]\n"
    exec(source, readers)  # made above from the fixed key tables, as dataclasses do
    build: Builder = readers["build"]
    return build


def _writer(keys: Keys, fields: Sequence[str]) -> Writer:
    """A function that makes a match's groups into the JSON text of the row the
    history index keeps (`codec.session_rows`: `fields` order, times as ISO 8601
    text), straight from the file's text: a string's text has no quote, backslash or
    control character (the pattern says so), so quoted it is JSON; a number's and a
    boolean's text are JSON as they are. A flag left out is false, as the record's
    default is. Read back, the row gives the very record the file gives."""
    slots = ["'null'"] * len(fields)
    for number, (key, kind) in enumerate(keys):
        value = f"g[{number}]"
        if kind in ("string", "moment"):
            value = f"'\"' + {value} + '\"'"
        slots[fields.index(key)] = f"({value} if g[{number}] is not None else {_ABSENT[kind]!r})"
    source = f"def write(g):\n    return '[' + ','.join(({', '.join(slots)},)) + ']'\n"
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # made above from the fixed key tables
    write: Writer = namespace["write"]
    return write


_HEAD = re.compile(
    r"(?:#[^\x00-\x08\x0a-\x1f\x7f]*\n|\n)*"  # comments (tomllib's rules) and blank lines
    + _lines(HEAD_KEYS)
    # Arrays of tables short enough for one line each are written inline; an empty one
    # (a log with no set yet) as [].
    + r"(?:exercise = (\[\]|\[\n(?:    \{[^\n]*\},\n)*\])\n)?"
    + r"(?:set = (\[\])\n)?"
    + r"(?:interruption = (\[\n(?:    \{[^\n]*\},\n)*\])\n)?"
)
_HEAD_PLAN = _plan(HEAD_KEYS)
_EXERCISE_ONLY = _only(EXERCISE_KEYS, EXERCISE_FIELDS)
_EXERCISE = re.compile(r"\n\[\[exercise\]\]\n" + _lines(_EXERCISE_ONLY))
_EXERCISE_INLINE = re.compile(_inline(_EXERCISE_ONLY))
_EXERCISE_ROW = _builder(_EXERCISE_ONLY, EXERCISE_FIELDS)
_EXERCISE_JSON = _writer(_EXERCISE_ONLY, EXERCISE_FIELDS)
_SET_ONLY = _only(SET_KEYS, SET_FIELDS)
_SET = re.compile(r"\n\[\[set\]\]\n" + _lines(_SET_ONLY))
_SET_ROW = _builder(_SET_ONLY, SET_FIELDS)
_SET_JSON = _writer(_SET_ONLY, SET_FIELDS)
_INTERRUPTION = re.compile(r"\n\[\[interruption\]\]\n" + _lines(INTERRUPTION_KEYS))
_INTERRUPTION_INLINE = re.compile(_inline(INTERRUPTION_KEYS))
_INTERRUPTION_PLAN = _plan(INTERRUPTION_KEYS)
# Where the log's own arrays of tables start, after any other table (`[program]`).
_BLOCKS = re.compile(r"\n\n\[\[(?:exercise|set|interruption)\]\]\n")
_OWN = ("exercise", "set", "interruption")


@dataclass(frozen=True, slots=True)
class QuickRows:
    """A log read the quick way: what tomllib would give (see the module's docstring),
    and the JSON text of each exercise's and set's row for the history index."""

    head: dict[str, Any]
    exercises: list[list[Any]]
    sets: list[list[Any]]
    exercise_json: list[str]
    set_json: list[str]


def _table(groups: Sequence[str | None], plan: Plan) -> dict[str, Any]:
    return {
        key: read(raw) for (key, read), raw in zip(plan, groups, strict=True) if raw is not None
    }


def _inline_items(text: str, pattern: re.Pattern[str]) -> list[Sequence[str | None]] | None:
    """The groups of each inline table of an array (`[\\n    {...},\\n]`), or None."""
    found: list[Sequence[str | None]] = []
    pos, end = 2, len(text) - 1  # after "[\n", before "]"
    while pos < end:
        match = pattern.match(text, pos, end)
        if match is None:
            return None
        found.append(match.groups())
        pos = match.end()
    return found


def quick_rows(text: str) -> QuickRows | None:
    """The log's head and rows, if `text` is laid out as runtimer writes it; else None."""
    try:
        return _quick_rows(text)
    except ValueError:  # a date that does not exist (2026-02-30): tomllib says so
        return None


def _quick_rows(text: str) -> QuickRows | None:
    head_match = _HEAD.match(text)
    assert head_match is not None  # every part of it is optional
    groups = head_match.groups()
    width = len(_HEAD_PLAN)
    head = _table(groups[:width], _HEAD_PLAN)
    exercises: list[list[Any]] = []
    sets: list[list[Any]] = []
    exercise_json: list[str] = []
    set_json: list[str] = []
    breaks: list[dict[str, Any]] = []
    inline_exercises, no_sets, inline_breaks = groups[width:]
    if inline_exercises is not None:
        items = _inline_items(inline_exercises, _EXERCISE_INLINE)
        if items is None:
            return None
        exercises = [_EXERCISE_ROW(item) for item in items]
        exercise_json = [_EXERCISE_JSON(item) for item in items]
    if inline_breaks is not None:
        items = _inline_items(inline_breaks, _INTERRUPTION_INLINE)
        if items is None:
            return None
        breaks = [_table(item, _INTERRUPTION_PLAN) for item in items]
    pos, size = head_match.end(), len(text)
    if pos < size and not text.startswith("\n[[", pos):
        # Another table (a program's record): the line reader reads it, up to the
        # log's own arrays.
        if not text.startswith("\n[", pos):
            return None
        start = _BLOCKS.search(text, pos)
        cut = start.start() + 1 if start is not None else size
        tables = quick_parse(text[pos:cut])
        if tables is None or any(key in tables for key in _OWN) or any(k in head for k in tables):
            return None
        head.update(tables)
        pos = cut
    inline = inline_exercises is not None
    set_match, exercise_match, break_match = _SET.match, _EXERCISE.match, _INTERRUPTION.match
    size = len(text.rstrip("\n")) + 1  # blank lines at the end: nothing to read
    while pos < size:
        match = set_match(text, pos)
        if match is not None and no_sets is None:
            found = match.groups()
            sets.append(_SET_ROW(found))
            set_json.append(_SET_JSON(found))
        elif (match := exercise_match(text, pos)) is not None and not inline:
            found = match.groups()
            exercises.append(_EXERCISE_ROW(found))
            exercise_json.append(_EXERCISE_JSON(found))
        elif (match := break_match(text, pos)) is not None and inline_breaks is None:
            breaks.append(_table(match.groups(), _INTERRUPTION_PLAN))
        else:
            return None  # anything else, or an array both inline and in blocks
        pos = match.end()
    if breaks:
        head["interruption"] = breaks
    return QuickRows(head, exercises, sets, exercise_json, set_json)
