"""Daily quota ledgers: a platform whose API key has a daily budget of units (YouTube, TikTok).

``QuotaMiddleware`` (downloader middleware 60, added for the platforms whose registry entry
declares a quota, see :mod:`crawler.platforms`) counts the units each request costs in the
store's ``quota_ledger`` (in Redis for the workers of a queued crawl: :mod:`crawler.distributed`),
per key fingerprint and quota day, shared by every crawl with that key,
and stops the crawl cleanly before the budget. A platform may ration more than one thing a day
(TikTok's Research API: requests and records): each further ledger of its
:class:`~crawler.platforms.Budget` is kept the same way under its own ledger key
(``<platform>_<name>``), and a request goes out only when every ledger has room for it.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from crawler.frontier import Frontier
from crawler.handlers import request_sent
from crawler.stopping import StopSwitch, engine_of, park
from crawler.storage import Store, resolve_db_path
from crawler.timeutil import now, pacific_day

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

__all__ = [
    "QUOTA_CHARGED",
    "QUOTA_COST",
    "ExtraLedger",
    "QuotaMiddleware",
    "tiktok_record_cost",
    "tiktok_request_cost",
    "utc_day",
    "youtube_quota_cost",
]

QUOTA_COST = "creatorscout_quota_cost"
"""Request meta key: quota units reserved for a request until it is sent."""
QUOTA_CHARGED = "creatorscout_quota_charged"
"""Request meta key: quota units charged for the request when it was sent."""
QUOTA_EXTRA_COST = "creatorscout_quota_extra_cost"
"""Request meta key: units of the further ledgers (name -> units) reserved until it is sent."""
URGENT_CHECKPOINT_UNITS = 100
"""An answer that cost this many quota units asks for a checkpoint right after it is processed."""
TIKTOK_TOKEN_PATH = "/v2/oauth/token/"


def youtube_quota_cost(url: str) -> int:
    """Quota units a YouTube Data API v3 read costs: search.list 100, other list calls 1."""
    path = urlsplit(url).path.rstrip("/")
    return 100 if path.endswith("/search") else 1


def utc_day() -> str:
    """The UTC date (``2026-03-01``): the day of TikTok's Research API quotas (reset at 00:00 UTC)."""
    return now().date().isoformat()


def tiktok_request_cost(url: str) -> int:
    """Research API requests a call costs: 1, and 0 for the OAuth token (not a research call)."""
    return 0 if urlsplit(url).path.endswith(TIKTOK_TOKEN_PATH) else 1


def tiktok_record_cost(request: Request) -> int:
    """Research API records a call may return, charged when it is sent (an upper bound): its JSON
    body's ``max_count``; a user/info call returns one record; the OAuth token none."""
    path = urlsplit(request.url).path
    if path.endswith(TIKTOK_TOKEN_PATH):
        return 0
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    count = body.get("max_count") if isinstance(body, dict) else None
    if isinstance(count, int) and not isinstance(count, bool) and count > 0:
        return count
    return 1


@dataclass
class ExtraLedger:
    """A further daily ledger of a platform (TikTok's records beside its requests)."""

    name: str  # the ledger is kept under "<platform>_<name>"; stats say "<name>_spent_today"
    budget: int
    cost: Callable[[Request], int]  # the request (its body may matter) -> units
    used: int = 0
    reserved: int = 0
    unrecorded: int = 0


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
                 cost: Callable[[str], int] = youtube_quota_cost, day: Callable[[], str] = pacific_day,
                 ledgers: Sequence[ExtraLedger] = ()) -> None:
        self.platform = platform
        self.ledgers = list(ledgers)
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
        queue = s.get("CREATORSCOUT_QUEUE")
        if queue:  # a worker of a queued crawl: no store; the ledger is in Redis (crawler.distributed)
            from crawler.distributed import connect, ledger_secret

            secret = ledger_secret(connect(queue), s.get("CREATORSCOUT_PSEUDONYM_KEY") or "")
        else:
            secret = pseudonym_key(db_path, s.get("CREATORSCOUT_PSEUDONYM_KEY") or "")
        ledgers = [ExtraLedger(ledger.name, s.getint(ledger.setting, ledger.default), _load(ledger.cost))
                   for ledger in budget.ledgers]
        middleware = cls(platform.url(s), s.getint(budget.quota_setting, budget.quota_default or 0), crawler,
                         db_path=db_path, key_secret=secret, platform=platform.key, title=platform.title,
                         cost=_load(budget.quota_cost),
                         day=_load(budget.quota_day) if budget.quota_day else pacific_day, ledgers=ledgers)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(middleware.request_sent, signal=request_sent)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        fingerprint = getattr(spider, "key_fingerprint", None)
        if fingerprint is None or self.db_path is None or self.key_secret is None:
            return
        self.key_fingerprint = fingerprint(self.key_secret)
        queue = self.crawler.settings.get("CREATORSCOUT_QUEUE")
        if queue:  # every worker of a queued crawl draws on one ledger in Redis
            from crawler.distributed import RedisQuotaLedger, connect

            self.store = RedisQuotaLedger(connect(queue))  # type: ignore[assignment]
        else:
            self.store = Store.open(self.db_path)
        spent = self.spent_today()
        self.crawler.stats.set_value(f"creatorscout/{self.platform}/quota_spent_today", spent)
        if spent:
            logger.info("%s quota: %d of %d units already spent today with this key", self.title, spent,
                        self.budget)
        for ledger in self.ledgers:
            spent = self.ledger_spent_today(ledger)
            self.crawler.stats.set_value(f"creatorscout/{self.platform}/{ledger.name}_spent_today", spent)
            if spent:
                logger.info("%s quota: %d of %d %s already spent today with this key", self.title, spent,
                            ledger.budget, ledger.name)

    def spider_closed(self, spider: Any) -> None:
        if self.store is not None:
            self.record()
            self.store.close()
            self.store = None

    @property
    def charges_at_once(self) -> bool:
        """A worker of a queued crawl: each request is charged in the shared Redis ledgers (every one of
        the platform's) when it passes this middleware, checked and charged in one atomic step
        (:meth:`RedisQuotaLedger.charge <crawler.distributed.RedisQuotaLedger.charge>`), so that workers
        deciding at the same moment cannot pass a budget together. (A request charged and then not sent,
        its worker killed in between, counts units the platform never received: on the safe side.)"""
        return self.key_fingerprint is not None and hasattr(self.store, "charge")

    def spent_today(self) -> int:
        """Units spent today with this key: the ledger (every crawl), else this process."""
        if self.store is not None and self.key_fingerprint is not None:
            return self.store.quota_spent(self.platform, self.key_fingerprint, self.day()) + self.unrecorded
        return self.used

    def ledger_spent_today(self, ledger: ExtraLedger) -> int:
        """Units of a further ledger spent today with this key (the ledger, else this process)."""
        if self.store is not None and self.key_fingerprint is not None:
            return (self.store.quota_spent(f"{self.platform}_{ledger.name}", self.key_fingerprint, self.day())
                    + ledger.unrecorded)
        return ledger.used

    def process_request(self, request: Request) -> Request | None:
        if not request.url.startswith(self.api_prefix):
            return None
        cost = self.cost(request.url)
        extra = {ledger.name: ledger.cost(request) for ledger in self.ledgers}
        if not cost and not any(extra.values()):
            return None  # free (a token request): not rationed
        if self.closing:
            return self.refuse(request)
        if self.charges_at_once:
            return self.charge_shared(request, cost, extra)
        spent = self.spent_today()
        over = [(ledger.name, ledger.budget, self.ledger_spent_today(ledger)) for ledger in self.ledgers
                if self.ledger_spent_today(ledger) + ledger.reserved + extra[ledger.name] > ledger.budget]
        if spent + self.reserved + cost > self.budget:
            over.insert(0, ("units", self.budget, spent))
        if over:
            return self.refuse(request, over[0], spent)
        self.reserved += cost
        request.meta[QUOTA_COST] = cost
        if self.ledgers:
            for ledger in self.ledgers:
                ledger.reserved += extra[ledger.name]
            request.meta[QUOTA_EXTRA_COST] = extra
        return None

    def charge_shared(self, request: Request, cost: int, extra: dict[str, int]) -> Request | None:
        """A queued crawl's worker (:attr:`charges_at_once`): the request's units in every ledger (the main
        one and the further ones, TikTok's requests and records) checked and charged in one atomic step,
        so that no ledger passes its budget however many workers decide at once."""
        charges = [(self.platform, cost, self.budget),
                   *((f"{self.platform}_{ledger.name}", extra[ledger.name], ledger.budget) for ledger in self.ledgers)]
        result = self.store.charge(self.key_fingerprint, self.day(), charges)  # type: ignore[union-attr]
        if isinstance(result, str):  # the ledger without room, for the message
            ledger = next((e for e in self.ledgers if f"{self.platform}_{e.name}" == result), None)
            spent = self.spent_today()
            if ledger is None:
                return self.refuse(request, ("units", self.budget, spent), spent)
            return self.refuse(request, (ledger.name, ledger.budget, self.ledger_spent_today(ledger)), spent)
        total, *totals = result
        request.meta[QUOTA_CHARGED] = cost
        self.used += cost
        self.crawler.stats.inc_value(f"creatorscout/{self.platform}/quota_units", cost)
        self.crawler.stats.set_value(f"creatorscout/{self.platform}/quota_spent_today", total)
        for ledger, spent in zip(self.ledgers, totals, strict=True):
            units = extra[ledger.name]
            ledger.used += units
            self.crawler.stats.inc_value(f"creatorscout/{self.platform}/quota_{ledger.name}", units)
            self.crawler.stats.set_value(f"creatorscout/{self.platform}/{ledger.name}_spent_today", spent)
        return None

    def refuse(self, request: Request, over: tuple[str, int, int] | None = None, spent: int = 0) -> Request:
        """Keep ``request`` unsent for ``--resume`` (parked); the first refusal, a ledger ``over`` its budget
        (name, budget, spent), stops the crawl cleanly."""
        self.crawler.stats.inc_value(f"creatorscout/{self.platform}/quota_refused_requests")
        if not self.closing and over is not None:
            self.closing = True
            what, budget, used = over
            logger.warning(
                "%s quota budget of %d %s per day reached (%d spent today with this key): stopping "
                "the crawl cleanly; `--resume` continues it when there is quota again",
                self.title, budget, what, used,
            )
            self.crawler.stats.set_value(f"creatorscout/{self.platform}/quota_spent_today", spent)
            StopSwitch.of(self.crawler).trip()
            engine = engine_of(self.crawler)
            if engine is not None and engine.spider is not None:
                deferred_from_coro(engine.close_spider_async(reason="quota_budget_spent"))
        return park(request)  # kept in the frontier, not sent

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(QUOTA_CHARGED, 0) >= URGENT_CHECKPOINT_UNITS:
            # A costly answer (a search page): checkpoint as soon as it is processed, so that a
            # kill does not make a resume pay for it again.
            Frontier.of(self.crawler).checkpoint_soon = True
        return response

    def request_sent(self, request: Request) -> None:
        """The request is being written to its connection: charge its units."""
        extra = request.meta.pop(QUOTA_EXTRA_COST, None) or {}
        for ledger in self.ledgers:
            units = extra.get(ledger.name, 0)
            if units:
                ledger.reserved = max(0, ledger.reserved - units)
                ledger.used += units
                self.crawler.stats.inc_value(f"creatorscout/{self.platform}/quota_{ledger.name}", units)
                if self.store is not None and self.key_fingerprint is not None:
                    ledger.unrecorded += units
                    if not self._recording:
                        self._recording = True
                        _soon(self.record)
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
        for ledger in self.ledgers:
            units, ledger.unrecorded = ledger.unrecorded, 0
            if units and self.store is not None and self.key_fingerprint is not None:
                total = self.store.add_quota(f"{self.platform}_{ledger.name}", self.key_fingerprint, self.day(),
                                             units)
                self.crawler.stats.set_value(f"creatorscout/{self.platform}/{ledger.name}_spent_today", total)




def _soon(action: Callable[[], None]) -> None:
    """Run ``action`` at the start of the event loop's next turn (now, without a running loop)."""
    try:
        asyncio.get_running_loop().call_soon(action)
    except RuntimeError:  # Twisted's own reactor, or no loop at all: no batching
        action()
