"""Verdict names and the one ordering of vetted creators used by ``rank``, ``shortlist`` and ``report``.

Creators are ordered by verdict first (``recommended``, ``review``, ``insufficient_data``,
``avoid``), then by score (highest first; unscored last), then by niche fit and followers, and
finally by platform and creator id so that the order is stable. A high-scoring creator whose
verdict was capped by a red flag therefore never ranks above a recommended one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from crawler.tiers import TIERS

__all__ = ["TIERS", "VERDICTS", "VERDICT_ORDER", "rank_key"]

VERDICTS = ("recommended", "review", "avoid", "insufficient_data")
"""Every verdict a vetting run can give."""

VERDICT_ORDER = {"recommended": 0, "review": 1, "insufficient_data": 2, "avoid": 3}
"""Position of each verdict in rankings: worth contacting first, to be avoided last."""


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def rank_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Sort key of a vetting-score row: verdict, score, niche fit, followers, platform, id."""
    score = _number(row.get("score"))
    return (
        VERDICT_ORDER.get(str(row.get("verdict")), len(VERDICT_ORDER)),
        score is None,
        -(score or 0.0),
        -(_number(row.get("niche_fit")) or 0.0),
        -(_number(row.get("followers_count")) or 0.0),
        str(row.get("platform") or ""),
        str(row.get("creator_id") or ""),
    )
