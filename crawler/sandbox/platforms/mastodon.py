"""Mastodon's part of the sandbox world: snowflake-like ids, consent opt-outs, statuses, expected requests.

A status id is ``(created_ms << 18) | post_seq`` (comments carry their post's ``seq``), an account
id ``(created_ms << 18) | account_index``, so a lookup needs no index.
"""

from __future__ import annotations

import math
from typing import Any

from crawler.sandbox.platforms.base import PlatformModel, walk_listing
from crawler.sandbox.world import ID_BITS, ID_MASK, Comment, Creator, Persona, Post, World

__all__ = [
    "CONSENT_PLANTS",
    "MastodonModel",
    "creator_statuses",
    "status",
    "statuses_summary",
]

CONSENT_PLANTS = ("discoverable_false", "indexable_false", "noindex_true", "nobot_in_bio")
"""What the ``opt_out`` quota plants, in turn. ``indexable_false`` (discoverable, but not to be found
by search) is no opt-out: ``discoverable`` is the consent that counts for discovery, so that
creator is ``clean`` with ``indexable=False``, is expected in a crawl, and its posts are never shown
in a delivery."""


def status(world: World, status_id: str) -> tuple[Post, Comment | None] | None:
    """Resolve a status id to ``(post, None)`` or ``(post, comment)``."""
    try:
        seq = int(status_id) & ID_MASK
    except ValueError:
        return None
    if seq >= len(world.posts):
        return None
    post = world.posts[seq]
    if post.platform != "mastodon" or post.epoch > world.epoch:
        return None
    if post.post_id == status_id:
        return post, None
    for comment in world.comments(post):
        if comment.comment_id == status_id:
            return post, comment
    return None


def creator_statuses(
    world: World, creator: Creator, *, exclude_reblogs: bool = False, exclude_replies: bool = False
) -> list[tuple[int, Post, Comment | None]]:
    """A creator's statuses as ``(id, post, comment)``, newest first."""
    key = f"statuses:{creator.index}:{exclude_reblogs}:{exclude_replies}"
    if key in world.index_cache:
        return world.index_cache[key]  # only lists without comments are cached (memory)
    out: list[tuple[int, Post, Comment | None]] = []
    for post in world.creator_posts(creator):
        if post.reblog_of is not None and exclude_reblogs:
            continue
        out.append((int(post.post_id), post, None))
        if not exclude_replies and post.reblog_of is None:
            out.extend((int(c.comment_id), post, c) for c in world.comments(post) if c.author == creator.index)
    out.sort(key=lambda t: t[0], reverse=True)
    if exclude_replies:
        world.index_cache[key] = out
    return out


def statuses_summary(world: World, creator: Creator) -> tuple[int, int | None]:
    """``(statuses_count, last status ms)`` of a creator without generating all comments."""
    posts = world.creator_posts(creator)
    count = len(posts) + sum(p.n_creator_replies for p in posts)
    if not posts:
        return 0, None
    last = posts[0].created_ms
    for post in [p for p in posts if p.reblog_of is None][:3]:
        for c in world.comments(post):
            if c.author == creator.index:
                last = max(last, c.created_ms)
    return count, last


class MastodonModel(PlatformModel):
    key = "mastodon"
    federated = True
    reposts = True

    def assign_ids(self, world: World, acct: Creator | Persona) -> None:
        acct.mastodon_id = str((acct.created_ms << ID_BITS) | acct.index)

    def account_id(self, world: World, acct: Creator | Persona) -> str:
        return acct.mastodon_id

    def account_by_id(self, world: World, native_id: str) -> Creator | Persona | None:
        try:
            value = int(native_id)
        except ValueError:
            return None
        acct = self.account_at(world, value & ID_MASK)
        return acct if acct is not None and acct.mastodon_id == native_id else None

    def post_id(self, world: World, seq: int, created_ms: int, creator: Creator, *, repost: bool = False) -> str:
        return str((created_ms << ID_BITS) | seq)

    def post_seq(self, world: World, post_id: str) -> int | None:
        return int(post_id) & ID_MASK if post_id.isdigit() else None

    def comment_id(
        self, world: World, post: Post, ms: int, pos: int, parent: int | None, root: int | None,
        top_count: int, comments: list[Comment], author: int,
    ) -> str:
        return str((ms << ID_BITS) | post.seq)

    def plant_opt_out(self, world: World, kinds: set[str]) -> tuple[str | None, bool]:
        # Cycle through the consent settings so that every one of them is planted.
        planted = sum(
            1 for c in world.creators if c.platform == self.key and (c.opt_out_reason or not c.indexable)
        )
        setting = CONSENT_PLANTS[planted % len(CONSENT_PLANTS)]
        if setting == "indexable_false":  # no opt-out: nothing else planted, so a clean creator
            kinds.discard("opt_out")
            kinds.add("clean")
            return None, False
        return setting, True

    def acct(self, world: World, creator: Creator) -> str:
        return f"{creator.handle}@{creator.remote_domain}" if creator.remote_domain else creator.handle

    def statuses_count(self, world: World, creator: Creator) -> int | None:
        return statuses_summary(world, creator)[0]

    def expected_min_requests(
        self,
        world: World,
        tags: list[str],
        *,
        max_creators: int | None = None,
        max_posts: int | None = None,
        max_comments: int | None = None,
        tag_page_size: int = 40,
        statuses_page_size: int = 40,
        **_: Any,
    ) -> dict[str, Any]:
        """Tag timeline pages (newest first, until ``max_creators`` eligible creators are seen), one
        account fetch per eligible creator (opt-outs are recognisable from the account embedded in
        statuses and are skipped), ``exclude_reblogs&exclude_replies`` statuses pages for the newest
        ``max_posts`` posts, one context fetch per such post with ``replies_count > 0``."""
        listing = walk_listing(world, self.key, tags, tag_page_size, max_creators)
        statuses_pages = context = posts = 0
        for creator in listing.creators:
            own = list(creator_statuses(world, creator, exclude_reblogs=True, exclude_replies=True))
            if max_posts is not None:
                own = own[:max_posts]
            statuses_pages += max(1, math.ceil(len(own) / statuses_page_size))
            posts += len(own)
            context += sum(1 for _, p, _ in own if world.comment_counts(p)[0] > 0)
        result: dict[str, Any] = {"platform": self.key, "hashtags": tags, "creators": len(listing.creators)}
        result.update(
            {
                "tag_timeline_pages": listing.pages,
                "tag_timeline_pages_by_tag": listing.pages_by_tag,
                "account_fetches": len(listing.creators),
                "statuses_pages": statuses_pages,
                "posts": posts,
                "context_fetches": context,
            }
        )
        result["total"] = result["tag_timeline_pages"] + result["account_fetches"] + statuses_pages + context
        return result
