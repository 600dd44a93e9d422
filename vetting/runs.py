"""Which vetting runs a ranking shows.

``rank``, ``shortlist`` and ``report`` show the latest vetting of each creator: after
``vet --platform mastodon`` the Mastodon creators come from that run and the YouTube creators from
the last run that vetted them. :func:`runs_behind` says which runs (and niches) those are, so every
output can name them; :func:`niche_note` warns when they were vetted for different niches, whose
niche fits (and so scores) do not compare.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.storage import Store

logger = logging.getLogger(__name__)

__all__ = ["RunInfo", "describe_run", "describe_runs", "niche_note", "runs_behind", "settings_of"]


@dataclass(frozen=True)
class RunInfo:
    """One vetting run behind a ranking, with how many of the shown creators (per platform) it vetted."""

    id: int
    vetted_at: str | None
    niche: str | None
    market_language: str | None
    creators: Mapping[str, int] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def creator_count(self) -> int:
        return sum(self.creators.values())

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "vetted_at": self.vetted_at, "niche": self.niche,
                "market_language": self.market_language, "creators": dict(self.creators)}


def settings_of(value: Any) -> dict[str, Any]:
    """A vetting run's ``settings`` column decoded (``{}`` when empty or unreadable, logged)."""
    if isinstance(value, Mapping):
        return dict(value)
    if not value:
        return {}
    try:
        decoded = json.loads(value)
    except (TypeError, json.JSONDecodeError):
        logger.warning("unreadable settings of a vetting run: %.60r", value)
        return {}
    return decoded if isinstance(decoded, dict) else {}


def runs_behind(store: Store, rows: Iterable[Mapping[str, Any]]) -> list[RunInfo]:
    """The vetting runs the score ``rows`` come from, newest first, each with its creators per platform."""
    counts: dict[int, Counter[str]] = {}
    for row in rows:
        run_id = row.get("vetting_run_id")
        if run_id is None:
            continue
        counts.setdefault(int(run_id), Counter())[str(row.get("platform"))] += 1
    return [
        RunInfo(int(run["id"]), run.get("vetted_at"), run.get("niche"), run.get("market_language"),
                dict(sorted(counts[int(run["id"])].items())), settings_of(run.get("settings")))
        for run in store.vetting_runs(counts)
    ]


def describe_run(run: RunInfo, *, with_creators: bool = True) -> str:
    """``run #2 (2026-12-01T12:29:09.575Z, niche 'vegan food': 17 mastodon)``."""
    niche = f"niche {run.niche!r}" if run.niche else "no niche"
    language = f", market language {run.market_language}" if run.market_language else ""
    creators = ""
    if with_creators and run.creators:
        creators = ": " + ", ".join(f"{n} {platform}" for platform, n in run.creators.items())
    return f"run #{run.id} ({run.vetted_at or 'unknown time'}, {niche}{language}{creators})"


def describe_runs(runs: Iterable[RunInfo]) -> str:
    """Every run behind a ranking in one line, newest first ("no vetting run" when empty)."""
    runs = list(runs)
    if not runs:
        return "no vetting run"
    if len(runs) == 1:
        return "vetting " + describe_run(runs[0], with_creators=False)
    return "latest vetting of each creator: " + "; ".join(describe_run(r) for r in runs)


def niche_note(runs: Iterable[RunInfo]) -> str | None:
    """A warning when the runs shown vetted different niches (niche fits and scores then do not compare)."""
    runs = list(runs)
    niches = {" ".join((r.niche or "").lower().split()) for r in runs}
    if len(niches) < 2:
        return None
    newest = runs[0].niche
    return ("these creators were vetted for different niches ("
            + "; ".join(f"run #{r.id}: {r.niche or '(none)'!r}" for r in runs)
            + "): niche fit and score compare only within one niche; to compare all of them, run "
            f"`creatorscout vet --niche {json.dumps(newest or '...', ensure_ascii=False)}` without --platform")
