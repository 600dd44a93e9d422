"""The platform base spider: arguments, base URL, limits, error accounting.

A concrete spider sets ``name`` (the platform key) and ``base_url_setting`` and implements
``start()`` and its callbacks; fetching only, parsing lives in ``crawler.parsers``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler.errors import CreatorscoutError, ParseError
from crawler.hashtags import normalize_hashtags

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

DEFAULT_MAX_CREATORS = 50
DEFAULT_MAX_POSTS = 20
DEFAULT_MAX_COMMENTS = 100


class ArgumentError(CreatorscoutError, ValueError):
    """A spider argument is missing or malformed (a usage error)."""


@dataclass(frozen=True)
class CrawlArguments:
    """The common, validated arguments of every platform spider."""

    hashtags: tuple[str, ...]
    max_creators: int | None = DEFAULT_MAX_CREATORS
    max_posts: int = DEFAULT_MAX_POSTS
    max_comments: int = DEFAULT_MAX_COMMENTS
    since: str | None = None  # ISO date-time ...Z; posts older than this are not collected

    @classmethod
    def parse(
        cls,
        hashtag: str | Iterable[str] | None = None,
        max_creators: int | str | None = DEFAULT_MAX_CREATORS,
        max_posts: int | str | None = DEFAULT_MAX_POSTS,
        max_comments: int | str | None = DEFAULT_MAX_COMMENTS,
        since: str | date | None = None,
    ) -> CrawlArguments:
        """Validate raw arguments (strings from ``-a name=value`` or typed values from the CLI)."""
        if hashtag is None or (not isinstance(hashtag, str) and not list(hashtag)):
            raise ArgumentError("no hashtag given: pass at least one, e.g. --hashtag veganrecipes")
        tags = normalize_hashtags(hashtag if isinstance(hashtag, str) else list(hashtag))
        return cls(
            hashtags=tuple(tags),
            max_creators=_limit("max-creators", max_creators, allow_none=True),
            max_posts=_limit("max-posts", max_posts) or 0,
            max_comments=_limit("max-comments", max_comments, allow_zero=True) or 0,
            since=_since(since),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "hashtags": list(self.hashtags),
            "max_creators": self.max_creators,
            "max_posts": self.max_posts,
            "max_comments": self.max_comments,
            "since": self.since,
        }


def _limit(name: str, value: int | str | None, *, allow_none: bool = False, allow_zero: bool = False) -> int | None:
    if value is None or value == "":
        if allow_none:
            return None
        raise ArgumentError(f"--{name} needs a number")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ArgumentError(f"--{name} must be a whole number, got {value!r}") from None
    if number < 0 or (number == 0 and not allow_zero):
        raise ArgumentError(f"--{name} must be {'0 or more' if allow_zero else 'at least 1'}, got {number}")
    return number


def _since(value: str | date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        when = value if value.tzinfo else value.replace(tzinfo=UTC)
    elif isinstance(value, date):
        when = datetime(value.year, value.month, value.day, tzinfo=UTC)
    else:
        try:
            when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ArgumentError(f"--since must be a date like 2026-01-31, got {value!r}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PlatformSpider(scrapy.Spider):
    """Base spider: validated arguments, base URL from settings, limits and error accounting.

    Counters go to ``crawler.stats`` under ``creatorscout/<platform>/<what>``; each kind of
    error is logged once and counted every time.
    """

    name: str
    base_url_setting: ClassVar[str]
    custom_settings: ClassVar[dict[str, Any] | None] = None

    def __init__(
        self,
        hashtag: str | Iterable[str] | None = None,
        max_creators: int | str | None = DEFAULT_MAX_CREATORS,
        max_posts: int | str | None = DEFAULT_MAX_POSTS,
        max_comments: int | str | None = DEFAULT_MAX_COMMENTS,
        since: str | date | None = None,
        *,
        hashtags: str | Iterable[str] | None = None,
        base_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.args = CrawlArguments.parse(hashtag or hashtags, max_creators, max_posts, max_comments, since)
        self.base_url = base_url.rstrip("/") if base_url else None
        self._logged_kinds: set[str] = set()
        self.state: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PlatformSpider:
        kwargs.setdefault("base_url", crawler.settings.get(cls.base_url_setting))
        spider = super().from_crawler(crawler, *args, **kwargs)
        return spider

    # -- arguments and limits -----------------------------------------------------------
    def crawl_arguments(self) -> dict[str, Any]:
        """Arguments worth recording in ``crawl_runs`` (never secrets)."""
        return {**self.args.as_dict(), "base_url": self.base_url}

    def claim_creator(self, creator_id: str) -> bool:
        """True the first time a creator is seen while ``--max-creators`` allows more."""
        claimed: set[str] = self.state.setdefault("creators", set())
        if creator_id in claimed:
            return False
        if self.args.max_creators is not None and len(claimed) >= self.args.max_creators:
            self.count("skipped/max_creators")
            return False
        claimed.add(creator_id)
        return True

    @property
    def creators_full(self) -> bool:
        claimed = self.state.get("creators", ())
        return self.args.max_creators is not None and len(claimed) >= self.args.max_creators

    def is_recent(self, created_at: str | None) -> bool:
        """False for posts older than ``--since`` (ISO strings in UTC compare as text)."""
        return not (self.args.since and created_at and created_at < self.args.since)

    # -- accounting ---------------------------------------------------------------------
    def count(self, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"creatorscout/{self.name}/{what}", n)

    def problem(self, kind: str, message: str, *args: Any) -> None:
        """Count a problem of ``kind`` and log it the first time that kind is seen."""
        self.count(f"errors/{kind}")
        if kind not in self._logged_kinds:
            self._logged_kinds.add(kind)
            logger.warning(f"[{self.name}] {message} (further '%s' problems are only counted)", *args, kind)

    def load_json(self, response: Response) -> Any | None:
        """The decoded body, or ``None`` (counted, logged once) when it is not JSON."""
        try:
            return response.json()
        except ValueError:
            self.problem("malformed_json", "malformed JSON from %s", response.url)
            return None

    def parse_or_skip(self, parser: Any, *args: Any) -> Any | None:
        """Call a pure parser; a :class:`ParseError` (changed structure) is counted and skipped."""
        try:
            return parser(*args)
        except ParseError as exc:
            self.problem("changed_structure", "%s", exc)
            return None

    def http_problem(self, response: Response, what: str) -> None:
        """Count and log-once an unusable HTTP status (401/403/404/429/5xx after retries)."""
        status = response.status
        kind = f"http_{status}"
        self.problem(kind, "HTTP %s for %s %s", status, what, response.url)

    def errback(self, failure: Failure) -> None:
        """Network failures after retries: counted by kind, logged once per kind."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        if failure.check(TimeoutError, TCPTimedOutError):
            kind = "timeout"
        elif failure.check(DNSLookupError):
            kind = "dns"
        elif failure.check(scrapy.exceptions.IgnoreRequest):
            kind = "ignored"
        else:
            kind = "network"
        self.problem(kind, "%s fetching %s: %s", kind, url, failure.getErrorMessage())

    def request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        """A JSON API request with the spider's errback and the JSON check turned on."""
        meta = kwargs.pop("meta", {})
        meta.setdefault("creatorscout_json", True)
        errback = kwargs.pop("errback", self.errback)
        return scrapy.Request(url, callback=callback, errback=errback, meta=meta, **kwargs)
