"""Erasure and retention: remove a creator or a commenter on request, and old rows by policy.

* :func:`forget_creator` removes a creator with every post, the comments on those posts (and the
  comments the creator wrote elsewhere, found through the keyed hash), snapshots, vetting scores,
  discoveries, links and shortlist workflow row; unfinished crawls' checkpointed requests for the
  creator are marked done so that a resume does not fetch them again.
* :func:`forget_commenter` removes every comment of one commenter, found through the keyed hash
  of their platform id (:func:`crawler.pipelines.author_key`), or through their handle when the
  crawl kept handles (``--keep-commenter-handles``).
* :func:`apply_retention` removes comments and snapshots older than a number of days (each
  creator keeps at least its newest snapshot).

Each is one transaction and leaves one ``erasures`` row: the kind, platform, time and how many
rows of each table went; never a handle, an id or any content. Creator and commenter erasures
also keep keyed hashes of the erased platform ids (``subject_keys``, with the store's pseudonym
key): :class:`ErasurePipeline` drops whatever a later crawl collects of them, so an erased
creator or commenter is not stored again (counted as ``creatorscout/skipped/erased/<kind>``).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from crawler import PLATFORMS
from crawler.errors import CreatorscoutError
from crawler.items import CommentItem, CreatorItem, DiscoveryItem, PostItem
from crawler.pipelines import author_key, pseudonym_key
from crawler.seeds import SeedError, parse_seed
from crawler.storage import Store, resolve_db_path
from crawler.timeutil import format_z, now_z

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

__all__ = [
    "ErasureError",
    "ErasurePipeline",
    "apply_retention",
    "erased_subject_keys",
    "find_creators",
    "forget_commenter",
    "forget_creator",
    "printable",
    "store_secret",
]

KEY_ENV = "CREATORSCOUT_PSEUDONYM_KEY"
"""The crawl's pseudonym key setting (``crawler.settings``); else ``<db>.key`` beside the database."""

ERASED_FRONTIER_REQUEST = '{"erased": true}'
"""What an erased creator's checkpointed request becomes (done, so a resume does not send it)."""

NO_COMMENT_AUTHORS = ("instagram", "tiktok")
"""Platforms whose APIs give no comment authors: nothing links a comment to its commenter."""

_ID_HINTS = {
    "mastodon": "the account address, e.g. mastodon:anna@mastodon.social",
    "youtube": "the channel id, e.g. youtube:UCxxxxxxxxxxxxxxxxxxxxxx",
    "bluesky": "the DID, e.g. bluesky:did:plc:xxxxxxxxxxxxxxxxxxxxxxxx",
}


class ErasureError(CreatorscoutError, LookupError):
    """An erasure that cannot be done as asked (unknown or ambiguous creator, no such commenter)."""


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that it rolls back."""


# -- the key --------------------------------------------------------------------------------------
def store_secret(store: Store, configured: str | None = None) -> bytes:
    """The store's pseudonym key, as crawls use it: ``configured``, else ``$CREATORSCOUT_PSEUDONYM_KEY``,
    else the ``<db>.key`` file beside the database (created if missing)."""
    files = [row[2] for row in store.db.conn.execute("PRAGMA database_list") if row[1] == "main"]
    path = files[0] if files and files[0] else ":memory:"
    value = configured if configured is not None else os.environ.get(KEY_ENV, "")
    return pseudonym_key(path, value)


def _subject_key(secret: bytes, platform: str, platform_id: str) -> str:
    return author_key(secret, platform, platform_id)


def erased_subject_keys(store: Store) -> dict[str, set[tuple[str, str]]]:
    """The keyed hashes recorded by erasures, per kind (``creator``, ``commenter``): ``(platform, key)``."""
    found: dict[str, set[tuple[str, str]]] = {"creator": set(), "commenter": set()}
    rows = store.db.execute(
        "SELECT kind, platform, subject_keys FROM erasures WHERE subject_keys IS NOT NULL AND kind IN "
        "('creator', 'commenter')")
    for kind, platform, keys in rows:
        for key in json.loads(keys):
            found[kind].add((platform, key))
    return found


# -- creators -------------------------------------------------------------------------------------
def printable(text: object, limit: int = 60) -> str:
    """Stored (scraped) text safe to print on a terminal: control and invisible characters replaced
    by ``?``, cut to ``limit`` characters."""
    value = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _check_platform(platform: str) -> str:
    if platform not in PLATFORMS:
        raise ErasureError(f"unknown platform {platform!r}: choose from {', '.join(PLATFORMS)}")
    return platform


def _host(url: str | None) -> str:
    return urlsplit(url or "").netloc.lower()


def _address(row: Mapping[str, Any]) -> str:
    """A Mastodon creator's ``user@host`` (a local account's handle has no host: the instance's)."""
    handle = str(row["handle"]).lstrip("@").lower()
    return handle if "@" in handle else f"{handle}@{_host(row.get('source_url'))}"


def find_creators(store: Store, platform: str, key: str) -> list[dict[str, Any]]:
    """The creators of ``platform`` that ``key`` names: an id as stored, or a handle (with or without
    ``@``; Mastodon ``user@host``, ``@user@host`` or a bare ``user``) or profile URL as seed lists
    accept them (:func:`crawler.seeds.parse_seed`). More than one row means the key is ambiguous."""
    _check_platform(platform)
    raw = key.strip()
    if not raw:
        raise ErasureError("no creator given: write PLATFORM:HANDLE_OR_ID, e.g. mastodon:@anna@mastodon.social")
    ids = {raw}
    handles = {raw.lstrip("@").lower()}
    try:
        seed = parse_seed(raw, platform)
    except SeedError:
        seed = None
    if seed is not None:
        if seed.platform != platform:
            raise ErasureError(f"{raw!r} names a {seed.platform} profile, not {platform}: write {seed.platform}:{raw}")
        (ids if seed.kind == "id" else handles).add(seed.handle)
    users = {h.split("@", 1)[0] for h in handles}
    marks_ids = ", ".join("?" for _ in ids)
    marks_users = ", ".join("?" for _ in users)
    candidates = store.db.query(
        f"SELECT * FROM creators WHERE platform = ? AND (creator_id IN ({marks_ids}) OR "
        f"lower(ltrim(handle, '@')) IN ({marks_users}) OR substr(lower(ltrim(handle, '@')), 1, "
        f"instr(lower(ltrim(handle, '@')), '@') - 1) IN ({marks_users})) ORDER BY creator_id",
        [platform, *ids, *users, *users])
    found = []
    for row in candidates:
        if row["creator_id"] in ids:
            found.append(row)
        elif platform == "mastodon":
            address = _address(row)
            if any(address == h if "@" in h else address.split("@", 1)[0] == h for h in handles):
                found.append(row)
        elif str(row["handle"]).lstrip("@").lower() in handles:
            found.append(row)
    return found


def _resolve_creator(store: Store, platform: str, key: str) -> dict[str, Any]:
    rows = find_creators(store, platform, key)
    if not rows:
        raise ErasureError(f"no {platform} creator {key.strip()!r} in this database: give the handle or id as "
                           "stored (the creator_key column of `creatorscout shortlist` lists them) or check --db")
    if len(rows) > 1:
        listed = ", ".join(f"{printable(r['creator_id'])} (@{printable(str(r['handle']).lstrip('@'))})" for r in rows)
        raise ErasureError(f"{key.strip()!r} matches {len(rows)} {platform} creators: {listed}; give one id, "
                           f"e.g. {platform}:{printable(rows[0]['creator_id'])}")
    return rows[0]


def _platform_ids(platform: str, creator: Mapping[str, Any]) -> list[str]:
    """The ids a creator may have as a commenter: its creator id; on Mastodon also ``user@host``
    (what comments are keyed by, see ``crawler.parsers.mastodon``)."""
    ids = [str(creator["creator_id"])]
    if platform == "mastodon":
        ids.append(_address(creator))
    return list(dict.fromkeys(ids))


def forget_creator(store: Store, platform: str, key: str, *, secret: bytes | None = None,
                   dry_run: bool = False) -> dict[str, int]:
    """Remove the creator ``key`` names (see :func:`find_creators`) with everything stored about them,
    in one transaction, and record the erasure; rows removed per table.

    ``secret`` is the pseudonym key (default: :func:`store_secret`): it finds the comments the creator
    wrote on others' posts and keys the hashes that make later crawls skip the creator. With
    ``dry_run`` nothing is changed (the counts say what would go). Raises :class:`ErasureError` when
    no creator or more than one matches (the message lists the ids)."""
    creator = _resolve_creator(store, platform, key)
    creator_id = str(creator["creator_id"])
    secret = store_secret(store) if secret is None else secret
    subject_keys = [_subject_key(secret, platform, pid) for pid in _platform_ids(platform, creator)]
    counts: dict[str, int] = {}
    try:
        with store.transaction():
            counts = _erase_creator(store, platform, creator, subject_keys)
            if dry_run:
                raise _DryRun
            _record(store, "creator", platform, counts, subject_keys=subject_keys)
    except _DryRun:
        return counts
    logger.info("Erased %s creator %s: %s", platform, creator_id, counts)
    return counts


def _erase_creator(store: Store, platform: str, creator: Mapping[str, Any], subject_keys: Sequence[str]
                   ) -> dict[str, int]:
    db = store.db
    creator_id = str(creator["creator_id"])
    who = [platform, creator_id]
    post_ids = [r[0] for r in db.execute("SELECT post_id FROM posts WHERE platform = ? AND creator_id = ?", who)]
    counts: dict[str, int] = {}

    def delete(name: str, sql: str, args: Sequence[Any]) -> None:
        counts[name] = counts.get(name, 0) + db.execute(sql, list(args)).rowcount

    # Comments the creator wrote on other creators' posts: their ids leave those creators' evidence too.
    marks = ", ".join("?" for _ in subject_keys)
    authored = list(db.execute(
        f"SELECT c.comment_id, p.creator_id FROM comments c JOIN posts p ON p.platform = c.platform "
        f"AND p.post_id = c.post_id WHERE c.platform = ? AND c.author_key IN ({marks}) AND p.creator_id != ?",
        [platform, *subject_keys, creator_id]))
    delete("comments", "DELETE FROM comments WHERE platform = ? AND post_id IN "
           "(SELECT post_id FROM posts WHERE platform = ? AND creator_id = ?)", [platform, *who])
    counts["authored_comments"] = 0
    if authored:
        delete("authored_comments", f"DELETE FROM comments WHERE platform = ? AND author_key IN ({marks})",
               [platform, *subject_keys])
    counts["evidence_rows"] = _scrub_evidence(store, platform, {cid for cid, _ in authored},
                                              {owner for _, owner in authored})
    delete("posts", "DELETE FROM posts WHERE platform = ? AND creator_id = ?", who)
    delete("snapshots", "DELETE FROM creator_snapshots WHERE platform = ? AND creator_id = ?", who)
    vetted_in = [r[0] for r in db.execute(
        "SELECT vetting_run_id FROM vetting_scores WHERE platform = ? AND creator_id = ?", who)]
    delete("vetting_scores", "DELETE FROM vetting_scores WHERE platform = ? AND creator_id = ?", who)
    # A vetting run's creator_count stays the number of its score rows.
    db.conn.executemany("UPDATE vetting_runs SET creator_count = creator_count - 1 WHERE id = ? AND "
                        "creator_count > 0", [[run] for run in vetted_in])
    delete("discoveries", "DELETE FROM discoveries WHERE platform = ? AND creator_id = ?", who)
    # Creators found through this creator's links keep their discovery, without naming the creator.
    delete("linked_discoveries", "UPDATE OR REPLACE discoveries SET source = ? WHERE source = ?",
           [f"link:{platform}:", f"link:{platform}:{creator_id}"])
    delete("creator_links", "DELETE FROM creator_links WHERE platform = ? AND creator_id = ?", who)
    delete("shortlist_entries", "DELETE FROM shortlist_entries WHERE platform = ? AND creator_id = ?", who)
    counts["frontier_requests"] = _retire_requests(store, platform, creator, post_ids)
    delete("creators", "DELETE FROM creators WHERE platform = ? AND creator_id = ?", who)
    return counts


def _retire_requests(store: Store, platform: str, creator: Mapping[str, Any], post_ids: Iterable[str]) -> int:
    """Checkpointed requests of unfinished crawls that fetch only this creator (or their posts'
    comments): marked done, their URL and arguments replaced, so that ``--resume`` does not fetch
    them again. Requests for several creators at once (a batch of ids) are left alone; what they
    bring back of the creator is dropped by :class:`ErasurePipeline`."""
    handle = str(creator["handle"]).lstrip("@")
    subjects = {str(creator["creator_id"]), handle, handle.lower(), "@" + handle, *post_ids}
    if platform == "mastodon":
        subjects.add(_address(creator))
    retired = []
    rows = store.db.execute(
        "SELECT f.crawl_run_id, f.fingerprint, f.request FROM crawl_frontier f JOIN crawl_runs r "
        "ON r.id = f.crawl_run_id WHERE r.platform = ? AND r.status != 'finished' AND f.request != ?",
        [platform, ERASED_FRONTIER_REQUEST])
    for run_id, fingerprint, text in rows:
        try:
            request = json.loads(text)
        except ValueError:
            continue
        if _names_subject(request, subjects):
            retired.append((ERASED_FRONTIER_REQUEST, run_id, fingerprint))
    store.db.conn.executemany(
        "UPDATE crawl_frontier SET done = 1, request = ? WHERE crawl_run_id = ? AND fingerprint = ?", retired)
    return len(retired)


def _names_subject(request: Mapping[str, Any], subjects: set[str]) -> bool:
    path = urlsplit(str(request.get("url") or "")).path
    if any(unquote(segment) in subjects for segment in path.split("/")):
        return True
    return _value_names(request.get("cb_kwargs") or {}, subjects)


def _value_names(value: Any, subjects: set[str]) -> bool:
    if isinstance(value, str):
        return value in subjects
    if isinstance(value, Mapping):
        return any(_value_names(v, subjects) for v in value.values())
    if isinstance(value, list):  # a batch counts only when it is about no one else
        return bool(value) and all(_value_names(v, subjects) for v in value)
    return False


# -- commenters -----------------------------------------------------------------------------------
def forget_commenter(store: Store, platform: str, handle: str, secret: bytes | None = None, *,
                     dry_run: bool = False) -> dict[str, int]:
    """Remove every comment of one commenter on ``platform`` and record the erasure; rows removed.

    ``handle`` is the commenter's platform id (Mastodon ``user@host``, a YouTube channel id, a Bluesky
    DID), found through its keyed hash with ``secret`` (the pseudonym key; default
    :func:`store_secret`), or a handle when the crawl kept commenters' handles. Raises
    :class:`ErasureError` when nothing matches (saying which id to give) or a handle matches
    several commenters."""
    _check_platform(platform)
    raw = handle.strip()
    if not raw:
        raise ErasureError("no commenter given: write PLATFORM:ID, e.g. mastodon:anna@mastodon.social")
    if platform in NO_COMMENT_AUTHORS:
        raise ErasureError(f"{platform} comments carry no author in the API creatorscout uses, so no comment is "
                           "linked to a commenter: there is nothing to remove by commenter")
    secret = store_secret(store) if secret is None else secret
    keys = {_subject_key(secret, platform, pid) for pid in _commenter_ids(platform, raw)}
    by_handle = _keys_by_handle(store, platform, raw)
    if len(by_handle) > 1:
        raise ErasureError(f"{raw!r} matches {len(by_handle)} different {platform} commenters (renamed accounts or "
                           f"several servers): give {_ID_HINTS[platform]}")
    keys |= by_handle
    marks = ", ".join("?" for _ in keys)
    where = f"c.platform = ? AND c.author_key IN ({marks})"
    found = list(store.db.execute(
        f"SELECT c.comment_id, p.creator_id FROM comments c JOIN posts p ON p.platform = c.platform "
        f"AND p.post_id = c.post_id WHERE {where}", [platform, *keys]))
    if not found:
        raise ErasureError(_no_commenter_text(store, platform, raw))
    present = sorted({k for (k,) in store.db.execute(
        f"SELECT DISTINCT author_key FROM comments c WHERE {where}", [platform, *keys])})
    counts: dict[str, int] = {}
    try:
        with store.transaction():
            counts["evidence_rows"] = _scrub_evidence(store, platform, {cid for cid, _ in found},
                                                      {owner for _, owner in found})
            counts["comments"] = store.db.execute(
                f"DELETE FROM comments WHERE platform = ? AND author_key IN ({marks})", [platform, *keys]).rowcount
            if dry_run:
                raise _DryRun
            _record(store, "commenter", platform, counts, subject_keys=present)
    except _DryRun:
        return counts
    logger.info("Erased a %s commenter: %s", platform, counts)
    return counts


def _commenter_ids(platform: str, raw: str) -> list[str]:
    """The platform ids ``raw`` may be, in the form the parsers key comments by."""
    ids = [raw]
    if platform == "mastodon":
        try:
            seed = parse_seed(raw, "mastodon")
        except SeedError:
            seed = None
        if seed is not None and seed.platform == "mastodon":
            ids.append(seed.handle)  # user@host, lower case, as crawler.parsers.mastodon keys it
        ids.append(raw.lstrip("@").lower())
    elif platform == "bluesky" and raw.lower().startswith("did:"):
        ids.append(raw.lower())
    return list(dict.fromkeys(ids))


def _keys_by_handle(store: Store, platform: str, raw: str) -> set[str]:
    """Author keys of comments whose kept handle (opt-in) is ``raw`` (without ``@``, any case;
    Mastodon: ``user`` on the crawled server, or ``user@host``)."""
    wanted = raw.lstrip("@").lower()
    user = wanted.split("@", 1)[0]
    keys: set[str] = set()
    rows = store.db.execute(
        "SELECT DISTINCT author_key, author_handle, source_url FROM comments WHERE platform = ? AND "
        "author_key IS NOT NULL AND lower(ltrim(author_handle, '@')) IN (?, ?)", [platform, wanted, user])
    for key, kept, source_url in rows:
        name = str(kept).lstrip("@").lower()
        if platform == "mastodon" and "@" in wanted and "@" not in name:
            name = f"{name}@{_host(source_url)}"
        if name == wanted:
            keys.add(key)
    return keys


def _no_commenter_text(store: Store, platform: str, raw: str) -> str:
    kept = store.db.execute(
        "SELECT COUNT(*) FROM comments WHERE platform = ? AND author_handle IS NOT NULL", [platform]).fetchone()[0]
    if kept:
        return (f"no comments by {platform} commenter {raw!r} in this database (neither as handle nor as id); "
                f"check the spelling, or give {_ID_HINTS[platform]}")
    return (f"no comments by {platform} commenter {raw!r} in this database: commenters are stored only as a keyed "
            f"hash of their platform id (handles were not kept), so give {_ID_HINTS[platform]}, with the pseudonym "
            f"key the crawl used (${KEY_ENV} or the <db>.key file)")


# -- shared ---------------------------------------------------------------------------------------
def _scrub_evidence(store: Store, platform: str, comment_ids: set[str], creator_ids: set[str]) -> int:
    """Drop removed comments' ids from the evidence and metrics of the creators they were on; rows changed."""
    if not comment_ids or not creator_ids:
        return 0
    changed = 0
    ids = sorted(creator_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = list(store.db.execute(
            f"SELECT rowid, evidence, metrics FROM vetting_scores WHERE platform = ? AND creator_id IN ({marks})",
            [platform, *chunk]))
        for rowid, evidence, metrics in rows:
            update = {}
            for name, text in (("evidence", evidence), ("metrics", metrics)):
                if not text:
                    continue
                try:
                    value = json.loads(text)
                except ValueError:
                    continue
                cleaned = _without_comments(value, comment_ids)
                if cleaned != value:
                    update[name] = json.dumps(cleaned, ensure_ascii=False)
            if update:
                sets = ", ".join(f"[{name}] = ?" for name in update)
                store.db.execute(f"UPDATE vetting_scores SET {sets} WHERE rowid = ?", [*update.values(), rowid])
                changed += 1
    return changed


def _without_comments(value: Any, gone: set[str]) -> Any:
    if isinstance(value, list):
        return [_without_comments(v, gone) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "comment_ids" and isinstance(item, list):
            out[key] = [c for c in item if c not in gone]
        elif key == "comment_reasons" and isinstance(item, dict):
            out[key] = {c: why for c, why in item.items() if c not in gone}
        else:
            out[key] = _without_comments(item, gone)
    return out


def _record(store: Store, kind: str, platform: str | None, counts: Mapping[str, int], *,
            settings: Mapping[str, Any] | None = None, subject_keys: Sequence[str] | None = None) -> int:
    table = store.db.table("erasures")
    table.insert({
        "kind": kind,
        "platform": platform,
        "erased_at": now_z("milliseconds"),
        "counts": json.dumps(dict(counts), sort_keys=True),
        "settings": json.dumps(dict(settings), sort_keys=True) if settings else None,
        "subject_keys": json.dumps(sorted(subject_keys)) if subject_keys else None,
    })
    return int(table.last_pk)


# -- retention ------------------------------------------------------------------------------------
def _days(name: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number of days, 0 or more, got {value!r}")
    return value


def apply_retention(store: Store, *, comments_days: int | None, snapshots_days: int | None,
                    now: datetime) -> dict[str, int]:
    """Remove comments older than ``comments_days`` (by ``created_at``, else ``fetched_at``) and snapshots
    older than ``snapshots_days`` (each creator keeps its newest), in one transaction; rows removed.

    ``None`` keeps that kind of row. Recorded as an erasure of kind ``retention`` (with the days
    applied) whenever a policy is given, even when nothing was old enough."""
    comments_days = _days("comments_days", comments_days)
    snapshots_days = _days("snapshots_days", snapshots_days)
    counts = {"comments": 0, "evidence_rows": 0, "snapshots": 0}
    if comments_days is None and snapshots_days is None:
        return counts
    settings: dict[str, Any] = {}
    with store.transaction():
        db = store.db
        if comments_days is not None:
            cutoff = format_z(now - timedelta(days=comments_days))
            settings.update(comments_days=comments_days, comments_before=cutoff)
            old = "julianday(COALESCE(c.created_at, c.fetched_at)) < julianday(?)"
            found = list(db.execute(
                f"SELECT c.platform, c.comment_id, p.creator_id FROM comments c JOIN posts p "
                f"ON p.platform = c.platform AND p.post_id = c.post_id WHERE {old}", [cutoff]))
            by_platform: dict[str, tuple[set[str], set[str]]] = {}
            for platform, comment_id, creator_id in found:
                gone, owners = by_platform.setdefault(platform, (set(), set()))
                gone.add(comment_id)
                owners.add(creator_id)
            for platform, (gone, owners) in by_platform.items():
                counts["evidence_rows"] += _scrub_evidence(store, platform, gone, owners)
            counts["comments"] = db.execute(f"DELETE FROM comments AS c WHERE {old}", [cutoff]).rowcount
        if snapshots_days is not None:
            cutoff = format_z(now - timedelta(days=snapshots_days))
            settings.update(snapshots_days=snapshots_days, snapshots_before=cutoff)
            counts["snapshots"] = db.execute(
                "DELETE FROM creator_snapshots WHERE julianday(observed_at) < julianday(?) AND rowid != "
                "(SELECT s.rowid FROM creator_snapshots s WHERE s.platform = creator_snapshots.platform AND "
                "s.creator_id = creator_snapshots.creator_id ORDER BY s.observed_at DESC, s.crawl_run_id DESC "
                "LIMIT 1)", [cutoff]).rowcount
        _record(store, "retention", None, counts, settings=settings)
    logger.info("Retention applied (%s): %s", settings, counts)
    return counts


# -- crawls ---------------------------------------------------------------------------------------
class ErasurePipeline:
    """Drop what a crawl collects of erased creators (profile, posts, discoveries and the comments
    on those posts) and erased commenters (their comments), by the keyed hashes in ``erasures``.

    Runs after :class:`crawler.pipelines.PseudonymizePipeline` (comments carry their ``author_key``
    by then). Each drop is counted as ``creatorscout/skipped/erased/<kind>`` and logged at debug
    level only (the item names the erased account)."""

    def __init__(self, key: bytes, creators: set[tuple[str, str]], commenters: set[tuple[str, str]],
                 crawler: Crawler | None = None) -> None:
        self.key = key
        self.creators = creators
        self.authors = creators | commenters
        self.crawler = crawler
        self.skipped_posts: set[tuple[str, str]] = set()
        self._hashes: dict[tuple[str, str], bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ErasurePipeline:
        s = crawler.settings
        db_path = resolve_db_path(s.get("CREATORSCOUT_DB"))
        if str(db_path) != ":memory:" and not db_path.exists():
            # A new database (or a process that does not write one): nothing was erased in it.
            return cls(b"", set(), set(), crawler)
        store = Store.open(db_path)
        try:
            erased = erased_subject_keys(store)
        finally:
            store.close()
        key = pseudonym_key(db_path, s.get(KEY_ENV) or "") if erased["creator"] or erased["commenter"] else b""
        return cls(key, erased["creator"], erased["commenter"], crawler)

    def _erased_creator(self, platform: str, creator_id: str) -> bool:
        known = self._hashes.get((platform, creator_id))
        if known is None:
            known = (platform, _subject_key(self.key, platform, creator_id)) in self.creators
            self._hashes[(platform, creator_id)] = known
        return known

    def process_item(self, item: Any) -> Any:
        if not self.authors:
            return item
        if isinstance(item, CreatorItem | PostItem | DiscoveryItem):
            if self._erased_creator(item.platform, item.creator_id):
                if isinstance(item, PostItem):
                    self.skipped_posts.add((item.platform, item.post_id))
                raise self._skip(item)
        elif isinstance(item, CommentItem) and self._erased_comment(item):
            raise self._skip(item)
        return item

    def _erased_comment(self, item: CommentItem) -> bool:
        """On an erased creator's post, or by an erased commenter (or creator)."""
        if (item.platform, item.post_id) in self.skipped_posts:
            return True
        return bool(item.author_key) and (item.platform, item.author_key) in self.authors

    def _skip(self, item: Any) -> Exception:
        from scrapy.exceptions import DropItem

        kind = type(item).__name__.removesuffix("Item").lower()
        if self.crawler is not None:
            self.crawler.stats.inc_value(f"creatorscout/skipped/erased/{kind}")
        return DropItem(f"{kind} of an erased account skipped", log_level="DEBUG")
