"""Instagram's part of the sandbox world: numeric ids, caption @mentions, hidden likes, hashtag listings,
the discovery walk a crawl makes through them and the requests it needs.

Hashtag media carry no author, so a crawl finds creators only through the @mentions in their captions
(collabs, photo credits, brands) and confirms each by Business Discovery, which answers for
professional (Business/Creator) accounts only. The world plants such mentions in a share of the
captions of Instagram posts (:meth:`InstagramModel.decorate_caption`): of other Instagram creators, of
personal accounts (the world's fans) and of handles nobody holds. Brands keep no Instagram account
under the handle their sponsored captions mention, so they are "not found" like unknown handles.

Ids are digits, like the Graph API's, and encode where they live (a keyed hash guards each):

- an account id is ``178414`` + 4 hash digits (1000-9999) + the account index in 7 digits;
- a media id is ``18`` + 7 hash digits + the post's ``seq`` in 9 digits;
- a hashtag id is ``17843`` + 12 hash digits of the tag (looked up among the tags of the world's posts).

Listings of a hashtag: ``recent_media`` serves the tagged posts of the last :data:`RECENT_DAYS` days of
world time, newest first; ``top_media`` the :data:`TOP_MEDIA_COUNT` most-liked tagged posts (by their
true count, hidden or not), most liked first. Hidden likes: :data:`HIDE_ALL_SHARE` of the creators hide
the like count of every post, the others of a post now and then (:data:`HIDE_POST_SHARE`).

The discovery walk (:func:`walk`) is the order the contract asks a crawl to follow, so that
``--max-creators`` truncates deterministically:

1. seed handles first, in the order given (every confirmed one is kept, whatever ``max_creators``);
2. then for each hashtag in the order given: one ``ig_hashtag_search`` (made for every hashtag, also
   once ``max_creators`` are confirmed), then the pages of ``recent_media``, then the pages of
   ``top_media`` (``limit`` 50), each page asked with the ``after`` cursor of the one before;
3. on each page, the media in page order and in each caption the @mentions in text order; a handle
   (lower case) is a candidate the first time it appears (seeds included) and gets exactly one
   Business Discovery request, made for every new candidate of a fetched page;
4. a confirmed candidate becomes a creator while fewer than ``max_creators`` came from hashtags;
   once ``max_creators`` are confirmed, no further listing page is fetched (the crawl waits for the
   Business Discovery answers of a page before it asks for the next one);
5. per creator, its media pages: the first comes with the Business Discovery answer
   (``media.limit(N)``), each further one (``media.after(C).limit(N)``) until ``max_posts`` media or
   the last page.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import re
from dataclasses import dataclass, field
from typing import Any

from crawler.sandbox.platforms import base
from crawler.sandbox.platforms.base import PlatformModel
from crawler.sandbox.world import DAY_MS, Comment, Creator, Persona, Post, World

__all__ = [
    "HIDE_ALL_SHARE",
    "HIDE_POST_SHARE",
    "LISTINGS",
    "MENTION_RE",
    "NOT_FOUND",
    "RECENT_DAYS",
    "TOP_MEDIA_COUNT",
    "Candidate",
    "InstagramModel",
    "Walk",
    "account_by_handle",
    "account_id",
    "hashtag_by_id",
    "hashtag_id",
    "instagram_handle",
    "likes_hidden",
    "listing",
    "media_id",
    "media_product_type",
    "media_type",
    "mentions",
    "permalink",
    "walk",
]

RECENT_DAYS = 30
"""``recent_media`` serves the tagged posts of the last this many days of world time."""
TOP_MEDIA_COUNT = 100
"""``top_media`` serves this many most-liked tagged posts."""
LISTINGS = ("recent_media", "top_media")
"""A hashtag's listings, in the order a crawl walks them."""
MENTION_RE = re.compile(r"(?<!\w)@([A-Za-z0-9._]{1,30})")
"""An Instagram @mention in a caption (the contract's regex; trailing dots are stripped)."""
NOT_FOUND = "not_found_or_not_professional"
"""The skip reason of a handle Business Discovery does not answer for (unknown or personal: the API
does not tell them apart)."""
MENTION_SHARE = 0.4  # captions of Instagram posts that @mention someone
HIDE_ALL_SHARE = 0.12  # creators who hide the like count of every post
HIDE_POST_SHARE = 0.05  # posts of other creators with a hidden like count
_MENTION_FORMS = (
    "📷 @{h}",
    "with @{h}",
    "collab with @{h} 💚",
    "outfit by @{h}",
    "recipe inspired by @{h}",
    "thanks @{h} for the photos!",
    "mit @{h} gekocht",
    "Foto: @{h}",
)
_UNKNOWN_WORDS = ("veggie", "kitchen", "pantry", "greens", "brunch", "sprout", "oat", "lentil", "spice", "bowl")
_MEDIA_TYPES = (("IMAGE", 0.55), ("CAROUSEL_ALBUM", 0.25), ("VIDEO", 0.20))


def _hash_int(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest(), "big")


# -- ids -------------------------------------------------------------------------------------------


def account_id(seed: int, index: int) -> str:
    """The Instagram user id of account ``index`` (17 digits)."""
    return f"178414{1000 + _hash_int(seed, 'igacct', index) % 9000:04d}{index:07d}"


def _account_index(seed: int, native_id: str) -> int | None:
    if len(native_id) != 17 or not native_id.isdigit() or not native_id.startswith("178414"):
        return None
    index = int(native_id[10:])
    return index if account_id(seed, index) == native_id else None


def media_id(seed: int, seq: int) -> str:
    """The media id of post ``seq`` (18 digits)."""
    return f"18{_hash_int(seed, 'igmedia', seq) % 10_000_000:07d}{seq:09d}"


def _media_seq(seed: int, native_id: str) -> int | None:
    if len(native_id) != 18 or not native_id.isdigit():
        return None
    seq = int(native_id[9:])
    return seq if media_id(seed, seq) == native_id else None


def hashtag_id(seed: int, tag: str) -> str:
    """The hashtag id of ``tag`` (17 digits)."""
    return f"17843{_hash_int(seed, 'ighashtag', tag.lower()) % 10**12:012d}"


def hashtag_by_id(world: World, native_id: str) -> str | None:
    """The tag of a hashtag id, among the tags the world's Instagram posts carry (and its crawled tags)."""
    index = world.index_cache.get("instagram:hashtag_ids")
    if index is None:
        tags = set(world.hashtags)
        for post in world.visible_posts("instagram"):
            tags.update(post.hashtags)
        index = {hashtag_id(world.seed, tag): tag for tag in sorted(tags)}
        world.index_cache["instagram:hashtag_ids"] = index
    return index.get(native_id)


def _shortcode(seed: int, seq: int) -> str:
    raw = hashlib.blake2b(f"{seed}:igshort:{seq}".encode(), digest_size=8).digest()
    return base64.urlsafe_b64encode(raw).decode("ascii")[:11]


def media_type(world: World, post: Post) -> str:
    """``IMAGE``, ``CAROUSEL_ALBUM`` or ``VIDEO`` (from a hash of the post: draws no randomness)."""
    x = _hash_int(world.seed, "igtype", post.seq) % 1000 / 1000
    for name, share in _MEDIA_TYPES:
        if x < share:
            return name
        x -= share
    return _MEDIA_TYPES[-1][0]


def media_product_type(world: World, post: Post) -> str:
    """``REELS`` for videos, ``FEED`` otherwise."""
    return "REELS" if media_type(world, post) == "VIDEO" else "FEED"


def permalink(world: World, post: Post) -> str:
    kind = "reel" if media_product_type(world, post) == "REELS" else "p"
    return f"https://www.instagram.com/{kind}/{_shortcode(world.seed, post.seq)}/"


def likes_hidden(world: World, post: Post) -> bool:
    """Whether the post hides its like count (the API then leaves ``like_count`` out)."""
    if _hash_int(world.seed, "ighideall", post.creator) % 1000 < HIDE_ALL_SHARE * 1000:
        return True
    return _hash_int(world.seed, "ighide", post.seq) % 1000 < HIDE_POST_SHARE * 1000


# -- handles ---------------------------------------------------------------------------------------


def instagram_handle(handle: str) -> str:
    """A world handle as an Instagram username: lower case, ``[a-z0-9._]``, at most 30 characters."""
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._") else "_" for ch in handle.lower())
    return cleaned[:30].rstrip(".") or "user"


def mentions(text: str) -> list[str]:
    """The @mentioned handles of a caption, lower case, in text order, each once."""
    seen: dict[str, None] = {}
    for match in MENTION_RE.finditer(text):
        name = match.group(1).rstrip(".").lower()
        if name:
            seen.setdefault(name, None)
    return list(seen)


def account_by_handle(world: World, handle: str) -> Creator | Persona | None:
    """The account holding this Instagram username (Instagram creators first, then personas), or None.

    Creators of other platforms hold no Instagram account.
    """
    return base.account_by_handle(world, "instagram", handle, instagram_handle)


def professional(world: World, handle: str) -> Creator | None:
    """The Instagram creator Business Discovery answers for under ``handle``, or None (unknown or personal)."""
    acct = account_by_handle(world, handle)
    return acct if isinstance(acct, Creator) and acct.platform == "instagram" else None


# -- listings and the discovery walk ---------------------------------------------------------------


def listing(world: World, tag: str, which: str) -> list[Post]:
    """The media of a hashtag's ``recent_media`` or ``top_media`` listing, in the order they are served."""
    if which not in LISTINGS:
        raise ValueError(f"unknown listing {which!r}: use one of {LISTINGS}")
    key = f"instagram:{which}:{tag.lower()}"
    cached = world.index_cache.get(key)
    if cached is not None:
        return cached
    tagged = world.tagged_posts("instagram", tag)
    if which == "recent_media":
        since = world.now_ms - RECENT_DAYS * DAY_MS
        posts = [p for p in tagged if p.created_ms >= since]
    else:
        posts = sorted(tagged, key=lambda p: (p.like_count, p.created_ms, p.seq), reverse=True)[:TOP_MEDIA_COUNT]
    world.index_cache[key] = posts
    return posts


@dataclass
class Candidate:
    """A handle a crawl looks up by Business Discovery, and where it first saw it."""

    handle: str
    source: str  # "seed" or "caption_mention"
    hashtag: str | None = None
    listing: str | None = None
    post_id: str | None = None  # the hashtag media whose caption mentions it
    creator: Creator | None = None  # the professional account, or None (skipped)
    kept: bool = False  # stored as a creator (False: skipped, or confirmed past max_creators)

    def record(self) -> dict[str, Any]:
        return {
            "handle": self.handle,
            "source": self.source,
            "hashtag": self.hashtag,
            "listing": self.listing,
            "post_id": self.post_id,
            "status": "professional" if self.creator is not None else NOT_FOUND,
            "creator_id": self.creator.native_id if self.creator is not None else None,
            "kept": self.kept,
        }


@dataclass
class Walk:
    """What a crawl following the contract's plan finds and fetches."""

    candidates: list[Candidate] = field(default_factory=list)
    pages: dict[str, dict[str, int]] = field(default_factory=dict)  # tag -> listing -> pages fetched
    searches: int = 0

    @property
    def creators(self) -> list[Creator]:
        return [c.creator for c in self.candidates if c.kept and c.creator is not None]

    @property
    def skipped(self) -> list[Candidate]:
        return [c for c in self.candidates if c.creator is None]


def walk(
    world: World,
    tags: list[str],
    *,
    handles: tuple[str, ...] | list[str] = (),
    max_creators: int | None = None,
    page_size: int = 50,
) -> Walk:
    """Follow the discovery plan of the module docstring over ``tags`` (lower case, without ``#``)."""
    found = Walk()
    seen: set[str] = set()
    for raw in handles:
        handle = raw.lstrip("@").lower()
        if handle in seen:
            continue
        seen.add(handle)
        creator = professional(world, handle)
        found.candidates.append(Candidate(handle, "seed", creator=creator, kept=creator is not None))
    from_tags = 0
    for tag in tags:
        found.searches += 1
        found.pages[tag] = {}
        for which in LISTINGS:
            posts = listing(world, tag, which)
            pages = 0
            for start in range(0, max(len(posts), 1), page_size):
                if max_creators is not None and from_tags >= max_creators:
                    break
                pages += 1
                for post in posts[start : start + page_size]:
                    for handle in mentions(post.text):
                        if handle in seen:
                            continue
                        seen.add(handle)
                        creator = professional(world, handle)
                        keep = creator is not None and (max_creators is None or from_tags < max_creators)
                        from_tags += keep
                        found.candidates.append(
                            Candidate(handle, "caption_mention", tag, which, post.post_id, creator, keep)
                        )
            found.pages[tag][which] = pages
    return found


# -- the model -------------------------------------------------------------------------------------


class InstagramModel(PlatformModel):
    key = "instagram"
    count_mismatch_rate = 0.0
    comments_collectable = False  # /{media-id}/comments answers for the user's own media only

    def account_id(self, world: World, acct: Creator | Persona) -> str:
        return account_id(world.seed, acct.index)

    def account_by_id(self, world: World, native_id: str) -> Creator | Persona | None:
        return self.account_at(world, _account_index(world.seed, native_id))

    def post_id(self, world: World, seq: int, created_ms: int, creator: Creator, *, repost: bool = False) -> str:
        return media_id(world.seed, seq)

    def post_seq(self, world: World, post_id: str) -> int | None:
        return _media_seq(world.seed, post_id)

    def comment_id(
        self, world: World, post: Post, ms: int, pos: int, parent: int | None, root: int | None,
        top_count: int, comments: list[Comment], author: int,
    ) -> str:
        return media_id(world.seed, post.seq) + f"_{pos}"  # never served: comments are not collectable

    def engagement(self, rng: random.Random, eng: float, view_count: int, n_top: int) -> tuple[int, int]:
        return max(0, round(eng * rng.uniform(0.9, 1.1)) - n_top), 0

    def decorate_caption(self, world: World, creator: Creator, seq: int, text: str) -> str:
        """Put @mentions into a share of the captions: other creators (60 %), personal accounts (25 %),
        handles nobody holds (15 %); before the hashtag block. Its own randomness per post."""
        rng = random.Random(f"{world.seed}:ig:mentions:{seq}")
        if rng.random() >= MENTION_SHARE:
            return text
        pool = world.index_cache.get("instagram:creators")
        if pool is None:
            pool = world.index_cache["instagram:creators"] = [c for c in world.creators if c.platform == self.key]
        others = [c for c in pool if c.index != creator.index]
        parts = []
        for _ in range(1 if rng.random() < 0.75 else 2):
            roll = rng.random()
            if roll < 0.6 and others:
                handle = instagram_handle(rng.choice(others).handle)
            elif roll < 0.85:
                fan0, size = creator.audience
                fan = len(world.creators) + world.n_brands + (fan0 + rng.randrange(size)) % world.n_fans
                handle = instagram_handle(world.account(fan).handle)
            else:
                handle = f"{rng.choice(_UNKNOWN_WORDS)}.{rng.choice(_UNKNOWN_WORDS)}_{rng.randrange(10, 10_000)}"
            parts.append(rng.choice(_MENTION_FORMS).format(h=handle))
        body, sep, tags = text.rpartition("\n\n")
        if not sep:
            return f"{text} {' '.join(parts)}"
        return f"{body} {' '.join(parts)}\n\n{tags}"

    def handle(self, world: World, creator: Creator) -> str:
        return instagram_handle(creator.handle)

    def acct(self, world: World, creator: Creator) -> str:
        return instagram_handle(creator.handle)

    def statuses_count(self, world: World, creator: Creator) -> int | None:
        return len(world.creator_posts(creator))

    def reported_like_count(self, world: World, post: Post) -> int | None:
        return None if likes_hidden(world, post) else post.like_count

    def post_record_extra(self, world: World, post: Post) -> dict[str, Any]:
        return {
            "media_type": media_type(world, post),
            "media_product_type": media_product_type(world, post),
            "url": permalink(world, post),
            "mentions": mentions(post.text),
        }

    def truth_extra(self, world: World) -> dict[str, Any]:
        """Per crawled hashtag (walked alone): its id, the media ids of each listing, and every candidate
        handle in walk order with what Business Discovery says about it. ``creator_ids`` is what a crawl
        of that hashtag finds; ``skips`` the handles it reports as not found or not professional."""
        tags: dict[str, Any] = {}
        for tag in world.hashtags:
            found = walk(world, [tag])
            tags[tag] = {
                "hashtag_id": hashtag_id(world.seed, tag),
                "listings": {which: [p.post_id for p in listing(world, tag, which)] for which in LISTINGS},
                "candidates": [c.record() for c in found.candidates],
                "creator_ids": [c.native_id for c in found.creators],
                "skips": [{"handle": c.handle, "reason": NOT_FOUND} for c in found.skipped],
            }
        everything = walk(world, list(world.hashtags))
        return {
            "walk_order": "seeds; then per hashtag in order: recent_media pages, top_media pages; media in "
            "page order, @mentions in caption order; a handle is looked up once, where first seen",
            "recent_days": RECENT_DAYS,
            "top_media_count": TOP_MEDIA_COUNT,
            "hashtags": tags,
            "discoveries": [
                {"creator_id": c.creator.native_id, "source": c.source, "hashtag": c.hashtag, "post_id": c.post_id}
                for c in everything.candidates
                if c.kept and c.creator is not None
            ],
            "skips": [{"handle": c.handle, "reason": NOT_FOUND} for c in everything.skipped],
        }

    def expected_min_requests(
        self,
        world: World,
        tags: list[str],
        *,
        max_creators: int | None = None,
        max_posts: int | None = None,
        handles: tuple[str, ...] | list[str] = (),
        listing_page_size: int = 50,
        media_page_size: int = 50,
        **_: Any,
    ) -> dict[str, Any]:
        """The plan of the module docstring: one ``ig_hashtag_search`` per tag, the listing pages walked,
        one Business Discovery per candidate handle (its answer holds the first media page), and the
        further media pages of each creator (``media_page_size``, or ``max_posts`` when smaller)."""
        found = walk(world, tags, handles=handles, max_creators=max_creators, page_size=listing_page_size)
        per_page = min(media_page_size, max_posts) if max_posts else media_page_size
        media_pages = posts = 0
        for creator in found.creators:
            count = len(world.creator_posts(creator))
            wanted = count if max_posts is None else min(count, max_posts)
            posts += wanted
            media_pages += max(0, math.ceil(wanted / per_page) - 1)
        listing_pages = sum(sum(by.values()) for by in found.pages.values())
        result: dict[str, Any] = {
            "platform": self.key,
            "hashtags": tags,
            "creators": len(found.creators),
            "hashtag_searches": found.searches,
            "listing_pages": listing_pages,
            "listing_pages_by_tag": found.pages,
            "business_discovery_lookups": len(found.candidates),
            "skipped_handles": len(found.skipped),
            "media_pages": media_pages,
            "posts": posts,
        }
        result["total"] = found.searches + listing_pages + len(found.candidates) + media_pages
        return result
