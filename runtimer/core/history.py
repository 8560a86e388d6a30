"""Reading the workout logs back: past sessions, progress pictures, CSV, resume.

Everything here is plain text built by pure functions, so `runtimer history` and the
Textual history screen show the same pictures.

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

import csv
import hashlib
import io
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from runtimer.core import safefile
from runtimer.core.feeling import Feeling
from runtimer.core.plan import Side
from runtimer.core.progress import (
    TARGET_PER_WEEK,
    Outing,
    all_outings,
    counts,
    current_block,
    describe_last,
    session_days,
)
from runtimer.core.records.codec import session_from_rows, session_rows, session_to_toml
from runtimer.core.records.files import read_log
from runtimer.core.records.model import (
    LOG_SUFFIX,
    ExerciseInfo,
    SessionLog,
    SetRecord,
    Status,
    Store,
    UnreadableLog,
)
from runtimer.core.routine import Sides, format_amount
from runtimer.core.safefile import describe_os_error
from runtimer.core.safetext import spreadsheet_safe, terminal_safe

INDEX_VERSION = 3  # 3: entries are rows of the log's own values, checked on reading
SPARK = "▁▂▃▄▅▆▇█"
SERIES_POINTS = 24  # sessions shown per sparkline


@dataclass(frozen=True)
class Unreadable:
    """A file in the sessions folder that was skipped, and why."""

    name: str
    reason: str

    def __str__(self) -> str:
        return terminal_safe(f"{self.name}: {self.reason}")


@dataclass(frozen=True)
class History:
    sessions: tuple[SessionLog, ...]  # every readable log, oldest first (discarded too)
    unreadable: tuple[Unreadable, ...] = ()

    @property
    def counted(self) -> tuple[SessionLog, ...]:
        """The sessions that count: not discarded, at least one set done."""
        return tuple(s for s in self.sessions if counts(s))


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
                result = Unreadable(name, error.reason)
            fresh[name] = _index_entry(key, result)
        if isinstance(result, Unreadable):
            unreadable.append(result)
        else:
            sessions.append(result)
    if changed or len(fresh) != len(cached):
        _write_index(store, fresh)
    sessions.sort(key=lambda s: (s.started, s.path.name if s.path is not None else ""))
    return History(tuple(sessions), tuple(unreadable))


# ------------------------------------------------------------------- pictures


def sparkline(values: Sequence[float | None]) -> str:
    """`▁▂▄█`: one character per value, scaled between the lowest and highest.

    None (no value that session) is a space; a flat series is a row of `▄`.
    """
    present = [v for v in values if v is not None]
    if not present:
        return " " * len(values)
    low, high = min(present), max(present)
    chars: list[str] = []
    for value in values:
        if value is None:
            chars.append(" ")
        elif high == low:
            chars.append(SPARK[3])
        else:
            level = round((value - low) / (high - low) * (len(SPARK) - 1))
            chars.append(SPARK[level])
    return "".join(chars)


def format_minutes(span: timedelta) -> str:
    """`34 min`, `1 h 05 min`."""
    minutes = round(span.total_seconds() / 60)
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes} min"


def format_day(day: date) -> str:
    """`Sat 21 Nov 2026`, independent of the locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_STATUS_NOTE = {
    Status.FINISHED: "",
    Status.PARTIAL: "partial",
    Status.IN_PROGRESS: "unfinished",
    Status.DISCARDED: "discarded",
}


def session_line(session: SessionLog, routine_width: int = 20) -> str:
    """`Sat 21 Nov 2026 18:30  Full body   34 min  12/12 sets  partial`."""
    when = f"{format_day(session.started.date())} {session.started:%H:%M}"
    routine = terminal_safe(session.routine)
    if len(routine) > routine_width:
        routine = routine[: routine_width - 1] + "…"
    line = (
        f"{when:22} {routine:{routine_width}} {format_minutes(session.duration):>9}  "
        f"{session.sets_done:>2}/{session.sets_planned} sets"
    )
    note = _STATUS_NOTE[session.status]
    return f"{line}  {note}".rstrip()


@dataclass(frozen=True)
class Point:
    """One session's work on an exercise, for the charts."""

    day: date
    load: float | None  # heaviest load used
    unit: str | None
    amount: float | None  # mean reps per set (per side), or mean seconds held
    is_hold: bool


def _point(outing: Outing) -> Point:
    loads = [(s.load, s.unit) for s in outing.sets if s.load is not None]
    heaviest = max(loads, default=(None, None), key=lambda pair: pair[0] or 0.0)
    is_hold = outing.sets[-1].planned_hold is not None or outing.sets[-1].held is not None
    if is_hold:
        values = [s.held for s in outing.sets if s.held is not None]
    else:
        halve = outing.sides is Sides.ALTERNATING
        values = [s.reps / 2 if halve else s.reps for s in outing.sets if s.reps is not None]
    amount = sum(values) / len(values) if values else None
    return Point(outing.day, heaviest[0], heaviest[1], amount, is_hold)


def exercise_series(sessions: Iterable[SessionLog]) -> dict[str, list[Point]]:
    """Per exercise (latest spelling of its name), one point per session, oldest first.

    Exercises are ordered most recently done first.
    """
    return {name: [_point(o) for o in done] for name, done in _by_exercise(sessions)}


def _by_exercise(sessions: Iterable[SessionLog]) -> list[tuple[str, list[Outing]]]:
    """(latest name, outings) per exercise, most recently done first."""
    grouped = all_outings(s for s in sessions if counts(s))
    ordered = sorted(grouped.values(), key=lambda done: done[-1].day, reverse=True)
    return [(done[-1].sets[-1].exercise, done) for done in ordered]


def render_exercise(name: str, points: Sequence[Point], summary: str | None = None) -> list[str]:
    """A name line, a load and a reps (or hold) sparkline, and what happened last time."""
    shown = list(points[-SERIES_POINTS:])
    lines = [f"{terminal_safe(name)}  ({len(points)} session{'s' if len(points) != 1 else ''})"]
    loads = [p.load for p in shown]
    present_loads = [p for p in shown if p.load is not None]
    if present_loads:
        first, last = present_loads[0], present_loads[-1]
        unit = last.unit or "kg"
        change = (
            f"{format_amount(first.load or 0)} → {format_amount(last.load or 0)} {unit}"
            if first.load != last.load
            else f"{format_amount(last.load or 0)} {unit}"
        )
        lines.append(f"  load {sparkline(loads)}  {change}")
    amounts = [p.amount for p in shown]
    present = [a for a in amounts if a is not None]
    if present:
        is_hold = shown[-1].is_hold
        label = "hold" if is_hold else "reps"
        what = " s" if is_hold else " per set"
        first_a, last_a = present[0], present[-1]
        change = (
            f"{_num(first_a)} → {_num(last_a)}{what}"
            if round(first_a, 1) != round(last_a, 1)
            else f"{_num(last_a)}{what}"
        )
        lines.append(f"  {label} {sparkline(amounts)}  {change}")
    if summary:
        lines.append(f"  {summary}")
    return lines


def _num(value: float) -> str:
    return format_amount(round(value, 1))


@dataclass(frozen=True)
class Consistency:
    """Sessions per week of the current training block (see `progress.blocks`)."""

    today: date
    block_start: date | None
    weeks: tuple[int, ...]  # sessions in each week of the block, the current one last
    last_session: date | None

    @property
    def full_weeks_on_target(self) -> tuple[int, int]:
        """(weeks with ≥ 2 sessions, complete weeks) — the current week is not complete."""
        full = self.weeks[:-1]
        return sum(1 for n in full if n >= TARGET_PER_WEEK[0]), len(full)


def consistency(sessions: Iterable[SessionLog], today: date) -> Consistency:
    days = session_days(sessions)
    block = current_block(days, today)
    last = max(days, default=None)
    if block is None:
        return Consistency(today, None, (), last)
    weeks = [0] * block.week(today)
    for day in days:
        if block.start <= day <= today:
            weeks[block.week(day) - 1] += 1
    return Consistency(today, block.start, tuple(weeks), last)


def week_cell(count: int) -> str:
    """● on target (2+ sessions), ◐ one session, ○ none."""
    if count >= TARGET_PER_WEEK[0]:
        return "●"
    return "◐" if count == 1 else "○"


def render_consistency(c: Consistency) -> list[str]:
    low, high = TARGET_PER_WEEK
    lines = [f"Consistency  (aim: {low}–{high} sessions a week for 8–12 weeks)"]
    if c.block_start is None:
        if c.last_session is None:
            lines.append("  No sessions yet: the first one starts an 8–12 week block.")
        else:
            ago = (c.today - c.last_session).days
            lines.append(
                f"  No block under way (last session {ago} days ago): "
                "the next session starts a new one."
            )
        return lines
    week = len(c.weeks)
    lines.append(f"  Block started {format_day(c.block_start)}; this is week {week} of 8–12.")
    lines.append("  week " + "".join(f"{n:>3}" for n in range(1, week + 1)))
    lines.append("       " + "".join(f"{week_cell(n):>3}" for n in c.weeks))
    hits, full = c.full_weeks_on_target
    this_week = f"this week so far: {c.weeks[-1]}"
    if full:
        lines.append(f"  On target in {hits} of {full} full weeks; {this_week}.  ● 2+ ◐ 1 ○ 0")
    else:
        lines.append(f"  First week: {c.weeks[-1]} so far.  ● 2+ ◐ 1 ○ 0")
    return lines


def render_history(history: History, today: date, *, recent: int = 10) -> str:
    """The whole `runtimer history` text: consistency, recent sessions, exercises,
    and the files that could not be read."""
    counted = history.counted
    lines = render_consistency(consistency(counted, today))
    lines.append("")
    shown = [s for s in history.sessions if s.status is not Status.DISCARDED]
    if shown:
        lines.append(f"Recent sessions  ({len(counted)} in all)")
        lines += ["  " + session_line(s) for s in reversed(shown[-recent:])]
    else:
        lines.append("No sessions recorded yet.")
    exercises = _by_exercise(counted)
    if exercises:
        lines.append("")
        lines.append("Exercises  (one mark per session, oldest on the left)")
        for name, done in exercises:
            points = [_point(o) for o in done]
            lines += ["  " + line for line in render_exercise(name, points, describe_last(done))]
    if history.unreadable:
        lines.append("")
        lines.append(f"Skipped {len(history.unreadable)} file(s) that are not readable logs:")
        lines += [f"  {item}" for item in history.unreadable]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------- CSV

CSV_COLUMNS = (
    "session_file",
    "routine",
    "session_started",
    "session_status",
    "exercise_index",
    "exercise",
    "set_number",
    "side",
    "planned_reps",
    "reps",
    "planned_hold_s",
    "held_s",
    "load",
    "unit",
    "feeling",
    "rest_before_s",
    "skipped",
    "started",
    "ended",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_amount(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Side | Feeling | Status):
        return str(value.value)
    if isinstance(value, str):
        return spreadsheet_safe(value)  # names come from files: never a formula
    return str(value)


def csv_rows(history: History) -> Iterable[list[str]]:
    """One row per logged set (discarded sessions too: filter on session_status)."""
    for session in history.sessions:
        head = (
            session.path.name if session.path is not None else "",
            session.routine,
            session.started,
            session.status,
        )
        for r in session.sets:
            yield [
                _cell(value)
                for value in (
                    *head,
                    r.exercise_index,
                    r.exercise,
                    r.set_number,
                    r.side,
                    r.planned_reps,
                    r.reps,
                    r.planned_hold,
                    r.held,
                    r.load,
                    r.unit,
                    r.feeling,
                    r.rest_before,
                    r.skipped,
                    r.started,
                    r.ended,
                )
            ]


def write_csv(history: History, stream: TextIO, *, for_terminal: bool = False) -> int:
    """Write the header and every set; returns the number of set rows.

    `for_terminal`: the CSV is being shown, not saved, so control characters in the
    names are made visible (`terminal_safe`) instead of reaching the terminal.
    """
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in csv_rows(history):
        writer.writerow([terminal_safe(cell) for cell in row] if for_terminal else row)
        count += 1
    return count


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


# ------------------------------------------------------------------- CLI helpers


def history_command(out: TextIO, store: Store | None = None, *, today: date | None = None) -> int:
    """`runtimer history`. Exit code 0: unreadable files are listed, never fatal."""
    store = store if store is not None else Store.default()
    history = load_history(store)
    if not history.sessions and not history.unreadable:
        where = terminal_safe(str(store.sessions))
        print(f"No workouts recorded yet. Logs will be kept in {where}", file=out)
        return 0
    out.write(render_history(history, today or date.today()))
    return 0


def export_command(target: str, out: TextIO, err: TextIO, store: Store | None = None) -> int:
    """`runtimer export --csv [FILE]`: the CSV goes where the user named.

    No FILE or `-`: standard output. A FIFO or a character device (`/dev/stdout`, a
    terminal) receives the bytes and is never replaced. A symbolic link's target is
    written and the link kept. A regular file (or a new name in an existing folder)
    is replaced atomically, so a failed export never leaves half a file. A folder, a
    missing folder, or a file inside the workout log folder gets one line on `err`
    and exit code 1. Returns 0 on success.
    """
    store = store if store is not None else Store.default()
    history = load_history(store)
    if history.unreadable:
        print(
            f"runtimer: skipped {len(history.unreadable)} unreadable file(s) in "
            f"{terminal_safe(str(store.sessions))}; 'runtimer history' lists them",
            file=err,
        )
    if target == "-":
        write_csv(history, out, for_terminal=_is_terminal(out))
        return 0
    shown = terminal_safe(target)
    path = Path(target).expanduser()

    def fail(why: str) -> int:
        print(f"runtimer: can't write {shown}: {why}", file=err)
        return 1

    try:
        st = os.stat(path)  # follows a symbolic link to what it names
    except FileNotFoundError:
        st = None
    except OSError as error:
        return fail(describe_os_error(error))
    if st is not None and stat.S_ISDIR(st.st_mode):
        return fail("it is a folder; give a file name, e.g. sets.csv")
    if st is not None and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
        return _export_to_stream(history, path, shown, out, err)
    if st is not None and not stat.S_ISREG(st.st_mode):
        return fail("it is a socket or a block device, not a file")
    real = path.resolve()  # a link is kept: its target is what gets replaced
    if not real.parent.is_dir():
        return fail(f"the folder {terminal_safe(str(real.parent))} does not exist")
    try:
        inside = real.parent.samefile(store.sessions)
    except OSError:
        inside = False
    if inside:
        print(f"runtimer: {shown}: refusing to write into the workout log folder", file=err)
        return 1
    buffer = io.StringIO()
    rows = write_csv(history, buffer)
    try:
        safefile.atomic_write(real, buffer.getvalue().encode("utf-8"))
    except OSError as error:
        return fail(describe_os_error(error))
    print(f"Wrote {_sets(rows)} to {terminal_safe(str(path))}", file=out)
    return 0


def _export_to_stream(history: History, path: Path, shown: str, out: TextIO, err: TextIO) -> int:
    """Write the CSV into a FIFO or a device as it is, never replacing it. Opening a
    FIFO waits for its reader, as a shell redirection does. The confirmation goes to
    `err`: the device may be the very terminal or stdout the CSV is going to."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            rows = write_csv(history, stream, for_terminal=_is_terminal(stream))
    except OSError as error:
        print(f"runtimer: can't write {shown}: {describe_os_error(error)}", file=err)
        return 1
    print(f"Wrote {_sets(rows)} to {shown}", file=err)
    return 0


def _sets(count: int) -> str:
    return f"{count} set{'s' if count != 1 else ''}"


# ------------------------------------------------------------------- benchmark


def _bench_session(number: int, start: datetime) -> SessionLog:
    """A realistic log: 7 exercises, 20 sets, loads creeping up over the years."""
    began = start + timedelta(days=number * 7 // 3, hours=number % 3)
    exercises = tuple(
        ExerciseInfo(i, f"Exercise {i}", 3, reps=12, load=8.0, unit="kg", load_step=2.0)
        for i in range(7)
    )
    sets: list[SetRecord] = []
    clock = began
    for k in range(20):
        index, set_number = divmod(k, 3)
        index = min(index, 6)
        ended = clock + timedelta(seconds=45)
        sets.append(
            SetRecord(
                exercise=f"Exercise {index}",
                exercise_index=index,
                set_number=set_number + 1,
                started=clock,
                ended=ended,
                side=Side.LEFT if index == 3 else None,
                planned_reps=12,
                reps=12 - (k % 4 == 3),
                load=8.0 + 2.0 * (number // 6 % 20),
                unit="kg",
                feeling=(Feeling.EASY, Feeling.OK, Feeling.HARD)[k % 3],
                rest_before=90.0 + k % 7,
            )
        )
        clock = ended + timedelta(seconds=90)
    return SessionLog(
        routine="Full body",
        started=began,
        status=Status.FINISHED,
        ended=clock,
        routine_path="/home/runner/.config/runtimer/routines/full-body.toml",
        routine_sha256="0" * 64,
        exercises=exercises,
        sets=tuple(sets),
    )


def bench_history(
    tmpdir: Path, sessions: int = 1000, *, out: TextIO | None = None
) -> dict[str, float]:
    """Write `sessions` logs of 20 sets under `tmpdir` and time opening the history.

    Returns seconds for: `cold` (no index yet: every file parsed, index written),
    `warm` (index valid), `one_changed` (one file rewritten), `render` (the history
    text) and `tomllib_only` (parsing every file, for comparison). Prints them to
    `out` if given.
    """
    store = Store(tmpdir / "sessions", tmpdir / "state" / "history-index.json")
    store.sessions.mkdir(parents=True, exist_ok=True)
    start = datetime(2021, 1, 4, 18, 30).astimezone()
    paths: list[Path] = []
    for number in range(sessions):
        log = _bench_session(number, start)
        path = store.sessions / f"{log.started:%Y-%m-%dT%H%M}-full-body.toml"
        path.write_text(session_to_toml(log), encoding="utf-8")
        paths.append(path)
    results: dict[str, float] = {"sessions": float(sessions)}

    began = time.perf_counter()
    for path in paths:
        read_log(path)
    results["tomllib_only"] = time.perf_counter() - began

    began = time.perf_counter()
    history = load_history(store)
    results["cold"] = time.perf_counter() - began
    assert len(history.sessions) == sessions, history.unreadable[:3]

    began = time.perf_counter()
    history = load_history(store)
    results["warm"] = time.perf_counter() - began

    paths[len(paths) // 2].write_text(
        session_to_toml(_bench_session(len(paths) // 2, start)) + "\n", encoding="utf-8"
    )
    began = time.perf_counter()
    history = load_history(store)
    results["one_changed"] = time.perf_counter() - began

    began = time.perf_counter()
    last = history.sessions[-1].started.date()
    render_history(history, last + timedelta(days=1))
    results["render"] = time.perf_counter() - began
    if out is not None:
        for name, value in results.items():
            shown = f"{value:.0f}" if name == "sessions" else f"{value:.3f} s"
            print(f"{name:>13}: {shown}", file=out)
    return results


if __name__ == "__main__":  # python -m runtimer.core.history BENCH_DIR
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        bench_history(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(scratch), out=sys.stdout)
