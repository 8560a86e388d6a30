"""Read a hand-written routine file into a `Routine`, explaining every mistake.

The loader is strict on purpose: an unknown key is far more often a typo than an
intention, and a workout that silently ignores `rep = 12` is worse than an error.
All problems in a file are reported at once, each as `path:line:col: message`.

Modules: `source` (reading the file's text), `syntax` (the text as a TOML document,
syntax errors located and explained), `schema` (the routine's keys, types and ranges,
checked with `runtimer.core.validate`).
"""

from __future__ import annotations

from runtimer.core.loader.schema import (
    CIRCUIT_KEYS,
    EXERCISE_KEYS,
    MAX_DISTANCE,
    MAX_EXERCISES,
    MAX_HOLD,
    MAX_ITEM,
    MAX_LOAD,
    MAX_LOAD_STEP,
    MAX_LONG_TEXT,
    MAX_NAME,
    MAX_REPS,
    MAX_REST,
    MAX_ROUNDS,
    MAX_RUN,
    MAX_SETS,
    MAX_SHORT_TEXT,
    MAX_SWITCH,
    MAX_WARMUP,
    ROUTINE_KEYS,
    WARMUP_KEYS,
    load_routine,
    parse_routine,
)
from runtimer.core.loader.source import MAX_FILE_BYTES, RoutineError, read_routine_text
from runtimer.core.validate import Problem

__all__ = [
    "CIRCUIT_KEYS",
    "EXERCISE_KEYS",
    "MAX_DISTANCE",
    "MAX_EXERCISES",
    "MAX_FILE_BYTES",
    "MAX_HOLD",
    "MAX_ITEM",
    "MAX_LOAD",
    "MAX_LOAD_STEP",
    "MAX_LONG_TEXT",
    "MAX_NAME",
    "MAX_REPS",
    "MAX_REST",
    "MAX_ROUNDS",
    "MAX_RUN",
    "MAX_SETS",
    "MAX_SHORT_TEXT",
    "MAX_SWITCH",
    "MAX_WARMUP",
    "ROUTINE_KEYS",
    "WARMUP_KEYS",
    "Problem",
    "RoutineError",
    "load_routine",
    "parse_routine",
    "read_routine_text",
]
