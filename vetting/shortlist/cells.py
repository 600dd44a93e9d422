"""Cell safety: what every text and number must go through before a spreadsheet writer sees it.

* :func:`clean_text` removes what a file format cannot hold or should not carry: C0 control
  characters other than tab, LF and CR (XML 1.0 forbids them; NUL also ends C strings), lone
  surrogates (not encodable as UTF-8, so ``json.loads('"\\ud800"')`` would crash a writer),
  U+FFFE/U+FFFF (not XML characters), and the bidi embedding, override and isolate controls
  U+202A-U+202E and U+2066-U+2069 (they reorder what a reader sees: "Trojan Source"). XLSX text
  is also cut to Excel's 32,767 characters per cell.
* :func:`is_formula_like` / :func:`neutralize_cell`: text starting with ``= + - @``, tab or CR
  could run as a formula (OWASP "CSV injection"). The CSV gets a leading apostrophe; the XLSX
  keeps the text as it is in a string cell with Excel's quote-prefix style (the apostrophe is
  not part of the value).
* :func:`safe_link` decides whether a URL becomes a clickable link: http(s), a valid host, no
  credentials, no whitespace or control characters, at most Excel's 2,079 characters.
* :func:`local_source` tells data fetched from a server on this machine (the sandbox of
  ``creatorscout demo``, a test server): its creators and links are invented, so they are never
  links and :func:`sandbox_link` marks them, so that nobody sends them to a client.
* :data:`NUMBER_FORMATS`: how each number column is shown, with the precision of the HTML report
  (engagement rate 0.01 %, other rates 0.1 %, score whole points).
"""

from __future__ import annotations

import ipaddress
import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from crawler.seeds import valid_host

__all__ = [
    "FORMULA_TRIGGERS",
    "NUMBER_FORMATS",
    "SANDBOX_MARK",
    "XLSX_MAX_CHARS",
    "XLSX_MAX_URL",
    "NumberFormat",
    "clean_text",
    "finite_number",
    "format_number",
    "is_formula_like",
    "local_source",
    "neutralize_cell",
    "round_number",
    "safe_link",
    "sandbox_link",
    "unneutralize_cell",
]

SANDBOX_MARK = "sandbox link, invented:"
"""What precedes a link of sandbox data in exports (it is then text, never a link)."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CHARS = 32_767
"""Excel's limit of characters in one cell."""
XLSX_MAX_URL = 2_079
"""Excel's limit of characters in one hyperlink target."""

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\\<>\"`{}|^]")


def clean_text(text: str, *, limit: int | None = None) -> str:
    """``text`` without characters no spreadsheet or page should hold (see the module docs),
    cut to ``limit`` characters (ending in "…") when given."""
    if _UNSAFE.search(text):
        text = _UNSAFE.sub("", text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet could run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def neutralize_cell(value: Any) -> Any:
    """A CSV cell value that no spreadsheet will evaluate: formula-like text gets a leading
    apostrophe; other values are returned unchanged. (The XLSX writer uses the quote-prefix
    style instead, so the apostrophe does not become part of the value.)"""
    if is_formula_like(value):
        return "'" + value
    return value


def unneutralize_cell(value: Any) -> Any:
    """Undo :func:`neutralize_cell` for a value read back from an exported file."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def safe_link(url: Any) -> str | None:
    """``url`` (stripped) when it may be a clickable link, else ``None``.

    A link is an absolute ``http``/``https`` URL whose host is a valid DNS name (IDNA allowed) or
    an IP address, without user name or password, without whitespace, control or unsafe
    characters, with a valid port, and at most :data:`XLSX_MAX_URL` characters long.
    """
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or len(candidate) > XLSX_MAX_URL or _URL_FORBIDDEN.search(candidate):
        return None
    if _UNSAFE.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not port_ok:
        return None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return None
    host = parts.hostname
    if not host or not valid_host(host):
        return None
    return candidate


def local_source(url: Any) -> bool:
    """Whether ``url`` (where a creator was fetched from) is on this machine: a loopback address or
    ``localhost``, as the sandbox platform server and test servers are. Data from there is invented."""
    if not isinstance(url, str) or not url:
        return False
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sandbox_link(url: Any) -> str | None:
    """A sandbox creator's link as marked text (``sandbox link, invented: http://…``); ``None`` stays ``None``."""
    if url is None or url == "":
        return None
    return f"{SANDBOX_MARK} {url}"


@dataclass(frozen=True)
class NumberFormat:
    """How one number column is shown: ``kind`` (percent, integer, decimal, money, date) and the
    decimals shown. Percent values are fractions 0-1; ``digits`` counts the decimals of the
    percentage (1 -> "2.3 %", i.e. 3 decimals of the fraction)."""

    kind: str
    digits: int = 0

    @property
    def value_digits(self) -> int:
        """Decimals kept in the value itself (a percentage of 1 decimal keeps 3 of the fraction)."""
        return self.digits + 2 if self.kind == "percent" else self.digits


NUMBER_FORMATS: dict[str, NumberFormat] = {
    "rank": NumberFormat("integer"),
    "followers_count": NumberFormat("integer"),
    "engagement_rate": NumberFormat("percent", 2),
    "bot_comment_rate": NumberFormat("percent", 1),
    "generic_comment_rate": NumberFormat("percent", 1),
    "niche_fit": NumberFormat("decimal", 2),
    "market_language_rate": NumberFormat("percent", 1),
    "sponsored_rate": NumberFormat("percent", 1),
    "reply_rate": NumberFormat("percent", 1),
    "posts_per_week": NumberFormat("decimal", 1),
    "est_cost_per_post": NumberFormat("money"),
    "est_cost_per_engagement": NumberFormat("money", 3),
    "score": NumberFormat("integer"),
    "last_crawled_at": NumberFormat("date"),
    "est_cost_low": NumberFormat("money"),
    "est_cost_high": NumberFormat("money"),
    "er_percentile": NumberFormat("integer"),
    "comments_analyzed": NumberFormat("integer"),
    "bot_comment_rate_low": NumberFormat("percent", 1),
    "question_rate": NumberFormat("percent", 1),
    "product_question_rate": NumberFormat("percent", 1),
    "purchase_intent_rate": NumberFormat("percent", 1),
    "negative_rate": NumberFormat("percent", 1),
    "answered_question_rate": NumberFormat("percent", 1),
    "bot_comment_rate_high": NumberFormat("percent", 1),
}
"""Number columns and their display precision, the same as the HTML report's."""


def finite_number(value: Any) -> float | None:
    """``value`` as a float, or ``None`` for missing, boolean, non-numeric, NaN or infinite values."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def round_number(value: Any, fmt: NumberFormat) -> float | int | None:
    """``value`` rounded to what ``fmt`` shows (an int for whole numbers); ``None`` for missing,
    boolean, non-numeric, NaN or infinite values."""
    number = finite_number(value)
    if number is None:
        return None
    digits = fmt.value_digits
    if digits == 0:
        return round(number)
    rounded = round(number, digits)
    return rounded + 0.0  # -0.0 -> 0.0


def format_number(value: float | int, fmt: NumberFormat, *, decimal_comma: bool = False) -> str:
    """A rounded number as CSV text: fixed decimals (never an exponent), trailing zeros dropped,
    ``,`` as the decimal separator with ``decimal_comma``; no thousands separator."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{fmt.value_digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",") if decimal_comma else text
