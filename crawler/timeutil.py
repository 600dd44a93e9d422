"""UTC timestamps as the store keeps them: ISO-8601 strings ending in ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

__all__ = ["format_z", "parse_utc", "to_z"]


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
