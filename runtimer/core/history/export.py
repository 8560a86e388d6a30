"""Every logged set as CSV, written where the user asked and never where it must not go.

What the target is decides how it is written: a FIFO or a character device
(`/dev/stdout`, a terminal) receives the bytes and is never replaced; a symbolic
link's target is written and the link kept; a regular file (or a new name in an
existing folder) is replaced atomically, so a failed export never leaves half a file.
A folder, a missing folder, a socket or block device, and the workout log folder are
refused (`ExportRefused`, one subclass per reason). Cells that a spreadsheet would run
as a formula get a `'` (`spreadsheet_safe`), and a CSV that lands on a terminal has its
control characters made visible (`terminal_safe`).
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from runtimer.core import safefile
from runtimer.core.feeling import Feeling
from runtimer.core.history.store import History
from runtimer.core.plan import Side
from runtimer.core.records.model import Status
from runtimer.core.routine import format_amount
from runtimer.core.safetext import spreadsheet_safe, terminal_safe

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
    # Added with circuits and running legs, after the first columns so that existing
    # spreadsheets keep their layout.
    "warmup",
    "circuit",
    "round",
    "station",
    "planned_work_s",
    "worked_s",
    "planned_distance_m",
    "pace_s_per_km",
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


def _stations(circuits: dict[int, str | None]) -> dict[int, int]:
    """Each circuit exercise's station number (1-based, in the order of the plan)."""
    numbers: dict[int, int] = {}
    seen: dict[str, int] = {}
    for index in sorted(circuits):
        label = circuits[index]
        if label is not None:
            seen[label] = seen.get(label, 0) + 1
            numbers[index] = seen[label]
    return numbers


def csv_rows(history: History) -> Iterable[list[str]]:
    """One row per set (per side) of every session, discarded ones too (filter on
    session_status). A set done again after going back counts once: its last attempt,
    as in history and the advice."""
    for session in history.each_session():  # a few at a time: years of logs stream
        head = (
            session.path.name if session.path is not None else "",
            session.routine,
            session.started,
            session.status,
        )
        circuits = {info.index: info.circuit for info in session.exercises}
        stations = _stations(circuits)
        for r in session.latest_sets:
            circuit = circuits.get(r.exercise_index)
            pace = (
                round(r.worked / r.planned_distance * 1000, 1)
                if r.worked and r.planned_distance
                else None
            )
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
                    r.warmup,
                    circuit,
                    r.set_number if circuit is not None else None,
                    stations.get(r.exercise_index),
                    r.planned_work,
                    r.worked,
                    r.planned_distance,
                    pace,
                )
            ]


def write_csv(history: History, stream: TextIO) -> int:
    """Write the header and every set; returns the number of set rows.

    When `stream` is a terminal the CSV is being shown, not saved, so control
    characters in the names are made visible instead of reaching the terminal.
    """
    shown = _is_terminal(stream)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in csv_rows(history):
        writer.writerow([terminal_safe(cell) for cell in row] if shown else row)
        count += 1
    return count


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


# ------------------------------------------------------------------- to a target


class ExportRefused(Exception):
    """The CSV was not written, and nothing was changed; the subclass says why."""


class TargetIsFolder(ExportRefused):
    """The target is a folder: the CSV needs a file name."""


class NotAFile(ExportRefused):
    """A socket or a block device: neither a stream to write into nor a file."""


class NoSuchFolder(ExportRefused):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder  # the folder the file would be in


class InLogFolder(ExportRefused):
    """The workout log folder holds logs only: an export there would be listed as an
    unreadable log, or replace one."""


class WriteFailed(ExportRefused):
    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


@dataclass(frozen=True)
class Exported:
    rows: int  # sets written
    # True when a FIFO or a device received the CSV: it may be the very terminal or
    # standard output, so a confirmation must not go there.
    streamed: bool


def export_csv(history: History, target: Path, log_folder: Path) -> Exported:
    """Write the CSV to `target` by the rules above; raises ExportRefused."""
    try:
        st = os.stat(target)  # follows a symbolic link to what it names
    except FileNotFoundError:
        st = None
    except OSError as error:
        raise WriteFailed(error) from error
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise TargetIsFolder
    if st is not None and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
        return Exported(_write_into(history, target), streamed=True)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise NotAFile
    real = target.resolve()  # a link is kept: its target is what gets replaced
    if not real.parent.is_dir():
        raise NoSuchFolder(real.parent)
    try:
        inside = real.parent.samefile(log_folder)
    except OSError:
        inside = False
    if inside:
        raise InLogFolder
    buffer = io.StringIO()
    rows = write_csv(history, buffer)
    try:
        safefile.atomic_write(real, buffer.getvalue().encode("utf-8"))
    except OSError as error:
        raise WriteFailed(error) from error
    return Exported(rows, streamed=False)


def _write_into(history: History, target: Path) -> int:
    """Write the CSV into a FIFO or a device as it is, never replacing it. Opening a
    FIFO waits for its reader, as a shell redirection does."""
    try:
        with open(target, "w", encoding="utf-8", newline="") as stream:
            return write_csv(history, stream)
    except OSError as error:
        raise WriteFailed(error) from error
