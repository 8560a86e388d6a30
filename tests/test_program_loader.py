"""Program files: the bad ones are explained exactly, the bundled ones load."""
# ruff: noqa: E501 (the table holds exact messages, one per line)

from __future__ import annotations

from pathlib import Path

import pytest

from runtimer.core.catalog import discover
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.loader import ProgramError, load_program, parse_program
from runtimer.core.program.model import AppliesTo, Rule
from runtimer.core.program.template import create_program, program_template_text
from runtimer.core.template import NewRoutineError

ROUTINES = {"full-body", "home-bodyweight", "hybrid-run-strength", "starting-weight"}
GOOD = 'name = "B"\nweeks = 10\nroutines = ["full-body"]\n'

BAD = [
    pytest.param(
        "",
        ["p.toml:1:1: the file is empty; runtimer new --program NAME writes a commented example"],
        id="empty",
    ),
    pytest.param(
        "# nothing\n",
        [
            "p.toml:1:1: the file has only comments; runtimer new --program NAME writes a commented example"
        ],
        id="comments",
    ),
    pytest.param(
        'name = "B\nweeks = 10\n',
        [
            'p.toml:1:10: not valid TOML: Illegal character \'\\n\'; a quoted text is not closed on this line (use """ for text over several lines)'
        ],
        id="syntax",
    ),
    pytest.param(
        'weeks = 10\nroutines = ["full-body"]\n',
        ["p.toml:1:1: the program has no 'name'; add name = \"...\" at the top"],
        id="no name",
    ),
    pytest.param(
        GOOD + "sesions_per_week = 3\n",
        [
            "p.toml:4:1: 'sesions_per_week' is not a key of a program; did you mean 'sessions_per_week'?"
        ],
        id="misspelt key",
    ),
    pytest.param(
        'name = "B"\nroutines = ["full-body"]\n',
        ["p.toml:1:1: 'weeks' is missing; add weeks = 10 (how long the block is, 1 to 26)"],
        id="no weeks",
    ),
    pytest.param(
        'name = "B"\nweeks = 40\nroutines = ["full-body"]\n',
        ["p.toml:2:1: 'weeks' must be a whole number from 1 to 26, got 40"],
        id="weeks out of range",
    ),
    pytest.param(
        'name = "B"\nweeks = 10\nroutines = ["ful-body"]\n',
        [
            'p.toml:3:1: item 1 of \'routines\' names "ful-body", which is not a routine; did you mean "full-body"?'
        ],
        id="unknown routine",
    ),
    pytest.param(
        GOOD + '[days]\nmonday = "full-body"\n',
        [
            "p.toml:4:1: give either 'routines' (done in turn: A, B, A, B) or 'days' (a routine for each weekday), not both"
        ],
        id="routines and days",
    ),
    pytest.param(
        'name = "B"\nweeks = 10\n',
        [
            'p.toml:1:1: the program names no routines; add routines = ["full-body"] (done in turn) or a [days] table (monday = "full-body")'
        ],
        id="no routines",
    ),
    pytest.param(
        'name = "B"\nweeks = 10\n[days]\nmonay = "full-body"\n',
        [
            "p.toml:4:1: 'monay' is not a key of [days] (the keys are weekdays); did you mean 'monday'?"
        ],
        id="bad weekday",
    ),
    pytest.param(
        GOOD + "sessions_per_week = [3, 2]\n",
        ["p.toml:4:1: 'sessions_per_week' goes from 3 down to 2; write the least first: [2, 3]"],
        id="sessions backwards",
    ),
    pytest.param(
        'name = "B"\nweeks = 10\nsessions_per_week = 2\n[days]\nmonday = "full-body"\nwednesday = "full-body"\nfriday = "full-body"\n',
        [
            "p.toml:3:1: 'sessions_per_week' is 2, but [days] names 3 days (monday, wednesday, friday); write 3 (or [2, 3] to let a day go), or leave 'sessions_per_week' out to take it from [days]"
        ],
        id="sessions fewer than days",
    ),
    pytest.param(
        'name = "B"\nweeks = 10\nsessions_per_week = [2, 3]\n[days]\nmonday = "full-body"\nthursday = "full-body"\n',
        [
            "p.toml:3:1: 'sessions_per_week' is [2, 3], but [days] names 2 days (monday, thursday); write 2, or leave 'sessions_per_week' out to take it from [days]"
        ],
        id="sessions more than days",
    ),
    pytest.param(
        GOOD + 'sessions_per_week = "2-3"\n',
        [
            "p.toml:4:1: 'sessions_per_week' must be a whole number from 1 to 7 (3) or the least and most as a list ([2, 3]), got a string (\"2-3\")"
        ],
        id="sessions text",
    ),
    pytest.param(
        GOOD + '[[phase]]\nname = "x"\nweeks = "9-12"\n',
        ['p.toml:6:1: phase 1 ("x"): \'weeks\' is "9-12", but the program\'s weeks are 1 to 10'],
        id="phase beyond",
    ),
    pytest.param(
        GOOD + '[[phase]]\nname = "a"\nweeks = "1-4"\n[[phase]]\nname = "b"\nweeks = "4-6"\n',
        [
            'p.toml:9:1: phase 2 ("b", weeks 4–6) overlaps phase "a" (weeks 1–4); each week belongs to one phase'
        ],
        id="phase overlap",
    ),
    pytest.param(
        GOOD + '[[phase]]\nname = "a"\nsets = 3\n',
        [
            'p.toml:4:1: phase 1 ("a"): \'weeks\' is missing; add weeks = "1-4" (or one week: weeks = 5)'
        ],
        id="phase no weeks",
    ),
    pytest.param(
        GOOD + '[[phase]]\nname = "a"\nweeks = "1-4"\nreps = "8-12"\n',
        [
            'p.toml:7:1: phase 1 ("a"): a range of reps ("8-12") is for double progression; add rule = "double" under [progression], or give one number'
        ],
        id="phase reps range without double",
    ),
    pytest.param(
        GOOD + '[phase]\nname = "a"\n',
        ["p.toml:4:1: write each phase as [[phase]] (double brackets), not [phase]"],
        id="phase table",
    ),
    pytest.param(
        GOOD + '[progression]\nrule = "dubble"\n',
        [
            'p.toml:5:1: progression: \'rule\' must be "every_weeks", "double" or "none", got "dubble"; did you mean "double"?'
        ],
        id="bad rule",
    ),
    pytest.param(
        GOOD + "[deload]\nweeks = [11]\n",
        ["p.toml:5:1: deload: 'weeks' lists the deload weeks, each from 1 to 10, got 11"],
        id="deload week out",
    ),
    pytest.param(
        GOOD + "[deload]\nvolume = 2\n",
        ["p.toml:5:1: deload: 'volume' must be from 0.1 to 1, got 2"],
        id="deload volume",
    ),
    pytest.param(
        GOOD + 'starting_routine = "starting-wieght"\n',
        [
            'p.toml:4:1: \'starting_routine\' names "starting-wieght", which is not a routine; did you mean "starting-weight"?'
        ],
        id="starting routine",
    ),
    pytest.param(
        'name = "B"\nweeks = 0\nroutines = ["nope"]\n[progression]\nevery_weeks = 0\n',
        [
            "p.toml:2:1: 'weeks' must be a whole number from 1 to 26, got 0",
            "p.toml:3:1: item 1 of 'routines' names \"nope\", which is not a routine; give a routine's file name without .toml ('runtimer list' shows them)",
            "p.toml:5:1: progression: 'every_weeks' must be a whole number from 1 to 8, got 0",
        ],
        id="many at once",
    ),
]


@pytest.mark.parametrize(("text", "messages"), BAD)
def test_a_bad_program_file_gets_every_problem_located(text: str, messages: list[str]) -> None:
    with pytest.raises(ProgramError) as raised:
        parse_program(text, Path("p.toml"), ROUTINES)
    assert [str(problem) for problem in raised.value.problems] == messages


def test_a_good_program_reads_every_key() -> None:
    text = GOOD + (
        'sessions_per_week = 3\nstarting_routine = "starting-weight"\n'
        '[[phase]]\nname = "build"\nweeks = "5-8"\nsets = 3\nreps = "8-12"\nrest = "2m"\n'
        'load_step = 2.5\napplies_to = "loaded"\nnotes = "Heavier."\n'
        '[progression]\nrule = "double"\nevery_weeks = 3\nbodyweight_reps = 1\nhold_step = "10s"\n'
        "[deload]\nweeks = [4, 8]\nvolume = 0.6\nload = 0.8\nafter_hard_sessions = 0\n"
        "after_missed_week = false\n"
    )
    program = parse_program(text, Path("p.toml"), ROUTINES)
    assert program.sessions_per_week == (3, 3)
    assert program.starting_routine == "starting-weight"
    (phase,) = program.phases
    assert (phase.first, phase.last, phase.sets, phase.reps_range, phase.rest) == (
        5,
        8,
        3,
        (8, 12),
        120,
    )
    assert phase.load_step == 2.5 and phase.applies_to is AppliesTo.LOADED
    assert program.phase(6) is phase and program.phase(4) is None
    assert program.progression.rule is Rule.DOUBLE
    assert (program.progression.every_weeks, program.progression.hold_step) == (3, 10)
    assert program.deload.weeks == (4, 8) and program.scheduled_deload(8)
    assert not program.deload.after_missed_week and program.deload.after_hard_sessions == 0


def test_days_give_a_routine_per_weekday_and_a_target_of_that_many() -> None:
    text = (
        'name = "B"\nweeks = 8\n[days]\nthursday = "hybrid-run-strength"\n'
        'monday = "home-bodyweight"\n'
    )
    program = parse_program(text, Path("p.toml"), ROUTINES)
    assert program.days == ((0, "home-bodyweight"), (3, "hybrid-run-strength"))
    assert program.sessions_per_week == (2, 2)
    assert program.routine_names == ("home-bodyweight", "hybrid-run-strength")


@pytest.mark.parametrize(("given", "expected"), [("2", (2, 2)), ("[1, 2]", (1, 2))])
def test_with_days_the_most_sessions_a_week_is_their_number(
    given: str, expected: tuple[int, int]
) -> None:
    text = (
        f'name = "B"\nweeks = 8\nsessions_per_week = {given}\n[days]\n'
        'monday = "home-bodyweight"\nthursday = "hybrid-run-strength"\n'
    )
    assert parse_program(text, Path("p.toml"), ROUTINES).sessions_per_week == expected


def test_without_known_routines_the_names_are_not_checked() -> None:
    program = parse_program(GOOD.replace("full-body", "Mine.toml"), Path("p.toml"))
    assert program.routines == ("mine",)


def test_the_bundled_programs_load_and_name_bundled_routines() -> None:
    programs = discover_programs(discover(user_dir=Path("/nonexistent")), user_dir=Path("/none"))
    by_key = {entry.key: entry for entry in programs.entries}
    assert set(by_key) >= {"strength-for-runners", "home-atr-block"}
    for entry in by_key.values():
        assert entry.error is None, entry.error
    runners = by_key["strength-for-runners"].program
    assert runners is not None
    # The guide's numbers: 2-3 a week for 8-12 weeks, a raise about every two weeks,
    # fewer reps and more sets by the second month, 2-3 min rests for heavy sets.
    assert runners.sessions_per_week == (2, 3) and 8 <= runners.weeks <= 12
    assert runners.progression.every_weeks == 2
    heavy = runners.phase(5)
    assert heavy is not None and heavy.sets == 3 and heavy.reps == 8
    assert heavy.rest is not None and 120 <= heavy.rest <= 180
    atr = by_key["home-atr-block"].program
    assert atr is not None
    assert [p.name for p in atr.phases] == ["accumulation", "transformation", "realization"]
    assert atr.deload.weeks == (8,)
    for program in (runners, atr):
        assert "From the guide" in program.description and "Our choices" in program.description


def test_the_template_is_a_valid_program(tmp_path: Path) -> None:
    path = create_program('Spring "block"', tmp_path)
    assert path.name == "spring-block.toml"
    program = load_program(path, ROUTINES)
    assert program.name == 'Spring "block"'
    assert program_template_text("x").startswith("# A runtimer program")
    with pytest.raises(NewRoutineError, match="already exists"):
        create_program("Spring block", tmp_path)
    with pytest.raises(NewRoutineError) as empty:
        create_program("   ", tmp_path)
    assert empty.value.usage


def test_a_missing_file_and_a_folder_are_one_line_each(tmp_path: Path) -> None:
    with pytest.raises(ProgramError, match="no such file"):
        load_program(tmp_path / "none.toml")
    with pytest.raises(ProgramError, match="this is a folder"):
        load_program(tmp_path)
