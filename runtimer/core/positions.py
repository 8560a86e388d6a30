"""Where keys stand in a TOML document, so errors can name a line and column.

`Positions` is built for every file read, and asked only when the file has a problem:
the scanner (`tomlscan`) is imported and run on the first question, so a good file,
and the menu's first paint, never pay for it. For anything the scanner cannot place,
a lookup falls back to the nearest enclosing key.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runtimer.core.tomlscan import Lines, Path


class Positions:
    """Maps key paths like `("exercise", 1, "reps")` to 1-based (line, column).

    The text is scanned on the first `find`: a file without a problem never asks, and
    the menu's routines are loaded before its first paint (the scan was 40 % of it)."""

    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def _where(self) -> dict[Path, int]:
        """Each key path's offset in the text."""
        from runtimer.core.tomlscan import key_offsets

        return key_offsets(self._text)

    @cached_property
    def _lines(self) -> Lines:
        from runtimer.core.tomlscan import Lines

        return Lines(self._text)

    def find(self, path: Path) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor found; (1, 1) at worst."""
        where = self._where
        probe = tuple(path)
        while probe:
            if probe in where:
                return self._lines.position(where[probe])
            probe = probe[:-1]
        return (1, 1)
