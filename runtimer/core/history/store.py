"""Reading the sessions folder: every log, the files that are not logs, and the index.

Files in the sessions folder that are not readable logs (hand-edited, cut short,
someone else's) are listed with the reason and skipped; nothing here ever writes to
the sessions folder.

Speed: tomllib is pure Python and parses 1,000 logs of 20 sets in about 2–3 s on a
small machine, so `load_history` keeps an index (JSON, parsed in C) of every file's
contents keyed by file name, size, mtime_ns and ctime_ns. Only new or changed files
are parsed again. The index is a cache: it is never preferred over a file that
changed, and a missing, broken or foreign index is simply rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from runtimer.core import safefile
from runtimer.core.progress import counts
from runtimer.core.records.codec import session_from_rows, session_rows
from runtimer.core.records.files import read_log
from runtimer.core.records.model import LOG_SUFFIX, SessionLog, Store, UnreadableLog
from runtimer.core.safefile import describe_os_error

INDEX_VERSION = 4  # 4: reasons of unreadable files keep their line and column apart


@dataclass(frozen=True)
class Unreadable:
    """A file in the sessions folder that was skipped, and why."""

    name: str  # the file's name; the folder's path when it cannot even be listed
    reason: str


@dataclass(frozen=True)
class History:
    """What the sessions folder holds: the logs that could be read, and the rest."""

    sessions: tuple[SessionLog, ...]  # every readable log, oldest first (discarded too)
    unreadable: tuple[Unreadable, ...] = ()

    @property
    def counted(self) -> tuple[SessionLog, ...]:
        """The sessions that count: not discarded, at least one set done."""
        return tuple(s for s in self.sessions if counts(s))

    def with_log(self, log: SessionLog) -> History:
        """This history with `log` as it is now (a workout of this run, just saved):
        it replaces the log read from the same file, or joins the others in order. So
        the app reads the folder once per run and keeps its picture current."""
        if log.path is None:
            return self
        others = [s for s in self.sessions if s.path != log.path]
        others.append(log)
        others.sort(key=lambda s: (s.started, s.path.name if s.path is not None else ""))
        return replace(self, sessions=tuple(others))


# ------------------------------------------------------------------- loading


def _key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns]


# The index holds each log as rows: its top-level table, then its exercises and sets
# as rows whose columns are the log's keys in a fixed order (`session_rows`), read
# back through the same checks as the log file itself (`session_from_rows`): the index
# is a cache anyone can edit, so nothing in it is trusted more than the log. It is a
# header line (version, folder and a sha256 of the body) then the body (JSON, which
# Python parses in C); a body that does not match its digest, an entry that does not
# check out, or an index that cannot be read at all is simply ignored, and the logs
# are read instead.

#: The index of 10,000 sessions is about 40 MB; anything far bigger is not ours.
MAX_INDEX_BYTES = 512 * 1024 * 1024
#: The longest reason an index may give for a file being unreadable.
MAX_REASON = 1000


def _read_index(store: Store) -> dict[str, Any]:
    """The cached entries, or {} if there is no sound index for this folder."""
    if store.index is None:
        return {}
    try:
        raw, _file_id = safefile.read_regular(store.index, MAX_INDEX_BYTES)
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if (
            not isinstance(header, dict)
            or header.get("version") != INDEX_VERSION
            or header.get("folder") != str(store.sessions)
            or header.get("sha256") != hashlib.sha256(body).hexdigest()
        ):
            return {}
        files = json.loads(body)
    except (safefile.FileReadError, ValueError, RecursionError):
        return {}
    return files if isinstance(files, dict) else {}


def _write_index(store: Store, files: dict[str, Any]) -> None:
    """Best effort: an index that cannot be saved only costs speed next time."""
    if store.index is None:
        return
    try:
        body = json.dumps(files, separators=(",", ":")).encode()
        header = {
            "version": INDEX_VERSION,
            "folder": str(store.sessions),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        store.index.parent.mkdir(parents=True, exist_ok=True)
        safefile.atomic_write(store.index, json.dumps(header).encode() + b"\n" + body)
    except (OSError, ValueError):
        pass


def _from_cache(entry: object, key: list[int], path: Path) -> SessionLog | Unreadable | None:
    """The cached result for a file, if the entry is sound and the file unchanged."""
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    if "error" in entry:
        reason = entry["error"]
        if isinstance(reason, str) and 0 < len(reason) <= MAX_REASON:
            return Unreadable(path.name, reason)
        return None
    try:
        return session_from_rows(entry.get("log"), entry.get("exercises"), entry.get("sets"), path)
    except UnreadableLog:
        return None  # a damaged or edited entry: read the file itself


def _index_entry(key: list[int], result: SessionLog | Unreadable) -> dict[str, Any]:
    if isinstance(result, Unreadable):
        return {"key": key, "error": result.reason[:MAX_REASON]}
    head, exercises, sets = session_rows(result)
    return {"key": key, "log": head, "exercises": exercises, "sets": sets}


class ReadStopped(Exception):
    """`load_history` was asked to stop (the app is closing): nothing is returned."""


def load_history(store: Store, stop: Callable[[], bool] | None = None) -> History:
    """Every log in the sessions folder, with the unreadable ones listed, never raising.

    A folder that does not exist yet is simply an empty history. `stop` is asked
    between files; when it says so, ReadStopped is raised and the index is left as it
    was, so an app that is closing need not wait for a long first read to end.
    """
    folder = store.sessions
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return History(())
    except OSError as error:
        why = f"cannot be listed ({describe_os_error(error)})"
        return History((), (Unreadable(str(folder), why),))
    cached = _read_index(store)
    fresh: dict[str, Any] = {}
    changed = False
    sessions: list[SessionLog] = []
    unreadable: list[Unreadable] = []
    for entry in entries:
        if stop is not None and stop():
            raise ReadStopped
        name = entry.name
        if name.startswith("."):
            continue  # hidden: our temporary files, editor and OS droppings
        path = folder / name
        try:
            st = entry.stat()
            is_dir = entry.is_dir()
        except OSError as error:
            unreadable.append(Unreadable(name, f"cannot be read ({describe_os_error(error)})"))
            continue
        if is_dir:
            unreadable.append(Unreadable(name, "a folder, not a workout log"))
            continue
        if not name.endswith(LOG_SUFFIX):
            unreadable.append(Unreadable(name, "not a workout log (logs end in .toml)"))
            continue
        key = _key(st)
        result = _from_cache(cached.get(name), key, path)
        if result is not None:
            fresh[name] = cached[name]
        else:
            changed = True
            try:
                result = read_log(path)
            except UnreadableLog as error:
                result = Unreadable(name, error.located)
            fresh[name] = _index_entry(key, result)
        if isinstance(result, Unreadable):
            unreadable.append(result)
        else:
            sessions.append(result)
    if changed or len(fresh) != len(cached):
        _write_index(store, fresh)
    sessions.sort(key=lambda s: (s.started, s.path.name if s.path is not None else ""))
    return History(tuple(sessions), tuple(unreadable))
