"""YouTube's part of the sandbox world: packed channel, video and comment ids, hidden counts, expected requests.

Ids are url-safe base64 of packed integers plus a keyed hash (:func:`crawler.sandbox.world.pack_id`):
a channel id ``UC`` + the account index, a video id the post's ``seq``, a thread id ``Ug`` + (seq,
top-level position) + ``4AaABAg``, a reply id its thread id, ``.`` and its position.
"""

from __future__ import annotations

import math
import random
from typing import Any

from crawler.sandbox.platforms.base import PlatformModel, walk_listing
from crawler.sandbox.world import Comment, Creator, Persona, Post, World, pack_id, unpack_id

__all__ = ["YouTubeModel", "thread"]


def thread(world: World, thread_id: str) -> tuple[Post, Comment] | None:
    """Resolve a top-level comment (thread) id."""
    packed = unpack_id(world.seed, "thread", thread_id[2:-7], value_bytes=6, hash_bytes=6)
    if packed is None or not thread_id.startswith("Ug") or not thread_id.endswith("4AaABAg"):
        return None
    seq = packed >> 16
    if seq >= len(world.posts) or world.posts[seq].platform != "youtube":
        return None
    post = world.posts[seq]
    for comment in world.comments(post):
        if comment.comment_id == thread_id:
            return post, comment
    return None


class YouTubeModel(PlatformModel):
    key = "youtube"
    comments_can_be_disabled = True
    has_titles = True
    lookalike_dots = True
    reply_mentions_in_text = True

    def assign_ids(self, world: World, acct: Creator | Persona) -> None:
        acct.channel_id = "UC" + pack_id(world.seed, "channel", acct.index, hash_bytes=12)

    def account_id(self, world: World, acct: Creator | Persona) -> str:
        return acct.channel_id

    def account_by_id(self, world: World, native_id: str) -> Creator | Persona | None:
        if not native_id.startswith("UC") or len(native_id) != 24:
            return None
        acct = self.account_at(world, unpack_id(world.seed, "channel", native_id[2:], hash_bytes=12))
        return acct if acct is not None and acct.channel_id == native_id else None

    def post_id(self, world: World, seq: int, created_ms: int, creator: Creator, *, repost: bool = False) -> str:
        return pack_id(world.seed, "video", seq)

    def post_seq(self, world: World, post_id: str) -> int | None:
        return unpack_id(world.seed, "video", post_id)

    def comment_id(
        self, world: World, post: Post, ms: int, pos: int, parent: int | None, root: int | None,
        top_count: int, comments: list[Comment], author: int,
    ) -> str:
        if parent is None:
            packed = pack_id(world.seed, "thread", (post.seq << 16) | top_count, value_bytes=6, hash_bytes=6)
            return "Ug" + packed + "4AaABAg"
        reply = pack_id(world.seed, f"reply:{post.seq}", pos, value_bytes=2, hash_bytes=14)
        return comments[root].comment_id + "." + reply

    def engagement(self, rng: random.Random, eng: float, view_count: int, n_top: int) -> tuple[int, int]:
        return round(view_count * rng.uniform(0.02, 0.05)), 0

    def reported_like_count(self, world: World, post: Post) -> int | None:
        return None if world.creators[post.creator].hidden_likes else post.like_count

    def view_count(self, post: Post) -> int | None:
        return post.view_count

    def expected_min_requests(
        self,
        world: World,
        tags: list[str],
        *,
        max_creators: int | None = None,
        max_posts: int | None = None,
        max_comments: int | None = None,
        search_page_size: int = 50,
        batch_size: int = 50,
        threads_page_size: int = 100,
        **_: Any,
    ) -> dict[str, Any]:
        """Search pages, ``channels.list`` in batches, one ``playlistItems`` page per channel and 50
        uploads, ``videos.list`` in batches for the newest ``max_posts`` uploads plus the newest
        ``max_posts`` search hits of each channel, ``commentThreads`` pages per video that reports
        comments (``max_comments`` caps threads), ``comments.list`` pages for threads with more than 5
        replies."""
        listing = walk_listing(world, self.key, tags, search_page_size, max_creators)
        # Per channel: its newest max_posts uploads plus its newest max_posts search hits.
        hits_of: dict[int, dict[str, Post]] = {}
        for post in listing.posts:
            if post.creator in listing.seen:
                hits_of.setdefault(post.creator, {}).setdefault(post.post_id, post)
        videos: dict[str, Post] = {}
        upload_pages = 0
        for creator in listing.creators:
            uploads = [p for p in world.creator_posts(creator) if p.reblog_of is None]
            hits = sorted(hits_of.get(creator.index, {}).values(), key=lambda p: (p.created_ms, p.seq), reverse=True)
            if max_posts is not None:
                uploads, hits = uploads[:max_posts], hits[:max_posts]
            upload_pages += max(1, math.ceil(len(uploads) / batch_size))
            for post in uploads + hits:
                videos.setdefault(post.post_id, post)
        thread_pages = reply_pages = 0
        for post in videos.values():
            if post.comments_disabled or world.comment_counts(post)[1] == 0:
                continue
            comments = world.comments(post)
            threads = [c for c in comments if c.parent is None]
            n_threads = len(threads) if max_comments is None else min(len(threads), max_comments)
            thread_pages += max(1, math.ceil(n_threads / threads_page_size))
            replies: dict[int, int] = {}
            for c in comments:
                if c.root is not None:
                    replies[c.root] = replies.get(c.root, 0) + 1
            for t in threads[:n_threads]:
                if replies.get(t.index, 0) > 5:
                    reply_pages += math.ceil(replies[t.index] / threads_page_size)
        result: dict[str, Any] = {"platform": self.key, "hashtags": tags, "creators": len(listing.creators)}
        result.update(
            {
                "search_pages": listing.pages,
                "search_pages_by_tag": listing.pages_by_tag,
                "videos_list_requests": math.ceil(len(videos) / batch_size),
                "channels_list_requests": math.ceil(len(listing.creators) / batch_size),
                "playlist_items_pages": upload_pages,
                "videos": len(videos),
                "comment_threads_pages": thread_pages,
                "comments_list_pages": reply_pages,
            }
        )
        result["total"] = (
            result["search_pages"]
            + result["videos_list_requests"]
            + result["channels_list_requests"]
            + upload_pages
            + thread_pages
            + reply_pages
        )
        result["quota_units"] = result["search_pages"] * 100 + result["total"] - result["search_pages"]
        return result
