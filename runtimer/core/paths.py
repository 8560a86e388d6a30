"""Where runtimer finds and keeps its files.

Per-user folders come from platformdirs, so they follow each platform's conventions
(on Linux they honour `XDG_DATA_HOME`, `XDG_CONFIG_HOME` and `XDG_STATE_HOME`, which is
the easy way to point a real `runtimer` process at a scratch folder). Code that writes
takes its folder as an argument, so tests inject temporary directories instead.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "runtimer"

_PACKAGE = Path(__file__).resolve().parent.parent  # the runtimer package


def bundled_dir(name: str) -> Path:
    """A folder shipped with runtimer (`routines`, `sounds`).

    An installed wheel carries it inside the package; a source checkout keeps it at
    the top of the repository, where people edit it.
    """
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def _dirs() -> platformdirs.PlatformDirs:
    """This platform's folders for runtimer. `appauthor=False`: on Windows the folders
    are `%LOCALAPPDATA%\\runtimer`, not `...\\runtimer\\runtimer` (platformdirs otherwise puts
    an author folder, by default the app's name again, in front)."""
    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def user_config_dir() -> Path:
    return _dirs().user_config_path


def user_routines_dir() -> Path:
    """The user's own routine files."""
    return user_config_dir() / "routines"


def user_data_dir() -> Path:
    """Precious data (workout logs): never deleted automatically."""
    return _dirs().user_data_path


def user_state_dir() -> Path:
    """Rebuildable state, such as the history index."""
    return _dirs().user_state_path


def user_cache_dir() -> Path:
    """What can be thrown away and rebuilt at any time: the history index."""
    return _dirs().user_cache_path


def sessions_dir(data_dir: Path | None = None) -> Path:
    """One TOML log per workout."""
    return (data_dir if data_dir is not None else user_data_dir()) / "sessions"


def history_index_file(cache_dir: Path | None = None) -> Path:
    """The history index (an SQLite database rebuilt from the logs at will), which
    lets a long history open quickly."""
    return (cache_dir if cache_dir is not None else user_cache_dir()) / "history.sqlite3"


def legacy_history_index_file() -> Path:
    """Where runtimer kept the history index before it was a database (JSON)."""
    return user_state_dir() / "history-index.json"


def workout_lock_file(sessions: Path, state_dir: Path | None = None) -> Path:
    """The lock that keeps one workout at a time on a sessions folder (see
    `workoutlock`). Named after a digest of the folder's path, so two data folders
    sharing one state folder do not block each other."""
    import hashlib  # a workout's lock only: not needed before the menu's first paint

    digest = hashlib.sha256(str(sessions).encode("utf-8", "surrogatepass")).hexdigest()
    return (
        state_dir if state_dir is not None else user_state_dir()
    ) / f"workout-{digest[:16]}.lock"


def rescue_dir(temp: Path | None = None) -> Path:
    """Where a workout log goes that the data folder would not take (see `rescue`):
    the temp folder, usually another file system, in a folder of this user's own."""
    base = temp if temp is not None else Path(tempfile.gettempdir())
    who = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return base / f"runtimer-rescue-{who}"
