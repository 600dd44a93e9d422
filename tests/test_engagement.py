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
    # YouTube is per view: SociaVault's 10k-50k quartiles, not Modash's per-subscriber-like table
    youtube = eng.band_for(0.004, "youtube", 30_000)
    assert youtube.band == "below_average" and youtube.band_range == (0.0248, 0.0543)
    assert youtube.source_key == "sociavault_youtube" and youtube.definition["denominator"] == "views"
    assert eng.band_for(0.05, "mastodon", 500).band is None
    assert "1,000" in eng.band_for(0.05, "mastodon", 500).why_missing
    assert eng.band_for(0.05, "bluesky", 50_000).why_missing == (
        "no published bluesky engagement benchmark with a per follower rate")
    assert eng.band_for(None, "mastodon", 50_000).band is None
    assert eng.band_for(0.05, "mastodon", None).band is None
    # below the primary table's first range the next matching table answers, and says it is not primary
    small = eng.band_for(0.05, "youtube", 500)
    assert small.band == "average" and small.source_key == "ytstudio_youtube" and not small.primary


@pytest.mark.parametrize("followers", [2_000, 7_000, 30_000, 75_000, 300_000, 700_000, 3_000_000])
@pytest.mark.parametrize("rate", [0.03, 0.04, 0.05])
def test_typical_per_view_youtube_rate_is_not_high(followers: int, rate: float) -> None:
    # Modash's YouTube table put 1 like per 100 views in 'high' for 1M+ channels; per-view tables do not
    results = eng.bands_for(rate, "youtube", followers)
    assert results, followers
    assert all(r.band != "high" for r in results)
    assert all(r.definition["denominator"] == "views" for r in results)
    assert results[0].source_key == "sociavault_youtube"


# Modash's YouTube cuts (1M+ column): they behave like per-subscriber rates, so declared per follower here.
_PER_FOLLOWER_YOUTUBE = {"platforms": {"youtube": {"tables": [{
    "source": "per_follower", "definition": {"numerator": "likes+comments", "denominator": "followers",
                                             "statistic": "median"},
    "bands": list(eng.BANDS),
    "ranges": [{"followers_min": 1000, "followers_max": None, "cuts": [0.0002, 0.0013, 0.0018, 0.0059]}]}]}},
    "sources": {"per_follower": {"name": "per-follower table", "short_name": "PF", "url": None,
                                 "retrieved": "2026-12-01"}}}


def test_per_follower_bands_never_judge_a_per_view_rate(caplog: pytest.LogCaptureFixture) -> None:
    table = _PER_FOLLOWER_YOUTUBE
    assert eng.bands_for(0.04, "youtube", 2_000_000, benchmarks=table) == []
    result = eng.band_for(0.04, "youtube", 2_000_000, benchmarks=table)
    assert result.band is None
    assert result.why_missing == "no published youtube engagement benchmark with a per view rate"
    assert "denominator 'followers'" in caplog.text
    # the same table does place a rate that is per follower
    assert eng.band_for(0.04, "youtube", 2_000_000, denominator="followers", benchmarks=table).band == "high"
    # next to a per-view table only the per-view one answers
    mixed = {"platforms": {"youtube": {"tables": [
        *table["platforms"]["youtube"]["tables"],
        *eng.load_benchmarks()["platforms"]["youtube"]["tables"]]}},
        "sources": {**table["sources"], **eng.load_benchmarks()["sources"]}}
    assert [r.source_key for r in eng.bands_for(0.04, "youtube", 2_000_000, benchmarks=mixed)] == [
        "sociavault_youtube", "ytstudio_youtube"]


def test_disagreeing_sources_both_appear() -> None:
    results = eng.bands_for(0.02, "instagram", 20_000)
    assert [(r.source_key, r.band, r.primary) for r in results] == [
        ("modash_instagram", "above_average", True), ("sociavault_instagram", "below_average", False)]
    assert eng.bands_disagree(results)
    stored = [r.as_json() for r in results]
    assert stored[0]["band_range"] == [0.0084, 0.0111] and stored[1]["band_range"] == [0.028, 0.035]
    assert {s["definition"]["denominator"] for s in stored} == {"followers"}
    assert stored[1]["position"] == "below" and stored[0]["position"] == "above"
    # agreeing sources are not a disagreement
    assert not eng.bands_disagree(eng.bands_for(0.04, "youtube", 2_000_000))
    assert eng.bands_disagree(eng.bands_for(0.04, "youtube", 5_000))


def test_every_band_table_has_a_source_and_a_matching_definition() -> None:
    table = eng.load_benchmarks()
    for platform in ("instagram", "mastodon", "youtube", "tiktok", "bluesky"):
        assert platform in table["platforms"], platform
        for entry in eng._tables(table, platform):
            source = table["sources"][entry["source"]]
            assert source["name"] and source["retrieved"] and (source["url"] or entry.get("assumption")), entry
            assert not source.get("why_not_used"), entry["source"]
            definition = entry["definition"]
            assert definition["numerator"] and definition["statistic"], entry["source"]
            assert definition["denominator"] == eng.denominator_kind(platform), (platform, entry["source"])
            assert source["definition"]["denominator"] == definition["denominator"], entry["source"]
            for rng in entry["ranges"]:
                hi = rng["followers_max"] or rng["followers_min"] * 2
                placed = eng.bands_for(rng["cuts"][0], platform, (rng["followers_min"] + hi) // 2)
                assert entry["source"] in {r.source_key for r in placed}
    for key, source in table["sources"].items():
        if not source["used_for"]:
            assert source["why_not_used"], key
    assert "contradict" in table["sources"]["modash_youtube"]["why_not_used"]


def test_malformed_table_is_refused() -> None:
    bad = {"platforms": {"tiktok": {"tables": [{
        "source": "x", "definition": {"denominator": "views"}, "bands": ["low", "average", "high"],
        "ranges": [{"followers_min": 0, "followers_max": None, "cuts": [0.05, 0.01]}]}]}}, "sources": {}}
    with pytest.raises(eng.BenchmarkTableError, match="ascending"):
        eng.bands_for(0.02, "tiktok", 10, benchmarks=bad)


def test_percentile() -> None:
    peers = [i / 1000 for i in range(20)]
    assert eng.er_percentile(0.010, peers) == pytest.approx(52.5)
    assert eng.er_percentile(0.0, peers) == pytest.approx(2.5)
    assert eng.er_percentile(0.010, peers[:19]) is None
    assert eng.er_percentile(None, peers) is None
