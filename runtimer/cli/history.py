"""`runtimer history` and `runtimer export --csv`: the history as text, the sets as CSV.

The text is laid out for a wide terminal; the history screen shows the same report
(`core.history.report`) in the same words (`core.history.wording`), styled and fitted
to its width instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

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

if TYPE_CHECKING:
    from runtimer.core.program.block import BlockRead

INDENT = "  "
#: The program's calendar rows are cut into runs of weeks no wider than this.
WIDTH = 80


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


def render_program(read: BlockRead) -> list[str]:
    """The active program's block in place of the consistency: its weeks against its
    own target, phases and deloads, each exercise's load week by week, and the review
    under the calendar once the block is over (`runtimer program review` shows it
    before)."""
    from runtimer.core.program import wording

    block = read.block
    if block is None:
        return [wording.PROBLEM_HEADING, INDENT + shown(read.problem)]
    lines = [wording.heading(block), INDENT + wording.standing(block)]
    rows = wording.calendar_lines(block.cells, block.program, WIDTH - len(INDENT))
    lines += [INDENT + row if row else "" for row in rows]
    lines += [INDENT + line for line in wording.calendar_key(block)]
    if block.over:
        lines += ["", wording.review_heading(block.program)]
        lines += [INDENT + line for line in wording.review_section(block)]
    else:
        lines.append(INDENT + wording.REVIEW_HINT_CLI)
    if block.loads:
        lines += ["", wording.LOADS_HEADING]
        for name, chart in wording.load_lines(block):
            lines += [INDENT + name, INDENT * 2 + chart]
    return lines


def render_history(history: History, today: date, program: BlockRead | None = None) -> str:
    """The whole `runtimer history` text: consistency (or the active program's
    block), recent sessions, exercises, and the files that could not be read."""
    report = build_report(history, today)
    if program is not None:
        lines = render_program(program)
    else:
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


def history_command(
    out: TextIO,
    store: Store | None = None,
    *,
    today: date | None = None,
    routines: Sequence[Path] = (),
    programs: Sequence[Path] = (),
    state: Path | None = None,
) -> int:
    """`runtimer history`. Exit code 0: unreadable files are listed, never fatal.
    With a program active (`state`: the state file, None: the user's), its block
    comes first; `routines` and `programs` are the extra folders to find it in."""
    store = store if store is not None else Store.default()
    history = load_history(store)
    if not history.total() and not history.unreadable:
        print(f"No workouts recorded yet. Logs will be kept in {shown(store.sessions)}", file=out)
        return EXIT_OK
    day = today or date.today()
    out.write(render_history(history, day, program_read(history, day, routines, programs, state)))
    return EXIT_OK


def program_read(
    history: History,
    today: date,
    routines: Sequence[Path],
    programs: Sequence[Path],
    state: Path | None,
) -> BlockRead | None:
    """The active (or last stopped) program's block; None, and no routine read, when
    the state file names none."""
    from runtimer.core.catalog import discover
    from runtimer.core.program.active import load_active, load_stopped
    from runtimer.core.program.block import active_block

    read = load_active(state)
    if read.active is None and read.problem is None:
        stopped = load_stopped(state)
        if stopped.stopped is None and stopped.problem is None:
            return None
    return active_block(discover(routines), history, today, state=state, program_dirs=programs)


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
