"""The workout log: every set, written to disk the moment it ends.

One TOML file per workout lives in the sessions folder
(`platformdirs.user_data_path("runtimer") / "sessions"`). A log is rewritten whole and
replaced atomically after every change (see `safefile`), so a crash, `kill -9`, a
closed lid or a full disk leaves either the previous version or the new one, never a
half-written file.

Saving must never stop a workout: `SessionWriter` keeps the whole log in memory, and
when the disk refuses a write it records a plain-language `problem` and tries again on
every later change (or `retry()`); the problem clears once a write succeeds.

Resume position: it is *derived* from the sets recorded, not stored. `resume_position`
returns the first work step of the plan that has no record (done or skipped), so a log
stays meaningful even if the process died between two writes. Every set has a record
once it ends, and skipped sets get one too, so "no record" means "not done yet".

The file (format version `FORMAT_VERSION`; keys with no value are left out)::

    format = 1
    routine = "Full body"
    routine_path = "/home/me/.config/runtimer/routines/full-body.toml"
    routine_sha256 = "9f86d081..."      # of the routine file's bytes at the start
    status = "in_progress"              # finished | partial | discarded
    started = 2026-11-21T18:30:05+01:00 # local time with its UTC offset
    ended = 2026-11-21T19:04:40+01:00   # once finished, kept partial or discarded

    [[exercise]]                        # the plan, as it was at the start
    index = 0
    name = "Goblet squat"
    sets = 2
    reps = 12                           # or hold = 30 (seconds)
    sides = "both"                      # each | alternating
    load = 8.0
    unit = "kg"
    load_step = 2.0

    [[set]]                             # one per set (per side), in the order done
    exercise = "Goblet squat"
    exercise_index = 0
    set_number = 1
    side = "left"                       # only for one-sided sets
    planned_reps = 12                   # or planned_hold (seconds)
    reps = 12                           # or held (seconds)
    load = 8.0
    unit = "kg"
    feeling = "easy"                    # easy | ok | hard, once rated
    rest_before = 92.5                  # seconds actually rested before the set
    skipped = false
    started = 2026-11-21T18:36:10+01:00
    ended = 2026-11-21T18:36:55+01:00
"""

from __future__ import annotations

import errno
import hashlib
import math
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import tomli_w

from runtimer import paths, safefile
from runtimer.feeling import Feeling
from runtimer.plan import Side, build_plan
from runtimer.routine import Exercise, Routine, Sides

FORMAT_VERSION = 1
#: A real log is a few kB (the largest routine possible makes under 1 MiB); anything
#: bigger is not ours and is not read.
MAX_LOG_BYTES = 4 * 1024 * 1024
#: Longest routine-name part of a file name.
MAX_SLUG = 40
LOG_SUFFIX = ".toml"
_HEADER = (
    f"# runtimer workout log (format {FORMAT_VERSION}). runtimer rewrites this file "
    "while the workout runs.\n\n"
)

Clock = Callable[[], datetime]
"""Returns the current time as an aware datetime. Injected so tests never sleep."""


def local_now() -> datetime:
    """Now, in the local time zone, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


class Status(Enum):
    IN_PROGRESS = "in_progress"  # running now, or the app died: offer resume
    FINISHED = "finished"
    PARTIAL = "partial"  # stopped early, kept on purpose
    DISCARDED = "discarded"  # kept on disk, ignored by history and advice


@dataclass(frozen=True)
class ExerciseInfo:
    """The plan of one exercise as it was when the workout started."""

    index: int
    name: str
    sets: int
    reps: int | None = None
    hold: int | None = None
    sides: Sides = Sides.BOTH
    load: float | None = None
    unit: str | None = None
    load_step: float | None = None

    @classmethod
    def from_exercise(cls, index: int, exercise: Exercise) -> ExerciseInfo:
        load = exercise.load
        return cls(
            index=index,
            name=exercise.name,
            sets=exercise.sets,
            reps=exercise.reps,
            hold=exercise.hold,
            sides=exercise.sides,
            load=float(load.amount) if load is not None else None,
            unit=load.unit if load is not None else None,
            load_step=float(load.step) if load is not None else None,
        )


@dataclass(frozen=True)
class SetRecord:
    """One set (one side of a one-sided set), done or skipped.

    Reps are counted the way the plan counts them (`plan.Step.target_reps`): a
    one-sided set has one record per side, and an alternating set counts both legs
    together ("12 each side, alternating" is `planned_reps = 24`).
    """

    exercise: str
    exercise_index: int
    set_number: int  # 1-based
    started: datetime
    ended: datetime
    side: Side | None = None
    planned_reps: int | None = None
    planned_hold: int | None = None  # seconds
    reps: int | None = None
    held: float | None = None  # seconds actually held
    load: float | None = None
    unit: str | None = None
    feeling: Feeling | None = None
    rest_before: float | None = None  # seconds of rest actually taken before the set
    skipped: bool = False

    @property
    def done(self) -> bool:
        return not self.skipped


def planned_reps(exercise: ExerciseInfo) -> int | None:
    """Reps of one work step, as the plan counts them (alternating: both legs)."""
    if exercise.reps is None:
        return None
    return exercise.reps * (2 if exercise.sides is Sides.ALTERNATING else 1)


@dataclass(frozen=True)
class SessionLog:
    """One workout. `path` is where it was read from or is being written to."""

    routine: str
    started: datetime
    status: Status = Status.IN_PROGRESS
    ended: datetime | None = None
    routine_path: str = ""
    routine_sha256: str = ""
    exercises: tuple[ExerciseInfo, ...] = ()
    sets: tuple[SetRecord, ...] = ()
    format: int = FORMAT_VERSION
    path: Path | None = field(default=None, compare=False)

    @property
    def sets_planned(self) -> int:
        return sum(exercise.sets for exercise in self.exercises)

    @property
    def sets_done(self) -> int:
        """Sets with at least one side done (a one-sided set counts once)."""
        return len({(s.exercise_index, s.set_number) for s in self.sets if s.done})

    @property
    def last_activity(self) -> datetime:
        """When the last set ended (or the start, if none did)."""
        return max((s.ended for s in self.sets), default=self.started)

    @property
    def duration(self) -> timedelta:
        end = self.ended if self.ended is not None else self.last_activity
        return max(end - self.started, timedelta(0))

    def exercise_info(self, index: int) -> ExerciseInfo | None:
        for exercise in self.exercises:
            if exercise.index == index:
                return exercise
        return None


@dataclass(frozen=True)
class Store:
    """Where logs live and where the history index (a rebuildable cache) goes."""

    sessions: Path
    index: Path | None = None

    @classmethod
    def default(cls) -> Store:
        return cls(paths.sessions_dir(), paths.history_index_file())


class UnreadableLog(Exception):
    """A file in the sessions folder that is not a log we can read, and why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------- file names


def slugify(name: str, limit: int = MAX_SLUG) -> str:
    """`Full Body (Tuesday)` -> `full-body-tuesday`: only [a-z0-9-], never empty.

    Whatever a routine is called (`../../etc/x`, slashes, NUL, 300 characters), the
    result is a plain file-name part that cannot leave the sessions folder.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:limit].rstrip("-")
    return slug or "workout"


def log_file_name(routine: str, started: datetime, attempt: int = 1) -> str:
    """`2026-11-21T1830-full-body.toml`; the local time first so names sort by date."""
    stamp = started.strftime("%Y-%m-%dT%H%M")
    suffix = "" if attempt == 1 else f"-{attempt}"
    return f"{stamp}-{slugify(routine)}{suffix}{LOG_SUFFIX}"


_SAFE_NAME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+\.toml")


def _path_in(folder: Path, name: str) -> Path:
    """The log path, after checking it really is a plain name directly in `folder`."""
    path = folder / name
    if not _SAFE_NAME.fullmatch(name) or path.parent != folder or path.name != name:
        raise ValueError(f"refusing to write a log outside {folder}: {name!r}")
    return path


# ------------------------------------------------------------------ serialisation


def _drop_none(table: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in table.items() if value is not None}


def _exercise_to_dict(exercise: ExerciseInfo) -> dict[str, Any]:
    return _drop_none(
        {
            "index": exercise.index,
            "name": exercise.name,
            "sets": exercise.sets,
            "reps": exercise.reps,
            "hold": exercise.hold,
            "sides": exercise.sides.value,
            "load": exercise.load,
            "unit": exercise.unit,
            "load_step": exercise.load_step,
        }
    )


def _set_to_dict(record: SetRecord) -> dict[str, Any]:
    return _drop_none(
        {
            "exercise": record.exercise,
            "exercise_index": record.exercise_index,
            "set_number": record.set_number,
            "side": record.side.value if record.side is not None else None,
            "planned_reps": record.planned_reps,
            "planned_hold": record.planned_hold,
            "reps": record.reps,
            "held": record.held,
            "load": record.load,
            "unit": record.unit,
            "feeling": record.feeling.value if record.feeling is not None else None,
            "rest_before": record.rest_before,
            "skipped": record.skipped,
            "started": record.started,
            "ended": record.ended,
        }
    )


def session_to_dict(log: SessionLog) -> dict[str, Any]:
    """The log as plain TOML-able data (datetimes stay datetimes)."""
    return _drop_none(
        {
            "format": log.format,
            "routine": log.routine,
            "routine_path": log.routine_path,
            "routine_sha256": log.routine_sha256,
            "status": log.status.value,
            "started": log.started,
            "ended": log.ended,
            "exercise": [_exercise_to_dict(e) for e in log.exercises],
            "set": [_set_to_dict(s) for s in log.sets],
        }
    )


# tomli_w writes `2026-11-21 18:30:00+01:00`, which TOML and RFC 3339 allow; the `T`
# form is plain ISO 8601 that every tool reads. Only unquoted values of the time keys
# match (tomli_w escapes newlines inside strings, so no string can fake such a line).
_SPACED_TIME = re.compile(r"^((?:started|ended) = \d{4}-\d{2}-\d{2}) (\d{2}:\d{2})", re.MULTILINE)


def session_to_toml(log: SessionLog) -> str:
    text = tomli_w.dumps(session_to_dict(log))
    return _HEADER + _SPACED_TIME.sub(r"\1T\2", text)


class _Table:
    """Typed, explained access to one table of a log (TOML or the JSON index)."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise UnreadableLog(f"{where} should be a table")
        self.data: dict[str, Any] = data
        self.where = where

    def _fail(self, key: str, wanted: str) -> UnreadableLog:
        value = self.data[key]
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        place = f"{self.where}: " if self.where else ""
        return UnreadableLog(f"{place}`{key}` should be {wanted}, not {shown}")

    def _missing(self, key: str) -> UnreadableLog:
        place = f"{self.where} " if self.where else ""
        return UnreadableLog(f"{place}has no `{key}`".lstrip())

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key)
        if value is None:
            if default is None:
                raise self._missing(key)
            return default
        if not isinstance(value, str):
            raise self._fail(key, "text")
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self.data.get(key) is None else self.text(key)

    def integer(self, key: str, *, required: bool = False, low: int = 0) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self._missing(key)
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self._fail(key, f"a whole number ≥ {low}")
        return value

    def required_integer(self, key: str, low: int = 0) -> int:
        value = self.integer(key, required=True, low=low)
        assert value is not None
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(key, "a number")
        if not math.isfinite(value) or value < 0:
            raise self._fail(key, "a number ≥ 0")
        return float(value)

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def moment(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self._missing(key)
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise self._fail(key, "a date and time") from None
        if not isinstance(value, datetime):
            raise self._fail(key, "a date and time")
        if value.utcoffset() is None:
            raise self._fail(key, "a date and time with its UTC offset")
        return value

    def choice(self, key: str, enum: type[Any], default: Any = None) -> Any:
        value = self.data.get(key)
        if value is None:
            if default is None:
                raise self._missing(key)
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(repr(member.value) for member in enum)
            raise self._fail(key, f"one of {allowed}") from None

    def tables(self, key: str) -> list[object]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self._fail(key, "a list of tables")
        return value


def _exercise_from(data: object, number: int) -> ExerciseInfo:
    t = _Table(data, f"exercise {number}")
    return ExerciseInfo(
        index=t.required_integer("index"),
        name=t.text("name"),
        sets=t.required_integer("sets", low=1),
        reps=t.integer("reps"),
        hold=t.integer("hold"),
        sides=t.choice("sides", Sides, Sides.BOTH),
        load=t.number("load"),
        unit=t.optional_text("unit"),
        load_step=t.number("load_step"),
    )


def _set_from(data: object, number: int) -> SetRecord:
    t = _Table(data, f"set {number}")
    started = t.moment("started", required=True)
    ended = t.moment("ended", required=True)
    assert started is not None and ended is not None
    side = t.data.get("side")
    feeling = t.data.get("feeling")
    return SetRecord(
        exercise=t.text("exercise"),
        exercise_index=t.required_integer("exercise_index"),
        set_number=t.required_integer("set_number", low=1),
        started=started,
        ended=ended,
        side=None if side is None else t.choice("side", Side),
        planned_reps=t.integer("planned_reps"),
        planned_hold=t.integer("planned_hold"),
        reps=t.integer("reps"),
        held=t.number("held"),
        load=t.number("load"),
        unit=t.optional_text("unit"),
        feeling=None if feeling is None else t.choice("feeling", Feeling),
        rest_before=t.number("rest_before"),
        skipped=t.flag("skipped"),
    )


def session_from_dict(data: object, path: Path | None = None) -> SessionLog:
    """Validate parsed TOML (or the history index's JSON) into a `SessionLog`.

    Raises UnreadableLog with a reason a user can act on. Keys it does not know are
    ignored, so a later version can add some without breaking this one.
    """
    if not isinstance(data, dict) or "format" not in data:
        raise UnreadableLog("not a runtimer workout log (it has no `format` number)")
    t = _Table(data, "")
    version = t.required_integer("format", low=1)
    if version > FORMAT_VERSION:
        raise UnreadableLog(
            f"written by a newer runtimer (log format {version}; "
            f"this version reads format {FORMAT_VERSION})"
        )
    started = t.moment("started", required=True)
    assert started is not None
    return SessionLog(
        routine=t.text("routine"),
        started=started,
        status=t.choice("status", Status),
        ended=t.moment("ended"),
        routine_path=t.text("routine_path", ""),
        routine_sha256=t.text("routine_sha256", ""),
        exercises=tuple(_exercise_from(e, n) for n, e in enumerate(t.tables("exercise"), 1)),
        sets=tuple(_set_from(s, n) for n, s in enumerate(t.tables("set"), 1)),
        format=version,
        path=path,
    )


def parse_log(raw: bytes, path: Path | None = None) -> SessionLog:
    """Bytes of a log file -> SessionLog, or UnreadableLog saying what is wrong."""
    if not raw.strip():
        raise UnreadableLog("empty file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableLog(f"not UTF-8 text (bad byte at position {error.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UnreadableLog(f"not valid TOML, perhaps cut short or hand-edited ({error})") from None
    return session_from_dict(data, path)


def read_log_file(path: Path) -> tuple[SessionLog, safefile.FileId]:
    """Read one log and the identity of the exact file read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnreadableLog(f"cannot be opened ({describe_os_error(error)})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableLog("not a regular file")
        if st.st_size > MAX_LOG_BYTES:
            raise UnreadableLog(
                f"too big for a workout log ({st.st_size // 1024} kB; logs are a few kB)"
            )
        chunks: list[bytes] = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        raw = b"".join(chunks)
    except OSError as error:
        raise UnreadableLog(f"cannot be read ({describe_os_error(error)})") from None
    finally:
        os.close(fd)
    return parse_log(raw, path), safefile.FileId.of(st)


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


# ------------------------------------------------------------------------ writing


def describe_os_error(error: OSError) -> str:
    """A few words a runner understands, rather than `[Errno 28] ...`."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return "a file is in the way where the folder should be"
    if code == errno.EIO:
        return "the disk reported an input/output error"
    if code == errno.ENAMETOOLONG:
        return "the path is too long"
    return (error.strerror or str(error)).rstrip(".").lower() or "unknown error"


class SessionWriter:
    """Keeps one workout's log and saves it after every change; never raises on I/O.

    Typical use by the session engine::

        writer = SessionWriter.start(store.sessions, routine)
        index = writer.record_set(0, 1, reps=12, load=8, rest_before=93)
        writer.set_feeling(index, Feeling.EASY)   # a moment later
        writer.finish()                          # or keep_partial() / discard()
        if writer.problem: show(writer.problem)  # at any time; None when all is saved
    """

    def __init__(
        self,
        folder: Path,
        log: SessionLog,
        *,
        now: Clock = local_now,
        path: Path | None = None,
        file_id: safefile.FileId | None = None,
    ) -> None:
        self.folder = folder
        self.now = now
        self._log = replace(log, path=path)
        self._path = path
        self._file_id = file_id
        self._problem: str | None = None
        self._saved = path is not None and file_id is not None

    # -- opening

    @classmethod
    def start(cls, folder: Path, routine: Routine, *, now: Clock = local_now) -> SessionWriter:
        """Begin a workout: the log file is created at once (status in progress)."""
        source = routine.source
        log = SessionLog(
            routine=routine.name,
            started=_aware(now()),
            routine_path=str(source) if source is not None else "",
            routine_sha256=file_sha256(source) if source is not None else "",
            exercises=tuple(
                ExerciseInfo.from_exercise(index, exercise)
                for index, exercise in enumerate(routine.exercises)
            ),
        )
        writer = cls(folder, log, now=now)
        writer._save()
        return writer

    @classmethod
    def reopen(cls, path: Path, *, now: Clock = local_now) -> SessionWriter:
        """Continue (or settle) a log found on disk, e.g. from `find_resumable`.

        Reads the file afresh, so the writer holds exactly what is on disk. Raises
        UnreadableLog if it is no longer a readable log.
        """
        log, file_id = read_log_file(path)
        return cls(path.parent, log, now=now, path=path, file_id=file_id)

    # -- state

    @property
    def log(self) -> SessionLog:
        return self._log

    @property
    def path(self) -> Path | None:
        """The log file; None until the first successful save."""
        return self._path

    @property
    def problem(self) -> str | None:
        """Why the latest save failed, in plain words; None when everything is saved."""
        return self._problem

    @property
    def saved(self) -> bool:
        """Is everything recorded so far on disk?"""
        return self._saved

    def toml_text(self) -> str:
        """The log as it would be written: a last resort to show or copy elsewhere."""
        return session_to_toml(self._log)

    # -- changes

    def record(self, record: SetRecord) -> int:
        """Add a set and save. Returns its index (for `set_feeling`). Never raises on I/O."""
        self._log = replace(self._log, sets=(*self._log.sets, record))
        self._save()
        return len(self._log.sets) - 1

    def record_set(
        self,
        exercise_index: int,
        set_number: int,
        *,
        side: Side | None = None,
        reps: int | None = None,
        held: float | None = None,
        load: float | None = None,
        unit: str | None = None,
        feeling: Feeling | None = None,
        rest_before: float | None = None,
        skipped: bool = False,
        started: datetime | None = None,
        ended: datetime | None = None,
        duration: float | None = None,
    ) -> int:
        """Record a set of the routine's exercise `exercise_index`, then save.

        The plan (name, planned reps or hold) comes from the routine as it was at the
        start; `reps` count the way the plan does (see `SetRecord`). For a set that is
        not skipped, `reps`/`held` default to the plan ("done as planned"). `load` is
        the weight actually carried (None: none); `unit` defaults to the routine's unit
        (or kg). `ended` defaults to now; `started` to `ended - duration` (the engine
        measures durations on its monotonic clock), else to `ended`.
        Raises ValueError only for an exercise index the routine does not have.
        """
        info = self._log.exercise_info(exercise_index)
        if info is None:
            raise ValueError(f"the routine has no exercise number {exercise_index}")
        end = _aware(ended) if ended is not None else _aware(self.now())
        if started is not None:
            begin = _aware(started)
        elif duration is not None:
            begin = (end - timedelta(seconds=max(0.0, duration))).replace(microsecond=0)
        else:
            begin = end
        if not skipped:
            if reps is None:
                reps = planned_reps(info)
            if held is None and info.hold is not None:
                held = float(info.hold)
        if load is not None and unit is None:
            unit = info.unit or "kg"
        return self.record(
            SetRecord(
                exercise=info.name,
                exercise_index=exercise_index,
                set_number=set_number,
                started=begin,
                ended=end,
                side=side,
                planned_reps=planned_reps(info),
                planned_hold=info.hold,
                reps=reps,
                held=round(held, 1) if held is not None else None,
                load=float(load) if load is not None else None,
                unit=unit if load is not None else None,
                feeling=feeling,
                rest_before=round(rest_before, 1) if rest_before is not None else None,
                skipped=skipped,
            )
        )

    def index_of(
        self, exercise_index: int, set_number: int, side: Side | None = None
    ) -> int | None:
        """The latest record of that set (and side), e.g. to rate it after a resume."""
        for index in range(len(self._log.sets) - 1, -1, -1):
            record = self._log.sets[index]
            if (record.exercise_index, record.set_number, record.side) == (
                exercise_index,
                set_number,
                side,
            ):
                return index
        return None

    def set_feeling(self, index: int, feeling: Feeling | None) -> bool:
        """Rate (or un-rate) a recorded set, e.g. right after the set screen closes."""
        sets = list(self._log.sets)
        sets[index] = replace(sets[index], feeling=feeling)
        self._log = replace(self._log, sets=tuple(sets))
        return self._save()

    def finish(self) -> bool:
        """The workout is complete: status finished, ended now."""
        return self._settle(Status.FINISHED, _aware(self.now()))

    def keep_partial(self) -> bool:
        """Stop early but keep the log; it ends when the last set ended."""
        return self._settle(Status.PARTIAL, self._log.last_activity)

    def discard(self) -> bool:
        """Throw the workout away.

        A log with no sets is deleted (only if the file is still the one we wrote);
        one with sets is marked discarded and kept, so nothing done is ever destroyed
        by a mis-key. History and advice ignore discarded logs.
        """
        if not self._log.sets and self._path is None:
            # Never reached the disk and nothing was done: nothing to keep or mark.
            self._log = replace(self._log, status=Status.DISCARDED)
            self._problem = None
            self._saved = True
            return True
        if (
            not self._log.sets
            and self._path is not None
            and self._file_id is not None
            and safefile.same_file(self._path, self._file_id)
        ):
            try:
                os.unlink(self._path)
                safefile.fsync_dir(self.folder)
            except OSError:
                pass
            else:
                self._log = replace(self._log, status=Status.DISCARDED)
                self._problem = None
                self._saved = True
                return True
        return self._settle(Status.DISCARDED, self._log.last_activity)

    def retry(self) -> bool:
        """Try to save again now (the UI may offer this next to the problem message)."""
        if self._saved:
            return True
        return self._save()

    def _settle(self, status: Status, ended: datetime) -> bool:
        self._log = replace(self._log, status=status, ended=ended)
        return self._save()

    # -- saving

    def _save(self) -> bool:
        self._saved = False
        try:
            data = session_to_toml(self._log).encode("utf-8")
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._path is not None and self._file_id is not None:
                if safefile.same_file(self._path, self._file_id):
                    self._file_id = safefile.atomic_write(self._path, data)
                elif not os.path.lexists(self._path):
                    # Deleted under us (or never filled): write it again, same name.
                    self._create(data, preferred=self._path.name)
                else:
                    # Someone else's file now sits at our name: keep it, use a new one.
                    self._create(data)
            else:
                self._create(data)
        except Exception as error:  # never let saving stop the workout
            why = describe_os_error(error) if isinstance(error, OSError) else str(error)
            self._problem = (
                f"Can't save the workout log to {self.folder}: {why}. Retrying; nothing is lost."
            )
            return False
        self._log = replace(self._log, path=self._path)
        self._problem = None
        self._saved = True
        return True

    def _create(self, data: bytes, preferred: str | None = None) -> None:
        names: Iterable[str] = (
            log_file_name(self._log.routine, self._log.started, attempt)
            for attempt in range(1, 1000)
        )
        if preferred is not None:
            names = (preferred, *names)
        for name in names:
            path = _path_in(self.folder, name)
            try:
                self._file_id = safefile.create_new(path, data)
            except FileExistsError:
                continue
            self._path = path
            return
        raise OSError(errno.EEXIST, "too many logs with the same name")


def _aware(moment: datetime) -> datetime:
    """Treat a naive time as local time, so every stored time carries its offset."""
    return moment if moment.utcoffset() is not None else moment.astimezone()


# ------------------------------------------------------------------------ resume


def routine_changed(log: SessionLog, routine: Routine) -> bool:
    """Has the routine file changed since this workout started? (Worth a warning when
    resuming: `resume_position` matches sets by name, so it stays safe either way.)"""
    if routine.source is None or not log.routine_sha256:
        return False
    return file_sha256(routine.source) != log.routine_sha256


def resume_position(routine: Routine, sets: Sequence[SetRecord]) -> int:
    """Index in `build_plan(routine)` where a resumed workout continues.

    0 when nothing was recorded (start over, warm-up included); otherwise the first
    work step with no record, matched by exercise position, set number, side and
    exercise name (so a renamed or reordered routine does not skip the wrong sets);
    `len(plan)` when every set has a record. The engine may show the rest before that
    step first.
    """
    plan = build_plan(routine)
    if not sets:
        return 0
    names = [exercise.name.casefold() for exercise in routine.exercises]
    recorded = {
        (s.exercise_index, s.set_number, s.side)
        for s in sets
        if s.exercise_index < len(names) and names[s.exercise_index] == s.exercise.casefold()
    }
    for index, step in enumerate(plan):
        if step.is_work and (step.exercise_index, step.set_number, step.side) not in recorded:
            return index
    return len(plan)
