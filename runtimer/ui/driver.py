"""Textual's Linux/macOS driver, with bracketed pastes cleaned before they are parsed.

POSIX only (Textual's Linux driver needs termios): import this module only where
``sys.platform != "win32"``.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
from codecs import getincrementaldecoder
from collections.abc import Iterable
from typing import Any

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

    It also sleeps until there is input. Textual's thread wakes ten times a second to
    see whether it should stop and whether a lone ESC has waited long enough to be
    the Escape key; during a rest that was most of the app's wake-ups. Here the thread
    waits on the terminal and on a pipe that `exit_event.set()` writes to
    (`_WakingEvent`), with a timeout only while the parser holds a half-read escape
    sequence.

    `run_input_thread` is a copy of Textual 8.2.8's (`MIRRORS_TEXTUAL`); the lines that
    differ are marked ``# runtimer``. When upgrading Textual, compare it with
    ``textual/drivers/linux_driver.py`` again, and drop this class once Textual's
    parser keeps ESCs inside pastes as text (tests/test_paste.py has a canary test).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exit_event = _WakingEvent()  # runtimer: wakes the input thread when set

    def _sigcont_application(self, *args: Any) -> None:
        """Resume only after our own suspend (ctrl+z sets `_must_signal_resume`).

        The kernel sends SIGCONT with SIGHUP when the terminal closes. Textual's
        handler then started application mode again, from a signal handler at any
        point of the main thread: a second writer thread, the first one's queue left
        full, and the app hung on its way out instead of ending (tests/test_signals.py).
        """
        if self._must_signal_resume:
            super()._sigcont_application(*args)

    def _writer_died(self) -> bool:
        """Did the writer thread start and then end? Its terminal is gone (a write
        failed), and whatever is queued for it stays queued for good."""
        writer = self._writer_thread
        return writer is not None and writer.ident is not None and not writer.is_alive()

    def write(self, data: str) -> None:
        """Nothing is queued for a writer thread that died: a full queue would block
        the app for good."""
        if self._writer_died():
            return
        super().write(data)

    def close(self) -> None:
        if self._writer_died():
            self._writer_thread = None  # stopping it would wait on its full queue
        super().close()
        exit_event = self.exit_event
        if isinstance(exit_event, _WakingEvent):
            exit_event.close()

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        exit_event = self.exit_event  # runtimer: its pipe wakes the select below
        wake_fd = exit_event.fileno() if isinstance(exit_event, _WakingEvent) else None
        if wake_fd is not None:
            selector.register(wake_fd, selectors.EVENT_READ)

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
            # runtimer: the wake pipe is not input; it only ends the wait.
            selector_events = [event for event in selector_events if event[0].fd == fileno]
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
                # runtimer: sleep until input or the wake pipe, or until a half-read
                # escape sequence times out (Textual: `select(0.1)` always).
                process_selector_events(selector.select(_timeout(parser, wake_fd)))
            if wake_fd is not None:
                selector.unregister(wake_fd)
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)

        finally:
            selector.close()
            try:
                for _event in parser.feed(""):  # runtimer: the parser's own feed, to end it
                    pass
            except (EOFError, ParseError):
                pass


#: The longest the input thread sleeps while the parser waits to know whether an ESC
#: is a key or the start of a sequence (Textual's own fixed wait).
ESCAPE_POLL = 0.1


def _timeout(parser: XTermParser, wake_fd: int | None) -> float | None:
    """How long the input thread may sleep: until input comes (None) unless the parser
    has a timeout pending (`Parser.tick` turns a lone ESC into the Escape key after a
    moment). Without a wake pipe, Textual's 0.1 s, so the thread still sees the exit
    event."""
    if wake_fd is None or parser._timeout_time is not None:
        return ESCAPE_POLL
    return None


class _WakingEvent(threading.Event):
    """A `threading.Event` that also writes a byte to a pipe when set, so a thread in
    `select` on the pipe wakes at once instead of polling `is_set()`. The pipe is drained
    on `clear()`. Textual closes the driver when it suspends the app (the editor after
    `e`, ctrl+z) and starts it again after: `fileno` opens a new pipe when the input
    thread starts after a `close`."""

    def __init__(self) -> None:
        super().__init__()
        self._closed = True
        self._read = self._write = -1
        self._open()

    def _open(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        self._closed = False

    def fileno(self) -> int:
        """The pipe's end to wait on (a new pipe if the driver was closed since)."""
        if self._closed:
            self._open()
        return self._read

    def set(self) -> None:
        super().set()
        if self._closed:  # the numbers may belong to another file by now
            return
        with contextlib.suppress(OSError):  # full (one byte per set: it cannot be)
            os.write(self._write, b"!")

    def clear(self) -> None:
        super().clear()
        if self._closed:
            return
        try:
            while os.read(self._read, 512):
                pass
        except OSError:  # empty (BlockingIOError) or closed
            pass

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for fd in (self._read, self._write):
            with contextlib.suppress(OSError):
                os.close(fd)


def paste_safe(driver_class: type[Driver]) -> type[Driver]:
    """The driver to use instead of `driver_class` (what ``App.get_driver_class`` chose):
    ours in place of Textual's Linux driver; any other (one named in $TEXTUAL_DRIVER,
    say, as textual-serve does) is kept."""
    return PasteSafeLinuxDriver if driver_class is LinuxDriver else driver_class


__all__ = ["MIRRORS_TEXTUAL", "PasteSafeLinuxDriver", "paste_safe"]
