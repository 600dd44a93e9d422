"""The ground truth of a sandbox world: everything a crawl should find, and what it takes to find it.

:func:`ground_truth` builds the JSON-serialisable record (creators with their planted kinds, posts,
comments with their labels, and :func:`expected_min_requests` per platform); :func:`write_ground_truth`
writes it to a file, streaming comments to JSONL for large worlds. :mod:`crawler.sandbox.expect`
derives from it what a complete crawl must store. A record's shape is shared; the platform's model
(:data:`crawler.sandbox.platforms.MODELS`) fills in what differs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from crawler.sandbox import texts
from crawler.sandbox.platforms import MODELS
from crawler.sandbox.world import KINDS, Comment, Creator, Post, World, iso_ms

__all__ = [
    "INLINE_COMMENTS_LIMIT",
    "expected_min_requests",
    "ground_truth",
    "iter_comment_records",
    "iter_records",
    "kind_counts",
    "write_ground_truth",
]

logger = logging.getLogger(__name__)

INLINE_COMMENTS_LIMIT = 50_000


def ground_truth(
    world: World,
    *,
    include_comments: bool = True,
    comment_sink: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Everything a crawl should find, JSON-serialisable.

    Keys: ``format``, ``params``, ``epoch``, ``now``, ``creators``, ``posts``, ``kind_counts``,
    ``expected_min_requests`` (per platform) and ``comments`` (unless ``include_comments`` is
    false; ``comment_sink`` receives each comment record instead, e.g. to stream JSONL).
    """
    truth: dict[str, Any] = {
        "format": 1,
        "params": world.params,
        "epoch": world.epoch,
        "now": iso_ms(world.now_ms),
        "creators": [creator_record(world, c) for c in world.creators],
        "posts": [],
        "kind_counts": kind_counts(world),
        "expected_min_requests": {platform: expected_min_requests(world, platform) for platform in world.platforms},
    }
    comments: list[dict[str, Any]] = []
    for post_record, comment_records in iter_records(world):
        truth["posts"].append(post_record)
        if include_comments:
            comments.extend(comment_records)
        if comment_sink is not None:
            for record in comment_records:
                comment_sink(record)
    if include_comments:
        truth["comments"] = comments
    for platform in world.platforms:
        extra = MODELS[platform].truth_extra(world)
        if extra:
            truth[platform] = extra
    return truth


def iter_records(world: World) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """``(post record, its comment records)`` for every visible post; comments generated once."""
    for post in world.visible_posts():
        comments = world.comments(post)
        yield post_record(world, post, comments), list(comment_records(world, post, comments))


def iter_comment_records(world: World) -> Iterator[dict[str, Any]]:
    """Ground-truth comment records, generated post by post (constant memory)."""
    for p in world.visible_posts():
        yield from comment_records(world, p, world.comments(p))


def kind_counts(world: World) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for c in world.creators:
        for k in c.kinds:
            counts[k] += 1
    return counts


def creator_record(world: World, c: Creator) -> dict[str, Any]:
    model = MODELS[c.platform]
    n_shared = len(world.creators) + world.n_brands
    discoverable_by = sorted(
        {t for p in world.creator_posts(c) if p.reblog_of is None for t in p.hashtags if t in world.hashtags}
    )
    return {
        "platform": c.platform,
        "creator_id": c.creator_id,
        "handle": model.handle(world, c),
        "acct": model.acct(world, c),
        "display_name": c.display_name,
        "tier": c.tier,
        "followers_by_epoch": c.followers[: world.epoch + 1],
        "kinds": sorted(c.kinds),
        "on_niche": c.on_niche,
        "topic": c.topic,
        "language": c.language,
        "opt_out": c.opt_out_reason is not None,
        "opt_out_reason": c.opt_out_reason,
        "indexable": c.indexable,
        "bot_account": c.platform_bot,
        "hidden": {
            "subscriber_count": c.hidden_subscribers,
            "like_count": c.hidden_likes,
            "comments_disabled_share": round(c.comments_disabled_share, 3),
        },
        "bot_comment_share": round(c.bot_share, 3),
        "pod_member_ids": [world.native_account_id(m + n_shared, c.platform) for m in c.pod],
        "impersonator_ids": [world.native_account_id(m, c.platform) for m in c.impersonators],
        "brands": [texts.BRANDS[b][0] for b in c.brands],
        "growth_spike_epoch": c.spike_epoch,
        "hostile_bio": c.hostile_bio,
        "conversation_share": round(c.conversation_share, 3) if c.conversation_share else None,
        "answer_rate": round(c.answer_rate, 3) if c.answer_rate else None,
        "discoverable_by": discoverable_by,
        "statuses_count": model.statuses_count(world, c),
        "post_ids": [p.post_id for p in world.creator_posts(c)],
        **model.creator_record_extra(world, c),
    }


def post_record(world: World, p: Post, comments: list[Comment]) -> dict[str, Any]:
    model = MODELS[p.platform]
    creator = world.creators[p.creator]
    direct, total = world.comment_counts(p)
    return {
        "platform": p.platform,
        "post_id": p.post_id,
        "creator_id": creator.creator_id,
        "created_at": iso_ms(p.created_ms),
        "epoch": p.epoch,
        "language": p.language,
        "topic": p.topic,
        "hashtags": list(p.hashtags),
        "crawled_hashtags": [t for t in p.hashtags if t in world.hashtags],
        "is_reply": False,
        "is_repost": p.is_repost,
        "reblog_of": world.posts[p.reblog_of].post_id if p.reblog_of is not None else None,
        "sponsored": p.sponsored,
        "brands": [texts.BRANDS[b][0] for b in p.brands],
        "comments_disabled": p.comments_disabled,
        "reported_direct_reply_count": direct,
        "reported_comment_count": total,
        "reachable_comment_count": len(comments),
        "count_mismatch_planted": p.hidden_extra > 0,
        "comment_ids": [c.comment_id for c in comments],
        "like_count": model.reported_like_count(world, p),
        "view_count": model.view_count(p),
        "hostile_text": p.hostile,
        **model.post_record_extra(world, p),
    }


def comment_records(world: World, p: Post, comments: list[Comment]) -> Iterator[dict[str, Any]]:
    model = MODELS[p.platform]
    for c in comments:
        author = world.account(c.author)
        yield {
            "platform": p.platform,
            "comment_id": c.comment_id,
            "post_id": p.post_id,
            "parent_id": comments[c.parent].comment_id if c.parent is not None else None,
            "author_id": model.account_id(world, author),
            "author_platform_bot": bool(author.platform_bot),
            "label": c.label,
            "bot_kind": c.bot_kind,
            "language": c.language,
            "is_creator_reply": c.is_creator_reply,
            "created_at": iso_ms(c.created_ms),
            "hostile_text": c.hostile,
            "conversation": c.conversation,
        }


def expected_min_requests(
    world: World, platform: str, hashtags: Sequence[str] | None = None, **limits: Any
) -> dict[str, Any]:
    """The fewest requests a correct crawl of ``hashtags`` (default: the world's) needs, by endpoint.

    ``limits``: ``max_creators``, ``max_posts``, ``max_comments`` and the platform's page sizes
    (see each platform model's ``expected_min_requests``).
    """
    tags = [h.lstrip("#").lower() for h in (hashtags or world.hashtags)]
    return MODELS[platform].expected_min_requests(world, tags, **limits)


def write_ground_truth(world: World, path: str | Path, *, comments: str = "auto") -> Path:
    """Write the ground truth as JSON at ``path``.

    ``comments``: ``"inline"`` puts them in the JSON, ``"jsonl"`` streams them to
    ``<path stem>.comments.jsonl`` beside it (named in ``comments_file``), ``"auto"`` picks JSONL
    above 50,000 comments.
    """
    path = Path(path)
    total = sum(p.n_comments for p in world.visible_posts())
    if comments not in ("auto", "inline", "jsonl"):
        raise ValueError(f"comments={comments!r}: choose 'auto', 'inline' or 'jsonl'")
    as_jsonl = comments == "jsonl" or (comments == "auto" and total > INLINE_COMMENTS_LIMIT)
    if as_jsonl:
        jsonl = path.with_name(path.stem + ".comments.jsonl")
        with jsonl.open("w", encoding="utf-8") as fh:

            def sink(record: dict[str, Any]) -> None:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")

            truth = ground_truth(world, include_comments=False, comment_sink=sink)
        truth["comments_file"] = jsonl.name
    else:
        truth = ground_truth(world, include_comments=True)
    path.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    logger.info("ground truth written to %s", path)
    return path
