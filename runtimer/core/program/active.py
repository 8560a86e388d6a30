"""The program under way, remembered in the state folder's `state.toml`:

```toml
[program]
file = "strength-for-runners"   # the program's file name, without .toml
started = 2026-12-01            # the first day of week 1
```

The app and `runtimer program start` write it (atomically, keeping the mute, voice
and theme choices beside it); `runtimer program stop` removes it. Reading never
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
