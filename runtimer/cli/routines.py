"""`runtimer list`, `check`, `new` and finding the routine `start` names."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from runtimer.cli.output import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, shown
from runtimer.core.catalog import Catalog, Entry, Origin, discover, load_entry
from runtimer.core.routine import format_estimate


def resolve(wanted: str, catalog: Catalog, err: TextIO | None = None) -> Entry | None:
    """A routine by name or path, or None after printing one line saying why."""
    err = err or sys.stderr
    as_path = Path(wanted).expanduser()
    looks_like_path = as_path.suffix == ".toml" or os.sep in wanted or as_path.exists()
    entry = catalog.find(wanted)
    if entry is None and looks_like_path:
        if not as_path.is_file():
            what = "a folder, not a routine file" if as_path.is_dir() else "no such file"
            print(f"runtimer: {shown(wanted)}: {what}", file=err)
            return None
        entry = load_entry(as_path.resolve(), Origin.EXTRA)
    if entry is None:
        hints = catalog.suggest(wanted)
        hint = (
            f"; did you mean {', '.join(hints)}?" if hints else "; 'runtimer list' shows them all"
        )
        print(f"runtimer: no routine called '{shown(wanted)}'{shown(hint)}", file=err)
        return None
    return entry


_FOLDER_LABELS = {Origin.BUNDLED: "bundled", Origin.USER: "yours", Origin.EXTRA: "--routines"}


def cmd_list(catalog: Catalog, out: TextIO) -> int:
    for origin, folder in catalog.folders:
        label = _FOLDER_LABELS[origin]
        print(f"{label + ':':12}{shown(folder)}", file=out)
    print(file=out)
    good = [e for e in catalog.entries if e.routine is not None]
    broken = [e for e in catalog.entries if e.error is not None]
    if not catalog.entries:
        print("No routines found. Create one with: runtimer new NAME", file=out)
    width = max((len(shown(e.title)) for e in good), default=0)
    for entry in good:
        assert entry.routine is not None and entry.estimate is not None
        count = len(entry.routine.exercises)
        exercises = f"{count} exercise{'s' if count != 1 else ''}"
        line = (
            f"{shown(entry.key):20} {shown(entry.title):{width}}  {exercises:>12}  "
            f"{format_estimate(entry.estimate):>8}  {shown(entry.path)}"
        )
        if entry.replaces is not None:
            line += f"  (replaces {shown(entry.replaces)})"
        print(line, file=out)
    if broken:
        print(file=out)
        print(f"Broken ({len(broken)}): fix these, then run 'runtimer check'", file=out)
        for entry in broken:
            assert entry.error is not None
            extra = len(entry.error.problems) - 1
            more = f" (+{extra} more)" if extra else ""
            print(f"  {shown(entry.error.first)}{more}", file=out)
    return EXIT_OK


def cmd_check(paths: list[Path], extra: list[Path], out: TextIO, err: TextIO) -> int:
    if paths:
        entries = [load_entry(path, Origin.EXTRA) for path in paths]
    else:
        entries = list(discover(extra).entries)
    checked = [(e.path, e.error.problems if e.error is not None else ()) for e in entries]
    return report_checked(checked, "routine", out, err)


def report_checked(
    checked: Sequence[tuple[Path, Sequence[object]]], kind: str, out: TextIO, err: TextIO
) -> int:
    """`runtimer check`'s report for one kind of file, given each file and its problems:
    `ok  PATH` for each good one, every problem of each broken one on stderr, then a
    count; exit 1 if any is broken."""
    failed = 0
    for path, problems in checked:
        if problems:
            failed += 1
            for problem in problems:
                print(shown(problem), file=err)
        else:
            print(f"ok  {shown(path)}", file=out)
    total = len(checked)
    files = f"{kind} file{'s' if total != 1 else ''}"
    if failed:
        verb = "has" if failed == 1 else "have"
        print(f"{failed} of {total} {files} {verb} problems", file=err)
        return EXIT_PROBLEM
    if total:
        print(f"all {total} {files} are valid" if total > 1 else f"the {files} is valid", file=out)
    return EXIT_OK


def cmd_new(name: str, folder: Path, out: TextIO, err: TextIO) -> int:
    """`runtimer new NAME`: the routine's file from the commented template."""
    from runtimer.core.template import NewRoutineError, create_routine

    try:
        path = create_routine(name, folder)
    except NewRoutineError as error:
        print(f"runtimer: {error.message}", file=err)
        return EXIT_USAGE if error.usage else EXIT_PROBLEM
    print(shown(path), file=out)
    return EXIT_OK
