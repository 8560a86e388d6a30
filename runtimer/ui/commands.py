"""runtimer's own commands in the command palette (ctrl+p), beside Textual's.

Start a routine by name, open the history, create a routine, mute or unmute, turn
the voice on or off. The app says which commands make sense right now (no "start"
in the middle of a workout) through `palette_commands`; this only offers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from runtimer.core.safetext import terminal_safe


@dataclass(frozen=True)
class PaletteCommand:
    title: str  # may hold a routine's name: made terminal-safe when shown
    help: str
    run: Callable[[], object]


@runtime_checkable
class HasCommands(Protocol):
    def palette_commands(self) -> list[PaletteCommand]: ...


class RuntimerCommands(Provider):
    def _commands(self) -> list[PaletteCommand]:
        app = self.app
        return app.palette_commands() if isinstance(app, HasCommands) else []

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                terminal_safe(command.title), command.run, help=terminal_safe(command.help)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            title = terminal_safe(command.title)
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), command.run, help=terminal_safe(command.help)
                )
