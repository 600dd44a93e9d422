"""Vetting reports: one self-contained HTML page per creator plus an ``index.html``.

Pages are rendered with Jinja2 (autoescape on) from ``vetting/templates/*.html.j2``; CSS is
inline and charts are inline SVG built here with escaped text, so a page makes no request of
its own (a Content-Security-Policy forbids scripts and remote resources as a second line of
defence) and prints cleanly to PDF. Scraped text is shown as text only, without NUL, control or
bidi-override characters (every value passes :func:`vetting.shortlist.cells.clean_text` on its
way into a page); links are made clickable only by :func:`vetting.shortlist.cells.safe_link`
(http(s), a valid host, no credentials), and never for sandbox data (fetched from this machine:
invented); comment evidence shows comment text, never commenters. A creator whose account asks
not to be indexed (:func:`vetting.consent.posts_hidden`) gets no post text, excerpt or post link
on its page: :data:`vetting.consent.POSTS_HIDDEN_NOTE` stands in their place.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler import PLATFORMS
from crawler.errors import CreatorscoutError
from crawler.storage import Store
from crawler.timeutil import now_z, parse_utc
from vetting import consent, costs
from vetting.evidence import reason_texts
from vetting.export import comments_by_id as fetch_comments
from vetting.export import finite_number, json_column
from vetting.runs import RunInfo, describe_runs, niche_note, runs_behind
from vetting.scoring import INACTIVE_DAYS
from vetting.shortlist.cells import clean_text, local_source, safe_link
from vetting.verdicts import rank_key

logger = logging.getLogger(__name__)

__all__ = [
    "ReportError",
    "parse_creator_key",
    "render_creator_report",
    "report_filename",
    "resolve_creators",
    "safe_url",
    "write_reports",
]

SIGNAL_TITLES = {
    "bot_like_comments": "Bot-like comments",
    "near_duplicate_comments": "Near-duplicate comments",
    "pod_commenters": "Engagement-pod commenters",
    "comment_bursts": "Comment bursts",
    "bot_accounts": "Comments from bot accounts",
    "generic_comments": "Generic comments",
    "cross_creator_templates": "Templates shared with other creators",
    "hopping_commenters": "Commenters hopping between creators",
    "brand_safety": "Hostile or negative comments (brand safety)",
}
VERDICT_TITLES = {
    "recommended": "Recommended",
    "review": "Review before contacting",
    "avoid": "Avoid",
    "insufficient_data": "Insufficient data",
}
EXAMPLES_PER_SIGNAL = 5
TOP_POSTS = 5


class ReportError(CreatorscoutError, LookupError):
    """A creator asked for cannot be found or has not been vetted yet."""


# -- small pure helpers ----------------------------------------------------------------------

def safe_url(url: Any) -> str | None:
    """``url`` if it may be a link (see :func:`vetting.shortlist.cells.safe_link`: absolute http(s),
    a valid host, no user name or password, no whitespace or control characters), else None."""
    return safe_link(url)


def report_filename(platform: str, creator_id: str) -> str:
    """A safe file name from platform and creator id; a hash keeps altered or long ids unique."""
    raw = f"{platform}-{creator_id}"
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", raw).strip("_-")[:80] or "creator"
    if slug != raw:
        slug += "-" + hashlib.sha256(raw.encode()).hexdigest()[:8]
    return slug + ".html"


def parse_creator_key(key: str) -> tuple[str, str]:
    """``"mastodon:@koch_anna@mastodon.social"`` -> ``("mastodon", "@koch_anna@mastodon.social")``."""
    platform, sep, rest = key.strip().partition(":")
    platform = platform.lower()
    if not sep or not rest or platform not in PLATFORMS:
        raise ReportError(
            f"cannot read creator {key!r}: write PLATFORM:HANDLE_OR_ID, e.g. mastodon:@koch_anna@mastodon.social "
            "or youtube:UCxyz (the creator_key column of `creatorscout shortlist` lists them)"
        )
    return platform, rest


def fmt_pct(value: Any, digits: int = 1) -> str:
    number = finite_number(value)
    return "–" if number is None else f"{number * 100:.{digits}f} %"


def fmt_num(value: Any, digits: int = 0) -> str:
    number = finite_number(value)
    return "–" if number is None else f"{number:,.{digits}f}"


def fmt_date(value: Any) -> str:
    parsed = parse_utc(value)
    return "–" if parsed is None else parsed.strftime("%Y-%m-%d")


def excerpt(text: Any, limit: int = 220) -> str:
    if not isinstance(text, str):
        return ""
    flat = " ".join(clean_text(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def plural(count: Any, word: str, many: str | None = None) -> str:
    """``1 post``, ``12 posts`` (``many``: an irregular plural)."""
    number = finite_number(count)
    if number is None:
        return f"– {many or word + 's'}"
    return f"{fmt_num(number)} {word if number == 1 else many or word + 's'}"


def band_digits(low: float, high: float) -> int:
    """Decimals of a percentage that show both ends of a band: the engagement rate's 0.01 %, more
    when an end needs it for two significant digits, and enough to tell the ends apart:
    0.16 %–0.24 % (not "0.2 %–0.2 %"), 0.016 %–0.024 %, 1.00 %–3.00 %."""
    def needed(value: float) -> int:
        percent = abs(value) * 100
        return 2 if percent == 0 else max(2, 1 - math.floor(math.log10(percent)))

    digits = min(4, max(needed(low), needed(high)))
    while digits < 4 and f"{low * 100:.{digits}f}" == f"{high * 100:.{digits}f}":
        digits += 1
    return digits


def fmt_band(low: Any, high: Any) -> str:
    """``0.16 % – 0.24 %``: a band's two ends at the precision of :func:`band_digits`."""
    lo, hi = finite_number(low), finite_number(high)
    if lo is None or hi is None:
        return f"{fmt_pct(low, 2)} – {fmt_pct(high, 2)}"
    digits = band_digits(lo, hi)
    return f"{fmt_pct(lo, digits)} – {fmt_pct(hi, digits)}"


# -- SVG charts -------------------------------------------------------------------------------

@dataclass
class Point:
    at: datetime
    value: float
    highlight: bool = False
    label: str = ""


@dataclass
class Chart:
    """Geometry of an inline SVG chart; ``templates/charts.html.j2`` turns it into markup, so
    every text (titles, labels, tooltips) is escaped by Jinja2's autoescape."""

    kind: str  # "timeseries" | "band" | "empty"
    width: int
    height: int
    title: str = ""
    rects: list[dict[str, Any]] = field(default_factory=list)  # x, y, w, h, fill, tip
    lines: list[dict[str, Any]] = field(default_factory=list)  # x1, y1, x2, y2, stroke, dash, width, tip
    texts: list[dict[str, Any]] = field(default_factory=list)  # x, y, text, cls, anchor
    circles: list[dict[str, Any]] = field(default_factory=list)  # x, y, fill, tip
    polyline: str = ""


def _nice_step(span: float, *, whole: bool) -> float:
    """A tick step of 1, 2, 2.5 or 5 times a power of ten that cuts ``span`` into about three parts
    (at least 1 for whole numbers such as follower counts)."""
    raw = span / 3 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return max(step, 1.0) if whole else step


def _axis(values: Sequence[float], *, zero_based: bool, percent: bool) -> tuple[float, float, list[float]]:
    """``(low, high, ticks)`` of a y axis: nice round ticks whose labels all differ. A flat series
    (one value, or the same value twice) gets room around it instead of an axis of 20,200–20,201."""
    low, high = min(values), max(values)
    if zero_based:
        low = min(0.0, low)
    if high - low <= 0:
        pad = abs(high) * 0.05 or (0.01 if percent else 1.0)
        low, high = (low if zero_based else low - pad), high + pad
    step = _nice_step(high - low, whole=not percent)
    first, last = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    if last <= first:
        last = first + step
    ticks = [first + i * step for i in range(round((last - first) / step) + 1)]
    return first, last, ticks


def _tick_digits(ticks: Sequence[float], percent: bool) -> int:
    """Decimals that tell neighbouring tick labels apart."""
    scale = 100 if percent else 1
    for digits in range(0, 5):
        labels = [f"{t * scale:.{digits}f}" for t in ticks]
        if len(set(labels)) == len(labels):
            return digits
    return 4


def timeseries_chart(points: Sequence[Point], *, title: str, percent: bool, band: tuple[float, float] | None = None,
                     markers: Sequence[tuple[datetime, str]] = (), line: bool = True, zero_based: bool = True,
                     width: int = 720, height: int = 230) -> Chart:
    """A small time-series chart: points, an optional tier band and dated markers.

    One point is no series: the chart is ``single`` (the template shows the figure and says
    that the history starts with the next observation)."""
    if not points:
        return Chart("empty", width, height, title)
    if len(points) == 1 and not markers:
        only = points[0]
        chart = Chart("single", width, height, title)
        chart.texts.append({"text": fmt_pct(only.value) if percent else fmt_num(only.value),
                            "at": only.at.strftime("%Y-%m-%d")})
        return chart
    pad_l, pad_r, pad_t, pad_b = 64, 16, 14, 34
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    times = [p.at.timestamp() for p in points] + [m[0].timestamp() for m in markers]
    t0, t1 = min(times), max(times)
    if t1 - t0 < 1:
        t0, t1 = t0 - 43_200, t1 + 43_200
    values = [p.value for p in points] + ([band[0], band[1]] if band else [])
    v0, v1, ticks = _axis(values, zero_based=zero_based, percent=percent)
    digits = _tick_digits(ticks, percent)

    def x(t: float) -> float:
        return round(pad_l + (t - t0) / (t1 - t0) * plot_w, 1)

    def y(v: float) -> float:
        return round(pad_t + plot_h - (v - v0) / (v1 - v0) * plot_h, 1)

    def label(v: float) -> str:
        return fmt_pct(v) if percent else fmt_num(v)

    chart = Chart("timeseries", width, height, title)
    if band:
        top, bottom = y(band[1]), y(band[0])
        chart.rects.append({"x": pad_l, "y": top, "w": plot_w, "h": max(round(bottom - top, 1), 1), "fill": "#e3f1e6",
                            "tip": f"tier band {fmt_band(band[0], band[1])}"})
    for v in ticks:
        chart.lines.append({"x1": pad_l, "x2": width - pad_r, "y1": y(v), "y2": y(v), "stroke": "#ddd"})
        chart.texts.append({"x": pad_l - 6, "y": round(y(v) + 4, 1), "cls": "axis", "anchor": "end",
                            "text": fmt_pct(v, digits) if percent else fmt_num(v, digits)})
    first, last = datetime.fromtimestamp(t0, UTC), datetime.fromtimestamp(t1, UTC)
    chart.texts.append({"x": pad_l, "y": height - 10, "text": first.strftime("%Y-%m-%d"), "cls": "axis"})
    chart.texts.append({"x": width - pad_r, "y": height - 10, "text": last.strftime("%Y-%m-%d"), "cls": "axis",
                        "anchor": "end"})
    for at, text in markers:
        mx = x(at.timestamp())
        chart.lines.append({"x1": mx, "x2": mx, "y1": pad_t, "y2": pad_t + plot_h, "stroke": "#c0392b",
                            "dash": "4 3", "tip": text})
        chart.texts.append({"x": round(mx + 3, 1), "y": pad_t + 10, "text": "⚠ " + text[:40], "cls": "marker"})
    ordered = sorted(points, key=lambda p: p.at)
    if line and len(ordered) > 1:
        chart.polyline = " ".join(f"{x(p.at.timestamp())},{y(p.value)}" for p in ordered)
    for p in ordered:
        tip = f"{p.at.strftime('%Y-%m-%d')}: {label(p.value)}" + (f" – {p.label}" if p.label else "")
        chart.circles.append({"x": x(p.at.timestamp()), "y": y(p.value),
                              "fill": "#e67e22" if p.highlight else "#305496", "tip": tip})
    return chart


LABEL_CHAR_PX = 6.6
"""Approximate width of one character of an 11 px axis label (for keeping labels apart)."""


def _label(x: float, y: float, text: str, width: int, anchor: str = "middle") -> dict[str, Any]:
    """An axis label at ``x`` that stays inside the chart: near an edge it is anchored to that edge."""
    half = len(text) * LABEL_CHAR_PX / 2
    if anchor == "middle" and x - half < 2:
        anchor, x = "start", 2.0
    elif anchor == "middle" and x + half > width - 2:
        anchor, x = "end", float(width - 2)
    return {"x": round(x, 1), "y": y, "text": text, "cls": "axis", "anchor": anchor}


def band_chart(value: float | None, band: tuple[float, float] | None, *, width: int = 720) -> Chart:
    """A horizontal scale placing the creator's engagement rate against the peer band.

    The band's ends are labelled at the precision the band needs (:func:`band_digits`); when the
    band is too narrow for two labels, one label ("0.16 % – 0.24 %") stands under its middle."""
    chart = Chart("band", width, 64, "engagement rate against the tier band")
    if value is None and band is None:
        chart.kind = "none"
        return chart
    top = max([v for v in (value, band[1] * 1.6 if band else None) if v is not None] + [0.01])
    top = max(top, (value or 0) * 1.15)

    def x(v: float) -> float:
        return round(10 + min(v / top, 1.0) * (width - 20), 1)

    chart.rects.append({"x": 10, "y": 22, "w": width - 20, "h": 14, "fill": "#eee"})
    if band:
        lo, hi = x(band[0]), x(band[1])
        chart.rects.append({"x": lo, "y": 22, "w": max(round(hi - lo, 1), 2), "h": 14, "fill": "#9fd3a8",
                            "tip": f"tier band {fmt_band(band[0], band[1])}"})
        digits = band_digits(band[0], band[1])
        low_text, high_text = fmt_pct(band[0], digits), fmt_pct(band[1], digits)
        if hi - lo >= (len(low_text) + len(high_text) + 2) * LABEL_CHAR_PX:
            chart.texts.append({**_label(lo, 56, low_text, width, "start")})
            chart.texts.append({**_label(hi, 56, high_text, width, "end")})
        else:
            chart.texts.append(_label((lo + hi) / 2, 56, f"{low_text} – {high_text}", width))
    if value is not None:
        chart.lines.append({"x1": x(value), "x2": x(value), "y1": 14, "y2": 44, "stroke": "#1f2d3d", "width": 3})
        chart.texts.append(_label(x(value), 11, "this creator " + fmt_pct(value, 2), width))
    return chart


def render_chart(chart: Chart) -> str:
    """The chart's SVG markup, rendered by the autoescaping ``charts.html.j2`` macro."""
    return str(environment().get_template("charts.html.j2").module.chart(chart))


def svg_timeseries(points: Sequence[Point], **options: Any) -> str:
    """:func:`timeseries_chart` rendered to SVG markup."""
    return render_chart(timeseries_chart(points, **options))


# -- context ----------------------------------------------------------------------------------

def _flags(reasons: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"red": [], "green": [], "info": []}
    for r in reasons if isinstance(reasons, list) else []:
        if isinstance(r, Mapping):
            out.get(r.get("flag"), out["info"]).append(str(r.get("text") or r.get("code") or ""))
    return out


def _engagement_points(per_post: Any) -> list[Point]:
    points = []
    for p in per_post if isinstance(per_post, list) else []:
        if not isinstance(p, Mapping):
            continue
        at, value = parse_utc(p.get("created_at")), finite_number(p.get("engagement_rate"))
        if at is not None and value is not None:
            points.append(Point(at, value, bool(p.get("sponsored")), "sponsored" if p.get("sponsored") else ""))
    return points


_BAND_WORDS = {"low": "lowest band", "below_average": "below average", "average": "average",
               "above_average": "above average", "high": "highest band"}


def _engagement_comparison(score: Mapping[str, Any], metrics: Mapping[str, Any], band: tuple[float, float] | None,
                           insufficient: Mapping[str, Any], definition: Mapping[str, Any]) -> dict[str, Any]:
    """Which comparison is primary (store percentile or published band), the rate's denominator,
    and every matching published band with its definition (older runs: the single stored band)."""
    comparison = metrics.get("er_comparison") if isinstance(metrics.get("er_comparison"), Mapping) else {}
    denominator = str(comparison.get("denominator") or definition.get("denominator") or "followers")
    percentile = finite_number(score.get("er_percentile"))
    rows = []
    for b in metrics.get("er_bands") or []:
        if not isinstance(b, Mapping):
            continue
        rng = b.get("band_range")
        lo_hi = (finite_number(rng[0]), finite_number(rng[1])) if isinstance(rng, list | tuple) and len(rng) == 2 \
            else (None, None)
        bdef = b.get("definition") if isinstance(b.get("definition"), Mapping) else {}
        rows.append({"source_name": str(b.get("source_name") or "–"), "source": str(b.get("source") or ""),
                     "band": _BAND_WORDS.get(str(b.get("band")), str(b.get("band") or "–")),
                     "label": b.get("label"), "range": lo_hi, "followers_range": b.get("followers_range"),
                     "numerator": bdef.get("numerator"), "denominator": bdef.get("denominator"),
                     "statistic": bdef.get("statistic"), "primary": bool(b.get("primary")),
                     "assumption": bool(b.get("assumption"))})
    if not rows and band:
        rows.append({"source_name": "published table", "source": str(metrics.get("er_band_source") or ""),
                     "band": _BAND_WORDS.get(str(score.get("er_band")), str(score.get("er_band") or "–")),
                     "label": None, "range": band, "followers_range": None, "numerator": None,
                     "denominator": None, "statistic": None, "primary": True,
                     "assumption": bool(metrics.get("er_band_assumption"))})
    primary = comparison.get("primary") or ("percentile" if percentile is not None
                                            else "band" if score.get("er_band") else None)
    return {"primary": primary, "denominator": denominator,
            "per": {"views": "per view", "followers": "per follower"}.get(denominator, f"per {denominator}"),
            "percentile": percentile, "peers": comparison.get("peers"),
            "min_peers": comparison.get("min_peers") or 20, "percentile_missing": insufficient.get("er_percentile"),
            "band_missing": insufficient.get("er_band"), "bands": rows,
            "disagree": bool(metrics.get("er_bands_disagree"))}


def _follower_points(snapshots: Sequence[Mapping[str, Any]], growth: Mapping[str, Any]) -> list[Point]:
    series = [(s.get("observed_at"), s.get("followers_count")) for s in snapshots]
    if not any(v is not None for _, v in series):
        series = [(s.get("observed_at"), s.get("followers_count"))
                  for s in growth.get("followers_series") or [] if isinstance(s, Mapping)]
    points = []
    for at_text, value in series:
        at, number = parse_utc(at_text), finite_number(value)
        if at is not None and number is not None:
            points.append(Point(at, number))
    return points


def _host(url: Any) -> str | None:
    match = re.match(r"(?i)^[a-z][a-z0-9+.-]*://([^/?#\s]+)", url) if isinstance(url, str) else None
    return clean_text(match.group(1)) if match else None


def _engagement_block(score: Mapping[str, Any], definition: Mapping[str, Any], insufficient: Mapping[str, Any],
                      engagement_rate: float | None, rated: int) -> dict[str, Any]:
    """What the engagement section says: the rate's definition (its own numerator and denominator),
    and whether it was measured, and if not, why (one coherent "not measured, because …")."""
    numerator = definition.get("numerator") or "interactions"
    denominator = definition.get("denominator") or "followers"
    statistic = definition.get("statistic") or "median"
    posts = definition.get("posts")
    basis = score.get("engagement_rate_basis")
    text = clean_text(str(basis)) if basis else (
        f"{statistic} per-post engagement rate = ({numerator}) / {denominator}"
        + (f" over the last {posts} original posts" if posts else ""))
    return {
        "measured": engagement_rate is not None,
        "why": clean_text(str(insufficient.get("engagement_rate") or "no post with known interaction counts")),
        "definition": text, "numerator": numerator, "denominator": denominator, "statistic": statistic,
        "posts": posts, "rated_posts": definition.get("rated_posts", rated),
        "window": (fmt_date(definition.get("window_start")), fmt_date(definition.get("window_end"))),
    }


def _activity(metrics: Mapping[str, Any], posts: Sequence[Mapping[str, Any]], score: Mapping[str, Any]
              ) -> dict[str, Any]:
    """The newest original post and whether the creator is inactive (older than INACTIVE_DAYS at
    vetting). Runs from before the rule: computed from the stored posts and the vetting time."""
    newest, days, since = metrics.get("newest_post_at"), metrics.get("newest_post_days"), metrics.get("inactive_since")
    if "newest_post_at" not in metrics:
        dated = [when for p in posts if not p.get("is_reply") and not p.get("is_repost")
                 if (when := parse_utc(p.get("created_at"))) is not None]
        reference = parse_utc(score.get("vetted_at"))
        if dated and reference is not None:
            latest = max(dated)
            newest, days = latest.isoformat(), max(0, (reference - latest).days)
            since = latest.strftime("%Y-%m-%d") if days > INACTIVE_DAYS else None
    as_of = metrics.get("activity_as_of")
    shown_as_of = fmt_date(as_of) if as_of and fmt_date(as_of) != fmt_date(score.get("vetted_at")) else None
    return {"newest_post": fmt_date(newest) if newest else None, "days": finite_number(days),
            "inactive_since": since, "threshold": INACTIVE_DAYS, "as_of": shown_as_of}


def _doc_formula(name: str) -> str:
    """The formula of a sub-score, from its function's docstring in :mod:`vetting.scoring` (one home)."""
    from vetting.scoring import SUBSCORES

    function = SUBSCORES.get(name)
    doc = " ".join((function.__doc__ or "").split()) if function else ""
    return doc.replace("``", "")


_COMPONENT_INPUTS = {
    "authenticity": ("bot-like comment share", "bot_comment_rate", "pct"),
    "niche_fit": ("niche fit (0–1)", "niche_fit", "num2"),
    "engagement": ("store percentile, else published band", "er_percentile", "num0"),
    "audience_language": ("audience share in the market language", "market_language_rate", "pct"),
    "comment_quality": ("generic-praise share", "generic_comment_rate", "pct"),
    "consistency": ("coefficient of variation of per-post ER", "engagement_cv", "num2"),
    "growth": ("follower anomalies", "growth_anomaly", "text"),
    "reply_rate": ("reply rate", "reply_rate", "pct"),
    "conversation": ("substantive-comment share", "substantive_rate", "pct"),
}


def _component_rows(score: Mapping[str, Any], metrics: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The score's components: each sub-score (0–1) with the measured value it comes from and how."""
    components = metrics.get("components") if isinstance(metrics.get("components"), Mapping) else {}
    weights = metrics.get("weights") if isinstance(metrics.get("weights"), Mapping) else {}
    rows = []
    for name, value in components.items():
        label, column, kind = _COMPONENT_INPUTS.get(str(name), (str(name).replace("_", " "), None, "text"))
        raw = score.get(column) if column else None
        if kind == "pct":
            shown = fmt_pct(raw)
        elif kind in ("num0", "num2"):
            shown = fmt_num(raw, 0 if kind == "num0" else 2)
        else:
            shown = clean_text(str(raw)) if raw else "none"
        if name == "engagement" and finite_number(raw) is None:
            shown = str(score.get("er_band") or "–").replace("_", " ")
        formula = "the share itself" if name == "audience_language" else _doc_formula(str(name))
        rows.append({"name": str(name).replace("_", " "), "value": finite_number(value),
                     "weight": finite_number(weights.get(name)), "input": f"{label}: {shown}", "formula": formula})
    return rows


def creator_context(store: Store, score: Mapping[str, Any], *, cost_table: costs.CostTable,
                    generated_at: str, run: RunInfo | None = None) -> dict[str, Any]:
    """Everything one report page shows, from the store and the score row (pure data); ``run``:
    the vetting run of the score (its niche is shown)."""
    platform, creator_id = score["platform"], score["creator_id"]
    creator = store.creator(platform, creator_id) or {}
    metrics = json_column(score.get("metrics"), {}) or {}
    metrics = metrics if isinstance(metrics, dict) else {}
    evidence = json_column(score.get("evidence"), []) or []
    posts = store.posts_of(platform, creator_id)
    posts_by_id = {str(p["post_id"]): p for p in posts}
    wanted = [cid for s in evidence if isinstance(s, Mapping) for cid in (s.get("comment_ids") or [])[:50]] \
        if isinstance(evidence, list) else []
    talk = metrics.get("conversation") if isinstance(metrics.get("conversation"), Mapping) else {}
    questions = [q for q in talk.get("product_questions") or [] if isinstance(q, Mapping)]
    comments_by_id = fetch_comments(store, platform, [*wanted, *(str(q.get("comment_id")) for q in questions)])
    snapshots = store.snapshots_of(platform, creator_id)
    growth = metrics.get("growth") if isinstance(metrics.get("growth"), dict) else {}
    definition = metrics.get("er_definition") if isinstance(metrics.get("er_definition"), dict) else {}
    # Fetched from a server on this machine (the sandbox of `creatorscout demo`): invented, never a link.
    source_url = score.get("source_url") or creator.get("source_url")
    sandbox = local_source(source_url)

    def link_to(url: Any) -> str | None:
        return None if sandbox else safe_url(url)

    # The account asks not to be indexed: its posts fed the figures, but no text or link of them is shown.
    posts_hidden = consent.posts_hidden(creator) or consent.posts_hidden(score)

    signals = []
    for s in evidence if isinstance(evidence, list) else []:
        if not isinstance(s, Mapping):
            continue
        examples = []
        why = s.get("comment_reasons") if isinstance(s.get("comment_reasons"), Mapping) else {}
        for cid in (s.get("comment_ids") or [])[:50]:
            c = comments_by_id.get(str(cid))
            if c and c.get("text"):
                post = posts_by_id.get(str(c.get("post_id")), {})
                examples.append({"text": excerpt(c["text"], 300),
                                 "post_url": None if posts_hidden else link_to(post.get("url")),
                                 "reasons": reason_texts(why.get(str(cid)) or ())})
            if len(examples) >= EXAMPLES_PER_SIGNAL:
                break
        counts = s.get("reasons") if isinstance(s.get("reasons"), Mapping) else {}
        signals.append({
            "kind": s.get("kind"), "title": SIGNAL_TITLES.get(str(s.get("kind")), str(s.get("kind"))),
            "triggered": bool(s.get("triggered")), "value": s.get("value"), "threshold": s.get("threshold"),
            "summary": s.get("summary"), "examples": examples, "count": len(s.get("comment_ids") or []),
            "reason_counts": [(text, n) for text, n in ((reason_texts([k])[0], finite_number(v))
                                                        for k, v in counts.items()) if n],
        })
    signals.sort(key=lambda s: not s["triggered"])

    band_range = metrics.get("er_band_range")
    band = None
    if isinstance(band_range, list | tuple) and len(band_range) == 2 and all(finite_number(v) is not None
                                                                                for v in band_range):
        band = (float(band_range[0]), float(band_range[1]))

    anomalies = [a for a in growth.get("anomalies") or [] if isinstance(a, Mapping)]
    markers = [(at, str(a.get("text") or "anomaly")) for a in anomalies
               if (at := parse_utc(a.get("observed_at"))) is not None]

    sponsored_ids = {str(i) for i in metrics.get("sponsored_posts") or []}
    sponsored_posts = [
        {"url": link_to(p.get("url")), "date": fmt_date(p.get("created_at")),
         "excerpt": excerpt(p.get("title") or p.get("text"), 160)}
        for p in posts if str(p["post_id"]) in sponsored_ids and not posts_hidden
    ][:10]

    per_post_er = {str(p.get("post_id")): p.get("engagement_rate") for p in metrics.get("per_post") or []
                   if isinstance(p, Mapping)}
    top_posts = []
    for tp in [] if posts_hidden else (metrics.get("top_niche_posts") or [])[:TOP_POSTS]:
        if not isinstance(tp, Mapping):
            continue
        post = posts_by_id.get(str(tp.get("post_id")), {})
        text = tp.get("excerpt") or post.get("title") or post.get("text")
        top_posts.append({
            "url": link_to(tp.get("url") or post.get("url")),
            "date": fmt_date(post.get("created_at")), "excerpt": excerpt(text, 280),
            "terms": [str(t) for t in tp.get("terms") or []][:8], "score": finite_number(tp.get("score")),
            "engagement_rate": per_post_er.get(str(tp.get("post_id"))),
        })

    cost_range = cost_table.estimate(platform, score.get("tier"))
    cost = costs.point_estimate(cost_range)
    views = [p.get("view_count") for p in posts if str(p["post_id"]) in per_post_er] or \
        [p.get("view_count") for p in posts[: int(definition.get("posts") or 12)]]
    engagements = costs.engagements_per_post(finite_number(score.get("engagement_rate")), score.get("followers_count"),
                                             denominator=definition.get("denominator") or "followers",
                                             view_counts=views)
    audience = json_column(score.get("audience_languages"), {}) or {}
    languages = sorted(((str(k), float(v)) for k, v in audience.items() if finite_number(v) is not None),
                       key=lambda kv: -kv[1]) if isinstance(audience, dict) else []

    insufficient = metrics.get("insufficient") if isinstance(metrics.get("insufficient"), dict) else {}
    engagement_rate = finite_number(score.get("engagement_rate"))
    engagement_points = _engagement_points(metrics.get("per_post"))
    follower_points = _follower_points(snapshots, growth)
    profile = score.get("profile_url") or creator.get("profile_url")
    elsewhere = [{"url": link_to(row.get("url")), "text": clean_text(str(row.get("url") or "")),
                  "kind": LINK_KIND_TITLES.get(str(row.get("kind")), str(row.get("kind")))}
                 for row in store.creator_links(platform, creator_id)]
    found_by = sorted({_found_by(row) for row in store.discoveries_of(platform, creator_id)})
    return {
        "key": f"{platform}:{creator_id}",
        "platform": platform,
        "creator_id": creator_id,
        "handle": score.get("handle") or creator.get("handle"),
        "display_name": score.get("display_name") or creator.get("display_name"),
        "bio": excerpt(score.get("bio") or creator.get("bio"), 600),
        "profile_url": link_to(profile),
        "raw_profile_url": clean_text(str(profile)) if profile else None,
        "external_url": link_to(creator.get("external_url")),
        "raw_external_url": clean_text(str(creator["external_url"])) if creator.get("external_url") else None,
        "elsewhere": elsewhere,
        "found_by": found_by,
        "sandbox": sandbox,
        "source_host": _host(source_url) if sandbox else None,
        "country": creator.get("country"),
        "verified": creator.get("verified"),
        "account_created_at": fmt_date(creator.get("account_created_at")),
        "post_count": creator.get("post_count"),
        "score": finite_number(score.get("score")),
        "verdict": score.get("verdict"),
        "verdict_title": VERDICT_TITLES.get(str(score.get("verdict")), str(score.get("verdict"))),
        "flags": _flags(json_column(score.get("reasons"), [])),
        "s": score,
        "band": band,
        "band_source": metrics.get("er_band_source"),
        "er": _engagement_comparison(score, metrics, band, insufficient, definition),
        "band_chart": band_chart(engagement_rate, band),
        "band_text": fmt_band(band[0], band[1]) if band else None,
        "definition": definition,
        "engagement": _engagement_block(score, definition, insufficient, engagement_rate, len(engagement_points)),
        "engagement_chart": timeseries_chart(engagement_points, title="Engagement rate per post (orange: sponsored)",
                                             percent=True, band=band, line=True),
        "engagement_points": len(engagement_points),
        "followers_chart": timeseries_chart(follower_points, title="Followers per crawl", percent=False,
                                            markers=markers, zero_based=False),
        "follower_points": len(follower_points),
        "activity": _activity(metrics, posts, score),
        "anomalies": [str(a.get("text") or "") for a in anomalies],
        "signals": signals,
        "conversation": _conversation_block(talk, questions, comments_by_id),
        "comments_unavailable": clean_text(str(talk.get("summary"))) if talk.get("comments_unavailable") else None,
        "languages": languages,
        "niche_terms": [str(t) for t in json_column(score.get("niche_terms"), []) or []],
        "brands": [str(b) for b in json_column(score.get("recent_brands"), []) or []],
        "sponsored_posts": sponsored_posts,
        "top_posts": top_posts,
        "posts_hidden": posts_hidden,
        "posts_hidden_note": consent.POSTS_HIDDEN_NOTE,
        "cost_range": cost_range,
        "cost": cost,
        "cost_per_engagement": costs.cost_per_engagement(cost, engagements),
        "engagements_per_post": engagements,
        "currency": cost_table.currency,
        "cost_note": cost_table.notes.get(platform),
        "cost_sources": cost_table.sources,
        "weights": metrics.get("weights") if isinstance(metrics.get("weights"), dict) else {},
        "components": metrics.get("components") if isinstance(metrics.get("components"), dict) else {},
        "component_rows": _component_rows(score, metrics),
        "niche_formula": _doc_formula("niche_fit"),
        "insufficient": insufficient,
        "sample": {
            "posts_stored": len(posts),
            "posts_in_er": definition.get("posts"),
            "posts_rated": definition.get("rated_posts", len(engagement_points) if definition else None),
            "comments_on_posts": sum(p.get("comment_count") or 0 for p in posts),
            "comments_analyzed": score.get("comments_analyzed"),
            "snapshots": len(snapshots),
        },
        "freshness": {
            "last_crawled_at": score.get("last_seen_at") or creator.get("last_seen_at"),
            "vetted_at": score.get("vetted_at"),
            "vetting_run_id": score.get("vetting_run_id"),
            "niche": run.niche if run is not None else None,
            "market_language": run.market_language if run is not None else None,
            "latest_snapshot_at": snapshots[-1]["observed_at"] if snapshots else None,
        },
        "generated_at": generated_at,
        "filename": report_filename(platform, creator_id),
    }


LINK_KIND_TITLES = {"mastodon": "Mastodon", "youtube": "YouTube", "bluesky": "Bluesky", "instagram": "Instagram",
                    "tiktok": "TikTok", "website": "website", "link_in_bio": "link-in-bio page"}


def _found_by(discovery: Mapping[str, Any]) -> str:
    """How a discovery row says the creator was found, in words."""
    source = str(discovery.get("source") or "hashtag")
    if source == "hashtag":
        return f"#{clean_text(str(discovery.get('hashtag') or ''))}"
    if source == "caption_mention":
        return f"mentioned in a #{clean_text(str(discovery.get('hashtag') or ''))} post"
    if source == "handle":
        return "listed by handle"
    if source == "refresh":
        return "refreshed: found by an earlier run of the plan"
    if source.startswith("list:"):
        return f"listed in {clean_text(source[5:])}"
    if source.startswith("link:"):
        linked_from = source[5:].split(":", 1)[0]
        return f"linked from their {LINK_KIND_TITLES.get(linked_from, linked_from)} profile"
    return clean_text(source)


def _conversation_block(talk: Mapping[str, Any], questions: Sequence[Mapping[str, Any]],
                        comments: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The Conversation section: shares with their intervals, answers, and the top product questions
    (texts only, with whether the creator answered)."""
    from vetting.conversation import RATE_NAMES

    labels = {"question_rate": "real questions", "product_question_rate": "questions about the post",
              "purchase_intent_rate": "purchase or try intent", "substantive_rate": "substantive comments",
              "negative_rate": "negative or hostile", "hostile_rate": "hostile"}
    rates = [{"label": labels[name], "value": finite_number(talk.get(name)),
              "low": finite_number(talk.get(name + "_low")), "high": finite_number(talk.get(name + "_high"))}
             for name in RATE_NAMES]
    shown = []
    for q in questions:
        comment = comments.get(str(q.get("comment_id")))
        if comment and comment.get("text"):
            answered = q.get("answered")
            shown.append({"text": excerpt(comment["text"], 300),
                          "answered": None if answered is None else bool(answered)})
    return {
        "known": finite_number(talk.get("question_rate")) is not None,
        "summary": clean_text(str(talk.get("summary") or "conversation not measured: this vetting run predates it "
                                                           "(run `creatorscout vet` again)")),
        "assessed": talk.get("assessed"), "not_assessed": talk.get("not_assessed"),
        "bot_like_left_out": talk.get("bot_like_left_out"), "rates": rates,
        "questions": talk.get("questions"), "answered_questions": talk.get("answered_questions"),
        "answered_rate": finite_number(talk.get("answered_question_rate")),
        "answer_minutes": finite_number(talk.get("answer_median_minutes")),
        "strong": bool(talk.get("strong")), "product_questions": shown,
        "answers_unknown": bool(talk.get("answers_unknown")),
    }


# -- rendering ---------------------------------------------------------------------------------

def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("vetting", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "html.j2"), default=True,
                                     default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters.update(pct=fmt_pct, num=fmt_num, date=fmt_date, safe_url=safe_url, band=fmt_band, plural=plural)
    env.globals["median"] = lambda values: statistics.median(values) if values else None
    return env


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` value on its way into a page: text loses NUL, control and bidi-override
    characters (:func:`vetting.shortlist.cells.clean_text`); markup a macro already built stays."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return clean_text(value)
    return value


_ENV: Any = None


def environment() -> Any:
    """The Jinja2 environment (built once, lazily)."""
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


def render_creator_report(context: Mapping[str, Any]) -> str:
    return environment().get_template("creator.html.j2").render(c=context)


def render_index(entries: Sequence[Mapping[str, Any]], *, generated_at: str, runs: Sequence[RunInfo]) -> str:
    return environment().get_template("index.html.j2").render(
        entries=entries, generated_at=generated_at, runs=list(runs), runs_text=describe_runs(runs),
        niche_note=niche_note(runs), sandbox=sum(1 for e in entries if e.get("sandbox")))


def resolve_creators(store: Store, keys: Sequence[str],
                     scores: Mapping[tuple[str, str], Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The latest score rows for creator keys (``platform:handle`` or ``platform:id``)."""
    out = []
    for key in keys:
        platform, rest = parse_creator_key(key)
        creator = store.find_creator(platform, rest)
        if creator is None and "@" in rest.lstrip("@"):
            creator = store.find_creator(platform, rest.lstrip("@").split("@", 1)[0])
        if creator is None:
            raise ReportError(
                f"no {platform} creator {rest!r} in this database: use a handle or id as stored, e.g. from the "
                "creator_key column of `creatorscout shortlist --out shortlist.csv` (or check --db)"
            )
        row = scores.get((platform, creator["creator_id"]))
        if row is None:
            raise ReportError(f"{key} has not been vetted yet: run `creatorscout vet --niche \"...\"` first")
        out.append(row)
    return out


def write_reports(store: Store, out_dir: str | Path, *, top: int | None = None,
                  creators: Sequence[str] | None = None, platforms: Sequence[str] | None = None,
                  plan: str | None = None, cost_table: costs.CostTable | None = None) -> list[Path]:
    """Write one HTML report per creator and an ``index.html`` into ``out_dir``.

    ``creators``: keys such as ``mastodon:@koch_anna@mastodon.social`` or ``youtube:UCxyz``;
    otherwise the ``top`` best-scored creators (all vetted creators when ``top`` is None) of
    ``platforms`` (default all) and, with ``plan``, only those that crawls of that plan's runs found.
    Returns the creator pages in order, then the index.
    """
    if top is not None and top < 1:
        raise ValueError(f"--top must be at least 1, got {top}")
    table = cost_table or costs.load_cost_table()
    latest = store.latest_scores()
    if not latest:
        raise ReportError("no vetting scores yet: run `creatorscout vet --niche \"...\"` first")
    by_key = {(r["platform"], r["creator_id"]): r for r in latest}
    if creators:
        chosen = resolve_creators(store, creators, by_key)
    else:
        scope = {(c["platform"], c["creator_id"]) for c in store.plan_creators(plan)} if plan else None
        ordered = sorted((r for r in latest if (not platforms or r["platform"] in platforms)
                          and (scope is None or (r["platform"], r["creator_id"]) in scope)), key=rank_key)
        chosen = ordered[:top] if top else ordered
    runs = runs_behind(store, chosen)
    run_by_id = {run.id: run for run in runs}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    generated_at = now_z("milliseconds")
    paths, entries = [], []
    seen: set[str] = set()
    for score in chosen:
        context = creator_context(store, score, cost_table=table, generated_at=generated_at,
                                  run=run_by_id.get(score.get("vetting_run_id")))
        if context["filename"] in seen:
            continue
        seen.add(context["filename"])
        path = out / context["filename"]
        path.write_text(render_creator_report(context), encoding="utf-8")
        paths.append(path)
        entries.append({k: context[k] for k in ("key", "platform", "handle", "display_name", "score", "verdict",
                                                 "verdict_title", "filename", "flags", "sandbox")}
                       | {"tier": score.get("tier"), "followers_count": score.get("followers_count"),
                          "engagement_rate": score.get("engagement_rate"), "niche_fit": score.get("niche_fit"),
                          "vetting_run_id": score.get("vetting_run_id")})
    index = out / "index.html"
    index.write_text(render_index(entries, generated_at=generated_at, runs=runs), encoding="utf-8")
    logger.info("wrote %d reports and %s", len(paths), index)
    return [*paths, index]
