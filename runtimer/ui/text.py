"""Turning user-written text into Textual `Content`: never markup, never control codes.

A cue like `[slow] lower` or a stray `[/` must show literally, so every piece of text
that came from a routine file goes through `Content(...)` (never `Content.from_markup`)
and our own styling is applied to spans we build ourselves. And a name holding ESC
or BEL must not drive the terminal (set its title, clear it, write the clipboard), so
every string is passed through `terminal_safe` here, the one door to the screen.
Newlines are kept: they only ever break lines inside the widget.
"""

from __future__ import annotations

from textual.content import Content

from runtimer.core.safetext import terminal_safe


def _safe(text: str) -> str:
    return terminal_safe(text, multiline=True)


def plain(text: str) -> Content:
    return Content(_safe(text))


def styled(text: str, style: str) -> Content:
    return Content.styled(_safe(text), style)


def line(*parts: str | Content | tuple[str, str]) -> Content:
    """Join parts; tuples are (literal text, style), strings are literal text too."""
    return Content.assemble(
        *(
            _safe(part)
            if isinstance(part, str)
            else (_safe(part[0]), part[1])
            if isinstance(part, tuple)
            else part
            for part in parts
        )
    )


def bullets(items: tuple[str, ...] | list[str], mark: str = "•") -> Content:
    return Content("\n").join(Content.assemble((f"{mark} ", "bold"), _safe(item)) for item in items)


def labelled(label: str, text: str) -> Content:
    """`Why: strengthens ...` with the label in bold and the text literal."""
    return Content.assemble((f"{label}: ", "bold"), _safe(text))
