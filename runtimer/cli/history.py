"""`runtimer history` and `runtimer export --csv`: the history as text, the sets as CSV.

The text is laid out for a wide terminal; the history screen shows the same report
(`core.history.report`) in the same words (`core.history.wording`), styled and fitted
to its width instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from runtimer.cli.output import EXIT_OK, EXIT_PROBLEM, shown
from runtimer.core.history.export import (
    ExportRefused,
    InLogFolder,
    NoSuchFolder,
    TargetIsFolder,
    WriteFailed,
    export_csv,
    write_csv,
)
from runtimer.core.history.report import (
    Consistency,
    ExerciseReport,
    Point,
    build_report,
    exercise_report,
)
from runtimer.core.history.store import History, load_history
from runtimer.core.history.wording import (
    CIRCUITS_HEADING,
    CONSISTENCY_HEADING,
    EXERCISES_HEADING,
    NO_SESSIONS,
    circuit_line,
    circuit_name,
    consistency_lines,
    exercise_name,
    last_time,
    recent_heading,
    series_line,
    session_count,
    session_line,
    skipped_heading,
    unreadable_line,
)
from runtimer.core.records.model import Store
from runtimer.core.safefile import describe_os_error

INDENT = "  "


def render_consistency(c: Consistency) -> list[str]:
    return [CONSISTENCY_HEADING, *(INDENT + line for line in consistency_lines(c))]


def _exercise_lines(exercise: ExerciseReport) -> list[str]:
    """A name line, a load and a reps (or hold) chart, and what happened last time."""
    lines = [f"{exercise_name(exercise)}  {session_count(exercise)}"]
    lines += [INDENT + series_line(s) for s in (exercise.load, exercise.amount) if s is not None]
    summary = last_time(exercise)
    if summary:
        lines.append(INDENT + summary)
    return lines


def render_exercise(name: str, points: Sequence[Point], summary: str | None = None) -> list[str]:
    """One exercise's chart from its points, oldest first, outside a whole history."""
    return _exercise_lines(exercise_report(name, points, summary))


def render_history(history: History, today: date) -> str:
    """The whole `runtimer history` text: consistency, recent sessions, exercises,
    and the files that could not be read."""
    report = build_report(history, today)
    lines = render_consistency(report.consistency)
    lines.append("")
    if report.recent:
        lines.append(recent_heading(report.counted))
        lines += [INDENT + session_line(s) for s in report.recent]
    else:
        lines.append(NO_SESSIONS)
    if report.circuits:
        lines += ["", CIRCUITS_HEADING]
        for circuit in report.circuits:
            lines.append(f"{INDENT}{circuit_name(circuit)}  {session_count(circuit)}")
            lines.append(INDENT * 2 + circuit_line(circuit))
    if report.exercises:
        lines += ["", EXERCISES_HEADING]
        for exercise in report.exercises:
            lines += [INDENT + line for line in _exercise_lines(exercise)]
    if report.unreadable:
        lines += ["", skipped_heading(len(report.unreadable))]
        lines += [INDENT + unreadable_line(item) for item in report.unreadable]
    return "\n".join(lines) + "\n"


def history_command(out: TextIO, store: Store | None = None, *, today: date | None = None) -> int:
    """`runtimer history`. Exit code 0: unreadable files are listed, never fatal."""
    store = store if store is not None else Store.default()
    history = load_history(store)
    if not history.sessions and not history.unreadable:
        print(f"No workouts recorded yet. Logs will be kept in {shown(store.sessions)}", file=out)
        return EXIT_OK
    out.write(render_history(history, today or date.today()))
    return EXIT_OK


def export_command(target: str, out: TextIO, err: TextIO, store: Store | None = None) -> int:
    """`runtimer export --csv [FILE]`: the CSV goes where the user named.

    No FILE or `-`: standard output. Anything else is written by `export_csv`'s rules;
    a target it refuses gets one line on `err` and exit code 1. The confirmation of a
    CSV sent into a FIFO or a device goes to `err`: that may be the terminal or the
    standard output the CSV went to.
    """
    store = store if store is not None else Store.default()
    history = load_history(store)
    if history.unreadable:
        print(
            f"runtimer: skipped {len(history.unreadable)} unreadable file(s) in "
            f"{shown(store.sessions)}; 'runtimer history' lists them",
            file=err,
        )
    if target == "-":
        write_csv(history, out)
        return EXIT_OK
    path = Path(target).expanduser()
    try:
        done = export_csv(history, path, store.sessions)
    except InLogFolder:
        print(f"runtimer: {shown(target)}: refusing to write into the workout log folder", file=err)
        return EXIT_PROBLEM
    except ExportRefused as refused:
        print(f"runtimer: can't write {shown(target)}: {_why(refused)}", file=err)
        return EXIT_PROBLEM
    if done.streamed:
        print(f"Wrote {_sets(done.rows)} to {shown(target)}", file=err)
    else:
        print(f"Wrote {_sets(done.rows)} to {shown(path)}", file=out)
    return EXIT_OK


def _why(refused: ExportRefused) -> str:
    match refused:
        case TargetIsFolder():
            return "it is a folder; give a file name, e.g. sets.csv"
        case NoSuchFolder(folder=folder):
            return f"the folder {shown(folder)} does not exist"
        case WriteFailed(error=error):
            return describe_os_error(error)
        case _:  # NotAFile
            return "it is a socket or a block device, not a file"


def _sets(count: int) -> str:
    return f"{count} set{'s' if count != 1 else ''}"
