"""Engagement formulas on hand-computed tables."""

from __future__ import annotations

import math

import pytest

from vetting import engagement as eng


def post(i: int, likes: int | None, comments: int | None, shares: int | None = 0, *, day: int | None = None,
         views: int | None = None, **extra: object) -> dict[str, object]:
    return {"post_id": f"p{i}", "created_at": f"2026-08-{(day or i):02d}T12:00:00Z", "url": f"https://x.test/{i}",
            "like_count": likes, "comment_count": comments, "share_count": shares, "view_count": views, **extra}


@pytest.mark.parametrize(("followers", "tier"), [
    (None, None), (0, "emerging"), (999, "emerging"), (1_000, "nano"), (9_999, "nano"), (10_000, "micro"),
    (99_999, "micro"), (100_000, "macro"), (999_999, "macro"), (1_000_000, "mega"), (50_000_000, "mega"),
])
def test_tier_boundaries(followers: int | None, tier: str | None) -> None:
    assert eng.tier_for(followers) == tier


def test_mastodon_er_median_and_mean_exclude_replies_and_reposts() -> None:
    posts = [
        post(1, 10, 2, 3),        # 15 / 1000 = 0.015
        post(2, 20, 5, 5),        # 30 / 1000 = 0.030
        post(3, 5, 0, 0),         # 5 / 1000 = 0.005
        post(4, 500, 0, 0, is_reply=1),
        post(5, None, None, None, is_repost=1),
    ]
    s = eng.engagement_summary(posts, "mastodon", 1_000)
    assert s.engagement_rate == pytest.approx(0.015)
    assert s.engagement_rate_mean == pytest.approx(0.05 / 3)
    assert s.er_definition["numerator"] == "favourites+replies+reblogs"
    assert s.er_definition["denominator"] == "followers"
    assert s.er_definition["window_start"] == "2026-08-01T12:00:00Z"
    assert s.er_definition["window_end"] == "2026-08-03T12:00:00Z"
    assert s.engagement_rate_basis == ("median (favourites+replies+reblogs)/followers over the last 3 original posts, "
                                       "2026-08-01..2026-08-03")
    assert s.tier == "nano"
    assert s.original_posts == 3


def test_last_n_original_posts_only() -> None:
    posts = [post(i, 100 if i <= 2 else 10, 0, 0) for i in range(1, 15)]  # 14 posts, the two oldest are outliers
    s = eng.engagement_summary(posts, "mastodon", 1_000, n_posts=12)
    assert s.er_definition["posts"] == 12
    assert s.engagement_rate == pytest.approx(0.01)
    assert s.per_post[0].post_id == "p3"


def test_youtube_uses_views_and_hidden_likes_are_unknown_not_zero() -> None:
    posts = [
        post(1, 90, 10, None, views=10_000),      # 100 / 10000 = 0.01
        post(2, None, 10, None, views=10_000),    # hidden likes -> unknown
        post(3, 180, 20, None, views=5_000),      # 200 / 5000 = 0.04
        post(4, 50, None, None, views=2_500, comments_disabled=1),  # 50 / 2500 = 0.02
    ]
    s = eng.engagement_summary(posts, "youtube", None)
    rates = [r.engagement_rate for r in s.per_post]
    assert rates[1] is None
    assert [rates[0], rates[2], rates[3]] == pytest.approx([0.01, 0.04, 0.02])
    assert s.engagement_rate == pytest.approx(0.02)
    assert s.rated_posts == 3 and s.hidden_count_posts == 1
    assert s.er_definition["denominator"] == "views"
    assert "(3 with known counts)" in s.engagement_rate_basis
    assert s.tier is None and "tier" in s.insufficient


def test_all_likes_hidden_gives_insufficient_not_zero() -> None:
    posts = [post(i, None, 3, None, views=1000) for i in range(1, 6)]
    s = eng.engagement_summary(posts, "youtube", 50_000)
    assert s.engagement_rate is None
    assert "hidden on 5 of 5" in s.insufficient["engagement_rate"]
    assert s.comments_per_like is None


def test_too_few_posts_and_unknown_followers() -> None:
    s = eng.engagement_summary([post(1, 1, 1), post(2, 1, 1)], "mastodon", 1_000)
    assert s.engagement_rate is None
    assert s.insufficient["engagement_rate"] == "only 2 original posts with a known engagement rate (need 3)"
    s = eng.engagement_summary([post(i, 1, 1) for i in range(1, 5)], "mastodon", None)
    assert s.engagement_rate is None
    assert "follower count unknown" in s.insufficient["engagement_rate"]
    empty = eng.engagement_summary([], "mastodon", 10)
    assert empty.engagement_rate is None
    assert empty.insufficient["engagement_rate"] == "no original posts collected (need 3)"


def test_consistency_cv_and_iqr() -> None:
    cv, iqr = eng.consistency([0.01, 0.02, 0.03, 0.04])
    # mean 0.025; pstdev = sqrt((0.015² + 0.005² + 0.005² + 0.015²) / 4) = 0.0111803
    assert cv == pytest.approx(math.sqrt(0.000125) / 0.025)
    # inclusive quartiles of 1,2,3,4: Q1 1.75, Q3 3.25
    assert iqr == pytest.approx(0.015)
    assert eng.consistency([0.01, 0.02]) == (None, None)


def test_comments_per_like_and_cadence() -> None:
    posts = [post(1, 100, 10), post(2, 50, 5), post(3, None, 99)]
    assert eng.comments_per_like(posts) == pytest.approx(15 / 150)
    assert eng.posts_per_week(["2026-08-01T00:00:00Z", "2026-08-08T00:00:00Z", "2026-08-15T00:00:00Z"]) == 1.0
    assert eng.posts_per_week(["2026-08-01T00:00:00Z"]) is None


def test_reply_rate() -> None:
    assert eng.reply_rate({"a", "b", "c", "d"}, {"a", "b", "x"}) == 0.5
    assert eng.reply_rate({"a", "b"}, {"a"}) is None


@pytest.mark.parametrize(("rate", "band"), [
    (0.0030, "low"), (0.0039, "below_average"), (0.0083, "below_average"), (0.0084, "average"), (0.0111, "average"),
    (0.0112, "above_average"), (0.0261, "above_average"), (0.0262, "high"),
])
def test_bands_modash_10k_50k(rate: float, band: str) -> None:
    result = eng.band_for(rate, "instagram", 20_000)
    assert result.band == band
    assert result.band_range == (0.0084, 0.0111)
    assert "Modash" in result.source and not result.assumption


def test_band_edge_cases() -> None:
    mastodon = eng.band_for(0.009, "mastodon", 60_000)
    assert mastodon.band == "average" and mastodon.band_range == (0.0075, 0.0101) and mastodon.assumption
    youtube = eng.band_for(0.004, "youtube", 30_000)
    assert youtube.band == "average" and youtube.band_range == (0.0036, 0.0051)
    assert eng.band_for(0.05, "mastodon", 500).band is None
    assert "1,000" in eng.band_for(0.05, "mastodon", 500).why_missing
    assert eng.band_for(0.05, "tiktok", 50_000).why_missing == "no published engagement benchmark for tiktok"
    assert eng.band_for(None, "mastodon", 50_000).band is None
    assert eng.band_for(0.05, "mastodon", None).band is None


def test_benchmark_file_cites_every_source() -> None:
    table = eng.load_benchmarks()
    for spec in table["platforms"].values():
        source = table["sources"][spec["source"]]
        assert source["name"] and source["retrieved"] and source["method"]
        for entry in spec["ranges"]:
            assert entry["cuts"] == sorted(entry["cuts"])


def test_percentile() -> None:
    peers = [i / 1000 for i in range(20)]
    assert eng.er_percentile(0.010, peers) == pytest.approx(52.5)
    assert eng.er_percentile(0.0, peers) == pytest.approx(2.5)
    assert eng.er_percentile(0.010, peers[:19]) is None
    assert eng.er_percentile(None, peers) is None
