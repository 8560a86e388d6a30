"""Text from files is data: no control sequence in a file ever reaches the terminal.

A routine (or a log, a config, a file name) may hold ESC, BEL, OSC sequences that set
the window title (`ESC ] 0 ;`), write the clipboard (OSC 52) or clear the screen. They
must show as visible escapes (`\\x1b`) everywhere runtimer writes text: the TUI (menu,
preview, workout, notifications, dialogs, history) and every command's output. A CSV
cell that would run as a spreadsheet formula is defused with a `'`.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from runtimer.cli.history import export_command, history_command
from runtimer.cli.routines import cmd_check, cmd_list
from runtimer.cli.sound import sound_report
from runtimer.core.catalog import Origin, discover, load_entry
from runtimer.core.history.export import write_csv
from runtimer.core.history.store import load_history
from runtimer.core.records.model import Store
from runtimer.core.records.writer import SessionWriter
from runtimer.core.routine import Exercise, Load, Routine
from runtimer.core.safetext import spreadsheet_safe, terminal_safe
from tests.test_audio_player import FakeBackend

ESC, BEL = "\x1b", "\x07"
TITLE = "\x1b]0;owned\x07"  # sets the terminal window's title
CLIPBOARD = "\x1b]52;c;b3duZWQ=\x07"  # writes the clipboard
CLEAR = "\x1b[2J\x1b[H"  # clears the screen
# The same, as a TOML file must spell them (raw control characters are not TOML).
TOML_TITLE = "\\u001b]0;owned\\u0007"
TOML_CLIPBOARD = "\\u001b]52;c;b3duZWQ=\\u0007"
TOML_CLEAR = "\\u001b[2J\\u001b[H"

HOSTILE_ROUTINE = f"""\
name = "Legs {TOML_TITLE}"
description = "Line one\\nline two {TOML_CLEAR}"
notes = "Breathe {TOML_CLIPBOARD}"

[warmup]
duration = "1m"
steps = ["Jog {TOML_TITLE}"]

[[exercise]]
name = "Squat {TOML_CLIPBOARD}"
sets = 1
reps = 3
cues = ["Knees out {TOML_CLEAR}", "Chest up \\u009b31m"]
benefit = "Strong {TOML_TITLE}"
equipment = ["Box {TOML_TITLE}"]
load = 8
"""


def assert_inert(shown: str) -> None:
    """Nothing in `shown` can act on a terminal: no ESC, BEL, CSI or other control
    character except newlines, and the escapes are visible instead."""
    assert ESC not in shown and BEL not in shown and "\x9b" not in shown
    assert all(ch == "\n" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) for ch in shown)


# ------------------------------------------------------------------ the one function


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Squats", "Squats"),
        ("Ünïcödé Übungen 脚の日", "Ünïcödé Übungen 脚の日"),
        (TITLE, "\\x1b]0;owned\\x07"),
        (CLIPBOARD, "\\x1b]52;c;b3duZWQ=\\x07"),
        ("a\rb", "a\\x0db"),
        ("tab\there", "tab\\x09here"),
        ("del\x7f", "del\\x7f"),
        ("csi\x9b2J", "csi\\x9b2J"),
        ("nul\x00", "nul\\x00"),
        ("two\nlines", "two\\x0alines"),
        ("right-to-left \u202eevil", "right-to-left \\u202eevil"),
        ("3 × 10 · 脚の日 \u2066isolate", "3 × 10 · 脚の日 \\u2066isolate"),
        ("⚠ bell\x07 in ünïcode", "⚠ bell\\x07 in ünïcode"),
        ("bad byte \udcff", "bad byte \\udcff"),
    ],
)
def test_terminal_safe_shows_every_control_character(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown
    assert_inert(terminal_safe(text))


def test_multi_line_fields_keep_their_newlines_and_only_those() -> None:
    assert terminal_safe("one\ntwo\r\nthree\x1b", multiline=True) == "one\ntwo\nthree\\x1b"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+SUM(1+1)", "'+SUM(1+1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Goblet squat", "Goblet squat"),
        ("", ""),
    ],
)
def test_spreadsheet_safe_defuses_formulas(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


# ------------------------------------------------------------------ commands


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "legs.toml").write_text(HOSTILE_ROUTINE, encoding="utf-8")
    broken = HOSTILE_ROUTINE.replace("sets = 1", f'sets = "{TOML_TITLE}"').replace(
        "reps = 3", f'"reps{TOML_CLIPBOARD}" = 3'
    )
    (folder / f"broken{TITLE}.toml").write_text(broken, encoding="utf-8")
    return folder


def test_list_and_check_print_routine_text_inert(hostile_folder: Path) -> None:
    catalog = discover([hostile_folder], standard=False)
    assert any(entry.routine is not None for entry in catalog.entries)
    out = io.StringIO()
    cmd_list(catalog, out)
    assert_inert(out.getvalue())
    assert "Legs \\x1b]0;owned\\x07" in out.getvalue()

    out, err = io.StringIO(), io.StringIO()
    assert cmd_check([], [hostile_folder], out, err) == 1
    assert_inert(out.getvalue() + err.getvalue())
    assert "broken\\x1b]0;owned\\x07.toml:" in err.getvalue()
    assert "'sets' must be a whole number from 1 to 20, got a string (\"\\x1b]0;owned" in (
        err.getvalue()
    )
    assert "'reps\\x1b]52;c;" in err.getvalue()  # the unknown key, quoted


def hostile_log(store: Store) -> None:
    routine = Routine(
        name=f"Legs {TITLE}",
        exercises=(Exercise(f'=HYPERLINK("x","{CLEAR}")', sets=1, reps=3, load=Load(8.0)),),
    )
    moments = iter(
        datetime(2026, 11, 20, 18, 30, tzinfo=UTC) + timedelta(minutes=n) for n in range(10)
    )
    writer = SessionWriter.start(store.sessions, routine, now=lambda: next(moments))
    writer.record_set(0, 1, load=8.0)
    writer.finish()


def test_history_and_export_print_log_text_inert(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "index.json")
    hostile_log(store)
    out = io.StringIO()
    history_command(out, store, today=datetime(2026, 11, 21).date())
    assert_inert(out.getvalue())
    assert "Legs \\x1b]0" in out.getvalue()
    assert '=HYPERLINK("x","\\x1b[2J\\x1b[H")' in out.getvalue()

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown, err = Terminal(), io.StringIO()
    assert export_command("-", shown, err, store) == 0
    assert_inert(shown.getvalue())

    saved = io.StringIO()
    write_csv(load_history(store), saved)  # to a file: the data as it is, formula defused
    rows = list(csv.DictReader(io.StringIO(saved.getvalue())))
    assert rows[0]["exercise"] == f'\'=HYPERLINK("x","{CLEAR}")'
    assert rows[0]["routine"] == f"Legs {TITLE}"


def test_the_sound_report_prints_config_values_inert(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[sound]\nbackend = "{TOML_TITLE}"\nrest_over = "{TOML_CLIPBOARD}.wav"\n'
        f'"{TOML_CLEAR}" = 1\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    sound_report(
        out,
        config_path=config,
        state_path=tmp_path / "state.toml",
        backends=[FakeBackend(name="good")],
        start_timeout=1.0,
    )
    assert_inert(out.getvalue())
    assert "\\x1b]0;owned\\x07" in out.getvalue()


# ------------------------------------------------------------------ the real terminal


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_the_app_never_sends_a_routines_control_codes_to_the_terminal(
    hostile_folder: Path, tmp_path: Path
) -> None:
    """The real app in a real pty: the menu and a broken file's problems (which quote
    its values), then the workout, a notification quoting the exercise's name and the
    stop dialog. The raw bytes it writes hold none of the routines' sequences, and
    their visible form is on screen."""
    from tests.realterm import Child, make_home, shows, wait_until

    home = make_home(tmp_path)
    menu = Child(home.argv("--routines", str(hostile_folder), "--mute"), home.env, cwd=tmp_path)
    try:  # the broken file is first in the menu: its name and problems in the preview
        wait_until(menu, "the menu", shows(menu, 0, "This file has problems"))
        # The list of problems is longer than the preview: page down to its end.
        mark = menu.press(b"\x1b[6~")
        wait_until(menu, "its problems", shows(menu, mark, "Press e to fix it"))
        menu.press(b"q")
        menu.wait()
        written = menu.output()
    finally:
        menu.close()
    argv = home.argv("start", str(hostile_folder / "legs.toml"), "--mute")
    child = Child(argv, home.env, cwd=tmp_path)
    try:
        wait_until(child, "the warm-up", shows(child, 0, "WARM-UP"))
        mark = child.press(b" ")
        wait_until(child, "the squat", shows(child, mark, "SQUAT"))
        mark = child.press(b">")  # a notification naming the exercise
        wait_until(child, "the weight notice", shows(child, mark, "10 kg"))
        mark = child.press(b"q")
        wait_until(child, "the stop dialog", shows(child, mark, "Stop this workout?"))
        written += child.output()
    finally:
        child.close()
    for sequence in (TITLE, CLIPBOARD, "\x1b]0;owned", "\x1b]52;c;", "\x9b31m"):
        assert sequence not in written
    assert "\\x1b]0;owned\\x07" in written
    assert "\\x1b]52;c;b3duZWQ=\\x07" in written


async def test_dialogs_and_notifications_show_control_codes_visibly(tmp_path: Path) -> None:
    from runtimer.ui.screens.dialogs import ChoiceDialog
    from tests.apphelp import make_app

    store = Store(tmp_path / "sessions", tmp_path / "index.json")
    routine_file = tmp_path / "routines" / "legs.toml"
    routine_file.parent.mkdir()
    routine_file.write_text(HOSTILE_ROUTINE, encoding="utf-8")
    entry = load_entry(routine_file, Origin.EXTRA)
    assert entry.routine is not None
    writer = SessionWriter.start(store.sessions, entry.routine)
    writer.record_set(0, 1)
    app = make_app(routine_file.parent, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        shot = app.export_screenshot()
        assert ESC not in shot and BEL not in shot
        assert "Legs \\x1b]0;owned\\x07" in shot.replace("&#160;", " ")
        app.notify(f"Saved {TITLE}")
        await pilot.pause()
        assert [n.message for n in app._notifications][-1] == "Saved \\x1b]0;owned\\x07"
