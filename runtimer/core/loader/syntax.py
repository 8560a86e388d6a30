"""From text to a TOML document, with every syntax error as a located `Problem`.

tomllib says what it expected where it gave up (`Invalid value (at line 3, column
8)`); a person needs to know what they did wrong and where they did it. So the
messages people meet most get a hint (`_SYNTAX_HINTS`), and a list or a quoted text
that is never closed is reported where it opens (`_left_open`), not where tomllib
noticed, lines later. The config reads its text through here too (`toml_problem`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runtimer.core.loader.source import RoutineError
from runtimer.core.tomlfile import TomlTextError, parse_toml
from runtimer.core.validate import Problem

if TYPE_CHECKING:
    import tomllib

    from runtimer.core.loader.documents import Documents

# The wording below is needed for a broken file only: the scanner it uses
# (`tomlscan`) is imported there, not while the menu's routines load.
_DECLARED_TWICE = r"Cannot declare \((.*)\) twice"
# Hints for the tomllib messages people meet most, by how the message starts.
_SYNTAX_HINTS = (
    ("Cannot overwrite a value", "a key is given twice in the same table; keep only one"),
    (
        "Illegal character '\\n'",
        'a quoted text is not closed on this line (use """ for text over several lines)',
    ),
    (  # what tomllib says of a '...' text left open when a ' follows later on
        "Found invalid character '\\n'",
        'a quoted text is not closed on this line (use """ for text over several lines)',
    ),
    ("Unterminated string", "a quoted text is never closed"),
    ('Expected "\'"', "a quoted text is never closed"),
    # A list that is never closed is reported where it opens (see _left_open), so what
    # is left is most often a missing comma.
    ("Unclosed array", "the items of a list need commas between them, and ] after the last"),
    (
        "Invalid value",
        'a value is a number, true, false, "text in quotes" or a [list]; '
        'text needs its quotes: name = "Squats"',
    ),
)

# What tomllib says when the text ends inside a string, by the quotes that open it.
_UNTERMINATED = {
    "Unterminated string": ('"', '"""'),
    'Expected "\'"': ("'",),
    "Expected \"'''\"": ("'''",),
}


def parse_document(text: str, path: Path, documents: Documents | None = None) -> dict[str, Any]:
    """The routine text as a TOML document; RoutineError if it is empty, only
    comments, or not valid TOML. `documents`: the cache of documents parsed before,
    asked first and given what is parsed."""
    if not text.strip():
        raise RoutineError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "the file is empty; a routine needs a name and at least one "
                    "[[exercise]] (runtimer new NAME writes a commented example)",
                )
            ]
        )
    document = documents.get(path, text) if documents is not None else None
    if document is None:
        try:
            document = parse_toml(text)
        except TomlTextError as error:
            raise RoutineError([toml_problem(error, text, path)]) from None
        if documents is not None:
            documents.put(path, text, document)
    if not document:
        raise RoutineError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "the file has only comments; a routine needs a name and at least one "
                    "[[exercise]] (runtimer new NAME writes a commented example)",
                )
            ]
        )
    return document


def toml_problem(error: TomlTextError, text: str, path: Path) -> Problem:
    """Why `text` is not a TOML document (from `tomlfile.parse_toml`), located."""
    if error.syntax is not None:
        return _syntax_problem(error.syntax, text, path)
    return Problem(path, error.line, error.column, error.message)


def _syntax_problem(error: tomllib.TOMLDecodeError, text: str, path: Path) -> Problem:
    from runtimer.core.tomlscan import split_toml_error

    message, at_line, at_column, at_end = split_toml_error(str(error))
    left_open = _left_open(message, text, at_line, at_end)
    if left_open is not None:
        line, column, explanation = left_open
        return Problem(path, line, column, f"not valid TOML: {explanation}")
    # Split on "\n" only, as TOML does: str.splitlines() also breaks at characters
    # such as U+2028 that may stand inside a string, which would shift line numbers.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    line, column = at_line or 1, at_column or 1
    if at_end:
        line, column = len(lines), len(lines[-1]) + 1
    hint = next(
        (hint for start, hint in _SYNTAX_HINTS if message.startswith(start)),
        "check the quotes, brackets and '=' here",
    )
    declared = re.match(_DECLARED_TWICE, message)
    if declared:  # tomllib names the table as a Python tuple: ('exercise',)
        table = ".".join(re.findall(r"'((?:[^'\\]|\\.)*)'", declared.group(1)))
        message = f"[{table}] appears twice"
        hint = (
            "write each exercise as [[exercise]] (double brackets)"
            if table == "exercise"
            else f"keep one [{table}] and put all its keys under it"
        )
    if message.startswith("Cannot overwrite a value") and 0 < line <= len(lines):
        # tomllib points after the value; the duplicated key starts the line.
        here = lines[line - 1]
        column = len(here) - len(here.lstrip()) + 1
    return Problem(path, line, column, f"not valid TOML: {message}; {hint}")


def _left_open(
    message: str, text: str, at_line: int | None, at_end: bool
) -> tuple[int, int, str] | None:
    """A list or a quoted text that is never closed, as (line, column, explanation) of
    where it opens: tomllib only notices it where it gives up, lines later or at the
    end of the file. None when that is not the mistake, or it cannot be found."""
    from runtimer.core.tomlscan import unclosed_list, unclosed_string

    if message in ("Unclosed array", "Invalid value") and (at_end or at_line is not None):
        # "Invalid value" too: after `cues = ["a",` tomllib reads the next key as a value.
        opened = unclosed_list(text, None if at_end else at_line)
        if opened is not None:
            line, column = opened
            return line, column, "the list opened here is never closed; add ] after its last item"
    if at_end and message in _UNTERMINATED:
        found = unclosed_string(text)
        if found is not None and found[2] in _UNTERMINATED[message]:
            line, column, quotes = found
            where = "" if len(quotes) == 3 else " on the same line"
            return (
                line,
                column,
                f"the text in quotes that starts here with {quotes} is never closed; "
                f"end it with {quotes}{where}",
            )
    return None
