"""Make bracketed pastes safe before Textual's input parser sees them.

A terminal in bracketed-paste mode (which Textual turns on with ``ESC [ ? 2004 h``)
wraps pasted text in ``ESC [ 200 ~`` ... ``ESC [ 201 ~``. Textual 8.2.8's parser
(``textual._xterm_parser.XTermParser.parse``) reads an ESC *inside* the paste as the
start of an escape sequence and, when that sequence means nothing, re-issues its
characters as key presses: pasting ``e<ESC>ee`` into the menu ran the editor key
``e`` twice, and the characters after the ESC were missing from the paste.

`PasteFilter` sits in front of that parser. It is fed the decoded terminal input one
chunk at a time, as the driver reads it, and returns what the parser should see:

* Outside a paste every character passes through unchanged, at once: nothing is held
  back, so a lone ESC key still reaches the parser (which has its own timeout for it).
* The paste start and end markers pass through unchanged, so the parser still sees
  one paste and emits one ``events.Paste``. A marker split across chunks is found:
  the filter remembers a partial start marker (already passed on), and holds back a
  partial *end* marker at the end of a chunk (at most five characters, only inside a
  paste) until the next chunk says whether it is one.
* Inside a paste each control character (Unicode category Cc: C0, DEL and C1) except
  tab, newline and carriage return is replaced by a visible placeholder, so the
  parser sees no ESC but the end marker's. See `placeholder` for the mapping.
* Odd input is handled as text: a start marker inside a paste is pasted text
  (``␛[200~``), and an end marker outside a paste is passed on (Textual ignores it).

The filter tracks the markers by text alone. Textual's parser does the same but
gives up on a half-received escape sequence after ``ESCDELAY`` (100 ms); a terminal
writes a whole marker at once, so in practice both agree, and if a start marker ever
did arrive too slowly to count for Textual, the next end marker brings the two back
in step.

Pure Python, no Textual import: it is tested on its own (tests/test_paste.py).
"""

from __future__ import annotations

from typing import Final

PASTE_START: Final = "\x1b[200~"
"""What the terminal sends before pasted text (Textual's BRACKETED_PASTE_START)."""
PASTE_END: Final = "\x1b[201~"
"""What the terminal sends after pasted text (Textual's BRACKETED_PASTE_END)."""

ESC_PLACEHOLDER: Final = "\u241b"
"""``␛`` SYMBOL FOR ESCAPE: what an ESC inside a paste becomes."""
C1_PLACEHOLDER: Final = "\ufffd"
"""``�`` REPLACEMENT CHARACTER: what a C1 control (U+0080-U+009F) inside a paste
becomes; Unicode has no pictures for them."""
KEPT: Final = frozenset("\t\n\r")
"""Control characters a paste keeps as they are."""


def placeholder(character: str) -> str:
    """What a character inside a paste becomes.

    * C0 controls U+0001-U+001F become their Control Pictures (U+2401-U+241F), e.g.
      ESC -> ``␛`` (U+241B), BEL -> ``␇``, BS -> ``␈``; DEL becomes ``␡`` (U+2421).
    * C1 controls U+0080-U+009F become ``�`` (U+FFFD).
    * NUL is dropped, as Textual itself drops it from pastes (textual#1661).
    * Tab, newline, carriage return and everything else stay as they are.
    """
    code = ord(character)
    if character in KEPT:
        return character
    if code == 0:
        return ""
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code <= 0x9F:
        return C1_PLACEHOLDER
    return character


_CLEAN: Final[dict[int, str]] = {
    code: placeholder(chr(code))
    for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))
    if chr(code) not in KEPT
}


def clean(text: str) -> str:
    """`text` with every character replaced by its `placeholder`."""
    return text.translate(_CLEAN)


def _partial(text: str, marker: str) -> int:
    """The length of the longest end of `text` that is a proper start of `marker`."""
    for size in range(min(len(text), len(marker) - 1), 0, -1):
        if text.endswith(marker[:size]):
            return size
    return 0


class PasteFilter:
    """Cleans the inside of bracketed pastes in a stream of terminal input.

    Feed it each decoded chunk of input with `feed`; give the parser what it returns
    (which may be empty while part of an end marker is held back: do not feed an empty
    string to Textual's parser, that means end of input). `flush` returns anything
    still held back, for the end of the input.
    """

    def __init__(self) -> None:
        self._in_paste = False
        self._seen = ""  # outside: the partial start marker at the end of the last chunk
        self._held = ""  # inside: the partial end marker held back from the last chunk

    @property
    def in_paste(self) -> bool:
        """Whether the input so far is in the middle of a paste."""
        return self._in_paste

    def feed(self, chunk: str) -> str:
        """The parser's view of the next chunk of input."""
        out: list[str] = []
        text = chunk
        while text:
            if self._in_paste:
                text = self._inside(self._held + text, out)
            else:
                text = self._outside(text, out)
        return "".join(out)

    def flush(self) -> str:
        """What is still held back (the input ended inside a paste), cleaned."""
        held, self._held = self._held, ""
        return clean(held)

    def _outside(self, text: str, out: list[str]) -> str:
        """Pass `text` on up to and including a start marker; return what follows it."""
        seen = self._seen
        both = seen + text
        found = both.find(PASTE_START)
        if found < 0:
            out.append(text)
            self._seen = both[len(both) - _partial(both, PASTE_START) :]
            return ""
        end = found + len(PASTE_START) - len(seen)  # >= 1: the marker ends in `text`
        out.append(text[:end])
        self._seen = ""
        self._in_paste = True
        return text[end:]

    def _inside(self, text: str, out: list[str]) -> str:
        """Clean `text` up to an end marker and pass the marker on; return what follows
        it. A possible end marker cut off by the end of `text` is held back."""
        self._held = ""
        start = 0
        while True:
            escape = text.find("\x1b", start)
            if escape < 0:
                out.append(clean(text))
                return ""
            if text.startswith(PASTE_END, escape):
                out.append(clean(text[:escape]))
                out.append(PASTE_END)
                self._in_paste = False
                return text[escape + len(PASTE_END) :]
            if len(text) - escape < len(PASTE_END) and PASTE_END.startswith(text[escape:]):
                out.append(clean(text[:escape]))  # cut off: wait for the next chunk
                self._held = text[escape:]
                return ""
            start = escape + 1  # an ESC that is pasted text: cleaned with the rest


__all__ = [
    "C1_PLACEHOLDER",
    "ESC_PLACEHOLDER",
    "PASTE_END",
    "PASTE_START",
    "PasteFilter",
    "clean",
    "placeholder",
]
