"""Reading a routine file: its text, or a RoutineError for files that are not routine
text at all (missing, a folder, a FIFO, far too big, not UTF-8)."""

from __future__ import annotations

from pathlib import Path

from runtimer.core.safefile import FileReadError, read_regular
from runtimer.core.tomlfile import TomlTextError, decode_utf8
from runtimer.core.validate import FileProblems, Problem

MAX_FILE_BYTES = 1024 * 1024


class RoutineError(FileProblems):
    """A routine file that cannot be used; carries every problem found in it."""


def read_routine_text(path: Path) -> str:
    """The file's text, or a RoutineError for files that are not routine text at all."""

    def fail(message: str, line: int = 1, column: int = 1) -> RoutineError:
        return RoutineError([Problem(path, line, column, message)])

    try:
        data, _file_id = read_regular(path, MAX_FILE_BYTES)
    except FileReadError as error:
        if error.missing:
            raise fail(
                "no such file; check the path (runtimer list shows every routine found)"
            ) from None
        if error.size is not None:
            raise fail(
                f"the file is {error.size:,} bytes; a routine file must be at most 1 MiB "
                f"({MAX_FILE_BYTES:,} bytes), so this is probably not a routine"
            ) from None
        if error.reason.startswith("a folder"):
            raise fail(
                "this is a folder, not a routine file; give the path of a .toml file"
            ) from None
        if error.detail == error.reason:  # a FIFO, device or socket: it would block
            raise fail("this is not a regular file; give the path of a .toml file") from None
        raise fail(f"cannot read the file: {error.detail}") from None
    try:
        return decode_utf8(data)
    except TomlTextError as error:
        raise fail(error.message, error.line, error.column) from None
