"""Log files on disk: their names, and reading one safely.

Names are the local start time then the routine (`2026-11-21T1830-full-body.toml`), so
they sort by date, and are made only of `[a-z0-9-]`, so whatever a routine is called
the file stays in the sessions folder.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from runtimer.core import safefile
from runtimer.core.records.codec import parse_log
from runtimer.core.records.model import (
    LOG_SUFFIX,
    MAX_LOG_BYTES,
    MAX_SLUG,
    SessionLog,
    UnreadableLog,
)
from runtimer.core.safetext import slugify

# --------------------------------------------------------------------- file names


def log_slug(routine: str) -> str:
    """The routine-name part of a log's file name."""
    return slugify(routine, limit=MAX_SLUG, fallback="workout")


def log_file_name(routine: str, started: datetime, attempt: int = 1) -> str:
    """`2026-11-21T1830-full-body.toml`; the local time first so names sort by date."""
    stamp = started.strftime("%Y-%m-%dT%H%M")
    suffix = "" if attempt == 1 else f"-{attempt}"
    return f"{stamp}-{log_slug(routine)}{suffix}{LOG_SUFFIX}"


_SAFE_NAME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{4}-[\w-]+\.toml")


def path_in(folder: Path, name: str) -> Path:
    """The log path, after checking it really is a plain name directly in `folder`."""
    path = folder / name
    if not _SAFE_NAME.fullmatch(name) or path.parent != folder or path.name != name:
        raise ValueError(f"refusing to write a log outside {folder}: {name!r}")
    return path


def read_log_file(path: Path) -> tuple[SessionLog, safefile.FileId]:
    """Read one log and the identity of the exact file read."""
    try:
        raw, file_id = safefile.read_regular(path, MAX_LOG_BYTES)
    except safefile.FileReadError as error:
        if error.size is not None:
            kb = error.size // 1024
            raise UnreadableLog(f"too big for a workout log ({kb} kB; logs are a few kB)") from None
        raise UnreadableLog(error.reason) from None
    return parse_log(raw, path), file_id


def read_log(path: Path) -> SessionLog:
    return read_log_file(path)[0]


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes, or "" if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(65536), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()
