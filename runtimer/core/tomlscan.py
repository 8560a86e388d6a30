"""Scanning TOML text for what `tomllib` does not say: where things stand.

`tomllib` returns plain dicts without positions. `key_offsets` makes one pass over the
text and records where each key and table header starts, and where each table or list
inside a list starts (`exercise = [{ ... }, { ... }]`). It follows strings, comments,
lists and inline tables, so text inside a string is never taken for a key. Whatever
the text, it never raises and its time grows linearly with the text's length.

For syntax errors, `unclosed_list` and `unclosed_string` find where a list or a string
that is never closed opens: tomllib only says where it gave up, often lines later.

Only a problem needs this module (see `positions`), so it is not imported, nor its
patterns compiled, while the menu's routines load.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

#: A key path: table and key names, and the index of a table in an array of tables,
#: as in `("exercise", 1, "reps")`.
Path = tuple[str | int, ...]

# Paths longer than this are never mapped (a lookup falls back to the longest mapped
# part), and values nested deeper are skipped: this keeps absurd documents such as
# `[a.a.a. ... .a]` linear, and bounds the recursion.
_MAX_PATH = 32

# Spaces, line ends and comments. Possessive (*+) so that a long run keeps no
# backtracking state: `(?:[ \t\n]|#.*)*` would hold memory for each character.
_BLANK = re.compile(r"[ \t\r\n]*+(?:#[^\n]*+[ \t\r\n]*+)*+")
_SPACES = re.compile(r"[ \t]*")
_DOT = re.compile(r"[ \t]*\.[ \t]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^,\]}#\n]*")  # a number, boolean or date: up to what ends it
_BASIC_STRING = re.compile(r'"(?:[^"\\\n]++|\\[^\n])*+"')
_LITERAL_STRING = re.compile(r"'[^'\n]*+'")
# The text of a multi-line basic string, up to its closing quotes (or the end).
_MULTI_LINE_BASIC_TEXT = re.compile(r'(?:[^"\\]++|\\.|"(?!""))*+', re.DOTALL)
_STRING_OR_COMMENT = re.compile(r"[\"'#]")
_BRACKET_STRING_OR_COMMENT = re.compile(r"[\[\]{}\"'#]")

# tomllib in Python 3.11 to 3.13 reads TOML 1.0, which has no \e or \xHH (TOML 1.1):
# it refuses a document using them, so they are not decoded here either.
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.?))", re.DOTALL)
_SHORT_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}

_KEY_PART = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]++|\\.)*+"|'[^'\n]*+')"""
_KEY = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*+"
# A line that starts a key/value pair or a table header, which no list can contain.
_STATEMENT = re.compile(
    rf"[ \t]*(?:{_KEY}[ \t]*=|\[\[?[ \t]*{_KEY}[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z))"
)


def key_offsets(text: str) -> dict[Path, int]:
    """Each key path's offset in `text`: `("exercise", 1, "reps")` for the reps of the
    second exercise. The first occurrence of a path wins."""
    return _Scanner(text).document()


def unclosed_list(text: str, line: int | None = None) -> tuple[int, int] | None:
    """(line, column) of the `[` of a list that is never closed, or None.

    With `line`, the line where a parser gave up: it counts only if that line starts a
    key/value pair or a table header (which cannot stand in a list, so the list's `]`
    was forgotten before it). Without it, the text ends inside the list. Either way the
    list is the innermost bracket still open there, and no later `]` may close it."""
    lines = Lines(text)
    stop = len(text)
    if line is not None:
        start = lines.start(line)
        if start is None or not _STATEMENT.match(text, start):
            return None
        stop = start
    stack: list[int] = []  # the offsets of the brackets open so far
    opened: int | None = None  # the innermost one open at `stop`, once passed
    level = 0  # how many were open there
    for offset, char in _brackets(text):
        if opened is None and offset >= stop:
            opened, level = _innermost_list(text, stack), len(stack)
            if opened is None:
                return None
        if char in "[{":
            stack.append(offset)
        elif stack:
            stack.pop()
            if len(stack) < level:
                return None  # closed after all: the mistake is something else
    if opened is None:
        opened = _innermost_list(text, stack)
    return None if opened is None else lines.position(opened)


def _innermost_list(text: str, stack: list[int]) -> int | None:
    """The innermost open bracket, if it opens a list (not an inline table)."""
    return stack[-1] if stack and text[stack[-1]] == "[" else None


def unclosed_string(text: str) -> tuple[int, int, str] | None:
    """(line, column, opening quotes) of the first string never closed, or None.

    A one-line string must close on its line; a multi-line one before the text ends."""
    i = 0
    while found := _STRING_OR_COMMENT.search(text, i):
        start = found.start()
        if found.group() == "#":
            i = _line_end(text, start)
            continue
        i, closed = _string_end(text, start)
        if not closed:
            quote = text[start]
            delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
            line, column = Lines(text).position(start)
            return line, column, delimiter
    return None


class Lines:
    """Turns offsets into 1-based (line, column); lines end at "\\n" only, as in TOML.
    (str.splitlines() would also break at U+2028 or U+0085, which may stand in a string.)"""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(found.end() for found in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def start(self, line: int) -> int | None:
        return self._starts[line - 1] if 1 <= line <= len(self._starts) else None


class _Scanner:
    """One pass over a document: statements, then the values inside them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.where: dict[Path, int] = {}
        self.counts: dict[Path, int] = {}  # how many of each [[array]] so far

    def document(self) -> dict[Path, int]:
        table: Path = ()
        while self.skip(_BLANK) < len(self.text):
            if self.text[self.pos] == "[":
                table = self.header(table)
            else:
                self.key_value(table)
            self.skip_to_next_line()  # past a comment, or whatever a mistake left
        return self.where

    # -- moving on -------------------------------------------------------------------

    def skip(self, pattern: re.Pattern[str]) -> int:
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()
        return self.pos

    def skip_to_next_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    def mark(self, path: Path, offset: int) -> None:
        self.where.setdefault(path, offset)  # the first occurrence wins

    # -- statements ------------------------------------------------------------------

    def header(self, table: Path) -> Path:
        """`[a.b]` or `[[a.b]]`: the table that the following keys belong to."""
        start = self.pos
        close = "]]" if self.text.startswith("[[", start) else "]"
        self.pos += len(close)
        self.skip(_SPACES)
        parts = self.key()
        self.skip(_SPACES)
        if parts is None or not self.text.startswith(close, self.pos):
            return table
        self.pos += len(close)
        if close == "]]":
            names = _clip((*self.resolve(parts[:-1]), parts[-1]))
            index = self.counts.get(names, 0)
            self.counts[names] = index + 1
            table = (*names, index)
        else:
            table = self.resolve(parts)
        # [exercise.squats] also marks where `exercise` is, for messages about it.
        for end in range(1, min(len(table), _MAX_PATH) + 1):
            self.mark(table[:end], start)
        return _clip(table)

    def resolve(self, names: list[str]) -> Path:
        """`[exercise.x]` means x of the *latest* [[exercise]]: insert its index."""
        path: Path = ()
        for name in names[: _MAX_PATH + 1]:  # what lies deeper is never mapped
            path = (*path, name)
            if path in self.counts:
                path = (*path, self.counts[path] - 1)
        return _clip(path)

    def key_value(self, table: Path) -> bool:
        start = self.pos
        parts = self.key()
        if parts is None or self.skip(_SPACES) >= len(self.text):
            return False
        if self.text[self.pos] != "=":
            return False
        self.pos += 1
        self.skip(_SPACES)
        path = _clip((*table, *parts))
        # `load.x = 1` also marks where `load` is, for messages about it.
        for end in range(len(table) + 1, min(len(path), _MAX_PATH) + 1):
            self.mark(path[:end], start)
        self.value(path)
        return True

    def key(self) -> list[str] | None:
        """A dotted key's parts, quoted ones decoded as tomllib decodes them."""
        parts: list[str] = []
        while True:
            part = self.key_part()
            if part is None:
                return None
            parts.append(part)
            dot = _DOT.match(self.text, self.pos)
            if dot is None:
                return parts
            self.pos = dot.end()

    def key_part(self) -> str | None:
        text, start = self.text, self.pos
        bare = _BARE_KEY.match(text, start)
        if bare:
            self.pos = bare.end()
            return bare.group()
        if text[start : start + 1] not in ('"', "'"):
            return None
        self.pos, closed = _one_line_string_end(text, start)
        if not closed:
            return None
        body = text[start + 1 : self.pos - 1]
        return _unescape(body) if text[start] == '"' else body

    # -- values ----------------------------------------------------------------------

    def value(self, path: Path) -> None:
        char = self.text[self.pos : self.pos + 1]
        if char in ('"', "'"):
            self.pos = _string_end(self.text, self.pos)[0]
        elif char in ("[", "{") and len(path) >= _MAX_PATH:
            self.pos = _nested_end(self.text, self.pos)
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            self.skip(_SCALAR)

    def array(self, path: Path) -> None:
        """`[a, {...}, [...]]`: marks where each table or list in it starts."""
        self.pos += 1
        index = 0
        while self.skip(_BLANK) < len(self.text):
            start = self.pos
            char = self.text[start]
            if char == "]":
                self.pos += 1
                return
            if char == ",":
                self.pos += 1
                continue
            if char in "[{":
                self.mark((*path, index), start)
            self.value((*path, index))
            index += 1
            if self.pos == start:
                return  # not a value: a mistake, left to the statement loop to skip

    def inline_table(self, path: Path) -> None:
        """`{ a = 1, b.c = 2 }`: its keys, marked at their own columns."""
        self.pos += 1
        while self.skip(_BLANK) < len(self.text):
            start = self.pos
            if self.text[start] == "}":
                self.pos += 1
                return
            if self.text[start] == ",":
                self.pos += 1
            elif not self.key_value(path):
                return  # a mistake, left to the statement loop to skip


# -- strings, comments and brackets ---------------------------------------------------


def _clip(path: Path) -> Path:
    """A path too long to be mapped, cut short (and still too long): cheap to extend."""
    return path if len(path) <= _MAX_PATH else path[: _MAX_PATH + 1]


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _string_end(text: str, start: int) -> tuple[int, bool]:
    """Where the text goes on after the string whose first quote is at `start`, and
    whether the string is closed: a one-line string that is not closed ends with its
    line, a multi-line one with the text."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        return _multi_line_string_end(text, start + 3, quote)
    return _one_line_string_end(text, start)


def _one_line_string_end(text: str, start: int) -> tuple[int, bool]:
    string = _BASIC_STRING if text[start] == '"' else _LITERAL_STRING
    found = string.match(text, start)
    if found:
        return found.end(), True
    return _line_end(text, start), False


def _multi_line_string_end(text: str, i: int, quote: str) -> tuple[int, bool]:
    delimiter = quote * 3
    if quote == "'":
        end = text.find(delimiter, i)
    else:
        found = _MULTI_LINE_BASIC_TEXT.match(text, i)
        end = found.end() if found and text.startswith(delimiter, found.end()) else -1
    if end < 0:
        return len(text), False
    end += 3
    # Up to two more quotes belong to the text: """say "hi"""" ends with a quote.
    for _ in range(2):
        if text.startswith(quote, end):
            end += 1
    return end, True


def _brackets(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """The offset and character of each [ ] { } from `start` on, outside strings and
    comments."""
    i = start
    while found := _BRACKET_STRING_OR_COMMENT.search(text, i):
        char, i = found.group(), found.end()
        if char == "#":
            i = _line_end(text, i)
        elif char in "\"'":
            i = _string_end(text, found.start())[0]
        else:
            yield found.start(), char


def _nested_end(text: str, start: int) -> int:
    """The offset just past the list or inline table opening at `start`."""
    depth = 0
    for offset, char in _brackets(text, start):
        depth += 1 if char in "[{" else -1
        if depth <= 0:
            return offset + 1
    return len(text)


def _unescape(body: str) -> str:
    """A basic string's text with its escapes (\\n, \\u00e9, ...) decoded; unchanged
    if one is invalid, as tomllib then refuses the whole document anyway."""
    if "\\" not in body:
        return body
    pieces: list[str] = []
    last = 0
    for escape in _ESCAPE.finditer(body):
        char = _escaped(escape)
        if char is None:
            return body
        pieces += (body[last : escape.start()], char)
        last = escape.end()
    pieces.append(body[last:])
    return "".join(pieces)


def _escaped(escape: re.Match[str]) -> str | None:
    digits = escape.group(1) or escape.group(2)
    if digits is None:
        return _SHORT_ESCAPES.get(escape.group(3))
    code = int(digits, 16)
    # tomllib accepts only Unicode scalar values: no surrogates, nothing past U+10FFFF.
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None


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
