"""A command palette whose PageUp and PageDown cannot crash the app.

Textual 8.2.8's palette passes PageUp/PageDown to its command list
(``CommandPalette._action_command_list``), whose ``OptionList._move_page`` looks up
the highlighted option's line in a cache that is only built once the list has been
laid out with a size. Until then (the keys pressed right after ctrl+p or a query,
before the list is drawn; or a terminal so short that the list gets no lines at all)
the lookup fails with ``KeyError: 0`` and the app exits with a traceback.

`SafeCommandPalette` checks first: when the list has options and a highlight but no
room laid out yet, PageUp moves to the first command and PageDown to the last (what
a page move does when the whole list fits, and what the list itself does when
nothing is highlighted); with no options the keys do nothing. Everything else is
Textual's. Drop this module once Textual fixes it (tests/test_palette.py has a canary
test that fails then).
"""

from __future__ import annotations

from typing import Any, Final

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.theme import ThemeProvider

#: What a page action becomes while the command list is not laid out.
_UNMEASURED: Final = {"page_up": "first", "page_down": "last"}


class SafeCommandPalette(CommandPalette):
    """Textual's command palette, with page moves that work before the list is drawn."""

    def _action_command_list(self, action: str) -> None:
        if action in _UNMEASURED:
            commands = self.query_one(CommandList)
            if not commands.option_count:
                return
            if commands.highlighted is not None and not commands.scrollable_content_region:
                # The one case OptionList._move_page cannot handle (no line cache).
                action = _UNMEASURED[action]
        super()._action_command_list(action)


def open_command_palette(app: App[Any]) -> None:
    """``App.action_command_palette`` with `SafeCommandPalette` (Textual 8.2.8's code)."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(SafeCommandPalette(id="--command-palette"))


def open_theme_palette(app: App[Any]) -> None:
    """``App.search_themes`` (the palette's "Theme" command) with `SafeCommandPalette`."""
    app.push_screen(SafeCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…"))


__all__ = ["SafeCommandPalette", "open_command_palette", "open_theme_palette"]
