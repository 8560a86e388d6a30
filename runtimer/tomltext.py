"""Turning the bytes of a hand-editable TOML file into a document, safely.

Every TOML file runtimer reads (routines, logs, config, state) goes through here, so
they all accept the same things and fail the same way: UTF-8 with or without a byte
order mark, and for anything else a `TomlTextError` with a line and column, never a
traceback. `tomllib` itself lets three things escape as other exceptions, handled
here: a number of thousands of digits (`ValueError` from `int()`), lists nested
thousands deep (`RecursionError`), and a float so large it is infinite (accepted by
tomllib; callers check ranges).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

_LONG_NUMBER = re.compile(r"[0-9_]{1000,}")
_DEEP_NESTING = re.compile(r"(?:[\[{]\s*){100,}")
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
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TomlTextError(f"not valid TOML: {error}", syntax=error) from None
    except ValueError:
        line, column = _where(text, _LONG_NUMBER.search(text))
        raise TomlTextError(
            "not valid TOML: a number here has far too many digits", line, column
        ) from None
    except RecursionError:
        line, column = _where(text, _DEEP_NESTING.search(text))
        raise TomlTextError(
            "not valid TOML: lists or tables are nested far too deeply", line, column
        ) from None


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
