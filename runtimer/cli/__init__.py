"""The `runtimer` command line: the app, and `list`, `check`, `new` and friends.

Nothing here may end in a traceback for a user mistake: unknown routines, bad paths
and broken files all get one clear line on stderr and a non-zero exit code.
Textual is imported only by the commands that start the app, so `list` and `check`
stay quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from runtimer import __version__
from runtimer.cli.args import (
    PROGRAMS_COMMAND,
    ROUTINES_COMMAND,
    SHELLS,
    add_program_parsers,
    programs_option,
)
from runtimer.cli.output import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, shown
from runtimer.cli.routines import cmd_list, cmd_new, resolve
from runtimer.core.catalog import Catalog, Entry, discover
from runtimer.core.paths import user_routines_dir

# The programs' and the completion's modules are imported by their commands only
# (see `cli.args`): the menu is painted without them.


def _shared(dest: str) -> argparse.ArgumentParser:
    """`--routines DIR`, accepted before and after the command. Each place keeps its own
    list (a subcommand's values would otherwise replace the ones given before it);
    `main` joins them."""
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--routines",
        dest=dest,
        metavar="DIR",
        action="append",
        type=Path,
        default=argparse.SUPPRESS,
        help="also look for routines in DIR (may be given more than once)",
    )
    return shared


def _parser() -> argparse.ArgumentParser:
    shared = _shared("routines_after")
    parser = argparse.ArgumentParser(
        prog="runtimer",
        description=(
            "A keyboard-driven strength-training coach for runners. Without a command, "
            "opens the routine menu."
        ),
        epilog="Routines are TOML files; see the README for the format. "
        "'runtimer COMMAND --help' explains each command.",
        parents=[_shared("routines")],
    )
    parser.add_argument("--version", action="version", version=f"runtimer {__version__}")
    parser.add_argument("--mute", action="store_true", help="start with sounds muted")
    # Its own list, as `--routines`: a command's `--programs` would otherwise replace it.
    parser.add_argument(
        "--programs",
        dest="programs_before",
        metavar="DIR",
        action="append",
        type=Path,
        default=argparse.SUPPRESS,
        help="also look for programs in DIR (the menu's today, and the program commands)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    start = commands.add_parser(
        "start",
        parents=[shared],
        help="start a workout straight away",
        description="Start a workout with the named routine (file name, routine name or path).",
    )
    start.add_argument("routine", metavar="NAME|PATH", help="e.g. full-body or ./my.toml")
    # SUPPRESS: without a value of its own, `start` keeps a `--mute` given before it.
    start.add_argument(
        "--mute", action="store_true", default=argparse.SUPPRESS, help="start with sounds muted"
    )
    programs_option(start)

    commands.add_parser(
        "list",
        parents=[shared],
        help="list every routine found, and broken files with their first error",
        description="List the routines found in the bundled folder, your routines folder "
        "and any --routines DIR, with their length and file.",
    )

    check = commands.add_parser(
        "check",
        parents=[shared],
        help="validate routine and program files and config.toml",
        description="Validate routine and program files (default: every routine and "
        "program found, and your config.toml). Prints every problem as "
        "path:line:col: message and exits 1 if any file is broken.",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    programs_option(check)

    new = commands.add_parser(
        "new",
        parents=[shared],
        help="create a new routine from a commented template",
        description="Create a routine file in your routines folder from a template that "
        "explains every key, and print its path. Never overwrites a file.",
    )
    new.add_argument("name", metavar="NAME", help='the routine\'s name, e.g. "Tuesday legs"')
    new.add_argument("--program", action="store_true", help="a program (a block of weeks) instead")

    commands.add_parser(
        "sound",
        parents=[shared],
        help="play each sound and say which audio backend works",
        description="Play every sound event and report which audio backend works and why "
        "the others do not.",
    )
    history = commands.add_parser(
        "history",
        parents=[shared],
        help="past sessions, progress per exercise and weekly consistency",
        description="Show past sessions, load and reps over time per exercise, and "
        "sessions per week against the 2-3 a week target; with an active program, its "
        "weeks, loads and review.",
    )
    programs_option(history)
    export = commands.add_parser(
        "export",
        parents=[shared],
        help="export every logged set as CSV",
        description="Write one row per logged set, for spreadsheets.",
    )
    export.add_argument(
        "--csv",
        dest="csv",
        metavar="FILE",
        nargs="?",
        const="-",
        required=True,
        help="write CSV to FILE (default: standard output)",
    )
    add_program_parsers(commands, shared)
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a script that completes runtimer's commands, options and "
        "routine names. Load it with: source <(runtimer completion bash), source "
        "<(runtimer completion zsh) or runtimer completion fish | source.",
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    # Hidden (no help=): the routine names the completion scripts offer, one a line.
    commands.add_parser(ROUTINES_COMMAND, parents=[shared])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    extra: list[Path] = [
        *getattr(args, "routines", []),
        *getattr(args, "routines_after", []),
    ]
    for folder in extra:
        if not folder.is_dir():
            print(f"runtimer: --routines {shown(folder)}: no such folder", file=sys.stderr)
            return EXIT_USAGE
    # `--programs DIR` before the command and after it, for every command that reads
    # programs (the app's menu included).
    programs: list[Path] = [
        *getattr(args, "programs_before", []),
        *getattr(args, "programs_dirs", []),
    ]
    args.programs_dirs = programs
    for folder in programs:
        if not folder.is_dir():
            print(f"runtimer: --programs {shown(folder)}: no such folder", file=sys.stderr)
            return EXIT_USAGE
    command = args.command
    try:
        if command == "list":
            return cmd_list(discover(extra), sys.stdout)
        if command == "check":
            from runtimer.cli.program import cmd_check_all

            return cmd_check_all(args.paths, extra, args.programs_dirs, sys.stdout, sys.stderr)
        if command == "new" and args.program:
            from runtimer.cli.program import cmd_new_program
            from runtimer.core.program.catalog import user_programs_dir

            return cmd_new_program(args.name, user_programs_dir(), sys.stdout, sys.stderr)
        if command == "new":
            return cmd_new(args.name, user_routines_dir(), sys.stdout, sys.stderr)
        if command in ("programs", "program"):
            from runtimer.cli.program import program_command

            return program_command(args, extra, sys.stdout, sys.stderr)
        if command == "sound":
            return _cmd_sound()
        if command == "history":
            return _cmd_history(extra, programs)
        if command == "export":
            return _cmd_export(args.csv)
        if command == "completion":
            from runtimer.cli.completion import completion_script

            sys.stdout.write(completion_script(args.shell, _parser()))
            return EXIT_OK
        if command == ROUTINES_COMMAND:
            from runtimer.cli.completion import print_routine_names

            print_routine_names(discover(extra), sys.stdout)
            return EXIT_OK
        if command == PROGRAMS_COMMAND:
            from runtimer.cli.completion import print_program_names
            from runtimer.core.program.catalog import discover_programs

            print_program_names(discover_programs(discover(extra), programs), sys.stdout)
            return EXIT_OK
        if command == "start":
            catalog = discover(extra)
            entry = resolve(args.routine, catalog)
            if entry is None:
                return EXIT_USAGE
            return _run_app(catalog, entry, mute=args.mute, programs=programs)
        return _run_app(discover(extra), None, mute=args.mute, programs=programs)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `runtimer list | head` closes the pipe early; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _cmd_sound() -> int:
    from runtimer.cli.sound import sound_report

    return sound_report(sys.stdout)


def _cmd_history(extra: list[Path], programs: list[Path]) -> int:
    from runtimer.cli.history import history_command

    return history_command(sys.stdout, routines=extra, programs=programs)


def _cmd_export(target: str) -> int:
    from runtimer.cli.history import export_command

    return export_command(target, sys.stdout, sys.stderr)


def _run_app(catalog: Catalog, entry: Entry | None, mute: bool, programs: list[Path]) -> int:
    if entry is not None and entry.error is not None:
        for problem in entry.error.problems:
            print(shown(problem), file=sys.stderr)
        return EXIT_PROBLEM
    from runtimer.cli.app import run_app

    return run_app(catalog=catalog, start=entry, mute=mute, program_dirs=programs)


__all__ = ["EXIT_OK", "EXIT_PROBLEM", "EXIT_USAGE", "main"]
