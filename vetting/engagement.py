"""Engagement quality: pure functions over a creator's posts and comments.

Definitions (rates are fractions, 0.0123 = 1.23 %):

* tier from followers ``f``: emerging ``f < 1,000``; nano ``1,000 <= f < 10,000``; micro
  ``10,000 <= f < 100,000``; macro ``100,000 <= f < 1,000,000``; mega ``f >= 1,000,000``;
  ``None`` when ``f`` is unknown.
* per-post engagement rate ``ER_p = (sum of the platform's interaction counts) / denominator``;
  interactions: Instagram and YouTube likes + comments; TikTok likes + comments + shares;
  Mastodon favourites + replies + reblogs; Bluesky likes + replies + reposts. The denominator is
  the post's views on YouTube and TikTok (a **per-view** rate), the creator's followers elsewhere
  (a **per-follower** rate). A hidden count makes that post's ER unknown, never 0.
* the engagement rate is ``median(ER_p)`` over the last ``N`` original posts (default 12;
  replies and reposts excluded) whose ER is known; the mean is kept for comparison.
* consistency: ``CV = stdev(ER_p) / mean(ER_p)`` (population standard deviation) and
  ``IQR = Q3 - Q1`` (linear interpolation) of the same per-post rates.
* ``comments_per_like = sum(comments) / sum(likes)`` over those posts with both counts known.
* ``posts_per_week = (n - 1) / days(first..last post) * 7`` over the same ``n`` posts.
* ``reply_rate = posts where the creator answered a comment / posts with comments by others``.
* ``sponsored_rate = sponsored original posts / original posts``.
* ``er_percentile = 100 * (peers below + 0.5 * peers equal) / peers`` among creators of the same
  platform, tier and rate denominator (the creator included), once there are at least
  :data:`MIN_PEERS` of them. This is the **primary** comparison: same definition, same data.
* published bands (``vetting/data/er_benchmarks.json``) are the context, or the fallback below
  :data:`MIN_PEERS` peers. A rate is only compared with tables whose denominator is the rate's own
  (views on YouTube and TikTok, followers elsewhere; a per-follower table never judges a per-view
  rate). A table names its bands (a subset of :data:`BANDS` in order, always with ``average``) and
  one cut fewer: left of ``average`` a rate below a cut falls in the band before it, right of it a
  rate at or below a cut does, so a rate on the edge of the average band counts as average. Each
  platform lists its tables primary first; :func:`bands_for` returns every matching table's band
  and :func:`bands_disagree` says when they place the rate on different sides of average.
"""

from __future__ import annotations

import json
import logging
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from crawler.tiers import TIERS, tier_for
from crawler.timeutil import parse_utc

__all__ = [
    "BANDS",
    "DEFAULT_POSTS",
    "MIN_COMMENTED_POSTS",
    "MIN_ER_POSTS",
    "MIN_PEERS",
    "TIERS",
    "VIDEO_PLATFORMS",
    "BandResult",
    "BenchmarkTableError",
    "EngagementSummary",
    "PostRate",
    "band_for",
    "band_position",
    "bands_disagree",
    "bands_for",
    "comments_per_like",
    "consistency",
    "denominator_kind",
    "engagement_summary",
    "er_percentile",
    "interaction_fields",
    "load_benchmarks",
    "original_posts",
    "post_engagement_rate",
    "posts_per_week",
    "rate_word",
    "reply_rate",
    "tier_for",
]

logger = logging.getLogger(__name__)

BANDS = ("low", "below_average", "average", "above_average", "high")
DEFAULT_POSTS = 12
MIN_ER_POSTS = 3          # fewer original posts with a known ER -> ER insufficient
MIN_COMMENTED_POSTS = 3   # fewer posts with comments by others -> reply rate insufficient
# Fewer creators of the same platform, tier and rate denominator -> no percentile. With 20 peers one
# creator moves the percentile by 5 points, and the rank of a median creator is known to about
# +-11 points (binomial standard error sqrt(0.25 / 20)); below that the published band is the
# better yardstick, above it the store's own peers are (same definition, same crawl).
MIN_PEERS = 20
VIDEO_PLATFORMS = frozenset({"youtube", "tiktok"})
BENCHMARKS_PATH = Path(__file__).with_name("data") / "er_benchmarks.json"

# Interaction counts per platform: (post column, what the platform calls it).
_INTERACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "mastodon": (("like_count", "favourites"), ("comment_count", "replies"), ("share_count", "reblogs")),
    "youtube": (("like_count", "likes"), ("comment_count", "comments")),
    "bluesky": (("like_count", "likes"), ("comment_count", "replies"), ("share_count", "reposts")),
    "instagram": (("like_count", "likes"), ("comment_count", "comments")),
    "tiktok": (("like_count", "likes"), ("comment_count", "comments"), ("share_count", "shares")),
}
_DEFAULT_INTERACTIONS = (("like_count", "likes"), ("comment_count", "comments"), ("share_count", "shares"))


def interaction_fields(platform: str) -> tuple[tuple[str, str], ...]:
    """The ``(post column, platform word)`` pairs summed into the ER numerator."""
    return _INTERACTIONS.get(platform, _DEFAULT_INTERACTIONS)


def denominator_kind(platform: str) -> str:
    """``views`` on video platforms, else ``followers``."""
    return "views" if platform in VIDEO_PLATFORMS else "followers"


def numerator_text(platform: str) -> str:
    """Human text of the numerator, e.g. ``favourites+replies+reblogs``."""
    return "+".join(word for _, word in interaction_fields(platform))


def original_posts(posts: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Posts that are neither replies nor reposts, oldest first (undated posts last)."""
    kept = [p for p in posts if not p.get("is_reply") and not p.get("is_repost")]
    return sorted(kept, key=lambda p: (p.get("created_at") is None, p.get("created_at") or ""))


def post_engagement_rate(post: Mapping[str, Any], platform: str, followers: int | None) -> float | None:
    """``ER_p = sum(interaction counts) / denominator`` for one post, or ``None`` when unknown.

    A hidden (NULL) count makes the rate unknown; a post whose comments are disabled counts 0
    comments. The denominator is ``view_count`` on video platforms, else ``followers``; a
    missing or zero denominator gives ``None``.
    """
    total = 0
    for column, _ in interaction_fields(platform):
        value = post.get(column)
        if value is None:
            if column == "comment_count" and post.get("comments_disabled"):
                continue
            return None
        total += int(value)
    denominator = post.get("view_count") if platform in VIDEO_PLATFORMS else followers
    if not denominator or denominator <= 0:
        return None
    return total / denominator


def consistency(rates: Sequence[float]) -> tuple[float | None, float | None]:
    """``(CV, IQR)`` of per-post rates: ``CV = pstdev / mean`` (``None`` if the mean is 0),
    ``IQR = Q3 - Q1`` with linear interpolation; both ``None`` for fewer than 3 rates."""
    if len(rates) < MIN_ER_POSTS:
        return None, None
    mean = statistics.fmean(rates)
    cv = statistics.pstdev(rates) / mean if mean > 0 else None
    q1, _, q3 = statistics.quantiles(rates, n=4, method="inclusive")
    return cv, q3 - q1


def comments_per_like(posts: Sequence[Mapping[str, Any]]) -> float | None:
    """``sum(comment_count) / sum(like_count)`` over posts with both known; ``None`` if no likes."""
    likes = comments = 0
    for post in posts:
        if post.get("like_count") is None or post.get("comment_count") is None:
            continue
        likes += int(post["like_count"])
        comments += int(post["comment_count"])
    return comments / likes if likes > 0 else None


def posts_per_week(created_at: Sequence[str | None]) -> float | None:
    """``(n - 1) / span_days * 7`` over dated posts (unreadable dates are left out); ``None`` with
    fewer than 2 or a zero span."""
    dates = sorted(when for ts in created_at if (when := parse_utc(ts)) is not None)
    if len(dates) < 2:
        return None
    days = (dates[-1] - dates[0]).total_seconds() / 86_400
    return (len(dates) - 1) / days * 7 if days > 0 else None


def reply_rate(commented_post_ids: Sequence[str] | set[str], answered_post_ids: Sequence[str] | set[str]
               ) -> float | None:
    """Share of posts with comments by others on which the creator also commented; ``None``
    below :data:`MIN_COMMENTED_POSTS` commented posts."""
    commented = set(commented_post_ids)
    if len(commented) < MIN_COMMENTED_POSTS:
        return None
    return len(commented & set(answered_post_ids)) / len(commented)


def er_percentile(value: float | None, peers: Sequence[float]) -> float | None:
    """``100 * (below + 0.5 * equal) / len(peers)`` (``peers`` includes the creator); ``None``
    when ``value`` is unknown or there are fewer than :data:`MIN_PEERS` peers."""
    if value is None or len(peers) < MIN_PEERS:
        return None
    below = sum(1 for p in peers if p < value)
    equal = sum(1 for p in peers if p == value)
    return 100.0 * (below + 0.5 * equal) / len(peers)


# -- bands ------------------------------------------------------------------------------------
class BenchmarkTableError(ValueError):
    """``er_benchmarks.json`` holds a table that cannot be read (a packaging error, not user input)."""


@cache
def load_benchmarks(path: Path = BENCHMARKS_PATH) -> dict[str, Any]:
    """The band tables (``vetting/data/er_benchmarks.json``) with their sources and definitions."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


_POSITION = {"low": "below", "below_average": "below", "average": "average", "above_average": "above",
             "high": "above"}
_RATE_WORD = {"views": "per view", "followers": "per follower"}


def band_position(band: str | None) -> str | None:
    """``below`` (low, below_average), ``average`` or ``above`` (above_average, high)."""
    return _POSITION.get(band or "")


def rate_word(denominator: str | None) -> str:
    """``per view`` / ``per follower`` for a denominator kind."""
    return _RATE_WORD.get(denominator or "", f"per {denominator}" if denominator else "")


@dataclass(frozen=True)
class BandResult:
    """Where a rate sits in one published table (or why no table could place it)."""

    band: str | None
    band_range: tuple[float, float] | None      # the table's 'average' band
    source: str | None                          # human citation
    assumption: bool = False
    why_missing: str | None = None
    source_key: str | None = None
    source_name: str | None = None              # short name, e.g. "Modash"
    definition: dict[str, str] = field(default_factory=dict)
    followers_range: str | None = None          # e.g. "10,000–50,000 followers"
    primary: bool = False                       # the platform's documented primary table
    label: str | None = None                    # the source's own word for the band, e.g. "Poor"

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (stored in ``metrics["er_bands"]``)."""
        return {"source_key": self.source_key, "source_name": self.source_name, "source": self.source,
                "band": self.band, "label": self.label, "position": band_position(self.band),
                "band_range": list(self.band_range) if self.band_range else None,
                "followers_range": self.followers_range, "definition": dict(self.definition),
                "assumption": self.assumption, "primary": self.primary}


def _citation(source: Mapping[str, Any]) -> str:
    published = f"published {source['published']}, " if source.get("published") else ""
    return f"{source['name']} ({source.get('url') or 'no URL'}, {published}retrieved {source['retrieved']})"


def _tables(table: Mapping[str, Any], platform: str) -> list[dict[str, Any]]:
    """The platform's tables, primary first, with ``ranges_from`` resolved and shapes checked."""
    spec = table["platforms"].get(platform) or {}
    out = []
    for entry in spec.get("tables", []):
        entry = dict(entry)
        ref = entry.get("ranges_from")
        if ref:
            base = next((t for t in table["platforms"][ref["platform"]]["tables"] if t["source"] == ref["source"]),
                        None)
            if base is None:
                raise BenchmarkTableError(f"{platform}: ranges_from {ref} names no table")
            entry.update(bands=base["bands"], ranges=base["ranges"], labels=base.get("labels", {}))
        bands = entry.get("bands") or []
        if "average" not in bands or [b for b in BANDS if b in bands] != list(bands):
            raise BenchmarkTableError(f"{platform}/{entry.get('source')}: bands {bands} must be in the order of "
                                      f"{list(BANDS)} and include 'average'")
        for rng in entry.get("ranges", []):
            cuts = rng["cuts"]
            if len(cuts) != len(bands) - 1 or list(cuts) != sorted(cuts):
                raise BenchmarkTableError(f"{platform}/{entry['source']}: cuts {cuts} must be ascending, one "
                                          f"fewer than the bands {bands}")
        out.append(entry)
    return out


def _place(rate: float, bands: Sequence[str], cuts: Sequence[float]) -> tuple[str, tuple[float, float]]:
    """``(band, average band range)``; edges go to the band nearer ``average`` (see module docstring)."""
    avg = bands.index("average")
    placed = bands[-1]
    for i, cut in enumerate(cuts):
        if (rate < cut) if i < avg else (rate <= cut):
            placed = bands[i]
            break
    return placed, (cuts[avg - 1] if avg > 0 else 0.0, cuts[avg])


def _range_text(lo: int, hi: int | None) -> str:
    return f"{lo:,}+ followers" if hi is None else f"{lo:,}–{hi:,} followers"


def bands_for(rate: float | None, platform: str, followers: int | None, *, denominator: str | None = None,
              benchmarks: Mapping[str, Any] | None = None) -> list[BandResult]:
    """The band of ``rate`` in every published table of ``platform`` whose denominator is the rate's
    own (``denominator``, default :func:`denominator_kind`) and which has a range for ``followers``;
    the documented primary table first. Empty when the rate or the follower count is unknown."""
    if rate is None or followers is None:
        return []
    table = benchmarks if benchmarks is not None else load_benchmarks()
    wanted = denominator or denominator_kind(platform)
    results = []
    for index, entry in enumerate(_tables(table, platform)):
        definition = dict(entry.get("definition") or {})
        if definition.get("denominator") != wanted:
            logger.warning("skipping %s table %s: denominator %r, the %s rate is per %s", platform,
                           entry.get("source"), definition.get("denominator"), platform, wanted)
            continue
        for rng in entry["ranges"]:
            upper = rng["followers_max"]
            if followers >= rng["followers_min"] and (upper is None or followers < upper):
                band, average = _place(rate, entry["bands"], rng["cuts"])
                source = table["sources"][entry["source"]]
                results.append(BandResult(
                    band=band, band_range=average, source=_citation(source),
                    assumption=bool(entry.get("assumption")), source_key=entry["source"],
                    source_name=source.get("short_name") or source["name"], definition=definition,
                    followers_range=_range_text(rng["followers_min"], upper), primary=index == 0,
                    label=(entry.get("labels") or {}).get(band)))
                break
    return results


def band_for(rate: float | None, platform: str, followers: int | None, *, denominator: str | None = None,
             benchmarks: Mapping[str, Any] | None = None) -> BandResult:
    """The band used for ``er_band``: the primary table's, else the next matching table that covers
    ``followers``; otherwise an empty result whose ``why_missing`` says why."""
    placed = bands_for(rate, platform, followers, denominator=denominator, benchmarks=benchmarks)
    if placed:
        return placed[0]
    if rate is None:
        return BandResult(None, None, None, why_missing="engagement rate unknown")
    table = benchmarks if benchmarks is not None else load_benchmarks()
    wanted = denominator or denominator_kind(platform)
    matching = [t for t in _tables(table, platform) if (t.get("definition") or {}).get("denominator") == wanted]
    if not matching:
        return BandResult(None, None, None, why_missing=f"no published {platform} engagement benchmark with a "
                          f"{rate_word(wanted)} rate")
    if followers is None:
        return BandResult(None, None, None, why_missing="follower count unknown: no peer band to compare with")
    start = min(r["followers_min"] for t in matching for r in t["ranges"])
    return BandResult(None, None, None, why_missing=f"no published {platform} benchmark for {followers:,} "
                      f"followers (tables start at {start:,})")


def bands_disagree(results: Sequence[BandResult]) -> bool:
    """True when the tables place the rate on different sides of average (below / average / above)."""
    return len({band_position(r.band) for r in results if r.band}) > 1


# -- summary ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PostRate:
    post_id: str
    created_at: str | None
    url: str | None
    engagement_rate: float | None
    sponsored: bool = False


@dataclass
class EngagementSummary:
    """Every engagement metric of one creator, with what could not be computed and why."""

    tier: str | None
    followers_count: int | None
    engagement_rate: float | None
    engagement_rate_mean: float | None
    engagement_rate_basis: str | None
    er_definition: dict[str, Any]
    engagement_cv: float | None
    engagement_iqr: float | None
    comments_per_like: float | None
    posts_per_week: float | None
    per_post: list[PostRate]
    rated_posts: int
    original_posts: int
    hidden_count_posts: int
    insufficient: dict[str, str] = field(default_factory=dict)


def engagement_summary(posts: Sequence[Mapping[str, Any]], platform: str, followers: int | None,
                       *, sponsored_ids: set[str] | frozenset[str] = frozenset(),
                       n_posts: int = DEFAULT_POSTS) -> EngagementSummary:
    """Engagement metrics over the last ``n_posts`` original posts (formulas in the module docstring)."""
    originals = original_posts(posts)
    recent = originals[-n_posts:]
    denominator = denominator_kind(platform)
    per_post = [
        PostRate(str(p["post_id"]), p.get("created_at"), p.get("url"),
                 post_engagement_rate(p, platform, followers), str(p["post_id"]) in sponsored_ids)
        for p in recent
    ]
    rates = [r.engagement_rate for r in per_post if r.engagement_rate is not None]
    hidden = sum(1 for p in recent if any(p.get(c) is None and not (c == "comment_count" and
                                                                      p.get("comments_disabled"))
                                          for c, _ in interaction_fields(platform)))
    insufficient: dict[str, str] = {}
    dated = [r.created_at for r in per_post if r.created_at]
    window_start, window_end = (min(dated), max(dated)) if dated else (None, None)
    definition = {"numerator": numerator_text(platform), "denominator": denominator, "statistic": "median",
                  "posts": len(recent), "rated_posts": len(rates), "window_start": window_start,
                  "window_end": window_end}
    median = mean = None
    basis = None
    if len(rates) >= MIN_ER_POSTS:
        median = statistics.median(rates)
        mean = statistics.fmean(rates)
        known = "" if len(rates) == len(recent) else f" ({len(rates)} with known counts)"
        window = f", {window_start[:10]}..{window_end[:10]}" if window_start and window_end else ""
        basis = (f"median ({numerator_text(platform)})/{denominator} over the last {len(recent)} original posts"
                 f"{known}{window}")
    elif not originals:
        insufficient["engagement_rate"] = "no original posts collected (need 3)"
    elif denominator == "followers" and followers is None:
        insufficient["engagement_rate"] = "follower count unknown (hidden or not collected)"
    elif hidden and len(rates) < MIN_ER_POSTS:
        insufficient["engagement_rate"] = (f"interaction counts hidden on {hidden} of {len(recent)} original posts; "
                                           f"only {len(rates)} with known counts (need {MIN_ER_POSTS})")
    else:
        insufficient["engagement_rate"] = (f"only {len(rates)} original posts with a known engagement rate "
                                           f"(need {MIN_ER_POSTS})")
    cv, iqr = consistency(rates)
    if cv is None and iqr is None:
        insufficient.setdefault("engagement_cv", "fewer than 3 posts with a known engagement rate")
    cpl = comments_per_like(recent)
    if cpl is None:
        insufficient["comments_per_like"] = ("like counts hidden or zero on every recent post" if recent
                                             else "no original posts collected")
    cadence = posts_per_week([p.get("created_at") for p in recent])
    if cadence is None:
        insufficient["posts_per_week"] = f"{len(dated)} dated original posts (need 2 on different days)"
    tier = tier_for(followers)
    if tier is None:
        insufficient["tier"] = "follower count unknown (hidden or not collected)"
    return EngagementSummary(
        tier=tier, followers_count=followers, engagement_rate=median, engagement_rate_mean=mean,
        engagement_rate_basis=basis, er_definition=definition, engagement_cv=cv, engagement_iqr=iqr,
        comments_per_like=cpl, posts_per_week=cadence, per_post=per_post, rated_posts=len(rates),
        original_posts=len(originals), hidden_count_posts=hidden, insufficient=insufficient,
    )
