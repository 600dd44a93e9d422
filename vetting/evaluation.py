"""Crawl a sandbox world with the real spiders and judge the verdicts against its planted truth.

Used by ``creatorscout demo``, the ground-truth test and ``benchmarks/vet_ground_truth.py``.
The sandbox plants kinds of creators (``bot_heavy``, ``engagement_pod``, ``off_niche``,
``bot_account``, ``growth_spike``, the bot networks ``llm_praise_bots``, ``gambling_spam``,
``crypto_chain``, ``impersonation_scam``, ``follow_bait`` …); :func:`planted_report` measures, per
kind, how well the vetting signal meant for it finds them (precision and recall over the vetted
creators), and checks the guarantees of the Vet issue: every bot-heavy creator gets ``avoid`` or
``review``, no clean on-niche creator gets ``avoid``, and no creator with a triggered red flag is
``recommended``.

Which bot network a creator's bot-like comments come from is read from the reason cues of the
``bot_like_comments`` signal (``"reasons": {cue: count}``, counts of the flagged comments per
cue): see :func:`cue_share` and :func:`dominant_bot_kind`.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.errors import CrawlStopped

__all__ = [
    "BOT_COMMENT_KINDS",
    "CLEAN_KINDS",
    "DETECTORS",
    "KIND_CUES",
    "RED_FLAG_CODES",
    "RELATED_KINDS",
    "KindScore",
    "PlantedReport",
    "crawl_sandbox",
    "cue_share",
    "dominant_bot_kind",
    "planted_report",
    "world_time",
]

SANDBOX_YOUTUBE_KEY = "sandbox-key"
CLEAN_KINDS = frozenset({"clean", "sponsored", "replies_to_fans", "hidden_counts", "emoji_fans"})
"""Kinds that say nothing against a creator: 'clean' in the Vet issue's sense (``emoji_fans``: real
fans writing emoji-heavy comments, a hard negative)."""

BOT_COMMENT_KINDS = frozenset(
    {"bot_heavy", "llm_praise_bots", "gambling_spam", "crypto_chain", "impersonation_scam", "follow_bait"}
)
"""Planted kinds whose problem is bots in the comments."""

RED_FLAG_CODES = (
    "bot_comments",
    "near_duplicate_comments",
    "bot_accounts",
    "pod_commenters",
    "comment_bursts",
    "growth_anomaly",
    "cross_creator_templates",
    "hopping_commenters",
)
"""Red reasons that must keep a creator from ``recommended``."""

KIND_CUES: dict[str, tuple[str, ...]] = {
    "llm_praise_bots": ("emoji_signature", "formal_praise", "formal_in_du_audience"),
    "gambling_spam": ("gambling",),
    "crypto_chain": ("crypto_investment",),
    "impersonation_scam": ("giveaway",),
    "follow_bait": ("follow_bait",),
}
"""The reason cues that tell one bot network from the others. Cues every kind of spam shares
(``offsite_contact``: also crypto chains and collab spam; ``cross_creator_template``: every
template; ``styled_unicode``, ``hopping_commenter``, ``first_commenter``, ``model``) name no kind."""

CUE_SHARE_THRESHOLD = 0.3
"""A bot kind's cues must make up at least this share of the flagged comments …"""
CUE_DOMINANCE = 1.5
"""… and this many times the share of any other kind's cues: the mixed spam of ``bot_heavy``
(collab, follow-for-follow, crypto scams, link spam, copy-pasta) has about 30 % follow bait and
30 % crypto cues, which is no single kind."""

RELATED_KINDS: dict[str, frozenset[str]] = {
    "bot_heavy": BOT_COMMENT_KINDS - {"bot_heavy"},
    **{kind: frozenset({"bot_heavy"}) for kind in KIND_CUES},
    "engagement_pod": BOT_COMMENT_KINDS,
}
"""A detector's hits on creators planted with a related kind are no false alarms (nor finds):
red ``bot_comments`` on a gambling-spam creator is right, though not the mixed spam of ``bot_heavy``;
the mixed spam of ``bot_heavy`` holds follow bait and crypto scams, so a follow-bait or crypto
detector that fires on it names a part of it, not a wrong kind; and bot accounts that comment under
most of a creator's posts are what the pod detector looks for, so its hits on bot networks are no
false alarms either."""


def _decoded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value  # as stored in vetting_scores


def _red(row: Mapping[str, Any], *codes: str) -> bool:
    reasons = _decoded(row.get("reasons")) or ()
    return any(r.get("flag") == "red" and r.get("code") in codes for r in reasons)


def _signal(row: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    for item in _decoded(row.get("evidence")) or ():
        if item.get("kind") == kind:
            return item
    return None


def cue_share(row: Mapping[str, Any], *cues: str) -> float:
    """The share of the creator's flagged (bot-like) comments that carry one of ``cues``.

    The flagged count is the ``bot_like_comments`` signal's rate times ``comments_analyzed``; a
    comment may carry several cues, so the largest of the ``cues``' counts is taken, not their
    sum. 0.0 when nothing is flagged or the signal has no reason counts.
    """
    signal = _signal(row, "bot_like_comments")
    if not signal:
        return 0.0
    counts = signal.get("reasons") or {}
    hits = max((int(counts.get(cue) or 0) for cue in cues), default=0)
    rate, analysed = signal.get("value"), row.get("comments_analyzed")
    flagged = round(rate * analysed) if rate is not None and analysed else 0
    flagged = max(flagged, max((int(n or 0) for n in counts.values()), default=0))
    return hits / flagged if flagged else 0.0


def dominant_bot_kind(row: Mapping[str, Any]) -> str | None:
    """The bot network (a key of :data:`KIND_CUES`) whose cues clearly lead the flagged comments, if any."""
    shares = sorted(((cue_share(row, *cues), kind) for kind, cues in KIND_CUES.items()), reverse=True)
    (best, kind), (runner_up, _) = shares[0], shares[1]
    if best >= CUE_SHARE_THRESHOLD and best >= CUE_DOMINANCE * runner_up:
        return kind
    return None


def _bot_network(kind: str) -> Callable[[Mapping[str, Any]], bool]:
    def detect(row: Mapping[str, Any]) -> bool:
        return _red(row, "bot_comments") and dominant_bot_kind(row) == kind

    return detect


def _llm_praise(row: Mapping[str, Any]) -> bool:
    """LLM praise: its cues lead the flagged comments, or the network's fingerprints show.

    Accounts that hop between creators within hours are the network's; comment skeletons that
    recur across creators are too when the model did not flag the comments (polite praise passes
    it) and no other bot kind explains them.
    """
    kind = dominant_bot_kind(row)
    if kind is not None:
        return kind == "llm_praise_bots" and _red(
            row, "bot_comments", "cross_creator_templates", "hopping_commenters"
        )
    return _red(row, "hopping_commenters") or (
        _red(row, "cross_creator_templates") and not _red(row, "bot_comments")
    )


DETECTORS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "bot_heavy": lambda r: _red(r, "bot_comments"),
    "engagement_pod": lambda r: _red(r, "pod_commenters", "generic_comments"),
    "off_niche": lambda r: r.get("niche_fit") is not None and r["niche_fit"] < 0.25,
    "bot_account": lambda r: _red(r, "bot_account"),
    "growth_spike": lambda r: _red(r, "growth_anomaly"),
    "llm_praise_bots": _llm_praise,
    "gambling_spam": _bot_network("gambling_spam"),
    "crypto_chain": _bot_network("crypto_chain"),
    "impersonation_scam": _bot_network("impersonation_scam"),
    "follow_bait": _bot_network("follow_bait"),
}
"""The vetting signal meant for each planted kind (a vetting_scores row -> flagged?)."""


@contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def world_time(world: Any) -> str:
    """The sandbox world's own clock as ``...Z`` (its posts are dated up to it, not up to today):
    the ``as_of`` to vet its crawl with."""
    from crawler.sandbox.world import iso_s

    return iso_s(world.now_ms)


def crawl_sandbox(world: Any, db_path: str | Path, *, hashtags: Sequence[str], max_posts: int, max_comments: int,
                  epochs: int = 1, on_step: Callable[[str], None] | None = None) -> dict[str, str]:
    """Serve ``world`` on 127.0.0.1 and crawl it with the Mastodon and YouTube spiders into ``db_path``.

    With ``epochs`` > 1 the world moves on between crawls (followers grow, spikes happen, new
    posts appear), as scheduled crawls see it. Returns each platform's last crawl status. Every
    host but the sandbox is refused; the sandbox's YouTube key is set for the crawl only.
    """
    from crawler.runner import CrawlJob, run_crawls
    from crawler.sandbox import RateLimitConfig, SandboxServer

    step = on_step or (lambda message: None)
    statuses: dict[str, str] = {}
    # A real instance allows 300 requests per 5 minutes; the crawler would (politely) wait for
    # the resets. Locally the budget is large, its headers still real.
    with SandboxServer(world, rate_limit=RateLimitConfig(limit=100_000, window_seconds=300)) as server:
        base_url = server.base_url
        settings = {
            "CREATORSCOUT_MASTODON_INSTANCE": base_url,
            "CREATORSCOUT_YOUTUBE_API_URL": base_url + "/youtube/v3",
            "CREATORSCOUT_ALLOWED_HOSTS": base_url.split("//", 1)[1],
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        }
        arguments = {"hashtag": list(hashtags), "max_creators": len(world.creators), "max_posts": max_posts,
                     "max_comments": max_comments}
        jobs = []
        for epoch in range(epochs):
            advance = (lambda: server.advance(1)) if epoch else None
            jobs += [CrawlJob("mastodon", dict(arguments), dict(settings), before=advance),
                     CrawlJob("youtube", dict(arguments), dict(settings))]
        step(f"Sandbox platforms serving {len(world.creators)} generated creators on {base_url}")
        step("Crawling mastodon and youtube by #" + " #".join(hashtags)
             + (f", {epochs} times with time passing in between" if epochs > 1 else "") + " ...")
        with _env("YOUTUBE_API_KEY", SANDBOX_YOUTUBE_KEY):
            for result in run_crawls(jobs, db_path=db_path):  # one reactor: all crawls in one call
                statuses[result.platform] = result.status
                if result.stop_signal is not None:
                    name = signal.Signals(result.stop_signal).name
                    raise CrawlStopped(result.stop_signal, f"stopped by {name}: the sandbox crawl was interrupted, "
                                                           "nothing was vetted")
    return statuses


@dataclass
class KindScore:
    """Per planted kind: planted creators, creators the detector flagged, and flagged planted ones.

    ``related``: hits on creators planted with a related kind (see :data:`RELATED_KINDS`), left
    out of ``flagged``.
    """

    kind: str
    planted: int
    flagged: int
    found: int
    related: int = 0

    @property
    def precision(self) -> float | None:
        return self.found / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None


@dataclass
class PlantedReport:
    vetted: int
    kinds: list[KindScore]
    verdicts_by_kind: dict[str, dict[str, int]]
    bot_heavy_missed: list[dict[str, Any]] = field(default_factory=list)  # not avoid/review
    clean_avoided: list[dict[str, Any]] = field(default_factory=list)  # clean on-niche but avoid
    recommended_red: list[dict[str, Any]] = field(default_factory=list)  # recommended despite a red flag

    def lines(self) -> list[str]:
        out = [f"vetted creators: {self.vetted}"]
        for k in self.kinds:
            precision = "-" if k.precision is None else f"{k.precision:.2f}"
            recall = "-" if k.recall is None else f"{k.recall:.2f}"
            related = f"  (+{k.related} related)" if k.related else ""
            out.append(f"  {k.kind:<18} planted {k.planted:3d}  flagged {k.flagged:3d}  "
                       f"precision {precision}  recall {recall}{related}")
        for kind, verdicts in sorted(self.verdicts_by_kind.items()):
            out.append(f"  verdicts of {kind:<18} " + ", ".join(f"{v}: {n}" for v, n in sorted(verdicts.items())))
        out.append(f"bot-heavy creators not given avoid/review: {len(self.bot_heavy_missed)}")
        out.append(f"clean on-niche creators given avoid: {len(self.clean_avoided)}")
        out.append(f"recommended creators with a triggered red flag: {len(self.recommended_red)}")
        return out


def planted_report(truth: Mapping[str, Any], scores: Sequence[Mapping[str, Any]]) -> PlantedReport:
    """Compare a vetting run's rows with the sandbox world's planted kinds (vetted creators only)."""
    by_key = {(r["platform"], r["creator_id"]): r for r in scores}
    kinds = {name: KindScore(name, 0, 0, 0) for name in DETECTORS}
    verdicts: dict[str, dict[str, int]] = {}
    report = PlantedReport(vetted=0, kinds=list(kinds.values()), verdicts_by_kind=verdicts)
    for creator in truth["creators"]:
        row = by_key.get((creator["platform"], creator["creator_id"]))
        if row is None:
            continue
        report.vetted += 1
        planted = set(creator["kinds"])
        clean = creator["on_niche"] and planted <= CLEAN_KINDS
        for name in [*planted, *(["clean_on_niche"] if clean else [])]:
            counts = verdicts.setdefault(name, {})
            counts[row["verdict"]] = counts.get(row["verdict"], 0) + 1
        for name, detector in DETECTORS.items():
            hit, is_planted = detector(row), name in planted
            kinds[name].planted += is_planted
            if hit and not is_planted and planted & RELATED_KINDS.get(name, frozenset()):
                kinds[name].related += 1
                continue
            kinds[name].flagged += hit
            kinds[name].found += hit and is_planted
        summary = {"platform": creator["platform"], "handle": creator["handle"], "kinds": sorted(planted),
                   "verdict": row["verdict"], "score": row.get("score")}
        if "bot_heavy" in planted and row["verdict"] not in ("avoid", "review"):
            report.bot_heavy_missed.append(summary)
        if clean and row["verdict"] == "avoid":
            report.clean_avoided.append(summary)
        red = sorted({r["code"] for r in _decoded(row.get("reasons")) or ()
                      if r.get("flag") == "red" and r.get("code") in RED_FLAG_CODES})
        if row["verdict"] == "recommended" and red:
            report.recommended_red.append({**summary, "red_flags": red})
    return report
