"""The routines that ship with runtimer, and the template behind `runtimer new`.

They are what a new user sees first, so they must load, carry the guides' numbers
exactly, stay readable on a workout screen, and be written in our own words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from runtimer.core.loader import load_routine
from runtimer.core.routine import Routine, Sides

ROOT = Path(__file__).resolve().parents[1]
ROUTINES_DIR = ROOT / "routines"
TEMPLATE = ROOT / "runtimer" / "core" / "template.toml"
FORMAT_DOC = ROOT / "README.md"  # its "The routine format" section is the manual
# CI checks the repository out beside `shared/`, which holds the source guides.
SEEDS_DIR = ROOT.parent / "shared" / "seeds"

BUNDLED = sorted(ROUTINES_DIR.glob("*.toml"))


def format_doc() -> str:
    """The README's "The routine format" section, which documents every key."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    return text.split("## The routine format", 1)[1].split("\n## ", 1)[0]


MAX_CUE_CHARS = 80

# "A Good Workout Routine for Runners to Follow", from the first guide: name, sets,
# reps, sides, in the guide's order.
FULL_BODY = [
    ("Press-ups", 2, 10, Sides.BOTH),
    ("Dumbbell row", 2, 12, Sides.EACH),
    ("Tricep dips", 2, 12, Sides.BOTH),
    ("Step-ups", 2, 10, Sides.EACH),
    ("Squats", 2, 15, Sides.BOTH),
    ("Walking lunges", 2, 8, Sides.ALTERNATING),
    ("Single-leg deadlift", 2, 10, Sides.EACH),
    ("Superman / back extension", 2, 10, Sides.BOTH),
    ("Glute bridge", 2, 15, Sides.BOTH),
    ("Leg raises", 2, 10, Sides.BOTH),
]

# Titles we name on purpose to credit our sources; citing a title is not copying.
CITED_TITLES = (
    "Ultimate Strength Training Workout for Runners At Home",
    "A Good Workout Routine for Runners to Follow",
)


def bundled(stem: str) -> Routine:
    return load_routine(ROUTINES_DIR / f"{stem}.toml")


def template_text(name_literal: str = '"My routine"') -> str:
    return TEMPLATE.read_text(encoding="utf-8").replace("__NAME__", name_literal)


def test_the_expected_routines_are_bundled() -> None:
    stems = {path.stem for path in BUNDLED}
    assert {
        "full-body",
        "core",
        "upper-body",
        "lower-body",
        "home-bodyweight",
        "starting-weight",
    } <= stems


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_routine_loads(path: Path) -> None:
    routine = load_routine(path)
    assert routine.name
    assert routine.exercises
    assert routine.warmup is not None, "every bundled routine starts with a warm-up"


def test_bundled_routine_names_are_unique() -> None:
    names = [load_routine(path).name for path in BUNDLED]
    assert len(names) == len(set(names))


def test_full_body_matches_the_guide() -> None:
    routine = bundled("full-body")
    assert [(e.name, e.sets, e.reps, e.sides) for e in routine.exercises] == FULL_BODY
    assert routine.rest_between_sets == 90
    assert routine.rest_between_exercises == 120
    # No exercise overrides the guide's rests.
    assert {e.rest_between_sets for e in routine.exercises} == {90}
    assert {e.rest_after for e in routine.exercises} == {120}


def test_full_body_glute_bridge_tells_you_to_hold_the_top() -> None:
    bridge = next(e for e in bundled("full-body").exercises if e.name == "Glute bridge")
    assert any(re.search(r"\b2\s*(seconds|s)\b", cue) for cue in bridge.cues)


def test_starting_weight_is_three_sets_of_ten_with_long_rests() -> None:
    routine = bundled("starting-weight")
    assert 3 <= len(routine.exercises) <= 4
    for exercise in routine.exercises:
        assert (exercise.sets, exercise.reps) == (3, 10), exercise.name
        assert exercise.load is not None, f"{exercise.name} needs a starting load"
        assert 120 <= exercise.rest_between_sets <= 180, exercise.name


def test_template_becomes_a_valid_routine(tmp_path: Path) -> None:
    assert "name = __NAME__" in TEMPLATE.read_text(encoding="utf-8")
    path = tmp_path / "my-routine.toml"
    path.write_text(template_text(), encoding="utf-8")
    routine = load_routine(path)
    assert routine.name == "My routine"
    kinds = {(e.is_hold, e.per_side) for e in routine.exercises}
    assert (False, True) in kinds, "the template shows a per-side rep exercise"
    assert any(e.is_hold for e in routine.exercises), "the template shows a timed hold"


def test_template_takes_a_name_that_needs_escaping(tmp_path: Path) -> None:
    path = tmp_path / "quoted.toml"
    path.write_text(template_text('"Tom\'s \\"hard\\" day"'), encoding="utf-8")
    assert load_routine(path).name == 'Tom\'s "hard" day'


def test_the_readme_documents_exactly_the_keys_the_loader_accepts() -> None:
    from runtimer.core.loader import CIRCUIT_KEYS, EXERCISE_KEYS, ROUTINE_KEYS, WARMUP_KEYS

    keys = {k.strip("[]") for k in re.findall(r"^\| `([a-z_\[\]]+)`", format_doc(), re.M)}
    assert keys == set(ROUTINE_KEYS) | set(WARMUP_KEYS) | set(EXERCISE_KEYS) | set(CIRCUIT_KEYS)


def test_template_mentions_every_key_of_the_format() -> None:
    keys = set(re.findall(r"^\| `([a-z_\[\]]+)`", format_doc(), re.M))
    assert {"name", "warmup", "hold", "per_side", "load_step"} <= {k.strip("[]") for k in keys}
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = sorted(key for key in keys if key.strip("[]") not in text)
    assert not missing


def _all_routine_texts() -> list[tuple[str, str]]:
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in BUNDLED]
    texts.append((TEMPLATE.name, TEMPLATE.read_text(encoding="utf-8")))
    return texts


def test_cues_and_warmup_steps_fit_on_a_workout_screen(tmp_path: Path) -> None:
    path = tmp_path / "template.toml"
    path.write_text(template_text(), encoding="utf-8")
    too_long = []
    for routine in [load_routine(p) for p in BUNDLED] + [load_routine(path)]:
        lines = [cue for exercise in routine.exercises for cue in exercise.cues]
        if routine.warmup is not None:
            lines += routine.warmup.steps
        too_long += [(routine.name, line) for line in lines if len(line) > MAX_CUE_CHARS]
    assert not too_long


def _words(text: str) -> list[str]:
    """Lower-case words with punctuation and apostrophes dropped, so that quoting
    style and TOML line continuations cannot hide a copied sentence."""
    text = text.lower().replace("’", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def _guide_sentences() -> list[str]:
    cited = {" ".join(_words(title)) for title in CITED_TITLES}
    cited |= {f"the {title}" for title in cited}
    sentences = []
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        for chunk in re.split(r"(?<=[.!?])\s+|\n+|•", seed.read_text(encoding="utf-8")):
            sentence = " ".join(_words(chunk))
            if len(sentence.split()) >= 8 and sentence not in cited:
                sentences.append(sentence)
    return sentences


def test_no_sentence_from_the_guides_is_copied() -> None:
    if not any(SEEDS_DIR.glob("*.txt")):
        pytest.skip(f"the source guides are not available at {SEEDS_DIR}")
    sentences = _guide_sentences()
    assert len(sentences) > 50, "the guides should split into many sentences"
    copied = []
    for name, text in _all_routine_texts():
        padded = f" {' '.join(_words(text))} "
        copied += [(name, s) for s in sentences if f" {s} " in padded]
    assert not copied
