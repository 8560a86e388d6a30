"""Durations as people write them in routine files, and how they are shown back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runtimer.core.durations import DurationError, parse_duration, type_name
from runtimer.core.routine import format_clock, format_duration, format_estimate


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        (90, 90),
        (0, 0),
        ("90", 90),
        (" 45 ", 45),
        ("45s", 45),
        ("45 s", 45),
        ("45 sec", 45),
        ("45 secs", 45),
        ("45 seconds", 45),
        ("2m", 120),
        ("2 min", 120),
        ("2 minutes", 120),
        ("1m30s", 90),
        ("1m 30s", 90),
        ("1 min 30 sec", 90),
        ("1M30S", 90),
        ("1:30", 90),
        ("0:05", 5),
        ("10:00", 600),
        ("1h", 3600),
        ("1 hour", 3600),
        ("1:00:00", 3600),
        ("1h30m", 5400),
        ("1:02:03", 3723),
    ],
)
def test_every_documented_form_is_understood(written: object, seconds: int) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("90x", '"90x" is not a duration'),
        ("1:75", '"1:75" is not a duration'),
        ("1.5m", '"1.5m" is not a duration'),
        ("1m1m", '"1m1m" is not a duration'),
        ("m", '"m" is not a duration'),
        ("-5s", '"-5s" is not a duration'),
        ("", "the duration is empty"),
        ("   ", "the duration is empty"),
        (1.5, "1.5 is not a whole number of seconds"),
        (90.0, "90.0 is not a whole number of seconds"),
        (True, "expected a duration, got true"),
        (False, "expected a duration, got false"),
        (-5, "a duration cannot be negative (-5)"),
        (["1m"], "expected a duration, got a list"),
        ({"m": 1}, "expected a duration, got a table"),
        ("9999999999s", '"9999999999s" is far too long'),
    ],
)
def test_bad_durations_say_what_is_wrong_and_how_to_write_one(
    written: object, message: str
) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(written)
    assert str(caught.value) == (
        f'{message}; write whole seconds (90) or a string like "45s", "2m", "1m30s" or "1:30"'
    )


@pytest.mark.parametrize("written", ["²", "٣", "٣s", "1:٣٠", "9" * 5000, "9" * 5000 + "s"])
def test_strange_digits_and_endless_numbers_are_errors_not_crashes(written: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(written)


def test_a_long_bad_value_is_shortened_in_the_message() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("x" * 500)
    assert len(str(caught.value)) < 150


@settings(max_examples=300)
@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none()))
def test_anything_is_either_whole_seconds_or_a_duration_error(value: object) -> None:
    try:
        seconds = parse_duration(value)
    except DurationError as error:
        assert str(error)
    else:
        assert isinstance(seconds, int) and seconds >= 0


@given(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59))
def test_the_three_spellings_of_one_duration_agree(hours: int, minutes: int, seconds: int) -> None:
    total = hours * 3600 + minutes * 60 + seconds
    assert parse_duration(f"{hours}:{minutes:02d}:{seconds:02d}") == total
    assert parse_duration(f"{hours}h {minutes}m {seconds}s") == total
    assert parse_duration(str(total)) == total


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("x", "a string"),
        (1, "an integer"),
        (1.5, "a number with a fraction"),
        (True, "a boolean"),
        ([], "a list"),
        ({}, "a table"),
    ],
)
def test_type_names_are_the_ones_toml_users_know(value: object, name: str) -> None:
    assert type_name(value) == name


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (60, "1 min"),
        (90, "1 min 30 s"),
        (3600, "1 h"),
        (5400, "1 h 30 min"),
    ],
)
def test_format_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(-3, "0:00"), (0, "0:00"), (59.9, "0:59"), (90, "1:30"), (3725, "1:02:05")],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "1 min"),
        (60, "1 min"),
        (61, "2 min"),
        (3222, "54 min"),
        (3600, "1 h"),
        (4000, "1 h 7 min"),
    ],
)
def test_estimates_round_up_to_whole_minutes(seconds: float, text: str) -> None:
    assert format_estimate(seconds) == text
