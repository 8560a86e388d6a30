"""The program under way, remembered in the state folder's `state.toml`:

```toml
[program]
file = "strength-for-runners"   # the program's file name, without .toml
started = 2026-12-01            # the first day of week 1
```

The app and `runtimer program start` write it (atomically, keeping the mute, voice
and theme choices beside it); `runtimer program stop` removes it and keeps the
program it stopped, so the history can still show that block until its weeks are
over:

```toml
[stopped_program]
file = "strength-for-runners"
started = 2026-12-01
stopped = 2027-01-12            # the day 'runtimer program stop' ran
```
 Reading never
raises: a damaged file or a bad value is a `problem`, worded like every other file's
(`state.toml:3:1: program: 'started' must be a date ...`), and no program is active.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from runtimer.core.loader.syntax import toml_problem
from runtimer.core.positions import Positions
from runtimer.core.safefile import FileReadError, read_regular
from runtimer.core.state import MAX_STATE_BYTES, default_state_path, remember_table
from runtimer.core.tomlfile import TomlTextError, decode_utf8, parse_toml
from runtimer.core.validate import Collect, Table, got

SECTION = "program"
KEYS = ("file", "started")
STOPPED_SECTION = "stopped_program"
STOPPED_KEYS = ("file", "started", "stopped")
MAX_KEY = 200
FIRST_YEAR, LAST_YEAR = 2000, 2999


@dataclass(frozen=True)
class Active:
    key: str  # the program's file name, without .toml
    started: date


@dataclass(frozen=True)
class ActiveRead:
    """What the state file says: the active program (None: none), or why it cannot
    be read (`problem`, one line)."""

    active: Active | None = None
    problem: str | None = None


def load_active(path: Path | None = None) -> ActiveRead:
    path = path if path is not None else default_state_path()
    text = ""
    try:
        data, _ = read_regular(path, MAX_STATE_BYTES)
        text = decode_utf8(data)
        document = parse_toml(text)
    except FileReadError as error:
        if error.missing:
            return ActiveRead()
        return ActiveRead(problem=_damaged(f"{path}: {error.detail}"))
    except TomlTextError as error:
        return ActiveRead(problem=_damaged(str(toml_problem(error, text, path))))
    if SECTION not in document:
        return ActiveRead()
    found = Collect(path, Positions(text))
    table = Table(document, found).table(SECTION, prefix="program: ")
    if table is None:
        return ActiveRead(problem=_damaged(str(found.in_order()[0])))
    table.unknown_keys(KEYS, "[program]")
    key = table.text("file", MAX_KEY, one_line=True, required=True)
    started = table.data.get("started")
    if type(started) is not date:
        if started is None:
            table.missing("started")
        else:
            table.report("started", f"'started' must be a date (2026-12-01), got {got(started)}")
    elif not FIRST_YEAR <= started.year <= LAST_YEAR:
        table.report("started", f"'started' must be from {FIRST_YEAR} to {LAST_YEAR}")
    if found.problems or key is None or type(started) is not date:
        return ActiveRead(problem=_damaged(str(found.in_order()[0])))
    return ActiveRead(Active(key.strip().lower(), started))


@dataclass(frozen=True)
class Stopped:
    """The program stopped last, and the day it was stopped."""

    active: Active
    stopped: date


@dataclass(frozen=True)
class StoppedRead:
    stopped: Stopped | None = None
    problem: str | None = None


def load_stopped(path: Path | None = None) -> StoppedRead:
    """The program `runtimer program stop` stopped last (see the module's docstring).
    A file that cannot be read at all is `load_active`'s to report; a bad value here
    is a `problem`, and no stopped program."""
    path = path if path is not None else default_state_path()
    try:
        text = decode_utf8(read_regular(path, MAX_STATE_BYTES)[0])
        document = parse_toml(text)
    except (FileReadError, TomlTextError):
        return StoppedRead()
    if STOPPED_SECTION not in document:
        return StoppedRead()
    found = Collect(path, Positions(text))
    table = Table(document, found).table(STOPPED_SECTION, prefix="stopped_program: ")
    if table is None:
        return StoppedRead(problem=str(found.in_order()[0]))
    table.unknown_keys(STOPPED_KEYS, "[stopped_program]")
    key = table.text("file", MAX_KEY, one_line=True, required=True)
    days: dict[str, date] = {}
    for name in ("started", "stopped"):
        value = table.data.get(name)
        if type(value) is not date:
            if value is None:
                table.missing(name)
            else:
                table.report(name, f"'{name}' must be a date (2026-12-01), got {got(value)}")
        elif not FIRST_YEAR <= value.year <= LAST_YEAR:
            table.report(name, f"'{name}' must be from {FIRST_YEAR} to {LAST_YEAR}")
        else:
            days[name] = value
    if found.problems or key is None or len(days) != 2:
        return StoppedRead(problem=str(found.in_order()[0]))
    return StoppedRead(Stopped(Active(key.strip().lower(), days["started"]), days["stopped"]))


def save_stopped(stopped: Stopped | None, path: Path | None = None) -> None:
    """Remember the program just stopped (None: forget it). Raises OSError."""
    table = (
        None
        if stopped is None
        else {
            "file": stopped.active.key,
            "started": stopped.active.started,
            "stopped": stopped.stopped,
        }
    )
    remember_table(STOPPED_SECTION, table, path)


def _damaged(where: str) -> str:
    return (
        f"{where}; the active program cannot be read, so none is active. "
        "'runtimer program start NAME' writes it afresh."
    )


def save_active(active: Active | None, path: Path | None = None) -> None:
    """Remember the program under way (None: forget it). Raises OSError when the state
    file cannot be written."""
    table = None if active is None else {"file": active.key, "started": active.started}
    remember_table(SECTION, table, path)
