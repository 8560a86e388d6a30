"""runtimer's menu in a real terminal, for the real-terminal tests (tests/test_paste.py,
tests/test_palette.py).

    python -m tests.wired_app EVENTS ROUTINES [--textual]

runs `RuntimerApp` on the routines in the folder ROUTINES only, wired as runtimer/app.py
is to be: the paste-safe driver (runtimer.ui.driver) and the safe command palette
(runtimer.ui.palette). It appends each key and paste the app receives to the file EVENTS,
one JSON object a line: ``{"key": "e", "character": "e"}`` or ``{"paste": "..."}``.
With ``--textual`` it uses Textual's own driver and palette instead, which still have
the bugs (for the canary test, and to check that the tests see them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

import runtimer.ui.app
from runtimer.core.catalog import discover
from runtimer.ui.app import RuntimerApp
from runtimer.ui.driver import PasteSafeLinuxDriver
from runtimer.ui.palette import open_command_palette, open_theme_palette


class WiredApp(RuntimerApp):
    CSS_PATH = str(
        Path(runtimer.ui.app.__file__).with_name("runtimer.tcss")
    )  # not beside this file

    def __init__(self, events_file: Path, routines: Path, textual: bool) -> None:
        self._textual = textual  # before App.__init__, which calls get_driver_class
        self._events = events_file.open("a", encoding="utf-8")
        super().__init__(lambda: discover([routines], standard=False), mute=True)

    def get_driver_class(self) -> type[Driver]:
        return LinuxDriver if self._textual else PasteSafeLinuxDriver

    def action_command_palette(self) -> None:
        if self._textual:  # Textual's own, even once RuntimerApp has the wiring
            App.action_command_palette(self)
        else:
            open_command_palette(self)

    def search_themes(self) -> None:
        if self._textual:
            App.search_themes(self)
        else:
            open_theme_palette(self)

    async def on_event(self, event: events.Event) -> None:
        record: dict[str, Any] | None = None
        if isinstance(event, events.Key) and not event.is_forwarded:
            record = {"key": event.key, "character": event.character}
        elif isinstance(event, events.Paste) and not event.is_forwarded:
            record = {"paste": event.text}
        if record is not None:
            self._events.write(json.dumps(record) + "\n")
            self._events.flush()
        await super().on_event(event)


def main(argv: list[str]) -> int:
    events_file, routines, *rest = argv
    WiredApp(Path(events_file), Path(routines), textual=rest == ["--textual"]).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
