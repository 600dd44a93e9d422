"""One crawl shared by several workers through Redis (scrapy-redis), written by one drain.

``creatorscout crawl PLATFORM ... --queue redis://HOST:PORT/DB`` publishes the crawl (platform,
arguments, settings) in the Redis database and works on it; ``creatorscout worker --queue URL``
joins whatever crawl is published there; ``creatorscout drain --queue URL --db DB`` is the one
process that writes the store. One crawl per Redis database (use ``/1``, ``/2``... for others).

* The scheduler queue and the duplicate filter are scrapy-redis's (:class:`RedisScheduler`,
  ``scrapy_redis.dupefilter.RFPDupeFilter``); requests travel as the frontier's JSON
  (:func:`crawler.frontier.encode_request` plus the JSON-safe meta, so retry counts survive),
  never pickled. A new request is recorded in the filter and queued in one atomic step
  (:meth:`JsonInFlightQueue.push_unseen`).
* The Redis queue IS the durable frontier of a queued crawl: a worker pops a request and records it
  in its own in-flight hash in one atomic step (a Lua script); the request leaves that hash only
  when its answer and everything its callback yielded were pushed to Redis (items to the item list,
  new requests to the queue), checked at moments when no answer is being processed, as the local
  frontier does. A worker killed with ``kill -9`` leaves its in-flight requests behind; its
  heartbeat key expires, the other workers stop waiting for it and finish, and ``crawl --queue
  ... --resume`` puts the dead workers' in-flight requests back in the queue, marked as replayed
  (:data:`~crawler.crawl_state.REPLAYED_META`: a spider yields again what such an answer decided). Answers fetched twice
  give the same rows again: the drain upserts, never duplicates.
* Workers never open the SQLite store: items go, as JSON, to a Redis list; the drain runs the
  pseudonymising and storing pipelines of a local crawl on them (commenter ids are hashed there,
  with the store's key, so Redis briefly holds them: keep it private). An item leaves the list only
  once the store has committed it; rows waiting for their parent wait in Redis (``parked``), so a
  drain killed with -9 loses nothing: the next one continues the same run.
* Counts: workers publish their counters (``stats`` hash) every :data:`STATS_SECONDS` and at close;
  the drain sums them with its own into the run row (:func:`run_summary`).
* Budgets: those of an IP (Mastodon's rate limit) stay per worker, as each worker has its own
  address. Those of a credential are shared through Redis: :class:`RedisQuotaLedger` (YouTube's
  quota units, TikTok's requests and records, every ledger of a request checked and charged in one
  atomic step; used by :class:`crawler.quota.QuotaMiddleware`),
  :class:`RedisHashtagLedger` (Instagram's 30 hashtags in 7 days: a queued crawl is checked against it
  before it is published, and each worker takes a tag's slot in one atomic step as it sends the tag's
  search), keyed by a fingerprint of the credential under :func:`ledger_secret`, and
  :class:`SharedUsage` (the Graph API usage and throttling pause of Instagram's token); the drain keeps
  the quota ledgers and the store's one view (:func:`sync_ledgers`), and Instagram's hashtag ledgers
  (:func:`sync_hashtag_ledgers`). Only the platforms in
  :data:`QUEUE_PLATFORMS` can be queued: a platform's spider must keep its search state where every
  worker sees it.

Redis keys (prefix ``creatorscout:``): ``job`` (hash), ``requests`` (sorted set, the queue),
``dupefilter`` (set), ``items`` (list), ``claimed`` (creators claimed by any worker), ``workers``
(set of worker ids ever seen), ``alive:<worker>`` (heartbeat with a time to live),
``inflight:<worker>`` (hash: request JSON -> copies), ``parked`` (list: rows the drain holds back
for their parent), ``stats`` (hash: worker or drain id -> its counters, JSON), ``state`` and
``state:<name>`` (the spiders' shared search state, :mod:`crawler.crawl_state`), ``drain`` (the
drain writing the items: its id, with a time to live it renews); ``ledger:...``,
``ledger_seeded``, ``hashtags:<user>`` and ``usage:<platform>`` (the credential budgets, kept across crawls;
the usage for a day).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableSet, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.queue import Base
from scrapy_redis.scheduler import Scheduler

from crawler.crawl_state import REPLAYED_META, STATE_PREFIX, RedisCrawlState
from crawler.errors import CreatorscoutError
from crawler.frontier import Frontier, decode_request, encode_request
from crawler.items import CommentItem, CreatorItem, DiscoveryItem, PostItem
from crawler.middlewares import CREDENTIAL_VERSION
from crawler.stopping import PARK, engine_of
from crawler.timeutil import format_z, now, parse_utc

if TYPE_CHECKING:
    import redis
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

__all__ = [
    "PREFIX",
    "QUEUE_PLATFORMS",
    "ClaimedCreators",
    "QueueError",
    "QueueUnreachable",
    "RedisHashtagLedger",
    "RedisItemPipeline",
    "RedisQuotaLedger",
    "RedisScheduler",
    "SharedUsage",
    "connect",
    "drain",
    "job_of",
    "ledger_secret",
    "publish_job",
    "queue_settings",
    "requeue_orphans",
    "run_worker",
]

PREFIX = "creatorscout:"
QUEUE_PLATFORMS = ("mastodon", "youtube", "bluesky", "instagram", "tiktok")
"""Platforms a queued crawl supports: their spiders keep the search state every worker must see in
:mod:`crawler.crawl_state` (Redis for a queued crawl): YouTube's and Bluesky's search hits and batches,
Instagram's hashtag search with its hashtag id, edge and cursor, its candidates, handles looked up and
lookups in flight, TikTok's crawl day and the usernames stored, gone and dropped. A new platform joins
once its spider does the same."""

QUOTA_REASONS = frozenset({"quota_budget_spent", "quota_exceeded"})
"""Finish reasons of a worker stopped by a credential's budget: the crawl stops (``stopped_quota``)."""

HEARTBEAT_SECONDS = 5.0
"""A worker whose heartbeat is older than this is dead: its in-flight requests wait for ``--resume``."""

STATS_SECONDS = 1.0
DRAIN_LEASE_SECONDS = 15.0
"""The drain's claim on a queue (key ``drain``) lasts this long unless renewed: a second drain is refused
while it holds; after a ``kill -9`` another may start once it expired (at once on the same machine)."""
"""A worker publishes its counters (``stats`` hash) this often, and once more when it closes."""

_PARALLEL_STATS = ("elapsed_time_seconds",)
"""Counters that overlap between workers running at once: the crawl's value is the largest any process
reported (as for the levels of :func:`crawler.pipelines.is_level`)."""

_ITEM_TYPES: dict[str, type] = {t.__name__: t for t in (CreatorItem, PostItem, CommentItem, DiscoveryItem)}

# Server-side Lua scripts (fixed texts of this module, registered once per client and run by their
# SHA with EVALSHA): each does its reads and writes atomically.

# Pop the highest-priority request and record it in the worker's in-flight hash, atomically: a kill
# between the two can then lose nothing.
_POP_SCRIPT = """
local r = redis.call('zrange', KEYS[1], 0, 0)
if #r == 0 then return false end
redis.call('zremrangebyrank', KEYS[1], 0, 0)
redis.call('hincrby', KEYS[2], r[1], 1)
return r[1]
"""


# Record the fingerprint ARGV[1] in the duplicate filter KEYS[1] and, only when it is new, queue the request
# text ARGV[2] with the score ARGV[3] in KEYS[2]: one step, so no kill can leave a request seen but not queued.
_PUSH_UNSEEN_SCRIPT = """
if redis.call('sadd', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('zadd', KEYS[2], ARGV[3], ARGV[2])
return 1
"""

# A hashtag searched since the window start (ARGV[3]) keeps its first time; an older one starts anew.
_HASHTAG_SCRIPT = """
local v = redis.call('hget', KEYS[1], ARGV[1])
if (not v) or v < ARGV[3] then redis.call('hset', KEYS[1], ARGV[1], ARGV[2]) end
return 1
"""

# Take a slot for the hashtag ARGV[1] at ARGV[2] in the user's ledger KEYS[1] unless ARGV[4] tags of the
# window (searched since ARGV[3]) hold them all; a tag of the window costs nothing. 1: it may be searched.
_RESERVE_HASHTAG_SCRIPT = """
local v = redis.call('hget', KEYS[1], ARGV[1])
if v and v >= ARGV[3] then return 1 end
local used = 0
local all = redis.call('hgetall', KEYS[1])
for i = 2, #all, 2 do if all[i] >= ARGV[3] then used = used + 1 end end
if used >= tonumber(ARGV[4]) then return 0 end
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
return 1
"""

# Raise a Redis ledger (KEYS[1]) by what the store's other rows (ARGV[2]) gained since they were last
# seeded (KEYS[2], field ARGV[1]): atomic with the workers' INCRBYs, never lowering anything.
_SEED_SCRIPT = """
local seeded = tonumber(redis.call('hget', KEYS[2], ARGV[1]) or '0')
local target = tonumber(ARGV[2])
if target > seeded then
  redis.call('incrby', KEYS[1], target - seeded)
  redis.call('expire', KEYS[1], ARGV[3])
  redis.call('hset', KEYS[2], ARGV[1], target)
  redis.call('expire', KEYS[2], ARGV[3])
end
return 1
"""

# Charge each ledger KEYS[i] ARGV[2i] units unless one of them would pass its budget ARGV[2i+1] (then
# return -i, the first one, and charge none); ARGV[1] is the keys' time to live. The checks and the
# charges are one step, so workers checking at the same moment never overshoot together.
_CHARGE_SCRIPT = """
for i = 1, #KEYS do
  local total = tonumber(redis.call('get', KEYS[i]) or '0')
  if total + tonumber(ARGV[2 * i]) > tonumber(ARGV[2 * i + 1]) then return -i end
end
local totals = {}
for i = 1, #KEYS do
  if tonumber(ARGV[2 * i]) > 0 then
    totals[i] = redis.call('incrby', KEYS[i], ARGV[2 * i])
    redis.call('expire', KEYS[i], ARGV[1])
  else
    totals[i] = tonumber(redis.call('get', KEYS[i]) or '0')
  end
end
return totals
"""

# A pause only ever grows: the latest blocked-until time of any worker wins.
_PAUSE_SCRIPT = """
local v = redis.call('hget', KEYS[1], 'blocked_until')
if (not v) or tonumber(v) < tonumber(ARGV[1]) then redis.call('hset', KEYS[1], 'blocked_until', ARGV[1]) end
redis.call('expire', KEYS[1], 86400)
return 1
"""


class QueueError(CreatorscoutError):
    """A queued crawl cannot start or continue (bad URL, no crawl published, another crawl queued)."""


class QueueUnreachable(QueueError):
    """Redis does not answer at the queue URL."""


def key(name: str) -> str:
    return PREFIX + name


def connect(url: str) -> redis.Redis:
    """A client of the Redis at ``url`` (``redis://HOST:PORT/DB``), checked with a PING."""
    import redis

    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise QueueError(f"--queue {url!r} is not a Redis URL: use redis://HOST:PORT/DB")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise QueueUnreachable(f"Redis at {url} is unreachable ({exc}); start it or fix --queue") from None
    return client


def queue_settings(url: str) -> dict[str, Any]:
    """Scrapy settings that switch a crawl to the Redis queue at ``url``."""
    return {
        "CREATORSCOUT_QUEUE": url,
        "REDIS_URL": url,
        "SCHEDULER": "crawler.distributed.RedisScheduler",
        "SCHEDULER_PERSIST": True,  # the queue outlives each worker: it is the crawl's frontier
        "SCHEDULER_QUEUE_KEY": key("requests"),
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.JsonInFlightQueue",
        "SCHEDULER_DUPEFILTER_KEY": key("dupefilter"),
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "ITEM_PIPELINES": {
            "crawler.pipelines.ValidatePipeline": 100,
            "crawler.pipelines.NormalisePipeline": 200,
            "crawler.distributed.RedisItemPipeline": 900,
        },
    }


# -- the published crawl -------------------------------------------------------------------------
def job_of(client: redis.Redis) -> dict[str, Any] | None:
    """The crawl published in this Redis database, or None."""
    raw = client.hgetall(key("job"))
    if not raw:
        return None
    job = {k.decode(): v.decode() for k, v in raw.items()}
    return {"platform": job["platform"], "arguments": json.loads(job["arguments"]),
            "settings": json.loads(job["settings"]), "status": job.get("status", "queued"),
            "run_id": int(job["run_id"]) if job.get("run_id") else None,
            "known": json.loads(job["known"]) if job.get("known") else None}


def publish_job(client: redis.Redis, platform: str, arguments: Mapping[str, Any], settings: Mapping[str, Any],
                *, resume: bool, known: Mapping[str, Any] | None = None, db_path: str | None = None) -> dict[str, Any]:
    """Publish a crawl (or, with ``resume``, continue the published one: requeue dead workers' requests).

    ``known``: an incremental crawl's cutoffs (:func:`crawler.spiders.base.read_known_creators`, read
    from the store the drain writes): workers never read a store, so they take them from the job. A
    resumed crawl keeps the cutoffs it was published with (the store has changed since). A fresh Instagram
    crawl whose hashtags the shared hashtag ledger refuses raises
    :class:`~crawler.spiders.instagram.HashtagLimitError` (one line) and is not published; ``db_path``,
    the store the drain writes, adds the hashtags local crawls searched to that ledger first."""
    if platform not in QUEUE_PLATFORMS:
        raise QueueError(f"{platform} cannot be crawled through a queue yet (supported: "
                         f"{', '.join(QUEUE_PLATFORMS)}); crawl it without --queue")
    existing = job_of(client)
    if resume:
        if existing is None:
            raise QueueError("nothing to resume: no crawl is queued in this Redis database")
        if existing["platform"] != platform or existing["arguments"] != json.loads(json.dumps(dict(arguments))):
            raise QueueError(f"the queued crawl is another one ({existing['platform']}); resume it with its "
                             "own arguments or use another Redis database")
        requeued = requeue_orphans(client)
        # Settings given again win (a larger --quota, say); the others stay as published.
        merged = {**existing["settings"], **json.loads(json.dumps(dict(settings)))}
        client.hset(key("job"), mapping={"status": "queued", "settings": json.dumps(merged, sort_keys=True)})
        existing["settings"] = merged
        logger.info("Resuming the queued %s crawl: %d requests of dead workers queued again", platform, requeued)
        return existing
    if existing is not None:
        raise QueueError(f"a {existing['platform']} crawl is already queued in this Redis database "
                         "(--resume continues it; or use another database, /1, /2...)")
    if dict(arguments).get("incremental") and known is None:
        raise QueueError("an incremental queued crawl needs the store's creators (read from --db when publishing)")
    if platform == "instagram" and dict(arguments).get("hashtags"):  # a crawl the hashtag ledger refuses: not queued
        from crawler.spiders.instagram import check_queued_hashtags

        if db_path and Path(db_path).exists():
            from crawler.storage import Store

            with contextlib.closing(Store.open(db_path)) as store:
                sync_hashtag_ledgers(client, store)
        check_queued_hashtags(client, dict(arguments)["hashtags"], settings)
    job = {"platform": platform, "arguments": json.dumps(dict(arguments), sort_keys=True),
           "settings": json.dumps(dict(settings), sort_keys=True), "status": "queued"}
    if known is not None:
        job["known"] = json.dumps(dict(known), sort_keys=True)
    client.hset(key("job"), mapping=job)
    return job_of(client) or {}


def queued_known_creators(db_path: str, platform: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The cutoffs an incremental queued crawl publishes (:func:`publish_job`'s ``known``): the creators
    of ``platform`` in the store at ``db_path``, the one its drain writes, with the incremental window
    of ``settings``. A store that does not exist yet knows none: every creator is crawled in full."""
    from scrapy.settings import Settings

    from crawler.spiders.base import known_creators_of

    if not Path(db_path).exists():
        return {}
    resolved = Settings()
    resolved.setmodule("crawler.settings", priority="project")
    resolved.setdict(dict(settings), priority="cmdline")
    return known_creators_of(resolved, db_path, platform)


def live_workers(client: redis.Redis) -> set[str]:
    return {w.decode() for w in client.smembers(key("workers")) if client.exists(key(f"alive:{w.decode()}"))}


def in_flight(client: redis.Redis, workers: set[str] | None = None) -> int:
    """Requests popped and not done, of ``workers`` (all when None)."""
    names = workers if workers is not None else {w.decode() for w in client.smembers(key("workers"))}
    return sum(client.hlen(key(f"inflight:{w}")) for w in names)


def _ended_here(worker: str) -> bool:
    """A worker of this machine (``host-pid-id``) whose process has ended: dead, even while its heartbeat
    key has not expired yet (a worker stopped by a signal a moment ago, say)."""
    host, pid, _ = [*worker.rsplit("-", 2), "", ""][:3]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's live process
        return False
    return False


def _take_drain(client: redis.Redis, drain_id: str) -> None:
    """Hold the queue's drain lease (one writer per queue), or raise :class:`QueueError` naming the holder."""
    lease = int(DRAIN_LEASE_SECONDS * 1000)
    if client.set(key("drain"), drain_id, nx=True, px=lease):
        return
    holder = (client.get(key("drain")) or b"").decode()
    if holder and _ended_here(holder.removeprefix("drain:")):  # a drain of this machine that was killed
        client.set(key("drain"), drain_id, px=lease)
        return
    left = max(0, int(client.pttl(key("drain")))) / 1000
    raise QueueError(f"another drain ({holder}) is writing this queue's items; two would write every item twice. "
                     f"If it was killed on another machine, its claim lapses in {left:.0f} s")


def _renew_drain(client: redis.Redis, drain_id: str) -> None:
    if client.get(key("drain")) != drain_id.encode():
        raise QueueError("this drain's claim on the queue lapsed and another drain took it over; stopping")
    client.pexpire(key("drain"), int(DRAIN_LEASE_SECONDS * 1000))


def requeue_orphans(client: redis.Redis) -> int:
    """Put the in-flight requests of dead workers back in the queue, marked :data:`REPLAYED_META` (the
    worker may have processed an answer without pushing all it yielded); their count."""
    alive = live_workers(client)
    count = 0
    for raw in client.smembers(key("workers")):
        worker = raw.decode()
        if worker in alive and not _ended_here(worker):
            continue
        client.delete(key(f"alive:{worker}"))
        hash_key = key(f"inflight:{worker}")
        for text in client.hkeys(hash_key):
            data = json.loads(text)
            data["meta"] = {**(data.get("meta") or {}), REPLAYED_META: True}
            marked = json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False)
            client.zadd(key("requests"), {marked: -data.get("priority", 0)})
            count += 1
        client.delete(hash_key)
        client.srem(key("workers"), worker)
    return count


# -- budgets of a credential -------------------------------------------------------------------
LEDGER_DAYS = 3
"""Days a daily quota ledger's key is kept (a Pacific or UTC day, whichever the platform counts in)."""


def ledger_secret(client: redis.Redis, configured: str = "") -> bytes:
    """The secret that fingerprints credentials in the Redis ledgers: the configured pseudonym key,
    else one random secret kept in Redis (workers on other machines have no store and no key file)."""
    if configured:
        return configured.encode()
    client.set(key("ledger_secret"), uuid.uuid4().hex + uuid.uuid4().hex, nx=True)
    return client.get(key("ledger_secret")) or b""


class RedisQuotaLedger:
    """The store's daily quota ledger (``quota_spent``/``add_quota``) in Redis, shared by every worker."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client
        self._charge = client.register_script(_CHARGE_SCRIPT)

    @staticmethod
    def _key(platform: str, key_fingerprint: str, day: str) -> str:
        return key(f"ledger:{platform}:{key_fingerprint}:{day}")

    def quota_spent(self, platform: str, key_fingerprint: str, day: str) -> int:
        return int(self.client.get(self._key(platform, key_fingerprint, day)) or 0)

    def add_quota(self, platform: str, key_fingerprint: str, day: str, units: int) -> int:
        """Add ``units`` (one atomic INCRBY: safe with any number of workers); the new total."""
        name = self._key(platform, key_fingerprint, day)
        pipe = self.client.pipeline()
        pipe.incrby(name, units)
        pipe.expire(name, LEDGER_DAYS * 86400)
        total, _ = pipe.execute()
        return int(total)

    def charge(self, key_fingerprint: str, day: str, charges: Sequence[tuple[str, int, int]]) -> list[int] | str:
        """Charge several ledgers of one key and day at once, ``(ledger, units, budget)`` each (a platform's
        main ledger and its further ones, TikTok's requests and records): every one, or, when one would
        pass its budget, none. One atomic step for every worker. The new totals, in order, or the name of
        the first ledger that had no room."""
        result = self._charge(keys=[self._key(ledger, key_fingerprint, day) for ledger, _, _ in charges],
                              args=[LEDGER_DAYS * 86400, *(n for _, units, budget in charges for n in (units, budget))])
        if isinstance(result, int):
            return charges[-result - 1][0]
        return [int(total) for total in result]

    def close(self) -> None:
        self.client.close()


def queue_tag(client: redis.Redis) -> str:
    """The suffix of the store's ledger rows that hold this Redis database's spending: the Redis
    server's run id (a restarted server, its ledgers gone, gets new rows) and the database."""
    import redis

    kwargs = client.connection_pool.connection_kwargs
    try:
        server = str(client.info("server").get("run_id", ""))[:12]
    except redis.ResponseError:  # a Redis that hides INFO: named by its address instead
        server = f"{kwargs.get('host', 'unix')}:{kwargs.get('port', '')}"
    return f"@redis:{server}/{kwargs.get('db', 0)}"


def sync_ledgers(client: redis.Redis, store: Any, platform: str, tag: str | None = None,
                 today: date | None = None) -> dict[str, int]:
    """Make the store's ``quota_ledger`` and this Redis database's quota ledgers one view; run by the drain.

    Redis -> store: each Redis ledger counts ``seeded`` units that came from the store plus what the
    workers spent; the latter is recorded as the store row ``<fingerprint><tag>`` (an absolute figure,
    never lowered: recording again changes nothing). Store -> Redis: each Redis ledger of ``platform``
    (and its further ledgers, ``<platform>_<name>``) is raised by what the other rows of the store
    (local crawls, other queues) spent since it was last seeded, in one atomic step, so that workers
    do not spend a budget a local crawl already used. Fingerprints match when every process fingerprints
    credentials with the same secret (``CREATORSCOUT_PSEUDONYM_KEY``). Returns the queued units recorded."""
    tag = tag or queue_tag(client)
    prefix = key("ledger:")
    recorded: dict[str, int] = {}
    for raw in client.scan_iter(match=prefix + "*"):
        name = raw.decode()
        parts = name[len(prefix):].split(":")
        if len(parts) != 3:
            continue
        pipe = client.pipeline(transaction=True)
        pipe.get(name)
        pipe.hget(key("ledger_seeded"), name[len(prefix):])
        total, seeded = pipe.execute()
        queued = int(total or 0) - int(seeded or 0)
        if queued > 0:
            ledger, fingerprint, day = parts
            store.record_quota(ledger, fingerprint + tag, day, queued)
            recorded[name[len(prefix):]] = queued
    since = ((today or now().date()) - timedelta(days=LEDGER_DAYS)).isoformat()
    others: dict[tuple[str, str, str], int] = {}
    for row in store.quota_rows(since):
        ledger, fingerprint = row["platform"], row["key_fingerprint"]
        if (ledger != platform and not ledger.startswith(platform + "_")) or fingerprint.endswith(tag):
            continue
        name = (ledger, fingerprint.split("@", 1)[0], row["day"])
        others[name] = others.get(name, 0) + int(row["units"])
    if others:
        seed = client.register_script(_SEED_SCRIPT)
        for (ledger, fingerprint, day), units in others.items():
            field = f"{ledger}:{fingerprint}:{day}"
            seed(keys=[prefix + field, key("ledger_seeded")], args=[field, units, LEDGER_DAYS * 86400])
    return recorded


def sync_hashtag_ledgers(client: redis.Redis, store: Any, at: datetime | None = None) -> int:
    """Make the store's ``instagram_hashtag_ledger`` and this Redis database's hashtag ledgers one view:
    Instagram counts 30 unique hashtags in 7 days per account, whichever process searched them, so a
    queued crawl's workers must see the tags local crawls searched and a later local crawl the tags
    the workers searched. Every tag first searched in the last 7 days goes each way, merged as a search
    at its first time (a tag the other side has in that time's window keeps its time there: idempotent).
    Users match when every process fingerprints them with the same secret (``CREATORSCOUT_PSEUDONYM_KEY``,
    as for :func:`sync_ledgers`). Run by the drain of an Instagram crawl, and before a crawl is checked
    and published. Returns the tags the store did not have."""
    from crawler.spiders.instagram import HASHTAG_WINDOW

    since = format_z((at or now()) - HASHTAG_WINDOW, "seconds")

    def window_start(first: str) -> str:
        when = parse_utc(first)
        return format_z(when - HASHTAG_WINDOW, "seconds") if when is not None else first

    ledger = RedisHashtagLedger(client)
    prefix = key("hashtags:")
    stored = store.hashtag_rows(since)
    known = {(user, tag) for user, tag, _ in stored}
    added = 0
    for name in client.scan_iter(match=prefix + "*"):
        user = name.decode()[len(prefix):]
        for tag, first in ledger.hashtags_searched(user, since).items():
            added += (user, tag) not in known
            store.record_hashtag(user, tag, first, window_start(first))
    for user, tag, first in stored:  # what Redis gave the store above, Redis has already
        ledger.record_hashtag(user, tag, first, window_start(first))
    return added


class RedisHashtagLedger:
    """Instagram's hashtag ledger (``hashtags_searched``/``record_hashtag``) in Redis: a hash per user."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client
        self._record = client.register_script(_HASHTAG_SCRIPT)
        self._reserve = client.register_script(_RESERVE_HASHTAG_SCRIPT)

    def hashtags_searched(self, user_fingerprint: str, since: str) -> dict[str, str]:
        rows = self.client.hgetall(key(f"hashtags:{user_fingerprint}"))
        found = {k.decode(): v.decode() for k, v in rows.items() if v.decode() >= since}
        return dict(sorted(found.items(), key=lambda kv: kv[1]))

    def record_hashtag(self, user_fingerprint: str, hashtag: str, at: str, window_start: str) -> None:
        """A tag searched since ``window_start`` keeps its first time; an older one starts anew (atomic)."""
        self._record(keys=[key(f"hashtags:{user_fingerprint}")], args=[hashtag, at, window_start])

    def reserve_hashtag(self, user_fingerprint: str, hashtag: str, at: str, window_start: str, limit: int) -> bool:
        """Whether ``hashtag`` may be searched at ``at``: searched since ``window_start`` already (free), or
        recorded now in one of the ``limit`` slots of the window, checked and taken in one atomic step (workers
        deciding at once never pass ``limit`` together). False: every slot is taken."""
        return bool(self._reserve(keys=[key(f"hashtags:{user_fingerprint}")],
                                  args=[hashtag, at, window_start, limit]))

    def close(self) -> None:
        self.client.close()


class SharedUsage:
    """The latest Graph API usage (percent) and throttling pause of one app/token, seen by any worker:
    what one worker learns from its answers slows and pauses the others (Instagram's usage budget)."""

    def __init__(self, client: redis.Redis, platform: str) -> None:
        self.client = client
        self.name = key(f"usage:{platform}")
        self._pause = client.register_script(_PAUSE_SCRIPT)

    def publish(self, percent: int | None, blocked_until: float) -> None:
        """Report ``percent`` (None: not reported) and a pause until ``blocked_until`` (epoch seconds)."""
        if percent is not None:
            self.client.hset(self.name, "percent", percent)
        self._pause(keys=[self.name], args=[repr(blocked_until)])

    def read(self) -> tuple[int | None, float]:
        """(the latest percent any worker saw, the pause until: epoch seconds, 0 for none)."""
        values = self.client.hgetall(self.name)
        percent = values.get(b"percent")
        return (int(percent) if percent is not None else None, float(values.get(b"blocked_until") or 0.0))


# -- creators claimed by any worker --------------------------------------------------------------
_CLAIM_SCRIPT = """
if redis.call('sismember', KEYS[1], ARGV[1]) == 1 then return 0 end
if ARGV[2] ~= '' and redis.call('scard', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('sadd', KEYS[1], ARGV[1])
return 1
"""


class ClaimedCreators(MutableSet[str]):
    """The spider's ``state["creators"]`` for a queued crawl: one Redis set for every worker, so a
    creator is claimed once and ``--max-creators`` counts for the whole crawl
    (:meth:`claim` is atomic; see ``PlatformSpider.claim_creator``)."""

    def __init__(self, client: redis.Redis, name: str = key("claimed")) -> None:
        self.client = client
        self.name = name
        self._claim = client.register_script(_CLAIM_SCRIPT)

    def claim(self, creator_id: str, limit: int | None) -> bool:
        """Claim ``creator_id`` unless it is claimed already or ``limit`` creators are."""
        return bool(self._claim(keys=[self.name], args=[creator_id, "" if limit is None else str(limit)]))

    def __contains__(self, creator_id: object) -> bool:
        return isinstance(creator_id, str) and bool(self.client.sismember(self.name, creator_id))

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(m.decode() for m in self.client.smembers(self.name)))

    def __len__(self) -> int:
        return int(self.client.scard(self.name))

    def add(self, creator_id: str) -> None:
        self.client.sadd(self.name, creator_id)

    def discard(self, creator_id: str) -> None:
        self.client.srem(self.name, creator_id)


_RUNTIME_META = frozenset({PARK, "download_slot", "download_latency", CREDENTIAL_VERSION})
"""Meta keys of one worker's handling of a request that do not travel with it (the generation of this
worker's token, say: another worker has its own)."""


# -- scheduler --------------------------------------------------------------------------------
def _encode(request: Request, spider: Spider) -> str:
    """The frontier's JSON of ``request`` plus its JSON-safe meta (retry counts, waits...)."""
    data = json.loads(encode_request(request, spider))
    meta = dict(data.get("meta") or {})
    for name, value in request.meta.items():
        if name in _RUNTIME_META or name.startswith(("_", "creatorscout_queue_")) or name in meta:
            continue
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError):
            continue
        meta[name] = value
    if meta:
        data["meta"] = meta
    return json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False)


class JsonInFlightQueue(Base):
    """scrapy-redis priority queue holding the frontier's JSON; a pop records the request as in flight."""

    worker = "local"
    _pop: Any = None  # the registered pop script, once the queue first pops
    _push_unseen: Any = None  # the registered script, once the queue first pushes through the filter

    def __len__(self) -> int:
        return self.server.zcard(self.key)

    def push(self, request: Request) -> None:
        self.server.zadd(self.key, {_encode(request, self.spider): -request.priority})

    def push_unseen(self, request: Request, fingerprint: str, seen_key: str) -> bool:
        """Queue ``request`` unless the duplicate filter ``seen_key`` has its ``fingerprint``, and record it
        there, in one atomic step (a worker killed between the two would leave a request seen and never
        queued: its replayed parent's copy would be dropped as a duplicate). Whether it was queued."""
        if self._push_unseen is None:
            self._push_unseen = self.server.register_script(_PUSH_UNSEEN_SCRIPT)
        text = _encode(request, self.spider)
        return bool(self._push_unseen(keys=[seen_key, self.key], args=[fingerprint, text, -request.priority]))

    def pop(self, timeout: int = 0) -> Request | None:
        if self._pop is None:
            self._pop = self.server.register_script(_POP_SCRIPT)
        text = self._pop(keys=[self.key, key(f"inflight:{self.worker}")])
        if not text:
            return None
        request = decode_request(text.decode() if isinstance(text, bytes) else text, self.spider)
        request.meta["creatorscout_queue_text"] = text
        return request


class RedisScheduler(Scheduler):
    """scrapy-redis's scheduler with in-flight bookkeeping, a heartbeat and a shared end.

    A worker ends when the queue is empty and no live worker has a request in flight (another
    worker's answer may still bring new requests)."""

    def __init__(self, server: Any, **kwargs: Any) -> None:
        super().__init__(server, **kwargs)
        self.worker = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.crawler: Crawler | None = None
        self.heartbeat = HEARTBEAT_SECONDS
        self.sent: dict[int, Request] = {}
        self.late = False  # the crawl was over when this worker joined
        self._loop: Any = None
        self._published = 0.0  # monotonic time of the last stats publication

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.heartbeat = crawler.settings.getfloat("CREATORSCOUT_QUEUE_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS)
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(scheduler.spider_error, signal=signals.spider_error)
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.queue.worker = self.worker
        state = getattr(spider, "state", None)
        if isinstance(state, dict):  # creators are claimed once for the whole crawl, by whichever worker
            state["creators"] = ClaimedCreators(self.server)
        if hasattr(spider, "shared_state"):  # the search state every worker sees (crawler.crawl_state)
            spider.shared_state = RedisCrawlState(self.server, busy=self.others_busy)
        self.server.sadd(key("workers"), self.worker)
        self._beat()
        # Registered first, checked second: a drain then either waits for this worker or has already
        # seen the crawl finished, and a worker that comes too late does not crawl it again.
        self.late = self.server.hget(key("job"), "status") in (None, b"finished")
        if self.late:
            logger.warning("The queued %s crawl is over: nothing to do", spider.name)
        from scrapy.utils.asyncio import create_looping_call

        self._loop = create_looping_call(self._tick)
        self._loop.start(0.2, now=False)
        logger.info("Worker %s joined the queued %s crawl (%d requests queued)", self.worker, spider.name,
                    len(self.queue))

    def close(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.settle()
        if not self.late:
            self.publish_stats()  # the final counts, before this worker stops counting as alive
        left = self.server.hlen(key(f"inflight:{self.worker}"))
        if not left:
            self.server.srem(key("workers"), self.worker)
        if reason == "finished" and not len(self.queue) and not in_flight(self.server) \
                and self.server.exists(key("job")):
            self.server.hset(key("job"), "status", "finished")
        elif reason in QUOTA_REASONS and self.server.exists(key("job")):
            # The credential's budget is spent for every worker (one ledger): the crawl stops, resumable.
            self.server.hset(key("job"), "status", "stopped_quota")
        self.server.delete(key(f"alive:{self.worker}"))
        super().close(reason)

    def enqueue_request(self, request: Request) -> bool:
        if self.late:
            return False
        park = request.meta.get(PARK)  # put back unsent because this worker stops: kept for the others
        if park or request.dont_filter:
            self.queue.push(request)
        elif not self.queue.push_unseen(request, self.df.request_fingerprint(request), self.df.key):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def others_busy(self) -> bool:
        """A request is queued, or another live worker has one in flight (it may bring more work)."""
        return bool(len(self.queue)) or bool(in_flight(self.server, live_workers(self.server) - {self.worker}))

    def has_pending_requests(self) -> bool:
        return not self.late and len(self) > 0

    def next_request(self) -> Request | None:
        if self.late:
            return None
        request = self.queue.pop()
        if request is not None:
            self.sent[id(request)] = request
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
        return request

    # -- done --------------------------------------------------------------------------------
    def settle(self) -> None:
        """Requests sent that have ended (answer processed, its items and requests pushed) leave the
        in-flight hash; only called when no answer is being processed."""
        if self.crawler is None or not Frontier.quiescent(self.crawler):
            return
        engine = engine_of(self.crawler)
        active = {id(r) for r in getattr(getattr(engine, "downloader", None), "active", ())}
        done = [r for k, r in self.sent.items() if k not in active]
        if not done:
            return
        pipe = self.server.pipeline()
        hash_key = key(f"inflight:{self.worker}")
        for request in done:
            del self.sent[id(request)]
            text = request.meta.get("creatorscout_queue_text")
            if text is None or request.meta.get("creatorscout_queue_failed"):
                continue
            pipe.hincrby(hash_key, text, -1)
        pipe.execute()
        # Fields at zero (or below, for copies) are removed.
        for field, copies in self.server.hgetall(hash_key).items():
            if int(copies) <= 0:
                self.server.hdel(hash_key, field)

    def _beat(self) -> None:
        self.server.set(key(f"alive:{self.worker}"), "1", px=int(self.heartbeat * 1000))

    def publish_stats(self) -> None:
        """This worker's Scrapy and creatorscout counters to the ``stats`` hash, for the drain's run row."""
        if self.crawler is None or self.crawler.stats is None:
            return
        self._published = time.monotonic()
        self.server.hset(key("stats"), self.worker, json.dumps(numeric_stats(self.crawler.stats.get_stats()),
                                                               sort_keys=True))

    def _tick(self) -> None:
        self._beat()
        self.settle()
        if not self.late and time.monotonic() - self._published >= STATS_SECONDS:
            self.publish_stats()
        engine = engine_of(self.crawler)
        if engine is not None and len(self.queue) and not getattr(engine.downloader, "active", ()):
            from crawler.pipelines import _wake

            _wake(engine)

    def spider_idle(self, spider: Spider) -> None:
        if self.late:
            return
        self.settle()
        if len(self.queue):
            raise DontCloseSpider
        others = live_workers(self.server) - {self.worker}
        if self.server.hlen(key(f"inflight:{self.worker}")) and self.sent:
            raise DontCloseSpider
        if in_flight(self.server, others):
            raise DontCloseSpider

    def spider_error(self, failure: Any, response: Any, spider: Spider) -> None:
        """A callback raised: its request stays in flight, for the next ``--resume``."""
        request = getattr(response, "request", None)
        if request is not None:
            request.meta["creatorscout_queue_failed"] = True


# -- workers ----------------------------------------------------------------------------------
def run_worker(url: str, *, wait_seconds: float = 0.0, overrides: Mapping[str, Any] | None = None) -> Any:
    """Serve the crawl queued at ``url`` in this process until it is done (or a stop signal).

    Waits up to ``wait_seconds`` for a crawl to be published. ``overrides`` are this worker's own
    settings over the crawl's (``DOWNLOAD_BIND_ADDRESS`` to send from one address of the machine, say). Returns the
    :class:`~crawler.runner.CrawlResult` (no run id: the drain owns the run); its ``status`` is the
    Scrapy finish reason (``finished``, or ``shutdown`` after a signal)."""
    from crawler.runner import CrawlJob, run_crawls

    client = connect(url)
    deadline = time.monotonic() + wait_seconds
    job = job_of(client)
    while job is None and time.monotonic() < deadline:
        time.sleep(0.5)
        job = job_of(client)
    if job is None:
        raise QueueError(f"no crawl is queued at {url} (start one with creatorscout crawl ... --queue {url})")
    client.close()
    own = dict(overrides or {})
    if isinstance(own.get("DOWNLOAD_BIND_ADDRESS"), str):  # Twisted binds to (host, port)
        own["DOWNLOAD_BIND_ADDRESS"] = (own["DOWNLOAD_BIND_ADDRESS"], 0)
    settings = {**job["settings"], **own, **queue_settings(url)}
    arguments = dict(job["arguments"])
    if job["known"] is not None:  # an incremental crawl: the cutoffs published with it
        arguments["known_creators"] = job["known"]
    results = run_crawls([CrawlJob(job["platform"], arguments, settings)])
    return results[0] if results else None


# -- items ------------------------------------------------------------------------------------
def encode_item(item: Any) -> str:
    return json.dumps({"type": type(item).__name__, "fields": dataclasses.asdict(item)}, ensure_ascii=False)


def decode_item(text: str | bytes) -> Any:
    data = json.loads(text)
    cls = _ITEM_TYPES.get(data.get("type"))
    if cls is None:
        raise ValueError(f"unknown item type {data.get('type')!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data["fields"].items() if k in names})


class RedisItemPipeline:
    """A worker's last pipeline: each item to the crawl's Redis list (synchronously, so an answer is
    done only once its items are in Redis)."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisItemPipeline:
        return cls(connect(crawler.settings.get("CREATORSCOUT_QUEUE")))

    def process_item(self, item: Any) -> Any:
        self.client.rpush(key("items"), encode_item(item))
        return item


# -- counters ---------------------------------------------------------------------------------
def numeric_stats(stats: Mapping[str, Any]) -> dict[str, int | float]:
    """The counters of a Scrapy stats dict that add up across processes (numbers; no times, no gauges
    of a moment like the wait in progress)."""
    return {name: value for name, value in stats.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)}


def combine_stats(parts: Iterable[Mapping[str, Any]]) -> dict[str, int | float]:
    """The crawl's counters from every process's: sums, except levels (:func:`crawler.pipelines.is_level`)
    and the times that overlap (:data:`_PARALLEL_STATS`), where the largest wins."""
    from crawler.pipelines import is_level

    total: dict[str, int | float] = {}
    for part in parts:
        for name, value in numeric_stats(part).items():
            if name in _PARALLEL_STATS or is_level(name):
                total[name] = max(total.get(name, value), value)
            else:
                total[name] = total.get(name, 0) + value
    return total


def published_stats(client: redis.Redis) -> dict[str, dict[str, Any]]:
    """The counters every worker (and drain) of the queued crawl published last: process id -> stats."""
    found: dict[str, dict[str, Any]] = {}
    for name, text in client.hgetall(key("stats")).items():
        try:
            found[name.decode()] = json.loads(text)
        except ValueError:
            logger.warning("Ignoring the unreadable counters of %s in Redis", name.decode())
    return found


# -- drain ------------------------------------------------------------------------------------
class _Stats:
    """The counters the pipelines keep (``inc_value``/``get_stats``) for a drain without a crawl."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, name: str, n: int = 1, start: int = 0, spider: Any = None) -> None:
        self.values[name] = self.values.get(name, start) + n

    def get_value(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def get_stats(self) -> dict[str, Any]:
        return dict(self.values)


class _DrainCrawler:
    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.stats = _Stats()


@contextlib.contextmanager
def _pipelines(db_path: str, settings: Any) -> Iterator[tuple[Any, Any, _DrainCrawler]]:
    from crawler.pipelines import PseudonymizePipeline, StorePipeline

    crawler = _DrainCrawler(settings)
    pseudonymize = PseudonymizePipeline.from_crawler(crawler)  # type: ignore[arg-type]
    store = StorePipeline(db_path, settings.getint("CREATORSCOUT_STORE_BATCH_SIZE"), None)
    store.crawler = crawler  # type: ignore[assignment]
    store.open_spider()
    try:
        yield pseudonymize, store, crawler
    finally:
        if store.store is not None:
            store.store.close()


def _waiting(pipeline: Any) -> list[str]:
    """The rows the store pipeline holds back for their parent, as queue items (already pseudonymised)."""
    return ([encode_item(PostItem(**row)) for row in pipeline.posts.values()]
            + [encode_item(CommentItem(**row)) for row in pipeline.comments.values()]
            + [encode_item(DiscoveryItem(**row)) for row in pipeline.discoveries.values()])


def _acknowledge(client: redis.Redis, taken: int, pipeline: Any, drain_id: str, stats: Mapping[str, Any]) -> None:
    """After the store committed a batch: in one Redis transaction, drop its ``taken`` items from the
    item list, keep the rows still waiting for their parent in the ``parked`` list (instead of this
    process's memory) and publish this drain's counters. A kill before this commit leaves the items
    in Redis: the next drain writes them again (upserts), and counts them once."""
    waiting = _waiting(pipeline)
    pipe = client.pipeline(transaction=True)
    pipe.delete(key("parked"))
    if waiting:
        pipe.rpush(key("parked"), *waiting)
    if taken:
        pipe.ltrim(key("items"), taken, -1)
    pipe.hset(key("stats"), drain_id, json.dumps(numeric_stats(stats), sort_keys=True))
    pipe.execute()


def _unpark(client: redis.Redis, pipeline: Any) -> int:
    """Hand the rows an earlier drain parked (waiting for their parent) to the store pipeline again."""
    texts = client.lrange(key("parked"), 0, -1)
    for text in texts:
        pipeline.process_item(decode_item(text))
    return len(texts)


def run_summary(client: redis.Redis, drain_stats: Mapping[str, Any], drain_id: str,
                status: str | None) -> dict[str, Any]:
    """The queued crawl's ``crawl_runs`` columns: every worker's last published counters (requests,
    answers by status, retries, skips, quota units; a worker killed with -9 counts as of its last
    publication, at most :data:`STATS_SECONDS` old) plus every drain's (rows stored, dropped)."""
    from crawler.pipelines import summarize_stats

    parts = published_stats(client)
    parts[drain_id] = dict(drain_stats)
    workers = sum(1 for name in parts if not name.startswith("drain:"))
    totals = combine_stats(parts.values())
    totals["creatorscout/queue/workers"] = workers
    return summarize_stats({**totals, "finish_reason": status})


class _LedgerSync:
    """The drain's :func:`sync_ledgers` (and an Instagram crawl's :func:`sync_hashtag_ledgers`): at most
    every ``every`` seconds, with one warning when the workers fingerprint credentials with a secret of
    their own (then local crawls cannot match)."""

    def __init__(self, client: redis.Redis, store: Any, platform: str) -> None:
        self.client = client
        self.store = store
        self.platform = platform
        self.tag = queue_tag(client)
        self.last = 0.0
        self.warned = False

    def sync(self, every: float = 0.0) -> None:
        if time.monotonic() - self.last < every:
            return
        self.last = time.monotonic()
        recorded = sync_ledgers(self.client, self.store, self.platform, self.tag)
        if self.platform == "instagram":
            recorded = sync_hashtag_ledgers(self.client, self.store) or recorded
        if recorded and not self.warned and self.client.exists(key("ledger_secret")):
            self.warned = True
            logger.warning("The workers fingerprint their credentials with a secret of their own (no "
                           "CREATORSCOUT_PSEUDONYM_KEY): their quota spending and hashtags are recorded in the "
                           "store, but a local crawl with the same credential cannot tell it is the same; set "
                           "one CREATORSCOUT_PSEUDONYM_KEY on every machine")


def drain(client: redis.Redis, db_path: str, *, idle_seconds: float = 10.0, poll: float = 0.5,
          on_batch: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Write the queued crawl's items to the store until the crawl is over and its items are written.

    The crawl is over when it is ``finished`` (queue and in-flight hashes empty), or when no worker
    has been alive for ``idle_seconds`` (then its run is ``interrupted``: ``crawl --queue ... --resume``
    continues it). An item leaves Redis only once the store has committed it, and rows waiting for
    their parent wait in Redis (``parked``), so a drain killed at any moment loses nothing: the
    next one continues the same run. The queued crawl's quota spending and the store's ledger are
    made one view (:func:`sync_ledgers`) at the start, every second and at the end. Returns the
    run's summary with its id and status.
    """
    from scrapy.settings import Settings

    job = job_of(client)
    if job is None:
        raise QueueError("no crawl is queued in this Redis database (start one with crawl --queue)")
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict(job["settings"], priority="cmdline")
    settings.set("CREATORSCOUT_DB", db_path, priority="cmdline")
    drain_id = f"drain:{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    _take_drain(client, drain_id)
    try:
        return _drain(client, job, settings, db_path, drain_id, idle_seconds, poll, on_batch)
    finally:
        if client.get(key("drain")) == drain_id.encode():
            client.delete(key("drain"))


def _drain(client: redis.Redis, job: dict[str, Any], settings: Any, db_path: str, drain_id: str,
           idle_seconds: float, poll: float, on_batch: Callable[[int], None] | None) -> dict[str, Any]:
    with _pipelines(db_path, settings) as (pseudonymize, pipeline, crawler):
        store = pipeline.store
        run_id = job["run_id"]
        plan = settings.get("CREATORSCOUT_PLAN") or None  # published by `creatorscout run` of a queued plan
        if run_id is not None and store.db["crawl_runs"].count_where("id = ?", [run_id]):
            store.resume_crawl_run(run_id, pid=os.getpid(), host=socket.gethostname(), plan=plan)
        else:
            run_id = store.start_crawl_run(job["platform"], job["platform"], job["arguments"],
                                           job_key=f"queue:{job['platform']}", pid=os.getpid(),
                                           host=socket.gethostname(), plan=plan)
            client.hset(key("job"), "run_id", run_id)
        pipeline.run_id = run_id
        ledgers = _LedgerSync(client, store, job["platform"])
        ledgers.sync()  # before the workers spend: what local crawls spent today counts for them
        parked = _unpark(client, pipeline)
        if parked:
            logger.info("%d rows parked by an earlier drain wait for their parent again", parked)
        quiet_since: float | None = None
        status = "interrupted"
        updated = time.monotonic()
        while True:
            _renew_drain(client, drain_id)
            texts = client.lrange(key("items"), 0, 499)
            if texts:
                for text in texts:
                    try:
                        item = decode_item(text)
                    except (ValueError, TypeError, KeyError) as exc:
                        crawler.stats.inc_value("creatorscout/dropped/queue/undecodable")
                        logger.error("Skipping an item from the queue that does not decode: %s", exc)
                        continue
                    pipeline.process_item(pseudonymize.process_item(item))
                # Committed first, acknowledged second: a drain killed in between writes them again (upserts).
                pipeline.flush()
                _acknowledge(client, len(texts), pipeline, drain_id, crawler.stats.get_stats())
                if on_batch is not None:
                    on_batch(len(texts))
                if time.monotonic() - updated >= STATS_SECONDS:
                    store.update_crawl_run(run_id, run_summary(client, crawler.stats.get_stats(), drain_id, None))
                    updated = time.monotonic()
                ledgers.sync(every=STATS_SECONDS)
                quiet_since = None
                continue
            ledgers.sync(every=STATS_SECONDS)
            current = client.hget(key("job"), "status")
            alive = live_workers(client)
            over = current in (b"finished", b"stopped_quota") and not alive  # the last workers are gone
            if alive:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            if over or (quiet_since is not None and time.monotonic() - quiet_since >= idle_seconds):
                # A worker pushes its last items before it ends the crawl or stops beating: items pushed
                # after the list was read above and before the look at the workers are in it now.
                if client.llen(key("items")):
                    continue
                if over:
                    status = current.decode()
                break
            time.sleep(poll)
        # Finished: rows still without their parent are dropped (counted); interrupted: they stay
        # parked in Redis for the drain of the resumed crawl.
        pipeline.flush(final=status == "finished")
        _acknowledge(client, 0, pipeline, drain_id, crawler.stats.get_stats())
        ledgers.sync()
        summary = run_summary(client, crawler.stats.get_stats(), drain_id, status)
        store.finish_crawl_run(run_id, status, summary)
        if status == "finished":  # the crawl is complete in the store: free the database for the next one
            client.delete(key("job"), key("requests"), key("dupefilter"), key("items"), key("workers"),
                          key("claimed"), key("parked"), key("stats"), *client.scan_iter(match=STATE_PREFIX + "*"))
        return {**summary, "run_id": run_id, "status": status, "left_in_flight": in_flight(client)}
