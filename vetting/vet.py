"""One vetting run: read the store, judge every creator, write ``vetting_runs`` + ``vetting_scores``.

Stages (wall seconds in :attr:`VettingRunResult.timings`):

1. **model_load**: the language profiles, then the worker processes are forked and load the
   bot-comment model while this process reads (without workers, this process loads it);
2. **read** creators and posts (``Store.creators``, ``Store.iter_posts``: grouped by creator);
3. the comment pass (:mod:`vetting.comment_pass`): comments are **classified** in batches, in two
   worker processes for large stores, while this process reads on and scores the **niche**
   (:func:`vetting.niche.score_niche` over all creators at once); each creator gets comment
   **evidence**, an audience **language** profile and its **conversation** quality;
4. **store-wide**: templates across creators and hopping/first commenters
   (:mod:`vetting.networks`), then every creator's final bot-like share with the reasons of each
   flagged comment (:func:`vetting.evidence.network_evidence`);
5. **metrics**: engagement (with every published band of the same rate denominator), sponsored
   posts, growth, then er_percentile among peers of the same platform, tier and rate denominator,
   the score, the verdict and the reasons (:mod:`vetting.scoring`);
6. **store**: one ``vetting_runs`` row and one ``vetting_scores`` row per creator.

Also the library behind ``creatorscout rank`` (:func:`ranked_scores`); ``creatorscout comments
score`` lives in :mod:`vetting.comments_csv`.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crawler import timeutil
from crawler.errors import CreatorscoutError
from crawler.platforms import comment_access
from crawler.storage import Store
from crawler.timeutil import format_z, now_z, parse_utc
from vetting import comment_pass
from vetting import engagement as eng
from vetting.conversation import SAMPLE_SIZE, rates_of
from vetting.conversation_model import model_version as conversation_model_version
from vetting.growth import growth_report
from vetting.memory import collector_paused
from vetting.runs import RunInfo, runs_behind
from vetting.scoring import INACTIVE_DAYS, WEIGHTS, Components, count_text, score_creator, subscores
from vetting.shortlist.rows import json_column
from vetting.sponsored import detect_sponsored, sponsored_vs_organic
from vetting.verdicts import VERDICTS, rank_key

__all__ = [
    "VERDICTS",
    "NoVettingRunError",
    "VetError",
    "VettingRunResult",
    "ranked_scores",
    "run_vetting",
]

logger = logging.getLogger(__name__)

MIN_NICHE_POSTS = 3           # fewer original posts -> niche fit "insufficient data"


class NoVettingRunError(CreatorscoutError, LookupError):
    """The store holds no vetting run yet."""


class VetError(CreatorscoutError, ValueError):
    """A vetting argument is invalid."""


@dataclass
class VettingRunResult:
    run_id: int
    scores: list[dict[str, Any]]
    comment_count: int = 0
    timings: dict[str, float] = field(default_factory=dict)


class _Timer:
    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)

    def add(self, stage: str, started: float) -> float:
        now = time.perf_counter()
        self.totals[stage] += now - started
        return now


def _key(row: Mapping[str, Any]) -> tuple[str, str]:
    return (row["platform"], row["creator_id"])


def _post_text(post: Mapping[str, Any]) -> str:
    return "\n".join(p for p in (post.get("title"), post.get("text")) if p)


@collector_paused()   # millions of long-lived objects, next to no cycles: see vetting.memory
def run_vetting(store: Store, *, niche: str | None, seed_hashtags: Sequence[str] = (),
                market_language: str | None = None, platforms: Sequence[str] | None = None,
                now: str | None = None, as_of: str | None = None, batch_size: int = comment_pass.DEFAULT_BATCH,
                workers: int | None = None) -> VettingRunResult:
    """Vet every creator in ``store`` (of ``platforms``, default all) and store the run.

    ``now``: the vetting time stored (default: the clock). ``as_of``: the time a creator's activity
    is judged at (default ``now``): a creator whose newest original post is more than
    :data:`vetting.scoring.INACTIVE_DAYS` days older is inactive. Pass it to vet a crawl as of its
    own time, e.g. a sandbox world with its own clock. ``workers``: classifier processes (default:
    2 on a multi-core machine for stores of at least 50,000 comments, else 0 = in this process)."""
    from vetting import bots, language

    timer = _Timer()
    t = time.perf_counter()
    vetted_at = now or now_z("milliseconds")
    reference = parse_utc(as_of or vetted_at)
    if reference is None:
        raise VetError(f"cannot read the time {as_of or vetted_at!r}: write it as 2026-06-01 or 2026-06-01T12:00:00Z")
    comment_pass.clear_cache()
    # The language profiles are loaded here, then the workers are forked and load the model while
    # this process reads the creators and posts (without workers, this process loads it).
    language.detect_language("warm up the language profiles before forking workers")
    n_workers = comment_pass.worker_count(store, workers)
    pool = comment_pass.fork_pool(n_workers) if n_workers > 1 else None
    info = bots.model_metadata() if pool is not None else bots.load_model().metadata
    bot_threshold, model_version = float(info["threshold"]), info.get("model_version")
    t = timer.add("model_load", t)
    try:
        wanted_platforms = {p.lower() for p in platforms} if platforms else None
        creators = {_key(c): c for c in store.creators()
                    if wanted_platforms is None or c["platform"] in wanted_platforms}
        posts_by: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for post in store.iter_posts():
            key = _key(post)
            if key in creators:
                posts_by[key].append(post)
        t = timer.add("read", t)
        fits: dict[tuple[str, str], Any] = {}

        def score_niche_now() -> None:
            started = time.perf_counter()
            fits.update(_niche_fits(niche, seed_hashtags, creators, posts_by))
            timer.add("niche", started)

        # With workers, the niche is scored while they classify the first batches.
        facts, comment_count, worker_seconds = comment_pass.comment_facts(
            store, creators, posts_by, pool, n_workers, bot_threshold, batch_size, timer,
            while_waiting=score_niche_now if pool is not None else None)
        if pool is None:
            score_niche_now()
    finally:
        comment_pass.clear_cache()
        if pool is not None:
            pool.close()
            pool.join()
    for stage, seconds in worker_seconds.items():
        timer.totals[stage if pool is None else f"{stage} (in workers)"] += seconds
    t = time.perf_counter()
    context_summary = comment_pass.store_wide(facts, bot_threshold)
    timer.add("store-wide", t)

    # Per-creator metrics, then peers and scores.
    partial = []
    for key, creator in creators.items():
        posts = posts_by.get(key, [])
        t = time.perf_counter()
        lang = language.creator_language(
            [_post_text(p) for p in sorted(posts, key=lambda p: p.get("created_at") or "", reverse=True)],
            declared=[creator.get("language"), *(p.get("language") for p in posts[:12])],
        )
        t = timer.add("language", t)
        creator_facts = facts.get(key) or comment_pass.empty_facts()
        partial.append(_creator_metrics(store, creator, posts, creator_facts, fits.get(key), lang, market_language,
                                        reference))
        timer.add("metrics", t)
    t = time.perf_counter()
    # Peers share platform, tier and rate denominator: the same definition, so ranks compare like with like.
    peers: dict[tuple[str, str | None, str], list[float]] = defaultdict(list)
    for row, _ in partial:
        if row["tier"] and row["engagement_rate"] is not None:
            peers[_peer_key(row)].append(row["engagement_rate"])
    scores = []
    for row, components in partial:
        group = peers.get(_peer_key(row), [])
        percentile = eng.er_percentile(row["engagement_rate"], group)
        row["er_percentile"] = None if percentile is None else round(percentile, 1)
        components.er_percentile = row["er_percentile"]
        components.er_peers = len(group) if row["engagement_rate"] is not None else None
        if percentile is None and row["engagement_rate"] is not None:
            row["metrics"]["insufficient"]["er_percentile"] = (
                f"{count_text(len(group), (row['tier'] or 'unknown-tier') + ' creator')} on {row['platform']} in "
                "the store "
                f"(need {eng.MIN_PEERS})")
        row["metrics"]["er_comparison"] = {
            "primary": "percentile" if percentile is not None else "band" if row["er_band"] else None,
            "denominator": row["metrics"]["er_definition"]["denominator"],
            "peers": components.er_peers, "min_peers": eng.MIN_PEERS,
        }
        score, verdict, reasons = score_creator(components)
        row.update(score=score, verdict=verdict, reasons=reasons, vetted_at=vetted_at)
        row["metrics"]["components"] = subscores(components)
        row["metrics"]["weights"] = dict(WEIGHTS)
        scores.append(row)
    t = timer.add("metrics", t)

    run_id = store.start_vetting_run({
        "vetted_at": vetted_at, "niche": niche, "seed_hashtags": list(seed_hashtags),
        "market_language": market_language, "model_version": model_version,
        "settings": json.dumps({"platforms": sorted(wanted_platforms) if wanted_platforms else None,
                                "er_posts": eng.DEFAULT_POSTS, "language_sample": comment_pass.LANGUAGE_SAMPLE,
                                "bot_threshold": bot_threshold, "weights": WEIGHTS, "workers": n_workers,
                                "as_of": format_z(reference, "seconds"), "inactive_days": INACTIVE_DAYS,
                                "store_wide": context_summary,
                                "conversation": {"sample_size": SAMPLE_SIZE,
                                                 "model_version": conversation_model_version()},
                                "benchmarks": eng.BENCHMARKS_PATH.name}, sort_keys=True),
    })
    store.write_vetting_scores(run_id, scores)
    timer.add("store", t)
    logger.info("vetting run %s: %d creators, %d comments", run_id, len(scores), comment_count)
    return VettingRunResult(run_id=run_id, scores=scores, comment_count=comment_count, timings=dict(timer.totals))


def _peer_key(row: Mapping[str, Any]) -> tuple[str, str | None, str]:
    return (row["platform"], row["tier"], row["metrics"]["er_definition"]["denominator"])


def _niche_fits(niche: str | None, seed_hashtags: Sequence[str], creators: Mapping[tuple[str, str], Any],
                posts_by: Mapping[tuple[str, str], list[dict[str, Any]]]) -> dict[tuple[str, str], Any]:
    if not (niche and niche.strip()) and not seed_hashtags:
        return {}
    from vetting.niche import CreatorText, score_niche

    # What the creator posts: original posts only. Replies to fans ("Eine 26er Springform!") and reposts
    # of others' posts say little about the creator's niche, and a creator who answers many questions
    # would otherwise drift off it.
    texts = [
        CreatorText(key=key, bio=creator.get("bio"),
                    posts=[(p["post_id"], _post_text(p) or None, list(p.get("hashtags") or []), p.get("url"))
                           for p in eng.original_posts(posts_by.get(key, []))])
        for key, creator in creators.items()
    ]
    return score_niche(niche, list(seed_hashtags), texts)


def _round(x: float | None, digits: int = 6) -> float | None:
    return None if x is None else round(x, digits)


def _activity(originals: Sequence[Mapping[str, Any]], reference: datetime) -> tuple[str | None, int | None]:
    """``(newest original post's created_at, its age in whole days at reference)``; ``(None, None)``
    without a dated original post."""
    dated = [(when, p["created_at"]) for p in originals if (when := parse_utc(p.get("created_at"))) is not None]
    if not dated:
        return None, None
    newest, text = max(dated)
    return text, max(0, (reference - newest).days)


def _creator_metrics(store: Store, creator: Mapping[str, Any], posts: list[dict[str, Any]],
                     facts: comment_pass.CommentFacts, fit: Any, creator_lang: str | None, market_language: str | None,
                     reference: datetime | None = None) -> tuple[dict[str, Any], Components]:
    from vetting.language import market_language_rate

    platform, creator_id = creator["platform"], creator["creator_id"]
    followers = creator.get("followers_count")
    originals = eng.original_posts(posts)
    matches = {p["post_id"]: detect_sponsored(_post_text(p), p.get("hashtags") or (),
                                              creator_handle=creator.get("handle")) for p in originals}
    sponsored_ids = {pid for pid, m in matches.items() if m.sponsored}
    summary = eng.engagement_summary(posts, platform, followers, sponsored_ids=frozenset(sponsored_ids))
    insufficient = dict(summary.insufficient)
    denominator = summary.er_definition["denominator"]
    bands = eng.bands_for(summary.engagement_rate, platform, followers, denominator=denominator)
    band = bands[0] if bands else eng.band_for(summary.engagement_rate, platform, followers, denominator=denominator)
    if band.band is None and summary.engagement_rate is not None and band.why_missing:
        insufficient["er_band"] = band.why_missing

    # Sponsored share and sponsored vs organic, over every collected original post.
    all_rates = {p["post_id"]: eng.post_engagement_rate(p, platform, followers) for p in originals}
    sponsored_rate = len(sponsored_ids) / len(originals) if originals else None
    if sponsored_rate is None:
        insufficient["sponsored_rate"] = "no original posts collected"
    s_rates = [r for pid, r in all_rates.items() if r is not None and pid in sponsored_ids]
    o_rates = [r for pid, r in all_rates.items() if r is not None and pid not in sponsored_ids]
    vs_organic = sponsored_vs_organic(s_rates, o_rates)
    if vs_organic is None and sponsored_ids:
        insufficient["sponsored_vs_organic"] = (f"{len(s_rates)} sponsored and {len(o_rates)} organic posts with a "
                                                "known engagement rate (need 2 of each)")
    brands: dict[str, None] = {}
    for p in reversed(originals):
        for brand in matches[p["post_id"]].brands:
            brands.setdefault(brand, None)
    unpaid = sorted(pid for pid, m in matches.items() if m.sponsored and m.unpaid)

    reply = eng.reply_rate(facts.commented_posts, facts.answered_posts)
    if reply is None:
        insufficient["reply_rate"] = (f"{count_text(len(facts.commented_posts), 'post')} with comments by others "
                                      f"(need {eng.MIN_COMMENTED_POSTS})")
    access, access_note = comment_access(platform)
    if access == "anonymous":  # replies cannot be told apart: a reply rate of 0 would be invented
        reply = None
        insufficient["reply_rate"] = access_note
    growth = growth_report(store.snapshots_of(platform, creator_id))
    if growth is None:
        insufficient["growth_anomaly"] = "fewer than 2 crawls with a follower count"
    ev = facts.evidence
    talk = facts.conversation
    signals = [*ev.signals, talk["signal"]] if talk.get("signal") else list(ev.signals)
    if talk.get("question_rate") is None:
        insufficient["conversation"] = talk.get("summary") or "no comments by others"
    if ev.bot_rate is None:
        insufficient["bot_comment_rate"] = f"{count_text(ev.analysed, 'comment')} by others collected (need 10)"
    audience = facts.audience
    market_rate = market_language_rate(audience, market_language) if market_language else None
    if market_language and market_rate is None:
        insufficient["market_language_rate"] = (f"{count_text(audience.analysed, 'comment')} long enough for "
                                                "language detection (need 5)")
    if access == "none":  # no comment exists to measure: say why, never "0 % bot-like"
        talk = {**talk, "summary": access_note, "comments_unavailable": True}
        for name in ("bot_comment_rate", "conversation", "reply_rate", "market_language_rate"):
            if name != "market_language_rate" or market_language:
                insufficient[name] = access_note
    niche_fit = None if fit is None else round(float(fit.score), 4)
    niche_terms = [] if fit is None else list(fit.terms)
    if fit is not None and len(originals) < MIN_NICHE_POSTS:
        # One or two posts (a hashtag hit, say) say what matched, not what the creator posts.
        insufficient["niche_fit"] = f"{count_text(len(originals), 'original post')} collected (need {MIN_NICHE_POSTS})"
        niche_fit, niche_terms = None, []

    # Activity: the newest original post against the vetting's reference time.
    newest_post_at, newest_post_days = _activity(originals, reference or timeutil.now())
    inactive = newest_post_days is not None and newest_post_days > INACTIVE_DAYS
    inactive_since = newest_post_at[:10] if inactive and newest_post_at else None

    per_post = [{"post_id": r.post_id, "created_at": r.created_at, "engagement_rate": _round(r.engagement_rate),
                 "sponsored": r.sponsored, "url": r.url} for r in summary.per_post]
    metrics: dict[str, Any] = {
        "insufficient": insufficient,
        "er_definition": summary.er_definition,
        "er_band_range": list(band.band_range) if band.band_range else None,
        "er_band_source": band.source,
        "er_band_assumption": band.assumption,
        "er_bands": [b.as_json() for b in bands],
        "er_bands_disagree": eng.bands_disagree(bands),
        "per_post": per_post,
        "hidden_count_posts": summary.hidden_count_posts,
        "sponsored_posts": sorted(sponsored_ids),
        "unpaid_sponsored_posts": unpaid,
        "sponsored_markers": sorted({m for x in matches.values() for m in x.markers}),
        "top_niche_posts": [] if fit is None else list(fit.top_posts),
        "growth": growth.as_json() if growth else {"followers_series": [], "anomalies": []},
        "audience_language_sample": {"analysed": audience.analysed, "skipped": audience.skipped},
        "newest_post_at": newest_post_at,
        "newest_post_days": newest_post_days,
        "inactive_since": inactive_since,
        "activity_as_of": format_z(reference, "seconds") if reference is not None else None,
        "conversation": {k: v for k, v in talk.items() if k != "signal"},
    }
    row: dict[str, Any] = {
        "platform": platform, "creator_id": creator_id, "tier": summary.tier, "followers_count": followers,
        "engagement_rate": _round(summary.engagement_rate),
        "engagement_rate_mean": _round(summary.engagement_rate_mean),
        "engagement_rate_basis": summary.engagement_rate_basis, "er_band": band.band, "er_percentile": None,
        "engagement_cv": _round(summary.engagement_cv, 4), "engagement_iqr": _round(summary.engagement_iqr),
        "comments_per_like": _round(summary.comments_per_like, 4),
        "posts_per_week": _round(summary.posts_per_week, 2), "reply_rate": _round(reply, 4),
        "sponsored_rate": _round(sponsored_rate, 4), "sponsored_vs_organic": _round(vs_organic, 4),
        "recent_brands": list(brands)[:10],
        "bot_comment_rate": ev.bot_rate, "bot_comment_rate_low": ev.bot_rate_low,
        "bot_comment_rate_high": ev.bot_rate_high, "generic_comment_rate": ev.generic_rate,
        "comments_analyzed": ev.analysed, "creator_language": creator_lang,
        "audience_languages": dict(audience.shares) if audience.analysed else None, "market_language": market_language,
        "market_language_rate": _round(market_rate, 4), "niche_fit": niche_fit,
        "niche_terms": niche_terms if fit is not None else None,
        "growth_anomaly": growth.summary() if growth else None,
        "evidence": signals, "metrics": metrics, **rates_of(talk),
    }
    components = Components(
        platform=platform, tier=summary.tier, followers_count=followers, engagement_rate=summary.engagement_rate,
        rated_posts=summary.rated_posts, er_band=band.band, er_band_range=band.band_range,
        er_band_assumed=band.assumption, er_bands=[b.as_json() for b in bands], er_denominator=denominator,
        engagement_cv=summary.engagement_cv, comments_analyzed=ev.analysed,
        bot_comment_rate=ev.bot_rate, bot_comment_rate_low=ev.bot_rate_low, bot_comment_rate_high=ev.bot_rate_high,
        generic_comment_rate=ev.generic_rate, signals=signals, niche_fit=niche_fit, niche_terms=niche_terms,
        market_language=market_language, market_language_rate=market_rate, audience_sample=audience.analysed,
        growth_spike=bool(growth and growth.spike), growth_drop=bool(growth and growth.drop),
        growth_text=growth.summary() if growth else None, growth_known=growth is not None, reply_rate=reply,
        sponsored_rate=sponsored_rate, sponsored_vs_organic=vs_organic, recent_brands=list(brands),
        is_bot_account=bool(creator.get("is_bot_account")), insufficient=insufficient,
        inactive_since=inactive_since, inactive_days=newest_post_days if inactive else None,
        conversation={k: v for k, v in talk.items() if k != "signal"},
        comments_unavailable=access_note if access == "none" else None,
    )
    return row, components


# -- rank -------------------------------------------------------------------------------------
def ranked_scores(store: Store, *, limit: int | None = 20, verdicts: Sequence[str] = (),
                  platforms: Sequence[str] = ()) -> tuple[list[RunInfo], list[dict[str, Any]]]:
    """``(runs, rows)``: the latest vetting score of each creator joined with its handle, in the
    shared order of :func:`vetting.verdicts.rank_key` (verdict, then score), filtered by verdict and
    platform, ``rank`` 1-based; ``runs`` are the vetting runs those rows come from, newest first
    (after ``vet --platform mastodon`` the YouTube creators keep their earlier run)."""
    bad = sorted(set(verdicts) - set(VERDICTS))
    if bad:
        raise VetError(f"unknown verdict {', '.join(bad)}; choose from {', '.join(VERDICTS)}")
    latest = store.latest_scores()
    if not latest:
        raise NoVettingRunError("no vetting run in this database: run `creatorscout vet --niche ...` first")
    wanted_platforms = {p.lower() for p in platforms}
    chosen = [row for row in latest
              if (not verdicts or row.get("verdict") in verdicts)
              and (not wanted_platforms or row["platform"] in wanted_platforms)]
    ordered = sorted(chosen, key=rank_key)
    if limit is not None:
        ordered = ordered[:limit]
    rows = []
    for rank, row in enumerate(ordered, start=1):
        for name in ("reasons", "evidence", "metrics", "recent_brands", "audience_languages", "niche_terms"):
            if isinstance(row.get(name), str):
                row[name] = json_column(row[name], None)  # unreadable JSON (a damaged row): None, logged
        rows.append({"rank": rank, **row})
    return runs_behind(store, rows or latest), rows


def result_summary(result: VettingRunResult) -> dict[str, Any]:
    """Counts per verdict (for the CLI)."""
    counts = dict.fromkeys(VERDICTS, 0)
    for row in result.scores:
        counts[row["verdict"]] = counts.get(row["verdict"], 0) + 1
    return {"run_id": result.run_id, "creators": len(result.scores), "comments": result.comment_count,
            "verdicts": counts, "timings": result.timings}

