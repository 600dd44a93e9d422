"""The crawl frontier: what a crawl still has to fetch, kept in the store so that any stop resumes.

Scrapy's ``JOBDIR`` keeps the queue and the spider state in files that are only consistent
after a clean shutdown: a ``kill -9`` leaves a queue that does not load, a ``requests.seen``
that throws the first requests away, and items in the write buffer are lost. creatorscout keeps
the same facts in the SQLite store instead, written as *checkpoints*:

* :class:`FrontierScheduler` (Scrapy's ``SCHEDULER``) queues requests in memory (highest
  priority first, newest first within a priority), filters duplicates by fingerprint and tells
  the shared :class:`Frontier` about each request.
* A request is *done* when its answer (or failure) and everything its callback yielded have been
  handled: items handed to the store pipeline, new requests queued. The Frontier works this out
  from the engine: a request handed to the downloader that is neither downloading nor being
  processed any more has ended; when no other copy of it (a retry, a parked request) is queued, it
  is done.
* The store pipeline writes a checkpoint only when no answer is being processed (the spider
  state then matches exactly the answers handled so far): in one transaction the items
  buffered so far, every request queued since the last checkpoint, the requests done since then
  and the spider state (JSON). After any stop, ``--resume`` loads the requests not done and the
  state; answers processed after the last checkpoint are fetched again, and their rows are
  upserted, never duplicated.

Requests are stored as JSON (:func:`encode_request`): URL, method, a UTF-8 body with its
``Content-Type`` (JSON APIs that take POST, like TikTok's; secrets never travel in a scheduled
body), callback and errback names, ``cb_kwargs``, priority and the meta keys in
:data:`PERSISTED_META`. Nothing is pickled.
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals

from crawler.stopping import PARK, engine_of

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

__all__ = [
    "PERSISTED_META",
    "Frontier",
    "FrontierScheduler",
    "UnpersistableRequest",
    "decode_request",
    "decode_state",
    "encode_request",
    "encode_state",
]

PERSISTED_META = ("creatorscout_json",)
"""Request meta keys a checkpoint keeps (others, e.g. retry counts and wait times, start afresh)."""

_ATTRIBUTE = "_creatorscout_frontier"


class UnpersistableRequest(ValueError):
    """A request cannot be written to a checkpoint (its callback is not a spider method, ...)."""


def _method_name(spider: Spider, func: Any) -> str | None:
    if func is None:
        return None
    name = getattr(func, "__name__", None)
    if name is None or getattr(spider, name, None) != func:
        raise UnpersistableRequest(f"{func!r} is not a method of spider {spider.name!r}")
    return name


def encode_request(request: Request, spider: Spider) -> str:
    """A request as JSON (callbacks by name); :class:`UnpersistableRequest` when it cannot be."""
    data: dict[str, Any] = {"url": request.url}
    if request.method != "GET":
        data["method"] = request.method
    if request.body:
        try:
            data["body"] = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise UnpersistableRequest(f"request to {request.url} has a binary body") from None
        content_type = request.headers.get("Content-Type")
        if content_type:
            data["content_type"] = content_type.decode("latin-1")
    callback = _method_name(spider, request.callback)
    errback = _method_name(spider, request.errback)
    if callback:
        data["callback"] = callback
    if errback:
        data["errback"] = errback
    if request.cb_kwargs:
        data["cb_kwargs"] = request.cb_kwargs
    meta = {k: request.meta[k] for k in PERSISTED_META if k in request.meta}
    if meta:
        data["meta"] = meta
    if request.priority:
        data["priority"] = request.priority
    try:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise UnpersistableRequest(f"request to {request.url}: {exc}") from None


def decode_request(text: str, spider: Spider) -> Request:
    """The request :func:`encode_request` wrote (callbacks looked up on ``spider``)."""
    data = json.loads(text)
    callback = getattr(spider, data["callback"]) if data.get("callback") else None
    errback = getattr(spider, data["errback"]) if data.get("errback") else None
    headers = {"Content-Type": data["content_type"]} if data.get("content_type") else None
    return Request(
        data["url"], method=data.get("method", "GET"), callback=callback, errback=errback,
        cb_kwargs=data.get("cb_kwargs") or {}, meta=data.get("meta") or {}, priority=data.get("priority", 0),
        body=data.get("body"), headers=headers,
    )


def _state_default(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return {"__set__": sorted(value, key=repr)}
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"spider state value of type {type(value).__name__} cannot be saved")


def _state_hook(value: dict[str, Any]) -> Any:
    if len(value) == 1 and "__set__" in value:
        return set(value["__set__"])
    return value


def encode_state(state: dict[str, Any]) -> str:
    """Spider state as JSON: dicts, lists, strings, numbers, booleans, None and sets (tagged)."""
    return json.dumps(state, default=_state_default, ensure_ascii=False, sort_keys=True, allow_nan=False)


def decode_state(text: str) -> dict[str, Any]:
    """The state :func:`encode_state` wrote (sets come back as sets)."""
    value = json.loads(text, object_hook=_state_hook)
    if not isinstance(value, dict):
        raise ValueError("spider state is not a JSON object")
    return value


class Frontier:
    """One crawl's requests: queued, sent, done, failed; and what the next checkpoint must write.

    Shared by :class:`FrontierScheduler` (which feeds it) and the store pipeline (which writes
    checkpoints and loads them); get it with :meth:`Frontier.of`.
    """

    def __init__(self, fingerprint: Callable[[Request], str] | None = None, stats: Any = None) -> None:
        self.fingerprint = fingerprint or (lambda r: r.url)
        self.stats = stats
        self.spider: Spider | None = None
        self.attached = False  # a FrontierScheduler feeds this frontier
        self.abort_hook: Callable[[], None] | None = None  # the store pipeline's emergency close
        self.checkpoint_soon = False  # costly work was done: checkpoint at the next idle moment
        self._queue: list[tuple[int, int, str, Request]] = []
        self._seq = itertools.count()
        self.seen: set[str] = set()
        self.outstanding: Counter[str] = Counter()  # queued, parked or sent copies per fingerprint
        self.parked: list[tuple[str, Request]] = []
        self.failed: set[str] = set()  # callback raised: kept for the next run
        self.in_flight: dict[int, tuple[Request, str]] = {}
        self.unsaved: dict[str, tuple[str, int, int]] = {}  # fp -> (request JSON, priority, seq)
        self.done_unsaved: set[str] = set()
        self.done_count = 0
        self.unpersistable = 0

    @classmethod
    def of(cls, crawler: Crawler) -> Frontier:
        """The crawler's frontier (one per crawler, created on first use)."""
        frontier = getattr(crawler, _ATTRIBUTE, None)
        if frontier is None:
            fingerprinter = crawler.request_fingerprinter
            frontier = cls(lambda r: fingerprinter.fingerprint(r).hex(), crawler.stats)
            setattr(crawler, _ATTRIBUTE, frontier)
        return frontier

    # -- queue ------------------------------------------------------------------------------
    def push(self, request: Request) -> bool:
        """Queue ``request``; ``False`` for a duplicate of a request already queued or done."""
        fp = self.fingerprint(request)
        if request.meta.get(PARK):
            # Put back unsent because the crawl is stopping: kept for the next run.
            self.outstanding[fp] += 1
            self.parked.append((fp, request))
            self._count("frontier/parked")
            return True
        if fp in self.seen and not request.dont_filter:
            self._count("frontier/duplicates")
            return False
        seq = next(self._seq)
        if fp not in self.seen:
            self.seen.add(fp)
            self._remember(fp, request, seq)
        self.outstanding[fp] += 1
        heapq.heappush(self._queue, (-request.priority, -seq, fp, request))
        self._count("scheduler/enqueued/memory")
        return True

    def _remember(self, fp: str, request: Request, seq: int) -> None:
        if self.spider is None:
            return
        try:
            self.unsaved[fp] = (encode_request(request, self.spider), request.priority, seq)
        except UnpersistableRequest as exc:
            self.unpersistable += 1
            self._count("frontier/unpersistable")
            if self.unpersistable == 1:
                logger.error("A request cannot be checkpointed and will not survive a stop: %s", exc)

    def pop(self) -> Request | None:
        """The next request to send (highest priority, then newest)."""
        if not self._queue:
            return None
        _, _, fp, request = heapq.heappop(self._queue)
        self.in_flight[id(request)] = (request, fp)
        self._count("scheduler/dequeued/memory")
        return request

    def has_queued(self) -> bool:
        return bool(self._queue)

    def __len__(self) -> int:
        return len(self._queue)

    def pending_count(self) -> int:
        """Requests not done: queued, parked, sent and not ended, or failed."""
        return len(self._queue) + len(self.parked) + len(self.in_flight) + len(self.failed)

    def fail(self, request: Request) -> None:
        """A callback raised on ``request``'s answer: not done, the next run tries again."""
        self.failed.add(self.fingerprint(request))
        self._count("frontier/failed")

    # -- done -------------------------------------------------------------------------------
    @staticmethod
    def quiescent(crawler: Crawler) -> bool:
        """No answer is being processed: the spider state matches the requests ended so far."""
        engine = engine_of(crawler)
        slot = getattr(getattr(engine, "scraper", None), "slot", None)
        return slot is None or slot.is_idle()

    def settle(self, downloading: Iterable[Request]) -> None:
        """Move requests that have ended (not in ``downloading``, answers processed) to done.

        Call only when :meth:`quiescent`: a request that left the downloader is then either done
        or replaced by a queued copy (a retry or a parked request).
        """
        active = {id(r) for r in downloading}
        for key, (_, fp) in list(self.in_flight.items()):
            if key in active:
                continue
            del self.in_flight[key]
            self.outstanding[fp] -= 1
            if self.outstanding[fp] <= 0:
                del self.outstanding[fp]
                if fp not in self.failed:
                    self.done_unsaved.add(fp)
                    self.done_count += 1

    def delta(self) -> tuple[list[tuple[str, str, int, int, int]], list[str]]:
        """What the next checkpoint writes: new request rows and fingerprints done since the last."""
        rows = [(fp, text, priority, seq, int(fp in self.done_unsaved))
                for fp, (text, priority, seq) in self.unsaved.items()]
        done = [fp for fp in self.done_unsaved if fp not in self.unsaved]
        return rows, done

    def saved(self) -> None:
        """The checkpoint built from :meth:`delta` is committed."""
        self.unsaved.clear()
        self.done_unsaved.clear()
        self.checkpoint_soon = False

    # -- resume -----------------------------------------------------------------------------
    def restore(self, pending: Iterable[tuple[str, str, int, int]], done: Iterable[str], spider: Spider) -> int:
        """Queue a checkpoint's pending requests (already saved) and remember its done ones."""
        self.spider = spider
        self.seen.update(done)
        count, last_seq = 0, -1
        for fp, text, _priority, seq in pending:
            try:
                request = decode_request(text, spider)
            except (ValueError, KeyError, AttributeError) as exc:
                self._count("frontier/unloadable")
                logger.error("Skipping a checkpointed request that does not load (%s): %.200s", exc, text)
                continue
            self.seen.add(fp)
            self.outstanding[fp] += 1
            heapq.heappush(self._queue, (-request.priority, -seq, fp, request))
            last_seq = max(last_seq, seq)
            count += 1
        self._seq = itertools.count(last_seq + 1)
        return count

    def abort(self) -> None:
        """Emergency close (a forced stop): let the store pipeline save what it can."""
        if self.abort_hook is not None:
            self.abort_hook()

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key if key.startswith("scheduler/") else f"creatorscout/{key}")


class FrontierScheduler:
    """Scrapy scheduler over a :class:`Frontier`: in memory, checkpointed by the store pipeline."""

    def __init__(self, frontier: Frontier) -> None:
        self.frontier = frontier
        frontier.attached = True

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        frontier = Frontier.of(crawler)
        scheduler = cls(frontier)
        crawler.signals.connect(scheduler.spider_error, signal=signals.spider_error)
        if crawler.settings.get("JOBDIR"):
            logger.warning("JOBDIR is not used: creatorscout keeps resumable crawl state in its store")
        return scheduler

    def open(self, spider: Spider) -> None:
        self.frontier.spider = spider

    def close(self, reason: str) -> None:
        """Nothing to write here: the store pipeline's final checkpoint keeps what is left."""

    def has_pending_requests(self) -> bool:
        return self.frontier.has_queued()

    def enqueue_request(self, request: Request) -> bool:
        return self.frontier.push(request)

    def next_request(self) -> Request | None:
        return self.frontier.pop()

    def __len__(self) -> int:
        return len(self.frontier)

    def spider_error(self, failure: Failure, response: Response, spider: Spider) -> None:
        request = getattr(response, "request", None)
        if request is not None:
            self.frontier.fail(request)
