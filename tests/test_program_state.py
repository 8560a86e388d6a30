"""The active program in the state file, and the starting weights fed to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from runtimer.core.catalog import discover
from runtimer.core.feeling import Feeling
from runtimer.core.program.active import Active, load_active, save_active
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.today import program_today, routines_by_key, starting_loads
from runtimer.core.state import load_muted, save_muted
from tests.programlogs import did


def test_the_active_program_is_remembered_beside_the_other_choices(tmp_path: Path) -> None:
    state = tmp_path / "state" / "state.toml"
    save_muted(True, state)
    save_active(Active("strength-for-runners", date(2026, 12, 7)), state)
    assert load_active(state).active == Active("strength-for-runners", date(2026, 12, 7))
    assert load_muted(state) == (True, [])
    save_active(None, state)
    assert load_active(state).active is None and load_active(state).problem is None
    assert load_muted(state) == (True, [])


def test_a_damaged_state_file_is_a_clear_message_never_a_traceback(tmp_path: Path) -> None:
    state = tmp_path / "state.toml"
    state.write_text('[program]\nfile = "x"\nstarted = "soon"\n', "utf-8")
    read = load_active(state)
    assert read.active is None
    assert read.problem == (
        f"{state}:3:1: program: 'started' must be a date (2026-12-01), got a string "
        '("soon"); the active program cannot be read, so none is active. '
        "'runtimer program start NAME' writes it afresh."
    )
    state.write_text("[program\n", "utf-8")
    problem = load_active(state).problem
    assert problem is not None and problem.startswith(f"{state}:1:") and "not valid TOML" in problem
    state.write_bytes(b"\xff\xfe")
    assert "not UTF-8" in (load_active(state).problem or "")
    state.unlink()
    state.mkdir()
    assert "folder" in (load_active(state).problem or "")


def test_the_starting_weight_routine_feeds_the_program() -> None:
    catalog = discover(user_dir=Path("/none"))
    routines = routines_by_key(catalog)
    programs = discover_programs(catalog, user_dir=Path("/none"))
    entry = programs.find("strength-for-runners")
    assert entry is not None and entry.program is not None
    test = routines["starting-weight"]
    loads = {index: 6.0 + 2 * index for index in range(len(test.exercises))}
    # The last set of the dumbbell row felt hard at 8 kg: that is the weight.
    log = did(test, date(2026, 12, 3), loads=loads, hard={"Dumbbell row"}, feeling=Feeling.OK)
    found = starting_loads(entry.program, routines, [log], date(2026, 12, 7))
    assert found["dumbbell row"].amount == 8.0
    today = program_today(
        Active("strength-for-runners", date(2026, 12, 7)),
        programs,
        catalog,
        [log],
        date(2026, 12, 7),
    )
    assert today.plan is not None
    row = next(t for t in today.plan.targets if t.name == "Dumbbell row")
    assert (row.load, row.why) == (
        8.0,
        "8 kg: your starting weight (Find your starting weight, 3 Dec).",
    )
    assert today.plan.title == ("Full body for runners · week 1 of 10 · session 1 of 3 this week")


def test_an_active_program_that_is_gone_says_so() -> None:
    catalog = discover(user_dir=Path("/none"))
    programs = discover_programs(catalog, user_dir=Path("/none"))
    today = program_today(
        Active("gone", date(2026, 12, 7)), programs, catalog, [], date(2026, 12, 8)
    )
    assert today.plan is None
    assert today.problem is not None and "'gone' is not among the program files" in today.problem
