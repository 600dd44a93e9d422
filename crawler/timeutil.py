"""UTC timestamps as the store keeps them: ISO-8601 strings ending in ``Z``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["format_z", "now", "now_z", "pacific_day", "parse_utc", "to_z"]


def now() -> datetime:
    """The current time, aware, in UTC: the one place that reads the clock."""
    return datetime.now(UTC)


def now_z() -> str:
    """The current time as the store keeps it: ``2026-03-01T10:00:00Z`` (whole seconds)."""
    return now().strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(value: Any) -> datetime | None:
    """An ISO-8601 string (``...Z``, an offset, or naive meaning UTC) as an aware UTC datetime;
    ``None`` for anything else."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def format_z(when: datetime) -> str:
    """``2026-03-01T10:00:00Z`` (milliseconds only when the time has a fraction)."""
    when = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    spec = "milliseconds" if when.microsecond else "seconds"
    return when.isoformat(timespec=spec).replace("+00:00", "Z")


def to_z(value: Any) -> str | None:
    """``value`` normalised to UTC ``...Z``, or ``None`` when it is not an ISO-8601 time."""
    when = parse_utc(value)
    return None if when is None else format_z(when)


def _us_pacific_offset(when: datetime) -> timedelta:
    """UTC offset of US Pacific time (the US rule since 2007), for systems without tz data."""
    year = when.year

    def nth_sunday(month: int, n: int) -> date:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))

    # DST runs from 02:00 PST on the second Sunday of March (10:00 UTC) to 02:00 PDT on the
    # first Sunday of November (09:00 UTC).
    begins = datetime.combine(nth_sunday(3, 2), datetime.min.time(), UTC) + timedelta(hours=10)
    ends = datetime.combine(nth_sunday(11, 1), datetime.min.time(), UTC) + timedelta(hours=9)
    return timedelta(hours=-7 if begins <= when < ends else -8)


def pacific_day(now: datetime | None = None) -> str:
    """The date in US Pacific time (``2026-03-01``): the day of Google API quotas, which reset
    at midnight Pacific time."""
    when = (now or datetime.now(UTC)).astimezone(UTC)
    try:
        return when.astimezone(ZoneInfo("America/Los_Angeles")).date().isoformat()
    except ZoneInfoNotFoundError:
        return (when + _us_pacific_offset(when)).date().isoformat()
