"""Crawl a sandbox world with the real spiders and judge the verdicts against its planted truth.

Used by ``creatorscout demo``, the ground-truth test and ``benchmarks/vet_ground_truth.py``.
The sandbox plants kinds of creators (``bot_heavy``, ``engagement_pod``, ``off_niche``,
``bot_account``, ``growth_spike``, the bot networks ``llm_praise_bots``, ``gambling_spam``,
``crypto_chain``, ``impersonation_scam``, ``follow_bait`` …); :func:`planted_report` measures, per
kind, how well the vetting signal meant for it finds them (precision and recall over the vetted
creators), and checks the guarantees of the Vet issue: every bot-heavy creator gets ``avoid`` or
``review``, no clean on-niche creator gets ``avoid``, and no creator with a triggered red flag is
``recommended``. For the conversation kinds of issue #13 (``question_rich``,
``purchase_intent_rich``, ``hostile_section``, ``praise_only``) :func:`conversation_report` compares
the conversation rates and reasons of the vetting rows; a figure whose rows lack the keys is
reported as not measured.

Which bot network a creator's bot-like comments come from is read from the reason cues of the
``bot_like_comments`` signal (``"reasons": {cue: count}``, counts of the flagged comments per
cue): see :func:`cue_share` and :func:`dominant_bot_kind`.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.errors import CrawlStopped
from crawler.platforms import get_platform
from crawler.timeutil import format_z

__all__ = [
    "BOT_COMMENT_KINDS",
    "CLEAN_KINDS",
    "CONVERSATION_KEYS",
    "CONVERSATION_KINDS",
    "DETECTORS",
    "KIND_CUES",
    "RED_FLAG_CODES",
    "RELATED_KINDS",
    "Comparison",
    "ConversationReport",
    "KindScore",
    "PlantedReport",
    "conversation_report",
    "crawl_sandbox",
    "cue_share",
    "dominant_bot_kind",
    "planted_report",
    "world_time",
]

CLEAN_KINDS = frozenset({"clean", "sponsored", "replies_to_fans", "hidden_counts", "emoji_fans", "question_rich",
                         "purchase_intent_rich", "praise_only"})
"""Kinds that say nothing against a creator: 'clean' in the Vet issue's sense (``emoji_fans``: real
fans writing emoji-heavy comments, a hard negative; the conversation traits: real fans asking,
buying or only praising)."""

CONVERSATION_KINDS = ("question_rich", "purchase_intent_rich", "hostile_section", "praise_only")
"""Planted comment sections of issue #13: a problem kind (``hostile_section``) and clean traits."""
_CONVERSATION_TRAITS = frozenset({"question_rich", "purchase_intent_rich", "praise_only"})

CONVERSATION_KEYS = ("question_rate", "product_question_rate", "purchase_intent_rate", "substantive_rate",
                     "negative_rate", "hostile_rate", "answered_question_rate")
"""Per-creator conversation figures of the vetting rows (fractions, ``None`` below the minimum sample)."""

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
    "brand_safety",
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
    "engagement_pod": BOT_COMMENT_KINDS | {"praise_only"},
}
"""A detector's hits on creators planted with a related kind are no false alarms (nor finds):
red ``bot_comments`` on a gambling-spam creator is right, though not the mixed spam of ``bot_heavy``;
the mixed spam of ``bot_heavy`` holds follow bait and crypto scams, so a follow-bait or crypto
detector that fires on it names a part of it, not a wrong kind; and bot accounts that comment under
most of a creator's posts are what the pod detector looks for, so its hits on bot networks are no
false alarms either. Nor are its hits on ``praise_only`` sections: a section of generic praise is
what the generic-comment signal (weak evidence of a pod, by design) looks for; how vetting treats
those creators is reported by :func:`conversation_report`."""


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
def _env(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the block (the sandbox's credentials), then restore them."""
    old = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def world_time(world: Any) -> str:
    """The sandbox world's own clock as ``...Z`` (its posts are dated up to it, not up to today):
    the ``as_of`` to vet its crawl with."""
    from crawler.sandbox.world import iso_s

    return iso_s(world.now_ms)


def crawl_sandbox(world: Any, db_path: str | Path, *, hashtags: Sequence[str], max_posts: int, max_comments: int,
                  epochs: int = 1, on_step: Callable[[str], None] | None = None) -> dict[str, str]:
    """Serve ``world`` on 127.0.0.1 and crawl it with the spiders of its platforms into ``db_path``.

    With ``epochs`` > 1 the world moves on between crawls (followers grow, spikes happen, new
    posts appear), as scheduled crawls see it. Returns each platform's last crawl status. Every
    host but the sandbox is refused; the sandbox's credentials are set for the crawl only.
    """
    from crawler.runner import CrawlJob, run_crawls
    from crawler.sandbox import RateLimitConfig, SandboxServer
    from crawler.sandbox.world import EPOCH_MS

    step = on_step or (lambda message: None)
    statuses: dict[str, str] = {}
    # A real instance allows 300 requests per 5 minutes; the crawler would (politely) wait for
    # the resets. Locally the budget is large, its headers still real.
    with SandboxServer(world, rate_limit=RateLimitConfig(limit=100_000, window_seconds=300)) as server:
        base_url = server.base_url
        platforms = [get_platform(p) for p in world.platforms]
        settings = {
            **{name: url for p in platforms for name, url in p.sandbox_settings(base_url).items()},
            "CREATORSCOUT_ALLOWED_HOSTS": base_url.split("//", 1)[1],
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        }
        arguments = {"hashtags": list(hashtags), "max_creators": len(world.creators), "max_posts": max_posts,
                     "max_comments": max_comments}
        jobs = []
        for epoch in range(epochs):
            advance = (lambda: server.advance(1)) if epoch else None
            # Date windows (TikTok) end on the world's day of that crawl, not today.
            day = format_z(datetime.fromtimestamp((world.now_ms + epoch * EPOCH_MS) / 1000, UTC))[:10]
            jobs += [CrawlJob(p.key, {**arguments, **({"until": day} if p.option("until") else {})}, dict(settings),
                              before=advance if i == 0 else None)
                     for i, p in enumerate(platforms)]
        step(f"Sandbox platforms serving {len(world.creators)} generated creators on {base_url}")
        step(f"Crawling {' and '.join(p.key for p in platforms)} by #" + " #".join(hashtags)
             + (f", {epochs} times with time passing in between" if epochs > 1 else "") + " ...")
        with _env({k: v for p in platforms for k, v in p.sandbox_environment().items()}):
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


NOT_MEASURED = "not measured"


def _num(value: float | None, digits: int = 2) -> str:
    return NOT_MEASURED if value is None else f"{value:.{digits}f}"


@dataclass
class Comparison:
    """Medians of one figure over the planted creators and over the other clean creators.

    ``measured``: the vetting rows carry the figure's key at all (otherwise both medians are None
    and the report says "not measured"); ``values``: how many planted creators have a value.
    """

    key: str
    measured: bool
    planted: float | None
    others: float | None
    values: int = 0
    other_values: int = 0

    def text(self) -> str:
        if not self.measured:
            return f"{self.key} {NOT_MEASURED}"
        planted = "none (too few comments)" if self.planted is None else f"{self.planted:.2f}"
        others = "none" if self.others is None else f"{self.others:.2f}"
        return f"{self.key} median {planted} (n={self.values}) vs {others} other clean (n={self.other_values})"


@dataclass
class ConversationReport:
    """How vetting judged the planted conversation kinds (issue #13); ``None`` figures are not measured.

    ``measured``: the vetting rows carry conversation figures or reasons at all. ``other clean``:
    clean on-niche creators without a conversation trait.
    """

    measured: bool
    planted: dict[str, int]
    strong_conversation_recall: float | None
    strong_conversation_elsewhere: int | None  # creators not planted question_rich given it
    product_question_rate: Comparison
    answered_question_rate: Comparison
    purchase_intent_rate: Comparison
    brand_safety: KindScore | None
    hostile_capped: int  # hostile_section creators given review or avoid
    score_percentile: dict[str, float | None]  # median rank among clean creators (0-100) per kind
    brand_safety_false_alarms: list[dict[str, Any]] | None  # clean on-niche creators given brand_safety
    praise_as_pod: int  # praise_only creators the engagement-pod detector flags (counted as related)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.brand_safety is not None:
            out["brand_safety"].update(precision=self.brand_safety.precision, recall=self.brand_safety.recall)
        return out

    def lines(self) -> list[str]:
        planted = self.planted
        out = ["conversation kinds (issue #13)" + ("" if self.measured else
                                                   ": the vetting rows carry no conversation figures")]
        recall = _num(self.strong_conversation_recall)
        elsewhere = ("" if self.strong_conversation_elsewhere is None
                     else f" (also on {self.strong_conversation_elsewhere} other creators)")
        out.append(f"  question_rich        planted {planted['question_rich']:3d}  strong_conversation recall "
                   f"{recall}{elsewhere}")
        out.append(f"    {self.product_question_rate.text()}")
        out.append(f"    {self.answered_question_rate.text()}")
        out.append(f"  purchase_intent_rich planted {planted['purchase_intent_rich']:3d}  "
                   f"{self.purchase_intent_rate.text()}")
        bs = self.brand_safety
        safety = (f"brand_safety {NOT_MEASURED}" if bs is None else
                  f"brand_safety flagged {bs.flagged:3d}  precision {_num(bs.precision)}  recall {_num(bs.recall)}")
        out.append(f"  hostile_section      planted {planted['hostile_section']:3d}  {safety}; capped at review/avoid "
                   f"{self.hostile_capped} of {planted['hostile_section']}")
        praise, questions = self.score_percentile["praise_only"], self.score_percentile["question_rich"]
        above = ("" if praise is None or questions is None else
                 f"; question_rich ranked above praise_only: {'yes' if questions > praise else 'no'}")
        out.append(f"  praise_only          planted {planted['praise_only']:3d}  median score percentile among clean "
                   f"{_num(praise, 0)} vs question_rich {_num(questions, 0)}{above}; flagged as a pod (related) "
                   f"{self.praise_as_pod}")
        alarms = self.brand_safety_false_alarms
        ordinary = None if alarms is None else sum(1 for a in alarms if not set(a["kinds"]) & _CONVERSATION_TRAITS)
        out.append("  clean on-niche creators given brand_safety (false alarms): "
                   + (NOT_MEASURED if alarms is None else f"{len(alarms)} ({ordinary} ordinary)"))
        return out


def _reason(row: Mapping[str, Any], code: str, flag: str) -> bool:
    return any(r.get("code") == code and r.get("flag") == flag for r in _decoded(row.get("reasons")) or ())


def _brand_safety(row: Mapping[str, Any]) -> bool:
    """A red ``brand_safety`` reason or a triggered ``brand_safety`` signal."""
    signal = _signal(row, "brand_safety")
    return _reason(row, "brand_safety", "red") or bool(signal and signal.get("triggered"))


def _has_code(rows: Sequence[Mapping[str, Any]], code: str) -> bool:
    return any(r.get("code") == code for row in rows for r in _decoded(row.get("reasons")) or ()) or any(
        _signal(row, code) is not None for row in rows)


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _compare(key: str, planted: Sequence[Mapping[str, Any]], others: Sequence[Mapping[str, Any]],
             rows: Sequence[Mapping[str, Any]]) -> Comparison:
    mine = [float(r[key]) for r in planted if r.get(key) is not None]
    theirs = [float(r[key]) for r in others if r.get(key) is not None]
    return Comparison(key, any(key in r for r in rows), _median(mine), _median(theirs), len(mine), len(theirs))


def _percentiles(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, float]:
    """Each creator's score rank among ``rows`` as 0–100 (mid-rank for ties), by creator key."""
    scores = [(key, float(row["score"])) for key, row in rows if row.get("score") is not None]
    if len(scores) < 2:
        return {key: 50.0 for key, _ in scores}
    out = {}
    for key, score in scores:
        below = sum(1 for _, other in scores if other < score)
        ties = sum(1 for _, other in scores if other == score) - 1
        out[key] = 100.0 * (below + ties / 2) / (len(scores) - 1)
    return out


def conversation_report(truth: Mapping[str, Any], scores: Sequence[Mapping[str, Any]]) -> ConversationReport:
    """Compare a vetting run's rows with the planted conversation kinds (vetted creators only).

    Written against the rows with ``.get``: rows without conversation figures (a vetting run before
    issue #13) give "not measured", never a number.
    """
    by_key = {(r["platform"], r["creator_id"]): r for r in scores}
    vetted: list[tuple[dict[str, Any], Mapping[str, Any]]] = []
    for creator in truth["creators"]:
        row = by_key.get((creator["platform"], creator["creator_id"]))
        if row is not None:
            vetted.append((creator, row))
    rows = [row for _, row in vetted]
    measured = any(key in row for row in rows for key in CONVERSATION_KEYS) or _has_code(rows, "brand_safety") \
        or _has_code(rows, "strong_conversation")

    def of(kind: str) -> list[Mapping[str, Any]]:
        return [row for creator, row in vetted if kind in creator["kinds"]]

    clean = [(c, row) for c, row in vetted if c["on_niche"] and set(c["kinds"]) <= CLEAN_KINDS]
    others = [row for c, row in clean if not set(c["kinds"]) & _CONVERSATION_TRAITS]
    questions, hostile = of("question_rich"), of("hostile_section")
    strong = [row for row in rows if _reason(row, "strong_conversation", "green")]
    recall = None
    if measured and questions:
        recall = sum(1 for row in questions if _reason(row, "strong_conversation", "green")) / len(questions)
    brand_safety = None
    if measured:
        flagged = [row for row in rows if _brand_safety(row)]
        found = sum(1 for row in hostile if _brand_safety(row))
        brand_safety = KindScore("hostile_section", len(hostile), len(flagged), found)
    # Score ranks among creators without a problem kind; a planted growth spike (a trait that may sit on
    # any creator) costs the growth sub-score only (3 of 100 points), so those creators stay in.
    ranked = [(c, row) for c, row in vetted if c["on_niche"] and set(c["kinds"]) - {"growth_spike"} <= CLEAN_KINDS]
    percentile = _percentiles([(f"{c['platform']}:{c['creator_id']}", row) for c, row in ranked])

    def median_percentile(kind: str) -> float | None:
        return _median([percentile[f"{c['platform']}:{c['creator_id']}"] for c, _ in ranked
                        if kind in c["kinds"] and f"{c['platform']}:{c['creator_id']}" in percentile])

    alarms = None
    if measured:
        alarms = [{"platform": c["platform"], "handle": c["handle"], "kinds": sorted(c["kinds"]),
                   "verdict": row["verdict"]} for c, row in clean if _brand_safety(row)]
    return ConversationReport(
        measured=measured,
        planted={kind: len(of(kind)) for kind in CONVERSATION_KINDS},
        strong_conversation_recall=recall,
        strong_conversation_elsewhere=(sum(1 for row in strong if not any(row is q for q in questions))
                                       if measured else None),
        product_question_rate=_compare("product_question_rate", questions, others, rows),
        answered_question_rate=_compare("answered_question_rate", questions, others, rows),
        purchase_intent_rate=_compare("purchase_intent_rate", of("purchase_intent_rich"), others, rows),
        brand_safety=brand_safety,
        hostile_capped=sum(1 for row in hostile if row.get("verdict") in ("review", "avoid")),
        score_percentile={kind: median_percentile(kind) for kind in ("praise_only", "question_rich")},
        brand_safety_false_alarms=alarms,
        praise_as_pod=sum(1 for row in of("praise_only") if DETECTORS["engagement_pod"](row)),
    )


@dataclass
class PlantedReport:
    vetted: int
    kinds: list[KindScore]
    verdicts_by_kind: dict[str, dict[str, int]]
    bot_heavy_missed: list[dict[str, Any]] = field(default_factory=list)  # not avoid/review
    clean_avoided: list[dict[str, Any]] = field(default_factory=list)  # clean on-niche but avoid
    recommended_red: list[dict[str, Any]] = field(default_factory=list)  # recommended despite a red flag
    conversation: ConversationReport | None = None  # the conversation kinds (issue #13)

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
        if self.conversation is not None:
            out += self.conversation.lines()
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
    report.conversation = conversation_report(truth, scores)
    return report
