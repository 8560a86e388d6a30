"""A program on the calendar, with an injected today: weeks, the rotation, sessions
# ruff: noqa: E501 (one row of the table per line)
this week against the target, missed weeks, deloads and the end of the block."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from runtimer.core.program.calendar import DeloadReason, Done, Status, program_day, week_of
from runtimer.core.program.model import Deload, Program

START = date(2026, 12, 7)  # a Monday
AB = Program("AB", weeks=4, sessions_per_week=(2, 3), routines=("a", "b"))
DAYS = Program("Days", weeks=4, sessions_per_week=(2, 2), days=((0, "a"), (3, "b")))
DELOADS = Program(
    "Deloads", weeks=4, sessions_per_week=(2, 3), routines=("a",), deload=Deload(weeks=(3,))
)


def on(offset: int, routine: str = "a", hard: bool = False) -> Done:
    return Done(START + timedelta(days=offset), routine, hard)


# expected: the status, days from today (or the start) to the next session, its
# routine, why it is a deload (None: it is not) and the headline.
@pytest.mark.parametrize(
    ("program", "today", "done", "expected"),
    [
        pytest.param(
            AB,
            -3,
            [],
            (Status.NOT_STARTED, 0, "a", None, "starts 7 Dec (in 3 days)"),
            id="before the start",
        ),
        pytest.param(
            AB,
            0,
            [],
            (Status.TRAIN, 0, "a", None, "week 1 of 4 · session 1 of 3 this week"),
            id="the first day",
        ),
        pytest.param(
            AB,
            0,
            [on(0)],
            (Status.DONE_TODAY, 1, "b", None, "week 1 of 4 · 1 of 2–3 done this week"),
            id="done today: B tomorrow, never two in a day",
        ),
        pytest.param(
            AB,
            4,
            [on(0), on(2, "b")],
            (Status.TRAIN, 0, "a", None, "week 1 of 4 · session 3 of 3 this week"),
            id="A, B, then A again",
        ),
        pytest.param(
            AB,
            5,
            [on(0), on(2, "b"), on(4)],
            (Status.WEEK_DONE, 2, "b", None, "week 1 of 4 · 3 of 2–3 done this week"),
            id="three done: rest until next week",
        ),
        pytest.param(
            AB,
            16,
            [on(0), on(2, "b")],
            (
                Status.TRAIN,
                0,
                "a",
                DeloadReason.MISSED_WEEK,
                "week 3 of 4 · session 1 of 3 this week",
            ),
            id="a missed week: the rotation goes on and the session is a deload",
        ),
        pytest.param(
            AB,
            8,
            [],
            (
                Status.TRAIN,
                0,
                "a",
                DeloadReason.MISSED_WEEK,
                "week 2 of 4 · session 1 of 3 this week",
            ),
            id="nothing in week 1: start with a deload",
        ),
        pytest.param(
            AB,
            4,
            [on(0, hard=True), on(2, "b", hard=True)],
            (
                Status.TRAIN,
                0,
                "a",
                DeloadReason.HARD_SESSIONS,
                "week 1 of 4 · session 3 of 3 this week",
            ),
            id="two hard sessions in a row",
        ),
        pytest.param(
            AB,
            7,
            [on(0, hard=True), on(2, "b", hard=True), on(4)],
            (Status.TRAIN, 0, "b", None, "week 2 of 4 · session 1 of 3 this week"),
            id="an easier session ends the run of hard ones",
        ),
        pytest.param(
            DELOADS,
            15,
            [on(9), on(11)],
            (
                Status.TRAIN,
                0,
                "a",
                DeloadReason.SCHEDULED,
                "week 3 of 4 · session 1 of 3 this week",
            ),
            id="a scheduled deload week",
        ),
        pytest.param(
            AB,
            28,
            [on(0)],
            (Status.OVER, 1, "b", None, "all 4 weeks done"),
            id="the block is over",
        ),
        pytest.param(
            DAYS,
            1,
            [on(0)],
            (Status.REST_DAY, 2, "b", None, "week 1 of 4 · 1 of 2 done this week"),
            id="days: Tuesday is a rest day, Thursday is B",
        ),
        pytest.param(
            DAYS,
            3,
            [],
            (Status.TRAIN, 0, "b", None, "week 1 of 4 · session 1 of 2 this week"),
            id="days: Monday missed, Thursday is still B",
        ),
    ],
)
def test_where_the_program_stands(
    program: Program,
    today: int,
    done: list[Done],
    expected: tuple[Status, int, str, DeloadReason | None, str],
) -> None:
    day = START + timedelta(days=today)
    found = program_day(program, START, day, done)
    status, ahead, routine, deload, headline = expected
    assert found.status is status
    assert found.next_day == max(day, START) + timedelta(days=ahead)
    assert found.next_routine == routine
    assert found.deload is deload
    assert found.headline == headline


def test_missed_weeks_are_listed_and_late_in_the_week_nothing_is_crammed() -> None:
    day = START + timedelta(days=20)  # the Sunday of week 3
    found = program_day(AB, START, day, [on(0), on(2, "b")])
    assert found.missed_weeks == (2,)
    assert found.advice == (
        "One session today; 2 this week is out of reach now, so do what is left and never "
        "two in a day."
    )


def test_weeks_count_from_the_start_date() -> None:
    assert [week_of(START, START + timedelta(days=d)) for d in (-1, 0, 6, 7, 69)] == [
        0,
        1,
        1,
        2,
        10,
    ]
