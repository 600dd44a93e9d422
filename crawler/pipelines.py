"""Item pipelines, one concern each, in this order (see ``ITEM_PIPELINES``):

100 :class:`ValidatePipeline`      required fields present, counts sane; else a counted drop.
200 :class:`NormalisePipeline`     hashtags/mentions lower-cased and de-duplicated, text stripped,
                                   timestamps as UTC ``...Z``.
300 :class:`PseudonymizePipeline`  commenter id -> keyed hash; handle kept only on opt-in.
350 ``crawler.retention.ErasurePipeline`` erased creators and commenters skipped (counted).
900 :class:`StorePipeline`         batched upserts, one snapshot per creator per run,
                                   discoveries, checkpoints (frontier and spider state) and
                                   the ``crawl_runs`` row with its stats.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import socket
import sqlite3
import time
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler.errors import StoreError
from crawler.frontier import Frontier, decode_state, encode_state
from crawler.items import CommentItem, CreatorItem, DiscoveryItem, PostItem
from crawler.links import links_of_creator
from crawler.stopping import engine_of
from crawler.storage import Store, resolve_db_path
from crawler.timeutil import to_z

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_REQUIRED: dict[type, tuple[str, ...]] = {
    CreatorItem: ("platform", "creator_id", "handle", "source_url", "fetched_at"),
    PostItem: ("platform", "post_id", "creator_id", "source_url", "fetched_at"),
    CommentItem: ("platform", "comment_id", "post_id", "source_url", "fetched_at"),
    DiscoveryItem: ("platform", "source", "creator_id", "source_url", "fetched_at"),
}
_COUNT_FIELDS = (
    "followers_count", "following_count", "post_count", "view_count",
    "like_count", "comment_count", "share_count",
)


def _drop(crawler: Crawler, item: Any, reason: str) -> DropItem:
    kind = type(item).__name__.removesuffix("Item").lower()
    crawler.stats.inc_value(f"creatorscout/dropped/{kind}/{reason}")
    return DropItem(f"{kind} dropped: {reason}")


class ValidatePipeline:
    """Drop items without their required fields; a negative count becomes unknown (None)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        required = _REQUIRED.get(type(item))
        if required is None:
            raise _drop(self.crawler, item, "unknown_type")
        for name in required:
            value = getattr(item, name)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise _drop(self.crawler, item, f"missing_{name}")
        if isinstance(item, DiscoveryItem) and item.source in ("hashtag", "caption_mention") \
                and not (item.hashtag or "").strip():
            raise _drop(self.crawler, item, "missing_hashtag")
        for name in _COUNT_FIELDS:
            value = getattr(item, name, None)
            if value is not None and (not isinstance(value, int) or value < 0):
                self.crawler.stats.inc_value(f"creatorscout/invalid_count/{name}")
                setattr(item, name, None)
        return item


def _tags(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        tag = unicodedata.normalize("NFC", value.strip().lstrip("#@").casefold())
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


class NormalisePipeline:
    """Hashtags and mentions lower-cased and de-duplicated, text stripped, timestamps ``...Z``."""

    def process_item(self, item: Any) -> Any:
        for name in ("created_at", "account_created_at", "fetched_at"):
            if hasattr(item, name):  # None and unparsable values stay as given
                setattr(item, name, to_z(getattr(item, name)) or getattr(item, name))
        if isinstance(item, PostItem):
            item.hashtags = _tags(item.hashtags)
            item.mentions = _tags(item.mentions)
        if isinstance(item, DiscoveryItem) and item.hashtag:
            item.hashtag = _tags([item.hashtag])[0]
        for name in ("text", "bio", "title", "display_name"):
            value = getattr(item, name, None)
            if isinstance(value, str):
                setattr(item, name, value.strip() or None)
        return item


def pseudonym_key(db_path: str | os.PathLike[str], configured: str = "") -> bytes:
    """The key for commenter pseudonyms: the configured one, else ``<db>.key`` (created 0600)."""
    if configured:
        return configured.encode()
    if str(db_path) == ":memory:":
        return b"creatorscout-in-memory"
    key_file = Path(f"{db_path}.key")
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return key_file.read_text().strip().encode()


def author_key(key: bytes, platform: str, author_id: str) -> str:
    """Keyed hash (HMAC-SHA256, 32 hex chars) of a commenter's platform id."""
    return hmac.new(key, f"{platform}:{author_id}".encode(), hashlib.sha256).hexdigest()[:32]


_MENTION_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?:@[A-Za-z0-9.-]+[A-Za-z0-9])?)")
MENTION_PREFIX = "@user_"


def mask_mentions(key: bytes, platform: str, text: str | None) -> str | None:
    """``text`` with every ``@handle`` (also ``@handle@instance``) replaced by a keyed pseudonym
    ``@user_<8 hex>``: the same account gets the same pseudonym within a store, so repeated
    comments still look alike, but the account is not named. E-mail addresses are left alone."""
    if not text or "@" not in text:
        return text

    def pseudonym(match: re.Match[str]) -> str:
        handle = match.group(1).lower()
        if handle.startswith(MENTION_PREFIX[1:]) and len(handle) == len(MENTION_PREFIX) + 7:
            return match.group(0)  # already a pseudonym
        digest = hmac.new(key, f"{platform}:mention:{handle}".encode(), hashlib.sha256).hexdigest()[:8]
        return f"{MENTION_PREFIX}{digest}"

    return _MENTION_RE.sub(pseudonym, text)


class PseudonymizePipeline:
    """Replace a commenter's platform id by its keyed hash; drop the handle and mask the handles of
    other accounts in the comment's text (:func:`mask_mentions`) unless opted in."""

    def __init__(self, key: bytes, keep_handles: bool = False) -> None:
        self.key = key
        self.keep_handles = keep_handles

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PseudonymizePipeline:
        s = crawler.settings
        db_path = resolve_db_path(s.get("CREATORSCOUT_DB"))
        return cls(pseudonym_key(db_path, s.get("CREATORSCOUT_PSEUDONYM_KEY") or ""),
                   s.getbool("CREATORSCOUT_KEEP_COMMENTER_HANDLES"))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, CommentItem):
            if item.author_platform_id:
                item.author_key = author_key(self.key, item.platform, item.author_platform_id)
            item.author_platform_id = None
            if not self.keep_handles:
                item.author_handle = None
                item.text = mask_mentions(self.key, item.platform, item.text)
        return item


_STATUS_BY_REASON = {
    "finished": "finished",
    "quota_budget_spent": "stopped_quota",
    "quota_exceeded": "stopped_quota",
    "shutdown": "interrupted",
    "cancelled": "interrupted",
}

QUIESCE_AFTER = 0.5
"""Seconds a due checkpoint waits for an idle moment before the engine is paused to make one."""

_SUMMED_COLUMNS = ("request_count", "response_count", "retry_count", "error_count", "creator_count",
                   "post_count", "comment_count", "dropped_count", "skipped_count", "quota_units")
_TRANSIENT_STATS = ("creatorscout/wait/current",)
_LEVEL_SUFFIXES = ("_spent_today", "/incremental/known_creators", "creatorscout/run_parts")


def is_level(name: str) -> bool:
    """A counter that is a level, never summed over a run's parts or workers: a day's quota spent so
    far, the store's creators an incremental crawl started from (every part and worker counts the same
    cutoffs), the number of parts."""
    return name.endswith(_LEVEL_SUFFIXES)


def summarize_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """The ``crawl_runs`` columns from Scrapy's stats (requests, responses by status, items
    by type, retries, errors, drops with reasons, YouTube quota units)."""

    def total(prefix: str) -> int:
        return sum(v for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))

    kept = {
        k: (v.isoformat() if isinstance(v, datetime) else v)
        for k, v in sorted(stats.items())
        if k.startswith(("creatorscout/", "downloader/", "retry/", "item_", "finish_", "elapsed",
                         "response_received", "log_count/ERROR", "log_count/WARNING", "scheduler/"))
        and k not in _TRANSIENT_STATS
    }
    return {
        "request_count": stats.get("downloader/request_count", 0),
        "response_count": stats.get("downloader/response_count", 0),
        "retry_count": stats.get("retry/count", 0),
        "error_count": sum(v for k, v in stats.items() if "/errors/" in k and isinstance(v, int)),
        "creator_count": stats.get("creatorscout/stored/creators", 0),
        "post_count": stats.get("creatorscout/stored/posts", 0),
        "comment_count": stats.get("creatorscout/stored/comments", 0),
        "dropped_count": total("creatorscout/dropped/"),
        "skipped_count": sum(v for k, v in stats.items() if "/skipped/" in k and isinstance(v, int)),
        "quota_units": next((v for k, v in stats.items() if k.endswith("/quota_units")), None),
        "finish_reason": stats.get("finish_reason"),
        "stats": kept,
    }


def merge_summaries(before: Mapping[str, Any] | None, now: Mapping[str, Any]) -> dict[str, Any]:
    """A resumed run's summary: the counts of its earlier parts plus this part's.

    Numbers in the stats add up (requests, items, waits, elapsed time); anything else is this
    part's value. ``before`` is the run's row as its last checkpoint or stop left it.
    """
    if not before:
        return dict(now)
    merged = dict(now)
    for name in _SUMMED_COLUMNS:
        old, new = before.get(name), now.get(name)
        if isinstance(old, int) and isinstance(new, int):
            merged[name] = old + new
        elif new is None:
            merged[name] = old
    old_stats = before.get("stats")
    if isinstance(old_stats, str):
        try:
            old_stats = json.loads(old_stats)
        except ValueError:
            old_stats = {}
    stats = dict(old_stats or {})
    for key, value in (now.get("stats") or {}).items():
        old = stats.get(key)
        numeric = (int, float)
        if (isinstance(value, numeric) and isinstance(old, numeric) and not isinstance(value, bool)
                and not isinstance(old, bool) and not is_level(key)):
            stats[key] = old + value
        else:
            stats[key] = value
    stats["creatorscout/run_parts"] = int(stats.get("creatorscout/run_parts", 1)) + 1
    merged["stats"] = stats
    return merged


class StorePipeline:
    """Buffer items and write them in batches, parents first, one transaction per batch; write
    the crawl's checkpoints; own its ``crawl_runs`` row.

    A post whose creator (or a comment whose post) is not stored yet waits in the buffer
    until its parent arrives; whatever still has no parent when the crawl finishes is counted as
    ``creatorscout/dropped/<kind>/orphan`` and logged. Each creator gets one snapshot per
    crawl run.

    Checkpoints (see :mod:`crawler.frontier`): every ``CREATORSCOUT_CHECKPOINT_SECONDS``, at the
    first moment no answer is being processed (and no row waits for its parent), one
    transaction writes the buffered rows, the frontier's new and done requests and the spider
    state. A run given by ``CREATORSCOUT_RESUME_RUN_ID`` continues from its last checkpoint. The
    run is ``finished`` only when the crawl ended on its own with nothing left in its frontier.
    """

    def __init__(self, db_path: str, batch_size: int, crawler: Crawler | None = None, *,
                 checkpoint_seconds: float = 2.0, resume_run_id: int | None = None,
                 job_key: str | None = None, plan: str | None = None) -> None:
        self.db_path = db_path
        self.batch_size = batch_size
        self.crawler = crawler
        self.checkpoint_seconds = checkpoint_seconds
        self.resume_run_id = resume_run_id
        self.job_key = job_key
        self.plan = plan
        self.frontier: Frontier | None = Frontier.of(crawler) if crawler is not None else None
        if self.frontier is not None:
            self.frontier.abort_hook = self.abort
        self.store: Store | None = None
        self.run_id: int | None = None
        self.spider: Spider | None = None
        self.before: dict[str, Any] | None = None  # the run's row when this process resumed it
        self.creators: dict[tuple[str, str], dict[str, Any]] = {}
        self.posts: dict[tuple[str, str], dict[str, Any]] = {}
        self.comments: dict[tuple[str, str], dict[str, Any]] = {}
        self.discoveries: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        self.pending = 0
        self.closed = False
        self.last_checkpoint = time.monotonic()
        self.checkpoints = 0
        self._ticker: Any = None
        self._paused_engine = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        resume = s.get("CREATORSCOUT_RESUME_RUN_ID")
        pipeline = cls(str(resolve_db_path(s.get("CREATORSCOUT_DB"))), s.getint("CREATORSCOUT_STORE_BATCH_SIZE"),
                       crawler, checkpoint_seconds=s.getfloat("CREATORSCOUT_CHECKPOINT_SECONDS", 2.0),
                       resume_run_id=int(resume) if resume not in (None, "") else None,
                       job_key=s.get("CREATORSCOUT_JOB_KEY") or None, plan=s.get("CREATORSCOUT_PLAN") or None)
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    # -- lifecycle ------------------------------------------------------------------
    def open_spider(self) -> None:
        self.store = Store.open(self.db_path)

    def spider_opened(self, spider: Spider) -> None:
        """Create the crawl run, or continue the one being resumed from its last checkpoint."""
        if self.store is None:
            raise StoreError("the store pipeline was not opened")
        self.spider = spider
        state: dict[str, Any] = getattr(spider, "state", None)
        if state is None:
            state = spider.state = {}  # type: ignore[attr-defined]
        run_id = self.resume_run_id if self.resume_run_id is not None else state.get("crawl_run_id")
        if run_id is not None and self.store.db["crawl_runs"].count_where("id = ?", [run_id]):
            self.run_id = int(run_id)
            self.before = self.store.crawl_run(self.run_id)
            self.store.resume_crawl_run(self.run_id, pid=os.getpid(), host=socket.gethostname(), plan=self.plan)
            self._restore(spider, state)
        else:
            arguments = spider.crawl_arguments() if hasattr(spider, "crawl_arguments") else {}
            self.run_id = self.store.start_crawl_run(spider.name, spider.name, arguments, job_key=self.job_key,
                                                     pid=os.getpid(), host=socket.gethostname(), plan=self.plan)
            if getattr(spider, "keeps_starting_state", False) and self.frontier is not None and self.frontier.attached:
                # Read from the store at the start (an incremental crawl's cutoffs): a resume must not read
                # it again from a store this run has half updated, even when stopped before its first
                # checkpoint. The first checkpoint is this state, with nothing queued or done yet.
                state["crawl_run_id"] = self.run_id
                self.store.save_checkpoint(self.run_id, new_requests=(), done=(), state=encode_state(state),
                                           pending_count=0, done_count=0)
        state["crawl_run_id"] = self.run_id
        spider.crawl_run_id = self.run_id  # type: ignore[attr-defined]
        self._start_ticker()

    def _restore(self, spider: Spider, state: dict[str, Any]) -> None:
        if self.store is None or self.run_id is None:
            raise RuntimeError("the store pipeline restores a run only after open_spider")
        saved, pending, done = self.store.load_checkpoint(self.run_id)
        if self.frontier is None or not self.frontier.attached:
            logger.info("Resuming crawl run %d", self.run_id)
            return
        if saved is None:
            logger.warning("Crawl run %d has no checkpoint yet: crawling again from the start (rows already "
                           "stored are updated, not duplicated)", self.run_id)
            return
        try:
            restored = decode_state(saved)
        except ValueError as exc:
            logger.error("The checkpoint of crawl run %d is damaged (%s): crawling again from the start",
                         self.run_id, exc)
            return
        state.clear()
        state.update(restored)
        queued = self.frontier.restore(pending, done, spider)
        logger.info("Resuming crawl run %d from its checkpoint: %d requests to go, %d done",
                    self.run_id, queued, len(done))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.store is None or self.run_id is None or self.closed:
            return
        self._stop_ticker()
        frontier = self.frontier if self.frontier is not None and self.frontier.attached else None
        if frontier is not None:
            frontier.settle(self._downloading())
        # Orphans are dropped only when the crawl has ended: a stopped crawl's parents may still come.
        self.flush(final=reason == "finished", checkpoint=True)
        left = frontier.pending_count() if frontier is not None else 0
        status = _STATUS_BY_REASON.get(reason, reason)
        if status == "finished" and left:
            status = "failed"
            logger.error("Crawl run %d: %d requests failed (see the errors above); --resume tries them again",
                         self.run_id, left)
        summary = self._summary(reason)
        if status == "finished":
            self.store.clear_checkpoint(self.run_id)
        self.store.finish_crawl_run(self.run_id, status, summary)
        self.closed = True
        logger.info("Crawl run %d %s: %s", self.run_id, status,
                    {k: summary[k] for k in ("creator_count", "post_count", "comment_count",
                                             "request_count", "error_count", "dropped_count")})

    def abort(self) -> None:
        """A forced stop: save a checkpoint if the moment allows, else just the rows; mark the run
        ``interrupted``. The process is about to end."""
        if self.store is None or self.run_id is None or self.closed:
            return
        self._stop_ticker()
        self.flush(checkpoint=True)
        self.store.finish_crawl_run(self.run_id, "interrupted", self._summary("shutdown"))
        self.closed = True

    def close_spider(self) -> None:
        # The final flush happens in spider_closed (after the reason is known); this only
        # covers engines that close pipelines without the signal.
        if self.store is not None and self.run_id is not None and self.pending and not self.closed:
            self.flush()

    def _summary(self, reason: str | None) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler else {}
        return merge_summaries(self.before, summarize_stats({**stats, "finish_reason": reason}))

    # -- checkpoints ----------------------------------------------------------------
    def _start_ticker(self) -> None:
        engine = engine_of(self.crawler)
        if self.checkpoint_seconds <= 0 or engine is None or self.frontier is None:
            return
        from scrapy.utils.asyncio import create_looping_call

        self._ticker = create_looping_call(self._tick)
        self._ticker.start(min(0.1, self.checkpoint_seconds), now=False)

    def _stop_ticker(self) -> None:
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
        self._ticker = None
        engine = engine_of(self.crawler)
        if self._paused_engine and engine is not None:
            self._paused_engine = False
            engine.unpause()

    def _tick(self) -> None:
        """Write a checkpoint when one is due and no answer is being processed.

        Under a steady stream of answers the scraper may never be idle on its own: after
        :data:`QUIESCE_AFTER` seconds of trying, the engine is paused (no new downloads; those on
        the wire finish and are processed) until the checkpoint is written, typically a few
        milliseconds later."""
        if self.closed:
            return
        overdue = time.monotonic() - self.last_checkpoint - self.checkpoint_seconds
        if self.frontier is not None and self.frontier.checkpoint_soon:
            overdue = max(overdue, 0.0)
        if overdue < 0 or self.crawler is None:
            return
        engine = engine_of(self.crawler)
        if Frontier.quiescent(self.crawler):
            frontier = self.frontier
            if frontier is not None:
                frontier.settle(self._downloading())
            if frontier is not None and not (frontier.unsaved or frontier.done_unsaved or self._buffered()):
                # Nothing happened since the last checkpoint (a long wait, say): nothing to write.
                self.last_checkpoint = time.monotonic()
                frontier.checkpoint_soon = False
            else:
                self.flush(checkpoint=True)
            if self._paused_engine and engine is not None:
                self._paused_engine = False
                engine.unpause()
                _wake(engine)
        elif overdue >= QUIESCE_AFTER and not self._paused_engine and engine is not None and not engine.paused:
            self._paused_engine = True
            self._count("checkpoint_pauses", 1)
            engine.pause()

    def _buffered(self) -> int:
        return len(self.creators) + len(self.posts) + len(self.comments) + len(self.discoveries)

    def _downloading(self) -> Any:
        engine = engine_of(self.crawler)
        return getattr(getattr(engine, "downloader", None), "active", ())

    def _checkpoint_allowed(self) -> bool:
        """Whether the frontier and spider state may be written now (a consistent cut)."""
        return (self.frontier is not None and self.frontier.attached and self.crawler is not None
                and Frontier.quiescent(self.crawler) and not self.pending)

    # -- items ----------------------------------------------------------------------
    def process_item(self, item: Any) -> Any:
        row = dataclasses.asdict(item)
        if isinstance(item, CreatorItem):
            self.creators[(item.platform, item.creator_id)] = row
        elif isinstance(item, PostItem):
            self.posts[(item.platform, item.post_id)] = row
        elif isinstance(item, CommentItem):
            self.comments[(item.platform, item.comment_id)] = row
        elif isinstance(item, DiscoveryItem):
            self.discoveries.setdefault((item.platform, item.source, item.hashtag, item.creator_id), row)
        self.pending += 1
        if self.pending >= self.batch_size:
            self.flush()
        return item

    def flush(self, final: bool = False, checkpoint: bool = False) -> None:
        """Write what can be written; rows whose parent is unknown wait (or, at the end, drop).

        With ``checkpoint``, the same transaction also writes the frontier and the spider state
        when that is consistent now (see :meth:`_checkpoint_allowed`).
        """
        if self.store is None or self.run_id is None:
            return
        store = self.store
        creators = list(self.creators.values())
        known_creators = {(r["platform"], r["creator_id"]) for r in creators}
        known_creators |= self._existing(store, "creators", self.posts.values(), "creator_id", known_creators)
        known_creators |= self._existing(store, "creators", self.discoveries.values(), "creator_id",
                                         known_creators)
        posts, waiting_posts = _split(self.posts, lambda r: (r["platform"], r["creator_id"]) in known_creators)
        known_posts = {(r["platform"], r["post_id"]) for r in posts}
        known_posts |= self._existing(store, "posts", self.comments.values(), "post_id", known_posts)
        comments, waiting_comments = _split(self.comments, lambda r: (r["platform"], r["post_id"]) in known_posts)
        discoveries, waiting_disc = _split(
            self.discoveries, lambda r: (r["platform"], r["creator_id"]) in known_creators
        )
        snapshots = [
            {
                "crawl_run_id": self.run_id,
                "platform": r["platform"],
                "creator_id": r["creator_id"],
                "handle": r["handle"],
                "observed_at": r["fetched_at"],
                "followers_count": r["followers_count"],
                "following_count": r["following_count"],
                "post_count": r["post_count"],
                "view_count": r["view_count"],
            }
            for r in creators
        ]
        for d in discoveries:
            d["crawl_run_id"] = self.run_id
            d["discovered_at"] = d.pop("fetched_at")
        self.creators = {}
        self.posts, self.comments, self.discoveries = waiting_posts, waiting_comments, waiting_disc
        self.pending = len(self.posts) + len(self.comments) + len(self.discoveries)
        if final and self.pending:
            for kind, rows in (("post", self.posts), ("comment", self.comments), ("discovery", self.discoveries)):
                if rows:
                    logger.warning("%d %s rows never got their parent and were not stored", len(rows), kind)
                    self._count(f"dropped/{kind}/orphan", len(rows))
            self.posts, self.comments, self.discoveries = {}, {}, {}
            self.pending = 0
        cut = checkpoint and self._checkpoint_allowed()
        try:
            with store.transaction():
                store.write_batch(creators=creators, posts=posts, comments=comments, snapshots=snapshots,
                                  discoveries=discoveries)
                for creator in creators:  # links to other platforms and websites in the profile
                    store.upsert_creator_links(creator["platform"], creator["creator_id"], links_of_creator(creator),
                                               creator["fetched_at"])
                if cut:
                    self._write_checkpoint(store)
        except sqlite3.Error as exc:
            # A broken batch is not silently lost: count every row and say why.
            logger.error("Could not store a batch of %d rows: %s", len(creators) + len(posts) + len(comments), exc)
            self._count("dropped/creator/store_error", len(creators))
            self._count("dropped/post/store_error", len(posts))
            self._count("dropped/comment/store_error", len(comments))
            return
        self._count("stored/creators", len(creators))
        self._count("stored/posts", len(posts))
        self._count("stored/comments", len(comments))
        self._count("stored/discoveries", len(discoveries))
        if cut and self.frontier is not None:
            self.frontier.saved()
            self.checkpoints += 1
            self._count("checkpoints", 1)
            self.last_checkpoint = time.monotonic()
        # Keep the waiting room bounded: a parent that has not come after a full batch is
        # looked up again on the next flush, so nothing waits forever unnoticed.

    def _write_checkpoint(self, store: Store) -> None:
        if self.frontier is None or self.run_id is None:
            raise RuntimeError("a checkpoint needs the crawl's frontier and run; open_spider sets them")
        self.frontier.settle(self._downloading())
        rows, done = self.frontier.delta()
        state = getattr(self.spider, "state", None)
        try:
            encoded = encode_state(state) if state is not None else None
        except (TypeError, ValueError) as exc:
            raise sqlite3.DataError(f"the spider state cannot be saved: {exc}") from None
        store.save_checkpoint(self.run_id, new_requests=rows, done=done, state=encoded,
                              pending_count=self.frontier.pending_count(), done_count=self.frontier.done_count)
        store.update_crawl_run(self.run_id, self._summary(None))

    def _existing(self, store: Store, table: str, rows: Any, column: str, known: set[tuple[str, str]]
                  ) -> set[tuple[str, str]]:
        wanted: dict[str, set[str]] = {}
        for r in rows:
            key = (r["platform"], r[column])
            if key not in known:
                wanted.setdefault(r["platform"], set()).add(r[column])
        found: set[tuple[str, str]] = set()
        for platform, ids in wanted.items():
            found |= {(platform, i) for i in store.existing_keys(table, platform, ids)}
        return found

    def _count(self, what: str, n: int) -> None:
        if self.crawler is not None and n:
            self.crawler.stats.inc_value(f"creatorscout/{what}", n)


def _wake(engine: Any) -> None:
    """Have the engine look for requests to send now, not at its next heartbeat (up to 5 s later).

    Scrapy has no public call for this after ``unpause()``; the engine's own ``crawl()`` does the
    same."""
    nextcall = getattr(getattr(engine, "_slot", None), "nextcall", None)
    if nextcall is not None:
        nextcall.schedule()


def _split(rows: dict[Any, dict[str, Any]], ready: Any) -> tuple[list[dict[str, Any]], dict[Any, dict[str, Any]]]:
    now, later = [], {}
    for key, row in rows.items():
        if ready(row):
            now.append(row)
        else:
            later[key] = row
    return now, later
