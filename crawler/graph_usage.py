"""Meta Graph API budget: pace by the usage headers, pause on throttling, retry the same request.

``GraphUsageMiddleware`` (downloader middleware 570, declared by the Instagram registry entry in
:mod:`crawler.platforms`) reads ``X-App-Usage`` and ``X-Business-Use-Case-Usage`` on every answer
(:func:`crawler.parsers.instagram.parse_usage`: the highest percentage of any window):

* above ``CREATORSCOUT_INSTAGRAM_SLOW_PERCENT`` (75) requests are spaced, the gap growing
  linearly to ``CREATORSCOUT_INSTAGRAM_SLOW_SECONDS`` at 100 %;
* at 100 %, or on an error with code 4, 17, 32 or 613 (the Graph API's throttling codes), every
  request to the API waits ``estimated_time_to_regain_access`` minutes (at least one) of
  ``CREATORSCOUT_INSTAGRAM_REGAIN_SECONDS_PER_MINUTE`` seconds (60; tests lower it), and the
  throttled request is sent again afterwards;
* a wait longer than ``CREATORSCOUT_MAX_RETRY_WAIT`` is not waited: the crawl stops cleanly,
  the request stays in the frontier, and ``--resume`` continues it later.

Every wait sleeps on the crawl's :class:`~crawler.stopping.StopSwitch`, so a stop ends it at once
and the waiting request is put back unsent. The workers of a queued crawl share the latest usage and
pause through Redis (:class:`crawler.distributed.SharedUsage`): the budget belongs to the token.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy.utils.defer import deferred_from_coro

from crawler.parsers.instagram import parse_error, parse_usage
from crawler.stopping import StopSwitch, engine_of, park

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["THROTTLE_CODES", "GraphUsageMiddleware", "pause_seconds", "spacing_seconds"]

logger = logging.getLogger(__name__)
wait_logger = logging.getLogger("crawler.middlewares.waits")  # the CLI shows these by default

THROTTLE_CODES = frozenset({4, 17, 32, 613})
"""Graph API error codes that mean "rate limited": application, user, page, custom."""
THROTTLE_RETRIES = "creatorscout_graph_throttle_retries"
"""Request meta key: how often this request was sent again after a throttling answer."""
MAX_THROTTLE_RETRIES = 10
WAIT_LOG_SECONDS = 5.0


def spacing_seconds(percent: int | None, slow_percent: float, slow_seconds: float) -> float:
    """The gap between two requests at ``percent`` usage: 0 up to ``slow_percent``, then growing
    linearly to ``slow_seconds`` at 100 %."""
    if percent is None or percent <= slow_percent or slow_percent >= 100:
        return 0.0
    return slow_seconds * min(1.0, (percent - slow_percent) / (100.0 - slow_percent))


def pause_seconds(regain_minutes: int | None, seconds_per_minute: float) -> float:
    """How long a throttled API is left alone: the minutes it names, at least one."""
    return max(1, regain_minutes or 0) * seconds_per_minute


class GraphUsageMiddleware:
    """Pace and pause requests to one Graph API by its usage headers and throttling errors."""

    def __init__(self, api_prefix: str, stats: Any, switch: StopSwitch | None = None, *, slow_percent: float = 75.0,
                 slow_seconds: float = 5.0, seconds_per_minute: float = 60.0, max_wait: float = 900.0,
                 crawler: Crawler | None = None, stat_prefix: str = "creatorscout/instagram") -> None:
        self.api_prefix = api_prefix.rstrip("/")
        self.stats = stats
        self.switch = switch or StopSwitch()
        self.slow_percent = slow_percent
        self.slow_seconds = slow_seconds
        self.seconds_per_minute = seconds_per_minute
        self.max_wait = max_wait
        self.crawler = crawler
        self.stat_prefix = stat_prefix
        self.percent: int | None = None  # the latest usage reported
        self.blocked_until = 0.0  # monotonic: no request before this (throttled)
        self.next_slot = 0.0  # monotonic: the earliest time of the next request when slowing down
        self.closing = False
        self.waiting = 0  # requests sleeping now
        self._waiting_since = 0.0
        self.shared: Any = None  # crawler.distributed.SharedUsage: the usage every worker of a queued crawl sees

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GraphUsageMiddleware:
        from crawler.platforms import get_platform

        s = crawler.settings
        platform = get_platform(getattr(crawler.spidercls, "name", "") or "instagram")
        middleware = cls(
            platform.url(s), crawler.stats, StopSwitch.of(crawler),
            slow_percent=s.getfloat("CREATORSCOUT_INSTAGRAM_SLOW_PERCENT", 75.0),
            slow_seconds=s.getfloat("CREATORSCOUT_INSTAGRAM_SLOW_SECONDS", 5.0),
            seconds_per_minute=s.getfloat("CREATORSCOUT_INSTAGRAM_REGAIN_SECONDS_PER_MINUTE", 60.0),
            max_wait=s.getfloat("CREATORSCOUT_MAX_RETRY_WAIT", 900.0),
            crawler=crawler, stat_prefix=f"creatorscout/{platform.key}",
        )
        if s.get("CREATORSCOUT_QUEUE"):  # a worker of a queued crawl: the token's usage is shared in Redis
            from crawler.distributed import SharedUsage, connect

            middleware.shared = SharedUsage(connect(s.get("CREATORSCOUT_QUEUE")), platform.key)
        return middleware

    def applies(self, request: Request) -> bool:
        return request.url.startswith(self.api_prefix + "/")

    def wait_for(self, now: float) -> tuple[float, str]:
        """(seconds the next request waits, why) at monotonic ``now``; takes its slot when pacing."""
        if self.shared is not None:  # what the other workers saw counts too
            percent, until = self.shared.read()
            self.percent = percent if percent is not None else self.percent
            if until:
                self.blocked_until = max(self.blocked_until, now + until - time.time())
        if self.blocked_until > now:
            return self.blocked_until - now, "the Graph API throttled this app or account"
        gap = spacing_seconds(self.percent, self.slow_percent, self.slow_seconds)
        if gap <= 0:
            return 0.0, ""
        slot = max(now, self.next_slot)
        self.next_slot = slot + gap
        return slot - now, f"the Graph API usage is at {self.percent} %"

    async def process_request(self, request: Request) -> Request | None:
        if not self.applies(request):
            return None
        while True:
            if self.closing:
                return park(request)
            wait, why = self.wait_for(time.monotonic())
            if wait <= 0:
                return None
            self._announce(wait, why)
            if self.waiting == 0:
                self._waiting_since = time.monotonic()
            self.waiting += 1
            try:
                slept = await self.switch.sleep(wait)
            finally:
                self.waiting -= 1
                if self.waiting == 0:  # wall-clock time during which requests were held back
                    self.stats.inc_value("creatorscout/wait/seconds", round(time.monotonic() - self._waiting_since, 3))
            if not slept:
                self.stats.inc_value("creatorscout/ratelimit/waits_cut_by_stop")
                return park(request)
            if not why.startswith("the Graph API throttled"):
                return None  # a paced request goes once its slot has come

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not self.applies(request):
            return response
        usage = parse_usage(response.headers)
        now = time.monotonic()
        if usage.percent is not None:
            self.percent = usage.percent
            self.stats.max_value(f"{self.stat_prefix}/usage_percent_max", usage.percent)
        error = None
        if response.status != 200:
            try:
                error = parse_error(response.json())  # type: ignore[attr-defined]
            except (ValueError, AttributeError):
                error = None
        throttled = error is not None and error.code in THROTTLE_CODES
        if not throttled and (usage.percent is None or usage.percent < 100):
            if self.shared is not None:
                self.shared.publish(usage.percent, 0.0)
            return response
        pause = pause_seconds(usage.regain_minutes, self.seconds_per_minute)
        if self.shared is not None and pause <= self.max_wait:
            self.shared.publish(usage.percent, time.time() + pause)
        self.stats.inc_value(f"{self.stat_prefix}/throttled")
        if pause > self.max_wait:
            return self._give_up(request, response, max(1, usage.regain_minutes or 0), throttled)
        if now + pause > self.blocked_until:
            self.blocked_until = now + pause
            if not throttled:
                logger.info("Graph API usage at %s %%: pausing requests for %.0f s", usage.percent, pause)
        if not throttled:
            return response  # a good answer at 100 %: keep it, the next requests wait
        retries = int(request.meta.get(THROTTLE_RETRIES, 0))
        if retries >= MAX_THROTTLE_RETRIES:
            self.stats.inc_value(f"{self.stat_prefix}/throttle_retries_exhausted")
            return response
        self.stats.inc_value(f"{self.stat_prefix}/throttle_retries")
        self.stats.inc_value("retry/count")  # a retry like any other in the crawl's summary
        retry = request.replace(dont_filter=True)
        retry.meta[THROTTLE_RETRIES] = retries + 1
        return retry

    def _give_up(self, request: Request, response: Response, minutes: int, throttled: bool) -> Request | Response:
        """Access comes back later than a crawl waits: stop cleanly; the request stays for --resume."""
        if not self.closing:
            self.closing = True
            logger.error("The Graph API throttled this app or account for about %d minutes, longer than "
                         "CREATORSCOUT_MAX_RETRY_WAIT (%.0f s): stopping the crawl; what was collected is stored "
                         "and --resume continues it later", minutes, self.max_wait)
            self.stats.inc_value(f"{self.stat_prefix}/errors/rate_limited")
            self.switch.trip()
            engine = engine_of(self.crawler) if self.crawler is not None else None
            if engine is not None and engine.spider is not None:
                deferred_from_coro(engine.close_spider_async(reason="rate_limited"))
        return park(request) if throttled else response

    def _announce(self, wait: float, why: str) -> None:
        self.stats.inc_value("creatorscout/ratelimit/waits")
        self.stats.inc_value("creatorscout/ratelimit/wait_ms", int(wait * 1000))
        until = time.time() + wait
        current = self.stats.get_value("creatorscout/wait/current")
        if not isinstance(current, dict) or current.get("until", 0) < until - 0.5:
            self.stats.set_value("creatorscout/wait/current", {"until": until, "why": f"because {why}"})
        if wait >= WAIT_LOG_SECONDS:
            wait_logger.info("waiting %.0f s because %s", wait, why)
