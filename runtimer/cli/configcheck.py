"""`runtimer check` reads config.toml too.

A config with several mistakes is said in the menu as one notice with their number
(a stack of toasts outgrows an 80×24 screen and fades before it is read), and that
notice sends the user here to read them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from runtimer.cli.output import EXIT_OK, EXIT_PROBLEM, shown


def check_config(path: Path | None, out: TextIO, err: TextIO) -> int:
    """Every problem of config.toml (its values, and the sound files it names) as
    `path:line:col: message`; nothing when there is no config file."""
    from runtimer.core.audio.assets import load_sounds
    from runtimer.core.config import default_config_path, load_config

    path = path if path is not None else default_config_path()
    config, problems = load_config(path)
    if config.source is None and not problems:
        return EXIT_OK  # no config file: every setting at its default
    notices = [str(problem) for problem in problems]
    load_sounds(config.sound, notices)  # the WAV files it names: found and readable?
    for notice in notices:
        print(shown(notice), file=err)
    if notices:
        count = len(notices)
        print(f"{shown(path.name)} has {count} problem{'s' if count != 1 else ''}", file=err)
        return EXIT_PROBLEM
    print(f"ok  {shown(path)}", file=out)
    return EXIT_OK
