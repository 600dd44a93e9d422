"""Follower-growth anomalies across crawls (``creator_snapshots``).

For consecutive snapshots ``(t0, f0)``, ``(t1, f1)`` with known follower counts:

* ``change = (f1 - f0) / f0`` over ``days = (t1 - t0)`` (at least one hour);
* ``daily_rate = (f1 / f0) ** (1 / days) - 1`` (the change normalised per day, compounded);
* ``weekly = change`` when ``days <= 7``, else ``(1 + daily_rate) ** 7 - 1``.

An interval is a **spike** when ``weekly > +30 %`` (bought followers arrive in days), or, with at
least :data:`MIN_MAD_INTERVALS` intervals, when ``daily_rate`` exceeds the creator's median daily
rate by more than 4 scaled MADs (``1.4826 * median(|r - median(r)|)``) and by at least
0.5 percentage points a day. A **drop** mirrors it (``weekly < -20 %``, or 4 MADs below with a
negative rate): a platform purging fake accounts, or a creator buying and losing them.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crawler.timeutil import parse_utc

__all__ = [
    "DROP_WEEKLY",
    "MIN_MAD_INTERVALS",
    "SPIKE_WEEKLY",
    "GrowthAnomaly",
    "GrowthReport",
    "growth_report",
]

SPIKE_WEEKLY = 0.30
DROP_WEEKLY = -0.20
MAD_K = 4.0
MAD_MIN_EXCESS = 0.005      # a MAD outlier must also be >= 0.5 %-points/day away from the median
MIN_MAD_INTERVALS = 5
_MAD_SCALE = 1.4826


@dataclass(frozen=True)
class GrowthAnomaly:
    kind: str                  # "spike" | "drop"
    observed_at: str           # end of the interval
    start_at: str
    followers_before: int
    followers_after: int
    days: float
    change: float              # over the interval
    change_rate: float         # per day (compounded)
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"observed_at": self.observed_at, "kind": self.kind, "change_rate": round(self.change_rate, 6),
                "change": round(self.change, 6), "days": round(self.days, 2), "text": self.text}


@dataclass
class GrowthReport:
    series: list[dict[str, Any]]                    # [{"observed_at", "followers_count"}] oldest first
    daily_rates: list[float]
    typical_daily_rate: float | None               # median daily rate
    anomalies: list[GrowthAnomaly] = field(default_factory=list)

    @property
    def spike(self) -> bool:
        return any(a.kind == "spike" for a in self.anomalies)

    @property
    def drop(self) -> bool:
        return any(a.kind == "drop" for a in self.anomalies)

    def summary(self) -> str | None:
        """The ``growth_anomaly`` column: the largest anomaly's text (+ how many more), or ``None``."""
        if not self.anomalies:
            return None
        worst = max(self.anomalies, key=lambda a: abs(a.change))
        more = len(self.anomalies) - 1
        return worst.text + (f" (+{more} more)" if more else "")

    def as_json(self) -> dict[str, Any]:
        return {"followers_series": self.series, "anomalies": [a.as_json() for a in self.anomalies],
                "typical_daily_rate": self.typical_daily_rate}


def _pct(x: float) -> str:
    return f"{x * 100:+.1f} %"


def growth_report(snapshots: Sequence[Mapping[str, Any]]) -> GrowthReport | None:
    """Follower series and anomalies (see the module docstring); ``None`` with fewer than two
    snapshots that have a follower count."""
    points = sorted(
        ((s["observed_at"], int(s["followers_count"]), when) for s in snapshots
         if (when := parse_utc(s.get("observed_at"))) is not None and s.get("followers_count") is not None),
        key=lambda p: p[0],
    )
    if len(points) < 2:
        return None
    intervals = []
    for (t0, f0, at0), (t1, f1, at1) in itertools.pairwise(points):
        days = max((at1 - at0).total_seconds() / 86_400, 1 / 24)
        if f0 <= 0:
            continue
        change = (f1 - f0) / f0
        daily = (f1 / f0) ** (1 / days) - 1 if f1 > 0 else -1.0
        weekly = change if days <= 7 else (1 + daily) ** 7 - 1
        intervals.append((t0, t1, f0, f1, days, change, daily, weekly))
    series = [{"observed_at": t, "followers_count": f} for t, f, _ in points]
    rates = [iv[6] for iv in intervals]
    typical = statistics.median(rates) if rates else None
    mad = None
    if len(rates) >= MIN_MAD_INTERVALS and typical is not None:
        mad = _MAD_SCALE * statistics.median(abs(r - typical) for r in rates)
    anomalies = []
    for t0, t1, f0, f1, days, change, daily, weekly in intervals:
        kind = None
        if weekly > SPIKE_WEEKLY:
            kind = "spike"
        elif weekly < DROP_WEEKLY:
            kind = "drop"
        elif mad and typical is not None:
            excess = daily - typical
            if excess > MAD_K * mad and excess >= MAD_MIN_EXCESS:
                kind = "spike"
            elif -excess > MAD_K * mad and -excess >= MAD_MIN_EXCESS and daily < 0:
                kind = "drop"
        if kind is None:
            continue
        verb = "jumped" if kind == "spike" else "fell"
        typical_text = f"; typical {_pct(typical)}/day" if typical is not None and len(rates) > 1 else ""
        text = (f"followers {verb} {_pct(change)} ({f0:,} → {f1:,}) in {days:.1f} days to {t1[:10]} "
                f"({_pct(daily)}/day{typical_text})")
        anomalies.append(GrowthAnomaly(kind, t1, t0, f0, f1, days, change, daily, text))
    return GrowthReport(series=series, daily_rates=rates, typical_daily_rate=typical, anomalies=anomalies)
