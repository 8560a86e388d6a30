"""Which program edits a routine: `$VISUAL`, then `$EDITOR`, then one the platform has.

The variables hold a command line, split the way the platform's own shell would:
POSIX quoting elsewhere, Windows rules on Windows (where backslashes are path
separators, not escapes, and only double quotes group words).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys


def split_command(value: str) -> list[str]:
    """`value` as a program and its arguments, by the platform's rules."""
    if sys.platform == "win32":
        return [_unquote(word) for word in shlex.split(value, posix=False)]
    return shlex.split(value)


def _unquote(word: str) -> str:
    """`"C:\\Program Files\\x.exe"` without its quotes (shlex keeps them on Windows)."""
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'":
        return word[1:-1]
    return word


def fallback_editor() -> list[str] | None:
    """An editor every machine of the platform has: Notepad on Windows, the default
    text editor on macOS (`open -W -t` waits until it is closed), else nano or vi."""
    if sys.platform == "win32":
        return ["notepad"]
    if sys.platform == "darwin":
        return ["open", "-W", "-t"]
    for name in ("nano", "vi"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def editor_command() -> list[str] | None:
    """The user's editor from $VISUAL or $EDITOR, else the platform's (see above);
    None when there is none. A variable that cannot be split (an unclosed quote) is
    passed over."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                words = split_command(value)
            except ValueError:
                continue
            if words:
                return words
    return fallback_editor()
