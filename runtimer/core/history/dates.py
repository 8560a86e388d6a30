"""Days and lengths of time as runtimer writes them: the same in every locale.

The history lists sessions by day and length, and the app names the unfinished workout
it offers to resume by its day, so these live apart from either.
"""

from __future__ import annotations

from datetime import date, timedelta

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: date) -> str:
    """`Sat 21 Nov 2026`, whatever the locale says."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_minutes(span: timedelta) -> str:
    """`34 min`, `1 h 05 min`."""
    minutes = round(span.total_seconds() / 60)
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes} min"
