"""Bluesky's part of the sandbox world: DIDs, TID record keys, at-uris, the opt-out self-label,
reposts, replies a crawl cannot collect, and the requests a complete crawl needs.

Ids encode where they live, so lookups need no index:

- an account's DID is ``did:plc:`` + 24 lower-case base32 characters that pack its account index
  (:func:`crawler.sandbox.world.pack_id` with ``encoding="base32"``);
- a record key is a 13-character TID (base32-sortable, as the AT Protocol's) whose microseconds
  are the record's time plus ``seq >> 10`` and whose clock id is ``seq & 1023``: a post's at-uri
  ``at://<did>/app.bsky.feed.post/<tid>`` leads to its ``seq``; a reply carries its post's ``seq``
  and is found among the post's comments by its time, a repost lives in ``app.bsky.feed.repost``.

The opt-out is the account's self-label ``!no-unauthenticated``. A few posts (``hidden_extra``)
get direct replies that show in the thread as ``notFoundPost`` (deleted) or ``blockedPost`` (by an
account that blocks the viewer): counted in ``replyCount``, never collectable.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crawler.sandbox.platforms import base
from crawler.sandbox.platforms.base import PlatformModel, walk_listing
from crawler.sandbox.world import Comment, Creator, Persona, Post, World, pack_id, unpack_id

__all__ = [
    "FEED_FILTERS",
    "HANDLE_SUFFIX",
    "OPT_OUT_LABEL",
    "OPT_OUT_REASON",
    "POST_COLLECTION",
    "REPOST_COLLECTION",
    "BlueskyModel",
    "FeedItem",
    "Unavailable",
    "account_by_handle",
    "at_uri",
    "blocker_did",
    "cid_of",
    "creator_feed",
    "did_of",
    "handle_of",
    "parse_at_uri",
    "parse_tid",
    "posts_count",
    "repost_count",
    "resolve",
    "tid",
    "unavailable_replies",
]

OPT_OUT_REASON = "no_unauthenticated"
"""The ground truth's ``opt_out_reason`` of a Bluesky creator who set the self-label below."""
OPT_OUT_LABEL = "!no-unauthenticated"
"""The self-label asking apps not to show the account to logged-out viewers: no crawl either."""
HANDLE_SUFFIX = ".bsky.social"
POST_COLLECTION = "app.bsky.feed.post"
REPOST_COLLECTION = "app.bsky.feed.repost"
FEED_FILTERS = ("posts_with_replies", "posts_no_replies", "posts_with_media", "posts_and_author_threads",
                "posts_with_video")
_S32 = "234567abcdefghijklmnopqrstuvwxyz"
_S32_VALUE = {ch: i for i, ch in enumerate(_S32)}
_CID_PREFIX = bytes((0x01, 0x71, 0x12, 0x20))  # CIDv1, dag-cbor, sha2-256, 32 bytes


# -- ids -------------------------------------------------------------------------------------------


@lru_cache(maxsize=262_144)
def did_of(seed: int, index: int) -> str:
    """The DID of account ``index`` (creator or persona)."""
    return "did:plc:" + pack_id(seed, "did", index, value_bytes=4, hash_bytes=11, encoding="base32")


def _index_of_did(seed: int, did: str) -> int | None:
    if not did.startswith("did:plc:") or len(did) != 32:
        return None
    return unpack_id(seed, "did", did[8:], value_bytes=4, hash_bytes=11, encoding="base32")


def blocker_did(seed: int, k: int) -> str:
    """The DID of an account outside the world that blocks the viewer (it only writes blocked replies)."""
    return "did:plc:" + pack_id(seed, "blocker", k, value_bytes=4, hash_bytes=11, encoding="base32")


def handle_of(name: str) -> str:
    """A valid ``*.bsky.social`` handle for a world handle (``green_bowls`` -> ``green-bowls.bsky.social``)."""
    segments = []
    for raw in name.lower().split("."):
        segment = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else "-" for ch in raw).strip("-")
        if segment:
            segments.append(segment[:63])
    return ".".join(segments or ["user"]) + HANDLE_SUFFIX


def tid(ms: int, seq: int) -> str:
    """A 13-character TID for a record made at ``ms`` that belongs to post ``seq``."""
    value = ((ms * 1000 + (seq >> 10)) << 10) | (seq & 1023)
    out = []
    for _ in range(13):
        out.append(_S32[value & 31])
        value >>= 5
    return "".join(reversed(out))


def parse_tid(rkey: str) -> tuple[int, int] | None:
    """``(ms, seq)`` of a TID made by :func:`tid`, or None."""
    if len(rkey) != 13 or any(ch not in _S32_VALUE for ch in rkey):
        return None
    value = 0
    for ch in rkey:
        value = (value << 5) | _S32_VALUE[ch]
    if value >> 63:
        return None
    micros, clock = value >> 10, value & 1023
    ms, high = divmod(micros, 1000)
    return ms, (high << 10) | clock


def at_uri(did: str, collection: str, rkey: str) -> str:
    return f"at://{did}/{collection}/{rkey}"


def parse_at_uri(uri: str) -> tuple[str, str, str] | None:
    """``(did, collection, rkey)`` of ``at://did/collection/rkey``, or None."""
    if not uri.startswith("at://"):
        return None
    parts = uri[5:].split("/")
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def cid_of(*parts: object) -> str:
    """A CIDv1 (dag-cbor, sha2-256) in base32, ``bafyrei...``, for the record made of ``parts``."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return "b" + base64.b32encode(_CID_PREFIX + digest).rstrip(b"=").decode("ascii").lower()


# -- lookups ---------------------------------------------------------------------------------------


def account_by_handle(world: World, handle: str) -> Creator | Persona | None:
    """The account with this handle (Bluesky creators first, then everyone else), or None."""
    return base.account_by_handle(world, "bluesky", handle, handle_of)


def resolve(world: World, uri: str) -> tuple[Post, Comment | None] | None:
    """The visible original post (``(post, None)``) or reply (``(post, comment)``) at ``uri``."""
    parsed = parse_at_uri(uri)
    if parsed is None or parsed[1] != POST_COLLECTION:
        return None
    decoded = parse_tid(parsed[2])
    if decoded is None:
        return None
    ms, seq = decoded
    if seq >= len(world.posts):
        return None
    post = world.posts[seq]
    if post.platform != "bluesky" or post.epoch > world.epoch or post.reblog_of is not None:
        return None
    if post.post_id == uri:
        return post, None
    for comment in world.comments(post):
        if comment.created_ms == ms and comment.comment_id == uri:
            return post, comment
    return None


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A direct reply the thread shows as a stub: ``deleted`` (notFoundPost) or ``blocked`` (blockedPost)."""

    uri: str
    reason: str
    did: str
    created_ms: int


def unavailable_replies(world: World, post: Post) -> list[Unavailable]:
    """The post's direct replies that no crawl can collect (``post.hidden_extra`` of them), oldest first."""
    if post.platform != "bluesky" or post.reblog_of is not None or not post.hidden_extra:
        return []
    key = f"bluesky:unavailable:{post.seq}"
    cached = world.index_cache.get(key)
    if cached is not None:
        return cached
    rng = random.Random(f"{world.seed}:unavailable:{post.seq}")
    creator = world.creators[post.creator]
    taken = {c.created_ms for c in world.comments(post)}  # record keys stay unique per author
    first = rng.randrange(2)
    out = []
    for k in range(post.hidden_extra):
        reason = ("deleted", "blocked")[(first + k) % 2]
        span = max(120_000, post.horizon_ms - post.created_ms)
        ms = min(post.created_ms + rng.randrange(60_000, span), post.horizon_ms)
        while ms in taken:
            ms += 1
        taken.add(ms)
        if reason == "deleted":  # a fan who wrote and deleted it
            fan0, size = creator.audience
            author = len(world.creators) + world.n_brands + (fan0 + rng.randrange(size)) % world.n_fans
            did = did_of(world.seed, author)
        else:
            did = blocker_did(world.seed, rng.randrange(1 << 20))
        out.append(Unavailable(at_uri(did, POST_COLLECTION, tid(ms, post.seq)), reason, did, ms))
    out.sort(key=lambda u: u.created_ms)
    world.index_cache[key] = out
    return out


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of an author feed: an original post, a repost (``post.reblog_of``) or the author's reply."""

    sort_ms: int
    post: Post
    comment: Comment | None = None


def creator_feed(world: World, creator: Creator, feed_filter: str = "posts_with_replies") -> list[FeedItem]:
    """The creator's author feed under ``feed_filter``, newest first (reposts by their own time)."""
    key = f"bluesky:feed:{creator.index}:{feed_filter}"
    cached = world.index_cache.get(key)
    if cached is not None:
        return cached
    items: list[FeedItem] = []
    for post in world.creator_posts(creator):
        if post.reblog_of is not None:
            if feed_filter not in ("posts_with_media", "posts_with_video"):
                items.append(FeedItem(post.created_ms, post))
            continue
        if feed_filter == "posts_with_video" or (feed_filter == "posts_with_media" and not post.has_media):
            continue
        items.append(FeedItem(post.created_ms, post))
        if feed_filter == "posts_with_replies":
            items += [FeedItem(c.created_ms, post, c) for c in world.comments(post) if c.author == creator.index]
    items.sort(key=lambda i: (i.sort_ms, i.post.seq, i.comment.index if i.comment else -1), reverse=True)
    if feed_filter != "posts_with_replies":  # lists with replies hold comments: not kept (memory)
        world.index_cache[key] = items
    return items


def repost_count(world: World, post: Post) -> int:
    """Reposts of ``post``: by people outside the world plus the world's creators who reposted it."""
    index = world.index_cache.get("bluesky:reposts")
    if index is None:
        index = {}
        for p in world.visible_posts("bluesky"):
            if p.reblog_of is not None:
                index[p.reblog_of] = index.get(p.reblog_of, 0) + 1
        world.index_cache["bluesky:reposts"] = index
    return post.reblogs_count + index.get(post.seq, 0)


def posts_count(world: World, creator: Creator) -> int:
    """Post records of a creator: originals and its replies (reposts are records of another kind)."""
    return sum(1 + p.n_creator_replies for p in world.creator_posts(creator) if p.reblog_of is None)


# -- the model -------------------------------------------------------------------------------------


class BlueskyModel(PlatformModel):
    key = "bluesky"
    reposts = True
    count_mismatch_rate = 0.08  # posts with deleted or blocked replies in their thread

    def account_id(self, world: World, acct: Creator | Persona) -> str:
        return did_of(world.seed, acct.index)

    def account_by_id(self, world: World, native_id: str) -> Creator | Persona | None:
        return self.account_at(world, _index_of_did(world.seed, native_id))

    def post_id(self, world: World, seq: int, created_ms: int, creator: Creator, *, repost: bool = False) -> str:
        collection = REPOST_COLLECTION if repost else POST_COLLECTION
        return at_uri(did_of(world.seed, creator.index), collection, tid(created_ms, seq))

    def post_seq(self, world: World, post_id: str) -> int | None:
        parsed = parse_at_uri(post_id)
        if parsed is None or parsed[1] not in (POST_COLLECTION, REPOST_COLLECTION):
            return None
        decoded = parse_tid(parsed[2])
        return None if decoded is None else decoded[1]

    def comment_id(
        self, world: World, post: Post, ms: int, pos: int, parent: int | None, root: int | None,
        top_count: int, comments: list[Comment], author: int,
    ) -> str:
        return at_uri(did_of(world.seed, author), POST_COLLECTION, tid(ms, post.seq))

    def plant_opt_out(self, world: World, kinds: set[str]) -> tuple[str | None, bool]:
        return OPT_OUT_REASON, True

    def repost_time(self, world: World, creator: Creator, created_ms: int) -> int:
        # Author feeds page by time: no two entries of one feed share a millisecond.
        taken = {world.posts[s].created_ms for s in creator.post_seqs}
        while created_ms in taken:
            created_ms += 1
        return created_ms

    def handle(self, world: World, creator: Creator) -> str:
        return handle_of(creator.handle)

    def acct(self, world: World, creator: Creator) -> str:
        return handle_of(creator.handle)

    def post_record_extra(self, world: World, post: Post) -> dict[str, Any]:
        return {
            "unavailable_replies": [{"uri": u.uri, "reason": u.reason} for u in unavailable_replies(world, post)]
        }

    def expected_min_requests(
        self,
        world: World,
        tags: list[str],
        *,
        max_creators: int | None = None,
        max_posts: int | None = None,
        max_comments: int | None = None,
        search_page_size: int = 100,
        profiles_batch_size: int = 25,
        feed_page_size: int = 100,
        **_: Any,
    ) -> dict[str, Any]:
        """One ``createSession``, ``searchPosts`` pages per tag (newest first, until ``max_creators``
        eligible creators are seen; opt-outs show their self-label on the post's author and are
        skipped), ``getProfiles`` in batches of 25, ``getAuthorFeed`` pages (``posts_no_replies``)
        until ``max_posts`` original posts are seen, one ``getPostThread`` per such post with
        ``replyCount > 0`` (a thread holds every reply, all depths: ``max_comments`` has no effect)."""
        listing = walk_listing(world, self.key, tags, search_page_size, max_creators)
        feed_pages = posts = threads = 0
        for creator in listing.creators:
            feed = creator_feed(world, creator, "posts_no_replies")
            originals = [k for k, item in enumerate(feed) if item.post.reblog_of is None]
            needed = len(feed)
            if max_posts is not None and len(originals) >= max_posts:
                needed = originals[max_posts - 1] + 1 if max_posts > 0 else 0
                originals = originals[:max_posts]
            feed_pages += max(1, math.ceil(needed / feed_page_size))
            posts += len(originals)
            threads += sum(1 for k in originals if world.comment_counts(feed[k].post)[0] > 0)
        result: dict[str, Any] = {"platform": self.key, "hashtags": tags, "creators": len(listing.creators)}
        result.update(
            {
                "create_session": 1,
                "search_pages": listing.pages,
                "search_pages_by_tag": listing.pages_by_tag,
                "get_profiles_requests": math.ceil(len(listing.creators) / profiles_batch_size),
                "author_feed_pages": feed_pages,
                "posts": posts,
                "post_thread_fetches": threads,
            }
        )
        result["total"] = 1 + listing.pages + result["get_profiles_requests"] + feed_pages + threads
        return result
