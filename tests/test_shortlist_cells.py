"""Cell safety: text cleaning, links, number precision (vetting.shortlist.cells)."""

from __future__ import annotations

from typing import Any

import pytest

from vetting.shortlist.cells import (
    NUMBER_FORMATS,
    XLSX_MAX_URL,
    NumberFormat,
    clean_text,
    format_number,
    round_number,
    safe_link,
)
from vetting.shortlist.xlsx import xlsx_datetime, xlsx_text

HOSTILE_TEXT = "a\x00b\x01c\x0bd\x1fe\ufffef\ud800g\u202eh\u2066i\u2069j"


def test_clean_text_removes_what_formats_cannot_hold() -> None:
    assert clean_text(HOSTILE_TEXT) == "abcdefghij"
    assert clean_text("tab\tline\nreturn\r ok ß 🌱 עברית") == "tab\tline\nreturn\r ok ß 🌱 עברית"
    assert clean_text("x" * 10, limit=5) == "xxxx…"
    # the result can always be written as UTF-8 and as XML 1.0
    clean_text(HOSTILE_TEXT).encode("utf-8")


def test_xlsx_text_keeps_literal_escapes_and_excel_limits() -> None:
    assert xlsx_text("_x0041_") == "_x005F_x0041_"  # Excel would show "A" otherwise
    assert xlsx_text("a\r\nb\rc") == "a\nb\nc"
    assert len(xlsx_text("y" * 40_000)) == 32_767
    assert xlsx_datetime("2026-05-30T10:00:00Z").isoformat() == "2026-05-30T10:00:00"
    assert xlsx_datetime("2026-05-30T12:00:00+02:00").isoformat() == "2026-05-30T10:00:00"
    assert xlsx_datetime("soon") is None


@pytest.mark.parametrize("url", [
    "https://kitchen.example/@cook1",
    "http://kitchen.example:8080/a?b=c#d",
    "https://bücher.example/x",
    "https://[2001:db8::1]/x",
    "http://127.0.0.1/x",
    "  https://kitchen.example/padded  ",
])
def test_safe_link_accepts_http_urls_with_a_valid_host(url: str) -> None:
    assert safe_link(url) == url.strip()


@pytest.mark.parametrize("url", [
    None, 42, "", "javascript:alert(1)", "data:text/html,x", "ftp://kitchen.example/x", "kitchen.example/x",
    "http://", "http:///x", "https://kitchen\x0b.example/x", "https://kitchen.example/\x00",
    "https://kitchen.example/a b", "https://user:pw@kitchen.example/", "https://evil.example@kitchen.example/",
    "https://-bad-.example/", "https://bad_host.example/", "http://999.1.1.1/", "https://kitchen.example:99999/",
    "https://kitchen.example/\u202e", "https://kitchen.example/" + "a" * XLSX_MAX_URL, 'https://x.example/"><b>',
])
def test_safe_link_refuses_everything_else(url: Any) -> None:
    assert safe_link(url) is None


def test_numbers_keep_the_report_precision() -> None:
    assert round_number(0.0234567, NUMBER_FORMATS["engagement_rate"]) == 0.0235  # shown 2.35 %
    assert round_number(0.0234567, NUMBER_FORMATS["bot_comment_rate"]) == 0.023  # shown 2.3 %
    assert round_number(72.6, NUMBER_FORMATS["score"]) == 73
    assert isinstance(round_number(72.6, NUMBER_FORMATS["score"]), int)
    assert round_number(0.87654, NUMBER_FORMATS["niche_fit"]) == 0.88
    assert round_number(float("nan"), NUMBER_FORMATS["score"]) is None
    assert round_number(True, NUMBER_FORMATS["score"]) is None
    assert round_number("n/a", NUMBER_FORMATS["score"]) is None
    fine = NumberFormat("money", 3)
    assert format_number(round_number(0.0000123, fine), fine) == "0"
    assert format_number(round_number(1.2e-3, fine), fine) == "0.001"
    assert format_number(round_number(0.0235, NUMBER_FORMATS["engagement_rate"]), NUMBER_FORMATS["engagement_rate"],
                         decimal_comma=True) == "0,0235"
    assert format_number(12_500, NUMBER_FORMATS["followers_count"], decimal_comma=True) == "12500"
    assert format_number(round_number(3.0, NUMBER_FORMATS["posts_per_week"]), NUMBER_FORMATS["posts_per_week"]) == "3"
