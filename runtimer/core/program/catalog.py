"""Finding programs the way routines are found: the bundled `programs/` folder, the
user's programs folder and any `--programs DIR`, later ones winning by file name. A
broken file stays in the list with its problems, so its typo is never hidden."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from runtimer.core.catalog import Catalog, Origin
from runtimer.core.paths import bundled_dir, user_config_dir
from runtimer.core.program.loader import ProgramError, load_program
from runtimer.core.program.model import Program


def user_programs_dir() -> Path:
    """The user's own program files (beside their routines folder)."""
    return user_config_dir() / "programs"


@dataclass(frozen=True)
class ProgramEntry:
    path: Path
    origin: Origin
    program: Program | None = None
    error: ProgramError | None = None

    @property
    def key(self) -> str:
        return self.path.stem.lower()

    @property
    def title(self) -> str:
        return self.program.name if self.program is not None else self.path.name


def routine_keys(routines: Catalog) -> set[str]:
    """The routine file names a program may name: every routine found, broken ones too
    (their own problems are reported as routines)."""
    return {entry.key for entry in routines.entries}


def load_program_entry(
    path: Path, origin: Origin, routines: Collection[str] | None
) -> ProgramEntry:
    try:
        return ProgramEntry(path, origin, program=load_program(path, routines))
    except ProgramError as error:
        return ProgramEntry(path, origin, error=error)


@dataclass(frozen=True)
class Programs:
    entries: tuple[ProgramEntry, ...]
    folders: tuple[tuple[Origin, Path], ...]

    def find(self, wanted: str) -> ProgramEntry | None:
        """By file name (with or without .toml) or program name, ignoring case."""
        needle = wanted.strip().lower()
        for entry in self.entries:
            if needle in (entry.key, entry.path.name.lower()):
                return entry
        for entry in self.entries:
            if entry.program is not None and entry.program.name.lower() == needle:
                return entry
        return None

    def suggest(self, wanted: str) -> list[str]:
        """Close file names: the whole name, or its start (`strenght` is close to the
        start of `strength-for-runners`)."""
        needle = wanted.strip().lower()
        found = []
        for entry in self.entries:
            start = entry.key[: len(needle) + 2]
            if difflib.get_close_matches(needle, [entry.key, start], n=1, cutoff=0.6):
                found.append(entry.key)
        return found[:3]


def _files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
    except OSError:
        return []


def discover_programs(
    routines: Catalog,
    extra_dirs: Iterable[Path] = (),
    user_dir: Path | None = None,
    *,
    standard: bool = True,
) -> Programs:
    """Every program found, each checked against the routines in `routines`."""
    folders: list[tuple[Origin, Path]] = []
    if standard:
        folders += [
            (Origin.BUNDLED, bundled_dir("programs")),
            (Origin.USER, user_dir if user_dir is not None else user_programs_dir()),
        ]
    folders += [(Origin.EXTRA, Path(folder)) for folder in extra_dirs]
    chosen: dict[str, tuple[Path, Origin]] = {}
    for origin, folder in folders:
        for path in _files(folder):
            chosen[path.stem.lower()] = (path, origin)
    known = routine_keys(routines)
    entries = [load_program_entry(path, origin, known) for path, origin in chosen.values()]
    entries.sort(key=lambda e: (e.title.lower(), str(e.path)))
    return Programs(tuple(entries), tuple(folders))
