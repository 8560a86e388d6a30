"""What every command shares about its output: exit statuses, and safe printing."""

from __future__ import annotations

from runtimer.core.safetext import terminal_safe

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
#: A workout log could not be saved and went to a rescue file (see `core.rescue`).
EXIT_UNSAVED = 3


def shown(value: object) -> str:
    """Anything from a file, a file name or the command line, as printed: safe for
    the terminal (see `safetext`)."""
    return terminal_safe(str(value))
