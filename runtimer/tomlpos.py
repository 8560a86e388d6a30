"""Where keys stand in a TOML document, so errors can name a line and column.

`tomllib` returns plain dicts without positions. This scanner reads the text line by
line and records where each key and table header starts. It understands what hand
written routines use (tables, arrays of tables, dotted keys, multi-line strings and
arrays); for anything fancier a lookup falls back to the nearest enclosing key.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*"
_ARRAY_HEADER = re.compile(rf"\s*\[\[\s*({_KEY})\s*\]\]")
_TABLE_HEADER = re.compile(rf"\s*\[\s*({_KEY})\s*\]")
_KEY_LINE = re.compile(rf"(\s*)({_KEY})\s*=")
_KEY_PART = re.compile(rf"{_BARE}|{_QUOTED}")


def _split_key(key: str) -> list[str]:
    parts = []
    for raw in _KEY_PART.findall(key):
        if raw[0] in "\"'":
            raw = raw[1:-1]
        parts.append(raw)
    return parts


class Positions:
    """Maps key paths like `("exercise", 1, "reps")` to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self._where: dict[Path, tuple[int, int]] = {}
        self._scan(text)

    def find(self, path: Path) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor found; (1, 1) at worst."""
        probe = tuple(path)
        while probe:
            if probe in self._where:
                return self._where[probe]
            probe = probe[:-1]
        return (1, 1)

    def _scan(self, text: str) -> None:
        counts: dict[Path, int] = {}
        table: Path = ()
        depth = 0  # open brackets/braces carried over from earlier lines
        in_string: str | None = None  # the delimiter of an open multi-line string

        def resolve(names: list[str]) -> Path:
            """`[exercise.x]` means x of the *latest* [[exercise]]: insert its index."""
            path: Path = ()
            for name in names:
                path = (*path, name)
                if path in counts:
                    path = (*path, counts[path] - 1)
            return path

        # Split on "\n" only, as TOML counts lines: str.splitlines() also breaks at
        # U+2028 or U+0085, which may stand inside a string.
        for number, line in enumerate(text.split("\n"), start=1):
            if in_string is not None:
                end = line.find(in_string)
                if end < 0:
                    continue
                rest = line[end + 3 :]
                in_string = None
                depth, in_string = _carry(rest, depth)
                continue
            if depth == 0:
                array = _ARRAY_HEADER.match(line)
                header = None if array else _TABLE_HEADER.match(line)
                if array:
                    parts = _split_key(array.group(1))
                    names = (*resolve(parts[:-1]), parts[-1])
                    index = counts.get(names, 0)
                    counts[names] = index + 1
                    table = (*names, index)
                    self._where.setdefault(table, (number, line.index("[") + 1))
                    self._where.setdefault(names, (number, line.index("[") + 1))
                    continue
                if header:
                    table = resolve(_split_key(header.group(1)))
                    self._where.setdefault(table, (number, line.index("[") + 1))
                    continue
                key = _KEY_LINE.match(line)
                if key:
                    parts = _split_key(key.group(2))
                    # `load.x = 1` also marks where `load` is, for messages about it.
                    where = (number, len(key.group(1)) + 1)
                    for end in range(1, len(parts) + 1):
                        self._where.setdefault((*table, *parts[:end]), where)
                    depth, in_string = _carry(line[key.end() :], 0)
                    continue
            depth, in_string = _carry(line, depth)


def _carry(fragment: str, depth: int) -> tuple[int, str | None]:
    """Bracket depth after `fragment`, skipping strings and comments; also reports a
    multi-line string left open at the end of the fragment."""
    i = 0
    n = len(fragment)
    while i < n:
        char = fragment[i]
        if char == "#":
            break
        if fragment.startswith('"""', i) or fragment.startswith("'''", i):
            delimiter = fragment[i : i + 3]
            end = fragment.find(delimiter, i + 3)
            if end < 0:
                return depth, delimiter
            i = end + 3
            continue
        if char in "\"'":
            i += 1
            while i < n and fragment[i] != char:
                i += 2 if char == '"' and fragment[i] == "\\" else 1
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        i += 1
    return depth, None


_ERROR_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_ERROR_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def split_toml_error(message: str) -> tuple[str, int | None, int | None, bool]:
    """tomllib puts the position in its message text: `Invalid value (at line 3,
    column 8)`. Returns (message without it, line, column, at end of document)."""
    match = _ERROR_AT.search(message)
    if match:
        return message[: match.start()], int(match.group(1)), int(match.group(2)), False
    end = _ERROR_AT_END.search(message)
    if end:
        return message[: end.start()], None, None, True
    return message, None, None, False
