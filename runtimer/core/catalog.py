"""Finding routines: the bundled folder, the user's folder and any `--routines DIR`.

A user's file with the same file name as a bundled one replaces it (so people can
copy a bundled routine and tune it). A broken file is kept in the catalog with its
error, never dropped: hiding it would hide the typo the user needs to fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from runtimer.core.loader import RoutineError, load_routine
from runtimer.core.loader.documents import Documents, routines_cache_file
from runtimer.core.paths import bundled_dir, user_routines_dir
from runtimer.core.plan import estimate_seconds
from runtimer.core.routine import Routine


class Origin(Enum):
    BUNDLED = "bundled"
    USER = "user"
    EXTRA = "--routines"


@dataclass(frozen=True)
class Entry:
    """One routine file and what came of loading it."""

    path: Path
    origin: Origin
    routine: Routine | None = None
    error: RoutineError | None = None
    replaces: Path | None = None  # the bundled file this one takes precedence over

    @property
    def key(self) -> str:
        return self.path.stem.lower()

    @property
    def title(self) -> str:
        return self.routine.name if self.routine is not None else self.path.name

    @property
    def estimate(self) -> float | None:
        return estimate_seconds(self.routine) if self.routine is not None else None


def load_entry(
    path: Path, origin: Origin, replaces: Path | None = None, documents: Documents | None = None
) -> Entry:
    try:
        return Entry(path, origin, routine=load_routine(path, documents), replaces=replaces)
    except RoutineError as error:
        return Entry(path, origin, error=error, replaces=replaces)


def _files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
    except OSError:
        return []


@dataclass(frozen=True)
class Catalog:
    """Every routine file found, sorted by title, and the folders looked in."""

    entries: tuple[Entry, ...]
    folders: tuple[tuple[Origin, Path], ...]

    def find(self, wanted: str) -> Entry | None:
        """By file stem, file name or routine name, ignoring case."""
        needle = wanted.strip().lower()
        for entry in self.entries:
            if needle in (entry.key, entry.path.name.lower()):
                return entry
        for entry in self.entries:
            if entry.routine is not None and entry.routine.name.lower() == needle:
                return entry
        return None

    def suggest(self, wanted: str) -> list[str]:
        names = [entry.key for entry in self.entries]
        return difflib.get_close_matches(wanted.strip().lower(), names, n=3, cutoff=0.6)


def discover(
    extra_dirs: Iterable[Path] = (),
    user_dir: Path | None = None,
    *,
    standard: bool = True,
    cache: Path | None = None,
) -> Catalog:
    """Load every routine found; later folders take precedence by file name.

    `standard=False` leaves out the bundled and user folders (tests, `--routines` only).
    The files' parsed TOML is kept between runs in `cache` (default: `routines.json`
    in the cache folder; see `loader.documents`).
    """
    folders: list[tuple[Origin, Path]] = []
    if standard:
        folders += [
            (Origin.BUNDLED, bundled_dir("routines")),
            (Origin.USER, user_dir if user_dir is not None else user_routines_dir()),
        ]
    folders += [(Origin.EXTRA, Path(folder)) for folder in extra_dirs]
    chosen: dict[str, tuple[Path, Origin, Path | None]] = {}
    for origin, folder in folders:
        for path in _files(folder):
            key = path.stem.lower()
            previous = chosen.get(key)
            replaces = None
            if previous is not None:
                replaces = previous[2] or (previous[0] if previous[1] is Origin.BUNDLED else None)
            chosen[key] = (path, origin, replaces)
    documents = Documents(cache if cache is not None else routines_cache_file())
    entries = [
        load_entry(path, origin, replaces, documents) for path, origin, replaces in chosen.values()
    ]
    documents.save()
    entries.sort(key=lambda e: (e.title.lower(), str(e.path)))
    return Catalog(tuple(entries), tuple(folders))
