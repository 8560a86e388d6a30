"""Text made fit to speak: no control characters, no markup, not too long.

What the voice says comes partly from routine files (exercise names), which may hold
anything a text editor can put there. A speech program reads its text as data (it is
one argv element, or an environment variable for PowerShell, never a shell line), but
control characters could still upset it, macOS `say` reads `[[...]]` as commands to
itself, and a name of a thousand characters would keep the voice talking through the
next set. `speakable` removes all three.
"""

from __future__ import annotations

import re
import unicodedata

#: The longest exercise name the voice reads out; longer ones are cut at a word.
MAX_NAME = 80
#: The longest phrase a speaker says (a rest phrase is well under this).
MAX_PHRASE = 300

# Every C0/C1 control, DEL, the bidirectional controls, and the line and paragraph
# separators: each becomes a space. `[[` and `]]` open and close macOS `say` commands.
_UNSPOKEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\\[\\[|\\]\\]")
_SPACES = re.compile(r"\s+")


def speakable(text: str, limit: int = MAX_PHRASE) -> str:
    """`text` on one line, without control characters or `say` commands, cut to at
    most `limit` characters (at a word when there is one), stripped."""
    text = unicodedata.normalize("NFC", text.encode("utf-8", "replace").decode("utf-8"))
    text = _SPACES.sub(" ", _UNSPOKEN.sub(" ", text)).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else text[:limit]).rstrip(" ,;:-")
