"""Remembered choices the user makes in the app: sound muted or not, the voice on or
off, the theme.

They live in the state folder, not in the hand-edited config, because the app writes
them: rewriting a file the user edits by hand would lose their comments and layout.
The file is small TOML, written atomically, and other tables in it are preserved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runtimer.core.paths import user_state_dir
from runtimer.core.safefile import FileReadError, atomic_write, read_regular
from runtimer.core.tomlfile import TomlTextError, read_toml_bytes

#: The state file holds a few flags; anything bigger is not ours.
MAX_STATE_BYTES = 64 * 1024


def default_state_path() -> Path:
    return user_state_dir() / "state.toml"


def load_muted(path: Path | None = None) -> tuple[bool, list[str]]:
    """Was sound muted when the app last closed? Unmuted if unknown; never raises."""
    path = path if path is not None else default_state_path()
    try:
        document = _read(path)
    except FileReadError as error:
        if error.missing:
            return False, []
        return False, [_unreadable(path, error.detail)]
    except TomlTextError as error:
        return False, [_unreadable(path, error.message)]
    sound = document.get("sound")
    muted = sound.get("muted") if isinstance(sound, dict) else None
    return (muted if isinstance(muted, bool) else False), []


def save_muted(muted: bool, path: Path | None = None) -> None:
    """Remember the mute choice, keeping whatever else the state file holds.

    Raises OSError when the file cannot be written; the caller turns that into a notice.
    """
    remember("sound", "muted", muted, path)


#: The longest theme name remembered: Textual's are short words.
MAX_THEME = 60


def load_theme(path: Path | None = None) -> str | None:
    """The theme chosen last time (from the command palette), if any; never raises.

    A theme the state file names but Textual does not have is the caller's to ignore.
    """
    try:
        document = _read(path if path is not None else default_state_path())
    except (FileReadError, TomlTextError):
        return None
    display = document.get("display")
    theme = display.get("theme") if isinstance(display, dict) else None
    return theme if isinstance(theme, str) and 0 < len(theme) <= MAX_THEME else None


def save_theme(theme: str, path: Path | None = None) -> None:
    """Remember the theme; raises OSError when the file cannot be written."""
    remember("display", "theme", theme, path)


def load_voice(path: Path | None = None) -> bool | None:
    """Did the user turn the voice on (True) or off (False) with `v` last time? None
    when they never did: then the config (and whether a speech program is found)
    decides. Never raises."""
    try:
        document = _read(path if path is not None else default_state_path())
    except (FileReadError, TomlTextError):
        return None
    voice = document.get("voice")
    on = voice.get("on") if isinstance(voice, dict) else None
    return on if isinstance(on, bool) else None


def save_voice(on: bool, path: Path | None = None) -> None:
    """Remember the `v` choice; raises OSError when the file cannot be written."""
    remember("voice", "on", on, path)


def remember(section: str, key: str, value: object, path: Path | None = None) -> None:
    """Set one remembered value, keeping whatever else the state file holds (a
    damaged file is started afresh). Raises OSError when it cannot be written."""
    path = path if path is not None else default_state_path()
    document = _read_or_fresh(path)
    table = document.get(section)
    if not isinstance(table, dict):
        table = document[section] = {}
    table[key] = value
    _write(path, document)


def remember_table(section: str, table: dict[str, Any] | None, path: Path | None = None) -> None:
    """Set (or, with None, forget) a whole table at once, keeping the rest of the state
    file (a damaged file is started afresh). Raises OSError when it cannot be written."""
    path = path if path is not None else default_state_path()
    document = _read_or_fresh(path)
    if table is None:
        document.pop(section, None)
    else:
        document[section] = table
    _write(path, document)


def _read_or_fresh(path: Path) -> dict[str, Any]:
    try:
        return _read(path)
    except (FileReadError, TomlTextError):
        return {}  # missing or damaged: start it afresh


def _write(path: Path, document: dict[str, Any]) -> None:
    import tomli_w  # only to write: the menu reads the theme before its first paint

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tomli_w.dumps(document).encode("utf-8"))


def _read(path: Path) -> dict[str, Any]:
    return read_toml_bytes(read_regular(path, MAX_STATE_BYTES)[0])


def _unreadable(path: Path, reason: str) -> str:
    return (
        f"{path}: the saved state cannot be read ({reason}); starting with sound on. "
        "Press m to mute; that rewrites the file."
    )
