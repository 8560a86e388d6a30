"""The last resort for a workout log the data folder would not take.

If the log folder is full or read-only when the app exits, the sets done since the
last good save exist only in memory. They are written to a rescue file in the temp
folder (usually on another file system), its path is printed after the terminal is
restored, and the next start offers to bring it back into the log folder.

The rescue folder (`paths.rescue_dir()`) is `<temp>/runtimer-rescue-<user id>`,
created private (mode 700).
The temp folder is shared with every user of the machine, so the folder is used only
if it is a real folder (not a symbolic link someone planted) owned by us.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from runtimer.core import safefile
from runtimer.core.records.codec import session_to_toml
from runtimer.core.records.files import log_file_name, new_tag, read_log
from runtimer.core.records.model import LOG_SUFFIX, SessionLog, UnreadableLog
from runtimer.core.records.writer import SessionWriter


def _usable(folder: Path, *, create: bool) -> bool:
    """Is `folder` a private folder of ours (made so if `create`)?"""
    if create:
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return False
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False  # a file, or a symbolic link to somewhere else
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def rescue(log: SessionLog, folder: Path) -> Path:
    """Write `log` to a new rescue file in `folder` (`paths.rescue_dir()` for the real
    app) and return its path; OSError if even that fails (the caller then prints the
    log itself)."""
    if not _usable(folder, create=True):
        raise OSError(f"{folder} is not a private folder runtimer can use")
    data = session_to_toml(log).encode("utf-8")
    tag = new_tag()
    names = [log_file_name(log.routine, log.started, n, tag) for n in range(1, 1000)]
    if log.path is not None:  # the name it has in the log folder comes first
        names.insert(0, log.path.name)
    for name in names:
        path = folder / name
        try:
            safefile.create_new(path, data)
        except FileExistsError:
            continue
        return path
    raise OSError(f"too many rescue files in {folder}")


@dataclass(frozen=True)
class Rescued:
    """A rescue file found at start-up."""

    path: Path
    log: SessionLog


def find_rescued(folder: Path) -> list[Rescued]:
    """Every readable rescue file, oldest first. Unreadable ones are left alone."""
    if not _usable(folder, create=False):
        return []
    found: list[Rescued] = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        if name.startswith(".") or not name.endswith(LOG_SUFFIX):
            continue
        try:
            found.append(Rescued(folder / name, read_log(folder / name)))
        except UnreadableLog:
            continue
    return found


def bring_back(item: Rescued, sessions: Path) -> SessionWriter:
    """Put a rescued log back into the log folder and delete the rescue file once it
    is safely there. The writer's `problem` says why not, if the folder still refuses.

    The rescue file has the name the log had (or would have had) in the log folder. If
    the log folder holds an earlier save of the same workout there (same routine and
    start, no more sets), the rescued copy replaces it, so one workout stays one file;
    otherwise it becomes a new file, never written over another.
    """
    writer: SessionWriter | None = None
    try:
        earlier = SessionWriter.reopen(sessions / item.path.name)
    except UnreadableLog:
        earlier = None
    if (
        earlier is not None
        and earlier.log.routine == item.log.routine
        and earlier.log.started == item.log.started
        and len(earlier.log.sets) <= len(item.log.sets)
    ):
        earlier.replace_log(item.log)
        writer = earlier
    else:
        writer = SessionWriter.adopt(sessions, item.log)
    if writer.saved:
        # If it cannot be deleted it is offered again next time; the copy is safe.
        with contextlib.suppress(OSError):
            os.unlink(item.path)
    return writer


@dataclass(frozen=True)
class Rescue:
    """What became of one log that was not on disk at exit."""

    log: SessionLog
    problem: str  # why the log folder would not take it
    path: Path | None = None  # the rescue file, or None if even that failed
    failure: str = ""  # why the rescue file failed too


def rescue_unsaved(writers: Sequence[SessionWriter], folder: Path | None) -> list[Rescue]:
    """At exit: one last try to save every log not yet on disk, then a rescue file in
    `folder` (None: no rescue folder) for each that still would not go."""
    done: list[Rescue] = []
    for writer in writers:
        if writer.retry():
            continue
        problem = writer.problem or "it could not be saved"
        if folder is None:
            done.append(Rescue(writer.log, problem))
            continue
        try:
            done.append(Rescue(writer.log, problem, rescue(writer.log, folder)))
        except OSError as error:
            done.append(Rescue(writer.log, problem, failure=str(error)))
    return done
