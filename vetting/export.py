"""Shortlist spreadsheets (XLSX, CSV) from the latest vetting scores, and their import back.

``export_shortlist(store, path, filters)`` is what ``creatorscout shortlist`` calls: it ranks the
latest vetting score of every creator (:func:`build_shortlist`), and writes

* XLSX: sheet "Shortlist" (frozen header, autofilter, widths, number formats, profile links,
  a colour scale on ``score``, a dropdown on ``status``), sheet "Methodology" (every column and
  formula, the data's date, the cost table's sources) and sheet "Evidence" (flagged comments:
  text only, never who wrote them);
* CSV: UTF-8 (optionally with a BOM for Excel), any one-character delimiter.

Every text cell goes through :func:`neutralize_cell` so that no scraped or typed text can run as
a spreadsheet formula. :func:`import_shortlist` reads an edited file back into
``shortlist_entries`` (all-or-nothing).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crawler.errors import CreatorscoutError
from crawler.storage import Store
from vetting import costs
from vetting.verdicts import TIERS, VERDICTS, rank_key

logger = logging.getLogger(__name__)

__all__ = [
    "COLUMNS",
    "FORMULA_TRIGGERS",
    "STATUSES",
    "WORKFLOW_COLUMNS",
    "ExportResult",
    "ImportResult",
    "NicheMismatchError",
    "NotVettedError",
    "ShortlistFilters",
    "ShortlistImportError",
    "ShortlistRow",
    "build_shortlist",
    "comments_by_id",
    "evidence_rows",
    "export_shortlist",
    "import_shortlist",
    "neutralize_cell",
    "unneutralize_cell",
    "write_csv",
    "write_xlsx",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
STATUSES = ("new", "shortlisted", "contacted", "negotiating", "booked", "rejected")

MAIN_COLUMNS = (
    "rank", "platform", "handle", "display_name", "profile_url", "followers_count", "tier",
    "engagement_rate", "engagement_rate_basis", "er_band", "bot_comment_rate", "generic_comment_rate",
    "niche_fit", "niche_terms", "audience_languages", "market_language_rate", "sponsored_rate",
    "recent_brands", "reply_rate", "posts_per_week", "est_cost_per_post", "est_cost_per_engagement",
    "score", "verdict", "reasons", "last_crawled_at", "creator_key",
)
WORKFLOW_COLUMNS = ("status", "owner", "notes", "agreed_fee", "promo_code", "tracking_link")
EXTRA_COLUMNS = (
    "est_cost_low", "est_cost_high", "cost_currency", "er_percentile", "comments_analyzed",
    "bot_comment_rate_low", "bot_comment_rate_high", "market_language", "creator_language", "growth_anomaly",
)
COLUMNS = MAIN_COLUMNS + WORKFLOW_COLUMNS + EXTRA_COLUMNS
"""Every shortlist column in order: the issue's columns, the workflow columns, then extras."""

PERCENT_COLUMNS = frozenset({
    "engagement_rate", "bot_comment_rate", "generic_comment_rate", "market_language_rate", "sponsored_rate",
    "reply_rate", "bot_comment_rate_low", "bot_comment_rate_high",
})

EVIDENCE_COLUMNS = ("creator_key", "handle", "signal", "signal_summary", "comment_text", "post_url")


class NotVettedError(CreatorscoutError, LookupError):
    """The store holds no vetting scores yet."""


class NicheMismatchError(CreatorscoutError, ValueError):
    """The requested niche is not the niche of the latest vetting run."""


class ShortlistImportError(CreatorscoutError, ValueError):
    """An edited shortlist cannot be imported (nothing was changed)."""


# -- formula injection ------------------------------------------------------------------------

def neutralize_cell(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate: text starting with ``= + - @``, tab or CR
    gets a leading apostrophe (OWASP "CSV injection"); other values are returned unchanged.

    Used for every text cell of the CSV and the XLSX alike (openpyxl would otherwise store a
    string starting with ``=`` as a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unneutralize_cell(value: Any) -> Any:
    """Undo :func:`neutralize_cell` for a value read back from an exported file."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


# -- building the shortlist -------------------------------------------------------------------

@dataclass
class ShortlistFilters:
    """Which creators make the shortlist. Empty tuples and ``None`` mean "no filter".

    ``market_language``: the market's ISO 639-1 language; a creator's ``market_language_rate`` is
    then the share of its analysed audience comments in that language (from
    ``audience_languages``), and creators below ``min_market_language_rate`` (or with no
    analysed comments) are left out.
    """

    platforms: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    min_score: float | None = None
    verdicts: tuple[str, ...] = ()
    min_niche_fit: float | None = None
    max_bot_comment_rate: float | None = None
    market_language: str | None = None
    min_market_language_rate: float | None = 0.25
    limit: int | None = None
    niche: str | None = None

    def __post_init__(self) -> None:
        bad = [t for t in self.tiers if t not in TIERS]
        if bad:
            raise ValueError(f"unknown tier {bad[0]!r}: choose from {', '.join(TIERS)}")
        bad = [v for v in self.verdicts if v not in VERDICTS]
        if bad:
            raise ValueError(f"unknown verdict {bad[0]!r}: choose from {', '.join(VERDICTS)}")
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"limit must be at least 1, got {self.limit}")
        for name in ("min_niche_fit", "max_bot_comment_rate", "min_market_language_rate"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                raise ValueError(f"{name} is a fraction between 0 and 1, got {value}")
        if self.market_language:
            self.market_language = self.market_language.strip().lower()


@dataclass
class ShortlistRow:
    """One shortlist line; field names are the column names (see :data:`COLUMNS`)."""

    rank: int
    platform: str
    handle: str | None
    display_name: str | None
    profile_url: str | None
    followers_count: int | None
    tier: str | None
    engagement_rate: float | None
    engagement_rate_basis: str | None
    er_band: str | None
    bot_comment_rate: float | None
    generic_comment_rate: float | None
    niche_fit: float | None
    niche_terms: str | None
    audience_languages: str | None
    market_language_rate: float | None
    sponsored_rate: float | None
    recent_brands: str | None
    reply_rate: float | None
    posts_per_week: float | None
    est_cost_per_post: float | None
    est_cost_per_engagement: float | None
    score: float | None
    verdict: str | None
    reasons: str | None
    last_crawled_at: str | None
    creator_key: str
    status: str | None = "new"
    owner: str | None = None
    notes: str | None = None
    agreed_fee: str | None = None
    promo_code: str | None = None
    tracking_link: str | None = None
    est_cost_low: float | None = None
    est_cost_high: float | None = None
    cost_currency: str | None = None
    er_percentile: float | None = None
    comments_analyzed: int | None = None
    bot_comment_rate_low: float | None = None
    bot_comment_rate_high: float | None = None
    market_language: str | None = None
    creator_language: str | None = None
    growth_anomaly: str | None = None
    # not columns: what the Evidence sheet needs
    creator_id: str = field(default="", repr=False)
    evidence: list[dict[str, Any]] = field(default_factory=list, repr=False)
    per_post_urls: dict[str, str] = field(default_factory=dict, repr=False)

    def values(self) -> list[Any]:
        return [getattr(self, name) for name in COLUMNS]


_FIELD_NAMES = {f.name for f in fields(ShortlistRow)}
if set(COLUMNS) - _FIELD_NAMES:  # pragma: no cover - a programming error caught at import
    raise RuntimeError(f"ShortlistRow lacks columns {sorted(set(COLUMNS) - _FIELD_NAMES)}")


def json_column(value: Any, default: Any) -> Any:
    """A JSON column's value decoded (``default`` when empty or unreadable, logged)."""
    if value is None or value == "":
        return default
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        logger.warning("unreadable JSON in vetting_scores: %.60r", value)
        return default


def _join(values: Any, limit: int = 8) -> str | None:
    if not values:
        return None
    return ", ".join(str(v) for v in list(values)[:limit])


def _languages_text(shares: Mapping[str, float]) -> str | None:
    if not shares:
        return None
    ordered = sorted(shares.items(), key=lambda kv: (-float(kv[1] or 0), kv[0]))
    return ", ".join(f"{lang} {round(float(share) * 100)} %" for lang, share in ordered[:5])


_FLAG_MARK = {"red": "✗", "green": "✓"}


def reasons_text(reasons: Sequence[Mapping[str, Any]]) -> str | None:
    """Reasons as one cell: red flags first (✗), then green (✓), then information (ℹ)."""
    order = {"red": 0, "green": 1}
    items = sorted((r for r in reasons if isinstance(r, Mapping)), key=lambda r: order.get(r.get("flag"), 2))
    parts = [f"{_FLAG_MARK.get(r.get('flag'), 'ℹ')} {r.get('text') or r.get('code') or ''}".strip() for r in items]
    return "; ".join(parts) or None


def _views_for(store: Store, row: Mapping[str, Any], metrics: Mapping[str, Any]) -> list[int | None]:
    """View counts of the posts the ER was computed on (per_post ids, else the newest N posts)."""
    per_post = metrics.get("per_post") or []
    in_metrics = [p.get("view_count") for p in per_post if isinstance(p, Mapping) and "view_count" in p]
    if in_metrics:
        return in_metrics
    definition = metrics.get("er_definition") or {}
    ids = {p.get("post_id") for p in per_post if isinstance(p, Mapping)}
    posts = store.posts_of(row["platform"], row["creator_id"])
    if ids:
        return [p.get("view_count") for p in posts if p["post_id"] in ids]
    originals = [p for p in posts if not p.get("is_reply") and not p.get("is_repost")]
    return [p.get("view_count") for p in originals[: int(definition.get("posts") or 12)]]


def finite_number(value: Any) -> float | None:
    """``value`` as a float, or ``None`` for missing, boolean, non-numeric, NaN or infinite values."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _passes(row: Mapping[str, Any], filters: ShortlistFilters, market_rate: float | None) -> bool:
    if filters.platforms and row["platform"] not in filters.platforms:
        return False
    if filters.tiers and row.get("tier") not in filters.tiers:
        return False
    if filters.verdicts and row.get("verdict") not in filters.verdicts:
        return False
    score = finite_number(row.get("score"))
    if filters.min_score is not None and (score is None or score < filters.min_score):
        return False
    niche_fit = finite_number(row.get("niche_fit"))
    if filters.min_niche_fit is not None and (niche_fit is None or niche_fit < filters.min_niche_fit):
        return False
    bot_rate = finite_number(row.get("bot_comment_rate"))
    if filters.max_bot_comment_rate is not None and bot_rate is not None and bot_rate > filters.max_bot_comment_rate:
        return False
    if filters.market_language and filters.min_market_language_rate is not None:
        return market_rate is not None and market_rate >= filters.min_market_language_rate
    return True


def _check_niche(store: Store, filters: ShortlistFilters) -> None:
    run = store.latest_vetting_run()
    if run is None:
        raise NotVettedError("no vetting scores yet: run `creatorscout vet --niche \"...\"` first")
    if filters.niche is None:
        return
    wanted = " ".join(filters.niche.lower().split())
    scored = " ".join((run.get("niche") or "").lower().split())
    if wanted != scored:
        raise NicheMismatchError(
            f"the latest vetting run (#{run['id']}, {run.get('vetted_at')}) scored niche "
            f"{run.get('niche') or '(none)'!r}, not {filters.niche!r}: run "
            f"`creatorscout vet --niche \"{filters.niche}\"` first, or leave out --niche to use it"
        )


def build_shortlist(store: Store, filters: ShortlistFilters | None = None, *,
                    cost_table: costs.CostTable | None = None) -> list[ShortlistRow]:
    """Rank the latest vetting score of every creator that passes ``filters``.

    Order: score (highest first; unscored last), then niche fit, then followers, then key.
    Workflow columns are prefilled from ``shortlist_entries`` (``status`` defaults to ``new``).
    Raises :class:`NotVettedError` without vetting scores and :class:`NicheMismatchError` when
    ``filters.niche`` differs from the latest run's niche (shortlisting never re-vets).
    """
    filters = filters or ShortlistFilters()
    table = cost_table or costs.load_cost_table()
    _check_niche(store, filters)
    candidates = []
    for row in store.latest_scores():
        audience = json_column(row.get("audience_languages"), {}) or {}
        if filters.market_language:
            if row.get("market_language") == filters.market_language and row.get("market_language_rate") is not None:
                market_rate = finite_number(row.get("market_language_rate"))
            elif audience:
                market_rate = float(audience.get(filters.market_language) or 0.0)
            else:
                market_rate = None
        else:
            market_rate = finite_number(row.get("market_language_rate"))
        if _passes(row, filters, market_rate):
            candidates.append((row, audience, market_rate))

    candidates.sort(key=lambda item: rank_key(item[0]))
    if filters.limit is not None:
        candidates = candidates[: filters.limit]

    entries = store.shortlist_entries()
    rows = []
    for rank, (row, audience, market_rate) in enumerate(candidates, start=1):
        rows.append(_shortlist_row(store, rank, row, audience, market_rate, filters, table, entries))
    return rows


def _shortlist_row(store: Store, rank: int, row: Mapping[str, Any], audience: Mapping[str, float],
                   market_rate: float | None, filters: ShortlistFilters, table: costs.CostTable,
                   entries: Mapping[tuple[str, str], Mapping[str, Any]]) -> ShortlistRow:
    metrics = json_column(row.get("metrics"), {}) or {}
    if not isinstance(metrics, dict):
        metrics = {}
    definition = metrics.get("er_definition") or {}
    denominator = definition.get("denominator") or "followers"
    cost_range = table.estimate(row["platform"], row.get("tier"))
    cost = costs.point_estimate(cost_range)
    engagements = None
    if cost is not None:
        views = _views_for(store, row, metrics) if denominator == "views" else ()
        engagements = costs.engagements_per_post(
            finite_number(row.get("engagement_rate")), row.get("followers_count"),
            denominator=denominator, view_counts=views,
        )
    reasons = json_column(row.get("reasons"), []) or []
    evidence = json_column(row.get("evidence"), []) or []
    entry = entries.get((row["platform"], row["creator_id"]), {})
    per_post_urls = {
        str(p.get("post_id")): p["url"]
        for p in metrics.get("per_post") or []
        if isinstance(p, Mapping) and p.get("url")
    }
    return ShortlistRow(
        rank=rank,
        platform=row["platform"],
        handle=row.get("handle"),
        display_name=row.get("display_name"),
        profile_url=row.get("profile_url"),
        followers_count=row.get("followers_count"),
        tier=row.get("tier"),
        engagement_rate=finite_number(row.get("engagement_rate")),
        engagement_rate_basis=row.get("engagement_rate_basis"),
        er_band=row.get("er_band"),
        bot_comment_rate=finite_number(row.get("bot_comment_rate")),
        generic_comment_rate=finite_number(row.get("generic_comment_rate")),
        niche_fit=finite_number(row.get("niche_fit")),
        niche_terms=_join(json_column(row.get("niche_terms"), [])),
        audience_languages=_languages_text(audience),
        market_language_rate=market_rate,
        sponsored_rate=finite_number(row.get("sponsored_rate")),
        recent_brands=_join(json_column(row.get("recent_brands"), [])),
        reply_rate=finite_number(row.get("reply_rate")),
        posts_per_week=finite_number(row.get("posts_per_week")),
        est_cost_per_post=cost,
        est_cost_per_engagement=costs.cost_per_engagement(cost, engagements),
        score=finite_number(row.get("score")),
        verdict=row.get("verdict"),
        reasons=reasons_text(reasons) if isinstance(reasons, list) else None,
        last_crawled_at=row.get("last_seen_at"),
        creator_key=f"{row['platform']}:{row['creator_id']}",
        status=entry.get("status") or "new",
        owner=entry.get("owner"),
        notes=entry.get("notes"),
        agreed_fee=entry.get("agreed_fee"),
        promo_code=entry.get("promo_code"),
        tracking_link=entry.get("tracking_link"),
        est_cost_low=cost_range[0] if cost_range else None,
        est_cost_high=cost_range[1] if cost_range else None,
        cost_currency=table.currency if cost_range else None,
        er_percentile=finite_number(row.get("er_percentile")),
        comments_analyzed=row.get("comments_analyzed"),
        bot_comment_rate_low=finite_number(row.get("bot_comment_rate_low")),
        bot_comment_rate_high=finite_number(row.get("bot_comment_rate_high")),
        market_language=filters.market_language or row.get("market_language"),
        creator_language=row.get("creator_language"),
        growth_anomaly=row.get("growth_anomaly"),
        creator_id=row["creator_id"],
        evidence=[s for s in evidence if isinstance(s, Mapping)] if isinstance(evidence, list) else [],
        per_post_urls=per_post_urls,
    )


def comments_by_id(store: Store, platform: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Comments of ``platform`` by ``comment_id`` (primary-key lookups; fast on large stores)."""
    return store.comments_by_id(platform, ids)


def evidence_rows(store: Store, rows: Sequence[ShortlistRow], *, per_signal: int = 3) -> list[list[Any]]:
    """Example comments behind each triggered evidence signal: text and post link, never the
    commenter. Columns: :data:`EVIDENCE_COLUMNS`."""
    out: list[list[Any]] = []
    for row in rows:
        triggered = [s for s in row.evidence if s.get("triggered") and s.get("comment_ids")]
        if not triggered:
            continue
        comments = comments_by_id(store, row.platform, [cid for s in triggered for cid in s["comment_ids"]])
        urls = dict(row.per_post_urls)
        wanted_posts = {str(comments[str(cid)]["post_id"]) for s in triggered for cid in s["comment_ids"]
                        if str(cid) in comments}
        if wanted_posts - set(urls):
            urls.update({str(p["post_id"]): p.get("url") for p in store.posts_of(row.platform, row.creator_id)})
        for signal in triggered:
            shown = 0
            for cid in signal["comment_ids"]:
                comment = comments.get(str(cid))
                if comment is None or not comment.get("text"):
                    continue
                out.append([row.creator_key, row.handle, signal.get("kind"), signal.get("summary"),
                            comment["text"], urls.get(str(comment["post_id"]))])
                shown += 1
                if shown >= per_signal:
                    break
    return out


# -- methodology ------------------------------------------------------------------------------

COLUMN_DOCS: dict[str, str] = {
    "rank": ("Position after sorting by verdict (recommended, review, insufficient data, avoid), then score "
             "(highest first), then niche fit, then followers."),
    "platform": "Platform key (mastodon, youtube, ...).",
    "handle": "The creator's handle on the platform (Mastodon: user@instance).",
    "display_name": "The name shown on the profile.",
    "profile_url": "Link to the public profile (clickable; only http(s) links are made clickable).",
    "followers_count": "Followers/subscribers at the latest crawl (empty when the platform hides it).",
    "tier": "Size class by followers: emerging < 1k, nano 1k-10k, micro 10k-100k, macro 100k-1M, mega >= 1M.",
    "engagement_rate": "Median per-post engagement rate = (likes + comments + shares) / followers (or / views "
                       "where the platform hides followers), over the creator's recent original posts; "
                       "the exact basis is in engagement_rate_basis.",
    "engagement_rate_basis": "How engagement_rate was computed: numerator, denominator, statistic, posts, dates.",
    "er_band": "Engagement compared with the usual band for the same platform and tier: low, below_average, "
               "average, above_average, high.",
    "bot_comment_rate": "Share of the analysed comments by others that the bot-comment classifier flags "
                        "(probability >= 0.5); 95 % Wilson interval in bot_comment_rate_low/high.",
    "generic_comment_rate": "Share of analysed comments that are generic praise ('nice post!', emoji only).",
    "niche_fit": "0-1 similarity (TF-IDF cosine over bio, captions and hashtags) between the creator and the "
                 "niche; niche_terms lists the matching terms.",
    "niche_terms": "Top terms that matched the niche.",
    "audience_languages": "Languages of the analysed audience comments, as shares of the sample.",
    "market_language_rate": "Share of analysed audience comments in the market language (market_language).",
    "sponsored_rate": "Share of recent posts marked or detected as sponsored (#ad, 'paid partnership', ...).",
    "recent_brands": "Brands mentioned in recent sponsored posts.",
    "reply_rate": "Share of the creator's posts on which the creator replied to commenters.",
    "posts_per_week": "Original posts per week over the analysed window.",
    "est_cost_per_post": "Estimated price of one sponsored post = midpoint of the cost table's range for "
                         "platform and tier (open-ended top tier: its lower bound). Empty where the platform has "
                         "no market (Mastodon) or the tier no published price. Currency in cost_currency.",
    "est_cost_per_engagement": "est_cost_per_post / typical engagements per post, where typical engagements = "
                               "engagement_rate x followers (or x median views for a views-based rate).",
    "score": "0-100 weighted score of the vetting components (weights in the vetting run's settings).",
    "verdict": "recommended, review, avoid, or insufficient_data (too few posts/comments to judge).",
    "reasons": "Why: red flags (✗) first, then green flags (✓) and information (ℹ).",
    "last_crawled_at": "When the creator's profile was last fetched (UTC).",
    "creator_key": "platform:creator_id; the key `creatorscout shortlist import` matches rows on. Do not edit.",
    "status": "Your outreach status: new, shortlisted, contacted, negotiating, booked, rejected (dropdown).",
    "owner": "Who on your team handles the creator.",
    "notes": "Your notes.",
    "agreed_fee": "The fee agreed with the creator (free text, include the currency).",
    "promo_code": "The creator's promo code.",
    "tracking_link": "The creator's tracking link.",
    "est_cost_low": "Lower bound of the cost table's range for platform and tier.",
    "est_cost_high": "Upper bound of the range (empty: open-ended, 'from est_cost_low').",
    "cost_currency": "Currency of the cost columns.",
    "er_percentile": "Percentile (0-100) of engagement_rate among creators of the same platform and tier in "
                     "the store (empty with fewer than 20 peers).",
    "comments_analyzed": "Number of comments by others analysed for the comment and language metrics.",
    "bot_comment_rate_low": "Lower end of the 95 % Wilson interval of bot_comment_rate.",
    "bot_comment_rate_high": "Upper end of the 95 % Wilson interval of bot_comment_rate.",
    "market_language": "The market language the audience was compared with (ISO 639-1).",
    "creator_language": "The language the creator mostly posts in (ISO 639-1).",
    "growth_anomaly": "Unusual follower jumps between crawls (possible bought followers), if any.",
}


@dataclass(frozen=True)
class DataInfo:
    """Where the data came from and how fresh it is (Methodology sheet, reports)."""

    vetting_run_id: int | None
    vetted_at: str | None
    niche: str | None
    market_language: str | None
    latest_crawl_at: str | None

    @classmethod
    def of(cls, store: Store, rows: Sequence[ShortlistRow] = ()) -> DataInfo:
        run = store.latest_vetting_run() or {}
        crawls = [r for r in store.last_crawl_runs(1) if r.get("finished_at") or r.get("started_at")]
        latest = max((r.last_crawled_at for r in rows if r.last_crawled_at), default=None)
        if crawls:
            crawl_at = crawls[0].get("finished_at") or crawls[0].get("started_at")
            latest = max(filter(None, (latest, crawl_at)))
        return cls(run.get("id"), run.get("vetted_at"), run.get("niche"), run.get("market_language"), latest)


def methodology_rows(info: DataInfo, filters: ShortlistFilters, table: costs.CostTable,
                     row_count: int) -> list[list[Any]]:
    """The Methodology sheet as rows of (item, explanation)."""
    rows: list[list[Any]] = [
        ["creatorscout shortlist", "How every column was computed, and how fresh the data is."],
        ["Data as of", f"latest crawl {info.latest_crawl_at or 'unknown'}; vetting run #{info.vetting_run_id} "
                       f"at {info.vetted_at or 'unknown'} (UTC)"],
        ["Niche", info.niche or "(none given)"],
        ["Market language", filters.market_language or info.market_language or "(none)"],
        ["Filters", _filters_text(filters)],
        ["Creators listed", str(row_count)],
        ["Rates", "All rates are fractions 0-1, shown as percentages."],
        ["Safety", "Text cells that start with = + - @, tab or CR are prefixed with an apostrophe so that no "
                   "scraped text runs as a formula. `creatorscout shortlist import` removes the prefix again."],
        ["", ""],
        ["Column", "Meaning and formula"],
    ]
    rows.extend([name, COLUMN_DOCS[name]] for name in COLUMNS)
    rows.append(["", ""])
    rows.append(["Cost table", f"{table.path} (currency {table.currency}). {table.caveats}"])
    for platform, note in table.notes.items():
        rows.append([f"Cost note: {platform}", note])
    for source in table.sources:
        rows.append(["Cost source", f"{source.get('name', '')} - {source.get('url', '')} ({source.get('date', '')}): "
                                    f"{source.get('used_for', '')}"])
    rows.append(["Evidence sheet", "Examples of the comments behind each triggered signal (bot-like, near-duplicate, "
                                   "pod, burst, generic): comment text and post link only, never the commenter."])
    return rows


def _filters_text(filters: ShortlistFilters) -> str:
    parts = []
    for name, value in asdict(filters).items():
        if value in (None, (), []) or (name == "min_market_language_rate" and not filters.market_language):
            continue
        parts.append(f"{name}={','.join(value) if isinstance(value, tuple | list) else value}")
    return "; ".join(parts) or "(none)"


# -- writers ----------------------------------------------------------------------------------

_WIDTHS = {
    "rank": 6, "platform": 10, "handle": 26, "display_name": 24, "profile_url": 34, "followers_count": 11,
    "tier": 9, "engagement_rate": 10, "engagement_rate_basis": 40, "er_band": 14, "niche_terms": 28,
    "audience_languages": 22, "recent_brands": 22, "est_cost_per_post": 12, "est_cost_per_engagement": 12,
    "score": 8, "verdict": 16, "reasons": 60, "last_crawled_at": 22, "creator_key": 30, "status": 13,
    "owner": 14, "notes": 30, "agreed_fee": 12, "promo_code": 14, "tracking_link": 30, "growth_anomaly": 30,
}


def _is_http(url: Any) -> bool:
    return isinstance(url, str) and url.lower().startswith(("http://", "https://")) and " " not in url.strip()


def write_xlsx(path: str | Path, rows: Sequence[ShortlistRow], *, methodology: Sequence[Sequence[Any]] = (),
               evidence: Sequence[Sequence[Any]] = (), currency: str = "USD") -> Path:
    """Write the three-sheet workbook (openpyxl write-only mode: 10,000 rows in a few seconds)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    wb = Workbook(write_only=True)
    header_style = NamedStyle("cs_header", font=Font(bold=True, color="FFFFFF"),
                              fill=PatternFill("solid", fgColor="305496"), alignment=Alignment(wrap_text=True))
    percent = NamedStyle("cs_percent", number_format="0.0%")
    integer = NamedStyle("cs_integer", number_format="#,##0")
    decimal = NamedStyle("cs_decimal", number_format="0.00")
    money = NamedStyle("cs_money", number_format=f'#,##0 "{currency}"')
    money_fine = NamedStyle("cs_money_fine", number_format=f'#,##0.000 "{currency}"')
    link = NamedStyle("cs_link", font=Font(color="0563C1", underline="single"))
    for style in (header_style, percent, integer, decimal, money, money_fine, link):
        wb.add_named_style(style)
    styles: dict[str, str] = {}
    for name in COLUMNS:
        if name in PERCENT_COLUMNS:
            styles[name] = "cs_percent"
        elif name in ("followers_count", "score", "comments_analyzed", "rank"):
            styles[name] = "cs_integer"
        elif name in ("niche_fit", "posts_per_week", "er_percentile"):
            styles[name] = "cs_decimal"
        elif name in ("est_cost_per_post", "est_cost_low", "est_cost_high"):
            styles[name] = "cs_money"
        elif name == "est_cost_per_engagement":
            styles[name] = "cs_money_fine"

    ws = wb.create_sheet("Shortlist")
    for index, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 12)
    ws.freeze_panes = "A2"
    last = f"{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    ws.auto_filter.ref = f"A1:{last}"
    ws.append([_styled(WriteOnlyCell(ws, value=neutralize_cell(name)), "cs_header") for name in COLUMNS])
    link_col = COLUMNS.index("profile_url")
    # one style array per column, shared by its cells: a named-style lookup per cell costs ~1 s per 100k cells
    arrays = {}
    for name in set(styles.values()):
        arrays[name] = _styled(WriteOnlyCell(ws, value=0), name)._style
    styled_cols = [(i, arrays[styles[name]]) for i, name in enumerate(COLUMNS) if name in styles]
    for row in rows:
        values: list[Any] = [_xlsx_value(v) for v in row.values()]
        for i, array in styled_cols:
            if values[i] is not None:
                cell = WriteOnlyCell(ws, value=values[i])
                cell._style = array
                values[i] = cell
        url = row.profile_url
        if _is_http(url):
            cell = WriteOnlyCell(ws, value=values[link_col])
            cell.hyperlink = url
            cell.style = "cs_link"
            values[link_col] = cell
        ws.append(values)
    if rows:
        score_col = get_column_letter(COLUMNS.index("score") + 1)
        ws.conditional_formatting.add(
            f"{score_col}2:{score_col}{len(rows) + 1}",
            ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",
                           mid_type="num", mid_value=50, mid_color="FFEB84",
                           end_type="num", end_value=100, end_color="63BE7B"),
        )
    status_col = get_column_letter(COLUMNS.index("status") + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="status",
                                error="Choose one of: " + ", ".join(STATUSES))
    validation.add(f"{status_col}2:{status_col}{max(len(rows) + 1, 2) + 1000}")
    ws.data_validations.append(validation)

    method = wb.create_sheet("Methodology")
    method.column_dimensions["A"].width = 28
    method.column_dimensions["B"].width = 120
    for item, text in methodology:
        method.append([neutralize_cell(_xlsx_value(item)), neutralize_cell(_xlsx_value(text))])

    ev = wb.create_sheet("Evidence")
    for index, width in enumerate((30, 24, 24, 50, 80, 40), start=1):
        ev.column_dimensions[get_column_letter(index)].width = width
    ev.freeze_panes = "A2"
    ev.append([_styled(WriteOnlyCell(ev, value=name), "cs_header") for name in EVIDENCE_COLUMNS])
    for values in evidence:
        cells = [_xlsx_value(v) for v in values]
        url = values[-1]
        if _is_http(url):
            cell = WriteOnlyCell(ev, value=cells[-1])
            cell.hyperlink = url
            cell.style = "cs_link"
            cells[-1] = cell
        ev.append(cells)
    if evidence:
        ev.auto_filter.ref = f"A1:{get_column_letter(len(EVIDENCE_COLUMNS))}{len(evidence) + 1}"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _styled(cell: Any, style: str) -> Any:
    cell.style = style
    return cell


_ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


def _xlsx_value(value: Any) -> Any:
    """A cell value for openpyxl: text neutralised, control characters XML cannot hold removed."""
    if isinstance(value, str):
        return neutralize_cell(value.translate(_ILLEGAL))
    return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(round(value, 6)).removesuffix(".0") if value.is_integer() else repr(round(value, 6))
    return neutralize_cell(value) if isinstance(value, str) else value


def write_csv(path: str | Path, rows: Sequence[ShortlistRow], *, delimiter: str = ",",
              excel_bom: bool = False) -> Path:
    """Write the shortlist as CSV (UTF-8, optional BOM so that Excel detects the encoding)."""
    if len(delimiter) != 1 or delimiter in "\"'\r\n":
        raise ValueError(f"delimiter must be one character other than quotes and newlines, got {delimiter!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig" if excel_bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_csv_value(v) for v in row.values()])
    return path


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    rows: int
    evidence_rows: int
    info: DataInfo


def export_shortlist(store: Store, path: str | Path, filters: ShortlistFilters | None = None, *,
                     delimiter: str = ",", excel_bom: bool = False,
                     cost_table: costs.CostTable | None = None) -> ExportResult:
    """Build the shortlist and write it to ``path``; the format follows the extension
    (``.xlsx`` or ``.csv``)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"cannot write {path.name}: the file name must end in .xlsx or .csv")
    filters = filters or ShortlistFilters()
    table = cost_table or costs.load_cost_table()
    rows = build_shortlist(store, filters, cost_table=table)
    info = DataInfo.of(store, rows)
    if fmt == "csv":
        write_csv(path, rows, delimiter=delimiter, excel_bom=excel_bom)
        return ExportResult(path, fmt, len(rows), 0, info)
    evidence = evidence_rows(store, rows)
    write_xlsx(path, rows, methodology=methodology_rows(info, filters, table, len(rows)), evidence=evidence,
               currency=table.currency)
    return ExportResult(path, fmt, len(rows), len(evidence), info)


# -- import -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportResult:
    path: Path
    rows: int  # data rows with a creator_key
    updated: int  # entries written (new or changed)
    unchanged: int
    columns: tuple[str, ...]  # workflow columns the file had


def _read_table(path: Path) -> tuple[list[str], list[list[Any]]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # boundary: openpyxl raises many kinds for a damaged file
            raise ShortlistImportError(f"cannot read {path.name} as an Excel workbook: {exc}") from None
        try:
            ws = wb["Shortlist"] if "Shortlist" in wb.sheetnames else wb.worksheets[0]
            table = [list(r) for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    elif suffix in (".csv", ".txt", ".tsv"):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise ShortlistImportError(f"{path.name} is not UTF-8 text: save it as 'CSV UTF-8'") from None
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t|", key=first.count)  # the header row holds plain column names
        table = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    else:
        raise ShortlistImportError(f"cannot import {path.name}: expected a .xlsx or .csv file")
    if not table:
        raise ShortlistImportError(f"{path.name} is empty")
    header = [str(h).strip() if h is not None else "" for h in table[0]]
    return header, table[1:]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    text = unneutralize_cell(str(value)).strip()
    return text or None


def import_shortlist(store: Store, path: str | Path) -> ImportResult:
    """Store the workflow columns of an edited shortlist (XLSX or CSV) in ``shortlist_entries``.

    Rows are matched on ``creator_key``. All-or-nothing: a missing ``creator_key`` column, keys
    the store does not know, duplicate keys or an unknown ``status`` raise
    :class:`ShortlistImportError` and change nothing.
    """
    path = Path(path)
    if not path.is_file():
        raise ShortlistImportError(f"no file {path}")
    header, body = _read_table(path)
    if "creator_key" not in header:
        raise ShortlistImportError(
            f"{path.name} has no creator_key column (found: {', '.join(h for h in header[:8] if h) or 'nothing'}); "
            "import a file exported by `creatorscout shortlist` and keep its header row"
        )
    key_at = header.index("creator_key")
    present = tuple(c for c in WORKFLOW_COLUMNS if c in header)
    positions = {c: header.index(c) for c in present}
    parsed: dict[tuple[str, str], dict[str, Any]] = {}
    malformed: list[str] = []
    duplicates: list[str] = []
    bad_status: list[str] = []
    for line in body:
        raw_key = _text(line[key_at]) if key_at < len(line) else None
        values = {c: _text(line[i]) if i < len(line) else None for c, i in positions.items()}
        if raw_key is None:
            if any(values.values()):
                malformed.append("(empty)")
            continue
        platform, sep, creator_id = raw_key.partition(":")
        if not sep or not platform or not creator_id:
            malformed.append(raw_key)
            continue
        if (platform, creator_id) in parsed:
            duplicates.append(raw_key)
            continue
        if values.get("status") is not None:
            values["status"] = values["status"].lower()
            if values["status"] not in STATUSES:
                bad_status.append(f"{raw_key}: {values['status']!r}")
        parsed[(platform, creator_id)] = values
    unknown = list(malformed)
    by_platform: dict[str, list[str]] = {}
    for platform, creator_id in parsed:
        by_platform.setdefault(platform, []).append(creator_id)
    for platform, ids in by_platform.items():
        known = store.existing_keys("creators", platform, ids)
        unknown.extend(f"{platform}:{cid}" for cid in ids if cid not in known)
    if unknown:
        raise ShortlistImportError(
            f"{path.name}: {len(unknown)} creator_key value(s) unknown to this database, e.g. "
            f"{', '.join(_short(k) for k in unknown[:5])}; nothing was imported (is it the right --db? keys look "
            "like platform:creator_id, as exported)"
        )
    if duplicates:
        raise ShortlistImportError(f"{path.name}: creator_key repeated: {', '.join(_short(k) for k in duplicates[:5])}"
                                   "; nothing was imported")
    if bad_status:
        raise ShortlistImportError(
            f"{path.name}: unknown status {', '.join(_short(s) for s in bad_status[:5])}; choose from "
            f"{', '.join(STATUSES)}; nothing was imported"
        )
    existing = store.shortlist_entries()
    changes = []
    for (platform, creator_id), values in parsed.items():
        old = existing.get((platform, creator_id), {})
        merged = {c: old.get(c) for c in WORKFLOW_COLUMNS}
        merged.update(values)
        before = {c: old.get(c) for c in WORKFLOW_COLUMNS}
        if not old:
            before["status"] = "new"
        if merged != before:
            changes.append({"platform": platform, "creator_id": creator_id, **merged})
    if changes:
        store.write_shortlist_entries(changes)
    logger.info("imported %s: %d rows, %d changed", path, len(parsed), len(changes))
    return ImportResult(path, len(parsed), len(changes), len(parsed) - len(changes), present)


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")

