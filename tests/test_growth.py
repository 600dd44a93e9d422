"""Growth anomalies across crawls."""

from __future__ import annotations

import pytest

from vetting.growth import growth_report


def snap(day: int, followers: int | None) -> dict[str, object]:
    return {"observed_at": f"2026-09-{day:02d}T00:00:00Z", "followers_count": followers}


def test_fewer_than_two_snapshots_is_none() -> None:
    assert growth_report([]) is None
    assert growth_report([snap(1, 1000)]) is None
    assert growth_report([snap(1, 1000), snap(2, None)]) is None


def test_steady_growth_has_no_anomaly() -> None:
    report = growth_report([snap(1, 10_000), snap(8, 10_200), snap(15, 10_400)])
    assert report is not None and report.anomalies == [] and report.summary() is None
    assert report.series[0] == {"observed_at": "2026-09-01T00:00:00Z", "followers_count": 10_000}
    assert report.daily_rates[0] == pytest.approx((10_200 / 10_000) ** (1 / 7) - 1)


def test_spike_over_30_percent_in_a_week() -> None:
    report = growth_report([snap(1, 10_000), snap(8, 10_100), snap(11, 14_000)])
    assert report is not None and report.spike and not report.drop
    anomaly = report.anomalies[0]
    assert anomaly.observed_at == "2026-09-11T00:00:00Z"
    assert anomaly.change == pytest.approx(3_900 / 10_100)
    assert anomaly.change_rate == pytest.approx((14_000 / 10_100) ** (1 / 3) - 1)
    assert report.summary().startswith("followers jumped +38.6 % (10,100 → 14,000) in 3.0 days to 2026-09-11")


def test_long_gap_is_judged_per_week() -> None:
    # +40 % over 28 days is about +8.8 % a week: not a spike
    assert growth_report([snap(1, 10_000), snap(29, 14_000)]).anomalies == []


def test_drop() -> None:
    report = growth_report([snap(1, 10_000), snap(4, 7_000)])
    assert report.drop and "fell -30.0 %" in report.summary()


def test_mad_outlier_with_enough_points() -> None:
    counts = [10_000, 10_010, 10_020, 10_030, 10_040, 10_050, 11_000]   # last day +9.5 %, typical +0.1 %
    report = growth_report([snap(i + 1, c) for i, c in enumerate(counts)])
    assert report.spike
    assert report.anomalies[0].observed_at == "2026-09-07T00:00:00Z"
    assert "typical +0.1 %/day" in report.anomalies[0].text
