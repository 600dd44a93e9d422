"""Crawl a sandbox world with the real spiders and judge the verdicts against its planted truth.

Used by ``creatorscout demo``, the ground-truth test and ``benchmarks/vet_ground_truth.py``.
The sandbox plants kinds of creators (``bot_heavy``, ``engagement_pod``, ``off_niche``,
``bot_account``, ``growth_spike`` …); :func:`planted_report` measures, per kind, how well the
vetting signal meant for it finds them (precision and recall over the vetted creators), and
checks the two guarantees of the Vet issue: every bot-heavy creator gets ``avoid`` or
``review``, and no clean on-niche creator gets ``avoid``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["DETECTORS", "KindScore", "PlantedReport", "crawl_sandbox", "planted_report"]

SANDBOX_YOUTUBE_KEY = "sandbox-key"
CLEAN_KINDS = frozenset({"clean", "sponsored", "replies_to_fans", "hidden_counts"})
"""Kinds that say nothing against a creator: 'clean' in the Vet issue's sense."""


def _red(row: Mapping[str, Any], *codes: str) -> bool:
    reasons = row.get("reasons") or ()
    if isinstance(reasons, str):  # as stored in vetting_scores
        reasons = json.loads(reasons)
    return any(r.get("flag") == "red" and r.get("code") in codes for r in reasons)


DETECTORS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "bot_heavy": lambda r: _red(r, "bot_comments"),
    "engagement_pod": lambda r: _red(r, "pod_commenters", "generic_comments"),
    "off_niche": lambda r: r.get("niche_fit") is not None and r["niche_fit"] < 0.25,
    "bot_account": lambda r: _red(r, "bot_account"),
    "growth_spike": lambda r: _red(r, "growth_anomaly"),
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
    return statuses


@dataclass
class KindScore:
    kind: str
    planted: int
    flagged: int
    found: int

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

    def lines(self) -> list[str]:
        out = [f"vetted creators: {self.vetted}"]
        for k in self.kinds:
            precision = "-" if k.precision is None else f"{k.precision:.2f}"
            recall = "-" if k.recall is None else f"{k.recall:.2f}"
            out.append(f"  {k.kind:<15} planted {k.planted:3d}  flagged {k.flagged:3d}  "
                       f"precision {precision}  recall {recall}")
        for kind, verdicts in sorted(self.verdicts_by_kind.items()):
            out.append(f"  verdicts of {kind:<15} " + ", ".join(f"{v}: {n}" for v, n in sorted(verdicts.items())))
        out.append(f"bot-heavy creators not given avoid/review: {len(self.bot_heavy_missed)}")
        out.append(f"clean on-niche creators given avoid: {len(self.clean_avoided)}")
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
            kinds[name].flagged += hit
            kinds[name].found += hit and is_planted
        summary = {"platform": creator["platform"], "handle": creator["handle"], "kinds": sorted(planted),
                   "verdict": row["verdict"], "score": row.get("score")}
        if "bot_heavy" in planted and row["verdict"] not in ("avoid", "review"):
            report.bot_heavy_missed.append(summary)
        if clean and row["verdict"] == "avoid":
            report.clean_avoided.append(summary)
    return report
