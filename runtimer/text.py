"""Turning user-written text into Textual `Content` without ever reading it as markup.

A cue like `[slow] lower` or a stray `[/` must show literally, so every piece of text
that came from a routine file goes through `Content(...)` (never `Content.from_markup`)
and our own styling is applied to spans we build ourselves.
"""

from __future__ import annotations

from textual.content import Content


def plain(text: str) -> Content:
    return Content(text)


def styled(text: str, style: str) -> Content:
    return Content.styled(text, style)


def line(*parts: str | Content | tuple[str, str]) -> Content:
    """Join parts; tuples are (literal text, style), strings are literal text too."""
    return Content.assemble(*parts)


def bullets(items: tuple[str, ...] | list[str], mark: str = "•") -> Content:
    return Content("\n").join(Content.assemble((f"{mark} ", "bold"), item) for item in items)


def labelled(label: str, text: str) -> Content:
    """`Why: strengthens ...` with the label in bold and the text literal."""
    return Content.assemble((f"{label}: ", "bold"), text)
