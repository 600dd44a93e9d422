"""The 0–100 score, the verdict and the reasons, from a creator's vetted components.

Score: ``100 * sum(w_c * s_c) / sum(w_c)`` over the components ``c`` whose sub-score ``s_c``
(0–1, functions below) is known; unknown components are left out (and said so in the reasons),
never scored as 0. The weights live in :data:`WEIGHTS` only.

Verdict rules, in order:

1. ``insufficient_data`` when neither the engagement rate nor the bot-like share can be measured
   (too few rated posts AND fewer than 10 comments by others): there is nothing to judge.
2. ``avoid`` when the Wilson 95 % lower bound of the bot-like comment share is >= 25 %, when the
   platform flags the creator's own account as automated, or when **two red flags on comments or
   audience agree** (:data:`RED_FLAGS`: a bot-like share whose lower bound is >= 15 %,
   copy-pasted comments, comments by platform-marked bot accounts, an engagement pod, comment
   bursts, templates shared with other creators, commenters who hop between creators, a
   follower spike, a hostile or negative-heavy comment section: brand safety,
   :mod:`vetting.conversation`).
3. At most ``review`` when one red flag is raised, most comments are generic praise (weak
   evidence of a pod, so a human should look), the niche fit is below 0.25 (off-niche), the
   bot-like share cannot be measured (fewer than 10 comments, or a platform whose API gives no
   comments such as Instagram: authenticity unverified), the
   engagement rate is unknown (hidden counts, too few posts), or the creator is inactive (the
   newest original post is more than :data:`INACTIVE_DAYS` days older than the vetting). The
   first reason then says which flag capped the verdict. Red flags also lower the authenticity
   sub-score.
4. Otherwise by score: ``>= 65`` recommended, ``>= 35`` review, below ``avoid`` (poor fit on
   several components at once).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AVOID_BOT_LOW",
    "INACTIVE_DAYS",
    "OFF_NICHE",
    "RECOMMEND_SCORE",
    "RED_FLAGS",
    "REVIEW_BOT_LOW",
    "REVIEW_SCORE",
    "SUBSCORES",
    "WEIGHTS",
    "Components",
    "count_text",
    "score_creator",
    "subscores",
]

# The one place where component weights live (they sum to 1; unknown components drop out and the
# rest are renormalised).
WEIGHTS: dict[str, float] = {
    # Share of comments by others that look bot-like: the most direct sign of bought engagement.
    "authenticity": 0.25,
    # Niche fit: a brand pays for reach into its niche; an off-niche creator is the wrong buy.
    "niche_fit": 0.23,
    # Median ER against published peers (band) or store peers (percentile): is anyone listening?
    "engagement": 0.18,
    # What the comments say: substance, product questions, purchase intent, minus negativity. An
    # audience that asks "which pan is that?" is worth more to a brand than one that posts "😍🔥".
    "conversation": 0.10,
    # Share of the audience writing in the market language: reach in the market the brand sells to.
    "audience_language": 0.09,
    # Generic context-free praise share: weak evidence of pods, so a small weight.
    "comment_quality": 0.05,
    # Stability of per-post ER (CV): erratic engagement hints at boosted posts.
    "consistency": 0.04,
    # Follower growth without spikes or drops.
    "growth": 0.03,
    # Creator answers their commenters: a real community.
    "reply_rate": 0.03,
}

AVOID_BOT_LOW = 0.25      # Wilson lower bound of the bot-like share -> avoid
REVIEW_BOT_LOW = 0.15     # -> at most review
RECOMMEND_SCORE = 65.0
REVIEW_SCORE = 35.0
_BAND_SCORE = {"low": 0.1, "below_average": 0.4, "average": 0.7, "above_average": 0.9, "high": 1.0}
OFF_NICHE = 0.25         # niche fit below this -> at most review
INACTIVE_DAYS = 30       # newest original post older than this at vetting time -> inactive, at most review
_REVIEW_SIGNALS = {"generic_comments": "most comments are generic praise (weak evidence of an engagement pod)"}
_PENALTY_SIGNALS = {
    "near_duplicate_comments": "copy-pasted comments",
    "comment_bursts": "comment bursts right after posting",
    "bot_accounts": "comments by accounts the platform flags as bots",
    "pod_commenters": "engagement-pod pattern",
    "cross_creator_templates": "comment templates shared with other creators",
    "hopping_commenters": "commenters who hop between many creators within hours",
}
RED_FLAGS = {
    "bot_comments": "bot-like comment share",
    **_PENALTY_SIGNALS,
    "growth_spike": "follower spike",
    "brand_safety": "hostile or negative-heavy comments (brand safety)",
}
"""The red flags on comments and audience: one caps the verdict at ``review``, two agreeing give ``avoid``."""
SIGNAL_PENALTY = 0.75     # authenticity is multiplied by this per raised copy-pasta/burst/bot-account signal
_TIER_TEXT = {"emerging": "emerging (<1k)", "nano": "nano (1k–10k)", "micro": "micro (10k–100k)",
              "macro": "macro (100k–1M)", "mega": "mega (1M+)"}
_BAND_TEXT = {"low": "the lowest band", "below_average": "the below-average band", "average": "the average band",
              "above_average": "the above-average band", "high": "the highest band"}
_PLATFORM_TEXT = {"mastodon": "Mastodon", "youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok",
                  "bluesky": "Bluesky"}


@dataclass
class Components:
    """What the vetting run measured for one creator (``None`` = unknown)."""

    platform: str
    tier: str | None = None
    followers_count: int | None = None
    engagement_rate: float | None = None
    rated_posts: int = 0
    er_band: str | None = None
    er_band_range: tuple[float, float] | None = None
    er_band_assumed: bool = False
    er_percentile: float | None = None
    er_bands: Sequence[Mapping[str, Any]] = ()   # every matching published band, er_band's first
    er_denominator: str | None = None            # "views" / "followers": what the rate is per
    er_peers: int | None = None                  # creators of the same platform, tier and denominator
    engagement_cv: float | None = None
    comments_analyzed: int = 0
    bot_comment_rate: float | None = None
    bot_comment_rate_low: float | None = None
    bot_comment_rate_high: float | None = None
    generic_comment_rate: float | None = None
    signals: Sequence[Mapping[str, Any]] = ()
    niche_fit: float | None = None
    niche_terms: Sequence[str] = ()
    market_language: str | None = None
    market_language_rate: float | None = None
    audience_sample: int = 0
    growth_spike: bool = False
    growth_drop: bool = False
    growth_text: str | None = None
    growth_known: bool = False
    reply_rate: float | None = None
    conversation: Mapping[str, Any] = field(default_factory=dict)   # vetting.conversation.summarize
    sponsored_rate: float | None = None
    sponsored_vs_organic: float | None = None
    recent_brands: Sequence[str] = ()
    is_bot_account: bool = False
    inactive_since: str | None = None            # date of the newest original post when older than INACTIVE_DAYS
    inactive_days: int | None = None             # its age in days at the vetting's reference time
    insufficient: Mapping[str, str] = field(default_factory=dict)
    comments_unavailable: str | None = None      # why the platform's API gives no comments (Instagram)


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def authenticity_score(bot_rate: float, raised_signals: int = 0) -> float:
    """``(1 - bot_rate / 0.30) * 0.75 ** raised_signals``: no bot-like comments 1, 30 % or more 0;
    each raised copy-pasta / comment-burst / flagged-commenter signal multiplies by 0.75."""
    return _clip(1 - bot_rate / 0.30) * SIGNAL_PENALTY ** raised_signals


def comment_quality_score(generic_rate: float) -> float:
    """``1 - max(0, generic - 0.20) / 0.60``: up to 20 % generic praise is normal, 80 % gives 0."""
    return _clip(1 - max(0.0, generic_rate - 0.20) / 0.60)


def engagement_score(band: str | None, percentile: float | None) -> float | None:
    """``percentile / 100`` when the store percentile exists (the primary comparison: same rate
    definition, same crawl); otherwise the published band's score (low 0.1, below 0.4, average 0.7,
    above 0.9, high 1.0); ``None`` when neither exists."""
    if percentile is not None:
        return percentile / 100
    return _BAND_SCORE.get(band or "")


def niche_score(fit: float) -> float:
    """``min(1, fit / 0.5)``: a TF-IDF cosine of 0.5 with the niche description already means a
    creator who talks about little else."""
    return _clip(fit / 0.5)


def consistency_score(cv: float) -> float:
    """``1 - (cv - 0.5) / 1.5``: CV <= 0.5 scores 1, CV >= 2 scores 0."""
    return _clip(1 - (cv - 0.5) / 1.5)


def growth_score(spike: bool, drop: bool) -> float:
    """1 without anomalies, 0.3 after a drop, 0 after a spike."""
    return 0.0 if spike else 0.3 if drop else 1.0


def conversation_score(substantive: float, product_questions: float, intent: float, negative: float) -> float:
    """``(0.5 min(1, substantive / 0.5) + 0.3 min(1, product_questions / 0.15) + 0.2 min(1, intent / 0.10))
    * (1 - clip((negative - 0.15) / 0.35))``: half the comments substantive, 15 % product questions and
    10 % purchase intent are full marks (all three are rare in organic sections); negativity above the
    usual 15 % takes marks away, 50 % negative or hostile leaves nothing."""
    value = 0.5 * min(1.0, substantive / 0.5) + 0.3 * min(1.0, product_questions / 0.15) + 0.2 * min(1.0, intent / 0.10)
    return _clip(value * (1 - _clip((negative - 0.15) / 0.35)))


def reply_score(rate: float) -> float:
    """``min(1, reply_rate / 0.5)``: answering on half the commented posts is full marks."""
    return _clip(rate / 0.5)


SUBSCORES = {
    "authenticity": authenticity_score, "comment_quality": comment_quality_score, "engagement": engagement_score,
    "niche_fit": niche_score, "consistency": consistency_score, "growth": growth_score, "reply_rate": reply_score,
    "conversation": conversation_score,
}


def subscores(c: Components) -> dict[str, float]:
    """The known 0–1 sub-scores of ``c`` (the functions above); unknown ones are absent."""
    out: dict[str, float | None] = {
        "authenticity": None if c.bot_comment_rate is None else authenticity_score(
            c.bot_comment_rate, sum(1 for s in c.signals if s.get("triggered") and s.get("kind") in _PENALTY_SIGNALS)),
        "comment_quality": None if c.generic_comment_rate is None else comment_quality_score(c.generic_comment_rate),
        "engagement": engagement_score(c.er_band, c.er_percentile),
        "niche_fit": None if c.niche_fit is None else niche_score(c.niche_fit),
        "audience_language": c.market_language_rate,
        "consistency": None if c.engagement_cv is None else consistency_score(c.engagement_cv),
        "growth": growth_score(c.growth_spike, c.growth_drop) if c.growth_known else None,
        "reply_rate": None if c.reply_rate is None else reply_score(c.reply_rate),
        "conversation": None if c.conversation.get("substantive_rate") is None else conversation_score(
            c.conversation["substantive_rate"], c.conversation["product_question_rate"],
            c.conversation["purchase_intent_rate"], c.conversation["negative_rate"]),
    }
    return {k: round(v, 4) for k, v in out.items() if v is not None}


def count_text(n: int, word: str, many: str | None = None) -> str:
    """``1 comment``, ``3 comments``: a count with its noun in the right number."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def _pct(x: float, digits: int = 0) -> str:
    return f"{x * 100:.{digits}f} %"


def _er(x: float) -> str:
    return f"{x * 100:.2f} %"


def _reason(flag: str, code: str, text: str) -> dict[str, str]:
    return {"flag": flag, "code": code, "text": text}


def _reasons(c: Components, subs: Mapping[str, float]) -> list[dict[str, str]]:
    reasons: list[dict[str, str]] = []
    platform = _PLATFORM_TEXT.get(c.platform, c.platform)
    # Comments.
    if c.bot_comment_rate is not None and c.bot_comment_rate_low is not None and c.bot_comment_rate_high is not None:
        text = (f"{_pct(c.bot_comment_rate)} of {c.comments_analyzed} comments look bot-like "
                f"(95 % CI {_pct(c.bot_comment_rate_low)[:-2]}–{_pct(c.bot_comment_rate_high)})")
        flag = "red" if c.bot_comment_rate_low >= REVIEW_BOT_LOW else "green" if c.bot_comment_rate_high < 0.10 \
            else "info"
        reasons.append(_reason(flag, "bot_comments", text))
    elif c.comments_unavailable:
        reasons.append(_reason("info", "comments_unavailable",
                               f"{c.comments_unavailable}: bot-like share, conversation, audience language and "
                               "the creator's replies not assessed (read a few comment sections in the app)"))
    else:
        reasons.append(_reason("info", "insufficient_comments",
                               f"only {count_text(c.comments_analyzed, 'comment')} by others collected (need 10): "
                               "bot-like share not measured"))
    for signal in c.signals:
        kind = signal.get("kind")
        if signal.get("triggered") and (kind in _REVIEW_SIGNALS or kind in _PENALTY_SIGNALS):
            default = _REVIEW_SIGNALS.get(kind) or _PENALTY_SIGNALS[kind]
            reasons.append(_reason("red", kind, str(signal.get("summary") or default)))
    generic_raised = any(s.get("triggered") and s.get("kind") == "generic_comments" for s in c.signals)
    if c.generic_comment_rate is not None and c.generic_comment_rate >= 0.5 and not generic_raised:
        reasons.append(_reason("info", "generic_comments",
                               f"{_pct(c.generic_comment_rate)} of comments are generic praise "
                               "(weak evidence of an engagement pod)"))
    # Engagement: the store percentile is the primary comparison once there are enough peers; the
    # published bands (only those per the rate's own denominator) are context, or the fallback.
    tier_text = _TIER_TEXT.get(c.tier or "", "creators of unknown size")
    denominator = c.er_denominator or ("views" if c.platform in ("youtube", "tiktok") else "followers")
    per = {"views": "per view", "followers": "per follower"}.get(denominator, f"per {denominator}")
    side = {"low": "below", "below_average": "below", "average": "average", "above_average": "above",
            "high": "above"}

    def band_text(b: Mapping[str, Any]) -> str:
        lo, hi = b.get("band_range") or (0.0, 0.0)
        return (f"{b.get('source_name')}: {_BAND_TEXT.get(str(b.get('band')), b.get('band'))} "
                f"(average {lo * 100:.2f}–{hi * 100:.2f} %)")

    placed = [b for b in c.er_bands if b.get("band")]
    if len({side.get(str(b["band"])) for b in placed}) > 1:
        others = "; sources disagree – " + "; ".join(band_text(b) for b in placed[1:])
    else:
        others = "".join(f"; also {band_text(b)}" for b in placed[1:])
    assumed = f" – assumed: no published {platform} table" if c.er_band_assumed else ""
    peers_why = c.insufficient.get("er_percentile")
    if c.engagement_rate is None:
        reasons.append(_reason("info", "insufficient_engagement",
                               "engagement rate not measured: " + c.insufficient.get("engagement_rate", "no data")))
    elif c.er_percentile is not None:
        flag = "red" if c.er_percentile < 10 else "green" if c.er_percentile >= 60 else "info"
        context = ""
        if placed:
            context = f"; published context – {band_text(placed[0])}{assumed}{others}"
        elif c.er_band and c.er_band_range:
            lo, hi = c.er_band_range
            context = f"; published context – {_BAND_TEXT[c.er_band]} (average {lo * 100:.2f}–{hi * 100:.2f} %)"
        reasons.append(_reason(flag, "engagement_percentile",
                               f"median ER {_er(c.engagement_rate)} {per} is at the {c.er_percentile:.0f}th "
                               f"percentile of {c.er_peers if c.er_peers else 'the'} {c.tier} creators on {platform} "
                               f"in this store (primary comparison: same rate definition){context}"))
    elif c.er_band and c.er_band_range:
        lo, hi = c.er_band_range
        flag = "red" if c.er_band == "low" else "green" if c.er_band in ("above_average", "high", "average") \
            else "info"
        name = f", {placed[0]['source_name']}" if placed and placed[0].get("source_name") else ""
        fallback = f"; primary comparison is this band: store percentile needs peers – {peers_why}" if peers_why \
            else ""
        reasons.append(_reason(flag, "engagement_band",
                               f"median ER {_er(c.engagement_rate)} {per} is in {_BAND_TEXT[c.er_band]} for "
                               f"{c.tier} creators on {platform} (average band {lo * 100:.2f}–{hi * 100:.2f} %"
                               f"{name}{assumed}){others}{fallback}"))
    else:
        why = c.insufficient.get("er_band", "no peer band")
        reasons.append(_reason("info", "engagement_unbenchmarked",
                               f"median ER {_er(c.engagement_rate)} {per} for {tier_text} on {platform}; {why}"
                               + (f"; no store percentile: {peers_why}" if peers_why else "")))
    if c.engagement_cv is not None and c.engagement_cv > 1.5:
        reasons.append(_reason("info", "erratic_engagement",
                               f"per-post engagement varies widely (CV {c.engagement_cv:.2f})"))
    # Niche and language.
    if c.niche_fit is not None:
        terms = ", ".join(list(c.niche_terms)[:5])
        flag = "green" if c.niche_fit >= 0.3 else "red" if c.niche_fit < OFF_NICHE else "info"
        reasons.append(_reason(flag, "niche_fit", f"niche fit {c.niche_fit:.2f}"
                               + (f" (matching: {terms})" if terms else " (no matching terms)")))
    elif "niche_fit" in c.insufficient:
        reasons.append(_reason("info", "insufficient_niche", "niche fit not measured: " + c.insufficient["niche_fit"]))
    if c.market_language and not c.comments_unavailable:  # said once, with the comments
        if c.market_language_rate is None:
            reasons.append(_reason("info", "insufficient_language",
                                   f"audience language not measured ({count_text(c.audience_sample, 'comment')} "
                                   "long enough)"))
        else:
            flag = "green" if c.market_language_rate >= 0.5 else "red" if c.market_language_rate < 0.2 else "info"
            reasons.append(_reason(flag, "market_language",
                                   f"{_pct(c.market_language_rate)} of {c.audience_sample} analysed comments are "
                                   f"in '{c.market_language}'"))
    # Growth, community, sponsoring.
    if c.growth_text:
        reasons.append(_reason("red" if c.growth_spike else "info", "growth_anomaly", c.growth_text))
    elif not c.growth_known:
        reasons.append(_reason("info", "insufficient_growth", "fewer than 2 crawls: follower growth not checked"))
    reasons.extend(_conversation_reasons(c))
    if c.reply_rate is not None:
        reasons.append(_reason("green" if c.reply_rate >= 0.3 else "info", "reply_rate",
                               f"creator answered comments on {_pct(c.reply_rate)} of commented posts"))
    if c.sponsored_rate is not None and c.sponsored_rate > 0:
        brands = ", ".join(list(c.recent_brands)[:5])
        text = f"{_pct(c.sponsored_rate)} of original posts are disclosed ads"
        if brands:
            text += f" (brands: {brands})"
        if c.sponsored_vs_organic is not None:
            text += f"; sponsored posts get {c.sponsored_vs_organic:.2f}× the organic median ER"
        reasons.append(_reason("info", "sponsored", text))
    if c.is_bot_account:
        reasons.append(_reason("red", "bot_account", "the platform flags this account as automated"))
    if c.inactive_since:
        reasons.append(_reason("red", "inactive", f"inactive since {c.inactive_since}: the newest original post is "
                                                  f"{count_text(c.inactive_days or 0, 'day')} old at vetting (more "
                                                  f"than {INACTIVE_DAYS})"))
    missing = sorted(set(WEIGHTS) - set(subs))
    if missing:
        reasons.append(_reason("info", "unscored_components", "not scored (no data): " + ", ".join(missing)))
    return reasons


def _conversation_reasons(c: Components) -> list[dict[str, str]]:
    """The conversation reason (green when strong) and the brand-safety red flag."""
    talk = c.conversation
    if not talk:
        return []
    out = []
    if c.comments_unavailable:  # said once, in the comments reason
        return []
    if talk.get("question_rate") is None:
        why = str(talk.get("summary") or "conversation not assessed")
        out.append(_reason("info", "insufficient_conversation", why))
    elif talk.get("strong"):
        out.append(_reason("green", "strong_conversation", "strong conversation: " + str(talk.get("summary"))))
    else:
        out.append(_reason("info", "conversation", str(talk.get("summary"))))
    for signal in c.signals:
        if signal.get("kind") == "brand_safety" and signal.get("triggered"):
            out.append(_reason("red", "brand_safety", str(signal.get("summary") or RED_FLAGS["brand_safety"])))
    return out


def score_creator(components: Components) -> tuple[float | None, str, list[dict[str, str]]]:
    """``(score 0–100 or None, verdict, reasons)`` by the rules in the module docstring."""
    c = components
    subs = subscores(c)
    reasons = _reasons(c, subs)
    if c.engagement_rate is None and c.bot_comment_rate is None:
        reasons.insert(0, _reason("info", "insufficient_data",
                                  "neither engagement rate nor bot-like comment share could be measured"))
        return None, "insufficient_data", reasons
    total = sum(WEIGHTS[k] for k in subs)
    score = round(100 * sum(WEIGHTS[k] * v for k, v in subs.items()) / total, 1) if total else None
    low = c.bot_comment_rate_low
    flags = red_flags(c)
    if (low is not None and low >= AVOID_BOT_LOW) or c.is_bot_account:
        return score, "avoid", reasons
    if len(flags) >= 2:
        reasons.insert(0, _reason("red", "verdict_capped", "avoid: two red flags agree: " + ", ".join(flags)))
        return score, "avoid", reasons
    caps = [*flags]
    if c.niche_fit is not None and c.niche_fit < OFF_NICHE:
        caps.append(f"off-niche (niche fit {c.niche_fit:.2f})")
    if c.bot_comment_rate is None:
        caps.append(f"bot-like share not measurable ({c.comments_unavailable})" if c.comments_unavailable
                    else "bot-like share not measured")
    if c.engagement_rate is None:
        caps.append("engagement rate unknown")
    if c.inactive_since:
        caps.append(f"inactive since {c.inactive_since}")
    caps += [text for kind, text in _REVIEW_SIGNALS.items()
             if any(s.get("triggered") and s.get("kind") == kind for s in c.signals)]
    if score is None:
        return None, "insufficient_data", reasons
    if score >= RECOMMEND_SCORE and not caps:
        return score, "recommended", reasons
    if score >= RECOMMEND_SCORE:
        reasons.insert(0, _reason("red" if flags else "info", "verdict_capped",
                                  f"score {score:.0f} would recommend; capped at review by: " + ", ".join(caps)))
    if score >= REVIEW_SCORE:
        return score, "review", reasons
    return score, "avoid", reasons


def red_flags(c: Components) -> list[str]:
    """The raised red flags (texts of :data:`RED_FLAGS`), in that order."""
    raised = {str(s.get("kind")) for s in c.signals if s.get("triggered")}
    if c.bot_comment_rate_low is not None and c.bot_comment_rate_low >= REVIEW_BOT_LOW:
        raised.add("bot_comments")
    if c.growth_spike:
        raised.add("growth_spike")
    return [text for kind, text in RED_FLAGS.items() if kind in raised]
