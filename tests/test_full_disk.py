"""A real runtimer on a really full disk: no set is ever dropped on exit.

The data folder is a tiny tmpfs that the test fills up mid-workout (this needs root,
as CI has, to mount it; elsewhere the test is skipped). The sets done after that
cannot be saved: the stop dialog says so, quitting asks first, and at exit the
workout goes to a rescue file in the temp folder, whose path is printed once the
terminal is restored, with a non-zero exit status. The next start offers to bring it
back into the log folder, and then the log on disk holds every set.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from runtimer.cli.output import EXIT_UNSAVED
from runtimer.core.records.files import read_log
from runtimer.core.records.model import Status, Store
from runtimer.ui.screens.dialogs import ChoiceDialog
from tests.apphelp import make_app, text

if sys.platform == "win32" or not hasattr(os, "geteuid"):  # pragma: no cover
    pytest.skip("needs a POSIX tmpfs", allow_module_level=True)

from tests.realterm import Child, has_sets, make_home, shows, wait_until

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "256k") -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system holding `folder` to the last byte."""
    for name, size in (("filler", 4096), ("filler-2", 1)):
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while True:
                os.write(fd, b"\0" * size)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(fd)


async def test_sets_done_on_a_full_disk_are_rescued_at_exit_and_brought_back(
    tmp_path: Path,
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    with tmpfs(tmp_path / "home" / "data"):
        home = make_home(tmp_path, TMPDIR=str(temp))
        child = Child(home.argv("start", str(home.routine), "--mute"), home.env, cwd=tmp_path)
        try:
            wait_until(child, "warm-up screen", shows(child, 0, "WARM-UP"))
            mark = child.press(b" ")  # warm-up over
            wait_until(child, "split squat", shows(child, mark, "SPLIT SQUAT"))
            child.press(b"\r")  # set 1, left: saved
            wait_until(child, "first set in the log", has_sets(home.sessions, 1))

            fill(home.sessions)
            mark = child.press(b" ")  # skip the switch-sides pause
            wait_until(child, "right side", shows(child, mark, "RIGHT side"))
            mark = child.press(b"\r")  # set 1, right: cannot be saved
            wait_until(child, "the disk-full notice", shows(child, mark, "the disk is full"))
            mark = child.press(b"q")
            wait_until(child, "the stop dialog", shows(child, mark, "not all of them"))
            mark = child.press(b"y")
            wait_until(child, "the summary", shows(child, mark, "Workout stopped"))
            mark = child.press(b"q")
            wait_until(child, "the quit question", shows(child, mark, "not saved?"))
            mark = child.press(b"y")
            assert child.wait() == EXIT_UNSAVED
            said = child.output(mark)
        finally:
            child.close()

        rescue_folder = temp / f"runtimer-rescue-{os.getuid()}"
        (rescued,) = rescue_folder.glob("*.toml")
        assert "the disk is full" in said
        assert f"the workout was written to {rescued}" in " ".join(said.split())
        log = read_log(rescued)
        assert log.status is Status.PARTIAL
        assert [(s.set_number, s.side and s.side.value) for s in log.sets] == [
            (1, "left"),
            (1, "right"),
        ]
        (on_disk,) = home.sessions.glob("*.toml")
        assert len(read_log(on_disk).sets) == 1  # the folder only ever got the first

        for filler in home.sessions.glob("filler*"):  # room again
            filler.unlink()
        store = Store(home.sessions, home.state / "history-index.json", rescue=rescue_folder)
        app = make_app(home.routines, store=store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            assert "rescued" in text(app, ".dialog-title")
            await pilot.press("b")
            await pilot.pause()
        assert list(rescue_folder.glob("*.toml")) == []
        assert [p.name for p in home.sessions.glob("*.toml")] == [on_disk.name]
        back = read_log(on_disk)
        assert back.status is Status.PARTIAL
        assert len(back.sets) == 2
