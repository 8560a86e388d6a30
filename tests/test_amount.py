"""One function decides what a step asks for; the screen and the voice each word it."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from runtimer.core.amount import AmountKind, step_amount
from runtimer.core.loader import parse_routine
from runtimer.core.plan import build_plan
from runtimer.core.session import amount_words
from runtimer.core.voice.phrases import _said, _started

ROUTINE = """\
name = "Every kind"
[[exercise]]
name = "Squat"
sets = 1
reps = 10
[[exercise]]
name = "Last set"
sets = 1
reps = "8+"
[[exercise]]
name = "Walking lunges"
sets = 1
reps = "12+"
per_side = "alternating"
[[exercise]]
name = "Plank"
sets = 1
hold = "30s"
[[exercise]]
name = "Burpees"
sets = 1
work = "40s"
[[exercise]]
name = "Easy run"
sets = 1
run = "3m"
[[exercise]]
name = "Track"
sets = 1
distance = "400m"
pace = "5:30/km"
[[exercise]]
name = "Mile"
sets = 1
distance = "1.6km"
lap = "2m"
"""


@pytest.mark.parametrize(
    ("name", "kind", "screen", "said", "started"),
    [
        ("Squat", AmountKind.REPS, "10 reps", "10 reps", None),
        ("Last set", AmountKind.REPS, "at least 8 reps", "at least 8 reps", None),
        # The screen counts both legs (and says "alternate sides, 12 each" beside it);
        # the voice says the reps on each leg.
        (
            "Walking lunges",
            AmountKind.REPS,
            "at least 24 reps",
            "at least 12 reps each side",
            None,
        ),
        ("Plank", AmountKind.HOLD, "hold 30 s", "hold 30 seconds", "Hold 30 seconds."),
        (
            "Burpees",
            AmountKind.WORK,
            "40 s, as many reps as you can",
            "40 seconds, as many as you can",
            "Go. 40 seconds.",
        ),
        ("Easy run", AmountKind.RUN, "run 3 min", "run 3 minutes", "Run 3 minutes."),
        ("Track", AmountKind.DISTANCE, "run 400 m at 5:30/km", "run 400 metres", None),
        ("Mile", AmountKind.DISTANCE, "run 1.6 km, lap 2 min", "run 1.6 kilometres", None),
    ],
)
def test_each_kind_of_step_is_decided_once_and_worded_twice(
    name: str, kind: AmountKind, screen: str, said: str, started: str | None
) -> None:
    routine = parse_routine(dedent(ROUTINE), Path("/r/every.toml"))
    index = next(i for i, e in enumerate(routine.exercises) if e.name == name)
    step = next(s for s in build_plan(routine) if s.is_work and s.exercise_index == index)
    sides = routine.exercises[index].sides
    assert step_amount(step, sides).kind is kind
    assert amount_words(step) == screen
    assert _said(step_amount(step, sides)) == said
    assert _started(step) == started
