"""The validation toolkit routines, logs and the config are read with: one wording for
values, ranges and suggestions, and the same getters under both policies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from runtimer.core.positions import Positions
from runtimer.core.validate import (
    Collect,
    Invalid,
    Problem,
    StopAtFirst,
    Table,
    as_table,
    got,
    locate,
    one_of,
    show,
    suggestion,
)

PATH = Path("file.toml")


def test_a_problem_reads_path_line_column_message() -> None:
    problem = Problem(PATH, 3, 7, "'sets' must be a whole number from 1 to 20, got 99")
    assert str(problem) == "file.toml:3:7: 'sets' must be a whole number from 1 to 20, got 99"
    assert problem.place == "file.toml:3:7"


@pytest.mark.parametrize(
    ("value", "shown", "described"),
    [
        ("2", '"2"', 'a string ("2")'),
        ("y" * 40, '"' + "y" * 27 + '..."', 'a string ("' + "y" * 27 + '...")'),
        (True, "true", "a boolean (true)"),
        (3, "3", "an integer (3)"),
        (9 * 10**40, "9" + "0" * 26 + "...", "an integer (9" + "0" * 26 + "...)"),
        (2.0, "2.0", "a number with a fraction (2.0)"),
        (float("inf"), "inf", "a number with a fraction (inf)"),
        (float("nan"), "nan", "a number with a fraction (nan)"),
        (1e308, "1e+308", "a number with a fraction (1e+308)"),
        (
            datetime(1, 1, 1, tzinfo=UTC),
            "0001-01-01T00:00:00+00:00",
            "a date or time (0001-01-01T00:00:00+00:00)",
        ),
        (date(2026, 11, 21), "2026-11-21", "a date or time (2026-11-21)"),
        ([1], "a list", "a list"),
        ({"a": 1}, "a table", "a table"),
    ],
)
def test_one_way_to_describe_a_value(value: object, shown: str, described: str) -> None:
    assert show(value) == shown
    assert got(value) == described


def test_choices_and_suggestions() -> None:
    assert one_of(["kg", "lb"]) == '"kg" or "lb"'
    assert one_of([True, False, "alternating"]) == 'true, false or "alternating"'
    assert one_of(["only"]) == '"only"'
    assert suggestion("Rep", ["reps", "hold"]) == "reps"
    assert suggestion("colour", ["reps", "hold"]) is None


# (getter call, the table's value, the message) for every kind of value the getters know
CASES: list[tuple[str, Any, str]] = [
    ("text", 3, "'k' must be text in quotes, got an integer (3)"),
    ("text", "x" * 11, "'k' is 11 characters long; keep it to 10"),
    ("text", "a\nb", "'k' must fit on one line"),
    (
        "integer",
        "2",
        "'k' must be a whole number from 1 to 20, got a string (\"2\"); remove the quotes: k = 2",
    ),
    (
        "integer",
        2.0,
        "'k' must be a whole number from 1 to 20, got a number with a fraction (2.0); write k = 2",
    ),
    ("integer", 21, "'k' must be a whole number from 1 to 20, got 21"),
    ("integer", True, "'k' must be a whole number from 1 to 20, got a boolean (true)"),
    ("number", -1, "'k' must be from 0 to 1000, got -1"),
    ("number", float("nan"), "'k' must be from 0 to 1000, got nan"),
    ("number", "8", "'k' must be a number, got a string (\"8\"); remove the quotes: k = 8"),
    ("open", 0, "'k' must be more than 0 and at most 100, got 0"),
    ("duration", "5h", "'k' is 5 h; it must be from 1 s to 10 min"),
    (
        "duration",
        "soon",
        "'k': \"soon\" is not a duration; write whole seconds (90) or a "
        'string like "45s", "2m", "1m30s" or "1:30"',
    ),
    ("flag", "no", "'k' must be true or false, got a string (\"no\")"),
    ("choice", "kgs", '\'k\' must be "kg" or "lb", got "kgs"; did you mean "kg"?'),
    ("choice", 3, '\'k\' must be "kg" or "lb", got 3'),
    ("moment", "soon", "'k' must be a date and time, got a string (\"soon\")"),
    (
        "moment",
        datetime(2026, 1, 1),
        "'k' must be a date and time with its UTC offset, got a date or time (2026-01-01T00:00:00)",
    ),
    (
        "moment",
        datetime(1, 1, 1, tzinfo=UTC),
        "'k' must be a date from 1970 to 2999, got 0001-01-01T00:00:00+00:00",
    ),
    ("items", [1, 2, 3], "'k' has 3 items; keep it to 2"),
    ("items", "x", "'k' must be a list, got a string (\"x\")"),
    ("texts", [1], "item 1 of 'k' must be text in quotes, got an integer (1)"),
    ("texts", [" "], "item 1 of 'k' is empty"),
    ("table", 1, "'k' must be a table, got an integer"),
]


def _get(table: Table, getter: str) -> object:
    match getter:
        case "text":
            return table.text("k", 10, one_line=True)
        case "integer":
            return table.integer("k", 1, 20)
        case "number":
            return table.number("k", 0.0, 1000.0)
        case "open":
            return table.number("k", 0.0, 100.0, low_open=True)
        case "duration":
            return table.duration("k", 1, 600)
        case "flag":
            return table.flag("k")
        case "choice":
            return table.choice("k", {"kg": "kg", "lb": "lb"})
        case "moment":
            return table.moment("k", first_year=1970, last_year=2999)
        case "items":
            return table.items("k", 2) or None
        case "texts":
            return table.text_list("k", 5, 200) or None
        case _:
            return table.table("k")


@pytest.mark.parametrize(("getter", "value", "message"), CASES, ids=[c[2][:50] for c in CASES])
def test_both_policies_word_a_wrong_value_the_same(getter: str, value: Any, message: str) -> None:
    text = "# a comment\nk = 1\n"
    found = Collect(PATH, Positions(text))
    assert _get(Table({"k": value}, found, prefix="p: "), getter) is None
    assert [str(problem) for problem in found.problems] == [f"file.toml:2:1: p: {message}"]

    with pytest.raises(Invalid) as caught:
        _get(Table({"k": value}, StopAtFirst(), prefix="p: "), getter)
    assert (caught.value.message, caught.value.where) == (f"p: {message}", ("k",))
    assert str(locate(caught.value, PATH, text)) == f"file.toml:2:1: p: {message}"


def test_right_values_come_back_and_absent_ones_are_none() -> None:
    stop = StopAtFirst()
    when = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)
    table = Table(
        {"t": "Legs", "i": 3, "n": 8, "d": "1m30s", "f": False, "c": "KG ", "m": when.isoformat()},
        stop,
    )
    assert table.text("t", 10) == "Legs"
    assert table.integer("i", 1, 20) == 3
    assert table.number("n", 0.0, 10.0) == 8.0 and isinstance(table.number("n", 0, 10), float)
    assert table.duration("d", 0, 600) == 90
    assert table.flag("f") is False
    assert table.choice("c", {"kg": 1}, fold=True) == 1
    assert table.moment("m", first_year=1970, last_year=2999) == when
    assert table.text("absent", 10) is None and table.items("absent", 3) == []
    with pytest.raises(Invalid, match=r"^'absent' is missing$"):
        table.integer("absent", 1, 2, required=True)


def test_unknown_keys_are_answered_with_a_suggestion_or_the_keys() -> None:
    found = Collect(PATH, Positions("rep = 1\ncolour = 2\n"))
    suggested = Table({"rep": 1, "colour": 2}, found).unknown_keys(("reps", "hold"), "a thing")
    assert suggested == {"reps"}
    assert [str(p) for p in found.in_order()] == [
        "file.toml:1:1: 'rep' is not a key of a thing; did you mean 'reps'?",
        "file.toml:2:1: 'colour' is not a key of a thing; the keys are: reps, hold",
    ]


def test_a_table_can_say_what_happens_instead() -> None:
    found = Collect(PATH, Positions("[sound]\nvolume = 2\n"))
    sound = Table({"volume": 2}, found, ("sound",), prefix="sound: ")
    assert sound.then("Using full volume.").number("volume", 0.0, 1.0) is None
    sound.then("It is ignored.").unknown_keys(("volume",), "[sound]")  # nothing unknown
    Table({"volumes": 1}, found).then("It is ignored.").unknown_keys(("volume",), "the config")
    assert [str(p) for p in found.in_order()] == [
        "file.toml:1:1: 'volumes' is not a key of the config; did you mean 'volume'? "
        "It is ignored.",
        "file.toml:2:1: sound: 'volume' must be from 0 to 1, got 2. Using full volume.",
    ]


def test_as_table_names_what_it_found_instead() -> None:
    found = Collect(PATH, Positions("set = [1]\n"))
    assert as_table(1, found, ("set", 0), label="set 1") is None
    assert [p.message for p in found.problems] == ["set 1 must be a table, got an integer"]
    table = as_table({"reps": 1}, found, ("set", 0), prefix="set 1: ")
    assert table is not None and table.where == ("set", 0) and table.prefix == "set 1: "
