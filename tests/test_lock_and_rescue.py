"""The workout lock and the rescue folder, without a terminal.

The real-process tests (`test_two_runtimers`, `test_full_disk`) show them at work; these
pin the rules: a lock held elsewhere names its process and is never taken over; the
rescue folder is private and never followed through a planted link; bringing a log
back never writes over another workout, but does replace an earlier save of the
same one.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from runtimer.core.lock import WorkoutLock
from runtimer.core.paths import workout_lock_file
from runtimer.core.records.files import read_log
from runtimer.core.records.model import Status
from runtimer.core.records.writer import SessionWriter
from runtimer.core.rescue import bring_back, find_rescued, rescue
from runtimer.core.routine import Exercise, Routine

TZ = timezone(timedelta(hours=1))
ROUTINE = Routine(name="Legs", exercises=(Exercise("Squat", sets=3, reps=5),))


def test_a_lock_held_by_another_is_not_taken_and_names_its_process(tmp_path: Path) -> None:
    path = tmp_path / "state" / "workout.lock"
    mine, theirs = WorkoutLock(path), WorkoutLock(path)
    assert mine.acquire() is None and mine.held
    holder = theirs.acquire()  # another open of the file: the OS says no
    assert holder is not None and holder.pid == os.getpid()
    assert (
        holder.describe() == f"A workout is under way in another runtimer (process {os.getpid()})"
    )
    assert theirs.holder() == holder and mine.holder() is None
    mine.release()
    assert theirs.holder() is None
    assert theirs.acquire() is None  # free again: the next one gets it
    theirs.release()


def test_two_data_folders_have_two_locks(tmp_path: Path) -> None:
    one = workout_lock_file(tmp_path / "a" / "sessions", tmp_path / "state")
    two = workout_lock_file(tmp_path / "b" / "sessions", tmp_path / "state")
    assert one != two and one.parent == two.parent == tmp_path / "state"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_state_folder_that_cannot_be_written_never_stops_a_workout(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert WorkoutLock(locked / "state" / "workout.lock").acquire() is None


def test_no_lock_path_means_no_locking(tmp_path: Path) -> None:
    lock = WorkoutLock(None)
    assert lock.acquire() is None and lock.held and lock.holder() is None


def a_log(tmp_path: Path, sets: int) -> SessionWriter:
    moments = iter(
        datetime(2026, 11, 20, 18, 30, tzinfo=TZ) + timedelta(minutes=n) for n in range(20)
    )
    writer = SessionWriter.start(tmp_path / "sessions", ROUTINE, now=lambda: next(moments))
    for number in range(1, sets + 1):
        writer.record_set(0, number)
    return writer


def test_a_rescued_log_replaces_its_own_earlier_save(tmp_path: Path) -> None:
    writer = a_log(tmp_path, 1)  # set 1 reached the log folder...
    assert writer.path is not None
    earlier = writer.path
    fuller = SessionWriter.reopen(earlier)
    fuller.record_set(0, 2)  # ...and in memory there are two (stand-in for a full disk)
    folder = tmp_path / "rescue"
    path = rescue(fuller.log, folder)
    assert path.name == earlier.name
    (found,) = find_rescued(folder)
    assert len(found.log.sets) == 2
    back = bring_back(found, tmp_path / "sessions")
    assert back.saved and back.path == earlier
    assert len(read_log(earlier).sets) == 2
    assert list(folder.iterdir()) == []


def test_a_rescued_log_never_writes_over_another_workout(tmp_path: Path) -> None:
    writer = a_log(tmp_path, 2)
    assert writer.path is not None
    other = writer.path.read_bytes()
    # Another workout whose file name is the same (it started in the same minute).
    log = replace(
        writer.log,
        started=writer.log.started + timedelta(seconds=30),
        status=Status.PARTIAL,
        sets=writer.log.sets[:1],
    )
    folder = tmp_path / "rescue"
    rescue(log, folder)
    (found,) = find_rescued(folder)
    back = bring_back(found, tmp_path / "sessions")
    assert back.saved and back.path != writer.path
    assert writer.path.read_bytes() == other
    assert len(list((tmp_path / "sessions").glob("*.toml"))) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_planted_link_as_the_rescue_folder_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    planted = tmp_path / "rescue"
    planted.symlink_to(elsewhere)
    writer = a_log(tmp_path, 1)
    with pytest.raises(OSError, match="not a private folder"):
        rescue(writer.log, planted)
    assert find_rescued(planted) == []
    assert list(elsewhere.iterdir()) == []


def test_a_new_rescue_folder_is_private(tmp_path: Path) -> None:
    writer = a_log(tmp_path, 1)
    folder = tmp_path / "rescue"
    rescue(writer.log, folder)
    if sys.platform != "win32":
        assert folder.stat().st_mode & 0o777 == 0o700
