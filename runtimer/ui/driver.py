"""Textual's Linux/macOS driver, with bracketed pastes cleaned before they are parsed.

POSIX only (Textual's Linux driver needs termios): import this module only where
``sys.platform != "win32"``.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Iterable

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from runtimer.ui.pastefilter import PasteFilter

MIRRORS_TEXTUAL = "8.2.8"
"""The Textual version whose ``LinuxDriver.run_input_thread`` ours is a copy of."""


class PasteSafeLinuxDriver(LinuxDriver):
    """Textual's `LinuxDriver`, but the input goes through a `PasteFilter` first.

    Why it exists: Textual's input parser turns an ESC *inside* a bracketed paste into
    key presses (Textual 8.2.8, ``XTermParser.parse``), so pasting text that holds an
    ESC into the menu ran menu keys. The filter replaces the control characters inside
    a paste with visible placeholders (``␛`` for ESC), so the parser sees one clean
    paste (see runtimer.ui.pastefilter).

    `run_input_thread` is a copy of Textual 8.2.8's (`MIRRORS_TEXTUAL`); the lines that
    differ are marked ``# runtimer``. When upgrading Textual, compare it with
    ``textual/drivers/linux_driver.py`` again, and drop this class once Textual's
    parser keeps ESCs inside pastes as text (tests/test_paste.py has a canary test).
    """

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)

        fileno = self.fileno
        EVENT_READ = selectors.EVENT_READ

        parser = XTermParser(self._debug)
        paste_filter = PasteFilter()  # runtimer
        tick = parser.tick

        def feed(text: str) -> Iterable[Message]:  # runtimer: was `feed = parser.feed`
            # The filter may hold back all of a chunk (part of a paste's end marker);
            # an empty string would tell the parser the input has ended.
            filtered = paste_filter.feed(text)
            return parser.feed(filtered) if filtered else ()

        utf8_decoder = getincrementaldecoder("utf-8")().decode
        decode = utf8_decoder
        read = os.read

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]],
            final: bool = False,
        ) -> None:
            """Process events from selector.

            Args:
                selector_events: List of selector events.
                final: True if this is the last call.

            """
            for last, (_selector_key, mask) in loop_last(selector_events):
                if mask & EVENT_READ:
                    unicode_data = decode(read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        # This can occur if the stdin is piped
                        break
                    for event in feed(unicode_data):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)

        finally:
            selector.close()
            try:
                for _event in parser.feed(""):  # runtimer: the parser's own feed, to end it
                    pass
            except (EOFError, ParseError):
                pass


def paste_safe(driver_class: type[Driver]) -> type[Driver]:
    """The driver to use instead of `driver_class` (what ``App.get_driver_class`` chose):
    ours in place of Textual's Linux driver; any other (one named in $TEXTUAL_DRIVER,
    say, as textual-serve does) is kept."""
    return PasteSafeLinuxDriver if driver_class is LinuxDriver else driver_class


__all__ = ["MIRRORS_TEXTUAL", "PasteSafeLinuxDriver", "paste_safe"]
