"""Verdict rules, score and reasons."""

from __future__ import annotations

import pytest

from vetting import engagement as eng
from vetting.scoring import WEIGHTS, Components, engagement_score, score_creator, subscores


def clean(**overrides: object) -> Components:
    values: dict[str, object] = dict(
        platform="mastodon", tier="micro", followers_count=20_000, engagement_rate=0.0095, rated_posts=12,
        er_band="average", er_band_range=(0.0084, 0.0111), er_band_assumed=True, engagement_cv=0.4,
        comments_analyzed=212, bot_comment_rate=0.02, bot_comment_rate_low=0.007, bot_comment_rate_high=0.05,
        generic_comment_rate=0.2, niche_fit=0.8, niche_terms=["vegan", "rezepte"], market_language="de",
        market_language_rate=0.7, audience_sample=40, growth_known=True, reply_rate=0.5,
    )
    values.update(overrides)
    return Components(**values)  # type: ignore[arg-type]


def codes(reasons: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in reasons}


def test_weights_sum_to_one() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


def test_clean_on_niche_creator_is_recommended() -> None:
    score, verdict, reasons = score_creator(clean())
    assert verdict == "recommended" and score >= 65
    by_code = codes(reasons)
    assert by_code["bot_comments"]["flag"] == "green"
    assert by_code["bot_comments"]["text"] == "2 % of 212 comments look bot-like (95 % CI 1–5 %)"
    assert by_code["engagement_band"]["text"].startswith(
        "median ER 0.95 % per follower is in the average band for micro creators on Mastodon "
        "(average band 0.84–1.11 % – assumed: no published Mastodon table)")
    assert by_code["market_language"]["text"] == "70 % of 40 analysed comments are in 'de'"


def test_score_is_weighted_mean_of_known_subscores() -> None:
    c = clean()
    subs = subscores(c)
    expected = 100 * sum(WEIGHTS[k] * v for k, v in subs.items()) / sum(WEIGHTS[k] for k in subs)
    assert score_creator(c)[0] == pytest.approx(round(expected, 1))
    assert subs["authenticity"] == pytest.approx(1 - 0.02 / 0.30, abs=1e-4)
    assert subs["engagement"] == 0.7
    assert subs["niche_fit"] == 1.0
    # an unknown component drops out instead of counting as 0
    assert "growth" not in subscores(clean(growth_known=False))


def test_bot_heavy_is_avoid_with_numbers() -> None:
    _, verdict, reasons = score_creator(clean(bot_comment_rate=0.41, bot_comment_rate_low=0.35,
                                              bot_comment_rate_high=0.48))
    assert verdict == "avoid"
    reason = codes(reasons)["bot_comments"]
    assert reason == {"flag": "red", "code": "bot_comments",
                      "text": "41 % of 212 comments look bot-like (95 % CI 35–48 %)"}


def test_review_caps() -> None:
    assert score_creator(clean(bot_comment_rate=0.2, bot_comment_rate_low=0.15, bot_comment_rate_high=0.26))[1] \
        == "review"
    pod = {"kind": "pod_commenters", "triggered": True, "summary": "6 accounts commented on >= 60 % of 12 posts"}
    _, verdict, reasons = score_creator(clean(signals=[pod]))
    assert verdict == "review"
    assert codes(reasons)["pod_commenters"]["text"] == pod["summary"]
    generic = {"kind": "generic_comments", "triggered": True, "summary": "63 % of 60 comments are generic praise"}
    _, verdict, reasons = score_creator(clean(generic_comment_rate=0.63, signals=[generic]))
    assert verdict == "review" and codes(reasons)["generic_comments"]["flag"] == "red"
    assert score_creator(clean(niche_fit=0.24))[1] == "review"
    assert score_creator(clean(niche_fit=0.26))[1] == "recommended"
    _, verdict, reasons = score_creator(clean(growth_spike=True, growth_text="followers jumped +40.0 % ..."))
    assert verdict == "review" and codes(reasons)["growth_anomaly"]["flag"] == "red"
    # authenticity not measurable -> not recommended
    _, verdict, reasons = score_creator(clean(bot_comment_rate=None, bot_comment_rate_low=None,
                                              bot_comment_rate_high=None, comments_analyzed=4))
    assert verdict == "review"
    assert "only 4 comments by others collected (need 10)" in codes(reasons)["insufficient_comments"]["text"]


def test_bot_account_is_avoid() -> None:
    assert score_creator(clean(is_bot_account=True))[1] == "avoid"


def test_insufficient_data_when_neither_er_nor_comments() -> None:
    score, verdict, reasons = score_creator(clean(
        engagement_rate=None, er_band=None, er_band_range=None, bot_comment_rate=None, bot_comment_rate_low=None,
        bot_comment_rate_high=None, comments_analyzed=3,
        insufficient={"engagement_rate": "only 2 original posts with a known engagement rate (need 3)"}))
    assert (score, verdict) == (None, "insufficient_data")
    by_code = codes(reasons)
    assert by_code["insufficient_engagement"]["text"] == (
        "engagement rate not measured: only 2 original posts with a known engagement rate (need 3)")


def test_low_band_and_off_niche() -> None:
    score, verdict, reasons = score_creator(clean(engagement_rate=0.0031, er_band="low", niche_fit=0.02,
                                                  niche_terms=[], market_language_rate=0.05))
    by_code = codes(reasons)
    assert by_code["engagement_band"]["flag"] == "red"
    assert "median ER 0.31 % per follower is in the lowest band for micro creators on Mastodon" in \
        by_code["engagement_band"]["text"]
    assert by_code["niche_fit"] == {"flag": "red", "code": "niche_fit", "text": "niche fit 0.02 (no matching terms)"}
    assert verdict in ("review", "avoid") and score < 65


def test_unbenchmarked_er_is_stated() -> None:
    _, _, reasons = score_creator(clean(tier="emerging", er_band=None, er_band_range=None,
                                        insufficient={"er_band": "no published mastodon benchmark for 500 followers"}))
    text = codes(reasons)["engagement_unbenchmarked"]["text"]
    assert text == ("median ER 0.95 % per follower for emerging (<1k) on Mastodon; no published mastodon "
                    "benchmark for 500 followers")


def test_engagement_score_percentile_primary_band_fallback() -> None:
    assert engagement_score("low", 80.0) == pytest.approx(0.8)     # percentile decides, band is context
    assert engagement_score("high", None) == 1.0
    assert engagement_score("average", None) == 0.7
    assert engagement_score(None, None) is None


def test_percentile_is_primary_with_enough_peers() -> None:
    bands = [b.as_json() for b in eng.bands_for(0.0095, "mastodon", 20_000)]
    c = clean(er_percentile=80.0, er_peers=25, er_band="low", er_bands=bands, er_denominator="followers")
    assert subscores(c)["engagement"] == 0.8
    by_code = codes(score_creator(c)[2])
    assert "engagement_band" not in by_code
    reason = by_code["engagement_percentile"]
    assert reason["flag"] == "green"
    assert reason["text"].startswith("median ER 0.95 % per follower is at the 80th percentile of 25 micro creators "
                                     "on Mastodon in this store (primary comparison: same rate definition); "
                                     "published context – Modash Instagram table: the average band")


def test_band_is_fallback_below_min_peers() -> None:
    c = clean(er_percentile=None, er_peers=4, er_denominator="followers",
              insufficient={"er_percentile": "4 micro creators on mastodon in the store (need 20)"})
    assert subscores(c)["engagement"] == 0.7
    text = codes(score_creator(c)[2])["engagement_band"]["text"]
    assert text.endswith("; primary comparison is this band: store percentile needs peers – "
                         "4 micro creators on mastodon in the store (need 20)")


def test_disagreeing_second_source_is_named_and_per_view_stated() -> None:
    results = eng.bands_for(0.04, "youtube", 5_000)       # SociaVault: average; YTStudio: Poor (< 5 %)
    primary = results[0]
    c = clean(platform="youtube", tier="nano", followers_count=5_000, engagement_rate=0.04, er_band=primary.band,
              er_band_range=primary.band_range, er_band_assumed=False, er_bands=[r.as_json() for r in results],
              er_denominator="views")
    text = codes(score_creator(c)[2])["engagement_band"]["text"]
    assert text == ("median ER 4.00 % per view is in the average band for nano creators on YouTube (average band "
                    "3.41–7.82 %, SociaVault); sources disagree – YTStudio: the lowest band (average 5.00–8.00 %)")
    # two agreeing sources: the second is still shown, without a disagreement
    agree = eng.bands_for(0.04, "youtube", 2_000_000)
    c = clean(platform="youtube", tier="mega", engagement_rate=0.04, er_band=agree[0].band,
              er_band_range=agree[0].band_range, er_band_assumed=False, er_bands=[r.as_json() for r in agree],
              er_denominator="views")
    text = codes(score_creator(c)[2])["engagement_band"]["text"]
    assert "disagree" not in text and "; also YTStudio: the above-average band (average 1.00–3.00 %)" in text


def _raised(*kinds: str) -> list[dict[str, object]]:
    return [{"kind": k, "triggered": True, "summary": f"{k} raised"} for k in kinds]


@pytest.mark.parametrize("kind", ["near_duplicate_comments", "bot_accounts", "pod_commenters", "comment_bursts",
                                  "cross_creator_templates", "hopping_commenters"])
def test_one_red_flag_caps_a_high_score_at_review_and_says_so(kind: str) -> None:
    score, verdict, reasons = score_creator(clean(signals=_raised(kind)))
    assert score >= 65 and verdict == "review"
    cap = reasons[0]
    assert cap["code"] == "verdict_capped" and cap["flag"] == "red" and "capped at review by" in cap["text"]


def test_two_agreeing_red_flags_give_avoid() -> None:
    # The sandbox case of the issue: 15 % near-duplicates and 15 % platform-marked bot accounts.
    _, verdict, reasons = score_creator(clean(signals=_raised("near_duplicate_comments", "bot_accounts")))
    assert verdict == "avoid"
    assert reasons[0]["text"] == ("avoid: two red flags agree: copy-pasted comments, "
                                  "comments by accounts the platform flags as bots")
    # A confident bot-like share and a follower spike are red flags too.
    _, verdict, _ = score_creator(clean(bot_comment_rate=0.25, bot_comment_rate_low=0.18,
                                        bot_comment_rate_high=0.33, growth_spike=True))
    assert verdict == "avoid"


def test_unknown_engagement_is_never_recommended() -> None:
    score, verdict, reasons = score_creator(clean(engagement_rate=None, er_band=None, er_band_range=None,
                                                  engagement_cv=None))
    assert verdict == "review" and score is not None and score >= 65
    assert "engagement rate unknown" in reasons[0]["text"]


def test_inactive_creator_is_capped_at_review_and_says_since_when() -> None:
    score, verdict, reasons = score_creator(clean(inactive_since="2026-03-02", inactive_days=91))
    assert score >= 65 and verdict == "review"
    by_code = codes(reasons)
    assert by_code["inactive"] == {"flag": "red", "code": "inactive", "text": "inactive since 2026-03-02: the newest "
                                   "original post is 91 days old at vetting (more than 30)"}
    assert "capped at review by: inactive since 2026-03-02" in by_code["verdict_capped"]["text"]
    # inactivity alone is not a red flag on comments: with one comment flag the verdict stays review
    flag = [{"kind": "comment_bursts", "triggered": True, "summary": "bursts"}]
    assert score_creator(clean(inactive_since="2026-03-02", inactive_days=91, signals=flag))[1] == "review"


def test_counts_say_one_comment_and_one_day() -> None:
    reasons = codes(score_creator(clean(bot_comment_rate=None, bot_comment_rate_low=None, bot_comment_rate_high=None,
                                        comments_analyzed=1, market_language_rate=None, audience_sample=1,
                                        inactive_since="2026-01-01", inactive_days=1))[2])
    assert reasons["insufficient_comments"]["text"].startswith("only 1 comment by others collected")
    assert reasons["insufficient_language"]["text"] == "audience language not measured (1 comment long enough)"
    assert "the newest original post is 1 day old" in reasons["inactive"]["text"]
