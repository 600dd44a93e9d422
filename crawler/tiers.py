"""Creator tiers by follower count: the one definition, shared by the sandbox and vetting.

Tier from followers ``f``: emerging ``f < 1,000``; nano ``1,000 <= f < 10,000``; micro
``10,000 <= f < 100,000``; macro ``100,000 <= f < 1,000,000``; mega ``f >= 1,000,000``.
It lives in ``crawler`` because the sandbox world (``crawler.sandbox``) plants creators per tier
and ``crawler`` never imports ``vetting``.
"""

from __future__ import annotations

__all__ = ["TIERS", "TIER_LIMITS", "tier_for"]

TIERS = ("emerging", "nano", "micro", "macro", "mega")
TIER_LIMITS = ((1_000, "emerging"), (10_000, "nano"), (100_000, "micro"), (1_000_000, "macro"))
"""(exclusive upper follower limit, tier); above the last limit the tier is ``mega``."""


def tier_for(followers: int | None) -> str | None:
    """Tier name from the follower count; ``None`` when unknown (or negative)."""
    if followers is None or followers < 0:
        return None
    for limit, name in TIER_LIMITS:
        if followers < limit:
            return name
    return "mega"
