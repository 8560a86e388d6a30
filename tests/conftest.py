"""Shared test set-up: no test may read or write the real user's folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakeclock import FakeClock

__all__ = ["FakeClock", "UserDirs"]


@dataclass(frozen=True)
class UserDirs:
    """Where runtimer's per-user folders point during a test (none of them exist yet)."""

    config: Path
    routines: Path
    data: Path
    state: Path


@pytest.fixture(autouse=True)
def user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> UserDirs:
    """Point every per-user folder at a fresh temporary directory.

    Both the RUNTIMER_* variables and the XDG ones platformdirs reads on Linux are set,
    to the same folders, so the redirection holds whichever of them runtimer honours.
    """
    home = tmp_path_factory.mktemp("home")
    xdg = {"config": home / "config", "data": home / "data", "state": home / "state"}
    for kind, folder in xdg.items():
        monkeypatch.setenv(f"XDG_{kind.upper()}_HOME", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    dirs = UserDirs(
        config=xdg["config"] / "runtimer",
        routines=xdg["config"] / "runtimer" / "routines",
        data=xdg["data"] / "runtimer",
        state=xdg["state"] / "runtimer",
    )
    monkeypatch.setenv("RUNTIMER_CONFIG_DIR", str(dirs.config))
    monkeypatch.setenv("RUNTIMER_ROUTINES_DIR", str(dirs.routines))
    monkeypatch.setenv("RUNTIMER_DATA_DIR", str(dirs.data))
    monkeypatch.setenv("RUNTIMER_STATE_DIR", str(dirs.state))
    return dirs


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
