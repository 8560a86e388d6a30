"""Remembered choices the user makes in the app (for now: sound muted or not).

They live in the state folder, not in the hand-edited config, because the app writes
them: rewriting a file the user edits by hand would lose their comments and layout.
The file is small TOML, written atomically, and other tables in it are preserved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

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
    path = path if path is not None else default_state_path()
    try:
        document = _read(path)
    except (FileReadError, TomlTextError):
        document = {}  # missing or damaged: start it afresh
    sound = document.get("sound")
    if not isinstance(sound, dict):
        sound = document["sound"] = {}
    sound["muted"] = muted
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tomli_w.dumps(document).encode("utf-8"))


def _read(path: Path) -> dict[str, Any]:
    return read_toml_bytes(read_regular(path, MAX_STATE_BYTES)[0])


def _unreadable(path: Path, reason: str) -> str:
    return (
        f"{path}: the saved state cannot be read ({reason}); starting with sound on. "
        "Press m to mute; that rewrites the file."
    )
