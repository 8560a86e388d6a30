"""Text from files is data: these make it safe to show and to hand to a spreadsheet.

A routine name, a cue, a log's unit or a file name may hold anything a text editor (or
an attacker) can put in a file, including terminal control sequences: ESC starts
sequences that set the window title, clear the screen or write the clipboard (OSC 52),
BEL rings, a carriage return overwrites the line. Printed raw they act on the user's
terminal. `terminal_safe` is the one function that turns such text into something
that only ever *shows*: every C0 and C1 control character and DEL becomes a visible
escape such as `\\x1b`, and so do the invisible Unicode controls that reorder text
(bidirectional overrides). Newlines survive only where a field is multi-line.

`slugify` makes a name safe as a file name (routines, workout logs): whatever it holds
(`../../etc/x`, NUL, 300 characters), the result cannot leave its folder.

`spreadsheet_safe` does the same job for CSV: a cell that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets
(`=HYPERLINK(...)`), so it is prefixed with `'`, which they show as plain text.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and the bidirectional embedding, override and isolate
# controls (U+202A-U+202E, U+2066-U+2069) that make a terminal show text out of order.
# Compiled (by `re`, once) when a text first has one: most never do.
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_UNSAFE_KEEP_NEWLINES = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str, *, multiline: bool = False) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\x07`).

    With `multiline=True` newlines are kept (a routine's description, its notes) and a
    Windows line end (CRLF) counts as one newline; everywhere else a newline is shown
    as `\\x0a`, so a name can never start a line of its own. Undecodable bytes of file
    names (surrogate escapes) are shown as `\\udcxx` rather than raising.
    """
    if text.isprintable():
        # The common case, cheaply: every character escaped below (controls, bidi
        # controls, surrogates) is one that str.isprintable() refuses.
        return text
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if multiline:
        text = text.replace("\r\n", "\n")
        return re.sub(_UNSAFE_KEEP_NEWLINES, _escape, text)
    return re.sub(_UNSAFE, _escape, text)


def spreadsheet_safe(cell: str) -> str:
    """A CSV text cell that a spreadsheet shows as text, never runs as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


# Names Windows keeps for devices, with any extension: `con.toml` cannot be created.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{kind}{n}" for kind in ("com", "lpt") for n in range(1, 10)]
)


def slugify(name: str, *, limit: int, fallback: str) -> str:
    """`Tom's "hard" day` -> `tom-s-hard-day`: a plain file-name part, never empty.

    Accents are dropped (`Échauffement` -> `echauffement`) but letters of other scripts
    are kept (`脚の日` stays), so two non-Latin names do not both become `fallback`.
    Only letters, digits and single hyphens remain, so no slash, dot or control
    character can take a file out of its folder; a name Windows keeps for a device
    (`CON`) gets the fallback added.
    """
    import unicodedata  # only to name a new file, never before the menu's first paint

    decomposed = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = re.sub(r"[\W_]+", "-", plain).strip("-")
    slug = slug[:limit].strip("-") or fallback
    return f"{slug}-{fallback}" if slug in _RESERVED else slug
