"""The scanner that gives loader messages their line and column."""

from __future__ import annotations

import time
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtimer.core.positions import Positions
from runtimer.core.tomlscan import Path, unclosed_list, unclosed_string

ROUTINE = """\
# a comment with name = "not a key"
name = "Legs"
  rest_between_sets = "90s"

[warmup]
duration = "5m"
steps = [
    "jog",
    "swing = legs",   # a string that looks like a key
]

[[exercise]]
name = "Squats"
sets = 2
reps = 10

  [[exercise]]
name = "Plank"
"hold" = "30s"
load.amount = 3

[[exercise]]
name = "Lunges"
notes = \"\"\"
reps = 99
[[exercise]]
\"\"\"
cues = ['a [ b', "c { d"]
sets = 2
[exercise.extra]
deep = 1
"""


def test_top_level_keys_and_tables() -> None:
    positions = Positions(ROUTINE)
    assert positions.find(("name",)) == (2, 1)
    assert positions.find(("rest_between_sets",)) == (3, 3)
    assert positions.find(("warmup",)) == (5, 1)
    assert positions.find(("warmup", "duration")) == (6, 1)
    assert positions.find(("warmup", "steps")) == (7, 1)


def test_keys_inside_each_exercise_table() -> None:
    positions = Positions(ROUTINE)
    assert positions.find(("exercise", 0)) == (12, 1)
    assert positions.find(("exercise", 0, "reps")) == (15, 1)
    assert positions.find(("exercise", 1)) == (17, 3)
    assert positions.find(("exercise", 1, "name")) == (18, 1)
    assert positions.find(("exercise", 2, "name")) == (23, 1)


def test_quoted_and_dotted_keys() -> None:
    positions = Positions(ROUTINE)
    assert positions.find(("exercise", 1, "hold")) == (19, 1)
    assert positions.find(("exercise", 1, "load", "amount")) == (20, 1)
    # A message about `load` itself points at the dotted key that made it a table.
    assert positions.find(("exercise", 1, "load")) == (20, 1)


def test_multi_line_strings_and_arrays_do_not_confuse_the_scanner() -> None:
    positions = Positions(ROUTINE)
    # `reps = 99` and `[[exercise]]` inside the notes string are text, not TOML.
    assert positions.find(("exercise", 2, "reps")) == (22, 1)  # falls back to the table
    # There is no fourth exercise: its lookup falls back to where the exercises begin.
    assert positions.find(("exercise", 3)) == (12, 1)
    # Brackets inside strings in a list do not leave the scanner "inside" the list.
    assert positions.find(("exercise", 2, "sets")) == (29, 1)
    # `swing = legs` inside the steps list is not a key.
    assert positions.find(("warmup", "swing")) == (5, 1)


def test_a_sub_table_belongs_to_the_latest_exercise() -> None:
    positions = Positions(ROUTINE)
    assert positions.find(("exercise", 2, "extra")) == (30, 1)
    assert positions.find(("exercise", 2, "extra", "deep")) == (31, 1)


def test_unknown_paths_fall_back_to_the_nearest_known_ancestor() -> None:
    positions = Positions(ROUTINE)
    assert positions.find(("exercise", 0, "nonsense")) == (12, 1)
    assert positions.find(("nowhere", "at", "all")) == (1, 1)
    assert positions.find(()) == (1, 1)


def test_lines_are_counted_as_toml_counts_them() -> None:
    # U+2028 and U+0085 may stand inside a TOML string; they do not end a line.
    text = 'name = "a\u2028b\x85c"\n\n[[exercise]]\nsets = 2\n'
    assert Positions(text).find(("exercise", 0, "sets")) == (4, 1)


def test_windows_line_endings() -> None:
    text = 'name = "x"\r\n[[exercise]]\r\n  sets = 2\r\n'
    positions = Positions(text)
    assert positions.find(("exercise", 0)) == (2, 1)
    assert positions.find(("exercise", 0, "sets")) == (3, 3)


def test_the_first_of_two_duplicate_keys_is_kept() -> None:
    assert Positions("a = 1\na = 2\n").find(("a",)) == (1, 1)


# -- lists of inline tables, and inline tables ----------------------------------------

INLINE = """\
name = "Legs"
exercise = [
  { name = "Squats", sets = 2, reps = 10 },  # a comment with ] and }
  { name = "Plank", sets = 2, hodl = "30s", load = { kg.x = 1 } },
]
warmup = { duration = "5m", stepz = [] }
"""


def test_each_inline_table_in_a_list_is_found_on_its_own_line() -> None:
    positions = Positions(INLINE)
    assert positions.find(("exercise",)) == (2, 1)
    assert positions.find(("exercise", 0)) == (3, 3)
    assert positions.find(("exercise", 1)) == (4, 3)
    assert positions.find(("exercise", 0, "reps")) == (3, 32)
    assert positions.find(("exercise", 1, "hodl")) == (4, 31)
    # Keys nested further in are found by column too; unknown ones fall back.
    assert positions.find(("exercise", 1, "load")) == (4, 45)
    assert positions.find(("exercise", 1, "load", "kg", "x")) == (4, 54)
    assert positions.find(("exercise", 1, "nonsense")) == (4, 3)
    assert positions.find(("exercise", 2)) == (2, 1)


def test_the_keys_of_a_one_line_inline_table_are_found_by_column() -> None:
    positions = Positions(INLINE)
    assert positions.find(("warmup",)) == (6, 1)
    assert positions.find(("warmup", "duration")) == (6, 12)
    assert positions.find(("warmup", "stepz")) == (6, 29)


def test_lists_nested_in_lists() -> None:
    text = 'a = 1\ncues = ["x", [1, { y = 2 }], "z"]\nafter = [[{ b = 1 }], [{ c = 2 }]]\n'
    positions = Positions(text)
    assert positions.find(("cues", 1)) == (2, 14)
    assert positions.find(("cues", 1, 1, "y")) == (2, 20)
    # Plain values in a list are not mapped: they fall back to the list's key.
    assert positions.find(("cues", 0)) == (2, 1)
    assert positions.find(("after", 1, 0, "c")) == (3, 26)


def test_very_deep_nesting_falls_back_to_a_position_inside_its_key() -> None:
    deep = "[{ k = " * 40 + "1" + " }]" * 40
    text = f'name = "Legs"\nexercise = {deep}\nafter = 1\n'
    positions = Positions(text)
    key = positions.find(("exercise",))
    path: Path = ("exercise",)
    for _ in range(40):
        path = (*path, 0, "k")
        found = positions.find(path)
        assert found >= key and found[0] == 2  # never before `exercise`, nor past its value
    assert positions.find(("after",)) == (3, 1)


# -- table headers ------------------------------------------------------------------------


def test_a_table_header_also_marks_where_its_parents_are() -> None:
    text = 'name = "Legs"\n\n[exercise.squats]\nsets = 2\n[exercise.lunges]\n[a . "b" . c]\n'
    positions = Positions(text)
    assert positions.find(("exercise",)) == (3, 1)  # the first header that names it
    assert positions.find(("exercise", "squats")) == (3, 1)
    assert positions.find(("exercise", "lunges")) == (5, 1)
    assert positions.find(("a",)) == (6, 1)
    assert positions.find(("a", "b")) == (6, 1)
    assert positions.find(("a", "b", "c")) == (6, 1)


def test_an_array_of_tables_under_another_marks_its_parents() -> None:
    text = "[[exercise.variant]]\nx = 1\n[[exercise]]\n"
    positions = Positions(text)
    assert positions.find(("exercise",)) == (1, 1)
    assert positions.find(("exercise", "variant", 0, "x")) == (2, 1)


# -- quoted keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        (r'"n\u0061me"', "name"),
        (r'"hol\u0064"', "hold"),
        (r'"\U0001F600 face"', "\U0001f600 face"),
        (r'"tab\there"', "tab\there"),
        (r'"\b\f\n\r"', "\b\f\n\r"),
        (r'"say \"hi\" \\ back"', 'say "hi" \\ back'),
        (r"'n\u0061me'", r"n\u0061me"),  # a literal key takes no escapes
        ('"a.b"', "a.b"),  # a dot in quotes is part of the key
    ],
)
def test_quoted_keys_are_decoded_as_tomllib_decodes_them(written: str, key: str) -> None:
    text = f'first = 1\n[[exercise]]\nsets = 2\n{written} = "5h"\n'
    assert Positions(text).find(("exercise", 0, key)) == (4, 1)


@pytest.mark.parametrize("written", [r'"\x41"', r'"\e"', r'"\uD800"', r'"\U00110000"', r'"\q"'])
def test_escapes_tomllib_refuses_are_left_alone(written: str) -> None:
    # tomllib (TOML 1.0) rejects such a document; the scanner must merely not fail.
    positions = Positions(f"first = 1\n{written} = 1\n")
    assert positions.find(("A",)) == (1, 1)
    assert positions.find(("\x1b",)) == (1, 1)


# -- strings -----------------------------------------------------------------------------


def test_strings_with_quotes_brackets_and_hashes_inside() -> None:
    text = (
        'a = """say "hi"""""\n'  # ends with two quotes of its own
        "b = '''it's ''' # [c = 1\n"
        'c = "a # [ { \\" ]"\n'
        'd = """\\"""\n[e]\n"""\n'
        "f = 1\n"
    )
    positions = Positions(text)
    assert [positions.find((key,)) for key in "abcdf"] == [(1, 1), (2, 1), (3, 1), (4, 1), (7, 1)]
    assert positions.find(("e",)) == (1, 1)  # [e] inside the string is no table


# -- where a broken document left a list or a string open ------------------------------------


def test_an_unclosed_list_before_a_key_is_found_where_it_opens() -> None:
    text = 'name = "Legs"\ncues = ["a [", # ]\n  "b"\nbenefit = "x"\n'
    assert unclosed_list(text, 4) == (2, 8)
    assert unclosed_list(text) == (2, 8)  # the text also ends inside it


def test_an_unclosed_list_before_a_table_header() -> None:
    text = 'cues = ["a",\n  [[exercise]]  # next\nname = "x"\n'
    assert unclosed_list(text, 2) == (1, 8)


def test_a_list_closed_later_is_not_unclosed() -> None:
    # A missing comma, or a mistake inside the list: its ] is there, further on.
    assert unclosed_list('cues = [\n  "a"\n  "b",\n]\n', 3) is None
    assert unclosed_list('cues = [\n  "a",\n  [b]\n]\n', 3) is None


def test_only_a_line_that_starts_a_key_or_table_counts() -> None:
    text = 'cues = [\n  "a",\n  b,\n'
    assert unclosed_list(text, 3) is None  # `b,` is a bad value, not a new key
    assert unclosed_list(text) == (1, 8)
    assert unclosed_list(text, 99) is None
    assert unclosed_list("a = { b = [1\n", None) == (1, 11)
    assert unclosed_list("a = [{ b = 1\n", None) is None  # an inline table, not a list
    assert unclosed_list("a = 1\nb = 2\n", 2) is None  # nothing is open


def test_the_first_string_never_closed() -> None:
    assert unclosed_string("a = 'x'\nb = 'y\nc = 1\n") == (2, 5, "'")
    assert unclosed_string('a = "x # \\" "\nb = """y\n\'\n') == (2, 5, '"""')
    assert unclosed_string("# it's\n  c = '''z''\n") == (2, 7, "'''")
    assert unclosed_string('a = "x"\n') is None


# -- any text at all ------------------------------------------------------------------------

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = st.sampled_from(
    [*"[]{}\"'=#,.\\\n\r\t ab1", '"""', "'''", "\\u0061", "[[x]]", "x = ", "{ y = ", "\u2028"]
)
PATHS = st.lists(st.one_of(st.sampled_from(["x", "y", "a", "b"]), st.integers(0, 3)), max_size=4)


def at(text: str, position: tuple[int, int]) -> str:
    """The rest of the line at a 1-based (line, column); fails if it is outside the text."""
    line, column = position
    lines = text.split("\n")
    assert 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1
    return lines[line - 1][column - 1 :]


@FAST
@given(st.one_of(st.text(), st.lists(PIECES, max_size=80).map("".join)), PATHS)
def test_any_text_is_scanned_without_error(text: str, path: list[str | int]) -> None:
    at(text, Positions(text).find(tuple(path)))
    for line in (None, 1, 2, 3):
        opened = unclosed_list(text, line)
        assert opened is None or at(text, opened).startswith("[")
    found = unclosed_string(text)
    assert found is None or at(text, found[:2]).startswith(found[2])


KEYS = st.one_of(st.sampled_from(["name", "sets", "a.b", "x y", ""]), st.text(max_size=6))
VALUES = st.recursive(
    st.one_of(st.integers(), st.text(max_size=5), st.booleans(), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=8,
)


def paths_in(value: dict[str, Any] | list[Any], path: Path = ()) -> list[Path]:
    """Each key of every table, and each table or list inside a list."""
    found: list[Path] = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(key, str) or isinstance(item, dict | list):
            found.append((*path, key))
        if isinstance(item, dict | list):
            found += paths_in(item, (*path, key))
    return found


@FAST
@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_every_key_of_a_written_document_is_found_exactly(document: dict[str, Any]) -> None:
    text = tomli_w.dumps(document)
    positions = Positions(text)
    for path in paths_in(document):
        # Found exactly: its own position, not an enclosing one it fell back to.
        assert path in positions._where, (path, text)


# -- never slow -------------------------------------------------------------------------------

MIB = 1024 * 1024
HOSTILE = {
    "many keys": "".join(f"k{i} = {i}\n" for i in range(MIB // 12)),
    "many tables in a list": "a = [" + "{ b = 1 }, " * (MIB // 11) + "]",
    "many empty lists": "a = [" + "[], " * (MIB // 4) + "]",
    "open brackets": "a = " + "[" * MIB,
    "open braces": "a = " + "{" * MIB,
    "many headers": "[[a.b]]\n" * (MIB // 8),
    "long dotted key": "a" + ".a" * (MIB // 2) + " = 1",
    "long dotted key with a list": "a." * (MIB // 4) + "b = [" + "[], " * (MIB // 8) + "]",
    "long table name": "[" + "a." * (MIB // 2) + "a]",
    "keys under a long table name": "[" + "a." * (MIB // 4) + "a]\n" + "k = 1\n" * (MIB // 12),
    "long array of tables names": ("[[" + "a." * (MIB // 8) + "a]]\n") * 4,
    "escaped quotes": 'a = { "' + '\\"' * (MIB // 2),
    "backslashes": '"' + "\\" * MIB,
    "quotes": '"' * MIB,
    "open multi-line string": 'a = """' + '\\"\\\n"' * (MIB // 5),
    "line ends": "\n" * MIB,
    "comments": "# [ ' \" \n" * (MIB // 10),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_mebibyte_of_hostile_text_is_scanned_quickly(text: str) -> None:
    start = time.perf_counter()
    Positions(text)
    unclosed_list(text)
    unclosed_list(text, 2)
    unclosed_string(text)
    # Well under a second here; anything quadratic would take minutes.
    assert time.perf_counter() - start < 10
