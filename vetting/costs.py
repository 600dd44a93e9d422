"""Estimated price of a sponsored post and cost per engagement.

The price ranges live in an editable JSON table (``vetting/data/cost_table.json``: currency,
ranges per platform and tier, and the published surveys they come from). Precedence for the
table: ``path`` argument (``--cost-table``), then ``$CREATORSCOUT_COST_TABLE``, then the
shipped table. A platform without a market (Mastodon) has no price: ``None``, never a guess.

Formulas::

    engagements per post  = engagement_rate x followers_count        (ER basis: followers)
                          = engagement_rate x median views per post  (ER basis: views)
    estimated cost        = (low + high) / 2  (open-ended range "from low": low)
    cost per engagement   = estimated cost / engagements per post
"""

from __future__ import annotations

import json
import logging
import os
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from crawler.errors import CreatorscoutError

logger = logging.getLogger(__name__)

__all__ = [
    "COST_TABLE_ENV",
    "CostTable",
    "CostTableError",
    "cost_per_engagement",
    "engagements_per_post",
    "estimate_cost",
    "load_cost_table",
    "point_estimate",
]

COST_TABLE_ENV = "CREATORSCOUT_COST_TABLE"


class CostTableError(CreatorscoutError, ValueError):
    """The cost table file is missing or malformed."""


@dataclass(frozen=True)
class CostTable:
    """Price ranges per (platform, tier); ``high`` is ``None`` for an open-ended range."""

    currency: str
    ranges: Mapping[tuple[str, str], tuple[float, float | None] | None]
    notes: Mapping[str, str] = field(default_factory=dict)
    sources: Sequence[Mapping[str, str]] = ()
    caveats: str = ""
    path: str = ""

    def estimate(self, platform: str | None, tier: str | None) -> tuple[float, float | None] | None:
        if not platform or not tier:
            return None
        return self.ranges.get((platform, tier))


def _parse_table(data: Any, origin: str) -> CostTable:
    if not isinstance(data, dict) or not isinstance(data.get("platforms"), dict):
        raise CostTableError(f"cost table {origin}: expected an object with 'currency' and 'platforms'")
    currency = data.get("currency")
    if not isinstance(currency, str) or not currency.strip():
        raise CostTableError(f"cost table {origin}: 'currency' must be a code such as \"USD\" or \"EUR\"")
    ranges: dict[tuple[str, str], tuple[float, float | None] | None] = {}
    notes: dict[str, str] = {}
    for platform, tiers in data["platforms"].items():
        if not isinstance(tiers, dict):
            raise CostTableError(f"cost table {origin}: platforms.{platform} must be an object of tiers")
        for tier, value in tiers.items():
            if tier == "note":
                notes[platform] = str(value)
                continue
            if value is None:
                ranges[(platform, tier)] = None
                continue
            try:
                low = float(value["low"])
                high = None if value.get("high") is None else float(value["high"])
            except (TypeError, KeyError, ValueError):
                raise CostTableError(
                    f"cost table {origin}: platforms.{platform}.{tier} must be null or "
                    '{"low": number, "high": number|null}'
                ) from None
            if low < 0 or (high is not None and high < low):
                raise CostTableError(f"cost table {origin}: platforms.{platform}.{tier}: need 0 <= low <= high")
            ranges[(platform, tier)] = (low, high)
    sources = [s for s in data.get("sources") or [] if isinstance(s, dict)]
    return CostTable(currency.strip(), ranges, notes, sources, str(data.get("caveats") or ""), origin)


@lru_cache(maxsize=8)
def _load(path: str | None) -> CostTable:
    if path is None:
        text = resources.files("vetting").joinpath("data/cost_table.json").read_text(encoding="utf-8")
        origin = "vetting/data/cost_table.json"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CostTableError(f"cannot read cost table {path}: {exc.strerror or exc}") from None
        origin = path
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CostTableError(f"cost table {origin} is not valid JSON: {exc}") from None
    return _parse_table(data, origin)


def load_cost_table(path: str | os.PathLike[str] | None = None) -> CostTable:
    """The cost table by precedence: ``path``, then ``$CREATORSCOUT_COST_TABLE``, then the shipped one."""
    chosen = path or os.environ.get(COST_TABLE_ENV) or None
    return _load(str(chosen) if chosen else None)


def estimate_cost(platform: str | None, tier: str | None,
                  table: CostTable | None = None) -> tuple[float, float | None] | None:
    """The (low, high) price range of one post for ``platform`` and ``tier``, or ``None`` when the
    table has no price (no market, unknown tier). ``high`` is ``None`` for "from ``low``"."""
    return (table or load_cost_table()).estimate(platform, tier)


def point_estimate(cost_range: tuple[float, float | None] | None) -> float | None:
    """One number for a range: the midpoint ``(low + high) / 2``; ``low`` for an open-ended range."""
    if cost_range is None:
        return None
    low, high = cost_range
    return low if high is None else (low + high) / 2


def engagements_per_post(engagement_rate: float | None, followers_count: int | None, *,
                         denominator: str | None = "followers",
                         view_counts: Sequence[int | None] = ()) -> float | None:
    """Typical engagements per post: ``ER x followers`` (basis followers) or ``ER x median views``
    (basis views; ``view_counts`` of the posts the ER was computed on). ``None`` when unknown."""
    if engagement_rate is None:
        return None
    if denominator == "views":
        views = [v for v in view_counts if v is not None]
        if not views:
            return None
        base: float | None = float(statistics.median(views))
    else:
        base = float(followers_count) if followers_count else None
    if not base:
        return None
    return engagement_rate * base


def cost_per_engagement(cost: float | None, engagements: float | None) -> float | None:
    """``cost / engagements`` per post; ``None`` when either is unknown or there are no engagements."""
    if cost is None or not engagements or engagements <= 0:
        return None
    return cost / engagements
