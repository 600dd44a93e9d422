"""The one clock and the one UTC ``...Z`` format (crawler.timeutil)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crawler import timeutil
from crawler.timeutil import format_z, now, now_z, pacific_day, parse_utc, to_z

ROOT = Path(__file__).resolve().parents[1]
SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
MILLISECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
FIXED = datetime(2026, 3, 1, 10, 0, 5, 250_999, tzinfo=UTC)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Stop the clock at FIXED: everything that reads the time goes through timeutil.now."""
    monkeypatch.setattr(timeutil, "now", lambda: FIXED)
    return FIXED


def test_now_is_aware_utc() -> None:
    moment = now()
    assert moment.tzinfo is UTC


def test_now_z_whole_seconds_or_milliseconds() -> None:
    assert SECONDS.match(now_z())
    assert MILLISECONDS.match(now_z("milliseconds"))


def test_now_z_reads_the_one_clock(frozen: datetime) -> None:
    assert now_z() == "2026-03-01T10:00:05Z"  # cut, never rounded up
    assert now_z("milliseconds") == "2026-03-01T10:00:05.250Z"
    assert now_z("auto") == "2026-03-01T10:00:05.250Z"
    assert pacific_day() == "2026-03-01"


@pytest.mark.parametrize(
    ("when", "timespec", "text"),
    [
        (datetime(2026, 3, 1, 10, 0, tzinfo=UTC), "auto", "2026-03-01T10:00:00Z"),
        (datetime(2026, 3, 1, 10, 0, 0, 120_000, tzinfo=UTC), "auto", "2026-03-01T10:00:00.120Z"),
        (datetime(2026, 3, 1, 10, 0, 0, 999_999, tzinfo=UTC), "seconds", "2026-03-01T10:00:00Z"),
        (datetime(2026, 3, 1, 10, 0, tzinfo=UTC), "milliseconds", "2026-03-01T10:00:00.000Z"),
        (datetime(2026, 3, 1, 10, 0, 0, 999_999, tzinfo=UTC), "milliseconds", "2026-03-01T10:00:00.999Z"),
        (datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=2))), "auto", "2026-03-01T10:00:00Z"),
        (datetime(2026, 3, 1, 10, 0), "seconds", "2026-03-01T10:00:00Z"),  # naive means UTC
    ],
)
def test_format_z(when: datetime, timespec: Any, text: str) -> None:
    assert format_z(when, timespec) == text


def test_format_z_rejects_an_unknown_timespec() -> None:
    with pytest.raises(ValueError, match="timespec must be one of auto, seconds, milliseconds"):
        format_z(FIXED, "minutes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01T10:00:00Z", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01T12:00:00+02:00", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01T10:00:00", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
        ("2026-03-01T10:00:00.5Z", datetime(2026, 3, 1, 10, 0, 0, 500_000, tzinfo=UTC)),
        ("", None),
        ("yesterday", None),
        (None, None),
        (20260301, None),
    ],
)
def test_parse_utc(value: Any, expected: datetime | None) -> None:
    parsed = parse_utc(value)
    assert parsed == expected
    assert parsed is None or parsed.tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "auto", "given", "seconds", "milliseconds"),
    [
        ("2026-03-01T10:00:00.000Z", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00.000Z", "2026-03-01T10:00:00Z",
         "2026-03-01T10:00:00.000Z"),
        ("2026-03-01T10:00:00.120Z", "2026-03-01T10:00:00.120Z", "2026-03-01T10:00:00.120Z", "2026-03-01T10:00:00Z",
         "2026-03-01T10:00:00.120Z"),
        ("2026-03-01T20:00:00+00:00", "2026-03-01T20:00:00Z", "2026-03-01T20:00:00Z", "2026-03-01T20:00:00Z",
         "2026-03-01T20:00:00.000Z"),
        ("2026-03-01T12:00:00.5+02:00", "2026-03-01T10:00:00.500Z", "2026-03-01T10:00:00.500Z",
         "2026-03-01T10:00:00Z", "2026-03-01T10:00:00.500Z"),
        ("2026-03-01", "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z",
         "2026-03-01T00:00:00.000Z"),
    ],
)
def test_to_z_precisions(value: str, auto: str, given: str, seconds: str, milliseconds: str) -> None:
    assert to_z(value) == auto
    assert to_z(value, "given") == given  # the precision the source wrote (Mastodon's .000Z stays)
    assert to_z(value, "seconds") == seconds
    assert to_z(value, "milliseconds") == milliseconds


@pytest.mark.parametrize("value", [None, "", "soon", 5, "2026-13-01T00:00:00Z"])
def test_to_z_of_anything_else_is_none(value: Any) -> None:
    assert to_z(value) is None and to_z(value, "given") is None


def test_round_trip() -> None:
    for timespec in ("auto", "seconds", "milliseconds"):
        text = format_z(FIXED, timespec)  # type: ignore[arg-type]
        assert to_z(text, "given") == text and format_z(parse_utc(text), timespec) == text  # type: ignore[arg-type]


def test_no_other_module_reads_the_clock_or_writes_z_itself() -> None:
    """crawler/, vetting/ and benchmarks/ read the time and write or read UTC ``...Z`` through timeutil.

    Exceptions: the sandbox's simulated clock is its own; ``crawler/storage.py`` keeps the name
    ``utc_now`` that its callers use, a wrapper of ``now_z("milliseconds")``.
    """
    allowed = {"crawler/timeutil.py", "crawler/storage.py"}
    patterns = re.compile(r"datetime\.now\(|utcnow\(|date\.today\(|%SZ|T%H|fromisoformat\(|\butc_now\b|"
                          r"replace\(\"Z\", \"\+00:00\"\)|replace\(\"\+00:00\", \"Z\"\)")
    offenders = []
    for folder in ("crawler", "vetting", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in allowed or name.startswith("crawler/sandbox/"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if patterns.search(line):
                    offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []


def test_now_z_milliseconds_is_the_stores_format(frozen: datetime) -> None:
    """The store stamps its rows with milliseconds; timeutil writes the same bytes."""
    from crawler import storage

    expected = FIXED.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert now_z("milliseconds") == expected == "2026-03-01T10:00:05.250Z"
    assert MILLISECONDS.match(storage.utc_now())
