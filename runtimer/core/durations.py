"""Parse the durations people write in routine files: `90`, `"45s"`, `"1m30s"`, `"1:30"`."""

from __future__ import annotations

import re

_UNIT_SECONDS = {
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
}
# ASCII digits only: `str.isdigit()` and `\d` also accept "²" or "٣", which `int()`
# then rejects or reads in surprising ways.
_PART = re.compile(r"([0-9]+)\s*([a-z]+)")
_WHOLE = re.compile(r"(?:[0-9]+\s*[a-z]+\s*)+")
_CLOCK = re.compile(r"([0-9]+):([0-5][0-9])(?::([0-5][0-9]))?")
_DIGITS = re.compile(r"[0-9]+")
#: Longer numbers are not durations anyone means, and `int()` refuses very long ones.
_MAX_DIGITS = 9

DURATION_HELP = 'write whole seconds (90) or a string like "45s", "2m", "1m30s" or "1:30"'


class DurationError(ValueError):
    """A duration that cannot be understood; the message says how to write one."""


def parse_duration(value: object) -> int:
    """Return whole seconds, or raise DurationError with a message fit for the user."""
    if isinstance(value, bool):
        raise DurationError(f"expected a duration, got {str(value).lower()}; {DURATION_HELP}")
    if isinstance(value, int):
        if value < 0:
            raise DurationError(f"a duration cannot be negative ({value}); {DURATION_HELP}")
        return value
    if isinstance(value, float):
        raise DurationError(f"{value!r} is not a whole number of seconds; {DURATION_HELP}")
    if not isinstance(value, str):
        raise DurationError(f"expected a duration, got {type_name(value)}; {DURATION_HELP}")
    text = value.strip().lower()
    if not text:
        raise DurationError(f"the duration is empty; {DURATION_HELP}")
    if any(len(digits) > _MAX_DIGITS for digits in _DIGITS.findall(text)):
        raise DurationError(f"{_quoted(value)} is far too long; {DURATION_HELP}")
    if _DIGITS.fullmatch(text):
        return int(text)
    clock = _CLOCK.fullmatch(text)
    if clock:
        first, second, third = clock.groups()
        if third is None:
            return int(first) * 60 + int(second)
        return int(first) * 3600 + int(second) * 60 + int(third)
    if _WHOLE.fullmatch(text):
        total = 0
        seen: set[int] = set()
        for number, unit in _PART.findall(text):
            size = _UNIT_SECONDS.get(unit)
            if size is None or size in seen:
                break
            seen.add(size)
            total += int(number) * size
        else:
            return total
    raise DurationError(f"{_quoted(value)} is not a duration; {DURATION_HELP}")


def _quoted(text: str) -> str:
    """A string as the user wrote it in TOML (double quotes), cut short if long."""
    shown = text if len(text) <= 30 else text[:27] + "..."
    return f'"{shown}"'


def type_name(value: object) -> str:
    """The TOML name of a value's type, for messages: 'a string', 'a table', ..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


DISTANCE_HELP = 'write metres (400) or a string like "400m", "1.5km" or "1mi"'
PACE_HELP = 'write minutes and seconds per km or mile, like "5:30/km" or "8:50/mi"'
MILE = 1609.344  # metres
_METRES = {"m": 1.0, "km": 1000.0, "mi": MILE, "mile": MILE, "miles": MILE}
_DISTANCE = re.compile(r"([0-9]{1,6}(?:\.[0-9]{1,3})?)\s*([a-z]+)")
_PACE = re.compile(r"([0-9]{1,2}):([0-5][0-9])\s*(?:/\s*(km|mi))?")


def parse_distance(value: object) -> float:
    """Metres, from `400`, `"400m"`, `"1.5km"`, `"1mi"`; DistanceError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DurationError(f"expected a distance, got {type_name(value)}; {DISTANCE_HELP}")
    if isinstance(value, int | float):
        if value != value or value <= 0 or value > 10**9:
            raise DurationError(f"{value!r} is not a distance; {DISTANCE_HELP}")
        return float(value)
    text = value.strip().lower()
    match = _DISTANCE.fullmatch(text)
    if match is None or match.group(2) not in _METRES:
        raise DurationError(f"{_quoted(value)} is not a distance; {DISTANCE_HELP}")
    return float(match.group(1)) * _METRES[match.group(2)]


def parse_pace(value: object) -> float:
    """Seconds per km, from `"5:30/km"`, `"8:50/mi"` or `"5:30"` (per km)."""
    if not isinstance(value, str):
        raise DurationError(f"expected a pace, got {type_name(value)}; {PACE_HELP}")
    match = _PACE.fullmatch(value.strip().lower())
    if match is None:
        raise DurationError(f"{_quoted(value)} is not a pace; {PACE_HELP}")
    seconds = int(match.group(1)) * 60 + int(match.group(2))
    return seconds / MILE * 1000 if match.group(3) == "mi" else float(seconds)
