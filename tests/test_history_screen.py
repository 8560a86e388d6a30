"""The history screen: what six weeks of training look like, and files that are not logs.

The history is written by the real `SessionWriter` with a wall clock at a fixed UTC
offset, and the app's "today" is fixed, so the screen is the same on every machine.

Every SVG under __snapshots__/test_history_screen was opened and looked at before it
was committed; update them with `pytest --snapshot-update` and look again.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.widgets import Static

from runtimer.core.feeling import Feeling
from runtimer.core.loader import load_routine
from runtimer.core.plan import StepKind, build_plan
from runtimer.core.records.files import read_log
from runtimer.core.records.model import FORMAT_VERSION, Status, Store
from runtimer.core.records.writer import SessionWriter
from runtimer.core.routine import Exercise, Load, Routine, Sides
from runtimer.ui.app import RuntimerApp
from runtimer.ui.screens.history import READING, HistoryScreen, fit
from runtimer.ui.screens.menu import MenuScreen
from tests.apphelp import DATA, make_app

TZ = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 21)
SIZES = [(80, 24), (60, 20)]
IDS = ["80x24", "60x20"]

FULL_BODY = Routine(
    name="Full body",
    exercises=(
        Exercise("Goblet squat", sets=2, reps=12, load=Load(8.0, "kg", 2.0)),
        Exercise("Romanian deadlift", sets=3, reps=10, load=Load(16.0, "kg", 2.0)),
        Exercise("Calf raise", sets=2, reps=15, sides=Sides.EACH),
        Exercise("Side plank", sets=2, hold=30, sides=Sides.EACH),
    ),
)
MINI = load_routine(DATA / "mini.toml")
FEELINGS = (Feeling.EASY, Feeling.OK, Feeling.EASY, Feeling.HARD, Feeling.OK)

# (day, hour, routine, how far the loads have come, status)
PLAN: list[tuple[date, int, Routine, int, Status]] = [
    (date(2026, 10, 12), 18, FULL_BODY, 0, Status.FINISHED),
    (date(2026, 10, 15), 18, MINI, 0, Status.FINISHED),
    (date(2026, 10, 19), 18, FULL_BODY, 0, Status.FINISHED),
    (date(2026, 10, 22), 18, MINI, 1, Status.FINISHED),
    (date(2026, 10, 26), 18, FULL_BODY, 1, Status.FINISHED),
    (date(2026, 10, 29), 18, MINI, 1, Status.FINISHED),
    (date(2026, 11, 2), 7, FULL_BODY, 1, Status.FINISHED),
    (date(2026, 11, 9), 18, FULL_BODY, 2, Status.FINISHED),
    (date(2026, 11, 12), 18, MINI, 2, Status.DISCARDED),
    (date(2026, 11, 13), 18, MINI, 2, Status.FINISHED),
    (date(2026, 11, 16), 18, FULL_BODY, 2, Status.FINISHED),
    (date(2026, 11, 18), 18, MINI, 3, Status.PARTIAL),
    (date(2026, 11, 20), 7, FULL_BODY, 3, Status.FINISHED),
]


class Wall:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def write_session(folder: Path, number: int, day: date, hour: int, routine: Routine,
                  level: int, status: Status) -> Path:  # fmt: skip
    """One workout as the app would have logged it: warm-up, sets with rests, ratings."""
    wall = Wall(datetime(day.year, day.month, day.day, hour, 30, tzinfo=TZ))
    writer = SessionWriter.start(folder, routine, now=wall)
    wall.now += timedelta(minutes=5)  # warm-up
    work = [step for step in build_plan(routine) if step.kind is StepKind.WORK]
    if status is Status.PARTIAL:
        work = work[:2]
    for count, step in enumerate(work):
        exercise = routine.exercises[step.exercise_index]
        load = exercise.load.amount + 2.0 * level if exercise.load is not None else None
        reps = None
        if exercise.reps is not None:
            reps = exercise.reps + (level if exercise.load is None else 0)
            if (number + count) % 7 == 3:
                reps -= 2  # a set that fell short
        took = step.target_hold or 3 * (reps or 0)
        wall.now += timedelta(seconds=took + (45 if count else 0))
        writer.record_set(
            step.exercise_index,
            step.set_number,
            side=step.side,
            reps=reps,
            held=float(step.target_hold + 5 * level) if step.target_hold else None,
            load=load,
            feeling=FEELINGS[(number + count) % len(FEELINGS)] if count % 2 == 0 else None,
            rest_before=45.0 if count else None,
            duration=took,
        )
    if status is Status.FINISHED:
        writer.finish()
    elif status is Status.PARTIAL:
        writer.keep_partial()
    else:
        writer.discard()
    assert writer.path is not None and writer.problem is None
    return writer.path


CORRUPT_NAME = "2026-11-05T1830-mini.toml"
CORRUPT = b'format = 1\nroutine = "Mini"\nstatus = "finished"\n\n[[set]]\nexercise = "Split sq'


def write_history(store: Store) -> list[Path]:
    paths = [write_session(store.sessions, number, *row) for number, row in enumerate(PLAN)]
    (store.sessions / CORRUPT_NAME).write_bytes(CORRUPT)
    return paths


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "sessions", tmp_path / "state" / "history-index.json")


def history_app(store: Store) -> RuntimerApp:
    return make_app(DATA, store=store, today=lambda: TODAY)


def screen_text(app: RuntimerApp) -> str:
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return "\n".join(str(widget.render()) for widget in screen.query("Static"))


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# ------------------------------------------------------------------ pictures


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_history_top(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Consistency over the six-week block and the latest sessions."""
    write_history(store)
    assert snap_compare(history_app(store), press=["h"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_history_bottom(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Scrolled to the end: the exercise charts and the file that was skipped."""
    write_history(store)
    assert snap_compare(history_app(store), press=["h", "end"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_history_empty(snap_compare, store: Store, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(history_app(store), press=["h"], terminal_size=size)


# ------------------------------------------------------------------ what it says


async def test_the_screen_shows_the_whole_history(store: Store) -> None:
    write_history(store)
    app = history_app(store)
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.press("h")
        shown = screen_text(app)
        assert "Block started Mon 12 Oct 2026; this is week 6 of 8–12." in shown
        assert "Recent sessions  (12 in all)" in shown
        assert "Fri 20 Nov 2026 07:30" in shown
        assert "Wed 18 Nov 2026 18:30" in shown and "partial" in shown
        assert "Thu 12 Nov 2026" not in shown  # discarded
        assert "Goblet squat  (7 sessions)" in shown
        assert "8 → 14 kg" in shown
        assert f"Skipped 1 file(s) that are not readable logs:\n  {CORRUPT_NAME}:6:21: " in shown
        await pilot.press("escape")
        assert isinstance(app.screen, MenuScreen)


# The reason as it follows the file's name: `NAME:6:21: message` when it has a place.
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (CORRUPT, ":6:21: not valid TOML, perhaps cut short or hand-edited"),
        (b"", ": empty file"),
        (b'title = "My packing list"\nitems = ["shoes"]\n', ": not a runtimer workout log"),
        (b"\xff\xfe\x00r\x00u\x00n", ":1:1: the file is not UTF-8 text (byte 0xff)"),
        (
            None,
            ":21:1: set 1: 'reps' must be a whole number from 0 to 999, got a string (\"twelve\")",
        ),
        (None, ": written by a newer runtimer (log format 9; this version reads format 2)"),
    ],
    ids=["truncated", "empty", "foreign", "binary", "hand-edited", "newer"],
)
async def test_a_file_that_is_not_a_log_is_listed_with_its_reason_and_left_alone(
    store: Store, content: bytes | None, reason: str
) -> None:
    good = write_session(store.sessions, 0, date(2026, 11, 20), 7, MINI, 0, Status.FINISHED)
    bad = store.sessions / "2026-11-19T1830-mini.toml"
    if content is None:  # a real log, then edited by hand
        text = good.read_text()
        if "reps" in reason:
            head, table, sets = text.partition("[[set]]")
            text = head + table + sets.replace("\nreps = 3", '\nreps = "twelve"', 1)
        else:
            text = text.replace(f"format = {FORMAT_VERSION}", "format = 9")
        content = text.encode()
    bad.write_bytes(content)
    before = digests(store.sessions)

    app = history_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("h")
        shown = screen_text(app)
        assert "Skipped 1 file(s) that are not readable logs:" in shown
        assert f"  {bad.name}{reason}" in shown
        assert "Recent sessions  (1 in all)" in shown  # the good one still counts
        await pilot.press("escape", "h")  # and again, from the index this time
        assert f"  {bad.name}{reason}" in screen_text(app)
    assert digests(store.sessions) == before  # not one byte changed, nothing added


async def test_a_foreign_file_and_a_folder_in_the_sessions_folder(store: Store) -> None:
    store.sessions.mkdir(parents=True)
    (store.sessions / "notes.txt").write_text("PBs: 5k 24:10\n")
    (store.sessions / "old").mkdir()
    before = digests(store.sessions / "old") | {"notes": (store.sessions / "notes.txt").read_text()}
    app = history_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("h")
        shown = screen_text(app)
        assert "No sessions recorded yet." in shown
        assert "  notes.txt: not a workout log (logs end in .toml)" in shown
        assert "  old: a folder, not a workout log" in shown
    after = digests(store.sessions / "old") | {"notes": (store.sessions / "notes.txt").read_text()}
    assert after == before


UNSAFE_NAMES = ["../../etc/x", "night\x00run", "Long " * 60, "/", "..", "C:\\Windows\\x"]


@pytest.mark.parametrize(
    "name", UNSAFE_NAMES, ids=["dotdot", "nul", "300", "slash", "dots", "drive"]
)
async def test_unsafe_routine_names_stay_inside_the_sessions_folder(
    tmp_path: Path, store: Store, name: str
) -> None:
    routine = Routine(name=name, exercises=(Exercise("Squat", sets=1, reps=5),))
    writer = SessionWriter.start(store.sessions, routine)
    writer.record_set(0, 1)
    writer.finish()
    path = writer.path
    assert path is not None and path.parent == store.sessions
    assert [p.name for p in tmp_path.rglob("*.toml")] == [path.name]
    assert len(path.name) < 80
    assert read_log(path).routine == name  # the name itself is kept, exactly

    app = history_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("h")
        shown = screen_text(app)
        assert "\x00" not in shown
        line = next(line for line in shown.splitlines() if "1/1 sets" in line)
        assert len(line) <= 80


async def test_a_routine_called_like_a_path_runs_and_logs_in_the_folder(
    tmp_path: Path, store: Store
) -> None:
    """Through the app: a routine file whose name tries to climb out of the folder."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "evil.toml").write_text(
        (DATA / "mini.toml").read_text().replace('name = "Mini"', 'name = "../../etc/x"')
    )
    app = make_app(folder, store=store, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space", "enter")  # start; warm-up; a set
    logs = list(tmp_path.rglob("*.toml"))
    assert sorted(p.parent for p in logs) == [folder, store.sessions]
    (log,) = store.sessions.glob("*.toml")
    assert re.search(r"-etc-x-[0-9a-f]{4}\.toml$", log.name)
    assert read_log(log).routine == "../../etc/x"


def test_sessions_are_spread_over_six_weeks() -> None:
    """The generated history is what the pictures claim to show."""
    days = sorted({row[0] for row in PLAN})
    assert (TODAY - days[0]).days // 7 + 1 == 6
    assert sorted({(day - days[0]).days // 7 for day in days}) == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("width", [20, 30, 55])
def test_a_line_too_wide_is_continued_indented_under_itself(width: int) -> None:
    text = "  2026-11-05T1830-mini.toml: not valid TOML, perhaps cut short or hand-edited"
    lines = fit(text, width)
    assert len(lines) > 1
    assert all(len(part) <= width for part in lines)
    assert all(part.startswith("      ") for part in lines[1:] if width >= 30)
    assert "".join("".join(lines).split()) == "".join(text.split())  # not a letter lost
    assert fit(text, len(text)) == [text]


async def test_h_reads_the_logs_in_a_thread_and_then_shows_them(tmp_path: Path) -> None:
    """The real app never blocks on a long history: the screen says it is reading,
    then shows the history when the read is done."""
    store = Store(tmp_path / "sessions", tmp_path / "index.json")
    app = make_app(store=store, background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "Consistency" in shown
        assert READING not in shown


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (45, 30)])
async def test_the_history_is_as_tall_as_its_fitted_text(
    store: Store, size: tuple[int, int]
) -> None:
    """Refitted to the screen's width, the text gets as many rows as it has lines, so
    scrolling to the end shows its last line (the end of a wrapped reason was cut off
    when the new height was measured against the old text)."""
    write_history(store)
    app = history_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("h", "end")
        await pilot.pause()
        text = app.screen.query_one("#history-text", Static)
        assert text.size.height == len(text.content.plain.split("\n"))
