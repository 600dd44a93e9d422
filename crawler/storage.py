"""The one module that knows table names: schema, migrations, read and write helpers.

One SQLite database (WAL, foreign keys on) holds what every crawl collected and what every
vetting run concluded, so that scheduled crawls build history:

``creators``            one row per (platform, creator_id); the latest observation wins,
                        ``first_seen_at`` is kept. ``indexable = 0``: the account asks not
                        to be indexed (Mastodon); no delivery may show its posts.
``posts``               one row per (platform, post_id) -> creators.
``comments``            one row per (platform, comment_id) -> posts. Commenters are third
                        parties: ``author_key`` is a keyed hash of their platform id;
                        ``author_handle`` is NULL unless the crawl opted in.
``creator_snapshots``   one row per creator per crawl run: the counts and the handle observed
                        then (a handle that differs from an earlier snapshot's is a rename).
``crawl_runs``          one row per crawl: arguments (no secrets), status, stats summary, the
                        process that runs it (``pid``, ``host``), the ``job_key`` that makes
                        two crawls "the same crawl" (same platform, arguments and database) and
                        the ``plan`` whose run started it (``creatorscout run``; NULL otherwise).
``crawl_frontier``      a crawl's requests as of its last checkpoint: every request it queued,
                        ``done`` once its answer and everything it yielded are stored.
``crawl_checkpoints``   a crawl's spider state as of its last checkpoint (JSON).
``quota_ledger``        quota units spent per platform, API-key fingerprint and the platform's
                        quota day (the key itself is never stored); ``<fingerprint>@<queue>``
                        rows hold what the workers of queued crawls spent (recorded by the drain).
``instagram_hashtag_ledger`` the hashtags an Instagram user searched and when each was first
                        searched in the current 7-day window (30 unique per user; the user id is
                        stored as a keyed fingerprint, never itself).
``discoveries``         what found which creator in which crawl run: ``source`` is ``hashtag``
                        (then ``hashtag`` names it), ``caption_mention`` (Instagram: mentioned
                        in the caption of post ``post_id`` found by ``hashtag``), ``handle``
                        (``--handle``), ``list:<file name>`` or ``link:<platform>:<creator_id>`` (followed from that
                        creator's links); ``hashtag`` is ``''`` when the source is no hashtag.
``creator_links``       the links in a creator's bio and profile fields (another platform's
                        profile, a link-in-bio page or a website), first and last seen.
``vetting_runs``        one row per vetting run (niche, market language, model version).
``vetting_scores``      one row per creator per vetting run; the column names are the
                        shortlist's column names.
``shortlist_entries``   the outreach workflow columns imported back from a shortlist.
``erasures``            one row per erasure (a creator's or a commenter's request, or retention):
                        kind, platform, when, and how many rows of each table went; never the
                        handle, id or content. ``subject_keys`` holds keyed hashes of the erased
                        platform ids (the commenter pseudonym key), so that crawls skip them.

Unknown values are NULL, never 0 or -1. ``datasette creatorscout.db`` browses it all; the
views ``creator_overview`` and ``latest_vetting_scores`` hold the common joins.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from crawler import PLATFORMS
from crawler.errors import StoreError
from crawler.timeutil import format_z, now_z, parse_utc

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_DB_PATH",
    "Store",
    "apply_migrations",
    "migrate_database",
    "migrations",
    "open_db",
    "resolve_db_path",
    "utc_now",
]

DEFAULT_DB_PATH = "creatorscout.db"
DB_ENV = "CREATORSCOUT_DB"

TABLES = (
    "creators",
    "posts",
    "comments",
    "creator_snapshots",
    "crawl_runs",
    "crawl_frontier",
    "crawl_checkpoints",
    "quota_ledger",
    "instagram_hashtag_ledger",
    "discoveries",
    "vetting_runs",
    "vetting_scores",
    "shortlist_entries",
    "creator_links",
    "erasures",
)

CREATOR_COLUMNS = {
    "platform": str,
    "creator_id": str,
    "handle": str,
    "display_name": str,
    "bio": str,
    "profile_url": str,
    "external_url": str,
    "followers_count": int,
    "following_count": int,
    "post_count": int,
    "view_count": int,
    "verified": int,
    "is_bot_account": int,
    "account_created_at": str,
    "discoverable": int,
    "country": str,
    "language": str,
    "first_seen_at": str,
    "last_seen_at": str,
    "fetched_at": str,
    "source_url": str,
}

# Added to creators by m006 (m001 created the columns above). ``indexable`` is Mastodon's
# consent flag: 0 means the account asks not to be indexed, so no delivery shows its posts.
CREATOR_CONSENT_COLUMNS = {
    "indexable": int,
}
CREATOR_ROW_COLUMNS = {**CREATOR_COLUMNS, **CREATOR_CONSENT_COLUMNS}
"""Every column of ``creators`` once all migrations ran (what a write fills)."""

POST_COLUMNS = {
    "platform": str,
    "post_id": str,
    "creator_id": str,
    "url": str,
    "created_at": str,
    "title": str,
    "text": str,
    "hashtags": str,
    "mentions": str,
    "like_count": int,
    "comment_count": int,
    "share_count": int,
    "view_count": int,
    "language": str,
    "is_reply": int,
    "is_repost": int,
    "comments_disabled": int,
    "fetched_at": str,
    "source_url": str,
}

COMMENT_COLUMNS = {
    "platform": str,
    "comment_id": str,
    "post_id": str,
    "parent_comment_id": str,
    "author_key": str,
    "author_handle": str,
    "author_is_creator": int,
    "author_is_bot_account": int,
    "text": str,
    "created_at": str,
    "like_count": int,
    "language": str,
    "fetched_at": str,
    "source_url": str,
}

SNAPSHOT_COLUMNS = {
    "crawl_run_id": int,
    "platform": str,
    "creator_id": str,
    "observed_at": str,
    "followers_count": int,
    "following_count": int,
    "post_count": int,
    "view_count": int,
}

# Added to creator_snapshots by m010 (m001 created the columns above): the handle seen then.
SNAPSHOT_HANDLE_COLUMNS = {
    "handle": str,
}
SNAPSHOT_ROW_COLUMNS = {**SNAPSHOT_COLUMNS, **SNAPSHOT_HANDLE_COLUMNS}
"""Every column of ``creator_snapshots`` once all migrations ran (what a write fills)."""

DISCOVERY_COLUMNS = {
    "crawl_run_id": int,
    "platform": str,
    "hashtag": str,
    "creator_id": str,
    "post_id": str,
    "discovered_at": str,
    "source_url": str,
}

# Added to discoveries by m007 (m001 created the columns above), and part of its primary key.
DISCOVERY_SOURCE_COLUMNS = {
    "source": str,
}
DISCOVERY_ROW_COLUMNS = {**DISCOVERY_COLUMNS, **DISCOVERY_SOURCE_COLUMNS}
"""Every column of ``discoveries`` once all migrations ran (what a write fills)."""
DISCOVERY_KEY = ("crawl_run_id", "platform", "source", "hashtag", "creator_id")
HASHTAG_SOURCE = "hashtag"

CREATOR_LINK_COLUMNS = {
    "platform": str,
    "creator_id": str,
    "url": str,
    "kind": str,  # a platform key, "website" or "link_in_bio" (crawler.links.LINK_KINDS)
    "linked_platform": str,  # the platform the link points to (NULL: not a supported platform)
    "linked_handle": str,  # the linked profile's handle (NULL: the link names no profile)
    "first_seen_at": str,
    "last_seen_at": str,
}

CRAWL_RUN_COLUMNS = {
    "id": int,
    "platform": str,
    "spider": str,
    "arguments": str,
    "started_at": str,
    "finished_at": str,
    "status": str,
    "finish_reason": str,
    "request_count": int,
    "response_count": int,
    "retry_count": int,
    "error_count": int,
    "creator_count": int,
    "post_count": int,
    "comment_count": int,
    "dropped_count": int,
    "skipped_count": int,
    "quota_units": int,
    "stats": str,
}

# Added to crawl_runs by m004 (m001 created the columns above).
CRAWL_RUN_PROCESS_COLUMNS = {
    "job_key": str,
    "pid": int,
    "host": str,
    "checkpoint_at": str,
}

# Added to crawl_runs by m010: the plan (``creatorscout run PLAN``) whose run started the crawl.
CRAWL_RUN_PLAN_COLUMNS = {
    "plan": str,
}

FRONTIER_COLUMNS = {
    "crawl_run_id": int,
    "fingerprint": str,
    "request": str,  # JSON, see crawler.frontier.encode_request
    "priority": int,
    "seq": int,
    "done": int,
}

CHECKPOINT_COLUMNS = {
    "crawl_run_id": int,
    "state": str,  # JSON, see crawler.frontier.encode_state
    "saved_at": str,
    "pending_count": int,
    "done_count": int,
}

QUOTA_LEDGER_COLUMNS = {
    "platform": str,
    "key_fingerprint": str,
    "day": str,  # the platform's quota day, e.g. YouTube's Pacific date 2026-03-01
    "units": int,
    "updated_at": str,
}

INSTAGRAM_HASHTAG_LEDGER_COLUMNS = {
    "user_fingerprint": str,  # keyed hash of INSTAGRAM_USER_ID (crawler.spiders.instagram)
    "hashtag": str,
    "first_searched_at": str,  # the first search of the tag in its current 7-day window
}

VETTING_RUN_COLUMNS = {
    "id": int,
    "vetted_at": str,
    "niche": str,
    "seed_hashtags": str,
    "market_language": str,
    "model_version": str,
    "settings": str,
    "creator_count": int,
}

# Same names as the shortlist columns of the "Deliver" issue; rates are fractions 0-1.
VETTING_SCORE_COLUMNS = {
    "vetting_run_id": int,
    "platform": str,
    "creator_id": str,
    "vetted_at": str,
    "tier": str,
    "followers_count": int,
    "engagement_rate": float,
    "engagement_rate_mean": float,
    "engagement_rate_basis": str,
    "er_band": str,
    "er_percentile": float,
    "engagement_cv": float,
    "engagement_iqr": float,
    "comments_per_like": float,
    "posts_per_week": float,
    "reply_rate": float,
    "sponsored_rate": float,
    "sponsored_vs_organic": float,
    "recent_brands": str,
    "bot_comment_rate": float,
    "bot_comment_rate_low": float,
    "bot_comment_rate_high": float,
    "generic_comment_rate": float,
    "comments_analyzed": int,
    "creator_language": str,
    "audience_languages": str,
    "market_language": str,
    "market_language_rate": float,
    "niche_fit": float,
    "niche_terms": str,
    "growth_anomaly": str,
    "score": float,
    "verdict": str,
    "reasons": str,
    "evidence": str,
    "metrics": str,
}

# Added to vetting_scores by m005 (m002 created the columns above): conversation quality per creator
# (vetting.conversation), shares of the assessed comments by others; NULL when too few were assessed.
CONVERSATION_SCORE_COLUMNS = {
    "question_rate": float,
    "product_question_rate": float,
    "purchase_intent_rate": float,
    "substantive_rate": float,
    "negative_rate": float,
    "hostile_rate": float,
    "answered_question_rate": float,
}
SCORE_ROW_COLUMNS = {**VETTING_SCORE_COLUMNS, **CONVERSATION_SCORE_COLUMNS}
"""Every column of ``vetting_scores`` once all migrations ran (what a write fills)."""

SHORTLIST_ENTRY_COLUMNS = {
    "platform": str,
    "creator_id": str,
    "status": str,
    "owner": str,
    "notes": str,
    "agreed_fee": str,
    "promo_code": str,
    "tracking_link": str,
    "updated_at": str,
}

ERASURE_COLUMNS = {
    "id": int,
    "kind": str,  # "creator", "commenter" or "retention" (crawler.retention)
    "platform": str,  # NULL for retention (every platform)
    "erased_at": str,
    "counts": str,  # JSON: rows removed per table, e.g. {"posts": 12, "comments": 40}
    "settings": str,  # JSON: what retention applied, e.g. {"comments_days": 180}; NULL otherwise
    "subject_keys": str,  # JSON list of keyed hashes of the erased platform ids; NULL for retention
}

migrations = Migrations("creatorscout")


@migrations()
def m001_collect_schema(db: sqlite_utils.Database) -> None:
    """Creators, posts, comments, snapshots, crawl runs and discoveries."""
    db["crawl_runs"].create(CRAWL_RUN_COLUMNS, pk="id", not_null={"spider", "started_at", "status"})
    db["creators"].create(
        CREATOR_COLUMNS,
        pk=("platform", "creator_id"),
        not_null={"handle", "first_seen_at", "last_seen_at", "source_url"},
    )
    db["posts"].create(
        POST_COLUMNS,
        pk=("platform", "post_id"),
        not_null={"creator_id", "fetched_at", "source_url"},
        foreign_keys=[(("platform", "creator_id"), "creators", ("platform", "creator_id"))],
    )
    db["comments"].create(
        COMMENT_COLUMNS,
        pk=("platform", "comment_id"),
        not_null={"post_id", "fetched_at", "source_url"},
        foreign_keys=[(("platform", "post_id"), "posts", ("platform", "post_id"))],
    )
    db["creator_snapshots"].create(
        SNAPSHOT_COLUMNS,
        pk=("crawl_run_id", "platform", "creator_id"),
        foreign_keys=[
            ("crawl_run_id", "crawl_runs", "id"),
            (("platform", "creator_id"), "creators", ("platform", "creator_id")),
        ],
    )
    db["discoveries"].create(
        DISCOVERY_COLUMNS,
        pk=("crawl_run_id", "platform", "hashtag", "creator_id"),
        foreign_keys=[
            ("crawl_run_id", "crawl_runs", "id"),
            (("platform", "creator_id"), "creators", ("platform", "creator_id")),
        ],
    )
    db["posts"].create_index(["platform", "creator_id", "created_at"])
    db["comments"].create_index(["platform", "post_id"])
    db["comments"].create_index(["author_key"])
    db["creator_snapshots"].create_index(["platform", "creator_id", "observed_at"])
    db["discoveries"].create_index(["platform", "hashtag"])


@migrations()
def m002_vetting_and_shortlist(db: sqlite_utils.Database) -> None:
    """Vetting runs and scores, and the outreach workflow of the shortlist."""
    db["vetting_runs"].create(VETTING_RUN_COLUMNS, pk="id", not_null={"vetted_at"})
    db["vetting_scores"].create(
        VETTING_SCORE_COLUMNS,
        pk=("vetting_run_id", "platform", "creator_id"),
        not_null={"vetted_at", "verdict"},
        foreign_keys=[
            ("vetting_run_id", "vetting_runs", "id"),
            (("platform", "creator_id"), "creators", ("platform", "creator_id")),
        ],
    )
    db["vetting_scores"].create_index(["platform", "creator_id", "vetted_at"])
    db["shortlist_entries"].create(
        SHORTLIST_ENTRY_COLUMNS,
        pk=("platform", "creator_id"),
        foreign_keys=[(("platform", "creator_id"), "creators", ("platform", "creator_id"))],
    )


@migrations()
def m003_views(db: sqlite_utils.Database) -> None:
    """Views for the common joins (useful in ``datasette``)."""
    db.create_view(
        "latest_vetting_scores",
        """
        SELECT s.* FROM vetting_scores s
        WHERE s.vetting_run_id = (
            SELECT MAX(s2.vetting_run_id) FROM vetting_scores s2
            WHERE s2.platform = s.platform AND s2.creator_id = s.creator_id
        )
        """,
    )
    db.create_view(
        "creator_overview",
        """
        SELECT c.platform, c.creator_id, c.handle, c.display_name, c.profile_url,
               c.followers_count, c.post_count, c.last_seen_at,
               (SELECT COUNT(*) FROM posts p
                 WHERE p.platform = c.platform AND p.creator_id = c.creator_id) AS stored_posts,
               (SELECT COUNT(*) FROM creator_snapshots s
                 WHERE s.platform = c.platform AND s.creator_id = c.creator_id) AS snapshots,
               v.score, v.verdict, v.vetted_at
        FROM creators c
        LEFT JOIN latest_vetting_scores v
          ON v.platform = c.platform AND v.creator_id = c.creator_id
        """,
    )


@migrations()
def m004_resumable_crawls(db: sqlite_utils.Database) -> None:
    """Checkpoints (frontier and spider state) that make crawls resumable after any stop, the
    process that owns a running crawl, and the quota ledger shared by every crawl."""
    for name, kind in CRAWL_RUN_PROCESS_COLUMNS.items():
        db["crawl_runs"].add_column(name, kind)
    db["crawl_runs"].create_index(["job_key"])
    db["crawl_frontier"].create(
        FRONTIER_COLUMNS,
        pk=("crawl_run_id", "fingerprint"),
        not_null={"request", "done"},
        foreign_keys=[("crawl_run_id", "crawl_runs", "id")],
    )
    db["crawl_checkpoints"].create(
        CHECKPOINT_COLUMNS, pk="crawl_run_id", foreign_keys=[("crawl_run_id", "crawl_runs", "id")]
    )
    db["quota_ledger"].create(
        QUOTA_LEDGER_COLUMNS, pk=("platform", "key_fingerprint", "day"), not_null={"units"}
    )


@migrations()
def m005_conversation_rates(db: sqlite_utils.Database) -> None:
    """``vetting_scores`` gains the conversation-quality shares (rows of earlier runs stay NULL)."""
    for name, kind in CONVERSATION_SCORE_COLUMNS.items():
        db["vetting_scores"].add_column(name, kind)


@migrations()
def m006_creator_indexable(db: sqlite_utils.Database) -> None:
    """``creators.indexable``: Mastodon's ``indexable`` flag (NULL: unknown or not Mastodon).

    An account with ``indexable: false`` is collected and vetted, but no report or export shows
    its posts; rows stored before this migration stay NULL until their creator is crawled again."""
    for name, kind in CREATOR_CONSENT_COLUMNS.items():
        db["creators"].add_column(name, kind)


@migrations()
def m007_seed_sources_and_creator_links(db: sqlite_utils.Database) -> None:
    """Discoveries say what found the creator (``source``), so that creators crawled from a list,
    a ``--handle`` or another creator's link need no hashtag; and ``creator_links``.

    ``source`` joins the primary key, so one creator found in one run by a hashtag and by a list
    keeps both rows. ``source`` and ``hashtag`` are NOT NULL (SQLite lets NULLs repeat in a
    primary key, which would let one discovery be stored twice): rows stored before are
    ``source = 'hashtag'``; a discovery without a hashtag stores ``''``."""
    discoveries = db["discoveries"]
    for name, kind in DISCOVERY_SOURCE_COLUMNS.items():
        discoveries.add_column(name, kind)
    db.execute("UPDATE discoveries SET source = ? WHERE source IS NULL", [HASHTAG_SOURCE])
    db.execute("UPDATE discoveries SET hashtag = '' WHERE hashtag IS NULL")
    discoveries.transform(pk=DISCOVERY_KEY, not_null={"source", "hashtag"})
    discoveries.create_index(["platform", "creator_id"])
    db["creator_links"].create(
        CREATOR_LINK_COLUMNS,
        pk=("platform", "creator_id", "url"),
        not_null={"platform", "creator_id", "url", "kind", "first_seen_at", "last_seen_at"},
        foreign_keys=[(("platform", "creator_id"), "creators", ("platform", "creator_id"))],
    )
    db["creator_links"].create_index(["linked_platform", "linked_handle"])


@migrations()
def m008_instagram_hashtag_ledger(db: sqlite_utils.Database) -> None:
    """The Instagram hashtag ledger: a user may search 30 unique hashtags in a rolling 7 days, so
    every crawl records the tags it searched (under a keyed fingerprint of the user id)."""
    db["instagram_hashtag_ledger"].create(
        INSTAGRAM_HASHTAG_LEDGER_COLUMNS, pk=("user_fingerprint", "hashtag"), not_null={"first_searched_at"}
    )


@migrations()
def m009_erasures(db: sqlite_utils.Database) -> None:
    """``erasures``: that an erasure or a retention run happened, when, and how many rows went (no content)."""
    db["erasures"].create(ERASURE_COLUMNS, pk="id", not_null={"kind", "erased_at", "counts"})
    db["erasures"].create_index(["kind", "platform"])


@migrations()
def m010_snapshot_handles_and_plan_crawls(db: sqlite_utils.Database) -> None:
    """``creator_snapshots.handle``: the handle seen by each crawl, so that a rename (same creator id,
    another handle) shows; and ``crawl_runs.plan``: the plan whose run started a crawl, so that a
    plan knows the creators its earlier runs found. Rows stored before stay NULL (no rename is
    known before a creator's first snapshot with a handle; earlier crawls belong to no plan)."""
    for table, columns in (("creator_snapshots", SNAPSHOT_HANDLE_COLUMNS), ("crawl_runs", CRAWL_RUN_PLAN_COLUMNS)):
        present = db[table].columns_dict
        for name, kind in columns.items():
            if name not in present:
                db[table].add_column(name, kind)
    db["crawl_runs"].create_index(["plan"], if_not_exists=True)


def utc_now() -> str:
    """Now as an ISO-8601 UTC string ending in ``Z`` (millisecond precision), from the one clock."""
    return now_z("milliseconds")


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Database path by precedence: argument, then ``$CREATORSCOUT_DB``, then ``creatorscout.db``."""
    return Path(path or os.environ.get(DB_ENV) or DEFAULT_DB_PATH)


def open_db(path: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the store with WAL and foreign keys, and apply migrations.

    ``":memory:"`` gives an in-memory database. Raises :class:`StoreError` with a one-line
    reason when the file cannot be created, is not a database, or cannot be migrated.
    """
    target = str(path) if path == ":memory:" else str(resolve_db_path(path))
    if target != ":memory:":
        parent = Path(target).resolve().parent
        if not parent.is_dir():
            raise StoreError(f"cannot open database {target}: folder {parent} does not exist")
        if not os.access(parent, os.W_OK) or (Path(target).exists() and not os.access(target, os.W_OK)):
            raise StoreError(f"cannot open database {target}: not writable (choose another --db PATH)")
    try:
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        if target != ":memory:":
            _retry_locked(db.enable_wal)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        if migrate and migrations.pending(db):
            apply_migrations(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open database {target}: {exc} (is it a creatorscout database?)") from exc
    return db


BUSY_TIMEOUT = 30.0
"""Seconds a write waits for another process's write to end (crawls can share a database)."""


def _retry_locked(action: Any, timeout: float = BUSY_TIMEOUT) -> Any:
    """Run ``action``, retrying while another process holds the lock it needs.

    Switching a new database to WAL needs it to itself; SQLite answers "database is locked" at
    once instead of waiting when another process opens the same new file at the same moment."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Apply the pending migrations holding the write lock (``BEGIN IMMEDIATE``); their names.

    Processes that open or migrate one new database at the same moment take turns: the first
    applies the migrations, the others then find nothing left to do."""
    conn = db.conn
    _retry_locked(lambda: conn.execute("BEGIN IMMEDIATE"))
    try:
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)  # its own transactions become savepoints inside this one
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return pending


def migrate_database(path: str | os.PathLike[str] | None = None) -> list[str]:
    """Create the database at ``path`` or bring its schema up to date; the migrations applied here
    (none when another process just did). Raises :class:`StoreError` with a one-line reason."""
    db = open_db(path, migrate=False)
    try:
        return apply_migrations(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot migrate database {path}: {exc}") from exc
    finally:
        db.conn.close()


def pending_migrations(db: sqlite_utils.Database) -> list[str]:
    """Names of migrations not yet applied to ``db``."""
    return [m.name for m in migrations.pending(db)]


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))


def _bool(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _row(values: Mapping[str, Any], columns: Mapping[str, type]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name, kind in columns.items():
        value = values.get(name)
        if isinstance(value, list | dict | tuple):
            value = _json(list(value) if isinstance(value, tuple) else value)
        elif kind is int and isinstance(value, bool):
            value = int(value)
        row[name] = value
    return row


def _upsert_sql(table: str, columns: Sequence[str], pk: Sequence[str], keep: Sequence[str] = (),
                coalesce: Sequence[str] = ()) -> str:
    """``INSERT .. ON CONFLICT DO UPDATE``: ``keep`` columns keep their first value,
    ``coalesce`` columns keep their old value when the new one is NULL."""
    placeholders = ", ".join("?" for _ in columns)
    updates = []
    for name in columns:
        if name in pk or name in keep:
            continue
        if name in coalesce:
            updates.append(f"[{name}] = COALESCE(excluded.[{name}], [{table}].[{name}])")
        else:
            updates.append(f"[{name}] = excluded.[{name}]")
    cols = ", ".join(f"[{c}]" for c in columns)
    conflict = ", ".join(f"[{c}]" for c in pk)
    action = f"DO UPDATE SET {', '.join(updates)}" if updates else "DO NOTHING"
    return f"INSERT INTO [{table}] ({cols}) VALUES ({placeholders}) ON CONFLICT ({conflict}) {action}"


_CREATOR_UPSERT = _upsert_sql(
    "creators",
    list(CREATOR_ROW_COLUMNS),
    ("platform", "creator_id"),
    keep=("first_seen_at",),
    coalesce=("display_name", "bio", "profile_url", "external_url", "account_created_at", "country",
              "language", "verified", "is_bot_account", "discoverable", "indexable"),
)
_POST_UPSERT = _upsert_sql(
    "posts", list(POST_COLUMNS), ("platform", "post_id"),
    # A count the answer lacks (NULL) keeps the stored one: an incremental crawl refreshes the counts
    # of stored posts from the pages it reads, and no page may erase what another one gave.
    coalesce=("url", "created_at", "title", "text", "language", "comments_disabled", "like_count",
              "comment_count", "share_count", "view_count"),
)
_COMMENT_UPSERT = _upsert_sql(
    "comments", list(COMMENT_COLUMNS), ("platform", "comment_id"),
    coalesce=("author_handle", "text", "created_at", "parent_comment_id", "language"),
)
_SNAPSHOT_UPSERT = _upsert_sql(
    "creator_snapshots", list(SNAPSHOT_ROW_COLUMNS), ("crawl_run_id", "platform", "creator_id"),
    coalesce=("handle",),
)
_DISCOVERY_UPSERT = _upsert_sql(
    "discoveries", list(DISCOVERY_ROW_COLUMNS), DISCOVERY_KEY, keep=("discovered_at", "post_id", "source_url"),
)
_CREATOR_LINK_UPSERT = (
    "INSERT INTO creator_links (platform, creator_id, url, kind, linked_platform, linked_handle, first_seen_at, "
    "last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, creator_id, url) DO UPDATE SET "
    "kind = excluded.kind, linked_platform = excluded.linked_platform, linked_handle = excluded.linked_handle, "
    "first_seen_at = MIN(creator_links.first_seen_at, excluded.first_seen_at), "
    "last_seen_at = MAX(creator_links.last_seen_at, excluded.last_seen_at)"
)


class Store:
    """Read and write helpers over one open database.

    Writes take plain mappings (``dataclasses.asdict`` of the items); each ``write_*``
    call is one transaction.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Store:
        return cls(open_db(path))

    def close(self) -> None:
        self.db.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """A write transaction that takes the write lock first (``BEGIN IMMEDIATE``).

        Other crawls may write to the same database: a transaction that read first and writes
        later would be refused at once (SQLite cannot wait there); this one waits for the lock
        up front instead. Nested inside another transaction it is a savepoint."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- crawl runs ---------------------------------------------------------------------
    def start_crawl_run(self, platform: str, spider: str, arguments: Mapping[str, Any], *,
                        job_key: str | None = None, pid: int | None = None, host: str | None = None,
                        plan: str | None = None) -> int:
        """Insert a ``running`` crawl run and return its id (``plan``: the plan whose run starts it)."""
        with self.transaction():
            table = self.db.table("crawl_runs")
            table.insert(
                {
                    "platform": platform,
                    "spider": spider,
                    "arguments": _json(dict(arguments)),
                    "started_at": utc_now(),
                    "status": "running",
                    "job_key": job_key,
                    "pid": pid,
                    "host": host,
                    "plan": plan,
                }
            )
            return int(table.last_pk)

    def resume_crawl_run(self, run_id: int, *, pid: int | None = None, host: str | None = None,
                         plan: str | None = None) -> None:
        """Mark an unfinished run as running again, now owned by process ``pid`` (``--resume``); a
        run of ``plan`` that continues it makes it that plan's (a plan it already has stays)."""
        with self.transaction():
            self.db.execute(
                "UPDATE crawl_runs SET status = 'running', finished_at = NULL, pid = ?, host = ?, "
                "plan = COALESCE(plan, ?) WHERE id = ?",
                [pid, host, plan, run_id],
            )

    def update_crawl_run(self, run_id: int, summary: Mapping[str, Any]) -> None:
        """Store a running crawl's stats summary (at a checkpoint); its status stays."""
        row = {name: summary.get(name) for name in CRAWL_RUN_COLUMNS if name in summary}
        row.pop("status", None)
        if "stats" in row and not isinstance(row["stats"], str):
            row["stats"] = _json(row["stats"])
        if row:
            with self.transaction():
                self.db.table("crawl_runs").update(run_id, row)

    def finish_crawl_run(self, run_id: int, status: str, summary: Mapping[str, Any]) -> None:
        """Close a crawl run with its status and stats summary (see :func:`summarize_stats`)."""
        row = {name: summary.get(name) for name in CRAWL_RUN_COLUMNS if name in summary}
        row.update({"status": status, "finished_at": utc_now()})
        if "stats" in row and not isinstance(row["stats"], str):
            row["stats"] = _json(row["stats"])
        with self.transaction():
            self.db.table("crawl_runs").update(run_id, row)

    def crawl_run(self, run_id: int) -> dict[str, Any]:
        return dict(self.db.table("crawl_runs").get(run_id))

    def last_crawl_runs(self, limit: int = 5) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit]))

    def latest_crawl_run(self, job_key: str) -> dict[str, Any] | None:
        """The most recent run of the crawl identified by ``job_key``, if any."""
        rows = list(self.db.query("SELECT * FROM crawl_runs WHERE job_key = ? ORDER BY id DESC LIMIT 1",
                                  [job_key]))
        return rows[0] if rows else None

    def running_crawl_runs(self) -> list[dict[str, Any]]:
        """Runs whose status says ``running`` (their process may be gone)."""
        return list(self.db.query("SELECT * FROM crawl_runs WHERE status = 'running' ORDER BY id"))

    def mark_interrupted(self, run_ids: Iterable[int]) -> None:
        """Runs whose process is gone: ``interrupted``, resumable from their last checkpoint."""
        ids = [[int(i)] for i in run_ids]
        if ids:
            with self.transaction():
                self.db.conn.executemany(
                    "UPDATE crawl_runs SET status = 'interrupted' WHERE id = ? AND status = 'running'", ids
                )

    # -- checkpoints --------------------------------------------------------------------
    def save_checkpoint(self, run_id: int, *, new_requests: Iterable[Sequence[Any]], done: Iterable[str],
                        state: str | None, pending_count: int, done_count: int) -> None:
        """Record a consistent cut of a running crawl, in the caller's transaction if any.

        ``new_requests`` are ``(fingerprint, request_json, priority, seq, done)`` rows first seen
        since the last checkpoint; ``done`` the fingerprints finished since then.
        """
        now = utc_now()
        with self.transaction():
            self.db.conn.executemany(
                "INSERT INTO crawl_frontier (crawl_run_id, fingerprint, request, priority, seq, done) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (crawl_run_id, fingerprint) "
                "DO UPDATE SET done = MAX(done, excluded.done)",
                [(run_id, *row) for row in new_requests],
            )
            self.db.conn.executemany(
                "UPDATE crawl_frontier SET done = 1 WHERE crawl_run_id = ? AND fingerprint = ?",
                [(run_id, fp) for fp in done],
            )
            self.db.execute(
                "INSERT INTO crawl_checkpoints (crawl_run_id, state, saved_at, pending_count, done_count) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (crawl_run_id) DO UPDATE SET state = excluded.state, "
                "saved_at = excluded.saved_at, pending_count = excluded.pending_count, "
                "done_count = excluded.done_count",
                [run_id, state, now, pending_count, done_count],
            )
            self.db.execute("UPDATE crawl_runs SET checkpoint_at = ? WHERE id = ?", [now, run_id])

    def load_checkpoint(self, run_id: int) -> tuple[str | None, list[tuple[str, str, int, int]], set[str]]:
        """A run's last checkpoint: (state JSON or None, pending requests as
        ``(fingerprint, request_json, priority, seq)`` in queue order, fingerprints done)."""
        state_rows = list(self.db.execute("SELECT state FROM crawl_checkpoints WHERE crawl_run_id = ?", [run_id]))
        pending = [
            (fp, request, priority or 0, seq or 0)
            for fp, request, priority, seq in self.db.execute(
                "SELECT fingerprint, request, priority, seq FROM crawl_frontier "
                "WHERE crawl_run_id = ? AND done = 0 ORDER BY seq", [run_id])
        ]
        done = {fp for (fp,) in self.db.execute(
            "SELECT fingerprint FROM crawl_frontier WHERE crawl_run_id = ? AND done = 1", [run_id])}
        return (state_rows[0][0] if state_rows else None), pending, done

    def clear_checkpoint(self, run_id: int) -> None:
        """Forget a finished run's frontier and state (nothing is left to resume)."""
        with self.transaction():
            self.db.execute("DELETE FROM crawl_frontier WHERE crawl_run_id = ?", [run_id])
            self.db.execute("DELETE FROM crawl_checkpoints WHERE crawl_run_id = ?", [run_id])

    # -- quota ledger -------------------------------------------------------------------
    def quota_spent(self, platform: str, key_fingerprint: str, day: str) -> int:
        """Units spent on ``day`` with the key whose fingerprint is given (by every crawl: local ones'
        row, and the rows ``<fingerprint>@<queue>`` the drains of queued crawls record)."""
        rows = list(self.db.execute(
            "SELECT COALESCE(SUM(units), 0) FROM quota_ledger WHERE platform = ? AND day = ? "
            "AND (key_fingerprint = ? OR key_fingerprint LIKE ? || '@%')",
            [platform, day, key_fingerprint, key_fingerprint]))
        return int(rows[0][0]) if rows else 0

    def record_quota(self, platform: str, key_fingerprint: str, day: str, units: int) -> None:
        """Set a ledger row to ``units`` spent so far, never lowering it (a queued crawl's spending as
        its Redis ledger counts it: an absolute figure, so recording it again changes nothing)."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO quota_ledger (platform, key_fingerprint, day, units, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, key_fingerprint, day) "
                "DO UPDATE SET units = excluded.units, updated_at = excluded.updated_at WHERE excluded.units > units",
                [platform, key_fingerprint, day, units, utc_now()],
            )

    def quota_rows(self, since_day: str) -> list[dict[str, Any]]:
        """The ledger rows of ``since_day`` and later (platform, key_fingerprint, day, units)."""
        return [dict(r) for r in self.db.query(
            "SELECT platform, key_fingerprint, day, units FROM quota_ledger WHERE day >= ? "
            "ORDER BY platform, key_fingerprint, day", [since_day])]

    def add_quota(self, platform: str, key_fingerprint: str, day: str, units: int) -> int:
        """Add ``units`` to the ledger (one statement: safe with concurrent crawls); the new total."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO quota_ledger (platform, key_fingerprint, day, units, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, key_fingerprint, day) "
                "DO UPDATE SET units = units + excluded.units, updated_at = excluded.updated_at",
                [platform, key_fingerprint, day, units, utc_now()],
            )
        return self.quota_spent(platform, key_fingerprint, day)

    # -- instagram hashtag ledger -------------------------------------------------------
    def hashtags_searched(self, user_fingerprint: str, since: str) -> dict[str, str]:
        """Hashtags first searched at ``since`` or later by the user: tag -> first searched at."""
        return {row[0]: row[1] for row in self.db.execute(
            "SELECT hashtag, first_searched_at FROM instagram_hashtag_ledger "
            "WHERE user_fingerprint = ? AND first_searched_at >= ? ORDER BY first_searched_at",
            [user_fingerprint, since])}

    def hashtag_rows(self, since: str) -> list[tuple[str, str, str]]:
        """Every user's hashtags first searched at ``since`` or later: (user fingerprint, tag, first searched at)."""
        return [(row[0], row[1], row[2]) for row in self.db.execute(
            "SELECT user_fingerprint, hashtag, first_searched_at FROM instagram_hashtag_ledger "
            "WHERE first_searched_at >= ? ORDER BY user_fingerprint, first_searched_at", [since])]

    def record_hashtag(self, user_fingerprint: str, hashtag: str, at: str, window_start: str) -> None:
        """Record a search of ``hashtag`` at ``at``: a tag already searched since ``window_start``
        keeps its first time (a repeat inside the window costs no slot); an older one starts anew."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO instagram_hashtag_ledger (user_fingerprint, hashtag, first_searched_at) "
                "VALUES (?, ?, ?) ON CONFLICT (user_fingerprint, hashtag) DO UPDATE SET first_searched_at = "
                "CASE WHEN first_searched_at < ? THEN excluded.first_searched_at ELSE first_searched_at END",
                [user_fingerprint, hashtag, at, window_start],
            )

    # -- collected facts ----------------------------------------------------------------
    def write_batch(
        self,
        *,
        creators: Iterable[Mapping[str, Any]] = (),
        posts: Iterable[Mapping[str, Any]] = (),
        comments: Iterable[Mapping[str, Any]] = (),
        snapshots: Iterable[Mapping[str, Any]] = (),
        discoveries: Iterable[Mapping[str, Any]] = (),
    ) -> None:
        """Upsert one batch in one transaction, parents before children.

        A discovery without ``source`` is a hashtag discovery; one without a hashtag stores ``''``.

        Raises ``sqlite3.IntegrityError`` (and rolls the whole batch back) when a row's parent
        is missing; :meth:`missing_parents` tells which rows would fail.
        """
        now = utc_now()
        creator_rows = []
        for values in creators:
            row = _row(values, CREATOR_ROW_COLUMNS)
            row["first_seen_at"] = row["first_seen_at"] or values.get("fetched_at") or now
            row["last_seen_at"] = values.get("fetched_at") or now
            creator_rows.append(tuple(row.values()))
        batches = (
            (_CREATOR_UPSERT, creator_rows),
            (_POST_UPSERT, [tuple(_row(v, POST_COLUMNS).values()) for v in posts]),
            (_COMMENT_UPSERT, [tuple(_row(v, COMMENT_COLUMNS).values()) for v in comments]),
            (_SNAPSHOT_UPSERT, [tuple(_row(v, SNAPSHOT_ROW_COLUMNS).values()) for v in snapshots]),
            (_DISCOVERY_UPSERT, [tuple(_discovery_row(v).values()) for v in discoveries]),
        )
        with self.transaction():
            for sql, rows in batches:
                if rows:
                    self.db.conn.executemany(sql, rows)

    def known_creators(self, platform: str, *, overlap: timedelta = timedelta(0),
                       refresh: int = 0) -> dict[str, list[Any]]:
        """Stored creators of ``platform`` with posts: creator id -> ``[since, [post ids to refresh]]``
        (what an incremental crawl needs, see :func:`crawler.spiders.base.read_known_creators`).

        ``since`` is the creator's cutoff less ``overlap``: the cutoff is the newest post's
        ``created_at``, or ``last_seen_at`` if earlier; the margin catches posts that arrive late
        with an earlier date (federation). The ids are every stored post from ``since`` on (so none
        of them is taken for new) plus the ``refresh`` newest stored original posts (not replies,
        not reposts: the posts engagement is computed from), whose counts a crawl brings up to date.
        """
        rows = self.db.execute(
            "SELECT c.creator_id, c.last_seen_at, MAX(p.created_at) FROM creators c JOIN posts p "
            "ON p.platform = c.platform AND p.creator_id = c.creator_id WHERE c.platform = ? "
            "GROUP BY c.creator_id", [platform]).fetchall()
        known: dict[str, list[Any]] = {}
        for creator_id, last_seen_at, newest in rows:
            if newest is None:
                continue
            cutoff = min(newest, last_seen_at) if last_seen_at else newest
            when = parse_utc(cutoff)
            since = format_z(when - overlap, "seconds") if when is not None and overlap else cutoff
            known[creator_id] = [min(since, cutoff), []]
        originals: dict[str, int] = {}
        for creator_id, post_id, created_at, is_reply, is_repost in self.db.execute(
                "SELECT creator_id, post_id, created_at, is_reply, is_repost FROM posts WHERE platform = ? "
                "ORDER BY creator_id, created_at DESC, post_id DESC", [platform]):
            entry = known.get(creator_id)
            if entry is None:
                continue
            original = not is_reply and not is_repost
            taken = originals.get(creator_id, 0)
            if (created_at is not None and created_at >= entry[0]) or (original and taken < refresh):
                entry[1].append(post_id)
            if original:
                originals[creator_id] = taken + 1
        return known

    def existing_keys(self, table: str, platform: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` exist in ``creators`` or ``posts`` for ``platform``."""
        column = {"creators": "creator_id", "posts": "post_id"}[table]
        wanted = list(set(ids))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            sql = f"SELECT [{column}] FROM [{table}] WHERE platform = ? AND [{column}] IN ({marks})"
            found.update(row[0] for row in self.db.execute(sql, [platform, *chunk]))
        return found

    # -- creator links and discoveries ---------------------------------------------------
    def upsert_creator_links(self, platform: str, creator_id: str, links: Iterable[Any],
                             seen_at: str | None = None) -> int:
        """Store the links seen on a creator's profile now (``crawler.links.Link`` objects or
        mappings with ``url``, ``kind`` and optionally ``handle``/``linked_handle`` and
        ``linked_platform``). A link seen before keeps its ``first_seen_at``; links not seen this
        time stay, with their older ``last_seen_at``. Returns how many links were given."""
        seen = seen_at or utc_now()
        rows = []
        for link in links:
            values = link if isinstance(link, Mapping) else {
                name: getattr(link, name, None) for name in ("url", "kind", "handle", "platform")}
            url, kind = values.get("url"), values.get("kind")
            if not isinstance(url, str) or not url or not isinstance(kind, str) or not kind:
                raise ValueError(f"a creator link needs a url and a kind, got {link!r}")
            linked_platform = values.get("linked_platform") or values.get("platform") or (
                kind if kind in PLATFORMS else None)
            linked_handle = values.get("linked_handle") or values.get("handle")
            rows.append((platform, creator_id, url, kind, linked_platform, linked_handle, seen, seen))
        if rows:
            with self.transaction():
                self.db.conn.executemany(_CREATOR_LINK_UPSERT, rows)
        return len(rows)

    def creator_links(self, platform: str, creator_id: str) -> list[dict[str, Any]]:
        """A creator's links in the order they were first seen."""
        return list(self.db.query(
            "SELECT * FROM creator_links WHERE platform = ? AND creator_id = ? ORDER BY first_seen_at, rowid",
            [platform, creator_id]))

    def links_to(self, linked_platform: str, seen_since: str) -> list[dict[str, Any]]:
        """Links to profiles on ``linked_platform`` seen on creators' profiles since ``seen_since``
        (``...Z``), from creators of other platforms, oldest first: what ``--follow-links`` crawls."""
        return list(self.db.query(
            "SELECT * FROM creator_links WHERE linked_platform = ? AND platform != ? AND last_seen_at >= ? "
            "AND linked_handle IS NOT NULL ORDER BY first_seen_at, rowid",
            [linked_platform, linked_platform, seen_since]))

    def plan_creators(self, plan: str, platform: str | None = None) -> list[dict[str, Any]]:
        """The stored creators that crawls started by runs of ``plan`` found (any discovery source),
        of ``platform`` or all, least recently seen first: ``platform``, ``creator_id``, ``handle``,
        ``last_seen_at``. An erased creator has no row left, so it is never among them."""
        sql = ("SELECT c.platform, c.creator_id, c.handle, c.last_seen_at FROM creators c "
               "WHERE EXISTS (SELECT 1 FROM discoveries d JOIN crawl_runs r ON r.id = d.crawl_run_id "
               "WHERE r.plan = ? AND d.platform = c.platform AND d.creator_id = c.creator_id)")
        args: list[Any] = [plan]
        if platform is not None:
            sql += " AND c.platform = ?"
            args.append(platform)
        return list(self.db.query(sql + " ORDER BY c.last_seen_at, c.platform, c.creator_id", args))

    def plan_names(self) -> list[str]:
        """The plans whose runs started crawls in this store (``crawl_runs.plan``), sorted."""
        return [row[0] for row in self.db.execute(
            "SELECT DISTINCT plan FROM crawl_runs WHERE plan IS NOT NULL ORDER BY plan")]

    def erasure_counts(self, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
        """Erasures on request (kinds ``creator`` and ``commenter``; retention is not one) erased after
        ``since`` and not after ``until`` (either None: unbounded), per kind and platform: ``kind``,
        ``platform``, ``erasures`` (how many) and ``counts`` (rows removed per table, summed). Never a
        handle or an id: the table holds none."""
        sql = "SELECT kind, platform, counts FROM erasures WHERE kind IN ('creator', 'commenter')"
        args: list[Any] = []
        if since is not None:
            sql += " AND erased_at > ?"
            args.append(since)
        if until is not None:
            sql += " AND erased_at <= ?"
            args.append(until)
        grouped: dict[tuple[str, str | None], dict[str, Any]] = {}
        for kind, platform, counts in self.db.execute(sql + " ORDER BY kind, platform, id", args):
            entry = grouped.setdefault((kind, platform), {"kind": kind, "platform": platform, "erasures": 0,
                                                          "counts": {}})
            entry["erasures"] += 1
            try:
                removed = json.loads(counts or "{}")
            except ValueError:
                removed = {}
            for table, n in (removed.items() if isinstance(removed, dict) else []):
                if isinstance(n, int):
                    entry["counts"][table] = entry["counts"].get(table, 0) + n
        return list(grouped.values())

    def discoveries_of(self, platform: str, creator_id: str) -> list[dict[str, Any]]:
        """How a creator was found, oldest first: one row per crawl run, source and hashtag."""
        return list(self.db.query(
            "SELECT * FROM discoveries WHERE platform = ? AND creator_id = ? ORDER BY discovered_at, crawl_run_id",
            [platform, creator_id]))

    # -- reads --------------------------------------------------------------------------
    def table_counts(self) -> dict[str, dict[str, int]]:
        """Row counts per table and platform: ``{"creators": {"mastodon": 12}, ...}``."""
        counts: dict[str, dict[str, int]] = {}
        for table in TABLES:
            if not self.db[table].exists():
                continue
            if "platform" in self.db[table].columns_dict:
                rows = self.db.execute(f"SELECT platform, COUNT(*) FROM [{table}] GROUP BY platform")
                counts[table] = {platform: n for platform, n in rows}
            else:
                counts[table] = {"*": self.db[table].count}
        return counts

    def table_stats(self) -> dict[str, dict[str, Any]]:
        """Rows per table, and per platform: ``{"creators": {"rows": 37, "by_platform": {"mastodon": 17,
        ...}}, ...}``. ``vetting_runs`` has no platform column: a run counts under every platform
        whose creators it vetted, so its platforms may add up to more than its rows."""
        stats: dict[str, dict[str, Any]] = {}
        for table in TABLES:
            if not self.db[table].exists():
                continue
            by_platform: dict[str, int] = {}
            if "platform" in self.db[table].columns_dict:
                sql = f"SELECT platform, COUNT(*) FROM [{table}] GROUP BY platform ORDER BY platform"
                by_platform = {str(platform): n for platform, n in self.db.execute(sql)}
            elif table == "vetting_runs" and self.db["vetting_scores"].exists():
                by_platform = {str(platform): n for platform, n in self.db.execute(
                    "SELECT platform, COUNT(DISTINCT vetting_run_id) FROM vetting_scores GROUP BY platform "
                    "ORDER BY platform")}
            stats[table] = {"rows": self.db[table].count, "by_platform": by_platform}
        return stats

    def snapshot_counts(self, crawl_run_ids: Iterable[int]) -> dict[int, int]:
        """Creators observed per crawl run (one snapshot per creator and run)."""
        wanted = sorted({int(i) for i in crawl_run_ids})
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        rows = self.db.execute(f"SELECT crawl_run_id, COUNT(*) FROM creator_snapshots WHERE crawl_run_id IN ({marks}) "
                               "GROUP BY crawl_run_id", wanted)
        return {int(run_id): n for run_id, n in rows}

    def creators(self, platform: str | None = None) -> Iterator[dict[str, Any]]:
        where, args = ("platform = ?", [platform]) if platform else (None, None)
        yield from self.db.table("creators").rows_where(where, args, order_by="platform, creator_id")

    def creator(self, platform: str, creator_id: str) -> dict[str, Any] | None:
        rows = list(self.db.table("creators").rows_where("platform = ? AND creator_id = ?",
                                                          [platform, creator_id]))
        return rows[0] if rows else None

    def find_creator(self, platform: str, handle_or_id: str) -> dict[str, Any] | None:
        """A creator by id, or by handle with or without a leading ``@``."""
        handle = handle_or_id.lstrip("@")
        rows = list(
            self.db.query(
                "SELECT * FROM creators WHERE platform = ? AND (creator_id = ? OR handle = ? "
                "OR handle = ?) LIMIT 1",
                [platform, handle_or_id, handle, "@" + handle],
            )
        )
        return rows[0] if rows else None

    def posts_of(self, platform: str, creator_id: str) -> list[dict[str, Any]]:
        """A creator's posts, newest first, with hashtags/mentions decoded."""
        rows = self.db.query(
            "SELECT * FROM posts WHERE platform = ? AND creator_id = ? ORDER BY created_at DESC",
            [platform, creator_id],
        )
        return [_decode_lists(row) for row in rows]

    def comments_of(self, platform: str, creator_id: str) -> list[dict[str, Any]]:
        """Comments on a creator's posts, oldest first (uses the ``(platform, post_id)`` index)."""
        return list(
            self.db.query(
                "SELECT * FROM comments WHERE platform = ? AND post_id IN "
                "(SELECT post_id FROM posts WHERE platform = ? AND creator_id = ?) ORDER BY created_at",
                [platform, platform, creator_id],
            )
        )

    def comments_by_id(self, platform: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Comments of ``platform`` by ``comment_id`` (primary-key lookups in chunks of 500)."""
        wanted = list(dict.fromkeys(str(i) for i in ids))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.db.query(
                f"SELECT * FROM comments WHERE platform = ? AND comment_id IN ({marks})", [platform, *chunk]
            ):
                found[row["comment_id"]] = row
        return found

    def iter_posts(self) -> Iterator[dict[str, Any]]:
        """Every post, grouped by creator (ordered by platform, creator_id, created_at)."""
        for row in self.db.query("SELECT * FROM posts ORDER BY platform, creator_id, created_at"):
            yield _decode_lists(row)

    def comment_count(self) -> int:
        """How many comments the store holds."""
        return int(self.db.execute("SELECT COUNT(*) FROM comments").fetchone()[0])

    def iter_comments(self, columns: Sequence[str] = ("platform", "comment_id", "post_id",
                                                      "parent_comment_id", "author_key",
                                                      "author_is_creator", "author_is_bot_account",
                                                      "text", "created_at", "like_count")
                      ) -> Iterator[tuple[Any, ...]]:
        """Every comment as a tuple of ``columns`` joined with its post's ``creator_id`` last,
        ordered by platform, creator and post (a streaming read for large stores)."""
        cols = ", ".join(f"c.[{c}]" for c in columns)
        sql = (
            f"SELECT {cols}, p.creator_id FROM comments c JOIN posts p "
            "ON p.platform = c.platform AND p.post_id = c.post_id "
            "ORDER BY c.platform, p.creator_id, c.post_id"
        )
        yield from self.db.execute(sql)

    def snapshots_of(self, platform: str, creator_id: str) -> list[dict[str, Any]]:
        """A creator's snapshots, oldest first."""
        return list(
            self.db.query(
                "SELECT * FROM creator_snapshots WHERE platform = ? AND creator_id = ? ORDER BY observed_at",
                [platform, creator_id],
            )
        )

    def start_vetting_run(self, values: Mapping[str, Any]) -> int:
        row = _row(values, VETTING_RUN_COLUMNS)
        row.pop("id")
        row["vetted_at"] = row["vetted_at"] or utc_now()
        with self.db.atomic():
            table = self.db.table("vetting_runs")
            table.insert(row)
            return int(table.last_pk)

    def write_vetting_scores(self, run_id: int, scores: Iterable[Mapping[str, Any]]) -> int:
        """Store one vetting run's scores (lists/dicts become JSON). Returns the row count."""
        rows = []
        for values in scores:
            row = _row(values, SCORE_ROW_COLUMNS)
            row["vetting_run_id"] = run_id
            rows.append(row)
        with self.db.atomic():
            self.db.table("vetting_scores").insert_all(rows, batch_size=1000)
            self.db.table("vetting_runs").update(run_id, {"creator_count": len(rows)})
        return len(rows)

    def latest_vetting_run(self) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM vetting_runs ORDER BY id DESC LIMIT 1"))
        return rows[0] if rows else None

    def vetting_runs(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """The vetting runs with these ids, newest first (unknown ids are left out)."""
        wanted = sorted({int(i) for i in ids})
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        return list(self.db.query(f"SELECT * FROM vetting_runs WHERE id IN ({marks}) ORDER BY id DESC", wanted))

    def latest_scores(self) -> list[dict[str, Any]]:
        """Each creator's most recent vetting score joined with the creator row (``source_url``:
        where the creator's profile was fetched from; ``indexable``: 0 when its posts must not be
        shown)."""
        return list(
            self.db.query(
                "SELECT v.*, c.handle, c.display_name, c.profile_url, c.bio, c.last_seen_at, c.source_url, "
                "c.indexable "
                "FROM latest_vetting_scores v JOIN creators c "
                "ON c.platform = v.platform AND c.creator_id = v.creator_id "
                "ORDER BY v.platform, v.creator_id"
            )
        )

    def shortlist_entries(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {
            (row["platform"], row["creator_id"]): row
            for row in self.db.table("shortlist_entries").rows
        }

    def write_shortlist_entries(self, entries: Iterable[Mapping[str, Any]]) -> int:
        rows = []
        for values in entries:
            row = _row(values, SHORTLIST_ENTRY_COLUMNS)
            row["updated_at"] = row["updated_at"] or utc_now()
            rows.append(row)
        with self.db.atomic():
            self.db.table("shortlist_entries").upsert_all(rows, pk=("platform", "creator_id"))
        return len(rows)


def _discovery_row(values: Mapping[str, Any]) -> dict[str, Any]:
    row = _row(values, DISCOVERY_ROW_COLUMNS)
    if row["source"] is None and row["hashtag"]:
        row["source"] = HASHTAG_SOURCE
    if row["hashtag"] is None:
        row["hashtag"] = ""
    return row


def _decode_lists(row: dict[str, Any]) -> dict[str, Any]:
    for name in ("hashtags", "mentions"):
        if isinstance(row.get(name), str):
            row[name] = json.loads(row[name])
    return row
