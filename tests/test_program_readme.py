"""The README is the manual of the program format too: its example loads, every key
the loader knows is in its tables, and the check message it shows is the real one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from runtimer.core.program.loader import (
    DELOAD_KEYS,
    PHASE_KEYS,
    PROGRAM_KEYS,
    PROGRESSION_KEYS,
    ProgramError,
    parse_program,
)

README = Path(__file__).resolve().parent.parent / "README.md"
ROUTINES = {"full-body", "starting-weight"}


def _section() -> str:
    text = README.read_text("utf-8")
    return text.split("## Programs", 1)[1].split("\n## ", 1)[0]


def test_the_example_program_loads() -> None:
    blocks = [b for b in re.findall(r"```toml\n(.*?)```", _section(), re.S) if "[[phase]]" in b]
    assert blocks
    for block in blocks:
        assert parse_program(block, Path("README.md"), ROUTINES).phases


@pytest.mark.parametrize(
    "keys", [PROGRAM_KEYS, PHASE_KEYS, PROGRESSION_KEYS, DELOAD_KEYS], ids=lambda k: k[0]
)
def test_every_key_is_documented(keys: tuple[str, ...]) -> None:
    rows = set(re.findall(r"^\| `\[*([a-z_]+)\]*`", _section(), re.M))
    assert set(keys) - {"phase"} <= rows | {"phase"}


def test_the_check_message_shown_is_the_loaders() -> None:
    text = 'name = "Mine"\nweeks = 10\nroutines = ["ful-body"]\n'
    with pytest.raises(ProgramError) as raised:
        parse_program(text, Path("my-block.toml"), ROUTINES)
    assert str(raised.value.first) in _section()
