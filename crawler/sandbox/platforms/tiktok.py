"""TikTok's part of the sandbox world (Research API): usernames, 64-bit video and comment ids, private
and deleted accounts, videos without ``like_count``, comments the API serves empty or with NUL
characters, videos with more than 1000 comments, and the request plan of the contract.

Ids are what the real API sends (bare JSON integers above 2^53; ``../shared/platform-samples/
tiktok-research``): the high 32 bits are the ``create_time`` in epoch seconds (as in the recorded
ids, e.g. ``7320768196569599275 >> 32 == 1704499196``), the low 32 bits pack the post's ``seq`` (18
bits, masked by a keyed hash of the second) and a 14-bit check (videos) or the comment's position
(comments). A video id therefore leads to its post without an index.

Accounts: ``creator_id`` is the username (the Research API's user fields hold no stable id). The
world's ``opt_out`` kind plants TikTok accounts that are ``private`` or ``deleted``: their videos
still show in hashtag results, ``user/info`` refuses them, and a crawl reports and skips them.

**The contract's plan**, which :func:`walk` and :meth:`TikTokModel.expected_min_requests` count:
one client token; per hashtag, the video query over the discovery windows (the last 30 days, or
``since``..today), pages of ``max_count`` newest first; ``user/info`` once per new username until
``max_creators`` creators are accepted (refusals are counted as skips); per accepted creator the
video query on ``username`` over the last 180 days (or ``since``) in 30-day windows newest first,
stopping after the page where ``max_posts`` videos are reached; comment pages of 100 for every
stored video that reports comments (only the first 1000 are served). Windows are whole UTC days,
both ends inclusive, never overlapping: window ``k`` ends ``30 * k`` days before today and starts
29 days before its end (clipped to ``since``). "Today" is the world's clock (:attr:`World.now_ms`).
Stored videos of a creator: the newest ``max_posts`` of its window pages plus its newest
``max_posts`` discovery hits (as YouTube's plan does).

Video query pages may hold fewer than ``max_count`` videos while ``has_more`` is true (as the real
API): a result list has a removed slot before some videos (:func:`has_gap_before`), a page covers
``max_count`` slots.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from crawler.sandbox.platforms.base import PlatformModel
from crawler.sandbox.world import Comment, Creator, Persona, Post, World

__all__ = [
    "COMMENT_CAP",
    "COMMENT_PAGE",
    "CREATOR_WINDOWS",
    "MAX_COUNT",
    "SKIP_REASONS",
    "TikTokModel",
    "Walk",
    "comment_served_text",
    "creator_by_username",
    "day_of",
    "has_gap_before",
    "likes_count",
    "post_by_video_id",
    "region_code",
    "result_slots",
    "served_comments",
    "served_username",
    "tiktok_videos",
    "video_id",
    "walk",
    "windows",
]

SKIP_REASONS = ("private", "deleted")
"""The ground truth's ``opt_out_reason`` of a TikTok creator that ``user/info`` refuses."""
COMMENT_CAP = 1000
"""The Research API serves only the top 1000 comments of a video (``cursor + max_count <= 1000``)."""
COMMENT_PAGE = 100
MAX_COUNT = 100
WINDOW_DAYS = 30
CREATOR_WINDOWS = 6
"""A creator's videos: the last 180 days in six 30-day windows."""
_VIRAL_EVERY = 10  # every tenth TikTok creator has one video with more than COMMENT_CAP comments
_GAP_RATE = 0.12  # share of result videos preceded by a removed slot (a page holds fewer than max_count)
_NO_LIKES_RATE = 0.05  # share of videos without like_count
_NUL_USERNAME_RATE = 0.03  # share of videos whose username carries NUL characters
_EMPTY_TEXT_RATE = 0.04  # share of comments served with an empty text
_NUL_TEXT_RATE = 0.03  # share of comments served with NUL characters in their text
_REGIONS = ("US", "GB", "DE", "FR", "NL", "ES")


# -- deterministic draws ---------------------------------------------------------------------------


def _u64(seed: int, *parts: object) -> int:
    return int.from_bytes(hashlib.blake2b(":".join(map(str, (seed, *parts))).encode(), digest_size=8).digest(), "big")


def _chance(seed: int, rate: float, *parts: object) -> bool:
    return _u64(seed, *parts) / 2**64 < rate


# -- ids -------------------------------------------------------------------------------------------


def video_id(seed: int, seq: int, created_ms: int) -> int:
    """The 64-bit id of video ``seq``: its second on top, ``seq`` masked and a check below."""
    ts = created_ms // 1000
    masked = (seq ^ _u64(seed, "ttv-mask", ts)) & 0x3FFFF
    return (ts << 32) | (masked << 14) | (_u64(seed, "ttv-check", seq, ts) & 0x3FFF)


def _video_seq(seed: int, vid: int) -> int | None:
    if not 0 < vid < 1 << 63:
        return None
    ts, low = vid >> 32, vid & 0xFFFFFFFF
    seq = ((low >> 14) ^ _u64(seed, "ttv-mask", ts)) & 0x3FFFF
    return seq if _u64(seed, "ttv-check", seq, ts) & 0x3FFF == low & 0x3FFF else None


def _comment_id(seed: int, seq: int, pos: int, ms: int) -> int:
    ts = ms // 1000
    if pos < 1 << 14:
        low = (((seq ^ _u64(seed, "ttc-mask", ts)) & 0x3FFFF) << 14) | pos
    else:  # beyond 16,384 comments on one video: a keyed hash (collisions improbable)
        low = _u64(seed, "ttc", seq, pos) & 0xFFFFFFFF
    return (ts << 32) | low


def post_by_video_id(world: World, value: object) -> Post | None:
    """The visible TikTok video with this id (an int or a string of digits), or None."""
    try:
        vid = int(str(value).strip())
    except ValueError:
        return None
    seq = _video_seq(world.seed, vid)
    return None if seq is None else world.post_by_id("tiktok", str(vid))


# -- lookups and served values -----------------------------------------------------------------------


def creator_by_username(world: World, username: str) -> Creator | None:
    """The TikTok creator with this username (case-insensitive), or None."""
    index = world.index_cache.get("tiktok:usernames")
    if index is None:
        index = {c.handle.lower(): c.index for c in world.creators if c.platform == "tiktok"}
        world.index_cache["tiktok:usernames"] = index
    found = index.get(username.strip().lower().lstrip("@"))
    return None if found is None else world.creators[found]


def tiktok_videos(world: World) -> list[Post]:
    """Every visible TikTok video, newest first (the order of the video query's results)."""
    key = "tiktok:videos"
    if key not in world.index_cache:
        videos = [p for p in world.visible_posts("tiktok") if p.reblog_of is None]
        videos.sort(key=lambda p: (p.created_ms, p.seq), reverse=True)
        world.index_cache[key] = videos
    return world.index_cache[key]


def region_code(world: World, creator: Creator) -> str:
    """Where a creator's videos are posted from: its country, else a draw from a few regions."""
    return creator.country or _REGIONS[_u64(world.seed, "region", creator.index) % len(_REGIONS)]


def served_username(world: World, post: Post) -> str:
    """The username a video result carries: a few carry NUL characters (as observed), the rest plain."""
    name = world.creators[post.creator].handle
    if len(name) > 1 and _chance(world.seed, _NUL_USERNAME_RATE, "nul-user", post.seq):
        return name[:-1] + "\x00" * (1 + _u64(world.seed, "nul-count", post.seq) % 6) + name[-1]
    return name


def reported_likes(world: World, post: Post) -> int | None:
    """A video's ``like_count``; None (the field is missing) for a few videos."""
    return None if _chance(world.seed, _NO_LIKES_RATE, "no-likes", post.seq) else post.like_count


def comment_served_text(world: World, comment: Comment) -> tuple[str, str]:
    """``(text as served, text a crawl stores)``: a few come empty, a few with NUL characters."""
    if _chance(world.seed, _EMPTY_TEXT_RATE, "empty", comment.comment_id):
        return "", ""
    text = comment.text
    if len(text) > 2 and _chance(world.seed, _NUL_TEXT_RATE, "nul-text", comment.comment_id):
        cut = len(text) // 2
        return text[:cut] + "\x00\x00" + text[cut:], text
    return text, text


def served_comments(world: World, post: Post) -> list[Comment]:
    """The comments the API serves for a video: its first :data:`COMMENT_CAP`, oldest first."""
    return world.comments(post)[:COMMENT_CAP]


def likes_count(world: World, creator: Creator) -> int:
    """Total likes of a creator: its visible videos' likes and those of older videos."""
    recent = sum(p.like_count for p in world.creator_posts(creator) if p.reblog_of is None)
    older = creator.followers_at(world.epoch) * (1 + _u64(world.seed, "older-likes", creator.index) % 9)
    return recent + older


def has_gap_before(world: World, post: Post) -> bool:
    """Whether a removed video's slot precedes ``post`` in every result list it appears in."""
    return _chance(world.seed, _GAP_RATE, "gap", post.seq)


def result_slots(world: World, posts: Sequence[Post]) -> list[Post | None]:
    """The result list of a video query: the matching videos (newest first) with removed slots (None)."""
    slots: list[Post | None] = []
    for post in posts:
        if has_gap_before(world, post):
            slots.append(None)
        slots.append(post)
    return slots


# -- windows ---------------------------------------------------------------------------------------


def day_of(ms: int) -> date:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).date()


def windows(today: date, count: int | None, since: date | None = None) -> list[tuple[date, date]]:
    """``(start, end)`` days of the contract's 30-day windows, newest first.

    ``count`` windows back from ``today`` (each ends 30 days before the previous one ends and
    starts 29 days before its own end); with ``since`` as many as reach back to it, the oldest
    clipped to it.
    """
    out: list[tuple[date, date]] = []
    k = 0
    while True:
        end = today - timedelta(days=WINDOW_DAYS * k)
        start = end - timedelta(days=WINDOW_DAYS - 1)
        if since is not None:
            if end < since:
                break
            start = max(start, since)
        elif count is not None and k >= count:
            break
        out.append((start, end))
        k += 1
    return out


def _in_window(post: Post, window: tuple[date, date]) -> bool:
    return window[0] <= day_of(post.created_ms) <= window[1]


# -- the plan --------------------------------------------------------------------------------------


@dataclass
class Walk:
    """What a crawl with the contract's plan requests, finds, stores and skips."""

    discovery_pages_by_tag: dict[str, int] = field(default_factory=dict)
    discovered: dict[str, list[str]] = field(default_factory=dict)  # tag -> usernames, first seen first
    user_info: list[str] = field(default_factory=list)  # usernames looked up, in order
    skipped: dict[str, str] = field(default_factory=dict)  # username -> private | deleted
    creators: list[Creator] = field(default_factory=list)
    video_pages: int = 0
    posts: dict[str, Post] = field(default_factory=dict)  # stored videos by id
    comment_pages: int = 0
    comments: dict[str, list[str]] = field(default_factory=dict)  # video id -> stored comment ids

    @property
    def discovery_pages(self) -> int:
        return sum(self.discovery_pages_by_tag.values())


def walk(
    world: World,
    tags: Sequence[str],
    *,
    max_creators: int | None = None,
    max_posts: int | None = None,
    max_comments: int | None = None,
    since: date | None = None,
    today: date | None = None,
    max_count: int = MAX_COUNT,
    comment_page: int = COMMENT_PAGE,
) -> Walk:
    """Follow the contract's plan through the world (see the module's docstring)."""
    today = today or day_of(world.now_ms)
    found = Walk()
    seen: set[str] = set()
    hits_of: dict[int, list[Post]] = {}
    videos = tiktok_videos(world)
    for tag in tags:
        found.discovered[tag] = []
        pages = 0
        for window in windows(today, 1, since):
            hits = [p for p in videos if tag in p.hashtags and _in_window(p, window)]
            slots = result_slots(world, hits)
            for start in range(0, max(len(slots), 1), max_count):
                if max_creators is not None and len(found.creators) >= max_creators:
                    break
                pages += 1
                for post in slots[start : start + max_count]:
                    if post is None:
                        continue
                    creator = world.creators[post.creator]
                    hits_of.setdefault(creator.index, []).append(post)
                    if creator.handle in seen:
                        continue
                    if max_creators is not None and len(found.creators) >= max_creators:
                        continue
                    seen.add(creator.handle)
                    found.discovered[tag].append(creator.handle)
                    found.user_info.append(creator.handle)
                    if creator.opt_out_reason is not None:
                        found.skipped[creator.handle] = creator.opt_out_reason
                    else:
                        found.creators.append(creator)
        found.discovery_pages_by_tag[tag] = pages
    for creator in found.creators:
        own = [p for p in videos if p.creator == creator.index]
        listed: list[Post] = []
        for window in windows(today, CREATOR_WINDOWS, since):
            slots = result_slots(world, [p for p in own if _in_window(p, window)])
            for start in range(0, max(len(slots), 1), max_count):
                found.video_pages += 1
                listed += [p for p in slots[start : start + max_count] if p is not None]
                if max_posts is not None and len(listed) >= max_posts:
                    break
            if max_posts is not None and len(listed) >= max_posts:
                break
        hits = sorted({p.seq: p for p in hits_of.get(creator.index, [])}.values(),
                      key=lambda p: (p.created_ms, p.seq), reverse=True)
        if max_posts is not None:
            listed, hits = listed[:max_posts], hits[:max_posts]
        for post in listed + hits:
            found.posts.setdefault(post.post_id, post)
    for post in found.posts.values():
        if max_comments == 0 or world.comment_counts(post)[1] == 0:
            continue
        served = served_comments(world, post)
        if max_comments is not None:
            served = served[:max_comments]
        found.comment_pages += max(1, math.ceil(len(served) / comment_page))
        found.comments[post.post_id] = [c.comment_id for c in served]
    return found


# -- the model -------------------------------------------------------------------------------------


class TikTokModel(PlatformModel):
    key = "tiktok"

    def account_id(self, world: World, acct: Creator | Persona) -> str:
        return acct.handle

    def account_by_id(self, world: World, native_id: str) -> Creator | Persona | None:
        return creator_by_username(world, native_id)

    def post_id(self, world: World, seq: int, created_ms: int, creator: Creator, *, repost: bool = False) -> str:
        return str(video_id(world.seed, seq, created_ms))

    def post_seq(self, world: World, post_id: str) -> int | None:
        try:
            return _video_seq(world.seed, int(post_id))
        except ValueError:
            return None

    def comment_id(
        self, world: World, post: Post, ms: int, pos: int, parent: int | None, root: int | None,
        top_count: int, comments: list[Comment], author: int,
    ) -> str:
        return str(_comment_id(world.seed, post.seq, pos, ms))

    def plant_opt_out(self, world: World, kinds: set[str]) -> tuple[str | None, bool]:
        planted = sum(1 for c in world.creators if c.platform == self.key and c.opt_out_reason is not None)
        return SKIP_REASONS[planted % len(SKIP_REASONS)], True

    def comment_budget(self, world: World, creator: Creator, budget: list[int]) -> list[int]:
        """Every tenth TikTok creator's most commented video gets more than 1000 comments."""
        ordinal = sum(1 for c in world.creators[: creator.index] if c.platform == self.key)
        if ordinal % _VIRAL_EVERY != _VIRAL_EVERY // 2 or not any(budget):
            return budget
        out = list(budget)
        top = max(range(len(out)), key=lambda k: out[k])
        out[top] = COMMENT_CAP + 1 + _u64(world.seed, "viral", creator.index) % 300
        return out

    def statuses_count(self, world: World, creator: Creator) -> int | None:
        return sum(1 for p in world.creator_posts(creator) if p.reblog_of is None)

    def reported_like_count(self, world: World, post: Post) -> int | None:
        return reported_likes(world, post)

    def view_count(self, post: Post) -> int | None:
        return post.view_count

    def creator_record_extra(self, world: World, creator: Creator) -> dict[str, Any]:
        today = day_of(world.now_ms)
        window = windows(today, 1)[0]
        recent = {t for p in world.creator_posts(creator) if p.reblog_of is None and _in_window(p, window)
                  for t in p.hashtags if t in world.hashtags}
        return {
            "username": creator.handle,
            "skip_reason": creator.opt_out_reason,
            "discoverable_by_default_window": sorted(recent),
            "likes_count": likes_count(world, creator),
            "region_code": region_code(world, creator),
        }

    def post_record_extra(self, world: World, post: Post) -> dict[str, Any]:
        comments = world.comments(post)
        served = comments[:COMMENT_CAP]
        empty, nul = [], []
        for c in served:
            text, stored = comment_served_text(world, c)
            if not text:
                empty.append(c.comment_id)
            elif text != stored:
                nul.append(c.comment_id)
        return {
            "region_code": region_code(world, world.creators[post.creator]),
            "share_count": post.reblogs_count,
            "served_comment_count": len(served),
            "unserved_comment_count": len(comments) - len(served),
            "empty_text_comment_ids": empty,
            "nul_text_comment_ids": nul,
            "username_has_nul": "\x00" in served_username(world, post),
        }

    def expected_min_requests(
        self,
        world: World,
        tags: list[str],
        *,
        max_creators: int | None = None,
        max_posts: int | None = None,
        max_comments: int | None = None,
        since: date | str | None = None,
        today: date | str | None = None,
        max_count: int = MAX_COUNT,
        comment_page: int = COMMENT_PAGE,
        **_: Any,
    ) -> dict[str, Any]:
        """One client token, the video query pages of discovery, one ``user/info`` per new username
        (refusals included), the video query pages of each accepted creator's windows (until
        ``max_posts``), comment pages for each stored video that reports comments. ``records`` is
        the record quota the plan charges (``max_count`` per video or comment page)."""
        since_day = date.fromisoformat(since) if isinstance(since, str) else since
        today_day = date.fromisoformat(today) if isinstance(today, str) else today
        found = walk(world, tags, max_creators=max_creators, max_posts=max_posts, max_comments=max_comments,
                     since=since_day, today=today_day, max_count=max_count, comment_page=comment_page)
        result: dict[str, Any] = {"platform": self.key, "hashtags": tags, "creators": len(found.creators)}
        result.update(
            {
                "token_requests": 1,
                "discovery_pages": found.discovery_pages,
                "discovery_pages_by_tag": found.discovery_pages_by_tag,
                "user_info_requests": len(found.user_info),
                "creator_video_pages": found.video_pages,
                "comment_pages": found.comment_pages,
                "posts": len(found.posts),
                "comments": sum(len(ids) for ids in found.comments.values()),
                "discovered": found.discovered,
                "skipped": found.skipped,
            }
        )
        research = found.discovery_pages + len(found.user_info) + found.video_pages + found.comment_pages
        result["research_requests"] = research
        result["records_charged"] = (found.discovery_pages + found.video_pages) * max_count + (
            found.comment_pages * comment_page
        )
        result["total"] = 1 + research
        return result
