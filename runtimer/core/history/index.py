"""The history index: what the logs say, kept in an SQLite database so a long history
opens at once.

The TOML logs are the one source of truth; this database is only derived from them
and lives in the cache folder. For each log file it keeps the file's identity (size,
mtime, ctime and inode: a file-sync tool that rewrites a log changes at least one),
the log itself as checked rows (`codec.session_rows`, JSON), and what the history
asks for most, so that it is answered without building every session: the day and
status of each session, and each exercise's "outings" (`progress.all_outings`: the
sets one session did of one exercise).

It is a cache, so nothing about it is trusted or precious: a database that is
missing, not one (garbage bytes), of another schema version (older or newer), made
for another folder, or whose rows fail the same checks a log file gets, is rebuilt
from the logs. One that cannot be written (a full or read-only disk) is copied into
memory and brought up to date there. Every row read back goes through the codec's
checks (`IndexDamaged` when one fails), so no edit to the database can feed a chart
or the advice a value a log could not hold.

WAL mode lets two runtimers read and update it at once; each writes in short
transactions, so neither waits long for the other.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from runtimer.core.progress import Outing, all_outings, counts, exercise_key
from runtimer.core.records.codec import LogJson, session_from_rows, session_rows, set_from_row
from runtimer.core.records.model import SessionLog, UnreadableLog
from runtimer.core.routine import Sides

#: Bumped whenever the tables change; a database of any other version is rebuilt.
#: 2: set rows carry `override`; 3: exercise rows carry `find_weight`, and heads a
#: program's record (`[program]`), which an index made before would lack.
SCHEMA_VERSION = 3
#: SQLite's application id for this file ("rtmr"), so a foreign database is not taken
#: for ours.
APPLICATION_ID = 0x72746D72
#: The longest reason the index may give for a file being unreadable.
MAX_REASON = 1000

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    name TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    error TEXT
);
CREATE TABLE sessions (
    name TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    started REAL NOT NULL,
    day TEXT NOT NULL,
    status TEXT NOT NULL,
    counts INTEGER NOT NULL,
    circuit INTEGER NOT NULL,
    head TEXT NOT NULL,
    exercises TEXT NOT NULL,
    sets TEXT NOT NULL
);
CREATE INDEX sessions_in_order ON sessions (started, name);
CREATE TABLE outings (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    pos INTEGER NOT NULL,
    started REAL NOT NULL,
    day TEXT NOT NULL,
    sides TEXT NOT NULL,
    sets TEXT NOT NULL
);
CREATE INDEX outings_by_exercise ON outings (key, started, name);
CREATE INDEX outings_of_session ON outings (name);
"""

# This run's own logs (a workout saved a moment ago, perhaps not on disk at all) are
# kept in temporary tables of the connection and win over the database's rows of the
# same name; every query reads these views.
_OVERLAY = """
CREATE TEMP TABLE mine_sessions AS SELECT * FROM main.sessions WHERE 0;
CREATE TEMP TABLE mine_outings AS SELECT * FROM main.outings WHERE 0;
CREATE TEMP VIEW all_sessions AS
    SELECT * FROM main.sessions WHERE name NOT IN (SELECT name FROM temp.mine_sessions)
    UNION ALL SELECT * FROM temp.mine_sessions;
CREATE TEMP VIEW all_outings AS
    SELECT * FROM main.outings WHERE name NOT IN (SELECT name FROM temp.mine_sessions)
    UNION ALL SELECT * FROM temp.mine_outings;
CREATE TEMP VIEW all_unreadable AS
    SELECT name, error FROM main.files
    WHERE error IS NOT NULL AND name NOT IN (SELECT name FROM temp.mine_sessions);
"""

_MAIN_OUTINGS = "FROM main.outings WHERE name NOT IN (SELECT name FROM temp.mine_sessions)"
_SESSION_COLUMNS = "name, path, started, day, status, counts, circuit, head, exercises, sets"
_OUTING_COLUMNS = "name, key, pos, started, day, sides, sets"


class IndexDamaged(Exception):
    """The database, or a row of it, cannot be used: rebuild it from the logs."""


#: What identifies one version of a log file (size, mtime_ns, ctime_ns, inode): any
#: change to it means read the file again. A plain tuple: there is one per log.
FileKey = tuple[int, int, int, int]


def file_key(st: os.stat_result) -> FileKey:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def usable_path(path: Path) -> bool:
    """May SQLite open `path`? Only a regular file or nothing: a FIFO, a device or a
    symbolic link (to `/dev/zero`, say) would hang it or write through it."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode)


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    connection = sqlite3.connect(
        target, timeout=10.0, isolation_level=None, check_same_thread=False, uri=uri
    )
    return connection


def discard_files(path: Path) -> None:
    """Delete a database that is beyond use, with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


class Index:
    """One connection to the index (on disk, or in memory), with this run's logs laid
    over it. Thread-safe: the app reads it in a worker and shows it on its own thread."""

    def __init__(self, connection: sqlite3.Connection, folder: Path, on_disk: bool) -> None:
        self._db = connection
        self.folder = folder
        self.on_disk = on_disk
        self._lock = threading.RLock()
        with self._lock:
            self._db.executescript(_OVERLAY)

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None, folder: Path) -> Index:
        """The index at `path` for the logs in `folder`, made ready: created if missing,
        rebuilt empty if damaged or of another version or folder. Raises sqlite3.Error
        or OSError when the file cannot be used at all (the caller goes to memory)."""
        if path is None:
            return cls.in_memory(folder)
        if not usable_path(path):
            raise OSError(f"{path} is not a regular file")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = _prepare(_connect(str(path)), folder, wal=True)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and not _is_corrupt(error):
                raise  # locked for too long, cannot write: not the file's fault
            discard_files(path)  # garbage bytes, a truncated file: start again
            connection = _prepare(_connect(str(path)), folder, wal=True)
        return cls(connection, folder, on_disk=True)

    @classmethod
    def in_memory(cls, folder: Path, copy_of: Path | None = None) -> Index:
        """An index in memory: empty, or a copy of the (read-only) database at
        `copy_of`, so a full or read-only disk costs only the files that changed."""
        memory = _connect(":memory:")
        if copy_of is not None and usable_path(copy_of) and copy_of.exists():
            try:
                source = _connect(f"{copy_of.resolve().as_uri()}?mode=ro", uri=True)
                try:
                    source.backup(memory)
                finally:
                    source.close()
            except sqlite3.Error:
                memory.close()
                memory = _connect(":memory:")
        try:
            connection = _prepare(memory, folder, wal=False)
        except sqlite3.DatabaseError:
            memory.close()
            connection = _prepare(_connect(":memory:"), folder, wal=False)
        return cls(connection, folder, on_disk=False)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- keeping it current ----------------------------------------------------------

    def known(self) -> dict[str, FileKey]:
        """Every file the index holds, with the identity it was read at."""
        with self._lock:
            try:
                rows = self._db.execute(
                    "SELECT name, size, mtime_ns, ctime_ns, ino FROM main.files"
                ).fetchall()
                logs = self._db.execute(
                    "SELECT COUNT(*) FROM main.files WHERE error IS NULL"
                ).fetchone()[0]
                sessions = self._db.execute("SELECT COUNT(*) FROM main.sessions").fetchone()[0]
            except sqlite3.Error as error:
                raise IndexDamaged(str(error)) from None
        if logs != sessions:
            raise IndexDamaged("files and sessions disagree")
        try:
            return {
                _text(name): (size, mtime, ctime, ino) for name, size, mtime, ctime, ino in rows
            }
        except (TypeError, ValueError):
            raise IndexDamaged("a file row is not one") from None

    def update(
        self,
        read: Sequence[tuple[str, FileKey, SessionLog | LogRows | str]],
        gone: Iterable[str] = (),
    ) -> None:
        """Record what was read (a log, or why the file is unreadable) and forget the
        files that are gone, in one transaction. Raises sqlite3.Error when the disk
        refuses (the caller then carries on in memory)."""
        # Rows are made before the transaction and written with one executemany per
        # table: a first read writes years of logs, a batch at a time.
        files: list[tuple[object, ...]] = []
        sessions: list[tuple[object, ...]] = []
        outings: list[tuple[object, ...]] = []
        for name, key, result in read:
            blob = _blob(name)
            if isinstance(result, str):
                files.append((blob, *key, result))
                continue
            files.append((blob, *key, None))
            session, outing_rows = rows_of(result) if isinstance(result, SessionLog) else result
            sessions.append((blob, *session))
            outings.extend((blob, *row) for row in outing_rows)
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                for name in gone:
                    _forget(db, "main", name)
                # Only what the index holds needs forgetting (nothing, the first time);
                # asked inside the transaction, so another runtimer's rows count too.
                held = _held(db, [row[0] for row in files])
                for name, _key, _result in read:
                    if _blob(name) in held:
                        _forget(db, "main", name)
                db.executemany("INSERT INTO main.files VALUES (?, ?, ?, ?, ?, ?)", files)
                db.executemany(
                    f"INSERT INTO main.sessions ({_SESSION_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    sessions,
                )
                db.executemany(
                    f"INSERT INTO main.outings ({_OUTING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    outings,
                )
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise

    def put(self, name: str, log: SessionLog) -> None:
        """Add a log that has no file behind it (a history built in memory)."""
        with self._lock:
            _insert(self._db, "main", name, log)

    def lay_over(self, name: str, log: SessionLog) -> None:
        """Show `log` under `name` from now on, whatever the database says (this run's
        own workout); nothing is written to disk."""
        with self._lock:
            _forget(self._db, "temp", name, sessions="mine_sessions", outings="mine_outings")
            _insert(self._db, "temp", name, log, sessions="mine_sessions", outings="mine_outings")

    # -- asking ----------------------------------------------------------------------

    def _rows(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._db.execute(sql, tuple(parameters)).fetchall()
            except sqlite3.Error as error:
                raise IndexDamaged(str(error)) from None

    def unreadable(self) -> list[tuple[str, str]]:
        found = []
        for name, error in self._rows("SELECT name, error FROM all_unreadable ORDER BY name"):
            if type(error) is not str or not 0 < len(error) <= MAX_REASON:
                raise IndexDamaged("an unreadable file's reason is not one")
            found.append((_text(name), error))
        return found

    def session_count(self, *, counted: bool = False) -> int:
        where = " WHERE counts" if counted else ""
        (count,) = self._rows(f"SELECT COUNT(*) FROM all_sessions{where}")[0]
        return int(count)

    def counted_days(self) -> list[date]:
        """The day of every session that counts, oldest first."""
        rows = self._rows("SELECT day FROM all_sessions WHERE counts ORDER BY started, name")
        try:
            return [date.fromisoformat(day) for (day,) in rows]
        except (TypeError, ValueError):
            raise IndexDamaged("a day is not one") from None

    def sessions(
        self,
        where: str = "",
        args: tuple[object, ...] = (),
        *,
        newest_first: bool = False,
        limit: int = -1,
        offset: int = 0,
    ) -> list[SessionLog]:
        """Whole logs (`where` one of the fixed filters `History` uses, its values in
        `args`), checked as a log file is, oldest first (or newest first)."""
        order = "started DESC, name DESC" if newest_first else "started, name"
        sql = (
            f"SELECT path, head, exercises, sets FROM all_sessions {where} "
            f"ORDER BY {order} LIMIT ? OFFSET ?"
        )
        return [_session(*row) for row in self._rows(sql, (*args, limit, offset))]

    def heads(self, where: str, args: tuple[object, ...]) -> Iterator[tuple[bytes, SessionLog]]:
        """(name, the log without its exercises and sets) of the sessions `where` says,
        newest first, each made when it is come to: enough to tell which session is
        which without building years of them. `sessions("WHERE name = ?", (name,))`
        gives one whole."""
        rows = self._rows(
            f"SELECT name, path, head FROM all_sessions {where} ORDER BY started DESC, name DESC",
            args,
        )
        for name, path, head in rows:
            if type(name) is not bytes:
                raise IndexDamaged("a name is not one")
            yield name, _session(path, head, "[]", "[]")

    def last_loaded(self, key: str, before: date) -> bytes | None:
        """The session (by name) before day `before` in which exercise `key` last
        carried a load: the newest of its outings with a done set that has one, as
        `progress.last_load` finds it (outings leave warm-ups and redone sets out)."""
        day = before.isoformat()
        # A session's day is in its own time zone: none before `before` started later
        # than a day after its midnight in UTC (the index on started finds them).
        latest = datetime.combine(before, time(), UTC).timestamp() + 86400
        found: list[tuple[Any, ...]] = []
        for table in (_MAIN_OUTINGS, "FROM temp.mine_outings WHERE 1"):
            done = 0
            while True:
                rows = self._rows(
                    f"SELECT started, name, sets {table} AND key = ? AND started < ? "
                    "AND day < ? ORDER BY started DESC, name DESC LIMIT ? OFFSET ?",
                    (key, latest, day, _PAGE, done),
                )
                loaded = next((row for row in rows if _carries_load(row[2])), None)
                if loaded is not None or len(rows) < _PAGE:
                    break
                done += len(rows)
            if loaded is not None:
                found.append(loaded)
        try:
            newest = max(found, key=lambda row: (row[0], row[1]), default=None)
        except TypeError:
            raise IndexDamaged("an outing's time is not one") from None
        if newest is not None and type(newest[1]) is not bytes:
            raise IndexDamaged("a name is not one")
        return None if newest is None else newest[1]

    # Outings are asked for one exercise at a time, through the index on (key,
    # started, name): the latest few of each are found without sorting years of them.
    # This run's own logs (the temporary tables) are merged in here.

    def _outing_counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for table in (_MAIN_OUTINGS, "FROM temp.mine_outings WHERE 1"):
            for key, count in self._rows(f"SELECT key, COUNT(*) {table} GROUP BY key"):
                if type(key) is not str or type(count) is not int:
                    raise IndexDamaged("an outing's exercise is not one")
                found[key] = found.get(key, 0) + count
        return found

    def _outings_of(self, key: str, columns: str, last: int, *, first: bool = False) -> list[Any]:
        """(started, name, *columns) of the latest `last` outings of exercise `key`,
        oldest first (with `first`: of the earliest `last`)."""
        order = "started, name" if first else "started DESC, name DESC"
        rows = self._rows(
            f"SELECT started, name, {columns} {_MAIN_OUTINGS} AND key = ? ORDER BY {order} LIMIT ?",
            (key, last),
        )
        rows += self._rows(
            f"SELECT started, name, {columns} FROM temp.mine_outings WHERE key = ?", (key,)
        )
        try:
            rows.sort(key=lambda row: (row[0], row[1]))
        except TypeError:
            raise IndexDamaged("an outing's time is not one") from None
        return rows[:last] if first else rows[-last:]

    def exercise_outings(self, last: int) -> list[tuple[int, list[Outing]]]:
        """Per exercise: how many sessions did it, and its latest `last` outings, oldest
        first; the exercises most recently done first (ties: the one first done first,
        as `progress.all_outings` orders them)."""
        found = []
        for key, count in self._outing_counts().items():
            rows = self._outings_of(key, "day, sides, sets", last)
            (earliest,) = self._outings_of(key, "pos", 1, first=True)
            if not rows:
                raise IndexDamaged("an exercise's outings are missing")
            outings = [_outing(day, sides, sets) for _started, _name, day, sides, sets in rows]
            found.append((tuple(earliest), count, outings))
        try:
            found.sort(key=lambda item: item[0])
        except TypeError:
            raise IndexDamaged("an outing's place is not one") from None
        found.sort(key=lambda item: item[2][-1].day, reverse=True)
        return [(count, outings) for _first, count, outings in found]

    def outing_sets(self, keys: Iterable[str], last: int) -> dict[str, list[list[object]]]:
        """Per session name: the set rows of its outings of these exercises, for the
        latest `last` outings of each (in the order the session did them)."""
        picked: list[tuple[object, int, list[Any]]] = []
        for key in sorted(set(keys)):
            for _started, name, pos, sets in self._outings_of(key, "pos, sets", last):
                picked.append((name, pos, _json_list(sets)))
        found: dict[str, list[list[object]]] = {}
        try:
            picked.sort(key=lambda item: item[1])
        except TypeError:
            raise IndexDamaged("an outing's place is not one") from None
        for name, _pos, rows in picked:
            found.setdefault(_text(name), []).extend(rows)
        return found

    def counted_heads(self) -> list[tuple[str, SessionLog, list[object]]]:
        """(name, the log without its sets, its exercise rows) of every session that
        counts, oldest first: what advice needs of the sessions it does not look into."""
        rows = self._rows(
            "SELECT name, path, head, exercises FROM all_sessions WHERE counts "
            "ORDER BY started, name"
        )
        found: list[tuple[str, SessionLog, list[object]]] = []
        for name, path, head, exercises in rows:
            found.append((_text(name), _session(path, head, "[]", "[]"), _json_list(exercises)))
        return found


# ------------------------------------------------------------------------ helpers


def _is_corrupt(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _prepare(connection: sqlite3.Connection, folder: Path, *, wal: bool) -> sqlite3.Connection:
    """Make the database one of this version for `folder`: created if empty, emptied
    and made again if of another version or folder."""
    try:
        if wal:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA temp_store=MEMORY")
        if _current(connection, folder):
            return connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            if not _current(connection, folder):
                _recreate(connection, folder)
            connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise
    except BaseException:
        connection.close()
        raise
    return connection


def _current(connection: sqlite3.Connection, folder: Path) -> bool:
    (app,) = connection.execute("PRAGMA application_id").fetchone()
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if app != APPLICATION_ID or version != SCHEMA_VERSION:
        return False
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    if not {"meta", "files", "sessions", "outings"} <= tables:
        return False
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'folder'").fetchone()
    except sqlite3.OperationalError:
        return False
    return row is not None and row[0] == str(folder)


def _recreate(connection: sqlite3.Connection, folder: Path) -> None:
    """Inside a transaction: drop whatever is there and make this version's tables."""
    things = connection.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name in things:
        quoted = '"' + str(name).replace('"', '""') + '"'
        connection.execute(f"DROP {'VIEW' if kind == 'view' else 'TABLE'} IF EXISTS {quoted}")
    for statement in _TABLES.split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute("INSERT INTO meta VALUES ('folder', ?)", (str(folder),))
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _held(db: sqlite3.Connection, names: list[object]) -> set[object]:
    """Which of these names (as the index keeps them) have rows in any table."""
    found: set[object] = set()
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for table in ("files", "sessions", "outings"):
            rows = db.execute(f"SELECT name FROM main.{table} WHERE name IN ({marks})", chunk)
            found.update(name for (name,) in rows)
    return found


def _forget(
    db: sqlite3.Connection,
    schema: str,
    name: str,
    *,
    sessions: str = "sessions",
    outings: str = "outings",
) -> None:
    key = _blob(name)
    if schema == "main":
        db.execute("DELETE FROM main.files WHERE name = ?", (key,))
    db.execute(f"DELETE FROM {schema}.{sessions} WHERE name = ?", (key,))
    db.execute(f"DELETE FROM {schema}.{outings} WHERE name = ?", (key,))


_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


#: A log as rows ready for the index, without its name: the session's values after
#: `name`, and each outing's after `name` (see `rows_of`). Plain data, so a worker
#: process can make them (`store` does, for a long first read).
LogRows = tuple[tuple[Any, ...], list[tuple[Any, ...]]]


def rows_of(log: SessionLog, texts: LogJson | None = None) -> LogRows:
    """One log's rows: the session, and its outing of each exercise. `texts` are its
    exercise and set rows as JSON text when the reader has them already (a log read
    the quick way, `codec.parse_log_json`); else they are made here."""
    if texts is None:
        head, exercises, sets = session_rows(log)
        exercise_json, set_json = [_dumps(row) for row in exercises], [_dumps(r) for r in sets]
    else:
        head = session_rows(replace(log, exercises=(), sets=()))[0]
        exercise_json, set_json = texts
    started = log.started.timestamp()
    day = log.started.date().isoformat()
    circuit = any(info.circuit is not None for info in log.exercises)
    session = (
        _blob(str(log.path)) if log.path is not None else b"",
        started,
        day,
        log.status.value,
        int(counts(log)),
        int(circuit),
        _dumps(head),
        _array(exercise_json),
        _array(set_json),
    )
    text_of = {id(record): text for record, text in zip(log.sets, set_json, strict=True)}
    # Each outing's sets, done and skipped, as `all_outings` saw them (the latest
    # attempts, warm-ups left out): enough to make the outing again, alone or with its
    # session (see `History.past_for`). Grouped in one pass: this runs for every log.
    mine: dict[str, list[str]] = {}
    for r in log.latest_sets:
        if not r.warmup:
            mine.setdefault(exercise_key(r.exercise), []).append(text_of[id(r)])
    outings = [
        (exercise, pos, started, day, outing.sides.value, _array(mine[exercise]))
        for pos, (exercise, (outing,)) in enumerate(all_outings([log]).items())
    ]
    return session, outings


def _array(items: list[str]) -> str:
    """A JSON array of values that are JSON text already: what `_dumps` makes of the
    list of the values they stand for."""
    return "[" + ",".join(items) + "]"


def _insert(
    db: sqlite3.Connection,
    schema: str,
    name: str,
    log: SessionLog | LogRows,
    *,
    sessions: str = "sessions",
    outings: str = "outings",
) -> None:
    """One log's rows: the session, and its outings of each exercise."""
    session, outing_rows = rows_of(log) if isinstance(log, SessionLog) else log
    key = _blob(name)
    db.execute(
        f"INSERT INTO {schema}.{sessions} ({_SESSION_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (key, *session),
    )
    db.executemany(
        f"INSERT INTO {schema}.{outings} ({_OUTING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(key, *row) for row in outing_rows],
    )


def _json_list(text: object) -> list[Any]:
    if type(text) is not str:
        raise IndexDamaged("a row is not text")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise IndexDamaged("a row is not JSON") from None
    if type(value) is not list:
        raise IndexDamaged("a row is not a list")
    return value


def _blob(name: str) -> bytes:
    """A file name or path as the index keeps it: its bytes, so a name that is not
    valid UTF-8 (kept by Python as surrogates) is kept too, and names sort as text."""
    return name.encode("utf-8", "surrogatepass")


def _text(value: object) -> str:
    if type(value) is not bytes:
        raise IndexDamaged("a name is not one")
    try:
        return value.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        raise IndexDamaged("a name is not one") from None


#: Rows asked for at a time when looking back for the first that will do.
_PAGE = 50


def _carries_load(sets: object) -> bool:
    """Does an outing's row of sets hold a done set with a load?"""
    try:
        records = [set_from_row(row, n) for n, row in enumerate(_json_list(sets), 1)]
    except UnreadableLog:
        raise IndexDamaged("an outing row fails the checks") from None
    return any(record.done and record.load is not None for record in records)


def _session(path: object, head: object, exercises: object, sets: object) -> SessionLog:
    if type(head) is not str:
        raise IndexDamaged("a session row is not one")
    where = _text(path)
    try:
        data = json.loads(head)
        return session_from_rows(
            data, _json_list(exercises), _json_list(sets), Path(where) if where else None
        )
    except (ValueError, RecursionError, UnreadableLog):
        raise IndexDamaged("a session row fails the checks") from None


_SIDES = {sides.value: sides for sides in Sides}


def _outing(day: object, sides: object, sets: object) -> Outing:
    """An outing from its row: its done sets, how many were skipped, its sidedness."""
    try:
        records = [set_from_row(row, n) for n, row in enumerate(_json_list(sets), 1)]
        when = date.fromisoformat(day)  # type: ignore[arg-type]
        how = _SIDES[sides]  # type: ignore[index]
    except (UnreadableLog, TypeError, ValueError, KeyError):
        raise IndexDamaged("an outing row fails the checks") from None
    done = tuple(r for r in records if r.done)
    if not done:
        raise IndexDamaged("an outing with no set done")
    return Outing(when, done, len(records) - len(done), how)
