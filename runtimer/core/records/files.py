"""Log files on disk: their names, and reading one safely.

Names are the local start time, the routine and a random tag
(`2026-11-21T1830-full-body-3f9a.toml`), so they sort by date and two machines never
make the same one, and are made only of `[a-z0-9-]`, so whatever a routine is called
the file stays in the sessions folder.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime
from pathlib import Path

from runtimer.core import safefile
from runtimer.core.records.codec import LogJson, parse_log, parse_log_json
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


def new_tag() -> str:
    """Four random hex digits for a new log's name (see `log_file_name`)."""
    return secrets.token_hex(2)


def log_file_name(routine: str, started: datetime, attempt: int = 1, tag: str | None = None) -> str:
    """`2026-11-21T1830-full-body-3f9a.toml`: the local time first so names sort by
    date, and four random hex digits (`tag`) so that two machines whose logs are
    synced into one folder never write the same name, even for workouts started in
    the same minute. Older logs, without the tag, read the same."""
    stamp = started.strftime("%Y-%m-%dT%H%M")
    tag = tag if tag is not None else new_tag()
    suffix = "" if attempt == 1 else f"-{attempt}"
    return f"{stamp}-{log_slug(routine)}-{tag}{suffix}{LOG_SUFFIX}"


_SAFE_NAME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{4}-[\w-]+\.toml")


def path_in(folder: Path, name: str) -> Path:
    """The log path, after checking it really is a plain name directly in `folder`."""
    path = folder / name
    if not _SAFE_NAME.fullmatch(name) or path.parent != folder or path.name != name:
        raise ValueError(f"refusing to write a log outside {folder}: {name!r}")
    return path


def _read_bytes(path: Path) -> tuple[bytes, safefile.FileId]:
    try:
        return safefile.read_regular(path, MAX_LOG_BYTES)
    except safefile.FileReadError as error:
        if error.size is not None:
            kb = error.size // 1024
            raise UnreadableLog(f"too big for a workout log ({kb} kB; logs are a few kB)") from None
        raise UnreadableLog(error.reason) from None


def read_log_file(path: Path) -> tuple[SessionLog, safefile.FileId]:
    """Read one log and the identity of the exact file read."""
    raw, file_id = _read_bytes(path)
    return parse_log(raw, path), file_id


def read_log(path: Path) -> SessionLog:
    return read_log_file(path)[0]


def read_log_json(path: Path) -> tuple[SessionLog, LogJson | None]:
    """Read one log, with its rows for the history index when it was read the quick
    way (`codec.parse_log_json`)."""
    return parse_log_json(_read_bytes(path)[0], path)


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
