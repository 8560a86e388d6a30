"""Hostile files around the routines: logs, the history index, the config, sounds.

Each was found to crash, hang or mislead runtimer before. Every reader must now give a
specific message (what is wrong and where) or quietly ignore a cache, never a
traceback or a hang, and never rewrite what the user recorded. The same hostile logs
go through every reader a user can reach: start-up, `h`, `runtimer history`,
`runtimer export`, the advice and the default weight.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from runtimer.cli.history import export_command, history_command, render_history
from runtimer.core.audio.wav import SoundFileError, decode_wav
from runtimer.core.config import load_sound_config
from runtimer.core.history.index import discard_files
from runtimer.core.history.store import load_history
from runtimer.core.plan import Side
from runtimer.core.records.codec import parse_log
from runtimer.core.records.files import read_log
from runtimer.core.records.model import FORMAT_VERSION, Status, Store, UnreadableLog
from runtimer.core.records.writer import SessionWriter
from runtimer.core.routine import Exercise, Load, Routine, Sides
from runtimer.core.safetext import terminal_safe
from runtimer.core.state import load_muted
from runtimer.ui.screens.history import HistoryScreen
from tests.apphelp import make_app, text

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 11, 16, 18, 30, tzinfo=TZ)
ROUTINE = Routine(
    name="Legs",
    exercises=(
        Exercise("Goblet squat", sets=2, reps=12, load=Load(8.0, "kg", 2.0)),
        Exercise("Side plank", sets=1, hold=30, sides=Sides.EACH),
    ),
)


class Wall:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def good_log_text(tmp_path: Path) -> str:
    """A finished log as runtimer writes it: two squat sets at 8 kg, a side plank."""
    wall = Wall(START)
    writer = SessionWriter.start(tmp_path / "scratch", ROUTINE, now=wall)
    for number in (1, 2):
        wall.now += timedelta(minutes=3)
        writer.record_set(0, number, load=8.0, duration=40)
    for side in (Side.LEFT, Side.RIGHT):
        wall.now += timedelta(minutes=1)
        writer.record_set(1, 1, side=side)
    writer.finish()
    assert writer.path is not None
    return writer.path.read_text(encoding="utf-8")


def swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (id, how to turn the good log into the hostile one, the reason it must be listed with)
HOSTILE_LOGS: list[tuple[str, Any, str]] = [
    (
        "3000-deep nested arrays",
        lambda t: t + "junk = " + "[" * 3000 + "]" * 3000 + "\n",
        "not valid TOML: lists or tables are nested far too deeply",
    ),
    (
        "a 5000-digit integer",
        lambda t: swap(t, "reps = 12", "reps = " + "1" * 5000),
        "not valid TOML: a number here has far too many digits",
    ),
    (
        "a key of 200,000 dotted parts",
        lambda t: t + "a." * 200_000 + "a = 1\n",
        "a key here has more than 256 dotted parts",
    ),
    (
        "a 400-digit reps",
        lambda t: swap(t, "planned_reps = 12\nreps = 12", "planned_reps = 12\nreps = " + "9" * 400),
        "set 1: 'reps' must be a whole number from 0 to 999, got 999999999999999999999999999...",
    ),
    (
        "load 1e308",
        lambda t: swap(t, "reps = 12\nload = 8.0", "reps = 12\nload = 1e308"),
        "set 1: 'load' must be from 0 to 1000, got 1e+308",
    ),
    (
        "load inf",
        lambda t: swap(t, "reps = 12\nload = 8.0", "reps = 12\nload = inf"),
        "set 1: 'load' must be from 0 to 1000, got inf",
    ),
    (
        "load nan",
        lambda t: swap(t, "reps = 12\nload = 8.0", "reps = 12\nload = nan"),
        "set 1: 'load' must be from 0 to 1000, got nan",
    ),
    (
        "a negative rest",
        lambda t: swap(t, "set_number = 2\n", "set_number = 2\nrest_before = -5\n"),
        "set 2: 'rest_before' must be from 0 to 86400, got -5",
    ),
    (
        "a unit with terminal escapes",
        lambda t: swap(t, 'unit = "kg"\nskipped', 'unit = "\\u001b]0;owned\\u0007"\nskipped'),
        'set 1: \'unit\' must be "kg" or "lb", got "\x1b]0;owned\x07"',
    ),
    (
        "year 1",
        lambda t: swap(t, "started = 2026-11-16T18:30:00+01:00", "started = 0001-01-01T00:00:00Z"),
        "'started' must be a date from 1970 to 2999, got 0001-01-01T00:00:00+00:00",
    ),
    (
        "an exercise index out of range",
        lambda t: swap(t, "exercise_index = 1", "exercise_index = 50"),
        "set 3: 'exercise_index' must be a whole number from 0 to 49, got 50",
    ),
    (
        "a set number of 0",
        lambda t: swap(t, "set_number = 2", "set_number = 0"),
        "set 2: 'set_number' must be a whole number from 1 to 30, got 0",
    ),
    (
        "a two-line routine name",
        lambda t: swap(t, 'routine = "Legs"', 'routine = "Legs\\nFinished: 99 sets"'),
        "'routine' must fit on one line",
    ),
    (
        "skipped as text",
        lambda t: swap(t, "skipped = false", 'skipped = "no"'),
        "set 1: 'skipped' must be true or false, got a string (\"no\")",
    ),
    (
        "a feeling that is not one",
        lambda t: swap(t, "skipped = false", 'feeling = "great"\nskipped = false'),
        'set 1: \'feeling\' must be "easy", "ok" or "hard", got "great"',
    ),
    (
        "a huge format number",
        lambda t: swap(t, f"format = {FORMAT_VERSION}", "format = 99999999999999999999"),
        "'format' must be a whole number from 1 to 1000000, got 99999999999999999999",
    ),
    (
        "sets that are not tables",
        lambda t: swap(
            t.split("[[set]]")[0], 'status = "finished"', 'status = "finished"\nset = [1, 2]'
        ),
        "set 1 must be a table, got an integer",
    ),
    (
        "ten thousand and one sets",
        lambda t: t + '[[set]]\nexercise = "x"\n' * 10_001,
        "'set' has 10,005 items; keep it to 10,000",
    ),
]
IDS = [case[0] for case in HOSTILE_LOGS]


@pytest.fixture(scope="module")
def good_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    return good_log_text(tmp_path_factory.mktemp("good"))


def hostile_store(tmp_path: Path, good_text: str, make: Any) -> tuple[Store, Path, bytes]:
    """A log folder with one good log (a week earlier) and the hostile one."""
    store = Store(tmp_path / "sessions", tmp_path / "state" / "index.json")
    store.sessions.mkdir(parents=True)
    earlier = good_text.replace("2026-11-16", "2026-11-09")
    (store.sessions / "2026-11-09T1830-legs.toml").write_text(earlier, encoding="utf-8")
    bad = store.sessions / "2026-11-16T1830-legs.toml"
    data = make(good_text).encode("utf-8")
    bad.write_bytes(data)
    return store, bad, data


@pytest.mark.parametrize(("case", "make", "reason"), HOSTILE_LOGS, ids=IDS)
def test_a_hostile_log_is_listed_with_its_reason_by_every_command(
    tmp_path: Path, good_text: str, case: str, make: Any, reason: str
) -> None:
    store, bad, data = hostile_store(tmp_path, good_text, make)
    with pytest.raises(UnreadableLog) as caught:
        read_log(bad)
    assert reason in caught.value.reason
    assert caught.value.line is not None and caught.value.column is not None
    located = f"{caught.value.line}:{caught.value.column}: {caught.value.reason}"

    for _ in range(2):  # cold, then through the index it wrote
        history = load_history(store)
        assert [s.path.name for s in history.sessions if s.path] == ["2026-11-09T1830-legs.toml"]
        assert [(u.name, u.reason) for u in history.unreadable] == [(bad.name, located)]
        assert "\x1b" not in render_history(history, START.date())

    out = io.StringIO()
    assert history_command(out, store, today=START.date()) == 0
    assert terminal_safe(f"{bad.name}:{located}") in out.getvalue()
    assert "\x1b" not in out.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert export_command("-", out, err, store) == 0
    assert len(out.getvalue().splitlines()) == 1 + 4  # the good log's sets only
    assert "skipped 1 unreadable file(s)" in err.getvalue()
    assert bad.read_bytes() == data  # never rewritten


@pytest.mark.parametrize(("case", "make", "reason"), HOSTILE_LOGS[:8], ids=IDS[:8])
async def test_a_hostile_log_never_stops_the_app_or_sets_the_weight(
    tmp_path: Path, good_text: str, case: str, make: Any, reason: str
) -> None:
    """Start-up, `h`, and starting the routine: the hostile log is skipped, the good
    one is last time, and its 8 kg (never a 1e308 or a 400-digit number) is the load."""
    store, bad, _ = hostile_store(tmp_path, good_text, make)
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "legs.toml").write_text(
        'name = "Legs"\n[[exercise]]\nname = "Goblet squat"\nsets = 2\nreps = 12\n'
        "load = 6\nload_step = 2\n",
        encoding="utf-8",
    )
    app = make_app(folder, store=store, today=lambda: START.date())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        shown = app.screen.query_one("#history-text").render()
        assert re.search(rf"{re.escape(bad.name)}:[0-9]+:[0-9]+: ", str(shown))
        await pilot.press("escape", "enter")
        assert text(app, "#title") == "GOBLET SQUAT"
        assert text(app, "#subtitle") == "set 1 of 2  ·  8 kg"
        assert text(app, "#history-line").startswith("last: 2×12 @ 8 kg")


# ------------------------------------------------------------------ special files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_device_in_the_log_folder_is_listed_not_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "index.json")
    store.sessions.mkdir()
    os.mkfifo(store.sessions / "pipe.toml")
    (store.sessions / "zero.toml").symlink_to("/dev/zero")
    history = load_history(store)  # returns at once: nothing blocks on the FIFO
    assert [(u.name, u.reason) for u in history.unreadable] == [
        ("pipe.toml", "a named pipe (FIFO), not a regular file"),
        ("zero.toml", "a device or socket, not a regular file"),
    ]


# ------------------------------------------------------------------ the index


def write_index(store: Store, raw: bytes) -> None:
    """Replace the index database (and its journal) with `raw` bytes."""
    assert store.index is not None
    discard_files(store.index)
    store.index.parent.mkdir(parents=True, exist_ok=True)
    store.index.write_bytes(raw)


def edited_entry(store: Store, change: Any) -> None:
    """Rewrite the good log's rows in the index with `change`, applied to them as
    {"log": head, "exercises": rows, "sets": rows} (the log file is untouched); an
    "error" key becomes the file's reason for being unreadable."""
    assert store.index is not None
    with contextlib.closing(sqlite3.connect(store.index, isolation_level=None)) as db:
        (name, head, exercises, sets) = db.execute(
            "SELECT name, head, exercises, sets FROM sessions"
        ).fetchone()
        entry = {"log": json.loads(head), "exercises": json.loads(exercises)}
        entry["sets"] = json.loads(sets)
        change(entry)
        db.execute(
            "UPDATE sessions SET head = ?, exercises = ?, sets = ? WHERE name = ?",
            (
                json.dumps(entry.get("log")),
                json.dumps(entry.get("exercises")),
                json.dumps(entry.get("sets")),
                name,
            ),
        )
        if "error" in entry:
            db.execute("UPDATE files SET error = ? WHERE name = ?", (entry["error"], name))


def in_first_set(key: str, value: object) -> Any:
    """A change to one value of the entry's first set row."""
    from runtimer.core.records.codec import SET_FIELDS

    def change(entry: dict[str, Any]) -> None:
        entry["sets"][0][SET_FIELDS.index(key)] = value

    return change


HOSTILE_ENTRIES: list[tuple[str, Any]] = [
    ("a 400-digit reps", in_first_set("reps", int("9" * 400))),
    ("load 1e308", in_first_set("load", 1e308)),
    ("a unit with escapes", in_first_set("unit", "\x1b]52;c;aGk=\x07")),
    ("a set that is not a row", lambda e: e["sets"].__setitem__(0, {"reps": 1})),
    ("a row too short", lambda e: e["sets"][0].pop()),
    ("sets that are not a list", lambda e: e.update(sets="x")),
    ("a log that is a list", lambda e: e.update(log=[1, 2, 3])),
    ("no log at all", lambda e: e.pop("log")),
    ("a long error", lambda e: e.update(error="x" * 100_000)),
    ("an error that is a number", lambda e: e.update(error=7)),
    ("a path out of the folder", lambda e: e["log"].update(routine_path="/etc/shadow")),
]


@pytest.mark.parametrize(("case", "change"), HOSTILE_ENTRIES, ids=[c[0] for c in HOSTILE_ENTRIES])
def test_a_hand_edited_index_entry_is_ignored_and_the_log_read_instead(
    tmp_path: Path, good_text: str, case: str, change: Any
) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "state" / "index.json")
    store.sessions.mkdir(parents=True)
    (store.sessions / "2026-11-16T1830-legs.toml").write_text(good_text, encoding="utf-8")
    expected = load_history(store)
    edited_entry(store, change)
    history = load_history(store)
    assert history.unreadable == ()
    if case != "a path out of the folder":  # valid data: the cache may serve it
        assert history.sessions == expected.sessions
    (session,) = history.sessions
    assert [s.load for s in session.sets][:2] == [8.0, 8.0]
    assert {s.unit for s in session.sets if s.unit} == {"kg"}


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b"{}" * 10, b"not json", b'{"x": 1e999999}'],
    ids=["deep", "garbage", "text", "huge float"],
)
def test_an_index_that_is_not_one_is_rebuilt(tmp_path: Path, good_text: str, body: bytes) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "state" / "index.json")
    store.sessions.mkdir(parents=True)
    (store.sessions / "2026-11-16T1830-legs.toml").write_text(good_text, encoding="utf-8")
    write_index(store, body)
    history = load_history(store)
    assert len(history.sessions) == 1 and history.unreadable == ()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_an_index_that_is_a_special_file_is_ignored_without_hanging(
    tmp_path: Path, good_text: str, kind: str
) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "state" / "index.json")
    store.sessions.mkdir(parents=True)
    (store.sessions / "2026-11-16T1830-legs.toml").write_text(good_text, encoding="utf-8")
    assert store.index is not None
    store.index.parent.mkdir(parents=True)
    if kind == "fifo":
        os.mkfifo(store.index)
    elif kind == "dev-zero":
        store.index.symlink_to("/dev/zero")
    else:
        store.index.mkdir()
    history = load_history(store)
    assert len(history.sessions) == 1
    out = io.StringIO()
    assert history_command(out, store, today=START.date()) == 0


# ------------------------------------------------------------------ the config


CONFIG_CASES: list[tuple[str, bytes, str]] = [
    (
        "a 5000-digit volume",
        b"[sound]\nvolume = " + b"1" * 5000 + b"\n",
        "{cfg}:2:10: not valid TOML: a number here has far too many digits. Fix the "
        "file; until then all settings use their defaults.",
    ),
    (
        "3000-deep nesting",
        b"[sound]\nvolume = " + b"[" * 3000 + b"]" * 3000 + b"\n",
        "{cfg}:2:10: not valid TOML: lists or tables are nested far too deeply. Fix the "
        "file; until then all settings use their defaults.",
    ),
    (
        "a key of 200,000 dotted parts",
        b"[sound]\n" + b"a." * 200_000 + b"a = 1\n",
        "{cfg}:2:1: a key here has more than 256 dotted parts; no real key has so many "
        "(write it with fewer dots). Fix the file; until then all settings use their "
        "defaults.",
    ),
    (
        "an infinite volume",
        b"[sound]\nvolume = inf\n",
        "{cfg}:2:1: sound: 'volume' must be from 0 to 1, got inf. Using full volume.",
    ),
]


@pytest.mark.parametrize(("case", "data", "notice"), CONFIG_CASES, ids=[c[0] for c in CONFIG_CASES])
def test_a_hostile_config_gives_one_notice_and_the_defaults(
    tmp_path: Path, case: str, data: bytes, notice: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    config, notices = load_sound_config(path)
    assert notices == [notice.format(cfg=path)]
    assert config.volume == 1.0


def test_a_config_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf[sound]\nvolume = 0.5\n")
    assert load_sound_config(path)[0].volume == 0.5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_config_state_or_sound_that_is_a_special_file_never_hangs(
    tmp_path: Path, kind: str
) -> None:
    def special(path: Path) -> Path:
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
        return path

    config = special(tmp_path / "config.toml")
    assert load_sound_config(config)[1] == [
        f"{config}:1:1: the file cannot be read ("
        + ("a named pipe (FIFO)" if kind == "fifo" else "a device or socket")
        + ", not a regular file). All settings use their defaults."
    ]
    state = special(tmp_path / "state.toml")
    muted, notices = load_muted(state)
    assert muted is False and len(notices) == 1
    wav = special(tmp_path / "gong.wav")
    with pytest.raises(SoundFileError, match="not a regular file"):
        decode_wav(wav)


# ------------------------------------------------------------------ any input at all


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_log_or_an_unreadable_log(data: bytes) -> None:
    try:
        log = parse_log(data)
    except UnreadableLog as error:
        assert error.reason
    else:
        assert log.format >= 1


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.datetimes(timezones=st.just(UTC)),
)
_TABLES = st.dictionaries(
    st.sampled_from(
        [
            "exercise",
            "exercise_index",
            "set_number",
            "started",
            "ended",
            "side",
            "reps",
            "held",
            "load",
            "unit",
            "feeling",
            "rest_before",
            "skipped",
            "index",
            "name",
            "sets",
            "hold",
            "sides",
            "load_step",
            "planned_reps",
            "planned_hold",
            "stopped",
            "resumed",
        ]
    ),
    _SCALARS,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {"format": st.one_of(st.just(1), st.integers()), "routine": _SCALARS},
        optional={
            "status": st.sampled_from(["finished", "partial", "in_progress", "x"]),
            "started": _SCALARS,
            "ended": _SCALARS,
            "active_seconds": _SCALARS,
            "exercise": st.lists(_TABLES, max_size=3),
            "set": st.lists(_TABLES, max_size=4),
            "interruption": st.lists(_TABLES, max_size=2),
        },
    )
)
def test_any_toml_document_gives_a_log_or_an_unreadable_log(document: dict[str, Any]) -> None:
    from runtimer.core.records.codec import session_from_dict

    try:
        log = session_from_dict(document)
    except UnreadableLog as error:
        assert error.reason
    else:  # what it accepted is fit to show and to compute with
        for record in log.sets:
            assert record.reps is None or 0 <= record.reps <= 999
            assert record.load is None or 0 <= record.load <= 1000
        assert log.duration.total_seconds() >= 0
        assert log.status in Status


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_config_give_settings_and_notices(
    tmp_path_factory: Any, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_bytes(data)
    config, notices = load_sound_config(path)
    assert 0 <= config.volume <= 1
    assert all(isinstance(notice, str) for notice in notices)


_SET_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=1100),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["left", "right", "easy", "ok", "hard", "kg", "lb", "x", "a\nb"]),
    st.text(max_size=5),
    st.sampled_from(["2026-11-21T18:30:05+01:00", "2026-11-21T18:30:05", "0001-01-01T00:00:00Z"]),
    st.datetimes(timezones=st.just(UTC)),
    st.lists(st.integers(), max_size=2),
)
_SET_KEYS = [
    "exercise",
    "exercise_index",
    "set_number",
    "started",
    "ended",
    "side",
    "planned_reps",
    "planned_hold",
    "reps",
    "held",
    "load",
    "unit",
    "feeling",
    "rest_before",
    "skipped",
]
_GOOD_SET = {
    "exercise": "Squat",
    "exercise_index": 0,
    "set_number": 1,
    "started": "2026-11-21T18:30:05+01:00",
    "ended": "2026-11-21T18:31:05+01:00",
    "reps": 12,
    "load": 8.0,
    "unit": "kg",
    "skipped": False,
}


@settings(max_examples=400, deadline=None)
@example(changes={})
@given(st.dictionaries(st.sampled_from(_SET_KEYS), _SET_VALUES, max_size=6))
def test_the_quick_and_the_careful_set_check_agree(changes: dict[str, Any]) -> None:
    """`_sound_set` (the quick pass for sets as runtimer writes them) may only accept
    what the careful `_checked_set` accepts, and must build the same record."""
    from runtimer.core.records.codec import SET_FIELDS, _checked_set, _sound_set

    data = {**_GOOD_SET, **changes}
    quick = _sound_set([data.get(name) for name in SET_FIELDS])
    if changes == {}:
        assert quick is not None  # the good set takes the quick pass
    try:
        careful = _checked_set(data, 1)
    except UnreadableLog:
        assert quick is None
    else:
        assert quick is None or quick == careful


_EXERCISE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=1100),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["both", "each", "alternating", "kg", "lb", "x", "a\nb", "Squat"]),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
)
_GOOD_EXERCISE = {"index": 0, "name": "Squat", "sets": 2, "reps": 12, "sides": "both", "load": 8.0}


@settings(max_examples=300, deadline=None)
@example(changes={})
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "index",
                "name",
                "sets",
                "reps",
                "hold",
                "sides",
                "load",
                "unit",
                "load_step",
                "find_weight",
            ]
        ),
        _EXERCISE_VALUES,
        max_size=5,
    )
)
def test_the_quick_and_the_careful_exercise_check_agree(changes: dict[str, Any]) -> None:
    from runtimer.core.records.codec import EXERCISE_FIELDS, _checked_exercise, _sound_exercise

    data = {**_GOOD_EXERCISE, **changes}
    quick = _sound_exercise([data.get(name) for name in EXERCISE_FIELDS])
    if changes == {}:
        assert quick is not None
    try:
        careful = _checked_exercise(data, 1)
    except UnreadableLog:
        assert quick is None
    else:
        assert quick is None or quick == careful


def test_the_index_rows_give_back_the_log_they_were_made_of(tmp_path: Path) -> None:
    from runtimer.core.records.codec import session_from_rows, session_rows

    log = parse_log(good_log_text(tmp_path).encode())
    assert session_from_rows(*session_rows(log)) == log
