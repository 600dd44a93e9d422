"""The one clock, and UTC timestamps as the store keeps them: ISO-8601 strings ending in ``Z``.

:func:`now` is the only place that reads the time of record (``time.monotonic()`` for durations
and ``time.time()`` for rate-limit epochs are not that); :func:`format_z`, :func:`to_z` and
:func:`parse_utc` are the only places that write or read ``...Z``. A timestamp has one of two
precisions, chosen with ``timespec``: whole seconds (``2026-03-01T10:00:00Z``: what spiders stamp
on items) or milliseconds (``2026-03-01T10:00:00.250Z``: what the store stamps on its own rows).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["Timespec", "format_z", "now", "now_z", "pacific_day", "parse_utc", "to_z"]

Timespec = Literal["auto", "seconds", "milliseconds"]
"""``auto``: milliseconds only when the time has a fraction; ``seconds``: whole seconds (a fraction
is cut off, never rounded up); ``milliseconds``: always three digits."""

_TIMESPECS = ("auto", "seconds", "milliseconds")
_FRACTION_RE = re.compile(r"T\d\d:?\d\d:?\d\d[.,]\d")


def now() -> datetime:
    """The current time, aware, in UTC: the one place that reads the clock."""
    return datetime.now(UTC)


def now_z(timespec: Timespec = "seconds") -> str:
    """The current time as ``...Z``: ``2026-03-01T10:00:00Z`` (whole seconds, the default) or
    ``2026-03-01T10:00:00.250Z`` (``timespec="milliseconds"``)."""
    return format_z(now(), timespec)


def parse_utc(value: Any) -> datetime | None:
    """An ISO-8601 string (``...Z``, an offset, or naive meaning UTC) as an aware UTC datetime;
    ``None`` for anything else."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value)  # reads the Z since Python 3.11
    except ValueError:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when if when.tzinfo is UTC else when.astimezone(UTC)  # the vetting's hot path: skip the no-op


def format_z(when: datetime, timespec: Timespec = "auto") -> str:
    """``when`` in UTC as ``2026-03-01T10:00:00Z`` (a naive datetime is taken as UTC).

    ``timespec`` (:data:`Timespec`): ``auto`` (the default) gives milliseconds only when the time
    has a fraction, ``seconds`` whole seconds, ``milliseconds`` always three digits.
    """
    if timespec not in _TIMESPECS:
        raise ValueError(f"timespec must be one of {', '.join(_TIMESPECS)}, got {timespec!r}")
    when = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    if timespec == "auto":
        timespec = "milliseconds" if when.microsecond else "seconds"
    return when.isoformat(timespec=timespec).replace("+00:00", "Z")


def to_z(value: Any, timespec: Timespec | Literal["given"] = "auto") -> str | None:
    """``value`` normalised to UTC ``...Z``, or ``None`` when it is not an ISO-8601 time.

    ``timespec`` as for :func:`format_z`, or ``given``: the precision ``value`` has, milliseconds
    when it is written with a fraction (even ``.000``), whole seconds when not.
    """
    when = parse_utc(value)
    if when is None:
        return None
    if timespec == "given":
        timespec = "milliseconds" if _FRACTION_RE.search(value) else "seconds"
    return format_z(when, timespec)


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


def pacific_day(at: datetime | None = None) -> str:
    """The date in US Pacific time (``2026-03-01``) at ``at`` (default: now): the day of Google API
    quotas, which reset at midnight Pacific time."""
    when = (at or now()).astimezone(UTC)
    try:
        return when.astimezone(ZoneInfo("America/Los_Angeles")).date().isoformat()
    except ZoneInfoNotFoundError:
        return (when + _us_pacific_offset(when)).date().isoformat()
