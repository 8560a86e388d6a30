"""The scanner that gives loader messages their line and column."""

from __future__ import annotations

from runtimer.tomlpos import Positions

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
