"""Remembered choices the user makes in the app (for now: sound muted or not).

They live in the state folder, not in the hand-edited config, because the app writes
them: rewriting a file the user edits by hand would lose their comments and layout.
The file is small TOML, written atomically, and other tables in it are preserved.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from runtimer.paths import user_state_dir
from runtimer.safefile import atomic_write


def default_state_path() -> Path:
    return user_state_dir() / "state.toml"


def load_muted(path: Path | None = None) -> tuple[bool, list[str]]:
    """Was sound muted when the app last closed? Unmuted if unknown; never raises."""
    path = path if path is not None else default_state_path()
    try:
        document = _read(path)
    except FileNotFoundError:
        return False, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return False, [
            f"{path}: the saved state cannot be read ({_reason(error)}); starting with sound "
            "on. Press m to mute; that rewrites the file."
        ]
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
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        document = {}  # missing or damaged: start it afresh
    sound = document.get("sound")
    if not isinstance(sound, dict):
        sound = document["sound"] = {}
    sound["muted"] = muted
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, tomli_w.dumps(document).encode("utf-8"))


def _read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_bytes().decode("utf-8"))


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return f"not valid TOML: {error}"
