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
