"""What a platform adds to the shared sandbox world: the base of the per-platform models.

The world (:mod:`crawler.sandbox.world`) generates creators, posts and comments the same way on
every platform. A :class:`PlatformModel` supplies the rest: native ids and their lookup, the few
generation traits that only some platforms have (federated accounts, disabled comments, titles,
reposts), the platform's parts of the ground-truth records and the fewest requests a complete
crawl needs (:meth:`PlatformModel.expected_min_requests`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.sandbox.world import Comment, Creator, Persona, Post, World

__all__ = ["Listing", "PlatformModel", "account_by_handle", "walk_listing"]


@dataclass
class Listing:
    """What a crawl finds by paging through a hashtag listing (tag timeline or search)."""

    creators: list[Creator] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    pages_by_tag: dict[str, int] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(self.pages_by_tag.values())


def walk_listing(
    world: World, platform: str, tags: Sequence[str], page_size: int, max_creators: int | None
) -> Listing:
    """Page through each tag's listing (newest first) until ``max_creators`` eligible creators are seen.

    Opted-out creators are recognisable from the listing itself and are skipped.
    """
    found = Listing()
    for tag in tags:
        hits = world.tagged_posts(platform, tag)
        pages = 0
        for start in range(0, max(len(hits), 1), page_size):
            if max_creators is not None and len(found.creators) >= max_creators:
                break
            pages += 1
            for post in hits[start : start + page_size]:
                found.posts.append(post)
                creator = world.creators[post.creator]
                if creator.index in found.seen or creator.opt_out_reason is not None:
                    continue
                if max_creators is not None and len(found.creators) >= max_creators:
                    continue
                found.seen.add(creator.index)
                found.creators.append(creator)
        found.pages_by_tag[tag] = pages
    return found


def account_by_handle(world: World, platform: str, handle: str,
                      normalize: Callable[[str], str]) -> Creator | Persona | None:
    """The account holding ``handle`` on ``platform`` (its creators first, then every other account,
    whose handles ``normalize`` turns into that platform's form), or None. The indexes are built
    once per world (``world.index_cache``); the personas' one on demand, as it generates them all."""
    wanted = handle.lower().lstrip("@")
    index = world.index_cache.get(f"{platform}:handles")
    if index is None:
        index = {}
        for creator in world.creators:
            if creator.platform == platform:
                index.setdefault(normalize(creator.handle), creator.index)
        world.index_cache[f"{platform}:handles"] = index
    if wanted in index:
        return world.account(index[wanted])
    personas = world.index_cache.get(f"{platform}:persona_handles")
    if personas is None:
        personas = {}
        for i in range(len(world.creators), world.n_accounts):
            personas.setdefault(normalize(world.account(i).handle), i)
        world.index_cache[f"{platform}:persona_handles"] = personas
    return world.account(personas[wanted]) if wanted in personas else None


class PlatformModel:
    """One platform's part of the world; subclasses set the traits and implement the ids.

    Generation traits (class attributes) only switch draws on or off, in the order the world has
    always drawn them, so that a seed keeps giving the same world.
    """

    key = ""
    federated = False  # accounts may live on other instances (``remote_domain``)
    comments_can_be_disabled = False  # a share of some creators' posts has comments turned off
    has_titles = False  # posts carry a title besides their text (videos)
    lookalike_dots = False  # look-alike handles may swap ``_`` for ``.``
    reply_mentions_in_text = False  # a reply to a commenter may start with ``@handle`` in its text
    reposts = False  # creators repost other creators' posts of the same platform
    count_mismatch_rate = 0.03  # share of posts whose reported comment count exceeds what is collectable
    comments_collectable = True  # False: comments are counted on posts but no crawl can read them

    # -- ids ---------------------------------------------------------------------------------

    def assign_ids(self, world: World, acct: Creator | Persona) -> None:
        """Set the native ids this platform stores on every account (none by default)."""

    def account_id(self, world: World, acct: Creator | Persona) -> str:
        """The account's native id on this platform."""
        raise NotImplementedError

    def account_at(self, world: World, index: int | None) -> Creator | Persona | None:
        """The account at ``index`` when it exists and is no creator of another platform, or None."""
        if index is None:
            return None
        try:
            acct = world.account(index)
        except KeyError:
            return None
        return None if getattr(acct, "platform", self.key) != self.key else acct  # personas have no platform

    def account_by_id(self, world: World, native_id: str) -> Creator | Persona | None:
        """The account with this native id, or None (creators of other platforms included)."""
        raise NotImplementedError

    def post_id(self, world: World, seq: int, created_ms: int, creator: Creator, *, repost: bool = False) -> str:
        """The native id of post ``seq`` (an original or a repost)."""
        raise NotImplementedError

    def post_seq(self, world: World, post_id: str) -> int | None:
        """The ``seq`` a native post id encodes, or None (:meth:`World.post_by_id` checks the rest)."""
        raise NotImplementedError

    def comment_id(
        self, world: World, post: Post, ms: int, pos: int, parent: int | None, root: int | None,
        top_count: int, comments: list[Comment], author: int,
    ) -> str:
        """The native id of the comment at position ``pos`` of ``post`` (``comments`` precede it)."""
        raise NotImplementedError

    # -- generation --------------------------------------------------------------------------

    def plant_opt_out(self, world: World, kinds: set[str]) -> tuple[str | None, bool]:
        """``(opt_out_reason, indexable)`` for a creator planted with ``opt_out`` (may edit ``kinds``)."""
        raise NotImplementedError(f"{self.key} has no opt-out")

    def comment_budget(self, world: World, creator: Creator, budget: list[int]) -> list[int]:
        """The comments each of ``creator``'s posts gets (oldest first); the drawn split by default."""
        return budget

    def engagement(self, rng: random.Random, eng: float, view_count: int, n_top: int) -> tuple[int, int]:
        """``(like_count, reposts)`` of a post with ``eng`` expected interactions."""
        reposts = round(eng * rng.uniform(0.05, 0.2))
        return max(0, round(eng) - reposts - n_top), reposts

    def decorate_caption(self, world: World, creator: Creator, seq: int, text: str) -> str:
        """The caption of post ``seq`` as this platform shows it (unchanged by default; draws no randomness)."""
        return text

    def repost_time(self, world: World, creator: Creator, created_ms: int) -> int:
        """When a repost by ``creator`` planned at ``created_ms`` is dated."""
        return created_ms

    # -- ground truth ------------------------------------------------------------------------

    def handle(self, world: World, creator: Creator) -> str:
        return creator.handle

    def acct(self, world: World, creator: Creator) -> str:
        return creator.handle

    def statuses_count(self, world: World, creator: Creator) -> int | None:
        return None

    def reported_like_count(self, world: World, post: Post) -> int | None:
        return post.like_count

    def view_count(self, post: Post) -> int | None:
        return None

    def creator_record_extra(self, world: World, creator: Creator) -> dict[str, Any]:
        """Platform-only keys appended to a creator's ground-truth record."""
        return {}

    def post_record_extra(self, world: World, post: Post) -> dict[str, Any]:
        """Platform-only keys appended to a post's ground-truth record."""
        return {}

    def truth_extra(self, world: World) -> dict[str, Any]:
        """The platform's own section of the ground truth (``truth[platform]``; none by default)."""
        return {}

    def expected_min_requests(self, world: World, tags: list[str], **limits: Any) -> dict[str, Any]:
        """The fewest requests a correct crawl of ``tags`` needs, by endpoint (``total`` included)."""
        raise NotImplementedError
