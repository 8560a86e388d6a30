"""The README is the format's manual: its examples must stay true."""

from __future__ import annotations

import re
from pathlib import Path

from runtimer.core.loader import RoutineError, parse_routine

README = Path(__file__).resolve().parent.parent / "README.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text("utf-8"), re.S)


def test_the_example_routine_in_the_readme_loads() -> None:
    routines = [block for block in _blocks("toml") if "[[exercise]]" in block]
    assert routines, "the README should show a complete routine"
    for text in routines:
        routine = parse_routine(text, Path("README.md"))
        assert routine.exercises


def test_the_readme_shows_real_check_messages() -> None:
    """The errors shown for `runtimer check` are what the loader says for that file."""
    text = (
        'name = "Mine"\n\n[[exercise]]\nname = "Squat"\nsets = 2\nreps = 10\n\n'
        '[[exercise]]\nname = "Dumbbell row"\nsets = 2\nrep = 12\n\n'
        '[[exercise]]\nname = "Plank"\nsets = 1\nhold = "5h"\n'
    )
    try:
        parse_routine(text, Path("my.toml"))
    except RoutineError as error:
        shown = str(error)
    else:
        raise AssertionError("the file should not load")
    readme = README.read_text("utf-8")
    for message in shown.splitlines():
        assert message in readme


def test_the_quick_start_has_exactly_two_commands() -> None:
    quick = README.read_text("utf-8").split("## Quick start", 1)[1].split("##", 1)[0]
    commands = _blocks_in(quick)
    assert commands == [
        "python -m pip install . && runtimer",
        "python -m pip install '.[test]' && python -m pytest",
    ]


def _blocks_in(text: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [line for block in blocks for line in block.strip().splitlines()]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (README.parent / ".ci" / "run").read_text("utf-8")
    assert "python -m pip install '.[test]' && python -m pytest" in ci


def test_the_exit_statuses_the_readme_lists_are_the_ones_runtimer_uses() -> None:
    import signal

    from runtimer.cli.output import EXIT_OK, EXIT_PROBLEM, EXIT_UNSAVED, EXIT_USAGE
    from runtimer.ui.app import EXIT_SIGNALS

    readme = " ".join(README.read_text("utf-8").split())
    assert (
        f"Exit statuses: {EXIT_OK} all is well, {EXIT_PROBLEM} a problem with a file (a broken "
        f"routine, an export that cannot be written), {EXIT_USAGE} a usage mistake, "
        f"{EXIT_UNSAVED} a workout log had to go to a rescue file, 128 + N ended by signal N."
    ) in readme
    shown = ", ".join(str(128 + number) for number in EXIT_SIGNALS)
    assert f"({shown})" in readme
    assert set(EXIT_SIGNALS) == {signal.SIGTERM, signal.SIGHUP, signal.SIGINT}
