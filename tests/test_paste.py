"""A bracketed paste that holds an ESC must arrive as one paste, not as keys.

Textual's parser turns an ESC inside a bracketed paste into key presses; pasting such
text into the menu ran menu keys (``e``: the editor). runtimer.ui.pastefilter cleans the
inside of pastes before the parser sees them, and runtimer.ui.driver feeds the parser
through it. Tested here:

* the filter on its own (pure: split markers, odd input, a Hypothesis model);
* the filter in front of Textual's parser;
* the driver's input thread reading a pipe, split at its real 4 KiB reads;
* runtimer's menu in a real terminal (a pty), with a real bracketed paste (slow);
* UPSTREAM CANARIES that pass while Textual still has the bug.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.message import Message

from runtimer.ui.pastefilter import (
    C1_PLACEHOLDER,
    ESC_PLACEHOLDER,
    PASTE_END,
    PASTE_START,
    PasteFilter,
    clean,
    placeholder,
)
from tests.apphelp import DATA

ESC = "\x1b"
#: Pasted text that ran the editor key `e` under Textual's parser.
EVIL = f"e{ESC}ee{ESC}e"
EVIL_SHOWN = f"e{ESC_PLACEHOLDER}ee{ESC_PLACEHOLDER}e"
DEADLINE = 20.0  # seconds to wait for anything a thread or child process should do


def bracketed(text: str) -> str:
    return PASTE_START + text + PASTE_END


def feed_all(chunks: list[str]) -> str:
    """What a new filter passes on for `chunks`, including what it holds at the end."""
    paste_filter = PasteFilter()
    return "".join(paste_filter.feed(chunk) for chunk in chunks) + paste_filter.flush()


def splits(text: str) -> Iterator[list[str]]:
    """`text` cut in two at every position, and in three at every pair of positions."""
    for i in range(len(text) + 1):
        yield [text[:i], text[i:]]
        for j in range(i, len(text) + 1):
            yield [text[:i], text[i:j], text[j:]]


def parse(chunks: list[str], *, filtered: bool = True) -> list[Message]:
    """The messages Textual's parser makes of `chunks` (through a filter, or not)."""
    parser = XTermParser()
    paste_filter = PasteFilter()
    messages: list[Message] = []
    for chunk in chunks:
        text = paste_filter.feed(chunk) if filtered else chunk
        if text:  # an empty string would end the parser's input
            messages += parser.feed(text)
    return messages


def summary(messages: list[Message]) -> list[tuple[str, str]]:
    """Keys and pastes, comparable: [("key", "a"), ("paste", "text")]."""
    out: list[tuple[str, str]] = []
    for message in messages:
        if isinstance(message, events.Key):
            out.append(("key", message.key))
        elif isinstance(message, events.Paste):
            out.append(("paste", message.text))
    return out


# -- the filter -------------------------------------------------------------------------


def test_the_filter_is_pure_python() -> None:
    """No Textual (nor anything outside the standard library) behind the filter."""
    probe = (
        "import sys, runtimer.ui.pastefilter\n"
        "loaded = sorted(m for m in sys.modules if m.partition('.')[0] == 'textual')\n"
        "assert not loaded, loaded"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_an_esc_in_a_paste_becomes_a_placeholder() -> None:
    assert feed_all([bracketed(EVIL)]) == bracketed(EVIL_SHOWN)


def test_placeholders() -> None:
    assert ESC_PLACEHOLDER == "␛" == placeholder(ESC)
    assert [placeholder(c) for c in "\t\n\r"] == ["\t", "\n", "\r"]  # kept
    assert placeholder("\x00") == ""  # dropped, as Textual drops it
    assert placeholder("\x01") == "␁"
    assert placeholder("\x07") == "␇"
    assert placeholder("\x08") == "␈"
    assert placeholder("\x1f") == "␟"
    assert placeholder("\x7f") == "␡"
    assert placeholder("\x80") == placeholder("\x9b") == placeholder("\x9f") == C1_PLACEHOLDER
    for kept in " az~[é€—\u00a0\u2028😀␛":
        assert placeholder(kept) == kept
    assert clean("a\x1b[31mb\x00\x07\x9bc\td\r\n") == "a␛[31mb␇�c\td\r\n"


def test_text_outside_pastes_passes_through_unchanged() -> None:
    for text in [
        "",
        "hello",
        ESC,  # the escape key: passed on at once, never held back
        f"{ESC}[A{ESC}[<0;10;5M{ESC}O{ESC}[I\x00\x07\x7f\x9b\r\n\t",  # keys, mouse, focus
        f"{ESC}[20",  # a start marker's beginning, then nothing
        f"{ESC}[200",
        f"{ESC}[2000~",
        PASTE_END,  # an end marker with no paste: Textual ignores it
        f"{ESC}{ESC}[20{ESC}[",
    ]:
        paste_filter = PasteFilter()
        assert paste_filter.feed(text) == text
        assert paste_filter.flush() == ""
        assert not paste_filter.in_paste


def test_the_escape_key_is_not_held_back() -> None:
    paste_filter = PasteFilter()
    assert paste_filter.feed(ESC) == ESC
    assert paste_filter.feed("[20") == "[20"  # could still be a paste...
    assert paste_filter.feed("0~") == "0~"  # ...and it is
    assert paste_filter.in_paste


def test_a_cut_off_end_marker_is_held_until_the_next_chunk() -> None:
    paste_filter = PasteFilter()
    assert paste_filter.feed(PASTE_START + "ab" + ESC + "[20") == PASTE_START + "ab"
    assert paste_filter.in_paste
    assert paste_filter.feed("1~z") == PASTE_END + "z"
    assert not paste_filter.in_paste


def test_a_held_back_start_of_an_end_marker_that_is_not_one_is_pasted_text() -> None:
    paste_filter = PasteFilter()
    assert paste_filter.feed(PASTE_START + "ab" + ESC + "[2") == PASTE_START + "ab"
    assert paste_filter.feed("x" + ESC) == "␛[2x"  # and the new ESC is held in turn
    assert paste_filter.feed("[201~") == PASTE_END
    assert paste_filter.feed(ESC) == ESC  # outside again


def test_held_back_text_is_flushed_cleaned() -> None:
    paste_filter = PasteFilter()
    assert paste_filter.feed(PASTE_START + "ab" + ESC + "[201") == PASTE_START + "ab"
    assert paste_filter.flush() == "␛[201"
    assert paste_filter.flush() == ""


def test_odd_input() -> None:
    # A start marker inside a paste is pasted text; so is a lone ESC before the end.
    assert feed_all([bracketed(f"a{PASTE_START}b{ESC}")]) == bracketed("a␛[200~b␛")
    # Back-to-back pastes, an empty paste, and keys around and between them.
    text = f"x{bracketed(EVIL)}{bracketed('')}{ESC}[A{bracketed(ESC)}y"
    assert feed_all([text]) == f"x{bracketed(EVIL_SHOWN)}{bracketed('')}{ESC}[A{bracketed('␛')}y"
    # A second end marker, after the paste ended, is outside: passed on as it is.
    assert feed_all([bracketed("a") + PASTE_END]) == bracketed("a") + PASTE_END
    # ESCs just before the end marker, and an end marker that is one character short.
    assert feed_all([bracketed(f"{ESC}{ESC}[201")]) == bracketed("␛␛[201")
    # A paste that never ends: everything in it is cleaned, nothing is lost.
    assert feed_all([PASTE_START + EVIL + ESC + "[20"]) == PASTE_START + EVIL_SHOWN + "␛[20"
    # Other control characters.
    assert feed_all([bracketed("a\x00b\x07\x7f\x9b\t\r\n")]) == bracketed("ab␇␡�\t\r\n")


@pytest.mark.parametrize(
    "text",
    [
        bracketed(EVIL),
        f"ab{bracketed(EVIL)}cd{ESC}[Ae",
        f"{ESC}{bracketed(ESC + ESC)}{ESC}",
        bracketed(f"{ESC}[201{ESC}[20{ESC}[2{ESC}[{ESC}") + ESC + PASTE_START,
        bracketed("") + bracketed(PASTE_START),
    ],
)
def test_markers_split_at_every_position(text: str) -> None:
    whole = feed_all([text])
    for chunks in splits(text):
        assert feed_all(chunks) == whole, chunks
    assert feed_all(list(text)) == whole  # one character at a time


# A Hypothesis model: input made of text outside pastes and pastes, the output must be
# the outside text unchanged and each paste cleaned, however the input is cut up.

MARKERISH = st.sampled_from([ESC, "[", "2", "0", "1", "~", "e", "\x00", "\x07", "\t", "\x9b"])
TEXT = st.text(MARKERISH | st.characters(codec="utf-8"), max_size=30)


@st.composite
def terminal_input(draw: st.DrawFn) -> tuple[str, str]:
    """(what the terminal sends, what the parser should get)."""
    sent: list[str] = []
    expected: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        outside = draw(TEXT.filter(lambda t: PASTE_START not in t))
        pasted = draw(TEXT.filter(lambda t: PASTE_END not in t))
        sent += [outside, PASTE_START, pasted, PASTE_END]
        expected += [outside, PASTE_START, clean(pasted), PASTE_END]
    outside = draw(TEXT.filter(lambda t: PASTE_START not in t))
    sent.append(outside)
    expected.append(outside)
    if draw(st.booleans()):  # the input ends in the middle of a paste
        pasted = draw(TEXT.filter(lambda t: PASTE_END not in t))
        sent += [PASTE_START, pasted]
        expected += [PASTE_START, clean(pasted)]
    return "".join(sent), "".join(expected)


def cut(text: str, data: st.DataObject) -> list[str]:
    points = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]


@given(terminal_input(), st.data())
def test_model_outside_unchanged_inside_cleaned(case: tuple[str, str], data: st.DataObject) -> None:
    sent, expected = case
    assert feed_all(cut(sent, data)) == expected


@given(TEXT.filter(lambda t: PASTE_START not in t), st.data())
def test_text_with_no_paste_passes_through_unchanged(text: str, data: st.DataObject) -> None:
    paste_filter = PasteFilter()
    for chunk in cut(text, data):
        assert paste_filter.feed(chunk) == chunk  # at once, chunk by chunk
    assert paste_filter.flush() == ""


PIECES = st.lists(MARKERISH | st.sampled_from([PASTE_START, PASTE_END]), max_size=30).map("".join)


@given(PIECES, st.data())
def test_any_input_gives_the_same_output_however_it_is_cut(text: str, data: st.DataObject) -> None:
    assert feed_all(cut(text, data)) == feed_all([text])


# -- in front of Textual's parser -------------------------------------------------------


def test_the_parser_sees_one_paste_and_no_keys() -> None:
    text = f"a{bracketed(EVIL)}b"
    expected = [("key", "a"), ("paste", EVIL_SHOWN), ("key", "b")]
    assert summary(parse([text])) == expected
    for chunks in splits(text):
        assert summary(parse(chunks)) == expected, chunks


def test_the_parser_still_reads_keys_outside_pastes() -> None:
    text = f"{ESC}[A{bracketed('hi')}{ESC}[B\r"
    expected = [("key", "up"), ("paste", "hi"), ("key", "down"), ("key", "enter")]
    assert summary(parse([text])) == expected


# -- the driver's input thread -----------------------------------------------------------

READ_SIZE = 4096  # what LinuxDriver.run_input_thread reads at a time


def drive(
    driver_class: type[Any], data: bytes, done: Callable[[list[Message]], bool]
) -> list[Message]:
    """Run `driver_class`'s input thread on a pipe holding `data` until `done(messages)`."""
    read_end, write_end = os.pipe()
    messages: list[Message] = []

    class Recording(driver_class):  # type: ignore[misc]
        def process_message(self, message: Message) -> None:
            messages.append(message)

    try:
        assert len(data) < 65536  # all of it fits in the pipe: the reads are 4 KiB each
        os.write(write_end, data)
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
        driver = Recording(App())
        for sig, handler in handlers.items():  # the driver set its own: put them back
            signal.signal(sig, handler)
        driver.fileno = read_end
        thread = threading.Thread(target=driver.run_input_thread, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + DEADLINE
            while not done(messages):
                if time.monotonic() > deadline or not thread.is_alive():
                    pytest.fail(f"the input thread did not finish reading: {messages!r}")
                time.sleep(0.01)
        finally:
            driver.exit_event.set()
            thread.join(DEADLINE)
    finally:
        os.close(read_end)
        os.close(write_end)
    return list(messages)


def test_the_driver_mirrors_the_installed_textual() -> None:
    """run_input_thread is a copy of Textual's: an upgrade must compare them again."""
    import inspect
    from importlib.metadata import version

    from textual.drivers.linux_driver import LinuxDriver

    from runtimer.ui.driver import MIRRORS_TEXTUAL

    assert version("textual") == MIRRORS_TEXTUAL, (
        "Textual was upgraded: compare runtimer/driver.py's run_input_thread with "
        "textual/drivers/linux_driver.py's, then update MIRRORS_TEXTUAL"
    )
    assert "feed = parser.feed" in inspect.getsource(LinuxDriver.run_input_thread)


def big_paste(cut: int) -> tuple[bytes, str]:
    """A paste over three reads of the input thread, then the key `z`: the first read
    ends with an ESC of the pasted text (the start of an end marker?), the third starts
    `cut` characters into the end marker. Returns the bytes and the pasted text."""
    length = 2 * READ_SIZE - len(PASTE_START) - cut
    pasted = list((EVIL + "x" * length)[:length])
    pasted[READ_SIZE - len(PASTE_START) - 1] = ESC  # the first read's last character
    text = "".join(pasted)
    data = (bracketed(text) + "z").encode()
    assert data[READ_SIZE - 1 : READ_SIZE] == ESC.encode()
    assert data[2 * READ_SIZE - cut :].startswith(PASTE_END.encode())
    return data, text


def finished(messages: list[Message]) -> bool:
    return any(isinstance(m, events.Key) and m.key == "z" for m in messages)


@pytest.mark.parametrize("cut_at", range(len(PASTE_END) + 1))
async def test_the_driver_reads_a_long_paste_as_one(cut_at: int) -> None:
    from runtimer.ui.driver import PasteSafeLinuxDriver

    data, pasted = big_paste(cut_at)
    messages = summary(drive(PasteSafeLinuxDriver, data, finished))
    assert messages == [("paste", clean(pasted)), ("key", "z")]


async def test_a_lone_esc_is_still_the_escape_key() -> None:
    """The input thread sleeps until input comes, except while the parser waits to
    know whether an ESC is a key: then it wakes to let the parser decide."""
    from runtimer.ui.driver import PasteSafeLinuxDriver

    def escaped(messages: list[Message]) -> bool:
        return any(isinstance(m, events.Key) and m.key == "escape" for m in messages)

    assert summary(drive(PasteSafeLinuxDriver, b"\x1b", escaped)) == [("key", "escape")]


async def test_the_input_thread_sleeps_without_a_timeout_until_the_app_stops() -> None:
    """With nothing to read the thread waits with no timeout (Textual's wakes ten
    times a second), and stopping the app wakes it at once through the event's pipe."""
    from runtimer.ui.driver import ESCAPE_POLL, PasteSafeLinuxDriver, _timeout

    parser = XTermParser()
    assert _timeout(parser, wake_fd=5) is None
    list(parser.feed("\x1b"))  # half of what may be an escape sequence
    assert _timeout(parser, wake_fd=5) == ESCAPE_POLL
    assert _timeout(XTermParser(), wake_fd=None) == ESCAPE_POLL  # no pipe: poll as Textual

    read_end, write_end = os.pipe()
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
    driver = PasteSafeLinuxDriver(App())
    for sig, handler in handlers.items():  # the driver set its own: put them back
        signal.signal(sig, handler)
    try:
        driver.fileno = read_end
        thread = threading.Thread(target=driver.run_input_thread, daemon=True)
        thread.start()
        driver.exit_event.set()
        thread.join(DEADLINE)
        assert not thread.is_alive(), "setting the exit event did not wake the input thread"
        driver.exit_event.clear()  # drains the pipe: a restarted thread would sleep again
        assert not driver.exit_event.is_set()
    finally:
        driver.close()
        os.close(read_end)
        os.close(write_end)
    driver.exit_event.set()  # after close: writes nowhere (its numbers may be reused)


async def test_the_input_thread_works_again_after_the_app_was_suspended() -> None:
    """Textual closes the driver when it hands the terminal to the editor (`e`) or on
    ctrl+z, and starts the input thread again after: it must read keys again, not die
    on the closed wake pipe (it did: the app ended with a traceback)."""
    from runtimer.ui.driver import PasteSafeLinuxDriver

    read_end, write_end = os.pipe()
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
    messages: list[Message] = []

    class Recording(PasteSafeLinuxDriver):
        def process_message(self, message: Message) -> None:
            messages.append(message)

    driver = Recording(App())
    for sig, handler in handlers.items():
        signal.signal(sig, handler)

    def run_until_key(key: bytes, name: str) -> None:
        thread = threading.Thread(target=driver.run_input_thread, daemon=True)
        thread.start()
        os.write(write_end, key)
        deadline = time.monotonic() + DEADLINE
        while not any(isinstance(m, events.Key) and m.key == name for m in messages):
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail(f"the input thread did not read {name!r}: {messages!r}")
            time.sleep(0.01)
        driver.exit_event.set()  # what disable_input does
        thread.join(DEADLINE)
        assert not thread.is_alive()
        driver.exit_event.clear()

    try:
        driver.fileno = read_end
        run_until_key(b"a", "a")
        driver.close()  # Driver.suspend_application_mode
        run_until_key(b"b", "b")  # resume_application_mode starts the thread again
    finally:
        driver.close()
        os.close(read_end)
        os.close(write_end)


# -- in a real terminal -------------------------------------------------------------------


class Terminal:
    """A process on the slave side of a pty, its output drained continuously (as in
    tests/test_kill.py)."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        import fcntl
        import pty
        import termios

        try:
            master, slave = pty.openpty()
        except OSError as error:  # pragma: no cover - no ptys (some containers)
            pytest.skip(f"cannot open a pseudo-terminal here: {error}")
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.master = master
        self._output = bytearray()
        self._lock = threading.Lock()
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd=cwd,
                start_new_session=True,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO once the child's side is closed
                return
            if not chunk:
                return
            with self._lock:
                self._output += chunk

    def output(self, since: int = 0) -> str:
        with self._lock:
            return self._output[since:].decode("utf-8", "replace")

    @property
    def mark(self) -> int:
        with self._lock:
            return len(self._output)

    def send(self, data: str) -> int:
        mark = self.mark
        os.write(self.master, data.encode())
        return mark

    def wait_until(self, what: str, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + DEADLINE
        while not done():
            if self.proc.poll() is not None:
                pytest.fail(f"the app exited ({self.proc.returncode}) before {what}:\n{self.tail}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} after {DEADLINE:.0f} s; the terminal showed:\n{self.tail}")
            time.sleep(0.02)

    @property
    def tail(self) -> str:
        return self.output()[-2000:]

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it died just now
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=DEADLINE)
        self._reader.join(timeout=DEADLINE)
        os.close(self.master)


def recorded(path: Path) -> list[dict[str, Any]]:
    """The keys and pastes tests/wired_app.py recorded (whole lines only)."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return [json.loads(line) for line in lines if line.endswith("\n")]


@contextlib.contextmanager
def menu_in_a_terminal(tmp_path: Path, *options: str) -> Iterator[tuple[Terminal, Path, Path]]:
    """runtimer's menu (tests/wired_app.py) in a pty, ready for input; yields the
    terminal, the file of recorded events and the file the editor writes to if run."""
    home = tmp_path / "home"
    events_file, editor_log = tmp_path / "events.jsonl", tmp_path / "editor.log"
    editor = [sys.executable, "-c", f"open({str(editor_log)!r}, 'a').write('ran\\n')"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "RUNTIMER_"))}
    env.pop("VISUAL", None)
    env.update(
        TERM="xterm-256color",
        HOME=str(home),
        EDITOR=shlex.join(editor),
        PYTHONPATH=str(Path(__file__).parent.parent),
        **{f"XDG_{name.upper()}_HOME": str(home / name) for name in ("config", "data", "state")},
    )
    argv = [sys.executable, "-m", "tests.wired_app", str(events_file), str(DATA), *options]
    terminal = Terminal(argv, env, cwd=tmp_path)
    try:
        # Bracketed paste is on (written after raw mode is set and the input thread has
        # started), and the menu is drawn.
        terminal.wait_until("bracketed paste mode", lambda: "\x1b[?2004h" in terminal.output())
        terminal.wait_until("the menu", lambda: "Mini" in terminal.output())
        yield terminal, events_file, editor_log
    finally:
        terminal.close()


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


@posix_only
@pytest.mark.slow
def test_a_paste_with_esc_runs_no_menu_key_in_a_real_terminal(tmp_path: Path) -> None:
    with menu_in_a_terminal(tmp_path) as (terminal, events_file, editor_log):
        terminal.send(bracketed(EVIL))
        terminal.wait_until("the paste", lambda: any("paste" in r for r in recorded(events_file)))
        # Every key the paste could have become was recorded before it: there are none.
        assert recorded(events_file) == [{"paste": EVIL_SHOWN}]
        # And the menu still works: h opens the history, after any key before it ran.
        # (Wait for the key itself: the menu's footer also says "History", and a repaint
        # after the paste can draw it again before h arrives.)
        mark = terminal.send("h")
        terminal.wait_until("the h key", lambda: len(recorded(events_file)) >= 2)
        terminal.wait_until("the history screen", lambda: "No sessions" in terminal.output(mark))
        assert recorded(events_file) == [{"paste": EVIL_SHOWN}, {"key": "h", "character": "h"}]
        assert not editor_log.exists()  # the editor key never ran


# -- UPSTREAM CANARIES: the bug is still in Textual --------------------------------------
#
# These pass while Textual's parser still turns an ESC inside a paste into keys. When
# one fails after a Textual upgrade, Textual has fixed it: check that
# `test_the_parser_sees_one_paste_and_no_keys` would pass without the filter, then
# delete runtimer/pastefilter.py, runtimer/driver.py, the driver wiring in
# runtimer/app.py and these tests.


def test_upstream_canary_textual_parser_turns_esc_in_a_paste_into_keys() -> None:
    """UPSTREAM CANARY (Textual 8.2.8): a paste with an ESC comes out as keys."""
    messages = summary(parse([bracketed(EVIL)], filtered=False))
    assert ("key", "e") in messages
    assert ("paste", EVIL_SHOWN) not in messages and ("paste", EVIL) not in messages


async def test_upstream_canary_textual_driver_turns_esc_in_a_paste_into_keys() -> None:
    """UPSTREAM CANARY (Textual 8.2.8): Textual's own driver, on the same input."""
    from textual.drivers.linux_driver import LinuxDriver

    data, _pasted = big_paste(0)
    messages = summary(drive(LinuxDriver, data, finished))
    assert ("key", "e") in messages


@posix_only
@pytest.mark.slow
def test_upstream_canary_the_paste_runs_the_editor_with_textuals_driver(tmp_path: Path) -> None:
    """UPSTREAM CANARY (Textual 8.2.8): with Textual's driver the same paste runs `e`,
    the editor key: the real-terminal test above can see the bug."""
    with menu_in_a_terminal(tmp_path, "--textual") as (terminal, events_file, editor_log):
        terminal.send(bracketed(EVIL))
        terminal.wait_until("the editor", editor_log.exists)
        terminal.wait_until("the paste", lambda: any("paste" in r for r in recorded(events_file)))
        keys = [r["key"] for r in recorded(events_file) if "key" in r]
        assert keys.count("e") == EVIL.count("e") - 1  # all but the one before the first ESC
