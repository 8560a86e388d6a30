"""`runtimer programs`, `runtimer program [status|start|stop|review]`, program files in
`runtimer check`, and `runtimer new --program`.

The words are the core's (`core.program`); this module lays them out as text. Like
every command, a mistake is one line on stderr and an exit status, never a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from runtimer.cli.output import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, shown
from runtimer.cli.routines import cmd_check, report_checked
from runtimer.core.catalog import Catalog, Origin, discover
from runtimer.core.program.active import (
    Active,
    Stopped,
    load_active,
    save_active,
    save_stopped,
)
from runtimer.core.program.block import ProgramBlock, program_block
from runtimer.core.program.calendar import Status, short_date
from runtimer.core.program.catalog import (
    Programs,
    discover_programs,
    load_program_entry,
    routine_keys,
)
from runtimer.core.program.logs import Logs, block_logs
from runtimer.core.program.template import create_program
from runtimer.core.program.today import ProgramToday, program_today, routines_by_key
from runtimer.core.program.wording import (
    CHANGES_HEADING,
    OVERRIDES_HEADING,
    adherence_lines,
    calendar_key,
    calendar_lines,
    change_lines,
    override_line,
    review_heading,
    suggestion_line,
)
from runtimer.core.records.model import Store
from runtimer.core.safefile import describe_os_error
from runtimer.core.template import NewRoutineError

INDENT = "  "
#: The calendar rows are cut into runs of weeks no wider than this.
OUTPUT_WIDTH = 80


@dataclass
class Context:
    """What the program commands read: the routines, the programs, the log, today."""

    catalog: Catalog
    programs: Programs
    store: Store
    state: Path | None = None  # the state file (None: the user's)
    today: date | None = None

    @property
    def day(self) -> date:
        return self.today or date.today()

    def sessions(self) -> Logs:
        """The log, to be asked for the sessions a program looks at (its block, the
        loads before it, its weight test): years of logs are never all built."""
        from runtimer.core.history.store import load_history

        return load_history(self.store)


def make_context(
    extra: Sequence[Path], program_dirs: Sequence[Path], err: TextIO
) -> Context | None:
    for folder in program_dirs:
        if not folder.is_dir():
            print(f"runtimer: --programs {shown(folder)}: no such folder", file=err)
            return None
    catalog = discover(extra)
    return Context(catalog, discover_programs(catalog, program_dirs), Store.default())


# ------------------------------------------------------------------ list and check


_LABELS = {Origin.BUNDLED: "bundled", Origin.USER: "yours", Origin.EXTRA: "--programs"}


def cmd_programs(context: Context, out: TextIO) -> int:
    for origin, folder in context.programs.folders:
        print(f"{_LABELS[origin] + ':':12}{shown(folder)}", file=out)
    print(file=out)
    entries = context.programs.entries
    good = [e for e in entries if e.program is not None]
    broken = [e for e in entries if e.error is not None]
    if not entries:
        print("No programs found. Create one with: runtimer new --program NAME", file=out)
    width = max((len(shown(e.title)) for e in good), default=0)
    for entry in good:
        assert entry.program is not None
        program = entry.program
        how = f"{program.weeks} weeks, {program.sessions_text} a week"
        print(
            f"{shown(entry.key):22} {shown(entry.title):{width}}  {how:>20}  {shown(entry.path)}",
            file=out,
        )
    if broken:
        print(file=out)
        print(f"Broken ({len(broken)}): fix these, then run 'runtimer check'", file=out)
        for entry in broken:
            assert entry.error is not None
            more = len(entry.error.problems) - 1
            print(f"  {shown(entry.error.first)}{f' (+{more} more)' if more else ''}", file=out)
    return EXIT_OK


def is_program_file(path: Path) -> bool:
    """A path given to `check` is a program if it sits in a `programs` folder, or
    says `weeks` and has no `[[exercise]]` (a routine always has some)."""
    if path.resolve().parent.name == "programs":
        return True
    from runtimer.core.safefile import FileReadError, read_regular
    from runtimer.core.tomlfile import TomlTextError, read_toml_bytes

    try:
        document = read_toml_bytes(read_regular(path, 256 * 1024)[0])
    except (FileReadError, TomlTextError):
        return False
    return "weeks" in document and "exercise" not in document


def cmd_check_all(
    paths: list[Path], extra: list[Path], program_dirs: list[Path], out: TextIO, err: TextIO
) -> int:
    """`runtimer check`: program files (and that the routines they name exist), then
    routine files. Without paths, every program and routine found, and config.toml
    (the start-up notice about its problems sends the user here)."""
    programs = [path for path in paths if is_program_file(path)]
    routines = [path for path in paths if path not in programs]
    status = EXIT_OK
    if not paths:
        from runtimer.cli.configcheck import check_config

        status = check_config(None, out, err)
    if programs or not paths:
        status = max(status, check_programs(programs, extra, program_dirs, out, err))
    if routines or not paths:
        status = max(status, cmd_check(routines, extra, out, err))
    return status


def check_programs(
    paths: list[Path], extra: list[Path], program_dirs: list[Path], out: TextIO, err: TextIO
) -> int:
    catalog = discover(extra)
    if paths:
        known = routine_keys(catalog)
        entries = [load_program_entry(path, Origin.EXTRA, known) for path in paths]
    else:
        entries = list(discover_programs(catalog, program_dirs).entries)
    checked = [(e.path, e.error.problems if e.error is not None else ()) for e in entries]
    return report_checked(checked, "program", out, err)


def cmd_new_program(name: str, folder: Path, out: TextIO, err: TextIO) -> int:
    try:
        path = create_program(name, folder)
    except NewRoutineError as error:
        print(f"runtimer: {error.message}", file=err)
        return EXIT_USAGE if error.usage else EXIT_PROBLEM
    print(shown(path), file=out)
    return EXIT_OK


# ------------------------------------------------------------------ program ...


def cmd_program(args: argparse.Namespace, context: Context, out: TextIO, err: TextIO) -> int:
    action: str = args.action
    if action != "start" and args.program is not None:
        print(f"runtimer: 'program {action}' takes no name", file=err)
        return EXIT_USAGE
    if action == "start":
        return _start(args.program, args.on, context, out, err)
    if action == "stop":
        return _stop(context, out, err)
    read = load_active(context.state)
    if read.problem is not None:
        print(f"runtimer: {shown(read.problem)}", file=err)
        return EXIT_PROBLEM
    if read.active is None:
        print(
            "No program is active. 'runtimer programs' lists them; 'runtimer program start "
            "NAME' begins one.",
            file=out,
        )
        return EXIT_OK
    sessions = context.sessions()
    today = program_today(read.active, context.programs, context.catalog, sessions, context.day)
    if today.problem is not None:
        print(f"runtimer: {shown(today.problem)}", file=err)
        return EXIT_PROBLEM
    if action == "review":
        lines = review_lines(today, sessions, context)
    else:
        lines = status_lines(today, sessions, context)
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _start(name: str | None, on: str | None, context: Context, out: TextIO, err: TextIO) -> int:
    if name is None:
        print("runtimer: name the program to start: runtimer program start NAME", file=err)
        return EXIT_USAGE
    try:
        start = date.fromisoformat(on) if on is not None else context.day
    except ValueError:
        print(f"runtimer: --on {shown(on)}: give a date as YYYY-MM-DD", file=err)
        return EXIT_USAGE
    entry = context.programs.find(name)
    if entry is None:
        hints = context.programs.suggest(name)
        hint = (
            f"; did you mean {', '.join(hints)}?" if hints else "; 'runtimer programs' lists them"
        )
        print(f"runtimer: no program called '{shown(name)}'{shown(hint)}", file=err)
        return EXIT_USAGE
    if entry.program is None:
        assert entry.error is not None
        for problem in entry.error.problems:
            print(shown(problem), file=err)
        return EXIT_PROBLEM
    read = load_active(context.state)
    if read.problem is not None:
        print(f"runtimer: {shown(read.problem)}", file=err)
    try:
        save_active(Active(entry.key, start), context.state)
    except OSError as error:
        print(f"runtimer: cannot remember the program: {describe_os_error(error)}", file=err)
        return EXIT_PROBLEM
    replaced = ""
    if read.active is not None and read.active.key != entry.key:
        replaced = f" (instead of '{shown(read.active.key)}')"
    print(
        f"Started {shown(entry.program.name)}{replaced}: week 1 begins {start:%A} "
        f"{short_date(start)}, {entry.program.weeks} weeks, {entry.program.sessions_text} "
        "sessions a week. 'runtimer program' shows what to do today.",
        file=out,
    )
    return EXIT_OK


def _stop(context: Context, out: TextIO, err: TextIO) -> int:
    read = load_active(context.state)
    if read.active is None and read.problem is None:
        print("No program is active.", file=out)
        return EXIT_OK
    try:
        save_active(None, context.state)
        if read.active is not None:  # its block stays in the history until its weeks end
            save_stopped(Stopped(read.active, context.day), context.state)
    except OSError as error:
        print(f"runtimer: cannot forget the program: {describe_os_error(error)}", file=err)
        return EXIT_PROBLEM
    what = f"'{shown(read.active.key)}'" if read.active is not None else "the damaged entry"
    kept = " and its block stays in the history until its weeks are over" if read.active else ""
    print(
        f"Stopped {what}. Your logs are kept{kept}; 'runtimer program start NAME' begins again.",
        file=out,
    )
    return EXIT_OK


# ------------------------------------------------------------------ the words


def _block(today: ProgramToday, sessions: Logs, context: Context) -> ProgramBlock:
    """The block so far: its weeks, loads and review (`core.program.block`)."""
    assert today.plan is not None and today.entry is not None
    plan = today.plan
    return program_block(
        today.entry.key,
        plan.program,
        plan.day.start,
        context.day,
        routines_by_key(context.catalog),
        block_logs(sessions, plan.day.start, context.day),
    )


def block_lines(block: ProgramBlock) -> list[str]:
    """The calendar rows (80 columns at most) and what their marks mean."""
    return [*calendar_lines(block.cells, block.program, OUTPUT_WIDTH), *calendar_key(block)]


def status_lines(today: ProgramToday, sessions: Logs, context: Context) -> list[str]:
    plan = today.plan
    assert plan is not None and today.entry is not None
    day = plan.day
    program = plan.program
    lines = [f"{shown(program.name)} ({shown(today.entry.key)})"]
    phase = f" · phase {shown(day.phase.name)} ({day.phase.weeks_text})" if day.phase else ""
    lines.append(f"Week {day.week} of {day.weeks}{phase} · started {short_date(plan.day.start)}")
    lines.append(f"This week: {day.done_this_week} of {program.sessions_text} sessions")
    if day.status is Status.OVER:
        lines.append(day.advice)
        lines += ["", *review_lines(today, sessions, context)]
        return lines
    when = (
        "today" if day.next_day == context.day else f"{day.next_day:%A} {short_date(day.next_day)}"
    )
    lines.append(f"Next: {shown(plan.routine.name)}, {when}. {day.advice}")
    if day.phase is not None and day.phase.notes:
        lines.append(f"Phase: {shown(day.phase.notes)}")
    lines += ["", "Targets:"]
    width = max(len(shown(t.name)) for t in plan.targets)
    for target in plan.targets:
        why = f"  {shown(target.why)}" if target.why else ""
        lines.append(f"{INDENT}{shown(target.name):{width}}  {target.text():<16}{why}")
    up = plan.going_up
    if up:
        lines += ["", "Going up: " + ", ".join(f"{shown(t.name)} {t.headline}" for t in up)]
    lines += ["", *block_lines(_block(today, sessions, context))]
    return lines


def review_lines(today: ProgramToday, sessions: Logs, context: Context) -> list[str]:
    return review_text(_block(today, sessions, context))


def review_text(block: ProgramBlock) -> list[str]:
    """The review: adherence, the calendar, what went up since week 1, the loads the
    user chose over the program's, and a suggestion for the next block."""
    result = block.review
    lines = [review_heading(block.program), *adherence_lines(result, block.program)]
    lines += ["", *block_lines(block)]
    changes = change_lines(result)
    if changes:
        lines += ["", CHANGES_HEADING, *(INDENT + line for line in changes)]
    if block.overrides:
        lines += ["", OVERRIDES_HEADING]
        lines += [INDENT + override_line(override) for override in block.overrides]
    lines += ["", suggestion_line(result)]
    return lines


def program_command(args: argparse.Namespace, extra: list[Path], out: TextIO, err: TextIO) -> int:
    """`runtimer programs` and `runtimer program ...`, from the parsed arguments."""
    context = make_context(extra, args.programs_dirs, err)
    if context is None:
        return EXIT_USAGE
    if args.command == "programs":
        return cmd_programs(context, out)
    return cmd_program(args, context, out, err)
