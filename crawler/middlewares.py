"""Downloader middlewares that keep creatorscout polite and robust.

``AllowedHostsMiddleware`` (50)  refuses requests to hosts outside the allow-list: the hosts of
                                 ``CREATORSCOUT_ALLOWED_HOSTS``, by default those of the platform
                                 being crawled and of the configured base URLs.
``YouTubeQuotaMiddleware`` (60)  counts YouTube Data API quota units in the store's ledger (per
                                 key and Pacific day, shared by every crawl) and stops before the
                                 budget.
``RateLimitMiddleware``    (560)  paces requests by the platform's own budget headers and by the
                                 ``not_before`` time a retry carries; it never sleeps blindly,
                                 and every wait ends at once when the crawl is stopping.
``PoliteRetryMiddleware``  (550) retries 429/5xx/timeouts after ``Retry-After``,
                                 ``X-RateLimit-Reset`` (ISO time) or ``ratelimit-reset`` (epoch),
                                 else with exponential back-off.
``CredentialsMiddleware``  (880) adds the spider's credentials at download time only.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import deferred_from_coro

from crawler.frontier import Frontier
from crawler.handlers import request_sent
from crawler.stopping import StopSwitch, engine_of, park
from crawler.storage import Store, resolve_db_path
from crawler.timeutil import pacific_day, parse_utc

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)
wait_logger = logging.getLogger(f"{__name__}.waits")
"""Announces long waits, once each ("waiting 94 s for ..."); the CLI shows it by default."""

RESET_MARGIN = 0.05
"""Seconds added to a wait for a budget reset, so that the platform's clock has passed it too."""

IN_FLIGHT_POLL = 0.05
"""Seconds between looks when a fresh window's budget is taken by requests still in flight."""
STALE_TOLERANCE = 0.25
"""Seconds by which a response's reset may precede the known one and still describe the same window."""

NOT_BEFORE = "creatorscout_not_before"
"""Request meta key: a ``time.monotonic()`` value before which the request is not sent."""
WAIT_REASON = "creatorscout_wait_reason"
"""Request meta key: why a retry waits (``Retry-After`` or ``back-off``), for the wait log."""
QUOTA_COST = "creatorscout_quota_cost"
"""Request meta key: quota units reserved for a request until it is sent."""
QUOTA_CHARGED = "creatorscout_quota_charged"
"""Request meta key: quota units charged for the request when it was sent."""
URGENT_CHECKPOINT_UNITS = 100
"""An answer that cost this many quota units asks for a checkpoint right after it is processed."""

WAIT_LOG_SECONDS = 5.0
"""Waits at least this long are announced in the log (once per host and window)."""
DEFAULT_PORTS = {"http": 80, "https": 443}


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


Origin = tuple[str, int | None]
"""A host name (lower case, IPv6 without brackets) and a port; ``None`` means any port."""


def url_origin(url: str) -> Origin | None:
    """(host, port) a URL connects to (the scheme's port when none is given); ``None`` when it has
    no host or an invalid port. User info (``user:pass@``) is not part of the host."""
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    return host.rstrip(".").lower(), port if port is not None else DEFAULT_PORTS.get(parts.scheme.lower())


def parse_allowed(entry: str) -> Origin | None:
    """An allow-list entry: ``host``, ``host:port``, ``[::1]:8080`` or a URL (``https://host``).

    A bare host allows every port; a port or a URL's scheme pins it."""
    entry = entry.strip()
    if not entry:
        return None
    if "://" in entry:
        return url_origin(entry)
    try:
        parts = urlsplit("//" + entry)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    return (host.rstrip(".").lower(), port) if host else None


class AllowedHostsMiddleware:
    """Refuse any request whose host (and port) is not on the allow-list.

    The list is ``CREATORSCOUT_ALLOWED_HOSTS`` (comma-separated ``host[:port]``) or, when that is
    empty, the origins of the spider's base URL and of the configured platform base URLs, so that a
    ``next`` link or a redirect never takes a crawl to another host. Hosts are compared parsed
    (``urlsplit``), never as text, so ``https://good.example@evil.example/`` goes to evil.example.
    """

    BASE_URL_SETTINGS = ("CREATORSCOUT_MASTODON_INSTANCE", "CREATORSCOUT_YOUTUBE_API_URL")

    def __init__(self, allowed: Iterable[Origin], stats: Any, crawler: Crawler | None = None) -> None:
        self.allowed = set(allowed)
        self.stats = stats
        self.crawler = crawler
        self._with_spider = False  # the spider's own base URL is added on the first request

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AllowedHostsMiddleware:
        raw = crawler.settings.get("CREATORSCOUT_ALLOWED_HOSTS") or ""
        configured = [o for o in (parse_allowed(h) for h in str(raw).split(",")) if o is not None]
        if configured:
            return cls(configured, crawler.stats)
        defaults = [o for o in (url_origin(str(crawler.settings.get(name) or ""))
                                for name in cls.BASE_URL_SETTINGS) if o is not None]
        return cls(defaults, crawler.stats, crawler)

    def allows(self, url: str) -> bool:
        origin = url_origin(url)
        if origin is None:
            return False
        return origin in self.allowed or (origin[0], None) in self.allowed

    def process_request(self, request: Request) -> None:
        if self.crawler is not None and not self._with_spider:
            self._with_spider = True
            base_url = getattr(getattr(self.crawler, "spider", None), "base_url", None)
            origin = url_origin(base_url) if isinstance(base_url, str) else None
            if origin is not None:
                self.allowed.add(origin)
        if not self.allows(request.url):
            self.stats.inc_value("creatorscout/offsite_blocked")
            logger.error("Refused request to %s: host not in the allow-list (CREATORSCOUT_ALLOWED_HOSTS, by "
                         "default the platform's own host)", request.url)
            raise IgnoreRequest(f"host of {request.url} not allowed")


def youtube_quota_cost(url: str) -> int:
    """Quota units a YouTube Data API v3 read costs: search.list 100, other list calls 1."""
    path = urlsplit(url).path.rstrip("/")
    return 100 if path.endswith("/search") else 1


class YouTubeQuotaMiddleware:
    """Count the quota units YouTube requests cost and stop the crawl before the budget.

    The budget (``CREATORSCOUT_YOUTUBE_QUOTA``, ``--quota``) is what the API key may spend per
    Pacific day (Google resets quotas at midnight Pacific time), counted in the store's
    ``quota_ledger`` under a keyed fingerprint of the key, so that every crawl with that key —
    one resumed after a kill, two running side by side — draws on the same figure. A request is
    charged when the download handler sends it (:data:`crawler.handlers.request_sent`; retries
    too: YouTube charges them), so the ledger matches what the platform counted. A request that
    would take the day's total past the budget is not sent: it stays in the frontier for a later
    ``--resume``, and the crawl closes with reason ``quota_budget_spent``, everything already
    collected stored.
    """

    PLATFORM = "youtube"

    def __init__(self, api_url: str, budget: int, crawler: Crawler, *, db_path: str | None = None,
                 key_secret: bytes | None = None) -> None:
        self.api_prefix = api_url.rstrip("/")
        self.budget = budget
        self.crawler = crawler
        self.db_path = db_path
        self.key_secret = key_secret
        self.store: Store | None = None
        self.key_fingerprint: str | None = None
        self.used = 0  # units charged by this process
        self.reserved = 0  # units of requests past this middleware, not sent yet
        self.unrecorded = 0  # units charged in this turn of the event loop, not in the ledger yet
        self._recording = False
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> YouTubeQuotaMiddleware:
        from crawler.pipelines import pseudonym_key

        s = crawler.settings
        api_url = s.get("CREATORSCOUT_YOUTUBE_API_URL") or "https://www.googleapis.com/youtube/v3"
        db_path = str(resolve_db_path(s.get("CREATORSCOUT_DB")))
        secret = pseudonym_key(db_path, s.get("CREATORSCOUT_PSEUDONYM_KEY") or "")
        middleware = cls(api_url, s.getint("CREATORSCOUT_YOUTUBE_QUOTA", 10_000), crawler, db_path=db_path,
                         key_secret=secret)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(middleware.request_sent, signal=request_sent)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        fingerprint = getattr(spider, "key_fingerprint", None)
        if fingerprint is None or self.db_path is None or self.key_secret is None:
            return
        self.key_fingerprint = fingerprint(self.key_secret)
        self.store = Store.open(self.db_path)
        spent = self.spent_today()
        self.crawler.stats.set_value(f"creatorscout/{self.PLATFORM}/quota_spent_today", spent)
        if spent:
            logger.info("YouTube quota: %d of %d units already spent today (Pacific time) with this key",
                        spent, self.budget)

    def spider_closed(self, spider: Any) -> None:
        if self.store is not None:
            self.record()
            self.store.close()
            self.store = None

    def spent_today(self) -> int:
        """Units spent today with this key: the ledger (every crawl), else this process."""
        if self.store is not None and self.key_fingerprint is not None:
            return self.store.quota_spent(self.PLATFORM, self.key_fingerprint, pacific_day()) + self.unrecorded
        return self.used

    def process_request(self, request: Request) -> Request | None:
        if not request.url.startswith(self.api_prefix):
            return None
        cost = youtube_quota_cost(request.url)
        spent = self.spent_today()
        if self.closing or spent + self.reserved + cost > self.budget:
            self.crawler.stats.inc_value("creatorscout/youtube/quota_refused_requests")
            if not self.closing:
                self.closing = True
                logger.warning(
                    "YouTube quota budget of %d units per day reached (%d spent today with this key): stopping "
                    "the crawl cleanly; `--resume` continues it when there is quota again",
                    self.budget, spent,
                )
                self.crawler.stats.set_value("creatorscout/youtube/quota_spent_today", spent)
                StopSwitch.of(self.crawler).trip()
                engine = engine_of(self.crawler)
                if engine is not None and engine.spider is not None:
                    deferred_from_coro(engine.close_spider_async(reason="quota_budget_spent"))
            return park(request)  # kept in the frontier, not sent
        self.reserved += cost
        request.meta[QUOTA_COST] = cost
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(QUOTA_CHARGED, 0) >= URGENT_CHECKPOINT_UNITS:
            # A costly answer (a search page): checkpoint as soon as it is processed, so that a
            # kill does not make a resume pay for it again.
            Frontier.of(self.crawler).checkpoint_soon = True
        return response

    def request_sent(self, request: Request) -> None:
        """The request is being written to its connection: charge its units."""
        cost = request.meta.pop(QUOTA_COST, None)
        if not cost:
            return
        request.meta[QUOTA_CHARGED] = cost
        self.reserved = max(0, self.reserved - cost)
        self.used += cost
        self.crawler.stats.inc_value(f"creatorscout/{self.PLATFORM}/quota_units", cost)
        if self.store is not None and self.key_fingerprint is not None:
            self.unrecorded += cost
            if not self._recording:
                self._recording = True
                _soon(self.record)

    def record(self) -> None:
        """Write the units charged in this turn of the event loop to the ledger, in one transaction.

        The requests were handed to their connections in this turn; the bytes go out when the loop
        next polls the sockets, after this call. One commit per turn (not one per request) keeps the
        time between charging and sending short: a kill -9 in between would count requests the
        platform never received."""
        self._recording = False
        units, self.unrecorded = self.unrecorded, 0
        if units and self.store is not None and self.key_fingerprint is not None:
            total = self.store.add_quota(self.PLATFORM, self.key_fingerprint, pacific_day(), units)
            self.crawler.stats.set_value(f"creatorscout/{self.PLATFORM}/quota_spent_today", total)


def _soon(action: Callable[[], None]) -> None:
    """Run ``action`` at the start of the event loop's next turn (now, without a running loop)."""
    try:
        asyncio.get_running_loop().call_soon(action)
    except RuntimeError:  # Twisted's own reactor, or no loop at all: no batching
        action()


@dataclass
class _Budget:
    limit: int | None = None
    remaining: int | None = None  # as last reported by the platform
    reset_at: float = 0.0  # monotonic time at which the budget refills
    in_flight: int = 0  # sent and not answered yet: the platform may not have counted them
    blocked_until: float = 0.0  # monotonic; set by a 429 or an explicit Retry-After
    blocked_by: str = ""  # what set blocked_until, e.g. "HTTP 429"


class RateLimitMiddleware:
    """Pace requests per host by the budget the platform announces.

    Each response's ``X-RateLimit-Remaining``/``X-RateLimit-Reset`` (or ``RateLimit-*``)
    updates the host's budget. A request waits only when the budget, minus the requests in
    flight (the platform may not have counted them yet) and a small reserve, is used up, and
    then exactly until the announced reset, so the crawl goes as fast as the platform allows
    and does not run into 429 on a healthy server. A 429 or ``Retry-After`` blocks the host
    until the time it names. Requests that carry ``meta["creatorscout_not_before"]`` (set by
    the retry middleware) wait until then.

    Every wait sleeps on the crawl's :class:`~crawler.stopping.StopSwitch`: when the crawl is
    stopping, a waiting request is put back unsent (it stays in the frontier for ``--resume``).
    A wait of :data:`WAIT_LOG_SECONDS` or more is logged once per host and window; the stats
    carry the wait in progress (``creatorscout/wait/current``) and the wall-clock time during
    which requests were held back (``creatorscout/wait/seconds``).
    """

    def __init__(self, reserve: int, max_wait: float, stats: Any, switch: StopSwitch | None = None) -> None:
        self.reserve = reserve
        self.max_wait = max_wait
        self.stats = stats
        self.switch = switch or StopSwitch()
        self.budgets: dict[str, _Budget] = {}
        self.waiting = 0  # requests sleeping now
        self._waiting_since = 0.0
        self._announced: dict[str, float] = {}  # host -> wall-clock end of the last wait logged

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RateLimitMiddleware:
        s = crawler.settings
        return cls(
            s.getint("CREATORSCOUT_RATELIMIT_RESERVE", 2),
            s.getfloat("CREATORSCOUT_MAX_RETRY_WAIT", 900.0),
            crawler.stats,
            StopSwitch.of(crawler),
        )

    def wait_for(self, request: Request, now: float) -> float:
        """Seconds ``request`` must wait before it may be sent (0 when it may go now)."""
        return self._wait(request, now)[0]

    def _wait(self, request: Request, now: float) -> tuple[float, str]:
        """(seconds to wait, why) for ``request`` at monotonic time ``now``."""
        host = _host(request.url)
        wait = max(0.0, float(request.meta.get(NOT_BEFORE, 0.0)) - now)
        why = (f"before retrying a request to {host} "
               f"({request.meta.get(WAIT_REASON, 'retry back-off')})") if wait > 0 else ""
        budget = self.budgets.get(host)
        if budget is None:
            return min(wait, self.max_wait), why
        if budget.blocked_until - now > wait:
            wait = budget.blocked_until - now
            why = f"for {host}: it answered {budget.blocked_by or 'HTTP 429'} and asked to wait"
        if budget.remaining is not None:
            window_over = now >= budget.reset_at
            remaining = budget.limit if window_over and budget.limit is not None else budget.remaining
            if remaining - budget.in_flight <= self.reserve:
                # Wait for the reset; past it, wait for answers to requests still in flight.
                window_wait = IN_FLIGHT_POLL if window_over else budget.reset_at - now
                if window_wait > wait:
                    wait = window_wait
                    left = max(0, budget.remaining - budget.in_flight)
                    of = f" of {budget.limit}" if budget.limit is not None else ""
                    why = f"for {host}'s rate-limit window: {left}{of} left" + (" (kept in reserve)" if left else "")
        return min(wait, self.max_wait), why

    async def process_request(self, request: Request) -> Request | None:
        waited = False
        try:
            while True:
                now = time.monotonic()
                wait, why = self._wait(request, now)
                if wait <= 0:
                    break
                if not waited:
                    waited = True
                    self._wait_started()
                self._announce(_host(request.url), wait, why)
                self.stats.inc_value("creatorscout/ratelimit/waits")
                self.stats.inc_value("creatorscout/ratelimit/wait_ms", int(wait * 1000))
                if not await self.switch.sleep(wait + RESET_MARGIN):
                    self.stats.inc_value("creatorscout/ratelimit/waits_cut_by_stop")
                    return park(request)  # the crawl is stopping: keep it for --resume, unsent
        finally:
            if waited:
                self._wait_ended()
        budget = self.budgets.setdefault(_host(request.url), _Budget())
        budget.in_flight += 1
        return None

    def _wait_started(self) -> None:
        if self.waiting == 0:
            self._waiting_since = time.monotonic()
        self.waiting += 1

    def _wait_ended(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            self.stats.inc_value("creatorscout/wait/seconds", round(time.monotonic() - self._waiting_since, 3))
            self.stats.set_value("creatorscout/wait/current", None)

    def _announce(self, host: str, wait: float, why: str) -> None:
        """Tell the progress line about the wait; log it once when it is long."""
        until = time.time() + wait
        current = self.stats.get_value("creatorscout/wait/current")
        if not isinstance(current, dict) or current.get("until", 0) < until - 0.5:
            self.stats.set_value("creatorscout/wait/current", {"until": until, "why": why})
        if wait >= WAIT_LOG_SECONDS and until > self._announced.get(host, 0.0) + 1.0:
            self._announced[host] = until
            wait_logger.info("waiting %.0f s %s", wait, why)

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
            if wait is not None and now + min(wait, self.max_wait) > budget.blocked_until:
                budget.blocked_until = now + min(wait, self.max_wait)
                budget.blocked_by = f"HTTP {response.status}"
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
        retry.meta[WAIT_REASON] = f"HTTP {response.status}, " + ("as the server asked" if wait is not None
                                                                   else "back-off")
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
    or checkpoints, retries, logs — never carry a secret, and only the spider's own API
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
