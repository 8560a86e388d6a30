"""Loading routine files: every mistake gets an exact `path:line:col: message`.

The messages are part of the interface: a user reads them in a terminal and has to fix
the file from them alone, so each case below pins the whole text.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtimer.core.loader import (
    EXERCISE_KEYS,
    ROUTINE_KEYS,
    WARMUP_KEYS,
    RoutineError,
    load_routine,
    parse_routine,
)
from runtimer.core.routine import Load, Sides

EXERCISE_KEY_LIST = (
    "name, sets, reps, hold, per_side, rest_between_sets, rest_after, equipment, cues, "
    "benefit, harder, easier, notes, load, unit, load_step, start, work, run, distance, pace, "
    "lap, circuit, warmup_sets, find_weight"
)
DURATION_HELP = 'write whole seconds (90) or a string like "45s", "2m", "1m30s" or "1:30"'


def routine_file(tmp_path: Path, text: str, name: str = "routine.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


# (id, file text, expected problems as "line:col: message", in order)
BAD_FILES: list[tuple[str, str, list[str]]] = [
    (
        "unknown key with a suggestion",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        rep = 10
        """,
        ["5:1: exercise 1 (\"Squats\"): 'rep' is not a key of an exercise; did you mean 'reps'?"],
    ),
    (
        "unknown key without a close match lists the keys",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        colour = "red"
        """,
        [
            "6:1: exercise 1 (\"Squats\"): 'colour' is not a key of an exercise; "
            f"the keys are: {EXERCISE_KEY_LIST}"
        ],
    ),
    (
        "unknown key in the second exercise names that exercise",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        [[exercise]]
        name = "Plank"
        sets = 2
        hodl = "30s"
        """,
        ["9:1: exercise 2 (\"Plank\"): 'hodl' is not a key of an exercise; did you mean 'hold'?"],
    ),
    (
        "[[exercises]] at the top level",
        """\
        name = "Legs"

        [[exercises]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["3:1: 'exercises' is not a key of a routine; did you mean 'exercise'?"],
    ),
    (
        "misspelt top-level key",
        """\
        name = "Legs"
        rest_between_set = "1m"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["2:1: 'rest_between_set' is not a key of a routine; did you mean 'rest_between_sets'?"],
    ),
    (
        "misspelt name is not also reported as missing",
        """\
        Name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["1:1: 'Name' is not a key of a routine; did you mean 'name'?"],
    ),
    (
        "sets in quotes",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = "2"
        reps = 10
        """,
        [
            "4:1: exercise 1 (\"Squats\"): 'sets' must be a whole number from 1 to 20, "
            'got a string ("2"); remove the quotes: sets = 2'
        ],
    ),
    (
        "sets with a fraction",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2.0
        reps = 10
        """,
        [
            "4:1: exercise 1 (\"Squats\"): 'sets' must be a whole number from 1 to 20, "
            "got a number with a fraction (2.0); write sets = 2"
        ],
    ),
    (
        "exercise name is a number",
        """\
        name = "Legs"
        [[exercise]]
        name = 3
        sets = 2
        reps = 10
        """,
        ["3:1: exercise 1: 'name' must be text in quotes, got an integer (3)"],
    ),
    (
        "routine name is a number",
        """\
        name = 3
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["1:1: 'name' must be text in quotes, got an integer (3)"],
    ),
    (
        "cues not a list",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        cues = 5
        """,
        [
            "6:1: exercise 1 (\"Squats\"): 'cues' must be a list of texts like "
            '["…", "…"], got an integer (5)'
        ],
    ),
    (
        "cues with a number in the list",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        cues = ["Chest up", 7, ""]
        """,
        [
            "6:1: exercise 1 (\"Squats\"): item 2 of 'cues' must be text in quotes, "
            "got an integer (7)",
            "6:1: exercise 1 (\"Squats\"): item 3 of 'cues' is empty",
        ],
    ),
    (
        "per_side yes",
        """\
        name = "Legs"
        [[exercise]]
        name = "Step-ups"
        sets = 2
        reps = 10
        per_side = "yes"
        """,
        [
            "6:1: exercise 1 (\"Step-ups\"): 'per_side' must be true, false or "
            '"alternating", got "yes"'
        ],
    ),
    (
        "zero sets and negative reps",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 0
        reps = -3
        """,
        [
            "4:1: exercise 1 (\"Squats\"): 'sets' must be a whole number from 1 to 20, got 0",
            "5:1: exercise 1 (\"Squats\"): 'reps' must be a whole number from 1 to 200, got -3",
        ],
    ),
    (
        "negative sets and zero reps",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = -1
        reps = 0
        """,
        [
            "4:1: exercise 1 (\"Squats\"): 'sets' must be a whole number from 1 to 20, got -1",
            "5:1: exercise 1 (\"Squats\"): 'reps' must be a whole number from 1 to 200, got 0",
        ],
    ),
    (
        "10 000 reps",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10_000
        """,
        ["5:1: exercise 1 (\"Squats\"): 'reps' must be a whole number from 1 to 200, got 10000"],
    ),
    (
        "a 5-hour rest",
        """\
        name = "Legs"
        rest_between_sets = "5h"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        rest_after = "5:00:00"
        """,
        [
            "2:1: 'rest_between_sets' is 5 h; it must be from 0 s to 15 min",
            "7:1: exercise 1 (\"Squats\"): 'rest_after' is 5 h; it must be from 0 s to 15 min",
        ],
    ),
    (
        "an absurdly long rest",
        """\
        name = "Legs"
        rest_between_exercises = 99999999999999
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["2:1: 'rest_between_exercises' is far too long; it must be from 0 s to 15 min"],
    ),
    (
        "both reps and hold",
        """\
        name = "Legs"
        [[exercise]]
        name = "Plank"
        sets = 2
        reps = 10
        hold = "30s"
        """,
        [
            "6:1: exercise 1 (\"Plank\"): give either 'reps' or 'hold', not both: reps count "
            "repetitions, hold times a position such as a plank"
        ],
    ),
    (
        "neither reps nor hold",
        """\
        name = "Legs"

        [[exercise]]
        name = "Plank"
        sets = 2
        """,
        [
            "3:1: exercise 1 (\"Plank\"): give 'reps' (repetitions per set, e.g. reps = 10) "
            'or \'hold\' (a timed hold, e.g. hold = "30s"); for timed work, work = "40s"; '
            'for a running leg, distance = "400m" or run = "3m"'
        ],
    ),
    (
        "empty exercise list",
        """\
        name = "Legs"
        exercise = []
        """,
        ["2:1: the exercise list is empty; add at least one [[exercise]]"],
    ),
    (
        "no exercises",
        """\
        name = "Legs"
        description = "Nothing yet"
        """,
        [
            "1:1: the routine has no exercises; add at least one [[exercise]] table with a "
            "name, sets and reps or hold"
        ],
    ),
    (
        "exercise is a list of numbers",
        """\
        name = "Legs"
        exercise = [1, 2]
        """,
        [
            "2:1: 'exercise' must be [[exercise]] tables, one per exercise: write "
            "[[exercise]] on its own line above each exercise's keys"
        ],
    ),
    (
        "[exercise] in single brackets",
        """\
        name = "Legs"
        [exercise]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["2:1: write each exercise as [[exercise]] (double brackets), not [exercise]"],
    ),
    (
        "51 exercises",
        'name = "Legs"\n' + '[[exercise]]\nname = "Squats"\nsets = 1\nreps = 1\n' * 51,
        ["2:1: the routine has 51 exercises; keep it to 50"],
    ),
    (
        "malformed durations",
        """\
        name = "Legs"
        rest_between_sets = "90x"
        rest_between_exercises = 1.5
        switch_sides = "1:75"
        rep_pace = true
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        [
            f"2:1: 'rest_between_sets': \"90x\" is not a duration; {DURATION_HELP}",
            f"3:1: 'rest_between_exercises': 1.5 is not a whole number of seconds; {DURATION_HELP}",
            f"4:1: 'switch_sides': \"1:75\" is not a duration; {DURATION_HELP}",
            f"5:1: 'rep_pace': expected a duration, got true; {DURATION_HELP}",
        ],
    ),
    (
        "durations out of range at the top",
        """\
        name = "Legs"
        switch_sides = "2m"
        rep_pace = 0
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        [
            "2:1: 'switch_sides' is 2 min; it must be from 0 s to 1 min",
            "3:1: 'rep_pace' is 0 s; it must be from 1 s to 30 s",
        ],
    ),
    (
        "hold too long",
        """\
        name = "Core"
        [[exercise]]
        name = "Plank"
        sets = 2
        hold = "11m"
        """,
        ["5:1: exercise 1 (\"Plank\"): 'hold' is 11 min; it must be from 1 s to 10 min"],
    ),
    (
        "hold of zero",
        """\
        name = "Core"
        [[exercise]]
        name = "Plank"
        sets = 2
        hold = 0
        """,
        ["5:1: exercise 1 (\"Plank\"): 'hold' is 0 s; it must be from 1 s to 10 min"],
    ),
    (
        "unit stone",
        """\
        name = "Legs"
        [[exercise]]
        name = "Goblet squat"
        sets = 2
        reps = 10
        load = 8
        unit = "stone"
        """,
        ['7:1: exercise 1 ("Goblet squat"): \'unit\' must be "kg" or "lb", got "stone"'],
    ),
    (
        "start on a rep exercise, and a start that is neither auto nor key",
        """\
        name = "Legs"
        start = "automatic"
        [[exercise]]
        name = "Squat"
        sets = 2
        reps = 10
        start = "auto"
        """,
        [
            '2:1: \'start\' must be "auto" or "key", got "automatic"; did you mean "auto"?',
            "7:1: exercise 1 (\"Squat\"): 'start' is for holds, timed work and timed runs "
            "(a rep set starts with your first rep, a run by distance when the rest before it "
            "ends); remove it",
        ],
    ),
    (
        "unit and load_step without load",
        """\
        name = "Legs"
        [[exercise]]
        name = "Goblet squat"
        sets = 2
        reps = 10
        unit = "lb"
        load_step = 2
        """,
        [
            "6:1: exercise 1 (\"Goblet squat\"): 'unit' needs a 'load'; "
            "add load = 10 (the weight you carry)",
            "7:1: exercise 1 (\"Goblet squat\"): 'load_step' needs a 'load'; "
            "add load = 10 (the weight you carry)",
        ],
    ),
    (
        "negative load, zero step",
        """\
        name = "Legs"
        [[exercise]]
        name = "Goblet squat"
        sets = 2
        reps = 10
        load = -5
        load_step = 0
        """,
        [
            "6:1: exercise 1 (\"Goblet squat\"): 'load' must be from 0 to 1000, got -5",
            "7:1: exercise 1 (\"Goblet squat\"): 'load_step' must be more than 0 and at most "
            "100, got 0",
        ],
    ),
    (
        "load in quotes, load too heavy",
        """\
        name = "Legs"
        [[exercise]]
        name = "Goblet squat"
        sets = 2
        reps = 10
        load = "8"
        [[exercise]]
        name = "Deadlift"
        sets = 2
        reps = 5
        load = 1000.5
        """,
        [
            "6:1: exercise 1 (\"Goblet squat\"): 'load' must be a number, got a string "
            '("8"); remove the quotes: load = 8',
            "11:1: exercise 2 (\"Deadlift\"): 'load' must be from 0 to 1000, got 1000.5",
        ],
    ),
    (
        "load as a dotted table points at the dotted key",
        """\
        name = "Legs"
        [[exercise]]
        name = "Goblet squat"
        sets = 2
        reps = 10
        load.kg = 8
        """,
        ["6:1: exercise 1 (\"Goblet squat\"): 'load' must be a number, got a table"],
    ),
    (
        "routine name missing",
        """\
        description = "No name"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["1:1: the routine has no 'name'; add name = \"...\" at the top of the file"],
    ),
    (
        "routine name empty",
        """\
        name = "   "
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["1:1: 'name' is empty; give the routine a name"],
    ),
    (
        "routine name on two lines",
        '''\
        name = """Legs
        day"""
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        ''',
        ["1:1: 'name' must fit on one line"],
    ),
    (
        "routine name too long",
        f"""\
        name = "{"x" * 81}"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["1:1: 'name' is 81 characters long; keep it to 80"],
    ),
    (
        "exercise name missing and empty",
        """\
        name = "Legs"
        [[exercise]]
        sets = 2
        reps = 10
        [[exercise]]
        name = ""
        sets = 2
        reps = 10
        """,
        [
            "2:1: exercise 1: 'name' is missing; add name = \"...\"",
            "6:1: exercise 2: 'name' is empty; give the exercise a name",
        ],
    ),
    (
        "sets missing",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        reps = 10
        """,
        ["2:1: exercise 1 (\"Squats\"): 'sets' is missing; add sets = 2 (1 to 20)"],
    ),
    (
        "warm-up without a duration, too short, unknown key",
        """\
        name = "Legs"
        [warmup]
        steps = ["Jog"]
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        ["2:1: warm-up: 'duration' is missing; add duration = \"5m\" under [warmup]"],
    ),
    (
        "warm-up too short, misspelt key",
        """\
        name = "Legs"
        [warmup]
        duration = "5s"
        step = ["Jog"]
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        [
            "3:1: warm-up: 'duration' is 5 s; it must be from 10 s to 1 h",
            "4:1: warm-up: 'step' is not a key of the warm-up; did you mean 'steps'?",
        ],
    ),
    (
        "warm-up written as a value",
        """\
        name = "Legs"
        warmup = "5m"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        [
            "2:1: 'warmup' must be a table: write [warmup] on its own line, then "
            'duration = "5m"; got a string'
        ],
    ),
    (
        "too many cues, too long a benefit",
        f"""\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        cues = [{", ".join('"cue"' for _ in range(13))}]
        benefit = "{"b" * 501}"
        """,
        [
            "6:1: exercise 1 (\"Squats\"): 'cues' has 13 items; keep it to 12",
            "7:1: exercise 1 (\"Squats\"): 'benefit' is 501 characters long; keep it to 500",
        ],
    ),
    (
        "unclosed string",
        """\
        name = "Legs
        [[exercise]]
        """,
        [
            "1:13: not valid TOML: Illegal character '\\n'; a quoted text is not closed on "
            'this line (use """ for text over several lines)'
        ],
    ),
    (
        "missing value",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps =
        """,
        [
            '5:7: not valid TOML: Invalid value; a value is a number, true, false, "text in '
            'quotes" or a [list]; text needs its quotes: name = "Squats"'
        ],
    ),
    (
        "text without quotes",
        """\
        name = Legs
        """,
        [
            '1:8: not valid TOML: Invalid value; a value is a number, true, false, "text in '
            'quotes" or a [list]; text needs its quotes: name = "Squats"'
        ],
    ),
    (
        "missing equals sign",
        """\
        name = "Legs"
        [[exercise]]
        name "Squats"
        """,
        [
            "3:6: not valid TOML: Expected '=' after a key in a key/value pair; "
            "check the quotes, brackets and '=' here"
        ],
    ),
    (
        "a key given twice",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
          sets = 3
        """,
        [
            "5:3: not valid TOML: Cannot overwrite a value; a key is given twice in the same "
            "table; keep only one"
        ],
    ),
    (
        "[exercise] twice",
        """\
        name = "Legs"
        [exercise]
        name = "Squats"
        [exercise]
        name = "Lunges"
        """,
        [
            "4:10: not valid TOML: [exercise] appears twice; write each exercise as "
            "[[exercise]] (double brackets)"
        ],
    ),
    (
        "[warmup] twice",
        """\
        name = "Legs"
        [warmup]
        duration = "5m"

        [warmup]
        steps = ["Jog"]
        """,
        [
            "5:8: not valid TOML: [warmup] appears twice; keep one [warmup] and put all its "
            "keys under it"
        ],
    ),
    (
        "a number with thousands of digits",
        'name = "Legs"\nrest_between_sets = ' + "9" * 5000 + "\n",
        ["2:21: not valid TOML: a number here has far too many digits"],
    ),
    (
        "lists nested far too deeply",
        'name = "Legs"\ncues = ' + "[" * 5000 + "]" * 5000 + "\n",
        ["2:8: not valid TOML: lists or tables are nested far too deeply"],
    ),
    (
        "a key of thousands of dotted parts (tomllib would take hours)",
        'name = "Legs"\n' + "a." * 200_000 + "a = 1\n",
        [
            "2:1: a key here has more than 256 dotted parts; no real key has so many "
            "(write it with fewer dots)"
        ],
    ),
    (
        "several problems, all reported, sorted by line",
        """\
        name = "Legs"
        rest_between_sets = "x"
        [[exercise]]
        name = "Squats"
        sets = 0
        rep = 10
        [[exercise]]
        name = "Lunges"
        per_side = "both"
        sets = 2
        reps = 1000
        [warmup]
        duration = "2h"
        """,
        [
            f"2:1: 'rest_between_sets': \"x\" is not a duration; {DURATION_HELP}",
            "5:1: exercise 1 (\"Squats\"): 'sets' must be a whole number from 1 to 20, got 0",
            "6:1: exercise 1 (\"Squats\"): 'rep' is not a key of an exercise; did you mean 'reps'?",
            "9:1: exercise 2 (\"Lunges\"): 'per_side' must be true, false or "
            '"alternating", got "both"',
            "11:1: exercise 2 (\"Lunges\"): 'reps' must be a whole number from 1 to 200, got 1000",
            "13:1: warm-up: 'duration' is 2 h; it must be from 10 s to 1 h",
        ],
    ),
    (
        "a bad entry in a multi-line list of inline exercises points at its key",
        """\
        name = "Legs"
        exercise = [
          { name = "Squats", sets = 2, reps = 10 },
          { name = "Plank", sets = 2, hodl = "30s" },
        ]
        """,
        ["4:31: exercise 2 (\"Plank\"): 'hodl' is not a key of an exercise; did you mean 'hold'?"],
    ),
    (
        "problems in inline exercises point at each entry and each key",
        """\
        name = "Legs"
        exercise = [
          { name = "Squats", sets = 2, reps = 10 },
          { name = "Plank", hodl = "30s" },
          { name = "Lunges", sets = 0, reps = 10 },
        ]
        """,
        [
            "4:3: exercise 2 (\"Plank\"): 'sets' is missing; add sets = 2 (1 to 20)",
            "4:21: exercise 2 (\"Plank\"): 'hodl' is not a key of an exercise; "
            "did you mean 'hold'?",
            "5:22: exercise 3 (\"Lunges\"): 'sets' must be a whole number from 1 to 20, got 0",
        ],
    ),
    (
        "an inline warm-up table locates its keys by column",
        """\
        name = "Legs"
        warmup = { duration = "5s", stepz = [] }
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        [
            "2:12: warm-up: 'duration' is 5 s; it must be from 10 s to 1 h",
            "2:29: warm-up: 'stepz' is not a key of the warm-up; did you mean 'steps'?",
        ],
    ),
    (
        "[exercise.squats] points at its header",
        """\
        name = "Legs"

        [exercise.squats]
        sets = 2
        reps = 10
        """,
        ["3:1: write each exercise as [[exercise]] (double brackets), not [exercise]"],
    ),
    (
        "quoted keys with escapes are located",
        """\
        description = "Legs"
        "n\\u0061me" = 3
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
          "hol\\u0064" = "5h"
        """,
        [
            "2:1: 'name' must be text in quotes, got an integer (3)",
            "7:3: exercise 1 (\"Squats\"): give either 'reps' or 'hold', not both: reps count "
            "repetitions, hold times a position such as a plank",
            "7:3: exercise 1 (\"Squats\"): 'hold' is 5 h; it must be from 1 s to 10 min",
        ],
    ),
    (
        "an unclosed list points where it opens",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        cues = ["Knees out", "Chest up"
        benefit = "Strong legs"
        """,
        ["6:8: not valid TOML: the list opened here is never closed; add ] after its last item"],
    ),
    (
        "an unclosed list ending in a comma points where it opens",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        cues = [
            "Knees out",
            "Chest up",
        benefit = "Strong legs"
        """,
        ["6:8: not valid TOML: the list opened here is never closed; add ] after its last item"],
    ),
    (
        "an unclosed list before the next [[exercise]] points where it opens",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        cues = ["Knees out [wide]", # not ] yet
                "Chest up",
        [[exercise]]
        name = "Lunges"
        sets = 2
        reps = 10
        """,
        ["6:8: not valid TOML: the list opened here is never closed; add ] after its last item"],
    ),
    (
        "an unclosed list at the end of the file points where it opens",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
          equipment = ["mat", "box"
        """,
        ["6:15: not valid TOML: the list opened here is never closed; add ] after its last item"],
    ),
    (
        "an unclosed list of inline exercises points where it opens",
        """\
        name = "Legs"
        exercise = [
          { name = "Squats", sets = 2, reps = 10 },
          { name = "Plank", sets = 2, hold = "30s" }

        [warmup]
        duration = "5m"
        """,
        ["2:12: not valid TOML: the list opened here is never closed; add ] after its last item"],
    ),
    (
        "a missing comma in a list that is closed later is located by tomllib",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        cues = [
            "Knees out"
            "Chest up",
        ]
        """,
        [
            "8:5: not valid TOML: Unclosed array; the items of a list need commas between "
            "them, and ] after the last"
        ],
    ),
    (
        "an unclosed '...' text points at its quote",
        """\
        name = "Legs"
        description = 'Leg day
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        """,
        [
            "2:15: not valid TOML: the text in quotes that starts here with ' is never "
            "closed; end it with ' on the same line"
        ],
    ),
    (
        "an unclosed '...' text before another ' points at its line's end",
        """\
        name = "Legs"
        description = 'Leg day
        [[exercise]]
        name = 'Squats'
        """,
        [
            "2:23: not valid TOML: Found invalid character '\\n'; a quoted text is not closed "
            'on this line (use """ for text over several lines)'
        ],
    ),
    (
        'an unclosed """ text points at its quotes',
        '''\
        name = "Legs"
        notes = """Slow,
        and steady.
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        ''',
        [
            '2:9: not valid TOML: the text in quotes that starts here with """ is never '
            'closed; end it with """'
        ],
    ),
    (
        "an unclosed ''' text points at its quotes",
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
          notes = '''Slow, it's
        and steady.
        """,
        [
            "6:11: not valid TOML: the text in quotes that starts here with ''' is never "
            "closed; end it with '''"
        ],
    ),
    (
        "an unclosed text at the very end of the file points at its quote",
        'name = "Legs"\ndescription = "Leg day',
        [
            '2:15: not valid TOML: the text in quotes that starts here with " is never '
            'closed; end it with " on the same line'
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for _, text, expected in BAD_FILES],
    ids=[case_id for case_id, _, _ in BAD_FILES],
)
def test_bad_routine_files_get_exact_located_messages(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = routine_file(tmp_path, text)
    assert problems(path) == [f"{path}:{line}" for line in expected]


def test_line_numbers_survive_unicode_line_separators_inside_strings(tmp_path: Path) -> None:
    path = routine_file(
        tmp_path,
        'name = "Legs\u2028day\x85"\n'
        'description = "A\u2029B"\n'
        "[[exercise]]\n"
        'name = "Squats"\n'
        "sets = 99\n"
        "reps = 10\n",
    )
    assert problems(path) == [
        f"{path}:5:1: exercise 1 (\"Squats\"): 'sets' must be a whole number from 1 to 20, got 99"
    ]


def test_a_long_wrong_value_is_shortened_in_the_message(tmp_path: Path) -> None:
    path = routine_file(
        tmp_path,
        f"""\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 10
        per_side = "{"y" * 500}"
        """,
    )
    [message] = problems(path)
    assert message.endswith('got "' + "y" * 27 + '..."')


# -- files that are not routine text at all ---------------------------------------------


def test_bytes_that_are_not_utf8_are_located_by_line_and_character(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    # Line 2 has a two-byte "é" before the bad byte: the column counts characters
    # (18, as an editor shows it), not bytes (19).
    path.write_bytes(b'name = "Legs"\ndescription = "\xc3\xa9t\xe9"\n')
    assert problems(path) == [
        f"{path}:2:18: the file is not UTF-8 text (byte 0xe9); save it as UTF-8 in your editor"
    ]


def test_empty_and_blank_files(tmp_path: Path) -> None:
    message = (
        "the file is empty; a routine needs a name and at least one [[exercise]] "
        "(runtimer new NAME writes a commented example)"
    )
    for name, text in [("empty.toml", ""), ("blank.toml", "  \n\t\n\n")]:
        path = routine_file(tmp_path, text, name)
        assert problems(path) == [f"{path}:1:1: {message}"]


def test_a_file_of_only_comments(tmp_path: Path) -> None:
    path = routine_file(tmp_path, "# my routine\n\n# to do: exercises\n")
    assert problems(path) == [
        f"{path}:1:1: the file has only comments; a routine needs a name and at least one "
        "[[exercise]] (runtimer new NAME writes a commented example)"
    ]


def test_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "legs.toml"
    folder.mkdir()
    assert problems(folder) == [
        f"{folder}:1:1: this is a folder, not a routine file; give the path of a .toml file"
    ]


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert problems(path) == [
        f"{path}:1:1: no such file; check the path (runtimer list shows every routine found)"
    ]


def test_a_file_over_one_mib_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(8 * 1024**3)  # sparse: 8 GiB that would take long to read
    assert problems(path) == [
        f"{path}:1:1: the file is 8,589,934,592 bytes; a routine file must be at most 1 MiB "
        "(1,048,576 bytes), so this is probably not a routine"
    ]


def test_one_byte_over_one_mib_is_refused_and_exactly_one_mib_loads(tmp_path: Path) -> None:
    body = 'name = "Legs"\n[[exercise]]\nname = "Squats"\nsets = 2\nreps = 10\n#'
    exact = tmp_path / "exact.toml"
    exact.write_text(body + "x" * (1024 * 1024 - len(body)), encoding="utf-8")
    assert exact.stat().st_size == 1024 * 1024
    assert load_routine(exact).name == "Legs"
    over = tmp_path / "over.toml"
    over.write_text(body + "x" * (1024 * 1024 + 1 - len(body)), encoding="utf-8")
    assert problems(over) == [
        f"{over}:1:1: the file is 1,048,577 bytes; a routine file must be at most 1 MiB "
        "(1,048,576 bytes), so this is probably not a routine"
    ]


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(
        b'\xef\xbb\xbfname = "Legs"\n[[exercise]]\nname = "Squats"\nsets = 2\nreps = 10\n'
    )
    assert load_routine(path).name == "Legs"


def test_a_bom_file_with_a_mistake_keeps_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b'\xef\xbb\xbfname = "L\xffgs"\n')
    assert problems(path) == [
        f"{path}:1:10: the file is not UTF-8 text (byte 0xff); save it as UTF-8 in your editor"
    ]


# -- a good file -------------------------------------------------------------------------

GOOD = """\
name = "  Everything [bold]at once[/bold]  "
description = "Uses [red]every[/] key."
notes = "Warm up first."
rest_between_sets = "1m 30s"
rest_between_exercises = "2 min"
switch_sides = 10
rep_pace = "0:04"

[warmup]
duration = "1:00:00"
steps = ["Jog [easy]", "Leg swings"]

[[exercise]]
name = "Step-ups"
sets = 3
reps = 10
per_side = true
equipment = ["box"]
cues = ["[b]Whole foot[/b] on the box", "Stand tall"]
benefit = "Power."
harder = "Hold weights."
easier = "Lower box."
notes = "Slow."
load = 8
unit = "kg"

[[exercise]]
name = "Plank"
sets = 2
hold = "45 sec"
rest_between_sets = "1m"
rest_after = 0
equipment = ["mat"]

[[exercise]]
name = "Walking lunges"
sets = 2
reps = 8
per_side = "Alternating"
load = 20.5
unit = "LB"

[[exercise]]
name = "Farmer carry"
sets = 1
hold = "1:30"
load = 24
load_step = 4
equipment = ["box", "kettlebell"]
"""


def test_a_file_using_every_key_loads_with_the_values_written(tmp_path: Path) -> None:
    path = routine_file(tmp_path, GOOD, "everything.toml")
    routine = load_routine(path)
    assert routine.source == path
    assert routine.name == "Everything [bold]at once[/bold]"  # trimmed, markup kept literally
    assert routine.description == "Uses [red]every[/] key."
    assert routine.notes == "Warm up first."
    assert routine.rest_between_sets == 90
    assert routine.rest_between_exercises == 120
    assert routine.switch_sides == 10
    assert routine.rep_pace == 4
    assert routine.warmup is not None
    assert routine.warmup.duration == 3600
    assert routine.warmup.steps == ("Jog [easy]", "Leg swings")
    assert routine.equipment == ("box", "mat", "kettlebell")

    step_ups, plank, lunges, carry = routine.exercises
    assert (step_ups.sets, step_ups.reps, step_ups.hold, step_ups.sides) == (
        3,
        10,
        None,
        Sides.EACH,
    )
    assert step_ups.cues == ("[b]Whole foot[/b] on the box", "Stand tall")
    assert (step_ups.benefit, step_ups.harder, step_ups.easier, step_ups.notes) == (
        "Power.",
        "Hold weights.",
        "Lower box.",
        "Slow.",
    )
    # Rests default to the routine's own values.
    assert (step_ups.rest_between_sets, step_ups.rest_after) == (90, 120)
    assert step_ups.load == Load(8.0, "kg", 2.0)
    assert step_ups.target_text() == "3 × 10 each side @ 8 kg"

    assert (plank.reps, plank.hold, plank.sides, plank.load) == (None, 45, Sides.BOTH, None)
    assert (plank.rest_between_sets, plank.rest_after) == (60, 0)  # per-exercise overrides
    assert plank.target_text() == "2 × 45 s hold"

    assert lunges.sides is Sides.ALTERNATING
    assert lunges.load == Load(20.5, "lb", 5.0)  # the default step follows the unit
    assert lunges.target_text() == "2 × 8 each side, alternating @ 20.5 lb"

    assert carry.hold == 90
    assert carry.load == Load(24.0, "kg", 4.0)


def test_defaults_fill_in_what_a_minimal_file_leaves_out(tmp_path: Path) -> None:
    path = routine_file(
        tmp_path,
        """\
        name = "Minimal"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 15
        """,
    )
    routine = load_routine(path)
    assert (routine.description, routine.notes, routine.warmup) == ("", "", None)
    assert (routine.rest_between_sets, routine.rest_between_exercises) == (90, 120)
    assert (routine.switch_sides, routine.rep_pace) == (5, 3)
    [squats] = routine.exercises
    assert (squats.sides, squats.load, squats.equipment, squats.cues) == (Sides.BOTH, None, (), ())
    assert (squats.rest_between_sets, squats.rest_after) == (90, 120)


def test_routine_rests_become_each_exercises_default(tmp_path: Path) -> None:
    path = routine_file(
        tmp_path,
        """\
        name = "Short rests"
        rest_between_sets = 30
        rest_between_exercises = "45s"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 15
        [[exercise]]
        name = "Lunges"
        sets = 2
        reps = 15
        rest_between_sets = "1:00"
        """,
    )
    squats, lunges = load_routine(path).exercises
    assert (squats.rest_between_sets, squats.rest_after) == (30, 45)
    assert (lunges.rest_between_sets, lunges.rest_after) == (60, 45)


def test_a_single_cue_may_be_written_as_plain_text(tmp_path: Path) -> None:
    path = routine_file(
        tmp_path,
        """\
        name = "Legs"
        [[exercise]]
        name = "Squats"
        sets = 2
        reps = 15
        cues = "Chest up"
        """,
    )
    assert load_routine(path).exercises[0].cues == ("Chest up",)


# -- nothing but RoutineError, whatever the input ------------------------------------------

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = st.sampled_from(sorted({*ROUTINE_KEYS, *WARMUP_KEYS, *EXERCISE_KEYS}))
ANY_KEY = st.one_of(KEYS, KEYS, st.text(max_size=8))  # mostly real keys, some others
SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.integers(-5, 300),
    st.floats(),  # nan and inf included
    st.text(max_size=20),
    st.sampled_from(["90", "45s", "1m30s", "1:30", "2h", "alternating", "kg", "lb", "", " "]),
    st.datetimes(),
    st.dates(),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(ANY_KEY, inner, max_size=4)
    ),
    max_leaves=6,
)
TABLES = st.dictionaries(ANY_KEY, VALUES, max_size=6)
DOCUMENTS = st.tuples(
    st.fixed_dictionaries(
        {},
        optional={
            "name": VALUES,
            "exercise": st.one_of(st.lists(TABLES, max_size=3), VALUES),
            "warmup": st.one_of(TABLES, VALUES),
        },
    ),
    TABLES,
).map(lambda pair: {**pair[1], **pair[0]})


def only_routine_errors(text: str, path: Path) -> None:
    try:
        routine = parse_routine(text, path)
    except RoutineError as error:
        assert error.problems
        for problem in error.problems:
            assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}: ")
            assert 1 <= problem.line <= text.count("\n") + 1
            assert problem.column >= 1
            assert problem.message.strip()
    else:
        assert routine.exercises and routine.name


@FAST
@given(st.text())
def test_any_text_gives_a_routine_or_a_routine_error(text: str) -> None:
    only_routine_errors(text, Path("any.toml"))


# Pieces of routine syntax, so that random text reaches deeper into the parser.
TOKENS = [
    *"[]{}\"'=#\n .abc123_-:\\\t",
    *['"""', "'''", "name", "exercise", "sets", "reps", "hold", "[[exercise]]"],
    *["\n[exercise]\n", "\n[warmup]\n", " = ", '"30s"', "10", "true", "\u2028"],
]


@FAST
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_routine_like_text_gives_a_routine_or_a_routine_error(text: str) -> None:
    only_routine_errors(text, Path("tokens.toml"))


@FAST
@given(DOCUMENTS)
def test_any_toml_document_gives_a_routine_or_a_routine_error(document: dict[str, Any]) -> None:
    only_routine_errors(tomli_w.dumps(document), Path("doc.toml"))


@FAST
@given(st.lists(st.dictionaries(KEYS, SCALARS, max_size=4), min_size=1, max_size=3), VALUES)
def test_near_valid_documents_never_crash(tables: list[dict[str, Any]], name: Any) -> None:
    base = {"name": "Legs", "sets": 2, "reps": 10}
    exercises = [{**base, **table} for table in tables]
    only_routine_errors(tomli_w.dumps({"name": name, "exercise": exercises}), Path("near.toml"))


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_in_a_file_give_a_routine_or_a_routine_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "routine.toml"
    path.write_bytes(b'name = "Legs"\n' + data)
    try:
        load_routine(path)
    except RoutineError as error:
        assert all(problem.line >= 1 for problem in error.problems)


@settings(max_examples=100, deadline=None)
@given(
    name=st.text(min_size=1, max_size=80).filter(
        lambda s: s.strip() and "\n" not in s and "\r" not in s
    ),
    sets=st.integers(1, 20),
    reps=st.integers(1, 200),
    load=st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 2)),
)
def test_valid_values_come_back_as_written(name: str, sets: int, reps: int, load: float) -> None:
    text = tomli_w.dumps(
        {"name": name, "exercise": [{"name": name, "sets": sets, "reps": reps, "load": load}]}
    )
    routine = parse_routine(text, Path("ok.toml"))
    [exercise] = routine.exercises
    assert routine.name == name.strip()
    assert (exercise.sets, exercise.reps) == (sets, reps)
    assert exercise.load is not None and math.isclose(exercise.load.amount, load)


def test_start_auto_is_the_routines_and_an_exercise_may_say_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "core.toml"
    path.write_text(
        'name = "Core"\nstart = "AUTO"\n'
        '[[exercise]]\nname = "Plank"\nsets = 2\nhold = "30s"\n'
        '[[exercise]]\nname = "Side plank"\nsets = 2\nhold = "20s"\nper_side = true\n'
        'start = "key"\n'
        '[[exercise]]\nname = "Dead bug"\nsets = 2\nreps = 10\n',
        encoding="utf-8",
    )
    plank, side, bug = load_routine(path).exercises
    assert plank.auto_start and not side.auto_start
    assert not bug.auto_start  # rep sets have nothing to start
