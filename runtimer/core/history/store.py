"""Reading the sessions folder: every log, the files that are not logs, and the index.

Files in the sessions folder that are not readable logs (hand-edited, cut short,
someone else's) are listed with the reason and skipped; nothing here ever writes to
the sessions folder.

Speed: `load_history` keeps the history index (`index`, an SQLite database in the
cache folder) current: only the log files that are new or changed since it last
looked (by size, mtime, ctime and inode) are parsed, and the history then asks the
index for what it shows (the days, the latest sessions, each exercise's latest
outings) instead of building every session of years of logs. The index is a cache:
a missing, damaged, foreign or out-of-date one is rebuilt from the logs, and one
that cannot be written is used from memory.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TypeVar, overload

from runtimer.core import paths
from runtimer.core.history.index import (
    MAX_REASON,
    FileKey,
    Index,
    IndexDamaged,
    LogRows,
    discard_files,
    file_key,
)
from runtimer.core.history.reader import CHUNK
from runtimer.core.progress import Outing, exercise_key
from runtimer.core.records.codec import exercise_from_row, set_from_row
from runtimer.core.records.files import read_log
from runtimer.core.records.model import (
    LOG_SUFFIX,
    ExerciseInfo,
    SessionLog,
    SetRecord,
    Store,
    UnreadableLog,
)
from runtimer.core.routine import Routine
from runtimer.core.safefile import describe_os_error

T = TypeVar("T")

#: Logs parsed between two writes to the index: a first read of years of logs never
#: holds more than this many sessions in memory, and stops where it was told to.
BATCH = 100
#: The latest outings of each exercise a workout's advice looks at (see `past_for`).
PAST_OUTINGS = 200
#: From this many new or changed logs on, they are read by worker processes (a first
#: read of years of logs); below it, starting them would cost more than it saves.
PARALLEL_FROM = 400
MAX_WORKERS = 4
#: What a helper sends at a time: (its number in the helper's list, the log's rows
#: or why it cannot be read) for a few logs (`reader.CHUNK`).
Chunk = list[tuple[int, LogRows | str]]


@dataclass(frozen=True)
class Unreadable:
    """A file in the sessions folder that was skipped, and why."""

    name: str  # the file's name; the folder's path when it cannot even be listed
    reason: str


class History:
    """What the sessions folder holds: the logs that could be read, and the rest.

    Built by `load_history` over the index, or from logs in memory
    (`History(sessions, unreadable)`, for tests and tools). The questions the screens
    ask are answered by the index (`counted_days`, `latest`, `exercise_outings`...);
    `sessions` builds every log, for the few that need them all.
    """

    def __init__(
        self, sessions: Iterable[SessionLog] = (), unreadable: Iterable[Unreadable] = ()
    ) -> None:
        index = Index.in_memory(Path(""))
        self._names: dict[Path, str] = {}
        for number, log in enumerate(sessions):
            name = f"{log.path.name if log.path is not None else ''}\0{number:09d}"
            if log.path is not None:
                self._names[log.path] = name
            index.put(name, log)
        self._index = index
        self._others = tuple(unreadable)
        self._store: Store | None = None
        self._mine: dict[str, SessionLog] = {}

    @classmethod
    def _over(cls, index: Index, others: tuple[Unreadable, ...], store: Store) -> History:
        history = cls.__new__(cls)
        history._names = {}
        history._index = index
        history._others = others
        history._store = store
        history._mine = {}
        return history

    # -- asking the index ------------------------------------------------------------

    def _ask(self, question: Callable[[Index], T]) -> T:
        """`question` answered by the index; a damaged index is rebuilt from the logs
        first, once."""
        try:
            return question(self._index)
        except IndexDamaged:
            if self._store is None:
                raise
        self._rebuild()
        return question(self._index)

    def _rebuild(self) -> None:
        assert self._store is not None
        self._index.close()
        if self._store.index is not None:
            discard_files(self._store.index)
        fresh = load_history(self._store)
        self._index, self._others = fresh._index, fresh._others
        for name, log in self._mine.items():
            self._index.lay_over(name, log)

    @property
    def sessions(self) -> tuple[SessionLog, ...]:
        """Every readable log, oldest first (discarded ones too)."""
        return tuple(self.each_session())

    def each_session(self) -> Iterator[SessionLog]:
        """Every readable log, oldest first, built a few at a time (for the export)."""
        done = 0
        while True:
            batch = self._ask(lambda index: index.sessions(limit=200, offset=done))  # noqa: B023
            yield from batch
            if len(batch) < 200:
                return
            done += len(batch)

    @property
    def counted(self) -> Sequence[SessionLog]:
        """The sessions that count: not discarded, at least one set done. Built only
        when first looked into (its length is asked of the index): code that is
        handed it and has no use for it (no program active, say) costs nothing."""
        return _Later(
            lambda: tuple(self._ask(lambda index: index.sessions("WHERE counts"))),
            self.counted_total,
        )

    def total(self) -> int:
        """How many logs could be read (discarded ones too)."""
        return self._ask(lambda index: index.session_count())

    @property
    def unreadable(self) -> tuple[Unreadable, ...]:
        """The files that are not readable logs, by name."""
        stored = self._ask(lambda index: index.unreadable())
        found = [*self._others, *(Unreadable(name, reason) for name, reason in stored)]
        return tuple(sorted(found, key=lambda item: item.name))

    def counted_days(self) -> list[date]:
        """The day of every session that counts, oldest first."""
        return self._ask(lambda index: index.counted_days())

    def counted_total(self) -> int:
        return self._ask(lambda index: index.session_count(counted=True))

    def latest(self, count: int) -> tuple[SessionLog, ...]:
        """The latest `count` logs that were not discarded, newest first."""
        return tuple(
            self._ask(
                lambda index: index.sessions(
                    "WHERE status != 'discarded'", newest_first=True, limit=count
                )
            )
        )

    def unfinished(self) -> tuple[SessionLog, ...]:
        """The logs still marked in progress, oldest first."""
        return tuple(self._ask(lambda index: index.sessions("WHERE status = 'in_progress'")))

    def circuit_sessions(self) -> tuple[SessionLog, ...]:
        """The sessions that count and had a circuit, oldest first."""
        return tuple(self._ask(lambda index: index.sessions("WHERE counts AND circuit")))

    # What a program asks (`core.program.logs`): the sessions of its block, and the
    # few before it that its starting weights come from, not years of logs.

    def counted_between(self, first: date, last: date) -> tuple[SessionLog, ...]:
        """The sessions that count from day `first` to day `last` (by the day each says
        it started), oldest first, whole."""
        # A session's day is in its own time zone: it started less than a day before
        # its midnight in UTC, or after the next (the index on started finds them).
        earliest = datetime.combine(first, time(), UTC).timestamp() - 86400
        latest = datetime.combine(last, time(), UTC).timestamp() + 2 * 86400
        where = "WHERE started >= ? AND started < ? AND counts AND day >= ? AND day <= ?"
        args = (earliest, latest, first.isoformat(), last.isoformat())
        return tuple(self._ask(lambda index: index.sessions(where, args)))

    def last_loaded(self, exercises: Iterable[str], before: date) -> tuple[SessionLog, ...]:
        """For each exercise (by `progress.exercise_key`), the session that counts
        before day `before` in which it last carried a load (a done set that is not a
        warm-up): the weight `progress.default_load` starts from. Whole, each once,
        oldest first. A session after it that did the exercise carried no load."""

        def ask(index: Index) -> tuple[SessionLog, ...]:
            names = {index.last_loaded(key, before) for key in sorted(set(exercises))}
            found = [
                log
                for name in sorted(name for name in names if name is not None)
                for log in index.sessions("WHERE name = ?", (name,))
            ]
            return tuple(sorted(found, key=lambda log: log.started))

        return self._ask(ask)

    def latest_counted(self, match: Callable[[SessionLog], bool], until: date) -> SessionLog | None:
        """The latest session that counts on or before day `until` for which `match`
        is true, whole; `match` is given the log without its exercises and sets (its
        routine, its times, its `[program]`). Looked for newest first."""

        def ask(index: Index) -> SessionLog | None:
            for name, head in index.heads("WHERE counts AND day <= ?", (until.isoformat(),)):
                if match(head):
                    return next(iter(index.sessions("WHERE name = ?", (name,))), None)
            return None

        return self._ask(ask)

    def exercise_outings(self, last: int) -> list[tuple[int, list[Outing]]]:
        """Per exercise, most recently done first: the number of sessions that did it,
        and its latest `last` outings, oldest first (as `progress.all_outings` makes
        them)."""
        return self._ask(lambda index: index.exercise_outings(last))

    def past_for(self, routine: Routine, last: int = PAST_OUTINGS) -> tuple[SessionLog, ...]:
        """The sessions that count, as a workout of `routine` needs them for its
        advice (`core.workout`, `core.progress`), without years of other sets.

        Each log keeps its own details but only its sets of the routine's exercises
        (of each exercise's latest `last` outings); a log left with none keeps one
        warm-up set, which makes it count (for the training block and "last time in
        another routine") and which advice never looks at. Advice over these is the
        advice over every log, except that an exercise's run of sessions at one load
        is looked at over its latest `last` outings only."""
        keys = {exercise_key(exercise.name) for exercise in routine.exercises}

        def ask(index: Index) -> tuple[SessionLog, ...]:
            sets = index.outing_sets(keys, last)
            found = []
            for name, log, exercises in index.counted_heads():
                rows = sets.get(name)
                try:
                    records = tuple(set_from_row(row, n) for n, row in enumerate(rows or (), 1))
                except UnreadableLog:
                    raise IndexDamaged("a set row fails the checks") from None
                if not records:
                    records = (_stand_in(log),)
                infos = _exercise_infos(exercises, {r.exercise_index for r in records})
                found.append(replace(log, sets=records, exercises=infos))
            return tuple(found)

        return self._ask(ask)

    def close(self) -> None:
        """Let go of the index (its database connection); the history is then empty."""
        self._index.close()
        self._index = Index.in_memory(Path(""))
        self._store = None

    # -- this run's own logs ---------------------------------------------------------

    def with_log(self, log: SessionLog) -> History:
        """This history with `log` as it is now (a workout of this run, just saved or
        not): it replaces the log read from the same file, or joins the others in
        order. So the app reads the folder once per run and keeps its picture current.
        The index on disk is not changed; the next read sees the file itself."""
        if log.path is None:
            return self
        name = self._names.get(log.path, log.path.name)
        self._mine[name] = log
        self._index.lay_over(name, log)
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self.sessions == other.sessions and self.unreadable == other.unreadable

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"History({len(self.sessions)} sessions, {len(self.unreadable)} unreadable)"


class _Later(Sequence[SessionLog]):
    """A tuple of sessions made the first time it is looked into."""

    def __init__(self, make: Callable[[], tuple[SessionLog, ...]], size: Callable[[], int]):
        self._make = make
        self._size = size
        self._made: tuple[SessionLog, ...] | None = None

    def _all(self) -> tuple[SessionLog, ...]:
        if self._made is None:
            self._made = self._make()
        return self._made

    @overload
    def __getitem__(self, index: int) -> SessionLog: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[SessionLog]: ...
    def __getitem__(self, index: int | slice) -> SessionLog | Sequence[SessionLog]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._made) if self._made is not None else self._size()

    def __iter__(self) -> Iterator[SessionLog]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._all() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._all())


def _stand_in(log: SessionLog) -> SetRecord:
    """A warm-up set at the start of `log`: it makes the log count, and nothing else."""
    return SetRecord("", 0, 1, log.started, log.started, warmup=True)


def _exercise_infos(rows: list[object], wanted: set[int]) -> tuple[ExerciseInfo, ...]:
    """The plan of the exercises `wanted` (by index), from the log's exercise rows."""
    try:
        infos = (exercise_from_row(row, n) for n, row in enumerate(rows, 1))
        return tuple(info for info in infos if info.index in wanted)
    except UnreadableLog:
        raise IndexDamaged("an exercise row fails the checks") from None


class ReadStopped(Exception):
    """`load_history` was asked to stop (the app is closing): nothing is returned."""


# ------------------------------------------------------------------- loading


def _read(path: Path) -> SessionLog | str:
    """The log in `path`, or why it cannot be read (`NAME:line:col: ...` style)."""
    try:
        return read_log(path)
    except UnreadableLog as error:
        return error.located[:MAX_REASON]


def _read_all(
    changed: list[tuple[str, str, FileKey]], stop: Callable[[], bool] | None
) -> Iterator[tuple[str, FileKey, SessionLog | LogRows | str]]:
    """Every changed file read (in no particular order). Many of them (the very first
    read of years of logs) are read by helper processes, one per processor, which
    make the index rows too (`reader`); a helper that cannot start or dies leaves its
    files to be read here."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(changed) < PARALLEL_FROM or workers < 2:
        yield from _read_here(changed, stop)
        return
    shares = [changed[k::workers] for k in range(workers)]
    results: queue.Queue[tuple[int, Chunk | None]] = queue.Queue(maxsize=4 * BATCH // CHUNK)
    helpers: list[subprocess.Popen[bytes]] = []
    try:
        for k, share in enumerate(shares):
            try:
                helper = subprocess.Popen(
                    [sys.executable, "-m", "runtimer.core.history.reader"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=_helper_env(),
                )
            except OSError:
                break
            helpers.append(helper)
            threading.Thread(target=_collect, args=(k, helper, share, results), daemon=True).start()
        done: list[set[int]] = [set() for _ in shares]
        running = len(helpers)
        while running:
            k, chunk = results.get()
            if chunk is None:
                running -= 1
                continue
            for number, result in chunk:
                if stop is not None and stop():
                    raise ReadStopped
                done[k].add(number)
                name, _path, key = shares[k][number]
                yield name, key, result
        left = [
            item
            for k, share in enumerate(shares)
            for n, item in enumerate(share)
            if n not in done[k]
        ]
        yield from _read_here(left, stop)
    finally:
        for helper in helpers:
            with contextlib.suppress(OSError):
                helper.kill()
            helper.wait()


def _helper_env() -> dict[str, str]:
    """This process's environment, with this runtimer first on the helper's path."""
    env = dict(os.environ)
    here = str(Path(__file__).resolve().parents[3])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH", "")) if p)
    return env


def _collect(
    k: int,
    helper: subprocess.Popen[bytes],
    share: list[tuple[str, str, FileKey]],
    results: queue.Queue[tuple[int, Chunk | None]],
) -> None:
    """In a thread: give helper `k` its files and pass on what it sends back, a
    chunk at a time, then None once it is done, whatever happened."""
    assert helper.stdin is not None and helper.stdout is not None
    try:
        feed = b"\0".join(os.fsencode(path) for _name, path, _key in share)
        threading.Thread(target=_feed, args=(helper, feed), daemon=True).start()
        while True:
            try:
                chunk = pickle.load(helper.stdout)
            except EOFError:
                break
            if type(chunk) is not list or not all(
                type(item) is tuple
                and len(item) == 2
                and type(item[0]) is int
                and 0 <= item[0] < len(share)
                for item in chunk
            ):
                break
            results.put((k, chunk))
    except Exception:  # a helper that died or sent garbage: the rest is read here
        pass
    finally:
        results.put((k, None))


def _feed(helper: subprocess.Popen[bytes], data: bytes) -> None:
    assert helper.stdin is not None
    with contextlib.suppress(OSError):
        helper.stdin.write(data)
        helper.stdin.close()


def _read_here(
    changed: list[tuple[str, str, FileKey]], stop: Callable[[], bool] | None
) -> Iterator[tuple[str, FileKey, SessionLog | LogRows | str]]:
    for name, path, key in changed:
        if stop is not None and stop():
            raise ReadStopped
        yield name, key, _read(Path(path))


def _open_index(store: Store) -> Index:
    """The index on disk if it can be used, else one in memory (a copy of the one on
    disk when that can at least be read)."""
    if store.index is None:
        return Index.in_memory(store.sessions)
    try:
        return Index.open(store.index, store.sessions)
    except (sqlite3.Error, OSError):
        return Index.in_memory(store.sessions, copy_of=store.index)


def _sync(
    index: Index,
    logs: list[tuple[str, str, FileKey]],
    stop: Callable[[], bool] | None,
) -> None:
    """Bring the index up to date with the log files: parse the new and changed ones
    (a batch at a time) and forget the ones that are gone."""
    known = index.known()
    names = {name for name, _path, _key in logs}
    gone = [name for name in known if name not in names]
    changed = [(name, path, key) for name, path, key in logs if known.get(name) != key]
    if gone and not changed:
        index.update((), gone)
    batch: list[tuple[str, FileKey, SessionLog | LogRows | str]] = []
    first = True
    for item in _read_all(changed, stop):
        batch.append(item)
        if len(batch) == BATCH:
            index.update(batch, gone if first else ())
            batch, first = [], False
    if batch:
        index.update(batch, gone if first else ())


def load_history(store: Store, stop: Callable[[], bool] | None = None) -> History:
    """Every log in the sessions folder, with the unreadable ones listed, never raising.

    A folder that does not exist yet is simply an empty history. `stop` is asked
    between files; when it says so, ReadStopped is raised (the logs read so far stay
    in the index), so an app that is closing need not wait for a long first read.
    """
    folder = store.sessions
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return History(())
    except OSError as error:
        why = f"cannot be listed ({describe_os_error(error)})"
        return History((), (Unreadable(str(folder), why),))
    logs: list[tuple[str, str, FileKey]] = []
    others: list[Unreadable] = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue  # hidden: our temporary files, editor and OS droppings
        try:
            st = entry.stat()
            is_dir = entry.is_dir()
        except OSError as error:
            others.append(Unreadable(name, f"cannot be read ({describe_os_error(error)})"))
            continue
        if is_dir:
            others.append(Unreadable(name, "a folder, not a workout log"))
        elif not name.endswith(LOG_SUFFIX):
            others.append(Unreadable(name, "not a workout log (logs end in .toml)"))
        else:
            logs.append((name, entry.path, file_key(st)))
    _forget_legacy_index(store)
    index = _open_index(store)
    try:
        try:
            _sync(index, logs, stop)
        except IndexDamaged:
            index.close()
            if index.on_disk and store.index is not None:
                discard_files(store.index)
            index = _open_index(store)
            _sync(index, logs, stop)
    except (sqlite3.Error, IndexDamaged):
        # The disk refused a write (full, read-only) or the index is beyond use:
        # carry on in memory, from a copy of what it holds if it can be read.
        index.close()
        index = Index.in_memory(folder, copy_of=store.index if index.on_disk else None)
        try:
            _sync(index, logs, stop)
        except IndexDamaged:
            index.close()
            index = Index.in_memory(folder)
            _sync(index, logs, stop)
    except BaseException:
        index.close()
        raise
    return History._over(index, tuple(others), store)


def _forget_legacy_index(store: Store) -> None:
    """The JSON index of earlier versions is replaced by the database: delete it once,
    best effort (it held up to 40 MB)."""
    if store.index is not None and store.index == paths.history_index_file():
        with contextlib.suppress(OSError):
            paths.legacy_history_index_file().unlink(missing_ok=True)
