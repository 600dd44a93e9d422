"""Downloader middlewares that keep creatorscout polite and robust.

``AllowedHostsMiddleware`` (50)  refuses requests to hosts outside ``CREATORSCOUT_ALLOWED_HOSTS``.
``YouTubeQuotaMiddleware`` (60)  counts YouTube Data API quota units and stops before the budget.
``RateLimitMiddleware``    (560)  paces requests by the platform's own budget headers and by the
                                 ``not_before`` time a retry carries; it never sleeps blindly.
``PoliteRetryMiddleware``  (550) retries 429/5xx/timeouts after ``Retry-After``,
                                 ``X-RateLimit-Reset`` (ISO time) or ``ratelimit-reset`` (epoch),
                                 else with exponential back-off.
``CredentialsMiddleware``  (880) adds the spider's credentials at download time only.
"""

from __future__ import annotations

import email.utils
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import deferred_from_coro

from crawler.timeutil import parse_utc

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

RESET_MARGIN = 0.05
"""Seconds added to a wait for a budget reset, so that the platform's clock has passed it too."""

IN_FLIGHT_POLL = 0.05
"""Seconds between looks when a fresh window's budget is taken by requests still in flight."""
STALE_TOLERANCE = 0.25
"""Seconds by which a response's reset may precede the known one and still describe the same window."""

NOT_BEFORE = "creatorscout_not_before"
"""Request meta key: a ``time.monotonic()`` value before which the request is not sent."""


def parse_reset(headers: Any, now: float | None = None) -> float | None:
    """Seconds to wait according to a response's headers, or ``None`` when they say nothing.

    Understands ``Retry-After`` (seconds or an HTTP date), Mastodon's ``X-RateLimit-Reset``
    (ISO-8601 time) and the IETF draft / Bluesky ``RateLimit-Reset`` (epoch seconds, or
    seconds from now when the number is small).
    """
    now = time.time() if now is None else now

    def header(name: str) -> str | None:
        value = headers.get(name)
        if value is None:
            return None
        return value.decode("latin-1") if isinstance(value, bytes) else str(value)

    retry_after = header("Retry-After")
    if retry_after:
        retry_after = retry_after.strip()
        if retry_after.isdigit():
            return float(retry_after)
        try:
            when = email.utils.parsedate_to_datetime(retry_after)
            return max(0.0, when.timestamp() - now)
        except (TypeError, ValueError):
            pass
    reset = header("X-RateLimit-Reset")
    if reset:
        seconds = _reset_value(reset.strip(), now)
        if seconds is not None:
            return seconds
    reset = header("RateLimit-Reset")
    if reset:
        return _reset_value(reset.strip(), now)
    return None


def _reset_value(value: str, now: float) -> float | None:
    try:
        number = float(value)
    except ValueError:
        when = parse_utc(value)
        return None if when is None else max(0.0, when.timestamp() - now)
    # Epoch seconds are large; a small number is "seconds from now" (IETF RateLimit draft).
    return max(0.0, number - now) if number > 1e9 else max(0.0, number)


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


class AllowedHostsMiddleware:
    """Refuse any request whose ``host[:port]`` is not listed (when a list is configured)."""

    def __init__(self, allowed: set[str], stats: Any) -> None:
        self.allowed = allowed
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AllowedHostsMiddleware:
        raw = crawler.settings.get("CREATORSCOUT_ALLOWED_HOSTS") or ""
        allowed = {h.strip().lower() for h in str(raw).split(",") if h.strip()}
        if not allowed:
            raise NotConfigured
        return cls(allowed, crawler.stats)

    def process_request(self, request: Request) -> None:
        host = _host(request.url)
        if host not in self.allowed and host.split(":")[0] not in self.allowed:
            self.stats.inc_value("creatorscout/offsite_blocked")
            logger.error("Refused request to %s: host not in CREATORSCOUT_ALLOWED_HOSTS", request.url)
            raise IgnoreRequest(f"host {host} not allowed")


def youtube_quota_cost(url: str) -> int:
    """Quota units a YouTube Data API v3 read costs: search.list 100, other list calls 1."""
    path = urlsplit(url).path.rstrip("/")
    return 100 if path.endswith("/search") else 1


class YouTubeQuotaMiddleware:
    """Count the quota units YouTube requests cost and stop the crawl before the budget.

    Every request sent to the YouTube API URL (retries too: YouTube charges them) adds its
    cost to ``creatorscout/youtube/quota_units``. A request that would take the total past
    ``CREATORSCOUT_YOUTUBE_QUOTA`` is not sent; the spider closes with reason
    ``quota_budget_spent`` and everything already collected is stored.
    """

    def __init__(self, api_url: str, budget: int, crawler: Crawler) -> None:
        self.api_prefix = api_url.rstrip("/")
        self.budget = budget
        self.crawler = crawler
        self.used = 0
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> YouTubeQuotaMiddleware:
        s = crawler.settings
        api_url = s.get("CREATORSCOUT_YOUTUBE_API_URL") or "https://www.googleapis.com/youtube/v3"
        return cls(api_url, s.getint("CREATORSCOUT_YOUTUBE_QUOTA", 10_000), crawler)

    def process_request(self, request: Request) -> None:
        if not request.url.startswith(self.api_prefix):
            return
        cost = youtube_quota_cost(request.url)
        if self.used + cost > self.budget:
            self.crawler.stats.inc_value("creatorscout/youtube/quota_refused_requests")
            if not self.closing and self.crawler.engine is not None:
                self.closing = True
                logger.warning(
                    "YouTube quota budget of %d units reached (%d used): stopping the crawl cleanly",
                    self.budget, self.used,
                )
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="quota_budget_spent"))
            raise IgnoreRequest("YouTube quota budget spent")
        self.used += cost
        self.crawler.stats.inc_value("creatorscout/youtube/quota_units", cost)


@dataclass
class _Budget:
    limit: int | None = None
    remaining: int | None = None  # as last reported by the platform
    reset_at: float = 0.0  # monotonic time at which the budget refills
    in_flight: int = 0  # sent and not answered yet: the platform may not have counted them
    blocked_until: float = 0.0  # monotonic; set by a 429 or an explicit Retry-After


class RateLimitMiddleware:
    """Pace requests per host by the budget the platform announces.

    Each response's ``X-RateLimit-Remaining``/``X-RateLimit-Reset`` (or ``RateLimit-*``)
    updates the host's budget. A request waits only when the budget, minus the requests in
    flight (the platform may not have counted them yet) and a small reserve, is used up, and
    then exactly until the announced reset, so the crawl goes as fast as the platform allows
    and does not run into 429 on a healthy server. A 429 or ``Retry-After`` blocks the host
    until the time it names. Requests that carry ``meta["creatorscout_not_before"]`` (set by
    the retry middleware) wait until then.
    """

    def __init__(self, reserve: int, max_wait: float, stats: Any) -> None:
        self.reserve = reserve
        self.max_wait = max_wait
        self.stats = stats
        self.budgets: dict[str, _Budget] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RateLimitMiddleware:
        s = crawler.settings
        return cls(
            s.getint("CREATORSCOUT_RATELIMIT_RESERVE", 2),
            s.getfloat("CREATORSCOUT_MAX_RETRY_WAIT", 900.0),
            crawler.stats,
        )

    def wait_for(self, request: Request, now: float) -> float:
        """Seconds ``request`` must wait before it may be sent (0 when it may go now)."""
        wait = max(0.0, float(request.meta.get(NOT_BEFORE, 0.0)) - now)
        budget = self.budgets.get(_host(request.url))
        if budget is None:
            return wait
        wait = max(wait, budget.blocked_until - now)
        if budget.remaining is not None:
            window_over = now >= budget.reset_at
            remaining = budget.limit if window_over and budget.limit is not None else budget.remaining
            if remaining - budget.in_flight <= self.reserve:
                # Wait for the reset; past it, wait for answers to requests still in flight.
                wait = max(wait, IN_FLIGHT_POLL if window_over else budget.reset_at - now)
        return min(wait, self.max_wait)

    async def process_request(self, request: Request) -> None:
        while True:
            now = time.monotonic()
            wait = self.wait_for(request, now)
            if wait <= 0:
                break
            self.stats.inc_value("creatorscout/ratelimit/waits")
            self.stats.inc_value("creatorscout/ratelimit/wait_ms", int(wait * 1000))
            await sleep(wait + RESET_MARGIN)
        budget = self.budgets.setdefault(_host(request.url), _Budget())
        budget.in_flight += 1

    def _answered(self, request: Request) -> _Budget:
        budget = self.budgets.setdefault(_host(request.url), _Budget())
        budget.in_flight = max(0, budget.in_flight - 1)
        return budget

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._answered(request)

    def process_response(self, request: Request, response: Response) -> Response:
        headers = response.headers
        remaining = headers.get("X-RateLimit-Remaining") or headers.get("RateLimit-Remaining")
        limit = headers.get("X-RateLimit-Limit") or headers.get("RateLimit-Limit")
        now_wall, now = time.time(), time.monotonic()
        budget = self._answered(request)
        reset = parse_reset({"X-RateLimit-Reset": headers.get("X-RateLimit-Reset"),
                             "RateLimit-Reset": headers.get("RateLimit-Reset")}, now_wall)
        # A late answer from a window that has already ended says nothing about the current one.
        current = reset is not None and reset > 0 and now + reset >= budget.reset_at - STALE_TOLERANCE
        if remaining is not None and current:
            try:
                reported = int(remaining)
                budget.limit = int(limit) if limit is not None else budget.limit
            except ValueError:
                reported = None
            same_window = budget.remaining is not None and now + reset <= budget.reset_at + STALE_TOLERANCE
            # Answers arrive out of order: within one window the budget only goes down.
            if same_window and reported is not None:
                budget.remaining = min(budget.remaining, reported)
            else:
                budget.remaining = reported
                budget.reset_at = now + reset
        if response.status == 429 or (response.status == 503 and headers.get("Retry-After")):
            wait = parse_reset(headers, now_wall)
            if wait is not None:
                budget.blocked_until = max(budget.blocked_until, now + min(wait, self.max_wait))
            if response.status == 429:
                self.stats.inc_value("creatorscout/ratelimit/429")
        return response


def _is_json(response: Response) -> bool:
    """Whether the body decodes as JSON (the decoded value is cached on the response)."""
    try:
        response.json()  # type: ignore[attr-defined]
    except (ValueError, AttributeError):
        return False
    return True


class PoliteRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, but a retry waits for the time the server asked for.

    The wait comes from ``Retry-After``, ``X-RateLimit-Reset`` or ``RateLimit-Reset``;
    without them it is ``0.5 s * 2**(attempt-1)``. A 200 response to a JSON API request
    (``meta["creatorscout_json"]``) whose body is not JSON is retried the same way. A wait longer than
    ``CREATORSCOUT_MAX_RETRY_WAIT`` is not waited: the request gives up and is counted.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("CREATORSCOUT_MAX_RETRY_WAIT", 900.0)
        self.backoff_base = 0.5

    def _delay(self, request: Request, wait: float | None) -> float:
        attempt = int(request.meta.get("retry_times", 0)) + 1
        return wait if wait is not None else self.backoff_base * 2 ** (attempt - 1)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False):
            return response
        if response.status == 200 and request.meta.get("creatorscout_json") and not _is_json(response):
            # A truncated or garbled body is usually transient: fetch it again (counted).
            retry = self._retry(request, "malformed_json")
            if retry is None:
                return response
            retry.meta[NOT_BEFORE] = time.monotonic() + self._delay(request, None)
            return retry
        if response.status not in self.retry_http_codes:
            return response
        wait = parse_reset(response.headers)
        if wait is not None and wait > self.max_wait:
            self.crawler.stats.inc_value("creatorscout/retry/wait_too_long")
            logger.warning("Not retrying %s: server asks to wait %.0f s (limit %.0f s)",
                           request.url, wait, self.max_wait)
            return response
        retry = self._retry(request, f"{response.status}")
        if retry is None:
            return response
        retry.meta[NOT_BEFORE] = time.monotonic() + self._delay(request, wait)
        return retry

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        retry = super().process_exception(request, exception)
        if isinstance(retry, type(request)):
            retry.meta[NOT_BEFORE] = time.monotonic() + self._delay(request, None)
        return retry


CREDENTIAL_HEADERS = "creatorscout_credential_headers"


class CredentialsMiddleware:
    """Add the running spider's credentials at download time and take them off afterwards.

    A spider exposes ``credential_headers(url) -> dict`` (e.g. ``Authorization: Bearer`` for
    its Mastodon instance, ``X-Goog-Api-Key`` for the YouTube API). Scheduled requests — memory
    or JOBDIR disk queues, retries, logs — never carry a secret, and only the spider's own API
    host gets it. Sits close to the downloader (880), so the headers are gone before the retry
    middleware copies a request.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CredentialsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        provider = getattr(getattr(self.crawler, "spider", None), "credential_headers", None)
        headers = provider(request.url) if provider is not None else None
        if headers:
            for name, value in headers.items():
                request.headers[name] = value
            request.meta[CREDENTIAL_HEADERS] = list(headers)

    def _strip(self, request: Request) -> None:
        for name in request.meta.pop(CREDENTIAL_HEADERS, ()):
            request.headers.pop(name, None)

    def process_response(self, request: Request, response: Response) -> Response:
        self._strip(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._strip(request)
