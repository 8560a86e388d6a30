"""The quick readers of a log are exactly as strict as tomllib and the codec.

A log runtimer wrote is read block by block (`quickrows`) or line by line
(`quickread`) instead of by tomllib, for speed: 10,000 logs must become the history
index in a few seconds. Whatever either accepts must be what tomllib reads from the
same text, value for value, and the log it makes the log the careful path makes;
anything else must be left to the careful path. These tests hold them to that on
logs the writer makes from generated sessions, and on those logs damaged at random.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from runtimer.core.feeling import Feeling
from runtimer.core.history.index import _dumps
from runtimer.core.plan import Side
from runtimer.core.records.codec import (
    EXERCISE_FIELDS,
    SET_FIELDS,
    _quick_log,
    exercise_from_row,
    parse_log,
    parse_log_json,
    session_from_dict,
    session_rows,
    session_to_toml,
    set_from_row,
)
from runtimer.core.records.model import (
    ExerciseInfo,
    Interruption,
    ProgramRecord,
    SessionLog,
    SetRecord,
    Status,
    TargetRecord,
    UnreadableLog,
)
from runtimer.core.records.quickread import quick_parse
from runtimer.core.records.quickrows import EXERCISE_KEYS, SET_KEYS, quick_rows
from runtimer.core.routine import Sides

_OWN = ("exercise", "set")

# -------------------------------------------------------------- generated logs

_NAMES = st.one_of(
    st.sampled_from(["Goblet squat", "Calf raise", "Plank", "", "Ünïcode 💪", "a,b = c"]),
    st.text(max_size=12),  # quotes, backslashes, control characters: escaped by the writer
)
_ZONES = st.one_of(
    st.just(UTC),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    ),
)
_MOMENTS = st.builds(
    lambda day, seconds, zone: (
        datetime(2026, 1, 1, tzinfo=zone) + timedelta(days=day, seconds=seconds)
    ),
    st.integers(min_value=-20_000, max_value=20_000),
    st.integers(min_value=0, max_value=86_399),
    _ZONES,
)
_AMOUNTS = st.one_of(
    st.none(),
    st.sampled_from([0.0, 2.5, 8.0, 27.46, 1e-7, 1e16, 0.1 + 0.2]),
    st.floats(min_value=0, max_value=1000, allow_nan=False),
)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


_SETS = st.builds(
    SetRecord,
    exercise=_NAMES,
    exercise_index=st.integers(min_value=0, max_value=30),
    set_number=st.integers(min_value=1, max_value=12),
    started=_MOMENTS,
    ended=_MOMENTS,
    side=_maybe(st.sampled_from(Side)),
    planned_reps=_maybe(st.integers(min_value=1, max_value=40)),
    planned_hold=_maybe(st.integers(min_value=1, max_value=300)),
    reps=_maybe(st.integers(min_value=0, max_value=40)),
    held=_AMOUNTS,
    load=_AMOUNTS,
    unit=_maybe(st.sampled_from(["kg", "lb"])),
    feeling=_maybe(st.sampled_from(Feeling)),
    rest_before=_AMOUNTS,
    skipped=st.booleans(),
    warmup=st.booleans(),
    planned_work=_maybe(st.integers(min_value=1, max_value=3600)),
    planned_distance=_maybe(st.floats(min_value=1, max_value=5000)),
    worked=_AMOUNTS,
    override=st.booleans(),
)
_EXERCISES = st.builds(
    ExerciseInfo,
    index=st.integers(min_value=0, max_value=30),
    name=_NAMES,
    sets=st.integers(min_value=1, max_value=10),
    reps=_maybe(st.integers(min_value=1, max_value=40)),
    hold=_maybe(st.integers(min_value=1, max_value=300)),
    sides=st.sampled_from(Sides),
    load=_AMOUNTS,
    unit=_maybe(st.sampled_from(["kg", "lb"])),
    load_step=_maybe(st.sampled_from([0.5, 1.0, 2.0, 2.5])),
    circuit=_maybe(st.sampled_from(["A", "b-2", "x_y"])),
    find_weight=st.booleans(),
)
_LOGS = st.builds(
    SessionLog,
    routine=_NAMES,
    started=_MOMENTS,
    status=st.sampled_from(Status),
    ended=_maybe(_MOMENTS),
    routine_path=st.sampled_from(["", "/home/me/.config/runtimer/routines/legs.toml"]),
    routine_sha256=st.sampled_from(["", "0" * 64]),
    exercises=st.lists(_EXERCISES, max_size=4).map(tuple),
    sets=st.lists(_SETS, max_size=6).map(tuple),
    active_seconds=_maybe(st.floats(min_value=0, max_value=20_000).map(lambda s: round(s, 1))),
    interruptions=st.lists(st.builds(Interruption, _MOMENTS, _MOMENTS), max_size=2).map(tuple),
)


def _tables(doc: dict[str, Any], name: str, fields: tuple[str, ...]) -> list[list[Any]]:
    return [[table.get(field) for field in fields] for table in doc.get(name, [])]


def _exact(value: Any) -> str:
    """A value as `repr` shows it: datetimes with their very time zone, 1 apart from
    1.0 and True."""
    return repr(value)


def _assert_as_tomllib_reads(text: str) -> None:
    """What the quick readers make of `text` is what tomllib makes of it, or nothing;
    the log the quick path makes is the log the careful path makes."""
    try:
        doc: dict[str, Any] | None = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        doc = None
    found = quick_rows(text)
    if found is not None:
        assert doc is not None, "the block reader took a document tomllib refuses"
        head = {key: value for key, value in doc.items() if key not in _OWN}
        assert _exact(found.head) == _exact(head)
        assert _exact(found.exercises) == _exact(_tables(doc, "exercise", EXERCISE_FIELDS))
        assert _exact(found.sets) == _exact(_tables(doc, "set", SET_FIELDS))
    lines = quick_parse(text)
    if lines is not None:
        assert doc is not None, "the line reader took a document tomllib refuses"
        assert _exact(lines) == _exact(doc)
    quick = _quick_log(text, None)
    if quick is not None:
        assert doc is not None
        try:
            careful: SessionLog | None = session_from_dict(doc)
        except UnreadableLog:
            careful = None
        log, (exercise_json, set_json) = quick
        assert careful is not None, "the quick path took a log the careful one refuses"
        assert _exact(log) == _exact(careful)
        # The index's rows made from the text read back as the very same records.
        assert [exercise_from_row(json.loads(row)) for row in exercise_json] == list(log.exercises)
        assert [set_from_row(json.loads(row)) for row in set_json] == list(log.sets)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LOGS)
def test_a_log_the_writer_makes_reads_the_same_quick_or_careful(log: SessionLog) -> None:
    text = session_to_toml(log)
    _assert_as_tomllib_reads(text)
    try:
        careful = session_from_dict(tomllib.loads(text))
    except UnreadableLog:  # a value out of range: refused either way
        with pytest.raises(UnreadableLog):
            parse_log_json(text.encode())
        return
    read, rows = parse_log_json(text.encode())
    assert read == careful
    if rows is not None:
        # Straight from the file's text, the index's rows are byte for byte the rows
        # the codec writes.
        _head, exercises, sets = session_rows(read)
        assert rows == ([_dumps(row) for row in exercises], [_dumps(row) for row in sets])


def _plain_log(sets: int = 3) -> str:
    moment = datetime(2026, 11, 21, 18, 30, tzinfo=timezone(timedelta(hours=1)))
    exercises = (
        ExerciseInfo(0, "Goblet squat", 2, reps=12, load=8.0, unit="kg", load_step=2.0),
        ExerciseInfo(1, "Split squat", 2, reps=8, sides=Sides.EACH, circuit="A"),
    )
    records = tuple(
        SetRecord(
            "Goblet squat",
            0,
            n,
            moment + timedelta(minutes=2 * n),
            moment + timedelta(minutes=2 * n + 1),
            planned_reps=12,
            reps=12,
            load=8.0,
            unit="kg",
            feeling=Feeling.EASY,
            rest_before=90.5,
        )
        for n in range(1, sets + 1)
    )
    log = SessionLog(
        "Full body",
        moment,
        Status.FINISHED,
        moment + timedelta(hours=1),
        "/home/me/legs.toml",
        "0" * 64,
        exercises,
        records,
        active_seconds=1834.5,
    )
    return session_to_toml(log)


def test_the_common_log_takes_the_block_reader() -> None:
    """Speed: the logs runtimer writes, of every shape, take the quick path."""
    text = _plain_log()
    assert quick_rows(text) is not None
    assert _quick_log(text, None) is not None
    assert quick_rows(text + "\n\n") is not None  # an editor's blank lines at the end


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LOGS)
def test_every_log_the_writer_makes_of_plain_values_takes_the_block_reader(
    log: SessionLog,
) -> None:
    """Every key the writer writes, with values it writes without an escape or an
    exponent, takes the quick path: a key added to the writer and not to
    `quickrows` would send every log to tomllib (right, but slow)."""

    def plain(name: str) -> str:
        return "".join(c for c in name if c.isalnum() or c in " ,=-") or "x"

    def amount(value: float | None) -> float | None:
        return None if value is None else round(min(value, 999.0), 1)

    sets = tuple(
        replace(
            r,
            exercise=plain(r.exercise),
            held=amount(r.held),
            load=amount(r.load),
            rest_before=amount(r.rest_before),
            planned_distance=amount(r.planned_distance),
            worked=amount(r.worked),
        )
        for r in log.sets
    )
    exercises = tuple(replace(e, name=plain(e.name), load=amount(e.load)) for e in log.exercises)
    why = "+2 kg: two weeks at 8 kg and no set felt hard, so a little more"
    target = TargetRecord(0, "Goblet squat", 3, 8, None, 10.0, "kg", 150, why, True)
    program = ProgramRecord("strength-for-runners", 2, 1, (target,)) if log.sets else None
    log = replace(log, routine=plain(log.routine), exercises=exercises, sets=sets, program=program)
    found = quick_rows(session_to_toml(log))
    assert found is not None
    assert _exact(found.sets) == _exact(
        _tables(tomllib.loads(session_to_toml(log)), "set", SET_FIELDS)
    )


# What a hand, an editor, a sync tool or a bad disk may put in a log.
_DAMAGE = st.sampled_from(
    [
        '"',
        "\\",
        "\t",
        "\x01",
        "\x7f",
        "\r",
        "#",
        " ",
        "\n",
        "\n\n",
        "[[set]]\n",
        "[[exercise]]\n",
        "[[interruption]]\n",
        "[program]\n",
        "reps = 3\n",
        "exercise = []\n",
        "set = []\n",
        "started = 2026-01-01T10:00:00Z\n",
        " = ",
        "=",
        "1e5",
        "+01:75",
        "+24:00",
        "-00:00",
        "Z",
        "T",
        "t",
        "2026-02-30",
        "-",
        "0",
        "00",
        "_",
        ".",
        "true",
        "inf",
        "x",
        "é",
        "{ ",
        " }",
        ", ",
        "[",
        "]",
    ]
)


@st.composite
def _damaged(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([_plain_log(), _inline_log(), _program_log()]))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        if kind == "insert":
            text = text[:at] + draw(_DAMAGE) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=8)) :]
        else:
            text = text[:at] + draw(_DAMAGE) + text[at + 1 :]
    return text


def _inline_log() -> str:
    """A log whose exercises and interruptions tomli_w writes as inline tables."""
    moment = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    log = SessionLog(
        "Core",
        moment,
        Status.PARTIAL,
        moment + timedelta(minutes=30),
        exercises=(ExerciseInfo(0, "Plank", 2, hold=30),),
        sets=(SetRecord("Plank", 0, 1, moment, moment + timedelta(seconds=31), held=30.0),),
        interruptions=(Interruption(moment, moment + timedelta(minutes=5)),),
    )
    return session_to_toml(log)


def _program_log() -> str:
    """A session of a program: its `[program]` record before the exercises."""
    moment = datetime(2026, 3, 2, 7, 0, tzinfo=timezone(timedelta(hours=-5)))
    targets = (
        TargetRecord(0, "Goblet squat", 3, 8, None, 10.0, "kg", 150, "+2 kg: no set hard", True),
        TargetRecord(1, "Plank", 3, None, 30, None, "kg", 60),
    )
    log = SessionLog(
        "Strength A",
        moment,
        Status.FINISHED,
        moment + timedelta(minutes=40),
        exercises=(ExerciseInfo(0, "Goblet squat", 3, reps=8, load=10.0, unit="kg"),),
        sets=(SetRecord("Goblet squat", 0, 1, moment, moment, reps=8, load=10.0, unit="kg"),),
        program=ProgramRecord("strength-for-runners", 3, 1, targets),
    )
    return session_to_toml(log)


def test_a_program_session_takes_the_block_reader() -> None:
    text = _program_log()
    assert "\n[program]\n" in text
    quick = _quick_log(text, None)
    assert quick is not None and quick[0].program is not None
    _assert_as_tomllib_reads(text)


def test_a_log_with_inline_tables_takes_the_block_reader() -> None:
    text = _inline_log()
    assert "exercise = [\n    {" in text and "interruption = [\n    {" in text
    assert _quick_log(text, None) is not None
    _assert_as_tomllib_reads(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(text=_plain_log().replace("+01:00\n", "+01:75\n", 1))
@example(text="# a control character \x01 in a comment\n" + _plain_log())
@example(text=_plain_log().replace("2026-11-21T", "2026-02-30T", 1))
@example(text=_plain_log().replace("[[set]]\n", "set = []\n\n[[set]]\n", 1))
@given(_damaged())
def test_a_damaged_log_reads_as_tomllib_reads_it_or_takes_the_careful_path(text: str) -> None:
    _assert_as_tomllib_reads(text)
    # And whichever path it takes, a log is read or refused the same way.
    try:
        careful: SessionLog | str = session_from_dict(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, UnreadableLog, ValueError):
        careful = "refused"
    try:
        read: SessionLog | str = parse_log(text.encode())
    except UnreadableLog:
        read = "refused"
    assert _exact(read) == _exact(careful)


def test_the_flags_left_out_are_false_as_the_records_say() -> None:
    """The index's row of a set that leaves out `warmup` says false: the record's default."""
    for record, keys in ((SetRecord, SET_KEYS), (ExerciseInfo, EXERCISE_KEYS)):
        for key, kind in keys:
            if kind == "boolean" and key in record.__dataclass_fields__:
                assert record.__dataclass_fields__[key].default is False
