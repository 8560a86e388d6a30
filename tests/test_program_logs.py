"""A program asks the history index for the logs that decide its answers (the block's
sessions, the last load of each of its exercises before the block, the latest weight
test) instead of every log: its plan and its block are the very ones every log gives,
and years of sessions are never built for them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from runtimer.core.catalog import discover
from runtimer.core.feeling import Feeling
from runtimer.core.history.store import History, load_history
from runtimer.core.program.active import Active, save_active
from runtimer.core.program.block import active_block
from runtimer.core.program.catalog import discover_programs
from runtimer.core.program.engine import plan_today
from runtimer.core.program.today import active_today, program_today, routines_by_key
from runtimer.core.records.codec import session_to_toml
from runtimer.core.records.model import SessionLog, Status, Store
from tests.programlogs import did

START = date(2026, 12, 7)  # a Monday
CATALOG = discover(user_dir=Path("/none"))
ROUTINES = routines_by_key(CATALOG)
PROGRAMS = discover_programs(CATALOG, user_dir=Path("/none"))


def _years_of_logs() -> list[SessionLog]:
    """Two years before the block (loads that change, body-weight days, a discarded
    session, a skipped set and a warm-up carrying loads, two weight tests), then the
    block done as planned with other routines between."""
    logs: list[SessionLog] = []
    full, lower, core = ROUTINES["full-body"], ROUTINES["lower-body"], ROUTINES["core"]
    test = ROUTINES["starting-weight"]
    for number in range(120):
        day = START - timedelta(days=730 - number * 6)
        if number % 5 == 0:
            logs.append(did(lower, day))
            continue
        if number % 7 == 0:
            logs.append(did(core, day, feeling=None))
            continue
        carried = {
            "Dumbbell row": 6.0 + number // 10,
            "Single-leg deadlift": 4.0 + number // 20,
            "Squats": 10.0 + number // 8,  # no weight test for it: the last load counts
        }
        if number % 3 == 0 or number > 110:
            carried = {}  # a body-weight day (the last weeks before the block too)
        log = did(full, day, carried=carried)
        if number == 101:
            log = replace(log, status=Status.DISCARDED)
        if number == 104:  # the squats' only sets with a load: skipped or a warm-up
            sets = [
                replace(s, skipped=s.set_number == 1, warmup=s.set_number == 2)
                if s.exercise == "Squats"
                else s
                for s in log.sets
            ]
            log = replace(log, sets=tuple(s for s in sets if s.set_number <= 2 or s.load is None))
        logs.append(log)
    loads = {index: 8.0 + 2 * index for index in range(len(test.exercises))}
    logs.append(did(test, START - timedelta(days=300), loads=loads, hard={"Goblet squat"}))
    logs.append(did(test, START - timedelta(days=3), loads=loads, hard={"Dumbbell row"}))
    entry = PROGRAMS.find("strength-for-runners")
    assert entry is not None and entry.program is not None
    block: list[SessionLog] = []
    for offset in (0, 2, 4, 7, 9, 11, 14, 15, 21):
        day = START + timedelta(days=offset)
        plan = plan_today(entry.program, START, day, ROUTINES, [*logs, *block])
        assert plan is not None
        block.append(did(plan.routine, day, loads=plan.loads, hard={"Step-ups"}))
        if offset in (4, 14):
            block.append(did(lower, day, feeling=Feeling.HARD))  # another routine
    block.append(did(test, START + timedelta(days=16), loads=loads))  # tested again
    return [*logs, *block]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    folder = tmp_path_factory.mktemp("logs")
    store = Store(folder / "sessions", folder / "cache" / "history.sqlite3")
    store.sessions.mkdir()
    for number, log in enumerate(_years_of_logs()):
        name = f"{log.started:%Y-%m-%dT%H%M}-{number:03d}.toml"
        (store.sessions / name).write_text(session_to_toml(log), "utf-8")
    return load_history(store)


class _NoCounted(History):
    """A history whose every session may not be built."""

    @property
    def counted(self) -> tuple[SessionLog, ...]:
        raise AssertionError("the program built every session")


@pytest.mark.parametrize("days", [-10, 0, 1, 3, 5, 9, 12, 15, 16, 17, 22, 40, 80])
def test_the_plan_from_the_index_is_the_plan_from_every_log(history: History, days: int) -> None:
    today = START + timedelta(days=days)
    active = Active("strength-for-runners", START)
    every = program_today(active, PROGRAMS, CATALOG, tuple(history.counted), today)
    asked = program_today(active, PROGRAMS, CATALOG, history, today)
    assert asked == every
    assert every.plan is not None


@pytest.mark.parametrize("days", [0, 5, 16, 30, 80])
def test_the_block_from_the_index_is_the_block_from_every_log(
    history: History, tmp_path: Path, days: int
) -> None:
    today = START + timedelta(days=days)
    state = tmp_path / "state.toml"
    save_active(Active("strength-for-runners", START), state)
    every = active_block(CATALOG, tuple(history.counted), today, state=state)
    asked = active_block(CATALOG, history, today, state=state)
    assert asked == every
    assert every is not None and every.block is not None and every.block.loads


def test_the_program_never_builds_every_session(history: History, tmp_path: Path) -> None:
    state = tmp_path / "state.toml"
    save_active(Active("strength-for-runners", START), state)
    lazy = _NoCounted.__new__(_NoCounted)
    lazy.__dict__.update(history.__dict__)
    today = START + timedelta(days=9)
    found = active_today(CATALOG, lazy, today, state=state)
    assert found is not None and found.plan is not None
    block = active_block(CATALOG, lazy, today, state=state)
    assert block is not None and block.block is not None
    # What it asked for: the block's sessions and a handful before it.
    assert len(history.counted_between(START, today)) == 6  # 5 of the program, 1 other
    wanted = {"squats", "single-leg deadlift", "goblet squat", "press-ups"}
    assert 0 < len(history.last_loaded(wanted, START)) <= len(wanted)


def test_runtimer_program_asks_the_index_too(history: History, tmp_path: Path) -> None:
    """`runtimer program` (status and review) with years of logs: the block and the
    plan come from the index, never from building every session."""
    import argparse
    from io import StringIO

    from runtimer.cli.program import Context, cmd_program

    state = tmp_path / "state.toml"
    save_active(Active("strength-for-runners", START), state)
    lazy = _NoCounted.__new__(_NoCounted)
    lazy.__dict__.update(history.__dict__)

    class Lazy(Context):
        def sessions(self) -> History:
            return lazy

    context = Lazy(CATALOG, PROGRAMS, Store(tmp_path / "sessions"), state, START + timedelta(9))
    for action in ("status", "review"):
        out, err = StringIO(), StringIO()
        args = argparse.Namespace(action=action, program=None, on=None, programs_dirs=[])
        assert cmd_program(args, context, out, err) == 0, err.getvalue()
        assert "Strength for runners" in out.getvalue()
