"""The planted-kind detectors and the planted report, on hand-built vetting_scores rows (no crawl)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from vetting.evaluation import DETECTORS, cue_share, dominant_bot_kind, planted_report

NETWORKS = ("llm_praise_bots", "gambling_spam", "crypto_chain", "impersonation_scam", "follow_bait")


def row(
    red: tuple[str, ...] = (),
    cues: dict[str, int] | None = None,
    *,
    rate: float | None = 0.5,
    analysed: int = 100,
    verdict: str = "avoid",
    stored: bool = False,
    creator_id: str = "c1",
) -> dict[str, Any]:
    """A vetting_scores row: red reasons with ``red`` codes, ``cues`` on the bot_like_comments signal."""
    reasons = [{"flag": "red", "code": code, "text": code} for code in red]
    reasons.append({"flag": "green", "code": "engagement_in_band", "text": "fine"})
    evidence = [{"kind": "near_duplicate_comments", "triggered": False, "value": 0.0, "threshold": 0.1,
                 "summary": "", "comment_ids": [], "post_ids": []}]
    if cues is not None:
        evidence.append({"kind": "bot_like_comments", "triggered": True, "value": rate, "threshold": 0.15,
                         "summary": "", "comment_ids": [], "post_ids": [], "reasons": cues})
    out = {"platform": "mastodon", "creator_id": creator_id, "verdict": verdict, "score": 10.0, "niche_fit": 0.8,
           "comments_analyzed": analysed, "reasons": reasons, "evidence": evidence}
    if stored:  # as read back from vetting_scores
        out["reasons"], out["evidence"] = json.dumps(out["reasons"]), json.dumps(out["evidence"])
    return out


def flagged_kinds(r: dict[str, Any]) -> set[str]:
    return {kind for kind, detect in DETECTORS.items() if detect(r)}


def test_cue_share_is_of_the_flagged_comments_and_does_not_add_overlapping_cues() -> None:
    # 50 of 100 comments flagged; emoji signature and formal praise often sit on the same comment.
    r = row(cues={"emoji_signature": 30, "formal_praise": 25, "model": 50})
    assert cue_share(r, "emoji_signature", "formal_praise") == pytest.approx(0.6)
    assert cue_share(r, "gambling") == 0.0
    assert cue_share(row(cues={"gambling": 20}, rate=0.2, analysed=100, stored=True), "gambling") == 1.0
    assert cue_share(row(cues=None), "gambling") == 0.0  # no bot_like_comments signal
    assert cue_share(row(cues={"gambling": 3}, rate=None), "gambling") == 1.0  # count only: cues bound it
    assert cue_share(row(cues={}, rate=0.0), "gambling") == 0.0


@pytest.mark.parametrize(
    ("cues", "kind"),
    [
        ({"gambling": 40, "styled_unicode": 38, "model": 50}, "gambling_spam"),
        ({"crypto_investment": 20, "offsite_contact": 18, "model": 45}, "crypto_chain"),
        ({"giveaway": 30, "offsite_contact": 30}, "impersonation_scam"),
        ({"follow_bait": 35, "model": 40}, "follow_bait"),
        ({"emoji_signature": 33, "formal_praise": 40, "cross_creator_template": 45}, "llm_praise_bots"),
    ],
)
def test_each_bot_network_is_told_by_its_own_cues(cues: dict[str, int], kind: str) -> None:
    r = row(("bot_comments",), cues)
    assert dominant_bot_kind(r) == kind
    assert flagged_kinds(r) & set(NETWORKS) == {kind}
    assert "bot_heavy" in flagged_kinds(r)  # red bot_comments: mixed or not, the comments are bots


def test_mixed_spam_is_no_single_network() -> None:
    # bot_heavy's spam: collab, follow-for-follow, crypto scams, links, copy-pasta.
    mixed = row(("bot_comments",), {"follow_bait": 17, "crypto_investment": 14, "offsite_contact": 22,
                                    "giveaway": 4, "cross_creator_template": 40, "model": 50})
    assert dominant_bot_kind(mixed) is None
    assert flagged_kinds(mixed) == {"bot_heavy"}
    # Leading but below the threshold share, or not clearly ahead of the next kind: no network.
    assert dominant_bot_kind(row(("bot_comments",), {"gambling": 12, "model": 50})) is None
    assert dominant_bot_kind(row(("bot_comments",), {"gambling": 20, "follow_bait": 16})) is None


def test_network_cues_need_a_red_flag() -> None:
    quiet = row((), {"gambling": 40, "model": 50})
    assert dominant_bot_kind(quiet) == "gambling_spam"
    assert not flagged_kinds(quiet)


def test_llm_praise_is_found_by_the_network_fingerprints() -> None:
    # Polite praise passes the model: nothing flagged, but the network shows across creators.
    assert "llm_praise_bots" in flagged_kinds(row(("hopping_commenters",), None))
    assert "llm_praise_bots" in flagged_kinds(row(("cross_creator_templates",), {}, rate=0.0))
    # Templates that the model flags as mixed spam or as another network's are not LLM praise.
    assert "llm_praise_bots" not in flagged_kinds(
        row(("bot_comments", "cross_creator_templates"), {"follow_bait": 17, "crypto_investment": 14})
    )
    gambling = row(("bot_comments", "cross_creator_templates", "hopping_commenters"), {"gambling": 45})
    assert flagged_kinds(gambling) == {"bot_heavy", "gambling_spam"}


def test_clean_rows_trip_no_detector() -> None:
    # Emoji-heavy fans: a few comments flagged with emoji cues, no red flag.
    fans = row((), {"emoji_signature": 3, "model": 4}, rate=0.04, verdict="recommended")
    assert not flagged_kinds(fans)


def creator(creator_id: str, *kinds: str, on_niche: bool = True) -> dict[str, Any]:
    return {"platform": "mastodon", "creator_id": creator_id, "handle": f"h_{creator_id}", "kinds": list(kinds),
            "on_niche": on_niche}


def test_planted_report_scores_kinds_and_counts_recommended_with_red_flags() -> None:
    truth = {"creators": [
        creator("g", "gambling_spam"),
        creator("b", "bot_heavy"),
        creator("f", "follow_bait"),
        creator("c", "clean"),
        creator("e", "clean", "emoji_fans"),
        creator("x", "clean"),  # not vetted
    ]}
    scores = [
        row(("bot_comments",), {"gambling": 40}, creator_id="g"),
        row(("bot_comments",), {"follow_bait": 17, "crypto_investment": 14}, creator_id="b"),
        row((), {"follow_bait": 2}, rate=0.02, verdict="recommended", creator_id="f"),  # missed
        row(("near_duplicate_comments",), {}, rate=0.0, verdict="recommended", creator_id="c"),
        row((), {"emoji_signature": 2}, rate=0.03, verdict="recommended", creator_id="e", stored=True),
    ]
    report = planted_report(truth, scores)
    kinds = {k.kind: k for k in report.kinds}
    assert report.vetted == 5
    assert (kinds["gambling_spam"].planted, kinds["gambling_spam"].flagged, kinds["gambling_spam"].found) == (1, 1, 1)
    # Red bot_comments on the gambling creator is right for bot_heavy's detector too: related, no false alarm.
    assert (kinds["bot_heavy"].flagged, kinds["bot_heavy"].found, kinds["bot_heavy"].related) == (1, 1, 1)
    assert kinds["bot_heavy"].precision == 1.0
    assert kinds["follow_bait"].recall == 0.0 and kinds["follow_bait"].precision is None
    assert report.verdicts_by_kind["clean_on_niche"] == {"recommended": 2}
    assert [(r["handle"], r["red_flags"]) for r in report.recommended_red] == [("h_c", ["near_duplicate_comments"])]
    lines = report.lines()
    assert "recommended creators with a triggered red flag: 1" in lines
    assert any(line.strip().startswith("bot_heavy") and "(+1 related)" in line for line in lines)


# -- conversation kinds (issue #13) -----------------------------------------------------------------


def conversation_row(
    creator_id: str,
    *,
    score: float,
    verdict: str = "recommended",
    reasons: tuple[tuple[str, str], ...] = (),
    signals: tuple[tuple[str, bool], ...] = (),
    stored: bool = False,
    **rates: float | None,
) -> dict[str, Any]:
    """A vetting row with ``reasons`` as (flag, code), evidence ``signals`` as (kind, triggered) and rates."""
    out: dict[str, Any] = {
        "platform": "mastodon", "creator_id": creator_id, "verdict": verdict, "score": score, "niche_fit": 0.8,
        "comments_analyzed": 100, "reasons": [{"flag": f, "code": c, "text": c} for f, c in reasons],
        "evidence": [{"kind": k, "triggered": t, "value": 0.3, "threshold": 0.2, "summary": ""} for k, t in signals],
        **rates,
    }
    if stored:
        out["reasons"], out["evidence"] = json.dumps(out["reasons"]), json.dumps(out["evidence"])
    return out


CONVERSATION_TRUTH = {"creators": [
    creator("q1", "clean", "question_rich"),
    creator("q2", "clean", "question_rich"),
    creator("p1", "clean", "purchase_intent_rich"),
    creator("h1", "hostile_section"),
    creator("h2", "hostile_section", "sponsored"),
    creator("s1", "clean", "praise_only"),
    creator("o1", "clean"),
    creator("o2", "clean", "emoji_fans"),
    creator("o3", "clean", "sponsored"),
    creator("b1", "bot_heavy"),
]}


def test_conversation_report_says_not_measured_without_the_vetting_keys() -> None:
    # A vetting run from before issue #13: no conversation rates, no such reasons.
    scores = [conversation_row(c["creator_id"], score=float(10 * k), verdict="review" if k == 3 else "recommended")
              for k, c in enumerate(CONVERSATION_TRUTH["creators"])]
    report = planted_report(CONVERSATION_TRUTH, scores)
    conv = report.conversation
    assert conv is not None and not conv.measured
    assert conv.planted == {"question_rich": 2, "purchase_intent_rich": 1, "hostile_section": 2, "praise_only": 1}
    assert conv.strong_conversation_recall is None and conv.strong_conversation_elsewhere is None
    assert conv.brand_safety is None and conv.brand_safety_false_alarms is None
    for comparison in (conv.product_question_rate, conv.answered_question_rate, conv.purchase_intent_rate):
        assert not comparison.measured and comparison.planted is None and comparison.others is None
    # Verdicts and scores exist before issue #13: those figures are measured.
    assert conv.hostile_capped == 1
    # Clean creators by score: q1 0, q2 10, p1 20, s1 50, o1 60, o2 70, o3 80 -> percentiles 0..100 in steps of 100/6.
    assert conv.score_percentile["question_rich"] == pytest.approx(100 / 12)
    assert conv.score_percentile["praise_only"] == pytest.approx(50.0)
    text = "\n".join(report.lines())
    assert "strong_conversation recall not measured" in text
    assert "product_question_rate not measured" in text and "answered_question_rate not measured" in text
    assert "purchase_intent_rate not measured" in text and "brand_safety not measured" in text
    assert "given brand_safety (false alarms): not measured" in text
    assert "question_rich ranked above praise_only: no" in text
    assert json.loads(json.dumps(conv.as_dict()))["brand_safety"] is None


def test_conversation_report_compares_planted_creators_with_other_clean_ones() -> None:
    green, red = ("green", "strong_conversation"), ("red", "brand_safety")
    scores = [
        conversation_row("q1", score=90, reasons=(green,), question_rate=0.5, product_question_rate=0.4,
                         answered_question_rate=0.8),
        conversation_row("q2", score=80, product_question_rate=0.3, answered_question_rate=None),  # too few
        conversation_row("p1", score=70, purchase_intent_rate=0.3, stored=True),
        conversation_row("h1", score=40, verdict="review", reasons=(red,), hostile_rate=0.2, negative_rate=0.1),
        conversation_row("h2", score=60, signals=(("brand_safety", True),), hostile_rate=0.1),  # signal only
        conversation_row("s1", score=30, verdict="review", reasons=(("red", "generic_comments"),),
                         product_question_rate=0.0, purchase_intent_rate=None),
        conversation_row("o1", score=50, reasons=(red, green), product_question_rate=0.1, purchase_intent_rate=0.02,
                         answered_question_rate=0.1, stored=True),
        conversation_row("o2", score=55, product_question_rate=0.2, purchase_intent_rate=0.04),
        # o3 was not vetted; b1 has a triggered brand_safety signal but is no clean creator
        conversation_row("b1", score=5, verdict="avoid", signals=(("brand_safety", True),)),
    ]
    report = planted_report(CONVERSATION_TRUTH, scores)
    conv = report.conversation
    assert conv is not None and conv.measured
    assert conv.strong_conversation_recall == 0.5 and conv.strong_conversation_elsewhere == 1
    assert (conv.product_question_rate.planted, conv.product_question_rate.others) == (pytest.approx(0.35),
                                                                                      pytest.approx(0.15))
    assert (conv.answered_question_rate.planted, conv.answered_question_rate.values) == (0.8, 1)
    assert (conv.purchase_intent_rate.planted, conv.purchase_intent_rate.others) == (0.3, pytest.approx(0.03))
    safety = conv.brand_safety
    assert safety is not None and (safety.planted, safety.flagged, safety.found) == (2, 4, 2)
    assert safety.precision == 0.5 and safety.recall == 1.0
    assert conv.hostile_capped == 1
    assert [a["handle"] for a in conv.brand_safety_false_alarms or []] == ["h_o1"]
    assert conv.praise_as_pod == 1
    assert conv.score_percentile["question_rich"] > conv.score_percentile["praise_only"] == 0.0
    text = "\n".join(report.lines())
    assert "strong_conversation recall 0.50 (also on 1 other creators)" in text
    assert "product_question_rate median 0.35 (n=2) vs 0.15 other clean (n=2)" in text
    assert "brand_safety flagged   4  precision 0.50  recall 1.00; capped at review/avoid 1 of 2" in text
    assert "question_rich ranked above praise_only: yes" in text
    assert "(false alarms): 1 (1 ordinary)" in text
    # brand_safety is a red flag that must keep a creator from recommended.
    assert [r["handle"] for r in report.recommended_red] == ["h_o1"]
    # The pod detector's hit on the praise-only creator is related, not a false alarm.
    pods = next(k for k in report.kinds if k.kind == "engagement_pod")
    assert (pods.flagged, pods.related) == (0, 1)
    assert json.loads(json.dumps(conv.as_dict()))["brand_safety"]["precision"] == 0.5


def test_comparison_tells_too_few_comments_from_not_measured() -> None:
    scores = [conversation_row("q1", score=1.0, answered_question_rate=None),
              conversation_row("o1", score=2.0, answered_question_rate=None)]
    conv = planted_report(CONVERSATION_TRUTH, scores).conversation
    assert conv is not None and conv.measured
    assert conv.answered_question_rate.text() == ("answered_question_rate median none (too few comments) (n=0) "
                                                  "vs none other clean (n=0)")
    assert conv.product_question_rate.text() == "product_question_rate not measured"


@pytest.mark.slow
def test_every_registered_platform_crawls_its_sandbox_in_one_run(tmp_path) -> None:
    """The evaluation's crawl serves a world of every platform and crawls them in one reactor (TikTok's
    date windows end on the world's day): each platform's store equals its ground truth."""
    import sqlite3

    from crawler.platforms import REGISTRY
    from crawler.sandbox.expect import expected_crawl
    from crawler.sandbox.truth import ground_truth
    from crawler.sandbox.world import generate_world
    from vetting.evaluation import crawl_sandbox

    world = generate_world(seed=3, creators=30, posts_per_creator=5, comments_per_post=4, platforms=tuple(REGISTRY))
    truth = ground_truth(world)
    db = tmp_path / "all.db"
    statuses = crawl_sandbox(world, db, hashtags=["veganrecipes"], max_posts=50, max_comments=1000)
    assert statuses == dict.fromkeys(REGISTRY, "finished")
    with sqlite3.connect(db) as conn:
        for platform in REGISTRY:
            expected = expected_crawl(truth, platform, ["veganrecipes"])
            stored = {table: {r[0] for r in conn.execute(f"SELECT {column} FROM {table} WHERE platform = ?",
                                                         (platform,))}
                      for table, column in (("creators", "creator_id"), ("posts", "post_id"),
                                            ("comments", "comment_id"))}
            assert expected.creators and stored["creators"] == set(expected.creators), platform
            assert stored["posts"] == set(expected.posts), platform
            assert stored["comments"] == set(expected.comments), platform
