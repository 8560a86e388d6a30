"""Turning the bytes of a hand-editable TOML file into a document, safely.

Every TOML file runtimer reads (routines, logs, config, state) goes through here, so
they all accept the same things and fail the same way: UTF-8 with or without a byte
order mark, and for anything else a `TomlTextError` with a line and column, never a
traceback. `tomllib` itself lets three things escape as other exceptions, handled
here: a number of thousands of digits (`ValueError` from `int()`), lists nested
thousands deep (`RecursionError`), and a float so large it is infinite (accepted by
tomllib; callers check ranges). One more thing is refused before tomllib sees it: a
key of thousands of dotted parts (`a.a.a. ... = 1`), which tomllib reads in time that
grows with the square of its length (a 64 kB key takes 20 s, a 1 MiB one hours).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tomllib

# tomllib and the patterns below are needed to parse a file, not to read one the
# routine cache (`loader.documents`) already holds: they are imported and compiled
# on first use, which the menu's first paint usually never makes.
_LONG_NUMBER = r"[0-9_]{1000,}"
_DEEP_NESTING = r"(?:[\[{]\s*){100,}"
#: More dotted parts than any real key has (routines use 1 to 3), and few enough that
#: tomllib reads such a key in well under a second.
MAX_KEY_PARTS = 256
# A run of MAX_KEY_PARTS dotted key parts. It may only start where a key can (not in
# the middle of a bare word), and its groups are atomic, so the search stays linear.
_DOTTED_RUN = (
    r"(?<![A-Za-z0-9_-])(?:(?>[A-Za-z0-9_-]+|\"[^\"\n]*\"|'[^'\n]*')[ \t]*\.[ \t]*)"
    rf"{{{MAX_KEY_PARTS}}}"
)
# A one-line string, whose dots are text, not key separators.
_ONE_LINE_STRING = r'"(?:[^"\\\n]|\\.)*+"|\'[^\'\n]*+\''
BOM = "\ufeff"


@dataclass
class TomlTextError(Exception):
    """Why some bytes are not a TOML document; `line` and `column` are 1-based."""

    message: str
    line: int = 1
    column: int = 1
    syntax: tomllib.TOMLDecodeError | None = None  # tomllib's own error, to refine

    def __str__(self) -> str:
        return self.message


def decode_utf8(data: bytes) -> str:
    """The text of a UTF-8 file, without its byte order mark if it has one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]  # valid UTF-8 up to the bad byte
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :].decode("utf-8").lstrip(BOM)
        raise TomlTextError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); "
            "save it as UTF-8 in your editor",
            line,
            len(line_start) + 1,
        ) from None
    return text.removeprefix(BOM)


def parse_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads`, with every failure a TomlTextError.

    A syntax error carries tomllib's own exception in `syntax` (its message holds the
    position as text); the caller words it (see `loader`), or uses `message`.
    """
    import tomllib

    _refuse_long_keys(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TomlTextError(f"not valid TOML: {error}", syntax=error) from None
    except ValueError:
        line, column = _where(text, re.search(_LONG_NUMBER, text))
        raise TomlTextError(
            "not valid TOML: a number here has far too many digits", line, column
        ) from None
    except RecursionError:
        line, column = _where(text, re.search(_DEEP_NESTING, text))
        raise TomlTextError(
            "not valid TOML: lists or tables are nested far too deeply", line, column
        ) from None


def _refuse_long_keys(text: str) -> None:
    """TomlTextError for a key of more than MAX_KEY_PARTS dotted parts. Only lines with
    that many dots are searched, so an ordinary file costs one count of its dots."""
    if text.count(".") < MAX_KEY_PARTS:
        return
    offset = 0
    for line in text.split("\n"):
        if line.count(".") >= MAX_KEY_PARTS:
            # Strings stay as one key part each: a quoted key part may be dotted too.
            found = re.search(_DOTTED_RUN, re.sub(_ONE_LINE_STRING, '"s"', line))
            if found is not None:
                line_number = text.count("\n", 0, offset) + 1
                raise TomlTextError(
                    f"a key here has more than {MAX_KEY_PARTS} dotted parts; no real key has "
                    "so many (write it with fewer dots)",
                    line_number,
                    1,
                )
        offset += len(line) + 1


def _where(text: str, found: re.Match[str] | None) -> tuple[int, int]:
    """1-based line and column of a match (1, 1 if there is none)."""
    if found is None:
        return 1, 1
    start = found.start()
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, start - line_start + 1


def read_toml_bytes(data: bytes) -> dict[str, Any]:
    """Bytes of a TOML file to a document; TomlTextError for anything else."""
    return parse_toml(decode_utf8(data))
