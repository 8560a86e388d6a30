"""The command line's arguments that the parser needs and nothing else.

`runtimer` builds its whole parser on every start, the menu's included, so what the
parser needs lives here, apart from the commands' own modules (the programs engine,
the completion scripts), which are imported only when their command runs: the menu
paints sooner.
"""

from __future__ import annotations

import argparse
from pathlib import Path

#: The shells `runtimer completion` writes a script for.
SHELLS = ("bash", "zsh", "fish")
#: The hidden commands the scripts call for routine and program names.
ROUTINES_COMMAND = "_routines"
PROGRAMS_COMMAND = "_programs"
#: What `runtimer program` can do.
ACTIONS = ("status", "start", "stop", "review")


def add_program_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    shared: argparse.ArgumentParser,
) -> None:
    """Register `programs` and `program` (called from `cli._parser`)."""
    programs = commands.add_parser(
        "programs",
        parents=[shared],
        help="list every program found, and broken files with their first error",
        description="List the programs (blocks of weeks that say what to do today) found "
        "in the bundled folder, your programs folder and any --programs DIR.",
    )
    programs_option(programs)
    program = commands.add_parser(
        "program",
        parents=[shared],
        help="the active program: status, start NAME [--on DATE], stop, review",
        description="Without an action: where the active program stands (week, sessions "
        "this week, what is next, weights going up). 'start NAME' makes a program "
        "active from today or --on DATE; 'stop' ends it (it stays in the history until "
        "its block's weeks are over); 'review' looks back.",
    )
    program.add_argument("action", nargs="?", choices=ACTIONS, default="status")
    # dest "program": the completion scripts offer program names for it.
    program.add_argument("program", nargs="?", metavar="NAME", help="the program to start")
    program.add_argument(
        "--on", metavar="DATE", help="the first day of week 1 (YYYY-MM-DD; default today)"
    )
    programs_option(program)
    # Hidden (no help=): the program names the completion scripts offer, one a line.
    programs_option(commands.add_parser(PROGRAMS_COMMAND, parents=[shared]))


def programs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--programs",
        dest="programs_dirs",
        metavar="DIR",
        action="append",
        type=Path,
        default=[],
        help="also look for programs in DIR (may be given more than once)",
    )
