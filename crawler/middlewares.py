"""Downloader middlewares that keep creatorscout polite and robust.

``AllowedHostsMiddleware`` (50)  refuses requests to hosts outside the allow-list: the hosts of
                                 ``CREATORSCOUT_ALLOWED_HOSTS``, by default those of the platform
                                 being crawled and of the configured base URLs.
``crawler.quota.QuotaMiddleware`` (60, for platforms with a daily quota, see the registry) counts
                                 quota units in the store's ledger and stops before the budget.
``RateLimitMiddleware``    (560)  paces requests by the platform's own budget headers and by the
                                 ``not_before`` time a retry carries; it never sleeps blindly,
                                 and every wait ends at once when the crawl is stopping.
``PoliteRetryMiddleware``  (550) retries 429/5xx/timeouts after ``Retry-After``,
                                 ``X-RateLimit-Reset`` (ISO time) or ``ratelimit-reset`` (epoch),
                                 else with exponential back-off.
``CredentialsMiddleware``  (880) adds the spider's credentials at download time only; the download
                                 handler renews them at the moment of sending (:func:`renew_credentials`).
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest

from crawler.stopping import StopSwitch, park
from crawler.timeutil import parse_utc

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


def retry_wait(headers: Any, status: int, now: float | None = None) -> float | None:
    """Seconds a retry of a failed answer should wait, or ``None`` (then: back-off).

    ``Retry-After`` always counts. A rate-limit reset counts only when it describes why the
    request failed: on a 429, or when the budget it reports is spent (``Remaining: 0``). Platforms
    send their window's reset on every answer (Bluesky, Mastodon): on a 500 with budget left it
    says when the window ends, not when to try again, and waiting for it would stall the crawl
    for minutes.
    """
    retry_after = headers.get("Retry-After")
    remaining = headers.get("X-RateLimit-Remaining") or headers.get("RateLimit-Remaining")
    if isinstance(remaining, bytes):
        remaining = remaining.decode("latin-1")
    spent = remaining is not None and str(remaining).strip() == "0"
    if retry_after or status == 429 or spent:
        return parse_reset(headers, now)
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
        from crawler.platforms import REGISTRY

        urls = [p.url(crawler.settings, u.name) for p in REGISTRY.values() for u in p.urls]
        defaults = [o for o in map(url_origin, urls) if o is not None]
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

    def __init__(self, reserve: int, max_wait: float, stats: Any, switch: StopSwitch | None = None,
                 separate_paths: Iterable[str] = ()) -> None:
        self.reserve = reserve
        self.max_wait = max_wait
        self.stats = stats
        self.switch = switch or StopSwitch()
        self.separate_paths = tuple(separate_paths)
        self.budgets: dict[str, _Budget] = {}
        self.waiting = 0  # requests sleeping now
        self._waiting_since = 0.0
        self._announced: dict[str, float] = {}  # host -> wall-clock end of the last wait logged

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RateLimitMiddleware:
        from crawler.platforms import REGISTRY

        s = crawler.settings
        platform = REGISTRY.get(getattr(crawler.spidercls, "name", "") or "")
        return cls(
            s.getint("CREATORSCOUT_RATELIMIT_RESERVE", 2),
            s.getfloat("CREATORSCOUT_MAX_RETRY_WAIT", 900.0),
            crawler.stats,
            StopSwitch.of(crawler),
            platform.budget.separate_paths if platform is not None else (),
        )

    def budget_key(self, url: str) -> str:
        """Whose budget a request draws on: its host's, or the endpoint's own where the platform rations
        that endpoint apart (Bluesky's login: 30 per 5 minutes beside the host's 3,000)."""
        parts = urlsplit(url)
        path = parts.path.rstrip("/")
        own = next((p for p in self.separate_paths if path.endswith(p)), None)
        return parts.netloc.lower() + (own or "")

    def wait_for(self, request: Request, now: float) -> float:
        """Seconds ``request`` must wait before it may be sent (0 when it may go now)."""
        return self._wait(request, now)[0]

    def _wait(self, request: Request, now: float) -> tuple[float, str]:
        """(seconds to wait, why) for ``request`` at monotonic time ``now``."""
        host = _host(request.url)
        wait = max(0.0, float(request.meta.get(NOT_BEFORE, 0.0)) - now)
        why = (f"before retrying a request to {host} "
               f"({request.meta.get(WAIT_REASON, 'retry back-off')})") if wait > 0 else ""
        budget = self.budgets.get(self.budget_key(request.url))
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
        budget = self.budgets.setdefault(self.budget_key(request.url), _Budget())
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
        budget = self.budgets.setdefault(self.budget_key(request.url), _Budget())
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

    The wait comes from ``Retry-After``, or from ``X-RateLimit-Reset`` / ``RateLimit-Reset`` when the
    answer is a 429 or says the budget is spent (:func:`retry_wait`); otherwise it is
    ``0.5 s * 2**(attempt-1)``. A 200 response to a JSON API request
    (``meta["creatorscout_json"]``) whose body is not JSON is retried the same way. A wait longer than
    ``CREATORSCOUT_MAX_RETRY_WAIT`` is not waited: the request gives up and is counted.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("CREATORSCOUT_MAX_RETRY_WAIT", 900.0)
        self.backoff_base = 0.5

    def _delay(self, request: Request, wait: float | None, base: float | None = None) -> float:
        attempt = int(request.meta.get("retry_times", 0)) + 1
        return wait if wait is not None else (base or self.backoff_base) * 2 ** (attempt - 1)

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
        # A spider may judge a retryable status by its body (``retry_backoff(response)``): False
        # means final, do not retry (TikTok's spent daily quota, also a 429); a number is the
        # back-off base for it instead of 0.5 s (TikTok's short-term 429: 10 s, growing).
        advice = getattr(getattr(self.crawler, "spider", None), "retry_backoff", None)
        base = advice(response) if advice is not None else None
        if base is False:
            return response
        wait = retry_wait(response.headers, response.status)
        if wait is not None and wait > self.max_wait:
            self.crawler.stats.inc_value("creatorscout/retry/wait_too_long")
            logger.warning("Not retrying %s: server asks to wait %.0f s (limit %.0f s)",
                           request.url, wait, self.max_wait)
            return response
        retry = self._retry(request, f"{response.status}")
        if retry is None:
            return response
        retry.meta[NOT_BEFORE] = time.monotonic() + self._delay(request, wait, base if base is not True else None)
        retry.meta[WAIT_REASON] = f"HTTP {response.status}, " + ("as the server asked" if wait is not None
                                                                   else "back-off")
        return retry

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        retry = super().process_exception(request, exception)
        if isinstance(retry, type(request)):
            retry.meta[NOT_BEFORE] = time.monotonic() + self._delay(request, None)
        return retry


CREDENTIAL_HEADERS = "creatorscout_credential_headers"
"""Request meta key: the names of the credential headers a request carries (taken off after the answer)."""
CREDENTIAL_VERSION = "creatorscout_credential_version"
"""Request meta key: the spider's ``credential_version`` when its credentials were added (a token's generation)."""


def add_credentials(spider: Any, request: Request) -> bool:
    """Put ``spider``'s credentials of this moment on ``request``: the headers of its
    ``credential_headers(url)`` (replacing those the request carries, if any), their names in
    ``meta[CREDENTIAL_HEADERS]`` and its ``credential_version`` in ``meta[CREDENTIAL_VERSION]``.
    Returns whether the request now carries another generation of them than before. A spider that
    has none for the URL (now) leaves the request as it is."""
    provider = getattr(spider, "credential_headers", None)
    headers = provider(request.url) if provider is not None else None
    if not headers:
        return False
    for name in request.meta.get(CREDENTIAL_HEADERS, ()):
        if name not in headers:
            request.headers.pop(name, None)
    for name, value in headers.items():
        request.headers[name] = value
    request.meta[CREDENTIAL_HEADERS] = list(headers)
    version = getattr(spider, "credential_version", None)
    if version is None:
        return False
    before = request.meta.get(CREDENTIAL_VERSION)
    request.meta[CREDENTIAL_VERSION] = version  # which token went out: concurrent expiries refresh it once
    return before is not None and before != version


async def renew_credentials(spider: Any, request: Request) -> bool:
    """At the moment a request is sent: when it carries credentials (added by
    :class:`CredentialsMiddleware` as it entered the downloader, before it waited in its download
    slot), the spider's newest ones replace them, so that a token renewed meanwhile goes out and the
    old one is not refused (and charged). A spider whose ``credentials_ready()`` returns an awaitable
    (its token was refused and is being renewed) holds the request until then. Returns whether the
    credentials changed generation."""
    if not request.meta.get(CREDENTIAL_HEADERS):
        return False
    ready = getattr(spider, "credentials_ready", None)
    waiting = ready() if ready is not None else None
    if waiting is not None:
        await waiting
    return add_credentials(spider, request)


class CredentialsMiddleware:
    """Add the running spider's credentials at download time and take them off afterwards.

    A spider exposes ``credential_headers(url) -> dict`` (e.g. ``Authorization: Bearer`` for
    its Mastodon instance, ``X-Goog-Api-Key`` for the YouTube API). Scheduled requests — memory
    or checkpoints, retries, logs — never carry a secret, and only the spider's own API
    host gets it. Sits close to the downloader (880), so the headers are gone before the retry
    middleware copies a request. A request then waits in its download slot; the download handler
    (:class:`crawler.handlers.SendingHTTPDownloadHandler`) puts the spider's credentials of the
    moment of sending on it again (:func:`renew_credentials`).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CredentialsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        add_credentials(getattr(self.crawler, "spider", None), request)

    def _strip(self, request: Request) -> None:
        for name in request.meta.pop(CREDENTIAL_HEADERS, ()):
            request.headers.pop(name, None)

    def process_response(self, request: Request, response: Response) -> Response:
        self._strip(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._strip(request)
