"""Daily quota ledgers: a platform whose API key has a daily budget of units (YouTube today).

``QuotaMiddleware`` (downloader middleware 60, added for the platforms whose registry entry
declares a quota, see :mod:`crawler.platforms`) counts the units each request costs in the
store's ``quota_ledger``, per key fingerprint and quota day, shared by every crawl with that key,
and stops the crawl cleanly before the budget.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from crawler.frontier import Frontier
from crawler.handlers import request_sent
from crawler.stopping import StopSwitch, engine_of, park
from crawler.storage import Store, resolve_db_path
from crawler.timeutil import pacific_day

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

__all__ = ["QUOTA_CHARGED", "QUOTA_COST", "QuotaMiddleware", "youtube_quota_cost"]

QUOTA_COST = "creatorscout_quota_cost"
"""Request meta key: quota units reserved for a request until it is sent."""
QUOTA_CHARGED = "creatorscout_quota_charged"
"""Request meta key: quota units charged for the request when it was sent."""
URGENT_CHECKPOINT_UNITS = 100
"""An answer that cost this many quota units asks for a checkpoint right after it is processed."""


def youtube_quota_cost(url: str) -> int:
    """Quota units a YouTube Data API v3 read costs: search.list 100, other list calls 1."""
    path = urlsplit(url).path.rstrip("/")
    return 100 if path.endswith("/search") else 1


def _load(reference: str) -> Callable[..., Any]:
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


class QuotaMiddleware:
    """Count the quota units a platform's requests cost and stop the crawl before the budget.

    For YouTube the budget (``CREATORSCOUT_YOUTUBE_QUOTA``, ``--quota``) is what the API key may
    spend per Pacific day (Google resets quotas at midnight Pacific time), counted in the store's
    ``quota_ledger`` under a keyed fingerprint of the key, so that every crawl with that key —
    one resumed after a kill, two running side by side — draws on the same figure. A request is
    charged when the download handler sends it (:data:`crawler.handlers.request_sent`; retries
    too: YouTube charges them), so the ledger matches what the platform counted. A request that
    would take the day's total past the budget is not sent: it stays in the frontier for a later
    ``--resume``, and the crawl closes with reason ``quota_budget_spent``, everything already
    collected stored.
    """

    def __init__(self, api_url: str, budget: int, crawler: Crawler, *, db_path: str | None = None,
                 key_secret: bytes | None = None, platform: str = "youtube", title: str = "YouTube",
                 cost: Callable[[str], int] = youtube_quota_cost, day: Callable[[], str] = pacific_day) -> None:
        self.platform = platform
        self.title = title
        self.cost = cost
        self.day = day
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
    def from_crawler(cls, crawler: Crawler) -> QuotaMiddleware:
        from crawler.pipelines import pseudonym_key
        from crawler.platforms import get_platform

        s = crawler.settings
        platform = get_platform(getattr(crawler.spidercls, "name", "") or "youtube")
        budget = platform.budget
        if budget.quota_setting is None or budget.quota_cost is None:
            raise ValueError(f"{platform.key} declares no quota: QuotaMiddleware does not apply to it")
        db_path = str(resolve_db_path(s.get("CREATORSCOUT_DB")))
        secret = pseudonym_key(db_path, s.get("CREATORSCOUT_PSEUDONYM_KEY") or "")
        middleware = cls(platform.url(s), s.getint(budget.quota_setting, budget.quota_default or 0), crawler,
                         db_path=db_path, key_secret=secret, platform=platform.key, title=platform.title,
                         cost=_load(budget.quota_cost),
                         day=_load(budget.quota_day) if budget.quota_day else pacific_day)
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
        self.crawler.stats.set_value(f"creatorscout/{self.platform}/quota_spent_today", spent)
        if spent:
            logger.info("%s quota: %d of %d units already spent today with this key", self.title, spent,
                        self.budget)

    def spider_closed(self, spider: Any) -> None:
        if self.store is not None:
            self.record()
            self.store.close()
            self.store = None

    def spent_today(self) -> int:
        """Units spent today with this key: the ledger (every crawl), else this process."""
        if self.store is not None and self.key_fingerprint is not None:
            return self.store.quota_spent(self.platform, self.key_fingerprint, self.day()) + self.unrecorded
        return self.used

    def process_request(self, request: Request) -> Request | None:
        if not request.url.startswith(self.api_prefix):
            return None
        cost = self.cost(request.url)
        spent = self.spent_today()
        if self.closing or spent + self.reserved + cost > self.budget:
            self.crawler.stats.inc_value(f"creatorscout/{self.platform}/quota_refused_requests")
            if not self.closing:
                self.closing = True
                logger.warning(
                    "%s quota budget of %d units per day reached (%d spent today with this key): stopping "
                    "the crawl cleanly; `--resume` continues it when there is quota again",
                    self.title, self.budget, spent,
                )
                self.crawler.stats.set_value(f"creatorscout/{self.platform}/quota_spent_today", spent)
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
        self.crawler.stats.inc_value(f"creatorscout/{self.platform}/quota_units", cost)
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
            total = self.store.add_quota(self.platform, self.key_fingerprint, self.day(), units)
            self.crawler.stats.set_value(f"creatorscout/{self.platform}/quota_spent_today", total)




def _soon(action: Callable[[], None]) -> None:
    """Run ``action`` at the start of the event loop's next turn (now, without a running loop)."""
    try:
        asyncio.get_running_loop().call_soon(action)
    except RuntimeError:  # Twisted's own reactor, or no loop at all: no batching
        action()
