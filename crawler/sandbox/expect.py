"""What a complete crawl of a sandbox world must store, computed from its ground truth.

Used by the end-to-end tests and the crawl benchmark to prove that nothing was lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = ["ExpectedCrawl", "expected_crawl"]


@dataclass(frozen=True)
class ExpectedCrawl:
    creators: frozenset[str]
    posts: frozenset[str]
    comments: frozenset[str]


def expected_crawl(truth: Mapping[str, Any], platform: str, hashtags: Iterable[str],
                   comments: Iterable[Mapping[str, Any]] | None = None, since: date | None = None) -> ExpectedCrawl:
    """Creators, posts and comments a crawl of ``hashtags`` with generous limits stores.

    Mastodon: every creator discoverable by one of the hashtags who did not opt out (``discoverable:
    false``, ``noindex``, ``#nobot``; ``indexable: false`` alone is no opt-out), all their
    statuses except reblogs (their replies to commenters included: they are statuses too) and
    every reply to their original posts. YouTube: every channel with a video carrying one of
    the hashtags, all its videos (its uploads playlist), and their comments (a thread's replies
    beyond the five YouTube includes are not fetched: compare those by count). Bluesky: every
    creator with a post carrying one of the hashtags who did not opt out (the self-label
    ``!no-unauthenticated`` on the account), all their original posts (not reposts, not their
    replies: those are comments with ``is_creator_reply``) and every reply in each post's thread,
    all depths, except deleted and blocked ones (``unavailable_replies``: no crawl can collect them).
    Instagram: the professional accounts @mentioned in the captions of each hashtag's ``recent_media``
    and ``top_media`` (``truth["instagram"]["hashtags"][tag]["creator_ids"]``), all their media, no comments.
    TikTok: every creator with a video carrying one of the hashtags in the discovery window (the
    last 30 days of the world's clock, or ``since`` on), except the private and deleted ones (``user/
    info`` refuses them: skipped, none of their videos stored), their videos of the last 180 days (or
    since ``since``) and the first 1000 comments of each (the API serves no more).
    ``comments`` are the ground truth's comment records when they live in a separate JSONL file.
    """
    tags = set(hashtags)
    if platform == "instagram":  # creators from the @mentions of each tag's listings; no comments
        by_tag = truth["instagram"]["hashtags"]
        creators = {i for tag in tags if tag in by_tag for i in by_tag[tag]["creator_ids"]}
        posts = {p["post_id"] for p in truth["posts"] if p["creator_id"] in creators}
        return ExpectedCrawl(frozenset(creators), frozenset(posts), frozenset())
    if platform == "tiktok":
        return _expected_tiktok(truth, tags, since)
    if platform == "mastodon":
        records = truth["comments"] if comments is None else comments
        creators = {c["creator_id"] for c in truth["creators"]
                    if c["platform"] == platform and not c["opt_out"] and set(c["discoverable_by"]) & tags}
        posts = {p["post_id"] for p in truth["posts"] if p["creator_id"] in creators and not p["is_repost"]}
        found = {i for p in truth["posts"] if p["post_id"] in posts and not p["is_reply"] for i in p["comment_ids"]}
        by_creator = {c["comment_id"] for c in records if c["is_creator_reply"] and c["comment_id"] in found}
        return ExpectedCrawl(frozenset(creators), frozenset(posts | by_creator), frozenset(found))
    # YouTube has no opt-outs; on Bluesky an opted-out creator's posts are never fetched.
    creators = {c["creator_id"] for c in truth["creators"]
                if c["platform"] == platform and not c["opt_out"] and set(c["discoverable_by"]) & tags}
    posts = {p["post_id"] for p in truth["posts"] if p["creator_id"] in creators and not p["is_repost"]}
    found = {i for p in truth["posts"] if p["post_id"] in posts for i in p["comment_ids"]}
    return ExpectedCrawl(frozenset(creators), frozenset(posts), frozenset(found))


def _expected_tiktok(truth: Mapping[str, Any], tags: set[str], since: date | None) -> ExpectedCrawl:
    today = date.fromisoformat(truth["now"][:10])
    discovery_from = since or today - timedelta(days=29)
    videos_from = since or today - timedelta(days=179)
    skipped = {c["creator_id"] for c in truth["creators"] if c["platform"] == "tiktok" and c["opt_out"]}
    tiktok = [p for p in truth["posts"] if p["platform"] == "tiktok"]
    creators = {p["creator_id"] for p in tiktok
                if p["creator_id"] not in skipped and set(p["crawled_hashtags"]) & tags
                and discovery_from <= date.fromisoformat(p["created_at"][:10]) <= today}
    posts = [p for p in tiktok
             if p["creator_id"] in creators and videos_from <= date.fromisoformat(p["created_at"][:10]) <= today]
    found = {i for p in posts for i in p["comment_ids"][: p["served_comment_count"]]}
    return ExpectedCrawl(frozenset(creators), frozenset(p["post_id"] for p in posts), frozenset(found))
