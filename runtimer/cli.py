"""The `runtimer` command line: the app, and `list`, `check`, `new` and friends.

Nothing here may end in a traceback for a user mistake: unknown routines, bad paths
and broken files all get one clear line on stderr and a non-zero exit code.
Textual is imported only by the commands that start the app, so `list` and `check`
stay quick.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from runtimer import __version__
from runtimer.core.catalog import Catalog, Entry, Origin, discover, load_entry
from runtimer.core.loader import RoutineError
from runtimer.core.paths import user_routines_dir
from runtimer.core.routine import format_estimate
from runtimer.core.safetext import terminal_safe

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


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
        help="validate routine files",
        description="Validate routine files (default: every routine found). Prints every "
        "problem as path:line:col: message and exits 1 if any file is broken.",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    new = commands.add_parser(
        "new",
        help="create a new routine from a commented template",
        description="Create a routine file in your routines folder from a template that "
        "explains every key, and print its path. Never overwrites a file.",
    )
    new.add_argument("name", metavar="NAME", help='the routine\'s name, e.g. "Tuesday legs"')

    commands.add_parser(
        "sound",
        help="play each sound and say which audio backend works",
        description="Play every sound event and report which audio backend works and why "
        "the others do not.",
    )
    commands.add_parser(
        "history",
        help="past sessions, progress per exercise and weekly consistency",
        description="Show past sessions, load and reps over time per exercise, and "
        "sessions per week against the 2-3 a week target.",
    )
    export = commands.add_parser(
        "export",
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    extra: list[Path] = [
        *getattr(args, "routines", []),
        *getattr(args, "routines_after", []),
    ]
    for folder in extra:
        if not folder.is_dir():
            print(f"runtimer: --routines {_shown(folder)}: no such folder", file=sys.stderr)
            return EXIT_USAGE
    command = args.command
    try:
        if command == "list":
            return cmd_list(discover(extra), sys.stdout)
        if command == "check":
            return cmd_check(args.paths, extra, sys.stdout, sys.stderr)
        if command == "new":
            return cmd_new(args.name, user_routines_dir(), sys.stdout, sys.stderr)
        if command == "sound":
            return _cmd_sound()
        if command == "history":
            return _cmd_history()
        if command == "export":
            return _cmd_export(args.csv)
        if command == "start":
            catalog = discover(extra)
            entry = resolve(args.routine, catalog)
            if entry is None:
                return EXIT_USAGE
            return _run_app(catalog, entry, mute=args.mute)
        return _run_app(discover(extra), None, mute=args.mute)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `runtimer list | head` closes the pipe early; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def resolve(wanted: str, catalog: Catalog, err: TextIO | None = None) -> Entry | None:
    """A routine by name or path, or None after printing one line saying why."""
    err = err or sys.stderr
    as_path = Path(wanted).expanduser()
    looks_like_path = as_path.suffix == ".toml" or os.sep in wanted or as_path.exists()
    entry = catalog.find(wanted)
    if entry is None and looks_like_path:
        if not as_path.is_file():
            what = "a folder, not a routine file" if as_path.is_dir() else "no such file"
            print(f"runtimer: {_shown(wanted)}: {what}", file=err)
            return None
        entry = load_entry(as_path.resolve(), Origin.EXTRA)
    if entry is None:
        hints = catalog.suggest(wanted)
        hint = (
            f"; did you mean {', '.join(hints)}?" if hints else "; 'runtimer list' shows them all"
        )
        print(f"runtimer: no routine called '{_shown(wanted)}'{_shown(hint)}", file=err)
        return None
    return entry


_FOLDER_LABELS = {Origin.BUNDLED: "bundled", Origin.USER: "yours", Origin.EXTRA: "--routines"}


def cmd_list(catalog: Catalog, out: TextIO) -> int:
    for origin, folder in catalog.folders:
        label = _FOLDER_LABELS[origin]
        print(f"{label + ':':12}{_shown(folder)}", file=out)
    print(file=out)
    good = [e for e in catalog.entries if e.routine is not None]
    broken = [e for e in catalog.entries if e.error is not None]
    if not catalog.entries:
        print("No routines found. Create one with: runtimer new NAME", file=out)
    width = max((len(_shown(e.title)) for e in good), default=0)
    for entry in good:
        assert entry.routine is not None and entry.estimate is not None
        count = len(entry.routine.exercises)
        exercises = f"{count} exercise{'s' if count != 1 else ''}"
        line = (
            f"{_shown(entry.key):20} {_shown(entry.title):{width}}  {exercises:>12}  "
            f"{format_estimate(entry.estimate):>8}  {_shown(entry.path)}"
        )
        if entry.replaces is not None:
            line += f"  (replaces {_shown(entry.replaces)})"
        print(line, file=out)
    if broken:
        print(file=out)
        print(f"Broken ({len(broken)}): fix these, then run 'runtimer check'", file=out)
        for entry in broken:
            assert entry.error is not None
            extra = len(entry.error.problems) - 1
            more = f" (+{extra} more)" if extra else ""
            print(f"  {_shown(entry.error.first)}{more}", file=out)
    return EXIT_OK


def cmd_check(paths: list[Path], extra: list[Path], out: TextIO, err: TextIO) -> int:
    if paths:
        entries = [load_entry(path, Origin.EXTRA) for path in paths]
    else:
        entries = list(discover(extra).entries)
    failed = 0
    for entry in entries:
        if entry.error is not None:
            failed += 1
            for problem in entry.error.problems:
                print(_shown(problem), file=err)
        else:
            print(f"ok  {_shown(entry.path)}", file=out)
    total = len(entries)
    if failed:
        verb = "has" if failed == 1 else "have"
        print(
            f"{failed} of {total} routine file{'s' if total != 1 else ''} {verb} problems", file=err
        )
        return EXIT_PROBLEM
    if total == 1:
        print("the routine file is valid", file=out)
    else:
        print(f"all {total} routine files are valid", file=out)
    return EXIT_OK


def _shown(value: object) -> str:
    """Anything from a file, a file name or the command line, as printed: safe for
    the terminal (see `safetext`)."""
    return terminal_safe(str(value))


def slugify(name: str) -> str:
    """A file name for a routine name: `Tom's "hard" day` -> `tom-s-hard-day`.

    Accents are dropped (`Échauffement` -> `echauffement`) but letters of other scripts
    are kept (`脚の日` stays), so two non-Latin names do not both become `routine`.
    """
    decomposed = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = re.sub(r"[\W_]+", "-", plain).strip("-")
    return slug[:60].strip("-") or "routine"


def template_text(name: str) -> str:
    """The commented template with the routine's name filled in, TOML-escaped."""
    from importlib import resources  # only `new` needs these: keep start-up quick

    import tomli_w

    template = resources.files("runtimer.core").joinpath("template.toml").read_text("utf-8")
    quoted = tomli_w.dumps({"name": name}).split("=", 1)[1].strip()
    return template.replace("__NAME__", quoted)


def cmd_new(name: str, folder: Path, out: TextIO, err: TextIO) -> int:
    clean = " ".join(name.split())
    if not clean:
        print('runtimer: give the new routine a name, e.g. runtimer new "Tuesday legs"', file=err)
        return EXIT_USAGE
    if len(clean) > 80:
        print("runtimer: keep the routine name to 80 characters", file=err)
        return EXIT_USAGE
    path = folder / f"{slugify(clean)}.toml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(template_text(clean))
    except FileExistsError:
        print(f"runtimer: {_shown(path)} already exists; edit it, or choose another name", file=err)
        return EXIT_PROBLEM
    except OSError as error:
        print(f"runtimer: cannot write {_shown(path)}: {error.strerror or error}", file=err)
        return EXIT_PROBLEM
    print(_shown(path), file=out)
    return EXIT_OK


def _cmd_sound() -> int:
    from runtimer.core.audio import sound_report

    return sound_report(sys.stdout)


def _cmd_history() -> int:
    from runtimer.core.history import history_command

    return history_command(sys.stdout)


def _cmd_export(target: str) -> int:
    from runtimer.core.history import export_command

    return export_command(target, sys.stdout, sys.stderr)


def _run_app(catalog: Catalog, entry: Entry | None, mute: bool) -> int:
    if entry is not None and entry.error is not None:
        for problem in entry.error.problems:
            print(_shown(problem), file=sys.stderr)
        return EXIT_PROBLEM
    from runtimer.ui.app import run_app

    return run_app(catalog=catalog, start=entry, mute=mute)


__all__ = ["RoutineError", "main"]
